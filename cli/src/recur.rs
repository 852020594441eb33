//! What `calendar import` asks of the recurrence expander, and what it answers: one request
//! per recurring meeting series of an iCalendar file, as JSON between `stroom` and the
//! companion program `stroom-rrule`.
//!
//! Why a second program: the `rrule` crate reads a series in any time zone through
//! `chrono-tz`, which compiles the whole IANA time-zone database into the program as data
//! full of pointers. In a position-independent executable every such pointer is relocated
//! by the loader at each start: 30,000 of `stroom`'s 40,000 relocations and a quarter of
//! its page faults, paid by every command for the one that imports a schedule (DESIGN.md,
//! "Why does `calendar import` run `stroom-rrule`?"). `stroom-rrule` links `rrule`;
//! `stroom` does not.
//!
//! This file is compiled into `stroom`, into `stroom-rrule` and into the fuzz harness.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// One meeting series to expand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Series {
    /// The rule as the `rrule` crate reads it: a `DTSTART` line and one `RRULE` line per rule.
    pub spec: String,
    /// Whether an occurrence's date is the civil date in the series' own zone (a start with
    /// a TZID or none), rather than in Amsterdam (a start in UTC).
    pub own_zone: bool,
}

/// What one series expands to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", rename_all_fields = "kebab-case")]
pub enum Expanded {
    /// Its dates, in order (at most 2,000).
    Dates {
        /// The civil date of each occurrence.
        dates: Vec<Date>,
        /// Whether the occurrence after the last date has no civil date (a year past 9999).
        then_outside: bool,
    },
    /// The rule does not parse or is not valid: the expander's words.
    Refused(String),
}
