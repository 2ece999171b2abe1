//! Metonyms (opt in, `--metonyms`): seats of government and capitals that stand
//! for a country's government.
//!
//! Takes a document's text layer and the mentions kept, and gives mentions of
//! kind [`MentionKind::Metonym`] of the countries whose seat or capital the text
//! names as a government. Off by default: the default output does not change.
//!
//! Principle: a building that houses a government is written for it (`the
//! Kremlin said`, `a White House spokesman`, `Downing Street denied`) wherever it
//! appears: the seats are listed in `gazetteers/metonyms.toml`. A capital is a
//! city first; it stands for a government only in a political sentence, where
//! it acts as a state does:
//!
//! - it is the subject of a speech or political verb, perhaps after an
//!   auxiliary (`Beijing said`, `Moscow has denied`: `speech-verbs.txt`), or
//! - it is paired after `between` with another capital or a country, in a
//!   sentence with a political word (`talks between Washington and Tehran`,
//!   `relations between Beijing and Moscow`).
//!
//! A capital with a name beside it is a person's name (`Jack London said`), and
//! one in a sports frame is a team's city; neither is a metonym. A seat or
//! capital that overlaps a match of the gazetteer (`Luxembourg`) is left to it.

use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::LazyLock;

use super::chunks::{Doc, person_name_context};
use super::frames::{Frames, sentence_cues};
use super::{Mention, MentionKind, Rule};
use crate::gazetteer::{EntityIndex, EntityType, Gazetteer};
use crate::matcher::Match;
use crate::normalize::is_word_char;
use crate::span::Span;
use crate::text::WordList;

/// How sure a seat of government is.
const SEAT_CONFIDENCE: f32 = 0.8;
/// How sure a capital used as a government is.
const CAPITAL_CONFIDENCE: f32 = 0.7;

static SPEECH_VERBS: LazyLock<WordList> =
    LazyLock::new(|| WordList::parse(include_str!("../../gazetteers/words/en/speech-verbs.txt")));

/// Auxiliaries between a subject and its verb (`Beijing has warned`).
const AUXILIARIES: &[&str] =
    &["has", "had", "have", "will", "would", "could", "may", "might", "also", "again"];

/// The bundled seats and capitals.
const BUNDLED: &str = include_str!("../../gazetteers/metonyms.toml");

/// The seats and capitals of a gazetteer's countries, and their automaton.
#[derive(Clone, Debug)]
pub(super) struct Metonyms {
    automaton: AhoCorasick,
    /// Per pattern: the country, and whether it is a capital (not a seat).
    targets: Vec<(EntityIndex, bool)>,
}

/// `(country id, name, is a capital)` of every entry of a metonyms file.
fn entries(text: &str) -> Result<Vec<(String, String, bool)>, String> {
    let doc = toml::de::DeTable::parse(text).map_err(|e| e.message().to_string())?;
    let mut out = Vec::new();
    for (section, capital) in [("seats", false), ("capitals", true)] {
        let Some(t) = doc.get_ref().get(section).and_then(|t| t.get_ref().as_table()) else {
            return Err(format!("no [{section}] table"));
        };
        for (id, names) in t {
            let id: &str = id.get_ref();
            let Some(names) = names.get_ref().as_array() else {
                return Err(format!("[{section}] {id}: expected a list of names"));
            };
            for n in names {
                let Some(n) = n.get_ref().as_str() else {
                    return Err(format!("[{section}] {id}: expected names as strings"));
                };
                out.push((id.to_string(), n.to_string(), capital));
            }
        }
    }
    Ok(out)
}

impl Metonyms {
    /// The bundled seats and capitals of the countries `gazetteer` has.
    pub(super) fn bundled(gazetteer: &Gazetteer) -> Metonyms {
        let entries = entries(BUNDLED).expect("the bundled metonyms file is valid");
        let mut patterns = Vec::new();
        let mut targets = Vec::new();
        for (id, name, capital) in entries {
            let Some(e) = gazetteer.get(&id) else { continue };
            if gazetteer.entity(e).entity_type != EntityType::Country {
                continue;
            }
            patterns.push(name);
            targets.push((e, capital));
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("a few hundred short patterns build");
        Metonyms { automaton, targets }
    }

    /// The metonyms of a document whose matches are `matches` and whose kept
    /// mentions are `mentions` (both in text order).
    pub(super) fn find(
        &self,
        doc: &Doc<'_>,
        gazetteer: &Gazetteer,
        matches: &[Match],
        mentions: &[Mention],
    ) -> Vec<Mention> {
        let text = doc.text;
        let whole_word = |s: Span| {
            !text[..s.start].chars().next_back().is_some_and(is_word_char)
                && !text[s.end..].chars().next().is_some_and(is_word_char)
        };
        let overlaps = |s: Span| {
            let k = matches.partition_point(|m| m.span.end <= s.start);
            matches.get(k).is_some_and(|m| m.span.start < s.end)
        };
        let hits: Vec<(Span, EntityIndex, bool)> = self
            .automaton
            .find_iter(text)
            .map(|m| (Span::new(m.start(), m.end()), self.targets[m.pattern().as_usize()]))
            .filter(|&(s, _)| whole_word(s) && !overlaps(s))
            .map(|(s, (e, capital))| (s, e, capital))
            .collect();
        if hits.is_empty() {
            return Vec::new();
        }
        // A country or a capital named at a position: the other side of a pair.
        let country = |m: &Mention| {
            m.kind != MentionKind::Team
                && gazetteer.entity(m.entity).entity_type == EntityType::Country
        };
        let starts_at = |pos: usize| {
            hits.iter().any(|h| h.2 && h.0.start == pos)
                || mentions.iter().any(|m| m.span.start == pos && country(m))
        };
        let ends_at = |pos: usize| {
            hits.iter().any(|h| h.2 && h.0.end == pos)
                || mentions.iter().any(|m| m.span.end == pos && country(m))
        };
        let word_is = |w: Option<&str>, want: &str| w.is_some_and(|w| w.eq_ignore_ascii_case(want));
        let before_is = |pos: usize, want: &str| {
            word_is(doc.word_before(pos).filter(|w| !w.2).map(|w| w.1), want)
        };
        let mut frames = Frames::new(*doc);
        let mut out = Vec::new();
        for &(span, entity, capital) in &hits {
            if !capital {
                out.push(Mention {
                    span,
                    entity,
                    kind: MentionKind::Metonym,
                    confidence: SEAT_CONFIDENCE,
                    rule: Rule::Metonym,
                });
                continue;
            }
            if person_name_context(doc, span).is_some() {
                continue;
            }
            let Some(s) = doc.index.sentence_at(span.start) else { continue };
            if frames.is_sports(s) {
                continue;
            }
            // The subject of a speech verb, perhaps after an auxiliary.
            let speaks = match doc.word_after(span.end) {
                Some((_, w)) if SPEECH_VERBS.contains_folded(w) => true,
                Some((i, w)) if AUXILIARIES.iter().any(|a| w.eq_ignore_ascii_case(a)) => doc
                    .word_after(doc.index.words()[i].span.end)
                    .is_some_and(|(_, v)| SPEECH_VERBS.contains_folded(v)),
                _ => false,
            };
            // Paired after "between": "between X and Y".
            let paired = || {
                let before = doc.word_before(span.start).filter(|w| !w.2);
                let after = doc.word_after(span.end);
                let first = before_is(span.start, "between")
                    && word_is(after.map(|w| w.1), "and")
                    && after.is_some_and(|(i, _)| {
                        let end = doc.index.words()[i].span.end;
                        text[end..].starts_with(' ') && starts_at(end + 1)
                    });
                let second = word_is(before.map(|w| w.1), "and")
                    && before.is_some_and(|(i, _, _)| {
                        let start = doc.index.words()[i].span.start;
                        start > 0 && text[..start].ends_with(' ') && {
                            let end = start - 1;
                            ends_at(end)
                                && (mentions.iter().any(|m| {
                                    m.span.end == end && before_is(m.span.start, "between")
                                }) || hits
                                    .iter()
                                    .any(|h| h.0.end == end && before_is(h.0.start, "between")))
                        }
                    });
                (first || second) && sentence_cues(doc, s).political
            };
            if speaks || paired() {
                out.push(Mention {
                    span,
                    entity,
                    kind: MentionKind::Metonym,
                    confidence: CAPITAL_CONFIDENCE,
                    rule: Rule::Metonym,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_file_names_known_countries() {
        let entries = entries(BUNDLED).unwrap();
        assert!(entries.iter().any(|(id, n, c)| id == "russia" && n == "Kremlin" && !c));
        assert!(entries.iter().any(|(id, n, c)| id == "china" && n == "Beijing" && *c));
        let g = Gazetteer::bundled().unwrap();
        for (id, name, _) in &entries {
            assert!(g.get(id).is_some(), "{id} ({name}) is not a country of the gazetteer");
        }
        assert!(super::entries("[seats]\nrussia = 3").is_err());
    }
}
