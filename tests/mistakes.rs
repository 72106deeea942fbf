//! Authors' small mistakes, one at a time: each is one diagnostic where it is written, with a
//! help that works there, and the rules that would need what is wrong stay quiet rather than
//! report what follows from it. (Also: the formatter on lines ending with `;`.)
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::uji::{assert_only, sop_with};

#[test]
fn the_base_sop_is_clean() {
    assert_only(&sop_with("", ""), &[]);
}

#[test]
fn a_guard_on_an_unknown_attribute_is_only_unknown_attribute() {
    assert_only(&sop_with(r#"when kadar == "pengawasan" -> apip"#, r#"when kadr == "pengawasan" -> apip"#), &["R204"]);
}

#[test]
fn a_guard_on_an_unknown_value_is_only_unknown_value() {
    assert_only(&sop_with(r#"when kadar == "pengawasan" -> apip"#, r#"when kadar == "pengawasn" -> apip"#), &["R205"]);
}

#[test]
fn a_deadline_guard_that_does_not_resolve_is_only_its_own_error() {
    assert_only(&sop_with(r#"60 hari when kadar"#, r#"60 hari when kadr"#), &["R204"]);
    assert_only(&sop_with(r#"kerja when kadar == "biasa""#, r#"kerja when kadar == "biasaa""#), &["R205"]);
}

#[test]
fn a_timer_line_naming_an_unknown_step_is_not_a_missing_line() {
    assert_only(&sop_with("from jawab", "from jawb"), &["R202"]);
    assert_only(&sop_with("then tutup_kasus", "then tutup_kasu"), &["R202"]);
}

#[test]
fn end_where_a_step_is_needed_is_said_so() {
    let source = sop_with("from jawab", "from end");
    assert_only(&source, &["R202"]);
    let checked = common::check(&source);
    assert!(checked.diagnostics[0].message.contains("'end' is not a step"), "{:?}", checked.diagnostics[0].message);
}

#[test]
fn a_misspelt_end_gets_a_did_you_mean() {
    let checked = common::check(&sop_with("then tutup_kasus", "then ende"));
    let help = checked.diagnostics.iter().find_map(|d| d.help.clone()).unwrap_or_default();
    assert_eq!(help, "did you mean 'end'?");
}

#[test]
fn a_misspelt_end_where_a_step_is_needed_is_not_told_to_write_end() {
    let sources = [
        sop_with("within 60 hari when", "within 60 hari from edn when"),
        sop_with("from jawab", "from ned"),
        sop_with("after 10 hari kerja", "after 10 hari kerja\n  unless edn"),
    ];
    for source in sources {
        assert_only(&source, &["R202"]);
        let checked = common::check(&source);
        let help = checked.diagnostics[0].help.clone().unwrap_or_default();
        assert!(!help.contains("end"), "{help}");
    }
}

#[test]
fn a_step_declared_with_the_id_end_is_refused_where_it_is_declared() {
    let source =
        sop_with(r#"step tutup_kasus 4 "Tutup""#, r#"step end 4 "Tutup""#).replace("then tutup_kasus", "then end");
    let source = source.replace("next tutup_kasus", "next end");
    assert_only(&source, &["S103"]);
    let checked = common::check(&source);
    assert_eq!(checked.diagnostics[0].message, "'end' cannot be a step's id");
}

#[test]
fn an_attribute_with_bool_and_values_is_refused_once() {
    let both = r#"attribute kadar "Kadar" bool { values "pengawasan" "biasa" }"#;
    assert_only(&sop_with(r#"attribute kadar "Kadar" { values "pengawasan" "biasa" }"#, both), &["S103"]);
}

#[test]
fn a_value_listed_twice_is_refused() {
    let checked = common::check(&sop_with(r#"values "pengawasan" "biasa""#, r#"values "pengawasan" "biasa" "biasa""#));
    let found: Vec<_> = checked.diagnostics.iter().map(|d| (d.rule.code, d.message.as_str())).collect();
    assert_eq!(found, vec![("S103", "the value 'biasa' is listed twice")]);
}

#[test]
fn a_phase_step_that_may_take_any_time_is_looser_than_the_regulation() {
    let anytime = "by admin\n  within setiap saat\n  phase verifikasi\n  next tutup_kasus";
    let checked = common::check(&sop_with("by admin\n  next tutup_kasus", anytime));
    let found: Vec<_> = checked.diagnostics.iter().map(|d| (d.rule.code, d.help.clone().unwrap_or_default())).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "P601");
    assert!(found[0].1.starts_with("give it a limit of 3 hari kerja or less"), "{}", found[0].1);
}

#[test]
fn a_blank_signatory_or_legal_basis_is_a_missing_identity_field() {
    let identity = r#"identity {
  nomor "1"
  tanggal_pembuatan "02 April 2024"
  tanggal_efektif "02 Mei 2024"
  disahkan_oleh {
    nama "-"
    jabatan ""
  }
  dasar_hukum -
}

actor admin "Admin""#;
    let checked = common::check(&sop_with(r#"actor admin "Admin""#, identity));
    let found: Vec<_> = checked.diagnostics.iter().map(|d| (d.rule.code, d.message.as_str())).collect();
    assert_eq!(
        found,
        vec![("I501", "the identity page has no Dasar Hukum"), ("I501", "the identity page has no Disahkan oleh")]
    );
}

#[test]
fn an_allow_inside_an_actor_or_identity_is_told_it_goes_at_the_top_of_the_file() {
    let sources = [
        sop_with(r#"actor admin "Admin""#, "actor admin \"Admin\" {\n  allow S107 \"as published\"\n}"),
        sop_with(r#"actor admin "Admin""#, "identity {\n  allow I501 \"as published\"\n}\nactor admin \"Admin\""),
    ];
    for source in sources {
        assert_only(&source, &["S102"]);
        let help = common::check(&source).diagnostics[0].help.clone().unwrap_or_default();
        assert!(help.contains("top of the file"), "{help}");
    }
}

#[test]
fn a_misspelt_actor_is_not_also_an_unused_actor() {
    assert_only("sop \"X\"\nactor admin \"Admin\"\nstep s 1 \"S\" {\n  by admn\n}\n", &["R201"]);
}

#[test]
fn a_misspelt_attribute_is_not_also_an_unused_attribute() {
    assert_only(
        &sop_with(r#"when kadar == "pengawasan" -> apip"#, r#"when kadr == "pengawasan" -> apip"#).replace(
            r#"within 60 hari when kadar == "pengawasan"
  within 14 hari kerja when kadar == "biasa""#,
            "within 60 hari",
        ),
        &["R204"],
    );
}

#[test]
fn an_allow_of_a_rule_that_other_errors_kept_from_running_is_not_unused() {
    let allowed = |allow: &str| sop_with(r#"sop "Uji""#, &format!("sop \"Uji\"\n{allow}"));
    let numbers = allowed(r#"allow S107 "numbered so in the original""#);
    assert_only(&numbers.replacen("  next tutup_kasus", "  outptu \"o\"\n  next tutup_kasus", 1), &["S102"]);
    let limit = allowed("limit 1 hari kerja\nallow D403 \"the original's overall limit is shorter\"");
    assert_only(&limit.replacen("by admin\n  next tutup_kasus", "by admn\n  next tutup_kasus", 1), &["R201"]);
    let actors = allowed(r#"allow R206 "a column kept as published""#);
    assert_only(&actors.replacen("by admin\n  next tutup_kasus", "by admn\n  next tutup_kasus", 1), &["R201"]);
}

#[test]
fn a_misspelt_keyword_does_not_hide_an_unknown_name_quoted_on_its_line() {
    let source = sop_with("by admin\n  next tutup_kasus", "by admn\n  outptu \"dikirim ke admn\"\n  next tutup_kasus");
    assert_only(&source, &["R201", "S102"]);
}

#[test]
fn a_decision_with_two_else_branches_overlaps() {
    assert_only(&sop_with(r#"when kadar == "pengawasan" -> apip"#, r#"else -> apip"#), &["F306"]);
}

#[test]
fn an_unknown_escape_in_text_is_pointed_at_with_the_escapes_that_exist() {
    let source = "sop \"X\"\nactor a \"A\"\nstep s 1 \"Simpan di C:\\Data\" {\n  by a\n}\n";
    let checked = common::check(source);
    let d = &checked.diagnostics[0];
    assert_eq!((d.message.as_str(), &source[d.span.start..d.span.end]), ("unknown escape in text", "\\D"));
}

#[test]
fn two_conditional_deadlines_that_can_both_apply_conflict() {
    let overlapping = r#"within 14 hari kerja when kadar in "biasa" "pengawasan""#;
    assert_only(&sop_with(r#"within 14 hari kerja when kadar == "biasa""#, overlapping), &["D404"]);
}

#[test]
fn an_empty_sop_name_or_uraian_is_as_missing_as_none() {
    assert_only(&sop_with(r#"sop "Uji""#, r#"sop """#), &["S106"]);
    assert_only(&sop_with(r#"step jawab 3 "Jawab""#, r#"step jawab 3 " ""#), &["S103"]);
}

#[test]
fn duration_mistakes_are_named_with_a_fix_that_works_there() {
    let help = |old: &str, new: &str| {
        let checked = common::check(&sop_with(old, new));
        let d = &checked.diagnostics[0];
        (d.rule.code, d.message.clone(), d.help.clone().unwrap_or_default())
    };
    let (code, message, _) = help("within 60 hari when", "within 1.5 hari when");
    assert_eq!((code, message.as_str()), ("S104", "amounts are whole numbers"));
    let (code, message, fix) = help("within 60 hari when", "within 60 hari kerjaa when");
    assert_eq!(
        (code, message.as_str(), fix.as_str()),
        ("S104", "unknown time unit 'hari kerjaa'", "did you mean 'hari kerja'?")
    );
    let (_, _, fix) = help("after 10 hari kerja", "after 0 hari kerja");
    assert!(!fix.contains("setiap saat"), "{fix}");
}

#[test]
fn a_misspelt_declaration_keyword_is_not_also_an_unknown_name_everywhere() {
    assert_only(&sop_with("step jawab 3", "stpe jawab 3"), &["S102"]);
    assert_only(&sop_with(r#"actor admin "Admin""#, r#"acotr admin "Admin""#), &["S102"]);
}

#[test]
fn the_mistakes_inside_a_misspelt_item_are_reported_in_the_same_run() {
    // `stpe` is read as the step its help names: `admn` inside it is reported too.
    let source = sop_with("step jawab 3 \"Jawab\" {\n  by admin", "stpe jawab 3 \"Jawab\" {\n  by admn");
    assert_only(&source, &["S102", "R201"]);
}

#[test]
fn an_allow_in_either_of_two_steps_sharing_a_number_silences_it() {
    let shared = sop_with(r#"step tutup_kasus 4 "Tutup""#, r#"step tutup_kasus 3 "Tutup""#);
    assert_only(&shared, &["S107"]);
    let reason = r#"step jawab 3 "Jawab" {
  allow S107 "numbered so in the original""#;
    assert_only(&shared.replacen(r#"step jawab 3 "Jawab" {"#, reason, 1), &[]);
}

#[test]
fn a_declared_id_with_a_dot_or_dash_is_refused_once_and_still_found() {
    // 'admin.kab' is reported where it is declared; 'by admin.kab' still finds it.
    let source = sop_with(
        r#"actor admin "Admin""#,
        r#"actor admin "Admin"
actor admin.kab "Admin Kabupaten""#,
    );
    let source = source.replacen("by admin\n  next tutup_kasus", "by admin.kab\n  next tutup_kasus", 1);
    assert_only(&source, &["S103"]);
}

#[test]
fn fmt_of_lines_ending_with_a_semicolon_adds_no_blank_lines() {
    let printed = sop::syntax::format("sop \"X\"\nactor a \"A\";\nactor b \"B\";\n");
    assert_eq!(printed.ok().as_deref(), Some("sop \"X\"\nactor a \"A\"\nactor b \"B\"\n"));
}

#[test]
fn text_written_without_quotes_is_one_error_with_the_quoted_text_as_help() {
    let source = sop_with(r#"step jawab 3 "Jawab" {"#, "step jawab 3 Jawab aduan {\n  output Aduan terjawab");
    assert_only(&source, &["S103", "S103"]);
    let checked = common::check(&source);
    let helps: Vec<&str> = checked.diagnostics.iter().filter_map(|d| d.help.as_deref()).collect();
    assert_eq!(
        helps,
        vec![r#"put the text in double quotes: "Jawab aduan""#, r#"put the text in double quotes: "Aduan terjawab""#]
    );
}

#[test]
fn values_written_without_quotes_are_one_error_and_still_declare_the_attribute() {
    let source = sop_with(r#"values "pengawasan" "biasa""#, "values pengawasan biasa");
    assert_only(&source, &["S103"]);
    let checked = common::check(&source);
    assert_eq!(
        checked.diagnostics[0].help.as_deref(),
        Some(r#"put each value in double quotes: "pengawasan" "biasa""#)
    );
}

#[test]
fn a_misspelt_values_line_is_only_its_did_you_mean() {
    assert_only(&sop_with(r#"{ values "pengawasan""#, r#"{ value "pengawasan""#), &["S102"]);
}

#[test]
fn an_allow_whose_reason_is_a_dash_has_no_reason() {
    let source = sop_with("step jawab 3 \"Jawab\" {\n", "step jawab 3 \"Jawab\" {\n  allow F304 -\n");
    assert!(common::codes(&source).contains(&"A701"), "{:?}", common::codes(&source));
}

#[test]
fn an_invisible_or_unusual_space_is_named_with_its_code_point() {
    let source = sop_with("  by admin\n  next tutup_kasus", "  by\u{200B}admin\n  next\u{2003}tutup_kasus");
    let checked = common::check(&source);
    let messages: Vec<&str> = checked.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "an invisible zero-width space (U+200B) is not expected here",
            "a space that is not a plain space (U+2003) is not expected here"
        ]
    );
}

#[test]
fn text_and_json_diagnostics_give_the_same_column_on_a_line_with_accents() {
    let source = "sop \"Pénanganan Pengaduan\" @\n";
    let checked = common::check(source);
    let json =
        sop::diagnostic::JsonDiagnostic::new(&checked.diagnostics[0], "x.sop", &sop::span::LineIndex::new(source));
    assert_eq!((json.line, json.column), (1, 28));
    assert!(common::rendered("x.sop", source).contains("[x.sop:1:28]"), "{}", common::rendered("x.sop", source));
}

#[test]
fn an_unquoted_guard_value_is_one_error_and_the_phase_after_it_still_counts() {
    let source = sop_with(
        r#"within 14 hari kerja when kadar == "biasa""#,
        "within 14 hari kerja when kadar == biasa phase non_pengawasan",
    );
    assert_only(&source, &["S103"]);
    let checked = common::check(&source);
    assert_eq!(checked.diagnostics[0].help.as_deref(), Some(r#"put the value in double quotes: "biasa""#));
    let source = sop_with(r#"when kadar == "pengawasan" -> apip"#, "when kadar in pengawasan -> apip");
    assert_only(&source, &["S103"]);
}

#[test]
fn an_unquoted_allow_reason_is_one_error_not_also_a_missing_reason() {
    let source = sop_with("step jawab 3 \"Jawab\" {\n", "step jawab 3 \"Jawab\" {\n  allow F304 kept as printed\n");
    let codes = common::codes(&source);
    assert!(codes.contains(&"S103") && !codes.contains(&"A701"), "{codes:?}");
}

#[test]
fn an_actor_where_a_step_is_needed_or_a_step_where_an_actor_is_says_which_it_is() {
    let source = sop_with("then tutup_kasus", "unless admin\n  then tutup_kasus");
    let d = &common::check(&source).diagnostics;
    assert_eq!(d.iter().map(|d| d.rule.code).collect::<Vec<_>>(), ["R202"]);
    assert_eq!(d[0].help.as_deref(), Some("write 'unless by admin' to stop the clock on any event of this actor"));
    let d = &common::check(&sop_with("next tutup_kasus", "next admin")).diagnostics;
    assert_eq!(d[0].help.as_deref(), Some("'admin' is an actor; use the id of a step or decision"));
    let d = &common::check(&sop_with("  by admin\n  next tutup_kasus", "  by jawab\n  next tutup_kasus")).diagnostics;
    assert_eq!(d[0].help.as_deref(), Some("'jawab' is a step; 'by' names an actor: admin"));
}

#[test]
fn an_indonesian_word_for_a_keyword_is_told_the_keyword_and_declares_nothing_unknown() {
    for (old, new, meant) in [
        ("  by admin\n  next tutup_kasus", "  oleh admin\n  next tutup_kasus", "by"),
        ("actor admin", "pelaksana admin", "actor"),
        ("step jawab 3", "langkah jawab 3", "step"),
        ("after 10 hari kerja", "setelah 10 hari kerja", "after"),
        ("else -> jawab", "lainnya -> jawab", "else"),
    ] {
        let d = &common::check(&sop_with(old, new)).diagnostics;
        assert_eq!(d.iter().map(|d| d.rule.code).collect::<Vec<_>>(), ["S102"], "{new}");
        assert_eq!(d[0].help, Some(format!("did you mean '{meant}'?")), "{new}");
    }
}

#[test]
fn a_duration_written_as_originals_print_it_gets_the_duration_to_write() {
    for (written, help) in [
        ("3 hk", "write '3 hari kerja'"),
        ("2 minggu", "write '14 hari'"),
        ("1 tahun", "write '12 bulan'"),
        ("1 x 24 jam", "write '24 jam'"),
        ("tiga hari kerja", "write the amount in digits: '3 hari kerja'"),
        ("hari kerja", "write the amount too: '1 hari kerja'"),
        ("maksimal 10 hari kerja", "write 'after 10 hari kerja'"),
        ("10 (sepuluh) hari kerja", "write the amount once, in digits: '3 hari kerja'"),
    ] {
        let d = &common::check(&sop_with("after 10 hari kerja", &format!("after {written}"))).diagnostics;
        assert_eq!(d.len(), 1, "{written}: {d:?}");
        assert_eq!(d[0].help.as_deref(), Some(help), "{written}");
    }
}

#[test]
fn a_misspelt_actor_is_suggested_with_its_official_title() {
    let d = &common::check(&sop_with("  by admin\n  next tutup_kasus", "  by admn\n  next tutup_kasus")).diagnostics;
    assert_eq!(d[0].help.as_deref(), Some("did you mean 'admin' (Admin)?"));
}

#[test]
fn a_line_cut_short_or_a_duration_out_of_range_has_a_help() {
    let base = "sop \"X\"\nactor a \"A\"\n";
    for body in [
        "  by a\n  within -1 hari",
        "  by a\n  within 99999999999999999999 hari",
        "  by",
        "  by a\n  within 3 hari kerja from",
        "  by a\n  within 3 hari kerja when",
        "  by a\n  within 3 hari phase",
    ] {
        let source = format!("{base}step s 1 \"S\" {{\n{body}\n}}\n");
        let diagnostics = common::check(&source).diagnostics;
        assert_eq!(diagnostics.len(), 1, "{source}");
        assert!(diagnostics.iter().all(|d| d.help.as_deref().is_some_and(|h| !h.is_empty())), "{source}");
    }
}

#[test]
fn a_long_loop_is_named_by_its_ends_and_its_length_in_one_line() {
    let mut source = String::from("sop \"X\"\nactor a \"A\"\n");
    for i in 1..=50 {
        let next = if i < 50 { i + 1 } else { 1 };
        source.push_str(&format!("step s{i} {i} \"S\" {{\n  by a\n  next s{next}\n}}\n"));
    }
    let diagnostics = common::check(&source).diagnostics;
    let found = diagnostics.iter().find(|d| d.rule.code == "F303").map(|d| (d.message.clone(), d.related.len()));
    let message = "the loop 's1' → 's2' → 's3' → … → 's49' → 's50' (50 steps) never exits".to_string();
    assert_eq!(found, Some((message, 5)));
}

#[test]
fn an_empty_in_list_is_one_error_and_its_arrow_is_still_read() {
    let source = sop_with(r#"when kadar == "pengawasan" -> apip"#, r#"when kadar in -> apip"#);
    let diagnostics = common::check(&source).diagnostics;
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, vec!["'in' needs the values to compare with before this"]);
}

#[test]
fn a_negative_step_number_is_one_error_at_its_minus_sign() {
    let source = "sop \"X\"\nactor a \"A\"\nstep t -1 \"T\" {\n  by a\n}\n";
    let diagnostics = common::check(source).diagnostics;
    let found: Vec<(&str, &str)> =
        diagnostics.iter().map(|d| (d.message.as_str(), &source[d.span.start..d.span.end])).collect();
    assert_eq!(found, vec![("'-1' is not a step number", "-1")]);
}

#[test]
fn nothing_past_the_place_reading_stopped_is_reported() {
    let mut source = String::from("sop \"X\"\nactor a \"A\"\n");
    for i in 0..22 {
        source.push_str(&format!("foo{i}: bar\n"));
    }
    source.push_str("step s 1 \"S\" {\n  by a\n");
    let diagnostics = common::check(&source).diagnostics;
    let last = diagnostics.last().map(|d| (d.message.as_str(), d.label.as_deref()));
    assert_eq!(
        last,
        Some(("too many syntax errors (20); stopped reading the file here", Some("reading stopped here")))
    );
    assert!(!diagnostics.iter().any(|d| d.message.contains("never closed")), "{diagnostics:?}");
}
