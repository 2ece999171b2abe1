//! Every format fed to its real reader, and what the reader read compared with
//! what was written: networkx reads the JSON, GraphML and GEXF; graphology-gexf
//! (Gephi Lite's reader) the GEXF too; Python's csv module the CSV pair;
//! Cytoscape.js the Cytoscape JSON; Graphviz the DOT. The GEXF is also checked
//! against the rules of GEXF 1.3, and the JSON against the repository's JSON
//! Schema. The truth is the JSON output, decoded here; the hostile case first
//! checks that it holds exactly the names the gazetteer gave.
//!
//! Readers that are missing skip their test with a note, unless
//! `ENTGRAPH_REQUIRE_READERS=1` (as in CI).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use entgraph::gazetteer::Date;
use serde_json::{Value, json};

use crate::golden::{CASES, Case, diff};
use crate::util::{
    Cmd, node_with, python_networkx, python_with, reader, reader_script, run_reader,
};

/// A graph to write in every format: a golden case, or the example article with
/// dates and knowledge edges.
enum Source {
    Golden(&'static Case),
    Example,
}

fn sources() -> Vec<Source> {
    let mut out: Vec<Source> = CASES.iter().map(Source::Golden).collect();
    out.push(Source::Example);
    out
}

impl Source {
    fn name(&self) -> &str {
        match self {
            Source::Golden(c) => c.name,
            Source::Example => "example",
        }
    }

    fn example(format: &str) -> Cmd {
        Cmd::new().args([
            "extract",
            "-q",
            "--knowledge",
            "--date",
            "2024-05",
            "examples/article.txt",
            "-f",
            format,
        ])
    }

    fn run(&self, format: &str) -> String {
        match self {
            Source::Golden(c) => c.run(format),
            Source::Example => Source::example(format).stdout(),
        }
    }

    fn run_csv(&self, dir: &Path) {
        match self {
            Source::Golden(c) => c.run_csv(dir),
            Source::Example => {
                Source::example("csv").arg("-o").arg(dir).stdout();
            }
        }
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.run("json")).unwrap()
    }

    /// The output in `format`, in a file of `dir`.
    fn file(&self, format: &str, dir: &Path) -> std::path::PathBuf {
        let path = dir.join(format!("{}.{format}", self.name()));
        std::fs::write(&path, self.run(format)).unwrap();
        path
    }
}

const NODE_FIELDS: &[&str] = &[
    "label",
    "type",
    "wikidata",
    "wikipedia",
    "count",
    "confidence_sum",
    "documents",
    "units",
    "first_seen",
    "last_seen",
];
const EDGE_FIELDS: &[&str] =
    &["weight", "confidence_sum", "documents", "association", "first_seen", "last_seen"];

fn pick(v: &Value, fields: &[&str]) -> Value {
    let mut out = serde_json::Map::new();
    for &f in fields {
        if let Some(x) = v.get(f).filter(|x| !x.is_null()) {
            out.insert(f.to_string(), x.clone());
        }
    }
    Value::Object(out)
}

/// What a reader should read, from the JSON output: nodes by id, and edges as
/// `[smaller id, larger id, kind, data]` in order (readers of undirected graphs
/// may swap the two ends), with the first evidence text.
fn expected(json: &Value) -> Value {
    let nodes: Vec<Value> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| json!([n["id"], pick(n, NODE_FIELDS)]))
        .collect();
    let mut edges: Vec<(String, String, String, Value)> = json["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let (s, t) = (e["source"].as_str().unwrap(), e["target"].as_str().unwrap());
            let mut data = pick(e, EDGE_FIELDS);
            data["relations"] = e.get("relations").cloned().unwrap_or(json!({}));
            if let Some(ev) = e.get("evidence").and_then(|ev| ev.get(0)) {
                data["evidence"] = ev["text"].clone();
            }
            let kind = e["kind"].as_str().unwrap().to_string();
            (s.min(t).to_string(), s.max(t).to_string(), kind, data)
        })
        .collect();
    edges.sort_by(|x, y| (&x.0, &x.1, &x.2).cmp(&(&y.0, &y.1, &y.2)));
    let edges: Vec<Value> = edges.into_iter().map(|(a, b, k, d)| json!([a, b, k, d])).collect();
    json!({"multigraph": json["multigraph"], "nodes": nodes, "edges": edges})
}

/// Numbers as floats, since readers differ in which numbers they call integers.
fn normalize(v: &Value) -> Value {
    match v {
        Value::Number(n) => json!(n.as_f64().unwrap()),
        Value::Array(a) => Value::Array(a.iter().map(normalize).collect()),
        Value::Object(o) => {
            Value::Object(o.iter().map(|(k, v)| (k.clone(), normalize(v))).collect())
        }
        v => v.clone(),
    }
}

/// Asserts that `read` holds `expected` under each of `keys`.
fn assert_read(what: &str, expected: &Value, read: &Value, keys: &[&str]) {
    for &key in keys {
        let (e, r) = (normalize(&expected[key]), normalize(&read[key]));
        if e != r {
            let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap();
            panic!(
                "{what}: the reader read other {key} than were written:\n{}",
                diff(&pretty(&e), &pretty(&r))
            );
        }
    }
}

/// The metadata as GraphML carries it: no nulls, objects as JSON text.
fn graphml_meta(meta: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for (k, v) in meta.as_object().unwrap() {
        match v {
            Value::Null => {}
            Value::Object(_) | Value::Array(_) => {
                out.insert(k.clone(), Value::String(v.to_string()));
            }
            v => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(out)
}

fn read_graph(python: &str, format: &str, path: &Path) -> Value {
    let out =
        run_reader(Command::new(python).arg(reader_script("read_graph.py")).arg(format).arg(path));
    serde_json::from_str(&out).unwrap()
}

#[test]
fn networkx_reads_json_graphml_and_gexf_as_written() {
    let Some(python) = python_networkx() else { return };
    let dir = tempfile::tempdir().unwrap();
    for source in sources() {
        let json = source.json();
        let want = expected(&json);
        assert!(!want["edges"].as_array().unwrap().is_empty());
        let meta = &json["graph"];
        for format in ["json", "graphml", "gexf"] {
            let what = format!("{} as {format}", source.name());
            let read = read_graph(&python, format, &source.file(format, dir.path()));
            assert_read(&what, &want, &read, &["multigraph", "nodes", "edges"]);
            let meta = if format == "graphml" { graphml_meta(meta) } else { meta.clone() };
            assert_eq!(read["graph"], meta, "{what}: metadata");
            if format == "gexf" {
                check_gexf_extras(&what, &json, &read);
            }
        }
    }
}

/// What only GEXF carries: colours, sizes, spells, edge ids and the creator.
fn check_gexf_extras(what: &str, json: &Value, read: &Value) {
    assert_eq!(read["creator"], format!("entgraph {}", env!("CARGO_PKG_VERSION")), "{what}");
    let nodes = json["nodes"].as_array().unwrap();
    let dated = nodes.iter().any(|n| n.get("first_seen").is_some());
    assert_eq!(read["mode"], if dated { "dynamic" } else { "static" }, "{what}: mode");
    // The spells of the element's timeline (tested against hand-computed
    // intervals in tests/graph.rs), or of its first and last dates when it has none.
    let spell = |v: &Value| -> Value {
        let date = |k: &str| v.get(k).and_then(Value::as_str).map(|s| Date::parse(s).unwrap());
        let timeline: std::collections::BTreeMap<Date, u64> = v
            .get("timeline")
            .and_then(Value::as_object)
            .map(|t| {
                t.iter().map(|(d, n)| (Date::parse(d).unwrap(), n.as_u64().unwrap())).collect()
            })
            .unwrap_or_default();
        let spells =
            entgraph::graph::element_spells(&timeline, date("first_seen"), date("last_seen"));
        spells.iter().map(|s| json!([s.start.to_string(), s.end.to_string()])).collect()
    };
    let max_count = nodes.iter().map(|n| n["count"].as_u64().unwrap()).max().unwrap();
    for n in nodes {
        let got = &read["gexf_nodes"][n["id"].as_str().unwrap()];
        let colour = match n["type"].as_str().unwrap() {
            "leader" => json!([246, 189, 96]),
            "country" => json!([132, 197, 230]),
            "organisation" => json!([167, 212, 155]),
            "team" => json!([232, 160, 191]),
            _ => json!([221, 221, 221]),
        };
        assert_eq!(got["color"], colour, "{what}: colour of {}", n["id"]);
        let size = got["size"].as_f64().unwrap();
        assert!((10.0..=40.0).contains(&size), "{what}: size {size}");
        if n["count"].as_u64() == Some(max_count) {
            assert_eq!(size, 40.0, "{what}: the most mentioned node is the largest");
        }
        assert_eq!(got["spells"], spell(n), "{what}: spells of {}", n["id"]);
    }
    let mut ids = BTreeSet::new();
    let mut expected_spells: Vec<(String, String, String, Value)> = json["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let (s, t) = (e["source"].as_str().unwrap(), e["target"].as_str().unwrap());
            (s.min(t).into(), s.max(t).into(), e["kind"].as_str().unwrap().into(), spell(e))
        })
        .collect();
    expected_spells.sort_by(|x, y| (&x.0, &x.1, &x.2).cmp(&(&y.0, &y.1, &y.2)));
    for (e, want) in read["gexf_edges"].as_array().unwrap().iter().zip(&expected_spells) {
        assert!(ids.insert(e[3].as_str().unwrap().to_string()), "{what}: edge ids are unique");
        assert_eq!(e[4], want.3, "{what}: spells of {e}");
    }
    assert_eq!(ids.len(), expected_spells.len());
}

#[test]
fn csv_pair_reimports_with_python_csv() {
    let Some(python) = reader(
        &std::env::var("ENTGRAPH_PYTHON").unwrap_or_else(|_| "python3".into()),
        &["-c", "import csv"],
    ) else {
        return;
    };
    for source in sources() {
        let json = source.json();
        let dir = tempfile::tempdir().unwrap();
        source.run_csv(dir.path());
        let read = read_graph(&python, "csv", dir.path());
        let what = format!("{} as csv", source.name());
        let mut want = expected(&json);
        want["multigraph"] = Value::Null;
        assert_read(&what, &want, &read, &["nodes", "edges"]);
        assert_eq!(
            read["node_columns"],
            json!([
                "Id",
                "Label",
                "type",
                "wikidata",
                "wikipedia",
                "count",
                "confidence_sum",
                "documents",
                "units",
                "first_seen",
                "last_seen",
                "Timeset",
                "doc_ids",
                "degree",
                "weighted_degree",
                "pagerank",
                "community"
            ]),
            "{what}"
        );
        let kinds: BTreeSet<&String> = json["links"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e.get("relations").and_then(Value::as_object))
            .flat_map(|r| r.keys())
            .collect();
        let mut columns: Vec<String> =
            "Id Source Target Type Weight confidence_sum kind documents association relations"
                .split(' ')
                .map(String::from)
                .collect();
        columns.extend(kinds.iter().map(|k| format!("relation_{k}")));
        columns.extend(
            [
                "first_seen",
                "last_seen",
                "Timeset",
                "doc_ids",
                "evidence",
                "evidence_doc",
                "evidence_source_start",
                "evidence_source_end",
                "evidence_target_start",
                "evidence_target_end",
            ]
            .map(String::from),
        );
        assert_eq!(read["edge_columns"], json!(columns), "{what}");
    }
}

#[test]
fn cytoscape_js_loads_the_elements_as_written() {
    let Some(node) = node_with("cytoscape") else { return };
    let dir = tempfile::tempdir().unwrap();
    for source in sources() {
        let json = source.json();
        let path = source.file("cytoscape", dir.path());
        let read: Value = serde_json::from_str(&run_reader(
            Command::new(&node).arg(reader_script("read_cytoscape.js")).arg(&path),
        ))
        .unwrap();
        let what = format!("{} as cytoscape", source.name());
        assert_read(&what, &expected(&json), &read, &["multigraph", "nodes", "edges"]);
        assert_eq!(read["graph"], json["graph"], "{what}: metadata");
        let node_ids: BTreeSet<&str> =
            json["nodes"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
        let edge_ids: BTreeSet<&str> =
            read["edge_ids"].as_array().unwrap().iter().map(|i| i.as_str().unwrap()).collect();
        assert_eq!(edge_ids.len(), json["links"].as_array().unwrap().len(), "{what}: edge ids");
        assert!(node_ids.is_disjoint(&edge_ids), "{what}: edge ids differ from node ids");
    }
}

#[test]
fn gephi_lite_reads_the_gexf_as_written() {
    // Gephi Lite opens GEXF with graphology-gexf.
    let Some(node) = node_with("graphology-gexf") else { return };
    let dir = tempfile::tempdir().unwrap();
    for source in sources() {
        let json = source.json();
        let path = source.file("gexf", dir.path());
        let read: Value = serde_json::from_str(&run_reader(
            Command::new(&node).arg(reader_script("read_gexf_graphology.js")).arg(&path),
        ))
        .unwrap();
        let what = format!("{} as gexf, read by graphology", source.name());
        assert_read(&what, &expected(&json), &read, &["multigraph", "nodes", "edges"]);
        assert_eq!(read["graph"]["creator"], format!("entgraph {}", env!("CARGO_PKG_VERSION")));
    }
}

/// The GEXF 1.3 schema, when one is at hand: `ENTGRAPH_GEXF_SCHEMA` names its
/// `gexf.rng` (RELAX NG) or `gexf.xsd`. It is published under CC BY 4.0 but is
/// not in this repository, and CI reaches no copy of it.
fn gexf_schema() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("ENTGRAPH_GEXF_SCHEMA")?;
    let path = std::path::PathBuf::from(path);
    assert!(path.is_file(), "ENTGRAPH_GEXF_SCHEMA={} is not a file", path.display());
    Some(path)
}

#[test]
fn gexf_follows_the_gexf_1_3_rules() {
    let Some(python) = python_networkx() else { return };
    let xmllint = reader("xmllint", &["--version"]);
    let dir = tempfile::tempdir().unwrap();
    for source in sources() {
        let path = source.file("gexf", dir.path());
        run_reader(Command::new(&python).arg(reader_script("check_gexf.py")).arg(&path));
        let Some(xmllint) = &xmllint else { continue };
        // A real XML parser: well-formed, and only characters XML 1.0 allows.
        run_reader(Command::new(xmllint).arg("--noout").arg(&path));
        if let Some(schema) = gexf_schema() {
            let how = if schema.extension().is_some_and(|e| e == "rng") {
                "--relaxng"
            } else {
                "--schema"
            };
            run_reader(Command::new(xmllint).args(["--noout", how]).arg(&schema).arg(&path));
        }
    }
}

#[test]
fn graphml_is_well_formed_xml() {
    let Some(xmllint) = reader("xmllint", &["--version"]) else { return };
    let dir = tempfile::tempdir().unwrap();
    for source in sources() {
        let path = source.file("graphml", dir.path());
        run_reader(Command::new(&xmllint).arg("--noout").arg(&path));
    }
}

#[test]
fn json_validates_against_the_schema() {
    let Some(python) = python_with("jsonschema") else { return };
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/graph.schema.json");
    let script = r#"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
failed = False
for path in sys.argv[2:]:
    for error in validator.iter_errors(json.load(open(path, encoding="utf-8"))):
        failed = True
        print(f"{path}: {'/'.join(map(str, error.absolute_path))}: {error.message}", file=sys.stderr)
sys.exit(1 if failed else 0)
"#;
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<_> = sources().iter().map(|s| s.file("json", dir.path())).collect();
    run_reader(Command::new(&python).arg("-c").arg(script).arg(&schema).args(&files));

    // And the schema rejects what it should: an edge without a kind, a node id
    // that is a number (ids are strings).
    let json = Source::Example.json();
    let mut bad = json.clone();
    bad["links"][0].as_object_mut().unwrap().remove("kind");
    let mut numeric = json;
    numeric["nodes"][0]["id"] = json!(7);
    for (name, doc) in [("no-kind.json", bad), ("numeric-id.json", numeric)] {
        let path = dir.path().join(name);
        std::fs::write(&path, doc.to_string()).unwrap();
        let out =
            Command::new(&python).arg("-c").arg(script).arg(&schema).arg(&path).output().unwrap();
        assert!(!out.status.success(), "{name} should not validate");
    }
}

/// Graphviz's own reading of a DOT string attribute, turned back into text: `\\`
/// is a backslash, `\n` a line break, and `&amp;` an ampersand.
fn graphviz_text(s: &str) -> String {
    s.replace("\\\\", "\u{0}").replace("\\n", "\n").replace('\u{0}', "\\").replace("&amp;", "&")
}

#[test]
fn graphviz_reads_the_dot_as_written() {
    let Some(dot) = reader("dot", &["-V"]) else { return };
    let dir = tempfile::tempdir().unwrap();
    for source in sources() {
        let json = source.json();
        let path = source.file("dot", dir.path());
        // -Tjson0 gives the graph as Graphviz parsed it, attributes unrendered.
        let parsed: Value =
            serde_json::from_str(&run_reader(Command::new(&dot).arg("-Tjson0").arg(&path)))
                .unwrap();
        let objects = parsed["objects"].as_array().unwrap();
        let nodes = json["nodes"].as_array().unwrap();
        assert_eq!(objects.len(), nodes.len(), "{}: every node", source.name());
        for (o, n) in objects.iter().zip(nodes) {
            // Graphviz keeps an id's backslashes doubled (entity ids have none).
            let name = o["name"].as_str().unwrap().replace("\\\\", "\\");
            assert_eq!(name, n["id"].as_str().unwrap(), "{}", source.name());
            assert_eq!(
                graphviz_text(o["label"].as_str().unwrap()),
                n["label"].as_str().unwrap(),
                "{}: label of {}",
                source.name(),
                n["id"]
            );
        }
        // Every edge, with its kind as its class.
        let kinds = |edges: &Value, key: &str| -> Vec<String> {
            let mut k: Vec<String> = edges
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e[key].as_str().unwrap().to_string())
                .collect();
            k.sort();
            k
        };
        assert_eq!(
            kinds(&parsed["edges"], "class"),
            kinds(&json["links"], "kind"),
            "{}: every edge and its kind",
            source.name()
        );
        let svg = run_reader(Command::new(&dot).arg("-Tsvg").arg(&path));
        assert!(svg.contains("<svg"), "{}", source.name());
    }
}

/// The names of the hostile case, as its gazetteer gives them.
fn hostile_labels() -> Vec<(String, String)> {
    let long = "Łoń😀,".repeat(2000);
    assert_eq!(long.chars().count(), 10_000);
    vec![
        ("longest".into(), long),
        ("quoted".into(), "Say \"hi\" \\N <b>&amp;</b>\nnext line".into()),
        ("tabbed".into(), "tab\there, comma, 😀 مرحبا שלום".into()),
    ]
}

#[test]
fn hostile_names_are_written_as_given() {
    let case = CASES.iter().find(|c| c.name == "hostile").unwrap();
    let json: Value = serde_json::from_str(&case.run("json")).unwrap();
    let labels: Vec<(String, String)> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap().into(), n["label"].as_str().unwrap().into()))
        .collect();
    assert_eq!(labels, hostile_labels());
    assert_eq!(json["nodes"][1]["wikipedia"], "Quote \"\\\" (test) <&>");
    let docs: BTreeSet<&str> = json["links"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["evidence"].as_array().unwrap())
        .map(|ev| ev["doc"].as_str().unwrap())
        .collect();
    assert_eq!(docs, BTreeSet::from(["doc \"1\", <&> 😀", "doc\t2\\"]));
    // The readers tests above then compare every format with this JSON.
}

#[test]
fn mentions_give_offsets_in_three_units_and_tsv_cleans_only_tabs_and_breaks() {
    let case = CASES.iter().find(|c| c.name == "hostile").unwrap();
    let input = std::fs::read_to_string(case.dir().join("input.jsonl")).unwrap();
    let docs: Vec<Value> = input.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let lines: Vec<Value> =
        case.run("mentions").lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), docs.len());
    let mut rows = Vec::new();
    for (line, doc) in lines.iter().zip(&docs) {
        assert_eq!(line["doc_id"], doc["id"]);
        assert_eq!(line["date"], doc["date"]);
        let text = doc["text"].as_str().unwrap();
        let chars: Vec<char> = text.chars().collect();
        let utf16: Vec<u16> = text.encode_utf16().collect();
        for m in line["mentions"].as_array().unwrap() {
            let at = |k: &str| m[k].as_u64().unwrap() as usize;
            let found = m["text"].as_str().unwrap();
            assert_eq!(&text[at("byte_start")..at("byte_end")], found);
            assert_eq!(chars[at("start")..at("end")].iter().collect::<String>(), found);
            assert_eq!(
                String::from_utf16(&utf16[at("utf16_start")..at("utf16_end")]).unwrap(),
                found
            );
            let clean = |v: &Value| v.as_str().unwrap().replace(['\t', '\n', '\r'], " ");
            rows.push(vec![
                clean(&line["doc_id"]),
                m["start"].to_string(),
                m["end"].to_string(),
                clean(&m["text"]),
                clean(&m["entity"]),
                clean(&m["label"]),
                clean(&m["type"]),
                m.get("wikidata").map(clean).unwrap_or_default(),
                m.get("wikipedia").map(clean).unwrap_or_default(),
                clean(&m["alias_kind"]),
                format!("{:.3}", m["confidence"].as_f64().unwrap()),
            ]);
        }
    }
    assert!(rows.len() >= 6);
    // TSV: the same mentions; tabs and line breaks inside values become spaces (the
    // format has no escapes), every other character is kept.
    let tsv = case.run("tsv");
    let mut tsv_lines = tsv.lines();
    assert_eq!(
        tsv_lines.next().unwrap(),
        "doc_id\tstart\tend\ttext\tentity\tlabel\ttype\twikidata\twikipedia\talias_kind\tconfidence"
    );
    let read: Vec<Vec<String>> =
        tsv_lines.map(|l| l.split('\t').map(String::from).collect()).collect();
    assert_eq!(read, rows);
    assert!(tsv.contains("Say \"hi\" \\N <b>&amp;</b> next line"));
}

/// A graph whose label holds characters XML 1.0 forbids (a bell, an escape, a
/// NUL) beside a CRLF, which is allowed.
fn graph_with_control_characters() -> entgraph::CooccurrenceGraph {
    use entgraph::graph::GraphMeta;
    use entgraph::{CooccurrenceGraph, Edge, EdgeKind, Node};

    let node = |id: &str, label: &str| Node {
        id: id.into(),
        label: label.into(),
        entity_type: "thing".into(),
        wikidata: None,
        wikipedia: None,
        roles: None,
        count: 1,
        confidence_sum: 1.0,
        documents: 1,
        units: 1,
        first_seen: None,
        last_seen: None,
        doc_ids: Vec::new(),
        timeline: Default::default(),
    };
    let edge = Edge {
        kind: EdgeKind::Cooccurrence,
        weight: 1,
        confidence_sum: 1.0,
        documents: 1,
        association: None,
        relations: Default::default(),
        first_seen: None,
        last_seen: None,
        evidence: Vec::new(),
        doc_ids: Vec::new(),
        timeline: Default::default(),
    };
    CooccurrenceGraph::from_parts(
        vec![node("a", CONTROLS), node("b", "B")],
        vec![("a".into(), "b".into(), edge)],
        GraphMeta { documents: 1, units: 1, ..Default::default() },
    )
}

const CONTROLS: &str = "bell\u{7} escape\u{1b}[0m nul\u{0} and\r\nCRLF";

#[test]
fn characters_xml_forbids_become_replacement_characters() {
    use entgraph::{GexfExporter, GraphmlExporter};

    let Some(python) = python_networkx() else { return };
    let graph = graph_with_control_characters();
    let dir = tempfile::tempdir().unwrap();
    let want = entgraph::export::xml_safe(CONTROLS);
    assert_eq!(want, "bell\u{FFFD} escape\u{FFFD}[0m nul\u{FFFD} and\r\nCRLF");
    for (format, text) in [
        ("gexf", GexfExporter::new().to_string(&graph)),
        ("graphml", GraphmlExporter::new().to_string(&graph)),
    ] {
        let path = dir.path().join(format!("controls.{format}"));
        std::fs::write(&path, text).unwrap();
        let read = read_graph(&python, format, &path);
        assert_eq!(read["nodes"][0][1]["label"], want.as_str(), "{format}");
    }
}

#[test]
fn dot_with_control_characters_renders_to_well_formed_svg() {
    let Some(dot) = reader("dot", &["-V"]) else { return };
    let Some(xmllint) = reader("xmllint", &["--version"]) else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("controls.dot");
    std::fs::write(&path, entgraph::DotExporter::new().to_string(&graph_with_control_characters()))
        .unwrap();
    // Graphviz reads it (a NUL inside a string is a syntax error to it)...
    let parsed: Value =
        serde_json::from_str(&run_reader(Command::new(&dot).arg("-Tjson0").arg(&path))).unwrap();
    let label = graphviz_text(parsed["objects"][0]["label"].as_str().unwrap());
    // (a CR before a LF is dropped: DOT writes every line break as \n)
    assert_eq!(label, entgraph::export::xml_safe(CONTROLS).replace("\r\n", "\n"));
    // ...and the SVG it writes is XML (a control character in it would not be).
    let svg = dir.path().join("controls.svg");
    run_reader(Command::new(&dot).arg("-Tsvg").arg(&path).arg("-o").arg(&svg));
    run_reader(Command::new(&xmllint).arg("--noout").arg(&svg));
}
