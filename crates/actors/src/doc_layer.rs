//! Document-level resolution: finds the actor mentions of a `Doc` (noun phrases headed by a noun
//! or proper noun, named entities, pronouns), resolves them in reading order through
//! `Kb::resolve`, and keeps the context that makes later mentions resolvable: who was named
//! (for "Kerry" after "John Kerry", "the secretary", "he"), which country the document is about
//! (for "the opposition", "troops"), and which unknown people were defined in passing
//! (provisional actors). Also the office tenures of the actors named with a title, as date
//! constraints for the time stage.

use std::collections::HashMap;
use std::ops::Range;

use attache_calendar::{Day, DayRange};
use attache_codes::{Country, Sector};
use attache_doc::{Doc, TokenId, Upos};
use attache_text::Span;

use crate::kb::{EntryKind, Item, Kb};
use crate::normalize;
use crate::resolve::{Context, Mention, Recent, Resolution};

/// One resolved mention.
#[derive(Debug, Clone)]
pub struct ActorMention {
    pub tokens: Range<TokenId>,
    pub span: Span,
    pub sentence: usize,
    pub text: String,
    pub resolution: Resolution,
}

/// A person the KB does not know, defined by the text; listed for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvisionalActor {
    pub actor_id: String,
    pub name: String,
    pub country: Option<Country>,
    pub sector: Option<Sector>,
    pub cameo_code: String,
    /// The sentence that defines the actor.
    pub evidence: String,
}

/// The actors of one document.
#[derive(Debug, Clone, Default)]
pub struct ActorLayer {
    pub mentions: Vec<ActorMention>,
    pub provisional: Vec<ProvisionalActor>,
}

/// An office held by an actor named with its title in the document: the document is likely
/// dated inside `range` (open ends clipped to 1900-01-01 … 2100-12-31).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenureConstraint {
    pub actor_id: String,
    pub title: String,
    pub range: DayRange,
    pub mention: Span,
}

const SKIP_DEPS: &[&str] = &["compound", "amod", "flat", "nummod", "det"];
const TITLES_BEFORE_SURNAME: &[&str] = &["mr", "mrs", "ms", "dr", "sir"];

/// Candidate mentions of one sentence: token ranges in reading order.
fn candidates(doc: &Doc, sent: Range<TokenId>) -> Vec<Range<TokenId>> {
    let mut out = Vec::new();
    let ents: Vec<Range<TokenId>> =
        doc.ents().map(|e| e.token_range()).filter(|r| r.start >= sent.start && r.end <= sent.end).collect();
    for h in sent.clone() {
        let tok = doc.token(h);
        let pos = tok.pos();
        if pos == Upos::Pron {
            out.push(h..h + 1);
            continue;
        }
        // "Hungarian and Romanian officials", "US and British activists": each coordinated
        // modifier names an actor of its own besides the phrase as a whole.
        if coordinated_modifier(doc, h) {
            out.push(h..h + 1);
        }
        // "a Security Council resolution", "the Hamas leadership": a name modifying a common
        // noun names an actor of its own.
        if tok.dep() == "compound" && pos == Upos::Propn {
            let head = tok.head().id();
            if let Some(e) = ents.iter().find(|e| e.contains(&h) && !e.contains(&head) && e.end == h + 1) {
                if doc.token(head).pos() == Upos::Noun {
                    out.push(e.clone());
                }
            }
        }
        // "Kerry heads to Kuwait", parsed as a noun compound of the verb: the name is a mention.
        let name_of_verb = pos == Upos::Propn && tok.dep() == "compound" && tok.head().pos() == Upos::Verb;
        if !matches!(pos, Upos::Noun | Upos::Propn) || (SKIP_DEPS.contains(&tok.dep()) && !name_of_verb) {
            continue;
        }
        // The head with everything to its left that depends on it.
        let mut start = h;
        for c in sent.clone().filter(|&c| c < h) {
            if depends_on(doc, c, h) {
                start = start.min(c);
            }
        }
        let mut end = h + 1;
        // Keep named entities whole ("Syrian Observatory for Human Rights").
        for e in &ents {
            if e.start < end && start < e.end {
                start = start.min(e.start);
                end = end.max(e.end);
            }
        }
        // No leading punctuation or determiners-only spans.
        while start < end && matches!(doc.token(start).pos(), Upos::Punct) {
            start += 1;
        }
        if start < end {
            out.push(start..end);
        }
    }
    out.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    out.dedup();
    out
}

/// A national or name modifier in a coordination of modifiers of one noun.
fn coordinated_modifier(doc: &Doc, h: TokenId) -> bool {
    let tok = doc.token(h);
    if !matches!(tok.pos(), Upos::Adj | Upos::Propn) || !tok.text().starts_with(char::is_uppercase) {
        return false;
    }
    let is_modifier = |t: attache_doc::Token<'_>| matches!(t.dep(), "amod" | "compound" | "nmod");
    if tok.dep() == "conj" {
        return is_modifier(tok.head());
    }
    is_modifier(tok)
        && doc.token(tok.head().id()).id() != h
        && (h + 1..doc.len() as TokenId).take(6).any(|c| {
            let t = doc.token(c);
            t.dep() == "conj" && t.head().id() == h
        })
}

fn depends_on(doc: &Doc, mut t: TokenId, ancestor: TokenId) -> bool {
    for _ in 0..64 {
        let h = doc.token(t).head().id();
        if h == ancestor {
            return true;
        }
        if h == t {
            return false;
        }
        t = h;
    }
    false
}

fn text_of(doc: &Doc, r: &Range<TokenId>) -> (Span, String) {
    let span = Span::new(doc.token(r.start).span().start(), doc.token(r.end - 1).span().end());
    (span, span.of(doc.text()).to_string())
}

/// Resolves every actor mention of `doc`, dated `doc_date`.
pub fn resolve_doc(doc: &Doc, doc_date: Day, kb: &Kb) -> ActorLayer {
    let mut layer = ActorLayer::default();
    let mut ctx = Context::default();
    let mut country_counts: HashMap<Country, usize> = HashMap::new();
    for (si, sent) in doc.sents().enumerate() {
        let sentence = sent.text();
        let sent_range = sent.token_range();
        for r in candidates(doc, sent_range.clone()) {
            let (span, text) = text_of(doc, &r);
            let mention = Mention { text: &text, sentence: Some(sentence), date: doc_date };
            let resolved = resolve_surname(&text, &ctx).or_else(|| kb.resolve(&mention, &ctx));
            let Some(res) = resolved else { continue };
            // The focus country counts places and peoples, not the nationality of the people
            // quoted ("Russian Foreign Minister Sergey Lavrov" does not make a text Russian).
            // "Russian airstrikes" (`country:RUS+agent:MIL`) is an actor of the country, not about it.
            let about_place = ["country:", "capital:", "place:", "people:"].iter().any(|p| res.kb_entry.starts_with(p))
                && res.kb_entry.split_once('+').is_none_or(|(_, rest)| rest == "people")
                && !sponsors(doc, r.end);
            if let (Some(c), true) = (res.country, about_place) {
                *country_counts.entry(c).or_default() += 1;
                let best = country_counts.iter().max_by_key(|(k, n)| (**n, **k == c, **k)).map(|(k, _)| *k);
                ctx.country = best;
            }
            if res.provisional && !layer.provisional.iter().any(|p| p.actor_id == res.actor_id) {
                layer.provisional.push(ProvisionalActor {
                    actor_id: res.actor_id.clone(),
                    name: res.name.clone(),
                    country: res.country,
                    sector: res.sector,
                    cameo_code: res.cameo_code.clone(),
                    evidence: sentence.to_string(),
                });
            }
            ctx.recent.push(recent_of(kb, &res, &text, doc_date));
            layer.mentions.push(ActorMention { tokens: r, span, sentence: si, text, resolution: res });
        }
    }
    layer
}

/// "UK-based", "U.S.-backed": the country before `end` names a sponsor or a base, not what the
/// document is about.
fn sponsors(doc: &Doc, end: TokenId) -> bool {
    let text = |t: TokenId| ((t as usize) < doc.len()).then(|| doc.token(t).text().to_lowercase());
    text(end).as_deref() == Some("-") && text(end + 1).is_some_and(|w| crate::resolve::SPONSOR.contains(&w.as_str()))
}

/// "Kerry", "Mr. Ratney": a surname of an actor named earlier in the document.
fn resolve_surname(text: &str, ctx: &Context) -> Option<Resolution> {
    let toks = normalize::tokens(text);
    let toks: Vec<&str> = toks.iter().map(String::as_str).filter(|t| !TITLES_BEFORE_SURNAME.contains(t)).collect();
    let [surname] = toks.as_slice() else { return None };
    ctx.recent.iter().rev().find(|r| r.surnames.iter().any(|s| s == surname)).map(|r| r.resolution.clone())
}

impl Context {
    /// Records a resolved mention so later surnames, titles and pronouns can refer to it, and
    /// updates the focus country (the country mentioned most, the latest on a tie).
    pub fn remember(&mut self, kb: &Kb, res: &Resolution, text: &str, date: Day) {
        self.recent.push(recent_of(kb, res, text, date));
    }

    /// A surname of an actor named earlier ("Kerry", "Mr. Ratney").
    pub fn resolve_surname(&self, text: &str) -> Option<Resolution> {
        resolve_surname(text, self)
    }
}

fn recent_of(kb: &Kb, res: &Resolution, text: &str, date: Day) -> Recent {
    let entry = kb.entry(&res.actor_id);
    let kind = match entry {
        Some(e) => e.kind,
        None if res.provisional => EntryKind::Person,
        None if ["country:", "capital:", "place:"].iter().any(|p| res.kb_entry.starts_with(p)) => EntryKind::Country,
        None => EntryKind::Group,
    };
    let mut surnames = Vec::new();
    if kind == EntryKind::Person {
        let name = entry.map_or(res.name.as_str(), |e| &e.name);
        surnames.extend(normalize::tokens(name).pop());
        let written = normalize::tokens_with_case(text);
        if let Some((last, true)) = written.last() {
            if !surnames.contains(last) {
                surnames.push(last.clone());
            }
        }
    }
    let tenure = entry.and_then(|e| e.tenures.iter().find(|t| t.is_dated() && t.contains(date)));
    Recent {
        resolution: res.clone(),
        kind,
        surnames,
        role: tenure.and_then(|t| t.role.as_deref()).map(str::to_string),
        title_key: tenure.and_then(|t| t.title.as_deref()).map(normalize::key),
    }
}

/// Offices of the people named with a title ("Secretary of State John Kerry"): the tenures of
/// that person whose role or title matches, as date ranges. Needs no document date, so the time
/// stage can use it to date the document.
pub fn tenure_constraints(doc: &Doc, kb: &Kb) -> Vec<TenureConstraint> {
    let horizon = DayRange::new(
        Day::from_ymd(1900, 1, 1).unwrap_or(Day::from_days_since_epoch(0)),
        Day::from_ymd(2100, 12, 31).unwrap_or(Day::from_days_since_epoch(0)),
    );
    let Some(horizon) = horizon else { return Vec::new() };
    let mut out = Vec::new();
    for sent in doc.sents() {
        for r in candidates(doc, sent.token_range()) {
            let (span, text) = text_of(doc, &r);
            for (actor_id, title, range) in kb.titled_tenures(&text, horizon) {
                let c = TenureConstraint { actor_id, title, range, mention: span };
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
    }
    out
}

impl Kb {
    /// For a phrase naming a person with a title: `(actor id, title, days)` of each of the
    /// person's offices that title describes.
    pub fn titled_tenures(&self, text: &str, horizon: DayRange) -> Vec<(String, String, DayRange)> {
        let toks = normalize::tokens(text);
        let mut people = Vec::new();
        let mut roles = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let mut step = 1;
            for n in (1..=self.max_phrase_tokens.min(toks.len() - i)).rev() {
                let items = self.lookup(&toks[i..i + n].join(" "));
                if items.is_empty() {
                    continue;
                }
                for item in items {
                    match *item {
                        Item::Entry(e)
                            if self.entry_at(e).kind == EntryKind::Person && self.entry_at(e).from_supplement() =>
                        {
                            people.push(e)
                        }
                        _ => {}
                    }
                }
                step = n;
                break;
            }
            i += step;
        }
        // Titles may sit inside a longer matched name ("SECRETARY OF STATE JOHN KERRY").
        for a in 0..toks.len() {
            for b in a + 1..=(a + self.max_phrase_tokens).min(toks.len()) {
                for item in self.lookup(&toks[a..b].join(" ")) {
                    if let Item::Role(r) = *item {
                        roles.push(r);
                    }
                }
            }
        }
        let mut out = Vec::new();
        for &e in &people {
            let entry = self.entry_at(e);
            for t in entry.tenures.iter().filter(|t| t.is_dated()) {
                let matches = roles.iter().any(|&r| {
                    let info = &self.roles[r as usize];
                    t.role.as_deref() == Some(&*info.role)
                        || t.title.as_deref().is_some_and(|title| normalize::key(title).contains(&*info.phrase_key))
                });
                if matches {
                    if let Some(range) = t.range_within(horizon) {
                        out.push((entry.id.to_string(), t.title.as_deref().unwrap_or("").to_string(), range));
                    }
                }
            }
        }
        out
    }
}
