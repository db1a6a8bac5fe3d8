//! Document-level resolution on text written for this test, parsed by the real NLP pipeline
//! (the model must be installed: `attache models fetch`; run with `--release`, the debug build
//! of the network is slow). Checks coreference by surname and pronoun, capitals, generic agents
//! tied to the document's country, provisional actors defined by apposition, and the tenure
//! constraints offered to the time stage.

use attache_actors::{resolve_doc, tenure_constraints, Kb};
use attache_calendar::Day;
use attache_testkit::nlp;

const TEXT: &str = "US Secretary of State John Kerry met Russian Foreign Minister Sergey Lavrov in Paris on Monday to discuss the war in Syria. \
Kerry said the opposition would attend the talks. He also said Damascus must allow aid into besieged towns. \
Lavrov disagreed. Nadia Farouk, a spokeswoman for the Jordanian foreign ministry, welcomed the meeting. \
Farouk said Syrian rebels had agreed to a local truce.";

#[test]
fn resolves_a_document_with_coreference() {
    let nlp = nlp();
    let kb = Kb::load().expect("KB loads");
    let doc = nlp.process(TEXT).expect("parses");
    let date: Day = "2014-01-13".parse().unwrap();
    let layer = resolve_doc(&doc, date, &kb);
    let find = |text: &str| {
        layer
            .mentions
            .iter()
            .find(|m| m.text == text)
            .unwrap_or_else(|| {
                let all: Vec<_> = layer.mentions.iter().map(|m| (&m.text, &m.resolution.actor_id)).collect();
                panic!("no mention {text:?} among {all:?}")
            })
            .resolution
            .clone()
    };
    assert_eq!(find("US Secretary of State John Kerry").actor_id, "usa.john-kerry");
    assert_eq!(find("Russian Foreign Minister Sergey Lavrov").actor_id, "rus.sergey-lavrov");
    assert_eq!(find("Kerry").actor_id, "usa.john-kerry");
    assert_eq!(find("Lavrov").actor_id, "rus.sergey-lavrov");
    assert_eq!(find("He").actor_id, "usa.john-kerry");
    assert_eq!(find("Damascus").cameo_code, "SYRGOV");
    assert_eq!(find("the opposition").cameo_code, "SYROPP");
    assert_eq!(find("Syrian rebels").cameo_code, "SYRREB");
    let farouk = find("Nadia Farouk");
    assert!(farouk.provisional);
    assert_eq!((farouk.actor_id.as_str(), farouk.cameo_code.as_str()), ("new:nadia-farouk", "JORGOV"));
    assert_eq!(find("Farouk").actor_id, "new:nadia-farouk");
    assert_eq!(layer.provisional.len(), 1, "{:?}", layer.provisional);
    assert!(layer.provisional[0].evidence.contains("spokeswoman for the Jordanian foreign ministry"));

    let constraints = tenure_constraints(&doc, &kb);
    let kerry: Vec<_> = constraints.iter().filter(|c| c.actor_id == "usa.john-kerry").collect();
    assert_eq!(kerry.len(), 1, "{constraints:?}");
    assert_eq!(kerry[0].range.to_string(), "2013-02-01/2017-01-20");
    assert!(constraints
        .iter()
        .any(|c| c.actor_id == "rus.sergey-lavrov" && c.range.first().to_string() == "2004-03-09"));
}

#[test]
fn same_document_another_year() {
    // "Kerry" in 2010 is a senator; Lavrov's office has not changed.
    let nlp = nlp();
    let kb = Kb::load().expect("KB loads");
    let doc = nlp.process("Senator John Kerry met Sergey Lavrov. Kerry praised the talks.").expect("parses");
    let layer = resolve_doc(&doc, "2010-05-01".parse().unwrap(), &kb);
    let kerry: Vec<_> = layer.mentions.iter().filter(|m| m.resolution.actor_id == "usa.john-kerry").collect();
    assert_eq!(kerry.len(), 2, "{:?}", layer.mentions);
    assert!(kerry.iter().all(|m| m.resolution.cameo_code == "USALEG"));
}

#[test]
fn modifiers_and_possessors_name_their_own_actors() {
    // Coordinated national modifiers are mentions of their own; a name modifying a common noun
    // too; a possessive pronoun gives a generic agent its country.
    let nlp = nlp();
    let kb = Kb::load().expect("KB loads");
    let doc = nlp
        .process("Dutch and Belgian officials rejected an African Union resolution. Kenyan officials said their troops had left the Somali border.")
        .expect("parses");
    let layer = resolve_doc(&doc, "2015-03-01".parse().unwrap(), &kb);
    let country = |text: &str| {
        layer.mentions.iter().find(|m| m.text == text).and_then(|m| m.resolution.country).map(|c| c.to_string())
    };
    assert_eq!(country("Dutch").as_deref(), Some("NLD"), "{:?}", layer.mentions);
    assert_eq!(country("Belgian").as_deref(), Some("BEL"));
    assert!(layer.mentions.iter().any(|m| m.text == "African Union" && m.resolution.cameo_code.starts_with("IGO")));
    assert_eq!(country("their troops").as_deref(), Some("KEN"));
}

#[test]
fn an_article_is_no_part_of_an_unknown_name() {
    // "The US, Russia": not an unknown person "The US" defined by the apposition "Russia".
    let nlp = nlp();
    let kb = Kb::load().expect("KB loads");
    let doc = nlp.process("The US, Russia, and Switzerland met on Monday.").expect("parses");
    let layer = resolve_doc(&doc, "2015-03-01".parse().unwrap(), &kb);
    let us = layer.mentions.iter().find(|m| m.text == "The US").expect("a mention of the US");
    assert_eq!(us.resolution.country.map(|c| c.to_string()).as_deref(), Some("USA"), "{:?}", us.resolution);
}
