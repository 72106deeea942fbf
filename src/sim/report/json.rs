//! The report for tools, as JSON: counts, summaries and one object per finding.

use super::{LateSummary, Report, Verdict};
use crate::sim::event::{Lateness, Loc};
use crate::sim::replay::Counts;
use crate::sim::time::Stamp;
use serde::Serialize;

#[derive(Serialize)]
struct Json<'r> {
    sop: &'r str,
    traces: &'r [String],
    as_of: Option<Stamp>,
    verdict: &'static str,
    counts: Counts,
    by_code: Vec<CodeCount>,
    worst_steps: Vec<LateSummary>,
    worst_actors: Vec<LateSummary>,
    findings: Vec<FindingJson<'r>>,
    input: Vec<InputJson<'r>>,
    errors: &'r [String],
    /// Left out when empty, as it usually is.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'r [String],
    /// The cases asked for with `--case`; left out when none was.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    timelines: Vec<TimelineJson<'r>>,
}

#[derive(Serialize)]
struct TimelineJson<'r> {
    case: &'r str,
    events: Vec<TimelineEventJson<'r>>,
}

#[derive(Serialize)]
struct TimelineEventJson<'r> {
    file: &'r str,
    line: u64,
    time: Stamp,
    activity: &'r str,
    step: Option<&'r str>,
    actor_only: bool,
    actor: Option<&'r str>,
    actor_id: Option<&'r str>,
}

#[derive(Serialize)]
struct CodeCount {
    code: &'static str,
    name: &'static str,
    kind: &'static str,
    count: u64,
}

#[derive(Serialize)]
struct Place<'r> {
    file: &'r str,
    line: u64,
}

#[derive(Serialize)]
struct FindingJson<'r> {
    code: &'static str,
    name: &'static str,
    kind: &'static str,
    case: Option<&'r str>,
    item: Option<&'r str>,
    events: Vec<Place<'r>>,
    time: Option<Stamp>,
    actor: Option<&'r str>,
    message: &'r str,
    late: Option<Lateness>,
}

#[derive(Serialize)]
struct InputJson<'r> {
    code: &'static str,
    name: &'static str,
    file: &'r str,
    line: u64,
    column: Option<usize>,
    message: &'r str,
}

fn place<'r>(report: &'r Report, loc: Loc) -> Place<'r> {
    Place { file: report.traces.get(loc.file as usize).map_or("?", String::as_str), line: loc.line }
}

/// The JSON report, pretty-printed.
pub fn render(report: &Report) -> Result<String, serde_json::Error> {
    let json = Json {
        sop: &report.sop,
        traces: &report.traces,
        as_of: report.as_of,
        verdict: match report.verdict() {
            Verdict::Complies => "complies",
            Verdict::Deviations => "deviations",
            Verdict::Errors => "errors",
        },
        counts: report.counts,
        by_code: report
            .by_code()
            .into_iter()
            .map(|(c, count)| CodeCount { code: c.code, name: c.name, kind: c.kind.as_str(), count })
            .collect(),
        worst_steps: report.worst_steps(),
        worst_actors: report.worst_actors(),
        findings: report
            .findings()
            .map(|(case, f)| FindingJson {
                code: f.code.code,
                name: f.code.name,
                kind: f.code.kind.as_str(),
                case,
                item: f.item.as_deref(),
                events: f.events.iter().map(|l| place(report, *l)).collect(),
                time: f.time,
                actor: f.actor.as_deref(),
                message: &f.message,
                late: f.late,
            })
            .collect(),
        input: report
            .input
            .iter()
            .map(|i| InputJson {
                code: i.code.code,
                name: i.code.name,
                file: place(report, i.loc).file,
                line: i.loc.line,
                column: i.column,
                message: &i.message,
            })
            .collect(),
        errors: &report.errors,
        notes: &report.notes,
        timelines: report
            .timelines
            .iter()
            .map(|t| TimelineJson {
                case: &t.case,
                events: t
                    .events
                    .iter()
                    .map(|e| TimelineEventJson {
                        file: place(report, e.loc).file,
                        line: e.loc.line,
                        time: e.time,
                        activity: &e.activity,
                        step: e.step.as_deref(),
                        actor_only: e.actor_only,
                        actor: e.actor.as_deref(),
                        actor_id: e.actor_id.as_deref(),
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&json)?;
    text.push('\n');
    Ok(text)
}
