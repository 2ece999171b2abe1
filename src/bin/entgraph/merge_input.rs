//! Reading the graphs given to `merge`, and refusing those whose sums would not
//! be the graph of one run.
//!
//! An input is a file, `-` (standard input), or either gzip-compressed (a name
//! ending `.gz`, or the gzip magic bytes on standard input), and holds one graph
//! or several one after another (one per line, as a pipeline that collects the
//! outputs of many runs writes them). Each graph is checked before it is merged:
//! a version of entgraph's format it knows, run-wide counts that are whole
//! numbers, counts that fit together (no edge seen in more documents than the
//! graph has), and no edge twice; `main` refuses a document that another input
//! already holds ([`entgraph::graph::MergeInputs`]).

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use entgraph::CooccurrenceGraph;
use entgraph::export::read_json;
use entgraph::graph::EdgeKind;

/// One graph of an input: its name for messages (`a.json`, or `a.json:3` when the
/// input holds several) and its JSON text.
pub struct Part {
    pub name: String,
    pub text: String,
}

/// The graphs of one input, as text.
pub fn read(path: &Path) -> Result<Vec<Part>> {
    let name = if path.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    }
    .with_context(|| format!("could not read {name}"))?;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut plain = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_end(&mut plain)
            .with_context(|| format!("could not read {name}: broken gzip data"))?;
        bytes = plain;
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        super::usage(format!(
            "{name}: not an entgraph JSON graph: invalid UTF-8 at byte {}",
            e.utf8_error().valid_up_to()
        ))
    })?;
    // The graphs one after another: each value's extent, by a streaming parse
    // that builds nothing.
    let mut ends = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(&text).into_iter::<serde::de::IgnoredAny>();
    loop {
        match stream.next() {
            None => break,
            Some(Ok(_)) => ends.push(stream.byte_offset()),
            // Reported with its line and column by `read_json`.
            Some(Err(_)) => {
                ends.push(text.len());
                break;
            }
        }
    }
    if ends.is_empty() {
        return Err(super::usage(format!("{name}: empty: it holds no graph")));
    }
    let several = ends.len() > 1;
    let mut start = 0;
    let mut parts = Vec::with_capacity(ends.len());
    for end in ends {
        let piece = &text[start..end];
        let skipped = piece.len() - piece.trim_start().len();
        let line = text[..start + skipped].matches('\n').count() + 1;
        parts.push(Part {
            name: if several { format!("{name}:{line}") } else { name.clone() },
            text: piece.to_string(),
        });
        start = end;
    }
    Ok(parts)
}

/// The major version of the JSON graphs this build reads.
const MAJOR: &str = "0";

/// Reads and checks one graph.
pub fn graph(part: &Part) -> Result<CooccurrenceGraph> {
    let name = &part.name;
    let bad = |what: String| super::usage(format!("cannot merge {name}: {what}"));
    #[derive(serde::Deserialize)]
    struct Head {
        #[serde(default)]
        graph: serde_json::Map<String, serde_json::Value>,
    }
    let head: Head = serde_json::from_str(&part.text).unwrap_or(Head { graph: Default::default() });
    match head.graph.get("version").and_then(|v| v.as_str()) {
        None => {
            return Err(bad(
                "it records no entgraph version (graph.version); merge reads the JSON graphs \
                 that entgraph extract writes"
                    .into(),
            ));
        }
        Some(v) if v.split('.').next() != Some(MAJOR) => {
            return Err(bad(format!(
                "it was written by entgraph {v}, whose format this version ({}) does not know; \
                 merge it with that version, or extract it again",
                env!("CARGO_PKG_VERSION")
            )));
        }
        Some(_) => {}
    }
    for key in ["documents", "units", "evidence_limit"] {
        match head.graph.get(key) {
            Some(v) if !(v.is_u64() || key == "evidence_limit" && v.is_null()) => {
                return Err(bad(format!(
                    "graph.{key} is {v}, not a whole number of 0 or more; the file was edited \
                     or damaged: extract it again"
                )));
            }
            _ => {}
        }
    }
    let graph = read_json(name, &part.text)?;
    let meta = &graph.meta;
    let damaged =
        |what: String| bad(format!("{what}; the file was edited or damaged: extract it again"));
    for n in graph.nodes() {
        if n.documents > meta.documents || n.units > meta.units || n.documents > n.count {
            return Err(damaged(format!(
                "node {} is in {} documents and {} units, with {} mentions, of a graph of {} \
                 documents and {} units",
                n.id, n.documents, n.units, n.count, meta.documents, meta.units
            )));
        }
        if !(0.0..=n.count as f64).contains(&n.confidence_sum) {
            return Err(damaged(format!(
                "node {} has confidence_sum {}, outside 0 to its {} mentions",
                n.id, n.confidence_sum, n.count
            )));
        }
    }
    let mut last: Option<(EdgeKind, &str, &str)> = None;
    for (a, b, e) in graph.edges() {
        let key = (e.kind, a.id.as_str(), b.id.as_str());
        if last == Some(key) {
            return Err(damaged(format!("the edge {} -- {} is there twice", a.id, b.id)));
        }
        last = Some(key);
        if e.kind != EdgeKind::Cooccurrence {
            continue;
        }
        if !(0.0..=e.weight as f64).contains(&e.confidence_sum) {
            return Err(damaged(format!(
                "the edge {} -- {} has confidence_sum {}, outside 0 to its weight {}",
                a.id, b.id, e.confidence_sum, e.weight
            )));
        }
        if e.documents > meta.documents
            || e.weight > meta.units
            || e.documents > e.weight
            || e.weight == 0
            || meta.evidence_limit.is_some_and(|l| e.evidence.len() > l)
        {
            return Err(damaged(format!(
                "the edge {} -- {} has weight {} in {} documents, with {} evidence, in a graph \
                 of {} documents and {} units (evidence limit {})",
                a.id,
                b.id,
                e.weight,
                e.documents,
                e.evidence.len(),
                meta.documents,
                meta.units,
                meta.evidence_limit.map_or("none".to_string(), |l| l.to_string())
            )));
        }
    }
    Ok(graph)
}
