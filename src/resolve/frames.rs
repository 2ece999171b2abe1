//! Frames: whether a sentence reports a match, so that a country named in it is
//! a national team.
//!
//! Takes a document's text layer and gives, per sentence, whether it is in a
//! sports frame ([`Frames::is_sports`]); the resolver turns the countries named
//! there into mentions of kind `team` ([`super::MentionKind::Team`]).
//!
//! Principle: a country that beats another 7-1 is a team, not a state; but a word
//! like `beat`, `captain` or `stadium` alone does not make a match report, and a
//! sentence about ministers is about states whatever game it mentions. So a
//! sentence is in a sports frame when it holds no political word
//! (`gazetteers/words/en/political-words.txt`: `minister`, `talks`, `visit`,
//! `court`...) and either
//!
//! - it holds a score (`2-1`, `7–1`: two numbers of one or two digits joined by a
//!   hyphen or a dash, not part of a date or a longer range), or a strong cue
//!   (`sports-strong.txt`: `World Cup`, `striker`, `goalkeeper`, `scored`); or
//! - it holds a weak cue (`sports-weak.txt`: `beat`, `draw`, `captain`,
//!   `league`) and a sentence of its window does the above: the
//!   window is the sentences of its paragraph at most [`WINDOW`] away, and, for a
//!   sentence alone in its paragraph (a headline), the sentences next to it.
//!
//! Weak cues alone, however many, make no frame: `rivers played a part when the
//! old lines were drawn` and `our team wants Kenya to win the game of trust` are
//! not match reports. A political sentence in a sports article, or a foreign
//! minister's visit to a stadium in a political one, is not a match. A country
//! after `in`, `at` or `from` (perhaps with `the` between) in a match report is
//! where the match is played or where someone comes from (`the final in Qatar`,
//! `a striker from the US`): a place, not a team.

use super::chunks::{Doc, with_folded};
use crate::normalize::fold;
use crate::text::Shape;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

/// How many sentences either side of a sentence, in its paragraph, its window
/// holds.
pub(super) const WINDOW: usize = 3;

/// Words before a country (perhaps with `the` between) that make it the place
/// of a match or where someone comes from, not a team.
const PLACE_WORDS: &[&str] = &["in", "at", "from"];

/// A list of cue words and phrases read from a data file: one a line, `#`
/// comments, words of a phrase joined by spaces, lower case.
#[derive(Debug)]
pub(super) struct Cues {
    /// Each phrase's words, sorted.
    phrases: Vec<Vec<&'static str>>,
    /// The range of `phrases` that each first word opens: most words of a text
    /// open none, and a hash lookup tells so at once.
    first: FxHashMap<&'static str, std::ops::Range<usize>>,
}

impl Cues {
    pub(super) fn parse(file: &'static str) -> Cues {
        let mut phrases: Vec<Vec<&'static str>> = file
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|l| !l.is_empty())
            .map(|l| l.split([' ', '-']).filter(|w| !w.is_empty()).collect())
            .collect();
        phrases.sort();
        phrases.dedup();
        let mut first: FxHashMap<&'static str, std::ops::Range<usize>> = FxHashMap::default();
        for (k, p) in phrases.iter().enumerate() {
            first.entry(p[0]).and_modify(|r| r.end = k + 1).or_insert(k..k + 1);
        }
        Cues { phrases, first }
    }

    /// The number of words of the longest phrase of the list that starts at word
    /// `i` of `words` (folded), if any.
    pub(super) fn at<S: AsRef<str>>(&self, words: &[S], i: usize) -> Option<usize> {
        let range = self.first.get(words[i].as_ref())?;
        self.phrases[range.clone()]
            .iter()
            .filter(|p| {
                p.len() <= words.len() - i
                    && p.iter().zip(&words[i..]).all(|(a, b)| *a == b.as_ref())
            })
            .map(Vec::len)
            .max()
    }
}

pub(super) static STRONG: LazyLock<Cues> =
    LazyLock::new(|| Cues::parse(include_str!("../../gazetteers/words/en/sports-strong.txt")));
pub(super) static WEAK: LazyLock<Cues> =
    LazyLock::new(|| Cues::parse(include_str!("../../gazetteers/words/en/sports-weak.txt")));
pub(super) static POLITICAL: LazyLock<Cues> =
    LazyLock::new(|| Cues::parse(include_str!("../../gazetteers/words/en/political-words.txt")));

/// What one sentence says of its frame.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct SentenceCues {
    /// Scores and strong cues.
    pub strong: u32,
    /// Weak cues.
    pub weak: u32,
    /// It holds a political word.
    pub political: bool,
}

impl SentenceCues {
    /// A match report on its own.
    fn sports(&self) -> bool {
        !self.political && self.strong > 0
    }
}

/// The first words of the phrases of every list: a word that is none of them
/// cues nothing.
struct Openers {
    words: FxHashSet<&'static str>,
    /// By first and last letter (`a`..`z`, then anything else), a bit per length
    /// (31: longer): most words of a text are ruled out by one bit test, before
    /// they are folded and looked up.
    shapes: [[u32; 27]; 27],
    /// The most words a phrase of any list has.
    longest: usize,
}

/// The row of [`Openers::shapes`] for a byte.
fn letter(b: u8) -> usize {
    match b.to_ascii_lowercase() {
        c @ b'a'..=b'z' => usize::from(c - b'a'),
        _ => 26,
    }
}

impl Openers {
    /// False when `word`, as written, cannot fold to one of the words: an ASCII
    /// word folds to its lower case, with the same length and letters.
    fn may_open(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        match (bytes.first(), bytes.last()) {
            (Some(&first), Some(&last)) if word.is_ascii() => {
                self.shapes[letter(first)][letter(last)] >> bytes.len().min(31) & 1 == 1
            }
            (first, _) => first.is_some(),
        }
    }
}

static OPENERS: LazyLock<Openers> = LazyLock::new(|| {
    let lists = [&*STRONG, &*WEAK, &*POLITICAL];
    let words: FxHashSet<&'static str> =
        lists.iter().flat_map(|c| c.first.keys().copied()).collect();
    let mut shapes = [[0u32; 27]; 27];
    for w in &words {
        if let (Some(&first), Some(&last)) = (w.as_bytes().first(), w.as_bytes().last()) {
            shapes[letter(first)][letter(last)] |= 1 << w.len().min(31);
        }
    }
    let longest = lists.iter().flat_map(|c| c.phrases.iter().map(Vec::len)).max().unwrap_or(1);
    Openers { words, shapes, longest }
});

/// Folded words (lower case, without accents), in one buffer kept from use to
/// use.
#[derive(Default)]
pub(super) struct FoldedWords {
    text: String,
    ends: Vec<usize>,
}

impl FoldedWords {
    /// Folds words `from..to` of the document into the buffer and gives them.
    fn fill(&mut self, doc: &Doc<'_>, from: usize, to: usize) -> Vec<&str> {
        self.text.clear();
        self.ends.clear();
        for w in &doc.index.words()[from..to] {
            let word = &doc.text[w.span.range()];
            // A word is a run of letters and digits: an ASCII one folds to its
            // lower case.
            if word.is_ascii() {
                let start = self.text.len();
                self.text.push_str(word);
                self.text[start..].make_ascii_lowercase();
            } else {
                self.text.push_str(&fold(word, true));
            }
            self.ends.push(self.text.len());
        }
        let mut start = 0;
        self.ends
            .iter()
            .map(|&end| {
                let w = &self.text[start..end];
                start = end;
                w
            })
            .collect()
    }
}

/// The cues of sentence `s`.
pub(super) fn sentence_cues(doc: &Doc<'_>, s: usize) -> SentenceCues {
    sentence_cues_in(doc, s, &mut FoldedWords::default())
}

/// The cues of sentence `s`, the words that may open a phrase folded into
/// `buffer` with the words a phrase from them could take.
fn sentence_cues_in(doc: &Doc<'_>, s: usize, buffer: &mut FoldedWords) -> SentenceCues {
    let span = doc.index.sentences()[s].span;
    let last = doc.index.words_before_len(span.end);
    let openers = &*OPENERS;
    let mut cues = SentenceCues::default();
    let mut i = doc.index.words_before_len(span.start);
    while i < last {
        if is_score(doc, i) {
            cues.strong += 1;
            i += 2;
            continue;
        }
        let word = doc.word(i);
        // Most words that pass the bit test open nothing: the word alone is
        // folded on the stack and looked up before the words a phrase from it
        // could take are folded.
        if !openers.may_open(word) || !with_folded(word, |f| openers.words.contains(f)) {
            i += 1;
            continue;
        }
        let words = buffer.fill(doc, i, (i + openers.longest).min(last));
        if POLITICAL.at(&words, 0).is_some() {
            cues.political = true;
        }
        if let Some(n) = STRONG.at(&words, 0) {
            cues.strong += 1;
            i += n;
        } else if let Some(n) = WEAK.at(&words, 0) {
            cues.weak += 1;
            i += n;
        } else {
            i += 1;
        }
    }
    cues
}

/// True when word `i` opens a score: a number of one or two digits, a hyphen or
/// a dash (spaces around it allowed), another such number, and nothing that
/// makes the pair part of a date, a range or a longer number (`12-10-2020`,
/// `1-2%`, `3.5-4`).
fn is_score(doc: &Doc<'_>, i: usize) -> bool {
    let words = doc.index.words();
    let small = |j: usize| {
        words.get(j).is_some_and(|w| {
            w.shape == Shape::Digit
                && w.span.len() <= 2
                && doc.text[w.span.range()].bytes().all(|b| b.is_ascii_digit())
        })
    };
    if !small(i) || !small(i + 1) {
        return false;
    }
    let (a, b) = (words[i].span, words[i + 1].span);
    let between = doc.text[a.end..b.start].trim_matches(' ');
    if !matches!(between, "-" | "\u{2013}" | "\u{2014}") {
        return false;
    }
    let before = doc.text[..a.start].chars().next_back();
    let after = doc.text[b.end..].chars().next();
    let joins = |c: Option<char>| {
        matches!(c, Some('-' | '\u{2013}' | '/' | '.' | ',' | ':' | '%' | '$' | '£' | '€'))
    };
    // "1-2%" or "2-1." at the end of a sentence: a full stop after is fine.
    let after_ok = match after {
        Some('.') => !doc.text[b.end + 1..].starts_with(|c: char| c.is_ascii_digit()),
        Some(',') => !doc.text[b.end + 1..].starts_with(|c: char| c.is_ascii_digit()),
        c => !joins(c),
    };
    !joins(before) && after_ok
}

/// Sports frames of one document, computed sentence by sentence when asked.
pub(super) struct Frames<'a> {
    doc: Doc<'a>,
    cues: Vec<Option<SentenceCues>>,
    buffer: FoldedWords,
}

impl<'a> Frames<'a> {
    pub(super) fn new(doc: Doc<'a>) -> Frames<'a> {
        Frames {
            doc,
            cues: vec![None; doc.index.sentences().len()],
            buffer: FoldedWords::default(),
        }
    }

    fn cues(&mut self, s: usize) -> SentenceCues {
        if let Some(c) = self.cues[s] {
            return c;
        }
        let c = sentence_cues_in(&self.doc, s, &mut self.buffer);
        self.cues[s] = Some(c);
        c
    }

    /// True when sentence `s` is in a sports frame (see the [module docs](self)).
    pub(super) fn is_sports(&mut self, s: usize) -> bool {
        let c = self.cues(s);
        if c.political || c.strong + c.weak == 0 {
            return false;
        }
        if c.sports() {
            return true;
        }
        let sentences = self.doc.index.sentences();
        let paragraph = sentences[s].paragraph;
        let alone = sentences.get(s.wrapping_sub(1)).is_none_or(|p| p.paragraph != paragraph)
            && sentences.get(s + 1).is_none_or(|n| n.paragraph != paragraph);
        let from = s.saturating_sub(WINDOW);
        let to = (s + WINDOW + 1).min(sentences.len());
        (from..to).filter(|&o| o != s).any(|o| {
            let near = s.abs_diff(o) == 1;
            (sentences[o].paragraph == paragraph || (alone && near)) && self.cues(o).sports()
        })
    }

    /// True when the country named at `pos` is, in a sports frame, the place of
    /// the match (`in Qatar`, `at Brazil's stadium`) rather than a team.
    pub(super) fn is_place(&self, pos: usize) -> bool {
        let place = |w: &str| PLACE_WORDS.iter().any(|p| w.eq_ignore_ascii_case(p));
        match self.doc.word_before(pos) {
            Some((_, w, false)) if place(w) => true,
            Some((i, w, false)) if w.eq_ignore_ascii_case("the") => self
                .doc
                .word_before(self.doc.index.words()[i].span.start)
                .is_some_and(|(_, w, dot)| !dot && place(w)),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextIndex;

    fn sports(text: &str) -> Vec<bool> {
        let index = TextIndex::new(text);
        let doc = Doc { text, index: &index };
        let mut frames = Frames::new(doc);
        (0..index.sentences().len()).map(|s| frames.is_sports(s)).collect()
    }

    #[test]
    fn scores_are_told_from_dates_and_ranges() {
        let text = "Chile won 2-1. It was 12-10-2020. Prices rose 1-2% in 3.5-4 weeks. \
                    They drew 0 – 0. Born 1994-1999.";
        let index = TextIndex::new(text);
        let doc = Doc { text, index: &index };
        let scores: Vec<&str> =
            (0..index.words().len()).filter(|&i| is_score(&doc, i)).map(|i| doc.word(i)).collect();
        assert_eq!(scores, ["2", "0"]);
    }

    #[test]
    fn a_score_or_a_strong_cue_makes_a_frame_a_political_word_breaks_it() {
        assert_eq!(
            sports("Peru beat Chile 2-1. Peru's captain and coach were pleased."),
            [true, true]
        );
        assert_eq!(sports("Peru's goalkeeper was pleased."), [true]);
        // Weak cues alone make no frame, however many.
        assert_eq!(sports("Islands played a role when the lines were drawn."), [false]);
        assert_eq!(sports("Our team beat the deadline and won the game."), [false]);
        assert_eq!(sports("The foreign minister visited the stadium in Lima."), [false]);
        assert_eq!(sports("The talks in Lima ended 2-1 in favour of the plan."), [false]);
        assert_eq!(sports("Peru's captain spoke."), [false]);
    }

    #[test]
    fn one_weak_cue_needs_a_match_report_nearby_in_its_paragraph() {
        let text = "Peru beat Chile 2-1 in Lima. Peru's captain spoke.\n\n\
                    Peru's captain spoke again.";
        assert_eq!(sports(text), [true, true, false]);
        // A headline sees the sentence after it.
        assert_eq!(sports("Peru Beat Chile\n\nThe striker scored twice."), [true, true]);
    }

    #[test]
    fn cues_are_found_in_any_case_and_without_accents() {
        assert_eq!(sports("Peru's GOALKEEPER was pleased."), [true]);
        assert_eq!(sports("Peru's Goalkéeper was pleased."), [true]);
        assert_eq!(sports("THE WORLD CUP OPENS IN LIMA"), [true]);
        assert_eq!(sports("The Minister's goalkeeper was pleased."), [false]);
    }

    #[test]
    fn phrases_match_across_hyphens() {
        let cues = Cues::parse("hat trick\nworld cup\nworld\n");
        let words: Vec<String> = ["a", "world", "cup"].map(String::from).to_vec();
        assert_eq!(cues.at(&words, 1), Some(2));
        assert_eq!(cues.at(&words, 0), None);
        assert_eq!(sports("Kane's hat-trick sealed it."), [true]);
    }
}
