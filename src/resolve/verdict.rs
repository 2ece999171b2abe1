//! The verdict on one match: which candidate, by which rule, how sure.
//!
//! Every candidate of a match that is not decided at once is scored with the
//! evidence the document gives ([`Evidence`]); the highest score wins, equal
//! scores of different entities tie and name no one. Scores are named
//! ([`score`]): a surname's introduction outweighs a title, which outweighs a safe
//! surname; for other aliases, support adds up. Notes for `--explain` are written
//! only when decisions are recorded.

use super::chunks::{PersonCue, after_place_and_comma, given_name_before, person_name_context};
use super::evidence::{Evidence, introduction, is_own_name, refers_to_outsider};
use super::{Decision, Mention, MentionKind, Resolver, Rule};
use crate::gazetteer::{AliasKind, EntityIndex, EntityType};
use crate::matcher::{Candidate, Match};
use crate::normalize::fold;
use crate::span::Span;

/// The scores of candidates.
pub(super) mod score {
    /// A surname after (or before) the person's full name in the document, plus
    /// up to 1 for nearness ([`nearness`]).
    pub const INTRODUCED: f32 = 4.0;
    /// A title and a surname that one holder of that title carries.
    pub const TITLE: f32 = 3.0;
    /// A surname the gazetteer marks safe.
    pub const SAFE_SURNAME: f32 = 2.0;
    /// The entity is named unambiguously elsewhere in the document.
    pub const NAMED_ELSEWHERE: f32 = 2.0;
    /// A related entity (its leader, its country, a small organisation it belongs
    /// to) is named for sure.
    pub const RELATED_NAMED: f32 = 1.5;
    /// At least two other entities of its type are named for sure.
    pub const SAME_TYPE_NAMED: f32 = 1.0;
    /// The alias is unambiguous and shares its text only with surnames.
    pub const UNAMBIGUOUS_ALIAS: f32 = 2.0;

    /// The distance, in bytes, at which an introduction's nearness is halved.
    pub const NEARNESS_SCALE: f32 = 1000.0;
    /// The share of the nearness bonus (from 0 to 1) that only introductions
    /// before the surname reach: any of them outranks any introduction after it.
    pub const LOOKING_BACK: f32 = 0.5;

    /// The bonus of an introduction at `intro` for a surname at `pos`, from 0 to 1.
    ///
    /// Principle: a bare surname refers back to the person last introduced with
    /// it (`George W. Bush ... George H. W. Bush ... Bush said`: the father); it
    /// looks forward only when nobody with it was introduced before it (a lede's
    /// surname introduced in the body), and then to the nearest. Between two
    /// people, the one introduced before the surname wins however near the other
    /// stands after it.
    pub fn nearness(intro: usize, pos: usize) -> f32 {
        let near = 1.0 / (1.0 + intro.abs_diff(pos) as f32 / NEARNESS_SCALE);
        if intro < pos { LOOKING_BACK + (1.0 - LOOKING_BACK) * near } else { LOOKING_BACK * near }
    }
}

/// A note for `--explain`, formatted only when decisions are recorded.
macro_rules! note {
    ($explain:expr, $($arg:tt)*) => {
        if $explain { format!($($arg)*) } else { String::new() }
    };
}

/// How sure a surname that refers to a person named in full is.
pub(super) const INTRODUCED_CONFIDENCE: f32 = 0.9;
/// How sure a title and a surname that one holder of the title carries is.
const TITLE_CONFIDENCE: f32 = 0.85;
/// How sure a safe surname never introduced in the document is.
const SAFE_SURNAME_CONFIDENCE: f32 = 0.75;
/// How sure an ambiguous alias with support is: this, plus its score over
/// [`SUPPORT_SCALE`], at most [`SUPPORT_CAP`].
const SUPPORT_BASE: f32 = 0.5;
/// See [`SUPPORT_BASE`].
const SUPPORT_SCALE: f32 = 10.0;
/// See [`SUPPORT_BASE`].
const SUPPORT_CAP: f32 = 0.85;
/// How sure a full name kept at once by its alias is.
const UNIQUE_NAME_CONFIDENCE: f32 = 0.95;
/// How sure an abbreviation, demonym, combining form or surname kept at once by
/// its alias is: short forms are ambiguous more often.
const UNIQUE_SHORT_FORM_CONFIDENCE: f32 = 0.9;

/// How sure a mention kept at once by its alias is.
pub(super) fn confidence_of(kind: AliasKind) -> f32 {
    match kind {
        AliasKind::Name => UNIQUE_NAME_CONFIDENCE,
        AliasKind::Abbreviation
        | AliasKind::Demonym
        | AliasKind::Combining
        | AliasKind::Surname => UNIQUE_SHORT_FORM_CONFIDENCE,
    }
}

impl Resolver {
    pub(super) fn decide(
        &self,
        cx: &Evidence<'_>,
        m: &Match,
        cands: &[&Candidate],
        listed: Option<&EntityType>,
        caps: bool,
    ) -> (Option<Mention>, Decision) {
        let g = &self.gazetteer;
        let doc = &cx.doc;
        let explain = self.config.explain;
        let mut ids: Vec<EntityIndex> = cands.iter().map(|c| c.entity).collect();
        ids.dedup();
        let person_context = person_name_context(doc, m.span);
        // A title right before a surname ("President Moon", "Mr Putin"), as read
        // while gathering the people, or read now.
        let read_now;
        let title = match cx.people.title_before(m.span.start) {
            Some(t) => t,
            None => {
                read_now = self.title_before(doc, m.span.start);
                read_now.as_ref()
            }
        };
        // (score, candidate, rule, note, span, kind) for every supported candidate.
        let mut best: Vec<(f32, &Candidate, Rule, String, Span, MentionKind)> = Vec::new();
        let mut reasons: Vec<(Rule, String)> = Vec::new();
        for &c in cands {
            let e = g.entity(c.entity);
            if c.kind == AliasKind::Surname {
                let (span, kind) = match title {
                    Some(t) => (Span::new(t.span.start, m.span.end), MentionKind::Title),
                    None => (m.span, MentionKind::Surname),
                };
                // Another given name before the surname is another person, even
                // one the document introduced ("Donald Trump ... Melania Trump"),
                // unless it is one of this person's own names.
                if title.is_none()
                    && let Some((_, prev)) = given_name_before(doc, m.span.start)
                    && !is_own_name(e, prev)
                {
                    reasons.push((
                        Rule::OtherPerson,
                        note!(explain, "after the given name {prev:?}: another person"),
                    ));
                    continue;
                }
                let intro = introduction(cx.introduced, c.entity, m.span.start);
                // A person the document introduced with this surname who is not in
                // the gazetteer ("Ted Kennedy ... Mr Kennedy"): someone else, unless
                // an office title says otherwise or the leader was named in full
                // before (see `refers_to_outsider`).
                if title.is_none_or(|t| t.office.is_none())
                    && let Some(other) = cx.people.outsider(doc.text, m.span)
                    && refers_to_outsider(intro, other, m.span.start)
                {
                    reasons.push((
                        Rule::OtherPersonChain,
                        note!(
                            explain,
                            "refers to {:?} at byte {other}, who is not {}",
                            &doc.text[cx.people.outsider_name(other)],
                            e.label
                        ),
                    ));
                    continue;
                }
                if let Some(p) = intro {
                    // The nearer an introduction before the surname, the
                    // stronger (see `score::nearness`).
                    let score = score::INTRODUCED + score::nearness(p, m.span.start);
                    best.push((
                        score,
                        c,
                        Rule::IntroducedSurname,
                        note!(explain, "{}: {}", e.label, cx.introduction_note(p)),
                        span,
                        kind,
                    ));
                    continue;
                }
                if let Some(t) = title
                    && let Some(office) = t.office.as_deref()
                {
                    let held = e.offices.iter().any(|o| {
                        fold(&o.title, true) == office
                            && cx.date.is_none_or(|d| o.is_held_during(d))
                    });
                    if held {
                        let note = note!(explain, "{} held the office of {}", e.label, t.text);
                        best.push((score::TITLE, c, Rule::TitleSurname, note, span, kind));
                        continue;
                    }
                }
                if !c.safe {
                    reasons.push((
                        Rule::SurnameNotIntroduced,
                        note!(explain, "{} is never named in full", e.label),
                    ));
                    continue;
                }
                if title.is_none() && doc.opens_sentence(m.span.start) {
                    // Its capital is the sentence's: a document that names nothing
                    // else for sure is not about people, and a word the document
                    // also writes in lower case is that common word ("Store the
                    // basil" in a text about a garden store).
                    let alone = cx.certain.is_empty() && !cx.people.any_title;
                    let word = &doc.text[m.span.range()];
                    if alone || cx.written_in_lower_case(word) {
                        let why = if alone {
                            "opens a sentence, and the document names nothing else for sure"
                        } else {
                            "opens a sentence, and the document writes it in lower case too"
                        };
                        reasons.push((Rule::SentenceStartWord, why.into()));
                        continue;
                    }
                }
                let note = note!(
                    explain,
                    "{:?} is a safe surname of {}",
                    e.aliases[c.alias as usize].text,
                    e.label
                );
                best.push((score::SAFE_SURNAME, c, Rule::SafeSurname, note, span, kind));
                continue;
            }
            if let Some(why) = &person_context
                && e.entity_type != EntityType::Leader
            {
                reasons.push((
                    Rule::PersonNameContext,
                    if explain { why.note(doc, m.span) } else { String::new() },
                ));
                continue;
            }
            // Principle: a given name followed by a surname is one person's
            // name; a leader known by one given name (`Francis`) followed by a
            // capitalised name that is none of theirs (`Representative Francis
            // Rooney`) is another person who shares the given name.
            if let Some(PersonCue::NameAfter(next, _)) = &person_context
                && c.kind == AliasKind::Name
                && !doc.text[m.span.range()].contains(' ')
                && !is_own_name(e, next)
            {
                reasons.push((
                    Rule::OtherPerson,
                    note!(explain, "followed by the name {next:?}: another person"),
                ));
                continue;
            }
            let mut score = 0.0;
            let mut notes = Vec::new();
            let mut related_found = false;
            if cx.certain.contains(&c.entity) {
                score += score::NAMED_ELSEWHERE;
                related_found = true;
                if explain {
                    notes.push(format!("{} is named unambiguously elsewhere", e.label));
                }
            }
            if let Some(rel) = self.related.get(&c.entity)
                && rel.iter().any(|r| cx.certain.contains(r))
            {
                score += score::RELATED_NAMED;
                related_found = true;
                if explain {
                    let found: Vec<&str> = rel
                        .iter()
                        .filter(|r| cx.certain.contains(r))
                        .map(|&r| g.entity(r).label.as_str())
                        .take(3)
                        .collect();
                    notes.push(format!("related entities named: {}", found.join(", ")));
                }
            }
            if after_place_and_comma(doc, m.span.start)
                && !related_found
                && listed != Some(&e.entity_type)
            {
                reasons.push((
                    Rule::PlaceQualifier,
                    note!(
                        explain,
                        "after a place and a comma, and nothing related to {} is named",
                        e.label
                    ),
                ));
                continue;
            }
            let same_type = cx.by_type.get(&e.entity_type).copied().unwrap_or(0);
            if same_type >= 2 {
                score += score::SAME_TYPE_NAMED;
                if explain {
                    notes.push(format!("{same_type} other {} entities named", e.entity_type));
                }
            }
            if !c.ambiguous
                && !caps
                && cands.iter().all(|o| o.entity == c.entity || o.kind == AliasKind::Surname)
            {
                // An unambiguous alias that shares its text only with surnames.
                score += score::UNAMBIGUOUS_ALIAS;
                if explain {
                    notes.push("an unambiguous alias".into());
                }
            }
            if score > 0.0 {
                best.push((
                    score,
                    c,
                    Rule::ContextSupport,
                    notes.join("; "),
                    m.span,
                    c.kind.into(),
                ));
            } else if caps {
                reasons.push((
                    Rule::CapsAcronym,
                    note!(
                        explain,
                        "an acronym in capitals among capitals, and nothing in the document supports {}",
                        e.label
                    ),
                ));
            } else {
                reasons.push((
                    Rule::NoSupport,
                    note!(explain, "nothing in the document supports {}", e.label),
                ));
            }
        }
        best.sort_by(|a, b| b.0.total_cmp(&a.0));
        let decision = |chosen: Option<EntityIndex>, rule: Rule, note: String| Decision {
            span: m.span,
            candidates: ids.clone(),
            chosen,
            rule,
            note,
        };
        match best.as_slice() {
            [] => {
                let (rule, note) =
                    reasons.into_iter().next().unwrap_or((Rule::NoSupport, String::new()));
                (None, decision(None, rule, note))
            }
            [first, second, ..] if second.0 == first.0 && second.1.entity != first.1.entity => {
                let note = note!(
                    explain,
                    "{} and {} are equally supported",
                    g.entity(first.1.entity).label,
                    g.entity(second.1.entity).label
                );
                (None, decision(None, Rule::Tie, note))
            }
            [(score, c, rule, note, span, kind), ..] => {
                let confidence = match rule {
                    Rule::IntroducedSurname => INTRODUCED_CONFIDENCE,
                    Rule::TitleSurname => TITLE_CONFIDENCE,
                    Rule::SafeSurname => SAFE_SURNAME_CONFIDENCE,
                    _ => (SUPPORT_BASE + score / SUPPORT_SCALE).min(SUPPORT_CAP),
                };
                let mention =
                    Mention { span: *span, entity: c.entity, kind: *kind, confidence, rule: *rule };
                (Some(mention), decision(Some(c.entity), *rule, note.clone()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::score::nearness;

    #[test]
    fn introductions_before_a_surname_outrank_those_after_it() {
        // Any introduction before outranks any after, however far.
        assert!(nearness(0, 100_000) > nearness(100_001, 100_000));
        // Among those before (or after), the nearer is stronger.
        assert!(nearness(900, 1000) > nearness(100, 1000));
        assert!(nearness(1100, 1000) > nearness(5000, 1000));
        for (intro, pos) in [(0, 1), (5, 10_000), (10_000, 5), (7, 8)] {
            let n = nearness(intro, pos);
            assert!(n > 0.0 && n <= 1.0, "{intro} {pos}: {n}");
        }
    }
}
