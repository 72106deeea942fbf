//! Rules on cases beside their documented Example: what each reports, and what it leaves alone
//! because it cannot be sure.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

/// The findings of `code` in `source`.
fn count(source: &str, code: &str) -> usize {
    common::codes(source).iter().filter(|c| **c == code).count()
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
    assert_eq!(count(&escalation("by admin"), "D407"), 0);
}
