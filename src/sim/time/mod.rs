//! Timestamps of trace events: the instant type, its printed form and day arithmetic.
//! Reading them from text is [`parse`].

mod local;
mod parse;

pub use local::DateOrder;
pub use parse::{parse, Parser, TimeError, EXPECTED};

use chrono::{DateTime, FixedOffset};
use serde::{Serialize, Serializer};
use std::fmt;

/// An instant: seconds since 1970-01-01T00:00:00Z and the offset it was written in (seconds
/// east of UTC), which decides its calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    pub utc: i64,
    pub offset: i32,
}

pub(crate) const DAY: i64 = 86_400;

/// The years an event may be in. A log of complaints has no event in the year 0000 or 9999:
/// such a date is a damaged or placeholder value, and replaying it would stretch the log's span
/// over centuries (a periodic-duty finding for every month of them).
pub const YEARS: (i64, i64) = (2000, 2099);

impl Stamp {
    /// Whether this instant's year, in its own offset, is among [`YEARS`].
    #[inline]
    pub fn in_plausible_years(self) -> bool {
        const FIRST: i64 = days_from_civil(YEARS.0, 1, 1);
        const AFTER: i64 = days_from_civil(YEARS.1 + 1, 1, 1);
        (FIRST..AFTER).contains(&self.local_day())
    }

    /// The year of this instant in its own offset.
    pub fn year(self) -> i64 {
        civil_from_days(self.local_day()).0
    }

    /// The day number (days since 1970-01-01) of this instant in its own offset.
    pub fn local_day(self) -> i64 {
        (self.utc + i64::from(self.offset)).div_euclid(DAY)
    }

    /// 23:59:59 of day number `day` in `offset`.
    pub fn end_of_day(day: i64, offset: i32) -> Stamp {
        Stamp { utc: day * DAY + DAY - 1 - i64::from(offset), offset }
    }

    /// The same instant seen in another offset.
    pub fn in_offset(self, offset: i32) -> Stamp {
        Stamp { utc: self.utc, offset }
    }

    /// As a chrono value, for calendar arithmetic that the fast paths do not cover.
    pub fn to_chrono(self) -> Option<DateTime<FixedOffset>> {
        let offset = FixedOffset::east_opt(self.offset)?;
        Some(DateTime::from_timestamp(self.utc, 0)?.with_timezone(&offset))
    }

    /// From a chrono value.
    pub fn from_chrono(time: DateTime<FixedOffset>) -> Stamp {
        Stamp { utc: time.timestamp(), offset: time.offset().local_minus_utc() }
    }
}

impl fmt::Display for Stamp {
    /// `2025-01-02T10:15:00+07:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let year = civil_from_days((self.utc + i64::from(self.offset)).div_euclid(DAY)).0;
        if !(0..=9999).contains(&year) {
            return match self.to_chrono() {
                Some(time) => write!(f, "{}", time.format("%Y-%m-%dT%H:%M:%S%:z")),
                None => write!(f, "@{}", self.utc),
            };
        }
        let mut text = Vec::with_capacity(25);
        self.write_iso(&mut text);
        f.write_str(std::str::from_utf8(&text).unwrap_or_default())
    }
}

impl Stamp {
    /// Appends `2025-01-02T10:15:00+07:00` to `out`, without going through a formatter.
    pub fn write_iso(self, out: &mut Vec<u8>) {
        let local = self.utc + i64::from(self.offset);
        let (y, m, d) = civil_from_days(local.div_euclid(DAY));
        let secs = local.rem_euclid(DAY);
        let two = |out: &mut Vec<u8>, v: i64| {
            out.push(b'0' + (v / 10 % 10) as u8);
            out.push(b'0' + (v % 10) as u8);
        };
        let year = y.clamp(0, 9999);
        two(out, year / 100);
        two(out, year % 100);
        out.push(b'-');
        two(out, m);
        out.push(b'-');
        two(out, d);
        out.push(b'T');
        two(out, secs / 3600);
        out.push(b':');
        two(out, secs / 60 % 60);
        out.push(b':');
        two(out, secs % 60);
        let off = i64::from(self.offset);
        out.push(if off < 0 { b'-' } else { b'+' });
        two(out, off.abs() / 3600);
        out.push(b':');
        two(out, off.abs() / 60 % 60);
    }
}

/// The proleptic Gregorian date of a day number (H. Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

pub(crate) fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub(crate) fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a date, if the month and day exist (no 2025-02-29).
#[inline(always)]
pub(crate) fn civil_day(year: i64, month: i64, day: i64) -> Option<i64> {
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub const fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<Stamp> {
        parse(text.as_bytes(), 7 * 3600).ok()
    }

    #[test]
    fn plausible_years_run_from_2000_to_2099_in_the_event_s_own_offset() {
        let plausible = |text: &str| at(text).map(Stamp::in_plausible_years);
        assert_eq!(plausible("2000-01-01T00:00:00+07:00"), Some(true));
        assert_eq!(plausible("1999-12-31T23:59:59+07:00"), Some(false));
        assert_eq!(plausible("2099-12-31T23:59:59-02:00"), Some(true));
        assert_eq!(plausible("2100-01-01T00:00:00Z"), Some(false));
    }

    #[test]
    fn local_day_follows_the_offset() {
        let late_evening = at("2025-01-02T23:30:00+07:00").unwrap_or(Stamp { utc: 0, offset: 0 });
        assert_eq!(late_evening.local_day(), days_from_civil(2025, 1, 2));
        assert_eq!(late_evening.in_offset(9 * 3600).local_day(), days_from_civil(2025, 1, 3));
        assert_eq!(late_evening.to_string(), "2025-01-02T23:30:00+07:00");
        let mut fast = Vec::new();
        late_evening.write_iso(&mut fast);
        assert_eq!(String::from_utf8_lossy(&fast), "2025-01-02T23:30:00+07:00");
        for day in -1000..100_000 {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
    }
}
