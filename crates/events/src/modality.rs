//! Whether the text says the event happened: negated ("will not take part", "refused to
//! attend"), hypothetical ("could", "if"), future or intended ("will attend", "set to open",
//! "plans to visit"), reported ("X said ...", "according to X"), else asserted. Read from the
//! trigger's auxiliaries and the chain of verbs that govern it; the first of negated,
//! hypothetical, future, reported that applies wins. "would" is hypothetical, except as the
//! future of a past report ("said they would meet"); "attempted to X" in the past is X itself;
//! an event noun that is the object of a verb of stopping ("ended the talks") is negated.

use attache_doc::{TokenId, Upos};
use attache_record::Modality;

use crate::syntax::Syntax;

const FUTURE_AUX: &[&str] = &["will", "shall", "'ll", "wo"];
const HYPOTHETICAL_AUX: &[&str] = &["could", "might", "may", "would", "should", "must", "can", "ca"];
/// Verbs (and adjectives) whose complement has not happened yet: "plans to visit", "set to open".
const FUTURE_GOVERNORS: &[&str] = &[
    "plan",
    "intend",
    "expect",
    "set",
    "schedule",
    "due",
    "prepare",
    "aim",
    "go",
    "hope",
    "want",
    "seek",
    "try",
    "vow",
    "swear",
    "pledge",
    "promise",
    "threaten",
    "agree",
    "offer",
    "propose",
    "likely",
    "poised",
    "ready",
    "expected",
    "scheduled",
    "slate",
    "wish",
    "attempt",
    "plot",
    "consider",
];
/// Verbs whose object event stops or never starts ("ended talks", "suspended aid").
const ENDING_VERBS: &[&str] = &["end", "suspend", "freeze", "abandon", "postpone", "break"];
/// Governors that say an act was tried: in the past tense the act is what happened.
const ATTEMPT_GOVERNORS: &[&str] = &["try", "attempt"];
const NEGATING_GOVERNORS: &[&str] = &["refuse", "decline", "fail", "reject", "deny", "avoid", "halt", "stop", "cancel"];
const HYPOTHETICAL_MARKS: &[&str] = &["if", "unless", "whether"];
/// Verbs of saying: the events in their complement are reported.
pub const REPORTING_VERBS: &[&str] = &[
    "say",
    "tell",
    "report",
    "announce",
    "state",
    "claim",
    "add",
    "insist",
    "note",
    "declare",
    "confirm",
    "write",
    "quote",
    "assert",
    "allege",
    "explain",
    "reiterate",
    "stress",
    "indicate",
    "believe",
    "think",
    "argue",
    "acknowledge",
    "admit",
    "conclude",
];

/// The modality of the event triggered at `t` (a verb, or a noun whose governing verb is read).
pub fn modality_of(syn: &Syntax<'_>, t: TokenId) -> Modality {
    let mut negated = false;
    let mut hypothetical = false;
    let mut future = false;
    // "would" alone: hypothetical, unless it is the future of a past report ("said they would meet").
    let mut would = false;
    let mut x = t;
    // A noun trigger takes the modality of the verb it is an argument of ("will hold talks").
    if !matches!(syn.pos(t), Upos::Verb | Upos::Aux) {
        let h = syn.head(t);
        if h != t && matches!(syn.dep(t), "dobj" | "nsubj" | "nsubjpass" | "pobj" | "attr") {
            x = if syn.dep(t) == "pobj" { syn.head(h) } else { h };
        }
        // "ended mediation efforts", "suspended talks": the object of a verb of stopping is not
        // happening (the stopping is an event of its own, of the verb files).
        let governor = syn.lemma[h as usize].as_str();
        if h != t
            && syn.dep(t) == "dobj"
            && (NEGATING_GOVERNORS.contains(&governor) || ENDING_VERBS.contains(&governor))
        {
            negated = true;
        }
    }
    // The verb itself, then up the chain of verbs that control it.
    for depth in 0..5 {
        for &c in syn.children(x) {
            let lemma = syn.lemma[c as usize].as_str();
            match syn.dep(c) {
                "neg" => negated = true,
                "aux" | "auxpass" if FUTURE_AUX.contains(&lemma) => future = true,
                "aux" if lemma == "would" => would = true,
                "aux" if HYPOTHETICAL_AUX.contains(&lemma) => hypothetical = true,
                "mark" if HYPOTHETICAL_MARKS.contains(&lemma) => hypothetical = true,
                _ => {}
            }
        }
        if depth > 0 {
            let lemma = syn.lemma[x as usize].as_str();
            if NEGATING_GOVERNORS.contains(&lemma) {
                negated = true;
            } else if ATTEMPT_GOVERNORS.contains(&lemma) && is_past(syn, x) {
                // "attempted to assassinate": the attempt happened; the event is its own.
            } else if FUTURE_GOVERNORS.contains(&lemma) {
                future = true;
            }
        }
        let head = syn.head(x);
        if head == x || !matches!(syn.dep(x), "xcomp" | "conj" | "acomp") {
            break;
        }
        // A conjunct shares the auxiliaries of its head ("will meet and sign") but a negation of
        // the head does not carry over ("met but did not sign").
        if syn.dep(x) == "conj" {
            let keep_neg = negated;
            x = head;
            for &c in syn.children(x) {
                let lemma = syn.lemma[c as usize].as_str();
                if syn.dep(c) == "aux" && FUTURE_AUX.contains(&lemma) {
                    future = true;
                }
            }
            negated = keep_neg;
            continue;
        }
        x = head;
    }
    if would {
        if reported_past(syn, x) {
            future = true;
        } else {
            hypothetical = true;
        }
    }
    if negated {
        return Modality::Negated;
    }
    if hypothetical {
        return Modality::Hypothetical;
    }
    if future {
        return Modality::Future;
    }
    match reporter(syn, x) {
        Some(speaker) => Modality::Reported { speaker },
        None => Modality::Asserted,
    }
}

/// The speaker when the clause headed by `x` is reported: the complement of a verb of saying
/// ("X said Y attacked"), a clause with "X said" inside it ("Y attacked, X said"), or one with
/// "according to X". `Some(None)` when the text reports without naming the speaker.
fn reporter(syn: &Syntax<'_>, x: TokenId) -> Option<Option<String>> {
    let head = syn.head(x);
    if head != x
        && matches!(syn.dep(x), "ccomp" | "xcomp")
        && REPORTING_VERBS.contains(&syn.lemma[head as usize].as_str())
    {
        return Some(subject_text(syn, head));
    }
    for &c in syn.children(x) {
        let dep = syn.dep(c);
        if matches!(dep, "parataxis" | "ccomp" | "advcl") && REPORTING_VERBS.contains(&syn.lemma[c as usize].as_str()) {
            return Some(subject_text(syn, c));
        }
        if dep == "prep" && syn.lower[c as usize] == "according" {
            let to = syn.first_child(c, &["prep"]);
            let obj = to.and_then(|p| syn.first_child(p, &["pobj"]));
            return Some(obj.map(|o| phrase_text(syn, o)));
        }
    }
    None
}

fn subject_text(syn: &Syntax<'_>, verb: TokenId) -> Option<String> {
    syn.first_child(verb, &["nsubj", "nsubjpass"]).map(|s| phrase_text(syn, s))
}

fn phrase_text(syn: &Syntax<'_>, h: TokenId) -> String {
    syn.span_of(&syn.np_range(h)).of(syn.doc.text()).to_string()
}

fn is_past(syn: &Syntax<'_>, v: TokenId) -> bool {
    matches!(syn.doc.token(v).tag(), "VBD" | "VBN")
}

/// Whether the clause headed by `x` is the complement of a verb of saying in the past tense
/// ("they said they would meet"), where "would" is the future seen from the report.
pub fn reported_past(syn: &Syntax<'_>, x: TokenId) -> bool {
    let head = syn.head(x);
    head != x
        && syn.dep(x) == "ccomp"
        && REPORTING_VERBS.contains(&syn.lemma[head as usize].as_str())
        && is_past(syn, head)
        && !syn.children_with(x, &["mark"]).any(|m| HYPOTHETICAL_MARKS.contains(&syn.lemma[m as usize].as_str()))
}
