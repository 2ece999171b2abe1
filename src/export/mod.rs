//! Exports: the graph written in the formats visualization tools read.
//!
//! Stage 6, the last. Each format is a small exporter type with a `write` method
//! over any [`std::io::Write`] and a `to_string` convenience, and a module doc that
//! states its schema:
//!
//! | format | exporter | for |
//! |---|---|---|
//! | `json` | [`JsonExporter`] | networkx, D3, `entgraph merge` |
//! | `dot` | [`DotExporter`] | Graphviz |
//! | `gexf` | [`GexfExporter`] | Gephi, Gephi Lite |
//! | `graphml` | [`GraphmlExporter`] | yEd, Cytoscape desktop, networkx |
//! | `cytoscape` | [`CytoscapeExporter`] | Cytoscape.js, Cytoscape desktop |
//! | `csv` | [`CsvExporter`] | Gephi's spreadsheet import, Kumu, Flourish |
//! | `html` | [`HtmlExporter`] | a browser: one page that works offline |
//!
//! All of them:
//!
//! - write nodes in id order and edges in the graph's order (kind, then `(source
//!   id, target id)`), so the same graph always gives the same bytes;
//! - escape every string for their syntax (the XML formats replace the few
//!   characters XML 1.0 forbids, and so does DOT, which Graphviz copies into SVG:
//!   see [`xml_safe`]);
//! - use entity ids (strings) as node identifiers, and the same edge ids (`e0`,
//!   `e1`, ... in edge order) wherever a format has edge ids;
//! - write floats (the association score) one way: the shortest decimal that reads
//!   back as the same `f64`, as JSON writes it (`0.52`, `1.0`, `-0.125`);
//! - keep the edge `kind` (`cooccurrence`, `leader_of`, `member_of`), so that the
//!   background edges of `--knowledge` stay apart from the co-occurrence edge of
//!   the same pair;
//! - put the run's metadata (tool version, settings, gazetteer fingerprint,
//!   document count) where the format has a place for it.

mod csv;
mod cytoscape;
mod dot;
mod gexf;
mod graphml;
mod html;
mod json;
mod mentions;
mod xml;

use std::collections::{BTreeMap, BTreeSet};
use std::io;

pub use self::csv::CsvExporter;
pub use self::cytoscape::CytoscapeExporter;
pub use self::dot::DotExporter;
pub use self::gexf::GexfExporter;
pub use self::graphml::GraphmlExporter;
pub use self::html::HtmlExporter;
pub use self::json::{EdgesKey, JsonExporter, read_json};
pub use self::mentions::{
    LocalEdge, LocalEvidence, MentionRecord, MentionsExporter, MentionsRecord, NameRecord, Offsets,
    offsets,
};
pub use self::xml::xml_safe;

use crate::graph::CooccurrenceGraph;
use crate::relations::RelationKind;

/// An output format for a graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Node-link JSON (networkx, D3).
    Json,
    /// Graphviz DOT.
    Dot,
    /// GEXF 1.3 (Gephi, Gephi Lite).
    Gexf,
    /// GraphML (yEd, Cytoscape desktop, networkx).
    Graphml,
    /// Cytoscape.js elements JSON.
    Cytoscape,
    /// Two CSV tables, `nodes.csv` and `edges.csv` (a directory, not a stream).
    Csv,
    /// One self-contained HTML page (a browser view).
    Html,
}

impl Format {
    /// Every format, for help texts.
    pub const ALL: &'static [Format] = &[
        Format::Json,
        Format::Dot,
        Format::Gexf,
        Format::Graphml,
        Format::Cytoscape,
        Format::Csv,
        Format::Html,
    ];

    /// The format's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Dot => "dot",
            Format::Gexf => "gexf",
            Format::Graphml => "graphml",
            Format::Cytoscape => "cytoscape",
            Format::Csv => "csv",
            Format::Html => "html",
        }
    }

    /// Parses a format name.
    ///
    /// ```
    /// use entgraph::Format;
    /// assert_eq!(Format::parse("gexf"), Some(Format::Gexf));
    /// assert_eq!(Format::parse("xml"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.as_str() == s)
    }

    /// Writes `graph` in this format. CSV is two files: it gives an error of kind
    /// [`io::ErrorKind::InvalidInput`] here; use [`CsvExporter::write_dir`].
    pub fn write<W: io::Write>(self, graph: &CooccurrenceGraph, wtr: W) -> io::Result<()> {
        match self {
            Format::Json => JsonExporter::new().write(graph, wtr),
            Format::Dot => DotExporter::new().write(graph, wtr),
            Format::Gexf => GexfExporter::new().write(graph, wtr),
            Format::Graphml => GraphmlExporter::new().write(graph, wtr),
            Format::Cytoscape => CytoscapeExporter::new().write(graph, wtr),
            Format::Html => HtmlExporter::new().write(graph, wtr),
            Format::Csv => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "csv is two files (nodes.csv, edges.csv): write them to a directory",
            )),
        }
    }
}

/// A float as every format writes it: the shortest decimal that reads back as the
/// same value (as serde_json writes it), or `None` when it is not finite.
pub(crate) fn number(x: f64) -> Option<String> {
    serde_json::Number::from_f64(x).map(|n| n.to_string())
}

/// Writes `value` as JSON indented by two spaces: the same bytes as
/// `serde_json::to_writer_pretty`, which writes the indentation of each line two
/// bytes at a time; here a line break and its indentation are one write (which
/// takes a third off the time of writing a large graph).
pub(crate) fn to_writer_pretty<W: io::Write, T: serde::Serialize + ?Sized>(
    wtr: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(wtr, Indented::default());
    value.serialize(&mut ser)
}

/// A comma, a line break and the indentation of lines 32 levels deep, written
/// in one piece (deeper lines take more pieces).
const BREAK: [u8; 2 + 2 * 32] = {
    let mut b = [b' '; 2 + 2 * 32];
    b[0] = b',';
    b[1] = b'\n';
    b
};

/// The formatter of [`to_writer_pretty`]: `serde_json::ser::PrettyFormatter`'s
/// layout with an indent of two spaces.
#[derive(Default)]
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    /// Starts a line at the current depth, after a comma when `comma`.
    fn line<W: ?Sized + io::Write>(&self, w: &mut W, comma: bool) -> io::Result<()> {
        let start = if comma { 0 } else { 1 };
        let spaces = 2 * self.depth;
        let first = spaces.min(BREAK.len() - 2);
        w.write_all(&BREAK[start..2 + first])?;
        let mut rest = spaces - first;
        while rest > 0 {
            let n = rest.min(BREAK.len() - 2);
            w.write_all(&BREAK[2..2 + n])?;
            rest -= n;
        }
        Ok(())
    }

    /// Opens an array or an object with `bracket`, one level deeper.
    fn open<W: ?Sized + io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// Closes an array or an object with `bracket`, on a line of its own when it
    /// held anything.
    fn close<W: ?Sized + io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(w, false)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(w, !first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(w, !first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The fill colour of an entity type, shared by the formats that colour nodes.
pub(crate) fn colour(entity_type: &str) -> [u8; 3] {
    match entity_type {
        "leader" => [0xf6, 0xbd, 0x60],
        "country" => [0x84, 0xc5, 0xe6],
        "organisation" => [0xa7, 0xd4, 0x9b],
        "team" => [0xe8, 0xa0, 0xbf],
        _ => [0xdd, 0xdd, 0xdd],
    }
}

/// Edge ids: `e0`, `e1`, ... in edge order. Should a node id have that shape, the
/// prefix grows (`_e0`, `__e0`, ...) until no edge id can equal a node id, since
/// Cytoscape.js needs ids unique across nodes and edges.
pub(crate) struct EdgeIds {
    prefix: String,
}

impl EdgeIds {
    pub(crate) fn new(graph: &CooccurrenceGraph) -> EdgeIds {
        let mut prefix = "e".to_string();
        let clashes = |p: &str| {
            graph.nodes().any(|n| {
                n.id.strip_prefix(p).is_some_and(|rest| {
                    !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit())
                })
            })
        };
        while clashes(&prefix) {
            prefix.insert(0, '_');
        }
        EdgeIds { prefix }
    }

    pub(crate) fn get(&self, index: usize) -> String {
        format!("{}{index}", self.prefix)
    }
}

/// Every relation kind stated on some edge, in name order: the formats with flat
/// attributes give each its own count column (`relation_<kind>`).
pub(crate) fn relation_kinds(graph: &CooccurrenceGraph) -> Vec<RelationKind> {
    let kinds: BTreeSet<&RelationKind> =
        graph.edges().flat_map(|(_, _, e)| e.relations.keys()).collect();
    kinds.into_iter().cloned().collect()
}

/// The relation kinds of an edge as one value: names in order, joined by `|`.
pub(crate) fn relation_list(relations: &BTreeMap<RelationKind, u64>) -> String {
    relations.iter().filter(|(_, n)| **n > 0).map(|(k, _)| k.as_str()).collect::<Vec<_>>().join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_one_way() {
        assert_eq!(number(0.52).as_deref(), Some("0.52"));
        assert_eq!(number(1.0).as_deref(), Some("1.0"));
        assert_eq!(number(-0.123457).as_deref(), Some("-0.123457"));
        assert_eq!(number(f64::NAN), None);
    }

    #[test]
    fn indented_json_is_serde_json_pretty() {
        let mut deep = serde_json::json!({"leaf": [1, "two\n", null, {}, []]});
        for i in 0..40 {
            deep = serde_json::json!({"level": i, "empty": {}, "list": [deep, [], [true]]});
        }
        for value in [deep, serde_json::json!([]), serde_json::json!({}), serde_json::json!(3)] {
            let mut ours = Vec::new();
            to_writer_pretty(&mut ours, &value).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string_pretty(&value).unwrap()
            );
        }
    }

    #[test]
    fn format_names_round_trip() {
        for &f in Format::ALL {
            assert_eq!(Format::parse(f.as_str()), Some(f));
        }
    }
}
