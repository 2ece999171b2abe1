//! Nothing lost, nothing silently wrong: what a careless or hostile user does to
//! outputs, merges and inputs (docs/robustness.md names the test of each case).

use std::path::{Path, PathBuf};
use std::process::Output;

use entgraph::GazetteerBuilder;
use entgraph::gazetteer::GazetteerFormat;
use serde_json::Value;

use crate::util::{Cmd, found};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn graph(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn read_graph(path: &Path) -> Value {
    graph(&std::fs::read_to_string(path).unwrap())
}

/// Extracts `inputs` into `out` (quietly), expecting success.
fn extract(out: &Path, inputs: &[&Path], options: &[&str]) {
    Cmd::new().args(["extract", "-q", "-o"]).arg(out).args(options).args(inputs).stdout();
}

const ARTICLE: &str = "China and Russia met in Beijing. France criticised Brazil.";

#[test]
fn a_run_that_reads_no_document_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let old = write(d, "graph.json", "yesterday's graph");
    let out = Cmd::new().arg("extract").arg("-o").arg(&old).arg(d.join("mistyped.txt")).run();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("no document was read, so nothing was written"), "{err}");
    assert!(err.contains("graph.json is left as it was"), "{err}");
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "yesterday's graph");
    // The tables of --format csv too.
    let tables = d.join("tables");
    std::fs::create_dir(&tables).unwrap();
    write(&tables, "nodes.csv", "old nodes");
    let out = Cmd::new().args(["extract", "-f", "csv", "-o"]).arg(&tables).arg("nope.txt").run();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(tables.join("nodes.csv")).unwrap(), "old nodes");
    // An empty input is a document: its empty graph is written.
    let empty = write(d, "empty.txt", "");
    let out = Cmd::new().args(["extract", "-q", "-o"]).arg(&old).arg(&empty).run();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(read_graph(&old)["graph"]["documents"], 1);
}

#[test]
fn an_output_that_is_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let art = write(d, "art.txt", ARTICLE);
    std::os::unix::fs::symlink(&art, d.join("link.txt")).unwrap();
    for output in [art.clone(), d.join("link.txt")] {
        let out = Cmd::new().arg("extract").arg(&art).arg("-o").arg(&output).run();
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("it is also an input") && err.contains("choose another -o"), "{err}");
        assert_eq!(std::fs::read_to_string(&art).unwrap(), ARTICLE);
    }
    // A file of an input directory that is the output is not read.
    let news = d.join("news");
    std::fs::create_dir(&news).unwrap();
    write(&news, "a.txt", ARTICLE);
    let inside = write(&news, "graph.txt", "Old output naming India and Japan.");
    let out = Cmd::new().args(["extract", "-q"]).arg(&news).arg("-o").arg(&inside).run();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("it is the output file (-o)"), "{}", stderr(&out));
    assert_eq!(read_graph(&inside)["graph"]["documents"], 1);
    // merge g.json x.json -o g.json.
    let g = d.join("g.json");
    let x = d.join("x.json");
    extract(&g, &[&art], &[]);
    extract(&x, &[&write(d, "other.txt", "India met Japan.")], &[]);
    let before = std::fs::read(&g).unwrap();
    let out = Cmd::new().arg("merge").arg(&g).arg(&x).arg("-o").arg(&g).run();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("it is also an input"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&g).unwrap(), before);
}

/// Whether the pair of tables in `dir` comes from one graph: every endpoint of
/// edges.csv is a node of nodes.csv, and their sizes fit the graph of one input.
fn tables_match(dir: &Path) -> bool {
    let nodes = std::fs::read_to_string(dir.join("nodes.csv")).unwrap();
    let edges = std::fs::read_to_string(dir.join("edges.csv")).unwrap();
    let ids: Vec<&str> = nodes.lines().skip(1).filter_map(|l| l.split(',').next()).collect();
    edges.lines().skip(1).all(|l| {
        let f: Vec<&str> = l.split(',').collect();
        f.len() > 2 && ids.contains(&f[1]) && ids.contains(&f[2])
    })
}

#[test]
fn csv_tables_are_replaced_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let a = write(d, "a.txt", ARTICLE);
    let b = write(d, "b.txt", "India met Japan. Germany and Kenya agreed.");
    let tables = d.join("tables");
    extract(&tables, &[&a], &["-f", "csv"]);
    let first = std::fs::metadata(&tables).unwrap();
    extract(&tables, &[&b], &["-f", "csv"]);
    // A new directory took the place of the old one, as a whole.
    use std::os::unix::fs::MetadataExt;
    assert_ne!(std::fs::metadata(&tables).unwrap().ino(), first.ino());
    assert!(std::fs::read_to_string(tables.join("nodes.csv")).unwrap().contains("india"));
    assert!(tables_match(&tables));
    let left: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "temporary directories left: {left:?}");
    // Concurrent runs leave a pair from one run.
    for _ in 0..3 {
        let runs: Vec<_> = [&a, &b, &a, &b]
            .iter()
            .map(|input| {
                crate::util::binary()
                    .args(["extract", "-q", "-f", "csv", "-o"])
                    .arg(&tables)
                    .arg(input)
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut r in runs {
            assert!(r.wait().unwrap().success());
        }
        assert!(tables_match(&tables));
    }
    // A directory that holds other files is not replaced.
    write(&tables, "notes.txt", "mine");
    let out = Cmd::new().args(["extract", "-f", "csv", "-o"]).arg(&tables).arg(&a).run();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("it holds other files (notes.txt)"), "{}", stderr(&out));
}

#[test]
fn inputs_that_look_like_text_but_are_not_are_read_as_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines = "{\"id\": \"a\", \"text\": \"China met Russia.\"}\n{\"id\": \"b\", \"text\": \"India met Japan.\"}\n";
    // JSON Lines named .json: two documents, not one of JSON syntax.
    let jsonl = write(d, "corpus.json", lines);
    let g = graph(&Cmd::new().args(["extract", "-q"]).arg(&jsonl).stdout());
    assert_eq!(g["graph"]["documents"], 2);
    assert_eq!(g["document_ids"], serde_json::json!(["a", "b"]));
    // The same on standard input.
    let g = graph(&Cmd::new().args(["extract", "-q"]).stdin(lines).stdout());
    assert_eq!(g["graph"]["documents"], 2);
    // A JSON array of articles.
    let array = write(
        d,
        "articles.json",
        r#"[{"id": "x", "text": "China met Russia."}, {"id": "y", "text": "India met Japan."}]"#,
    );
    let g = graph(&Cmd::new().args(["extract", "-q"]).arg(&array).stdout());
    assert_eq!(g["document_ids"], serde_json::json!(["x", "y"]));
    // A CSV of articles: stopped, with the exact options that read it.
    let csv = "id,title,body,published\n1,Talks,China met Russia.,2024-05-01\n2,\"Visit, state\",\"India met Japan, then France.\",2024-05-02\n";
    let table = write(d, "news.csv", csv);
    let out = Cmd::new().arg("extract").arg(&table).run();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("--input-format csv --text-field body"), "{err}");
    let g = graph(
        &Cmd::new()
            .args(["extract", "-q", "--input-format", "CSV", "--text-field", "body"])
            .args(["--date-field", "published"])
            .arg(&table)
            .stdout(),
    );
    assert_eq!(g["document_ids"], serde_json::json!(["1", "2"]));
    assert_eq!(g["nodes"].as_array().unwrap().len(), 5);
    assert_eq!(g["graph"]["documents"], 2);
    // --input-format text reads it as one text.
    let out = Cmd::new().args(["extract", "-q", "--input-format", "text"]).arg(&table).stdout();
    assert_eq!(graph(&out)["graph"]["documents"], 1);
}

#[test]
fn a_date_field_that_is_missing_is_reported_once_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "c.jsonl",
        "{\"text\": \"China met Russia.\", \"date\": \"2024-05-01\"}\n{\"text\": \"India met Japan.\", \"date\": \"2024-05-02\"}\n",
    );
    let out = Cmd::new().args(["extract", "--date-field", "published"]).arg(&file).run();
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert_eq!(err.matches("no \"published\" field (--date-field)").count(), 1, "{err}");
}

/// Two shards of our own articles, in `dir`: `a.json` and `b.json`.
fn shards(d: &Path) -> (PathBuf, PathBuf) {
    let (a, b) = (d.join("a.json"), d.join("b.json"));
    extract(&a, &[&write(d, "one.txt", ARTICLE)], &[]);
    extract(&b, &[&write(d, "two.txt", "India met Japan. Russia and India agreed.")], &[]);
    (a, b)
}

#[test]
fn merge_refuses_inputs_that_share_documents() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (a, b) = shards(d);
    // The same file twice, by one name or two.
    let out = Cmd::new().arg("merge").arg(&a).arg(&a).run();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is given twice"), "{}", stderr(&out));
    std::os::unix::fs::symlink(&a, d.join("again.json")).unwrap();
    let out = Cmd::new().arg("merge").arg(&a).arg(d.join("again.json")).run();
    assert!(stderr(&out).contains("are the same file"), "{}", stderr(&out));
    // Its own earlier output, picked up by a glob.
    let all = d.join("all.json");
    Cmd::new().arg("merge").arg(&a).arg(&b).arg("-o").arg(&all).stdout();
    let out =
        Cmd::new().arg("merge").arg(&a).arg(&b).arg(&all).arg("-o").arg(d.join("x.json")).run();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "cannot merge {} and {}: both hold the document",
            a.display(),
            all.display()
        )),
        "{err}"
    );
    // A copy of a shard: the same documents.
    std::fs::copy(&a, d.join("copy.json")).unwrap();
    let out = Cmd::new().arg("merge").arg(&a).arg(d.join("copy.json")).run();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("one.txt"), "{}", stderr(&out));
}

#[test]
fn merge_refuses_damaged_graphs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (a, b) = shards(d);
    let original = read_graph(&a);
    let damaged = |name: &str, edit: &dyn Fn(&mut Value), why: &str| {
        let mut g = original.clone();
        edit(&mut g);
        let path = write(d, name, g.to_string());
        let out = Cmd::new().arg("merge").arg(&path).arg(&b).run();
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(why), "{name}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
    };
    damaged(
        "dup.json",
        &|g| {
            let first = g["links"][0].clone();
            g["links"].as_array_mut().unwrap().push(first);
        },
        "is there twice",
    );
    damaged("negative.json", &|g| g["graph"]["documents"] = (-3).into(), "graph.documents is -3");
    damaged("fraction.json", &|g| g["graph"]["units"] = 2.5.into(), "graph.units is 2.5");
    damaged("version.json", &|g| g["graph"]["version"] = "9.0.0".into(), "entgraph 9.0.0");
    damaged(
        "noversion.json",
        &|g| {
            g["graph"].as_object_mut().unwrap().remove("version");
        },
        "records no entgraph version",
    );
    damaged(
        "heavy.json",
        &|g| g["links"][0]["documents"] = 99.into(),
        "the file was edited or damaged",
    );
    damaged(
        "negative-weight.json",
        &|g| g["links"][0]["weight"] = (-1).into(),
        "not an entgraph JSON graph",
    );
    // Sums that would pass 2^64 - 1.
    let mut big = original.clone();
    big["graph"]["documents"] = u64::MAX.into();
    let big = write(d, "big.json", big.to_string());
    let out = Cmd::new().arg("merge").arg(&big).arg(&b).run();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("would pass 2^64 - 1"), "{}", stderr(&out));
}

#[test]
fn merge_reads_standard_input_gzip_and_one_graph_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (a, b) = shards(d);
    let expected = Cmd::new().arg("merge").arg(&a).arg(&b).stdout();
    // Standard input.
    let got = Cmd::new().arg("merge").arg(&a).arg("-").stdin(std::fs::read(&b).unwrap()).stdout();
    assert_eq!(got, expected);
    // One graph per line, from a pipeline that collects the shards.
    let lines = format!("{}\n{}\n", read_graph(&a), read_graph(&b));
    let both = write(d, "both.jsonl", &lines);
    assert_eq!(Cmd::new().arg("merge").arg(&both).stdout(), expected);
    // Gzip (made by Python's gzip module, which every machine here has).
    let gz = d.join("both.jsonl.gz");
    let made = std::process::Command::new("python3")
        .args(["-c", "import gzip, sys; open(sys.argv[2], 'wb').write(gzip.compress(open(sys.argv[1], 'rb').read()))"])
        .arg(&both)
        .arg(&gz)
        .status()
        .unwrap();
    assert!(made.success());
    assert_eq!(Cmd::new().arg("merge").arg(&gz).stdout(), expected);
    // A broken graph on a line is named with its line.
    let broken = write(d, "broken.jsonl", format!("{}\n{{\"nodes\": 3}}\n", read_graph(&a)));
    let out = Cmd::new().arg("merge").arg(&broken).run();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("broken.jsonl:2"), "{}", stderr(&out));
}

#[test]
fn merge_compares_gazetteers_and_cues_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let companies = crate::util::read("gazetteers/companies.tsv");
    let (g1, g2) = (write(d, "g1.tsv", &companies), write(d, "sub-g2.tsv", &companies));
    let one = write(d, "one.txt", "Acme met Globex.");
    let two = write(d, "two.txt", "Globex and Acme agreed.");
    let (a, b) = (d.join("a.json"), d.join("b.json"));
    extract(&a, &[&one], &["-g", g1.to_str().unwrap()]);
    extract(&b, &[&two], &["-g", g2.to_str().unwrap()]);
    let merged = graph(&Cmd::new().arg("merge").arg(&a).arg(&b).stdout());
    assert_eq!(merged["graph"]["documents"], 2);
    // Cues edited at the same path do not merge.
    let cues = write(d, "cues.toml", "meeting = [\"met\"]\n");
    extract(&a, &[&one], &["--cues", cues.to_str().unwrap()]);
    write(d, "cues.toml", "meeting = [\"met\", \"agreed\"]\n");
    extract(&b, &[&two], &["--cues", cues.to_str().unwrap()]);
    let out = Cmd::new().arg("merge").arg(&a).arg(&b).run();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("their relations (cue lexicon) differs"), "{}", stderr(&out));
}

#[test]
fn a_unit_naming_too_many_entities_gives_no_pairs_and_a_warning() {
    let names = [
        "China", "Russia", "France", "Brazil", "India", "Japan", "Germany", "Kenya", "Mexico",
        "Canada", "Chile", "Peru",
    ];
    let text = format!("The vote: {} in favour. China met Russia.", names.join(", "));
    let run = |max: &str| {
        Cmd::new().args(["extract", "--max-unit-entities", max]).stdin(text.as_str()).run()
    };
    let out = run("10");
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains("warning: -: the unit at bytes 0..")
            && err.contains(
                "names 12 entities, more than --max-unit-entities 10: its 66 pairs were left out"
            ),
        "{err}"
    );
    let g = graph(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(g["links"].as_array().unwrap().len(), 1, "only china -- russia");
    assert_eq!(g["nodes"].as_array().unwrap().len(), 12, "mentions still count");
    assert_eq!(g["graph"]["crowded_units"], 1);
    let g = graph(&String::from_utf8(run("0").stdout).unwrap());
    assert_eq!(g["links"].as_array().unwrap().len(), 66);
    // The default is 50.
    assert_eq!(
        graph(&Cmd::new().arg("extract").stdin(ARTICLE).stdout())["graph"]["max_unit_entities"],
        50
    );
}

#[test]
fn evidence_is_capped_in_bytes_per_graph() {
    let text = "China met Russia. France met Brazil and India. Japan met Kenya.";
    let run = |max: &str| {
        graph(&Cmd::new().args(["extract", "--max-evidence-bytes", max]).stdin(text).stdout())
    };
    let evidence = |g: &Value| -> usize {
        g["links"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|l| l["evidence"].as_array().cloned().unwrap_or_default())
            .map(|e| e["text"].as_str().unwrap().len())
            .sum()
    };
    let all = run("0");
    assert!(evidence(&all) > 60);
    let capped = run("60");
    assert!(evidence(&capped) <= 60 && evidence(&capped) > 0);
    assert!(capped["graph"]["evidence_dropped"].as_u64().unwrap() > 0);
    // The weights do not change.
    let weights = |g: &Value| {
        g["links"].as_array().unwrap().iter().map(|l| l["weight"].clone()).collect::<Vec<_>>()
    };
    assert_eq!(weights(&all), weights(&capped));
}

#[test]
fn threads_are_capped_with_a_message() {
    let out = Cmd::new().args(["extract", "--threads", "100000"]).stdin(ARTICLE).run();
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains("--threads 100000 is more than 4 per core") && err.contains("using"),
        "{err}"
    );
}

#[test]
fn a_shorter_alias_is_found_under_many_nested_ones() {
    let mut tsv = String::from("alias\tlabel\ttype\tid\n");
    let mut alias = String::from("Ab");
    for (i, c) in " Cdefghijk".chars().enumerate() {
        if c != ' ' {
            alias.push(c);
        }
        if i == 0 {
            tsv.push_str("Ab\tAb\tcountry\tab0\n");
            alias.push(' ');
            continue;
        }
        tsv.push_str(&format!("{alias}\t{alias}\tcountry\tab{i}\n"));
    }
    let mut b = GazetteerBuilder::new();
    b.add_str("nested.tsv", GazetteerFormat::Tsv, &tsv);
    let g = b.build().unwrap();
    assert_eq!(g.len(), 10, "{tsv}");
    let extractor = entgraph::Extractor::new(&g).unwrap();
    // The next word in lower case, so that it is no part of a longer name (which
    // would make `Ab` a name inside a name): the matcher alone decides.
    assert_eq!(found(&extractor, "Ab cdefghijklm met."), [("Ab".to_string(), "ab0".to_string())]);
    assert_eq!(
        found(&extractor, "Ab Cdefghijk met."),
        [("Ab Cdefghijk".to_string(), "ab9".to_string())]
    );
}

#[test]
fn a_completed_run_that_skipped_documents_has_its_own_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let art = write(d, "art.txt", ARTICLE);
    let out_file = d.join("g.json");
    let run = |extra: &[&str]| {
        Cmd::new()
            .args(["extract", "-q", "-o"])
            .arg(&out_file)
            .args(extra)
            .arg(&art)
            .arg(d.join("missing.txt"))
            .run()
    };
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(read_graph(&out_file)["graph"]["documents"], 1);
    std::fs::remove_file(&out_file).unwrap();
    // Within --max-skipped: success.
    assert_eq!(run(&["--max-skipped", "1"]).status.code(), Some(0));
    std::fs::remove_file(&out_file).unwrap();
    // More skipped than allowed: failure, and no output.
    let out = run(&["--max-skipped", "0"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("more than --max-skipped 0"), "{}", stderr(&out));
    assert!(!out_file.exists());
}

#[test]
fn format_names_ignore_case_and_dates_say_what_is_wrong() {
    let dot = Cmd::new().args(["extract", "-f", "DOT"]).stdin(ARTICLE).stdout();
    assert!(dot.starts_with("graph") || dot.contains("graph {"), "{dot}");
    for (date, why) in [
        ("2024-13-01", "month 13 does not exist"),
        ("2024-05-00", "day 0 does not exist"),
        ("0000-00-00", "there is no year 0"),
        ("2023-02-29", "2023 is not a leap year"),
        ("1 May 2024", "write it as YYYY-MM-DD"),
    ] {
        let out = Cmd::new().args(["extract", "--date", date]).stdin(ARTICLE).run();
        assert_eq!(out.status.code(), Some(2), "{date}");
        assert!(stderr(&out).contains(why), "{date}: {}", stderr(&out));
        // And as a document's date.
        let line = format!("{{\"text\": \"China met Russia.\", \"date\": \"{date}\"}}\n");
        let out = Cmd::new().args(["extract", "--input-format", "JSONL"]).stdin(line).run();
        assert!(stderr(&out).contains(why), "{date}: {}", stderr(&out));
    }
}

#[test]
fn documents_in_another_language_get_one_warning_per_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "fr.txt",
        "Le président de la République française a rencontré lundi à Berlin le chancelier \
         allemand. Les deux dirigeants ont évoqué la guerre en Ukraine et les relations avec les \
         États-Unis et la Chine, selon un communiqué de la présidence.",
    );
    write(
        d,
        "de.txt",
        "Der französische Präsident hat am Montag in Berlin den deutschen Kanzler getroffen. Die \
         beiden sprachen über den Krieg in der Ukraine und die Beziehungen zu den Vereinigten \
         Staaten und den Vereinten Nationen.",
    );
    write(
        d,
        "en.txt",
        "The president of France met the chancellor of Germany in Berlin on Monday, and they \
         said that the talks about the war in Ukraine had been useful for both of their countries.",
    );
    let out = Cmd::new().args(["extract", "-q"]).arg(d).run();
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert_eq!(err.matches("warning").count(), 1, "{err}");
    assert!(err.contains("2 documents do not look like English"), "{err}");
    assert!(err.contains("entgraph reads English text"), "{err}");
}

/// The problems of loading `files` (name, text) with the bundled gazetteers, as
/// `entgraph gazetteer check --with-bundled` prints them; and its exit status.
fn check_gazetteer(files: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = files.iter().map(|(n, t)| write(dir.path(), n, t)).collect();
    let out = Cmd::new().args(["gazetteer", "check", "--with-bundled"]).args(&paths).run();
    let err = stderr(&out).replace(&format!("{}/", dir.path().display()), "");
    (out.status.code(), err)
}

#[test]
fn membership_cycles_and_one_character_aliases_are_refused() {
    let toml = r#"[[entity]]
id = "alpha-pact"
type = "organisation"
label = "Alpha Pact"
names = ["Alpha Pact"]
members = ["beta-league"]

[[entity]]
id = "beta-league"
type = "organisation"
label = "Beta League"
names = ["Beta League"]
members = ["alpha-pact"]

[[entity]]
id = "gamma-union"
type = "organisation"
label = "Gamma Union"
names = ["Gamma Union", "G"]
members = ["gamma-union", "france"]
"#;
    let (code, err) = check_gazetteer(&[("orgs.toml", toml)]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("orgs.toml:") && err.contains("memberships go round: "), "{err}");
    assert!(err.contains("`gamma-union` is listed as a member of itself"), "{err}");
    assert!(err.contains("alias \"G\" of `gamma-union` is one character"), "{err}");
    assert_eq!(err.matches("memberships go round").count(), 1, "{err}");
}

#[test]
fn user_gazetteers_can_declare_shared_aliases_and_are_cited_alone() {
    // `Georgia` is bundled (the country); a user's table shares it.
    let plain = "alias\tlabel\ttype\tid\nGeorgia\tGeorgia Power\tcompany\tgeorgia-power\n";
    let (code, err) = check_gazetteer(&[("mine.tsv", plain)]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("mine.tsv:2: alias \"Georgia\" is shared by"), "{err}");
    assert!(err.contains("write yes in a fifth column, ambiguous"), "{err}");
    assert!(
        !err.contains("gazetteers/countries.toml"),
        "cites a file the user does not have: {err}"
    );
    // The fifth column declares it: the file loads.
    let declared = plain.replace("georgia-power\n", "georgia-power\tyes\n");
    assert_eq!(check_gazetteer(&[("mine.tsv", &declared)]).0, Some(0));
    // In CRLF files the lines are right.
    let crlf = "alias\tlabel\ttype\r\nAcme\tAcme\tcompany\r\nonly\ttwo\r\n";
    let (_, err) = check_gazetteer(&[("crlf.tsv", crlf)]);
    assert!(err.contains("crlf.tsv:3: expected 3 to 5 columns"), "{err}");
    // spaCy patterns: an attribute.
    let spacy = "{\"label\": \"ORG\", \"pattern\": \"Georgia\", \"id\": \"gp\"}\n";
    let (_, err) = check_gazetteer(&[("p.jsonl", spacy)]);
    assert!(err.contains("p.jsonl:1:") && err.contains("\"ambiguous\": true"), "{err}");
    let spacy =
        "{\"label\": \"ORG\", \"pattern\": \"Georgia\", \"id\": \"gp\", \"ambiguous\": true}\n";
    assert_eq!(check_gazetteer(&[("p.jsonl", spacy)]).0, Some(0));
}

#[test]
fn token_patterns_give_one_warning_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("{\"label\": \"ORG\", \"pattern\": \"Acme Corp\"}\n");
    for i in 0..50 {
        text.push_str(&format!("{{\"label\": \"ORG\", \"pattern\": [{{\"LOWER\": \"x{i}\"}}]}}\n"));
    }
    let file = write(dir.path(), "p.jsonl", text);
    let out =
        Cmd::new().args(["extract", "-q", "-g"]).arg(&file).stdin("Acme Corp met China.").run();
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("p.jsonl:2: token patterns are not supported: 50 skipped"), "{err}");
}
