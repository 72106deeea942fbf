//! Dates as people and spreadsheets write them: `06/01/2025`, `6-1-2025`, `06.01.2025`, and
//! with a month's name, `6 Januari 2025` or `06-Jan-2025`.
//!
//! A month's name says which number is the day, so those are always read. Numbers alone do
//! not: Indonesian exports write the day first, others the month, and `06/01/2025` is either.
//! They are read only in the order the mapping file gives (`dates = "day-first"`), never
//! guessed.

use super::civil_day;
use crate::calendar::month_named;

/// How a trace writes dates with numbers only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// `YYYY-MM-DD` only (and dates with a month's name).
    #[default]
    Iso,
    /// `DD/MM/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY`, as Indonesian exports write them.
    DayFirst,
    /// `MM/DD/YYYY` and the like.
    MonthFirst,
}

impl DateOrder {
    /// The order named in a mapping file: `iso`, `day-first` or `month-first`.
    pub fn named(name: &str) -> Option<DateOrder> {
        match name {
            "iso" => Some(DateOrder::Iso),
            "day-first" => Some(DateOrder::DayFirst),
            "month-first" => Some(DateOrder::MonthFirst),
            _ => None,
        }
    }
}

/// The month a word names (`Januari`, `Jan`, `Agt`, `Oktober`).
fn month(word: &[u8]) -> Option<i64> {
    std::str::from_utf8(word).ok().and_then(month_named).map(i64::from)
}

/// A local date at the start of `text`, as a day number, and the bytes it took; `None` when
/// `text` starts with none (in `order`).
pub(super) fn read_date(text: &[u8], order: DateOrder) -> Option<(i64, usize)> {
    let day_len = text.iter().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=2).contains(&day_len) {
        return None;
    }
    let separator = *text.get(day_len)?;
    if !matches!(separator, b'/' | b'-' | b'.' | b' ') {
        return None;
    }
    let rest = text.get(day_len + 1..)?;
    let first = number(text.get(..day_len)?);
    let (middle, second_len) = if rest.first()?.is_ascii_alphabetic() {
        let len = rest.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        (Month::Named(month(rest.get(..len)?)?), len)
    } else {
        let len = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=2).contains(&len) || separator == b' ' {
            return None;
        }
        (Month::Number(number(rest.get(..len)?)), len)
    };
    let after = rest.get(second_len..)?;
    // The same separator before the year (a space after a month's name, too).
    if after.first() != Some(&separator) {
        return None;
    }
    let year_text = after.get(1..5)?;
    if !year_text.iter().all(u8::is_ascii_digit) || after.get(5).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let year = number(year_text);
    let (month, day) = match (middle, order) {
        (Month::Named(m), _) => (m, first),
        (Month::Number(_), DateOrder::Iso) => return None,
        (Month::Number(m), DateOrder::DayFirst) => (m, first),
        (Month::Number(d), DateOrder::MonthFirst) => (first, d),
    };
    Some((civil_day(year, month, day)?, day_len + 1 + second_len + 5))
}

/// The middle part of a local date.
enum Month {
    Named(i64),
    Number(i64),
}

fn number(digits: &[u8]) -> i64 {
    digits.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0'))
}

/// Whether `text` starts like a date of numbers with the year last (`06/01/2025`), which
/// needs an order to be read.
pub(super) fn needs_order(text: &[u8]) -> bool {
    read_date(text, DateOrder::Iso).is_none()
        && [DateOrder::DayFirst, DateOrder::MonthFirst].iter().any(|order| read_date(text, *order).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::days_from_civil;

    fn day(text: &str, order: DateOrder) -> Option<(i64, usize)> {
        read_date(text.as_bytes(), order)
    }

    #[test]
    fn numbers_are_read_in_the_order_given_and_never_guessed() {
        let sixth_of_january = days_from_civil(2025, 1, 6);
        for text in ["06/01/2025", "6/1/2025", "06-01-2025", "06.01.2025"] {
            assert_eq!(day(text, DateOrder::DayFirst), Some((sixth_of_january, text.len())), "{text}");
            assert_eq!(day(text, DateOrder::Iso), None, "{text}");
            assert!(needs_order(text.as_bytes()), "{text}");
        }
        assert_eq!(day("01/06/2025 08:00", DateOrder::MonthFirst), Some((sixth_of_january, 10)));
        for text in ["31/02/2025", "13/13/2025", "06/01/25", "06/01-2025", "106/01/2025", "06/01/20255"] {
            assert_eq!(day(text, DateOrder::DayFirst), None, "{text}");
        }
    }

    #[test]
    fn a_month_name_says_which_number_is_the_day_in_any_order() {
        let sixth_of_january = days_from_civil(2025, 1, 6);
        for text in ["6 Januari 2025", "06 Jan 2025", "6-jan-2025", "6 JANUARY 2025"] {
            for order in [DateOrder::Iso, DateOrder::DayFirst, DateOrder::MonthFirst] {
                assert_eq!(day(text, order), Some((sixth_of_january, text.len())), "{text}");
            }
        }
        for (text, d, m) in
            [("17 Agustus 2025", 17, 8), ("17 Agt 2025", 17, 8), ("1 Okt 2025", 1, 10), ("25 Des 2025", 25, 12)]
        {
            assert_eq!(day(text, DateOrder::Iso).map(|x| x.0), Some(days_from_civil(2025, m, d)), "{text}");
        }
        assert_eq!(day("6 Janu 2025", DateOrder::Iso), None);
        assert!(!needs_order(b"6 Januari 2025"));
    }
}
