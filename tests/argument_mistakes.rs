//! Arguments in the wrong order or with a piece left out: one diagnostic where it is written,
//! whose help is the line as it should be, and the line read as meant so nothing else reports
//! what follows from it.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

const BASE: &str = r#"sop "Uji"

actor pelapor "Pelapor"
actor admin "Admin"

attribute kadar "Kadar" { values "pengawasan" "biasa" }

step lapor 1 "Menyampaikan pengaduan" {
  by pelapor
}

decision jenis 2 "Berkadar pengawasan?" {
  by admin
  when kadar == "pengawasan" -> apip "Ya"
  else -> jawab "Tidak"
}

step apip 3 "Teruskan ke APIP" {
  by admin
  next end
}

step jawab 4 "Jawab" {
  by admin
  within 5 hari kerja from lapor
}

timer tutup "Tutup otomatis" {
  from jawab
  after 10 hari kerja
  unless by pelapor
  then end
}
"#;

/// The base SOP with `old` replaced by `new` once.
fn with(old: &str, new: &str) -> String {
    assert!(BASE.contains(old), "{old}");
    BASE.replacen(old, new, 1)
}

/// The codes and helps of the diagnostics of `source`.
fn found(source: &str) -> Vec<(&'static str, String)> {
    common::check(source).diagnostics.iter().map(|d| (d.rule.code, d.help.clone().unwrap_or_default())).collect()
}

#[test]
fn the_base_sop_is_clean() {
    assert_eq!(found(BASE), []);
}

#[test]
fn a_header_in_the_wrong_order_is_one_error_whose_help_is_the_header_in_order() {
    let cases = [
        ("step lapor 1 \"Menyampaikan pengaduan\"", "step 1 lapor \"Menyampaikan pengaduan\""),
        ("step lapor 1 \"Menyampaikan pengaduan\"", "step lapor \"Menyampaikan pengaduan\" 1"),
        ("actor pelapor \"Pelapor\"", "actor \"Pelapor\" pelapor"),
        ("timer tutup \"Tutup otomatis\"", "timer \"Tutup otomatis\" tutup"),
    ];
    for (right, wrong) in cases {
        assert_eq!(found(&with(right, wrong)), [("S103", format!("write: {right}"))], "{wrong}");
    }
}

#[test]
fn a_branch_without_its_arrow_is_one_error_and_still_leads_to_its_step() {
    let source = with(r#"-> apip "Ya""#, r#"apip "Ya""#);
    assert_eq!(found(&source), [("S103", "write '-> apip': the arrow points at the step the branch leads to".into())]);
}

#[test]
fn a_branch_label_written_before_its_step_is_one_error_whose_help_swaps_them() {
    let source = with(r#"-> apip "Ya""#, r#"-> "Ya" apip"#);
    assert_eq!(found(&source), [("S103", r#"write: -> apip "Ya""#.into())]);
}

#[test]
fn a_guard_value_without_quotes_before_the_arrow_is_one_error_with_the_quoted_value() {
    let source = with(r#"kadar == "pengawasan" ->"#, "kadar == pengawasan ->");
    assert_eq!(found(&source), [("S103", r#"put the value in double quotes: "pengawasan""#.into())]);
    let source = with(r#"kadar == "pengawasan" ->"#, "kadar in pengawasan biasa ->");
    assert_eq!(found(&source), [("S103", r#"put each value in double quotes: "pengawasan" "biasa""#.into())]);
}

#[test]
fn what_follows_a_mistake_on_a_line_is_not_reported_again() {
    // The branch has no step to go to; the label after it is not a second problem.
    let source = with(r#"-> apip "Ya""#, r#""Ya""#);
    assert_eq!(found(&source).len(), 1, "{:?}", found(&source));
}

#[test]
fn guards_joined_with_or_are_one_error_that_points_to_in() {
    for joined in
        [r#"kadar == "pengawasan" or kadar == "biasa" ->"#, r#"kadar == "pengawasan" atau kadar == "biasa" ->"#]
    {
        let d = found(&with(r#"kadar == "pengawasan" ->"#, joined));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].1.contains(r#"in "a" "b""#), "{d:?}");
    }
}

#[test]
fn actors_joined_with_dan_or_commas_are_one_error_with_the_list_to_write() {
    let source = with("  by pelapor\n}", "  by pelapor dan admin\n}");
    assert_eq!(found(&source), [("S103", "list the actors with spaces only: 'by pelapor admin'".into())]);
    let d = found(&with("  by pelapor\n}", "  by pelapor, admin\n}"));
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].1.starts_with("separate ids and texts with spaces"), "{d:?}");
    let d = found(&with("from jawab", "from: jawab"));
    assert_eq!(d, [("S101", "write a space after the keyword, not ':'".into())]);
}

#[test]
fn a_guard_copied_from_the_branch_above_is_one_overlap_whose_help_names_the_value_left_out() {
    let source = with(r#"else -> jawab "Tidak""#, r#"when kadar == "pengawasan" -> jawab "Tidak""#);
    assert_eq!(found(&source), [("F306", r#"make the guards exclusive; no branch takes kadar "biasa""#.into())]);
    let source = with(
        "  within 5 hari kerja from lapor",
        "  within 5 hari kerja when kadar == \"biasa\"\n  within 14 hari kerja when kadar == \"biasa\"",
    );
    let help = r#"make the guards exclusive; no deadline applies when kadar is "pengawasan""#;
    assert_eq!(found(&source), [("D404", help.into())]);
}

#[test]
fn a_misspelt_or_indonesian_clause_word_in_a_deadline_is_one_error_with_the_word_meant() {
    for (written, meant) in [("dari", "from"), ("form", "from")] {
        let source = with("5 hari kerja from lapor", &format!("5 hari kerja {written} lapor"));
        assert_eq!(found(&source), [("S103", format!("did you mean '{meant}'?"))], "{written}");
    }
}

#[test]
fn a_values_line_copied_twice_is_one_error_on_the_copy() {
    let source = with(
        r#"{ values "pengawasan" "biasa" }"#,
        "{\n  values \"pengawasan\" \"biasa\"\n  values \"pengawasan\" \"biasa\"\n}",
    );
    assert_eq!(found(&source), [("S103", "remove this line".into())]);
}

#[test]
fn two_lines_written_as_one_are_one_error_at_the_second_keyword() {
    let help = "put the 'within' line on a line of its own, or write ';' before it";
    let source = with("  by admin\n  within 5 hari kerja", "  by admin within 5 hari kerja");
    assert_eq!(found(&source), [("S103", help.into())]);
    let source = with("  by admin\n  next end", "  by admin\n  next end within 5 hari kerja");
    assert_eq!(found(&source), [("S103", help.into())]);
}

#[test]
fn an_unquoted_guard_value_of_several_words_is_one_value() {
    // Values such as "tidak berkadar pengawasan" are several words; the arrow ends them.
    let source = with(r#"kadar == "pengawasan" ->"#, "kadar == berkadar pengawasan ->").replacen(
        r#"values "pengawasan""#,
        r#"values "berkadar pengawasan""#,
        1,
    );
    assert_eq!(found(&source), [("S103", r#"put the value in double quotes: "berkadar pengawasan""#.into())]);
}
