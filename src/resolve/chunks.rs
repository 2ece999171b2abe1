//! The words around a match, read from the text layer: is a neighbour a name, a
//! title, a place before a comma?
//!
//! A capitalised word counts as a name only when its capital is not explained
//! otherwise: function words never do (`Despite Georgia's protests`), nor an -ing
//! participle or an -ly adverb that opens a sentence (`Visiting Chad, ...`), nor a
//! word with a dot after it (the end of a sentence, an abbreviation), nor any word
//! of a title-case or all-caps line, where every word is capitalised (`Jordan
//! Protests Grow Over Bread Prices`). What opens a sentence is what
//! [`crate::segment`] says: after `vs.` or a colon a word is mid-sentence.

use std::borrow::Cow;
use std::sync::LazyLock;

use crate::gazetteer::EntityIndex;
use crate::normalize::fold;
use crate::span::Span;
use crate::text::{
    FUNCTION_WORDS, INSTITUTION_HEADS, NOT_NAMES, PERSONAL_TITLES, STATE_QUALIFIERS, Shape,
    TextIndex, Word, WordList,
};

/// Compass words (`Northern`, `South-East`): capitalised before a country in
/// running text, they open a region's own name (see [`enclosing_name`]).
static COMPASS_WORDS: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(include_str!("../../gazetteers/words/en/compass-words.txt")));

/// A document as the resolver reads it: its text and its text layer.
#[derive(Clone, Copy)]
pub(super) struct Doc<'a> {
    pub text: &'a str,
    pub index: &'a TextIndex,
}

/// A word with its folded form, for comparing with folded titles.
pub(super) struct Folded<'a> {
    pub span: Span,
    /// The word as [`fold`] folds it; the text's own word when that is the same.
    pub folded: Cow<'a, str>,
}

/// True for a word of lower-case ASCII letters and digits: [`fold`] leaves it as
/// it is.
fn is_folded_ascii(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// `word` folded as [`fold`] folds it, without allocating for the commonest
/// words: a word of lower-case ASCII letters and digits is itself, one of ASCII
/// letters and digits its lower case.
pub(super) fn fold_word(word: &str) -> Cow<'_, str> {
    if is_folded_ascii(word) {
        Cow::Borrowed(word)
    } else if !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Owned(fold(word, true))
    }
}

/// Calls `f` with `word` folded (see [`fold_word`]), a word of ASCII letters and
/// digits lower-cased on the stack: for lookups that keep nothing.
pub(super) fn with_folded<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    // A word in lower case already is its own folded form: no copy.
    if is_folded_ascii(word) {
        return f(word);
    }
    let mut buf = [0u8; 32];
    if !word.is_empty()
        && word.len() <= buf.len()
        && word.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        f(std::str::from_utf8(lower).expect("ASCII is UTF-8"))
    } else {
        f(&fold_word(word))
    }
}

impl<'a> Doc<'a> {
    /// The text of word `i`.
    pub fn word(&self, i: usize) -> &'a str {
        &self.text[self.index.words()[i].span.range()]
    }

    /// The word right after `pos` (one space between), as text.
    pub fn word_after(&self, pos: usize) -> Option<(usize, &'a str)> {
        self.index.word_after(self.text, pos).map(|i| (i, self.word(i)))
    }

    /// The word right before `pos` (one space between, perhaps after a dot), its
    /// text, and whether a dot follows it.
    pub fn word_before(&self, pos: usize) -> Option<(usize, &'a str, bool)> {
        self.index.word_before(self.text, pos).map(|(i, dot)| (i, self.word(i), dot))
    }

    /// Folded copies of `words`.
    pub fn folded(&self, words: &[Word]) -> Vec<Folded<'a>> {
        words
            .iter()
            .map(|w| Folded { span: w.span, folded: fold_word(&self.text[w.span.range()]) })
            .collect()
    }

    /// Up to `n` words after `pos`, folded (see [`TextIndex::words_after`]).
    pub fn folded_after(&self, pos: usize, n: usize) -> Vec<Folded<'a>> {
        self.folded(self.index.words_after(self.text, pos, n))
    }

    /// Up to `n` words before `pos`, folded (see [`TextIndex::words_before`]).
    pub fn folded_before(&self, pos: usize, n: usize) -> Vec<Folded<'a>> {
        self.folded(self.index.words_before(self.text, pos, n))
    }

    /// True when the word at `pos` opens a sentence or a line.
    pub fn opens_sentence(&self, pos: usize) -> bool {
        self.index.word_at(pos).is_some_and(|i| self.index.words()[i].opens)
    }
}

/// Evidence that a match is part of a person's name.
/// Each holds the word and its span.
pub(super) enum PersonCue<'a> {
    /// A name right after it (`Jordan Martinez`).
    NameAfter(&'a str, Span),
    /// A personal title right before it (`Mr. Chad`).
    Title(&'a str, Span),
    /// A name right before it (`Michael Jordan`).
    NameBefore(&'a str, Span),
}

impl PersonCue<'_> {
    /// The note for `--explain` on the match at `span`: the person's name chunk
    /// and the word that makes it one.
    pub fn note(&self, doc: &Doc<'_>, span: Span) -> String {
        let chunk = match self {
            PersonCue::NameAfter(_, at) => &doc.text[span.start..at.end],
            PersonCue::Title(_, at) | PersonCue::NameBefore(_, at) => &doc.text[at.start..span.end],
        };
        match self {
            PersonCue::NameAfter(w, _) => {
                format!("in the person's name {chunk:?}: followed by the name {w:?}")
            }
            PersonCue::Title(w, _) => {
                format!("in the person's name {chunk:?}: after the personal title {w:?}")
            }
            PersonCue::NameBefore(w, _) => {
                format!("in the person's name {chunk:?}: preceded by the name {w:?}")
            }
        }
    }
}

/// Evidence that the match at `span` is part of a person's name: a capitalised
/// name right after or right before it, or a personal title before it.
pub(super) fn person_name_context<'a>(doc: &Doc<'a>, span: Span) -> Option<PersonCue<'a>> {
    if let Some((i, next)) = doc.word_after(span.end)
        && is_name_at(doc, i, false)
    {
        return Some(PersonCue::NameAfter(next, doc.index.words()[i].span));
    }
    if let Some((i, prev, dot)) = doc.word_before(span.start) {
        if PERSONAL_TITLES.contains(prev) {
            return Some(PersonCue::Title(prev, doc.index.words()[i].span));
        }
        if is_name_at(doc, i, dot) {
            return Some(PersonCue::NameBefore(prev, doc.index.words()[i].span));
        }
    }
    None
}

/// The given name before a surname at `pos`, over up to two middle initials
/// (`Robert F. Kennedy`, `George H. W. Bush`, `John F Kennedy`): its word index
/// and text, when it is evidence of a name (see [`is_name_at`]).
///
/// Principle: between a given name and a surname, English names put middle
/// initials, a capital letter alone with or without a dot; the dot after an
/// initial does not end a sentence when the surname does not open one (as the
/// text layer says), so the initials are part of the person's name and the word
/// before them is the given name.
pub(super) fn given_name_before<'a>(doc: &Doc<'a>, pos: usize) -> Option<(usize, &'a str)> {
    let (mut i, mut word, mut dot) = doc.word_before(pos)?;
    for _ in 0..2 {
        let initial = word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase());
        if !initial || doc.opens_sentence(pos) {
            break;
        }
        (i, word, dot) = doc.word_before(doc.index.words()[i].span.start)?;
    }
    is_name_at(doc, i, dot).then_some((i, word))
}

/// A capitalised word that is not a function word, nor a common sentence-start
/// word, day, month or title.
pub(super) fn is_name_like(word: &str) -> bool {
    crate::text::shape(word) == Shape::Capitalised
        && !NOT_NAMES.contains(word)
        && !FUNCTION_WORDS.contains_folded(word)
}

/// Whether word `i` (with a dot after it when `dot`) is evidence of a name: a
/// name-like word whose capital is not explained by where it stands. A participle
/// or an adverb opening a sentence (`Visiting Chad, ...`) is capitalised for the
/// sentence, and in a title-case line (`Georgia Protests Grow Over Tax`) every
/// word is capitalised.
pub(super) fn is_name_at(doc: &Doc<'_>, i: usize, dot: bool) -> bool {
    // A word with a dot ends a sentence ("... Southern Rhodesia. Mugabe's") or is
    // an abbreviation; personal titles ("Mr.") are looked for apart.
    if dot {
        return false;
    }
    let w = doc.index.words()[i];
    let word = doc.word(i);
    is_name_like(word) && !(w.opens && is_participle_or_adverb(word)) && !w.in_heading
}

/// An -ing participle or an -ly adverb (`Visiting`, `Following`, `Separately`),
/// told by its ending; short words (`Ming`, `Kelly`) are left as names.
fn is_participle_or_adverb(word: &str) -> bool {
    word.len() >= 6 && (word.ends_with("ing") || word.ends_with("ly"))
}

/// True when the match at `pos` follows `Place, ` (`Atlanta, Georgia`).
pub(super) fn after_place_and_comma(doc: &Doc<'_>, pos: usize) -> bool {
    if !doc.text[..pos].ends_with(", ") {
        return false;
    }
    doc.index
        .last_word_before(pos - 2)
        .filter(|&i| doc.index.words()[i].span.end == pos - 2)
        .is_some_and(|i| doc.index.words()[i].shape == Shape::Capitalised)
}

/// What stands right beside a match, as far as name chunks are concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Beside {
    /// No other match.
    Nothing,
    /// A match of another entity, or of several: a list (`Russia Ukraine war`).
    Other,
    /// A match of an organisation that is part of this one (`United Nations Food
    /// and Agriculture Organization`).
    Part,
}

/// The name a match of a country or an organisation lies inside, when the rest of
/// that name is not explained: a name chunk.
///
/// Principle: a proper name is a run of capitalised words, and a match inside a
/// longer run names the longer thing (`Air France`, `Kenya Airways`, `Jersey
/// City`, `New Mexico`, `Fan Expo Canada`), not the entity, unless the other words
/// are explained: a title or honorific (`US Senator`, `UN Secretary-General`), a
/// function word, a day, month or sentence adverb, a word that qualifies a state
/// by its era, regime or extent (`Nazi Germany`, `Greater China`), the match of
/// another entity (`the Russia Ukraine war`), a capital that only opens a sentence
/// for an adverb or a participle (`Visiting China`), or a heading where every word
/// is capitalised.
///
/// Compass words follow the same principle: a capitalised one in running text
/// opens the proper name of a region, a name of its own (`Western Australia`,
/// `Southern Sudan`, `Northern Italy`), like `New Mexico`; a lower-case one (or
/// one whose capital is only the sentence's or the heading's) describes a region
/// of the country, which the resolver drops before this (see [`region_before`]). An organisation named after its parent is the organisation
/// (`United Nations Food and Agriculture Organization`), and `of` after an
/// institution's head word (`Bank of Canada`, `University of Texas`) makes the
/// country part of the institution's name; after a person (`King Abdullah of
/// Jordan`) it does not. Acronyms beside a match (`US GDP`, `UK PM`) are modifiers
/// as often as names and count as explained.
///
/// `beside(pos)` says what match starts at `pos` (or ends there, for the word
/// before); `is_title(word, left)` says whether an office title starts at that
/// word (after the match) or ends at it (before the match).
pub(super) fn enclosing_name(
    doc: &Doc<'_>,
    span: Span,
    beside: impl Fn(Span) -> Beside,
    is_title: impl Fn(usize, bool) -> bool,
) -> Option<Span> {
    let words = doc.index.words();
    let unexplained = |i: usize, left: bool| {
        let w = words[i];
        let word = doc.word(i);
        if w.shape != Shape::Capitalised || w.in_heading {
            return false;
        }
        if left && COMPASS_WORDS.contains(word) {
            // A compass word opens a region's name, unless its capital is the
            // sentence's (`Northern Iraq saw fighting`: read as in lower case).
            return !w.opens;
        }
        let explained_left =
            left && ((w.opens && is_participle_or_adverb(word)) || STATE_QUALIFIERS.contains(word));
        let explained = explained_left
            || FUNCTION_WORDS.contains_folded(word)
            || NOT_NAMES.contains(word)
            || PERSONAL_TITLES.contains(word);
        !explained && !is_title(i, left)
    };
    let after = doc.word_after(span.end);
    let before = doc.word_before(span.start).filter(|&(_, _, dot)| !dot);
    // The parent's name before a part's: the part's full name.
    if let Some((i, _)) = after
        && beside(words[i].span) == Beside::Part
    {
        return Some(chunk(doc, span, i, i));
    }
    let right =
        after.filter(|&(i, _)| beside(words[i].span) == Beside::Nothing && unexplained(i, false));
    let left = before
        .filter(|&(i, _, _)| beside(words[i].span) == Beside::Nothing && unexplained(i, true));
    // "Bank of Canada": `of` after an institution's head word.
    let institution = before.filter(|&(_, w, _)| w == "of").and_then(|(i, _, _)| {
        doc.word_before(words[i].span.start)
            .filter(|&(j, head, dot)| {
                !dot && words[j].shape == Shape::Capitalised && INSTITUTION_HEADS.contains(head)
            })
            .map(|(j, _, _)| j)
    });
    if right.is_none() && left.is_none() && institution.is_none() {
        return None;
    }
    let first = institution.or(left.map(|(i, _, _)| i));
    let last = right.map(|(i, _)| i);
    let lo = first.unwrap_or_else(|| doc.index.words_before_len(span.start));
    let hi = last.unwrap_or_else(|| doc.index.last_word_before(span.end).unwrap_or(lo));
    Some(chunk(doc, span, lo, hi))
}

/// The phrase a country's name ends when a compass word describes part of the
/// country right before it (`northern Italy`, `south-eastern Turkey`, or
/// `Northern Iraq` where the capital is only the sentence's or a heading's).
///
/// Principle: a compass word before a country's name narrows the place spoken of
/// to a region of it, a place of its own (most have their own encyclopaedia
/// article: Northern Italy, Southern Lebanon), as `northern Italy` is not a
/// mention of Italy any more than `Jersey City` is of Jersey. A capitalised compass
/// word in running text opens a region's proper name instead (see
/// [`enclosing_name`]). The cost: a graph no longer counts the country in
/// "fighting in northern Iraq".
pub(super) fn region_before(doc: &Doc<'_>, span: Span) -> Option<Span> {
    let (i, word, dot) = doc.word_before(span.start)?;
    let w = doc.index.words()[i];
    let described = match w.shape {
        Shape::Lower => true,
        // The capital is the sentence's or the heading's, not the word's.
        Shape::Capitalised => w.opens || w.in_heading,
        _ => false,
    };
    if dot || !described {
        return None;
    }
    let mut written = String::with_capacity(word.len());
    let mut chars = word.chars();
    written.extend(chars.next().map(|c| c.to_ascii_uppercase()));
    written.push_str(chars.as_str());
    // A hyphenated compass word (`south-eastern`) is two words: its first part
    // joins the phrase.
    let words = doc.index.words();
    let start = match i.checked_sub(1).map(|j| words[j].span) {
        Some(prev) if &doc.text[prev.end..w.span.start] == "-" => prev.start,
        _ => w.span.start,
    };
    COMPASS_WORDS.contains(&written).then(|| Span::new(start, span.end))
}

/// The span of a name chunk from word `lo` to word `hi` around `span`, widened
/// over the capitalised words joined to it by single spaces.
fn chunk(doc: &Doc<'_>, span: Span, mut lo: usize, mut hi: usize) -> Span {
    let words = doc.index.words();
    let capital = |i: usize| {
        matches!(words[i].shape, Shape::Capitalised | Shape::Upper)
            && !FUNCTION_WORDS.contains_folded(doc.word(i))
    };
    for _ in 0..4 {
        match doc.word_before(words[lo].span.start) {
            Some((i, _, false)) if capital(i) && !words[lo].opens => lo = i,
            _ => break,
        }
    }
    for _ in 0..4 {
        match doc.word_after(words[hi].span.end) {
            Some((i, _)) if capital(i) => hi = i,
            _ => break,
        }
    }
    Span::new(words[lo].span.start.min(span.start), words[hi].span.end.max(span.end))
}

/// The compass points that open the name of one half of a divided state (`North
/// Korea`, `East Germany`).
pub(super) const HALF_WORDS: [&str; 4] = ["North", "South", "East", "West"];

/// The compass points that, with `the`, stand alone for one half (`the North`):
/// `the East` and `the West` name the blocs of the Cold War as often.
const DEFINITE_HALF_WORDS: [&str; 2] = ["North", "South"];

/// One half of a divided state by its compass word: `(compass word, the rest of
/// the name, the state)`, for states whose names differ only by that word
/// (`North Korea`, `South Korea`).
pub(super) type Half = (String, String, EntityIndex);

/// How a compass word came to name one half of a divided state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum HalfCue {
    /// `North` in `North and South Korea`: the rest of the name is shared.
    Ellipsis,
    /// `the North` in a document that names both halves.
    Definite,
}

/// The compass words that name one half of a divided state: `(word, state, cue)`.
///
/// Principle: of two states whose names differ only by a compass word (`North
/// Korea` and `South Korea`, `East Germany` and `West Germany`), news writes the
/// half by its compass word alone once the rest is clear: before the other half's
/// name, sharing its rest (`North and South Korea`), or as `the North` / `the
/// South` in a document that names both halves (not `the West`, which is as
/// often the Western world). The pairs come from the
/// gazetteer's names, not from a list; a compass word followed by another capital
/// (`the North Atlantic`) is part of a longer name, and one whose rest is not
/// settled (one half named, or two pairs named for the same word) names no one.
/// `named(span)` gives the entity of the mention at `span`, if any.
pub(super) fn halves_named(
    doc: &Doc<'_>,
    halves: &[Half],
    named: impl Fn(Span) -> Option<EntityIndex>,
    in_doc: &dyn Fn(EntityIndex) -> bool,
) -> Vec<(Span, EntityIndex, HalfCue)> {
    // Both cues need a half named in the document.
    if !halves.iter().any(|h| in_doc(h.2)) {
        return Vec::new();
    }
    let words = doc.index.words();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if w.shape != Shape::Capitalised || w.in_heading || w.span.len() > 5 {
            continue;
        }
        let word = doc.word(i);
        if !HALF_WORDS.contains(&word) || named(w.span).is_some() {
            continue;
        }
        let half =
            |rest: &str| halves.iter().find(|(c, r, _)| c == word && r == rest).map(|&(_, _, e)| e);
        // "North and South Korea": the other half named right after, sharing its rest.
        let other = doc
            .word_after(w.span.end)
            .filter(|&(_, and)| and == "and" || and == "or")
            .and_then(|(j, _)| doc.word_after(words[j].span.end))
            .and_then(|(k, _)| named(words[k].span).map(|e| (k, e)));
        if let Some((_, e)) = other
            && let Some((_, rest, _)) = halves.iter().find(|h| h.2 == e)
            && let Some(mine) = half(rest)
        {
            out.push((w.span, mine, HalfCue::Ellipsis));
            continue;
        }
        // "the North", not "the North Atlantic".
        let definite = doc
            .word_before(w.span.start)
            .is_some_and(|(_, the, dot)| !dot && the.eq_ignore_ascii_case("the"));
        let capital_after = doc
            .word_after(w.span.end)
            .is_some_and(|(j, _)| matches!(words[j].shape, Shape::Capitalised | Shape::Upper));
        if !definite || capital_after || !DEFINITE_HALF_WORDS.contains(&word) {
            continue;
        }
        let mut settled: Vec<EntityIndex> = halves
            .iter()
            .filter(|(c, rest, e)| {
                c == word
                    && in_doc(*e)
                    && halves.iter().any(|(c2, r2, e2)| r2 == rest && c2 != word && in_doc(*e2))
            })
            .map(|h| h.2)
            .collect();
        settled.sort_unstable();
        settled.dedup();
        if let [e] = settled[..] {
            out.push((w.span, e, HalfCue::Definite));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_as_fold_folds_them() {
        let text = "Über 2,000 PRESIDENT Prime-minister's Ærø naïve G20 5G \u{1F600} İstanbul \
                    straße x ΣΟΦΙΑ Ǆemal ﬁnal the";
        let index = TextIndex::new(text);
        let spans = index.words().iter().map(|w| w.span.range());
        let others = ["U.S.", "Guinea-Bissau", " x ", "", "a.", "O'Neill", "Côte d’Ivoire"];
        for word in spans.map(|r| &text[r]).chain(others) {
            assert_eq!(fold_word(word), fold(word, true), "{word}");
            assert_eq!(with_folded(word, str::to_string), fold(word, true), "{word}");
        }
        let long = "A".repeat(40);
        assert_eq!(with_folded(&long, str::to_string), "a".repeat(40));
    }

    fn with<T>(text: &str, f: impl FnOnce(&Doc<'_>) -> T) -> T {
        let index = TextIndex::new(text);
        f(&Doc { text, index: &index })
    }

    #[test]
    fn person_context_words() {
        let cue = |t: &str, start: usize, end: usize| {
            let span = Span::new(start, end);
            with(t, |d| person_name_context(d, span).map(|c| c.note(d, span)))
        };
        assert!(cue("By Jordan Martinez", 3, 9).unwrap().contains("\"Jordan Martinez\""));
        assert!(cue("star Michael Jordan said", 13, 19).unwrap().contains("\"Michael Jordan\""));
        assert!(cue("Mr. Chad said", 4, 8).unwrap().contains("\"Mr. Chad\""));
        assert!(cue("King Abdullah of Jordan said", 17, 23).is_none());
        assert!(cue("Mr. Chad said", 4, 8).is_some());
        assert!(cue("Jordan and Egypt", 0, 6).is_none());
        assert!(cue("In Jordan on Monday", 3, 9).is_none());
    }

    #[test]
    fn given_names_over_middle_initials() {
        let given = |t: &str, surname: &str| {
            let pos = t.find(surname).unwrap();
            with(t, |d| given_name_before(d, pos).map(|(_, w)| w.to_string()))
        };
        assert_eq!(given("Robert F. Kennedy spoke.", "Kennedy").as_deref(), Some("Robert"));
        assert_eq!(given("Then Robert F Kennedy spoke.", "Kennedy").as_deref(), Some("Robert"));
        assert_eq!(given("We saw George H. W. Bush.", "Bush").as_deref(), Some("George"));
        assert_eq!(given("We saw Ted Kennedy.", "Kennedy").as_deref(), Some("Ted"));
        assert_eq!(given("We saw the F. Kennedy.", "Kennedy"), None);
        // A surname that opens a paragraph: the dot ended the sentence.
        assert_eq!(given("He chose Plan B.\n\nKennedy agreed.", "Kennedy"), None);
        assert_eq!(given("Kennedy spoke.", "Kennedy"), None);
    }

    #[test]
    fn capitals_explained_by_their_place() {
        let name = |t: &str, word: usize| with(t, |d| is_name_at(d, word, false));
        let t = "Visiting Chad, he met Sterling Chad.";
        assert!(!name(t, 0));
        assert!(name(t, 4));
        assert!(!name("Separately Putin said", 0));
        assert!(!name("Despite it", 0));
        // After a colon or "vs." a word is mid-sentence: its capital is its own.
        assert!(name("Result: Sterling won", 1));
        assert!(name("Smith vs. Sterling Jordan", 2));
        assert!(!name("Xi Meets Putin in Moscow\nXi met Putin in Moscow.", 0));
        assert!(name("Xi Meets Putin in Moscow\nXi met Putin in Moscow.", 5));
        assert!(!name("JORDAN PROTESTS GROW", 0));
    }

    #[test]
    fn places_before_a_comma() {
        assert!(with("in Atlanta, Georgia", |d| after_place_and_comma(d, 12)));
        assert!(!with("in Russia and Georgia", |d| after_place_and_comma(d, 14)));
        assert!(!with("in USA, Georgia", |d| after_place_and_comma(d, 8)));
        assert!(!with("(see map), Georgia", |d| after_place_and_comma(d, 11)));
        assert!(!with("Georgia", |d| after_place_and_comma(d, 0)));
    }

    /// The enclosing name of `word` in `text`, with no other match and
    /// `President` as the only title word.
    fn name_of(text: &str, word: &str) -> Option<String> {
        let start = text.find(word).unwrap();
        with(text, |d| {
            enclosing_name(
                d,
                Span::new(start, start + word.len()),
                |s| if &text[s.range()] == "Ukraine" { Beside::Other } else { Beside::Nothing },
                |i, _| d.word(i) == "President",
            )
            .map(|s| text[s.range()].to_string())
        })
    }

    #[test]
    fn a_match_inside_a_longer_name() {
        assert_eq!(
            name_of("They flew Air France to Paris.", "France").as_deref(),
            Some("Air France")
        );
        assert_eq!(
            name_of("He flew on Kenya Airways yesterday.", "Kenya").as_deref(),
            Some("Kenya Airways")
        );
        assert_eq!(
            name_of("She moved to Jersey City last year.", "Jersey").as_deref(),
            Some("Jersey City")
        );
        assert_eq!(name_of("It snowed in New Mexico.", "Mexico").as_deref(), Some("New Mexico"));
        assert_eq!(
            name_of("Rates at the Bank of Canada rose.", "Canada").as_deref(),
            Some("Bank of Canada")
        );
        assert_eq!(
            name_of("She studied at Peru State College in 1990.", "Peru").as_deref(),
            Some("Peru State College")
        );
    }

    #[test]
    fn a_match_whose_neighbours_are_explained() {
        for (text, word) in [
            ("The President of Ukraine spoke.", "Ukraine"),
            ("King Abdullah of Jordan arrived.", "Jordan"),
            ("Visiting China, he met Xi.", "China"),
            ("Trade with Nazi Germany fell.", "Germany"),
            ("The Russia Ukraine war goes on.", "Russia"),
            ("Talks in China on Monday ended.", "China"),
            ("China President Xi spoke.", "China"),
            ("The US GDP grew.", "US"),
            ("CHINA AIRWAYS GROWS FAST", "CHINA"),
            ("China's airline grew.", "China"),
        ] {
            assert_eq!(name_of(text, word), None, "{text}");
        }
    }

    #[test]
    fn sentence_openers() {
        assert!(with("Done. Store it", |d| d.opens_sentence(6)));
        assert!(with("3 Store it", |d| d.opens_sentence(2)));
        assert!(!with("we Store it", |d| d.opens_sentence(3)));
        assert!(!with("Arsenal vs. Store won", |d| d.opens_sentence(12)));
        assert!(!with("Headline: Store closes", |d| d.opens_sentence(10)));
    }
}
