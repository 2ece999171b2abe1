//! The plain alias table: `.tsv` or `.csv` rows of `alias, label, type[, id]`.
//!
//! Rows with the same id make one entity; rows without an id are grouped by label
//! and type, and get an id made from the label. A header row naming the columns is
//! optional, and lines starting with `#` are comments.

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
    for (i, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as u32).unwrap_or(0);
                problems.push(
                    Problem::new(file.at(line), format!("unreadable row: {e}"))
                        .hint("check the quoting of this row"),
                );
                continue;
            }
        };
        let line = record.position().map(|p| p.line() as u32).unwrap_or(0);
        let fields: Vec<&str> = record.iter().map(str::trim).collect();
        if fields.iter().all(|f| f.is_empty()) {
            continue;
        }
        if i == 0 && fields.first().is_some_and(|f| f.eq_ignore_ascii_case("alias")) {
            continue;
        }
        if !(3..=4).contains(&fields.len()) {
            problems.push(
                Problem::new(
                    file.at(line),
                    format!(
                        "expected 3 or 4 columns (alias, label, type[, id]), found {}",
                        fields.len()
                    ),
                )
                .hint(format!("separate the columns with {sep}")),
            );
            continue;
        }
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
        rows.add(&file.at(line), Row { key, id, label, entity_type, alias });
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
    fn csv_with_quotes_and_bad_rows() {
        let text = "\"Acme, Inc.\",Acme,company\nonly,two\n";
        let mut problems = Vec::new();
        let file = parse("mine.csv", text, b',', &mut problems);
        assert_eq!(file.entities[0].aliases[0].text, "Acme, Inc.");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].location.line, 2);
    }
}
