//! Gazetteers: the entities to look for, and their aliases.
//!
//! The first stage. A [`GazetteerBuilder`] takes gazetteer files (the bundled ones
//! compiled into the crate, and the user's own), parses them, validates them all
//! together, and gives a [`Gazetteer`]: a list of [`Entity`] records, each with its
//! [`Alias`]es, that the matcher is built from.
//!
//! Three formats are read (see `gazetteers/README.md` for the full description):
//!
//! - the bundled TOML format: one `[[entity]]` table per entity;
//! - a plain alias table, `.tsv` or `.csv`, with rows `alias, label, type[, id]`;
//! - spaCy EntityRuler pattern files, `.jsonl`, with `label`, `pattern` and `id`.
//!
//! A TOML file may also patch entities of other files by id (`[[patch]]` tables,
//! and terms with `replaces`; see [`Patch`]), applied in file order before
//! validation, and may give the day its facts are current to (`as_of`).
//!
//! The key decision: validation runs over all files at once and reports every
//! problem it finds, each with its file and line and a hint, before anything is
//! used. A gazetteer is either wholly loaded or not at all.

mod bundled;
mod checks;
mod overlay;
mod raw;
mod spacy;
mod table;
mod toml;
mod validate;
mod variants;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use crate::error::{Error, Location, Problem};

pub use self::bundled::BUNDLED_FILES;
pub use self::overlay::Patch;
pub(crate) use self::toml::LineIndex;

/// The position of an entity in its [`Gazetteer`].
///
/// The stable, user-facing identifier of an entity is its string [`Entity::id`];
/// an `EntityIndex` is a compact handle, valid for the gazetteer that gave it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityIndex(u32);

impl EntityIndex {
    /// The index as a `usize`.
    pub fn as_usize(self) -> usize {
        self.0 as usize
    }

    pub(crate) fn new(i: usize) -> EntityIndex {
        EntityIndex(u32::try_from(i).expect("fewer than 2^32 entities"))
    }
}

/// What kind of thing an entity is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityType {
    /// A head of state or government, or the head of an organisation (and, when
    /// [`Roles::All`] is asked for, a deputy or a foreign minister).
    Leader,
    /// A country: sovereign, partially recognised, territory, constituent or historical.
    Country,
    /// An international organisation, or a non-state armed group (see
    /// [`Entity::kind`]).
    Organisation,
    /// A country's national team: the type of the graph's team nodes (kept with
    /// `--teams keep`); no bundled entity has it.
    Team,
    /// A type of the user's own.
    Other(Box<str>),
}

impl EntityType {
    /// Parses a type name (`leader`, `country`, `organisation`, or any other word).
    pub fn parse(s: &str) -> EntityType {
        match s {
            "leader" => EntityType::Leader,
            "country" => EntityType::Country,
            "organisation" => EntityType::Organisation,
            "team" => EntityType::Team,
            other => EntityType::Other(other.into()),
        }
    }

    /// The type's name.
    pub fn as_str(&self) -> &str {
        match self {
            EntityType::Leader => "leader",
            EntityType::Country => "country",
            EntityType::Organisation => "organisation",
            EntityType::Team => "team",
            EntityType::Other(s) => s,
        }
    }
}

impl From<&str> for EntityType {
    fn from(name: &str) -> EntityType {
        EntityType::parse(name)
    }
}

/// A type is written as its name, as [`EntityType::parse`] reads it.
impl serde::Serialize for EntityType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for EntityType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<EntityType, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(EntityType::parse(&text))
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of an alias, which decides how a match of it is resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AliasKind {
    /// A name: resolves directly.
    Name,
    /// An abbreviation (`US`, `NATO`): case-sensitive by default.
    Abbreviation,
    /// A demonym or adjective (`Chinese`): a mention of the country.
    Demonym,
    /// A surname: resolves to a person introduced in the same document, or alone
    /// when marked safe.
    Surname,
    /// A combining form (`Sino` in `Sino-Russian`): only right before a hyphen.
    Combining,
}

impl AliasKind {
    /// The kind's name, as mentions output writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            AliasKind::Name => "name",
            AliasKind::Abbreviation => "abbreviation",
            AliasKind::Demonym => "demonym",
            AliasKind::Surname => "surname",
            AliasKind::Combining => "combining",
        }
    }

    /// The gazetteer key that lists aliases of this kind.
    pub fn key(self) -> &'static str {
        match self {
            AliasKind::Name => "names",
            AliasKind::Abbreviation => "abbreviations",
            AliasKind::Demonym => "demonyms",
            AliasKind::Surname => "surnames",
            AliasKind::Combining => "combining",
        }
    }

    /// All kinds, in gazetteer order.
    pub const ALL: [AliasKind; 5] = [
        AliasKind::Name,
        AliasKind::Abbreviation,
        AliasKind::Demonym,
        AliasKind::Surname,
        AliasKind::Combining,
    ];

    /// The case policy an alias of this kind has unless it says otherwise.
    pub fn default_case(self) -> CasePolicy {
        match self {
            AliasKind::Abbreviation => CasePolicy::Sensitive,
            _ => CasePolicy::Proper,
        }
    }
}

/// How the case of the text must agree with the case of an alias.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CasePolicy {
    /// Exactly the alias's case (after folding punctuation and diacritics).
    Sensitive,
    /// Any case.
    Insensitive,
    /// Any case, except that text written all in lower case does not match an alias
    /// that has capitals: `CHINA` and `China` match `China`, `china` does not.
    Proper,
}

impl CasePolicy {
    /// The policy's name in gazetteer files.
    pub fn as_str(self) -> &'static str {
        match self {
            CasePolicy::Sensitive => "sensitive",
            CasePolicy::Insensitive => "insensitive",
            CasePolicy::Proper => "proper",
        }
    }
}

/// One surface form of an entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    /// The alias as written in the gazetteer.
    pub text: String,
    /// Its kind.
    pub kind: AliasKind,
    /// How case must agree.
    pub case: CasePolicy,
    /// The alias has another common reading; keep a match only when the context
    /// supports this entity.
    pub ambiguous: bool,
    /// For surnames: the surname alone means this person even when the document
    /// never gives the full name.
    pub safe: bool,
    /// The line of the entity's file that defines the alias.
    pub line: u32,
    /// The `[[patch]]` that added the alias, when one did (`line` is then a line
    /// of the patch's file).
    pub patch: Option<Location>,
    /// The alias folded for matching (see [`crate::normalize::fold`]).
    pub(crate) folded: Box<str>,
}

impl Alias {
    /// The alias folded for matching: lower case, without diacritics, with one
    /// space for any run of spaces and hyphens, without abbreviation dots.
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// Where the alias was defined: in `entity`'s file, or in the patch that added it.
    pub fn location(&self, entity: &Entity) -> Location {
        self.patch.clone().unwrap_or_else(|| entity.source.at(self.line))
    }
}

/// A country's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CountryStatus {
    /// A sovereign state.
    Sovereign,
    /// A state recognised by some others only (Taiwan, Kosovo, Palestine).
    PartiallyRecognised,
    /// A dependent territory.
    Territory,
    /// A constituent country (Scotland).
    Constituent,
    /// A state that no longer exists.
    Historical,
}

impl CountryStatus {
    pub(crate) const NAMES: [&'static str; 5] =
        ["sovereign", "partially-recognised", "territory", "constituent", "historical"];

    /// The status's name in gazetteer files.
    pub fn as_str(self) -> &'static str {
        match self {
            CountryStatus::Sovereign => "sovereign",
            CountryStatus::PartiallyRecognised => "partially-recognised",
            CountryStatus::Territory => "territory",
            CountryStatus::Constituent => "constituent",
            CountryStatus::Historical => "historical",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<CountryStatus> {
        Some(match s {
            "sovereign" => CountryStatus::Sovereign,
            "partially-recognised" => CountryStatus::PartiallyRecognised,
            "territory" => CountryStatus::Territory,
            "constituent" => CountryStatus::Constituent,
            "historical" => CountryStatus::Historical,
            _ => return None,
        })
    }
}

/// The role an office gives its holder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Head of state.
    HeadOfState,
    /// Head of government.
    HeadOfGovernment,
    /// Head of an organisation.
    Head,
    /// Deputy head of state: a vice-president who deputises for the president.
    DeputyHeadOfState,
    /// Deputy head of government: a deputy or vice prime minister, a vice premier,
    /// a vice-chancellor.
    DeputyHeadOfGovernment,
    /// Minister of foreign affairs (Secretary of State, Foreign Secretary, the EU's
    /// High Representative).
    ForeignMinister,
}

impl Role {
    pub(crate) const NAMES: [&'static str; 6] = [
        "head-of-state",
        "head-of-government",
        "head",
        "deputy-head-of-state",
        "deputy-head-of-government",
        "foreign-minister",
    ];

    /// Every role, in the order the variants are declared.
    pub const ALL: [Role; 6] = [
        Role::HeadOfState,
        Role::HeadOfGovernment,
        Role::Head,
        Role::DeputyHeadOfState,
        Role::DeputyHeadOfGovernment,
        Role::ForeignMinister,
    ];

    /// The role's name in gazetteer files.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::HeadOfState => "head-of-state",
            Role::HeadOfGovernment => "head-of-government",
            Role::Head => "head",
            Role::DeputyHeadOfState => "deputy-head-of-state",
            Role::DeputyHeadOfGovernment => "deputy-head-of-government",
            Role::ForeignMinister => "foreign-minister",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// True for the roles kept by default ([`Roles::Heads`]): a head of state, of
    /// government or of an organisation. Deputies and foreign ministers are not.
    pub fn is_head(self) -> bool {
        matches!(self, Role::HeadOfState | Role::HeadOfGovernment | Role::Head)
    }
}

/// Which people and offices a gazetteer keeps after loading.
///
/// Deputies (vice-presidents, deputy prime ministers) and foreign ministers are in
/// the bundled files, but news names them far more often than it names heads, so
/// they are left out unless asked for: with [`Roles::Heads`] (the default) a person
/// whose offices all have a deputy or foreign-minister role is dropped, and such
/// offices are dropped from everyone else, so they neither match nor feed role
/// phrases (`the US vice president`). Offices without a role are kept.
///
/// Written as its name (`heads`, `all`), as graphs record it.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Roles {
    /// Heads of state, of government and of organisations only.
    #[default]
    Heads,
    /// Every office: deputies and foreign ministers too.
    All,
}

impl Roles {
    /// The setting's name (`heads`, `all`).
    pub fn as_str(self) -> &'static str {
        match self {
            Roles::Heads => "heads",
            Roles::All => "all",
        }
    }

    /// True when an office with this role is kept.
    pub fn keeps(self, role: Option<Role>) -> bool {
        self == Roles::All || role.is_none_or(Role::is_head)
    }
}

/// What kind of organisation an entity is, where the gazetteer says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OrganisationKind {
    /// A non-state armed group: a rebel army, a militia, a private military company.
    ArmedGroup,
    /// A militant organisation: a group known for attacks on civilians, often with
    /// a political wing (designated a terrorist organisation by many states).
    MilitantOrganisation,
}

impl OrganisationKind {
    pub(crate) const NAMES: [&'static str; 2] = ["armed-group", "militant-organisation"];

    /// The kind's name in gazetteer files.
    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationKind::ArmedGroup => "armed-group",
            OrganisationKind::MilitantOrganisation => "militant-organisation",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<OrganisationKind> {
        Some(match s {
            "armed-group" => OrganisationKind::ArmedGroup,
            "militant-organisation" => OrganisationKind::MilitantOrganisation,
            _ => return None,
        })
    }
}

/// A calendar date that may be known to the year or month only.
///
/// Dates order by year, then month, then day; an unknown month or day (0) sorts
/// before the known ones, so `1990` < `1990-05` < `1990-05-01`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a leading `-` for years before the
    /// common era).
    ///
    /// ```
    /// use entgraph::gazetteer::Date;
    /// assert!(Date::parse("2013-03-14").is_some());
    /// assert!(Date::parse("-0044").is_some());
    /// assert!(Date::parse("2013-02-30").is_none());
    /// assert!(Date::parse("2024-05-00").is_none());
    /// assert!(Date::parse("0000-01-01").is_none());
    /// assert!(Date::parse("March 2013").is_none());
    /// ```
    pub fn parse(s: &str) -> Option<Date> {
        let (neg, rest) = match s.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, s),
        };
        let mut parts = rest.split('-');
        let y = parts.next()?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut year: i32 = y.parse().ok()?;
        if neg {
            year = -year;
        }
        let num = |p: Option<&str>| -> Option<Option<u8>> {
            match p {
                None => Some(None),
                Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => {
                    Some(Some(p.parse().ok()?))
                }
                Some(_) => None,
            }
        };
        let month = num(parts.next())?;
        let day = num(parts.next())?;
        if parts.next().is_some() || (month.is_none() && day.is_some()) {
            return None;
        }
        // A month or day written as 00 is no month or day: `2024-05-00` is not all
        // of May. Nor is there a year 0.
        if year == 0 || month == Some(0) || day == Some(0) {
            return None;
        }
        let month = month.unwrap_or(0);
        let day = day.unwrap_or(0);
        if month > 12 || (day > 0 && (month == 0 || day > days_in_month(year, month))) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month (1–12), if known.
    pub fn month(self) -> Option<u8> {
        (self.month > 0).then_some(self.month)
    }

    /// The day of the month, if known.
    pub fn day(self) -> Option<u8> {
        (self.day > 0).then_some(self.day)
    }

    /// The first day of the period the date names: itself for a full date, the
    /// first of the month or of January for a partial one.
    ///
    /// ```
    /// use entgraph::gazetteer::Date;
    /// let d = |s| Date::parse(s).unwrap();
    /// assert_eq!(d("2024").first_day(), d("2024-01-01"));
    /// assert_eq!(d("2024-02").first_day(), d("2024-02-01"));
    /// assert_eq!(d("2024-02-10").first_day(), d("2024-02-10"));
    /// ```
    pub fn first_day(self) -> Date {
        Date { year: self.year, month: self.month.max(1), day: self.day.max(1) }
    }

    /// The last day of the period the date names: itself for a full date, the last
    /// day of the month or of December for a partial one.
    ///
    /// ```
    /// use entgraph::gazetteer::Date;
    /// let d = |s| Date::parse(s).unwrap();
    /// assert_eq!(d("2024").last_day(), d("2024-12-31"));
    /// assert_eq!(d("2024-02").last_day(), d("2024-02-29"));
    /// assert_eq!(d("2023-02").last_day(), d("2023-02-28"));
    /// ```
    pub fn last_day(self) -> Date {
        let month = if self.month == 0 { 12 } else { self.month };
        let day = if self.day == 0 { days_in_month(self.year, month) } else { self.day };
        Date { year: self.year, month, day }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// A date is written as text, as [`Date::parse`] reads it (`2024`, `2024-05`,
/// `2024-05-01`).
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{text:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
            ))
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.year < 0 {
            write!(f, "-{:04}", -self.year)?;
        } else {
            write!(f, "{:04}", self.year)?;
        }
        if self.month > 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day > 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

/// An office a leader held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Office {
    /// The title, without the country (`President`, `Prime Minister`).
    pub title: String,
    /// The country or organisation.
    pub of: EntityIndex,
    /// Head of state, of government, or of an organisation; a deputy; a foreign
    /// minister.
    pub role: Option<Role>,
    /// First day in office.
    pub start: Date,
    /// The day the term ended; `None` while in office.
    pub end: Option<Date>,
    /// Held by several people at once.
    pub shared: bool,
    /// Held in an acting capacity, for a holder who is suspended, on leave or
    /// gone: on the days it runs, the acting holder is the one who serves.
    pub acting: bool,
    /// The line of the entity's file that defines the office.
    pub line: u32,
    /// The patch that added the term or changed its end, when one did (`line` is
    /// then a line of the patch's file if the patch added it).
    pub patch: Option<Location>,
}

impl Office {
    /// True when the office was held on `date` (the end day belongs to the successor).
    pub fn is_held_on(&self, date: Date) -> bool {
        self.start <= date && self.end.is_none_or(|end| date < end)
    }

    /// True when the office was held at some time in the period `date` names (a
    /// day, a month or a year).
    pub fn is_held_during(&self, date: Date) -> bool {
        self.start <= date.last_day() && self.end.is_none_or(|end| date.first_day() < end)
    }

    /// Where the term was defined or last changed: in `holder`'s file, or in a patch.
    pub fn location(&self, holder: &Entity) -> Location {
        self.patch.clone().unwrap_or_else(|| holder.source.at(self.line))
    }
}

/// Of the terms `(holder, office index)` given, those served on `day`: the terms
/// held that day, and when an acting holder serves, the acting terms alone (the
/// holder they act for is suspended, on leave or gone, and does not serve).
///
/// Role phrases (`the Korean president`) resolve through this, so an acting
/// holder is found the same way in every country.
pub fn serving_on(
    gazetteer: &Gazetteer,
    terms: &[(EntityIndex, usize)],
    day: Date,
) -> Vec<(EntityIndex, usize)> {
    let office = |&(p, o): &(EntityIndex, usize)| &gazetteer.entity(p).offices[o];
    let held: Vec<(EntityIndex, usize)> =
        terms.iter().copied().filter(|t| office(t).is_held_on(day)).collect();
    if held.iter().any(|t| office(t).acting) {
        held.into_iter().filter(|t| office(t).acting).collect()
    } else {
        held
    }
}

/// A membership status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MemberStatus {
    /// A full member.
    Member,
    /// An observer.
    Observer,
    /// A partner.
    Partner,
    /// An associate member.
    Associate,
    /// A suspended member.
    Suspended,
}

impl MemberStatus {
    pub(crate) const NAMES: [&'static str; 5] =
        ["member", "observer", "partner", "associate", "suspended"];

    /// The status's name in gazetteer files.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberStatus::Member => "member",
            MemberStatus::Observer => "observer",
            MemberStatus::Partner => "partner",
            MemberStatus::Associate => "associate",
            MemberStatus::Suspended => "suspended",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<MemberStatus> {
        Some(match s {
            "member" => MemberStatus::Member,
            "observer" => MemberStatus::Observer,
            "partner" => MemberStatus::Partner,
            "associate" => MemberStatus::Associate,
            "suspended" => MemberStatus::Suspended,
            _ => return None,
        })
    }
}

/// A member of an organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    /// The member entity.
    pub member: EntityIndex,
    /// Its status.
    pub status: MemberStatus,
    /// When it joined, if known.
    pub start: Option<Date>,
    /// When it left, if it did.
    pub end: Option<Date>,
}

/// A gazetteer record: one leader, country, organisation, or entity of the user's
/// own type.
#[derive(Clone, Debug)]
pub struct Entity {
    /// Stable identifier, unique in the gazetteer.
    pub id: String,
    /// The entity's type.
    pub entity_type: EntityType,
    /// Display name.
    pub label: String,
    /// Wikidata QID.
    pub wikidata: Option<String>,
    /// English Wikipedia title.
    pub wikipedia: Option<String>,
    /// A short description.
    pub description: Option<String>,
    /// The entity this one belongs to (a territory's sovereign, an agency's parent).
    pub part_of: Option<EntityIndex>,
    /// When the entity began to exist.
    pub start: Option<Date>,
    /// When it ceased to exist.
    pub end: Option<Date>,
    /// ISO 3166-1 alpha-2 code.
    pub iso2: Option<String>,
    /// ISO 3166-1 alpha-3 code.
    pub iso3: Option<String>,
    /// A country's status.
    pub status: Option<CountryStatus>,
    /// An organisation's kind (armed group, militant organisation), when given.
    pub kind: Option<OrganisationKind>,
    /// Surface forms.
    pub aliases: Vec<Alias>,
    /// Offices held (leaders).
    pub offices: Vec<Office>,
    /// Members (organisations).
    pub members: Vec<Membership>,
    /// Where the entity was defined.
    pub source: Location,
}

/// A validated set of entities.
///
/// # Example
///
/// ```
/// use entgraph::Gazetteer;
///
/// let gazetteer = Gazetteer::bundled().unwrap();
/// let china = gazetteer.get("china").unwrap();
/// assert_eq!(gazetteer.entity(china).wikidata.as_deref(), Some("Q148"));
/// ```
///
/// A gazetteer is a handle: its data sit behind an [`Arc`], so a clone is cheap
/// and every clone shares them. Extractors, resolvers, graph builders and
/// exporters keep a clone, and so need no lifetime.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    data: Arc<Data>,
}

/// What a [`Gazetteer`] shares between its clones.
#[derive(Debug)]
struct Data {
    entities: Vec<Entity>,
    index: HashMap<String, EntityIndex>,
    ignore: Vec<(String, Location)>,
    warnings: Vec<Problem>,
    patches: Vec<Patch>,
    as_of: Vec<(Location, Date)>,
    fingerprint: u64,
    roles: Roles,
}

impl Gazetteer {
    /// A builder to load gazetteer files.
    pub fn builder() -> GazetteerBuilder {
        GazetteerBuilder::new()
    }

    /// The bundled gazetteers alone.
    pub fn bundled() -> Result<Gazetteer, Error> {
        GazetteerBuilder::new().bundled().build()
    }

    /// All entities, in load order.
    pub fn entities(&self) -> &[Entity] {
        &self.data.entities
    }

    /// The entity at `index`.
    pub fn entity(&self, index: EntityIndex) -> &Entity {
        &self.data.entities[index.as_usize()]
    }

    /// The index of the entity with this id.
    pub fn get(&self, id: &str) -> Option<EntityIndex> {
        self.data.index.get(id).copied()
    }

    /// The country with this ISO 3166 code (alpha-2 or alpha-3) or entity id,
    /// in any case: `GB`, `gbr`, `united-kingdom`.
    pub fn country(&self, code: &str) -> Option<EntityIndex> {
        let code = code.trim();
        self.iter()
            .filter(|(_, e)| e.entity_type == EntityType::Country)
            .find(|(_, e)| {
                [e.iso2.as_deref(), e.iso3.as_deref(), Some(e.id.as_str())]
                    .into_iter()
                    .flatten()
                    .any(|c| c.eq_ignore_ascii_case(code))
            })
            .map(|(i, _)| i)
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.data.entities.len()
    }

    /// True when there are no entities.
    pub fn is_empty(&self) -> bool {
        self.data.entities.is_empty()
    }

    /// The phrases to ignore (matched, then dropped), with where each was defined.
    pub fn ignored_phrases(&self) -> impl Iterator<Item = &str> {
        self.data.ignore.iter().map(|(p, _)| p.as_str())
    }

    /// Things worth a look that did not stop loading (a token pattern skipped, a type
    /// that looks like a misspelt bundled type).
    pub fn warnings(&self) -> &[Problem] {
        &self.data.warnings
    }

    /// A fingerprint of the gazetteer's contents (FNV-1a over the FNV-1a hashes of
    /// every file's format and text, in load order), so outputs can say which
    /// gazetteer made them. It covers overlays and `as_of` with the rest of each file,
    /// and not the files' names: the same files copied elsewhere give the same
    /// fingerprint, an edited file at the same path another.
    pub fn fingerprint(&self) -> String {
        format!("{:016x}", self.data.fingerprint)
    }

    /// Every change the files' `[[patch]]` tables and `replaces` terms made, in the
    /// order they were applied.
    pub fn patches(&self) -> &[Patch] {
        &self.data.patches
    }

    /// The `as_of` date of each file that gives one: the day its facts are current to.
    pub fn file_dates(&self) -> &[(Location, Date)] {
        &self.data.as_of
    }

    /// The day the gazetteer's facts are current to: the earliest `as_of` of its
    /// files, if any gives one. Role phrases in text dated later may name a former
    /// holder.
    pub fn as_of(&self) -> Option<Date> {
        self.data.as_of.iter().map(|&(_, d)| d).min()
    }

    /// The terms of offices `of` a country or organisation (every title), or of
    /// the title `title` alone, as `(holder, office index)`, oldest first. With a
    /// `date`, only the terms served on that day (see [`serving_on`]).
    pub fn holders(
        &self,
        of: EntityIndex,
        title: Option<&str>,
        date: Option<Date>,
    ) -> Vec<(EntityIndex, usize)> {
        let mut terms: Vec<(EntityIndex, usize)> = Vec::new();
        for (p, e) in self.iter() {
            for (i, o) in e.offices.iter().enumerate() {
                if o.of == of && title.is_none_or(|t| o.title.eq_ignore_ascii_case(t)) {
                    terms.push((p, i));
                }
            }
        }
        terms.sort_by_key(|&(p, i)| (self.entity(p).offices[i].start, p, i));
        match date {
            None => terms,
            Some(day) => {
                // Several titles: who serves is decided title by title.
                let mut titles: Vec<String> = terms
                    .iter()
                    .map(|&(p, i)| self.entity(p).offices[i].title.to_lowercase())
                    .collect();
                titles.sort();
                titles.dedup();
                let mut on: Vec<(EntityIndex, usize)> = titles
                    .iter()
                    .flat_map(|t| {
                        let same: Vec<_> = terms
                            .iter()
                            .copied()
                            .filter(|&(p, i)| self.entity(p).offices[i].title.to_lowercase() == *t)
                            .collect();
                        serving_on(self, &same, day)
                    })
                    .collect();
                on.sort_by_key(|&(p, i)| (self.entity(p).offices[i].start, p, i));
                on
            }
        }
    }

    /// Which offices the gazetteer kept (see [`GazetteerBuilder::roles`]).
    pub fn roles(&self) -> Roles {
        self.data.roles
    }

    /// Iterates over `(index, entity)` pairs.
    pub fn iter(&self) -> impl Iterator<Item = (EntityIndex, &Entity)> {
        self.data.entities.iter().enumerate().map(|(i, e)| (EntityIndex::new(i), e))
    }
}

/// The format of a gazetteer file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GazetteerFormat {
    /// The bundled TOML format.
    Toml,
    /// Tab-separated `alias, label, type[, id]`.
    Tsv,
    /// Comma-separated `alias, label, type[, id]`.
    Csv,
    /// spaCy EntityRuler patterns, one JSON object per line.
    SpacyJsonl,
}

impl GazetteerFormat {
    /// The format a file name implies, by its extension.
    pub fn from_path(path: &Path) -> Option<GazetteerFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "toml" => GazetteerFormat::Toml,
            "tsv" | "tab" | "txt" => GazetteerFormat::Tsv,
            "csv" => GazetteerFormat::Csv,
            "jsonl" | "ndjson" => GazetteerFormat::SpacyJsonl,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug)]
struct SourceFile {
    name: String,
    format: GazetteerFormat,
    text: std::borrow::Cow<'static, str>,
}

/// Collects gazetteer files, then validates them together.
///
/// # Example
///
/// ```
/// use entgraph::gazetteer::{GazetteerBuilder, GazetteerFormat};
///
/// let mut builder = GazetteerBuilder::new();
/// builder.add_str("mine.tsv", GazetteerFormat::Tsv, "Acme Corp\tAcme\tcompany\n");
/// let gazetteer = builder.build().unwrap();
/// assert_eq!(gazetteer.len(), 1);
/// assert_eq!(gazetteer.entities()[0].entity_type.as_str(), "company");
/// ```
#[derive(Clone, Debug, Default)]
pub struct GazetteerBuilder {
    files: Vec<SourceFile>,
    /// Problems with files themselves (unreadable, not UTF-8, of no known
    /// format), reported by `build` with all the others.
    file_problems: Vec<Problem>,
    roles: Roles,
}

impl GazetteerBuilder {
    /// An empty builder.
    pub fn new() -> GazetteerBuilder {
        GazetteerBuilder::default()
    }

    /// Adds the bundled gazetteers (compiled into the crate).
    pub fn bundled(&mut self) -> &mut GazetteerBuilder {
        for &(name, text) in BUNDLED_FILES {
            self.files.push(SourceFile {
                name: name.to_string(),
                format: GazetteerFormat::Toml,
                text: text.into(),
            });
        }
        self
    }

    /// Which people and offices to keep: heads only (the default) or deputies and
    /// foreign ministers too. Every file is validated whole either way.
    ///
    /// ```
    /// use entgraph::gazetteer::{GazetteerBuilder, Roles};
    ///
    /// let heads = GazetteerBuilder::new().bundled().build().unwrap();
    /// let all = GazetteerBuilder::new().bundled().roles(Roles::All).build().unwrap();
    /// assert!(heads.get("kamala-harris").is_none());
    /// assert!(all.get("kamala-harris").is_some());
    /// ```
    pub fn roles(&mut self, roles: Roles) -> &mut GazetteerBuilder {
        self.roles = roles;
        self
    }

    /// Adds a file, in the format its extension names.
    ///
    /// A problem with the file itself (it cannot be read, is not UTF-8, or has no
    /// known extension) is reported by [`GazetteerBuilder::build`] along with every
    /// other problem of every file, so this never fails; the `Result` is kept for
    /// callers written when it could.
    pub fn add_path(&mut self, path: impl AsRef<Path>) -> Result<&mut GazetteerBuilder, Error> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let file = Location::new(name.as_str(), 0);
        let Some(format) = GazetteerFormat::from_path(path) else {
            self.file_problems.push(
                Problem::new(file, "unknown gazetteer format")
                .hint("name the file .toml (entgraph format), .tsv or .csv (alias table), or .jsonl (spaCy patterns)"),
            );
            return Ok(self);
        };
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                let hint = match e.kind() {
                    std::io::ErrorKind::NotFound => "check the path",
                    std::io::ErrorKind::PermissionDenied => "make the file readable",
                    _ => "check that the path names a readable file",
                };
                self.file_problems
                    .push(Problem::new(file, format!("could not read the file: {e}")).hint(hint));
                return Ok(self);
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => self.files.push(SourceFile { name, format, text: text.into() }),
            Err(e) => self.file_problems.push(not_utf8(&file, e.as_bytes())),
        }
        Ok(self)
    }

    /// Adds a file's contents, named `name` in messages.
    pub fn add_str(
        &mut self,
        name: &str,
        format: GazetteerFormat,
        text: &str,
    ) -> &mut GazetteerBuilder {
        self.files.push(SourceFile {
            name: name.to_string(),
            format,
            text: text.to_string().into(),
        });
        self
    }

    /// Parses and validates every file added, and gives the gazetteer or every
    /// problem found.
    pub fn build(&self) -> Result<Gazetteer, Error> {
        let parse = |file: &SourceFile| {
            let (mut problems, mut warnings) = (Vec::new(), Vec::new());
            let parsed = match file.format {
                GazetteerFormat::Toml => toml::parse(&file.name, &file.text, &mut problems),
                GazetteerFormat::Tsv => table::parse(&file.name, &file.text, b'\t', &mut problems),
                GazetteerFormat::Csv => table::parse(&file.name, &file.text, b',', &mut problems),
                GazetteerFormat::SpacyJsonl => {
                    spacy::parse(&file.name, &file.text, &mut problems, &mut warnings)
                }
            };
            // The content and how it is read, not the path: the same file given by
            // two paths is the same gazetteer, an edited one at the same path is not.
            let format = format!("{:?}", file.format);
            let head = fnv1a(fnv1a(FNV_OFFSET, format.as_bytes()), &[0]);
            (parsed, problems, warnings, fnv1a(head, file.text.as_bytes()))
        };
        // Files parse on the caller's threads (see `crate::par`), largest first:
        // parsing the bundled leaders is most of the start-up time of a
        // one-article run.
        let mut order: Vec<usize> = (0..self.files.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(self.files[i].text.len()));
        let files = &self.files;
        let mut done: Vec<(usize, _)> = crate::par::map(order, |i| (i, parse(&files[i])));
        done.sort_by_key(|&(i, _)| i);
        let results: Vec<_> = done.into_iter().map(|(_, r)| r).collect();
        let (mut problems, mut warnings) = (Vec::new(), Vec::new());
        let mut raw = Vec::with_capacity(results.len());
        let mut fingerprint = FNV_OFFSET;
        for (parsed, mut p, mut w, hash) in results {
            problems.append(&mut p);
            warnings.append(&mut w);
            raw.push(parsed);
            fingerprint = fnv1a(fingerprint, &hash.to_le_bytes());
        }
        let patches = overlay::apply(&mut raw, &mut problems);
        let as_of: Vec<(Location, Date)> =
            raw.iter().filter_map(|f| f.as_of.clone()).map(|(d, l)| (l, d)).collect();
        let validated = validate::validate(raw, &mut problems, &mut warnings);
        problems.extend(self.file_problems.iter().cloned());
        if !problems.is_empty() {
            return Err(Error::gazetteer(problems));
        }
        let mut entities = keep_roles(validated.entities, self.roles);
        variants::add(&mut entities);
        // A file whose every entity the roles filter dropped (the deputies' file under
        // `Roles::Heads`) contributes no fact to this gazetteer, so its age is not the
        // gazetteer's age.
        let as_of = as_of
            .into_iter()
            .filter(|(l, _)| entities.iter().any(|e| e.source.path == l.path))
            .collect();
        let index =
            entities.iter().enumerate().map(|(i, e)| (e.id.clone(), EntityIndex::new(i))).collect();
        Ok(Gazetteer {
            data: Arc::new(Data {
                entities,
                index,
                ignore: validated.ignore,
                warnings,
                patches,
                as_of,
                fingerprint,
                roles: self.roles,
            }),
        })
    }
}

/// The entities and offices that `roles` keeps: with [`Roles::Heads`], offices with
/// a deputy or foreign-minister role are dropped, and so is a person left with no
/// office by that (references to a dropped entity are dropped with it).
fn keep_roles(entities: Vec<Entity>, roles: Roles) -> Vec<Entity> {
    if roles == Roles::All {
        return entities;
    }
    let dropped =
        |e: &Entity| !e.offices.is_empty() && e.offices.iter().all(|o| !roles.keeps(o.role));
    if !entities.iter().any(|e| e.offices.iter().any(|o| !roles.keeps(o.role))) {
        return entities;
    }
    let mut new_index = Vec::with_capacity(entities.len());
    let mut n = 0;
    for e in &entities {
        if dropped(e) {
            new_index.push(None);
        } else {
            new_index.push(Some(EntityIndex::new(n)));
            n += 1;
        }
    }
    let remap = |i: EntityIndex| new_index[i.as_usize()];
    let mut out = Vec::with_capacity(n);
    for mut e in entities {
        if dropped(&e) {
            continue;
        }
        e.offices.retain(|o| roles.keeps(o.role));
        e.offices.retain_mut(|o| remap(o.of).map(|of| o.of = of).is_some());
        e.members.retain_mut(|m| remap(m.member).map(|i| m.member = i).is_some());
        e.part_of = e.part_of.and_then(remap);
        out.push(e);
    }
    out
}

/// The problem of a file that is not UTF-8: where its first bad byte is, and on
/// how many lines there are some.
fn not_utf8(file: &Location, bytes: &[u8]) -> Problem {
    let mut bad_lines = Vec::new();
    let mut first = None;
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if let Err(e) = std::str::from_utf8(line) {
            bad_lines.push(i + 1);
            first.get_or_insert(e.valid_up_to());
        }
    }
    let line = bad_lines.first().copied().unwrap_or(1);
    let others = match bad_lines.len() {
        0 | 1 => String::new(),
        n => format!(", and bad bytes on {} other line{}", n - 1, if n == 2 { "" } else { "s" }),
    };
    let message =
        format!("the file is not UTF-8: invalid byte at column {}{others}", first.unwrap_or(0) + 1);
    Problem::new(file.at(u32::try_from(line).unwrap_or(u32::MAX)), message)
        .hint("save the file as UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)")
}

/// A readable id made from a name: lower-case ASCII words joined by `-`.
pub(crate) fn slug(name: &str) -> String {
    let folded = crate::normalize::fold(name, true);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "entity".to_string() } else { out }
}

/// True when `path` names a bundled gazetteer file.
pub(crate) fn is_bundled(path: &str) -> bool {
    BUNDLED_FILES.iter().any(|&(name, _)| name == path)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Continues the 64-bit FNV-1a hash `h` over `bytes`.
fn fnv1a(h: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(h, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_order() {
        let d = |s| Date::parse(s).unwrap();
        assert!(d("1990") < d("1990-05"));
        assert!(d("1990-05") < d("1990-05-01"));
        assert!(d("-0044") < d("0014"));
        assert_eq!(d("2024-02-29").to_string(), "2024-02-29");
        assert_eq!(d("-0044").to_string(), "-0044");
        for bad in ["2023-02-29", "2023-13", "23-01-01", "2023-1-1", "2023-01-01-01", ""] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn office_is_held_on() {
        let office = Office {
            title: "President".into(),
            of: EntityIndex::new(0),
            role: None,
            start: Date::parse("2017-01-20").unwrap(),
            end: Date::parse("2021-01-20"),
            shared: false,
            acting: false,
            line: 0,
            patch: None,
        };
        assert!(office.is_held_on(Date::parse("2017-01-20").unwrap()));
        assert!(!office.is_held_on(Date::parse("2021-01-20").unwrap()));
        assert!(!office.is_held_on(Date::parse("2016-12-31").unwrap()));
        assert!(office.is_held_during(Date::parse("2017").unwrap()));
        assert!(office.is_held_during(Date::parse("2021-01").unwrap()));
        assert!(!office.is_held_during(Date::parse("2021-02").unwrap()));
        assert!(!office.is_held_during(Date::parse("2016").unwrap()));
    }
}
