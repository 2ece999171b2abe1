//! The graph of many documents: scopes, weights, evidence, typed relations, merging,
//! and runs over corpora of our own articles.

use std::collections::{BTreeMap, BTreeSet};

use entgraph::export::read_json;
use entgraph::gazetteer::Date;
use entgraph::{
    CooccurrenceGraph, Document, EdgeKind, Extractor, Gazetteer, GraphBuilder, JsonExporter, Scope,
};
use proptest::prelude::*;

use crate::util::{Cmd, bundled, bundled_extractor, data, read, rules_gazetteer};

/// Edges of a graph as "a|b" → weight (co-occurrence edges only).
fn weights(graph: &CooccurrenceGraph) -> BTreeMap<String, u64> {
    graph
        .edges()
        .filter(|(_, _, e)| e.kind == EdgeKind::Cooccurrence)
        .map(|(a, b, e)| (format!("{}|{}", a.id, b.id), e.weight))
        .collect()
}

fn graph_of(g: &Gazetteer, scope: Scope, docs: &[(&str, &str)]) -> CooccurrenceGraph {
    let extractor = Extractor::new(g).unwrap();
    let mut builder = GraphBuilder::new(g);
    builder.scope(scope).evidence_limit(Some(2));
    for (id, text) in docs {
        builder.add_document(&extractor.extract(Document::new(*id, *text)));
    }
    builder.build()
}

fn expect(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

#[test]
fn each_scope_counts_its_own_units() {
    let g = rules_gazetteer();
    let text = "China and Russia met. Brazil watched.\n\nIndia spoke to China.";
    let docs = [("d", text)];
    assert_eq!(
        weights(&graph_of(&g, Scope::Sentence, &docs)),
        expect(&[("china|india", 1), ("china|russia", 1)])
    );
    assert_eq!(
        weights(&graph_of(&g, Scope::Paragraph, &docs)),
        expect(&[
            ("brazil|china", 1),
            ("brazil|russia", 1),
            ("china|india", 1),
            ("china|russia", 1)
        ])
    );
    assert_eq!(
        weights(&graph_of(&g, Scope::Document, &docs)),
        expect(&[
            ("brazil|china", 1),
            ("brazil|india", 1),
            ("brazil|russia", 1),
            ("china|india", 1),
            ("china|russia", 1),
            ("india|russia", 1)
        ])
    );
    // At most one word between: "China and Russia", "Russia met. Brazil",
    // "Brazil watched. India"; "India spoke to China" has two.
    assert_eq!(
        weights(&graph_of(&g, Scope::Window(1), &docs)),
        expect(&[("brazil|india", 1), ("brazil|russia", 1), ("china|russia", 1)])
    );
    // Each pair of mentions within the window counts once, in the window of the
    // earlier one; each mention opens one window.
    let dense = graph_of(&g, Scope::Window(5), &[("w", "China, Russia and India met.")]);
    assert_eq!(
        weights(&dense),
        expect(&[("china|india", 1), ("china|russia", 1), ("india|russia", 1)])
    );
    assert_eq!(dense.meta.units, 3);
    assert!(dense.edges().all(|(_, _, e)| e.association == Some(1.0)));
    let graph = graph_of(&g, Scope::Paragraph, &docs);
    assert_eq!(graph.meta.scope, Scope::Paragraph);
    assert!(JsonExporter::new().to_string(&graph).contains("\"scope\": \"paragraph\""));
}

#[test]
fn weights_documents_and_association() {
    let g = rules_gazetteer();
    let docs = [
        ("a", "China and Russia met. China and Russia met again. Brazil stayed home."),
        ("b", "China and Russia talked. India watched China."),
    ];
    let graph = graph_of(&g, Scope::Sentence, &docs);
    let e = graph.edge("china", "russia").unwrap();
    assert_eq!((e.weight, e.documents), (3, 2));
    let china = graph.node("china").unwrap();
    assert_eq!((china.count, china.documents, china.units), (4, 2, 4));
    assert_eq!(graph.meta.units, 5);
    // China is in 4 of 5 sentences, Russia in 3, together in 3: positive association.
    let npmi = e.association.unwrap();
    assert!(npmi > 0.0 && npmi <= 1.0, "{npmi}");
    let weak = graph.edge("china", "india").unwrap().association.unwrap();
    assert!(weak < npmi);
}

/// A document made of sentences, each naming some of the entities.
fn corpus_doc() -> impl Strategy<Value = Vec<Vec<&'static str>>> {
    let names = prop::sample::subsequence(
        vec!["China", "Russia", "Brazil", "India", "Egypt", "Turkey"],
        0..=4,
    );
    prop::collection::vec(names, 1..6)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn weights_equal_a_naive_pair_count(docs in prop::collection::vec(corpus_doc(), 1..5)) {
        let g = rules_gazetteer();
        let texts: Vec<String> = docs
            .iter()
            .map(|sentences| {
                sentences
                    .iter()
                    .map(|names| if names.is_empty() { "Nothing here.".to_string() } else { format!("{} met.", names.join(" and ")) })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let pairs: Vec<(&str, &str)> = texts.iter().map(|t| ("d", t.as_str())).collect();
        let graph = graph_of(&g, Scope::Sentence, &pairs);
        // Naive: every pair of distinct names in every sentence.
        let mut naive: BTreeMap<String, u64> = BTreeMap::new();
        for sentences in &docs {
            for names in sentences {
                let ids: BTreeSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
                for a in &ids {
                    for b in &ids {
                        if a < b {
                            *naive.entry(format!("{a}|{b}")).or_default() += 1;
                        }
                    }
                }
            }
        }
        prop_assert_eq!(weights(&graph), naive);
    }

    #[test]
    fn merging_graphs_of_a_split_equals_the_graph_of_the_whole(split in 0usize..=6, seed in any::<u64>()) {
        let g = bundled();
        let mut docs: Vec<(String, String)> = std::fs::read_dir(data("corpus"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
            .collect();
        docs.sort();
        // A shuffle from the seed: the split is random, not just the order on disk.
        let n = docs.len();
        for i in (1..n).rev() {
            docs.swap(i, (seed.wrapping_mul(6364136223846793005).wrapping_add(i as u64) % (i as u64 + 1)) as usize);
        }
        let extractor = bundled_extractor();
        let build = |part: &[(String, String)]| {
            let mut b = GraphBuilder::new(g);
            b.evidence_limit(Some(2)).knowledge(true);
            for (id, text) in part {
                let doc = Document::new(id, text.as_str()).with_date(Date::parse("2025-01-01"));
                b.add_document(&extractor.extract(doc));
            }
            b.build()
        };
        let split = split.min(n);
        let merged = build(&docs[..split]).merge(build(&docs[split..])).unwrap().add_knowledge(g);
        let whole = build(&docs);
        let json = |graph: &CooccurrenceGraph| JsonExporter::new().to_string(graph);
        // Compared line by line, so that a failure shows the first difference only.
        let first_difference = |a: &str, b: &str| {
            a.lines().zip(b.lines()).enumerate().find(|(_, (x, y))| x != y).map(|(i, (x, y))| format!("line {i}: {x} != {y}"))
        };
        prop_assert_eq!(first_difference(&json(&merged), &json(&whole)), None);
        prop_assert_eq!(json(&merged).len(), json(&whole).len());
        // And through the JSON files, as `entgraph merge` reads them.
        let a = read_json("a.json", &json(&build(&docs[..split]))).unwrap();
        let b = read_json("b.json", &json(&build(&docs[split..]))).unwrap();
        prop_assert_eq!(first_difference(&json(&a.merge(b).unwrap().add_knowledge(g)), &json(&whole)), None);
    }
}

#[test]
fn evidence_points_into_the_documents() {
    let g = bundled();
    let dir = data("corpus");
    let out = Cmd::new().arg("extract").arg(&dir).args(["--evidence", "5", "-q"]).stdout();
    let graph = read_json("out.json", &out).unwrap();
    let mut checked = 0;
    for (a, b, e) in graph.edges() {
        assert!(e.evidence.len() <= 5);
        for ev in &e.evidence {
            let text = std::fs::read_to_string(&ev.doc).unwrap();
            assert_eq!(&text[ev.span.range()], ev.text);
            assert!(ev.span.contains(ev.source) && ev.span.contains(ev.target));
            // The mention spans name the two entities of the edge.
            let doc = bundled_extractor().extract(&text);
            let at = |span: entgraph::Span| {
                doc.mentions.iter().find(|m| m.span == span).map(|m| g.entity(m.entity).id.clone())
            };
            assert_eq!(at(ev.source).as_deref(), Some(a.id.as_str()));
            assert_eq!(at(ev.target).as_deref(), Some(b.id.as_str()));
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked}");
}

#[test]
fn same_bytes_whatever_the_thread_count() {
    let dir = data("corpus");
    let run = |threads: &str| {
        Cmd::new().arg("extract").arg(&dir).args(["--threads", threads, "-q"]).stdout()
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("4"));
    let mentions = |threads: &str| {
        Cmd::new()
            .arg("extract")
            .arg(&dir)
            .args(["-f", "mentions", "--threads", threads, "-q"])
            .stdout()
    };
    assert_eq!(mentions("1"), mentions("2"));
}

#[test]
fn json_lines_input_with_dates() {
    let out = Cmd::new()
        .args(["extract", "--input-format", "jsonl", "-q"])
        .arg(data("corpus.jsonl"))
        .stdout();
    let graph = read_json("out.json", &out).unwrap();
    assert_eq!(graph.meta.documents, 6);
    let us = graph.node("united-states").unwrap();
    assert_eq!(us.first_seen.map(|d| d.to_string()).as_deref(), Some("2025-03-04"));
    assert_eq!(us.last_seen.map(|d| d.to_string()).as_deref(), Some("2026-01-14"));
    let e = graph.edge("china", "brazil").unwrap();
    assert_eq!(e.first_seen.map(|d| d.to_string()).as_deref(), Some("2024-11-20"));
    // Directory and JSON Lines runs of the same articles give the same edges.
    let from_dir =
        read_json("d.json", &Cmd::new().arg("extract").arg(data("corpus")).arg("-q").stdout())
            .unwrap();
    assert_eq!(weights(&graph), weights(&from_dir));
}

#[test]
fn merge_command_equals_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = data("corpus");
    let files: Vec<_> = {
        let mut f: Vec<_> =
            std::fs::read_dir(&corpus).unwrap().map(|e| e.unwrap().path()).collect();
        f.sort();
        f
    };
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    Cmd::new().arg("extract").args(&files[..2]).arg("-o").arg(&a).arg("-q").stdout();
    Cmd::new().arg("extract").args(&files[2..]).arg("-o").arg(&b).arg("-q").stdout();
    let merged = Cmd::new().arg("merge").arg(&a).arg(&b).stdout();
    let whole = Cmd::new().arg("extract").args(&files).arg("-q").stdout();
    assert_eq!(merged, whole);
    // Pruning after the merge, recorded in the metadata.
    let pruned = Cmd::new().arg("merge").arg(&a).arg(&b).args(["--min-weight", "2"]).stdout();
    let graph = read_json("p.json", &pruned).unwrap();
    assert!(graph.edges().all(|(_, _, e)| e.weight >= 2));
    let pruned = graph.meta.settings.pruned.as_ref().unwrap();
    assert_eq!(pruned.min_weight, Some(2));
    assert!(pruned.edges_removed.unwrap() > 0);
}

#[test]
fn per_document_lines() {
    let out = Cmd::new().arg("extract").arg(data("corpus")).args(["--per-document", "-q"]).stdout();
    let lines: Vec<serde_json::Value> =
        out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 6);
    assert!(lines[0]["doc_id"].as_str().unwrap().ends_with("01-summit.txt"));
    assert!(lines.iter().all(|l| l["mentions"].is_array() && l["edges"].is_array()));
}

/// Relations of the edge between two ids.
fn relations(graph: &CooccurrenceGraph, a: &str, b: &str) -> BTreeMap<String, u64> {
    let relations = graph.edge(a, b).map(|e| e.relations.clone()).unwrap_or_default();
    relations.into_iter().map(|(k, n)| (k.to_string(), n)).collect()
}

#[test]
fn typed_relations_from_titles_and_cues() {
    let g = bundled();
    let text = read("articles/video-call.txt");
    let graph = graph_of(g, Scope::Sentence, &[("v", &text)]);
    // From the text alone: "Chinese President Xi Jinping", "Russian President Vladimir Putin".
    assert_eq!(relations(&graph, "xi-jinping", "china").get("leader_of"), Some(&1));
    assert_eq!(relations(&graph, "vladimir-putin", "russia").get("leader_of"), Some(&1));

    let cases: &[(&str, &str, &str, &str, bool)] = &[
        ("Putin, Russia's president, arrived.", "vladimir-putin", "russia", "leader_of", true),
        ("Xi Jinping, the Chinese president, spoke.", "xi-jinping", "china", "leader_of", true),
        (
            "President Emmanuel Macron of France spoke.",
            "emmanuel-macron",
            "france",
            "leader_of",
            true,
        ),
        // A vice-president, a minister and a company president do not lead the country.
        (
            "Vice President JD Vance of the United States spoke.",
            "jd-vance",
            "united-states",
            "leader_of",
            false,
        ),
        (
            "Brazilian Foreign Minister Mauro Vieira met Lula.",
            "mauro-vieira",
            "brazil",
            "leader_of",
            false,
        ),
        (
            "Macron met the president of a company from Brazil.",
            "emmanuel-macron",
            "brazil",
            "leader_of",
            false,
        ),
        // A comma before the title ends the phrase that names the place.
        (
            "After visiting China, President Vladimir Putin flew home.",
            "vladimir-putin",
            "china",
            "leader_of",
            false,
        ),
        // A title after the place belongs to the leader it comes before.
        (
            "The summit brought together Emmanuel Macron, Germany's Chancellor Olaf Scholz and others.",
            "emmanuel-macron",
            "germany",
            "leader_of",
            false,
        ),
        (
            "The summit brought together Emmanuel Macron, Germany's Chancellor Olaf Scholz and others.",
            "olaf-scholz",
            "germany",
            "leader_of",
            true,
        ),
        // A role phrase states who leads the place it names.
        // Dated by its dateline: an undated role phrase names no one.
        (
            "BEIJING, June 1, 2020 (Xinhua) - China's president spoke.",
            "xi-jinping",
            "china",
            "leader_of",
            true,
        ),
        (
            "Macron met Lula in Brasília.",
            "emmanuel-macron",
            "luiz-inacio-lula-da-silva",
            "meeting",
            true,
        ),
        ("Brazil and France signed an agreement.", "brazil", "france", "cooperation", true),
        ("Russia condemned Ukraine.", "russia", "ukraine", "conflict", true),
        // A topic is not a party: "talks about China" is no meeting with China.
        ("France held talks about China.", "china", "france", "meeting", false),
        ("France and Germany held talks about China.", "france", "germany", "meeting", true),
        ("France and Germany held talks on China.", "china", "france", "meeting", false),
        // For conflict, "on" names the target.
        ("The EU imposed sanctions on Russia.", "european-union", "russia", "conflict", true),
        ("Russia launched an attack on Ukraine.", "russia", "ukraine", "conflict", true),
        ("Russia and France clashed over China.", "france", "russia", "conflict", true),
        ("Russia and France clashed over China.", "china", "russia", "conflict", false),
        // A cue inside a name does not count.
        (
            "China joined the Shanghai Cooperation Organisation with Russia.",
            "china",
            "russia",
            "cooperation",
            false,
        ),
    ];
    let mut failures = Vec::new();
    for &(text, a, b, kind, expected) in cases {
        let graph = graph_of(g, Scope::Sentence, &[("t", text)]);
        let found = relations(&graph, a, b).contains_key(kind);
        if found != expected {
            failures.push(format!("{text:?}: {kind} between {a} and {b} expected {expected}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn custom_cue_lexicon() {
    let dir = tempfile::tempdir().unwrap();
    let cues = dir.path().join("cues.toml");
    std::fs::write(&cues, "trade = [\"exports\", \"imports\"]\n").unwrap();
    let out = Cmd::new()
        .arg("extract")
        .arg("--cues")
        .arg(&cues)
        .arg("-q")
        .stdin("China exports steel to Brazil. Brazil and China signed a deal.")
        .stdout();
    let graph = read_json("c.json", &out).unwrap();
    assert_eq!(
        relations(&graph, "brazil", "china"),
        [("trade".to_string(), 1)].into_iter().collect()
    );
    std::fs::write(&cues, "Trade = 3\n").unwrap();
    let out = Cmd::new().arg("extract").arg("--cues").arg(&cues).stdin("x").run();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cues.toml:1"));
}

#[test]
fn knowledge_edges_overlay_the_text() {
    let out = Cmd::new()
        .args(["extract", "--knowledge", "-q"])
        .stdin("Xi Jinping spoke. China and Brazil traded with BRICS.")
        .stdout();
    let graph = read_json("k.json", &out).unwrap();
    let kinds: BTreeSet<(String, String, &str)> = graph
        .edges()
        .filter(|(_, _, e)| e.kind != EdgeKind::Cooccurrence)
        .map(|(a, b, e)| (a.id.clone(), b.id.clone(), e.kind.as_str()))
        .collect();
    assert!(kinds.contains(&("xi-jinping".into(), "china".into(), "leader_of")), "{kinds:?}");
    assert!(kinds.contains(&("brazil".into(), "brics".into(), "member_of")), "{kinds:?}");
    assert!(kinds.contains(&("china".into(), "brics".into(), "member_of")), "{kinds:?}");
}

#[test]
fn top_edges_and_min_documents() {
    let out =
        Cmd::new().arg("extract").arg(data("corpus")).args(["--top-edges", "3", "-q"]).stdout();
    let graph = read_json("t.json", &out).unwrap();
    assert_eq!(graph.edges().count(), 3);
    let out =
        Cmd::new().arg("extract").arg(data("corpus")).args(["--min-documents", "2", "-q"]).stdout();
    let graph = read_json("m.json", &out).unwrap();
    assert!(graph.edges().all(|(_, _, e)| e.documents >= 2));
}

#[test]
fn merge_refuses_graphs_of_other_settings_and_names_the_setting() {
    let g = bundled();
    let extractor = bundled_extractor();
    let graph = |id: &str, scope: Scope, evidence: Option<usize>| {
        let mut b = GraphBuilder::new(g);
        b.scope(scope).evidence_limit(evidence);
        b.add_document(&extractor.extract(Document::new(id, "China and Russia met.")));
        b.build()
    };
    let err =
        graph("a", Scope::Sentence, None).merge(graph("b", Scope::Paragraph, None)).unwrap_err();
    assert!(matches!(err, entgraph::graph::MergeError::Setting { setting: "scope", .. }));
    assert_eq!(
        err.to_string(),
        "their scope differs (sentence in the first, paragraph in the second); extract every \
         shard with the same --scope, then merge them"
    );
    let err =
        graph("a", Scope::Sentence, Some(2)).merge(graph("b", Scope::Sentence, None)).unwrap_err();
    assert!(err.to_string().starts_with("their evidence limit differs (2 in the first, none"));
    let merged = graph("a", Scope::Sentence, None).merge(graph("b", Scope::Sentence, None));
    assert_eq!(merged.unwrap().edge("china", "russia").unwrap().weight, 2);
}

#[test]
fn merge_refuses_graphs_that_share_a_document() {
    let g = bundled();
    let extractor = bundled_extractor();
    let graph = |ids: &[&str]| {
        let mut b = GraphBuilder::new(g);
        for id in ids {
            b.add_document(&extractor.extract(Document::new(*id, "China and Russia met.")));
        }
        b.build()
    };
    let err = graph(&["a", "b", "c"]).merge(graph(&["c", "b", "d"])).unwrap_err();
    assert_eq!(err, entgraph::graph::MergeError::SharedDocuments { document: "b".into(), more: 1 });
    assert_eq!(
        err.to_string(),
        "both hold the document \"b\" and 1 more, which would be counted twice; give each \
         document to one graph only"
    );
    let merged = graph(&["a", "b"]).merge(graph(&["c"])).unwrap();
    assert_eq!(merged.document_ids(), ["a", "b", "c"]);
}

#[test]
fn a_graph_serialises_as_its_json_and_reads_back() {
    let g = bundled();
    let extractor = bundled_extractor();
    let mut b = GraphBuilder::new(g);
    b.evidence_limit(Some(2)).knowledge(true);
    b.setting("note", "mine").unwrap().setting("demonyms", true).unwrap();
    let texts = [
        ("a", "2024-05-16", "Xi Jinping met Vladimir Putin in Beijing. China and Russia agreed."),
        ("b", "2024-06", "Olaf Scholz met the French president in Berlin. Xi Jinping called."),
    ];
    for (id, date, text) in texts {
        let doc = Document::new(id, text).with_date(Date::parse(date)).with_field("title", id);
        b.add_document(&extractor.extract(doc));
    }
    let graph = b.build();
    assert_eq!(graph.meta.settings.demonyms, Some(true));
    assert_eq!(graph.meta.settings.other["note"], "mine");
    // Serde writes what the JSON exporter writes on one line.
    let json = serde_json::to_string(&graph).unwrap();
    assert_eq!(json + "\n", JsonExporter::new().compact(true).to_string(&graph));
    // And reads it back into the same graph, as `read_json` does.
    let text = JsonExporter::new().to_string(&graph);
    let back: CooccurrenceGraph = serde_json::from_str(&text).unwrap();
    assert_eq!(back.meta, graph.meta);
    assert!(back.nodes().eq(graph.nodes()));
    assert!(back.edges().map(|e| e.2).eq(graph.edges().map(|e| e.2)));
    assert_eq!(JsonExporter::new().to_string(&read_json("g.json", &text).unwrap()), text);
    // Types, relation kinds and settings are typed, written as names.
    let xi = graph.node("xi-jinping").unwrap();
    assert_eq!(xi.entity_type, entgraph::EntityType::Leader);
    let edge = graph.edge("xi-jinping", "vladimir-putin").unwrap();
    let meeting = entgraph::relations::RelationKind::parse("meeting");
    assert_eq!(edge.relations.get(&meeting), Some(&1), "{:?}", edge.relations);
    let value = serde_json::to_value(edge).unwrap();
    assert_eq!(value["relations"], serde_json::json!({"meeting": 1}));
    assert_eq!(value["kind"], "cooccurrence");
    assert_eq!(serde_json::to_value(xi).unwrap()["type"], "leader");
    // A type of a user's gazetteer reads and writes as itself.
    let node: entgraph::Node = serde_json::from_str(
        r#"{"id": "acme", "label": "Acme", "type": "company", "count": 2, "documents": 1}"#,
    )
    .unwrap();
    assert_eq!(node.entity_type, entgraph::EntityType::Other("company".into()));
    assert_eq!(serde_json::to_value(&node).unwrap()["type"], "company");
}

#[test]
fn reading_a_graph_names_what_is_wrong() {
    let text = JsonExporter::new().to_string(&{
        let mut b = GraphBuilder::new(bundled());
        b.add_document(&bundled_extractor().extract(Document::new("a", "China and Russia met.")));
        b.build()
    });
    let err = read_json("g.json", &text.replace("\"knowledge\": false", "\"knowledge\": 3"))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("g.json: not an entgraph JSON graph: graph.knowledge: invalid type"),
        "{err}"
    );
    let err = read_json("g.json", &text.replace("\"end_bytes\": 21", "\"end_bytes\": 2"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("its offsets do not fit its text"), "{err}");
    let err = read_json("g.json", &text.replace("\"scope\": \"sentence\"", "\"scope\": \"page\""))
        .unwrap_err()
        .to_string();
    assert!(err.contains("graph.scope: unknown scope \"page\""), "{err}");
}

#[test]
fn a_setting_that_does_not_fit_is_refused_and_the_graph_reads_back() {
    let mut b = GraphBuilder::new(bundled());
    let err = b.setting("demonyms", "yes").expect_err("a string is no boolean");
    assert_eq!(err.kind(), entgraph::ErrorKind::Input);
    assert!(err.to_string().contains("setting \"demonyms\""), "{err}");
    b.setting("note", "mine").unwrap().setting("metonyms", true).unwrap();
    let json = entgraph::JsonExporter::new().to_string(&b.build());
    let back: entgraph::CooccurrenceGraph = serde_json::from_str(&json).unwrap();
    assert_eq!(back.meta.settings.demonyms, None);
    assert_eq!(back.meta.settings.metonyms, Some(true));
    assert_eq!(back.meta.settings.other.get("note"), Some(&serde_json::json!("mine")));
}
