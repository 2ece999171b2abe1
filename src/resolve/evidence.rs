//! Evidence gathered document-wide before any decision: the entities named for
//! sure, the people introduced by their full name, how many entities of each type
//! the document names, its date.
//!
//! A decision asks this evidence and never depends on the order in which matches
//! are visited.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::OnceCell;

use super::chunks::{Doc, given_name_before, with_folded};
use super::codes::regnal_number_after;
use super::roles::TitleWords;
use super::{Accepted, Resolver};
use crate::gazetteer::{AliasKind, Date, Entity, EntityIndex, EntityType};
use crate::matcher::Match;
use crate::normalize::fold;
use crate::span::Span;
use crate::text::Shape;

/// The document-wide evidence of the second pass.
pub(super) struct Evidence<'a> {
    pub doc: Doc<'a>,
    pub date: Option<Date>,
    /// Entities named by an unambiguous alias.
    pub certain: &'a HashSet<EntityIndex>,
    /// `(person, position)` of every full-name mention of a person, sorted.
    pub introduced: &'a [(EntityIndex, usize)],
    /// The span of the full name at each position of `introduced`, gathered only
    /// for `--explain` (introductions by a title are not there).
    pub names_at: &'a HashMap<usize, Span>,
    /// How many entities of each type are named for sure.
    pub by_type: &'a HashMap<&'a EntityType, usize>,
    /// The people the document introduces, in the gazetteer or not.
    pub people: &'a People,
    /// The words the document writes in lower case, gathered when first asked.
    pub lower: OnceCell<HashSet<&'a str>>,
}

impl Evidence<'_> {
    /// How the introduction at `pos` reads, for `--explain`: the full name, or
    /// the title and surname.
    pub fn introduction_note(&self, pos: usize) -> String {
        match self.names_at.get(&pos) {
            Some(s) => format!("named in full as {:?} at byte {pos}", &self.doc.text[s.range()]),
            None => format!("introduced by a title and surname at byte {pos}"),
        }
    }

    /// True when the document writes `word` in lower case somewhere.
    pub fn written_in_lower_case(&self, word: &str) -> bool {
        let lower = self.lower.get_or_init(|| {
            self.doc
                .index
                .words()
                .iter()
                .filter(|w| w.shape == Shape::Lower)
                .map(|w| &self.doc.text[w.span.range()])
                .collect()
        });
        lower.contains(word.to_lowercase().as_str())
    }
}

/// The people a document introduces, gathered before any decision so that no
/// verdict depends on the order of the matches.
///
/// Principle: a bare surname, or a personal title and a surname, refers to a
/// person the document introduced with that surname, whoever it is. A
/// person is introduced by a full name in the gazetteer (kept apart, in
/// [`Evidence::introduced`]), by an office title and a surname that one holder of
/// the title carries (`President Obama`: later `Mr Obama` is the same man), or by
/// a person-shaped name that is not in the gazetteer: another given name before a
/// leader's surname (`Ted Kennedy`, `Hunter Biden`) or a leader's name followed by
/// a regnal number that is not theirs (`Napoleon III`), middle initials allowed
/// between the two (`Robert F. Kennedy`). A surname in a document that introduces
/// such an outsider, and never the leader, names no leader; where both are
/// introduced the leader keeps it when named before the surname, since news names
/// relatives in full (`Donald Trump ... Ivanka Trump ... Trump said`), and the
/// outsider keeps it otherwise (see [`refers_to_outsider`]).
#[derive(Debug, Default)]
pub(super) struct People {
    /// `(folded surname, position, span of the whole name)` of the people
    /// introduced who are not in the gazetteer, sorted.
    outsiders: Vec<(String, usize, Span)>,
    /// `(person, position)` of leaders named by a full name of two words or more.
    named: Vec<(EntityIndex, usize)>,
    /// `(person, position)` of leaders introduced by an office title and their
    /// surname.
    pub titled: Vec<(EntityIndex, usize)>,
    /// Whether any surname in the document follows a title (`Mr Putin`, `President
    /// Moon`): the document speaks of people.
    pub any_title: bool,
    /// `(position, title before it)` of the surnames looked at, in text order:
    /// the title is read once, here, and again by no later pass.
    titles: Vec<(usize, Option<TitleWords>)>,
}

impl People {
    /// The position of the nearest outsider introduced with the surname at `span`
    /// (the nearest before it, else the first after), other than at `span` itself.
    pub fn outsider(&self, text: &str, span: Span) -> Option<usize> {
        if self.outsiders.is_empty() {
            return None;
        }
        let theirs = with_folded(&text[span.range()], |key| {
            let first = self.outsiders.partition_point(|(k, _, _)| k.as_str() < key);
            let end = self.outsiders.partition_point(|(k, _, _)| k.as_str() <= key);
            &self.outsiders[first..end]
        });
        let i = theirs.partition_point(|&(_, p, _)| p < span.start);
        match i.checked_sub(1) {
            Some(before) => Some(theirs[before].1),
            None => theirs.iter().map(|&(_, p, _)| p).find(|&p| p > span.start),
        }
    }

    /// The leader other than `except` that a one-word name at `pos` refers to: the
    /// nearest one named in full whose name holds the word (`Napoleon III ...
    /// Napoleon`), unless `except` is named in full nearer.
    pub fn bearer(
        &self,
        g: &crate::gazetteer::Gazetteer,
        word: &str,
        pos: usize,
        except: EntityIndex,
    ) -> Option<EntityIndex> {
        let near = |p: usize| (p > pos, p.abs_diff(pos));
        let own = self.named.iter().filter(|&&(e, _)| e == except).map(|&(_, p)| near(p)).min();
        let (other, at) = self
            .named
            .iter()
            .filter(|&&(e, _)| e != except && is_own_name(g.entity(e), word))
            .map(|&(e, p)| (e, near(p)))
            .min_by_key(|&(_, n)| n)?;
        own.is_none_or(|o| at < o).then_some(other)
    }

    /// The title before the surname at `pos`, when it was read while gathering
    /// (`Some(None)`: there is none).
    pub fn title_before(&self, pos: usize) -> Option<Option<&TitleWords>> {
        let i = self.titles.binary_search_by_key(&pos, |&(p, _)| p).ok()?;
        Some(self.titles[i].1.as_ref())
    }

    /// The whole name of the outsider whose surname is at `pos`.
    pub fn outsider_name(&self, pos: usize) -> std::ops::Range<usize> {
        self.outsiders.iter().find(|o| o.1 == pos).map_or(pos..pos, |o| o.2.range())
    }
}

impl Resolver {
    /// Gathers the people `matches` introduce; see [`People`].
    pub(super) fn people(
        &self,
        doc: &Doc<'_>,
        accepted: &Accepted<'_>,
        matches: &[Match],
        date: Option<Date>,
    ) -> People {
        let g = &self.gazetteer;
        let mut people = People::default();
        for (i, m) in matches.iter().enumerate().filter(|(_, m)| !m.ignored) {
            let mut cands = accepted.of(i).iter().copied().peekable();
            let Some(first) = cands.peek().map(|c| (c.entity, c.kind)) else { continue };
            let mut surnames = Vec::new();
            let mut single = true;
            for c in cands {
                single &= c.entity == first.0;
                if c.kind == AliasKind::Surname {
                    surnames.push(c.entity);
                }
            }
            // "Napoleon III": a leader's name with a regnal number of another ruler.
            if single
                && first.1 == AliasKind::Name
                && g.entity(first.0).entity_type == EntityType::Leader
                && regnal_number_after(doc, m.span.end)
            {
                let end = doc
                    .word_after(m.span.end)
                    .map_or(m.span.end, |(i, _)| doc.index.words()[i].span.end);
                let key = fold(&doc.text[m.span.range()], true);
                people.outsiders.push((key, m.span.start, Span::new(m.span.start, end)));
                continue;
            }
            if single
                && first.1 == AliasKind::Name
                && g.entity(first.0).entity_type == EntityType::Leader
                && doc.text[m.span.range()].contains(' ')
            {
                people.named.push((first.0, m.span.start));
            }
            if surnames.is_empty() {
                continue;
            }
            let title = self.title_before(doc, m.span.start);
            let titled = title.is_some();
            if let Some(t) = &title {
                people.any_title = true;
                if let Some(office) = t.office.as_deref() {
                    let mut holders = surnames.iter().filter(|&&p| {
                        g.entity(p).offices.iter().any(|o| {
                            fold(&o.title, true) == office
                                && date.is_none_or(|d| o.is_held_during(d))
                        })
                    });
                    if let (Some(&one), None) = (holders.next(), holders.next()) {
                        people.titled.push((one, m.span.start));
                    }
                }
            }
            people.titles.push((m.span.start, title));
            if titled {
                continue;
            }
            if let Some((i, given)) = given_name_before(doc, m.span.start)
                && !surnames.iter().any(|&p| is_own_name(g.entity(p), given))
            {
                let key = fold(&doc.text[m.span.range()], true);
                let name = Span::new(doc.index.words()[i].span.start, m.span.end);
                people.outsiders.push((key, m.span.start, name));
            }
        }
        people.outsiders.sort_unstable_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        people
    }
}

/// Whether a surname at `pos` refers to the outsider introduced at `outsider`
/// rather than to the leader introduced at `leader` (each the nearest
/// introduction before `pos`, else the first after).
///
/// Principle: a bare surname continues the chain of the person last introduced
/// with it, and news names a relative in full each time it turns to them
/// (`Donald Trump ... Ivanka Trump ... Trump said`): so a leader named in full
/// before the surname keeps it. A surname that no introduction of the leader
/// precedes belongs to the outsider when the outsider was introduced before it,
/// or, where nobody was yet, when the outsider is introduced first (`Robert F.
/// Kennedy ... Senator Kennedy ... the brother of President John F. Kennedy`).
pub(super) fn refers_to_outsider(leader: Option<usize>, outsider: usize, pos: usize) -> bool {
    match leader {
        None => true,
        Some(l) if l < pos => false,
        Some(l) => outsider < pos || outsider < l,
    }
}

/// Where `person` was named in full: the nearest position before `pos`, else the
/// first after it.
pub(super) fn introduction(
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
pub(super) fn is_own_name(entity: &Entity, word: &str) -> bool {
    with_folded(word, |word| {
        entity
            .aliases
            .iter()
            .any(|a| a.kind == AliasKind::Name && a.folded().split(' ').any(|w| w == word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surnames_follow_the_person_introduced_before_them() {
        // Leader named before the surname: the leader keeps it.
        assert!(!refers_to_outsider(Some(10), 50, 80));
        assert!(!refers_to_outsider(Some(60), 50, 80));
        // Only the outsider named before it.
        assert!(refers_to_outsider(Some(200), 50, 80));
        // Nobody named before it: whoever is named first after.
        assert!(refers_to_outsider(Some(200), 100, 80));
        assert!(!refers_to_outsider(Some(100), 200, 80));
        // The leader never named in full.
        assert!(refers_to_outsider(None, 200, 80));
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
}
