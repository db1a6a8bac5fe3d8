//! The rule set: CAMEO verb triggers and patterns (converted from the Phoenix verb dictionary),
//! noun triggers, the CAMEO → PLOVER mapping and the rule examples, read from the TSV files under
//! `data/rules/` (format in `data/rules/README.md`) and compiled once into look-up tables keyed by
//! lemma. Matching these against a sentence is `matcher.rs`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use attache_codes::{CameoCode, PloverEvent};

/// Name and version of the rule set; part of every event's `coder` string.
pub const RULESET: &str = "cameo.v1";

const BUILTIN: [(&str, &str); 9] = [
    ("frames.tsv", include_str!("../../../data/rules/frames.tsv")),
    ("cameo.v1/synsets.tsv", include_str!("../../../data/rules/cameo.v1/synsets.tsv")),
    ("cameo.v1/verbs.tsv", include_str!("../../../data/rules/cameo.v1/verbs.tsv")),
    ("cameo.v1/patterns.tsv", include_str!("../../../data/rules/cameo.v1/patterns.tsv")),
    ("cameo.v1/local-verbs.tsv", include_str!("../../../data/rules/cameo.v1/local-verbs.tsv")),
    ("cameo.v1/local-patterns.tsv", include_str!("../../../data/rules/cameo.v1/local-patterns.tsv")),
    ("nouns.tsv", include_str!("../../../data/rules/nouns.tsv")),
    ("plover.tsv", include_str!("../../../data/rules/plover.tsv")),
    ("examples.tsv", include_str!("../../../data/rules/examples.tsv")),
];

/// A rule file that could not be read or holds a bad row.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RuleFileError {
    #[error("{file}:{line}: {problem}")]
    BadRow { file: String, line: usize, problem: String },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// One element of a pattern side, matched against one or more consecutive tokens.
#[derive(Debug, Clone, PartialEq)]
pub enum Atom {
    /// A word; alternatives written `a/b`. Matches a token's lowercase form or lemma.
    Word(Vec<Box<str>>),
    /// `&name`: any member phrase of the synset.
    Synset(u32),
}

/// A pattern element: one atom, or `{a b}`, atoms on consecutive tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct Elem {
    pub atoms: Vec<Atom>,
    /// The `( ... )` group the element belongs to (a prepositional phrase), numbered per side.
    pub group: Option<u16>,
}

/// How a rule is triggered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerKind {
    /// A verb alone (the verb's own code).
    Verb,
    /// A verb with words around it.
    Pattern,
    /// A noun ("talks", "airstrikes").
    Noun,
}

/// A coded rule: what the coder reports when it fires.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub kind: TriggerKind,
    /// Code of the event from source to target; `None` with no `reverse` means "no event".
    pub code: Option<CameoCode>,
    /// Code of the event in the other direction (the target acts on the source).
    pub reverse: Option<CameoCode>,
    /// Words that must come before the verb (in its subject), in order.
    pub before: Vec<Elem>,
    /// Words that must come after the verb (in its clause), in order.
    pub after: Vec<Elem>,
    /// The preposition whose object is the target (`(with +)`), when the pattern says so.
    pub target_prep: Option<Box<str>>,
    /// Number of words the pattern requires: the more, the more specific.
    pub specificity: u16,
    /// The only verb lemmas a pattern applies to (empty: every verb of its block). A converted
    /// pattern with words only before the verb reads the subject ("troops take" = occupy), which
    /// is the sense of the verb it was written for, not of its whole block ("troops arrested" is
    /// no occupation); a pattern may name its verbs in its note (`only prevent/obstruct`).
    pub verb_only: Vec<Box<str>>,
}

/// A verb of a block: its lemma and the words that must follow it ("ask for").
#[derive(Debug, Clone)]
pub struct VerbEntry {
    pub block: u32,
    /// The verb's lemma (its first word).
    pub lemma: Box<str>,
    /// Words after the lemma, required in the verb's clause, in order.
    pub with: Vec<Box<str>>,
    /// The rule for the verb alone.
    pub rule: u32,
}

/// CAMEO → PLOVER: type, mode and contexts of one code.
#[derive(Debug, Clone, PartialEq)]
pub struct PloverMapping {
    pub event: Option<PloverEvent>,
    pub mode: Option<String>,
    pub contexts: Vec<String>,
}

/// How a framing construction changes the event of its complement (`data/rules/frames.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frame {
    /// "agreed to", "is ready to": CAMEO 03.
    Intent,
    /// "urged X to": CAMEO 02.
    Appeal,
    /// "demanded that", reported "must": CAMEO 10.
    Demand,
    /// "refused to", "will not": CAMEO 12.
    Reject,
    /// "threatened to": CAMEO 13.
    Threaten,
    /// A future tense with no framing verb ("will visit").
    Future,
    /// "prepared to attack": preparing an attack is a show of force (CAMEO 15); preparing anything
    /// else is an intent, composed as `Intent`.
    Prepare,
}

impl Frame {
    pub fn as_str(self) -> &'static str {
        match self {
            Frame::Intent => "intent",
            Frame::Appeal => "appeal",
            Frame::Demand => "demand",
            Frame::Reject => "reject",
            Frame::Threaten => "threaten",
            Frame::Future => "future",
            Frame::Prepare => "prepare",
        }
    }

    fn parse(s: &str) -> Option<Frame> {
        [Frame::Intent, Frame::Appeal, Frame::Demand, Frame::Reject, Frame::Threaten, Frame::Future, Frame::Prepare]
            .into_iter()
            .find(|f| f.as_str() == s)
    }
}

/// A sentence a rule should code, and what it should give.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleExample {
    pub rule: String,
    pub sentence: String,
    /// `CODE`, optionally `source=WORDS` and `target=WORDS` (words the actor phrase contains).
    pub expect: String,
}

/// The compiled rule set. Immutable, `Send + Sync`, shared by reference.
#[derive(Debug, Default)]
pub struct Rules {
    pub rules: Vec<Rule>,
    /// Synset members: phrases of words.
    pub synsets: Vec<Vec<Vec<Box<str>>>>,
    synset_ids: HashMap<String, u32>,
    pub blocks: Vec<String>,
    /// Patterns of each block (rule indexes), most specific first.
    pub block_patterns: Vec<Vec<u32>>,
    /// Verb entries by lemma and by irregular form.
    pub verbs: HashMap<Box<str>, Vec<VerbEntry>>,
    /// Noun rules by lemma.
    pub nouns: HashMap<Box<str>, Vec<u32>>,
    plover: HashMap<CameoCode, PloverMapping>,
    pub examples: Vec<RuleExample>,
    /// Framing verbs by lemma: the frame and its code when the complement holds no event.
    pub frame_verbs: HashMap<Box<str>, (Frame, CameoCode)>,
    /// Composition tables: frame → (complement code prefix, composed code), longest prefix first.
    frame_codes: HashMap<Frame, Vec<(String, CameoCode)>>,
    /// The rule of each frame's own code (`cameo.v1/frame/<frame>/-`), for framing verbs that are
    /// no trigger of the verb files ("is willing to", "rejected").
    pub frame_rules: HashMap<Frame, u32>,
    /// Patterns written for attache (`cameo.v1/local-patterns.tsv`): tried before the converted
    /// patterns of the same specificity.
    local_patterns: std::collections::HashSet<u32>,
}

impl Rules {
    /// The rule files built into the binary.
    pub fn builtin() -> Result<Rules, RuleFileError> {
        let files: HashMap<&str, &str> = BUILTIN.iter().copied().collect();
        Rules::from_texts(&|name| files.get(name).map(|s| s.to_string()))
    }

    /// The rule files of a directory laid out like `data/rules/` (for editing without a rebuild).
    pub fn from_dir(dir: &Path) -> Result<Rules, RuleFileError> {
        let mut err = None;
        let read = |name: &str| -> Option<String> {
            let path = dir.join(name);
            std::fs::read_to_string(&path).ok()
        };
        for (name, _) in BUILTIN {
            let path = dir.join(name);
            if let Err(source) = std::fs::metadata(&path) {
                err = Some(RuleFileError::Io { path, source });
                break;
            }
        }
        if let Some(e) = err {
            return Err(e);
        }
        Rules::from_texts(&read)
    }

    fn from_texts(read: &dyn Fn(&str) -> Option<String>) -> Result<Rules, RuleFileError> {
        let get = |name: &str| {
            read(name).ok_or_else(|| RuleFileError::BadRow { file: name.into(), line: 0, problem: "missing".into() })
        };
        let mut rules = Rules::default();
        rules.load_synsets("cameo.v1/synsets.tsv", &get("cameo.v1/synsets.tsv")?)?;
        rules.load_verbs("cameo.v1/verbs.tsv", &get("cameo.v1/verbs.tsv")?)?;
        rules.load_patterns("cameo.v1/patterns.tsv", &get("cameo.v1/patterns.tsv")?, false)?;
        rules.load_local_verbs("cameo.v1/local-verbs.tsv", &get("cameo.v1/local-verbs.tsv")?)?;
        rules.load_patterns("cameo.v1/local-patterns.tsv", &get("cameo.v1/local-patterns.tsv")?, true)?;
        rules.load_nouns("nouns.tsv", &get("nouns.tsv")?)?;
        rules.load_plover("plover.tsv", &get("plover.tsv")?)?;
        rules.load_frames("frames.tsv", &get("frames.tsv")?)?;
        rules.load_examples("examples.tsv", &get("examples.tsv")?)?;
        for patterns in &mut rules.block_patterns {
            let r = &rules.rules;
            let local = &rules.local_patterns;
            // Most specific first; on a tie, the project's patterns, then those kept for named verbs.
            patterns.sort_by_key(|&i| {
                let rule = &r[i as usize];
                (std::cmp::Reverse(rule.specificity), !local.contains(&i), rule.verb_only.is_empty())
            });
        }
        Ok(rules)
    }

    pub fn rule(&self, index: u32) -> &Rule {
        &self.rules[index as usize]
    }

    /// PLOVER type, mode and contexts of a CAMEO code (the mapping of `data/rules/plover.tsv`).
    pub fn plover(&self, code: CameoCode) -> &PloverMapping {
        static NONE: PloverMapping = PloverMapping { event: None, mode: None, contexts: Vec::new() };
        self.plover.get(&code).unwrap_or(&NONE)
    }

    /// The code of `inner` under `frame`, and the table key that chose it (longest matching
    /// prefix of the complement's code).
    pub fn compose(&self, frame: Frame, inner: CameoCode) -> Option<(CameoCode, &str)> {
        let code = inner.as_str();
        let own = self
            .frame_codes
            .get(&frame)
            .and_then(|rows| rows.iter().filter(|(p, _)| code.starts_with(p.as_str())).max_by_key(|(p, _)| p.len()))
            .map(|(p, c)| (*c, p.as_str()));
        match (own, frame) {
            (None, Frame::Prepare) => self.compose(Frame::Intent, inner),
            _ => own,
        }
    }

    fn load_frames(&mut self, file: &str, text: &str) -> Result<(), RuleFileError> {
        for (line, cols) in rows(text, 5) {
            let bad = |problem: String| RuleFileError::BadRow { file: file.into(), line, problem };
            let [frame, kind, key, code, _note] = cols.as_slice() else {
                return Err(bad("expected `frame<TAB>kind<TAB>key<TAB>code<TAB>note`".into()));
            };
            let frame = Frame::parse(frame).ok_or_else(|| bad(format!("unknown frame `{frame}`")))?;
            let code = parse_code(code).map_err(&bad)?.ok_or_else(|| bad("a frame row needs a code".into()))?;
            match *kind {
                "verb" => {
                    self.frame_verbs.insert(Box::from(*key), (frame, code));
                    if !self.frame_rules.contains_key(&frame) {
                        self.frame_rules.insert(frame, self.rules.len() as u32);
                        self.rules.push(Rule {
                            id: format!("{RULESET}/frame/{}/-", frame.as_str()),
                            kind: TriggerKind::Verb,
                            code: Some(code),
                            reverse: None,
                            before: Vec::new(),
                            after: Vec::new(),
                            target_prep: None,
                            specificity: 0,
                            verb_only: Vec::new(),
                        });
                    }
                }
                "inner" => {
                    if key.len() < 2 || !key.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(bad(format!("bad CAMEO code prefix `{key}`")));
                    }
                    self.frame_codes.entry(frame).or_default().push((key.to_string(), code));
                }
                other => return Err(bad(format!("unknown kind `{other}` (verb or inner)"))),
            }
        }
        Ok(())
    }

    fn load_synsets(&mut self, file: &str, text: &str) -> Result<(), RuleFileError> {
        for (line, cols) in rows(text, 2) {
            let bad = |problem: &str| RuleFileError::BadRow { file: file.into(), line, problem: problem.into() };
            let [name, members] = cols.as_slice() else { return Err(bad("expected `synset<TAB>members`")) };
            let members: Vec<Vec<Box<str>>> = members
                .split('|')
                .map(|m| m.split_whitespace().map(Box::from).collect::<Vec<_>>())
                .filter(|m| !m.is_empty())
                .collect();
            if members.is_empty() {
                return Err(bad("synset without members"));
            }
            let mut members = members;
            // Longest phrases first, so "air force" wins over "air".
            members.sort_by_key(|m| std::cmp::Reverse(m.len()));
            self.synset_ids.insert(name.to_string(), self.synsets.len() as u32);
            self.synsets.push(members);
        }
        Ok(())
    }

    fn block_id(&mut self, name: &str) -> u32 {
        if let Some(i) = self.blocks.iter().position(|b| b == name) {
            return i as u32;
        }
        self.blocks.push(name.to_string());
        self.block_patterns.push(Vec::new());
        (self.blocks.len() - 1) as u32
    }

    fn load_verbs(&mut self, file: &str, text: &str) -> Result<(), RuleFileError> {
        for (line, cols) in rows(text, 5) {
            let bad = |problem: String| RuleFileError::BadRow { file: file.into(), line, problem };
            let VerbRow { block, verb, code, reverse, forms, lemma, with } = verb_row(&cols).map_err(&bad)?;
            let block = self.block_id(block);
            let id = match code.or(reverse) {
                Some(c) => format!("{RULESET}/{c}/{}", verb.replace(' ', "-")),
                None => format!("{RULESET}/null/{}", verb.replace(' ', "-")),
            };
            let rule = self.rules.len() as u32;
            self.rules.push(Rule {
                id,
                kind: TriggerKind::Verb,
                code,
                reverse,
                before: Vec::new(),
                after: Vec::new(),
                target_prep: None,
                specificity: with.len() as u16,
                verb_only: Vec::new(),
            });
            let entry = VerbEntry { block, lemma: Box::from(lemma), with: with.clone(), rule };
            self.verbs.entry(Box::from(lemma)).or_default().push(entry.clone());
            // Irregular forms of a one-word verb are keys too (looked up by form); multi-word
            // forms repeat the words after the verb, so only their first word is a key.
            for form in forms.split_whitespace().filter(|f| *f != lemma) {
                if with.iter().any(|w| **w == *form) {
                    continue;
                }
                let list = self.verbs.entry(Box::from(form)).or_default();
                if !list.iter().any(|e| e.rule == rule) {
                    list.push(entry.clone());
                }
            }
        }
        Ok(())
    }

    /// Project-written verbs (`local-verbs.tsv`, same columns as `verbs.tsv`): a verb already in
    /// its block gets the row's codes (the dictionary's are wrong or missing), any other is added.
    fn load_local_verbs(&mut self, file: &str, text: &str) -> Result<(), RuleFileError> {
        let before = self.rules.len();
        let mut new_rows = String::from("block\tverb\tcode\treverse\tforms\n");
        for (line, cols) in rows(text, 5) {
            let bad = |problem: String| RuleFileError::BadRow { file: file.into(), line, problem };
            let VerbRow { block, verb, code, reverse, lemma, with, .. } = verb_row(&cols).map_err(&bad)?;
            let block_index = self.blocks.iter().position(|b| b == block).map(|i| i as u32);
            let existing = self
                .verbs
                .get(lemma)
                .and_then(|list| list.iter().find(|e| Some(e.block) == block_index && e.with == with).map(|e| e.rule));
            let id = format!(
                "{RULESET}/local/{}/{}",
                code.or(reverse).map_or("null".into(), |c| c.to_string()),
                verb.replace(' ', "-")
            );
            match existing {
                Some(rule) => {
                    let r = &mut self.rules[rule as usize];
                    (r.code, r.reverse, r.id) = (code, reverse, id);
                }
                None => {
                    new_rows.push_str(&cols.join("\t"));
                    new_rows.push('\n');
                }
            }
        }
        self.load_verbs(file, &new_rows)?;
        for r in &mut self.rules[before..] {
            r.id = r.id.replacen(&format!("{RULESET}/"), &format!("{RULESET}/local/"), 1);
        }
        Ok(())
    }

    /// Verb patterns; `local` for the project's (`local-patterns.tsv`): their ids start with
    /// `cameo.v1/local/`, and one with the same block and words as a converted pattern replaces it.
    fn load_patterns(&mut self, file: &str, text: &str, local: bool) -> Result<(), RuleFileError> {
        for (line, cols) in rows(text, 7) {
            let bad = |problem: String| RuleFileError::BadRow { file: file.into(), line, problem };
            let [id, block, code, reverse, before, after, note] = cols.as_slice() else {
                return Err(bad("expected 7 columns: id block code reverse before after note".into()));
            };
            if local && !id.starts_with(&format!("{RULESET}/local/")) {
                return Err(bad(format!("a local pattern's id starts with `{RULESET}/local/`")));
            }
            let code = parse_code(code).map_err(&bad)?;
            let reverse = parse_code(reverse).map_err(&bad)?;
            let (before, _) = self.parse_side(before).map_err(&bad)?;
            let (after, target_prep) = self.parse_side(after).map_err(&bad)?;
            let specificity = before.iter().chain(&after).map(|e| e.atoms.len() as u16).sum::<u16>() + 1;
            let verb_only: Vec<Box<str>> = match note.strip_prefix("only ") {
                Some(verbs) => verbs.split('/').map(str::trim).filter(|v| !v.is_empty()).map(Box::from).collect(),
                // Nothing after the verb (a subject, or only a target mark: "+" for "mock"): the
                // pattern reads the sense of the verb it was written for, not of its whole block.
                _ if !local && after.is_empty() => {
                    note.split(['_', ' ']).next().filter(|v| !v.is_empty()).map(Box::from).into_iter().collect()
                }
                _ => Vec::new(),
            };
            // A local row must name a block with verbs, and `only` verbs of that block: a typo
            // would leave the row silently unused.
            if local {
                let Some(b) = self.blocks.iter().position(|x| x == block) else {
                    return Err(bad(format!("unknown verb block `{block}`")));
                };
                let in_block = |v: &str| self.verbs.get(v).is_some_and(|l| l.iter().any(|e| e.block == b as u32));
                if let Some(v) = verb_only.iter().find(|v| !in_block(v)) {
                    return Err(bad(format!("`{v}` is no verb of block `{block}`")));
                }
            }
            let block = self.block_id(block);
            if local {
                let rules = &self.rules;
                self.block_patterns[block as usize].retain(|&p| {
                    let r = &rules[p as usize];
                    !(r.before == before && r.after == after && r.target_prep == target_prep)
                });
            }
            let index = self.rules.len() as u32;
            if local {
                self.local_patterns.insert(index);
            }
            self.rules.push(Rule {
                id: id.to_string(),
                kind: TriggerKind::Pattern,
                code,
                reverse,
                before,
                after,
                target_prep,
                specificity,
                verb_only,
            });
            self.block_patterns[block as usize].push(index);
        }
        Ok(())
    }

    /// Parses one side of a pattern: words, `a/b`, `{a b}`, `(prep ...)`, `&synset`, and the
    /// markers `+` (target), `$` (source), `%`, `^` (ignored when matching).
    fn parse_side(&self, side: &str) -> Result<(Vec<Elem>, Option<Box<str>>), String> {
        let mut elems = Vec::new();
        let mut target_prep = None;
        let mut phrase: Option<Vec<Atom>> = None;
        let mut group_first: Option<Box<str>> = None;
        let mut in_group = false;
        let mut group_id: u16 = 0;
        let spaced = side.replace('(', " ( ").replace(')', " ) ").replace('{', " { ").replace('}', " } ");
        for item in spaced.split_whitespace() {
            match item {
                "(" => {
                    in_group = true;
                    group_first = None;
                }
                ")" => {
                    in_group = false;
                    group_id += 1;
                }
                "{" => phrase = Some(Vec::new()),
                "}" => {
                    if let Some(atoms) = phrase.take().filter(|a| !a.is_empty()) {
                        elems.push(Elem { atoms, group: in_group.then_some(group_id) });
                    }
                }
                "+" => {
                    if in_group {
                        target_prep = group_first.clone();
                    }
                }
                "$" | "%" | "^" => {}
                word => {
                    let atoms: Vec<Atom> = if let Some(name) = word.strip_prefix('&') {
                        let id = self.synset_ids.get(name).ok_or_else(|| format!("unknown synset `&{name}`"))?;
                        vec![Atom::Synset(*id)]
                    } else if word.contains('-') && !word.contains('/') && word.len() > 2 {
                        // "sit-in" is `sit - in` in the parse, and the hyphen is punctuation the
                        // clause window leaves out: its parts are consecutive words.
                        word.split('-').filter(|w| !w.is_empty()).map(|w| Atom::Word(vec![Box::from(w)])).collect()
                    } else {
                        vec![Atom::Word(word.split('/').filter(|w| !w.is_empty()).map(Box::from).collect())]
                    };
                    if in_group && group_first.is_none() {
                        if let Some(Atom::Word(w)) = atoms.first() {
                            group_first = w.first().cloned();
                        }
                    }
                    match &mut phrase {
                        Some(list) => list.extend(atoms),
                        None => elems.push(Elem { atoms, group: in_group.then_some(group_id) }),
                    }
                }
            }
        }
        Ok((elems, target_prep))
    }

    fn load_nouns(&mut self, file: &str, text: &str) -> Result<(), RuleFileError> {
        for (line, cols) in rows(text, 4) {
            let bad = |problem: String| RuleFileError::BadRow { file: file.into(), line, problem };
            let [id, noun, code, _note] = cols.as_slice() else {
                return Err(bad("expected `id<TAB>noun<TAB>code<TAB>note`".into()));
            };
            let code = parse_code(code).map_err(&bad)?;
            if code.is_none() {
                return Err(bad("a noun rule needs a code".into()));
            }
            let mut words = noun.split_whitespace();
            let Some(lemma) = words.next() else { return Err(bad("empty noun".into())) };
            // A multi-word noun ("air strike") is keyed by its last word, the head.
            let all: Vec<Box<str>> = noun.split_whitespace().map(Box::from).collect();
            let head = all.last().cloned().unwrap_or_else(|| Box::from(lemma));
            let before: Vec<Elem> = all[..all.len() - 1]
                .iter()
                .map(|w| Elem { atoms: vec![Atom::Word(vec![w.clone()])], group: None })
                .collect();
            let index = self.rules.len() as u32;
            self.rules.push(Rule {
                id: id.to_string(),
                kind: TriggerKind::Noun,
                code,
                reverse: None,
                specificity: all.len() as u16,
                before,
                after: Vec::new(),
                target_prep: None,
                verb_only: Vec::new(),
            });
            self.nouns.entry(head).or_default().push(index);
        }
        Ok(())
    }

    fn load_plover(&mut self, file: &str, text: &str) -> Result<(), RuleFileError> {
        let mut by_prefix: Vec<(String, PloverMapping)> = Vec::new();
        for (line, cols) in rows(text, 4) {
            let bad = |problem: String| RuleFileError::BadRow { file: file.into(), line, problem };
            let [prefix, event, mode, contexts] = cols.as_slice() else {
                return Err(bad("expected `cameo<TAB>plover<TAB>mode<TAB>contexts`".into()));
            };
            if prefix.len() < 2 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(format!("bad CAMEO code prefix `{prefix}`")));
            }
            let event = match *event {
                "-" => None,
                e => Some(e.parse::<PloverEvent>().map_err(|e| bad(e.to_string()))?),
            };
            let mode = (*mode != "-").then(|| mode.to_string());
            let contexts = contexts.split(',').map(str::trim).filter(|c| !c.is_empty() && *c != "-").map(String::from);
            by_prefix.push((prefix.to_string(), PloverMapping { event, mode, contexts: contexts.collect() }));
        }
        for info in CameoCode::all() {
            let code = info.code.as_str();
            let best = by_prefix.iter().filter(|(p, _)| code.starts_with(p.as_str())).max_by_key(|(p, _)| p.len());
            if let Some((_, m)) = best {
                self.plover.insert(info.code, m.clone());
            }
        }
        Ok(())
    }

    fn load_examples(&mut self, file: &str, text: &str) -> Result<(), RuleFileError> {
        for (line, cols) in rows(text, 3) {
            let bad = |problem: String| RuleFileError::BadRow { file: file.into(), line, problem };
            let [rule, sentence, expect] = cols.as_slice() else {
                return Err(bad("expected `rule<TAB>sentence<TAB>expect`".into()));
            };
            let frame_rule = rule
                .strip_prefix(&format!("{RULESET}/frame/"))
                .and_then(|r| r.split('/').next())
                .is_some_and(|f| Frame::parse(f).is_some());
            if !frame_rule && !self.rules.iter().any(|r| r.id == *rule) {
                return Err(bad(format!("example for unknown rule `{rule}`")));
            }
            self.examples.push(RuleExample {
                rule: rule.to_string(),
                sentence: sentence.to_string(),
                expect: expect.to_string(),
            });
        }
        Ok(())
    }
}

/// The data rows of a TSV file (comments `#` and the header skipped), with 1-based line numbers.
fn rows(text: &str, width: usize) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty()).skip(1).map(move |(i, l)| {
        let mut cols: Vec<&str> = l.split('\t').map(str::trim).collect();
        // Trailing empty columns may be left out.
        while cols.len() < width {
            cols.push("");
        }
        (i + 1, cols)
    })
}

/// One row of `verbs.tsv` / `local-verbs.tsv`, read.
struct VerbRow<'a> {
    block: &'a str,
    verb: &'a str,
    code: Option<CameoCode>,
    reverse: Option<CameoCode>,
    forms: &'a str,
    /// The verb's first word (the key it is looked up by) and the words that must follow it.
    lemma: &'a str,
    with: Vec<Box<str>>,
}

fn verb_row<'a>(cols: &[&'a str]) -> Result<VerbRow<'a>, String> {
    let [block, verb, code, reverse, forms] = cols else {
        return Err("expected `block<TAB>verb<TAB>code<TAB>reverse<TAB>forms`".into());
    };
    let mut words = verb.split_whitespace();
    let lemma = words.next().ok_or("empty verb")?;
    Ok(VerbRow {
        block,
        verb,
        code: parse_code(code)?,
        reverse: parse_code(reverse)?,
        forms,
        lemma,
        with: words.map(Box::from).collect(),
    })
}

fn parse_code(s: &str) -> Result<Option<CameoCode>, String> {
    match s {
        "" | "-" => Ok(None),
        c => c.parse::<CameoCode>().map(Some).map_err(|e| e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load_and_index_by_lemma() {
        let rules = Rules::builtin().unwrap();
        assert!(rules.rules.len() > 6000, "{}", rules.rules.len());
        let visit = &rules.verbs["visit"];
        let r = rules.rule(visit[0].rule);
        assert_eq!(r.code.map(|c| c.to_string()).as_deref(), Some("042"));
        assert_eq!(r.reverse.map(|c| c.to_string()).as_deref(), Some("043"));
        // Irregular forms are keys too.
        assert!(rules.verbs.contains_key("met"));
        assert_eq!(rules.plover("195".parse().unwrap()).event, Some(PloverEvent::Assault));
        assert_eq!(rules.plover("042".parse().unwrap()).mode.as_deref(), Some("visit"));
        assert_eq!(rules.plover("010".parse().unwrap()).event, None);
        let meet: CameoCode = "040".parse().unwrap();
        assert_eq!(rules.compose(Frame::Intent, meet).map(|(c, _)| c.to_string()).as_deref(), Some("036"));
        let airstrike: CameoCode = "195".parse().unwrap();
        assert_eq!(rules.compose(Frame::Threaten, airstrike).map(|(c, _)| c.to_string()).as_deref(), Some("138"));
    }

    #[test]
    fn local_rows_override_the_converted_ones() {
        let rules = Rules::builtin().unwrap();
        let rule_of = |verb: &str, block: &str| {
            let b = rules.blocks.iter().position(|x| x == block).unwrap() as u32;
            let e = rules.verbs[verb].iter().find(|e| e.block == b).unwrap();
            rules.rule(e.rule)
        };
        // A verb of the dictionary gets the local code and id; a generic one codes nothing alone.
        let sue = rule_of("sue", "SUE");
        assert_eq!((sue.id.as_str(), sue.code.map(|c| c.to_string())), ("cameo.v1/local/115/sue", Some("115".into())));
        assert_eq!(rule_of("give", "GRANT").code, None);
        // A local pattern replaces the converted one with the same words.
        let lift = rules.blocks.iter().position(|x| x == "LIFT").unwrap();
        let ids: Vec<&str> = rules.block_patterns[lift].iter().map(|&p| rules.rule(p).id.as_str()).collect();
        assert!(ids.contains(&"cameo.v1/local/085/lift-sanction") && !ids.contains(&"cameo.v1/0351/1"), "{ids:?}");
        // `only` notes and subject-only converted patterns keep to their verbs.
        let prevent = rules.rules.iter().find(|r| r.id == "cameo.v1/local/170/prevent-demonstration").unwrap();
        assert!(
            prevent.verb_only.iter().any(|v| &**v == "prevent") && !prevent.verb_only.iter().any(|v| &**v == "delay")
        );
        let take = rules.rules.iter().find(|r| r.id == "cameo.v1/192/23").unwrap();
        assert_eq!(take.verb_only, vec![Box::<str>::from("take")]);
    }

    #[test]
    fn pattern_sides_parse_into_elements() {
        let mut rules = Rules::default();
        rules.load_synsets("s", "synset\tmembers\nweapon\tgun | air force\n").unwrap();
        let (elems, prep) = rules.parse_side("{arms shipment} (with +) &weapon a/b").unwrap();
        // `+` marks the target and is no element: {arms shipment}, (with), &weapon, a/b.
        assert_eq!(elems.len(), 4);
        assert_eq!(elems[0].atoms.len(), 2);
        assert_eq!((elems[0].group, elems[1].group, elems[2].group), (None, Some(0), None));
        assert_eq!(prep.as_deref(), Some("with"));
        assert_eq!(elems[2].atoms, vec![Atom::Synset(0)]);
        assert_eq!(elems[3].atoms, vec![Atom::Word(vec!["a".into(), "b".into()])]);
        let (sit_in, _) = rules.parse_side("sit-in").unwrap();
        assert_eq!(sit_in[0].atoms.len(), 2, "a hyphenated word is its parts, consecutive");
        assert!(rules.parse_side("&nothing").is_err());
    }

    #[test]
    fn bad_rows_name_the_file_and_line() {
        let mut rules = Rules::default();
        let err = rules.load_verbs("verbs.tsv", "block\tverb\tcode\treverse\tforms\nX\tgo\t999\t-\t\n").unwrap_err();
        assert_eq!(err.to_string(), "verbs.tsv:2: unknown CAMEO event code `999`");
    }
}
