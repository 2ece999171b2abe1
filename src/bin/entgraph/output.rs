//! Writing results: to standard output, or to a file through a temporary file that
//! is renamed when complete, so a failed or interrupted run never leaves half a
//! file behind.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use entgraph::{CooccurrenceGraph, CsvExporter};

/// Where output goes.
pub struct Output {
    writer: BufWriter<Box<dyn Write>>,
    /// `(temporary, final)` paths when writing to a file.
    file: Option<(PathBuf, PathBuf)>,
}

impl Output {
    /// Standard output, or a temporary file beside `path`.
    pub fn create(path: Option<&Path>) -> Result<Output> {
        let Some(path) = path else {
            return Ok(Output {
                writer: BufWriter::new(Box::new(io::stdout().lock())),
                file: None,
            });
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            anyhow::bail!(
                "could not write {}: the directory {} does not exist",
                path.display(),
                dir.display()
            );
        }
        let name =
            path.file_name().with_context(|| format!("{} is not a file name", path.display()))?;
        let tmp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
        let file = fs::File::create(&tmp)
            .with_context(|| format!("could not write {}", path.display()))?;
        Ok(Output {
            writer: BufWriter::with_capacity(1 << 16, Box::new(file)),
            file: Some((tmp, path.to_path_buf())),
        })
    }

    /// Where to write.
    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.writer
    }

    /// Flushes, and for a file moves it into place.
    pub fn finish(mut self) -> Result<()> {
        let target = self.file.as_ref().map(|(_, p)| p.display().to_string());
        let what = target.clone().unwrap_or_else(|| "standard output".to_string());
        self.writer.flush().with_context(|| format!("could not write {what}"))?;
        if let Some((tmp, path)) = self.file.take() {
            // The writer is flushed; sync the file to disk before the rename so a
            // crash cannot leave a renamed but empty file.
            if let Ok(f) = fs::File::open(&tmp) {
                let _ = f.sync_all();
            }
            fs::rename(&tmp, &path)
                .with_context(|| format!("could not write {}", path.display()))?;
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
