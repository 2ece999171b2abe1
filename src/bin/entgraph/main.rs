//! The `entgraph` command-line tool: a thin layer over the library.
//!
//! Exit status: 0 on success; 1 on a runtime error (or more documents skipped
//! than `--max-skipped` allows); 2 on a usage or gazetteer error; 3 when the run
//! completed but skipped documents (a directory with no file to read counts as
//! one; the output is still written), unless `--max-skipped` allowed them.

mod args;
mod dates;
mod gazetteer_cmd;
mod input;
mod language;
mod merge_input;
mod output;
mod progress;
mod shape;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;
use entgraph::export::MentionsExporter;
use entgraph::gazetteer::{Date, Roles};
use entgraph::graph::{Isolates, MergeError, Pruning};
use entgraph::pipeline::{Outcome, Pipeline, Skipped};
use entgraph::relations::CueLexicon;
use entgraph::{
    CooccurrenceGraph, CytoscapeExporter, DotExporter, ErrorKind, Extraction, Extractor, Gazetteer,
    GazetteerBuilder, GexfExporter, GraphBuilder, GraphmlExporter, HtmlExporter, JsonExporter,
    ResolverConfig, Scope,
};

use crate::args::{
    Command, EdgesKey, ExtractArgs, GazetteerArgs, JsonArgs, MergeArgs, NodePruneArgs, Opts,
    OutputFormat, RolesArg,
};
use crate::input::{Documents, InputOptions, Reading};
use crate::output::Output;
use crate::progress::Progress;

fn main() -> ExitCode {
    let opts = Opts::parse();
    match run(opts) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            progress::eprint_line(&format!("entgraph: {err:#}"));
            let usage = err
                .chain()
                .filter_map(|e| e.downcast_ref::<entgraph::Error>())
                .any(|e| matches!(e.kind(), ErrorKind::Gazetteer | ErrorKind::Input));
            ExitCode::from(if usage || err.downcast_ref::<UsageError>().is_some() { 2 } else { 1 })
        }
    }
}

/// An error in what the user asked for (exit status 2).
#[derive(Debug)]
struct UsageError(String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

pub fn usage(message: impl Into<String>) -> anyhow::Error {
    UsageError(message.into()).into()
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(opts: Opts) -> Result<ExitCode> {
    match opts.command {
        Command::Extract(args) => extract(*args),
        Command::Merge(args) => merge(args),
        Command::Gazetteer(cmd) => gazetteer_cmd::run(cmd),
    }
}

/// Loads the gazetteers the options name, keeping the people of `--roles` (or of
/// `roles` when it is not given); prints warnings.
pub fn load_gazetteer(args: &GazetteerArgs, roles: Roles) -> Result<Gazetteer> {
    let mut builder = GazetteerBuilder::new();
    builder.roles(args.roles.map_or(roles, RolesArg::roles));
    if !args.no_default_gazetteers {
        builder.bundled();
    }
    for path in gazetteer_cmd::expand(&args.gazetteers)? {
        builder.add_path(path)?;
    }
    // Files are parsed and checked on the threads of the pool this runs in, or
    // on one thread per core.
    let gazetteer = if rayon::current_thread_index().is_some() {
        builder.build()?
    } else {
        rayon::ThreadPoolBuilder::new().build()?.install(|| builder.build())?
    };
    for w in gazetteer.warnings() {
        progress::eprint_line(&format!("entgraph: warning: {w}"));
    }
    if gazetteer.is_empty() {
        return Err(usage(
            "no entities to look for: --no-default-gazetteers was given without a --gazetteer file",
        ));
    }
    Ok(gazetteer)
}

pub fn parse_date(s: &str) -> Result<Date> {
    Date::parse(s).ok_or_else(|| {
        let why = dates::problem(s).unwrap_or_default();
        usage(format!("--date {s:?} is not a date: {why}"))
    })
}

/// The exit status of a run that completed but skipped documents.
const SKIPPED: u8 = 3;

/// How many threads a run may use: more only cost memory (each holds a document
/// and its work), and tens of thousands exhaust it.
fn threads(asked: Option<usize>) -> Result<usize> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let Some(asked) = asked else { return Ok(cores) };
    if asked == 0 {
        return Err(usage("--threads must be at least 1"));
    }
    let max = THREADS_PER_CORE * cores;
    if asked > max {
        progress::eprint_line(&format!(
            "entgraph: warning: --threads {asked} is more than {THREADS_PER_CORE} per core \
             ({cores} core{}): using {max}; more threads would only cost memory",
            if cores == 1 { "" } else { "s" }
        ));
        return Ok(max);
    }
    Ok(asked)
}

/// The most threads per core that `--threads` gives.
const THREADS_PER_CORE: usize = 4;

/// Units left out of the pairs that are named one by one; the rest are counted.
const CROWDED_WARNINGS: usize = 10;

/// What one run read, for the final report.
#[derive(Default)]
struct Report {
    documents: u64,
    bytes: u64,
    skipped: Vec<(String, String)>,
}

fn extract(args: ExtractArgs) -> Result<ExitCode> {
    let scope = Scope::parse(&args.scope).ok_or_else(|| {
        usage(format!(
            "--scope {:?} is not a scope; use sentence, paragraph, window:N or document",
            args.scope
        ))
    })?;
    let default_date = args.date.as_deref().map(parse_date).transpose()?;
    output::refuse_input_as_output(&args.inputs, args.output.as_deref()).map_err(usage)?;
    let globs = InputOptions::globs(&args.glob).map_err(|e| usage(format!("--glob: {e}")))?;
    let opts = InputOptions {
        format: args.input_format,
        id_field: args.id_field.clone(),
        text_field: args.text_field.clone(),
        date_field: args.date_field.clone(),
        country_field: args.country_field.clone(),
        default_country: args.country.clone(),
        default_date,
        globs,
        glob_patterns: args.glob.clone(),
        keep_fields: keep_fields(&args.keep_field),
        output: args.output.as_deref().and_then(output::file_id),
        date_field_given: args.date_field != "date",
    };
    let graph_output = args.format.is_graph();
    if args.per_document && !matches!(args.format, OutputFormat::Json) {
        return Err(usage(
            "--per-document writes JSON Lines; leave out --format or use --format json",
        ));
    }
    let csv_dir = csv_dir(args.format, args.output.as_deref())?;
    if args.flat && args.format != OutputFormat::Json {
        return Err(usage("--flat is an option of --format json"));
    }
    if args.dynamic_weight && args.format != OutputFormat::Gexf {
        return Err(usage("--dynamic-weight is an option of --format gexf"));
    }
    if args.features && args.format != OutputFormat::Mentions {
        return Err(usage("--features is an option of --format mentions"));
    }

    let threads = threads(args.threads)?;
    let pool = std::sync::Arc::new(rayon::ThreadPoolBuilder::new().num_threads(threads).build()?);
    // The gazetteers load, and the matcher is built, on the pool's threads.
    let gazetteer = pool.install(|| load_gazetteer(&args.gazetteer, Roles::Heads))?;
    let config = ResolverConfig::new()
        .demonyms(!args.no_demonyms)
        .explain(args.explain)
        .in_names(args.in_names == args::InNames::Keep)
        .min_confidence(args.min_confidence)
        .features(args.features)
        .teams(args.teams == args::Teams::Keep)
        .metonyms(args.metonyms);
    if let Some(code) = &args.country
        && gazetteer.country(code).is_none()
    {
        return Err(usage(format!(
            "--country {code:?} is not a country of the gazetteer; give an ISO 3166 code \
             (GB, GBR) or an entity id (united-kingdom)"
        )));
    }
    let mut extractor = pool.install(|| Extractor::with_config(&gazetteer, config))?;
    if let Some(path) = &args.cues {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("could not read {}", path.display()))?;
        extractor = extractor.cues(&CueLexicon::parse(&path.display().to_string(), &text)?);
    }

    let mut builder = GraphBuilder::new(&gazetteer);
    let max_unit_entities = (args.max_unit_entities > 0).then_some(args.max_unit_entities);
    builder
        .scope(scope)
        .evidence_limit(Some(args.evidence))
        .knowledge(args.knowledge)
        .max_unit_entities(max_unit_entities)
        .max_evidence_bytes((args.max_evidence_bytes > 0).then_some(args.max_evidence_bytes));
    builder.doc_id_limit(args.doc_ids);
    // The settings a graph records, so that merge can check its inputs agree.
    // Roles, in-names, confidence, teams and metonyms are recorded only when not
    // the default, so that default graphs stay as they were.
    let relations = cues_fingerprint(args.cues.as_deref())?;
    let settings = builder.settings();
    settings.max_unit_entities = Some(max_unit_entities);
    settings.gazetteer = Some(gazetteer.fingerprint());
    settings.gazetteer_as_of = gazetteer.as_of();
    settings.gazetteer_patches = (!gazetteer.patches().is_empty()).then(|| {
        gazetteer.patches().iter().map(|p| format!("{}: {}", p.id, p.changes.join("; "))).collect()
    });
    settings.demonyms = Some(!args.no_demonyms);
    settings.roles = (gazetteer.roles() != Roles::Heads).then_some(gazetteer.roles());
    settings.in_names = (args.in_names == args::InNames::Keep).then(|| "keep".to_string());
    settings.min_confidence = (args.min_confidence > 0.0)
        .then(|| (f64::from(args.min_confidence) * 1000.0).round() / 1000.0);
    settings.teams = (args.teams == args::Teams::Keep).then(|| "keep".to_string());
    settings.metonyms = args.metonyms.then_some(true);
    settings.relations = Some(relations);

    let mentions = MentionsExporter::new(&gazetteer);
    let mut out = Output::create(if csv_dir.is_some() { None } else { args.output.as_deref() })?;
    if args.format == OutputFormat::Tsv {
        mentions.tsv_header(out.writer())?;
    }
    let show = !args.quiet && (args.progress || io::stderr().is_terminal());
    let mut progress = Progress::new(show, input::total_bytes(&args.inputs, &opts));
    let mut report = Report::default();
    let mut crowded = 0usize;
    // Role phrases that named no one because their document had no date.
    let mut undated_roles = 0usize;
    // Documents that do not look like English: how many, and the first.
    let mut foreign: (u64, Option<String>) = (0, None);

    // The library's pipeline reads documents on this thread in batches, has them
    // decoded and extracted on the pool, and hands them back in input order: the
    // output does not depend on the number of threads.
    let pipeline = Pipeline::new(extractor.clone()).pool(pool.clone());
    let mut warned_files: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut warned_age = false;
    let reading = Documents::new(&args.inputs, &opts).map(|raw| Reading {
        raw,
        opts: &opts,
        gazetteer: &gazetteer,
    });
    pipeline.for_each(reading, |outcome| -> Result<()> {
        let doc = match outcome {
            Outcome::Extracted(doc, (warning, english)) => {
                if !english {
                    foreign.0 += 1;
                    foreign.1.get_or_insert_with(|| doc.id().to_string());
                }
                // Some warnings are given once per file, for its first bad line.
                if let Some(w) = warning
                    && w.once_per_file.is_none_or(|f| warned_files.insert(f))
                {
                    progress.println(&format!("entgraph: warning: {}", w.message));
                }
                doc
            }
            Outcome::Skipped(Skipped { what, reason }) => {
                if args.strict {
                    anyhow::bail!("{what}: {reason} (stopped by --strict)");
                }
                progress.println(&format!("entgraph: skipped {what}: {reason}"));
                report.skipped.push((what, reason));
                if let Some(max) = args.max_skipped
                    && report.skipped.len() as u64 > max
                {
                    anyhow::bail!(
                        "{} documents skipped, more than --max-skipped {max}: stopped, \
                                 and nothing was written",
                        report.skipped.len()
                    );
                }
                return Ok(());
            }
        };
        let doc = &*doc;
        let input = &doc.document;
        undated_roles += doc.context.undated_roles;
        if let (Some(as_of), Some(date)) = (gazetteer.as_of(), input.date)
            && date.first_day() > as_of
            && !warned_age
        {
            warned_age = true;
            let what = if args.date.is_some() && input.date == default_date {
                "--date".to_string()
            } else {
                format!("the date of document {}", input.id)
            };
            progress.println(&format!(
                "entgraph: warning: {what}, {date}, is later than {as_of}, the day the \
                         gazetteers' facts are current to: role phrases after that day may name \
                         a former holder (gazetteers/README.md says how to add the changes)"
            ));
        }
        if args.explain {
            explain(&gazetteer, doc);
        }
        match args.format {
            OutputFormat::Mentions => mentions.write_jsonl(out.writer(), doc)?,
            OutputFormat::Tsv => mentions.write_tsv(out.writer(), doc)?,
            _ if args.per_document => {
                let mut local = GraphBuilder::new(&gazetteer);
                local
                    .scope(scope)
                    .evidence_limit(Some(args.evidence))
                    .max_unit_entities(max_unit_entities);
                local.add_document(doc);
                crowded_units(&mut local, &mut crowded, &progress, args.max_unit_entities);
                let (_, edges, _) = local.build().into_parts();
                mentions.write_jsonl_with_edges(out.writer(), doc, &edges)?
            }
            _ => {}
        }
        if graph_output && !args.per_document {
            builder.add_document(doc);
            crowded_units(&mut builder, &mut crowded, &progress, args.max_unit_entities);
        }
        report.documents += 1;
        report.bytes += input.text.len() as u64;
        progress.advance(input.text.len() as u64);
        Ok(())
    })?;
    progress.finish();
    if let (n, Some(first)) = &foreign {
        progress::eprint_line(&format!(
            "entgraph: warning: {n} document{} do{} not look like English ({first}{}); \
             entgraph reads English text, and finds few of the names in other languages",
            if *n == 1 { "" } else { "s" },
            if *n == 1 { "es" } else { "" },
            if *n > 1 { " and others" } else { "" }
        ));
    }
    // Part of the final report: said once for the run, not per document.
    if undated_roles > 0 && !args.quiet {
        progress::eprint_line(&format!(
            "entgraph: warning: {undated_roles} role phrase{} (\"the prime minister\", \"the \
             Russian president\") named no one: {} documents had no date; give --date, \
             --date-field, or texts with a dateline",
            if undated_roles == 1 { "" } else { "s" },
            if undated_roles == 1 { "its" } else { "their" },
        ));
    }
    if crowded > CROWDED_WARNINGS {
        progress::eprint_line(&format!(
            "entgraph: warning: {} more units named more than --max-unit-entities {} \
             entities and gave no pairs ({crowded} in all)",
            crowded - CROWDED_WARNINGS,
            args.max_unit_entities
        ));
    }

    // A run that read nothing (a mistyped name) must not replace yesterday's graph
    // with an empty one.
    if report.documents == 0 && !report.skipped.is_empty() {
        out.discard();
        if !args.quiet {
            summary(&report);
        }
        let kept = match (&csv_dir, &args.output) {
            (Some(dir), _) => format!("; {} is left as it was", dir.display()),
            (None, Some(file)) => format!("; {} is left as it was", file.display()),
            (None, None) => String::new(),
        };
        anyhow::bail!("no document was read, so nothing was written{kept}");
    }

    if graph_output && !args.per_document {
        let pruning = pruning_of(&args.nodes, args.min_weight, args.min_documents, args.top_edges);
        let graph = prune(builder.build(), &pruning);
        match &csv_dir {
            Some(dir) => output::write_csv(&graph, dir)?,
            None => {
                let how = Style::new(args.flat, args.dynamic_weight, &args.json);
                write_graph(&graph, args.format, how, out.writer())?
            }
        }
        // The process ends soon: freeing the graph piece by piece would only cost time.
        std::mem::forget(graph);
    }
    out.finish()?;
    std::mem::forget(pipeline);
    std::mem::forget(extractor);
    std::mem::forget(gazetteer);

    if !args.quiet {
        summary(&report);
    }
    Ok(if report.skipped.is_empty() || args.max_skipped.is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(SKIPPED)
    })
}

/// The JSON Lines fields kept per document: title and url, and those named.
fn keep_fields(named: &[String]) -> Vec<String> {
    let mut fields = vec!["title".to_string(), "url".to_string()];
    for f in named {
        if !fields.contains(f) {
            fields.push(f.clone());
        }
    }
    fields
}

/// Every pruning setting of a command.
fn pruning_of(
    nodes: &NodePruneArgs,
    min_weight: u64,
    min_documents: u64,
    top_edges: Option<usize>,
) -> Pruning {
    Pruning {
        min_weight,
        min_documents,
        top_edges,
        top_nodes: nodes.top_nodes,
        min_mentions: nodes.min_mentions,
        types: nodes.types.clone(),
        exclude: nodes.exclude.clone(),
        isolates: if nodes.keep_isolates {
            Isolates::Keep
        } else if nodes.drop_isolates {
            Isolates::Drop
        } else {
            Isolates::Auto
        },
        largest_component: nodes.largest_component,
    }
}

/// Prunes, warning about `--exclude` ids and `--types` that match no node (a typo
/// would otherwise pass without a word).
fn prune(graph: CooccurrenceGraph, pruning: &Pruning) -> CooccurrenceGraph {
    for id in &pruning.exclude {
        if graph.node(id).is_none() {
            progress::eprint_line(&format!(
                "entgraph: warning: --exclude {id}: no node has this id (ids are entity ids, \
                 such as united-states)"
            ));
        }
    }
    for t in &pruning.types {
        if !graph.nodes().any(|n| n.entity_type.as_str() == t) {
            progress::eprint_line(&format!(
                "entgraph: warning: --types {t}: no node has this type"
            ));
        }
    }
    graph.prune_with(pruning)
}

/// Options of single formats.
#[derive(Clone, Copy)]
struct Style {
    /// `--flat` (JSON).
    flat: bool,
    /// `--dynamic-weight` (GEXF).
    dynamic_weight: bool,
    /// `--edges-key` (JSON).
    edges_key: entgraph::export::EdgesKey,
}

impl Style {
    fn new(flat: bool, dynamic_weight: bool, json: &JsonArgs) -> Style {
        let edges_key = match json.edges_key {
            EdgesKey::Links => entgraph::export::EdgesKey::Links,
            EdgesKey::Edges => entgraph::export::EdgesKey::Edges,
            EdgesKey::Both => entgraph::export::EdgesKey::Both,
        };
        Style { flat, dynamic_weight, edges_key }
    }
}

/// Warns about the units the builder left out of the pairs (the first few by
/// name, the others counted at the end).
fn crowded_units(builder: &mut GraphBuilder, seen: &mut usize, progress: &Progress, max: usize) {
    for unit in builder.take_crowded_units() {
        *seen += 1;
        if *seen <= CROWDED_WARNINGS {
            progress.println(&format!(
                "entgraph: warning: {}: the unit at bytes {}..{} names {} entities, more than \
                 --max-unit-entities {max}: its {} pairs were left out (its mentions are \
                 counted); raise --max-unit-entities to keep them",
                unit.doc,
                unit.span.start,
                unit.span.end,
                unit.entities,
                unit.entities * (unit.entities - 1) / 2
            ));
        }
    }
}

/// The record of the cue lexicon in a graph's settings: `bundled`, or a hash of
/// the file's content (not its path, so that the same cues given by two paths
/// merge, and an edited file at the same path does not).
fn cues_fingerprint(path: Option<&Path>) -> Result<String> {
    let Some(path) = path else { return Ok("bundled".to_string()) };
    let bytes =
        std::fs::read(path).with_context(|| format!("could not read {}", path.display()))?;
    Ok(format!("file:{:016x}", fnv1a(&bytes)))
}

/// FNV-1a, 64 bits: a hash that is the same on every platform and run.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h: u64, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn write_graph(
    graph: &CooccurrenceGraph,
    format: OutputFormat,
    how: Style,
    w: &mut dyn Write,
) -> Result<()> {
    match format {
        OutputFormat::Json => {
            JsonExporter::new().flat(how.flat).edges_key(how.edges_key).write(graph, w)?
        }
        OutputFormat::Dot => DotExporter::new().write(graph, w)?,
        OutputFormat::Gexf => {
            GexfExporter::new().dynamic_weight(how.dynamic_weight).write(graph, w)?
        }
        OutputFormat::Graphml => GraphmlExporter::new().write(graph, w)?,
        OutputFormat::Cytoscape => CytoscapeExporter::new().write(graph, w)?,
        OutputFormat::Html => HtmlExporter::new().write(graph, w)?,
        OutputFormat::Csv => {
            return Err(usage("csv is two files: they are written to a directory"));
        }
        OutputFormat::Mentions | OutputFormat::Tsv => {
            return Err(usage("mentions and tsv are formats of documents, not of graphs"));
        }
    }
    Ok(())
}

/// For `--format csv`, the directory that `-o` names (checked here, created when
/// the tables are written).
fn csv_dir(format: OutputFormat, output: Option<&Path>) -> Result<Option<PathBuf>> {
    if format != OutputFormat::Csv {
        return Ok(None);
    }
    let Some(dir) = output else {
        return Err(usage(
            "--format csv writes two files, nodes.csv and edges.csv: name their directory with -o DIR",
        ));
    };
    if dir.exists() && !dir.is_dir() {
        return Err(usage(format!(
            "--format csv writes nodes.csv and edges.csv into a directory, but {} is a file; \
             give -o a directory (it is created if missing)",
            dir.display()
        )));
    }
    output::check_csv_dir(dir).map_err(|e| usage(format!("{e:#}")))?;
    Ok(Some(dir.to_path_buf()))
}

fn summary(report: &Report) {
    if report.skipped.is_empty() && report.documents <= 1 {
        return;
    }
    let mb = report.bytes as f64 / 1e6;
    progress::eprint_line(&format!(
        "entgraph: read {} document{} ({mb:.1} MB), skipped {}",
        report.documents,
        if report.documents == 1 { "" } else { "s" },
        report.skipped.len()
    ));
    let mut reasons: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for (_, reason) in &report.skipped {
        let key = reason.split(':').next().unwrap_or(reason);
        *reasons.entry(key).or_default() += 1;
    }
    for (reason, n) in reasons {
        progress::eprint_line(&format!("entgraph:   {n} × {reason}"));
    }
}

/// Prints every decision of a document to stderr.
fn explain(g: &Gazetteer, doc: &Extraction) {
    let input = &doc.document;
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "{}: {}", input.id, doc.context.describe(g));
    for d in &doc.decisions {
        let candidates: Vec<String> = d
            .candidates
            .iter()
            .map(|&c| format!("{} ({})", g.entity(c).id, g.entity(c).entity_type))
            .collect();
        let outcome = match d.chosen {
            Some(c) => format!("→ {}", g.entity(c).id),
            None => "→ dropped".to_string(),
        };
        let _ = writeln!(
            err,
            "{}:{}..{} {:?} [{}] {} by {}{}",
            input.id,
            d.span.start,
            d.span.end,
            &input.text[d.span.range()],
            candidates.join(", "),
            outcome,
            d.rule,
            if d.note.is_empty() { String::new() } else { format!(": {}", d.note) }
        );
    }
}

fn merge(args: MergeArgs) -> Result<ExitCode> {
    if !args.format.is_graph() {
        return Err(usage(
            "merge writes graphs: use --format json, dot, gexf, graphml, cytoscape, csv or html",
        ));
    }
    let csv_dir = csv_dir(args.format, args.output.as_deref())?;
    if args.flat && args.format != OutputFormat::Json {
        return Err(usage("--flat is an option of --format json"));
    }
    if args.dynamic_weight && args.format != OutputFormat::Gexf {
        return Err(usage("--dynamic-weight is an option of --format gexf"));
    }
    output::refuse_input_as_output(&args.inputs, args.output.as_deref()).map_err(usage)?;
    refuse_repeated_inputs(&args.inputs)?;
    let mut merged: Option<CooccurrenceGraph> = None;
    // The first input, whose settings every other input must share.
    let mut first: Option<String> = None;
    let mut inputs_pruned = false;
    // Background edges are made again for the union when the inputs had them.
    let mut knowledge = args.knowledge;
    let mut seen = entgraph::graph::MergeInputs::new();
    let parts = args.inputs.iter().map(|p| merge_input::read(p));
    for part in parts.flat_map(|r| match r {
        Ok(parts) => parts.into_iter().map(Ok).collect::<Vec<_>>(),
        Err(e) => vec![Err(e)],
    }) {
        let part = part?;
        let graph = merge_input::graph(&part)?;
        let path = Path::new(&part.name);
        seen.add(&part.name, &graph).map_err(|e| usage(e.to_string()))?;
        if let Some(pruning) = pruning(&graph) {
            if !args.allow_pruned {
                return Err(usage(format!(
                    "cannot merge {}: it was pruned ({pruning}), so the edges it lost would be \
                     missing from the sums; extract the shards without --min-weight, \
                     --min-documents and --top-edges, and prune when merging (entgraph merge \
                     --min-weight N --top-edges K), or merge anyway with --allow-pruned",
                    path.display()
                )));
            }
            inputs_pruned = true;
        }
        // The library checks the settings again when merging; here the message
        // can name both files.
        match (&first, &merged) {
            (Some(first_path), Some(m)) => {
                if let Err(MergeError::Setting { setting, first: a, second: b, hint }) =
                    entgraph::graph::check_compatible(m, &graph)
                {
                    return Err(usage(format!(
                        "cannot merge {} and {}: their {} differs ({a} in {}, {b} in {}); \
                         {}, then merge them",
                        first_path,
                        path.display(),
                        setting,
                        first_path,
                        path.display(),
                        hint
                    )));
                }
            }
            _ => first = Some(part.name.clone()),
        }
        knowledge |= graph.meta.settings.knowledge.unwrap_or(false);
        merged = Some(match merged {
            None => graph,
            Some(m) => m
                .merge(graph)
                .map_err(|e| usage(format!("cannot merge {}: {e}", path.display())))?,
        });
    }
    let mut graph = merged.expect("clap requires an input");
    if knowledge {
        // The people the inputs were extracted with (every input has the same).
        let roles = graph.meta.settings.roles.unwrap_or_default();
        graph = graph.add_knowledge(&load_gazetteer(&args.gazetteer, roles)?);
    }
    let pruning = pruning_of(&args.nodes, args.min_weight, args.min_documents, args.top_edges);
    let mut graph = prune(graph, &pruning);
    if inputs_pruned && let Some(pruned) = &mut graph.meta.settings.pruned {
        pruned.inputs_pruned = Some(true);
    }
    if let Some(dir) = &csv_dir {
        output::write_csv(&graph, dir)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = Output::create(args.output.as_deref())?;
    let how = Style::new(args.flat, args.dynamic_weight, &args.json);
    write_graph(&graph, args.format, how, out.writer())?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Refuses an input given twice (by two names, or by one): its documents would
/// count twice.
fn refuse_repeated_inputs(inputs: &[PathBuf]) -> Result<()> {
    let mut seen: std::collections::HashMap<output::FileId, &Path> = Default::default();
    for p in inputs.iter().filter(|p| p.as_os_str() != "-") {
        if let Some(id) = output::file_id(p)
            && let Some(first) = seen.insert(id, p)
        {
            let names = if first == p.as_path() {
                format!("{} is given twice", p.display())
            } else {
                format!("{} and {} are the same file", first.display(), p.display())
            };
            return Err(usage(format!(
                "cannot merge: {names}, so its documents would count twice; give it once"
            )));
        }
    }
    if inputs.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(usage("cannot merge: - (standard input) is given twice; give it once"));
    }
    Ok(())
}

/// How a graph was pruned, if it was (`min_weight 2, 5 edges removed`): its
/// edge weights are then not the sums that a merge needs.
fn pruning(graph: &CooccurrenceGraph) -> Option<String> {
    let pruned = graph.meta.settings.pruned.as_ref()?;
    let count = |v: Option<u64>| v.unwrap_or(0);
    let mut how = Vec::new();
    for (key, value) in [("min_weight", pruned.min_weight), ("min_documents", pruned.min_documents)]
    {
        if count(value) > 1 {
            how.push(format!("{key} {}", count(value)));
        }
    }
    if let Some(Some(top)) = pruned.top_edges {
        how.push(format!("top_edges {top}"));
    }
    if count(pruned.edges_removed) > 0 {
        how.push(format!("{} edges removed", count(pruned.edges_removed)));
    }
    if count(pruned.nodes_removed) > 0 {
        how.push(format!("{} nodes removed", count(pruned.nodes_removed)));
    }
    if pruned.inputs_pruned == Some(true) {
        how.push("merged from pruned graphs".to_string());
    }
    if how.is_empty() { None } else { Some(how.join(", ")) }
}
