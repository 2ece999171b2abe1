//! spaCy EntityRuler pattern files: one JSON object per line with `label`,
//! `pattern` and an optional `id` (and `ambiguous`: true for a pattern that other
//! entities share on purpose, which spaCy ignores).
//!
//! Patterns that share an `id` make one entity; a pattern without one is an entity
//! of its own. The spaCy label, lower-cased, is the entity's type. Only string
//! patterns can be matched here; token patterns (lists of token attributes) are
//! skipped with one warning per file, which counts them and names the first, so
//! a file that mixes both still loads.

use serde::Deserialize;

use super::raw::{RawFile, Row, Rows};
use crate::error::{Location, Problem};

#[derive(Deserialize)]
struct Pattern {
    label: String,
    pattern: serde_json::Value,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    ambiguous: bool,
}

pub(crate) fn parse(
    name: &str,
    text: &str,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> RawFile {
    let file = Location::new(name, 0);
    let mut rows = Rows::default();
    // Token patterns skipped: how many, and the line of the first.
    let mut tokens = (0usize, 0u32);
    for (i, line_text) in text.lines().enumerate() {
        let line = i as u32 + 1;
        if line_text.trim().is_empty() {
            continue;
        }
        let p: Pattern = match serde_json::from_str(line_text) {
            Ok(p) => p,
            Err(e) => {
                problems.push(
                    Problem::new(file.at(line), format!("not a pattern object: {e}")).hint(
                        "write {\"label\": \"ORG\", \"pattern\": \"Acme Corp\", \"id\": \"acme\"}",
                    ),
                );
                continue;
            }
        };
        let pattern = match p.pattern {
            serde_json::Value::String(pattern) => pattern,
            serde_json::Value::Array(_) => {
                if tokens.0 == 0 {
                    tokens.1 = line;
                }
                tokens.0 += 1;
                continue;
            }
            other => {
                let found = match other {
                    serde_json::Value::Null => "null",
                    serde_json::Value::Bool(_) => "a boolean",
                    serde_json::Value::Number(_) => "a number",
                    _ => "an object",
                };
                problems.push(
                    Problem::new(
                        file.at(line),
                        format!("`pattern` must be a string or a list of tokens, found {found}"),
                    )
                    .hint("write \"pattern\": \"Acme Corp\""),
                );
                continue;
            }
        };
        let entity_type = p.label.to_lowercase();
        let slug;
        let (key, id) = match &p.id {
            Some(id) => (format!("id\u{0}{id}"), id.as_str()),
            None => {
                slug = super::slug(&pattern);
                (format!("pattern\u{0}{entity_type}\u{0}{pattern}"), slug.as_str())
            }
        };
        let row = Row {
            key,
            id,
            label: &pattern,
            entity_type: &entity_type,
            alias: &pattern,
            ambiguous: p.ambiguous,
        };
        rows.add(&file.at(line), row);
    }
    if tokens.0 > 0 {
        let n = tokens.0;
        let others = if n == 1 { String::new() } else { format!(" (and {} more below)", n - 1) };
        warnings.push(
            Problem::new(
                file.at(tokens.1),
                format!("token patterns are not supported: {n} skipped, this one first{others}"),
            )
            .hint("write the patterns as strings"),
        );
    }
    rows.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_patterns_group_by_id() {
        let text = r#"{"label": "ORG", "pattern": "Acme Corp", "id": "acme"}
{"label": "ORG", "pattern": "Acme", "id": "acme"}
{"label": "GPE", "pattern": [{"LOWER": "paris"}]}
{"label": "PERSON", "pattern": "Jane Roe", "ambiguous": true}
{"label": "GPE", "pattern": [{"LOWER": "rome"}]}
not json
"#;
        let (mut problems, mut warnings) = (Vec::new(), Vec::new());
        let file = parse("p.jsonl", text, &mut problems, &mut warnings);
        assert_eq!(file.entities.len(), 2);
        assert_eq!(file.entities[0].aliases.len(), 2);
        assert_eq!(file.entities[1].entity_type.as_ref().unwrap().value, "person");
        assert!(file.entities[1].aliases[0].ambiguous);
        // One warning for the file's two token patterns, at the first.
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].location.line, 3);
        assert!(warnings[0].message.contains("2 skipped"), "{:?}", warnings[0]);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].location.line, 6);
    }
}
