//! Realistic times: staff work in office hours on working days, so times are drawn in a window
//! and moved into office hours when the window allows.

use crate::calendar::CalendarError;
use crate::duration::Unit;
use crate::sim::days::{date_of, Days};
use crate::sim::time::Stamp;
use chrono::{Datelike, Timelike};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Office hours on the working calendar, in one offset.
pub struct Clock<'c> {
    pub days: &'c Days<'c>,
    pub offset: i32,
}

const DAY: i64 = 86_400;

impl Clock<'_> {
    /// The office hours of day number `day` as UTC seconds, if it is a working day.
    fn office(&self, day: i64) -> Option<(i64, i64)> {
        if !self.days.is_working(day).unwrap_or(false) {
            return None;
        }
        let date = date_of(day)?;
        let hours = self.days.calendar().working_hours(date.weekday())?;
        let base = day * DAY - i64::from(self.offset);
        Some((
            base + i64::from(hours.start.num_seconds_from_midnight()),
            base + i64::from(hours.end.num_seconds_from_midnight()),
        ))
    }

    fn stamp(&self, utc: i64) -> Stamp {
        Stamp { utc, offset: self.offset }
    }

    /// A time after `lo` and at or before `hi` (if given), in office hours when possible.
    /// With a limit, one time in seven lands in the last tenth of the window. `None` when the
    /// window is empty.
    pub fn pick(&self, rng: &mut ChaCha8Rng, lo: Stamp, hi: Option<Stamp>) -> Option<Stamp> {
        let candidate = match hi {
            Some(hi) => {
                let span = hi.utc - lo.utc;
                if span < 1 {
                    return None;
                }
                let f: f64 =
                    if rng.random_bool(0.15) { rng.random_range(0.9..=1.0) } else { rng.random_range(0.02..0.9) };
                lo.utc + ((span as f64 * f) as i64).clamp(1, span)
            }
            None => {
                let gap = match rng.random_range(0..10) {
                    0..=5 => rng.random_range(300..3 * 3600),
                    6..=8 => rng.random_range(DAY..2 * DAY),
                    _ => rng.random_range(3 * DAY..7 * DAY),
                };
                lo.utc + gap
            }
        };
        Some(self.stamp(self.snap(rng, candidate, lo.utc, hi.map(|h| h.utc))))
    }

    /// `t` itself in office hours; otherwise shortly before the last office hours that end
    /// before it, or shortly after the next that start after it, whichever fits the window.
    fn snap(&self, rng: &mut ChaCha8Rng, t: i64, lo: i64, hi: Option<i64>) -> i64 {
        let local_day = (t + i64::from(self.offset)).div_euclid(DAY);
        if let Some((start, end)) = self.office(local_day) {
            if (start..=end).contains(&t) {
                return t;
            }
        }
        for back in 0..10 {
            if let Some((start, end)) = self.office(local_day - back) {
                if end <= t {
                    let earlier = (end - rng.random_range(0..1800)).max(start);
                    if earlier > lo {
                        return earlier;
                    }
                    break;
                }
            }
        }
        for ahead in 0..10 {
            if let Some((start, end)) = self.office(local_day + ahead) {
                if start >= t {
                    let later = (start + rng.random_range(0..3600)).min(end);
                    if hi.is_none_or(|h| later <= h) {
                        return later;
                    }
                    break;
                }
            }
        }
        t
    }

    /// A time some units after `due`: late by 1 to 3 days or working days, 1 to 5 hours, or 1 to
    /// 30 minutes, depending on the unit of the missed limit.
    pub fn late(&self, rng: &mut ChaCha8Rng, due: Stamp, unit: Unit) -> Result<Stamp, CalendarError> {
        let t = match unit {
            Unit::Minutes => due.utc + rng.random_range(60..=1800),
            Unit::Hours => due.utc + rng.random_range(3600..=5 * 3600),
            Unit::Days | Unit::Months => due.utc + rng.random_range(1..=3) * DAY - rng.random_range(0..12 * 3600),
            Unit::WorkingDays => {
                let day = self.days.add_working(due.local_day(), rng.random_range(1..=3))?;
                match self.office(day) {
                    Some((start, end)) => rng.random_range(start..=end),
                    None => day * DAY + 10 * 3600 - i64::from(self.offset),
                }
            }
        };
        Ok(self.stamp(t.max(due.utc + 1)))
    }

    /// A moment on the first working day on or after day `day`, in office hours.
    pub fn office_time(&self, rng: &mut ChaCha8Rng, day: i64) -> Result<Stamp, CalendarError> {
        let day = self.days.next_working(day)?;
        Ok(match self.office(day) {
            Some((start, end)) => self.stamp(rng.random_range(start..=end)),
            None => self.stamp(day * DAY + 9 * 3600 - i64::from(self.offset)),
        })
    }
}
