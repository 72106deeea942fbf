//! Weekday names: Indonesian names for output, and the names calendar files may use.

use chrono::Weekday;

/// The Indonesian name of a weekday, as printed next to dates: `Senin` ... `Minggu`.
pub fn hari(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Senin",
        Weekday::Tue => "Selasa",
        Weekday::Wed => "Rabu",
        Weekday::Thu => "Kamis",
        Weekday::Fri => "Jumat",
        Weekday::Sat => "Sabtu",
        Weekday::Sun => "Minggu",
    }
}

/// Reads a weekday written in English or Indonesian, in any case (`saturday`, `Sabtu`).
pub(crate) fn parse_weekday(name: &str) -> Option<Weekday> {
    let day = match name.trim().to_lowercase().as_str() {
        "monday" | "senin" => Weekday::Mon,
        "tuesday" | "selasa" => Weekday::Tue,
        "wednesday" | "rabu" => Weekday::Wed,
        "thursday" | "kamis" => Weekday::Thu,
        "friday" | "jumat" | "jum'at" => Weekday::Fri,
        "saturday" | "sabtu" => Weekday::Sat,
        "sunday" | "minggu" | "ahad" => Weekday::Sun,
        _ => return None,
    };
    Some(day)
}

/// A set of weekdays, one bit per day from Monday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WeekdaySet(u8);

impl WeekdaySet {
    /// The set holding exactly `days`.
    pub fn of(days: &[Weekday]) -> Self {
        WeekdaySet(days.iter().fold(0, |bits, d| bits | bit(*d)))
    }

    /// Whether `day` is in the set.
    pub fn contains(self, day: Weekday) -> bool {
        self.0 & bit(day) != 0
    }

    /// Whether all seven days are in the set.
    pub fn is_full(self) -> bool {
        self.0 == 0b111_1111
    }

    /// The days in the set, Monday first.
    pub fn days(self) -> Vec<Weekday> {
        ALL.iter().copied().filter(|d| self.contains(*d)).collect()
    }
}

const ALL: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

fn bit(day: Weekday) -> u8 {
    1 << day.num_days_from_monday()
}
