//! A readable table of events for terminals: one line per event with its date, source, CAMEO
//! code and label, PLOVER type, target, modality, confidence, place and the rule that fired,
//! then the evidence sentence. Used by `attache code` and the examples; the export formats are
//! in `attache-export`.

use std::fmt::Write as _;

use attache_record::{ActorRef, Event};

/// Renders `events` as a plain-text table (no colours, fixed column widths).
pub fn table(events: &[Event]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<3} {:<23} {:<28} {:<5} {:<34} {:<9} {:<28} {:<12} {:>4}  {:<18} rule",
        "#", "date (~ inferred)", "source", "cameo", "label", "plover", "target", "modality", "conf", "place"
    );
    for (i, e) in events.iter().enumerate() {
        let date = e.date.map(date_text).unwrap_or_else(|| "-".into());
        let modality = match &e.modality {
            attache_record::Modality::Reported { speaker: Some(s) } => format!("reported:{}", clip(s, 3)),
            m => m.as_str().to_string(),
        };
        let place = e.location.as_ref().map(|p| {
            let country = p.country.map(|c| format!(" ({c})")).unwrap_or_default();
            format!("{}{country}", p.name.as_deref().unwrap_or(&p.text))
        });
        let _ = writeln!(
            out,
            "{:<3} {:<23} {:<28} {:<5} {:<34} {:<9} {:<28} {:<12} {:>4.2}  {:<18} {}",
            i + 1,
            date,
            clip(&actors(&e.actors), 28),
            e.cameo.code.as_str(),
            clip(e.cameo.code.label(), 34),
            e.event_type.as_str(),
            clip(&actors(&e.recipients), 28),
            clip(&modality, 12),
            e.confidence.get(),
            clip(place.as_deref().unwrap_or("-"), 18),
            e.rule_id,
        );
        let more = if e.other_mentions.is_empty() {
            String::new()
        } else {
            format!(" (+{} mentions)", e.other_mentions.len())
        };
        let _ = writeln!(out, "    \"{}\"{more}", clip(&e.evidence.sentence_text, 150));
    }
    out
}

/// A day, or the first and last day of an interval; `~` marks a date inferred for an undated
/// article (the reader should not take it for the day the event happened).
fn date_text(d: attache_record::EventDate) -> String {
    let mark = if d.basis == attache_record::DateBasis::InferredDocumentDate { "~" } else { "" };
    match d.range.as_day() {
        Some(day) => format!("{mark}{day}"),
        None => format!("{mark}{}..{}", d.range.first(), d.range.last()),
    }
}

fn actors(list: &[ActorRef]) -> String {
    if list.is_empty() {
        return "-".into();
    }
    list.iter()
        .map(|a| match (&a.cameo_code, a.country) {
            (Some(code), _) => format!("{} [{code}]", a.text),
            (None, Some(c)) => format!("{} [{c}]", a.text),
            _ => a.text.clone(),
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// At most `n` chars on one line (runs of whitespace become one space), with an ellipsis when cut.
fn clip(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= n {
        return s;
    }
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_event_and_its_sentence() {
        let e = attache_record::sample_event("d", 0);
        let t = table(&[e]);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[1].contains("Kerry [USAGOV]") && lines[1].contains("043") && lines[1].contains("CONSULT"), "{t}");
        assert!(lines[1].contains("Paris (FRA)"), "{t}");
        assert!(lines[2].contains("Kerry met Lavrov"), "{t}");
        assert_eq!(clip("abcdef", 4), "abc…");
    }

    #[test]
    fn inferred_intervals_are_marked_and_shown_whole() {
        use attache_calendar::{Day, DayRange};
        use attache_record::{DateBasis, EventDate};
        let day = |d| Day::from_ymd(2014, 1, d).expect("a day");
        let range = DayRange::new(day(10), day(20)).expect("a range");
        let inferred = EventDate { range, basis: DateBasis::InferredDocumentDate };
        assert_eq!(date_text(inferred), "~2014-01-10..2014-01-20");
        let said = EventDate { range: DayRange::day(day(13)), basis: DateBasis::Expression };
        assert_eq!(date_text(said), "2014-01-13");
    }
}
