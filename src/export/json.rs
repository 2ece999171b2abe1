//! Node-link JSON, as networkx's `node_link_graph` and D3's force layouts read it.
//!
//! ```json
//! {
//!   "directed": false,
//!   "multigraph": false,
//!   "graph": {"name": "entgraph", "version": "0.1.0", "scope": "sentence", "documents": 1, ...},
//!   "nodes": [{"id": "china", "label": "China", "type": "country", "wikidata": "Q148",
//!              "wikipedia": "China", "count": 9, "documents": 1}],
//!   "links": [{"source": "china", "target": "russia", "weight": 4, "documents": 1}],
//!   "edges": [{"source": "china", "target": "russia", "weight": 4, "documents": 1}]
//! }
//! ```
//!
//! The edges are written twice, under `links` and under `edges`: D3 and networkx
//! before 3.4 read `links`, networkx 3.6 reads `edges` by default, and a reader that
//! looks under the wrong key sees a graph with no edges and no error.
//!
//! Node ids are the entity ids (strings). `wikidata` and `wikipedia` are left out
//! of a node that has none, rather than written as `null`, so that a reader can
//! pass the attributes on to formats that have no null (GraphML).

use std::io;

use serde::Serialize;

use crate::graph::CooccurrenceGraph;

/// Writes node-link JSON.
///
/// # Example
///
/// ```
/// use entgraph::{Extractor, Gazetteer, GraphBuilder, JsonExporter};
///
/// let gazetteer = Gazetteer::bundled().unwrap();
/// let extractor = Extractor::new(&gazetteer).unwrap();
/// let text = "China and Russia agreed.";
/// let doc = extractor.extract(text);
/// let mut builder = GraphBuilder::new(&gazetteer);
/// builder.add_document("a", text, &doc.mentions, &doc.sentences);
/// let json = JsonExporter::new().to_string(&builder.build());
/// assert!(json.contains("\"source\": \"china\""));
/// ```
#[derive(Clone, Debug, Default)]
pub struct JsonExporter {
    compact: bool,
}

#[derive(Serialize)]
struct Doc<'a> {
    directed: bool,
    multigraph: bool,
    graph: serde_json::Map<String, serde_json::Value>,
    nodes: Vec<Node<'a>>,
    links: &'a [Link<'a>],
    edges: &'a [Link<'a>],
}

#[derive(Serialize)]
struct Node<'a> {
    id: &'a str,
    label: &'a str,
    #[serde(rename = "type")]
    entity_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    wikidata: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wikipedia: Option<&'a str>,
    count: u64,
    documents: u64,
}

#[derive(Serialize)]
struct Link<'a> {
    source: &'a str,
    target: &'a str,
    weight: u64,
    documents: u64,
}

impl JsonExporter {
    /// An exporter writing indented JSON.
    pub fn new() -> JsonExporter {
        JsonExporter::default()
    }

    /// Write everything on one line (default `false`).
    pub fn compact(mut self, yes: bool) -> JsonExporter {
        self.compact = yes;
        self
    }

    /// Writes `graph` to `wtr`.
    pub fn write<W: io::Write>(&self, graph: &CooccurrenceGraph, mut wtr: W) -> io::Result<()> {
        let mut meta = serde_json::Map::new();
        meta.insert("name".into(), "entgraph".into());
        meta.insert("version".into(), env!("CARGO_PKG_VERSION").into());
        meta.insert("scope".into(), graph.meta.scope.as_str().into());
        meta.insert("documents".into(), graph.meta.documents.into());
        for (k, v) in &graph.meta.settings {
            meta.insert(k.clone(), v.clone());
        }
        let links: Vec<Link<'_>> = graph
            .edges()
            .map(|(a, b, e)| Link {
                source: &a.id,
                target: &b.id,
                weight: e.weight,
                documents: e.documents,
            })
            .collect();
        let doc = Doc {
            directed: false,
            multigraph: false,
            graph: meta,
            nodes: graph
                .nodes()
                .map(|n| Node {
                    id: &n.id,
                    label: &n.label,
                    entity_type: &n.entity_type,
                    wikidata: n.wikidata.as_deref(),
                    wikipedia: n.wikipedia.as_deref(),
                    count: n.count,
                    documents: n.documents,
                })
                .collect(),
            links: &links,
            edges: &links,
        };
        if self.compact {
            serde_json::to_writer(&mut wtr, &doc)?;
        } else {
            serde_json::to_writer_pretty(&mut wtr, &doc)?;
        }
        wtr.write_all(b"\n")
    }

    /// The JSON as a string.
    pub fn to_string(&self, graph: &CooccurrenceGraph) -> String {
        let mut out = Vec::new();
        self.write(graph, &mut out).expect("writing to a Vec cannot fail");
        String::from_utf8(out).expect("serde_json writes UTF-8")
    }
}
