//! `sop audit --case ID`: every event of the named cases, with what it stands for in the SOP
//! and its findings beneath, in the text report (a snapshot) and the JSON one.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::audits::*;
use common::sop;
use sop::calendar::Calendar;
use sop::sim::generate::{self, Config, Probabilities};
use sop::sim::read::mapping::Mapping;
use sop::sim::read::Format;
use sop::sim::report::{self, Report};
use sop::sim::{self, AuditOptions, Input};
use std::path::PathBuf;

fn lapor_audit(cases: &[&str]) -> Report {
    let model = model("rembang");
    let calendar = Calendar::bundled().unwrap();
    let mapping = Mapping::load(&PathBuf::from("examples/traces/rembang-lapor.toml"), &model).unwrap();
    let cases = cases.iter().map(|c| c.to_string()).collect();
    let options = AuditOptions { mapping, cases, ..AuditOptions::default() };
    sim::audit(&model, &calendar, &[PathBuf::from("examples/traces/rembang-lapor.csv")], &options, &mut |_| {})
}

#[test]
fn a_named_case_is_listed_event_by_event_with_its_findings_beneath() {
    // A deviating case, a compliant one (its reporter's reply kept for its actor only), and an
    // id the log does not have; the one named twice is listed once.
    let report = lapor_audit(&["LPR-0102", "LPR-0101", "LPR-9999", "LPR-0102"]);
    assert_eq!(
        report.timelines.iter().map(|t| t.case.as_str()).collect::<Vec<_>>(),
        ["LPR-0102", "LPR-0101", "LPR-9999"]
    );
    insta::assert_snapshot!("lapor_timelines", text(&report));
}

#[test]
fn without_case_the_reports_have_no_timelines() {
    let report = lapor_audit(&[]);
    assert!(!text(&report).contains("timeline of case"));
    assert!(!report::json::render(&report).unwrap().contains("\"timelines\""));
}

#[test]
fn the_json_report_lists_each_event_of_a_named_case() {
    let json: serde_json::Value =
        serde_json::from_str(&report::json::render(&lapor_audit(&["LPR-0101"])).unwrap()).unwrap();
    let events = json["timelines"][0]["events"].as_array().unwrap();
    assert_eq!(events.len(), 12);
    assert_eq!(events[0]["step"], "terima");
    assert_eq!((events[0]["actor"].as_str(), events[0]["actor_id"].as_str()), (Some("Admin Pemkab"), Some("admin")));
    let reply = &events[7];
    assert_eq!(
        (reply["line"].as_u64(), reply["step"].is_null(), reply["actor_only"].as_bool()),
        (Some(13), true, Some(true))
    );
}

#[test]
fn a_timeline_holds_every_row_of_its_case_in_a_generated_log_and_no_other() {
    let model = model("brebes");
    let calendar = Calendar::bundled().unwrap();
    let config = Config {
        cases: 200,
        seed: 11,
        start: chrono::NaiveDate::from_ymd_opt(2025, 3, 3).unwrap(),
        span_days: 30,
        deviations: 0.3,
        probabilities: Probabilities::default(),
    };
    let mut log = Vec::new();
    generate::simulate(&model, &calendar, &config, Format::Csv, &mut log).unwrap();
    let text = String::from_utf8(log.clone()).unwrap();
    let watched = ["C0007", "C0100", "C0199"];
    let input = Input { name: "log.csv".into(), format: Format::Csv, reader: Box::new(log.as_slice()) };
    let options = AuditOptions { cases: watched.iter().map(|c| c.to_string()).collect(), ..AuditOptions::default() };
    let report = sim::audit_inputs(&model, &calendar, vec![input], &options);
    for (case, timeline) in watched.iter().zip(&report.timelines) {
        let rows: Vec<u64> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.split(',').next() == Some(case))
            .map(|(i, _)| i as u64 + 1)
            .collect();
        assert!(!rows.is_empty(), "{case} is in the log");
        assert_eq!(timeline.events.iter().map(|e| e.loc.line).collect::<Vec<_>>(), rows, "{case}");
    }
}

#[test]
fn the_case_option_keeps_the_exit_code_and_adds_the_timeline() {
    sop()
        .args(["audit", "sops/brebes.sop", "tests/traces/brebes_ok.csv", "--case", "B-01"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("timeline of case B-01"));
}
