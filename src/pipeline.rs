//! Many documents at once: read, extract on a thread pool, and take the results
//! in input order.
//!
//! Takes documents from an iterator (anything that implements [`Input`]: a
//! [`Document`], or an item that becomes one on a worker thread, such as a raw
//! JSON line); gives each document's [`Extraction`] (or the reason it was
//! skipped) to the caller in input order, or a whole [`CooccurrenceGraph`]
//! ([`Pipeline::graph`]). Without a pool everything runs on the caller's thread;
//! with one ([`Pipeline::pool`], feature `rayon`) documents are read on the
//! caller's thread in batches, extracted on the pool a few batches ahead, and
//! handed back in input order, so the output does not depend on the number of
//! threads. Memory holds a few batches, whatever the size of the input.
//!
//! ```
//! use entgraph::pipeline::Pipeline;
//! use entgraph::{Document, Extractor, Gazetteer, GraphBuilder};
//!
//! let gazetteer = Gazetteer::bundled()?;
//! let pipeline = Pipeline::new(Extractor::new(&gazetteer)?);
//! let docs = vec![
//!     Document::new("a", "Xi Jinping met Vladimir Putin."),
//!     Document::new("b", "Putin spoke with Xi Jinping again."),
//! ];
//! let run = pipeline.graph(docs, GraphBuilder::new(&gazetteer), |_, _| {});
//! assert_eq!(run.progress.documents, 2);
//! assert_eq!(run.graph.edge("vladimir-putin", "xi-jinping").unwrap().documents, 2);
//! # Ok::<(), entgraph::Error>(())
//! ```

use std::fmt;
#[cfg(feature = "rayon")]
use std::sync::Arc;

use crate::extract::{Document, Extraction, Extractor};
use crate::graph::{CooccurrenceGraph, GraphBuilder};

/// A document that could not be read, and why: reported and skipped, and the
/// run goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// What was skipped (a file name, `file.jsonl:12`).
    pub what: String,
    /// Why, and what to do about it.
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.what, self.reason)
    }
}

/// What a pipeline reads: an item that becomes a [`Document`] on a worker
/// thread (decoding is work worth spreading), or the reason it cannot.
pub trait Input: Send {
    /// What the caller learns about the item besides its document (a warning,
    /// say), handed back with its extraction.
    type Note: Send;

    /// The item's size in bytes, for batching.
    fn size(&self) -> usize;

    /// The document, with its note, or why it must be skipped.
    fn read(self) -> Result<(Document, Self::Note), Skipped>;
}

impl Input for Document {
    type Note = ();

    fn size(&self) -> usize {
        self.text.len()
    }

    fn read(self) -> Result<(Document, ()), Skipped> {
        Ok((self, ()))
    }
}

/// A document, or one that the caller already found it must skip.
impl Input for Result<Document, Skipped> {
    type Note = ();

    fn size(&self) -> usize {
        self.as_ref().map_or(0, |d| d.text.len())
    }

    fn read(self) -> Result<(Document, ()), Skipped> {
        self.map(|d| (d, ()))
    }
}

/// One input's result: its extraction (with its note), or why it was skipped.
#[derive(Debug)]
pub enum Outcome<N> {
    /// What was found in the document (which the extraction holds).
    Extracted(Box<Extraction>, N),
    /// The input could not be read.
    Skipped(Skipped),
}

/// Counts of a run so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Documents read and extracted.
    pub documents: u64,
    /// Bytes of their text.
    pub bytes: u64,
    /// Inputs skipped.
    pub skipped: u64,
}

/// The result of [`Pipeline::graph`].
#[derive(Clone, Debug)]
pub struct Run {
    /// The graph of every document read.
    pub graph: CooccurrenceGraph,
    /// What was read.
    pub progress: Progress,
    /// The inputs skipped, in input order.
    pub skipped: Vec<Skipped>,
}

/// Documents in a batch, at most (see [`Pipeline::batch`]).
const BATCH_DOCS: usize = 512;

/// Bytes of text in a batch, about (a batch ends with the document that passes it).
const BATCH_BYTES: usize = 8 << 20;

/// Batches being extracted while the caller takes the results of an earlier one.
#[cfg(feature = "rayon")]
const AHEAD: usize = 2;

/// Extracts documents from an iterator, on a thread pool if given one, and
/// hands the results back in input order; see the [module docs](self).
///
/// It owns its extractor (a cheap clone) and, with the `rayon` feature, shares
/// the pool it was given: keep one and run it over many inputs.
#[derive(Clone, Debug)]
pub struct Pipeline {
    extractor: Extractor,
    batch_docs: usize,
    batch_bytes: usize,
    #[cfg(feature = "rayon")]
    pool: Option<Arc<rayon::ThreadPool>>,
}

impl Pipeline {
    /// A pipeline that extracts with `extractor`, on the caller's thread.
    pub fn new(extractor: Extractor) -> Pipeline {
        Pipeline {
            extractor,
            batch_docs: BATCH_DOCS,
            batch_bytes: BATCH_BYTES,
            #[cfg(feature = "rayon")]
            pool: None,
        }
    }

    /// Extracts on this pool (and nowhere else): documents are read on the
    /// caller's thread in batches, extracted on the pool a few batches ahead,
    /// and handed back in input order. Call the pipeline from outside the pool.
    #[cfg(feature = "rayon")]
    pub fn pool(mut self, pool: Arc<rayon::ThreadPool>) -> Pipeline {
        self.pool = Some(pool);
        self
    }

    /// Batches of at most `docs` documents and about `bytes` bytes of text
    /// (defaults: 512 and 8 MiB). Results do not depend on it; memory does.
    pub fn batch(mut self, docs: usize, bytes: usize) -> Pipeline {
        self.batch_docs = docs.max(1);
        self.batch_bytes = bytes.max(1);
        self
    }

    /// The extractor.
    pub fn extractor(&self) -> &Extractor {
        &self.extractor
    }

    /// Runs every input through the extractor and gives `each` the outcomes in
    /// input order; stops at the first error `each` returns (inputs already
    /// being extracted are finished and dropped) and returns it.
    pub fn for_each<I, E>(
        &self,
        input: impl IntoIterator<Item = I>,
        mut each: impl FnMut(Outcome<I::Note>) -> Result<(), E>,
    ) -> Result<(), E>
    where
        I: Input,
    {
        #[cfg(feature = "rayon")]
        if let Some(pool) = &self.pool {
            return self.on_pool(pool, input.into_iter(), &mut each);
        }
        for item in input {
            each(work(&self.extractor, item))?;
        }
        Ok(())
    }

    /// The graph of every input, built in input order by `builder` (configured
    /// by the caller). `progress` hears of every input after it was added: the
    /// counts so far, and the input if it was skipped.
    pub fn graph<I: Input>(
        &self,
        input: impl IntoIterator<Item = I>,
        mut builder: GraphBuilder,
        mut progress: impl FnMut(&Progress, Option<&Skipped>),
    ) -> Run {
        let mut counts = Progress::default();
        let mut skipped = Vec::new();
        let never: Result<(), std::convert::Infallible> = self.for_each(input, |outcome| {
            match outcome {
                Outcome::Extracted(doc, _) => {
                    builder.add_document(&doc);
                    counts.documents += 1;
                    counts.bytes += doc.text().len() as u64;
                    progress(&counts, None);
                }
                Outcome::Skipped(s) => {
                    counts.skipped += 1;
                    progress(&counts, Some(&s));
                    skipped.push(s);
                }
            }
            Ok(())
        });
        let Ok(()) = never;
        Run { graph: builder.build(), progress: counts, skipped }
    }

    /// [`Pipeline::for_each`] on a pool: this thread reads batches and hands
    /// results back; the pool extracts up to [`AHEAD`] batches ahead.
    #[cfg(feature = "rayon")]
    fn on_pool<I: Input, E>(
        &self,
        pool: &rayon::ThreadPool,
        mut input: impl Iterator<Item = I>,
        each: &mut impl FnMut(Outcome<I::Note>) -> Result<(), E>,
    ) -> Result<(), E> {
        use rayon::prelude::*;
        use std::collections::VecDeque;
        use std::sync::mpsc;

        let extractor = &self.extractor;
        pool.in_place_scope(|scope| {
            let mut pending: VecDeque<mpsc::Receiver<Vec<Outcome<I::Note>>>> = VecDeque::new();
            let mut ended = false;
            while !ended || !pending.is_empty() {
                if !ended {
                    let batch = self.next_batch(&mut input);
                    ended = batch.is_empty();
                    if !ended {
                        // Room for the one message: the sender never waits, even
                        // when the caller has stopped listening.
                        let (tx, rx) = mpsc::sync_channel(1);
                        scope.spawn(move |_| {
                            let done: Vec<_> =
                                batch.into_par_iter().map(|item| work(extractor, item)).collect();
                            let _ = tx.send(done);
                        });
                        pending.push_back(rx);
                    }
                }
                if pending.len() > AHEAD || (ended && !pending.is_empty()) {
                    let rx = pending.pop_front().expect("a batch is pending");
                    // A batch that sent nothing panicked: the scope passes the
                    // panic on when it ends.
                    let Ok(outcomes) = rx.recv() else { break };
                    for outcome in outcomes {
                        each(outcome)?;
                    }
                }
            }
            Ok(())
        })
    }

    /// The next batch of inputs (empty at the end).
    #[cfg(feature = "rayon")]
    fn next_batch<I: Input>(&self, input: &mut impl Iterator<Item = I>) -> Vec<I> {
        let mut batch = Vec::new();
        let mut bytes = 0;
        while batch.len() < self.batch_docs && bytes < self.batch_bytes {
            let Some(item) = input.next() else { break };
            bytes += item.size();
            batch.push(item);
        }
        batch
    }
}

/// One input, read and extracted.
///
/// A panic while reading or extracting it is a bug, but it costs that input
/// alone: the input is reported as skipped, with the panic's message, and the
/// run goes on. (Extraction keeps no state from one document to the next that a
/// panic could leave half-written: its scratch buffers are reset per document.)
fn work<I: Input>(extractor: &Extractor, item: I) -> Outcome<I::Note> {
    let (doc, note) = match catch(|| item.read()) {
        Ok(Ok(read)) => read,
        Ok(Err(skipped)) => return Outcome::Skipped(skipped),
        Err(panic) => return Outcome::Skipped(bug("an input".to_string(), &*panic)),
    };
    let id = doc.id.clone();
    match catch(|| extractor.extract(doc)) {
        Ok(found) => Outcome::Extracted(Box::new(found), note),
        Err(panic) => Outcome::Skipped(bug(format!("document {id:?}"), &*panic)),
    }
}

/// Runs `f`, catching a panic.
fn catch<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    // Nothing `f` borrows is looked at again after a panic but through the
    // values it returns, so no broken invariant can be observed.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
}

/// The report of an input that a panic stopped.
fn bug(what: String, panic: &(dyn std::any::Any + Send)) -> Skipped {
    let message = panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message");
    Skipped {
        what,
        reason: format!(
            "entgraph failed on it ({message}); this is a bug: please report it with this input"
        ),
    }
}
