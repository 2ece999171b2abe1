//! The `entgraph` command-line tool: a thin layer over the library.

mod args;

use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;
use entgraph::{
    ErrorKind, Extractor, Format, Gazetteer, GazetteerBuilder, GraphBuilder, ResolverConfig,
};

use crate::args::{Command, ExtractArgs, GazetteerArgs, GazetteerCommand, Opts, OutputFormat};

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

/// One input document: its id and text.
struct Input {
    id: String,
    text: String,
}

fn read_inputs(paths: &[PathBuf]) -> Result<Vec<Input>> {
    let mut out = Vec::new();
    let stdin_only = [PathBuf::from("-")];
    let paths = if paths.is_empty() { &stdin_only[..] } else { paths };
    for path in paths {
        let (id, bytes) = if path.as_os_str() == "-" {
            let mut buf = Vec::new();
            io::stdin().read_to_end(&mut buf).context("could not read standard input")?;
            ("-".to_string(), buf)
        } else {
            let bytes =
                fs::read(path).with_context(|| format!("could not read {}", path.display()))?;
            (path.display().to_string(), bytes)
        };
        out.push(Input { text: decode(&id, bytes), id });
    }
    Ok(out)
}

/// UTF-8 text; invalid bytes become U+FFFD with one warning naming the first.
fn decode(id: &str, bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            eprintln!(
                "entgraph: warning: {id}: not valid UTF-8 (first bad byte at offset {at}); \
                 bad bytes were replaced with U+FFFD and offsets refer to the decoded text"
            );
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    }
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
        builder.add_document(&input.id, &input.text, &doc.mentions, &doc.sentences);
    }
    let graph = builder.build();
    let format = match args.format {
        OutputFormat::Json => Format::Json,
        OutputFormat::Dot => Format::Dot,
    };
    write_output(args.output.as_deref(), |w| format.write(&graph, w))?;
    Ok(ExitCode::SUCCESS)
}

/// Writes to `path` (through a temporary file renamed at the end) or to stdout.
fn write_output(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    match path {
        None => {
            let stdout = io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            write(&mut w).context("could not write to standard output")?;
            w.flush().context("could not write to standard output")?;
        }
        Some(path) => {
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let name = path
                .file_name()
                .with_context(|| format!("{} is not a file name", path.display()))?;
            let tmp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
            let result = (|| -> io::Result<()> {
                let file = fs::File::create(&tmp)?;
                let mut w = BufWriter::new(file);
                write(&mut w)?;
                let file = w.into_inner().map_err(|e| e.into_error())?;
                file.sync_all()?;
                fs::rename(&tmp, path)
            })();
            if let Err(e) = result {
                let _ = fs::remove_file(&tmp);
                return Err(e).with_context(|| format!("could not write {}", path.display()));
            }
        }
    }
    Ok(())
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
