//! Integration tests: the library pipeline, the command-line tool, the exports
//! (golden files, and every format fed to its real reader), and gazetteer loading.

mod util;

mod bundled;
mod cli;
mod export;
mod gazetteer;
mod golden;
mod graph;
mod pipeline;
mod properties;
mod readers;
