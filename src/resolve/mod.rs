//! Resolution: each match becomes a mention of one entity, or is dropped with a
//! reason.
//!
//! Stage 3. A [`Resolver`] takes a document's text, its text layer
//! ([`TextIndex`]: words, sentences, lines), its context if known ([`DocContext`]:
//! date, home country), and its
//! [`Match`]es, and gives a [`Resolution`]: the [`Mention`]s kept, the matches that
//! lie inside longer names ([`InName`]), and, when asked for, a [`Decision`] for
//! every match with the candidates, the outcome, the [`Rule`] that decided it and
//! the name chunk or person behind it.
//!
//! The stages of a decision are files of this folder: `evidence` (what the whole
//! document says, gathered first), `chunks` (the words around a match, name
//! chunks), `codes` (codes, numbers), `abbreviations` (abbreviations with a
//! common other use, and those the document defines), `context` (the date and
//! home country, datelines), `roles` (role phrases and titles), `frames` (sports
//! frames: countries as teams), `metonyms` (seats and capitals standing for a
//! government, opt in), `verdict` (the scores and the rule) and [`confidence`]
//! (the probability that a kept mention is right, graded last, from what the
//! rules saw; mentions below [`ResolverConfig::min_confidence`] are dropped
//! there). Resolution works in passes over the matches of one document:
//!
//! 0. The people the document introduces are gathered before any decision: by a
//!    full name in the gazetteer, by an office title and a surname (`President
//!    Obama`), or by a person-shaped name that is not in the gazetteer (`Ted
//!    Kennedy`, `Napoleon III`); see `evidence::People`. Nothing decided later
//!    depends on the order of the matches.
//! 1. Matches whose alias names exactly one entity and is not declared ambiguous
//!    are kept at once, unless the words around them make them a code rather than
//!    a name (`US$ 10`, `US-75`; not before a year or a compound: `the US 2024
//!    election`, `the US 10-year yield`). They tell what the document is about:
//!    which people it introduced by their full name, which entities it names for
//!    sure. A country's or organisation's name inside a longer name whose other
//!    words nothing explains (`Air France`, `Bank of Canada`) is set apart as an
//!    [`InName`] (see `chunks::enclosing_name`), and an acronym in an all-caps line
//!    (`WHAT THE WHO SAID`) waits for the support an ambiguous alias needs.
//! 2. Everything else is decided with that evidence:
//!    - a surname with another given name right before it is someone else
//!      (`Melania Trump` after `Donald Trump`, `Mohammed Shahid Modi`), unless the
//!      word is one of the person's own names; otherwise a surname goes to the
//!      person the document introduced with that surname (the nearest full name
//!      before it, else the first after it); failing that, a title before it
//!      (`President Moon`, `Chancellor Merz`) picks the one person with that
//!      surname who held that title (at some time in the day, month or year of
//!      the document's date, when it is known); a surname of someone the document
//!      introduced outside the gazetteer, in a document that never names the
//!      leader in full, is no one's; failing that, the one person
//!      whose surname the gazetteer marks safe (`Putin`), unless it opens a
//!      sentence of a document that names nothing else for sure, neither by an
//!      unambiguous alias nor by a title and a surname, or of one that writes the
//!      word in lower case too (`Store the basil`);
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
//!    of a title-case or all-caps line, where every word is capitalised (`Jordan
//!    Protests Grow Over Bread Prices`). What opens a sentence is what
//!    [`crate::segment`] says.
//!
//!    A compass word stands for one half of a divided state once the rest of
//!    its name is clear (`North and South Korea`; `the North` in a document that
//!    names both Koreas); see `chunks::halves_named`.
//! 3. Role phrases after a country or organisation (`the Russian president`,
//!    `China's president`, `the UN secretary-general`, `the president of Russia`,
//!    `the president of the United States`) become mentions of the holder of that
//!    office on the document's date; a date known only to the year or the month
//!    stands for its last day (`2021`: the holder at the end of 2021). Bare role
//!    phrases after `the` (`the prime minister`, `the Pope`,
//!    `gazetteers/words/en/bare-roles.txt`) name the holder of the document's home
//!    country, of the organisation it is about, or of the one office worldwide.
//!    The date and home come from the input or the text (see `context`: a dateline,
//!    a dominant country); without a date a role phrase names no one, and years
//!    named in the body are no date. Demonyms count here even when they are
//!    switched off as mentions. A phrase names no one when a word before it says
//!    the holder is another (`the former US president`, `the late president of
//!    Russia`, `the ex-president`, `the vice president of Russia`: the words in
//!    `NOT_THE_HOLDER`; an ordinal: `the 46th president`), when it is generic or
//!    has its own time (`whoever becomes the president`, `the president is elected
//!    by`, `the president from 1994 to 1999`), when the title opens a compound
//!    (`the US president-elect`, `prime minister-designate`), when a title before
//!    `of` has no `the` (`his campaign for president of Russia`, `served as
//!    president of Russia`: the office, not its holder; `the current president of
//!    Russia` is one), when `of` is followed by a demonym or a possessive (`the
//!    president of Russian Railways`, `the president of Russia's largest bank`: the
//!    president of something else), or when a name follows the phrase (`the
//!    president of Russia, Vladimir Putin`: the name is the mention). An appositive
//!    or a predicate before it names the person (`X, the prime minister of Y,
//!    said`: X, whoever held the office that day; no one when X is not in the
//!    gazetteer), and in past perfect narration it is the earlier holder named
//!    before it (see `roles`). Office titles are also known by the abbreviations
//!    of their words (`Pres.`, `Gen`, `Lt Gen`, `Sen.`:
//!    `gazetteers/words/en/title-abbreviations.txt`).
//!
//! After pass 2, a name several leaders share (`George Bush`, `President
//! Roosevelt`) that nothing else decided goes to the one of the era the document
//! speaks of, when that is clear, and their surname follows (pass 2c, see `era`).
//!
//! Between passes 2 and 3, an abbreviation with a common other use (`CAR`, `AU`)
//! is kept only where the document defines it or names its entity, and one the
//! document defines as a company's is dropped (see `abbreviations`). After pass
//! 3, a country named in a sports frame becomes a team (pass 4, see `frames`),
//! and with [`ResolverConfig::metonyms`], seats of government and capitals
//! acting as states become mentions of their country (pass 5, see `metonyms`).
//!
//! The key decision: no rule looks at one match alone when the document can say
//! more. A gazetteer is a list of names; whether a name is meant is a property of
//! the document it appears in.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;
use std::sync::Arc;

use crate::gazetteer::{AliasKind, Date, EntityIndex, EntityType, Gazetteer};
use crate::matcher::{Candidate, Match, Matcher};
use crate::span::Span;
use crate::text::TextIndex;

mod abbreviations;
mod chunks;
mod codes;
pub mod confidence;
mod context;
mod era;
mod evidence;
mod frames;
mod metonyms;
mod roles;
mod verdict;

pub use context::{
    ContextSource, ContextUsed, DocContext, HOME_MIN_MENTIONS, SUBJECT_MIN_MENTIONS,
};

use chunks::{Beside, Doc};
use codes::{is_code, regnal_number_after};
use confidence::{ConfidenceModel, Features, round_confidence};
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
    in_names: bool,
    min_confidence: f32,
    features: bool,
    model: Option<Arc<ConfidenceModel>>,
    teams: bool,
    metonyms: bool,
}

impl Default for ResolverConfig {
    fn default() -> ResolverConfig {
        ResolverConfig {
            demonyms: true,
            explain: false,
            roles: true,
            in_names: false,
            min_confidence: 0.0,
            features: false,
            model: None,
            teams: false,
            metonyms: false,
        }
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

    /// Keep matches inside a longer name (`France` in `Air France`) among the
    /// mentions, of kind [`MentionKind::InName`] (default `false`: they are
    /// reported in [`Resolution::in_names`] only, and stay out of the graph).
    pub fn in_names(mut self, keep: bool) -> ResolverConfig {
        self.in_names = keep;
        self
    }

    /// Drop mentions whose confidence (the probability that they are right, see
    /// [`confidence`]) is below `p` (default 0: none dropped). Dropped mentions
    /// leave the mentions, the relations and so the graph; `--explain` gives them
    /// the rule `low-confidence`.
    pub fn min_confidence(mut self, p: f32) -> ResolverConfig {
        self.min_confidence = p;
        self
    }

    /// The lowest confidence kept.
    pub fn get_min_confidence(&self) -> f32 {
        self.min_confidence
    }

    /// Record the [`Features`] the confidence model read for every mention, in
    /// [`Resolution::features`] (default `false`): what `scripts/confidence/fit.py`
    /// fits the model on.
    pub fn features(mut self, yes: bool) -> ResolverConfig {
        self.features = yes;
        self
    }

    /// Whether features are recorded.
    pub fn get_features(&self) -> bool {
        self.features
    }

    /// Grade mentions with this model instead of the bundled one
    /// ([`ConfidenceModel::bundled`]).
    pub fn confidence_model(mut self, model: ConfidenceModel) -> ResolverConfig {
        self.model = Some(Arc::new(model));
        self
    }

    /// Keep countries named in a sports frame (`Brazil beat Germany 7-1`) among
    /// the mentions, of kind [`MentionKind::Team`] (default `false`: they are
    /// reported in [`Resolution::teams`] only, and stay out of the graph). See
    /// `frames`.
    pub fn teams(mut self, keep: bool) -> ResolverConfig {
        self.teams = keep;
        self
    }

    /// Whether teams are kept among the mentions.
    pub fn get_teams(&self) -> bool {
        self.teams
    }

    /// Map seats of government (`the Kremlin`) and capitals used as governments
    /// (`Beijing said`) to their country, as mentions of kind
    /// [`MentionKind::Metonym`] (default `false`). See `metonyms`.
    pub fn metonyms(mut self, yes: bool) -> ResolverConfig {
        self.metonyms = yes;
        self
    }

    /// Whether metonyms are mapped to their country.
    pub fn get_metonyms(&self) -> bool {
        self.metonyms
    }

    /// Whether matches inside longer names are kept among the mentions.
    pub fn get_in_names(&self) -> bool {
        self.in_names
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
    /// A match inside a longer name (`France` in `Air France`): not a mention of
    /// the entity.
    InName,
    /// A country named in a sports frame (`Brazil beat Germany 7-1`): its national
    /// team, not the state.
    Team,
    /// A seat of government or a capital standing for a country's government
    /// (`the Kremlin`, `Beijing said`).
    Metonym,
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
            MentionKind::InName => "in_name",
            MentionKind::Team => "team",
            MentionKind::Metonym => "metonym",
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
    /// The match lies inside a longer name whose other words nothing explains.
    InName,
    /// A mention whose confidence is below the minimum asked for.
    LowConfidence,
    /// A surname that refers to a person the document introduced who is not in
    /// the gazetteer (`Ted Kennedy ... Kennedy`).
    OtherPersonChain,
    /// An acronym in an all-caps line without support in the document.
    CapsAcronym,
    /// A role phrase that speaks of another holder than the one in office on the
    /// document's date: generic (`whoever becomes the president`), or with its own
    /// time (`the president from 1994 to 1999`).
    NotTheHolder,
    /// A role phrase that an appositive or a predicate ties to the person named
    /// beside it (`X, the prime minister of Y, said`).
    Appositive,
    /// A role phrase in a document without a date: it names no one.
    NoDate,
    /// A bare role phrase (`the prime minister`) in a document without a home
    /// country, or `the secretary-general` where no organisation dominates.
    NoHome,
    /// A country's name after a compass word that describes part of it
    /// (`northern Italy`): the phrase names a region, not the country.
    Region,
    /// A country named in a sports frame: its national team.
    SportsFrame,
    /// An abbreviation that collides with a common other use, defined or spelled
    /// out in the document.
    DefinedAbbreviation,
    /// An abbreviation that collides with a common other use, neither defined
    /// nor spelled out in the document.
    UndefinedAbbreviation,
    /// An abbreviation the document defines as another name's (`Acme Motor Corp
    /// (CAR)`).
    DefinedAsOther,
    /// A seat of government or a capital standing for a government.
    Metonym,
    /// A name several leaders share, given to the one of the era the document
    /// speaks of, or a surname that refers to the leader so chosen (see `era`).
    Era,
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
            Rule::InName => "in-name",
            Rule::LowConfidence => "low-confidence",
            Rule::OtherPersonChain => "other-person-chain",
            Rule::CapsAcronym => "caps-acronym",
            Rule::NotTheHolder => "not-the-holder",
            Rule::Appositive => "appositive",
            Rule::NoDate => "no-date",
            Rule::NoHome => "no-home",
            Rule::Region => "region",
            Rule::SportsFrame => "sports-frame",
            Rule::DefinedAbbreviation => "defined-abbreviation",
            Rule::UndefinedAbbreviation => "undefined-abbreviation",
            Rule::DefinedAsOther => "defined-as-other",
            Rule::Metonym => "metonym",
            Rule::Era => "era",
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
    /// The probability that the mention is right, from the confidence model
    /// ([`confidence`]), rounded to thousandths.
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

/// A match inside a longer name (`France` in `Air France`).
#[derive(Clone, Debug, PartialEq)]
pub struct InName {
    /// The match, as a mention of kind [`MentionKind::InName`].
    pub mention: Mention,
    /// The name it lies inside.
    pub name: Span,
}

/// The outcome of resolving one document.
#[derive(Clone, Debug, Default)]
pub struct Resolution {
    /// Kept mentions, in text order.
    pub mentions: Vec<Mention>,
    /// Matches inside longer names, in text order (also among `mentions` when
    /// [`ResolverConfig::in_names`] keeps them).
    pub in_names: Vec<InName>,
    /// Countries named in a sports frame, as mentions of kind
    /// [`MentionKind::Team`], in text order (also among `mentions` when
    /// [`ResolverConfig::teams`] keeps them).
    pub teams: Vec<Mention>,
    /// One decision per match, when [`ResolverConfig::explain`] is on.
    pub decisions: Vec<Decision>,
    /// The date and home country the document was resolved with, where they came
    /// from, and how many role phrases named no one for want of a date.
    pub context: ContextUsed,
    /// What the confidence model read of each mention and each match inside a
    /// longer name, in text order, when [`ResolverConfig::features`] is on.
    pub features: Vec<Features>,
}

/// How sure the resolver is that a match inside a longer name names its entity
/// (when such matches are kept).
const IN_NAME_CONFIDENCE: f32 = 0.5;

/// The `--explain` note of a match inside a longer name: the name chunk.
fn in_name_note(doc: &Doc<'_>, inside: &InName) -> String {
    format!("inside the name {:?}", &doc.text[inside.name.range()])
}

/// How sure a compass word that names one half of a divided state (`the North`)
/// is.
const HALF_CONFIDENCE: f32 = 0.8;

/// The countries whose names differ only by a compass word (`North Korea`,
/// `South Korea`; see [`chunks::halves_named`]), from the gazetteer's names.
fn divided_states(g: &Gazetteer) -> Vec<chunks::Half> {
    let mut all: Vec<chunks::Half> = Vec::new();
    for (i, e) in g.iter().filter(|(_, e)| e.entity_type == EntityType::Country) {
        for a in e.aliases.iter().filter(|a| a.kind == AliasKind::Name) {
            if let Some((first, rest)) = a.text.split_once(' ')
                && chunks::HALF_WORDS.contains(&first)
            {
                all.push((first.to_string(), rest.to_string(), i));
            }
        }
    }
    all.sort_unstable();
    all.dedup();
    let paired = |h: &chunks::Half| all.iter().any(|o| o.1 == h.1 && o.2 != h.2);
    all.iter().filter(|h| paired(h)).cloned().collect()
}

/// The candidates that accept each match of one document, asked of the matcher
/// once: the passes read them here, several times over, instead of asking it
/// again (which re-reads the match's text each time).
pub(super) struct Accepted<'m> {
    all: Vec<&'m Candidate>,
    /// Where the candidates of each match end in `all`.
    ends: Vec<usize>,
}

impl<'m> Accepted<'m> {
    /// The candidates of `matches` (none for ignored phrases).
    fn new(matcher: &'m Matcher, text: &str, matches: &[Match]) -> Accepted<'m> {
        let mut all = Vec::with_capacity(matches.len() * 2);
        let mut ends = Vec::with_capacity(matches.len());
        for m in matches {
            if !m.ignored {
                all.extend(matcher.candidates(text, m));
            }
            ends.push(all.len());
        }
        Accepted { all, ends }
    }

    /// The candidates of match `i`, in gazetteer order (as
    /// [`Matcher::candidates`] gives them).
    pub fn of(&self, i: usize) -> &[&'m Candidate] {
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p]);
        &self.all[start..self.ends[i]]
    }
}

/// Organisations with more members than this are too broad to support a country.
const SMALL_ORGANISATION: usize = 40;

/// Turns matches into mentions; see the [module docs](self).
#[derive(Clone, Debug)]
pub struct Resolver {
    gazetteer: Gazetteer,
    config: ResolverConfig,
    /// For each entity, the entities whose mention supports it.
    related: HashMap<EntityIndex, Vec<EntityIndex>>,
    titles: Titles,
    /// The halves of divided states by their compass words.
    halves: Vec<chunks::Half>,
    /// Seats and capitals, when metonyms are mapped.
    metonyms: Option<metonyms::Metonyms>,
}

impl Resolver {
    /// A resolver over `gazetteer` (a clone of the handle is kept).
    pub fn new(gazetteer: &Gazetteer, config: ResolverConfig) -> Resolver {
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
        let halves = divided_states(gazetteer);
        let metonyms = config.metonyms.then(|| metonyms::Metonyms::bundled(gazetteer));
        Resolver {
            gazetteer: gazetteer.clone(),
            config,
            related,
            titles: Titles::new(gazetteer),
            halves,
            metonyms,
        }
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
        self.resolve_with(text, index, matcher, matches, &DocContext::new().date(date))
    }

    /// Resolves the matches of one document in its context (date, home country),
    /// whose text layer is `index`. What the context leaves out is looked for in
    /// the text: a dateline, a dominant country (see [`DocContext`]).
    pub fn resolve_with(
        &self,
        text: &str,
        index: &TextIndex,
        matcher: &Matcher,
        matches: &[Match],
        given: &DocContext,
    ) -> Resolution {
        let explain = self.config.explain;
        let g = &self.gazetteer;
        let doc = Doc { text, index };
        let mut used = ContextUsed {
            date: match given.date {
                Some(d) => Some((d, ContextSource::Given)),
                None => context::dateline(&doc).map(|d| (d, ContextSource::Dateline)),
            },
            home: given.home.map(|h| (h, ContextSource::Given)),
            ..ContextUsed::default()
        };
        let date = used.date();
        let mut decisions: Vec<Decision> = Vec::new();
        let mut kept: Vec<Option<Mention>> = vec![None; matches.len()];
        let mut in_names: Vec<InName> = Vec::new();

        let accepted = Accepted::new(matcher, text, matches);

        // Pass 0: the people the document introduces, in the gazetteer or not.
        let people = self.people(&doc, &accepted, matches, date);

        // Pass 1: unique, unambiguous aliases.
        let mut pending: Vec<(usize, bool)> = Vec::new();
        let mut certain: HashSet<EntityIndex> = HashSet::default();
        // (position, person) of every full-name mention of a person.
        let mut introduced: Vec<(usize, EntityIndex)> = Vec::new();
        // The full names of those introductions, for `--explain` only.
        let mut names_at: HashMap<usize, Span> = HashMap::default();
        // Matches of abbreviations with a common other use.
        let mut colliding: Vec<usize> = Vec::new();
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
            let (&c, others) =
                accepted.of(i).split_first().expect("an accepted match has a candidate");
            let single = others.iter().all(|o| o.entity == c.entity);
            let drop = |rule: Rule, note: &str, decisions: &mut Vec<Decision>| {
                if explain {
                    decisions.push(Decision {
                        span: m.span,
                        candidates: vec![c.entity],
                        chosen: None,
                        rule,
                        note: note.to_string(),
                    });
                }
            };
            // An abbreviation with a common other use waits for the document's
            // support (see `abbreviations`).
            if c.kind == AliasKind::Abbreviation && abbreviations::collides(&text[m.span.range()]) {
                colliding.push(i);
                continue;
            }
            if single && c.kind == AliasKind::Abbreviation && is_code(text, m.span) {
                drop(Rule::CodeContext, "followed by a currency sign or a number", &mut decisions);
                continue;
            }
            let leader = g.entity(c.entity).entity_type == EntityType::Leader;
            if single && leader && regnal_number_after(&doc, m.span.end) {
                let note =
                    "followed by a regnal number that is not part of the name: another ruler";
                drop(Rule::PersonNameContext, note, &mut decisions);
                continue;
            }
            if single
                && c.kind == AliasKind::Name
                && g.entity(c.entity).entity_type == EntityType::Country
                && let Some(region) = chunks::region_before(&doc, m.span)
            {
                let note = format!("\"{}\" names a region of the country", &text[region.range()]);
                drop(Rule::Region, &note, &mut decisions);
                continue;
            }
            // "Napoleon III ... Napoleon": the name of a ruler the document
            // introduced with another regnal number.
            if single
                && leader
                && c.kind == AliasKind::Name
                && people.outsider(text, m.span).is_some()
            {
                let note = "the document introduced another ruler of this name";
                drop(Rule::OtherPersonChain, note, &mut decisions);
                continue;
            }
            // "Napoleon III ... Napoleon": a one-word name refers to the nearest
            // leader named in full who bears it.
            if single
                && leader
                && c.kind == AliasKind::Name
                && !text[m.span.range()].contains(' ')
                && let Some(other) = people.bearer(g, &text[m.span.range()], m.span.start, c.entity)
            {
                let mention = Mention {
                    span: m.span,
                    entity: other,
                    kind: MentionKind::Surname,
                    confidence: verdict::INTRODUCED_CONFIDENCE,
                    rule: Rule::IntroducedSurname,
                };
                if explain {
                    decisions.push(Decision {
                        span: m.span,
                        candidates: vec![c.entity, other],
                        chosen: Some(other),
                        rule: Rule::IntroducedSurname,
                        note: format!("{} is named in full nearer", g.entity(other).label),
                    });
                }
                kept[i] = Some(mention);
                continue;
            }
            // An acronym in capitals among capitals ("WHAT THE WHO SAID") needs
            // the support an ambiguous alias needs.
            let caps = c.kind == AliasKind::Abbreviation && self.in_caps(&doc, m.span);
            if single && !c.ambiguous && c.kind != AliasKind::Surname && !caps {
                let mention = Mention {
                    span: m.span,
                    entity: c.entity,
                    kind: c.kind.into(),
                    confidence: confidence_of(c.kind),
                    rule: Rule::UniqueAlias,
                };
                if let Some(inside) = self.in_name(&doc, &accepted, matches, &mention) {
                    self.keep_in_name(&doc, inside, &mut in_names, &mut decisions);
                    continue;
                }
                certain.insert(c.entity);
                if c.kind != AliasKind::Demonym && c.kind != AliasKind::Combining {
                    introduced.push((m.span.start, c.entity));
                    if explain {
                        names_at.insert(m.span.start, m.span);
                    }
                }
                kept[i] = Some(mention);
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
                pending.push((i, caps));
            }
        }

        // Pass 2: surnames and ambiguous aliases, with the document as evidence.
        let mut by_type: HashMap<&EntityType, usize> = HashMap::default();
        for &e in &certain {
            *by_type.entry(&g.entity(e).entity_type).or_default() += 1;
        }
        // By person, then position: a surname looks its person up by binary search
        // rather than scanning every full name of a long document. A leader
        // introduced by an office title and a surname counts as introduced.
        let mut introduced: Vec<(EntityIndex, usize)> = introduced
            .into_iter()
            .map(|(p, who)| (who, p))
            .chain(people.titled.iter().copied())
            .collect();
        introduced.sort_unstable();
        let context = Evidence {
            doc,
            date,
            certain: &certain,
            introduced: &introduced,
            names_at: &names_at,
            by_type: &by_type,
            people: &people,
            lower: Default::default(),
        };
        // The matches dropped here that the era may still decide.
        let mut undecided: Vec<era::Undecided<'_>> = Vec::new();
        for (i, caps) in pending {
            let cands = accepted.of(i);
            // The type of the entity named just before `, `: the match continues a list.
            let listed = i
                .checked_sub(1)
                .and_then(|p| kept[p].as_ref())
                .filter(|prev| text.get(prev.span.end..matches[i].span.start) == Some(", "))
                .map(|prev| &g.entity(prev.entity).entity_type);
            let (mention, mut decision) = self.decide(&context, &matches[i], cands, listed, caps);
            if let Some(m) = &mention
                && let Some(inside) = self.in_name(&doc, &accepted, matches, m)
            {
                if explain {
                    decision.chosen = None;
                    decision.rule = Rule::InName;
                    decision.note = in_name_note(&doc, &inside);
                    decisions.push(decision);
                }
                self.keep_in_name(&doc, inside, &mut in_names, &mut Vec::new());
                continue;
            }
            let rule = decision.rule;
            let dropped = mention.is_none();
            kept[i] = mention;
            if explain {
                decisions.push(decision);
            }
            if dropped && era::Undecided::may_follow(rule) {
                undecided.push(era::Undecided { index: i, cands, caps, listed, rule });
            }
        }

        // Pass 2c: a name several leaders share, by the era the document speaks
        // of, and the surnames that refer to the leader it chose (see `era`).
        if !undecided.is_empty() {
            self.era(&context, matches, &undecided, &mut kept, &mut decisions);
        }

        let mut mentions: Vec<Mention> = kept.into_iter().flatten().collect();

        // Pass 2b: a compass word for one half of a divided state (`the North`).
        if !self.halves.is_empty() {
            let halves = self.halves(&doc, &mentions, &mut decisions);
            if !halves.is_empty() {
                mentions.extend(halves);
                mentions.sort_by_key(|m| m.span);
            }
        }

        // Abbreviations: those with a common other use need a definition or the
        // entity's name; those the document defines as a company's are dropped.
        self.abbreviations(&doc, &accepted, matches, &colliding, &mut mentions, &mut decisions);

        // The home country and the subject organisation, from what was found.
        // They see the demonyms even when demonyms are switched off.
        if used.home.is_none() {
            let (home, note) =
                context::dominant(g, &mentions, EntityType::Country, HOME_MIN_MENTIONS, explain);
            used.home = home.map(|h| (h, ContextSource::Inferred));
            used.home_note = note;
        }
        used.subject =
            context::dominant(g, &mentions, EntityType::Organisation, SUBJECT_MIN_MENTIONS, false)
                .0;

        // Pass 3: role phrases after the countries and organisations found, and
        // bare ones. They see the demonyms even when demonyms are switched off:
        // "the Russian president" names a leader whether or not "Russian" is kept.
        if self.config.roles {
            let roles = self.roles(&doc, &mut used, &mentions, &mut decisions);
            if !roles.is_empty() {
                mentions.extend(roles);
                mentions.sort_by_key(|m| m.span);
            }
        }

        // Pass 4: countries in a sports frame are teams.
        let teams = self.teams(&doc, &mut mentions, &mut decisions);

        // Pass 5 (opt in): seats and capitals that stand for a government.
        if let Some(metonyms) = &self.metonyms {
            let found = metonyms.find(&doc, g, matches, &mentions);
            if !found.is_empty() {
                if explain {
                    decisions.extend(found.iter().map(|m| Decision {
                        span: m.span,
                        candidates: vec![m.entity],
                        chosen: Some(m.entity),
                        rule: Rule::Metonym,
                        note:
                            "a seat of government or a capital standing for the government".into(),
                    }));
                }
                mentions.extend(found);
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
        // The probability that each mention is right, from what the rules saw.
        let context = confidence::Context {
            doc,
            gazetteer: g,
            accepted: &accepted,
            matches,
            date,
            related: &self.related,
        };
        let inside: Vec<&Mention> = in_names.iter().map(|n| &n.mention).collect();
        let mut features = context.features(&mentions, &inside);
        let model = self.config.model.as_deref().unwrap_or_else(|| ConfidenceModel::bundled());
        let graded = mentions.iter_mut().chain(in_names.iter_mut().map(|n| &mut n.mention));
        // The weights of a mention's rule, kind and type are looked up (by their
        // names) once per document for each such triple, not once per mention.
        let mut categorical: Vec<((Rule, MentionKind, &EntityType), f32)> = Vec::new();
        for (m, f) in graded.zip(&features) {
            let key = (m.rule, m.kind, &g.entity(m.entity).entity_type);
            let c = match categorical.iter().find(|(k, _)| *k == key) {
                Some(&(_, c)) => c,
                None => {
                    let c = model.categorical(f.rule, f.kind, key.2.as_str());
                    categorical.push((key, c));
                    c
                }
            };
            m.confidence = round_confidence(model.logistic(c, f));
        }
        let min = self.config.min_confidence;
        if min > 0.0 {
            let low = |m: &Mention| m.confidence < min;
            let all = mentions.iter().chain(in_names.iter().map(|n| &n.mention));
            if explain {
                for m in all.clone().filter(|m| low(m)) {
                    let d = decisions.iter_mut().find(|d| d.span == m.span && d.chosen.is_some());
                    if let Some(d) = d {
                        d.chosen = None;
                        d.rule = Rule::LowConfidence;
                        d.note = format!("confidence {} is below the minimum {min}", m.confidence);
                    }
                }
            }
            let kept: Vec<bool> = all.map(|m| !low(m)).collect();
            let mut keep = kept.iter().copied();
            features.retain(|_| keep.next().unwrap_or(true));
            mentions.retain(|m| !low(m));
            in_names.retain(|n| !low(&n.mention));
        }
        if self.config.in_names && !in_names.is_empty() {
            mentions.extend(in_names.iter().map(|n| n.mention.clone()));
            mentions.sort_by_key(|m| m.span);
        }
        if self.config.features {
            features.sort_by_key(|f| f.span);
        } else {
            features = Vec::new();
        }
        Resolution { mentions, in_names, teams, decisions, context: used, features }
    }

    /// The compass words of `doc` that name one half of a divided state, as
    /// mentions (see [`chunks::halves_named`]).
    fn halves(
        &self,
        doc: &Doc<'_>,
        mentions: &[Mention],
        decisions: &mut Vec<Decision>,
    ) -> Vec<Mention> {
        let g = &self.gazetteer;
        let named = |span: Span| {
            let k = mentions.partition_point(|m| m.span.start <= span.start);
            k.checked_sub(1)
                .map(|k| &mentions[k])
                .filter(|m| m.span.end >= span.end)
                .map(|m| m.entity)
        };
        let in_doc = |e: EntityIndex| mentions.iter().any(|m| m.entity == e);
        let found = chunks::halves_named(doc, &self.halves, named, &in_doc);
        let mut out = Vec::with_capacity(found.len());
        for (span, entity, cue) in found {
            if self.config.explain {
                let label = &g.entity(entity).label;
                let note = match cue {
                    chunks::HalfCue::Ellipsis => {
                        format!("{label} by its compass word, before the other half's name")
                    }
                    chunks::HalfCue::Definite => {
                        format!("{label} by its compass word: the document names both halves")
                    }
                };
                decisions.push(Decision {
                    span,
                    candidates: vec![entity],
                    chosen: Some(entity),
                    rule: Rule::ContextSupport,
                    note,
                });
            }
            out.push(Mention {
                span,
                entity,
                kind: MentionKind::Name,
                confidence: HALF_CONFIDENCE,
                rule: Rule::ContextSupport,
            });
        }
        out
    }

    /// Decides the abbreviations with a common other use (the matches
    /// `colliding`), and drops the abbreviations the document defines as a
    /// company's; see `abbreviations`.
    fn abbreviations(
        &self,
        doc: &Doc<'_>,
        accepted: &Accepted<'_>,
        matches: &[Match],
        colliding: &[usize],
        mentions: &mut Vec<Mention>,
        decisions: &mut Vec<Decision>,
    ) {
        let explain = self.config.explain;
        let bracketed = abbreviations::bracketed(doc);
        if colliding.is_empty() && bracketed.is_empty() {
            return;
        }
        let text = doc.text;
        if !bracketed.is_empty() {
            let company: Vec<Span> = mentions
                .iter()
                .filter(|m| m.kind == MentionKind::Abbreviation)
                .filter(|m| {
                    let defs = abbreviations::definitions(
                        doc,
                        &bracketed,
                        mentions,
                        &text[m.span.range()],
                    );
                    abbreviations::holding(&defs, m.span.start)
                        == Some(abbreviations::Definition::Company)
                })
                .map(|m| m.span)
                .collect();
            if !company.is_empty() {
                mentions.retain(|m| !company.contains(&m.span));
                for d in decisions.iter_mut().filter(|d| company.contains(&d.span)) {
                    d.chosen = None;
                    d.rule = Rule::DefinedAsOther;
                    d.note = abbreviations::Why::Company.note();
                }
            }
        }
        let mut found = Vec::new();
        for &i in colliding {
            let m = &matches[i];
            let mut entities: Vec<EntityIndex> = accepted
                .of(i)
                .iter()
                .filter(|c| c.kind == AliasKind::Abbreviation)
                .map(|c| c.entity)
                .collect();
            entities.sort_unstable();
            entities.dedup();
            let defs = abbreviations::definitions(doc, &bracketed, mentions, &text[m.span.range()]);
            let spelled_out = |e: EntityIndex| {
                mentions
                    .iter()
                    .find(|x| {
                        x.entity == e
                            && matches!(
                                x.kind,
                                MentionKind::Name
                                    | MentionKind::Title
                                    | MentionKind::Surname
                                    | MentionKind::Role
                            )
                    })
                    .map(|x| x.span)
            };
            let after_number = doc
                .index
                .previous_word(text, m.span.start)
                .is_some_and(|w| doc.index.words()[w].shape == crate::text::Shape::Digit);
            let (chosen, why) = if after_number {
                (None, abbreviations::Why::Unit)
            } else if self.in_caps(doc, m.span) {
                (None, abbreviations::Why::Caps)
            } else {
                let holding = abbreviations::holding(&defs, m.span.start);
                abbreviations::verdict(holding, spelled_out, &entities)
            };
            let rule = match (chosen, why) {
                (Some(_), _) => Rule::DefinedAbbreviation,
                (None, abbreviations::Why::Company) => Rule::DefinedAsOther,
                (None, abbreviations::Why::Several) => Rule::Tie,
                (None, abbreviations::Why::Caps) => Rule::CapsAcronym,
                (None, abbreviations::Why::Unit) => Rule::CodeContext,
                (None, _) => Rule::UndefinedAbbreviation,
            };
            if let Some(e) = chosen {
                found.push(Mention {
                    span: m.span,
                    entity: e,
                    kind: MentionKind::Abbreviation,
                    confidence: confidence_of(AliasKind::Abbreviation),
                    rule,
                });
            }
            if explain {
                decisions.push(Decision {
                    span: m.span,
                    candidates: entities,
                    chosen,
                    rule,
                    note: why.note(),
                });
            }
        }
        if !found.is_empty() {
            mentions.extend(found);
            mentions.sort_by_key(|m| m.span);
        }
    }

    /// Turns the countries named by name or abbreviation in a sports frame into
    /// teams (see `frames`): gives them, and leaves them among `mentions` only
    /// when the configuration keeps teams.
    fn teams(
        &self,
        doc: &Doc<'_>,
        mentions: &mut Vec<Mention>,
        decisions: &mut [Decision],
    ) -> Vec<Mention> {
        let g = &self.gazetteer;
        let could_be = |m: &Mention| {
            matches!(m.kind, MentionKind::Name | MentionKind::Abbreviation)
                && g.entity(m.entity).entity_type == EntityType::Country
        };
        if !mentions.iter().any(could_be) {
            return Vec::new();
        }
        let mut frames = frames::Frames::new(*doc);
        let mut teams = Vec::new();
        for m in mentions.iter_mut() {
            if !could_be(m) {
                continue;
            }
            let Some(s) = doc.index.sentence_at(m.span.start) else { continue };
            if !frames.is_sports(s) || frames.is_place(m.span.start) {
                continue;
            }
            m.kind = MentionKind::Team;
            m.rule = Rule::SportsFrame;
            teams.push(m.clone());
            if let Some(d) = decisions.iter_mut().find(|d| d.span == m.span) {
                d.rule = Rule::SportsFrame;
                d.note = "a country in a sports frame: its national team".into();
            }
        }
        if !self.config.teams && !teams.is_empty() {
            mentions.retain(|m| m.kind != MentionKind::Team);
        }
        teams
    }

    /// Whether the match at `span` stands in an all-caps line or document, where
    /// a capital says nothing of an acronym.
    fn in_caps(&self, doc: &Doc<'_>, span: Span) -> bool {
        doc.index.is_all_caps() || doc.index.line_at(span.start).is_some_and(|l| l.all_caps)
    }

    /// The name `mention` lies inside, when it is a country's or an organisation's
    /// name or abbreviation inside a longer name (see [`chunks::enclosing_name`]).
    fn in_name(
        &self,
        doc: &Doc<'_>,
        accepted: &Accepted<'_>,
        matches: &[Match],
        mention: &Mention,
    ) -> Option<InName> {
        let g = &self.gazetteer;
        let entity = mention.entity;
        if !matches!(g.entity(entity).entity_type, EntityType::Country | EntityType::Organisation)
            || !matches!(mention.kind, MentionKind::Name | MentionKind::Abbreviation)
        {
            return None;
        }
        let beside = |w: Span| {
            let k = matches.partition_point(|m| m.span.start < w.end);
            let Some(m) = k.checked_sub(1).map(|k| &matches[k]) else { return Beside::Nothing };
            if m.span.end <= w.start || m.ignored {
                return Beside::Nothing;
            }
            let Some((first, mut cands)) =
                accepted.of(k - 1).split_first().map(|(f, rest)| (f, rest.iter()))
            else {
                return Beside::Nothing;
            };
            if cands.all(|c| c.entity == first.entity)
                && g.entity(first.entity).part_of == Some(entity)
            {
                Beside::Part
            } else {
                Beside::Other
            }
        };
        let name = chunks::enclosing_name(doc, mention.span, beside, |i, left| {
            // A title ends at word `i` (left) only if the word can end one, and
            // starts there (right) only if it can open one: most words are ruled
            // out so, before the words around them are folded.
            let edge = if left { &self.titles.last_words } else { &self.titles.first_words };
            let may = chunks::with_folded(doc.word(i), |f| {
                let token = if left { f.rsplit(' ').next() } else { f.split(' ').next() };
                token.is_some_and(|t| edge.contains(t))
            });
            if !may {
                return false;
            }
            let w = doc.index.words()[i].span;
            let folded = if left {
                doc.folded_before(w.end, self.titles.longest)
            } else {
                doc.folded_after(w.start, self.titles.longest)
            };
            let words: Vec<&str> = folded.iter().map(|f| f.folded.as_ref()).collect();
            if left {
                self.titles.suffix(&words).is_some()
            } else {
                self.titles.prefix(&words).is_some()
            }
        })?;
        let mention = Mention {
            span: mention.span,
            entity,
            kind: MentionKind::InName,
            confidence: IN_NAME_CONFIDENCE,
            rule: Rule::InName,
        };
        Some(InName { mention, name })
    }

    /// Records a match inside a longer name (and its decision when asked).
    fn keep_in_name(
        &self,
        doc: &Doc<'_>,
        inside: InName,
        in_names: &mut Vec<InName>,
        decisions: &mut Vec<Decision>,
    ) {
        if self.config.explain {
            decisions.push(Decision {
                span: inside.mention.span,
                candidates: vec![inside.mention.entity],
                chosen: None,
                rule: Rule::InName,
                note: in_name_note(doc, &inside),
            });
        }
        in_names.push(inside);
    }
}
