//! Cytoscape.js elements JSON, which `cytoscape({elements})` (or `cy.json(..)`)
//! loads as it is, and Cytoscape desktop imports as a `.cyjs` network.
//!
//! ```json
//! {
//!   "format_version": "1.0",
//!   "generated_by": "entgraph-0.1.0",
//!   "data": {"name": "entgraph", "version": "0.1.0", "scope": "sentence", ...},
//!   "directed": false,
//!   "multigraph": false,
//!   "elements": {
//!     "nodes": [{"data": {"id": "china", "name": "China", "label": "China",
//!                         "type": "country", "wikidata": "Q148", "wikipedia": "China",
//!                         "count": 9, "documents": 1, "units": 6}}],
//!     "edges": [{"data": {"id": "e0", "source": "china", "target": "russia",
//!                         "kind": "cooccurrence", "weight": 4, "documents": 1,
//!                         "association": 0.52, "relations": {"meeting": 1},
//!                         "evidence": [{"doc": "a.txt", "start": 0, "end": 57,
//!                                       "text": "...", "source": [10, 15],
//!                                       "target": [20, 26]}]}}]
//!   }
//! }
//! ```
//!
//! - `data` at the top is the graph's metadata (`cy.data()`): the `graph` object of
//!   the JSON format.
//! - Node data holds the same fields as a JSON node, plus `name`, a copy of the
//!   label, because Cytoscape desktop labels nodes by `name`.
//! - Edge data holds the same fields as a JSON link (`relations` as an object of
//!   counts, `evidence` with byte offsets into the document `doc`), plus `id`:
//!   `e0`, `e1`, ... in edge order, never equal to a node id (Cytoscape.js needs
//!   ids unique across nodes and edges), so parallel edges of `--knowledge` stay
//!   two edges, told apart by `kind`.
//! - Optional values are left out when absent, as in the JSON format.

use std::collections::BTreeMap;
use std::io;

use serde::Serialize;

use super::{EdgeIds, number};
use crate::graph::CooccurrenceGraph;

/// Writes Cytoscape.js elements JSON.
///
/// # Example
///
/// ```
/// use entgraph::export::CytoscapeExporter;
/// use entgraph::{Extractor, Gazetteer, GraphBuilder};
///
/// let gazetteer = Gazetteer::bundled().unwrap();
/// let extractor = Extractor::new(&gazetteer).unwrap();
/// let text = "China and Russia agreed.";
/// let doc = extractor.extract(text);
/// let mut builder = GraphBuilder::new(&gazetteer);
/// builder.add_document("a", text, None, &doc);
/// let json = CytoscapeExporter::new().to_string(&builder.build());
/// assert!(json.contains("\"source\": \"china\""));
/// ```
#[derive(Clone, Debug, Default)]
pub struct CytoscapeExporter {
    compact: bool,
}

#[derive(Serialize)]
struct Document<'a> {
    format_version: &'static str,
    generated_by: String,
    data: serde_json::Map<String, serde_json::Value>,
    directed: bool,
    multigraph: bool,
    elements: Elements<'a>,
}

#[derive(Serialize)]
struct Elements<'a> {
    nodes: Vec<Element<NodeData<'a>>>,
    edges: Vec<Element<EdgeData<'a>>>,
}

#[derive(Serialize)]
struct Element<T> {
    data: T,
}

#[derive(Serialize)]
struct NodeData<'a> {
    id: &'a str,
    name: &'a str,
    label: &'a str,
    #[serde(rename = "type")]
    entity_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    wikidata: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wikipedia: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    roles: Option<&'a str>,
    count: u64,
    documents: u64,
    units: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_seen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_seen: Option<String>,
}

#[derive(Serialize)]
struct EdgeData<'a> {
    id: String,
    source: &'a str,
    target: &'a str,
    kind: &'static str,
    weight: u64,
    documents: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    association: Option<f64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    relations: &'a BTreeMap<String, u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_seen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_seen: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    evidence: Vec<Evidence<'a>>,
}

#[derive(Serialize)]
struct Evidence<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    source: [usize; 2],
    target: [usize; 2],
}

impl CytoscapeExporter {
    /// An exporter writing indented JSON.
    pub fn new() -> CytoscapeExporter {
        CytoscapeExporter::default()
    }

    /// Write everything on one line (default `false`).
    pub fn compact(mut self, yes: bool) -> CytoscapeExporter {
        self.compact = yes;
        self
    }

    /// Writes `graph` to `wtr`.
    pub fn write<W: io::Write>(&self, graph: &CooccurrenceGraph, mut wtr: W) -> io::Result<()> {
        let ids = EdgeIds::new(graph);
        let doc = Document {
            format_version: "1.0",
            generated_by: format!("entgraph-{}", env!("CARGO_PKG_VERSION")),
            data: super::json::meta_json(&graph.meta),
            directed: false,
            multigraph: graph.is_multigraph(),
            elements: Elements {
                nodes: graph
                    .nodes()
                    .map(|n| Element {
                        data: NodeData {
                            id: &n.id,
                            name: &n.label,
                            label: &n.label,
                            entity_type: &n.entity_type,
                            wikidata: n.wikidata.as_deref(),
                            wikipedia: n.wikipedia.as_deref(),
                            roles: n.roles.as_deref(),
                            count: n.count,
                            documents: n.documents,
                            units: n.units,
                            first_seen: n.first_seen.map(|d| d.to_string()),
                            last_seen: n.last_seen.map(|d| d.to_string()),
                        },
                    })
                    .collect(),
                edges: graph
                    .edges()
                    .enumerate()
                    .map(|(i, (a, b, e))| Element {
                        data: EdgeData {
                            id: ids.get(i),
                            source: &a.id,
                            target: &b.id,
                            kind: e.kind.as_str(),
                            weight: e.weight,
                            documents: e.documents,
                            association: e.association.filter(|x| number(*x).is_some()),
                            relations: &e.relations,
                            first_seen: e.first_seen.map(|d| d.to_string()),
                            last_seen: e.last_seen.map(|d| d.to_string()),
                            evidence: e
                                .evidence
                                .iter()
                                .map(|ev| Evidence {
                                    doc: &ev.doc,
                                    start: ev.span.start,
                                    end: ev.span.end,
                                    text: &ev.text,
                                    source: [ev.source.start, ev.source.end],
                                    target: [ev.target.start, ev.target.end],
                                })
                                .collect(),
                        },
                    })
                    .collect(),
            },
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
