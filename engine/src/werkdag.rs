//! Rijk werkdagen: feestdagen, blokdagen and constant-time werkdag arithmetic.
//!
//! A werkdag is Monday to Friday and neither a Rijk feestdag nor a blokdag of the
//! organisation. [`Werkdagen`] precomputes, for every day of the years it covers, how
//! many werkdagen precede it, so that [`Werkdagen::add`] is two table look-ups.

use std::borrow::Cow;

use jiff::civil::Date;
use serde::Serialize;

use crate::error::CalendarError;

/// First year the werkdag tables cover.
pub const FIRST_YEAR: i16 = 2000;
/// Last year the werkdag tables cover.
pub const LAST_YEAR: i16 = 2100;

/// A Rijk feestdag or an organisation's blokdag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayOff {
    /// The day.
    pub date: Date,
    /// Its Dutch name, e.g. `Goede Vrijdag`.
    pub name: String,
}

/// Easter Sunday of `year` by the Gregorian computus (anonymous algorithm).
pub fn easter(year: i16) -> Date {
    let (month, day) = easter_month_day(i32::from(year));
    // month is 3 or 4 and day 1..=31 by construction of the algorithm.
    Date::new(year, month, day).expect("computus yields a valid March/April date")
}

/// Month and day of Easter Sunday (a `const fn`, so the werkdag tables can be built while
/// compiling).
const fn easter_month_day(y: i32) -> (i8, i8) {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    (month as i8, day as i8)
}

/// The Rijk feestdagen of `year`, in date order, including those that fall in a weekend
/// (a day off on a weekend is not moved).
///
/// Koningsdag is 27 April, or 26 April when 27 April is a Sunday (from 2014); before 2014
/// Koninginnedag is 30 April, or 29 April when 30 April is a Sunday. Bevrijdingsdag is a
/// day off for the Rijksoverheid every year.
///
/// # Example
/// ```
/// use jiff::civil::date;
/// let days = stroom::werkdag::feestdagen(2023);
/// assert!(days.iter().any(|d| d.date == date(2023, 4, 7) && d.name == "Goede Vrijdag"));
/// ```
pub fn feestdagen(year: i16) -> Vec<DayOff> {
    feestdag_dates(year)
        .into_iter()
        .map(|(date, name)| DayOff {
            date,
            name: name.to_string(),
        })
        .collect()
}

/// The name of the Rijk feestdag on `d`, if it is one (no allocation: the werkdag tables
/// and calendar checks ask this for every day and slot).
pub fn feestdag_name(d: Date) -> Option<&'static str> {
    feestdag_dates(d.year())
        .into_iter()
        .find(|(f, _)| *f == d)
        .map(|(_, name)| name)
}

/// The Rijk feestdagen of `year` with their names, in date order (see [`feestdagen`]).
fn feestdag_dates(year: i16) -> [(Date, &'static str); 9] {
    let numbers = feestdag_numbers(i32::from(year));
    let koning = if year >= 2014 {
        "Koningsdag"
    } else {
        "Koninginnedag"
    };
    let names = [
        "Nieuwjaarsdag",
        "Goede Vrijdag",
        "Tweede Paasdag",
        koning,
        "Bevrijdingsdag",
        "Hemelvaartsdag",
        "Tweede Pinksterdag",
        "Eerste Kerstdag",
        "Tweede Kerstdag",
    ];
    let mut days = [(Date::constant(2000, 1, 1), ""); 9];
    for (slot, (n, name)) in days.iter_mut().zip(numbers.into_iter().zip(names)) {
        *slot = (from_day_number(n), name);
    }
    days.sort_by_key(|(d, _)| *d);
    days
}

/// The day numbers of the Rijk feestdagen of `year`, in the order of the names in
/// [`feestdag_dates`] (not sorted). A `const fn` on day numbers: the werkdag tables are
/// built from it while compiling, and jiff's span arithmetic would cost more than the rest
/// together at run time.
///
/// Koningsdag is 27 April, or 26 April when 27 April is a Sunday (from 2014); before 2014
/// Koninginnedag is 30 April, or 29 April when 30 April is a Sunday.
const fn feestdag_numbers(year: i32) -> [i32; 9] {
    let (em, ed) = easter_month_day(year);
    let easter = ymd_number(year, em as i32, ed as i32);
    let koning = if year >= 2014 {
        ymd_number(year, 4, 27)
    } else {
        ymd_number(year, 4, 30)
    };
    let koning = if weekday_of(koning) == 6 {
        koning - 1
    } else {
        koning
    };
    [
        ymd_number(year, 1, 1),
        easter - 2,
        easter + 1,
        koning,
        ymd_number(year, 5, 5),
        easter + 39,
        easter + 50,
        ymd_number(year, 12, 25),
        ymd_number(year, 12, 26),
    ]
}

/// The weekday of a day number: 0 is Monday, 6 Sunday (2000-01-01, day 0, was a Saturday).
const fn weekday_of(n: i32) -> i32 {
    (n + 5).rem_euclid(7)
}

/// Days since 2000-01-01 (negative before), by Howard Hinnant's `days_from_civil`.
///
/// Hand-written because it sits on the hot path of [`Werkdagen::add`]: jiff's span
/// arithmetic is correct but an order of magnitude slower than this integer formula.
fn day_number(d: Date) -> i32 {
    ymd_number(
        i32::from(d.year()),
        i32::from(d.month()),
        i32::from(d.day()),
    )
}

/// [`day_number`] of a year, month and day (a `const fn`).
const fn ymd_number(y: i32, m: i32, day: i32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 730_425 // 730425 = days from 0000-03-01 to 2000-01-01
}

/// Inverse of [`day_number`].
fn from_day_number(n: i32) -> Date {
    let (y, m, d) = ymd_of(n);
    Date::new(y, m, d).expect("day numbers inside the table are valid dates")
}

/// Year, month and day of a day number (a `const fn`; the inverse of [`ymd_number`]).
const fn ymd_of(n: i32) -> (i16, i8, i8) {
    let z = n + 730_425;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + (m <= 2) as i32;
    (y as i16, m as i8, d as i8)
}

/// The day number of the first day of every month of the tables, by `(year - FIRST_YEAR)
/// * 12 + month - 1` (built while compiling): [`Werkdagen`] finds a date's place with it.
static MONTH_FIRST: [i32; (LAST_YEAR - FIRST_YEAR + 1) as usize * 12] = {
    let mut t = [0i32; (LAST_YEAR - FIRST_YEAR + 1) as usize * 12];
    let mut i = 0;
    while i < t.len() {
        t[i] = ymd_number(FIRST_YEAR as i32 + (i / 12) as i32, (i % 12) as i32 + 1, 1);
        i += 1;
    }
    t
};

/// Day number of the first day of the tables.
const FIRST: i32 = ymd_number(FIRST_YEAR as i32, 1, 1);
/// How many days the tables cover.
const DAYS: usize = (ymd_number(LAST_YEAR as i32, 12, 31) - FIRST + 1) as usize;

/// For every day of the tables, whether it is a werkdag by the Rijk feestdagen alone.
const fn rijk_werkdag_flags() -> [bool; DAYS] {
    let mut flags = [false; DAYS];
    let mut i = 0;
    while i < DAYS {
        flags[i] = weekday_of(FIRST + i as i32) < 5;
        i += 1;
    }
    let mut year = FIRST_YEAR as i32;
    while year <= LAST_YEAR as i32 {
        let days = feestdag_numbers(year);
        let mut k = 0;
        while k < days.len() {
            // Every feestdag of a covered year lies inside the tables.
            flags[(days[k] - FIRST) as usize] = false;
            k += 1;
        }
        year += 1;
    }
    flags
}

// Read only while compiling (by the tables below), so it never reaches the binary.
#[allow(clippy::large_const_arrays)]
const RIJK_FLAGS: [bool; DAYS] = rijk_werkdag_flags();

const fn count_werkdagen() -> usize {
    let mut count = 0;
    let mut i = 0;
    while i < DAYS {
        if RIJK_FLAGS[i] {
            count += 1;
        }
        i += 1;
    }
    count
}

const RIJK_WERKDAGEN: usize = count_werkdagen();

/// [`Werkdagen`]'s `days` table for the Rijk feestdagen alone, built while compiling.
static RIJK_DAYS: [u32; DAYS] = {
    let mut days = [0u32; DAYS];
    let mut before = 0u32;
    let mut i = 0;
    while i < DAYS {
        let werkdag = RIJK_FLAGS[i];
        days[i] = (before << 1) | werkdag as u32;
        if werkdag {
            before += 1;
        }
        i += 1;
    }
    days
};

/// [`Werkdagen`]'s `list` for the Rijk feestdagen alone, built while compiling.
static RIJK_LIST: [Date; RIJK_WERKDAGEN] = {
    let mut list = [Date::constant(2000, 1, 3); RIJK_WERKDAGEN];
    let mut at = 0;
    let mut i = 0;
    while i < DAYS {
        if RIJK_FLAGS[i] {
            let (y, m, d) = ymd_of(FIRST + i as i32);
            list[at] = Date::constant(y, m, d);
            at += 1;
        }
        i += 1;
    }
    list
};

/// The werkdag calendar of one organisation: Rijk feestdagen plus its blokdagen,
/// precomputed for [`FIRST_YEAR`]..=[`LAST_YEAR`].
///
/// The tables of the Rijk feestdagen alone (no blokdagen, what the embedded calendars
/// give) are built while compiling ([`RIJK_DAYS`], [`RIJK_LIST`]), so a command that needs
/// werkdagen starts without building them; blokdagen from a calendar file build them at
/// run time, the same way.
#[derive(Debug, Clone)]
pub struct Werkdagen {
    first: i32,
    /// For every day of the range: the number of werkdagen strictly before it, shifted
    /// left by one, with the low bit set when the day is itself a werkdag.
    days: Cow<'static, [u32]>,
    /// All werkdagen in the range, ascending (so a result needs no conversion).
    list: Cow<'static, [Date]>,
    /// The organisation's blokdagen (the feestdagen follow from the year).
    blokdagen: Vec<DayOff>,
}

impl Default for Werkdagen {
    fn default() -> Self {
        Self::new(&[])
    }
}

impl Werkdagen {
    /// The tables with the Rijk feestdagen and the given blokdagen (without blokdagen: the
    /// tables built while compiling, at no cost).
    pub fn new(blokdagen: &[DayOff]) -> Self {
        if blokdagen.is_empty() {
            return Werkdagen {
                first: FIRST,
                days: Cow::Borrowed(&RIJK_DAYS),
                list: Cow::Borrowed(&RIJK_LIST),
                blokdagen: Vec::new(),
            };
        }
        Self::build(blokdagen)
    }

    /// Builds the tables at run time.
    fn build(blokdagen: &[DayOff]) -> Self {
        let first = day_number(Date::constant(FIRST_YEAR, 1, 1));
        let last = day_number(Date::constant(LAST_YEAR, 12, 31));
        let mut off = vec![false; (last - first + 1) as usize];
        let feestdagen = (FIRST_YEAR..=LAST_YEAR).flat_map(|y| feestdag_numbers(i32::from(y)));
        for n in feestdagen.chain(blokdagen.iter().map(|b| day_number(b.date))) {
            if (first..=last).contains(&n) {
                off[(n - first) as usize] = true;
            }
        }
        let mut days = Vec::with_capacity(off.len());
        let mut list = Vec::with_capacity(off.len() * 5 / 7);
        // Walk the calendar by year, month and day alongside the day numbers: a date is
        // made only for a werkdag, with no conversion from its number, and the weekday
        // is counted along (0 = Monday; 2000-01-01, n = 0, was a Saturday).
        let mut i = 0usize;
        let mut weekday = (first + 5).rem_euclid(7);
        for year in FIRST_YEAR..=LAST_YEAR {
            for month in 1..=12i8 {
                let month_days = Date::new(year, month, 1)
                    .expect("a month's first day")
                    .days_in_month();
                for day in 1..=month_days {
                    let werkdag = weekday < 5 && !off[i];
                    days.push(((list.len() as u32) << 1) | u32::from(werkdag));
                    if werkdag {
                        list.push(Date::new(year, month, day).expect("a day of the month"));
                    }
                    weekday = if weekday == 6 { 0 } else { weekday + 1 };
                    i += 1;
                }
            }
        }
        debug_assert_eq!(i, off.len());
        let mut blokdagen = blokdagen.to_vec();
        blokdagen.sort_by_key(|d| d.date);
        Werkdagen {
            first,
            days: Cow::Owned(days),
            list: Cow::Owned(list),
            blokdagen,
        }
    }

    /// The first and last date the tables cover.
    pub fn range(&self) -> (Date, Date) {
        (
            Date::constant(FIRST_YEAR, 1, 1),
            Date::constant(LAST_YEAR, 12, 31),
        )
    }

    fn index(&self, d: Date) -> Result<usize, CalendarError> {
        // The day number by table (the first day of each month of the covered years):
        // a look-up instead of `day_number`'s arithmetic, on the Monte Carlo's hot path.
        let year = i32::from(d.year()) - i32::from(FIRST_YEAR);
        if !(0..=i32::from(LAST_YEAR - FIRST_YEAR)).contains(&year) {
            let (from, to) = self.range();
            return Err(CalendarError::WerkdagRange { date: d, from, to });
        }
        let month = (year * 12 + i32::from(d.month()) - 1) as usize;
        Ok((MONTH_FIRST[month] + i32::from(d.day()) - 1 - self.first) as usize)
    }

    /// Whether `d` is a werkdag.
    ///
    /// # Errors
    /// When `d` lies outside the covered years.
    pub fn is_werkdag(&self, d: Date) -> Result<bool, CalendarError> {
        Ok(self.days[self.index(d)?] & 1 == 1)
    }

    /// Feestdagen and blokdagen of one year, in date order.
    pub fn days_off_in(&self, year: i16) -> Vec<DayOff> {
        let mut days = feestdagen(year);
        days.extend(
            self.blokdagen
                .iter()
                .filter(|d| d.date.year() == year)
                .cloned(),
        );
        // Stable: a feestdag comes before a blokdag on the same day.
        days.sort_by_key(|d| d.date);
        days
    }

    /// The werkdag with this ordinal; `n` werkdagen from `from` when it lies outside.
    fn werkdag_at(&self, ordinal: i64, from: Date, n: i32) -> Result<Date, CalendarError> {
        match usize::try_from(ordinal).ok().and_then(|o| self.list.get(o)) {
            Some(&date) => Ok(date),
            None => {
                let (lo, hi) = self.range();
                Err(CalendarError::WerkdagResultRange {
                    date: from,
                    n,
                    from: lo,
                    to: hi,
                })
            }
        }
    }

    /// The date `n` werkdagen after `d` (before it when `n` is negative); `d` itself for
    /// `n = 0`. From a non-werkdag, `+1` is the next werkdag and `-1` the previous one.
    ///
    /// # Errors
    /// When `d` or the result lies outside the covered years.
    ///
    /// # Example
    /// ```
    /// use jiff::civil::date;
    /// let w = stroom::Werkdagen::default();
    /// // Debate Wed 11 Dec 2024, four werkdagen earlier: Thu 5 Dec 2024.
    /// assert_eq!(w.add(date(2024, 12, 11), -4)?, date(2024, 12, 5));
    /// # Ok::<(), stroom::CalendarError>(())
    /// ```
    pub fn add(&self, d: Date, n: i32) -> Result<Date, CalendarError> {
        let i = self.index(d)?;
        if n == 0 {
            return Ok(d);
        }
        let word = self.days[i];
        let before = i64::from(word >> 1);
        let ordinal = if n > 0 {
            before + i64::from(word & 1) + i64::from(n) - 1
        } else {
            before + i64::from(n)
        };
        self.werkdag_at(ordinal, d, n)
    }

    /// `d` when it is a werkdag, else the first werkdag after it.
    ///
    /// # Errors
    /// When `d` lies outside the covered years.
    pub fn next_or_same(&self, d: Date) -> Result<Date, CalendarError> {
        let i = self.index(d)?;
        self.werkdag_at(i64::from(self.days[i] >> 1), d, 1)
    }

    /// `d` when it is a werkdag, else the last werkdag before it.
    ///
    /// # Errors
    /// When `d` lies outside the covered years.
    pub fn previous_or_same(&self, d: Date) -> Result<Date, CalendarError> {
        if self.is_werkdag(d)? {
            Ok(d)
        } else {
            self.add(d, -1)
        }
    }

    /// The first werkdag strictly after `d`.
    ///
    /// # Errors
    /// When `d` or the result lies outside the covered years.
    pub fn next(&self, d: Date) -> Result<Date, CalendarError> {
        self.add(d, 1)
    }

    /// The last werkdag strictly before `d`.
    ///
    /// # Errors
    /// When `d` or the result lies outside the covered years.
    pub fn previous(&self, d: Date) -> Result<Date, CalendarError> {
        self.add(d, -1)
    }

    /// The number of werkdagen `w` with `a < w <= b`; negative when `b` precedes `a`.
    /// So `between(d, add(d, n)) == n` for a werkdag `d`.
    ///
    /// # Errors
    /// When a date lies outside the covered years.
    pub fn between(&self, a: Date, b: Date) -> Result<i32, CalendarError> {
        let (ia, ib) = (self.index(a)?, self.index(b)?);
        // werkdagen <= day i
        let upto = |i: usize| -> i64 { i64::from(self.days[i] >> 1) + i64::from(self.days[i] & 1) };
        Ok((upto(ib) - upto(ia)) as i32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn day_numbers_round_trip_over_the_whole_range() {
        let mut d = Date::constant(FIRST_YEAR, 1, 1);
        let mut n = day_number(d);
        assert_eq!(n, 0);
        while d.year() <= LAST_YEAR {
            assert_eq!(day_number(d), n);
            assert_eq!(from_day_number(n), d);
            d = d.tomorrow().unwrap();
            n += 1;
        }
    }

    #[test]
    fn a_dates_place_in_the_tables_is_its_day_number_over_the_whole_range() {
        let (w, built) = (Werkdagen::default(), Werkdagen::new(&feestdagen(2024)));
        let mut d = Date::constant(FIRST_YEAR, 1, 1);
        while d.year() <= LAST_YEAR {
            let n = (day_number(d) - FIRST) as usize;
            assert_eq!(w.index(d).unwrap(), n, "{d}");
            assert_eq!(built.index(d).unwrap(), n, "{d}");
            d = d.tomorrow().unwrap();
        }
        for outside in [date(1999, 12, 31), date(2101, 1, 1), date(-9999, 1, 1)] {
            assert!(matches!(
                w.index(outside),
                Err(CalendarError::WerkdagRange { date, .. }) if date == outside
            ));
        }
    }

    #[test]
    fn weekday_feestdagen_2023_and_2025_match_the_domain_brief() {
        let w = Werkdagen::default();
        let weekdays = |y| {
            w.days_off_in(y)
                .into_iter()
                .filter(|d| d.date.weekday().to_monday_one_offset() <= 5)
                .map(|d| d.date)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            weekdays(2023),
            [
                date(2023, 4, 7),
                date(2023, 4, 10),
                date(2023, 4, 27),
                date(2023, 5, 5),
                date(2023, 5, 18),
                date(2023, 5, 29),
                date(2023, 12, 25),
                date(2023, 12, 26)
            ]
        );
        assert_eq!(
            weekdays(2025),
            [
                date(2025, 1, 1),
                date(2025, 4, 18),
                date(2025, 4, 21),
                date(2025, 5, 5),
                date(2025, 5, 29),
                date(2025, 6, 9),
                date(2025, 12, 25),
                date(2025, 12, 26)
            ]
        );
        assert!(w
            .days_off_in(2025)
            .iter()
            .any(|d| d.date == date(2025, 4, 26)));
    }

    #[test]
    fn adding_werkdagen_skips_weekends_and_feestdagen() {
        let w = Werkdagen::default();
        // Fri 10 Nov 2023 + 1 werkdag = Mon 13 Nov 2023 (the LLO Kamerbrief).
        assert_eq!(w.add(date(2023, 11, 10), 1).unwrap(), date(2023, 11, 13));
        // Thu 6 Apr 2023 + 1 skips Goede Vrijdag, the weekend and Tweede Paasdag.
        assert_eq!(w.add(date(2023, 4, 6), 1).unwrap(), date(2023, 4, 11));
        // From a Saturday: +1 is Monday, -1 is Friday.
        assert_eq!(w.add(date(2023, 10, 7), 1).unwrap(), date(2023, 10, 9));
        assert_eq!(w.add(date(2023, 10, 7), -1).unwrap(), date(2023, 10, 6));
        assert_eq!(w.between(date(2024, 12, 5), date(2024, 12, 11)).unwrap(), 4);
        assert_eq!(
            w.between(date(2024, 12, 11), date(2024, 12, 5)).unwrap(),
            -4
        );
    }

    #[test]
    fn blokdagen_are_not_werkdagen() {
        let blok = DayOff {
            date: date(2023, 5, 19),
            name: "brugdag".into(),
        };
        let w = Werkdagen::new(&[blok]);
        assert!(!w.is_werkdag(date(2023, 5, 19)).unwrap());
        assert_eq!(w.add(date(2023, 5, 17), 1).unwrap(), date(2023, 5, 22));
    }

    #[test]
    fn the_tables_built_while_compiling_are_the_run_time_ones() {
        let compiled = Werkdagen::default();
        assert!(matches!(compiled.days, Cow::Borrowed(_)));
        let built = Werkdagen::build(&[]);
        assert!(matches!(built.days, Cow::Owned(_)));
        assert_eq!(compiled.first, built.first);
        assert_eq!(compiled.days, built.days);
        assert_eq!(compiled.list, built.list);
        // And both agree with the calendar, day by day: jiff's weekday and the named
        // feestdagen.
        let mut d = Date::constant(FIRST_YEAR, 1, 1);
        while d.year() <= LAST_YEAR {
            let weekday = d.weekday().to_monday_one_offset() <= 5;
            let expected = weekday && feestdag_name(d).is_none();
            assert_eq!(compiled.is_werkdag(d).unwrap(), expected, "{d}");
            d = d.tomorrow().unwrap();
        }
    }

    #[test]
    fn dates_outside_the_tables_are_errors() {
        let w = Werkdagen::default();
        assert!(w.add(date(1999, 12, 31), 1).is_err());
        assert!(w.add(date(2100, 12, 31), 5).is_err());
    }
}
