//! Temporal coherence: a name that several leaders of different eras share goes
//! to the one of the era the document speaks of.
//!
//! Takes the matches that pass 2 left undecided between leaders (a tie, or no
//! support for any), the mentions it kept, and the document's date; gives the
//! mentions of rule [`Rule::Era`]: the matches the era decides, and the
//! surnames that then refer to the person it chose.
//!
//! Principle: a text talks about contemporaries. When a name belongs to several
//! leaders (`George Bush`, `President Roosevelt`, `Prime Minister Gandhi`) and
//! nothing else in the document tells them apart, the one whose time in office
//! lies nearest the time the text speaks of is meant, and only when that is
//! clear: the chosen leader's terms lie within [`NEAR_YEARS`] of the anchor (they
//! overlap it, or their terms follow or precede it within about one term), and
//! every other candidate's lie at least [`MARGIN_YEARS`] farther (one term more).
//! The time spoken of is told, in this order, by
//!
//! 1. the times named in the mention's paragraph: the contemporaries (the
//!    leaders the document names for sure, by their terms in office, and the
//!    states and organisations of limited lifetime, `Soviet Union`, `West
//!    Germany`, `European Union`, by the gazetteer's dates) and the years written
//!    out (`in 1990`): a passage's own people and years override the date of
//!    writing (a 2009 interview recalling how Gorbachev and George Bush agreed on
//!    Germany speaks of 1990). Years in the body are no date for role phrases,
//!    which name the holder on the day of writing; here they only tell apart
//!    leaders who share a name;
//! 2. the document's date, given or read from a dateline (as role phrases use
//!    it; a title before a surname is already read against it in pass 2: only
//!    the holders of that title in the date's period are candidates there);
//! 3. the times named anywhere in the document.
//!
//! Among the times named in one scope, the nearest one that tells the
//! candidates apart decides, provided no more of them (counted once each) point
//! to another candidate; two pointing different ways at the same distance, or
//! more pointing another way, leave the match undecided and the next scope is
//! not asked. No
//! anchor that tells them apart, or anchors too far from every candidate: the
//! match stays dropped, as before. Positions only count by their distance, so the
//! outcome does not depend on the order of the mentions.
//!
//! The era only chooses among candidates that would be named alone: full names,
//! a surname after an office title the candidate held, a safe surname. A bare
//! surname still needs an introduction; the leader the era chose introduces
//! their surname as a full name does (later `Bush`, `Mr Bush`, `the Bush
//! administration` follow `George Bush`), with the chains' usual rules (see
//! `evidence`).

use rustc_hash::FxHashMap as HashMap;

use super::evidence::Evidence;
use super::{Decision, Mention, MentionKind, Resolver, Rule};
use crate::gazetteer::{AliasKind, Date, Entity, EntityIndex, EntityType, Gazetteer};
use crate::matcher::{Candidate, Match};
use crate::normalize::fold;
use crate::span::Span;

/// How far (in years) the chosen leader's terms may lie from the anchor: about
/// one term of office, so that a predecessor or successor of a leader named is
/// still of their era.
pub(super) const NEAR_YEARS: f64 = 4.0;
/// How much farther (in years) every other candidate's terms must lie from the
/// anchor than the chosen one's: one more term.
pub(super) const MARGIN_YEARS: f64 = 4.0;
/// How sure a mention decided by the era is (before the confidence model grades
/// it).
const ERA_CONFIDENCE: f32 = 0.8;

/// A match pass 2 dropped, kept for the era and for the surname chains.
pub(super) struct Undecided<'a> {
    /// Its index among the matches.
    pub index: usize,
    pub cands: &'a [&'a Candidate],
    pub caps: bool,
    pub listed: Option<&'a EntityType>,
    /// The rule that dropped it.
    pub rule: Rule,
}

impl Undecided<'_> {
    /// Whether the era or a chain it starts may still decide a match dropped by
    /// `rule`: a tie, no support, or a surname whose person was not introduced
    /// (or seemed to be someone else's).
    pub fn may_follow(rule: Rule) -> bool {
        matches!(
            rule,
            Rule::Tie | Rule::NoSupport | Rule::SurnameNotIntroduced | Rule::OtherPersonChain
        )
    }
}

/// A span of time in years (fractional); an open end is infinite.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Period {
    pub start: f64,
    pub end: f64,
}

impl Period {
    /// The years between two periods; 0 when they overlap or touch.
    pub fn gap(self, other: Period) -> f64 {
        (self.start - other.end).max(other.start - self.end).max(0.0)
    }

    /// The period a date names (a day, a month or a year).
    pub fn of_date(d: Date) -> Period {
        Period { start: years(d.first_day()), end: years(d.last_day()) }
    }
}

/// A date as a number of years.
fn years(d: Date) -> f64 {
    let d = d.first_day();
    let month = f64::from(d.month().unwrap_or(1) - 1);
    let day = f64::from(d.day().unwrap_or(1) - 1);
    f64::from(d.year()) + month / 12.0 + day / 365.25
}

/// The time an entity belongs to: a leader's terms in office, a state's or an
/// organisation's lifetime when the gazetteer bounds it; empty otherwise.
pub(super) fn periods(e: &Entity) -> Vec<Period> {
    if e.entity_type == EntityType::Leader {
        return e
            .offices
            .iter()
            .map(|o| Period { start: years(o.start), end: o.end.map_or(f64::INFINITY, years) })
            .collect();
    }
    if e.start.is_none() && e.end.is_none() {
        return Vec::new();
    }
    vec![Period {
        start: e.start.map_or(f64::NEG_INFINITY, years),
        end: e.end.map_or(f64::INFINITY, years),
    }]
}

/// The years between the nearest of two sets of periods.
pub(super) fn distance(a: &[Period], b: &[Period]) -> f64 {
    a.iter().flat_map(|x| b.iter().map(move |y| x.gap(*y))).fold(f64::INFINITY, f64::min)
}

/// Which candidate an anchor points to: the one whose terms lie within
/// [`NEAR_YEARS`] of it while every other's lie [`MARGIN_YEARS`] farther; with
/// every candidate's distance.
pub(super) fn vote(rivals: &[Vec<Period>], anchor: &[Period]) -> (Option<usize>, Vec<f64>) {
    let gaps: Vec<f64> = rivals.iter().map(|r| distance(r, anchor)).collect();
    let Some((best, &near)) = gaps.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1)) else {
        return (None, gaps);
    };
    let clear = near <= NEAR_YEARS
        && gaps.iter().enumerate().all(|(i, &g)| i == best || g >= near + MARGIN_YEARS);
    (clear.then_some(best), gaps)
}

/// What names a time in the document: a contemporary (a leader, a state or an
/// organisation with a bounded lifetime), or a year written out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Time {
    Entity(EntityIndex),
    Year(i32),
}

/// A time named in the document: where, and what.
#[derive(Clone, Copy, Debug)]
pub(super) struct Named {
    pub at: usize,
    pub what: Time,
}

/// The years the text layer reads as years: a word of four digits from 1000 to
/// 2100, standing alone (not in `1,2000` or `3.1415`).
fn years_named(doc: &super::chunks::Doc<'_>) -> Vec<Named> {
    let text = doc.text.as_bytes();
    doc.index
        .words()
        .iter()
        .filter(|w| w.shape == crate::text::Shape::Digit)
        .filter(|w| {
            let joined = |i: Option<usize>, j: Option<usize>| {
                matches!(i.and_then(|i| text.get(i)), Some(b',' | b'.'))
                    && j.and_then(|j| text.get(j)).is_some_and(u8::is_ascii_digit)
            };
            let (a, b) = (w.span.start, w.span.end);
            !joined(a.checked_sub(1), a.checked_sub(2)) && !joined(Some(b), Some(b + 1))
        })
        .filter_map(|w| {
            let year = crate::text::year(&doc.text[w.span.range()])?;
            Some(Named { at: w.span.start, what: Time::Year(year) })
        })
        .collect()
}

/// What the contemporaries of one scope say.
#[derive(Debug, PartialEq)]
pub(super) enum Said {
    /// None tells the candidates apart.
    Nothing,
    /// They point different ways.
    Conflict,
    /// The candidate they point to, by the nearest one that does.
    Chosen { rival: usize, by: usize },
}

/// The verdict of the contemporaries `named` (with their periods, by
/// `periods_of`) on the candidates `rivals` of a match at `pos`: the nearest that
/// tells them apart decides, unless one as near or more of them point elsewhere.
pub(super) fn by_contemporaries(
    rivals: &[Vec<Period>],
    named: &[Named],
    pos: usize,
    mut periods_of: impl FnMut(Time) -> Vec<Period>,
) -> Said {
    let mut votes: HashMap<Time, Option<usize>> = HashMap::default();
    // (distance, rival, index into `named`) of every contemporary that decides.
    let mut deciding: Vec<(usize, usize, usize)> = Vec::new();
    for (k, n) in named.iter().enumerate() {
        let v = *votes.entry(n.what).or_insert_with(|| vote(rivals, &periods_of(n.what)).0);
        if let Some(r) = v {
            deciding.push((n.at.abs_diff(pos), r, k));
        }
    }
    let Some(&(near, rival, by)) = deciding.iter().min_by_key(|d| d.0) else {
        return Said::Nothing;
    };
    if deciding.iter().any(|&(d, r, _)| d == near && r != rival) {
        return Said::Conflict;
    }
    let mut count = vec![0usize; rivals.len()];
    for v in votes.values().flatten() {
        count[*v] += 1;
    }
    if count.iter().enumerate().any(|(r, &c)| r != rival && c > count[rival]) {
        return Said::Conflict;
    }
    Said::Chosen { rival, by }
}

/// The years of an entity's time, for notes: `1989–1993`, `2019–`.
fn span_of_years(periods: &[Period]) -> String {
    let start = periods.iter().map(|p| p.start).fold(f64::INFINITY, f64::min);
    let end = periods.iter().map(|p| p.end).fold(f64::NEG_INFINITY, f64::max);
    let year = |y: f64| if y.is_finite() { format!("{}", y.floor() as i64) } else { String::new() };
    format!("{}–{}", year(start), year(end))
}

/// How a note says a distance in years.
fn years_apart(gap: f64) -> String {
    if gap <= 0.0 {
        "overlaps".into()
    } else {
        let n = gap.round().max(1.0) as i64;
        format!("is {n} year{} from", if n == 1 { "" } else { "s" })
    }
}

/// Where the era was read.
#[derive(Clone, Copy, Debug)]
enum Anchor {
    /// A contemporary named in the paragraph.
    Paragraph(Named),
    /// The document's date.
    Date(Date),
    /// A contemporary named elsewhere in the document.
    Document(Named),
}

/// One candidate of a match the era may decide.
struct Rival {
    entity: EntityIndex,
    span: Span,
    kind: MentionKind,
}

impl Resolver {
    /// Pass 2c: decides the `undecided` matches between leaders by the era of
    /// the document, then the surnames that refer to the leaders it chose; see the
    /// [module docs](self).
    pub(super) fn era(
        &self,
        cx: &Evidence<'_>,
        matches: &[Match],
        undecided: &[Undecided<'_>],
        kept: &mut [Option<Mention>],
        decisions: &mut [Decision],
    ) {
        let g = &self.gazetteer;
        let explain = self.config.explain;
        let doc = &cx.doc;
        let mut cache: HashMap<Time, Vec<Period>> = HashMap::default();
        let mut periods_of = |t: Time| -> Vec<Period> {
            cache
                .entry(t)
                .or_insert_with(|| match t {
                    Time::Entity(e) => periods(g.entity(e)),
                    Time::Year(y) => {
                        Date::parse(&y.to_string()).map(Period::of_date).into_iter().collect()
                    }
                })
                .clone()
        };
        // The times named, gathered when a match first needs them (before the era
        // decides any, so that its own choices are no anchors): every mention kept
        // by passes 1 and 2 whose entity has a time, and the years written out.
        let mut named: Option<Vec<Named>> = None;
        let paragraph =
            |pos: usize| doc.index.sentence_at(pos).map(|s| doc.index.sentences()[s].paragraph);
        // (entity, position, span of a full name) of the introductions the era
        // makes.
        let mut chosen: Vec<(EntityIndex, usize, Option<Span>)> = Vec::new();
        for u in undecided.iter().filter(|u| matches!(u.rule, Rule::Tie | Rule::NoSupport)) {
            let m = &matches[u.index];
            let Some(rivals) = self.rivals(cx, m, u.cands) else { continue };
            let terms: Vec<Vec<Period>> =
                rivals.iter().map(|r| periods_of(Time::Entity(r.entity))).collect();
            if terms.iter().any(Vec::is_empty) {
                continue;
            }
            let pos = m.span.start;
            let named = named.get_or_insert_with(|| {
                let mut all: Vec<Named> = kept
                    .iter()
                    .flatten()
                    .filter(|m| !periods_of(Time::Entity(m.entity)).is_empty())
                    .map(|m| Named { at: m.span.start, what: Time::Entity(m.entity) })
                    .collect();
                all.extend(years_named(doc));
                all
            });
            let others: Vec<Named> = named
                .iter()
                .copied()
                .filter(|n| rivals.iter().all(|r| n.what != Time::Entity(r.entity)))
                .collect();
            let here = paragraph(pos);
            let local: Vec<Named> =
                others.iter().copied().filter(|n| paragraph(n.at) == here).collect();
            let said = match by_contemporaries(&terms, &local, pos, &mut periods_of) {
                Said::Chosen { rival, by } => Ok((rival, Anchor::Paragraph(local[by]))),
                Said::Conflict => Err("the times named in its paragraph"),
                Said::Nothing => {
                    let by_date = cx.date.and_then(|d| {
                        vote(&terms, &[Period::of_date(d)]).0.map(|r| (r, Anchor::Date(d)))
                    });
                    match by_date {
                        Some(found) => Ok(found),
                        None => match by_contemporaries(&terms, &others, pos, &mut periods_of) {
                            Said::Chosen { rival, by } => Ok((rival, Anchor::Document(others[by]))),
                            Said::Conflict => Err("the times the document names"),
                            Said::Nothing => continue,
                        },
                    }
                }
            };
            let (rival, anchor) = match said {
                Ok(found) => found,
                Err(whose) => {
                    if explain
                        && let Some(d) = decisions.iter_mut().rev().find(|d| d.span == m.span)
                    {
                        d.note.push_str(&format!(
                            "; no era either: {whose} point to different candidates"
                        ));
                    }
                    continue;
                }
            };
            let r = &rivals[rival];
            let mention = Mention {
                span: r.span,
                entity: r.entity,
                kind: r.kind,
                confidence: ERA_CONFIDENCE,
                rule: Rule::Era,
            };
            if matches!(r.kind, MentionKind::Name | MentionKind::Title) {
                let full_name = (r.kind == MentionKind::Name).then_some(r.span);
                chosen.push((r.entity, pos, full_name));
            }
            kept[u.index] = Some(mention);
            if explain && let Some(d) = decisions.iter_mut().rev().find(|d| d.span == m.span) {
                d.chosen = Some(r.entity);
                d.rule = Rule::Era;
                d.note = self.era_note(&rivals, &terms, rival, anchor, &mut periods_of);
            }
        }
        if chosen.is_empty() {
            return;
        }
        // The surnames that now refer to a leader the era chose.
        let mut introduced: Vec<(EntityIndex, usize)> = cx.introduced.to_vec();
        introduced.extend(chosen.iter().map(|&(e, p, _)| (e, p)));
        introduced.sort_unstable();
        let mut names_at = cx.names_at.clone();
        if explain {
            names_at.extend(chosen.iter().filter_map(|&(_, p, s)| Some((p, s?))));
        }
        let chained = Evidence {
            doc: cx.doc,
            date: cx.date,
            certain: cx.certain,
            introduced: &introduced,
            names_at: &names_at,
            by_type: cx.by_type,
            people: cx.people,
            lower: Default::default(),
        };
        for u in undecided {
            if kept[u.index].is_some()
                || !u.cands.iter().any(|c| {
                    c.kind == AliasKind::Surname && chosen.iter().any(|&(e, _, _)| e == c.entity)
                })
            {
                continue;
            }
            let m = &matches[u.index];
            let (mention, decision) = self.decide(&chained, m, u.cands, u.listed, u.caps);
            let Some(mut mention) = mention else { continue };
            if decision.rule != Rule::IntroducedSurname
                || !chosen.iter().any(|&(e, _, _)| e == mention.entity)
            {
                continue;
            }
            mention.rule = Rule::Era;
            mention.confidence = ERA_CONFIDENCE;
            if explain && let Some(d) = decisions.iter_mut().rev().find(|d| d.span == m.span) {
                d.chosen = Some(mention.entity);
                d.rule = Rule::Era;
                d.note = format!("{}, whom the era chose", decision.note);
            }
            kept[u.index] = Some(mention);
        }
    }

    /// The candidates of `m` the era may choose among, when they are all leaders
    /// and at least two of them would be named alone: by a full name, by a
    /// surname after an office title they held (in the period of the document's
    /// date, when known; not when a word before the title makes it another
    /// office's, `Vice President`), or by a safe surname.
    fn rivals(&self, cx: &Evidence<'_>, m: &Match, cands: &[&Candidate]) -> Option<Vec<Rival>> {
        let g = &self.gazetteer;
        if cands.iter().any(|c| g.entity(c.entity).entity_type != EntityType::Leader) {
            return None;
        }
        // "Vice President Bush" reads as no title (see `title_before`): the
        // surname alone then needs to be safe.
        let title = self.title_before(&cx.doc, m.span.start);
        let mut rivals: Vec<Rival> = Vec::new();
        for c in cands {
            let (span, kind) = if c.kind == AliasKind::Surname {
                let alone = match &title {
                    Some(t) => {
                        t.office.as_deref().is_some_and(|office| held(g, c.entity, office, cx.date))
                    }
                    None => c.safe,
                };
                if !alone {
                    continue;
                }
                match &title {
                    Some(t) => (Span::new(t.span.start, m.span.end), MentionKind::Title),
                    None => (m.span, MentionKind::Surname),
                }
            } else {
                (m.span, c.kind.into())
            };
            if rivals.iter().all(|r| r.entity != c.entity) {
                rivals.push(Rival { entity: c.entity, span, kind });
            }
        }
        (rivals.len() >= 2).then_some(rivals)
    }

    /// The `--explain` note of an era decision: the anchor, and how far the
    /// others lie from it.
    fn era_note(
        &self,
        rivals: &[Rival],
        terms: &[Vec<Period>],
        chosen: usize,
        anchor: Anchor,
        periods_of: &mut impl FnMut(Time) -> Vec<Period>,
    ) -> String {
        let g = &self.gazetteer;
        let label = |i: usize| {
            format!("{} ({})", g.entity(rivals[i].entity).label, span_of_years(&terms[i]))
        };
        let (what, at, gaps) = match anchor {
            Anchor::Paragraph(n) | Anchor::Document(n) => {
                let p = periods_of(n.what);
                let what = match n.what {
                    Time::Entity(e) => format!("{} ({})", g.entity(e).label, span_of_years(&p)),
                    Time::Year(y) => format!("the year {y}"),
                };
                let gaps: Vec<f64> = terms.iter().map(|t| distance(t, &p)).collect();
                let at = match anchor {
                    Anchor::Paragraph(_) => {
                        format!(", named at byte {} in the same paragraph", n.at)
                    }
                    _ => format!(", named at byte {}", n.at),
                };
                (what, at, gaps)
            }
            Anchor::Date(d) => {
                let p = [Period::of_date(d)];
                let gaps: Vec<f64> = terms.iter().map(|t| distance(t, &p)).collect();
                (format!("the document's date {d}"), String::new(), gaps)
            }
        };
        let near = match anchor {
            Anchor::Date(_) if gaps[chosen] <= 0.0 => "was in office at".to_string(),
            _ => years_apart(gaps[chosen]),
        };
        let mut note = format!("{} {near} {what}{at}", label(chosen));
        for (i, gap) in gaps.iter().enumerate().filter(|&(i, _)| i != chosen) {
            note.push_str(&format!("; {} {} it", label(i), years_apart(*gap)));
        }
        note
    }
}

/// Whether `person` held the office titled `office` (folded), in the period of
/// `date` when known.
fn held(g: &Gazetteer, person: EntityIndex, office: &str, date: Option<Date>) -> bool {
    g.entity(person)
        .offices
        .iter()
        .any(|o| fold(&o.title, true) == office && date.is_none_or(|d| o.is_held_during(d)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(start: f64, end: f64) -> Period {
        Period { start, end }
    }

    #[test]
    fn gaps_are_zero_for_overlapping_or_touching_periods() {
        assert_eq!(p(1989.0, 1993.0).gap(p(1985.0, 1991.9)), 0.0);
        assert_eq!(p(1989.0, 1993.0).gap(p(1993.0, 2001.0)), 0.0);
        assert_eq!(p(2001.0, 2009.0).gap(p(1985.0, 1991.0)), 10.0);
        assert_eq!(p(1985.0, 1991.0).gap(p(2001.0, 2009.0)), 10.0);
        assert_eq!(p(2019.0, f64::INFINITY).gap(p(2024.0, 2024.5)), 0.0);
    }

    #[test]
    fn an_anchor_points_to_one_candidate_only_when_clearly_nearer() {
        let bushes = [vec![p(1989.0, 1993.0)], vec![p(2001.0, 2009.0)]];
        // Overlaps the first, ten years from the second.
        assert_eq!(vote(&bushes, &[p(1985.0, 1991.9)]).0, Some(0));
        assert_eq!(vote(&bushes, &[p(2005.2, 2005.3)]).0, Some(1));
        // Touches both: no verdict.
        assert_eq!(vote(&bushes, &[p(1993.0, 2001.0)]).0, None);
        // Nearer the second, but not by a term.
        assert_eq!(vote(&bushes, &[p(1997.0, 1997.1)]).0, None);
        // Far from both.
        assert_eq!(vote(&bushes, &[p(1950.0, 1960.0)]).0, None);
        assert_eq!(vote(&bushes, &[p(2020.0, 2020.1)]).0, None);
    }

    #[test]
    fn the_nearest_contemporary_decides_unless_more_point_elsewhere() {
        let bushes = [vec![p(1989.0, 1993.0)], vec![p(2001.0, 2009.0)]];
        let (old, new) = (EntityIndex::new(1), EntityIndex::new(2));
        let periods_of = |t: Time| {
            if t == Time::Entity(old) { vec![p(1985.0, 1991.9)] } else { vec![p(2009.0, 2017.0)] }
        };
        let at = |at: usize, e| Named { at, what: Time::Entity(e) };
        let said = by_contemporaries(&bushes, &[at(90, old), at(500, new)], 100, periods_of);
        assert_eq!(said, Said::Chosen { rival: 0, by: 0 });
        let said = by_contemporaries(&bushes, &[at(90, old), at(110, new)], 100, periods_of);
        assert_eq!(said, Said::Conflict);
        // The nearest points to the first, two others to the second.
        let third = EntityIndex::new(3);
        let named = [at(95, old), at(300, new), at(400, third)];
        assert_eq!(by_contemporaries(&bushes, &named, 100, periods_of), Said::Conflict);
        assert_eq!(by_contemporaries(&bushes, &[], 100, periods_of), Said::Nothing);
        // A year written out counts as a time named.
        let year = [Named { at: 120, what: Time::Year(2005) }, at(300, old)];
        let years = |t: Time| match t {
            Time::Year(y) => vec![p(f64::from(y), f64::from(y) + 0.99)],
            _ => periods_of(t),
        };
        assert_eq!(by_contemporaries(&bushes, &year, 100, years), Said::Chosen { rival: 1, by: 0 });
    }
}
