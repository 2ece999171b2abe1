//! Criterion benchmarks, one group per pipeline stage, named `stage/case/size`.
//!
//! The text is the project's own articles (`examples/article.txt` and
//! `tests/data/corpus/*.txt`) repeated to 10 KB, 100 KB and 1 MB; the gazetteers are
//! the bundled ones (about 13,000 aliases) and generated ones of 100 and 10,000
//! aliases, so that building is timed apart from searching. Every benchmark checks
//! its result, so a broken stage cannot look fast.
//!
//! Run with `cargo bench --bench stages` (or a filter: `cargo bench --bench stages
//! -- match/`). Whole-process figures against a bare Aho-Corasick scan are in
//! `benches/corpus.sh`.

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use entgraph::gazetteer::{GazetteerBuilder, GazetteerFormat};
use entgraph::{
    DotExporter, Extractor, Gazetteer, GraphBuilder, JsonExporter, Matcher, Normalized, Resolver,
    ResolverConfig,
};

const SIZES: &[(&str, usize)] = &[("10k", 10_000), ("100k", 100_000), ("1m", 1_000_000)];

/// The project's own articles, repeated to `size` bytes.
fn text(size: usize) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut articles = vec![std::fs::read_to_string(root.join("examples/article.txt")).unwrap()];
    let mut corpus: Vec<_> = std::fs::read_dir(root.join("tests/data/corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    corpus.sort();
    articles.extend(corpus.iter().map(|p| std::fs::read_to_string(p).unwrap()));
    let mut out = String::with_capacity(size + 4096);
    while out.len() < size {
        for a in &articles {
            out.push_str(a);
            out.push_str("\n\n");
        }
    }
    out.truncate(out.floor_char_boundary(size));
    out
}

/// A gazetteer of `n` generated aliases (two-word names of made-up entities).
fn generated(n: usize) -> Gazetteer {
    let mut tsv = String::from("alias\tlabel\ttype\tid\n");
    for i in 0..n {
        tsv.push_str(&format!("Entity{i} Name{}\tEntity {i}\tthing\te{i}\n", i % 97));
    }
    let mut b = GazetteerBuilder::new();
    b.add_str("generated.tsv", GazetteerFormat::Tsv, &tsv);
    b.build().unwrap()
}

fn normalise(c: &mut Criterion) {
    let mut g = c.benchmark_group("normalise");
    for &(name, size) in SIZES {
        let t = text(size);
        g.throughput(Throughput::Bytes(t.len() as u64));
        g.bench_function(BenchmarkId::new("articles", name), |b| {
            let mut norm = Normalized::default();
            b.iter(|| {
                norm.reset(black_box(&t));
                assert!(norm.word_starts().len() > size / 10);
            })
        });
    }
}

fn matching(c: &mut Criterion) {
    let bundled = Gazetteer::bundled().unwrap();
    let mut g = c.benchmark_group("match");
    g.sample_size(10);
    for (name, gazetteer) in [("100-aliases", generated(100)), ("10k-aliases", generated(10_000))] {
        g.bench_function(BenchmarkId::new("build", name), |b| {
            b.iter(|| assert!(Matcher::new(black_box(&gazetteer)).unwrap().pattern_len() >= 100))
        });
    }
    g.bench_function(BenchmarkId::new("build", "bundled"), |b| {
        b.iter(|| assert!(Matcher::new(black_box(&bundled)).unwrap().pattern_len() > 10_000))
    });
    let matcher = Matcher::new(&bundled).unwrap();
    g.sample_size(20);
    for &(name, size) in SIZES {
        let t = text(size);
        let norm = Normalized::new(&t);
        g.throughput(Throughput::Bytes(t.len() as u64));
        g.bench_function(BenchmarkId::new("bundled", name), |b| {
            b.iter(|| assert!(matcher.find_iter(black_box(&t), &norm).count() > size / 1000))
        });
    }
}

fn resolve(c: &mut Criterion) {
    let g = Gazetteer::bundled().unwrap();
    let matcher = Matcher::new(&g).unwrap();
    let resolver = Resolver::new(&g, ResolverConfig::new());
    let mut group = c.benchmark_group("resolve");
    for &(name, size) in &SIZES[..2] {
        let t = text(size);
        let norm = Normalized::new(&t);
        let matches: Vec<_> = matcher.find_iter(&t, &norm).collect();
        group.throughput(Throughput::Bytes(t.len() as u64));
        let index = entgraph::TextIndex::new(&t);
        group.bench_function(BenchmarkId::new("bundled", name), |b| {
            b.iter(|| {
                assert!(
                    !resolver
                        .resolve(black_box(&t), &index, &matcher, &matches, None)
                        .mentions
                        .is_empty()
                )
            })
        });
    }
}

fn segment(c: &mut Criterion) {
    let mut g = c.benchmark_group("segment");
    for &(name, size) in SIZES {
        let t = text(size);
        g.throughput(Throughput::Bytes(t.len() as u64));
        g.bench_function(BenchmarkId::new("articles", name), |b| {
            b.iter(|| assert!(entgraph::segment::split(black_box(&t)).len() > size / 500))
        });
    }
}

fn graph_and_export(c: &mut Criterion) {
    let g = Gazetteer::bundled().unwrap();
    let extractor = Extractor::new(&g).unwrap();
    let t = text(100_000);
    let docs: Vec<entgraph::Extraction> = t
        .split("\n\n\n")
        .filter(|d| !d.is_empty())
        .enumerate()
        .map(|(i, d)| extractor.extract(entgraph::Document::new(i.to_string(), d)))
        .collect();
    let mut group = c.benchmark_group("graph");
    group.throughput(Throughput::Bytes(t.len() as u64));
    group.bench_function(BenchmarkId::new("sentence", "100k"), |b| {
        b.iter(|| {
            let mut builder = GraphBuilder::new(&g);
            builder.evidence_limit(Some(3));
            for doc in &docs {
                builder.add_document(doc);
            }
            assert!(builder.build().graph.edge_count() > 10);
        })
    });
    group.finish();
    let mut builder = GraphBuilder::new(&g);
    builder.evidence_limit(Some(3));
    for doc in &docs {
        builder.add_document(doc);
    }
    let graph = builder.build();
    let mut group = c.benchmark_group("export");
    group.bench_function(BenchmarkId::new("json", "100k"), |b| {
        b.iter(|| assert!(JsonExporter::new().to_string(black_box(&graph)).len() > 1000))
    });
    group.bench_function(BenchmarkId::new("dot", "100k"), |b| {
        b.iter(|| assert!(DotExporter::new().to_string(black_box(&graph)).len() > 1000))
    });
}

fn startup(c: &mut Criterion) {
    let mut g = c.benchmark_group("startup");
    g.sample_size(10);
    g.bench_function(BenchmarkId::new("bundled", "load-and-build"), |b| {
        b.iter(|| {
            let gazetteer = Gazetteer::bundled().unwrap();
            let extractor = Extractor::new(&gazetteer).unwrap();
            assert!(extractor.matcher().pattern_len() > 10_000);
        })
    });
}

criterion_group!(benches, startup, normalise, matching, resolve, segment, graph_and_export);
criterion_main!(benches);
