//! Mentions, one document at a time: JSON Lines for evaluation and highlighting,
//! and TSV for spreadsheets.
//!
//! A JSON line per document:
//!
//! ```json
//! {"doc_id": "a.txt", "date": "2024-05-01", "mentions": [
//!   {"start": 18, "end": 28, "byte_start": 18, "byte_end": 28, "utf16_start": 18,
//!    "utf16_end": 28, "text": "Xi Jinping", "entity": "xi-jinping", "label": "Xi Jinping",
//!    "type": "leader", "wikidata": "Q15031", "wikipedia": "Xi Jinping",
//!    "alias_kind": "name", "confidence": 0.95, "rule": "unique-alias"}]}
//! ```
//!
//! Offsets are given in three units, end exclusive: `start`/`end` count Unicode
//! code points (Python's `str` indices), `byte_start`/`byte_end` count UTF-8 bytes
//! (Rust, Go), and `utf16_start`/`utf16_end` count UTF-16 code units (JavaScript
//! strings, as highlighters in a web page need). All refer to the document's text
//! as read (after invalid UTF-8 was replaced, if it had to be).
//!
//! The TSV form has a header row and one row per mention:
//! `doc_id, start, end, text, entity, label, type, wikidata, wikipedia, alias_kind,
//! confidence`; tabs and line breaks inside values are written as spaces.

use std::io;

use serde::Serialize;

use crate::extract::Extraction;
use crate::gazetteer::Gazetteer;
use crate::graph::Evidence;
use crate::resolve::Mention;

/// A mention with its offsets in the three units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Offsets {
    /// Code point offset of the start.
    pub start: usize,
    /// Code point offset of the end.
    pub end: usize,
    /// Byte offset of the start.
    pub byte_start: usize,
    /// Byte offset of the end.
    pub byte_end: usize,
    /// UTF-16 offset of the start.
    pub utf16_start: usize,
    /// UTF-16 offset of the end.
    pub utf16_end: usize,
}

/// Offsets of every mention in the three units, in one pass over the text.
/// `mentions` must be in text order.
pub fn offsets(text: &str, mentions: &[Mention]) -> Vec<Offsets> {
    let mut out = Vec::with_capacity(mentions.len());
    let (mut byte, mut cp, mut u16) = (0usize, 0usize, 0usize);
    let mut chars = text.char_indices().peekable();
    let mut advance_to = |target: usize, byte: &mut usize, cp: &mut usize, u16: &mut usize| {
        while let Some(&(i, c)) = chars.peek() {
            if i >= target {
                break;
            }
            *cp += 1;
            *u16 += c.len_utf16();
            *byte = i + c.len_utf8();
            chars.next();
        }
        *byte = target;
    };
    for m in mentions {
        advance_to(m.span.start, &mut byte, &mut cp, &mut u16);
        let (s_cp, s_u16) = (cp, u16);
        advance_to(m.span.end, &mut byte, &mut cp, &mut u16);
        out.push(Offsets {
            start: s_cp,
            end: cp,
            byte_start: m.span.start,
            byte_end: m.span.end,
            utf16_start: s_u16,
            utf16_end: u16,
        });
    }
    out
}

#[derive(Serialize)]
struct Line<'a> {
    doc_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    mentions: Vec<MentionOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    edges: Option<Vec<LocalEdge<'a>>>,
}

#[derive(Serialize)]
struct MentionOut<'a> {
    #[serde(flatten)]
    offsets: Offsets,
    text: &'a str,
    entity: &'a str,
    label: &'a str,
    #[serde(rename = "type")]
    entity_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    wikidata: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wikipedia: Option<&'a str>,
    alias_kind: &'a str,
    confidence: f64,
    rule: &'a str,
    /// For a match inside a longer name: that name's offsets (code points).
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<NameOut<'a>>,
}

/// The name a match lies inside.
#[derive(Serialize)]
struct NameOut<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

/// An edge of one document, for `--per-document` lines.
#[derive(Serialize)]
struct LocalEdge<'a> {
    source: &'a str,
    target: &'a str,
    weight: u64,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    relations: std::collections::BTreeMap<String, u64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    evidence: Vec<LocalEvidence<'a>>,
}

/// Offsets as in the graph's JSON: code points, with `_utf16` and `_bytes` twins.
#[derive(Serialize)]
struct LocalEvidence<'a> {
    start: usize,
    end: usize,
    start_utf16: usize,
    end_utf16: usize,
    start_bytes: usize,
    end_bytes: usize,
    text: &'a str,
    source: [usize; 2],
    target: [usize; 2],
    source_utf16: [usize; 2],
    target_utf16: [usize; 2],
    source_bytes: [usize; 2],
    target_bytes: [usize; 2],
}

/// Writes mentions of documents.
#[derive(Clone, Debug)]
pub struct MentionsExporter {
    gazetteer: Gazetteer,
}

impl MentionsExporter {
    /// An exporter naming entities from `gazetteer` (a clone of the handle is kept).
    pub fn new(gazetteer: &Gazetteer) -> MentionsExporter {
        MentionsExporter { gazetteer: gazetteer.clone() }
    }

    fn mentions<'a>(&'a self, doc: &'a Extraction) -> Vec<MentionOut<'a>> {
        let g = &self.gazetteer;
        let text = doc.text();
        // Matches inside longer names are listed whether or not the graph counts
        // them (once: those kept are among the mentions too).
        let mut all: Vec<(Mention, Option<crate::span::Span>)> = doc
            .mentions
            .iter()
            .filter(|m| m.kind != crate::resolve::MentionKind::InName)
            .map(|m| (m.clone(), None))
            .chain(doc.in_names.iter().map(|n| (n.mention.clone(), Some(n.name))))
            .collect();
        all.sort_by_key(|(m, _)| m.span);
        let mentions: Vec<Mention> = all.iter().map(|(m, _)| m.clone()).collect();
        // The names' offsets, in text order as `offsets` wants them.
        let mut names: Vec<Mention> =
            all.iter().filter_map(|(m, n)| n.map(|span| Mention { span, ..m.clone() })).collect();
        names.sort_by_key(|m| m.span);
        names.dedup_by_key(|m| m.span);
        let name_offsets: Vec<(crate::span::Span, Offsets)> =
            names.iter().map(|m| m.span).zip(offsets(text, &names)).collect();
        offsets(text, &mentions)
            .into_iter()
            .zip(all.iter())
            .map(|(offsets, (m, name))| {
                let name = name.and_then(|span| {
                    name_offsets.iter().find(|(s, _)| *s == span).map(|(_, o)| NameOut {
                        start: o.start,
                        end: o.end,
                        text: &text[span.range()],
                    })
                });
                let e = g.entity(m.entity);
                MentionOut {
                    offsets,
                    text: &text[m.span.range()],
                    entity: &e.id,
                    label: &e.label,
                    entity_type: e.entity_type.as_str(),
                    wikidata: e.wikidata.as_deref(),
                    wikipedia: e.wikipedia.as_deref(),
                    alias_kind: m.kind.as_str(),
                    // Rounded so the output does not carry float noise.
                    confidence: (m.confidence as f64 * 100.0).round() / 100.0,
                    rule: m.rule.as_str(),
                    name,
                }
            })
            .collect()
    }

    /// Writes one JSON line for a document.
    pub fn write_jsonl<W: io::Write>(&self, mut wtr: W, doc: &Extraction) -> io::Result<()> {
        let line = Line {
            doc_id: doc.id(),
            date: doc.date().map(|d| d.to_string()),
            mentions: self.mentions(doc),
            edges: None,
        };
        serde_json::to_writer(&mut wtr, &line)?;
        wtr.write_all(b"\n")
    }

    /// Writes one JSON line for a document with its mentions and its own edges
    /// (`edges`: `(source id, target id, weight, relations, evidence)` as the graph
    /// builder made them for this document alone).
    pub fn write_jsonl_with_edges<W: io::Write>(
        &self,
        mut wtr: W,
        doc: &Extraction,
        edges: &[(String, String, crate::graph::Edge)],
    ) -> io::Result<()> {
        let local = edges
            .iter()
            .map(|(a, b, e)| LocalEdge {
                source: a,
                target: b,
                weight: e.weight,
                relations: e.relations.clone(),
                evidence: e.evidence.iter().map(local_evidence).collect(),
            })
            .collect();
        let line = Line {
            doc_id: doc.id(),
            date: doc.date().map(|d| d.to_string()),
            mentions: self.mentions(doc),
            edges: Some(local),
        };
        serde_json::to_writer(&mut wtr, &line)?;
        wtr.write_all(b"\n")
    }

    /// The TSV header row.
    pub fn tsv_header<W: io::Write>(&self, mut wtr: W) -> io::Result<()> {
        wtr.write_all(
            b"doc_id\tstart\tend\ttext\tentity\tlabel\ttype\twikidata\twikipedia\talias_kind\tconfidence\n",
        )
    }

    /// Writes TSV rows for a document's mentions.
    pub fn write_tsv<W: io::Write>(&self, mut wtr: W, doc: &Extraction) -> io::Result<()> {
        for m in self.mentions(doc) {
            let fields = [
                clean(doc.id()),
                m.offsets.start.to_string(),
                m.offsets.end.to_string(),
                clean(m.text),
                clean(m.entity),
                clean(m.label),
                clean(m.entity_type),
                clean(m.wikidata.unwrap_or("")),
                clean(m.wikipedia.unwrap_or("")),
                m.alias_kind.to_string(),
                format!("{:.2}", m.confidence),
            ];
            wtr.write_all(fields.join("\t").as_bytes())?;
            wtr.write_all(b"\n")?;
        }
        Ok(())
    }
}

fn local_evidence(ev: &Evidence) -> LocalEvidence<'_> {
    let o = ev.offsets();
    LocalEvidence {
        start: o.unit.chars[0],
        end: o.unit.chars[1],
        start_utf16: o.unit.utf16[0],
        end_utf16: o.unit.utf16[1],
        start_bytes: o.unit.bytes[0],
        end_bytes: o.unit.bytes[1],
        text: &ev.text,
        source: o.source.chars,
        target: o.target.chars,
        source_utf16: o.source.utf16,
        target_utf16: o.target.utf16,
        source_bytes: o.source.bytes,
        target_bytes: o.target.bytes,
    }
}

/// A TSV value: tabs and line breaks become spaces.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::EntityIndex;
    use crate::resolve::Rule;
    use crate::span::Span;

    fn mention(start: usize, end: usize) -> Mention {
        Mention {
            span: Span::new(start, end),
            entity: EntityIndex::new(0),
            kind: crate::resolve::MentionKind::Name,
            confidence: 1.0,
            rule: Rule::UniqueAlias,
        }
    }

    #[test]
    fn three_units() {
        // "é" is 2 bytes, 1 code point, 1 UTF-16 unit; "😀" is 4 bytes, 1 code point, 2 units.
        let text = "é 😀 China";
        let start = text.find("China").unwrap();
        let o = offsets(text, &[mention(0, 2), mention(start, start + 5)]);
        assert_eq!((o[0].start, o[0].end, o[0].utf16_start, o[0].utf16_end), (0, 1, 0, 1));
        assert_eq!((o[1].byte_start, o[1].start, o[1].utf16_start), (start, 4, 5));
        assert_eq!((o[1].end, o[1].utf16_end), (9, 10));
    }
}
