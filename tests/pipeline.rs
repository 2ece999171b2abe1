//! The per-document pipeline on articles written for each rule, through the library.

use entgraph::{Document, Extractor, GraphBuilder, Normalized};

use crate::util::{bundled_extractor, found, mentions, pairs, rules_gazetteer};

#[test]
fn whole_words_only() {
    let g = rules_gazetteer();
    assert!(mentions(&g, "USAID funds Chinatown and Russians-only clubs.").is_empty());
    assert_eq!(mentions(&g, "China-made parts"), pairs(&[("China", "china")]));
}

#[test]
fn abbreviations_are_case_sensitive_and_dots_do_not_matter() {
    let g = rules_gazetteer();
    assert_eq!(
        mentions(&g, "Let us see what the US, the U.S. and the U.S.A. say."),
        pairs(&[("US", "united-states"), ("U.S.", "united-states"), ("U.S.A.", "united-states")])
    );
}

#[test]
fn names_are_case_insensitive_but_not_lower_case() {
    let g = rules_gazetteer();
    assert_eq!(
        mentions(&g, "CHINA WARNS TURKEY. Roast turkey on china plates."),
        pairs(&[("CHINA", "china"), ("TURKEY", "turkey")])
    );
}

#[test]
fn other_apostrophes_dashes_and_spaces() {
    let g = rules_gazetteer();
    assert_eq!(
        mentions(&g, "Côte d’Ivoire and Guinea–Bissau met Kim Jong‐un."),
        pairs(&[
            ("Côte d’Ivoire", "ivory-coast"),
            ("Guinea–Bissau", "guinea-bissau"),
            ("Kim Jong‐un", "kim-jong-un")
        ])
    );
    let text = "Talks with Xi\nJinping and Vladimir\u{a0}Putin.";
    assert_eq!(
        mentions(&g, text),
        pairs(&[("Xi\nJinping", "xi-jinping"), ("Vladimir\u{a0}Putin", "vladimir-putin")])
    );
}

#[test]
fn possessives_do_not_stop_a_match() {
    let g = rules_gazetteer();
    assert_eq!(
        mentions(&g, "Vladimir Putin's aides and Putin’s car; China's plan."),
        pairs(&[
            ("Vladimir Putin", "vladimir-putin"),
            ("Putin", "vladimir-putin"),
            ("China", "china")
        ])
    );
}

#[test]
fn accented_and_plain_spellings_match_each_other() {
    let g = rules_gazetteer();
    // The gazetteer writes "Erdoğan" in the name and "Erdogan" in the surname.
    assert_eq!(
        mentions(&g, "Recep Tayyip Erdogan spoke; later Erdoğan left for Türkiye."),
        pairs(&[
            ("Recep Tayyip Erdogan", "recep-tayyip-erdogan"),
            ("Erdoğan", "recep-tayyip-erdogan"),
            ("Türkiye", "turkey")
        ])
    );
}

#[test]
fn offsets_point_into_the_original_text() {
    let g = rules_gazetteer();
    let text = "Ça va — Ünïcödé   text: Côte d’Ivoire\u{200b} and  the  U.S.  😀 Xi  Jinping’s";
    let extractor = Extractor::new(&g).unwrap();
    let doc = extractor.extract(text);
    let got: Vec<&str> = doc.mentions.iter().map(|m| &text[m.span.range()]).collect();
    assert_eq!(got, ["Côte d’Ivoire", "U.S.", "Xi  Jinping"]);
    // The normalised text is a different string, never used for offsets.
    assert_ne!(Normalized::new(text).as_str().len(), text.len());
}

#[test]
fn ambiguous_names_need_context() {
    let g = rules_gazetteer();
    // A person's name: dropped.
    assert!(
        mentions(&g, "By Jordan Martinez. Israel and Egypt signed a deal.")
            .iter()
            .all(|(_, id)| id != "jordan")
    );
    assert!(
        mentions(&g, "Michael Jordan visited Israel and Egypt.")
            .iter()
            .all(|(_, id)| id != "jordan")
    );
    assert!(mentions(&g, "Ms Jordan said so.").is_empty());
    // The country, supported by the other countries of the article.
    assert_eq!(
        mentions(&g, "Israel and Egypt met Jordan's king in Jordan."),
        pairs(&[
            ("Israel", "israel"),
            ("Egypt", "egypt"),
            ("Jordan", "jordan"),
            ("Jordan", "jordan")
        ])
    );
    // The country, supported by an unambiguous mention of itself.
    assert_eq!(
        mentions(&g, "The Jordanian envoy flew home to Jordan."),
        pairs(&[("Jordanian", "jordan"), ("Jordan", "jordan")])
    );
    // Nothing supports the country reading.
    assert!(mentions(&g, "Jordan scored twelve points.").is_empty());
    // Capitals that a function word, a participle or an adverb opening a
    // sentence, the end of a sentence or a title-case headline explain are not
    // names.
    for text in [
        "Despite Jordan's protests, Israel and Egypt signed.",
        "Visiting Jordan, the envoy praised Israel and Egypt.",
        "Jordan Protests Grow Over Bread Prices\n\nIsrael and Egypt watched.",
        "Separately Jordan thanked Israel and Egypt.",
        "Israel and Egypt met in Cairo. Jordan agreed.",
    ] {
        assert!(mentions(&g, text).iter().any(|(_, id)| id == "jordan"), "{text}");
    }
    // A byline is not a headline.
    assert!(
        mentions(&g, "By Jordan Martinez\n\nIsrael and Egypt signed a deal.")
            .iter()
            .all(|(_, id)| id != "jordan")
    );
}

#[test]
fn surnames_follow_full_names() {
    let g = rules_gazetteer();
    assert_eq!(
        mentions(&g, "Xi Jinping arrived. Later Xi spoke."),
        pairs(&[("Xi Jinping", "xi-jinping"), ("Xi", "xi-jinping")])
    );
    // "Xi" is not marked safe: alone it is dropped.
    assert!(mentions(&g, "Xi spoke at length.").is_empty());
    // "Putin" is safe: alone it resolves.
    assert_eq!(mentions(&g, "On Monday Putin spoke."), pairs(&[("Putin", "vladimir-putin")]));
    assert_eq!(
        mentions(&g, "Putin spoke about Russia."),
        pairs(&[("Putin", "vladimir-putin"), ("Russia", "russia")])
    );
    // A safe surname that opens a sentence of a document naming nothing else may be
    // a plain word ("Støre" written without its "ø").
    assert!(mentions(&g, "Store the basil in the fridge.").is_empty());
    assert_eq!(
        mentions(&g, "Norway votes. Store the basil."),
        pairs(&[("Norway", "norway"), ("Store", "jonas-gahr-store")])
    );
    // A title and a surname name the person for sure: the surname may then open a
    // sentence.
    assert_eq!(
        mentions(&g, "Mr Putin spoke. Putin left."),
        pairs(&[("Mr Putin", "vladimir-putin"), ("Putin", "vladimir-putin")])
    );
    // Another given name before a safe surname: someone else.
    assert!(mentions(&g, "Our tutor is Mohammed Medvedev.").is_empty());
    // Even after the person was introduced: a relative. One of the person's own
    // names is no other person.
    assert_eq!(
        mentions(&g, "Vladimir Putin spoke. Later Lyudmila Putin arrived."),
        pairs(&[("Vladimir Putin", "vladimir-putin")])
    );
    assert_eq!(
        mentions(&g, "Recep Tayyip Erdoğan spoke. Later Tayyip Erdogan left."),
        pairs(&[
            ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
            ("Erdogan", "recep-tayyip-erdogan")
        ])
    );
    // A shared surname goes to the person the document introduced.
    assert_eq!(
        mentions(
            &g,
            "Kim Il Sung founded the state. Decades later Kim Jong Un rules it. Kim fired a missile."
        ),
        pairs(&[
            ("Kim Il Sung", "kim-il-sung"),
            ("Kim Jong Un", "kim-jong-un"),
            ("Kim", "kim-jong-un")
        ])
    );
    assert!(mentions(&g, "Kim fired a missile.").is_empty());
}

#[test]
fn relatives_are_not_the_leader() {
    let ids = |text: &str| found(bundled_extractor(), text);
    assert_eq!(
        ids("Donald Trump spoke. Later Melania Trump and Eric Trump arrived."),
        pairs(&[("Donald Trump", "donald-trump")])
    );
    assert_eq!(
        ids("Joe Biden spoke. Later Hunter Biden arrived."),
        pairs(&[("Joe Biden", "joe-biden")])
    );
    // Sentence starts, titles and initials are no given names.
    assert_eq!(
        ids("Donald Trump spoke. Later Trump said so. Meanwhile Trump left. \
             President Trump and Donald J. Trump returned. Afterwards Trump left."),
        pairs(&[
            ("Donald Trump", "donald-trump"),
            ("Trump", "donald-trump"),
            ("Trump", "donald-trump"),
            ("President Trump", "donald-trump"),
            ("Donald J. Trump", "donald-trump"),
            ("Trump", "donald-trump")
        ])
    );
}

#[test]
fn longest_alias_wins() {
    let g = rules_gazetteer();
    assert_eq!(
        mentions(&g, "The United Nations Security Council and the UN met."),
        pairs(&[("United Nations Security Council", "unsc"), ("UN", "un")])
    );
    assert_eq!(mentions(&g, "New Mexico is not Mexico."), pairs(&[("Mexico", "mexico")]));
}

#[test]
fn combining_forms_and_demonyms() {
    let g = rules_gazetteer();
    assert_eq!(
        mentions(&g, "Sino-Russian ties and US-China talks. Chinese officials agreed."),
        pairs(&[
            ("Sino", "china"),
            ("Russian", "russia"),
            ("US", "united-states"),
            ("China", "china"),
            ("Chinese", "china")
        ])
    );
}

#[test]
fn crlf_text_gives_the_same_mentions_and_sentences() {
    let g = rules_gazetteer();
    let lf = "Title about China\n\nXi Jinping met Vladimir Putin.\nThey spoke of Russia.\n";
    let crlf = lf.replace('\n', "\r\n");
    let extractor = Extractor::new(&g).unwrap();
    let (a, b) = (extractor.extract(lf), extractor.extract(&crlf));
    let texts = |t: &str, d: &entgraph::Extraction| -> Vec<String> {
        d.mentions.iter().map(|m| t[m.span.range()].to_string()).collect()
    };
    assert_eq!(texts(lf, &a), texts(&crlf, &b));
    assert_eq!(a.sentences().len(), 3);
    assert_eq!(b.sentences().len(), 3);
    for s in b.sentences() {
        assert!(!crlf[s.span.range()].ends_with('\r'));
    }
}

#[test]
fn empty_input_gives_an_empty_graph() {
    let g = rules_gazetteer();
    let extractor = Extractor::new(&g).unwrap();
    for text in ["", "   \n\n  ", "\u{feff}"] {
        let doc = extractor.extract(Document::new("empty", text));
        assert!(doc.mentions.is_empty());
        let mut builder = GraphBuilder::new(&g);
        builder.add_document(&doc);
        let graph = builder.build();
        assert_eq!(graph.node_count(), 0);
        assert_eq!(graph.meta.documents, 1);
    }
}

#[test]
fn edge_weights_count_shared_sentences() {
    let g = rules_gazetteer();
    let text = "Mr. Xi Jinping met Vladimir Putin in Russia. Dr. Putin and Xi talked about the U.S. economy. \
                The U.S. watched.\n\nChina and Russia agreed.";
    let extractor = Extractor::new(&g).unwrap();
    let doc = extractor.extract(Document::new("doc", text));
    assert_eq!(doc.sentences().len(), 4, "abbreviations must not split sentences");
    let mut builder = GraphBuilder::new(&g);
    builder.add_document(&doc);
    let graph = builder.build();
    let weight = |a: &str, b: &str| graph.edge(a, b).map_or(0, |e| e.weight);
    assert_eq!(weight("xi-jinping", "vladimir-putin"), 2);
    assert_eq!(weight("xi-jinping", "russia"), 1);
    assert_eq!(weight("united-states", "xi-jinping"), 1);
    assert_eq!(weight("china", "russia"), 1);
    assert_eq!(weight("china", "xi-jinping"), 0);
    assert_eq!(graph.node("vladimir-putin").unwrap().count, 2);
    // Each edge keeps the sentences that support it.
    let e = graph.edge("xi-jinping", "vladimir-putin").unwrap();
    let supports: Vec<&str> = e.evidence.iter().map(|ev| ev.text.as_str()).collect();
    assert_eq!(
        supports,
        [
            "Mr. Xi Jinping met Vladimir Putin in Russia.",
            "Dr. Putin and Xi talked about the U.S. economy."
        ]
    );
    for ev in &e.evidence {
        assert_eq!(&text[ev.span.range()], ev.text);
    }
}

#[test]
fn abbreviations_used_as_codes_are_not_countries() {
    let g = rules_gazetteer();
    assert_eq!(
        mentions(&g, "It cost US$ 10 billion. Take US-75 or US 169. The US said no."),
        pairs(&[("US", "united-states")])
    );
    // A year or a compound after the abbreviation leaves it a name.
    assert_eq!(
        mentions(&g, "The US 10-year yield rose before the US 2024 election."),
        pairs(&[("US", "united-states"), ("US", "united-states")])
    );
}

#[test]
fn regnal_numbers_name_other_rulers() {
    let g = rules_gazetteer();
    assert!(mentions(&g, "Built by Shah Abbas II in 1656.").is_empty());
    assert_eq!(
        mentions(&g, "Built by Shah Abbas in 1600."),
        pairs(&[("Shah Abbas", "abbas-the-great")])
    );
}

#[test]
fn titles_before_surnames() {
    let g = rules_gazetteer();
    let extractor = Extractor::new(&g).unwrap();
    let text = "President Moon met Mr. Putin in Seoul.";
    let doc = extractor.extract(text);
    let got: Vec<(&str, &str, &str)> = doc
        .mentions
        .iter()
        .map(|m| (&text[m.span.range()], g.entity(m.entity).id.as_str(), m.kind.as_str()))
        .collect();
    assert_eq!(
        got,
        [("President Moon", "moon-jae-in", "title"), ("Mr. Putin", "vladimir-putin", "title")]
    );
    // A title the person never held does not help an unsafe surname.
    assert!(mentions(&g, "Chancellor Moon spoke.").is_empty());
    // With a year-only date, the title counts if it was held at some time that year.
    let doc =
        extractor.extract_dated("President Moon spoke.", entgraph::gazetteer::Date::parse("2017"));
    let ids: Vec<&str> = doc.mentions.iter().map(|m| g.entity(m.entity).id.as_str()).collect();
    assert_eq!(ids, ["moon-jae-in"]);
}

#[test]
fn role_phrases_resolve_to_the_holder_on_the_date() {
    let g = rules_gazetteer();
    let extractor = Extractor::new(&g).unwrap();
    let text = "The Russian president met China's president. The president of Russia left.";
    let who = |date: Option<&str>| -> Vec<(String, String)> {
        let doc = extractor.extract_dated(text, date.and_then(entgraph::gazetteer::Date::parse));
        doc.mentions
            .iter()
            .filter(|m| m.kind == entgraph::MentionKind::Role)
            .map(|m| (text[m.span.range()].to_string(), g.entity(m.entity).id.clone()))
            .collect()
    };
    // In 2010 Medvedev was president; China's president of the gazetteer took
    // office in 2013, so that phrase names no one.
    assert_eq!(
        who(Some("2010-01-01")),
        pairs(&[("president", "dmitry-medvedev"), ("president", "dmitry-medvedev")])
    );
    assert_eq!(
        who(Some("2020-06-01")),
        pairs(&[
            ("president", "vladimir-putin"),
            ("president", "xi-jinping"),
            ("president", "vladimir-putin")
        ])
    );
    // Without a date, a role phrase names no one: today's holder is not the
    // holder of an undated archive.
    assert_eq!(who(None), pairs(&[]));
    // Phrases that name someone other than the holder: a former or late holder, a
    // deputy, a president-elect, a holder counted by an ordinal, the president of
    // something the country owns; and phrases a name follows.
    for text in [
        "The former Russian president spoke.",
        "The late president of Russia was buried.",
        "The ex-president of Russia and the vice president of Russia met.",
        "The Russian president-elect spoke.",
        "The first president of Russia and its 3rd president met.",
        "The president of Russia's largest bank resigned.",
        "The president of Russian Railways resigned.",
        "The president of Russia, Vladimir Putin, spoke.",
        "He campaigned for president of Russia.",
        "He served as president of Russia.",
    ] {
        // Dated: without a date no phrase names anyone, and the test would say nothing.
        let doc = extractor.extract_dated(text, entgraph::gazetteer::Date::parse("2020-06-01"));
        assert!(doc.mentions.iter().all(|m| m.kind != entgraph::MentionKind::Role), "{text}");
    }
    // "of the" before the country.
    let text = "The president of the United States spoke.";
    let date = entgraph::gazetteer::Date::parse("2022-06-01");
    let doc = crate::util::bundled_extractor().extract_dated(text, date);
    let roles: Vec<(&str, &str)> = doc
        .mentions
        .iter()
        .filter(|m| m.kind == entgraph::MentionKind::Role)
        .map(|m| (&text[m.span.range()], crate::util::bundled().entity(m.entity).id.as_str()))
        .collect();
    assert_eq!(roles, [("president", "joe-biden")]);
    // With demonyms switched off, a demonym still introduces a role phrase; only
    // its own mention leaves.
    let config = entgraph::ResolverConfig::new().demonyms(false);
    let quiet = Extractor::with_config(&g, config).unwrap();
    let text = "The Russian president spoke.";
    let got: Vec<(&str, &str)> = quiet
        .extract_dated(text, entgraph::gazetteer::Date::parse("2020-06-01"))
        .mentions
        .iter()
        .map(|m| (&text[m.span.range()], g.entity(m.entity).id.as_str()))
        .collect();
    assert_eq!(got, [("president", "vladimir-putin")]);
    // A year-only date stands for the end of that year.
    let role_of = |text: &str, date: Option<&str>| -> Vec<String> {
        let doc = extractor.extract_dated(text, date.and_then(entgraph::gazetteer::Date::parse));
        doc.mentions
            .iter()
            .filter(|m| m.kind == entgraph::MentionKind::Role)
            .map(|m| g.entity(m.entity).id.clone())
            .collect()
    };
    assert_eq!(role_of("The Russian president spoke.", Some("2012")), ["vladimir-putin"]);
    // "the", perhaps with an adjective, makes a title before "of" a holder.
    assert_eq!(role_of("The current president of Russia spoke.", Some("2020")), ["vladimir-putin"]);
    // Years the text names are no date: without one, no one is named.
    assert!(role_of("In 2010 the Russian president spoke.", None).is_empty());
    assert!(role_of("The Russian president said 1500 troops would move.", None).is_empty());
    // A count before a noun is no year of the phrase's own.
    assert_eq!(
        role_of("The Russian president said 1500 troops would move.", Some("2020")),
        ["vladimir-putin"]
    );
    // A title followed by the name is not a role phrase: the name is the mention.
    let text = "Russian President Vladimir Putin arrived.";
    let date = entgraph::gazetteer::Date::parse("2020-06-01");
    assert!(
        extractor
            .extract_dated(text, date)
            .mentions
            .iter()
            .all(|m| m.kind != entgraph::MentionKind::Role)
    );
}

#[test]
fn place_and_comma_needs_a_related_entity() {
    let g = rules_gazetteer();
    // "Atlanta, Georgia": the US state, even though other countries are named.
    assert!(
        mentions(&g, "Flights from Atlanta, Georgia to Russia and China resumed.")
            .iter()
            .all(|(_, id)| id != "georgia")
    );
    // "Tbilisi, Georgia" with Georgia's president named: the country.
    assert!(
        mentions(&g, "In Tbilisi, Georgia, Salome Zourabichvili spoke.")
            .iter()
            .any(|(_, id)| id == "georgia")
    );
    // In a list of countries the comma separates, not qualifies.
    assert!(
        mentions(&g, "Visas are waived for Russia, Georgia and China.")
            .iter()
            .any(|(_, id)| id == "georgia")
    );
}

#[test]
fn an_initial_joined_to_a_word_by_a_dot_keeps_the_word() {
    let found = |text: &str| found(bundled_extractor(), text);
    assert_eq!(
        found("N.Korea fires missile as S.Korea watches"),
        pairs(&[("N.Korea", "north-korea"), ("S.Korea", "south-korea")])
    );
    assert_eq!(
        found("China says V.Putin met J.Biden."),
        pairs(&[("China", "china"), ("Putin", "vladimir-putin"), ("Biden", "joe-biden")])
    );
    // Initials written together match the aliases that space them.
    assert_eq!(
        found("F.W. de Klerk and A.P.J. Abdul Kalam met"),
        pairs(&[("F.W. de Klerk", "f-w-de-klerk"), ("A.P.J. Abdul Kalam", "a-p-j-abdul-kalam")])
    );
}

#[test]
fn no_match_runs_across_a_paragraph_break() {
    let g = rules_gazetteer();
    let text = "Zelensky meets Kim\n\nJong Un later.";
    assert!(mentions(&g, text).iter().all(|(m, _)| !m.contains('\n')), "{:?}", mentions(&g, text));
    for text in
        ["Zelensky meets Kim\r\n \r\nJong Un later.", "Zelensky meets Kim\r\rJong Un later."]
    {
        assert!(mentions(&g, text).iter().all(|(m, _)| !m.contains(['\n', '\r'])), "{text:?}");
    }
    // A single line break inside a name is no paragraph break.
    assert_eq!(
        mentions(&g, "Zelensky meets Kim\nJong Un later."),
        pairs(&[("Kim\nJong Un", "kim-jong-un")])
    );
}

/// Documents for the library's pipeline: varied lengths, dates and a bad one.
fn corpus() -> Vec<Result<Document, entgraph::pipeline::Skipped>> {
    let texts = [
        "Xi Jinping met Vladimir Putin in Moscow. Putin and Xi discussed the United Nations.",
        "NATO leaders met in Brussels. The French president spoke with the German chancellor.",
        "China and Russia signed a trade deal.\n\nThe European Union and Japan watched.",
        "Nothing to see here.",
        "Joe Biden called Emmanuel Macron. Biden and Macron spoke about Ukraine and NATO.",
    ];
    (0..60)
        .map(|i| {
            if i % 17 == 5 {
                return Err(entgraph::pipeline::Skipped {
                    what: format!("doc{i}"),
                    reason: "not readable".into(),
                });
            }
            let text = texts[i % texts.len()].repeat(1 + i % 3);
            let date = entgraph::gazetteer::Date::parse(["2021-03-01", "2023-06-15"][i % 2]);
            Ok(Document::new(format!("doc{i}"), text).with_date(date))
        })
        .collect()
}

/// The graph, the progress and the mentions of a pipeline run on `threads`.
fn pipeline_run(threads: usize) -> (String, Vec<(u64, Option<String>)>, String) {
    use entgraph::pipeline::{Outcome, Pipeline};
    let g = crate::util::bundled();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let pool = std::sync::Arc::new(pool);
    // Small batches, so that several are in flight at once.
    let pipeline = Pipeline::new(crate::util::bundled_extractor().clone()).pool(pool).batch(4, 300);
    let mut builder = GraphBuilder::new(g);
    builder.evidence_limit(Some(3));
    let mut heard = Vec::new();
    let run = pipeline.graph(corpus(), builder, |p, skipped| {
        heard.push((p.documents, skipped.map(|s| s.what.clone())));
    });
    assert_eq!(run.progress.skipped, run.skipped.len() as u64);
    let mut mentions = Vec::new();
    let exporter = entgraph::export::MentionsExporter::new(g);
    let stopped: Result<(), String> = pipeline.for_each(corpus(), |outcome| match outcome {
        Outcome::Extracted(doc, ()) => {
            exporter.write_jsonl(&mut mentions, &doc).unwrap();
            Ok(())
        }
        Outcome::Skipped(s) if s.what == "doc39" => Err(s.to_string()),
        Outcome::Skipped(_) => Ok(()),
    });
    assert_eq!(stopped, Err("doc39: not readable".to_string()));
    let json = entgraph::JsonExporter::new().to_string(&run.graph);
    (json, heard, String::from_utf8(mentions).unwrap())
}

#[test]
fn the_pipeline_gives_the_same_bytes_on_one_and_four_threads() {
    let one = pipeline_run(1);
    let four = pipeline_run(4);
    assert!(one.0.contains("\"doc59\""), "the last document is in the graph");
    assert_eq!(one.1.len(), 60, "progress hears of every input");
    assert_eq!(one.1.iter().filter(|(_, s)| s.is_some()).count(), 4);
    // The mentions of the documents before the error, and none after it.
    assert!(one.2.contains("\"doc_id\":\"doc38\"") && !one.2.contains("\"doc40\""));
    assert_eq!(one.0, four.0, "the graph's bytes");
    assert_eq!(one.1, four.1, "the progress, in input order");
    assert_eq!(one.2, four.2, "the mentions, in input order");

    // Without a pool, on the caller's thread: the same graph.
    let pipeline = entgraph::pipeline::Pipeline::new(bundled_extractor().clone());
    let mut builder = GraphBuilder::new(crate::util::bundled());
    builder.evidence_limit(Some(3));
    let run = pipeline.graph(corpus(), builder, |_, _| {});
    assert_eq!(entgraph::JsonExporter::new().to_string(&run.graph), one.0);
}

/// An input that panics when read: a stand-in for a bug in decoding or
/// extraction.
struct Fragile(Option<&'static str>);

impl entgraph::pipeline::Input for Fragile {
    type Note = ();

    fn size(&self) -> usize {
        self.0.map_or(0, str::len)
    }

    fn read(self) -> Result<(Document, ()), entgraph::pipeline::Skipped> {
        let text = self.0.expect("a text to read");
        Ok((Document::new(text, text), ()))
    }
}

#[test]
fn a_panic_costs_its_input_alone() {
    let inputs = || {
        vec![Fragile(Some("Xi Jinping met Vladimir Putin.")), Fragile(None), Fragile(Some("Xi."))]
    };
    let on_pool = {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        entgraph::pipeline::Pipeline::new(bundled_extractor().clone())
            .pool(std::sync::Arc::new(pool))
    };
    for pipeline in [entgraph::pipeline::Pipeline::new(bundled_extractor().clone()), on_pool] {
        let builder = GraphBuilder::new(crate::util::bundled());
        let run = pipeline.graph(inputs(), builder, |_, _| {});
        assert_eq!((run.progress.documents, run.progress.skipped), (2, 1));
        let reason = &run.skipped[0].reason;
        assert!(reason.contains("a text to read") && reason.contains("a bug"), "{reason}");
        assert!(run.graph.edge("vladimir-putin", "xi-jinping").is_some());
    }
}
