//! The `Calendar`: every loaded file merged into one table of days off and working days.

use super::bundled;
use super::data::{self, CalendarDayPolicy, CalendarFile, Day, DayKind, Source, WorkingHours};
use super::error::CalendarError;
use super::weekday::WeekdaySet;
use chrono::{Datelike, FixedOffset, NaiveDate, Weekday};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Working days and days off for the years its files cover.
///
/// Built from the bundled files ([`Calendar::bundled`]) and optionally a regency's own file
/// ([`Calendar::with_overrides`]); later files win over earlier ones for the same date.
#[derive(Debug, Clone)]
pub struct Calendar {
    /// Named dates; a date holds either days off (one or more names) or one working day.
    days: BTreeMap<NaiveDate, Vec<Day>>,
    covered: BTreeSet<i32>,
    weekend: WeekdaySet,
    timezone: FixedOffset,
    policy: CalendarDayPolicy,
    working_hours: Vec<WorkingHours>,
    sources: Vec<Source>,
    /// Covered years whose days are not yet certain, and why.
    provisional: BTreeMap<i32, String>,
}

/// What a date is, once every file has been applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayStatus<'a> {
    /// A working day: a weekday that no file closes, or a day a file declares a working day.
    Working,
    /// A weekend day that no file names.
    Weekend,
    /// A holiday or cuti bersama, with every name the files give it.
    Off(&'a [Day]),
}

impl Calendar {
    /// The bundled Indonesian calendar: `calendars/base.toml` and every `calendars/id-YEAR.toml`.
    pub fn bundled() -> Result<Calendar, CalendarError> {
        let (origin, text) = bundled::BASE;
        let mut calendar = Calendar::from_file(data::parse(origin, text)?)?;
        for (origin, text) in bundled::YEARS {
            calendar.apply(data::parse(origin, text)?);
        }
        Ok(calendar)
    }

    /// The bundled calendar with a regency's own calendar file applied on top.
    pub fn with_overrides(path: impl AsRef<Path>) -> Result<Calendar, CalendarError> {
        Calendar::bundled()?.with_file(path)
    }

    /// This calendar with the calendar file at `path` applied on top.
    pub fn with_file(self, path: impl AsRef<Path>) -> Result<Calendar, CalendarError> {
        let path = path.as_ref();
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| CalendarError::Io { file: origin.clone(), message: e.to_string() })?;
        self.with_toml(&origin, &text)
    }

    /// This calendar with the calendar file text `text` applied on top; `origin` names it in
    /// errors and in [`Day::origin`].
    pub fn with_toml(mut self, origin: &str, text: &str) -> Result<Calendar, CalendarError> {
        self.apply(data::parse(origin, text)?);
        Ok(self)
    }

    /// The calendar of the base file alone; it must set everything a calendar needs.
    fn from_file(base: CalendarFile) -> Result<Calendar, CalendarError> {
        let (origin, _) = bundled::BASE;
        let missing = |key: &str| CalendarError::Data {
            file: origin.to_string(),
            location: None,
            message: format!("the base calendar does not set `{key}`"),
        };
        let mut calendar = Calendar {
            days: BTreeMap::new(),
            covered: BTreeSet::new(),
            weekend: base.weekend.ok_or_else(|| missing("weekend"))?,
            timezone: base.timezone.ok_or_else(|| missing("timezone"))?,
            policy: base.policy.unwrap_or_default(),
            working_hours: Vec::new(),
            sources: Vec::new(),
            provisional: BTreeMap::new(),
        };
        calendar.apply(base);
        Ok(calendar)
    }

    /// Applies one checked file: its settings replace ours, its days win over ours.
    fn apply(&mut self, file: CalendarFile) {
        if let Some(year) = file.year {
            self.covered.insert(year);
            if let Some(reason) = file.provisional {
                self.provisional.insert(year, reason);
            }
        }
        if let Some(weekend) = file.weekend {
            self.weekend = weekend;
        }
        if let Some(timezone) = file.timezone {
            self.timezone = timezone;
        }
        if let Some(policy) = file.policy {
            self.policy = policy;
        }
        if let Some(hours) = file.working_hours {
            self.working_hours = hours;
        }
        self.sources.extend(file.sources);
        for day in file.days {
            let entries = self.days.entry(day.date).or_default();
            // A working day replaces days off named by earlier files, and the other way round;
            // days off named by the same or earlier files add up (two feasts on one date).
            let replaces = day.kind == DayKind::WorkingDay || entries.iter().any(|d| d.kind == DayKind::WorkingDay);
            if replaces {
                entries.clear();
            }
            entries.push(day);
        }
    }

    /// The years whose days off are known, ascending.
    pub fn covered_years(&self) -> Vec<i32> {
        self.covered.iter().copied().collect()
    }

    /// The provisional years from `first`'s to `last`'s (in either order), each with why its
    /// days are not yet certain: a result that counted their days should say so.
    pub fn provisional_between(&self, first: NaiveDate, last: NaiveDate) -> Vec<(i32, &str)> {
        let (a, b) = (first.year().min(last.year()), first.year().max(last.year()));
        self.provisional.range(a..=b).map(|(y, why)| (*y, why.as_str())).collect()
    }

    /// Whether the calendar knows the days off of `year`.
    pub fn covers(&self, year: i32) -> bool {
        self.covered.contains(&year)
    }

    /// The error for a date outside the covered years, or nothing.
    pub(crate) fn require(&self, date: NaiveDate) -> Result<(), CalendarError> {
        if self.covers(date.year()) {
            Ok(())
        } else {
            Err(CalendarError::YearNotCovered { year: date.year(), covered: self.covered_years() })
        }
    }

    /// What `date` is: a working day, a weekend day, or a named day off.
    pub fn status(&self, date: NaiveDate) -> Result<DayStatus<'_>, CalendarError> {
        self.require(date)?;
        match self.days.get(&date) {
            Some(entries) if entries.iter().any(|d| d.kind == DayKind::WorkingDay) => Ok(DayStatus::Working),
            Some(entries) if !entries.is_empty() => Ok(DayStatus::Off(entries)),
            _ if self.weekend.contains(date.weekday()) => Ok(DayStatus::Weekend),
            _ => Ok(DayStatus::Working),
        }
    }

    /// Whether `date` is a working day (*hari kerja*); an error outside the covered years.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self.status(date)? == DayStatus::Working)
    }

    /// Every date named by a file from `from` to `to`, both included, in date order:
    /// holidays, cuti bersama and declared working days. Needs no covered year.
    pub fn named_days(&self, from: NaiveDate, to: NaiveDate) -> Vec<&Day> {
        if to < from {
            return Vec::new();
        }
        self.days.range(from..=to).flat_map(|(_, d)| d.iter()).collect()
    }

    /// The weekdays that are weekend days, Monday first.
    pub fn weekend(&self) -> Vec<Weekday> {
        self.weekend.days()
    }

    /// The offset for timestamps that carry none (WIB, +07:00, unless a file says otherwise).
    pub fn timezone(&self) -> FixedOffset {
        self.timezone
    }

    /// What happens when a calendar-day or month limit ends on a day off.
    pub fn calendar_day_policy(&self) -> CalendarDayPolicy {
        self.policy
    }

    /// The office hours on `day`, if the offices open on that weekday at all.
    pub fn working_hours(&self, day: Weekday) -> Option<&WorkingHours> {
        self.working_hours.iter().find(|h| h.days.contains(&day))
    }

    /// The decrees the loaded files name, in load order.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }
}
