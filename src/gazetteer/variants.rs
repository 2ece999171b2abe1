//! Alias variants: the forms of a leader's full name that news writes, generated
//! from the names the gazetteer lists instead of typed by hand.
//!
//! Built once, after validation: [`add`] takes the entities and gives each leader
//! the variants of its names that no other entity has:
//!
//! - a middle initial written with or without its dot (`John F. Kennedy`, `John F
//!   Kennedy`), and left out (`George H. W. Bush` → `George Bush`) where that stays
//!   unambiguous: a variant two people would share is given to neither, and one
//!   that is already an alias of anyone is left alone;
//! - a romanised given name written with a hyphen or joined (`Mao Tse-tung`, `Mao
//!   Tsetung`; `Deng Hsiao-ping`, `Deng Hsiaoping`): the hyphen already matches a
//!   space, since folding makes them alike.
//!
//! - an organisation's name that opens with its parent's abbreviation, written
//!   with the parent's name instead (`UN Food and Agriculture Organization` →
//!   `United Nations Food and Agriculture Organization`), so that the whole name
//!   is one match of the part and not a match of the parent inside it.
//!
//! Possessives need no variant: the matcher takes a name before `'s` (`the U.N.'s
//! envoy`). Title abbreviations (`Pres.`, `Gen`) belong to office titles, and the
//! resolver derives them there.

use rustc_hash::FxHashMap as HashMap;

use super::{Alias, AliasKind, Entity, EntityType};
use crate::normalize::fold;

/// Adds the variants of every leader's names; see the [module docs](self).
pub(crate) fn add(entities: &mut [Entity]) {
    // Every folded alias of every entity, and how many people would get each
    // variant.
    let taken: rustc_hash::FxHashSet<&str> =
        entities.iter().flat_map(|e| e.aliases.iter().map(|a| &*a.folded)).collect();
    let mut generated: Vec<(usize, Alias)> = Vec::new();
    let mut count: HashMap<Box<str>, usize> = HashMap::default();
    for (i, e) in entities.iter().enumerate() {
        let parent = e.part_of.map(|p| &entities[p.as_usize()]);
        if e.entity_type != EntityType::Leader && parent.is_none() {
            continue;
        }
        let mut own: Vec<Box<str>> = Vec::new();
        for a in e.aliases.iter().filter(|a| a.kind == AliasKind::Name) {
            let forms = match parent {
                Some(p) if e.entity_type == EntityType::Organisation => parent_named(&a.text, p),
                Some(_) => Vec::new(),
                None => variants(&a.text),
            };
            for text in forms {
                let folded: Box<str> = fold(&text, true).into();
                if folded.is_empty() || taken.contains(&*folded) || own.contains(&folded) {
                    continue;
                }
                own.push(folded.clone());
                *count.entry(folded.clone()).or_default() += 1;
                generated.push((i, Alias { text, folded, safe: false, ..a.clone() }));
            }
        }
    }
    for (i, alias) in generated {
        if count[&alias.folded] == 1 {
            entities[i].aliases.push(alias);
        }
    }
}

/// `name` with the parent's abbreviation that opens it replaced by each of the
/// parent's names.
fn parent_named(name: &str, parent: &Entity) -> Vec<String> {
    let mut out = Vec::new();
    for abbr in parent.aliases.iter().filter(|a| a.kind == AliasKind::Abbreviation) {
        let Some(rest) = name.strip_prefix(abbr.text.as_str()).and_then(|r| r.strip_prefix(' '))
        else {
            continue;
        };
        for full in parent.aliases.iter().filter(|a| a.kind == AliasKind::Name) {
            out.push(format!("{} {rest}", full.text));
        }
    }
    out
}

/// The variants of one full name (not including the name itself).
pub(crate) fn variants(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out = Vec::new();
    if words.len() < 2 {
        return out;
    }
    let is_initial = |w: &str| {
        let bare = w.strip_suffix('.').unwrap_or(w);
        let mut chars = bare.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
    };
    let middle = &words[1..words.len() - 1];
    if middle.iter().any(|w| is_initial(w)) {
        // The initials with a dot, without one, and left out.
        let toggle = |dot: bool| {
            words
                .iter()
                .map(|w| {
                    if is_initial(w) {
                        let bare = w.strip_suffix('.').unwrap_or(w);
                        if dot { format!("{bare}.") } else { bare.to_string() }
                    } else {
                        w.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        for dot in [true, false] {
            let v = toggle(dot);
            if v != name {
                out.push(v);
            }
        }
        let without: Vec<&str> = std::iter::once(words[0])
            .chain(middle.iter().copied().filter(|w| !is_initial(w)))
            .chain(std::iter::once(words[words.len() - 1]))
            .collect();
        if without.len() >= 2 {
            out.push(without.join(" "));
        }
    }
    // "Tse-tung" → "Tsetung": a hyphen between syllables of one given name, the
    // second in lower case.
    if words.iter().any(|w| is_syllable_pair(w)) {
        let joined: Vec<String> = words
            .iter()
            .map(|w| if is_syllable_pair(w) { w.replace('-', "") } else { w.to_string() })
            .collect();
        out.push(joined.join(" "));
    }
    out.dedup();
    out
}

/// A word of two hyphenated syllables, the second in lower case (`Tse-tung`,
/// `Jong-un`), not a double surname (`Jessen-Petersen`).
fn is_syllable_pair(word: &str) -> bool {
    let Some((a, b)) = word.split_once('-') else { return false };
    !a.is_empty()
        && !b.is_empty()
        && !b.contains('-')
        && a.chars().next().is_some_and(char::is_uppercase)
        && b.chars().all(char::is_lowercase)
        && a.chars().count() <= 5
        && b.chars().count() <= 5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn middle_initials_with_and_without_dots_and_left_out() {
        assert_eq!(variants("John F. Kennedy"), ["John F Kennedy", "John Kennedy"]);
        assert_eq!(variants("John F Kennedy"), ["John F. Kennedy", "John Kennedy"]);
        assert_eq!(variants("George H. W. Bush"), ["George H W Bush", "George Bush"]);
        assert_eq!(variants("Barack Hussein Obama"), Vec::<String>::new());
        assert_eq!(variants("Xi"), Vec::<String>::new());
    }

    #[test]
    fn an_organisation_named_after_its_parent_in_full() {
        let g = crate::gazetteer::Gazetteer::bundled().unwrap();
        let fao = g.entity(g.get("fao").unwrap());
        let un = g.entity(g.get("un").unwrap());
        assert!(
            parent_named("UN Food and Agriculture Organization", un)
                .contains(&"United Nations Food and Agriculture Organization".to_string())
        );
        assert!(
            fao.aliases
                .iter()
                .any(|a| a.text == "United Nations Food and Agriculture Organization")
        );
        assert!(parent_named("Food and Agriculture Organization", un).is_empty());
    }

    #[test]
    fn generated_variants_are_matched() {
        let g = crate::gazetteer::Gazetteer::bundled().unwrap();
        let jfk = g.entity(g.get("john-f-kennedy").unwrap());
        assert!(jfk.aliases.iter().any(|a| a.text == "John F Kennedy"));
        // Two people would share "George Bush": neither gets it from here.
        let toml = "[[entity]]\nid = \"a\"\ntype = \"leader\"\nlabel = \"A\"\nnames = [\"George H. W. Bush\"]\n\n\
                    [[entity]]\nid = \"b\"\ntype = \"leader\"\nlabel = \"B\"\nnames = [\"George W. Bush\"]\n";
        let two = crate::gazetteer::Gazetteer::builder()
            .add_str("two.toml", crate::gazetteer::GazetteerFormat::Toml, toml)
            .build()
            .unwrap();
        for (_, e) in two.iter() {
            assert!(!e.aliases.iter().any(|a| a.text == "George Bush"), "{}", e.id);
            assert!(e.aliases.iter().any(|a| a.text.ends_with(" W Bush")), "{}", e.id);
        }
    }

    #[test]
    fn romanised_given_names_joined() {
        assert_eq!(variants("Mao Tse-tung"), ["Mao Tsetung"]);
        assert_eq!(variants("Deng Hsiao-ping"), ["Deng Hsiaoping"]);
        assert_eq!(variants("Kim Jong-il"), ["Kim Jongil"]);
        assert_eq!(variants("Søren Jessen-Petersen"), Vec::<String>::new());
        assert_eq!(variants("Jean-Claude Juncker"), Vec::<String>::new());
    }
}
