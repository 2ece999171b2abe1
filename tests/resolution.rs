// Resolution on the text layer: name chunks, person chains, sentence starts as
// the segmenter sees them, acronyms in capitals, title abbreviations and alias
// variants. Every sentence here was written for these tests.

use entgraph::{Extractor, ResolverConfig};

use crate::util::{bundled, bundled_extractor, found, pairs};

/// The matches inside longer names: `(match, enclosing name, entity)`.
fn in_names(text: &str) -> Vec<(String, String, String)> {
    let g = bundled();
    bundled_extractor()
        .extract(text)
        .in_names
        .iter()
        .map(|n| {
            (
                text[n.mention.span.range()].to_string(),
                text[n.name.range()].to_string(),
                g.entity(n.mention.entity).id.clone(),
            )
        })
        .collect()
}

fn ids(text: &str) -> Vec<String> {
    found(bundled_extractor(), text).into_iter().map(|(_, id)| id).collect()
}

#[test]
fn a_country_inside_a_longer_name_is_no_mention_of_it() {
    for (text, name) in [
        ("Passengers on Air France were delayed for hours.", "Air France"),
        ("The pilots of Kenya Airways went on strike.", "Kenya Airways"),
        ("Shares rose after the Bank of Canada cut rates.", "Bank of Canada"),
        ("She studied at Peru State College for a year.", "Peru State College"),
        ("The New Zealand Herald printed the story.", "New Zealand Herald"),
        ("Thousands attended Fan Expo Canada in August.", "Fan Expo Canada"),
    ] {
        let got = in_names(text);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!(got[0].1, name, "{text}");
        assert!(ids(text).is_empty(), "{text}: {:?}", ids(text));
    }
}

#[test]
fn a_country_whose_neighbours_are_explained_stays_a_mention() {
    for (text, id) in [
        ("The President of France arrived.", "france"),
        ("President Macron of France met the envoy.", "france"),
        ("Trade with Nazi Germany collapsed in 1939.", "germany"),
        ("Visiting Kenya, the minister praised the talks.", "kenya"),
        ("Talks between Canada and Mexico ended on Monday.", "canada"),
        ("China's airlines grew fast.", "china"),
    ] {
        assert!(ids(text).contains(&id.to_string()), "{text}: {:?}", ids(text));
        assert!(in_names(text).is_empty(), "{text}: {:?}", in_names(text));
    }
}

#[test]
fn in_names_are_kept_on_request() {
    let g = bundled();
    let text = "Passengers on Air France were delayed.";
    let extractor = Extractor::with_config(g, ResolverConfig::new().in_names(true)).unwrap();
    let doc = extractor.extract(text);
    assert_eq!(doc.mentions.len(), 1);
    assert_eq!(doc.mentions[0].kind, entgraph::MentionKind::InName);
    assert_eq!(doc.in_names.len(), 1);
}

#[test]
fn explain_names_the_chunk_behind_an_in_name_decision() {
    let g = bundled();
    let extractor = Extractor::with_config(g, ResolverConfig::new().explain(true)).unwrap();
    let doc = extractor.extract("He flew Kenya Airways to Nairobi.");
    let d = doc.decisions.iter().find(|d| d.rule == entgraph::Rule::InName).unwrap();
    assert!(d.note.contains("\"Kenya Airways\""), "{}", d.note);
}

#[test]
fn a_surname_refers_to_the_nearest_person_introduced_whoever_it_is() {
    // Ted Kennedy is not in the gazetteer: the later Kennedy is Ted.
    for text in [
        "Ted Kennedy spoke in Boston. Kennedy said the bill would pass.",
        "Senator Ted Kennedy spoke. Later, Mr Kennedy left the hall.",
        "Kennedy said the bill would pass, after Ted Kennedy spoke in Boston.",
        "Robert Kennedy and his staff arrived. Kennedy waved.",
        "Caroline Kennedy wrote a book. Kennedy signed copies in Boston.",
    ] {
        assert!(!ids(text).contains(&"john-f-kennedy".to_string()), "{text}: {:?}", ids(text));
    }
    // With the leader named in full too, the bare surname is the leader's:
    // relatives are named in full.
    assert_eq!(
        ids("Ted Kennedy spoke. Years later, John F. Kennedy was elected. Kennedy won."),
        ["john-f-kennedy", "john-f-kennedy"]
    );
    assert_eq!(
        ids("Donald Trump flew home. Ivanka Trump met him. Trump spoke first."),
        ["donald-trump", "donald-trump"]
    );
}

#[test]
fn a_surname_follows_a_namesake_introduced_before_the_leader() {
    // The outsider (with middle initials) is introduced first; the leader only
    // later, as a relative: the surnames before the leader's name are the outsider's.
    for text in [
        "Robert F. Kennedy spoke in Los Angeles. Senator Kennedy thanked the crowd. \
         He was the brother of President John F. Kennedy.",
        "Kennedy aide recalls the night. Robert F. Kennedy won the primary that day. \
         Kennedy was shot at midnight. His brother John F. Kennedy had died in 1963.",
        "Joseph P. Kennedy made a fortune in Boston. Kennedy later sent his son John F. Kennedy to Harvard.",
        "Caroline B. Kennedy wrote a book. Kennedy signed it in Boston. Her father John F. Kennedy was president.",
        "Hunter R. Biden ran a firm. Biden resigned from the board. His father Joe Biden said nothing.",
    ] {
        let found = found(bundled_extractor(), text);
        let leaders: Vec<_> = found
            .iter()
            .filter(|(s, id)| (id == "john-f-kennedy" || id == "joe-biden") && !s.contains(' '))
            .collect();
        assert!(leaders.is_empty(), "{text}: {found:?}");
    }
    // The leader named before the surname keeps it, whoever came first.
    assert_eq!(
        ids("Robert F. Kennedy spoke. Years later, John F. Kennedy was elected. Kennedy won."),
        ["john-f-kennedy", "john-f-kennedy"]
    );
}

#[test]
fn person_chains_do_not_depend_on_the_order_of_mentions() {
    for (a, b) in [
        ("Putin left. Mr Putin spoke.", "Mr Putin spoke. Putin left."),
        ("Obama left. President Obama spoke.", "President Obama spoke. Obama left."),
        ("Kennedy left. Ted Kennedy spoke.", "Ted Kennedy spoke. Kennedy left."),
        ("Putin spoke. Store the files.", "Store the files. Putin spoke."),
    ] {
        let (ma, mb) = (ids(a), ids(b));
        let mut sa = ma.clone();
        let mut sb = mb.clone();
        sa.sort();
        sb.sort();
        assert_eq!(sa, sb, "{a} | {b}");
    }
    assert_eq!(ids("Putin left. Mr Putin spoke."), ["vladimir-putin", "vladimir-putin"]);
}

#[test]
fn a_title_introduced_leader_carries_over_to_later_mr_mentions() {
    let text = "President Obama flew to Ohio on 3 May 2012. Mr Obama spoke there.";
    assert_eq!(ids(text), ["barack-obama", "barack-obama"]);
}

#[test]
fn sentence_starts_are_the_segmenters() {
    // After a colon or "vs." the surname is mid-sentence: not a capital of
    // sentence-initial position.
    for text in [
        "Result: Putin won the vote.",
        "Arsenal vs. Putin was no contest.",
        "The headline read: Putin wins.",
    ] {
        assert_eq!(ids(text), ["vladimir-putin"], "{text}");
    }
    // A sentence start after a numbered step, in a document that names nothing
    // else, is an ordinary word.
    assert!(ids("Wash the leaves. 3 Store the basil in a jar.").is_empty());
}

#[test]
fn acronyms_in_capitals_need_support() {
    for text in [
        "WHAT THE WHO SAID ABOUT IT",
        "SHE SAID WHO WOULD COME",
        "WE TOLD US TO WAIT HERE",
        "NOBODY KNEW WHO WON THE RACE",
        "ASK WHO IS IN CHARGE",
    ] {
        assert!(ids(text).is_empty(), "{text}: {:?}", ids(text));
    }
    // With the organisation named in the text, the acronym is supported.
    let text = "WHO WARNS OF NEW WAVE\n\nThe World Health Organization warned on Monday.";
    assert_eq!(ids(text), ["who", "who"]);
    // In ordinary text, the acronym stands on its own.
    assert_eq!(ids("The WHO warned on Monday."), ["who"]);
}

#[test]
fn title_abbreviations_name_offices() {
    for (text, who) in [
        ("Pres. Obama spoke on 3 May 2012.", "barack-obama"),
        ("Pres Obama spoke on 3 May 2012.", "barack-obama"),
        ("President Obama spoke on 3 May 2012.", "barack-obama"),
    ] {
        assert_eq!(
            found(bundled_extractor(), text),
            pairs(&[(&text[..text.find(" spoke").unwrap()], who)]),
            "{text}"
        );
    }
    // A dot that ends a sentence is no abbreviation.
    let text = "He thanked the President. Then Obama smiled.";
    assert_eq!(found(bundled_extractor(), text), pairs(&[("Obama", "barack-obama")]));
}

#[test]
fn a_sentence_start_the_document_also_writes_in_lower_case_is_that_word() {
    for (text, expected) in [
        ("China sells basil. Store the basil in a jar. A store nearby sells jars.", vec!["china"]),
        ("Russia sent envoys. Tusk marks were found. An elephant tusk is heavy.", vec!["russia"]),
        (
            "Britain imports timber. Truss designs vary. Each roof truss is tested.",
            vec!["united-kingdom"],
        ),
        ("China watched. Trump cards were played. He held a trump in hand.", vec!["china"]),
        // Without the word in lower case, the surname stands.
        ("China watched. Trump said the talks failed.", vec!["china", "donald-trump"]),
        // Introduced in full, the surname is the person's wherever it stands.
        (
            "Jonas Gahr Støre met them. Store said a store was closed.",
            vec!["jonas-gahr-store", "jonas-gahr-store"],
        ),
    ] {
        assert_eq!(ids(text), expected, "{text}");
    }
}

#[test]
fn a_one_word_name_refers_to_the_nearest_leader_named_in_full_who_bears_it() {
    for (text, expected) in [
        (
            "Napoleon III of France ruled. Napoleon's target was Mexico.",
            vec!["napoleon-iii", "france", "napoleon-iii", "mexico"],
        ),
        (
            "Napoleon's target was Mexico, wrote a biographer of Napoleon III.",
            vec!["napoleon-iii", "mexico", "napoleon-iii"],
        ),
        (
            "Napoleon Bonaparte fought. Later Napoleon III ruled. Napoleon lost at Sedan.",
            vec!["napoleon", "napoleon-iii", "napoleon-iii"],
        ),
        ("Napoleon invaded Russia in 1812.", vec!["napoleon", "russia"]),
        (
            "Napoleon III ruled later. Napoleon Bonaparte ruled before. Napoleon fought on.",
            vec!["napoleon-iii", "napoleon", "napoleon"],
        ),
    ] {
        assert_eq!(ids(text), expected, "{text}");
    }
}

#[test]
fn generated_alias_variants_are_found() {
    for (text, expected) in [
        ("John F Kennedy spoke in Dallas.", vec!["john-f-kennedy"]),
        ("John F. Kennedy spoke in Dallas.", vec!["john-f-kennedy"]),
        ("Kim Jongil inspected the troops.", vec!["kim-jong-il"]),
        ("Mao Tsetung wrote the book.", vec!["mao-zedong"]),
        ("The United Nations Food and Agriculture Organization warned of hunger.", vec!["fao"]),
        ("The U.N.'s envoy arrived.", vec!["un"]),
    ] {
        assert_eq!(ids(text), expected, "{text}");
    }
}

#[test]
fn a_quantified_role_phrase_names_no_holder() {
    // Dated: without a date no role phrase names anyone.
    let roles = |text: &str| {
        crate::util::bundled_extractor()
            .extract_dated(text, entgraph::gazetteer::Date::parse("2020-06-01"))
            .mentions
            .iter()
            .filter(|m| m.kind == entgraph::MentionKind::Role)
            .count()
    };
    for text in [
        "No US president has ever resigned twice.",
        "Any Russian president would object to the plan.",
        "Every French president has lived in the palace.",
        "Each Chinese president meets the press once a year.",
        "A US president rarely visits the island.",
        "Neither Russian president attended the summit.",
    ] {
        assert_eq!(roles(text), 0, "{text}");
    }
    // Definite phrases still name the holder.
    assert_eq!(roles("The US president spoke on Monday."), 1);
    assert_eq!(roles("On Monday the Russian president flew home."), 1);
}

#[test]
fn a_leaders_given_name_before_another_surname_is_another_person() {
    // Pope Francis is supported by the Vatican in each text; the Francis here
    // carries another surname.
    for text in [
        "The Vatican hosted the talks, and Representative Francis Rooney attended.",
        "The Vatican said Francis Collins would speak on health.",
        "Visitors to the Vatican also saw Francis Bacon paintings in Rome.",
        "Pilgrims left the Vatican as Francis Drake sailed into the harbour of a film set.",
        "The Vatican archive lent letters to Francis Crick for a display.",
    ] {
        let ids = ids(text);
        assert!(!ids.contains(&"pope-francis".to_string()), "{text}: {ids:?}");
    }
    // Alone, the one name is the pope's.
    assert!(
        ids("The Vatican said Francis would travel to Iraq.").contains(&"pope-francis".to_string())
    );
}

/// Filler of ordinary words, long enough that a name after it stands nearer to
/// the surname than a name before it.
const FILLER: &str = "The talks went on through the night and into the next morning, \
    with aides carrying papers between rooms, lawyers reading every line twice, \
    and reporters waiting in the cold outside the gates for any word at all. \
    Nobody left the building before dawn, and the kitchens stayed open all night. \
    By breakfast the drafts had changed four times, and the printers had run out \
    of paper twice. ";

#[test]
fn a_surname_shared_by_two_leaders_refers_back_to_the_one_introduced_before_it() {
    for (first, surname, second, expected) in [
        ("George W. Bush", "Bush", "George H. W. Bush", "george-w-bush"),
        ("George H. W. Bush", "Bush", "George W. Bush", "george-h-w-bush"),
        ("Benazir Bhutto", "Bhutto", "Zulfikar Ali Bhutto", "benazir-bhutto"),
        ("Zulfikar Ali Bhutto", "Bhutto", "Benazir Bhutto", "zulfikar-ali-bhutto"),
        ("Rajiv Gandhi", "Gandhi", "Indira Gandhi", "rajiv-gandhi"),
        ("Justin Trudeau", "Trudeau", "Pierre Trudeau", "justin-trudeau"),
    ] {
        // The second person is named right after the surname, the first far before.
        let text = format!(
            "{first} arrived on Monday. {FILLER}{surname} said the deal was done. \
             {second} had said so too."
        );
        let got = found(bundled_extractor(), &text);
        let bare: Vec<_> = got.iter().filter(|(s, _)| s == surname).collect();
        assert_eq!(bare.len(), 1, "{text}: {got:?}");
        assert_eq!(bare[0].1, expected, "{text}: {got:?}");
    }
    // With nobody introduced before it, the surname looks forward to the nearest.
    let text = format!(
        "Bush said the deal was done. George W. Bush spoke first. {FILLER}\
         George H. W. Bush came later."
    );
    let got = found(bundled_extractor(), &text);
    assert_eq!(got[0], ("Bush".to_string(), "george-w-bush".to_string()), "{got:?}");
}

/// A compass word right before a country's name narrows the place to a region
/// of it, a place of its own: not a mention of the country, and not a match
/// inside a proper name either (the phrase is a description).
#[test]
fn a_compass_word_before_a_country_names_a_region_of_it() {
    for text in [
        "Fighting in northern Iraq went on for a week.",
        "Aid reached eastern Ukraine by train.",
        "Floods hit south-eastern Turkey on Sunday.",
        "Farms in central Mexico were dry.",
        "The border with western Kenya stayed open.",
        // The capital is the sentence's: read as in lower case.
        "Northern Iraq saw more fighting.",
        // A heading capitalises every word.
        "Fighting Spreads In Northern Iraq\n\nThe army moved on Monday.",
    ] {
        assert!(ids(text).is_empty(), "{text}: {:?}", ids(text));
        assert!(in_names(text).is_empty(), "{text}: {:?}", in_names(text));
    }
    // The country itself, beside the same words, is still a mention.
    for (text, id) in [
        ("Iraq's northern provinces saw fighting.", "iraq"),
        ("Fighting in the north of Iraq went on.", "iraq"),
        ("Turkey moved troops north on Sunday.", "turkey"),
        ("The northern border of Kenya stayed open.", "kenya"),
        ("Mexico, northern and southern alike, voted.", "mexico"),
    ] {
        assert_eq!(ids(text), [id], "{text}");
    }
}

#[test]
fn a_capitalised_compass_word_opens_a_regions_own_name() {
    for (text, name) in [
        ("Officials in Western Australia agreed on Monday.", "Western Australia"),
        ("Officials in South Australia agreed on Monday.", "South Australia"),
        ("Refugees returned to Southern Sudan in 2005.", "Southern Sudan"),
        ("Exports from Northern Italy rose last year.", "Northern Italy"),
        ("The wine of Central Otago and of Eastern Finland sold well.", "Eastern Finland"),
    ] {
        let got = in_names(text);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!(got[0].1, name, "{text}");
        assert!(ids(text).is_empty(), "{text}: {:?}", ids(text));
    }
}

#[test]
fn a_compass_word_names_one_half_of_a_divided_state_once_the_rest_is_clear() {
    for (text, expected) in [
        ("North and South Korea held talks on Monday.", vec!["north-korea", "south-korea"]),
        ("East and West Germany signed the treaty.", vec!["east-germany", "west-germany"]),
        (
            "North Korea fired a missile. South Korea protested, and the North said nothing.",
            vec!["north-korea", "south-korea", "north-korea"],
        ),
        (
            "South Korea sent envoys to North Korea. The South wants talks.",
            vec!["south-korea", "north-korea", "south-korea"],
        ),
        (
            "South Vietnam fell to North Vietnam, and the South was no more.",
            vec!["south-vietnam", "vietnam", "south-vietnam"],
        ),
    ] {
        assert_eq!(ids(text), expected, "{text}");
    }
    // The rest is not clear: one half named, or a longer name.
    for (text, expected) in [
        ("North Korea fired a missile, and the North said nothing.", vec!["north-korea"]),
        ("The South voted for the senator again.", vec![]),
        (
            "North Korea and South Korea met. Ships crossed the North Atlantic.",
            vec!["north-korea", "south-korea"],
        ),
        ("North and South Dakota voted.", vec![]),
        // `the West` is as often the Western world.
        (
            "East Germany traded with West Germany, and the West sent aid.",
            vec!["east-germany", "west-germany"],
        ),
        ("Troops moved north and south of Korea's border.", vec![]),
    ] {
        assert_eq!(ids(text), expected, "{text}");
    }
}

#[test]
fn explain_names_the_chain_behind_a_surname_decision() {
    let g = bundled();
    let extractor = Extractor::with_config(g, ResolverConfig::new().explain(true)).unwrap();
    let note = |text: &str, at: &str| {
        let start = text.rfind(at).unwrap();
        let doc = extractor.extract(text);
        let d = doc.decisions.iter().find(|d| d.span.start == start).unwrap();
        (d.rule, d.note.clone())
    };
    for (text, at, rule, says) in [
        (
            "George W. Bush spoke. George H. W. Bush listened. Bush left.",
            "Bush left",
            entgraph::Rule::IntroducedSurname,
            "\"George H. W. Bush\" at byte 22",
        ),
        (
            "Bush left early. George W. Bush spoke later.",
            "Bush left",
            entgraph::Rule::IntroducedSurname,
            "\"George W. Bush\"",
        ),
        (
            "Ted Kennedy spoke in Boston. Kennedy left.",
            "Kennedy left",
            entgraph::Rule::OtherPersonChain,
            "\"Ted Kennedy\"",
        ),
        (
            "Donald Trump flew home. Melania Trump waved.",
            "Trump waved",
            entgraph::Rule::OtherPerson,
            "\"Melania\"",
        ),
        (
            "Egypt and Jordan signed the deal. Photos by Jordan Martinez.",
            "Jordan Martinez",
            entgraph::Rule::PersonNameContext,
            "in the person's name \"Jordan Martinez\"",
        ),
        (
            "North Korea fired. South Korea protested, and the North said nothing.",
            "North said",
            entgraph::Rule::ContextSupport,
            "both halves",
        ),
    ] {
        let (r, n) = note(text, at);
        assert_eq!(r, rule, "{text}: {n}");
        assert!(n.contains(says), "{text}: {n}");
    }
}

// ---- Temporal coherence: a name several leaders share, by the era ----

/// `(mention text, entity id)` of the leaders in `text`, written on `date`.
fn leaders_dated(text: &str, date: Option<&str>) -> Vec<(String, String)> {
    let g = bundled();
    let date = date.map(|d| entgraph::gazetteer::Date::parse(d).expect("a test date"));
    bundled_extractor()
        .extract_dated(text, date)
        .mentions
        .iter()
        .filter(|m| g.entity(m.entity).entity_type == entgraph::EntityType::Leader)
        .map(|m| (text[m.span.range()].to_string(), g.entity(m.entity).id.clone()))
        .collect()
}

fn leaders(text: &str) -> Vec<(String, String)> {
    leaders_dated(text, None)
}

#[test]
fn a_shared_name_goes_to_the_contemporary_of_the_leaders_named_beside_it() {
    for (text, expected) in [
        (
            "Mikhail Gorbachev and George Bush shook hands on the deck of a ship.",
            vec![("Mikhail Gorbachev", "mikhail-gorbachev"), ("George Bush", "george-h-w-bush")],
        ),
        (
            "President Roosevelt sat beside Joseph Stalin for the photographers.",
            vec![
                ("President Roosevelt", "franklin-d-roosevelt"),
                ("Joseph Stalin", "joseph-stalin"),
            ],
        ),
        (
            "Prime Minister Gandhi welcomed Richard Nixon's envoy to Delhi.",
            vec![("Prime Minister Gandhi", "indira-gandhi"), ("Richard Nixon", "richard-nixon")],
        ),
        // A state of limited lifetime is a contemporary too.
        (
            "George Bush toured West Germany before the wall came down.",
            vec![("George Bush", "george-h-w-bush")],
        ),
        // A contemporary in another paragraph, when the paragraph names none.
        (
            "Mikhail Gorbachev praised the treaty in Moscow.\n\nGeorge Bush spoke on Monday.",
            vec![("Mikhail Gorbachev", "mikhail-gorbachev"), ("George Bush", "george-h-w-bush")],
        ),
        // A year written out beside it.
        ("In 1990, George Bush signed the budget.", vec![("George Bush", "george-h-w-bush")]),
        ("George Bush signed the budget in 2003.", vec![("George Bush", "george-w-bush")]),
    ] {
        assert_eq!(leaders(text), pairs(&expected), "{text}");
    }
}

#[test]
fn a_shared_name_goes_to_the_leader_in_office_at_the_documents_date() {
    let text = "George Bush spoke to the farmers on Monday.";
    assert_eq!(leaders_dated(text, Some("2006-05-01")), pairs(&[("George Bush", "george-w-bush")]));
    assert_eq!(leaders_dated(text, Some("1991")), pairs(&[("George Bush", "george-h-w-bush")]));
    // A date far from both names no one.
    assert_eq!(leaders_dated(text, Some("2024-03-01")), pairs(&[]));
    assert_eq!(leaders_dated(text, Some("1960")), pairs(&[]));
    // A contemporary in the paragraph outweighs the date of writing: a text
    // written in 2006 that recalls Gorbachev speaks of his time.
    let recalled = "Looking back, Mikhail Gorbachev and George Bush had agreed on Germany.";
    assert_eq!(
        leaders_dated(recalled, Some("2006-05-01")),
        pairs(&[("Mikhail Gorbachev", "mikhail-gorbachev"), ("George Bush", "george-h-w-bush")])
    );
}

#[test]
fn the_leader_the_era_chose_introduces_the_surname() {
    let text = "Mikhail Gorbachev met George Bush on a ship. Bush said little. \
                Reporters asked Mr Bush about Berlin, and the Bush administration stayed quiet.";
    let got = leaders(text);
    let bushes: Vec<&str> =
        got.iter().filter(|(_, id)| id.starts_with("george")).map(|(_, id)| id.as_str()).collect();
    assert_eq!(bushes, ["george-h-w-bush"; 4], "{got:?}");
    // A title and a surname introduce the leader as well.
    let text =
        "President Roosevelt sat beside Joseph Stalin. Mr Roosevelt smiled, and Roosevelt spoke.";
    let got = leaders(text);
    let fdr = got.iter().filter(|(_, id)| id == "franklin-d-roosevelt").count();
    assert_eq!((fdr, got.len()), (3, 4), "{got:?}");
    // The surname before the full name follows it too, whichever comes first.
    let reversed =
        "Bush said little. Reporters waited. Mikhail Gorbachev met George Bush on a ship.";
    assert_eq!(
        leaders(reversed),
        pairs(&[
            ("Bush", "george-h-w-bush"),
            ("Mikhail Gorbachev", "mikhail-gorbachev"),
            ("George Bush", "george-h-w-bush"),
        ])
    );
}

#[test]
fn the_era_does_not_depend_on_the_order_of_sentences() {
    let a = "Mikhail Gorbachev arrived in Malta.";
    let b = "George Bush arrived a day later.";
    let c = "Bush brought his advisers.";
    for order in [[a, b, c], [c, b, a], [b, a, c], [c, a, b]] {
        let text = order.join(" ");
        let mut got = leaders(&text);
        got.sort();
        assert_eq!(
            got,
            pairs(&[
                ("Bush", "george-h-w-bush"),
                ("George Bush", "george-h-w-bush"),
                ("Mikhail Gorbachev", "mikhail-gorbachev"),
            ]),
            "{text}"
        );
    }
}

#[test]
fn without_a_clear_era_a_shared_name_stays_dropped() {
    for text in [
        // No anchor at all.
        "George Bush spoke to the farmers on Monday.",
        // A contemporary of both: Clinton followed the one and preceded the other.
        "Bill Clinton and George Bush met at the library.",
        // An anchor far from both.
        "Abraham Lincoln is remembered here, and George Bush spoke.",
        // A year far from both, and one between them.
        "In 1950, George Bush was still at school.",
        "In 1997, George Bush was a governor.",
        // Contemporaries that point different ways: the nearest points to the
        // elder, two others to the younger.
        "Mikhail Gorbachev met George Bush in the harbour. Barack Obama and Tony Blair sent notes.",
        // A bare surname needs an introduction, era or not.
        "Mikhail Gorbachev met Bush in the harbour.",
        // The title of another office, which the gazetteer does not hold.
        "Mikhail Gorbachev thanked Vice President Bush for the visit.",
    ] {
        let got = leaders(text);
        assert!(got.iter().all(|(_, id)| !id.starts_with("george")), "{text}: {got:?}");
    }
}

#[test]
fn a_namesake_outside_the_gazetteer_is_not_chosen_by_the_era() {
    // Another given name before the surname: another person, whatever the era.
    let text = "Mikhail Gorbachev met Jeb Bush. Bush smiled for the cameras.";
    let got = leaders(text);
    assert_eq!(got, pairs(&[("Mikhail Gorbachev", "mikhail-gorbachev")]), "{got:?}");
}

#[test]
fn explain_names_the_anchor_behind_an_era_decision() {
    let g = bundled();
    let extractor = Extractor::with_config(g, ResolverConfig::new().explain(true)).unwrap();
    let text = "Mikhail Gorbachev and George Bush shook hands. Bush left.";
    let doc = extractor.extract(text);
    let at =
        |s: &str| doc.decisions.iter().find(|d| d.span.start == text.rfind(s).unwrap()).unwrap();
    let full = at("George Bush");
    assert_eq!(full.rule, entgraph::Rule::Era);
    assert_eq!(full.rule.as_str(), "era");
    assert!(
        full.note.contains("George H. W. Bush (1989–1993) overlaps Mikhail Gorbachev (1985–1991)"),
        "{}",
        full.note
    );
    assert!(full.note.contains("George W. Bush (2001–2009) is 9 years from it"), "{}", full.note);
    let surname = at("Bush left");
    assert_eq!(surname.rule, entgraph::Rule::Era);
    assert!(surname.note.contains("\"George Bush\" at byte 22"), "{}", surname.note);
    let titled = "President Roosevelt sat beside Joseph Stalin. Roosevelt spoke.";
    let doc2 = extractor.extract(titled);
    let d = doc2.decisions.iter().find(|d| d.span.start == titled.rfind("Roosevelt").unwrap());
    let note = &d.unwrap().note;
    assert!(note.contains("introduced by a title and surname at byte 10"), "{note}");
    let m = doc.mentions.iter().find(|m| m.span.start == 22).unwrap();
    assert_eq!(m.rule, entgraph::Rule::Era);
    // A document whose date decides says so.
    let dated = extractor
        .extract_dated("George Bush spoke.", entgraph::gazetteer::Date::parse("2006-05-01"));
    assert!(dated.decisions[0].note.contains("was in office at the document's date 2006-05-01"));
}

#[test]
fn an_office_title_inside_another_offices_title_names_no_holder() {
    // Lagumot Harris was President of Nauru in 1996: "President Harris" is he.
    let date = Some("1996-03-01");
    assert_eq!(
        leaders_dated("President Harris spoke in Yaren.", date),
        pairs(&[("President Harris", "lagumot-harris")])
    );
    // "Vice President", "Deputy President", "Assistant Secretary", "Under
    // Secretary": another office's title, whose holder the default gazetteer does
    // not know; the president inside it is not read.
    for text in [
        "Vice President Harris spoke in Yaren.",
        "Deputy President Harris spoke in Yaren.",
        "The vice President Harris spoke in Yaren.",
        "Later, Vice President Harris flew home.",
        "He met Under President Harris, as the post is called.",
    ] {
        assert_eq!(leaders_dated(text, date), pairs(&[]), "{text}");
    }
}
