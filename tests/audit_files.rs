//! Trace files as they arrive: gzip-compressed logs are read as they are unpacked (by their
//! first bytes, whatever their name), spreadsheets are refused with what to do instead, a log
//! may come on standard input, a name that says no format is read as what the bytes look
//! like, and `sop simulate -o log.csv.gz` writes what the audit reads.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::audits::*;
use common::sop;
use flate2::write::GzEncoder;
use flate2::Compression;
use sop::calendar::Calendar;
use sop::sim::report::{Report, Verdict};
use sop::sim::{self, AuditOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = GzEncoder::new(Vec::new(), Compression::default());
    out.write_all(bytes).unwrap();
    out.finish().unwrap()
}

/// What a report found, without the names of its files.
fn found(report: &Report) -> Vec<(String, &'static str, u64)> {
    report
        .findings()
        .map(|(case, f)| (case.unwrap_or_default().to_string(), f.code.code, f.events.first().map_or(0, |l| l.line)))
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

#[test]
fn a_gzipped_xes_log_gives_the_findings_of_the_plain_one() {
    let dir = tempfile::tempdir().unwrap();
    let plain = std::fs::read("examples/traces/kubu_raya.xes").unwrap();
    let packed = write(dir.path(), "kubu_raya.xes.gz", &gzip(&plain));
    let (unpacked, original) = (audit("kubu_raya", &[&packed]), audit("kubu_raya", &["examples/traces/kubu_raya.xes"]));
    assert!(unpacked.errors.is_empty(), "{:?}", unpacked.errors);
    assert_eq!(unpacked.counts, original.counts);
    assert_eq!(found(&unpacked), found(&original));
    assert!(!found(&unpacked).is_empty());
}

#[test]
fn a_gzipped_csv_is_unpacked_even_when_its_name_does_not_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let plain = std::fs::read("tests/traces/brebes_ok.csv").unwrap();
    let packed = write(dir.path(), "brebes.csv", &gzip(&plain));
    let (unpacked, original) = (audit("brebes", &[&packed]), audit("brebes", &["tests/traces/brebes_ok.csv"]));
    assert_eq!(unpacked.counts, original.counts);
    assert_eq!(unpacked.verdict(), original.verdict());
}

#[test]
fn progress_over_a_gzipped_log_counts_the_bytes_of_the_compressed_file() {
    let dir = tempfile::tempdir().unwrap();
    let plain = std::fs::read("tests/traces/brebes_ok.csv").unwrap();
    let packed = gzip(&plain);
    let path = write(dir.path(), "brebes.csv.gz", &packed);
    let model = model("brebes");
    let calendar = Calendar::bundled().unwrap();
    let mut told = Vec::new();
    sim::audit(&model, &calendar, &[PathBuf::from(path)], &AuditOptions::default(), &mut |b| told.push(b));
    assert_eq!(told.last(), Some(&(packed.len() as u64)), "{told:?}");
}

#[test]
fn a_gzip_file_cut_short_is_an_error_with_its_line_and_keeps_what_came_before() {
    let dir = tempfile::tempdir().unwrap();
    let mut plain = b"case_id,activity,timestamp,actor\n".to_vec();
    for case in 0..400 {
        plain.extend(format!("K{case},terima,2025-03-03 09:{:02}:00,petugas\n", case % 60).as_bytes());
    }
    let packed = gzip(&plain);
    let path = write(dir.path(), "cut.csv.gz", &packed[..packed.len() / 2]);
    let report = audit("brebes", &[&path]);
    assert_eq!(report.verdict(), Verdict::Errors);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    let after_name = report.errors[0].strip_prefix(&format!("{path}:")).unwrap_or_default();
    assert!(after_name.starts_with(|c: char| c.is_ascii_digit()), "no line: {:?}", report.errors);
    assert!(report.errors[0].contains("the gzip file is damaged or cut short"), "{:?}", report.errors);
    assert!(report.counts.events_read > 0, "the rows before the cut are read");
}

#[test]
fn a_spreadsheet_is_refused_with_what_to_do_by_its_bytes_or_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let zip = write(dir.path(), "export.csv", b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml");
    let xls = write(dir.path(), "export.xls", b"case_id,activity,timestamp\n");
    for path in [zip, xls] {
        let report = audit("rembang", &[&path]);
        assert_eq!(report.verdict(), Verdict::Errors);
        assert_eq!(report.errors, vec![format!("{path}: this is a spreadsheet or ZIP archive, not a trace; save the sheet as CSV (CSV UTF-8 in spreadsheet programs), or unpack the archive, and audit that file")]);
        assert!(report.input.is_empty(), "its bytes are not read as CSV: {:?}", report.input);
    }
}

#[test]
fn simulate_to_a_gz_name_writes_gzip_the_audit_reads_and_labels_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let simulate = |name: &str| {
        let out = dir.path().join(name);
        sop()
            .args(["simulate", "sops/brebes.sop", "--cases", "40", "--seed", "4", "--start", "2025-02-03"])
            .args(["--deviations", "0.3", "-o"])
            .arg(&out)
            .assert()
            .code(0);
        std::fs::read(out).unwrap()
    };
    let packed = simulate("log.csv.gz");
    let plain = simulate("plain.csv");
    assert!(packed.starts_with(&[0x1f, 0x8b]));
    let mut unpacked = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(packed.as_slice()), &mut unpacked).unwrap();
    assert_eq!(unpacked, plain, "the same seed gives the same log, compressed or not");
    assert_eq!(simulate("log.csv.gz"), packed, "and the same compressed bytes");
    assert!(dir.path().join("log.labels.csv").exists());
    sop().args(["audit", "sops/brebes.sop"]).arg(dir.path().join("log.csv.gz")).assert().code(1);
}

#[test]
fn a_log_on_standard_input_is_audited_and_named_stdin() {
    let csv = std::fs::read("tests/traces/brebes_ok.csv").unwrap();
    sop()
        .args(["audit", "sops/brebes.sop", "-"])
        .write_stdin(csv)
        .assert()
        .code(0)
        .stdout(predicates::str::contains("traces: <stdin>"));
    let xes = gzip(&std::fs::read("examples/traces/kubu_raya.xes").unwrap());
    sop()
        .args(["audit", "sops/kubu_raya.sop", "-"])
        .write_stdin(xes)
        .assert()
        .code(1)
        .stdout(predicates::str::contains("<stdin>:70: C808 deadline-missed"));
    sop()
        .args(["audit", "sops/brebes.sop", "-"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("error: <stdin>: the file is empty"));
}

#[test]
fn a_trace_whose_name_says_no_format_is_read_as_what_it_starts_with() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("muara_enim", "examples/traces/muara_enim.jsonl", "export.txt"),
        ("kubu_raya", "examples/traces/kubu_raya.xes", "export.log"),
        ("brebes", "tests/traces/brebes_ok.csv", "export"),
    ];
    for (sop, trace, name) in cases {
        let renamed = write(dir.path(), name, &std::fs::read(trace).unwrap());
        let (read, original) = (audit(sop, &[&renamed]), audit(sop, &[trace]));
        assert!(read.errors.is_empty() && read.input.len() == original.input.len(), "{name}: {:?}", read.errors);
        assert_eq!((read.counts, found(&read)), (original.counts, found(&original)), "{name}");
    }
}

#[test]
fn trace_format_overrides_what_the_name_says() {
    let dir = tempfile::tempdir().unwrap();
    let json = write(dir.path(), "misnamed.csv", &std::fs::read("examples/traces/muara_enim.jsonl").unwrap());
    sop().args(["audit", "sops/muara_enim.sop", &json]).assert().code(2);
    sop()
        .args(["audit", "sops/muara_enim.sop", &json, "--trace-format", "jsonl"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("C806 branch-contradicts-attributes"));
}
