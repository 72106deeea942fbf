//! Reading timestamps: a fast reader for ISO 8601 text.
//!
//! Traces carry millions of timestamps, so they are read by hand rather than through a general
//! date parser. Fractions of a second are dropped: deadlines end at 23:59:59, and an event
//! written `23:59:59.500` is on time.

use super::{days_from_civil, days_in_month, Stamp, DAY};

/// Why a timestamp could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeError;

/// The example shown when a timestamp cannot be read.
pub const EXPECTED: &str = "expected a date and time such as 2025-01-02T10:15:00+07:00 or 2025-01-02 10:15";

/// Reads `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM`, `:SS`, a fraction,
/// and an offset (`Z`, `+07:00`, `+0700`, `+07`, or ` WIB`/` WITA`/` WIT`). Without an offset
/// the time is read in `default_offset`; a date alone means 00:00:00.
pub fn parse(text: &[u8], default_offset: i32) -> Result<Stamp, TimeError> {
    Parser::default().parse(text, default_offset)
}

/// A timestamp reader that remembers the last date it read: logs repeat dates, so most
/// timestamps skip the calendar arithmetic.
#[derive(Debug, Clone, Default)]
pub struct Parser {
    date: [u8; 10],
    day: Option<i64>,
}

impl Parser {
    /// Reads a timestamp as [`parse`] does.
    pub fn parse(&mut self, text: &[u8], default_offset: i32) -> Result<Stamp, TimeError> {
        // The forms logs use most, `2025-01-02T10:15:00+07:00` and `2025-01-02 10:15:00`, read
        // by position.
        match *text {
            [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1, b'T' | b' ', h0, h1, b':', n0, n1, b':', s0, s1, sign @ (b'+' | b'-'), o0, o1, b':', p0, p1] => {
                if let Some(stamp) = self.fixed(
                    [y0, y1, y2, y3, m0, m1, d0, d1],
                    [h0, h1, n0, n1, s0, s1],
                    Some((sign, [o0, o1, p0, p1])),
                    default_offset,
                ) {
                    return Ok(stamp);
                }
            }
            [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1, b'T' | b' ', h0, h1, b':', n0, n1, b':', s0, s1] => {
                if let Some(stamp) =
                    self.fixed([y0, y1, y2, y3, m0, m1, d0, d1], [h0, h1, n0, n1, s0, s1], None, default_offset)
                {
                    return Ok(stamp);
                }
            }
            _ => {}
        }
        self.general(text, default_offset)
    }

    /// The fixed forms; `None` when a digit is not a digit or a value is out of range (the
    /// general reader then decides).
    fn fixed(
        &mut self,
        date: [u8; 8],
        time: [u8; 6],
        offset: Option<(u8, [u8; 4])>,
        default_offset: i32,
    ) -> Option<Stamp> {
        let [y0, y1, y2, y3, m0, m1, d0, d1] = date;
        let key = [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1];
        let days = match self.day {
            Some(day) if key == self.date => day,
            _ => {
                let [y0, y1, y2, y3, m0, m1, d0, d1] = digits(date)?;
                let (year, month, day) = (y0 * 1000 + y1 * 100 + y2 * 10 + y3, m0 * 10 + m1, d0 * 10 + d1);
                if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
                    return None;
                }
                let days = days_from_civil(year, month, day);
                self.date = key;
                self.day = Some(days);
                days
            }
        };
        // All six digits checked at once; the values then need no branch each.
        let [h0, h1, n0, n1, s0, s1] = digits(time)?;
        let (hour, minute, second) = (h0 * 10 + h1, n0 * 10 + n1, s0 * 10 + s1);
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        let offset = match offset {
            Some((sign, zone)) => {
                let [o0, o1, p0, p1] = digits(zone)?;
                let (hours, minutes) = (o0 * 10 + o1, p0 * 10 + p1);
                if hours > 14 || minutes > 59 {
                    return None;
                }
                let seconds = i32::try_from(hours * 3600 + minutes * 60).ok()?;
                if sign == b'-' {
                    -seconds
                } else {
                    seconds
                }
            }
            None => default_offset,
        };
        let local = days * DAY + hour * 3600 + minute * 60 + second;
        Some(Stamp { utc: local - i64::from(offset), offset })
    }

    fn general(&mut self, text: &[u8], default_offset: i32) -> Result<Stamp, TimeError> {
        let text = text.trim_ascii();
        let mut p = Cursor { bytes: text, at: 0 };
        let days = match (self.day, text.get(..10)) {
            (Some(day), Some(date)) if date == self.date => {
                p.at = 10;
                day
            }
            _ => {
                let days = read_date(&mut p)?;
                if let Some(date) = text.get(..10) {
                    self.date.copy_from_slice(date);
                    self.day = Some(days);
                }
                days
            }
        };
        let (mut hour, mut minute, mut second) = (0, 0, 0);
        if matches!(p.peek(), Some(b'T' | b't' | b' ')) && p.peek_at(1).is_some_and(|b| b.is_ascii_digit()) {
            p.at += 1;
            hour = p.digits(2)?;
            p.expect(b':')?;
            minute = p.digits(2)?;
            if p.peek() == Some(b':') {
                p.at += 1;
                second = p.digits(2)?;
                if matches!(p.peek(), Some(b'.' | b',')) {
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
fn read_date(p: &mut Cursor<'_>) -> Result<i64, TimeError> {
    let year = p.digits(4)?;
    p.expect(b'-')?;
    let month = p.digits(2)?;
    p.expect(b'-')?;
    let day = p.digits(2)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(TimeError);
    }
    Ok(days_from_civil(year, month, day))
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
        match rest {
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
        ] {
            assert_eq!(at(text), expected, "{text}");
        }
        assert_eq!(at("2025-01-02T03:15:00Z").map(|s| s.utc), Some(1_735_787_700));
        assert_eq!(at("2025-01-02T11:15:00 WITA").map(|s| s.utc), Some(1_735_787_700));
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
