//! The audit report: what was read, every finding, and summaries; printed as text, JSON or CSV.

pub mod csv;
pub mod json;
pub mod text;
mod timelines;

use super::deviation::{self, Code, Kind};
use super::event::{shown, Finding, Lateness, Loc};
use super::replay::{CaseFindings, Counts, Replayed};
use super::time::Stamp;
use super::timeline::Timeline;
use std::collections::BTreeMap;

/// The result of an audit.
#[derive(Debug, Clone)]
pub struct Report {
    /// The SOP's name.
    pub sop: String,
    /// The trace files, as named on the command line; [`Loc::file`] indexes this list.
    pub traces: Vec<String>,
    pub as_of: Option<Stamp>,
    pub counts: Counts,
    /// Cases with findings, by case id.
    pub cases: Vec<CaseFindings>,
    /// Findings about periodic duties.
    pub periodic: Vec<Finding>,
    /// Rejected rows and notes about the traces.
    pub input: Vec<super::event::InputIssue>,
    /// What made the audit incomplete or impossible (unreadable file, missing holiday data).
    pub errors: Vec<String>,
    /// What the verdict rests on that a reader should know: provisional holiday data.
    pub notes: Vec<String>,
    /// The events of the cases asked for (`--case`), in the order named.
    pub timelines: Vec<Timeline>,
}

/// The overall answer, which the command turns into its exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every case and duty complies and every row was used.
    Complies,
    /// A deviation was found, or rows were rejected.
    Deviations,
    /// The audit could not be done completely.
    Errors,
}

/// Missed deadlines of one step or actor, added up.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LateSummary {
    pub name: String,
    pub missed: u64,
    pub total_seconds: i64,
    pub worst: Lateness,
}

impl Report {
    /// A report of a finished replay.
    pub fn new(sop: &str, traces: Vec<String>, replayed: Replayed, errors: Vec<String>) -> Report {
        let mut report = Report {
            sop: sop.to_string(),
            traces,
            as_of: replayed.as_of,
            counts: replayed.counts,
            cases: replayed.cases,
            periodic: replayed.periodic,
            input: replayed.input,
            errors,
            notes: Vec::new(),
            timelines: replayed.timelines,
        };
        // A calendar error says which case first needed the missing year, so it can be found.
        let origins = replayed.error_origins.into_iter().chain(std::iter::repeat(None));
        for (error, origin) in replayed.errors.into_iter().zip(origins) {
            let error = match origin {
                Some((case, loc)) => {
                    format!("{error}; first needed by case '{}' at {}", shown(case.as_bytes()), report.place(loc))
                }
                None => error,
            };
            report.errors.push(error);
        }
        report
    }

    /// The overall answer.
    pub fn verdict(&self) -> Verdict {
        if !self.errors.is_empty() {
            Verdict::Errors
        } else if self.counts.events_rejected > 0 || self.findings().any(|(_, f)| f.code.kind == Kind::Deviation) {
            Verdict::Deviations
        } else {
            Verdict::Complies
        }
    }

    /// Every finding with its case id (`None` for periodic duties), cases first.
    pub fn findings(&self) -> impl Iterator<Item = (Option<&str>, &Finding)> {
        self.cases
            .iter()
            .flat_map(|c| c.findings.iter().map(move |f| (Some(c.case.as_str()), f)))
            .chain(self.periodic.iter().map(|f| (None, f)))
    }

    /// `file:line` of a location.
    pub fn place(&self, loc: Loc) -> String {
        format!("{}:{}", self.traces.get(loc.file as usize).map_or("?", String::as_str), loc.line)
    }

    /// How many findings and trace problems there are of each code, in code order.
    pub fn by_code(&self) -> Vec<(&'static Code, u64)> {
        let mut counts: BTreeMap<&'static str, u64> = BTreeMap::new();
        for (_, f) in self.findings() {
            *counts.entry(f.code.code).or_default() += 1;
        }
        for issue in &self.input {
            *counts.entry(issue.code.code).or_default() += 1;
        }
        deviation::ALL.iter().filter_map(|c| counts.get(c.code).map(|n| (*c, *n))).collect()
    }

    /// Missed deadlines added up by `key`; those it gives `None` are left out.
    fn lateness_by(&self, key: impl Fn(&Finding) -> Option<String>) -> Vec<LateSummary> {
        let mut by: BTreeMap<String, LateSummary> = BTreeMap::new();
        for (_, f) in self.findings() {
            let (Some(late), true) = (f.late, f.code == deviation::DEADLINE_MISSED) else { continue };
            let Some(name) = key(f) else { continue };
            let entry =
                by.entry(name.clone()).or_insert(LateSummary { name, missed: 0, total_seconds: 0, worst: late });
            entry.missed += 1;
            entry.total_seconds += late.seconds;
            if late.seconds > entry.worst.seconds {
                entry.worst = late;
            }
        }
        let mut list: Vec<LateSummary> = by.into_values().collect();
        list.sort_by(|a, b| b.total_seconds.cmp(&a.total_seconds).then_with(|| a.name.cmp(&b.name)));
        list
    }

    /// Steps by the time their missed deadlines add up to, worst first (the whole procedure's
    /// limit shows as `(procedure)`).
    pub fn worst_steps(&self) -> Vec<LateSummary> {
        self.lateness_by(|f| Some(f.item.clone().unwrap_or_else(|| "(procedure)".to_string())))
    }

    /// Actors by the time their missed deadlines add up to, worst first (a step done without a
    /// named actor shows as `(none)`; the whole procedure's limit is no actor's).
    pub fn worst_actors(&self) -> Vec<LateSummary> {
        self.lateness_by(|f| f.item.as_ref().map(|_| f.actor.clone().unwrap_or_else(|| "(none)".to_string())))
    }
}

/// A duration in seconds as days and hours: `3d 04h`, `2h 05m`, `40m`.
pub fn span(seconds: i64) -> String {
    let minutes = (seconds + 59) / 60;
    let (days, hours, mins) = (minutes / 1440, (minutes % 1440) / 60, minutes % 60);
    if days > 0 {
        format!("{days}d {hours:02}h")
    } else if hours > 0 {
        format!("{hours}h {mins:02}m")
    } else {
        format!("{mins}m")
    }
}
