//! Records as parsed, before validation: strings with the lines they came from.
//!
//! Every format's parser produces these; [`super::validate`] checks them and turns
//! them into [`super::Entity`] values.

use crate::error::Location;
use crate::gazetteer::AliasKind;

/// A value and the line it was written on.
#[derive(Clone, Debug)]
pub(crate) struct Located<T> {
    pub value: T,
    pub line: u32,
}

impl<T> Located<T> {
    pub fn new(value: T, line: u32) -> Located<T> {
        Located { value, line }
    }
}

/// One parsed file.
#[derive(Debug, Default)]
pub(crate) struct RawFile {
    pub entities: Vec<RawEntity>,
    pub ignore: Vec<(String, Location)>,
    /// The date the file's facts are current to (`as_of = "YYYY-MM-DD"`).
    pub as_of: Option<(super::Date, Location)>,
    /// Changes to entities defined in this or another file (`[[patch]]`).
    pub patches: Vec<RawPatch>,
}

/// Builds the entities of the row formats (alias tables, spaCy patterns), where
/// each row is one name alias and rows with the same key make one entity.
#[derive(Default)]
pub(crate) struct Rows {
    file: RawFile,
    by_key: std::collections::HashMap<String, usize>,
}

/// One row: a name alias of an entity.
pub(crate) struct Row<'a> {
    /// Rows with the same key belong to one entity.
    pub key: String,
    pub id: &'a str,
    pub label: &'a str,
    pub entity_type: &'a str,
    pub alias: &'a str,
    /// The alias is shared with other entities on purpose.
    pub ambiguous: bool,
}

impl Rows {
    /// Adds a row found at `location`.
    pub fn add(&mut self, location: &Location, row: Row<'_>) {
        let line = location.line;
        let file = &mut self.file;
        let at = *self.by_key.entry(row.key).or_insert_with(|| {
            let mut e = RawEntity::new(location.clone());
            e.id = Some(Located::new(row.id.to_string(), line));
            e.label = Some(Located::new(row.label.to_string(), line));
            e.entity_type = Some(Located::new(row.entity_type.to_string(), line));
            file.entities.push(e);
            file.entities.len() - 1
        });
        file.entities[at].aliases.push(RawAlias {
            line,
            text: row.alias.to_string(),
            kind: AliasKind::Name,
            case: None,
            ambiguous: row.ambiguous,
            safe: false,
            origin: None,
        });
    }

    /// The file of all rows added.
    pub fn finish(self) -> RawFile {
        self.file
    }
}

#[derive(Debug)]
pub(crate) struct RawEntity {
    /// The record's first line.
    pub location: Location,
    pub id: Option<Located<String>>,
    pub entity_type: Option<Located<String>>,
    pub label: Option<Located<String>>,
    pub wikidata: Option<Located<String>>,
    pub wikipedia: Option<Located<String>>,
    pub description: Option<Located<String>>,
    pub part_of: Option<Located<String>>,
    pub start: Option<Located<String>>,
    pub end: Option<Located<String>>,
    pub iso2: Option<Located<String>>,
    pub iso3: Option<Located<String>>,
    pub status: Option<Located<String>>,
    pub kind: Option<Located<String>>,
    pub aliases: Vec<RawAlias>,
    pub offices: Vec<RawOffice>,
    pub members: Vec<RawMember>,
    /// Fields that were present but malformed, and reported as such already.
    pub malformed: Vec<String>,
}

impl RawEntity {
    pub fn new(location: Location) -> RawEntity {
        RawEntity {
            location,
            id: None,
            entity_type: None,
            label: None,
            wikidata: None,
            wikipedia: None,
            description: None,
            part_of: None,
            start: None,
            end: None,
            iso2: None,
            iso3: None,
            status: None,
            kind: None,
            aliases: Vec::new(),
            offices: Vec::new(),
            members: Vec::new(),
            malformed: Vec::new(),
        }
    }
}

#[derive(Debug)]
pub(crate) struct RawAlias {
    pub line: u32,
    pub text: String,
    pub kind: AliasKind,
    pub case: Option<Located<String>>,
    pub ambiguous: bool,
    pub safe: bool,
    /// The patch that added the alias to an entity of another file.
    pub origin: Option<Location>,
}

#[derive(Debug, Default)]
pub(crate) struct RawOffice {
    pub line: u32,
    pub title: Option<String>,
    pub of: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub role: Option<String>,
    pub shared: bool,
    /// Held in an acting capacity (for a holder who is suspended, on leave, or gone).
    pub acting: bool,
    /// The id of the holder whose term this term ends on its start day.
    pub replaces: Option<Located<String>>,
    /// The patch that added the term to an entity of another file.
    pub origin: Option<Location>,
}

#[derive(Debug, Default)]
pub(crate) struct RawMember {
    pub line: u32,
    pub id: Option<String>,
    pub status: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
}

/// A `[[patch]]` table: changes to an entity defined elsewhere, by its id.
#[derive(Debug)]
pub(crate) struct RawPatch {
    /// The table's first line.
    pub location: Location,
    pub id: Option<Located<String>>,
    pub label: Option<Located<String>>,
    pub wikidata: Option<Located<String>>,
    pub wikipedia: Option<Located<String>>,
    pub description: Option<Located<String>>,
    pub disabled: Option<Located<bool>>,
    /// Aliases to add.
    pub aliases: Vec<RawAlias>,
    /// Terms to add.
    pub offices: Vec<RawOffice>,
    /// Terms to end: `title`, `of` and `end` of each.
    pub ends: Vec<RawOffice>,
}
