//! Reading input documents: files, directories, JSON Lines and standard input,
//! one document at a time, so that memory does not grow with the corpus.
//!
//! Reading is split in two: [`Documents`] only reads ([`Raw`] bytes, in input
//! order), and [`Raw::decode`] turns them into text (UTF-8, JSON), so that the
//! decoding can run on the worker threads while the next batch is read.
//!
//! A bad document (unreadable, binary, a broken JSON line, a line without text)
//! becomes an [`Item::Skip`] with the reason; the caller reports it and goes on.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use entgraph::gazetteer::Date;
use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::args::InputFormat;

/// One input document.
pub struct Input {
    /// Its id: the path as given, or the JSON Lines id field.
    pub id: String,
    pub text: String,
    pub date: Option<Date>,
}

/// What the reader gives: a document (with a warning worth printing, if any), or a
/// document that had to be skipped.
pub enum Item {
    Doc(Input, Option<String>),
    Skip { what: String, reason: String },
}

/// A document as read, before decoding.
pub enum Raw {
    /// A whole file (or standard input) of text.
    Text { id: String, bytes: Vec<u8> },
    /// One line of a JSON Lines file, and where it is (`file:line`).
    Json { at: String, line: Vec<u8> },
    /// Something that could not be read.
    Skip { what: String, reason: String },
}

impl Raw {
    /// Its size in bytes, for batching.
    pub fn len(&self) -> usize {
        match self {
            Raw::Text { bytes, .. } => bytes.len(),
            Raw::Json { line, .. } => line.len(),
            Raw::Skip { .. } => 0,
        }
    }

    /// Decodes the document.
    pub fn decode(self, opts: &InputOptions) -> Item {
        match self {
            Raw::Text { id, bytes } => text_document(id, bytes, opts.default_date),
            Raw::Json { at, line } => match std::str::from_utf8(&line) {
                Ok(s) => json_document(&at, s, opts),
                Err(e) => {
                    let warning = format!(
                        "{at}: not valid UTF-8 (first bad byte at offset {} of the line); bad bytes \
                         were replaced with U+FFFD and offsets refer to the decoded text",
                        e.valid_up_to()
                    );
                    match json_document(&at, &String::from_utf8_lossy(&line), opts) {
                        Item::Doc(input, _) => Item::Doc(input, Some(warning)),
                        skip => skip,
                    }
                }
            },
            Raw::Skip { what, reason } => Item::Skip { what, reason },
        }
    }
}

/// How to read the inputs.
pub struct InputOptions {
    pub format: Option<InputFormat>,
    pub id_field: String,
    pub text_field: String,
    pub date_field: String,
    pub default_date: Option<Date>,
    pub globs: GlobSet,
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

/// The documents of the inputs, in order, as read.
pub struct Documents<'a> {
    opts: &'a InputOptions,
    /// Paths still to open.
    pending: VecDeque<PathBuf>,
    /// The JSON Lines file being read: its name, reader and line number.
    lines: Option<(String, Box<dyn BufRead + Send>, u64)>,
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
        Documents { opts, pending, lines: None, queued: VecDeque::new() }
    }

    fn is_jsonl(&self, path: &Path) -> bool {
        match self.opts.format {
            Some(InputFormat::Jsonl) => true,
            Some(InputFormat::Text) => false,
            None => path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson")
            }),
        }
    }

    /// Replaces a directory at the front of the queue by its files.
    fn expand(&mut self, dir: &Path) {
        let mut files = Vec::new();
        let walk = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name();
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_file() && self.opts.globs.is_match(e.file_name()) => {
                    files.push(e.into_path())
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
        for f in files.into_iter().rev() {
            self.pending.push_front(f);
        }
    }

    fn next_line(&mut self) -> Option<Raw> {
        loop {
            let (name, reader, line_no) = self.lines.as_mut()?;
            let mut line = Vec::new();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) => {
                    self.lines = None;
                    return None;
                }
                Ok(_) => {
                    *line_no += 1;
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(Raw::Json { at: format!("{name}:{line_no}"), line });
                }
                Err(e) => {
                    let what = name.clone();
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
            let path = self.pending.pop_front()?;
            let name = path.display().to_string();
            if path.as_os_str() == "-" {
                if self.is_jsonl(&path) {
                    self.lines = Some(("-".into(), Box::new(BufReader::new(io::stdin())), 0));
                    continue;
                }
                let mut bytes = Vec::new();
                if let Err(e) = io::stdin().read_to_end(&mut bytes) {
                    return Some(Raw::Skip {
                        what: "standard input".into(),
                        reason: e.to_string(),
                    });
                }
                return Some(Raw::Text { id: "-".into(), bytes });
            }
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => {
                    self.expand(&path);
                    continue;
                }
                Ok(_) => {}
                Err(e) => return Some(Raw::Skip { what: name, reason: e.to_string() }),
            }
            if self.is_jsonl(&path) {
                match File::open(&path) {
                    Ok(f) => {
                        self.lines = Some((name, Box::new(BufReader::with_capacity(1 << 16, f)), 0))
                    }
                    Err(e) => return Some(Raw::Skip { what: name, reason: e.to_string() }),
                }
                continue;
            }
            return Some(match std::fs::read(&path) {
                Ok(bytes) => Raw::Text { id: name, bytes },
                Err(e) => Raw::Skip { what: name, reason: e.to_string() },
            });
        }
    }
}

/// A text document from raw bytes: binary files are skipped, invalid UTF-8 is
/// replaced with a warning.
fn text_document(id: String, bytes: Vec<u8>, date: Option<Date>) -> Item {
    if looks_binary(&bytes) {
        return Item::Skip { what: id, reason: "binary file (it contains NUL bytes)".into() };
    }
    let (text, warning) = decode(&id, bytes);
    Item::Doc(Input { id, text, date }, warning)
}

/// True for data that is not text: a NUL byte in the first 8 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

/// UTF-8 text; invalid bytes become U+FFFD, with a warning naming the first.
fn decode(id: &str, bytes: Vec<u8>) -> (String, Option<String>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let warning = format!(
                "{id}: not valid UTF-8 (first bad byte at offset {at}); bad bytes were replaced \
                 with U+FFFD and offsets refer to the decoded text"
            );
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(warning))
        }
    }
}

/// A document from one JSON line. Only the three fields of interest are kept:
/// the others are skipped as the line is parsed, without being built.
fn json_document(at: &str, line: &str, opts: &InputOptions) -> Item {
    let skip = |reason: String| Item::Skip { what: at.to_string(), reason };
    let seed = FieldSeed { id: &opts.id_field, text: &opts.text_field, date: &opts.date_field };
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
                        "field {:?} is not a date (YYYY-MM-DD): {s:?}",
                        opts.date_field
                    ));
                }
            }
        }
        _ => opts.default_date,
    };
    Item::Doc(Input { id, text, date }, None)
}

/// A field value as far as documents care: a string, a number, or anything else.
enum Field {
    Text(String),
    Number(String),
    Other,
}

/// The id, text and date fields of one JSON object.
#[derive(Default)]
struct Fields {
    id: Option<Field>,
    text: Option<Field>,
    date: Option<Field>,
}

/// Reads a JSON object, keeping the fields with these names.
#[derive(Clone, Copy)]
struct FieldSeed<'a> {
    id: &'a str,
    text: &'a str,
    date: &'a str,
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
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            };
            *slot = Some(match map.next_value::<serde_json::Value>()? {
                serde_json::Value::String(s) => Field::Text(s),
                serde_json::Value::Number(n) => Field::Number(n.to_string()),
                _ => Field::Other,
            });
        }
        Ok(fields)
    }
}
