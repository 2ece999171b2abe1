//! `entgraph gazetteer ...`: check, stats, aliases, export, holders, show.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use entgraph::gazetteer::{
    AliasKind, BUNDLED_FILES, CasePolicy, Date, EntityIndex, EntityType, Role, Roles,
};
use entgraph::{Gazetteer, GazetteerBuilder};

use crate::args::{GazetteerCommand, StatsFormat};
use crate::load_gazetteer;
use crate::output::Output;

pub fn run(cmd: GazetteerCommand) -> Result<ExitCode> {
    // Standard output through `Output`: a full disk or a closed pipe is an error
    // that names it, not a panic.
    let mut output = Output::create(None)?;
    let out = output.writer();
    match cmd {
        GazetteerCommand::Check { paths, with_bundled } => {
            let mut builder = GazetteerBuilder::new();
            builder.roles(Roles::All);
            if paths.is_empty() || with_bundled {
                builder.bundled();
            }
            for path in expand(&paths)? {
                builder.add_path(path)?;
            }
            let gazetteer = builder.build()?;
            for w in gazetteer.warnings() {
                crate::progress::eprint_line(&format!("entgraph: warning: {w}"));
            }
            let aliases: usize = gazetteer.entities().iter().map(|e| e.aliases.len()).sum();
            writeln!(out, "ok: {} entities, {} aliases", gazetteer.len(), aliases)?;
            for p in gazetteer.patches() {
                writeln!(out, "patch {p}")?;
            }
        }
        GazetteerCommand::Stats { gazetteer, format } => {
            let g = load_gazetteer(&gazetteer, Roles::All)?;
            let stats = stats(&g);
            match format {
                StatsFormat::Json => {
                    serde_json::to_writer_pretty(&mut *out, &stats).map_err(io::Error::from)?;
                    writeln!(out)?;
                }
                StatsFormat::Text => {
                    for (section, counts) in stats.as_object().expect("stats is an object") {
                        writeln!(out, "{section}:")?;
                        for (k, v) in counts.as_object().expect("each section is an object") {
                            writeln!(out, "  {k:<26} {v}")?;
                        }
                    }
                }
            }
        }
        GazetteerCommand::Aliases { gazetteer } => {
            let g = load_gazetteer(&gazetteer, Roles::All)?;
            writeln!(out, "alias\tentity\ttype\tkind\tcase\tambiguous\tsafe")?;
            for e in g.entities() {
                for a in &e.aliases {
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        a.text.replace(['\t', '\n'], " "),
                        e.id,
                        e.entity_type,
                        a.kind.as_str(),
                        a.case.as_str(),
                        a.ambiguous,
                        a.safe
                    )?;
                }
            }
        }
        GazetteerCommand::Export { dir, force } => {
            for path in export(&dir, force)? {
                writeln!(out, "{}", path.display())?;
            }
        }
        GazetteerCommand::Holders { query, date, gazetteer } => {
            let g = load_gazetteer(&gazetteer, Roles::All)?;
            let date = date.as_deref().map(crate::parse_date).transpose()?;
            holders(out, &g, query.as_deref(), date)?;
        }
        GazetteerCommand::Show { id, gazetteer } => {
            let g = load_gazetteer(&gazetteer, Roles::All)?;
            show(out, &g, &id)?;
        }
    }
    output.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// The gazetteer files that `paths` name: a file itself, a folder's gazetteer files
/// (of a known extension, at any depth) in the order of their paths.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
        let entries = std::fs::read_dir(dir)
            .with_context(|| format!("could not read the folder {}", dir.display()))?;
        let mut paths: Vec<PathBuf> = entries
            .map(|e| e.map(|e| e.path()))
            .collect::<io::Result<_>>()
            .with_context(|| format!("could not read the folder {}", dir.display()))?;
        paths.sort();
        for p in paths {
            if p.is_dir() {
                walk(&p, out)?;
            } else if entgraph::gazetteer::GazetteerFormat::from_path(&p).is_some() {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let before = out.len();
            walk(path, &mut out)?;
            if out.len() == before {
                return Err(crate::usage(format!(
                    "{}: the folder holds no gazetteer file (.toml, .tsv, .csv or .jsonl)",
                    path.display()
                )));
            }
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// Writes the bundled files into `dir`, named so that their paths sort in the
/// order they load (`01-countries.toml`, ...): `--gazetteer DIR` then loads the
/// same gazetteer. Gives the paths written.
fn export(dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
    let targets: Vec<(PathBuf, &str)> = BUNDLED_FILES
        .iter()
        .enumerate()
        .map(|(i, &(name, text))| {
            let name = name.strip_prefix("gazetteers/").unwrap_or(name).replace('/', "-");
            (dir.join(format!("{:02}-{name}", i + 1)), text)
        })
        .collect();
    if !force && let Some((p, _)) = targets.iter().find(|(p, _)| p.exists()) {
        return Err(crate::usage(format!(
            "{} exists; give --force to overwrite it, or choose another --dir",
            p.display()
        )));
    }
    std::fs::create_dir_all(dir)
        .with_context(|| format!("could not create the folder {}", dir.display()))?;
    for (path, text) in &targets {
        std::fs::write(path, text)
            .with_context(|| format!("could not write {}", path.display()))?;
    }
    Ok(targets.into_iter().map(|(p, _)| p).collect())
}

/// The entity `query` names: its id, or else a name or label of it (any case).
fn find(g: &Gazetteer, query: &str, keep: impl Fn(&EntityType) -> bool) -> Option<EntityIndex> {
    if let Some(i) = g.get(query).filter(|&i| keep(&g.entity(i).entity_type)) {
        return Some(i);
    }
    let q = query.trim().to_lowercase();
    g.iter()
        .filter(|(_, e)| keep(&e.entity_type))
        .find(|(_, e)| {
            e.label.to_lowercase() == q
                || e.aliases
                    .iter()
                    .any(|a| a.kind != AliasKind::Surname && a.text.to_lowercase() == q)
        })
        .map(|(i, _)| i)
}

fn is_place(t: &EntityType) -> bool {
    matches!(t, EntityType::Country | EntityType::Organisation)
}

/// `gazetteer holders`: one line per term, as TSV.
fn holders(
    out: &mut dyn Write,
    g: &Gazetteer,
    query: Option<&str>,
    date: Option<Date>,
) -> Result<()> {
    let titles: std::collections::BTreeSet<String> =
        g.entities().iter().flat_map(|e| &e.offices).map(|o| o.title.to_lowercase()).collect();
    // Which places, and which title: "France", "Prime Minister", "Prime Minister of Japan".
    let (places, title): (Vec<EntityIndex>, Option<String>) = match query {
        None => {
            (g.iter().filter(|(_, e)| is_place(&e.entity_type)).map(|(i, _)| i).collect(), None)
        }
        Some(q) => {
            let lower = q.trim().to_lowercase();
            // "Chairman of the Council of State of Kiribati": try each " of ".
            let q = q.trim();
            let split = q
                .to_ascii_lowercase()
                .match_indices(" of ")
                .map(|(at, _)| (&q[..at], q[at + 4..].trim_start_matches("the ")))
                .find_map(|(t, p)| {
                    let t = t.to_lowercase();
                    let place = find(g, p, is_place)?;
                    titles.contains(&t).then_some((t, place))
                });
            if let Some(place) = find(g, q, is_place) {
                (vec![place], None)
            } else if titles.contains(&lower) {
                let all = g.iter().filter(|(_, e)| is_place(&e.entity_type)).map(|(i, _)| i);
                (all.collect(), Some(lower))
            } else if let Some((t, place)) = split {
                (vec![place], Some(t))
            } else {
                return Err(crate::usage(format!(
                    "{q:?} is neither a country or organisation nor an office title; give an id \
                     (`entgraph gazetteer show ID`), a name, or a title such as \"President\""
                )));
            }
        }
    };
    writeln!(out, "of\toffice\tholder\tlabel\tstart\tend\tacting\tsource")?;
    for place in places {
        for (p, i) in g.holders(place, title.as_deref(), date) {
            let (e, o) = (g.entity(p), &g.entity(p).offices[i]);
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                g.entity(place).id,
                o.title,
                e.id,
                e.label,
                o.start,
                o.end.map(|d| d.to_string()).unwrap_or_default(),
                if o.acting { "acting" } else { "" },
                o.location(e)
            )?;
        }
    }
    Ok(())
}

/// `gazetteer show`: one entity, field by field, with where each part came from.
fn show(out: &mut dyn Write, g: &Gazetteer, query: &str) -> Result<()> {
    let Some(index) = find(g, query, |_| true) else {
        return Err(crate::usage(format!(
            "no entity has the id or name {query:?}; `entgraph gazetteer aliases` lists them all"
        )));
    };
    let e = g.entity(index);
    writeln!(out, "{}  ({}, {})", e.id, e.entity_type, e.source)?;
    let mut field = |name: &str, value: Option<String>| -> io::Result<()> {
        match value {
            Some(v) => writeln!(out, "  {name:<12} {v}"),
            None => Ok(()),
        }
    };
    field("label", Some(e.label.clone()))?;
    field("wikidata", e.wikidata.clone())?;
    field("wikipedia", e.wikipedia.clone())?;
    field("description", e.description.clone())?;
    field("status", e.status.map(|s| s.as_str().to_string()))?;
    field("iso2", e.iso2.clone())?;
    field("iso3", e.iso3.clone())?;
    field("part_of", e.part_of.map(|p| g.entity(p).id.clone()))?;
    field("start", e.start.map(|d| d.to_string()))?;
    field("end", e.end.map(|d| d.to_string()))?;
    for p in g.patches().iter().filter(|p| p.id == e.id) {
        writeln!(out, "  {:<12} {} ({})", "patched", p.changes.join("; "), p.location)?;
    }
    writeln!(out, "  aliases")?;
    for a in &e.aliases {
        let mut notes = vec![a.kind.as_str(), a.case.as_str()];
        if a.ambiguous {
            notes.push("ambiguous");
        }
        if a.safe {
            notes.push("safe");
        }
        writeln!(out, "    {:?} ({})  {}", a.text, notes.join(", "), a.location(e))?;
    }
    if !e.offices.is_empty() {
        writeln!(out, "  offices")?;
        for o in &e.offices {
            let end = o.end.map(|d| d.to_string()).unwrap_or_default();
            let mut notes = Vec::new();
            if let Some(r) = o.role {
                notes.push(r.as_str());
            }
            if o.acting {
                notes.push("acting");
            }
            if o.shared {
                notes.push("shared");
            }
            let notes =
                if notes.is_empty() { String::new() } else { format!(" ({})", notes.join(", ")) };
            let of = &g.entity(o.of).id;
            writeln!(
                out,
                "    {} of {of}, {} to {end}{notes}  {}",
                o.title,
                o.start,
                o.location(e)
            )?;
        }
    }
    if !e.members.is_empty() {
        writeln!(out, "  members")?;
        for m in &e.members {
            let (start, end) = (m.start.map(|d| d.to_string()), m.end.map(|d| d.to_string()));
            let when = match (start, end) {
                (None, None) => String::new(),
                (s, e) => format!(", {} to {}", s.unwrap_or_default(), e.unwrap_or_default()),
            };
            writeln!(out, "    {} ({}{when})", g.entity(m.member).id, m.status.as_str())?;
        }
    }
    let member_of: Vec<String> = g
        .entities()
        .iter()
        .filter_map(|org| {
            let m = org.members.iter().find(|m| m.member == index)?;
            Some(format!("{} ({})", org.id, m.status.as_str()))
        })
        .collect();
    if !member_of.is_empty() {
        writeln!(out, "  member of    {}", member_of.join(", "))?;
    }
    Ok(())
}

fn stats(g: &entgraph::Gazetteer) -> serde_json::Value {
    let mut types: BTreeMap<String, u64> = BTreeMap::new();
    let mut kinds: BTreeMap<&str, u64> = AliasKind::ALL.iter().map(|k| (k.as_str(), 0)).collect();
    let mut cases: BTreeMap<&str, u64> = BTreeMap::new();
    let mut status: BTreeMap<&str, u64> = BTreeMap::new();
    let mut other: BTreeMap<&str, u64> = BTreeMap::new();
    let mut org_kinds: BTreeMap<&str, u64> = BTreeMap::new();
    // Offices by role, and people by role (a person counts once per role held).
    let mut offices: BTreeMap<&str, u64> = Role::ALL.iter().map(|r| (r.as_str(), 0)).collect();
    let mut people: BTreeMap<&str, u64> = Role::ALL.iter().map(|r| (r.as_str(), 0)).collect();
    for e in g.entities() {
        if e.entity_type == EntityType::Organisation {
            let kind = e.kind.map_or("other", |k| k.as_str());
            *org_kinds.entry(kind).or_default() += 1;
        }
        let mut roles: Vec<&str> = Vec::new();
        for o in &e.offices {
            let role = o.role.map_or("none", |r| r.as_str());
            *offices.entry(role).or_default() += 1;
            if !roles.contains(&role) {
                roles.push(role);
                *people.entry(role).or_default() += 1;
            }
        }
        *types.entry(e.entity_type.to_string()).or_default() += 1;
        for a in &e.aliases {
            *kinds.entry(a.kind.as_str()).or_default() += 1;
            let case = match a.case {
                CasePolicy::Sensitive => "sensitive",
                CasePolicy::Insensitive => "insensitive",
                CasePolicy::Proper => "proper",
            };
            *cases.entry(case).or_default() += 1;
            if a.ambiguous {
                *other.entry("ambiguous aliases").or_default() += 1;
            }
            if a.safe {
                *other.entry("safe surnames").or_default() += 1;
            }
        }
        if let Some(s) = e.status {
            *status.entry(s.as_str()).or_default() += 1;
        }
        *other.entry("offices").or_default() += e.offices.len() as u64;
        *other.entry("memberships").or_default() += e.members.len() as u64;
        if e.wikidata.is_some() {
            *other.entry("with wikidata").or_default() += 1;
        }
        if e.wikipedia.is_some() {
            *other.entry("with wikipedia").or_default() += 1;
        }
    }
    other.insert("entities", g.len() as u64);
    other.insert("ignored phrases", g.ignored_phrases().count() as u64);
    serde_json::json!({
        "types": types,
        "alias kinds": kinds,
        "alias case": cases,
        "country status": status,
        "organisation kind": org_kinds,
        "offices by role": offices,
        "people by role": people,
        "totals": other,
    })
}
