//! Scoring the coder against the public gold sets, read at run time from the test material (never
//! copied): the PLOVER gold-standard records (event type; source and target country and sector),
//! the PETRARCH-2 validation records and the PETRARCH unit tests (CAMEO code and dyad), and the
//! example sentences of the CAMEO manual (code and root). The caller parses the sentences (this
//! crate does not load the model) and chooses the actor resolver.
//!
//! Matching rules, the same for every set: a predicted event is every coded mention that is not
//! negated; actors are compared on their three-letter country (or `IGO`/`NGO`/`IMG`/`MNC`)
//! prefix; a gold event with several sources or targets is the set of its dyads, and a predicted
//! event likewise; precision and recall count dyads per sentence. "Top" is the coded mention with
//! the highest confidence (the first on a tie).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use attache_calendar::Day;
use attache_codes::{CameoCode, PloverEvent};
use attache_doc::{Doc, TokenId, Upos};
use attache_record::{ActorRef, Modality};
use attache_text::Span;
use attache_time::TimeLayer;

use crate::actors::{ActorMention, ActorResolver, Actors};
use crate::{code_mentions, Coding, DocMeta, Rules};

/// A gold file that could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: {problem}")]
    Format { path: PathBuf, problem: String },
}

/// Counts for precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Adds the comparison of one sentence's predicted and gold sets.
    pub fn add<T: Eq + std::hash::Hash>(&mut self, predicted: &HashSet<T>, gold: &HashSet<T>) {
        let tp = predicted.intersection(gold).count();
        self.tp += tp;
        self.fp += predicted.len() - tp;
        self.fn_ += gold.len() - tp;
    }
    fn row(&self, name: &str) -> String {
        format!(
            "{name:<34} {:>5} {:>5} {:>5}  P {:.3}  R {:.3}  F1 {:.3}\n",
            self.tp,
            self.fp,
            self.fn_,
            self.precision(),
            self.recall(),
            self.f1()
        )
    }
}

/// Every fifth sentence of a gold set (index % 5 == 4) is held out: its trace is never printed,
/// so rule edits made while reading traces can be checked on sentences nobody tuned on.
pub fn held_out(index: usize) -> bool {
    index % 5 == 4
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The result of one gold set: headline figures and printable tables.
#[derive(Debug, Clone, Default)]
pub struct SetReport {
    pub name: String,
    pub sentences: usize,
    /// Named figures (`type_accuracy`, `type_source_target_f1`, ...).
    pub figures: BTreeMap<String, f64>,
    pub text: String,
}

impl SetReport {
    pub fn figure(&self, name: &str) -> f64 {
        self.figures.get(name).copied().unwrap_or(f64::NAN)
    }
}

/// Everything the scorers need besides the gold files.
pub struct EvalContext<'a> {
    pub rules: &'a Rules,
    pub actors: &'a dyn ActorResolver,
    pub parse: &'a dyn Fn(&str) -> Doc,
    /// Also list every sentence with its gold and predicted events (for error analysis).
    pub trace: bool,
}

impl EvalContext<'_> {
    fn code(&self, text: &str, date: Option<Day>) -> Vec<Coding> {
        let doc = (self.parse)(text);
        self.code_doc(&doc, date, self.actors)
    }

    fn code_doc(&self, doc: &Doc, date: Option<Day>, actors: &dyn ActorResolver) -> Vec<Coding> {
        let actors = actors.actors_of(doc, date);
        let meta = DocMeta::plain("eval", "eval", date.map(attache_calendar::DayRange::day));
        code_mentions(doc, &TimeLayer::default(), &actors, self.rules, &meta)
            .into_iter()
            .filter(|c| c.modality != Modality::Negated)
            .collect()
    }
}

/// The three-letter country or organisation prefix an actor is scored on; `---` when unknown.
pub fn actor_key(a: &ActorRef) -> String {
    if let Some(c) = a.country {
        return c.as_str().to_string();
    }
    match a.cameo_code.as_deref() {
        Some(code) if code.len() >= 3 => code[..3].to_string(),
        _ => "---".to_string(),
    }
}

/// Gold country codes of the GSR that are not ISO-3, read as the country they mean.
fn gold_country(code: &str) -> String {
    let c = code.get(..3).unwrap_or(code).to_ascii_uppercase();
    match c.as_str() {
        "JAP" => "JPN".into(),
        "ITL" => "ITA".into(),
        "VTN" => "VNM".into(),
        _ => c,
    }
}

fn top(codings: &[Coding]) -> Option<&Coding> {
    codings.iter().fold(None, |best: Option<&Coding>, c| match best {
        Some(b) if b.confidence.get() >= c.confidence.get() => Some(b),
        _ => Some(c),
    })
}

fn dyads(label: &str, sources: &[String], targets: &[String]) -> Vec<(String, String, String)> {
    let sources = if sources.is_empty() { vec!["---".to_string()] } else { sources.to_vec() };
    let targets = if targets.is_empty() { vec!["---".to_string()] } else { targets.to_vec() };
    let mut out = Vec::new();
    for s in &sources {
        for t in &targets {
            out.push((label.to_string(), s.clone(), t.clone()));
        }
    }
    out
}

fn read(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|source| EvalError::Io { path: path.to_path_buf(), source })
}

fn confusion_text(confusions: &HashMap<(String, String), usize>, n: usize) -> String {
    let mut list: Vec<_> = confusions.iter().filter(|((g, p), _)| g != p).collect();
    list.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut s = String::from("worst confusions (gold -> top prediction, count):\n");
    for ((g, p), k) in list.into_iter().take(n) {
        let _ = writeln!(s, "  {g:<12} -> {p:<12} {k}");
    }
    s
}

// ---------------------------------------------------------------------------------------------
// PLOVER gold-standard records

/// Scores the PLOVER GSR (`anchors/plover-gsr`): event-type accuracy of the top prediction,
/// and dyad P/R/F1 on type + source country + target country, and on type + country + sector.
pub fn plover_gsr(dir: &Path, cx: &EvalContext<'_>) -> Result<SetReport, EvalError> {
    let path = dir.join("PLOVER_GSR_CAMEO.json");
    let text = read(&path)?;
    let map_path = dir.join("gsr_label_map.tsv");
    let label_map: HashMap<String, String> = read(&map_path)?
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut c = l.split('\t');
            Some((c.next()?.to_string(), c.next()?.to_string()))
        })
        .collect();
    let records: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| EvalError::Format { path: path.clone(), problem: e.to_string() })?;
    let records = records
        .as_array()
        .ok_or_else(|| EvalError::Format { path: path.clone(), problem: "not a JSON array".into() })?;
    let mut n = 0;
    let mut type_ok = 0;
    let mut any_type_ok = 0;
    let mut dyad = Prf::default();
    let mut dyad_sector = Prf::default();
    let mut source_only = Prf::default();
    let mut per_type: BTreeMap<String, Prf> = BTreeMap::new();
    let mut confusions: HashMap<(String, String), usize> = HashMap::new();
    let mut trace = String::new();
    let (mut held_n, mut held_type_ok, mut held_dyad) = (0, 0, Prf::default());
    for rec in records {
        let Some(sentence) = rec["text"].as_str() else { continue };
        let Some(gold_label) = rec["event"].as_str().and_then(|e| label_map.get(e)) else { continue };
        let Ok(gold_type) = gold_label.parse::<PloverEvent>() else { continue };
        let date = rec["date"].as_str().and_then(|d| d.parse::<Day>().ok());
        let gold_actors = |role: &str, sector: bool| -> Vec<String> {
            rec[role]
                .as_array()
                .map(|list| {
                    list.iter()
                        .filter_map(|a| {
                            let code = gold_country(a["code"].as_str()?);
                            let sec = a["sector"].as_str().map(|s| s.get(..3).unwrap_or(s).to_ascii_uppercase());
                            Some(match (sector, sec) {
                                (true, Some(s)) if s != "***" => {
                                    format!("{code}/{}", if s == "CIV" { "CVL" } else { &s })
                                }
                                (true, _) => format!("{code}/*"),
                                _ => code,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let held = held_out(n);
        n += 1;
        let codings: Vec<Coding> = cx.code(sentence, date).into_iter().filter(|c| c.plover.is_some()).collect();
        let top_type = top(&codings).and_then(|c| c.plover);
        type_ok += usize::from(top_type == Some(gold_type));
        any_type_ok += usize::from(codings.iter().any(|c| c.plover == Some(gold_type)));
        *confusions
            .entry((gold_type.to_string(), top_type.map_or("(none)".to_string(), |t| t.to_string())))
            .or_default() += 1;
        let gold_set: HashSet<_> =
            dyads(gold_type.as_str(), &gold_actors("source", false), &gold_actors("target", false))
                .into_iter()
                .collect();
        let gold_sector_set: HashSet<_> =
            dyads(gold_type.as_str(), &gold_actors("source", true), &gold_actors("target", true)).into_iter().collect();
        let mut pred = HashSet::new();
        let mut pred_sector = HashSet::new();
        let mut pred_source = HashSet::new();
        for c in &codings {
            let label = c.plover.map(|p| p.as_str()).unwrap_or("-");
            let s: Vec<String> = c.actors.iter().map(actor_key).collect();
            let t: Vec<String> = c.recipients.iter().map(actor_key).collect();
            pred.extend(dyads(label, &s, &t));
            for src in &s {
                pred_source.insert((label.to_string(), src.clone()));
            }
            // Sector scoring: a gold sector of `***`/none matches any predicted sector.
            let with_sector =
                |list: &[ActorRef], gold: &HashSet<(String, String, String)>, is_source: bool| -> Vec<String> {
                    list.iter()
                        .map(|a| {
                            let key = actor_key(a);
                            let sec = a.sector.map(|s| s.as_str().to_string()).unwrap_or_else(|| "---".into());
                            let wildcard = format!("{key}/*");
                            let any = gold.iter().any(|g| if is_source { g.1 == wildcard } else { g.2 == wildcard });
                            if any {
                                wildcard
                            } else {
                                format!("{key}/{sec}")
                            }
                        })
                        .collect()
                };
            let ss = with_sector(&c.actors, &gold_sector_set, true);
            let ts = with_sector(&c.recipients, &gold_sector_set, false);
            pred_sector.extend(dyads(label, &ss, &ts));
        }
        let gold_source: HashSet<_> =
            gold_actors("source", false).into_iter().map(|s| (gold_type.to_string(), s)).collect();
        if held {
            held_n += 1;
            held_type_ok += usize::from(top_type == Some(gold_type));
            held_dyad.add(&pred, &gold_set);
        }
        if cx.trace && !held {
            let mut p: Vec<_> = pred.iter().cloned().collect();
            p.sort();
            let mut g: Vec<_> = gold_set.iter().cloned().collect();
            g.sort();
            let mark = if top_type == Some(gold_type) { "ok " } else { "BAD" };
            let rules: Vec<String> =
                codings.iter().map(|c| format!("{}:{}", c.rule_id, c.evidence.trigger_span.of(sentence))).collect();
            let _ = writeln!(trace, "{mark} {sentence}\n    gold {g:?}\n    pred {p:?}\n    rules {rules:?}");
        }
        dyad.add(&pred, &gold_set);
        dyad_sector.add(&pred_sector, &gold_sector_set);
        source_only.add(&pred_source, &gold_source);
        for t in PloverEvent::ALL {
            let p: HashSet<_> = codings.iter().filter(|c| c.plover == Some(*t)).map(|_| ()).take(1).collect();
            let g: HashSet<_> = (gold_type == *t).then_some(()).into_iter().collect();
            per_type.entry(t.to_string()).or_default().add(&p, &g);
        }
    }
    let mut text = format!("PLOVER GSR: {n} sentences\n");
    let acc = ratio(type_ok, n);
    let _ = writeln!(text, "event type of the top event: {type_ok}/{n} = {acc:.3}");
    let _ = writeln!(text, "gold type among the events:  {any_type_ok}/{n} = {:.3}", ratio(any_type_ok, n));
    let _ = writeln!(text, "{:<34} {:>5} {:>5} {:>5}", "dyads", "tp", "fp", "fn");
    text.push_str(&dyad.row("type + source + target country"));
    text.push_str(&dyad_sector.row("type + source + target ctry/sector"));
    text.push_str(&source_only.row("type + source country"));
    let _ = writeln!(
        text,
        "held-out fifth ({held_n} sentences, never traced): type accuracy {:.3}, type + countries F1 {:.3}",
        ratio(held_type_ok, held_n),
        held_dyad.f1()
    );
    let _ = writeln!(text, "per type (sentence has an event of the type):");
    for (t, prf) in &per_type {
        text.push_str(&prf.row(&format!("  {t}")));
    }
    text.push_str(&confusion_text(&confusions, 12));
    text.push_str(&trace);
    let mut figures = BTreeMap::new();
    figures.insert("type_accuracy".into(), acc);
    figures.insert("type_source_target_f1".into(), dyad.f1());
    figures.insert("type_source_target_sector_f1".into(), dyad_sector.f1());
    figures.insert("held_out_type_accuracy".into(), ratio(held_type_ok, held_n));
    figures.insert("held_out_type_source_target_f1".into(), held_dyad.f1());
    Ok(SetReport { name: "PLOVER GSR".into(), sentences: n, figures, text })
}

// ---------------------------------------------------------------------------------------------
// PETRARCH XML records (PETRARCH-2 validation and the unit tests)

/// One `<Sentence>` of a PETRARCH validation file.
#[derive(Debug, Clone)]
pub struct PetrRecord {
    pub id: String,
    pub category: String,
    pub date: Option<Day>,
    pub text: String,
    /// (event code, source code, target code); empty for `noevents`.
    pub codings: Vec<(String, String, String)>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

/// Reads the `<Sentence>` records of a PETRARCH validation XML file.
pub fn read_petr_records(xml: &str) -> Vec<PetrRecord> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<Sentence ") {
        rest = &rest[i..];
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..tag_end];
        let body_end = rest[1..].find("<Sentence ").map_or(rest.len(), |j| j + 1);
        let body = &rest[..body_end];
        let date = attr(tag, "date").and_then(|d| {
            let (y, m, dd) = (d.get(..4)?.parse().ok()?, d.get(4..6)?.parse().ok()?, d.get(6..8)?.parse().ok()?);
            Day::from_ymd(y, m, dd)
        });
        let mut codings = Vec::new();
        let mut b = body;
        while let Some(k) = b.find("<EventCoding") {
            b = &b[k..];
            let e = b.find('>').unwrap_or(b.len());
            let t = &b[..e];
            if let (Some(ev), Some(s), Some(tg)) = (attr(t, "eventcode"), attr(t, "sourcecode"), attr(t, "targetcode"))
            {
                codings.push((ev, s, tg));
            }
            b = &b[e..];
        }
        let text = body
            .find("<Text>")
            .and_then(|a| body[a + 6..].find("</Text>").map(|z| &body[a + 6..a + 6 + z]))
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        out.push(PetrRecord {
            id: attr(tag, "id").unwrap_or_default(),
            category: attr(tag, "category").unwrap_or_default(),
            date,
            text,
            codings,
        });
        rest = &rest[body_end..];
    }
    out
}

fn petr_scores(name: &str, records: &[PetrRecord], cx: &EvalContext<'_>, actors: &dyn ActorResolver) -> SetReport {
    let mut exact = Prf::default();
    let mut root = Prf::default();
    let mut code_only = Prf::default();
    let mut confusions: HashMap<(String, String), usize> = HashMap::new();
    let mut n = 0;
    let mut trace = String::new();
    let (mut held_n, mut held_root) = (0, Prf::default());
    for rec in records.iter().filter(|r| !r.text.is_empty()) {
        let held = held_out(n);
        n += 1;
        let doc = (cx.parse)(&rec.text);
        let codings = cx.code_doc(&doc, rec.date, actors);
        let key3 = |c: &str| if c.len() >= 3 { c[..3].to_string() } else { "---".into() };
        let gold: HashSet<(String, String, String)> =
            rec.codings.iter().map(|(e, s, t)| (e.clone(), key3(s), key3(t))).collect();
        let gold_root: HashSet<_> =
            gold.iter().map(|(e, s, t)| (e.get(..2).unwrap_or(e).to_string(), s.clone(), t.clone())).collect();
        let gold_code: HashSet<_> = gold.iter().map(|(e, _, _)| e.clone()).collect();
        let mut pred = HashSet::new();
        for c in &codings {
            let s: Vec<String> = c.actors.iter().map(actor_key).collect();
            let t: Vec<String> = c.recipients.iter().map(actor_key).collect();
            // PETRARCH writes a cooperative event of several actors as their mutual pairs, as the
            // GDELT and Phoenix exports do (`CameoCode::is_mutual_among_actors`).
            if t.is_empty() && s.len() > 1 && c.cameo.code.is_mutual_among_actors() {
                for (i, a) in s.iter().enumerate() {
                    let others: Vec<String> =
                        s.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, x)| x.clone()).collect();
                    pred.extend(dyads(c.cameo.code.as_str(), std::slice::from_ref(a), &others));
                }
            } else {
                pred.extend(dyads(c.cameo.code.as_str(), &s, &t));
            }
        }
        let pred_root: HashSet<_> = pred.iter().map(|(e, s, t)| (e[..2].to_string(), s.clone(), t.clone())).collect();
        let pred_code: HashSet<_> = pred.iter().map(|(e, _, _)| e.clone()).collect();
        if held {
            held_n += 1;
            held_root.add(&pred_root, &gold_root);
        }
        if cx.trace && !held {
            let mut p: Vec<_> = pred.iter().cloned().collect();
            p.sort();
            let mut g: Vec<_> = gold.iter().cloned().collect();
            g.sort();
            let rules: Vec<String> =
                codings.iter().map(|c| format!("{}:{}", c.rule_id, c.evidence.trigger_span.of(&rec.text))).collect();
            let _ = writeln!(trace, "{} {}\n    gold {g:?}\n    pred {p:?}\n    rules {rules:?}", rec.id, rec.text);
        }
        exact.add(&pred, &gold);
        root.add(&pred_root, &gold_root);
        code_only.add(&pred_code, &gold_code);
        let g = rec.codings.first().map_or("(none)".to_string(), |c| c.0.clone());
        let p = top(&codings).map_or("(none)".to_string(), |c| c.cameo.code.to_string());
        *confusions.entry((g, p)).or_default() += 1;
    }
    let mut text = format!("{name}: {n} sentences\n");
    let _ = writeln!(text, "{:<34} {:>5} {:>5} {:>5}", "", "tp", "fp", "fn");
    text.push_str(&exact.row("exact code + source + target"));
    text.push_str(&root.row("root + source + target country"));
    text.push_str(&code_only.row("exact code (no actors)"));
    let _ =
        writeln!(text, "held-out fifth ({held_n} sentences, never traced): root + countries F1 {:.3}", held_root.f1());
    text.push_str(&confusion_text(&confusions, 10));
    text.push_str(&trace);
    let mut figures = BTreeMap::new();
    figures.insert("root_source_target_f1".into(), root.f1());
    figures.insert("exact_source_target_f1".into(), exact.f1());
    figures.insert("code_f1".into(), code_only.f1());
    figures.insert("held_out_root_source_target_f1".into(), held_root.f1());
    SetReport { name: name.into(), sentences: n, figures, text }
}

/// Scores the PETRARCH-2 validation records (`anchors/petr2-gsr-ud`), parsing the sentences
/// ourselves (the file's UD parses are not used) and resolving actors with the context's resolver.
pub fn petr2_gsr(dir: &Path, cx: &EvalContext<'_>) -> Result<SetReport, EvalError> {
    let xml = read(&dir.join("PETR2_GSR_validation.xml"))?;
    let records = read_petr_records(&xml);
    Ok(petr_scores("PETRARCH-2 GSR", &records, cx, cx.actors))
}

/// Scores the PETRARCH unit-test records (`anchors/petrarch-validation`). Their actors are
/// fictional (Arnor, Gondor), so actors come from the test dictionaries that ship with them
/// (`PETR.Validate.actors.txt`, `PETR.Validate.agents.txt`), read by [`PhraseDictionary`].
pub fn petrarch_unit_tests(dir: &Path, cx: &EvalContext<'_>) -> Result<SetReport, EvalError> {
    let xml = read(&dir.join("PETR.UnitTest.records.xml"))?;
    let dict = PhraseDictionary::parse(
        &read(&dir.join("PETR.Validate.actors.txt"))?,
        &read(&dir.join("PETR.Validate.agents.txt"))?,
    );
    let records = read_petr_records(&xml);
    Ok(petr_scores("PETRARCH unit tests", &records, cx, &dict))
}

// ---------------------------------------------------------------------------------------------
// CAMEO manual examples

/// Scores the example sentences of the CAMEO manual (`anchors/cameo/cameo-codes.icews.utf8.csv`):
/// is the top event's code, and its root, the code the example illustrates.
pub fn cameo_examples(path: &Path, cx: &EvalContext<'_>) -> Result<SetReport, EvalError> {
    let text = read(path)?;
    let rows = parse_csv(&text);
    let header = rows.first().cloned().unwrap_or_default();
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(code_col), Some(example_col)) = (col("code"), col("example")) else {
        return Err(EvalError::Format { path: path.into(), problem: "no `code` and `example` columns".into() });
    };
    let mut n = 0;
    let (mut root_ok, mut code_ok, mut any_root) = (0, 0, 0);
    let mut per_root: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut confusions: HashMap<(String, String), usize> = HashMap::new();
    let mut trace = String::new();
    let (mut held_n, mut held_ok) = (0, 0);
    for row in rows.iter().skip(1) {
        let (Some(code), Some(example)) = (row.get(code_col), row.get(example_col)) else { continue };
        let example = example.trim();
        if example.is_empty() || example == "NA" || code.parse::<CameoCode>().is_err() {
            continue;
        }
        let held = held_out(n);
        n += 1;
        let codings = cx.code(example, None);
        let gold_root = code.get(..2).unwrap_or(code).to_string();
        let top_code = top(&codings).map(|c| c.cameo.code);
        let got_root = top_code.map_or("(none)".to_string(), |c| c.root().to_string());
        root_ok += usize::from(got_root == gold_root);
        if held {
            held_n += 1;
            held_ok += usize::from(got_root == gold_root);
        }
        if cx.trace && !held {
            let mark = if got_root == gold_root { "ok " } else { "BAD" };
            let rules: Vec<String> = codings
                .iter()
                .map(|c| format!("{} {}:{}", c.cameo.code, c.rule_id, c.evidence.trigger_span.of(example)))
                .collect();
            let _ = writeln!(trace, "{mark} {code} {example}\n    rules {rules:?}");
        }
        code_ok += usize::from(top_code.is_some_and(|c| c.as_str() == code));
        any_root += usize::from(codings.iter().any(|c| c.cameo.code.root().as_str() == gold_root));
        let e = per_root.entry(gold_root.clone()).or_default();
        e.0 += 1;
        e.1 += usize::from(got_root == gold_root);
        *confusions.entry((gold_root, got_root)).or_default() += 1;
    }
    let mut text = format!("CAMEO manual examples: {n} sentences\n");
    let _ = writeln!(text, "root of the top event:  {root_ok}/{n} = {:.3}", ratio(root_ok, n));
    let _ = writeln!(text, "code of the top event:  {code_ok}/{n} = {:.3}", ratio(code_ok, n));
    let _ = writeln!(text, "gold root among events: {any_root}/{n} = {:.3}", ratio(any_root, n));
    let _ = writeln!(text, "per root (examples, right):");
    for (r, (k, ok)) in &per_root {
        let _ = writeln!(text, "  {r}  {ok:>3}/{k:<3} {:.2}", ratio(*ok, *k));
    }
    let _ = writeln!(
        text,
        "held-out fifth ({held_n} sentences, never traced): root accuracy {:.3}",
        ratio(held_ok, held_n)
    );
    text.push_str(&confusion_text(&confusions, 12));
    text.push_str(&trace);
    let mut figures = BTreeMap::new();
    figures.insert("root_accuracy".into(), ratio(root_ok, n));
    figures.insert("held_out_root_accuracy".into(), ratio(held_ok, held_n));
    figures.insert("code_accuracy".into(), ratio(code_ok, n));
    Ok(SetReport { name: "CAMEO examples".into(), sentences: n, figures, text })
}

/// A minimal CSV reader (quoted fields, doubled quotes, newlines inside quotes).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\r') => {}
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

// ---------------------------------------------------------------------------------------------
// The PETRARCH test dictionaries as an actor resolver

/// An actor resolver from PETRARCH-format actor and agent dictionaries (phrases → codes), as
/// the unit tests need: an actor phrase gives its code, an agent word in the same noun phrase
/// adds its suffix (`ARN` + `~MIL` → `ARNMIL`), an agent alone gives `---` + suffix. Phrases
/// ending in `_` match whole words; others match a word that starts with their last word
/// (TABARI's stems: `ARGENTIN` matches "Argentina"). Date restrictions are ignored (the first
/// code listed is used).
pub struct PhraseDictionary {
    actors: Vec<(Vec<String>, bool, String)>,
    agents: Vec<(Vec<String>, String)>,
}

impl PhraseDictionary {
    pub fn parse(actors_text: &str, agents_text: &str) -> PhraseDictionary {
        let mut actors = Vec::new();
        let mut pending: Vec<(Vec<String>, bool)> = Vec::new();
        let flush = |pending: &mut Vec<(Vec<String>, bool)>, code: &str, out: &mut Vec<(Vec<String>, bool, String)>| {
            for (words, exact) in pending.drain(..) {
                out.push((words, exact, code.to_string()));
            }
        };
        let mut last_code: Option<String> = None;
        for raw in strip_comments(actors_text).lines() {
            if raw.trim().is_empty() {
                continue;
            }
            let code = raw.find('[').and_then(|a| raw[a + 1..].find(']').map(|b| raw[a + 1..a + 1 + b].to_string()));
            let code = code.map(|c| c.split_whitespace().next().unwrap_or("").to_ascii_uppercase());
            if raw.starts_with('\t') || raw.starts_with(' ') && raw.trim_start().starts_with('[') {
                if let Some(c) = code {
                    if !pending.is_empty() {
                        flush(&mut pending, &c, &mut actors);
                    }
                }
                continue;
            }
            let (phrase, synonym) = match raw.trim().strip_prefix('+') {
                Some(p) => (p, true),
                None => (raw.trim(), false),
            };
            let phrase = phrase.split('[').next().unwrap_or("").trim();
            let exact = phrase.ends_with('_');
            let words: Vec<String> =
                phrase.split(['_', ' ']).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
            if words.is_empty() {
                continue;
            }
            if !synonym {
                if let Some(c) = last_code.take() {
                    flush(&mut pending, &c, &mut actors);
                }
                pending.clear();
            }
            pending.push((words, exact));
            if let Some(c) = code {
                last_code = Some(c);
            } else if synonym {
                // A synonym after a coded primary shares its code.
                if let Some((_, _, c)) = actors.last() {
                    last_code = last_code.or(Some(c.clone()));
                }
            }
        }
        if let Some(c) = last_code {
            flush(&mut pending, &c, &mut actors);
        }
        let mut agents = Vec::new();
        for raw in strip_comments(agents_text).lines() {
            let Some(a) = raw.find('[') else { continue };
            let Some(b) = raw[a..].find(']') else { continue };
            let code = raw[a + 1..a + b].trim().trim_start_matches('~').trim_end_matches('~').to_ascii_uppercase();
            let phrase = raw[..a].split('{').next().unwrap_or("").trim();
            if phrase.contains('!') || phrase.is_empty() {
                continue;
            }
            let words: Vec<String> =
                phrase.split(['_', ' ']).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
            agents.push((words, code));
        }
        // Longest phrases first.
        actors.sort_by_key(|(w, _, _)| std::cmp::Reverse(w.len()));
        agents.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        PhraseDictionary { actors, agents }
    }

    fn match_at(words: &[String], exact: bool, doc_words: &[String], i: usize) -> bool {
        words.iter().enumerate().all(|(k, w)| {
            doc_words.get(i + k).is_some_and(|d| {
                let last = k + 1 == words.len();
                if last && !exact {
                    d.starts_with(w.as_str()) || d.trim_end_matches('s') == w.as_str()
                } else {
                    d == w || (d.trim_end_matches('s') == w.as_str())
                }
            })
        })
    }
}

fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut in_comment = false;
    for line in text.lines() {
        let mut l = line;
        if in_comment {
            match l.find("-->") {
                Some(i) => {
                    in_comment = false;
                    l = &l[i + 3..];
                }
                None => continue,
            }
        }
        if let Some(i) = l.find("<!--") {
            if l[i..].find("-->").is_none() {
                in_comment = true;
            }
            l = &l[..i];
        }
        let l = l.split('#').next().unwrap_or("");
        out.push_str(l);
        out.push('\n');
    }
    out
}

impl ActorResolver for PhraseDictionary {
    fn actors_of(&self, doc: &Doc, _date: Option<Day>) -> Actors {
        let words: Vec<String> = doc.tokens().map(|t| t.text().to_lowercase()).collect();
        let mut found: Vec<(usize, usize, String, bool)> = Vec::new(); // start, end, code, is_agent
        let mut i = 0;
        while i < words.len() {
            if let Some((w, _, code)) =
                self.actors.iter().find(|(w, exact, _)| PhraseDictionary::match_at(w, *exact, &words, i))
            {
                found.push((i, i + w.len(), code.clone(), false));
                i += w.len();
                continue;
            }
            if let Some((w, code)) = self.agents.iter().find(|(w, _)| PhraseDictionary::match_at(w, true, &words, i)) {
                found.push((i, i + w.len(), code.clone(), true));
                i += w.len();
                continue;
            }
            i += 1;
        }
        // Each noun phrase: its actor code plus the suffix of an agent inside it.
        let mut mentions = Vec::new();
        for t in doc.tokens() {
            if !matches!(t.pos(), Upos::Noun | Upos::Propn | Upos::Adj) {
                continue;
            }
            let h = t.id() as usize;
            if matches!(t.dep(), "compound" | "amod") && matches!(t.head().pos(), Upos::Noun | Upos::Propn) {
                continue;
            }
            let (start, end) = left_extent(doc, t.id());
            let inside: Vec<&(usize, usize, String, bool)> =
                found.iter().filter(|f| f.0 >= start && f.1 <= end && f.0 <= h).collect();
            let actor = inside.iter().find(|f| !f.3);
            let agent = inside.iter().find(|f| f.3);
            let code = match (actor, agent) {
                (Some(a), Some(g)) => format!("{}{}", a.2, g.2),
                (Some(a), None) => a.2.clone(),
                (None, Some(g)) => format!("---{}", g.2),
                (None, None) => continue,
            };
            let span =
                Span::new(doc.token(start as TokenId).span().start(), doc.token((end - 1) as TokenId).span().end());
            let country = code.get(..3).and_then(|c| c.parse().ok()).filter(|_| !code.starts_with("---"));
            mentions.push(ActorMention {
                tokens: start as TokenId..end as TokenId,
                span,
                text: span.of(doc.text()).to_string(),
                country,
                sector: None,
                cameo_code: Some(code),
                actor_id: None,
                place: false,
            });
        }
        Actors { mentions }
    }
}

/// The token range of a noun phrase: its head and everything before it that depends on it.
fn left_extent(doc: &Doc, h: TokenId) -> (usize, usize) {
    let mut start = h;
    let sent = doc.sents().find(|s| s.token_range().contains(&h)).map(|s| s.token_range());
    if let Some(r) = sent {
        for c in (r.start..h).rev() {
            let mut x = c;
            let mut under = false;
            for _ in 0..8 {
                let hd = doc.token(x).head().id();
                if hd == h {
                    under = true;
                    break;
                }
                if hd == x {
                    break;
                }
                x = hd;
            }
            if under && !matches!(doc.token(c).dep(), "punct" | "cc" | "conj" | "relcl" | "acl" | "appos" | "prep") {
                start = c;
            }
        }
    }
    (start as usize, h as usize + 1)
}

/// Runs every scorer; `shared` is the test material folder (`anchors/...` inside).
pub fn all(shared: &Path, cx: &EvalContext<'_>) -> Result<Vec<SetReport>, EvalError> {
    let anchors = shared.join("anchors");
    Ok(vec![
        plover_gsr(&anchors.join("plover-gsr"), cx)?,
        petr2_gsr(&anchors.join("petr2-gsr-ud"), cx)?,
        petrarch_unit_tests(&anchors.join("petrarch-validation"), cx)?,
        cameo_examples(&anchors.join("cameo/cameo-codes.icews.utf8.csv"), cx)?,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_counts_sets() {
        let mut p = Prf::default();
        let pred: HashSet<i32> = [1, 2, 3].into();
        let gold: HashSet<i32> = [2, 3, 4, 5].into();
        p.add(&pred, &gold);
        assert_eq!((p.tp, p.fp, p.fn_), (2, 1, 2));
        assert!((p.f1() - 4.0 / 7.0).abs() < 1e-9);
    }

    #[test]
    fn petr_records_are_read() {
        let xml = "<Sentences>\n<Sentence date=\"20080804\" id=\"A_1\" category=\"AFP\"/>\n\
                   <EventCoding eventcode=\"042\" sourcecode=\"USA\" targetcode=\"CHN\" />\n<Text>\nOne\ntwo.\n</Text>\n\
                   <Sentence date=\"20080805\" id=\"A_2\">\n<EventCoding noevents=\"True\" />\n<Text>Three.</Text>\n</Sentence>";
        let recs = read_petr_records(xml);
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].text, "One two.");
        assert_eq!(recs[0].codings, vec![("042".into(), "USA".into(), "CHN".into())]);
        assert!(recs[1].codings.is_empty());
        assert_eq!(recs[1].date, Day::from_ymd(2008, 8, 5));
    }

    #[test]
    fn csv_handles_quotes() {
        let rows = parse_csv("a,b\n\"x, \"\"y\"\"\",2\n");
        assert_eq!(rows, vec![vec!["a".to_string(), "b".into()], vec!["x, \"y\"".into(), "2".into()]]);
    }
}
