//! Rules on cases beside their documented Example: what each reports, and what it leaves alone
//! because it cannot be sure.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

/// The findings of `code` in `source`.
fn count(source: &str, code: &str) -> usize {
    common::codes(source).iter().filter(|c| **c == code).count()
}

/// A decision on `kadar` (values a, b, c) whose branches are `branches`, each going to `x`, `y`
/// or `z`; `bool` is a yes/no attribute.
fn decision(branches: &str) -> String {
    format!(
        r#"sop "Uji"

actor admin "Admin"

attribute kadar "Kadar" {{ values "a" "b" "c" }}
attribute mendesak "Mendesak" bool

decision d 1 "Jenis?" {{
  by admin
{branches}
}}

step x 2 "X" {{
  by admin
  next end
}}

step y 3 "Y" {{
  by admin
  next end
}}

step z 4 "Z" {{
  by admin
  next end
}}
"#
    )
}

/// The F310 findings of a decision on `kadar` (a, b, c) or `mendesak` with `branches`.
fn else_findings(branches: &[&str]) -> Vec<sop::diagnostic::Diagnostic> {
    let checked = common::check(&decision(&branches.join("\n")));
    checked.diagnostics.into_iter().filter(|d| d.rule.code == "F310").collect()
}

#[test]
fn an_else_after_equals_guards_on_every_value_is_never_taken() {
    let covering =
        ["  when kadar == \"a\" -> x \"A\"", "  when kadar in \"b\" \"c\" -> y \"B\"", "  else -> z \"Lain\""];
    assert_eq!(else_findings(&covering).len(), 1);
    let bools = ["  when mendesak -> x \"Ya\"", "  when not mendesak -> y \"Tidak\"", "  else -> z \"Lain\""];
    assert_eq!(else_findings(&bools).len(), 1);
}

#[test]
fn an_else_after_a_value_and_every_other_value_is_never_taken() {
    let found = else_findings(&[
        "  when kadar == \"a\" -> x \"A\"",
        "  when kadar != \"a\" -> y \"B\"",
        "  else -> z \"Lain\"",
    ]);
    let [f310] = found.as_slice() else { panic!("{found:?}") };
    // A value added to 'values' would go to the '!=' branch, so the help does not suggest it.
    assert!(f310.help.as_deref().is_some_and(|h| h.contains("'!='") && !h.contains("'values'")), "{f310:?}");
    let listed = ["  when kadar != \"c\" -> x \"A\"", "  when kadar in \"c\" -> y \"B\"", "  else -> z \"Lain\""];
    assert_eq!(else_findings(&listed).len(), 1);
}

#[test]
fn an_else_is_left_alone_when_a_value_is_left_to_it_or_the_guards_are_on_two_attributes() {
    for branches in [
        ["  when kadar == \"a\" -> x \"A\"", "  when kadar == \"b\" -> y \"B\"", "  else -> z \"Lain\""],
        // 'a' is left to the 'else'.
        ["  when kadar != \"a\" -> x \"A\"", "  else -> z \"Lain\"", ""],
        ["  when kadar in \"a\" \"b\" \"c\" -> x \"A\"", "  when mendesak -> y \"B\"", "  else -> z \"Lain\""],
    ] {
        assert_eq!(else_findings(&branches).len(), 0, "{branches:?}");
    }
    // Both '!=' hold for 'c': that is the finding, and the 'else' is not judged beside it.
    let overlapping = ["  when kadar != \"a\" -> x \"A\"", "  when kadar != \"b\" -> y \"B\"", "  else -> z \"Lain\""];
    assert_eq!(else_findings(&overlapping).len(), 0);
    assert_eq!(count(&decision(&overlapping.join("\n")), "F306"), 1);
}

#[test]
fn a_case_without_the_attribute_takes_no_branch_so_not_the_else_either() {
    use sop::sim::flow::{Choice, Flow, Val};
    let model = common::model_of(&decision(
        "  when kadar == \"a\" -> x \"A\"\n  when kadar != \"a\" -> y \"B\"\n  else -> z \"Lain\"",
    ));
    let flow = Flow::new(&model);
    for unusable in [Val::Unset, Val::Invalid] {
        assert_eq!(flow.choice(0, &[unusable, Val::Unset]), Choice::Unknown(0));
    }
    let branches: Vec<Choice> = (0..3).map(|v| flow.choice(0, &[Val::Known(v), Val::Unset])).collect();
    assert_eq!(branches, [Choice::Branch(0), Choice::Branch(1), Choice::Branch(1)]);
}

/// An escalation from `pantau` stopped by `unless`.
fn escalation(unless: &str) -> String {
    format!(
        r#"sop "Uji"

actor admin "Admin"
actor pelapor "Pelapor"

step pantau 1 "Pantau" {{
  by admin
}}

step jawab 2 "Jawab" {{
  by pelapor
}}

escalation ke_ombudsman "Ke Ombudsman" {{
  from pantau
  after 60 hari
  unless {unless}
  then end
}}
"#
    )
}

#[test]
fn an_escalation_stopped_by_its_start_is_reported_and_one_stopped_by_the_answer_is_not() {
    assert_eq!(count(&escalation("jawab pantau"), "D407"), 1);
    assert_eq!(count(&escalation("jawab"), "D407"), 0);
}

#[test]
fn a_timer_stopped_by_its_start_is_labelled_at_that_unless_entry_and_at_its_from_line() {
    let source = escalation("jawab pantau");
    let checked = common::check(&source);
    let found: Vec<_> = checked.diagnostics.iter().filter(|d| d.rule.code == "D407").collect();
    let [d407] = found.as_slice() else { panic!("{found:?}") };
    let unless_line = source.find("unless").unwrap();
    assert_eq!(&source[d407.span.start..d407.span.end], "pantau");
    assert!(d407.span.start > unless_line, "labels the 'from' line instead");
    let related: Vec<&str> = d407.related.iter().map(|(s, _)| &source[s.start..s.end]).collect();
    assert_eq!(related, ["pantau"]);
    assert!(d407.related.iter().all(|(s, _)| s.start < d407.span.start), "the 'from' line, above the 'unless'");
}

#[test]
fn an_unless_by_the_only_performer_of_the_start_is_not_judged() {
    // 'admin' alone performs 'pantau', but the event of 'pantau' that starts the clock does not
    // stop it; admin's later events do (docs/rules/D407.md).
    assert_eq!(count(&escalation("by admin"), "D407"), 0);
    assert_eq!(count(&escalation("jawab by admin"), "D407"), 0);
}

#[test]
fn each_unless_entry_keeps_its_span_through_lowering_and_by_is_part_of_it() {
    let source = escalation("jawab by pelapor");
    let model = common::model_of(&source);
    let spans: Vec<&str> = model.timers[0].unless.iter().map(|u| &source[u.span.start..u.span.end]).collect();
    assert_eq!(spans, ["jawab", "by pelapor"]);
}

#[test]
fn a_path_that_goes_back_up_the_file_without_a_loop_counts_towards_the_overall_limit() {
    // lapor → verifikasi (written last) → jawab (written above it) → end: 6 hari kerja.
    let source = r#"sop "Uji"
limit 5 hari kerja

actor admin "Admin"

step lapor 1 "Lapor" {
  by admin
  next verifikasi
}

step jawab 3 "Jawab" {
  by admin
  within 3 hari kerja
  next end
}

step verifikasi 2 "Verifikasi" {
  by admin
  within 3 hari kerja
  next jawab
}
"#;
    let checked = common::check(source);
    let found: Vec<_> =
        checked.diagnostics.iter().filter(|d| d.rule.code == "D403").map(|d| d.message.as_str()).collect();
    assert_eq!(
        found,
        ["the path 'lapor' → 'verifikasi' → 'jawab' may take 6 hari kerja, more than the SOP's limit of 5 hari kerja"]
    );
}

#[test]
fn a_loop_is_not_added_to_the_path_that_leaves_it() {
    // 'lengkapi' (written above 'periksa') goes back to it: the way to the end is
    // lapor → periksa → end, 2 hari kerja, however often the loop is taken.
    let source = r#"sop "Uji"
limit 3 hari kerja

actor admin "Admin"

step lapor 1 "Lapor" {
  by admin
  next periksa
}

step lengkapi 2 "Lengkapi" {
  by admin
  within 2 hari kerja
  next periksa
}

decision periksa 3 "Lengkap?" {
  by admin
  within 2 hari kerja
  option -> end "Ya"
  option -> lengkapi "Tidak"
}
"#;
    assert_eq!(count(source, "D403"), 0, "{:?}", common::codes(source));
}
