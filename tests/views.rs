//! What makes a graph a readable picture: node pruning and its metadata, the
//! analysis attributes (deterministic communities), provenance (documents,
//! doc_ids, kept fields), evidence offsets in code points in every format that
//! has them, GEXF spells per document date, and a networkx round trip of the
//! flat JSON to GraphML and GEXF.
//!
//! `tests/data/dated.jsonl` holds six dated articles written for these tests:
//! brazil 3 mentions, china 4, france 1, germany 1, india 3, japan 1, russia 3,
//! un 1; edges brazil–china (1), brazil–india (2), china–russia (3), and the
//! triangle germany–japan–un (1 each); France is named alone.

use std::process::Command;

use serde_json::{Value, json};

use crate::util::{Cmd, python_networkx, reader_script, run_reader};

const DATED: &str = "tests/data/dated.jsonl";

fn extract(args: &[&str]) -> Value {
    let out = Cmd::new().args(["extract", "-q", DATED]).args(args).stdout();
    serde_json::from_str(&out).unwrap()
}

fn ids(graph: &Value, key: &str) -> Vec<String> {
    graph[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| match key {
            "nodes" => x["id"].as_str().unwrap().to_string(),
            _ => format!("{}-{}", x["source"].as_str().unwrap(), x["target"].as_str().unwrap()),
        })
        .collect()
}

/// Nodes left, edges left, and the pruned metadata's counts.
fn pruned(args: &[&str]) -> (Vec<String>, usize, Value) {
    let g = extract(args);
    let p = &g["graph"]["pruned"];
    let counts = json!({
        "nodes_removed": p["nodes_removed"],
        "by": p["nodes_removed_by"],
        "edges_removed": p["edges_removed"],
        "with_nodes": p["edges_removed_with_nodes"],
    });
    (ids(&g, "nodes"), ids(&g, "links").len(), counts)
}

fn by(exclude: u64, types: u64, min_mentions: u64, top: u64, isolates: u64, lcc: u64) -> Value {
    json!({"exclude": exclude, "types": types, "min_mentions": min_mentions,
           "top_nodes": top, "isolates": isolates, "largest_component": lcc})
}

#[test]
fn each_pruning_flag_removes_what_it_says_and_records_it() {
    let all = ["brazil", "china", "france", "germany", "india", "japan", "russia", "un"];
    let (nodes, edges, c) = pruned(&[]);
    assert_eq!((nodes, edges), (all.map(String::from).to_vec(), 6));
    assert_eq!(c["nodes_removed"], 0, "an unpruned graph keeps its isolates (France)");

    // China goes with its two edges; Russia and France are left alone and go too.
    let (nodes, edges, c) = pruned(&["--exclude", "china"]);
    assert_eq!(nodes, ["brazil", "germany", "india", "japan", "un"]);
    assert_eq!(edges, 4);
    assert_eq!(c["by"], by(1, 0, 0, 0, 2, 0));
    assert_eq!((&c["nodes_removed"], &c["with_nodes"]), (&json!(3), &json!(2)));
    let (nodes, edges, c) = pruned(&["--exclude", "china", "--keep-isolates"]);
    assert_eq!((nodes.len(), edges), (7, 4));
    assert_eq!(c["by"], by(1, 0, 0, 0, 0, 0));

    let (nodes, edges, c) = pruned(&["--types", "country"]);
    assert!(!nodes.contains(&"un".to_string()) && !nodes.contains(&"france".to_string()));
    assert_eq!((nodes.len(), edges), (6, 4));
    assert_eq!(c["by"], by(0, 1, 0, 0, 1, 0));

    let (nodes, edges, c) = pruned(&["--min-mentions", "2"]);
    assert_eq!(
        (nodes, edges),
        (["brazil", "china", "india", "russia"].map(String::from).to_vec(), 3)
    );
    assert_eq!(c["by"], by(0, 0, 4, 0, 0, 0));
    assert_eq!(c["with_nodes"], 3);

    // Ties in mentions go by id: brazil and india before russia.
    let (nodes, edges, c) = pruned(&["--top-nodes", "2"]);
    assert_eq!((nodes, edges), (["brazil", "china"].map(String::from).to_vec(), 1));
    assert_eq!(c["by"], by(0, 0, 0, 6, 0, 0));

    // Edge pruning drops the isolates it leaves, by default.
    let (nodes, edges, c) = pruned(&["--min-weight", "2"]);
    assert_eq!(
        (nodes, edges),
        (["brazil", "china", "india", "russia"].map(String::from).to_vec(), 2)
    );
    assert_eq!((&c["edges_removed"], &c["by"]), (&json!(4), &by(0, 0, 0, 0, 4, 0)));
    let (nodes, _, _) = pruned(&["--min-weight", "2", "--keep-isolates"]);
    assert_eq!(nodes.len(), 8);

    let (nodes, edges, c) = pruned(&["--largest-component"]);
    assert_eq!(
        (nodes, edges),
        (["brazil", "china", "india", "russia"].map(String::from).to_vec(), 3)
    );
    assert_eq!(c["by"], by(0, 0, 0, 0, 0, 4));

    let (nodes, _, c) = pruned(&["--drop-isolates"]);
    assert!(!nodes.contains(&"france".to_string()));
    assert_eq!(c["by"], by(0, 0, 0, 0, 1, 0));

    // The settings are recorded beside the counts.
    let g =
        extract(&["--exclude", "china,nowhere", "--types", "country,leader", "--top-nodes", "5"]);
    let p = &g["graph"]["pruned"];
    assert_eq!(p["exclude"], json!(["china", "nowhere"]));
    assert_eq!(p["types"], json!(["country", "leader"]));
    assert_eq!((&p["top_nodes"], &p["isolates"]), (&json!(5), &json!("auto")));
    let out = Cmd::new().args(["extract", DATED, "--exclude", "nowhere"]).run();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--exclude nowhere: no node has this id"), "{err}");
}

#[test]
fn merge_takes_the_same_pruning_flags() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole.json");
    Cmd::new().args(["extract", "-q", DATED, "-o"]).arg(&whole).stdout();
    let flags = ["--exclude", "china", "--min-mentions", "1", "--largest-component"];
    let merged: Value =
        serde_json::from_str(&Cmd::new().arg("merge").arg(&whole).args(flags).stdout()).unwrap();
    let direct = extract(&flags);
    assert_eq!(merged["nodes"], direct["nodes"]);
    assert_eq!(merged["links"], direct["links"]);
    assert_eq!(merged["graph"]["pruned"], direct["graph"]["pruned"]);
    assert_eq!(ids(&merged, "nodes"), ["germany", "japan", "un"]);
    // A graph pruned of nodes is not merged again without --allow-pruned.
    let pruned = dir.path().join("pruned.json");
    Cmd::new().args(["extract", "-q", DATED, "--exclude", "france", "-o"]).arg(&pruned).stdout();
    let out = Cmd::new().arg("merge").arg(&pruned).run();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 nodes removed"));
    // Nor a flat graph, which says what it is.
    let flat = dir.path().join("flat.json");
    Cmd::new().args(["extract", "-q", DATED, "--flat", "-o"]).arg(&flat).stdout();
    let out = Cmd::new().arg("merge").arg(&flat).run();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a flat graph (written with --flat)"));
}

#[test]
fn communities_are_the_same_across_runs_and_thread_counts() {
    let run = |threads: &str, format: &str| {
        Cmd::new()
            .args(["extract", "-q", "tests/data/corpus.jsonl", "--threads", threads, "-f", format])
            .stdout()
    };
    for format in ["json", "gexf", "graphml"] {
        let one = run("1", format);
        assert_eq!(run("1", format), one, "{format}: the same bytes on a second run");
        assert_eq!(run("2", format), one, "{format}: the same bytes on two threads");
        assert_eq!(run("3", format), one, "{format}: the same bytes on three threads");
    }
    // Louvain puts the triangle together and apart from the rest.
    let g = extract(&[]);
    let community = |id: &str| {
        g["nodes"].as_array().unwrap().iter().find(|n| n["id"] == id).unwrap()["community"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(community("germany"), community("japan"));
    assert_eq!(community("japan"), community("un"));
    assert_ne!(community("germany"), community("china"));
    assert_eq!(community("china"), community("russia"));
    assert_ne!(community("france"), community("china"));
    let china = g["nodes"].as_array().unwrap().iter().find(|n| n["id"] == "china").unwrap();
    assert_eq!((&china["degree"], &china["weighted_degree"]), (&json!(2), &json!(4)));
}

/// The text of each test document, by id.
fn texts() -> std::collections::BTreeMap<String, String> {
    std::fs::read_to_string(DATED)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["id"].as_str().unwrap().into(), v["text"].as_str().unwrap().into())
        })
        .collect()
}

fn chars(s: &str, range: &Value) -> String {
    let (a, b) = (range[0].as_u64().unwrap() as usize, range[1].as_u64().unwrap() as usize);
    s.chars().skip(a).take(b - a).collect()
}

fn utf16(s: &str, range: &Value) -> String {
    let (a, b) = (range[0].as_u64().unwrap() as usize, range[1].as_u64().unwrap() as usize);
    String::from_utf16(&s.encode_utf16().collect::<Vec<_>>()[a..b]).unwrap()
}

fn bytes<'s>(s: &'s str, range: &Value) -> &'s str {
    &s[range[0].as_u64().unwrap() as usize..range[1].as_u64().unwrap() as usize]
}

/// Checks nested evidence items (JSON, Cytoscape): every offset unit slices out
/// both names, from the document and from the evidence text.
fn check_nested_evidence(
    what: &str,
    edges: &[&Value],
    labels: &dyn Fn(&Value) -> (String, String),
) {
    let texts = texts();
    let mut non_ascii = 0;
    for e in edges {
        let (source, target) = labels(e);
        for ev in e["evidence"].as_array().unwrap() {
            let doc = &texts[ev["doc"].as_str().unwrap()];
            non_ascii += usize::from(!doc.is_ascii());
            let unit = |k: &str| json!([ev[format!("start{k}")], ev[format!("end{k}")]]);
            assert_eq!(chars(doc, &unit("")), ev["text"].as_str().unwrap(), "{what}");
            assert_eq!(utf16(doc, &unit("_utf16")), ev["text"].as_str().unwrap(), "{what}");
            assert_eq!(bytes(doc, &unit("_bytes")), ev["text"].as_str().unwrap(), "{what}");
            for (key, name) in [("source", &source), ("target", &target)] {
                assert_eq!(&chars(doc, &ev[key]), name, "{what}: {key} in code points");
                assert_eq!(&utf16(doc, &ev[format!("{key}_utf16")]), name, "{what}: UTF-16");
                assert_eq!(bytes(doc, &ev[format!("{key}_bytes")]), name, "{what}: bytes");
                let start = ev["start"].as_u64().unwrap();
                let inner = json!([
                    ev[key][0].as_u64().unwrap() - start,
                    ev[key][1].as_u64().unwrap() - start
                ]);
                assert_eq!(&chars(ev["text"].as_str().unwrap(), &inner), name, "{what}");
            }
        }
    }
    assert!(non_ascii > 0, "{what}: some evidence comes from the non-ASCII document");
}

/// Checks the flat first-evidence attributes (code points into the text).
fn check_flat_evidence(what: &str, attrs: &Value, names: (&str, &str)) {
    let text = attrs["evidence"].as_str().unwrap_or_else(|| panic!("{what}: {attrs}"));
    let n = |k: &str| -> u64 {
        let v = &attrs[k];
        v.as_u64().or_else(|| v.as_str().and_then(|s| s.parse().ok())).unwrap()
    };
    let source = json!([n("evidence_source_start"), n("evidence_source_end")]);
    let target = json!([n("evidence_target_start"), n("evidence_target_end")]);
    assert_eq!((chars(text, &source).as_str(), chars(text, &target).as_str()), names, "{what}");
    assert_eq!(attrs["evidence_doc"], "d4", "{what}");
}

#[test]
fn evidence_offsets_count_code_points_in_every_format() {
    let g = extract(&[]);
    let label = |id: &Value| {
        g["nodes"].as_array().unwrap().iter().find(|n| &n["id"] == id).unwrap()["label"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let links: Vec<&Value> = g["links"].as_array().unwrap().iter().collect();
    check_nested_evidence("json", &links, &|e| (label(&e["source"]), label(&e["target"])));

    let cy: Value = serde_json::from_str(
        &Cmd::new().args(["extract", "-q", DATED, "-f", "cytoscape"]).stdout(),
    )
    .unwrap();
    let cy_edges: Vec<&Value> =
        cy["elements"]["edges"].as_array().unwrap().iter().map(|e| &e["data"]).collect();
    check_nested_evidence("cytoscape", &cy_edges, &|e| (label(&e["source"]), label(&e["target"])));
    let cy_edge = cy_edges.iter().find(|e| e["source"] == "brazil" && e["target"] == "india");
    let mut flat = cy_edge.unwrap().as_object().unwrap().clone();
    flat.insert("evidence".into(), flat["evidence_text"].clone());
    check_flat_evidence("cytoscape flat copies", &Value::Object(flat), ("Brazil", "India"));

    // The flat formats: the first evidence of brazil–india is the non-ASCII one.
    let flat: Value =
        serde_json::from_str(&Cmd::new().args(["extract", "-q", DATED, "--flat"]).stdout())
            .unwrap();
    let edge = flat["links"].as_array().unwrap().iter().find(|e| e["target"] == "india").unwrap();
    check_flat_evidence("json --flat", edge, ("Brazil", "India"));

    let gexf = Cmd::new().args(["extract", "-q", DATED, "-f", "gexf"]).stdout();
    let graphml = Cmd::new().args(["extract", "-q", DATED, "-f", "graphml"]).stdout();
    for (what, text, open, value) in [
        ("gexf", &gexf, "source=\"brazil\" target=\"india\"", "<attvalue for=\""),
        ("graphml", &graphml, "source=\"brazil\" target=\"india\"", "<data key=\"e_"),
    ] {
        let at = text.find(open).unwrap_or_else(|| panic!("{what}"));
        let element = &text[at..at + text[at..].find("</edge>").unwrap()];
        let mut attrs = serde_json::Map::new();
        for piece in element.split(value).skip(1) {
            let (key, rest) = piece.split_once('"').unwrap();
            let val = if what == "gexf" {
                rest.split_once("value=\"").unwrap().1.split_once('"').unwrap().0
            } else {
                rest.trim_start_matches('>').split_once("</data>").unwrap().0
            };
            attrs.insert(key.to_string(), Value::String(val.to_string()));
        }
        check_flat_evidence(what, &Value::Object(attrs), ("Brazil", "India"));
    }

    // The per-document lines' edges too.
    let lines = Cmd::new().args(["extract", "-q", DATED, "--per-document"]).stdout();
    let d4: Value = lines.lines().map(|l| serde_json::from_str(l).unwrap()).nth(3).unwrap();
    let mut edges = d4["edges"].as_array().unwrap().clone();
    for e in &mut edges {
        for ev in e["evidence"].as_array_mut().unwrap() {
            ev["doc"] = json!("d4");
        }
    }
    let edges: Vec<&Value> = edges.iter().collect();
    check_nested_evidence("per-document", &edges, &|e| (label(&e["source"]), label(&e["target"])));

    let dir = tempfile::tempdir().unwrap();
    Cmd::new().args(["extract", "-q", DATED, "-f", "csv", "-o"]).arg(dir.path()).stdout();
    let mut rdr = csv::Reader::from_path(dir.path().join("edges.csv")).unwrap();
    let header = rdr.headers().unwrap().clone();
    let row = rdr.records().map(|r| r.unwrap()).find(|r| &r[2] == "india").unwrap();
    let attrs: serde_json::Map<String, Value> =
        header.iter().zip(row.iter()).map(|(k, v)| (k.to_string(), json!(v))).collect();
    check_flat_evidence("csv", &Value::Object(attrs), ("Brazil", "India"));
}

#[test]
fn gexf_spells_follow_the_document_dates() {
    let plain = Cmd::new().args(["extract", "-q", DATED, "-f", "gexf"]).stdout();
    assert!(!plain.contains("<attribute id=\"weight\""));
    let gexf = Cmd::new().args(["extract", "-q", DATED, "-f", "gexf", "--dynamic-weight"]).stdout();
    assert!(gexf.contains("<attribute id=\"weight\" title=\"weight_by_date\" type=\"double\"/>"));
    assert_eq!(gexf.matches("<spell ").count(), plain.matches("<spell ").count());
    if let Some(python) = python_networkx() {
        // Still GEXF 1.3 by the rules the other GEXF files are checked against.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dynamic.gexf");
        std::fs::write(&path, &gexf).unwrap();
        run_reader(Command::new(&python).arg(reader_script("check_gexf.py")).arg(&path));
    }
    let element = |open: &str, close: &str| -> String {
        let at = gexf.find(open).unwrap_or_else(|| panic!("{open}"));
        gexf[at..at + gexf[at..].find(close).unwrap()].to_string()
    };
    let spells = |e: &str| -> Vec<(String, String)> {
        e.split("<spell start=\"")
            .skip(1)
            .map(|s| {
                let (start, rest) = s.split_once('"').unwrap();
                let end = rest.split_once("end=\"").unwrap().1.split_once('"').unwrap().0;
                (start.to_string(), end.to_string())
            })
            .collect()
    };
    let p = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    };
    // China: 1 and 2 January touch; 5 March stands alone.
    let china = element("<node id=\"china\"", "</node>");
    assert_eq!(spells(&china), p(&[("2024-01-01", "2024-01-02"), ("2024-03-05", "2024-03-05")]));
    // Brazil: 2024-03 covers March, and 20 March lies inside it.
    let brazil = element("<node id=\"brazil\"", "</node>");
    assert_eq!(spells(&brazil), p(&[("2024-01-01", "2024-01-01"), ("2024-03-01", "2024-03-31")]));
    // India: March, then 1 April, the day after it ends: one spell.
    let india = element("<node id=\"india\"", "</node>");
    assert_eq!(spells(&india), p(&[("2024-03-01", "2024-04-01")]));
    // France, named once: one day.
    let france = element("<node id=\"france\"", "</node>");
    assert_eq!(spells(&france), p(&[("2024-01-01", "2024-01-01")]));

    // Edges, with their weight over time.
    let edge = element("source=\"china\" target=\"russia\"", "</edge>");
    assert!(edge.contains("weight=\"3\""), "{edge}");
    assert_eq!(spells(&edge), p(&[("2024-01-01", "2024-01-02"), ("2024-03-05", "2024-03-05")]));
    assert!(
        edge.contains(r#"<attvalue for="weight" value="2" start="2024-01-01" end="2024-01-02"/>"#)
    );
    assert!(
        edge.contains(r#"<attvalue for="weight" value="1" start="2024-03-05" end="2024-03-05"/>"#)
    );
    let edge = element("source=\"brazil\" target=\"india\"", "</edge>");
    assert!(
        edge.contains(r#"<attvalue for="weight" value="2" start="2024-03-01" end="2024-03-31"/>"#)
    );

    // The CSV Timeset says the same.
    let dir = tempfile::tempdir().unwrap();
    Cmd::new().args(["extract", "-q", DATED, "-f", "csv", "-o"]).arg(dir.path()).stdout();
    let nodes = std::fs::read_to_string(dir.path().join("nodes.csv")).unwrap();
    let china = nodes.lines().find(|l| l.starts_with("china,")).unwrap();
    assert!(china.contains("\"<[2024-01-01, 2024-01-02]; [2024-03-05, 2024-03-05]>\""), "{china}");
}

#[test]
fn documents_keep_title_url_and_the_fields_asked_for() {
    let g = extract(&[]);
    assert_eq!(
        g["documents"][0],
        json!({"id": "d1", "date": "2024-01-01", "title": "Deal day", "url": "https://example.org/d1"})
    );
    assert_eq!(g["documents"][2], json!({"id": "d3", "date": "2024-03-05"}));
    assert_eq!(g["documents"].as_array().unwrap().len(), 6);
    let g = extract(&["--keep-field", "source"]);
    assert_eq!(g["documents"][0]["source"], "wire");
    // Edges list their documents, capped by --doc-ids, with the full count beside.
    let edge = g["links"].as_array().unwrap().iter().find(|e| e["target"] == "russia").unwrap();
    assert_eq!((&edge["doc_ids"], &edge["documents"]), (&json!(["d1", "d2", "d3"]), &json!(3)));
    let g = extract(&["--doc-ids", "2"]);
    let edge = g["links"].as_array().unwrap().iter().find(|e| e["target"] == "russia").unwrap();
    assert_eq!((&edge["doc_ids"], &edge["documents"]), (&json!(["d1", "d2"]), &json!(3)));
    assert_eq!(g["graph"]["doc_ids_limit"], 2);
}

#[test]
fn networkx_writes_the_flat_json_on_to_graphml_and_gexf() {
    let Some(python) = python_networkx() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flat.json");
    Cmd::new().args(["extract", "-q", "--knowledge", DATED, "--flat", "-o"]).arg(&path).stdout();
    let script = r#"
import json, sys
import networkx as nx
data = json.load(open(sys.argv[1], encoding="utf-8"))
g = nx.node_link_graph(data, edges="links")
out = {}
for fmt, write, read in (("graphml", nx.write_graphml, nx.read_graphml),
                         ("gexf", nx.write_gexf, nx.read_gexf)):
    path = sys.argv[2] + "." + fmt
    write(g, path)
    h = read(path)
    out[fmt] = {
        "nodes": sorted([n, d["community"], d["label"]] for n, d in h.nodes(data=True)),
        "edges": sorted([min(a, b), max(a, b), d["kind"], float(d["weight"]), d.get("evidence", "")]
                        for a, b, d in h.edges(data=True)),
    }
out["json"] = {
    "nodes": sorted([n, d["community"], d["label"]] for n, d in g.nodes(data=True)),
    "edges": sorted([min(a, b), max(a, b), d["kind"], float(d["weight"]), d.get("evidence", "")]
                    for a, b, d in g.edges(data=True)),
}
json.dump(out, sys.stdout, ensure_ascii=False)
"#;
    let out = run_reader(
        Command::new(&python).arg("-c").arg(script).arg(&path).arg(dir.path().join("out")),
    );
    let read: Value = serde_json::from_str(&out).unwrap();
    assert!(read["json"]["edges"].as_array().unwrap().len() >= 6);
    assert_eq!(read["graphml"], read["json"], "GraphML written by networkx reads back the same");
    assert_eq!(read["gexf"], read["json"], "GEXF written by networkx reads back the same");
}

#[test]
fn graphml_names_nodes_for_cytoscape_and_draws_them_for_yed() {
    let graphml = Cmd::new().args(["extract", "-q", DATED, "-f", "graphml"]).stdout();
    assert!(
        graphml.contains(r#"<key id="n_name" for="node" attr.name="name" attr.type="string"/>"#)
    );
    let india = &graphml[graphml.find("<node id=\"india\">").unwrap()..];
    let india = &india[..india.find("</node>").unwrap()];
    assert!(india.contains(r#"<data key="n_name">India</data>"#), "{india}");
    assert!(india.contains("<y:NodeLabel>India</y:NodeLabel>"), "{india}");
    assert!(india.contains(r##"<y:Fill color="#84C5E6""##), "{india}");
    // No defaults left to readers: every edge states every relation count.
    assert!(!graphml.contains("<default>"));
}
