//! The calendar files built into the binary, so `sop` works from any directory.
//!
//! To add a year, write `calendars/id-YEAR.toml` and add one line below.

/// Defaults for every year: weekend, time zone, deadline policy, office hours.
pub(crate) const BASE: (&str, &str) = ("calendars/base.toml", include_str!("../../calendars/base.toml"));

/// One file per year of *hari libur nasional* and *cuti bersama*, oldest first.
pub(crate) const YEARS: &[(&str, &str)] = &[
    ("calendars/id-2024.toml", include_str!("../../calendars/id-2024.toml")),
    ("calendars/id-2025.toml", include_str!("../../calendars/id-2025.toml")),
    ("calendars/id-2026.toml", include_str!("../../calendars/id-2026.toml")),
    ("calendars/id-2027.toml", include_str!("../../calendars/id-2027.toml")),
];
