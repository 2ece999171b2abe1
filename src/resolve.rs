//! Resolution: each match becomes a mention of one entity, or is dropped with a
//! reason.
//!
//! Stage 3. A [`Resolver`] takes a document's text and its [`Match`]es and gives a
//! [`Resolution`]: the [`Mention`]s kept, and, when asked for, a [`Decision`] for
//! every match with the candidates, the outcome and the [`Rule`] that decided it.
//!
//! Resolution works in two passes over the matches of one document:
//!
//! 1. Matches whose alias names exactly one entity and is not declared ambiguous
//!    are kept at once. They tell what the document is about: which people it
//!    introduced by their full name, which entities it names for certain.
//! 2. Everything else is decided with that evidence:
//!    - a surname goes to the person the document introduced with that surname
//!      (the nearest full name before it, else the first after it), or, if none
//!      was, to the one person whose surname the gazetteer marks safe;
//!    - an ambiguous alias is kept only with support in the document: another,
//!      unambiguous mention of the same entity, a mention of a related entity
//!      (its leader, its country, an organisation it belongs to), or several
//!      other entities of its type. It is dropped when the words around it show
//!      another reading: a capitalised name beside it (`Jordan Martinez`,
//!      `Michael Jordan`) or a personal title before it (`Mr`, `Ms`).
//!
//! The key decision: no rule looks at one match alone when the document can say
//! more. A gazetteer is a list of names; whether a name is meant is a property of
//! the document it appears in.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::gazetteer::{AliasKind, EntityIndex, EntityType, Gazetteer};
use crate::matcher::{Candidate, Match, Matcher};
use crate::normalize::is_word_char;
use crate::span::Span;

/// Options of the resolver.
///
/// ```
/// use entgraph::ResolverConfig;
/// let config = ResolverConfig::new().demonyms(false).explain(true);
/// assert!(!config.get_demonyms());
/// ```
#[derive(Clone, Debug)]
pub struct ResolverConfig {
    demonyms: bool,
    explain: bool,
}

impl Default for ResolverConfig {
    fn default() -> ResolverConfig {
        ResolverConfig { demonyms: true, explain: false }
    }
}

impl ResolverConfig {
    /// The default configuration: demonyms kept, no decisions recorded.
    pub fn new() -> ResolverConfig {
        ResolverConfig::default()
    }

    /// Keep demonyms (`Chinese`) as mentions of their country (default `true`).
    pub fn demonyms(mut self, yes: bool) -> ResolverConfig {
        self.demonyms = yes;
        self
    }

    /// Record a [`Decision`] for every match (default `false`).
    pub fn explain(mut self, yes: bool) -> ResolverConfig {
        self.explain = yes;
        self
    }

    /// Whether demonyms are kept.
    pub fn get_demonyms(&self) -> bool {
        self.demonyms
    }

    /// Whether decisions are recorded.
    pub fn get_explain(&self) -> bool {
        self.explain
    }
}

/// The rule that decided a match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// The alias names one entity and is not ambiguous.
    UniqueAlias,
    /// The match is a phrase the gazetteer says to ignore.
    IgnoredPhrase,
    /// A surname after (or before) the person's full name in the same document.
    IntroducedSurname,
    /// A surname that the gazetteer marks safe, never introduced in the document.
    SafeSurname,
    /// A surname whose person the document never introduced.
    SurnameNotIntroduced,
    /// An ambiguous alias supported by the rest of the document.
    ContextSupport,
    /// The words around the match show a person's name, not this entity.
    PersonNameContext,
    /// An ambiguous alias with nothing in the document to support it.
    NoSupport,
    /// Several entities are equally supported.
    Tie,
    /// Demonyms are switched off.
    DemonymsOff,
}

impl Rule {
    /// A short name for the rule.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::UniqueAlias => "unique-alias",
            Rule::IgnoredPhrase => "ignored-phrase",
            Rule::IntroducedSurname => "introduced-surname",
            Rule::SafeSurname => "safe-surname",
            Rule::SurnameNotIntroduced => "surname-not-introduced",
            Rule::ContextSupport => "context-support",
            Rule::PersonNameContext => "person-name-context",
            Rule::NoSupport => "no-support",
            Rule::Tie => "tie",
            Rule::DemonymsOff => "demonyms-off",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A resolved mention: a span of the original text that names one entity.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// The mention's text in the original document.
    pub span: Span,
    /// The entity it names.
    pub entity: EntityIndex,
    /// The kind of alias that matched.
    pub kind: AliasKind,
    /// How sure the resolver is, from 0 to 1.
    pub confidence: f32,
    /// The rule that kept it.
    pub rule: Rule,
}

/// What became of one match.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// The match.
    pub span: Span,
    /// The entities its aliases could name.
    pub candidates: Vec<EntityIndex>,
    /// The entity chosen, or `None` when the match was dropped.
    pub chosen: Option<EntityIndex>,
    /// The rule that decided.
    pub rule: Rule,
    /// Details for a reader (the evidence used).
    pub note: String,
}

/// The outcome of resolving one document.
#[derive(Clone, Debug, Default)]
pub struct Resolution {
    /// Kept mentions, in text order.
    pub mentions: Vec<Mention>,
    /// One decision per match, when [`ResolverConfig::explain`] is on.
    pub decisions: Vec<Decision>,
}

/// Turns matches into mentions; see the [module docs](self).
#[derive(Clone, Debug)]
pub struct Resolver<'g> {
    gazetteer: &'g Gazetteer,
    config: ResolverConfig,
    /// For each entity, the entities whose mention supports it.
    related: HashMap<EntityIndex, Vec<EntityIndex>>,
}

/// Words that, right before a name, make it a person's.
const PERSONAL_TITLES: &[&str] =
    &["Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Sir", "Dame", "Lord", "Lady", "Prof", "Professor"];

/// Capitalised words that are not names (sentence starts, days, months).
const NOT_NAMES: &[&str] = &[
    "A",
    "An",
    "The",
    "In",
    "On",
    "At",
    "By",
    "For",
    "From",
    "To",
    "Of",
    "And",
    "But",
    "Or",
    "With",
    "As",
    "After",
    "Before",
    "While",
    "When",
    "If",
    "Both",
    "Between",
    "Against",
    "Into",
    "Since",
    "Including",
    "Like",
    "Unlike",
    "Neither",
    "Nor",
    "Not",
    "Only",
    "Also",
    "Then",
    "So",
    "Yet",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "I",
    "We",
    "He",
    "She",
    "They",
    "It",
    "This",
    "That",
    "These",
    "Those",
    "Is",
    "Was",
    "Are",
    "Were",
    "Has",
    "Had",
    "Have",
    "Will",
    "Would",
    "Said",
    "Says",
];

impl<'g> Resolver<'g> {
    /// A resolver over `gazetteer`.
    pub fn new(gazetteer: &'g Gazetteer, config: ResolverConfig) -> Resolver<'g> {
        let mut related: HashMap<EntityIndex, Vec<EntityIndex>> = HashMap::new();
        let mut link = |a: EntityIndex, b: EntityIndex| {
            related.entry(a).or_default().push(b);
            related.entry(b).or_default().push(a);
        };
        for (i, e) in gazetteer.iter() {
            for o in &e.offices {
                link(i, o.of);
            }
            for m in &e.members {
                link(i, m.member);
            }
            if let Some(p) = e.part_of {
                link(i, p);
            }
        }
        for list in related.values_mut() {
            list.sort_unstable();
            list.dedup();
        }
        Resolver { gazetteer, config, related }
    }

    /// The configuration.
    pub fn config(&self) -> &ResolverConfig {
        &self.config
    }

    /// Resolves the matches of one document.
    pub fn resolve(&self, text: &str, matcher: &Matcher, matches: &[Match]) -> Resolution {
        let explain = self.config.explain;
        let mut out = Resolution::default();
        // Pass 1: unique, unambiguous aliases.
        let mut pending: Vec<(usize, Vec<&Candidate>)> = Vec::new();
        let mut certain: HashSet<EntityIndex> = HashSet::new();
        // (position, person) of every full-name mention of a person.
        let mut introduced: Vec<(usize, EntityIndex)> = Vec::new();
        let mut kept: Vec<Option<Mention>> = vec![None; matches.len()];
        for (i, m) in matches.iter().enumerate() {
            if m.ignored {
                if explain {
                    out.decisions.push(Decision {
                        span: m.span,
                        candidates: Vec::new(),
                        chosen: None,
                        rule: Rule::IgnoredPhrase,
                        note: "the gazetteer lists this phrase as naming no entity".into(),
                    });
                }
                continue;
            }
            let cands: Vec<&Candidate> = matcher.candidates(text, m).collect();
            let single = cands.windows(2).all(|w| w[0].entity == w[1].entity);
            let c = cands[0];
            if single && !c.ambiguous && c.kind != AliasKind::Surname {
                certain.insert(c.entity);
                if c.kind != AliasKind::Demonym && c.kind != AliasKind::Combining {
                    introduced.push((m.span.start, c.entity));
                }
                kept[i] = Some(Mention {
                    span: m.span,
                    entity: c.entity,
                    kind: c.kind,
                    confidence: confidence_of(c.kind),
                    rule: Rule::UniqueAlias,
                });
            } else {
                pending.push((i, cands));
            }
        }

        // Pass 2: surnames and ambiguous aliases, with the document as evidence.
        let mut by_type: HashMap<&EntityType, usize> = HashMap::new();
        for &e in &certain {
            *by_type.entry(&self.gazetteer.entity(e).entity_type).or_default() += 1;
        }
        let mut decided: HashMap<usize, Decision> = HashMap::new();
        for (i, cands) in pending {
            let m = &matches[i];
            let (mention, decision) = self.decide(text, m, &cands, &certain, &introduced, &by_type);
            kept[i] = mention;
            if explain {
                decided.insert(i, decision);
            }
        }

        for (i, mention) in kept.into_iter().enumerate() {
            if explain {
                let decision = decided.remove(&i).unwrap_or_else(|| {
                    let m = &matches[i];
                    let chosen = mention.as_ref().map(|x| x.entity);
                    Decision {
                        span: m.span,
                        candidates: chosen.into_iter().collect(),
                        chosen,
                        rule: if m.ignored { Rule::IgnoredPhrase } else { Rule::UniqueAlias },
                        note: String::new(),
                    }
                });
                if !matches[i].ignored {
                    out.decisions.push(decision);
                }
            }
            if let Some(mention) = mention {
                if mention.kind == AliasKind::Demonym && !self.config.demonyms {
                    if let Some(d) = out.decisions.last_mut().filter(|d| d.span == mention.span) {
                        d.chosen = None;
                        d.rule = Rule::DemonymsOff;
                    }
                    continue;
                }
                out.mentions.push(mention);
            }
        }
        out.decisions.sort_by_key(|d| d.span);
        out
    }

    fn decide(
        &self,
        text: &str,
        m: &Match,
        cands: &[&Candidate],
        certain: &HashSet<EntityIndex>,
        introduced: &[(usize, EntityIndex)],
        by_type: &HashMap<&EntityType, usize>,
    ) -> (Option<Mention>, Decision) {
        let g = self.gazetteer;
        let mut ids: Vec<EntityIndex> = cands.iter().map(|c| c.entity).collect();
        ids.dedup();
        let person_context = person_name_context(text, m.span);
        // (score, candidate, rule, note) for every candidate with some support.
        let mut best: Vec<(f32, &Candidate, Rule, String)> = Vec::new();
        let mut reasons: Vec<(Rule, String)> = Vec::new();
        for &c in cands {
            let e = g.entity(c.entity);
            if c.kind == AliasKind::Surname {
                let before =
                    introduced.iter().rev().find(|&&(p, who)| p < m.span.start && who == c.entity);
                let after =
                    introduced.iter().find(|&&(p, who)| p > m.span.start && who == c.entity);
                if let Some(&(p, _)) = before.or(after) {
                    // The nearer an introduction, the stronger (ties between
                    // people are broken by distance).
                    let distance = p.abs_diff(m.span.start) as f32;
                    let score = 3.0 + 1.0 / (1.0 + distance / 1000.0);
                    best.push((
                        score,
                        c,
                        Rule::IntroducedSurname,
                        format!("{} named in full at byte {p}", e.label),
                    ));
                } else if c.safe {
                    best.push((
                        1.5,
                        c,
                        Rule::SafeSurname,
                        format!(
                            "{:?} is a safe surname of {}",
                            e.aliases[c.alias as usize].text, e.label
                        ),
                    ));
                } else {
                    reasons.push((
                        Rule::SurnameNotIntroduced,
                        format!("{} is never named in full", e.label),
                    ));
                }
                continue;
            }
            if let Some(why) = &person_context
                && e.entity_type != EntityType::Leader
            {
                reasons.push((Rule::PersonNameContext, why.clone()));
                continue;
            }
            let mut score = 0.0;
            let mut notes = Vec::new();
            if certain.contains(&c.entity) {
                score += 2.0;
                notes.push(format!("{} is named unambiguously elsewhere", e.label));
            }
            if let Some(rel) = self.related.get(&c.entity) {
                let found: Vec<&str> = rel
                    .iter()
                    .filter(|r| certain.contains(r))
                    .map(|&r| g.entity(r).label.as_str())
                    .take(3)
                    .collect();
                if !found.is_empty() {
                    score += 1.5;
                    notes.push(format!("related entities named: {}", found.join(", ")));
                }
            }
            let same_type = by_type.get(&e.entity_type).copied().unwrap_or(0);
            if same_type >= 2 {
                score += 1.0;
                notes.push(format!("{same_type} other {} entities named", e.entity_type));
            }
            if !c.ambiguous
                && cands.iter().all(|o| o.entity == c.entity || o.kind == AliasKind::Surname)
            {
                // An unambiguous alias that shares its text only with surnames.
                score += 2.0;
                notes.push("an unambiguous alias".into());
            }
            if score > 0.0 {
                best.push((score, c, Rule::ContextSupport, notes.join("; ")));
            } else {
                reasons.push((
                    Rule::NoSupport,
                    format!("nothing in the document supports {}", e.label),
                ));
            }
        }
        best.sort_by(|a, b| b.0.total_cmp(&a.0));
        let decision = |chosen: Option<EntityIndex>, rule: Rule, note: String| Decision {
            span: m.span,
            candidates: ids.clone(),
            chosen,
            rule,
            note,
        };
        match best.as_slice() {
            [] => {
                let (rule, note) =
                    reasons.into_iter().next().unwrap_or((Rule::NoSupport, String::new()));
                (None, decision(None, rule, note))
            }
            [first, second, ..] if second.0 == first.0 && second.1.entity != first.1.entity => {
                let note = format!(
                    "{} and {} are equally supported",
                    g.entity(first.1.entity).label,
                    g.entity(second.1.entity).label
                );
                (None, decision(None, Rule::Tie, note))
            }
            [(score, c, rule, note), ..] => {
                let confidence = match rule {
                    Rule::IntroducedSurname => 0.9,
                    Rule::SafeSurname => 0.75,
                    _ => (0.5 + score / 10.0).min(0.85),
                };
                let mention = Mention {
                    span: m.span,
                    entity: c.entity,
                    kind: c.kind,
                    confidence,
                    rule: *rule,
                };
                (Some(mention), decision(Some(c.entity), *rule, note.clone()))
            }
        }
    }
}

fn confidence_of(kind: AliasKind) -> f32 {
    match kind {
        AliasKind::Name => 0.95,
        AliasKind::Abbreviation | AliasKind::Demonym | AliasKind::Combining => 0.9,
        AliasKind::Surname => 0.9,
    }
}

/// Evidence that a match is part of a person's name: a capitalised name right after
/// or right before it, or a personal title before it.
fn person_name_context(text: &str, span: Span) -> Option<String> {
    if let Some(next) = word_after(text, span.end)
        && is_name_like(next)
    {
        return Some(format!("followed by the name {next:?}"));
    }
    if let Some(prev) = word_before(text, span.start) {
        let bare = prev.trim_end_matches('.');
        if PERSONAL_TITLES.contains(&bare) {
            return Some(format!("after the personal title {prev:?}"));
        }
        if is_name_like(prev) {
            return Some(format!("preceded by the name {prev:?}"));
        }
    }
    None
}

/// A capitalised word that is not a common sentence-start word, day or month.
fn is_name_like(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.clone().next().is_some_and(char::is_lowercase)
        && !NOT_NAMES.contains(&word)
}

/// The word after `pos` when only one space (no line break, no punctuation)
/// separates it.
fn word_after(text: &str, pos: usize) -> Option<&str> {
    let rest = text.get(pos..)?;
    let rest = rest.strip_prefix(' ')?;
    let end = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// The word (with a trailing dot, for titles) before `pos` when only one space
/// separates it.
fn word_before(text: &str, pos: usize) -> Option<&str> {
    let head = text.get(..pos)?.strip_suffix(' ')?;
    let word_end = head.len();
    let body = head.strip_suffix('.').unwrap_or(head);
    let start = body
        .rfind(|c: char| !is_word_char(c))
        .map_or(0, |i| i + body[i..].chars().next().map_or(1, char::len_utf8));
    (start < body.len()).then(|| &head[start..word_end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_context_words() {
        let t = "By Jordan Martinez";
        assert!(person_name_context(t, Span::new(3, 9)).is_some());
        let t = "star Michael Jordan said";
        assert!(person_name_context(t, Span::new(13, 19)).is_some());
        let t = "King Abdullah of Jordan said";
        assert!(person_name_context(t, Span::new(17, 23)).is_none());
        let t = "Mr. Chad said";
        assert!(person_name_context(t, Span::new(4, 8)).is_some());
        let t = "Jordan and Egypt";
        assert!(person_name_context(t, Span::new(0, 6)).is_none());
        let t = "In Jordan on Monday";
        assert!(person_name_context(t, Span::new(3, 9)).is_none());
    }

    #[test]
    fn words_around() {
        assert_eq!(word_after("Jordan Martinez, 3", 6), Some("Martinez"));
        assert_eq!(word_after("Jordan\nMartinez", 6), None);
        assert_eq!(word_before("said Mr. Chad", 9), Some("Mr."));
        assert_eq!(word_before("Élodie Jordan", 8), Some("Élodie"));
    }
}
