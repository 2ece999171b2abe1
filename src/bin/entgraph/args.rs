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
  entgraph gazetteer check mine.toml                    report every problem in a file
  entgraph gazetteer holders south-korea --date 2025-01-10   who held which office that day";

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
                     label, type[, id]) or .jsonl (spaCy EntityRuler patterns). A folder adds its \
                     gazetteer files in the order of their paths. A .toml file may patch loaded \
                     entities by id ([[patch]] tables), in the order the files are given. \
                     Example: -g mine.tsv"
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

    /// Which people to look for: heads (of state, government, organisations) or all.
    #[arg(
        long,
        value_enum,
        value_name = "ROLES",
        help_heading = "Gazetteers",
        long_help = "Which people to look for. heads: heads of state, of government and of \
                     organisations (the default for extract and merge). all: also the \
                     vice-presidents, deputy prime ministers and foreign ministers of the \
                     bundled gazetteers; leader nodes then carry a roles attribute (e.g. \
                     head-of-government;foreign-minister) to keep or drop them by. gazetteer \
                     stats and aliases show all unless told heads. Example: --roles all"
    )]
    pub roles: Option<RolesArg>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RolesArg {
    /// Heads of state, of government and of organisations.
    Heads,
    /// Heads, deputies and foreign ministers.
    All,
}

impl RolesArg {
    /// The library setting.
    pub fn roles(self) -> entgraph::gazetteer::Roles {
        match self {
            RolesArg::Heads => entgraph::gazetteer::Roles::Heads,
            RolesArg::All => entgraph::gazetteer::Roles::All,
        }
    }
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

    /// How to read inputs: text (one document per file), jsonl or csv.
    #[arg(
        long,
        value_enum,
        ignore_case = true,
        value_name = "FORMAT",
        help_heading = "Input",
        long_help = "How to read inputs. text: each file is one document. jsonl: one JSON object \
                     per line, with an id, a text and an optional date (see --id-field). csv: a \
                     table with a header row, one document per row (.tsv files: tab-separated); \
                     --text-field, --id-field and --date-field name its columns. Default: jsonl \
                     for files named .jsonl or .ndjson; otherwise a file is looked at first: \
                     JSON Lines (even named .json) and JSON arrays of objects are read as \
                     documents, a CSV table of articles is stopped with the options that read \
                     it, and anything else is text. Example: --input-format csv --text-field body"
    )]
    pub input_format: Option<InputFormat>,

    /// JSON Lines field (or CSV column) holding the document id.
    #[arg(long, value_name = "NAME", default_value = "id", help_heading = "Input")]
    pub id_field: String,

    /// JSON Lines field (or CSV column) holding the document text.
    #[arg(long, value_name = "NAME", default_value = "text", help_heading = "Input")]
    pub text_field: String,

    /// JSON Lines field (or CSV column) holding the document date (YYYY-MM-DD).
    #[arg(long, value_name = "NAME", default_value = "date", help_heading = "Input")]
    pub date_field: String,

    /// JSON Lines fields kept per document for provenance (title and url always).
    #[arg(
        long,
        value_name = "NAME",
        value_delimiter = ',',
        help_heading = "Input",
        long_help = "JSON Lines fields kept per document, beside its id and date, in the graph's \
                     list of documents (the \"documents\" array of the JSON output, which nodes' \
                     and edges' doc_ids refer to). title and url are always kept when present. \
                     Repeatable, or comma-separated. Example: --keep-field source,author"
    )]
    pub keep_field: Vec<String>,

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

    /// The home country of documents that do not give one (ISO code or entity id).
    #[arg(
        long,
        value_name = "CODE",
        help_heading = "Input",
        long_help = "The home country of documents that do not give one: an ISO 3166 code (GB, \
                     GBR) or a gazetteer id (united-kingdom). A bare role phrase (\"the prime \
                     minister\", \"the president\") names that country's office holder on the \
                     document's date. Without it, a document's home is the country it names at \
                     least 3 times and twice as often as any other, if one does. Example: \
                     --country IE"
    )]
    pub country: Option<String>,

    /// JSON Lines field holding a document's home country (ISO code or entity id).
    #[arg(long, value_name = "NAME", default_value = "country", help_heading = "Input")]
    pub country_field: String,

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

    /// Drop mentions less likely than P to be right (0 to 1), before the graph.
    #[arg(
        long,
        value_name = "P",
        default_value_t = 0.0,
        value_parser = probability,
        help_heading = "Matching",
        long_help = "Drop mentions whose confidence, the estimated probability that the mention \
                     is right, is below P (a number from 0 to 1; default 0 keeps all). Dropped \
                     mentions leave the mentions output and the graph. The README's section on \
                     confidence gives the calibration. Example: --min-confidence 0.8"
    )]
    pub min_confidence: f32,

    /// Write what the confidence model read of each mention (--format mentions).
    #[arg(
        long,
        help_heading = "Matching",
        long_help = "With --format mentions, give each mention a \"features\" object: what the \
                     confidence model read of it (rule, alias kind, type, case, neighbours, \
                     support in the document), for refitting the model with \
                     scripts/confidence/fit.py"
    )]
    pub features: bool,

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

    /// Countries named in a match report ("Brazil beat Germany 7-1"): drop or keep as teams.
    #[arg(
        long,
        value_enum,
        value_name = "WHAT",
        default_value = "drop",
        help_heading = "Matching",
        long_help = "What to do with a country named in a sports frame (a sentence with a score \
                     like 2-1, or match words like striker, World Cup, beat and captain, and no \
                     political word): drop (default) leaves it out of the graph; keep puts it in \
                     as a node of its own, id team:<country id>, type team, not as the country. \
                     Either way the mentions output lists it, with alias_kind \"team\". \
                     Example: --teams keep"
    )]
    pub teams: Teams,

    /// Map seats of government ("the Kremlin") and capitals used as governments ("Beijing said") to their country.
    #[arg(
        long,
        help_heading = "Matching",
        long_help = "Map seats and buildings that stand for a government (\"the Kremlin\", \
                     \"the White House\", \"Downing Street\"; the list is \
                     gazetteers/metonyms.toml) and capitals used as governments in political \
                     sentences (\"Beijing said\", \"talks between Washington and Tehran\") to \
                     the country, as mentions of kind \"metonym\". Off by default."
    )]
    pub metonyms: bool,

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

    #[command(flatten)]
    pub nodes: NodePruneArgs,

    /// Document ids listed per node and edge (doc_ids; documents counts them all).
    #[arg(long, value_name = "N", default_value_t = entgraph::graph::DOC_IDS_LIMIT, help_heading = "Graph")]
    pub doc_ids: usize,

    /// Output format.
    #[arg(
        short = 'f',
        long,
        value_enum,
        ignore_case = true,
        default_value_t = OutputFormat::Json,
        value_name = "FORMAT",
        help_heading = "Output",
        long_help = "Output format. Graphs: json (node-link, for networkx and D3; the default), \
                     dot (Graphviz), gexf (Gephi, Gephi Lite), graphml (yEd, Cytoscape desktop, \
                     networkx), cytoscape (Cytoscape.js), csv (nodes.csv and edges.csv in the \
                     directory given by -o), html (one page to open in a browser, offline). \
                     Mentions: mentions (one JSON line per document, with \
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

    /// JSON with plain attribute values only, which networkx can write on to GraphML or GEXF.
    #[arg(
        long,
        help_heading = "Output",
        long_help = "With --format json: write every attribute as a plain value (lists and \
                     objects as JSON text, relations as relation_<kind> counts, evidence as the \
                     first unit's text, document and offsets), so that a graph read with \
                     networkx can be written on with write_graphml or write_gexf. merge does \
                     not read such files."
    )]
    pub flat: bool,

    /// GEXF: give edges Gephi's dynamic weight (not readable by Gephi Lite).
    #[arg(
        long,
        help_heading = "Output",
        long_help = "With --format gexf and dated documents: give every co-occurrence edge \
                     Gephi's weight over time (one value per period in which the pair occurs), \
                     so that the weights follow Gephi's timeline. Gephi Lite cannot open such a \
                     file (its reader takes one block of edge attributes only), hence not the \
                     default."
    )]
    pub dynamic_weight: bool,

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

    /// Fail (exit status 1, no output) when more than N documents are skipped.
    #[arg(
        long,
        value_name = "N",
        help_heading = "Run",
        long_help = "Fail when more than N documents are skipped: the run stops with exit status \
                     1 and writes no output file. With N or fewer skipped the run succeeds (exit \
                     status 0); without this option a run that skipped documents ends with exit \
                     status 3. Example: --max-skipped 10"
    )]
    pub max_skipped: Option<u64>,

    /// Units naming more entities than this give no pairs (a warning says which).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 50,
        help_heading = "Graph",
        long_help = "A unit of text (sentence, paragraph, window or document) that names more \
                     than N entities, such as a list of the 193 UN member states, gives no \
                     edges: its pairs would be N²/2 edges that say little. Its mentions still \
                     count on the nodes, and a warning names the document and the unit. 0: no \
                     limit. Example: --max-unit-entities 100"
    )]
    pub max_unit_entities: usize,

    /// The most bytes of evidence text the whole graph keeps.
    #[arg(
        long,
        value_name = "BYTES",
        default_value_t = 100_000_000,
        help_heading = "Graph",
        long_help = "The most bytes of evidence text the whole graph keeps (default 100 MB): \
                     beyond it, the evidence of largest key is left out (the graph records how \
                     many items as evidence_dropped). 0: no limit. Example: --max-evidence-bytes \
                     10000000"
    )]
    pub max_evidence_bytes: usize,

    #[command(flatten)]
    pub json: JsonArgs,
}

/// Options of the JSON graph.
#[derive(Debug, Args)]
pub struct JsonArgs {
    /// Where the JSON graph writes its edges: links, edges or both.
    #[arg(
        long,
        value_enum,
        ignore_case = true,
        value_name = "KEY",
        default_value_t = EdgesKey::Links,
        help_heading = "Output",
        long_help = "Under which key the JSON graph writes its edges. links (the default): read \
                     by D3 and by networkx (node_link_graph(data, edges=\"links\") from networkx \
                     3.4 on); edges: the default key of networkx 3.6; both: the two, each a full \
                     copy, as versions before 0.2 wrote. Example: --edges-key both"
    )]
    pub edges_key: EdgesKey,
}

/// Where the JSON graph writes its edges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EdgesKey {
    /// Under `links`.
    Links,
    /// Under `edges`.
    Edges,
    /// Under both (twice the size).
    Both,
}

/// What to do with countries named in a sports frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Teams {
    /// Leave them out of the graph (the mentions output lists them).
    Drop,
    /// Put them in the graph as teams, nodes of their own.
    Keep,
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
    /// A CSV table with a header row: one document per row (--text-field names its
    /// column).
    Csv,
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
    /// One self-contained HTML page that shows the graph (works offline).
    Html,
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
    /// settings, from disjoint documents: files, `-` (standard input), gzip (.gz),
    /// one graph or several (one per line).
    #[arg(value_name = "FILE", required = true)]
    pub inputs: Vec<PathBuf>,

    /// Output format (a graph format).
    #[arg(short = 'f', long, value_enum, ignore_case = true, default_value_t = OutputFormat::Json, value_name = "FORMAT")]
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

    #[command(flatten)]
    pub nodes: NodePruneArgs,

    /// JSON with plain attribute values only (see `extract --help`).
    #[arg(long)]
    pub flat: bool,

    /// GEXF: give edges Gephi's dynamic weight (see `extract --help`).
    #[arg(long)]
    pub dynamic_weight: bool,

    #[command(flatten)]
    pub json: JsonArgs,

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

/// Node pruning, shared by `extract` and `merge`.
#[derive(Debug, Args)]
pub struct NodePruneArgs {
    /// Keep only the N most mentioned nodes.
    #[arg(long, value_name = "N", help_heading = "Pruning")]
    pub top_nodes: Option<usize>,

    /// Drop nodes with fewer mentions.
    #[arg(long, value_name = "N", default_value_t = 1, help_heading = "Pruning")]
    pub min_mentions: u64,

    /// Keep only nodes of these types (comma-separated: leader,country,organisation).
    #[arg(long, value_name = "TYPES", value_delimiter = ',', help_heading = "Pruning")]
    pub types: Vec<String>,

    /// Drop these nodes (entity ids; repeatable or comma-separated).
    #[arg(
        long,
        value_name = "ID",
        value_delimiter = ',',
        help_heading = "Pruning",
        long_help = "Drop these nodes and their edges: entity ids, repeatable or \
                     comma-separated. Example: --exclude united-states,united-nations"
    )]
    pub exclude: Vec<String>,

    /// Drop nodes left without edges (the default when pruning removed an edge).
    #[arg(
        long,
        help_heading = "Pruning",
        conflicts_with = "keep_isolates",
        long_help = "Drop nodes left without any edge. This is the default as soon as a \
                     pruning option (--min-weight, --min-documents, --top-edges or a node \
                     filter) removed an edge; --drop-isolates drops them in any case."
    )]
    pub drop_isolates: bool,

    /// Keep nodes left without edges.
    #[arg(long, help_heading = "Pruning")]
    pub keep_isolates: bool,

    /// Keep only the largest connected component.
    #[arg(long, help_heading = "Pruning")]
    pub largest_component: bool,
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
    /// Count entities by type, aliases by kind, countries by status, organisations by
    /// kind, offices by role.
    Stats {
        #[command(flatten)]
        gazetteer: GazetteerArgs,
        /// text or json.
        #[arg(short = 'f', long, value_enum, ignore_case = true, default_value_t = StatsFormat::Text, value_name = "FORMAT")]
        format: StatsFormat,
    },
    /// Print every compiled alias as TSV: alias, entity id, type, kind, case policy.
    Aliases {
        #[command(flatten)]
        gazetteer: GazetteerArgs,
    },
    /// Write the bundled gazetteer files into a folder, to start a gazetteer of your
    /// own from (`--no-default-gazetteers --gazetteer DIR` loads them back).
    Export {
        /// The folder to write them in; created if missing.
        #[arg(long, value_name = "DIR", default_value = "gazetteers")]
        dir: PathBuf,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
    /// List who held an office on a date, or every term, with the file and line of
    /// each term.
    #[command(after_help = HOLDERS_EXAMPLES)]
    Holders {
        /// A country or organisation (id or name), an office title, or both
        /// ("Prime Minister of Japan"); every office when left out.
        #[arg(value_name = "OFFICE or COUNTRY")]
        query: Option<String>,
        /// Only who served on this day (YYYY-MM-DD); every term when left out.
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[command(flatten)]
        gazetteer: GazetteerArgs,
    },
    /// Print one entity with its aliases, offices and memberships, and the file and
    /// line each came from (a patch's, where one changed it).
    Show {
        /// The entity's id (or a name of it).
        #[arg(value_name = "ID")]
        id: String,
        #[command(flatten)]
        gazetteer: GazetteerArgs,
    },
}

const HOLDERS_EXAMPLES: &str = "\
Examples:
  entgraph gazetteer holders france --date 2024-05-01
  entgraph gazetteer holders \"Prime Minister of Japan\"
  entgraph gazetteer holders \"Secretary-General\" --date 2020-01-01";

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// Aligned text.
    Text,
    /// A JSON object.
    Json,
}

/// A probability from 0 to 1, for `--min-confidence`.
fn probability(s: &str) -> Result<f32, String> {
    let p: f32 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number (give one from 0 to 1, e.g. 0.8)"))?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("{s} is not a probability (give a number from 0 to 1, e.g. 0.8)"))
    }
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
