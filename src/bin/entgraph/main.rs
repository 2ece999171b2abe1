//! The `entgraph` command-line tool: a thin layer over the library.

mod args;
mod input;
mod output;

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;
use entgraph::{
    ErrorKind, Extractor, Format, Gazetteer, GazetteerBuilder, GraphBuilder, ResolverConfig,
};

use crate::args::{Command, ExtractArgs, GazetteerArgs, GazetteerCommand, Opts, OutputFormat};
use crate::input::read_inputs;
use crate::output::write_output;

fn main() -> ExitCode {
    let opts = Opts::parse();
    match run(opts) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("entgraph: {err:#}");
            let usage = err
                .chain()
                .filter_map(|e| e.downcast_ref::<entgraph::Error>())
                .any(|e| matches!(e.kind(), ErrorKind::Gazetteer | ErrorKind::Input));
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(opts: Opts) -> Result<ExitCode> {
    match opts.command {
        Command::Extract(args) => extract(args),
        Command::Gazetteer(GazetteerCommand::Check { paths, with_bundled }) => {
            check(&paths, with_bundled)
        }
    }
}

fn load_gazetteer(args: &GazetteerArgs) -> Result<Gazetteer> {
    let mut builder = GazetteerBuilder::new();
    if !args.no_default_gazetteers {
        builder.bundled();
    }
    for path in &args.gazetteers {
        builder.add_path(path)?;
    }
    let gazetteer = builder.build()?;
    for w in gazetteer.warnings() {
        eprintln!("entgraph: warning: {w}");
    }
    if gazetteer.is_empty() {
        anyhow::bail!(entgraph::Error::from_message(
            ErrorKind::Input,
            "no entities to look for: --no-default-gazetteers was given without a --gazetteer file"
        ));
    }
    Ok(gazetteer)
}

fn extract(args: ExtractArgs) -> Result<ExitCode> {
    let gazetteer = load_gazetteer(&args.gazetteer)?;
    let config = ResolverConfig::new().demonyms(!args.no_demonyms);
    let extractor = Extractor::with_config(&gazetteer, config)?;
    let inputs = read_inputs(&args.inputs)?;
    let mut builder = GraphBuilder::new(&gazetteer);
    builder.setting("gazetteer", gazetteer.fingerprint());
    builder.setting("demonyms", !args.no_demonyms);
    for input in &inputs {
        let doc = extractor.extract(&input.text);
        builder.add_document(&input.id, &input.text, None, &doc);
    }
    let graph = builder.build();
    let format = match args.format {
        OutputFormat::Json => Format::Json,
        OutputFormat::Dot => Format::Dot,
    };
    write_output(args.output.as_deref(), |w| format.write(&graph, w))?;
    Ok(ExitCode::SUCCESS)
}

fn check(paths: &[PathBuf], with_bundled: bool) -> Result<ExitCode> {
    let mut builder = GazetteerBuilder::new();
    if paths.is_empty() || with_bundled {
        builder.bundled();
    }
    for path in paths {
        builder.add_path(path)?;
    }
    let gazetteer = builder.build()?;
    for w in gazetteer.warnings() {
        eprintln!("entgraph: warning: {w}");
    }
    let aliases: usize = gazetteer.entities().iter().map(|e| e.aliases.len()).sum();
    println!("ok: {} entities, {} aliases", gazetteer.len(), aliases);
    Ok(ExitCode::SUCCESS)
}
