use std::time::Instant;
fn main() {
    for _ in 0..3 {
        let t = Instant::now();
        let g = entgraph::Gazetteer::bundled().unwrap();
        let a = t.elapsed();
        let t = Instant::now();
        let m = entgraph::Matcher::new(&g).unwrap();
        let b = t.elapsed();
        let t = Instant::now();
        let r = entgraph::Resolver::new(&g, entgraph::ResolverConfig::new());
        let c = t.elapsed();
        let t = Instant::now();
        let f =
            entgraph::relations::RelationFinder::new(&entgraph::relations::CueLexicon::bundled());
        let d = t.elapsed();
        println!(
            "gazetteer {a:?} matcher {b:?} resolver {c:?} relations {d:?} ({} patterns)",
            m.pattern_len()
        );
        drop((r, f));
    }
}
