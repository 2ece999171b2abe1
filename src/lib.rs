//! `entgraph` finds leaders, countries and international organisations in news
//! text, links every mention to a canonical entity (with its Wikidata QID and
//! English Wikipedia title), and builds the graph of which entities occur together,
//! for visualization tools.
//!
//! # Pipeline
//!
//! Data flows one way, one module per stage:
//!
//! | stage | module | takes | gives |
//! |---|---|---|---|
//! | gazetteer | [`gazetteer`] | gazetteer files | a [`Gazetteer`] of entities and aliases |
//! | normalise | [`normalize`] | a document's text | [`Normalized`] text and the map back |
//! | text layer | [`text`] (with [`segment`]) | the text | a [`TextIndex`]: words, [`Sentence`]s, paragraphs, lines |
//! | match | [`matcher`] | normalised text | [`Match`]es, spans of the original text |
//! | resolve | [`resolve`] | matches and the text layer | [`Mention`]s of one entity each |
//! | relations | [`relations`] | mentions and the text layer | typed relations per sentence |
//! | graph | [`graph`] | mentions and text layers of many documents | a [`CooccurrenceGraph`] |
//! | export | [`export`] | the graph | JSON, DOT, GEXF, GraphML, Cytoscape.js, CSV |
//!
//! [`Pipeline`](pipeline::Pipeline) runs many documents: it reads them from an
//! iterator, extracts them on a thread pool the caller gives (feature `rayon`), and
//! builds the graph in input order.
//!
//! [`Extractor`] runs the per-document stages in one call: it takes a [`Document`]
//! (id, text, date, fields) and gives an [`Extraction`] that holds the document and
//! what was found in it, which [`GraphBuilder::add_document`] counts.
//!
//! The library's handles own what they need: a [`Gazetteer`] shares its data
//! behind an `Arc`, so cloning it is cheap, and an [`Extractor`], a
//! [`GraphBuilder`], a [`Resolver`] or a
//! [`MentionsExporter`](export::MentionsExporter) keeps a clone. They have no
//! lifetime, can be kept in long-lived structs and sent to other threads.
//!
//! # Glossary
//!
//! - **entity**: a gazetteer record: one leader, country or organisation.
//! - **alias**: one surface form of an entity (`US`, `United States`, `American`).
//! - **match**: an alias found in text, with the aliases (candidates) it could be.
//! - **mention**: a match resolved to exactly one entity.
//! - **edge**: two entities that occur in the same unit of text; its **weight** is
//!   the number of units they share.
//!
//! Every [`Span`] is a byte range into the original text the user gave.
//!
//! # Example
//!
//! ```
//! use entgraph::{Document, Extractor, Gazetteer, GraphBuilder, JsonExporter};
//!
//! let gazetteer = Gazetteer::bundled()?;
//! let extractor = Extractor::new(&gazetteer)?;
//! let text = "Chinese President Xi Jinping met Vladimir Putin in Moscow. \
//!             Xi and Putin discussed the United Nations.";
//! let found = extractor.extract(Document::new("example", text));
//!
//! let mut builder = GraphBuilder::new(&gazetteer);
//! builder.add_document(&found);
//! let graph = builder.build();
//! assert_eq!(graph.edge("xi-jinping", "vladimir-putin").unwrap().weight, 2);
//!
//! let json = JsonExporter::new().to_string(&graph);
//! assert!(json.contains("\"wikidata\": \"Q15031\""));
//! # Ok::<(), entgraph::Error>(())
//! ```
//!
//! # Features
//!
//! - `rayon` (on with `cli`): [`Pipeline::pool`](pipeline::Pipeline::pool), extraction
//!   on a rayon thread pool that the caller gives. Loading gazetteers and building the
//!   matcher inside such a pool (`pool.install(...)`) use its threads too. The library
//!   starts no thread of its own.
//! - `cli` (default): the `entgraph` command-line tool. The library itself does not
//!   need it: depend on `entgraph` with `default-features = false`.

#![deny(missing_docs)]
#![deny(missing_debug_implementations)]

mod error;
pub mod export;
mod extract;
pub mod gazetteer;
pub mod graph;
pub mod matcher;
pub mod normalize;
mod par;
pub mod pipeline;
pub mod relations;
pub mod resolve;
pub mod segment;
mod span;
pub mod text;

pub use crate::error::{Error, ErrorKind, Location, Problem};
pub use crate::export::{
    CsvExporter, CytoscapeExporter, DotExporter, Format, GexfExporter, GraphmlExporter,
    HtmlExporter, JsonExporter,
};
pub use crate::extract::{Document, Extraction, Extractor};
pub use crate::gazetteer::{Entity, EntityIndex, EntityType, Gazetteer, GazetteerBuilder};
pub use crate::graph::{CooccurrenceGraph, Edge, EdgeKind, GraphBuilder, Node, Scope};
pub use crate::matcher::{Match, Matcher};
pub use crate::normalize::Normalized;
pub use crate::resolve::{InName, Mention, MentionKind, Resolver, ResolverConfig, Rule};
pub use crate::segment::Sentence;
pub use crate::span::Span;
pub use crate::text::TextIndex;

#[cfg(test)]
mod tests {
    use std::fmt::Debug;

    /// A type that can be shared between threads and printed.
    fn shared<T: Send + Sync + Debug>() {}

    /// A handle: shared, printed, and cloned.
    fn handle<T: Send + Sync + Debug + Clone + 'static>() {}

    /// An output that serde writes and reads.
    fn serde<T: serde::Serialize + serde::de::DeserializeOwned>() {}

    #[test]
    fn public_types_are_send_sync_and_debug() {
        // The handles own what they need: no lifetime, `'static`, cheap to clone.
        handle::<crate::Gazetteer>();
        handle::<crate::Extractor>();
        handle::<crate::Resolver>();
        handle::<crate::Matcher>();
        handle::<crate::export::MentionsExporter>();
        handle::<crate::relations::RelationFinder>();
        handle::<crate::relations::CueLexicon>();
        shared::<crate::GraphBuilder>();
        shared::<crate::GazetteerBuilder>();
        // Inputs and outputs.
        handle::<crate::Document>();
        handle::<crate::Extraction>();
        handle::<crate::CooccurrenceGraph>();
        handle::<crate::Node>();
        handle::<crate::Edge>();
        handle::<crate::graph::Evidence>();
        handle::<crate::graph::GraphMeta>();
        handle::<crate::graph::GraphSettings>();
        handle::<crate::graph::PruneRecord>();
        handle::<crate::graph::DocumentInfo>();
        handle::<crate::EntityType>();
        handle::<crate::relations::RelationKind>();
        handle::<crate::graph::MergeInputs>();
        handle::<crate::graph::SharedDocuments>();
        handle::<crate::graph::MergeError>();
        handle::<crate::Mention>();
        handle::<crate::Entity>();
        handle::<crate::TextIndex>();
        handle::<crate::Normalized>();
        handle::<crate::Match>();
        shared::<crate::Error>();
        // Exporters.
        handle::<crate::JsonExporter>();
        handle::<crate::DotExporter>();
        handle::<crate::GexfExporter>();
        handle::<crate::GraphmlExporter>();
        handle::<crate::CytoscapeExporter>();
        handle::<crate::CsvExporter>();
        handle::<crate::HtmlExporter>();
        // What serde writes and reads, as the JSON outputs write it.
        serde::<crate::CooccurrenceGraph>();
        serde::<crate::Node>();
        serde::<crate::Edge>();
        serde::<crate::EdgeKind>();
        serde::<crate::graph::Evidence>();
        serde::<crate::graph::GraphMeta>();
        serde::<crate::graph::GraphSettings>();
        serde::<crate::graph::PruneRecord>();
        serde::<crate::graph::DocumentInfo>();
        serde::<crate::Scope>();
        serde::<crate::EntityType>();
        serde::<crate::relations::RelationKind>();
        serde::<crate::gazetteer::Date>();
        serde::<crate::export::MentionsRecord>();
    }
}
