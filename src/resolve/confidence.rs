//! Confidence: the probability that a kept mention is right.
//!
//! Takes the mentions the rules kept, the matches they came from and the text
//! layer, and gives each mention `confidence` = the estimated probability that it
//! names the entity it links to. The estimate is a logistic model,
//! `p = 1 / (1 + e^-(b + Σ wᵢ xᵢ))`, over [`Features`] the resolver already has:
//! the rule that decided, the kind of alias, the entity's type, the alias's length
//! and case, whether capitalised names stand right beside it (the match is not a
//! whole name chunk) or a compass word before it (`northern Italy`: a region of
//! the place, which annotators link apart), whether it opens a sentence or stands
//! in a heading, how many
//! entities the alias could name, how the document supports the entity (named in
//! full before, how often, a related entity named) and whether the alias is a word
//! the document also writes in lower case.
//!
//! The coefficients live in a data file, `gazetteers/models/confidence-en.json`,
//! compiled in; `scripts/confidence/fit.py` fits them again on the development
//! gold sets with cross-validation by document and prints the calibration table.
//! A rule, kind or type that the file does not name (a rule added after the
//! model was fitted) takes the file's default weight for its group (`rule:?`,
//! `kind:?`, `type:?`), so that a new rule never stops the resolver.
//!
//! Principle: the rules decide, the model only grades. A probability fitted on
//! held-out documents lets a user trade recall for precision (`--min-confidence`)
//! and lets the graph weigh what it counts by how sure each mention is.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::chunks::{Doc, is_name_at};
use super::{Accepted, Mention, MentionKind};
use crate::error::{Error, Location, Problem};
use crate::gazetteer::{Date, EntityIndex, EntityType, Gazetteer};
use crate::matcher::Match;
use crate::span::Span;
use crate::text::Shape;

/// The bundled model's file name, as errors and the graph's settings name it.
pub const BUNDLED_MODEL: &str = "gazetteers/models/confidence-en.json";

const BUNDLED_TEXT: &str = include_str!("../../gazetteers/models/confidence-en.json");

/// The names of the numeric features, in the order of [`Features::values`].
pub const NUMERIC: [&str; 17] = [
    "one_word",
    "chars",
    "all_caps",
    "lower_case",
    "name_before",
    "name_after",
    "opens_sentence",
    "heading",
    "candidates",
    "full_name_before",
    "full_names",
    "repeats",
    "related",
    "entities",
    "lower_elsewhere",
    "role_undated",
    "compass_before",
];

/// Indices into [`NUMERIC`].
mod at {
    pub const ONE_WORD: usize = 0;
    pub const CHARS: usize = 1;
    pub const ALL_CAPS: usize = 2;
    pub const LOWER_CASE: usize = 3;
    pub const NAME_BEFORE: usize = 4;
    pub const NAME_AFTER: usize = 5;
    pub const OPENS_SENTENCE: usize = 6;
    pub const HEADING: usize = 7;
    pub const CANDIDATES: usize = 8;
    pub const FULL_NAME_BEFORE: usize = 9;
    pub const FULL_NAMES: usize = 10;
    pub const REPEATS: usize = 11;
    pub const RELATED: usize = 12;
    pub const ENTITIES: usize = 13;
    pub const LOWER_ELSEWHERE: usize = 14;
    pub const ROLE_UNDATED: usize = 15;
    pub const COMPASS_BEFORE: usize = 16;
}

/// Words that make the place after them a part of it (`northern Italy`,
/// `south-eastern Scotland`: the word before the place is `eastern`).
const COMPASS: [&str; 17] = [
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
];

/// Alias lengths count up to this many characters.
const MAX_CHARS: f32 = 24.0;

/// What the model reads of one mention.
#[derive(Clone, Debug, PartialEq)]
pub struct Features {
    /// The mention's span.
    pub span: Span,
    /// The entity it names.
    pub entity: EntityIndex,
    /// The rule that kept it ([`super::Rule::as_str`]).
    pub rule: &'static str,
    /// The kind of mention ([`MentionKind::as_str`]).
    pub kind: &'static str,
    /// The numeric features, named by [`NUMERIC`].
    pub values: [f32; NUMERIC.len()],
}

impl Features {
    /// Every feature as `(name, value)`, the categorical ones one-hot
    /// (`rule:unique-alias` = 1), as `--features` writes them. `entity_type` is
    /// the entity's type name.
    pub fn named(&self, entity_type: &str) -> Vec<(String, f32)> {
        let mut out = vec![
            (format!("rule:{}", self.rule), 1.0),
            (format!("kind:{}", self.kind), 1.0),
            (format!("type:{entity_type}"), 1.0),
        ];
        out.extend(NUMERIC.iter().zip(self.values).map(|(n, v)| (n.to_string(), v)));
        out
    }
}

/// The logistic model: an intercept and a weight per feature.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfidenceModel {
    intercept: f32,
    rule: HashMap<String, f32>,
    kind: HashMap<String, f32>,
    entity_type: HashMap<String, f32>,
    /// The weights of a rule, kind or type the file does not name.
    unknown: [f32; 3],
    numeric: [f32; NUMERIC.len()],
}

impl ConfidenceModel {
    /// The bundled model (`gazetteers/models/confidence-en.json`), read once.
    pub fn bundled() -> &'static ConfidenceModel {
        static MODEL: OnceLock<ConfidenceModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            ConfidenceModel::parse(BUNDLED_MODEL, BUNDLED_TEXT)
                .expect("the bundled confidence model is checked by the tests")
        })
    }

    /// Reads a model file: JSON with `intercept` (a number) and `weights` (an
    /// object from feature names to numbers: `rule:NAME`, `kind:NAME`,
    /// `type:NAME`, `rule:?`, `kind:?`, `type:?` and the names of [`NUMERIC`]).
    /// Other keys are allowed (the fitter records what it fitted on). `name`
    /// names the file in errors.
    pub fn parse(name: &str, text: &str) -> Result<ConfidenceModel, Error> {
        let problem = |msg: String| {
            Error::gazetteer(vec![Problem::new(Location::new(name, 0), msg).hint(
                "write the file again with scripts/confidence/fit.py, or fix the value it names",
            )])
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            Error::gazetteer(vec![
                Problem::new(Location::new(name, e.line() as u32), format!("not JSON: {e}"))
                    .hint("a confidence model is the JSON object scripts/confidence/fit.py writes"),
            ])
        })?;
        let number = |v: &serde_json::Value, what: &str| -> Result<f32, Error> {
            v.as_f64()
                .filter(|x| x.is_finite())
                .map(|x| x as f32)
                .ok_or_else(|| problem(format!("{what} is {v}, not a number")))
        };
        let intercept = number(
            value.get("intercept").ok_or_else(|| problem("no \"intercept\"".into()))?,
            "intercept",
        )?;
        let weights = value
            .get("weights")
            .and_then(|w| w.as_object())
            .ok_or_else(|| problem("no \"weights\" object".into()))?;
        let mut model = ConfidenceModel {
            intercept,
            rule: HashMap::default(),
            kind: HashMap::default(),
            entity_type: HashMap::default(),
            unknown: [0.0; 3],
            numeric: [0.0; NUMERIC.len()],
        };
        for (key, v) in weights {
            let w = number(v, &format!("the weight of {key:?}"))?;
            let (group, rest) = key.split_once(':').unwrap_or(("", key));
            let (map, slot) = match group {
                "rule" => (&mut model.rule, 0),
                "kind" => (&mut model.kind, 1),
                "type" => (&mut model.entity_type, 2),
                _ => {
                    let i = NUMERIC.iter().position(|n| n == key).ok_or_else(|| {
                        problem(format!(
                            "unknown feature {key:?} (known: rule:NAME, kind:NAME, type:NAME, {})",
                            NUMERIC.join(", ")
                        ))
                    })?;
                    model.numeric[i] = w;
                    continue;
                }
            };
            if rest == "?" {
                model.unknown[slot] = w;
            } else {
                map.insert(rest.to_string(), w);
            }
        }
        Ok(model)
    }

    /// The probability that a mention with these features, naming an entity of
    /// type `entity_type`, is right.
    pub fn probability(&self, f: &Features, entity_type: &str) -> f32 {
        self.logistic(self.categorical(f.rule, f.kind, entity_type), f)
    }

    /// The intercept plus the weights of a rule, a kind and a type: the part of
    /// the sum that the numeric features leave alone, which a caller grading
    /// many mentions can look up once per rule, kind and type.
    pub(super) fn categorical(&self, rule: &str, kind: &str, entity_type: &str) -> f32 {
        let mut z = self.intercept;
        z += self.rule.get(rule).copied().unwrap_or(self.unknown[0]);
        z += self.kind.get(kind).copied().unwrap_or(self.unknown[1]);
        z += self.entity_type.get(entity_type).copied().unwrap_or(self.unknown[2]);
        z
    }

    /// The probability from the [`ConfidenceModel::categorical`] part of the
    /// sum and the numeric features of `f`.
    pub(super) fn logistic(&self, categorical: f32, f: &Features) -> f32 {
        let z = categorical + self.numeric.iter().zip(f.values).map(|(w, x)| w * x).sum::<f32>();
        1.0 / (1.0 + (-z).exp())
    }
}

/// A probability rounded to thousandths, as mentions carry it (so that sums in
/// the graph are exact and do not depend on the order of their terms).
/// A fitted probability never claims certainty: it stays within 0.001..=0.999.
pub fn round_confidence(p: f32) -> f32 {
    ((p.clamp(0.0, 1.0) * 1000.0).round() / 1000.0).clamp(0.001, 0.999)
}

/// The document-wide facts that features read.
pub(super) struct Context<'a> {
    pub doc: Doc<'a>,
    pub gazetteer: &'a Gazetteer,
    pub accepted: &'a Accepted<'a>,
    pub matches: &'a [Match],
    pub date: Option<Date>,
    pub related: &'a HashMap<EntityIndex, Vec<EntityIndex>>,
}

/// What the document says of one entity.
#[derive(Default)]
struct Support {
    mentions: u32,
    full_names: u32,
    /// Where the first full name starts.
    first_full: Option<usize>,
    related: bool,
}

/// True when a mention names the entity in full: a name (not a surname,
/// abbreviation or demonym), and for a person more than one word, or a title and
/// a surname (`President Xi`).
fn is_full_name(g: &Gazetteer, text: &str, m: &Mention) -> bool {
    match m.kind {
        MentionKind::Title => true,
        MentionKind::Name => {
            g.entity(m.entity).entity_type != EntityType::Leader
                || text[m.span.range()].contains(' ')
        }
        _ => false,
    }
}

/// Whether `lower` holds `surface` in lower case; a short ASCII surface is
/// lower-cased on the stack rather than into a new string.
fn written_lower(lower: &HashSet<String>, surface: &str) -> bool {
    let mut buf = [0u8; 32];
    match buf.get_mut(..surface.len()) {
        Some(out) if surface.is_ascii() => {
            out.copy_from_slice(surface.as_bytes());
            out.make_ascii_lowercase();
            std::str::from_utf8(out).is_ok_and(|s| lower.contains(s))
        }
        _ => lower.contains(&surface.to_lowercase()),
    }
}

impl Context<'_> {
    /// The features of every mention of `mentions` and then of `more` (matches
    /// inside longer names, which the document's support leaves out), in that
    /// order.
    pub fn features(&self, mentions: &[Mention], more: &[&Mention]) -> Vec<Features> {
        let g = self.gazetteer;
        let text = self.doc.text;
        let mut support: HashMap<EntityIndex, Support> = HashMap::default();
        for m in mentions.iter().filter(|m| m.kind != MentionKind::InName) {
            let s = support.entry(m.entity).or_default();
            s.mentions += 1;
            if is_full_name(g, text, m) {
                s.full_names += 1;
                s.first_full = Some(s.first_full.map_or(m.span.start, |p| p.min(m.span.start)));
            }
        }
        let named: HashSet<EntityIndex> = support.keys().copied().collect();
        for (e, s) in support.iter_mut() {
            s.related = self
                .related
                .get(e)
                .is_some_and(|list| list.iter().any(|r| r != e && named.contains(r)));
        }
        let entities = ((1 + named.len()) as f32).ln();

        // The one-word aliases the document also writes in lower case.
        let surfaces: HashSet<&str> = mentions
            .iter()
            .chain(more.iter().copied())
            .map(|m| &text[m.span.range()])
            .filter(|t| !t.contains([' ', '-']) && !t.starts_with(char::is_lowercase))
            .collect();
        let mut single: HashSet<String> = surfaces.into_iter().map(str::to_lowercase).collect();
        let mut lower: HashSet<String> = HashSet::default();
        if !single.is_empty() {
            // This loop visits every lower-case word of the document, and most
            // have no alias's first byte with that alias's length: one bit test
            // (a bit per length, by first byte) passes them over before a lookup.
            let mut lengths = [0u64; 256];
            for a in &single {
                if let Some(&b) = a.as_bytes().first() {
                    lengths[usize::from(b)] |= 1 << a.len().min(63);
                }
            }
            let bytes = text.as_bytes();
            for w in self.doc.index.words().iter().filter(|w| w.shape == Shape::Lower) {
                let first = usize::from(bytes[w.span.start]);
                if lengths[first] >> w.span.len().min(63) & 1 == 0 {
                    continue;
                }
                let word = &text[w.span.range()];
                if single.contains(word) {
                    lower.insert(word.to_string());
                    single.remove(word);
                    if single.is_empty() {
                        break;
                    }
                }
            }
        }

        let none = Support::default();
        mentions
            .iter()
            .chain(more.iter().copied())
            .map(|m| {
                let s = support.get(&m.entity).unwrap_or(&none);
                self.one(m, s, entities, &lower)
            })
            .collect()
    }

    fn one(&self, m: &Mention, s: &Support, entities: f32, lower: &HashSet<String>) -> Features {
        let text = self.doc.text;
        let index = self.doc.index;
        let surface = &text[m.span.range()];
        let mut v = [0.0f32; NUMERIC.len()];
        let one_word = !surface.contains([' ', '-']);
        v[at::ONE_WORD] = f32::from(one_word);
        // Most surfaces are ASCII: their bytes are their characters, which the
        // byte tests class as the char ones would.
        let (chars, all_caps) = if surface.is_ascii() {
            let mut letters = surface.bytes().filter(u8::is_ascii_alphabetic);
            let caps = letters.clone().count() >= 2 && letters.all(|b| b.is_ascii_uppercase());
            (surface.len(), caps)
        } else {
            let mut letters = surface.chars().filter(|c| c.is_alphabetic());
            let caps = letters.clone().count() >= 2 && letters.all(|c| c.is_uppercase());
            (surface.chars().count(), caps)
        };
        v[at::CHARS] = (chars as f32).min(MAX_CHARS) / MAX_CHARS;
        v[at::ALL_CAPS] = f32::from(all_caps);
        v[at::LOWER_CASE] = f32::from(surface.starts_with(char::is_lowercase));
        if let Some((i, word, dot)) = self.doc.word_before(m.span.start) {
            v[at::NAME_BEFORE] = f32::from(is_name_at(&self.doc, i, dot));
            v[at::COMPASS_BEFORE] =
                f32::from(!dot && COMPASS.iter().any(|c| c.eq_ignore_ascii_case(word)));
        }
        if let Some((i, _)) = self.doc.word_after(m.span.end) {
            v[at::NAME_AFTER] = f32::from(is_name_at(&self.doc, i, false));
        }
        if let Some(i) = index.word_at(m.span.start) {
            let w = index.words()[i];
            v[at::OPENS_SENTENCE] = f32::from(w.opens);
            v[at::HEADING] = f32::from(w.in_heading);
        }
        v[at::CANDIDATES] = (self.candidates(m.span) as f32).ln();
        let full = is_full_name(self.gazetteer, text, m);
        v[at::FULL_NAME_BEFORE] =
            f32::from(!full && s.first_full.is_some_and(|p| p < m.span.start));
        v[at::FULL_NAMES] = (1.0 + s.full_names as f32).ln();
        v[at::REPEATS] = (s.mentions.max(1) as f32).ln();
        v[at::RELATED] = f32::from(s.related);
        v[at::ENTITIES] = entities;
        v[at::LOWER_ELSEWHERE] =
            f32::from(one_word && !lower.is_empty() && written_lower(lower, surface));
        v[at::ROLE_UNDATED] = f32::from(m.kind == MentionKind::Role && self.date.is_none());
        Features {
            span: m.span,
            entity: m.entity,
            rule: m.rule.as_str(),
            kind: m.kind.as_str(),
            values: v,
        }
    }

    /// How many entities the match behind a mention at `span` could name (the
    /// match that ends where the mention ends, inside it); 1 when no match is
    /// (a role phrase).
    fn candidates(&self, span: Span) -> usize {
        let from = self.matches.partition_point(|m| m.span.start < span.start);
        let Some(k) = self.matches[from..]
            .iter()
            .take_while(|m| m.span.start < span.end)
            .position(|m| m.span.end == span.end && !m.ignored)
        else {
            return 1;
        };
        // A match has few candidates: each entity is counted where it first
        // comes, without allocating for every mention.
        let cands = self.accepted.of(from + k);
        let distinct = cands
            .iter()
            .enumerate()
            .filter(|&(i, c)| cands[..i].iter().all(|d| d.entity != c.entity))
            .count();
        distinct.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surfaces_are_looked_up_in_lower_case() {
        let long = "a".repeat(40);
        let lower: HashSet<String> =
            ["turkey", "épée", long.as_str()].into_iter().map(String::from).collect();
        assert!(written_lower(&lower, "Turkey"));
        assert!(written_lower(&lower, "TURKEY"));
        assert!(!written_lower(&lower, "Turkeys"));
        assert!(written_lower(&lower, "Épée"));
        assert!(written_lower(&lower, &long.to_uppercase()));
        assert!(!written_lower(&HashSet::default(), "Turkey"));
    }

    #[test]
    fn the_bundled_model_reads() {
        let m = ConfidenceModel::bundled();
        assert!(m.rule.contains_key("unique-alias"), "the bundled model names the rules");
    }

    #[test]
    fn unknown_rules_take_the_default_weight() {
        let text = r#"{"intercept": 1.0, "weights": {"rule:unique-alias": 2.0, "rule:?": -1.0,
            "kind:?": 0.0, "one_word": -0.5}}"#;
        let model = ConfidenceModel::parse("m.json", text).unwrap();
        let mut f = Features {
            span: Span::new(0, 5),
            entity: EntityIndex::new(0),
            rule: "unique-alias",
            kind: "name",
            values: [0.0; NUMERIC.len()],
        };
        let sigmoid = |z: f32| 1.0 / (1.0 + (-z).exp());
        assert!((model.probability(&f, "country") - sigmoid(3.0)).abs() < 1e-6);
        f.rule = "a-rule-added-later";
        assert!((model.probability(&f, "country") - sigmoid(0.0)).abs() < 1e-6);
        f.values[at::ONE_WORD] = 1.0;
        assert!((model.probability(&f, "country") - sigmoid(-0.5)).abs() < 1e-6);
    }

    #[test]
    fn bad_model_files_are_named() {
        let err = ConfidenceModel::parse("m.json", "{").unwrap_err();
        assert!(err.to_string().contains("m.json"), "{err}");
        let err = ConfidenceModel::parse("m.json", r#"{"intercept": 0, "weights": {"nope": 1}}"#)
            .unwrap_err();
        assert!(err.to_string().contains("unknown feature \"nope\""), "{err}");
        let err =
            ConfidenceModel::parse("m.json", r#"{"intercept": "x", "weights": {}}"#).unwrap_err();
        assert!(err.to_string().contains("intercept"), "{err}");
        assert!(ConfidenceModel::parse("m.json", r#"{"weights": {}}"#).is_err());
    }

    #[test]
    fn confidences_are_rounded_to_thousandths() {
        assert_eq!(round_confidence(0.12345), 0.123);
        assert_eq!(round_confidence(0.99991), 0.999);
        assert_eq!(round_confidence(0.0), 0.001);
        assert_eq!(round_confidence(f32::NAN.max(0.5)), 0.5);
    }
}
