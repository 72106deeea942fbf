//! `sop rules` and `sop explain`.

use sop::check::rules;
use sop::diagnostic::did_you_mean;

/// One line per rule: code, severity, name, summary.
pub fn list() -> String {
    rules::ALL
        .iter()
        .map(|r| format!("{:<5} {:<8} {:<28} {}\n", r.code, r.severity.as_str(), r.name, r.summary))
        .collect()
}

/// The documentation page of a rule.
pub fn explain(code: &str) -> Result<String, String> {
    match rules::lookup(code) {
        Some(rule) => Ok(rule.doc.to_string()),
        None => {
            let names = rules::ALL.iter().flat_map(|r| [r.code, r.name]);
            let hint = did_you_mean(code, names).map_or(String::new(), |s| format!("; did you mean '{s}'?"));
            Err(format!("there is no rule '{code}'{hint} ('sop rules' lists them all)"))
        }
    }
}
