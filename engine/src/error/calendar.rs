//! Errors of werkdag arithmetic and meeting calendars. A leaf: it names nothing else of
//! the engine.

use jiff::civil::Date;

/// Errors of werkdag arithmetic and meeting calendars.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The werkdag tables do not cover the date.
    #[error("date {date} lies outside the werkdag tables ({from} to {to})")]
    WerkdagRange {
        /// The date asked about.
        date: Date,
        /// First covered date.
        from: Date,
        /// Last covered date.
        to: Date,
    },
    /// No slot of a body covers the date asked about.
    #[error("no {body} slot known on or after {date}: the {body} calendar covers {from} to {to}")]
    NoSlotAfter {
        /// The body, e.g. `cwizo`.
        body: String,
        /// The date asked about.
        date: Date,
        /// First covered date.
        from: Date,
        /// Last covered date.
        to: Date,
    },
    /// No slot of a body lies on or before the date asked about.
    #[error("{}", no_slot_before(body, *date, *from, *to))]
    NoSlotBefore {
        /// The body, e.g. `cwizo`.
        body: String,
        /// The date asked about.
        date: Date,
        /// First covered date.
        from: Date,
        /// Last covered date.
        to: Date,
    },
    /// Werkdag arithmetic from a covered date whose result lies outside the tables.
    #[error("{n} werkdagen from {date} fall outside the werkdag tables ({from} to {to})")]
    WerkdagResultRange {
        /// The date counted from (inside the tables).
        date: Date,
        /// The werkdagen added (negative: subtracted).
        n: i32,
        /// First covered date.
        from: Date,
        /// Last covered date.
        to: Date,
    },
    /// A body the calendars do not know.
    #[error("no calendar for body '{body}'")]
    UnknownBody {
        /// The body asked for.
        body: String,
        /// The known bodies, comma separated.
        known: String,
    },
    /// A year outside the werkdag tables, e.g. for a generated calendar.
    #[error("year {year} is outside the werkdag tables ({from} to {to})")]
    YearOutOfRange {
        /// The year given.
        year: i16,
        /// The first year of the tables.
        from: i16,
        /// The last year of the tables.
        to: i16,
    },
    /// A first year after the last one.
    #[error("the first year {from} comes after the last year {to}")]
    YearsReversed {
        /// The first year.
        from: i16,
        /// The last year.
        to: i16,
    },
    /// Text that is neither a date nor a deadline expression.
    #[error("'{text}' is not a date or a known deadline")]
    NotADeadline {
        /// The text given.
        text: String,
    },
    /// A deadline before the zomerreces of a year without a known zomerreces.
    #[error("no zomerreces known for {year}")]
    NoZomerreces {
        /// The year.
        year: i16,
    },
}

fn no_slot_before(body: &str, date: Date, from: Date, to: Date) -> String {
    if date > to {
        format!("no {body} slot known up to {date}: the {body} calendar covers {from} to {to}, so later slots are unknown")
    } else {
        format!("no {body} slot on or before {date}: the {body} calendar covers {from} to {to}")
    }
}
