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
  entgraph extract news/ -o graph.json                  every .txt and .md file under news/
  entgraph extract --input-format jsonl corpus.jsonl    one document per JSON line
  entgraph extract -f gexf -o graph.gexf news/          for Gephi
  entgraph extract -f csv -o tables/ news/              nodes.csv and edges.csv
  entgraph extract -f mentions article.txt              mentions with offsets, as JSON Lines
  entgraph merge part1.json part2.json -o all.json      merge graphs of disjoint shards
  entgraph gazetteer check mine.toml                    report every problem in a file";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract entities from documents and write their co-occurrence graph (or
    /// their mentions).
    #[command(after_help = EXTRACT_EXAMPLES)]
    Extract(Box<ExtractArgs>),
    /// Merge graphs made by `extract --format json` from disjoint sets of documents,
    /// with the same settings and without pruning.
    #[command(after_help = MERGE_EXAMPLES)]
    Merge(MergeArgs),
    /// Inspect gazetteers.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
}

const EXTRACT_EXAMPLES: &str = "\
Examples:
  entgraph extract examples/article.txt
  entgraph extract -f dot -o graph.dot a.txt b.txt
  entgraph extract --scope paragraph --min-weight 2 news/
  entgraph extract --input-format jsonl --text-field body --date-field published corpus.jsonl
  entgraph extract --gazetteer mine.toml - < article.txt
  entgraph extract --explain article.txt > /dev/null      why each match was kept or dropped";

const MERGE_EXAMPLES: &str = "\
Examples:
  entgraph merge shard-*.json -o all.json
  entgraph merge a.json b.json --top-edges 500 -f gexf -o top.gexf";

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
    /// Input files or directories; standard input when none is given or for `-`.
    #[arg(
        value_name = "PATH",
        help_heading = "Input",
        long_help = "Input files or directories. A file is one document, or one document per \
                     line with --input-format jsonl (the default for .jsonl files). A directory \
                     is read recursively, taking the files that match --glob (default *.txt and \
                     *.md), in name order; a directory with none is reported and skipped (exit \
                     status 1). Standard input is read when no path is given, or for -."
    )]
    pub inputs: Vec<PathBuf>,

    /// How to read inputs: text (one document per file) or jsonl.
    #[arg(
        long,
        value_enum,
        value_name = "FORMAT",
        help_heading = "Input",
        long_help = "How to read inputs. text: each file is one document. jsonl: one JSON object \
                     per line, with an id, a text and an optional date (see --id-field). Default: \
                     jsonl for files named .jsonl or .ndjson, text otherwise. Example: \
                     --input-format jsonl"
    )]
    pub input_format: Option<InputFormat>,

    /// JSON Lines field holding the document id.
    #[arg(long, value_name = "NAME", default_value = "id", help_heading = "Input")]
    pub id_field: String,

    /// JSON Lines field holding the document text.
    #[arg(long, value_name = "NAME", default_value = "text", help_heading = "Input")]
    pub text_field: String,

    /// JSON Lines field holding the document date (a string, YYYY-MM-DD).
    #[arg(long, value_name = "NAME", default_value = "date", help_heading = "Input")]
    pub date_field: String,

    /// The date of documents that do not give one (YYYY-MM-DD).
    #[arg(
        long,
        value_name = "DATE",
        help_heading = "Input",
        long_help = "The date of documents that do not give one, as YYYY-MM-DD. Dates resolve \
                     role phrases (\"the Russian president\") to the office holder of the day and \
                     set first_seen/last_seen in the graph. Example: --date 2024-05-01"
    )]
    pub date: Option<String>,

    /// File names to take from directories (repeatable; default *.txt and *.md).
    #[arg(long, value_name = "GLOB", help_heading = "Input")]
    pub glob: Vec<String>,

    /// Stop at the first bad document instead of reporting it and going on.
    #[arg(long, help_heading = "Input")]
    pub strict: bool,

    #[command(flatten)]
    pub gazetteer: GazetteerArgs,

    /// Leave demonyms ("Chinese") out of the mentions and the graph.
    #[arg(long, help_heading = "Matching")]
    pub no_demonyms: bool,

    /// Print, for every match, its candidates, the decision and the rule (stderr).
    #[arg(long, help_heading = "Matching")]
    pub explain: bool,

    /// Matches inside longer names ("France" in "Air France"): drop or keep.
    #[arg(
        long,
        value_enum,
        value_name = "WHAT",
        default_value = "drop",
        help_heading = "Matching",
        long_help = "What to do with a match inside a longer name (\"France\" in \"Air France\", \
                     \"Canada\" in \"Bank of Canada\"): drop (default) leaves it out of the graph; \
                     keep counts it as a mention. Either way the mentions output lists it, with \
                     alias_kind \"in_name\" and the name it lies inside. Example: --in-names keep"
    )]
    pub in_names: InNames,

    /// Cue lexicon for typed relations (TOML), instead of the bundled one.
    #[arg(
        long,
        value_name = "FILE",
        help_heading = "Graph",
        long_help = "Cue lexicon for typed relations: a TOML file whose keys are relation kinds \
                     and whose values are lists of cue words, like gazetteers/cues/relations.toml, \
                     which it replaces. Example: --cues my-cues.toml"
    )]
    pub cues: Option<PathBuf>,

    /// Unit in which two mentions co-occur: sentence, paragraph, window:N, document.
    #[arg(
        long,
        value_name = "SCOPE",
        default_value = "sentence",
        help_heading = "Graph",
        long_help = "Unit in which two mentions co-occur: sentence (default), paragraph, \
                     window:N (at most N words between them) or document. Example: --scope window:20"
    )]
    pub scope: String,

    /// Evidence snippets kept per edge.
    #[arg(long, value_name = "K", default_value_t = 3, help_heading = "Graph")]
    pub evidence: usize,

    /// Drop edges that share fewer units.
    #[arg(long, value_name = "N", default_value_t = 1, help_heading = "Graph")]
    pub min_weight: u64,

    /// Drop edges seen in fewer documents.
    #[arg(long, value_name = "N", default_value_t = 1, help_heading = "Graph")]
    pub min_documents: u64,

    /// Keep only the K heaviest edges.
    #[arg(long, value_name = "K", help_heading = "Graph")]
    pub top_edges: Option<usize>,

    /// Add background edges from the gazetteers (leader_of, member_of).
    #[arg(long, help_heading = "Graph")]
    pub knowledge: bool,

    /// Output format.
    #[arg(
        short = 'f',
        long,
        value_enum,
        default_value_t = OutputFormat::Json,
        value_name = "FORMAT",
        help_heading = "Output",
        long_help = "Output format. Graphs: json (node-link, for networkx and D3; the default), \
                     dot (Graphviz), gexf (Gephi, Gephi Lite), graphml (yEd, Cytoscape desktop, \
                     networkx), cytoscape (Cytoscape.js), csv (nodes.csv and edges.csv in the \
                     directory given by -o). Mentions: mentions (one JSON line per document, with \
                     offsets in code points, bytes and UTF-16), tsv (one row per mention). \
                     Example: -f gexf -o graph.gexf"
    )]
    pub format: OutputFormat,

    /// Write the output to FILE (a directory for csv) instead of standard output.
    #[arg(
        short = 'o',
        long,
        value_name = "FILE",
        help_heading = "Output",
        long_help = "Write the output to FILE instead of standard output. The file is written \
                     under a temporary name and renamed when complete, so a failed run never \
                     leaves half a file; a symbolic link is followed and the file it leads to \
                     replaced, and a FIFO or device (/dev/stdout, >(gzip > g.gz)) is written \
                     directly. With --format csv, FILE is a directory (created if missing) that \
                     receives nodes.csv and edges.csv. Example: -o graph.json"
    )]
    pub output: Option<PathBuf>,

    /// Write one JSON line per document (its mentions and edges) instead of a graph.
    #[arg(long, help_heading = "Output")]
    pub per_document: bool,

    /// Threads that extract documents (default: all cores); reading and building the
    /// graph run beside them.
    #[arg(long, value_name = "N", help_heading = "Run")]
    pub threads: Option<usize>,

    /// No progress bar and no final report.
    #[arg(short, long, help_heading = "Run", overrides_with = "progress")]
    pub quiet: bool,

    /// Show progress on stderr even when it is not a terminal.
    #[arg(long, help_heading = "Run")]
    pub progress: bool,
}

/// What to do with matches inside longer names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InNames {
    /// Leave them out of the graph (the mentions output lists them).
    Drop,
    /// Count them as mentions, in the graph too.
    Keep,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Each file is one document.
    Text,
    /// One JSON object per line.
    Jsonl,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Node-link JSON graph (networkx, D3).
    Json,
    /// Graphviz DOT graph.
    Dot,
    /// GEXF 1.3 graph (Gephi, Gephi Lite).
    Gexf,
    /// GraphML graph (yEd, Cytoscape desktop, networkx).
    Graphml,
    /// Cytoscape.js elements JSON.
    Cytoscape,
    /// nodes.csv and edges.csv, written to the directory given by -o.
    Csv,
    /// Mentions, one JSON line per document.
    Mentions,
    /// Mentions, one TSV row per mention.
    Tsv,
}

impl OutputFormat {
    /// True for the formats of a graph (all but the mentions formats).
    pub fn is_graph(self) -> bool {
        !matches!(self, OutputFormat::Mentions | OutputFormat::Tsv)
    }
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Graphs written by `entgraph extract --format json`, unpruned, with the same
    /// scope, gazetteers, demonyms and cues.
    #[arg(value_name = "FILE", required = true)]
    pub inputs: Vec<PathBuf>,

    /// Output format (a graph format).
    #[arg(short = 'f', long, value_enum, default_value_t = OutputFormat::Json, value_name = "FORMAT")]
    pub format: OutputFormat,

    /// Write the output to FILE (a directory for csv) instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Drop edges that share fewer units.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_weight: u64,

    /// Drop edges seen in fewer documents.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_documents: u64,

    /// Keep only the K heaviest edges.
    #[arg(long, value_name = "K")]
    pub top_edges: Option<usize>,

    /// Add background edges from the gazetteers (done anyway when the inputs have them).
    #[arg(long)]
    pub knowledge: bool,

    /// Merge graphs that were pruned (their weights are then undercounted).
    #[arg(
        long,
        long_help = "Merge graphs that were pruned (--min-weight, --min-documents or \
                     --top-edges at extract time), which merge refuses otherwise: an edge \
                     removed from one shard is missing from the sums, so weights and document \
                     counts are undercounted and edges can be lost. The result says so, with \
                     inputs_pruned in its pruned metadata. Better: extract the shards without \
                     pruning and prune here."
    )]
    pub allow_pruned: bool,

    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
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
    /// Count entities by type, aliases by kind, countries by status.
    Stats {
        #[command(flatten)]
        gazetteer: GazetteerArgs,
        /// text or json.
        #[arg(short = 'f', long, value_enum, default_value_t = StatsFormat::Text, value_name = "FORMAT")]
        format: StatsFormat,
    },
    /// Print every compiled alias as TSV: alias, entity id, type, kind, case policy.
    Aliases {
        #[command(flatten)]
        gazetteer: GazetteerArgs,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// Aligned text.
    Text,
    /// A JSON object.
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_valid() {
        Opts::command().debug_assert();
    }

    /// The `entgraph` commands of a text, one a line, as arguments: up to the
    /// comment (two spaces or `#`) or the first redirection or pipe.
    fn commands(text: &str) -> Vec<Vec<&str>> {
        text.lines()
            .filter_map(|l| l.trim_start().strip_prefix("entgraph "))
            .map(|l| {
                let l = l.split("  ").next().unwrap().split(" #").next().unwrap();
                let l = l.split(['|', '<', '>']).next().unwrap();
                std::iter::once("entgraph").chain(l.split_whitespace()).collect()
            })
            .collect()
    }

    #[test]
    fn every_example_parses() {
        let readme = include_str!("../../../README.md");
        let usage = readme.split("## Usage").nth(1).unwrap().split("\n```\n").next().unwrap();
        let mut n = 0;
        for text in [EXAMPLES, EXTRACT_EXAMPLES, MERGE_EXAMPLES, usage] {
            for args in commands(text) {
                if let Err(e) = Opts::try_parse_from(&args) {
                    panic!("{}: {e}", args.join(" "));
                }
                n += 1;
            }
        }
        assert!(n >= 30, "{n} examples");
    }

    #[test]
    fn quiet_overrides_progress() {
        let o = Opts::try_parse_from(["entgraph", "extract", "--progress", "--quiet"]).unwrap();
        let Command::Extract(a) = o.command else { panic!() };
        assert!(a.quiet && !a.progress);
    }
}
