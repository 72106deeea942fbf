//! Deadlines: a start timestamp plus an amount in one of the units SOPs use.

use super::error::CalendarError;
use super::table::Calendar;
use crate::duration::Unit;
use chrono::{DateTime, FixedOffset, Months, NaiveDate, NaiveDateTime, TimeDelta, TimeZone};

impl Calendar {
    /// When a limit of `amount` `unit` that starts at `start` runs out; on time means at or
    /// before the returned instant.
    ///
    /// - Minutes and hours are elapsed time: `start` plus the amount, in `start`'s offset.
    /// - Days, working days and months are counted on `start`'s own calendar day (in its own
    ///   offset) without counting that day, and end at 23:59:59 of the last day counted:
    ///   `n` hari = the `n`th calendar day after, `n` hari kerja = the `n`th working day after,
    ///   `n` bulan = the same day-of-month `n` months later (clamped to the month's end).
    /// - For days and months, the calendar's `calendar_day_deadline` policy decides whether a
    ///   last day that is a weekend or day off stays (`exact`) or moves to the next working day.
    pub fn deadline(
        &self,
        start: DateTime<FixedOffset>,
        amount: u32,
        unit: Unit,
    ) -> Result<DateTime<FixedOffset>, CalendarError> {
        let n = i64::from(amount);
        let offset = *start.offset();
        let day = start.date_naive();
        match unit {
            Unit::Minutes => elapsed(start, TimeDelta::try_minutes(n), amount, "minutes"),
            Unit::Hours => elapsed(start, TimeDelta::try_hours(n), amount, "hours"),
            Unit::Days => {
                let last = self.add_calendar_days(day, n, self.calendar_day_policy())?;
                end_of_day(last, offset)
            }
            Unit::WorkingDays => end_of_day(self.add_working_days(day, n)?, offset),
            Unit::Months => {
                let last = day
                    .checked_add_months(Months::new(amount))
                    .ok_or_else(|| CalendarError::OutOfRange { what: format!("{day} plus {amount} months") })?;
                end_of_day(self.apply_policy(last, self.calendar_day_policy())?, offset)
            }
        }
    }

    /// [`Calendar::deadline`] for a timestamp without an offset, read in the calendar's time
    /// zone (WIB, +07:00, unless a calendar file sets `timezone`).
    pub fn deadline_local(
        &self,
        start: NaiveDateTime,
        amount: u32,
        unit: Unit,
    ) -> Result<DateTime<FixedOffset>, CalendarError> {
        let start = self
            .timezone()
            .from_local_datetime(&start)
            .single()
            .ok_or_else(|| CalendarError::OutOfRange { what: format!("{start} in {}", self.timezone()) })?;
        self.deadline(start, amount, unit)
    }
}

fn elapsed(
    start: DateTime<FixedOffset>,
    delta: Option<TimeDelta>,
    amount: u32,
    unit: &str,
) -> Result<DateTime<FixedOffset>, CalendarError> {
    delta
        .and_then(|d| start.checked_add_signed(d))
        .ok_or_else(|| CalendarError::OutOfRange { what: format!("{start} plus {amount} {unit}") })
}

/// 23:59:59 of `day` in `offset`.
fn end_of_day(day: NaiveDate, offset: FixedOffset) -> Result<DateTime<FixedOffset>, CalendarError> {
    day.and_hms_opt(23, 59, 59)
        .and_then(|t| offset.from_local_datetime(&t).single())
        .ok_or_else(|| CalendarError::OutOfRange { what: format!("the end of {day}") })
}
