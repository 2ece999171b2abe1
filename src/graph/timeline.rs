//! When a node or an edge is present: the dates of its documents as spells.
//!
//! A node's `timeline` counts its documents per date and an edge's its weight
//! per date. [`spells`] turns a timeline into the periods the element
//! lives in: each date covers its period (a full date its day, `2024-05` the
//! month, `2024` the year), and periods that overlap or touch (the next starts on
//! the day after one ends) merge into one spell, whose weight is the sum of its
//! dates'. A leader named in three documents a year apart lives three days, not
//! two years.

use std::collections::BTreeMap;

use crate::gazetteer::Date;

/// A period in which an element is present: first and last day (full dates),
/// and the sum of the timeline's counts over it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spell {
    /// The first day.
    pub start: Date,
    /// The last day (inclusive).
    pub end: Date,
    /// Documents (nodes) or weight (edges) in the period.
    pub weight: u64,
}

/// The spells of a timeline, in order.
///
/// ```
/// use std::collections::BTreeMap;
/// use entgraph::graph::spells;
/// use entgraph::gazetteer::Date;
/// let d = |s| Date::parse(s).unwrap();
/// let timeline = BTreeMap::from([(d("2024-05-01"), 2), (d("2024-05-02"), 1), (d("2024-07"), 4)]);
/// let s = spells(&timeline);
/// assert_eq!((s[0].start, s[0].end, s[0].weight), (d("2024-05-01"), d("2024-05-02"), 3));
/// assert_eq!((s[1].start, s[1].end, s[1].weight), (d("2024-07-01"), d("2024-07-31"), 4));
/// ```
pub fn spells(timeline: &BTreeMap<Date, u64>) -> Vec<Spell> {
    let mut periods: Vec<(Date, Date, u64)> =
        timeline.iter().map(|(d, &n)| (d.first_day(), d.last_day(), n)).collect();
    periods.sort_by_key(|p| (day_number(p.0), day_number(p.1)));
    let mut out: Vec<Spell> = Vec::new();
    for (start, end, weight) in periods {
        match out.last_mut() {
            Some(last) if day_number(start) <= day_number(last.end) + 1 => {
                if day_number(end) > day_number(last.end) {
                    last.end = end;
                }
                last.weight += weight;
            }
            _ => out.push(Spell { start, end, weight }),
        }
    }
    out
}

/// The spells of an element: those of its timeline, or, for a graph read from a
/// file without timelines, one spell from the first day of `first` to the last
/// day of `last` (weight 0: unknown).
pub fn element_spells(
    timeline: &BTreeMap<Date, u64>,
    first: Option<Date>,
    last: Option<Date>,
) -> Vec<Spell> {
    if !timeline.is_empty() {
        return spells(timeline);
    }
    match first {
        Some(first) => {
            let end = last.unwrap_or(first).last_day();
            vec![Spell { start: first.first_day(), end, weight: 0 }]
        }
        None => Vec::new(),
    }
}

/// Adds the counts of `more` to `timeline`.
pub(crate) fn add(timeline: &mut BTreeMap<Date, u64>, more: BTreeMap<Date, u64>) {
    for (d, n) in more {
        *timeline.entry(d).or_default() += n;
    }
}

/// Days since 1970-01-01 of a full date (the civil-from-days inverse of the
/// proleptic Gregorian calendar); partial dates count from their first day.
fn day_number(d: Date) -> i64 {
    let d = d.first_day();
    let (y, m, day) = (d.year() as i64, d.month().unwrap_or(1) as i64, d.day().unwrap_or(1) as i64);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn day_numbers() {
        assert_eq!(day_number(d("1970-01-01")), 0);
        assert_eq!(day_number(d("2000-03-01")) - day_number(d("2000-02-28")), 2);
        assert_eq!(day_number(d("2023-03-01")) - day_number(d("2023-02-28")), 1);
        assert_eq!(day_number(d("2025-01-01")) - day_number(d("2024-12-31")), 1);
        assert_eq!(day_number(d("2024")), day_number(d("2024-01-01")));
    }

    #[test]
    fn periods_merge_where_they_touch_or_overlap() {
        let t = BTreeMap::from([
            (d("2024-01-31"), 1),
            (d("2024-02"), 2),    // touches the 31st of January
            (d("2024-02-10"), 1), // inside February
            (d("2024-03-02"), 5), // a day's gap after February
            (d("2025"), 1),
        ]);
        let s: Vec<(String, String, u64)> = spells(&t)
            .into_iter()
            .map(|s| (s.start.to_string(), s.end.to_string(), s.weight))
            .collect();
        assert_eq!(
            s,
            vec![
                ("2024-01-31".into(), "2024-02-29".into(), 4),
                ("2024-03-02".into(), "2024-03-02".into(), 5),
                ("2025-01-01".into(), "2025-12-31".into(), 1),
            ]
        );
        assert!(spells(&BTreeMap::new()).is_empty());
    }
}
