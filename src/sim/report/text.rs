//! The report for people: summary, counts per code, worst steps and actors, then per case.

use super::{span, LateSummary, Report, Verdict};
use crate::sim::deviation::Kind;
use crate::sim::event::Finding;
use std::fmt::Write as _;

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The text report.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let c = &report.counts;
    let _ = writeln!(out, "audit of '{}'", report.sop);
    let _ = writeln!(out, "traces: {}", report.traces.join(", "));
    if let Some(as_of) = report.as_of {
        let _ = writeln!(out, "as of: {as_of}");
    }
    for note in &report.notes {
        let _ = writeln!(out, "note: {note}");
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "events: {} read, {} used, {} rejected{}",
        c.events_read,
        c.events_used,
        c.events_rejected,
        if c.events_skipped > 0 {
            format!(", {} skipped (lifecycle not 'complete')", c.events_skipped)
        } else {
            String::new()
        }
    );
    let comply = if c.cases_compliant == 1 { "complies" } else { "comply" };
    let _ = writeln!(
        out,
        "cases: {}: {} {comply}, {} with deviations; {} open at the end of the log ({} within limits, {} overdue)",
        c.cases,
        c.cases_compliant,
        c.cases_with_deviations,
        c.cases_open_within + c.cases_open_overdue,
        c.cases_open_within,
        c.cases_open_overdue
    );
    let by_code = report.by_code();
    if !by_code.is_empty() {
        let _ = writeln!(out, "\nfindings by code:");
        for (code, n) in &by_code {
            let _ = writeln!(out, "  {} {:32} {:>7}  {}", code.code, code.name, n, code.kind.as_str());
        }
    }
    lateness(&mut out, "worst steps by lateness", "step", &report.worst_steps());
    lateness(&mut out, "worst actors by lateness", "actor", &report.worst_actors());
    if !report.errors.is_empty() {
        let _ = writeln!(out, "\nerrors (the audit is incomplete):");
        for e in &report.errors {
            let _ = writeln!(out, "  {e}");
        }
    }
    if !report.input.is_empty() {
        let _ = writeln!(out, "\ntrace problems:");
        for issue in &report.input {
            let column = issue.column.map(|c| format!(" (column {c})")).unwrap_or_default();
            let _ = writeln!(
                out,
                "  {}{column}: {} {}: {}",
                report.place(issue.loc),
                issue.code.code,
                issue.code.name,
                issue.message
            );
        }
    }
    for case in &report.cases {
        let _ = writeln!(out, "\ncase {}:", escaped(&case.case));
        for f in &case.findings {
            finding(&mut out, report, f);
        }
    }
    if !report.periodic.is_empty() {
        let _ = writeln!(out, "\nperiodic duties:");
        for f in &report.periodic {
            finding(&mut out, report, f);
        }
    }
    super::timelines::write(&mut out, report);
    let _ = writeln!(out);
    let verdict = match report.verdict() {
        Verdict::Complies => "every case complies with the SOP".to_string(),
        Verdict::Deviations => {
            let duties = report.periodic.iter().filter(|f| f.code.kind == Kind::Deviation).count() as u64;
            let verb = if c.cases_with_deviations == 1 { "deviates" } else { "deviate" };
            let mut text =
                format!("{} of {} {verb} from the SOP", c.cases_with_deviations, plural(c.cases, "case", "cases"));
            if duties > 0 {
                text.push_str(&format!("; {} on periodic duties", plural(duties, "finding", "findings")));
            }
            if c.events_rejected > 0 {
                text.push_str(&format!("; {} could not be used", plural(c.events_rejected, "row", "rows")));
            }
            text
        }
        Verdict::Errors => "the audit could not be completed".to_string(),
    };
    let _ = writeln!(out, "verdict: {verdict}");
    out
}

/// A case id with its control characters escaped: a quoted CSV field may hold a line break,
/// which would otherwise split the report's line.
fn escaped(id: &str) -> std::borrow::Cow<'_, str> {
    if id.chars().any(char::is_control) {
        let mut text = String::new();
        for c in id.chars() {
            if c.is_control() {
                text.extend(c.escape_default());
            } else {
                text.push(c);
            }
        }
        text.into()
    } else {
        id.into()
    }
}

fn finding(out: &mut String, report: &Report, f: &Finding) {
    let place = f.events.first().map(|l| format!("{}: ", report.place(*l))).unwrap_or_default();
    let item = f.item.as_deref().map(|i| format!(" [{i}]")).unwrap_or_default();
    let related = if f.events.len() > 1 {
        format!(" (see {})", f.events.iter().skip(1).map(|l| report.place(*l)).collect::<Vec<_>>().join(", "))
    } else {
        String::new()
    };
    let _ = writeln!(out, "  {place}{} {}{item}: {}{related}", f.code.code, f.code.name, f.message);
}

fn lateness(out: &mut String, title: &str, what: &str, list: &[LateSummary]) {
    if list.is_empty() {
        return;
    }
    let width = list.iter().map(|l| l.name.len()).max().unwrap_or(0).max(what.len());
    let _ = writeln!(out, "\n{title}:");
    let _ = writeln!(out, "  {what:width$}  {:>6}  {:>16}  {:>10}", "missed", "worst", "total late");
    for l in list.iter().take(10) {
        let _ = writeln!(
            out,
            "  {:width$}  {:>6}  {:>16}  {:>10}",
            l.name,
            l.missed,
            l.worst.words(),
            span(l.total_seconds)
        );
    }
}
