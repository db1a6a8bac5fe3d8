//! Where an event happened: the place phrase tied to the trigger ("in Paris", "at a summit in
//! Geneva", "in the Swiss town of Montreux"), resolved to a country through the actor mentions
//! (capitals and countries are in the actor knowledge base; "Swiss" names the country when the
//! town is unknown). A phrase counts as a place only when it holds a place entity (GPE, LOC, FAC).

use attache_doc::{TokenId, Upos};
use attache_record::Place;

use crate::actors::MentionIndex;
use crate::syntax::Syntax;

const PLACE_PREPS: &[&str] = &["in", "at", "near", "outside", "inside", "across", "throughout"];

/// The place of the event triggered at `t`, if the text ties one to it.
pub(crate) fn place_of(syn: &Syntax<'_>, mentions: &MentionIndex<'_>, t: TokenId, skip: &[TokenId]) -> Option<Place> {
    // The trigger, its object and its governing verb (for nouns and controlled verbs) may carry it.
    let mut holders = vec![t];
    holders.extend(syn.children_with(t, &["dobj", "attr"]));
    let h = syn.head(t);
    if h != t && matches!(syn.dep(t), "xcomp" | "dobj" | "pobj" | "nsubj" | "conj") {
        holders.push(h);
    }
    for &holder in &holders {
        for prep in syn.children_with(holder, &["prep"]) {
            if !PLACE_PREPS.contains(&syn.lemma[prep as usize].as_str()) {
                continue;
            }
            // "outside of the city of Basra": the place is the inner `of` phrase's.
            let inner = || syn.first_child(prep, &["prep"]).filter(|&p| syn.lemma[p as usize] == "of");
            let Some(obj) = syn.first_child(prep, &["pobj"]).or_else(|| syn.first_child(inner()?, &["pobj"])) else {
                continue;
            };
            if skip.contains(&obj) {
                continue;
            }
            if let Some(place) = place_phrase(syn, mentions, obj) {
                return Some(place);
            }
        }
    }
    // "the Paris talks", "the Beirut bombing": a town naming an event noun.
    if matches!(syn.pos(t), Upos::Noun) {
        let town = syn
            .children_with(t, &["compound", "nmod"])
            .find(|&c| !skip.contains(&c) && mentions.at_single(c).is_some_and(|m| m.place && m.tokens.len() == 1));
        if let Some(c) = town {
            let span = syn.doc.token(c).span();
            let text = span.of(syn.doc.text()).to_string();
            let country = mentions.at_single(c).and_then(|m| m.country);
            return Some(Place { text, span, name: None, country, coordinates: None });
        }
    }
    None
}

fn place_phrase(syn: &Syntax<'_>, mentions: &MentionIndex<'_>, obj: TokenId) -> Option<Place> {
    place_phrase_at(syn, mentions, obj, 0)
}

fn place_phrase_at(syn: &Syntax<'_>, mentions: &MentionIndex<'_>, obj: TokenId, depth: u8) -> Option<Place> {
    // The phrase: the object's noun phrase and an `of` phrase inside it ("the town of Montreux").
    let mut tokens = syn.np_range(obj);
    let mut name_token = obj;
    if let Some(of) = syn.children_with(obj, &["prep"]).find(|&p| syn.lemma[p as usize] == "of") {
        if let Some(inner) = syn.first_child(of, &["pobj"]) {
            let r = syn.np_range(inner);
            tokens = tokens.start.min(r.start)..tokens.end.max(r.end);
            name_token = inner;
        }
    }
    let ents: Vec<_> = syn
        .doc
        .ents()
        .filter(|e| {
            matches!(e.label(), "GPE" | "LOC" | "FAC")
                && e.token_range().start >= tokens.start
                && e.token_range().end <= tokens.end
        })
        .collect();
    let Some(named) = ents.iter().find(|e| e.token_range().contains(&name_token)).or(ents.first()) else {
        // A town the entity recogniser missed but the actor knowledge base knows ("the town of
        // Samarra").
        if let Some(m) = tokens.clone().filter_map(|t| mentions.at_single(t)).find(|m| m.place && m.country.is_some()) {
            let span = syn.span_of(&tokens);
            let text = span.of(syn.doc.text()).to_string();
            let name = (m.text != text).then(|| m.text.clone());
            return Some(Place { text, span, name, country: m.country, coordinates: None });
        }
        // "at a jail in northern Israel", "at targets near Jericho": the place inside the phrase.
        return syn
            .children_with(obj, &["prep"])
            .filter(|&p| matches!(syn.lemma[p as usize].as_str(), "in" | "near" | "outside" | "inside"))
            .filter_map(|p| syn.first_child(p, &["pobj"]))
            .find_map(|inner| if depth == 0 { place_phrase_at(syn, mentions, inner, 1) } else { None });
    };
    let span = syn.span_of(&tokens);
    let text = span.of(syn.doc.text()).to_string();
    // The country: the named place itself, else anything in the phrase that names one ("Swiss").
    let country = named
        .token_range()
        .find_map(|t| mentions.at(t).and_then(|m| m.country))
        .or_else(|| tokens.clone().find_map(|t| mentions.at(t).and_then(|m| m.country)));
    let name = (named.text() != text).then(|| named.text().to_string());
    Some(Place { text, span, name, country, coordinates: None })
}
