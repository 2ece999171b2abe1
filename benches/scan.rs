//! The baseline the tool is measured against: a bare Aho-Corasick scan over the
//! same aliases, the way one would write it without entgraph — leftmost-longest,
//! ASCII case-insensitive, counting only matches that start and end on word
//! boundaries (filtered after the search). No normalisation, no resolution, no
//! graph.
//!
//! Usage: `cargo bench --bench scan -- ALIASES.tsv CORPUS [--word-starts]`, where
//! ALIASES.tsv is `entgraph gazetteer aliases` output and CORPUS is a text file or a
//! JSON Lines file with a `text` field. `--word-starts` searches anchored from word
//! starts instead of filtering afterwards. Prints the matches found and MB/s, the
//! best of `--repeat N` passes (default 3).

use std::time::Instant;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let (Some(aliases), Some(corpus)) = (args.first(), args.get(1)) else {
        eprintln!("usage: cargo bench --bench scan -- ALIASES.tsv CORPUS [--word-starts]");
        std::process::exit(2);
    };
    let word_starts = args.iter().any(|a| a == "--word-starts");
    let kind = if args.iter().any(|a| a == "--dfa") {
        Some(aho_corasick::AhoCorasickKind::DFA)
    } else if args.iter().any(|a| a == "--contiguous") {
        Some(aho_corasick::AhoCorasickKind::ContiguousNFA)
    } else if args.iter().any(|a| a == "--noncontiguous") {
        Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA)
    } else {
        None
    };
    let patterns: Vec<String> = std::fs::read_to_string(aliases)
        .expect("readable aliases file")
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next().map(str::to_string))
        .collect();
    let raw = std::fs::read_to_string(corpus).expect("readable corpus");
    let texts: Vec<String> = if corpus.ends_with(".jsonl") {
        raw.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_string))
            .collect()
    } else {
        vec![raw]
    };
    let bytes: usize = texts.iter().map(String::len).sum();
    let build = Instant::now();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .start_kind(if word_starts { StartKind::Anchored } else { StartKind::Unanchored })
        .kind(kind)
        .prefilter(!args.iter().any(|a| a == "--no-prefilter"))
        .build(&patterns)
        .expect("the automaton builds");
    let build = build.elapsed();
    let repeat: usize = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .map_or(3, |n| n.parse().expect("--repeat takes a number"));
    let mut times = Vec::new();
    let mut found = 0usize;
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        found = scan(&ac, &texts, word_starts);
        times.push(start.elapsed().as_secs_f64());
    }
    let secs = times.iter().copied().fold(f64::INFINITY, f64::min);
    println!(
        "scan: {} patterns, build {:.1} ms, {} matches in {:.1} MB, {:.2} s, {:.1} MB/s{}",
        patterns.len(),
        build.as_secs_f64() * 1e3,
        found,
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs,
        if word_starts { " (word starts)" } else { "" }
    );
}

/// Counts the matches on word boundaries in `texts`.
fn scan(ac: &AhoCorasick, texts: &[String], word_starts: bool) -> usize {
    let mut found = 0usize;
    for text in texts {
        let hay = text.as_bytes();
        if word_starts {
            let mut i = 0;
            while i < hay.len() {
                if is_word(hay[i]) && (i == 0 || !is_word(hay[i - 1])) {
                    let input = Input::new(hay).span(i..hay.len()).anchored(Anchored::Yes);
                    if let Some(m) = ac.find(input)
                        && (m.end() == hay.len() || !is_word(hay[m.end()]))
                    {
                        found += 1;
                        i = m.end();
                        continue;
                    }
                }
                i += 1;
            }
        } else {
            for m in ac.find_iter(hay) {
                let before = m.start() == 0 || !is_word(hay[m.start() - 1]);
                let after = m.end() == hay.len() || !is_word(hay[m.end()]);
                if before && after {
                    found += 1;
                }
            }
        }
    }
    found
}
