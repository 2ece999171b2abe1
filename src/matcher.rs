//! Matching: every alias of the gazetteer, found in one pass over a document.
//!
//! Stage 2. A [`Matcher`] is built once from a [`Gazetteer`]: an `aho-corasick`
//! automaton over the folded forms of all aliases and ignored phrases.
//! [`Matcher::find_iter`] takes a [`Normalized`] document and gives
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
//! Because every walk is anchored, the byte it starts with decides which aliases
//! it can reach. So the automaton is split by first byte into parts (up to 32),
//! built side by side, and each walk uses the part of its first byte:
//! the same matches as from a single automaton, and the same single pass over the
//! text. Building an automaton spends most of its time on failure transitions,
//! which anchored walks never follow; so every pattern is compiled behind one
//! byte that no pattern holds, and walks start from the state after it: then
//! every failure transition leads straight back to the start, and costs next to
//! nothing to build.
//!
//! Most word starts begin no alias (`the`, `said`, `people`...), and a walk
//! from one touches automaton states scattered over memory. So before walking,
//! the word itself is looked up in a small filter of the aliases' first words
//! (`FirstWords`), which rules out most word starts at the cost of a hash.
//!
//! A match is accepted when at least one of its aliases accepts it:
//! - the text ends on a word boundary: not before a letter or digit, nor before an
//!   apostrophe inside a word (`Xi'an` is not `Xi`), but a possessive `'s` is fine;
//! - the case agrees with the alias's [`CasePolicy`];
//! - a combining form (`Sino`) is followed by a hyphen and a word.

use aho_corasick::automaton::Automaton;
use aho_corasick::automaton::StateID;
use aho_corasick::nfa::{contiguous, noncontiguous};
use aho_corasick::{Anchored, MatchKind};

use crate::error::Error;
use crate::gazetteer::{AliasKind, CasePolicy, EntityIndex, Gazetteer};
use crate::normalize::{
    HIGH_BITS, Normalized, ascii_alnum_mask, char_at, eq_cased, fold, is_dash, is_dropped,
    is_invisible, is_word_char,
};
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
    shards: Vec<Shard>,
    /// The shard of the patterns that start with each byte, plus one; 0 where no
    /// pattern starts with it.
    shard_of: [u8; 256],
    patterns: Vec<Pattern>,
    first_words: FirstWords,
}

#[derive(Clone, Debug)]
/// The automaton of the patterns that start with some of the bytes.
struct Shard {
    automaton: contiguous::NFA,
    /// The anchored start state.
    start: StateID,
    /// The pattern number of each of the shard's patterns.
    patterns: Vec<u32>,
}

impl Matcher {
    /// Compiles every alias and ignored phrase of `gazetteer`: on the threads of
    /// the rayon pool it is called from, if any (with the `rayon` feature), and
    /// on the caller's thread otherwise.
    pub fn new(gazetteer: &Gazetteer) -> Result<Matcher, Error> {
        Matcher::with_shards(gazetteer, SHARDS)
    }

    /// Like [`Matcher::new`], with the automaton split into at most `shards` parts.
    fn with_shards(gazetteer: &Gazetteer, shards: usize) -> Result<Matcher, Error> {
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
        // One automaton per group of first bytes, built side by side on the
        // caller's threads (see `crate::par`).
        let (groups, shard_of) = group_by_first_byte(&folded, shards);
        let first_words = FirstWords::new(&folded);
        let folded = &folded;
        let build = |ids: Vec<u32>| -> Result<Shard, Error> {
            // Every pattern is compiled behind `ANCHOR`, a byte that no pattern
            // holds, and walks start from the state after it. So no pattern is
            // a suffix of another's prefix: every failure transition leads
            // straight back to the start, which makes them cheap to build (they
            // were half of the start-up time of a one-article run, and anchored
            // walks never follow them), and a match state reports its own
            // pattern alone. The match kind is the standard one: the walks note
            // every alias that ends along the way themselves, and the leftmost
            // kinds cost a slow lookup per state after a match to build. The
            // states of a pattern's first bytes keep the dense transitions they
            // would have without the prefix (one level more).
            let nfa = noncontiguous::NFA::builder()
                .match_kind(MatchKind::Standard)
                .prefilter(false)
                .build(ids.iter().map(|&i| {
                    // Checked in release builds too: a pattern holding it would
                    // break "a match state reports its own pattern alone".
                    assert!(
                        !folded[i as usize].as_bytes().contains(&ANCHOR),
                        "{ANCHOR} in a folded alias"
                    );
                    let mut key = Vec::with_capacity(folded[i as usize].len() + 1);
                    key.push(ANCHOR);
                    key.extend_from_slice(folded[i as usize].as_bytes());
                    key
                }))
                .map_err(Error::matcher)?;
            let automaton = contiguous::NFA::builder()
                .dense_depth(DENSE_DEPTH + 1)
                .build_from_noncontiguous(&nfa)
                .map_err(Error::matcher)?;
            let start =
                automaton.start_state(Anchored::Yes).expect("an NFA supports anchored searches");
            let start = automaton.next_state(Anchored::Yes, start, ANCHOR);
            Ok(Shard { automaton, start, patterns: ids })
        };
        let shards: Result<Vec<Shard>, Error> =
            crate::par::map(groups, build).into_iter().collect();
        Ok(Matcher { shards: shards?, shard_of, patterns, first_words })
    }

    /// Number of distinct folded patterns.
    pub fn pattern_len(&self) -> usize {
        self.patterns.len()
    }

    /// Bytes of heap the automata use.
    pub fn memory_usage(&self) -> usize {
        self.shards.iter().map(|s| s.automaton.memory_usage()).sum()
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

/// Automata the patterns are split into (fewer when fewer bytes start one): the
/// parts are built side by side on however many threads the caller gives.
const SHARDS: usize = 32;

/// The byte every pattern is compiled behind (see [`Matcher::with_shards`]): NUL,
/// which folding drops (a control character), so no pattern holds it. The lowest
/// byte, because the automaton's builder looks each pattern's first byte up in a
/// list of the start state's transitions sorted by byte.
const ANCHOR: u8 = 0;

/// States nearer the start than this have dense transitions in `aho-corasick`'s
/// contiguous NFA (its default): the first bytes of a walk, which every walk
/// takes, are then one lookup each.
const DENSE_DEPTH: usize = 2;

/// Splits the patterns into at most `n` groups by their first byte, of about equal
/// total length (largest first, each to the lightest group). Gives the pattern
/// numbers of each group, in order, and the group of each byte plus one (0 where
/// no pattern starts with it).
fn group_by_first_byte(folded: &[String], n: usize) -> (Vec<Vec<u32>>, [u8; 256]) {
    let mut by_byte: Vec<Vec<u32>> = vec![Vec::new(); 256];
    let mut weight = [0usize; 256];
    for (i, f) in folded.iter().enumerate() {
        let b = usize::from(f.as_bytes()[0]);
        by_byte[b].push(i as u32);
        weight[b] += f.len();
    }
    let mut bytes: Vec<usize> = (0..256).filter(|&b| weight[b] > 0).collect();
    bytes.sort_by_key(|&b| (std::cmp::Reverse(weight[b]), b));
    let n = n.clamp(1, bytes.len().max(1));
    let mut load = vec![0usize; n];
    let mut groups: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut group_of = [0u8; 256];
    for b in bytes {
        let g = (0..n).min_by_key(|&g| (load[g], g)).expect("n >= 1");
        load[g] += weight[b];
        group_of[b] = g as u8 + 1;
        groups[g].extend(&by_byte[b]);
    }
    for g in &mut groups {
        g.sort_unstable();
    }
    (groups, group_of)
}

/// A filter on the first words of a match, which tells most word starts that
/// no pattern starts there without walking the automaton. No false negatives: a
/// word it rules out starts no match; a word it lets through may start none.
///
/// A run is a run of ASCII letters and digits in the folded text, and a gap the
/// bytes between two runs (a space, `. `, `'`). A pattern matches only where its
/// own first run is the text's whole first run: a pattern cannot end inside a run
/// of letters and digits (it must end a word), so it either ends with the run or
/// goes on past it with the same byte as the text. The same holds for the gap
/// after it, which the pattern goes on past with the same bytes up to the next
/// run, and for that second run (`new york`, `a. balfour`). So the filter holds
/// three kinds of keys:
/// - the first run of every pattern: a word start whose run is not among them
///   (most of them: `said`, `people`) starts no match;
/// - the first run of every pattern that is one run (`us`), or has no second run
///   after a short gap: such a pattern is walked for;
/// - the first two runs and the gap between of every other pattern: a word
///   start whose two runs are not among them starts none (`the president`, when
///   the patterns that start with `the` are `the hague` and `the gambia`).
///
/// A key holds at most the first eight bytes of each run ([`run_head`]): runs
/// that share them share a key, which lets a few more words through and none
/// less.
///
/// A byte beyond ASCII is not part of a run: a pattern and the text it matches
/// have it at the same place, so it ends both runs, or belongs to both gaps, alike.
/// Patterns that start with one are left out, and the words that do are walked for.
#[derive(Clone, Debug)]
struct FirstWords {
    /// Three bits per key in one word (see [`FirstWords::bits`]), set for every key.
    words: Box<[u64; 1 << FIRST_WORD_WORDS]>,
}

/// Words of a [`FirstWords`]: 2^12 of 64 bits (32 KiB), which for the twenty
/// thousand or so keys of the bundled gazetteers leaves few false positives.
const FIRST_WORD_WORDS: u32 = 12;

/// The multipliers that make each kind of key from the hash of the runs, so that
/// the three kinds collide independently.
const ANY: u64 = 0x9e37_79b9_7f4a_7c15;
const ALONE: u64 = 0xc2b2_ae3d_27d4_eb4f;
const TWO: u64 = 0x1656_67b1_9e37_79f9;

impl FirstWords {
    fn new(folded: &[String]) -> FirstWords {
        let mut filter = FirstWords { words: Box::new([0; 1 << FIRST_WORD_WORDS]) };
        for pattern in folded.iter().map(String::as_bytes) {
            let Some((first, head)) = first_run(pattern) else { continue };
            let any = key(first, ANY);
            filter.set(any, any);
            match second_run(pattern, first, head) {
                Some(two) => {
                    let two = key(two, TWO);
                    filter.set(two, two);
                }
                None => filter.set(any, key(first, ALONE)),
            }
        }
        filter
    }

    /// The index of the word of a key. A first run's two keys share the word
    /// of the first: the second look-up of a word start reads no other memory.
    #[inline]
    fn index(word_key: u64) -> usize {
        (word_key >> (64 - FIRST_WORD_WORDS)) as usize
    }

    /// The bits of a key in its word: three, which rule out far more than one.
    #[inline]
    fn bits(key: u64) -> u64 {
        (1 << ((key >> 40) & 63)) | (1 << ((key >> 34) & 63)) | (1 << ((key >> 28) & 63))
    }

    fn set(&mut self, word_key: u64, key: u64) {
        self.words[FirstWords::index(word_key)] |= FirstWords::bits(key);
    }

    #[inline]
    fn has(word: u64, key: u64) -> bool {
        let bits = FirstWords::bits(key);
        word & bits == bits
    }

    /// False when no pattern can start at the start of `rest` (folded text from a
    /// word start on).
    #[inline]
    fn may_start(&self, rest: &[u8]) -> bool {
        let Some((first, head)) = first_run(rest) else { return true };
        let any = key(first, ANY);
        let word = self.words[FirstWords::index(any)];
        if !FirstWords::has(word, any) {
            return false;
        }
        if FirstWords::has(word, key(first, ALONE)) {
            return true;
        }
        // Only patterns of two runs are left: without a second run here, none.
        second_run(rest, first, head).is_some_and(|two| {
            let two = key(two, TWO);
            FirstWords::has(self.words[FirstWords::index(two)], two)
        })
    }
}

/// A key of a [`FirstWords`] from the hash of its runs and its kind.
#[inline]
fn key(h: u64, kind: u64) -> u64 {
    (h ^ (h >> 29)).wrapping_mul(kind)
}

/// The hash of the run at the start of `s` and the length it is known by (see
/// [`run_head`]); `None` when `s` does not start with an ASCII letter or digit.
#[inline]
fn first_run(s: &[u8]) -> Option<(u64, usize)> {
    let (h, head) = run_head(s, 0, 0);
    (head > 0).then_some((h, head))
}

/// The hash of the first two runs of `s` and the gap between, given the hash of
/// the first and the length it is known by: `None` when no second run follows
/// the first after a gap of at most seven bytes.
#[inline]
fn second_run(s: &[u8], first: u64, head: usize) -> Option<u64> {
    let len = run_len(s, head);
    let chunk = load8(s, len);
    let gap = (ascii_alnum_mask(chunk).trailing_zeros() / 8) as usize;
    if gap == 8 {
        return None;
    }
    // The gap's bytes, with its length in the top byte (a gap holds no run's
    // bytes, but may hold a zero).
    let between = (chunk & low_bytes(gap)) | ((gap as u64) << 56);
    Some(run_head(s, len + gap, mix(first, between)).0)
}

/// The hash of the run of ASCII letters and digits at `s[at..]`, mixed into `h`,
/// and its length up to eight: a run is known by its first eight bytes only.
///
/// So the filter reads a word in one step, without a loop: a word start is
/// looked up for nearly every word of a document, and a loop over its bytes
/// costs a branch per byte and a mispredicted one where the word ends.
#[inline]
fn run_head(s: &[u8], at: usize, h: u64) -> (u64, usize) {
    let chunk = load8(s, at);
    let head = ((!ascii_alnum_mask(chunk) & HIGH_BITS).trailing_zeros() / 8) as usize;
    // No byte of a run is zero, so the value also tells the length.
    (mix(h, chunk & low_bytes(head)), head)
}

/// The whole length of the run at the start of `s`, given the length it is
/// known by.
fn run_len(s: &[u8], head: usize) -> usize {
    let mut len = head;
    if head == 8 {
        loop {
            let n = ((!ascii_alnum_mask(load8(s, len)) & HIGH_BITS).trailing_zeros() / 8) as usize;
            len += n;
            if n < 8 {
                break;
            }
        }
    }
    len
}

#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h ^ x).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// The eight bytes of `s` from `at` on as a little-endian number, with zeros
/// past the end (a zero byte is not part of a run).
#[inline]
fn load8(s: &[u8], at: usize) -> u64 {
    match s.get(at..at + 8) {
        Some(b) => u64::from_le_bytes(b.try_into().expect("eight bytes")),
        None => {
            let mut b = [0; 8];
            let tail = s.get(at..).unwrap_or_default();
            b[..tail.len()].copy_from_slice(tail);
            u64::from_le_bytes(b)
        }
    }
}

/// The mask of the low `n` bytes of a number, `n` <= 8.
#[inline]
fn low_bytes(n: usize) -> u64 {
    u64::MAX.checked_shr(64 - 8 * n as u32).unwrap_or(0)
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
    #[inline(never)]
    fn try_at(&self, start: usize) -> Option<(Match, usize)> {
        let norm = self.norm.as_str();
        let &first = norm.as_bytes().get(start)?;
        let shard = match self.matcher.shard_of[first as usize] {
            0 => return None,
            s => &self.matcher.shards[s as usize - 1],
        };
        let nfa = &shard.automaton;
        // Every alias that ends along the walk, shortest first: aliases that are
        // prefixes of one another are few, so they fit in the slots; any more go
        // to a vector (which allocates only then). None may be dropped: the
        // longest may not end a word, and a shorter one is then the match.
        let mut ends = [(0usize, 0u32); 8];
        let mut more: Vec<(usize, u32)> = Vec::new();
        let mut found = 0usize;
        let mut sid = shard.start;
        for (i, &b) in norm.as_bytes().iter().enumerate().skip(start) {
            sid = nfa.next_state(Anchored::Yes, sid, b);
            if nfa.is_special(sid) {
                if nfa.is_dead(sid) {
                    break;
                }
                if nfa.is_match(sid) {
                    // A match state reports its own alias alone, the one from
                    // `start` (see `ANCHOR`).
                    let pid = nfa.match_pattern(sid, 0);
                    let end = (i + 1, shard.patterns[pid.as_usize()]);
                    match ends.get_mut(found) {
                        Some(slot) => *slot = end,
                        None => more.push(end),
                    }
                    found += 1;
                }
            }
        }
        let kept = found.min(ends.len());
        for &(end, pid) in more.iter().rev().chain(ends[..kept].iter().rev()) {
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
        // (Combining marks are dropped too, but belong to the letter before them.)
        while e > s {
            let c = text[..e].chars().next_back().expect("e > s");
            if c.is_whitespace() || is_invisible(c) {
                e -= c.len_utf8();
            } else {
                break;
            }
        }
        if text.as_bytes().get(e) == Some(&b'.') && ends_in_abbreviation(&text[s..e]) {
            e += 1;
        }
        Span::new(s, e)
    }
}

/// True when `s` ends the way a dotted abbreviation does before its final dot:
/// with a one-letter word after an abbreviation dot (`U.S`, `D.C`, `F. W`), so that
/// a dot after it is the abbreviation's own. The dot after any other word
/// (`St. Lucia.`, `Donald J. Trump.`) is a full stop.
fn ends_in_abbreviation(s: &str) -> bool {
    let mut rev = s.chars().rev().filter(|&c| !is_dropped(c));
    let Some(last) = rev.next() else { return false };
    let mut before = rev.next();
    if before == Some(' ') {
        before = rev.next();
    }
    last.is_alphabetic()
        && before == Some('.')
        && rev.next().is_some_and(char::is_alphabetic)
        && !rev.next().is_some_and(is_word_char)
}

impl Iterator for FindIter<'_, '_> {
    type Item = Match;

    fn next(&mut self) -> Option<Match> {
        let starts = self.norm.word_starts();
        let folded = self.norm.as_str().as_bytes();
        let filter = &self.matcher.first_words;
        while self.word < starts.len() {
            // The filter runs for nearly every word: the loop over the word starts
            // keeps its state in locals (not in `self`) and walks the automaton out
            // of line, so that it stays small.
            let next_start = self.next_start;
            let skipped = starts[self.word..].iter().position(|&start| {
                let start = start as usize;
                start >= next_start && filter.may_start(&folded[start..])
            });
            let Some(skipped) = skipped else {
                self.word = starts.len();
                break;
            };
            let start = starts[self.word + skipped] as usize;
            self.word += skipped + 1;
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

    const DOTTED: &str = r#"
[[entity]]
id = "lc"
type = "country"
label = "Saint Lucia"
names = ["St. Lucia"]

[[entity]]
id = "dc"
type = "city"
label = "Washington, D.C."
names = ["Washington D.C."]

[[entity]]
id = "trump"
type = "leader"
label = "Donald Trump"
names = ["Donald J. Trump"]

[[entity]]
id = "us"
type = "country"
label = "United States"
abbreviations = ["US", "USA"]

[[entity]]
id = "tg"
type = "city"
label = "Lomé"
names = ["Lomé"]
"#;

    #[test]
    fn a_full_stop_after_a_dotted_alias_is_not_part_of_it() {
        let g = gazetteer(DOTTED);
        assert_eq!(found(&g, "We visited St. Lucia."), ["St. Lucia=lc"]);
        assert_eq!(found(&g, "President Donald J. Trump."), ["Donald J. Trump=trump"]);
        // An abbreviation's own final dot is.
        assert_eq!(found(&g, "the U.S. said"), ["U.S.=us"]);
        assert_eq!(found(&g, "in Washington D.C."), ["Washington D.C.=dc"]);
        assert_eq!(found(&g, "the U. S. A. and the U.S.A."), ["U. S. A.=us", "U.S.A.=us"]);
    }

    #[test]
    fn dropped_characters_end_no_span() {
        let g = gazetteer(DOTTED);
        assert_eq!(found(&g, "Lomé\u{1} and Lomé\u{7f}, Lomé\u{200b}."), ["Lomé=tg"; 3]);
        // A combining mark belongs to its letter.
        assert_eq!(found(&g, "Lome\u{301}\u{1}."), ["Lome\u{301}=tg"]);
    }

    #[test]
    fn groups_by_first_byte_cover_every_pattern_once() {
        let folded: Vec<String> =
            ["new york", "mexico", "us", "usa", "xi", "xi jinping", "sino", "new mexico"]
                .map(String::from)
                .to_vec();
        for n in [1, 2, 3, 8] {
            let (groups, group_of) = group_by_first_byte(&folded, n);
            assert_eq!(groups.len(), n.min(5), "five distinct first bytes");
            let mut all: Vec<u32> = groups.concat();
            all.sort_unstable();
            assert_eq!(all, (0..folded.len() as u32).collect::<Vec<_>>());
            for (g, ids) in groups.iter().enumerate() {
                assert!(!ids.is_empty());
                for &i in ids {
                    let first = folded[i as usize].as_bytes()[0];
                    assert_eq!(usize::from(group_of[usize::from(first)]), g + 1);
                }
            }
            assert_eq!(group_of[usize::from(b'z')], 0);
        }
        let (groups, _) = group_by_first_byte(&[], 4);
        assert_eq!(groups, [Vec::<u32>::new()]);
    }

    #[test]
    fn the_first_word_filter_loses_no_match() {
        let g = Gazetteer::bundled().unwrap();
        let text = "Xi's visit, Xi\u{20ac} and Xi\u{2019}s; the U.S. and U. S. A., N.Korea, \
                    Türkiye, São Tomé, Côte d'Ivoire, Guinea-Bissau, the G20 and G-20, \
                    Sino-Soviet, Kim Jong-un, 北京, the European Union's, NATO-led, \
                    Chinatown, New Mexico, president Putin said; Mr. Erdoğan in Ankara. \
                    The Hague, the Gambia, the president, New York Cityscape, St. Lucia, \
                    United Nations€, Said Musa, A. Q. M. Badruddoza Chowdhury.";
        let norm = Normalized::new(text);
        let matches = |m: &Matcher| -> Vec<(Span, u32, bool)> {
            m.find_iter(text, &norm).map(|x| (x.span, x.pattern.0, x.ignored)).collect()
        };
        let filtered = Matcher::new(&g).unwrap();
        let mut unfiltered = filtered.clone();
        unfiltered.first_words.words.fill(u64::MAX);
        let expected = matches(&unfiltered);
        assert!(expected.len() >= 15, "{expected:?}");
        assert_eq!(matches(&filtered), expected);
        // Most words of ordinary prose are ruled out.
        let ruled_out = norm
            .word_starts()
            .iter()
            .filter(|&&p| !filtered.first_words.may_start(&norm.as_str().as_bytes()[p as usize..]));
        assert!(ruled_out.count() >= 5);
    }

    #[test]
    fn runs_are_known_by_their_first_eight_bytes_wherever_they_end() {
        // A run's key does not depend on what ends it, nor on the end of the text.
        for word in ["a", "usa", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmnopq"] {
            let w = word.as_bytes();
            let alone = first_run(w).unwrap();
            assert_eq!(alone.1, w.len().min(8));
            for end in [" x", ". y", "\u{e9}", "'s", "-"] {
                let s = format!("{word}{end}");
                assert_eq!(first_run(s.as_bytes()), Some(alone), "{s:?}");
            }
        }
        assert_ne!(first_run(b"abcdefg"), first_run(b"abcdefgh"));
        assert_eq!(first_run(b"abcdefgh"), first_run(b"abcdefghi"));
        assert_eq!(first_run(b" us"), None);
        assert_eq!(first_run("\u{e9}t\u{e9}".as_bytes()), None);
        // The second run and the gap before it count; what follows the second run
        // does not.
        let two = |s: &str| {
            let (h, head) = first_run(s.as_bytes()).unwrap();
            second_run(s.as_bytes(), h, head)
        };
        assert_eq!(two("new york"), two("new york city"));
        assert_eq!(two("new york"), two("new york's"));
        assert_ne!(two("new york"), two("new yorker"));
        assert_ne!(two("new york"), two("new. york"));
        assert_ne!(two("new york"), two("new  york"));
        assert_eq!(two("new"), None);
        assert_eq!(two("new ."), None);
        assert_eq!(two(&format!("a{}b", " ".repeat(8))), None, "a gap of more than seven bytes");
        assert!(two(&format!("a{}b", " ".repeat(7))).is_some());
        // The gap is found after the whole first run, however long.
        assert_eq!(two("organisation of"), two("organisation of states"));
        assert_eq!(two("organisation of"), two("organisations of"), "the same first eight bytes");
        assert_ne!(two("organisation of"), two("organisation on"));
        assert_eq!(two("internationalisation"), None);
    }

    #[test]
    fn any_number_of_parts_finds_the_same_matches() {
        let g = Gazetteer::bundled().unwrap();
        let text = "Chinese President Xi Jinping met Vladimir Putin in Moscow; the U.S., \
                    NATO and the European Union condemned it. Ärger in Österreich, \
                    Erdoğan in Ankara, 1990s Yugoslavia, the Sino-Soviet split, \
                    “Kim Jong-un” and the UN's agencies; New Mexico is not Mexico.";
        let norm = Normalized::new(text);
        let matches = |m: &Matcher| -> Vec<(Span, u32, bool)> {
            m.find_iter(text, &norm).map(|x| (x.span, x.pattern.0, x.ignored)).collect()
        };
        let one = Matcher::with_shards(&g, 1).unwrap();
        assert_eq!(one.shards.len(), 1);
        let expected = matches(&one);
        assert!(expected.len() >= 12, "{expected:?}");
        for n in [2, 3, 8] {
            let m = Matcher::with_shards(&g, n).unwrap();
            assert_eq!(m.shards.len(), n);
            assert_eq!(matches(&m), expected, "{n} parts");
        }
    }
}
