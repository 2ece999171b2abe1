//! The HTML view (`-f html`): the page embeds the JSON export unchanged, and in
//! headless Chromium it loads offline without console errors, draws every node in
//! view, a real click on an edge shows its evidence with both names marked, and
//! the minimum weight slider hides the lighter edges.
//!
//! The browser test needs Node.js with `playwright-core` (found through
//! `NODE_PATH`, as `.ci/run` sets it) and Chromium (`/usr/bin/chromium`, or
//! `ENTGRAPH_CHROMIUM`); without them it is skipped with a note, unless
//! `ENTGRAPH_REQUIRE_READERS=1` (as in CI).

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::golden::{CASES, diff};
use crate::util::{Cmd, node_with, reader_script, run_reader};

/// The pages to check: every golden case, and the example article with dates
/// and background edges.
fn pages() -> Vec<(String, String, Value)> {
    let mut out: Vec<(String, String, Value)> = CASES
        .iter()
        .map(|c| {
            let json = serde_json::from_str(&c.run("json")).unwrap();
            (c.name.to_string(), c.run("html"), json)
        })
        .collect();
    let example = |format: &str| {
        Cmd::new()
            .args(["extract", "-q", "--knowledge", "--date", "2024-05", "examples/article.txt"])
            .args(["-f", format])
            .stdout()
    };
    out.push(("example".into(), example("html"), serde_json::from_str(&example("json")).unwrap()));
    // Each page again with the fields that newer JSON has: the page must use them.
    let newer: Vec<(String, String, Value)> = out
        .iter()
        .map(|(name, html, json)| {
            let json = with_newer_fields(json);
            (format!("{name}-newer"), with_data(html, &json), json)
        })
        .collect();
    out.extend(newer);
    out
}

/// `json` as newer versions write it: edges once, under `links`; a `documents`
/// table with dates, titles and links, and `doc_ids` on nodes and edges; a
/// `community` on nodes; evidence offsets in code points (`source`, `target`,
/// `start`) and UTF-16 (`source_utf16`, `target_utf16`, `start_utf16`), each
/// here counted from a sentence that starts at 1000.
fn with_newer_fields(json: &Value) -> Value {
    let mut json = json.clone();
    let object = json.as_object_mut().unwrap();
    object.remove("edges");
    let mut docs: Vec<String> = Vec::new();
    let mut node_docs: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for edge in object["links"].as_array_mut().unwrap() {
        let mut ids: Vec<String> = Vec::new();
        for ev in edge.get_mut("evidence").and_then(Value::as_array_mut).into_iter().flatten() {
            let id = ev["doc"].as_str().unwrap().to_string();
            if !docs.contains(&id) {
                docs.push(id.clone());
            }
            if !ids.contains(&id) {
                ids.push(id);
            }
            let text = ev["text"].as_str().unwrap().to_string();
            // Byte offsets: under `_bytes` where the export gives them, else the
            // plain keys (older exports).
            let start = ev.get("start_bytes").unwrap_or(&ev["start"]).as_u64().unwrap() as usize;
            for end in ["source", "target"] {
                let key = format!("{end}_bytes");
                let pair = ev.get(&key).unwrap_or(&ev[end]).clone();
                let bytes: Vec<usize> =
                    (0..2).map(|k| pair[k].as_u64().unwrap() as usize - start).collect();
                let cps: Vec<usize> =
                    bytes.iter().map(|&b| 1000 + text[..b].chars().count()).collect();
                let units: Vec<usize> =
                    bytes.iter().map(|&b| 1000 + text[..b].encode_utf16().count()).collect();
                ev[end] = serde_json::json!(cps);
                ev[format!("{end}_utf16")] = serde_json::json!(units);
            }
            ev["start"] = 1000.into();
            ev["start_utf16"] = 1000.into();
        }
        for end in ["source", "target"] {
            let node = edge[end].as_str().unwrap().to_string();
            node_docs.entry(node).or_default().extend(ids.iter().cloned());
        }
        edge["doc_ids"] = serde_json::json!(ids);
    }
    for (i, node) in object["nodes"].as_array_mut().unwrap().iter_mut().enumerate() {
        let mut ids = node_docs.remove(node["id"].as_str().unwrap()).unwrap_or_default();
        ids.sort();
        ids.dedup();
        node["doc_ids"] = serde_json::json!(ids);
        node["community"] = (i % 2).into();
    }
    let documents: Vec<Value> = docs
        .iter()
        .enumerate()
        .map(|(i, id)| {
            serde_json::json!({"id": id, "date": format!("2024-05-{:02}", i + 1),
                "title": format!("Title <{i}> of {id}"), "url": format!("https://example.org/{i}")})
        })
        .collect();
    object.insert("documents".into(), Value::Array(documents));
    json
}

/// `html` with other data in its data element, escaped as the exporter does.
fn with_data(html: &str, json: &Value) -> String {
    let old = embedded_json(html);
    let new = json.to_string().replace('<', "\\u003c");
    html.replacen(old, &new, 1)
}

/// The text of the one `<script type="application/json">` element.
fn embedded_json(html: &str) -> &str {
    let open = r#"<script type="application/json" id="graph-data">"#;
    assert_eq!(html.matches(open).count(), 1);
    let start = html.find(open).unwrap() + open.len();
    let len = html[start..].find("</script>").expect("the data element is closed");
    &html[start..start + len]
}

#[test]
fn html_embeds_the_json_export_safely() {
    for (name, html, json) in pages().into_iter().filter(|(name, ..)| !name.ends_with("-newer")) {
        assert!(html.starts_with("<!DOCTYPE html>\n"), "{name}");
        assert!(html.trim_end().ends_with("</html>"), "{name}");
        // Every script element opened is closed, and nothing but the page's own
        // elements close one: the data cannot end its element early.
        assert_eq!(html.matches("<script").count(), html.matches("</script>").count(), "{name}");
        assert_eq!(html.matches("<script").count(), 4, "{name}: data, Cytoscape.js, layout, view");
        let data = embedded_json(&html);
        assert!(!data.contains('<') && !data.contains('\u{2028}'), "{name}: escaped");
        let read: Value = serde_json::from_str(data).unwrap();
        if read != json {
            let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap();
            panic!("{name}: the page holds other data than the JSON export:\n{}", {
                diff(&pretty(&json), &pretty(&read))
            });
        }
        // Nothing is fetched: no external script, style sheet or image.
        for tag in ["<script src", "<link", "<img", "@import", "url("] {
            assert!(!html.contains(tag), "{name}: {tag}");
        }
    }
}

/// The text a mention has in its evidence sentence, found from the offsets the
/// JSON gives: UTF-16 (`source_utf16` with `start_utf16`), else code points
/// when UTF-16 offsets are given without their start, else UTF-8 bytes.
fn mention_text(ev: &Value, end: &str) -> String {
    let text = ev["text"].as_str().unwrap();
    let pair = |key: &str| -> Option<(usize, usize)> {
        let a = ev.get(key)?.as_array()?;
        Some((a[0].as_u64()? as usize, a[1].as_u64()? as usize))
    };
    let at = |key: &str| ev.get(key).and_then(Value::as_u64).map(|v| v as usize);
    let utf16_key = format!("{end}_utf16");
    if let (Some((s, e)), Some(start)) = (pair(&utf16_key), at("start_utf16")) {
        let units: Vec<u16> = text.encode_utf16().collect();
        String::from_utf16(&units[s - start..e - start]).unwrap()
    } else if pair(&utf16_key).is_some() {
        let (s, e) = pair(end).unwrap();
        let start = at("start").unwrap();
        text.chars().skip(s - start).take(e - s).collect()
    } else {
        let (s, e) = pair(end).unwrap();
        let start = at("start").unwrap();
        text[s - start..e - start].to_string()
    }
}

/// The names marked in a sentence, as `(class, text)` in text order.
type Marks = Vec<(String, String)>;

/// What the details panel should show for a click on the edge between `a` and
/// `b`: the evidence of every edge between the two, the co-occurrence first,
/// each as its document, its sentence and the names marked in it.
fn expected_evidence(json: &Value, a: &str, b: &str) -> Vec<(String, String, Marks)> {
    let edges = json.get("links").or(json.get("edges")).unwrap().as_array().unwrap();
    let mut between: Vec<&Value> = edges
        .iter()
        .filter(|e| {
            let (s, t) = (e["source"].as_str().unwrap(), e["target"].as_str().unwrap());
            (s, t) == (a, b) || (s, t) == (b, a)
        })
        .collect();
    between.sort_by_key(|e| e["kind"] != "cooccurrence");
    let mut out = Vec::new();
    for e in between {
        for ev in e.get("evidence").and_then(Value::as_array).into_iter().flatten() {
            let position = |end: &str| {
                let pair = ev.get(format!("{end}_utf16")).unwrap_or(&ev[end]);
                pair[0].as_u64().unwrap()
            };
            let mut marks = vec![
                (position("source"), "end-a".to_string(), mention_text(ev, "source")),
                (position("target"), "end-b".to_string(), mention_text(ev, "target")),
            ];
            marks.sort();
            let text = ev["text"].as_str().unwrap().to_string();
            // The document: its title and date when the file has a table of
            // documents, else its id.
            let doc = ev["doc"].as_str().unwrap();
            let known = json
                .get("documents")
                .and_then(Value::as_array)
                .and_then(|docs| docs.iter().find(|d| d["id"] == doc));
            // The page shows a known document by its title (its id when it has
            // none), then its date when it has one.
            let source = match known {
                Some(d) => {
                    let name = d["title"].as_str().unwrap_or(doc);
                    match d["date"].as_str() {
                        Some(date) => format!("{name} · {date}"),
                        None => name.to_string(),
                    }
                }
                None => doc.to_string(),
            };
            out.push((source, text, marks.into_iter().map(|(_, c, t)| (c, t)).collect()));
        }
    }
    out
}

#[test]
fn html_view_works_in_headless_chromium() {
    let Some(node) = node_with("playwright-core") else { return };
    let chromium =
        std::env::var("ENTGRAPH_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !std::path::Path::new(&chromium).exists() {
        if std::env::var("ENTGRAPH_REQUIRE_READERS").as_deref() == Ok("1") {
            panic!("{chromium} is missing, and ENTGRAPH_REQUIRE_READERS=1 requires it");
        }
        eprintln!("note: skipping the browser test: {chromium} is not available");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pages = pages();
    let files: Vec<PathBuf> = pages
        .iter()
        .map(|(name, html, _)| {
            let path = dir.path().join(format!("{name}.html"));
            std::fs::write(&path, html).unwrap();
            path
        })
        .collect();
    let out = run_reader(
        Command::new(&node)
            .arg(reader_script("check_html.js"))
            .args(&files)
            .env("ENTGRAPH_CHROMIUM", &chromium),
    );
    let results: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(results.len(), pages.len());
    for ((name, _, json), seen) in pages.iter().zip(&results) {
        assert_eq!(seen["errors"], Value::Array(vec![]), "{name}: errors in the page");
        assert_eq!(seen["requests"], Value::Array(vec![]), "{name}: the page fetched something");
        let nodes = json["nodes"].as_array().unwrap();
        assert_eq!(seen["nodes_total"], nodes.len(), "{name}");
        assert_eq!(seen["nodes_drawn"], nodes.len(), "{name}: nodes drawn in view");
        let mut labels: Vec<&str> = nodes.iter().map(|n| n["label"].as_str().unwrap()).collect();
        let mut names: Vec<&str> =
            seen["names"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
        labels.sort_unstable();
        names.sort_unstable();
        assert_eq!(names, labels, "{name}: names as given");

        let edges = json.get("links").or(json.get("edges")).unwrap().as_array().unwrap();
        assert_eq!(seen["edges_drawn"], edges.len(), "{name}: edges drawn");
        // (The slider ends at the largest weight.)
        let max = edges.iter().map(|e| e["weight"].as_u64().unwrap()).max().unwrap();
        let heavy = edges.iter().filter(|e| e["weight"].as_u64().unwrap() >= max.min(2)).count();
        assert_eq!(seen["edges_drawn_min_weight_2"], heavy, "{name}: edges of weight 2 or more");

        let legend: Vec<&str> =
            seen["legend"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
        let newer = json.get("documents").is_some();
        assert_eq!(
            legend.iter().any(|l| l.starts_with("community 0")),
            newer,
            "{name}: {legend:?}"
        );
        // A date slider when the documents have two dates or more.
        // The dates are the documents' where the table gives any, else the
        // nodes' and edges' first and last dates.
        let mut dates: std::collections::BTreeSet<&str> = json
            .get("documents")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|d| d["date"].as_str())
            .collect();
        if dates.is_empty() {
            for item in json["nodes"].as_array().unwrap().iter().chain(edges) {
                for key in ["first_seen", "last_seen"] {
                    dates.extend(item.get(key).and_then(Value::as_str));
                }
            }
        }
        assert_eq!(seen["date_slider"], dates.len() > 1, "{name}: date slider, dates {dates:?}");

        let clicked = &seen["clicked"];
        assert!(clicked.is_object(), "{name}: no edge with evidence was clicked");
        let (a, b) = (clicked["source"].as_str().unwrap(), clicked["target"].as_str().unwrap());
        let want = expected_evidence(json, a, b);
        assert!(!want.is_empty(), "{name}: the clicked edge has evidence");
        let shown: Vec<(String, String, Marks)> = clicked["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|ev| {
                let marks = ev["marks"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| (m[0].as_str().unwrap().into(), m[1].as_str().unwrap().into()))
                    .collect();
                let source = ev["source"].as_str().unwrap().to_string();
                (source, ev["text"].as_str().unwrap().to_string(), marks)
            })
            .collect();
        assert_eq!(shown, want, "{name}: evidence of {a} -- {b} as shown");
        let label = |id: &str| {
            nodes.iter().find(|n| n["id"] == id).unwrap()["label"].as_str().unwrap().to_string()
        };
        let title = clicked["title"].as_str().unwrap();
        assert!(
            title == format!("{} — {}", label(a), label(b))
                || title == format!("{} — {}", label(b), label(a)),
            "{name}: title {title:?}"
        );
    }
}
