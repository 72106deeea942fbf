//! Deadlines at audit speed: the [`Calendar`]'s semantics, looked up in a table.
//!
//! `Calendar::deadline` walks day by day through a map of named days, which is right but too
//! slow for millions of events. [`Days`] precomputes, for the run of consecutive covered years,
//! which days are working days and their running count, so "the `n`th working day after" is one
//! lookup. Anything outside that run is handed to the `Calendar` itself, which also produces
//! the errors (a year without holiday data). A test checks both agree on every day.

use super::time::Stamp;
use crate::calendar::{Calendar, CalendarDayPolicy, CalendarError};
use crate::duration::{Duration, Unit};
use chrono::{Datelike, NaiveDate};
use std::cell::Cell;

/// Days since 1970-01-01 of 0001-01-01 (chrono counts days from the common era).
const CE_TO_UNIX: i64 = 719_163;

/// The calendar with a lookup table for its covered years.
#[derive(Debug, Clone)]
pub struct Days<'c> {
    calendar: &'c Calendar,
    /// Day number of the table's first day.
    base: i64,
    /// Per day of the table: the number of working days from the table's start up to and
    /// including it.
    count: Vec<u32>,
    /// The day numbers of the table's working days, in order.
    working: Vec<i64>,
    policy: CalendarDayPolicy,
    /// The latest day a deadline in working or calendar days ran to, so a report can say when
    /// its verdict rests on a provisional year's days.
    latest: Cell<Option<i64>>,
}

/// How late something was, in the unit of the limit it missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Late {
    pub amount: i64,
    pub unit: Unit,
}

/// The date of a day number.
pub fn date_of(day: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(day + CE_TO_UNIX).ok()?)
}

/// The day number of a date.
pub fn day_of(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - CE_TO_UNIX
}

fn out_of_range(what: &str) -> CalendarError {
    CalendarError::OutOfRange { what: what.to_string() }
}

impl<'c> Days<'c> {
    /// The table for the longest run of consecutive years `calendar` covers, starting with
    /// the first covered year.
    pub fn new(calendar: &'c Calendar) -> Days<'c> {
        let years = calendar.covered_years();
        let mut run: Vec<i32> = Vec::new();
        for year in years {
            match run.last() {
                Some(last) if year != last + 1 => break,
                _ => run.push(year),
            }
        }
        let mut days = Days {
            calendar,
            base: 0,
            count: Vec::new(),
            working: Vec::new(),
            policy: calendar.calendar_day_policy(),
            latest: Cell::new(None),
        };
        let (Some(first), Some(last)) = (run.first(), run.last()) else { return days };
        let (Some(start), Some(end)) = (NaiveDate::from_ymd_opt(*first, 1, 1), NaiveDate::from_ymd_opt(*last, 12, 31))
        else {
            return days;
        };
        days.base = day_of(start);
        let mut total = 0u32;
        for date in start.iter_days().take_while(|d| *d <= end) {
            if calendar.is_working_day(date).unwrap_or(false) {
                total += 1;
                days.working.push(day_of(date));
            }
            days.count.push(total);
        }
        days
    }

    /// The calendar the table was built from.
    pub fn calendar(&self) -> &'c Calendar {
        self.calendar
    }

    fn index(&self, day: i64) -> Option<usize> {
        usize::try_from(day - self.base).ok().filter(|i| *i < self.count.len())
    }

    /// Working days from the table's start up to and including `day`, when `day` is in it.
    fn count_at(&self, day: i64) -> Option<u32> {
        self.count.get(self.index(day)?).copied()
    }

    /// Whether `day` is a working day.
    pub fn is_working(&self, day: i64) -> Result<bool, CalendarError> {
        let before = if day > self.base { self.count_at(day - 1) } else { Some(0) };
        match (self.count_at(day), before) {
            (Some(now), Some(before)) => Ok(now > before),
            _ => self.calendar.is_working_day(date_of(day).ok_or_else(|| out_of_range("a day"))?),
        }
    }

    /// The `n`th working day after `day` (`n` ≥ 0; the day itself does not count).
    pub fn add_working(&self, day: i64, n: u32) -> Result<i64, CalendarError> {
        if let Some(found) = self.count_at(day).and_then(|c| {
            let target = usize::try_from(c + n).ok()?;
            if n == 0 {
                return Some(day);
            }
            self.working.get(target.checked_sub(1)?).copied()
        }) {
            return Ok(found);
        }
        let date = date_of(day).ok_or_else(|| out_of_range("a day"))?;
        Ok(day_of(self.calendar.add_working_days(date, i64::from(n))?))
    }

    /// `day` when it is a working day, otherwise the first working day after it.
    pub fn next_working(&self, day: i64) -> Result<i64, CalendarError> {
        if self.is_working(day)? {
            return Ok(day);
        }
        self.add_working(day, 1)
    }

    /// The 1-based number, counted from the table's first day, of the working day on or after
    /// `day`; `None` outside the table.
    pub fn working_ordinal(&self, day: i64) -> Option<i64> {
        let before = if day > self.base { self.count_at(day - 1)? } else { 0 };
        self.count_at(day)?;
        let ordinal = i64::from(before) + 1;
        (usize::try_from(ordinal).ok()? <= self.working.len()).then_some(ordinal)
    }

    /// The day of working day number `ordinal` (see [`Days::working_ordinal`]).
    pub fn working_day(&self, ordinal: i64) -> Option<i64> {
        self.working.get(usize::try_from(ordinal.checked_sub(1)?).ok()?).copied()
    }

    /// Working days after `from` up to and including `to` (`to` ≥ `from`).
    fn working_between(&self, from: i64, to: i64) -> Result<i64, CalendarError> {
        if let (Some(a), Some(b)) = (self.count_at(from), self.count_at(to)) {
            return Ok(i64::from(b) - i64::from(a));
        }
        let (Some(a), Some(b)) = (date_of(from), date_of(to)) else { return Err(out_of_range("a day")) };
        self.calendar.working_days_between(a, b)
    }

    /// When a limit of `limit` starting at `start` runs out: exactly `Calendar::deadline`.
    pub fn deadline(&self, start: Stamp, limit: Duration) -> Result<Stamp, CalendarError> {
        let n = limit.amount;
        match limit.unit {
            Unit::Minutes => Ok(Stamp { utc: start.utc + i64::from(n) * 60, offset: start.offset }),
            Unit::Hours => Ok(Stamp { utc: start.utc + i64::from(n) * 3600, offset: start.offset }),
            Unit::WorkingDays => {
                let last = self.add_working(start.local_day(), n)?;
                self.reached(last);
                Ok(Stamp::end_of_day(last, start.offset))
            }
            Unit::Days => {
                let last = start.local_day() + i64::from(n);
                let last = match self.policy {
                    // Counted without holiday data: a provisional year does not decide it.
                    CalendarDayPolicy::Exact => last,
                    CalendarDayPolicy::NextWorkingDay => {
                        let moved = self.next_working(last)?;
                        self.reached(moved);
                        moved
                    }
                };
                Ok(Stamp::end_of_day(last, start.offset))
            }
            Unit::Months => {
                let time = start.to_chrono().ok_or_else(|| out_of_range("a timestamp"))?;
                let due = Stamp::from_chrono(self.calendar.deadline(time, n, Unit::Months)?);
                // Moved off a day off, it rests on that year's holiday data, as for days.
                if self.policy == CalendarDayPolicy::NextWorkingDay {
                    self.reached(due.local_day());
                }
                Ok(due)
            }
        }
    }

    /// A moment the deadline of `limit` from `start` is never before, found without the
    /// tables: `n` working or calendar days end no earlier than the end of the `n`th calendar
    /// day after the start's day. An event up to then is on time, whatever the holidays.
    #[inline]
    pub fn earliest_deadline(start: Stamp, limit: Duration) -> i64 {
        let n = i64::from(limit.amount);
        match limit.unit {
            Unit::Minutes => start.utc + n * 60,
            Unit::Hours => start.utc + n * 3600,
            Unit::WorkingDays | Unit::Days => Stamp::end_of_day(start.local_day() + n, start.offset).utc,
            Unit::Months => start.utc,
        }
    }

    fn reached(&self, day: i64) {
        if self.latest.get().is_none_or(|l| day > l) {
            self.latest.set(Some(day));
        }
    }

    /// The latest day a deadline in working or calendar days ran to so far.
    pub fn latest_day(&self) -> Option<i64> {
        self.latest.get()
    }

    /// How late `done` is after `due`, in the unit of the limit: minutes and hours rounded up,
    /// calendar days (also for months) between the two days, and for working days the count
    /// up to the working day on or after `done`'s day, so a Saturday after a Friday deadline
    /// is 1 hari kerja late. `done` must be after `due`.
    pub fn lateness(&self, done: Stamp, due: Stamp, unit: Unit) -> Result<Late, CalendarError> {
        let seconds = done.utc - due.utc;
        let done = done.in_offset(due.offset);
        let late = match unit {
            Unit::Minutes => Late { amount: (seconds + 59) / 60, unit },
            Unit::Hours => Late { amount: (seconds + 3599) / 3600, unit },
            Unit::Days | Unit::Months => Late { amount: done.local_day() - due.local_day(), unit: Unit::Days },
            Unit::WorkingDays => {
                let landed = self.next_working(done.local_day())?;
                Late { amount: self.working_between(due.local_day(), landed)?, unit }
            }
        };
        Ok(late)
    }

    /// The calendar year and month (1-12) of a day number.
    pub fn year_month(day: i64) -> Option<(i32, u32)> {
        date_of(day).map(|d| (d.year(), d.month()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_and_calendar_agree_on_every_covered_day() -> Result<(), CalendarError> {
        let calendar = Calendar::bundled()?;
        let days = Days::new(&calendar);
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).ok_or_else(|| out_of_range("start"))?;
        let end = NaiveDate::from_ymd_opt(2027, 11, 30).ok_or_else(|| out_of_range("end"))?;
        for date in start.iter_days().take_while(|d| *d <= end) {
            let at = Stamp { utc: (day_of(date)) * 86_400 + 3600, offset: 7 * 3600 };
            let time = at.to_chrono().ok_or_else(|| out_of_range("time"))?;
            for n in [1, 3, 14] {
                for unit in [Unit::WorkingDays, Unit::Days] {
                    let expected = Stamp::from_chrono(calendar.deadline(time, n, unit)?);
                    assert_eq!(days.deadline(at, Duration { amount: n, unit })?, expected, "{date} + {n} {unit:?}");
                }
            }
        }
        Ok(())
    }

    #[test]
    fn no_deadline_is_before_its_earliest_deadline() -> Result<(), CalendarError> {
        let calendar = Calendar::bundled()?;
        let days = Days::new(&calendar);
        let first = day_of(NaiveDate::from_ymd_opt(2024, 1, 1).ok_or_else(|| out_of_range("start"))?);
        let mut exact = 0;
        for day in first..first + 3 * 365 {
            let at = Stamp { utc: day * 86_400 + 5 * 3600, offset: 7 * 3600 };
            for unit in [Unit::WorkingDays, Unit::Days, Unit::Hours, Unit::Minutes] {
                for amount in [0, 1, 3, 14, 60] {
                    let limit = Duration { amount, unit };
                    let (due, earliest) = (days.deadline(at, limit)?.utc, Days::earliest_deadline(at, limit));
                    assert!(earliest <= due, "{day} + {amount} {unit:?}");
                    exact += usize::from(earliest == due);
                }
            }
        }
        // The bound is the deadline itself for elapsed time and deadlines not moved by holidays.
        assert!(exact > 3 * 365 * 12, "{exact}");
        Ok(())
    }

    #[test]
    fn a_day_outside_the_covered_years_is_an_error_not_a_guess() -> Result<(), CalendarError> {
        let calendar = Calendar::bundled()?;
        let days = Days::new(&calendar);
        let late_2027 =
            Stamp { utc: day_of(NaiveDate::from_ymd_opt(2027, 12, 30).unwrap_or_default()) * 86_400, offset: 0 };
        assert!(days.deadline(late_2027, Duration { amount: 5, unit: Unit::WorkingDays }).is_err());
        Ok(())
    }

    #[test]
    fn a_month_limit_moved_off_a_day_off_counts_as_reaching_that_day() -> Result<(), CalendarError> {
        let calendar = Calendar::bundled()?.with_toml("kab.toml", "calendar_day_deadline = \"next-working-day\"\n")?;
        let days = Days::new(&calendar);
        // 1 December 2026 + 1 bulan is Tahun Baru 2027, a Friday: moved to Monday 4 January.
        let start = Stamp { utc: day_of(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default()) * 86_400, offset: 0 };
        let due = days.deadline(start, Duration { amount: 1, unit: Unit::Months })?;
        let monday = day_of(NaiveDate::from_ymd_opt(2027, 1, 4).unwrap_or_default());
        assert_eq!((due.local_day(), days.latest_day()), (monday, Some(monday)));
        Ok(())
    }

    #[test]
    fn a_saturday_after_a_friday_deadline_is_one_working_day_late() -> Result<(), CalendarError> {
        let calendar = Calendar::bundled()?;
        let days = Days::new(&calendar);
        let friday = day_of(NaiveDate::from_ymd_opt(2025, 2, 7).unwrap_or_default());
        let due = Stamp::end_of_day(friday, 25_200);
        let saturday = Stamp { utc: due.utc + 3600 * 10, offset: 25_200 };
        assert_eq!(days.lateness(saturday, due, Unit::WorkingDays)?, Late { amount: 1, unit: Unit::WorkingDays });
        let tuesday = Stamp { utc: due.utc + 86_400 * 4, offset: 25_200 };
        assert_eq!(days.lateness(tuesday, due, Unit::WorkingDays)?, Late { amount: 2, unit: Unit::WorkingDays });
        Ok(())
    }
}
