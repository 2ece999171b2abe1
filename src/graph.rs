//! The co-occurrence graph: one node per entity, one edge per pair of entities that
//! occur in the same unit of text.
//!
//! Stage 5. A [`GraphBuilder`] takes documents one at a time (their mentions and
//! sentences) and counts, for each pair of entities, the units they share; then
//! [`GraphBuilder::build`] gives a [`CooccurrenceGraph`], a `petgraph` undirected
//! graph whose nodes carry the entity's data and mention count and whose edges
//! carry the `weight` (number of shared units) and the evidence for it.
//!
//! The key decision: the builder accumulates counts keyed by entity, and the graph
//! is made once at the end with nodes sorted by id and edges by their two ids, so
//! the same documents always give the same graph, byte for byte once exported,
//! whatever order of hash maps or threads produced the counts.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use petgraph::graph::{NodeIndex, UnGraph};

use crate::gazetteer::{EntityIndex, Gazetteer};
use crate::resolve::Mention;
use crate::segment::Sentence;
use crate::span::Span;

/// The unit of text in which two mentions count as co-occurring.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scope {
    /// The same sentence (the default).
    #[default]
    Sentence,
    /// The same paragraph.
    Paragraph,
    /// The same document.
    Document,
}

impl Scope {
    /// The scope's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Sentence => "sentence",
            Scope::Paragraph => "paragraph",
            Scope::Document => "document",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A node: an entity and how often it was mentioned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// The entity's id.
    pub id: String,
    /// Display name.
    pub label: String,
    /// Entity type (`leader`, `country`, `organisation`, ...).
    pub entity_type: String,
    /// Wikidata QID.
    pub wikidata: Option<String>,
    /// English Wikipedia title.
    pub wikipedia: Option<String>,
    /// Number of mentions.
    pub count: u64,
    /// Number of documents with at least one mention.
    pub documents: u64,
}

/// A supporting unit of text for an edge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// The document's id.
    pub doc: String,
    /// The unit's span in the document.
    pub span: Span,
    /// The unit's text.
    pub text: String,
}

/// An edge: two entities that share units of text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    /// Number of units the two share.
    pub weight: u64,
    /// Number of documents in which they share at least one.
    pub documents: u64,
    /// Supporting units, in the order they were seen (up to the builder's limit).
    pub evidence: Vec<Evidence>,
}

/// Run-wide facts about a graph: what made it and how.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GraphMeta {
    /// Number of documents read.
    pub documents: u64,
    /// The co-occurrence scope.
    pub scope: Scope,
    /// Other settings, by name, for the record.
    pub settings: BTreeMap<String, serde_json::Value>,
}

/// An undirected co-occurrence graph.
#[derive(Clone, Debug)]
pub struct CooccurrenceGraph {
    /// The graph: nodes sorted by id, edges by `(source id, target id)` with the
    /// smaller id as source.
    pub graph: UnGraph<Node, Edge>,
    /// Run-wide facts.
    pub meta: GraphMeta,
}

impl CooccurrenceGraph {
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

    /// The edge between two entity ids, in either order.
    pub fn edge(&self, a: &str, b: &str) -> Option<&Edge> {
        let find = |id: &str| self.graph.node_indices().find(|&n| self.graph[n].id == id);
        let (a, b) = (find(a)?, find(b)?);
        self.graph.find_edge(a, b).map(|e| &self.graph[e])
    }
}

#[derive(Default)]
struct NodeAcc {
    count: u64,
    documents: u64,
    last_doc: u64,
}

#[derive(Default)]
struct EdgeAcc {
    weight: u64,
    documents: u64,
    last_doc: u64,
    evidence: Vec<Evidence>,
}

/// Accumulates documents into a [`CooccurrenceGraph`].
///
/// # Example
///
/// ```
/// use entgraph::{Extractor, Gazetteer, GraphBuilder};
///
/// let gazetteer = Gazetteer::bundled().unwrap();
/// let extractor = Extractor::new(&gazetteer).unwrap();
/// let text = "China and Russia signed a deal. Brazil watched.";
/// let doc = extractor.extract(text);
/// let mut builder = GraphBuilder::new(&gazetteer);
/// builder.add_document("a", text, &doc.mentions, &doc.sentences);
/// let graph = builder.build();
/// assert_eq!(graph.edge("china", "russia").unwrap().weight, 1);
/// assert!(graph.edge("china", "brazil").is_none());
/// ```
pub struct GraphBuilder<'g> {
    gazetteer: &'g Gazetteer,
    scope: Scope,
    evidence_limit: Option<usize>,
    nodes: HashMap<EntityIndex, NodeAcc>,
    edges: HashMap<(EntityIndex, EntityIndex), EdgeAcc>,
    documents: u64,
    settings: BTreeMap<String, serde_json::Value>,
    /// Scratch: the distinct entities of the current unit.
    unit: Vec<EntityIndex>,
}

impl<'g> GraphBuilder<'g> {
    /// A builder for entities of `gazetteer`, with sentence scope and all evidence kept.
    pub fn new(gazetteer: &'g Gazetteer) -> GraphBuilder<'g> {
        GraphBuilder {
            gazetteer,
            scope: Scope::Sentence,
            evidence_limit: None,
            nodes: HashMap::new(),
            edges: HashMap::new(),
            documents: 0,
            settings: BTreeMap::new(),
            unit: Vec::new(),
        }
    }

    /// The co-occurrence scope (default: sentence).
    pub fn scope(&mut self, scope: Scope) -> &mut GraphBuilder<'g> {
        self.scope = scope;
        self
    }

    /// Keep at most `limit` evidence units per edge (`None`, the default, keeps all).
    pub fn evidence_limit(&mut self, limit: Option<usize>) -> &mut GraphBuilder<'g> {
        self.evidence_limit = limit;
        self
    }

    /// Records a setting in the graph's metadata.
    pub fn setting(
        &mut self,
        name: &str,
        value: impl Into<serde_json::Value>,
    ) -> &mut GraphBuilder<'g> {
        self.settings.insert(name.to_string(), value.into());
        self
    }

    /// Adds one document: its id, text, mentions (in text order) and sentences.
    pub fn add_document(
        &mut self,
        doc_id: &str,
        text: &str,
        mentions: &[Mention],
        sentences: &[Sentence],
    ) {
        self.documents += 1;
        let doc = self.documents;
        for m in mentions {
            let node = self.nodes.entry(m.entity).or_default();
            node.count += 1;
            if node.last_doc != doc {
                node.last_doc = doc;
                node.documents += 1;
            }
        }
        let units = units(self.scope, text, sentences);
        let mut next = 0;
        for unit in units {
            self.unit.clear();
            // Mentions are in text order; a mention belongs to the unit its start
            // lies in.
            while next < mentions.len() && mentions[next].span.start < unit.end {
                if mentions[next].span.start >= unit.start {
                    self.unit.push(mentions[next].entity);
                }
                next += 1;
            }
            self.unit.sort_unstable();
            self.unit.dedup();
            if self.unit.len() < 2 {
                continue;
            }
            for i in 0..self.unit.len() {
                for j in i + 1..self.unit.len() {
                    let edge = self.edges.entry((self.unit[i], self.unit[j])).or_default();
                    edge.weight += 1;
                    if edge.last_doc != doc {
                        edge.last_doc = doc;
                        edge.documents += 1;
                    }
                    if self.evidence_limit.is_none_or(|limit| edge.evidence.len() < limit) {
                        edge.evidence.push(Evidence {
                            doc: doc_id.to_string(),
                            span: unit,
                            text: text[unit.range()].to_string(),
                        });
                    }
                }
            }
        }
    }

    /// The graph of every document added.
    pub fn build(self) -> CooccurrenceGraph {
        let g = self.gazetteer;
        let mut nodes: Vec<(EntityIndex, NodeAcc)> = self.nodes.into_iter().collect();
        nodes.sort_by(|a, b| g.entity(a.0).id.cmp(&g.entity(b.0).id));
        let mut graph = UnGraph::with_capacity(nodes.len(), self.edges.len());
        let mut at: HashMap<EntityIndex, NodeIndex> = HashMap::with_capacity(nodes.len());
        for (index, acc) in nodes {
            let e = g.entity(index);
            let n = graph.add_node(Node {
                id: e.id.clone(),
                label: e.label.clone(),
                entity_type: e.entity_type.as_str().to_string(),
                wikidata: e.wikidata.clone(),
                wikipedia: e.wikipedia.clone(),
                count: acc.count,
                documents: acc.documents,
            });
            at.insert(index, n);
        }
        let mut edges: Vec<(NodeIndex, NodeIndex, EdgeAcc)> = self
            .edges
            .into_iter()
            .map(|((a, b), acc)| {
                let (a, b) = (at[&a], at[&b]);
                if graph[a].id <= graph[b].id { (a, b, acc) } else { (b, a, acc) }
            })
            .collect();
        edges.sort_by(|x, y| {
            (&graph[x.0].id, &graph[x.1].id).cmp(&(&graph[y.0].id, &graph[y.1].id))
        });
        for (a, b, acc) in edges {
            graph.add_edge(
                a,
                b,
                Edge { weight: acc.weight, documents: acc.documents, evidence: acc.evidence },
            );
        }
        let meta =
            GraphMeta { documents: self.documents, scope: self.scope, settings: self.settings };
        CooccurrenceGraph { graph, meta }
    }
}

/// The units of a document for a scope, in text order.
fn units(scope: Scope, text: &str, sentences: &[Sentence]) -> Vec<Span> {
    match scope {
        Scope::Sentence => sentences.iter().map(|s| s.span).collect(),
        Scope::Paragraph => {
            let mut out: Vec<Span> = Vec::new();
            let mut last = None;
            for s in sentences {
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
    }
}
