//! Integration tests: the library pipeline, the command-line tool, the exports fed
//! to their real readers, and gazetteer loading.

mod util;

// The checks of the fuzz targets, shared with the property and regression tests.
#[path = "../fuzz/src/lib.rs"]
mod checks;

mod bundled;
mod cli;
mod export;
mod gazetteer;
mod pipeline;
mod properties;
mod regression;
mod robustness;
