//! Reading timestamps: a fast reader for ISO 8601 text, and a general one for the rest
//! (dates as people write them are in `local`).
//!
//! Traces carry millions of timestamps, so they are read by hand rather than through a general
//! date parser. Fractions of a second are dropped: deadlines end at 23:59:59, and an event
//! written `23:59:59.500` is on time.

use super::local::{self, DateOrder};
use super::{civil_day, Stamp, DAY};

/// Why a timestamp could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeError;

/// The example shown when a timestamp cannot be read.
pub const EXPECTED: &str = "expected a date and time such as 2025-01-02T10:15:00+07:00 or 2025-01-02 10:15";

/// The help for a date of numbers with the year last when no order was given.
const NEEDS_ORDER: &str = "a date of numbers with the year last (06/01/2025) is read only in the order the mapping file gives: dates = \"day-first\" (as Indonesian exports write it) or \"month-first\"";

/// Reads `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM`, `:SS`, a fraction,
/// and an offset (`Z`, `+07:00`, `+0700`, `+07`, or `WIB`/`WITA`/`WIT`; a space before any of
/// them is allowed). Without an offset the time is read in `default_offset`; a date alone
/// means 00:00:00.
pub fn parse(text: &[u8], default_offset: i32) -> Result<Stamp, TimeError> {
    Parser::default().parse(text, default_offset)
}

/// A timestamp reader that remembers the last date and offset it read: logs repeat them, so
/// most timestamps skip the calendar arithmetic.
#[derive(Debug, Clone, Default)]
pub struct Parser {
    date: [u8; 10],
    day: Option<i64>,
    zone: [u8; 6],
    zone_seconds: Option<i32>,
    order: DateOrder,
}

impl Parser {
    /// A reader of dates of numbers in `order` (besides ISO dates, which are always read).
    pub fn new(order: DateOrder) -> Parser {
        Parser { order, ..Parser::default() }
    }

    /// What a timestamp that could not be read should have been, for its message.
    #[cold]
    pub fn expected(&self, text: &[u8]) -> &'static str {
        if self.order == DateOrder::Iso && local::needs_order(text.trim_ascii()) {
            NEEDS_ORDER
        } else {
            EXPECTED
        }
    }

    /// Reads a timestamp as [`parse`] does.
    #[inline]
    pub fn parse(&mut self, text: &[u8], default_offset: i32) -> Result<Stamp, TimeError> {
        match self.common(text, default_offset) {
            Some(stamp) => Ok(stamp),
            None => self.general(text, default_offset),
        }
    }

    /// The forms logs use most, `2025-01-02T10:15:00+07:00` and `2025-01-02 10:15:00`, read by
    /// position; `None` for anything else (the general reader then decides). Always inlined:
    /// a call costs the CSV row some 40 instructions, and LLVM's choice moves with unrelated
    /// code elsewhere in the crate.
    #[inline(always)]
    fn common(&mut self, text: &[u8], default_offset: i32) -> Option<Stamp> {
        let (date, rest) = text.split_first_chunk::<10>()?;
        let (clock, zone) = rest.split_first_chunk::<9>()?;
        let day = match self.day {
            Some(day) if *date == self.date => day,
            _ => {
                let day = date_digits(date)?;
                self.date = *date;
                self.day = Some(day);
                day
            }
        };
        let seconds = clock_seconds(clock)?;
        let offset = match zone {
            [] => default_offset,
            _ => match self.zone_seconds {
                Some(offset) if *zone == self.zone => offset,
                _ => {
                    let zone: &[u8; 6] = zone.try_into().ok()?;
                    let offset = zone_seconds(zone)?;
                    self.zone = *zone;
                    self.zone_seconds = Some(offset);
                    offset
                }
            },
        };
        Some(Stamp { utc: day * DAY + seconds - i64::from(offset), offset })
    }

    #[cold]
    #[inline(never)]
    fn general(&mut self, text: &[u8], default_offset: i32) -> Result<Stamp, TimeError> {
        let text = text.trim_ascii();
        let mut p = Cursor { bytes: text, at: 0 };
        let days = match (self.day, text.get(..10)) {
            (Some(day), Some(date)) if date == self.date => {
                p.at = 10;
                day
            }
            _ => match read_date(&mut p) {
                Ok(days) => {
                    if let Some(date) = text.get(..10) {
                        self.date.copy_from_slice(date);
                        self.day = Some(days);
                    }
                    days
                }
                // Not cached: the first ten bytes of `6/1/2025 8:00` are not its date.
                Err(_) => {
                    let (days, taken) = local::read_date(text, self.order).ok_or(TimeError)?;
                    p.at = taken;
                    days
                }
            },
        };
        let (mut hour, mut minute, mut second) = (0, 0, 0);
        if matches!(p.peek(), Some(b'T' | b't' | b' ')) && p.peek_at(1).is_some_and(|b| b.is_ascii_digit()) {
            p.at += 1;
            // `9:05` and `09.05` (as Indonesian text writes times) too.
            hour = if p.peek_at(1).is_some_and(|b| b.is_ascii_digit()) { p.digits(2)? } else { p.digits(1)? };
            let separator = match p.peek() {
                Some(b @ (b':' | b'.')) => b,
                _ => return Err(TimeError),
            };
            p.at += 1;
            minute = p.digits(2)?;
            if p.peek() == Some(separator) {
                p.at += 1;
                second = p.digits(2)?;
                let fraction = if separator == b'.' { &[b','][..] } else { &[b'.', b','][..] };
                if p.peek().is_some_and(|b| fraction.contains(&b)) {
                    p.at += 1;
                    if !p.peek().is_some_and(|b| b.is_ascii_digit()) {
                        return Err(TimeError);
                    }
                    while p.peek().is_some_and(|b| b.is_ascii_digit()) {
                        p.at += 1;
                    }
                }
            }
        }
        if hour > 23 || minute > 59 || second > 59 {
            return Err(TimeError);
        }
        let offset = p.offset()?.unwrap_or(default_offset);
        let local = days * DAY + hour * 3600 + minute * 60 + second;
        Ok(Stamp { utc: local - i64::from(offset), offset })
    }
}

/// The values of ASCII digits; `None` when one is not a digit.
fn digits<const N: usize>(bytes: [u8; N]) -> Option<[i64; N]> {
    let values = bytes.map(|b| b.wrapping_sub(b'0'));
    if values.iter().any(|v| *v > 9) {
        return None;
    }
    Some(values.map(i64::from))
}

/// `YYYY-MM-DD` as a day number.
fn date_digits(date: &[u8; 10]) -> Option<i64> {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *date else { return None };
    let [y0, y1, y2, y3, m0, m1, d0, d1] = digits([y0, y1, y2, y3, m0, m1, d0, d1])?;
    let (year, month, day) = (y0 * 1000 + y1 * 100 + y2 * 10 + y3, m0 * 10 + m1, d0 * 10 + d1);
    civil_day(year, month, day)
}

/// `THH:MM:SS` or ` HH:MM:SS` as seconds into the day, the eight bytes checked and read as one
/// word: each digit and colon is tested by the same few operations.
fn clock_seconds(clock: &[u8; 9]) -> Option<i64> {
    let (separator, time) = clock.split_first()?;
    if *separator != b'T' && *separator != b' ' {
        return None;
    }
    let word = u64::from_le_bytes(<[u8; 8]>::try_from(time).ok()?);
    // `HH:MM:SS` less `00:00:00` byte by byte: digits become 0-9, colons 0.
    let x = word ^ u64::from_le_bytes(*b"00:00:00");
    let over_nine = (x.wrapping_add(0x7676_7676_7676_7676) | x) & 0x8080_8080_8080_8080;
    let colons = x & 0x0000_ff00_00ff_0000;
    if over_nine != 0 || colons != 0 {
        return None;
    }
    // Each byte becomes ten times itself plus the next byte: the two-digit values.
    let pairs = x * 10 + (x >> 8);
    let (hour, minute, second) = (pairs & 0xff, (pairs >> 24) & 0xff, (pairs >> 48) & 0xff);
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    i64::try_from(hour * 3600 + minute * 60 + second).ok()
}

/// `+07:00` or `-03:30` as seconds east of UTC.
fn zone_seconds(zone: &[u8; 6]) -> Option<i32> {
    let [sign @ (b'+' | b'-'), o0, o1, b':', p0, p1] = *zone else { return None };
    let [o0, o1, p0, p1] = digits([o0, o1, p0, p1])?;
    let (hours, minutes) = (o0 * 10 + o1, p0 * 10 + p1);
    if hours > 14 || minutes > 59 {
        return None;
    }
    let seconds = i32::try_from(hours * 3600 + minutes * 60).ok()?;
    Some(if sign == b'-' { -seconds } else { seconds })
}

/// `YYYY-MM-DD` as a day number.
fn read_date(p: &mut Cursor<'_>) -> Result<i64, TimeError> {
    let year = p.digits(4)?;
    p.expect(b'-')?;
    let month = p.digits(2)?;
    p.expect(b'-')?;
    let day = p.digits(2)?;
    civil_day(year, month, day).ok_or(TimeError)
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.at + ahead).copied()
    }

    fn expect(&mut self, byte: u8) -> Result<(), TimeError> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(TimeError)
        }
    }

    fn digits(&mut self, count: usize) -> Result<i64, TimeError> {
        let mut value = 0i64;
        for _ in 0..count {
            match self.peek() {
                Some(b) if b.is_ascii_digit() => value = value * 10 + i64::from(b - b'0'),
                _ => return Err(TimeError),
            }
            self.at += 1;
        }
        Ok(value)
    }

    /// The offset at the end, if any; anything else left over is an error.
    fn offset(&mut self) -> Result<Option<i32>, TimeError> {
        let rest = self.bytes.get(self.at..).unwrap_or_default();
        // The common case first: `+07:00`.
        if let [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] = rest {
            if [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit()) {
                let hours = i32::from(h1 - b'0') * 10 + i32::from(h2 - b'0');
                let minutes = i32::from(m1 - b'0') * 10 + i32::from(m2 - b'0');
                if hours <= 14 && minutes <= 59 {
                    let seconds = hours * 3600 + minutes * 60;
                    return Ok(Some(if *sign == b'-' { -seconds } else { seconds }));
                }
            }
        }
        let trimmed = rest.trim_ascii_start();
        let named = [(&b"WIB"[..], 7), (b"WITA", 8), (b"WIT", 9)];
        if let Some((_, hours)) = named.iter().find(|(name, _)| trimmed.eq_ignore_ascii_case(name)) {
            return Ok(Some(hours * 3600));
        }
        // A space may come before any offset, as before a zone name (`10:00 +08:00`).
        match trimmed {
            [] => Ok(None),
            [b'Z' | b'z'] => Ok(Some(0)),
            [sign @ (b'+' | b'-'), tail @ ..] => {
                let mut q = Cursor { bytes: tail, at: 0 };
                let hours = q.digits(2)?;
                let minutes = match q.bytes.get(q.at..) {
                    Some([]) => 0,
                    Some([b':', ..]) => {
                        q.at += 1;
                        q.digits(2)?
                    }
                    _ => q.digits(2)?,
                };
                if q.at != tail.len() || hours > 14 || minutes > 59 {
                    return Err(TimeError);
                }
                let seconds = i32::try_from(hours * 3600 + minutes * 60).map_err(|_| TimeError)?;
                Ok(Some(if *sign == b'-' { -seconds } else { seconds }))
            }
            _ => Err(TimeError),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<Stamp> {
        parse(text.as_bytes(), 7 * 3600).ok()
    }

    #[test]
    fn reads_the_common_forms_of_one_instant() {
        let expected = Some(Stamp { utc: 1_735_787_700, offset: 25_200 });
        for text in [
            "2025-01-02T10:15:00+07:00",
            "2025-01-02 10:15:00",
            "2025-01-02T10:15",
            "2025-01-02 10:15:00.999",
            "2025-01-02T10:15:00+0700",
            "2025-01-02T10:15:00+07",
            "2025-01-02 10:15 WIB",
            " 2025-01-02T10:15:00+07:00 ",
            "2025-01-02 10:15 +07:00",
            "2025-01-02 10:15:00 +0700",
        ] {
            assert_eq!(at(text), expected, "{text}");
        }
        assert_eq!(at("2025-01-02T03:15:00Z").map(|s| s.utc), Some(1_735_787_700));
        assert_eq!(at("2025-01-02T11:15:00 WITA").map(|s| s.utc), Some(1_735_787_700));
        assert_eq!(at("2025-01-02 03:15 Z").map(|s| s.utc), Some(1_735_787_700));
    }

    #[test]
    fn the_word_at_a_time_clock_reads_every_valid_time_and_nothing_else() {
        for (h, m, s) in [(0, 0, 0), (23, 59, 59), (9, 5, 7), (12, 30, 0)] {
            let text = format!("T{h:02}:{m:02}:{s:02}");
            let clock: [u8; 9] = text.as_bytes().try_into().unwrap_or_default();
            assert_eq!(clock_seconds(&clock), Some(h * 3600 + m * 60 + s), "{text}");
        }
        for text in
            ["T24:00:00", "T23:60:00", "T23:59:60", "T1a:00:00", "T12-00-00", "T12:00:0/", "X12:00:00", "T12:0::00"]
        {
            let clock: [u8; 9] = text.as_bytes().try_into().unwrap_or_default();
            assert_eq!(clock_seconds(&clock), None, "{text}");
        }
        let mut parser = Parser::default();
        let east = parser.parse(b"2025-01-02T10:15:00+09:00", 0).map(|s| s.offset);
        let west = parser.parse(b"2025-01-02T10:15:00-03:30", 0).map(|s| s.offset);
        assert_eq!((east, west), (Ok(9 * 3600), Ok(-(3 * 3600 + 1800))));
    }

    #[test]
    fn dates_as_people_write_them_are_read_with_the_order_given() {
        let expected = Ok(Stamp { utc: 1_735_787_700, offset: 25_200 });
        let mut day_first = Parser::new(DateOrder::DayFirst);
        for text in [
            "02/01/2025 10:15",
            "2/1/2025 10.15",
            "02-01-2025 10:15:00",
            "02.01.2025 10.15.00,5",
            "2 Januari 2025 10:15 WIB",
            "2 Januari 2025 10:15 +07:00",
        ] {
            assert_eq!(day_first.parse(text.as_bytes(), 25_200), expected, "{text}");
        }
        assert_eq!(Parser::new(DateOrder::MonthFirst).parse(b"01/02/2025 10:15", 25_200), expected);
        // Without an order only the month's name is read, and the help says what to write.
        let mut iso = Parser::default();
        assert_eq!(iso.parse(b"2 Jan 2025 10:15", 25_200), expected);
        assert_eq!(iso.parse(b"02/01/2025 10:15", 25_200), Err(TimeError));
        assert!(iso.expected(b"02/01/2025 10:15").contains("dates = \"day-first\""));
        assert_eq!(iso.expected(b"2025-13-01"), EXPECTED);
        assert_eq!(iso.parse(b"2025-01-02 9:15", 25_200).map(|s| s.utc), Ok(1_735_784_100));
        for text in ["02/01/2025 10.15.00.5", "02/01/2025 10:1", "02/01/2025 10.15:00", "32/01/2025", "02/01/2025x"] {
            assert_eq!(day_first.parse(text.as_bytes(), 25_200), Err(TimeError), "{text}");
        }
    }

    #[test]
    fn refuses_impossible_dates_and_leftovers() {
        for text in
            ["2025-13-01", "2025-02-29T10:00", "2025-01-02T24:00", "2025-01-02T10:15:00+07:00x", "02/01/2025", ""]
        {
            assert_eq!(at(text), None, "{text}");
        }
        assert!(at("2024-02-29").is_some());
    }
}
