//! Hostile input, broken gazetteers and failing outputs: a clear message, never a
//! panic, nothing lost. Each test is a row of the table in `docs/robustness.md`.
//! The big versions of these inputs (a 200 MB line, 100,000 aliases) are in
//! `scripts/robustness.sh`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Output, Stdio};

use serde_json::Value;

use crate::util::{Cmd, binary, is_root};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn no_panic(out: &Output) {
    let err = stderr(out);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(out.status.code(), Some(101), "{err}");
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(out)))
}

fn node_ids(graph: &Value) -> Vec<String> {
    graph["nodes"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap().into()).collect()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

// Bad text input.

#[test]
fn invalid_utf8_gives_one_warning_and_offsets_in_the_decoded_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "latin1.txt", b"\xff China and \xe9 Russia \xfe.");
    let out = Cmd::new().args(["extract", "-f", "mentions"]).arg(&file).run();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(warnings[0].contains("latin1.txt") && warnings[0].contains("offset 0"), "{err}");
    // U+FFFD is 3 bytes: "China" starts at byte 4 of the decoded text (2 of the file).
    let line = json(&out);
    let china = &line["mentions"][0];
    assert_eq!((china["text"].as_str(), china["byte_start"].as_u64()), (Some("China"), Some(4)));
}

#[test]
fn invalid_utf8_in_json_lines_is_reported_once_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "c.jsonl",
        b"{\"id\": \"a\", \"text\": \"China\"}\n{\"id\": \"b\", \"text\": \"\xff Russia\"}\n\
          {\"id\": \"c\", \"text\": \"\xfe Brazil\"}\n",
    );
    let out = Cmd::new().arg("extract").arg(&file).run();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("not valid UTF-8")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(warnings[0].contains("c.jsonl:2") && warnings[0].contains("offset 21"), "{err}");
    assert_eq!(node_ids(&json(&out)), ["brazil", "china", "russia"]);
}

#[test]
fn a_utf8_byte_order_mark_is_dropped_from_text_and_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    // JSON Lines: the first document is read (it used to be skipped as not JSON).
    let jsonl = write(
        dir.path(),
        "b.jsonl",
        b"\xef\xbb\xbf{\"id\": \"a\", \"text\": \"China and Russia.\"}\n{\"id\": \"b\", \"text\": \"Brazil\"}\n",
    );
    let out = Cmd::new().arg("extract").arg(&jsonl).run();
    assert!(out.status.success(), "{}", stderr(&out));
    let graph = json(&out);
    assert_eq!(graph["graph"]["documents"], 2);
    assert_eq!(node_ids(&graph), ["brazil", "china", "russia"]);
    // A line holding only the mark is a blank line.
    let blank = write(dir.path(), "blank.jsonl", b"\xef\xbb\xbf\n{\"text\": \"China\"}\n");
    let out = Cmd::new().arg("extract").arg(&blank).run();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(json(&out)["graph"]["documents"], 1);

    // Text, from a file and from standard input: the mark is not part of the text,
    // and offsets count from after it, as in JSON Lines.
    let text = write(dir.path(), "b.txt", b"\xef\xbb\xbfChina and Russia.");
    let from_jsonl = Cmd::new().args(["extract", "-f", "mentions"]).arg(&jsonl).stdout();
    let first: Value = serde_json::from_str(from_jsonl.lines().next().unwrap()).unwrap();
    for out in [
        Cmd::new().args(["extract", "-f", "mentions"]).arg(&text).stdout(),
        Cmd::new()
            .args(["extract", "-f", "mentions"])
            .stdin(std::fs::read(&text).unwrap())
            .stdout(),
    ] {
        let line: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(line["mentions"], first["mentions"]);
        assert_eq!(line["mentions"][0]["byte_start"], 0);
    }

    // An invalid byte after the mark: its offset is still the file's.
    let bad = write(dir.path(), "bad.txt", b"\xef\xbb\xbfChina \xff Russia.");
    let out = Cmd::new().arg("extract").arg(&bad).run();
    assert!(stderr(&out).contains("first bad byte at offset 9"), "{}", stderr(&out));
    let bad = write(dir.path(), "bad.jsonl", b"\xef\xbb\xbf{\"text\": \"\xff China\"}\n");
    let out = Cmd::new().arg("extract").arg(&bad).run();
    assert!(
        stderr(&out).contains("bad.jsonl:1: not valid UTF-8 (first bad byte at offset 13"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn binary_and_utf16_files_are_skipped_and_the_others_kept() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "China and Russia met.");
    write(dir.path(), "b.txt", b"China\0\x01\x02 Brazil");
    write(dir.path(), "c.txt", b"\xff\xfeI\0n\0d\0i\0a\0");
    write(dir.path(), "d.txt", "India spoke.");
    let out = Cmd::new().arg("extract").arg(dir.path()).run();
    assert_eq!(out.status.code(), Some(3), "something was skipped: {}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("b.txt: binary file (it contains NUL bytes)"), "{err}");
    assert!(err.contains("c.txt: UTF-16 text") && err.contains("iconv"), "{err}");
    assert!(err.contains("read 2 documents (0.0 MB), skipped 2"), "{err}");
    let graph = json(&out);
    assert_eq!(node_ids(&graph), ["china", "india", "russia"]);
    assert_eq!(graph["graph"]["documents"], 2);
}

#[test]
fn endless_binary_streams_are_skipped_at_once() {
    // Only the start of a document is read before it is judged binary.
    if !Path::new("/dev/zero").exists() {
        eprintln!("note: no /dev/zero here: not testing an endless input");
        return;
    }
    let out = Cmd::new().args(["extract", "/dev/zero", "examples/article.txt"]).run();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("skipped /dev/zero: binary file"), "{}", stderr(&out));
    assert!(!node_ids(&json(&out)).is_empty());
}

#[test]
fn an_empty_file_is_a_valid_empty_graph() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "empty.txt", "");
    let out = Cmd::new().arg("extract").arg(&file).run();
    assert!(out.status.success(), "{}", stderr(&out));
    let graph = json(&out);
    assert_eq!(graph["graph"]["documents"], 1);
    assert!(graph["nodes"].as_array().unwrap().is_empty());
    assert!(graph["links"].as_array().unwrap().is_empty());
    let out = Cmd::new().args(["extract", "-f", "dot"]).arg(&file).stdout();
    assert!(out.starts_with("graph \"entgraph\" {") && out.ends_with("}\n"), "{out}");
}

#[test]
fn a_2_mb_line_and_a_1_mb_word() {
    // The 200 MB line is in scripts/robustness.sh; this is the same shape, small.
    let sentence = "Xi Jinping met Putin in Moscow, and China's president spoke of Russia. ";
    let line = sentence.repeat(2_000_000 / sentence.len());
    let out = Cmd::new().args(["extract", "--threads", "1"]).stdin(line).run();
    assert!(out.status.success(), "{}", stderr(&out));
    let graph = json(&out);
    assert_eq!(node_ids(&graph), ["china", "russia", "vladimir-putin", "xi-jinping"]);

    // No sentence breaks: one 2 MB unit with ten entities gives a small graph, as
    // evidence is cut to a window around the two mentions.
    let words = "China Russia Brazil India Japan Germany France Italy Canada Mexico ";
    let mut line = words.to_string();
    line.push_str(&"lorem ipsum dolor ".repeat(2_000_000 / 18));
    let out = Cmd::new().arg("extract").stdin(line).run();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.len() < 2_000_000, "{} bytes of graph", out.stdout.len());
    assert_eq!(json(&out)["links"].as_array().unwrap().len(), 45);

    let word = format!("China {} Russia.", "x".repeat(1 << 20));
    let out = Cmd::new().args(["extract", "-f", "mentions"]).stdin(word).run();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(json(&out)["mentions"].as_array().unwrap().len(), 2);
}

#[test]
fn directories_with_symlink_loops_and_unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "China and Russia met.");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    write(&dir.path().join("sub"), "b.txt", "Brazil and India met.");
    std::os::unix::fs::symlink("..", dir.path().join("sub/loop")).unwrap();
    let locked = write(dir.path(), "locked.txt", "Japan");
    let root = is_root();
    if root {
        eprintln!("note: running as root, who reads files without permission: not testing one");
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let out = Cmd::new().arg("extract").arg(dir.path()).run();
    no_panic(&out);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("loop: symbolic link loop"), "{err}");
    let graph = json(&out);
    let mut expected = vec!["brazil", "china", "india", "russia"];
    if root {
        expected.insert(3, "japan");
        assert!(err.contains("read 3 documents (0.0 MB), skipped 1"), "{err}");
    } else {
        assert!(err.contains("locked.txt: Permission denied"), "{err}");
        assert!(err.contains("read 2 documents (0.0 MB), skipped 2"), "{err}");
    }
    assert_eq!(node_ids(&graph), expected);
}

const BROKEN_JSONL: &str = r#"{"id": "a", "text": "China and Russia met."}
not json
{"id": "b", "text": 5}

{"id": "c", "body": "x"}
["a list"]
{"id": "d", "text": "India", "date": "yesterday"}
{"id": "e", "text": "Brazil spoke."}
{"id": "f", "text": "India", "date": 20240501}
{"id": "g", "text": "India", "date": true}
{"id": "h", "text": "Brazil and India met.", "date": null}
"#;

#[test]
fn broken_json_lines_are_named_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "corpus.jsonl", BROKEN_JSONL);
    let out = Cmd::new().arg("extract").arg(&file).run();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    for (line, why) in [
        (2, "not a JSON object"),
        (3, "field \"text\" is not a string"),
        (5, "no \"text\" field (choose the text field with --text-field)"),
        (6, "not a JSON object"),
        (7, "field \"date\" is not a date (YYYY-MM-DD): \"yesterday\""),
        (
            9,
            "field \"date\" is not a date (YYYY-MM-DD): the number 20240501; write it as a \
             string, \"YYYY-MM-DD\"",
        ),
        (10, "field \"date\" is not a date (YYYY-MM-DD): a boolean; write it as a string"),
    ] {
        assert!(err.contains(&format!("corpus.jsonl:{line}: {why}")), "line {line}: {err}");
    }
    // A null date is no date: line 11 is read.
    assert!(err.contains("read 3 documents (0.0 MB), skipped 7"), "{err}");
    assert!(err.contains("2 × not a JSON object"), "{err}");
    assert!(err.contains("3 × field \"date\" is not a date (YYYY-MM-DD)"), "{err}");
    assert_eq!(node_ids(&json(&out)), ["brazil", "china", "india", "russia"]);
}

#[test]
fn strict_stops_at_the_first_bad_document_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "corpus.jsonl", BROKEN_JSONL);
    let target = dir.path().join("graph.json");
    let out = Cmd::new().args(["extract", "--strict", "-o"]).arg(&target).arg(&file).run();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("corpus.jsonl:2: not a JSON object"), "{}", stderr(&out));
    assert!(stderr(&out).contains("stopped by --strict"));
    let left: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["corpus.jsonl"], "no graph and no temporary file");
}

// Bad gazetteers.

const BAD_TOML: &str = r#"[[entity]]
id = "acme"
type = 3
label = "Acme"
wikidata = "Q0"
names = ["Acme", "  ", "...", "-", { txt = "A" }]
part_of = "nowhere"

[[entity]]
id = "acme"
type = "company"
label = "Acme Two"
wikidata = "q12"
names = ["Acme Two"]
"#;

#[test]
fn every_gazetteer_problem_at_once_with_file_line_and_hint() {
    let dir = tempfile::tempdir().unwrap();
    let toml = write(dir.path(), "bad.toml", BAD_TOML);
    let tsv = write(dir.path(), "bad.tsv", "Globex\tGlobex\n?!\tQ\tcompany\n");
    let jsonl =
        write(dir.path(), "bad.jsonl", "{\"label\": \"ORG\", \"pattern\": 7}\n{\"label\": 1}\n");
    let latin1 =
        write(dir.path(), "latin1.tsv", b"Acme\tAcme\tcompany\nSoci\xe9t\xe9\tS\tcompany\n");
    let syntax = write(dir.path(), "syntax.toml", "[[entity]]\nid = \"x\nlabel = 1\n");
    let missing = dir.path().join("missing.tsv");
    let target = dir.path().join("graph.json");
    let out = Cmd::new()
        .args(["extract", "-o"])
        .arg(&target)
        .arg("-g")
        .arg(&toml)
        .arg("-g")
        .arg(&tsv)
        .arg("-g")
        .arg(&jsonl)
        .arg("-g")
        .arg(&latin1)
        .arg("-g")
        .arg(&syntax)
        .arg("-g")
        .arg(&missing)
        .stdin("Acme")
        .run();
    no_panic(&out);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for expected in [
        "bad.toml:3: `type` must be a string, found integer; quote the value",
        "bad.toml:5: `wikidata` value `Q0` is not valid; a Wikidata QID is Q and digits",
        "bad.toml:6: alias \"  \" has spaces at its ends; remove them",
        "bad.toml:6: alias \"...\" does not start and end with a letter or digit; aliases match whole words",
        "bad.toml:6: alias \"-\" does not start and end with a letter or digit",
        "bad.toml:6: unknown alias key `txt`; did you mean `text`?",
        "bad.toml:7: part_of refers to unknown id `nowhere`; use the id of an entity",
        "bad.toml:10: duplicate id `acme`; ",
        "bad.toml:1 already defines it; give this entity another id",
        "bad.toml:13: `wikidata` value `q12` is not valid",
        "bad.tsv:1: expected 3 to 5 columns (alias, label, type[, id[, ambiguous]]), found 2; separate the columns with tabs",
        "bad.tsv:2: alias \"?!\" does not start and end with a letter or digit",
        "bad.jsonl:1: `pattern` must be a string or a list of tokens, found a number",
        "bad.jsonl:2: not a pattern object: ",
        "latin1.tsv:2: the file is not UTF-8: invalid byte at column 5; save the file as UTF-8",
        "syntax.toml:2: TOML syntax: ",
        "missing.tsv: could not read the file: ",
    ] {
        let found = err.lines().any(|l| l.contains(expected));
        assert!(found, "missing {expected:?} in:\n{err}");
    }
    // Every problem line names a file and line (or the file) and has a hint.
    let problems: Vec<&str> = err.lines().skip(1).collect();
    assert!(problems.len() >= 16, "{err}");
    for p in &problems {
        assert!(p.contains("; "), "no hint: {p}");
    }
    assert!(!target.exists(), "nothing written when the gazetteer does not load");
}

#[test]
fn a_gazetteer_of_5000_aliases_loads_and_matches() {
    // 100,000 aliases are timed in scripts/robustness.sh.
    let dir = tempfile::tempdir().unwrap();
    let mut tsv = String::new();
    for i in 0..5000 {
        tsv.push_str(&format!("Company {i} Holdings\tCompany {i}\tcompany\tc{i}\n"));
    }
    let file = write(dir.path(), "big.tsv", tsv);
    let out = Cmd::new().args(["gazetteer", "check"]).arg(&file).stdout();
    assert_eq!(out, "ok: 5000 entities, 5000 aliases\n");
    let out = Cmd::new()
        .args(["extract", "--no-default-gazetteers", "-g"])
        .arg(&file)
        .stdin("Company 17 Holdings sued Company 4999 Holdings.")
        .stdout();
    let graph: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(node_ids(&graph), ["c17", "c4999"]);
}

// Failing outputs.

#[test]
fn output_into_a_missing_or_odd_place_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "a.txt", "China");
    for (target, message) in [
        (dir.path().join("no/such/dir/g.json"), "no/such/dir does not exist"),
        (file.join("g.json"), "a.txt is not a directory"),
        (dir.path().to_path_buf(), "it is a directory; give a file name, such as"),
    ] {
        let out = Cmd::new().args(["extract", "-o"]).arg(&target).arg(&file).run();
        no_panic(&out);
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(err.starts_with("entgraph: could not write ") && err.contains(message), "{err}");
    }
}

#[test]
fn output_into_a_read_only_directory_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "a.txt", "China");
    let target = if is_root() {
        // Root writes into any directory; sysfs refuses even root.
        let sys = Path::new("/sys/entgraph-test.json");
        if std::fs::File::create(sys).is_ok() || !Path::new("/sys").is_dir() {
            eprintln!("note: running as root without a read-only /sys: not testing this");
            return;
        }
        sys.to_path_buf()
    } else {
        use std::os::unix::fs::PermissionsExt;
        let ro = dir.path().join("ro");
        std::fs::create_dir(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        ro.join("g.json")
    };
    let out = Cmd::new().args(["extract", "-o"]).arg(&target).arg(&file).run();
    no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&format!("could not write {}: ", target.display())), "{err}");
    assert!(err.contains("ermission denied") || err.contains("ead-only"), "{err}");
}

#[test]
fn output_to_a_fifo_is_written_into_it() {
    use std::os::unix::fs::FileTypeExt;

    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "a.txt", "China and Russia met.");
    let fifo = dir.path().join("fifo");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let is_fifo = || std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo();
    let cat = std::process::Command::new("cat").arg(&fifo).stdout(Stdio::piped()).spawn().unwrap();
    let out = Cmd::new().args(["extract", "-q", "-o"]).arg(&fifo).arg(&file).run();
    no_panic(&out);
    let replaced = !is_fifo();
    if !out.status.success() || replaced {
        // cat still waits for a writer: it would wait for ever.
        let _ = { cat }.kill();
        panic!(
            "the FIFO was {}: {}",
            if replaced { "replaced" } else { "not written" },
            stderr(&out)
        );
    }
    let read = String::from_utf8(cat.wait_with_output().unwrap().stdout).unwrap();
    assert_eq!(read, Cmd::new().args(["extract", "-q"]).arg(&file).stdout());
}

#[test]
fn output_through_a_symbolic_link_replaces_its_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "a.txt", "China and Russia met.");
    std::fs::create_dir(dir.path().join("graphs")).unwrap();
    let real = write(&dir.path().join("graphs"), "real.json", "old graph");
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("graphs/real.json", &link).unwrap();
    Cmd::new().args(["extract", "-q", "-o"]).arg(&link).arg(&file).stdout();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays");
    assert_eq!(
        std::fs::read_to_string(&real).unwrap(),
        Cmd::new().args(["extract", "-q"]).arg(&file).stdout()
    );
    // No temporary file is left, here or beside the target.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    assert_eq!(std::fs::read_dir(dir.path().join("graphs")).unwrap().count(), 1);
}

#[test]
fn a_failed_or_killed_run_leaves_the_old_graph_alone() {
    let dir = tempfile::tempdir().unwrap();
    let target = write(dir.path(), "graph.json", "old graph");
    // A run that fails after it started writing.
    let bad = write(dir.path(), "bad.txt", b"\0binary");
    let out = Cmd::new().args(["extract", "--strict", "-o"]).arg(&target).arg(&bad).run();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old graph");
    // A run killed while it reads its input.
    let mut child = binary()
        .args(["extract", "--input-format", "jsonl", "-o"])
        .arg(&target)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for i in 0..2000 {
        writeln!(stdin, "{{\"id\": \"{i}\", \"text\": \"China and Russia met.\"}}").unwrap();
    }
    stdin.flush().unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old graph");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let mut corpus = String::new();
    for i in 0..1000 {
        corpus.push_str(&format!(
            "{{\"id\": \"{i}\", \"text\": \"China and Russia met Brazil and India. Xi Jinping spoke.\"}}\n"
        ));
    }
    let file = write(dir.path(), "corpus.jsonl", corpus);
    for format in ["mentions", "tsv", "json"] {
        // `entgraph extract ... | head -1`, and the same with stderr closed too
        // (`2>&1 | head -1`, with --progress to make it write there).
        for close_stderr in [false, true] {
            let mut child = binary()
                .args(["extract", "--progress", "-f", format])
                .arg(&file)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut err = child.stderr.take().unwrap();
            let reader = if close_stderr {
                drop(err);
                None
            } else {
                Some(std::thread::spawn(move || {
                    let mut s = String::new();
                    err.read_to_string(&mut s).unwrap();
                    s
                }))
            };
            let mut out = BufReader::new(child.stdout.take().unwrap());
            let mut first = String::new();
            out.read_line(&mut first).unwrap();
            assert!(!first.is_empty());
            drop(out);
            let status = child.wait().unwrap();
            let err = reader.map(|r| r.join().unwrap()).unwrap_or_default();
            assert_eq!(status.code(), Some(0), "{format}: {err}");
            assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{format}: {err}");
        }
    }
}

#[test]
fn a_full_disk_is_reported() {
    // The `-o` path (a temporary file, then a rename) is tested with a failing
    // writer in the binary's own tests (output.rs); standard output can be /dev/full.
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("note: no /dev/full here: not testing a full disk from the command line");
        return;
    };
    for args in [
        &["extract", "examples/article.txt"][..],
        &["gazetteer", "check"],
        &["gazetteer", "aliases"],
    ] {
        let out = binary()
            .args(args)
            .stdout(full.try_clone().unwrap())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        no_panic(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains("could not write standard output: No space left on device"),
            "{args:?}: {err}"
        );
    }
}

// Determinism.

#[test]
fn same_bytes_across_runs_threads_and_locales() {
    let dir = tempfile::tempdir().unwrap();
    // More documents than one batch (512), so batches and threads both vary.
    let texts = [
        "Chinese President Xi Jinping met Vladimir Putin in Moscow. They signed a deal.",
        "The UN and NATO met. Germany, France and Italy sanctioned Russia.",
        "Brazil's president spoke with India and South Africa about BRICS.",
    ];
    let mut corpus = String::new();
    for i in 0..600 {
        let text = texts[i % texts.len()];
        corpus.push_str(&format!(
            "{{\"id\": \"d{i}\", \"text\": \"{text}\", \"date\": \"2024-05-{:02}\"}}\n",
            i % 28 + 1
        ));
    }
    let file = write(dir.path(), "corpus.jsonl", corpus);
    for format in ["json", "dot", "mentions", "tsv"] {
        let run = |threads: &str, locale: &str| {
            Cmd::new()
                .args(["extract", "--knowledge", "--threads", threads, "-f", format])
                .arg(&file)
                .env("LC_ALL", locale)
                .env("LANG", locale)
                .stdout()
        };
        let first = run("1", "C");
        assert!(first.len() > 1000, "{format}");
        // A second run differs in its hash seeds too; Turkish is the locale where
        // case mapping differs (dotless i).
        assert!(run("3", "tr_TR.UTF-8") == first, "{format}: 3 threads, tr_TR.UTF-8");
    }
}
