//! Bad traces of every kind never panic the audit, and no row is lost: random bytes in each
//! format, the bundled example traces and mapping file mutated, and CSV rows of random bytes
//! counted one by one. Every row read is used, rejected or skipped, each rejection with its line.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::audits::model;
use proptest::prelude::*;
use sop::calendar::Calendar;
use sop::sim::read::mapping::Mapping;
use sop::sim::read::Format;
use sop::sim::report::Report;
use sop::sim::{self, AuditOptions};

/// Audits `bytes` as one trace of `format` against `sops/<sop>.sop`.
fn audit_bytes(sop: &str, format: Format, bytes: Vec<u8>, mapping: Mapping) -> Report {
    let model = model(sop);
    let calendar = Calendar::bundled().unwrap_or_else(|e| panic!("{e}"));
    let input = sim::Input { name: "trace".into(), format, reader: Box::new(std::io::Cursor::new(bytes)) };
    sim::audit_inputs(&model, &calendar, vec![input], &AuditOptions { mapping, ..AuditOptions::default() })
}

/// What every report must keep, whatever the input: each row read is used, rejected or skipped,
/// and each rejection is reported with a line of the trace.
fn assert_nothing_lost(report: &Report) {
    let c = &report.counts;
    assert_eq!(c.events_read, c.events_used + c.events_rejected + c.events_skipped, "{c:?}");
    let rejections = report.input.iter().filter(|i| i.loc.line > 0).count() as u64;
    assert!(rejections >= c.events_rejected, "{} rejected, {rejections} reported", c.events_rejected);
    assert_eq!(c.cases, c.cases_compliant + c.cases_with_deviations, "{c:?}");
}

const FORMATS: [Format; 3] = [Format::Csv, Format::JsonLines, Format::Xes];

/// The bundled example traces, each with the SOP it is of and its mapping file.
const TRACES: [(&str, &str, Format, Option<&str>); 4] = [
    ("rembang", "examples/traces/rembang-lapor.csv", Format::Csv, Some("examples/traces/rembang-lapor.toml")),
    ("brebes", "examples/traces/brebes-pm4py.csv", Format::Csv, None),
    ("muara_enim", "examples/traces/muara_enim.jsonl", Format::JsonLines, None),
    ("kubu_raya", "examples/traces/kubu_raya.xes", Format::Xes, None),
];

/// Pieces that break traces where they land: separators, quotes, line ends, markup, dates.
const FRAGMENTS: &[&str] = &[
    ",",
    ";",
    "\t",
    "\"",
    "\"\"",
    "\n",
    "\r\n",
    "\r",
    "{",
    "}",
    "\":",
    "<",
    ">",
    "/>",
    "</event>",
    "<event>",
    "</trace>",
    "<trace>",
    "<string key=\"concept:name\" value=\"x\"/>",
    "&amp;",
    "&#xD800;",
    "\u{FEFF}",
    "2025-13-40T25:61:00+07:00",
    "31/02/2025",
    "9:30",
    "+99:00",
    "é",
    "\u{0}",
    "-",
    "",
    "null",
];

fn mutate(text: &[u8], at: usize, len: usize, kind: u8, fragment: &str) -> Vec<u8> {
    let at = at % (text.len() + 1);
    let end = (at + len).min(text.len());
    let mut out = text[..at].to_vec();
    match kind {
        0 => out.extend_from_slice(&text[end..]),
        1 => {
            out.extend_from_slice(fragment.as_bytes());
            out.extend_from_slice(&text[at..]);
        }
        2 => {
            out.extend_from_slice(fragment.as_bytes());
            out.extend_from_slice(&text[end..]);
        }
        _ => {
            // A byte that is no UTF-8 on its own.
            out.push(0xC3);
            out.extend_from_slice(&text[end..]);
        }
    }
    out
}

fn mapping_of(sop: &str, path: Option<&str>) -> Mapping {
    path.map(|p| Mapping::load(std::path::Path::new(p), &model(sop)).unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_in_any_format_never_panic_and_lose_no_row(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        format in 0usize..3,
    ) {
        let report = audit_bytes("rembang", FORMATS[format], bytes, Mapping::default());
        assert_nothing_lost(&report);
    }

    #[test]
    fn mutated_example_traces_never_panic_and_lose_no_row(
        which in 0usize..4,
        edits in prop::collection::vec(
            (0usize..8_000, 0usize..30, 0u8..4, prop::sample::select(FRAGMENTS.to_vec())),
            1..4,
        ),
    ) {
        let (sop, path, format, mapping) = TRACES[which];
        let mut bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        for (at, len, kind, fragment) in edits {
            bytes = mutate(&bytes, at, len, kind, fragment);
        }
        let report = audit_bytes(sop, format, bytes, mapping_of(sop, mapping));
        assert_nothing_lost(&report);
    }

    #[test]
    fn mutated_mapping_files_are_loaded_or_refused_never_a_panic(
        at in 0usize..2_000,
        len in 0usize..30,
        kind in 0u8..4,
        fragment in prop::sample::select(
            ["=", "\"", "[", "]", "[columns]", "case = \"x\"", "\n", "#", "dates = \"day-first\"", "\"-\""].to_vec(),
        ),
    ) {
        let text = std::fs::read("examples/traces/rembang-lapor.toml").unwrap_or_else(|e| panic!("{e}"));
        let mutated = mutate(&text, at, len, kind, fragment);
        if let Ok(text) = String::from_utf8(mutated) {
            let _ = Mapping::parse("rembang-lapor.toml", &text, &model("rembang"));
        }
    }

    /// Rows of random bytes without quotes: every one with a byte other than separators and
    /// spaces is read (and so used or rejected); the others are blank lines, as in a spreadsheet.
    #[test]
    fn every_csv_row_that_is_not_blank_is_read(
        rows in prop::collection::vec(
            prop::collection::vec(prop::sample::select(b"aC1,; \t\r-:.\xC3\xA9\xFF0".to_vec()), 0..40),
            0..30,
        ),
    ) {
        let mut bytes = b"case_id,activity,timestamp,actor\n".to_vec();
        for row in &rows {
            bytes.extend_from_slice(row);
            bytes.push(b'\n');
        }
        let report = audit_bytes("rembang", Format::Csv, bytes, Mapping::default());
        assert_nothing_lost(&report);
        let not_blank = rows.iter().filter(|r| r.iter().any(|b| *b != b',' && !b.is_ascii_whitespace())).count();
        prop_assert_eq!(report.counts.events_read, not_blank as u64);
    }
}
