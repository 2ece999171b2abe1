//! XML text for the GEXF and GraphML exporters: escaping, and the characters that
//! XML 1.0 cannot carry (which the DOT exporter replaces too, since Graphviz
//! writes its strings into SVG).
//!
//! Both exporters write their XML by hand (the documents are flat and their shape
//! is fixed), so every string passes through [`attr`] or [`text`]:
//!
//! - `&`, `<`, `>` and, in attributes, `"` become entities;
//! - in attributes, tab, line feed and carriage return become character references
//!   (`&#9;`, `&#10;`, `&#13;`): a parser turns literal ones into spaces (attribute
//!   value normalisation), which would lose them;
//! - in text, a carriage return becomes `&#13;` (a parser turns a literal one into
//!   a line feed); tabs and line feeds stay as they are;
//! - characters that XML 1.0 forbids even as references (the C0 controls other than
//!   tab, line feed and carriage return, and U+FFFE, U+FFFF) are replaced by
//!   U+FFFD REPLACEMENT CHARACTER, so the file stays well-formed and a reader can
//!   see that something was there. Every other character, emoji and right-to-left
//!   text included, is written as itself (the files are UTF-8).

/// True for a character that XML 1.0 allows in a document.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// Appends `s` to `out`, escaped for a double-quoted attribute value.
pub(crate) fn attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
}

/// Appends `s` to `out`, escaped for element text.
pub(crate) fn text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            // Escaped so that `]]>` can never appear in text.
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
}

/// `s` with the characters XML 1.0 forbids replaced, as a reader of the file sees
/// it (for tests and for callers comparing what was written with what was read).
pub fn xml_safe(s: &str) -> String {
    s.chars().map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> String {
        let mut out = String::new();
        attr(&mut out, s);
        out
    }

    fn t(s: &str) -> String {
        let mut out = String::new();
        text(&mut out, s);
        out
    }

    #[test]
    fn attributes() {
        assert_eq!(a("plain"), "plain");
        assert_eq!(a(r#"say "hi" & <b>"#), "say &quot;hi&quot; &amp; &lt;b&gt;");
        assert_eq!(a("a\tb\nc\r\n"), "a&#9;b&#10;c&#13;&#10;");
        assert_eq!(a("back\\slash 'single'"), "back\\slash 'single'");
        assert_eq!(a("😀 مرحبا"), "😀 مرحبا");
    }

    #[test]
    fn text_content() {
        assert_eq!(t("a < b && c > d ]]>"), "a &lt; b &amp;&amp; c &gt; d ]]&gt;");
        assert_eq!(t("two\r\nlines\tand \"quotes\""), "two&#13;\nlines\tand \"quotes\"");
    }

    #[test]
    fn forbidden_characters_are_replaced() {
        assert_eq!(a("bell\u{7}nul\u{0}"), "bell\u{FFFD}nul\u{FFFD}");
        assert_eq!(t("\u{1b}[0m\u{FFFE}\u{FFFF}"), "\u{FFFD}[0m\u{FFFD}\u{FFFD}");
        // DEL and the C1 controls are allowed in XML 1.0.
        assert_eq!(t("\u{7f}\u{85}"), "\u{7f}\u{85}");
        assert_eq!(xml_safe("a\u{8}b\tc"), "a\u{FFFD}b\tc");
    }
}
