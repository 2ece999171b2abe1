//! The checks the fuzz targets run, shared with the regression test
//! (`tests/regression.rs` includes this file), which runs them over the inputs the
//! fuzzers found, kept in `tests/data/regressions/`.
//!
//! Each check takes arbitrary input and panics when the crate breaks a promise: a
//! panic inside the crate, a span off a character boundary, offsets that do not
//! slice to the mention's text, an export that does not read back.

use std::sync::OnceLock;

use entgraph::export::{MentionsExporter, offsets, read_json};
use entgraph::gazetteer::{Date, GazetteerBuilder, GazetteerFormat};
use entgraph::{
    Document, DotExporter, Extraction, Extractor, Gazetteer, GraphBuilder, JsonExporter,
    ResolverConfig, Scope,
};

/// The formats of the table fuzzer, picked by the input's first byte.
pub const TABLE_FORMATS: [(GazetteerFormat, &str); 3] = [
    (GazetteerFormat::Tsv, "fuzz.tsv"),
    (GazetteerFormat::Csv, "fuzz.csv"),
    (GazetteerFormat::SpacyJsonl, "fuzz.jsonl"),
];

/// Loads `text` as a gazetteer. A failed load must name at least one problem,
/// each on a line of the file; a gazetteer that loads must build an extractor,
/// which is then run over the file's own text (its aliases are in it).
pub fn gazetteer(format: GazetteerFormat, name: &str, text: &str) {
    let mut builder = GazetteerBuilder::new();
    builder.add_str(name, format, text);
    match builder.build() {
        Err(err) => {
            assert!(!err.problems().is_empty(), "an error without problems: {err}");
            let lines = text.lines().count() as u32 + 1;
            for p in err.problems() {
                assert_eq!(&*p.location.path, name, "{p}");
                assert!(p.location.line <= lines, "line {} of {lines}: {p}", p.location.line);
                assert!(!p.message.is_empty());
            }
        }
        Ok(g) => {
            let extractor = Extractor::new(&g).expect("a loaded gazetteer gives a matcher");
            document(&g, &extractor, text, 0);
        }
    }
}

/// The bundled gazetteers, loaded once.
pub fn bundled() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::bundled().expect("the bundled gazetteers load"))
}

/// Runs text through the bundled gazetteers. The first byte picks the options
/// (demonyms, explain, roles, date, scope); the rest, decoded as UTF-8 with
/// replacement, is the document.
pub fn extract(data: &[u8]) {
    let Some((&options, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    static EXTRACTORS: OnceLock<Vec<Extractor>> = OnceLock::new();
    let extractors = EXTRACTORS.get_or_init(|| {
        (0..8u8)
            .map(|bits| {
                let config = ResolverConfig::new()
                    .demonyms(bits & 1 == 0)
                    .explain(bits & 2 != 0)
                    .roles(bits & 4 == 0);
                Extractor::with_config(bundled(), config).expect("the bundled matcher builds")
            })
            .collect()
    });
    document(bundled(), &extractors[(options & 7) as usize], &text, options >> 3);
}

/// Extracts `text` and checks everything made from it. `options`: bit 0 gives
/// the document a date, bits 1-2 pick the co-occurrence scope.
pub fn document(g: &Gazetteer, extractor: &Extractor, text: &str, options: u8) {
    let date = (options & 1 != 0).then(|| Date::parse("2019-06-15").expect("a date"));
    let doc = extractor.extract(Document::new("doc", text).with_date(date));
    check_document(text, &doc);

    let scope = match (options >> 1) & 3 {
        0 => Scope::Sentence,
        1 => Scope::Paragraph,
        2 => Scope::Window(3),
        _ => Scope::Document,
    };
    let mut builder = GraphBuilder::new(g);
    builder.scope(scope).evidence_limit(Some(2)).knowledge(options & 8 != 0);
    builder.add_document(&doc);
    let graph = builder.build();
    for (a, b, e) in graph.edges() {
        for ev in &e.evidence {
            assert_eq!(text.get(ev.span.range()), Some(ev.text.as_str()), "{a:?} {b:?}");
            assert!(ev.span.contains(ev.source) && ev.span.contains(ev.target));
        }
    }

    // JSON reads back into the same graph, so writing it again gives the same bytes.
    let json = JsonExporter::new().to_string(&graph);
    let back = read_json("doc.json", &json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    assert_eq!(JsonExporter::new().to_string(&back), json);
    let dot = DotExporter::new().to_string(&graph);
    let (nodes, edges) = parse_dot(&dot).unwrap_or_else(|e| panic!("{e}\n{dot}"));
    assert_eq!(nodes, graph.nodes().map(|n| n.id.clone()).collect::<Vec<_>>());
    let expected: Vec<(String, String)> =
        graph.edges().map(|(a, b, _)| (a.id.clone(), b.id.clone())).collect();
    assert_eq!(edges, expected);

    // Mentions as JSON Lines and TSV: one line per document, one row per mention.
    // An id with a tab, a quote and a line break, which both forms must escape.
    let exporter = MentionsExporter::new(g);
    let mut named = doc.clone();
    named.document.id = "doc\t\"id\"\n".to_string();
    let mut jsonl = Vec::new();
    exporter.write_jsonl(&mut jsonl, &named).expect("a Vec");
    let jsonl = String::from_utf8(jsonl).expect("JSON is UTF-8");
    assert_eq!(jsonl.matches('\n').count(), 1);
    let line: serde_json::Value = serde_json::from_str(&jsonl).expect("a JSON line");
    let mentions = line["mentions"].as_array().expect("a list of mentions");
    assert_eq!(mentions.len(), doc.mentions.len());
    for (m, out) in doc.mentions.iter().zip(mentions) {
        assert_eq!(out["text"].as_str(), Some(&text[m.span.range()]));
    }
    let mut tsv = Vec::new();
    exporter.write_tsv(&mut tsv, &named).expect("a Vec");
    let tsv = String::from_utf8(tsv).expect("TSV is UTF-8");
    assert_eq!(tsv.lines().count(), doc.mentions.len());
    for row in tsv.lines() {
        assert_eq!(row.split('\t').count(), 11, "{row:?}");
    }
}

/// The offset promises of a document: spans on character boundaries, in text
/// order and apart, and the same text in bytes, code points and UTF-16 units.
pub fn check_document(text: &str, doc: &Extraction) {
    for m in &doc.mentions {
        let s = text.get(m.span.range()).unwrap_or_else(|| panic!("{:?} off a boundary", m.span));
        assert!(!s.is_empty(), "an empty mention at {:?}", m.span);
    }
    for w in doc.mentions.windows(2) {
        assert!(w[0].span.end <= w[1].span.start, "{:?} then {:?}", w[0].span, w[1].span);
    }
    let chars: Vec<char> = text.chars().collect();
    let utf16: Vec<u16> = text.encode_utf16().collect();
    for (m, o) in doc.mentions.iter().zip(offsets(text, &doc.mentions)) {
        let s = &text[m.span.range()];
        assert_eq!((o.byte_start, o.byte_end), (m.span.start, m.span.end));
        assert_eq!(chars[o.start..o.end].iter().collect::<String>(), s);
        assert_eq!(String::from_utf16(&utf16[o.utf16_start..o.utf16_end]).ok().as_deref(), Some(s));
    }
    for s in doc.sentences() {
        let t = text.get(s.span.range()).expect("sentences on character boundaries");
        assert!(!t.trim().is_empty());
    }
    for w in doc.sentences().windows(2) {
        assert!(w[0].span.end <= w[1].span.start && w[0].paragraph <= w[1].paragraph);
    }
    for r in &doc.relations {
        assert!((r.sentence as usize) < doc.sentences().len());
    }
    for d in &doc.decisions {
        assert!(text.get(d.span.range()).is_some(), "decision {:?} off a boundary", d.span);
    }
}

/// Node ids and `(source, target)` edges, in order.
pub type DotGraph = (Vec<String>, Vec<(String, String)>);

/// Reads the DOT this crate writes: the node ids and the edges, in order. Checks
/// the syntax (statements, quoting and escapes) as Graphviz would read it.
pub fn parse_dot(dot: &str) -> Result<DotGraph, String> {
    let body = dot
        .strip_prefix("graph \"entgraph\" {\n")
        .and_then(|b| b.strip_suffix("}\n"))
        .ok_or("not a graph \"entgraph\" { ... } block")?;
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    for line in body.lines() {
        let mut rest = line.strip_prefix("  ").ok_or("a statement not indented")?;
        let head = if rest.starts_with('"') {
            let (id, after) = quoted(rest)?;
            rest = after;
            Some(id)
        } else {
            let word: String = rest.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
            if !["graph", "node", "edge"].contains(&word.as_str()) {
                return Err(format!("unknown statement {line:?}"));
            }
            rest = &rest[word.len()..];
            None
        };
        let mut target = None;
        if let Some(after) = rest.strip_prefix(" -- ") {
            let (id, after) = quoted(after)?;
            target = Some(id);
            rest = after;
        }
        let attrs = rest
            .strip_prefix(" [")
            .and_then(|r| r.strip_suffix("];"))
            .ok_or_else(|| format!("no attribute list in {line:?}"))?;
        attributes(attrs)?;
        match (head, target) {
            (Some(a), Some(b)) => edges.push((a, b)),
            (Some(a), None) => nodes.push(a),
            (None, None) => {}
            (None, Some(_)) => return Err(format!("an edge without a source: {line:?}")),
        }
    }
    Ok((nodes, edges))
}

/// A DOT double-quoted string at the start of `s`, unescaped, and what follows.
fn quoted(s: &str) -> Result<(String, &str), String> {
    let mut chars = s.char_indices();
    if chars.next().map(|(_, c)| c) != Some('"') {
        return Err(format!("expected a quoted string at {s:?}"));
    }
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out.replace("&amp;", "&"), &s[i + 1..])),
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, e @ ('"' | '\\'))) => out.push(e),
                other => return Err(format!("unknown escape {other:?} in {s:?}")),
            },
            '\n' | '\r' => return Err("a raw line break in a string".into()),
            c => out.push(c),
        }
    }
    Err(format!("an unterminated string: {s:?}"))
}

/// Checks a DOT attribute list: `key=value` pairs separated by `, `, where a value
/// is a quoted string, an HTML-like string (`<...>`) or a bare word or number.
fn attributes(mut s: &str) -> Result<(), String> {
    while !s.is_empty() {
        let eq = s.find('=').ok_or_else(|| format!("no `=` in {s:?}"))?;
        if !s[..eq].chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("bad attribute name {:?}", &s[..eq]));
        }
        s = &s[eq + 1..];
        if s.starts_with('"') {
            s = quoted(s)?.1;
        } else if s.starts_with('<') {
            // An HTML-like label: up to the `>` that closes the first `<`.
            let mut depth = 0usize;
            let end = s
                .char_indices()
                .find(|&(_, c)| {
                    depth = match c {
                        '<' => depth + 1,
                        '>' => depth - 1,
                        _ => depth,
                    };
                    depth == 0
                })
                .map(|(i, _)| i)
                .ok_or_else(|| format!("an unterminated HTML-like value: {s:?}"))?;
            s = &s[end + 1..];
        } else {
            let end = s.find(", ").unwrap_or(s.len());
            if !s[..end].chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_') {
                return Err(format!("bad bare value {:?}", &s[..end]));
            }
            s = &s[end..];
        }
        s = s.strip_prefix(", ").unwrap_or(s);
    }
    Ok(())
}
