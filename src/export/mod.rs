//! Exports: the graph written in the formats visualization tools read.
//!
//! Stage 6, the last. Each format is a small exporter type with a `write` method
//! over any [`std::io::Write`] and a `to_string` convenience. All of them:
//!
//! - write nodes in id order and edges in `(source id, target id)` order, so the
//!   same graph always gives the same bytes;
//! - escape every string for their syntax;
//! - use entity ids (strings) as node identifiers.

mod dot;
mod json;
mod mentions;

use std::io;

pub use self::dot::DotExporter;
pub use self::json::{JsonExporter, read_json};
pub use self::mentions::{MentionsExporter, Offsets, offsets};

use crate::graph::CooccurrenceGraph;

/// An output format for a graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Node-link JSON (networkx, D3).
    Json,
    /// Graphviz DOT.
    Dot,
}

impl Format {
    /// Every format, for help texts.
    pub const ALL: &'static [Format] = &[Format::Json, Format::Dot];

    /// The format's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Dot => "dot",
        }
    }

    /// Parses a format name.
    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.as_str() == s)
    }

    /// Writes `graph` in this format.
    pub fn write<W: io::Write>(self, graph: &CooccurrenceGraph, wtr: W) -> io::Result<()> {
        match self {
            Format::Json => JsonExporter::new().write(graph, wtr),
            Format::Dot => DotExporter::new().write(graph, wtr),
        }
    }
}
