//! The `entgraph` command line: inputs, outputs, exit codes and messages.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::util::{Cmd, data};

/// Nodes (id → type) and edges ("a|b" → weight) of a JSON graph.
fn graph_of(json: &str) -> (BTreeMap<String, String>, BTreeMap<String, u64>) {
    let v: Value = serde_json::from_str(json).unwrap();
    let nodes = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap().to_string(), n["type"].as_str().unwrap().to_string()))
        .collect();
    let edges = v["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let (s, t) = (e["source"].as_str().unwrap(), e["target"].as_str().unwrap());
            assert!(s < t, "edges are written with the smaller id first");
            (format!("{s}|{t}"), e["weight"].as_u64().unwrap())
        })
        .collect();
    (nodes, edges)
}

#[test]
fn video_call_article_gives_exactly_the_expected_graph() {
    let out = Cmd::new().args(["extract", "tests/data/articles/video-call.txt"]).stdout();
    let (nodes, edges) = graph_of(&out);
    let expected: BTreeMap<String, String> = [
        ("xi-jinping", "leader"),
        ("vladimir-putin", "leader"),
        ("china", "country"),
        ("russia", "country"),
        ("united-states", "country"),
        ("brazil", "country"),
        ("india", "country"),
        ("south-africa", "country"),
        ("un", "organisation"),
        ("sco", "organisation"),
        ("brics", "organisation"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(nodes, expected, "no node for Jordan, Siberia, Moscow or anything else");
    for (pair, weight) in [
        ("vladimir-putin|xi-jinping", 4),
        ("china|russia", 3),
        ("russia|united-states", 1),
        ("china|united-states", 1),
        ("united-states|xi-jinping", 2),
        ("brazil|brics", 1),
        ("brics|india", 1),
        ("brics|south-africa", 1),
        ("sco|un", 1),
    ] {
        assert_eq!(edges.get(pair), Some(&weight), "{pair}");
    }
}

#[test]
fn reads_stdin_when_no_file_or_dash() {
    let text = "China and Russia agreed.";
    let a = Cmd::new().arg("extract").stdin(text).stdout();
    let b = Cmd::new().args(["extract", "-"]).stdin(text).stdout();
    assert_eq!(a, b);
    let (nodes, edges) = graph_of(&a);
    assert_eq!(nodes.len(), 2);
    assert_eq!(edges.get("china|russia"), Some(&1));
}

#[test]
fn several_files_make_one_graph() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(&a, "China and Russia agreed.").unwrap();
    std::fs::write(&b, "China and Russia disagreed. Brazil and China traded.").unwrap();
    let out = Cmd::new().arg("extract").arg(&a).arg(&b).stdout();
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["graph"]["documents"], 2);
    let (_, edges) = graph_of(&out);
    assert_eq!(edges.get("china|russia"), Some(&2));
    assert_eq!(edges.get("brazil|china"), Some(&1));
}

#[test]
fn output_file_and_determinism() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("graph.json");
    let article = "examples/article.txt";
    let printed = Cmd::new().args(["extract", article]).stdout();
    let written = Cmd::new().args(["extract", article, "-o"]).arg(&out).stdout();
    assert!(written.is_empty());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), printed);
    assert_eq!(Cmd::new().args(["extract", article]).stdout(), printed, "same input, same bytes");
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn empty_and_crlf_inputs() {
    let out = Cmd::new().arg("extract").stdin("").stdout();
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["nodes"].as_array().unwrap().len(), 0);
    let lf =
        Cmd::new().arg("extract").stdin("Title\n\nChina and Russia met.\nBrazil too.\n").stdout();
    let crlf = Cmd::new()
        .arg("extract")
        .stdin("Title\r\n\r\nChina and Russia met.\r\nBrazil too.\r\n")
        .stdout();
    assert_eq!(graph_of(&lf), graph_of(&crlf));
}

#[test]
fn own_gazetteer_without_the_bundled_ones() {
    let out = Cmd::new()
        .args(["extract", "--no-default-gazetteers", "-g"])
        .arg(data("gazetteers/companies.tsv"))
        .stdin("Acme Corp sued Globex in China. Acme won.")
        .stdout();
    let (nodes, edges) = graph_of(&out);
    assert_eq!(nodes.keys().collect::<Vec<_>>(), ["acme", "globex"]);
    assert_eq!(edges.get("acme|globex"), Some(&1));
}

#[test]
fn exit_codes_and_messages() {
    // A missing input file is a runtime error: 1, naming the file.
    let out = Cmd::new().args(["extract", "no/such/file.txt"]).run();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no/such/file.txt"), "{err}");

    // A broken gazetteer: 2, with file:line for every problem.
    let out =
        Cmd::new().args(["extract", "-g"]).arg(data("gazetteers/broken.toml")).stdin("x").run();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.toml:6: unknown field `nmes`; did you mean `names`?"), "{err}");
    assert!(err.contains("broken.toml:15: duplicate id `acme`"), "{err}");

    // A usage error: 2, with a hint.
    let out = Cmd::new().args(["extract", "--formt", "json"]).run();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format"));

    // --no-default-gazetteers alone leaves nothing to find: a clear usage error.
    let out = Cmd::new().args(["extract", "--no-default-gazetteers"]).stdin("x").run();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--gazetteer"));
}

#[test]
fn help_shows_examples() {
    let help = Cmd::new().arg("--help").stdout();
    assert!(help.contains("Examples:"));
    let help = Cmd::new().args(["extract", "--help"]).stdout();
    assert!(help.contains("--no-default-gazetteers"));
    assert!(help.contains("Examples:"));
}

#[test]
fn invalid_utf8_is_decoded_with_a_warning() {
    let out = Cmd::new().arg("extract").stdin(b"China \xff and Russia.".to_vec()).run();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("first bad byte at offset 6"), "{err}");
    let (_, edges) = graph_of(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(edges.get("china|russia"), Some(&1));
}

#[test]
fn gazetteer_check_reports_all_problems() {
    let out = Cmd::new().args(["gazetteer", "check"]).arg(data("gazetteers/broken.toml")).run();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.lines().filter(|l| l.contains("broken.toml:")).count() >= 5, "{err}");
    let out = Cmd::new().args(["gazetteer", "check"]).stdout();
    assert!(out.starts_with("ok: "), "{out}");
}

#[test]
fn csv_is_written_into_the_directory_named_by_o() {
    let dir = tempfile::tempdir().unwrap();
    // Without -o, or with -o naming a file: a usage error that says what to do.
    let out = Cmd::new().args(["extract", "-f", "csv"]).stdin("China and Russia met.").run();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o DIR"));
    let file = dir.path().join("file.txt");
    std::fs::write(&file, "x").unwrap();
    let out = Cmd::new().args(["extract", "-f", "csv", "-o"]).arg(&file).stdin("x").run();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a file"));

    // A missing directory is created; merge writes csv too.
    let tables = dir.path().join("new/tables");
    let written = Cmd::new()
        .args(["extract", "-f", "csv", "-o"])
        .arg(&tables)
        .stdin("China and Russia met.")
        .stdout();
    assert!(written.is_empty());
    let edges = std::fs::read_to_string(tables.join("edges.csv")).unwrap();
    assert!(edges.contains("\ne0,china,russia,Undirected,1,"), "{edges}");
    assert!(edges.contains(",cooccurrence,1,"), "{edges}");
    let json = dir.path().join("g.json");
    Cmd::new().args(["extract", "-o"]).arg(&json).stdin("China and Russia met.").stdout();
    let merged = dir.path().join("merged");
    Cmd::new().arg("merge").arg(&json).args(["-f", "csv", "-o"]).arg(&merged).stdout();
    assert_eq!(std::fs::read_to_string(merged.join("edges.csv")).unwrap(), edges);
    let names: Vec<_> =
        std::fs::read_dir(&merged).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "no temporary file is left: {names:?}");
}

#[test]
fn every_graph_format_is_written_by_extract_and_merge() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("g.json");
    let text = "China and Russia met. Xi Jinping called Vladimir Putin.";
    Cmd::new().args(["extract", "-o"]).arg(&json).stdin(text).stdout();
    for format in ["json", "dot", "gexf", "graphml", "cytoscape"] {
        let extracted = Cmd::new().args(["extract", "-f", format]).stdin(text).stdout();
        let merged = Cmd::new().arg("merge").arg(&json).args(["-f", format]).stdout();
        assert_eq!(extracted, merged, "{format}");
    }
    let out = Cmd::new().arg("merge").arg(&json).args(["-f", "tsv"]).run();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_directory_without_files_to_read_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let shards = dir.path().join("shards");
    std::fs::create_dir(&shards).unwrap();
    for name in ["a.jsonl", "b.jsonl"] {
        std::fs::write(shards.join(name), "{\"id\": \"x\", \"text\": \"China and Russia met.\"}\n")
            .unwrap();
    }
    // No file matches the default globs: reported as skipped, naming the directory
    // and the --glob to use; no document was read, so nothing is written; exit 1.
    let out = Cmd::new().args(["extract", "-q"]).arg(&shards).run();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("skipped {}: no file to read", shards.display())), "{err}");
    assert!(err.contains("--glob '*.jsonl'") && err.contains("--input-format jsonl"), "{err}");
    assert!(err.contains("no document was read, so nothing was written"), "{err}");
    assert!(out.stdout.is_empty());
    // --strict stops there.
    let out = Cmd::new().args(["extract", "-q", "--strict"]).arg(&shards).run();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("(stopped by --strict)"));
    // The suggested --glob reads them.
    let out = Cmd::new().args(["extract", "-q", "--glob", "*.jsonl"]).arg(&shards).stdout();
    assert_eq!(graph_of(&out).1.get("china|russia"), Some(&2));
    // An empty directory says so; another directory beside it is still read.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out =
        Cmd::new().args(["extract", "-q", "--glob", "*.jsonl"]).arg(&empty).arg(&shards).run();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "skipped {}: no file to read: the directory holds no files",
            empty.display()
        )),
        "{err}"
    );
    assert_eq!(graph_of(&String::from_utf8(out.stdout).unwrap()).1.get("china|russia"), Some(&2));
}

#[test]
fn merge_refuses_graphs_that_do_not_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let shard = |name: &str, article: &str, options: &[&str]| {
        let path = dir.path().join(name);
        Cmd::new()
            .args(["extract", "-q", "-o"])
            .arg(&path)
            .args(options)
            .arg(data(&format!("corpus/{article}")))
            .stdout();
        path
    };
    let a = shard("a.json", "01-summit.txt", &[]);
    let b = shard("b.json", "02-trade.txt", &[]);
    Cmd::new().arg("merge").arg(&a).arg(&b).stdout();

    // A setting that differs: exit 2, naming both files, the setting and what to do.
    let companies = data("gazetteers/companies.tsv");
    let cues = "gazetteers/cues/relations.toml";
    for (options, setting, values, hint) in [
        (
            vec!["--scope", "paragraph"],
            "scope",
            "(sentence in {a}, paragraph in {b})",
            "the same --scope",
        ),
        (vec!["--no-demonyms"], "demonyms setting", "(true in {a}, false in {b})", "--no-demonyms"),
        (vec!["-g", companies.to_str().unwrap()], "gazetteer (fingerprint)", "", "--gazetteer"),
        (vec!["--cues", cues], "relations (cue lexicon)", "(\"bundled\" in {a}, \"file:", "--cues"),
        (vec!["--evidence", "2"], "evidence limit", "(3 in {a}, 2 in {b})", "--evidence"),
    ] {
        let other = shard("other.json", "02-trade.txt", &options);
        let out = Cmd::new().arg("merge").arg(&a).arg(&other).run();
        assert_eq!(out.status.code(), Some(2), "{options:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        let both = format!(
            "cannot merge {} and {}: their {setting} differs ",
            a.display(),
            other.display()
        );
        assert!(err.contains(&both), "{err}");
        let values = values
            .replace("{a}", &a.display().to_string())
            .replace("{b}", &other.display().to_string());
        assert!(err.contains(&values) && err.contains(hint), "{err}");
        assert!(out.stdout.is_empty());
    }

    // A pruned shard: refused, saying to prune when merging.
    for options in [["--min-weight", "2"], ["--top-edges", "100"]] {
        let pruned = shard("pruned.json", "02-trade.txt", &options);
        let out = Cmd::new().arg("merge").arg(&a).arg(&pruned).run();
        assert_eq!(out.status.code(), Some(2), "{options:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("cannot merge {}: it was pruned (", pruned.display())),
            "{err}"
        );
        assert!(err.contains(&options[0][2..].replace('-', "_")), "{err}");
        assert!(err.contains("extract the shards without --min-weight"), "{err}");
        assert!(err.contains("prune when merging"), "{err}");
    }
    // --allow-pruned merges it, and the result says its inputs were pruned, so that
    // it is refused in turn.
    let pruned = shard("pruned.json", "02-trade.txt", &["--min-weight", "2"]);
    let merged = dir.path().join("merged.json");
    Cmd::new()
        .arg("merge")
        .arg(&a)
        .arg(&pruned)
        .arg("--allow-pruned")
        .arg("-o")
        .arg(&merged)
        .stdout();
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&merged).unwrap()).unwrap();
    assert_eq!(v["graph"]["pruned"]["inputs_pruned"], true);
    let out = Cmd::new().arg("merge").arg(&merged).arg(&b).run();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("merged from pruned graphs"));
}

#[test]
fn roles_all_adds_deputies_and_foreign_ministers_with_their_roles() {
    let text = "Vice President Kamala Harris met Foreign Minister Sergey Lavrov and \
                President Xi Jinping in China.";
    let heads = Cmd::new().args(["extract", "--date", "2022-06-01"]).stdin(text).stdout();
    let all =
        Cmd::new().args(["extract", "--date", "2022-06-01", "--roles", "all"]).stdin(text).stdout();
    let (heads_nodes, _) = graph_of(&heads);
    let (all_nodes, all_edges) = graph_of(&all);
    assert!(heads_nodes.contains_key("xi-jinping"));
    for id in ["kamala-harris", "sergey-lavrov"] {
        assert!(!heads_nodes.contains_key(id), "{id} is not a head");
        assert_eq!(all_nodes.get(id).map(String::as_str), Some("leader"), "{id}");
    }
    assert_eq!(all_edges.get("kamala-harris|sergey-lavrov"), Some(&1));
    let v: Value = serde_json::from_str(&all).unwrap();
    assert_eq!(v["graph"]["roles"], "all");
    let v: Value = serde_json::from_str(&heads).unwrap();
    assert!(v["graph"].get("roles").is_none(), "the default graph is unchanged");
    let node = |v: &Value, id: &str| {
        v["nodes"].as_array().unwrap().iter().find(|n| n["id"] == id).cloned().unwrap()
    };
    let v: Value = serde_json::from_str(&all).unwrap();
    assert_eq!(node(&v, "kamala-harris")["roles"], "deputy-head-of-state");
    assert_eq!(node(&v, "sergey-lavrov")["roles"], "foreign-minister");
    assert_eq!(node(&v, "xi-jinping")["roles"], "head-of-state;deputy-head-of-state");
    assert!(node(&v, "china").get("roles").is_none());
}

#[test]
fn merge_refuses_graphs_extracted_with_different_in_names() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    let (ta, tb) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(&ta, "Kenya Airways flew to Nairobi. Kenya agreed.").unwrap();
    std::fs::write(&tb, "China and India agreed.").unwrap();
    let keep = Cmd::new().args(["extract", "--in-names", "keep"]).arg(&ta).stdout();
    let kept: serde_json::Value = serde_json::from_str(&keep).unwrap();
    assert_eq!(kept["graph"]["in_names"], "keep");
    std::fs::write(&a, keep).unwrap();
    std::fs::write(&b, Cmd::new().arg("extract").arg(&tb).stdout()).unwrap();
    let out = Cmd::new().arg("merge").arg(&a).arg(&b).run();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("in_names"));
}

#[test]
fn merge_refuses_graphs_extracted_with_different_roles() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    // Two documents, so that the merge is refused for the roles alone, not for
    // sharing a document.
    let (ta, tb) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(&ta, "China and Russia agreed.").unwrap();
    std::fs::write(&tb, "China and India agreed.").unwrap();
    std::fs::write(&a, Cmd::new().arg("extract").arg(&ta).stdout()).unwrap();
    let all = Cmd::new().args(["extract", "--roles", "all"]).arg(&tb).stdout();
    std::fs::write(&b, all).unwrap();
    let out = Cmd::new().arg("merge").arg(&a).arg(&b).run();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("roles"));
}

#[test]
fn gazetteer_stats_counts_organisation_kinds_and_roles() {
    let out = Cmd::new().args(["gazetteer", "stats", "-f", "json"]).stdout();
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["organisation kind"]["armed-group"].as_u64().unwrap() >= 11);
    assert!(v["organisation kind"]["militant-organisation"].as_u64().unwrap() >= 28);
    assert!(v["people by role"]["foreign-minister"].as_u64().unwrap() >= 180);
    assert!(v["offices by role"]["deputy-head-of-state"].as_u64().unwrap() >= 44);
    let out = Cmd::new().args(["gazetteer", "stats", "-f", "json", "--roles", "heads"]).stdout();
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["people by role"]["foreign-minister"], 0);
}
