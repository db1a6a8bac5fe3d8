//! Frames: constructions that make the event of their complement something else, as CAMEO codes
//! it. "Israel agreed to withdraw" is an intent (0356), not a withdrawal; "the UN urged Israel to
//! withdraw" an appeal (0256); "Serbia refused to meet" a rejection (125); "Hamas threatened to
//! attack" a threat (138); "the minister will visit Paris" an expressed intent (036, modality
//! future); "Russia said Sudan must return the helicopter" a demand by Russia (1053), as is
//! "Britain issued a reminder that Libya must ..." even when the demanded act has no rule;
//! "Israel wants Germany to pay" an appeal to Germany; "they said they would boycott" a threat
//! (the future seen from a past report); "killed in a car bomb explosion" a car bombing (1832,
//! the noun names the means of a generic act of violence). The framing verbs and the composition tables are
//! `data/rules/frames.tsv`; this module finds the constructions in the parse and rewrites the
//! triggers the matcher found.

use attache_doc::{TokenId, Upos};
use attache_record::Modality;

use crate::matcher::Trigger;
use crate::modality::{modality_of, reported_past, REPORTING_VERBS};
use crate::roles::{inherited_subject, roles_of, Roles};
use crate::rules::{Frame, Rules, TriggerKind, RULESET};
use crate::syntax::Syntax;

const FUTURE_AUX: &[&str] = &["will", "shall", "'ll"];
const DEMAND_MODALS: &[&str] = &["must", "should"];
/// Modals that hold an act out as possible; with an `if`/`unless` clause, a conflictual act is a threat.
const CONDITIONAL_MODALS: &[&str] = &["will", "would", "may", "might", "could", "shall", "'ll"];
/// CAMEO roots of conflictual acts a condition makes a threat (protest to violence).
const THREAT_ROOTS: &[u8] = &[14, 15, 16, 17, 18, 19, 20];
/// CAMEO roots of violence (unconventional, conventional, mass).
const VIOLENCE_ROOTS: &[u8] = &[18, 19, 20];
/// CAMEO code of a statement of accord ("agreed that the situation was serious").
const ACCORD: &str = "019";
/// CAMEO code of an official complaint (a "protested" that reports a state of affairs).
const COMPLAINT: &str = "114";
/// Nouns of saying whose clause can carry an obligation ("a reminder that X must").
const SAYING_NOUNS: &[&str] = &["reminder", "warning", "call", "demand", "appeal", "message", "statement"];

/// Rewrites the triggers of one sentence for the frames it contains.
pub fn apply(syn: &Syntax<'_>, rules: &Rules, sent: std::ops::Range<TokenId>, triggers: Vec<Trigger>) -> Vec<Trigger> {
    let mut triggers = triggers;
    let mut consumed = vec![false; triggers.len()];
    let mut added: Vec<Trigger> = Vec::new();
    let index_at = |triggers: &[Trigger], t: TokenId| triggers.iter().position(|x| x.token == t);

    // A multi-word noun headed by its first word ("state of emergency", matched on "emergency"):
    // its roles are those of the head's phrase.
    for tr in triggers.iter_mut() {
        if tr.kind != TriggerKind::Noun || tr.roles.is_some() {
            continue;
        }
        let mut head = tr.token;
        while syn.head(head) != head && tr.matched.contains(&syn.head(head)) {
            head = syn.head(head);
        }
        if head != tr.token {
            let at_head = Trigger { token: head, roles: None, ..tr.clone() };
            tr.roles = Some(roles_of(syn, &at_head, rules.rule(tr.rule)));
        }
    }
    // "wounded two soldiers in a bomb attack", "a roadside bombing killed a soldier": the noun
    // names the means of a generic act of violence, and so its CAMEO code.
    for i in 0..triggers.len() {
        let v = &triggers[i];
        if v.kind == TriggerKind::Noun || !VIOLENCE_ROOTS.contains(&v.code.root_number()) || !is_generic(v.code) {
            continue;
        }
        let means = triggers.iter().position(|n| {
            n.kind == TriggerKind::Noun
                && VIOLENCE_ROOTS.contains(&n.code.root_number())
                && !is_generic(n.code)
                && means_of(syn, n.token, v.token)
        });
        if let Some(j) = means {
            let (code, rule_id) = (triggers[j].code, rules.rule(triggers[j].rule).id.clone());
            triggers[i].code = code;
            triggers[i].rule_id = Some(rule_id);
            consumed[j] = true;
        }
    }
    // "X issued a statement condemning Y": X condemns.
    for tr in triggers.iter_mut() {
        if tr.kind == TriggerKind::Noun || tr.roles.is_some() {
            continue;
        }
        if let Some(speaker) = document_speaker(syn, tr.token) {
            let target = roles_of(syn, tr, rules.rule(tr.rule)).target;
            tr.roles = Some(Roles {
                source: crate::roles::expand(syn, &[speaker]),
                target: target.into_iter().filter(|&t| t != speaker).collect(),
            });
        }
    }

    // "X is failing to ..., a rights group protested": a complaint voiced after what it complains
    // of accuses the subject of the main clause, whose act is its content, not an event of its own.
    for i in 0..triggers.len() {
        let v = triggers[i].token;
        let protest = syn.lemma[v as usize] == "protest";
        if triggers[i].kind == TriggerKind::Noun || !(triggers[i].code.root_number() == 11 || protest) {
            continue;
        }
        let Some((main, speaker)) = crate::trailing_report(syn, v) else { continue };
        if protest {
            // A protest voiced about a state of affairs is a complaint, not a demonstration.
            if let Ok(code) = COMPLAINT.parse() {
                triggers[i].code = code;
            }
        }
        let source = vec![speaker];
        let target: Vec<TokenId> = syn.first_child(main, &["nsubj", "nsubjpass"]).into_iter().collect();
        triggers[i].roles =
            Some(Roles { source: crate::roles::expand(syn, &source), target: crate::roles::expand(syn, &target) });
        for (j, t) in triggers.iter().enumerate() {
            if t.token == main || (syn.head(t.token) == main && matches!(syn.dep(t.token), "xcomp" | "ccomp")) {
                consumed[j] = true;
            }
        }
    }

    // Framing verbs and adjectives with a complement.
    for g in sent.clone() {
        let Some(&(frame, default)) = rules.frame_verbs.get(syn.lemma[g as usize].as_str()) else { continue };
        if !matches!(syn.pos(g), Upos::Verb | Upos::Adj) {
            continue;
        }
        let g_idx = index_at(&triggers, g);
        if g_idx.is_some_and(|i| triggers[i].kind == TriggerKind::Pattern) {
            // A pattern of the verb's own ("agree (to &ceasefire)") is more specific.
            continue;
        }
        // An intent's complement follows it ("wants to meet"); a clause before it is a report the
        // parser hung on it ("Police arrested the editor, a man wanted for fraud").
        let inner_idx = complements(syn, g)
            .into_iter()
            .filter(|&c| frame != Frame::Intent || c > g)
            .find_map(|c| complement_trigger(syn, &triggers, c))
            .filter(|&i| !consumed[i]);
        match inner_idx {
            Some(i) => {
                let inner = &triggers[i];
                // "Israel wants Germany to pay": an intent word whose infinitive has a subject of
                // its own asks that subject to act.
                let other_agent = frame == Frame::Intent
                    && syn.head(inner.token) == g
                    && syn.children_with(inner.token, &["aux"]).any(|a| syn.lower[a as usize] == "to")
                    && syn.first_child(inner.token, &["nsubj"]).is_some();
                let (frame, default) = match other_agent {
                    true => (Frame::Appeal, frame_default(rules, Frame::Appeal).unwrap_or(default)),
                    false => (frame, default),
                };
                let (code, key) = rules.compose(frame, inner.code).unwrap_or((default, "-"));
                let inner_roles = roles_of(syn, inner, rules.rule(inner.rule));
                let source = intent_subject(syn, g, frame).into_iter().collect::<Vec<_>>();
                // "urged the EU to support the PLO" rallies support for the PLO (053): the target is
                // whom the support is for, not whom the appeal addresses.
                let rallies_support = frame == Frame::Appeal && code.as_str() == "053";
                let mut target = match frame {
                    Frame::Appeal | Frame::Demand if !rallies_support => addressee(syn, g)
                        .or_else(|| syn.first_child(inner.token, &["nsubj", "nsubjpass"]))
                        .into_iter()
                        .collect(),
                    _ => inner_roles.target.clone(),
                };
                if target.is_empty() && matches!(frame, Frame::Appeal | Frame::Demand) {
                    target = inner_roles.target.clone();
                }
                let roles =
                    Roles { source: crate::roles::expand(syn, &source), target: crate::roles::expand(syn, &target) };
                let rule_id = format!("{RULESET}/frame/{}/{key}", frame.as_str());
                match reported_obligation(syn, g).filter(|_| frame == Frame::Intent) {
                    // "Egypt said the US must be ready to mediate": Egypt demands the act.
                    Some(reporter) => {
                        let (code, key) =
                            rules.compose(Frame::Demand, inner.code).unwrap_or((demand_default(rules), "-"));
                        let roles = Roles {
                            source: crate::roles::expand(
                                syn,
                                &syn.first_child(reporter, &["nsubj"]).into_iter().collect::<Vec<_>>(),
                            ),
                            target: crate::roles::expand(syn, &source),
                        };
                        added.push(composite(
                            reporter,
                            inner,
                            code,
                            format!("{RULESET}/frame/demand/{key}"),
                            roles,
                            None,
                        ));
                    }
                    None => added.push(composite(g, inner, code, rule_id, roles, None)),
                }
                consumed[i] = true;
                if let Some(gi) = g_idx {
                    consumed[gi] = true;
                }
            }
            None => match g_idx {
                // "agreed there was an urgent need for progress": agreeing that a state of affairs
                // holds, with no act in the clause, is a statement of accord (CAMEO 019).
                Some(gi)
                    if frame == Frame::Intent
                        && syn.lemma[g as usize] == "agree"
                        && triggers[gi].kind == TriggerKind::Verb
                        && syn.first_child(g, &["ccomp"]).is_some() =>
                {
                    if let Ok(code) = ACCORD.parse() {
                        triggers[gi].code = code;
                        triggers[gi].rule_id = Some(format!("{RULESET}/frame/intent/accord"));
                    }
                }
                Some(gi) => {
                    if triggers[gi].kind == TriggerKind::Verb && triggers[gi].code.root() != default.root() {
                        triggers[gi].code = default;
                        triggers[gi].rule_id = Some(format!("{RULESET}/frame/{}/-", frame.as_str()));
                    }
                }
                // A framing word the verb files do not code ("is willing to send", "rejected an
                // invitation"): the frame's own event, when it has a complement or an object.
                None => {
                    let Some(&rule) = rules.frame_rules.get(&frame) else { continue };
                    let comp = complements(syn, g).first().copied().or_else(|| gerund_complement(syn, g));
                    let obj = syn.first_child(g, &["dobj"]);
                    if comp.is_none() && obj.is_none() {
                        continue;
                    }
                    // "undertook a mediation mission": an event noun as object of an intent
                    // word is the event itself (the intent reading needs an infinitive).
                    if frame == Frame::Intent && comp.is_none() && obj.is_some_and(|o| index_at(&triggers, o).is_some())
                    {
                        continue;
                    }
                    let source: Vec<TokenId> = intent_subject(syn, g, frame).into_iter().collect();
                    let target: Vec<TokenId> = match frame {
                        Frame::Appeal | Frame::Demand => addressee(syn, g)
                            .or_else(|| comp.and_then(|c| syn.first_child(c, &["nsubj", "nsubjpass"])))
                            .into_iter()
                            .collect(),
                        _ => obj.or_else(|| comp.and_then(|c| syn.first_child(c, &["dobj"]))).into_iter().collect(),
                    };
                    let roles = Roles {
                        source: crate::roles::expand(syn, &source),
                        target: crate::roles::expand(syn, &target),
                    };
                    added.push(Trigger {
                        token: g,
                        rule,
                        kind: TriggerKind::Verb,
                        code: default,
                        reversed: false,
                        matched: Vec::new(),
                        rule_id: None,
                        roles: Some(roles),
                        modality: None,
                    });
                }
            },
        }
    }

    // Future, refusal by negation, and reported obligation, on the remaining verb triggers.
    for i in 0..triggers.len() {
        if consumed[i] {
            continue;
        }
        if triggers[i].kind == TriggerKind::Noun {
            // "will hold talks", "would tighten the blockade": the noun's event is in the future
            // of the verb it is the object of (a verb with no event of its own).
            let n = triggers[i].token;
            let v = syn.head(n);
            let verb_is_trigger = triggers.iter().any(|t| t.token == v);
            if syn.dep(n) == "dobj" && !verb_is_trigger && modality_of(syn, n) == Modality::Future {
                if let Some((code, key)) = rules.compose(Frame::Future, triggers[i].code) {
                    triggers[i].code = code;
                    triggers[i].rule_id = Some(format!("{RULESET}/frame/future/{key}"));
                    triggers[i].modality = Some(Modality::Future);
                }
            }
            continue;
        }
        if syn.pos(triggers[i].token) != Upos::Verb {
            continue;
        }
        let t = triggers[i].token;
        let aux: Vec<&str> = syn.children_with(t, &["aux"]).map(|a| syn.lemma[a as usize].as_str()).collect();
        let modality = modality_of(syn, t);
        // "Russia said Sudan must return ...": Russia demands.
        if aux.iter().any(|a| DEMAND_MODALS.contains(a)) {
            let head = syn.head(t);
            if head != t && syn.dep(t) == "ccomp" && REPORTING_VERBS.contains(&syn.lemma[head as usize].as_str()) {
                let tr = &triggers[i];
                let (code, key) = rules.compose(Frame::Demand, tr.code).unwrap_or((demand_default(rules), "-"));
                let source = syn.first_child(head, &["nsubj"]).into_iter().collect::<Vec<_>>();
                let target = syn.first_child(t, &["nsubj", "nsubjpass"]).into_iter().collect::<Vec<_>>();
                let roles =
                    Roles { source: crate::roles::expand(syn, &source), target: crate::roles::expand(syn, &target) };
                let rule_id = format!("{RULESET}/frame/demand/{key}");
                added.push(composite(head, tr, code, rule_id, roles, None));
                consumed[i] = true;
                continue;
            }
        }
        // "the EU may halt its mediation if ...": a conflictual act held out on a condition is a
        // threat (CAMEO 13), whatever the modal.
        let conditional = aux.iter().any(|a| CONDITIONAL_MODALS.contains(a))
            && syn.children_with(t, &["advcl"]).any(|c| {
                syn.children_with(c, &["mark"]).any(|m| matches!(syn.lower[m as usize].as_str(), "if" | "unless"))
            });
        if conditional && modality != Modality::Negated && THREAT_ROOTS.contains(&triggers[i].code.root_number()) {
            if let Some((code, key)) = rules.compose(Frame::Threaten, triggers[i].code) {
                triggers[i].code = code;
                triggers[i].rule_id = Some(format!("{RULESET}/frame/threaten/{key}"));
                triggers[i].modality = Some(Modality::Asserted);
                continue;
            }
        }
        match modality {
            Modality::Future => {
                if let Some((code, key)) = rules.compose(Frame::Future, triggers[i].code) {
                    triggers[i].code = code;
                    triggers[i].rule_id = Some(format!("{RULESET}/frame/future/{key}"));
                    triggers[i].modality = Some(Modality::Future);
                }
            }
            Modality::Negated
                if aux.iter().any(|a| FUTURE_AUX.contains(a)) || (aux.contains(&"would") && reported_past(syn, t)) =>
            {
                // "will not take part": the event is negated, and the refusal is an event too.
                let tr = &triggers[i];
                if let Some((code, key)) = rules.compose(Frame::Reject, tr.code) {
                    let roles = roles_of(syn, tr, rules.rule(tr.rule));
                    let rule_id = format!("{RULESET}/frame/reject/{key}");
                    added.push(composite(t, tr, code, rule_id, roles, Some(Modality::Asserted)));
                }
            }
            _ => {}
        }
    }
    // "Britain said Libya must hand over the suspects": a reported obligation is a demand by the
    // speaker even when the demanded act is no event of the verb files.
    // "X issued a reminder to Y that it must ...": the same through a noun of saying.
    let mut obligations: Vec<(TokenId, TokenId)> = Vec::new();
    for r in sent.clone() {
        if syn.pos(r) == Upos::Verb && REPORTING_VERBS.contains(&syn.lemma[r as usize].as_str()) {
            obligations.extend(syn.children_with(r, &["ccomp"]).map(|c| (r, c)));
        }
        let noun_of_saying = matches!(syn.pos(r), Upos::Noun)
            && syn.dep(r) == "dobj"
            && (SAYING_NOUNS.contains(&syn.lemma[r as usize].as_str())
                || crate::DOCUMENT_NOUNS.contains(&syn.lemma[r as usize].as_str()));
        if noun_of_saying {
            obligations.extend(syn.children_with(r, &["acl", "ccomp"]).map(|c| (syn.head(r), c)));
        }
    }
    for (r, c) in obligations {
        if triggers.iter().chain(&added).any(|t| t.token == r && t.code.root_number() != 1) {
            continue;
        }
        let modal = syn.children_with(c, &["aux"]).any(|a| DEMAND_MODALS.contains(&syn.lemma[a as usize].as_str()));
        let source: Vec<TokenId> = syn.first_child(r, &["nsubj"]).into_iter().collect();
        let target: Vec<TokenId> = syn.first_child(c, &["nsubj", "nsubjpass"]).into_iter().collect();
        let roles = || Roles { source: crate::roles::expand(syn, &source), target: crate::roles::expand(syn, &target) };
        // The demanded act has a rule: the demand composes it ("a reminder that Iraq must cooperate").
        // "the US must allocate resources to help": the first event under the obligation.
        let demanded = index_at(&triggers, c).or_else(|| {
            triggers.iter().position(|t| {
                t.kind != TriggerKind::Noun && under(syn, t.token, c) && crate::on_main_line(syn, t.token)
            })
        });
        if let Some(i) = demanded.filter(|&i| modal && !consumed[i]) {
            let tr = &triggers[i];
            let (code, key) = rules.compose(Frame::Demand, tr.code).unwrap_or((demand_default(rules), "-"));
            added.push(composite(r, tr, code, format!("{RULESET}/frame/demand/{key}"), roles(), None));
            consumed[i] = true;
            continue;
        }
        let covered = triggers
            .iter()
            .chain(&added)
            .any(|t| t.token == c || (under(syn, t.token, c) && crate::on_main_line(syn, t.token)));
        if !modal || covered || syn.pos(c) != Upos::Verb {
            continue;
        }
        let Some(&rule) = rules.frame_rules.get(&Frame::Demand) else { continue };
        added.push(Trigger {
            token: r,
            rule,
            kind: TriggerKind::Verb,
            code: demand_default(rules),
            reversed: false,
            matched: Vec::new(),
            rule_id: Some(format!("{RULESET}/frame/demand/-")),
            roles: Some(roles()),
            modality: Some(Modality::Asserted),
        });
    }
    // A reporting verb that now frames a demand is no statement of its own.
    for (i, t) in triggers.iter().enumerate() {
        if t.code.root_number() == 1 && added.iter().any(|a| a.token == t.token) {
            consumed[i] = true;
        }
    }
    let mut out: Vec<Trigger> =
        triggers.into_iter().zip(consumed).filter(|(_, c)| !c).map(|(t, _)| t).chain(added).collect();
    out.sort_by_key(|t| t.token);
    out
}

fn demand_default(rules: &Rules) -> attache_codes::CameoCode {
    rules.frame_verbs.get("demand").map(|(_, c)| *c).unwrap_or_else(|| {
        // The frames file names `demand`; without it, CAMEO's generic demand.
        "100".parse().unwrap_or_else(|_| unreachable!("100 is in the CAMEO table"))
    })
}

fn composite(
    token: TokenId,
    inner: &Trigger,
    code: attache_codes::CameoCode,
    rule_id: String,
    roles: Roles,
    modality: Option<Modality>,
) -> Trigger {
    Trigger {
        token,
        rule: inner.rule,
        kind: TriggerKind::Pattern,
        code,
        reversed: false,
        matched: inner.matched.iter().copied().chain([inner.token]).collect(),
        rule_id: Some(rule_id),
        roles: Some(roles),
        modality,
    }
}

/// The trigger at the complement `c`, or one step below it ("agreed to try to meet").
fn complement_trigger(syn: &Syntax<'_>, triggers: &[Trigger], c: TokenId) -> Option<usize> {
    if let Some(i) = triggers.iter().position(|t| t.token == c) {
        return Some(i);
    }
    triggers.iter().position(|t| {
        t.kind != TriggerKind::Noun && syn.head(t.token) == c && matches!(syn.dep(t.token), "xcomp" | "conj")
    })
}

/// Who frames: the verb's subject; for an adjective ("Norway is ready to"), the subject of its verb.
fn subject_of(syn: &Syntax<'_>, g: TokenId) -> Option<TokenId> {
    if let Some(s) = syn.first_child(g, &["nsubj"]) {
        return Some(s);
    }
    if let Some(s) = document_speaker(syn, g) {
        return Some(s);
    }
    let h = syn.head(g);
    if syn.pos(g) == Upos::Adj && h != g {
        if let Some(s) = syn.first_child(h, &["nsubj"]) {
            return Some(s);
        }
    }
    inherited_subject(syn, g)
}

/// Whom an appeal or demand addresses: "urged Israel to", "called on Arabs to".
fn addressee(syn: &Syntax<'_>, g: TokenId) -> Option<TokenId> {
    syn.first_child(g, &["dobj"]).or_else(|| {
        syn.children_with(g, &["prep"])
            .find(|&p| matches!(syn.lemma[p as usize].as_str(), "on" | "upon"))
            .and_then(|p| syn.first_child(p, &["pobj"]))
    })
}

/// Whether `t` lies in the clause of `c` (below it through verb complements, within a few steps).
fn under(syn: &Syntax<'_>, t: TokenId, c: TokenId) -> bool {
    let mut x = t;
    for _ in 0..6 {
        let h = syn.head(x);
        if h == x {
            return false;
        }
        if h == c {
            return matches!(syn.dep(x), "xcomp" | "ccomp" | "acomp" | "dobj" | "attr");
        }
        x = h;
    }
    false
}

/// The complement clauses of a framing word: its `xcomp`/`ccomp`, else an infinitive the parser
/// attached as an adverbial clause ("have sworn to fight" read as a purpose clause).
fn complements(syn: &Syntax<'_>, g: TokenId) -> Vec<TokenId> {
    let direct: Vec<TokenId> = syn.children_with(g, &["xcomp", "ccomp"]).collect();
    if !direct.is_empty() {
        return direct;
    }
    syn.children_with(g, &["advcl"])
        .filter(|&c| syn.children_with(c, &["aux"]).any(|a| syn.lower[a as usize] == "to"))
        .collect()
}

/// Who speaks through a document whose participle `v` modifies it: the subject of the verb that
/// has the document as object ("X issued a statement condemning ...").
fn document_speaker(syn: &Syntax<'_>, v: TokenId) -> Option<TokenId> {
    let doc_noun = syn.head(v);
    if doc_noun == v || syn.dep(v) != "acl" || !crate::DOCUMENT_NOUNS.contains(&syn.lemma[doc_noun as usize].as_str()) {
        return None;
    }
    let verb = syn.head(doc_noun);
    if verb == doc_noun || syn.dep(doc_noun) != "dobj" {
        return None;
    }
    syn.first_child(verb, &["nsubj"])
}

/// "is committed to opening up": a gerund after `to`, the complement of a framing adjective.
fn gerund_complement(syn: &Syntax<'_>, g: TokenId) -> Option<TokenId> {
    syn.children_with(g, &["prep"])
        .filter(|&p| syn.lower[p as usize] == "to")
        .find_map(|p| syn.first_child(p, &["pcomp"]))
}

/// Who frames, where an intent may be said in the passive ("Vietnam is committed to", "the army
/// was prepared to"): the passive subject holds the intent.
fn intent_subject(syn: &Syntax<'_>, g: TokenId, frame: Frame) -> Option<TokenId> {
    subject_of(syn, g).or_else(|| (frame == Frame::Intent).then(|| syn.first_child(g, &["nsubjpass"])).flatten())
}

/// The reporting verb when the framing word `g` sits in a reported obligation ("said the US must
/// be ready to", "said Iran should agree to").
fn reported_obligation(syn: &Syntax<'_>, g: TokenId) -> Option<TokenId> {
    let v = if syn.pos(g) == Upos::Adj && syn.dep(g) == "acomp" { syn.head(g) } else { g };
    let modal = syn.children_with(v, &["aux"]).any(|a| DEMAND_MODALS.contains(&syn.lemma[a as usize].as_str()));
    let r = syn.head(v);
    (modal && r != v && syn.dep(v) == "ccomp" && REPORTING_VERBS.contains(&syn.lemma[r as usize].as_str())).then_some(r)
}

/// The frame's own code when its complement has no composed code (that of its first framing word).
fn frame_default(rules: &Rules, frame: Frame) -> Option<attache_codes::CameoCode> {
    rules.frame_verbs.values().filter(|(f, _)| *f == frame).map(|(_, c)| *c).min()
}

/// Whether the noun `n` names the means of the act `v`: its subject ("a bombing killed") or the
/// object of its `in`/`by` phrase ("killed in an air strike").
fn means_of(syn: &Syntax<'_>, n: TokenId, v: TokenId) -> bool {
    // "a car bomb explosion": the modifier names the means of the phrase's head.
    let n = if syn.dep(n) == "compound" { syn.head(n) } else { n };
    let h = syn.head(n);
    (h == v && matches!(syn.dep(n), "nsubj"))
        || (syn.dep(n) == "pobj" && syn.head(h) == v && matches!(syn.lower[h as usize].as_str(), "in" | "by" | "with"))
}

/// A CAMEO code at the level of its root ("190"): the act without its means.
fn is_generic(code: attache_codes::CameoCode) -> bool {
    code.as_str().len() == 3 && code.as_str().ends_with('0')
}
