//! Reading identity-page dates as the originals print them.

use crate::calendar::month_named;
use chrono::NaiveDate;

/// Reads `02 April 2023`, `2 Januari 2023`, `2023-04-02`, `02/04/2023` or `02-04-2023` (day first).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(date);
    }
    // Day first, with slashes or dashes, as Indonesian documents write dates in figures.
    for format in ["%d/%m/%Y", "%d-%m-%Y"] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Some(date);
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let [day, month, year] = words.as_slice() else { return None };
    let month = month_named(month)?;
    NaiveDate::from_ymd_opt(year.parse().ok()?, month, day.parse().ok()?)
}
