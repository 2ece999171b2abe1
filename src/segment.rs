//! Segmentation: sentences and paragraphs, as spans of the original text.
//!
//! Part of the text layer ([`crate::text`]), built before resolution. [`split`]
//! takes a document's text and gives its [`Sentence`]s in order,
//! each with the index of its paragraph. Paragraphs end at blank lines: lines of
//! white space only (a no-break space counts), with `\n`, `\r\n` or `\r` line
//! ends. A sentence
//! ends at `.`, `!` or `?` (and any closing quotes or brackets after it) followed by
//! white space and then a capital letter, a digit, an opening quote or the end of
//! the text; and at every paragraph end, so a headline without a full stop is a
//! sentence of its own.
//!
//! A full stop does not end a sentence after an abbreviation (`Mr.`, `Dr.`,
//! `Gen.`, `St.`, `Jan.`, ..., also after an opening quote, bracket or dash:
//! `“Mr.`, `(Dr.`, `—Gen.`), after an initial (`John F. Kennedy`), or inside a
//! dotted abbreviation of letters (`U.S.`) or a number (`3.5`); the full stop after
//! a number ends one (`Inflation hit 9.1%.`). The cost of that choice is the rare
//! sentence that really ends with `U.S.` and runs on into the next one.
//!
//! One pass over the text, no allocation besides the output.

use crate::span::Span;

/// A sentence: its span in the original text and the paragraph it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// The sentence's text, trimmed of surrounding white space.
    pub span: Span,
    /// 0-based index of its paragraph.
    pub paragraph: u32,
}

/// Words that end with a full stop without ending a sentence (compared without the
/// dot; case-sensitive).
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sr", "Jr", "St", "Mt", "Ft", "Gen", "Lt", "Col", "Maj",
    "Capt", "Cpt", "Sgt", "Cpl", "Adm", "Brig", "Cmdr", "Gov", "Sen", "Rep", "Rev", "Hon", "Pres",
    "Supt", "Insp", "Det", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
    "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun", "No",
    "Nos", "Vol", "vol", "pp", "p", "vs", "v", "etc", "approx", "est", "Inc", "Ltd", "Co", "Corp",
    "Bros", "Dept", "Univ", "Assn", "Ave", "Blvd", "Rd", "Fig", "fig", "al", "cf", "ca",
];

/// The length of the longest of [`ABBREVIATIONS`], in bytes.
const ABBREVIATION_MAX_LEN: usize = {
    let mut max = 0;
    let mut i = 0;
    while i < ABBREVIATIONS.len() {
        if ABBREVIATIONS[i].len() > max {
            max = ABBREVIATIONS[i].len();
        }
        i += 1;
    }
    max
};

/// [`ABBREVIATIONS`] as numbers ([`abbreviation_key`]), sorted: a binary search
/// of a few integer comparisons tells an abbreviation, where a scan of the list
/// compared the word with every one of its 87 entries.
const ABBREVIATION_KEYS: [u64; ABBREVIATIONS.len()] = {
    assert!(ABBREVIATION_MAX_LEN < 8, "a key holds seven bytes and the length");
    let mut keys = [0u64; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = abbreviation_key(ABBREVIATIONS[i].as_bytes());
        i += 1;
    }
    // An insertion sort, which a constant allows.
    let mut i = 1;
    while i < keys.len() {
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            let swap = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = swap;
            j -= 1;
        }
        i += 1;
    }
    keys
};

/// A word of at most seven bytes as one number: its bytes, little-endian, and
/// its length in the top byte (so that no two words share a key).
const fn abbreviation_key(word: &[u8]) -> u64 {
    let mut key = (word.len() as u64) << 56;
    let mut i = 0;
    while i < word.len() {
        key |= (word[i] as u64) << (8 * i);
        i += 1;
    }
    key
}

/// True for a word of [`ABBREVIATIONS`].
fn is_abbreviation(word: &str) -> bool {
    // Most words before a full stop are longer than any abbreviation: one length
    // test spares them the search.
    word.len() <= ABBREVIATION_MAX_LEN
        && ABBREVIATION_KEYS.binary_search(&abbreviation_key(word.as_bytes())).is_ok()
}

/// Opening quotes, brackets and dashes, which may stand before an abbreviation.
const OPENERS: &[char] =
    &['"', '\'', '\u{201c}', '\u{2018}', '\u{ab}', '(', '[', '\u{2014}', '\u{2013}'];

/// Splits `text` into sentences.
///
/// # Example
///
/// ```
/// let text = "Headline\n\nMr. Xi met the U.S. envoy. They talked for 2.5 hours!";
/// let sentences = entgraph::segment::split(text);
/// let got: Vec<&str> = sentences.iter().map(|s| &text[s.span.range()]).collect();
/// assert_eq!(got, ["Headline", "Mr. Xi met the U.S. envoy.", "They talked for 2.5 hours!"]);
/// assert_eq!(sentences[1].paragraph, 1);
/// ```
pub fn split(text: &str) -> Vec<Sentence> {
    // Room for the sentences of news text (about 55 bytes each) without growing.
    let mut out = Vec::with_capacity(text.len() / 40 + 1);
    let bytes = text.as_bytes();
    let mut paragraph = 0u32;
    let mut start = 0usize;
    let mut i = 0usize;
    // The next line break and the next terminator at or after `i`, found with
    // memchr and kept until passed, so each byte is looked at about once.
    let find_nl = |from: usize| {
        memchr::memchr2(b'\n', b'\r', &bytes[from..]).map_or(bytes.len(), |k| from + k)
    };
    let find_stop = |from: usize| {
        memchr::memchr3(b'.', b'!', b'?', &bytes[from..]).map_or(bytes.len(), |k| from + k)
    };
    let (mut nl, mut stop) = (find_nl(0), find_stop(0));
    loop {
        if nl < i {
            nl = find_nl(i);
        }
        if stop < i {
            stop = find_stop(i);
        }
        i = nl.min(stop);
        if i >= bytes.len() {
            break;
        }
        if matches!(bytes[i], b'\n' | b'\r') {
            // A line break (`\r\n` is one); a blank line (only white space up to
            // the next line break) ends the paragraph.
            let mut next_line = i + 1;
            if bytes[i] == b'\r' && bytes.get(next_line) == Some(&b'\n') {
                next_line += 1;
            }
            let j = skip_white_space(text, next_line, false);
            if j < bytes.len() && matches!(bytes[j], b'\n' | b'\r') {
                push(text, start, i, paragraph, &mut out);
                paragraph += 1;
                start = skip_white_space(text, j, true);
                i = start;
            } else {
                i = next_line;
            }
            continue;
        }
        let mut end = i + 1;
        // Runs of terminators and closing quotes or brackets stay with the sentence.
        while let Some(
            c @ ('.' | '!' | '?' | '"' | '\'' | ')' | ']' | '\u{201d}' | '\u{2019}' | '\u{bb}'),
        ) = text[end..].chars().next()
        {
            end += c.len_utf8();
        }
        if ends_sentence(text, i, end) {
            push(text, start, end, paragraph, &mut out);
            start = end;
        }
        i = end;
    }
    push(text, start, text.len(), paragraph, &mut out);
    out
}

/// The first position at or after `from` that is not white space; line breaks
/// (`\n`, `\r`) count as white space only when `line_breaks` is set.
fn skip_white_space(text: &str, from: usize, line_breaks: bool) -> usize {
    let bytes = text.as_bytes();
    let mut j = from;
    while let Some(&b) = bytes.get(j) {
        let len = match b {
            b'\n' | b'\r' if !line_breaks => break,
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => 1,
            0x80.. => match text[j..].chars().next() {
                Some(c) if c.is_whitespace() => c.len_utf8(),
                _ => break,
            },
            _ => break,
        };
        j += len;
    }
    j
}

fn push(text: &str, start: usize, end: usize, paragraph: u32, out: &mut Vec<Sentence>) {
    let slice = &text[start..end];
    let trimmed_start = start + (slice.len() - slice.trim_start().len());
    let trimmed_end = start + slice.trim_end().len();
    if trimmed_start < trimmed_end {
        out.push(Sentence { span: Span::new(trimmed_start, trimmed_end), paragraph });
    }
}

/// True when the terminator at `at` (with closers up to `end`) ends a sentence.
fn ends_sentence(text: &str, at: usize, end: usize) -> bool {
    let after = &text[end..];
    let rest = after.trim_start();
    if rest.len() == after.len() && !rest.is_empty() {
        // No white space after it: a decimal, a URL, an abbreviation like U.S.-led.
        return false;
    }
    let Some(next) = rest.chars().next() else { return true };
    let starts_sentence = next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(next, '"' | '\'' | '\u{201c}' | '\u{2018}' | '(' | '[' | '-' | '\u{2014}');
    if !starts_sentence {
        return false;
    }
    if text.as_bytes()[at] != b'.' {
        return true;
    }
    // The word before the full stop.
    let head = &text[..at];
    let word_start = word_start(head);
    // Without the opening quotes, brackets and dashes before it (`“Mr.`, `—Gen.`);
    // most words start with a letter, which one byte tells.
    let mut word = &head[word_start..];
    if let Some(b'"' | b'\'' | b'(' | b'[' | 0xc2 | 0xe2) = word.as_bytes().first() {
        word = word.trim_start_matches(OPENERS);
    }
    if word.is_empty() {
        return true;
    }
    if is_abbreviation(word) {
        return false;
    }
    // An initial (`F.` in John F. Kennedy) or a dotted abbreviation (`U.S`).
    // Whether the word has one letter only: the count stops at two.
    let one_letter = word.chars().filter(|c| c.is_alphabetic()).take(2).count() == 1;
    if one_letter && word.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    // The word is short: a loop over its bytes is cheaper than memchr's call.
    if word.bytes().any(|b| b == b'.')
        && word
            .split('.')
            .all(|p| (1..=2).contains(&p.chars().count()) && p.chars().all(char::is_alphabetic))
    {
        return false;
    }
    true
}

/// Where the last word of `head` starts: after the last white space, `(` or `"`
/// (or at 0).
fn word_start(head: &str) -> usize {
    // Read back byte by byte: a word is short, and most of its characters are
    // ASCII, which their byte tells; a non-ASCII character is decoded from its
    // first byte, where the reading meets it.
    let bytes = head.as_bytes();
    let mut i = bytes.len();
    while i > 0 {
        match bytes[i - 1] {
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b'(' | b'"' => return i,
            0xc0.. => {
                let c = head[i - 1..].chars().next().expect("a character starts here");
                if c.is_whitespace() {
                    return i - 1 + c.len_utf8();
                }
            }
            _ => {}
        }
        i -= 1;
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).iter().map(|s| &text[s.span.range()]).collect()
    }

    #[test]
    fn abbreviations_initials_decimals() {
        assert_eq!(
            sentences("Gen. Smith met Dr. Jones on Jan. 5. It rained."),
            ["Gen. Smith met Dr. Jones on Jan. 5.", "It rained."]
        );
        assert_eq!(
            sentences("John F. Kennedy spoke. Then he left."),
            ["John F. Kennedy spoke.", "Then he left."]
        );
        assert_eq!(
            sentences("Growth was 3.5 percent. Prices rose."),
            ["Growth was 3.5 percent.", "Prices rose."]
        );
        assert_eq!(
            sentences("The U.S. and the U.K. agreed. Talks ended."),
            ["The U.S. and the U.K. agreed.", "Talks ended."]
        );
        assert_eq!(sentences("St. Petersburg is big."), ["St. Petersburg is big."]);
    }

    #[test]
    fn abbreviations_after_opening_quotes_brackets_and_dashes() {
        let text = "\u{201c}Mr. Putin is here,\u{201d} said \u{2018}Dr. X\u{2019} and \u{2014}Gen. Y came.";
        assert_eq!(sentences(text), [text]);
        assert_eq!(
            sentences("(Dr. Jones came.) \"Gen. Smith left."),
            ["(Dr. Jones came.)", "\"Gen. Smith left."]
        );
    }

    #[test]
    fn a_full_stop_after_a_number_ends_a_sentence() {
        for first in
            ["Inflation hit 9.1%.", "GDP grew 0.3%.", "It cost $4.2.", "The score was 3.5."]
        {
            let text = format!("{first} Putin said it was fine.");
            assert_eq!(sentences(&text), [first, "Putin said it was fine."]);
        }
    }

    #[test]
    fn blank_lines_of_any_white_space_and_any_line_end() {
        for text in [
            "Talks ended.\n\u{a0}\nPutin left.",
            "Talks ended.\r\rPutin left.",
            "Talks ended.\r\n\u{2003}\t\r\nPutin left.",
        ] {
            let got: Vec<u32> = split(text).iter().map(|s| s.paragraph).collect();
            assert_eq!(got, [0, 1], "{text:?}");
        }
        // One line break, of any kind, is no paragraph break.
        for text in ["Talks ended\rPutin left", "Talks ended\u{a0}\nPutin left"] {
            assert_eq!(sentences(text), [text]);
        }
    }

    #[test]
    fn quotes_and_marks() {
        assert_eq!(
            sentences("\"We agree,\" he said. \"Really?\" She nodded!"),
            ["\"We agree,\" he said.", "\"Really?\"", "She nodded!"]
        );
    }

    #[test]
    fn paragraphs_and_crlf() {
        let text = "Title line\r\n\r\nFirst para. Still first.\r\nsame para\r\n\r\n\r\nSecond para";
        let s = split(text);
        let got: Vec<(&str, u32)> =
            s.iter().map(|s| (&text[s.span.range()], s.paragraph)).collect();
        assert_eq!(
            got,
            [
                ("Title line", 0),
                ("First para.", 1),
                ("Still first.\r\nsame para", 1),
                ("Second para", 2)
            ]
        );
    }

    #[test]
    fn empty_and_blank() {
        assert!(split("").is_empty());
        assert!(split(" \n\n \t").is_empty());
        assert_eq!(sentences("no terminator"), ["no terminator"]);
    }

    #[test]
    fn multibyte_space_before_a_stop() {
        // A no-break space (two bytes) before the word that ends the sentence.
        assert_eq!(sentences("It was\u{a0}XY. Then more."), ["It was\u{a0}XY.", "Then more."]);
    }

    #[test]
    fn abbreviations_are_found_by_key() {
        for word in ABBREVIATIONS {
            assert!(is_abbreviation(word), "{word}");
        }
        for word in
            ["", "M", "mr", "MR", "Mr\0", "Mrs.", "Sept1", "Thursday", "al\0\0", "Gen\u{e9}"]
        {
            assert!(!is_abbreviation(word), "{word:?}");
        }
    }

    #[test]
    fn the_word_before_a_stop_starts_after_white_space() {
        for head in [
            "",
            "Mr",
            "said Mr",
            "(Mr",
            "\"Mr",
            "a\u{a0}Mr",
            "a\u{2003}Mr",
            "a\u{85}Mr",
            "\u{201c}Mr",
            "x\u{e9}t\u{e9}",
            "a\u{b}Mr",
            "a\u{1f}Mr",
            "Erdo\u{11f}an",
            "a\u{3000}\u{5317}",
        ] {
            let want = head
                .char_indices()
                .rev()
                .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '"')
                .map_or(0, |(i, c)| i + c.len_utf8());
            assert_eq!(word_start(head), want, "{head:?}");
        }
    }

    #[test]
    fn lowercase_after_stop_does_not_split() {
        assert_eq!(sentences("approx. five people came."), ["approx. five people came."]);
    }
}
