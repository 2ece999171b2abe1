//! GraphML, for yEd, Cytoscape desktop, networkx and most graph libraries.
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <graphml xmlns="http://graphml.graphdrawing.org/xmlns" ...>
//!   <key id="g_documents" for="graph" attr.name="documents" attr.type="long"/>
//!   <key id="n_label" for="node" attr.name="label" attr.type="string"/>
//!   <key id="e_weight" for="edge" attr.name="weight" attr.type="long"/>
//!   <key id="e_relation_0" for="edge" attr.name="relation_meeting" attr.type="long"/>
//!   <graph id="G" edgedefault="undirected">
//!     <data key="g_documents">1</data>
//!     <node id="china">
//!       <data key="n_label">China</data>
//!       <data key="n_name">China</data>
//!       <data key="n_type">country</data>
//!     </node>
//!     <edge id="e0" source="china" target="russia">
//!       <data key="e_kind">cooccurrence</data>
//!       <data key="e_weight">4</data>
//!     </edge>
//!   </graph>
//! </graphml>
//! ```
//!
//! - **Keys**: every attribute is declared with its type (`<key attr.name
//!   attr.type>`), which is what readers go by; the key ids (`n_label`, `e_weight`,
//!   ...) only link data to keys.
//! - **Graph data**: the graph's metadata (the `graph` object of the JSON format:
//!   `name`, `version`, `scope`, `documents`, `units`, `evidence_limit` and the
//!   settings, the gazetteer fingerprint among them), one key each: strings as
//!   `string`, integers as `long`, other numbers as `double`, booleans as
//!   `boolean`, and objects and lists as a `string` holding their JSON.
//! - **Node data**: `label`, `name` (a copy of the label: Cytoscape desktop
//!   labels nodes by `name`), `type`, `wikidata`, `wikipedia` (string), `count`
//!   (long), `confidence_sum` (double), `documents`, `units` (long), `first_seen`, `last_seen` (string, dates as
//!   written in JSON: `2024`, `2024-05` or `2024-05-01`), `doc_ids` (string: the
//!   JSON list of the first documents' ids), and the analysis attributes
//!   `degree`, `weighted_degree` (long), `pagerank` (double), `community` (long).
//!   Absent values have no `<data>`. With `--roles all`, `roles` (string: a
//!   leader's office roles, joined by `;`).
//! - **Edge data**: `kind` (string), `weight` (long), `confidence_sum` (double),
//!   `documents` (long), `association` (double), `relations` (string: the kinds stated, in name order, joined by
//!   `|`), one `relation_<kind>` count (long) for every kind stated on some edge,
//!   written on every edge (0 where not stated) rather than left to a
//!   `<default>`, which some readers give back as a string; `first_seen`,
//!   `last_seen`, `doc_ids` (string), and the first supporting unit: `evidence`
//!   (its text), `evidence_doc` (string), `evidence_source_start`,
//!   `evidence_source_end`, `evidence_target_start`, `evidence_target_end` (long:
//!   code points into the text).
//! - **yEd**: each node also has yEd's drawing (`<y:ShapeNode>` under a key with
//!   `yfiles.type="nodegraphics"`, in the yFiles namespace): its label, fill colour
//!   and shape by entity type, so that yEd shows labelled, coloured nodes (run a
//!   layout: every node starts at 0,0). Other readers skip it; networkx takes its
//!   label, the same as `label`.
//! - **Edge ids**: `e0`, `e1`, ... in edge order, so that a background edge
//!   (`leader_of`, `member_of`) beside a co-occurrence edge is a second edge, not a
//!   duplicate: networkx reads such a file as a `MultiGraph` keyed by these ids.
//! - **Text**: UTF-8; strings are escaped as `src/export/xml.rs` says, which keeps
//!   tabs and line breaks and replaces the characters XML 1.0 forbids with U+FFFD.
//!   No timestamp is written.

use std::fmt::Write as _;
use std::io;

use super::xml;
use super::{EdgeIds, number, relation_kinds, relation_list};
use crate::graph::CooccurrenceGraph;

/// Writes GraphML.
///
/// # Example
///
/// ```
/// use entgraph::export::GraphmlExporter;
/// use entgraph::{Document, Extractor, Gazetteer, GraphBuilder};
///
/// let gazetteer = Gazetteer::bundled().unwrap();
/// let extractor = Extractor::new(&gazetteer).unwrap();
/// let text = "China and Russia agreed.";
/// let doc = extractor.extract(Document::new("a", text));
/// let mut builder = GraphBuilder::new(&gazetteer);
/// builder.add_document(&doc);
/// let graphml = GraphmlExporter::new().to_string(&builder.build());
/// assert!(graphml.contains(r#"<edge id="e0" source="china" target="russia">"#));
/// ```
#[derive(Clone, Debug, Default)]
pub struct GraphmlExporter {}

const NODE_KEYS: &[(&str, &str)] = &[
    ("label", "string"),
    ("name", "string"),
    ("type", "string"),
    ("wikidata", "string"),
    ("wikipedia", "string"),
    ("count", "long"),
    ("confidence_sum", "double"),
    ("documents", "long"),
    ("units", "long"),
    ("first_seen", "string"),
    ("last_seen", "string"),
    ("doc_ids", "string"),
    ("degree", "long"),
    ("weighted_degree", "long"),
    ("pagerank", "double"),
    ("community", "long"),
];

const EDGE_KEYS: &[(&str, &str)] = &[
    ("kind", "string"),
    ("weight", "long"),
    ("confidence_sum", "double"),
    ("documents", "long"),
    ("association", "double"),
    ("relations", "string"),
];

/// The edge keys after the relation counts; then those of the first evidence
/// item ([`super::json::FIRST_EVIDENCE_KEYS`]).
const EDGE_KEYS_AFTER: &[(&str, &str)] =
    &[("first_seen", "string"), ("last_seen", "string"), ("doc_ids", "string")];

impl GraphmlExporter {
    /// An exporter.
    pub fn new() -> GraphmlExporter {
        GraphmlExporter::default()
    }

    /// Writes `graph` to `wtr`.
    pub fn write<W: io::Write>(&self, graph: &CooccurrenceGraph, mut wtr: W) -> io::Result<()> {
        wtr.write_all(self.to_string(graph).as_bytes())
    }

    /// The GraphML text.
    pub fn to_string(&self, graph: &CooccurrenceGraph) -> String {
        let mut out = String::new();
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str(
            "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
             xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
             xmlns:y=\"http://www.yworks.com/xml/graphml\" \
             xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
             http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
        );

        // Graph metadata: (key id, value as text).
        let mut graph_data = Vec::new();
        for (i, (name, value)) in super::json::meta_json(&graph.meta).into_iter().enumerate() {
            let (ty, text) = match value {
                serde_json::Value::Null => continue,
                serde_json::Value::Bool(b) => ("boolean", b.to_string()),
                serde_json::Value::String(s) => ("string", s),
                serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => ("long", n.to_string()),
                serde_json::Value::Number(n) => {
                    ("double", n.as_f64().and_then(number).unwrap_or_default())
                }
                v => ("string", v.to_string()),
            };
            let plain = !name.is_empty()
                && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            let id = if plain { format!("g_{name}") } else { format!("g{i}") };
            key(&mut out, &id, "graph", &name, ty, None);
            graph_data.push((id, text));
        }
        // `roles` is declared only when some node has it (`--roles all`).
        let roles = graph.nodes().any(|n| n.roles.is_some());
        for (name, ty) in NODE_KEYS.iter().chain(roles.then_some(&("roles", "string"))) {
            key(&mut out, &format!("n_{name}"), "node", name, ty, None);
        }
        out.push_str("  <key id=\"n_graphics\" for=\"node\" yfiles.type=\"nodegraphics\"/>\n");
        let kinds = relation_kinds(graph);
        for (name, ty) in EDGE_KEYS {
            key(&mut out, &format!("e_{name}"), "edge", name, ty, None);
        }
        for (i, kind) in kinds.iter().enumerate() {
            let name = format!("relation_{kind}");
            key(&mut out, &format!("e_relation_{i}"), "edge", &name, "long", None);
        }
        for (name, ty) in EDGE_KEYS_AFTER.iter().chain(&super::json::FIRST_EVIDENCE_KEYS) {
            key(&mut out, &format!("e_{name}"), "edge", name, ty, None);
        }

        out.push_str("  <graph id=\"G\" edgedefault=\"undirected\">\n");
        for (id, text) in &graph_data {
            data(&mut out, "    ", id, text);
        }
        let analysis = crate::graph::analyse(graph);
        for (n, a) in graph.nodes().zip(&analysis) {
            out.push_str("    <node id=\"");
            xml::attr(&mut out, &n.id);
            out.push_str("\">\n");
            let d = |out: &mut String, id: &str, text: &str| data(out, "      ", id, text);
            d(&mut out, "n_label", &n.label);
            d(&mut out, "n_name", &n.label);
            d(&mut out, "n_type", n.entity_type.as_str());
            if let Some(q) = &n.wikidata {
                d(&mut out, "n_wikidata", q);
            }
            if let Some(w) = &n.wikipedia {
                d(&mut out, "n_wikipedia", w);
            }
            if let Some(r) = &n.roles {
                d(&mut out, "n_roles", r);
            }
            d(&mut out, "n_count", &n.count.to_string());
            d(&mut out, "n_confidence_sum", &number(n.confidence_sum).unwrap_or_default());
            d(&mut out, "n_documents", &n.documents.to_string());
            d(&mut out, "n_units", &n.units.to_string());
            if let Some(date) = n.first_seen {
                d(&mut out, "n_first_seen", &date.to_string());
            }
            if let Some(date) = n.last_seen {
                d(&mut out, "n_last_seen", &date.to_string());
            }
            d(&mut out, "n_doc_ids", &serde_json::to_string(&n.doc_ids).unwrap_or_default());
            d(&mut out, "n_degree", &a.degree.to_string());
            d(&mut out, "n_weighted_degree", &a.weighted_degree.to_string());
            d(&mut out, "n_pagerank", &number(a.pagerank).unwrap_or_default());
            d(&mut out, "n_community", &a.community.to_string());
            yed_node(&mut out, &n.label, n.entity_type.as_str());
            out.push_str("    </node>\n");
        }
        let ids = EdgeIds::new(graph);
        for (i, (a, b, e)) in graph.edges().enumerate() {
            let _ = write!(out, "    <edge id=\"{}\" source=\"", ids.get(i));
            xml::attr(&mut out, &a.id);
            out.push_str("\" target=\"");
            xml::attr(&mut out, &b.id);
            out.push_str("\">\n");
            let d = |out: &mut String, id: &str, text: &str| data(out, "      ", id, text);
            d(&mut out, "e_kind", e.kind.as_str());
            d(&mut out, "e_weight", &e.weight.to_string());
            d(&mut out, "e_confidence_sum", &number(e.confidence_sum).unwrap_or_default());
            d(&mut out, "e_documents", &e.documents.to_string());
            if let Some(x) = e.association.and_then(number) {
                d(&mut out, "e_association", &x);
            }
            if !e.relations.is_empty() {
                d(&mut out, "e_relations", &relation_list(&e.relations));
            }
            for (i, kind) in kinds.iter().enumerate() {
                let count = e.relations.get(kind).copied().unwrap_or(0);
                d(&mut out, &format!("e_relation_{i}"), &count.to_string());
            }
            if let Some(date) = e.first_seen {
                d(&mut out, "e_first_seen", &date.to_string());
            }
            if let Some(date) = e.last_seen {
                d(&mut out, "e_last_seen", &date.to_string());
            }
            d(&mut out, "e_doc_ids", &serde_json::to_string(&e.doc_ids).unwrap_or_default());
            for (name, value) in super::json::first_evidence_flat(e) {
                let text = match value {
                    serde_json::Value::String(s) => s,
                    v => v.to_string(),
                };
                d(&mut out, &format!("e_{name}"), &text);
            }
            out.push_str("    </edge>\n");
        }
        out.push_str("  </graph>\n</graphml>\n");
        out
    }
}

/// yEd's drawing of a node (the yFiles extension, which yEd reads for labels,
/// colours and shapes; other readers skip it or, as networkx, take the label):
/// the entity type's colour and shape, as wide as the label.
fn yed_node(out: &mut String, label: &str, entity_type: &str) {
    let shape = match entity_type {
        "leader" => "ellipse",
        "country" => "rectangle",
        "organisation" => "hexagon",
        "team" => "octagon",
        _ => "diamond",
    };
    let [r, g, b] = super::colour(entity_type);
    let width = 24 + 8 * label.lines().map(|l| l.chars().count()).max().unwrap_or(0).min(60);
    let height = 16 + 14 * label.lines().count().clamp(1, 6);
    let _ = write!(
        out,
        "      <data key=\"n_graphics\"><y:ShapeNode><y:Geometry x=\"0.0\" y=\"0.0\" \
         width=\"{width}.0\" height=\"{height}.0\"/><y:Fill color=\"#{r:02X}{g:02X}{b:02X}\" \
         transparent=\"false\"/><y:NodeLabel>"
    );
    xml::text(out, label);
    let _ = writeln!(out, "</y:NodeLabel><y:Shape type=\"{shape}\"/></y:ShapeNode></data>");
}

fn key(out: &mut String, id: &str, domain: &str, name: &str, ty: &str, default: Option<&str>) {
    out.push_str("  <key id=\"");
    xml::attr(out, id);
    let _ = write!(out, "\" for=\"{domain}\" attr.name=\"");
    xml::attr(out, name);
    let _ = write!(out, "\" attr.type=\"{ty}\"");
    match default {
        None => out.push_str("/>\n"),
        Some(d) => {
            out.push_str(">\n    <default>");
            xml::text(out, d);
            out.push_str("</default>\n  </key>\n");
        }
    }
}

fn data(out: &mut String, indent: &str, key: &str, text: &str) {
    let _ = write!(out, "{indent}<data key=\"");
    xml::attr(out, key);
    out.push_str("\">");
    xml::text(out, text);
    out.push_str("</data>\n");
}
