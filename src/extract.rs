//! The whole per-document pipeline in one call: normalise, index the text (words,
//! sentences, lines), match, resolve, find relations.
//!
//! An [`Extractor`] is built once from a [`Gazetteer`] (that builds the matcher, the
//! costly part) and then used for any number of documents, from any number of
//! threads: [`Extractor::extract`] takes `&self`.

use std::cell::RefCell;
use std::sync::Arc;

use crate::error::Error;
use crate::gazetteer::{Date, Gazetteer};
use crate::matcher::{Match, Matcher};
use crate::normalize::Normalized;
use crate::relations::{CueLexicon, Relation, RelationFinder};
use crate::resolve::{Decision, InName, Mention, Resolver, ResolverConfig};
use crate::segment::Sentence;
use crate::text::TextIndex;

/// Buffers larger than this (bytes) are freed after the document that needed them.
const SCRATCH_LIMIT: usize = 16 << 20;

/// A document to read: its id, its text and what is known about it.
///
/// It carries its own text, so what is found in it ([`Extraction`]) and the graph
/// built from it cannot be given another document's text by mistake.
///
/// ```
/// use entgraph::Document;
/// use entgraph::gazetteer::Date;
///
/// let doc = Document::new("a", "Xi Jinping met Vladimir Putin.")
///     .with_date(Date::parse("2024-05-16"));
/// assert_eq!(doc.date.unwrap().to_string(), "2024-05-16");
/// let bare: Document = "Some text.".into();
/// assert_eq!(bare.id, "");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// The id that the graph's nodes, edges and evidence cite.
    pub id: String,
    /// The text as read (valid UTF-8); every span refers to it.
    pub text: String,
    /// The day it was written, if known: it decides who held an office that a
    /// role phrase names, and it dates the graph's nodes and edges.
    pub date: Option<Date>,
    /// The document's home country (the country it was written in or for), as a
    /// gazetteer entity id, if known. Carried for the stages that read it; the
    /// resolver does not read it yet.
    pub country: Option<String>,
    /// Other fields kept for provenance in the graph's list of documents (a JSON
    /// Lines `title` and `url`, or any other).
    pub fields: serde_json::Map<String, serde_json::Value>,
}

impl Document {
    /// A document with this id and text, undated.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document { id: id.into(), text: text.into(), ..Document::default() }
    }

    /// The same document with this date (or none).
    pub fn with_date(mut self, date: Option<Date>) -> Document {
        self.date = date;
        self
    }

    /// The same document with this field kept for provenance.
    pub fn with_field(mut self, name: &str, value: impl Into<serde_json::Value>) -> Document {
        self.fields.insert(name.to_string(), value.into());
        self
    }
}

/// A document of this text with an empty id, undated.
impl From<&str> for Document {
    fn from(text: &str) -> Document {
        Document::new("", text)
    }
}

/// A document of this text with an empty id, undated.
impl From<&String> for Document {
    fn from(text: &String) -> Document {
        Document::new("", text.as_str())
    }
}

/// A document of this text with an empty id, undated.
impl From<String> for Document {
    fn from(text: String) -> Document {
        Document::new("", text)
    }
}

/// What one document gave, with the document itself (whose text every span
/// refers to).
#[derive(Clone, Debug, Default)]
pub struct Extraction {
    /// The document read.
    pub document: Document,
    /// Mentions, in text order: what the graph counts.
    pub mentions: Vec<Mention>,
    /// Matches inside longer names (`France` in `Air France`), in text order: in
    /// the mentions output, and among `mentions` only when the resolver keeps them.
    pub in_names: Vec<InName>,
    /// Relations stated in the sentences.
    pub relations: Vec<Relation>,
    /// A decision per match, when the resolver was asked to explain.
    pub decisions: Vec<Decision>,
    /// The text layer: words, sentences, lines (boxed: an extraction is moved
    /// about whole between threads).
    pub index: Box<TextIndex>,
}

impl Extraction {
    /// The document's text, which every span refers to.
    pub fn text(&self) -> &str {
        &self.document.text
    }

    /// The document's id.
    pub fn id(&self) -> &str {
        &self.document.id
    }

    /// The document's date, if known.
    pub fn date(&self) -> Option<Date> {
        self.document.date
    }

    /// Sentences, in text order: the text layer's, which every stage reads.
    pub fn sentences(&self) -> &[Sentence] {
        self.index.sentences()
    }
}

/// Normalises, matches, resolves and segments documents.
///
/// An extractor owns what it needs (a handle on the gazetteer, the matcher, the
/// resolver): it can be kept in a struct, cloned cheaply (the parts are shared)
/// and sent to other threads.
///
/// # Example
///
/// ```
/// use entgraph::{Extractor, Gazetteer};
///
/// let gazetteer = Gazetteer::bundled().unwrap();
/// let extractor = Extractor::new(&gazetteer).unwrap();
/// let found = extractor.extract("Xi Jinping flew to Russia. Xi met Putin.");
/// let ids: Vec<&str> = found.mentions.iter().map(|m| gazetteer.entity(m.entity).id.as_str()).collect();
/// assert_eq!(ids, ["xi-jinping", "russia", "xi-jinping", "vladimir-putin"]);
/// assert_eq!(found.sentences().len(), 2);
/// ```
#[derive(Clone, Debug)]
pub struct Extractor {
    gazetteer: Gazetteer,
    matcher: Arc<Matcher>,
    resolver: Arc<Resolver>,
    relations: Option<Arc<RelationFinder>>,
}

impl Extractor {
    /// An extractor with the default resolver configuration.
    pub fn new(gazetteer: &Gazetteer) -> Result<Extractor, Error> {
        Extractor::with_config(gazetteer, ResolverConfig::default())
    }

    /// An extractor with a resolver configuration of your own.
    pub fn with_config(gazetteer: &Gazetteer, config: ResolverConfig) -> Result<Extractor, Error> {
        let matcher = Arc::new(Matcher::new(gazetteer)?);
        let resolver = Arc::new(Resolver::new(gazetteer, config));
        let relations = Some(Arc::new(RelationFinder::new(&CueLexicon::bundled())));
        Ok(Extractor { gazetteer: gazetteer.clone(), matcher, resolver, relations })
    }

    /// Finds typed relations with this cue lexicon instead of the bundled one.
    pub fn cues(mut self, lexicon: &CueLexicon) -> Extractor {
        self.relations = Some(Arc::new(RelationFinder::new(lexicon)));
        self
    }

    /// Leaves relation finding out (default: on, with the bundled lexicon).
    pub fn without_relations(mut self) -> Extractor {
        self.relations = None;
        self
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The resolver's configuration.
    pub fn config(&self) -> &ResolverConfig {
        self.resolver.config()
    }

    /// Runs the pipeline over one document: a [`Document`], or a text (an
    /// undated document with an empty id).
    pub fn extract(&self, document: impl Into<Document>) -> Extraction {
        let document = document.into();
        let text = document.text.as_str();
        let date = document.date;
        // The folded text and the matches are scratch space: each thread keeps its
        // buffers from one document to the next instead of allocating them anew.
        thread_local! {
            static SCRATCH: RefCell<(Normalized, Vec<Match>)> = RefCell::default();
        }
        let index = TextIndex::new(text);
        let resolution = SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let (norm, matches) = &mut *scratch;
            norm.reset(text);
            matches.clear();
            matches.extend(self.matcher.find_iter(text, norm));
            let resolution = self.resolver.resolve(text, &index, &self.matcher, matches, date);
            // A huge document's buffers are not kept for the small ones after it.
            if norm.capacity() > SCRATCH_LIMIT {
                *norm = Normalized::default();
                *matches = Vec::new();
            }
            resolution
        });
        let relations = match &self.relations {
            Some(finder) => finder.find(&self.gazetteer, text, &index, &resolution.mentions),
            None => Vec::new(),
        };
        Extraction {
            document,
            mentions: resolution.mentions,
            in_names: resolution.in_names,
            relations,
            decisions: resolution.decisions,
            index: Box::new(index),
        }
    }

    /// Runs the pipeline over one text written on `date` (which decides who
    /// held an office that a role phrase names): an undated document with an
    /// empty id.
    pub fn extract_dated(&self, text: &str, date: Option<Date>) -> Extraction {
        self.extract(Document::new("", text).with_date(date))
    }
}
