//! The co-occurrence graph: one node per entity, one edge per pair of entities that
//! occur in the same unit of text. A country's national team, kept with
//! `--teams keep`, is a node of its own (`team:<country id>`, type `team`).
//!
//! Stage 5. A [`GraphBuilder`] takes documents one at a time (each an [`Extraction`]:
//! the document with its id, text and date, and its mentions, sentences and
//! relation cues) and counts, for each
//! pair of entities, the units they share; then [`GraphBuilder::build`] gives a
//! [`CooccurrenceGraph`], a `petgraph` graph whose nodes carry the entity's data
//! and counts and whose edges carry:
//!
//! - `weight`: the number of units the two share (a unit is a sentence, a
//!   paragraph, a window of words or a document: [`Scope`]). A window opens at each
//!   mention and holds the mentions that follow within N words; it pairs its own
//!   mention with each of them, so in window scope the weight is the number of
//!   pairs of mentions at most N words apart, and an entity's units are its mentions;
//! - `documents`: the number of documents with at least one;
//! - `confidence_sum`: the expected number of shared units in which both mentions
//!   are right: over the units, the sum of the product of the two entities'
//!   confidences there (the highest of each entity's mentions in the unit; see
//!   [`crate::resolve::confidence`]). Beside `weight`, it says how much of the
//!   weight rests on sure mentions. A node's `confidence_sum` is the sum of its
//!   mentions' confidences, the expected number of right ones beside `count`;
//! - `association`: normalised pointwise mutual information of the pair over units,
//!   `npmi = ln(p(a,b) / (p(a) p(b))) / -ln p(a,b)`, from -1 (never together) through 0
//!   (independent) to 1 (always together), which corrects for entities that are
//!   simply frequent (clamped to 1 where a window pair outnumbers one side's
//!   mentions);
//! - `relations`: counts of the kinds of relation the text states about the pair
//!   (`leader_of`, `meeting`, `cooperation`, `conflict`; see [`crate::relations`]);
//! - `first_seen` / `last_seen`: the dates of the first and last documents, when
//!   documents have dates;
//! - `evidence`: up to a limit, the supporting units with the offsets of both
//!   mentions, chosen by a key that depends on nothing but the unit (a hash of the
//!   document id and the offsets), not on the order documents came in. A unit
//!   longer than 4,096 bytes (a document with no sentence breaks, or the document
//!   scope) is cut to a window of that size around the two mentions, or gives no
//!   evidence when they lie further apart, so that a huge unit is not copied into
//!   every edge.
//!
//! A unit that names more entities than [`GraphBuilder::max_unit_entities`] (a
//! list of 193 member states) gives no pairs: its mentions count on the nodes,
//! and the builder reports it ([`GraphBuilder::take_crowded_units`]).
//!
//! Nodes and edges also keep `doc_ids` (the ids of their documents that sort
//! first, up to [`DOC_IDS_LIMIT`] by default: chosen by id rather than input order,
//! so that any split and order of a corpus keep the same ones) and a `timeline` (documents or weight per
//! document date, from which [`spells`] makes the periods an element lives in); the graph's
//! metadata lists the documents with entities and their kept fields
//! ([`DocumentInfo`]). Evidence keeps where its unit starts in code points and
//! UTF-16 units, so that every offset can be given in the three units
//! ([`Evidence::offsets`]).
//!
//! Beside this file: `settings.rs` (the recorded settings, [`GraphSettings`]),
//! `compat.rs` (which graphs merge: [`check_compatible`], [`MergeInputs`]),
//! `prune.rs` (node and edge pruning, [`Pruning`]),
//! `analysis.rs` and `louvain.rs` (degree, PageRank, communities: [`analyse`]),
//! `timeline.rs` (spells) and `offsets.rs` (evidence offsets).
//!
//! Graphs built from disjoint sets of documents merge ([`CooccurrenceGraph::merge`])
//! into the graph of their union, byte for byte, whatever the split and the order:
//! counts add up (relations are counted per document), dates widen, evidence is
//! chosen again by its key, and association scores are computed again.
//!
//! Nodes, edges, evidence, metadata ([`GraphMeta`], its [`GraphSettings`]) and the
//! graph itself implement serde's `Serialize` and `Deserialize`, as the graph's
//! JSON writes them (see [`crate::export::JsonExporter`]): node types are an
//! [`EntityType`], relation counts are keyed by [`RelationKind`], written as names.
//! A graph reads back with `serde_json::from_str`, as `entgraph merge` reads it.
//!
//! The key decision: the builder accumulates counts keyed by entity, and the graph
//! is made once at the end with nodes sorted by id and edges by their two ids, so
//! the same documents always give the same graph, byte for byte once exported,
//! whatever order of hash maps or threads produced the counts.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;

use petgraph::graph::{NodeIndex, UnGraph};
use serde::{Deserialize, Serialize};

use crate::extract::Extraction;
use crate::gazetteer::{Date, EntityIndex, EntityType, Gazetteer};
use crate::relations::RelationKind;
use crate::resolve::MentionKind;
use crate::span::Span;
use crate::text::TextIndex;

mod analysis;
mod compat;
mod louvain;
mod offsets;
mod prune;
mod settings;
mod timeline;

pub use self::analysis::{NodeAnalysis, analyse};
pub use self::compat::{MergeError, MergeInputs, SharedDocuments, check_compatible};
pub use self::offsets::{EvidenceOffsets, Offsets3};
pub use self::prune::{Isolates, Pruning};
pub use self::settings::{GraphSettings, PruneRecord};
pub use self::timeline::{Spell, element_spells, spells};

/// How many document ids a node or an edge lists by default (`doc_ids`); its
/// `documents` count says how many there are in all.
pub const DOC_IDS_LIMIT: usize = 50;

/// A document that mentions at least one entity: its id, date and the fields of
/// its source kept for provenance (a JSON Lines `title` and `url`, or any other
/// named with `--keep-field`).
///
/// Serialised as one object: `id`, `date` when known, then the fields (but for
/// any named `id` or `date`), as the graph's JSON lists documents.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct DocumentInfo {
    /// The document's id.
    pub id: String,
    /// Its date, if known.
    #[serde(default)]
    pub date: Option<Date>,
    /// Other fields, by name.
    #[serde(flatten)]
    pub fields: serde_json::Map<String, serde_json::Value>,
}

impl Serialize for DocumentInfo {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        if let Some(date) = &self.date {
            map.serialize_entry("date", date)?;
        }
        for (k, v) in self.fields.iter().filter(|(k, _)| *k != "id" && *k != "date") {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// The unit of text in which two mentions count as co-occurring.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scope {
    /// The same sentence (the default).
    #[default]
    Sentence,
    /// The same paragraph.
    Paragraph,
    /// At most this many words between the two mentions.
    Window(u32),
    /// The same document.
    Document,
}

impl Scope {
    /// Parses `sentence`, `paragraph`, `document` or `window:N`.
    ///
    /// ```
    /// use entgraph::Scope;
    /// assert_eq!(Scope::parse("window:10"), Some(Scope::Window(10)));
    /// assert_eq!(Scope::parse("window:x"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Scope> {
        match s {
            "sentence" => Some(Scope::Sentence),
            "paragraph" => Some(Scope::Paragraph),
            "document" => Some(Scope::Document),
            _ => s.strip_prefix("window:")?.parse().ok().map(Scope::Window),
        }
    }
}

/// A scope is written as its name (`sentence`, `window:10`), as
/// [`Scope::parse`] reads it.
impl Serialize for Scope {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Scope, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Scope::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown scope {text:?} (sentence, paragraph, document or window:N)"
            ))
        })
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Sentence => f.write_str("sentence"),
            Scope::Paragraph => f.write_str("paragraph"),
            Scope::Window(n) => write!(f, "window:{n}"),
            Scope::Document => f.write_str("document"),
        }
    }
}

/// A node: an entity and how often it was mentioned.
///
/// Serialised as a node of the graph's JSON (without the analysis attributes,
/// which the graph adds): `type` for the entity type, absent values left out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// The entity's id.
    pub id: String,
    /// Display name.
    pub label: String,
    /// Entity type (`leader`, `country`, `organisation`, `team`, or a type of a
    /// user's gazetteer).
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Wikidata QID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// English Wikipedia title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikipedia: Option<String>,
    /// The roles of a leader's offices (`head-of-state;foreign-minister`), when the
    /// gazetteer kept deputies and foreign ministers ([`Roles::All`](crate::gazetteer::Roles::All)),
    /// so that a user can keep or drop them; `None` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<String>,
    /// Number of mentions.
    pub count: u64,
    /// The sum of the mentions' confidences: the expected number of right ones.
    /// (A node read alone from JSON that does not record it has NaN here; a
    /// graph read from JSON has the count in its place.)
    #[serde(default = "unrecorded")]
    pub confidence_sum: f64,
    /// Number of documents with at least one mention.
    pub documents: u64,
    /// Number of co-occurrence units with at least one mention.
    #[serde(default)]
    pub units: u64,
    /// Date of the first document (by date) that mentions it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<Date>,
    /// Date of the last document (by date) that mentions it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<Date>,
    /// The ids of the documents that mention it, sorted, the first up to the
    /// builder's limit ([`DOC_IDS_LIMIT`] by default).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub doc_ids: Vec<String>,
    /// Documents per date (dated documents only).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub timeline: BTreeMap<Date, u64>,
}

/// A confidence sum missing from JSON written before it was recorded.
fn unrecorded() -> f64 {
    f64::NAN
}

/// What an edge stands for, written as its name ([`EdgeKind::as_str`]).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// The two entities occur in the same units of text.
    #[default]
    Cooccurrence,
    /// Background knowledge from the gazetteer: a leader's office (source: the
    /// leader, target: the country or organisation).
    LeaderOf,
    /// Background knowledge from the gazetteer: a membership (source: the member,
    /// target: the organisation).
    MemberOf,
}

impl EdgeKind {
    /// The kind's name in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Cooccurrence => "cooccurrence",
            EdgeKind::LeaderOf => "leader_of",
            EdgeKind::MemberOf => "member_of",
        }
    }

    /// Parses a kind's name.
    pub fn parse(s: &str) -> Option<EdgeKind> {
        [EdgeKind::Cooccurrence, EdgeKind::LeaderOf, EdgeKind::MemberOf]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A supporting unit of text for an edge.
///
/// Serialised as an evidence item of the graph's JSON: the document, then the
/// unit's and both mentions' offsets in code points, UTF-16 units and bytes, and
/// the text ([`crate::export::LocalEvidence`]); reading one checks that the
/// offsets fit the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// The document's id.
    pub doc: String,
    /// The unit's span in the document (bytes).
    pub span: Span,
    /// The unit's text.
    pub text: String,
    /// The first mention of the edge's source entity in the unit (document bytes).
    pub source: Span,
    /// The first mention of the edge's target entity in the unit (document bytes).
    pub target: Span,
    /// Where the unit starts in the document, in code points.
    pub start_chars: usize,
    /// Where the unit starts in the document, in UTF-16 code units.
    pub start_utf16: usize,
}

/// An edge: two entities that share units of text, or a background relation.
///
/// Serialised as a link of the graph's JSON without its `source` and `target`
/// (which the graph adds), absent values left out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// What the edge stands for (`cooccurrence` when not written).
    #[serde(default)]
    pub kind: EdgeKind,
    /// Number of units the two share (1 for knowledge edges).
    pub weight: u64,
    /// The expected number of shared units in which both mentions are right
    /// (the weight, 1, for knowledge edges); see the [module docs](self). (An
    /// edge read alone from JSON that does not record it has NaN here; a graph
    /// read from JSON has the weight in its place.)
    #[serde(default = "unrecorded")]
    pub confidence_sum: f64,
    /// Number of documents in which they share at least one.
    #[serde(default)]
    pub documents: u64,
    /// Normalised PMI over units (co-occurrence edges).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub association: Option<f64>,
    /// Counts of relation kinds stated in the shared units.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub relations: BTreeMap<RelationKind, u64>,
    /// Date of the first document with the pair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<Date>,
    /// Date of the last document with the pair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<Date>,
    /// The ids of the documents with the pair, sorted, the first up to the
    /// builder's limit ([`DOC_IDS_LIMIT`] by default).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub doc_ids: Vec<String>,
    /// Weight (shared units) per document date (dated documents only).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub timeline: BTreeMap<Date, u64>,
    /// Supporting units, up to the builder's limit: those of smallest
    /// [`evidence_key`], ordered by document id and position.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// Run-wide facts about a graph: what made it and how.
///
/// Serialised as one object: the counts, scope and evidence limit, the settings
/// beside them, and `document_info`. The graph's JSON writes all but the
/// documents in its `graph` object (and those as its `documents` and
/// `document_ids`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GraphMeta {
    /// Number of documents read.
    #[serde(default)]
    pub documents: u64,
    /// Number of co-occurrence units read (sentences, paragraphs, windows or
    /// documents), the denominator of the association scores.
    #[serde(default)]
    pub units: u64,
    /// The co-occurrence scope (sentence when not written).
    #[serde(default)]
    pub scope: Scope,
    /// The evidence cap per edge (`None`: all kept).
    #[serde(default)]
    pub evidence_limit: Option<usize>,
    /// The settings recorded.
    #[serde(flatten)]
    pub settings: GraphSettings,
    /// The documents that mention some entity, sorted by id (so that a merge
    /// equals one run whatever the order of the documents).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub document_info: Vec<DocumentInfo>,
}

/// The name of the setting that lists the ids of the documents a graph was made
/// from (sorted, each once), so that a merge can refuse graphs that share
/// documents: [`GraphSettings::document_ids`].
pub const DOCUMENT_IDS: &str = "document_ids";

/// The name of the setting that records how many units were left out of the
/// pairs for naming too many entities (see [`GraphBuilder::max_unit_entities`]):
/// [`GraphSettings::crowded_units`].
pub const CROWDED_UNITS: &str = "crowded_units";

/// The key that chooses which evidence an edge keeps (the smallest): a hash of
/// the document id and the offsets of the unit and of the two mentions (in
/// either order), then those values to break ties. It depends on nothing else,
/// so the same units are kept whatever the order of documents or merges.
pub fn evidence_key(ev: &Evidence) -> (u64, &str, [usize; 6]) {
    let (h, at) = key_parts(doc_hash(&ev.doc), ev.span, ev.source, ev.target);
    (h, ev.doc.as_str(), at)
}

/// The start of the hash of [`evidence_key`]: FNV-1a (64 bits, stable across
/// platforms, versions and runs) over the document id and a 0xff byte. A
/// document's items all start with it, so it is computed once per document.
fn doc_hash(doc: &str) -> u64 {
    fnv_step(doc.bytes().fold(0xcbf2_9ce4_8422_2325, fnv_step), 0xff)
}

fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// The hash and offsets of [`evidence_key`], from the parts of an evidence item:
/// the hash goes on from `doc_hash` over the offsets (64-bit little-endian).
fn key_parts(doc_hash: u64, span: Span, a: Span, b: Span) -> (u64, [usize; 6]) {
    let (lo, hi) = if (a.start, a.end) <= (b.start, b.end) { (a, b) } else { (b, a) };
    let at = [span.start, span.end, lo.start, lo.end, hi.start, hi.end];
    let mut h = doc_hash;
    for v in at {
        h = (v as u64).to_le_bytes().into_iter().fold(h, fnv_step);
    }
    (h, at)
}

/// Keeps the `limit` items of smallest [`evidence_key`], ordered by document id
/// and position.
fn select_evidence(evidence: &mut Vec<Evidence>, limit: Option<usize>) {
    if let Some(limit) = limit
        && evidence.len() > limit
    {
        evidence.sort_by(|a, b| evidence_key(a).cmp(&evidence_key(b)));
        evidence.truncate(limit);
    }
    evidence.sort_by(|a, b| {
        evidence_key(a).1.cmp(evidence_key(b).1).then(evidence_key(a).2.cmp(&evidence_key(b).2))
    });
}

/// The name of the setting that holds the most bytes of evidence text a graph
/// keeps in all (see [`GraphBuilder::max_evidence_bytes`]):
/// [`GraphSettings::max_evidence_bytes`].
pub const MAX_EVIDENCE_BYTES: &str = "max_evidence_bytes";

/// The name of the setting that counts the evidence left out for
/// [`MAX_EVIDENCE_BYTES`]: [`GraphSettings::evidence_dropped`].
pub const EVIDENCE_DROPPED: &str = "evidence_dropped";

/// Keeps the evidence of smallest [`evidence_key`] over the whole graph while its
/// texts fit in `max` bytes, and drops the rest (a prefix in key order, so a
/// smaller cap keeps a subset of what a larger one keeps); gives how many items
/// were dropped.
fn cap_evidence_bytes(edges: &mut [(String, String, Edge)], max: usize) -> u64 {
    let total: usize = edges.iter().flat_map(|e| &e.2.evidence).map(|ev| ev.text.len()).sum();
    if total <= max {
        return 0;
    }
    let mut all: Vec<(usize, usize)> = edges
        .iter()
        .enumerate()
        .flat_map(|(i, e)| (0..e.2.evidence.len()).map(move |j| (i, j)))
        .collect();
    all.sort_by(|&(a, b), &(c, d)| {
        evidence_key(&edges[a].2.evidence[b]).cmp(&evidence_key(&edges[c].2.evidence[d]))
    });
    let mut used = 0usize;
    let mut keep = vec![Vec::new(); edges.len()];
    for &(i, j) in &all {
        used += edges[i].2.evidence[j].text.len();
        if used > max {
            break;
        }
        keep[i].push(j);
    }
    let mut dropped = 0u64;
    for (e, keep) in edges.iter_mut().zip(keep) {
        let before = e.2.evidence.len();
        let mut j = 0;
        e.2.evidence.retain(|_| {
            j += 1;
            keep.contains(&(j - 1))
        });
        dropped += (before - e.2.evidence.len()) as u64;
    }
    dropped
}

/// An undirected co-occurrence graph.
#[derive(Clone, Debug)]
pub struct CooccurrenceGraph {
    /// The graph: nodes sorted by id; edges sorted by kind, then `(source id,
    /// target id)`; co-occurrence edges have the smaller id as source. Read it
    /// with [`CooccurrenceGraph::petgraph`]: the order is kept by owning it.
    pub(crate) graph: UnGraph<Node, Edge>,
    /// Run-wide facts.
    pub meta: GraphMeta,
}

impl CooccurrenceGraph {
    /// The petgraph graph, to run petgraph's algorithms on: nodes sorted by id;
    /// edges sorted by kind, then `(source id, target id)`; co-occurrence edges
    /// have the smaller id as source.
    pub fn petgraph(&self) -> &UnGraph<Node, Edge> {
        &self.graph
    }

    /// The petgraph graph, without the metadata.
    pub fn into_petgraph(self) -> UnGraph<Node, Edge> {
        self.graph
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Nodes in order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.graph.node_weights()
    }

    /// Edges in order, as `(source, target, edge)`.
    pub fn edges(&self) -> impl Iterator<Item = (&Node, &Node, &Edge)> {
        self.graph.edge_indices().map(move |e| {
            let (a, b) = self.graph.edge_endpoints(e).expect("edge index from this graph");
            (&self.graph[a], &self.graph[b], &self.graph[e])
        })
    }

    /// The node with this entity id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.graph.node_weights().find(|n| n.id == id)
    }

    /// The co-occurrence edge between two entity ids, in either order.
    pub fn edge(&self, a: &str, b: &str) -> Option<&Edge> {
        self.edges()
            .find(|(s, t, e)| {
                e.kind == EdgeKind::Cooccurrence
                    && ((s.id == a && t.id == b) || (s.id == b && t.id == a))
            })
            .map(|(_, _, e)| e)
    }

    /// True when some pair has more than one edge (a knowledge edge beside a
    /// co-occurrence edge).
    pub fn is_multigraph(&self) -> bool {
        let mut seen = HashSet::default();
        self.graph.edge_indices().any(|e| {
            let (a, b) = self.graph.edge_endpoints(e).expect("edge of this graph");
            !seen.insert((a.min(b), a.max(b)))
        })
    }

    /// A graph from parts, sorting them into the canonical order and computing the
    /// association scores.
    pub fn from_parts(
        nodes: Vec<Node>,
        edges: Vec<(String, String, Edge)>,
        meta: GraphMeta,
    ) -> CooccurrenceGraph {
        let mut nodes = nodes;
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        let mut graph = UnGraph::with_capacity(nodes.len(), edges.len());
        let mut at: HashMap<String, NodeIndex> =
            HashMap::with_capacity_and_hasher(nodes.len(), Default::default());
        for n in nodes {
            let id = n.id.clone();
            at.insert(id, graph.add_node(n));
        }
        let mut edges: Vec<(NodeIndex, NodeIndex, Edge)> = edges
            .into_iter()
            .filter_map(|(a, b, e)| {
                let (a, b) = (*at.get(&a)?, *at.get(&b)?);
                let swap = e.kind == EdgeKind::Cooccurrence && graph[a].id > graph[b].id;
                Some(if swap { (b, a, swap_evidence(e)) } else { (a, b, e) })
            })
            .collect();
        edges.sort_by(|x, y| {
            (x.2.kind, &graph[x.0].id, &graph[x.1].id).cmp(&(
                y.2.kind,
                &graph[y.0].id,
                &graph[y.1].id,
            ))
        });
        let units = meta.units;
        for (a, b, mut e) in edges {
            if e.kind == EdgeKind::Cooccurrence {
                e.association = npmi(e.weight, graph[a].units, graph[b].units, units);
            }
            graph.add_edge(a, b, e);
        }
        CooccurrenceGraph { graph, meta }
    }

    /// The ids of the documents the graph was made from, sorted: its recorded
    /// list ([`DOCUMENT_IDS`]), or, in a graph written before it had one, the
    /// documents its evidence names.
    pub fn document_ids(&self) -> Vec<String> {
        if let Some(ids) = self.recorded_document_ids() {
            return ids;
        }
        let mut ids: Vec<String> =
            self.edges().flat_map(|(_, _, e)| e.evidence.iter().map(|ev| ev.doc.clone())).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The recorded list of document ids, if the graph has one.
    fn recorded_document_ids(&self) -> Option<Vec<String>> {
        self.meta.settings.document_ids.clone()
    }

    /// Takes the graph apart: nodes, edges with their endpoint ids, metadata.
    pub fn into_parts(self) -> (Vec<Node>, Vec<(String, String, Edge)>, GraphMeta) {
        let (nodes, edges) = self.graph.into_nodes_edges();
        let nodes: Vec<Node> = nodes.into_iter().map(|n| n.weight).collect();
        let edges = edges
            .into_iter()
            .map(|e| {
                (
                    nodes[e.source().index()].id.clone(),
                    nodes[e.target().index()].id.clone(),
                    e.weight,
                )
            })
            .collect();
        (nodes, edges, self.meta)
    }

    /// The graph of the union of the documents of `self` and `other`, which must
    /// be disjoint and unpruned. The result does not depend on which graph comes
    /// first. Background (knowledge) edges are dropped: call
    /// [`CooccurrenceGraph::add_knowledge`] on the result.
    ///
    /// The two must have been made with the same settings (scope, gazetteer,
    /// demonyms, roles, in-names, cue lexicon, evidence limits, see
    /// [`check_compatible`]) for the sums to be the graph of one run: otherwise
    /// the error names the first setting that differs. Graphs that share a
    /// document (by their lists of ids) are refused, and a count that would pass
    /// 64 bits is an error too.
    pub fn merge(self, other: CooccurrenceGraph) -> Result<CooccurrenceGraph, MergeError> {
        check_compatible(&self, &other)?;
        let shared = compat::shared_documents(&self, &other);
        if let Some(first) = shared.first() {
            return Err(MergeError::SharedDocuments {
                document: first.clone(),
                more: shared.len() - 1,
            });
        }
        let add = |a: &mut u64, b: u64, what: &dyn Fn() -> String| -> Result<(), MergeError> {
            *a = a.checked_add(b).ok_or_else(|| MergeError::Overflow(what()))?;
            Ok(())
        };
        let (nodes_a, edges_a, mut meta) = self.into_parts();
        let (nodes_b, edges_b, mut meta_b) = other.into_parts();
        add(&mut meta.documents, meta_b.documents, &|| "the number of documents".into())?;
        add(&mut meta.units, meta_b.units, &|| "the number of units".into())?;
        meta.settings.document_ids =
            union_ids(meta.settings.document_ids.take(), meta_b.settings.document_ids.take());
        if let (Some(a), Some(b)) = (meta.settings.crowded_units, meta_b.settings.crowded_units) {
            let mut sum = a;
            add(&mut sum, b, &|| "the number of crowded units".into())?;
            meta.settings.crowded_units = Some(sum);
        }
        meta.evidence_limit = match (meta.evidence_limit, meta_b.evidence_limit) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let dropped_b = meta_b.settings.evidence_dropped;
        meta.settings.fill_from(meta_b.settings);
        meta.document_info.extend(meta_b.document_info);
        meta.document_info.sort_by(|a, b| a.id.cmp(&b.id));
        let doc_id_limit = doc_id_limit(&meta);
        let mut nodes: BTreeMap<String, Node> =
            nodes_a.into_iter().map(|n| (n.id.clone(), n)).collect();
        for n in nodes_b {
            match nodes.get_mut(&n.id) {
                Some(m) => {
                    let what = || format!("the counts of node {}", n.id);
                    add(&mut m.count, n.count, &what)?;
                    m.confidence_sum = add_sums(m.confidence_sum, n.confidence_sum, NODE_SCALE);
                    add(&mut m.documents, n.documents, &what)?;
                    add(&mut m.units, n.units, &what)?;
                    m.first_seen = min_date(m.first_seen, n.first_seen);
                    m.last_seen = max_date(m.last_seen, n.last_seen);
                    timeline::add(&mut m.timeline, n.timeline);
                    extend_ids(&mut m.doc_ids, n.doc_ids, doc_id_limit);
                }
                None => {
                    nodes.insert(n.id.clone(), n);
                }
            }
        }
        let limit = meta.evidence_limit;
        // Background edges are derived from the gazetteer and the nodes present; the
        // union has pairs that neither part had, so they are dropped here and made
        // again with `add_knowledge`.
        meta.settings.knowledge = Some(false);
        let mut edges: BTreeMap<(EdgeKind, String, String), Edge> = BTreeMap::new();
        let co = |e: &(String, String, Edge)| e.2.kind == EdgeKind::Cooccurrence;
        for (a, b, e) in edges_a.into_iter().filter(co).chain(edges_b.into_iter().filter(co)) {
            // The source of a co-occurrence edge is the smaller id, in both graphs.
            let what = || format!("the counts of the edge {a} -- {b}");
            let key = (e.kind, a.clone(), b.clone());
            match edges.get_mut(&key) {
                Some(m) if e.kind == EdgeKind::Cooccurrence => {
                    add(&mut m.weight, e.weight, &what)?;
                    m.confidence_sum = add_sums(m.confidence_sum, e.confidence_sum, EDGE_SCALE);
                    add(&mut m.documents, e.documents, &what)?;
                    for (k, v) in e.relations {
                        add(m.relations.entry(k).or_default(), v, &what)?;
                    }
                    m.first_seen = min_date(m.first_seen, e.first_seen);
                    m.last_seen = max_date(m.last_seen, e.last_seen);
                    m.evidence.extend(e.evidence);
                    select_evidence(&mut m.evidence, limit);
                    timeline::add(&mut m.timeline, e.timeline);
                    extend_ids(&mut m.doc_ids, e.doc_ids, doc_id_limit);
                }
                Some(_) => {}
                None => {
                    edges.insert(key, e);
                }
            }
        }
        let mut edges: Vec<_> = edges.into_iter().map(|((_, a, b), e)| (a, b, e)).collect();
        if let Some(max) = meta.settings.max_evidence_bytes {
            let mut sum = meta.settings.evidence_dropped.unwrap_or(0);
            add(&mut sum, dropped_b.unwrap_or(0), &|| "the evidence dropped".into())?;
            add(&mut sum, cap_evidence_bytes(&mut edges, max as usize), &|| {
                "the evidence dropped".into()
            })?;
            meta.settings.evidence_dropped = Some(sum);
        }
        Ok(CooccurrenceGraph::from_parts(nodes.into_values().collect(), edges, meta))
    }

    /// Adds background edges from `gazetteer` between the nodes of the graph
    /// (replacing any it had): `leader_of` from offices and `member_of` from
    /// memberships. Nodes the gazetteer does not know get none.
    pub fn add_knowledge(self, gazetteer: &Gazetteer) -> CooccurrenceGraph {
        let (nodes, edges, mut meta) = self.into_parts();
        let mut edges: Vec<_> =
            edges.into_iter().filter(|e| e.2.kind == EdgeKind::Cooccurrence).collect();
        let present: HashSet<EntityIndex> =
            nodes.iter().filter_map(|n| gazetteer.get(&n.id)).collect();
        edges.extend(knowledge_edges(gazetteer, &present));
        meta.settings.knowledge = Some(true);
        CooccurrenceGraph::from_parts(nodes, edges, meta)
    }

    /// Removes co-occurrence edges below `min_weight` or `min_documents`, then keeps
    /// only the `top` heaviest (ties by id order), and records what was removed in
    /// the metadata (`pruned`).
    pub fn prune(
        self,
        min_weight: u64,
        min_documents: u64,
        top: Option<usize>,
    ) -> CooccurrenceGraph {
        let (nodes, edges, mut meta) = self.into_parts();
        let before = edges.iter().filter(|e| e.2.kind == EdgeKind::Cooccurrence).count();
        let (mut co, other): (Vec<_>, Vec<_>) =
            edges.into_iter().partition(|e| e.2.kind == EdgeKind::Cooccurrence);
        co.retain(|(_, _, e)| e.weight >= min_weight && e.documents >= min_documents);
        if let Some(top) = top
            && co.len() > top
        {
            co.sort_by(|x, y| {
                y.2.weight.cmp(&x.2.weight).then_with(|| (&x.0, &x.1).cmp(&(&y.0, &y.1)))
            });
            co.truncate(top);
        }
        let removed = before - co.len();
        meta.settings.pruned = Some(PruneRecord {
            min_weight: Some(min_weight),
            min_documents: Some(min_documents),
            top_edges: Some(top),
            edges_removed: Some(removed as u64),
            ..PruneRecord::default()
        });
        co.extend(other);
        CooccurrenceGraph::from_parts(nodes, co, meta)
    }
}

/// The union of two lists of document ids, sorted, each once; `None` when
/// neither graph has one.
fn union_ids(a: Option<Vec<String>>, b: Option<Vec<String>>) -> Option<Vec<String>> {
    if a.is_none() && b.is_none() {
        return None;
    }
    let mut ids = a.unwrap_or_default();
    ids.extend(b.unwrap_or_default());
    ids.sort_unstable();
    ids.dedup();
    Some(ids)
}

/// The longest evidence text, in bytes.
const EVIDENCE_BYTES: usize = 4096;

/// The span of the evidence for mentions `a` and `b` of `unit`: the unit, widened
/// to hold both mentions (a mention belongs to the unit it starts in, and may run
/// past its end), and cut to a window of [`EVIDENCE_BYTES`] around the two when it
/// is longer; `None` when the two lie further apart than that.
fn evidence_span(text: &str, unit: Span, a: Span, b: Span) -> Option<Span> {
    let whole = Span::new(unit.start.min(a.start).min(b.start), unit.end.max(a.end).max(b.end));
    if whole.len() <= EVIDENCE_BYTES {
        return Some(whole);
    }
    let (lo, hi) = (a.start.min(b.start), a.end.max(b.end));
    if hi - lo > EVIDENCE_BYTES {
        return None;
    }
    let pad = (EVIDENCE_BYTES - (hi - lo)) / 2;
    // Both ends move outwards onto character boundaries, which `whole`'s ends are.
    let mut start = lo.saturating_sub(pad).max(whole.start);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (hi + pad).min(whole.end);
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Some(Span::new(start, end))
}

/// The cap on `doc_ids` recorded in the metadata (`doc_ids_limit`).
fn doc_id_limit(meta: &GraphMeta) -> usize {
    meta.settings.doc_ids_limit.unwrap_or(DOC_IDS_LIMIT)
}

/// Adds the sorted `more` to the sorted `ids`, keeping the `limit` smallest.
fn extend_ids(ids: &mut Vec<String>, more: Vec<String>, limit: usize) {
    ids.extend(more);
    ids.sort_unstable();
    ids.dedup();
    ids.truncate(limit);
}

/// Adds `id` to the sorted `ids` when it is among the `limit` smallest.
fn keep_id(ids: &mut Vec<String>, id: &str, limit: usize) {
    // Most calls on a large corpus come after the list is full.
    if ids.len() >= limit && ids.last().is_some_and(|last| last.as_str() < id) {
        return;
    }
    if let Err(at) = ids.binary_search_by(|probe| probe.as_str().cmp(id))
        && at < limit
    {
        ids.insert(at, id.to_string());
        ids.truncate(limit);
    }
}

fn swap_evidence(mut e: Edge) -> Edge {
    for ev in &mut e.evidence {
        std::mem::swap(&mut ev.source, &mut ev.target);
    }
    e
}

/// The date whose period starts first (`2024` before `2024-05-01`).
fn min_date(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(a), Some(b)) => Some(std::cmp::min_by_key(a, b, |d| (d.first_day(), *d))),
        (a, b) => a.or(b),
    }
}

/// The date whose period ends last (`2024-05` after `2024-05-01`).
fn max_date(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(a), Some(b)) => Some(std::cmp::max_by_key(a, b, |d| (d.last_day(), *d))),
        (a, b) => a.or(b),
    }
}

/// Normalised PMI of a pair seen together in `both` of `total` units, where each
/// occurs in `a` and `b` units.
fn npmi(both: u64, a: u64, b: u64, total: u64) -> Option<f64> {
    if both == 0 || a == 0 || b == 0 || total == 0 {
        return None;
    }
    let n = total as f64;
    let p_ab = both as f64 / n;
    if p_ab >= 1.0 {
        return Some(1.0);
    }
    let pmi = (p_ab / ((a as f64 / n) * (b as f64 / n))).ln();
    // Clamped: in window scope a pair can be counted in more windows than one of
    // its entities opens (`B A B`). Rounded so that the value, and so the output
    // bytes, do not depend on the order in which floating-point sums were made.
    Some(((pmi / -p_ab.ln()).clamp(-1.0, 1.0) * 1e6).round() / 1e6)
}

/// Node confidence sums are exact in thousandths (a mention's confidence is
/// rounded to them), edge sums in millionths (products of two): sums are kept as
/// integers, so that they do not depend on the order of their terms and a merge
/// equals one run byte for byte.
const NODE_SCALE: f64 = 1e3;
const EDGE_SCALE: f64 = 1e6;

/// A mention's confidence in thousandths.
fn milli(confidence: f32) -> u64 {
    (f64::from(confidence.clamp(0.0, 1.0)) * NODE_SCALE).round() as u64
}

/// The sum of two confidence sums exact at `scale`.
fn add_sums(a: f64, b: f64, scale: f64) -> f64 {
    let whole = |x: f64| (x.max(0.0) * scale).round() as u64;
    whole(a).saturating_add(whole(b)) as f64 / scale
}

/// The name of the node type of a country's national team (`--teams keep`),
/// [`EntityType::Team`].
pub const TEAM: &str = "team";

/// What a node stands for: an entity, or the national team of a country named in
/// a sports frame (a mention of kind [`MentionKind::Team`]), a node of its own
/// with the id `team:<country id>` and the type [`TEAM`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct NodeKey {
    entity: EntityIndex,
    team: bool,
}

impl NodeKey {
    fn entity(entity: EntityIndex) -> NodeKey {
        NodeKey { entity, team: false }
    }

    fn of(m: &crate::resolve::Mention) -> NodeKey {
        NodeKey { entity: m.entity, team: m.kind == MentionKind::Team }
    }

    fn id(self, g: &Gazetteer) -> String {
        let id = &g.entity(self.entity).id;
        if self.team { format!("team:{id}") } else { id.clone() }
    }
}

#[derive(Clone, Debug, Default)]
struct NodeAcc {
    count: u64,
    /// Confidences in thousandths.
    confidence: u64,
    documents: u64,
    units: u64,
    last_doc: u64,
    last_unit: u64,
    first_seen: Option<Date>,
    last_seen: Option<Date>,
    doc_ids: Vec<String>,
    timeline: BTreeMap<Date, u64>,
}

#[derive(Clone, Debug, Default)]
struct EdgeAcc {
    weight: u64,
    /// Products of confidences in millionths.
    confidence: u64,
    documents: u64,
    last_doc: u64,
    relations: BTreeMap<RelationKind, u64>,
    first_seen: Option<Date>,
    last_seen: Option<Date>,
    /// Kept sorted by [`evidence_key`], at most the limit long.
    evidence: Vec<Evidence>,
    doc_ids: Vec<String>,
    timeline: BTreeMap<Date, u64>,
    /// The hash and offsets of each item's key, computed once.
    keys: Vec<(u64, [usize; 6])>,
}

/// A unit that named more entities than [`GraphBuilder::max_unit_entities`], and
/// so gave no pairs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrowdedUnit {
    /// The document's id.
    pub doc: String,
    /// The unit's span in the document (bytes).
    pub span: Span,
    /// How many entities it named.
    pub entities: usize,
}

/// Accumulates documents into a [`CooccurrenceGraph`].
///
/// # Example
///
/// ```
/// use entgraph::{Document, Extractor, Gazetteer, GraphBuilder};
///
/// let gazetteer = Gazetteer::bundled().unwrap();
/// let extractor = Extractor::new(&gazetteer).unwrap();
/// let text = "China and Russia signed a deal. Brazil watched.";
/// let found = extractor.extract(Document::new("a", text));
/// let mut builder = GraphBuilder::new(&gazetteer);
/// builder.add_document(&found);
/// let graph = builder.build();
/// assert_eq!(graph.edge("china", "russia").unwrap().weight, 1);
/// assert!(graph.edge("china", "brazil").is_none());
/// ```
#[derive(Clone, Debug)]
pub struct GraphBuilder {
    gazetteer: Gazetteer,
    scope: Scope,
    evidence_limit: Option<usize>,
    knowledge: bool,
    nodes: HashMap<NodeKey, NodeAcc>,
    edges: HashMap<(NodeKey, NodeKey), EdgeAcc>,
    documents: u64,
    units: u64,
    settings: GraphSettings,
    /// Scratch: `(node, first mention's span, highest confidence in
    /// thousandths)` of the current unit.
    unit: Vec<(NodeKey, Span, u64)>,
    doc_id_limit: usize,
    document_info: Vec<DocumentInfo>,
    max_unit_entities: Option<usize>,
    /// Units left out of the pairs, not yet taken by the caller.
    crowded: Vec<CrowdedUnit>,
    /// How many units were left out of the pairs in all.
    crowded_count: u64,
    /// The ids of the documents added.
    ids: Vec<String>,
    max_evidence_bytes: Option<usize>,
}

impl GraphBuilder {
    /// A builder for entities of `gazetteer` (a clone of the handle is kept), with
    /// sentence scope and all evidence kept.
    pub fn new(gazetteer: &Gazetteer) -> GraphBuilder {
        GraphBuilder {
            gazetteer: gazetteer.clone(),
            scope: Scope::Sentence,
            evidence_limit: None,
            knowledge: false,
            nodes: HashMap::default(),
            edges: HashMap::default(),
            documents: 0,
            units: 0,
            settings: GraphSettings::default(),
            unit: Vec::new(),
            doc_id_limit: DOC_IDS_LIMIT,
            document_info: Vec::new(),
            max_unit_entities: None,
            crowded: Vec::new(),
            crowded_count: 0,
            ids: Vec::new(),
            max_evidence_bytes: None,
        }
    }

    /// List at most `limit` document ids per node and edge (default
    /// [`DOC_IDS_LIMIT`]).
    pub fn doc_id_limit(&mut self, limit: usize) -> &mut GraphBuilder {
        self.doc_id_limit = limit;
        self
    }

    /// A unit that names more than `max` entities gives no pairs (`None`, the
    /// default: no limit). Pairs grow with the square of the entities: a sentence
    /// listing the 193 UN member states would make 18,528 edges, each with the
    /// sentence as evidence, which say little about any two. Its mentions still
    /// count on the nodes. The units left out are recorded for
    /// [`GraphBuilder::take_crowded_units`], and counted in the graph's metadata
    /// (`crowded_units`).
    pub fn max_unit_entities(&mut self, max: Option<usize>) -> &mut GraphBuilder {
        self.max_unit_entities = max;
        self
    }

    /// Keep at most `max` bytes of evidence text in the whole graph (`None`, the
    /// default: no limit): the items of smallest [`evidence_key`] that fit. The
    /// cap is recorded in the graph (`max_evidence_bytes`, with the number of
    /// items dropped as `evidence_dropped`) and applied again by a merge. While
    /// it is not reached, a merge equals one run; once it is, both keep evidence
    /// within the cap, but which items may depend on how the corpus was split.
    pub fn max_evidence_bytes(&mut self, max: Option<usize>) -> &mut GraphBuilder {
        self.max_evidence_bytes = max;
        self
    }

    /// The units that gave no pairs for naming too many entities since the last
    /// call, in the order they were added.
    pub fn take_crowded_units(&mut self) -> Vec<CrowdedUnit> {
        std::mem::take(&mut self.crowded)
    }

    /// The co-occurrence scope (default: sentence).
    pub fn scope(&mut self, scope: Scope) -> &mut GraphBuilder {
        self.scope = scope;
        self
    }

    /// Keep at most `limit` evidence units per edge (`None`, the default, keeps all).
    pub fn evidence_limit(&mut self, limit: Option<usize>) -> &mut GraphBuilder {
        self.evidence_limit = limit;
        self
    }

    /// Add background edges from the gazetteer between the nodes of the graph:
    /// `leader_of` from offices and `member_of` from memberships (default `false`).
    pub fn knowledge(&mut self, yes: bool) -> &mut GraphBuilder {
        self.knowledge = yes;
        self
    }

    /// Records a setting in the graph's metadata by name ([`GraphSettings::set`]):
    /// for settings of your own (kept under [`GraphSettings::other`]); the ones
    /// entgraph knows are at hand, typed, in [`GraphBuilder::settings`]. A value
    /// that does not fit a setting entgraph knows (`demonyms` not a boolean) is
    /// refused with an [`ErrorKind::Input`](crate::ErrorKind::Input) error naming
    /// it, and nothing is recorded: the graph's JSON always reads back.
    pub fn setting(
        &mut self,
        name: &str,
        value: impl Into<serde_json::Value>,
    ) -> Result<&mut GraphBuilder, crate::Error> {
        self.settings.set(name, value.into()).map_err(|e| {
            crate::Error::from_message(crate::ErrorKind::Input, format!("setting {name:?}: {e}"))
        })?;
        Ok(self)
    }

    /// The settings recorded so far, to read or change.
    pub fn settings(&mut self) -> &mut GraphSettings {
        &mut self.settings
    }

    /// Adds one document: what the extractor found in it, with its id, text, date
    /// and the fields it keeps for provenance (listed in the graph's documents).
    pub fn add_document(&mut self, doc: &Extraction) {
        let (id, text, date) = (doc.id(), doc.text(), doc.date());
        self.documents += 1;
        self.ids.push(id.to_string());
        let n = self.documents;
        if !doc.mentions.is_empty() {
            let fields = doc.document.fields.clone();
            self.document_info.push(DocumentInfo { id: id.to_string(), date, fields });
        }
        let doc_id_limit = self.doc_id_limit;
        for m in &doc.mentions {
            let node = self.nodes.entry(NodeKey::of(m)).or_default();
            node.count += 1;
            node.confidence += milli(m.confidence);
            if node.last_doc != n {
                node.last_doc = n;
                node.documents += 1;
                if let Some(d) = date {
                    *node.timeline.entry(d).or_default() += 1;
                }
                node.first_seen = min_date(node.first_seen, date);
                node.last_seen = max_date(node.last_seen, date);
                keep_id(&mut node.doc_ids, id, doc_id_limit);
            }
        }
        // Code point and UTF-16 positions of evidence, indexed once per document
        // that has some.
        let mut index: Option<offsets::TextIndex> = None;
        let id_hash = doc_hash(id);
        let mentions = &doc.mentions;
        for unit in units(self.scope, text, doc) {
            self.units += 1;
            let unit_no = self.units;
            self.unit.clear();
            for m in &mentions[unit.mentions.clone()] {
                let key = NodeKey::of(m);
                let c = milli(m.confidence);
                match self.unit.iter_mut().find(|u| u.0 == key) {
                    Some(u) => u.2 = u.2.max(c),
                    None => self.unit.push((key, m.span, c)),
                }
            }
            // A window is its first mention's: only that entity is counted in it.
            let counted = match self.scope {
                Scope::Window(_) => &self.unit[..1],
                _ => &self.unit[..],
            };
            for &(e, _, _) in counted {
                let node = self.nodes.get_mut(&e).expect("every mentioned entity has a node");
                if node.last_unit != unit_no {
                    node.last_unit = unit_no;
                    node.units += 1;
                }
            }
            if self.unit.len() < 2 {
                continue;
            }
            if self.max_unit_entities.is_some_and(|max| self.unit.len() > max) {
                self.crowded_count += 1;
                self.crowded.push(CrowdedUnit {
                    doc: id.to_string(),
                    span: unit.span,
                    entities: self.unit.len(),
                });
                continue;
            }
            let evidence_limit = self.evidence_limit;
            let mut pair = |(a, sa, ca): (NodeKey, Span, u64),
                            (b, sb, cb): (NodeKey, Span, u64)| {
                let ((a, sa), (b, sb)) =
                    if a < b { ((a, sa), (b, sb)) } else { ((b, sb), (a, sa)) };
                let edge = self.edges.entry((a, b)).or_default();
                edge.weight += 1;
                edge.confidence += ca * cb;
                if let Some(d) = date {
                    *edge.timeline.entry(d).or_default() += 1;
                }
                if edge.last_doc != n {
                    edge.last_doc = n;
                    edge.documents += 1;
                    edge.first_seen = min_date(edge.first_seen, date);
                    edge.last_seen = max_date(edge.last_seen, date);
                    keep_id(&mut edge.doc_ids, id, doc_id_limit);
                }
                if evidence_limit != Some(0)
                    && let Some(span) = evidence_span(text, unit.span, sa, sb)
                {
                    // The item is made only when it is kept for now. Items of one
                    // edge in one builder compare by hash, then by document and
                    // offsets, as `evidence_key` orders them.
                    let key = key_parts(id_hash, span, sa, sb);
                    let at = edge.keys.iter().zip(&edge.evidence).take_while(|&(k, kept)| {
                        (k.0, kept.doc.as_str(), k.1) < (key.0, id, key.1)
                    });
                    let at = at.count();
                    if evidence_limit.is_none_or(|limit| at < limit) {
                        let (start_chars, start_utf16) = index
                            .get_or_insert_with(|| offsets::TextIndex::new(text))
                            .at(span.start);
                        let ev = Evidence {
                            doc: id.to_string(),
                            span,
                            text: text[span.range()].to_string(),
                            source: sa,
                            target: sb,
                            start_chars,
                            start_utf16,
                        };
                        edge.evidence.insert(at, ev);
                        edge.keys.insert(at, key);
                        if let Some(limit) = evidence_limit {
                            edge.evidence.truncate(limit);
                            edge.keys.truncate(limit);
                        }
                    }
                }
            };
            if let Scope::Window(_) = self.scope {
                // A window pairs its first mention with the others: a pair of
                // mentions further on has its own window.
                let (anchor, rest) = self.unit.split_first().expect("a unit has two entities");
                for &other in rest {
                    pair(*anchor, other);
                }
            } else {
                self.unit.sort_unstable_by_key(|&(e, _, _)| e);
                for i in 0..self.unit.len() {
                    for j in i + 1..self.unit.len() {
                        pair(self.unit[i], self.unit[j]);
                    }
                }
            }
        }
        // Relations are stated in sentences; each counts on the pair's edge when
        // the pair shares a unit of this document (which every scope but a narrow
        // window gives whenever the pair shares a sentence). An edge made by
        // another document does not count: the counts would then depend on the
        // order of documents, and a merge would differ from one run.
        for r in &doc.relations {
            let (source, target) = (NodeKey::entity(r.source), NodeKey::entity(r.target));
            let key = if source < target { (source, target) } else { (target, source) };
            if let Some(edge) = self.edges.get_mut(&key)
                && edge.last_doc == n
            {
                *edge.relations.entry(r.kind.clone()).or_default() += 1;
            }
        }
    }

    /// The graph of every document added.
    pub fn build(mut self) -> CooccurrenceGraph {
        let g = &self.gazetteer;
        self.ids.sort_unstable();
        self.ids.dedup();
        self.settings.document_ids = Some(std::mem::take(&mut self.ids));
        if self.max_unit_entities.is_some() {
            self.settings.crowded_units = Some(self.crowded_count);
        }
        let nodes: Vec<Node> = self
            .nodes
            .into_iter()
            .map(|(key, acc)| {
                let e = g.entity(key.entity);
                // A team is not the country: it has its own id, and no QID or
                // article of the country's.
                let team = key.team;
                Node {
                    id: key.id(g),
                    label: if team { format!("{} (team)", e.label) } else { e.label.clone() },
                    entity_type: if team { EntityType::Team } else { e.entity_type.clone() },
                    wikidata: if team { None } else { e.wikidata.clone() },
                    wikipedia: if team { None } else { e.wikipedia.clone() },
                    roles: if team { None } else { roles_of(g, e) },
                    count: acc.count,
                    confidence_sum: acc.confidence as f64 / NODE_SCALE,
                    documents: acc.documents,
                    units: acc.units,
                    first_seen: acc.first_seen,
                    last_seen: acc.last_seen,
                    doc_ids: acc.doc_ids,
                    timeline: acc.timeline,
                }
            })
            .collect();
        let mut edges: Vec<(String, String, Edge)> = self
            .edges
            .into_iter()
            .map(|((a, b), mut acc)| {
                select_evidence(&mut acc.evidence, self.evidence_limit);
                let edge = Edge {
                    kind: EdgeKind::Cooccurrence,
                    weight: acc.weight,
                    confidence_sum: acc.confidence as f64 / EDGE_SCALE,
                    documents: acc.documents,
                    association: None,
                    relations: acc.relations,
                    first_seen: acc.first_seen,
                    last_seen: acc.last_seen,
                    evidence: acc.evidence,
                    doc_ids: acc.doc_ids,
                    timeline: acc.timeline,
                };
                (a.id(g), b.id(g), edge)
            })
            .collect();
        let mut settings = self.settings;
        settings.knowledge = Some(false);
        settings.doc_ids_limit = Some(self.doc_id_limit);
        if let Some(max) = self.max_evidence_bytes {
            let dropped = cap_evidence_bytes(&mut edges, max);
            settings.max_evidence_bytes = Some(max as u64);
            settings.evidence_dropped = Some(dropped);
        }
        let mut document_info = self.document_info;
        document_info.sort_by(|a, b| a.id.cmp(&b.id));
        let meta = GraphMeta {
            documents: self.documents,
            units: self.units,
            scope: self.scope,
            evidence_limit: self.evidence_limit,
            settings,
            document_info,
        };
        let graph = CooccurrenceGraph::from_parts(nodes, edges, meta);
        if self.knowledge { graph.add_knowledge(g) } else { graph }
    }
}

/// The roles of an entity's offices, in the order of [`Role::ALL`], joined by `;`,
/// when the gazetteer kept every role (with heads only, every leader is a head and
/// nodes say nothing more than before).
fn roles_of(g: &Gazetteer, e: &crate::gazetteer::Entity) -> Option<String> {
    use crate::gazetteer::{Role, Roles};
    if g.roles() != Roles::All {
        return None;
    }
    let roles: Vec<&str> = Role::ALL
        .iter()
        .filter(|&&r| e.offices.iter().any(|o| o.role == Some(r)))
        .map(|r| r.as_str())
        .collect();
    (!roles.is_empty()).then(|| roles.join(";"))
}

/// Background edges between entities that are both in the graph.
fn knowledge_edges(g: &Gazetteer, present: &HashSet<EntityIndex>) -> Vec<(String, String, Edge)> {
    let mut out = Vec::new();
    let edge = |kind| Edge {
        kind,
        weight: 1,
        confidence_sum: 1.0,
        documents: 0,
        association: None,
        relations: BTreeMap::new(),
        first_seen: None,
        last_seen: None,
        evidence: Vec::new(),
        doc_ids: Vec::new(),
        timeline: BTreeMap::new(),
    };
    let mut seen = HashSet::default();
    for &i in present {
        let e = g.entity(i);
        for o in &e.offices {
            if present.contains(&o.of) && seen.insert((EdgeKind::LeaderOf, i, o.of)) {
                out.push((e.id.clone(), g.entity(o.of).id.clone(), edge(EdgeKind::LeaderOf)));
            }
        }
        for m in &e.members {
            if present.contains(&m.member) && seen.insert((EdgeKind::MemberOf, m.member, i)) {
                out.push((g.entity(m.member).id.clone(), e.id.clone(), edge(EdgeKind::MemberOf)));
            }
        }
    }
    out
}

/// A unit of a document: its span and the range of mentions inside it.
struct Unit {
    span: Span,
    mentions: std::ops::Range<usize>,
}

/// The units of a document for a scope, in text order. Mentions are in text order;
/// a mention belongs to the unit its start lies in.
fn units(scope: Scope, text: &str, doc: &Extraction) -> Vec<Unit> {
    let mentions = &doc.mentions;
    let spans: Vec<Span> = match scope {
        Scope::Sentence => doc.sentences().iter().map(|s| s.span).collect(),
        Scope::Paragraph => {
            let mut out: Vec<Span> = Vec::new();
            let mut last = None;
            for s in doc.sentences() {
                if last == Some(s.paragraph) {
                    out.last_mut().expect("a unit was pushed").end = s.span.end;
                } else {
                    out.push(s.span);
                    last = Some(s.paragraph);
                }
            }
            out
        }
        Scope::Document => vec![Span::new(0, text.len())],
        Scope::Window(n) => {
            // The document's own text layer, unless it was built by hand without one.
            let owned;
            let index = if doc.index.is_for(text) {
                &doc.index
            } else {
                owned = TextIndex::new(text);
                &owned
            };
            return windows(n, index, mentions);
        }
    };
    let mut out = Vec::with_capacity(spans.len());
    let mut next = 0;
    for span in spans {
        while next < mentions.len() && mentions[next].span.start < span.start {
            next += 1;
        }
        let first = next;
        while next < mentions.len() && mentions[next].span.start < span.end {
            next += 1;
        }
        out.push(Unit { span, mentions: first..next });
    }
    out
}

/// Window scope: one unit per mention, holding it and the mentions that follow it
/// with at most `n` words between them. A pair of mentions within `n` words is
/// counted in the window of the earlier one, so it is counted once, and each
/// mention counts its own entity once.
///
/// Words are counted on the text layer: the words between two mentions are the
/// difference of their word positions, so the windows of a document take time
/// linear in its mentions (and one binary search for each).
fn windows(n: u32, index: &TextIndex, mentions: &[crate::resolve::Mention]) -> Vec<Unit> {
    // The word position at each mention's start and end: the words before it.
    let at_start: Vec<usize> =
        mentions.iter().map(|m| index.words_before_len(m.span.start)).collect();
    let at_end: Vec<usize> = mentions.iter().map(|m| index.words_before_len(m.span.end)).collect();
    let mut out = Vec::with_capacity(mentions.len());
    let mut end = 0;
    for (i, m) in mentions.iter().enumerate() {
        // The window's end never moves back: a later mention's window reaches at
        // least as far.
        // (Unless this mention ends before the last one did: then count afresh.)
        if i > 0 && at_end[i] < at_end[i - 1] {
            end = i + 1;
        }
        end = end.max(i + 1);
        while end < mentions.len() && at_start[end].saturating_sub(at_end[i]) <= n as usize {
            end += 1;
        }
        let span = Span::new(m.span.start, mentions[end - 1].span.end.max(m.span.end));
        out.push(Unit { span, mentions: i..end });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npmi_bounds() {
        assert_eq!(npmi(10, 10, 10, 10), Some(1.0));
        // Independent: p(a,b) = p(a) p(b).
        assert_eq!(npmi(25, 50, 50, 100), Some(0.0));
        let together = npmi(5, 5, 5, 100).unwrap();
        assert!((together - 1.0).abs() < 1e-9);
        assert!(npmi(1, 50, 50, 100).unwrap() < 0.0);
        assert_eq!(npmi(0, 5, 5, 100), None);
    }

    #[test]
    fn partial_dates_widen_by_their_period() {
        let d = |s| Date::parse(s);
        assert_eq!(max_date(d("2024-05-01"), d("2024-05")), d("2024-05"));
        assert_eq!(max_date(d("2024-05"), d("2024-05-01")), d("2024-05"));
        assert_eq!(max_date(d("2024"), d("2024-12-30")), d("2024"));
        assert_eq!(min_date(d("2024-05-02"), d("2024-05")), d("2024-05"));
        assert_eq!(min_date(d("2023-12-31"), d("2024")), d("2023-12-31"));
    }

    #[test]
    fn scope_names_round_trip() {
        for s in [Scope::Sentence, Scope::Paragraph, Scope::Window(7), Scope::Document] {
            assert_eq!(Scope::parse(&s.to_string()), Some(s));
        }
    }

    #[test]
    fn evidence_holds_both_mentions_and_stays_small() {
        let text = "ab. cd";
        // A mention that runs past the end of its unit widens the evidence.
        assert_eq!(
            evidence_span(text, Span::new(0, 3), Span::new(0, 2), Span::new(0, 6)),
            Some(Span::new(0, 6))
        );
        let long = format!(
            "{}China{}é{}Russia{}",
            "x".repeat(9000),
            "y".repeat(99),
            "z".repeat(100),
            "w".repeat(9000)
        );
        let unit = Span::new(0, long.len());
        let (a, b) = (long.find("China").unwrap(), long.find("Russia").unwrap());
        let span = evidence_span(&long, unit, Span::new(a, a + 5), Span::new(b, b + 6)).unwrap();
        assert!(span.len() <= EVIDENCE_BYTES + 3 && span.start < a && span.end > b + 6);
        assert!(long.get(span.range()).is_some());
        // Mentions further apart than the limit give no evidence.
        assert_eq!(
            evidence_span(&long, unit, Span::new(0, 1), Span::new(long.len() - 1, long.len())),
            None
        );
    }

    #[test]
    fn windows_count_words_between_mentions() {
        use crate::resolve::{Mention, MentionKind, Rule};
        let text = "China, then two more words, Russia and India, far far far far far away: Japan";
        let mention = |word: &str| Mention {
            span: Span::new(text.find(word).unwrap(), text.find(word).unwrap() + word.len()),
            entity: EntityIndex::new(0),
            kind: MentionKind::Name,
            confidence: 1.0,
            rule: Rule::UniqueAlias,
        };
        let ms = [mention("China"), mention("Russia"), mention("India"), mention("Japan")];
        let index = TextIndex::new(text);
        let got: Vec<std::ops::Range<usize>> =
            windows(4, &index, &ms).into_iter().map(|u| u.mentions).collect();
        assert_eq!(got, [0..2, 1..3, 2..3, 3..4]);
        let got: Vec<std::ops::Range<usize>> =
            windows(3, &index, &ms).into_iter().map(|u| u.mentions).collect();
        assert_eq!(got, [0..1, 1..3, 2..3, 3..4]);
    }
}
