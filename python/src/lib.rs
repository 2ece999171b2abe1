//! The native module of the `entgraph` Python package, `entgraph._entgraph`: the
//! library's gazetteer, extractor and graph behind Python classes.
//!
//! The Python side (`pysrc/entgraph/`) turns what users pass (strings, dicts,
//! pandas objects) into documents and builds networkx graphs and pandas tables;
//! this module does the work with the library's [`Pipeline`]: it reads the
//! documents from Python a few at a time (with the GIL), extracts them on a thread
//! pool (without it) and builds the graph in input order, so that a graph is the
//! same for any number of threads and the same as the CLI's for the same documents
//! and settings.

use std::collections::VecDeque;
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use entgraph::export::{CsvExporter, EdgesKey, MentionsExporter, read_json};
use entgraph::gazetteer::{Date, GazetteerFormat, Roles};
use entgraph::graph::{
    DOC_IDS_LIMIT, Isolates, MergeError, MergeInputs, Pruning, check_compatible,
};
use entgraph::pipeline::{Pipeline, Skipped};
use entgraph::relations::CueLexicon;
use entgraph::{
    CooccurrenceGraph, Document, ErrorKind, Extractor, Format, Gazetteer, GazetteerBuilder,
    GraphBuilder, JsonExporter, ResolverConfig, Scope,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyIterator, PyTuple, PyType};

/// What is wrong with a date, said as the CLI says it.
#[path = "../../src/bin/entgraph/dates.rs"]
#[allow(dead_code)]
mod dates;

/// An exception of the Python package (`entgraph._errors`), by class name.
fn error(py: Python<'_>, class: &str, message: String) -> PyErr {
    let class = py.import("entgraph._errors").and_then(|m| m.getattr(class));
    match class.and_then(|c| Ok(c.cast_into::<PyType>()?)) {
        Ok(class) => PyErr::from_type(class, message),
        Err(e) => e,
    }
}

/// A library error as the Python exception of its kind, with the CLI's message.
fn lib_error(py: Python<'_>, err: entgraph::Error) -> PyErr {
    let class = match err.kind() {
        ErrorKind::Gazetteer => "GazetteerError",
        ErrorKind::Input => "InputError",
        ErrorKind::Io => "EntgraphOSError",
        _ => "EntgraphError",
    };
    error(py, class, err.to_string())
}

fn input_error(py: Python<'_>, message: impl Into<String>) -> PyErr {
    error(py, "InputError", message.into())
}

fn io_error(py: Python<'_>, what: &str, err: std::io::Error) -> PyErr {
    error(py, "EntgraphOSError", format!("{what}: {err}"))
}

/// A date given by the user, or the CLI's message about it.
fn parse_date(py: Python<'_>, what: &str, s: &str) -> PyResult<Date> {
    Date::parse(s).ok_or_else(|| {
        let why = dates::problem(s).unwrap_or_default();
        input_error(py, format!("{what} {s:?} is not a date: {why}"))
    })
}

/// A gazetteer: the leaders, countries and organisations to look for.
#[pyclass(module = "entgraph._entgraph", name = "Gazetteer", frozen)]
struct PyGazetteer {
    inner: Gazetteer,
}

fn roles(py: Python<'_>, roles: &str) -> PyResult<Roles> {
    match roles {
        "heads" => Ok(Roles::Heads),
        "all" => Ok(Roles::All),
        _ => Err(input_error(
            py,
            format!("roles {roles:?} is not a set of roles; use \"heads\" or \"all\""),
        )),
    }
}

/// Files of a folder that are gazetteers, sorted, in its subfolders too.
fn expand(py: Python<'_>, paths: Vec<PathBuf>) -> PyResult<Vec<PathBuf>> {
    fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        let mut paths: Vec<PathBuf> =
            std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
        paths.sort();
        for p in paths {
            if p.is_dir() {
                walk(&p, out)?;
            } else if GazetteerFormat::from_path(&p).is_some() {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let before = out.len();
            walk(&path, &mut out).map_err(|e| {
                io_error(py, &format!("could not read the folder {}", path.display()), e)
            })?;
            if out.len() == before {
                return Err(input_error(
                    py,
                    format!(
                        "{}: the folder holds no gazetteer file (.toml, .tsv, .csv or .jsonl)",
                        path.display()
                    ),
                ));
            }
        } else {
            out.push(path);
        }
    }
    Ok(out)
}

/// The threads that load gazetteers: one per core, started on first use.
fn loading_pool() -> &'static rayon::ThreadPool {
    static POOL: OnceLock<rayon::ThreadPool> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("entgraph-load-{i}"))
            .build()
            .expect("threads start")
    })
}

#[pymethods]
impl PyGazetteer {
    /// The gazetteers that come with entgraph.
    #[staticmethod]
    #[pyo3(signature = (roles = "heads"))]
    fn bundled(py: Python<'_>, roles: &str) -> PyResult<PyGazetteer> {
        PyGazetteer::load(py, Vec::new(), true, roles)
    }

    /// Gazetteer files (and folders of them), after the bundled ones unless
    /// `bundled` is false; files of `[[patch]]` overlays change entities loaded
    /// before them.
    #[staticmethod]
    #[pyo3(signature = (paths, bundled = true, roles = "heads"))]
    fn load(
        py: Python<'_>,
        paths: Vec<PathBuf>,
        bundled: bool,
        roles: &str,
    ) -> PyResult<PyGazetteer> {
        let mut builder = GazetteerBuilder::new();
        builder.roles(self::roles(py, roles)?);
        if bundled {
            builder.bundled();
        }
        for path in expand(py, paths)? {
            builder.add_path(path).map_err(|e| lib_error(py, e))?;
        }
        // The files are parsed and checked on a pool of every core.
        let gazetteer = py
            .detach(|| loading_pool().install(|| builder.build()))
            .map_err(|e| lib_error(py, e))?;
        if gazetteer.is_empty() {
            return Err(input_error(
                py,
                "no entities to look for: bundled=False was given without a gazetteer file",
            ));
        }
        Ok(PyGazetteer { inner: gazetteer })
    }

    /// Problems found while loading that did not stop it, as the CLI prints them.
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings().iter().map(|w| w.to_string()).collect()
    }

    /// A hash of the gazetteer's contents: graphs merge only with the same one.
    #[getter]
    fn fingerprint(&self) -> String {
        self.inner.fingerprint()
    }

    /// The day the gazetteers' facts are current to, if they say.
    #[getter]
    fn as_of(&self) -> Option<String> {
        self.inner.as_of().map(|d| d.to_string())
    }

    /// `heads` or `all`: the people kept.
    #[getter]
    fn roles(&self) -> &'static str {
        self.inner.roles().as_str()
    }

    /// The entity with this id, as a dict, or None.
    fn entity<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(index) = self.inner.get(id) else { return Ok(None) };
        let e = self.inner.entity(index);
        let d = pyo3::types::PyDict::new(py);
        d.set_item("id", &e.id)?;
        d.set_item("label", &e.label)?;
        d.set_item("type", e.entity_type.as_str())?;
        d.set_item("wikidata", &e.wikidata)?;
        d.set_item("wikipedia", &e.wikipedia)?;
        d.set_item("description", &e.description)?;
        let aliases: Vec<&str> = e.aliases.iter().map(|a| a.text.as_str()).collect();
        d.set_item("aliases", aliases)?;
        Ok(Some(d.into_any()))
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __contains__(&self, id: &str) -> bool {
        self.inner.get(id).is_some()
    }

    fn __repr__(&self) -> String {
        format!(
            "<entgraph.Gazetteer: {} entities, roles={}, fingerprint {}>",
            self.inner.len(),
            self.inner.roles().as_str(),
            self.inner.fingerprint()
        )
    }
}

/// Graph settings of an extractor, as the CLI's options give them.
struct GraphSettings {
    scope: Scope,
    evidence: usize,
    knowledge: bool,
    max_unit_entities: Option<usize>,
    max_evidence_bytes: Option<usize>,
    doc_ids: usize,
    /// Recorded in the graph's metadata, as the CLI records them.
    recorded: Vec<(&'static str, serde_json::Value)>,
}

/// Extracts mentions from texts and builds graphs (the Python `Extractor` wraps it).
#[pyclass(module = "entgraph._entgraph", name = "_Extractor", frozen)]
struct PyExtractor {
    gazetteer: Gazetteer,
    extractor: Extractor,
    settings: GraphSettings,
    date: Option<Date>,
    /// The home country of every document (an ISO 3166 code or an entity id).
    country: Option<String>,
    pool: Arc<rayon::ThreadPool>,
    threads: usize,
}

/// FNV-1a, 64 bits: the CLI's record of a cue lexicon file's content.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h: u64, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// What the Python side gives per document.
enum Item {
    Doc(Document),
    Skip { what: String, reason: String },
}

impl PyExtractor {
    fn builder(&self, py: Python<'_>) -> PyResult<GraphBuilder> {
        let s = &self.settings;
        let mut builder = GraphBuilder::new(&self.gazetteer);
        builder
            .scope(s.scope)
            .evidence_limit(Some(s.evidence))
            .knowledge(s.knowledge)
            .max_unit_entities(s.max_unit_entities)
            .max_evidence_bytes(s.max_evidence_bytes);
        builder.doc_id_limit(s.doc_ids);
        for (key, value) in &s.recorded {
            builder.setting(key, value.clone()).map_err(|e| lib_error(py, e))?;
        }
        Ok(builder)
    }

    /// One item from the Python side: `("doc", id, text, date, fields_json)` or
    /// `("skip", what, reason)`.
    fn item(&self, py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Item> {
        let t = obj.cast::<PyTuple>()?;
        let tag: String = t.get_item(0)?.extract()?;
        if tag == "skip" {
            return Ok(Item::Skip {
                what: t.get_item(1)?.extract()?,
                reason: t.get_item(2)?.extract()?,
            });
        }
        let (_, id, text, date, fields): (String, String, String, Option<String>, Option<String>) =
            t.extract()?;
        let date = match date.as_deref() {
            None | Some("") => self.date,
            Some(s) => {
                // Full timestamps too: the date part is what counts.
                let day = s.get(..10).filter(|d| d.len() == 10 && s.len() > 10).unwrap_or(s);
                match Date::parse(day) {
                    Some(d) => Some(d),
                    None => {
                        let why = dates::problem(day).unwrap_or_default();
                        return Ok(Item::Skip {
                            what: id,
                            reason: format!("date {s:?} is not a date (YYYY-MM-DD): {why}"),
                        });
                    }
                }
            }
        };
        let fields = match fields {
            None => serde_json::Map::new(),
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| PyValueError::new_err(format!("fields of {id}: {e}")))?,
        };
        let _ = py;
        let mut doc = Document::new(id, text).with_date(date);
        doc.fields = fields;
        doc.country = self.country.clone();
        Ok(Item::Doc(doc))
    }
}

#[pymethods]
impl PyExtractor {
    #[new]
    #[pyo3(signature = (gazetteer, scope, date, demonyms, in_names, cues, evidence, knowledge,
        max_unit_entities, max_evidence_bytes, doc_ids, threads, country = None, teams = false,
        metonyms = false, min_confidence = 0.0))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        gazetteer: &PyGazetteer,
        scope: &str,
        date: Option<&str>,
        demonyms: bool,
        in_names: &str,
        cues: Option<PathBuf>,
        evidence: usize,
        knowledge: bool,
        max_unit_entities: usize,
        max_evidence_bytes: usize,
        doc_ids: usize,
        threads: Option<usize>,
        country: Option<&str>,
        teams: bool,
        metonyms: bool,
        min_confidence: f32,
    ) -> PyResult<PyExtractor> {
        let g = &gazetteer.inner;
        if let Some(code) = country
            && g.country(code).is_none()
        {
            return Err(input_error(
                py,
                format!(
                    "country {code:?} is not a country of the gazetteer; give an ISO 3166 code \
                     (GB, GBR) or an entity id (united-kingdom)"
                ),
            ));
        }
        if !(0.0..=1.0).contains(&min_confidence) {
            return Err(input_error(
                py,
                format!("min_confidence {min_confidence} is not a probability; give 0 to 1"),
            ));
        }
        let scope_value = Scope::parse(scope).ok_or_else(|| {
            input_error(
                py,
                format!(
                    "scope {scope:?} is not a scope; use sentence, paragraph, window:N or document"
                ),
            )
        })?;
        let date = date.map(|d| parse_date(py, "date", d)).transpose()?;
        let keep = match in_names {
            "drop" => false,
            "keep" => true,
            _ => {
                return Err(input_error(
                    py,
                    format!("in_names {in_names:?} is not a choice; use \"drop\" or \"keep\""),
                ));
            }
        };
        let threads = match threads {
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
            Some(0) => return Err(input_error(py, "threads must be at least 1")),
            Some(n) => n,
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| error(py, "EntgraphError", format!("could not start threads: {e}")))?;
        let config = ResolverConfig::new()
            .demonyms(demonyms)
            .in_names(keep)
            .min_confidence(min_confidence)
            .teams(teams)
            .metonyms(metonyms);
        // The matcher is built on the pool, in parts side by side.
        let mut extractor = py
            .detach(|| pool.install(|| Extractor::with_config(g, config)))
            .map_err(|e| lib_error(py, e))?;
        let relations = match &cues {
            None => "bundled".to_string(),
            Some(path) => {
                let bytes = std::fs::read(path)
                    .map_err(|e| io_error(py, &format!("could not read {}", path.display()), e))?;
                let text = String::from_utf8_lossy(&bytes);
                let lexicon = CueLexicon::parse(&path.display().to_string(), &text)
                    .map_err(|e| lib_error(py, e))?;
                extractor = extractor.cues(&lexicon);
                format!("file:{:016x}", fnv1a(&bytes))
            }
        };
        let max_unit_entities = (max_unit_entities > 0).then_some(max_unit_entities);
        let mut recorded: Vec<(&'static str, serde_json::Value)> = vec![
            ("max_unit_entities", max_unit_entities.into()),
            ("gazetteer", g.fingerprint().into()),
        ];
        if let Some(as_of) = g.as_of() {
            recorded.push(("gazetteer_as_of", as_of.to_string().into()));
        }
        if !g.patches().is_empty() {
            let patches: Vec<String> =
                g.patches().iter().map(|p| format!("{}: {}", p.id, p.changes.join("; "))).collect();
            recorded.push(("gazetteer_patches", patches.into()));
        }
        recorded.push(("demonyms", demonyms.into()));
        if g.roles() != Roles::Heads {
            recorded.push(("roles", g.roles().as_str().into()));
        }
        if keep {
            recorded.push(("in_names", "keep".into()));
        }
        // As the CLI records them, in its order.
        if min_confidence > 0.0 {
            let p = (f64::from(min_confidence) * 1000.0).round() / 1000.0;
            recorded.push(("min_confidence", p.into()));
        }
        if teams {
            recorded.push(("teams", "keep".into()));
        }
        if metonyms {
            recorded.push(("metonyms", true.into()));
        }
        recorded.push(("relations", relations.into()));
        let settings = GraphSettings {
            scope: scope_value,
            evidence,
            knowledge,
            max_unit_entities,
            max_evidence_bytes: (max_evidence_bytes > 0).then_some(max_evidence_bytes),
            doc_ids,
            recorded,
        };
        Ok(PyExtractor {
            gazetteer: g.clone(),
            extractor,
            settings,
            date,
            country: country.map(str::to_string),
            pool: Arc::new(pool),
            threads,
        })
    }

    /// The mentions of one text as the CLI's `mentions` JSON line.
    #[pyo3(signature = (text, date = None, id = ""))]
    fn mentions_json(
        &self,
        py: Python<'_>,
        text: &str,
        date: Option<&str>,
        id: &str,
    ) -> PyResult<String> {
        let date = match date {
            Some(d) => Some(parse_date(py, "date", d)?),
            None => self.date,
        };
        let mut doc = Document::new(id, text).with_date(date);
        doc.country = self.country.clone();
        let found = py.detach(|| self.extractor.extract(doc));
        let mut out = Vec::new();
        MentionsExporter::new(&self.gazetteer)
            .write_jsonl(&mut out, &found)
            .map_err(|e| io_error(py, "mentions", e))?;
        Ok(String::from_utf8(out).expect("serde_json writes UTF-8"))
    }

    /// How many threads extraction uses.
    #[getter]
    fn threads(&self) -> usize {
        self.threads
    }

    /// Builds the graph of the documents an iterable gives (items as
    /// `Item` says), extracting on the thread pool without the GIL. Gives the
    /// graph and the skipped documents, `(what, reason)`; with `strict`, a
    /// skipped document raises `InputError` instead.
    #[pyo3(signature = (items, strict = false))]
    fn graph(
        &self,
        py: Python<'_>,
        items: &Bound<'_, PyAny>,
        strict: bool,
    ) -> PyResult<(PyGraph, Vec<(String, String)>)> {
        let iter: Py<PyIterator> = items.try_iter()?.unbind();
        let pipeline = Pipeline::new(self.extractor.clone()).pool(Arc::clone(&self.pool));
        let builder = self.builder(py)?;
        let mut error = None;
        // The library's pipeline reads on this thread (taking the GIL for a few
        // documents at a time), extracts on the pool without it, and builds the
        // graph in input order.
        let run = py.detach(|| {
            let docs = FromPython {
                iter: &iter,
                extractor: self,
                strict,
                error: &mut error,
                buffer: VecDeque::new(),
            };
            pipeline.graph(docs, builder, |_, _| {})
        });
        if let Some(e) = error {
            return Err(e);
        }
        let skipped = run.skipped.into_iter().map(|s| (s.what, s.reason)).collect();
        Ok((PyGraph { inner: cli_pruning(run.graph) }, skipped))
    }
}

/// Documents from a Python iterator, a few at a time with the GIL, for the
/// pipeline; the first Python error (or skipped document, with `strict`) ends
/// them and is kept for the caller.
struct FromPython<'a> {
    iter: &'a Py<PyIterator>,
    extractor: &'a PyExtractor,
    strict: bool,
    error: &'a mut Option<PyErr>,
    buffer: VecDeque<Result<Document, Skipped>>,
}

/// Items read from Python at a time.
const READ_AHEAD: usize = 64;

impl Iterator for FromPython<'_> {
    type Item = Result<Document, Skipped>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.buffer.is_empty() && self.error.is_none() {
            Python::attach(|py| {
                let mut iter = self.iter.bind(py).clone();
                while self.buffer.len() < READ_AHEAD {
                    let item = match iter.next() {
                        None => break,
                        Some(obj) => obj.and_then(|obj| self.extractor.item(py, &obj)),
                    };
                    match item {
                        Ok(Item::Doc(doc)) => self.buffer.push_back(Ok(doc)),
                        Ok(Item::Skip { what, reason }) if self.strict => {
                            let message = format!("{what}: {reason} (stopped by strict=True)");
                            *self.error = Some(input_error(py, message));
                            break;
                        }
                        Ok(Item::Skip { what, reason }) => {
                            self.buffer.push_back(Err(Skipped { what, reason }))
                        }
                        Err(e) => {
                            *self.error = Some(e);
                            break;
                        }
                    }
                }
            });
        }
        self.buffer.pop_front()
    }
}

/// The pruning the CLI applies when no pruning option is given (it records the
/// settings in the metadata, which merging reads).
fn cli_pruning(graph: CooccurrenceGraph) -> CooccurrenceGraph {
    graph.prune_with(&Pruning {
        min_weight: 1,
        min_documents: 1,
        min_mentions: 1,
        ..Pruning::default()
    })
}

/// A co-occurrence graph (the Python `Graph` wraps it).
#[pyclass(module = "entgraph._entgraph", name = "_Graph", frozen)]
struct PyGraph {
    inner: CooccurrenceGraph,
}

fn edges_key(py: Python<'_>, key: &str) -> PyResult<EdgesKey> {
    match key {
        "links" => Ok(EdgesKey::Links),
        "edges" => Ok(EdgesKey::Edges),
        "both" => Ok(EdgesKey::Both),
        _ => Err(input_error(
            py,
            format!("edges_key {key:?} is not a choice; use \"links\", \"edges\" or \"both\""),
        )),
    }
}

fn format_of(py: Python<'_>, name: &str) -> PyResult<Format> {
    Format::parse(&name.to_ascii_lowercase()).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
        input_error(py, format!("format {name:?} is not a graph format; use {}", names.join(", ")))
    })
}

#[pymethods]
impl PyGraph {
    /// Reads a graph from the JSON that `to_json` (or the CLI) writes.
    #[staticmethod]
    #[pyo3(signature = (text, name = "graph"))]
    fn from_json(py: Python<'_>, text: &str, name: &str) -> PyResult<PyGraph> {
        read_json(name, text).map(|inner| PyGraph { inner }).map_err(|e| lib_error(py, e))
    }

    /// Node-link JSON, as `entgraph extract` writes it.
    #[pyo3(signature = (compact = false, flat = false, edges_key = "links"))]
    fn to_json(
        &self,
        py: Python<'_>,
        compact: bool,
        flat: bool,
        edges_key: &str,
    ) -> PyResult<String> {
        let key = self::edges_key(py, edges_key)?;
        Ok(JsonExporter::new().compact(compact).flat(flat).edges_key(key).to_string(&self.inner))
    }

    /// The graph in one of the formats (not csv, which is two tables).
    fn to_string(&self, py: Python<'_>, format: &str) -> PyResult<String> {
        let format = format_of(py, format)?;
        if format == Format::Csv {
            return Err(input_error(
                py,
                "csv is two tables: use nodes_csv() and edges_csv(), or write(dir, format=\"csv\")",
            ));
        }
        let mut out = Vec::new();
        format.write(&self.inner, &mut out).map_err(|e| io_error(py, "graph", e))?;
        Ok(String::from_utf8(out).expect("the exporters write UTF-8"))
    }

    /// The nodes table of `--format csv`.
    fn nodes_csv(&self) -> String {
        CsvExporter::new().nodes_to_string(&self.inner)
    }

    /// The edges table of `--format csv`.
    fn edges_csv(&self) -> String {
        CsvExporter::new().edges_to_string(&self.inner)
    }

    /// Writes the graph to a file (a directory for csv).
    fn write(&self, py: Python<'_>, path: PathBuf, format: &str) -> PyResult<()> {
        let format = format_of(py, format)?;
        let what = format!("could not write {}", path.display());
        if format == Format::Csv {
            if path.exists() && !path.is_dir() {
                return Err(input_error(
                    py,
                    format!(
                        "format csv writes nodes.csv and edges.csv into a directory, but {} is a \
                         file; give a directory (it is created if missing)",
                        path.display()
                    ),
                ));
            }
            return CsvExporter::new()
                .write_dir(&self.inner, &path)
                .map_err(|e| io_error(py, &what, e));
        }
        let file = std::fs::File::create(&path).map_err(|e| io_error(py, &what, e))?;
        let mut w = std::io::BufWriter::new(file);
        format.write(&self.inner, &mut w).map_err(|e| io_error(py, &what, e))?;
        w.flush().map_err(|e| io_error(py, &what, e))
    }

    /// The graph pruned as the CLI's pruning options say.
    #[pyo3(signature = (min_weight = 1, min_documents = 1, top_edges = None, top_nodes = None,
        min_mentions = 1, types = Vec::new(), exclude = Vec::new(), isolates = "auto",
        largest_component = false))]
    #[allow(clippy::too_many_arguments)]
    fn prune(
        &self,
        py: Python<'_>,
        min_weight: u64,
        min_documents: u64,
        top_edges: Option<usize>,
        top_nodes: Option<usize>,
        min_mentions: u64,
        types: Vec<String>,
        exclude: Vec<String>,
        isolates: &str,
        largest_component: bool,
    ) -> PyResult<PyGraph> {
        let isolates = match isolates {
            "auto" => Isolates::Auto,
            "drop" => Isolates::Drop,
            "keep" => Isolates::Keep,
            _ => {
                return Err(input_error(
                    py,
                    format!(
                        "isolates {isolates:?} is not a choice; use \"auto\", \"drop\" or \"keep\""
                    ),
                ));
            }
        };
        let pruning = Pruning {
            min_weight,
            min_documents,
            top_edges,
            top_nodes,
            min_mentions,
            types,
            exclude,
            isolates,
            largest_component,
        };
        Ok(PyGraph { inner: self.inner.clone().prune_with(&pruning) })
    }

    /// How many documents the graph was built from.
    #[getter]
    fn documents(&self) -> u64 {
        self.inner.meta.documents
    }

    /// True when two entities are joined by edges of two kinds (co-occurrence and
    /// background knowledge).
    #[getter]
    fn is_multigraph(&self) -> bool {
        self.inner.is_multigraph()
    }

    fn number_of_nodes(&self) -> usize {
        self.inner.node_count()
    }

    fn number_of_edges(&self) -> usize {
        self.inner.edge_count()
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = py.get_type::<PyGraph>().getattr("from_json")?;
        Ok((from_json, (JsonExporter::new().compact(true).to_string(&self.inner),)))
    }
}

/// True when the graph was pruned beyond the CLI's defaults.
fn pruned(graph: &CooccurrenceGraph) -> bool {
    let Some(p) = &graph.meta.settings.pruned else { return false };
    let count = |v: Option<u64>| v.unwrap_or(0);
    count(p.min_weight) > 1
        || count(p.min_documents) > 1
        || p.top_edges.flatten().is_some()
        || count(p.edges_removed) > 0
        || count(p.nodes_removed) > 0
}

/// Sums graphs of parts of one corpus into the graph of the whole.
#[pyfunction]
#[pyo3(signature = (graphs, names, allow_pruned = false, gazetteer = None))]
fn merge(
    py: Python<'_>,
    graphs: Vec<PyRef<'_, PyGraph>>,
    names: Vec<String>,
    allow_pruned: bool,
    gazetteer: Option<PyRef<'_, PyGazetteer>>,
) -> PyResult<PyGraph> {
    if graphs.is_empty() {
        return Err(input_error(py, "merge needs at least one graph"));
    }
    let mut merged: Option<CooccurrenceGraph> = None;
    let mut knowledge = false;
    // The documents of each graph, to refuse one that another holds too, as the
    // CLI refuses a second input that holds it.
    let mut inputs = MergeInputs::new();
    for (graph, name) in graphs.iter().zip(&names) {
        let graph = &graph.inner;
        inputs.add(name, graph).map_err(|e| input_error(py, e.to_string()))?;
        if pruned(graph) && !allow_pruned {
            return Err(input_error(
                py,
                format!(
                    "cannot merge {name}: it was pruned, so the edges it lost would be missing \
                     from the sums; merge the graphs before pruning them, or merge anyway with \
                     allow_pruned=True"
                ),
            ));
        }
        // The library checks the settings again when merging; here the message can
        // name both graphs, as the CLI names both files.
        if let Some(m) = &merged
            && let Err(MergeError::Setting { setting, first: a, second: b, hint }) =
                check_compatible(m, graph)
        {
            let first = &names[0];
            return Err(input_error(
                py,
                format!(
                    "cannot merge {first} and {name}: their {setting} differs ({a} in {first}, \
                     {b} in {name}); {hint}, then merge them"
                ),
            ));
        }
        knowledge |= graph.meta.settings.knowledge.unwrap_or(false);
        let graph = graph.clone();
        merged = Some(match merged {
            None => graph,
            Some(m) => {
                m.merge(graph).map_err(|e| input_error(py, format!("cannot merge {name}: {e}")))?
            }
        });
    }
    let mut graph = merged.expect("one graph at least");
    if knowledge && graphs.len() > 1 {
        // Background edges are made again for the union, from the gazetteer.
        let Some(gazetteer) = gazetteer else {
            return Err(input_error(
                py,
                "the graphs have background-knowledge edges (knowledge=True), which are made \
                 again for the merged graph: pass the gazetteer they were extracted with \
                 (merge(graphs, gazetteer=g))",
            ));
        };
        graph = graph.add_knowledge(&gazetteer.inner);
    }
    Ok(PyGraph { inner: cli_pruning(graph) })
}

/// The default number of document ids kept per node and edge.
#[pyfunction]
fn _doc_ids_limit() -> usize {
    DOC_IDS_LIMIT
}

#[pymodule]
fn _entgraph(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyGazetteer>()?;
    m.add_class::<PyExtractor>()?;
    m.add_class::<PyGraph>()?;
    m.add_function(wrap_pyfunction!(merge, m)?)?;
    m.add_function(wrap_pyfunction!(_doc_ids_limit, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DOC_IDS_LIMIT", DOC_IDS_LIMIT)?;
    Ok(())
}
