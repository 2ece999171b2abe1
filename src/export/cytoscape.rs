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
//!   "style": [{"selector": "node", "style": {...}}, ...],
//!   "elements": {
//!     "nodes": [{"data": {"id": "china", "name": "China", "label": "China",
//!                         "type": "country", "wikidata": "Q148", "wikipedia": "China",
//!                         "count": 9, "confidence_sum": 8.7, "documents": 1,
//!                         "units": 6, "doc_ids": ["a.txt"],
//!                         "degree": 3, "weighted_degree": 7, "pagerank": 0.31,
//!                         "community": 0}}],
//!     "edges": [{"data": {"id": "e0", "source": "china", "target": "russia",
//!                         "kind": "cooccurrence", "weight": 4, "confidence_sum": 3.8,
//!                         "documents": 1,
//!                         "association": 0.52, "relations": {"meeting": 1},
//!                         "doc_ids": ["a.txt"],
//!                         "evidence": [{"doc": "a.txt", "start": 0, "end": 57, ...}],
//!                         "relation_meeting": 1, "evidence_text": "...",
//!                         "evidence_doc": "a.txt", "evidence_source_start": 10, ...}}]
//!   }
//! }
//! ```
//!
//! - `data` at the top is the graph's metadata (`cy.data()`): the `graph` object of
//!   the JSON format.
//! - Node data holds the same fields as a JSON node, plus `name`, a copy of the
//!   label, because Cytoscape desktop labels nodes by `name`.
//! - Node data carries the analysis attributes (`degree`, `weighted_degree`,
//!   `pagerank`, `community`) and `doc_ids`, as in JSON.
//! - Edge data holds the same fields as a JSON link (`relations` as an object of
//!   counts, `evidence` with offsets in code points, UTF-16 units and bytes into
//!   the document `doc`, `doc_ids`), and flat copies of the nested ones, since
//!   Cytoscape desktop imports nested values empty: a `relation_<kind>` count for
//!   every kind stated on some edge (0 where not stated), and the first evidence
//!   item as `evidence_text`, `evidence_doc`, `evidence_source_start`,
//!   `evidence_source_end`, `evidence_target_start` and `evidence_target_end` (code
//!   points into `evidence_text`). Then `id`:
//!   `e0`, `e1`, ... in edge order, never equal to a node id (Cytoscape.js needs
//!   ids unique across nodes and edges), so parallel edges of `--knowledge` stay
//!   two edges, told apart by `kind`.
//! - Optional values are left out when absent, as in the JSON format.
//! - `style` is a default Cytoscape.js stylesheet, which `cy.json(file)` applies
//!   with the elements: nodes coloured and shaped by type, sized by mentions and
//!   labelled; edges as wide as their weight, background edges dashed. (It sits
//!   beside `elements`, where `cy.json` reads it, not in `data`.)

use std::collections::BTreeMap;
use std::io;

use serde::Serialize;

use super::json::{JsonEvidence, analysis_json, first_evidence_flat};
use super::{EdgeIds, number, relation_kinds};
use crate::graph::{CooccurrenceGraph, analyse};

/// Writes Cytoscape.js elements JSON.
///
/// # Example
///
/// ```
/// use entgraph::export::CytoscapeExporter;
/// use entgraph::{Document, Extractor, Gazetteer, GraphBuilder};
///
/// let gazetteer = Gazetteer::bundled().unwrap();
/// let extractor = Extractor::new(&gazetteer).unwrap();
/// let text = "China and Russia agreed.";
/// let doc = extractor.extract(Document::new("a", text));
/// let mut builder = GraphBuilder::new(&gazetteer);
/// builder.add_document(&doc);
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
    style: serde_json::Value,
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
    confidence_sum: f64,
    documents: u64,
    units: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_seen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_seen: Option<String>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    doc_ids: &'a [String],
    #[serde(flatten)]
    analysis: serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
struct EdgeData<'a> {
    id: String,
    source: &'a str,
    target: &'a str,
    kind: &'static str,
    weight: u64,
    confidence_sum: f64,
    documents: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    association: Option<f64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    relations: &'a BTreeMap<crate::relations::RelationKind, u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_seen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_seen: Option<String>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    doc_ids: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    evidence: Vec<JsonEvidence>,
    #[serde(flatten)]
    flat: serde_json::Map<String, serde_json::Value>,
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
        let analysis = analyse(graph);
        let kinds = relation_kinds(graph);
        let doc = Document {
            format_version: "1.0",
            generated_by: format!("entgraph-{}", env!("CARGO_PKG_VERSION")),
            data: super::json::meta_json(&graph.meta),
            directed: false,
            multigraph: graph.is_multigraph(),
            style: style(graph),
            elements: Elements {
                nodes: graph
                    .nodes()
                    .zip(&analysis)
                    .map(|(n, a)| Element {
                        data: NodeData {
                            id: &n.id,
                            name: &n.label,
                            label: &n.label,
                            entity_type: n.entity_type.as_str(),
                            wikidata: n.wikidata.as_deref(),
                            wikipedia: n.wikipedia.as_deref(),
                            roles: n.roles.as_deref(),
                            count: n.count,
                            confidence_sum: n.confidence_sum,
                            documents: n.documents,
                            units: n.units,
                            first_seen: n.first_seen.map(|d| d.to_string()),
                            last_seen: n.last_seen.map(|d| d.to_string()),
                            doc_ids: &n.doc_ids,
                            analysis: analysis_json(a),
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
                            confidence_sum: e.confidence_sum,
                            documents: e.documents,
                            association: e.association.filter(|x| number(*x).is_some()),
                            relations: &e.relations,
                            first_seen: e.first_seen.map(|d| d.to_string()),
                            last_seen: e.last_seen.map(|d| d.to_string()),
                            doc_ids: &e.doc_ids,
                            evidence: e.evidence.iter().map(JsonEvidence::new).collect(),
                            flat: {
                                let mut flat = serde_json::Map::new();
                                for k in &kinds {
                                    let n = e.relations.get(k).copied().unwrap_or(0);
                                    flat.insert(format!("relation_{k}"), n.into());
                                }
                                for (k, v) in first_evidence_flat(e) {
                                    let k = if k == "evidence" { "evidence_text" } else { k };
                                    flat.insert(k.into(), v);
                                }
                                flat
                            },
                        },
                    })
                    .collect(),
            },
        };
        if self.compact {
            serde_json::to_writer(&mut wtr, &doc)?;
        } else {
            super::to_writer_pretty(&mut wtr, &doc)?;
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

/// The default stylesheet: the palette and shapes of the other formats, node
/// size by mentions (20 to 80 pixels, by the square root of the count over the
/// largest), edge width by weight (1 to 8 pixels).
fn style(graph: &CooccurrenceGraph) -> serde_json::Value {
    use serde_json::json;
    let max_count = graph.nodes().map(|n| n.count).max().unwrap_or(1).max(2);
    let max_weight = graph.edges().map(|(_, _, e)| e.weight).max().unwrap_or(1).max(2);
    let mut style = vec![json!({"selector": "node", "style": {
        "label": "data(label)",
        "background-color": "#dddddd",
        "shape": "diamond",
        "width": format!("mapData(count, 1, {max_count}, 20, 80)"),
        "height": format!("mapData(count, 1, {max_count}, 20, 80)"),
        "font-size": 12,
        "text-valign": "center",
        "text-outline-color": "#ffffff",
        "text-outline-width": 2,
        "border-width": 1,
        "border-color": "#555555"
    }})];
    // Teams (`--teams keep`) get a style only in graphs that have some.
    let teams = graph.nodes().any(|n| n.entity_type == crate::gazetteer::EntityType::Team);
    for (t, shape) in [
        ("leader", "ellipse"),
        ("country", "round-rectangle"),
        ("organisation", "hexagon"),
        ("team", "octagon"),
    ] {
        if t == crate::graph::TEAM && !teams {
            continue;
        }
        let [r, g, b] = super::colour(t);
        style.push(json!({"selector": format!("node[type = \"{t}\"]"), "style": {
            "background-color": format!("#{r:02x}{g:02x}{b:02x}"),
            "shape": shape
        }}));
    }
    style.push(json!({"selector": "edge", "style": {
        "width": format!("mapData(weight, 1, {max_weight}, 1, 8)"),
        "line-color": "#888888",
        "opacity": 0.7,
        "curve-style": "haystack"
    }}));
    style.push(json!({"selector": "edge[kind != \"cooccurrence\"]", "style": {
        "line-style": "dashed",
        "line-color": "#8c6d3f",
        "width": 1,
        "curve-style": "bezier"
    }}));
    style.push(json!({"selector": ":selected", "style": {
        "border-width": 3,
        "border-color": "#d62728",
        "line-color": "#d62728"
    }}));
    serde_json::Value::Array(style)
}
