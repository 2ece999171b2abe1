//! The bundled gazetteers: complete, exact and usable.

use std::collections::{BTreeSet, HashMap};

use entgraph::EntityType;
use entgraph::gazetteer::{
    AliasKind, CountryStatus, GazetteerBuilder, OrganisationKind, Role, Roles,
};

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
    let colliding: Vec<&str> = include_str!("../gazetteers/words/en/colliding-abbreviations.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('#').next().map(str::trim).filter(|w| !w.is_empty()))
        .collect();
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
                // An abbreviation with a common other use (`CAR`) names the
                // country only where the document defines it.
                AliasKind::Abbreviation if colliding.contains(&alias.text.as_str()) => {
                    format!(
                        "Delegates from {a} and {b} met the {} ({}). The {} delegation left.",
                        e.label, alias.text, alias.text
                    )
                }
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
            let found = doc.mentions.iter().any(|m| {
                m.entity.as_usize() == g.get(&e.id).unwrap().as_usize()
                    && text[m.span.range()] == *alias.text
            });
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

/// The bundled files with every role, as `gazetteer check` and `--roles all` load them.
fn bundled_all_roles() -> entgraph::Gazetteer {
    GazetteerBuilder::new().bundled().roles(Roles::All).build().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn armed_groups_and_their_leaders() {
    let g = bundled();
    let kind = |k| {
        g.entities()
            .iter()
            .filter(|e| e.entity_type == EntityType::Organisation && e.kind == Some(k))
            .count()
    };
    // 11 and 28 in gazetteers/armed-groups.toml when this was written.
    assert!(kind(OrganisationKind::ArmedGroup) >= 11, "{}", kind(OrganisationKind::ArmedGroup));
    assert!(
        kind(OrganisationKind::MilitantOrganisation) >= 28,
        "{}",
        kind(OrganisationKind::MilitantOrganisation)
    );
    let holders = |group: &str, title: &str| -> Vec<&str> {
        let of = g.get(group).unwrap_or_else(|| panic!("{group}"));
        let mut terms: Vec<(entgraph::gazetteer::Date, &str)> = g
            .entities()
            .iter()
            .flat_map(|e| e.offices.iter().map(move |o| (e, o)))
            .filter(|(_, o)| o.of == of && o.title == title && o.role == Some(Role::Head))
            .map(|(e, o)| (o.start, e.id.as_str()))
            .collect();
        terms.sort();
        terms.into_iter().map(|(_, id)| id).collect()
    };
    assert_eq!(
        holders("hezbollah", "Secretary-General"),
        ["abbas-al-musawi", "hassan-nasrallah", "naim-qassem"]
    );
    assert_eq!(
        holders("taliban", "Supreme Leader"),
        ["mullah-omar", "akhtar-mansour", "hibatullah-akhundzada"]
    );
    assert_eq!(
        holders("hamas", "Chairman of the Political Bureau"),
        ["khaled-mashal", "ismail-haniyeh", "yahya-sinwar"]
    );
    assert_eq!(holders("al-qaeda", "Emir"), ["osama-bin-laden", "ayman-al-zawahiri"]);
    assert_eq!(holders("wagner-group", "Leader"), ["yevgeny-prigozhin"]);
    // A leader of a state keeps one entity with both offices.
    let sharaa = g.entity(g.get("ahmed-al-sharaa").unwrap());
    assert!(sharaa.offices.iter().any(|o| g.entity(o.of).id == "hayat-tahrir-al-sham"));
    assert!(sharaa.offices.iter().any(|o| g.entity(o.of).id == "syria"));

    let text = "Hezbollah and Hamas fired rockets; the Houthis, al-Shabaab and the Taliban \
                praised them, while ISIS and the Wagner Group stayed silent.";
    let found: BTreeSet<String> =
        crate::util::found(bundled_extractor(), text).into_iter().map(|(_, id)| id).collect();
    let expected: BTreeSet<String> =
        ["hezbollah", "hamas", "houthis", "al-shabaab", "taliban", "islamic-state", "wagner-group"]
            .map(String::from)
            .into();
    assert_eq!(found, expected);
}

#[test]
fn g20_deputies_and_foreign_ministers_are_kept_apart_from_heads() {
    let all = bundled_all_roles();
    let heads = bundled();
    let people = |g: &entgraph::Gazetteer, role: Role| {
        g.entities().iter().filter(|e| e.offices.iter().any(|o| o.role == Some(role))).count()
    };
    // 184 foreign ministers, 44 vice-presidents and 141 deputy heads of government
    // (with the people of the other files who also held those offices) when this
    // was written.
    assert!(people(&all, Role::ForeignMinister) >= 180, "{}", people(&all, Role::ForeignMinister));
    assert!(
        people(&all, Role::DeputyHeadOfState) >= 44,
        "{}",
        people(&all, Role::DeputyHeadOfState)
    );
    assert!(
        people(&all, Role::DeputyHeadOfGovernment) >= 140,
        "{}",
        people(&all, Role::DeputyHeadOfGovernment)
    );
    for role in [Role::ForeignMinister, Role::DeputyHeadOfState, Role::DeputyHeadOfGovernment] {
        assert_eq!(people(heads, role), 0, "{role:?} in the default gazetteer");
    }
    // Every G20 member and the EU has a foreign minister on a recent date.
    let day = entgraph::gazetteer::Date::parse("2025-06-01").unwrap();
    for country in [
        "argentina",
        "australia",
        "brazil",
        "canada",
        "china",
        "france",
        "germany",
        "india",
        "indonesia",
        "italy",
        "japan",
        "mexico",
        "russia",
        "saudi-arabia",
        "south-africa",
        "south-korea",
        "turkey",
        "united-kingdom",
        "united-states",
        "european-union",
    ] {
        let of = all.get(country).unwrap();
        let n = all
            .entities()
            .iter()
            .flat_map(|e| &e.offices)
            .filter(|o| o.of == of && o.role == Some(Role::ForeignMinister) && o.is_held_on(day))
            .count();
        assert_eq!(n, 1, "{country}: {n} foreign ministers on {day}");
    }
    // A vice-president who became president is one entity with both offices.
    let biden = all.entity(all.get("joe-biden").unwrap());
    let roles: BTreeSet<&str> =
        biden.offices.iter().filter_map(|o| o.role).map(|r| r.as_str()).collect();
    assert_eq!(roles, ["deputy-head-of-state", "head-of-state"].into());
    let biden = heads.entity(heads.get("joe-biden").unwrap());
    assert!(biden.offices.iter().all(|o| o.role == Some(Role::HeadOfState)));
    assert!(heads.get("kamala-harris").is_none() && all.get("kamala-harris").is_some());
}

#[test]
fn armed_group_role_phrases_name_the_leader_of_the_day() {
    let g = bundled();
    let text = "Hezbollah's secretary-general gave a speech, and the Taliban supreme leader \
                issued a decree.";
    let leaders = |date: &str| -> Vec<&str> {
        let doc = bundled_extractor().extract_dated(text, entgraph::gazetteer::Date::parse(date));
        doc.mentions
            .iter()
            .map(|m| g.entity(m.entity))
            .filter(|e| e.entity_type == EntityType::Leader)
            .map(|e| e.id.as_str())
            .collect()
    };
    assert_eq!(leaders("2010-06-01"), ["hassan-nasrallah", "mullah-omar"]);
    assert_eq!(leaders("2025-06-01"), ["naim-qassem", "hibatullah-akhundzada"]);
}
