//! Working-day calendar: *hari kerja* arithmetic over the holiday data in `calendars/*.toml`.
//!
//! The bundled data (national holidays and *cuti bersama* from the yearly SKB 3 Menteri) is
//! built into the binary; a regency adds its own days with [`Calendar::with_overrides`].
//! A day from a year no loaded file covers is an error ([`CalendarError::YearNotCovered`]),
//! never a year without holidays. Semantics and examples: docs/calendar.md.
//!
//! ```
//! use chrono::NaiveDate;
//! use sop::calendar::Calendar;
//!
//! let calendar = Calendar::bundled()?;
//! // Friday 28 March 2025 is cuti bersama Nyepi; Lebaran and its cuti bersama follow.
//! let start = NaiveDate::from_ymd_opt(2025, 3, 27).ok_or("date")?;
//! let due = calendar.add_working_days(start, 1)?;
//! assert_eq!(due, NaiveDate::from_ymd_opt(2025, 4, 8).ok_or("date")?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod arith;
mod bundled;
mod data;
mod deadline;
mod error;
mod months;
mod table;
mod weekday;

pub use crate::duration::Unit;
pub use data::{CalendarDayPolicy, Day, DayKind, Source, WorkingHours};
pub use error::{CalendarError, Location};
/// The unit of a limit: the model's own, so deadlines need no mapping.
pub use months::month_named;
pub use table::{Calendar, DayStatus};
pub use weekday::hari;
