//! `entgraph gazetteer ...`: check, stats, aliases.

use std::collections::BTreeMap;
use std::io;
use std::process::ExitCode;

use anyhow::Result;
use entgraph::EntityType;
use entgraph::GazetteerBuilder;
use entgraph::gazetteer::{AliasKind, CasePolicy, Role, Roles};

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
            for path in &paths {
                builder.add_path(path)?;
            }
            let gazetteer = builder.build()?;
            for w in gazetteer.warnings() {
                crate::progress::eprint_line(&format!("entgraph: warning: {w}"));
            }
            let aliases: usize = gazetteer.entities().iter().map(|e| e.aliases.len()).sum();
            writeln!(out, "ok: {} entities, {} aliases", gazetteer.len(), aliases)?;
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
    }
    output.finish()?;
    Ok(ExitCode::SUCCESS)
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
