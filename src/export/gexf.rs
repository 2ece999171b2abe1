//! GEXF 1.3, the format of Gephi and Gephi Lite.
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
//!   <meta>
//!     <creator>entgraph 0.1.0</creator>
//!     <description>{"documents":1,"name":"entgraph","scope":"sentence",...}</description>
//!   </meta>
//!   <graph defaultedgetype="undirected" idtype="string" mode="dynamic" timeformat="date">
//!     <attributes class="node" mode="static">
//!       <attribute id="type" title="type" type="string"/> ...
//!     </attributes>
//!     <attributes class="edge" mode="static"> ... </attributes>
//!     <attributes class="edge" mode="dynamic">
//!       <attribute id="weight" title="weight_by_date" type="double"/>
//!     </attributes>
//!     <nodes count="2">
//!       <node id="china" label="China">
//!         <attvalues><attvalue for="type" value="country"/> ...</attvalues>
//!         <spells><spell start="2024-05-01" end="2024-05-02"/>
//!                 <spell start="2024-07-01" end="2024-07-31"/></spells>
//!         <viz:color r="132" g="197" b="230"/>
//!         <viz:size value="40.0"/>
//!       </node>
//!     </nodes>
//!     <edges count="1">
//!       <edge id="e0" source="china" target="russia" weight="4" kind="cooccurrence">
//!         <attvalues><attvalue for="kind" value="cooccurrence"/> ...
//!           <attvalue for="weight" value="3" start="2024-05-01" end="2024-05-02"/>
//!           <attvalue for="weight" value="1" start="2024-07-01" end="2024-07-31"/>
//!         </attvalues>
//!         <spells> ... </spells>
//!       </edge>
//!     </edges>
//!   </graph>
//! </gexf>
//! ```
//!
//! - **Attribute ids** are the attribute names (`type`, `relation_meeting`), which
//!   Gephi shows as columns and Gephi Lite uses as keys.
//! - **Node attributes** (declared and typed in `<attributes class="node">`):
//!   `type`, `wikidata`, `wikipedia` (string), `count` (long), `confidence_sum`
//!   (double), `documents`, `units` (long), `first_seen`, `last_seen` (string, the dates as written in JSON),
//!   `doc_ids` (string: the JSON list of the ids of the documents that sort first), and the
//!   analysis attributes `degree`, `weighted_degree` (long), `pagerank` (double)
//!   and `community` (long), which Gephi can partition and size by. The node's
//!   `label` is GEXF's own `label`. Absent values have no `<attvalue>`.
//!   With `--roles all`, `roles` (string: a leader's office roles, joined by `;`).
//! - **Edge attributes**: `kind` (string), `confidence_sum` (double), `documents`
//!   (long), `association` (double), `relations` (string: the kinds stated, in name order, joined by
//!   `|`), one `relation_<kind>` count (long, default 0) for every kind stated on
//!   some edge, `first_seen`, `last_seen`, `doc_ids` (string) and the first
//!   supporting unit: `evidence` (its text), `evidence_doc` (string),
//!   `evidence_source_start`, `evidence_source_end`, `evidence_target_start`,
//!   `evidence_target_end` (long: code points into the text). The edge's
//!   `weight` is GEXF's own `weight`.
//! - **Edge ids and kinds**: edges have ids (`e0`, `e1`, ... in edge order) and
//!   GEXF 1.3's `kind`, so readers keep a background edge (`leader_of`,
//!   `member_of`) apart from the co-occurrence edge of the same pair. Background
//!   edges are drawn dashed (`<viz:shape value="dashed"/>`).
//! - **Visual attributes**: `viz:color` by entity type (the DOT palette) and
//!   `viz:size` from 10 to 40 with the logarithm of the mentions.
//! - **Time**: when some node has dates, the graph is dynamic (`mode="dynamic"`,
//!   `timeformat="date"`) and every dated node and edge lives on the dates of its
//!   documents: one spell per period, where each date covers its period (GEXF
//!   dates are full `xsd:date`s: `2024-05-01` is that day, `2024-05` runs from
//!   `2024-05-01` to `2024-05-31`, `2024` the whole year) and periods that overlap
//!   or touch (the next starts the day after one ends) merge into one spell (see
//!   `entgraph::graph::spells`). A leader named in three documents a year apart
//!   lives on three days. Ends are inclusive. Elements without dates are present
//!   at all times. A graph without dates is static.
//! - **Dynamic weight** ([`GexfExporter::dynamic_weight`], `--dynamic-weight`):
//!   each dated co-occurrence edge also gets Gephi's `weight` attribute over time,
//!   declared in a second `<attributes class="edge" mode="dynamic">`: one
//!   `<attvalue for="weight">` per spell holding the units the pair shares in it,
//!   while the edge's `weight` stays the total. It is off by default because
//!   Gephi Lite's reader (graphology-gexf) reads only the last block of edge
//!   attributes and then rejects every other edge attribute as undeclared.
//! - **Metadata**: `<creator>` names the tool and version; `<description>` is the
//!   graph's metadata as one line of JSON (the `graph` object of the JSON format:
//!   scope, documents, units, settings, gazetteer fingerprint). No timestamp is
//!   written, so the same graph gives the same bytes.
//! - **Text**: UTF-8; strings are escaped as `src/export/xml.rs` says, which keeps
//!   tabs and line breaks in attribute values and replaces the characters XML 1.0
//!   forbids with U+FFFD.

use std::fmt::Write as _;
use std::io;

use super::xml;
use super::{EdgeIds, colour, number, relation_kinds, relation_list};
use crate::gazetteer::Date;
use crate::graph::{CooccurrenceGraph, EdgeKind, Spell, element_spells};

/// Writes GEXF 1.3.
///
/// # Example
///
/// ```
/// use entgraph::export::GexfExporter;
/// use entgraph::{Document, Extractor, Gazetteer, GraphBuilder};
///
/// let gazetteer = Gazetteer::bundled().unwrap();
/// let extractor = Extractor::new(&gazetteer).unwrap();
/// let text = "China and Russia agreed.";
/// let doc = extractor.extract(Document::new("a", text));
/// let mut builder = GraphBuilder::new(&gazetteer);
/// builder.add_document(&doc);
/// let gexf = GexfExporter::new().to_string(&builder.build());
/// assert!(gexf.contains(r#"<edge id="e0" source="china" target="russia" weight="1""#));
/// ```
#[derive(Clone, Debug, Default)]
pub struct GexfExporter {
    dynamic_weight: bool,
}

const NODE_ATTRIBUTES: &[(&str, &str)] = &[
    ("type", "string"),
    ("wikidata", "string"),
    ("wikipedia", "string"),
    ("count", "long"),
    ("confidence_sum", "double"),
    ("documents", "long"),
    ("units", "long"),
    ("first_seen", "string"),
    ("last_seen", "string"),
    ("doc_ids", "string"),
    ("degree", "long"),
    ("weighted_degree", "long"),
    ("pagerank", "double"),
    ("community", "long"),
];

impl GexfExporter {
    /// An exporter with the default style.
    pub fn new() -> GexfExporter {
        GexfExporter::default()
    }

    /// Give co-occurrence edges a weight over time (Gephi's dynamic `weight`),
    /// one value per spell (default `false`: Gephi Lite's reader takes only one
    /// block of edge attributes, so a file with this one does not open there).
    pub fn dynamic_weight(mut self, yes: bool) -> GexfExporter {
        self.dynamic_weight = yes;
        self
    }

    /// Writes `graph` to `wtr`.
    pub fn write<W: io::Write>(&self, graph: &CooccurrenceGraph, mut wtr: W) -> io::Result<()> {
        wtr.write_all(self.to_string(graph).as_bytes())
    }

    /// The GEXF text.
    pub fn to_string(&self, graph: &CooccurrenceGraph) -> String {
        let mut out = String::new();
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str(
            "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" \
             version=\"1.3\">\n",
        );
        out.push_str("  <meta>\n    <creator>entgraph ");
        xml::text(&mut out, env!("CARGO_PKG_VERSION"));
        out.push_str("</creator>\n    <description>");
        let meta = serde_json::Value::Object(super::json::meta_json(&graph.meta)).to_string();
        xml::text(&mut out, &meta);
        out.push_str("</description>\n  </meta>\n");

        let dynamic = graph.nodes().any(|n| n.first_seen.is_some());
        out.push_str("  <graph defaultedgetype=\"undirected\" idtype=\"string\"");
        out.push_str(if dynamic {
            " mode=\"dynamic\" timeformat=\"date\">\n"
        } else {
            " mode=\"static\">\n"
        });

        out.push_str("    <attributes class=\"node\" mode=\"static\">\n");
        // `roles` is declared only when some node has it (`--roles all`).
        let roles = graph.nodes().any(|n| n.roles.is_some());
        for (name, ty) in NODE_ATTRIBUTES.iter().chain(roles.then_some(&("roles", "string"))) {
            let _ =
                writeln!(out, "      <attribute id=\"{name}\" title=\"{name}\" type=\"{ty}\"/>");
        }
        out.push_str("    </attributes>\n");
        let kinds = relation_kinds(graph);
        out.push_str("    <attributes class=\"edge\" mode=\"static\">\n");
        for (name, ty) in [
            ("kind", "string"),
            ("confidence_sum", "double"),
            ("documents", "long"),
            ("association", "double"),
            ("relations", "string"),
        ] {
            let _ =
                writeln!(out, "      <attribute id=\"{name}\" title=\"{name}\" type=\"{ty}\"/>");
        }
        for kind in &kinds {
            // The id is the title too: Gephi shows titles, but Gephi Lite's reader
            // (graphology-gexf) names attributes by their ids.
            out.push_str("      <attribute id=\"relation_");
            xml::attr(&mut out, kind.as_str());
            out.push_str("\" title=\"relation_");
            xml::attr(&mut out, kind.as_str());
            out.push_str("\" type=\"long\">\n        <default>0</default>\n      </attribute>\n");
        }
        let dates_and_ids =
            [("first_seen", "string"), ("last_seen", "string"), ("doc_ids", "string")];
        for (name, ty) in dates_and_ids.into_iter().chain(super::json::FIRST_EVIDENCE_KEYS) {
            let _ =
                writeln!(out, "      <attribute id=\"{name}\" title=\"{name}\" type=\"{ty}\"/>");
        }
        out.push_str("    </attributes>\n");
        let dynamic_weight = dynamic && self.dynamic_weight;
        if dynamic_weight {
            // Gephi reads `for="weight"` as the edge weight over time; the title
            // keeps other readers from taking the last value for the weight.
            out.push_str(
                "    <attributes class=\"edge\" mode=\"dynamic\">\n      <attribute \
                 id=\"weight\" title=\"weight_by_date\" type=\"double\"/>\n    </attributes>\n",
            );
        }

        let max_count = graph.nodes().map(|n| n.count).max().unwrap_or(1).max(1);
        let analysis = crate::graph::analyse(graph);
        let _ = writeln!(out, "    <nodes count=\"{}\">", graph.graph.node_count());
        for (n, a) in graph.nodes().zip(&analysis) {
            out.push_str("      <node id=\"");
            xml::attr(&mut out, &n.id);
            out.push_str("\" label=\"");
            xml::attr(&mut out, &n.label);
            out.push_str("\">\n        <attvalues>\n");
            attvalue(&mut out, "type", n.entity_type.as_str());
            if let Some(q) = &n.wikidata {
                attvalue(&mut out, "wikidata", q);
            }
            if let Some(w) = &n.wikipedia {
                attvalue(&mut out, "wikipedia", w);
            }
            if let Some(r) = &n.roles {
                attvalue(&mut out, "roles", r);
            }
            attvalue(&mut out, "count", &n.count.to_string());
            attvalue(&mut out, "confidence_sum", &number(n.confidence_sum).unwrap_or_default());
            attvalue(&mut out, "documents", &n.documents.to_string());
            attvalue(&mut out, "units", &n.units.to_string());
            dates(&mut out, n.first_seen, n.last_seen);
            attvalue(&mut out, "doc_ids", &serde_json::to_string(&n.doc_ids).unwrap_or_default());
            attvalue(&mut out, "degree", &a.degree.to_string());
            attvalue(&mut out, "weighted_degree", &a.weighted_degree.to_string());
            attvalue(&mut out, "pagerank", &number(a.pagerank).unwrap_or_default());
            attvalue(&mut out, "community", &a.community.to_string());
            out.push_str("        </attvalues>\n");
            let node_spells = element_spells(&n.timeline, n.first_seen, n.last_seen);
            write_spells(&mut out, &node_spells);
            let [r, g, b] = colour(n.entity_type.as_str());
            let _ = writeln!(out, "        <viz:color r=\"{r}\" g=\"{g}\" b=\"{b}\"/>");
            let size = 10.0 + 30.0 * ((n.count as f64).ln_1p() / (max_count as f64).ln_1p());
            let size = number((size * 10.0).round() / 10.0).unwrap_or_else(|| "10.0".into());
            let _ = writeln!(out, "        <viz:size value=\"{size}\"/>");
            out.push_str("      </node>\n");
        }
        out.push_str("    </nodes>\n");

        let ids = EdgeIds::new(graph);
        let _ = writeln!(out, "    <edges count=\"{}\">", graph.graph.edge_count());
        for (i, (a, b, e)) in graph.edges().enumerate() {
            let _ = write!(out, "      <edge id=\"{}\" source=\"", ids.get(i));
            xml::attr(&mut out, &a.id);
            out.push_str("\" target=\"");
            xml::attr(&mut out, &b.id);
            let _ = writeln!(out, "\" weight=\"{}\" kind=\"{}\">", e.weight, e.kind.as_str());
            out.push_str("        <attvalues>\n");
            attvalue(&mut out, "kind", e.kind.as_str());
            attvalue(&mut out, "confidence_sum", &number(e.confidence_sum).unwrap_or_default());
            attvalue(&mut out, "documents", &e.documents.to_string());
            if let Some(x) = e.association.and_then(number) {
                attvalue(&mut out, "association", &x);
            }
            if !e.relations.is_empty() {
                attvalue(&mut out, "relations", &relation_list(&e.relations));
            }
            for (kind, count) in &e.relations {
                attvalue(&mut out, &format!("relation_{kind}"), &count.to_string());
            }
            dates(&mut out, e.first_seen, e.last_seen);
            attvalue(&mut out, "doc_ids", &serde_json::to_string(&e.doc_ids).unwrap_or_default());
            for (name, value) in super::json::first_evidence_flat(e) {
                let text = match value {
                    serde_json::Value::String(s) => s,
                    v => v.to_string(),
                };
                attvalue(&mut out, name, &text);
            }
            let edge_spells = element_spells(&e.timeline, e.first_seen, e.last_seen);
            if dynamic_weight {
                for s in edge_spells.iter().filter(|s| s.weight > 0) {
                    let _ = writeln!(
                        out,
                        "          <attvalue for=\"weight\" value=\"{}\" start=\"{}\" end=\"{}\"/>",
                        s.weight, s.start, s.end
                    );
                }
            }
            out.push_str("        </attvalues>\n");
            write_spells(&mut out, &edge_spells);
            if e.kind != EdgeKind::Cooccurrence {
                out.push_str("        <viz:shape value=\"dashed\"/>\n");
            }
            out.push_str("      </edge>\n");
        }
        out.push_str("    </edges>\n  </graph>\n</gexf>\n");
        out
    }
}

fn attvalue(out: &mut String, id: &str, value: &str) {
    out.push_str("          <attvalue for=\"");
    xml::attr(out, id);
    out.push_str("\" value=\"");
    xml::attr(out, value);
    out.push_str("\"/>\n");
}

fn dates(out: &mut String, first: Option<Date>, last: Option<Date>) {
    if let Some(d) = first {
        attvalue(out, "first_seen", &d.to_string());
    }
    if let Some(d) = last {
        attvalue(out, "last_seen", &d.to_string());
    }
}

/// The `<spells>` of an element (nothing when it has none).
fn write_spells(out: &mut String, spells: &[Spell]) {
    if spells.is_empty() {
        return;
    }
    out.push_str("        <spells>\n");
    for s in spells {
        let _ = writeln!(out, "          <spell start=\"{}\" end=\"{}\"/>", s.start, s.end);
    }
    out.push_str("        </spells>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_cover_their_period() {
        let d = |s| Date::parse(s).unwrap();
        let mut out = String::new();
        let timeline = std::collections::BTreeMap::from([(d("2024"), 1), (d("2025-05"), 2)]);
        write_spells(&mut out, &crate::graph::spells(&timeline));
        assert!(out.contains(r#"<spell start="2024-01-01" end="2024-12-31"/>"#), "{out}");
        assert!(out.contains(r#"<spell start="2025-05-01" end="2025-05-31"/>"#), "{out}");
        out.clear();
        write_spells(&mut out, &[]);
        assert!(out.is_empty());
    }
}
