//! Writing results: to standard output, or to a file through a temporary file that
//! is renamed when complete, so a failed run never leaves half a file behind.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Writes to `path` (through a temporary file renamed at the end) or to stdout.
pub fn write_output(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    match path {
        None => {
            let stdout = io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            write(&mut w).context("could not write to standard output")?;
            w.flush().context("could not write to standard output")?;
        }
        Some(path) => {
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let name = path
                .file_name()
                .with_context(|| format!("{} is not a file name", path.display()))?;
            let tmp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
            let result = (|| -> io::Result<()> {
                let file = fs::File::create(&tmp)?;
                let mut w = BufWriter::new(file);
                write(&mut w)?;
                let file = w.into_inner().map_err(|e| e.into_error())?;
                file.sync_all()?;
                fs::rename(&tmp, path)
            })();
            if let Err(e) = result {
                let _ = fs::remove_file(&tmp);
                return Err(e).with_context(|| format!("could not write {}", path.display()));
            }
        }
    }
    Ok(())
}
