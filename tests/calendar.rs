//! The working-day calendar through its public API: bundled data, arithmetic, deadlines,
//! a regency's override file, and the errors a user can meet.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use sop::calendar::{Calendar, CalendarDayPolicy, CalendarError, DayKind, DayStatus, Unit};
use std::error::Error;
use std::path::PathBuf;

type TestResult = Result<(), Box<dyn Error>>;

fn date(text: &str) -> Result<NaiveDate, chrono::ParseError> {
    text.parse()
}

fn instant(text: &str) -> Result<DateTime<FixedOffset>, chrono::ParseError> {
    DateTime::parse_from_rfc3339(text)
}

/// Writes `text` as a regency calendar file named `name` in a fresh directory.
fn regency_file(name: &str, text: &str) -> Result<(tempfile::TempDir, PathBuf), Box<dyn Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join(name);
    std::fs::write(&path, text)?;
    Ok((dir, path))
}

// --- bundled data ---

#[test]
fn bundled_calendar_covers_2024_to_2027_and_names_its_decrees() -> TestResult {
    let calendar = Calendar::bundled()?;
    assert_eq!(calendar.covered_years(), vec![2024, 2025, 2026, 2027]);
    let decrees: Vec<&str> = calendar.sources().iter().map(|s| s.decree.as_str()).collect();
    assert!(decrees.iter().any(|d| d.contains("Nomor 855 Tahun 2023")));
    assert!(decrees.iter().any(|d| d.contains("Nomor 1017 Tahun 2024")));
    assert!(decrees.iter().any(|d| d.contains("Nomor 1497 Tahun 2025")));
    // 2027's decree is named without its number until the signed text is checked.
    assert!(decrees.iter().any(|d| d.contains("Cuti Bersama Tahun 2027") && d.contains("nomor belum tercatat")));
    Ok(())
}

#[test]
fn lebaran_2024_idul_fitri_and_its_cuti_bersama_are_days_off() -> TestResult {
    let calendar = Calendar::bundled()?;
    for day in ["2024-04-10", "2024-04-11"] {
        let status = calendar.status(date(day)?)?;
        assert!(
            matches!(status, DayStatus::Off(names) if names.iter().all(|d| d.kind == DayKind::Holiday)),
            "{day} should be a holiday, is {status:?}"
        );
    }
    for day in ["2024-04-08", "2024-04-09", "2024-04-12", "2024-04-15"] {
        let status = calendar.status(date(day)?)?;
        assert!(
            matches!(status, DayStatus::Off(names) if names.iter().all(|d| d.kind == DayKind::CutiBersama)),
            "{day} should be cuti bersama, is {status:?}"
        );
    }
    assert!(calendar.is_working_day(date("2024-04-05")?)?);
    assert!(calendar.is_working_day(date("2024-04-16")?)?);
    // Friday 5 April: the next working day is Tuesday 16 April.
    assert_eq!(calendar.add_working_days(date("2024-04-05")?, 1)?, date("2024-04-16")?);
    assert_eq!(calendar.add_working_days(date("2024-04-05")?, 3)?, date("2024-04-18")?);
    Ok(())
}

#[test]
fn lebaran_2025_one_working_day_after_thursday_27_march_is_tuesday_8_april() -> TestResult {
    let calendar = Calendar::bundled()?;
    // 28 Mar cuti bersama Nyepi, 29 Nyepi, 31 Mar-1 Apr Idul Fitri, 2-4 and 7 Apr cuti bersama.
    assert_eq!(calendar.add_working_days(date("2025-03-27")?, 1)?, date("2025-04-08")?);
    assert_eq!(calendar.working_days_between(date("2025-03-27")?, date("2025-04-08")?)?, 1);
    for day in ["2025-03-28", "2025-04-02", "2025-04-03", "2025-04-04", "2025-04-07"] {
        assert!(!calendar.is_working_day(date(day)?)?, "{day} is cuti bersama");
    }
    Ok(())
}

#[test]
fn cuti_bersama_18_august_2025_from_the_amendment_is_a_day_off() -> TestResult {
    let calendar = Calendar::bundled()?;
    assert!(!calendar.is_working_day(date("2025-08-18")?)?);
    assert_eq!(calendar.add_working_days(date("2025-08-15")?, 1)?, date("2025-08-19")?);
    Ok(())
}

// --- the counting convention ---

#[test]
fn the_start_day_is_not_counted_and_zero_days_is_the_start_day() -> TestResult {
    let calendar = Calendar::bundled()?;
    assert_eq!(calendar.add_working_days(date("2025-02-03")?, 1)?, date("2025-02-04")?);
    assert_eq!(calendar.add_working_days(date("2025-02-03")?, 0)?, date("2025-02-03")?);
    assert_eq!(calendar.add_working_days(date("2025-02-08")?, 0)?, date("2025-02-08")?);
    Ok(())
}

#[test]
fn a_count_that_starts_on_a_day_off_begins_with_the_next_working_day() -> TestResult {
    let calendar = Calendar::bundled()?;
    // Saturday 8 February 2025: day 1 is Monday 10 February.
    assert_eq!(calendar.add_working_days(date("2025-02-08")?, 1)?, date("2025-02-10")?);
    // Saturday 29 March 2025 (Nyepi) during Lebaran: day 1 is Tuesday 8 April.
    assert_eq!(calendar.add_working_days(date("2025-03-29")?, 1)?, date("2025-04-08")?);
    Ok(())
}

#[test]
fn working_days_between_counts_after_the_first_date_up_to_and_including_the_second() -> TestResult {
    let calendar = Calendar::bundled()?;
    let (mon, fri) = (date("2025-02-03")?, date("2025-02-07")?);
    assert_eq!(calendar.working_days_between(mon, fri)?, 4);
    assert_eq!(calendar.working_days_between(fri, mon)?, -4);
    assert_eq!(calendar.working_days_between(mon, mon)?, 0);
    // Friday to the following Monday: only Monday counts.
    assert_eq!(calendar.working_days_between(fri, date("2025-02-10")?)?, 1);
    assert_eq!(calendar.working_days_between(fri, date("2025-02-09")?)?, 0);
    Ok(())
}

#[test]
fn a_negative_count_goes_back_to_earlier_working_days() -> TestResult {
    let calendar = Calendar::bundled()?;
    assert_eq!(calendar.add_working_days(date("2025-04-08")?, -1)?, date("2025-03-27")?);
    assert_eq!(calendar.add_working_days(date("2025-02-10")?, -1)?, date("2025-02-07")?);
    Ok(())
}

#[test]
fn adding_the_days_between_two_dates_leads_back_to_the_second_date() -> TestResult {
    let calendar = Calendar::bundled()?;
    let first = date("2024-01-01")?;
    let last = date("2026-12-31")?;
    let mut d = first;
    while d <= last {
        let from = d.checked_sub_days(chrono::Days::new(30)).unwrap_or(first).max(first);
        let to = d.checked_add_days(chrono::Days::new(30)).unwrap_or(last).min(last);
        for e in from.iter_days().take_while(|e| *e <= to) {
            let k = calendar.working_days_between(d, e)?;
            let back = calendar.add_working_days(d, k)?;
            if calendar.is_working_day(e)? {
                assert_eq!(back, e, "from {d} to {e}: {k} working days");
            } else {
                // e is a day off: the walk stops at the working day nearest e on d's side.
                let (lo, hi) = if e > d { (d, e) } else { (e, d) };
                assert!(back >= lo && back <= hi, "from {d} to {e}: got {back}");
                let gap = if e > d { (back, e) } else { (e, back) };
                let skipped = gap.0.iter_days().skip(1).take_while(|x| *x < gap.1);
                for x in skipped {
                    assert!(!calendar.is_working_day(x)?, "from {d} to {e}: {x} skipped");
                }
            }
        }
        d = d.checked_add_days(chrono::Days::new(5)).ok_or("date overflow")?;
    }
    Ok(())
}

// --- across the new year ---

#[test]
fn a_working_day_count_crosses_the_new_year_skipping_christmas_and_new_year() -> TestResult {
    let calendar = Calendar::bundled()?;
    // 25 Dec Natal, 26 Dec cuti bersama, 28-29 weekend, 1 Jan Tahun Baru.
    // Tuesday 24 Dec 2024: 27, 30, 31 Dec, 2, 3 Jan.
    assert_eq!(calendar.add_working_days(date("2024-12-24")?, 5)?, date("2025-01-03")?);
    assert_eq!(calendar.working_days_between(date("2024-12-24")?, date("2025-01-03")?)?, 5);
    let due = calendar.deadline(instant("2024-12-24T10:15:00+07:00")?, 5, Unit::WorkingDays)?;
    assert_eq!(due, instant("2025-01-03T23:59:59+07:00")?);
    // Wednesday 24 Dec 2025: 29, 30, 31 Dec, then 2 Jan 2026 after Tahun Baru.
    assert_eq!(calendar.add_working_days(date("2025-12-24")?, 4)?, date("2026-01-02")?);
    Ok(())
}

// --- calendar-day limits and the policy ---

#[test]
fn a_calendar_day_limit_ending_on_a_weekend_stays_there_under_the_exact_policy() -> TestResult {
    let calendar = Calendar::bundled()?;
    assert_eq!(calendar.calendar_day_policy(), CalendarDayPolicy::Exact);
    let end = calendar.add_calendar_days(date("2025-02-05")?, 3, CalendarDayPolicy::Exact)?;
    assert_eq!(end, date("2025-02-08")?);
    let due = calendar.deadline(instant("2025-02-05T09:00:00+07:00")?, 3, Unit::Days)?;
    assert_eq!(due, instant("2025-02-08T23:59:59+07:00")?);
    Ok(())
}

#[test]
fn a_calendar_day_limit_ending_on_a_weekend_moves_to_monday_under_next_working_day() -> TestResult {
    let calendar = Calendar::bundled()?;
    let policy = CalendarDayPolicy::NextWorkingDay;
    assert_eq!(calendar.add_calendar_days(date("2025-02-05")?, 3, policy)?, date("2025-02-10")?);
    // During Lebaran 2025 the next working day is eight days later.
    assert_eq!(calendar.add_calendar_days(date("2025-03-27")?, 3, policy)?, date("2025-04-08")?);
    Ok(())
}

#[test]
fn a_regency_file_chooses_the_policy_that_deadlines_use() -> TestResult {
    let (_dir, path) = regency_file("kabupaten-contoh.toml", "calendar_day_deadline = \"next-working-day\"\n")?;
    let calendar = Calendar::with_overrides(&path)?;
    assert_eq!(calendar.calendar_day_policy(), CalendarDayPolicy::NextWorkingDay);
    let due = calendar.deadline(instant("2025-02-05T09:00:00+07:00")?, 3, Unit::Days)?;
    assert_eq!(due, instant("2025-02-10T23:59:59+07:00")?);
    Ok(())
}

// --- deadlines in other units ---

#[test]
fn minutes_and_hours_are_elapsed_time_in_the_offset_of_the_start() -> TestResult {
    let calendar = Calendar::bundled()?;
    let start = instant("2025-03-28T22:30:00+08:00")?;
    assert_eq!(calendar.deadline(start, 45, Unit::Minutes)?, instant("2025-03-28T23:15:00+08:00")?);
    assert_eq!(calendar.deadline(start, 24, Unit::Hours)?, instant("2025-03-29T22:30:00+08:00")?);
    Ok(())
}

#[test]
fn months_are_calendar_months_clamped_to_the_end_of_the_month() -> TestResult {
    let calendar = Calendar::bundled()?;
    let due = calendar.deadline(instant("2025-01-31T10:00:00+07:00")?, 1, Unit::Months)?;
    assert_eq!(due, instant("2025-02-28T23:59:59+07:00")?);
    let due = calendar.deadline(instant("2024-01-31T10:00:00+07:00")?, 1, Unit::Months)?;
    assert_eq!(due, instant("2024-02-29T23:59:59+07:00")?);
    Ok(())
}

#[test]
fn timestamps_without_offset_are_read_in_wib() -> TestResult {
    let calendar = Calendar::bundled()?;
    let start: NaiveDateTime = "2025-03-27T15:00:00".parse()?;
    let due = calendar.deadline_local(start, 1, Unit::WorkingDays)?;
    assert_eq!(due, instant("2025-04-08T23:59:59+07:00")?);
    Ok(())
}

// --- a regency's own file ---

#[test]
fn an_override_file_adds_a_regional_holiday() -> TestResult {
    let (_dir, path) = regency_file(
        "kabupaten-contoh.toml",
        "[[holiday]]\ndate = 2025-02-04\nname = \"Hari Jadi Kabupaten Contoh\"\n",
    )?;
    let bundled = Calendar::bundled()?;
    let calendar = Calendar::with_overrides(&path)?;
    assert!(bundled.is_working_day(date("2025-02-04")?)?);
    assert!(!calendar.is_working_day(date("2025-02-04")?)?);
    assert_eq!(calendar.add_working_days(date("2025-02-03")?, 1)?, date("2025-02-05")?);
    let named = calendar.named_days(date("2025-02-01")?, date("2025-02-28")?);
    assert_eq!(named.len(), 1);
    assert_eq!(named.first().map(|d| d.name.as_str()), Some("Hari Jadi Kabupaten Contoh"));
    Ok(())
}

#[test]
fn an_override_file_declares_extra_working_days() -> TestResult {
    let (_dir, path) = regency_file(
        "kabupaten-contoh.toml",
        "[[working_day]]\ndate = 2025-04-07\nname = \"Pelayanan tetap buka\"\n\n\
         [[working_day]]\ndate = 2025-02-08\nname = \"Sabtu kerja\"\n",
    )?;
    let calendar = Calendar::with_overrides(&path)?;
    assert!(calendar.is_working_day(date("2025-04-07")?)?);
    assert!(calendar.is_working_day(date("2025-02-08")?)?);
    assert_eq!(calendar.add_working_days(date("2025-03-27")?, 1)?, date("2025-04-07")?);
    Ok(())
}

#[test]
fn a_deadline_from_late_2026_runs_into_2027_past_new_year_and_isra_mikraj() -> TestResult {
    let calendar = Calendar::bundled()?;
    // Wednesday 30 Dec 2026: day 1 is Thursday 31 Dec; 1 Jan 2027 is a holiday and 2-3 Jan a
    // weekend, so day 2 is Monday 4 Jan; 5 Jan is Isra Mikraj, so day 3 is Wednesday 6 Jan.
    assert_eq!(calendar.add_working_days(date("2026-12-30")?, 3)?, date("2027-01-06")?);
    Ok(())
}

#[test]
fn the_bundled_2027_is_provisional_and_earlier_years_are_not() -> TestResult {
    let calendar = Calendar::bundled()?;
    let years: Vec<i32> =
        calendar.provisional_between(date("2027-01-06")?, date("2026-12-30")?).iter().map(|p| p.0).collect();
    assert_eq!(years, vec![2027]);
    assert!(calendar.provisional_between(date("2024-01-01")?, date("2026-12-31")?).is_empty());
    Ok(())
}

#[test]
fn provisional_without_a_year_is_an_error_naming_year() -> TestResult {
    let (_dir, path) = regency_file("kabupaten-contoh.toml", "provisional = \"belum pasti\"\n")?;
    let message = Calendar::with_overrides(&path).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("give the file's `year` too"), "{message}");
    Ok(())
}

#[test]
fn an_override_file_with_a_year_makes_that_year_usable() -> TestResult {
    let (_dir, path) = regency_file(
        "kalender-2028.toml",
        "year = 2028\n\n[[holiday]]\ndate = 2028-01-03\nname = \"Hari Jadi Kabupaten Contoh\"\n",
    )?;
    let calendar = Calendar::with_overrides(&path)?;
    assert_eq!(calendar.covered_years(), vec![2024, 2025, 2026, 2027, 2028]);
    // Friday 31 Dec 2027: Monday 3 Jan 2028 is the regency's holiday, day 1 is Tuesday 4 Jan.
    assert_eq!(calendar.add_working_days(date("2027-12-31")?, 1)?, date("2028-01-04")?);
    Ok(())
}

// --- errors ---

#[test]
fn a_date_outside_the_covered_years_is_an_error_naming_the_covered_years() -> TestResult {
    let calendar = Calendar::bundled()?;
    let err = calendar.is_working_day(date("2023-12-29")?);
    assert_eq!(err, Err(CalendarError::YearNotCovered { year: 2023, covered: vec![2024, 2025, 2026, 2027] }));
    let message = calendar.add_working_days(date("2027-12-30")?, 3).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("no holiday data for 2028"), "{message}");
    assert!(message.contains("2024-2027"), "{message}");
    assert!(calendar.working_days_between(date("2027-12-01")?, date("2028-01-05")?).is_err());
    Ok(())
}

#[test]
fn the_start_day_may_lie_in_an_uncovered_year_because_it_is_not_counted() -> TestResult {
    let calendar = Calendar::bundled()?;
    assert_eq!(calendar.add_working_days(date("2023-12-31")?, 1)?, date("2024-01-02")?);
    assert!(calendar.add_working_days(date("2023-12-29")?, 1).is_err());
    Ok(())
}

#[test]
fn a_regional_holiday_alone_does_not_make_its_year_covered() -> TestResult {
    let (_dir, path) = regency_file(
        "kabupaten-contoh.toml",
        "[[holiday]]\ndate = 2028-02-04\nname = \"Hari Jadi Kabupaten Contoh\"\n",
    )?;
    let calendar = Calendar::with_overrides(&path)?;
    assert!(matches!(
        calendar.is_working_day(date("2028-02-07")?),
        Err(CalendarError::YearNotCovered { year: 2028, .. })
    ));
    Ok(())
}

fn load_error(text: &str) -> Result<CalendarError, Box<dyn Error>> {
    let (_dir, path) = regency_file("kabupaten-contoh.toml", text)?;
    match Calendar::with_overrides(&path) {
        Ok(_) => Err("the file should have been refused".into()),
        Err(e) => Ok(e),
    }
}

fn location_of(err: &CalendarError) -> Option<(usize, usize)> {
    match err {
        CalendarError::Data { location: Some(at), .. } => Some((at.line, at.column)),
        _ => None,
    }
}

#[test]
fn malformed_override_toml_is_reported_with_file_line_and_column() -> TestResult {
    let err = load_error("[[holiday]]\ndate = 2025-02-04\nname = \"Hari Jadi\n")?;
    let message = err.to_string();
    assert!(message.contains("kabupaten-contoh.toml:3:"), "{message}");
    assert_eq!(location_of(&err).map(|(line, _)| line), Some(3));
    Ok(())
}

#[test]
fn an_unknown_key_in_an_override_is_reported_at_its_line() -> TestResult {
    let err = load_error("[[holiday]]\ntanggal = 2025-02-04\nname = \"Hari Jadi\"\n")?;
    assert_eq!(location_of(&err).map(|(line, _)| line), Some(2));
    assert!(err.to_string().contains("tanggal"), "{err}");
    Ok(())
}

#[test]
fn an_impossible_date_or_a_date_outside_the_files_year_is_reported_at_the_date() -> TestResult {
    let err = load_error("year = 2025\n\n[[holiday]]\ndate = 2024-02-04\nname = \"Hari Jadi\"\n")?;
    assert_eq!(location_of(&err), Some((4, 8)));
    assert!(err.to_string().contains("not in 2025"), "{err}");
    let err = load_error("[[holiday]]\ndate = 2025-02-30\nname = \"Hari Jadi\"\n")?;
    assert_eq!(location_of(&err).map(|(line, _)| line), Some(2));
    Ok(())
}

#[test]
fn a_date_both_off_and_working_in_one_file_is_refused() -> TestResult {
    let err = load_error(
        "[[holiday]]\ndate = 2025-02-04\nname = \"Hari Jadi\"\n\n\
         [[working_day]]\ndate = 2025-02-04\nname = \"Buka\"\n",
    )?;
    assert_eq!(location_of(&err).map(|(line, _)| line), Some(6));
    Ok(())
}

#[test]
fn a_missing_override_file_is_an_error_naming_the_path() -> TestResult {
    let err =
        Calendar::with_overrides("/nonexistent/kabupaten.toml").err().ok_or("a missing file should be an error")?;
    assert!(matches!(err, CalendarError::Io { .. }));
    assert!(err.to_string().contains("/nonexistent/kabupaten.toml"));
    Ok(())
}
