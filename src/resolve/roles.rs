//! Role phrases (`the Russian president`, `the president of Russia`) and titles
//! before surnames (`President Moon`, `Mr Putin`, `Gen. Smith`).
//!
//! Office titles come from the gazetteer's offices; each is also known by the
//! abbreviations news writes for its words (`Pres.`, `Gen`, `Lt Gen`, `Sen.`,
//! `Adm.`: `gazetteers/words/en/title-abbreviations.txt`).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

use super::chunks::Doc;
use super::codes::years_named;
use super::{Decision, Mention, MentionKind, Resolver, Rule};
use crate::gazetteer::{Date, EntityIndex, EntityType, Gazetteer};
use crate::normalize::fold;
use crate::span::Span;
use crate::text::{NOT_THE_HOLDER, PERSONAL_TITLES, Shape};

/// An ordinal (`46th`, `first`, `last`): before a title it counts the holders
/// (`the 46th president`, `the first president of Russia`) instead of naming the
/// one in office.
pub(super) fn is_ordinal(word: &str) -> bool {
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

/// Office titles, folded, with their holders: for role phrases and titles before
/// surnames.
#[derive(Clone, Debug, Default)]
pub(super) struct Titles {
    /// Folded title → offices `(place, holder, office index)`.
    pub offices: HashMap<String, Vec<(EntityIndex, EntityIndex, usize)>>,
    /// The longest title, in words.
    pub longest: usize,
    /// The first and the last word of every title, to rule most words out at once.
    pub first_words: HashSet<String>,
    pub last_words: HashSet<String>,
    /// Titles whose last word is an abbreviation (`pres`, `gen`): a dot may
    /// follow them.
    abbreviated: HashSet<String>,
}

impl Titles {
    pub(super) fn new(g: &Gazetteer) -> Titles {
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
                for short in abbreviated(&key) {
                    if let Some(last) = short.split(' ').next_back() {
                        t.last_words.insert(last.to_string());
                    }
                    if let Some(first) = short.split(' ').next() {
                        t.first_words.insert(first.to_string());
                    }
                    t.offices.entry(short.clone()).or_default().push((o.of, person, i));
                    t.abbreviated.insert(short);
                }
                t.offices.entry(key).or_default().push((o.of, person, i));
            }
        }
        t
    }

    /// The longest title that `words` (folded, in order) start with, and how many
    /// words it takes.
    pub(super) fn prefix(&self, words: &[String]) -> Option<(&str, usize)> {
        for n in (1..=self.longest.min(words.len())).rev() {
            let key = words[..n].join(" ");
            if let Some((k, _)) = self.offices.get_key_value(&key) {
                return Some((k, n));
            }
        }
        None
    }

    /// The longest title that `words` end with, and how many words it takes.
    pub(super) fn suffix(&self, words: &[String]) -> Option<(&str, usize)> {
        for n in (1..=self.longest.min(words.len())).rev() {
            let key = words[words.len() - n..].join(" ");
            if let Some((k, _)) = self.offices.get_key_value(&key) {
                return Some((k, n));
            }
        }
        None
    }
}

/// Abbreviations of title words, from `gazetteers/words/en/title-abbreviations.txt`:
/// `(word, abbreviation)`, folded.
static TITLE_ABBREVIATIONS: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    include_str!("../../gazetteers/words/en/title-abbreviations.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(char::is_whitespace))
        .map(|(word, short)| (word.trim(), short.trim()))
        .collect()
});

/// The abbreviated forms of a folded title: each word that has an abbreviation
/// replaced by it, one word at a time and all at once (`lieutenant general`:
/// `lt general`, `lieutenant gen`, `lt gen`).
fn abbreviated(title: &str) -> Vec<String> {
    let words: Vec<&str> = title.split(' ').collect();
    let short = |w: &str| -> Vec<&'static str> {
        TITLE_ABBREVIATIONS.iter().filter(|(word, _)| *word == w).map(|(_, s)| *s).collect()
    };
    let mut out: Vec<String> = Vec::new();
    // Every combination of full and abbreviated words (titles are short).
    let mut forms: Vec<Vec<&str>> = vec![Vec::new()];
    for w in &words {
        let mut next = Vec::new();
        for f in &forms {
            let mut full = f.clone();
            full.push(w);
            next.push(full);
            for s in short(w) {
                let mut abbr = f.clone();
                abbr.push(s);
                next.push(abbr);
            }
        }
        forms = next;
    }
    for f in forms {
        let form = f.join(" ");
        if form != title && !out.contains(&form) {
            out.push(form);
        }
    }
    out
}

/// A title found before a surname.
pub(super) struct TitleWords {
    pub span: Span,
    pub text: String,
    /// The folded office title, for office titles (not for `Mr`, `Ms`).
    pub office: Option<String>,
}

impl Resolver {
    /// A title right before `pos`: an office title (`President`, `Prime Minister`,
    /// `Pres.`) or a personal one (`Mr`, `Mr.`).
    pub(super) fn title_before(&self, doc: &Doc<'_>, pos: usize) -> Option<TitleWords> {
        let text = doc.text;
        // "Mr. Putin", "Gen. Smith": a dot between the title and the name.
        let head = text[..pos].trim_end();
        let (end, dotted) = match head.strip_suffix('.') {
            Some(h) => (h.len(), true),
            None => (pos, false),
        };
        // Most surnames follow no title: look at the one word before first.
        let last = doc.index.words_before(text, end, 1);
        let last_word = last.first().map(|w| &text[w.span.range()]);
        if let (Some(w), Some(word)) = (last.first(), last_word)
            && PERSONAL_TITLES.contains(word)
            && text[w.span.end..end].trim().is_empty()
        {
            let span = Span::new(w.span.start, if dotted { end + 1 } else { w.span.end });
            return Some(TitleWords { span, text: word.to_string(), office: None });
        }
        let last_folded = last_word.map(|w| fold(w, true));
        if !last_folded.is_some_and(|w| self.titles.last_words.contains(&w)) {
            return None;
        }
        let words = doc.folded_before(end, self.titles.longest.max(1));
        let folded: Vec<String> = words.iter().map(|w| w.folded.clone()).collect();
        let (title, n) = self.titles.suffix(&folded)?;
        // After a dot, only an abbreviated title ("Pres. Biden"): otherwise the dot
        // ends a sentence ("He thanked the President. Putin said").
        if dotted && !self.titles.abbreviated.contains(title) {
            return None;
        }
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
    pub(super) fn roles(
        &self,
        doc: &Doc<'_>,
        date: Option<Date>,
        mentions: &[Mention],
        decisions: &mut Vec<Decision>,
    ) -> Vec<Mention> {
        let g = &self.gazetteer;
        let text = doc.text;
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
            let next = doc.folded_after(m.span.end, 1);
            let mut found = None;
            if next.first().is_some_and(|w| self.titles.first_words.contains(&w.folded)) {
                let after = doc.folded_after(m.span.end, self.titles.longest);
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
            let of_before = doc.index.previous_word(text, m.span.start).map(|i| doc.word(i));
            let possessive = ["'s", "\u{2019}s"].iter().any(|p| text[m.span.end..].starts_with(p));
            if found.is_none()
                && matches!(m.kind, MentionKind::Name | MentionKind::Abbreviation)
                && !possessive
                && of_before
                    .is_some_and(|w| ["of", "the"].iter().any(|o| w.eq_ignore_ascii_case(o)))
            {
                let mut before = doc.folded_before(m.span.start, self.titles.longest + 2);
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
                        let det = doc.folded_before(first.span.start, 2);
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
            // Principle: a role phrase names the holder only when it is definite; a
            // quantifier or an indefinite article before it ("no US president has
            // resigned", "every French president", "a Russian president would")
            // makes it generic, about any holder, so it names no one (the same
            // list of words, `not-the-holder.txt`).
            if doc
                .folded_before(head, 1)
                .first()
                .is_some_and(|w| NOT_THE_HOLDER.contains(&w.folded) || is_ordinal(&w.folded))
            {
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
            let next_is_name = doc.word_after(tail).is_some_and(|(i, _)| {
                matches!(doc.index.words()[i].shape, Shape::Capitalised | Shape::Upper)
            });
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
                    let years = years.get_or_insert_with(|| years_named(doc));
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
                    // An acting holder, on the days one serves, rather than the
                    // holder whose term the acting one interrupts.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        assert!(is_ordinal("46th") && is_ordinal("first") && is_ordinal("last"));
        assert!(!is_ordinal("46") && !is_ordinal("current"));
    }

    #[test]
    fn title_abbreviations() {
        assert_eq!(abbreviated("president"), ["pres"]);
        assert_eq!(abbreviated("lieutenant general"), ["lieutenant gen", "lt general", "lt gen"]);
        assert!(abbreviated("chancellor").is_empty());
    }
}
