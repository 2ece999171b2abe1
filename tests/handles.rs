//! The library's handles own what they need: they can be kept in long-lived
//! structs and moved into threads, with no `static` and no borrowed gazetteer.

use std::thread;

use entgraph::export::MentionsExporter;
use entgraph::gazetteer::{Date, GazetteerBuilder, GazetteerFormat};
use entgraph::{Document, Extractor, GraphBuilder, JsonExporter};

const PEOPLE: &str = r#"
[[entity]]
id = "nowhere"
label = "Nowhere"
type = "country"
names = ["Nowhere"]
demonyms = ["Nowherean"]

[[entity]]
id = "ann-smith"
label = "Ann Smith"
type = "leader"
names = ["Ann Smith"]
"#;

/// A service that keeps an extractor and an exporter: the gazetteer they were
/// built from is a local of `Service::new` and is gone when it returns.
struct Service {
    extractor: Extractor,
    mentions: MentionsExporter,
}

impl Service {
    fn new() -> Service {
        let gazetteer = {
            let mut b = GazetteerBuilder::new();
            b.add_str("people.toml", GazetteerFormat::Toml, PEOPLE);
            b.build().unwrap_or_else(|e| panic!("{e}"))
        };
        let extractor = Extractor::new(&gazetteer).unwrap();
        let mentions = MentionsExporter::new(&gazetteer);
        Service { extractor, mentions }
    }

    fn ids(&self, text: &str) -> Vec<String> {
        let g = self.extractor.gazetteer();
        let found = self.extractor.extract(text);
        found.mentions.iter().map(|m| g.entity(m.entity).id.clone()).collect()
    }
}

#[test]
fn an_extractor_outlives_the_function_that_loaded_its_gazetteer() {
    let service = Service::new();
    assert_eq!(service.ids("Ann Smith flew to Nowhere."), ["ann-smith", "nowhere"]);
    let found = service.extractor.extract(Document::new("a", "Ann Smith flew to Nowhere."));
    let mut line = Vec::new();
    service.mentions.write_jsonl(&mut line, &found).unwrap();
    let line = String::from_utf8(line).unwrap();
    assert!(line.starts_with(r#"{"doc_id":"a","mentions":[{"#), "{line}");
    // The graph builder too: it keeps its own handle on the gazetteer.
    let mut builder = GraphBuilder::new(service.extractor.gazetteer());
    drop(service.mentions);
    builder.add_document(&found);
    drop(service.extractor);
    let graph = builder.build();
    assert_eq!(graph.edge("ann-smith", "nowhere").map(|e| e.weight), Some(1));
}

#[test]
fn extractors_move_into_threads_and_builders_come_back() {
    let service = Service::new();
    let texts = ["Ann Smith spoke in Nowhere.", "Nowhere welcomed Ann Smith.", "Nothing here."];
    let handles: Vec<_> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            // A clone shares the matcher and the gazetteer; each thread owns one.
            let extractor = service.extractor.clone();
            let doc = Document::new(format!("d{i}"), *text).with_date(Date::parse("2024-03-01"));
            thread::spawn(move || {
                let found = extractor.extract(doc);
                let mut builder = GraphBuilder::new(extractor.gazetteer());
                builder.add_document(&found);
                (found, builder.build())
            })
        })
        .collect();
    drop(service);
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(results[0].0.id(), "d0");
    assert_eq!(results[1].0.mentions.len(), 2);
    assert!(results[2].0.mentions.is_empty());
    let merged =
        results.into_iter().map(|(_, graph)| graph).reduce(|a, b| a.merge(b).unwrap()).unwrap();
    let edge = merged.edge("ann-smith", "nowhere").unwrap();
    assert_eq!((edge.weight, edge.documents), (2, 2));
    assert_eq!(merged.meta.documents, 3);
    assert!(JsonExporter::new().to_string(&merged).contains("\"d1\""));
}

#[test]
fn a_document_carries_its_text_so_nothing_can_mismatch() {
    let service = Service::new();
    // Spans refer to the document's own text, whatever text another document had.
    let long = service.extractor.extract(Document::new("long", "Far away, Ann Smith met Nowhere."));
    let short = service.extractor.extract(Document::new("short", "Nowhere."));
    for found in [&long, &short] {
        for m in &found.mentions {
            assert!(found.text().get(m.span.range()).is_some());
        }
    }
    let mut builder = GraphBuilder::new(service.extractor.gazetteer());
    builder.add_document(&short);
    builder.add_document(&long);
    let graph = builder.build();
    let edge = graph.edge("ann-smith", "nowhere").unwrap();
    assert_eq!(edge.evidence[0].text, "Far away, Ann Smith met Nowhere.");
}
