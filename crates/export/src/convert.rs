//! Conversions shared by several formats: checking an event against its document and turning
//! its byte spans into char offsets, splitting an event into actor–recipient dyads (GDELT and
//! Phoenix have one source and one target per row), and cleaning cells for tab-separated files.
//! The formats themselves are in their own files.

use std::borrow::Cow;

use attache_calendar::Day;
use attache_record::{ActorRef, Document, Event, EventId, Evidence};
use attache_text::{CharIndex, Span};

use crate::ExportError;

/// Char (code point) offsets `[start, end)` into a document's original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CharSpan {
    pub start: u64,
    pub end: u64,
}

/// An event checked against its document: every span fits the text, so offsets and slices
/// below cannot fail.
pub(crate) struct Checked<'a> {
    pub event: &'a Event,
    pub document: &'a Document,
    index: CharIndex<'a>,
}

impl<'a> Checked<'a> {
    /// Checks that `event` belongs to `document` and that each of its spans lies on char
    /// boundaries inside the document's text.
    pub fn new(event: &'a Event, document: &'a Document) -> Result<Checked<'a>, ExportError> {
        if event.document_id != document.id {
            return Err(ExportError::WrongDocument {
                event: event.id,
                event_document: event.document_id.clone(),
                document: document.id.clone(),
            });
        }
        let text = document.text.as_str();
        let check = |what: &'static str, span: Span| {
            if Span::checked(text, span.start() as usize, span.end() as usize).is_some() {
                Ok(())
            } else {
                Err(ExportError::SpanOutsideText {
                    event: event.id,
                    document: document.id.clone(),
                    what,
                    span,
                    len: text.len(),
                })
            }
        };
        for actor in &event.actors {
            check("actor", actor.span)?;
        }
        for recipient in &event.recipients {
            check("recipient", recipient.span)?;
        }
        if let Some(place) = &event.location {
            check("location", place.span)?;
        }
        for mention in event.mentions() {
            check("sentence", mention.sentence_span)?;
            check("trigger", mention.trigger_span)?;
            for &span in &mention.source_spans {
                check("source", span)?;
            }
            for &span in &mention.target_spans {
                check("target", span)?;
            }
        }
        Ok(Checked { event, document, index: CharIndex::new(text) })
    }

    /// Char offsets of `span`, which must be one of the checked event's spans.
    pub fn chars(&self, span: Span) -> CharSpan {
        CharSpan { start: self.index.char_of(span.start()) as u64, end: self.index.char_of(span.end()) as u64 }
    }

    /// The document's words under `span` (a checked span, so the slice is in bounds).
    pub fn words(&self, span: Span) -> &'a str {
        self.document.text.get(span.range()).unwrap_or_default()
    }

    /// Length of the document's text in chars.
    pub fn text_chars(&self) -> u64 {
        self.index.char_of(self.document.text.len() as u32) as u64
    }
}

/// One source–recipient pair of an event, for the formats with one of each per row.
pub(crate) struct Dyad<'a> {
    /// The event's own id for the first pair; a derived id for the others.
    pub id: EventId,
    pub actor: Option<&'a ActorRef>,
    pub actor_index: usize,
    pub recipient: Option<&'a ActorRef>,
    pub recipient_index: usize,
    /// The recipient is one of the event's own actors (a mutual event): `recipient_index`
    /// counts in the actors, and its span is among the source spans.
    pub recipient_is_actor: bool,
}

impl Dyad<'_> {
    /// The recipient's span in one mention of the event.
    pub fn recipient_span(&self, mention: &Evidence) -> Option<Span> {
        self.recipient?;
        let spans = if self.recipient_is_actor { &mention.source_spans } else { &mention.target_spans };
        nth_or_first(spans, self.recipient_index)
    }
}

/// Every (actor, recipient) pair of `event`, actors outer, in record order; a missing side gives
/// `None`. An event with no actors and no recipients still gives one dyad.
///
/// PETRARCH and TABARI split compound actors the same way ("ministers from France and Italy met
/// Lavrov" is two events), so counts of rows compare with their data. A cooperative event of
/// several actors and no recipient ("France and Italy met") gives each ordered pair of actors,
/// as those coders write it (see [`CameoCode::is_mutual_among_actors`]).
///
/// [`CameoCode::is_mutual_among_actors`]: attache_codes::CameoCode::is_mutual_among_actors
pub(crate) fn dyads(event: &Event) -> Vec<Dyad<'_>> {
    if event.recipients.is_empty() && event.actors.len() > 1 && event.cameo.code.is_mutual_among_actors() {
        let mut out = Vec::new();
        for (i, actor) in event.actors.iter().enumerate() {
            for (j, recipient) in event.actors.iter().enumerate().filter(|(j, _)| *j != i) {
                // Pair (0, 1) keeps the event's id, like the first pair of any event.
                let id = if (i, j) == (0, 1) { event.id } else { dyad_id(event.id, i, j) };
                out.push(Dyad {
                    id,
                    actor: Some(actor),
                    actor_index: i,
                    recipient: Some(recipient),
                    recipient_index: j,
                    recipient_is_actor: true,
                });
            }
        }
        return out;
    }
    let actors: Vec<Option<&ActorRef>> =
        if event.actors.is_empty() { vec![None] } else { event.actors.iter().map(Some).collect() };
    let recipients: Vec<Option<&ActorRef>> =
        if event.recipients.is_empty() { vec![None] } else { event.recipients.iter().map(Some).collect() };
    let mut out = Vec::with_capacity(actors.len() * recipients.len());
    for (i, &actor) in actors.iter().enumerate() {
        for (j, &recipient) in recipients.iter().enumerate() {
            out.push(Dyad {
                id: dyad_id(event.id, i, j),
                actor,
                actor_index: i,
                recipient,
                recipient_index: j,
                recipient_is_actor: false,
            });
        }
    }
    out
}

/// The id of pair (`i`, `j`): the event id itself for (0, 0), so single-dyad events keep their id.
pub(crate) fn dyad_id(event: EventId, i: usize, j: usize) -> EventId {
    if i == 0 && j == 0 {
        event
    } else {
        EventId::derive(&[&event.to_string(), "dyad", &i.to_string(), &j.to_string()])
    }
}

/// The span of the `i`-th source (or target) in a mention, else its first one.
pub(crate) fn nth_or_first(spans: &[Span], i: usize) -> Option<Span> {
    spans.get(i).or(spans.first()).copied()
}

/// The 1-based number of the evidence's sentence, as GDELT's `SentenceID` counts.
pub(crate) fn sentence_number(evidence: &Evidence) -> u64 {
    u64::from(evidence.sentence_index) + 1
}

/// A cell of a tab-separated file: tabs and line breaks become spaces, since those formats
/// have no quoting.
pub(crate) fn tsv_cell(s: &str) -> Cow<'_, str> {
    if s.contains(['\t', '\n', '\r']) {
        Cow::Owned(s.replace(['\t', '\n', '\r'], " "))
    } else {
        Cow::Borrowed(s)
    }
}

/// An item of a `;`-joined list cell: a `;` inside the item becomes `,`, so that splitting the
/// cell on `;` always gives one item per actor.
pub(crate) fn list_item(s: &str) -> Cow<'_, str> {
    if s.contains(';') {
        Cow::Owned(s.replace(';', ","))
    } else {
        Cow::Borrowed(s)
    }
}

/// `items` joined with `;` (see [`list_item`]); `None` items give empty places.
pub(crate) fn join_list<'s>(items: impl IntoIterator<Item = Option<&'s str>>) -> String {
    let mut out = String::new();
    for (k, item) in items.into_iter().enumerate() {
        if k > 0 {
            out.push(';');
        }
        out.push_str(&list_item(item.unwrap_or_default()));
    }
    out
}

/// `f32` values (Goldstein scores, confidences) as the `f64` of their shortest decimal form, so
/// 2.8 is written as 2.8 and not 2.799999952316284.
pub(crate) fn decimal_f64(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}

/// `YYYYMMDD` of `day`.
pub(crate) fn yyyymmdd(day: Day) -> String {
    format!("{:08}", day.yyyymmdd())
}

#[cfg(test)]
mod tests {
    use super::*;
    use attache_record::sample_event;

    #[test]
    fn dyads_cross_actors_and_recipients() {
        let mut e = sample_event("d", 0);
        assert_eq!(dyads(&e).len(), 1);
        assert_eq!(dyads(&e)[0].id, e.id);
        e.actors.push(e.actors[0].clone());
        e.recipients.push(e.recipients[0].clone());
        let d = dyads(&e);
        assert_eq!(d.len(), 4);
        assert_eq!((d[3].actor_index, d[3].recipient_index), (1, 1));
        let ids: std::collections::BTreeSet<_> = d.iter().map(|x| x.id).collect();
        assert_eq!(ids.len(), 4, "dyad ids must be distinct");
        e.actors.clear();
        e.recipients.clear();
        let d = dyads(&e);
        assert_eq!(d.len(), 1);
        assert!(d[0].actor.is_none() && d[0].recipient.is_none());
    }

    #[test]
    fn a_cooperative_event_of_several_actors_and_no_recipient_is_mutual() {
        let mut e = sample_event("d", 0);
        e.recipients.clear();
        let mut second = e.actors[0].clone();
        second.text = "Lavrov".into();
        e.actors.push(second);
        let d = dyads(&e);
        assert_eq!(d.len(), 2, "each ordered pair of the two actors");
        assert_eq!(d[0].id, e.id);
        assert_ne!(d[0].id, d[1].id);
        assert_eq!(d[0].recipient.map(|r| r.text.as_str()), Some("Lavrov"));
        assert_eq!(d[1].actor.map(|r| r.text.as_str()), Some("Lavrov"));
        let spans = e.evidence.source_spans.clone();
        e.evidence.source_spans = vec![spans[0], spans[0]];
        assert!(dyads(&e)[0].recipient_span(&e.evidence).is_some());
        // A conflictual act of several actors names no victim by itself.
        e.cameo = attache_record::CameoCoding::of("190".parse().expect("a code"), attache_codes::QuadConvention::Gdelt);
        assert_eq!(dyads(&e).len(), 2);
        assert!(dyads(&e).iter().all(|x| x.recipient.is_none()));
    }

    #[test]
    fn cells_and_lists_are_cleaned() {
        assert_eq!(tsv_cell("a\tb\nc"), "a b c");
        assert_eq!(join_list([Some("a;b"), None, Some("c")]), "a,b;;c");
        assert_eq!(decimal_f64(2.8), 2.8);
    }
}
