// Confidence: each mention's probability of being right, `--min-confidence`, the
// confidence sums of the graph, and the script that fits the model. Every
// sentence here was written for these tests.

use entgraph::resolve::confidence::{ConfidenceModel, NUMERIC};
use entgraph::{Extractor, GraphBuilder, ResolverConfig, Rule};

use crate::util::{Cmd, bundled, bundled_extractor, data};

/// `(text, confidence)` of every mention.
fn graded(extractor: &Extractor, text: &str) -> Vec<(String, f32)> {
    extractor
        .extract(text)
        .mentions
        .iter()
        .map(|m| (text[m.span.range()].to_string(), m.confidence))
        .collect()
}

fn confidence_of(list: &[(String, f32)], surface: &str, nth: usize) -> f32 {
    list.iter().filter(|(t, _)| t == surface).nth(nth).unwrap_or_else(|| panic!("{surface}")).1
}

#[test]
fn confidences_are_probabilities_that_follow_the_evidence() {
    let e = bundled_extractor();
    let text = "The storm reached Turkey on Monday. We ate turkey at dinner, \
                and the Turkey team lost its match.";
    let weak = graded(e, text);
    let text = "Turkey and Greece signed a treaty in Ankara. Recep Tayyip Erdoğan said \
                Turkey would keep its word.";
    let strong = graded(e, text);
    for (t, p) in weak.iter().chain(&strong) {
        assert!(*p > 0.0 && *p < 1.0, "{t}: {p} is no probability");
    }
    // A word the document also writes in lower case is less sure than the same
    // name beside a related leader and another country.
    assert!(
        confidence_of(&weak, "Turkey", 0) < confidence_of(&strong, "Turkey", 0),
        "{weak:?} {strong:?}"
    );
    // Not a constant per alias kind any more: two names, two confidences.
    let names: Vec<f32> = strong.iter().map(|(_, p)| *p).collect();
    assert!(names.windows(2).any(|w| w[0] != w[1]), "{strong:?}");
}

#[test]
fn features_say_what_the_model_read() {
    let g = bundled();
    let extractor = Extractor::with_config(g, ResolverConfig::new().features(true)).unwrap();
    let text = "Vladimir Putin flew to Beijing. Later Putin met the press in China.";
    let doc = extractor.extract(text);
    assert_eq!(doc.features.len(), doc.mentions.len());
    let at = |name: &str| NUMERIC.iter().position(|n| *n == name).unwrap();
    let surname = doc
        .features
        .iter()
        .find(|f| &text[f.span.range()] == "Putin")
        .expect("the surname has features");
    assert_eq!(surname.rule, "introduced-surname");
    assert_eq!(surname.kind, "surname");
    assert_eq!(surname.values[at("full_name_before")], 1.0);
    assert_eq!(surname.values[at("one_word")], 1.0);
    let full = doc.features.iter().find(|f| &text[f.span.range()] == "Vladimir Putin").unwrap();
    assert_eq!(full.values[at("full_name_before")], 0.0);
    assert_eq!(full.values[at("opens_sentence")], 1.0);
    let china = doc.features.iter().find(|f| &text[f.span.range()] == "China").unwrap();
    assert_eq!(china.values[at("compass_before")], 0.0);
    // A compass word before a country names a region of it: no mention, so
    // nothing to grade.
    let text = "Floods hit northern Italy and south-eastern France.";
    let doc = extractor.extract(text);
    assert!(doc.features.is_empty() && doc.mentions.is_empty(), "{:?}", doc.features);
    // Without asking, nothing is recorded.
    assert!(bundled_extractor().extract(text).features.is_empty());
}

#[test]
fn min_confidence_drops_mentions_before_the_graph() {
    let g = bundled();
    let text = "We ate turkey at dinner, and the Turkey team lost. \
                Turkey and Russia signed a deal in Moscow.";
    let all = bundled_extractor().extract(text);
    let lowest = all.mentions.iter().map(|m| m.confidence).fold(1.0f32, f32::min);
    let highest = all.mentions.iter().map(|m| m.confidence).fold(0.0f32, f32::max);
    assert!(lowest < highest, "the mentions differ in confidence: {:?}", all.mentions);
    let config = ResolverConfig::new().min_confidence(highest).explain(true);
    let extractor = Extractor::with_config(g, config).unwrap();
    let kept = extractor.extract(text);
    assert!(!kept.mentions.is_empty() && kept.mentions.len() < all.mentions.len());
    assert!(kept.mentions.iter().all(|m| m.confidence >= highest));
    assert!(
        kept.decisions.iter().any(|d| d.rule == Rule::LowConfidence && d.chosen.is_none()),
        "{:?}",
        kept.decisions
    );
    // The graph counts what was kept.
    let count = |doc: &entgraph::Extraction| {
        let mut b = GraphBuilder::new(g);
        b.add_document(doc);
        b.build().nodes().map(|n| n.count).sum::<u64>()
    };
    assert_eq!(count(&kept), kept.mentions.len() as u64);
    assert!(count(&kept) < count(&all));
}

#[test]
fn graph_confidence_sums_beside_the_counts() {
    let g = bundled();
    let e = bundled_extractor();
    let a = "China and Russia signed a deal. China said it would last.";
    let b = "Russia and China met again. Brazil watched.";
    let (da, db) =
        (e.extract(entgraph::Document::new("a", a)), e.extract(entgraph::Document::new("b", b)));
    let mut one = GraphBuilder::new(g);
    one.add_document(&da);
    one.add_document(&db);
    let graph = one.build();
    let china = graph.node("china").unwrap();
    let expected: f64 = da
        .mentions
        .iter()
        .chain(&db.mentions)
        .filter(|m| g.entity(m.entity).id == "china")
        .map(|m| (f64::from(m.confidence) * 1000.0).round())
        .sum::<f64>()
        / 1000.0;
    assert_eq!(china.count, 3);
    assert!((china.confidence_sum - expected).abs() < 1e-9, "{} {expected}", china.confidence_sum);
    let edge = graph.edge("china", "russia").unwrap();
    assert_eq!(edge.weight, 2);
    assert!(edge.confidence_sum > 0.0 && edge.confidence_sum < 2.0, "{}", edge.confidence_sum);
    // Two halves merged give the same sums, whatever the order.
    let half = |doc: &entgraph::Extraction| {
        let mut b = GraphBuilder::new(g);
        b.add_document(doc);
        b.build()
    };
    for merged in [half(&da).merge(half(&db)).unwrap(), half(&db).merge(half(&da)).unwrap()] {
        assert_eq!(merged.node("china").unwrap().confidence_sum, china.confidence_sum);
        assert_eq!(merged.edge("china", "russia").unwrap().confidence_sum, edge.confidence_sum);
    }
    // Every format carries it.
    let json = entgraph::JsonExporter::new().to_string(&graph);
    assert!(json.contains("\"confidence_sum\""), "{json}");
    let gexf = entgraph::GexfExporter::new().to_string(&graph);
    assert!(
        gexf.contains(
            "<attribute id=\"confidence_sum\" title=\"confidence_sum\" type=\"double\"/>"
        )
    );
    let graphml = entgraph::GraphmlExporter::new().to_string(&graph);
    assert!(graphml.contains("attr.name=\"confidence_sum\" attr.type=\"double\""));
    let dot = entgraph::DotExporter::new().to_string(&graph);
    assert!(dot.contains("confidence_sum=\""), "{dot}");
    let csv = entgraph::CsvExporter::new();
    assert!(
        csv.nodes_to_string(&graph)
            .starts_with("Id,Label,type,wikidata,wikipedia,count,confidence_sum,")
    );
    assert!(
        csv.edges_to_string(&graph).starts_with("Id,Source,Target,Type,Weight,confidence_sum,")
    );
}

#[test]
fn the_command_line_takes_min_confidence_and_features() {
    let text = "Xi Jinping met Vladimir Putin. Xi said the talks went well.";
    let out = Cmd::new()
        .args(["extract", "--format", "mentions", "--features", "-"])
        .stdin(text)
        .stdout();
    let line: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let m = &line["mentions"][0];
    assert_eq!(m["features"]["rule:unique-alias"], 1.0, "{m}");
    assert_eq!(m["features"]["type:leader"], 1.0, "{m}");
    assert!(m["confidence"].as_f64().unwrap() < 1.0);
    // Everything dropped at the top.
    let out = Cmd::new()
        .args(["extract", "--format", "json", "--min-confidence", "1", "-"])
        .stdin(text)
        .stdout();
    let graph: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(graph["nodes"].as_array().unwrap().len(), 0, "{graph}");
    assert_eq!(graph["graph"]["min_confidence"], 1.0);
    // Bad values are refused, with what to do.
    for (args, says) in [
        (&["--min-confidence", "1.5"][..], "not a probability"),
        (&["--min-confidence", "high"][..], "not a number"),
        (&["--features", "--format", "json"][..], "--features is an option of --format mentions"),
    ] {
        let out = Cmd::new().arg("extract").args(args).arg("-").stdin(text).run();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn graphs_made_with_other_minimum_confidences_do_not_merge() {
    let dir = tempfile::tempdir().unwrap();
    let shard = |name: &str, text: &str, min: &str| {
        let input = dir.path().join(format!("{name}.txt"));
        std::fs::write(&input, text).unwrap();
        let path = dir.path().join(name);
        Cmd::new().args(["extract", "--min-confidence", min, "-o"]).arg(&path).arg(&input).stdout();
        path
    };
    let a = shard("a.json", "China and Russia signed a deal.", "0.5");
    let b = shard("b.json", "Russia and China met again.", "0.5");
    let c = shard("c.json", "Brazil and China met.", "0");
    let merged = Cmd::new().args(["merge"]).arg(&a).arg(&b).stdout();
    assert!(merged.contains("\"min_confidence\": 0.5"), "{merged}");
    let out = Cmd::new().args(["merge"]).arg(&a).arg(&c).run();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("min_confidence"), "{err}");
    assert!(err.contains("--min-confidence"), "{err}");
}

#[test]
fn the_fitting_script_fits_a_model_the_resolver_reads() {
    let Some(python) = crate::util::python_with("json") else { return };
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.json");
    let out = crate::util::run_reader(
        std::process::Command::new(&python)
            .arg(data("../../scripts/confidence/fit.py"))
            .arg("--binary")
            .arg(env!("CARGO_BIN_EXE_entgraph"))
            .arg("--gold")
            .arg(data("confidence/gold.jsonl"))
            .args(["--folds", "2", "--l2", "0.3", "--out"])
            .arg(&model),
    );
    // The calibration table of held-out folds, for the set and for all.
    assert!(out.contains("gold.jsonl: 24 mentions, 0.917 right"), "{out}");
    assert!(out.contains("| predicted | mentions | mean predicted | observed | difference |"));
    assert!(out.contains("\nall: 24 mentions"), "{out}");
    let text = std::fs::read_to_string(&model).unwrap();
    let parsed = ConfidenceModel::parse("model.json", &text).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let w = |k: &str| json["weights"][k].as_f64().unwrap_or_else(|| panic!("{k}: {json}"));
    // The two wrong mentions of the fixture are a word it also writes in lower
    // case ("the Turkey team" beside "turkey"): the fit learns to doubt that.
    assert!(w("lower_elsewhere") < 0.0, "{json}");
    // A rule the fit never saw is taken for an average rule.
    let rules: Vec<f64> = json["weights"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| k.starts_with("rule:") && *k != "rule:?")
        .map(|(_, v)| v.as_f64().unwrap())
        .collect();
    let mean = rules.iter().sum::<f64>() / rules.len() as f64;
    assert!((w("rule:?") - mean).abs() < 1e-3, "{json}");
    // The fitted model grades mentions.
    let config = ResolverConfig::new().confidence_model(parsed);
    let extractor = Extractor::with_config(bundled(), config).unwrap();
    let doc = extractor.extract("We ate turkey at dinner, and the Turkey team lost.");
    assert!(doc.mentions.iter().all(|m| m.confidence < 0.9), "{:?}", doc.mentions);
}
