//! Alias tables (TSV, CSV) and spaCy pattern files (JSON Lines): the first byte
//! picks the format, the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    if let Ok(text) = std::str::from_utf8(rest) {
        let (format, name) = entgraph_fuzz::TABLE_FORMATS[which as usize % 3];
        entgraph_fuzz::gazetteer(format, name, text);
    }
});
