//! Order-free results: any split of a corpus into shards, any order of the
//! documents inside each, and any order of `merge`'s arguments give the graph of
//! one run, byte for byte, in every scope. Evidence is chosen by a key of its own
//! (not the first seen), relations are counted per document, and crowded units
//! are left out the same way everywhere.
//!
//! The corpora are random sentences over a few names that the bundled gazetteer
//! knows and a few cue words. `cargo test` runs a small size; set
//! `ORDER_FREE_CASES` and `ORDER_FREE_DOCS` for more (`scripts/order-free.sh`).

use entgraph::export::read_json;
use entgraph::gazetteer::Date;
use entgraph::{CooccurrenceGraph, Document, Extraction, GraphBuilder, JsonExporter, Scope};
use proptest::prelude::*;

use crate::util::{bundled, bundled_extractor};

/// A small random number generator (xorshift), seeded by proptest.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

const NAMES: &[&str] = &[
    "China",
    "Russia",
    "France",
    "Brazil",
    "India",
    "NATO",
    "the United Nations",
    "Emmanuel Macron",
    "Chinese",
];
const VERBS: &[&str] =
    &["met", "signed a trade deal with", "attacked", "talked to", "and", "agreed with", "visited"];
const DATES: &[&str] = &["2024-05-01", "2023-11", "2025", "2024-05-03"];

/// A random document: paragraphs of sentences naming entities.
fn document(rng: &mut Rng) -> String {
    let mut text = String::new();
    for p in 0..1 + rng.below(3) {
        if p > 0 {
            text.push_str("\n\n");
        }
        for s in 0..1 + rng.below(3) {
            if s > 0 {
                text.push(' ');
            }
            let mut sentence = rng.pick(NAMES).to_string();
            for _ in 0..rng.below(4) {
                sentence = format!("{sentence} {} {}", rng.pick(VERBS), rng.pick(NAMES));
            }
            let mut chars = sentence.chars();
            let first = chars.next().unwrap().to_uppercase().collect::<String>();
            text.push_str(&format!("{first}{}.", chars.as_str()));
        }
    }
    text
}

/// A document with what was found in it (the extraction holds the document).
struct Doc {
    extracted: Extraction,
}

fn build(scope: Scope, docs: &[&Doc]) -> CooccurrenceGraph {
    let mut b = GraphBuilder::new(bundled());
    b.scope(scope).evidence_limit(Some(2)).max_unit_entities(Some(3));
    b.setting("max_unit_entities", 3).unwrap();
    for d in docs {
        b.add_document(&d.extracted);
    }
    b.build()
}

fn json(graph: &CooccurrenceGraph) -> String {
    JsonExporter::new().to_string(graph)
}

/// The first line where two outputs differ, if any.
fn first_difference(a: &str, b: &str) -> Option<String> {
    if a == b {
        return None;
    }
    let at = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
    Some(format!(
        "line {at}: {:?} != {:?}",
        a.lines().nth(at).unwrap_or(""),
        b.lines().nth(at).unwrap_or("")
    ))
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn check(seed: u64) -> Result<(), TestCaseError> {
    let mut rng = Rng(seed | 1);
    let extractor = bundled_extractor();
    let n = 1 + rng.below(env("ORDER_FREE_DOCS", 8));
    let docs: Vec<Doc> = (0..n)
        .map(|i| {
            let text = document(&mut rng);
            let date = Date::parse(rng.pick(DATES));
            let extracted = extractor.extract(Document::new(format!("d{i}"), text).with_date(date));
            Doc { extracted }
        })
        .collect();
    for scope in [Scope::Sentence, Scope::Paragraph, Scope::Window(3), Scope::Document] {
        let whole = json(&build(scope, &docs.iter().collect::<Vec<_>>()));
        // A random split into shards, each in a random order of its documents.
        let mut order: Vec<&Doc> = docs.iter().collect();
        rng.shuffle(&mut order);
        let shards = 1 + rng.below(n.min(4));
        let mut cuts: Vec<usize> = (0..shards - 1).map(|_| rng.below(n + 1)).collect();
        cuts.extend([0, n]);
        cuts.sort();
        let mut parts: Vec<CooccurrenceGraph> = cuts
            .windows(2)
            .map(|w| build(scope, &order[w[0]..w[1]]))
            // Through the JSON files, as `entgraph merge` reads them.
            .map(|g| read_json("shard.json", &json(&g)).unwrap())
            .collect();
        rng.shuffle(&mut parts);
        let merged = parts.into_iter().reduce(|a, b| a.merge(b).unwrap()).unwrap();
        prop_assert_eq!(
            first_difference(&json(&merged), &whole),
            None,
            "{} in {} shards",
            scope,
            shards
        );
        // One run over the documents in another order.
        let shuffled = json(&build(scope, &order));
        prop_assert_eq!(first_difference(&shuffled, &whole), None, "{} shuffled", scope);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: env("ORDER_FREE_CASES", 24) as u32,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_split_and_order_merge_to_the_graph_of_one_run(seed in any::<u64>()) {
        check(seed)?;
    }
}

/// The two causes of order-dependent output, each on a corpus of two documents:
/// the evidence kept under the limit, and relations counted on an edge that an
/// earlier document made.
#[test]
fn evidence_and_relations_do_not_depend_on_document_order() {
    let extractor = bundled_extractor();
    let doc = |id: &str, text: &str| Doc { extracted: extractor.extract(Document::new(id, text)) };
    // Evidence: one item kept of two; which one must not depend on the order.
    let a = doc("a", "China met Russia.");
    let b = doc("b", "Russia and China signed a trade deal.");
    // Relations: in window scope, `c` states a meeting of China and Russia more
    // than 2 words apart (no window pair), while `a` makes their edge.
    let c = doc("c", "China, after long talks and a dinner, met Russia.");
    for scope in [Scope::Sentence, Scope::Window(2)] {
        let mut one = GraphBuilder::new(bundled());
        one.scope(scope).evidence_limit(Some(1));
        let mut other = GraphBuilder::new(bundled());
        other.scope(scope).evidence_limit(Some(1));
        for d in [&a, &b, &c] {
            one.add_document(&d.extracted);
        }
        for d in [&c, &b, &a] {
            other.add_document(&d.extracted);
        }
        let (one, other) = (one.build(), other.build());
        assert_eq!(json(&one), json(&other), "{scope}");
        assert_eq!(one.edge("china", "russia").unwrap().evidence.len(), 1);
    }
}
