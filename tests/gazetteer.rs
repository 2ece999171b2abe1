//! Gazetteer loading and validation.

use entgraph::ErrorKind;
use entgraph::gazetteer::{
    AliasKind, CasePolicy, GazetteerBuilder, GazetteerFormat, OrganisationKind, Role, Roles,
};

use crate::util::read;

fn problems(name: &str, format: GazetteerFormat, text: &str) -> Vec<String> {
    let mut b = GazetteerBuilder::new();
    b.add_str(name, format, text);
    match b.build() {
        Ok(_) => Vec::new(),
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Gazetteer);
            e.problems().iter().map(|p| p.to_string()).collect()
        }
    }
}

#[test]
fn every_problem_is_reported_with_its_line() {
    let got = problems("broken.toml", GazetteerFormat::Toml, &read("gazetteers/broken.toml"));
    let expected = [
        "broken.toml:2: entity `acme` has no aliases, so it can never be found; add names = [\"...\"] (or abbreviations, demonyms, surnames, combining)",
        "broken.toml:6: unknown field `nmes`; did you mean `names`?",
        "broken.toml:12: alias \"   \" has spaces at its ends; remove them",
        "broken.toml:12: alias \"Acme Two\" is shared by `acme-2`, `globex` but not declared ambiguous here; mark it ambiguous = true wherever it is shared, or keep it under one entity",
        "broken.toml:15: duplicate id `acme`; broken.toml:2 already defines it; give this entity another id",
        "broken.toml:19: part_of refers to unknown id `no-such-id`; use the id of an entity defined in a loaded gazetteer",
        "broken.toml:20: `wikidata` value `12345` is not valid; a Wikidata QID is Q and digits, e.g. Q148",
        "broken.toml:26: alias \"Acme Two\" is shared by `acme-2`, `globex` but not declared ambiguous here; mark it ambiguous = true wherever it is shared, or keep it under one entity",
    ];
    assert_eq!(got, expected);
}

#[test]
fn a_required_field_of_the_wrong_type_is_reported_once() {
    let text = "[[entity]]\nid = \"x\"\ntype = 3\nlabel = [\"X\"]\nnames = [\"Xland\"]\n";
    let got = problems("t.toml", GazetteerFormat::Toml, text);
    assert_eq!(
        got,
        [
            "t.toml:3: `type` must be a string, found integer; quote the value",
            "t.toml:4: `label` must be a string, found array; quote the value",
        ]
    );
    let missing = problems(
        "t.toml",
        GazetteerFormat::Toml,
        "[[entity]]\nid = \"x\"\nlabel = \"X\"\nnames = [\"Xland\"]\n",
    );
    assert_eq!(
        missing,
        [
            "t.toml:1: the entity has no `type`; add type = \"country\" (or leader, organisation, ...)"
        ]
    );
}

#[test]
fn references_offices_and_overlaps() {
    let text = r#"
[[entity]]
id = "land"
type = "country"
label = "Land"
status = "sovereign"
names = ["Land"]

[[entity]]
id = "a"
type = "leader"
label = "A"
names = ["Person A"]
offices = [{ title = "President", of = "land", start = "2000-01-01", end = "2005-01-01" }]

[[entity]]
id = "b"
type = "leader"
label = "B"
names = ["Person B"]
offices = [
  { title = "President", of = "land", start = "2004-06-01" },
  { title = "King", of = "nowhere", start = "2001" },
  { title = "Chief", of = "land", start = "2001-02-30", role = "boss" },
]
"#;
    let got = problems("o.toml", GazetteerFormat::Toml, text);
    assert_eq!(
        got,
        [
            "o.toml:22: President of `land`: `b` from 2004-06-01 overlaps `a` (2000-01-01 to 2005-01-01); fix the dates (a term ends on its successor's first day; `replaces = \"id\"` on a new term ends the old one), mark a stand-in's term acting = true, or a collegial office shared = true",
            "o.toml:23: office `of` refers to unknown id `nowhere`; use the id of an entity defined in a loaded gazetteer",
            "o.toml:24: `start` date `2001-02-30` is not a date; write YYYY-MM-DD, YYYY-MM or YYYY",
            "o.toml:24: unknown role `boss`; use one of: head-of-state, head-of-government, head, deputy-head-of-state, deputy-head-of-government, foreign-minister",
        ]
    );
}

#[test]
fn ambiguous_shared_aliases_are_allowed() {
    let text = r#"
[[entity]]
id = "congo-a"
type = "country"
label = "Congo A"
names = [{ text = "Congo", ambiguous = true }]

[[entity]]
id = "congo-b"
type = "country"
label = "Congo B"
names = [{ text = "Congo", ambiguous = true }]
"#;
    assert!(problems("c.toml", GazetteerFormat::Toml, text).is_empty());
}

#[test]
fn alias_policies_and_kinds() {
    let mut b = GazetteerBuilder::new();
    b.add_str("k.toml", GazetteerFormat::Toml, &read("gazetteers/rules.toml"));
    let g = b.build().unwrap();
    let us = g.entity(g.get("united-states").unwrap());
    let us_abbr = us.aliases.iter().find(|a| a.text == "US").unwrap();
    assert_eq!((us_abbr.kind, us_abbr.case), (AliasKind::Abbreviation, CasePolicy::Sensitive));
    let name = us.aliases.iter().find(|a| a.text == "United States").unwrap();
    assert_eq!((name.kind, name.case), (AliasKind::Name, CasePolicy::Proper));
}

#[test]
fn plain_tables_and_spacy_patterns() {
    let mut b = GazetteerBuilder::new();
    b.add_str(
        "c.csv",
        GazetteerFormat::Csv,
        "alias,label,type\n\"Acme, Inc.\",Acme,company\nAcme,Acme,company\n",
    );
    b.add_str(
        "p.jsonl",
        GazetteerFormat::SpacyJsonl,
        "{\"label\": \"ORG\", \"pattern\": \"Globex\", \"id\": \"globex\"}\n",
    );
    let g = b.build().unwrap();
    assert_eq!(g.len(), 2);
    assert_eq!(g.entity(g.get("acme").unwrap()).aliases.len(), 2);
    assert_eq!(g.entity(g.get("globex").unwrap()).entity_type.as_str(), "org");
}

#[test]
fn bundled_gazetteers_load() {
    let g = entgraph::Gazetteer::bundled().unwrap_or_else(|e| panic!("{e}"));
    assert!(g.get("china").is_some());
    assert!(g.warnings().is_empty(), "{:?}", g.warnings());
}

/// A country, an organisation, a head of government who was foreign minister, a
/// vice-president and nobody else.
const ROLES: &str = r#"
[[entity]]
id = "land"
type = "country"
label = "Land"
status = "sovereign"
names = ["Land"]

[[entity]]
id = "league"
type = "organisation"
label = "League of Lands"
names = ["League of Lands"]
members = ["land"]

[[entity]]
id = "front"
type = "organisation"
kind = "armed-group"
label = "Land Liberation Front"
names = ["Land Liberation Front"]

[[entity]]
id = "vera-vice"
type = "leader"
label = "Vera Vice"
names = ["Vera Vice"]
offices = [{ title = "Vice President", of = "land", role = "deputy-head-of-state", start = "2010-01-01" }]

[[entity]]
id = "paul-prime"
type = "leader"
label = "Paul Prime"
names = ["Paul Prime"]
offices = [
  { title = "Foreign Minister", of = "land", role = "foreign-minister", start = "2005-01-01", end = "2010-01-01" },
  { title = "Prime Minister", of = "land", role = "head-of-government", start = "2010-01-01" },
]

[[entity]]
id = "rex-rebel"
type = "leader"
label = "Rex Rebel"
names = ["Rex Rebel"]
offices = [{ title = "Commander", of = "front", role = "head", start = "2001" }]
"#;

fn roles_gazetteer(roles: Roles) -> entgraph::Gazetteer {
    let mut b = GazetteerBuilder::new();
    b.add_str("roles.toml", GazetteerFormat::Toml, ROLES).roles(roles);
    b.build().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn heads_only_by_default_deputies_and_foreign_ministers_on_request() {
    let heads = roles_gazetteer(Roles::Heads);
    assert_eq!(heads.roles(), Roles::Heads);
    // The vice-president is gone; the prime minister keeps only the head office;
    // references after the dropped entity still point at the right entities.
    assert!(heads.get("vera-vice").is_none());
    let paul = heads.entity(heads.get("paul-prime").unwrap());
    let titles: Vec<&str> = paul.offices.iter().map(|o| o.title.as_str()).collect();
    assert_eq!(titles, ["Prime Minister"]);
    assert_eq!(heads.entity(paul.offices[0].of).id, "land");
    let rex = heads.entity(heads.get("rex-rebel").unwrap());
    assert_eq!(heads.entity(rex.offices[0].of).id, "front");
    let league = heads.entity(heads.get("league").unwrap());
    assert_eq!(heads.entity(league.members[0].member).id, "land");

    let all = roles_gazetteer(Roles::All);
    assert_eq!(all.len(), heads.len() + 1);
    let vera = all.entity(all.get("vera-vice").unwrap());
    assert_eq!(vera.offices[0].role, Some(Role::DeputyHeadOfState));
    let paul = all.entity(all.get("paul-prime").unwrap());
    let roles: Vec<Option<Role>> = paul.offices.iter().map(|o| o.role).collect();
    assert_eq!(roles, [Some(Role::ForeignMinister), Some(Role::HeadOfGovernment)]);
    let front = all.entity(all.get("front").unwrap());
    assert_eq!(front.kind, Some(OrganisationKind::ArmedGroup));
    assert_eq!(all.entity(all.get("league").unwrap()).kind, None);
}

#[test]
fn deputies_are_found_only_with_all_roles() {
    let text = "Vera Vice met Paul Prime and Rex Rebel in Land.";
    let ids = |roles| -> Vec<String> {
        crate::util::mentions(&roles_gazetteer(roles), text).into_iter().map(|(_, id)| id).collect()
    };
    assert_eq!(ids(Roles::Heads), ["paul-prime", "rex-rebel", "land"]);
    assert_eq!(ids(Roles::All), ["vera-vice", "paul-prime", "rex-rebel", "land"]);
}

#[test]
fn organisation_kinds_are_checked() {
    let text = r#"
[[entity]]
id = "a"
type = "organisation"
kind = "gang"
label = "A"
names = ["Alpha Group"]

[[entity]]
id = "b"
type = "country"
kind = "armed-group"
label = "B"
names = ["Beta Land"]
"#;
    assert_eq!(
        problems("k.toml", GazetteerFormat::Toml, text),
        [
            "k.toml:5: unknown organisation kind `gang`; use one of: armed-group, militant-organisation",
            "k.toml:12: `kind` is for organisations, found on a country; drop `kind`, or make the entity type = \"organisation\"",
        ]
    );
}

#[test]
fn deputy_and_foreign_minister_offices_feed_role_phrases_only_with_all_roles() {
    let text = "Land's foreign minister flew to the League of Lands.";
    let date = entgraph::gazetteer::Date::parse("2007-06-01");
    let people = |roles| -> Vec<String> {
        let g = roles_gazetteer(roles);
        let extractor = entgraph::Extractor::new(&g).unwrap();
        let doc = extractor.extract_dated(text, date);
        doc.mentions
            .iter()
            .map(|m| g.entity(m.entity))
            .filter(|e| e.entity_type == entgraph::EntityType::Leader)
            .map(|e| e.id.clone())
            .collect()
    };
    assert!(people(Roles::Heads).is_empty());
    assert_eq!(people(Roles::All), ["paul-prime"]);
}
