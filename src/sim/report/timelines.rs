//! The text of the timelines asked for with `--case`: each event of the case as the log has
//! it, what it stands for in the SOP, and the findings about it beneath.

use super::Report;
use crate::sim::deviation::Kind;
use crate::sim::event::Finding;
use crate::sim::timeline::{Timeline, TimelineEvent};
use std::fmt::Write as _;

/// Writes every timeline of `report` to `out`.
pub fn write(out: &mut String, report: &Report) {
    for timeline in &report.timelines {
        let findings: Vec<&Finding> =
            report.cases.iter().filter(|c| c.case == timeline.case).flat_map(|c| c.findings.iter()).collect();
        write_one(out, report, timeline, &findings);
    }
}

fn write_one(out: &mut String, report: &Report, timeline: &Timeline, findings: &[&Finding]) {
    if timeline.events.is_empty() {
        let _ = writeln!(out, "\ntimeline of case {}: no event of this case in the log", timeline.case);
        return;
    }
    let deviations = findings.iter().filter(|f| f.code.kind == Kind::Deviation).count();
    let verdict = match deviations {
        0 => "complies".to_string(),
        1 => "deviates: 1 finding".to_string(),
        n => format!("deviates: {n} findings"),
    };
    let events = timeline.events.len();
    let _ = writeln!(
        out,
        "\ntimeline of case {} ({} {}; {verdict}):",
        timeline.case,
        events,
        if events == 1 { "event" } else { "events" }
    );
    let places: Vec<String> = timeline.events.iter().map(|e| report.place(e.loc)).collect();
    let width = places.iter().map(String::len).max().unwrap_or(0);
    let mut shown = vec![false; findings.len()];
    for (event, place) in timeline.events.iter().zip(&places) {
        let _ = writeln!(out, "  {place:width$}  {}  {}", event.time, what(event));
        for (f, done) in findings.iter().zip(shown.iter_mut()) {
            if !*done && f.events.first() == Some(&event.loc) {
                *done = true;
                let _ = writeln!(out, "  {:width$}    {} {}: {}", "", f.code.code, f.code.name, f.message);
            }
        }
    }
    // Findings about the case as a whole, or first about an event that is not the case's own.
    for (f, _) in findings.iter().zip(&shown).filter(|(_, done)| !**done) {
        let _ = writeln!(out, "  {:width$}    {} {}: {}", "", f.code.code, f.code.name, f.message);
    }
}

/// An event in words: the activity as written and the step it stands for, then the actor.
fn what(event: &TimelineEvent) -> String {
    let mut text = match &event.step {
        Some(step) if *step == event.activity => step.clone(),
        Some(step) => format!("'{}' -> {step}", event.activity),
        None if event.actor_only => format!("'{}' (an event of its actor only, as the mapping says)", event.activity),
        None => format!("'{}' (no step of the SOP)", event.activity),
    };
    match (&event.actor, &event.actor_id) {
        (Some(written), Some(id)) if written == id => text.push_str(&format!(", by {id}")),
        (Some(written), Some(id)) => text.push_str(&format!(", by '{written}' ({id})")),
        (Some(written), None) => text.push_str(&format!(", by '{written}' (no actor of the SOP)")),
        (None, _) => {}
    }
    text
}
