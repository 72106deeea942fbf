//! The audit on hand-written traces: every finding code on each bundled SOP, compliant and not,
//! the calendar's edge cases, timers, open cases and the overall limit. Reading traces (formats,
//! malformed rows, the mapping file) is tests/audit_input.rs. Reports are snapshots
//! (tests/snapshots/audit__*.snap).
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::audits::*;
use sop::calendar::Calendar;
use sop::sim::deviation::{self, Kind};
use sop::sim::read::mapping::Mapping;
use sop::sim::report::{self, Report, Verdict};
use sop::sim::{self, AuditOptions};
use std::collections::BTreeSet;
use std::path::PathBuf;

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
        &AuditOptions { mapping, ..AuditOptions::default() },
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
fn a_deadline_after_a_timer_says_it_runs_from_the_end_of_the_window() {
    let trace = "tests/traces/muara_enim_deadline_after_window.csv";
    let report = audit_at("sops/muara_enim.sop", trace, Some("2025-05-30T12:00"));
    let penutupan = report.findings().find(|(_, f)| f.code.code == "C808" && f.item.as_deref() == Some("penutupan"));
    let message = penutupan.map(|(_, f)| f.message.clone()).unwrap_or_default();
    assert!(message.contains("from the end of the timer's window (2025-05-12T23:59:59+07:00)"), "{message}");
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
fn an_as_of_date_without_a_time_is_the_end_of_that_day_in_the_zone_it_gives() {
    let calendar = Calendar::bundled().unwrap_or_else(|e| panic!("{e}"));
    let as_of = |t: &str| sim::parse_as_of(t, &calendar).map(|s| s.to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(as_of("2025-01-31"), "2025-01-31T23:59:59+07:00");
    assert_eq!(as_of("2025-01-31 WITA"), "2025-01-31T23:59:59+08:00");
    assert_eq!(as_of("2025-01-31 10:00 WITA"), "2025-01-31T10:00:00+08:00");
}

#[test]
fn a_lateness_the_calendar_cannot_count_in_working_days_is_still_a_deviation() {
    // Both cases are past 'respon''s 5 hari kerja in 2025; counting how far past needs 2028.
    let report = audit_at("sops/rembang.sop", "tests/traces/rembang_late_into_2028.csv", Some("2028-01-06"));
    let codes =
        |case: &str| report.findings().filter(|(c, _)| *c == Some(case)).map(|(_, f)| f.code.code).collect::<Vec<_>>();
    assert_eq!(codes("A"), vec!["C814"], "open, overdue");
    assert_eq!(codes("B"), vec!["C808", "C814"], "late, then open past 'input_hasil''s 1 hari");
    let late = report.findings().find(|(c, _)| *c == Some("B")).and_then(|(_, f)| f.late);
    assert_eq!(late.map(|l| l.unit.indonesian()), Some("hari"), "counted in calendar days instead");
    assert_eq!(report.counts.cases_open_overdue, 2);
    // The error says where the missing year was first needed, so a long log's row can be found.
    let needed = "no holiday data for 2028: the calendar covers 2024-2027; add a calendar file with `year = 2028` (see docs/calendar.md); first needed by case 'B' at tests/traces/rembang_late_into_2028.csv:10";
    assert_eq!(report.errors, vec![needed.to_string()]);
    assert_eq!(report.verdict(), Verdict::Errors);
}

#[test]
fn a_skip_whose_only_way_is_the_branch_the_attributes_rule_out_contradicts_it() {
    let trace = "case_id,activity,timestamp,actor,kadar\n\
        M2,lapor,2025-02-03T08:00:00+07:00,pelapor,pengawasan\n\
        M2,tindak_lanjut,2025-02-04T10:00:00+07:00,pelaksana,\n\
        M3,lapor,2025-02-03T08:00:00+07:00,pelapor,tidak berkadar pengawasan\n\
        M3,tindak_lanjut,2025-02-04T10:00:00+07:00,pelaksana,\n";
    let report = audit_text("muara_enim", "m.csv", trace);
    let codes =
        |case: &str| report.findings().filter(|(c, _)| *c == Some(case)).map(|(_, f)| f.code.code).collect::<Vec<_>>();
    // 'tindak_lanjut' lies only past the branch for cases without kadar 'pengawasan'.
    assert_eq!(codes("M2"), vec!["C804", "C804", "C806", "C815"]);
    assert_eq!(codes("M3"), vec!["C804", "C804", "C815"]);
}
