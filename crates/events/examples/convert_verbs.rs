//! Converts the Phoenix/PETRARCH-2 verb dictionary (`CAMEO.2.0.txt`, MIT) into attache's rule
//! files: `synsets.tsv`, `verbs.tsv` and `patterns.tsv` under `data/rules/cameo.v1/`.
//!
//! ```text
//! cargo run -p attache-events --example convert_verbs -- ../shared/anchors/phoenix-dictionaries/CAMEO.2.0.txt data/rules/cameo.v1
//! ```
//!
//! What is kept: the facts (which verb lemmas, with which words around them, mean which CAMEO
//! code). What changes: words are lowercased; TABARI stemming and plural generation are dropped
//! (the coder compares lemmas and forms); `RE_X` verbs become `x`; patterns whose code is not in
//! `data/codes/cameo.tsv` are reported and left out; a pattern repeated in a block keeps its first
//! code, and a repeat with another code, written for another verb of the block ("call off talks"
//! 160, "halt talks" 164), is kept for that verb only (note `only <verb>`). The format of the output is described in `data/rules/README.md`; how the coder reads it
//! is in `crates/events/src/rules.rs`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use attache_codes::CameoCode;

struct Block {
    label: String,
    code: Option<String>,
    verbs: Vec<(String, Option<String>, Vec<String>)>,
    patterns: Vec<(String, String, String, String, String)>, // before, after, code, reverse, note
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let input = PathBuf::from(args.next().ok_or("usage: convert_verbs CAMEO.2.0.txt OUT_DIR")?);
    let out_dir = PathBuf::from(args.next().ok_or("usage: convert_verbs CAMEO.2.0.txt OUT_DIR")?);
    let text = std::fs::read_to_string(&input).map_err(|e| format!("{}: {e}", input.display()))?;

    let mut synsets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut blocks: Vec<Block> = Vec::new();
    let mut section = 0; // 0 header, 1 synsets, 2 verbs, 3 transformations
    let mut current_syn: Option<String> = None;
    let mut problems = Vec::new();
    for (lineno, raw) in text.lines().enumerate() {
        let lineno = lineno + 1;
        if raw.starts_with("####### SYNONYM SETS") {
            section = 1;
            continue;
        }
        if raw.starts_with("####### VERB PATTERNS") {
            section = 2;
            continue;
        }
        if raw.starts_with("######## TRANSFORMATIONS") {
            section = 3;
            continue;
        }
        let line = match raw.find('#') {
            Some(i) => &raw[..i],
            None => raw,
        }
        .trim();
        if line.is_empty() || section == 0 || section == 3 {
            continue;
        }
        if section == 1 {
            if let Some(name) = line.strip_prefix('&') {
                let name = name.trim().trim_end_matches('_').to_lowercase();
                synsets.entry(name.clone()).or_default();
                current_syn = Some(name);
            } else if let (Some(member), Some(name)) = (line.strip_prefix('+'), &current_syn) {
                let phrase = words(member);
                if !phrase.is_empty() {
                    synsets.entry(name.clone()).or_default().push(phrase);
                }
            }
            continue;
        }
        if line.starts_with("---") {
            let inner = line.trim_matches('-').trim();
            let (label, code) = split_code(inner);
            blocks.push(Block {
                label: label.trim().to_string(),
                code: code.filter(|c| c != "---"),
                verbs: Vec::new(),
                patterns: Vec::new(),
            });
            continue;
        }
        // The synset definitions of the verb section (a few are defined late) also count.
        if let Some(name) = line.strip_prefix('&') {
            let name = name.trim().trim_end_matches('_').to_lowercase();
            synsets.entry(name.clone()).or_default();
            current_syn = Some(name);
            continue;
        }
        let Some(block) = blocks.last_mut() else { continue };
        if let Some(pattern) = line.strip_prefix('-') {
            let (body, code) = split_code(pattern);
            let Some(code) = code else {
                problems.push(format!("line {lineno}: pattern without a code: {line}"));
                continue;
            };
            let (fwd, rev) = match code.split_once(':') {
                Some((a, b)) => (a.trim().to_string(), b.trim().to_string()),
                None => (code.trim().to_string(), String::new()),
            };
            let body = body.replace("**", "*");
            let Some((before, after)) = body.split_once('*') else {
                problems.push(format!("line {lineno}: pattern without `*`: {line}"));
                continue;
            };
            let note = raw.split_once('#').map(|(_, c)| c.trim().to_lowercase()).unwrap_or_default();
            block.patterns.push((pattern_text(before), pattern_text(after), fwd, rev, note));
            continue;
        }
        // A verb line: `WORD {FORMS} [code]` or `+WORD_WORD {+FORMS} [code]`.
        let (body, code) = split_code(line);
        let (head, forms) = match (body.find('{'), body.find('}')) {
            (Some(a), Some(b)) if a < b => (&body[..a], words(&body[a + 1..b].replace('+', " "))),
            _ => (body, String::new()),
        };
        let mut verb = words(head.trim_start_matches('+'));
        if let Some(rest) = verb.strip_prefix("re ") {
            verb = rest.to_string();
        }
        if verb.is_empty() {
            continue;
        }
        let forms: Vec<String> = forms.split(' ').filter(|f| !f.is_empty()).map(str::to_string).collect();
        block.verbs.push((verb, code, forms));
    }

    // Validate codes and synset references; number the rules.
    let valid = |code: &str| code.parse::<CameoCode>().is_ok();
    let mut verbs_out = String::from(
        "# CAMEO verb triggers (cameo.v1), converted from the Phoenix/PETRARCH-2 verb dictionary CAMEO.2.0.txt (MIT).\n\
         # block: the dictionary's verb block (its patterns are in patterns.tsv); verb: lemma, then any words that must\n\
         # follow it (\"ask for\"); code: the CAMEO code of the verb alone, `-` when the verb alone is no event;\n\
         # reverse: code of the event in the other direction (target acts on source); forms: irregular forms.\n\
         # Format: data/rules/README.md.\n\
         block\tverb\tcode\treverse\tforms\n",
    );
    let mut patterns_out = String::from(
        "# CAMEO verb patterns (cameo.v1), converted from the Phoenix/PETRARCH-2 verb dictionary CAMEO.2.0.txt (MIT).\n\
         # id: rule id; block: verb block (verbs.tsv); code: CAMEO code of the event, `-` when the pattern says\n\
         # \"no event\"; reverse: code of the event in the other direction (target acts on source), `-` when none;\n\
         # before / after: words before / after the verb, in order (syntax in data/rules/README.md); note: verb the\n\
         # pattern was written for.\n\
         id\tblock\tcode\treverse\tbefore\tafter\tnote\n",
    );
    let mut counters: BTreeMap<String, usize> = BTreeMap::new();
    let mut dropped_codes = 0;
    let mut duplicates = 0;
    let mut verb_specific = 0;
    let mut n_patterns = 0;
    let mut n_verbs = 0;
    for block in &blocks {
        let (block_code, block_reverse) = split_pair(block.code.as_deref());
        for c in [&block_code, &block_reverse].into_iter().flatten() {
            if !valid(c) {
                problems.push(format!("block {}: unknown code {c}; block code dropped", block.label));
            }
        }
        let block_code = block_code.filter(|c| valid(c));
        let block_reverse = block_reverse.filter(|c| valid(c));
        let mut seen_verbs = HashSet::new();
        for (verb, code, forms) in &block.verbs {
            if !seen_verbs.insert(verb.clone()) {
                continue;
            }
            let (code, reverse) = match code.as_deref() {
                None => (block_code.clone(), block_reverse.clone()),
                Some(c) => {
                    let (fwd, rev) = split_pair(Some(c));
                    if fwd.iter().chain(&rev).any(|c| !valid(c)) {
                        problems.push(format!("verb {verb}: unknown code {c}; block code used"));
                        (block_code.clone(), block_reverse.clone())
                    } else {
                        (fwd, rev)
                    }
                }
            };
            n_verbs += 1;
            let _ = writeln!(
                verbs_out,
                "{}\t{}\t{}\t{}\t{}",
                block.label,
                verb,
                code.as_deref().unwrap_or("-"),
                reverse.as_deref().unwrap_or("-"),
                forms.join(" ")
            );
        }
        // The first code of each pattern; a repeat with another code was written for another verb
        // of the block ("call off talks" 160, "halt talks" 164) and is kept for that verb only.
        let mut first: HashMap<(String, String), (String, String)> = HashMap::new();
        let mut seen = HashSet::new();
        for (before, after, fwd, rev, note) in &block.patterns {
            let key = (before.clone(), after.clone());
            let mut note = note.clone();
            match first.get(&key) {
                None => {
                    first.insert(key.clone(), (fwd.clone(), rev.clone()));
                }
                Some(codes) if *codes == (fwd.clone(), rev.clone()) => {
                    duplicates += 1;
                    continue;
                }
                Some(_) => match verb_of_note(&block.verbs, &note) {
                    Some(verb) if seen.insert((key.clone(), verb.clone())) => {
                        verb_specific += 1;
                        note = format!("only {verb}");
                    }
                    _ => {
                        duplicates += 1;
                        continue;
                    }
                },
            }
            let undefined: Vec<&str> = before
                .split(' ')
                .chain(after.split(' '))
                .filter_map(|w| w.trim_matches(|c| "(){}".contains(c)).strip_prefix('&'))
                .filter(|s| !synsets.contains_key(*s))
                .collect();
            if !undefined.is_empty() {
                problems
                    .push(format!("block {}: pattern `{before} * {after}` uses undefined {undefined:?}", block.label));
                continue;
            }
            let fwd = if fwd == "---" { String::new() } else { fwd.clone() };
            let rev = if rev == "---" { String::new() } else { rev.clone() };
            if (!fwd.is_empty() && !valid(&fwd)) || (!rev.is_empty() && !valid(&rev)) {
                dropped_codes += 1;
                problems.push(format!("block {}: pattern `{before} * {after}`: unknown code {fwd}:{rev}", block.label));
                continue;
            }
            let key = if !fwd.is_empty() {
                fwd.clone()
            } else if !rev.is_empty() {
                rev.clone()
            } else {
                "null".to_string()
            };
            // Numbered per code in file order; the rows kept for one verb are numbered apart
            // (`<code>/only-<verb>-<n>`), so the other ids stay those of the plain conversion.
            let id = match note.strip_prefix("only ") {
                Some(verb) => {
                    let n = counters.entry(format!("{key}/only-{verb}")).or_default();
                    *n += 1;
                    format!("{key}/only-{verb}-{n}")
                }
                None => {
                    let n = counters.entry(key.clone()).or_default();
                    *n += 1;
                    format!("{key}/{n}")
                }
            };
            n_patterns += 1;
            let dash = |s: &str| if s.is_empty() { "-".to_string() } else { s.to_string() };
            let _ = writeln!(
                patterns_out,
                "cameo.v1/{id}\t{}\t{}\t{}\t{}\t{}\t{}",
                block.label,
                dash(&fwd),
                dash(&rev),
                before,
                after,
                note
            );
        }
    }
    let mut synsets_out = String::from(
        "# Word sets used in patterns as `&name` (cameo.v1), converted from the Phoenix/PETRARCH-2 verb dictionary\n\
         # CAMEO.2.0.txt (MIT). members: phrases separated by ` | `; a word matches a token's form or lemma.\n\
         synset\tmembers\n",
    );
    for (name, members) in &synsets {
        let _ = writeln!(synsets_out, "{name}\t{}", members.join(" | "));
    }
    std::fs::create_dir_all(&out_dir)?;
    std::fs::write(out_dir.join("verbs.tsv"), verbs_out)?;
    std::fs::write(out_dir.join("patterns.tsv"), patterns_out)?;
    std::fs::write(out_dir.join("synsets.tsv"), synsets_out)?;
    for p in &problems {
        eprintln!("note: {p}");
    }
    eprintln!(
        "{} blocks, {n_verbs} verbs, {n_patterns} patterns ({verb_specific} repeats with another code kept for \
         their verb only), {} synsets; {duplicates} repeated patterns and {dropped_codes} with unknown codes left out",
        blocks.len(),
        synsets.len()
    );
    Ok(())
}

/// The lemma (first word) of the block verb a pattern's note names ("called_off" → call), when
/// the note's first word is one of the block's verbs or their irregular forms.
fn verb_of_note(verbs: &[(String, Option<String>, Vec<String>)], note: &str) -> Option<String> {
    let word = note.split(['_', ' ', ',']).next().filter(|w| !w.is_empty())?;
    verbs.iter().find_map(|(verb, _, forms)| {
        let lemma = verb.split(' ').next()?;
        (lemma == word || forms.iter().any(|f| f == word)).then(|| lemma.to_string())
    })
}

/// `a:b` → (`a`, `b`), each `None` when empty or `---`.
fn split_pair(code: Option<&str>) -> (Option<String>, Option<String>) {
    let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty() && s != "---");
    match code {
        None => (None, None),
        Some(c) => match c.split_once(':') {
            Some((a, b)) => (some(a), some(b)),
            None => (some(c), None),
        },
    }
}

/// `text [code]` → (`text`, `code`).
fn split_code(s: &str) -> (&str, Option<String>) {
    match (s.rfind('['), s.rfind(']')) {
        (Some(a), Some(b)) if a < b => (&s[..a], Some(s[a + 1..b].trim().to_string())),
        _ => (s, None),
    }
}

/// Lowercase words joined by single spaces; `_` separates words.
fn words(s: &str) -> String {
    s.replace('_', " ").split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

/// A pattern side, lowercased, with brackets spaced so each element is one space-separated item.
fn pattern_text(s: &str) -> String {
    let spaced = s.replace('(', " ( ").replace(')', " ) ").replace('{', " { ").replace('}', " } ");
    let items: Vec<String> = spaced.split_whitespace().map(|w| w.replace('_', " ").to_lowercase()).collect();
    // Re-join so brackets hug their contents: `( to border )` → `(to border)`.
    let mut out = String::new();
    for item in items {
        let glue = out.is_empty() || out.ends_with('(') || out.ends_with('{') || item == ")" || item == "}";
        if !glue {
            out.push(' ');
        }
        out.push_str(&item);
    }
    out
}
