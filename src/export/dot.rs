//! Graphviz DOT: an undirected `graph` that `dot -Tsvg` (or `neato`, `sfdp`) renders.
//!
//! Nodes are shaped and coloured by entity type (leaders ellipses, countries boxes,
//! organisations hexagons, other types diamonds) and labelled with the entity's
//! label, in a font from 12 to 40 points that grows with the logarithm of the
//! mentions (the most mentioned node the largest), so that node size shows
//! weight; edge thickness (`penwidth`) grows with the logarithm of the weight, and
//! each element's `tooltip` gives the details that do not fit on the drawing (an
//! edge's: its first evidence unit and the id of its document). The
//! graph's label is a legend: the shape and colour of each entity type present,
//! and what sizes and widths mean.
//!
//! The file names no layout engine, so the command chooses: `sfdp -Tsvg
//! graph.dot` (or `dot -Ksfdp -Tsvg graph.dot`) for a large network, `neato`
//! for a small one; `dot` draws layers, which suit a network less. Edges are
//! routed around nodes (`splines=true`) only in graphs of at most
//! [`SPLINE_EDGES`] edges: routing costs time that grows fast with the edges
//! (measured with `sfdp` on a news corpus: 1 s for 100 edges, 6 s for 200, 58 s
//! for 700, against 0.4 s for 700 straight edges); larger graphs get straight
//! lines.
//!
//! Nodes carry the analysis attributes (`degree`, `weighted_degree`, `pagerank`,
//! `community`) and, as edges do, `confidence_sum` (the sum of the mentions'
//! confidences; for an edge the expected number of shared units in which both
//! mentions are right) as attributes of their own, which Graphviz keeps (`-Tdot`,
//! `-Tjson`) without drawing them; the tooltip names the community.
//!
//! Every edge has a `class`, its kind (`cooccurrence`, `leader_of`, `member_of`),
//! which SVG output carries as a CSS class; the background edges of `--knowledge`
//! are drawn dashed and do not pull on the layout (`weight=0`). The graph's
//! `comment` holds its metadata as one line of JSON (tool version, scope, counts,
//! settings, gazetteer fingerprint).
//!
//! Strings are quoted for DOT, and the characters XML 1.0 forbids (control
//! characters other than tab and line breaks) are replaced by U+FFFD, as in GEXF
//! and GraphML: Graphviz copies labels and tooltips into SVG, which must stay XML.

use std::fmt::Write as _;
use std::io;

use super::xml::is_xml_char;
use crate::graph::{CooccurrenceGraph, EdgeKind};

/// Writes Graphviz DOT.
///
/// # Example
///
/// ```
/// use entgraph::{Document, DotExporter, Extractor, Gazetteer, GraphBuilder};
///
/// let gazetteer = Gazetteer::bundled().unwrap();
/// let extractor = Extractor::new(&gazetteer).unwrap();
/// let text = "China and Russia agreed.";
/// let doc = extractor.extract(Document::new("a", text));
/// let mut builder = GraphBuilder::new(&gazetteer);
/// builder.add_document(&doc);
/// let dot = DotExporter::new().to_string(&builder.build());
/// assert!(dot.contains("\"china\" -- \"russia\""));
/// ```
#[derive(Clone, Debug, Default)]
pub struct DotExporter {}

/// Shape and fill colour for an entity type.
fn style(entity_type: &str) -> (&'static str, String) {
    let shape = match entity_type {
        "leader" => "ellipse",
        "country" => "box",
        "organisation" => "hexagon",
        "team" => "octagon",
        _ => "diamond",
    };
    let [r, g, b] = super::colour(entity_type);
    (shape, format!("#{r:02x}{g:02x}{b:02x}"))
}

impl DotExporter {
    /// An exporter with the default style.
    pub fn new() -> DotExporter {
        DotExporter::default()
    }

    /// Writes `graph` to `wtr`.
    pub fn write<W: io::Write>(&self, graph: &CooccurrenceGraph, mut wtr: W) -> io::Result<()> {
        wtr.write_all(self.to_string(graph).as_bytes())
    }

    /// The DOT text.
    pub fn to_string(&self, graph: &CooccurrenceGraph) -> String {
        let mut out = String::new();
        let max_weight = graph
            .edges()
            .filter(|(_, _, e)| e.kind == EdgeKind::Cooccurrence)
            .map(|(_, _, e)| e.weight)
            .max()
            .unwrap_or(1)
            .max(1);
        let max_count = graph.nodes().map(|n| n.count).max().unwrap_or(1).max(1);
        out.push_str("graph \"entgraph\" {\n");
        let splines = graph.graph.edge_count() <= SPLINE_EDGES;
        let _ = writeln!(
            out,
            "  graph [overlap=false, sep=\"+6\", splines={splines}, pad=0.2, outputorder=edgesfirst, fontname=\"Helvetica\", fontsize=20, labelloc=b, labeljust=l, comment={}];",
            quote(&serde_json::Value::Object(super::json::meta_json(&graph.meta)).to_string())
        );
        let _ = writeln!(out, "  graph [label=<{}>];", legend(graph, max_count));
        out.push_str("  node [style=filled, fontname=\"Helvetica\", fontsize=13, penwidth=0.8, margin=\"0.12,0.06\"];\n");
        out.push_str("  edge [color=\"#4a4a4a99\"];\n");
        let analysis = crate::graph::analyse(graph);
        for (n, a) in graph.nodes().zip(&analysis) {
            let (shape, fill) = style(n.entity_type.as_str());
            let mut tip = format!("{} ({})", n.label, n.entity_type);
            if let Some(q) = &n.wikidata {
                let _ = write!(tip, ", {q}");
            }
            if let Some(r) = &n.roles {
                let _ = write!(tip, ", {r}");
            }
            let _ = write!(tip, ", {} mention{}", n.count, if n.count == 1 { "" } else { "s" });
            let _ = write!(tip, ", community {}", a.community);
            let size = font_size(n.count, max_count);
            let _ = writeln!(
                out,
                "  {} [label={}, shape={shape}, fillcolor=\"{fill}\", fontsize={size:.1}, confidence_sum=\"{}\", degree={}, weighted_degree={}, pagerank=\"{}\", community={}, tooltip={}];",
                quote_id(&n.id),
                quote(&n.label),
                super::number(n.confidence_sum).unwrap_or_else(|| "0".into()),
                a.degree,
                a.weighted_degree,
                super::number(a.pagerank).unwrap_or_else(|| "0".into()),
                a.community,
                quote(&tip)
            );
        }
        for (a, b, e) in graph.edges() {
            if e.kind != EdgeKind::Cooccurrence {
                // Background knowledge: thin, dashed, and not pulling the layout.
                let tip = format!("{} {} {} (gazetteer)", a.label, e.kind.as_str(), b.label);
                let _ = writeln!(
                    out,
                    "  {} -- {} [class={}, style=dashed, color=\"#8c6d3f\", weight=0, penwidth=1.0, tooltip={}];",
                    quote_id(&a.id),
                    quote_id(&b.id),
                    e.kind.as_str(),
                    quote(&tip)
                );
                continue;
            }
            // Thickness grows with the logarithm of the weight, from 1.2 to 4.5.
            let width = if max_weight > 1 {
                1.2 + 3.3 * ((e.weight as f64).ln() / (max_weight as f64).ln())
            } else {
                1.5
            };
            let mut tip =
                format!("{} – {}: {} shared {}", a.label, b.label, e.weight, graph.meta.scope);
            if e.weight != 1 {
                tip.push('s');
            }
            if let Some(ev) = e.evidence.first() {
                let _ = write!(tip, "\n{}\n({})", ev.text, ev.doc);
            }
            let _ = writeln!(
                out,
                "  {} -- {} [class={}, weight={}, confidence_sum=\"{}\", penwidth={width:.2}, tooltip={}];",
                quote_id(&a.id),
                quote_id(&b.id),
                e.kind.as_str(),
                e.weight,
                super::number(e.confidence_sum).unwrap_or_else(|| "0".into()),
                quote(&tip)
            );
        }
        out.push_str("}\n");
        out
    }
}

/// The most edges drawn with `splines=true`.
pub const SPLINE_EDGES: usize = 100;

/// The smallest and largest label font (points).
const FONT: (f64, f64) = (12.0, 40.0);

/// The label font of a node with `count` mentions: from [`FONT`]'s smallest for
/// one mention to its largest for the most mentioned node, by the logarithm.
fn font_size(count: u64, max_count: u64) -> f64 {
    if max_count <= 1 {
        return FONT.0;
    }
    FONT.0 + (FONT.1 - FONT.0) * ((count as f64).ln() / (max_count as f64).ln()).clamp(0.0, 1.0)
}

/// The legend, an HTML-like label: one row per entity type present (its colour
/// and shape), then what node and edge sizes mean.
fn legend(graph: &CooccurrenceGraph, max_count: u64) -> String {
    let types: std::collections::BTreeSet<&str> =
        graph.nodes().map(|n| n.entity_type.as_str()).collect();
    let mut out =
        String::from("<table border=\"0\" cellborder=\"0\" cellspacing=\"2\" cellpadding=\"2\">");
    for t in types {
        let (shape, fill) = style(t);
        let _ = write!(
            out,
            "<tr><td bgcolor=\"{fill}\" width=\"18\"> </td><td align=\"left\">{} ({shape})</td></tr>",
            html_text(t)
        );
    }
    let _ = write!(
        out,
        "<tr><td colspan=\"2\" align=\"left\">label size: mentions, 1 to {max_count}</td></tr>"
    );
    out.push_str(
        "<tr><td colspan=\"2\" align=\"left\">line width: shared units; dashed: gazetteer \
         knowledge</td></tr></table>",
    );
    out
}

/// Text for an HTML-like label: the XML escapes, and U+FFFD for the characters
/// XML 1.0 forbids.
fn html_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// The longest piece of a quoted string, in bytes: Graphviz rejects a quoted
/// string longer than 16,384 bytes, so longer text is written as pieces joined by
/// DOT's `+`, which Graphviz reads as one string.
const PIECE: usize = 8192;

/// A DOT double-quoted string. Backslashes are doubled so that Graphviz's own
/// escapes (`\N`, `\G`, `\l`) never fire by accident, ampersands are written as
/// `&amp;` so that text that looks like an entity shows as written, and line breaks
/// become `\n`. Text longer than [`PIECE`] is split into `"..." + "..."`, between
/// characters and never inside an escape.
///
/// The characters XML 1.0 forbids (control characters other than tab, line feed
/// and carriage return, and U+FFFE, U+FFFF) become U+FFFD, as in GEXF and
/// GraphML: Graphviz rejects a NUL inside a string, and copies the other controls
/// into SVG, which no XML parser then reads.
fn quote(s: &str) -> String {
    quote_with(s, true)
}

/// A node id as a DOT double-quoted string. Graphviz takes ids literally (no
/// entities, no `\N`), so only quotes and backslashes are escaped, which DOT
/// requires; Graphviz then keeps a backslash of an id doubled, which entity ids
/// never contain. The characters XML 1.0 forbids become U+FFFD, as in [`quote`].
fn quote_id(s: &str) -> String {
    quote_with(s, false)
}

fn quote_with(s: &str, text: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut piece_start = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if out.len() - piece_start >= PIECE {
            out.push_str("\" + \"");
            piece_start = out.len() - 1;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            // Graphviz reads HTML entities in every string (`&amp;` shows `&`), so a
            // literal ampersand is written as an entity itself.
            '&' if text => out.push_str("&amp;"),
            '\r' if text && chars.peek() == Some(&'\n') => {}
            '\n' | '\r' if text => out.push_str("\\n"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::{quote, quote_id};

    #[test]
    fn font_sizes_span_a_visible_range() {
        use super::font_size;
        assert_eq!(font_size(1, 758), 12.0);
        assert_eq!(font_size(758, 758), 40.0);
        let mid = font_size(27, 758);
        assert!(mid > 24.0 && mid < 28.0, "{mid}");
        assert_eq!(font_size(1, 1), 12.0);
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("plain"), "\"plain\"");
        assert_eq!(quote("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(quote("back\\slash \\N"), "\"back\\\\slash \\\\N\"");
        assert_eq!(quote("two\r\nlines\n"), "\"two\\nlines\\n\"");
        assert_eq!(quote("R&D &amp;"), "\"R&amp;D &amp;amp;\"");
        assert_eq!(quote_id("a \"b\" <c> & d\\"), "\"a \\\"b\\\" <c> & d\\\\\"");
    }

    #[test]
    fn characters_xml_forbids_become_replacement_characters() {
        assert_eq!(quote("nul\u{0} form\u{c}feed\ttab"), "\"nul\u{FFFD} form\u{FFFD}feed\ttab\"");
        assert_eq!(quote("\u{1b}[0m\u{FFFF}\u{7f}"), "\"\u{FFFD}[0m\u{FFFD}\u{7f}\"");
        assert_eq!(quote_id("a\u{1}b"), "\"a\u{FFFD}b\"");
    }

    #[test]
    fn long_strings_are_split_into_pieces() {
        let long = "&é".repeat(5000);
        let q = quote(&long);
        let pieces: Vec<&str> = q.split("\" + \"").collect();
        assert!(pieces.len() > 1);
        assert!(pieces.iter().all(|p| p.len() <= super::PIECE + 8));
        assert_eq!(q.replace("\" + \"", "").replace("&amp;", "&"), format!("\"{long}\""));
    }
}
