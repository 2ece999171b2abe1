//! Normalisation: the text the matcher searches, and the way back to the original.
//!
//! Stage 1 of a document's trip through the pipeline. [`Normalized::new`] takes a
//! document's text and gives a *folded* copy of it, an [`OffsetMap`] from folded
//! byte positions back to original ones, and the positions where words start in the
//! folded copy. Aliases go through the same folding ([`fold`]) when the matcher is
//! built, so that one alias covers every spelling that differs only in:
//!
//! - case (`china`, `CHINA`), unless the alias is case-sensitive: the matcher checks
//!   that on the original text with [`eq_cased`];
//! - diacritics (`Erdoğan` = `Erdogan`; `ß` = `ss`, `ø` = `o`, …);
//! - apostrophes (`’`, `‘`, `ʼ`, `` ` `` = `'`);
//! - white space, hyphens and dashes: any run of them, line breaks included, is one
//!   space, so `Kim Jong-un` = `Kim Jong Un`, `Guinea–Bissau` = `Guinea Bissau` and
//!   a name broken over two lines still matches; but a run that holds a blank line (two line
//!   breaks, `\n`, `\r\n` or `\r`, with only white space between them) is one line
//!   break, which no folded alias contains, so that no match runs across a
//!   paragraph break;
//! - invisible characters (zero-width spaces, soft hyphens, byte-order marks,
//!   control characters), which are dropped;
//! - the dots of an abbreviation: a dot between two one-letter words is dropped
//!   (`U.S.A.` folds to `usa.`), and so is a dot and one space before a one-letter
//!   word that has a dot of its own (or ends the text), so that `F. W.` folds as
//!   `F.W.` does (`fw.`);
//!   aliases also lose a final dot;
//! - an initial joined to a word: a dot between a one-letter word and a longer word
//!   is followed by a space, so `N.Korea` folds as `N. Korea` does (`n. korea`).
//!
//! The same pass tells the text layer ([`crate::text::TextIndex`]) where the
//! original text's words and line breaks are, so that a document is read once for
//! both.
//!
//! The key decision: the folded text is only ever used for searching. Every position
//! that leaves this module has gone through [`OffsetMap`], so mentions always point
//! into the text the user gave, and never into a rewritten copy of it.

use std::char;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// A document folded for matching, with the map back to the original text.
///
/// # Example
///
/// ```
/// use entgraph::Normalized;
///
/// let text = "Erdoğan met the U.S.\u{a0}envoy";
/// let norm = Normalized::new(text);
/// assert_eq!(norm.as_str(), "erdogan met the us. envoy");
/// // "us" in the folded text is "U.S" in the original.
/// let start = norm.as_str().find("us").unwrap();
/// let orig = norm.to_original(start)..norm.to_original(start + 2);
/// assert_eq!(&text[orig], "U.S");
/// ```
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    /// The folded text, written a `char`, a `str` or a lower-cased copy of a `str`
    /// at a time, so that it is UTF-8 by construction, without a check.
    text: String,
    map: OffsetMap,
    word_starts: Vec<u32>,
    original_len: usize,
}

impl Normalized {
    /// Folds `text`.
    pub fn new(text: &str) -> Normalized {
        let mut norm = Normalized::default();
        norm.reset(text);
        norm
    }

    /// Folds `text` into this value, reusing its buffers.
    pub fn reset(&mut self, text: &str) {
        self.text.clear();
        self.text.reserve(text.len());
        self.map.clear();
        self.word_starts.clear();
        self.original_len = text.len();
        let mut folder = Folder::new(true);
        folder.run(text, self);
    }

    /// Folds `text` into this value, as [`Normalized::reset`] does, and tells
    /// `layout` where the original text's words and line breaks are, in the same
    /// pass.
    pub(crate) fn reset_with_layout<L: Layout>(&mut self, text: &str, layout: &mut L) {
        self.text.clear();
        self.text.reserve(text.len());
        self.map.clear();
        self.word_starts.clear();
        self.original_len = text.len();
        let mut folder = Folder::new(true);
        folder.run(text, &mut WithLayout { norm: self, layout });
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Byte positions in [`Normalized::as_str`] where a word starts: a letter or digit
    /// after something that is neither, and not after an apostrophe inside a word
    /// (`Brien` in `O'Brien` is not a word start).
    pub fn word_starts(&self) -> &[u32] {
        &self.word_starts
    }

    /// The original byte position of a folded position that starts a folded unit
    /// (or is the end of the text).
    pub fn to_original(&self, pos: usize) -> usize {
        self.map.to_original(pos)
    }

    /// The offset map.
    pub fn offsets(&self) -> &OffsetMap {
        &self.map
    }

    /// Length of the original text in bytes.
    pub fn original_len(&self) -> usize {
        self.original_len
    }

    /// Bytes of buffer space held (kept across [`Normalized::reset`]): the folded
    /// text, the word starts and the offset map.
    pub fn capacity(&self) -> usize {
        self.text.capacity()
            + self.word_starts.capacity() * std::mem::size_of::<u32>()
            + self.map.capacity()
    }
}

/// Maps byte positions in folded text back to the original text.
///
/// Folding changes lengths only here and there (a collapsed run of spaces, an
/// accented letter), so the map stores a checkpoint only where the difference between
/// the two positions changes, and looks positions up by binary search: a text that
/// folds to the same length costs one checkpoint.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    /// `(folded, original)` pairs, sorted; between two checkpoints the difference
    /// `original - folded` is constant.
    points: Vec<(u32, u32)>,
}

impl OffsetMap {
    fn clear(&mut self) {
        self.points.clear();
    }

    /// Bytes of buffer space held.
    fn capacity(&self) -> usize {
        self.points.capacity() * std::mem::size_of::<(u32, u32)>()
    }

    #[inline]
    fn note(&mut self, folded: usize, original: usize) {
        let delta = original as i64 - folded as i64;
        match self.points.last() {
            Some(&(f, o)) if o as i64 - f as i64 == delta => {}
            _ => self.points.push((folded as u32, original as u32)),
        }
    }

    /// The original position of a folded position. Exact at the start of every
    /// folded unit and at the end of the text.
    pub fn to_original(&self, folded: usize) -> usize {
        let i = self.points.partition_point(|&(f, _)| f as usize <= folded);
        if i == 0 {
            return folded;
        }
        let (f, o) = self.points[i - 1];
        folded - f as usize + o as usize
    }

    /// Number of checkpoints kept (a measure of how much folding moved things).
    pub fn checkpoint_len(&self) -> usize {
        self.points.len()
    }
}

/// Folds an alias (or any short string) the way documents are folded, and removes a
/// final dot, so that `U.S.` and `US` fold alike.
///
/// # Example
///
/// ```
/// assert_eq!(entgraph::normalize::fold("U.S.", true), "us");
/// assert_eq!(entgraph::normalize::fold("Côte d’Ivoire", true), "cote d'ivoire");
/// assert_eq!(entgraph::normalize::fold("Guinea-Bissau", true), "guinea bissau");
/// assert_eq!(entgraph::normalize::fold("Xi\r\n Jinping", false), "Xi Jinping");
/// ```
pub fn fold(s: &str, lowercase: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut folder = Folder::new(lowercase);
    folder.run(s, &mut out);
    let trimmed = out.trim_start_matches(' ').trim_end_matches(['.', ' ']);
    if trimmed.len() == out.len() { out } else { trimmed.to_string() }
}

/// True when `original` (a slice of a document) folds, with case kept, to `alias_cased`
/// (an alias folded with case kept). The case-sensitive check for a candidate match.
///
/// Allocates nothing once a thread has folded its longest match: `original` is
/// folded into a buffer the thread keeps, then trimmed as [`fold`] trims.
pub fn eq_cased(original: &str, alias_cased: &str) -> bool {
    // Plain ASCII words (`US`, `NATO`) fold to themselves: compare at once.
    if original.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return original == alias_cased;
    }
    thread_local! {
        static FOLDED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    FOLDED.with_borrow_mut(|out| {
        out.clear();
        Folder::new(false).run(original, out);
        out.trim_start_matches(' ').trim_end_matches(['.', ' ']) == alias_cased
    })
}

/// True when `c` is a word character: a letter or a digit.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if (c as u32) < WORD_CHAR_TABLE_END {
        let u = c as usize;
        WORD_CHARS[u / 64] >> (u % 64) & 1 == 1
    } else {
        c.is_alphanumeric()
    }
}

/// The characters below this (Latin, Greek, Cyrillic, Arabic, the Indic scripts,
/// general punctuation) are told by [`WORD_CHARS`], without the Unicode tables'
/// slower search.
const WORD_CHAR_TABLE_END: u32 = 0x3000;

/// One bit per character below [`WORD_CHAR_TABLE_END`]: set for a letter or digit
/// (`char::is_alphanumeric`), computed once.
static WORD_CHARS: std::sync::LazyLock<[u64; WORD_CHAR_TABLE_END as usize / 64]> =
    std::sync::LazyLock::new(|| {
        let mut bits = [0u64; WORD_CHAR_TABLE_END as usize / 64];
        for u in 0..WORD_CHAR_TABLE_END {
            if char::from_u32(u).is_some_and(char::is_alphanumeric) {
                bits[u as usize / 64] |= 1 << (u % 64);
            }
        }
        bits
    });

/// True for a hyphen or dash: folding makes each a space.
#[inline]
pub(crate) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe63}' | '\u{ff0d}')
}

/// True for a character that folding drops: invisible characters (zero-width
/// spaces, soft hyphens, byte-order marks, controls other than white space) and
/// combining marks.
#[inline]
pub(crate) fn is_dropped(c: char) -> bool {
    is_invisible(c) || (!c.is_ascii() && is_combining_mark(c))
}

/// True for a character that folding drops and that belongs to no letter:
/// [`is_dropped`] less the combining marks.
#[inline]
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200d}' | '\u{00ad}' | '\u{feff}' | '\u{2060}' | '\u{7f}')
        || (c < ' ' && !c.is_ascii_whitespace() && c != '\u{0b}')
}

/// The character at byte `pos` of `s`, if any.
#[inline]
pub(crate) fn char_at(s: &str, pos: usize) -> Option<char> {
    s.get(pos..).and_then(|t| t.chars().next())
}

/// Where folded output goes: a document (with offsets and word starts), plain
/// text, or a comparison with text folded before. Generic, so that each case
/// compiles without the bookkeeping of the others.
trait Out {
    /// Bytes of folded text so far.
    fn len(&self) -> usize;
    /// Appends folded text.
    fn push_str(&mut self, s: &str);
    /// Appends one folded character.
    fn push_char(&mut self, c: char);
    /// Appends the run of ASCII letters and digits that starts at `start` of
    /// `text` (at least one byte), lower-cased when `lowercase`; gives its end.
    fn push_ascii_run(&mut self, text: &[u8], start: usize, lowercase: bool) -> usize;
    /// Turns the last character written, a space, into a line break: the run of
    /// white space it stands for holds a blank line.
    fn space_to_line_break(&mut self);
    /// Records that folded position `folded` starts at original `original`.
    fn note(&mut self, folded: usize, original: usize);
    /// Records a word start at folded position `folded`.
    fn word_start(&mut self, folded: usize);
    /// Whether the output wants the original text's layout ([`Layout`]): then
    /// every non-ASCII character is asked whether it is a word character.
    const LAYOUT: bool = false;
    /// Original bytes `start..end` are word characters (a run of ASCII letters and
    /// digits, or one non-ASCII letter or digit).
    #[inline]
    fn word_chars(&mut self, _start: usize, _end: usize, _ascii: bool) {}
    /// Original byte `at` is a line break (`\n` or `\r`).
    #[inline]
    fn line_break(&mut self, _at: usize) {}
}

/// What the folding pass tells, besides the folded text, about the layout of the
/// original text: the word characters and the line breaks, in text order. The
/// text layer ([`crate::text::TextIndex`]) builds its words and lines from them,
/// so that a document is scanned once for both.
pub(crate) trait Layout {
    /// Original bytes `start..end` are word characters ([`is_word_char`]): a run of
    /// ASCII letters and digits (`ascii`) or one other letter or digit. A word is a
    /// maximal run of them: pieces that touch belong to one word.
    fn word_chars(&mut self, start: usize, end: usize, ascii: bool);
    /// Original byte `at` is a line break (`\n` or `\r`, each one).
    fn line_break(&mut self, at: usize);
}

/// A [`Normalized`] document and the [`Layout`] of its original text, written in
/// one pass.
struct WithLayout<'a, L: Layout> {
    norm: &'a mut Normalized,
    layout: &'a mut L,
}

impl<L: Layout> Out for WithLayout<'_, L> {
    const LAYOUT: bool = true;

    #[inline]
    fn len(&self) -> usize {
        self.norm.len()
    }

    #[inline]
    fn push_str(&mut self, s: &str) {
        self.norm.push_str(s);
    }

    #[inline]
    fn push_char(&mut self, c: char) {
        self.norm.push_char(c);
    }

    #[inline]
    fn push_ascii_run(&mut self, text: &[u8], start: usize, lowercase: bool) -> usize {
        self.norm.push_ascii_run(text, start, lowercase)
    }

    #[inline]
    fn space_to_line_break(&mut self) {
        self.norm.space_to_line_break();
    }

    #[inline]
    fn note(&mut self, folded: usize, original: usize) {
        Out::note(self.norm, folded, original);
    }

    #[inline]
    fn word_start(&mut self, folded: usize) {
        self.norm.word_start(folded);
    }

    #[inline(always)]
    fn word_chars(&mut self, start: usize, end: usize, ascii: bool) {
        self.layout.word_chars(start, end, ascii);
    }

    #[inline]
    fn line_break(&mut self, at: usize) {
        self.layout.line_break(at);
    }
}

impl Out for String {
    #[inline]
    fn len(&self) -> usize {
        String::len(self)
    }

    #[inline]
    fn push_str(&mut self, s: &str) {
        String::push_str(self, s);
    }

    #[inline]
    fn push_char(&mut self, c: char) {
        String::push(self, c);
    }

    #[inline]
    fn push_ascii_run(&mut self, text: &[u8], start: usize, lowercase: bool) -> usize {
        // Runs are read eight bytes at a time (most words fit in one read): a
        // mask tells where the run ends, and the eight bytes, lower-cased at
        // once, are written in one store, then cut to the run. Byte at a time,
        // each byte cost a table lookup and a push with its capacity check.
        // Setting bit 0x20 lower-cases an ASCII letter and leaves a digit as it is.
        let case = if lowercase { 0x20 * LOW_BITS } else { 0 };
        // SAFETY: only ASCII bytes are appended (a chunk's bytes past the run
        // are made ASCII by clearing their bit 7 before they are written, and
        // are cut right after), which keeps the string UTF-8.
        let out = unsafe { self.as_mut_vec() };
        let mut end = start;
        while let Some(chunk) = text.get(end..end + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            // Bit 7 of each byte that is not a letter or digit.
            let stops = !ascii_alnum_mask(x) & HIGH_BITS;
            let n = (stops.trailing_zeros() / 8) as usize;
            let len = out.len();
            out.extend_from_slice(&((x | case) & !HIGH_BITS).to_le_bytes());
            out.truncate(len + n);
            end += n;
            if n < 8 {
                return end;
            }
        }
        push_ascii_tail(out, text, end, lowercase)
    }

    #[inline]
    fn space_to_line_break(&mut self) {
        let space = self.pop();
        debug_assert_eq!(space, Some(' '));
        self.push('\n');
    }

    #[inline]
    fn note(&mut self, _: usize, _: usize) {}

    #[inline]
    fn word_start(&mut self, _: usize) {}
}

impl Out for Normalized {
    #[inline]
    fn len(&self) -> usize {
        self.text.len()
    }

    #[inline]
    fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
    }

    #[inline]
    fn push_char(&mut self, c: char) {
        self.text.push(c);
    }

    #[inline]
    fn push_ascii_run(&mut self, text: &[u8], start: usize, lowercase: bool) -> usize {
        self.text.push_ascii_run(text, start, lowercase)
    }

    #[inline]
    fn space_to_line_break(&mut self) {
        self.text.space_to_line_break();
    }

    #[inline]
    fn note(&mut self, folded: usize, original: usize) {
        self.map.note(folded, original);
    }

    #[inline]
    fn word_start(&mut self, folded: usize) {
        self.word_starts.push(folded as u32);
    }
}

/// What the previous emitted character was, for spaces, dots and word starts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// Start of text.
    Start,
    /// A one-letter word so far: a letter at a word start or after a dropped
    /// abbreviation dot. A dot after it may be an abbreviation dot.
    SingleLetter,
    /// Any other letter or digit.
    Word,
    /// Just after a dropped abbreviation dot (`U.` of `U.S.`).
    AbbreviationDot,
    Space,
    Apostrophe {
        after_word: bool,
    },
    Other,
}

struct Folder {
    lowercase: bool,
    prev: Prev,
    /// The difference between original and folded positions changed since the
    /// last checkpoint: the next unit must be noted in the offset map.
    dirty: bool,
    /// Line breaks in the current run of white space since the last dash or
    /// dropped character (`\r\n` is one), up to 2: the run holds a blank line,
    /// and its space was turned into a line break.
    line_breaks: u8,
}

/// What a character that folds to a space is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// White space that does not break a line (or the `\n` of a `\r\n`).
    Blank,
    /// A line break: `\n` or `\r`.
    LineBreak,
    /// A hyphen or dash: a line holding one is not blank.
    Dash,
}

/// What follows an abbreviation dot candidate (a dot after a one-letter word).
enum AfterDot {
    /// A one-letter word (`S` of `U.S.`): the dot is dropped.
    Letter,
    /// One space, then a one-letter word and a dot or the end of the text (`W.` of
    /// `F. W.`): the dot and the space are dropped.
    SpacedLetter,
    /// A longer word (`Korea` of `N.Korea`): the dot is kept and a space follows it.
    Word,
    /// Anything else: the dot is kept.
    Other,
}

/// ASCII byte classes for the fast path.
const A_OTHER: u8 = 0;
const A_LOWER: u8 = 1;
const A_UPPER: u8 = 2;
const A_DIGIT: u8 = 3;
const A_SPACE: u8 = 4;
const A_DOT: u8 = 5;
const A_APOS: u8 = 6;
const A_INVISIBLE: u8 = 7;

static ASCII_CLASS: [u8; 128] = {
    let mut t = [A_OTHER; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b.is_ascii_lowercase() {
            A_LOWER
        } else if b.is_ascii_uppercase() {
            A_UPPER
        } else if b.is_ascii_digit() {
            A_DIGIT
        } else if b == b' '
            || b == b'\t'
            || b == b'\n'
            || b == b'\r'
            || b == 0x0b
            || b == 0x0c
            || b == b'-'
        {
            // Hyphens and dashes count as spaces: writers hyphenate names
            // differently (`Kim Jong-un`, `Kim Jong Un`, `Chiang Kai Shek`).
            A_SPACE
        } else if b == b'.' {
            A_DOT
        } else if b == b'\'' || b == b'`' {
            A_APOS
        } else if b < 0x20 || b == 0x7f {
            // Control characters other than white space: treated as invisible.
            A_INVISIBLE
        } else {
            A_OTHER
        };
        i += 1;
    }
    t
};

/// The end of [`Out::push_ascii_run`] for String: the run's bytes in the last
/// seven of the text, one at a time, lower-cased when `lowercase`. It writes
/// ASCII letters and digits only, which the `unsafe` there relies on. Out of
/// line, so that the common path keeps its registers.
#[cold]
#[inline(never)]
fn push_ascii_tail(out: &mut Vec<u8>, text: &[u8], mut end: usize, lowercase: bool) -> usize {
    let case = if lowercase { 0x20 } else { 0 };
    while let Some(&b) = text.get(end) {
        if !b.is_ascii_alphanumeric() {
            break;
        }
        out.push(b | case);
        end += 1;
    }
    end
}

/// The lowest bit of each byte of a `u64`.
const LOW_BITS: u64 = 0x0101_0101_0101_0101;
/// The highest bit of each byte of a `u64`.
pub(crate) const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Eight bytes (little-endian) at once: bit 7 of each byte is set when the byte
/// is an ASCII letter or digit, and every other bit is clear.
///
/// Each test `byte >= lo` adds `0x80 - lo` to the byte's low seven bits: the sum
/// reaches bit 7 exactly when the byte is at least `lo`, and never carries into
/// the next byte (it is at most `0x7f + 0x7f`). Bytes with bit 7 set (non-ASCII)
/// are left out at the end.
#[inline]
pub(crate) fn ascii_alnum_mask(x: u64) -> u64 {
    let low = x & !HIGH_BITS;
    let at_least = |v: u64, lo: u8| v + LOW_BITS * u64::from(0x80 - lo);
    let digit = at_least(low, b'0') & !at_least(low, b'9' + 1);
    // Setting bit 0x20 maps capitals to small letters, and no other byte to one.
    let folded = low | (LOW_BITS * 0x20);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    (digit | letter) & !x & HIGH_BITS
}

impl Folder {
    fn new(lowercase: bool) -> Folder {
        // The start of the text is a checkpoint of its own.
        Folder { lowercase, prev: Prev::Start, dirty: true, line_breaks: 0 }
    }

    fn run<O: Out>(&mut self, text: &str, out: &mut O) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b >= 0x80 {
                let c = char_at(text, i).expect("i is on a char boundary");
                let len = c.len_utf8();
                if O::LAYOUT && is_word_char(c) {
                    out.word_chars(i, i + len, false);
                }
                self.non_ascii(out, i, c, len);
                i += len;
                continue;
            }
            match ASCII_CLASS[b as usize] {
                A_LOWER | A_DIGIT | A_UPPER => {
                    let mut starts_word = self.starts_word();
                    loop {
                        // The fast path: a run of ASCII letters and digits is
                        // copied at once, lower-cased on the way.
                        let start = i;
                        i = self.ascii_run(out, bytes, start, starts_word);
                        out.word_chars(start, i, true);
                        // Prose is mostly words between single spaces: such a
                        // space is folded here, as the `A_SPACE` arm would, and
                        // the next word, which starts a word, read at once,
                        // without the dispatch.
                        if bytes.get(i) == Some(&b' ')
                            && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
                        {
                            self.space(out, i, 1, Gap::Blank);
                            i += 1;
                            starts_word = true;
                        } else {
                            break;
                        }
                    }
                }
                A_SPACE => {
                    if b == b'\n' || b == b'\r' {
                        out.line_break(i);
                    }
                    let gap = match b {
                        b'\r' => Gap::LineBreak,
                        b'\n' if i == 0 || bytes[i - 1] != b'\r' => Gap::LineBreak,
                        b'-' => Gap::Dash,
                        _ => Gap::Blank,
                    };
                    self.space(out, i, 1, gap);
                    i += 1;
                }
                A_DOT => {
                    let after = if self.prev == Prev::SingleLetter {
                        after_dot(text, i)
                    } else {
                        AfterDot::Other
                    };
                    match after {
                        AfterDot::Letter => {
                            // An abbreviation dot (`U.S.`): dropped; the letter after
                            // it continues the word but may itself be followed by one.
                            self.prev = Prev::AbbreviationDot;
                            self.dirty = true;
                        }
                        AfterDot::SpacedLetter => {
                            // `F. W.` folds as `F.W.` does.
                            self.prev = Prev::AbbreviationDot;
                            self.dirty = true;
                            i += 1;
                        }
                        AfterDot::Word => {
                            // An initial before a word (`N.Korea`, `V.Putin`): folds
                            // as `N. Korea` does, with a space of no original length.
                            self.other(out, i, '.', 1);
                            self.space(out, i + 1, 0, Gap::Blank);
                        }
                        AfterDot::Other => self.other(out, i, '.', 1),
                    }
                    i += 1;
                }
                A_APOS => {
                    self.apostrophe(out, i, 1);
                    i += 1;
                }
                A_INVISIBLE => {
                    self.dirty = true;
                    if self.line_breaks == 1 {
                        self.line_breaks = 0;
                    }
                    i += 1;
                }
                _ => {
                    self.other(out, i, b as char, 1);
                    i += 1;
                }
            }
        }
        // The end of the text maps to the end of the original.
        let folded = out.len();
        out.note(folded, text.len());
    }

    /// Whether a word starting now starts a word (after a space or punctuation).
    #[inline]
    fn starts_word(&self) -> bool {
        match self.prev {
            Prev::Start | Prev::Space | Prev::Other => true,
            Prev::Apostrophe { after_word } => !after_word,
            Prev::SingleLetter | Prev::Word | Prev::AbbreviationDot => false,
        }
    }

    #[inline]
    fn begin_unit<O: Out>(&mut self, out: &mut O, at: usize) -> usize {
        let pos = out.len();
        if self.dirty {
            out.note(pos, at);
            self.dirty = false;
        }
        pos
    }

    /// Emits the run of ASCII letters and digits that starts at `start`, which
    /// starts a word when `starts_word` ([`Folder::starts_word`]); gives its end.
    #[inline]
    fn ascii_run<O: Out>(
        &mut self,
        out: &mut O,
        text: &[u8],
        start: usize,
        starts_word: bool,
    ) -> usize {
        let pos = self.begin_unit(out, start);
        if starts_word {
            out.word_start(pos);
        }
        let end = out.push_ascii_run(text, start, self.lowercase);
        // A one-letter word may be an abbreviation (`U` in `U.S.`).
        let single = (starts_word || self.prev == Prev::AbbreviationDot)
            && end - start == 1
            && text[start].is_ascii_alphabetic();
        self.prev = if single { Prev::SingleLetter } else { Prev::Word };
        end
    }

    fn non_ascii<O: Out>(&mut self, out: &mut O, at: usize, c: char, len: usize) {
        // Latin letters with diacritics, the most common non-ASCII letters in
        // English text, fold through a table built once.
        if let Some(folded) = latin_fold(c, self.lowercase) {
            // Most fold to an ASCII letter, which one byte tells.
            let alphabetic = folded.as_bytes()[0].is_ascii_alphabetic()
                || folded.chars().next().is_some_and(char::is_alphabetic);
            return self.emit_word(out, at, folded, len, alphabetic);
        }
        // Other characters are looked up in the Unicode tables, which is slow;
        // text in another script repeats few characters, so the answers are kept
        // in a small per-thread cache.
        let class = if self.lowercase {
            CHAR_CACHE.with(|cache| {
                let mut cache = cache.borrow_mut();
                let slot = &mut cache[(c as usize ^ (c as usize >> 9)) % CHAR_CACHE_SIZE];
                if slot.0 != c {
                    *slot = (c, CharClass::of(c, true));
                }
                slot.1
            })
        } else {
            CharClass::of(c, false)
        };
        match class {
            CharClass::Apostrophe => self.apostrophe(out, at, len),
            CharClass::Space => self.space(out, at, len, Gap::Blank),
            CharClass::Dash => self.space(out, at, len, Gap::Dash),
            CharClass::Skip => {
                self.dirty = true;
                if self.line_breaks == 1 {
                    self.line_breaks = 0;
                }
            }
            CharClass::Other => self.other(out, at, c, len),
            CharClass::Word { bytes, n, alphabetic } => {
                let s = std::str::from_utf8(&bytes[..n as usize]).expect("valid UTF-8 was encoded");
                self.emit_word(out, at, s, len, alphabetic)
            }
        }
    }

    /// Emits the folded form `s` of a letter or digit of `len` original bytes;
    /// `alphabetic`: `s` starts with a letter.
    #[inline]
    fn emit_word<O: Out>(&mut self, out: &mut O, at: usize, s: &str, len: usize, alphabetic: bool) {
        let starts_word = self.starts_word();
        let pos = self.begin_unit(out, at);
        if starts_word {
            out.word_start(pos);
        }
        out.push_str(s);
        if s.len() != len {
            // The next unit starts at a different difference of positions.
            self.dirty = true;
        }
        // Whether a one-letter word may be an abbreviation (`É.U.`).
        let single = (starts_word || self.prev == Prev::AbbreviationDot) && alphabetic;
        self.prev = if single { Prev::SingleLetter } else { Prev::Word };
    }

    /// White space, a hyphen or a dash: a run of them is one space, or a line
    /// break when it holds a blank line.
    #[inline]
    fn space<O: Out>(&mut self, out: &mut O, at: usize, len: usize, gap: Gap) {
        if self.prev == Prev::Space {
            self.dirty = true;
            match gap {
                Gap::LineBreak if self.line_breaks < 2 => {
                    self.line_breaks += 1;
                    if self.line_breaks == 2 {
                        out.space_to_line_break();
                    }
                }
                Gap::Dash if self.line_breaks == 1 => self.line_breaks = 0,
                _ => {}
            }
            return;
        }
        self.prev = Prev::Space;
        self.line_breaks = u8::from(gap == Gap::LineBreak);
        self.push(out, at, ' ', len);
    }

    #[inline]
    fn apostrophe<O: Out>(&mut self, out: &mut O, at: usize, len: usize) {
        let after_word = matches!(self.prev, Prev::Word | Prev::SingleLetter);
        self.prev = Prev::Apostrophe { after_word };
        self.push(out, at, '\'', len);
    }

    #[inline]
    fn other<O: Out>(&mut self, out: &mut O, at: usize, c: char, len: usize) {
        self.prev = Prev::Other;
        self.push(out, at, c, len);
    }

    /// Emits one character that stands for `len` original bytes at `at`.
    #[inline]
    fn push<O: Out>(&mut self, out: &mut O, at: usize, c: char, len: usize) {
        self.begin_unit(out, at);
        out.push_char(c);
        if c.len_utf8() != len {
            self.dirty = true;
        }
    }
}

/// What follows the dot at byte `dot` of `text`, which comes after a one-letter word.
#[inline]
fn after_dot(text: &str, dot: usize) -> AfterDot {
    let bytes = text.as_bytes();
    let spaced = bytes.get(dot + 1) == Some(&b' ');
    let at = dot + 1 + usize::from(spaced);
    // The letter after the dot (or the space), and what follows it.
    let Some(letter) = char_at(text, at).filter(|&c| c.is_alphabetic()) else {
        return AfterDot::Other;
    };
    let next = char_at(text, at + letter.len_utf8());
    match (spaced, next) {
        // At the end of the text too, so that a span cut before its final dot
        // (`U. S. A` of `U. S. A.`) folds as the whole does.
        (true, Some('.') | None) => AfterDot::SpacedLetter,
        (true, _) => AfterDot::Other,
        (false, Some(n)) if is_word_char(n) => AfterDot::Word,
        (false, _) => AfterDot::Letter,
    }
}

/// What folding does with a non-ASCII character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CharClass {
    /// An apostrophe.
    Apostrophe,
    /// White space.
    Space,
    /// A dash or a hyphen.
    Dash,
    /// Dropped: an invisible character or a combining mark.
    Skip,
    /// Punctuation or a symbol, kept as it is.
    Other,
    /// A letter or digit, and its folded form (empty for one that folds away).
    /// `alphabetic`: the folded form starts with a letter (not a digit).
    Word { bytes: [u8; 15], n: u8, alphabetic: bool },
}

impl CharClass {
    fn of(c: char, lowercase: bool) -> CharClass {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{02bc}' | '\u{00b4}' | '\u{2032}' | '\u{ff07}' => {
                CharClass::Apostrophe
            }
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe63}' | '\u{ff0d}' => CharClass::Dash,
            // Zero-width characters, soft hyphen, byte-order mark, word joiner.
            '\u{200b}'..='\u{200d}' | '\u{00ad}' | '\u{feff}' | '\u{2060}' => CharClass::Skip,
            c if is_combining_mark(c) => CharClass::Skip,
            c if c.is_whitespace() => CharClass::Space,
            c if c.is_alphanumeric() => {
                let mut bytes = [0u8; 15];
                let mut n = 0;
                let mut push = |d: char| {
                    if n + d.len_utf8() <= bytes.len() {
                        n += d.encode_utf8(&mut bytes[n..]).len();
                    }
                };
                let mut fold_one = |c: char| match special_letter(c) {
                    Some(s) => s.chars().for_each(&mut push),
                    None => decompose_canonical(c, |d| {
                        if !is_combining_mark(d) {
                            push(d)
                        }
                    }),
                };
                if lowercase {
                    c.to_lowercase().for_each(&mut fold_one);
                } else {
                    fold_one(c);
                }
                match std::str::from_utf8(&bytes[..n]).ok().and_then(|s| s.chars().next()) {
                    None => CharClass::Skip,
                    Some(first) => {
                        CharClass::Word { bytes, n: n as u8, alphabetic: first.is_alphabetic() }
                    }
                }
            }
            _ => CharClass::Other,
        }
    }
}

/// Slots of the per-thread cache of [`CharClass`]es.
const CHAR_CACHE_SIZE: usize = 512;

thread_local! {
    static CHAR_CACHE: std::cell::RefCell<Vec<(char, CharClass)>> =
        std::cell::RefCell::new(vec![('\0', CharClass::Other); CHAR_CACHE_SIZE]);
}

/// The folded forms of U+00C0..U+024F (Latin-1 letters and Latin Extended-A and
/// -B), lower-cased and with case kept, computed once through the general path.
/// `None` for the two signs in that range that are not letters (`×`, `÷`).
fn latin_fold(c: char, lowercase: bool) -> Option<&'static str> {
    const FIRST: u32 = 0xc0;
    const LAST: u32 = 0x24f;
    static TABLE: std::sync::LazyLock<Vec<(Box<str>, Box<str>)>> = std::sync::LazyLock::new(|| {
        (FIRST..=LAST)
            .map(|u| {
                let c = char::from_u32(u).expect("a valid scalar value");
                let fold_with = |lowercase: bool| -> Box<str> {
                    if !c.is_alphabetic() {
                        return "".into();
                    }
                    let mut out = String::new();
                    let letters: Vec<char> =
                        if lowercase { c.to_lowercase().collect() } else { vec![c] };
                    for l in letters {
                        match special_letter(l) {
                            Some(s) => out.push_str(s),
                            None => decompose_canonical(l, |d| {
                                if !is_combining_mark(d) {
                                    out.push(d)
                                }
                            }),
                        }
                    }
                    out.into()
                };
                (fold_with(true), fold_with(false))
            })
            .collect()
    });
    let u = c as u32;
    if !(FIRST..=LAST).contains(&u) {
        return None;
    }
    let (lower, kept) = &TABLE[(u - FIRST) as usize];
    let s: &str = if lowercase { lower } else { kept };
    (!s.is_empty()).then_some(s)
}

/// Letters that canonical decomposition leaves alone but English text writes plainly.
fn special_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ø' => "o",
        'Ø' => "O",
        'ł' => "l",
        'Ł' => "L",
        'đ' => "d",
        'Đ' => "D",
        'ð' => "d",
        'Ð' => "D",
        'ß' => "ss",
        'ẞ' => "SS",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'ı' => "i",
        'þ' => "th",
        'Þ' => "Th",
        'ħ' => "h",
        'Ħ' => "H",
        'ŧ' => "t",
        'Ŧ' => "T",
        'ŀ' => "l",
        'Ŀ' => "L",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        Normalized::new(s).as_str().to_string()
    }

    #[test]
    fn word_char_table_agrees_with_unicode() {
        for u in 0..WORD_CHAR_TABLE_END + 256 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(is_word_char(c), c.is_alphanumeric(), "U+{u:04X}");
            }
        }
    }

    #[test]
    fn alnum_mask_agrees_with_the_byte_test() {
        for b in 0..=255u8 {
            for at in 0..8 {
                // The byte among others of every kind (non-ASCII ones too), so
                // that no carry between bytes goes unnoticed.
                for neighbours in [*b"a0Z.9-z ", [b'a', 0xff, b'0', b' ', 0x80, b'Z', b'z', 0x7f]] {
                    let mut bytes = neighbours;
                    bytes[at] = b;
                    let mask = ascii_alnum_mask(u64::from_le_bytes(bytes));
                    for (i, &c) in bytes.iter().enumerate() {
                        let bit = mask >> (8 * i) & 0xff;
                        let expected = if c.is_ascii_alphanumeric() { 0x80 } else { 0 };
                        assert_eq!(bit, expected, "{bytes:?}");
                    }
                }
            }
        }
        // Runs longer than a read, and runs at the end of the text.
        for text in ["Abcdefghijklmnopqrstuvwxyz0123456789 X", "tail ABCDEFG", "A", "ab.CD"] {
            let mut out = String::new();
            let end = out.push_ascii_run(text.as_bytes(), 0, true);
            let run = text.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(text.len());
            assert_eq!((end, out), (run, text[..run].to_ascii_lowercase()));
        }
    }

    #[test]
    fn folds_case_diacritics_punctuation() {
        assert_eq!(norm("Erdoğan"), "erdogan");
        assert_eq!(norm("ŁÓDŹ"), "lodz");
        assert_eq!(norm("Straße"), "strasse");
        assert_eq!(norm("Côte d’Ivoire"), "cote d'ivoire");
        assert_eq!(norm("US–China"), "us china");
        assert_eq!(norm("Kim Jong-un"), norm("Kim  Jong Un"));
        assert_eq!(norm("Xi\r\n  Jinping"), "xi jinping");
        assert_eq!(norm("a\u{200b}b"), "ab");
        // Decomposed input: the combining mark is dropped.
        assert_eq!(norm("Erdog\u{306}an"), "erdogan");
    }

    #[test]
    fn abbreviation_dots() {
        assert_eq!(norm("U.S."), "us.");
        assert_eq!(norm("the U.S.A. and U.K."), "the usa. and uk.");
        assert_eq!(norm("Mr. Smith"), "mr. smith");
        assert_eq!(norm("Mr.Smith"), "mr.smith");
        assert_eq!(norm("3.5 percent"), "3.5 percent");
        assert_eq!(norm("end. Next"), "end. next");
        assert_eq!(fold("U.S.", true), "us");
        assert_eq!(fold("U.S.", false), "US");
        assert_eq!(fold("Washington D.C.", true), "washington dc");
    }

    #[test]
    fn initials_fold_alike_with_or_without_spaces() {
        // A dot drops only before a one-letter word; before a longer word it is a
        // word break, as if a space followed it.
        assert_eq!(norm("N.Korea and S.Korea"), "n. korea and s. korea");
        assert_eq!(norm("N.Korea"), norm("N. Korea"));
        assert_eq!(norm("V.Putin met J.Biden"), "v. putin met j. biden");
        assert_eq!(norm("F.W. de Klerk"), "fw. de klerk");
        assert_eq!(norm("F. W. de Klerk"), "fw. de klerk");
        assert_eq!(norm("A.P.J. Abdul Kalam"), norm("A. P. J. Abdul Kalam"));
        assert_eq!(norm("the U. S. A. and"), "the usa. and");
        assert_eq!(fold("F. W. de Klerk", true), fold("F.W. de Klerk", true));
        assert_eq!(fold("N. Korea", false), "N. Korea");
        assert_eq!(fold("N.Korea", false), "N. Korea");
        // A one-letter word after a sentence's last initial is no initial.
        assert_eq!(norm("Plan B. A new one"), "plan b. a new one");
        // Word starts and offsets around the added space.
        let text = "N.Korea";
        let n = Normalized::new(text);
        let starts: Vec<usize> = n.word_starts().iter().map(|&p| p as usize).collect();
        assert_eq!(starts, [0, 3]);
        assert_eq!(n.to_original(3), 2);
        assert_eq!(n.to_original(n.as_str().len()), text.len());
    }

    #[test]
    fn a_blank_line_folds_to_a_line_break() {
        for text in [
            "Kim\n\nJong",
            "Kim \r\n\r\n  Jong",
            "Kim\r\rJong",
            "Kim\n\u{a0}\t\nJong",
            "Kim\n\n-\nJong",
            "Kim-\n\nJong",
        ] {
            assert_eq!(norm(text), "kim\njong", "{text:?}");
        }
        // One line break, or lines with something on them, fold to a space.
        for text in ["Kim\nJong", "Kim\r\nJong", "Kim\rJong", "Kim\n-\nJong", "Kim\n\u{200b}\nJong"]
        {
            assert_eq!(norm(text), "kim jong", "{text:?}");
        }
        assert_eq!(fold("Kim\n \nJong", false), "Kim\nJong");
        assert!(!eq_cased("Kim\n\nJong", "Kim Jong"));
        assert!(eq_cased("Kim\r\nJong", "Kim Jong"));
        // Offsets are those of the space it replaces.
        let n = Normalized::new("Kim\n\nJong");
        assert_eq!(n.to_original(4), 5);
    }

    #[test]
    fn offsets_point_into_original() {
        let text = "Łódź  and\u{a0}Erdoğan’s U.S. visit";
        let n = Normalized::new(text);
        let s = n.as_str();
        for (word, orig) in
            [("lodz", "Łódź"), ("and", "and"), ("erdogan", "Erdoğan"), ("visit", "visit")]
        {
            let start = s.find(word).unwrap();
            let (a, b) = (n.to_original(start), n.to_original(start + word.len()));
            assert_eq!(text[a..b].trim_end(), orig, "{word}");
        }
        assert_eq!(n.to_original(s.len()), text.len());
    }

    #[test]
    fn word_starts() {
        let n = Normalized::new("O'Brien met Xi's aide in U.S.-led talks");
        let starts: Vec<&str> = n
            .word_starts()
            .iter()
            .map(|&p| {
                let rest = &n.as_str()[p as usize..];
                rest.split(|c: char| !c.is_alphanumeric()).next().unwrap()
            })
            .collect();
        assert_eq!(starts, ["o", "met", "xi", "aide", "in", "us", "led", "talks"]);
    }

    #[test]
    fn identity_text_keeps_one_checkpoint() {
        let n = Normalized::new("plain ascii text with single spaces");
        assert!(n.offsets().checkpoint_len() <= 1);
    }

    #[test]
    fn dropped_characters_fold_to_nothing() {
        for c in ['\u{200b}', '\u{ad}', '\u{feff}', '\u{301}', '\u{1}', '\u{7f}'] {
            assert!(is_dropped(c), "{c:?}");
            assert_eq!(fold(&format!("a{c}b"), true), "ab", "{c:?}");
        }
        for c in [' ', '\t', '\u{b}', 'x', '-', '\''] {
            assert!(!is_dropped(c), "{c:?}");
        }
        for c in ['-', '\u{2010}', '\u{2014}', '\u{2212}', '\u{ff0d}'] {
            assert!(is_dash(c) && fold(&format!("a{c}b"), true) == "a b", "{c:?}");
        }
    }

    #[test]
    fn eq_cased_checks_case_only() {
        assert!(eq_cased("U.S", "US"));
        assert!(eq_cased("US", "US"));
        assert!(!eq_cased("us", "US"));
        assert!(!eq_cased("Us", "US"));
    }

    #[test]
    fn eq_cased_agrees_with_fold() {
        let samples = [
            "U.S",
            "U.S.",
            " U.S. ",
            "U.S.A",
            "US",
            "U",
            "U.",
            "USA.",
            "U.S.Army",
            "NATO",
            "Nato",
            "N.Korea",
            "N. Korea",
            "F.W. de Klerk",
            "Côte d’Ivoire",
            "Xi\r\nJinping",
            "Xi\n\nJinping",
            "\u{200b}US",
            "US\u{ad}",
            "-US-",
            ".",
            "",
            "Ʃ",
            "É.U.",
            "e\u{301}",
        ];
        for original in samples {
            for alias in samples {
                let alias = fold(alias, false);
                assert_eq!(
                    eq_cased(original, &alias),
                    fold(original, false) == alias,
                    "{original:?} against {alias:?}"
                );
            }
        }
    }

    #[test]
    fn capacity_counts_every_buffer() {
        // A text whose every character moves the offsets: the map is the largest
        // buffer, and it is counted.
        let text = "é ".repeat(1000);
        let n = Normalized::new(&text);
        assert!(n.offsets().checkpoint_len() >= 1000);
        assert!(n.capacity() >= n.as_str().len() + n.offsets().checkpoint_len() * 8);
    }
}
