//! Communities by the Louvain method (Blondel et al. 2008): greedy modularity
//! optimisation, level by level.
//!
//! Each level moves nodes one at a time, in index order, into the neighbouring
//! community that raises modularity most (staying put on a tie), until a pass
//! moves none; then each community becomes one node of the next level. The
//! method stops when a level moves nothing. Every loop runs in a fixed order
//! and sums are made in that order, so the same graph always gives the same
//! communities; they are numbered by size (largest first), ties by their first
//! node.

use std::collections::BTreeMap;

/// The community of each of `n` nodes joined by `edges` (`(a, b, weight)`,
/// undirected, `a != b`, positive weights), numbered from 0, largest first.
pub(crate) fn communities(n: usize, edges: &[(usize, usize, f64)]) -> Vec<usize> {
    let mut adj: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for &(a, b, w) in edges {
        if a != b && w > 0.0 {
            adj[a].push((b, w));
            adj[b].push((a, w));
        }
    }
    let mut inner = vec![0.0; n];
    // The community (a node of the current level) of each original node.
    let mut membership: Vec<usize> = (0..n).collect();
    loop {
        let level = one_level(&adj, &inner);
        let k = level.iter().copied().max().map_or(0, |m| m + 1);
        if k == adj.len() {
            break;
        }
        for m in membership.iter_mut() {
            *m = level[*m];
        }
        (adj, inner) = aggregate(&adj, &inner, &level, k);
    }
    renumber(&membership)
}

/// One level: the community of each node, numbered 0.. in order of first node.
fn one_level(adj: &[Vec<(usize, f64)>], inner: &[f64]) -> Vec<usize> {
    let n = adj.len();
    let degree: Vec<f64> =
        (0..n).map(|i| adj[i].iter().map(|&(_, w)| w).sum::<f64>() + 2.0 * inner[i]).collect();
    let two_m: f64 = degree.iter().sum();
    let mut community: Vec<usize> = (0..n).collect();
    if two_m <= 0.0 {
        return community;
    }
    let mut total = degree.clone();
    let mut weight_to = vec![0.0; n];
    let mut seen: Vec<usize> = Vec::new();
    let mut is_seen = vec![false; n];
    for _pass in 0..1000 {
        let mut moved = false;
        for i in 0..n {
            let here = community[i];
            seen.clear();
            for &(j, w) in &adj[i] {
                let c = community[j];
                if !is_seen[c] {
                    is_seen[c] = true;
                    seen.push(c);
                }
                weight_to[c] += w;
            }
            total[here] -= degree[i];
            let gain = |c: usize, weight_to: &[f64], total: &[f64]| {
                weight_to[c] - total[c] * degree[i] / two_m
            };
            let (mut best, mut best_gain) = (here, gain(here, &weight_to, &total));
            for &c in &seen {
                let g = gain(c, &weight_to, &total);
                if g > best_gain + 1e-12 {
                    (best, best_gain) = (c, g);
                }
            }
            total[best] += degree[i];
            if best != here {
                community[i] = best;
                moved = true;
            }
            for &c in &seen {
                weight_to[c] = 0.0;
                is_seen[c] = false;
            }
        }
        if !moved {
            break;
        }
    }
    let mut number = vec![usize::MAX; n];
    let mut next = 0;
    for c in community.iter_mut() {
        if number[*c] == usize::MAX {
            number[*c] = next;
            next += 1;
        }
        *c = number[*c];
    }
    community
}

/// The graph of the communities: one node each, the weight between two the sum
/// of the weights between their members, the weight inside one (`inner`) the
/// sum of the weights inside it.
#[allow(clippy::type_complexity)]
fn aggregate(
    adj: &[Vec<(usize, f64)>],
    inner: &[f64],
    community: &[usize],
    k: usize,
) -> (Vec<Vec<(usize, f64)>>, Vec<f64>) {
    let mut new_inner = vec![0.0; k];
    let mut between: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for (i, edges) in adj.iter().enumerate() {
        let ci = community[i];
        new_inner[ci] += inner[i];
        for &(j, w) in edges {
            let cj = community[j];
            if ci == cj {
                // Seen from both ends.
                if i < j {
                    new_inner[ci] += w;
                }
            } else if ci < cj {
                *between.entry((ci, cj)).or_default() += w;
            }
        }
    }
    let mut new_adj = vec![Vec::new(); k];
    for ((a, b), w) in between {
        new_adj[a].push((b, w));
        new_adj[b].push((a, w));
    }
    (new_adj, new_inner)
}

/// Community numbers by size, largest first, ties by the smallest node.
fn renumber(membership: &[usize]) -> Vec<usize> {
    let k = membership.iter().copied().max().map_or(0, |m| m + 1);
    let mut size = vec![0usize; k];
    let mut first = vec![usize::MAX; k];
    for (i, &c) in membership.iter().enumerate() {
        size[c] += 1;
        first[c] = first[c].min(i);
    }
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by_key(|&c| (std::cmp::Reverse(size[c]), first[c]));
    let mut number = vec![0; k];
    for (rank, &c) in order.iter().enumerate() {
        number[c] = rank;
    }
    membership.iter().map(|&c| number[c]).collect()
}

/// The modularity of a partition (for tests and reports).
#[cfg(test)]
pub(crate) fn modularity(n: usize, edges: &[(usize, usize, f64)], community: &[usize]) -> f64 {
    let mut degree = vec![0.0; n];
    let mut inside = std::collections::HashMap::new();
    let mut m = 0.0;
    for &(a, b, w) in edges {
        degree[a] += w;
        degree[b] += w;
        m += w;
        if community[a] == community[b] {
            *inside.entry(community[a]).or_insert(0.0) += w;
        }
    }
    let mut total: std::collections::HashMap<usize, f64> = Default::default();
    for i in 0..n {
        *total.entry(community[i]).or_insert(0.0) += degree[i];
    }
    total.iter().map(|(c, t)| inside.get(c).unwrap_or(&0.0) / m - (t / (2.0 * m)).powi(2)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `k` cliques of `size` nodes, each joined to the next by one edge.
    fn ring_of_cliques(k: usize, size: usize) -> Vec<(usize, usize, f64)> {
        let mut edges = Vec::new();
        for c in 0..k {
            for a in 0..size {
                for b in a + 1..size {
                    edges.push((c * size + a, c * size + b, 1.0));
                }
            }
            edges.push((c * size, ((c + 1) % k) * size + 1, 1.0));
        }
        edges
    }

    #[test]
    fn finds_the_cliques_of_a_ring() {
        let edges = ring_of_cliques(6, 5);
        let c = communities(30, &edges);
        for clique in 0..6 {
            let first = c[clique * 5];
            assert!((0..5).all(|i| c[clique * 5 + i] == first), "{c:?}");
        }
        let distinct: std::collections::BTreeSet<_> = c.iter().collect();
        assert_eq!(distinct.len(), 6, "{c:?}");
        // The textbook partition's modularity.
        let q = modularity(30, &edges, &c);
        assert!((q - 0.7).abs() < 0.05, "{q}");
    }

    #[test]
    fn two_heavy_pairs_and_a_light_link() {
        let edges = [(0, 1, 10.0), (2, 3, 10.0), (1, 2, 1.0)];
        assert_eq!(communities(4, &edges), vec![0, 0, 1, 1]);
    }

    #[test]
    fn isolated_nodes_stay_alone_and_numbers_go_by_size() {
        // Node 0 alone; 1-2-3 a triangle; 4 alone.
        let edges = [(1, 2, 1.0), (2, 3, 1.0), (1, 3, 1.0)];
        assert_eq!(communities(5, &edges), vec![1, 0, 0, 0, 2]);
        assert_eq!(communities(0, &[]), Vec::<usize>::new());
        assert_eq!(communities(2, &[]), vec![0, 1]);
    }

    #[test]
    fn the_same_graph_gives_the_same_communities() {
        let edges = ring_of_cliques(12, 4);
        let first = communities(48, &edges);
        for _ in 0..5 {
            assert_eq!(communities(48, &edges), first);
        }
    }
}
