//! Abbreviations that need the document's support, and abbreviations the
//! document defines.
//!
//! Takes the matches of abbreviations that collide with a common other use, the
//! mentions kept so far and the brackets of the document, and gives the
//! abbreviations' mentions, or drops them.
//!
//! Principle: a short capitalised string is a name only when nothing else it
//! could be is likely. The abbreviations of 2 to 4 letters that English news
//! also writes for a common word in capitals, a unit, a ticker or another body
//! (`CAR`, `AU`, `ICC`: `gazetteers/words/en/colliding-abbreviations.txt`, each
//! with its other use) name the entity only when the document
//!
//! - defines them: a mention of the entity right before the abbreviation in
//!   brackets (`the Central African Republic (CAR)`), or
//! - names the entity otherwise (`Central African Republic` ... `CAR`);
//!
//! when several entities share the abbreviation, the one defined or named wins.
//! Any abbreviation in brackets right after a company's name (`Acme Motor Corp
//! (CAR)`: a word of `company-suffixes.txt` before the bracket) is that
//! company's. A definition holds from where it is made to the next one (uses
//! before the first definition follow it), so a document that defines an
//! abbreviation twice is read as it was written.
//!
//! Two places show the other use whatever the document defines: right after a
//! number, a colliding abbreviation is a unit (`1.5 AU`), and in an all-caps
//! line it is the common word in capitals (`NEW CAR SALES JUMP`).

use std::sync::LazyLock;

use super::chunks::Doc;
use super::{Mention, MentionKind};
use crate::gazetteer::EntityIndex;
use crate::span::Span;
use crate::text::WordList;

/// The abbreviations that collide with a common other use, sorted.
static COLLIDING: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let file = include_str!("../../gazetteers/words/en/colliding-abbreviations.txt");
    let mut words: Vec<&'static str> = file
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .collect();
    words.sort_unstable();
    words
});

static COMPANY_SUFFIXES: LazyLock<WordList> = LazyLock::new(|| {
    WordList::parse(include_str!("../../gazetteers/words/en/company-suffixes.txt"))
});

/// True when the abbreviation `text` (as written; dots are ignored) collides
/// with a common other use.
pub(super) fn collides(text: &str) -> bool {
    if text.len() > 8 {
        return false;
    }
    let letters: String = text.chars().filter(|&c| c != '.').collect();
    COLLIDING.binary_search(&letters.as_str()).is_ok()
}

/// What a document says an abbreviation in brackets stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Definition {
    /// The entity mentioned right before the bracket.
    Entity(EntityIndex),
    /// A company named right before the bracket.
    Company,
}

/// The words of the document alone in brackets (`(CAR)`), in text order.
pub(super) fn bracketed(doc: &Doc<'_>) -> Vec<Span> {
    let bytes = doc.text.as_bytes();
    let words = doc.index.words();
    memchr::memchr_iter(b'(', bytes)
        .filter_map(|open| doc.index.word_at(open + 1))
        .map(|i| words[i].span)
        .filter(|s| bytes.get(s.end) == Some(&b')'))
        .collect()
}

/// The definitions the document gives of the abbreviation `abbr`: every
/// `(ABBR)` (among the `bracketed` words) with a mention of an entity
/// (`mentions`) or a company's name right before it.
pub(super) fn definitions(
    doc: &Doc<'_>,
    bracketed: &[Span],
    mentions: &[Mention],
    abbr: &str,
) -> Vec<(usize, Definition)> {
    let mut out = Vec::new();
    for &s in bracketed {
        if &doc.text[s.range()] != abbr {
            continue;
        }
        let open = s.start - 1;
        let before = doc.text[..open].trim_end_matches(' ').len();
        let by_mention = mentions
            .iter()
            .find(|m| m.span.end == before && m.span != s && m.kind != MentionKind::InName)
            .map(|m| Definition::Entity(m.entity));
        let by_company = || {
            let i = doc.index.last_word_before(before)?;
            let w = doc.index.words()[i].span;
            (w.end == before && COMPANY_SUFFIXES.contains(&doc.text[w.range()]))
                .then_some(Definition::Company)
        };
        if let Some(d) = by_mention.or_else(by_company) {
            out.push((s.start, d));
        }
    }
    out
}

/// The definition that holds at `pos`: the last one made at or before it, or
/// else the first one.
pub(super) fn holding(definitions: &[(usize, Definition)], pos: usize) -> Option<Definition> {
    let i = definitions.partition_point(|&(at, _)| at <= pos);
    definitions.get(i.saturating_sub(1)).map(|&(_, d)| d)
}

/// The verdict on a colliding abbreviation whose candidates are `entities`,
/// under the definition that holds where it stands: the entity it names and
/// why, or `None` and why not.
pub(super) fn verdict(
    definition: Option<Definition>,
    spelled_out: impl Fn(EntityIndex) -> Option<Span>,
    entities: &[EntityIndex],
) -> (Option<EntityIndex>, Why) {
    match definition {
        Some(Definition::Entity(e)) if entities.contains(&e) => return (Some(e), Why::Defined),
        Some(Definition::Company) => return (None, Why::Company),
        _ => {}
    }
    let named: Vec<(EntityIndex, Span)> =
        entities.iter().filter_map(|&e| spelled_out(e).map(|s| (e, s))).collect();
    match named.as_slice() {
        [(e, at)] => (Some(*e), Why::SpelledOut(*at)),
        [] => (None, Why::Undefined),
        _ => (None, Why::Several),
    }
}

/// Why a colliding abbreviation was kept or dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Why {
    /// The document defines it as the entity's.
    Defined,
    /// The document names the entity otherwise, here.
    SpelledOut(Span),
    /// The document defines it as a company's.
    Company,
    /// The document neither defines it nor names the entity.
    Undefined,
    /// Right after a number: a unit.
    Unit,
    /// In an all-caps line: the common word in capitals.
    Caps,
    /// The document names several of its entities.
    Several,
}

impl Why {
    /// The note for `--explain`.
    pub(super) fn note(self) -> String {
        match self {
            Why::Defined => {
                "an abbreviation with another common use, defined in the document".into()
            }
            Why::SpelledOut(at) => format!(
                "an abbreviation with another common use; the entity is named at byte {}",
                at.start
            ),
            Why::Company => "the document defines it as a company's abbreviation".into(),
            Why::Undefined => {
                "an abbreviation with another common use, neither defined nor spelled out".into()
            }
            Why::Several => "an abbreviation of several entities the document names".into(),
            Why::Unit => "an abbreviation with another common use after a number: a unit".into(),
            Why::Caps => "an abbreviation with another common use in an all-caps line".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextIndex;

    #[test]
    fn the_list_holds_short_capitals_with_their_other_use() {
        assert!(collides("CAR") && collides("AU") && collides("A.U."));
        assert!(!collides("NATO") && !collides("UN") && !collides("Car"));
        let file = include_str!("../../gazetteers/words/en/colliding-abbreviations.txt");
        for line in file.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let (abbr, use_) = line.split_once('#').expect("every entry says its other use");
            let abbr = abbr.trim();
            assert!((2..=4).contains(&abbr.len()), "{abbr}");
            assert!(abbr.chars().all(|c| c.is_ascii_uppercase()), "{abbr}");
            assert!(!use_.trim().is_empty(), "{abbr}");
        }
    }

    #[test]
    fn a_company_suffix_before_the_bracket_defines_it_as_the_company_s() {
        let text = "Shares of Carvel Motor Corp (CAR) fell; CAR said little.";
        let index = TextIndex::new(text);
        let doc = Doc { text, index: &index };
        let b = bracketed(&doc);
        assert_eq!(definitions(&doc, &b, &[], "CAR"), [(29, Definition::Company)]);
        assert!(definitions(&doc, &b, &[], "AU").is_empty());
    }
}
