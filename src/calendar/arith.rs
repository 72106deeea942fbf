//! Counting days: working days forwards and backwards, calendar days under a policy.
//!
//! The convention, everywhere: the start day itself is never counted. `n` working days after a
//! date is the `n`th working day strictly after it; the days between two dates are those after
//! the first, up to and including the second. docs/calendar.md has worked examples.

use super::data::CalendarDayPolicy;
use super::error::CalendarError;
use super::table::Calendar;
use chrono::{Days, NaiveDate};

impl Calendar {
    /// The `n`th working day after `date` (`n` < 0: the `|n|`th working day before it).
    ///
    /// The start day does not count, whether it is a working day or not, so a count that
    /// starts on a day off begins with the next working day. `n = 0` gives `date` itself.
    /// Only the days stepped over must lie in covered years.
    pub fn add_working_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate, CalendarError> {
        let forward = n > 0;
        let mut left = n.unsigned_abs();
        let mut day = date;
        while left > 0 {
            day = step(day, forward)?;
            if self.is_working_day(day)? {
                left -= 1;
            }
        }
        Ok(day)
    }

    /// The number of working days from `from` to `to`, signed.
    ///
    /// When `to` is not before `from`: the working days after `from` up to and including `to`.
    /// When `to` is before `from`: minus the working days from `to` up to but excluding `from`.
    /// So `add_working_days(from, working_days_between(from, to)?)` is `to` whenever `to` is a
    /// working day (otherwise the nearest working day from `to` towards `from`, or `from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<i64, CalendarError> {
        if to >= from {
            self.count_working_days(step(from, true)?, to)
        } else {
            Ok(-self.count_working_days(to, step(from, false)?)?)
        }
    }

    /// The working days from `first` to `last`, both included (zero when `last < first`).
    fn count_working_days(&self, first: NaiveDate, last: NaiveDate) -> Result<i64, CalendarError> {
        let mut count = 0;
        for day in first.iter_days().take_while(|d| *d <= last) {
            if self.is_working_day(day)? {
                count += 1;
            }
        }
        Ok(count)
    }

    /// `date` itself when it is a working day, otherwise the first working day after it.
    pub fn next_working_day(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let mut day = date;
        while !self.is_working_day(day)? {
            day = step(day, true)?;
        }
        Ok(day)
    }

    /// `date` plus `n` calendar days; under [`CalendarDayPolicy::NextWorkingDay`] a result on
    /// a day off moves to the next working day. Under `Exact` no holiday data is needed.
    pub fn add_calendar_days(
        &self,
        date: NaiveDate,
        n: i64,
        policy: CalendarDayPolicy,
    ) -> Result<NaiveDate, CalendarError> {
        let days = Days::new(n.unsigned_abs());
        let end = if n >= 0 { date.checked_add_days(days) } else { date.checked_sub_days(days) }
            .ok_or_else(|| CalendarError::OutOfRange { what: format!("{date} plus {n} days") })?;
        self.apply_policy(end, policy)
    }

    /// The day a calendar-day count ending on `end` really ends on, under `policy`.
    pub(crate) fn apply_policy(&self, end: NaiveDate, policy: CalendarDayPolicy) -> Result<NaiveDate, CalendarError> {
        match policy {
            CalendarDayPolicy::Exact => Ok(end),
            CalendarDayPolicy::NextWorkingDay => self.next_working_day(end),
        }
    }
}

/// The day after (or before) `day`.
fn step(day: NaiveDate, forward: bool) -> Result<NaiveDate, CalendarError> {
    let next = if forward { day.succ_opt() } else { day.pred_opt() };
    next.ok_or_else(|| CalendarError::OutOfRange {
        what: format!("the day {} {day}", if forward { "after" } else { "before" }),
    })
}
