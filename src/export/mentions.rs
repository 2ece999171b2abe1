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
//!    "alias_kind": "name", "confidence": 0.995, "rule": "unique-alias"}]}
//! ```
//!
//! `confidence` is the probability that the mention is right (see
//! [`crate::resolve::confidence`]). When the resolver records features
//! (`--features`), each mention also has `features`: what the confidence model
//! read, by name, for refitting it (`scripts/confidence/fit.py`).
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

use serde::{Deserialize, Serialize};

use crate::extract::Extraction;
use crate::gazetteer::{Date, EntityType, Gazetteer};
use crate::graph::Evidence;
use crate::relations::RelationKind;
use crate::resolve::Mention;

/// A mention with its offsets in the three units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

/// The mentions of one document, as a line of the JSON Lines output: writing it
/// with `serde_json` gives that line (without its line break), and reading the
/// line gives it back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MentionsRecord {
    /// The document's id.
    pub doc_id: String,
    /// The document's date, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Its mentions, in text order, with the matches inside longer names.
    pub mentions: Vec<MentionRecord>,
    /// The document's own edges (`--per-document`), if asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edges: Option<Vec<LocalEdge>>,
}

/// One mention in the mentions output: where it is, what it names, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MentionRecord {
    /// Its offsets in the three units.
    #[serde(flatten)]
    pub offsets: Offsets,
    /// Its text.
    pub text: String,
    /// The entity's id.
    pub entity: String,
    /// The entity's display name.
    pub label: String,
    /// The entity's type (`leader`, `country`, `organisation`, or a type of a
    /// user's gazetteer).
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// The entity's Wikidata QID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// The entity's English Wikipedia title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikipedia: Option<String>,
    /// What kind of text it is (`name`, `surname`, `demonym`, ...).
    pub alias_kind: String,
    /// How sure the resolver is, from 0 to 1, to three decimals.
    pub confidence: f64,
    /// The rule that kept it.
    pub rule: String,
    /// For a match inside a longer name: that name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<NameRecord>,
    /// What the confidence model read, when the resolver recorded it
    /// (`--features`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<serde_json::Map<String, serde_json::Value>>,
}

/// The name a match lies inside (offsets in code points).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameRecord {
    /// Code point offset of the start.
    pub start: usize,
    /// Code point offset of the end.
    pub end: usize,
    /// The name's text.
    pub text: String,
}

/// An edge of one document, for `--per-document` lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalEdge {
    /// The source entity's id.
    pub source: String,
    /// The target entity's id.
    pub target: String,
    /// Units the two share in the document.
    pub weight: u64,
    /// Counts of relation kinds stated in the shared units.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub relations: std::collections::BTreeMap<RelationKind, u64>,
    /// Supporting units.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<LocalEvidence>,
}

/// A supporting unit of a document's edge. Offsets as in the graph's JSON: code
/// points, with `_utf16` and `_bytes` twins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalEvidence {
    /// Start of the unit (code points).
    pub start: usize,
    /// End of the unit (code points).
    pub end: usize,
    /// Start of the unit (UTF-16 units).
    pub start_utf16: usize,
    /// End of the unit (UTF-16 units).
    pub end_utf16: usize,
    /// Start of the unit (bytes).
    pub start_bytes: usize,
    /// End of the unit (bytes).
    pub end_bytes: usize,
    /// The unit's text.
    pub text: String,
    /// The source's first mention in the unit (code points).
    pub source: [usize; 2],
    /// The target's first mention in the unit (code points).
    pub target: [usize; 2],
    /// The source's first mention (UTF-16 units).
    pub source_utf16: [usize; 2],
    /// The target's first mention (UTF-16 units).
    pub target_utf16: [usize; 2],
    /// The source's first mention (bytes).
    pub source_bytes: [usize; 2],
    /// The target's first mention (bytes).
    pub target_bytes: [usize; 2],
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

    /// The mentions of `doc` as a record of the JSON Lines output.
    pub fn record(&self, doc: &Extraction) -> MentionsRecord {
        MentionsRecord {
            doc_id: doc.id().to_string(),
            date: doc.date(),
            mentions: self.mentions(doc),
            edges: None,
        }
    }

    fn mentions(&self, doc: &Extraction) -> Vec<MentionRecord> {
        let g = &self.gazetteer;
        let text = doc.text();
        // Matches inside longer names and teams are listed whether or not the
        // graph counts them (once: those kept are among the mentions too).
        let mut all: Vec<(Mention, Option<crate::span::Span>)> = doc
            .mentions
            .iter()
            .filter(|m| {
                m.kind != crate::resolve::MentionKind::InName
                    && m.kind != crate::resolve::MentionKind::Team
            })
            .map(|m| (m.clone(), None))
            .chain(doc.in_names.iter().map(|n| (n.mention.clone(), Some(n.name))))
            .chain(doc.teams.iter().map(|m| (m.clone(), None)))
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
                    name_offsets.iter().find(|(s, _)| *s == span).map(|(_, o)| NameRecord {
                        start: o.start,
                        end: o.end,
                        text: text[span.range()].to_string(),
                    })
                });
                let e = g.entity(m.entity);
                let features =
                    doc.features.iter().find(|f| f.span == m.span && f.entity == m.entity).map(
                        |f| {
                            f.named(e.entity_type.as_str())
                                .into_iter()
                                .map(|(k, v)| {
                                    (k, serde_json::Value::from((v as f64 * 1e4).round() / 1e4))
                                })
                                .collect()
                        },
                    );
                MentionRecord {
                    offsets,
                    text: text[m.span.range()].to_string(),
                    entity: e.id.clone(),
                    label: e.label.clone(),
                    entity_type: e.entity_type.clone(),
                    wikidata: e.wikidata.clone(),
                    wikipedia: e.wikipedia.clone(),
                    alias_kind: m.kind.as_str().to_string(),
                    // Rounded so the output does not carry float noise.
                    confidence: (m.confidence as f64 * 1000.0).round() / 1000.0,
                    rule: m.rule.as_str().to_string(),
                    name,
                    features,
                }
            })
            .collect()
    }

    /// Writes one JSON line for a document.
    pub fn write_jsonl<W: io::Write>(&self, mut wtr: W, doc: &Extraction) -> io::Result<()> {
        serde_json::to_writer(&mut wtr, &self.record(doc))?;
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
                source: a.clone(),
                target: b.clone(),
                weight: e.weight,
                relations: e.relations.clone(),
                evidence: e.evidence.iter().map(LocalEvidence::new).collect(),
            })
            .collect();
        let line = MentionsRecord { edges: Some(local), ..self.record(doc) };
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
                clean(&m.text),
                clean(&m.entity),
                clean(&m.label),
                clean(m.entity_type.as_str()),
                clean(m.wikidata.as_deref().unwrap_or("")),
                clean(m.wikipedia.as_deref().unwrap_or("")),
                m.alias_kind,
                format!("{:.3}", m.confidence),
            ];
            wtr.write_all(fields.join("\t").as_bytes())?;
            wtr.write_all(b"\n")?;
        }
        Ok(())
    }
}

impl LocalEvidence {
    /// The item's offsets (code points, UTF-16 units, bytes) and text.
    pub(crate) fn new(ev: &Evidence) -> LocalEvidence {
        let o = ev.offsets();
        LocalEvidence {
            start: o.unit.chars[0],
            end: o.unit.chars[1],
            start_utf16: o.unit.utf16[0],
            end_utf16: o.unit.utf16[1],
            start_bytes: o.unit.bytes[0],
            end_bytes: o.unit.bytes[1],
            text: ev.text.clone(),
            source: o.source.chars,
            target: o.target.chars,
            source_utf16: o.source.utf16,
            target_utf16: o.target.utf16,
            source_bytes: o.source.bytes,
            target_bytes: o.target.bytes,
        }
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
