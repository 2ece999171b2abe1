//! Validation: parsed records in, checked entities out, every problem reported.
//!
//! Checks each record on its own (required fields, formats of ids, QIDs, codes and
//! dates, alias text and policies), then the records together (duplicate ids and
//! QIDs, references to unknown ids, aliases shared without being declared
//! ambiguous, two people in one office at the same time).

use super::raw::{Located, RawEntity, RawFile};
use super::{
    Alias, AliasKind, CasePolicy, CountryStatus, Date, Entity, EntityIndex, EntityType,
    MemberStatus, Membership, Office, OrganisationKind, Role,
};
use crate::error::{Location, Problem, suggest};
use crate::normalize::{fold, is_word_char};
use rustc_hash::FxHashMap;

// The formats of ids, types, QIDs and codes, checked byte by byte rather than
// with the regular expressions in their docs, which cost more to build and run
// at every start-up (a test checks that they agree).

/// `^[A-Za-z0-9]+([-_.:/][A-Za-z0-9]+)*$`
fn is_id(s: &str) -> bool {
    s.split(['-', '_', '.', ':', '/'])
        .all(|run| !run.is_empty() && run.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `^[a-z][a-z0-9_-]*$`
fn is_type(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// `^Q[1-9][0-9]*$`
fn is_qid(s: &str) -> bool {
    s.strip_prefix('Q').is_some_and(|digits| {
        digits.bytes().next().is_some_and(|b| b != b'0')
            && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

/// `^[A-Z]{2}$`
fn is_iso2(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// `^[A-Z]{3}$`
fn is_iso3(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

const KNOWN_TYPES: &[&str] = &["leader", "country", "organisation"];

/// Below this many records, checking them on more threads does not pay.
const PARALLEL_RECORDS: usize = 1000;

/// Finds the entity an id names.
type Lookup<'a> = dyn Fn(&str) -> Option<EntityIndex> + Sync + 'a;

pub(crate) struct Validated {
    pub entities: Vec<Entity>,
    pub ignore: Vec<(String, Location)>,
}

pub(crate) fn validate(
    files: Vec<RawFile>,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> Validated {
    let mut raws: Vec<RawEntity> = Vec::new();
    let mut ignore = Vec::new();
    for f in files {
        raws.extend(f.entities);
        ignore.extend(f.ignore);
    }

    // Ids first, so that references can be checked in any order.
    let mut index: FxHashMap<&str, (EntityIndex, &Location)> =
        FxHashMap::with_capacity_and_hasher(raws.len(), Default::default());
    for (i, raw) in raws.iter().enumerate() {
        let Some(id) = &raw.id else { continue };
        if let Some((_, first)) = index.get(id.value.as_str()) {
            problems.push(
                Problem::new(raw.location.at(id.line), format!("duplicate id `{}`", id.value))
                    .hint(format!("{first} already defines it; give this entity another id")),
            );
        } else {
            index.insert(&id.value, (EntityIndex::new(i), &raw.location));
        }
    }
    let lookup = |id: &str| index.get(id).map(|&(i, _)| i);

    // Records are checked on the caller's threads (see `crate::par`), in runs of
    // consecutive records, so the problems come out in the same order as from one.
    let workers = crate::par::threads();
    let run = raws.len().div_ceil(workers).max(PARALLEL_RECORDS);
    let check = |part: &[RawEntity]| {
        let (mut problems, mut warnings) = (Vec::new(), Vec::new());
        let entities: Vec<Entity> = part
            .iter()
            .map(|raw| check_entity(raw, &lookup, &mut problems, &mut warnings))
            .collect();
        (entities, problems, warnings)
    };
    let parts: Vec<_> = crate::par::map(raws.chunks(run).collect(), check);
    let mut entities = Vec::with_capacity(raws.len());
    for (mut e, mut p, mut w) in parts {
        entities.append(&mut e);
        problems.append(&mut p);
        warnings.append(&mut w);
    }
    check_unique_qids(&entities, &raws, problems);
    check_shared_aliases(&entities, &ignore, problems);
    check_office_overlaps(&entities, problems);
    super::checks::check_memberships(&entities, &raws, problems);
    super::checks::check_short_aliases(&entities, problems);
    // The records are many small allocations; freeing them need not hold up the
    // caller when it gave threads.
    crate::par::drop_later(raws);
    Validated { entities, ignore }
}

fn check_entity(
    raw: &RawEntity,
    lookup: &Lookup,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> Entity {
    let loc = &raw.location;
    let at = |l: &Located<String>| loc.at(l.line);
    let mut required = |field: &str, value: &Option<Located<String>>, example: &str| -> String {
        match value {
            Some(v) if !v.value.trim().is_empty() => v.value.clone(),
            Some(v) => {
                problems.push(
                    Problem::new(at(v), format!("`{field}` is empty"))
                        .hint(format!("write {example}")),
                );
                String::new()
            }
            None if raw.malformed.iter().any(|f| f == field) => String::new(),
            None => {
                problems.push(
                    Problem::new(loc.clone(), format!("the entity has no `{field}`"))
                        .hint(format!("add {example}")),
                );
                String::new()
            }
        }
    };
    let id = required("id", &raw.id, "id = \"lower-case-words\"");
    let type_name =
        required("type", &raw.entity_type, "type = \"country\" (or leader, organisation, ...)");
    let label = required("label", &raw.label, "label = \"Display Name\"");
    let id_line = raw.id.as_ref().map_or(loc.clone(), at);

    if !id.is_empty() && !is_id(&id) {
        problems.push(
            Problem::new(id_line.clone(), format!("id `{id}` is not a valid id"))
                .hint("use letters, digits and single `-` between words, e.g. `united-states`"),
        );
    }
    if !type_name.is_empty() {
        let type_loc = raw.entity_type.as_ref().map_or(loc.clone(), at);
        if !is_type(&type_name) {
            problems.push(
                Problem::new(type_loc, format!("type `{type_name}` is not a valid type")).hint(
                    "use one lower-case word: leader, country, organisation, or a type of your own",
                ),
            );
        } else if !KNOWN_TYPES.contains(&type_name.as_str())
            && let Some(near) = suggest(&type_name, KNOWN_TYPES)
        {
            warnings.push(
                Problem::new(type_loc, format!("type `{type_name}` is not a bundled type"))
                    .hint(format!("did you mean `{near}`? (a type of your own is fine)")),
            );
        }
    }

    let mut pattern =
        |field: &str, value: &Option<Located<String>>, ok: fn(&str) -> bool, hint: &str| {
            let v = value.as_ref()?;
            if ok(&v.value) {
                Some(v.value.clone())
            } else {
                problems.push(
                    Problem::new(at(v), format!("`{field}` value `{}` is not valid", v.value))
                        .hint(hint),
                );
                None
            }
        };
    let wikidata =
        pattern("wikidata", &raw.wikidata, is_qid, "a Wikidata QID is Q and digits, e.g. Q148");
    let iso2 = pattern(
        "iso2",
        &raw.iso2,
        is_iso2,
        "an ISO 3166-1 alpha-2 code is two capital letters, e.g. CN",
    );
    let iso3 = pattern(
        "iso3",
        &raw.iso3,
        is_iso3,
        "an ISO 3166-1 alpha-3 code is three capital letters, e.g. CHN",
    );
    let wikipedia = raw.wikipedia.as_ref().map(|w| w.value.clone()).filter(|w| !w.is_empty());
    let description = raw.description.as_ref().map(|d| d.value.clone());

    let status = raw.status.as_ref().and_then(|s| {
        let parsed = CountryStatus::parse(&s.value);
        if parsed.is_none() {
            problems.push(
                Problem::new(at(s), format!("unknown status `{}`", s.value))
                    .hint(format!("use one of: {}", CountryStatus::NAMES.join(", "))),
            );
        }
        parsed
    });
    let kind = raw.kind.as_ref().and_then(|k| {
        let parsed = OrganisationKind::parse(&k.value);
        if parsed.is_none() {
            problems.push(
                Problem::new(at(k), format!("unknown organisation kind `{}`", k.value))
                    .hint(format!("use one of: {}", OrganisationKind::NAMES.join(", "))),
            );
        } else if type_name != "organisation" {
            problems.push(
                Problem::new(at(k), format!("`kind` is for organisations, found on a {type_name}"))
                    .hint("drop `kind`, or make the entity type = \"organisation\""),
            );
        }
        parsed
    });
    let start = date(&raw.start, loc, "start", problems);
    let end = date(&raw.end, loc, "end", problems);
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        problems.push(
            Problem::new(
                loc.at(raw.end.as_ref().unwrap().line),
                format!("`end` {e} is before `start` {s}"),
            )
            .hint("swap or fix the dates"),
        );
    }
    if status == Some(CountryStatus::Historical) && end.is_none() {
        problems.push(
            Problem::new(
                loc.at(raw.status.as_ref().unwrap().line),
                "a historical state needs an `end` date",
            )
            .hint("add end = \"YYYY-MM-DD\" (or YYYY)"),
        );
    }
    let part_of = raw
        .part_of
        .as_ref()
        .and_then(|p| reference(lookup, &p.value, loc.at(p.line), "part_of", problems));

    let mut aliases = Vec::with_capacity(raw.aliases.len());
    for a in &raw.aliases {
        let aloc = a.origin.clone().unwrap_or_else(|| loc.at(a.line));
        if a.text != a.text.trim() {
            problems.push(
                Problem::new(aloc.clone(), format!("alias {:?} has spaces at its ends", a.text))
                    .hint("remove them"),
            );
            continue;
        }
        let folded = fold(&a.text, true);
        let first = folded.chars().next();
        // A final `+` is part of some names (`BRICS+`, `OPEC+`).
        let last = folded.trim_end_matches('+').chars().next_back();
        if !first.is_some_and(is_word_char) || !last.is_some_and(is_word_char) {
            problems.push(
                Problem::new(aloc.clone(), format!("alias {:?} does not start and end with a letter or digit", a.text))
                    .hint("aliases match whole words; write the word itself (a combining form is written without its hyphen: `Sino`)"),
            );
            continue;
        }
        let case = match &a.case {
            None => a.kind.default_case(),
            Some(c) => match c.value.as_str() {
                "sensitive" => CasePolicy::Sensitive,
                "insensitive" => CasePolicy::Insensitive,
                "proper" => CasePolicy::Proper,
                other => {
                    problems.push(
                        Problem::new(aloc.clone(), format!("unknown case policy `{other}`"))
                            .hint("use sensitive, insensitive or proper"),
                    );
                    a.kind.default_case()
                }
            },
        };
        if a.safe && a.kind != AliasKind::Surname {
            problems.push(
                Problem::new(
                    aloc.clone(),
                    format!(
                        "`safe` is only for surnames, found on {} {:?}",
                        a.kind.as_str(),
                        a.text
                    ),
                )
                .hint("move the alias to `surnames`, or drop `safe`"),
            );
        }
        aliases.push(Alias {
            text: a.text.clone(),
            kind: a.kind,
            case,
            ambiguous: a.ambiguous,
            safe: a.safe,
            line: a.line,
            patch: a.origin.clone(),
            folded: folded.into(),
        });
    }
    if raw.aliases.is_empty() {
        problems.push(
            Problem::new(
                loc.clone(),
                format!("entity `{id}` has no aliases, so it can never be found"),
            )
            .hint("add names = [\"...\"] (or abbreviations, demonyms, surnames, combining)"),
        );
    }

    let mut offices = Vec::with_capacity(raw.offices.len());
    for o in &raw.offices {
        let oloc = o.origin.clone().unwrap_or_else(|| loc.at(o.line));
        let title = o.title.clone().unwrap_or_default();
        if title.trim().is_empty() {
            problems.push(
                Problem::new(oloc.clone(), "an office needs a `title`")
                    .hint("add title = \"President\""),
            );
        }
        let of = match &o.of {
            Some(of) => reference(lookup, of, oloc.clone(), "office `of`", problems),
            None => {
                problems.push(
                    Problem::new(oloc.clone(), "an office needs `of`")
                        .hint("add of = \"country-id\""),
                );
                None
            }
        };
        let start = match &o.start {
            Some(s) => date_str(s, &oloc, "start", problems),
            None => {
                problems.push(
                    Problem::new(oloc.clone(), "an office needs a `start` date")
                        .hint("add start = \"YYYY-MM-DD\" (or YYYY-MM, or YYYY)"),
                );
                None
            }
        };
        let end = o.end.as_ref().and_then(|e| date_str(e, &oloc, "end", problems));
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            problems.push(
                Problem::new(oloc.clone(), format!("office ends ({e}) before it starts ({s})"))
                    .hint("fix the dates"),
            );
        }
        let role = o.role.as_ref().and_then(|r| {
            let parsed = Role::parse(r);
            if parsed.is_none() {
                problems.push(
                    Problem::new(oloc.clone(), format!("unknown role `{r}`"))
                        .hint(format!("use one of: {}", Role::NAMES.join(", "))),
                );
            }
            parsed
        });
        if let (Some(of), Some(start)) = (of, start) {
            let (shared, acting, line, patch) = (o.shared, o.acting, o.line, o.origin.clone());
            offices.push(Office { title, of, role, start, end, shared, acting, line, patch });
        }
    }

    let mut members = Vec::with_capacity(raw.members.len());
    for m in &raw.members {
        let mloc = loc.at(m.line);
        let member = match &m.id {
            Some(id) => reference(lookup, id, mloc.clone(), "member", problems),
            None => {
                problems.push(
                    Problem::new(mloc.clone(), "a member needs an `id`")
                        .hint("add id = \"country-id\""),
                );
                None
            }
        };
        let status = match m.status.as_deref() {
            None => Some(MemberStatus::Member),
            Some(s) => {
                let parsed = MemberStatus::parse(s);
                if parsed.is_none() {
                    problems.push(
                        Problem::new(mloc.clone(), format!("unknown member status `{s}`"))
                            .hint(format!("use one of: {}", MemberStatus::NAMES.join(", "))),
                    );
                }
                parsed
            }
        };
        let start = m.start.as_ref().and_then(|s| date_str(s, &mloc, "start", problems));
        let end = m.end.as_ref().and_then(|e| date_str(e, &mloc, "end", problems));
        if let (Some(member), Some(status)) = (member, status) {
            members.push(Membership { member, status, start, end });
        }
    }

    Entity {
        id,
        entity_type: EntityType::parse(&type_name),
        label,
        wikidata,
        wikipedia,
        description,
        part_of,
        start,
        end,
        iso2,
        iso3,
        status,
        kind,
        aliases,
        offices,
        members,
        source: loc.clone(),
    }
}

fn reference(
    lookup: &Lookup,
    id: &str,
    loc: Location,
    what: &str,
    problems: &mut Vec<Problem>,
) -> Option<EntityIndex> {
    let found = lookup(id);
    if found.is_none() {
        problems.push(
            Problem::new(loc, format!("{what} refers to unknown id `{id}`"))
                .hint("use the id of an entity defined in a loaded gazetteer"),
        );
    }
    found
}

fn date(
    value: &Option<Located<String>>,
    loc: &Location,
    field: &str,
    problems: &mut Vec<Problem>,
) -> Option<Date> {
    let v = value.as_ref()?;
    date_str(&v.value, &loc.at(v.line), field, problems)
}

fn date_str(s: &str, loc: &Location, field: &str, problems: &mut Vec<Problem>) -> Option<Date> {
    let d = Date::parse(s);
    if d.is_none() {
        problems.push(
            Problem::new(loc.clone(), format!("`{field}` date `{s}` is not a date"))
                .hint("write YYYY-MM-DD, YYYY-MM or YYYY"),
        );
    }
    d
}

fn check_unique_qids(entities: &[Entity], raws: &[RawEntity], problems: &mut Vec<Problem>) {
    let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, e) in entities.iter().enumerate() {
        let Some(q) = &e.wikidata else { continue };
        match seen.get(q.as_str()) {
            Some(&first) => {
                let line = raws[i].wikidata.as_ref().map_or(0, |w| w.line);
                problems.push(
                    Problem::new(
                        raws[i].location.at(line),
                        format!(
                            "QID {q} of `{}` also belongs to `{}` ({})",
                            e.id, entities[first].id, entities[first].source
                        ),
                    )
                    .hint("one Wikidata item is one entity: merge them or fix the QID"),
                );
            }
            None => {
                seen.insert(q, i);
            }
        }
    }
}

fn check_shared_aliases(
    entities: &[Entity],
    ignore: &[(String, Location)],
    problems: &mut Vec<Problem>,
) {
    let mut uses: FxHashMap<&str, Vec<(usize, &Alias)>> = FxHashMap::default();
    for (i, e) in entities.iter().enumerate() {
        for a in &e.aliases {
            uses.entry(&a.folded).or_default().push((i, a));
        }
    }
    let mut keys: Vec<&&str> = uses.keys().collect();
    keys.sort();
    for key in keys {
        let list = &uses[key];
        let mut owners: Vec<usize> = list.iter().map(|&(i, _)| i).collect();
        owners.sort_unstable();
        owners.dedup();
        if owners.len() < 2 {
            continue;
        }
        let names =
            owners.iter().map(|&i| format!("`{}`", entities[i].id)).collect::<Vec<_>>().join(", ");
        // A name that shares its text only with other people's surnames needs no
        // declaration: a surname resolves only to a person the document introduced
        // (or a safe one), and otherwise the name wins.
        let mut name_owners: Vec<usize> =
            list.iter().filter(|(_, a)| a.kind != AliasKind::Surname).map(|&(i, _)| i).collect();
        name_owners.sort_unstable();
        name_owners.dedup();
        let named_twice = name_owners.len() > 1;
        // A bundled file is not the user's to edit: when their own file shares
        // the alias, only their file is cited, and declaring it there is enough.
        let bundled = |i: usize| super::is_bundled(&entities[i].source.path);
        let users = owners.iter().any(|&i| !bundled(i));
        for &(i, a) in list.iter().filter(|(i, a)| {
            named_twice && a.kind != AliasKind::Surname && !a.ambiguous && !(users && bundled(*i))
        }) {
            let path = &entities[i].source.path;
            let how = if path.ends_with(".tsv") || path.ends_with(".csv") {
                "write yes in a fifth column, ambiguous (alias, label, type, id, ambiguous)"
            } else if path.ends_with(".jsonl") {
                "add \"ambiguous\": true to the pattern"
            } else {
                "mark it ambiguous = true wherever it is shared"
            };
            problems.push(
                Problem::new(
                    a.location(&entities[i]),
                    format!(
                        "alias {:?} is shared by {names} but not declared ambiguous here",
                        a.text
                    ),
                )
                .hint(format!("{how}, or keep it under one entity")),
            );
        }
        let mut safe: Vec<(usize, &Alias)> = list.iter().copied().filter(|(_, a)| a.safe).collect();
        safe.dedup_by_key(|(i, _)| *i);
        if safe.len() > 1 {
            for &(i, a) in &safe {
                problems.push(
                    Problem::new(
                        a.location(&entities[i]),
                        format!("surname {:?} is marked safe by several of {names}", a.text),
                    )
                    .hint("at most one person may have a surname marked safe; drop `safe` from the others"),
                );
            }
        }
    }
    for (phrase, loc) in ignore {
        let folded = fold(phrase, true);
        if !folded.chars().next().is_some_and(is_word_char) {
            problems.push(
                Problem::new(
                    loc.clone(),
                    format!("ignored phrase {phrase:?} does not start with a letter or digit"),
                )
                .hint("write the phrase as it appears in text"),
            );
        } else if let Some(&(i, _)) = uses.get(folded.as_str()).and_then(|l| l.first()) {
            problems.push(
                Problem::new(
                    loc.clone(),
                    format!("ignored phrase {phrase:?} is also an alias of `{}`", entities[i].id),
                )
                .hint("remove it from one of the two lists"),
            );
        }
    }
}

fn check_office_overlaps(entities: &[Entity], problems: &mut Vec<Problem>) {
    // An acting term may overlap the term of the holder it acts for, not another
    // acting term.
    type Key = (EntityIndex, String, bool);
    let mut terms: FxHashMap<Key, Vec<(usize, &Office)>> = FxHashMap::default();
    for (i, e) in entities.iter().enumerate() {
        for o in e.offices.iter().filter(|o| !o.shared) {
            terms.entry((o.of, o.title.to_lowercase(), o.acting)).or_default().push((i, o));
        }
    }
    let mut keys: Vec<_> = terms.keys().cloned().collect();
    keys.sort();
    for key in keys {
        let list = terms.get_mut(&key).expect("key from the map");
        list.sort_by_key(|&(person, o)| (o.start, person));
        // The term that reaches furthest so far; a later start before its end overlaps.
        let mut reach: Option<(usize, &Office)> = None;
        for &(person, o) in list.iter() {
            if let Some((rp, r)) = reach
                && r.end.is_none_or(|end| o.start < end)
            {
                let until = r.end.map_or("today".to_string(), |d| d.to_string());
                problems.push(
                    Problem::new(
                        o.location(&entities[person]),
                        format!(
                            "{} of `{}`: `{}` from {} overlaps `{}` ({} to {until})",
                            o.title, entities[key.0.as_usize()].id, entities[person].id, o.start, entities[rp].id, r.start
                        ),
                    )
                    .hint("fix the dates (a term ends on its successor's first day; `replaces = \"id\"` on a new term ends the old one), mark a stand-in's term acting = true, or a collegial office shared = true"),
                );
            }
            let further = match reach {
                None => true,
                Some((_, r)) => match (r.end, o.end) {
                    (None, _) => false,
                    (Some(_), None) => true,
                    (Some(a), Some(b)) => b > a,
                },
            };
            if further {
                reach = Some((person, o));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    fn agree(check: fn(&str) -> bool, pattern: &str, s: &str) -> Result<(), TestCaseError> {
        let re = Regex::new(pattern).unwrap();
        prop_assert_eq!(check(s), re.is_match(s), "{:?} against {}", s, pattern);
        Ok(())
    }

    #[test]
    fn formats_on_examples() {
        assert!(is_id("united-states") && is_id("a.b:c/d_e") && is_id("Q1"));
        assert!(!is_id("") && !is_id("-a") && !is_id("a--b") && !is_id("a-") && !is_id("é"));
        assert!(is_type("leader") && is_type("my_type-2") && !is_type("Leader") && !is_type("2x"));
        assert!(is_qid("Q148") && !is_qid("Q") && !is_qid("Q012") && !is_qid("q148"));
        assert!(is_iso2("CN") && !is_iso2("cn") && !is_iso2("CHN") && is_iso3("CHN"));
    }

    proptest! {
        #[test]
        fn formats_agree_with_their_regular_expressions(s in "[ACQaz019é_./: -]{0,5}") {
            agree(is_id, r"^[A-Za-z0-9]+([-_.:/][A-Za-z0-9]+)*$", &s)?;
            agree(is_type, r"^[a-z][a-z0-9_-]*$", &s)?;
            agree(is_qid, r"^Q[1-9][0-9]*$", &s)?;
            agree(is_iso2, r"^[A-Z]{2}$", &s)?;
            agree(is_iso3, r"^[A-Z]{3}$", &s)?;
        }
    }
}
