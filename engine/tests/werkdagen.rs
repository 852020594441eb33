//! Rijk feestdagen and werkdag arithmetic, checked against an independent computation:
//! Easter by Gauss's algorithm (with its two exceptions) and by Knuth's epact
//! algorithm, never by the engine's own `easter`.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::sync::OnceLock;

use jiff::civil::{date, Date, Weekday};
use jiff::ToSpan;
use proptest::prelude::*;
use stroom::werkdag::feestdagen;
use stroom::Werkdagen;

/// Easter Sunday by Gauss's algorithm for the Gregorian calendar.
fn easter_gauss(year: i16) -> Date {
    let y = i32::from(year);
    let (a, b, c) = (y % 19, y % 4, y % 7);
    let k = y / 100;
    let p = (13 + 8 * k) / 25;
    let q = k / 4;
    let m = (15 - p + k - q) % 30;
    let n = (4 + k - q) % 7;
    let d = (19 * a + m) % 30;
    let e = (2 * b + 4 * c + 6 * d + n) % 7;
    let march = 22 + d + e; // day counted from 1 March
    let march = if d == 29 && e == 6 {
        19 + 31
    } else if d == 28 && e == 6 && (11 * m + 11) % 30 < 19 {
        18 + 31
    } else {
        march
    };
    date(year, 3, 1)
        .checked_add((i64::from(march) - 1).days())
        .unwrap()
}

/// Easter Sunday by Knuth's Algorithm E (TAOCP 1.3.2), via the epact.
fn easter_knuth(year: i16) -> Date {
    let y = i32::from(year);
    let golden = y % 19 + 1;
    let century = y / 100 + 1;
    let x = 3 * century / 4 - 12;
    let z = (8 * century + 5) / 25 - 5;
    let d = 5 * y / 4 - x - 10;
    let mut epact = (11 * golden + 20 + z - x) % 30;
    if (epact == 25 && golden > 11) || epact == 24 {
        epact += 1;
    }
    let mut n = 44 - epact;
    if n < 21 {
        n += 30;
    }
    n = n + 7 - (d + n) % 7;
    if n > 31 {
        date(year, 4, (n - 31) as i8)
    } else {
        date(year, 3, n as i8)
    }
}

fn plus(d: Date, days: i64) -> Date {
    d.checked_add(days.days()).unwrap()
}

/// The Rijk feestdagen of a year as DOMAIN.md states them, sorted by (date, name).
fn expected_feestdagen(year: i16) -> Vec<(Date, &'static str)> {
    let easter = easter_gauss(year);
    let koning = if year >= 2014 {
        // Koningsdag 27 April, on Saturday 26 April when the 27th is a Sunday.
        let d = date(year, 4, 27);
        (
            if d.weekday() == Weekday::Sunday {
                date(year, 4, 26)
            } else {
                d
            },
            "Koningsdag",
        )
    } else {
        // Koninginnedag 30 April, on Saturday 29 April when the 30th is a Sunday.
        let d = date(year, 4, 30);
        (
            if d.weekday() == Weekday::Sunday {
                date(year, 4, 29)
            } else {
                d
            },
            "Koninginnedag",
        )
    };
    let mut days = vec![
        (date(year, 1, 1), "Nieuwjaarsdag"),
        (plus(easter, -2), "Goede Vrijdag"),
        (plus(easter, 1), "Tweede Paasdag"),
        koning,
        (date(year, 5, 5), "Bevrijdingsdag"),
        (plus(easter, 39), "Hemelvaartsdag"),
        (plus(easter, 50), "Tweede Pinksterdag"),
        (date(year, 12, 25), "Eerste Kerstdag"),
        (date(year, 12, 26), "Tweede Kerstdag"),
    ];
    days.sort();
    days
}

/// Every Rijk feestdag 2000–2100, computed here.
fn all_feestdagen() -> &'static BTreeSet<Date> {
    static DAYS: OnceLock<BTreeSet<Date>> = OnceLock::new();
    DAYS.get_or_init(|| {
        (2000..=2100)
            .flat_map(expected_feestdagen)
            .map(|(d, _)| d)
            .collect()
    })
}

/// A werkdag by definition: Monday to Friday and not a feestdag.
fn is_werkdag(d: Date) -> bool {
    d.weekday().to_monday_one_offset() <= 5 && !all_feestdagen().contains(&d)
}

fn calendar() -> &'static Werkdagen {
    static W: OnceLock<Werkdagen> = OnceLock::new();
    W.get_or_init(Werkdagen::default)
}

#[test]
fn the_two_independent_easter_computations_agree_and_match_known_dates() {
    for year in 1900..=2200 {
        assert_eq!(easter_gauss(year), easter_knuth(year), "{year}");
    }
    // Published dates, including both exceptions of Gauss's rule (1981, 2049, 2076).
    let known = [
        date(2000, 4, 23),
        date(2008, 3, 23),
        date(2011, 4, 24),
        date(2019, 4, 21),
        date(2023, 4, 9),
        date(2024, 3, 31),
        date(2025, 4, 20),
        date(2038, 4, 25),
        date(2049, 4, 18),
        date(2076, 4, 19),
        date(1981, 4, 19),
    ];
    for d in known {
        assert_eq!(easter_gauss(d.year()), d);
        assert_eq!(d.weekday(), Weekday::Sunday);
    }
}

#[test]
fn feestdagen_2000_to_2100_match_an_independent_computation() {
    for year in 2000..=2100 {
        let engine = feestdagen(year);
        assert!(
            engine.windows(2).all(|w| w[0].date <= w[1].date),
            "{year}: feestdagen are not in date order"
        );
        let mut got: Vec<_> = engine.iter().map(|d| (d.date, d.name.as_str())).collect();
        got.sort();
        let want = expected_feestdagen(year);
        let want: Vec<_> = want.iter().map(|(d, n)| (*d, *n)).collect();
        assert_eq!(got, want, "{year}");
    }
}

#[test]
fn bevrijdingsdag_is_a_day_off_every_year_not_only_every_fifth() {
    let w = calendar();
    for year in 2000..=2100 {
        let d = date(year, 5, 5);
        if d.weekday().to_monday_one_offset() <= 5 {
            assert!(!w.is_werkdag(d).unwrap(), "5 May {year} is a werkdag");
        }
    }
}

#[test]
fn hemelvaart_and_bevrijdingsdag_on_the_same_day_are_both_listed() {
    // Easter 27 March 2005 and 2016: Hemelvaartsdag falls on 5 May.
    for year in [2005, 2016] {
        let names: Vec<_> = feestdagen(year)
            .into_iter()
            .filter(|d| d.date == date(year, 5, 5))
            .map(|d| d.name)
            .collect();
        assert_eq!(names.len(), 2, "{year}: {names:?}");
        assert!(
            names.contains(&"Hemelvaartsdag".to_string()),
            "{year}: {names:?}"
        );
        assert!(
            names.contains(&"Bevrijdingsdag".to_string()),
            "{year}: {names:?}"
        );
    }
}

#[test]
fn weekday_feestdagen_of_2023_and_2025_are_those_of_the_domain_brief() {
    let weekdays = |year| -> Vec<Date> {
        feestdagen(year)
            .into_iter()
            .map(|d| d.date)
            .filter(|d| d.weekday().to_monday_one_offset() <= 5)
            .collect()
    };
    let d = |m, day| date(2023, m, day);
    assert_eq!(
        weekdays(2023),
        [
            d(4, 7),
            d(4, 10),
            d(4, 27),
            d(5, 5),
            d(5, 18),
            d(5, 29),
            d(12, 25),
            d(12, 26)
        ]
    );
    let d = |m, day| date(2025, m, day);
    assert_eq!(
        weekdays(2025),
        [
            d(1, 1),
            d(4, 18),
            d(4, 21),
            d(5, 5),
            d(5, 29),
            d(6, 9),
            d(12, 25),
            d(12, 26)
        ]
    );
    // Koningsdag 2025 is Saturday 26 April because 27 April is a Sunday; not moved to a weekday.
    let koningsdag: Vec<_> = feestdagen(2025)
        .into_iter()
        .filter(|d| d.name == "Koningsdag")
        .map(|d| d.date)
        .collect();
    assert_eq!(koningsdag, [date(2025, 4, 26)]);
}

#[test]
fn is_werkdag_matches_the_definition_on_every_day_of_the_tables() {
    let w = calendar();
    let (first, last) = w.range();
    assert_eq!((first, last), (date(2000, 1, 1), date(2100, 12, 31)));
    let mut d = first;
    while d <= last {
        assert_eq!(
            w.is_werkdag(d).unwrap(),
            is_werkdag(d),
            "{d} ({:?})",
            d.weekday()
        );
        d = d.tomorrow().unwrap();
    }
}

#[test]
fn domain_examples() {
    let w = calendar();
    // MR Fri 10 Nov 2023 + 1 werkdag: the Kamerbrief of Mon 13 Nov 2023.
    assert_eq!(w.add(date(2023, 11, 10), 1).unwrap(), date(2023, 11, 13));
    // Debate Wed 11 Dec 2024 − 4 werkdagen: latest send Thu 5 Dec 2024.
    assert_eq!(w.add(date(2024, 12, 11), -4).unwrap(), date(2024, 12, 5));
    // CWIZO Mon 9 Oct 2023 − 4 werkdagen: aanleverdeadline Tue 3 Oct 2023.
    assert_eq!(w.add(date(2023, 10, 9), -4).unwrap(), date(2023, 10, 3));
    // Over Easter 2025: Thu 17 Apr + 1 skips Goede Vrijdag, the weekend and Tweede Paasdag.
    assert_eq!(w.add(date(2025, 4, 17), 1).unwrap(), date(2025, 4, 22));
}

#[test]
fn results_outside_the_tables_are_errors_not_panics() {
    let w = calendar();
    assert!(w.add(date(2100, 12, 30), 5).is_err());
    assert!(w.add(date(2000, 1, 4), -5).is_err());
    assert!(w.add(date(2101, 1, 1), 0).is_err());
    assert!(w.between(date(1999, 12, 31), date(2000, 1, 3)).is_err());
    let err = w.add(date(2100, 12, 30), 5).unwrap_err().to_string();
    // The date is inside the tables; the result is not, and the message says so.
    assert!(
        err.starts_with("5 werkdagen from 2100-12-30 fall outside the werkdag tables"),
        "{err}"
    );
}

/// `n` werkdagen from `d`, counted one day at a time with the definition above.
fn add_by_walking(d: Date, n: i32) -> Date {
    let mut d = d;
    for _ in 0..n.unsigned_abs() {
        loop {
            d = if n > 0 {
                d.tomorrow().unwrap()
            } else {
                d.yesterday().unwrap()
            };
            if is_werkdag(d) {
                break;
            }
        }
    }
    d
}

/// Dates in 2001..2099 from which ±300 werkdagen (about 430 days) stay inside the tables.
fn day_in_range() -> impl Strategy<Value = Date> {
    let first = date(2001, 4, 1);
    let days = first.until(date(2099, 9, 30)).unwrap().get_days();
    (0..=days).prop_map(move |n| plus(first, i64::from(n)))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn adding_then_subtracting_returns_to_the_nearest_werkdag(d in day_in_range(), n in -300i32..300) {
        let w = calendar();
        let there = w.add(d, n).unwrap();
        let back = w.add(there, -n).unwrap();
        let expected = if n == 0 || is_werkdag(d) {
            d
        } else if n > 0 {
            w.previous(d).unwrap()
        } else {
            w.next(d).unwrap()
        };
        prop_assert_eq!(back, expected);
    }

    #[test]
    fn between_counts_what_add_added(d in day_in_range(), n in -300i32..300) {
        let w = calendar();
        prop_assume!(is_werkdag(d));
        prop_assert_eq!(w.between(d, w.add(d, n).unwrap()).unwrap(), n);
    }

    #[test]
    fn add_is_strictly_increasing_in_n(d in day_in_range(), a in -300i32..300, b in -300i32..300) {
        prop_assume!(a != b);
        let w = calendar();
        let (lo, hi) = (a.min(b), a.max(b));
        prop_assert!(w.add(d, lo).unwrap() < w.add(d, hi).unwrap());
    }

    #[test]
    fn adding_lands_on_a_werkdag(d in day_in_range(), n in -300i32..300) {
        prop_assume!(n != 0);
        let w = calendar();
        let r = w.add(d, n).unwrap();
        prop_assert!(is_werkdag(r), "{} + {} = {} ({:?})", d, n, r, r.weekday());
        prop_assert!(w.is_werkdag(r).unwrap());
        prop_assert_eq!(n > 0, r > d);
    }

    #[test]
    fn add_matches_counting_day_by_day(d in day_in_range(), n in -40i32..40) {
        prop_assert_eq!(calendar().add(d, n).unwrap(), add_by_walking(d, n));
    }

    #[test]
    fn between_matches_counting_day_by_day(a in day_in_range(), span in -400i64..400) {
        let b = plus(a, span);
        prop_assume!(b.year() <= 2099 && b.year() >= 2001);
        let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
        let mut count = 0;
        let mut d = lo;
        while d < hi {
            d = d.tomorrow().unwrap();
            count += i32::from(is_werkdag(d));
        }
        prop_assert_eq!(calendar().between(a, b).unwrap(), sign * count);
    }

    #[test]
    fn next_and_previous_or_same(d in day_in_range()) {
        let w = calendar();
        let next = w.next_or_same(d).unwrap();
        let prev = w.previous_or_same(d).unwrap();
        if is_werkdag(d) {
            prop_assert_eq!((next, prev), (d, d));
        } else {
            prop_assert_eq!(next, add_by_walking(d, 1));
            prop_assert_eq!(prev, add_by_walking(d, -1));
        }
    }
}
