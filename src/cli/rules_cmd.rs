//! `sop rules` and `sop explain`: the checker's rules and the audit's finding codes.

use sop::check::rules;
use sop::diagnostic::did_you_mean;
use sop::sim::deviation;

const AUDIT_DOC: &str = include_str!("../../docs/audit.md");

/// One line per rule (code, severity, name, summary), then one per audit code.
pub fn list() -> String {
    let mut out: String = rules::ALL
        .iter()
        .map(|r| format!("{:<5} {:<8} {:<28} {}\n", r.code, r.severity.as_str(), r.name, r.summary))
        .collect();
    out.push_str("\naudit findings (sop audit):\n");
    for code in deviation::ALL {
        out.push_str(&format!("{:<5} {:<10} {:<30} {}\n", code.code, code.kind.as_str(), code.name, code.summary));
    }
    out
}

/// The documentation page of a rule or audit code, by code or name.
pub fn explain(code: &str) -> Result<String, String> {
    if let Some(rule) = rules::lookup(code) {
        return Ok(rule.doc.to_string());
    }
    let wanted = |c: &&&deviation::Code| c.code.eq_ignore_ascii_case(code) || c.name.eq_ignore_ascii_case(code);
    if let Some(found) = deviation::ALL.iter().find(wanted) {
        return Ok(audit_page(found));
    }
    let names =
        rules::ALL.iter().flat_map(|r| [r.code, r.name]).chain(deviation::ALL.iter().flat_map(|c| [c.code, c.name]));
    let hint = did_you_mean(code, names).map_or(String::new(), |s| format!("; did you mean '{s}'?"));
    Err(format!("there is no rule '{code}'{hint} ('sop rules' lists them all)"))
}

/// An audit code's page: its summary and, where docs/audit.md has one, its section.
fn audit_page(code: &deviation::Code) -> String {
    let mut page = format!("# {} {}\n\n**Kind:** {}\n\n{}.\n", code.code, code.name, code.kind.as_str(), code.summary);
    let heading = format!("### {} ", code.code);
    if let Some(start) = AUDIT_DOC.find(&heading) {
        let body = AUDIT_DOC.get(start..).unwrap_or("");
        let body = body.split_once('\n').map_or("", |(_, rest)| rest);
        let end = body.find("\n#").map_or(body.len(), |i| i + 1);
        page.push('\n');
        page.push_str(body.get(..end).unwrap_or(body).trim_end());
        page.push('\n');
    } else {
        page.push_str("\nSee docs/audit.md, \"Nothing is dropped silently\".\n");
    }
    page
}
