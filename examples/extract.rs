//! The smallest use of the library: load the bundled gazetteers, extract the
//! mentions of one article, print them, and print the co-occurrence graph as JSON.
//!
//! Run it with `cargo run --example extract [FILE]` (defaults to the bundled
//! example article).

use std::error::Error;

use entgraph::{Document, Extractor, Gazetteer, GraphBuilder, JsonExporter};

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "examples/article.txt".to_string());
    let text = std::fs::read_to_string(&path)?;

    let gazetteer = Gazetteer::bundled()?;
    let extractor = Extractor::new(&gazetteer)?;
    let doc = extractor.extract(Document::new(path, text));
    let text = doc.text();

    for m in &doc.mentions {
        let entity = gazetteer.entity(m.entity);
        println!(
            "{:>5}..{:<5} {:<28} {} ({}, {})",
            m.span.start,
            m.span.end,
            &text[m.span.range()],
            entity.label,
            entity.entity_type,
            entity.wikidata.as_deref().unwrap_or("-"),
        );
    }

    let mut builder = GraphBuilder::new(&gazetteer);
    builder.add_document(&doc);
    let graph = builder.build();
    print!("{}", JsonExporter::new().to_string(&graph));
    Ok(())
}
