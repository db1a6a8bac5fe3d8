//! The event coder: who did what to whom, when and where, in CAMEO and PLOVER, with the words that
//! say so.
//!
//! [`code`] is the stage function (pure: no I/O, no clock): from a parsed [`Doc`], its
//! [`TimeLayer`], its resolved [`Actors`] and the [`Rules`], it returns one [`Event`] per event
//! (mentions of the same event merged). The steps, one file each: `rules.rs` (the rule files
//! under `data/rules/`, compiled into look-up tables), `matcher.rs` (verb and noun triggers and
//! their patterns), `roles.rs` (source and target phrases), `actors.rs` (the actor mentions the
//! coder reads, and the [`ActorResolver`] seam), `modality.rs`, `location.rs`, `confidence.rs`,
//! `dedup.rs`; `syntax.rs` holds the parse views they share and `eval.rs` the scorers against
//! the PLOVER, PETRARCH and CAMEO gold sets.

use attache_calendar::DayRange;
use attache_codes::{CameoCode, PloverEvent, QuadConvention};
use attache_doc::{Doc, TokenId, Upos};
use attache_record::{ActorRef, CameoCoding, DateBasis, Event, EventDate, EventId, Evidence, Modality, Place};
use attache_text::{OffsetMap, Span};
use attache_time::{EventDateSource, TimeLayer};

mod actors;
mod confidence;
mod dedup;
pub mod eval;
mod frames;
mod location;
mod matcher;
mod modality;
mod roles;
mod rules;
mod syntax;
mod table;

pub use actors::{ActorMention, ActorResolver, Actors, NoActors};
pub use dedup::dedup;
pub use rules::{Frame, PloverMapping, Rule, RuleExample, RuleFileError, Rules, TriggerKind, RULESET};
pub use table::table;

use actors::MentionIndex;
use matcher::Trigger;
use syntax::Syntax;

/// What the coder needs to know about the document besides its parse.
#[derive(Debug, Clone, Copy)]
pub struct DocMeta<'a> {
    pub document_id: &'a str,
    /// The document's content hash (hex), part of every event id.
    pub content_hash: &'a str,
    /// The document's date (given or inferred by the time stage).
    pub date: Option<DayRange>,
    /// Whether `date` was inferred rather than given.
    pub date_inferred: bool,
    /// The original text and the map from the parsed (clean) text to it; without it, spans and
    /// texts are those of the parsed text.
    pub original: Option<(&'a str, &'a OffsetMap)>,
    /// Versions of the resources besides the rules (e.g. the actor KB), for the `coder` field.
    pub resources: &'a str,
}

impl<'a> DocMeta<'a> {
    /// Metadata for a document whose parsed text is its original text.
    pub fn plain(document_id: &'a str, content_hash: &'a str, date: Option<DayRange>) -> DocMeta<'a> {
        DocMeta { document_id, content_hash, date, date_inferred: false, original: None, resources: "" }
    }
}

/// One coded mention, before dedup, with the CAMEO side complete and the PLOVER type when the
/// CAMEO code has one (statements and appeals, roots 01–02, have none).
#[derive(Debug, Clone, PartialEq)]
pub struct Coding {
    pub cameo: CameoCoding,
    pub plover: Option<PloverEvent>,
    pub mode: Option<String>,
    pub contexts: Vec<String>,
    pub actors: Vec<ActorRef>,
    pub recipients: Vec<ActorRef>,
    pub date: Option<EventDate>,
    pub location: Option<Place>,
    pub modality: Modality,
    pub confidence: attache_record::Confidence,
    pub rule_id: String,
    pub kind: TriggerKind,
    pub evidence: Evidence,
    pub id: EventId,
}

impl Coding {
    /// The event record, when the coding has a PLOVER type.
    pub fn to_event(&self, document_id: &str, coder: &str) -> Option<Event> {
        Some(Event {
            id: self.id,
            document_id: document_id.to_string(),
            event_type: self.plover?,
            mode: self.mode.clone(),
            contexts: self.contexts.clone(),
            cameo: self.cameo,
            actors: self.actors.clone(),
            recipients: self.recipients.clone(),
            date: self.date,
            location: self.location.clone(),
            modality: self.modality.clone(),
            confidence: self.confidence,
            rule_id: self.rule_id.clone(),
            evidence: self.evidence.clone(),
            other_mentions: Vec::new(),
            coder: coder.to_string(),
        })
    }
}

/// The `coder` string of the events: attache's version, the rule set, other resources.
pub fn coder_string(resources: &str) -> String {
    let mut s = format!("attache {} / {RULESET}", env!("CARGO_PKG_VERSION"));
    if !resources.is_empty() {
        s.push_str(" / ");
        s.push_str(resources);
    }
    s
}

/// Codes the events of a document: every PLOVER-typed coding, mentions of one event merged.
pub fn code(doc: &Doc, time: &TimeLayer, actors: &Actors, rules: &Rules, meta: &DocMeta<'_>) -> Vec<Event> {
    let coder = coder_string(meta.resources);
    let events = code_mentions(doc, time, actors, rules, meta)
        .iter()
        .filter_map(|c| c.to_event(meta.document_id, &coder))
        .collect();
    dedup(events)
}

/// Every coded mention of a document in text order, including statements and appeals (CAMEO
/// roots 01–02) that have no PLOVER type; not deduplicated.
pub fn code_mentions(doc: &Doc, time: &TimeLayer, actors: &Actors, rules: &Rules, meta: &DocMeta<'_>) -> Vec<Coding> {
    let syn = Syntax::new(doc);
    let mentions = MentionIndex::new(actors, doc.len());
    let mut out = Vec::new();
    for (si, sent) in syn.sents.iter().enumerate() {
        let triggers = matcher::find_triggers(&syn, rules, sent.clone());
        let triggers = frames::apply(&syn, rules, sent.clone(), triggers);
        let triggers: Vec<Trigger> = triggers.into_iter().filter(|t| on_main_line(&syn, t.token)).collect();
        let keep = keep_triggers(&syn, &triggers);
        for (tr, _) in triggers.iter().zip(&keep).filter(|(_, k)| **k) {
            if let Some(c) = code_trigger(&syn, &mentions, time, rules, meta, si as u32, tr) {
                out.push(c);
            }
        }
    }
    out
}

/// Dependency labels through which an event is only background to the sentence: relative and
/// adverbial clauses, modifiers, clausal subjects ("the rebels, who attacked the town last year,
/// ..."; "to help finance"; "if it is attacked"). Events under them are not coded: the coder
/// reports what the sentence is about and stays conservative.
const BACKGROUND_DEPS: &[&str] = &["relcl", "acl", "advcl", "pcomp", "csubj", "amod", "appos", "npadvmod"];

/// Verbs of moving and gathering, whose purpose clause is the event ("headed for Paris to hold talks").
/// ("march" is not one: a march is a protest of its own, what it demands its content, CAMEO 14.)
const MOVEMENT_VERBS: &[&str] =
    &["head", "travel", "fly", "go", "come", "arrive", "return", "leave", "gather", "assemble", "converge"];

/// Verbs of hoping, fearing and needing: their complement has not happened and is not asserted.
const ATTITUDE_VERBS: &[&str] = &["hope", "wish", "fear", "worry", "doubt", "dread", "need"];

/// Nouns for documents and declarations whose participle modifier is what they say.
pub(crate) const DOCUMENT_NOUNS: &[&str] = &[
    "statement",
    "declaration",
    "communique",
    "communiqué",
    "letter",
    "resolution",
    "petition",
    "note",
    "message",
    "memorandum",
];

/// Whether the trigger's path to the root of its sentence avoids background clauses. An event
/// noun is judged by the verb it is an argument of; one that modifies a noun is no event, and
/// neither is what is hoped for or feared. A document's participle ("a statement condemning"),
/// the purpose of a movement ("flew to Kampala to hold talks"), what an attempt tried ("an attempt
/// to assassinate X") and the modifier clause of a verbless parse are on the main line.
/// Verbs of complaint that end a sentence after what they complain of ("..., the group protested"):
/// the complaint is the act. (After "charged", "alleged", "said" the reported act is the event,
/// as the CAMEO manual codes "X abused Y, a rights group charged" 1821.)
const TRAILING_REPORT_VERBS: &[&str] = &["protest", "complain"];

/// The main verb of the sentence and the speaker when `v` is a trailing complaint ("X is failing to
/// ..., a rights group protested on Wednesday"), which the parser reads either as a modifier of a
/// noun ("group" an apposition or object, "protested" its participle) or as an adverbial clause with
/// its own subject: a past-tense verb of complaint with no object or clause of its own, after a comma.
pub(crate) fn trailing_report(syn: &Syntax<'_>, v: TokenId) -> Option<(TokenId, TokenId)> {
    let reporting = TRAILING_REPORT_VERBS.contains(&syn.lemma[v as usize].as_str());
    if !reporting || syn.pos(v) != Upos::Verb || !matches!(syn.doc.token(v).tag(), "VBD" | "VBN") {
        return None;
    }
    let own_clause = ["dobj", "ccomp", "xcomp", "nsubjpass", "agent", "auxpass", "mark", "aux"];
    if syn.first_child(v, &own_clause).is_some() {
        return None;
    }
    let speaker = match syn.dep(v) {
        "acl" => {
            let n = syn.head(v);
            (n != v && matches!(syn.dep(n), "appos" | "npadvmod" | "dobj" | "conj")).then_some(n)?
        }
        "advcl" => syn.first_child(v, &["nsubj"])?,
        _ => return None,
    };
    let start = syn.np_range(speaker).start;
    if start == 0 || syn.lower[start as usize - 1] != "," || v < speaker {
        return None;
    }
    // The report hangs on the main clause; its verb is the sentence root, before the report.
    let mut r = syn.head(v);
    for _ in 0..5 {
        if syn.head(r) == r {
            break;
        }
        r = syn.head(r);
    }
    (syn.head(r) == r && syn.pos(r) == Upos::Verb && r < start).then_some((r, speaker))
}

/// Whether `n` is the root of a verbless sentence, or a noun of that root's prepositional phrases.
fn in_root_noun_phrase(syn: &Syntax<'_>, n: TokenId) -> bool {
    let mut x = n;
    for _ in 0..4 {
        if !matches!(syn.pos(x), Upos::Noun | Upos::Propn | Upos::Pron) {
            return false;
        }
        let h = syn.head(x);
        if h == x {
            return true;
        }
        let p = syn.head(h);
        if syn.dep(x) != "pobj" || syn.dep(h) != "prep" || p == h {
            return false;
        }
        x = p;
    }
    false
}

fn on_main_line(syn: &Syntax<'_>, t: TokenId) -> bool {
    let mut x = t;
    let noun = !matches!(syn.pos(t), Upos::Verb | Upos::Aux | Upos::Adj);
    if trailing_report(syn, t).is_some() {
        return true;
    }
    // An event noun modifying another noun names a kind ("aid groups", "protest leaders").
    if noun && syn.dep(t) == "compound" {
        return false;
    }
    for depth in 0..12 {
        let h = syn.head(x);
        if h == x {
            return true;
        }
        let dep = syn.dep(x);
        // A noun's own attachment (object, subject, `of` phrase) is how it enters its clause.
        // (Only while the path stays in noun phrases: a clause met on the way is not the noun's own.)
        let own = noun
            && depth < 3
            && !matches!(syn.pos(h), Upos::Verb | Upos::Aux)
            && !matches!(syn.pos(x), Upos::Verb | Upos::Aux);
        // A verbless sentence parsed as a noun with a modifier clause ("Doctors from X donated
        // ..."): the clause is the predicate.
        // ("Doctors from two aid groups donated ...": the clause may hang on a noun of the root's
        // `from`/`of` phrase.)
        let predicate_of_root_noun = dep == "acl" && in_root_noun_phrase(syn, h);
        // "issued a statement condemning X", "published a declaration demanding Y": the
        // participle says what the document does, which is the event.
        let content_of_document = dep == "acl"
            && syn.doc.token(x).tag() == "VBG"
            && DOCUMENT_NOUNS.contains(&syn.lemma[h as usize].as_str())
            && matches!(syn.dep(h), "dobj" | "nsubj" | "nsubjpass");
        // "hoped the officials would be indicted", "fears an attack": wishes and fears are not
        // events, nor what they are about.
        // (The lemmatizer reads "hoped" as "hop": the form is checked too.)
        let attitude = ATTITUDE_VERBS.contains(&syn.lemma[h as usize].as_str())
            || matches!(syn.lower[h as usize].as_str(), "hoped" | "hoping");
        if matches!(dep, "ccomp" | "xcomp" | "dobj") && attitude {
            return false;
        }
        // "flew to Paris to hold talks", "gathered in the square to protest": the purpose of a
        // movement is what the sentence reports.
        let purpose_of_movement = dep == "advcl"
            && MOVEMENT_VERBS.contains(&syn.lemma[h as usize].as_str())
            && syn.children_with(x, &["aux"]).any(|a| syn.lower[a as usize] == "to")
            && syn.children_with(x, &["mark"]).next().is_none();
        // "an attempt to assassinate X was thwarted": what was attempted is the event.
        let attempted = dep == "acl"
            && matches!(syn.lemma[h as usize].as_str(), "attempt" | "bid")
            && syn.children_with(x, &["aux"]).any(|a| syn.lower[a as usize] == "to");
        if BACKGROUND_DEPS.contains(&dep)
            && !(noun && (depth == 0 || own))
            && !predicate_of_root_noun
            && !content_of_document
            && !purpose_of_movement
            && !attempted
        {
            return false;
        }
        x = h;
    }
    true
}

/// Verbs whose infinitive complement is the act decided: the act is the event.
const DECISION_VERBS: &[&str] = &["decide", "vote", "resolve", "opt", "choose"];

/// CAMEO roots whose complement is not asserted: appeals (02), permissions and other yieldings
/// ("allowed X to hold a rally", 08), demands (10), accusations (11), rejections (12), threats (13).
const UNREALISED_CONTENT: &[u8] = &[2, 8, 10, 11, 12, 13];

/// Which triggers of a sentence stand as events of their own: a statement ("said") whose
/// complement holds another event is only the frame of that event; a verb controlled by another
/// trigger ("agreed to meet", "threatened to attack") is part of the controlling event; an event
/// noun under a verb trigger is part of that event ("agreed to US mediation", "threatened to stop
/// negotiations"), and one under a noun trigger of the same CAMEO root repeats it. A statement
/// whose object is an event noun or a document with an event participle gives way to that event;
/// a decision verb gives way to the act decided, a movement to its purpose, a generic verb of
/// force to its specific event-noun object ("reimposed blockades"); the content of a demand, appeal, accusation,
/// rejection or threat is not an event of its own.
fn keep_triggers(syn: &Syntax<'_>, triggers: &[Trigger]) -> Vec<bool> {
    let is_trigger = |t: TokenId| triggers.iter().position(|x| x.token == t);
    // "Make statement" (010) from a bare verb of saying is CAMEO's residual category: the manual
    // codes it only when nothing more specific can be said, which for a bare "said" is never.
    let mut keep: Vec<bool> = triggers
        .iter()
        .map(|t| !(t.kind == TriggerKind::Verb && t.rule_id.is_none() && t.code.as_str() == "010"))
        .collect();
    for (i, tr) in triggers.iter().enumerate() {
        // Walk up from this trigger; note the first trigger above it and how we got there.
        let mut x = tr.token;
        let mut via_xcomp_only = true;
        // Through a complement clause ("demanded that X withdraw", "its demand that X ease").
        let mut via_clause = false;
        let mut via_conj = false;
        let mut via_acl = false;
        // A noun that is the subject of the verb above ("talks ... took place") is the event itself.
        let is_subject = matches!(syn.dep(tr.token), "nsubj" | "nsubjpass");
        for _ in 0..6 {
            let h = syn.head(x);
            if h == x {
                break;
            }
            let dep = syn.dep(x);
            if dep != "xcomp" {
                via_xcomp_only = false;
            }
            // A conjunct inside the content ("claimed X had attacked and taken Y") stays content;
            // one above it ("X threatened Y and attacked") is an event of its own.
            via_conj |= dep == "conj" && via_clause;
            via_clause |= matches!(dep, "ccomp" | "xcomp" | "acl");
            via_acl |= dep == "acl";
            if let Some(j) = is_trigger(h) {
                let above = &triggers[j];
                if above.code.root_number() == 1 && matches!(dep, "ccomp" | "xcomp" | "conj" | "parataxis") {
                    keep[j] = false;
                } else if above.code.root_number() == 1 && dep == "dobj" && via_acl {
                    // "issued a statement condemning X": the statement is the condemnation.
                    keep[j] = false;
                } else if above.code.root_number() == 1
                    && tr.kind == TriggerKind::Noun
                    && (x == tr.token || tr.matched.contains(&x))
                    && dep == "dobj"
                {
                    // "announced a suspension of flights", "declared a state of emergency": the
                    // statement only makes the act public.
                    keep[j] = false;
                } else if tr.kind == TriggerKind::Noun
                    && x == tr.token
                    && dep == "dobj"
                    && above.kind == TriggerKind::Verb
                    && above.rule_id.is_none()
                    && above.code.root_number() >= 14
                    && !UNREALISED_CONTENT.contains(&above.code.root_number())
                    && above.code.as_str().ends_with('0')
                    && !tr.code.as_str().ends_with('0')
                {
                    // "reimposed blockades", "imposed a curfew": a generic verb of force with a
                    // specific event noun as object is that event.
                    keep[j] = false;
                } else if dep == "advcl"
                    && x == tr.token
                    && MOVEMENT_VERBS.contains(&syn.lemma[above.token as usize].as_str())
                {
                    // "flew to Kampala to hold talks": the journey carries the event.
                    keep[j] = false;
                } else if via_xcomp_only && DECISION_VERBS.contains(&syn.lemma[above.token as usize].as_str()) {
                    // "the court decided to allow X", "parliament voted to impose sanctions": the
                    // decided act is what is reported (the CAMEO manual codes the act).
                    keep[j] = false;
                } else if via_clause && !via_conj && UNREALISED_CONTENT.contains(&above.code.root_number()) {
                    // What is demanded, appealed for, threatened, alleged or refused has not
                    // happened: it is the content of the event above, not an event of its own.
                    keep[i] = false;
                } else if (via_xcomp_only && above.kind != TriggerKind::Noun)
                    || (tr.kind == TriggerKind::Noun
                        && (above.code.root() == tr.code.root() || (above.kind != TriggerKind::Noun && !is_subject)))
                {
                    keep[i] = false;
                }
                break;
            }
            x = h;
        }
    }
    // A statement whose own clause has a parataxis/ccomp child event ("Y attacked, X said").
    for (j, above) in triggers.iter().enumerate() {
        if above.code.root_number() == 1 {
            let v = above.token;
            let h = syn.head(v);
            if h != v && syn.dep(v) == "parataxis" && is_trigger(h).is_some() {
                keep[j] = false;
            }
        }
    }
    keep
}

/// CAMEO roots of events aimed at someone: demands (10), disapproval (11), threats (13), protest
/// (14), force posture (15), sanctions (16), coercion (17), force (18–20). Without a named target,
/// the place they happen names it, even in the source's own country.
const AIMED_ROOTS: &[u8] = &[10, 11, 13, 14, 15, 16, 17, 18, 19, 20];

/// Verbs whose passive with a complement ("is expected to", "is believed to") only reports what
/// the subject will do or did.
const RAISING_VERBS: &[&str] =
    &["expect", "believe", "think", "suppose", "say", "report", "rumor", "rumour", "consider", "understand", "know"];

fn code_trigger(
    syn: &Syntax<'_>,
    mentions: &MentionIndex<'_>,
    time: &TimeLayer,
    rules: &Rules,
    meta: &DocMeta<'_>,
    sentence_index: u32,
    tr: &Trigger,
) -> Option<Coding> {
    let doc = syn.doc;
    let rule = rules.rule(tr.rule);
    let rule_id = tr.rule_id.clone().unwrap_or_else(|| rule.id.clone());
    let place_name = |t: TokenId| mentions.at_single(t).is_some_and(|m| m.place);
    let event_noun =
        |t: TokenId| matches!(syn.pos(t), Upos::Noun) && rules.nouns.contains_key(syn.lemma[t as usize].as_str());
    let known = roles::Known { place: &place_name, event_noun: &event_noun };
    let roles = tr.roles.clone().unwrap_or_else(|| roles::roles_in(syn, tr, rule, known));
    // "Saudi Arabia is expected to host", "Kerry had been expected to return": a passive verb of
    // expecting or believing with no agent says what its subject will do; it is nobody's act.
    if tr.kind != TriggerKind::Noun
        && RAISING_VERBS.contains(&syn.lemma[tr.token as usize].as_str())
        && syn.is_passive(tr.token)
        && syn.first_child(tr.token, &["agent"]).is_none()
        && syn.first_child(tr.token, &["xcomp"]).is_some()
    {
        return None;
    }
    if roles.source.is_empty() && roles.target.is_empty() {
        return None;
    }
    let to_original = |s: Span| match meta.original {
        Some((_, map)) => map.span_to_original(s),
        None => s,
    };
    // The words of a parsed-text span, read from the original text.
    let text_of = |s: Span| match meta.original {
        Some((text, map)) => map.span_to_original(s).of(text).to_string(),
        None => s.of(doc.text()).to_string(),
    };
    // The (original) spans of the generic nouns among the actors found ("troops", "Insurgents").
    let generic_spans: std::cell::RefCell<Vec<Span>> = std::cell::RefCell::new(Vec::new());
    let actor_refs = |heads: &[TokenId]| -> Vec<ActorRef> {
        let mut refs: Vec<ActorRef> = Vec::new();
        for &h in heads {
            for (r, generic) in actor_refs_of(syn, mentions, h) {
                let r = ActorRef { span: to_original(r.span), text: text_of(r.span), ..r };
                if generic {
                    generic_spans.borrow_mut().push(r.span);
                }
                if !refs.iter().any(|x| x.span == r.span) {
                    refs.push(r);
                }
            }
        }
        refs
    };
    // A generic noun whose country the actor stage took from the sentence around it ("troops",
    // "two frigates", "Insurgents"): a KB-generic code and no name of its own.
    let generic_in_context = |a: &ActorRef| {
        a.actor_id.as_deref().is_some_and(|id| id.starts_with("cameo:")) && generic_spans.borrow().contains(&a.span)
    };
    let mut actors = actor_refs(&roles.source);
    let resolved = |a: &ActorRef| a.country.is_some() || a.cameo_code.is_some();
    // A source that names nobody ("were killed in Israeli shelling"): the owner of the event noun.
    let mut source_found: Vec<TokenId> = Vec::new();
    if !actors.iter().any(resolved) {
        for c in roles::fallback_sources(syn, tr, &roles) {
            let refs = actor_refs(&[c]);
            if refs.iter().any(|a| resolved(a) && !generic_in_context(a)) {
                actors = refs;
                source_found.push(c);
                break;
            }
        }
    }
    // A pattern word as target ("held talks") counts only when it names an actor ("a U.S. request").
    let target_heads: Vec<TokenId> = roles
        .target
        .iter()
        .copied()
        .filter(|&t| {
            !tr.matched.contains(&t) || mentions.at(t).is_some_and(|m| m.country.is_some() || m.cameo_code.is_some())
        })
        .collect();
    let mut recipients = actor_refs(&target_heads);
    // "agreed that their countries should cooperate": a pronoun standing for the source itself
    // names no one else the event is aimed at.
    recipients.retain(|a| {
        let first = a.text.split_whitespace().next().unwrap_or("").to_lowercase();
        let same = |s: &ActorRef| {
            (s.country.is_some() && s.country == a.country) || (s.cameo_code.is_some() && s.cameo_code == a.cameo_code)
        };
        !(PRONOUNS.contains(&first.as_str()) && actors.iter().any(same))
    });
    let root = tr.code.root_number();
    let aimed = AIMED_ROOTS.contains(&root);
    // A target that names nobody ("rejected the proposal by Iraq", "threatened to cut off
    // electricity to Nakhichevan") or only a generic noun ("offered two frigates to Ghana"): the
    // first further phrase that names an actor, outside the source's own phrase.
    let further = roles::fallback_targets(syn, tr, &roles, known);
    if !recipients.iter().any(|a| resolved(a) && !generic_in_context(a)) {
        let source_phrases: Vec<std::ops::Range<TokenId>> =
            roles.source.iter().map(|&s| phrase_range(syn, s)).collect();
        let weak = recipients.iter().any(resolved);
        for c in further.0.iter().copied() {
            if source_phrases.iter().any(|r| r.contains(&c)) || source_found.contains(&c) {
                continue;
            }
            // "to Iran, Libya, North Korea and Sudan": the whole coordination.
            let refs = actor_refs(&roles::expand(syn, &[c]));
            if refs.iter().any(|a| resolved(a) && (!weak || !generic_in_context(a))) {
                recipients = refs;
                break;
            }
        }
        // In cooperation (roots 03–07), a generic noun given the source's own country is what is
        // given or done ("Jordan and Britain agreed to hold joint military exercises"), not whom
        // to; demands, threats and force on one's own people are common ("police will not
        // tolerate rallies").
        if (3..=7).contains(&root) {
            let own = |a: &ActorRef| actors.iter().any(|s| s.country.is_some() && s.country == a.country);
            for a in recipients.iter_mut().filter(|a| generic_in_context(a) && own(a)) {
                *a = ActorRef { country: None, sector: None, cameo_code: None, actor_id: None, ..a.clone() };
            }
        }
    }
    // "Palestinians and Israelis failed to reach agreement on Palestinian offices": with
    // coordinated sources of several countries, a target of one of them is the joint event's
    // matter, not a party acted on.
    let source_countries: Vec<_> = actors.iter().filter_map(|a| a.country).collect();
    let several_sources = source_countries.iter().any(|c| source_countries.iter().any(|d| d != c));
    if several_sources {
        recipients.retain(|a| !a.country.is_some_and(|c| source_countries.contains(&c)));
    }
    let modality = tr.modality.clone().unwrap_or_else(|| modality::modality_of(syn, tr.token));
    let plover = rules.plover(tr.code);
    // A role phrase that names an actor is not the place; one that names nobody may be ("rioted
    // at a jail in northern Israel").
    let skip: Vec<TokenId> = roles
        .source
        .iter()
        .copied()
        .chain(roles.target.iter().copied().filter(|&t| mentions.at(t).is_some()))
        .collect();
    let place = location::place_of(syn, mentions, tr.token, &skip)
        .or_else(|| tr.matched.last().and_then(|&inner| location::place_of(syn, mentions, inner, &skip)));
    // With no target named, the country where the event happens is the one it is done to or in
    // ("visited Amman", "protested in Beijing"). For cooperation that is not the source's own
    // country (Jordan meeting in Amman is no event on Jordan); for events aimed at someone
    // (threats, protest, coercion, force) it is, whoever acts: a curfew in Algiers is imposed on
    // Algeria.
    let mut place_target = false;
    if !recipients.iter().any(|a| resolved(a) && !generic_in_context(a)) {
        if let Some(p) = place.as_ref().filter(|p| p.country.is_some()) {
            let own = actors.iter().any(|a| a.country == p.country);
            // Cooperation by nobody named ("the talks are planned for Friday in Vienna") is not
            // done to the place it happens in.
            let sourceless = actors.is_empty() && !aimed;
            if (!own || aimed) && !sourceless {
                place_target = true;
                recipients.clear();
                recipients.push(ActorRef {
                    text: text_of(p.span),
                    span: to_original(p.span),
                    country: p.country,
                    sector: None,
                    cameo_code: p.country.map(|c| c.as_str().to_string()),
                    actor_id: None,
                });
            }
        }
    }
    if !recipients.iter().any(resolved) {
        let joint = |a: &ActorRef| several_sources && a.country.is_some_and(|c| source_countries.contains(&c));
        if let Some(refs) = further
            .1
            .iter()
            .map(|&c| actor_refs(&[c]))
            .find(|refs| refs.iter().any(|a| a.country.is_some() && !joint(a)))
        {
            recipients = refs;
        }
    }
    // "The government expressed appreciation for China's assistance": a generic source whose
    // country the actor stage took from the sentence, here the target's own name, is unknown
    // (but people acting in a place, "prisoners rioted in Dili", are of the place).
    if !place_target && recipients.iter().any(|a| a.country.is_some() && !generic_in_context(a)) {
        for a in actors.iter_mut().filter(|a| generic_in_context(a)) {
            if recipients.iter().any(|r| r.country == a.country && !generic_in_context(r)) {
                *a = ActorRef { country: None, sector: None, cameo_code: None, actor_id: None, ..a.clone() };
            }
        }
    }
    // "killed by an improvised explosive device outside Basra", "a roadside bombing near Samarra
    // killed": force whose source phrase names nobody, only its means, is by unidentified armed
    // forces (CAMEO `UAF`, PLOVER sector UAF) of the country where it happened.
    if (18..=20).contains(&root) && !actors.iter().any(resolved) {
        // A common noun that names no actor, or only the country its place phrase gives it ("a
        // roadside bombing near Samarra").
        let unnamed =
            |n: &TokenId| mentions.at(*n).is_none_or(|m| m.cameo_code.as_deref().is_none_or(|c| c.len() == 3));
        let means = roles::means_nouns(syn, tr, &roles).into_iter().find(unnamed);
        // The place may hang on the means ("a roadside bombing near Samarra killed").
        let country = place
            .as_ref()
            .and_then(|p| p.country)
            .or_else(|| location::place_of(syn, mentions, means?, &[]).and_then(|p| p.country));
        if let (Some(c), Some(n)) = (country, means) {
            let span = syn.span_of(&syn.np_range(n));
            let code = format!("{}UAF", c.as_str());
            actors = vec![ActorRef {
                text: text_of(span),
                span: to_original(span),
                country: Some(c),
                sector: "UAF".parse().ok(),
                actor_id: Some(format!("cameo:{code}")),
                cameo_code: Some(code),
            }];
        }
    }
    // Event data is about actors: an event none of whose actors is known is not coded.
    if !actors.iter().chain(&recipients).any(resolved) {
        return None;
    }
    let location = place.map(|p| Place { span: to_original(p.span), text: text_of(p.span), ..p });
    let date_verb = if syn.pos(tr.token) == Upos::Verb { tr.token } else { syn.head(tr.token) };
    let date = attache_time::event_date(doc, time, date_verb, meta.date).map(|d| EventDate {
        range: d.range,
        basis: match d.source {
            EventDateSource::Timex(_) => DateBasis::Expression,
            EventDateSource::DocumentDate if meta.date_inferred => DateBasis::InferredDocumentDate,
            EventDateSource::DocumentDate => DateBasis::DocumentDate,
        },
    });
    let confidence = confidence::confidence(
        confidence::Evidence {
            kind: tr.kind,
            has_source: !actors.is_empty(),
            source_resolved: actors.iter().any(|a| a.country.is_some() || a.cameo_code.is_some()),
            has_target: !recipients.is_empty(),
            target_resolved: recipients.iter().any(|a| a.country.is_some() || a.cameo_code.is_some()),
        },
        &modality,
    );
    let sent = &syn.sents[sentence_index as usize];
    let sentence_span = syn.span_of(sent);
    let trigger_span = doc.token(tr.token).span();
    let evidence = Evidence {
        sentence_index,
        sentence_text: text_of(sentence_span),
        sentence_span: to_original(sentence_span),
        source_spans: actors.iter().map(|a| a.span).collect(),
        target_spans: recipients.iter().map(|a| a.span).collect(),
        trigger_span: to_original(trigger_span),
    };
    let id = EventId::derive(&[
        meta.content_hash,
        &sentence_index.to_string(),
        &format!("{}:{}", evidence.trigger_span.start(), evidence.trigger_span.end()),
        &rule_id,
    ]);
    Some(Coding {
        cameo: CameoCoding::of(tr.code, QuadConvention::Gdelt),
        plover: plover.event,
        mode: plover.mode.clone(),
        contexts: plover.contexts.clone(),
        actors,
        recipients,
        date,
        location,
        modality,
        confidence,
        rule_id,
        kind: tr.kind,
        evidence,
        id,
    })
}

/// A mention with a KB-generic code and no name of its own ("troops", "the rebels"; "Insurgents"
/// at the start of a sentence, where a common noun is capitalised too).
fn mention_is_generic(syn: &Syntax<'_>, m: &ActorMention) -> bool {
    let Some(first) = m.tokens.clone().find(|&t| !matches!(syn.pos(t), Upos::Det | Upos::Punct)) else {
        return is_generic_words(m.actor_id.as_deref(), &m.text);
    };
    let sent = &syn.sents[syn.sent_of[first as usize] as usize];
    let opens = (sent.start..first).all(|t| matches!(syn.pos(t), Upos::Det | Upos::Punct | Upos::Space));
    if opens && syn.pos(first) == Upos::Noun {
        let words: Vec<String> = m
            .tokens
            .clone()
            .map(|t| if t == first { syn.lower[t as usize].clone() } else { syn.doc.token(t).text().to_string() })
            .collect();
        return is_generic_words(m.actor_id.as_deref(), &words.join(" "));
    }
    is_generic_words(m.actor_id.as_deref(), &m.text)
}

/// Pronouns resolve to whom they stand for; they are not generic nouns.
const PRONOUNS: &[&str] = &[
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "themselves",
    "he",
    "him",
    "his",
    "she",
    "her",
    "we",
    "us",
    "our",
    "who",
    "which",
    "whom",
    "whose",
];

/// Words that open a noun phrase, capitalised or not at the start of a sentence.
const DETERMINERS: &[&str] = &["a", "an", "the", "this", "these", "those", "that", "some", "many", "several"];

fn is_generic_words(actor_id: Option<&str>, text: &str) -> bool {
    actor_id.is_some_and(|id| id.starts_with("cameo:"))
        && !text
            .split_whitespace()
            .filter(|w| !DETERMINERS.contains(&w.to_lowercase().as_str()))
            .any(|w| w.starts_with(char::is_uppercase))
        && !text.split_whitespace().next().is_some_and(|w| PRONOUNS.contains(&w.to_lowercase().as_str()))
}

/// The actors a role head names: its own (see [`actor_ref`]), and those of coordinated national
/// modifiers ("Hungarian and Romanian officials", "US and British activists").
fn actor_refs_of(syn: &Syntax<'_>, mentions: &MentionIndex<'_>, h: TokenId) -> Vec<(ActorRef, bool)> {
    let mut out = vec![actor_ref(syn, mentions, h)];
    for m in syn.children_with(h, &["amod", "compound", "nmod"]) {
        let conjuncts = syn.conjuncts(m);
        if conjuncts.len() < 2 {
            continue;
        }
        for c in conjuncts {
            if let Some(res) = mentions.at_single(c).filter(|x| x.country.is_some()) {
                if out.iter().all(|(a, _)| a.country != res.country) {
                    let r = ActorRef {
                        text: String::new(),
                        span: res.span,
                        country: res.country,
                        sector: out[0].0.sector,
                        cameo_code: res.cameo_code.clone(),
                        actor_id: res.actor_id.clone(),
                    };
                    out.push((r, false));
                }
            }
        }
    }
    out
}

/// The actor a role head names: the mention at the head, else one inside its phrase ("ministers
/// from 11 countries", "the government of Syria"), else the words alone, unresolved; and whether
/// it is a generic noun whose country came from the sentence around it.
fn actor_ref(syn: &Syntax<'_>, mentions: &MentionIndex<'_>, h: TokenId) -> (ActorRef, bool) {
    let phrase = phrase_range(syn, h);
    let is_resolved = |m: &&ActorMention| m.country.is_some() || m.cameo_code.is_some();
    let own = mentions.at(h).filter(is_resolved);
    // A possessive pronoun does not name the phrase it sits in ("its Gulf war").
    let in_phrase = || {
        phrase
            .clone()
            .filter_map(|t| mentions.at(t))
            .filter(is_resolved)
            .filter(|m| !PRONOUNS.contains(&m.text.to_lowercase().as_str()))
    };
    // A generic head whose country came from the sentence around it yields to a name in its own
    // phrase ("officials of the Kenyan government").
    let resolved = match own {
        Some(m) if mention_is_generic(syn, m) => in_phrase().find(|x| !mention_is_generic(syn, x)).or(Some(m)),
        Some(m) => Some(m),
        None => in_phrase().next(),
    };
    // "objects to Iran's participation", "a U.S. request": a thing named by its owner is the
    // owner's words, when the owner alone resolves to the same actor and the thing adds no
    // sector of its own (unlike "Assad's regime").
    let owner =
        resolved.filter(|m| m.tokens.contains(&h) && syn.pos(h) == Upos::Noun && m.sector.is_none()).and_then(|m| {
            m.tokens.clone().filter(|&t| t != h).find_map(|t| {
                mentions.shortest_at(t).filter(|x| {
                    x.tokens.len() < m.tokens.len()
                        && !x.tokens.contains(&h)
                        && x.cameo_code.is_some()
                        && x.cameo_code == m.cameo_code
                        && !PRONOUNS.contains(&x.text.to_lowercase().as_str())
                })
            })
        });
    let span = match (resolved, owner) {
        (_, Some(o)) => o.span,
        // The mention's words when they hold the head, else the whole phrase.
        (Some(m), None) if m.tokens.contains(&h) => m.span,
        _ => syn.span_of(&phrase),
    };
    // "ethnic Albanians in south Serbia": a people living in another country is coded by where it
    // lives (the actor stage does so for "Albanians of southern Serbia").
    if let Some(g) = resolved.filter(|m| is_people(m) && !mention_is_generic(syn, m) && m.tokens.contains(&h)) {
        let place = syn
            .children_with(h, &["prep"])
            .filter(|&p| syn.lemma[p as usize] == "in")
            .filter_map(|p| syn.first_child(p, &["pobj"]))
            .find_map(|o| {
                mentions.at(o).filter(|m| m.country.is_some() && !is_people(m) && !mention_is_generic(syn, m))
            });
        if let (Some(p), Some(code)) = (place.and_then(|p| p.country), g.cameo_code.as_deref()) {
            if Some(p) != g.country {
                let code = format!("{}{}", p.as_str(), code.get(3..).unwrap_or(""));
                let r = ActorRef {
                    text: String::new(),
                    span: g.span,
                    country: Some(p),
                    sector: g.sector,
                    actor_id: Some(format!("cameo:{code}")),
                    cameo_code: Some(code),
                };
                return (r, false);
            }
        }
    }
    // "a court in Guyana", "demonstrators in Baghdad": a generic noun is of the place its own
    // `in` phrase names, whatever else the sentence mentions.
    if let Some(g) = resolved.filter(|m| mention_is_generic(syn, m) && m.tokens.contains(&h)) {
        let place = syn
            .children_with(h, &["prep"])
            .filter(|&p| syn.lemma[p as usize] == "in")
            .filter_map(|p| syn.first_child(p, &["pobj"]))
            .find_map(|o| mentions.at(o).filter(|m| m.country.is_some() && !mention_is_generic(syn, m)));
        if let (Some(p), Some(code)) = (place, g.cameo_code.as_deref()) {
            // Of the place its own phrase names: a country of its own, not the sentence's.
            if p.country == g.country {
                return (ActorRef { text: String::new(), span: g.span, ..ref_of(g) }, false);
            }
            {
                let country = p.country.map(|c| c.as_str().to_string()).unwrap_or_default();
                let role = code.get(3..).unwrap_or("");
                let code = format!("{country}{role}");
                let r = ActorRef {
                    text: String::new(),
                    span: g.span,
                    country: p.country,
                    sector: g.sector,
                    actor_id: Some(format!("cameo:{code}")),
                    cameo_code: Some(code),
                };
                return (r, true);
            }
        }
        // "will not accept any more refugees if war starts in Iraq": the country the actor stage
        // gave a generic noun must be named in its own clause or one that holds it, not in a
        // condition or a relative clause beside it.
        if let (Some(c), Some(code)) = (g.country, g.cameo_code.as_deref()) {
            // "students throughout Indonesia": a country named in its own phrase is its own.
            let own_phrase =
                syn.subtree(h, &[]).into_iter().filter(|&t| !g.tokens.contains(&t)).any(|t| {
                    mentions.at_single(t).is_some_and(|m| m.country == Some(c) && !mention_is_generic(syn, m))
                });
            if own_phrase {
                return (ActorRef { text: String::new(), span: g.span, ..ref_of(g) }, false);
            }
            let chain = clause_chain(syn, h);
            let sent = &syn.sents[syn.sent_of[h as usize] as usize];
            let names = |m: &ActorMention| {
                m.country.is_some()
                    && !mention_is_generic(syn, m)
                    && !m.tokens.contains(&h)
                    && !PRONOUNS.contains(&m.text.to_lowercase().as_str())
            };
            // Its own clause, the clauses holding it, and its own modifiers ("demonstrators
            // protesting in Monrovia").
            let in_chain = |m: &ActorMention| {
                chain.contains(&clause_head(syn, m.tokens.start)) || descends_from(syn, m.tokens.start, h)
            };
            let named: Vec<&ActorMention> =
                sent.clone().filter_map(|t| mentions.at_single(t)).filter(|m| names(m)).collect();
            // Only a country the sentence names elsewhere came from the sentence (one it does not
            // name came from the document); a replacement is a country's own name, as the actor
            // stage would take it.
            let from_sentence = named.iter().any(|m| m.country == Some(c));
            if from_sentence && !named.iter().any(|m| m.country == Some(c) && in_chain(m)) {
                let near = named
                    .iter()
                    .filter(|m| in_chain(m) && m.cameo_code.as_deref().is_some_and(|x| x.len() == 3))
                    .min_by_key(|m| m.tokens.start.abs_diff(h))
                    .and_then(|m| m.country);
                let role = code.get(3..).unwrap_or("");
                let code = match near {
                    Some(n) => format!("{}{role}", n.as_str()),
                    None => role.to_string(),
                };
                let r = ActorRef {
                    text: String::new(),
                    span: g.span,
                    country: near,
                    sector: g.sector,
                    actor_id: Some(format!("cameo:{code}")),
                    cameo_code: Some(code).filter(|c| !c.is_empty()),
                };
                return (r, true);
            }
        }
    }
    let r = match resolved {
        Some(m) => ActorRef { span, ..ref_of(m) },
        None => ActorRef { text: String::new(), span, country: None, sector: None, cameo_code: None, actor_id: None },
    };
    (r, resolved.is_some_and(|m| mention_is_generic(syn, m)))
}

/// The people of a country ("Albanians", "ethnic Turks"): a country's civilians named by a
/// nationality.
fn is_people(m: &ActorMention) -> bool {
    m.country.is_some() && m.cameo_code.as_deref().is_some_and(|c| c.len() == 6 && c.ends_with("CVL"))
}

/// The actor a mention names, with its own words' span (the caller sets the text).
fn ref_of(m: &ActorMention) -> ActorRef {
    ActorRef {
        text: String::new(),
        span: m.span,
        country: m.country,
        sector: m.sector,
        cameo_code: m.cameo_code.clone(),
        actor_id: m.actor_id.clone(),
    }
}

/// Whether `t` is `ancestor` or below it.
fn descends_from(syn: &Syntax<'_>, t: TokenId, ancestor: TokenId) -> bool {
    let mut x = t;
    for _ in 0..64 {
        if x == ancestor {
            return true;
        }
        let h = syn.head(x);
        if h == x {
            return false;
        }
        x = h;
    }
    false
}

/// Dependency labels that open a clause of their own.
const CLAUSE_DEPS: &[&str] = &["advcl", "relcl", "acl", "ccomp", "csubj", "pcomp", "parataxis"];

/// The head of the clause `t` is in: the nearest ancestor (or `t`) opening a clause, or the root.
fn clause_head(syn: &Syntax<'_>, t: TokenId) -> TokenId {
    let mut x = t;
    for _ in 0..64 {
        let h = syn.head(x);
        if h == x || CLAUSE_DEPS.contains(&syn.dep(x)) {
            return x;
        }
        x = h;
    }
    x
}

/// The heads of the clause of `t` and of every clause that holds it, up to the root.
fn clause_chain(syn: &Syntax<'_>, t: TokenId) -> Vec<TokenId> {
    let mut out = Vec::new();
    let mut x = t;
    for _ in 0..16 {
        let c = clause_head(syn, x);
        out.push(c);
        let h = syn.head(c);
        if h == c {
            break;
        }
        x = h;
    }
    out
}

/// A role's phrase: the noun phrase of `h` and its `of`/`from` phrases ("the foreign ministers of
/// Iran", "officials from 11 countries").
fn phrase_range(syn: &Syntax<'_>, h: TokenId) -> std::ops::Range<TokenId> {
    let mut r = syn.np_range(h);
    let mut x = h;
    for _ in 0..2 {
        let Some(p) =
            syn.children_with(x, &["prep"]).find(|&p| matches!(syn.lemma[p as usize].as_str(), "of" | "from"))
        else {
            break;
        };
        let Some(o) = syn.first_child(p, &["pobj"]) else { break };
        let inner = syn.np_range(o);
        r = r.start.min(inner.start)..r.end.max(inner.end);
        x = o;
    }
    r
}

/// CAMEO codes by their string, for callers that hold codes as text.
pub fn cameo(code: &str) -> Option<CameoCode> {
    code.parse().ok()
}
