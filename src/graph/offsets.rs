//! Evidence offsets in the three units of `mentions`: code points (Python's `str`
//! indices), UTF-16 code units (JavaScript strings) and UTF-8 bytes (Rust, Go).
//!
//! An evidence item keeps its byte spans and where its unit starts in code points
//! and UTF-16 units ([`super::Evidence::start_chars`], `start_utf16`), computed
//! once when it is made with a [`TextIndex`] of the document; every other offset
//! lies inside the evidence text and is counted from it.

use super::Evidence;
use crate::span::Span;

/// One span in the three units, end exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Offsets3 {
    /// Code points.
    pub chars: [usize; 2],
    /// UTF-16 code units.
    pub utf16: [usize; 2],
    /// UTF-8 bytes.
    pub bytes: [usize; 2],
}

/// The offsets of an evidence item into its document: the unit and the two
/// mentions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EvidenceOffsets {
    /// The unit (`start`, `end`).
    pub unit: Offsets3,
    /// The source entity's mention.
    pub source: Offsets3,
    /// The target entity's mention.
    pub target: Offsets3,
}

impl Evidence {
    /// The offsets of the unit and both mentions in the three units, counted in
    /// one pass over the evidence text.
    pub fn offsets(&self) -> EvidenceOffsets {
        let base = self.span.start;
        // Byte positions inside the text, sorted, with where each goes.
        let mut wanted = [
            (self.span.end, 0),
            (self.source.start, 1),
            (self.source.end, 2),
            (self.target.start, 3),
            (self.target.end, 4),
        ];
        wanted.sort_unstable();
        let mut found = [(0usize, 0usize); 5];
        let (mut chars, mut utf16) = (self.start_chars, self.start_utf16);
        let mut it = self.text.char_indices().peekable();
        for &(byte, slot) in &wanted {
            let rel = byte.saturating_sub(base);
            while let Some(&(i, c)) = it.peek() {
                if i >= rel {
                    break;
                }
                chars += 1;
                utf16 += c.len_utf16();
                it.next();
            }
            found[slot] = (chars, utf16);
        }
        let span = |s: Span, a: usize, b: usize| Offsets3 {
            chars: [found[a].0, found[b].0],
            utf16: [found[a].1, found[b].1],
            bytes: [s.start, s.end],
        };
        let start = (self.start_chars, self.start_utf16);
        EvidenceOffsets {
            unit: Offsets3 {
                chars: [start.0, found[0].0],
                utf16: [start.1, found[0].1],
                bytes: [self.span.start, self.span.end],
            },
            source: span(self.source, 1, 2),
            target: span(self.target, 3, 4),
        }
    }
}

/// Code point and UTF-16 positions of byte offsets in a text, each counted from
/// the position asked for last: a document's evidence is asked for in text order,
/// give or take a few bytes, so its text is counted about once in all.
pub(crate) struct TextIndex<'t> {
    text: &'t str,
    /// The last position asked for: `(byte, code points, UTF-16 units)`.
    cursor: (usize, usize, usize),
}

impl<'t> TextIndex<'t> {
    pub(crate) fn new(text: &'t str) -> TextIndex<'t> {
        TextIndex { text, cursor: (0, 0, 0) }
    }

    /// `(code points, UTF-16 units)` before byte `at` (a character boundary).
    pub(crate) fn at(&mut self, at: usize) -> (usize, usize) {
        let at = at.min(self.text.len());
        let (from, chars, utf16) = self.cursor;
        let bytes = self.text.as_bytes();
        let (mut c, mut u) = (0, 0);
        self.cursor = if at >= from {
            count(&bytes[from..at], &mut c, &mut u);
            (at, chars + c, utf16 + u)
        } else {
            // Whole characters lie between two boundaries: take them off.
            count(&bytes[at..from], &mut c, &mut u);
            (at, chars - c, utf16 - u)
        };
        (self.cursor.1, self.cursor.2)
    }
}

/// Adds the code points and UTF-16 units of `bytes` (whole characters of valid
/// UTF-8) by their bytes, without decoding them: a code point per byte that does
/// not continue a character, a second UTF-16 unit per four-byte character. Eight
/// bytes of ASCII at a time count eight of each.
fn count(bytes: &[u8], chars: &mut usize, utf16: &mut usize) {
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("a chunk of eight bytes"));
        if word & 0x8080_8080_8080_8080 == 0 {
            *chars += 8;
            *utf16 += 8;
        } else {
            count_bytes(chunk, chars, utf16);
        }
    }
    count_bytes(chunks.remainder(), chars, utf16);
}

/// [`count`], a byte at a time.
fn count_bytes(bytes: &[u8], chars: &mut usize, utf16: &mut usize) {
    for &b in bytes {
        // Not a continuation byte (0x80..=0xBF).
        if (b as i8) >= -0x40 {
            *chars += 1;
            *utf16 += 1 + usize::from(b >= 0xf0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_counts_code_points_and_utf16_units() {
        let text = format!("{}Erdoğan 😀 met Łukaszenka{}", "é".repeat(5000), "x".repeat(9000));
        let mut index = TextIndex::new(&text);
        let forth = text.char_indices().step_by(97).chain([(text.len(), ' ')]);
        let back = text.char_indices().rev().step_by(89);
        for (byte, _) in forth.chain(back).chain(text.char_indices().step_by(1013)) {
            let prefix = &text[..byte];
            assert_eq!(
                index.at(byte),
                (prefix.chars().count(), prefix.encode_utf16().count()),
                "at {byte}"
            );
        }
    }

    #[test]
    fn evidence_offsets_in_three_units() {
        let doc = "Ça va. Erdoğan 😀 met Putin.";
        let start = doc.find("Erdoğan").unwrap();
        let span = Span::new(start, doc.len());
        let at = |name: &str| {
            let s = doc.find(name).unwrap();
            Span::new(s, s + name.len())
        };
        let (start_chars, start_utf16) = TextIndex::new(doc).at(start);
        let ev = Evidence {
            doc: "d".into(),
            span,
            text: doc[span.range()].into(),
            source: at("Putin"),
            target: at("Erdoğan"),
            start_chars,
            start_utf16,
        };
        let o = ev.offsets();
        let chars: Vec<char> = doc.chars().collect();
        let utf16: Vec<u16> = doc.encode_utf16().collect();
        for (o, name) in [(o.source, "Putin"), (o.target, "Erdoğan")] {
            let s: String = chars[o.chars[0]..o.chars[1]].iter().collect();
            assert_eq!(s, name);
            assert_eq!(String::from_utf16(&utf16[o.utf16[0]..o.utf16[1]]).unwrap(), name);
            assert_eq!(&doc[o.bytes[0]..o.bytes[1]], name);
        }
        assert_eq!(o.unit.chars, [7, chars.len()]);
        assert_eq!(o.unit.utf16, [7, utf16.len()]);
        assert_eq!(o.source.chars, [21, 26]);
        assert_eq!(o.source.utf16, [22, 27]);
    }
}
