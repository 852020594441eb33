//! Estimated recesses of the Tweede Kamer.

use super::*;

use jiff::civil::{Date, Weekday};

/// Estimated recesses of the Tweede Kamer for one year, by the rules of CALENDARS.md
/// (each Friday to Monday).
pub fn estimate_recesses(year: i16) -> Vec<Recess> {
    let friday_on_or_before = |d: Date| {
        let mut d = d;
        while d.weekday() != Weekday::Friday {
            d = add_days(d, -1);
        }
        d
    };
    let ymd = |m, d| Date::new(year, m, d).expect("fixed dates are valid");
    let est = |rule: &str| Provenance::Estimated(format!("rule: {rule}").into());
    let voorjaar = friday_on_or_before(ymd(2, 22));
    let mei = friday_on_or_before(ymd(4, 28));
    // The zomerreces ends on the Monday before the first Tuesday of September.
    let mut first_tuesday = ymd(9, 1);
    while first_tuesday.weekday() != Weekday::Tuesday {
        first_tuesday = add_days(first_tuesday, 1);
    }
    let zomer_end = add_days(first_tuesday, -1);
    let herfst = friday_on_or_before(ymd(10, 16));
    let kerst = friday_on_or_before(ymd(12, 22));
    vec![
        Recess {
            name: "voorjaarsreces".into(),
            from: voorjaar,
            to: add_days(voorjaar, 10),
            provenance: est(
                "Friday on or before 22 Feb, 10 days; it follows the school holidays, so ±1 week",
            ),
        },
        Recess {
            name: "meireces".into(),
            from: mei,
            to: add_days(mei, 17),
            provenance: est("Friday on or before 28 Apr, 17 days"),
        },
        Recess {
            name: "zomerreces".into(),
            from: add_days(zomer_end, -59),
            to: zomer_end,
            provenance: est(
                "ends the Monday before the first Tuesday of September, starts 59 days earlier",
            ),
        },
        Recess {
            name: "herfstreces".into(),
            from: herfst,
            to: add_days(herfst, 10),
            provenance: est("Friday on or before 16 Oct, 10 days"),
        },
        Recess {
            name: "kerstreces".into(),
            from: kerst,
            to: add_days(kerst, 24),
            provenance: est("Friday on or before 22 Dec, 24 days"),
        },
    ]
}
