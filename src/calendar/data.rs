//! Calendar files: the TOML format, read and checked into plain values.
//!
//! The format is described for policy staff in docs/calendar.md. Every check that fails names
//! the file, line and column, so a regency can fix its own file without reading code.

use super::error::CalendarError;
use super::weekday::{parse_weekday, WeekdaySet};
use chrono::{FixedOffset, NaiveDate, NaiveTime, Weekday};
use serde::Deserialize;
use toml::value::Datetime;
use toml::Spanned;

/// What happens when a limit in calendar days or months ends on a day off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CalendarDayPolicy {
    /// The deadline stays on the day the count ends on, working day or not.
    #[default]
    Exact,
    /// The deadline moves to the next working day when the count ends on a day off.
    NextWorkingDay,
}

/// What a calendar file says about one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DayKind {
    /// *Hari libur nasional* (or a regional holiday): offices are closed.
    Holiday,
    /// *Cuti bersama*: offices are closed.
    CutiBersama,
    /// A day declared a working day, even if it is a weekend or was a day off.
    WorkingDay,
}

/// A date named in a calendar file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
    /// The file that named it (`calendars/id-2025.toml` or the override's path).
    pub origin: String,
}

impl Day {
    /// Whether the day comes from the bundled national data rather than a regency's file.
    pub fn is_bundled(&self) -> bool {
        self.origin == super::bundled::BASE.0 || super::bundled::YEARS.iter().any(|(origin, _)| self.origin == *origin)
    }
}

/// Office hours on some weekdays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingHours {
    pub days: Vec<Weekday>,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// A decree a calendar file is based on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub decree: String,
    pub note: Option<String>,
    pub origin: String,
}

/// One calendar file, checked.
#[derive(Debug, Clone, Default)]
pub(crate) struct CalendarFile {
    pub year: Option<i32>,
    /// Why the days of `year` are not yet certain, when they are not.
    pub provisional: Option<String>,
    pub weekend: Option<WeekdaySet>,
    pub timezone: Option<FixedOffset>,
    pub policy: Option<CalendarDayPolicy>,
    pub working_hours: Option<Vec<WorkingHours>>,
    pub sources: Vec<Source>,
    pub days: Vec<Day>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    year: Option<Spanned<i64>>,
    provisional: Option<Spanned<String>>,
    weekend: Option<Spanned<Vec<Spanned<String>>>>,
    timezone: Option<Spanned<String>>,
    calendar_day_deadline: Option<CalendarDayPolicy>,
    working_hours: Option<Vec<RawHours>>,
    #[serde(default)]
    source: Vec<RawSource>,
    #[serde(default)]
    holiday: Vec<RawDay>,
    #[serde(default)]
    cuti_bersama: Vec<RawDay>,
    #[serde(default)]
    working_day: Vec<RawDay>,
    #[serde(default)]
    known_difference: Vec<RawKnownDifference>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDay {
    date: Spanned<Datetime>,
    name: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHours {
    days: Spanned<Vec<Spanned<String>>>,
    start: Spanned<String>,
    end: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    decree: String,
    note: Option<String>,
}

/// A difference with the Python `holidays` package, explained (read by tests/holidays_compare.py).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKnownDifference {
    date: Spanned<Datetime>,
    reason: Spanned<String>,
}

/// Reads and checks the calendar file `origin` whose contents are `text`.
pub(crate) fn parse(origin: &str, text: &str) -> Result<CalendarFile, CalendarError> {
    let raw: RawFile = toml::from_str(text)
        .map_err(|e| CalendarError::data(origin, text, e.span().map(|s| s.start), toml_message(e.message())))?;
    Checker { origin, text }.check(raw)
}

/// The TOML reader's message on one line, with a hint where a common slip is likely.
fn toml_message(message: &str) -> String {
    let one_line = message.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(": ");
    if one_line.contains("expected a TOML datetime") {
        format!("{one_line}; write dates without quotes, like `date = 2025-04-01`")
    } else if one_line.contains("invalid date-time") {
        format!("{one_line}; expected a real date, like `date = 2025-04-01`")
    } else {
        one_line
    }
}

/// Turns the raw TOML values of one file into checked values.
struct Checker<'a> {
    origin: &'a str,
    text: &'a str,
}

impl Checker<'_> {
    fn error(&self, at: usize, message: String) -> CalendarError {
        CalendarError::data(self.origin, self.text, Some(at), message)
    }

    fn check(&self, raw: RawFile) -> Result<CalendarFile, CalendarError> {
        let year = raw.year.as_ref().map(|y| self.year(y)).transpose()?;
        let mut days = Vec::new();
        for (list, kind) in [(&raw.holiday, DayKind::Holiday), (&raw.cuti_bersama, DayKind::CutiBersama)] {
            for entry in list {
                days.push(self.day(entry, kind, year)?);
            }
        }
        for entry in &raw.working_day {
            let work = self.day(entry, DayKind::WorkingDay, year)?;
            if let Some(off) = days.iter().find(|d| d.date == work.date) {
                return Err(self.error(
                    entry.date.span().start,
                    format!(
                        "{} is listed both as a working day and as a day off ('{}') in this file",
                        work.date, off.name
                    ),
                ));
            }
            days.push(work);
        }
        if let Some(reason) = &raw.provisional {
            self.not_blank(reason, "reason in `provisional`")?;
            if year.is_none() {
                return Err(self.error(
                    reason.span().start,
                    "`provisional` says why a year's days are not yet certain; give the file's `year` too".into(),
                ));
            }
        }
        for known in &raw.known_difference {
            self.date(&known.date, year)?;
            self.not_blank(&known.reason, "reason")?;
        }
        Ok(CalendarFile {
            year,
            provisional: raw.provisional.map(|p| p.into_inner()),
            weekend: raw.weekend.as_ref().map(|w| self.weekend(w)).transpose()?,
            timezone: raw.timezone.as_ref().map(|t| self.timezone(t)).transpose()?,
            policy: raw.calendar_day_deadline,
            working_hours: raw
                .working_hours
                .as_ref()
                .map(|hours| hours.iter().map(|h| self.hours(h)).collect())
                .transpose()?,
            sources: raw
                .source
                .into_iter()
                .map(|s| Source { decree: s.decree, note: s.note, origin: self.origin.to_string() })
                .collect(),
            days,
        })
    }

    fn year(&self, year: &Spanned<i64>) -> Result<i32, CalendarError> {
        match i32::try_from(*year.get_ref()) {
            Ok(y) if (1..=9999).contains(&y) => Ok(y),
            _ => Err(self
                .error(year.span().start, format!("'{}' is not a year; expected e.g. `year = 2025`", year.get_ref()))),
        }
    }

    fn date(&self, date: &Spanned<Datetime>, year: Option<i32>) -> Result<NaiveDate, CalendarError> {
        let at = date.span().start;
        let value = date.get_ref();
        let day = match (value.date, value.time, value.offset) {
            (Some(d), None, None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                    .ok_or_else(|| self.error(at, format!("'{value}' is not a day of the calendar")))?
            }
            _ => {
                return Err(self.error(at, format!("expected a date without a time, like 2025-04-01, found '{value}'")))
            }
        };
        match year {
            Some(y) if chrono::Datelike::year(&day) != y => {
                Err(self.error(at, format!("date {day} is not in {y}, the `year` of this file")))
            }
            _ => Ok(day),
        }
    }

    fn not_blank(&self, text: &Spanned<String>, what: &str) -> Result<(), CalendarError> {
        if text.get_ref().trim().is_empty() {
            Err(self.error(text.span().start, format!("the {what} is empty")))
        } else {
            Ok(())
        }
    }

    fn day(&self, raw: &RawDay, kind: DayKind, year: Option<i32>) -> Result<Day, CalendarError> {
        self.not_blank(&raw.name, "name")?;
        Ok(Day {
            date: self.date(&raw.date, year)?,
            kind,
            name: raw.name.get_ref().trim().to_string(),
            origin: self.origin.to_string(),
        })
    }

    fn weekdays(&self, names: &[Spanned<String>]) -> Result<Vec<Weekday>, CalendarError> {
        names
            .iter()
            .map(|n| {
                parse_weekday(n.get_ref()).ok_or_else(|| {
                    self.error(
                        n.span().start,
                        format!("unknown day '{}'; expected a day name such as 'saturday' or 'sabtu'", n.get_ref()),
                    )
                })
            })
            .collect()
    }

    fn weekend(&self, raw: &Spanned<Vec<Spanned<String>>>) -> Result<WeekdaySet, CalendarError> {
        let set = WeekdaySet::of(&self.weekdays(raw.get_ref())?);
        if set.is_full() {
            return Err(self.error(
                raw.span().start,
                "the weekend holds all seven days, so no day could be a working day".to_string(),
            ));
        }
        Ok(set)
    }

    fn timezone(&self, raw: &Spanned<String>) -> Result<FixedOffset, CalendarError> {
        parse_offset(raw.get_ref()).ok_or_else(|| {
            self.error(
                raw.span().start,
                format!("unknown time zone '{}'; expected an offset like \"+07:00\" or WIB, WITA, WIT", raw.get_ref()),
            )
        })
    }

    fn time(&self, raw: &Spanned<String>) -> Result<NaiveTime, CalendarError> {
        NaiveTime::parse_from_str(raw.get_ref().trim(), "%H:%M").map_err(|_| {
            self.error(raw.span().start, format!("expected a time like \"07:30\", found '{}'", raw.get_ref()))
        })
    }

    fn hours(&self, raw: &RawHours) -> Result<WorkingHours, CalendarError> {
        let start = self.time(&raw.start)?;
        let end = self.time(&raw.end)?;
        if end <= start {
            return Err(
                self.error(raw.end.span().start, format!("office hours end at {end}, before they start at {start}"))
            );
        }
        Ok(WorkingHours { days: self.weekdays(raw.days.get_ref())?, start, end })
    }
}

/// Reads `+07:00`, `-03:30`, or an Indonesian zone name (WIB, WITA, WIT, Asia/Jakarta ...).
fn parse_offset(text: &str) -> Option<FixedOffset> {
    let hours = match text.trim() {
        "WIB" | "Asia/Jakarta" | "Asia/Pontianak" => Some(7),
        "WITA" | "Asia/Makassar" => Some(8),
        "WIT" | "Asia/Jayapura" => Some(9),
        _ => None,
    };
    if let Some(h) = hours {
        return FixedOffset::east_opt(h * 3600);
    }
    let text = text.trim();
    let sign = match text.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let (hh, mm) = text.get(1..)?.split_once(':')?;
    if hh.len() != 2 || mm.len() != 2 {
        return None;
    }
    let hh: i32 = hh.parse().ok()?;
    let mm: i32 = mm.parse().ok()?;
    if hh > 14 || mm > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hh * 3600 + mm * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_read_as_numbers_or_zone_names() {
        let wib = FixedOffset::east_opt(7 * 3600);
        assert_eq!(parse_offset("+07:00"), wib);
        assert_eq!(parse_offset("WIB"), wib);
        assert_eq!(parse_offset("-03:30"), FixedOffset::west_opt(3 * 3600 + 1800));
        assert_eq!(parse_offset("07:00"), None);
        assert_eq!(parse_offset("+7"), None);
    }
}
