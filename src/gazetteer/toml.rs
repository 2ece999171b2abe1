//! The bundled TOML format: one `[[entity]]` table per entity.
//!
//! Parsed with `toml`'s spanned document tree rather than serde, so that every field
//! keeps the line it was written on and every problem in a file is reported, not
//! just the first one.

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::AliasKind;
use super::raw::{Located, RawAlias, RawEntity, RawFile, RawMember, RawOffice, RawPatch};
use crate::error::{Location, Problem, suggest};

const ENTITY_FIELDS: &[&str] = &[
    "id",
    "type",
    "label",
    "wikidata",
    "wikipedia",
    "description",
    "part_of",
    "start",
    "end",
    "iso2",
    "iso3",
    "status",
    "kind",
    "names",
    "abbreviations",
    "demonyms",
    "surnames",
    "combining",
    "offices",
    "members",
];
const ALIAS_FIELDS: &[&str] = &["text", "case", "ambiguous", "safe"];
const OFFICE_FIELDS: &[&str] =
    &["title", "of", "start", "end", "role", "shared", "acting", "replaces"];
const PATCH_FIELDS: &[&str] = &[
    "id",
    "label",
    "wikidata",
    "wikipedia",
    "description",
    "disabled",
    "names",
    "abbreviations",
    "demonyms",
    "surnames",
    "combining",
    "offices",
    "end_offices",
];
const TOP_LEVEL: &[&str] = &["as_of", "ignore", "entity", "patch"];
const MEMBER_FIELDS: &[&str] = &["id", "status", "start", "end"];

/// Line numbers of byte offsets.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line of byte `offset`.
    pub fn line(&self, offset: usize) -> u32 {
        self.starts.partition_point(|&s| s <= offset) as u32
    }
}

struct Decoder<'a> {
    file: Location,
    lines: LineIndex,
    problems: &'a mut Vec<Problem>,
}

pub(crate) fn parse(name: &str, text: &str, problems: &mut Vec<Problem>) -> RawFile {
    let mut d = Decoder { file: Location::new(name, 0), lines: LineIndex::new(text), problems };
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for e in errors {
            let line = e.span().map(|s| d.lines.line(s.start)).unwrap_or(0);
            let message = e.message().trim().replace('\n', " ");
            d.problems.push(
                Problem::new(d.file.at(line), format!("TOML syntax: {message}"))
                    .hint("fix the syntax; gazetteers/README.md shows the format"),
            );
        }
        return RawFile::default();
    }
    let mut file = RawFile::default();
    let mut keys: Vec<_> = doc.get_ref().iter().collect();
    keys.sort_by_key(|(k, _)| k.span().start);
    for (key, value) in keys {
        let line = d.lines.line(key.span().start);
        match key.get_ref().as_ref() {
            "entity" => {
                for (table, line) in d.tables(value, line, "entity") {
                    file.entities.push(d.entity(table, line));
                }
            }
            "ignore" => {
                let Some(array) = value.get_ref().as_array() else {
                    d.problem(
                        line,
                        "`ignore` must be a list of phrases",
                        "write ignore = [\"Indo-Pacific\", ...]",
                    );
                    continue;
                };
                for item in array.iter() {
                    let line = d.lines.line(item.span().start);
                    match item.get_ref().as_str() {
                        Some(s) => file.ignore.push((s.to_string(), d.file.at(line))),
                        None => d.problem(line, "an ignored phrase must be a string", "quote it"),
                    }
                }
            }
            "as_of" => {
                let found = d.string("as_of", value);
                match found.as_ref().map(|s| (s, super::Date::parse(&s.value))) {
                    Some((_, Some(date))) => file.as_of = Some((date, d.file.at(line))),
                    Some((s, None)) => d.problem(
                        line,
                        &format!("`as_of` date `{}` is not a date", s.value),
                        "write as_of = \"YYYY-MM-DD\", the day the file's facts are current to",
                    ),
                    None => {}
                }
            }
            "patch" => {
                for (table, line) in d.tables(value, line, "patch") {
                    file.patches.push(d.patch(table, line));
                }
            }
            other => {
                let what = "a file holds `as_of = \"YYYY-MM-DD\"`, `ignore = [...]`, `[[entity]]` \
                            and `[[patch]]` tables";
                let hint = match suggest(other, TOP_LEVEL) {
                    Some(s) => format!("did you mean `{s}`? {what}"),
                    None => what.to_string(),
                };
                d.problem(line, &format!("unknown top-level key `{other}`"), &hint);
            }
        }
    }
    file
}

impl Decoder<'_> {
    /// The tables of an array of tables (`[[entity]]`, `[[patch]]`) with their
    /// lines; any other value is reported and gives none.
    fn tables<'v>(
        &mut self,
        value: &'v Spanned<DeValue<'v>>,
        line: u32,
        key: &str,
    ) -> Vec<(&'v DeTable<'v>, u32)> {
        let a = if key.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
        let hint = format!("write each {key} as {a} `[[{key}]]` table");
        let Some(array) = value.get_ref().as_array() else {
            self.problem(line, &format!("`{key}` must be an array of tables"), &hint);
            return Vec::new();
        };
        let mut tables = Vec::with_capacity(array.len());
        for item in array.iter() {
            let line = self.lines.line(item.span().start);
            match item.get_ref().as_table() {
                Some(table) => tables.push((table, line)),
                None => self.problem(line, &format!("{a} {key} must be a table"), &hint),
            }
        }
        tables
    }

    fn problem(&mut self, line: u32, message: &str, hint: &str) {
        self.problems.push(Problem::new(self.file.at(line), message).hint(hint));
    }

    fn line_of<T>(&self, s: &Spanned<T>) -> u32 {
        self.lines.line(s.span().start)
    }

    fn unknown_key(&mut self, line: u32, key: &str, what: &str, known: &[&str]) {
        let hint = match suggest(key, known) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("known keys: {}", known.join(", ")),
        };
        self.problem(line, &format!("unknown {what} `{key}`"), &hint);
    }

    /// A string value; dates written as TOML dates are accepted as strings too.
    fn string(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> Option<Located<String>> {
        let line = self.line_of(value);
        match value.get_ref() {
            DeValue::String(s) => Some(Located::new(s.to_string(), line)),
            DeValue::Datetime(d) => Some(Located::new(d.to_string(), line)),
            other => {
                self.problem(
                    line,
                    &format!("`{key}` must be a string, found {}", other.type_str()),
                    "quote the value",
                );
                None
            }
        }
    }

    /// A string value of a required field; a value of another type is reported
    /// here and noted in `malformed`, so it is not reported again as missing.
    fn required_string(
        &mut self,
        key: &str,
        value: &Spanned<DeValue<'_>>,
        malformed: &mut Vec<String>,
    ) -> Option<Located<String>> {
        let found = self.string(key, value);
        if found.is_none() {
            malformed.push(key.to_string());
        }
        found
    }

    fn boolean(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> bool {
        match value.get_ref().as_bool() {
            Some(b) => b,
            None => {
                let line = self.line_of(value);
                self.problem(
                    line,
                    &format!("`{key}` must be true or false, found {}", value.get_ref().type_str()),
                    "write true or false without quotes",
                );
                false
            }
        }
    }

    fn array<'v, 'i>(
        &mut self,
        key: &str,
        value: &'v Spanned<DeValue<'i>>,
    ) -> Option<&'v DeArray<'i>> {
        match value.get_ref().as_array() {
            Some(a) => Some(a),
            None => {
                let line = self.line_of(value);
                self.problem(
                    line,
                    &format!("`{key}` must be a list, found {}", value.get_ref().type_str()),
                    &format!("write {key} = [...]"),
                );
                None
            }
        }
    }

    fn entity(&mut self, table: &DeTable<'_>, line: u32) -> RawEntity {
        let mut e = RawEntity::new(self.file.at(line));
        for (key, value) in table.iter() {
            let k: &str = key.get_ref();
            let key_line = self.line_of(key);
            match k {
                "id" => e.id = self.required_string(k, value, &mut e.malformed),
                "type" => e.entity_type = self.required_string(k, value, &mut e.malformed),
                "label" => e.label = self.required_string(k, value, &mut e.malformed),
                "wikidata" => e.wikidata = self.string(k, value),
                "wikipedia" => e.wikipedia = self.string(k, value),
                "description" => e.description = self.string(k, value),
                "part_of" => e.part_of = self.string(k, value),
                "start" => e.start = self.string(k, value),
                "end" => e.end = self.string(k, value),
                "iso2" => e.iso2 = self.string(k, value),
                "iso3" => e.iso3 = self.string(k, value),
                "status" => e.status = self.string(k, value),
                "kind" => e.kind = self.string(k, value),
                "offices" => {
                    if let Some(items) = self.array(k, value) {
                        for item in items.iter() {
                            if let Some(o) = self.office(item) {
                                e.offices.push(o);
                            }
                        }
                    }
                }
                "members" => {
                    if let Some(items) = self.array(k, value) {
                        for item in items.iter() {
                            if let Some(m) = self.member(item) {
                                e.members.push(m);
                            }
                        }
                    }
                }
                _ => match AliasKind::ALL.iter().find(|kind| kind.key() == k) {
                    Some(&kind) => {
                        if let Some(items) = self.array(k, value) {
                            for item in items.iter() {
                                if let Some(a) = self.alias(kind, item) {
                                    e.aliases.push(a);
                                }
                            }
                        }
                    }
                    None => self.unknown_key(key_line, k, "field", ENTITY_FIELDS),
                },
            }
        }
        // Keep aliases in file order whatever order the table's keys come in.
        e.aliases.sort_by_key(|a| a.line);
        e.offices.sort_by_key(|o| o.line);
        e.members.sort_by_key(|m| m.line);
        e
    }

    fn patch(&mut self, table: &DeTable<'_>, line: u32) -> RawPatch {
        let mut p = RawPatch {
            location: self.file.at(line),
            id: None,
            label: None,
            wikidata: None,
            wikipedia: None,
            description: None,
            disabled: None,
            aliases: Vec::new(),
            offices: Vec::new(),
            ends: Vec::new(),
        };
        for (key, value) in table.iter() {
            let k: &str = key.get_ref();
            match k {
                "id" => p.id = self.string(k, value),
                "label" => p.label = self.string(k, value),
                "wikidata" => p.wikidata = self.string(k, value),
                "wikipedia" => p.wikipedia = self.string(k, value),
                "description" => p.description = self.string(k, value),
                "disabled" => {
                    p.disabled = Some(Located::new(self.boolean(k, value), self.line_of(value)))
                }
                "offices" | "end_offices" => {
                    if let Some(items) = self.array(k, value) {
                        for item in items.iter() {
                            if let Some(o) = self.office(item) {
                                if k == "offices" { p.offices.push(o) } else { p.ends.push(o) }
                            }
                        }
                    }
                }
                _ => match AliasKind::ALL.iter().find(|kind| kind.key() == k) {
                    Some(&kind) => {
                        if let Some(items) = self.array(k, value) {
                            for item in items.iter() {
                                if let Some(a) = self.alias(kind, item) {
                                    p.aliases.push(a);
                                }
                            }
                        }
                    }
                    None => {
                        let l = self.line_of(key);
                        self.unknown_key(l, k, "patch field", PATCH_FIELDS)
                    }
                },
            }
        }
        p.aliases.sort_by_key(|a| a.line);
        p.offices.sort_by_key(|o| o.line);
        p.ends.sort_by_key(|o| o.line);
        p
    }

    fn alias(&mut self, kind: AliasKind, item: &Spanned<DeValue<'_>>) -> Option<RawAlias> {
        let line = self.line_of(item);
        let mut alias = RawAlias {
            line,
            text: String::new(),
            kind,
            case: None,
            ambiguous: false,
            safe: false,
            origin: None,
        };
        match item.get_ref() {
            DeValue::String(s) => alias.text = s.to_string(),
            DeValue::Table(t) => {
                let mut text = None;
                for (key, value) in t.iter() {
                    let k: &str = key.get_ref();
                    match k {
                        "text" => text = self.string(k, value),
                        "case" => alias.case = self.string(k, value),
                        "ambiguous" => alias.ambiguous = self.boolean(k, value),
                        "safe" => alias.safe = self.boolean(k, value),
                        _ => {
                            let l = self.line_of(key);
                            self.unknown_key(l, k, "alias key", ALIAS_FIELDS)
                        }
                    }
                }
                match text {
                    Some(t) => alias.text = t.value,
                    None => {
                        self.problem(
                            line,
                            "an alias table needs a `text`",
                            "write { text = \"...\", ... }",
                        );
                        return None;
                    }
                }
            }
            other => {
                self.problem(
                    line,
                    &format!("an alias must be a string or a table, found {}", other.type_str()),
                    "quote the alias",
                );
                return None;
            }
        }
        Some(alias)
    }

    fn office(&mut self, item: &Spanned<DeValue<'_>>) -> Option<RawOffice> {
        let line = self.line_of(item);
        let Some(t) = item.get_ref().as_table() else {
            self.problem(
                line,
                "an office must be a table",
                "write { title = \"President\", of = \"...\", start = \"YYYY-MM-DD\" }",
            );
            return None;
        };
        let mut o = RawOffice { line, ..RawOffice::default() };
        for (key, value) in t.iter() {
            let k: &str = key.get_ref();
            match k {
                "title" => o.title = self.string(k, value).map(|l| l.value),
                "of" => o.of = self.string(k, value).map(|l| l.value),
                "start" => o.start = self.string(k, value).map(|l| l.value),
                "end" => o.end = self.string(k, value).map(|l| l.value),
                "role" => o.role = self.string(k, value).map(|l| l.value),
                "shared" => o.shared = self.boolean(k, value),
                "acting" => o.acting = self.boolean(k, value),
                "replaces" => o.replaces = self.string(k, value),
                _ => {
                    let l = self.line_of(key);
                    self.unknown_key(l, k, "office key", OFFICE_FIELDS)
                }
            }
        }
        Some(o)
    }

    fn member(&mut self, item: &Spanned<DeValue<'_>>) -> Option<RawMember> {
        let line = self.line_of(item);
        let mut m = RawMember { line, ..RawMember::default() };
        match item.get_ref() {
            DeValue::String(s) => m.id = Some(s.to_string()),
            DeValue::Table(t) => {
                for (key, value) in t.iter() {
                    let k: &str = key.get_ref();
                    match k {
                        "id" => m.id = self.string(k, value).map(|l| l.value),
                        "status" => m.status = self.string(k, value).map(|l| l.value),
                        "start" => m.start = self.string(k, value).map(|l| l.value),
                        "end" => m.end = self.string(k, value).map(|l| l.value),
                        _ => {
                            let l = self.line_of(key);
                            self.unknown_key(l, k, "member key", MEMBER_FIELDS)
                        }
                    }
                }
            }
            other => {
                self.problem(
                    line,
                    &format!("a member must be an id or a table, found {}", other.type_str()),
                    "write \"country-id\" or { id = \"...\", status = \"observer\" }",
                );
                return None;
            }
        }
        Some(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index() {
        let idx = LineIndex::new("a\nbc\n\nd");
        assert_eq!(idx.line(0), 1);
        assert_eq!(idx.line(2), 2);
        assert_eq!(idx.line(5), 3);
        assert_eq!(idx.line(6), 4);
    }

    #[test]
    fn arrays_of_tables_that_are_something_else_are_reported() {
        let text = "entity = 3\npatch = [1, { id = \"a\" }]\n";
        let mut problems = Vec::new();
        let file = parse("g.toml", text, &mut problems);
        assert_eq!((file.entities.len(), file.patches.len()), (0, 1));
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            [
                "g.toml:1: `entity` must be an array of tables; write each entity as an `[[entity]]` table",
                "g.toml:2: a patch must be a table; write each patch as a `[[patch]]` table",
            ]
        );
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let text = "[[entity]]\nid = \"a\"\nnmes = [\"A\"]\n\n[[entity]]\nid = 3\nnames = [{ txt = \"B\" }]\n";
        let mut problems = Vec::new();
        let file = parse("g.toml", text, &mut problems);
        assert_eq!(file.entities.len(), 2);
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            [
                "g.toml:3: unknown field `nmes`; did you mean `names`?",
                "g.toml:6: `id` must be a string, found integer; quote the value",
                "g.toml:7: unknown alias key `txt`; did you mean `text`?",
                "g.toml:7: an alias table needs a `text`; write { text = \"...\", ... }",
            ]
        );
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let mut problems = Vec::new();
        parse("g.toml", "[[entity]]\nid = \"a\nlabel = \"A\"\n", &mut problems);
        assert!(!problems.is_empty());
        assert_eq!(problems[0].location.line, 2, "{}", problems[0]);
    }
}
