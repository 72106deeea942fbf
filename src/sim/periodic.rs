//! Periodic duties, checked on their own events: every period needs at least one.
//!
//! Periods are aligned to the calendar: `every 1 bulan` is each calendar month, `3 bulan` each
//! quarter, `6 bulan` each half year (from January); `N hari` runs of N days and `N hari kerja`
//! runs of N working days; days off are exempt from daily duties. Only periods that lie wholly
//! between the log's first day and `--as-of` are checked, since the log cannot show the rest.

use super::case::note_error;
use super::days::{date_of, Days};
use super::deviation as codes;
use super::event::{shown, Finding, RawEvent};
use super::flow::Flow;
use super::resolve::Resolver;
use super::time::Stamp;
use crate::duration::{Duration, Unit};
use chrono::Datelike;
use std::collections::BTreeSet;

/// The most periods one duty is checked for, so a duty `every 1 menit` over years stays cheap.
const MAX_PERIODS: i64 = 200_000;

/// The periods seen per duty, and what their events showed.
#[derive(Debug, Clone, Default)]
pub struct Duties {
    seen: Vec<BTreeSet<i64>>,
    pub findings: Vec<Finding>,
}

/// Periods of N days are counted from Monday 1969-12-29, three days before day 0 (a Thursday),
/// so `every 7 hari` is each Monday-to-Sunday week.
const MONDAY_BEFORE_DAY_ZERO: i64 = 3;

/// The period of N days that `day` lies in.
pub fn day_period(day: i64, n: i64) -> i64 {
    (day + MONDAY_BEFORE_DAY_ZERO).div_euclid(n)
}

/// The first and last day of period `p` of N days.
pub fn period_day_span(p: i64, n: i64) -> (i64, i64) {
    let start = p * n - MONDAY_BEFORE_DAY_ZERO;
    (start, start + n - 1)
}

/// The period number of `time` for a duty done `every`.
pub fn period_of(days: &Days<'_>, every: Duration, time: Stamp) -> Option<i64> {
    let n = i64::from(every.amount.max(1));
    match every.unit {
        Unit::Minutes => Some(time.utc.div_euclid(60 * n)),
        Unit::Hours => Some(time.utc.div_euclid(3600 * n)),
        Unit::Days => Some(day_period(time.local_day(), n)),
        Unit::WorkingDays => days.working_ordinal(time.local_day()).map(|o| (o - 1).div_euclid(n)),
        Unit::Months => {
            let date = date_of(time.local_day())?;
            Some((i64::from(date.year()) * 12 + i64::from(date.month0())).div_euclid(n))
        }
    }
}

/// One period: its first and last day (or instants, for minutes and hours) and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub number: i64,
    pub name: String,
    /// When the period ends (23:59:59 of its last day).
    pub end: Stamp,
}

fn day_name(day: i64) -> String {
    date_of(day).map_or_else(|| day.to_string(), |d| d.to_string())
}

fn month_name(month: i64) -> String {
    format!("{}-{:02}", month.div_euclid(12), month.rem_euclid(12) + 1)
}

fn range(first: String, last: String) -> String {
    if first == last {
        first
    } else {
        format!("{first}..{last}")
    }
}

/// The periods of a duty done `every` that lie wholly within `from` .. `to` and need an event
/// (a daily period with no working day needs none).
pub fn periods(days: &Days<'_>, every: Duration, from: Stamp, to: Stamp) -> Result<Vec<Period>, String> {
    let n = i64::from(every.amount.max(1));
    let offset = to.offset;
    let first_day = from.local_day();
    let mut out = Vec::new();
    match every.unit {
        Unit::Minutes | Unit::Hours => {
            let len = if every.unit == Unit::Minutes { 60 * n } else { 3600 * n };
            let first = (from.utc + len - 1).div_euclid(len);
            for p in (first..).take_while(|p| (p + 1) * len - 1 <= to.utc).take(MAX_PERIODS as usize) {
                let start = Stamp { utc: p * len, offset };
                out.push(Period { number: p, name: start.to_string(), end: Stamp { utc: (p + 1) * len - 1, offset } });
            }
        }
        Unit::Days => {
            // The first period that starts on or after the first day.
            let first = day_period(first_day + n - 1, n);
            for p in (first..).take(MAX_PERIODS as usize) {
                let (start, last) = period_day_span(p, n);
                let end = Stamp::end_of_day(last, offset);
                if end.utc > to.utc {
                    break;
                }
                let mut working = false;
                for day in start..=last {
                    working |= days.is_working(day).map_err(|e| e.to_string())?;
                }
                if working {
                    out.push(Period { number: p, name: range(day_name(start), day_name(last)), end });
                }
            }
        }
        Unit::WorkingDays => {
            let Some(ordinal) = days.working_ordinal(first_day) else {
                return Err(format!("no holiday data for the days from {}", day_name(first_day)));
            };
            let first = (ordinal - 1 + n - 1).div_euclid(n);
            for p in (first..).take(MAX_PERIODS as usize) {
                let (Some(start), Some(last)) = (days.working_day(p * n + 1), days.working_day(p * n + n)) else {
                    break;
                };
                let end = Stamp::end_of_day(last, offset);
                if end.utc > to.utc {
                    break;
                }
                out.push(Period { number: p, name: range(day_name(start), day_name(last)), end });
            }
        }
        Unit::Months => {
            let Some(date) = date_of(first_day) else { return Ok(out) };
            let month = i64::from(date.year()) * 12 + i64::from(date.month0());
            // The first whole period starts at a month boundary on or after the first day.
            let start_month = if date.day() == 1 { month } else { month + 1 };
            let first = (start_month + n - 1).div_euclid(n);
            for p in (first..).take(MAX_PERIODS as usize) {
                let last_month = p * n + n - 1;
                let next = last_month + 1;
                let Some(next_first) = chrono::NaiveDate::from_ymd_opt(
                    i32::try_from(next.div_euclid(12)).unwrap_or(i32::MAX),
                    u32::try_from(next.rem_euclid(12) + 1).unwrap_or(1),
                    1,
                ) else {
                    break;
                };
                let end = Stamp::end_of_day(super::days::day_of(next_first) - 1, offset);
                if end.utc > to.utc {
                    break;
                }
                out.push(Period { number: p, name: range(month_name(p * n), month_name(last_month)), end });
            }
        }
    }
    Ok(out)
}

impl Duties {
    /// No events yet, for the duties of `flow`'s model.
    pub fn new(flow: &Flow<'_>) -> Duties {
        Duties { seen: vec![BTreeSet::new(); flow.model.periodic.len()], findings: Vec::new() }
    }

    /// An event of duty `d`.
    pub fn event(&mut self, flow: &Flow<'_>, days: &Days<'_>, resolver: &Resolver, d: usize, ev: &RawEvent<'_>) {
        let Some(duty) = flow.model.periodic.get(d) else { return };
        if let (Some(every), Some(seen)) = (duty.every, self.seen.get_mut(d)) {
            if let Some(p) = period_of(days, every, ev.time) {
                seen.insert(p);
            }
        }
        let Some(written) = ev.actor else { return };
        let actor = resolver.actor(written);
        if duty.actors.is_empty() || actor.is_some_and(|a| duty.actors.contains(&a)) {
            return;
        }
        let performers = duty.actors.iter().map(|a| format!("'{}'", flow.actor_id(*a))).collect::<Vec<_>>().join(", ");
        let message = match actor {
            Some(a) => format!("'{}' did duty '{}', which is performed by {performers}", flow.actor_id(a), duty.id),
            None => {
                format!("'{}' is not an actor of the SOP; '{}' is performed by {performers}", shown(written), duty.id)
            }
        };
        let mut finding = Finding::new(codes::WRONG_ACTOR, message).item(&duty.id).at(ev.loc).when(ev.time);
        finding.actor = Some(actor.map_or_else(|| shown(written), |a| flow.actor_id(a).to_string()));
        self.findings.push(finding);
    }

    /// Reports every whole period between `from` and `as_of` without an event.
    pub fn finish(&mut self, flow: &Flow<'_>, days: &Days<'_>, from: Stamp, as_of: Stamp, errors: &mut Vec<String>) {
        for (d, duty) in flow.model.periodic.iter().enumerate() {
            let Some(every) = duty.every else { continue };
            let list = match periods(days, every, from, as_of) {
                Ok(list) => list,
                Err(e) => {
                    note_error(errors, e);
                    continue;
                }
            };
            let seen = self.seen.get(d);
            for period in list {
                if seen.is_some_and(|s| s.contains(&period.number)) {
                    continue;
                }
                let message = format!("no event of duty '{}' in {} (every {every})", duty.id, period.name);
                self.findings.push(Finding::new(codes::DUTY_MISSED, message).item(&duty.id).when(period.end));
            }
        }
    }
}
