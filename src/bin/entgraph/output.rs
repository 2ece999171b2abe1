//! Writing results: to standard output, or to a file through a temporary file that
//! is renamed when complete, so a failed or interrupted run never leaves half a
//! file behind. The temporary file has a random name and is created exclusively
//! (`tempfile`), so that nothing planted at a predictable name (a symbolic link)
//! can redirect the output.
//!
//! Only regular files are replaced that way. A path that is a symbolic link is
//! followed, and the temporary file is written beside the file it leads to, so
//! the link stays; a FIFO, a device, or a file the process already holds open
//! (`/dev/stdout`, `/dev/fd/N`, which lead into `/proc`) is written directly, as
//! `cat > PATH` would.
//!
//! The two tables of `--format csv` are written into a fresh temporary directory
//! that replaces the output directory as one, so that a reader (or a concurrent
//! run) never sees `nodes.csv` of one run beside `edges.csv` of another.
//!
//! Every write error names where the output was going ("could not write
//! graph.json: No space left on device") and keeps its kind, so that a closed pipe
//! is still recognised as one and ends the run quietly.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use entgraph::{CooccurrenceGraph, CsvExporter};
use tempfile::TempPath;

/// Where output goes.
pub struct Output {
    /// `None` once discarded.
    writer: Option<BufWriter<Named>>,
    /// `(temporary, final)` paths when writing to a file; the temporary file is
    /// removed when this is dropped without being moved into place.
    file: Option<(TempPath, PathBuf)>,
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
        let what = path.display().to_string();
        let target = match target(path, Path::new(PROC))
            .with_context(|| format!("could not write {}", path.display()))?
        {
            Target::Direct => {
                // Appending writes where a shell's `>` or `>>` left the file, and is
                // the same as writing for pipes and devices.
                let file = fs::OpenOptions::new()
                    .append(true)
                    .open(path)
                    .with_context(|| format!("could not write {}", path.display()))?;
                return Ok(Output::new(Box::new(file), &what, None));
            }
            Target::Replace(target) => target,
        };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            let why = if dir.exists() { "is not a directory" } else { "does not exist" };
            anyhow::bail!("could not write {}: {} {why}", path.display(), dir.display());
        }
        let name =
            target.file_name().with_context(|| format!("{} is not a file name", path.display()))?;
        let (file, tmp) = temporary(&dir, name)?.into_parts();
        Ok(Output::new(Box::new(file), &what, Some((tmp, target))))
    }

    fn new(inner: Box<dyn Write>, what: &str, file: Option<(TempPath, PathBuf)>) -> Output {
        let named = Named { inner, what: what.to_string() };
        Output { writer: Some(BufWriter::with_capacity(1 << 16, named)), file }
    }

    /// Where to write.
    pub fn writer(&mut self) -> &mut dyn Write {
        self.writer.as_mut().expect("an output is written until it is finished or discarded")
    }

    /// Flushes, and for a file moves it into place.
    pub fn finish(mut self) -> Result<()> {
        if let Some(w) = self.writer.as_mut() {
            w.flush()?;
        }
        if let Some((tmp, path)) = self.file.take() {
            // Written data must reach the disk before the rename, so that a crash
            // cannot leave a renamed but empty file; an error here (a full disk
            // that accepted the writes into its cache) is an error of the run. The
            // temporary file is removed when `tmp` is dropped on an error.
            fs::File::open(&tmp)
                .and_then(|f| f.sync_all())
                .with_context(|| format!("could not write {}", path.display()))?;
            tmp.persist(&path)
                .map_err(|e| e.error)
                .with_context(|| format!("could not write {}", path.display()))?;
        }
        Ok(())
    }

    /// Writes nothing: what is buffered is dropped, and a file that was to be
    /// replaced is left as it was.
    pub fn discard(mut self) {
        if let Some(w) = self.writer.take() {
            let _ = w.into_parts();
        }
        self.file = None;
    }
}

/// A temporary file beside the output `name` in `dir`: a random name, created
/// exclusively, readable as the user's umask allows (like any file they create).
fn temporary(dir: &Path, name: &std::ffi::OsStr) -> Result<tempfile::NamedTempFile> {
    let prefix = format!(".{}.", name.to_string_lossy());
    let mut b = tempfile::Builder::new();
    b.prefix(&prefix).suffix(".tmp");
    permissions(&mut b, 0o666);
    b.tempfile_in(dir).with_context(|| format!("could not write {}", dir.join(name).display()))
}

/// Files and directories made for the output get the permissions the user's
/// umask gives anything new (a temporary file's default is private).
fn permissions(b: &mut tempfile::Builder<'_, '_>, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = (b, mode);
}

/// Where the output for a path goes.
#[derive(Debug, PartialEq)]
enum Target {
    /// Written directly: a FIFO, a device, or a file the process holds open.
    Direct,
    /// Replaced through a temporary file: the path itself, or the file its
    /// symbolic links lead to (which need not exist yet).
    Replace(PathBuf),
}

/// Where the kernel shows each process its open files (`/proc/self/fd/N`).
const PROC: &str = "/proc";

/// How many symbolic links are followed before giving up, as Linux does.
const MAX_LINKS: usize = 40;

/// Where the output for `path` goes: its symbolic links are followed one by one
/// until a regular file (replaced), a missing one (created), something else
/// (written directly) or a link inside `proc` (a file the process holds open,
/// written directly: `/dev/stdout` and `/dev/fd/N` lead there; the link's target
/// is not a path to replace, and a shell may have opened it for appending).
fn target(path: &Path, proc: &Path) -> io::Result<Target> {
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        let meta = match fs::symlink_metadata(&at) {
            // Missing (or under a file): the checks of the directory explain it.
            Err(e)
                if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) =>
            {
                return Ok(Target::Replace(at));
            }
            meta => meta?,
        };
        if !meta.file_type().is_symlink() {
            return Ok(if meta.is_file() { Target::Replace(at) } else { Target::Direct });
        }
        let dir = match at.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if fs::canonicalize(&dir).is_ok_and(|d| d.starts_with(proc)) {
            return Ok(Target::Direct);
        }
        // A relative link is relative to its directory; an absolute one replaces it.
        at = dir.join(fs::read_link(&at)?);
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// A file's identity: its device and inode, which two names of one file share
/// (a symbolic link, a hard link, `./a` and `a`).
pub type FileId = (u64, u64);

/// The identity of the file at `path` (its links followed), if it exists.
pub fn file_id(path: &Path) -> Option<FileId> {
    let meta = fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Refuses an output that is one of the inputs: the run would replace what it
/// reads (`extract a.txt -o a.txt`, `merge g.json x.json -o g.json`). A
/// directory among the inputs is checked for it when it is read.
pub fn refuse_input_as_output(
    inputs: &[PathBuf],
    output: Option<&Path>,
) -> std::result::Result<(), String> {
    let Some((output, id)) = output.and_then(|o| Some((o, file_id(o)?))) else { return Ok(()) };
    match inputs.iter().find(|p| p.as_os_str() != "-" && file_id(p) == Some(id)) {
        None => Ok(()),
        Some(input) => {
            let same = if input == output {
                String::new()
            } else {
                format!(" ({} and {} are the same file)", input.display(), output.display())
            };
            Err(format!(
                "refusing to write {}: it is also an input{same}, and writing it would destroy \
                 that input; choose another -o",
                output.display()
            ))
        }
    }
}

/// The files `--format csv` writes into its directory.
pub const CSV_FILES: [&str; 2] = ["nodes.csv", "edges.csv"];

/// Checks, before any work, that `dir` can take the tables of `--format csv`:
/// missing (it is created), or a directory that holds nothing but them (it is
/// replaced as a whole, so it must hold nothing else).
pub fn check_csv_dir(dir: &Path) -> Result<()> {
    let Ok(entries) = fs::read_dir(dir) else { return Ok(()) };
    let mut others: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !CSV_FILES.contains(&n.as_str()))
        .collect();
    if others.is_empty() {
        return Ok(());
    }
    others.sort();
    let more =
        if others.len() > 3 { format!(" and {} more", others.len() - 3) } else { String::new() };
    others.truncate(3);
    anyhow::bail!(
        "could not write {}: --format csv replaces the directory as a whole, and it holds other \
         files ({}{more}); give -o a new directory, or one that holds only nodes.csv and edges.csv",
        dir.display(),
        others.join(", ")
    )
}

/// Writes `nodes.csv` and `edges.csv` into a fresh temporary directory beside
/// `dir`, then puts it in place of `dir` by renaming: the two tables always come
/// from the same run. An existing `dir` (which [`check_csv_dir`] allowed) is
/// first renamed aside and removed after.
pub fn write_csv(graph: &CooccurrenceGraph, dir: &Path) -> Result<()> {
    check_csv_dir(dir)?;
    let parent = match dir.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)
        .with_context(|| format!("could not create the directory {}", parent.display()))?;
    let name = dir.file_name().with_context(|| format!("{} is not a name", dir.display()))?;
    let fail = || format!("could not write {}", dir.display());
    let prefix = format!(".{}.", name.to_string_lossy());
    let mut b = tempfile::Builder::new();
    b.prefix(&prefix).suffix(".tmp");
    permissions(&mut b, 0o777);
    let tmp = b.tempdir_in(&parent).with_context(fail)?;
    let csv = CsvExporter::new();
    type Table = fn(&CsvExporter, &CooccurrenceGraph, &mut dyn Write) -> io::Result<()>;
    let files: [(&str, Table); 2] = [
        (CSV_FILES[0], |c, g, w| c.write_nodes(g, w)),
        (CSV_FILES[1], |c, g, w| c.write_edges(g, w)),
    ];
    for (file, write) in files {
        let path = tmp.path().join(file);
        let what = dir.join(file).display().to_string();
        let f = fs::File::create(&path).with_context(|| format!("could not write {what}"))?;
        let mut w = BufWriter::new(Named { inner: Box::new(f.try_clone()?), what });
        write(&csv, graph, &mut w)?;
        w.flush()?;
        f.sync_all().with_context(fail)?;
    }
    // A concurrent run may put its directory in place between our two renames:
    // then ours is moved in after moving that one aside, a few times at most.
    for _ in 0..8 {
        if !dir.exists() {
            match fs::rename(tmp.path(), dir) {
                Ok(()) => {
                    // The directory is in place: nothing is left to remove.
                    let _ = tmp.keep();
                    return Ok(());
                }
                Err(_) if dir.exists() => continue,
                Err(e) => return Err(e).with_context(fail),
            }
        }
        let aside = tempfile::Builder::new()
            .prefix(&format!(".{}.old.", name.to_string_lossy()))
            .tempdir_in(&parent)
            .with_context(fail)?;
        // Renaming a directory onto an empty one replaces it.
        match fs::rename(dir, aside.path()) {
            Ok(()) => {}
            Err(_) if !dir.exists() => {}
            Err(e) => return Err(e).with_context(fail),
        }
    }
    anyhow::bail!("{}: other runs kept replacing the directory; try again", fail())
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
        let held = TempPath::try_from_path(&tmp).unwrap();
        let mut out = Output::new(Box::new(Full), "g.json", Some((held, path.clone())));
        // Small writes stay in the buffer; the error comes with the flush.
        out.writer().write_all(b"{}").unwrap();
        let err = out.finish().unwrap_err();
        assert!(err.to_string().starts_with("could not write g.json: "), "{err}");
        assert!(err.to_string().contains("No space left on device"), "{err}");
        assert!(!tmp.exists() && !path.exists());
    }

    #[test]
    fn links_are_followed_and_special_files_written_directly() {
        use std::os::unix::fs::symlink;

        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // A stand-in for /proc, so that no system path is touched.
        fs::create_dir_all(d.join("proc/self/fd")).unwrap();
        let proc = fs::canonicalize(d.join("proc")).unwrap();
        let target = |p: &Path| super::target(p, &proc).unwrap();

        let file = d.join("graph.json");
        assert_eq!(target(&file), Target::Replace(file.clone()), "missing: created");
        fs::write(&file, "old").unwrap();
        assert_eq!(target(&file), Target::Replace(file.clone()));

        // Links, absolute and relative, in chains and dangling, lead to their target.
        symlink(&file, d.join("abs.json")).unwrap();
        symlink("abs.json", d.join("rel.json")).unwrap();
        fs::create_dir(d.join("sub")).unwrap();
        symlink("../rel.json", d.join("sub/up.json")).unwrap();
        symlink("new.json", d.join("dangling.json")).unwrap();
        symlink("../dangling.json", d.join("sub/down.json")).unwrap();
        assert_eq!(target(&d.join("abs.json")), Target::Replace(file.clone()));
        assert_eq!(target(&d.join("rel.json")), Target::Replace(d.join("graph.json")));
        assert_eq!(target(&d.join("sub/up.json")), Target::Replace(file.clone()));
        assert_eq!(target(&d.join("dangling.json")), Target::Replace(d.join("new.json")));
        assert_eq!(target(&d.join("sub/down.json")), Target::Replace(d.join("sub/../new.json")));

        // A FIFO, and links to it, are written directly.
        let fifo = d.join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        symlink(&fifo, d.join("to-fifo")).unwrap();
        assert_eq!(target(&fifo), Target::Direct);
        assert_eq!(target(&d.join("to-fifo")), Target::Direct);

        // A link that leads into proc (like /dev/stdout → /proc/self/fd/1) is a file
        // the process holds open: written directly, even when it is a regular file.
        symlink(&file, proc.join("self/fd/1")).unwrap();
        symlink(proc.join("self/fd/1"), d.join("stdout")).unwrap();
        assert_eq!(target(&d.join("stdout")), Target::Direct);

        // A loop is an error, not a hang.
        symlink("loop-b", d.join("loop-a")).unwrap();
        symlink("loop-a", d.join("loop-b")).unwrap();
        let err = super::target(&d.join("loop-a"), &proc).unwrap_err();
        assert_eq!(err.to_string(), "too many levels of symbolic links");
    }

    #[test]
    fn a_link_planted_at_a_predictable_temporary_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let victim = d.join("victim");
        fs::write(&victim, "precious").unwrap();
        // The names a temporary file used to have: `.NAME.PID.tmp`.
        for pid in [std::process::id(), 0] {
            std::os::unix::fs::symlink(&victim, d.join(format!(".g.json.{pid}.tmp"))).unwrap();
        }
        let mut out = Output::create(Some(&d.join("g.json"))).unwrap();
        out.writer().write_all(b"graph").unwrap();
        out.finish().unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(fs::read_to_string(d.join("g.json")).unwrap(), "graph");
        // Nothing else is left: the links, the victim and the output.
        assert_eq!(fs::read_dir(d).unwrap().count(), 4);
    }

    #[test]
    fn a_discarded_output_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.json");
        fs::write(&path, "old").unwrap();
        let mut out = Output::create(Some(&path)).unwrap();
        out.writer().write_all(b"new").unwrap();
        out.discard();
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
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
