//! Who did it to whom, on sentences written for attache: constructions where the coder must not
//! take the wrong actor (a town modifying a meeting, a passive of expecting with no agent, a
//! group named by its sponsor, a generic noun beside a condition naming another country) and
//! constructions whose actors are lists (a list of names parsed as an apposition); and a verb
//! too common to be an event alone ("take advantage").

mod support;

use attache_events::{code_mentions, ActorResolver, Coding, DocMeta};
use attache_time::TimeLayer;

fn code(text: &str) -> Vec<Coding> {
    let nlp = support::nlp();
    let kb = support::kb();
    let rules = support::rules();
    let doc = support::parse(&nlp, text);
    let actors = kb.actors_of(&doc, None);
    code_mentions(&doc, &TimeLayer::default(), &actors, &rules, &DocMeta::plain("t", "0", None))
}

fn countries(list: &[attache_record::ActorRef]) -> Vec<String> {
    list.iter().map(|a| a.country.map_or("---".to_string(), |c| c.as_str().to_string())).collect()
}

#[test]
fn a_town_modifying_a_meeting_is_its_place_not_its_source() {
    for c in code("The Madrid talks will keep the minister from travelling to Chile.") {
        assert!(!countries(&c.actors).contains(&"ESP".to_string()), "{:?} -> {:?}", c.actors, c.rule_id);
    }
}

#[test]
fn a_passive_of_expecting_without_agent_is_nobodys_act() {
    let codings = code("Norway is expected to host a conference on fisheries next month.");
    assert!(codings.iter().all(|c| !c.rule_id.ends_with("/expect")), "{codings:?}");
}

#[test]
fn a_group_named_by_its_sponsor_takes_no_neighbouring_country() {
    let codings = code("Turkish jets bombed Iranian-backed militias near the border.");
    for c in &codings {
        assert!(!countries(&c.recipients).contains(&"TUR".to_string()), "{:?}", c.recipients);
    }
}

#[test]
fn a_generic_noun_takes_no_country_from_a_condition() {
    let codings = code("Jordan says it will not admit any more migrants if fighting spreads to Lebanon.");
    for c in &codings {
        assert!(!countries(&c.recipients).contains(&"LBN".to_string()), "{:?}", c.recipients);
    }
}

#[test]
fn a_list_of_names_parsed_as_an_apposition_is_a_list() {
    let codings = code("The US, Japan, and Brazil met yesterday.");
    let met = codings.iter().find(|c| c.cameo.code.as_str().starts_with("04")).expect("a meeting");
    let mut got = countries(&met.actors);
    got.sort();
    assert_eq!(got, ["BRA", "JPN", "USA"]);
}

#[test]
fn force_by_a_bomb_is_by_unidentified_forces_of_the_place() {
    let codings = code("Two soldiers were killed by a roadside bomb outside of the Afghan city of Kandahar.");
    let c = codings.iter().find(|c| c.cameo.code.as_str().starts_with("18")).expect("an assault");
    assert_eq!(c.actors.first().and_then(|a| a.cameo_code.clone()).as_deref(), Some("AFGUAF"));
}

#[test]
fn a_meeting_at_a_ministry_is_not_aimed_at_it() {
    let codings =
        code("The Tuesday meeting of Qatari officials at the Saudi foreign ministry will include ten envoys.");
    for c in codings.iter().filter(|c| c.cameo.code.as_str().starts_with("04")) {
        assert!(!countries(&c.recipients).contains(&"SAU".to_string()), "{:?}", c.recipients);
    }
}

#[test]
fn a_bare_take_is_no_event_but_its_patterns_still_code() {
    let codings = code("The Chilean minister will take advantage of the stop to see the Bolivian president.");
    assert!(codings.iter().all(|c| c.cameo.code.root_number() != 17), "{codings:?}");
    let codings = code("Bolivian rebels took control of the Chilean border town.");
    assert!(codings.iter().any(|c| c.cameo.code.root_number() == 19), "{codings:?}");
}
