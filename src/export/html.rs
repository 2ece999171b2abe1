//! One self-contained HTML page that shows the graph: open it in a browser, offline.
//!
//! The page is the JSON export of the graph (see [`JsonExporter`]) embedded in a
//! `<script type="application/json">` element, the vendored Cytoscape.js
//! (`src/export/html/vendor/`, MIT, with its licence and version), and the page's
//! own code (`src/export/html/`: `page.html`, `view.css`, `layout.js`, `view.js`).
//! Nothing is fetched when the page is viewed.
//!
//! What the page does:
//!
//! - lays the graph out with ForceAtlas2 (a Barnes–Hut tree keeps it quick for a
//!   few thousand nodes and ten thousand edges);
//! - colours and shapes nodes by type (or colours them by `community` when nodes
//!   carry one), sizes them by mentions, and shows a legend that is also the type
//!   filter;
//! - searches by name, filters by minimum weight and by date range (a slider over
//!   the documents' dates, when they have dates);
//! - highlights a node's neighbours on hover; a click on a node lists its
//!   documents (title, date and link where the JSON has a `documents` table, else
//!   their ids), a click on an edge shows its evidence sentences with both names
//!   marked.
//!
//! The embedded JSON is escaped for a `<script>` element: every `<` is written
//! `\u003c` (so no `</script>` or `<!--` can end or change the element), and
//! U+2028 and U+2029 as `\u2028` and `\u2029`; `JSON.parse` reads the same values.

use std::io;

use super::JsonExporter;
use crate::graph::CooccurrenceGraph;

/// The page template: the markers `/*STYLE*/`, `/*TITLE*/`, `/*DATA*/` and
/// `/*SCRIPT*/` are replaced by the style sheet, the title, the graph and the
/// scripts.
const PAGE: &str = include_str!("html/page.html");
const STYLE: &str = include_str!("html/view.css");
const CYTOSCAPE: &str = include_str!("html/vendor/cytoscape.min.js");
const LAYOUT: &str = include_str!("html/layout.js");
const VIEW: &str = include_str!("html/view.js");

/// Writes the graph as one self-contained HTML page.
///
/// # Example
///
/// ```
/// use entgraph::{Document, Extractor, Gazetteer, GraphBuilder, HtmlExporter};
///
/// let gazetteer = Gazetteer::bundled().unwrap();
/// let extractor = Extractor::new(&gazetteer).unwrap();
/// let text = "China and Russia agreed.";
/// let doc = extractor.extract(Document::new("a", text));
/// let mut builder = GraphBuilder::new(&gazetteer);
/// builder.add_document(&doc);
/// let html = HtmlExporter::new().to_string(&builder.build());
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert!(html.contains(r#""source":"china""#));
/// ```
#[derive(Clone, Debug, Default)]
pub struct HtmlExporter {
    title: Option<String>,
}

impl HtmlExporter {
    /// An exporter with the default title (`entgraph: N nodes, M edges`).
    pub fn new() -> HtmlExporter {
        HtmlExporter::default()
    }

    /// The page's title.
    pub fn title(mut self, title: impl Into<String>) -> HtmlExporter {
        self.title = Some(title.into());
        self
    }

    /// Writes `graph` to `wtr`.
    pub fn write<W: io::Write>(&self, graph: &CooccurrenceGraph, mut wtr: W) -> io::Result<()> {
        let title = self.title.clone().unwrap_or_else(|| {
            let (n, m) = (graph.nodes().count(), graph.edges().count());
            format!("entgraph: {n} node{}, {m} edge{}", plural(n), plural(m))
        });
        let json = JsonExporter::new().compact(true).to_string(graph);
        let data = script_json(json.trim_end());
        let scripts = [CYTOSCAPE, LAYOUT, VIEW];
        let mut rest = PAGE;
        for (marker, value) in [
            ("/*TITLE*/", Part::Text(&title)),
            ("/*STYLE*/", Part::Raw(STYLE)),
            ("/*DATA*/", Part::Raw(&data)),
            ("/*SCRIPT*/", Part::Scripts(&scripts)),
        ] {
            let (before, after) =
                rest.split_once(marker).expect("the page template has every marker once");
            wtr.write_all(before.as_bytes())?;
            match value {
                Part::Text(s) => wtr.write_all(html_text(s).as_bytes())?,
                Part::Raw(s) => wtr.write_all(s.as_bytes())?,
                Part::Scripts(list) => {
                    for (i, s) in list.iter().enumerate() {
                        if i > 0 {
                            wtr.write_all(b"</script>\n<script>")?;
                        }
                        wtr.write_all(s.as_bytes())?;
                    }
                }
            }
            rest = after;
        }
        wtr.write_all(rest.as_bytes())
    }

    /// The page as a string.
    pub fn to_string(&self, graph: &CooccurrenceGraph) -> String {
        let mut out = Vec::new();
        self.write(graph, &mut out).expect("writing to a Vec cannot fail");
        String::from_utf8(out).expect("the page is UTF-8")
    }
}

enum Part<'a> {
    Text(&'a str),
    Raw(&'a str),
    Scripts(&'a [&'a str]),
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// JSON text made safe inside a `<script>` element. `<` only occurs inside JSON
/// strings, where `\u003c` means the same; so do `\u2028` and `\u2029`.
pub(crate) fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Text for an HTML element's content.
fn html_text(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_or_open_an_element_and_reads_back_the_same() {
        let value = serde_json::json!({
            "label": "</script><script>alert(1)</script> <!-- x --> \u{2028}\u{2029} </SCRIPT"
        });
        let text = script_json(&value.to_string());
        let lower = text.to_lowercase();
        assert!(!lower.contains("</script") && !lower.contains("<!--") && !text.contains('<'));
        assert!(!text.contains('\u{2028}') && !text.contains('\u{2029}'));
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
    }

    #[test]
    fn page_code_cannot_end_its_script_element_early() {
        for (name, code) in [("cytoscape", CYTOSCAPE), ("layout", LAYOUT), ("view", VIEW)] {
            let lower = code.to_lowercase();
            assert!(!lower.contains("</script"), "{name} contains </script");
            assert!(!lower.contains("<!--"), "{name} contains <!--");
        }
        for marker in ["/*TITLE*/", "/*STYLE*/", "/*DATA*/", "/*SCRIPT*/"] {
            assert_eq!(PAGE.matches(marker).count(), 1, "{marker}");
        }
    }

    #[test]
    fn title_is_escaped() {
        assert_eq!(html_text("a <b> & c"), "a &lt;b&gt; &amp; c");
    }
}
