//! Property tests over random text: no panic, and every offset the tool gives
//! points exactly at the text it names.

use entgraph::export::offsets;
use entgraph::{Extractor, Normalized};
use proptest::prelude::*;

use crate::util::rules_gazetteer;

/// Text made of alias pieces, separators and arbitrary Unicode, so that matches
/// happen next to multi-byte characters, combining marks and odd spaces.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("China".to_string()),
        Just("U.S.".to_string()),
        Just("Xi Jinping".to_string()),
        Just("Xi".to_string()),
        Just("Erdoğan".to_string()),
        Just("Côte d’Ivoire".to_string()),
        Just("Kim Jong‐un".to_string()),
        Just("Sino-".to_string()),
        Just("Jordan".to_string()),
        Just("the Russian president".to_string()),
        prop::sample::select(vec![
            " ", "  ", "\n", "\r\n", "\u{a0}", ". ", ", ", "'s ", "-", "\u{200b}", "\u{301}"
        ])
        .prop_map(str::to_string),
        any::<String>(),
        "[a-zA-Z]{1,8}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mention_offsets_slice_the_text_in_all_three_units(text in text()) {
        let g = rules_gazetteer();
        let extractor = Extractor::new(&g).unwrap();
        let doc = extractor.extract(&text);
        let chars: Vec<char> = text.chars().collect();
        let utf16: Vec<u16> = text.encode_utf16().collect();
        let offs = offsets(&text, &doc.mentions);
        for (m, o) in doc.mentions.iter().zip(&offs) {
            let by_bytes = text.get(m.span.range()).expect("byte offsets on char boundaries");
            prop_assert!(!by_bytes.is_empty());
            let by_chars: String = chars[o.start..o.end].iter().collect();
            prop_assert_eq!(&by_chars, by_bytes);
            let by_utf16 = String::from_utf16(&utf16[o.utf16_start..o.utf16_end]).unwrap();
            prop_assert_eq!(&by_utf16, by_bytes);
        }
        for w in doc.mentions.windows(2) {
            prop_assert!(w[0].span.end <= w[1].span.start, "mentions do not overlap");
        }
        for s in &doc.sentences {
            prop_assert!(text.get(s.span.range()).is_some());
        }
    }

    #[test]
    fn normalised_positions_map_back_into_the_text(text in text()) {
        let n = Normalized::new(&text);
        for &start in n.word_starts() {
            let orig = n.to_original(start as usize);
            prop_assert!(text.is_char_boundary(orig));
            prop_assert!(orig <= text.len());
        }
        prop_assert_eq!(n.to_original(n.as_str().len()), text.len());
    }
}
