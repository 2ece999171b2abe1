//! Exports fed to their real readers: networkx reads the JSON, Graphviz renders the
//! DOT. The JSON is also decoded into types defined here, which pins its schema.

use std::process::Command;

use entgraph::{Document, DotExporter, Extractor, GraphBuilder, JsonExporter};
use serde::Deserialize;

use crate::util::{Cmd, python_networkx, read, reader, rules_gazetteer};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Graph {
    directed: bool,
    multigraph: bool,
    graph: serde_json::Map<String, serde_json::Value>,
    documents: Vec<serde_json::Map<String, serde_json::Value>>,
    nodes: Vec<Node>,
    links: Option<Vec<Link>>,
    edges: Option<Vec<Link>>,
    document_ids: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Node {
    id: String,
    label: String,
    #[serde(rename = "type")]
    entity_type: String,
    wikidata: Option<String>,
    wikipedia: Option<String>,
    count: u64,
    documents: u64,
    units: u64,
    first_seen: Option<String>,
    last_seen: Option<String>,
    #[serde(default)]
    doc_ids: Vec<String>,
    #[serde(default)]
    timeline: std::collections::BTreeMap<String, u64>,
    degree: u64,
    weighted_degree: u64,
    pagerank: f64,
    community: u64,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Link {
    source: String,
    target: String,
    kind: String,
    weight: u64,
    documents: u64,
    association: Option<f64>,
    #[serde(default)]
    relations: std::collections::BTreeMap<String, u64>,
    first_seen: Option<String>,
    last_seen: Option<String>,
    #[serde(default)]
    doc_ids: Vec<String>,
    #[serde(default)]
    timeline: std::collections::BTreeMap<String, u64>,
    #[serde(default)]
    evidence: Vec<EvidenceItem>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct EvidenceItem {
    doc: String,
    start: usize,
    end: usize,
    start_utf16: usize,
    end_utf16: usize,
    start_bytes: usize,
    end_bytes: usize,
    text: String,
    source: [usize; 2],
    target: [usize; 2],
    source_utf16: [usize; 2],
    target_utf16: [usize; 2],
    source_bytes: [usize; 2],
    target_bytes: [usize; 2],
}

fn example_json() -> String {
    Cmd::new().args(["extract", "examples/article.txt"]).stdout()
}

#[test]
fn json_schema() {
    let g: Graph = serde_json::from_str(&example_json()).unwrap();
    assert!(!g.directed && !g.multigraph);
    assert_eq!(g.graph["name"], "entgraph");
    assert_eq!(g.graph["scope"], "sentence");
    // The edges once, under `links`; `--edges-key both` writes the same under both.
    assert!(g.links.as_ref().is_some_and(|l| !l.is_empty()) && g.edges.is_none());
    assert_eq!(g.document_ids, ["examples/article.txt"]);
    let both = Cmd::new().args(["extract", "examples/article.txt", "--edges-key", "both"]).stdout();
    let both: Graph = serde_json::from_str(&both).unwrap();
    assert_eq!((&both.links, &both.edges), (&g.links, &g.links));
    let edges =
        Cmd::new().args(["extract", "examples/article.txt", "--edges-key", "EDGES"]).stdout();
    let edges: Graph = serde_json::from_str(&edges).unwrap();
    assert_eq!((&edges.links, &edges.edges), (&None, &g.links));
    let china = g.nodes.iter().find(|n| n.id == "china").unwrap();
    assert_eq!((china.label.as_str(), china.entity_type.as_str()), ("China", "country"));
    assert_eq!(china.wikidata.as_deref(), Some("Q148"));
    assert_eq!(china.wikipedia.as_deref(), Some("China"));
    assert!(china.count >= 3 && china.documents == 1);
    assert!(china.units >= 3 && china.units <= china.count);
    // Provenance and analysis attributes.
    assert_eq!(g.documents.len(), 1);
    assert_eq!(g.documents[0]["id"], "examples/article.txt");
    assert_eq!(china.doc_ids, ["examples/article.txt"]);
    assert!(china.timeline.is_empty(), "no dates, no timeline");
    let china_edges =
        g.links.iter().flatten().filter(|l| l.source == "china" || l.target == "china");
    assert_eq!(china.degree, china_edges.clone().count() as u64);
    assert_eq!(china.weighted_degree, china_edges.map(|l| l.weight).sum::<u64>());
    assert!(china.pagerank > 0.0 && china.pagerank < 1.0);
    let ranks: f64 = g.nodes.iter().map(|n| n.pagerank).sum();
    assert!((ranks - 1.0).abs() < 1e-6, "{ranks}");
    assert!(g.nodes.iter().any(|n| n.community == 0));
    assert!(g.links.iter().flatten().all(|l| l.doc_ids == ["examples/article.txt"]));
    assert_eq!(
        (china.first_seen.as_deref(), china.last_seen.as_deref()),
        (None, None),
        "no dates given"
    );
    let mut ids: Vec<&str> = g.nodes.iter().map(|n| n.id.as_str()).collect();
    let sorted = {
        let mut s = ids.clone();
        s.sort();
        s
    };
    assert_eq!(ids, sorted, "nodes are sorted by id");
    ids.dedup();
    assert_eq!(ids.len(), g.nodes.len());
}

#[test]
fn networkx_reads_the_json_as_written() {
    let Some(python) = python_networkx() else { return };
    let json = example_json();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.json");
    std::fs::write(&path, &json).unwrap();
    let edges = dir.path().join("edges.json");
    let out = Cmd::new().args(["extract", "examples/article.txt", "--edges-key", "edges"]).stdout();
    std::fs::write(&edges, out).unwrap();
    // networkx reads the default file under "links" (which D3 reads too), and the
    // file of `--edges-key edges` with its defaults (3.6 reads "edges"), and prints
    // what it read.
    let script = r#"
import json, sys
import networkx as nx
links = json.load(open(sys.argv[1]))
edges = json.load(open(sys.argv[2]))
for g in (nx.node_link_graph(links, edges="links"), nx.node_link_graph(edges)):
    assert not g.is_directed()
    for n, d in sorted(g.nodes(data=True)):
        print("node", n, d["label"], d["type"], d["count"])
    for a, b, d in sorted((min(a, b), max(a, b), d) for a, b, d in g.edges(data=True)):
        print("edge", a, b, d["weight"])
"#;
    let out = Command::new(&python).arg("-c").arg(script).arg(&path).arg(&edges).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let read_back = String::from_utf8(out.stdout).unwrap();

    let g: Graph = serde_json::from_str(&json).unwrap();
    let mut expected = String::new();
    for n in &g.nodes {
        expected += &format!("node {} {} {} {}\n", n.id, n.label, n.entity_type, n.count);
    }
    let links = g.links.unwrap();
    for e in &links {
        expected += &format!("edge {} {} {}\n", e.source, e.target, e.weight);
    }
    assert!(!links.is_empty());
    assert_eq!(read_back, format!("{expected}{expected}"));
}

#[test]
fn graphviz_renders_the_dot() {
    let Some(dot) = reader("dot", &["-V"]) else { return };
    let out = Cmd::new().args(["extract", "-f", "dot", "examples/article.txt"]).stdout();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.dot");
    std::fs::write(&path, &out).unwrap();
    let svg = Command::new(&dot).arg("-Tsvg").arg(&path).output().unwrap();
    assert!(svg.status.success(), "{}", String::from_utf8_lossy(&svg.stderr));
    let svg = String::from_utf8(svg.stdout).unwrap();
    assert!(svg.contains("<svg"));
    assert!(svg.contains("Xi Jinping"));
    assert_eq!(svg.matches("class=\"node\"").count(), out.matches(" [label=\"").count());
}

#[test]
fn hostile_labels_are_escaped() {
    // Labels with quotes, backslashes, angle brackets and line breaks, from a user
    // gazetteer.
    let mut b = entgraph::GazetteerBuilder::new();
    b.add_str(
        "hostile.toml",
        entgraph::gazetteer::GazetteerFormat::Toml,
        r#"
[[entity]]
id = "q"
type = "thing"
label = "Say \"hi\" \\N <b>&amp;</b>\nnext line"
names = ["Quoted"]

[[entity]]
id = "t"
type = "thing"
label = "tab\there, comma, 😀 مرحبا"
names = ["Tabbed"]
"#,
    );
    let g = b.build().unwrap();
    let text = "Quoted met Tabbed.";
    let doc = Extractor::new(&g).unwrap().extract(Document::new("d", text));
    let mut builder = GraphBuilder::new(&g);
    builder.add_document(&doc);
    let graph = builder.build();

    let json = JsonExporter::new().to_string(&graph);
    let parsed: Graph = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed.nodes[0].label, "Say \"hi\" \\N <b>&amp;</b>\nnext line");
    assert_eq!(parsed.nodes[1].label, "tab\there, comma, 😀 مرحبا");

    let dot = DotExporter::new().to_string(&graph);
    assert!(dot.contains(r#"label="Say \"hi\" \\N <b>&amp;amp;</b>\nnext line""#), "{dot}");
    if let Some(dot_bin) = reader("dot", &["-V"]) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.dot");
        std::fs::write(&path, &dot).unwrap();
        let out = Command::new(dot_bin).arg("-Tsvg").arg(&path).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let svg = String::from_utf8(out.stdout).unwrap();
        assert!(svg.contains("Say &quot;hi&quot; \\N &lt;b&gt;&amp;amp;&lt;/b&gt;"), "{svg}");
    }
}

#[test]
fn library_example_article_is_read_by_the_library_too() {
    let g = rules_gazetteer();
    let text = read("articles/video-call.txt");
    let doc = Extractor::new(&g).unwrap().extract(&text);
    assert!(doc.mentions.iter().any(|m| g.entity(m.entity).id == "xi-jinping"));
}
