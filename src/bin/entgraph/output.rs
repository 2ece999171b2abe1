//! Writing results: to standard output, or to a file through a temporary file that
//! is renamed when complete, so a failed or interrupted run never leaves half a
//! file behind.
//!
//! Every write error names where the output was going ("could not write
//! graph.json: No space left on device") and keeps its kind, so that a closed pipe
//! is still recognised as one and ends the run quietly.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use entgraph::{CooccurrenceGraph, CsvExporter};

/// Where output goes.
pub struct Output {
    writer: BufWriter<Named>,
    /// `(temporary, final)` paths when writing to a file.
    file: Option<(PathBuf, PathBuf)>,
}

/// A writer whose errors say what was being written.
struct Named {
    inner: Box<dyn Write>,
    what: String,
}

impl Named {
    fn wrap(&self, err: io::Error) -> io::Error {
        io::Error::new(err.kind(), format!("could not write {}: {err}", self.what))
    }
}

impl Write for Named {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf).map_err(|e| self.wrap(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().map_err(|e| self.wrap(e))
    }
}

impl Output {
    /// Standard output, or a temporary file beside `path`.
    pub fn create(path: Option<&Path>) -> Result<Output> {
        let Some(path) = path else {
            let stdout = Box::new(io::stdout().lock());
            return Ok(Output::new(stdout, "standard output", None));
        };
        if path.is_dir() {
            anyhow::bail!(
                "could not write {}: it is a directory; give a file name, such as {}",
                path.display(),
                path.join("graph.json").display()
            );
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            let why = if dir.exists() { "is not a directory" } else { "does not exist" };
            anyhow::bail!("could not write {}: {} {why}", path.display(), dir.display());
        }
        let name =
            path.file_name().with_context(|| format!("{} is not a file name", path.display()))?;
        let tmp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
        let file = fs::File::create(&tmp)
            .with_context(|| format!("could not write {}", path.display()))?;
        let what = path.display().to_string();
        Ok(Output::new(Box::new(file), &what, Some((tmp, path.to_path_buf()))))
    }

    fn new(inner: Box<dyn Write>, what: &str, file: Option<(PathBuf, PathBuf)>) -> Output {
        let named = Named { inner, what: what.to_string() };
        Output { writer: BufWriter::with_capacity(1 << 16, named), file }
    }

    /// Where to write.
    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.writer
    }

    /// Flushes, and for a file moves it into place.
    pub fn finish(mut self) -> Result<()> {
        self.writer.flush()?;
        if let Some((tmp, path)) = self.file.take() {
            // Written data must reach the disk before the rename, so that a crash
            // cannot leave a renamed but empty file; an error here (a full disk
            // that accepted the writes into its cache) is an error of the run.
            fs::File::open(&tmp)
                .and_then(|f| f.sync_all())
                .and_then(|()| fs::rename(&tmp, &path))
                .with_context(|| format!("could not write {}", path.display()))
                .inspect_err(|_| {
                    let _ = fs::remove_file(&tmp);
                })?;
        }
        Ok(())
    }
}

/// Writes `nodes.csv` and `edges.csv` into `dir`, creating it if missing; each
/// file goes through a temporary file like any other output.
pub fn write_csv(graph: &CooccurrenceGraph, dir: &Path) -> Result<()> {
    fs::create_dir_all(dir)
        .with_context(|| format!("could not create the directory {}", dir.display()))?;
    let csv = CsvExporter::new();
    let mut nodes = Output::create(Some(&dir.join("nodes.csv")))?;
    csv.write_nodes(graph, nodes.writer())?;
    let mut edges = Output::create(Some(&dir.join("edges.csv")))?;
    csv.write_edges(graph, edges.writer())?;
    nodes.finish()?;
    edges.finish()
}

impl Drop for Output {
    fn drop(&mut self) {
        if let Some((tmp, _)) = &self.file {
            let _ = fs::remove_file(tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer on a full disk.
    struct Full;

    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from_raw_os_error(28))
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_full_disk_is_reported_and_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let (tmp, path) = (dir.path().join(".g.json.1.tmp"), dir.path().join("g.json"));
        std::fs::write(&tmp, "").unwrap();
        let mut out = Output::new(Box::new(Full), "g.json", Some((tmp.clone(), path.clone())));
        // Small writes stay in the buffer; the error comes with the flush.
        out.writer().write_all(b"{}").unwrap();
        let err = out.finish().unwrap_err();
        assert!(err.to_string().starts_with("could not write g.json: "), "{err}");
        assert!(err.to_string().contains("No space left on device"), "{err}");
        assert!(!tmp.exists() && !path.exists());
    }

    #[test]
    fn write_errors_keep_their_kind() {
        let mut named = Named { inner: Box::new(Full), what: "standard output".into() };
        let err = named.write(b"x").unwrap_err();
        assert_eq!(err.kind(), io::Error::from_raw_os_error(28).kind());
        assert_eq!(
            err.to_string(),
            "could not write standard output: No space left on device (os error 28)"
        );
    }
}
