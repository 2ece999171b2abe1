//! Golden files: every output format of a few small graphs, pinned byte for byte.
//!
//! Each case is a folder of `tests/data/golden/` holding its inputs and the
//! expected outputs, in the real formats (they open in Gephi, Graphviz, yEd and
//! Cytoscape): `out.json`, `out.dot`, `out.gexf`, `out.graphml`, `out.cyjs`,
//! `nodes.csv` and `edges.csv`, and for the extract cases `out.mentions.jsonl` and
//! `out.tsv`. `BLESS=1 cargo test golden` rewrites them from the current code;
//! review the change in the diff.

use std::path::{Path, PathBuf};

use crate::util::Cmd;

/// A golden case: a folder and the command that makes its graph.
pub struct Case {
    pub name: &'static str,
    /// Made by `entgraph merge graph.json`, not by `extract`.
    pub merge: bool,
    /// Options of `extract` beside the usual ones.
    pub options: &'static [&'static str],
}

/// The cases: `small` (dates, relations, knowledge edges beside co-occurrence
/// edges), `hostile` (names every syntax must escape) and `merged` (ids that no
/// gazetteer allows, read back by `merge`) and `teams` (a match report beside a
/// political report, with `--teams keep`: team nodes beside country nodes).
pub const CASES: &[Case] = &[
    Case { name: "small", merge: false, options: &[] },
    Case { name: "hostile", merge: false, options: &[] },
    Case { name: "merged", merge: true, options: &[] },
    Case { name: "teams", merge: false, options: &["--teams", "keep"] },
];

/// The graph formats and the file each is pinned in (`None`: csv, two files).
pub const GRAPH_FORMATS: &[(&str, Option<&str>)] = &[
    ("json", Some("out.json")),
    ("dot", Some("out.dot")),
    ("gexf", Some("out.gexf")),
    ("graphml", Some("out.graphml")),
    ("cytoscape", Some("out.cyjs")),
    ("csv", None),
];

impl Case {
    /// The case's folder, relative to the crate root (where the tool runs).
    pub fn dir(&self) -> PathBuf {
        Path::new("tests/data/golden").join(self.name)
    }

    fn cmd(&self, format: &str) -> Cmd {
        let dir = self.dir();
        if self.merge {
            Cmd::new().arg("merge").arg(dir.join("graph.json")).args(["-f", format])
        } else {
            Cmd::new()
                .args(["extract", "-q", "--knowledge", "--no-default-gazetteers", "-g"])
                .arg(dir.join("gazetteer.toml"))
                .arg(dir.join("input.jsonl"))
                .args(self.options)
                .args(["-f", format])
        }
    }

    /// The output in `format` (not csv).
    pub fn run(&self, format: &str) -> String {
        self.cmd(format).stdout()
    }

    /// The csv tables, written into `dir`.
    pub fn run_csv(&self, dir: &Path) {
        let out = self.cmd("csv").arg("-o").arg(dir).stdout();
        assert!(out.is_empty(), "csv writes nothing to standard output: {out}");
    }

    /// Every output, as `(file name, bytes)`.
    fn outputs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for &(format, file) in GRAPH_FORMATS {
            match file {
                Some(file) => out.push((file.to_string(), self.run(format))),
                None => {
                    let dir = tempfile::tempdir().unwrap();
                    self.run_csv(dir.path());
                    for name in ["nodes.csv", "edges.csv"] {
                        let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
                        out.push((name.to_string(), text));
                    }
                }
            }
        }
        if !self.merge {
            out.push(("out.mentions.jsonl".into(), self.run("mentions")));
            out.push(("out.tsv".into(), self.run("tsv")));
        }
        out
    }
}

#[test]
fn golden_files() {
    let bless = std::env::var("BLESS").as_deref() == Ok("1");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    for case in CASES {
        for (name, actual) in case.outputs() {
            let path = root.join(case.dir()).join(&name);
            if bless {
                std::fs::write(&path, &actual).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&path).unwrap_or_default();
            if expected != actual {
                failures.push(format!(
                    "{}/{name} differs from the output:\n{}",
                    case.dir().display(),
                    diff(&expected, &actual)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\n{} golden file(s) differ; if the change is intended, run `BLESS=1 cargo test \
         golden` and review the diff",
        failures.join("\n\n"),
        failures.len()
    );
}

/// A readable diff: the changed lines (`-` expected, `+` actual) with two lines
/// of context and their line numbers, long lines cut.
pub fn diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.split('\n').collect();
    let a: Vec<&str> = actual.split('\n').collect();
    let (n, m) = (e.len(), a.len());
    if n * m > 25_000_000 {
        return format!("(too long to diff: {n} lines expected, {m} lines written)\n");
    }
    // lcs[i][j]: the longest common subsequence of e[i..] and a[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] =
                if e[i] == a[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let mut ops = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && e[i] == a[j] {
            ops.push((' ', i, e[i]));
            (i, j) = (i + 1, j + 1);
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', i, e[i]));
            i += 1;
        } else {
            ops.push(('+', j, a[j]));
            j += 1;
        }
    }
    let cut = |s: &str| {
        if s.chars().count() > 160 {
            format!("{}…", s.chars().take(160).collect::<String>())
        } else {
            s.to_string()
        }
    };
    let near_change =
        |k: usize| ops[k.saturating_sub(2)..(k + 3).min(ops.len())].iter().any(|op| op.0 != ' ');
    let mut out = String::new();
    let (mut shown, mut skipped) = (0, false);
    for (k, &(op, line, text)) in ops.iter().enumerate() {
        if !near_change(k) {
            skipped = true;
            continue;
        }
        if skipped && !out.is_empty() {
            out.push_str("  ...\n");
        }
        skipped = false;
        shown += 1;
        if shown > 80 {
            out.push_str("  ... (more changes)\n");
            break;
        }
        out.push_str(&format!("  {:>5} {op} {}\n", line + 1, cut(text)));
    }
    if out.is_empty() {
        out.push_str("  (the lines are equal: the files differ in line endings)\n");
    }
    out
}
