//! Codes the sentences given on the command line (or one per line on standard input) and prints
//! every coded mention: code, PLOVER type, modality, source → target, rule (`SHOW_PARSE=1`: the parse too).
//!
//! ```text
//! cargo run --release -p attache-events --example code_text -- "Rebels attacked the convoy."
//! ```

use std::io::Read as _;

use attache_events::{code_mentions, ActorResolver, DocMeta, NoActors, Rules};
use attache_nlp::{model::default_model_path, ModelDir, Nlp};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut texts: Vec<String> = std::env::args().skip(1).collect();
    if texts.is_empty() {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        texts = s.lines().filter(|l| !l.trim().is_empty()).map(String::from).collect();
    }
    let nlp = Nlp::load(&ModelDir::open(&default_model_path())?)?;
    let rules = Rules::builtin()?;
    let kb = attache_actors::Kb::load()?;
    for text in texts {
        let doc = nlp.process(&text)?;
        let actors =
            if std::env::var_os("NO_KB").is_some() { NoActors.actors_of(&doc, None) } else { kb.actors_of(&doc, None) };
        if std::env::var_os("SHOW_ACTORS").is_some() {
            for m in &actors.mentions {
                println!("  actor {:?} {:?} {:?} {:?}", m.text, m.tokens, m.country, m.cameo_code);
            }
        }
        if std::env::var_os("SHOW_PARSE").is_some() {
            for t in doc.tokens() {
                println!(
                    "  tok {} {} {} {:?} {} {} <- {}",
                    t.id(),
                    t.text(),
                    t.lemma(),
                    t.pos(),
                    t.tag(),
                    t.dep(),
                    t.head().id()
                );
            }
        }
        let time = attache_time::TimeLayer::default();
        println!("{text}");
        for c in code_mentions(&doc, &time, &actors, &rules, &DocMeta::plain("cli", "0", None)) {
            let names = |l: &[attache_record::ActorRef]| {
                l.iter()
                    .map(|a| format!("{}={}", a.text, a.cameo_code.as_deref().unwrap_or("?")))
                    .collect::<Vec<_>>()
                    .join(" + ")
            };
            println!(
                "  {} {:<9} {:<12} [{}] -> [{}]  at={:?} {}  trigger={:?}",
                c.cameo.code,
                c.plover.map(|p| p.as_str()).unwrap_or("-"),
                c.modality.as_str(),
                names(&c.actors),
                names(&c.recipients),
                c.location.as_ref().map(|p| p.text.clone()),
                c.rule_id,
                c.evidence.trigger_span.of(&text),
            );
        }
    }
    Ok(())
}
