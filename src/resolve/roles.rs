//! Role phrases (`the Russian president`, `the president of Russia`) and titles
//! before surnames (`President Moon`, `Mr Putin`, `Gen. Smith`).
//!
//! Office titles come from the gazetteer's offices; each is also known by the
//! abbreviations news writes for its words (`Pres.`, `Gen`, `Lt Gen`, `Sen.`,
//! `Adm.`: `gazetteers/words/en/title-abbreviations.txt`).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

use super::chunks::{Doc, with_folded};
use super::context::{self, ContextSource, ContextUsed};
use super::{Decision, Mention, MentionKind, Resolver, Rule};
use crate::gazetteer::{Date, EntityIndex, EntityType, Gazetteer, serving_on};
use crate::normalize::fold;
use crate::span::Span;
use crate::text::{
    FUNCTION_WORDS, NOT_NAMES, NOT_THE_HOLDER, OTHER_OFFICE_PREFIXES, PERSONAL_TITLES, Shape, Word,
    WordList,
};

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

/// Folded title → offices `(place, holder, office index)`.
pub(super) type TitleOffices = HashMap<String, Vec<(EntityIndex, EntityIndex, usize)>>;

/// Office titles, folded, with their holders: for role phrases and titles before
/// surnames.
#[derive(Clone, Debug, Default)]
pub(super) struct Titles {
    /// Folded title → offices `(place, holder, office index)`.
    pub offices: TitleOffices,
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
        // Thousands of offices share a few dozen titles: a word or a title is
        // copied only the first time it is seen.
        fn add(set: &mut HashSet<String>, word: &str) {
            if !set.contains(word) {
                set.insert(word.to_string());
            }
        }
        fn push(offices: &mut TitleOffices, key: &str, office: (EntityIndex, EntityIndex, usize)) {
            match offices.get_mut(key) {
                Some(list) => list.push(office),
                None => {
                    offices.insert(key.to_string(), vec![office]);
                }
            }
        }
        let mut t = Titles::default();
        // Each title is folded and abbreviated, and its words noted, the first
        // time it is seen; later offices with that title only add themselves.
        let mut forms: HashMap<&str, (String, Vec<String>)> = HashMap::default();
        for (person, e) in g.iter() {
            for (i, o) in e.offices.iter().enumerate() {
                let (key, shorts) = forms.entry(o.title.as_str()).or_insert_with(|| {
                    let key = fold(&o.title, true);
                    let shorts = abbreviated(&key);
                    t.longest = t.longest.max(key.split(' ').count());
                    if let (Some(first), Some(last)) =
                        (key.split(' ').next(), key.split(' ').next_back())
                    {
                        add(&mut t.first_words, first);
                        add(&mut t.last_words, last);
                    }
                    for short in &shorts {
                        if let Some(last) = short.split(' ').next_back() {
                            add(&mut t.last_words, last);
                        }
                        if let Some(first) = short.split(' ').next() {
                            add(&mut t.first_words, first);
                        }
                        add(&mut t.abbreviated, short);
                    }
                    (key, shorts)
                });
                for short in shorts.iter() {
                    push(&mut t.offices, short, (o.of, person, i));
                }
                push(&mut t.offices, key, (o.of, person, i));
            }
        }
        t
    }

    /// The longest title that `words` (folded, in order) start with, and how many
    /// words it takes.
    pub(super) fn prefix(&self, words: &[&str]) -> Option<(&str, usize)> {
        for n in (1..=self.longest.min(words.len())).rev() {
            // Only a title's last word can end one.
            if !words[n - 1].rsplit(' ').next().is_some_and(|w| self.last_words.contains(w)) {
                continue;
            }
            let key = words[..n].join(" ");
            if let Some((k, _)) = self.offices.get_key_value(&key) {
                return Some((k, n));
            }
        }
        None
    }

    /// The longest title that `words` end with, and how many words it takes.
    pub(super) fn suffix(&self, words: &[&str]) -> Option<(&str, usize)> {
        for n in (1..=self.longest.min(words.len())).rev() {
            // Only a title's first word can open one.
            let first = words[words.len() - n].split(' ').next();
            if !first.is_some_and(|w| self.first_words.contains(w)) {
                continue;
            }
            let key = words[words.len() - n..].join(" ");
            if let Some((k, _)) = self.offices.get_key_value(&key) {
                return Some((k, n));
            }
        }
        None
    }
}

/// True when `of` or `of the` stands right before `pos`, joined to it by spaces
/// or hyphens: what a title before a place (`the president of Russia`, `the
/// president of the United States`) needs, told before any word is folded.
fn of_right_before(doc: &Doc<'_>, pos: usize) -> bool {
    let is = |w: &Word, word: &str| with_folded(&doc.text[w.span.range()], |f| f == word);
    match doc.index.words_before(doc.text, pos, 2) {
        [.., of, the] if is(the, "the") => is(of, "of"),
        [.., of] => is(of, "of"),
        [] => false,
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
#[derive(Debug)]
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
        if !last_word.is_some_and(|w| with_folded(w, |f| self.titles.last_words.contains(f))) {
            return None;
        }
        let words = doc.folded_before(end, self.titles.longest.max(1));
        let folded: Vec<&str> = words.iter().map(|w| w.folded.as_ref()).collect();
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
        // "Vice President Harris", "Deputy Prime Minister Kim": the title of
        // another office, one the gazetteer does not know (it would have matched
        // the longer title). Reading the shorter title inside it would name that
        // office's holder; no title is read instead.
        if doc
            .folded_before(first.span.start, 1)
            .first()
            .is_some_and(|w| OTHER_OFFICE_PREFIXES.contains(&w.folded))
        {
            return None;
        }
        let span = Span::new(first.span.start, words[words.len() - 1].span.end);
        Some(TitleWords {
            span,
            text: text[span.range()].to_string(),
            office: Some(title.to_string()),
        })
    }

    /// Role phrases after countries and organisations (`the Russian president`,
    /// `the president of Russia`) and bare ones (`the prime minister`, `the
    /// Pope`), resolved to office holders; see [`Resolver::settle`].
    pub(super) fn roles(
        &self,
        doc: &Doc<'_>,
        cx: &mut ContextUsed,
        mentions: &[Mention],
        decisions: &mut Vec<Decision>,
    ) -> Vec<Mention> {
        let g = &self.gazetteer;
        let text = doc.text;
        let mut out = Vec::new();
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
        let overlaps = |span: Span| {
            let before_end = by_start.partition_point(|o| o.start < span.end);
            before_end > 0 && reach[before_end - 1] > span.start
        };
        // A name right after the phrase ("Russian President Vladimir Putin", "the
        // president of Russia, Vladimir Putin", "the Prime Minister Boris
        // Johnson"): the name is the mention.
        let name_follows = |tail: usize, next: Option<&Mention>| {
            let next_is_mention = next.is_some_and(|n| {
                n.span.start >= tail && text[tail..n.span.start].trim_matches([' ', ',']).is_empty()
            });
            let next_is_name = doc.word_after(tail).is_some_and(|(i, _)| {
                matches!(doc.index.words()[i].shape, Shape::Capitalised | Shape::Upper)
            });
            next_is_mention || next_is_name
        };
        let mut phrases: Vec<Phrase> = Vec::new();
        for (i, m) in mentions.iter().enumerate() {
            let place = g.entity(m.entity);
            if !matches!(place.entity_type, EntityType::Country | EntityType::Organisation) {
                continue;
            }
            // "the Russian president", "China's president", "the UN secretary-general".
            // Most mentions are followed by no title: one word rules them out.
            let next = doc.index.words_after(text, m.span.end, 1).first();
            let mut found = None;
            if next.is_some_and(|w| {
                with_folded(&text[w.span.range()], |f| self.titles.first_words.contains(f))
            }) {
                let after = doc.folded_after(m.span.end, self.titles.longest);
                let folded: Vec<&str> = after.iter().map(|w| w.folded.as_ref()).collect();
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
            // The cheap tests first: most mentions stop at the first.
            let possessive =
                || ["'s", "\u{2019}s"].iter().any(|p| text[m.span.end..].starts_with(p));
            let of_before = || {
                doc.index.previous_word(text, m.span.start).is_some_and(|i| {
                    ["of", "the"].iter().any(|o| doc.word(i).eq_ignore_ascii_case(o))
                })
            };
            if found.is_none()
                && matches!(m.kind, MentionKind::Name | MentionKind::Abbreviation)
                && !possessive()
                && of_before()
                && of_right_before(doc, m.span.start)
            {
                let mut before = doc.folded_before(m.span.start, self.titles.longest + 2);
                if before.last().is_some_and(|w| w.folded == "the") {
                    before.pop();
                }
                if before.len() >= 2 && before.last().is_some_and(|w| w.folded == "of") {
                    before.pop();
                    let folded: Vec<&str> = before.iter().map(|w| w.folded.as_ref()).collect();
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
            if overlaps(span) || name_follows(tail, mentions.get(i + 1)) {
                continue;
            }
            let holders: Vec<(EntityIndex, usize)> = self.titles.offices[title]
                .iter()
                .filter(|&&(of, _, _)| of == m.entity)
                .map(|&(_, person, o)| (person, o))
                .collect();
            let scope = Scope::Place(m.entity);
            phrases.push(Phrase { span, head, tail, scope, holders });
        }
        // Bare role phrases: "the prime minister", "the Pope". This loop visits
        // every word of the document: most are ruled out by their length alone,
        // and the rest by three byte tests (`b | 0x20` is `t` for `t` and `T`
        // only, and so on), before a slice is compared.
        let words = doc.index.words();
        let bytes = text.as_bytes();
        for k in 1..words.len() {
            let the = words[k - 1].span;
            if the.end - the.start != 3
                || bytes[the.start] | 0x20 != b't'
                || bytes[the.start + 1] | 0x20 != b'h'
                || bytes[the.start + 2] | 0x20 != b'e'
                || bytes[the.end] != b' '
                || the.end + 1 != words[k].span.start
            {
                continue;
            }
            let first = &text[words[k].span.range()];
            let opens = |b: u8| BARE_FIRSTS[usize::from(b)] >> first.len().min(63) & 1 == 1;
            if !opens(bytes[words[k].span.start])
                || !BARE_ROLES.iter().any(|r| r.words[0].eq_ignore_ascii_case(first))
            {
                continue;
            }
            let after = doc.folded_after(the.end, BARE_LONGEST);
            let Some((role, n)) = BARE_ROLES
                .iter()
                .filter(|r| {
                    r.words.len() <= after.len()
                        && r.words.iter().zip(&after).all(|(a, b)| *a == b.folded)
                })
                .map(|r| (r, r.words.len()))
                .max_by_key(|&(_, n)| n)
            else {
                continue;
            };
            let span = Span::new(after[0].span.start, after[n - 1].span.end);
            let rest = &text[span.end..];
            // "the president of the club", "the prime minister of Canada" (a
            // phrase of its own), "the president-elect", "the Prime Minister
            // Boris Johnson".
            let of = rest
                .strip_prefix(' ')
                .is_some_and(|r| r.len() > 3 && r.as_bytes()[..3].eq_ignore_ascii_case(b"of "));
            let compound = rest
                .strip_prefix('-')
                .is_some_and(|r| r.chars().next().is_some_and(char::is_alphabetic));
            let next = mentions.get(mentions.partition_point(|o| o.span.start < span.end));
            if of || compound || overlaps(span) || name_follows(span.end, next) {
                continue;
            }
            let (scope, holders) = self.bare_holders(cx, role);
            phrases.push(Phrase { span, head: the.start, tail: span.end, scope, holders });
        }
        phrases.sort_by_key(|p| p.span);
        for phrase in &phrases {
            if let Some(m) = self.settle(doc, cx, phrase, mentions, decisions) {
                out.push(m);
            }
        }
        out
    }

    /// The holders of the offices a bare role phrase stands for: the home
    /// country's, the subject organisation's, or the one office worldwide.
    fn bare_holders(
        &self,
        cx: &ContextUsed,
        role: &BareRole,
    ) -> (Scope, Vec<(EntityIndex, usize)>) {
        let offices = role.titles.iter().filter_map(|t| self.titles.offices.get(t)).flatten();
        let of = |place: Option<EntityIndex>| -> Vec<(EntityIndex, usize)> {
            offices
                .clone()
                .filter(|&&(of, _, _)| Some(of) == place)
                .map(|&(_, person, o)| (person, o))
                .collect()
        };
        match role.scope {
            BareScope::Home => {
                let home = cx.home();
                (home.map_or(Scope::NoHome, Scope::Home), of(home))
            }
            BareScope::Organisation => {
                (cx.subject.map_or(Scope::NoSubject, Scope::Subject), of(cx.subject))
            }
            BareScope::World => {
                let mut places = offices.clone().map(|&(of, _, _)| of);
                let first = places.next();
                match first {
                    Some(p) if places.all(|o| o == p) => (Scope::World(p), of(Some(p))),
                    _ => (Scope::NotOne, Vec::new()),
                }
            }
        }
    }

    /// Decides what one role phrase names.
    ///
    /// Principle: a role phrase names the holder of its office on the document's
    /// date only when it speaks of the one in office then. It names no one when it
    /// is generic (`whoever becomes the prime minister`, `the president is
    /// elected by parliament`: `generic-role-cues.txt`,
    /// `generic-role-predicates.txt`) or has its own time (`South Africa's
    /// president from 1994 to 1999`, `in 1987 the prime minister`: a year other
    /// than the document's, right before or after it, or opening the sentence). It
    /// names the person an appositive or a predicate names (`X, the prime minister
    /// of Y, said`, `X was the prime minister`: `role-predicate-verbs.txt`),
    /// whoever held the office on the date (the text is evidence for X), and no
    /// one when that person is not in the gazetteer. In past perfect narration
    /// (`the president had ...`) it names the earlier holder the document named
    /// before it. Without a date it names no one, and is counted.
    fn settle(
        &self,
        doc: &Doc<'_>,
        cx: &mut ContextUsed,
        phrase: &Phrase,
        mentions: &[Mention],
        decisions: &mut Vec<Decision>,
    ) -> Option<Mention> {
        let g = &self.gazetteer;
        let text = doc.text;
        let span = phrase.span;
        let words = text[span.range()].trim();
        let explain = self.config.explain;
        let candidates: Vec<EntityIndex> = {
            let mut c: Vec<EntityIndex> = phrase.holders.iter().map(|&(p, _)| p).collect();
            c.dedup();
            c
        };
        let mut decide = |chosen: Option<EntityIndex>, rule: Rule, note: String| {
            if explain {
                decisions.push(Decision {
                    span,
                    candidates: candidates.clone(),
                    chosen,
                    rule,
                    note,
                });
            }
        };
        let date = cx.date();
        let mention = |entity: EntityIndex, rule: Rule, confidence: f32| Mention {
            span,
            entity,
            kind: MentionKind::Role,
            confidence,
            rule,
        };
        match named_beside(g, doc, phrase, mentions) {
            Some(Named::Leader(x)) => {
                let on = date.map(|d| serving_on(g, &phrase.holders, d.last_day()));
                let holds = on.as_ref().is_some_and(|on| on.iter().any(|&(p, _)| p == x));
                let note = if holds || on.is_none() {
                    format!("{words}: names {}, named beside it", g.entity(x).label)
                } else {
                    format!(
                        "{words}: names {}, named beside it, who is not the gazetteer's holder \
                         of that office on {}: the text is evidence that they hold it",
                        g.entity(x).label,
                        date.map(|d| d.to_string()).unwrap_or_default()
                    )
                };
                decide(Some(x), Rule::Appositive, note);
                return Some(mention(x, Rule::Appositive, APPOSITIVE_ROLE_CONFIDENCE));
            }
            Some(Named::Outsider(name)) => {
                decide(
                    None,
                    Rule::Appositive,
                    format!(
                        "{words}: names {name}, named beside it, who is not in the gazetteer \
                         (evidence of who held the office, but no entity to link)"
                    ),
                );
                return None;
            }
            None => {}
        }
        if let Some(why) = self.generic(doc, phrase, date) {
            decide(None, Rule::NotTheHolder, why);
            return None;
        }
        let (place, confidence) = match phrase.scope {
            Scope::Place(p) => (p, PLACE_ROLE_CONFIDENCE),
            Scope::World(p) => (p, WORLD_ROLE_CONFIDENCE),
            Scope::Subject(p) => (p, SUBJECT_ROLE_CONFIDENCE),
            Scope::Home(p) => match cx.home {
                Some((_, ContextSource::Given)) => (p, HOME_ROLE_CONFIDENCE),
                _ => (p, INFERRED_HOME_ROLE_CONFIDENCE),
            },
            Scope::NoHome => {
                decide(None, Rule::NoHome, format!("{words}: the document has no home country"));
                return None;
            }
            Scope::NoSubject => {
                let note = format!("{words}: no organisation dominates the document");
                decide(None, Rule::NoHome, note);
                return None;
            }
            Scope::NotOne => return None,
        };
        if phrase.holders.is_empty() {
            return None;
        }
        let label = &g.entity(place).label;
        let Some(date) = date else {
            cx.undated_roles += 1;
            decide(
                None,
                Rule::NoDate,
                format!(
                    "{words} of {label}: the document has no date (give --date or --date-field)"
                ),
            );
            return None;
        };
        // A date known to the year or month only stands for its last day: the
        // holder at the end of that year.
        let day = date.last_day();
        let how = if date == day { format!("on {date}") } else { format!("at the end of {date}") };
        if let Some((earlier, end)) = past_perfect(g, doc, phrase, day, mentions) {
            let note = format!(
                "{words} of {label}: past perfect narration about {}, named before, who held \
                 the office until {end}",
                g.entity(earlier).label
            );
            decide(Some(earlier), Rule::Role, note);
            return Some(mention(earlier, Rule::Role, PAST_PERFECT_ROLE_CONFIDENCE));
        }
        // An acting holder, on the days one serves, rather than the holder whose
        // term the acting one interrupts.
        let on = serving_on(g, &phrase.holders, day);
        match on.as_slice() {
            &[(one, o)] => {
                let home = match phrase.scope {
                    Scope::Home(_) => format!(", the home country ({})", {
                        cx.home.map_or("", |(_, s)| s.as_str())
                    }),
                    Scope::Subject(_) => ", the organisation the document is about".into(),
                    _ => String::new(),
                };
                let note = format!(
                    "{}{words} of {label}{home} {how}",
                    if g.entity(one).offices[o].acting { "acting " } else { "" },
                );
                decide(Some(one), Rule::Role, note);
                Some(mention(one, Rule::Role, confidence))
            }
            _ => {
                decide(None, Rule::Tie, format!("{} holders of that office {how}", on.len()));
                None
            }
        }
    }

    /// Why a role phrase is generic or has its own time, if it is (see
    /// [`Resolver::settle`]).
    fn generic(&self, doc: &Doc<'_>, phrase: &Phrase, date: Option<Date>) -> Option<String> {
        let text = doc.text;
        let index = doc.index;
        let sentence = index.sentence_at(phrase.head).map(|s| index.sentences()[s].span);
        let sentence = sentence.unwrap_or(Span::new(0, text.len()));
        // "whoever becomes the prime minister": a cue earlier in the clause.
        let clause_start = text[sentence.start..phrase.head]
            .rfind([',', ';', ':'])
            .map_or(sentence.start, |i| sentence.start + i + 1);
        let before = &index.words()
            [index.words_before_len(clause_start)..index.words_before_len(phrase.head)];
        if let Some(w) =
            before.iter().find(|w| GENERIC_ROLE_CUES.contains_folded(&text[w.span.range()]))
        {
            return Some(format!(
                "generic: {:?} before it speaks of any holder",
                &text[w.span.range()]
            ));
        }
        // "the president is elected by parliament": the office, not its holder.
        let after: Vec<String> =
            doc.folded_after(phrase.tail, 6).into_iter().map(|w| w.folded.into_owned()).collect();
        if let Some(p) = GENERIC_ROLE_PREDICATES
            .iter()
            .find(|p| p.len() <= after.len() && p.iter().zip(&after).all(|(a, b)| a == b))
        {
            return Some(format!("generic: {:?} after it describes the office", p.join(" ")));
        }
        // Its own year: "from 1994 to 1999", "in 1987", "(1994–1999)" right after
        // it, "in 1987 the prime minister" right before it, or a sentence that
        // opens with "In 1987,".
        let other_year = |w: &crate::text::Word| -> Option<i32> {
            let s = &text[w.span.range()];
            let digits = s.strip_suffix('s').unwrap_or(s);
            crate::text::year(digits).filter(|&y| date.is_none_or(|d| d.year() != y))
        };
        // A cue right before the year, or before its month ("in March 1987").
        let cue_at = |p: usize, i: usize| {
            let w = &index.words()[p];
            OWN_YEAR_CUES.contains(&text[w.span.range()].to_ascii_lowercase().as_str())
                && text[w.span.end..index.words()[i].span.start].trim().is_empty()
        };
        let cue = |i: usize| {
            let month = |p: usize| context::month(&text[index.words()[p].span.range()]).is_some();
            i.checked_sub(1).is_some_and(|p| {
                cue_at(p, i) || (month(p) && p.checked_sub(1).is_some_and(|q| cue_at(q, p)))
            }) || text[..index.words()[i].span.start].trim_end().ends_with('(')
        };
        let first_after = index.words_before_len(phrase.tail);
        let last_before = index.words_before_len(phrase.head);
        let near = (first_after..(first_after + 3).min(index.words().len()))
            .chain(last_before.saturating_sub(3)..last_before);
        // Within the phrase's clause: "the president, elected in 2012," is
        // today's.
        let clause_end = text[phrase.tail..sentence.end.max(phrase.tail)]
            .find([',', ';'])
            .map_or(sentence.end, |i| phrase.tail + i);
        for i in near {
            let w = &index.words()[i];
            if w.span.start >= clause_end.min(sentence.end) || w.span.end <= clause_start {
                continue;
            }
            if let Some(y) = other_year(w)
                && cue(i)
            {
                return Some(format!("its own time: {y}, not the document's date"));
            }
        }
        // "In 1987, ...": the first words of the sentence, a cue, a month perhaps,
        // a year and a comma.
        let first = index.words_before_len(sentence.start);
        for i in first + 1..(first + 3).min(last_before) {
            let w = &index.words()[i];
            if let Some(y) = other_year(w)
                && cue(i)
                && text[w.span.end..].starts_with(',')
            {
                return Some(format!("its own time: the sentence opens with {y}"));
            }
        }
        None
    }
}

/// How sure a role phrase is right, by how it was resolved.
/// After a country or organisation (`the Russian president`), on the date.
const PLACE_ROLE_CONFIDENCE: f32 = 0.8;
/// One office worldwide (`the Pope`), on the date.
const WORLD_ROLE_CONFIDENCE: f32 = 0.8;
/// A bare phrase (`the prime minister`) in a document whose home was given.
const HOME_ROLE_CONFIDENCE: f32 = 0.7;
/// A bare phrase in a document whose home was inferred from its mentions.
const INFERRED_HOME_ROLE_CONFIDENCE: f32 = 0.6;
/// `the secretary-general` of the organisation the document is about.
const SUBJECT_ROLE_CONFIDENCE: f32 = 0.65;
/// A phrase that an appositive or a predicate ties to a named person.
const APPOSITIVE_ROLE_CONFIDENCE: f32 = 0.85;
/// A phrase in past perfect narration, resolved to the earlier holder named before.
const PAST_PERFECT_ROLE_CONFIDENCE: f32 = 0.6;

/// Whose office a role phrase speaks of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scope {
    /// The country or organisation named in the phrase.
    Place(EntityIndex),
    /// The document's home country (a bare phrase).
    Home(EntityIndex),
    /// The organisation the document is about (`the secretary-general`).
    Subject(EntityIndex),
    /// The one place that has an office of that title (`the Pope`).
    World(EntityIndex),
    /// A bare phrase in a document without a home country.
    NoHome,
    /// `the secretary-general` in a document that no organisation dominates.
    NoSubject,
    /// A worldwide title that several places use.
    NotOne,
}

/// A role phrase found in the text.
pub(super) struct Phrase {
    /// The title words (`president`, `prime minister`).
    pub span: Span,
    /// Where the whole phrase starts (the place in `the Russian president`, the
    /// article in `the prime minister`) and ends.
    pub head: usize,
    pub tail: usize,
    pub scope: Scope,
    /// Every term of the offices it may name: `(holder, office index)`.
    pub holders: Vec<(EntityIndex, usize)>,
}

/// Where a bare role phrase looks for its office.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BareScope {
    Home,
    Organisation,
    World,
}

/// A bare role phrase of `gazetteers/words/en/bare-roles.txt`.
#[derive(Debug)]
pub(super) struct BareRole {
    scope: BareScope,
    /// Its words, folded.
    words: Vec<String>,
    /// The folded titles of the offices it stands for.
    titles: Vec<String>,
}

/// Splits a phrase of a word list into folded words (a hyphen counts as a space).
fn phrase_words(phrase: &str) -> Vec<String> {
    phrase.split([' ', '-']).filter(|w| !w.is_empty()).map(|w| fold(w, true)).collect()
}

/// The bare role phrases, from `gazetteers/words/en/bare-roles.txt`.
static BARE_ROLES: LazyLock<Vec<BareRole>> = LazyLock::new(|| {
    include_str!("../../gazetteers/words/en/bare-roles.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.split('|').map(str::trim);
            let scope = match parts.next() {
                Some("home") => BareScope::Home,
                Some("organisation") => BareScope::Organisation,
                Some("world") => BareScope::World,
                other => panic!("bare-roles.txt: unknown scope {other:?}"),
            };
            let words = phrase_words(parts.next().expect("bare-roles.txt: a phrase"));
            let titles = parts
                .next()
                .expect("bare-roles.txt: titles")
                .split(',')
                .map(|t| fold(t.trim(), true))
                .collect();
            BareRole { scope, words, titles }
        })
        .collect()
});

/// The longest bare role phrase, in words.
const BARE_LONGEST: usize = 3;

/// By first byte (in either case), a bit per length (63: longer) of the first
/// words of the bare role phrases: most words after `the` are ruled out by one
/// bit test before they are compared with each phrase.
static BARE_FIRSTS: LazyLock<[u64; 256]> = LazyLock::new(|| {
    let mut firsts = [0u64; 256];
    for r in BARE_ROLES.iter() {
        let word = r.words[0].as_bytes();
        for b in [word[0].to_ascii_lowercase(), word[0].to_ascii_uppercase()] {
            firsts[usize::from(b)] |= 1 << word.len().min(63);
        }
    }
    firsts
});

/// Reads a list of phrases, one a line, into folded words.
fn phrases(file: &'static str) -> Vec<Vec<String>> {
    file.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(phrase_words)
        .collect()
}

/// Words that, earlier in a role phrase's clause, make it generic.
static GENERIC_ROLE_CUES: LazyLock<WordList> = LazyLock::new(|| {
    WordList::parse(include_str!("../../gazetteers/words/en/generic-role-cues.txt"))
});

/// Words after a role phrase that describe the office, not its holder.
static GENERIC_ROLE_PREDICATES: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    phrases(include_str!("../../gazetteers/words/en/generic-role-predicates.txt"))
});

/// Verbs that make a role phrase a predicate of the person before them.
static ROLE_PREDICATE_VERBS: LazyLock<Vec<Vec<String>>> =
    LazyLock::new(|| phrases(include_str!("../../gazetteers/words/en/role-predicate-verbs.txt")));

/// Words before a year that tie a role phrase beside it to that year (`from
/// 1994`, `in 1987`); not `since`, whose span runs to the present.
const OWN_YEAR_CUES: [&str; 8] =
    ["from", "in", "between", "until", "till", "during", "through", "to"];

/// The person an appositive or a predicate names beside a role phrase.
pub(super) enum Named {
    /// A leader of the gazetteer (`Putin, the Russian president,`).
    Leader(EntityIndex),
    /// A person-shaped name that is not in the gazetteer (`John Smith, the prime
    /// minister,`).
    Outsider(String),
}

/// The person named beside `phrase`: before a comma that opens it when a comma or
/// the end of the sentence closes it (`X, the prime minister of Y, said`), or
/// before a verb of being (`X is the prime minister`, `X, who was the
/// president`).
fn named_beside(
    g: &Gazetteer,
    doc: &Doc<'_>,
    phrase: &Phrase,
    mentions: &[Mention],
) -> Option<Named> {
    let text = doc.text;
    let mut start = phrase.head;
    if let Some((i, w, false)) = doc.word_before(start)
        && w.eq_ignore_ascii_case("the")
    {
        start = doc.index.words()[i].span.start;
    }
    let head = text[..start].trim_end();
    let end = if let Some(h) = head.strip_suffix(',') {
        // An appositive is closed by a comma or ends the sentence.
        let rest = text[phrase.tail..].trim_start();
        // ... or by a comma after a short prepositional phrase ("from 1994 to
        // 1999,", "of the ruling party,").
        let closing = [',', '.', ';', ':', ')', '"', '\u{201d}', '\u{2014}'];
        let closed = rest.is_empty()
            || rest.starts_with(closing)
            || rest.find(closing).is_some_and(|end| {
                // The words of the text layer up to the closing mark.
                let from = text.len() - rest.len();
                let index = doc.index;
                let words = &index.words()
                    [index.words_before_len(from)..index.words_before_len(from + end)];
                words.len() <= 6
                    && words.first().is_some_and(|w| {
                        let w = &text[w.span.range()];
                        w.starts_with(|c: char| c.is_lowercase()) && FUNCTION_WORDS.contains(w)
                    })
            });
        if !closed {
            return None;
        }
        h.trim_end().len()
    } else {
        let before = doc.folded_before(start, 3);
        let folded: Vec<&str> = before.iter().map(|w| w.folded.as_ref()).collect();
        let verb = ROLE_PREDICATE_VERBS
            .iter()
            .filter(|v| v.len() <= folded.len() && folded[folded.len() - v.len()..] == v[..])
            .max_by_key(|v| v.len())?;
        let mut h = text[..before[before.len() - verb.len()].span.start].trim_end();
        // "X, who was the president".
        if let Some(r) = h.strip_suffix("who")
            && r.ends_with([' ', ','])
        {
            h = r.trim_end().strip_suffix(',').unwrap_or(r).trim_end();
        }
        h.len()
    };
    let k = mentions.partition_point(|m| m.span.end < end);
    if let Some(m) = mentions.get(k).filter(|m| m.span.end == end) {
        return (g.entity(m.entity).entity_type == EntityType::Leader)
            .then_some(Named::Leader(m.entity));
    }
    // A person-shaped name: two capitalised words or more, not after a
    // preposition ("In New York, the president said").
    let words = doc.index.words_before(text, end, 5);
    let is_name = |w: &crate::text::Word| {
        let s = &text[w.span.range()];
        w.shape == Shape::Capitalised
            && !FUNCTION_WORDS.contains_folded(s)
            && !NOT_NAMES.contains(s)
    };
    let n = words.iter().rev().take_while(|w| is_name(w)).count();
    if n < 2 || words.last().is_none_or(|w| w.span.end != end) {
        return None;
    }
    let chunk = &words[words.len() - n..];
    if words.len() > n
        && FUNCTION_WORDS.contains_folded(&text[words[words.len() - n - 1].span.range()])
    {
        return None;
    }
    let span = Span::new(chunk[0].span.start, end);
    if mentions.iter().any(|m| m.span.start < span.end && span.start < m.span.end) {
        return None;
    }
    Some(Named::Outsider(text[span.range()].to_string()))
}

/// The earlier holder a role phrase in past perfect narration names (`the
/// president had ...`): the nearest leader named before it who held the office
/// and left it before `day`; with the day their term ended.
fn past_perfect(
    g: &Gazetteer,
    doc: &Doc<'_>,
    phrase: &Phrase,
    day: Date,
    mentions: &[Mention],
) -> Option<(EntityIndex, Date)> {
    if doc.folded_after(phrase.tail, 1).first()?.folded != "had" {
        return None;
    }
    let k = mentions.partition_point(|m| m.span.end <= phrase.head);
    let office = |&(p, o): &(EntityIndex, usize)| &g.entity(p).offices[o];
    for m in mentions[..k].iter().rev() {
        let terms: Vec<&(EntityIndex, usize)> =
            phrase.holders.iter().filter(|(p, _)| *p == m.entity).collect();
        if terms.is_empty() {
            continue;
        }
        if terms.iter().any(|t| office(t).is_held_on(day)) {
            return None;
        }
        let end = terms.iter().filter_map(|t| office(t).end).filter(|&e| e <= day).max()?;
        return Some((m.entity, end));
    }
    None
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
