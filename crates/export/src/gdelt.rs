//! GDELT 2.0 exports: the Events table (61 tab-separated columns, [`GdeltEventsWriter`]) and the
//! Mentions table (16 columns, [`GdeltMentionsWriter`]), in the column order of the GDELT 2.0
//! codebook, so tools written for GDELT's own files read attache's. Other formats are in their
//! own files.

use std::io::Write;

use attache_calendar::Day;
use attache_codes::QuadConvention;
use attache_record::{ActorRef, Document, Event};

use crate::convert::{dyads, nth_or_first, sentence_number, tsv_cell, yyyymmdd, Checked, Dyad};
use crate::{ExportError, Format};

/// The 61 columns of the GDELT 2.0 Events table, in file order (GDELT Event Codebook V2.0).
pub const GDELT_EVENT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// The 16 columns of the GDELT 2.0 Mentions table, in file order.
pub const GDELT_MENTION_COLUMNS: [&str; 16] = [
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
];

/// Writes the GDELT 2.0 Events table: tab-separated, no header, no quoting, `\n` line ends,
/// exactly 61 cells per line in the order of [`GDELT_EVENT_COLUMNS`] (as GDELT's own
/// `*.export.CSV` files, which are tab-separated despite the name).
///
/// **One row per dyad.** GDELT has one Actor1 and one Actor2 per row, so an event with several
/// actors or recipients gives one row per (actor, recipient) pair, actors outer, as PETRARCH and
/// TABARI split compound actors. The first pair keeps the event's id; the others get ids derived
/// from it. An event with no recipient gives rows with empty Actor2 cells.
///
/// Empty cell = unknown (GDELT's own convention). Cells never contain tabs or line breaks (they
/// become spaces). Columns:
///
/// | column | value |
/// |---|---|
/// | `GLOBALEVENTID` | integer: the event id as a positive 63-bit integer (`EventId::as_i64`) |
/// | `SQLDATE` | `YYYYMMDD` of the event's date (its first day for an interval); empty when no date |
/// | `MonthYear`, `Year` | `YYYYMM`, `YYYY` of the same day; empty when no date |
/// | `FractionDate` | `YYYY + (month × 30 + day) / 365`, 4 decimals, GDELT's own approximation; empty when no date |
/// | `Actor1Code` | CAMEO actor code of the source (`USAGOV`); else country + sector codes; empty when none |
/// | `Actor1Name` | the source's words in the text, upper-cased as GDELT's names are |
/// | `Actor1CountryCode` | ISO-3166 alpha-3 country of the source (CAMEO country codes are alpha-3) |
/// | `Actor1KnownGroupCode`, `Actor1EthnicCode`, `Actor1Religion1Code`, `Actor1Religion2Code` | empty: attache's actor records do not carry these (the full code is in `Actor1Code`) |
/// | `Actor1Type1Code` | PLOVER/CAMEO sector of the source (`GOV`); `Actor1Type2Code`, `Actor1Type3Code` empty |
/// | `Actor2*` (10 columns) | the same for the recipient |
/// | `IsRootEvent` | `1` when the coding mention is the document's first sentence, else `0` (attache does not know paragraphs) |
/// | `EventCode` | CAMEO event code (`043`), as a string with its leading zero |
/// | `EventBaseCode` | the first three digits of a four-digit code, else the code |
/// | `EventRootCode` | the two-digit root (`04`) |
/// | `QuadClass` | 1–4 under the **GDELT** convention (1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict), recomputed from the code whatever convention the record holds |
/// | `GoldsteinScale` | Goldstein score of the code |
/// | `NumMentions` | mentions of the event in its document (coding mention + other mentions) |
/// | `NumSources`, `NumArticles` | `1`: attache codes one document at a time |
/// | `AvgTone` | `0`: attache does not measure tone |
/// | `Actor1Geo_*`, `Actor2Geo_*` (16 columns) | `Type` is `0`, the rest empty: attache locates events, not actors |
/// | `ActionGeo_Type` | `4` (world city) when the place has coordinates, `1` (country) when only its country is known, `0` when there is no place. attache's places carry no feature class, so a point is reported as a city |
/// | `ActionGeo_FullName` | the resolved place name, else its words in the text |
/// | `ActionGeo_CountryCode` | empty: GDELT uses FIPS 10-4 codes, which attache does not map (the ISO code is in the PLOVER and CSV exports) |
/// | `ActionGeo_ADM1Code`, `ActionGeo_ADM2Code`, `ActionGeo_FeatureID` | empty |
/// | `ActionGeo_Lat`, `ActionGeo_Long` | WGS-84 degrees from the place's coordinates; empty when unknown |
/// | `DATEADDED` | `YYYYMMDD000000` of the document's publication day (attache reads no clock, so output stays reproducible); empty when the document has none |
/// | `SOURCEURL` | the document's URL, else its id |
///
/// Example (61 tab-separated cells, tabs shown as `→`):
///
/// ```text
/// 5999309125407080252→20140113→201401→2014→2014.1178→USAGOV→KERRY→USA→→→→→GOV→→→RUSGOV→LAVROV→RUS→→→→→GOV→→→1→043→043→04→1→2.8→1→1→1→0→0→→→→→→→→0→→→→→→→→4→Paris→→→→48.8566→2.3522→→20140113000000→https://example.org/a
/// ```
pub struct GdeltEventsWriter<W: Write> {
    out: W,
    line: String,
}

/// Writes the GDELT 2.0 Mentions table: tab-separated, no header, `\n` line ends, exactly 16
/// cells per line in the order of [`GDELT_MENTION_COLUMNS`].
///
/// One row per mention (the coding mention, then the other mentions) per dyad, so every row
/// joins to a row of [`GdeltEventsWriter`] on `GLOBALEVENTID`. Offsets are **char (code point)
/// offsets** into the document's original text, as GDELT's "English characters".
///
/// | column | value |
/// |---|---|
/// | `GLOBALEVENTID` | the dyad's id, as in the Events table |
/// | `EventTimeDate`, `MentionTimeDate` | `YYYYMMDD000000` of the document's publication day (as `DATEADDED`); empty when unknown |
/// | `MentionType` | `1` (web) when the document has a URL, else `2` (citation only) |
/// | `MentionSourceName` | the document's source name; empty when the input gave none |
/// | `MentionIdentifier` | the document's URL, else its id |
/// | `SentenceID` | 1-based number of the mention's sentence |
/// | `Actor1CharOffset` | char offset of the start of the dyad's source in this mention (its i-th source span, else its first); `-1` when there is none |
/// | `Actor2CharOffset` | the same for the recipient |
/// | `ActionCharOffset` | char offset of the start of the trigger words |
/// | `InRawText` | `1`: attache codes the original text, never a rewrite |
/// | `Confidence` | the event's confidence as a percentage, 0–100 (rounded) |
/// | `MentionDocLen` | length of the document's text in chars |
/// | `MentionDocTone` | `0`: attache does not measure tone |
/// | `MentionDocTranslationInfo`, `Extras` | empty |
///
/// Example (tabs shown as `→`):
///
/// ```text
/// 5999309125407080252→20140113000000→20140113000000→1→Example News→https://example.org/a→1→0→10→6→1→90→36→0→→
/// ```
pub struct GdeltMentionsWriter<W: Write> {
    out: W,
    line: String,
}

/// The Events-table cells of one actor (10 columns).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GdeltActor {
    pub code: String,
    pub name: String,
    pub country: String,
    pub type1: String,
}

impl GdeltActor {
    fn of(actor: Option<&ActorRef>) -> GdeltActor {
        let Some(a) = actor else { return GdeltActor::default() };
        let country = a.country.as_ref().map(|c| c.as_str().to_string()).unwrap_or_default();
        let type1 = a.sector.map(|s| s.as_str().to_string()).unwrap_or_default();
        let code = a.cameo_code.clone().unwrap_or_else(|| format!("{country}{type1}"));
        GdeltActor { code, name: a.text.to_uppercase(), country, type1 }
    }
}

/// One row of the GDELT Events table (see [`GdeltEventsWriter`]).
#[derive(Debug, Clone, PartialEq)]
pub struct GdeltEventRow {
    pub global_event_id: i64,
    pub day: Option<Day>,
    pub actor1: GdeltActor,
    pub actor2: GdeltActor,
    pub is_root_event: bool,
    pub event_code: String,
    pub quad_class: u8,
    pub goldstein: f32,
    pub num_mentions: usize,
    pub action_geo_type: u8,
    pub action_geo_name: String,
    pub action_geo_lat_long: Option<(f64, f64)>,
    pub date_added: Option<Day>,
    pub source_url: String,
}

impl GdeltEventRow {
    fn of(checked: &Checked<'_>, dyad: &Dyad<'_>) -> GdeltEventRow {
        let event = checked.event;
        let doc = checked.document;
        let place = event.location.as_ref();
        let action_geo_type = match place {
            Some(p) if p.coordinates.is_some() => 4,
            Some(p) if p.country.is_some() => 1,
            _ => 0,
        };
        GdeltEventRow {
            global_event_id: dyad.id.as_i64(),
            day: event.date.map(|d| d.range.first()),
            actor1: GdeltActor::of(dyad.actor),
            actor2: GdeltActor::of(dyad.recipient),
            is_root_event: event.evidence.sentence_index == 0,
            event_code: event.cameo.code.as_str().to_string(),
            quad_class: event.cameo.code.quad_class(QuadConvention::Gdelt).number,
            goldstein: event.cameo.goldstein,
            num_mentions: event.mentions().count(),
            action_geo_type,
            action_geo_name: place.map(|p| p.name.clone().unwrap_or_else(|| p.text.clone())).unwrap_or_default(),
            action_geo_lat_long: place.and_then(|p| p.coordinates),
            date_added: doc.published,
            source_url: doc.url.clone().unwrap_or_else(|| doc.id.clone()),
        }
    }

    /// The 61 cells, in [`GDELT_EVENT_COLUMNS`] order; columns attache does not fill are empty.
    pub fn cells(&self) -> [String; 61] {
        let date = |f: &dyn Fn(Day) -> String| self.day.map(f).unwrap_or_default();
        let code = self.event_code.as_str();
        let (lat, long) = match self.action_geo_lat_long {
            Some((lat, long)) => (lat.to_string(), long.to_string()),
            None => (String::new(), String::new()),
        };
        std::array::from_fn(|k| match GDELT_EVENT_COLUMNS.get(k).copied().unwrap_or_default() {
            "GLOBALEVENTID" => self.global_event_id.to_string(),
            "SQLDATE" => date(&yyyymmdd),
            "MonthYear" => date(&|d| format!("{:06}", d.yyyymmdd() / 100)),
            "Year" => date(&|d| d.year().to_string()),
            "FractionDate" => date(&|d| {
                let (y, m, dd) = d.ymd();
                format!("{:.4}", f64::from(y) + f64::from(m * 30 + dd) / 365.0)
            }),
            "Actor1Code" => self.actor1.code.clone(),
            "Actor1Name" => self.actor1.name.clone(),
            "Actor1CountryCode" => self.actor1.country.clone(),
            "Actor1Type1Code" => self.actor1.type1.clone(),
            "Actor2Code" => self.actor2.code.clone(),
            "Actor2Name" => self.actor2.name.clone(),
            "Actor2CountryCode" => self.actor2.country.clone(),
            "Actor2Type1Code" => self.actor2.type1.clone(),
            "IsRootEvent" => u8::from(self.is_root_event).to_string(),
            "EventCode" => code.to_string(),
            "EventBaseCode" => code.get(..3).unwrap_or(code).to_string(),
            "EventRootCode" => code.get(..2).unwrap_or(code).to_string(),
            "QuadClass" => self.quad_class.to_string(),
            "GoldsteinScale" => self.goldstein.to_string(),
            "NumMentions" => self.num_mentions.to_string(),
            "NumSources" | "NumArticles" => "1".to_string(),
            "AvgTone" | "Actor1Geo_Type" | "Actor2Geo_Type" => "0".to_string(),
            "ActionGeo_Type" => self.action_geo_type.to_string(),
            "ActionGeo_FullName" => self.action_geo_name.clone(),
            "ActionGeo_Lat" => lat.clone(),
            "ActionGeo_Long" => long.clone(),
            "DATEADDED" => self.date_added.map(|d| format!("{}000000", yyyymmdd(d))).unwrap_or_default(),
            "SOURCEURL" => self.source_url.clone(),
            _ => String::new(),
        })
    }
}

/// One row of the GDELT Mentions table (see [`GdeltMentionsWriter`]).
#[derive(Debug, Clone, PartialEq)]
pub struct GdeltMentionRow {
    pub global_event_id: i64,
    pub time_date: Option<Day>,
    pub has_url: bool,
    pub source_name: String,
    pub identifier: String,
    pub sentence_id: u64,
    pub actor1_char_offset: Option<u64>,
    pub actor2_char_offset: Option<u64>,
    pub action_char_offset: u64,
    pub confidence_percent: u8,
    pub doc_len_chars: u64,
}

impl GdeltMentionRow {
    /// The 16 cells, in [`GDELT_MENTION_COLUMNS`] order.
    pub fn cells(&self) -> [String; 16] {
        let time = self.time_date.map(|d| format!("{}000000", yyyymmdd(d))).unwrap_or_default();
        let offset = |o: Option<u64>| o.map_or_else(|| "-1".to_string(), |o| o.to_string());
        [
            self.global_event_id.to_string(),
            time.clone(),
            time,
            if self.has_url { "1" } else { "2" }.to_string(),
            self.source_name.clone(),
            self.identifier.clone(),
            self.sentence_id.to_string(),
            offset(self.actor1_char_offset),
            offset(self.actor2_char_offset),
            self.action_char_offset.to_string(),
            "1".to_string(),
            self.confidence_percent.to_string(),
            self.doc_len_chars.to_string(),
            "0".to_string(),
            String::new(),
            String::new(),
        ]
    }
}

/// Appends `cells` as one tab-separated line.
fn push_line<S: AsRef<str>>(line: &mut String, cells: &[S]) {
    for (k, cell) in cells.iter().enumerate() {
        if k > 0 {
            line.push('\t');
        }
        line.push_str(&tsv_cell(cell.as_ref()));
    }
    line.push('\n');
}

impl<W: Write> GdeltEventsWriter<W> {
    pub fn new(out: W) -> GdeltEventsWriter<W> {
        GdeltEventsWriter { out, line: String::with_capacity(1024) }
    }

    /// Writes the event's rows (one per dyad); returns how many. A bad event is refused before
    /// anything is written.
    pub fn write(&mut self, event: &Event, document: &Document) -> Result<usize, ExportError> {
        let checked = Checked::new(event, document)?;
        self.line.clear();
        let dyads = dyads(event);
        for dyad in &dyads {
            push_line(&mut self.line, &GdeltEventRow::of(&checked, dyad).cells());
        }
        self.out
            .write_all(self.line.as_bytes())
            .map_err(|source| ExportError::Io { format: Format::GdeltEvents, source })?;
        Ok(dyads.len())
    }

    /// Flushes and returns the output.
    pub fn finish(mut self) -> Result<W, ExportError> {
        self.out.flush().map_err(|source| ExportError::Io { format: Format::GdeltEvents, source })?;
        Ok(self.out)
    }
}

impl<W: Write> GdeltMentionsWriter<W> {
    pub fn new(out: W) -> GdeltMentionsWriter<W> {
        GdeltMentionsWriter { out, line: String::with_capacity(1024) }
    }

    /// Writes the event's mention rows (mentions × dyads); returns how many.
    pub fn write(&mut self, event: &Event, document: &Document) -> Result<usize, ExportError> {
        let checked = Checked::new(event, document)?;
        let doc_len_chars = checked.text_chars();
        let confidence_percent = (event.confidence.get() * 100.0).round().clamp(0.0, 100.0) as u8;
        self.line.clear();
        let mut rows = 0;
        for dyad in dyads(event) {
            for mention in event.mentions() {
                let row = GdeltMentionRow {
                    global_event_id: dyad.id.as_i64(),
                    time_date: document.published,
                    has_url: document.url.is_some(),
                    source_name: document.source.clone().unwrap_or_default(),
                    identifier: document.url.clone().unwrap_or_else(|| document.id.clone()),
                    sentence_id: sentence_number(mention),
                    actor1_char_offset: dyad
                        .actor
                        .and(nth_or_first(&mention.source_spans, dyad.actor_index))
                        .map(|s| checked.chars(s).start),
                    actor2_char_offset: dyad.recipient_span(mention).map(|s| checked.chars(s).start),
                    action_char_offset: checked.chars(mention.trigger_span).start,
                    confidence_percent,
                    doc_len_chars,
                };
                push_line(&mut self.line, &row.cells());
                rows += 1;
            }
        }
        self.out
            .write_all(self.line.as_bytes())
            .map_err(|source| ExportError::Io { format: Format::GdeltMentions, source })?;
        Ok(rows)
    }

    /// Flushes and returns the output.
    pub fn finish(mut self) -> Result<W, ExportError> {
        self.out.flush().map_err(|source| ExportError::Io { format: Format::GdeltMentions, source })?;
        Ok(self.out)
    }
}
