//! The report as CSV: one row per finding and per trace problem.

use super::Report;

/// The header of the CSV report.
pub const HEADER: [&str; 15] = [
    "kind",
    "code",
    "name",
    "case",
    "item",
    "file",
    "line",
    "related",
    "time",
    "actor",
    "late_amount",
    "late_unit",
    "late_seconds",
    "due",
    "message",
];

/// The CSV report.
pub fn render(report: &Report) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(HEADER)?;
    for issue in &report.input {
        let file = report.traces.get(issue.loc.file as usize).map_or("?", String::as_str);
        let line = issue.loc.line.to_string();
        let column = issue.column.map(|c| format!("column {c}: ")).unwrap_or_default();
        let message = format!("{column}{}", issue.message);
        writer.write_record([
            issue.code.kind.as_str(),
            issue.code.code,
            issue.code.name,
            "",
            "",
            file,
            &line,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            &message,
        ])?;
    }
    for (case, f) in report.findings() {
        let first = f.events.first();
        let file = first.map_or("", |l| report.traces.get(l.file as usize).map_or("?", String::as_str));
        let line = first.map(|l| l.line.to_string()).unwrap_or_default();
        let related = f.events.iter().skip(1).map(|l| report.place(*l)).collect::<Vec<_>>().join(" ");
        let time = f.time.map(|t| t.to_string()).unwrap_or_default();
        let (amount, unit, seconds, due) = match &f.late {
            Some(l) => (l.amount.to_string(), l.unit.key().to_string(), l.seconds.to_string(), l.due.to_string()),
            None => Default::default(),
        };
        writer.write_record([
            f.code.kind.as_str(),
            f.code.code,
            f.code.name,
            case.unwrap_or_default(),
            f.item.as_deref().unwrap_or_default(),
            file,
            &line,
            &related,
            &time,
            f.actor.as_deref().unwrap_or_default(),
            &amount,
            &unit,
            &seconds,
            &due,
            &f.message,
        ])?;
    }
    let bytes = writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
