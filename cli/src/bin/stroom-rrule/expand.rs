//! Expanding one meeting series with the `rrule` crate (see `recur.rs` for why this runs in
//! `stroom-rrule`, not in `stroom`). Also compiled into the fuzz harness.

use crate::recur::{Expanded, Series};

/// The most occurrences one series is expanded to.
const LIMIT: u16 = 2000;

/// The dates of `series`: each occurrence's civil date in Amsterdam, or in the series' own
/// zone when [`Series::own_zone`] says so.
pub fn expand(series: &Series) -> Expanded {
    let set: rrule::RRuleSet = match series.spec.parse() {
        Ok(set) => set,
        Err(e) => return Expanded::Refused(rrule::RRuleError::to_string(&e)),
    };
    let mut dates = Vec::new();
    for occurrence in set.all(LIMIT).dates {
        let day = |text: String| text.parse::<jiff::civil::Date>().ok();
        let amsterdam = day(occurrence
            .with_timezone(&rrule::Tz::Europe__Amsterdam)
            .format("%Y-%m-%d")
            .to_string());
        let Some(amsterdam) = amsterdam else {
            return Expanded::Dates {
                dates,
                then_outside: true,
            };
        };
        let date = if series.own_zone {
            day(occurrence.format("%Y-%m-%d").to_string()).unwrap_or(amsterdam)
        } else {
            amsterdam
        };
        dates.push(date);
    }
    Expanded::Dates {
        dates,
        then_outside: false,
    }
}
