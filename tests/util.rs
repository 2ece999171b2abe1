//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use entgraph::gazetteer::{GazetteerBuilder, GazetteerFormat};
use entgraph::{Extractor, Gazetteer};

/// The path of a file under `tests/data`.
pub fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(path)
}

/// The text of a file under `tests/data`.
pub fn read(path: &str) -> String {
    std::fs::read_to_string(data(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The bundled gazetteers, loaded once for all tests.
pub fn bundled() -> &'static Gazetteer {
    static BUNDLED: std::sync::LazyLock<Gazetteer> =
        std::sync::LazyLock::new(|| Gazetteer::bundled().unwrap_or_else(|e| panic!("{e}")));
    &BUNDLED
}

/// An extractor over the bundled gazetteers, built once for all tests.
pub fn bundled_extractor() -> &'static Extractor {
    static EXTRACTOR: std::sync::LazyLock<Extractor> =
        std::sync::LazyLock::new(|| Extractor::new(bundled()).unwrap());
    &EXTRACTOR
}

/// The rule-test gazetteer.
pub fn rules_gazetteer() -> Gazetteer {
    let mut b = GazetteerBuilder::new();
    b.add_str("rules.toml", GazetteerFormat::Toml, &read("gazetteers/rules.toml"));
    b.build().unwrap_or_else(|e| panic!("{e}"))
}

/// `(mention text, entity id)` for every mention of `text`.
pub fn mentions(g: &Gazetteer, text: &str) -> Vec<(String, String)> {
    found(&Extractor::new(g).unwrap(), text)
}

/// `(mention text, entity id)` for every mention `extractor` finds in `text`.
pub fn found(extractor: &Extractor, text: &str) -> Vec<(String, String)> {
    let g = extractor.gazetteer();
    extractor
        .extract(text)
        .mentions
        .iter()
        .map(|m| (text[m.span.range()].to_string(), g.entity(m.entity).id.clone()))
        .collect()
}

/// Shorthand for expected mentions.
pub fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

/// A run of the `entgraph` binary.
pub struct Cmd {
    cmd: Command,
    stdin: Option<Vec<u8>>,
}

impl Cmd {
    pub fn new() -> Cmd {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_entgraph"));
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
        Cmd { cmd, stdin: None }
    }

    pub fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Cmd {
        self.cmd.arg(arg);
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: AsRef<std::ffi::OsStr>>(mut self, args: I) -> Cmd {
        self.cmd.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Cmd {
        self.cmd.env(key, value);
        self
    }

    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Cmd {
        self.stdin = Some(input.into());
        self
    }

    pub fn run(mut self) -> Output {
        self.cmd.stdin(if self.stdin.is_some() { Stdio::piped() } else { Stdio::null() });
        self.cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = self.cmd.spawn().expect("the entgraph binary runs");
        if let Some(input) = self.stdin.take() {
            // The tool may exit before reading its input (a usage error): a closed
            // pipe is not the test's failure.
            if let Err(e) = child.stdin.take().unwrap().write_all(&input) {
                assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
            }
        }
        child.wait_with_output().unwrap()
    }

    /// Runs and expects success; gives stdout.
    pub fn stdout(self) -> String {
        let out = self.run();
        assert!(
            out.status.success(),
            "entgraph failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

/// The `entgraph` binary, for tests that need their own pipes.
pub fn binary() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_entgraph"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// True when running as root, who can read files without read permission.
pub fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// An external reader (python with networkx, Graphviz) for the tests that feed
/// outputs to real tools. When it is missing the test is skipped with a note,
/// unless `ENTGRAPH_REQUIRE_READERS=1` (as in CI), where a missing reader fails.
pub fn reader(program: &str, probe: &[&str]) -> Option<String> {
    let ok = Command::new(program)
        .args(probe)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        return Some(program.to_string());
    }
    if std::env::var("ENTGRAPH_REQUIRE_READERS").as_deref() == Ok("1") {
        panic!("{program} {probe:?} failed, and ENTGRAPH_REQUIRE_READERS=1 requires it");
    }
    eprintln!("note: skipping a reader test: `{program}` is not available");
    None
}

/// Python with networkx.
pub fn python_networkx() -> Option<String> {
    let python = std::env::var("ENTGRAPH_PYTHON").unwrap_or_else(|_| "python3".to_string());
    reader(&python, &["-c", "import networkx"])
}

/// Python with a module (`jsonschema`, ...), the same Python as `python_networkx`.
pub fn python_with(module: &str) -> Option<String> {
    let python = std::env::var("ENTGRAPH_PYTHON").unwrap_or_else(|_| "python3".to_string());
    reader(&python, &["-c", &format!("import {module}")])
}

/// Node.js with a package (`cytoscape`, `graphology-gexf`), found through
/// `NODE_PATH` as `.ci/run` sets it.
pub fn node_with(package: &str) -> Option<String> {
    reader("node", &["-e", &format!("require('{package}')")])
}

/// The path of a reader script under `tests/readers`.
pub fn reader_script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/readers").join(name)
}

/// Runs a reader and gives its standard output; a failure shows its stderr.
pub fn run_reader(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("readers print UTF-8")
}
