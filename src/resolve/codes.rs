//! Codes, numbers and years: when an abbreviation is a code rather than a name,
//! when a name is followed by a regnal number, which years a text names.

use super::chunks::Doc;
use crate::normalize::is_word_char;
use crate::span::Span;
use crate::text::{FUNCTION_WORDS, Shape, YEAR_CUES};

/// An abbreviation used as a code: right before a currency sign (`US$`, `NZ $`)
/// or a number that stands alone (`US-75`, `US 169`). A year after a space (`the
/// US 2024 election`) or a number that opens a compound word (`the US 10-year
/// yield`, `US 5G networks`) leaves the abbreviation a name.
pub(super) fn is_code(text: &str, span: Span) -> bool {
    let rest = &text[span.end..];
    let (spaced, rest) = match rest.strip_prefix(' ') {
        Some(r) => (true, r),
        None => (false, rest.strip_prefix('-').unwrap_or(rest)),
    };
    if rest.starts_with(['$', '£', '€', '¥']) {
        return true;
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return false;
    }
    let after = &rest[digits..];
    // "10-year", "5G", "3rd": the number is part of a word.
    let compound = after.chars().next().is_some_and(is_word_char)
        || (after.starts_with('-') && after[1..].chars().next().is_some_and(char::is_alphabetic));
    let year = spaced && digits == 4 && looks_like_year(&rest[..4]);
    !compound && !year
}

/// True for four ASCII digits that name a year from 1000 to 2100.
pub(super) fn looks_like_year(digits: &str) -> bool {
    digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.parse::<i32>().is_ok_and(|y| (1000..=2100).contains(&y))
}

/// True when a Roman numeral follows `pos` (`Shah Abbas II`): a name followed by a
/// regnal number that is not part of the alias names another ruler.
pub(super) fn regnal_number_after(doc: &Doc<'_>, pos: usize) -> bool {
    doc.word_after(pos).is_some_and(|(_, w)| is_regnal_number(w))
}

/// A Roman numeral of a ruler (`II`, `XIV`), not `I` (a pronoun as often).
pub(super) fn is_regnal_number(w: &str) -> bool {
    w.len() <= 6 && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L')) && w != "I"
}

/// The years the text names: four-digit numbers from 1000 to 2100 standing alone
/// (`in 2004`, `1861–65`), not part of a longer number (`1.2024`, `3,2024`) and
/// not a count before a noun (`1500 troops`), unless a word that takes a year
/// comes before it (`in 2024 elections were held`, `May 2024 figures`).
pub(super) fn years_named(doc: &Doc<'_>) -> Vec<i32> {
    let bytes = doc.text.as_bytes();
    let mut years = Vec::new();
    for w in doc.index.words() {
        let (start, end) = (w.span.start, w.span.end);
        if w.shape != Shape::Digit || !looks_like_year(&doc.text[w.span.range()]) {
            continue;
        }
        let in_number = |sep: usize, digit: Option<&u8>| {
            matches!(bytes.get(sep), Some(b',' | b'.')) && digit.is_some_and(u8::is_ascii_digit)
        };
        if (start >= 2 && in_number(start - 1, bytes.get(start - 2)))
            || in_number(end, bytes.get(end + 1))
        {
            continue;
        }
        let count = doc.word_after(end).is_some_and(|(i, word)| {
            doc.index.words()[i].shape == Shape::Lower && !FUNCTION_WORDS.contains_folded(word)
        });
        let cue =
            doc.word_before(start).is_some_and(|(_, word, _)| YEAR_CUES.contains_folded(word));
        if count && !cue {
            continue;
        }
        years.push(doc.text[w.span.range()].parse().expect("four ASCII digits"));
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextIndex;

    fn years(text: &str) -> Vec<i32> {
        let index = TextIndex::new(text);
        years_named(&Doc { text, index: &index })
    }

    #[test]
    fn codes() {
        let t = "US$ 10 and NZ $ 26 on US-75 or US 169, not US policy";
        for (word, code) in
            [("US$", true), ("NZ $", true), ("US-75", true), ("US 169", true), ("US policy", false)]
        {
            let at = t.find(word).unwrap();
            assert_eq!(is_code(t, Span::new(at, at + 2)), code, "{word}");
        }
        let t = "US $8.00, the US 2024 election, the US 10-year yield, US 5G, US 1200";
        for (word, code) in [
            ("US $", true),
            ("US 2024", false),
            ("US 10-", false),
            ("US 5G", false),
            ("US 1200", false),
        ] {
            let at = t.find(word).unwrap();
            assert_eq!(is_code(t, Span::new(at, at + 2)), code, "{word}");
        }
    }

    #[test]
    fn regnal_numbers() {
        let t = "Shah Abbas II built; Shah Abbas I built";
        let index = TextIndex::new(t);
        let doc = Doc { text: t, index: &index };
        assert!(regnal_number_after(&doc, 10));
        assert!(!regnal_number_after(&doc, 31));
    }

    #[test]
    fn years_stand_alone() {
        assert_eq!(years("In 1861, and again 1865-66 (not 12345 or 2500)"), [1861, 1865]);
        assert!(years("no years").is_empty());
        assert_eq!(
            years("They sent 1500 troops and 2,2000 guns; 1999 was calm, as in 2004 polls."),
            [1999, 2004]
        );
        assert_eq!(years("in May 2024 figures rose"), [2024]);
    }
}
