//! Property tests over random text, random gazetteers and random options: no
//! panic; every offset points exactly at the text it names; the matcher agrees
//! with a naive scan written from its documented rules; every export reads back.
//!
//! The case counts are small so the suite stays quick; `PROPTEST_CASES=5000 cargo
//! test properties` runs more.

use entgraph::export::offsets;
use entgraph::gazetteer::{AliasKind, CasePolicy, GazetteerBuilder, GazetteerFormat};
use entgraph::normalize::{fold, is_word_char};
use entgraph::{Extractor, Gazetteer, Matcher, Normalized, ResolverConfig};
use proptest::prelude::*;

use crate::checks;
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

/// Syllables of random aliases: a small alphabet, so that aliases share prefixes
/// and occur inside each other, with letters that fold (case, diacritics, `ß`).
const SYLLABLES: &[&str] =
    &["ab", "a", "b", "Ab", "AB", "abc", "é", "É", "ß", "x", "Xy", "o'b", "1"];

/// One random alias: its text, kind, case policy (`None`: the kind's default).
#[derive(Clone, Debug)]
struct RandomAlias {
    text: String,
    kind: AliasKind,
    case: Option<CasePolicy>,
}

fn alias() -> impl Strategy<Value = RandomAlias> {
    let joiner = prop::sample::select(vec![" ", "-", ""]);
    let words = prop::collection::vec((prop::sample::select(SYLLABLES), joiner), 1..4);
    let kind = prop::sample::select(AliasKind::ALL.to_vec());
    let case = prop::sample::select(vec![
        None,
        Some(CasePolicy::Sensitive),
        Some(CasePolicy::Insensitive),
        Some(CasePolicy::Proper),
    ]);
    (words, kind, case).prop_map(|(words, kind, case)| {
        let mut text = String::new();
        for (i, (w, j)) in words.iter().enumerate() {
            if i > 0 {
                text.push_str(j);
            }
            text.push_str(w);
        }
        // A gazetteer refuses aliases of one character: a lone one is doubled.
        if text.chars().count() == 1 {
            text = text.repeat(2);
        }
        RandomAlias { text, kind, case }
    })
}

/// A random gazetteer in the TOML format: up to five entities with up to four
/// aliases each (all declared ambiguous, so that sharing them is allowed), and
/// maybe an ignored phrase.
fn gazetteer() -> impl Strategy<Value = String> {
    let entity = prop::collection::vec(alias(), 1..5);
    let ignore = prop::option::of(prop::sample::select(vec!["zz ab", "Ab zz", "zz"]));
    (prop::collection::vec(entity, 1..6), ignore).prop_map(|(entities, ignore)| {
        let q = |s: &str| serde_json::to_string(s).unwrap();
        let mut toml = String::new();
        if let Some(phrase) = ignore {
            toml.push_str(&format!("ignore = [{}]\n", q(phrase)));
        }
        let types = ["leader", "country", "organisation", "company"];
        for (i, aliases) in entities.iter().enumerate() {
            toml.push_str(&format!(
                "\n[[entity]]\nid = \"e{i}\"\ntype = \"{}\"\nlabel = \"E{i}\"\n",
                types[i % types.len()]
            ));
            for kind in AliasKind::ALL {
                let items: Vec<String> = aliases
                    .iter()
                    .filter(|a| a.kind == kind)
                    .map(|a| {
                        let case = a
                            .case
                            .map_or(String::new(), |c| format!(", case = \"{}\"", c.as_str()));
                        format!("{{ text = {}, ambiguous = true{case} }}", q(&a.text))
                    })
                    .collect();
                if !items.is_empty() {
                    toml.push_str(&format!("{} = [{}]\n", kind.key(), items.join(", ")));
                }
            }
        }
        toml
    })
}

/// Text for a random gazetteer: its syllables in every case, separators that
/// folding treats specially, and arbitrary characters.
fn alias_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(SYLLABLES).prop_map(str::to_string),
        2 => prop::sample::select(SYLLABLES).prop_map(|s| s.to_uppercase()),
        1 => prop::sample::select(SYLLABLES).prop_map(|s| s.to_lowercase()),
        1 => Just("zz".to_string()),
        4 => prop::sample::select(vec![
            " ", " ", "  ", "\n", "-", "\u{2010}", "\u{2212}", "'", "’", "'s", ".", ". ", ",",
            "\u{200b}", "\u{ad}", "\u{301}", "e\u{301}", "\u{a0}", "_",
        ])
        .prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

fn load(toml: &str) -> Gazetteer {
    let mut b = GazetteerBuilder::new();
    b.add_str("random.toml", GazetteerFormat::Toml, toml);
    b.build().unwrap_or_else(|e| panic!("{e}\n{toml}"))
}

/// A match as the reference and the matcher both describe it: where it starts in
/// the original text, the folded pattern, the entities whose aliases accept it,
/// and whether it is an ignored phrase.
type Found = (usize, String, Vec<usize>, bool);

/// Word starts of folded text, from the documented rule: a letter or digit after
/// something that is neither, and not after an apostrophe inside a word.
fn word_starts(f: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = f.char_indices().collect();
    (0..chars.len())
        .filter(|&i| {
            let c = chars[i].1;
            let prev = i.checked_sub(1).map(|j| chars[j].1);
            let before_prev = i.checked_sub(2).map(|j| chars[j].1);
            is_word_char(c)
                && !prev.is_some_and(is_word_char)
                && !(prev == Some('\'') && before_prev.is_some_and(is_word_char))
        })
        .map(|i| chars[i].0)
        .collect()
}

/// True when a match ending at `end` of folded text ends a word: not before a
/// letter or digit, nor before an apostrophe inside a word, except a possessive `'s`.
fn ends_word(f: &str, end: usize) -> bool {
    let mut rest = f[end..].chars();
    match rest.next() {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some('\'') => match rest.next() {
            Some(d) if is_word_char(d) => d == 's' && !rest.next().is_some_and(is_word_char),
            _ => true,
        },
        Some(_) => true,
    }
}

/// Characters that folding drops (invisible characters, combining marks).
fn is_dropped(c: char) -> bool {
    c != '.' && fold(&format!("a{c}b"), true) == "ab"
}

/// True when a hyphen or dash, then a word, follow original position `pos`
/// (characters that folding drops are skipped): a combining form's condition.
fn hyphen_and_word_after(text: &str, pos: usize) -> bool {
    let mut rest = text[pos..].chars().filter(|&c| !is_dropped(c));
    matches!(
        rest.next(),
        Some('-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe63}' | '\u{ff0d}')
    ) && rest.next().is_some_and(is_word_char)
}

/// The naive reference: at every word start of the folded text, in order and
/// never inside the previous match, every alias (and ignored phrase) whose folded
/// form is there and ends a word, kept when one of its aliases accepts the
/// original text; the longest is taken.
fn reference(g: &Gazetteer, text: &str) -> Vec<Found> {
    let norm = Normalized::new(text);
    let f = norm.as_str();
    let mut patterns: Vec<(String, Option<(usize, usize)>)> = Vec::new();
    for (i, e) in g.entities().iter().enumerate() {
        for (j, a) in e.aliases.iter().enumerate() {
            patterns.push((fold(&a.text, true), Some((i, j))));
        }
    }
    for p in g.ignored_phrases() {
        patterns.push((fold(p, true), None));
    }
    let mut out = Vec::new();
    let mut next = 0;
    for start in word_starts(f) {
        if start < next {
            continue;
        }
        let mut best: Option<Found> = None;
        let mut best_end = 0;
        for (key, _) in &patterns {
            let end = start + key.len();
            if key.is_empty() || !f[start..].starts_with(key.as_str()) || !ends_word(f, end) {
                continue;
            }
            if best.as_ref().is_some_and(|b| b.1.len() >= key.len()) {
                continue;
            }
            let (o_start, o_end) = (norm.to_original(start), norm.to_original(end));
            let original =
                text[o_start..o_end].trim_end_matches(|c: char| c == '.' || c.is_whitespace());
            let mut entities = Vec::new();
            let mut ignored = false;
            for (k, owner) in &patterns {
                if k != key {
                    continue;
                }
                let Some((i, j)) = *owner else {
                    ignored = true;
                    continue;
                };
                let a = &g.entities()[i].aliases[j];
                let lower_only = !original.chars().any(char::is_uppercase)
                    && original.chars().any(char::is_lowercase);
                let case_ok = match a.case {
                    CasePolicy::Insensitive => true,
                    CasePolicy::Proper => !(lower_only && a.text.chars().any(char::is_uppercase)),
                    CasePolicy::Sensitive => fold(original, false) == fold(&a.text, false),
                };
                let combining_ok =
                    a.kind != AliasKind::Combining || hyphen_and_word_after(text, o_end);
                if case_ok && combining_ok {
                    entities.push(i);
                }
            }
            entities.sort_unstable();
            entities.dedup();
            if ignored || !entities.is_empty() {
                best = Some((o_start, key.clone(), entities, ignored));
                best_end = end;
            }
        }
        if let Some(b) = best {
            next = best_end;
            out.push(b);
        }
    }
    out
}

fn matched(g: &Gazetteer, text: &str) -> Vec<Found> {
    let matcher = Matcher::new(g).unwrap();
    let norm = Normalized::new(text);
    matcher
        .find_iter(text, &norm)
        .map(|m| {
            let mut entities: Vec<usize> =
                matcher.candidates(text, &m).map(|c| c.entity.as_usize()).collect();
            entities.sort_unstable();
            entities.dedup();
            (m.span.start, fold(&text[m.span.range()], true), entities, m.ignored)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

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
        for s in doc.sentences() {
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

    #[test]
    fn word_starts_follow_the_documented_rule(text in alias_text()) {
        let n = Normalized::new(&text);
        let got: Vec<usize> = n.word_starts().iter().map(|&p| p as usize).collect();
        prop_assert_eq!(got, word_starts(n.as_str()));
    }

    #[test]
    fn the_matcher_agrees_with_a_naive_scan(toml in gazetteer(), text in alias_text()) {
        let g = load(&toml);
        prop_assert_eq!(matched(&g, &text), reference(&g, &text), "\n{}", toml);
    }

    #[test]
    fn random_gazetteers_texts_and_options_keep_every_promise(
        toml in gazetteer(),
        text in alias_text(),
        config in 0u8..8,
        options in any::<u8>(),
    ) {
        let g = load(&toml);
        let config = ResolverConfig::new()
            .demonyms(config & 1 == 0)
            .explain(config & 2 != 0)
            .roles(config & 4 == 0);
        let extractor = Extractor::with_config(&g, config).unwrap();
        // Offsets, sentences, evidence, and JSON, DOT, mentions and TSV that read back.
        checks::document(&g, &extractor, &text, options);
    }
}

#[test]
fn the_reference_scan_follows_the_documented_examples() {
    let g = rules_gazetteer();
    for text in [
        "USA USAID US-China",
        "Xi'an is a city, Xi's visit",
        "New York City hall, New York Cityscape",
        "New Mexico and Mexico",
        "Sino-Russian, Sino Russian, Sino\u{200b}-Russian",
        "the U.S. said, let us go, TURKEY",
    ] {
        assert_eq!(matched(&g, text), reference(&g, text), "{text}");
    }
}
