//! Who did it to whom: the source and target phrases of a trigger, read from the parse.
//!
//! Verbs: the subject is the source and the object the target; in the passive the `by` phrase is
//! the source and the subject the target; a verb without a subject takes the one of the verb that
//! controls it ("agreed to meet", "met and agreed", relative clauses); without an object, a
//! `with`/`against`/`on`/`to` phrase gives the target (or the preposition the pattern names); a
//! dative ("gave Jordan aid") is the target. Nouns: a possessor or a national modifier
//! ("Russia's", "Russian airstrikes") or a `by` phrase is the source, else the subject of the
//! light verb that governs the noun ("held talks"); `with`/`against`/`on` give the target and
//! `between X and Y` gives both (a mediator's `between` phrase gives its targets). A town modifying
//! a meeting or an attack ("the Paris talks") is its place, not its source; an event noun is not
//! the source of another ("the talks followed a visit by Assad": the `by` phrase is the visit's).
//! Coordinated phrases become lists, not dyads (also a list of names parsed as an apposition, and
//! the `of` phrase of a quantity: "scores of Sierra Leonean and Liberian refugees"). Which actor
//! a phrase is comes from the actor mentions (`actors.rs`).
//!
//! When those phrases name nobody, the coder (`code_trigger`) falls back, in order, on
//! [`fallback_targets`]: the owner of the object ("rejected Iraq's proposal"), the prepositional
//! phrases of the trigger, its object, its pattern words and its complement, nested ones after
//! ("mobilised reservists for a war against Iraq"), then the clauses that say what the event is
//! for ("staged demonstrations to demand the resignation of X"); then on the event's place; then
//! on a place named inside those phrases. [`fallback_sources`] does the same for sources (the
//! owner of the event noun of a passive: "were killed in Israeli shelling").

use attache_doc::{TokenId, Upos};

use crate::matcher::Trigger;
use crate::rules::{Rule, TriggerKind};
use crate::syntax::Syntax;

const TARGET_PREPS: &[&str] =
    &["with", "against", "on", "upon", "to", "toward", "towards", "into", "at", "over", "for", "from", "between"];
const NOUN_TARGET_PREPS: &[&str] = &["with", "against", "on", "upon", "to", "toward", "towards", "into", "at"];
/// Verbs whose passive form has an active sense ("were engaged in", "are involved in").
const STATIVE_PASSIVES: &[&str] = &["engage", "involve", "embroil"];

/// Roots where "the X of Y" makes Y the one acted on ("the arrest of", "the bombing of").
const OF_IS_TARGET_ROOTS: &[u8] = &[9, 11, 12, 16, 17, 18, 19, 20];

/// Roots of events that take place somewhere (meetings, protests, force), whose town modifier is
/// their place.
const HAPPEN_ROOTS: &[u8] = &[4, 14, 18, 19, 20];

/// The heads of the source and target phrases (each a list of coordinated heads).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roles {
    pub source: Vec<TokenId>,
    pub target: Vec<TokenId>,
}

/// What the parse alone does not say about a token: whether it is a place name ("Paris": as the
/// modifier of an event noun it says where, not who) and whether it is an event noun ("talks
/// followed a visit": an event does not do another one).
#[derive(Clone, Copy)]
pub(crate) struct Known<'a> {
    pub place: &'a dyn Fn(TokenId) -> bool,
    pub event_noun: &'a dyn Fn(TokenId) -> bool,
}

const UNKNOWN: Known<'static> = Known { place: &|_| false, event_noun: &|_| false };

/// The roles of a trigger, already swapped when the rule's code is for the reverse direction.
pub fn roles_of(syn: &Syntax<'_>, trigger: &Trigger, rule: &Rule) -> Roles {
    roles_in(syn, trigger, rule, UNKNOWN)
}

/// [`roles_of`], knowing which tokens are place names and event nouns.
pub(crate) fn roles_in(syn: &Syntax<'_>, trigger: &Trigger, rule: &Rule, known: Known<'_>) -> Roles {
    let mut roles = match trigger.kind {
        TriggerKind::Noun => noun_roles(syn, trigger, known),
        _ => verb_roles(syn, trigger, rule, known),
    };
    roles.source = expand(syn, &roles.source);
    roles.target = expand(syn, &roles.target);
    roles.target.retain(|t| !roles.source.contains(t));
    if trigger.reversed {
        std::mem::swap(&mut roles.source, &mut roles.target);
    }
    roles
}

fn verb_roles(syn: &Syntax<'_>, trigger: &Trigger, rule: &Rule, known: Known<'_>) -> Roles {
    let v = trigger.token;
    // "Serb forces were engaged in ethnic cleansing": a passive form that says what its subject
    // does, not what was done to it.
    let passive = syn.is_passive(v) && !STATIVE_PASSIVES.contains(&syn.lemma[v as usize].as_str());
    let mut source;
    let mut target;
    if passive {
        source = syn.first_child(v, &["agent"]).and_then(|a| syn.first_child(a, &["pobj"]));
        target = syn.first_child(v, &["nsubjpass"]);
    } else {
        source = syn.first_child(v, &["nsubj", "nsubjpass"]).or_else(|| {
            // "Kerry heads to Kuwait", parsed as a noun compound: a name right before the verb.
            syn.first_child(v, &["compound"]).filter(|&c| c + 1 == v && syn.pos(c) == Upos::Propn)
        });
        // spaCy labels the `to` of "sold weapons to Taiwan" as a dative: its object is the target.
        let dative = syn.first_child(v, &["dative"]).map(|d| {
            if syn.pos(d) == Upos::Adp {
                syn.first_child(d, &["pobj"]).unwrap_or(d)
            } else {
                d
            }
        });
        target = dative.or_else(|| syn.first_child(v, &["dobj"]));
        // "gave aid to Jordan": the `to` phrase names the recipient of what was given.
        if let Some(prep) = &rule.target_prep {
            if let Some(p) = prep_object(syn, v, &[prep]).or_else(|| {
                let obj = syn.first_child(v, &["dobj"])?;
                prep_object(syn, obj, &[prep])
            }) {
                target = Some(p);
            }
        }
    }
    if target.is_none() || target.is_some_and(|t| trigger.matched.contains(&t)) {
        // The object is part of the pattern ("held talks"): the target is in a phrase, else the
        // object may still name one ("rejected a U.S. request"; the coder drops it if it does not).
        let holders: Vec<TokenId> = std::iter::once(v).chain(trigger.matched.iter().copied()).collect();
        // Withdrawals and other retreats (root 08) are from someone or somewhere: "withdrew from
        // the Syrian to the Israeli sector".
        let found = if trigger.code.root_number() == 8 {
            holders.iter().find_map(|&h| prep_object(syn, h, &["from"]))
        } else {
            None
        }
        .or_else(|| holders.iter().find_map(|&h| prep_object(syn, h, TARGET_PREPS)));
        if found.is_some() {
            target = found;
        }
    }
    // An event noun of the pattern in a role ("talks between X and Y resumed", "the accusation
    // against X was repeated"): the noun's own arguments name the actors.
    let root = trigger.code.root_number();
    let is_pattern_noun = |t: TokenId| trigger.matched.contains(&t) && matches!(syn.pos(t), Upos::Noun | Upos::Propn);
    if let Some(s) = source.filter(|&s| is_pattern_noun(s)) {
        let (ns, nt) = noun_arguments(syn, s, root, &trigger.matched, known, trigger.code.as_str());
        source = ns.first().copied();
        if target.is_none() || target == Some(s) {
            target = nt.first().copied();
        }
    }
    // A controlled verb's subject is its controller's ("the rebels tried to kill the mayor"),
    // found before a pattern noun's own arguments can stand in for it.
    if source.is_none() && !passive {
        source = inherited_subject(syn, v);
    }
    if let Some(t) = target.filter(|&t| is_pattern_noun(t)) {
        let (ns, nt) = noun_arguments(syn, t, root, &trigger.matched, known, trigger.code.as_str());
        if let Some(&x) = nt.first() {
            target = Some(x);
        } else if source.is_some() {
            // "rejected Iraq's proposal", "rejected calls by the UN": whose proposal it is, is the
            // one the verb's subject acts on.
            if let Some(&x) = ns.first() {
                target = Some(x);
            }
        }
        if source.is_none() {
            source = ns.first().copied();
        }
    }
    if source.is_none() {
        source = inherited_subject(syn, v);
    }
    // No object: the subject of the complement clause ("demanded that the US cancel"), else its object.
    if target.is_none() {
        if let Some(c) = syn.first_child(v, &["ccomp", "xcomp"]) {
            target = syn
                .first_child(c, &["nsubj", "nsubjpass"])
                .filter(|&s| Some(s) != source && !is_pronoun(syn, s))
                .or_else(|| syn.first_child(c, &["dobj"]));
        }
    }
    let source = source.map(|s| antecedent(syn, s));
    let target = target.map(|t| antecedent(syn, t));
    Roles { source: source.into_iter().collect(), target: target.into_iter().collect() }
}

fn noun_roles(syn: &Syntax<'_>, trigger: &Trigger, known: Known<'_>) -> Roles {
    let n = trigger.token;
    let (mut source, mut target) =
        noun_arguments(syn, n, trigger.code.root_number(), &trigger.matched, known, trigger.code.as_str());
    // "Russia held talks with Iran": the light verb's subject and its `with` phrase.
    let head = syn.head(n);
    if head != n && syn.pos(head) == Upos::Verb && matches!(syn.dep(n), "dobj" | "pobj" | "attr") {
        // "followed a visit to Moscow by Assad": an active verb has no agent of its own, so a
        // `by` phrase the parse hung on it is the noun's.
        if source.is_empty() && syn.dep(n) == "dobj" && !syn.is_passive(head) {
            source.extend(prep_object(syn, head, &["by"]).filter(|&o| matches!(syn.pos(o), Upos::Propn)));
        }
        if source.is_empty() {
            // An event is not the one who does another ("the talks followed a visit").
            let subj = syn.first_child(head, &["nsubj"]).or_else(|| inherited_subject(syn, head));
            source.extend(subj.filter(|&s| !(known.event_noun)(s)));
        }
        if target.is_empty() {
            target.extend(prep_object(syn, head, NOUN_TARGET_PREPS));
        }
    }
    // "X retook the village after fierce fighting with Y": the noun in a phrase of an active
    // verb has that verb's subject for its source.
    if source.is_empty() && head != n && syn.pos(head) == Upos::Adp && syn.dep(n) == "pobj" {
        let verb = syn.head(head);
        if verb != head && syn.pos(verb) == Upos::Verb && !syn.is_passive(verb) {
            // "Iran will have to participate in talks": the subject of a controlled verb too.
            let subj = syn.first_child(verb, &["nsubj"]).or_else(|| inherited_subject(syn, verb));
            source.extend(subj.filter(|&s| !target.contains(&s)));
        }
    }
    let source = source.into_iter().take(1).map(|s| antecedent(syn, s)).collect();
    let target = target.into_iter().take(1).map(|t| antecedent(syn, t)).collect();
    Roles { source, target }
}

/// The source and target phrases an event noun carries itself: a possessor or national modifier,
/// `by`, `between`, `of`/`from` (source, or target for conflict roots), `with`/`against`/`on`/`to`.
fn noun_arguments(
    syn: &Syntax<'_>,
    n: TokenId,
    root: u8,
    skip: &[TokenId],
    known: Known<'_>,
    root_code: &str,
) -> (Vec<TokenId>, Vec<TokenId>) {
    let mut source: Vec<TokenId> = Vec::new();
    let mut target: Vec<TokenId> = Vec::new();
    for &c in syn.children(n) {
        // "the Sunday meeting", "last Friday's talks": dates are not actors.
        if skip.contains(&c) || is_time(syn, c) {
            continue;
        }
        match syn.dep(c) {
            "poss" => source.push(c),
            // "the Paris talks", "the Beirut bombing": a town modifying an event that takes place
            // somewhere is where it is, not who (but "the Moscow proposal" is Moscow's).
            "compound" | "amod" | "nmod"
                if is_name_like(syn, c) && !(HAPPEN_ROOTS.contains(&root) && (known.place)(c)) =>
            {
                source.push(c)
            }
            "prep" => {
                let lemma = syn.lemma[c as usize].as_str();
                let Some(obj) = syn.first_child(c, &["pobj"]) else { continue };
                match lemma {
                    "by" => source.push(obj),
                    // A mediator works between the parties: they are its targets.
                    "between" | "among" if root_code.starts_with("045") => target.push(obj),
                    "between" | "among" => {
                        if source.is_empty() {
                            source.push(obj);
                        } else {
                            target.push(obj);
                        }
                    }
                    // "the withdrawal of invasion forces from Panama": a retreat is from the
                    // place or party its `from` phrase names; what is withdrawn is not the one
                    // who withdraws it (that is the possessor or the light verb's subject).
                    "from" if root == 8 => target.push(obj),
                    "of" if root == 8 => target.extend(prep_object(syn, obj, &["from"])),
                    "of" | "from" if OF_IS_TARGET_ROOTS.contains(&root) && lemma == "of" => target.push(obj),
                    "of" | "from" => source.push(obj),
                    // "a meeting at the ministry", "an attack at a market": where, not whom.
                    "at" if HAPPEN_ROOTS.contains(&root) => {}
                    l if NOUN_TARGET_PREPS.contains(&l) => target.push(obj),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    (source, target)
}

fn is_pronoun(syn: &Syntax<'_>, t: TokenId) -> bool {
    syn.pos(t) == Upos::Pron
}

/// Dates and times are not actors ("on Tuesday", "for two weeks").
fn is_time(syn: &Syntax<'_>, t: TokenId) -> bool {
    let Some(date) = syn.doc.ents().find(|e| matches!(e.label(), "DATE" | "TIME") && e.token_range().contains(&t))
    else {
        return false;
    };
    // "met with President Assad Tuesday", parsed with the day as head: the name is the phrase.
    let range = date.token_range();
    !syn.children_with(t, &["compound"]).any(|c| !range.contains(&c) && syn.pos(c) == Upos::Propn)
}

/// A proper noun or capitalised adjective ("Russian", "US") modifying an event noun.
fn is_name_like(syn: &Syntax<'_>, t: TokenId) -> bool {
    let tok = syn.doc.token(t);
    matches!(tok.pos(), Upos::Propn) || (tok.pos() == Upos::Adj && tok.text().starts_with(char::is_uppercase))
}

/// The object of the first child preposition of `h` among `preps` (in the order given).
fn prep_object(syn: &Syntax<'_>, h: TokenId, preps: &[impl AsRef<str>]) -> Option<TokenId> {
    for p in preps {
        for c in syn.children_with(h, &["prep"]) {
            if syn.lemma[c as usize] == p.as_ref() {
                if let Some(o) = syn.first_child(c, &["pobj"]).filter(|&o| !is_time(syn, o)) {
                    return Some(o);
                }
            }
        }
    }
    None
}

/// The subject of the verb that controls `v`: "X agreed to meet", "X met Y and signed",
/// "the rebels who attacked".
pub fn inherited_subject(syn: &Syntax<'_>, v: TokenId) -> Option<TokenId> {
    let mut x = v;
    for _ in 0..4 {
        let dep = syn.dep(x);
        let head = syn.head(x);
        if head == x {
            return None;
        }
        match dep {
            "xcomp" | "conj" | "advcl" => {
                if let Some(s) = syn.first_child(head, &["nsubj"]) {
                    return Some(s);
                }
                if dep == "conj" || dep == "xcomp" {
                    if let Some(s) = syn.first_child(head, &["nsubjpass"]) {
                        // "X was invited to attend": the invited one attends.
                        if dep == "xcomp" {
                            return Some(s);
                        }
                    }
                }
                x = head;
            }
            "relcl" | "acl" => return matches!(syn.pos(head), Upos::Noun | Upos::Propn).then_some(head),
            _ => return None,
        }
    }
    None
}

/// A relative pronoun stands for the noun its clause modifies.
fn antecedent(syn: &Syntax<'_>, t: TokenId) -> TokenId {
    let tag = syn.doc.token(t).tag();
    if matches!(tag, "WDT" | "WP") {
        let mut x = syn.head(t);
        for _ in 0..3 {
            if syn.dep(x) == "relcl" {
                return syn.head(x);
            }
            if syn.head(x) == x {
                break;
            }
            x = syn.head(x);
        }
    }
    t
}

/// Nouns of number whose `of` phrase is what they count.
const QUANTITY_NOUNS: &[&str] =
    &["score", "dozen", "hundred", "thousand", "million", "ten", "tens", "number", "handful", "couple"];

/// Heads with their noun conjuncts, in order, without repeats.
pub(crate) fn expand(syn: &Syntax<'_>, heads: &[TokenId]) -> Vec<TokenId> {
    let mut out = Vec::new();
    for &h in heads {
        // "scores of Sierra Leonean and Liberian refugees": a quantity is its `of` phrase.
        let h = if QUANTITY_NOUNS.contains(&syn.lemma[h as usize].as_str()) {
            syn.children_with(h, &["prep"])
                .find(|&p| syn.lemma[p as usize] == "of")
                .and_then(|p| syn.first_child(p, &["pobj"]))
                .unwrap_or(h)
        } else {
            h
        };
        let mut all = syn.conjuncts(h);
        // "Barack Obama and Vladimir Putin" with the first name tagged a preposition: the
        // conjuncts hang on its object, which is the same name.
        if !matches!(syn.pos(h), Upos::Noun | Upos::Propn | Upos::Pron) {
            if let Some(o) = syn.first_child(h, &["pobj"]) {
                all.extend(syn.conjuncts(o).into_iter().skip(1));
            }
        }
        // "The US, Russia, and Switzerland met": a list of names parsed as an apposition that
        // has conjuncts of its own is a coordination.
        if syn.pos(h) == Upos::Propn {
            for a in syn.children_with(h, &["appos"]) {
                let names = syn.conjuncts(a);
                if syn.pos(a) == Upos::Propn && names.len() >= 2 && names.iter().all(|&n| syn.pos(n) == Upos::Propn) {
                    all.extend(names);
                }
            }
        }
        for c in all {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// Prepositions whose object may name the one an event is done to, when the roles the parse
/// gives name nobody: "offered troops to Lebanon", "aid for Romania", "a demand from the US",
/// "autonomy from Serbian authorities", "fire against camps".
const FALLBACK_PREPS: &[&str] = &[
    "with", "against", "to", "toward", "towards", "on", "upon", "into", "at", "for", "from", "by", "over", "of",
    "between",
];

/// Further target heads, best first, for a trigger whose target phrase names no actor: the owner
/// or aim of the object ("rejected Iraq's proposal", "denounced Serbia's suppression"), the
/// prepositional phrases of the trigger, of its object and of the words of its pattern or frame
/// complement ("threatened to cut off electricity to Nakhichevan"), and the dative or object of a
/// frame's complement verb. The caller keeps the first that resolves to an actor. Second: the
/// places named inside those phrases, for when the event has no place of its own.
pub(crate) fn fallback_targets(
    syn: &Syntax<'_>,
    trigger: &Trigger,
    roles: &Roles,
    known: Known<'_>,
) -> (Vec<TokenId>, Vec<TokenId>) {
    let mut out: Vec<TokenId> = Vec::new();
    let mut places: Vec<TokenId> = Vec::new();
    let push = |t: TokenId, out: &mut Vec<TokenId>| {
        if !out.contains(&t) && !roles.source.contains(&t) && !is_pronoun(syn, t) && !is_time(syn, t) {
            out.push(t);
        }
    };
    for &t in &roles.target {
        for o in owners(syn, t) {
            push(o, &mut out);
        }
    }
    // The trigger, then its object, then the pattern's and the frame complement's words.
    let mut holders: Vec<TokenId> = vec![trigger.token];
    for &h in std::iter::once(&trigger.token).chain(&trigger.matched) {
        if matches!(syn.pos(h), Upos::Verb | Upos::Aux) {
            holders.extend(syn.children_with(h, &["dobj", "dative"]));
        }
    }
    holders.extend(roles.target.iter().copied());
    holders.extend(trigger.matched.iter().copied());
    // The complement of a verb coded alone ("threatened to cut off electricity to Nakhichevan",
    // "refused to respond to a demand from the US").
    holders.extend(syn.children_with(trigger.token, &["xcomp"]));
    // Last, the clauses that say what the event is for or about ("staged demonstrations to
    // demand the resignation of President X", "a demonstration calling for the removal of X",
    // "insisted on its demands that Burundi's government grant"): their subject and object.
    let mut clause_owners: Vec<TokenId> = vec![trigger.token];
    clause_owners.extend(trigger.matched.iter().copied());
    clause_owners.extend(roles.target.iter().copied());
    // An event noun's clauses hang on the verb that governs it ("continued their hunger strike
    // to demand").
    if matches!(syn.pos(trigger.token), Upos::Noun) && syn.head(trigger.token) != trigger.token {
        clause_owners.push(syn.head(trigger.token));
    }
    let clauses: Vec<TokenId> = clause_owners
        .iter()
        .flat_map(|&h| syn.children_with(h, &["advcl", "xcomp", "acl", "ccomp"]).collect::<Vec<_>>())
        .filter(|&c| matches!(syn.pos(c), Upos::Verb))
        .filter(|&c| {
            // A clause opened by a conjunction is a condition or a time, not what the event is
            // for ("will not accept refugees if war starts in Iraq"); but a threat's condition
            // names whom it is aimed at ("threatened to stop talks if the US deploys").
            match syn.first_child(c, &["mark"]).map(|m| syn.lemma[m as usize].as_str()) {
                None | Some("to" | "that" | "whether" | "for") => true,
                Some("if" | "unless") => trigger.code.root_number() == 13,
                Some(_) => false,
            }
        })
        .collect();
    let mut clauses_added = false;
    let mut i = 0;
    while i < 24 {
        if i == holders.len() {
            if clauses_added || clauses.is_empty() {
                break;
            }
            clauses_added = true;
            for &c in &clauses {
                if let Some(subj) = syn.first_child(c, &["nsubj", "nsubjpass"]) {
                    push(subj, &mut out);
                    for o in owners(syn, subj) {
                        push(o, &mut out);
                    }
                }
                if !holders.contains(&c) {
                    holders.push(c);
                }
                for o in syn.children_with(c, &["dobj"]) {
                    if !holders.contains(&o) {
                        holders.push(o);
                    }
                }
            }
        }
        let Some(&h) = holders.get(i) else { break };
        i += 1;
        // The pattern's own words are the event ("held talks"), not whom it is done to.
        if matches!(syn.pos(h), Upos::Noun | Upos::Propn) && h != trigger.token {
            if !trigger.matched.contains(&h) {
                push(h, &mut out);
            }
            // The town of a meeting or an attack of the pattern ("the Cairo talks resumed") is its
            // place, not whom it is aimed at.
            let happens = trigger.matched.contains(&h) && HAPPEN_ROOTS.contains(&trigger.code.root_number());
            for o in owners(syn, h) {
                if !(happens && (known.place)(o)) {
                    push(o, &mut out);
                }
            }
        }
        // "launch an offensive in its war with Iraq": a place is the event's place, not its
        // target, but an `in` phrase that is no place may hold one; so may an `as` phrase and an
        // apposition ("denounced as a crime Serbia's suppression").
        for a in syn.children_with(h, &["appos"]).collect::<Vec<_>>() {
            if !holders.contains(&a) {
                holders.push(a);
            }
        }
        for c in syn.children_with(h, &["prep"]).filter(|&c| matches!(syn.lemma[c as usize].as_str(), "in" | "as")) {
            if let Some(o) = syn.first_child(c, &["pobj"]) {
                if syn.pos(o) == Upos::Noun && !holders.contains(&o) {
                    holders.push(o);
                } else if syn.pos(o) == Upos::Propn && h != trigger.token && !trigger.matched.contains(&h) {
                    // The place of what the event is about ("sorrow for the shootings in South
                    // Carolina", "a research centre in Tokyo") is where it is aimed, when the
                    // event itself has no place.
                    if !places.contains(&o) {
                        places.push(o);
                    }
                }
            }
        }
        for p in FALLBACK_PREPS {
            // A meeting's `at` phrase is its venue ("a meeting at the foreign ministry").
            if *p == "at" && trigger.code.root_number() == 4 {
                continue;
            }
            for c in syn.children_with(h, &["prep", "dative"]) {
                if syn.lemma[c as usize] == *p {
                    if let Some(o) = syn.first_child(c, &["pobj"]) {
                        push(o, &mut out);
                        // Its own phrases come later: "for a possible war against Iraq".
                        if matches!(syn.pos(o), Upos::Noun) && !holders.contains(&o) {
                            holders.push(o);
                        }
                    }
                }
            }
        }
    }
    (out, places)
}

/// Whose a thing is or whom it is aimed at, every candidate in order: the possessor, a name
/// modifying it ("Israeli changes"), then its `against`/`on`/`to`/`with`/`by`/`from` phrases.
fn owners(syn: &Syntax<'_>, t: TokenId) -> Vec<TokenId> {
    if syn.pos(t) != Upos::Noun {
        return Vec::new();
    }
    let mut out: Vec<TokenId> = syn.children_with(t, &["poss"]).filter(|&p| !is_pronoun(syn, p)).collect();
    out.extend(
        syn.children_with(t, &["compound", "amod", "nmod"]).filter(|&c| is_name_like(syn, c) && !is_time(syn, c)),
    );
    for p in ["against", "on", "upon", "toward", "towards", "to", "with", "by", "from"] {
        out.extend(prep_object(syn, t, &[p]));
    }
    // "the demonstration staged by students": the agent of its participle.
    for v in syn.children_with(t, &["acl"]).filter(|&v| syn.is_passive(v) || syn.doc.token(v).tag() == "VBN") {
        out.extend(syn.first_child(v, &["agent"]).and_then(|a| syn.first_child(a, &["pobj"])));
    }
    out
}

/// The nouns that may name the means of a trigger whose source is no actor: its source phrases,
/// and in the passive its `by` and `in` phrases ("killed by a roadside bomb", "killed in a car
/// bomb explosion").
pub(crate) fn means_nouns(syn: &Syntax<'_>, trigger: &Trigger, roles: &Roles) -> Vec<TokenId> {
    let v = trigger.token;
    let mut nouns: Vec<TokenId> = roles.source.iter().copied().filter(|&s| syn.pos(s) == Upos::Noun).collect();
    // A subject the pattern used ("a roadside bombing killed").
    nouns.extend(syn.first_child(v, &["nsubj"]).filter(|&s| syn.pos(s) == Upos::Noun && !nouns.contains(&s)));
    if matches!(syn.pos(v), Upos::Verb) && syn.is_passive(v) {
        for p in syn.children_with(v, &["agent", "prep"]) {
            let by_or_in = syn.dep(p) == "agent" || matches!(syn.lemma[p as usize].as_str(), "by" | "in");
            if let Some(o) = syn.first_child(p, &["pobj"]).filter(|&o| by_or_in && syn.pos(o) == Upos::Noun) {
                nouns.push(o);
            }
        }
    }
    nouns
}

/// Further source heads, best first, for a trigger whose source phrase names no actor: in the
/// passive, the owner of the `by` or `in` phrase's event noun ("were killed in Israeli shelling",
/// "was attacked by a Hamas rocket"); an event noun as subject gives its owner ("a Taliban
/// ambush killed").
pub(crate) fn fallback_sources(syn: &Syntax<'_>, trigger: &Trigger, roles: &Roles) -> Vec<TokenId> {
    let mut out: Vec<TokenId> = Vec::new();
    let v = trigger.token;
    let mut nouns: Vec<TokenId> = roles.source.clone();
    if matches!(syn.pos(v), Upos::Verb) && syn.is_passive(v) {
        for p in syn.children_with(v, &["agent", "prep"]) {
            let by_or_in = syn.dep(p) == "agent" || matches!(syn.lemma[p as usize].as_str(), "by" | "in");
            if let Some(o) = syn.first_child(p, &["pobj"]).filter(|_| by_or_in) {
                nouns.push(o);
            }
        }
    }
    for n in nouns {
        for o in owners(syn, n) {
            if !out.contains(&o) && !roles.target.contains(&o) && !is_pronoun(syn, o) {
                out.push(o);
            }
        }
    }
    out
}
