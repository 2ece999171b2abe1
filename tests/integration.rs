//! Integration tests: the library pipeline, the command-line tool, the exports
//! (golden files, and every format fed to its real reader), and gazetteer loading.

mod util;

mod cli;
mod export;
mod gazetteer;
mod golden;
mod pipeline;
mod readers;
