//! The text layer: a document's words, sentences, paragraphs and lines, found once.
//!
//! Stage 2 of a document, beside matching. [`TextIndex::new`] takes a document's
//! text and gives, from the normaliser's pass over it (plus [`segment::split`] for
//! the sentences):
//!
//! - its [`Word`]s: maximal runs of letters and digits, each with its span in the
//!   original text and its case [`Shape`];
//! - its [`Sentence`]s and paragraphs, exactly as [`segment`] finds them;
//! - its [`Line`]s, each marked when it is a title-case line (`Xi Meets Putin in
//!   Moscow`) or an all-caps line (`WHAT THE WHO SAID`), where a capital says
//!   nothing about a name;
//! - which words open a sentence or a line: there a capital says nothing either.
//!
//! The key decision: every later stage (resolution, relations, the graph's window
//! scope) asks this index for the words around a position, by binary search,
//! instead of scanning the text with a tokenizer of its own. So the stages agree
//! on what a word and a sentence are: a surname after `vs.` or a colon is in the
//! middle of a sentence for every rule, because [`segment`] says so.
//!
//! Word lists (function words, titles, ...) are data files under
//! `gazetteers/words/<language>/`, one list per purpose; [`WordList`] reads them.

use std::sync::LazyLock;

use crate::normalize::{Layout, Normalized};
use crate::segment::{self, Sentence};
use crate::span::Span;

/// The case shape of a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Starts with a lower-case letter (`president`).
    Lower,
    /// A capital followed by a lower-case letter (`Putin`, `McCain`).
    Capitalised,
    /// Letters all capitals, one or more (`NATO`, `F`), digits allowed (`G20`).
    Upper,
    /// Starts with a digit (`2024`, `5G`).
    Digit,
    /// Anything else (a capital then a digit, a letter without case: `北京`).
    Other,
}

/// A word of the text: a maximal run of letters and digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    /// Its span in the original text.
    pub span: Span,
    /// Its case shape.
    pub shape: Shape,
    /// It is the first word with a letter of a sentence or a line.
    pub opens: bool,
    /// It lies in a title-case or an all-caps line.
    pub in_heading: bool,
}

/// A line of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    /// Its span, without the line break.
    pub span: Span,
    /// A short line of at least four words, every one capitalised except function
    /// words (`Xi Meets Putin in Moscow`).
    pub title_case: bool,
    /// A line of at least two words with letters, all in capitals, one of them an
    /// ordinary word (a function word or a word of five letters or more): `WHAT
    /// THE WHO SAID`, `NATO SUMMIT OPENS`; not a line of acronyms (`AML UK: $ 5`).
    pub all_caps: bool,
}

/// Lines longer than this (bytes) are not headlines.
const HEADLINE_LEN: usize = 400;

/// A document's words, sentences, paragraphs and lines; see the
/// [module docs](self).
///
/// # Example
///
/// ```
/// use entgraph::text::{Shape, TextIndex};
///
/// let text = "PUTIN SPEAKS\n\nMr. Xi met Putin: talks ended.";
/// let index = TextIndex::new(text);
/// let words: Vec<&str> = index.words().iter().map(|w| &text[w.span.range()]).collect();
/// assert_eq!(words, ["PUTIN", "SPEAKS", "Mr", "Xi", "met", "Putin", "talks", "ended"]);
/// assert_eq!(index.words()[3].shape, Shape::Capitalised);
/// assert!(index.lines()[0].all_caps);
/// // After the colon, "talks" is in the middle of the sentence.
/// assert!(index.words()[2].opens && !index.words()[6].opens);
/// assert_eq!(index.sentences().len(), 2);
/// ```
#[derive(Clone, Debug, Default)]
pub struct TextIndex {
    words: Vec<Word>,
    sentences: Vec<Sentence>,
    lines: Vec<Line>,
    /// Whether the whole document is in capitals (its words with letters).
    all_caps: bool,
    /// The length of the text indexed.
    text_len: usize,
}

impl TextIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> TextIndex {
        TextIndex::with_normalized(text, &mut Normalized::default())
    }

    /// Indexes `text` and folds it into `norm` ([`Normalized::reset`]), in one pass
    /// over it: the folding pass tells where the words and the line breaks are.
    pub(crate) fn with_normalized(text: &str, norm: &mut Normalized) -> TextIndex {
        let mut builder = Builder {
            text,
            // Room for the words and lines of news text (about 6 bytes a word and
            // 100 a line) without growing, which copies a document's largest vectors.
            words: Vec::with_capacity(text.len() / 5 + 1),
            lines: Vec::with_capacity(text.len() / 64 + 1),
            line_start: 0,
            line_first_word: 0,
        };
        norm.reset_with_layout(text, &mut builder);
        let Builder { mut words, mut lines, line_start, line_first_word, .. } = builder;
        lines.push(line(text, Span::new(line_start, text.len()), &mut words[line_first_word..]));
        let sentences = segment::split(text);
        // The first word with a letter of every sentence opens it.
        let mut w = 0;
        for s in &sentences {
            // Sentences are many and close together: a walk beats a search (and
            // a walk over an iterator is one without bounds checks).
            w += words[w..].iter().take_while(|x| x.span.start < s.span.start).count();
            if let Some(first) = words[w..]
                .iter()
                .take_while(|x| x.span.start < s.span.end)
                .position(|x| x.shape != Shape::Digit)
            {
                words[w + first].opens = true;
            }
        }
        // A document is in capitals when one of its lines is (which few are: that
        // is asked first) and every one of its words with a letter is, two at least.
        let mut letter_words = words.iter().filter(|w| w.shape.has_letter());
        let all_caps = lines.iter().any(|l| l.all_caps)
            && letter_words.clone().all(|w| w.shape == Shape::Upper)
            && letter_words.nth(1).is_some();
        TextIndex { words, sentences, lines, all_caps, text_len: text.len() }
    }

    /// True when this index could be the one of `text` (it was built for a text of
    /// that length); an index left empty is for the empty text only.
    pub fn is_for(&self, text: &str) -> bool {
        self.text_len == text.len()
    }

    /// The words, in text order.
    pub fn words(&self) -> &[Word] {
        &self.words
    }

    /// The sentences, in text order, as [`segment::split`] gives them.
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// The lines, in text order.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// True when every word with a letter is in capitals (a document, or a feed, in
    /// capitals).
    pub fn is_all_caps(&self) -> bool {
        self.all_caps
    }

    /// The paragraphs' spans, in text order.
    pub fn paragraph_spans(&self) -> Vec<Span> {
        let mut out: Vec<Span> = Vec::new();
        let mut last = None;
        for s in &self.sentences {
            if last == Some(s.paragraph) {
                out.last_mut().expect("a paragraph was pushed").end = s.span.end;
            } else {
                out.push(s.span);
                last = Some(s.paragraph);
            }
        }
        out
    }

    /// The number of words that start before `pos`: the index of the first word at
    /// or after it.
    pub fn words_before_len(&self, pos: usize) -> usize {
        self.words.partition_point(|w| w.span.start < pos)
    }

    /// The number of words between two positions (those that start in
    /// `from..to`).
    pub fn words_between_len(&self, from: usize, to: usize) -> usize {
        if to <= from {
            return 0;
        }
        self.words_before_len(to) - self.words_before_len(from)
    }

    /// The index of the word that starts at `pos`.
    pub fn word_at(&self, pos: usize) -> Option<usize> {
        let i = self.words_before_len(pos);
        (self.words.get(i)?.span.start == pos).then_some(i)
    }

    /// The index of the last word that ends at or before `pos`.
    pub fn last_word_before(&self, pos: usize) -> Option<usize> {
        self.words.partition_point(|w| w.span.end <= pos).checked_sub(1)
    }

    /// The word right after `pos` when one space alone separates it.
    pub fn word_after(&self, text: &str, pos: usize) -> Option<usize> {
        if text.as_bytes().get(pos) != Some(&b' ') {
            return None;
        }
        self.word_at(pos + 1)
    }

    /// The word right before `pos` when one space alone (after an optional dot)
    /// separates it, and whether the dot is there (`Mr. Putin`).
    pub fn word_before(&self, text: &str, pos: usize) -> Option<(usize, bool)> {
        let bytes = text.as_bytes();
        if pos == 0 || bytes[pos - 1] != b' ' {
            return None;
        }
        let i = self.last_word_before(pos - 1)?;
        let end = self.words[i].span.end;
        if end == pos - 1 {
            Some((i, false))
        } else if end + 2 == pos && bytes[end] == b'.' {
            Some((i, true))
        } else {
            None
        }
    }

    /// Up to `n` words after `pos`, joined by spaces or hyphens only; a possessive
    /// right at `pos` (`China's president`) is skipped.
    pub fn words_after(&self, text: &str, pos: usize, n: usize) -> &[Word] {
        let mut from = pos;
        let rest = &text[pos..];
        if rest.starts_with("'s") {
            from += 2;
        } else if rest.starts_with("\u{2019}s") {
            from += "\u{2019}s".len();
        }
        let first = self.words_before_len(from);
        let mut last = first;
        let mut gap_start = from;
        while last < self.words.len() && last - first < n {
            let w = self.words[last];
            if !only_spaces_or_hyphens(&text[gap_start..w.span.start]) {
                break;
            }
            gap_start = w.span.end;
            last += 1;
        }
        &self.words[first..last]
    }

    /// Up to `n` words before `pos` (in text order), joined by spaces or hyphens
    /// only.
    pub fn words_before(&self, text: &str, pos: usize, n: usize) -> &[Word] {
        let end = self.words.partition_point(|w| w.span.end <= pos);
        let mut first = end;
        let mut gap_end = pos;
        while first > 0 && end - first < n {
            let w = self.words[first - 1];
            if !only_spaces_or_hyphens(&text[w.span.end..gap_end]) {
                break;
            }
            gap_end = w.span.start;
            first -= 1;
        }
        &self.words[first..end]
    }

    /// The word before `pos` with only white space between (`of` in `the president
    /// of Russia`).
    pub fn previous_word(&self, text: &str, pos: usize) -> Option<usize> {
        let i = self.last_word_before(pos)?;
        text[self.words[i].span.end..pos].trim().is_empty().then_some(i)
    }

    /// The line that holds `pos`.
    pub fn line_at(&self, pos: usize) -> Option<&Line> {
        let i = self.lines.partition_point(|l| l.span.end < pos);
        self.lines.get(i).filter(|l| l.span.start <= pos)
    }

    /// The sentence that holds `pos`, by index.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= pos);
        self.sentences.get(i).filter(|s| s.span.start <= pos).map(|_| i)
    }
}

/// Builds the words and lines of a text from what the folding pass tells of it.
struct Builder<'t> {
    text: &'t str,
    words: Vec<Word>,
    lines: Vec<Line>,
    line_start: usize,
    line_first_word: usize,
}

impl Builder<'_> {
    /// [`Layout::word_chars`] for a piece with a non-ASCII letter or digit, or
    /// one that touches the last word.
    #[inline(never)]
    fn other_word_chars(&mut self, start: usize, end: usize, ascii: bool) {
        if let Some(last) = self.words.last_mut()
            && last.span.end == start
        {
            last.span.end = end;
            // A word's shape is told by its first two letters, except for a
            // capital and no small letter after it: only that shape can change
            // as the word grows.
            if last.shape == Shape::Upper {
                last.shape = shape(&self.text[last.span.range()]);
            }
            return;
        }
        let word = &self.text[start..end];
        let shape = if ascii { ascii_shape(word.as_bytes()) } else { shape(word) };
        self.words.push(Word {
            span: Span::new(start, end),
            shape,
            opens: false,
            in_heading: false,
        });
    }
}

impl Layout for Builder<'_> {
    // Called for every word, from the folding loop: inlined there.
    #[inline(always)]
    fn word_chars(&mut self, start: usize, end: usize, ascii: bool) {
        // A piece is a word of its own unless it touches the last one, which
        // only a piece with a non-ASCII letter does (`Erdo` + `ğ` + `an`): then the
        // word grows. So a word is written once, when its first piece comes, and
        // most words never change. The commonest case, a word of ASCII letters
        // and digits alone, is handled here; the others out of line, which keeps
        // the code inlined into the loop short (inlined whole, it made the loop
        // slower).
        if ascii && self.words.last().is_none_or(|last| last.span.end != start) {
            let shape = ascii_shape(&self.text.as_bytes()[start..end]);
            self.words.push(Word {
                span: Span::new(start, end),
                shape,
                opens: false,
                in_heading: false,
            });
        } else {
            self.other_word_chars(start, end, ascii);
        }
    }

    fn line_break(&mut self, at: usize) {
        let span = Span::new(self.line_start, at);
        self.lines.push(line(self.text, span, &mut self.words[self.line_first_word..]));
        self.line_start = at + 1;
        self.line_first_word = self.words.len();
    }
}

fn only_spaces_or_hyphens(s: &str) -> bool {
    s.bytes().all(|b| b == b' ' || b == b'-')
}

/// The year a word names: four ASCII digits from 1000 to 2100 (`1994`). Every
/// rule that reads years in the text (datelines, a role phrase's own year, the
/// era of a shared name, numbers after codes) asks this.
pub fn year(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
        .filter(|y| (1000..=2100).contains(y))
}

impl Shape {
    /// True for the shapes of a word that starts with a letter of a case.
    fn has_letter(self) -> bool {
        matches!(self, Shape::Lower | Shape::Capitalised | Shape::Upper)
    }
}

/// The shape of an ASCII word that starts with a letter or digit: [`shape`] for
/// the commonest words, from their first two bytes and, for a capital and no
/// small letter after it, the rest.
#[inline]
fn ascii_shape(word: &[u8]) -> Shape {
    match word[0] {
        b'0'..=b'9' => Shape::Digit,
        b'a'..=b'z' => Shape::Lower,
        _ => match word.get(1) {
            Some(b'a'..=b'z') => Shape::Capitalised,
            _ if !word.iter().any(u8::is_ascii_lowercase) => Shape::Upper,
            _ => Shape::Other,
        },
    }
}

/// The shape of one word.
pub fn shape(word: &str) -> Shape {
    // Most words are ASCII: tell them by their bytes.
    let bytes = word.as_bytes();
    if word.is_ascii() {
        return match bytes.first() {
            Some(b) if b.is_ascii_alphanumeric() => ascii_shape(bytes),
            _ => Shape::Other,
        };
    }
    let mut chars = word.chars();
    let Some(first) = chars.next() else { return Shape::Other };
    if first.is_ascii_digit() || first.is_numeric() {
        return Shape::Digit;
    }
    if first.is_lowercase() {
        return Shape::Lower;
    }
    if !first.is_uppercase() {
        return Shape::Other;
    }
    match chars.clone().next() {
        Some(second) if second.is_lowercase() => Shape::Capitalised,
        _ if chars.all(|c| !c.is_lowercase()) => Shape::Upper,
        _ => Shape::Other,
    }
}

/// A line over `words` (the words that lie in it): whether it is a heading, and
/// which word opens it. Marks the words.
fn line(text: &str, span: Span, words: &mut [Word]) -> Line {
    let mut title_case = span.len() <= HEADLINE_LEN;
    let mut all_caps = true;
    let mut ordinary = false;
    let mut counted = 0;
    for w in words.iter() {
        // Most lines are neither: stop at the first word that tells.
        if !title_case && !all_caps {
            break;
        }
        // The word's text is read only where a rule asks for it.
        let word = || &text[w.span.range()];
        match w.shape {
            Shape::Digit | Shape::Other => continue,
            Shape::Lower => {
                all_caps = false;
                if title_case && !FUNCTION_WORDS.contains_folded(word()) {
                    title_case = false;
                }
            }
            Shape::Capitalised => all_caps = false,
            Shape::Upper => {
                ordinary |= w.span.len() >= 5 || FUNCTION_WORDS.contains_folded(word());
            }
        }
        counted += 1;
    }
    let title_case = title_case && counted >= 4;
    let all_caps = all_caps && ordinary && counted >= 2;
    if let Some(first) = words.iter_mut().find(|w| w.shape != Shape::Digit) {
        first.opens = true;
    }
    if title_case || all_caps {
        for w in words.iter_mut() {
            w.in_heading = true;
        }
    }
    Line { span, title_case, all_caps }
}

/// A list of words read from a data file: one word a line, `#` comments.
#[derive(Debug)]
pub struct WordList {
    /// Sorted.
    words: Vec<&'static str>,
    /// The same words, for lookups: a hash and a comparison or two instead of a
    /// binary search's dozen comparisons (the text layer asks at every line).
    set: rustc_hash::FxHashSet<&'static [u8]>,
    /// The longest word, in bytes.
    longest: usize,
}

impl WordList {
    /// Reads a list from its file's text.
    pub fn parse(file: &'static str) -> WordList {
        let mut words: Vec<&'static str> =
            file.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
        words.sort_unstable();
        words.dedup();
        let longest = words.iter().map(|w| w.len()).max().unwrap_or(0);
        let set = words.iter().map(|w| w.as_bytes()).collect();
        WordList { words, set, longest }
    }

    /// True when the list holds `word` exactly.
    pub fn contains(&self, word: &str) -> bool {
        self.set.contains(word.as_bytes())
    }

    /// True when the list (of lower-case ASCII words) holds `word` in any case.
    pub fn contains_folded(&self, word: &str) -> bool {
        let mut buf = [0u8; 32];
        if word.len() > self.longest.min(buf.len()) {
            return false;
        }
        let folded = &mut buf[..word.len()];
        folded.copy_from_slice(word.as_bytes());
        folded.make_ascii_lowercase();
        self.set.contains(&*folded)
    }

    /// The words, sorted.
    pub fn as_slice(&self) -> &[&'static str] {
        &self.words
    }
}

macro_rules! word_list {
    ($name:ident, $file:literal, $doc:literal) => {
        #[doc = $doc]
        pub static $name: LazyLock<WordList> = LazyLock::new(|| {
            WordList::parse(include_str!(concat!("../gazetteers/words/en/", $file)))
        });
    };
}

word_list!(
    FUNCTION_WORDS,
    "function-words.txt",
    "Function words (articles, pronouns, prepositions, conjunctions, auxiliaries): never names."
);
word_list!(
    NOT_NAMES,
    "not-names.txt",
    "Capitalised words that are not given names: days, months, sentence adverbs, titles."
);
word_list!(
    PERSONAL_TITLES,
    "personal-titles.txt",
    "Words that, right before a name, make it a person's (`Mr`, `Dr`)."
);
word_list!(
    OTHER_OFFICE_PREFIXES,
    "other-office-prefixes.txt",
    "Words right before an office title that make it another office's title (`Vice President`)."
);
word_list!(
    STATE_QUALIFIERS,
    "state-qualifiers.txt",
    "Words that qualify a state by era, regime or extent before its name (`Nazi Germany`)."
);
word_list!(
    INSTITUTION_HEADS,
    "institution-heads.txt",
    "Head words of institutions named with `of` and a country (`Bank of Canada`)."
);
word_list!(
    NOT_THE_HOLDER,
    "not-the-holder.txt",
    "Words before a role phrase that make it name someone other than the holder."
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_is_four_digits_from_1000_to_2100() {
        assert_eq!(year("1994"), Some(1994));
        assert_eq!(year("1000"), Some(1000));
        assert_eq!(year("2100"), Some(2100));
        for word in ["0999", "999", "2101", "12345", "19a4", "1994s", "", "１９９４"] {
            assert_eq!(year(word), None, "{word}");
        }
    }

    fn words(text: &str) -> Vec<&str> {
        TextIndex::new(text).words().iter().map(|w| &text[w.span.range()]).collect()
    }

    #[test]
    fn words_and_shapes() {
        assert_eq!(
            words("Erdoğan's U.S. trip, 5G-ready"),
            ["Erdoğan", "s", "U", "S", "trip", "5G", "ready"]
        );
        let shapes: Vec<Shape> =
            ["Putin", "NATO", "G20", "president", "2024", "McCain", "X", "Ab1"].map(shape).to_vec();
        assert_eq!(
            shapes,
            [
                Shape::Capitalised,
                Shape::Upper,
                Shape::Upper,
                Shape::Lower,
                Shape::Digit,
                Shape::Capitalised,
                Shape::Upper,
                Shape::Capitalised
            ]
        );
    }

    #[test]
    fn a_word_has_the_shape_of_its_text() {
        // Words read in pieces (ASCII runs and other letters) get the shape of
        // the whole word, as `shape` gives it.
        for word in [
            "Putin",
            "NATO",
            "G20",
            "president",
            "2024",
            "McCain",
            "X",
            "Ab1",
            "x",
            "5g",
            "Erdoğan",
            "ÉTAT",
            "État",
            "éTAT",
            "ĞAZa",
            "AĞa",
            "aĞ",
            "Ab",
            "AB",
            "A1b",
            "北京",
            "1Ğ",
            "ǅa",
        ] {
            let index = TextIndex::new(word);
            assert_eq!(index.words().len(), 1, "{word}");
            assert_eq!(index.words()[0].shape, shape(word), "{word}");
        }
    }

    #[test]
    fn openers_follow_the_segmenter() {
        let text = "Xi met Putin vs. Biden: Jordan agreed. 3 Store the basil.\nChad said";
        let index = TextIndex::new(text);
        let opens: Vec<&str> =
            index.words().iter().filter(|w| w.opens).map(|w| &text[w.span.range()]).collect();
        assert_eq!(opens, ["Xi", "Store", "Chad"]);
    }

    #[test]
    fn headings() {
        let text =
            "Jordan Protests Grow Over Bread Prices\nWHAT THE WHO SAID\nJordan protests grew.";
        let index = TextIndex::new(text);
        let flags: Vec<(bool, bool)> =
            index.lines().iter().map(|l| (l.title_case, l.all_caps)).collect();
        // Every word of an all-caps line is capitalised too.
        assert_eq!(flags, [(true, false), (true, true), (false, false)]);
        assert!(index.words()[0].in_heading);
        assert!(!index.words().last().unwrap().in_heading);
        assert!(!index.is_all_caps());
        assert!(TextIndex::new("UN SAYS NO. WHO AGREES.").is_all_caps());
        assert!(!TextIndex::new("AML UK: $ 5").lines()[0].all_caps);
        assert!(TextIndex::new("NATO SUMMIT OPENS").lines()[0].all_caps);
        let long = format!("Jordan Protests Grow Over Prices {}", "And More".repeat(60));
        assert!(!TextIndex::new(&long).lines()[0].title_case);
    }

    #[test]
    fn words_around_a_position() {
        let text = "said Mr. Chad, China's Prime Minister-designate of the UN";
        let index = TextIndex::new(text);
        let w = |i: usize| &text[index.words()[i].span.range()];
        let (i, dot) = index.word_before(text, 9).unwrap();
        assert_eq!((w(i), dot), ("Mr", true));
        assert_eq!(index.word_after(text, 4).map(w), Some("Mr"));
        let after: Vec<&str> =
            index.words_after(text, 20, 3).iter().map(|x| &text[x.span.range()]).collect();
        assert_eq!(after, ["Prime", "Minister", "designate"]);
        let before: Vec<&str> =
            index.words_before(text, 13, 5).iter().map(|x| &text[x.span.range()]).collect();
        assert_eq!(before, ["Chad"]);
        assert_eq!(index.words_between_len(0, 14), 3);
        assert_eq!(index.previous_word(text, 55).map(w), Some("the"));
        assert_eq!(index.sentence_at(10), Some(0));
    }

    #[test]
    fn word_lists_are_sorted_and_found_in_any_case() {
        assert!(FUNCTION_WORDS.contains_folded("Despite"));
        assert!(FUNCTION_WORDS.contains_folded("THE"));
        assert!(!FUNCTION_WORDS.contains_folded("Putin"));
        assert!(PERSONAL_TITLES.contains("Mr") && !PERSONAL_TITLES.contains("mr"));
        assert!(FUNCTION_WORDS.as_slice().windows(2).all(|w| w[0] < w[1]));
    }
}
