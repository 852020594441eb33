//! The embedded calendars as static data, made from `workflows/calendars/*.toml` by this
//! crate's build script, so that a command parses no TOML for the defaults.
//!
//! The build script reads each file with the `toml` crate, refuses (the build fails,
//! naming the file and the entry) a key it does not know, a value of the wrong type or an
//! impossible date, and writes what the engine's strict parser yields from the same file:
//! slots and cancelled meetings apart and by date, the period defaulting to the first and
//! last meeting, one provenance per entry. The engine turns this data into its calendar
//! types; its test `compiled_calendars_equal_the_parsed_files` parses every embedded file
//! with the strict parser (every check, every warning) and compares, so the two cannot
//! drift. A user's own files never come here: they go through the strict parser.

/// A date as year, month and day (checked by the build script).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ymd(pub i16, pub i8, pub i8);

/// Where an entry comes from, as the file says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provenance {
    /// `source = "..."`: official.
    Sourced(&'static str),
    /// `reported = "..."`: a secondary source.
    Reported(&'static str),
    /// `estimated = "..."`: the rule that made it.
    Estimated(&'static str),
}

/// What a file's `kind` says a body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// `voorportaal`.
    Voorportaal,
    /// `onderraad`.
    Onderraad,
    /// `ministerraad`.
    Ministerraad,
}

/// One `[[slot]]` that is not cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// `meeting`.
    pub meeting: Ymd,
    /// `deadline`.
    pub deadline: Ymd,
    /// `mr`.
    pub mr: Option<Ymd>,
    /// `mr-with-onderraad`.
    pub mr_with_onderraad: Option<Ymd>,
    /// `extra`.
    pub extra: bool,
    /// `source`, `reported` or `estimated`.
    pub provenance: Provenance,
}

/// One `[[slot]]` with `cancelled = true`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled {
    /// `meeting`.
    pub meeting: Ymd,
    /// `reason`.
    pub reason: &'static str,
    /// `source`, `reported` or `estimated`, when given.
    pub provenance: Option<Provenance>,
}

/// A body's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Body {
    /// `body`.
    pub name: &'static str,
    /// `kind`.
    pub kind: BodyKind,
    /// `title`.
    pub title: &'static str,
    /// `from`, else the first meeting.
    pub from: Ymd,
    /// `to`, else the last meeting.
    pub to: Ymd,
    /// `cabinet`.
    pub cabinet: Option<&'static str>,
    /// `valid-from`.
    pub valid_from: Option<Ymd>,
    /// `valid-until`.
    pub valid_until: Option<Ymd>,
    /// The slots, by meeting.
    pub slots: &'static [Slot],
    /// The cancelled meetings, by meeting.
    pub cancelled: &'static [Cancelled],
}

/// One `[[recess]]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recess {
    /// `name`.
    pub name: &'static str,
    /// `from`.
    pub from: Ymd,
    /// `to`.
    pub to: Ymd,
    /// `source`, `reported` or `estimated`.
    pub provenance: Provenance,
}

/// One `[[election]]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Election {
    /// `date`.
    pub date: Ymd,
    /// `installed`.
    pub installed: Option<Ymd>,
    /// `source`, `reported` or `estimated`.
    pub provenance: Provenance,
}

/// One `[[kabinet]]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cabinet {
    /// `name`.
    pub name: &'static str,
    /// `from`.
    pub from: Ymd,
    /// `until`.
    pub until: Option<Ymd>,
    /// `source`, `reported` or `estimated`.
    pub provenance: Provenance,
}

/// What one embedded calendar file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calendar {
    /// A body's slots (`kind = "voorportaal"`, `"onderraad"` or `"ministerraad"`).
    Body(Body),
    /// `kind = "recesses"`: recesses and elections, each by date.
    Recesses {
        /// The recesses.
        recesses: &'static [Recess],
        /// The elections.
        elections: &'static [Election],
    },
    /// `kind = "cabinets"`, by date.
    Cabinets(&'static [Cabinet]),
}

include!(concat!(env!("OUT_DIR"), "/compiled_calendars.rs"));
