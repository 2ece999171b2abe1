//! Reading input documents: files, or standard input.

use std::fs;
use std::io::{self, Read};
use std::path::PathBuf;

use anyhow::{Context, Result};

/// One input document: its id and text.
pub struct Input {
    pub id: String,
    pub text: String,
}

pub fn read_inputs(paths: &[PathBuf]) -> Result<Vec<Input>> {
    let mut out = Vec::new();
    let stdin_only = [PathBuf::from("-")];
    let paths = if paths.is_empty() { &stdin_only[..] } else { paths };
    for path in paths {
        let (id, bytes) = if path.as_os_str() == "-" {
            let mut buf = Vec::new();
            io::stdin().read_to_end(&mut buf).context("could not read standard input")?;
            ("-".to_string(), buf)
        } else {
            let bytes =
                fs::read(path).with_context(|| format!("could not read {}", path.display()))?;
            (path.display().to_string(), bytes)
        };
        out.push(Input { text: decode(&id, bytes), id });
    }
    Ok(out)
}

/// UTF-8 text; invalid bytes become U+FFFD with one warning naming the first.
fn decode(id: &str, bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            eprintln!(
                "entgraph: warning: {id}: not valid UTF-8 (first bad byte at offset {at}); \
                 bad bytes were replaced with U+FFFD and offsets refer to the decoded text"
            );
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    }
}
