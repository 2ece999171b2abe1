//! Integration tests: the library pipeline, the command-line tool, the exports fed
//! to their real readers, and gazetteer loading.

mod util;

mod bundled;
mod cli;
mod export;
mod gazetteer;
mod graph;
mod pipeline;
mod properties;
