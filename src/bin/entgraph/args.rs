//! Command-line options, as typed. `main.rs` turns them into library configs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Find leaders, countries and international organisations in news text and
/// build the graph of which occur together.
#[derive(Debug, Parser)]
#[command(name = "entgraph", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Opts {
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Examples:
  entgraph extract examples/article.txt                 graph of one article, as JSON
  entgraph extract -f dot article.txt | dot -Tsvg > graph.svg
  cat article.txt | entgraph extract -o graph.json      read standard input
  entgraph extract -g mine.tsv --no-default-gazetteers  only your own entities
  entgraph gazetteer check mine.toml                    report every problem in a file";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract entities from documents and write their co-occurrence graph.
    #[command(after_help = EXTRACT_EXAMPLES)]
    Extract(ExtractArgs),
    /// Inspect gazetteers.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
}

const EXTRACT_EXAMPLES: &str = "\
Examples:
  entgraph extract examples/article.txt
  entgraph extract -f dot -o graph.dot a.txt b.txt
  entgraph extract --gazetteer mine.toml - < article.txt";

#[derive(Debug, Args)]
pub struct GazetteerArgs {
    /// Add a gazetteer file (.toml, .tsv, .csv or spaCy .jsonl); repeatable.
    #[arg(
        short = 'g',
        long = "gazetteer",
        value_name = "PATH",
        help_heading = "Gazetteers",
        long_help = "Add a gazetteer file; repeatable. The format follows the extension: .toml \
                     (entgraph format, see gazetteers/README.md), .tsv or .csv (rows of alias, \
                     label, type[, id]) or .jsonl (spaCy EntityRuler patterns). Example: -g mine.tsv"
    )]
    pub gazetteers: Vec<PathBuf>,

    /// Do not load the bundled gazetteers.
    #[arg(
        long,
        help_heading = "Gazetteers",
        long_help = "Do not load the bundled gazetteers (countries, leaders, organisations); \
                     only the files given with --gazetteer are used."
    )]
    pub no_default_gazetteers: bool,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Input files; standard input when none is given or for `-`.
    #[arg(value_name = "FILE", help_heading = "Input")]
    pub inputs: Vec<PathBuf>,

    #[command(flatten)]
    pub gazetteer: GazetteerArgs,

    /// Output format.
    #[arg(
        short = 'f',
        long,
        value_enum,
        default_value_t = OutputFormat::Json,
        value_name = "FORMAT",
        help_heading = "Output",
        long_help = "Output format. json: node-link JSON for networkx and D3 (default). dot: \
                     Graphviz. Example: -f dot"
    )]
    pub format: OutputFormat,

    /// Write the output to FILE instead of standard output.
    #[arg(
        short = 'o',
        long,
        value_name = "FILE",
        help_heading = "Output",
        long_help = "Write the output to FILE instead of standard output. The file is written \
                     under a temporary name and renamed when complete, so a failed run never \
                     leaves half a file. Example: -o graph.json"
    )]
    pub output: Option<PathBuf>,

    /// Leave demonyms ("Chinese") out of the graph.
    #[arg(long, help_heading = "Matching")]
    pub no_demonyms: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Node-link JSON (networkx, D3).
    Json,
    /// Graphviz DOT.
    Dot,
}

#[derive(Debug, Subcommand)]
pub enum GazetteerCommand {
    /// Check gazetteer files and report every problem with its file and line.
    Check {
        /// Files to check (the bundled gazetteers when none is given).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Check the files together with the bundled gazetteers (they may refer to
        /// bundled ids).
        #[arg(long)]
        with_bundled: bool,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_valid() {
        Opts::command().debug_assert();
    }
}
