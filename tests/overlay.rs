//! Overlays (`[[patch]]`, `replaces`), acting holders, `as_of`, and the
//! `gazetteer export|holders|show` commands.

use entgraph::gazetteer::{Date, GazetteerBuilder, GazetteerFormat};
use entgraph::{ErrorKind, Extractor, Gazetteer, ResolverConfig};

use crate::util::{Cmd, bundled, bundled_extractor, data};

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// The bundled gazetteers with the overlays under `tests/data/overlays/`, in order.
fn with_overlays(names: &[&str]) -> Gazetteer {
    let mut b = GazetteerBuilder::new();
    b.bundled();
    for name in names {
        b.add_path(data(&format!("overlays/{name}"))).unwrap();
    }
    b.build().unwrap_or_else(|e| panic!("{e}"))
}

/// `(mention text, entity id)` of every mention in `text` dated `date`.
fn dated(extractor: &Extractor, text: &str, date: &str) -> Vec<(String, String)> {
    let g = extractor.gazetteer();
    extractor
        .extract_dated(text, Some(day(date)))
        .mentions
        .iter()
        .map(|m| (text[m.span.range()].to_string(), g.entity(m.entity).id.clone()))
        .collect()
}

/// The entity a role phrase (`the Japanese prime minister`) resolves to in
/// `text` on `date`, if it resolves.
fn role_holder(extractor: &Extractor, text: &str, phrase: &str, date: &str) -> Option<String> {
    dated(extractor, text, date).into_iter().find(|(t, _)| t == phrase).map(|(_, id)| id)
}

fn problems(files: &[(&str, &str)]) -> Vec<String> {
    let mut b = GazetteerBuilder::new();
    b.bundled();
    for (name, text) in files {
        b.add_str(name, GazetteerFormat::Toml, text);
    }
    match b.build() {
        Ok(_) => Vec::new(),
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Gazetteer);
            e.problems().iter().map(|p| p.to_string()).collect()
        }
    }
}

#[test]
fn a_patch_file_adds_an_alias_ends_a_term_starts_one_and_drops_an_entity() {
    let g = with_overlays(&["new-government.toml"]);
    let russia = g.entity(g.get("russia").unwrap());
    let kremlin = russia.aliases.iter().find(|a| a.text == "Kremlin").expect("alias added");
    let at = kremlin.location(russia).to_string();
    assert!(at.ends_with("overlays/new-government.toml:16"), "{at}");
    assert!(g.get("sco").is_none(), "the disabled organisation is gone");
    assert!(bundled().get("sco").is_some());

    let extractor = Extractor::new(&g).unwrap();
    let text = "The Japanese prime minister spoke to the Kremlin, and so did the prime minister \
                of Japan.";
    for (date, pm) in [("2027-02-28", "sanae-takaichi"), ("2027-03-01", "kenji-aoyama")] {
        let found = dated(&extractor, text, date);
        let pms: Vec<&str> = found
            .iter()
            .filter(|(t, _)| t == "prime minister")
            .map(|(_, id)| id.as_str())
            .collect();
        assert_eq!(pms, [pm, pm], "{date}: {found:?}");
        assert!(found.contains(&("Kremlin".to_string(), "russia".to_string())), "{found:?}");
    }
    // The bundled gazetteer alone knows no successor: the old holder stays.
    assert_eq!(
        role_holder(bundled_extractor(), text, "prime minister", "2027-03-01").as_deref(),
        Some("sanae-takaichi")
    );
    // A term ended without a successor: no one is the French president then.
    let text = "The French president arrived.";
    assert_eq!(
        role_holder(&extractor, text, "president", "2027-05-13").as_deref(),
        Some("emmanuel-macron")
    );
    assert_eq!(role_holder(&extractor, text, "president", "2027-05-14"), None);
    // The SCO is not found once dropped.
    assert!(dated(&extractor, "The SCO met.", "2027-01-01").is_empty());
}

#[test]
fn patch_files_apply_in_the_order_given_and_the_later_wins() {
    let takaichi_end = |g: &Gazetteer| {
        let e = g.entity(g.get("sanae-takaichi").unwrap());
        e.offices.iter().find(|o| o.title == "Prime Minister").unwrap().end
    };
    let ab = with_overlays(&["first.toml", "second.toml"]);
    assert_eq!(takaichi_end(&ab), Some(day("2027-02-01")));
    assert_eq!(ab.entity(ab.get("brics").unwrap()).label, "BRICS (second)");
    let ba = with_overlays(&["second.toml", "first.toml"]);
    assert_eq!(takaichi_end(&ba), Some(day("2027-01-01")));
    assert!(ba.get("brics").is_none(), "first.toml, given last, disables it");
    assert_ne!(ab.fingerprint(), ba.fingerprint());
    let changes: Vec<String> = ba.patches().iter().map(|p| p.changes.join("; ")).collect();
    assert_eq!(
        changes,
        [
            "ended term Prime Minister of japan on 2027-02-01",
            "label \"BRICS\" -> \"BRICS (second)\"; enabled",
            "ended term Prime Minister of japan on 2027-01-01",
            "label \"BRICS (second)\" -> \"BRICS (first)\"; disabled",
        ]
    );
}

#[test]
fn bad_patches_are_reported_with_file_and_line() {
    let text = r#"
[[patch]]
id = "no-such-country"
names = ["Nowhere"]

[[patch]]
id = "japan"
wikidata = "17"
end_offices = [{ title = "Prime Minister", of = "japan" }]

[[patch]]
id = "sanae-takaichi"
end_offices = [{ title = "President", of = "japan", end = "2027-01-01" }]

[[entity]]
id = "someone"
type = "leader"
label = "Someone"
names = ["Some One"]
offices = [{ title = "President", of = "france", start = "2027-01-01", replaces = "xi-jinping" }]
"#;
    assert_eq!(
        problems(&[("p.toml", text)]),
        [
            "p.toml:3: patch refers to unknown id `no-such-country`; patch an entity of a loaded gazetteer (check a patch of the bundled ones with `entgraph gazetteer check --with-bundled`); to add an entity, write an [[entity]] table",
            "p.toml:8: `wikidata` value `17` is not valid; a Wikidata QID is Q and digits, e.g. Q148",
            "p.toml:9: a term to end needs `title`, `of` and `end`; write { title = \"President\", of = \"country-id\", end = \"YYYY-MM-DD\" }",
            "p.toml:13: no term as President of `japan` runs past 2027-01-01; check the title, `of` and dates (`entgraph gazetteer show ID` lists the terms)",
            "p.toml:20: `replaces`: `xi-jinping` holds no term as President of `france` on 2027-01-01; check the id, the title and the dates (`entgraph gazetteer holders ...`)",
            "p.toml:20: President of `france`: `someone` from 2027-01-01 overlaps `emmanuel-macron` (2017-05-14 to today); fix the dates (a term ends on its successor's first day; `replaces = \"id\"` on a new term ends the old one), mark a stand-in's term acting = true, or a collegial office shared = true",
        ]
    );
    // Without `replaces`, a new holder overlaps the bundled one, and the hint says
    // what to write.
    let overlap = problems(&[(
        "q.toml",
        "[[entity]]\nid = \"someone\"\ntype = \"leader\"\nlabel = \"Someone\"\nnames = [\"Some One\"]\n\
         offices = [{ title = \"Prime Minister\", of = \"japan\", start = \"2027-01-01\" }]\n",
    )]);
    assert_eq!(overlap.len(), 1, "{overlap:?}");
    assert!(
        overlap[0].starts_with("q.toml:6: Prime Minister of `japan`: `someone`"),
        "{overlap:?}"
    );
    assert!(overlap[0].contains("`replaces = \"id\"` on a new term ends the old one"));
}

#[test]
fn the_fingerprint_covers_contents_not_file_names() {
    let text = std::fs::read_to_string(data("overlays/new-government.toml")).unwrap();
    let fingerprint = |name: &str, text: &str| {
        let mut b = GazetteerBuilder::new();
        b.bundled().add_str(name, GazetteerFormat::Toml, text);
        b.build().unwrap().fingerprint()
    };
    assert_eq!(fingerprint("a.toml", &text), fingerprint("elsewhere/b.toml", &text));
    assert_ne!(
        fingerprint("a.toml", &text),
        fingerprint("a.toml", &text.replace("Kremlin", "Kreml"))
    );
    assert_ne!(fingerprint("a.toml", &text), bundled().fingerprint());
}

#[test]
fn acting_holders_serve_in_role_phrases_the_same_way_everywhere() {
    let text = "The South Korean president spoke.";
    let extractor = bundled_extractor();
    for (date, who) in [
        ("2024-12-01", "yoon-suk-yeol"),
        ("2025-01-10", "choi-sang-mok"),
        ("2025-04-10", "han-duck-soo"),
        ("2025-07-01", "lee-jae-myung"),
    ] {
        assert_eq!(role_holder(extractor, text, "president", date).as_deref(), Some(who), "{date}");
    }
    // Another country, the same model: El Salvador's designated president while
    // Bukele was on leave.
    let text = "The Salvadoran president spoke.";
    assert_eq!(
        role_holder(extractor, text, "president", "2024-01-15").as_deref(),
        Some("claudia-rodriguez-de-guevara")
    );
    // No separate `Acting ...` titles are left in the bundled files, but Assaat's:
    // he acted for a member state of the federation Sukarno presided over, not for
    // Sukarno (gazetteers/SOURCES.md).
    let g = bundled();
    let acting_titles: Vec<&str> = g
        .iter()
        .filter(|(_, e)| e.offices.iter().any(|o| o.title.starts_with("Acting ")))
        .map(|(_, e)| e.id.as_str())
        .collect();
    assert_eq!(acting_titles, ["assaat"]);
    // --explain says "acting".
    let explaining = Extractor::with_config(g, ResolverConfig::new().explain(true)).unwrap();
    let doc =
        explaining.extract_dated("The South Korean president spoke.", Some(day("2025-01-10")));
    let note =
        doc.decisions.iter().find(|d| d.chosen.is_some_and(|c| g.entity(c).id == "choi-sang-mok"));
    assert!(note.is_some_and(|d| d.note.contains("acting president")), "{:?}", doc.decisions);
    // Two acting terms may not overlap each other.
    let overlap = problems(&[(
        "a.toml",
        "[[entity]]\nid = \"someone\"\ntype = \"leader\"\nlabel = \"Someone\"\nnames = [\"Some One\"]\n\
         offices = [{ title = \"President\", of = \"south-korea\", start = \"2025-01-01\", end = \"2025-02-01\", acting = true }]\n",
    )]);
    assert_eq!(overlap.len(), 1, "{overlap:?}");
    assert!(overlap[0].contains("overlaps `choi-sang-mok`"), "{overlap:?}");
}

#[test]
fn as_of_is_read_recorded_and_checked() {
    assert_eq!(bundled().as_of(), Some(day("2025-10-01")));
    // Every bundled file says its date; under the default roles the deputies' file
    // contributes no entity, so its date is not the gazetteer's.
    let all = entgraph::GazetteerBuilder::new()
        .bundled()
        .roles(entgraph::gazetteer::Roles::All)
        .build()
        .unwrap();
    assert_eq!(all.file_dates().len(), entgraph::gazetteer::BUNDLED_FILES.len());
    assert_eq!(bundled().file_dates().len(), entgraph::gazetteer::BUNDLED_FILES.len() - 1);
    assert_eq!(
        problems(&[("d.toml", "as_of = \"last week\"\n")]),
        [
            "d.toml:1: `as_of` date `last week` is not a date; write as_of = \"YYYY-MM-DD\", the day the file's facts are current to"
        ]
    );
    // A run dated after `as_of` warns once, however many documents are later.
    let corpus = "{\"id\": \"a\", \"text\": \"China and Russia.\", \"date\": \"2027-01-01\"}\n\
                  {\"id\": \"b\", \"text\": \"China and India.\", \"date\": \"2027-02-01\"}\n";
    let out = Cmd::new().args(["extract", "--input-format", "jsonl", "-"]).stdin(corpus).run();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("is later than 2025-10-01").count(), 1, "{stderr}");
    assert!(stderr.contains("the date of document a, 2027-01-01"), "{stderr}");
    let graph: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(graph["graph"]["gazetteer_as_of"], "2025-10-01");
    // Not when the dates are earlier.
    let out = Cmd::new().args(["extract", "--date", "2025-06-01", "-"]).stdin("China.").run();
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("later than"));
    let out = Cmd::new().args(["extract", "--date", "2026-06-01", "-"]).stdin("China.").run();
    assert!(String::from_utf8_lossy(&out.stderr).contains("--date, 2026-06-01, is later than"));
}

#[test]
fn check_reports_every_patch_and_the_graph_records_them() {
    let file = data("overlays/new-government.toml");
    let out = Cmd::new().args(["gazetteer", "check", "--with-bundled"]).arg(&file).stdout();
    let f = file.display();
    let patches: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(
        patches,
        [
            format!("patch {f}:14: `russia`: added name \"Kremlin\""),
            format!(
                "patch {f}:18: `emmanuel-macron`: ended term President of france on 2027-05-14"
            ),
            format!("patch {f}:22: `sco`: disabled"),
            format!(
                "patch {f}:11: `sanae-takaichi`: ended term Prime Minister of japan on 2027-03-01, replaced by `kenji-aoyama`"
            ),
        ]
    );
    let out = Cmd::new()
        .args(["extract", "--date", "2025-01-01", "-g"])
        .arg(&file)
        .stdin("The Kremlin said so.")
        .stdout();
    let graph: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(graph["graph"]["gazetteer_patches"][0], "russia: added name \"Kremlin\"");
    assert_eq!(graph["nodes"][0]["id"], "russia");
}

#[test]
fn holders_lists_terms_with_their_source_and_show_prints_one_entity() {
    let out =
        Cmd::new().args(["gazetteer", "holders", "south-korea", "--date", "2025-01-10"]).stdout();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "of\toffice\tholder\tlabel\tstart\tend\tacting\tsource");
    assert!(
        lines.iter().any(|l| l.starts_with(
            "south-korea\tPresident\tchoi-sang-mok\tChoi Sang-mok\t2024-12-27\t2025-03-24\tacting\tgazetteers/leaders/g20-rest.toml:"
        )),
        "{out}"
    );
    assert!(!out.contains("yoon-suk-yeol"), "the suspended president does not serve: {out}");
    let all = Cmd::new().args(["gazetteer", "holders", "President of South Korea"]).stdout();
    assert!(all.contains("\tyoon-suk-yeol\t") && all.contains("\tsyngman-rhee\t"), "{all}");
    assert!(!all.contains("Prime Minister"));
    let kiribati = Cmd::new()
        .args(["gazetteer", "holders", "Chairman of the Council of State of Kiribati"])
        .stdout();
    assert!(
        kiribati.contains("\tata-teaotai\t") && !kiribati.contains("\tPresident\t"),
        "{kiribati}"
    );
    for query in ["İstanbul of the İ", "Président of İ"] {
        let out = Cmd::new().args(["gazetteer", "holders", query]).run();
        assert_eq!(out.status.code(), Some(2), "{query}");
    }
    let out = Cmd::new().args(["gazetteer", "holders", "Atlantis"]).run();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"Atlantis\" is neither"));

    let file = data("overlays/new-government.toml");
    let out = Cmd::new().args(["gazetteer", "show", "russia", "-g"]).arg(&file).stdout();
    assert!(out.starts_with("russia  (country, gazetteers/countries.toml:"), "{out}");
    assert!(out.contains("  wikidata     Q159\n"), "{out}");
    assert!(out.contains(&format!("\"Kremlin\" (name, proper)  {}:16", file.display())), "{out}");
    assert!(out.contains(&format!("patched      added name \"Kremlin\" ({}:14)", file.display())));
    let out = Cmd::new().args(["gazetteer", "show", "Sanae Takaichi", "-g"]).arg(&file).stdout();
    assert!(
        out.contains(&format!(
            "Prime Minister of japan, 2025-10-21 to 2027-03-01 (head-of-government)  {}:11",
            file.display()
        )),
        "{out}"
    );
}

#[test]
fn exported_files_give_byte_identical_graphs() {
    let dir = tempfile::tempdir().unwrap();
    let listed = Cmd::new().args(["gazetteer", "export", "--dir"]).arg(dir.path()).stdout();
    assert_eq!(listed.lines().count(), entgraph::gazetteer::BUNDLED_FILES.len());
    let mut sorted: Vec<&str> = listed.lines().collect();
    sorted.sort();
    assert_eq!(sorted, listed.lines().collect::<Vec<_>>(), "paths sort in load order");
    let again = Cmd::new().args(["gazetteer", "export", "--dir"]).arg(dir.path()).run();
    assert_eq!(again.status.code(), Some(2), "no overwriting without --force");
    for input in [
        vec!["examples/article.txt".to_string()],
        vec![
            "--input-format".to_string(),
            "jsonl".to_string(),
            data("corpus.jsonl").display().to_string(),
        ],
        vec![data("corpus").display().to_string()],
    ] {
        for format in ["json", "gexf"] {
            let bundled = Cmd::new().args(["extract", "-f", format]).args(&input).stdout();
            let exported = Cmd::new()
                .args(["extract", "-f", format, "--no-default-gazetteers", "-g"])
                .arg(dir.path())
                .args(&input)
                .stdout();
            assert!(bundled == exported, "{input:?} {format}: the graphs differ");
            assert!(bundled.contains("\"gazetteer\"") || format == "gexf");
        }
    }
}

#[test]
fn the_refresh_script_turns_query_results_into_a_report_and_an_overlay() {
    let Some(python) = crate::util::python_with("tomllib") else { return };
    let script = data("../../scripts/gazetteer/refresh.py");
    let query =
        crate::util::run_reader(std::process::Command::new(&python).arg(&script).arg("query"));
    assert!(query.contains("wd:Q17 ") && query.contains("wdt:P1313 ?office"), "{query}");

    let dir = tempfile::tempdir().unwrap();
    let (report, overlay) = (dir.path().join("changes.txt"), dir.path().join("refresh.toml"));
    crate::util::run_reader(
        std::process::Command::new(&python)
            .arg(&script)
            .arg("compare")
            .arg(data("refresh/positions.json"))
            .arg("--report")
            .arg(&report)
            .arg("--overlay")
            .arg(&overlay),
    );
    let read = |p: &std::path::Path| std::fs::read_to_string(p).unwrap();
    assert_eq!(read(&report), crate::util::read("refresh/expected-report.txt"));
    assert_eq!(read(&overlay), crate::util::read("refresh/expected-overlay.toml"));

    // The overlay applied changes who holds the office.
    let holders = |extra: &[&std::path::Path]| {
        let mut cmd = Cmd::new().args(["gazetteer", "holders", "japan", "--date", "2027-03-02"]);
        for p in extra {
            cmd = cmd.arg("-g").arg(p);
        }
        cmd.stdout()
    };
    let before = holders(&[]);
    assert!(before.contains("\tsanae-takaichi\t") && !before.contains("kenji-aoyama"), "{before}");
    let after = holders(&[&overlay]);
    assert!(after.contains("\tkenji-aoyama\tKenji Aoyama\t2027-03-01\t"), "{after}");
    assert!(!after.contains("sanae-takaichi"), "{after}");
    let ishiba =
        Cmd::new().args(["gazetteer", "show", "shigeru-ishiba", "-g"]).arg(&overlay).stdout();
    assert!(ishiba.contains("  wikidata     Q99999901\n"), "{ishiba}");

    // Bad input is a clear error, not a traceback.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"head\": {}}").unwrap();
    let out =
        std::process::Command::new(&python).arg(&script).arg("compare").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not SPARQL JSON results"));
}

#[test]
fn the_worked_example_of_the_gazetteer_readme_does_what_it_says() {
    let readme = std::fs::read_to_string(data("../../gazetteers/README.md")).unwrap();
    let block = readme
        .split("<!-- overlay example")
        .nth(1)
        .and_then(|rest| rest.split("```toml\n").nth(1))
        .and_then(|rest| rest.split("```").next())
        .expect("the README has the overlay example");
    let mut b = GazetteerBuilder::new();
    b.bundled().add_str("changes.toml", GazetteerFormat::Toml, block);
    let g = b.build().unwrap_or_else(|e| panic!("{e}"));
    let extractor = Extractor::new(&g).unwrap();
    for phrase in [
        "The Japanese prime minister met the Kremlin's envoy.",
        "The prime minister of Japan met the Kremlin's envoy.",
        "Japan's prime minister met the Kremlin's envoy.",
    ] {
        for (date, who) in [("2027-02-28", "sanae-takaichi"), ("2027-03-01", "kenji-aoyama")] {
            assert_eq!(
                role_holder(&extractor, phrase, "prime minister", date).as_deref(),
                Some(who),
                "{phrase} {date}"
            );
            assert_eq!(role_holder(&extractor, phrase, "Kremlin", date).as_deref(), Some("russia"));
        }
    }
}
