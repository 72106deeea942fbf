//! What can go wrong loading calendar data or counting days, as values.

use std::fmt;

/// A place in a calendar file, 1-based, as editors count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

/// An error from loading a calendar file or from date arithmetic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarError {
    /// A day was needed from a year that no loaded calendar file lists completely.
    YearNotCovered { year: i32, covered: Vec<i32> },
    /// A calendar file could not be read from disk.
    Io { file: String, message: String },
    /// A calendar file is not valid TOML or does not fit the calendar format.
    Data { file: String, location: Option<Location>, message: String },
    /// The arithmetic left the range of dates that can be represented.
    OutOfRange { what: String },
}

impl Location {
    /// The line and column of byte `offset` in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Location {
        let (line, column) = crate::span::line_col(text, offset);
        Location { line, column }
    }
}

impl CalendarError {
    /// An error about the calendar file `file`, at byte `offset` of `text` when known.
    pub(crate) fn data(file: &str, text: &str, offset: Option<usize>, message: String) -> Self {
        CalendarError::Data { file: file.to_string(), location: offset.map(|o| Location::of_offset(text, o)), message }
    }
}

/// Years as the shortest readable list: `2024-2026`, `2020, 2024-2026`.
fn year_list(years: &[i32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut run: Option<(i32, i32)> = None;
    for &y in years {
        run = match run {
            Some((first, last)) if y == last + 1 => Some((first, y)),
            Some(done) => {
                parts.push(range_text(done));
                Some((y, y))
            }
            None => Some((y, y)),
        };
    }
    if let Some(done) = run {
        parts.push(range_text(done));
    }
    parts.join(", ")
}

fn range_text((first, last): (i32, i32)) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first}-{last}")
    }
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalendarError::YearNotCovered { year, covered } if covered.is_empty() => write!(
                f,
                "no holiday data for {year}: no calendar year is loaded; \
                 add a calendar file with `year = {year}`"
            ),
            CalendarError::YearNotCovered { year, covered } => write!(
                f,
                "no holiday data for {year}: the calendar covers {}; \
                 add a calendar file with `year = {year}` (see docs/calendar.md)",
                year_list(covered)
            ),
            CalendarError::Io { file, message } => write!(f, "cannot read '{file}': {message}"),
            CalendarError::Data { file, location: Some(at), message } => {
                write!(f, "{file}:{}:{}: {message}", at.line, at.column)
            }
            CalendarError::Data { file, location: None, message } => write!(f, "{file}: {message}"),
            CalendarError::OutOfRange { what } => write!(f, "date out of range: {what}"),
        }
    }
}

impl std::error::Error for CalendarError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_columns_from_one() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(Location::of_offset(text, 0), Location { line: 1, column: 1 });
        assert_eq!(Location::of_offset(text, 9), Location { line: 2, column: 4 });
    }

    #[test]
    fn covered_years_are_written_as_ranges() {
        assert_eq!(year_list(&[2020, 2024, 2025, 2026]), "2020, 2024-2026");
        assert_eq!(year_list(&[2024]), "2024");
    }
}
