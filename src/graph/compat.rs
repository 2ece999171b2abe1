//! Which graphs can be merged: those whose sums are the graph of one run, that
//! is, made with the same settings.

use std::fmt;

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
        value: |g| recorded(g, "gazetteer"),
        hint: "extract every shard with the same gazetteers (the same --gazetteer files and \
               --no-default-gazetteers, and the same version of entgraph)",
    },
    Setting {
        name: "demonyms setting",
        value: |g| recorded(g, "demonyms"),
        hint: "extract every shard with --no-demonyms, or none",
    },
    Setting {
        name: "roles setting",
        value: |g| recorded(g, "roles"),
        hint: "extract every shard with the same --roles",
    },
    Setting {
        name: "in_names setting",
        value: |g| recorded(g, "in_names"),
        hint: "extract every shard with the same --in-names",
    },
    Setting {
        name: "relations (cue lexicon)",
        value: |g| recorded(g, "relations"),
        hint: "extract every shard with the same --cues file, or none",
    },
    Setting {
        name: "evidence limit",
        value: |g| g.meta.evidence_limit.map_or_else(|| "none".to_string(), |l| l.to_string()),
        hint: "extract every shard with the same --evidence",
    },
    Setting {
        name: "max_evidence_bytes setting",
        value: |g| recorded(g, "max_evidence_bytes"),
        hint: "extract every shard with the same --max-evidence-bytes",
    },
    Setting {
        name: "max_unit_entities setting",
        value: |g| recorded(g, "max_unit_entities"),
        hint: "extract every shard with the same --max-unit-entities",
    },
];

/// A setting of a graph's metadata as JSON text, or `not recorded`.
fn recorded(graph: &CooccurrenceGraph, key: &str) -> String {
    graph.meta.settings.get(key).map_or_else(|| "not recorded".to_string(), |v| v.to_string())
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
