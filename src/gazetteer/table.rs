//! The plain alias table: `.tsv` or `.csv` rows of `alias, label, type[, id[,
//! ambiguous]]`.
//!
//! Rows with the same id make one entity; rows without an id are grouped by label
//! and type, and get an id made from the label. The fifth column, `yes` or empty,
//! declares an alias that other entities share on purpose (as `ambiguous = true`
//! does in TOML). A header row naming the columns is optional, and lines starting
//! with `#` are comments. Line numbers count line breaks of any kind (LF, CRLF).

use super::raw::{RawFile, Row, Rows};
use crate::error::{Location, Problem};

pub(crate) fn parse(name: &str, text: &str, delimiter: u8, problems: &mut Vec<Problem>) -> RawFile {
    let file = Location::new(name, 0);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .quoting(delimiter == b',')
        .from_reader(text.as_bytes());
    let mut rows = Rows::default();
    let sep = if delimiter == b'\t' { "tabs" } else { "commas" };
    // The line of a record from its byte offset: the CSV reader's own count is
    // off by one after CRLF line breaks, and the offset it gives may point at
    // the line break before the record.
    let line_at = |byte: u64| {
        let bytes = text.as_bytes();
        let mut byte = (byte as usize).min(bytes.len());
        while bytes.get(byte).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            byte += 1;
        }
        bytes[..byte].iter().filter(|&&b| b == b'\n').count() as u32 + 1
    };
    for (i, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(p.byte()));
                problems.push(
                    Problem::new(file.at(line), format!("unreadable row: {e}"))
                        .hint("check the quoting of this row"),
                );
                continue;
            }
        };
        let line = record.position().map_or(0, |p| line_at(p.byte()));
        let fields: Vec<&str> = record.iter().map(str::trim).collect();
        if fields.iter().all(|f| f.is_empty()) {
            continue;
        }
        if i == 0 && fields.first().is_some_and(|f| f.eq_ignore_ascii_case("alias")) {
            continue;
        }
        if !(3..=5).contains(&fields.len()) {
            problems.push(
                Problem::new(
                    file.at(line),
                    format!(
                        "expected 3 to 5 columns (alias, label, type[, id[, ambiguous]]), found {}",
                        fields.len()
                    ),
                )
                .hint(format!("separate the columns with {sep}")),
            );
            continue;
        }
        let ambiguous = match fields.get(4).map(|f| f.to_ascii_lowercase()) {
            None => false,
            Some(f) if f.is_empty() || f == "no" || f == "false" => false,
            Some(f) if f == "yes" || f == "true" || f == "ambiguous" => true,
            Some(f) => {
                problems.push(
                    Problem::new(
                        file.at(line),
                        format!("the fifth column (ambiguous) is {f:?}, not yes or empty"),
                    )
                    .hint("write yes for an alias that other entities share on purpose"),
                );
                continue;
            }
        };
        let (alias, label, entity_type) = (fields[0], fields[1], fields[2]);
        let id = fields.get(3).copied().filter(|s| !s.is_empty());
        let slug;
        let (key, id) = match id {
            Some(id) => (format!("id\u{0}{id}"), id),
            None => {
                slug = super::slug(label);
                (format!("label\u{0}{entity_type}\u{0}{label}"), slug.as_str())
            }
        };
        rows.add(&file.at(line), Row { key, id, label, entity_type, alias, ambiguous });
    }
    rows.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_rows_into_entities() {
        let text = "alias\tlabel\ttype\tid\n# comment\nAcme\tAcme Corp\tcompany\tacme\nAcme Corporation\tAcme Corp\tcompany\tacme\nGlobex\tGlobex\tcompany\n";
        let mut problems = Vec::new();
        let file = parse("mine.tsv", text, b'\t', &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(file.entities.len(), 2);
        assert_eq!(file.entities[0].aliases.len(), 2);
        assert_eq!(file.entities[1].id.as_ref().unwrap().value, "globex");
    }

    #[test]
    fn crlf_lines_are_counted_right_and_ambiguous_is_read() {
        let text = "alias\tlabel\ttype\r\nAcme\tAcme\tcompany\t\tyes\r\nonly\ttwo\r\nX Co\tX\tcompany\t\tmaybe\r\n";
        let mut problems = Vec::new();
        let file = parse("crlf.tsv", text, b'\t', &mut problems);
        assert!(file.entities[0].aliases[0].ambiguous);
        let lines: Vec<u32> = problems.iter().map(|p| p.location.line).collect();
        assert_eq!(lines, [3, 4], "{problems:?}");
    }

    #[test]
    fn csv_with_quotes_and_bad_rows() {
        let text = "\"Acme, Inc.\",Acme,company\nonly,two\n";
        let mut problems = Vec::new();
        let file = parse("mine.csv", text, b',', &mut problems);
        assert_eq!(file.entities[0].aliases[0].text, "Acme, Inc.");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].location.line, 2);
    }
}
