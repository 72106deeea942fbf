//! Stage `sim`: replay event logs of complaints against an SOP's model ([`audit`]), and
//! generate labelled logs ([`generate::simulate`]).
//!
//! Flow: trace file → reader (`read/`) → [`event::RawEvent`] → names matched
//! ([`resolve::Resolver`]) → replay of each case on the model ([`case`], [`replay`]) on the
//! working-day calendar ([`days`]) → [`report::Report`]. Only the model is read, never the AST.
//! docs/audit.md describes the trace formats, the mapping file and every finding.

pub mod case;
pub mod days;
pub mod deviation;
pub mod event;
pub mod flow;
pub mod generate;
pub mod periodic;
pub mod read;
pub mod replay;
pub mod report;
pub mod resolve;
pub mod table;
pub mod time;
pub mod timeline;
pub mod words;

use crate::calendar::Calendar;
use crate::model::Model;
use case::Ctx;
use days::Days;
use flow::Flow;
use read::columns::Names;
use read::mapping::Mapping;
use read::{Format, Source};
use replay::Replay;
use report::Report;
use resolve::Resolver;
use std::io::BufRead;
use std::path::PathBuf;
use time::Stamp;
use timeline::Watch;

/// What to audit besides the SOP and the traces.
#[derive(Debug, Clone, Default)]
pub struct AuditOptions {
    /// How the traces name activities, actors, attributes and columns.
    pub mapping: Mapping,
    /// The moment open cases and periodic duties are judged at; default: the latest event.
    pub as_of: Option<Stamp>,
    /// The format of every trace file; default: the one its name says.
    pub trace_format: Option<Format>,
    /// Cases whose every event the report lists (`--case`).
    pub cases: Vec<String>,
}

/// One trace to read: its name in the report, its format and its bytes.
pub struct Input<'a> {
    pub name: String,
    pub format: Format,
    pub reader: Box<dyn BufRead + 'a>,
}

/// Replays every trace file in `traces` (`-`: standard input), in order, as one log against
/// `model` on `calendar`.
/// `progress` is told the bytes read so far, over all files. Files that cannot be read are
/// errors in the report; the others are still audited.
pub fn audit(
    model: &Model,
    calendar: &Calendar,
    traces: &[PathBuf],
    options: &AuditOptions,
    progress: &mut dyn FnMut(u64),
) -> Report {
    replay_all(model, calendar, options, |source, replay| {
        let mut errors = Vec::new();
        let mut done: u64 = 0;
        for (i, path) in traces.iter().enumerate() {
            let mut within = |bytes: u64| progress(done + bytes);
            if let Err(e) = read::read_path(path, options.trace_format, &source(i), replay, &mut within) {
                errors.push(e);
            }
            done += std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        }
        (traces.iter().map(|p| read::trace_name(p)).collect(), errors)
    })
}

/// Like [`audit`], over traces already open (for tests and benchmarks).
pub fn audit_inputs(model: &Model, calendar: &Calendar, inputs: Vec<Input<'_>>, options: &AuditOptions) -> Report {
    replay_all(model, calendar, options, |source, replay| {
        let mut errors = Vec::new();
        let mut files = Vec::new();
        for (i, input) in inputs.into_iter().enumerate() {
            if let Err(e) = read::read(input.format, input.reader, &source(i), replay, &mut |_| {}) {
                errors.push(format!("{}{e}", input.name));
            }
            files.push(input.name);
        }
        (files, errors)
    })
}

/// What every audit does around reading its traces: names, flow, calendar table and replay
/// made once, the traces fed in by `feed` (given the [`Source`] of the `i`th file), the report
/// made from what replay found. `feed` returns the files' names and the errors of reading them.
fn replay_all(
    model: &Model,
    calendar: &Calendar,
    options: &AuditOptions,
    feed: impl for<'n> FnOnce(&'n dyn Fn(usize) -> Source<'n>, &mut Replay<'_>) -> (Vec<String>, Vec<String>),
) -> Report {
    let names = Names::new(model, &options.mapping);
    let flow = Flow::new(model);
    let days = Days::new(calendar);
    let resolver = Resolver::new(model, &options.mapping);
    let ctx = Ctx { flow: &flow, days: &days, resolver: &resolver };
    let mut replay = Replay::new(ctx, Watch::new(&options.cases));
    let offset = calendar.timezone().local_minus_utc();
    let dates = options.mapping.dates;
    let source = |i: usize| Source { names: &names, file: u32::try_from(i).unwrap_or(u32::MAX), offset, dates };
    let (files, errors) = feed(&source, &mut replay);
    let replayed = replay.finish(options.as_of);
    let notes = provisional_notes(calendar, &days, replayed.first, replayed.as_of);
    let mut report = Report::new(&model.name, files, replayed, errors);
    report.notes = notes;
    report
}

/// A note for each provisional year of holiday data between the first event and the later of
/// the audit's moment and the latest day a deadline reached.
fn provisional_notes(calendar: &Calendar, days: &Days<'_>, first: Option<Stamp>, as_of: Option<Stamp>) -> Vec<String> {
    let (Some(first), Some(as_of)) = (first, as_of) else { return Vec::new() };
    let last = days.latest_day().map_or(as_of.local_day(), |d| d.max(as_of.local_day()));
    let (Some(from), Some(to)) = (days::date_of(first.local_day()), days::date_of(last)) else { return Vec::new() };
    calendar
        .provisional_between(from, to)
        .into_iter()
        .map(|(year, why)| format!("the holiday data for {year} is provisional: {why}"))
        .collect()
}

/// Reads an `--as-of` moment: a timestamp as in traces, or a date alone meaning the end of that
/// day (23:59:59) in the calendar's time zone.
pub fn parse_as_of(text: &str, calendar: &Calendar) -> Result<Stamp, String> {
    let offset = calendar.timezone().local_minus_utc();
    let stamp = time::parse(text.as_bytes(), offset)
        .map_err(|_| format!("'{text}' is not a date or timestamp; {}", time::EXPECTED))?;
    if !stamp.in_plausible_years() {
        let (from, to) = time::YEARS;
        return Err(format!("'{text}' is in the year {}; --as-of takes a moment in {from}-{to}", stamp.year()));
    }
    // A date without a time (`2025-01-31`, `2025-01-31 WITA`) is the end of that day, in the
    // zone it gives.
    let after_date = text.trim().get(10..).unwrap_or_default().as_bytes();
    let has_time = matches!(after_date, [b'T' | b't' | b' ', d, ..] if d.is_ascii_digit());
    if !has_time {
        return Ok(Stamp::end_of_day(stamp.local_day(), stamp.offset));
    }
    Ok(stamp)
}
