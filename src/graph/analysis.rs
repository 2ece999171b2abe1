//! Analysis attributes of the nodes: degree, weighted degree, PageRank and a
//! community, computed on the graph as it is (after pruning) from its
//! co-occurrence edges (background edges of `--knowledge` are left out: they
//! state what the gazetteer knows, not what the text says).
//!
//! - `degree`: the number of co-occurrence neighbours;
//! - `weighted_degree`: the sum of the weights of the node's co-occurrence edges;
//! - `pagerank`: PageRank over the co-occurrence edges weighted by their weight
//!   (damping 0.85; a node without edges spreads its rank over all nodes),
//!   rounded to 9 decimals; the ranks sum to 1;
//! - `community`: a community from the Louvain modularity method (see
//!   `louvain.rs`), numbered from 0 by size, largest first.
//!
//! Everything runs in node order on one thread, so the same graph gives the same
//! values, whatever the number of threads that built it.

use super::{CooccurrenceGraph, EdgeKind};

/// The analysis attributes of one node.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct NodeAnalysis {
    /// Number of co-occurrence neighbours.
    pub degree: u64,
    /// Sum of the weights of the co-occurrence edges.
    pub weighted_degree: u64,
    /// PageRank over the weighted co-occurrence edges.
    pub pagerank: f64,
    /// Louvain community, 0 the largest.
    pub community: u64,
}

/// The analysis attributes of every node, in node order.
pub fn analyse(graph: &CooccurrenceGraph) -> Vec<NodeAnalysis> {
    let n = graph.graph.node_count();
    let mut out = vec![NodeAnalysis::default(); n];
    let mut edges = Vec::new();
    for e in graph.graph.edge_indices() {
        let edge = &graph.graph[e];
        if edge.kind != EdgeKind::Cooccurrence {
            continue;
        }
        let (a, b) = graph.graph.edge_endpoints(e).expect("edge of this graph");
        let (a, b) = (a.index(), b.index());
        if a == b {
            continue;
        }
        out[a].degree += 1;
        out[b].degree += 1;
        out[a].weighted_degree += edge.weight;
        out[b].weighted_degree += edge.weight;
        edges.push((a, b, edge.weight as f64));
    }
    for (o, r) in out.iter_mut().zip(pagerank(n, &edges)) {
        o.pagerank = (r * 1e9).round() / 1e9;
    }
    for (o, c) in out.iter_mut().zip(super::louvain::communities(n, &edges)) {
        o.community = c as u64;
    }
    out
}

/// Weighted PageRank of an undirected graph, by power iteration.
fn pagerank(n: usize, edges: &[(usize, usize, f64)]) -> Vec<f64> {
    if n == 0 {
        return Vec::new();
    }
    const DAMPING: f64 = 0.85;
    let mut strength = vec![0.0; n];
    for &(a, b, w) in edges {
        strength[a] += w;
        strength[b] += w;
    }
    let mut rank = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    for _ in 0..200 {
        let dangling: f64 = (0..n).filter(|&i| strength[i] == 0.0).map(|i| rank[i]).sum();
        let base = (1.0 - DAMPING) / n as f64 + DAMPING * dangling / n as f64;
        next.iter_mut().for_each(|x| *x = base);
        for &(a, b, w) in edges {
            next[b] += DAMPING * rank[a] * w / strength[a];
            next[a] += DAMPING * rank[b] * w / strength[b];
        }
        let change: f64 = rank.iter().zip(&next).map(|(x, y)| (x - y).abs()).sum();
        std::mem::swap(&mut rank, &mut next);
        if change < 1e-12 {
            break;
        }
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagerank_of_a_star_favours_its_centre() {
        let edges = [(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0)];
        let r = pagerank(5, &edges);
        assert!((r.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(r[0] > r[1] && r[1] == r[2] && r[2] == r[3]);
        // Node 4 has no edge: it gets only the teleport and dangling share.
        assert!(r[4] < r[1]);
    }

    #[test]
    fn pagerank_of_a_symmetric_graph_is_uniform() {
        let edges = [(0, 1, 2.0), (1, 2, 2.0), (2, 0, 2.0)];
        for x in pagerank(3, &edges) {
            assert!((x - 1.0 / 3.0).abs() < 1e-9);
        }
    }
}
