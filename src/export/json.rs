//! Node-link JSON, as networkx's `node_link_graph` and D3's force layouts read it,
//! and as `entgraph merge` reads it back.
//!
//! ```json
//! {
//!   "directed": false,
//!   "multigraph": false,
//!   "graph": {"name": "entgraph", "version": "0.1.0", "scope": "sentence",
//!             "documents": 1, "units": 12, "evidence_limit": 3, ...},
//!   "nodes": [{"id": "china", "label": "China", "type": "country", "wikidata": "Q148",
//!              "wikipedia": "China", "count": 9, "documents": 1, "units": 6,
//!              "first_seen": "2024-05-01", "last_seen": "2024-05-01"}],
//!   "links": [{"source": "china", "target": "russia", "kind": "cooccurrence",
//!              "weight": 4, "documents": 1, "association": 0.52,
//!              "relations": {"meeting": 1},
//!              "first_seen": "2024-05-01", "last_seen": "2024-05-01",
//!              "evidence": [{"doc": "a.txt", "start": 0, "end": 57, "text": "...",
//!                            "source": [10, 15], "target": [20, 26]}]}],
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
//!   `wikipedia`, dates, `association`) are left out when absent, rather than
//!   written as `null`, so a reader can pass attributes on to formats without null.
//! - `kind` is `cooccurrence`, or `leader_of` / `member_of` for background edges
//!   from the gazetteer (with `--knowledge`); a co-occurrence edge's source is the
//!   smaller id, a background edge's source is the leader or the member.
//! - Evidence offsets (`start`, `end`, `source`, `target`) are byte offsets into
//!   the document named by `doc`, end exclusive.
//! - `multigraph` is true when a pair has a background edge beside its
//!   co-occurrence edge.

use std::collections::BTreeMap;
use std::io;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::gazetteer::Date;
use crate::graph::{
    CooccurrenceGraph, DOCUMENT_IDS, Edge, EdgeKind, Evidence, GraphMeta, Node, Scope,
};
use crate::span::Span;

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
/// builder.add_document("a", text, None, &doc);
/// let json = JsonExporter::new().to_string(&builder.build());
/// assert!(json.contains("\"source\": \"china\""));
/// ```
#[derive(Clone, Debug, Default)]
pub struct JsonExporter {
    compact: bool,
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

#[derive(Serialize, Deserialize)]
struct JsonGraph {
    directed: bool,
    multigraph: bool,
    graph: serde_json::Map<String, serde_json::Value>,
    nodes: Vec<JsonNode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    links: Option<Vec<JsonLink>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    edges: Option<Vec<JsonLink>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    document_ids: Option<Vec<String>>,
}

#[derive(Serialize, Deserialize)]
struct JsonNode {
    id: String,
    label: String,
    #[serde(rename = "type")]
    entity_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    wikidata: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    wikipedia: Option<String>,
    count: u64,
    documents: u64,
    #[serde(default)]
    units: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_seen: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_seen: Option<String>,
}

#[derive(Clone, Serialize, Deserialize)]
struct JsonLink {
    source: String,
    target: String,
    #[serde(default = "cooccurrence")]
    kind: String,
    weight: u64,
    #[serde(default)]
    documents: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    association: Option<f64>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    relations: BTreeMap<String, u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_seen: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_seen: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    evidence: Vec<JsonEvidence>,
}

fn cooccurrence() -> String {
    "cooccurrence".to_string()
}

#[derive(Clone, Serialize, Deserialize)]
struct JsonEvidence {
    doc: String,
    start: usize,
    end: usize,
    text: String,
    source: [usize; 2],
    target: [usize; 2],
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

    /// Under which key to write the edges (default: `links`).
    pub fn edges_key(mut self, key: EdgesKey) -> JsonExporter {
        self.edges_key = key;
        self
    }

    /// Writes `graph` to `wtr`.
    pub fn write<W: io::Write>(&self, graph: &CooccurrenceGraph, mut wtr: W) -> io::Result<()> {
        let mut doc = to_json(graph);
        match self.edges_key {
            EdgesKey::Links => doc.edges = None,
            EdgesKey::Edges => doc.edges = doc.links.take(),
            EdgesKey::Both => doc.edges = doc.links.clone(),
        }
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

/// The run-wide metadata as a JSON object (shared by the formats that carry it).
pub(crate) fn meta_json(meta: &GraphMeta) -> serde_json::Map<String, serde_json::Value> {
    let mut m = serde_json::Map::new();
    m.insert("name".into(), "entgraph".into());
    m.insert("version".into(), env!("CARGO_PKG_VERSION").into());
    m.insert("scope".into(), meta.scope.to_string().into());
    m.insert("documents".into(), meta.documents.into());
    m.insert("units".into(), meta.units.into());
    m.insert(
        "evidence_limit".into(),
        meta.evidence_limit.map_or(serde_json::Value::Null, |l| l.into()),
    );
    for (k, v) in &meta.settings {
        // The document list is the JSON graph's own (`document_ids`).
        if k != DOCUMENT_IDS {
            m.insert(k.clone(), v.clone());
        }
    }
    m
}

fn to_json(graph: &CooccurrenceGraph) -> JsonGraph {
    let links: Vec<JsonLink> = graph
        .edges()
        .map(|(a, b, e)| JsonLink {
            source: a.id.clone(),
            target: b.id.clone(),
            kind: e.kind.as_str().to_string(),
            weight: e.weight,
            documents: e.documents,
            association: e.association,
            relations: e.relations.clone(),
            first_seen: e.first_seen.map(|d| d.to_string()),
            last_seen: e.last_seen.map(|d| d.to_string()),
            evidence: e
                .evidence
                .iter()
                .map(|ev| JsonEvidence {
                    doc: ev.doc.clone(),
                    start: ev.span.start,
                    end: ev.span.end,
                    text: ev.text.clone(),
                    source: [ev.source.start, ev.source.end],
                    target: [ev.target.start, ev.target.end],
                })
                .collect(),
        })
        .collect();
    JsonGraph {
        directed: false,
        multigraph: graph.is_multigraph(),
        graph: meta_json(&graph.meta),
        nodes: graph
            .nodes()
            .map(|n| JsonNode {
                id: n.id.clone(),
                label: n.label.clone(),
                entity_type: n.entity_type.clone(),
                wikidata: n.wikidata.clone(),
                wikipedia: n.wikipedia.clone(),
                count: n.count,
                documents: n.documents,
                units: n.units,
                first_seen: n.first_seen.map(|d| d.to_string()),
                last_seen: n.last_seen.map(|d| d.to_string()),
            })
            .collect(),
        links: Some(links),
        edges: None,
        document_ids: graph.meta.settings.get(DOCUMENT_IDS).map(|ids| {
            ids.as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        }),
    }
}

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
    let doc: JsonGraph = serde_json::from_str(text).map_err(|e| {
        bad(format!("not an entgraph JSON graph (line {}, column {}): {e}", e.line(), e.column()))
    })?;
    let date = |s: &Option<String>| -> Result<Option<Date>, Error> {
        match s {
            None => Ok(None),
            Some(s) => Date::parse(s).map(Some).ok_or_else(|| bad(format!("bad date {s:?}"))),
        }
    };
    let mut settings = doc.graph;
    let scope_name = settings.remove("scope").and_then(|v| v.as_str().map(str::to_string));
    let scope = match scope_name {
        Some(s) => Scope::parse(&s).ok_or_else(|| bad(format!("unknown scope {s:?}")))?,
        None => Scope::Sentence,
    };
    let documents = settings.remove("documents").and_then(|v| v.as_u64()).unwrap_or(0);
    let units = settings.remove("units").and_then(|v| v.as_u64()).unwrap_or(0);
    let evidence_limit =
        settings.remove("evidence_limit").and_then(|v| v.as_u64()).map(|v| v as usize);
    for key in ["name", "version"] {
        settings.remove(key);
    }
    if let Some(ids) = doc.document_ids {
        settings.insert(DOCUMENT_IDS.into(), ids.into());
    }
    let meta = GraphMeta {
        documents,
        units,
        scope,
        evidence_limit,
        settings: settings.into_iter().collect(),
    };
    let mut nodes = Vec::with_capacity(doc.nodes.len());
    for n in doc.nodes {
        nodes.push(Node {
            first_seen: date(&n.first_seen)?,
            last_seen: date(&n.last_seen)?,
            id: n.id,
            label: n.label,
            entity_type: n.entity_type,
            wikidata: n.wikidata,
            wikipedia: n.wikipedia,
            count: n.count,
            documents: n.documents,
            units: n.units,
        });
    }
    let links = doc.links.or(doc.edges).unwrap_or_default();
    let mut edges = Vec::with_capacity(links.len());
    for l in links {
        let kind = EdgeKind::parse(&l.kind)
            .ok_or_else(|| bad(format!("unknown edge kind {:?}", l.kind)))?;
        let evidence = l
            .evidence
            .into_iter()
            .map(|ev| Evidence {
                doc: ev.doc,
                span: Span::new(ev.start, ev.end.max(ev.start)),
                text: ev.text,
                source: Span::new(ev.source[0], ev.source[1].max(ev.source[0])),
                target: Span::new(ev.target[0], ev.target[1].max(ev.target[0])),
            })
            .collect();
        let edge = Edge {
            kind,
            weight: l.weight,
            documents: l.documents,
            association: l.association,
            relations: l.relations,
            first_seen: date(&l.first_seen)?,
            last_seen: date(&l.last_seen)?,
            evidence,
        };
        edges.push((l.source, l.target, edge));
    }
    let known: std::collections::HashSet<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    if let Some((a, b, _)) =
        edges.iter().find(|(a, b, _)| !known.contains(a.as_str()) || !known.contains(b.as_str()))
    {
        return Err(bad(format!("edge {a} -- {b} names a node that is not in \"nodes\"")));
    }
    Ok(CooccurrenceGraph::from_parts(nodes, edges, meta))
}
