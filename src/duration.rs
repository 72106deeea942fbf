//! Durations as SOPs state them: an amount and the unit the document uses.

use serde::Serialize;
use std::fmt;

/// The unit a limit is stated in. `Days` are calendar days (*hari*), `WorkingDays` are
/// *hari kerja*; the two are never converted into each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Minutes,
    Hours,
    Days,
    WorkingDays,
    Months,
}

impl Unit {
    /// The name reports for tools give it (JSON `late.unit`, CSV `late_unit`): the same as
    /// its serde name.
    pub fn key(self) -> &'static str {
        match self {
            Unit::Minutes => "minutes",
            Unit::Hours => "hours",
            Unit::Days => "days",
            Unit::WorkingDays => "working_days",
            Unit::Months => "months",
        }
    }

    /// The Indonesian word used when printing.
    pub fn indonesian(self) -> &'static str {
        match self {
            Unit::Minutes => "menit",
            Unit::Hours => "jam",
            Unit::Days => "hari",
            Unit::WorkingDays => "hari kerja",
            Unit::Months => "bulan",
        }
    }

    /// A nominal length in calendar days, used only to compare limits stated in different
    /// units: a working day counts 7/5 of a day (weekends), a month 30 days.
    fn nominal_days(self) -> f64 {
        match self {
            Unit::Minutes => 1.0 / 1440.0,
            Unit::Hours => 1.0 / 24.0,
            Unit::Days => 1.0,
            Unit::WorkingDays => 7.0 / 5.0,
            Unit::Months => 30.0,
        }
    }
}

/// An amount of time in one unit, e.g. `3 hari kerja`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Duration {
    pub amount: u32,
    pub unit: Unit,
}

impl Duration {
    /// The approximate length in calendar days (see [`Unit`] for the conversion).
    pub fn nominal_days(self) -> f64 {
        f64::from(self.amount) * self.unit.nominal_days()
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.unit.indonesian())
    }
}

/// A step's time limit: a duration, or *setiap saat* (no limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Limit {
    Within(Duration),
    Anytime,
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Within(d) => d.fmt(f),
            Limit::Anytime => f.write_str("setiap saat"),
        }
    }
}

/// What went wrong reading a duration from words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DurationError {
    MissingAmount,
    /// An amount such as `1.5`: amounts are whole numbers.
    NotWhole,
    ZeroAmount,
    AmountTooLarge,
    MissingUnit,
    UnknownUnit(String),
}

/// Reads `amount unit-words` (`3 hari kerja`, `5 menit`, `2 working days`) or the words for
/// no limit (`setiap saat`, `anytime`). Returns the limit and how many words it used.
pub fn parse_limit(words: &[&str]) -> Result<(Limit, usize), DurationError> {
    match words {
        [first, second, ..] if first.eq_ignore_ascii_case("setiap") && second.eq_ignore_ascii_case("saat") => {
            return Ok((Limit::Anytime, 2));
        }
        [first, ..] if first.eq_ignore_ascii_case("anytime") => return Ok((Limit::Anytime, 1)),
        _ => {}
    }
    let (duration, used) = parse_duration(words)?;
    Ok((Limit::Within(duration), used))
}

/// Reads `amount unit-words` into a [`Duration`]. Returns it and how many words it used.
pub fn parse_duration(words: &[&str]) -> Result<(Duration, usize), DurationError> {
    let Some((amount_word, rest)) = words.split_first() else {
        return Err(DurationError::MissingAmount);
    };
    if !amount_word.chars().all(|c| c.is_ascii_digit()) {
        let decimal = amount_word.starts_with(|c: char| c.is_ascii_digit())
            && amount_word.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',');
        return Err(if decimal { DurationError::NotWhole } else { DurationError::MissingAmount });
    }
    let amount: u32 = amount_word.parse().map_err(|_| DurationError::AmountTooLarge)?;
    if amount == 0 {
        return Err(DurationError::ZeroAmount);
    }
    let (unit, used) = parse_unit(rest)?;
    Ok((Duration { amount, unit }, used + 1))
}

fn parse_unit(words: &[&str]) -> Result<(Unit, usize), DurationError> {
    let lower: Vec<String> = words.iter().take(2).map(|w| w.to_ascii_lowercase()).collect();
    let first = lower.first().map(String::as_str);
    let second = lower.get(1).map(String::as_str);
    if let (Some("hari"), Some(near)) = (first, second) {
        // 'hari kerjaa' is a misspelt 'hari kerja', not 'hari' followed by a stray word.
        if near != "kerja" && crate::diagnostic::did_you_mean(near, ["kerja"]).is_some() {
            return Err(DurationError::UnknownUnit(format!("hari {near}")));
        }
    }
    let two_word = match (first, second) {
        (Some("hari"), Some("kerja")) => Some(Unit::WorkingDays),
        (Some("working"), Some("day" | "days")) => Some(Unit::WorkingDays),
        _ => None,
    };
    if let Some(unit) = two_word {
        return Ok((unit, 2));
    }
    let unit = match first {
        None => return Err(DurationError::MissingUnit),
        Some("menit" | "minute" | "minutes") => Unit::Minutes,
        Some("jam" | "hour" | "hours") => Unit::Hours,
        Some("hari" | "day" | "days") => Unit::Days,
        Some("workday" | "workdays") => Unit::WorkingDays,
        Some("bulan" | "month" | "months") => Unit::Months,
        Some(other) => return Err(DurationError::UnknownUnit(other.to_string())),
    };
    Ok((unit, 1))
}

/// Every unit word that [`parse_duration`] accepts, for did-you-mean suggestions.
pub const UNIT_WORDS: &[&str] =
    &["menit", "jam", "hari", "hari kerja", "bulan", "minutes", "hours", "days", "working days", "months"];

#[cfg(test)]
mod tests {
    use super::Unit;

    #[test]
    fn a_units_key_is_its_json_name() {
        for unit in [Unit::Minutes, Unit::Hours, Unit::Days, Unit::WorkingDays, Unit::Months] {
            assert_eq!(serde_json::to_string(&unit).ok(), Some(format!("\"{}\"", unit.key())));
        }
    }
}
