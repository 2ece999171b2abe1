//! Resolution: each match becomes a mention of one entity, or is dropped with a
//! reason.
//!
//! Stage 3. A [`Resolver`] takes a document's text, its date if known, and its
//! [`Match`]es, and gives a [`Resolution`]: the [`Mention`]s kept, and, when asked
//! for, a [`Decision`] for every match with the candidates, the outcome and the
//! [`Rule`] that decided it.
//!
//! Resolution works in passes over the matches of one document:
//!
//! 1. Matches whose alias names exactly one entity and is not declared ambiguous
//!    are kept at once, unless the words around them make them a code rather than
//!    a name (`US$ 10`, `US-75`; not before a year or a compound: `the US 2024
//!    election`, `the US 10-year yield`). They tell what the document is about:
//!    which people it introduced by their full name, which entities it names for
//!    sure.
//! 2. Everything else is decided with that evidence:
//!    - a surname with another given name right before it is someone else
//!      (`Melania Trump` after `Donald Trump`, `Mohammed Shahid Modi`), unless the
//!      word is one of the person's own names; otherwise a surname goes to the
//!      person the document introduced with that surname (the nearest full name
//!      before it, else the first after it); failing that, a title before it
//!      (`President Moon`, `Chancellor Merz`) picks the one person with that
//!      surname who held that title (at some time in the day, month or year of
//!      the document's date, when it is known); failing that, the one person
//!      whose surname the gazetteer marks safe (`Putin`), unless it opens a
//!      sentence of a document that names nothing else for sure, neither by an
//!      unambiguous alias nor, earlier, by a title and a surname (`Store the
//!      basil`);
//!    - an ambiguous alias is kept only with support in the document: another,
//!      unambiguous mention of the same entity, a mention of a related entity (its
//!      leader, its country, a small organisation it belongs to), or several other
//!      entities of its type. It is dropped when the words around it show another
//!      reading: a capitalised name beside it (`Jordan Martinez`, `Michael
//!      Jordan`), a personal title before it (`Mr`, `Ms`); and after a place and a
//!      comma (`Atlanta, Georgia`) it needs a related entity, not just company,
//!      unless the place is an entity of its type (`Russia, Georgia and China`).
//!
//!    A capitalised word counts as a name only when its capital is not explained
//!    otherwise: function words never do (`Despite Georgia's protests`), nor an
//!    -ing participle or an -ly adverb that opens a sentence (`Visiting Chad,
//!    ...`), nor a word with a dot (the end of a sentence), nor any word
//!    of a title-case line, where every word is capitalised (`Jordan Protests Grow
//!    Over Bread Prices`).
//! 3. Role phrases after a country or organisation (`the Russian president`,
//!    `China's president`, `the UN secretary-general`, `the president of Russia`,
//!    `the president of the United States`) become mentions of the holder of that
//!    office on the document's date; a date known only to the year or the month
//!    stands for its last day (`2021`: the holder at the end of 2021). Without a
//!    date, with lower confidence, the latest year the text names since the office
//!    began stands in for one, and failing that the newest holder is chosen. A
//!    year is a four-digit number from 1000 to 2100 standing alone, not part of a
//!    longer number, and not a count before a noun (`1500 troops`) unless a word
//!    that takes a year comes first (`in 2024 elections`). Demonyms count here
//!    even when they are switched off as mentions. A phrase names no one when a
//!    word before it says the holder is another (`the former US president`, `the
//!    late president of Russia`, `the ex-president`, `the vice president of
//!    Russia`: the words in `NOT_THE_HOLDER`; an ordinal: `the 46th president`),
//!    when the title opens a compound (`the US president-elect`, `prime
//!    minister-designate`), when a title before `of` has no `the` (`his campaign
//!    for president of Russia`, `served as president of Russia`: the office, not
//!    its holder; `the current president of Russia` is one), when `of` is
//!    followed by a demonym or a possessive
//!    (`the president of Russian Railways`, `the president of Russia's largest
//!    bank`: the president of something else), or when a name follows the phrase
//!    (`the president of Russia, Vladimir Putin`: the name is the mention).
//!
//! The key decision: no rule looks at one match alone when the document can say
//! more. A gazetteer is a list of names; whether a name is meant is a property of
//! the document it appears in.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;

use crate::gazetteer::{AliasKind, Date, EntityIndex, EntityType, Gazetteer};
use crate::matcher::{Candidate, Match, Matcher};
use crate::span::Span;
use crate::text::TextIndex;

mod chunks;
mod codes;
mod evidence;
mod roles;
mod verdict;

use chunks::Doc;
use codes::{is_code, regnal_number_after};
use evidence::Evidence;
use roles::Titles;
use verdict::confidence_of;

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
    roles: bool,
}

impl Default for ResolverConfig {
    fn default() -> ResolverConfig {
        ResolverConfig { demonyms: true, explain: false, roles: true }
    }
}

impl ResolverConfig {
    /// The default configuration: demonyms and role phrases kept, no decisions
    /// recorded.
    pub fn new() -> ResolverConfig {
        ResolverConfig::default()
    }

    /// Keep demonyms (`Chinese`) as mentions of their country (default `true`).
    /// Switched off, role phrases after a demonym (`the Russian president`) still
    /// name the office holder.
    pub fn demonyms(mut self, yes: bool) -> ResolverConfig {
        self.demonyms = yes;
        self
    }

    /// Record a [`Decision`] for every match (default `false`).
    pub fn explain(mut self, yes: bool) -> ResolverConfig {
        self.explain = yes;
        self
    }

    /// Resolve role phrases (`the Russian president`) to office holders (default
    /// `true`).
    pub fn roles(mut self, yes: bool) -> ResolverConfig {
        self.roles = yes;
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

    /// Whether role phrases are resolved.
    pub fn get_roles(&self) -> bool {
        self.roles
    }
}

/// What kind of text a mention is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MentionKind {
    /// A name alias.
    Name,
    /// An abbreviation alias.
    Abbreviation,
    /// A demonym alias: a mention of the country.
    Demonym,
    /// A surname alone.
    Surname,
    /// A combining form (`Sino` in `Sino-Russian`).
    Combining,
    /// A title and a surname (`President Xi`, `Mr Putin`).
    Title,
    /// A role phrase resolved to the office holder (`the Russian president`).
    Role,
}

impl MentionKind {
    /// The kind's name, as mentions output writes it (`alias_kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::Abbreviation => "abbreviation",
            MentionKind::Demonym => "demonym",
            MentionKind::Surname => "surname",
            MentionKind::Combining => "combining",
            MentionKind::Title => "title",
            MentionKind::Role => "role",
        }
    }
}

impl From<AliasKind> for MentionKind {
    fn from(k: AliasKind) -> MentionKind {
        match k {
            AliasKind::Name => MentionKind::Name,
            AliasKind::Abbreviation => MentionKind::Abbreviation,
            AliasKind::Demonym => MentionKind::Demonym,
            AliasKind::Surname => MentionKind::Surname,
            AliasKind::Combining => MentionKind::Combining,
        }
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
    /// An abbreviation used as a code (`US$`, `US-75`), not as a name.
    CodeContext,
    /// A surname after (or before) the person's full name in the same document.
    IntroducedSurname,
    /// A title and a surname that only one holder of that title carries.
    TitleSurname,
    /// A surname that the gazetteer marks safe, never introduced in the document.
    SafeSurname,
    /// A surname whose person the document never introduced.
    SurnameNotIntroduced,
    /// A surname with another given name before it: someone else.
    OtherPerson,
    /// A safe surname opening a sentence in a document that names nothing else.
    SentenceStartWord,
    /// An ambiguous alias supported by the rest of the document.
    ContextSupport,
    /// The words around the match show a person's name, not this entity.
    PersonNameContext,
    /// After `Place,` (not a list of its type) only a related entity supports the match.
    PlaceQualifier,
    /// An ambiguous alias with nothing in the document to support it.
    NoSupport,
    /// Several entities are equally supported.
    Tie,
    /// Demonyms are switched off.
    DemonymsOff,
    /// A role phrase resolved to the holder of the office.
    Role,
}

impl Rule {
    /// A short name for the rule.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::UniqueAlias => "unique-alias",
            Rule::IgnoredPhrase => "ignored-phrase",
            Rule::CodeContext => "code-context",
            Rule::IntroducedSurname => "introduced-surname",
            Rule::TitleSurname => "title-surname",
            Rule::SafeSurname => "safe-surname",
            Rule::SurnameNotIntroduced => "surname-not-introduced",
            Rule::OtherPerson => "other-person",
            Rule::SentenceStartWord => "sentence-start-word",
            Rule::ContextSupport => "context-support",
            Rule::PersonNameContext => "person-name-context",
            Rule::PlaceQualifier => "place-qualifier",
            Rule::NoSupport => "no-support",
            Rule::Tie => "tie",
            Rule::DemonymsOff => "demonyms-off",
            Rule::Role => "role",
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
    /// What kind of text it is.
    pub kind: MentionKind,
    /// How sure the resolver is, from 0 to 1.
    pub confidence: f32,
    /// The rule that kept it.
    pub rule: Rule,
}

/// What became of one match (or role phrase).
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

/// Organisations with more members than this are too broad to support a country.
const SMALL_ORGANISATION: usize = 40;

/// Turns matches into mentions; see the [module docs](self).
#[derive(Clone, Debug)]
pub struct Resolver<'g> {
    gazetteer: &'g Gazetteer,
    config: ResolverConfig,
    /// For each entity, the entities whose mention supports it.
    related: HashMap<EntityIndex, Vec<EntityIndex>>,
    titles: Titles,
}

impl<'g> Resolver<'g> {
    /// A resolver over `gazetteer`.
    pub fn new(gazetteer: &'g Gazetteer, config: ResolverConfig) -> Resolver<'g> {
        let mut related: HashMap<EntityIndex, Vec<EntityIndex>> = HashMap::default();
        let mut link = |a: EntityIndex, b: EntityIndex| {
            related.entry(a).or_default().push(b);
            related.entry(b).or_default().push(a);
        };
        for (i, e) in gazetteer.iter() {
            for o in &e.offices {
                link(i, o.of);
            }
            if e.members.len() <= SMALL_ORGANISATION {
                for m in &e.members {
                    link(i, m.member);
                }
            }
            if let Some(p) = e.part_of {
                link(i, p);
            }
        }
        for list in related.values_mut() {
            list.sort_unstable();
            list.dedup();
        }
        Resolver { gazetteer, config, related, titles: Titles::new(gazetteer) }
    }

    /// The configuration.
    pub fn config(&self) -> &ResolverConfig {
        &self.config
    }

    /// Resolves the matches of one document written on `date` (if known), whose
    /// text layer is `index`.
    pub fn resolve(
        &self,
        text: &str,
        index: &TextIndex,
        matcher: &Matcher,
        matches: &[Match],
        date: Option<Date>,
    ) -> Resolution {
        let explain = self.config.explain;
        let g = self.gazetteer;
        let doc = Doc { text, index };
        let mut decisions: Vec<Decision> = Vec::new();
        let mut kept: Vec<Option<Mention>> = vec![None; matches.len()];

        // Pass 1: unique, unambiguous aliases.
        let mut pending: Vec<(usize, Vec<&Candidate>)> = Vec::new();
        let mut certain: HashSet<EntityIndex> = HashSet::default();
        // (position, person) of every full-name mention of a person.
        let mut introduced: Vec<(usize, EntityIndex)> = Vec::new();
        for (i, m) in matches.iter().enumerate() {
            if m.ignored {
                if explain {
                    decisions.push(Decision {
                        span: m.span,
                        candidates: Vec::new(),
                        chosen: None,
                        rule: Rule::IgnoredPhrase,
                        note: "the gazetteer lists this phrase as naming no entity".into(),
                    });
                }
                continue;
            }
            let mut accepted = matcher.candidates(text, m);
            let c = accepted.next().expect("an accepted match has a candidate");
            let single = accepted.all(|o| o.entity == c.entity);
            if single && c.kind == AliasKind::Abbreviation && is_code(text, m.span) {
                if explain {
                    decisions.push(Decision {
                        span: m.span,
                        candidates: vec![c.entity],
                        chosen: None,
                        rule: Rule::CodeContext,
                        note: "followed by a currency sign or a number".into(),
                    });
                }
                continue;
            }
            if single
                && g.entity(c.entity).entity_type == EntityType::Leader
                && regnal_number_after(&doc, m.span.end)
            {
                if explain {
                    decisions.push(Decision {
                        span: m.span,
                        candidates: vec![c.entity],
                        chosen: None,
                        rule: Rule::PersonNameContext,
                        note: "followed by a regnal number that is not part of the name: another ruler".into(),
                    });
                }
                continue;
            }
            if single && !c.ambiguous && c.kind != AliasKind::Surname {
                certain.insert(c.entity);
                if c.kind != AliasKind::Demonym && c.kind != AliasKind::Combining {
                    introduced.push((m.span.start, c.entity));
                }
                kept[i] = Some(Mention {
                    span: m.span,
                    entity: c.entity,
                    kind: c.kind.into(),
                    confidence: confidence_of(c.kind),
                    rule: Rule::UniqueAlias,
                });
                if explain {
                    decisions.push(Decision {
                        span: m.span,
                        candidates: vec![c.entity],
                        chosen: Some(c.entity),
                        rule: Rule::UniqueAlias,
                        note: String::new(),
                    });
                }
            } else {
                pending.push((i, matcher.candidates(text, m).collect()));
            }
        }

        // Pass 2: surnames and ambiguous aliases, with the document as evidence.
        let mut by_type: HashMap<&EntityType, usize> = HashMap::default();
        for &e in &certain {
            *by_type.entry(&g.entity(e).entity_type).or_default() += 1;
        }
        // By person, then position: a surname looks its person up by binary search
        // rather than scanning every full name of a long document.
        let mut introduced: Vec<(EntityIndex, usize)> =
            introduced.into_iter().map(|(p, who)| (who, p)).collect();
        introduced.sort_unstable();
        let mut context = Evidence {
            doc,
            date,
            certain: &certain,
            introduced: &introduced,
            by_type: &by_type,
            titled: false,
        };
        for (i, cands) in pending {
            // The type of the entity named just before `, `: the match continues a list.
            let listed = i
                .checked_sub(1)
                .and_then(|p| kept[p].as_ref())
                .filter(|prev| text.get(prev.span.end..matches[i].span.start) == Some(", "))
                .map(|prev| &g.entity(prev.entity).entity_type);
            let (mention, decision) = self.decide(&context, &matches[i], &cands, listed);
            // A title and a surname name a person for sure ("Mr Putin spoke. Putin
            // left.").
            context.titled |= mention.as_ref().is_some_and(|m| m.kind == MentionKind::Title);
            kept[i] = mention;
            if explain {
                decisions.push(decision);
            }
        }

        let mut mentions: Vec<Mention> = kept.into_iter().flatten().collect();

        // Pass 3: role phrases after the countries and organisations found. They
        // see the demonyms even when demonyms are switched off: "the Russian
        // president" names a leader whether or not "Russian" is kept.
        if self.config.roles {
            let roles = self.roles(&doc, date, &mentions, &mut decisions);
            if !roles.is_empty() {
                mentions.extend(roles);
                mentions.sort_by_key(|m| m.span);
            }
        }

        if !self.config.demonyms {
            // The decision of each span (the first, as a scan would find it), for
            // demonyms dropped after they were decided.
            let mut decision_at: HashMap<Span, usize> = HashMap::default();
            if explain {
                for (i, d) in decisions.iter().enumerate().rev() {
                    decision_at.insert(d.span, i);
                }
            }
            mentions.retain(|mention| {
                if mention.kind != MentionKind::Demonym {
                    return true;
                }
                if let Some(&i) = decision_at.get(&mention.span) {
                    let d = &mut decisions[i];
                    d.chosen = None;
                    d.rule = Rule::DemonymsOff;
                }
                false
            });
        }
        if explain {
            decisions.sort_by_key(|d| d.span);
        }
        Resolution { mentions, decisions }
    }
}
