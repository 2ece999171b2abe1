//! A document's context: the day it was written and its home country, which decide
//! who a role phrase names (`the prime minister`, `the Russian president`).
//!
//! Takes what the input says ([`DocContext`]: a date from `--date` or a JSON Lines
//! field, a home country from `--country` or a field) and the document's text
//! layer; gives the context the resolver works with ([`ContextUsed`]), saying where
//! each part came from.
//!
//! - **Date.** The input's date wins. Failing that, a dateline among the first lines
//!   of the text gives one: a line that opens with an optional place in capitals
//!   and a comma, an optional weekday and a comma, then a date (`MOSCOW, March 3,
//!   2008 (Reuters) -`, `Friday, March 6, 2015`, `3 March 2008`, `2008-03-03`),
//!   followed by nothing, a bracket, a dash or a colon. A line without a date
//!   (`WASHINGTON (AP) —`) gives none, and years named in the body never make a
//!   date: an undated document's role phrases name no one.
//! - **Home country.** The input's wins. Failing that, the country the document
//!   names most often (by name, abbreviation or demonym) is its home when it is
//!   named at least [`HOME_MIN_MENTIONS`] times and at least twice as often as any
//!   other country; otherwise the document has no home and a bare role phrase
//!   (`the prime minister`) names no one.
//! - **Subject organisation.** The organisation named most often, at least
//!   [`SUBJECT_MIN_MENTIONS`] times and twice as often as any other: `the
//!   secretary-general` is its head.

use super::chunks::Doc;
use super::{Mention, MentionKind};
use crate::gazetteer::{Date, EntityIndex, EntityType, Gazetteer};
use crate::text::{Shape, year};

/// What the input says about a document: its date and home country, when known.
///
/// ```
/// use entgraph::gazetteer::Date;
/// use entgraph::resolve::DocContext;
/// let cx = DocContext::new().date(Date::parse("2024-05-01"));
/// assert!(cx.date.is_some() && cx.home.is_none());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DocContext {
    /// The day (or month, or year) the document was written.
    pub date: Option<Date>,
    /// The country the document is written from and for: a bare role phrase (`the
    /// prime minister`) names its office holder.
    pub home: Option<EntityIndex>,
}

impl DocContext {
    /// A context that knows nothing: the date and home are looked for in the text.
    pub fn new() -> DocContext {
        DocContext::default()
    }

    /// With this date (or none).
    pub fn date(mut self, date: Option<Date>) -> DocContext {
        self.date = date;
        self
    }

    /// With this home country (or none).
    pub fn home(mut self, home: Option<EntityIndex>) -> DocContext {
        self.home = home;
        self
    }
}

/// Where a part of the context came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContextSource {
    /// The input gave it (`--date`, `--country`, a JSON Lines field).
    Given,
    /// A dateline at the start of the text.
    Dateline,
    /// Inferred from the mentions of the document.
    Inferred,
}

impl ContextSource {
    /// A short name for `--explain`.
    pub fn as_str(self) -> &'static str {
        match self {
            ContextSource::Given => "given",
            ContextSource::Dateline => "from the dateline",
            ContextSource::Inferred => "inferred",
        }
    }
}

/// The context the resolver worked with, and what it could not resolve for want
/// of it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContextUsed {
    /// The document's date, and where it came from.
    pub date: Option<(Date, ContextSource)>,
    /// The home country, and where it came from.
    pub home: Option<(EntityIndex, ContextSource)>,
    /// How the home country was inferred (or why none was), for `--explain`:
    /// written only when [`ResolverConfig::explain`](super::ResolverConfig::explain)
    /// is on, empty otherwise.
    pub home_note: String,
    /// The organisation the document is about, if one dominates it.
    pub subject: Option<EntityIndex>,
    /// Role phrases that named no one because the document has no date.
    pub undated_roles: usize,
}

impl ContextUsed {
    /// The date, whatever its source.
    pub fn date(&self) -> Option<Date> {
        self.date.map(|(d, _)| d)
    }

    /// The home country, whatever its source.
    pub fn home(&self) -> Option<EntityIndex> {
        self.home.map(|(h, _)| h)
    }

    /// One line for `--explain`: the date and home and where they came from.
    pub fn describe(&self, g: &Gazetteer) -> String {
        let date = match self.date {
            Some((d, how)) => format!("date {d} ({})", how.as_str()),
            None => "no date (role phrases name no one; give --date or --date-field)".into(),
        };
        let home = match self.home {
            Some((h, how)) => format!("home {} ({}{})", g.entity(h).id, how.as_str(), {
                if self.home_note.is_empty() {
                    String::new()
                } else {
                    format!(": {}", self.home_note)
                }
            }),
            None => format!("no home country ({})", self.home_note),
        };
        let subject = match self.subject {
            Some(s) => format!("; about the organisation {}", g.entity(s).id),
            None => String::new(),
        };
        format!("{date}; {home}{subject}")
    }
}

/// A country named at least this often can be a document's home.
pub const HOME_MIN_MENTIONS: usize = 3;

/// An organisation named at least this often can be a document's subject.
pub const SUBJECT_MIN_MENTIONS: usize = 2;

/// The entity of `kind` that `mentions` name most often, when it is named at least
/// `min` times and at least twice as often as any other of that kind; with a note
/// saying the counts when `explain` (an empty one otherwise).
pub(super) fn dominant(
    g: &Gazetteer,
    mentions: &[Mention],
    kind: EntityType,
    min: usize,
    explain: bool,
) -> (Option<EntityIndex>, String) {
    let mut counts: Vec<(EntityIndex, usize)> = Vec::new();
    for m in mentions {
        if !matches!(m.kind, MentionKind::Name | MentionKind::Abbreviation | MentionKind::Demonym)
            || g.entity(m.entity).entity_type != kind
        {
            continue;
        }
        match counts.iter_mut().find(|(e, _)| *e == m.entity) {
            Some((_, n)) => *n += 1,
            None => counts.push((m.entity, 1)),
        }
    }
    // Most mentions first; ties by index, so that the outcome is the same on any run.
    counts.sort_by_key(|&(e, n)| (std::cmp::Reverse(n), e));
    let Some(&(top, n)) = counts.first() else {
        return (None, if explain { format!("no {kind} named") } else { String::new() });
    };
    let next = counts.get(1).map_or(0, |&(_, n)| n);
    let dominates = n >= min && n >= 2 * next;
    if !explain {
        return (dominates.then_some(top), String::new());
    }
    let note = format!(
        "{} named {n} time{}, the next {kind} {next}",
        g.entity(top).id,
        if n == 1 { "" } else { "s" }
    );
    if dominates {
        (Some(top), note)
    } else {
        (None, format!("{note}; a home needs {min} and twice any other"))
    }
}

/// Month names and their abbreviations, as news writes them.
const MONTHS: [(&str, &str); 12] = [
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may", "may"),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
];

const WEEKDAYS: [&str; 7] =
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// The month a word names (`March`, `Mar`, `Sept`), 1 to 12.
pub(super) fn month(word: &str) -> Option<u8> {
    let is = |name: &str| word.eq_ignore_ascii_case(name);
    if is("sept") {
        return Some(9);
    }
    let i = MONTHS.iter().position(|&(full, short)| is(full) || is(short))?;
    Some(i as u8 + 1)
}

/// A day of the month written as digits, perhaps with an ordinal ending (`3rd`).
fn day(word: &str) -> Option<u8> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) || !matches!(&word[digits..], "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    word[..digits].parse().ok().filter(|d| (1..=31).contains(d))
}

/// The first lines of a document that may hold its dateline.
const DATELINE_LINES: usize = 6;
/// How far into the text a dateline may start (bytes).
const DATELINE_REACH: usize = 600;

/// The date a dateline among the first lines of the document gives (see the
/// [module docs](self)).
pub(super) fn dateline(doc: &Doc<'_>) -> Option<Date> {
    let (text, index) = (doc.text, doc.index);
    let lines = index.lines().iter().filter(|l| !text[l.span.range()].trim().is_empty());
    for line in lines.take(DATELINE_LINES) {
        if line.span.start > DATELINE_REACH {
            break;
        }
        let words = &index.words()
            [index.words_before_len(line.span.start)..index.words_before_len(line.span.end)];
        if let Some(d) = dateline_in(text, words, line.span.end) {
            return Some(d);
        }
    }
    None
}

/// The date a line whose words are `words` opens with, if it is a dateline.
fn dateline_in(text: &str, words: &[crate::text::Word], line_end: usize) -> Option<Date> {
    let word = |i: usize| words.get(i).map(|w| &text[w.span.range()]);
    // What stands between word `i` and the next: only these characters may.
    let gap_ok = |i: usize, allowed: &[char]| {
        let (Some(a), Some(b)) = (words.get(i), words.get(i + 1)) else { return false };
        text[a.span.end..b.span.start].chars().all(|c| c.is_whitespace() || allowed.contains(&c))
    };
    let mut i = 0;
    // A place in capitals and a comma ("MOSCOW,", "NEW YORK,").
    while words.get(i).is_some_and(|w| w.shape == Shape::Upper && w.span.len() >= 2) {
        i += 1;
    }
    if i > 0 && !text[words[i - 1].span.end..].trim_start().starts_with(',') {
        return None;
    }
    // A weekday and a comma ("Friday,").
    if word(i).is_some_and(|w| WEEKDAYS.iter().any(|d| w.eq_ignore_ascii_case(d))) {
        i += 1;
    }
    let date_words = [word(i), word(i + 1), word(i + 2)];
    let (date, n) = match date_words {
        // March 3, 2008; Mar. 3 2008
        [Some(m), Some(d), Some(y)]
            if month(m).is_some() && day(d).is_some() && year(y).is_some() =>
        {
            if !gap_ok(i, &['.', ',']) || !gap_ok(i + 1, &[',']) {
                return None;
            }
            (format!("{}-{:02}-{:02}", y, month(m)?, day(d)?), 3)
        }
        // 3 March 2008
        [Some(d), Some(m), Some(y)]
            if day(d).is_some() && month(m).is_some() && year(y).is_some() =>
        {
            if !gap_ok(i, &[]) || !gap_ok(i + 1, &['.', ',']) {
                return None;
            }
            (format!("{}-{:02}-{:02}", y, month(m)?, day(d)?), 3)
        }
        // 2008-03-03
        [Some(y), Some(m), Some(d)]
            if year(y).is_some() && m.len() == 2 && d.len() == 2 && gap_ok(i, &['-']) =>
        {
            if !gap_ok(i + 1, &['-']) {
                return None;
            }
            (format!("{y}-{m}-{d}"), 3)
        }
        // March 2008
        [Some(m), Some(y), _] if month(m).is_some() && year(y).is_some() && gap_ok(i, &[]) => {
            (format!("{}-{:02}", y, month(m)?), 2)
        }
        _ => return None,
    };
    let date = Date::parse(&date)?;
    // The line goes on with nothing, a bracket, a dash or a colon (not a sentence
    // that merely opens with a date: "March 3, 2008 was a Monday").
    let end = words[i + n - 1].span.end;
    let rest = text[end..line_end].trim_start_matches(|c: char| c.is_whitespace() || c == ',');
    let ok = rest.is_empty() || rest.starts_with(['(', '-', '\u{2013}', '\u{2014}', ':', '/', '|']);
    ok.then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextIndex;

    fn date(text: &str) -> Option<String> {
        let index = TextIndex::new(text);
        dateline(&Doc { text, index: &index }).map(|d| d.to_string())
    }

    #[test]
    fn datelines() {
        let d = |s: &str| Some(s.to_string());
        assert_eq!(date("MOSCOW, March 3, 2008 (Reuters) - The Kremlin said."), d("2008-03-03"));
        assert_eq!(
            date("Quake hits town\n\nFriday, March 6, 2015\u{a0}\n\nA quake hit."),
            d("2015-03-06")
        );
        assert_eq!(date("NEW YORK, 3 March 2008 — Stocks fell."), d("2008-03-03"));
        assert_eq!(date("2019-01-04\nText."), d("2019-01-04"));
        assert_eq!(date("LONDON, Sept. 21, 2010 (AP) - x"), d("2010-09-21"));
        assert_eq!(date("WASHINGTON (AP) — The president spoke in 2019."), None);
        assert_eq!(date("March 3, 2008 was a Monday."), None);
        assert_eq!(date("The talks began in 2008 and ended in 2010."), None);
        assert_eq!(date("February 30, 2010\nText"), None);
    }

    #[test]
    fn a_late_date_line_is_no_dateline() {
        let body = "A line.\n".repeat(8);
        assert_eq!(date(&format!("{body}Friday, March 6, 2015\n")), None);
    }
}
