//! What an input file really holds, before it is read as one text: a file named
//! `.json` often holds JSON Lines (what dataframe libraries write by default), or
//! a JSON array of articles; a `.csv` of articles is a table. Read as text, each
//! would be one document of JSON or CSV syntax: a graph without a word of
//! warning. So the start of a text input is looked at first:
//!
//! - JSON Lines (its first line is a JSON object): read as `--input-format jsonl`;
//! - a JSON array, or one JSON object: each object is a document, as in JSON Lines;
//! - a CSV (or TSV) table with a header row naming a text column: not read, with
//!   the exact options that read it (`--input-format csv --text-field body`).
//!
//! `--input-format text` reads every file as text, as it is.

/// How a text input is to be read.
pub enum Shape {
    /// Text, as it is.
    Text,
    /// One JSON object per line.
    JsonLines,
    /// A JSON array of objects (or one object): the values, as JSON text.
    Json(Vec<String>),
    /// A table: why it is not read, and what to do.
    Table(String),
}

/// Names of the column that most often holds an article's text.
const TEXT_COLUMNS: &[&str] =
    &["text", "body", "content", "article", "full_text", "fulltext", "maintext", "story"];

/// What the document `bytes` of the file `name` hold; `text_field` is the field
/// or column of the text (`--text-field`).
pub fn detect(name: &str, bytes: &[u8], text_field: &str) -> Shape {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = body.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(body.len());
    let body = &body[start..];
    match body.first() {
        Some(b'[') => {
            if let Ok(values) = serde_json::from_slice::<Vec<serde_json::Value>>(body) {
                return Shape::Json(values.iter().map(|v| v.to_string()).collect());
            }
        }
        Some(b'{') => {
            let first = body.split(|&b| b == b'\n').next().unwrap_or(body);
            if serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(first).is_ok() {
                return Shape::JsonLines;
            }
            if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) {
                return Shape::Json(vec![value.to_string()]);
            }
        }
        _ => {}
    }
    match table(name, body, text_field) {
        Some(why) => Shape::Table(why),
        None => Shape::Text,
    }
}

/// Why a text looks like a CSV or TSV table of documents, and the options that
/// read it; `None` when it does not.
fn table(name: &str, body: &[u8], text_field: &str) -> Option<String> {
    let mut lines = body.split(|&b| b == b'\n');
    let header = std::str::from_utf8(lines.next()?).ok()?.trim_end_matches('\r');
    // A table has rows under its header, with as many fields (or more: a comma
    // inside a quoted text).
    let row = lines.next().filter(|l| !l.is_empty())?;
    let lower = name.to_ascii_lowercase();
    let tab = header.contains('\t') || lower.ends_with(".tsv");
    let sep = if tab { b'\t' } else { b',' };
    let count = |l: &[u8]| l.iter().filter(|&&b| b == sep).count();
    if count(row) < count(header.as_bytes()) {
        return None;
    }
    let columns: Vec<String> = header
        .split(if tab { '\t' } else { ',' })
        .map(|c| c.trim().trim_matches('"').to_string())
        .collect();
    let is_name = |c: &String| {
        !c.is_empty()
            && c.len() <= 40
            && c.chars().all(|ch| ch.is_alphanumeric() || matches!(ch, '_' | '-' | ' ' | '.'))
    };
    if columns.len() < 2 || !columns.iter().all(is_name) {
        return None;
    }
    let named_table = lower.ends_with(".csv") || lower.ends_with(".tsv");
    let text = columns
        .iter()
        .find(|c| c.as_str() == text_field)
        .or_else(|| columns.iter().find(|c| TEXT_COLUMNS.contains(&c.to_lowercase().as_str())));
    let kind = if tab { "TSV" } else { "CSV" };
    let listed = columns.join(", ");
    match text {
        Some(column) => {
            let field = if column == "text" {
                String::new()
            } else {
                format!(" --text-field {}", quote(column))
            };
            Some(format!(
                "it looks like a {kind} table of documents (columns: {listed}), not a text; \
                 read one document per row with --input-format csv{field}, or read it as one \
                 text with --input-format text"
            ))
        }
        None if named_table => Some(format!(
            "it looks like a {kind} table (columns: {listed}), not a text; read one document \
             per row with --input-format csv --text-field COLUMN, naming the column that holds \
             the text, or read it as one text with --input-format text"
        )),
        None => None,
    }
}

/// A column name as typed in a shell.
fn quote(s: &str) -> String {
    if s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) {
        s.to_string()
    } else {
        format!("'{s}'")
    }
}

/// The rows of a CSV or TSV table (`--input-format csv`), each turned into the
/// JSON object of a JSON Lines document, so that both are checked alike.
pub struct Rows {
    name: String,
    reader: csv::Reader<Box<dyn std::io::Read + Send>>,
    /// The column of each of the id, text and date fields.
    columns: [Option<usize>; 3],
    fields: [String; 3],
}

impl Rows {
    /// A table's rows; or, when it has no text column, why not.
    pub fn new(
        name: String,
        input: Box<dyn std::io::Read + Send>,
        fields: [String; 3],
    ) -> Result<Rows, String> {
        let tab = name.to_ascii_lowercase().ends_with(".tsv");
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(if tab { b'\t' } else { b',' })
            .flexible(true)
            .from_reader(input);
        let header = reader.headers().map_err(|e| format!("not a CSV table: {e}"))?.clone();
        let column = |f: &str| header.iter().position(|c| c.trim() == f);
        let columns = [column(&fields[0]), column(&fields[1]), column(&fields[2])];
        if columns[1].is_none() {
            let listed: Vec<&str> = header.iter().collect();
            return Err(format!(
                "no column {:?} (the columns are {}); choose the text column with --text-field",
                fields[1],
                listed.join(", ")
            ));
        }
        Ok(Rows { name, reader, columns, fields })
    }

    /// The next row: where it is (`file:line`) and its JSON object; or why it
    /// could not be read. `None` at the end.
    pub fn next_row(&mut self) -> Option<Result<(String, String), (String, String)>> {
        let mut record = csv::StringRecord::new();
        let line = self.reader.position().line() + 1;
        match self.reader.read_record(&mut record) {
            Ok(false) => None,
            Ok(true) => {
                let at = format!("{}:{}", self.name, record.position().map_or(line, |p| p.line()));
                let mut object = serde_json::Map::new();
                for (column, field) in self.columns.iter().zip(&self.fields) {
                    if let Some(value) = column.and_then(|c| record.get(c)) {
                        object.insert(field.clone(), value.into());
                    }
                }
                Some(Ok((at, serde_json::Value::Object(object).to_string())))
            }
            Err(e) => {
                let at = format!("{}:{}", self.name, e.position().map_or(line, |p| p.line()));
                Some(Err((at, format!("not a CSV row: {e}"))))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(name: &str, text: &str) -> String {
        match detect(name, text.as_bytes(), "text") {
            Shape::Text => "text".into(),
            Shape::JsonLines => "jsonl".into(),
            Shape::Json(v) => format!("json {}", v.len()),
            Shape::Table(why) => format!("table: {why}"),
        }
    }

    #[test]
    fn shapes_are_told_apart() {
        assert_eq!(shape("a.json", "{\"text\": \"a\"}\n{\"text\": \"b\"}\n"), "jsonl");
        assert_eq!(shape("a.json", "\u{feff}{\"text\": \"a\"}"), "jsonl");
        assert_eq!(shape("a.json", "[{\"text\": \"a\"}, {\"text\": \"b\"}]"), "json 2");
        assert_eq!(shape("a.json", "{\n  \"text\": \"a\"\n}\n"), "json 1");
        // Text that starts like JSON but is not.
        assert_eq!(shape("a.txt", "[Editor's note] China and Russia met."), "text");
        assert_eq!(shape("a.txt", "{draft} China and Russia met."), "text");
        let t = shape("news.csv", "id,title,body\n1,A,China met Russia.\n");
        assert!(t.contains("--input-format csv --text-field body"), "{t}");
        let t = shape("news.txt", "id\tTEXT\n1\tChina met Russia.\n");
        assert!(t.contains("TSV table") && t.contains("--text-field TEXT"), "{t}");
        let t = shape("a.csv", "id,text\n1,China met Russia.\n");
        assert!(t.contains("--input-format csv,") || t.contains("--input-format csv, or"), "{t}");
        assert!(shape("a.csv", "a,b\n1,2\n").contains("--text-field COLUMN"));
        // Prose with commas is not a table.
        assert_eq!(shape("a.txt", "China, Russia and India met.\nThey agreed.\n"), "text");
        assert_eq!(shape("a.txt", "Title\nChina met Russia, then India.\n"), "text");
    }
}
