//! What is wrong with a date the user gave (`--date`, a JSON Lines or CSV date
//! field), said plainly: a message that repeats "write YYYY-MM-DD" to someone who
//! did is no help.

use entgraph::gazetteer::Date;

/// Why `s` is not a date, for a message: `month 13 does not exist`, `day 0 does
/// not exist`, `April has 30 days`, or the form to write. `None` when it is one.
pub fn problem(s: &str) -> Option<String> {
    if Date::parse(s).is_some() {
        return None;
    }
    let body = s.strip_prefix('-').unwrap_or(s);
    let parts: Vec<&str> = body.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let shaped = matches!(parts.len(), 1..=3)
        && digits(parts[0], 4)
        && parts[1..].iter().all(|p| digits(p, 2));
    if !shaped {
        return Some("write it as YYYY-MM-DD (or YYYY-MM, or YYYY)".to_string());
    }
    let year: i32 = parts[0].parse().unwrap_or(0);
    let month: u32 = parts.get(1).map_or(1, |m| m.parse().unwrap_or(0));
    let day: u32 = parts.get(2).map_or(1, |d| d.parse().unwrap_or(0));
    Some(if year == 0 {
        "there is no year 0 (1 BC is followed by AD 1)".to_string()
    } else if !(1..=12).contains(&month) {
        format!("month {month} does not exist (months are 01 to 12)")
    } else if day == 0 {
        "day 0 does not exist (days start at 01); for the whole month write YYYY-MM".to_string()
    } else {
        const NAMES: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let name = NAMES[month as usize - 1];
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if month == 2 && day == 29 {
            format!("{year} is not a leap year: February has 28 days")
        } else {
            format!("{name} has {days} days, not {day}")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn each_problem_is_named() {
        assert_eq!(problem("2024-05-01"), None);
        assert_eq!(problem("2024-05"), None);
        assert_eq!(problem("2024-13-01").unwrap(), "month 13 does not exist (months are 01 to 12)");
        assert!(problem("2024-05-00").unwrap().starts_with("day 0 does not exist"));
        assert!(problem("0000-00-00").unwrap().starts_with("there is no year 0"));
        assert_eq!(problem("2024-04-31").unwrap(), "April has 30 days, not 31");
        assert_eq!(problem("2023-02-29").unwrap(), "2023 is not a leap year: February has 28 days");
        assert!(problem("1 May 2024").unwrap().starts_with("write it as YYYY-MM-DD"));
        assert!(problem("20240501").unwrap().starts_with("write it as YYYY-MM-DD"));
    }
}
