//! Reading traces for the audit: the three formats, malformed rows reported line by line, the
//! mapping file, columns and keys, byte-order marks, and dates as people write them. Reports are
//! snapshots (tests/snapshots/audit_input__*.snap).
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::audits::*;
use sop::calendar::Calendar;
use sop::sim::read::mapping::Mapping;
use sop::sim::report::Verdict;
use sop::sim::{self, AuditOptions};
use std::collections::BTreeSet;
use std::path::PathBuf;

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
        &AuditOptions { mapping, ..AuditOptions::default() },
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
        vec!["examples/traces/rembang-lapor.csv:1: no case id column; expected a column named 'case_id' or 'case:concept:name', or a mapping file (--mapping) that names it: [columns] case = \"...\""]
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
fn a_blank_line_before_the_header_does_not_hide_its_separator() {
    let report = audit("rembang", &["tests/traces/blank_line_before_header.csv"]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!((report.counts.events_read, report.counts.events_used), (1, 1), "{}", text(&report));
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
fn xes_values_with_entities_are_unescaped_and_a_repeated_key_or_value_is_refused() {
    let event = |case: &str, name: &str| {
        format!(
            "<log>\n<trace>\n<string key=\"concept:name\" value=\"{case}\"/>\n<event>\n<string {name}/>\n\
             <date key=\"time:timestamp\" value=\"2025-01-06T08:00:00+07:00\"/>\n</event>\n</trace>\n</log>\n"
        )
    };
    let escaped = audit_text("rembang", "a.xes", &event("A&amp;B", "key=\"concept:name\" value=\"terima\""));
    assert!(escaped.errors.is_empty(), "{:?}", escaped.errors);
    assert_eq!(escaped.counts.events_used, 1);
    let twice = audit_text("rembang", "b.xes", &event("A", "key=\"concept:name\" key=\"x\" value=\"terima\""));
    assert_eq!(twice.errors, vec!["b.xes:5: the XML is malformed: the element gives its attribute 'key' twice"]);
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
fn an_event_dated_centuries_away_is_rejected_instead_of_stretching_the_log() {
    let trace = "case_id,activity,timestamp\nA,terima,2025-01-06 08:00\nU,terima,0000-01-01T00:00:00Z\nT,terima,9999-12-31 23:59\n";
    let report = audit_text("rembang", "a.csv", trace);
    let rejected: Vec<_> = report.input.iter().map(|i| (i.code.code, i.loc.line)).collect();
    assert_eq!(rejected, vec![("T903", 3), ("T903", 4)]);
    assert_eq!((report.counts.events_read, report.counts.events_used, report.counts.events_rejected), (3, 1, 2));
    // Periodic duties are judged over the log's real span: January 2025 only.
    assert!(report.periodic.len() <= 2, "{}", text(&report));
    let calendar = Calendar::bundled().unwrap_or_else(|e| panic!("{e}"));
    let as_of = sop::sim::parse_as_of("9999-01-01", &calendar).err().unwrap_or_default();
    assert!(as_of.contains("2000-2099"), "{as_of}");
}

#[test]
fn a_mapping_that_names_one_column_for_two_roles_is_an_error_at_the_second() {
    let text = "[columns]\ncase = \"ID Laporan\"\nactivity = \"id laporan\"\ntimestamp = \"Waktu\"\n";
    let error = Mapping::parse("m.toml", text, &model("rembang")).err().map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(
        error,
        "m.toml:3:12: activity and case both name the column 'id laporan'; each role needs its own column"
    );
}

#[test]
fn a_json_key_written_twice_in_an_object_is_noted_once_and_its_last_value_used() {
    let line = |a: &str, b: &str| {
        format!(
            "{{\"case_id\":\"{a}\",\"activity\":\"terima\",\"timestamp\":\"2025-01-06T08:00\",\"case_id\":\"{b}\"}}\n"
        )
    };
    let report = audit_text("rembang", "a.jsonl", &(line("A", "B") + &line("C", "D")));
    let notes: Vec<_> = report.input.iter().map(|i| (i.code.code, i.loc.line)).collect();
    assert_eq!(notes, vec![("T905", 1)]);
    let cases: Vec<_> = report.cases.iter().map(|c| c.case.as_str()).collect();
    assert_eq!(cases, vec!["B", "D"]);
}

#[test]
fn every_json_key_written_twice_in_an_object_is_noted() {
    let line = "{\"case_id\":\"A\",\"activity\":\"terima\",\"timestamp\":\"2025-01-06T08:00\",\"actor\":\"admin\",\"actor\":\"admin\",\"case_id\":\"A\"}\n";
    let report = audit_text("rembang", "a.jsonl", line);
    let notes: Vec<&str> = report.input.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes.iter().any(|m| m.contains("'actor'")) && notes.iter().any(|m| m.contains("'case_id'")), "{notes:?}");
}

#[test]
fn a_mapped_column_of_another_role_s_standard_name_is_what_the_mapping_says() {
    let dir = tempfile::tempdir().unwrap();
    let mapping = dir.path().join("m.toml");
    std::fs::write(&mapping, "[columns]\nactivity = \"case_id\"\n").unwrap();
    let calendar = Calendar::bundled().unwrap();
    let report = audit_with("rembang", &["tests/traces/rembang_ok.csv"], calendar, mapping.to_str(), None);
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.contains("no case id column: the mapping file makes 'case_id' the activity column")),
        "{:?}",
        report.errors
    );
}
