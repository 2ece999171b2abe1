//! The `entgraph` command-line tool: a thin layer over the library.
//!
//! Exit status: 0 on success; 1 on a runtime error, or when documents had to be
//! skipped (a directory with no file to read counts as one; the output is still
//! written); 2 on a usage or gazetteer error.

mod args;
mod gazetteer_cmd;
mod input;
mod output;
mod progress;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;
use entgraph::export::{MentionsExporter, read_json};
use entgraph::gazetteer::Date;
use entgraph::relations::CueLexicon;
use entgraph::{
    CooccurrenceGraph, CytoscapeExporter, Document, DotExporter, ErrorKind, Extractor, Gazetteer,
    GazetteerBuilder, GexfExporter, GraphBuilder, GraphmlExporter, JsonExporter, ResolverConfig,
    Scope,
};
use rayon::prelude::*;

use crate::args::{Command, ExtractArgs, GazetteerArgs, MergeArgs, Opts, OutputFormat};
use crate::input::{Documents, Input, InputOptions, Item, Raw, Warning};
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

fn usage(message: impl Into<String>) -> anyhow::Error {
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

/// Loads the gazetteers the options name; prints warnings.
pub fn load_gazetteer(args: &GazetteerArgs) -> Result<Gazetteer> {
    let mut builder = GazetteerBuilder::new();
    if !args.no_default_gazetteers {
        builder.bundled();
    }
    for path in &args.gazetteers {
        builder.add_path(path)?;
    }
    let gazetteer = builder.build()?;
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

fn parse_date(s: &str) -> Result<Date> {
    Date::parse(s).ok_or_else(|| usage(format!("--date {s:?} is not a date; write YYYY-MM-DD")))
}

/// A document after the parallel stage: extracted, or skipped.
enum Extracted {
    Doc(Input, Option<Warning>, Document),
    Skip { what: String, reason: String },
}

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
    let globs = InputOptions::globs(&args.glob).map_err(|e| usage(format!("--glob: {e}")))?;
    let opts = InputOptions {
        format: args.input_format,
        id_field: args.id_field.clone(),
        text_field: args.text_field.clone(),
        date_field: args.date_field.clone(),
        default_date,
        globs,
        glob_patterns: args.glob.clone(),
    };
    let graph_output = args.format.is_graph();
    if args.per_document && !matches!(args.format, OutputFormat::Json) {
        return Err(usage(
            "--per-document writes JSON Lines; leave out --format or use --format json",
        ));
    }
    let csv_dir = csv_dir(args.format, args.output.as_deref())?;

    let gazetteer = load_gazetteer(&args.gazetteer)?;
    let config = ResolverConfig::new()
        .demonyms(!args.no_demonyms)
        .explain(args.explain)
        .in_names(args.in_names == args::InNames::Keep);
    let mut extractor = Extractor::with_config(&gazetteer, config)?;
    if let Some(path) = &args.cues {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("could not read {}", path.display()))?;
        extractor = extractor.cues(&CueLexicon::parse(&path.display().to_string(), &text)?);
    }
    let threads =
        args.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if threads == 0 {
        return Err(usage("--threads must be at least 1"));
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;

    let mut builder = GraphBuilder::new(&gazetteer);
    builder.scope(scope).evidence_limit(Some(args.evidence)).knowledge(args.knowledge);
    builder.setting("gazetteer", gazetteer.fingerprint());
    builder.setting("demonyms", !args.no_demonyms);
    builder.setting(
        "relations",
        args.cues.as_ref().map_or("bundled".to_string(), |p| p.display().to_string()),
    );

    let mentions = MentionsExporter::new(&gazetteer);
    let mut out = Output::create(if csv_dir.is_some() { None } else { args.output.as_deref() })?;
    if args.format == OutputFormat::Tsv {
        mentions.tsv_header(out.writer())?;
    }
    let show = !args.quiet && (args.progress || io::stderr().is_terminal());
    let mut progress = Progress::new(show, input::total_bytes(&args.inputs, &opts));
    let mut report = Report::default();

    // Three stages in a pipeline: a reader thread reads documents in batches; a
    // second thread has each batch decoded and extracted on all cores; this thread
    // takes the results in input order into the graph and the output. Memory holds
    // a few batches, and the output does not depend on the number of threads.
    const BATCH_DOCS: usize = 512;
    const BATCH_BYTES: usize = 8 << 20;
    let (batches, received) = std::sync::mpsc::sync_channel::<Vec<Raw>>(2);
    let (extracted, results_in) = std::sync::mpsc::sync_channel::<Vec<Extracted>>(1);
    std::thread::scope(|threads| -> Result<()> {
        let (inputs, read_opts) = (&args.inputs, &opts);
        // The sender moves into the reader, so the channel closes when it is done.
        threads.spawn(move || {
            let mut docs = Documents::new(inputs, read_opts);
            loop {
                let mut batch = Vec::new();
                let mut bytes = 0;
                while batch.len() < BATCH_DOCS && bytes < BATCH_BYTES {
                    match docs.next() {
                        None => break,
                        Some(raw) => {
                            bytes += raw.len();
                            batch.push(raw);
                        }
                    }
                }
                // An empty batch is the end; a closed channel means the run stopped.
                if batch.is_empty() || batches.send(batch).is_err() {
                    break;
                }
            }
        });
        let (pool, decode_opts, extractor) = (&pool, &opts, &extractor);
        threads.spawn(move || {
            for batch in received {
                let results: Vec<Extracted> = pool.install(|| {
                    batch
                        .into_par_iter()
                        .map(|raw| match raw.decode(decode_opts) {
                            Item::Doc(input, warning) => {
                                let doc = extractor.extract_dated(&input.text, input.date);
                                Extracted::Doc(input, warning, doc)
                            }
                            Item::Skip { what, reason } => Extracted::Skip { what, reason },
                        })
                        .collect()
                });
                if extracted.send(results).is_err() {
                    break;
                }
            }
        });
        let mut warned_files: std::collections::HashSet<String> = std::collections::HashSet::new();
        for results in results_in {
            for result in results {
                let (input, doc) = match result {
                    Extracted::Doc(input, warning, doc) => {
                        // Some warnings are given once per file, for its first bad line.
                        if let Some(w) = warning
                            && w.once_per_file.is_none_or(|f| warned_files.insert(f))
                        {
                            progress.println(&format!("entgraph: warning: {}", w.message));
                        }
                        (input, doc)
                    }
                    Extracted::Skip { what, reason } => {
                        if args.strict {
                            anyhow::bail!("{what}: {reason} (stopped by --strict)");
                        }
                        progress.println(&format!("entgraph: skipped {what}: {reason}"));
                        report.skipped.push((what, reason));
                        continue;
                    }
                };
                let doc = &doc;
                let input = &input;
                if args.explain {
                    explain(&gazetteer, input, doc);
                }
                match args.format {
                    OutputFormat::Mentions => mentions.write_jsonl(
                        out.writer(),
                        &input.id,
                        &input.text,
                        input.date,
                        doc,
                    )?,
                    OutputFormat::Tsv => {
                        mentions.write_tsv(out.writer(), &input.id, &input.text, doc)?
                    }
                    _ if args.per_document => {
                        let mut local = GraphBuilder::new(&gazetteer);
                        local.scope(scope).evidence_limit(Some(args.evidence));
                        local.add_document(&input.id, &input.text, input.date, doc);
                        let (_, edges, _) = local.build().into_parts();
                        mentions.write_jsonl_with_edges(
                            out.writer(),
                            &input.id,
                            &input.text,
                            input.date,
                            doc,
                            &edges,
                        )?
                    }
                    _ => {}
                }
                if graph_output && !args.per_document {
                    builder.add_document(&input.id, &input.text, input.date, doc);
                }
                report.documents += 1;
                report.bytes += input.text.len() as u64;
                progress.advance(input.text.len() as u64);
            }
        }
        Ok(())
    })?;
    progress.finish();

    if graph_output && !args.per_document {
        let graph = builder.build().prune(args.min_weight, args.min_documents, args.top_edges);
        match &csv_dir {
            Some(dir) => output::write_csv(&graph, dir)?,
            None => write_graph(&graph, args.format, out.writer())?,
        }
        // The process ends soon: freeing the graph piece by piece would only cost time.
        std::mem::forget(graph);
    }
    out.finish()?;
    std::mem::forget(extractor);
    std::mem::forget(gazetteer);

    if !args.quiet {
        summary(&report);
    }
    Ok(if report.skipped.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn write_graph(graph: &CooccurrenceGraph, format: OutputFormat, w: &mut dyn Write) -> Result<()> {
    match format {
        OutputFormat::Json => JsonExporter::new().write(graph, w)?,
        OutputFormat::Dot => DotExporter::new().write(graph, w)?,
        OutputFormat::Gexf => GexfExporter::new().write(graph, w)?,
        OutputFormat::Graphml => GraphmlExporter::new().write(graph, w)?,
        OutputFormat::Cytoscape => CytoscapeExporter::new().write(graph, w)?,
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
fn explain(g: &Gazetteer, input: &Input, doc: &Document) {
    let mut err = io::stderr().lock();
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
            "merge writes graphs: use --format json, dot, gexf, graphml, cytoscape or csv",
        ));
    }
    let csv_dir = csv_dir(args.format, args.output.as_deref())?;
    let mut merged: Option<CooccurrenceGraph> = None;
    // The first input and its settings, which every other input must share.
    let mut first: Option<(&Path, Vec<String>)> = None;
    let mut inputs_pruned = false;
    // Background edges are made again for the union when the inputs had them.
    let mut knowledge = args.knowledge;
    for path in &args.inputs {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("could not read {}", path.display()))?;
        let graph = read_json(&path.display().to_string(), &text)?;
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
        let settings = MERGE_SETTINGS.iter().map(|s| (s.value)(&graph)).collect();
        match &first {
            None => first = Some((path, settings)),
            Some((first_path, first_settings)) => {
                for ((setting, a), b) in MERGE_SETTINGS.iter().zip(first_settings).zip(&settings) {
                    if a != b {
                        return Err(usage(format!(
                            "cannot merge {} and {}: their {} differs ({a} in {}, {b} in {}); \
                             {}, then merge them",
                            first_path.display(),
                            path.display(),
                            setting.name,
                            first_path.display(),
                            path.display(),
                            setting.hint
                        )));
                    }
                }
            }
        }
        knowledge |=
            graph.meta.settings.get("knowledge").and_then(|v| v.as_bool()).unwrap_or(false);
        merged = Some(match merged {
            None => graph,
            Some(m) => m.merge(graph),
        });
    }
    let mut graph = merged.expect("clap requires an input");
    if knowledge {
        graph = graph.add_knowledge(&load_gazetteer(&args.gazetteer)?);
    }
    let mut graph = graph.prune(args.min_weight, args.min_documents, args.top_edges);
    if inputs_pruned
        && let Some(serde_json::Value::Object(pruned)) = graph.meta.settings.get_mut("pruned")
    {
        pruned.insert("inputs_pruned".into(), true.into());
    }
    if let Some(dir) = &csv_dir {
        output::write_csv(&graph, dir)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = Output::create(args.output.as_deref())?;
    write_graph(&graph, args.format, out.writer())?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// A setting that the graphs given to `merge` must share, for their sums to be
/// the graph of one run.
struct MergeSetting {
    /// As named in messages.
    name: &'static str,
    /// Its value in a graph, for messages (`not recorded` when missing).
    value: fn(&CooccurrenceGraph) -> String,
    /// What to do when two inputs differ.
    hint: &'static str,
}

const MERGE_SETTINGS: &[MergeSetting] = &[
    MergeSetting {
        name: "scope",
        value: |g| g.meta.scope.to_string(),
        hint: "extract every shard with the same --scope",
    },
    MergeSetting {
        name: "gazetteer (fingerprint)",
        value: |g| recorded(g, "gazetteer"),
        hint: "extract every shard with the same gazetteers (the same --gazetteer files and \
               --no-default-gazetteers, and the same version of entgraph)",
    },
    MergeSetting {
        name: "demonyms setting",
        value: |g| recorded(g, "demonyms"),
        hint: "extract every shard with --no-demonyms, or none",
    },
    MergeSetting {
        name: "relations (cue lexicon)",
        value: |g| recorded(g, "relations"),
        hint: "extract every shard with the same --cues file, or none",
    },
];

/// A setting of a graph's metadata as JSON text, or `not recorded`.
fn recorded(graph: &CooccurrenceGraph, key: &str) -> String {
    graph.meta.settings.get(key).map_or_else(|| "not recorded".to_string(), |v| v.to_string())
}

/// How a graph was pruned, if it was (`min_weight 2, 5 edges removed`): its
/// edge weights are then not the sums that a merge needs.
fn pruning(graph: &CooccurrenceGraph) -> Option<String> {
    let pruned = graph.meta.settings.get("pruned")?;
    let count = |key: &str| pruned.get(key).and_then(|v| v.as_u64()).unwrap_or(0);
    let mut how = Vec::new();
    for key in ["min_weight", "min_documents"] {
        if count(key) > 1 {
            how.push(format!("{key} {}", count(key)));
        }
    }
    if let Some(top) = pruned.get("top_edges").filter(|v| !v.is_null()) {
        how.push(format!("top_edges {top}"));
    }
    if count("edges_removed") > 0 {
        how.push(format!("{} edges removed", count("edges_removed")));
    }
    if pruned.get("inputs_pruned").and_then(|v| v.as_bool()) == Some(true) {
        how.push("merged from pruned graphs".to_string());
    }
    if how.is_empty() { None } else { Some(how.join(", ")) }
}
