//! Finding event triggers: each verb is looked up by lemma (then by form) in the verb index, the
//! patterns of its block are tried most specific first against the words of its clause, and the
//! best match (or the verb's own code) gives the rule; event nouns are looked up the same way. The
//! rule tables are `rules.rs`; who the actors are is `roles.rs`.

use attache_codes::CameoCode;
use attache_doc::{TokenId, Upos};

use crate::rules::{Atom, Elem, Rules, TriggerKind};
use crate::syntax::Syntax;

/// A word that fires a rule.
#[derive(Debug, Clone)]
pub struct Trigger {
    pub token: TokenId,
    /// Index of the rule in `Rules::rules`.
    pub rule: u32,
    pub kind: TriggerKind,
    pub code: CameoCode,
    /// The rule's code is for the other direction: the target acts on the source.
    pub reversed: bool,
    /// Tokens the pattern used besides the trigger (they are not triggers themselves).
    pub matched: Vec<TokenId>,
    /// Set by `frames.rs` for composed events: their rule id, roles and modality.
    pub rule_id: Option<String>,
    pub roles: Option<crate::roles::Roles>,
    pub modality: Option<attache_record::Modality>,
}

/// Every trigger of the sentence `sent`, in text order.
pub fn find_triggers(syn: &Syntax<'_>, rules: &Rules, sent: std::ops::Range<TokenId>) -> Vec<Trigger> {
    let mut out = Vec::new();
    for t in sent {
        match syn.pos(t) {
            Upos::Verb if !is_fixed_preposition(syn, t) => {
                if let Some(tr) = verb_trigger(syn, rules, t) {
                    out.push(tr);
                }
            }
            Upos::Noun | Upos::Propn => {
                if let Some(tr) = noun_trigger(syn, rules, t) {
                    out.push(tr);
                }
            }
            _ => {}
        }
    }
    // A word a verb pattern used ("held talks", "declined to comment") is part of that event, not
    // another one.
    let used: Vec<TokenId> =
        out.iter().filter(|t| t.kind == TriggerKind::Pattern).flat_map(|t| t.matched.clone()).collect();
    out.retain(|t| !used.contains(&t.token));
    out
}

/// Verb forms that are prepositions in use: "according to", "regarding", "concerning",
/// "including", "following" name a source or a topic, not an act.
fn is_fixed_preposition(syn: &Syntax<'_>, t: TokenId) -> bool {
    let lower = syn.lower[t as usize].as_str();
    let next_is_to = syn.lower.get(t as usize + 1).is_some_and(|w| w == "to");
    (lower == "according" && next_is_to)
        || (syn.dep(t) == "prep" && matches!(lower, "regarding" | "concerning" | "including" | "following"))
}

/// The verb entries of a token: by lemma, by form, then by the regular stems of its form, for
/// lemmas the tagger got wrong ("staged" lemmatised as "stag").
fn verb_entries<'r>(syn: &Syntax<'_>, rules: &'r Rules, t: TokenId) -> Option<&'r [crate::rules::VerbEntry]> {
    let lemma = syn.lemma[t as usize].as_str();
    let lower = syn.lower[t as usize].as_str();
    if let Some(e) = rules.verbs.get(lemma).or_else(|| rules.verbs.get(lower)) {
        return Some(e);
    }
    regular_stems(lower).into_iter().find_map(|stem| rules.verbs.get(stem.as_str())).map(Vec::as_slice)
}

/// Candidate lemmas of a regular inflected form: "staged" → stag, stage; "planned" → plann, plan;
/// "tries" → trie, tri, try.
fn regular_stems(form: &str) -> Vec<String> {
    let mut out = Vec::new();
    for suffix in ["ed", "ing", "es", "s"] {
        let Some(stem) = form.strip_suffix(suffix) else { continue };
        if stem.len() < 2 {
            continue;
        }
        out.push(format!("{stem}e"));
        out.push(stem.to_string());
        let b = stem.as_bytes();
        if b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] {
            out.push(stem[..stem.len() - 1].to_string());
        }
        if let Some(i) = stem.strip_suffix('i') {
            out.push(format!("{i}y"));
        }
    }
    out
}

/// The words after a phrasal verb's lemma ("up" of "beat up") as pattern elements.
fn with_elems(entry: &crate::rules::VerbEntry) -> Vec<Elem> {
    entry.with.iter().map(|w| Elem { atoms: vec![Atom::Word(vec![w.clone()])], group: None }).collect()
}

fn verb_trigger(syn: &Syntax<'_>, rules: &Rules, t: TokenId) -> Option<Trigger> {
    let entries = verb_entries(syn, rules, t)?;
    let mut after = syn.after_window(t);
    // The predicate adjective of a reported clause is what the statement says of it ("said the
    // situation was tense", "said he was confident"): the dictionary's patterns of saying expect it.
    for c in syn.children_with(t, &["ccomp"]) {
        after.extend(syn.children_with(c, &["acomp"]).filter(|&a| syn.pos(a) == Upos::Adj));
    }
    after.sort_unstable();
    let before = before_window(syn, t);
    // (rule, specificity, matched tokens)
    let mut best: Option<(u32, u16, Vec<TokenId>)> = None;
    // A phrasal verb whose words are there ("beat up", "blow up") is that verb: the patterns of the
    // bare verb's blocks do not apply.
    let phrasal = entries.iter().any(|e| !e.with.is_empty() && match_seq(syn, rules, &with_elems(e), &after).is_some());
    for entry in entries {
        if phrasal && entry.with.is_empty() {
            continue;
        }
        let mut matched = Vec::new();
        if !entry.with.is_empty() {
            match match_seq(syn, rules, &with_elems(entry), &after) {
                Some(m) => matched = m,
                None => continue,
            }
        }
        let bare = rules.rule(entry.rule).specificity;
        if best.as_ref().is_none_or(|b| bare > b.1) {
            best = Some((entry.rule, bare, matched.clone()));
        }
        for &p in &rules.block_patterns[entry.block as usize] {
            let rule = rules.rule(p);
            let spec = rule.specificity + entry.with.len() as u16;
            if best.as_ref().is_some_and(|b| b.1 >= spec) {
                // Patterns are sorted most specific first: nothing later can win.
                break;
            }
            if !rule.verb_only.is_empty() && !rule.verb_only.contains(&entry.lemma) {
                continue;
            }
            let Some(m_before) = match_seq(syn, rules, &rule.before, &before) else { continue };
            let Some(m_after) = match_after(syn, rules, &rule.after, &after) else { continue };
            let mut all = matched.clone();
            all.extend(m_before);
            all.extend(m_after);
            best = Some((p, spec, all));
            break;
        }
    }
    let (rule_index, specificity, matched) = best?;
    let rule = rules.rule(rule_index);
    let (code, reversed) = match (rule.code, rule.reverse) {
        (Some(c), _) => (c, false),
        (None, Some(r)) => (r, true),
        (None, None) => return None,
    };
    let _ = specificity;
    Some(Trigger {
        token: t,
        rule: rule_index,
        kind: rule.kind,
        code,
        reversed,
        matched,
        rule_id: None,
        roles: None,
        modality: None,
    })
}

fn noun_trigger(syn: &Syntax<'_>, rules: &Rules, t: TokenId) -> Option<Trigger> {
    let list =
        rules.nouns.get(syn.lemma[t as usize].as_str()).or_else(|| rules.nouns.get(syn.lower[t as usize].as_str()))?;
    let mut best: Option<(u32, u16, Vec<TokenId>)> = None;
    for &r in list {
        let rule = rules.rule(r);
        // The words before a multi-word noun ("air" of "air strike") sit right before it.
        let n = rule.before.len() as TokenId;
        if n > t {
            continue;
        }
        let window: Vec<TokenId> = (t - n..t).collect();
        let Some(m) = match_seq(syn, rules, &rule.before, &window) else { continue };
        if best.as_ref().is_none_or(|b| rule.specificity > b.1) {
            best = Some((r, rule.specificity, m));
        }
    }
    let (rule_index, specificity, matched) = best?;
    let code = rules.rule(rule_index).code?;
    let _ = specificity;
    Some(Trigger {
        token: t,
        rule: rule_index,
        kind: TriggerKind::Noun,
        code,
        reversed: false,
        matched,
        rule_id: None,
        roles: None,
        modality: None,
    })
}

/// The words a pattern's "before" side is matched against: the verb's subject phrase (or the
/// inherited subject of a controlled verb), else everything before the verb in its sentence.
fn before_window(syn: &Syntax<'_>, verb: TokenId) -> Vec<TokenId> {
    let mut v = verb;
    for _ in 0..4 {
        if let Some(s) = syn.first_child(v, &["nsubj", "nsubjpass", "csubj", "expl"]) {
            return syn.subtree(s, &["relcl", "acl", "appos", "punct"]);
        }
        if matches!(syn.dep(v), "xcomp" | "conj") && syn.head(v) != v {
            v = syn.head(v);
        } else {
            break;
        }
    }
    let start = syn.sents[syn.sent_of[verb as usize] as usize].start;
    (start..verb).collect()
}

/// Matches the "after" side of a pattern against the verb's clause: plain words must be in the
/// verb's own phrases outside prepositional phrases (its object, particle, complement), in order;
/// each `( ... )` group must be a prepositional phrase of the clause whose preposition is the
/// group's first word and whose object holds the rest, groups in text order.
fn match_after(syn: &Syntax<'_>, rules: &Rules, elems: &[Elem], window: &[TokenId]) -> Option<Vec<TokenId>> {
    // The `of` phrase of a quantity ("part of the aid program", "the number of troops", "tons of
    // food") holds what the quantity is of: its words are the object's, not a phrase of the clause.
    let in_pp = |t: TokenId| {
        let mut x = t;
        for _ in 0..12 {
            if !window.contains(&x) {
                return false;
            }
            let of_noun = syn.lemma[x as usize] == "of"
                && QUANTITY_WORDS.split_whitespace().any(|w| w == syn.lemma[syn.head(x) as usize]);
            if (matches!(syn.dep(x), "prep" | "agent") && !of_noun)
                || (syn.dep(x) == "dative" && syn.pos(x) == Upos::Adp)
            {
                return true;
            }
            x = syn.head(x);
        }
        false
    };
    let core: Vec<TokenId> = window.iter().copied().filter(|&t| !in_pp(t)).collect();
    let plain: Vec<Elem> = elems.iter().filter(|e| e.group.is_none()).cloned().collect();
    let mut used = match_seq(syn, rules, &plain, &core)?;
    let mut groups: Vec<u16> = elems.iter().filter_map(|e| e.group).collect();
    groups.dedup();
    let mut after_pos: Option<TokenId> = None;
    for g in groups {
        let members: Vec<&Elem> = elems.iter().filter(|e| e.group == Some(g)).collect();
        let (first, rest) = members.split_first()?;
        let prep_word = match first.atoms.as_slice() {
            [Atom::Word(w)] => Some(w),
            _ => None,
        };
        let found = window.iter().copied().filter(|&p| after_pos.is_none_or(|a| p > a)).find_map(|p| {
            let is_prep =
                matches!(syn.dep(p), "prep" | "agent" | "dative") && syn.pos(p) == Upos::Adp && !is_temporal_pp(syn, p);
            match prep_word {
                Some(w) if is_prep && w.iter().any(|x| syn.is(p, x)) => {
                    let inside: Vec<TokenId> = syn.subtree(p, &[]).into_iter().filter(|&t| t != p).collect();
                    let rest: Vec<Elem> = rest.iter().map(|e| (*e).clone()).collect();
                    match_seq(syn, rules, &rest, &inside).map(|m| (p, m))
                }
                // A group that does not start with a preposition: its words anywhere in the clause.
                None => {
                    let all: Vec<Elem> = members.iter().map(|e| (*e).clone()).collect();
                    match_seq(syn, rules, &all, window).map(|m| (p, m))
                }
                _ => None,
            }
        })?;
        after_pos = Some(found.0);
        used.push(found.0);
        used.extend(found.1);
    }
    Some(used)
}

/// Nouns of quantity or part, whose `of` phrase names the thing itself.
const QUANTITY_WORDS: &str = "part number some many most all rest portion half third bulk majority series lot \
    dozen dozens hundred hundreds thousand thousands million millions ton tonne amount quantity kind type batch worth \
    share one two three several each kg kilogram pound litre liter barrel truckload shipment consignment package";

/// Words of time: a prepositional phrase with one as its object ("on Tuesday", "in March", "for
/// a week") dates the event and is never the phrase a pattern's `( ... )` group means ("call on").
const TIME_WORDS: &str = "monday tuesday wednesday thursday friday saturday sunday january february march april \
    may june july august september october november december today yesterday tomorrow tonight day days week weeks \
    weekend month months year years morning afternoon evening night hour hours time";

fn is_temporal_pp(syn: &Syntax<'_>, prep: TokenId) -> bool {
    syn.first_child(prep, &["pobj"]).is_some_and(|o| TIME_WORDS.split_whitespace().any(|w| w == syn.lower[o as usize]))
}

/// Matches `elems` in order against `window` (each element on consecutive tokens, gaps allowed
/// between elements); the tokens used, or `None`. Leftmost matching finds a match whenever one
/// exists, since each element only needs some occurrence after the previous one.
pub fn match_seq(syn: &Syntax<'_>, rules: &Rules, elems: &[Elem], window: &[TokenId]) -> Option<Vec<TokenId>> {
    let mut used = Vec::new();
    let mut i = 0;
    for elem in elems {
        let mut found = None;
        while i < window.len() {
            if let Some(end) = match_elem(syn, rules, elem, window, i) {
                found = Some((i, end));
                break;
            }
            i += 1;
        }
        let (s, e) = found?;
        used.extend_from_slice(&window[s..e]);
        i = e;
    }
    Some(used)
}

/// The element's atoms on consecutive window positions from `i`; the position after the match.
fn match_elem(syn: &Syntax<'_>, rules: &Rules, elem: &Elem, window: &[TokenId], i: usize) -> Option<usize> {
    let mut pos = i;
    for atom in &elem.atoms {
        pos = match_atom(syn, rules, atom, window, pos)?;
    }
    Some(pos)
}

fn match_atom(syn: &Syntax<'_>, rules: &Rules, atom: &Atom, window: &[TokenId], i: usize) -> Option<usize> {
    match atom {
        Atom::Word(alts) => {
            let t = *window.get(i)?;
            alts.iter().any(|w| syn.is(t, w)).then_some(i + 1)
        }
        Atom::Synset(id) => rules.synsets.get(*id as usize)?.iter().find_map(|phrase| {
            let mut pos = i;
            for w in phrase {
                let t = *window.get(pos)?;
                if !syn.is(t, w) {
                    return None;
                }
                pos += 1;
            }
            Some(pos)
        }),
    }
}
