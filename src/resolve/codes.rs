//! Codes and numbers: when an abbreviation is a code rather than a name, when a
//! name is followed by a regnal number.

use super::chunks::Doc;
use crate::normalize::is_word_char;
use crate::span::Span;

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
    let year = spaced && digits == 4 && crate::text::year(&rest[..4]).is_some();
    !compound && !year
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextIndex;

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
}
