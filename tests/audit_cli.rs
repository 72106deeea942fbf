//! `sop audit` and `sop simulate` on the command line: exit codes, outputs, files written.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::sop;
use predicates::prelude::*;
use std::fs;

#[test]
fn audit_of_a_compliant_trace_exits_zero() {
    sop()
        .args(["audit", "sops/rembang.sop", "tests/traces/rembang_ok.csv"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("verdict: every case complies with the SOP"));
}

#[test]
fn audit_with_deviations_exits_one() {
    sop()
        .args(["audit", "sops/kubu_raya.sop", "tests/traces/kubu_raya_deviations.csv"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("C811 escalation-missing"));
}

#[test]
fn audit_with_rejected_rows_exits_one() {
    sop().args(["audit", "sops/rembang.sop", "tests/traces/malformed.jsonl"]).assert().code(1);
}

#[test]
fn audit_with_the_sop_and_the_trace_swapped_says_so_and_exits_two() {
    sop()
        .args(["audit", "examples/traces/rembang-lapor.csv", "sops/rembang.sop"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "'examples/traces/rembang-lapor.csv' is a trace, not an SOP; give the SOP first",
        ))
        .stderr(predicate::str::contains("S101").not());
    sop()
        .args(["audit", "sops/rembang.sop", "examples/traces/rembang-lapor.csv", "sops/brebes.sop"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("'sops/brebes.sop' is an SOP, not a trace"));
}

#[test]
fn audit_of_a_missing_trace_exits_two() {
    sop()
        .args(["audit", "sops/rembang.sop", "no/such/trace.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read 'no/such/trace.csv'"));
}

#[test]
fn audit_of_broken_xml_exits_two_with_the_line() {
    sop()
        .args(["audit", "sops/rembang.sop", "tests/traces/broken.xes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.xes:10: the XML is malformed"));
}

#[test]
fn audit_of_an_xes_file_without_a_log_element_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, says) in [
        ("empty.xes", "", "empty.xes: the file is empty; expected an XES log"),
        ("prolog.xes", "<?xml version=\"1.0\"?>\n\n", "prolog.xes: the file is empty"),
        (
            "other.xes",
            "<?xml version=\"1.0\"?>\n<html><log/></html>\n",
            "other.xes:2: the XML is not an XES log: its root element is <html>",
        ),
    ] {
        let path = dir.path().join(name);
        fs::write(&path, text).unwrap();
        let output = sop().args(["audit", "sops/rembang.sop"]).arg(&path).output().unwrap();
        let all = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert_eq!(output.status.code(), Some(2), "{name}: {all}");
        assert!(all.contains(says), "{name}: {all}");
    }
    // An XES log without traces is read, as a CSV file with only its header is: no events.
    let path = dir.path().join("no-traces.xes");
    fs::write(&path, "<log xes.version=\"1.0\"/>\n").unwrap();
    sop()
        .args(["audit", "sops/rembang.sop"])
        .arg(&path)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("events: 0 read"));
}

#[test]
fn audit_against_an_sop_with_errors_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.sop");
    fs::write(&bad, "sop \"X\"\nactor admin \"Admin\"\nstep a 1 \"A\" {\n  by admn\n}\n").unwrap();
    sop()
        .arg("audit")
        .arg(&bad)
        .arg("tests/traces/rembang_ok.csv")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("R201").and(predicate::str::contains("has errors")));
}

#[test]
fn audit_with_a_mapping_naming_an_unknown_step_exits_two_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let mapping = dir.path().join("map.toml");
    fs::write(&mapping, "[activities]\n\"Verifikasi\" = \"verifkasi\"\n").unwrap();
    sop()
        .args(["audit", "sops/rembang.sop", "tests/traces/rembang_ok.csv", "--mapping"])
        .arg(&mapping)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(":2:16: 'verifkasi' is not a step")
                .and(predicate::str::contains("did you mean 'verifikasi'?")),
        );
}

#[test]
fn audit_with_an_unreadable_as_of_exits_two() {
    sop()
        .args(["audit", "sops/rembang.sop", "tests/traces/rembang_ok.csv", "--as-of", "kemarin"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("'kemarin' is not a date"));
}

#[test]
fn audit_writes_json_and_csv_reports_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("report.json");
    sop()
        .args(["audit", "sops/rembang.sop", "tests/traces/rembang_deviations.csv", "--format", "json", "-o"])
        .arg(&json)
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    let value: serde_json::Value = serde_json::from_str(&fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(value["verdict"], "deviations");
    assert_eq!(value["counts"]["cases"], 6);
    let csv = dir.path().join("report.csv");
    sop()
        .args(["audit", "sops/rembang.sop", "tests/traces/rembang_deviations.csv", "--format", "csv", "-o"])
        .arg(&csv)
        .assert()
        .code(1);
    let text = fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("kind,code,name,case,item,file,line,"), "{text}");
}

#[test]
fn simulate_writes_the_trace_and_its_labels_and_the_same_seed_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, seed: &str| {
        let out = dir.path().join(name);
        sop()
            .args(["simulate", "sops/muara_enim.sop", "--cases", "40", "--seed", seed, "--start", "2025-02-03"])
            .args(["--deviations", "0.5", "-o"])
            .arg(&out)
            .assert()
            .code(0)
            .stderr(predicate::str::contains("deviations to find"));
        let labels = dir.path().join(name.replace(".csv", ".labels.csv"));
        (fs::read(&out).unwrap(), fs::read_to_string(labels).unwrap())
    };
    let (a, labels) = run("a.csv", "7");
    let (b, _) = run("b.csv", "7");
    let (c, _) = run("c.csv", "8");
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert!(labels.starts_with("case_id,code,name,item,line,period\n"), "{labels}");
    sop().args(["audit", "sops/muara_enim.sop"]).arg(dir.path().join("a.csv")).assert().code(1);
}

#[test]
fn a_simulated_trace_without_deviations_passes_the_audit() {
    let dir = tempfile::tempdir().unwrap();
    for (sop_file, ext) in [("sops/kubu_raya.sop", "xes"), ("sops/brebes.sop", "jsonl"), ("sops/rembang.sop", "csv")] {
        let out = dir.path().join(format!("t.{ext}"));
        sop()
            .args(["simulate", sop_file, "--cases", "30", "--seed", "3", "--start", "2025-03-03", "-o"])
            .arg(&out)
            .assert()
            .code(0);
        sop().arg("audit").arg(sop_file).arg(&out).assert().code(0);
    }
}

#[test]
fn simulate_refuses_a_deviation_kind_it_cannot_inject() {
    let dir = tempfile::tempdir().unwrap();
    sop()
        .args(["simulate", "sops/rembang.sop", "--cases", "5", "--start", "2025-01-06", "--kinds", "C815", "-o"])
        .arg(dir.path().join("t.csv"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("'C815' is not a deviation the generator can inject"));
}

#[test]
fn a_simulation_that_fails_part_way_leaves_the_earlier_log_and_labels_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("t.csv");
    let run = |start: &str| {
        sop().args(["simulate", "sops/rembang.sop", "--cases", "50", "--start", start, "-o"]).arg(&trace).assert()
    };
    run("2025-01-06").code(0);
    let (log, labels) = (fs::read(&trace).unwrap(), fs::read(dir.path().join("t.labels.csv")).unwrap());
    // Cases starting in late December 2027 need 2028, which the calendar lacks.
    run("2027-12-20").code(2).stderr(predicate::str::contains("no holiday data for 2028"));
    assert_eq!(fs::read(&trace).unwrap(), log);
    assert_eq!(fs::read(dir.path().join("t.labels.csv")).unwrap(), labels);
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "no partial file is left: {names:?}");
}

#[test]
fn simulate_warns_when_a_kind_asked_for_was_given_to_no_case() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("k.csv");
    // Rembang's decisions have no guards: a branch cannot contradict the case's attributes.
    sop()
        .args(["simulate", "sops/rembang.sop", "--cases", "100", "--start", "2025-01-06"])
        .args(["--deviations", "0.5", "--kinds", "C806,C808", "-o"])
        .arg(&trace)
        .assert()
        .code(0)
        .stderr(
            predicate::str::contains("warning: no case was given C806 branch-contradicts-attributes")
                .and(predicate::str::contains("C808").not()),
        );
}

#[cfg(unix)]
#[test]
fn simulate_writes_through_a_link_and_keeps_the_file_s_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.csv");
    fs::write(&real, "old").unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    sop()
        .args(["simulate", "sops/rembang.sop", "--cases", "3", "--start", "2025-01-06", "-o"])
        .arg(&link)
        .assert()
        .code(0);
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(fs::read_to_string(&real).unwrap().starts_with("case_id,"));
    assert_eq!(fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o600);
}
