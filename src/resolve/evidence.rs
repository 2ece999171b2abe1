//! Evidence gathered document-wide before any decision: the entities named for
//! sure, the people introduced by their full name, how many entities of each type
//! the document names, its date.
//!
//! A decision asks this evidence and never depends on the order in which matches
//! are visited.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::chunks::Doc;
use crate::gazetteer::{AliasKind, Date, Entity, EntityIndex, EntityType};
use crate::normalize::fold;

/// The document-wide evidence of the second pass.
pub(super) struct Evidence<'a> {
    pub doc: Doc<'a>,
    pub date: Option<Date>,
    /// Entities named by an unambiguous alias.
    pub certain: &'a HashSet<EntityIndex>,
    /// `(person, position)` of every full-name mention of a person, sorted.
    pub introduced: &'a [(EntityIndex, usize)],
    /// How many entities of each type are named for sure.
    pub by_type: &'a HashMap<&'a EntityType, usize>,
    /// Whether the document names a person by a title and a surname (`Mr Putin`).
    pub titled: bool,
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
    let word = fold(word, true);
    entity
        .aliases
        .iter()
        .any(|a| a.kind == AliasKind::Name && fold(&a.text, true).split(' ').any(|w| w == word))
}

#[cfg(test)]
mod tests {
    use super::*;

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
