//! Pruning a graph to a readable picture: node filters, edge filters, isolates
//! and the largest component, in that order, with what was removed recorded in
//! the metadata (`pruned`).
//!
//! 1. Nodes: `exclude` (ids), `types` (keep only these entity types),
//!    `min_mentions`, then `top_nodes` (the most mentioned, ties by id). A
//!    removed node takes its edges with it.
//! 2. Edges: `min_weight`, `min_documents`, then `top_edges` (the heaviest
//!    co-occurrence edges, ties by id order), as [`CooccurrenceGraph::prune`].
//! 3. Isolates, nodes left without any edge: dropped when asked
//!    ([`Isolates::Drop`]), or by default ([`Isolates::Auto`]) when steps 1 and 2
//!    removed some edge, since an unpruned graph's isolates are what the text
//!    says but a pruned graph's are leftovers; kept with [`Isolates::Keep`].
//! 4. `largest_component`: only the largest connected component is kept (by
//!    nodes, ties by the smallest id).
//!
//! The `pruned` object of the metadata then holds every setting and
//! `edges_removed` (co-occurrence edges removed by step 2), `edges_removed_with_nodes`
//! (edges of removed nodes), `nodes_removed` and `nodes_removed_by` (per step).

use std::collections::{BTreeMap, BTreeSet};

use super::{CooccurrenceGraph, EdgeKind};

/// What to do with nodes left without edges.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Isolates {
    /// Drop them when pruning removed some edge (the default).
    #[default]
    Auto,
    /// Always drop them.
    Drop,
    /// Always keep them.
    Keep,
}

impl Isolates {
    fn as_str(self) -> &'static str {
        match self {
            Isolates::Auto => "auto",
            Isolates::Drop => "drop",
            Isolates::Keep => "keep",
        }
    }
}

/// Every pruning setting; the default removes nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pruning {
    /// Drop co-occurrence edges with a smaller weight.
    pub min_weight: u64,
    /// Drop co-occurrence edges seen in fewer documents.
    pub min_documents: u64,
    /// Keep only this many co-occurrence edges, the heaviest.
    pub top_edges: Option<usize>,
    /// Keep only this many nodes, the most mentioned.
    pub top_nodes: Option<usize>,
    /// Drop nodes with fewer mentions.
    pub min_mentions: u64,
    /// Keep only nodes of these entity types (all when empty).
    pub types: Vec<String>,
    /// Drop the nodes with these ids.
    pub exclude: Vec<String>,
    /// What to do with nodes left without edges.
    pub isolates: Isolates,
    /// Keep only the largest connected component.
    pub largest_component: bool,
}

impl CooccurrenceGraph {
    /// The graph pruned as `pruning` says (see the module `prune`), with what was
    /// removed recorded in the metadata (`pruned`).
    ///
    /// ```
    /// use entgraph::{Document, Extractor, Gazetteer, GraphBuilder};
    /// use entgraph::graph::Pruning;
    ///
    /// let gazetteer = Gazetteer::bundled().unwrap();
    /// let extractor = Extractor::new(&gazetteer).unwrap();
    /// let text = "China and Russia met. China and Brazil met.";
    /// let mut builder = GraphBuilder::new(&gazetteer);
    /// builder.add_document(&extractor.extract(Document::new("a", text)));
    /// let pruning = Pruning { exclude: vec!["china".into()], ..Default::default() };
    /// let graph = builder.build().prune_with(&pruning);
    /// // China's edges went with it, and Russia and Brazil were left isolated.
    /// assert_eq!(graph.node_count(), 0);
    /// assert_eq!(graph.meta.settings.pruned.unwrap().nodes_removed, Some(3));
    /// ```
    pub fn prune_with(self, pruning: &Pruning) -> CooccurrenceGraph {
        let p = pruning;
        let mut by: BTreeMap<String, u64> = BTreeMap::new();
        let co_edges = |g: &CooccurrenceGraph| {
            g.edges().filter(|(_, _, e)| e.kind == EdgeKind::Cooccurrence).count()
        };
        let before = co_edges(&self);

        // 1. Nodes.
        let exclude: BTreeSet<&str> = p.exclude.iter().map(String::as_str).collect();
        let types: BTreeSet<&str> = p.types.iter().map(String::as_str).collect();
        let mut graph = self;
        let mut step = |graph: CooccurrenceGraph, name: &str, keep: &dyn Fn(usize) -> bool| {
            let (g, n) = graph.keep_nodes(keep);
            by.insert(name.into(), n);
            g
        };
        let keep: Vec<bool> = graph.nodes().map(|n| !exclude.contains(n.id.as_str())).collect();
        graph = step(graph, "exclude", &|i| keep[i]);
        let keep: Vec<bool> = graph
            .nodes()
            .map(|n| types.is_empty() || types.contains(n.entity_type.as_str()))
            .collect();
        graph = step(graph, "types", &|i| keep[i]);
        let keep: Vec<bool> = graph.nodes().map(|n| n.count >= p.min_mentions).collect();
        graph = step(graph, "min_mentions", &|i| keep[i]);
        let mut keep = vec![true; graph.graph.node_count()];
        if let Some(top) = p.top_nodes {
            let mut order: Vec<usize> = (0..keep.len()).collect();
            let nodes: Vec<&super::Node> = graph.nodes().collect();
            order.sort_by(|&a, &b| {
                nodes[b].count.cmp(&nodes[a].count).then_with(|| nodes[a].id.cmp(&nodes[b].id))
            });
            for &i in order.iter().skip(top) {
                keep[i] = false;
            }
        }
        graph = step(graph, "top_nodes", &|i| keep[i]);
        let with_nodes = before - co_edges(&graph);

        // 2. Edges.
        let mut graph = graph.prune(p.min_weight, p.min_documents, p.top_edges);
        let removed = graph.meta.settings.pruned.take();
        let edges_removed = removed.as_ref().and_then(|r| r.edges_removed).unwrap_or(0);

        // 3. Isolates.
        let drop = match p.isolates {
            Isolates::Drop => true,
            Isolates::Keep => false,
            Isolates::Auto => with_nodes > 0 || edges_removed > 0,
        };
        let mut linked = vec![false; graph.graph.node_count()];
        for e in graph.graph.edge_indices() {
            let (a, b) = graph.graph.edge_endpoints(e).expect("edge of this graph");
            linked[a.index()] = true;
            linked[b.index()] = true;
        }
        let (mut graph, n) = graph.keep_nodes(&|i| !drop || linked[i]);
        by.insert("isolates".into(), n);

        // 4. The largest component.
        let n = if p.largest_component {
            let component = components(&graph);
            let mut size = vec![0usize; component.iter().max().map_or(0, |m| m + 1)];
            for &c in &component {
                size[c] += 1;
            }
            // Components are numbered by their first node, so the first of the
            // largest holds the smallest id.
            let largest = (0..size.len()).max_by_key(|&c| (size[c], std::cmp::Reverse(c)));
            let (g, n) = graph.keep_nodes(&|i| Some(component[i]) == largest);
            graph = g;
            n
        } else {
            0
        };
        by.insert("largest_component".into(), n);

        let mut pruned = removed.unwrap_or_default();
        pruned.top_nodes = Some(p.top_nodes);
        pruned.min_mentions = Some(p.min_mentions);
        pruned.types = Some(p.types.clone());
        pruned.exclude = Some(p.exclude.clone());
        pruned.isolates = Some(p.isolates.as_str().to_string());
        pruned.largest_component = Some(p.largest_component);
        pruned.edges_removed_with_nodes = Some(with_nodes as u64);
        pruned.nodes_removed = Some(by.values().sum());
        pruned.nodes_removed_by = Some(by);
        graph.meta.settings.pruned = Some(pruned);
        graph
    }

    /// The graph without the nodes (by index) that `keep` rejects, and their
    /// number.
    fn keep_nodes(self, keep: &dyn Fn(usize) -> bool) -> (CooccurrenceGraph, u64) {
        let n = self.graph.node_count();
        let kept = (0..n).filter(|&i| keep(i)).count();
        if kept == n {
            return (self, 0);
        }
        let (nodes, edges, meta) = self.into_parts();
        let gone: BTreeSet<String> = nodes
            .iter()
            .enumerate()
            .filter(|(i, _)| !keep(*i))
            .map(|(_, n)| n.id.clone())
            .collect();
        let nodes = nodes.into_iter().filter(|n| !gone.contains(&n.id)).collect();
        let edges = edges.into_iter().filter(|(a, b, _)| !gone.contains(a) && !gone.contains(b));
        (CooccurrenceGraph::from_parts(nodes, edges.collect(), meta), (n - kept) as u64)
    }
}

/// The connected component of each node (over every edge), numbered in order of
/// their first node.
fn components(graph: &CooccurrenceGraph) -> Vec<usize> {
    let n = graph.graph.node_count();
    let mut component = vec![usize::MAX; n];
    let mut next = 0;
    let mut stack = Vec::new();
    for start in 0..n {
        if component[start] != usize::MAX {
            continue;
        }
        component[start] = next;
        stack.push(petgraph::graph::NodeIndex::new(start));
        while let Some(v) = stack.pop() {
            for w in graph.graph.neighbors(v) {
                if component[w.index()] == usize::MAX {
                    component[w.index()] = next;
                    stack.push(w);
                }
            }
        }
        next += 1;
    }
    component
}
