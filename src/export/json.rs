//! Node-link JSON, as networkx's `node_link_graph` and D3's force layouts read it,
//! and as `entgraph merge` reads it back.
//!
//! It is the serde serialisation of the graph's types: a [`CooccurrenceGraph`]
//! serialises as the document below (on one line, as `serde_json` writes it), a
//! [`Node`] as a node without the analysis attributes, an [`Edge`] as a link
//! without `source` and `target`, an [`Evidence`] as an evidence item, a
//! [`GraphMeta`] as the `graph` object without `name` and `version` (with
//! `document_info`); each reads back with `serde_json::from_str`. The exporter
//! adds the layout choices: indentation, the key of the edges, the flat form.
//!
//! ```json
//! {
//!   "directed": false,
//!   "multigraph": false,
//!   "graph": {"name": "entgraph", "version": "0.1.0", "scope": "sentence",
//!             "documents": 1, "units": 12, "evidence_limit": 3, ...},
//!   "documents": [{"id": "a.txt", "date": "2024-05-01", "title": "...", "url": "..."}],
//!   "nodes": [{"id": "china", "label": "China", "type": "country", "wikidata": "Q148",
//!              "wikipedia": "China", "count": 9, "confidence_sum": 8.7,
//!              "documents": 1, "units": 6,
//!              "first_seen": "2024-05-01", "last_seen": "2024-05-01",
//!              "doc_ids": ["a.txt"], "timeline": {"2024-05-01": 1},
//!              "degree": 3, "weighted_degree": 7, "pagerank": 0.31, "community": 0}],
//!   "links": [{"source": "china", "target": "russia", "kind": "cooccurrence",
//!              "weight": 4, "confidence_sum": 3.8, "documents": 1, "association": 0.52,
//!              "relations": {"meeting": 1},
//!              "first_seen": "2024-05-01", "last_seen": "2024-05-01",
//!              "doc_ids": ["a.txt"], "timeline": {"2024-05-01": 4},
//!              "evidence": [{"doc": "a.txt", "start": 0, "end": 57,
//!                            "start_utf16": 0, "end_utf16": 57,
//!                            "start_bytes": 0, "end_bytes": 59, "text": "...",
//!                            "source": [10, 15], "target": [20, 26],
//!                            "source_utf16": [10, 15], "target_utf16": [20, 26],
//!                            "source_bytes": [10, 15], "target_bytes": [21, 27]}]}],
//!   "document_ids": ["a.txt"]
//! }
//! ```
//!
//! - The edges are written once, under `links`, which D3 and networkx read
//!   (networkx 3.6 reads `edges` by default: pass `edges="links"`).
//!   [`JsonExporter::edges_key`] chooses `edges`, or both keys (each a full copy,
//!   twice the size), as versions before 0.2 wrote.
//! - `document_ids` lists the ids of the documents the graph was made from, sorted,
//!   so that `entgraph merge` can refuse inputs that share documents.
//! - Node ids are the entity ids (strings). Optional values (`wikidata`,
//!   `wikipedia`, `roles` (with `--roles all`), dates, `association`) are left out when absent, rather than
//!   written as `null`, so a reader can pass attributes on to formats without null.
//! - `confidence_sum` beside a node's `count` is the sum of its mentions'
//!   confidences, and beside an edge's `weight` the expected number of shared
//!   units in which both mentions are right (see [`crate::graph`]). A graph
//!   written before it was recorded reads with `count` and `weight` in its place.
//! - `kind` is `cooccurrence`, or `leader_of` / `member_of` for background edges
//!   from the gazetteer (with `--knowledge`); a co-occurrence edge's source is the
//!   smaller id, a background edge's source is the leader or the member.
//! - `documents` lists the documents that mention some entity, sorted by id:
//!   id, date, and the fields of the input kept for provenance (JSON Lines
//!   `title` and `url`, and any named with `--keep-field`). The metadata's
//!   `documents` is the number of documents read.
//! - `doc_ids` lists the ids of a node's or an edge's documents that sort first,
//!   at most `graph.doc_ids_limit` of them (50 by default); `documents` is how many
//!   there are in all. `timeline` counts a node's documents and an edge's weight
//!   per document date (dated documents only); GEXF makes its spells from it.
//! - `degree`, `weighted_degree`, `pagerank` and `community` are the analysis
//!   attributes of `entgraph::graph::analyse` (co-occurrence edges only;
//!   Louvain communities numbered by size); `merge` computes them again.
//! - Evidence offsets point into the document named by `doc`, end exclusive:
//!   `start`, `end`, `source` and `target` count code points (Python's `str`
//!   indices), the `_utf16` twins UTF-16 code units (JavaScript strings), and
//!   the `_bytes` twins UTF-8 bytes, as the `mentions` format does. Within the
//!   evidence `text`, a mention is at `source[0] - start`, in either unit.
//! - With `--flat` ([`JsonExporter::flat`]) every attribute is a plain value, so
//!   that networkx can write the graph it reads on to GraphML or GEXF: objects
//!   and lists become JSON text (`doc_ids`, `timeline`, metadata objects),
//!   `null`s are left out, `graph.flat` is `true`, `relations` becomes the kinds joined by `|` beside a
//!   `relation_<kind>` count for every kind, and `evidence` the text of the first
//!   supporting unit, beside `evidence_doc` and `evidence_source_start`,
//!   `evidence_source_end`, `evidence_target_start`, `evidence_target_end` (code
//!   points into that text). `merge` does not read flat files.
//! - `multigraph` is true when a pair has a background edge beside its
//!   co-occurrence edge.

use std::borrow::Cow;
use std::io;

use serde::{Deserialize, Serialize};

use super::mentions::LocalEvidence;
use crate::error::Error;
use crate::graph::{CooccurrenceGraph, DocumentInfo, Edge, Evidence, GraphMeta, Node};
use crate::span::Span;

/// Writes node-link JSON.
///
/// # Example
///
/// ```
/// use entgraph::{Document, Extractor, Gazetteer, GraphBuilder, JsonExporter};
///
/// let gazetteer = Gazetteer::bundled().unwrap();
/// let extractor = Extractor::new(&gazetteer).unwrap();
/// let text = "China and Russia agreed.";
/// let doc = extractor.extract(Document::new("a", text));
/// let mut builder = GraphBuilder::new(&gazetteer);
/// builder.add_document(&doc);
/// let json = JsonExporter::new().to_string(&builder.build());
/// assert!(json.contains("\"source\": \"china\""));
/// ```
#[derive(Clone, Debug, Default)]
pub struct JsonExporter {
    compact: bool,
    flat: bool,
    edges_key: EdgesKey,
}

/// Under which key a JSON graph holds its edges.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EdgesKey {
    /// `links`, read by D3 and networkx (the default).
    #[default]
    Links,
    /// `edges`, the default key of networkx 3.6.
    Edges,
    /// Both, each a full copy.
    Both,
}

/// The graph's JSON document as written; nodes and links borrow the graph's own
/// (the flat form changes copies).
#[derive(Serialize)]
struct GraphOut<'a> {
    directed: bool,
    multigraph: bool,
    graph: serde_json::Map<String, serde_json::Value>,
    documents: &'a [DocumentInfo],
    nodes: Vec<NodeOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    links: Option<Vec<LinkOut<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    edges: Option<Vec<LinkOut<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    document_ids: Option<&'a [String]>,
}

/// A node with the attributes the graph adds (its analysis).
#[derive(Clone, Serialize)]
struct NodeOut<'a> {
    #[serde(flatten)]
    node: Cow<'a, Node>,
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// An edge with its two ends.
#[derive(Clone, Serialize)]
struct LinkOut<'a> {
    source: &'a str,
    target: &'a str,
    #[serde(flatten)]
    edge: Cow<'a, Edge>,
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// The graph's JSON document as read: `links` or `edges`, and what older
/// versions left out.
#[derive(Deserialize)]
struct GraphIn {
    #[serde(rename = "directed")]
    _directed: bool,
    #[serde(rename = "multigraph")]
    _multigraph: bool,
    graph: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    documents: Vec<DocumentInfo>,
    nodes: Vec<Node>,
    #[serde(default)]
    links: Option<Vec<LinkIn>>,
    #[serde(default)]
    edges: Option<Vec<LinkIn>>,
    #[serde(default)]
    document_ids: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct LinkIn {
    source: String,
    target: String,
    #[serde(flatten)]
    edge: Edge,
}

/// An evidence item of the graph's JSON: its document, then what a document's
/// own edges give in the mentions output (the same fields, in the same order).
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct JsonEvidence {
    doc: String,
    #[serde(flatten)]
    at: LocalEvidence,
}

impl JsonEvidence {
    pub(crate) fn new(ev: &Evidence) -> JsonEvidence {
        JsonEvidence { doc: ev.doc.clone(), at: LocalEvidence::new(ev) }
    }
}

impl Serialize for Evidence {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        JsonEvidence::new(self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Evidence {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Evidence, D::Error> {
        let JsonEvidence { doc, at: ev } = JsonEvidence::deserialize(d)?;
        let start = ev.start_bytes;
        let end = ev.end_bytes.max(start);
        let inside = |s: [usize; 2]| start <= s[0] && s[1] <= end;
        if end - start != ev.text.len() || !inside(ev.source_bytes) || !inside(ev.target_bytes) {
            return Err(serde::de::Error::custom(format!(
                "evidence of document {doc:?}: its offsets do not fit its text (start_bytes \
                 {start}, end_bytes {end}, {} bytes of text)",
                ev.text.len()
            )));
        }
        let span = |s: [usize; 2]| Span::new(s[0], s[1].max(s[0]));
        Ok(Evidence {
            doc,
            span: Span::new(start, end),
            text: ev.text,
            source: span(ev.source_bytes),
            target: span(ev.target_bytes),
            start_chars: ev.start,
            start_utf16: ev.start_utf16,
        })
    }
}

/// A graph is written as its node-link JSON (what [`JsonExporter`] writes on one
/// line, analysis attributes included), and read from it as [`read_json`] reads
/// it.
impl Serialize for CooccurrenceGraph {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        graph_out(self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for CooccurrenceGraph {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<CooccurrenceGraph, D::Error> {
        GraphIn::deserialize(d)?.into_graph().map_err(serde::de::Error::custom)
    }
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

    /// Write only plain attribute values, which networkx can write on to GraphML
    /// and GEXF (default `false`; see the module documentation).
    pub fn flat(mut self, yes: bool) -> JsonExporter {
        self.flat = yes;
        self
    }

    /// Under which key to write the edges (default: `links`).
    pub fn edges_key(mut self, key: EdgesKey) -> JsonExporter {
        self.edges_key = key;
        self
    }

    /// Writes `graph` to `wtr`.
    pub fn write<W: io::Write>(&self, graph: &CooccurrenceGraph, mut wtr: W) -> io::Result<()> {
        let mut doc = graph_out(graph);
        if self.flat {
            flatten(graph, &mut doc);
        }
        match self.edges_key {
            EdgesKey::Links => doc.edges = None,
            EdgesKey::Edges => doc.edges = doc.links.take(),
            EdgesKey::Both => doc.edges = doc.links.clone(),
        }
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

/// The run-wide metadata as a JSON object (shared by the formats that carry it):
/// the tool, then [`GraphMeta`] but for its documents, keys in name order.
pub(crate) fn meta_json(meta: &GraphMeta) -> serde_json::Map<String, serde_json::Value> {
    // The document list is the JSON graph's own (`documents`, `document_ids`).
    let view = GraphMeta {
        documents: meta.documents,
        units: meta.units,
        scope: meta.scope,
        evidence_limit: meta.evidence_limit,
        settings: meta.settings.without_document_ids(),
        document_info: Vec::new(),
    };
    let mut m = match serde_json::to_value(&view) {
        Ok(serde_json::Value::Object(m)) => m,
        // Every field is a JSON value with string keys.
        _ => serde_json::Map::new(),
    };
    m.insert("name".into(), "entgraph".into());
    m.insert("version".into(), env!("CARGO_PKG_VERSION").into());
    m
}

fn graph_out(graph: &CooccurrenceGraph) -> GraphOut<'_> {
    let links: Vec<LinkOut> = graph
        .edges()
        .map(|(a, b, e)| LinkOut {
            source: &a.id,
            target: &b.id,
            edge: Cow::Borrowed(e),
            extra: serde_json::Map::new(),
        })
        .collect();
    let analysis = crate::graph::analyse(graph);
    GraphOut {
        directed: false,
        multigraph: graph.is_multigraph(),
        graph: meta_json(&graph.meta),
        documents: &graph.meta.document_info,
        nodes: graph
            .nodes()
            .zip(&analysis)
            .map(|(n, a)| NodeOut { node: Cow::Borrowed(n), extra: analysis_json(a) })
            .collect(),
        links: Some(links),
        edges: None,
        document_ids: graph.meta.settings.document_ids.as_deref(),
    }
}

/// The analysis attributes of a node as JSON fields.
pub(crate) fn analysis_json(
    a: &crate::graph::NodeAnalysis,
) -> serde_json::Map<String, serde_json::Value> {
    let mut m = serde_json::Map::new();
    m.insert("degree".into(), a.degree.into());
    m.insert("weighted_degree".into(), a.weighted_degree.into());
    m.insert("pagerank".into(), a.pagerank.into());
    m.insert("community".into(), a.community.into());
    m
}

/// A value as a flat attribute: objects and lists as their JSON text, `None`
/// for null.
pub(crate) fn flat_value(v: serde_json::Value) -> Option<serde_json::Value> {
    match v {
        serde_json::Value::Null => None,
        v @ (serde_json::Value::Array(_) | serde_json::Value::Object(_)) => {
            Some(v.to_string().into())
        }
        v => Some(v),
    }
}

/// The names and types (GEXF and GraphML spelling) of the flat attributes of an
/// edge's first evidence item, in the order [`first_evidence_flat`] gives them:
/// every flat format declares these.
pub(crate) const FIRST_EVIDENCE_KEYS: [(&str, &str); 6] = [
    ("evidence", "string"),
    ("evidence_doc", "string"),
    ("evidence_source_start", "long"),
    ("evidence_source_end", "long"),
    ("evidence_target_start", "long"),
    ("evidence_target_end", "long"),
];

/// The flat attributes of the first evidence item of an edge: the document and
/// both mentions in code points into its text ([`FIRST_EVIDENCE_KEYS`]).
pub(crate) fn first_evidence_flat(edge: &Edge) -> Vec<(&'static str, serde_json::Value)> {
    let Some(ev) = edge.evidence.first() else { return Vec::new() };
    let o = ev.offsets();
    let base = o.unit.chars[0];
    let values: [serde_json::Value; 6] = [
        ev.text.clone().into(),
        ev.doc.clone().into(),
        (o.source.chars[0] - base).into(),
        (o.source.chars[1] - base).into(),
        (o.target.chars[0] - base).into(),
        (o.target.chars[1] - base).into(),
    ];
    FIRST_EVIDENCE_KEYS.iter().map(|&(k, _)| k).zip(values).collect()
}

/// Replaces the nested values of `doc` by flat ones.
fn flatten(graph: &CooccurrenceGraph, doc: &mut GraphOut) {
    let meta = std::mem::take(&mut doc.graph);
    doc.graph = meta.into_iter().filter_map(|(k, v)| Some((k, flat_value(v)?))).collect();
    doc.graph.insert("flat".into(), true.into());
    for n in &mut doc.nodes {
        let node = n.node.to_mut();
        let ids = std::mem::take(&mut node.doc_ids);
        n.extra.insert("doc_ids".into(), json_text(&ids).into());
        let timeline = std::mem::take(&mut node.timeline);
        n.extra.insert("timeline".into(), json_text(&timeline).into());
    }
    let kinds = super::relation_kinds(graph);
    let mut links = doc.links.take().unwrap_or_default();
    for (l, (_, _, e)) in links.iter_mut().zip(graph.edges()) {
        let edge = l.edge.to_mut();
        let ids = std::mem::take(&mut edge.doc_ids);
        l.extra.insert("doc_ids".into(), json_text(&ids).into());
        let timeline = std::mem::take(&mut edge.timeline);
        l.extra.insert("timeline".into(), json_text(&timeline).into());
        let relations = std::mem::take(&mut edge.relations);
        l.extra.insert("relations".into(), super::relation_list(&relations).into());
        for k in &kinds {
            let n = relations.get(k).copied().unwrap_or(0);
            l.extra.insert(format!("relation_{k}"), n.into());
        }
        edge.evidence.clear();
        for (k, v) in first_evidence_flat(e) {
            l.extra.insert(k.into(), v);
        }
    }
    doc.links = Some(links);
}

/// A value as its JSON text.
fn json_text<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

const FLAT: &str = "a flat graph (written with --flat), which cannot be read back: write the \
                    graphs to merge without --flat";

/// Reads a graph written by [`JsonExporter`] (the `links` or the `edges` key).
/// `name` names the input in error messages.
///
/// ```
/// use entgraph::export::read_json;
/// let graph = read_json("g.json", r#"{"directed": false, "multigraph": false,
///     "graph": {"scope": "sentence", "documents": 1, "units": 2},
///     "nodes": [{"id": "a", "label": "A", "type": "country", "count": 1, "documents": 1, "units": 1},
///               {"id": "b", "label": "B", "type": "country", "count": 1, "documents": 1, "units": 1}],
///     "links": [{"source": "a", "target": "b", "weight": 1, "documents": 1}]}"#).unwrap();
/// assert_eq!(graph.edge("a", "b").unwrap().weight, 1);
/// ```
pub fn read_json(name: &str, text: &str) -> Result<CooccurrenceGraph, Error> {
    let bad =
        |what: String| Error::from_message(crate::ErrorKind::Input, format!("{name}: {what}"));
    let doc: GraphIn = serde_json::from_str(text).map_err(|e| {
        // Only on failure: a flat graph (`--flat`) is named as such.
        let flat = serde_json::from_str::<serde_json::Value>(text)
            .is_ok_and(|v| v["graph"]["flat"] == serde_json::Value::Bool(true));
        if flat {
            return bad(FLAT.into());
        }
        bad(format!("not an entgraph JSON graph (line {}, column {}): {e}", e.line(), e.column()))
    })?;
    doc.into_graph().map_err(bad)
}

impl GraphIn {
    /// The graph, or what is wrong with it.
    fn into_graph(self) -> Result<CooccurrenceGraph, String> {
        let mut graph = self.graph;
        if graph.get("flat") == Some(&serde_json::Value::Bool(true)) {
            return Err(FLAT.into());
        }
        for key in ["name", "version"] {
            graph.remove(key);
        }
        let mut meta: GraphMeta = serde_json::from_value(serde_json::Value::Object(graph.clone()))
            .map_err(|e| {
                // Which value, by trying each alone (every field has a default).
                let one = |k: &String, v: &serde_json::Value| {
                    let mut m = serde_json::Map::new();
                    m.insert(k.clone(), v.clone());
                    serde_json::from_value::<GraphMeta>(serde_json::Value::Object(m)).err()
                };
                match graph.iter().find_map(|(k, v)| Some((k, one(k, v)?))) {
                    Some((k, e)) => format!("not an entgraph JSON graph: graph.{k}: {e}"),
                    None => format!("not an entgraph JSON graph: graph: {e}"),
                }
            })?;
        meta.settings.document_ids = self.document_ids;
        meta.document_info = self.documents;
        let mut nodes = self.nodes;
        for n in &mut nodes {
            // Written before confidences were recorded: every mention counts.
            if n.confidence_sum.is_nan() {
                n.confidence_sum = n.count as f64;
            }
        }
        let links = self.links.or(self.edges).unwrap_or_default();
        let mut edges = Vec::with_capacity(links.len());
        for LinkIn { source, target, mut edge } in links {
            if edge.confidence_sum.is_nan() {
                edge.confidence_sum = edge.weight as f64;
            }
            edges.push((source, target, edge));
        }
        let known: std::collections::HashSet<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
        if let Some((a, b, _)) = edges
            .iter()
            .find(|(a, b, _)| !known.contains(a.as_str()) || !known.contains(b.as_str()))
        {
            return Err(format!("edge {a} -- {b} names a node that is not in \"nodes\""));
        }
        Ok(CooccurrenceGraph::from_parts(nodes, edges, meta))
    }
}
