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

use crate::gazetteer::{AliasKind, Date, Entity, EntityIndex, EntityType, Gazetteer};
use crate::matcher::{Candidate, Match, Matcher};
use crate::normalize::{fold, is_word_char};
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

/// Words that, right before a name, make it a person's.
const PERSONAL_TITLES: &[&str] =
    &["Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Sir", "Dame", "Lord", "Lady", "Prof", "Professor"];

/// Capitalised words that are not given names, besides the function words: days,
/// months, sentence adverbs, titles.
const NOT_NAMES: &[&str] = &[
    "Including",
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
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Said",
    "Says",
    "Yesterday",
    "Today",
    "Tomorrow",
    "Meanwhile",
    "Afterwards",
    "Afterward",
    "Instead",
    "Thereafter",
    "Nonetheless",
    "Nevertheless",
    "Moreover",
    "Furthermore",
    "Indeed",
    "Otherwise",
    "Hence",
    "Thus",
    "Therefore",
    "Overall",
    "Tonight",
    "Again",
    "Already",
    "Soon",
    "Perhaps",
    "Maybe",
    "Sometimes",
    "Often",
    "Earlier",
    "Later",
    "However",
    "Now",
    "Neighbouring",
    "Neighboring",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "Let",
    "King",
    "Queen",
    "President",
    "Prime",
    "Minister",
    "General",
    "Chancellor",
    "Premier",
    "Emperor",
    "Empress",
    "Pope",
    "Leader",
    "Chairman",
    "Secretary",
    "Senator",
    "Governor",
    "Former",
    "Late",
    "Vice",
    "Deputy",
    "Acting",
    "Interim",
    "Crown",
    "Prince",
    "Princess",
    "Sheikh",
    "Emir",
    "Sultan",
    "Shah",
    "Ayatollah",
    "Marshal",
    "Colonel",
    "Chief",
    "Supreme",
];

/// Words right before a role phrase (`the former US president`, `the
/// ex-president of Russia`) that make it name someone other than the holder on
/// the document's date.
const NOT_THE_HOLDER: &[&str] = &[
    "former",
    "late",
    "ex",
    "then",
    "erstwhile",
    "onetime",
    "previous",
    "past",
    "future",
    "next",
    "incoming",
    "vice",
    "deputy",
];

/// An ordinal (`46th`, `first`, `last`): before a title it counts the holders
/// (`the 46th president`, `the first president of Russia`) instead of naming the
/// one in office.
fn is_ordinal(word: &str) -> bool {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        return matches!(&word[digits..], "st" | "nd" | "rd" | "th");
    }
    [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth", "last",
    ]
    .contains(&word)
}

/// Words that, right before a four-digit number, make it a year even when a noun
/// follows (`in 2024 elections`, `May 2024 figures`).
const YEAR_CUES: &[&str] = &[
    "in",
    "since",
    "by",
    "until",
    "till",
    "from",
    "to",
    "through",
    "during",
    "before",
    "after",
    "of",
    "around",
    "circa",
    "c",
    "between",
    "and",
    "early",
    "mid",
    "late",
    "year",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
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
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
];

/// Function words (articles, pronouns, prepositions, conjunctions, auxiliaries),
/// in lower case and sorted: a closed class of words that are never names.
const FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "after",
    "against",
    "all",
    "along",
    "alongside",
    "also",
    "although",
    "am",
    "amid",
    "amidst",
    "among",
    "amongst",
    "an",
    "and",
    "another",
    "any",
    "are",
    "around",
    "as",
    "at",
    "atop",
    "be",
    "because",
    "been",
    "before",
    "behind",
    "being",
    "below",
    "beneath",
    "beside",
    "besides",
    "between",
    "beyond",
    "both",
    "but",
    "by",
    "can",
    "could",
    "despite",
    "did",
    "do",
    "does",
    "during",
    "each",
    "either",
    "even",
    "every",
    "except",
    "few",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "inside",
    "into",
    "is",
    "it",
    "its",
    "just",
    "like",
    "many",
    "may",
    "me",
    "might",
    "most",
    "much",
    "must",
    "my",
    "near",
    "neither",
    "no",
    "nor",
    "not",
    "of",
    "off",
    "on",
    "once",
    "only",
    "onto",
    "or",
    "other",
    "our",
    "out",
    "outside",
    "over",
    "per",
    "several",
    "shall",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "throughout",
    "till",
    "to",
    "toward",
    "towards",
    "under",
    "underneath",
    "unless",
    "unlike",
    "until",
    "up",
    "upon",
    "us",
    "versus",
    "via",
    "was",
    "we",
    "were",
    "what",
    "whatever",
    "when",
    "where",
    "whereas",
    "whether",
    "which",
    "whichever",
    "while",
    "whilst",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
];

/// True for a function word, in any case.
fn is_function_word(word: &str) -> bool {
    // The longest function word has 10 letters: fold into a buffer on the stack.
    let mut buf = [0u8; 10];
    if word.len() > buf.len() {
        return false;
    }
    let folded = &mut buf[..word.len()];
    folded.copy_from_slice(word.as_bytes());
    folded.make_ascii_lowercase();
    FUNCTION_WORDS.binary_search_by(|f| f.as_bytes().cmp(folded)).is_ok()
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

/// Office titles, folded, with their holders: for role phrases and titles before
/// surnames.
#[derive(Clone, Debug, Default)]
struct Titles {
    /// Folded title → offices `(place, holder, office index)`.
    offices: HashMap<String, Vec<(EntityIndex, EntityIndex, usize)>>,
    /// The longest title, in words.
    longest: usize,
    /// The first and the last word of every title, to rule most words out at once.
    first_words: HashSet<String>,
    last_words: HashSet<String>,
}

impl Titles {
    fn new(g: &Gazetteer) -> Titles {
        let mut t = Titles::default();
        for (person, e) in g.iter() {
            for (i, o) in e.offices.iter().enumerate() {
                let key = fold(&o.title, true);
                t.longest = t.longest.max(key.split(' ').count());
                if let (Some(first), Some(last)) =
                    (key.split(' ').next(), key.split(' ').next_back())
                {
                    t.first_words.insert(first.to_string());
                    t.last_words.insert(last.to_string());
                }
                t.offices.entry(key).or_default().push((o.of, person, i));
            }
        }
        t
    }

    /// The longest title that `words` (folded, in order) start with, and how many
    /// words it takes.
    fn prefix(&self, words: &[String]) -> Option<(&str, usize)> {
        for n in (1..=self.longest.min(words.len())).rev() {
            let key = words[..n].join(" ");
            if let Some((k, _)) = self.offices.get_key_value(&key) {
                return Some((k, n));
            }
        }
        None
    }

    /// The longest title that `words` end with, and how many words it takes.
    fn suffix(&self, words: &[String]) -> Option<(&str, usize)> {
        for n in (1..=self.longest.min(words.len())).rev() {
            let key = words[words.len() - n..].join(" ");
            if let Some((k, _)) = self.offices.get_key_value(&key) {
                return Some((k, n));
            }
        }
        None
    }
}

/// A word of the text: its span and its folded form.
struct Word {
    span: Span,
    folded: String,
}

/// Up to `n` words after `pos`, stopping at punctuation other than `'s`, a
/// hyphen or a space.
fn words_after(text: &str, pos: usize, n: usize) -> Vec<Word> {
    let mut out = Vec::new();
    let mut i = pos;
    let bytes = text.as_bytes();
    // A possessive right after the entity ("China's president").
    if text[i..].starts_with("'s") {
        i += 2;
    } else if text[i..].starts_with("\u{2019}s") {
        i += "\u{2019}s".len();
    }
    while out.len() < n {
        while i < text.len() && matches!(bytes[i], b' ' | b'-') {
            i += 1;
        }
        let start = i;
        while i < text.len() {
            let c = text[i..].chars().next().expect("i is on a boundary");
            if !is_word_char(c) {
                break;
            }
            i += c.len_utf8();
        }
        if i == start {
            break;
        }
        out.push(Word { span: Span::new(start, i), folded: fold(&text[start..i], true) });
        if i < text.len() && !matches!(bytes[i], b' ' | b'-') {
            break;
        }
    }
    out
}

/// Up to `n` words before `pos` (in text order), stopping at punctuation.
fn words_before(text: &str, pos: usize, n: usize) -> Vec<Word> {
    let mut out = Vec::new();
    let mut i = pos;
    let bytes = text.as_bytes();
    while out.len() < n {
        let mut j = i;
        while j > 0 && matches!(bytes[j - 1], b' ' | b'-') {
            j -= 1;
        }
        if j == i && !out.is_empty() {
            break;
        }
        let end = j;
        while j > 0 {
            let c = text[..j].chars().next_back().expect("j > 0");
            if !is_word_char(c) {
                break;
            }
            j -= c.len_utf8();
        }
        if j == end {
            break;
        }
        out.push(Word { span: Span::new(j, end), folded: fold(&text[j..end], true) });
        i = j;
        if j > 0 && !matches!(bytes[j - 1], b' ' | b'-') {
            break;
        }
    }
    out.reverse();
    out
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

    /// Resolves the matches of one document written on `date` (if known).
    pub fn resolve(
        &self,
        text: &str,
        matcher: &Matcher,
        matches: &[Match],
        date: Option<Date>,
    ) -> Resolution {
        let explain = self.config.explain;
        let g = self.gazetteer;
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
                && regnal_number_after(text, m.span.end)
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
        let mut context = Context {
            text,
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
            let roles = self.roles(text, date, &mentions, &mut decisions);
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

    fn decide(
        &self,
        cx: &Context<'_>,
        m: &Match,
        cands: &[&Candidate],
        listed: Option<&EntityType>,
    ) -> (Option<Mention>, Decision) {
        let g = self.gazetteer;
        let text = cx.text;
        let mut ids: Vec<EntityIndex> = cands.iter().map(|c| c.entity).collect();
        ids.dedup();
        let person_context = person_name_context(text, m.span);
        // A title right before a surname ("President Moon", "Mr Putin").
        let title = self.title_before(text, m.span.start);
        // (score, candidate, rule, note, span, kind) for every supported candidate.
        let mut best: Vec<(f32, &Candidate, Rule, String, Span, MentionKind)> = Vec::new();
        let mut reasons: Vec<(Rule, String)> = Vec::new();
        for &c in cands {
            let e = g.entity(c.entity);
            if c.kind == AliasKind::Surname {
                let (span, kind) = match &title {
                    Some(t) => (Span::new(t.span.start, m.span.end), MentionKind::Title),
                    None => (m.span, MentionKind::Surname),
                };
                // Another given name before the surname is another person, even
                // one the document introduced ("Donald Trump ... Melania Trump"),
                // unless it is one of this person's own names.
                if title.is_none()
                    && let Some(prev) = word_before(text, m.span.start)
                    && is_name_at(text, m.span.start - 1 - prev.len(), prev)
                    && !is_own_name(e, prev)
                {
                    reasons.push((
                        Rule::OtherPerson,
                        format!("after the given name {prev:?}: another person"),
                    ));
                    continue;
                }
                if let Some(p) = introduction(cx.introduced, c.entity, m.span.start) {
                    // The nearer an introduction, the stronger (ties between
                    // people are broken by distance).
                    let distance = p.abs_diff(m.span.start) as f32;
                    let score = 4.0 + 1.0 / (1.0 + distance / 1000.0);
                    best.push((
                        score,
                        c,
                        Rule::IntroducedSurname,
                        format!("{} named in full at byte {p}", e.label),
                        span,
                        kind,
                    ));
                    continue;
                }
                if let Some(t) = &title
                    && let Some(office) = t.office.as_deref()
                {
                    let held = e.offices.iter().any(|o| {
                        fold(&o.title, true) == office
                            && cx.date.is_none_or(|d| o.is_held_during(d))
                    });
                    if held {
                        let note = format!("{} held the office of {}", e.label, t.text);
                        best.push((3.0, c, Rule::TitleSurname, note, span, kind));
                        continue;
                    }
                }
                if !c.safe {
                    reasons.push((
                        Rule::SurnameNotIntroduced,
                        format!("{} is never named in full", e.label),
                    ));
                    continue;
                }
                if title.is_none()
                    && cx.certain.is_empty()
                    && !cx.titled
                    && opens_sentence(text, m.span.start)
                {
                    reasons.push((
                        Rule::SentenceStartWord,
                        "opens a sentence, and the document names nothing else for sure".into(),
                    ));
                    continue;
                }
                let note = format!(
                    "{:?} is a safe surname of {}",
                    e.aliases[c.alias as usize].text, e.label
                );
                best.push((2.0, c, Rule::SafeSurname, note, span, kind));
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
            let mut related_found = false;
            if cx.certain.contains(&c.entity) {
                score += 2.0;
                related_found = true;
                notes.push(format!("{} is named unambiguously elsewhere", e.label));
            }
            if let Some(rel) = self.related.get(&c.entity) {
                let found: Vec<&str> = rel
                    .iter()
                    .filter(|r| cx.certain.contains(r))
                    .map(|&r| g.entity(r).label.as_str())
                    .take(3)
                    .collect();
                if !found.is_empty() {
                    score += 1.5;
                    related_found = true;
                    notes.push(format!("related entities named: {}", found.join(", ")));
                }
            }
            if after_place_and_comma(text, m.span.start)
                && !related_found
                && listed != Some(&e.entity_type)
            {
                reasons.push((
                    Rule::PlaceQualifier,
                    format!(
                        "after a place and a comma, and nothing related to {} is named",
                        e.label
                    ),
                ));
                continue;
            }
            let same_type = cx.by_type.get(&e.entity_type).copied().unwrap_or(0);
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
                best.push((
                    score,
                    c,
                    Rule::ContextSupport,
                    notes.join("; "),
                    m.span,
                    c.kind.into(),
                ));
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
            [(score, c, rule, note, span, kind), ..] => {
                let confidence = match rule {
                    Rule::IntroducedSurname => 0.9,
                    Rule::TitleSurname => 0.85,
                    Rule::SafeSurname => 0.75,
                    _ => (0.5 + score / 10.0).min(0.85),
                };
                let mention =
                    Mention { span: *span, entity: c.entity, kind: *kind, confidence, rule: *rule };
                (Some(mention), decision(Some(c.entity), *rule, note.clone()))
            }
        }
    }

    /// A title right before `pos`: an office title (`President`, `Prime Minister`)
    /// or a personal one (`Mr`).
    fn title_before(&self, text: &str, pos: usize) -> Option<TitleWords> {
        // Most surnames follow no title: look at the one word before first.
        let last = words_before(text, pos, 1);
        let bare = last.first().map(|w| text[w.span.range()].trim_end_matches('.'));
        let personal = bare.is_some_and(|b| PERSONAL_TITLES.contains(&b));
        let dotted = text[..pos].trim_end().ends_with('.');
        if !personal
            && !dotted
            && !last.first().is_some_and(|w| self.titles.last_words.contains(&w.folded))
        {
            return None;
        }
        let words = words_before(text, pos, self.titles.longest.max(1));
        if let Some(w) = words.last() {
            let bare = text[w.span.range()].trim_end_matches('.');
            if PERSONAL_TITLES.contains(&bare)
                && text[w.span.end..pos].trim().trim_end_matches('.').is_empty()
            {
                return Some(TitleWords { span: w.span, text: bare.to_string(), office: None });
            }
        }
        // "Mr. Putin": a dot between the title and the name.
        if let Some(head) = text[..pos].trim_end().strip_suffix('.') {
            let word = head.rsplit(|c: char| !is_word_char(c)).next().unwrap_or("");
            if PERSONAL_TITLES.contains(&word) {
                return Some(TitleWords {
                    span: Span::new(head.len() - word.len(), head.len() + 1),
                    text: word.to_string(),
                    office: None,
                });
            }
        }
        let folded: Vec<String> = words.iter().map(|w| w.folded.clone()).collect();
        let (title, n) = self.titles.suffix(&folded)?;
        let first = &words[words.len() - n];
        // An office title is capitalised before a name ("President Moon").
        if !text[first.span.range()].chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        let span = Span::new(first.span.start, words[words.len() - 1].span.end);
        Some(TitleWords {
            span,
            text: text[span.range()].to_string(),
            office: Some(title.to_string()),
        })
    }

    /// Role phrases after countries and organisations, resolved to office holders.
    fn roles(
        &self,
        text: &str,
        date: Option<Date>,
        mentions: &[Mention],
        decisions: &mut Vec<Decision>,
    ) -> Vec<Mention> {
        let g = self.gazetteer;
        let mut out = Vec::new();
        // Without a date, a year the text names stands in for one: found once, at
        // the first role phrase.
        let mut years: Option<Vec<i32>> = None;
        // Mention spans by start, with the furthest end so far: whether a phrase
        // overlaps a mention is then a binary search, not a scan of them all.
        let mut by_start: Vec<Span> = mentions.iter().map(|m| m.span).collect();
        by_start.sort_unstable();
        let reach: Vec<usize> = by_start
            .iter()
            .scan(0, |end, s| {
                *end = s.end.max(*end);
                Some(*end)
            })
            .collect();
        for (i, m) in mentions.iter().enumerate() {
            let place = g.entity(m.entity);
            if !matches!(place.entity_type, EntityType::Country | EntityType::Organisation) {
                continue;
            }
            // "the Russian president", "China's president", "the UN secretary-general".
            // Most mentions are followed by no title: one word rules them out.
            let next = words_after(text, m.span.end, 1);
            let mut found = None;
            if next.first().is_some_and(|w| self.titles.first_words.contains(&w.folded)) {
                let after = words_after(text, m.span.end, self.titles.longest);
                let folded: Vec<String> = after.iter().map(|w| w.folded.clone()).collect();
                found = self.titles.prefix(&folded).and_then(|(t, n)| {
                    let end = after[n - 1].span.end;
                    // "the US president-elect": a compound of the title names
                    // someone else.
                    let compound = text[end..]
                        .strip_prefix('-')
                        .is_some_and(|r| r.chars().next().is_some_and(char::is_alphabetic));
                    (!compound).then(|| (t, Span::new(after[0].span.start, end), m.span.start, end))
                });
            }
            // "the president of Russia", "the president of the United States"; not
            // "the president of Russian Railways" nor "the president of Russia's
            // largest bank": there the president heads something else.
            let of_before =
                text[..m.span.start].trim_end().rsplit(|c: char| !is_word_char(c)).next();
            let possessive = ["'s", "\u{2019}s"].iter().any(|p| text[m.span.end..].starts_with(p));
            if found.is_none()
                && matches!(m.kind, MentionKind::Name | MentionKind::Abbreviation)
                && !possessive
                && of_before
                    .is_some_and(|w| ["of", "the"].iter().any(|o| w.eq_ignore_ascii_case(o)))
            {
                let mut before = words_before(text, m.span.start, self.titles.longest + 2);
                if before.last().is_some_and(|w| w.folded == "the") {
                    before.pop();
                }
                if before.len() >= 2 && before.last().is_some_and(|w| w.folded == "of") {
                    before.pop();
                    let folded: Vec<String> = before.iter().map(|w| w.folded.clone()).collect();
                    if let Some((t, n)) = self.titles.suffix(&folded) {
                        let first = &before[before.len() - n];
                        let last = &before[before.len() - 1];
                        // "the president of Russia", "the current president of
                        // Russia"; not the office itself ("his campaign for
                        // president of the United States", "served as president of
                        // Russia", "a sitting president of the United States").
                        let det = words_before(text, first.span.start, 2);
                        let definite = match det.as_slice() {
                            [.., last] if last.folded == "the" => true,
                            [the, adjective] => {
                                the.folded == "the"
                                    && text[adjective.span.range()]
                                        .starts_with(|c: char| c.is_lowercase())
                            }
                            _ => false,
                        };
                        if definite {
                            found = Some((
                                t,
                                Span::new(first.span.start, last.span.end),
                                first.span.start,
                                m.span.end,
                            ));
                        }
                    }
                }
            }
            // `span` is the title; `head..tail` the whole phrase, with the place.
            let Some((title, span, head, tail)) = found else { continue };
            // "the former US president", "the late president of Russia", "the
            // ex-president of Russia", "the vice president of Russia", "the 46th
            // president of the United States": not the holder on the document's date.
            if words_before(text, head, 1).first().is_some_and(|w| {
                NOT_THE_HOLDER.contains(&w.folded.as_str()) || is_ordinal(&w.folded)
            }) {
                continue;
            }
            // The phrase must not overlap another mention, nor be followed by a name
            // ("Russian President Vladimir Putin", "the president of Russia,
            // Vladimir Putin": the name is the mention).
            let before_end = by_start.partition_point(|o| o.start < span.end);
            let overlaps = before_end > 0 && reach[before_end - 1] > span.start;
            let next_is_mention = mentions.get(i + 1).is_some_and(|n| {
                n.span.start >= tail && text[tail..n.span.start].trim_matches([' ', ',']).is_empty()
            });
            let next_is_name = word_after(text, tail)
                .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
            if overlaps || next_is_mention || next_is_name {
                continue;
            }
            let offices = &self.titles.offices[title];
            let holders: Vec<(EntityIndex, usize)> = offices
                .iter()
                .filter(|&&(of, _, _)| of == m.entity)
                .map(|&(_, person, o)| (person, o))
                .collect();
            // Without a date: the latest year the text names since the office
            // began ("1500 troops" or a year before the office existed says nothing
            // of its holder).
            let (date, inferred) = match date {
                Some(d) => (Some(d), false),
                None => {
                    let years = years.get_or_insert_with(|| years_named(text));
                    let first = holders.iter().map(|&(p, o)| g.entity(p).offices[o].start).min();
                    let year =
                        first.and_then(|f| years.iter().copied().filter(|&y| y >= f.year()).max());
                    (year.and_then(|y| Date::parse(&format!("{y:04}"))), true)
                }
            };
            let (chosen, confidence, note) = match date {
                Some(d) => {
                    // A date known to the year or month only stands for its last
                    // day: the holder at the end of that year.
                    let day = d.last_day();
                    let on = crate::gazetteer::serving_on(g, &holders, day);
                    let how = match (inferred, d == day) {
                        (true, _) => format!("at the end of {d}, the latest year the text names"),
                        (false, true) => format!("on {d}"),
                        (false, false) => format!("at the end of {d}"),
                    };
                    match on.as_slice() {
                        &[(one, o)] => (
                            Some(one),
                            if inferred { 0.65 } else { 0.8 },
                            format!(
                                "{}{} of {} {how}",
                                if g.entity(one).offices[o].acting { "acting " } else { "" },
                                text[span.range()].trim(),
                                place.label
                            ),
                        ),
                        _ => (None, 0.0, format!("{} holders of that office {how}", on.len())),
                    }
                }
                None => {
                    let newest =
                        holders.iter().max_by_key(|&&(p, o)| (g.entity(p).offices[o].start, p));
                    match newest {
                        Some(&(p, _)) => (
                            Some(p),
                            0.6,
                            format!("the newest {} of {} (no date given)", title, place.label),
                        ),
                        None => (None, 0.0, String::new()),
                    }
                }
            };
            if self.config.explain && (chosen.is_some() || !holders.is_empty()) {
                decisions.push(Decision {
                    span,
                    candidates: holders.iter().map(|&(p, _)| p).collect(),
                    chosen,
                    rule: if chosen.is_some() { Rule::Role } else { Rule::Tie },
                    note,
                });
            }
            if let Some(p) = chosen {
                out.push(Mention {
                    span,
                    entity: p,
                    kind: MentionKind::Role,
                    confidence,
                    rule: Rule::Role,
                });
            }
        }
        out
    }
}

/// The years the text names: four-digit numbers from 1000 to 2100 standing alone
/// (`in 2004`, `1861–65`), not part of a longer number (`1.2024`, `3,2024`) and
/// not a count before a noun (`1500 troops`), unless a word that takes a year
/// comes before it (`in 2024 elections were held`, `May 2024 figures`).
fn years_named(text: &str) -> Vec<i32> {
    let bytes = text.as_bytes();
    let mut years = Vec::new();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let digits = bytes[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && (i + 4 == bytes.len() || !bytes[i + 4].is_ascii_alphanumeric());
        if !digits {
            i += 1;
            continue;
        }
        let (start, end) = (i, i + 4);
        i += 4;
        let in_number = |sep: usize, digit: Option<&u8>| {
            matches!(bytes.get(sep), Some(b',' | b'.')) && digit.is_some_and(u8::is_ascii_digit)
        };
        if !looks_like_year(&text[start..end])
            || (start >= 2 && in_number(start - 1, bytes.get(start - 2)))
            || in_number(end, bytes.get(end + 1))
        {
            continue;
        }
        let next = word_after(text, end);
        let count = next.is_some_and(|w| {
            w.chars().next().is_some_and(char::is_lowercase) && !is_function_word(w)
        });
        let cue = word_before(text, start).is_some_and(|w| {
            let w = w.trim_end_matches('.');
            YEAR_CUES.iter().any(|c| c.eq_ignore_ascii_case(w))
        });
        if count && !cue {
            continue;
        }
        years.push(text[start..end].parse().expect("four ASCII digits"));
    }
    years
}

/// The document-wide evidence of pass 2.
struct Context<'a> {
    text: &'a str,
    date: Option<Date>,
    certain: &'a HashSet<EntityIndex>,
    /// `(person, position)` of every full-name mention of a person, sorted.
    introduced: &'a [(EntityIndex, usize)],
    by_type: &'a HashMap<&'a EntityType, usize>,
    /// Whether an earlier match was kept as a title and a surname (`Mr Putin`).
    titled: bool,
}

/// Where `person` was named in full: the nearest position before `pos`, else the
/// first after it.
fn introduction(
    introduced: &[(EntityIndex, usize)],
    person: EntityIndex,
    pos: usize,
) -> Option<usize> {
    let first = introduced.partition_point(|&(who, _)| who < person);
    let end = introduced.partition_point(|&(who, _)| who <= person);
    let theirs = &introduced[first..end];
    let i = theirs.partition_point(|&(_, p)| p < pos);
    match i.checked_sub(1) {
        Some(before) => Some(theirs[before].1),
        None => theirs.iter().map(|&(_, p)| p).find(|&p| p > pos),
    }
}

/// True when `word` is a word of one of the entity's names (`Tayyip` for Recep
/// Tayyip Erdoğan: `Tayyip Erdoğan` is the same person).
fn is_own_name(entity: &Entity, word: &str) -> bool {
    let word = fold(word, true);
    entity
        .aliases
        .iter()
        .any(|a| a.kind == AliasKind::Name && fold(&a.text, true).split(' ').any(|w| w == word))
}

/// A title found before a surname.
struct TitleWords {
    span: Span,
    text: String,
    /// The folded office title, for office titles (not for `Mr`, `Ms`).
    office: Option<String>,
}

fn confidence_of(kind: AliasKind) -> f32 {
    match kind {
        AliasKind::Name => 0.95,
        AliasKind::Abbreviation | AliasKind::Demonym | AliasKind::Combining => 0.9,
        AliasKind::Surname => 0.9,
    }
}

/// True when a Roman numeral follows `pos` (`Shah Abbas II`): a name followed by a
/// regnal number that is not part of the alias names another ruler.
fn regnal_number_after(text: &str, pos: usize) -> bool {
    word_after(text, pos).is_some_and(|w| {
        w.len() <= 6 && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L')) && w != "I"
    })
}

/// An abbreviation used as a code: right before a currency sign (`US$`, `NZ $`)
/// or a number that stands alone (`US-75`, `US 169`). A year after a space (`the
/// US 2024 election`) or a number that opens a compound word (`the US 10-year
/// yield`, `US 5G networks`) leaves the abbreviation a name.
fn is_code(text: &str, span: Span) -> bool {
    let rest = &text[span.end..];
    let (spaced, rest) = match rest.strip_prefix(' ') {
        Some(r) => (true, r),
        None => (false, rest.strip_prefix('-').unwrap_or(rest)),
    };
    if rest.starts_with(['$', '£', '€', '¥']) {
        return true;
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return false;
    }
    let after = &rest[digits..];
    // "10-year", "5G", "3rd": the number is part of a word.
    let compound = after.chars().next().is_some_and(is_word_char)
        || (after.starts_with('-') && after[1..].chars().next().is_some_and(char::is_alphabetic));
    let year = spaced && digits == 4 && looks_like_year(&rest[..4]);
    !compound && !year
}

/// True for four ASCII digits that name a year from 1000 to 2100.
fn looks_like_year(digits: &str) -> bool {
    digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.parse::<i32>().is_ok_and(|y| (1000..=2100).contains(&y))
}

/// Evidence that a match is part of a person's name: a capitalised name right after
/// or right before it, or a personal title before it.
fn person_name_context(text: &str, span: Span) -> Option<String> {
    if let Some(next) = word_after(text, span.end)
        && is_name_at(text, span.end + 1, next)
    {
        return Some(format!("followed by the name {next:?}"));
    }
    if let Some(prev) = word_before(text, span.start) {
        let bare = prev.trim_end_matches('.');
        if PERSONAL_TITLES.contains(&bare) {
            return Some(format!("after the personal title {prev:?}"));
        }
        if is_name_at(text, span.start - 1 - prev.len(), prev) {
            return Some(format!("preceded by the name {prev:?}"));
        }
    }
    None
}

/// A capitalised word that is not a function word, nor a common sentence-start
/// word, day, month or title.
fn is_name_like(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.clone().next().is_some_and(char::is_lowercase)
        && !NOT_NAMES.contains(&word)
        && !is_function_word(word)
}

/// Whether `word`, at `pos`, is evidence of a name: a name-like word whose capital
/// is not explained by where it stands. A participle or an adverb opening a
/// sentence (`Visiting Chad, ...`) is capitalised for the sentence, and in a
/// title-case line (`Georgia Protests Grow Over Tax`) every word is capitalised.
fn is_name_at(text: &str, pos: usize, word: &str) -> bool {
    // A word with a dot ends a sentence ("... Southern Rhodesia. Mugabe's") or is
    // an abbreviation; personal titles ("Mr.") are looked for apart.
    if word.ends_with('.') {
        return false;
    }
    is_name_like(word)
        && !(opens_sentence(text, pos) && is_participle_or_adverb(word))
        && !in_title_case_line(text, pos)
}

/// An -ing participle or an -ly adverb (`Visiting`, `Following`, `Separately`),
/// told by its ending; short words (`Ming`, `Kelly`) are left as names.
fn is_participle_or_adverb(word: &str) -> bool {
    word.len() >= 6 && (word.ends_with("ing") || word.ends_with("ly"))
}

/// Lines longer than this (bytes) are not headlines.
const HEADLINE_LEN: usize = 200;

/// True when `pos` is in a title-case line: a short line of at least four words
/// where every word is capitalised, except function words (`Xi Meets Putin in
/// Moscow`). There a capital says nothing about a name.
fn in_title_case_line(text: &str, pos: usize) -> bool {
    // Look no further than a headline's length either way: a long line is not one,
    // and a document with no line breaks is not scanned for each match.
    let mut lo = pos.saturating_sub(HEADLINE_LEN);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = (pos + HEADLINE_LEN).min(text.len());
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let start = match text[lo..pos].rfind('\n') {
        Some(i) => lo + i + 1,
        None if lo == 0 => 0,
        None => return false,
    };
    let end = match text[pos..hi].find('\n') {
        Some(i) => pos + i,
        None if hi == text.len() => hi,
        None => return false,
    };
    let mut words = 0;
    for token in text[start..end].split_whitespace() {
        let word = token.trim_matches(|c: char| !c.is_alphanumeric());
        let Some(first) = word.chars().next() else { continue };
        if !first.is_alphabetic() {
            continue;
        }
        if !first.is_uppercase() && !is_function_word(word) {
            return false;
        }
        words += 1;
    }
    words >= 4
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

/// True when the match at `pos` follows `Place, ` (`Atlanta, Georgia`).
fn after_place_and_comma(text: &str, pos: usize) -> bool {
    let Some(head) = text[..pos].strip_suffix(", ") else { return false };
    let word = head.rsplit(|c: char| !is_word_char(c)).next().unwrap_or("");
    word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().nth(1).is_some_and(char::is_lowercase)
}

/// True when a sentence starts at `pos`: after the start of the text, a line break,
/// or sentence punctuation, with only spaces, quotes or list markers between.
fn opens_sentence(text: &str, pos: usize) -> bool {
    let head = text[..pos].trim_end_matches(|c: char| {
        c == ' ' || c == '\t' || c == '"' || c == '\u{201c}' || c == '(' || c.is_ascii_digit()
    });
    head.is_empty() || head.ends_with(['.', '!', '?', '\n', ':', ';'])
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
    fn function_words_are_sorted_and_short() {
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(
            FUNCTION_WORDS
                .iter()
                .all(|w| w.len() <= 10 && w.bytes().all(|b| b.is_ascii_lowercase()))
        );
        assert!(
            is_function_word("Despite") && is_function_word("THE") && !is_function_word("Putin")
        );
    }

    #[test]
    fn capitals_explained_by_their_place() {
        let t = "Visiting Chad, he met Sterling Chad.";
        assert!(!is_name_at(t, 0, "Visiting"));
        assert!(!is_name_at("Separately Putin said", 0, "Separately"));
        assert!(!is_name_at("in Rhodesia. Mugabe", 3, "Rhodesia."));
        assert!(is_name_at(t, 22, "Sterling"));
        assert!(!is_name_at("Despite it", 0, "Despite"));
        let t = "Xi Meets Putin in Moscow\nXi met Putin in Moscow.";
        assert!(in_title_case_line(t, 3));
        assert!(!in_title_case_line(t, 28));
        assert!(!in_title_case_line("By Jordan Martinez", 3));
        let long = format!("{}Jordan Protests Grow Over Prices", "x".repeat(300));
        assert!(!in_title_case_line(&long, 300));
    }

    #[test]
    fn words_around() {
        assert_eq!(word_after("Jordan Martinez, 3", 6), Some("Martinez"));
        assert_eq!(word_after("Jordan\nMartinez", 6), None);
        assert_eq!(word_before("said Mr. Chad", 9), Some("Mr."));
        assert_eq!(word_before("Élodie Jordan", 8), Some("Élodie"));
        let w: Vec<String> = words_after("China's Prime Minister said", 5, 3)
            .into_iter()
            .map(|w| w.folded)
            .collect();
        assert_eq!(w, ["prime", "minister", "said"]);
        let w: Vec<String> =
            words_before("the UN Secretary-General", 24, 2).into_iter().map(|w| w.folded).collect();
        assert_eq!(w, ["secretary", "general"]);
    }

    #[test]
    fn introductions_nearest_before_else_first_after() {
        let (a, b) = (EntityIndex::new(1), EntityIndex::new(2));
        let intro = [(a, 10), (a, 50), (a, 90), (b, 40)];
        assert_eq!(introduction(&intro, a, 60), Some(50));
        assert_eq!(introduction(&intro, a, 50), Some(10));
        assert_eq!(introduction(&intro, a, 5), Some(10));
        assert_eq!(introduction(&intro, b, 40), None);
        assert_eq!(introduction(&intro, EntityIndex::new(3), 40), None);
    }

    #[test]
    fn codes_and_places() {
        let t = "US$ 10 and NZ $ 26 on US-75 or US 169, not US policy";
        for (word, code) in
            [("US$", true), ("NZ $", true), ("US-75", true), ("US 169", true), ("US policy", false)]
        {
            let at = t.find(word).unwrap();
            assert_eq!(is_code(t, Span::new(at, at + 2)), code, "{word}");
        }
        let t = "US $8.00, the US 2024 election, the US 10-year yield, US 5G, US 1200";
        for (word, code) in [
            ("US $", true),
            ("US 2024", false),
            ("US 10-", false),
            ("US 5G", false),
            ("US 1200", false),
        ] {
            let at = t.find(word).unwrap();
            assert_eq!(is_code(t, Span::new(at, at + 2)), code, "{word}");
        }
        assert!(after_place_and_comma("in Atlanta, Georgia", 12));
        assert!(!after_place_and_comma("in Russia and Georgia", 14));
        assert!(opens_sentence("Done. Store it", 6));
        assert!(opens_sentence("3 Store it", 2));
        assert!(!opens_sentence("we Store it", 3));
        assert!(regnal_number_after("Shah Abbas II built", 10));
        assert!(!regnal_number_after("Shah Abbas I built", 10));
        assert_eq!(years_named("In 1861, and again 1865-66 (not 12345 or 2500)"), [1861, 1865]);
        assert!(years_named("no years").is_empty());
        assert_eq!(
            years_named("They sent 1500 troops and 2,2000 guns; 1999 was calm, as in 2004 polls."),
            [1999, 2004]
        );
    }
}
