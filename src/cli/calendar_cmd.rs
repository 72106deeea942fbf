//! `sop calendar`: working-day arithmetic on the command line.
//!
//! ```text
//! sop calendar add 2025-03-27 1                  2025-04-08 (Selasa)
//! sop calendar add 2025-03-27 3 --unit hari      2025-03-30 (Minggu)
//! sop calendar between 2025-03-27 2025-04-08     counts and the days off in between
//! ```

use chrono::{Datelike, NaiveDate};
use sop::calendar::{hari, Calendar, CalendarDayPolicy, CalendarError, Day, DayKind};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Count working days (hari kerja) on the national holiday and cuti bersama calendar
#[derive(Debug, Clone, clap::Args)]
pub struct CalendarArgs {
    #[command(subcommand)]
    pub command: CalendarCommand,
}

/// What `sop calendar` does.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum CalendarCommand {
    /// Print the date N working days (or calendar days) after DATE; the start day does not count
    Add {
        /// The start date, e.g. 2025-03-27
        date: NaiveDate,
        /// How many days to add (negative counts backwards)
        #[arg(allow_negative_numbers = true)]
        n: i64,
        /// Count working days (hari-kerja) or calendar days (hari)
        #[arg(long, value_enum, default_value_t = DayUnit::HariKerja)]
        unit: DayUnit,
        /// A regency's own calendar file, applied on top of the bundled national calendar
        #[arg(long, value_name = "FILE")]
        calendar: Option<PathBuf>,
    },
    /// Count the working days and calendar days after D1 up to and including D2
    Between {
        /// The first date; it is not counted
        d1: NaiveDate,
        /// The last date; it is counted
        d2: NaiveDate,
        /// A regency's own calendar file, applied on top of the bundled national calendar
        #[arg(long, value_name = "FILE")]
        calendar: Option<PathBuf>,
    },
}

/// The unit `sop calendar add` counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DayUnit {
    /// Working days: weekends, national holidays and cuti bersama skipped
    HariKerja,
    /// Calendar days; the calendar's `calendar_day_deadline` policy applies to the last day
    Hari,
}

/// Runs `sop calendar` and returns the text to print, or the error message.
pub fn run(args: &CalendarArgs) -> Result<String, String> {
    match &args.command {
        CalendarCommand::Add { date, n, unit, calendar } => {
            add(*date, *n, *unit, calendar.as_ref()).map_err(|e| e.to_string())
        }
        CalendarCommand::Between { d1, d2, calendar } => {
            between(*d1, *d2, calendar.as_ref()).map_err(|e| e.to_string())
        }
    }
}

fn load(file: Option<&PathBuf>) -> Result<Calendar, CalendarError> {
    match file {
        Some(path) => Calendar::with_overrides(path),
        None => Calendar::bundled(),
    }
}

/// `2025-04-08 (Selasa)`.
fn dated(day: NaiveDate) -> String {
    format!("{day} ({})", hari(day.weekday()))
}

fn add(date: NaiveDate, n: i64, unit: DayUnit, file: Option<&PathBuf>) -> Result<String, CalendarError> {
    let calendar = load(file)?;
    let policy = calendar.calendar_day_policy();
    let result = match unit {
        DayUnit::HariKerja => calendar.add_working_days(date, n)?,
        DayUnit::Hari => calendar.add_calendar_days(date, n, policy)?,
    };
    // The days whose holiday data decided the answer: every counted day for working days (the
    // start day is not counted); for calendar days only the days the end was moved over.
    let looked_at = match unit {
        DayUnit::HariKerja => Some(counted(date, result)),
        DayUnit::Hari if policy == CalendarDayPolicy::Exact => None,
        DayUnit::Hari => calendar.add_calendar_days(date, n, CalendarDayPolicy::Exact).ok().map(|end| (end, result)),
    };
    let notes = looked_at.map(|(first, last)| provisional_notes(&calendar, first, last)).unwrap_or_default();
    Ok(format!("{}\n{notes}", dated(result)))
}

/// The days a count from `from` to `to` looks at: after `from` up to `to` forwards, from `to`
/// up to before `from` backwards.
fn counted(from: NaiveDate, to: NaiveDate) -> (NaiveDate, NaiveDate) {
    if to >= from {
        (from.succ_opt().unwrap_or(from), to)
    } else {
        (to, from.pred_opt().unwrap_or(from))
    }
}

/// A line for each provisional year between two dates: the answer rests on its days.
fn provisional_notes(calendar: &Calendar, first: NaiveDate, last: NaiveDate) -> String {
    let mut out = String::new();
    for (year, why) in calendar.provisional_between(first, last) {
        let _ = writeln!(out, "catatan: data hari libur tahun {year} masih sementara ({why})");
    }
    out
}

/// What a day off is: a holiday from a regency's file is not called national, since the
/// file may add a regional one.
fn kind_word(day: &Day) -> &'static str {
    match day.kind {
        DayKind::Holiday if day.is_bundled() => "libur nasional",
        DayKind::Holiday => "hari libur",
        DayKind::CutiBersama => "cuti bersama",
        DayKind::WorkingDay => "hari kerja",
    }
}

fn between(d1: NaiveDate, d2: NaiveDate, file: Option<&PathBuf>) -> Result<String, CalendarError> {
    let calendar = load(file)?;
    let working = calendar.working_days_between(d1, d2)?;
    let days = d2.signed_duration_since(d1).num_days();
    let (first, last) = counted(d1, d2);
    let named: Vec<&Day> = calendar.named_days(first, last);
    let mut out = String::new();
    let _ = writeln!(out, "dari {} sampai {}", dated(d1), dated(d2));
    let _ = writeln!(out, "{working} hari kerja, {days} hari kalender");
    if named.is_empty() {
        let _ = writeln!(out, "tidak ada hari libur nasional atau cuti bersama di antaranya");
    } else {
        let _ = writeln!(out, "hari libur dan cuti bersama di antaranya:");
        let width = named.iter().map(|d| kind_word(d).len()).max().unwrap_or(0);
        for day in named {
            let from = if day.is_bundled() { String::new() } else { format!(" ({})", day.origin) };
            let _ = writeln!(out, "  {:19}  {:width$}  {}{from}", dated(day.date), kind_word(day), day.name);
        }
    }
    if d1 != d2 {
        out.push_str(&provisional_notes(&calendar, first, last));
    }
    Ok(out)
}
