//! Two CSV tables, `nodes.csv` and `edges.csv`: Gephi's spreadsheet import (Data
//! Laboratory, "Import Spreadsheet"), Kumu, Flourish, and any spreadsheet.
//!
//! `nodes.csv`, one row per node:
//!
//! ```text
//! Id,Label,type,wikidata,wikipedia,count,confidence_sum,documents,units,first_seen,last_seen,Timeset,doc_ids,degree,weighted_degree,pagerank,community
//! china,China,country,Q148,China,9,8.7,1,6,2024-05-01,2024-05-02,"<[2024-05-01, 2024-05-02]>","[""a.txt""]",3,7,0.31,0
//! ```
//!
//! With `--roles all` a last column, `roles`, gives a leader's office roles.
//!
//! `edges.csv`, one row per edge:
//!
//! ```text
//! Id,Source,Target,Type,Weight,confidence_sum,kind,documents,association,relations,relation_meeting,first_seen,last_seen,Timeset,doc_ids,evidence,evidence_doc,evidence_source_start,evidence_source_end,evidence_target_start,evidence_target_end
//! e0,china,russia,Undirected,4,3.8,cooccurrence,1,0.52,meeting,1,,,,"[""a.txt""]",China and Russia met.,a.txt,0,5,10,16
//! ```
//!
//! - The capitalised columns are the ones Gephi's importer recognises (`Id`,
//!   `Label`; `Source`, `Target`, `Type`, `Weight`, `Timeset`); the others become
//!   attributes.
//! - `Timeset` holds the periods in which the element is present, as Gephi's
//!   timeline reads them (`<[2024-05-01, 2024-05-02]; [2024-07-01, 2024-07-31]>`):
//!   the spells of the GEXF format, from the dates of the element's documents;
//!   empty when it has none (present at all times).
//! - `doc_ids` is the JSON list of the ids of the documents that sort first; `degree`,
//!   `weighted_degree`, `pagerank` and `community` are the analysis attributes;
//!   `evidence_doc` and the `evidence_*_start`/`_end` columns locate the first
//!   evidence unit and both mentions in it (code points into `evidence`).
//! - `confidence_sum` is, beside a node's `count`, the sum of its mentions'
//!   confidences, and beside an edge's `Weight` the expected number of shared
//!   units in which both mentions are right (see `entgraph::graph`).
//! - `relations` lists the relation kinds stated, in name order, joined by `|`;
//!   there is one `relation_<kind>` count column for every kind stated on some edge
//!   (0 where not stated). `evidence` is the text of the first supporting unit.
//!   Dates are written as in JSON (`2024`, `2024-05`, `2024-05-01`); absent
//!   values are empty cells.
//! - `kind` tells co-occurrence edges from the background edges of `--knowledge`
//!   (`leader_of`, `member_of`), and `Id` (`e0`, `e1`, ... in edge order, as in
//!   the other formats) keeps parallel edges apart.
//! - RFC 4180 quoting: a value holding a comma, a quote or a line break is quoted,
//!   with quotes doubled; every other value is written as it is. UTF-8 without a
//!   byte order mark; rows end with `\n`.
//! - CSV has no place for the graph's metadata; the other formats carry it.

use std::io;
use std::path::Path;

use super::{EdgeIds, number, relation_kinds, relation_list};
use crate::graph::CooccurrenceGraph;

/// Writes `nodes.csv` and `edges.csv`.
///
/// # Example
///
/// ```
/// use entgraph::export::CsvExporter;
/// use entgraph::{Document, Extractor, Gazetteer, GraphBuilder};
///
/// let gazetteer = Gazetteer::bundled().unwrap();
/// let extractor = Extractor::new(&gazetteer).unwrap();
/// let text = "China and Russia agreed.";
/// let doc = extractor.extract(Document::new("a", text));
/// let mut builder = GraphBuilder::new(&gazetteer);
/// builder.add_document(&doc);
/// let graph = builder.build();
/// let edges = CsvExporter::new().edges_to_string(&graph);
/// assert!(edges.lines().nth(1).unwrap().starts_with("e0,china,russia,Undirected,1,"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct CsvExporter {}

impl CsvExporter {
    /// An exporter.
    pub fn new() -> CsvExporter {
        CsvExporter::default()
    }

    /// Writes the node table to `nodes` and the edge table to `edges`.
    pub fn write<N: io::Write, E: io::Write>(
        &self,
        graph: &CooccurrenceGraph,
        nodes: N,
        edges: E,
    ) -> io::Result<()> {
        self.write_nodes(graph, nodes)?;
        self.write_edges(graph, edges)
    }

    /// Creates the directory `dir` if it is missing and writes `nodes.csv` and
    /// `edges.csv` in it.
    pub fn write_dir(&self, graph: &CooccurrenceGraph, dir: &Path) -> io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let nodes = io::BufWriter::new(std::fs::File::create(dir.join("nodes.csv"))?);
        let edges = io::BufWriter::new(std::fs::File::create(dir.join("edges.csv"))?);
        self.write(graph, nodes, edges)
    }

    /// Writes the node table.
    pub fn write_nodes<W: io::Write>(&self, graph: &CooccurrenceGraph, wtr: W) -> io::Result<()> {
        let mut w = writer(wtr);
        // The roles column only when some node has roles (`--roles all`).
        let roles = graph.nodes().any(|n| n.roles.is_some());
        let mut header = vec![
            "Id",
            "Label",
            "type",
            "wikidata",
            "wikipedia",
            "count",
            "confidence_sum",
            "documents",
            "units",
            "first_seen",
            "last_seen",
            "Timeset",
            "doc_ids",
            "degree",
            "weighted_degree",
            "pagerank",
            "community",
        ];
        if roles {
            header.push("roles");
        }
        w.write_record(&header)?;
        let analysis = crate::graph::analyse(graph);
        for (n, a) in graph.nodes().zip(&analysis) {
            let mut row = vec![
                n.id.clone(),
                n.label.clone(),
                n.entity_type.to_string(),
                n.wikidata.clone().unwrap_or_default(),
                n.wikipedia.clone().unwrap_or_default(),
                n.count.to_string(),
                number(n.confidence_sum).unwrap_or_default(),
                n.documents.to_string(),
                n.units.to_string(),
                n.first_seen.map(|d| d.to_string()).unwrap_or_default(),
                n.last_seen.map(|d| d.to_string()).unwrap_or_default(),
                timeset(&n.timeline, n.first_seen, n.last_seen),
                serde_json::to_string(&n.doc_ids).unwrap_or_default(),
                a.degree.to_string(),
                a.weighted_degree.to_string(),
                number(a.pagerank).unwrap_or_default(),
                a.community.to_string(),
            ];
            if roles {
                row.push(n.roles.clone().unwrap_or_default());
            }
            w.write_record(&row)?;
        }
        w.flush()
    }

    /// Writes the edge table.
    pub fn write_edges<W: io::Write>(&self, graph: &CooccurrenceGraph, wtr: W) -> io::Result<()> {
        let mut w = writer(wtr);
        let kinds = relation_kinds(graph);
        let mut header: Vec<String> =
            ["Id", "Source", "Target", "Type", "Weight", "confidence_sum", "kind", "documents"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        header.push("association".into());
        header.push("relations".into());
        header.extend(kinds.iter().map(|k| format!("relation_{k}")));
        header.extend(["first_seen", "last_seen", "Timeset", "doc_ids"].map(String::from));
        header.extend(super::json::FIRST_EVIDENCE_KEYS.map(|(k, _)| k.to_string()));
        w.write_record(&header)?;
        let ids = EdgeIds::new(graph);
        for (i, (a, b, e)) in graph.edges().enumerate() {
            let mut row = vec![
                ids.get(i),
                a.id.clone(),
                b.id.clone(),
                "Undirected".to_string(),
                e.weight.to_string(),
                number(e.confidence_sum).unwrap_or_default(),
                e.kind.as_str().to_string(),
                e.documents.to_string(),
                e.association.and_then(number).unwrap_or_default(),
                relation_list(&e.relations),
            ];
            row.extend(kinds.iter().map(|k| e.relations.get(k).copied().unwrap_or(0).to_string()));
            row.push(e.first_seen.map(|d| d.to_string()).unwrap_or_default());
            row.push(e.last_seen.map(|d| d.to_string()).unwrap_or_default());
            row.push(timeset(&e.timeline, e.first_seen, e.last_seen));
            row.push(serde_json::to_string(&e.doc_ids).unwrap_or_default());
            let evidence = super::json::first_evidence_flat(e);
            if evidence.is_empty() {
                row.extend(super::json::FIRST_EVIDENCE_KEYS.map(|_| String::new()));
            }
            for (_, v) in evidence {
                row.push(match v {
                    serde_json::Value::String(s) => s,
                    v => v.to_string(),
                });
            }
            w.write_record(&row)?;
        }
        w.flush()
    }

    /// The node table as a string.
    pub fn nodes_to_string(&self, graph: &CooccurrenceGraph) -> String {
        let mut out = Vec::new();
        self.write_nodes(graph, &mut out).expect("writing to a Vec cannot fail");
        String::from_utf8(out).expect("the fields are UTF-8")
    }

    /// The edge table as a string.
    pub fn edges_to_string(&self, graph: &CooccurrenceGraph) -> String {
        let mut out = Vec::new();
        self.write_edges(graph, &mut out).expect("writing to a Vec cannot fail");
        String::from_utf8(out).expect("the fields are UTF-8")
    }
}

/// Gephi's timeset of a timeline: its spells as `<[start, end]; ...>`, or
/// nothing.
fn timeset(
    timeline: &std::collections::BTreeMap<crate::gazetteer::Date, u64>,
    first: Option<crate::gazetteer::Date>,
    last: Option<crate::gazetteer::Date>,
) -> String {
    let spells = crate::graph::element_spells(timeline, first, last);
    if spells.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = spells.iter().map(|s| format!("[{}, {}]", s.start, s.end)).collect();
    format!("<{}>", parts.join("; "))
}

fn writer<W: io::Write>(wtr: W) -> ::csv::Writer<W> {
    ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(wtr)
}
