//! How a stroom's planned dates moved over its life: the number of moves per step is the
//! SEQUENCE of the step's calendar event, so a calendar program that imported an earlier
//! export updates the event instead of keeping the old date.
//!
//! Derived, not stored: the plan is recomputed as it stood at the end of every day from the
//! stroom's registration to today, from the trail recorded for those days (the records in
//! chain order up to the first one dated after the day). So the same trail, calendars and
//! today always give the same numbers, and a later day only adds moves.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::audit::Record;
use crate::calendar::Calendars;
use crate::machine::{replay, Fact, Stroom};
use crate::planner::{Planner, Request, Step};
use crate::route::Route;

/// At most this many days are replayed (ten years); older history counts as one plan.
const MAX_DAYS: i32 = 3660;

/// The steps a calendar carries, with the number of times each one's planned date moved
/// between the stroom's registration and `today`. `adjust` applies the same planning flags
/// (onderraad, send-after, approval estimates) to every day's request as to today's.
/// Steps that never had a date are absent.
pub fn moves(
    route: &Route,
    cal: &Calendars,
    records: &[Record],
    today: Date,
    adjust: &dyn Fn(&mut Request),
) -> BTreeMap<Step, u32> {
    let mut out = BTreeMap::new();
    let Some(first) = records.first() else {
        return out;
    };
    let Fact::Created { stroom } = &first.event.fact else {
        return out;
    };
    let Ok(planner) = Planner::new(route, cal) else {
        return out;
    };
    let mut start = first.event.on;
    if let Ok(span) = start.until(today) {
        if span.get_days() > MAX_DAYS {
            start = today.saturating_sub(jiff::Span::new().days(MAX_DAYS));
        }
    }
    let mut state = Stroom::new((**stroom).clone(), first.event.on);
    let mut next = 1;
    let mut known = 1;
    let mut last: BTreeMap<Step, Date> = BTreeMap::new();
    let mut day = start;
    while day <= today {
        while next < records.len() && records[next].event.on <= day {
            next += 1;
        }
        if next != known {
            // Replayed as corrected: a correction recorded by now changes what was known.
            if let Ok(s) = replay(route, records[..next].iter().map(|r| &r.event)) {
                state = s;
            }
            known = next;
        }
        if !state.state.kind().is_terminal() {
            if let Ok(mut req) = Request::for_stroom(&state, day) {
                adjust(&mut req);
                if let Ok(dates) = planner.dates(&req) {
                    for step in &Step::ALL[1..] {
                        if let Some(d) = dates.get(*step) {
                            let count = out.entry(*step).or_insert(0);
                            if last.insert(*step, d).is_some_and(|before| before != d) {
                                *count += 1;
                            }
                        }
                    }
                }
            }
        }
        match day.tomorrow() {
            Ok(d) => day = d,
            Err(_) => break,
        }
    }
    out
}
