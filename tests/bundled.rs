//! The bundled gazetteers: complete, exact and usable.

use std::collections::{BTreeSet, HashMap};

use entgraph::EntityType;
use entgraph::gazetteer::{AliasKind, CountryStatus};

use crate::util::{bundled, bundled_extractor, read};

/// `(iso3, qid, name)` of the UN member states, from an independent table.
fn un_members() -> Vec<(String, String, String)> {
    read("un-members.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), f[1].to_string(), f[2].to_string())
        })
        .collect()
}

#[test]
fn counts_meet_the_coverage() {
    let g = bundled();
    let count = |t: EntityType| g.entities().iter().filter(|e| e.entity_type == t).count();
    assert!(count(EntityType::Country) >= 193 + 4, "countries: {}", count(EntityType::Country));
    assert!(
        count(EntityType::Organisation) >= 150,
        "organisations: {}",
        count(EntityType::Organisation)
    );
    assert!(count(EntityType::Leader) >= 3000, "leaders: {}", count(EntityType::Leader));
    for id in [
        "vatican-city",
        "palestine",
        "taiwan",
        "kosovo",
        "hong-kong",
        "greenland",
        "soviet-union",
        "scotland",
    ] {
        assert!(g.get(id).is_some(), "{id}");
    }
    // Every US president since Washington: 45 people.
    let us = g.get("united-states").unwrap();
    let presidents: BTreeSet<&str> = g
        .entities()
        .iter()
        .filter(|e| e.offices.iter().any(|o| o.of == us && o.title == "President"))
        .map(|e| e.id.as_str())
        .collect();
    assert!(presidents.len() >= 45, "{} US presidents", presidents.len());
    assert!(presidents.contains("george-washington") && presidents.contains("abraham-lincoln"));
}

#[test]
fn every_country_has_codes_and_a_title() {
    let g = bundled();
    for e in g.entities().iter().filter(|e| e.entity_type == EntityType::Country) {
        assert!(e.wikipedia.is_some(), "{} has no Wikipedia title", e.id);
        assert!(e.status.is_some(), "{} has no status", e.id);
        // Constituent countries and most historical states have no ISO 3166-1 code.
        if matches!(
            e.status,
            Some(
                CountryStatus::Sovereign
                    | CountryStatus::PartiallyRecognised
                    | CountryStatus::Territory
            )
        ) {
            assert!(e.iso2.is_some() && e.iso3.is_some(), "{} has no ISO codes", e.id);
        }
    }
}

#[test]
fn un_members_have_their_qids_and_are_found_in_every_usual_form() {
    let g = bundled();
    let extractor = bundled_extractor();
    let by_iso3: HashMap<&str, &entgraph::Entity> = g
        .entities()
        .iter()
        .filter(|e| e.entity_type == EntityType::Country)
        .filter_map(|e| Some((e.iso3.as_deref()?, e)))
        .collect();
    // How many entities each folded alias belongs to (a shared alias, like "Congo",
    // cannot name one of them without more context than one sentence).
    let mut owners: HashMap<String, BTreeSet<&str>> = HashMap::new();
    for e in g.entities() {
        for a in &e.aliases {
            owners.entry(entgraph::normalize::fold(&a.text, true)).or_default().insert(&e.id);
        }
    }
    let members = un_members();
    assert_eq!(members.len(), 193);
    let mut failures = Vec::new();
    let mut checked = 0;
    for (iso3, qid, name) in &members {
        let Some(e) = by_iso3.get(iso3.as_str()) else {
            failures.push(format!("{iso3} ({name}) is missing"));
            continue;
        };
        if e.wikidata.as_deref() != Some(qid.as_str()) {
            failures.push(format!("{}: QID {:?}, expected {qid}", e.id, e.wikidata));
        }
        if e.status != Some(CountryStatus::Sovereign) {
            failures.push(format!("{} is not marked sovereign", e.id));
        }
        let (a, b) = if ["france", "germany"].contains(&e.id.as_str()) {
            ("Spain", "Italy")
        } else {
            ("France", "Germany")
        };
        for alias in &e.aliases {
            if owners[&entgraph::normalize::fold(&alias.text, true)].len() > 1 {
                continue;
            }
            let text = match alias.kind {
                AliasKind::Name | AliasKind::Abbreviation => {
                    format!(
                        "Delegates from {a} and {b} met the delegation of {} yesterday.",
                        alias.text
                    )
                }
                AliasKind::Demonym => {
                    format!("Delegates from {a} and {b} met the {} delegation.", alias.text)
                }
                AliasKind::Combining => {
                    format!("{a} and {b} watched the {}-German talks.", alias.text)
                }
                AliasKind::Surname => continue,
            };
            checked += 1;
            let doc = extractor.extract(&text);
            let found = doc
                .mentions
                .iter()
                .any(|m| m.entity.as_usize() == g.get(&e.id).unwrap().as_usize());
            if !found {
                failures.push(format!("{}: {:?} not found in {text:?}", e.id, alias.text));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    // Names, long forms, abbreviations and demonyms: several forms per state.
    assert!(checked > 193 * 4, "only {checked} forms checked");
}

#[test]
fn current_g20_leaders_by_full_name_and_by_surname() {
    let g = bundled();
    let text = read("articles/g20-leaders.txt");
    let doc = bundled_extractor().extract(&text);
    let split = text.find("Later,").unwrap();
    let leaders = |first: bool| -> BTreeSet<&str> {
        doc.mentions
            .iter()
            .filter(|m| (m.span.start < split) == first)
            .map(|m| g.entity(m.entity))
            .filter(|e| e.entity_type == EntityType::Leader)
            .map(|e| e.id.as_str())
            .collect()
    };
    let full: BTreeSet<&str> = [
        "javier-milei",
        "anthony-albanese",
        "luiz-inacio-lula-da-silva",
        "mark-carney",
        "xi-jinping",
        "li-qiang",
        "emmanuel-macron",
        "sebastien-lecornu",
        "frank-walter-steinmeier",
        "friedrich-merz",
        "droupadi-murmu",
        "narendra-modi",
        "prabowo-subianto",
        "sergio-mattarella",
        "giorgia-meloni",
        "sanae-takaichi",
        "claudia-sheinbaum",
        "vladimir-putin",
        "mikhail-mishustin",
        "mohammed-bin-salman",
        "cyril-ramaphosa",
        "lee-jae-myung",
        "kim-min-seok",
        "recep-tayyip-erdogan",
        "andy-burnham",
        "donald-trump",
    ]
    .into_iter()
    .collect();
    let ids_exist: Vec<&&str> = full.iter().filter(|id| g.get(id).is_none()).collect();
    assert!(ids_exist.is_empty(), "unknown ids {ids_exist:?}");
    assert_eq!(leaders(true), full);
    let by_surname: BTreeSet<&str> = full
        .iter()
        .copied()
        .filter(|id| !["prabowo-subianto", "mohammed-bin-salman"].contains(id))
        .collect();
    assert_eq!(leaders(false), by_surname);
}
