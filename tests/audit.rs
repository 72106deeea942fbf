//! The audit on hand-written traces: every finding code on each bundled SOP, compliant and not,
//! the calendar's edge cases, the three trace formats, malformed rows and the mapping file.
//! Reports are snapshots (tests/snapshots/audit__*.snap).
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use sop::calendar::Calendar;
use sop::model::Model;
use sop::sim::deviation::{self, Kind};
use sop::sim::read::mapping::Mapping;
use sop::sim::report::{self, Report, Verdict};
use sop::sim::{self, AuditOptions};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn model(sop: &str) -> Model {
    let text = std::fs::read_to_string(format!("sops/{sop}.sop")).unwrap_or_else(|e| panic!("{sop}: {e}"));
    let checked = common::check(&text);
    assert!(!checked.has_errors(), "{sop} has errors");
    checked.model.unwrap_or_else(|| panic!("{sop}: no model"))
}

/// Audits `traces` (paths from the crate root) against `sops/<sop>.sop`.
fn audit_with(sop: &str, traces: &[&str], calendar: Calendar, mapping: Option<&str>, as_of: Option<&str>) -> Report {
    let model = model(sop);
    let mapping = match mapping {
        Some(path) => Mapping::load(&PathBuf::from(path), &model).unwrap_or_else(|e| panic!("{e}")),
        None => Mapping::default(),
    };
    let as_of = as_of.map(|t| sim::parse_as_of(t, &calendar).unwrap_or_else(|e| panic!("{e}")));
    let paths: Vec<PathBuf> = traces.iter().map(PathBuf::from).collect();
    sim::audit(&model, &calendar, &paths, &AuditOptions { mapping, as_of }, &mut |_| {})
}

fn audit(sop: &str, traces: &[&str]) -> Report {
    audit_with(sop, traces, Calendar::bundled().unwrap_or_else(|e| panic!("{e}")), None, None)
}

fn codes(report: &Report) -> BTreeSet<&'static str> {
    report.findings().map(|(_, f)| f.code.code).chain(report.input.iter().map(|i| i.code.code)).collect()
}

fn text(report: &Report) -> String {
    report::text::render(report)
}

#[test]
fn compliant_traces_of_every_bundled_sop_comply() {
    for sop in ["rembang", "kubu_raya", "muara_enim", "brebes"] {
        let report = audit(sop, &[&format!("tests/traces/{sop}_ok.csv")]);
        assert_eq!(report.verdict(), Verdict::Complies, "{sop}:\n{}", text(&report));
        insta::assert_snapshot!(format!("{sop}_ok"), text(&report));
    }
}

#[test]
fn rembang_deviations_are_each_reported_where_they_happen() {
    let report = audit("rembang", &["tests/traces/rembang_deviations.csv"]);
    assert_eq!(report.verdict(), Verdict::Deviations);
    insta::assert_snapshot!("rembang_deviations", text(&report));
}

#[test]
fn kubu_raya_timers_and_escalations_are_judged_on_their_windows() {
    let report = audit("kubu_raya", &["tests/traces/kubu_raya_deviations.csv"]);
    let found = codes(&report);
    for code in ["C802", "C808", "C809", "C810", "C811"] {
        assert!(found.contains(code), "{code} missing:\n{}", text(&report));
    }
    insta::assert_snapshot!("kubu_raya_deviations", text(&report));
}

#[test]
fn muara_enim_branches_follow_the_kadar_attribute() {
    let report = audit("muara_enim", &["tests/traces/muara_enim_deviations.csv"]);
    let found = codes(&report);
    for code in ["C802", "C806", "C807", "C809", "C810", "C811", "C814"] {
        assert!(found.contains(code), "{code} missing:\n{}", text(&report));
    }
    insta::assert_snapshot!("muara_enim_deviations", text(&report));
}

#[test]
fn brebes_daily_recap_and_open_cases_are_judged_as_of_the_last_event() {
    let report = audit("brebes", &["tests/traces/brebes_deviations.csv"]);
    insta::assert_snapshot!("brebes_deviations", text(&report));
    let c = report.counts;
    assert_eq!((c.cases_open_within, c.cases_open_overdue), (1, 1));
}

#[test]
fn every_deviation_code_has_a_hand_written_trace() {
    let mut found = BTreeSet::new();
    for sop in ["rembang", "kubu_raya", "muara_enim", "brebes"] {
        found.extend(codes(&audit(sop, &[&format!("tests/traces/{sop}_deviations.csv")])));
    }
    let model = model("rembang");
    let mapping =
        Mapping::parse("reject.toml", "unknown_activities = \"reject\"", &model).unwrap_or_else(|e| panic!("{e}"));
    let calendar = Calendar::bundled().unwrap_or_else(|e| panic!("{e}"));
    let malformed = sim::audit(
        &model,
        &calendar,
        &[PathBuf::from("tests/traces/malformed.csv")],
        &AuditOptions { mapping, as_of: None },
        &mut |_| {},
    );
    found.extend(codes(&malformed));
    let missing: Vec<&str> = deviation::ALL.iter().map(|c| c.code).filter(|c| !found.contains(c)).collect();
    assert!(missing.is_empty(), "no hand-written trace shows {missing:?}");
}

#[test]
fn a_deadline_across_the_new_year_counts_working_days_in_both_years() {
    let report = audit("rembang", &["tests/traces/calendar_edges.csv"]);
    let late: Vec<_> = report.findings().filter(|(_, f)| f.code == deviation::DEADLINE_MISSED).collect();
    // N-01 answers on Friday 3 January 2025, the 5th working day after 24 December: on time.
    // N-02 answers on Monday 6 January: 1 hari kerja late.
    assert!(late.iter().all(|(case, _)| *case != Some("N-01")), "{}", text(&report));
    let n02 = late.iter().find(|(case, _)| *case == Some("N-02")).map(|(_, f)| f.late);
    assert_eq!(n02.flatten().map(|l| (l.amount, l.unit.indonesian())), Some((1, "hari kerja")));
    insta::assert_snapshot!("calendar_edges_exact", text(&report));
}

#[test]
fn a_verdict_resting_on_provisional_holiday_data_says_so() {
    // 'respon' is done on 5 January 2027: only 2027's days, which are provisional, say whether
    // that is within 5 hari kerja of 29 December 2026.
    let report = audit("rembang", &["tests/traces/provisional_2027.csv"]);
    assert_eq!(report.notes.len(), 1, "{}", text(&report));
    assert!(report.notes.iter().all(|n| n.contains("2027 is provisional")), "{:?}", report.notes);
    assert!(text(&report).contains("note: the holiday data for 2027 is provisional"));
    // Years whose data is checked give no note.
    assert!(audit("rembang", &["tests/traces/calendar_edges.csv"]).notes.is_empty());
}

#[test]
fn a_calendar_day_limit_ending_on_a_saturday_moves_only_when_the_regency_says_so() {
    let bundled = Calendar::bundled().unwrap_or_else(|e| panic!("{e}"));
    let exact = audit_with("rembang", &["tests/traces/calendar_edges.csv"], bundled.clone(), None, None);
    let w01 = |r: &Report| r.findings().filter(|(case, _)| *case == Some("W-01")).count();
    // 3 hari from Wednesday 5 February 2025 ends on Saturday 8 February; done on Monday 10.
    assert_eq!(w01(&exact), 1, "{}", text(&exact));
    let regency = bundled.with_file("tests/traces/kabupaten.toml").unwrap_or_else(|e| panic!("{e}"));
    let moved = audit_with("rembang", &["tests/traces/calendar_edges.csv"], regency, None, None);
    assert_eq!(w01(&moved), 0, "{}", text(&moved));
    insta::assert_snapshot!("calendar_edges_next_working_day", text(&moved));
}

#[test]
fn lebaran_cuti_bersama_are_not_working_days() {
    // Distribution within 1 hari kerja of Thursday 27 March 2025 is due on Tuesday 8 April.
    let ok = audit("kubu_raya", &["tests/traces/kubu_raya_ok.csv"]);
    assert_eq!(ok.verdict(), Verdict::Complies, "{}", text(&ok));
    let late = audit("kubu_raya", &["tests/traces/kubu_raya_deviations.csv"]);
    let k02: Vec<_> = late.findings().filter(|(case, _)| *case == Some("K-02")).map(|(_, f)| f).collect();
    assert_eq!(k02.len(), 1);
    assert_eq!(k02[0].late.map(|l| (l.amount, l.due.to_string())), Some((1, "2025-04-08T23:59:59+07:00".to_string())));
}

#[test]
fn malformed_csv_rows_are_reported_line_by_line_and_counted() {
    let model = model("rembang");
    let calendar = Calendar::bundled().unwrap_or_else(|e| panic!("{e}"));
    let mapping =
        Mapping::load(&PathBuf::from("tests/traces/reject_unmapped.toml"), &model).unwrap_or_else(|e| panic!("{e}"));
    let report = sim::audit(
        &model,
        &calendar,
        &[PathBuf::from("tests/traces/malformed.csv")],
        &AuditOptions { mapping, as_of: None },
        &mut |_| {},
    );
    let issues: Vec<(u64, &str, Option<usize>)> =
        report.input.iter().map(|i| (i.loc.line, i.code.code, i.column)).collect();
    assert_eq!(
        issues,
        vec![
            (1, "T905", Some(6)),
            (3, "T903", Some(3)),
            (4, "T904", Some(2)),
            (5, "T901", None),
            (6, "T902", Some(4)),
            (7, "T904", None),
            (8, "T904", Some(3)),
            (10, "T906", None),
            (11, "T901", None),
        ]
    );
    let c = report.counts;
    assert_eq!((c.events_read, c.events_used, c.events_rejected), (11, 3, 8));
    assert_eq!(c.events_read, c.events_used + c.events_rejected + c.events_skipped);
    assert_eq!(report.verdict(), Verdict::Deviations, "rejected rows make the audit fail");
    insta::assert_snapshot!("malformed_csv", text(&report));
}

#[test]
fn malformed_json_lines_are_reported_line_by_line_and_counted() {
    let report = audit("rembang", &["tests/traces/malformed.jsonl"]);
    let issues: Vec<(u64, &str)> = report.input.iter().map(|i| (i.loc.line, i.code.code)).collect();
    assert_eq!(issues, vec![(2, "T903"), (4, "T904"), (5, "T901"), (6, "T902"), (7, "T905")]);
    let c = report.counts;
    assert_eq!((c.events_read, c.events_used, c.events_rejected), (6, 2, 4));
}

#[test]
fn broken_xml_is_an_error_with_its_line_and_keeps_what_came_before() {
    let report = audit("rembang", &["tests/traces/broken.xes"]);
    assert_eq!(report.verdict(), Verdict::Errors);
    assert_eq!(report.errors.len(), 1);
    assert!(report.errors[0].starts_with("tests/traces/broken.xes:10: the XML is malformed"), "{:?}", report.errors);
    assert_eq!(report.counts.events_used, 1);
}

#[test]
fn a_missing_trace_file_is_an_error_and_the_others_are_still_audited() {
    let report = audit("brebes", &["tests/traces/no-such-file.csv", "tests/traces/brebes_ok.csv"]);
    assert_eq!(report.verdict(), Verdict::Errors);
    assert!(report.errors[0].contains("cannot read 'tests/traces/no-such-file.csv'"), "{:?}", report.errors);
    assert_eq!(report.counts.cases, 3);
}

#[test]
fn the_lapor_export_is_read_through_its_mapping_file() {
    let calendar = Calendar::bundled().unwrap_or_else(|e| panic!("{e}"));
    let report = audit_with(
        "rembang",
        &["examples/traces/rembang-lapor.csv"],
        calendar,
        Some("examples/traces/rembang-lapor.toml"),
        None,
    );
    assert_eq!(report.counts.events_rejected, 0, "{}", text(&report));
    insta::assert_snapshot!("example_rembang_lapor", text(&report));
}

#[test]
fn without_a_mapping_the_lapor_export_is_refused_for_its_unknown_columns() {
    let report = audit("rembang", &["examples/traces/rembang-lapor.csv"]);
    assert_eq!(report.verdict(), Verdict::Errors);
    assert_eq!(
        report.errors,
        vec!["examples/traces/rembang-lapor.csv:1: no case id column; expected a column named 'case_id' or 'case:concept:name'"]
    );
}

#[test]
fn xes_json_lines_and_pm4py_csv_examples_are_read() {
    for (sop, trace) in [
        ("kubu_raya", "examples/traces/kubu_raya.xes"),
        ("muara_enim", "examples/traces/muara_enim.jsonl"),
        ("brebes", "examples/traces/brebes-pm4py.csv"),
    ] {
        let report = audit(sop, &[trace]);
        assert!(report.errors.is_empty(), "{trace}: {:?}", report.errors);
        assert_eq!(report.counts.events_rejected, 0, "{trace}");
        let name = trace.rsplit('/').next().unwrap_or(trace).replace('.', "_");
        insta::assert_snapshot!(format!("example_{name}"), text(&report));
    }
}

#[test]
fn the_xes_example_finds_the_distribution_late_after_lebaran() {
    let xes = audit("kubu_raya", &["examples/traces/kubu_raya.xes"]);
    let summary: Vec<_> =
        xes.findings().map(|(case, f)| (case, f.code.code, f.item.clone(), f.late.map(|l| l.amount))).collect();
    assert_eq!(summary, vec![(Some("KR-2025-0312"), "C808", Some("distribusi".to_string()), Some(1))]);
    assert_eq!(xes.counts.events_skipped, 1, "the 'start' transition of 'jawab' is left out");
}

#[test]
fn json_and_csv_reports_list_every_finding_with_its_place() {
    let report = audit("rembang", &["tests/traces/rembang_deviations.csv"]);
    let json = report::json::render(&report).unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!("rembang_deviations_json", json);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    let findings = value["findings"].as_array().map_or(0, Vec::len);
    assert_eq!(findings, report.findings().count());
    let csv = report::csv::render(&report).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(csv.lines().count(), 1 + report.findings().count() + report.input.len());
    insta::assert_snapshot!("rembang_deviations_csv", csv);
}

#[test]
fn as_of_decides_whether_an_open_case_is_overdue() {
    let calendar = Calendar::bundled().unwrap_or_else(|e| panic!("{e}"));
    let early =
        audit_with("brebes", &["tests/traces/brebes_deviations.csv"], calendar.clone(), None, Some("2025-02-11T13:10"));
    let late = audit_with("brebes", &["tests/traces/brebes_deviations.csv"], calendar, None, Some("2025-02-11T14:00"));
    let b05 =
        |r: &Report| r.findings().filter(|(c, _)| *c == Some("B-05")).map(|(_, f)| f.code.code).collect::<Vec<_>>();
    // B-05 waits at 'teruskan' (13:00) for 'rekap', due within 30 menit.
    assert_eq!(b05(&early), vec!["C815"]);
    assert_eq!(b05(&late), vec!["C814"]);
}

#[test]
fn notices_do_not_make_a_case_deviate() {
    for code in deviation::ALL {
        if code.kind == Kind::Notice {
            assert_eq!(code.code, "C815");
        }
    }
    let report = audit("brebes", &["tests/traces/brebes_deviations.csv"]);
    assert_eq!(report.counts.cases_compliant, 1, "B-06 is open within its limits and complies");
}

#[test]
fn a_misspelled_activity_gets_a_did_you_mean_and_a_foreign_one_does_not() {
    let report = audit("rembang", &["tests/traces/rembang_misspelled.csv"]);
    let messages: Vec<&str> = report
        .cases
        .iter()
        .flat_map(|c| &c.findings)
        .filter(|f| f.code.code == "C801")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        messages,
        vec![
            "activity 'verifkasi' is not a step or periodic duty of the SOP (did you mean 'verifikasi'?)",
            "activity 'Hapus aduan' is not a step or periodic duty of the SOP",
        ]
    );
}

#[test]
fn attribute_columns_are_matched_ignoring_case_like_the_other_columns() {
    let report = audit("rembang", &["tests/traces/rembang_attribute_header_case.csv"]);
    assert!(report.input.is_empty(), "{:?}", report.input);
    assert_eq!(codes(&report), BTreeSet::from(["C815"]));
}

/// Audits `trace` against the SOP at `sop` (paths from the crate root).
fn audit_at(sop: &str, trace: &str, as_of: Option<&str>) -> Report {
    let text = std::fs::read_to_string(sop).unwrap_or_else(|e| panic!("{sop}: {e}"));
    let model = common::check(&text).model.unwrap_or_else(|| panic!("{sop}: no model"));
    let calendar = Calendar::bundled().unwrap_or_else(|e| panic!("{e}"));
    let as_of = as_of.map(|t| sim::parse_as_of(t, &calendar).unwrap_or_else(|e| panic!("{e}")));
    let paths = [PathBuf::from(trace)];
    sim::audit(&model, &calendar, &paths, &AuditOptions { mapping: Mapping::default(), as_of }, &mut |_| {})
}

/// Audits `tests/traces/overall/<trace>` against the small SOP there: an overall limit of
/// 5 hari kerja, and a last decision with a branch to the end.
fn audit_overall(trace: &str, as_of: &str) -> Report {
    audit_at("tests/traces/overall/limit.sop", &format!("tests/traces/overall/{trace}"), Some(as_of))
}

#[test]
fn the_overall_limit_is_checked_for_a_case_that_ends_where_it_may_end() {
    let report = audit_overall("limit.csv", "2025-03-21");
    let of = |case: &str| report.cases.iter().find(|c| c.case == case).map(|c| c.findings.clone()).unwrap_or_default();
    let l2 = of("L2");
    assert_eq!(l2.iter().map(|f| f.code.code).collect::<Vec<_>>(), vec!["C808"]);
    assert_eq!(l2[0].late.map(|l| (l.amount, l.unit.indonesian())), Some((8, "hari kerja")));
    // An open case past the overall limit: the item is what ran out, the procedure, not its step.
    let l1 = of("L1");
    assert_eq!((l1[0].code.code, l1[0].item.as_deref()), ("C814", None));
}

#[test]
fn an_overall_limit_the_calendar_cannot_count_is_an_error() {
    let report = audit_overall("limit_2028.csv", "2028-01-20");
    assert!(report.errors.iter().any(|e| e.contains("no holiday data for 2028")), "{:?}", report.errors);
    assert_eq!(report.verdict(), Verdict::Errors);
}

#[test]
fn a_repeated_timer_start_starts_the_timer_again() {
    // 'pantau' twice (C805); the window from the second runs past 'publikasi', which is early.
    let report = audit("rembang", &["tests/traces/rembang_repeated_timer_start.csv"]);
    assert_eq!(codes(&report), BTreeSet::from(["C805", "C810"]));
}

#[test]
fn a_deadline_from_a_repeated_step_runs_from_its_latest_event() {
    // 'a' on the 6th and again on the 8th; 'd' (3 hari kerja from 'a') on the 10th is on time.
    let report = audit_at("tests/sops/anchored.sop", "tests/traces/anchored_repeated.csv", None);
    let late_d = report.findings().filter(|(_, f)| f.code.code == "C808" && f.item.as_deref() == Some("d")).count();
    assert_eq!(late_d, 0);
    assert!(codes(&report).contains("C805"));
}

#[test]
fn an_open_case_without_the_attribute_its_next_deadline_needs_is_late_past_all_of_them() {
    let trace = "tests/traces/rembang_no_attribute_open.csv";
    let of = |as_of| {
        let report = audit_at("sops/rembang.sop", trace, Some(as_of));
        report.findings().filter(|(c, _)| c.is_some()).map(|(_, f)| f.code.code).collect::<Vec<_>>()
    };
    // 'respon' is due in 5 or 14 hari kerja by 'klasifikasi', which the case never gives.
    assert_eq!(of("2025-01-20"), vec!["C815"]);
    assert_eq!(of("2025-06-30"), vec!["C814"]);
}

#[test]
fn an_as_of_before_the_last_event_is_an_error() {
    let report = audit_at("sops/rembang.sop", "tests/traces/rembang_ok.csv", Some("2025-01-01"));
    assert!(report.errors.iter().any(|e| e.contains("before the log's last event")), "{:?}", report.errors);
    assert_eq!(report.verdict(), Verdict::Errors);
}

#[test]
fn a_mapping_that_names_a_column_the_csv_lacks_is_an_error() {
    let report = audit_with(
        "rembang",
        &["tests/traces/rembang_ok.csv"],
        Calendar::bundled().unwrap_or_else(|e| panic!("{e}")),
        Some("tests/traces/mapping_absent_column.toml"),
        None,
    );
    assert!(report.errors.iter().any(|e| e.contains("names column 'X' for the case id")), "{:?}", report.errors);
}

#[test]
fn a_deadline_after_a_timer_says_it_runs_from_the_end_of_the_window() {
    let trace = "tests/traces/muara_enim_deadline_after_window.csv";
    let report = audit_at("sops/muara_enim.sop", trace, Some("2025-05-30T12:00"));
    let penutupan = report.findings().find(|(_, f)| f.code.code == "C808" && f.item.as_deref() == Some("penutupan"));
    let message = penutupan.map(|(_, f)| f.message.clone()).unwrap_or_default();
    assert!(message.contains("from the end of the timer's window (2025-05-12T23:59:59+07:00)"), "{message}");
}

#[test]
fn a_blank_line_before_the_header_does_not_hide_its_separator() {
    let report = audit("rembang", &["tests/traces/blank_line_before_header.csv"]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!((report.counts.events_read, report.counts.events_used), (1, 1), "{}", text(&report));
}

#[test]
fn calendar_days_counted_exactly_into_a_provisional_year_give_no_note() {
    // 'verifikasi' within 3 hari of 30 December 2026 is due on 2 January 2027, counted without
    // holiday data under the bundled `exact` policy.
    let report = audit("rembang", &["tests/traces/calendar_days_into_2027.csv"]);
    assert!(report.notes.is_empty(), "{:?}", report.notes);
}

#[test]
fn the_overall_limit_is_the_procedures_lateness_not_the_last_actors() {
    // 'e' closes the case on time; the procedure as a whole is 2 hari kerja past its limit.
    let report = audit_at("tests/sops/anchored.sop", "tests/traces/anchored_overall.csv", None);
    let overall: Vec<_> =
        report.findings().filter(|(_, f)| f.code.code == "C808" && f.item.is_none()).map(|(_, f)| f).collect();
    assert_eq!(overall.len(), 1, "{}", text(&report));
    assert_eq!(overall[0].actor, None);
    let actors: Vec<_> = report.worst_actors().into_iter().map(|a| (a.name, a.missed)).collect();
    assert_eq!(actors, vec![("admin".to_string(), 1)], "only 'd' is admin's");
    assert!(report.worst_steps().iter().any(|s| s.name == "(procedure)"));
}

#[test]
fn a_step_repeated_after_an_out_of_order_event_is_not_said_to_follow_itself() {
    let trace = "tests/traces/anchored_repeat_after_out_of_order.csv";
    let report = audit_at("tests/sops/anchored.sop", trace, None);
    let c805: Vec<_> = report.findings().filter(|(_, f)| f.code.code == "C805").map(|(_, f)| &f.message).collect();
    assert_eq!(c805, vec!["'c' done again while the case is at it; the flow has no loop there"], "{}", text(&report));
}

#[test]
fn a_column_the_mapping_names_wins_over_one_of_a_standard_name() {
    for trace in ["tests/traces/mapped_case_column.csv", "tests/traces/mapped_case_column.jsonl"] {
        let calendar = Calendar::bundled().unwrap_or_else(|e| panic!("{e}"));
        let report = audit_with("rembang", &[trace], calendar, Some("tests/traces/mapped_case_column.toml"), None);
        assert_eq!(report.counts.cases, 1, "{trace}: {}", text(&report));
        assert!(!codes(&report).contains("C804"), "{trace}: {}", text(&report));
        assert!(report.input.iter().any(|i| i.message.contains("case_id")), "{trace}: {:?}", report.input);
    }
}

#[test]
fn a_duty_every_7_hari_is_due_each_monday_to_sunday_week() {
    // Events on Mon 6 Jan, Sun 19 Jan and Fri 31 Jan 2025: the week of 20-26 Jan has none.
    let report = audit_at("tests/sops/weekly.sop", "tests/traces/weekly_duty.csv", Some("2025-02-02"));
    let missed: Vec<&str> = report.periodic.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        missed,
        vec!["no event of duty 'rekap_mingguan' in 2025-01-20..2025-01-26 (every 7 hari)"],
        "{}",
        text(&report)
    );
}

#[test]
fn a_second_column_for_one_attribute_is_noted_and_not_used() {
    for (trace, line) in
        [("tests/traces/two_attribute_columns.csv", 1), ("tests/traces/two_attribute_columns.jsonl", 1)]
    {
        let report = audit("rembang", &[trace]);
        let noted: Vec<_> = report.input.iter().map(|i| (i.loc.line, i.message.as_str())).collect();
        assert_eq!(noted.len(), 1, "{trace}: {noted:?}");
        assert_eq!(noted[0].0, line, "{trace}");
        // JSON objects have no order of keys: which of the two is used is the reader's choice.
        let message = noted[0].1;
        assert!(message.contains("'case:klasifikasi'") && message.contains("'klasifikasi'"), "{trace}: {noted:?}");
    }
}

#[test]
fn an_empty_json_lines_file_is_refused_as_an_empty_csv_is() {
    let dir = std::env::temp_dir().join(format!("sop-empty-jsonl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("empty.jsonl");
    std::fs::write(&path, "\n\n").unwrap();
    common::sop()
        .args(["audit", "sops/rembang.sop"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("the file is empty"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_json_key_of_a_standard_name_that_a_mapped_key_replaces_is_noted() {
    // 'case_id' comes before 'nomor_laporan' in the object, so the mapped key takes its place.
    let calendar = Calendar::bundled().unwrap_or_else(|e| panic!("{e}"));
    let mapping = Some("tests/traces/mapped_case_key.toml");
    let report = audit_with("rembang", &["tests/traces/mapped_case_key.jsonl"], calendar, mapping, None);
    assert_eq!(report.counts.cases, 1, "{}", text(&report));
    let noted: Vec<_> = report.input.iter().map(|i| (i.loc.line, i.message.as_str())).collect();
    assert_eq!(
        noted,
        vec![(1, "key 'case_id' holds what key 'nomor_laporan' holds; its values are not used (first seen here)")]
    );
}

#[test]
fn a_case_whose_timer_to_the_end_ran_out_has_ended_not_overdue() {
    // decision_loop's 'tidak_dilengkapi' ends the case 10 hari kerja after 'minta_lengkapi'.
    let trace = "tests/traces/decision_loop_timer_to_end.csv";
    let ended = audit_at("examples/decision_loop.sop", trace, Some("2025-03-01"));
    assert_eq!(ended.verdict(), Verdict::Complies, "{}", text(&ended));
    assert_eq!(ended.counts.cases_open_within + ended.counts.cases_open_overdue, 0);
    let waiting = audit_at("examples/decision_loop.sop", trace, Some("2025-01-10"));
    assert_eq!(waiting.counts.cases_open_within, 1, "{}", text(&waiting));
}

#[test]
fn an_event_after_a_timer_to_the_end_ran_out_is_after_closing() {
    // 'tidak_dilengkapi' ran out on 21 January: the case ended then; 'lengkapi' on 10 February
    // comes after it closed, as any event after a case's end does.
    let report = audit_at("examples/decision_loop.sop", "tests/traces/decision_loop_event_after_timer_end.csv", None);
    let found: Vec<_> = report.findings().map(|(_, f)| (f.code.code, f.message.as_str())).collect();
    let message = "'lengkapi' at 2025-02-10T09:00:00+07:00, after the case had ended at 2025-01-21T23:59:59+07:00, \
                   when the window of timer 'tidak_dilengkapi' ran out";
    assert_eq!(found, vec![("C812", message)], "{}", text(&report));
    assert_eq!(report.counts.cases_open_within + report.counts.cases_open_overdue, 0);
}

#[test]
fn an_event_after_a_case_was_let_go_where_it_may_end_says_how_it_ended() {
    // A rests at 'verifikasi' (it may end there) from 7 January; B's event on 3 March is more
    // than 30 days past what could follow, so A had ended when its 'informasikan' comes.
    let report = audit("rembang", &["tests/traces/rembang_event_after_quiet_end.csv"]);
    let after: Vec<_> =
        report.findings().filter(|(_, f)| f.code.code == "C812").map(|(_, f)| f.message.clone()).collect();
    assert_eq!(
        after,
        vec!["'informasikan' at 2025-03-04T08:00:00+07:00, after the case had ended at 'verifikasi', where it may end: \
              its last event was at 2025-01-07T09:00:00+07:00, and the log went on for more than 30 days past its limits \
              without it"
            .to_string()],
        "{}",
        text(&report)
    );
}

#[test]
fn steps_skipped_past_a_decision_are_those_of_the_branch_the_case_selects() {
    // Not berkadar pengawasan: the way from 'verifikasi' to 'respon' is the agency's.
    let report = audit("muara_enim", &["tests/traces/muara_enim_skip_past_decision.csv"]);
    let skipped: Vec<_> =
        report.findings().filter(|(_, f)| f.code.code == "C804").map(|(_, f)| f.item.clone()).collect();
    let expected = ["distribusi_pelaksana", "tindak_lanjut"].map(|s| Some(s.to_string()));
    assert_eq!(skipped, expected, "{}", text(&report));
}

#[test]
fn xes_trace_attributes_after_an_event_go_with_the_next_one_or_are_noted() {
    let report = audit("rembang", &["tests/traces/rembang_trace_attribute_after_events.xes"]);
    // A's 'klasifikasi' arrives before 'respon' and selects its 5 hari kerja.
    let found = codes(&report);
    assert!(found.contains("C808") && !found.contains("C807"), "{}", text(&report));
    let noted: Vec<_> = report.input.iter().map(|i| (i.loc.line, i.message.as_str())).collect();
    assert_eq!(
        noted,
        vec![(41, "trace attribute 'klasifikasi' comes after the trace's last event; its value is not used")]
    );
}

/// Audits trace text given in memory, named `name` (its extension gives the format).
fn audit_text(sop: &str, name: &str, text: &str) -> Report {
    let model = model(sop);
    let calendar = Calendar::bundled().unwrap_or_else(|e| panic!("{e}"));
    let input = sim::Input {
        name: name.to_string(),
        format: sim::read::Format::of(std::path::Path::new(name)),
        reader: Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
    };
    sim::audit_inputs(&model, &calendar, vec![input], &AuditOptions::default())
}

/// The lines of every finding and trace problem, in report order.
fn lines(report: &Report) -> Vec<u64> {
    let findings = report.findings().filter_map(|(_, f)| f.events.first().map(|l| l.line));
    report.input.iter().map(|i| i.loc.line).chain(findings).collect()
}

#[test]
fn a_byte_order_mark_does_not_move_the_lines_of_xes_events() {
    let xes = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<log>\n<trace>\n<string key=\"concept:name\" value=\"A\"/>\n\
               <event>\n<string key=\"concept:name\" value=\"terima\"/>\n<date key=\"time:timestamp\" value=\"2025-01-06T08:00:00+07:00\"/>\n</event>\n\
               <event><string key=\"concept:name\" value=\"Hapus\"/><date key=\"time:timestamp\" value=\"2025-01-06T09:00:00+07:00\"/></event>\n\
               </trace>\n</log>\n";
    let plain = audit_text("rembang", "plain.xes", xes);
    let with_bom = audit_text("rembang", "bom.xes", &format!("\u{feff}{xes}"));
    // The unknown activity is on line 9, the open case's last event too.
    assert_eq!(lines(&plain), vec![9, 9], "{}", text(&plain));
    assert_eq!(lines(&with_bom), lines(&plain), "{}", text(&with_bom));
}

#[test]
fn a_second_xes_attribute_for_one_case_attribute_is_noted_and_not_used() {
    let xes = "<log>\n<trace>\n<string key=\"concept:name\" value=\"A-01\"/>\n\
               <string key=\"klasifikasi\" value=\"normatif\"/>\n\
               <string key=\"case:klasifikasi\" value=\"permintaan informasi\"/>\n\
               <event><string key=\"concept:name\" value=\"terima\"/><string key=\"org:role\" value=\"admin\"/>\
               <string key=\"org:resource\" value=\"admin\"/><string key=\"concept:name\" value=\"terima\"/>\
               <date key=\"time:timestamp\" value=\"2025-01-06T08:15:00+07:00\"/></event>\n</trace>\n</log>\n";
    let report = audit_text("rembang", "two.xes", xes);
    let noted: Vec<_> = report.input.iter().map(|i| (i.loc.line, i.message.as_str())).collect();
    // The same key twice is one attribute given twice, not two attributes: nothing to note.
    assert_eq!(
        noted,
        vec![(5, "trace attribute 'case:klasifikasi' holds what 'klasifikasi' holds; its values are not used (first seen here)")],
        "{}",
        text(&report)
    );
}

#[test]
fn progress_reaches_the_size_of_a_file_with_a_byte_order_mark_in_every_format() {
    let dir = std::env::temp_dir().join(format!("sop-bom-progress-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let model = model("rembang");
    let calendar = Calendar::bundled().unwrap_or_else(|e| panic!("{e}"));
    for (name, body) in [
        ("t.csv", "case_id,activity,timestamp\nA,terima,2025-01-06 08:00\n"),
        ("t.jsonl", "{\"case_id\": \"A\", \"activity\": \"terima\", \"timestamp\": \"2025-01-06 08:00\"}\n"),
        ("t.xes", "<log><trace><string key=\"concept:name\" value=\"A\"/><event><string key=\"concept:name\" value=\"terima\"/><date key=\"time:timestamp\" value=\"2025-01-06T08:00:00+07:00\"/></event></trace></log>\n"),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, format!("\u{feff}{body}")).unwrap();
        let mut last = 0;
        let report = sim::audit(&model, &calendar, std::slice::from_ref(&path), &AuditOptions::default(), &mut |b| last = b);
        assert_eq!(report.counts.events_used, 1, "{name}: {}", text(&report));
        assert_eq!(last, std::fs::metadata(&path).unwrap().len(), "{name}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn dates_written_day_first_are_read_when_the_mapping_says_so_and_explained_when_not() {
    let trace = "tests/traces/day_first_dates.csv";
    let calendar = || Calendar::bundled().unwrap_or_else(|e| panic!("{e}"));
    let read = audit_with("rembang", &[trace], calendar(), Some("tests/traces/day_first_dates.toml"), None);
    assert_eq!((read.counts.events_used, read.counts.events_rejected), (3, 0), "{}", text(&read));
    assert_eq!(read.verdict(), Verdict::Complies, "{}", text(&read));
    // Without the mapping, the month's name is read; numbers alone are not guessed.
    let unread = audit_with("rembang", &[trace], calendar(), None, None);
    let rejected: Vec<_> = unread.input.iter().map(|i| (i.loc.line, i.code.code)).collect();
    assert_eq!(rejected, vec![(2, "T903"), (4, "T903")], "{}", text(&unread));
    assert!(unread.input.iter().all(|i| i.message.contains("dates = \"day-first\"")), "{}", text(&unread));
}

#[test]
fn a_row_without_a_role_takes_its_resource_as_the_actor_in_every_format() {
    let csv = "case:concept:name,concept:name,time:timestamp,org:resource,org:role\n\
               A,terima,2025-01-06 08:00,Budi,\n";
    let jsonl =
        "{\"case:concept:name\": \"A\", \"concept:name\": \"terima\", \"time:timestamp\": \"2025-01-06 08:00\", \
                 \"org:resource\": \"Budi\", \"org:role\": null}\n";
    let xes = "<log><trace><string key=\"concept:name\" value=\"A\"/><event>\
               <string key=\"concept:name\" value=\"terima\"/><date key=\"time:timestamp\" value=\"2025-01-06T08:00:00+07:00\"/>\
               <string key=\"org:resource\" value=\"Budi\"/><string key=\"org:role\" value=\"\"/></event></trace></log>\n";
    for (name, trace) in [("a.csv", csv), ("a.jsonl", jsonl), ("a.xes", xes)] {
        let report = audit_text("rembang", name, trace);
        let actors: Vec<_> =
            report.findings().filter(|(_, f)| f.code.code == "C802").map(|(_, f)| f.actor.clone()).collect();
        assert_eq!(actors, vec![Some("Budi".to_string())], "{name}: {}", text(&report));
    }
}

#[test]
fn a_case_id_with_a_line_break_stays_on_its_line_in_the_text_report() {
    let report = audit_text("rembang", "a.csv", "case_id,activity,timestamp\n\"Ä\nB\",terima,2025-01-06 08:00\n");
    let report_text = text(&report);
    assert!(report_text.contains("\ncase Ä\\nB:\n"), "{report_text}");
}

#[test]
fn an_as_of_date_without_a_time_is_the_end_of_that_day_in_the_zone_it_gives() {
    let calendar = Calendar::bundled().unwrap_or_else(|e| panic!("{e}"));
    let as_of = |t: &str| sim::parse_as_of(t, &calendar).map(|s| s.to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(as_of("2025-01-31"), "2025-01-31T23:59:59+07:00");
    assert_eq!(as_of("2025-01-31 WITA"), "2025-01-31T23:59:59+08:00");
    assert_eq!(as_of("2025-01-31 10:00 WITA"), "2025-01-31T10:00:00+08:00");
}
