//! Matching: every alias of the gazetteer, found in one pass over a document.
//!
//! Stage 2. A [`Matcher`] is built once from a [`Gazetteer`]: one `aho-corasick`
//! automaton (leftmost-longest) over the folded forms of all aliases and ignored
//! phrases. [`Matcher::find_iter`] takes a [`Normalized`] document and gives
//! [`Match`]es: spans of the *original* text, each with the aliases it matched.
//!
//! The key decision: the search runs from word starts only, walking the automaton
//! anchored at each one, rather than searching everywhere and throwing away
//! matches that do not sit on word boundaries. That is both faster (most positions
//! are never tried, and most walks end after a byte or two) and right in a case
//! that filtering gets wrong: the walk notes every alias that ends along the way,
//! so when the longest one does not end on a word boundary (`New York City` in
//! `New York Cityscape`), the next longest that does (`New York`) is taken.
//!
//! A match is accepted when at least one of its aliases accepts it:
//! - the text ends on a word boundary: not before a letter or digit, nor before an
//!   apostrophe inside a word (`Xi'an` is not `Xi`), but a possessive `'s` is fine;
//! - the case agrees with the alias's [`CasePolicy`];
//! - a combining form (`Sino`) is followed by a hyphen and a word.

use aho_corasick::automaton::Automaton;
use aho_corasick::automaton::StateID;
use aho_corasick::nfa::contiguous;
use aho_corasick::{Anchored, MatchKind};

use crate::error::Error;
use crate::gazetteer::{AliasKind, CasePolicy, EntityIndex, Gazetteer};
use crate::normalize::{Normalized, char_at, eq_cased, fold, is_dash, is_dropped, is_word_char};
use crate::span::Span;

/// One alias that a pattern stands for.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// The entity.
    pub entity: EntityIndex,
    /// The alias's position in [`crate::gazetteer::Entity::aliases`].
    pub alias: u32,
    /// The alias's kind.
    pub kind: AliasKind,
    /// The alias is declared ambiguous.
    pub ambiguous: bool,
    /// The alias is a surname marked safe.
    pub safe: bool,
    case: CasePolicy,
    has_upper: bool,
    /// The alias folded with its case kept, for case-sensitive checks.
    cased: Box<str>,
}

/// What a folded pattern stands for.
#[derive(Clone, Debug, Default)]
struct Pattern {
    candidates: Vec<Candidate>,
    ignore: bool,
}

/// Identifies a pattern of a [`Matcher`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PatternId(u32);

/// An accepted match: a span of the original text and the pattern it matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    /// The matched text, in the original document.
    pub span: Span,
    /// The pattern; [`Matcher::candidates`] gives its aliases.
    pub pattern: PatternId,
    /// The match is an ignored phrase: it names nothing.
    pub ignored: bool,
}

/// The compiled aliases of a gazetteer.
///
/// # Example
///
/// ```
/// use entgraph::{Gazetteer, Matcher, Normalized};
///
/// let gazetteer = Gazetteer::bundled().unwrap();
/// let matcher = Matcher::new(&gazetteer).unwrap();
/// let text = "Talks in the U.S. and in China.";
/// let norm = Normalized::new(text);
/// let found: Vec<&str> = matcher.find_iter(text, &norm).map(|m| &text[m.span.range()]).collect();
/// assert_eq!(found, ["U.S.", "China"]);
/// ```
#[derive(Clone, Debug)]
pub struct Matcher {
    automaton: contiguous::NFA,
    /// The anchored start state.
    start: StateID,
    patterns: Vec<Pattern>,
}

impl Matcher {
    /// Compiles every alias and ignored phrase of `gazetteer`.
    pub fn new(gazetteer: &Gazetteer) -> Result<Matcher, Error> {
        let mut folded: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut ids: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
        let mut slot = |key: &str, folded: &mut Vec<String>, patterns: &mut Vec<Pattern>| {
            if let Some(&p) = ids.get(key) {
                return p;
            }
            folded.push(key.to_string());
            patterns.push(Pattern::default());
            ids.insert(key.to_string(), patterns.len() - 1);
            patterns.len() - 1
        };
        for (index, entity) in gazetteer.iter() {
            for (i, alias) in entity.aliases.iter().enumerate() {
                let key = alias.folded();
                if key.is_empty() {
                    continue;
                }
                let p = slot(key, &mut folded, &mut patterns);
                // Only case-sensitive aliases are compared with their case kept.
                let cased: Box<str> = if alias.case == CasePolicy::Sensitive {
                    fold(&alias.text, false).into()
                } else {
                    "".into()
                };
                let duplicate = patterns[p].candidates.iter().any(|c| {
                    c.entity == index
                        && c.kind == alias.kind
                        && c.case == alias.case
                        && c.cased == cased
                });
                if !duplicate {
                    patterns[p].candidates.push(Candidate {
                        entity: index,
                        alias: i as u32,
                        kind: alias.kind,
                        ambiguous: alias.ambiguous,
                        safe: alias.safe,
                        case: alias.case,
                        has_upper: alias.text.chars().any(char::is_uppercase),
                        cased,
                    });
                }
            }
        }
        for phrase in gazetteer.ignored_phrases() {
            let key = fold(phrase, true);
            if !key.is_empty() {
                let p = slot(&key, &mut folded, &mut patterns);
                patterns[p].ignore = true;
            }
        }
        let automaton = contiguous::NFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .prefilter(false)
            .build(&folded)
            .map_err(Error::matcher)?;
        let start =
            automaton.start_state(Anchored::Yes).expect("an NFA supports anchored searches");
        Ok(Matcher { automaton, start, patterns })
    }

    /// Number of distinct folded patterns.
    pub fn pattern_len(&self) -> usize {
        self.patterns.len()
    }

    /// Bytes of heap the automaton uses.
    pub fn memory_usage(&self) -> usize {
        self.automaton.memory_usage()
    }

    /// Finds the accepted matches in `text`, which `norm` is the folded form of.
    pub fn find_iter<'m, 'h>(&'m self, text: &'h str, norm: &'h Normalized) -> FindIter<'m, 'h> {
        FindIter { matcher: self, text, norm, next_start: 0, word: 0 }
    }

    /// The aliases of a match that accept it, in gazetteer order. `text` is the
    /// document the match was found in.
    pub fn candidates<'m, 't>(
        &'m self,
        text: &'t str,
        mat: &Match,
    ) -> impl Iterator<Item = &'m Candidate> + use<'m, 't> {
        let pattern = &self.patterns[mat.pattern.0 as usize];
        let original = text[mat.span.range()].trim_end_matches('.');
        let lower_only = is_lower_only(original);
        // Characters that folding drops are skipped here too: `Sino\u{ad}-Russian`
        // is `Sino-Russian` (as the rest of matching sees it).
        let before_hyphen_word = {
            let mut chars = text[mat.span.end..].chars().filter(|&c| !is_dropped(c));
            chars.next().is_some_and(is_dash) && chars.next().is_some_and(is_word_char)
        };
        pattern
            .candidates
            .iter()
            .filter(move |c| accepts(c, original, lower_only, before_hyphen_word))
    }
}

fn is_lower_only(s: &str) -> bool {
    !s.chars().any(char::is_uppercase) && s.chars().any(char::is_lowercase)
}

fn accepts(c: &Candidate, original: &str, lower_only: bool, before_hyphen_word: bool) -> bool {
    if c.kind == AliasKind::Combining && !before_hyphen_word {
        return false;
    }
    match c.case {
        CasePolicy::Insensitive => true,
        CasePolicy::Proper => !(lower_only && c.has_upper),
        CasePolicy::Sensitive => eq_cased(original, &c.cased),
    }
}

/// True when a match ending at folded position `end` ends a word.
fn ends_word(norm: &str, end: usize) -> bool {
    match char_at(norm, end) {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some('\'') => match char_at(norm, end + 1) {
            // A possessive 's ends the name; any other letter continues the word.
            Some(d) if is_word_char(d) => {
                d == 's' && !char_at(norm, end + 2).is_some_and(is_word_char)
            }
            _ => true,
        },
        Some(_) => true,
    }
}

/// Iterator over the accepted matches of a document; see [`Matcher::find_iter`].
#[derive(Debug)]
pub struct FindIter<'m, 'h> {
    matcher: &'m Matcher,
    text: &'h str,
    norm: &'h Normalized,
    /// Folded position before which no match may start (the end of the last one).
    next_start: usize,
    /// Next index into the word starts.
    word: usize,
}

impl FindIter<'_, '_> {
    /// Tries the word start at folded position `start`; gives an accepted match and
    /// its folded end.
    fn try_at(&self, start: usize) -> Option<(Match, usize)> {
        let norm = self.norm.as_str();
        let nfa = &self.matcher.automaton;
        // Every alias that ends along the walk, shortest first. Aliases that are
        // prefixes of one another are few; past the last slots only the longest
        // ones are kept.
        let mut ends = [(0usize, 0u32); 8];
        let mut found = 0usize;
        let mut sid = self.matcher.start;
        for (i, &b) in norm.as_bytes().iter().enumerate().skip(start) {
            sid = nfa.next_state(Anchored::Yes, sid, b);
            if nfa.is_special(sid) {
                if nfa.is_dead(sid) {
                    break;
                }
                if nfa.is_match(sid) {
                    // A match state may also report shorter aliases that do not
                    // start here (suffixes); only the alias from `start` counts.
                    let own = (0..nfa.match_len(sid))
                        .map(|k| nfa.match_pattern(sid, k))
                        .find(|&pid| nfa.pattern_len(pid) == i + 1 - start);
                    if let Some(pid) = own {
                        ends[found % ends.len()] = (i + 1, pid.as_u32());
                        found += 1;
                    }
                }
            }
        }
        let kept = found.min(ends.len());
        for k in (0..kept).rev() {
            let (end, pid) = ends[(found - kept + k) % ends.len()];
            if !ends_word(norm, end) {
                continue;
            }
            let pattern = &self.matcher.patterns[pid as usize];
            let span = self.original_span(start, end);
            let mat = Match { span, pattern: PatternId(pid), ignored: pattern.ignore };
            if pattern.ignore || self.matcher.candidates(self.text, &mat).next().is_some() {
                return Some((mat, end));
            }
        }
        None
    }

    /// The original span of folded `start..end`, with the final dot of a dotted
    /// abbreviation (`U.S.`) included.
    fn original_span(&self, start: usize, end: usize) -> Span {
        let text = self.text;
        let s = self.norm.to_original(start);
        let mut e = self.norm.to_original(end);
        // Folding drops invisible characters and collapses spaces; what follows the
        // last folded character up to the next folded unit is not part of the match.
        while e > s {
            let c = text[..e].chars().next_back().expect("e > s");
            if c.is_whitespace()
                || matches!(c, '\u{200b}'..='\u{200d}' | '\u{00ad}' | '\u{feff}' | '\u{2060}')
            {
                e -= c.len_utf8();
            } else {
                break;
            }
        }
        if text.as_bytes().get(e) == Some(&b'.') && text[s..e].contains('.') {
            e += 1;
        }
        Span::new(s, e)
    }
}

impl Iterator for FindIter<'_, '_> {
    type Item = Match;

    fn next(&mut self) -> Option<Match> {
        let starts = self.norm.word_starts();
        while self.word < starts.len() {
            let start = starts[self.word] as usize;
            self.word += 1;
            if start < self.next_start {
                continue;
            }
            if let Some((mat, end)) = self.try_at(start) {
                self.next_start = end;
                return Some(mat);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{GazetteerBuilder, GazetteerFormat};

    fn gazetteer(toml: &str) -> Gazetteer {
        let mut b = GazetteerBuilder::new();
        b.add_str("test.toml", GazetteerFormat::Toml, toml);
        b.build().unwrap_or_else(|e| panic!("{e}"))
    }

    fn found(g: &Gazetteer, text: &str) -> Vec<String> {
        let matcher = Matcher::new(g).unwrap();
        let norm = Normalized::new(text);
        matcher
            .find_iter(text, &norm)
            .map(|m| {
                let ids: Vec<&str> =
                    matcher.candidates(text, &m).map(|c| g.entity(c.entity).id.as_str()).collect();
                if m.ignored {
                    format!("{}=ignored", &text[m.span.range()])
                } else {
                    format!("{}={}", &text[m.span.range()], ids.join("|"))
                }
            })
            .collect()
    }

    const G: &str = r#"
ignore = ["New Mexico"]

[[entity]]
id = "us"
type = "country"
label = "United States"
names = ["United States"]
abbreviations = ["US", "USA"]

[[entity]]
id = "mx"
type = "country"
label = "Mexico"
names = ["Mexico"]

[[entity]]
id = "ny"
type = "city"
label = "New York"
names = ["New York", "New York City"]

[[entity]]
id = "xi"
type = "leader"
label = "Xi Jinping"
names = ["Xi Jinping"]
surnames = ["Xi"]

[[entity]]
id = "cn"
type = "country"
label = "China"
names = ["China"]
combining = ["Sino"]

[[entity]]
id = "tr"
type = "country"
label = "Turkey"
names = ["Turkey", "Türkiye"]
"#;

    #[test]
    fn whole_words_only() {
        let g = gazetteer(G);
        assert_eq!(found(&g, "USA USAID US-China"), ["USA=us", "US=us", "China=cn"]);
        assert!(found(&g, "Chinatown").is_empty());
    }

    #[test]
    fn case_policies() {
        let g = gazetteer(G);
        assert_eq!(found(&g, "let us go"), Vec::<String>::new());
        assert_eq!(found(&g, "the U.S. said"), ["U.S.=us"]);
        assert_eq!(found(&g, "TURKEY and Turkey, not turkey"), ["TURKEY=tr", "Turkey=tr"]);
    }

    #[test]
    fn spelling_variants() {
        let g = gazetteer(G);
        assert_eq!(found(&g, "Xi\nJinping met"), ["Xi\nJinping=xi"]);
        assert_eq!(found(&g, "Xi Jinping’s plan"), ["Xi Jinping=xi"]);
        assert_eq!(found(&g, "Turkiye and TÜRKIYE"), ["Turkiye=tr", "TÜRKIYE=tr"]);
    }

    #[test]
    fn apostrophes_inside_words() {
        let g = gazetteer(G);
        assert!(found(&g, "Xi'an is a city").is_empty());
        assert_eq!(found(&g, "Xi's visit"), ["Xi=xi"]);
    }

    #[test]
    fn longest_then_shorter_on_boundary_failure() {
        let g = gazetteer(G);
        assert_eq!(found(&g, "New York City hall"), ["New York City=ny"]);
        assert_eq!(found(&g, "New York Cityscape"), ["New York=ny"]);
    }

    #[test]
    fn ignored_phrases_hide_their_aliases() {
        let g = gazetteer(G);
        assert_eq!(found(&g, "New Mexico and Mexico"), ["New Mexico=ignored", "Mexico=mx"]);
    }

    #[test]
    fn combining_forms_need_a_hyphen() {
        let g = gazetteer(G);
        assert_eq!(found(&g, "Sino-Russian"), ["Sino=cn"]);
        assert!(found(&g, "Sino Russian").is_empty());
        assert!(found(&g, "Sino--Russian").is_empty());
        // Any dash, and characters that folding drops, as elsewhere.
        assert_eq!(found(&g, "Sino\u{2212}Russian"), ["Sino=cn"]);
        assert_eq!(found(&g, "Sino\u{200b}-\u{ad}Russian"), ["Sino=cn"]);
    }
}
