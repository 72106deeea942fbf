//! Files that are right as written get no finding: each test is a valid SOP that a rule once
//! reported.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

#[test]
fn a_deadline_measured_from_an_earlier_step_is_not_added_to_the_limits_since_that_step() {
    // 'jawab' is due 5 hari kerja after 'lapor', so 'verifikasi' (3 hari kerja) is inside those
    // 5, and the whole procedure takes at most 5 hari kerja.
    let source = r#"sop "Uji"
limit 5 hari kerja

actor admin "Admin"

step lapor 1 "Lapor" {
  by admin
}

step verifikasi 2 "Verifikasi" {
  by admin
  within 3 hari kerja
}

step jawab 3 "Jawab" {
  by admin
  within 5 hari kerja from lapor
}
"#;
    assert_eq!(common::codes(source), Vec::<&str>::new());
    // Measured from the step before it, the same limit does add up to more than 5.
    assert_eq!(common::codes(&source.replace(" from lapor", "")), ["D403"]);
}

#[test]
fn an_identity_date_in_figures_with_dashes_is_read_day_first() {
    let source = "sop \"Uji\"\nidentity {\n  nomor \"1\"\n  tanggal_pembuatan \"02-04-2023\"\n  tanggal_efektif \"01-04-2023\"\n}\nactor a \"A\"\nstep s 1 \"S\" {\n  by a\n}\n";
    // Read as dates, so the effective date is found to be before the creation date.
    let codes = common::codes(source);
    assert!(codes.contains(&"I502") && !codes.contains(&"I503"), "{codes:?}");
}
