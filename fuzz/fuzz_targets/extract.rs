//! Any bytes as a document against the bundled gazetteers: the first byte picks
//! the options, the rest (decoded with replacement) is the text. Checks the offset
//! promises and that every export reads back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| entgraph_fuzz::extract(data));
