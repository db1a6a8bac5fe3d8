//! The figures of issue 6 on the public gold sets (read at test time from `../shared`, never
//! copied): each test prints its tables and the target, then asserts a regression floor
//! a little below what the coder reaches today. Sentences are parsed by attache and actors
//! resolved by the built-in KB (never from the gold codes).
//!
//! Where issue 6's target is met the test asserts the target; where it is not yet met (see the
//! issue notes) it asserts a floor a little below today's figure, so the coder cannot get worse
//! while it is improved. Raise the floors with every improvement; the targets are:
//!
//! - PLOVER GSR: event-type accuracy >= 0.80; type + source country + target country F1 >= 0.70.
//! - PETRARCH-2 GSR: CAMEO root + source country + target country F1 >= 0.75.
//! - CAMEO manual examples: root accuracy >= 0.80.
//! - PETRARCH unit tests: reported (no threshold; their verb codes follow the test dictionary).

mod support;

use attache_events::eval::{self, EvalContext, SetReport};

fn with_context<T>(f: impl FnOnce(&EvalContext<'_>) -> T) -> T {
    let nlp = support::nlp();
    let kb = support::kb();
    let rules = support::rules();
    let parse = |text: &str| support::parse(&nlp, text);
    let cx = EvalContext { rules: &rules, actors: &kb, parse: &parse, trace: false };
    f(&cx)
}

fn show(r: &SetReport) {
    println!("{}", r.text);
}

#[test]
fn plover_gsr() {
    let anchors = support::shared_dir().join("anchors");
    let r = with_context(|cx| eval::plover_gsr(&anchors.join("plover-gsr"), cx)).unwrap_or_else(|e| panic!("{e}"));
    show(&r);
    assert_eq!(r.sentences, 322);
    let acc = r.figure("type_accuracy");
    let f1 = r.figure("type_source_target_f1");
    println!("PLOVER GSR: type accuracy {acc:.3} (issue target 0.80), type+countries F1 {f1:.3} (target 0.70)");
    // Type accuracy: the target. F1: a floor (0.624 measured when it was set).
    assert!(acc >= 0.80, "PLOVER GSR type accuracy {acc:.3} < 0.80");
    assert!(f1 >= 0.61, "PLOVER GSR regressed: type+countries F1 {f1:.3}");
}

#[test]
fn petr2_gsr() {
    let anchors = support::shared_dir().join("anchors");
    let r = with_context(|cx| eval::petr2_gsr(&anchors.join("petr2-gsr-ud"), cx)).unwrap_or_else(|e| panic!("{e}"));
    show(&r);
    let f1 = r.figure("root_source_target_f1");
    println!("PETRARCH-2 GSR: root+countries F1 {f1:.3} (issue target 0.75)");
    // Measured 0.555 when this floor was set.
    assert!(f1 >= 0.54, "PETRARCH-2 GSR regressed: root+countries F1 {f1:.3}");
}

#[test]
fn cameo_manual_examples() {
    let path = support::shared_dir().join("anchors/cameo/cameo-codes.icews.utf8.csv");
    let r = with_context(|cx| eval::cameo_examples(&path, cx)).unwrap_or_else(|e| panic!("{e}"));
    show(&r);
    assert!(r.sentences >= 250, "expected the manual's 277 examples, read {}", r.sentences);
    let acc = r.figure("root_accuracy");
    println!("CAMEO examples: root accuracy {acc:.3} (issue target 0.80)");
    assert!(acc >= 0.80, "CAMEO examples root accuracy {acc:.3} < 0.80");
}

#[test]
fn petrarch_unit_tests_are_scored() {
    let dir = support::shared_dir().join("anchors/petrarch-validation");
    let r = with_context(|cx| eval::petrarch_unit_tests(&dir, cx)).unwrap_or_else(|e| panic!("{e}"));
    show(&r);
    assert!(r.sentences >= 280, "expected 284 unit-test records, read {}", r.sentences);
    assert!(r.figure("root_source_target_f1").is_finite());
}
