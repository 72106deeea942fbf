//! Every stage snapshotted over one corpus: the four seed SOPs and the examples.
//! A change in behaviour shows up as a reviewable snapshot diff.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

#[test]
fn corpus_ast_snapshots() {
    for (name, source) in common::corpus() {
        let (ast, diagnostics) = sop::syntax::parse(&source);
        assert!(diagnostics.is_empty(), "{name}: syntax diagnostics {diagnostics:?}");
        insta::assert_snapshot!(format!("ast_{name}"), format!("{ast:#?}"));
    }
}

#[test]
fn corpus_model_snapshots() {
    for (name, source) in common::corpus() {
        let checked = common::check(&source);
        let Some(model) = checked.model else { panic!("{name}: no model") };
        let json = serde_json::to_string_pretty(&model.to_json()).unwrap_or_default();
        insta::assert_snapshot!(format!("model_{name}"), json);
    }
}

#[test]
fn corpus_diagnostic_snapshots() {
    for (name, source) in common::corpus() {
        insta::assert_snapshot!(format!("diagnostics_{name}"), common::rendered(&name, &source));
    }
}

#[test]
fn corpus_files_have_no_errors() {
    for (name, source) in common::corpus() {
        let checked = common::check(&source);
        let errors: Vec<_> = checked.diagnostics.iter().filter(|d| d.is_error()).map(|d| &d.message).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

#[test]
fn corpus_files_are_formatted_canonically() {
    for (name, source) in common::corpus() {
        let formatted = sop::syntax::format(&source).unwrap_or_default();
        assert_eq!(formatted, source, "{name} is not formatted; run `sop fmt {name}`");
    }
}

#[test]
fn examples_are_clean_of_warnings_too() {
    for (name, source) in common::corpus().into_iter().filter(|(n, _)| n.starts_with("examples/")) {
        let codes = common::codes(&source);
        assert!(codes.is_empty(), "{name}: {codes:?}");
    }
}
