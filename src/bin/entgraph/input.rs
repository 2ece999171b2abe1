//! Reading input documents: files, directories, JSON Lines and standard input,
//! one document at a time, so that memory does not grow with the corpus.
//!
//! Reading is split in two: [`Documents`] only reads ([`Raw`] bytes, in input
//! order), and [`Raw::decode`] turns them into text (UTF-8, JSON), so that the
//! decoding can run on the worker threads while the next batch is read.
//!
//! A bad document (unreadable, binary, a broken JSON line, a line without text)
//! becomes an [`Item::Skip`] with the reason; the caller reports it and goes on.
//! Text that is not valid UTF-8 is decoded with U+FFFD in place of the bad bytes,
//! with one warning per file naming the first bad byte; offsets in the output
//! then refer to the decoded text. A UTF-8 byte-order mark at the start of a file
//! (text or JSON Lines, or standard input) is dropped, as UTF-8 readers do: it is
//! not part of the text, and offsets count from after it.

use std::collections::{BTreeMap, VecDeque};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use entgraph::gazetteer::Date;
use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::args::InputFormat;

/// One input document: its id is the path as given, or the JSON Lines id field;
/// its fields are the JSON Lines fields kept for provenance
/// (`InputOptions::keep_fields`).
pub use entgraph::Document as Input;

/// A warning about a document that was read anyway.
pub struct Warning {
    /// The warning is given once for this file (a JSON Lines file with several bad
    /// lines), not once per document.
    pub once_per_file: Option<String>,
    pub message: String,
}

/// A decoded document (with a warning worth printing, if any), or a document that
/// had to be skipped.
pub enum Item {
    Doc(Input, Option<Warning>),
    Skip { what: String, reason: String },
}

/// A document as read, before decoding.
pub enum Raw {
    /// A whole file (or standard input) of text.
    Text { id: String, bytes: Vec<u8> },
    /// One line of a JSON Lines file: the file, the line number and the line.
    Json { file: String, line_no: u64, line: Vec<u8> },
    /// One JSON object of a JSON array, or a table's row as one: where it is
    /// (`a.json[3]`, `a.csv:4`), its file, and the object.
    Object { at: String, file: String, json: String },
    /// Something that could not be read.
    Skip { what: String, reason: String },
}

/// A raw document with the options that decode it: what the library's pipeline
/// reads, decoding on its worker threads. The note is a warning about the
/// document, if any, and whether it looks like English.
pub struct Reading<'a> {
    pub raw: Raw,
    pub opts: &'a InputOptions,
    /// Where a document's home country is looked up.
    pub gazetteer: &'a entgraph::Gazetteer,
}

impl entgraph::pipeline::Input for Reading<'_> {
    type Note = (Option<Warning>, bool);

    fn size(&self) -> usize {
        self.raw.len()
    }

    fn read(self) -> Result<(Input, Self::Note), entgraph::pipeline::Skipped> {
        // Where a bad field is: the file and line of a JSON Lines document.
        let at = match &self.raw {
            Raw::Json { file, line_no, .. } => Some(format!("{file}:{line_no}")),
            _ => None,
        };
        match self.raw.decode(self.opts) {
            Item::Doc(mut input, warning) => {
                match &input.country {
                    Some(code) if self.gazetteer.country(code).is_none() => {
                        return Err(entgraph::pipeline::Skipped {
                            what: at.unwrap_or(input.id),
                            reason: format!(
                                "field {:?} is not a country of the gazetteer: {code:?}; write \
                                 an ISO 3166 code (GB, GBR) or an entity id",
                                self.opts.country_field
                            ),
                        });
                    }
                    Some(_) => {}
                    None => input.country = self.opts.default_country.clone(),
                }
                let english = crate::language::looks_english(&input.text);
                Ok((input, (warning, english)))
            }
            Item::Skip { what, reason } => Err(entgraph::pipeline::Skipped { what, reason }),
        }
    }
}

impl Raw {
    /// Its size in bytes, for batching.
    pub fn len(&self) -> usize {
        match self {
            Raw::Text { bytes, .. } => bytes.len(),
            Raw::Json { line, .. } => line.len(),
            Raw::Object { json, .. } => json.len(),
            Raw::Skip { .. } => 0,
        }
    }

    /// Decodes the document.
    pub fn decode(self, opts: &InputOptions) -> Item {
        match self {
            Raw::Text { id, bytes } => text_document(id, bytes, opts.default_date),
            Raw::Json { file, line_no, mut line } => {
                let at = format!("{file}:{line_no}");
                let bom = if line_no == 1 { drop_bom(&mut line) } else { 0 };
                match String::from_utf8(line) {
                    Ok(s) => match json_document(&at, &s, opts) {
                        Item::Doc(input, None) => {
                            let warning = no_date_field(&file, &s, &input, opts);
                            Item::Doc(input, warning)
                        }
                        item => item,
                    },
                    Err(e) => {
                        let bad = bom + e.utf8_error().valid_up_to();
                        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                        match json_document(&at, &text, opts) {
                            Item::Doc(input, _) => {
                                let message = format!(
                                    "{at}: not valid UTF-8 (first bad byte at offset {bad} of the \
                                     line); bad bytes were replaced with U+FFFD, here and in later \
                                     lines without another warning, and offsets refer to the \
                                     decoded text"
                                );
                                Item::Doc(
                                    input,
                                    Some(Warning { once_per_file: Some(file), message }),
                                )
                            }
                            skip => skip,
                        }
                    }
                }
            }
            Raw::Object { at, file, json } => match json_document(&at, &json, opts) {
                Item::Doc(input, None) => {
                    let warning = no_date_field(&file, &json, &input, opts);
                    Item::Doc(input, warning)
                }
                item => item,
            },
            Raw::Skip { what, reason } => Item::Skip { what, reason },
        }
    }
}

/// A warning, once per file, when the date field that `--date-field` names is
/// missing: the documents are then undated, which the user did not mean.
fn no_date_field(file: &str, json: &str, input: &Input, opts: &InputOptions) -> Option<Warning> {
    if !opts.date_field_given || input.date.is_some() && opts.default_date.is_none() {
        return None;
    }
    let has_field = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(json)
        .is_ok_and(|o| o.contains_key(&opts.date_field));
    (!has_field).then(|| Warning {
        once_per_file: Some(file.to_string()),
        message: format!(
            "{file}: a document has no {:?} field (--date-field): such documents are {}; \
             check the field's name",
            opts.date_field,
            if opts.default_date.is_some() { "given the --date" } else { "undated" }
        ),
    })
}

/// How to read the inputs.
pub struct InputOptions {
    pub format: Option<InputFormat>,
    pub id_field: String,
    pub text_field: String,
    pub date_field: String,
    pub country_field: String,
    /// The home country of documents that do not give one (`--country`).
    pub default_country: Option<String>,
    pub default_date: Option<Date>,
    pub globs: GlobSet,
    /// The patterns of `--glob`, as given (none: the default ones).
    pub glob_patterns: Vec<String>,
    /// JSON Lines fields kept per document (title, url, and those of
    /// `--keep-field`); null values are left out.
    pub keep_fields: Vec<String>,
    /// The output file (`-o`), which a directory may hold: it is not read.
    pub output: Option<crate::output::FileId>,
    /// `--date-field` was given: a document without the field is worth a warning.
    pub date_field_given: bool,
}

impl InputOptions {
    pub fn globs(patterns: &[String]) -> Result<GlobSet, globset::Error> {
        let mut b = GlobSetBuilder::new();
        if patterns.is_empty() {
            b.add(Glob::new("*.txt")?);
            b.add(Glob::new("*.md")?);
        }
        for p in patterns {
            b.add(Glob::new(p)?);
        }
        b.build()
    }
}

/// Total size of the inputs, when it can be known (for the progress bar).
pub fn total_bytes(paths: &[PathBuf], opts: &InputOptions) -> Option<u64> {
    let mut total = 0;
    for p in paths {
        if p.as_os_str() == "-" {
            return None;
        }
        let meta = std::fs::metadata(p).ok()?;
        if meta.is_dir() {
            for e in walkdir::WalkDir::new(p).follow_links(true).into_iter().flatten() {
                if e.file_type().is_file() && opts.globs.is_match(e.file_name()) {
                    total += e.metadata().map_or(0, |m| m.len());
                }
            }
        } else {
            total += meta.len();
        }
    }
    Some(total)
}

/// A JSON Lines file being read.
struct Lines {
    name: String,
    reader: Box<dyn BufRead + Send>,
    /// The number of the last line read.
    line_no: u64,
}

/// The largest document: positions inside the library are 32-bit.
const MAX_DOCUMENT: u64 = u32::MAX as u64;

fn too_large(what: String) -> Raw {
    Raw::Skip { what, reason: "larger than 4 GiB, the most one document can be; split it".into() }
}

/// The documents of the inputs, in order, as read.
pub struct Documents<'a> {
    opts: &'a InputOptions,
    /// Paths still to open.
    pending: VecDeque<PathBuf>,
    /// The JSON Lines file being read.
    lines: Option<Lines>,
    /// The table being read (`--input-format csv`).
    rows: Option<crate::shape::Rows>,
    /// Items found while expanding directories (walk errors), to give first.
    queued: VecDeque<Raw>,
}

impl<'a> Documents<'a> {
    pub fn new(paths: &[PathBuf], opts: &'a InputOptions) -> Documents<'a> {
        let pending = if paths.is_empty() {
            [PathBuf::from("-")].into()
        } else {
            paths.iter().cloned().collect()
        };
        Documents { opts, pending, lines: None, rows: None, queued: VecDeque::new() }
    }

    fn is_jsonl(&self, path: &Path) -> bool {
        match self.opts.format {
            Some(InputFormat::Jsonl) => true,
            Some(InputFormat::Text | InputFormat::Csv) => false,
            None => path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson")
            }),
        }
    }

    /// Replaces a directory at the front of the queue by its files. A directory
    /// with no file to read is skipped with the reason, so that a glob that does
    /// not fit is not an empty graph without a word.
    fn expand(&mut self, dir: &Path) {
        let mut files = Vec::new();
        // The files that the globs leave out, by extension.
        let mut left_out: BTreeMap<String, usize> = BTreeMap::new();
        let walk = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name();
        for entry in walk {
            match entry {
                Ok(e)
                    if e.file_type().is_file()
                        && self.opts.output.is_some()
                        && crate::output::file_id(e.path()) == self.opts.output =>
                {
                    let what = e.path().display().to_string();
                    let reason = "it is the output file (-o), which this run replaces".to_string();
                    self.queued.push_back(Raw::Skip { what, reason });
                }
                Ok(e) if e.file_type().is_file() && self.opts.globs.is_match(e.file_name()) => {
                    files.push(e.into_path())
                }
                Ok(e) if e.file_type().is_file() => {
                    let ext = Path::new(e.file_name())
                        .extension()
                        .map_or_else(String::new, |x| x.to_string_lossy().to_lowercase());
                    *left_out.entry(ext).or_default() += 1;
                }
                Ok(_) => {}
                Err(err) => {
                    let what = err
                        .path()
                        .map_or_else(|| dir.display().to_string(), |p| p.display().to_string());
                    let reason = if err.loop_ancestor().is_some() {
                        "symbolic link loop".to_string()
                    } else {
                        err.io_error().map_or_else(|| err.to_string(), |e| e.to_string())
                    };
                    self.queued.push_back(Raw::Skip { what, reason });
                }
            }
        }
        if files.is_empty() {
            let reason = format!("no file to read: {}", self.no_files(&left_out));
            self.queued.push_back(Raw::Skip { what: dir.display().to_string(), reason });
        }
        for f in files.into_iter().rev() {
            self.pending.push_front(f);
        }
    }

    /// Why a directory gave no file, and what to do: the files it holds, by
    /// their most common extension, and the `--glob` that would take them.
    fn no_files(&self, left_out: &BTreeMap<String, usize>) -> String {
        let total: usize = left_out.values().sum();
        if total == 0 {
            return "the directory holds no files".to_string();
        }
        let globs = if self.opts.glob_patterns.is_empty() {
            "*.txt or *.md (the default of --glob)".to_string()
        } else {
            let quoted: Vec<String> =
                self.opts.glob_patterns.iter().map(|p| format!("'{p}'")).collect();
            format!("--glob {}", quoted.join(" or "))
        };
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        // The most common extension; the first in name order among equals.
        let top = left_out
            .iter()
            .filter(|(ext, _)| !ext.is_empty())
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
        let Some((ext, &n)) = top else {
            return format!(
                "none of its {total} file{} matches {globs}; choose them with --glob",
                plural(total)
            );
        };
        let holds = if n == total {
            format!("it holds {n} .{ext} file{}: to read them", plural(n))
        } else {
            format!("it holds {total} file{}, {n} of them .{ext}: to read those", plural(total))
        };
        let how = match ext.as_str() {
            "jsonl" | "ndjson" => {
                format!(
                    " (named .{ext}, they are read as JSON Lines: --input-format jsonl is not needed)"
                )
            }
            "json" => {
                " (and --input-format jsonl if they hold one JSON object per line)".to_string()
            }
            _ => String::new(),
        };
        format!("none matches {globs}; {holds}, add --glob '*.{ext}'{how}")
    }

    fn next_line(&mut self) -> Option<Raw> {
        loop {
            let lines = self.lines.as_mut()?;
            let mut line = Vec::new();
            match lines.reader.read_until(b'\n', &mut line) {
                Ok(0) => {
                    self.lines = None;
                    return None;
                }
                Ok(_) => {
                    lines.line_no += 1;
                    if line.len() as u64 > MAX_DOCUMENT {
                        return Some(too_large(format!("{}:{}", lines.name, lines.line_no)));
                    }
                    let start = if lines.line_no == 1 { bom_len(&line) } else { 0 };
                    if line[start..].iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(Raw::Json {
                        file: lines.name.clone(),
                        line_no: lines.line_no,
                        line,
                    });
                }
                Err(e) => {
                    let what = lines.name.clone();
                    self.lines = None;
                    return Some(Raw::Skip { what, reason: format!("read error: {e}") });
                }
            }
        }
    }
}

impl Iterator for Documents<'_> {
    type Item = Raw;

    fn next(&mut self) -> Option<Raw> {
        loop {
            if let Some(item) = self.queued.pop_front() {
                return Some(item);
            }
            if let Some(item) = self.next_line() {
                return Some(item);
            }
            if let Some(item) = self.next_row() {
                return Some(item);
            }
            let path = self.pending.pop_front()?;
            let name = path.display().to_string();
            if path.as_os_str() == "-" {
                if self.is_jsonl(&path) {
                    let reader = Box::new(BufReader::new(io::stdin()));
                    self.lines = Some(Lines { name: "-".into(), reader, line_no: 0 });
                    continue;
                }
                if self.opts.format == Some(InputFormat::Csv) {
                    if let Some(skip) = self.table("-".into(), Box::new(io::stdin())) {
                        return Some(skip);
                    }
                    continue;
                }
                match self.reshape(read_text("-".into(), io::stdin().lock())) {
                    Some(raw) => return Some(raw),
                    None => continue,
                }
            }
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => {
                    self.expand(&path);
                    continue;
                }
                Ok(m) if m.len() > MAX_DOCUMENT && !self.is_jsonl(&path) => {
                    return Some(too_large(name));
                }
                Ok(_) => {}
                Err(e) => return Some(Raw::Skip { what: name, reason: e.to_string() }),
            }
            if self.is_jsonl(&path) {
                match File::open(&path) {
                    Ok(f) => {
                        let reader = Box::new(BufReader::with_capacity(1 << 16, f));
                        self.lines = Some(Lines { name, reader, line_no: 0 });
                    }
                    Err(e) => return Some(Raw::Skip { what: name, reason: e.to_string() }),
                }
                continue;
            }
            if self.opts.format == Some(InputFormat::Csv) {
                match File::open(&path) {
                    Ok(f) => {
                        if let Some(skip) = self.table(name, Box::new(f)) {
                            return Some(skip);
                        }
                    }
                    Err(e) => return Some(Raw::Skip { what: name, reason: e.to_string() }),
                }
                continue;
            }
            let raw = match File::open(&path) {
                Ok(f) => read_text(name, f),
                Err(e) => Raw::Skip { what: name, reason: e.to_string() },
            };
            match self.reshape(raw) {
                Some(raw) => return Some(raw),
                None => continue,
            }
        }
    }
}

impl Documents<'_> {
    /// A text input as what it really holds (see [`crate::shape`]), unless
    /// `--input-format text` was given: the text itself; or, for JSON Lines, a
    /// JSON array or object, `None` (its documents are queued to be read next);
    /// or a skip that says how to read a table.
    fn reshape(&mut self, raw: Raw) -> Option<Raw> {
        let Raw::Text { id, bytes } = raw else { return Some(raw) };
        if self.opts.format == Some(InputFormat::Text) {
            return Some(Raw::Text { id, bytes });
        }
        match crate::shape::detect(&id, &bytes, &self.opts.text_field) {
            crate::shape::Shape::Text => Some(Raw::Text { id, bytes }),
            crate::shape::Shape::JsonLines => {
                let reader = Box::new(io::Cursor::new(bytes));
                self.lines = Some(Lines { name: id, reader, line_no: 0 });
                None
            }
            crate::shape::Shape::Json(objects) => {
                let several = objects.len() > 1;
                for (i, json) in objects.into_iter().enumerate() {
                    let at = if several { format!("{id}[{i}]") } else { id.clone() };
                    self.queued.push_back(Raw::Object { at, file: id.clone(), json });
                }
                None
            }
            crate::shape::Shape::Table(reason) => Some(Raw::Skip { what: id, reason }),
        }
    }

    /// Starts reading a table; a skip when it cannot be read.
    fn table(&mut self, name: String, input: Box<dyn Read + Send>) -> Option<Raw> {
        let fields = [
            self.opts.id_field.clone(),
            self.opts.text_field.clone(),
            self.opts.date_field.clone(),
        ];
        match crate::shape::Rows::new(name.clone(), input, fields) {
            Ok(rows) => {
                self.rows = Some(rows);
                None
            }
            Err(reason) => Some(Raw::Skip { what: name, reason }),
        }
    }

    fn next_row(&mut self) -> Option<Raw> {
        let rows = self.rows.as_mut()?;
        match rows.next_row() {
            None => {
                self.rows = None;
                None
            }
            Some(Ok((at, json))) => {
                let file = at.rsplit_once(':').map_or(at.clone(), |(f, _)| f.to_string());
                Some(Raw::Object { at, file, json })
            }
            Some(Err((what, reason))) => Some(Raw::Skip { what, reason }),
        }
    }
}

/// Reads a text document. Its start is read first and checked, so that a binary
/// stream without end (`/dev/zero`, `/dev/urandom`) is skipped at once, and a
/// text one stops at the size limit.
fn read_text(id: String, reader: impl Read) -> Raw {
    let mut reader = reader.take(MAX_DOCUMENT + 1);
    let mut bytes = Vec::new();
    let result = (&mut reader).take(SNIFF as u64).read_to_end(&mut bytes).and_then(|_| {
        if let Some(reason) = sniff(&bytes) {
            return Err(io::Error::other(reason));
        }
        reader.read_to_end(&mut bytes)
    });
    if let Err(e) = result {
        return Raw::Skip { what: id, reason: e.to_string() };
    }
    if bytes.len() as u64 > MAX_DOCUMENT {
        return too_large(id);
    }
    Raw::Text { id, bytes }
}

/// How much of a text document is looked at to tell text from binary data.
const SNIFF: usize = 8192;

/// Why the start of a document is not UTF-8 text, if it is not.
fn sniff(start: &[u8]) -> Option<&'static str> {
    if start.starts_with(&[0xff, 0xfe]) || start.starts_with(&[0xfe, 0xff]) {
        Some(
            "UTF-16 text (it starts with a UTF-16 byte-order mark); convert it to UTF-8, \
             e.g. with iconv -f UTF-16 -t UTF-8",
        )
    } else if start[..start.len().min(SNIFF)].contains(&0) {
        Some("binary file (it contains NUL bytes)")
    } else {
        None
    }
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// The length of the byte-order mark that `bytes` start with: 3 or 0.
fn bom_len(bytes: &[u8]) -> usize {
    if bytes.starts_with(BOM) { BOM.len() } else { 0 }
}

/// Drops the byte-order mark at the start of `bytes`, if any; gives its length.
fn drop_bom(bytes: &mut Vec<u8>) -> usize {
    let n = bom_len(bytes);
    bytes.drain(..n);
    n
}

/// A text document from raw bytes (already sniffed): a byte-order mark is
/// dropped, and invalid UTF-8 replaced with a warning (that gives the offset in
/// the file).
fn text_document(id: String, mut bytes: Vec<u8>, date: Option<Date>) -> Item {
    let bom = drop_bom(&mut bytes);
    match String::from_utf8(bytes) {
        Ok(text) => Item::Doc(Input { id, text, date, ..Input::default() }, None),
        Err(e) => {
            let at = bom + e.utf8_error().valid_up_to();
            let message = format!(
                "{id}: not valid UTF-8 (first bad byte at offset {at}); bad bytes were replaced \
                 with U+FFFD and offsets refer to the decoded text"
            );
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let input = Input { id, text, date, ..Input::default() };
            Item::Doc(input, Some(Warning { once_per_file: None, message }))
        }
    }
}

/// A document from one JSON line. Only the three fields of interest are kept:
/// the others are skipped as the line is parsed, without being built.
fn json_document(at: &str, line: &str, opts: &InputOptions) -> Item {
    let skip = |reason: String| Item::Skip { what: at.to_string(), reason };
    let seed = FieldSeed {
        id: &opts.id_field,
        text: &opts.text_field,
        date: &opts.date_field,
        country: &opts.country_field,
        keep: &opts.keep_fields,
    };
    let mut de = serde_json::Deserializer::from_str(line);
    let parsed =
        serde::de::DeserializeSeed::deserialize(seed, &mut de).and_then(|f| de.end().map(|()| f));
    let fields = match parsed {
        Ok(f) => f,
        Err(e) => return skip(format!("not a JSON object: {e}")),
    };
    let text = match fields.text {
        Some(Field::Text(t)) => t,
        Some(_) => return skip(format!("field {:?} is not a string", opts.text_field)),
        None => {
            return skip(format!(
                "no {:?} field (choose the text field with --text-field)",
                opts.text_field
            ));
        }
    };
    let id = match fields.id {
        Some(Field::Text(s) | Field::Number(s)) => s,
        _ => at.to_string(),
    };
    let date = match fields.date {
        Some(Field::Text(s)) if !s.is_empty() => {
            // Accept full timestamps too: the date part is what counts.
            let day = s.get(..10).filter(|d| d.len() == 10 && s.len() > 10).unwrap_or(&s);
            match Date::parse(day) {
                Some(d) => Some(d),
                None => {
                    return skip(format!(
                        "field {:?} is not a date (YYYY-MM-DD): {s:?}: {}",
                        opts.date_field,
                        crate::dates::problem(day).unwrap_or_default()
                    ));
                }
            }
        }
        // A date that is there but not a string is as bad as a string that is not a
        // date: leaving it out would date the document wrongly without a word.
        Some(Field::Number(n)) => {
            return skip(format!(
                "field {:?} is not a date (YYYY-MM-DD): the number {n}; write it as a string, \
                 \"YYYY-MM-DD\"",
                opts.date_field
            ));
        }
        Some(Field::Other(what)) => {
            return skip(format!(
                "field {:?} is not a date (YYYY-MM-DD): {what}; write it as a string, \
                 \"YYYY-MM-DD\"",
                opts.date_field
            ));
        }
        // No date: absent, null or empty.
        Some(Field::Text(_) | Field::Null) | None => opts.default_date,
    };
    let country = match fields.country {
        Some(Field::Text(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Field::Number(n)) => {
            return skip(format!(
                "field {:?} is not a country: the number {n}; write an ISO code (\"GB\") or an \
                 entity id",
                opts.country_field
            ));
        }
        Some(Field::Other(what)) => {
            return skip(format!(
                "field {:?} is not a country: {what}; write an ISO code (\"GB\") or an entity id",
                opts.country_field
            ));
        }
        Some(Field::Text(_) | Field::Null) | None => None,
    };
    Item::Doc(Input { id, text, date, country, fields: fields.kept }, None)
}

/// A field value as far as documents care: a string, a number, null, or anything
/// else (named for messages).
enum Field {
    Text(String),
    Number(String),
    Null,
    Other(&'static str),
}

/// The id, text and date fields of one JSON object.
#[derive(Default)]
struct Fields {
    id: Option<Field>,
    text: Option<Field>,
    date: Option<Field>,
    country: Option<Field>,
    /// The fields kept for provenance.
    kept: serde_json::Map<String, serde_json::Value>,
}

/// Reads a JSON object, keeping the fields with these names.
#[derive(Clone, Copy)]
struct FieldSeed<'a> {
    id: &'a str,
    text: &'a str,
    date: &'a str,
    country: &'a str,
    keep: &'a [String],
}

impl<'de> serde::de::DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = Fields;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Fields, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for FieldSeed<'_> {
    type Value = Fields;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let mut fields = Fields::default();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let slot = if key == self.text {
                &mut fields.text
            } else if key == self.id {
                &mut fields.id
            } else if key == self.date {
                &mut fields.date
            } else if key == self.country {
                &mut fields.country
            } else if self.keep.iter().any(|k| *k == key) {
                let value = map.next_value::<serde_json::Value>()?;
                if !value.is_null() {
                    fields.kept.insert(key.into_owned(), value);
                }
                continue;
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            };
            *slot = Some(match map.next_value::<serde_json::Value>()? {
                serde_json::Value::String(s) => Field::Text(s),
                serde_json::Value::Number(n) => Field::Number(n.to_string()),
                serde_json::Value::Null => Field::Null,
                serde_json::Value::Bool(_) => Field::Other("a boolean"),
                serde_json::Value::Array(_) => Field::Other("an array"),
                serde_json::Value::Object(_) => Field::Other("an object"),
            });
        }
        Ok(fields)
    }
}
