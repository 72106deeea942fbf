//! Audits of the bundled SOPs for the audit tests: by path, by text in memory, and what to
//! compare of their reports.

use sop::calendar::Calendar;
use sop::model::Model;
use sop::sim::read::mapping::Mapping;
use sop::sim::report::{self, Report};
use sop::sim::{self, AuditOptions};
use std::collections::BTreeSet;
use std::path::PathBuf;

pub fn model(sop: &str) -> Model {
    let text = std::fs::read_to_string(format!("sops/{sop}.sop")).unwrap_or_else(|e| panic!("{sop}: {e}"));
    let checked = super::check(&text);
    assert!(!checked.has_errors(), "{sop} has errors");
    checked.model.unwrap_or_else(|| panic!("{sop}: no model"))
}

/// Audits `traces` (paths from the crate root) against `sops/<sop>.sop`.
pub fn audit_with(
    sop: &str,
    traces: &[&str],
    calendar: Calendar,
    mapping: Option<&str>,
    as_of: Option<&str>,
) -> Report {
    let model = model(sop);
    let mapping = match mapping {
        Some(path) => Mapping::load(&PathBuf::from(path), &model).unwrap_or_else(|e| panic!("{e}")),
        None => Mapping::default(),
    };
    let as_of = as_of.map(|t| sim::parse_as_of(t, &calendar).unwrap_or_else(|e| panic!("{e}")));
    let paths: Vec<PathBuf> = traces.iter().map(PathBuf::from).collect();
    sim::audit(&model, &calendar, &paths, &AuditOptions { mapping, as_of, ..AuditOptions::default() }, &mut |_| {})
}

pub fn audit(sop: &str, traces: &[&str]) -> Report {
    audit_with(sop, traces, Calendar::bundled().unwrap_or_else(|e| panic!("{e}")), None, None)
}

pub fn codes(report: &Report) -> BTreeSet<&'static str> {
    report.findings().map(|(_, f)| f.code.code).chain(report.input.iter().map(|i| i.code.code)).collect()
}

pub fn text(report: &Report) -> String {
    report::text::render(report)
}

/// Audits `trace` against the SOP at `sop` (paths from the crate root).
pub fn audit_at(sop: &str, trace: &str, as_of: Option<&str>) -> Report {
    let text = std::fs::read_to_string(sop).unwrap_or_else(|e| panic!("{sop}: {e}"));
    let model = super::check(&text).model.unwrap_or_else(|| panic!("{sop}: no model"));
    let calendar = Calendar::bundled().unwrap_or_else(|e| panic!("{e}"));
    let as_of = as_of.map(|t| sim::parse_as_of(t, &calendar).unwrap_or_else(|e| panic!("{e}")));
    let paths = [PathBuf::from(trace)];
    sim::audit(&model, &calendar, &paths, &AuditOptions { as_of, ..AuditOptions::default() }, &mut |_| {})
}

/// Audits trace text given in memory, named `name` (its extension gives the format).
pub fn audit_text(sop: &str, name: &str, text: &str) -> Report {
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
pub fn lines(report: &Report) -> Vec<u64> {
    let findings = report.findings().filter_map(|(_, f)| f.events.first().map(|l| l.line));
    report.input.iter().map(|i| i.loc.line).chain(findings).collect()
}
