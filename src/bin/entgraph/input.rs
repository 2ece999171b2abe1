//! Reading input documents: files, directories, JSON Lines and standard input,
//! one document at a time, so that memory does not grow with the corpus.
//!
//! A bad document (unreadable, binary, a broken JSON line, a line without text)
//! becomes an [`Item::Skip`] with the reason; the caller reports it and goes on.
//! Text that is not valid UTF-8 is decoded with U+FFFD in place of the bad bytes,
//! with one warning per file naming the first bad byte; offsets in the output
//! then refer to the decoded text.

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

/// A JSON Lines file being read.
struct Lines {
    name: String,
    reader: Box<dyn BufRead>,
    /// The number of the last line read.
    line_no: u64,
    /// A line with invalid UTF-8 was reported (later ones are not).
    warned: bool,
}

impl Lines {
    fn new(name: String, reader: Box<dyn BufRead>) -> Option<Lines> {
        Some(Lines { name, reader, line_no: 0, warned: false })
    }
}

/// The largest document: positions inside the library are 32-bit.
const MAX_DOCUMENT: u64 = u32::MAX as u64;

fn too_large(what: String) -> Item {
    Item::Skip { what, reason: "larger than 4 GiB, the most one document can be; split it".into() }
}

/// The documents of the inputs, in order.
pub struct Documents<'a> {
    opts: &'a InputOptions,
    /// Paths still to open.
    pending: VecDeque<PathBuf>,
    /// The JSON Lines file being read.
    lines: Option<Lines>,
    /// Items found while expanding directories (walk errors), to give first.
    queued: VecDeque<Item>,
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
                    self.queued.push_back(Item::Skip { what, reason });
                }
            }
        }
        for f in files.into_iter().rev() {
            self.pending.push_front(f);
        }
    }

    fn next_line(&mut self) -> Option<Item> {
        loop {
            let lines = self.lines.as_mut()?;
            let mut buf = Vec::new();
            match lines.reader.read_until(b'\n', &mut buf) {
                Ok(0) => {
                    self.lines = None;
                    return None;
                }
                Ok(_) => {
                    lines.line_no += 1;
                    let at = format!("{}:{}", lines.name, lines.line_no);
                    if buf.len() as u64 > MAX_DOCUMENT {
                        return Some(too_large(at));
                    }
                    let (line, bad) = match String::from_utf8(buf) {
                        Ok(line) => (line, None),
                        Err(e) => {
                            let bad = e.utf8_error().valid_up_to();
                            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(bad))
                        }
                    };
                    if line.trim().is_empty() {
                        continue;
                    }
                    let mut item = json_document(&at, &line, self.opts);
                    if let (Some(bad), Item::Doc(_, warning)) = (bad, &mut item)
                        && !lines.warned
                    {
                        lines.warned = true;
                        *warning = Some(format!(
                            "{at}: not valid UTF-8 (first bad byte at offset {bad} of the line); \
                             bad bytes were replaced with U+FFFD, here and in later lines \
                             without another warning, and offsets refer to the decoded text"
                        ));
                    }
                    return Some(item);
                }
                Err(e) => {
                    let what = lines.name.clone();
                    self.lines = None;
                    return Some(Item::Skip { what, reason: format!("read error: {e}") });
                }
            }
        }
    }
}

impl Iterator for Documents<'_> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
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
                    self.lines = Lines::new("-".into(), Box::new(BufReader::new(io::stdin())));
                    continue;
                }
                return Some(read_text("-".into(), io::stdin().lock(), self.opts.default_date));
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
                Err(e) => return Some(Item::Skip { what: name, reason: e.to_string() }),
            }
            if self.is_jsonl(&path) {
                match File::open(&path) {
                    Ok(f) => {
                        self.lines =
                            Lines::new(name, Box::new(BufReader::with_capacity(1 << 16, f)))
                    }
                    Err(e) => return Some(Item::Skip { what: name, reason: e.to_string() }),
                }
                continue;
            }
            return Some(match File::open(&path) {
                Ok(f) => read_text(name, f, self.opts.default_date),
                Err(e) => Item::Skip { what: name, reason: e.to_string() },
            });
        }
    }
}

/// Reads a text document. Its start is read first and checked, so that a binary
/// stream without end (`/dev/zero`, `/dev/urandom`) is skipped at once, and a
/// text one stops at the size limit.
fn read_text(id: String, reader: impl Read, date: Option<Date>) -> Item {
    let mut reader = reader.take(MAX_DOCUMENT + 1);
    let mut bytes = Vec::new();
    let result = (&mut reader).take(SNIFF as u64).read_to_end(&mut bytes).and_then(|_| {
        if bytes.len() < SNIFF || sniff(&bytes).is_some() {
            return Ok(0);
        }
        reader.read_to_end(&mut bytes)
    });
    if let Err(e) = result {
        return Item::Skip { what: id, reason: e.to_string() };
    }
    if bytes.len() as u64 > MAX_DOCUMENT {
        return too_large(id);
    }
    text_document(id, bytes, date)
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

/// A text document from raw bytes: binary files are skipped, invalid UTF-8 is
/// replaced with a warning.
fn text_document(id: String, bytes: Vec<u8>, date: Option<Date>) -> Item {
    if let Some(reason) = sniff(&bytes) {
        return Item::Skip { what: id, reason: reason.into() };
    }
    let (text, warning) = decode(&id, bytes);
    Item::Doc(Input { id, text, date }, warning)
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

/// A document from one JSON line.
fn json_document(at: &str, line: &str, opts: &InputOptions) -> Item {
    let skip = |reason: String| Item::Skip { what: at.to_string(), reason };
    let value: serde_json::Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return skip(format!("not a JSON object: {e}")),
    };
    let Some(obj) = value.as_object() else {
        return skip("not a JSON object".into());
    };
    let text = match obj.get(&opts.text_field) {
        Some(serde_json::Value::String(t)) => t.clone(),
        Some(_) => return skip(format!("field {:?} is not a string", opts.text_field)),
        None => {
            return skip(format!(
                "no {:?} field (choose the text field with --text-field)",
                opts.text_field
            ));
        }
    };
    let id = match obj.get(&opts.id_field) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => at.to_string(),
    };
    let date = match obj.get(&opts.date_field) {
        Some(serde_json::Value::String(s)) if !s.is_empty() => {
            // Accept full timestamps too: the date part is what counts.
            let day = s.get(..10).filter(|d| d.len() == 10 && s.len() > 10).unwrap_or(s);
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
