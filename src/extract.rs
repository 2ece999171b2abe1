//! The whole per-document pipeline in one call: normalise, index the text (words,
//! sentences, lines), match, resolve, find relations.
//!
//! An [`Extractor`] is built once from a [`Gazetteer`] (that builds the matcher, the
//! costly part) and then used for any number of documents, from any number of
//! threads: [`Extractor::extract`] takes `&self`.

use std::cell::RefCell;

use crate::error::Error;
use crate::gazetteer::{Date, Gazetteer};
use crate::matcher::{Match, Matcher};
use crate::normalize::Normalized;
use crate::relations::{CueLexicon, Relation, RelationFinder};
use crate::resolve::{Decision, InName, Mention, MentionKind, Resolver, ResolverConfig};
use crate::segment::Sentence;
use crate::text::TextIndex;

/// Buffers larger than this (bytes) are freed after the document that needed them.
const SCRATCH_LIMIT: usize = 16 << 20;

/// What one document gave.
#[derive(Clone, Debug, Default)]
pub struct Document {
    /// Mentions, in text order: what the graph counts.
    pub mentions: Vec<Mention>,
    /// Matches inside longer names (`France` in `Air France`), in text order: in
    /// the mentions output, and among `mentions` only when the resolver keeps them.
    pub in_names: Vec<InName>,
    /// Countries named in a sports frame (`Brazil beat Germany 7-1`), in text
    /// order: in the mentions output, and among `mentions` (as teams, not the
    /// country) only when the resolver keeps them.
    pub teams: Vec<Mention>,
    /// Relations stated in the sentences.
    pub relations: Vec<Relation>,
    /// A decision per match, when the resolver was asked to explain.
    pub decisions: Vec<Decision>,
    /// The text layer: words, sentences, lines (boxed: a document is moved about
    /// whole between threads).
    pub index: Box<TextIndex>,
}

impl Document {
    /// Sentences, in text order: the text layer's, which every stage reads.
    pub fn sentences(&self) -> &[Sentence] {
        self.index.sentences()
    }
}

/// Normalises, matches, resolves and segments documents.
///
/// # Example
///
/// ```
/// use entgraph::{Extractor, Gazetteer};
///
/// let gazetteer = Gazetteer::bundled().unwrap();
/// let extractor = Extractor::new(&gazetteer).unwrap();
/// let doc = extractor.extract("Xi Jinping flew to Russia. Xi met Putin.");
/// let ids: Vec<&str> = doc.mentions.iter().map(|m| gazetteer.entity(m.entity).id.as_str()).collect();
/// assert_eq!(ids, ["xi-jinping", "russia", "xi-jinping", "vladimir-putin"]);
/// assert_eq!(doc.sentences().len(), 2);
/// ```
pub struct Extractor<'g> {
    gazetteer: &'g Gazetteer,
    matcher: Matcher,
    resolver: Resolver<'g>,
    relations: Option<RelationFinder>,
}

impl<'g> Extractor<'g> {
    /// An extractor with the default resolver configuration.
    pub fn new(gazetteer: &'g Gazetteer) -> Result<Extractor<'g>, Error> {
        Extractor::with_config(gazetteer, ResolverConfig::default())
    }

    /// An extractor with a resolver configuration of your own.
    pub fn with_config(
        gazetteer: &'g Gazetteer,
        config: ResolverConfig,
    ) -> Result<Extractor<'g>, Error> {
        let matcher = Matcher::new(gazetteer)?;
        let resolver = Resolver::new(gazetteer, config);
        let relations = Some(RelationFinder::new(&CueLexicon::bundled()));
        Ok(Extractor { gazetteer, matcher, resolver, relations })
    }

    /// Finds typed relations with this cue lexicon instead of the bundled one.
    pub fn cues(mut self, lexicon: &CueLexicon) -> Extractor<'g> {
        self.relations = Some(RelationFinder::new(lexicon));
        self
    }

    /// Leaves relation finding out (default: on, with the bundled lexicon).
    pub fn without_relations(mut self) -> Extractor<'g> {
        self.relations = None;
        self
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gazetteer
    }

    /// The matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Runs the pipeline over one document.
    pub fn extract(&self, text: &str) -> Document {
        self.extract_dated(text, None)
    }

    /// Runs the pipeline over one document written on `date` (which decides who
    /// held an office that a role phrase names).
    pub fn extract_dated(&self, text: &str, date: Option<Date>) -> Document {
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
            // A team is not the state: relations are stated between states.
            Some(finder) if self.resolver.config().get_teams() && !resolution.teams.is_empty() => {
                let states: Vec<Mention> = resolution
                    .mentions
                    .iter()
                    .filter(|m| m.kind != MentionKind::Team)
                    .cloned()
                    .collect();
                finder.find(self.gazetteer, text, &index, &states)
            }
            Some(finder) => finder.find(self.gazetteer, text, &index, &resolution.mentions),
            None => Vec::new(),
        };
        Document {
            mentions: resolution.mentions,
            in_names: resolution.in_names,
            teams: resolution.teams,
            relations,
            decisions: resolution.decisions,
            index: Box::new(index),
        }
    }
}
