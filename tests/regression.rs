//! Inputs the fuzzers found (`fuzz/`), kept in `tests/data/regressions/TARGET/`
//! and run through the same checks as the fuzz target of that name.

use entgraph::gazetteer::GazetteerFormat;

use crate::checks;
use crate::util::data;

/// The files kept for a fuzz target, sorted.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    assert!(data("regressions").is_dir());
    // A target without findings has no folder (git keeps no empty ones).
    let Ok(entries) = std::fs::read_dir(data("regressions").join(target)) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap())
        })
        .collect()
}

#[test]
fn gazetteer_toml() {
    for (name, bytes) in inputs("gazetteer_toml") {
        eprintln!("regression: gazetteer_toml/{name}");
        if let Ok(text) = std::str::from_utf8(&bytes) {
            checks::gazetteer(GazetteerFormat::Toml, "fuzz.toml", text);
        }
    }
}

#[test]
fn gazetteer_table() {
    for (name, bytes) in inputs("gazetteer_table") {
        eprintln!("regression: gazetteer_table/{name}");
        let Some((&which, rest)) = bytes.split_first() else { continue };
        if let Ok(text) = std::str::from_utf8(rest) {
            let (format, file) = checks::TABLE_FORMATS[which as usize % 3];
            checks::gazetteer(format, file, text);
        }
    }
}

#[test]
fn extract() {
    for (name, bytes) in inputs("extract") {
        eprintln!("regression: extract/{name}");
        checks::extract(&bytes);
    }
}
