//! Errors: one [`Error`] type for the crate, with a [`ErrorKind`] to branch on.
//!
//! Gazetteer loading reports every problem it finds, not just the first: a
//! [`ErrorKind::Gazetteer`] error carries a list of [`Problem`]s, each with the file
//! and line ([`Location`]) and a hint that says what to do.

use std::fmt;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;

/// A place in an input file: its name and a 1-based line (0 when the whole file is
/// meant).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file's name as the user gave it (or the bundled file's name).
    pub path: Arc<str>,
    /// 1-based line number; 0 for the file as a whole.
    pub line: u32,
}

impl Location {
    /// A location in `path` at `line`.
    pub fn new(path: impl Into<Arc<str>>, line: u32) -> Location {
        Location { path: path.into(), line }
    }

    /// The same file at another line.
    pub fn at(&self, line: u32) -> Location {
        Location { path: Arc::clone(&self.path), line }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.path)
        } else {
            write!(f, "{}:{}", self.path, self.line)
        }
    }
}

/// One problem found in an input: where, what, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where the problem is.
    pub location: Location,
    /// What is wrong: what was expected and what was found.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Problem {
    /// A problem at `location`.
    pub fn new(location: Location, message: impl Into<String>) -> Problem {
        Problem { location, message: message.into(), hint: None }
    }

    /// The same problem with a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

/// What kind of error happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A gazetteer file has problems; [`Error::problems`] lists them all.
    Gazetteer,
    /// A file could not be read or written.
    Io,
    /// An input document or option is not usable.
    Input,
    /// The matcher could not be built from the gazetteer.
    Matcher,
}

/// The error type of this crate.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    problems: Vec<Problem>,
    path: Option<PathBuf>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    /// What kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Every problem found, for [`ErrorKind::Gazetteer`] errors (sorted by file and
    /// line); empty otherwise.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The location of the first problem, if the error has one.
    pub fn location(&self) -> Option<&Location> {
        self.problems.first().map(|p| &p.location)
    }

    /// The file involved, for I/O errors.
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// An error listing gazetteer problems (also used for other data files, such as
    /// cue lexicons).
    pub fn gazetteer(mut problems: Vec<Problem>) -> Error {
        problems.sort_by(|a, b| a.location.cmp(&b.location));
        let n = problems.len();
        Error {
            kind: ErrorKind::Gazetteer,
            message: format!("{n} problem{} in the gazetteer", if n == 1 { "" } else { "s" }),
            problems,
            path: None,
            source: None,
        }
    }

    // Unused since gazetteer files report read errors as problems; kept for the
    // next reader of a file in the library.
    #[allow(dead_code)]
    pub(crate) fn io(path: impl Into<PathBuf>, action: &str, err: io::Error) -> Error {
        let path = path.into();
        Error {
            kind: ErrorKind::Io,
            message: format!("could not {action} {}: {err}", path.display()),
            problems: Vec::new(),
            path: Some(path),
            source: Some(Box::new(err)),
        }
    }

    /// An error of `kind` with a message of your own (for tools built on the crate).
    pub fn from_message(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, message: message.into(), problems: Vec::new(), path: None, source: None }
    }

    pub(crate) fn matcher(err: aho_corasick::BuildError) -> Error {
        Error {
            kind: ErrorKind::Matcher,
            message: format!("could not build the matcher: {err}"),
            problems: Vec::new(),
            path: None,
            source: Some(Box::new(err)),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// The candidate closest to `word` by edit distance (a swap of two neighbouring
/// letters counts as one edit), if one is close enough to be a likely typo.
pub(crate) fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .iter()
        .map(|&c| (strsim::osa_distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names() {
        assert_eq!(suggest("nmes", &["names", "label"]), Some("names"));
        assert_eq!(suggest("organization", &["organisation", "leader"]), Some("organisation"));
        assert_eq!(suggest("lable", &["names", "label"]), Some("label"));
        assert_eq!(suggest("zzz", &["names", "label"]), None);
    }

    #[test]
    fn gazetteer_errors_list_every_problem_sorted() {
        let err = Error::gazetteer(vec![
            Problem::new(Location::new("b.toml", 3), "second").hint("do this"),
            Problem::new(Location::new("a.toml", 9), "first"),
        ]);
        assert_eq!(err.kind(), ErrorKind::Gazetteer);
        assert_eq!(
            err.to_string(),
            "2 problems in the gazetteer\n  a.toml:9: first\n  b.toml:3: second; do this"
        );
    }
}
