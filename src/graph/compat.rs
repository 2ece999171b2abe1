//! Which graphs can be merged: those whose sums are the graph of one run, that
//! is, made with the same settings from documents that no two of them share.

use std::fmt;

use rustc_hash::FxHashMap as HashMap;

use super::CooccurrenceGraph;

/// Why two graphs cannot be merged.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MergeError {
    /// A setting differs: the sums would not be the graph of one run.
    Setting {
        /// The setting, as named in messages (`scope`, `gazetteer (fingerprint)`).
        setting: &'static str,
        /// Its value in the first graph (`not recorded` when missing).
        first: String,
        /// Its value in the second graph.
        second: String,
        /// What to do about it.
        hint: &'static str,
    },
    /// A count would pass 2^64 - 1 (`the weight of the edge china -- russia`).
    Overflow(String),
    /// Both graphs hold a document: its counts would be added twice.
    SharedDocuments {
        /// The first shared document's id (in id order).
        document: String,
        /// How many more they share.
        more: usize,
    },
}

/// ` and N more`, or nothing.
fn and_more(more: usize) -> String {
    if more == 0 { String::new() } else { format!(" and {more} more") }
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MergeError::Setting { setting, first, second, hint } => write!(
                f,
                "their {setting} differs ({first} in the first, {second} in the second); \
                 {hint}, then merge them"
            ),
            MergeError::Overflow(what) => write!(
                f,
                "{what} would pass 2^64 - 1; the inputs were edited or damaged, or are far more \
                 than any corpus gives"
            ),
            MergeError::SharedDocuments { document, more } => write!(
                f,
                "both hold the document {document:?}{}, which would be counted twice; give each \
                 document to one graph only",
                and_more(*more)
            ),
        }
    }
}

impl std::error::Error for MergeError {}

/// A setting that graphs must share to be merged.
struct Setting {
    /// As named in messages.
    name: &'static str,
    /// Its value in a graph, for messages (`not recorded` when missing).
    value: fn(&CooccurrenceGraph) -> String,
    /// What to do when two graphs differ.
    hint: &'static str,
}

const SETTINGS: &[Setting] = &[
    Setting {
        name: "scope",
        value: |g| g.meta.scope.to_string(),
        hint: "extract every shard with the same --scope",
    },
    Setting {
        name: "gazetteer (fingerprint)",
        value: |g| recorded(&g.meta.settings.gazetteer),
        hint: "extract every shard with the same gazetteers (the same --gazetteer files and \
               --no-default-gazetteers, and the same version of entgraph)",
    },
    Setting {
        name: "demonyms setting",
        value: |g| recorded(&g.meta.settings.demonyms),
        hint: "extract every shard with --no-demonyms, or none",
    },
    Setting {
        name: "roles setting",
        value: |g| recorded(&g.meta.settings.roles),
        hint: "extract every shard with the same --roles",
    },
    Setting {
        name: "in_names setting",
        value: |g| recorded(&g.meta.settings.in_names),
        hint: "extract every shard with the same --in-names",
    },
    Setting {
        name: "min_confidence setting",
        value: |g| recorded(&g.meta.settings.min_confidence),
        hint: "extract every shard with the same --min-confidence",
    },
    Setting {
        name: "teams setting",
        value: |g| recorded(&g.meta.settings.teams),
        hint: "extract every shard with the same --teams",
    },
    Setting {
        name: "metonyms setting",
        value: |g| recorded(&g.meta.settings.metonyms),
        hint: "extract every shard with --metonyms, or none",
    },
    Setting {
        name: "relations (cue lexicon)",
        value: |g| recorded(&g.meta.settings.relations),
        hint: "extract every shard with the same --cues file, or none",
    },
    Setting {
        name: "evidence limit",
        value: |g| g.meta.evidence_limit.map_or_else(|| "none".to_string(), |l| l.to_string()),
        hint: "extract every shard with the same --evidence",
    },
    Setting {
        name: "max_evidence_bytes setting",
        value: |g| recorded(&g.meta.settings.max_evidence_bytes),
        hint: "extract every shard with the same --max-evidence-bytes",
    },
    Setting {
        name: "max_unit_entities setting",
        value: |g| recorded(&g.meta.settings.max_unit_entities),
        hint: "extract every shard with the same --max-unit-entities",
    },
];

/// A setting of a graph's metadata as JSON text, or `not recorded`.
fn recorded<T: serde::Serialize>(value: &Option<T>) -> String {
    value
        .as_ref()
        .and_then(|v| serde_json::to_string(v).ok())
        .unwrap_or_else(|| "not recorded".to_string())
}

/// The first setting in which `a` and `b` differ, if any.
pub fn check_compatible(a: &CooccurrenceGraph, b: &CooccurrenceGraph) -> Result<(), MergeError> {
    for s in SETTINGS {
        let (first, second) = ((s.value)(a), (s.value)(b));
        if first != second {
            return Err(MergeError::Setting { setting: s.name, first, second, hint: s.hint });
        }
    }
    Ok(())
}

/// The documents both graphs hold (by their recorded lists of ids), in id order.
pub(crate) fn shared_documents(a: &CooccurrenceGraph, b: &CooccurrenceGraph) -> Vec<String> {
    let (Some(a), Some(b)) = (a.recorded_document_ids(), b.recorded_document_ids()) else {
        return Vec::new();
    };
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let large: rustc_hash::FxHashSet<&str> = large.iter().map(String::as_str).collect();
    let mut shared: Vec<String> =
        small.iter().filter(|id| large.contains(id.as_str())).cloned().collect();
    shared.sort_unstable();
    shared.dedup();
    shared
}

/// The graphs given to a merge, by name, with the documents each holds: refuses
/// a graph that holds a document an earlier one holds, naming both, before the
/// merge adds its counts twice. `entgraph merge` names its inputs by file, the
/// Python package by place (`graphs[1]`).
///
/// ```
/// use entgraph::graph::MergeInputs;
/// use entgraph::{Document, Extractor, Gazetteer, GraphBuilder};
///
/// let g = Gazetteer::bundled().unwrap();
/// let x = Extractor::new(&g).unwrap();
/// let graph = |id: &str| {
///     let mut b = GraphBuilder::new(&g);
///     b.add_document(&x.extract(Document::new(id, "China and Russia met.")));
///     b.build()
/// };
/// let mut inputs = MergeInputs::new();
/// inputs.add("a.json", &graph("1")).unwrap();
/// inputs.add("b.json", &graph("2")).unwrap();
/// let err = inputs.add("c.json", &graph("1")).unwrap_err();
/// assert!(err.to_string().starts_with("cannot merge a.json and c.json: both hold the document \"1\""));
/// ```
#[derive(Clone, Debug, Default)]
pub struct MergeInputs {
    /// Which input holds each document.
    by_id: HashMap<String, usize>,
    names: Vec<String>,
}

/// A graph that holds documents an earlier input of a merge holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedDocuments {
    /// The earlier input.
    pub first: String,
    /// The input refused.
    pub second: String,
    /// The first shared document, in the order of the refused input's list.
    pub document: String,
    /// How many more they share.
    pub more: usize,
}

impl fmt::Display for SharedDocuments {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot merge {} and {}: both hold the document {:?}{}, which would be counted \
             twice; give each document to one input only (is one of them the same file, or an \
             earlier merge of the other?)",
            self.first,
            self.second,
            self.document,
            and_more(self.more)
        )
    }
}

impl std::error::Error for SharedDocuments {}

impl MergeInputs {
    /// No input yet.
    pub fn new() -> MergeInputs {
        MergeInputs::default()
    }

    /// Records the documents of `graph` ([`CooccurrenceGraph::document_ids`]),
    /// named `name` in messages, or says which earlier input shares some of them
    /// (and records nothing).
    pub fn add(&mut self, name: &str, graph: &CooccurrenceGraph) -> Result<(), SharedDocuments> {
        let ids = graph.document_ids();
        let shared: Vec<&String> = ids.iter().filter(|id| self.by_id.contains_key(*id)).collect();
        if let Some(first) = shared.first() {
            return Err(SharedDocuments {
                first: self.names[self.by_id[*first]].clone(),
                second: name.to_string(),
                document: first.to_string(),
                more: shared.len() - 1,
            });
        }
        let at = self.names.len();
        self.names.push(name.to_string());
        for id in ids {
            self.by_id.insert(id, at);
        }
        Ok(())
    }
}
