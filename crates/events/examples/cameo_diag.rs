//! Diagnostic: the CAMEO manual examples scored as `eval_all` does, but with every noun and
//! pronoun the actor KB leaves unresolved standing for an actor (`XXX`), to count the examples
//! that fail only because their actors are unresolved (an event needs a resolved actor).
//!
//! ```text
//! ATTACHE_SHARED=../shared cargo run --release -p attache-events --example cameo_diag
//! ```

use std::path::PathBuf;

use attache_calendar::Day;
use attache_doc::{Doc, Upos};
use attache_events::eval::{self, EvalContext};
use attache_events::{ActorMention, ActorResolver, Actors, Rules};
use attache_nlp::{model::default_model_path, ModelDir, Nlp};

struct Everyone<'a>(&'a attache_actors::Kb);

impl ActorResolver for Everyone<'_> {
    fn actors_of(&self, doc: &Doc, date: Option<Day>) -> Actors {
        let mut a = self.0.actors_of(doc, date);
        for t in doc.tokens() {
            if matches!(t.pos(), Upos::Noun | Upos::Propn | Upos::Pron) {
                let id = t.id();
                if a.mentions.iter().any(|m| m.tokens.contains(&id)) {
                    continue;
                }
                a.mentions.push(ActorMention {
                    tokens: id..id + 1,
                    span: t.span(),
                    text: t.text().to_string(),
                    country: None,
                    sector: None,
                    cameo_code: Some("XXX".into()),
                    actor_id: None,
                    place: false,
                });
            }
        }
        a
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let shared = std::env::var_os("ATTACHE_SHARED").map(PathBuf::from).unwrap_or_default();
    let nlp = Nlp::load(&ModelDir::open(&default_model_path())?)?;
    let rules = Rules::builtin()?;
    let kb = attache_actors::Kb::load()?;
    let everyone = Everyone(&kb);
    let parse = |text: &str| nlp.process(text).unwrap_or_else(|e| panic!("parse: {e}"));
    let cx =
        EvalContext { rules: &rules, actors: &everyone, parse: &parse, trace: std::env::var_os("TRACE").is_some() };
    for report in eval::all(&shared, &cx)? {
        if report.name.contains("CAMEO") {
            println!("{}", report.text);
        }
    }
    Ok(())
}
