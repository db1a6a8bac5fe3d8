//! The actors the coder sees: resolved mentions (token range, country, sector, CAMEO code, id)
//! handed in by the actor stage. [`ActorResolver`] is the seam: the actor knowledge base
//! (`attache-actors`) implements it, and so can a test dictionary, without the coder knowing which.

use std::ops::Range;

use attache_calendar::Day;
use attache_codes::{Country, Sector};
use attache_doc::{Doc, TokenId};
use attache_text::Span;

/// One resolved actor mention.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorMention {
    pub tokens: Range<TokenId>,
    /// Byte span in the `Doc` text.
    pub span: Span,
    pub text: String,
    pub country: Option<Country>,
    pub sector: Option<Sector>,
    /// CAMEO actor code (`USAGOV`, `IGOUNO`).
    pub cameo_code: Option<String>,
    /// Stable knowledge-base id.
    pub actor_id: Option<String>,
    /// A town, capital or region name ("Paris", "Aleppo"): as the modifier of an event noun
    /// ("the Paris talks") it says where the event is, not who acts.
    pub place: bool,
}

/// The actor mentions of one document.
#[derive(Debug, Clone, Default)]
pub struct Actors {
    pub mentions: Vec<ActorMention>,
}

/// Finds and resolves the actor mentions of a document dated `date`.
pub trait ActorResolver: Sync {
    fn actors_of(&self, doc: &Doc, date: Option<Day>) -> Actors;
    /// Version of the resources behind it, for the `coder` field (e.g. `actors-2026-01`).
    fn version(&self) -> String {
        String::new()
    }
}

/// A resolver that knows nobody: events keep the words of their actors, unresolved.
pub struct NoActors;

impl ActorResolver for NoActors {
    fn actors_of(&self, _doc: &Doc, _date: Option<Day>) -> Actors {
        Actors::default()
    }
}

/// For each token, the longest mention covering it.
pub(crate) struct MentionIndex<'a> {
    pub actors: &'a Actors,
    by_token: Vec<Option<u32>>,
    /// The mention of exactly one token, where there is one ("Hungarian" inside "Hungarian and
    /// Romanian officials").
    single: Vec<Option<u32>>,
    /// The shortest mention covering each token ("the Iran" inside "the Iran's participation").
    shortest: Vec<Option<u32>>,
}

impl<'a> MentionIndex<'a> {
    pub fn new(actors: &'a Actors, n_tokens: usize) -> MentionIndex<'a> {
        let mut by_token: Vec<Option<u32>> = vec![None; n_tokens];
        let mut single: Vec<Option<u32>> = vec![None; n_tokens];
        let mut shortest: Vec<Option<u32>> = vec![None; n_tokens];
        for (i, m) in actors.mentions.iter().enumerate() {
            if m.tokens.len() == 1 {
                if let Some(slot) = single.get_mut(m.tokens.start as usize) {
                    *slot = Some(i as u32);
                }
            }
            for t in m.tokens.clone() {
                if let Some(slot) = shortest.get_mut(t as usize) {
                    let shorter = slot.is_none_or(|j| m.tokens.len() < actors.mentions[j as usize].tokens.len());
                    if shorter {
                        *slot = Some(i as u32);
                    }
                }
                let Some(slot) = by_token.get_mut(t as usize) else { continue };
                let longer = match *slot {
                    None => true,
                    Some(j) => {
                        let other = &actors.mentions[j as usize].tokens;
                        m.tokens.len() > other.len()
                    }
                };
                if longer {
                    *slot = Some(i as u32);
                }
            }
        }
        MentionIndex { actors, by_token, single, shortest }
    }

    /// The shortest mention covering the token.
    pub fn shortest_at(&self, t: TokenId) -> Option<&'a ActorMention> {
        let i = (*self.shortest.get(t as usize)?)?;
        self.actors.mentions.get(i as usize)
    }

    /// The mention of the token alone, else the longest covering it.
    pub fn at_single(&self, t: TokenId) -> Option<&'a ActorMention> {
        match self.single.get(t as usize).copied().flatten() {
            Some(i) => self.actors.mentions.get(i as usize),
            None => self.at(t),
        }
    }

    pub fn at(&self, t: TokenId) -> Option<&'a ActorMention> {
        let i = (*self.by_token.get(t as usize)?)?;
        self.actors.mentions.get(i as usize)
    }
}

/// Without a document date, actors are resolved as of this day (office holders change; a date is
/// needed to pick one).
pub const UNDATED_DAY: (i32, u32, u32) = (2015, 1, 1);

impl ActorResolver for attache_actors::Kb {
    fn actors_of(&self, doc: &Doc, date: Option<Day>) -> Actors {
        let (y, m, d) = UNDATED_DAY;
        let Some(day) = date.or_else(|| Day::from_ymd(y, m, d)) else { return Actors::default() };
        let layer = attache_actors::resolve_doc(doc, day, self);
        let mentions = layer
            .mentions
            .into_iter()
            .map(|m| ActorMention {
                tokens: m.tokens,
                span: m.span,
                text: m.text,
                country: m.resolution.country,
                sector: m.resolution.sector,
                cameo_code: Some(m.resolution.cameo_code).filter(|c| !c.is_empty()),
                place: ["capital:", "place:"].iter().any(|p| m.resolution.kb_entry.starts_with(p)),
                actor_id: Some(m.resolution.actor_id).filter(|c| !c.is_empty()),
            })
            .collect();
        Actors { mentions }
    }

    fn version(&self) -> String {
        "actors".to_string()
    }
}
