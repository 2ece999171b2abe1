//! Relations: what the text states about a pair of entities, beyond sharing a unit.
//!
//! Stage 4b, after segmentation. A [`RelationFinder`] takes a document's text, its
//! sentences and mentions, and gives [`Relation`]s: one statement found in one
//! sentence about one pair of entities. The graph stage counts them per edge.
//!
//! Two kinds of evidence are used:
//!
//! - **`leader_of`** from titles and appositions: a leader's mention with a
//!   country's (or organisation's) mention next to it, where the words between are
//!   only title words: `Chinese President Xi Jinping`, `China's President Xi`,
//!   `President Xi Jinping of China`, `Putin, Russia's president`,
//!   `Vladimir Putin, the Russian president`, and role phrases (`China's
//!   president`). Vice-presidents, ministers and company presidents are not
//!   leaders: only the title words of heads of state, government and organisations
//!   count. A comma before the title ends the phrase (`After visiting China,
//!   President Putin`), and a title after a place belongs to the leader it comes
//!   before (`Macron, Germany's Chancellor Scholz`).
//! - **cue words** from a [`CueLexicon`]: a sentence that holds a cue of a kind
//!   (`meeting`: met, talks, summit, call; `cooperation`: agreement, deal,
//!   partnership, ties; `conflict`: sanctions, condemned, accused, attack, war)
//!   states that kind of relation between every pair of entities in it that take
//!   part. An entity named as a topic, right after a topic word of the kind
//!   (`about`, `on`, `over`, `regarding`, `concerning` unless the lexicon's
//!   `[topics]` table says otherwise: `talks about China`), takes no part; the
//!   bundled conflict cues take `on` as naming the target (`sanctions on Russia`).
//!   Cues see no syntax: in `Biden and Macron discussed the war in Ukraine` the
//!   war is stated between all three.
//!
//! The bundled lexicon is `gazetteers/cues/relations.toml`; users can replace it
//! with a file of the same format ([`CueLexicon::parse`]).

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::error::{Error, Location, Problem};
use crate::gazetteer::{EntityIndex, EntityType, Gazetteer, LineIndex};
use crate::normalize::is_word_char;
use crate::resolve::{Mention, MentionKind};
use crate::text::TextIndex;

/// A kind of relation. Kinds order by name (as the graph's outputs list them),
/// and are written as their names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RelationKind {
    /// The source leads the target (from titles and appositions).
    LeaderOf,
    /// A kind of the cue lexicon (`meeting`, `cooperation`, `conflict`, or one of
    /// the user's own).
    Cue(Arc<str>),
}

impl RelationKind {
    /// The kind's name.
    pub fn as_str(&self) -> &str {
        match self {
            RelationKind::LeaderOf => "leader_of",
            RelationKind::Cue(name) => name,
        }
    }
}

impl RelationKind {
    /// The kind of a name: `leader_of`, or a cue lexicon's kind.
    pub fn parse(name: &str) -> RelationKind {
        match name {
            "leader_of" => RelationKind::LeaderOf,
            other => RelationKind::Cue(other.into()),
        }
    }
}

impl Ord for RelationKind {
    fn cmp(&self, other: &RelationKind) -> std::cmp::Ordering {
        // A cue kind is never named `leader_of` (the lexicon refuses it); should
        // one be made by hand, the variant keeps the order consistent with `Eq`.
        let variant = |k: &RelationKind| matches!(k, RelationKind::Cue(_));
        (self.as_str(), variant(self)).cmp(&(other.as_str(), variant(other)))
    }
}

impl PartialOrd for RelationKind {
    fn partial_cmp(&self, other: &RelationKind) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl serde::Serialize for RelationKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for RelationKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RelationKind, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(RelationKind::parse(&text))
    }
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One relation stated in one sentence about one pair of entities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    /// The kind.
    pub kind: RelationKind,
    /// The sentence it was found in (an index into the document's sentences).
    pub sentence: u32,
    /// The first entity (for `leader_of`, the leader).
    pub source: EntityIndex,
    /// The second entity (for `leader_of`, the country or organisation).
    pub target: EntityIndex,
}

/// Cue words by relation kind.
#[derive(Clone, Debug)]
pub struct CueLexicon {
    /// `(word, kind)` pairs, lower case.
    cues: Vec<(String, RelationKind)>,
    /// The topic words of the kinds that have their own (others use [`TOPIC_WORDS`]).
    topics: Vec<(RelationKind, Vec<String>)>,
}

/// The bundled cue lexicon.
const BUNDLED_CUES: &str = include_str!("../gazetteers/cues/relations.toml");

impl Default for CueLexicon {
    fn default() -> CueLexicon {
        CueLexicon::parse("gazetteers/cues/relations.toml", BUNDLED_CUES)
            .expect("the bundled cue lexicon is valid")
    }
}

impl CueLexicon {
    /// The bundled lexicon.
    pub fn bundled() -> CueLexicon {
        CueLexicon::default()
    }

    /// Parses a lexicon: a TOML file whose keys are relation kinds and whose values
    /// are lists of cue words or phrases, matched as whole words in any case. An
    /// optional `[topics]` table gives a kind its own topic words, the words right
    /// before an entity that make it the topic of the kind's cues rather than a
    /// party (default: about, on, over, regarding, concerning, toward, towards).
    ///
    /// ```
    /// use entgraph::relations::CueLexicon;
    /// let lexicon = CueLexicon::parse("mine.toml", "meeting = [\"met\", \"held talks\"]\ntrade = [\"exports\"]").unwrap();
    /// assert_eq!(lexicon.kinds(), ["meeting", "trade"]);
    /// ```
    pub fn parse(name: &str, text: &str) -> Result<CueLexicon, Error> {
        let file = Location::new(name, 0);
        let lines = LineIndex::new(text);
        let doc = toml::de::DeTable::parse(text).map_err(|e| {
            let line = e.span().map_or(0, |s| lines.line(s.start));
            Error::gazetteer(vec![
                Problem::new(file.at(line), format!("TOML syntax: {}", e.message().trim()))
                    .hint("write kind = [\"cue\", ...] lines"),
            ])
        })?;
        let mut problems = Vec::new();
        let mut cues = Vec::new();
        let mut topic_tables = Vec::new();
        let mut keys: Vec<_> = doc.get_ref().iter().collect();
        keys.sort_by_key(|(k, _)| k.span().start);
        for (key, value) in keys {
            let line = lines.line(key.span().start);
            let kind: &str = key.get_ref();
            if kind == "topics"
                && let Some(table) = value.get_ref().as_table()
            {
                topic_tables.push(table);
                continue;
            }
            if kind.is_empty() || !kind.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                problems.push(
                    Problem::new(
                        file.at(line),
                        format!("relation kind `{kind}` is not a lower-case word"),
                    )
                    .hint("use names like meeting, cooperation, conflict"),
                );
                continue;
            }
            if kind == RelationKind::LeaderOf.as_str() {
                problems.push(
                    Problem::new(
                        file.at(line),
                        "`leader_of` comes from titles, not from cue words",
                    )
                    .hint("use another kind name"),
                );
                continue;
            }
            let kind = RelationKind::Cue(Arc::from(kind));
            let Some(words) = value.get_ref().as_array() else {
                problems.push(
                    Problem::new(file.at(line), "expected a list of cue words")
                        .hint("write kind = [\"cue\", ...]"),
                );
                continue;
            };
            for w in words.iter() {
                match w.get_ref().as_str() {
                    Some(s) if s.trim().chars().next().is_some_and(is_word_char) => {
                        cues.push((s.trim().to_lowercase(), kind.clone()))
                    }
                    _ => problems.push(
                        Problem::new(
                            file.at(lines.line(w.span().start)),
                            "a cue must be a word or phrase",
                        )
                        .hint("quote it, e.g. \"met\""),
                    ),
                }
            }
        }
        let mut topics: Vec<(RelationKind, Vec<String>)> = Vec::new();
        for table in topic_tables {
            for (key, value) in table.iter() {
                let line = lines.line(key.span().start);
                let kind: &str = key.get_ref();
                let Some((_, kind)) = cues.iter().find(|(_, k)| k.as_str() == kind) else {
                    problems.push(
                        Problem::new(file.at(line), format!("no cue words for kind `{kind}`"))
                            .hint("give topic words only to kinds the file lists cues for"),
                    );
                    continue;
                };
                let mut words = Vec::new();
                for w in value.get_ref().as_array().map(|a| a.iter()).into_iter().flatten() {
                    match w.get_ref().as_str() {
                        Some(t) if !t.is_empty() && t.chars().all(char::is_alphabetic) => {
                            words.push(t.to_lowercase())
                        }
                        _ => problems.push(
                            Problem::new(
                                file.at(lines.line(w.span().start)),
                                "a topic word must be one word",
                            )
                            .hint("write e.g. \"about\""),
                        ),
                    }
                }
                if value.get_ref().as_array().is_none() {
                    problems.push(
                        Problem::new(file.at(line), "expected a list of topic words")
                            .hint("write kind = [\"about\", ...]"),
                    );
                }
                topics.push((kind.clone(), words));
            }
        }
        if !problems.is_empty() {
            return Err(Error::gazetteer(problems));
        }
        Ok(CueLexicon { cues, topics })
    }

    /// The relation kinds, in file order.
    pub fn kinds(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for (_, k) in &self.cues {
            if !out.contains(&k.as_str()) {
                out.push(k.as_str());
            }
        }
        out
    }
}

/// Title words that may stand between a leader and the country they lead.
const TITLE_WORDS: &[&str] = &[
    "president",
    "prime",
    "minister",
    "premier",
    "chancellor",
    "king",
    "queen",
    "emperor",
    "empress",
    "emir",
    "amir",
    "sultan",
    "supreme",
    "leader",
    "chairman",
    "chairwoman",
    "chairperson",
    "general",
    "secretary",
    "secretary-general",
    "crown",
    "prince",
    "princess",
    "pope",
    "head",
    "of",
    "state",
    "government",
    "the",
    "former",
    "late",
    "then",
    "acting",
    "interim",
    "new",
    "incoming",
    "outgoing",
    "current",
    "sitting",
    "president-elect",
    "taoiseach",
    "monarch",
    "ruler",
    "shah",
    "tsar",
    "czar",
    "kaiser",
    "führer",
    "duce",
    "generalissimo",
    "commission",
    "council",
    "director-general",
    "managing",
    "director",
    "executive",
    "high",
    "commissioner",
    "captain",
    "regent",
    "grand",
    "duke",
    "co-prince",
    "governor",
];

/// Words before an entity that make it the topic of a sentence, not a party to it.
const TOPIC_WORDS: &[&str] =
    &["about", "on", "over", "regarding", "concerning", "toward", "towards"];

/// Finds relations in a document; see the [module docs](self).
#[derive(Clone, Debug)]
pub struct RelationFinder {
    cues: AhoCorasick,
    kinds: Vec<RelationKind>,
    topics: Vec<(RelationKind, Vec<String>)>,
}

impl RelationFinder {
    /// A finder with a cue lexicon.
    pub fn new(lexicon: &CueLexicon) -> RelationFinder {
        let cues = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(lexicon.cues.iter().map(|(w, _)| w))
            .expect("cue words are short");
        RelationFinder {
            cues,
            kinds: lexicon.cues.iter().map(|(_, k)| k.clone()).collect(),
            topics: lexicon.topics.clone(),
        }
    }

    /// The relations stated in `text`, whose text layer (with its sentences) and
    /// mentions (in text order) are given.
    pub fn find(
        &self,
        gazetteer: &Gazetteer,
        text: &str,
        index: &TextIndex,
        mentions: &[Mention],
    ) -> Vec<Relation> {
        let sentences = index.sentences();
        let mut out = Vec::new();
        let mut next = 0;
        let mut kinds: Vec<RelationKind> = Vec::new();
        let mut parties: Vec<EntityIndex> = Vec::new();
        for (si, sentence) in sentences.iter().enumerate() {
            while next < mentions.len() && mentions[next].span.start < sentence.span.start {
                next += 1;
            }
            let first = next;
            while next < mentions.len() && mentions[next].span.start < sentence.span.end {
                next += 1;
            }
            let ms = &mentions[first..next];
            if ms.len() < 2 || ms.iter().all(|m| m.entity == ms[0].entity) {
                continue;
            }
            let si = si as u32;
            self.leader_of(gazetteer, text, index, si, ms, &mut out);

            // Cue kinds in the sentence (each kind once).
            kinds.clear();
            let s = &text[sentence.span.range()];
            for mat in self.cues.find_iter(s) {
                let whole = !s[..mat.start()].chars().next_back().is_some_and(is_word_char)
                    && !s[mat.end()..].chars().next().is_some_and(is_word_char);
                // A cue inside a name ("Shanghai Cooperation Organisation") is not one.
                // Mentions are in text order and apart: only the last one that
                // starts before the cue's end can hold it.
                let (start, end) =
                    (sentence.span.start + mat.start(), sentence.span.start + mat.end());
                let before_end = ms.partition_point(|m| m.span.start < end);
                let in_name = before_end > 0 && ms[before_end - 1].span.end > start;
                let whole = whole && !in_name;
                let kind = &self.kinds[mat.pattern().as_usize()];
                if whole && !kinds.contains(kind) {
                    kinds.push(kind.clone());
                }
            }
            if kinds.is_empty() {
                continue;
            }
            for kind in &kinds {
                let topic_words =
                    self.topics.iter().find(|(k, _)| k == kind).map(|(_, w)| w.as_slice());
                parties.clear();
                parties.extend(
                    ms.iter()
                        .filter(|m| {
                            !is_topic(text, index, sentence.span.start, m.span.start, topic_words)
                        })
                        .map(|m| m.entity),
                );
                parties.sort_unstable();
                parties.dedup();
                for i in 0..parties.len() {
                    for j in i + 1..parties.len() {
                        out.push(Relation {
                            kind: kind.clone(),
                            sentence: si,
                            source: parties[i],
                            target: parties[j],
                        });
                    }
                }
            }
        }
        out
    }

    fn leader_of(
        &self,
        g: &Gazetteer,
        text: &str,
        index: &TextIndex,
        sentence: u32,
        ms: &[Mention],
        out: &mut Vec<Relation>,
    ) {
        let is_leader = |m: &Mention| g.entity(m.entity).entity_type == EntityType::Leader;
        let is_place = |m: &Mention| {
            matches!(g.entity(m.entity).entity_type, EntityType::Country | EntityType::Organisation)
        };
        // Relations of earlier sentences differ in `sentence`: only this sentence's
        // need checking for duplicates.
        let first = out.len();
        let mut push = |leader: &Mention, place: &Mention| {
            let r = Relation {
                kind: RelationKind::LeaderOf,
                sentence,
                source: leader.entity,
                target: place.entity,
            };
            if !out[first..].contains(&r) {
                out.push(r);
            }
        };
        for (i, m) in ms.iter().enumerate() {
            if !is_leader(m) {
                continue;
            }
            // "Chinese President Xi", "China's President Xi", "the Chinese president, Xi",
            // and role phrases ("China's president", "the Russian president"). Not
            // "After visiting China, President Xi": a comma before the title ends
            // the phrase that names the place.
            if let Some(p) = i.checked_sub(1).map(|j| &ms[j])
                && is_place(p)
            {
                let between = &text[p.span.end..m.span.start];
                if !between.trim_start().starts_with(',')
                    && only_title_words(
                        text,
                        index,
                        p.span.end..m.span.start,
                        m.kind != MentionKind::Role,
                    )
                {
                    push(m, p);
                }
            }
            // "President Xi Jinping of China", "Putin, Russia's president",
            // "Putin, the Russian president", "Putin, president of Russia".
            if let Some(p) = ms.get(i + 1)
                && is_place(p)
            {
                // "Macron, Germany's Chancellor Scholz": the title after the place
                // belongs to the leader it comes before.
                let titles_next = ms.get(i + 2).is_some_and(|n| {
                    is_leader(n) && only_title_words(text, index, p.span.end..n.span.start, true)
                });
                let between = &text[m.span.end..p.span.start];
                let after =
                    if titles_next { Vec::new() } else { following_words(text, index, p.span.end) };
                let range = m.span.end..p.span.start;
                let apposition = between.trim_start().starts_with(',')
                    && only_title_words(text, index, range.clone(), false)
                    && (tokens(text, index, range).is_some_and(|t| t.iter().any(|w| is_title(w)))
                        || after.iter().any(|w| is_title(w)));
                let of = between.trim().eq_ignore_ascii_case("of");
                if apposition || of {
                    push(m, p);
                }
            }
        }
    }
}

fn is_title(word: &str) -> bool {
    let w = word.to_lowercase();
    !matches!(
        w.as_str(),
        "the" | "of" | "former" | "late" | "then" | "new" | "current" | "sitting" | ""
    ) && TITLE_WORDS.contains(&w.as_str())
}

/// The tokens in `range` (words, joined into one by a hyphen: `secretary-general`)
/// after a possessive that opens it, or `None` when anything but white space or a
/// comma stands between them.
fn tokens<'t>(text: &'t str, index: &TextIndex, range: Range<usize>) -> Option<Vec<&'t str>> {
    let head = &text[range.clone()];
    let from = match head.strip_prefix("'s").or_else(|| head.strip_prefix("\u{2019}s")) {
        Some(rest) => range.end - rest.len(),
        None => range.start,
    };
    let separator = |gap: &str| gap.chars().all(|c| c.is_whitespace() || c == ',');
    let mut out = Vec::new();
    let mut token: Option<(usize, usize)> = None;
    let mut gap_start = from;
    for w in &index.words()[index.words_before_len(from)..] {
        if w.span.end > range.end {
            break;
        }
        let gap = &text[gap_start..w.span.start];
        match &mut token {
            Some((_, end)) if gap == "-" => *end = w.span.end,
            _ => {
                if !separator(gap) {
                    return None;
                }
                out.extend(token.map(|(a, b)| &text[a..b]));
                token = Some((w.span.start, w.span.end));
            }
        }
        gap_start = w.span.end;
    }
    out.extend(token.map(|(a, b)| &text[a..b]));
    separator(&text[gap_start..range.end]).then_some(out)
}

/// True when the text in `range` (between two mentions) holds only title words,
/// a possessive, commas and spaces, and (when `need_title`) at least one real
/// title.
fn only_title_words(text: &str, index: &TextIndex, range: Range<usize>, need_title: bool) -> bool {
    let between = &text[range.clone()];
    if between.len() > 80 || between.contains(['\n', ';', '(', ')', '"']) {
        return false;
    }
    let Some(words) = tokens(text, index, range) else { return false };
    let mut titled = false;
    for word in words {
        let w = word.to_lowercase();
        if w == "vice" || w == "deputy" || w == "foreign" || w == "defence" || w == "defense" {
            return false;
        }
        if !TITLE_WORDS.contains(&w.as_str()) {
            return false;
        }
        titled |= is_title(&w);
    }
    titled || !need_title
}

/// Up to three tokens right after `pos` (after a possessive), up to the next
/// punctuation (for "Russia's president").
fn following_words<'t>(text: &'t str, index: &TextIndex, pos: usize) -> Vec<&'t str> {
    let words = index.words_after(text, pos, 3);
    let mut out: Vec<&str> = Vec::new();
    let mut prev_end = None;
    for w in words {
        match prev_end {
            Some(e) if &text[e..w.span.start] == "-" => {
                let last = out.last_mut().expect("a token was pushed");
                let start = last.as_ptr() as usize - text.as_ptr() as usize;
                *last = &text[start..w.span.end];
            }
            _ => out.push(&text[w.span.range()]),
        }
        prev_end = Some(w.span.end);
    }
    out
}

/// True when the mention at `pos` follows a topic word (`talks about China`, `a
/// deal on the United States`): one of `words`, or of [`TOPIC_WORDS`] when the
/// kind has none of its own.
fn is_topic(
    text: &str,
    index: &TextIndex,
    sentence_start: usize,
    pos: usize,
    words: Option<&[String]>,
) -> bool {
    let word = |i: usize| &text[index.words()[i].span.range()];
    let mut prev =
        index.previous_word(text, pos).filter(|&i| index.words()[i].span.start >= sentence_start);
    if let Some(i) = prev
        && word(i) == "the"
    {
        prev = index
            .previous_word(text, index.words()[i].span.start)
            .filter(|&i| index.words()[i].span.start >= sentence_start);
    }
    let Some(i) = prev else { return false };
    let word = word(i);
    match words {
        Some(words) => words.iter().any(|t| t.eq_ignore_ascii_case(word)),
        None => TOPIC_WORDS.iter().any(|t| t.eq_ignore_ascii_case(word)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_words() {
        let only = |between: &str| {
            let text = format!("X{between}Y");
            let index = TextIndex::new(&text);
            only_title_words(&text, &index, 1..1 + between.len(), true)
        };
        assert!(only(" President "));
        assert!(only("'s President "));
        assert!(only(" Prime Minister "));
        assert!(only(" Secretary-General "));
        assert!(!only(" Vice President "));
        assert!(!only(" Foreign Minister "));
        assert!(!only(" and "));
        assert!(!only(" "));
        assert!(!only(" President. "));
        let text = "Russia's president-elect, said";
        let index = TextIndex::new(text);
        assert_eq!(following_words(text, &index, 6), ["president-elect"]);
    }

    #[test]
    fn topics() {
        let topic = |t: &str, word: &str| {
            let index = TextIndex::new(t);
            is_topic(t, &index, 0, t.find(word).unwrap(), None)
        };
        let t = "They held talks about China and Russia.";
        assert!(topic(t, "China"));
        assert!(!topic(t, "Russia"));
        assert!(topic("A deal on the United States", "United"));
    }

    #[test]
    fn bundled_lexicon_parses() {
        let l = CueLexicon::bundled();
        assert_eq!(l.kinds(), ["meeting", "cooperation", "conflict"]);
    }

    #[test]
    fn bad_lexicons_are_reported() {
        let e = CueLexicon::parse("c.toml", "Meeting = [\"met\"]\nleader_of = [\"x\"]\nwar = 3\n")
            .unwrap_err();
        let lines: Vec<u32> = e.problems().iter().map(|p| p.location.line).collect();
        assert_eq!(lines, [1, 2, 3]);
        let text = "war = [\"attack\"]\n[topics]\npeace = [\"on\"]\nwar = [\"in the\", \"over\"]\n";
        let e = CueLexicon::parse("c.toml", text).unwrap_err();
        let problems: Vec<(u32, &str)> =
            e.problems().iter().map(|p| (p.location.line, p.message.as_str())).collect();
        assert_eq!(
            problems,
            [(3, "no cue words for kind `peace`"), (4, "a topic word must be one word")]
        );
    }
}
