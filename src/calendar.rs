//! Working-day arithmetic over the official holiday calendar in content.
//! Pure: the caller passes in "today".

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The years a day of applying may fall in.
pub const APPLY_YEARS: std::ops::RangeInclusive<i32> = 2000..=2099;

use serde::{Deserialize, Serialize};

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let d = Date { year, month, day };
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(d)
    }

    /// Parses `YYYY-MM-DD`: digits only (no sign, no spaces), four, two
    /// and two of them.
    pub fn parse(s: &str) -> Option<Date> {
        let mut it = s.split('-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        if it.next().is_some() || !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Parses a day someone would apply on: `YYYY-MM-DD` within
    /// `APPLY_YEARS`, so that a date worked out from it keeps four digits.
    pub fn parse_applied(s: &str) -> Result<Date, String> {
        let d = Date::parse(s).ok_or_else(|| format!("`{s}` is not a date written YYYY-MM-DD"))?;
        if !APPLY_YEARS.contains(&d.year) {
            return Err(format!(
                "`{s}` is outside the years this guide works out dates for ({}-{})",
                APPLY_YEARS.start(),
                APPLY_YEARS.end()
            ));
        }
        Ok(d)
    }

    /// Days since 1970-01-01.
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// 0 = Monday .. 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        ((self.to_days() + 3).rem_euclid(7)) as u32
    }

    pub fn succ(self) -> Date {
        Date::from_days(self.to_days() + 1)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Year {
    pub off: BTreeSet<Date>,
    pub work: BTreeSet<Date>,
}

/// The official calendar: for the years it knows, days off and adjusted
/// working days; for other years, weekends only.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Calendar {
    pub years: BTreeMap<i32, Year>,
}

/// When a period of working days ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub date: Date,
    /// Some of the days counted fall in a year the calendar does not know,
    /// so only weekends were skipped there.
    pub estimated: bool,
    /// The first year the calendar does not know, when `estimated`.
    pub unknown_year: Option<i32>,
}

impl Calendar {
    /// Whether `d` is a working day, and whether the calendar knew its year.
    pub fn is_working_day(&self, d: Date) -> (bool, bool) {
        match self.years.get(&d.year) {
            Some(y) if y.work.contains(&d) => (true, true),
            Some(y) if y.off.contains(&d) => (false, true),
            Some(_) => (d.weekday() < 5, true),
            None => (d.weekday() < 5, false),
        }
    }

    /// The day on which `n` working days after `start` (not counting
    /// `start` itself) have passed.
    pub fn add_working_days(&self, start: Date, n: u32) -> Deadline {
        let mut d = start;
        let mut left = n;
        let mut unknown_year = None;
        while left > 0 {
            d = d.succ();
            let (working, known) = self.is_working_day(d);
            if !known && unknown_year.is_none() {
                unknown_year = Some(d.year);
            }
            if working {
                left -= 1;
            }
        }
        Deadline {
            date: d,
            estimated: unknown_year.is_some(),
            unknown_year,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cal_2026() -> Calendar {
        let mut y = Year::default();
        for (m, d) in [
            (10, 1),
            (10, 2),
            (10, 3),
            (10, 4),
            (10, 5),
            (10, 6),
            (10, 7),
        ] {
            y.off.insert(Date::new(2026, m, d).unwrap());
        }
        y.work.insert(Date::new(2026, 10, 10).unwrap());
        let mut c = Calendar::default();
        c.years.insert(2026, y);
        c
    }

    #[test]
    fn dates_round_trip_and_know_their_weekday() {
        let d = Date::new(2026, 11, 25).unwrap();
        assert_eq!(Date::from_days(d.to_days()), d);
        assert_eq!(d.weekday(), 2, "2026-11-25 is a Wednesday");
        assert_eq!(Date::parse("2024-02-29"), Date::new(2024, 2, 29));
        assert_eq!(Date::parse("2026-02-29"), None);
        assert_eq!(Date::parse("2026-1-01"), None);
        for loose in [
            "+202-01-01",
            "2026-+1-+5",
            "2026-01-+1",
            " 026-01-01",
            "2026-01-1 ",
        ] {
            assert_eq!(Date::parse(loose), None, "{loose}");
        }
        assert!(Date::parse_applied("2026-11-25").is_ok());
        let e = Date::parse_applied("9999-12-31").unwrap_err();
        assert!(e.contains("outside the years"), "{e}");
        assert!(Date::parse_applied("1999-12-31").is_err());
        assert_eq!(
            Date::new(2026, 12, 31).unwrap().succ(),
            Date::new(2027, 1, 1).unwrap()
        );
    }

    #[test]
    fn weekends_are_skipped() {
        let c = cal_2026();
        // Wednesday + 15 working days = three weeks later.
        let dl = c.add_working_days(Date::new(2026, 11, 25).unwrap(), 15);
        assert_eq!(dl.date, Date::new(2026, 12, 16).unwrap());
        assert!(!dl.estimated);
    }

    #[test]
    fn national_day_is_skipped_and_the_adjusted_saturday_counts() {
        let c = cal_2026();
        // Applying Wed 2026-09-30: Oct 1-7 off, Thu 8, Fri 9, Sat 10 (work).
        let dl = c.add_working_days(Date::new(2026, 9, 30).unwrap(), 3);
        assert_eq!(dl.date, Date::new(2026, 10, 10).unwrap());
    }

    #[test]
    fn an_unknown_year_falls_back_to_weekends_and_says_so() {
        let c = cal_2026();
        let dl = c.add_working_days(Date::new(2026, 12, 28).unwrap(), 5);
        assert_eq!(dl.date, Date::new(2027, 1, 4).unwrap());
        assert!(dl.estimated);
        assert_eq!(dl.unknown_year, Some(2027));
    }
}
