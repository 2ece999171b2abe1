//! Overlays: `[[patch]]` tables and `replaces` terms, applied to the parsed records
//! before validation.
//!
//! Takes the parsed files in the order they were given and gives them back changed,
//! with a [`Patch`] record of every change. A patch names an entity of any loaded
//! file by its id and adds aliases or terms, ends a term, changes the label, QID,
//! Wikipedia title or description, or drops the entity (`disabled = true`). A term
//! with `replaces = "<id>"` ends that holder's term of the same office on its own
//! first day. Patches apply in file order, and within a file in the order written,
//! so a later file wins where two change the same thing; each file's `replaces`
//! terms apply right after its patches. A dropped entity takes with it the terms,
//! memberships and `part_of` links that name it.
//!
//! The key decision: patches change the records, not the checked entities, so a
//! patched gazetteer passes exactly the checks a hand-edited copy would.

use std::fmt;

use rustc_hash::{FxHashMap, FxHashSet};

use super::Date;
use super::raw::{Located, RawFile, RawOffice};
use crate::error::{Location, Problem};

/// One change an overlay made, for `gazetteer check` and the graph's metadata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Patch {
    /// The `[[patch]]` table, or the term with `replaces`, that made the change.
    pub location: Location,
    /// The id of the entity changed.
    pub id: String,
    /// What changed, one short phrase each (`added name "Kremlin"`).
    pub changes: Vec<String>,
}

impl fmt::Display for Patch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: `{}`: {}", self.location, self.id, self.changes.join("; "))
    }
}

/// Where each id is defined: (file, entity) positions.
type Positions = FxHashMap<String, (usize, usize)>;

/// Applies every patch and `replaces` of `files`, in order; reports problems.
pub(crate) fn apply(files: &mut [RawFile], problems: &mut Vec<Problem>) -> Vec<Patch> {
    let mut done = Vec::new();
    if files.iter().all(|f| f.patches.is_empty())
        && files
            .iter()
            .flat_map(|f| &f.entities)
            .all(|e| e.offices.iter().all(|o| o.replaces.is_none()))
    {
        return done;
    }
    let mut at: Positions = FxHashMap::default();
    for (fi, f) in files.iter().enumerate() {
        for (ei, e) in f.entities.iter().enumerate() {
            if let Some(id) = &e.id {
                at.entry(id.value.clone()).or_insert((fi, ei));
            }
        }
    }
    // The last word on `disabled` for each id, and the patch that said it.
    let mut disabled: FxHashMap<String, (bool, usize)> = FxHashMap::default();
    for fi in 0..files.len() {
        let patches = std::mem::take(&mut files[fi].patches);
        for patch in patches {
            let Some(id) = &patch.id else {
                problems.push(
                    Problem::new(
                        patch.location.clone(),
                        "a patch needs the `id` of the entity it changes",
                    )
                    .hint("add id = \"...\" (`entgraph gazetteer show ID` prints an entity)"),
                );
                continue;
            };
            let ploc = patch.location.at(id.line);
            let Some(&(tf, te)) = at.get(&id.value) else {
                problems.push(
                    Problem::new(ploc, format!("patch refers to unknown id `{}`", id.value)).hint(
                        "patch an entity of a loaded gazetteer (check a patch of the bundled \
                         ones with `entgraph gazetteer check --with-bundled`); to add an \
                         entity, write an [[entity]] table",
                    ),
                );
                continue;
            };
            let mut changes = Vec::new();
            let e = &mut files[tf].entities[te];
            for (field, new, old) in [
                ("label", &patch.label, &mut e.label),
                ("wikidata", &patch.wikidata, &mut e.wikidata),
                ("wikipedia", &patch.wikipedia, &mut e.wikipedia),
                ("description", &patch.description, &mut e.description),
            ] {
                let Some(new) = new else { continue };
                if field == "label" && new.value.trim().is_empty() {
                    problems.push(
                        Problem::new(patch.location.at(new.line), "`label` is empty")
                            .hint("write label = \"Display Name\", or leave the label out"),
                    );
                    continue;
                }
                if field == "wikidata" && !is_qid(&new.value) {
                    problems.push(
                        Problem::new(
                            patch.location.at(new.line),
                            format!("`wikidata` value `{}` is not valid", new.value),
                        )
                        .hint("a Wikidata QID is Q and digits, e.g. Q148"),
                    );
                    continue;
                }
                let was = old.as_ref().map_or("none".to_string(), |o| format!("{:?}", o.value));
                changes.push(format!("{field} {was} -> {:?}", new.value));
                let line = old.as_ref().map_or(e.location.line, |o| o.line);
                *old = Some(Located::new(new.value.clone(), line));
            }
            for mut a in patch.aliases {
                if e.aliases.iter().any(|b| b.kind == a.kind && b.text == a.text) {
                    changes.push(format!("{} {:?} already there", alias_word(a.kind), a.text));
                    continue;
                }
                changes.push(format!("added {} {:?}", alias_word(a.kind), a.text));
                a.origin = Some(patch.location.at(a.line));
                e.aliases.push(a);
            }
            for end in &patch.ends {
                let eloc = patch.location.at(end.line);
                if let Some(change) = end_term(&mut e.offices, end, &eloc, problems) {
                    changes.push(change);
                }
            }
            let mut replacing = Vec::new();
            for mut o in patch.offices {
                let oloc = patch.location.at(o.line);
                changes.push(format!(
                    "added term {} of {} from {}",
                    o.title.as_deref().unwrap_or("?"),
                    o.of.as_deref().unwrap_or("?"),
                    o.start.as_deref().unwrap_or("?")
                ));
                o.origin = Some(oloc.clone());
                if o.replaces.is_some() {
                    replacing.push((oloc, id.value.clone(), clone_office(&o)));
                }
                e.offices.push(o);
            }
            if let Some(d) = &patch.disabled {
                changes.push(if d.value { "disabled" } else { "enabled" }.to_string());
                disabled.insert(id.value.clone(), (d.value, done.len()));
            }
            if changes.is_empty() {
                changes.push("no change".to_string());
            }
            done.push(Patch { location: patch.location.clone(), id: id.value.clone(), changes });
            for (oloc, by, o) in replacing {
                replace(files, &at, &by, &o, &oloc, problems, &mut done);
            }
        }
        // The file's own entities' `replaces` terms.
        let mut replacing = Vec::new();
        for e in &files[fi].entities {
            let Some(by) = &e.id else { continue };
            for o in e.offices.iter().filter(|o| o.replaces.is_some() && o.origin.is_none()) {
                replacing.push((e.location.at(o.line), by.value.clone(), clone_office(o)));
            }
        }
        for (oloc, by, o) in replacing {
            replace(files, &at, &by, &o, &oloc, problems, &mut done);
        }
    }
    drop_disabled(files, &disabled, &mut done);
    done
}

fn is_qid(s: &str) -> bool {
    s.strip_prefix('Q').is_some_and(|d| {
        !d.is_empty() && !d.starts_with('0') && d.bytes().all(|b| b.is_ascii_digit())
    })
}

fn alias_word(kind: super::AliasKind) -> &'static str {
    match kind {
        super::AliasKind::Name => "name",
        super::AliasKind::Abbreviation => "abbreviation",
        super::AliasKind::Demonym => "demonym",
        super::AliasKind::Surname => "surname",
        super::AliasKind::Combining => "combining form",
    }
}

fn clone_office(o: &RawOffice) -> RawOffice {
    RawOffice {
        line: o.line,
        title: o.title.clone(),
        of: o.of.clone(),
        start: o.start.clone(),
        end: o.end.clone(),
        role: o.role.clone(),
        shared: o.shared,
        acting: o.acting,
        replaces: o.replaces.clone(),
        origin: o.origin.clone(),
    }
}

fn same_office(o: &RawOffice, title: &str, of: &str) -> bool {
    o.of.as_deref() == Some(of) && o.title.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(title))
}

/// Ends, on `end.end`, the term of `end.title` of `end.of` in `offices` that runs
/// past that day, or whose end a patch set (the latest such term that began
/// before the day).
fn end_term(
    offices: &mut [RawOffice],
    end: &RawOffice,
    loc: &Location,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let (Some(title), Some(of), Some(day)) = (&end.title, &end.of, &end.end) else {
        problems
            .push(Problem::new(loc.clone(), "a term to end needs `title`, `of` and `end`").hint(
                "write { title = \"President\", of = \"country-id\", end = \"YYYY-MM-DD\" }",
            ));
        return None;
    };
    let Some(date) = Date::parse(day) else {
        problems.push(
            Problem::new(loc.clone(), format!("`end` date `{day}` is not a date"))
                .hint("write YYYY-MM-DD, YYYY-MM or YYYY"),
        );
        return None;
    };
    let found = offices
        .iter_mut()
        .filter(|o| same_office(o, title, of))
        .filter(|o| o.start.as_deref().and_then(Date::parse).is_some_and(|s| s < date))
        // A term that runs past the day, or one whose end an earlier patch set:
        // a later file may move that end either way.
        .filter(|o| {
            o.origin.is_some() || o.end.as_deref().and_then(Date::parse).is_none_or(|e| e > date)
        })
        .max_by_key(|o| o.start.as_deref().and_then(Date::parse));
    match found {
        Some(o) => {
            o.end = Some(day.clone());
            o.origin = Some(loc.clone());
            Some(format!("ended term {title} of {of} on {day}"))
        }
        None => {
            problems.push(
                Problem::new(loc.clone(), format!("no term as {title} of `{of}` runs past {day}"))
                    .hint("check the title, `of` and dates (`entgraph gazetteer show ID` lists the terms)"),
            );
            None
        }
    }
}

/// Ends the term of `o.replaces` in the office `o` holds on `o`'s first day.
fn replace(
    files: &mut [RawFile],
    at: &Positions,
    by: &str,
    o: &RawOffice,
    loc: &Location,
    problems: &mut Vec<Problem>,
    done: &mut Vec<Patch>,
) {
    let replaced = o.replaces.as_ref().expect("only terms with `replaces`");
    let (Some(title), Some(of), Some(start)) = (&o.title, &o.of, &o.start) else {
        return; // validation reports the missing field
    };
    let Some(day) = Date::parse(start) else { return };
    let Some(&(f, e)) = at.get(&replaced.value) else {
        problems.push(
            Problem::new(loc.clone(), format!("`replaces` names unknown id `{}`", replaced.value))
                .hint("name the id of the holder whose term this one ends"),
        );
        return;
    };
    let offices = &mut files[f].entities[e].offices;
    let held = offices.iter_mut().filter(|t| same_office(t, title, of)).find(|t| {
        t.start.as_deref().and_then(Date::parse).is_some_and(|s| s < day)
            && t.end.as_deref().and_then(Date::parse).is_none_or(|e| e > day)
    });
    match held {
        Some(t) => {
            t.end = Some(start.clone());
            t.origin = Some(loc.clone());
            done.push(Patch {
                location: loc.clone(),
                id: replaced.value.clone(),
                changes: vec![format!("ended term {title} of {of} on {start}, replaced by `{by}`")],
            });
        }
        None => problems.push(
            Problem::new(
                loc.clone(),
                format!(
                    "`replaces`: `{}` holds no term as {title} of `{of}` on {start}",
                    replaced.value
                ),
            )
            .hint("check the id, the title and the dates (`entgraph gazetteer holders ...`)"),
        ),
    }
}

/// Removes the entities whose last patch said `disabled = true`, and the terms,
/// memberships and `part_of` links that name them.
fn drop_disabled(
    files: &mut [RawFile],
    disabled: &FxHashMap<String, (bool, usize)>,
    done: &mut [Patch],
) {
    let gone: FxHashSet<&str> =
        disabled.iter().filter(|(_, (d, _))| *d).map(|(id, _)| id.as_str()).collect();
    if gone.is_empty() {
        return;
    }
    let mut removed: FxHashMap<&str, usize> = FxHashMap::default();
    for f in files.iter_mut() {
        f.entities.retain(|e| e.id.as_ref().is_none_or(|id| !gone.contains(id.value.as_str())));
        for e in &mut f.entities {
            e.offices.retain(|o| match o.of.as_deref().and_then(|of| gone.get(of)) {
                Some(of) => {
                    *removed.entry(of).or_default() += 1;
                    false
                }
                None => true,
            });
            e.members.retain(|m| match m.id.as_deref().and_then(|id| gone.get(id)) {
                Some(id) => {
                    *removed.entry(id).or_default() += 1;
                    false
                }
                None => true,
            });
            if let Some(p) = e.part_of.as_ref().and_then(|p| gone.get(p.value.as_str())) {
                *removed.entry(p).or_default() += 1;
                e.part_of = None;
            }
        }
    }
    for (id, &(d, patch)) in disabled {
        if d && let Some(n) = removed.get(id.as_str()).filter(|&&n| n > 0) {
            let s = if *n == 1 { "" } else { "s" };
            done[patch].changes.push(format!("dropped {n} term{s} or link{s} that name it"));
        }
    }
}
