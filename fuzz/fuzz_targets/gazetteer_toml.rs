//! Gazetteer files in the TOML format: load (every problem with its line, no
//! panic), then match the file's own text with what loaded.
#![no_main]

use entgraph::gazetteer::GazetteerFormat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        entgraph_fuzz::gazetteer(GazetteerFormat::Toml, "fuzz.toml", text);
    }
});
