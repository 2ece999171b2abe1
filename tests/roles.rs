// Role phrases and the document's context: the date (given or from a dateline),
// the home country (given or inferred), bare role phrases, and the generic, past
// and other-person uses that name no holder of the day. Every sentence here was
// written for these tests.

use entgraph::gazetteer::Date;
use entgraph::resolve::{ContextSource, DocContext};
use entgraph::{Extractor, MentionKind, ResolverConfig, Rule};

use crate::util::{Cmd, bundled, bundled_extractor};

/// `(phrase, person id)` of every role mention of `text` in context `cx`.
fn roles_in(text: &str, cx: &DocContext) -> Vec<(String, String)> {
    let g = bundled();
    bundled_extractor()
        .extract_with(text, cx)
        .mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Role)
        .map(|m| (text[m.span.range()].to_string(), g.entity(m.entity).id.clone()))
        .collect()
}

/// The people role phrases name in `text`, written on `date` in `home` (if given).
fn roles(text: &str, date: Option<&str>, home: Option<&str>) -> Vec<String> {
    let cx = DocContext::new()
        .date(date.map(|d| Date::parse(d).expect("a test date")))
        .home(home.map(|h| bundled().get(h).expect("a test country")));
    roles_in(text, &cx).into_iter().map(|(_, id)| id).collect()
}

fn date(s: &str) -> Option<Date> {
    Date::parse(s)
}

// ---- 1. The document's date and home ----

#[test]
fn a_dateline_dates_the_document() {
    let text = "MOSCOW, March 3, 2008 (Reuters) - The Russian president met the envoy.";
    assert_eq!(roles(text, None, None), ["vladimir-putin"]);
    let doc = bundled_extractor().extract(text);
    assert_eq!(doc.context.date, Some((date("2008-03-03").unwrap(), ContextSource::Dateline)));
    // Two months later Medvedev held the office.
    let text = "MOSCOW, June 3, 2008 (Reuters) - The Russian president met the envoy.";
    assert_eq!(roles(text, None, None), ["dmitry-medvedev"]);
    // Day before month, and a dash after the place.
    let text = "PARIS, 3 March 2015 — The French president spoke.";
    assert_eq!(roles(text, None, None), ["francois-hollande"]);
}

#[test]
fn a_weekday_dateline_under_a_headline_dates_the_document() {
    let text = "Storm closes schools\n\nFriday, March 6, 2015\n\nThe French president visited.";
    assert_eq!(roles(text, None, None), ["francois-hollande"]);
    let doc = bundled_extractor().extract(text);
    assert_eq!(doc.context.date.map(|(d, _)| d.to_string()).as_deref(), Some("2015-03-06"));
}

#[test]
fn a_dateline_without_a_date_and_years_in_the_body_give_no_date() {
    for text in [
        "WASHINGTON (AP) — The Russian president spoke about the 2019 budget.",
        "The Russian president said in a speech that 2010 was hard.",
        "The Russian president, elected in 2012, spoke in 2014.",
        // A sentence that opens with a date is not a dateline.
        "March 3, 2008 was the day the Russian president spoke.",
    ] {
        let doc = bundled_extractor().extract(text);
        assert_eq!(doc.context.date, None, "{text}");
        assert!(doc.mentions.iter().all(|m| m.kind != MentionKind::Role), "{text}");
        assert_eq!(doc.context.undated_roles, 1, "{text}");
    }
}

#[test]
fn the_input_date_wins_over_the_dateline() {
    let text = "MOSCOW, March 3, 2008 (Reuters) - The Russian president met the envoy.";
    assert_eq!(roles(text, Some("2009-01-01"), None), ["dmitry-medvedev"]);
    let doc = bundled_extractor().extract_dated(text, date("2009-01-01"));
    assert_eq!(doc.context.date.map(|(_, how)| how), Some(ContextSource::Given));
}

#[test]
fn a_country_that_dominates_the_document_is_its_home() {
    let text = "Canada's budget passed. Canadian farmers cheered, and Canada's banks \
                agreed. The prime minister thanked France.";
    assert_eq!(roles(text, Some("2019-03-01"), None), ["justin-trudeau"]);
    let doc = bundled_extractor().extract_dated(text, date("2019-03-01"));
    let (home, how) = doc.context.home.expect("a home");
    assert_eq!((bundled().entity(home).id.as_str(), how), ("canada", ContextSource::Inferred));
    // Two countries as often as each other: no home, no one named.
    let text = "Canada and France signed. Canada and France agreed. The prime minister spoke.";
    assert!(roles(text, Some("2019-03-01"), None).is_empty());
    // Named twice only: not enough to be the home.
    let text = "Canada signed. Canada agreed. The prime minister spoke.";
    assert!(roles(text, Some("2019-03-01"), None).is_empty());
}

#[test]
fn a_given_home_wins_over_the_countries_named() {
    let text = "France, France and France again. The prime minister spoke.";
    assert_eq!(roles(text, Some("2019-03-01"), Some("united-kingdom")), ["theresa-may"]);
    // France's prime minister in 2019, when France is the home.
    assert_eq!(roles(text, Some("2019-03-01"), None), ["edouard-philippe"]);
}

#[test]
fn the_cli_takes_a_country_and_reports_undated_role_phrases_once() {
    let text = "The prime minister spoke.";
    let out = Cmd::new()
        .args(["extract", "--format", "mentions", "--date", "2019-03-01", "--country", "GBR"])
        .stdin(text)
        .stdout();
    assert!(out.contains("theresa-may"), "{out}");
    // A JSON Lines field gives each document its own home; the warning about
    // undated role phrases comes once, with the count of the whole run.
    let lines = concat!(
        "{\"id\":\"a\",\"text\":\"The president spoke.\",\"date\":\"2019-01-01\",\"country\":\"FR\"}\n",
        "{\"id\":\"b\",\"text\":\"The German chancellor spoke.\"}\n",
        "{\"id\":\"c\",\"text\":\"The Russian president and the US president met.\"}\n",
    );
    let out = Cmd::new().args(["extract", "--format", "mentions"]).stdin(lines).run();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("emmanuel-macron"), "{stdout}");
    assert_eq!(stderr.matches("named no one").count(), 1, "{stderr}");
    assert!(stderr.contains("3 role phrases"), "{stderr}");
    // A country that is not one is a clear error.
    let out = Cmd::new().args(["extract", "--country", "XX"]).stdin(text).run();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--country \"XX\""));
    let bad = "{\"id\":\"a\",\"text\":\"The president spoke.\",\"country\":\"Atlantis\"}\n";
    let out = Cmd::new().args(["extract", "--format", "mentions"]).stdin(bad).run();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("skipped -:1:") && stderr.contains("Atlantis"), "{stderr}");
}

#[test]
fn explain_says_where_the_date_and_home_came_from() {
    let text = "OTTAWA, May 2, 2019 (CP) - Canada, Canada and Canada: the prime minister spoke.";
    let out = Cmd::new().args(["extract", "--explain", "--format", "mentions"]).stdin(text).run();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("date 2019-05-02 (from the dateline)"), "{stderr}");
    assert!(stderr.contains("home canada (inferred: canada named 3 times"), "{stderr}");
}

// ---- 2. Bare role phrases ----

#[test]
fn bare_phrases_name_the_home_holder_on_the_date() {
    let d = Some("2019-03-01");
    assert_eq!(roles("The prime minister spoke.", d, Some("united-kingdom")), ["theresa-may"]);
    assert_eq!(roles("The PM spoke.", d, Some("united-kingdom")), ["theresa-may"]);
    assert_eq!(roles("The president spoke.", d, Some("france")), ["emmanuel-macron"]);
    assert_eq!(roles("The chancellor spoke.", d, Some("germany")), ["angela-merkel"]);
    assert_eq!(roles("The premier spoke.", d, Some("china")), ["li-keqiang"]);
    // A later date, a later holder.
    assert_eq!(
        roles("The prime minister spoke.", Some("2020-01-01"), Some("united-kingdom")),
        ["boris-johnson"]
    );
}

#[test]
fn bare_phrases_without_a_home_or_a_date_name_no_one() {
    assert!(roles("The prime minister spoke.", Some("2019-03-01"), None).is_empty());
    assert!(roles("The prime minister spoke.", None, Some("united-kingdom")).is_empty());
    let doc = bundled_extractor().extract_with(
        "The prime minister spoke.",
        &DocContext::new().home(bundled().get("united-kingdom")),
    );
    assert_eq!(doc.context.undated_roles, 1);
}

#[test]
fn one_office_worldwide_needs_no_home() {
    assert_eq!(roles("The Pope prayed.", Some("2019-03-01"), None), ["pope-francis"]);
    assert_eq!(roles("The pope prayed.", Some("2010-03-01"), None), ["pope-benedict-xvi"]);
    assert_eq!(roles("The Taoiseach spoke.", Some("2019-03-01"), Some("france")), ["leo-varadkar"]);
}

#[test]
fn the_secretary_general_heads_the_organisation_the_document_is_about() {
    let text = "The UN met. The UN voted. The secretary-general spoke.";
    assert_eq!(roles(text, Some("2019-03-01"), None), ["antonio-guterres"]);
    let text = "The UN met. The UN voted. The Secretary General spoke.";
    assert_eq!(roles(text, Some("2010-03-01"), None), ["ban-ki-moon"]);
    // No organisation named: no one.
    assert!(roles("The secretary-general spoke.", Some("2019-03-01"), None).is_empty());
}

#[test]
fn bare_phrases_that_name_something_else_are_left_alone() {
    let home = Some("france");
    let d = Some("2019-03-01");
    for text in [
        "The president of the chess club resigned.",
        "The president-elect spoke.",
        "The President Barack Obama spoke.",
        "The former president spoke.",
        "The vice president spoke.",
        "They met the deputy prime minister.",
    ] {
        assert!(roles(text, d, home).is_empty(), "{text}: {:?}", roles(text, d, home));
    }
}

// ---- 3. Generic, past and other-person uses ----

#[test]
fn quantifiers_and_generics_name_no_one() {
    let d = Some("2019-03-01");
    for text in [
        "Every US president since Truman has visited.",
        "No British prime minister has resigned over it.",
        "Any French president would refuse.",
        "A future Russian president may change it.",
        "Whoever becomes the French president will decide.",
        "Whoever is the prime minister will be weak.",
        "Citizens do not elect the prime minister directly.",
        "An electoral college elects the US president.",
    ] {
        assert!(roles(text, d, Some("united-kingdom")).is_empty(), "{text}");
    }
}

#[test]
fn phrases_that_describe_the_office_name_no_one() {
    let d = Some("2019-03-01");
    for (text, home) in [
        ("The president is elected by parliament for five years.", "germany"),
        ("The president is directly elected every seven years.", "ireland"),
        ("The prime minister is appointed by the king.", "spain"),
        ("The French president serves a five-year term.", "france"),
        ("The chancellor must be a member of the Bundestag.", "germany"),
    ] {
        assert!(roles(text, d, Some(home)).is_empty(), "{text}: {:?}", roles(text, d, Some(home)));
    }
    // The same phrase that does something is the holder.
    assert_eq!(roles("The chancellor spoke.", d, Some("germany")), ["angela-merkel"]);
}

#[test]
fn phrases_with_their_own_years_name_no_holder_of_the_day() {
    let d = Some("2019-03-01");
    for text in [
        "The French president in 1987 was a socialist.",
        "In 1987, the French president vetoed it.",
        "The Russian president from 1991 to 1999 drank.",
        "The prime minister of Canada between 1968 and 1979 was popular.",
        "The French president (1995-2007) spoke.",
        "In March 1987, the prime minister resigned.",
    ] {
        assert!(roles(text, d, Some("canada")).is_empty(), "{text}: {:?}", roles(text, d, None));
    }
    // The document's own year, or "since", ties it to no other time.
    assert_eq!(roles("In 2019, the French president spoke.", d, None), ["emmanuel-macron"]);
    assert_eq!(roles("The French president since 2017 spoke.", d, None), ["emmanuel-macron"]);
}

#[test]
fn former_then_late_ex_and_ordinals_name_no_holder_of_the_day() {
    let d = Some("2019-03-01");
    for text in [
        "The former prime minister spoke.",
        "The then prime minister spoke.",
        "The then-prime minister spoke.",
        "The late president was buried.",
        "The ex-president spoke.",
        "The 44th president spoke.",
        "The first president of France was elected.",
        "The former French president spoke.",
        "The late US president was buried.",
    ] {
        assert!(roles(text, d, Some("united-states")).is_empty(), "{text}");
    }
}

#[test]
fn past_perfect_narration_names_the_earlier_holder_named_before() {
    let d = Some("2019-03-01");
    let text = "Barack Obama signed the accord in 2015. The president had promised it for years.";
    assert_eq!(roles(text, d, Some("united-states")), ["barack-obama"]);
    let text = "Tony Blair sent troops. The British prime minister had been warned.";
    assert_eq!(roles(text, d, None), ["tony-blair"]);
    // Past perfect about the holder of the day stays with them.
    let text = "Donald Trump spoke. The president had promised it.";
    assert_eq!(roles(text, d, Some("united-states")), ["donald-trump"]);
    // Without past perfect, the holder of the day.
    let text = "Barack Obama signed the accord in 2015. The president promised to keep it.";
    assert_eq!(roles(text, d, Some("united-states")), ["donald-trump"]);
}

#[test]
fn an_appositive_names_the_person_beside_it() {
    let d = Some("2019-03-01");
    // A holder of another time: the phrase is Blair, and Blair leads the country.
    let text = "Tony Blair, the British prime minister, said so.";
    assert_eq!(roles(text, d, None), ["tony-blair"]);
    let doc = bundled_extractor().extract_dated(text, date("2019-03-01"));
    let g = bundled();
    let leads: Vec<(&str, &str)> = doc
        .relations
        .iter()
        .filter(|r| r.kind.as_str() == "leader_of")
        .map(|r| (g.entity(r.source).id.as_str(), g.entity(r.target).id.as_str()))
        .collect();
    assert_eq!(leads, [("tony-blair", "united-kingdom")]);
    // "X, the prime minister of Y, said"; "X, Y's president,".
    let text = "Nelson Mandela, South Africa's president from 1994 to 1999, spoke.";
    assert_eq!(roles(text, d, None), ["nelson-mandela"]);
    let text = "Jacques Chirac, the president of France, arrived.";
    assert_eq!(roles(text, d, None), ["jacques-chirac"]);
    let doc = bundled_extractor().extract_dated(text, date("2019-03-01"));
    assert!(doc.relations.iter().any(|r| r.kind.as_str() == "leader_of"
        && g.entity(r.source).id == "jacques-chirac"
        && g.entity(r.target).id == "france"));
    // A predicate: "X was the president".
    let text = "Jacques Chirac was the French president then.";
    assert_eq!(roles(text, d, None), ["jacques-chirac"]);
    let text = "Jacques Chirac, who was the president of France, spoke.";
    assert_eq!(roles(text, d, None), ["jacques-chirac"]);
}

#[test]
fn an_appositive_with_a_person_outside_the_gazetteer_names_no_holder() {
    let d = Some("2019-03-01");
    for text in [
        "Harald Quinnby, the prime minister of Canada, said so.",
        "Harald Quinnby, Canada's prime minister, said so.",
        "Harald Quinnby, the Canadian prime minister.",
        "Harald Quinnby is the prime minister of Canada.",
    ] {
        assert!(roles(text, d, None).is_empty(), "{text}: {:?}", roles(text, d, None));
    }
    // With --explain, the decision says why.
    let extractor = Extractor::with_config(bundled(), ResolverConfig::new().explain(true)).unwrap();
    let text = "Harald Quinnby, the prime minister of Canada, said so.";
    let doc = extractor.extract_dated(text, date("2019-03-01"));
    let d = doc.decisions.iter().find(|d| d.rule == Rule::Appositive).expect("a decision");
    assert!(d.chosen.is_none());
    assert!(
        d.note.contains("Harald Quinnby") && d.note.contains("not in the gazetteer"),
        "{}",
        d.note
    );
    // A place before the comma is no appositive: the holder of the day.
    let text = "In New York, the Canadian prime minister spoke.";
    assert_eq!(roles(text, Some("2019-03-01"), None), ["justin-trudeau"]);
}

#[test]
fn explain_says_an_appositive_is_evidence_against_the_gazetteer_term() {
    let extractor = Extractor::with_config(bundled(), ResolverConfig::new().explain(true)).unwrap();
    let text = "Tony Blair, the British prime minister, said so.";
    let doc = extractor.extract_dated(text, date("2019-03-01"));
    let d = doc.decisions.iter().find(|d| d.rule == Rule::Appositive).expect("a decision");
    assert_eq!(d.chosen, bundled().get("tony-blair"));
    assert!(d.note.contains("the text is evidence"), "{}", d.note);
}

#[test]
fn a_role_phrase_before_text_in_other_scripts_reads_on() {
    // The test for "of" after a role phrase looks at three bytes, which may end
    // inside a character: the phrase still resolves, and nothing panics.
    for text in ["He met the Pope  北京.", "He met the Pope ab€.", "She greeted the Pope   é"]
    {
        assert_eq!(roles(text, Some("2015-03-01"), None), ["pope-francis"], "{text}");
    }
    assert_eq!(roles("He met the Pope of€ Rome.", Some("2015-03-01"), None), ["pope-francis"]);
}
