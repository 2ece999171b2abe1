// Frames, abbreviations and metonyms: a country in a match report is a team, an
// abbreviation that collides with a common other use needs the document's
// support, and (opt in) seats of government and capitals stand for their
// country. Every sentence here was written for these tests.

use entgraph::resolve::MentionKind;
use entgraph::{Extractor, GraphBuilder, ResolverConfig};
use serde_json::Value;

use crate::util::{Cmd, bundled, bundled_extractor};

/// `(text, entity id, kind)` of every mention and team of `text`.
fn found(extractor: &Extractor, text: &str) -> Vec<(String, String, &'static str)> {
    let g = extractor.gazetteer();
    let doc = extractor.extract(text);
    let mut all: Vec<_> = doc.mentions.iter().chain(&doc.teams).collect();
    all.sort_by_key(|m| m.span);
    all.dedup_by_key(|m| m.span);
    all.iter()
        .map(|m| (text[m.span.range()].to_string(), g.entity(m.entity).id.clone(), m.kind.as_str()))
        .collect()
}

/// The countries of `text`: `(text, kind)`, teams included.
fn countries(text: &str) -> Vec<(String, &'static str)> {
    let g = bundled();
    found(bundled_extractor(), text)
        .into_iter()
        .filter(|(_, id, _)| {
            g.get(id).is_some_and(|e| g.entity(e).entity_type.as_str() == "country")
        })
        .map(|(t, _, k)| (t, k))
        .collect()
}

fn kinds(items: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    items.iter().map(|&(t, k)| (t.to_string(), k)).collect()
}

#[test]
fn a_score_makes_the_countries_of_a_sentence_teams() {
    let text = "Brazil beat Germany 7-1 in Belo Horizonte on Tuesday night.";
    assert_eq!(countries(text), kinds(&[("Brazil", "team"), ("Germany", "team")]));
    // Teams are left out of the mentions the graph counts.
    let doc = bundled_extractor().extract(text);
    assert!(doc.mentions.iter().all(|m| m.kind != MentionKind::Team));
    assert_eq!(doc.teams.len(), 2);
    let text = "Uruguay and Chile drew 0–0, and the match ended in boos.";
    assert_eq!(countries(text), kinds(&[("Uruguay", "team"), ("Chile", "team")]));
}

#[test]
fn match_words_make_a_frame_and_one_word_needs_a_report_nearby() {
    let text = "Argentina's striker scored twice as the World Cup holders cruised. \
                Argentina's captain thanked the travelling supporters.";
    assert_eq!(countries(text), kinds(&[("Argentina", "team"), ("Argentina", "team")]));
    // The same sentence alone has one weak cue: the country stays a country.
    let text = "Argentina's captain thanked the travelling supporters.";
    assert_eq!(countries(text), kinds(&[("Argentina", "name")]));
    // Weak words alone, however many, make no frame.
    let text = "Chile argued that rivers played a part when the old lines were drawn.";
    assert_eq!(countries(text), kinds(&[("Chile", "name")]));
    let text = "Our team wants Kenya to win the game of trust with its neighbours.";
    assert_eq!(countries(text), kinds(&[("Kenya", "name")]));
    // A headline sees the lead under it.
    let text =
        "Morocco Beat Portugal Again\n\nA header from the striker decided the quarter-final.";
    assert_eq!(countries(text), kinds(&[("Morocco", "team"), ("Portugal", "team")]));
}

#[test]
fn a_political_word_keeps_the_country_a_state() {
    for text in [
        "The foreign minister of Japan visited the national stadium in Tokyo with the coach.",
        "Qatar's government spent billions on the World Cup stadiums.",
        "The court in Poland ruled 4-3 against the plan.",
        "France and Germany held talks after the cup final in Berlin.",
    ] {
        let got = countries(text);
        assert!(!got.is_empty() && got.iter().all(|(_, k)| *k != "team"), "{text}: {got:?}");
    }
}

#[test]
fn a_political_sentence_in_a_sports_article_names_states() {
    let text = "Ghana beat Nigeria 2-0 in the qualifier. Ghana's coach praised the squad.\n\n\
                Later, the president of Nigeria met the ambassador of Ghana to discuss trade.";
    assert_eq!(
        countries(text),
        kinds(&[
            ("Ghana", "team"),
            ("Nigeria", "team"),
            ("Ghana", "team"),
            ("Nigeria", "name"),
            ("Ghana", "name")
        ])
    );
}

#[test]
fn the_place_of_a_match_is_not_a_team() {
    let text = "Spain beat England 2-1 in the final in Germany.";
    assert_eq!(
        countries(text),
        kinds(&[("Spain", "team"), ("England", "team"), ("Germany", "name")])
    );
    let text = "The striker from the Netherlands scored in a 3-0 win at the Philippines.";
    assert_eq!(countries(text), kinds(&[("Netherlands", "name"), ("Philippines", "name")]));
}

#[test]
fn kept_teams_are_nodes_of_their_own() {
    let g = bundled();
    let keep = Extractor::with_config(g, ResolverConfig::new().teams(true)).unwrap();
    let sports = "Brazil beat Germany 7-1 in the semi-final.";
    let politics = "Brazil and Germany signed a trade treaty on Monday.";
    let mut graphs = Vec::new();
    for extractor in [bundled_extractor(), &keep] {
        let mut builder = GraphBuilder::new(g);
        for (id, text) in [("sports", sports), ("politics", politics)] {
            builder.add_document(&extractor.extract(entgraph::Document::new(id, text)));
        }
        graphs.push(builder.build());
    }
    let ids = |i: usize| graphs[i].nodes().map(|n| n.id.clone()).collect::<Vec<_>>();
    // By default the sports report adds nothing to the graph.
    assert_eq!(ids(0), ["brazil", "germany"]);
    assert_eq!(graphs[0].edge("brazil", "germany").unwrap().weight, 1);
    assert_eq!(ids(1), ["brazil", "germany", "team:brazil", "team:germany"]);
    let team = graphs[1].node("team:brazil").unwrap();
    assert_eq!((team.label.as_str(), team.entity_type.as_str()), ("Brazil (team)", "team"));
    assert_eq!(team.wikidata, None);
    assert_eq!(graphs[1].edge("brazil", "germany").unwrap().weight, 1);
    assert_eq!(graphs[1].edge("team:brazil", "team:germany").unwrap().weight, 1);
    assert!(graphs[1].edge("brazil", "team:germany").is_none());
}

#[test]
fn teams_keep_types_the_team_in_every_format() {
    let input = "{\"id\": \"s\", \"text\": \"Chile beat Peru 3-1 in the cup final.\"}\n\
                 {\"id\": \"p\", \"text\": \"Chile and Peru signed a trade treaty.\"}\n";
    let run = |format: &str, teams: &str| {
        Cmd::new()
            .args(["extract", "-q", "--input-format", "jsonl", "--teams", teams, "-f", format])
            .stdin(input)
            .stdout()
    };
    let json: Value = serde_json::from_str(&run("json", "keep")).unwrap();
    let types: Vec<(&str, &str)> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n["type"].as_str().unwrap()))
        .collect();
    assert_eq!(
        types,
        [("chile", "country"), ("peru", "country"), ("team:chile", "team"), ("team:peru", "team")]
    );
    assert_eq!(json["graph"]["teams"], "keep");
    let dropped: Value = serde_json::from_str(&run("json", "drop")).unwrap();
    assert_eq!(dropped["nodes"].as_array().unwrap().len(), 2);
    assert!(run("gexf", "keep").contains("<attvalue for=\"type\" value=\"team\"/>"));
    assert!(run("graphml", "keep").contains("<data key=\"n_type\">team</data>"));
    assert!(run("dot", "keep").contains("\"team:chile\" [label=\"Chile (team)\", shape=octagon"));
    assert!(run("cytoscape", "keep").contains("node[type = \\\"team\\\"]"));
    // The mentions output lists teams either way.
    let mentions = run("mentions", "drop");
    assert_eq!(mentions.matches("\"alias_kind\":\"team\"").count(), 2, "{mentions}");
}

/// `(text, entity id)` of every mention of `text`.
fn ids(text: &str) -> Vec<(String, String)> {
    found(bundled_extractor(), text).into_iter().map(|(t, id, _)| (t, id)).collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    crate::util::pairs(items)
}

#[test]
fn a_defined_abbreviation_names_the_entity() {
    let text = "Rebels attacked a convoy in the Central African Republic (CAR) on Sunday. \
                Aid groups said CAR needs more peacekeepers.";
    assert_eq!(
        ids(text),
        pairs(&[
            ("Central African Republic", "central-african-republic"),
            ("CAR", "central-african-republic"),
            ("CAR", "central-african-republic"),
        ])
    );
}

#[test]
fn an_abbreviation_with_a_common_other_use_needs_support() {
    // A motoring headline, and a unit.
    assert_eq!(ids("The CAR of the year award went to a small hatchback."), pairs(&[]));
    assert_eq!(ids("The comet passed within 0.3 AU of the Sun."), pairs(&[]));
    // Spelled out elsewhere in the document, the abbreviation is the entity's;
    // after a number it is still a unit.
    let text = "The African Union sent observers to the vote. The AU said it was fair, \
                though the probe lay 2 AU away.";
    assert_eq!(ids(text), pairs(&[("African Union", "african-union"), ("AU", "african-union")]));
}

#[test]
fn capitals_of_a_headline_are_the_common_word() {
    let text =
        "NEW CAR SALES JUMP IN SPRING\n\nThe Central African Republic (CAR) was not part of it.";
    assert_eq!(
        ids(text),
        pairs(&[
            ("Central African Republic", "central-african-republic"),
            ("CAR", "central-african-republic")
        ])
    );
}

#[test]
fn an_abbreviation_after_a_company_name_is_the_company_s() {
    let text = "Shares of Carvel Motor Corp (CAR) fell 3% after CAR cut its forecast.";
    assert_eq!(ids(text), pairs(&[]));
    // Defined for the company, it is the company's from there on, even in a
    // document that names the country earlier.
    let text = "The Central African Republic (CAR) exports timber. \
                Separately, Carvel Motor Corp (CAR) said CAR would open a plant.";
    assert_eq!(
        ids(text),
        pairs(&[
            ("Central African Republic", "central-african-republic"),
            ("CAR", "central-african-republic"),
        ])
    );
    // Any abbreviation, not only those with another common use.
    let text = "Unico Networks Group (UN) said UN revenue rose.";
    assert_eq!(ids(text), pairs(&[]));
}

#[test]
fn of_two_entities_sharing_an_abbreviation_the_one_spelled_out_wins() {
    let cricket = "The International Cricket Council fined the captain. The ICC also \
                   docked points.";
    let court = "The International Criminal Court opened a case. The ICC named two suspects.";
    let icc = |text: &str| ids(text).into_iter().filter(|(t, _)| t == "ICC").collect::<Vec<_>>();
    assert_eq!(icc(cricket), pairs(&[("ICC", "international-cricket-council")]));
    assert_eq!(icc(court), pairs(&[("ICC", "icc")]));
    assert_eq!(icc("The ICC met in Dubai on Monday."), pairs(&[]));
    // Abbreviations without a common other use are kept as before.
    assert_eq!(ids("NATO ministers met on Friday."), pairs(&[("NATO", "nato")]));
}

/// `(text, entity id, kind)` of the metonyms of `text`, with `--metonyms`.
fn metonyms(text: &str) -> Vec<(String, String)> {
    static WITH: std::sync::LazyLock<Extractor> = std::sync::LazyLock::new(|| {
        Extractor::with_config(bundled(), ResolverConfig::new().metonyms(true)).unwrap()
    });
    found(&WITH, text)
        .into_iter()
        .filter(|(_, _, k)| *k == "metonym")
        .map(|(t, id, _)| (t, id))
        .collect()
}

#[test]
fn seats_of_government_stand_for_their_country() {
    let text = "The Kremlin rejected the offer, and Downing Street said it was surprised. \
                A White House spokesman and officials at Zhongnanhai declined to comment, \
                while the Élysée and Foggy Bottom stayed silent.";
    assert_eq!(
        metonyms(text),
        pairs(&[
            ("Kremlin", "russia"),
            ("Downing Street", "united-kingdom"),
            ("White House", "united-states"),
            ("Zhongnanhai", "china"),
            ("Élysée", "france"),
            ("Foggy Bottom", "united-states"),
        ])
    );
}

#[test]
fn a_capital_acting_as_a_state_stands_for_its_government() {
    assert_eq!(metonyms("Beijing said the tariffs were unfair."), pairs(&[("Beijing", "china")]));
    assert_eq!(
        metonyms("Moscow has denied any role in the attack."),
        pairs(&[("Moscow", "russia")])
    );
    assert_eq!(
        metonyms("Talks between Washington and Tehran resumed in Oman."),
        pairs(&[("Washington", "united-states"), ("Tehran", "iran")])
    );
    assert_eq!(
        metonyms("Relations between Canberra and China have thawed."),
        pairs(&[("Canberra", "australia")])
    );
}

#[test]
fn a_capital_as_a_place_is_no_metonym() {
    for text in [
        "She flew to Beijing on Monday and met students.",
        "Flights between London and Paris were cancelled by fog.",
        "Jack London said little about the sea.",
        "Madrid beat Lisbon 2-1 and Madrid said the win was deserved.",
        "The mayor of Ottawa opened a skating rink.",
    ] {
        assert_eq!(metonyms(text), pairs(&[]), "{text}");
    }
}

#[test]
fn metonyms_are_off_by_default_and_count_as_their_country() {
    let text = "The Kremlin said Beijing had agreed to the plan.";
    assert_eq!(ids(text), pairs(&[]));
    let g = bundled();
    let with = Extractor::with_config(g, ResolverConfig::new().metonyms(true)).unwrap();
    let mut builder = GraphBuilder::new(g);
    builder.add_document(&with.extract(entgraph::Document::new("a", text)));
    let graph = builder.build();
    assert_eq!(graph.edge("china", "russia").map(|e| e.weight), Some(1));
    // The CLI flag, recorded in the graph.
    let out = Cmd::new().args(["extract", "-q", "--metonyms", "-f", "json"]).stdin(text).stdout();
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["graph"]["metonyms"], true);
    assert_eq!(json["nodes"].as_array().unwrap().len(), 2);
}

#[test]
fn metonyms_are_listed_with_their_kind_and_leave_gazetteer_matches_alone() {
    // A capital the gazetteer already matches as a country stays that mention.
    assert_eq!(metonyms("Luxembourg said it would veto the budget."), pairs(&[]));
    // The second of a pair after "between", with a country as the first.
    assert_eq!(
        metonyms("Tensions between Ukraine and Moscow grew after the strike."),
        pairs(&[("Moscow", "russia")])
    );
    let out = Cmd::new()
        .args(["extract", "-q", "--metonyms", "-f", "mentions"])
        .stdin("Downing Street denied the report.")
        .stdout();
    assert!(out.contains("\"alias_kind\":\"metonym\""), "{out}");
    assert!(out.contains("\"entity\":\"united-kingdom\""), "{out}");
}
