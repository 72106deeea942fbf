//! Broken input of any kind gives located diagnostics, never a panic or a hang; `fmt` is
//! idempotent and keeps the meaning.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use proptest::prelude::*;

/// Checks `source` and returns whether it produced at least one error.
fn errors_without_panic(source: &str) -> bool {
    let checked = common::check(source);
    for d in &checked.diagnostics {
        assert!(d.span.end <= source.len(), "span {:?} past the end ({} bytes)", d.span, source.len());
    }
    checked.has_errors()
}

#[test]
fn an_empty_file_is_an_error_not_a_panic() {
    assert!(errors_without_panic(""));
}

#[test]
fn binary_garbage_is_reported_as_not_utf8() {
    let (_, checked) = sop::pipeline::check_bytes(&[0, 159, 146, 150, 255, b'\n'], &common::profile());
    assert_eq!(checked.diagnostics.first().map(|d| d.rule.code), Some("S101"));
}

#[test]
fn deep_nesting_is_refused_without_exhausting_the_stack() {
    let source = format!("sop \"X\"\nidentity {}\n", "{".repeat(100_000));
    let checked = common::check(&source);
    assert!(checked.diagnostics.iter().any(|d| d.message.contains("nested")));
}

#[test]
fn every_truncation_of_every_corpus_file_is_handled() {
    for (name, source) in common::corpus() {
        let cuts: Vec<usize> = (0..source.len()).step_by(7).filter(|&i| source.is_char_boundary(i)).collect();
        for cut in cuts {
            let checked = common::check(&source[..cut]);
            assert!(checked.diagnostics.iter().all(|d| d.span.end <= cut), "{name} cut at {cut}");
        }
    }
}

#[test]
fn a_ten_megabyte_file_of_nonsense_lines_finishes_with_errors() {
    let source = "x y z\n".repeat(10 * 1024 * 1024 / 6);
    assert!(errors_without_panic(&source));
}

#[test]
fn a_ten_megabyte_text_without_newlines_finishes_with_errors() {
    let source = format!("sop \"{}", "a".repeat(10 * 1024 * 1024));
    assert!(errors_without_panic(&source));
}

#[test]
fn many_syntax_errors_are_all_reported_in_one_run() {
    let source = "sop \"X\"\nactor a \"A\"\n@ one\nstep s 1 \"S\" {\n  by a\n  % two\n}\n$ three\n";
    let checked = common::check(source);
    let syntax: Vec<_> = checked.diagnostics.iter().filter(|d| d.rule.code == "S101").collect();
    assert_eq!(syntax.len(), 3, "{:#?}", checked.diagnostics);
}

#[test]
fn past_the_limit_of_syntax_errors_the_last_word_says_where_reading_stopped() {
    let source: String = (1..=30).map(|i| format!("@ line {i}\n")).collect();
    let checked = common::check(&source);
    let last = checked.diagnostics.last().unwrap_or_else(|| panic!("no diagnostics"));
    assert!(last.message.starts_with("too many syntax errors"), "{:#?}", checked.diagnostics);
    let stopped_at = source.lines().take(19).map(|l| l.len() + 1).sum::<usize>();
    assert_eq!(last.span.start, stopped_at, "reading stops at the 20th error, line 20");
}

#[test]
fn an_unclosed_block_does_not_hide_the_other_problems() {
    let source = "sop \"X\"\nactor a \"A\"\nstpe s 1 \"S\" {\n  by a\n}\nstep t 2 \"T\" {\n  by b\n";
    let codes = common::codes(source);
    assert!(codes.contains(&"S101") && codes.contains(&"S102") && codes.contains(&"R201"), "{codes:?}");
}

#[test]
fn a_stray_closing_brace_does_not_hide_the_other_problems() {
    let source = "sop \"X\"\n}\nactor a \"A\"\nstep t 2 \"T\" {\n  by b\n}\n";
    let codes = common::codes(source);
    assert!(codes.contains(&"S101") && codes.contains(&"R201"), "{codes:?}");
}

fn seed_corpus() -> Vec<String> {
    common::corpus().into_iter().map(|(_, s)| s).collect()
}

/// Applies one random edit (delete, duplicate or insert a fragment) to a corpus file.
fn mutate(source: &str, at: usize, len: usize, kind: u8, fragment: &str) -> String {
    let mut chars: Vec<char> = source.chars().collect();
    let at = at % (chars.len() + 1);
    let end = (at + len).min(chars.len());
    match kind % 3 {
        0 => {
            chars.drain(at..end);
        }
        1 => {
            let copy: Vec<char> = chars[at..end].to_vec();
            chars.splice(at..at, copy);
        }
        _ => {
            chars.splice(at..at, fragment.chars());
        }
    }
    chars.into_iter().collect()
}

const FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "\"",
    "->",
    "==",
    "\n",
    "step x 9 \"X\"",
    "by",
    "within 3",
    "hari kerja",
    "end",
    "when a",
    "\\",
    "é",
    "\u{0}",
    "//",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_text_never_panics(source in "\\PC{0,400}") {
        let _ = common::check(&source);
    }

    #[test]
    fn random_token_soup_never_panics(tokens in prop::collection::vec(prop::sample::select(FRAGMENTS.to_vec()), 0..80)) {
        let source = tokens.join(" ");
        let _ = common::check(&source);
        let _ = sop::syntax::format(&source);
    }

    #[test]
    fn mutated_corpus_files_never_panic(file in 0usize..7, at in 0usize..20_000, len in 0usize..40, kind in 0u8..3, fragment in prop::sample::select(FRAGMENTS.to_vec())) {
        let corpus = seed_corpus();
        let source = &corpus[file % corpus.len()];
        let mutated = mutate(source, at, len, kind, fragment);
        let _ = common::check(&mutated);
    }

    #[test]
    fn fmt_is_idempotent_and_keeps_the_meaning(file in 0usize..7, at in 0usize..20_000, len in 0usize..40, kind in 0u8..3, fragment in prop::sample::select(FRAGMENTS.to_vec())) {
        let corpus = seed_corpus();
        let source = mutate(&corpus[file % corpus.len()], at, len, kind, fragment);
        if let Ok(once) = sop::syntax::format(&source) {
            let twice = sop::syntax::format(&once);
            prop_assert_eq!(twice.as_deref(), Ok(once.as_str()));
            let (before, _) = sop::syntax::parse(&source);
            let (after, _) = sop::syntax::parse(&once);
            prop_assert_eq!(before, after);
        }
    }
}
