//! Integration tests: the library pipeline, the command-line tool, the exports
//! (golden files, and every format fed to its real reader), and gazetteer loading.

mod util;

// The checks of the fuzz targets, shared with the property and regression tests.
#[path = "../fuzz/src/lib.rs"]
mod checks;

mod allocations;
mod bundled;
mod cli;
mod export;
mod gazetteer;
mod golden;
mod graph;
mod handles;
mod html;
mod order_free;
mod overlay;
mod pipeline;
mod properties;
mod readers;
mod regression;
mod resolution;
mod robustness;
mod safety;
mod views;
