//! Durations written as the originals write them (`3 hk`, `1 minggu`, `1 x 24 jam`,
//! `maksimal 3 hari`, `tiga hari`, `harian`): the duration to write instead, for the help.

use crate::duration::{parse_duration, DurationError};

/// A better message (when the general one would mislead) and the help naming what to write.
pub struct Suggestion {
    pub message: Option<String>,
    pub help: String,
}

/// Units the language does not have, as an amount of one it has.
const CONVERSIONS: &[(&str, u32, &str)] = &[
    ("hk", 1, "hari kerja"),
    ("minggu", 7, "hari"),
    ("pekan", 7, "hari"),
    ("week", 7, "days"),
    ("weeks", 7, "days"),
    ("tahun", 12, "bulan"),
    ("year", 12, "months"),
    ("years", 12, "months"),
    ("semester", 6, "bulan"),
    ("triwulan", 3, "bulan"),
    ("kuartal", 3, "bulan"),
];

/// Words for "at most" that the originals put before a limit; `within` already says it.
const AT_MOST: &[&str] = &["maksimal", "maks", "max", "paling", "lambat", "selambat-lambatnya", "paling_lambat"];

/// "Daily", "weekly" ... as an interval.
const EVERY: &[(&str, &str)] =
    &[("harian", "1 hari"), ("mingguan", "7 hari"), ("bulanan", "1 bulan"), ("tahunan", "12 bulan")];

/// Indonesian number words up to eleven.
const NUMBERS: &[(&str, u32)] = &[
    ("satu", 1),
    ("dua", 2),
    ("tiga", 3),
    ("empat", 4),
    ("lima", 5),
    ("enam", 6),
    ("tujuh", 7),
    ("delapan", 8),
    ("sembilan", 9),
    ("sepuluh", 10),
    ("sebelas", 11),
];

/// What to write instead of `words` after `keyword`, which failed to read as a duration with `error`.
pub fn suggestion(keyword: &str, words: &[&str], error: &DurationError) -> Option<Suggestion> {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    match (error, lower.as_slice()) {
        (DurationError::UnknownUnit(_), [amount, "x", times, unit, ..]) => {
            let total = amount.parse::<u32>().ok()?.checked_mul(times.parse::<u32>().ok()?)?;
            parse_duration(&[times, unit]).ok()?;
            Some(help(format!("write '{total} {unit}'")))
        }
        (DurationError::UnknownUnit(_), [amount, unit, ..]) => {
            let amount = amount.parse::<u32>().ok()?;
            let (_, per, to) = CONVERSIONS.iter().find(|(from, _, _)| from == unit)?;
            Some(help(format!("write '{} {to}'", amount.checked_mul(*per)?)))
        }
        (DurationError::MissingAmount, [first, rest @ ..]) if AT_MOST.contains(first) => {
            let rest: Vec<&str> = rest.iter().copied().skip_while(|w| AT_MOST.contains(w)).collect();
            let (duration, _) = parse_duration(&rest).ok()?;
            Some(Suggestion {
                message: Some(format!("'{}' is not part of a duration", words.first()?)),
                help: match keyword {
                    "within" => format!("write 'within {duration}', and the original's wording in 'waktu \"...\"'"),
                    _ => format!("write '{keyword} {duration}'"),
                },
            })
        }
        (DurationError::MissingAmount, [only]) if let Some((_, every)) = EVERY.iter().find(|(w, _)| w == only) => {
            Some(help(format!("write '{every}'")))
        }
        (DurationError::MissingAmount, [first, rest @ ..]) if let Some(amount) = number_word(first) => {
            let unit = unit_of(rest)?;
            Some(help(format!("write the amount in digits: '{amount} {unit}'")))
        }
        // The amount left out (`every hari`): one of the unit.
        (DurationError::MissingAmount, words) => Some(help(format!("write the amount too: '1 {}'", unit_of(words)?))),
        _ => None,
    }
}

fn help(help: String) -> Suggestion {
    Suggestion { message: None, help }
}

/// `tiga` → 3, `sepuluh` → 10 (one word only).
fn number_word(word: &str) -> Option<u32> {
    NUMBERS.iter().find(|(w, _)| *w == word).map(|(_, n)| *n)
}

/// The unit that `words` start with, in the words the language prints it with.
fn unit_of(words: &[&str]) -> Option<&'static str> {
    let with_amount: Vec<&str> = std::iter::once("1").chain(words.iter().copied()).collect();
    parse_duration(&with_amount).ok().map(|(d, _)| d.unit.indonesian())
}
