//! Meeting calendars as data: bodies with slots, Tweede Kamer recesses and elections,
//! cabinets, blokdagen.
//!
//! Every slot carries its provenance: `sourced` (an official source, with its address),
//! `reported` (a secondary source, with its address) or `estimated` (naming the rule that
//! made it). An estimated slot of a cabinet's body dated under a later cabinet for which
//! no sourced slot exists is also **extrapolated**. The embedded defaults live in
//! `workflows/calendars/`; a user's file adds or overrides slots of a body for the
//! period it covers, adds one-off meetings (`extra = true`) and cancels estimated ones
//! (`cancelled = true`). The rules are those of `CALENDARS.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use jiff::civil::{Date, Weekday};
use jiff::Span;
use serde::{Deserialize, Serialize};

use crate::error::{CalendarError, DataError, Error};
use crate::werkdag::{DayOff, Werkdagen};

/// What a body is in the route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BodyKind {
    /// An ambtelijk voorportaal, e.g. CWIZO.
    Voorportaal,
    /// An onderraad, e.g. RWIZO.
    Onderraad,
    /// The ministerraad.
    Ministerraad,
}

/// How certain a date is, from the strongest to the weakest; a plan shows the weakest
/// level on its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// From an official source.
    Sourced,
    /// From a secondary source.
    Reported,
    /// Made by a rule.
    Estimated,
    /// Made by a rule of a body whose cabinet has since changed, with no sourced slot
    /// under the new cabinet: the body may meet on other days, or not exist.
    Extrapolated,
}

impl Level {
    /// `sourced`, `reported`, `estimated` or `extrapolated`.
    pub fn word(self) -> &'static str {
        match self {
            Level::Sourced => "sourced",
            Level::Reported => "reported",
            Level::Estimated => "estimated",
            Level::Extrapolated => "extrapolated",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// Where a date comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "provenance", content = "note")]
pub enum Provenance {
    /// Published by an official source; the note gives its address.
    Sourced(String),
    /// Published by a secondary source (news, a third-party list); the note gives its
    /// address. Less certain than sourced.
    Reported(String),
    /// Made by a rule; the note names it.
    Estimated(String),
}

impl Provenance {
    /// Whether the date is an estimate.
    pub fn is_estimated(&self) -> bool {
        matches!(self, Provenance::Estimated(_))
    }

    /// The note: the source address or the rule.
    pub fn note(&self) -> &str {
        match self {
            Provenance::Sourced(n) | Provenance::Reported(n) | Provenance::Estimated(n) => n,
        }
    }

    /// `sourced`, `reported` or `estimated`.
    pub fn word(&self) -> &'static str {
        self.level().word()
    }

    /// Its level.
    pub fn level(&self) -> Level {
        match self {
            Provenance::Sourced(_) => Level::Sourced,
            Provenance::Reported(_) => Level::Reported,
            Provenance::Estimated(_) => Level::Estimated,
        }
    }

    /// The key a calendar file writes it with: `source`, `reported` or `estimated`.
    pub fn file_key(&self) -> &'static str {
        match self {
            Provenance::Sourced(_) => "source",
            Provenance::Reported(_) => "reported",
            Provenance::Estimated(_) => "estimated",
        }
    }
}

/// A cabinet change a body's schedule does not cover: the cabinet in office since
/// `since`, under which the body has no sourced or reported slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CabinetChange {
    /// The cabinet, e.g. `Jetten`.
    pub cabinet: String,
    /// The day it took office.
    #[serde(with = "crate::dates")]
    pub since: Date,
}

/// One meeting of a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Slot {
    /// The meeting date.
    #[serde(with = "crate::dates")]
    pub meeting: Date,
    /// The aanleverdeadline: stukken delivered on this day still make the meeting.
    #[serde(with = "crate::dates")]
    pub deadline: Date,
    /// Voorportaal only: the MR this slot feeds without onderraad, when stated.
    #[serde(with = "crate::dates::option")]
    pub mr: Option<Date>,
    /// Voorportaal only: the MR this slot feeds with onderraad, when stated.
    #[serde(with = "crate::dates::option")]
    pub mr_with_onderraad: Option<Date>,
    /// A one-off meeting beside the body's rhythm (an extra Tuesday MR, a Monday MR).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub extra: bool,
    /// Where the slot comes from.
    #[serde(flatten)]
    pub provenance: Provenance,
    /// Set when the slot is estimated across a cabinet change its body's schedule does
    /// not cover (see [`Level::Extrapolated`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extrapolated: Option<CabinetChange>,
}

impl Slot {
    /// How certain the slot is.
    pub fn level(&self) -> Level {
        if self.extrapolated.is_some() {
            Level::Extrapolated
        } else {
            self.provenance.level()
        }
    }
}

/// A meeting that does not take place although a rule or an earlier file had it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cancelled {
    /// The date the meeting would have been.
    #[serde(with = "crate::dates")]
    pub meeting: Date,
    /// Why, as the file says.
    pub reason: String,
    /// Where the cancellation is known from, when the file says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

/// A body's calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Body {
    /// Its name, e.g. `cwizo`.
    pub name: String,
    /// What it is.
    pub kind: BodyKind,
    /// One line for people.
    pub title: String,
    /// First date the slots cover.
    #[serde(with = "crate::dates")]
    pub from: Date,
    /// Last date the slots cover.
    #[serde(with = "crate::dates")]
    pub to: Date,
    /// The cabinets whose schedule of this body is known (empty for the ministerraad,
    /// which every cabinet holds): a voorportaal or onderraad belongs to a cabinet.
    pub cabinets: Vec<String>,
    /// From when the body is known to exist, when stated.
    #[serde(with = "crate::dates::option")]
    pub valid_from: Option<Date>,
    /// Until when the body is known to exist, when stated.
    #[serde(with = "crate::dates::option")]
    pub valid_until: Option<Date>,
    /// The slots, by meeting date.
    pub slots: Vec<Slot>,
    /// Meetings cancelled by a file, by date.
    pub cancelled: Vec<Cancelled>,
}

impl Body {
    /// The index of the first slot whose deadline is on or after `d`.
    ///
    /// # Errors
    /// [`CalendarError::NoSlotAfter`] when the calendar ends before such a slot.
    pub fn first_deadline_from(&self, d: Date) -> Result<usize, CalendarError> {
        let i = self.slots.partition_point(|s| s.deadline < d);
        self.check_after(i, d)
    }

    /// The index of the first slot meeting on or after `d`.
    ///
    /// # Errors
    /// [`CalendarError::NoSlotAfter`] when the calendar ends before such a slot.
    pub fn first_meeting_from(&self, d: Date) -> Result<usize, CalendarError> {
        let i = self.slots.partition_point(|s| s.meeting < d);
        self.check_after(i, d)
    }

    /// The index of the last slot meeting on or before `d`.
    ///
    /// # Errors
    /// [`CalendarError::NoSlotBefore`] when the calendar starts after `d`.
    pub fn last_meeting_until(&self, d: Date) -> Result<usize, CalendarError> {
        let i = self.slots.partition_point(|s| s.meeting <= d);
        if i == 0 || d > self.to {
            return Err(CalendarError::NoSlotBefore {
                body: self.name.clone(),
                date: d,
                from: self.from,
                to: self.to,
            });
        }
        Ok(i - 1)
    }

    fn check_after(&self, i: usize, d: Date) -> Result<usize, CalendarError> {
        if i >= self.slots.len() || d < self.from {
            return Err(CalendarError::NoSlotAfter {
                body: self.name.clone(),
                date: d,
                from: self.from,
                to: self.to,
            });
        }
        Ok(i)
    }

    /// The slot meeting exactly on `d`, if any.
    pub fn slot_on(&self, d: Date) -> Option<&Slot> {
        self.slots
            .binary_search_by_key(&d, |s| s.meeting)
            .ok()
            .map(|i| &self.slots[i])
    }

    /// The cancelled meetings with `from <= meeting <= to`.
    pub fn cancelled_between(&self, from: Date, to: Date) -> impl Iterator<Item = &Cancelled> {
        self.cancelled
            .iter()
            .filter(move |c| from <= c.meeting && c.meeting <= to)
    }

    /// Replaces the slots meeting inside `other`'s period with `other`'s; a file that
    /// only adds extra meetings or cancels some keeps the rest.
    fn overlay(&mut self, other: Body) {
        let only_changes = other.slots.iter().all(|s| s.extra);
        let cancelled: BTreeSet<Date> = other.cancelled.iter().map(|c| c.meeting).collect();
        if only_changes {
            self.slots.retain(|s| !cancelled.contains(&s.meeting));
        } else {
            self.slots
                .retain(|s| s.meeting < other.from || s.meeting > other.to);
            self.cancelled
                .retain(|c| c.meeting < other.from || c.meeting > other.to);
        }
        self.slots.retain(|s| other.slot_on(s.meeting).is_none());
        self.slots.extend(other.slots);
        self.slots.sort_by_key(|s| s.meeting);
        self.cancelled.retain(|c| !cancelled.contains(&c.meeting));
        self.cancelled.extend(other.cancelled);
        self.cancelled.sort_by_key(|c| c.meeting);
        self.from = self.from.min(other.from);
        self.to = self.to.max(other.to);
        if !other.title.is_empty() {
            self.title = other.title;
        }
        for c in other.cabinets {
            if !self.cabinets.contains(&c) {
                self.cabinets.push(c);
            }
        }
        self.valid_from = match (self.valid_from, other.valid_from) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.valid_until = match (self.valid_until, other.valid_until) {
            (Some(a), Some(b)) => Some(a.max(b)),
            _ => None,
        };
    }
}

/// A recess of the Tweede Kamer: it receives letters but holds no debates. Also the gap
/// after an election until the new Kamer is installed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recess {
    /// e.g. `kerstreces`.
    pub name: String,
    /// First day (usually a Friday).
    #[serde(with = "crate::dates")]
    pub from: Date,
    /// Last day (usually a Monday).
    #[serde(with = "crate::dates")]
    pub to: Date,
    /// Where it comes from.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// A Tweede Kamer election.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Election {
    /// Election day.
    #[serde(with = "crate::dates")]
    pub date: Date,
    /// The day the new Kamer is installed, when known.
    #[serde(with = "crate::dates::option")]
    pub installed: Option<Date>,
    /// Where it comes from.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// A cabinet: it decides which voorportalen and onderraden exist and when they meet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cabinet {
    /// e.g. `Schoof`.
    pub name: String,
    /// The day it was sworn in.
    #[serde(with = "crate::dates")]
    pub from: Date,
    /// The day its successor was sworn in, if any.
    #[serde(with = "crate::dates::option")]
    pub until: Option<Date>,
    /// Where it comes from.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// Something a calendar file says that stroom accepted but a person should know, with
/// the place in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileWarning {
    /// The file.
    pub source: String,
    /// 1-based line.
    pub line: Option<usize>,
    /// What.
    pub kind: FileWarningKind,
}

/// What a [`FileWarning`] is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "code")]
pub enum FileWarningKind {
    /// An aanleverdeadline on a day off, moved to the werkdag before it.
    DeadlineMoved {
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
        /// The deadline as written.
        #[serde(with = "crate::dates")]
        given: Date,
        /// The deadline used.
        #[serde(with = "crate::dates")]
        moved_to: Date,
        /// Why the given day is off: a feestdag's name, or `weekend`.
        day_off: String,
    },
    /// An extra meeting on a day off (weekend or feestdag), accepted because it says
    /// `extra = true`.
    ExtraOnDayOff {
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
        /// Why the day is off.
        day_off: String,
    },
    /// An imported meeting without an aanleverdeadline: the body's rule gave it.
    DeadlineByRule {
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
        /// The deadline the rule gives.
        #[serde(with = "crate::dates")]
        deadline: Date,
    },
    /// A cancellation of a meeting no calendar had.
    CancelsNothing {
        /// The body.
        body: String,
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
    },
}

/// Something about the calendars on a plan's path that the plan must say: typed, so
/// that each front end renders it in its own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "code")]
pub enum PathNote {
    /// A slot extrapolated across a cabinet change: load the real schedule.
    Extrapolated {
        /// The body, e.g. `cwizo`.
        body: String,
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
        /// The cabinet in office then, under which the body has no known schedule.
        cabinet: String,
        /// The day that cabinet took office.
        #[serde(with = "crate::dates")]
        since: Date,
    },
    /// A one-off meeting on the path.
    Extra {
        /// The body.
        body: String,
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
        /// Its provenance.
        #[serde(flatten)]
        provenance: Provenance,
    },
    /// A meeting the path passes over because it was cancelled.
    Cancelled {
        /// The body.
        body: String,
        /// The meeting that does not take place.
        #[serde(with = "crate::dates")]
        meeting: Date,
        /// Why.
        reason: String,
    },
}

// ---- file format -------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CalendarFile {
    body: String,
    kind: FileKind,
    #[serde(default)]
    title: String,
    #[serde(default, with = "crate::dates::option")]
    from: Option<Date>,
    #[serde(default, with = "crate::dates::option")]
    to: Option<Date>,
    #[serde(default)]
    cabinet: Option<String>,
    #[serde(default, with = "crate::dates::option")]
    valid_from: Option<Date>,
    #[serde(default, with = "crate::dates::option")]
    valid_until: Option<Date>,
    #[serde(default)]
    slot: Vec<toml::Spanned<SlotFile>>,
    #[serde(default)]
    recess: Vec<toml::Spanned<RecessFile>>,
    #[serde(default)]
    election: Vec<toml::Spanned<ElectionFile>>,
    #[serde(default)]
    kabinet: Vec<toml::Spanned<CabinetFile>>,
    #[serde(default)]
    day: Vec<toml::Spanned<DayFile>>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum FileKind {
    Voorportaal,
    Onderraad,
    Ministerraad,
    Recesses,
    Blokdagen,
    Cabinets,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SlotFile {
    #[serde(with = "crate::dates")]
    meeting: Date,
    #[serde(default, with = "crate::dates::option")]
    deadline: Option<Date>,
    #[serde(default, with = "crate::dates::option")]
    mr: Option<Date>,
    #[serde(default, with = "crate::dates::option")]
    mr_with_onderraad: Option<Date>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    reported: Option<String>,
    #[serde(default)]
    estimated: Option<String>,
    #[serde(default)]
    extra: bool,
    #[serde(default)]
    cancelled: bool,
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RecessFile {
    name: String,
    #[serde(with = "crate::dates")]
    from: Date,
    #[serde(with = "crate::dates")]
    to: Date,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    reported: Option<String>,
    #[serde(default)]
    estimated: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ElectionFile {
    #[serde(with = "crate::dates")]
    date: Date,
    #[serde(default, with = "crate::dates::option")]
    installed: Option<Date>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    reported: Option<String>,
    #[serde(default)]
    estimated: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CabinetFile {
    name: String,
    #[serde(with = "crate::dates")]
    from: Date,
    #[serde(default, with = "crate::dates::option")]
    until: Option<Date>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    reported: Option<String>,
    #[serde(default)]
    estimated: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct DayFile {
    #[serde(with = "crate::dates")]
    date: Date,
    name: String,
}

/// What one calendar file holds.
#[derive(Debug, Clone)]
pub enum CalendarData {
    /// Slots of one body.
    Body(Body),
    /// Recesses and elections of the Tweede Kamer.
    Recesses {
        /// The recesses, by date.
        recesses: Vec<Recess>,
        /// The elections, by date.
        elections: Vec<Election>,
    },
    /// An organisation's blokdagen.
    Blokdagen(Vec<DayOff>),
    /// Cabinets, by date.
    Cabinets(Vec<Cabinet>),
}

/// A parsed calendar file and what it said that a person should know.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    /// The data.
    pub data: CalendarData,
    /// Accepted with a warning (e.g. a deadline on a day off, moved).
    pub warnings: Vec<FileWarning>,
}

const FILE_HINT: &str = "a calendar file has body, kind (voorportaal, onderraad, ministerraad, recesses, \
                         blokdagen or cabinets) and [[slot]] tables with meeting, deadline and source, \
                         reported or estimated";

fn provenance(
    source: &str,
    text: &str,
    at: usize,
    sourced: Option<String>,
    reported: Option<String>,
    estimated: Option<String>,
) -> Result<Option<Provenance>, DataError> {
    let given: Vec<Provenance> = [
        sourced.map(Provenance::Sourced),
        reported.map(Provenance::Reported),
        estimated.map(Provenance::Estimated),
    ]
    .into_iter()
    .flatten()
    .collect();
    match given.as_slice() {
        [] => Ok(None),
        [p] if p.note().trim().is_empty() => Err(DataError::at(
            source,
            text,
            Some(at),
            format!("{} is empty", p.file_key()),
            "give the address of the source, or the rule that made the date",
        )),
        [p] => Ok(Some(p.clone())),
        _ => Err(DataError::at(
            source,
            text,
            Some(at),
            "an entry has more than one of source, reported and estimated",
            "give exactly one: source = \"official address\", reported = \"secondary source\" or estimated = \"the rule used\"",
        )),
    }
}

fn required(
    source: &str,
    text: &str,
    at: usize,
    p: Option<Provenance>,
) -> Result<Provenance, DataError> {
    p.ok_or_else(|| {
        DataError::at(
            source,
            text,
            Some(at),
            "an entry says neither where it comes from nor how it was estimated",
            "add source = \"e.g. CWIZO-secretariaat, vergaderschema 2025\", reported = \"address\" or estimated = \"rule\"",
        )
    })
}

/// Why `d` is not a werkdag for the Rijksoverheid (weekend or a Rijk feestdag), or
/// `None` when it is one. Blokdagen of an organisation are not known here.
pub fn day_off(d: Date) -> Option<String> {
    if let Some(f) = crate::werkdag::feestdagen(d.year())
        .into_iter()
        .find(|f| f.date == d)
    {
        return Some(f.name);
    }
    match d.weekday() {
        Weekday::Saturday | Weekday::Sunday => Some(format!("a {}", weekday_word(d.weekday()))),
        _ => None,
    }
}

fn weekday_word(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

/// The werkdag on or before `d` (Rijk feestdagen and weekends only).
pub fn werkdag_on_or_before(d: Date) -> Date {
    let mut d = d;
    while day_off(d).is_some() {
        d = add_days(d, -1);
    }
    d
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Parses and validates one calendar file.
///
/// # Errors
/// A [`DataError`] naming `source`, the line and the fix.
pub fn parse_calendar(source: &str, text: &str) -> Result<CalendarData, DataError> {
    Ok(parse_calendar_file(source, text)?.data)
}

/// Parses and validates one calendar file, with the warnings of what it accepted.
///
/// A deadline on a day off is moved to the werkdag before it (warning); a meeting on a
/// day off is refused unless it says `extra = true` (warning); a ministerraad meeting
/// that is not on a Friday is refused unless it says `extra = true`.
///
/// # Errors
/// A [`DataError`] naming `source`, the line and the fix.
pub fn parse_calendar_file(source: &str, text: &str) -> Result<ParsedFile, DataError> {
    let file: CalendarFile =
        toml::from_str(text).map_err(|e| DataError::from_toml(source, text, &e, FILE_HINT))?;
    let err = |at: usize, msg: String, hint: &str| DataError::at(source, text, Some(at), msg, hint);
    let in_tables =
        |d: Date| (crate::werkdag::FIRST_YEAR..=crate::werkdag::LAST_YEAR).contains(&d.year());
    let out_of_tables = |at: usize, d: Date| {
        err(
            at,
            format!("the date {d} lies outside the years stroom plans in"),
            "stroom knows the werkdagen of 2000 to 2100; check the year",
        )
    };
    let mut warnings = Vec::new();
    for d in [file.from, file.to, file.valid_from, file.valid_until]
        .into_iter()
        .flatten()
    {
        if !in_tables(d) {
            return Err(DataError::at(
                source,
                text,
                None,
                format!("the period boundary {d} lies outside the years stroom plans in"),
                "use dates from 2000 to 2100 for from, to, valid-from and valid-until",
            ));
        }
    }
    if let (Some(a), Some(b)) = (file.valid_from, file.valid_until) {
        if b < a {
            return Err(DataError::at(
                source,
                text,
                None,
                format!("valid-until {b} lies before valid-from {a}"),
                "swap them",
            ));
        }
    }
    let misplaced = |what: &str, kinds: &str| {
        DataError::at(
            source,
            text,
            None,
            format!(
                "this file has [[{what}]] tables but kind = \"{}\"",
                file_kind_word(file.kind)
            ),
            format!("[[{what}]] belongs in a file of kind {kinds}"),
        )
    };
    let is_body = matches!(
        file.kind,
        FileKind::Voorportaal | FileKind::Onderraad | FileKind::Ministerraad
    );
    if !is_body && !file.slot.is_empty() {
        return Err(misplaced("slot", "voorportaal, onderraad or ministerraad"));
    }
    if file.kind != FileKind::Recesses && !(file.recess.is_empty() && file.election.is_empty()) {
        return Err(misplaced("recess]] or [[election", "recesses"));
    }
    if file.kind != FileKind::Cabinets && !file.kabinet.is_empty() {
        return Err(misplaced("kabinet", "cabinets"));
    }
    if file.kind != FileKind::Blokdagen && !file.day.is_empty() {
        return Err(misplaced("day", "blokdagen"));
    }
    let data = match file.kind {
        FileKind::Recesses => {
            let mut recesses = Vec::new();
            for r in file.recess {
                let at = r.span().start;
                let r = r.into_inner();
                if let Some(d) = [r.from, r.to].into_iter().find(|d| !in_tables(*d)) {
                    return Err(out_of_tables(at, d));
                }
                if r.to < r.from {
                    return Err(err(
                        at,
                        format!(
                            "recess '{}' ends on {} before it starts on {}",
                            r.name, r.to, r.from
                        ),
                        "swap from and to",
                    ));
                }
                let p = provenance(source, text, at, r.source, r.reported, r.estimated)?;
                recesses.push(Recess {
                    name: r.name,
                    from: r.from,
                    to: r.to,
                    provenance: required(source, text, at, p)?,
                });
            }
            recesses.sort_by_key(|r| r.from);
            let mut elections = Vec::new();
            for e in file.election {
                let at = e.span().start;
                let e = e.into_inner();
                if let Some(d) = [Some(e.date), e.installed]
                    .into_iter()
                    .flatten()
                    .find(|d| !in_tables(*d))
                {
                    return Err(out_of_tables(at, d));
                }
                if e.installed.is_some_and(|i| i <= e.date) {
                    return Err(err(
                        at,
                        format!(
                            "the new Kamer is installed before the election of {}",
                            e.date
                        ),
                        "installed is the day the new Kamer is sworn in, after the election",
                    ));
                }
                let p = provenance(source, text, at, e.source, e.reported, e.estimated)?;
                elections.push(Election {
                    date: e.date,
                    installed: e.installed,
                    provenance: required(source, text, at, p)?,
                });
            }
            elections.sort_by_key(|e| e.date);
            CalendarData::Recesses {
                recesses,
                elections,
            }
        }
        FileKind::Blokdagen => CalendarData::Blokdagen(
            file.day
                .into_iter()
                .map(|d| d.into_inner())
                .map(|d| DayOff {
                    date: d.date,
                    name: d.name,
                })
                .collect(),
        ),
        FileKind::Cabinets => {
            let mut out: Vec<Cabinet> = Vec::new();
            for c in file.kabinet {
                let at = c.span().start;
                let c = c.into_inner();
                if let Some(d) = [Some(c.from), c.until]
                    .into_iter()
                    .flatten()
                    .find(|d| !in_tables(*d))
                {
                    return Err(out_of_tables(at, d));
                }
                if c.until.is_some_and(|u| u <= c.from) {
                    return Err(err(
                        at,
                        format!("cabinet '{}' ends before it starts", c.name),
                        "until is the day the next cabinet was sworn in",
                    ));
                }
                let p = provenance(source, text, at, c.source, c.reported, c.estimated)?;
                out.push(Cabinet {
                    name: c.name,
                    from: c.from,
                    until: c.until,
                    provenance: required(source, text, at, p)?,
                });
            }
            out.sort_by_key(|c| c.from);
            CalendarData::Cabinets(out)
        }
        kind => {
            let kind = match kind {
                FileKind::Voorportaal => BodyKind::Voorportaal,
                FileKind::Onderraad => BodyKind::Onderraad,
                _ => BodyKind::Ministerraad,
            };
            if file.slot.is_empty() {
                return Err(DataError::at(
                    source,
                    text,
                    None,
                    format!("calendar of '{}' has no slots", file.body),
                    "add [[slot]] tables with meeting, deadline and source",
                ));
            }
            let mut slots: Vec<(usize, Slot)> = Vec::new();
            let mut cancelled: Vec<(usize, Cancelled)> = Vec::new();
            for s in file.slot {
                let at = s.span().start;
                let line = Some(line_of(text, at));
                let s = s.into_inner();
                let dates = [Some(s.meeting), s.deadline, s.mr, s.mr_with_onderraad];
                if let Some(d) = dates.into_iter().flatten().find(|d| !in_tables(*d)) {
                    return Err(out_of_tables(at, d));
                }
                let p = provenance(source, text, at, s.source, s.reported, s.estimated)?;
                if s.cancelled {
                    if s.extra {
                        return Err(err(
                            at,
                            format!("the meeting of {} is both extra and cancelled", s.meeting),
                            "remove the entry, or keep one of extra and cancelled",
                        ));
                    }
                    let reason = s.reason.filter(|r| !r.trim().is_empty()).ok_or_else(|| {
                        err(
                            at,
                            format!("the cancelled meeting of {} gives no reason", s.meeting),
                            "add reason = \"why it does not take place\"",
                        )
                    })?;
                    cancelled.push((
                        at,
                        Cancelled {
                            meeting: s.meeting,
                            reason,
                            provenance: p,
                        },
                    ));
                    continue;
                }
                if s.reason.is_some() {
                    return Err(err(
                        at,
                        format!(
                            "the meeting of {} has a reason but is not cancelled",
                            s.meeting
                        ),
                        "reason goes with cancelled = true; remove it or cancel the meeting",
                    ));
                }
                let provenance = required(source, text, at, p)?;
                let Some(mut deadline) = s.deadline else {
                    return Err(err(
                        at,
                        format!("the meeting of {} has no deadline", s.meeting),
                        "add deadline = YYYY-MM-DD, the aanleverdeadline of the meeting",
                    ));
                };
                if let Some(off) = day_off(s.meeting) {
                    if s.extra {
                        warnings.push(FileWarning {
                            source: source.to_string(),
                            line,
                            kind: FileWarningKind::ExtraOnDayOff {
                                meeting: s.meeting,
                                day_off: off,
                            },
                        });
                    } else {
                        return Err(err(
                            at,
                            format!("the meeting of {} falls on {off}, not a werkdag", s.meeting),
                            "check the date; a one-off meeting on a day off needs extra = true",
                        ));
                    }
                }
                if kind == BodyKind::Ministerraad
                    && s.meeting.weekday() != Weekday::Friday
                    && !s.extra
                {
                    return Err(err(
                        at,
                        format!(
                            "the ministerraad of {} is on a {}, not a Friday",
                            s.meeting,
                            weekday_word(s.meeting.weekday())
                        ),
                        "check the date; an extra or moved MR says extra = true (and a moved one cancels its Friday)",
                    ));
                }
                if deadline > s.meeting {
                    return Err(err(
                        at,
                        format!("deadline {} lies after the meeting {}", deadline, s.meeting),
                        "the aanleverdeadline comes on or before the meeting date",
                    ));
                }
                if let Some(off) = day_off(deadline) {
                    let moved = werkdag_on_or_before(deadline);
                    warnings.push(FileWarning {
                        source: source.to_string(),
                        line,
                        kind: FileWarningKind::DeadlineMoved {
                            meeting: s.meeting,
                            given: deadline,
                            moved_to: moved,
                            day_off: off,
                        },
                    });
                    deadline = moved;
                }
                if kind != BodyKind::Voorportaal
                    && (s.mr.is_some() || s.mr_with_onderraad.is_some())
                {
                    return Err(err(
                        at,
                        format!("slot {} of a {} names an MR", s.meeting, file.body),
                        "only voorportaal slots name the MR they feed (mr, mr-with-onderraad)",
                    ));
                }
                for (key, mr) in [("mr", s.mr), ("mr-with-onderraad", s.mr_with_onderraad)] {
                    if let Some(mr) = mr.filter(|mr| *mr <= s.meeting) {
                        return Err(err(
                            at,
                            format!("{key} {mr} is not after the meeting {}", s.meeting),
                            "the MR a voorportaal slot feeds comes after its meeting",
                        ));
                    }
                }
                slots.push((
                    at,
                    Slot {
                        meeting: s.meeting,
                        deadline,
                        mr: s.mr,
                        mr_with_onderraad: s.mr_with_onderraad,
                        extra: s.extra,
                        provenance,
                        extrapolated: None,
                    },
                ));
            }
            slots.sort_by_key(|(_, s)| s.meeting);
            cancelled.sort_by_key(|(_, c)| c.meeting);
            for pair in slots.windows(2) {
                let ((_, a), (at, b)) = (&pair[0], &pair[1]);
                if a.meeting == b.meeting {
                    return Err(err(
                        *at,
                        format!("two slots meet on {}", b.meeting),
                        "list each meeting once",
                    ));
                }
                if b.deadline < a.deadline {
                    return Err(err(
                        *at,
                        format!(
                            "the deadline {} of the meeting {} lies before the deadline {} of the meeting {} before it",
                            b.deadline, b.meeting, a.deadline, a.meeting
                        ),
                        "deadlines must grow with the meetings; check both dates",
                    ));
                }
            }
            for pair in cancelled.windows(2) {
                if pair[0].1.meeting == pair[1].1.meeting {
                    return Err(err(
                        pair[1].0,
                        format!("the meeting of {} is cancelled twice", pair[1].1.meeting),
                        "list each cancellation once",
                    ));
                }
            }
            if let Some((at, c)) = cancelled
                .iter()
                .find(|(_, c)| slots.iter().any(|(_, s)| s.meeting == c.meeting))
            {
                return Err(err(
                    *at,
                    format!("the meeting of {} is both listed and cancelled", c.meeting),
                    "keep one of the two entries",
                ));
            }
            let meetings = slots
                .iter()
                .map(|(_, s)| s.meeting)
                .chain(cancelled.iter().map(|(_, c)| c.meeting));
            let first = meetings.clone().min().unwrap_or(Date::MIN);
            let last = meetings.max().unwrap_or(Date::MIN);
            let from = file.from.unwrap_or(first);
            let to = file.to.unwrap_or(last);
            let outside = slots
                .iter()
                .map(|(at, s)| (*at, s.meeting))
                .chain(cancelled.iter().map(|(at, c)| (*at, c.meeting)))
                .find(|(_, m)| *m < from || *m > to);
            if let Some((at, m)) = outside {
                return Err(err(
                    at,
                    format!("slot {m} lies outside the file's period {from} to {to}"),
                    "widen from/to or remove the slot",
                ));
            }
            CalendarData::Body(Body {
                name: file.body,
                kind,
                title: file.title,
                from,
                to,
                cabinets: file.cabinet.into_iter().collect(),
                valid_from: file.valid_from,
                valid_until: file.valid_until,
                slots: slots.into_iter().map(|(_, s)| s).collect(),
                cancelled: cancelled.into_iter().map(|(_, c)| c).collect(),
            })
        }
    };
    Ok(ParsedFile { data, warnings })
}

fn file_kind_word(k: FileKind) -> &'static str {
    match k {
        FileKind::Voorportaal => "voorportaal",
        FileKind::Onderraad => "onderraad",
        FileKind::Ministerraad => "ministerraad",
        FileKind::Recesses => "recesses",
        FileKind::Blokdagen => "blokdagen",
        FileKind::Cabinets => "cabinets",
    }
}

/// All calendars of one invocation: bodies, recesses, elections, cabinets and werkdagen.
#[derive(Debug, Clone)]
pub struct Calendars {
    bodies: BTreeMap<String, Body>,
    recesses: Vec<Recess>,
    elections: Vec<Election>,
    cabinets: Vec<Cabinet>,
    blokdagen: Vec<DayOff>,
    werkdagen: Werkdagen,
    warnings: Vec<FileWarning>,
}

impl Calendars {
    /// The embedded calendars (`workflows/calendars/`).
    ///
    /// # Errors
    /// Only if an embedded file is broken, which a test rules out.
    pub fn embedded() -> Result<Calendars, Error> {
        let mut c = Calendars {
            bodies: BTreeMap::new(),
            recesses: Vec::new(),
            elections: Vec::new(),
            cabinets: Vec::new(),
            blokdagen: Vec::new(),
            werkdagen: Werkdagen::default(),
            warnings: Vec::new(),
        };
        for (name, text) in stroom_workflows::CALENDARS {
            c.add_file(&format!("<embedded>/workflows/calendars/{name}"), text)?;
        }
        Ok(c)
    }

    /// Adds a calendar file: its slots replace those of the same body in the period the
    /// file covers (a file of only extra and cancelled meetings changes just those);
    /// recesses, elections, cabinets and blokdagen are added. What it accepted with a
    /// warning is kept in [`Calendars::warnings`].
    ///
    /// # Errors
    /// A [`DataError`] naming `source`, the line and the fix.
    pub fn add_file(&mut self, source: &str, text: &str) -> Result<(), Error> {
        let parsed = parse_calendar_file(source, text)?;
        self.warnings.extend(parsed.warnings);
        match parsed.data {
            CalendarData::Body(body) => {
                if let Some(existing) = self.bodies.get_mut(&body.name) {
                    if existing.kind != body.kind {
                        return Err(DataError::at(
                            source,
                            text,
                            None,
                            format!(
                                "'{}' is a {} body, this file says {}",
                                body.name, existing.kind, body.kind
                            ),
                            "use the same kind as the body's default calendar",
                        )
                        .into());
                    }
                    for c in &body.cancelled {
                        if existing.slot_on(c.meeting).is_none() {
                            self.warnings.push(FileWarning {
                                source: source.to_string(),
                                line: None,
                                kind: FileWarningKind::CancelsNothing {
                                    body: body.name.clone(),
                                    meeting: c.meeting,
                                },
                            });
                        }
                    }
                    existing.overlay(body);
                } else {
                    self.bodies.insert(body.name.clone(), body);
                }
            }
            CalendarData::Recesses {
                recesses,
                elections,
            } => {
                // A later file's recess replaces an earlier one that overlaps it.
                self.recesses.retain(|old| {
                    recesses
                        .iter()
                        .all(|new| old.to < new.from || old.from > new.to)
                });
                self.recesses.extend(recesses);
                self.recesses.sort_by_key(|r| r.from);
                self.elections
                    .retain(|old| elections.iter().all(|new| new.date != old.date));
                self.elections.extend(elections);
                self.elections.sort_by_key(|e| e.date);
            }
            CalendarData::Blokdagen(days) => {
                self.blokdagen.extend(days);
                self.werkdagen = Werkdagen::new(&self.blokdagen);
            }
            CalendarData::Cabinets(cabinets) => {
                self.cabinets
                    .retain(|old| cabinets.iter().all(|new| new.name != old.name));
                self.cabinets.extend(cabinets);
                self.cabinets.sort_by_key(|c| c.from);
            }
        }
        self.mark_extrapolated();
        Ok(())
    }

    /// Marks every estimated slot of a cabinet's body that lies under another cabinet
    /// for which the body has no sourced or reported slot.
    fn mark_extrapolated(&mut self) {
        let cabinets = &self.cabinets;
        for body in self.bodies.values_mut() {
            if body.cabinets.is_empty() {
                continue;
            }
            let known: Vec<(Date, Date)> = cabinets
                .iter()
                .filter(|c| {
                    body.cabinets.contains(&c.name)
                        || body.slots.iter().any(|s| {
                            !s.provenance.is_estimated()
                                && s.meeting >= c.from
                                && c.until.is_none_or(|u| s.meeting < u)
                        })
                })
                .map(|c| (c.from, c.until.unwrap_or(Date::MAX)))
                .collect();
            for s in &mut body.slots {
                s.extrapolated = None;
                if !s.provenance.is_estimated() {
                    continue;
                }
                let Some(c) = cabinets.iter().rev().find(|c| c.from <= s.meeting) else {
                    continue;
                };
                if c.until.is_some_and(|u| s.meeting >= u) {
                    continue;
                }
                if !known.iter().any(|(a, b)| *a <= s.meeting && s.meeting < *b) {
                    s.extrapolated = Some(CabinetChange {
                        cabinet: c.name.clone(),
                        since: c.from,
                    });
                }
            }
        }
    }

    /// A body by name.
    ///
    /// # Errors
    /// [`CalendarError::UnknownBody`] listing the known ones.
    pub fn body(&self, name: &str) -> Result<&Body, CalendarError> {
        self.bodies
            .get(name)
            .ok_or_else(|| CalendarError::UnknownBody {
                body: name.to_string(),
                known: self.bodies.keys().cloned().collect::<Vec<_>>().join(", "),
            })
    }

    /// All bodies.
    pub fn bodies(&self) -> impl Iterator<Item = &Body> {
        self.bodies.values()
    }

    /// The werkdag calendar (Rijk feestdagen plus blokdagen from the files).
    pub fn werkdagen(&self) -> &Werkdagen {
        &self.werkdagen
    }

    /// All recesses, by date.
    pub fn recesses(&self) -> &[Recess] {
        &self.recesses
    }

    /// The Tweede Kamer elections known, by date.
    pub fn elections(&self) -> &[Election] {
        &self.elections
    }

    /// The cabinets known, by date.
    pub fn cabinets(&self) -> &[Cabinet] {
        &self.cabinets
    }

    /// The cabinet in office on `d`, if known.
    pub fn cabinet_on(&self, d: Date) -> Option<&Cabinet> {
        self.cabinets
            .iter()
            .rev()
            .find(|c| c.from <= d && c.until.is_none_or(|u| d < u))
    }

    /// What the files added so far accepted with a warning.
    pub fn warnings(&self) -> &[FileWarning] {
        &self.warnings
    }

    /// The recess that contains `d`, if any.
    pub fn recess_on(&self, d: Date) -> Option<&Recess> {
        self.recesses.iter().find(|r| r.from <= d && d <= r.to)
    }

    /// What a plan through these meetings must say: extrapolated and extra slots, and
    /// cancelled meetings passed over between `from` and each meeting. `meetings` are
    /// (body, meeting date, the earliest date the meeting could have been) on the path.
    pub fn path_notes(&self, meetings: &[(&str, Date, Date)]) -> Vec<PathNote> {
        let mut notes = Vec::new();
        for (name, meeting, from) in meetings {
            let Ok(body) = self.body(name) else { continue };
            for c in body.cancelled_between(*from, *meeting) {
                notes.push(PathNote::Cancelled {
                    body: body.name.clone(),
                    meeting: c.meeting,
                    reason: c.reason.clone(),
                });
            }
            let Some(s) = body.slot_on(*meeting) else {
                continue;
            };
            if s.extra {
                notes.push(PathNote::Extra {
                    body: body.name.clone(),
                    meeting: s.meeting,
                    provenance: s.provenance.clone(),
                });
            }
            if let Some(x) = &s.extrapolated {
                notes.push(PathNote::Extrapolated {
                    body: body.name.clone(),
                    meeting: s.meeting,
                    cabinet: x.cabinet.clone(),
                    since: x.since,
                });
            }
        }
        notes
    }
}

impl Calendars {
    /// Resolves a deadline people plan against: a date (`2025-06-30`), or one of
    /// `voor-de-zomer-YYYY` (the day before the zomerreces starts), `prinsjesdag-YYYY`
    /// (the third Tuesday of September), `kamervragen-DATE` (schriftelijke vragen received
    /// on DATE: answer within 3 weeks) and `kamervragen-uitstel-DATE` (3 more weeks after
    /// an uitstelbericht). Returns the date and, for an expression, how it was found.
    ///
    /// # Errors
    /// An expression that is not one of these, or a year without a known zomerreces.
    ///
    /// # Example
    /// ```
    /// let cal = stroom::Calendars::embedded()?;
    /// let (d, _) = cal.deadline("prinsjesdag-2025")?;
    /// assert_eq!(d, jiff::civil::date(2025, 9, 16));
    /// # Ok::<(), stroom::Error>(())
    /// ```
    pub fn deadline(&self, expr: &str) -> Result<(Date, String), Error> {
        let expr = expr.trim();
        let bad = || Error::Invalid {
            message: format!("'{expr}' is not a date or a known deadline"),
            hint: "write YYYY-MM-DD, voor-de-zomer-YYYY, prinsjesdag-YYYY, kamervragen-YYYY-MM-DD \
                   or kamervragen-uitstel-YYYY-MM-DD"
                .into(),
        };
        if expr.starts_with(|c: char| c.is_ascii_digit()) {
            return match crate::dates::parse(expr) {
                Ok(d) => Ok((d, String::new())),
                Err(message) => Err(Error::Invalid {
                    message,
                    hint: String::new(),
                }),
            };
        }
        let year = |y: &str| {
            y.parse::<i16>()
                .ok()
                .filter(|y| (crate::werkdag::FIRST_YEAR..=crate::werkdag::LAST_YEAR).contains(y))
        };
        if let Some(y) = expr.strip_prefix("voor-de-zomer-") {
            let y = year(y).ok_or_else(bad)?;
            let r = self
                .recesses
                .iter()
                .find(|r| r.name == "zomerreces" && r.from.year() == y)
                .ok_or_else(|| Error::Invalid {
                    message: format!("no zomerreces known for {y}"),
                    hint: "add the Tweede Kamer's recesses for that year with a calendar file (kind = \"recesses\")".into(),
                })?;
            let d = add_days(r.from, -1);
            return Ok((
                d,
                format!(
                    "the day before the zomerreces of {y} starts on {} ({})",
                    r.from,
                    r.provenance.word()
                ),
            ));
        }
        if let Some(y) = expr.strip_prefix("prinsjesdag-") {
            let y = year(y).ok_or_else(bad)?;
            let mut d = Date::new(y, 9, 1).map_err(|_| bad())?;
            while d.weekday() != Weekday::Tuesday {
                d = add_days(d, 1);
            }
            return Ok((
                add_days(d, 14),
                format!("Prinsjesdag {y}, the third Tuesday of September"),
            ));
        }
        let (rest, weeks, what) = match expr.strip_prefix("kamervragen-uitstel-") {
            Some(rest) => (rest, 6, "6 weeks (3 + 3 after an uitstelbericht)"),
            None => match expr.strip_prefix("kamervragen-") {
                Some(rest) => (rest, 3, "3 weeks"),
                None => return Err(bad()),
            },
        };
        let received = crate::dates::parse(rest).map_err(|_| bad())?;
        if !(crate::werkdag::FIRST_YEAR..=crate::werkdag::LAST_YEAR).contains(&received.year()) {
            return Err(bad());
        }
        Ok((
            add_days(received, 7 * weeks),
            format!("answer to schriftelijke vragen of {received} within {what}"),
        ))
    }
}

impl fmt::Display for BodyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BodyKind::Voorportaal => "voorportaal",
            BodyKind::Onderraad => "onderraad",
            BodyKind::Ministerraad => "ministerraad",
        })
    }
}

// ---- generating estimated calendars ------------------------------------------------

fn days(n: i64) -> Span {
    Span::new().days(n)
}

fn add_days(d: Date, n: i64) -> Date {
    d.checked_add(days(n))
        .expect("calendar dates stay far inside jiff's range")
}

/// The Monday of `d`'s ISO week.
pub fn week_of(d: Date) -> Date {
    add_days(d, -i64::from(d.weekday().to_monday_zero_offset()))
}

/// A rule that makes estimated slots for a body where no published schedule exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// MR: every Friday that is a werkdag, except the summer stop (the MR meets on the
    /// first two Fridays of the zomerreces, then skips four) and the Christmas break (the
    /// last MR of the year is the last werkdag Friday on or before 23 December, the next
    /// the last Friday of the kerstreces). Deadline: 7 days before, or the werkdag
    /// before that.
    Ministerraad,
    /// CWIZO: Mondays every 3 weeks (anchored on Mon 9 Oct 2023), only in weeks with an
    /// MR; a Monday off moves to the next werkdag. Deadline: meeting − 4 werkdagen.
    Cwizo,
    /// RWIZO: Tuesdays every 3 weeks (anchored on Tue 31 Oct 2023, three weeks and a
    /// day after each CWIZO), only in weeks with an MR after it. Deadline: 7 calendar
    /// days before, or the werkdag before that.
    Rwizo,
}

impl Rule {
    /// The rule for a known body name.
    pub fn for_body(name: &str) -> Option<Rule> {
        match name {
            "mr" => Some(Rule::Ministerraad),
            "cwizo" => Some(Rule::Cwizo),
            "rwizo" => Some(Rule::Rwizo),
            _ => None,
        }
    }

    /// The text that marks slots made by this rule.
    pub fn description(self) -> &'static str {
        match self {
            Rule::Ministerraad => "rule: every Friday that is a werkdag, minus four Fridays of the summer stop and the Christmas break (last MR on or before 23 Dec, next on the last Friday of the kerstreces); deadline 7 days before, or the werkdag before",
            Rule::Cwizo => "rule: Monday every 3 weeks from 2023-10-09, only in weeks with an MR; deadline meeting - 4 werkdagen",
            Rule::Rwizo => "rule: Tuesday every 3 weeks from 2023-10-31, only in weeks with an MR after it; deadline 7 days before, or the werkdag before",
        }
    }
}

/// The recesses a generated `tweede-kamer` file holds for the years `from..=to`: the
/// sourced and reported ones `cal` holds, and estimated ones by rule for every recess
/// they do not cover.
pub fn recess_entries(cal: &Calendars, from: i16, to: i16) -> Vec<Recess> {
    let kept: Vec<&Recess> = cal
        .recesses
        .iter()
        .filter(|r| !r.provenance.is_estimated() && (from..=to).contains(&r.from.year()))
        .collect();
    let mut all: Vec<Recess> = kept.iter().map(|r| (*r).clone()).collect();
    for year in from..=to {
        for r in estimate_recesses(year) {
            let covered = kept
                .iter()
                .any(|s| s.name == r.name && s.from.year() == year)
                || kept.iter().any(|s| s.from <= r.to && r.from <= s.to);
            if !covered {
                all.push(r);
            }
        }
    }
    all.sort_by_key(|r| r.from);
    all
}

/// The sourced and reported slots and cancellations of `body` in `cal` with meetings
/// from `start` to `end`: what a generated file keeps as it is.
fn kept(cal: &Calendars, body: &str, start: Date, end: Date) -> (Vec<Slot>, Vec<Cancelled>) {
    let Ok(b) = cal.body(body) else {
        return (Vec::new(), Vec::new());
    };
    let inside = |d: Date| start <= d && d <= end;
    (
        b.slots
            .iter()
            .filter(|s| !s.provenance.is_estimated() && inside(s.meeting))
            .map(|s| Slot {
                extrapolated: None,
                ..s.clone()
            })
            .collect(),
        b.cancelled
            .iter()
            .filter(|c| {
                inside(c.meeting) && c.provenance.as_ref().is_some_and(|p| !p.is_estimated())
            })
            .cloned()
            .collect(),
    )
}

/// Generated slots, minus those a kept regular slot replaces (same week) or a kept
/// cancellation cancels, plus the kept slots.
fn merge(generated: Vec<Slot>, kept: &[Slot], cancelled: &[Cancelled]) -> Vec<Slot> {
    let mut out: Vec<Slot> = generated
        .into_iter()
        .filter(|g| {
            !kept.iter().any(|k| {
                k.meeting == g.meeting || (!k.extra && week_of(k.meeting) == week_of(g.meeting))
            }) && !cancelled.iter().any(|c| c.meeting == g.meeting)
        })
        .collect();
    out.extend(kept.iter().cloned());
    out.sort_by_key(|s| s.meeting);
    out
}

/// The MR meetings from `start` to `end` as a generated `mr` file holds them.
fn mr_meetings(cal: &Calendars, start: Date, end: Date) -> Result<Vec<Date>, CalendarError> {
    let (lo, hi) = cal.werkdagen().range();
    let (start, end) = (start.max(lo), end.min(hi));
    let (kept_slots, cancelled) = kept(cal, "mr", start, end);
    let generated = generate(Rule::Ministerraad, start, end, cal)?;
    Ok(merge(generated, &kept_slots, &cancelled)
        .into_iter()
        .map(|s| s.meeting)
        .collect())
}

/// Makes the estimated slots of `rule` for meetings from `from` to `to`.
///
/// The ministerraad's summer stop and Christmas break follow the Tweede Kamer's recesses
/// (those `cal` holds, and estimated ones where it holds none); voorportaal and
/// onderraad slots exist only in weeks with an MR (after the onderraad's meeting).
///
/// # Errors
/// A date outside the werkdag tables.
pub fn generate(
    rule: Rule,
    from: Date,
    to: Date,
    cal: &Calendars,
) -> Result<Vec<Slot>, CalendarError> {
    let w = cal.werkdagen();
    let est = || Provenance::Estimated(rule.description().to_string());
    let slot = |meeting: Date, deadline: Date| Slot {
        meeting,
        deadline,
        mr: None,
        mr_with_onderraad: None,
        extra: false,
        provenance: est(),
        extrapolated: None,
    };
    let mut out = Vec::new();
    match rule {
        Rule::Ministerraad => {
            let recesses = recess_entries(cal, from.year() - 1, to.year());
            let friday_on_or_after = |d: Date| {
                let mut f = d;
                while f.weekday() != Weekday::Friday {
                    f = add_days(f, 1);
                }
                f
            };
            let mut d = friday_on_or_after(from);
            while d <= to {
                let stop = recesses
                    .iter()
                    .find(|r| r.name == "zomerreces" && r.from.year() == d.year());
                let in_stop = stop.is_some_and(|r| {
                    let first_friday = friday_on_or_after(r.from);
                    d >= add_days(first_friday, 14) && d < add_days(first_friday, 42)
                });
                // A meeting whose deadline would lie before the werkdag tables is left out.
                let deadline_known = add_days(d, -14) >= w.range().0;
                if deadline_known
                    && w.is_werkdag(d)?
                    && !in_stop
                    && !in_christmas_break(d, &recesses, w)?
                {
                    out.push(slot(d, w.previous_or_same(add_days(d, -7))?));
                }
                d = add_days(d, 7);
            }
        }
        Rule::Cwizo | Rule::Rwizo => {
            let anchor = if rule == Rule::Cwizo {
                Date::constant(2023, 10, 9)
            } else {
                Date::constant(2023, 10, 31)
            };
            let mrs = mr_meetings(cal, add_days(from, -7), add_days(to, 7))?;
            let offset = (from - anchor).get_days() as i64;
            let mut d = add_days(anchor, offset.div_euclid(21) * 21);
            while d < from {
                d = add_days(d, 21);
            }
            while d <= to {
                let meeting = w.next_or_same(d)?;
                let has_mr = mrs.iter().any(|m| {
                    week_of(*m) == week_of(meeting) && (rule == Rule::Cwizo || *m >= meeting)
                });
                let deadline_known = add_days(meeting, -14) >= w.range().0;
                if has_mr && meeting <= to && deadline_known {
                    let deadline = if rule == Rule::Cwizo {
                        w.add(meeting, -4)?
                    } else {
                        w.previous_or_same(add_days(meeting, -7))?
                    };
                    out.push(slot(meeting, deadline));
                }
                d = add_days(d, 21);
            }
        }
    }
    Ok(out)
}

/// Whether Friday `d` falls in the ministerraad's Christmas break: after the last werkdag
/// Friday on or before 23 December and before the last Friday of the kerstreces.
fn in_christmas_break(d: Date, recesses: &[Recess], w: &Werkdagen) -> Result<bool, CalendarError> {
    // The break around the turn of the year of `year` to `year + 1`.
    for year in [d.year() - 1, d.year()] {
        if year < crate::werkdag::FIRST_YEAR {
            continue;
        }
        let mut last = Date::new(year, 12, 23).map_err(|_| CalendarError::WerkdagRange {
            date: d,
            from: w.range().0,
            to: w.range().1,
        })?;
        while last.weekday() != Weekday::Friday || !w.is_werkdag(last)? {
            last = add_days(last, -1);
        }
        let kerst = recesses
            .iter()
            .find(|r| r.name == "kerstreces" && r.from.year() == year)
            .map(|r| r.to)
            .unwrap_or_else(|| {
                estimate_recesses(year)
                    .into_iter()
                    .find(|r| r.name == "kerstreces")
                    .map_or(add_days(last, 24), |r| r.to)
            });
        // The Friday before the Monday the kerstreces ends.
        let mut next = add_days(kerst, -1);
        while next.weekday() != Weekday::Friday {
            next = add_days(next, -1);
        }
        if d > last && d < next {
            return Ok(true);
        }
    }
    Ok(false)
}

fn render_provenance(out: &mut String, p: &Provenance) {
    out.push_str(&format!("{} = {:?}\n", p.file_key(), p.note()));
}

/// The header keys of a body's calendar file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileHeader {
    /// The cabinet whose body this is (voorportaal, onderraad).
    pub cabinet: Option<String>,
    /// From when the body is known to exist.
    pub valid_from: Option<Date>,
    /// Until when the body is known to exist.
    pub valid_until: Option<Date>,
}

/// Renders slots as a calendar file (the format `parse_calendar` reads).
#[allow(clippy::too_many_arguments)]
pub fn render_calendar_file(
    body: &str,
    kind: BodyKind,
    title: &str,
    from: Date,
    to: Date,
    slots: &[Slot],
    header: &str,
) -> String {
    render_body_file(
        body,
        kind,
        title,
        (from, to),
        &FileHeader::default(),
        slots,
        &[],
        header,
    )
}

/// Renders a body's calendar file with its header keys, slots and cancellations.
#[allow(clippy::too_many_arguments)]
pub fn render_body_file(
    body: &str,
    kind: BodyKind,
    title: &str,
    (from, to): (Date, Date),
    keys: &FileHeader,
    slots: &[Slot],
    cancelled: &[Cancelled],
    header: &str,
) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str(&format!("# {line}\n").replace("# \n", "#\n"));
    }
    out.push_str(&format!(
        "body = \"{body}\"\nkind = \"{kind}\"\ntitle = {title:?}\nfrom = {from}\nto = {to}\n"
    ));
    if let Some(c) = &keys.cabinet {
        out.push_str(&format!("cabinet = {c:?}\n"));
    }
    if let Some(d) = keys.valid_from {
        out.push_str(&format!("valid-from = {d}\n"));
    }
    if let Some(d) = keys.valid_until {
        out.push_str(&format!("valid-until = {d}\n"));
    }
    let mut entries: Vec<(Date, String)> = Vec::new();
    for s in slots {
        let mut e = format!(
            "\n[[slot]]\nmeeting = {}\ndeadline = {}\n",
            s.meeting, s.deadline
        );
        if let Some(mr) = s.mr {
            e.push_str(&format!("mr = {mr}\n"));
        }
        if let Some(mr) = s.mr_with_onderraad {
            e.push_str(&format!("mr-with-onderraad = {mr}\n"));
        }
        if s.extra {
            e.push_str("extra = true\n");
        }
        render_provenance(&mut e, &s.provenance);
        entries.push((s.meeting, e));
    }
    for c in cancelled {
        let mut e = format!(
            "\n[[slot]]\nmeeting = {}\ncancelled = true\nreason = {:?}\n",
            c.meeting, c.reason
        );
        if let Some(p) = &c.provenance {
            render_provenance(&mut e, p);
        }
        entries.push((c.meeting, e));
    }
    entries.sort_by_key(|(d, _)| *d);
    for (_, e) in entries {
        out.push_str(&e);
    }
    out
}

/// The name of the recess calendar file and body.
pub const RECESS_FILE: &str = "tweede-kamer";

/// The name of the cabinets file.
pub const CABINETS_FILE: &str = "kabinetten";

/// Makes the whole embedded calendar file of `body` (`cwizo`, `rwizo`, `mr` or
/// `tweede-kamer`) for the years `from..=to`: the sourced and reported entries `cal`
/// already holds, and estimated ones by the body's [`Rule`] everywhere else. This is how
/// the files in `workflows/calendars/` are made (`stroom calendar generate BODY`); a test
/// checks the checked-in files equal its output, and the output passes `calendar check`.
///
/// # Errors
/// An unknown body (no rule), `from` after `to`, or a year outside the werkdag tables.
pub fn generate_file(body: &str, from: i16, to: i16, cal: &Calendars) -> Result<String, Error> {
    let year = |y: i16, m: i8, d: i8| {
        let in_tables = (crate::werkdag::FIRST_YEAR..=crate::werkdag::LAST_YEAR).contains(&y);
        Date::new(y, m, d)
            .ok()
            .filter(|_| in_tables)
            .ok_or_else(|| Error::Invalid {
                message: format!("year {y} is out of range"),
                hint: "use a year between 2000 and 2100, the years stroom knows the feestdagen of"
                    .into(),
            })
    };
    let (start, end) = (year(from, 1, 1)?, year(to, 12, 31)?);
    if from > to {
        return Err(Error::Invalid {
            message: format!("the first year {from} comes after the last year {to}"),
            hint: "give --from a year on or before --to".into(),
        });
    }
    let header = format!(
        "Generated by 'stroom calendar generate {body} --from {from} --to {to}': the sourced and\n\
         reported entries below are kept as they are, every other entry is estimated by the\n\
         rule it names (see CALENDARS.md). To load a published schedule, import it\n\
         ('stroom calendar import --body {body} FILE') or write a file of your own\n\
         (--calendar FILE): its slots replace these for the period that file covers."
    );
    if body == RECESS_FILE {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str(&format!("# {line}\n"));
        }
        out.push_str(&format!("body = \"{RECESS_FILE}\"\nkind = \"recesses\"\ntitle = \"Recesses of the Tweede Kamer\"\n"));
        for e in cal
            .elections
            .iter()
            .filter(|e| (from..=to).contains(&e.date.year()) && !e.provenance.is_estimated())
        {
            out.push_str(&format!("\n[[election]]\ndate = {}\n", e.date));
            if let Some(i) = e.installed {
                out.push_str(&format!("installed = {i}\n"));
            }
            render_provenance(&mut out, &e.provenance);
        }
        for r in recess_entries(cal, from, to) {
            out.push_str(&format!(
                "\n[[recess]]\nname = {:?}\nfrom = {}\nto = {}\n",
                r.name, r.from, r.to
            ));
            render_provenance(&mut out, &r.provenance);
        }
        return Ok(out);
    }
    let rule = Rule::for_body(body).ok_or_else(|| Error::NotFound {
        what: "rule for body",
        name: body.to_string(),
        hint: "stroom can generate cwizo, rwizo, mr and tweede-kamer; write other bodies' slots by hand or import them".into(),
    })?;
    let (kept_slots, cancelled) = kept(cal, body, start, end);
    let slots = merge(generate(rule, start, end, cal)?, &kept_slots, &cancelled);
    let (kind, title) = match rule {
        Rule::Ministerraad => (BodyKind::Ministerraad, "Ministerraad (MR)"),
        Rule::Cwizo => (
            BodyKind::Voorportaal,
            "CWIZO, ambtelijk voorportaal van de RWIZO",
        ),
        Rule::Rwizo => (
            BodyKind::Onderraad,
            "RWIZO, Raad Werk, Inkomen, Zorg en Onderwijs",
        ),
    };
    let keys = cal
        .body(body)
        .map(|b| FileHeader {
            cabinet: b.cabinets.first().cloned(),
            valid_from: b.valid_from,
            valid_until: b.valid_until,
        })
        .unwrap_or_default();
    Ok(render_body_file(
        body,
        kind,
        title,
        (start, end),
        &keys,
        &slots,
        &cancelled,
        &header,
    ))
}

// ---- importing a secretariat's schedule ---------------------------------------------

/// One meeting read from a secretariat's schedule (a row of a spreadsheet or an event
/// of a meeting series), before checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedMeeting {
    /// The line of the file it comes from, when known.
    pub line: Option<usize>,
    /// The meeting date.
    pub meeting: Date,
    /// The aanleverdeadline, when the schedule gives one.
    pub deadline: Option<Date>,
    /// Voorportaal: the MR it feeds without onderraad, when given.
    pub mr: Option<Date>,
    /// Voorportaal: the MR it feeds with onderraad, when given.
    pub mr_with_onderraad: Option<Date>,
}

/// A checked import: the calendar file to write and what it replaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The calendar file (the format `parse_calendar` reads), provenance `sourced`.
    pub text: String,
    /// The body.
    pub body: String,
    /// First meeting.
    pub from: Date,
    /// Last meeting.
    pub to: Date,
    /// The slots imported.
    pub slots: Vec<Slot>,
    /// The slots the calendars held for that period, which the file replaces.
    pub replaced: Vec<Slot>,
    /// Deadlines moved off days off, deadlines given by rule.
    pub warnings: Vec<FileWarning>,
}

/// Checks meetings read from a secretariat's schedule `source` (a file name) and makes
/// the calendar file of `body` they describe, every slot `sourced` with `source` as its
/// address: meetings on werkdagen, deadlines on or before their meeting (on a day off:
/// moved to the werkdag before; absent: the body's rule), couplings naming MRs the
/// calendars hold.
///
/// # Errors
/// A [`DataError`] naming `source`, the line and the fix; an unknown body.
pub fn import(
    body: &str,
    source: &str,
    meetings: &[ImportedMeeting],
    cal: &Calendars,
) -> Result<Imported, Error> {
    let existing = cal.body(body)?;
    let w = cal.werkdagen();
    let fail = |m: &ImportedMeeting, msg: String, hint: &str| -> Error {
        DataError {
            source: source.to_string(),
            line: m.line,
            column: None,
            message: msg,
            hint: hint.to_string(),
        }
        .into()
    };
    if meetings.is_empty() {
        return Err(DataError {
            source: source.to_string(),
            line: None,
            column: None,
            message: "the file holds no meetings".into(),
            hint: "export the meeting series (.ics) or the schedule (.csv with a meeting column)"
                .into(),
        }
        .into());
    }
    let mut sorted: Vec<&ImportedMeeting> = meetings.iter().collect();
    sorted.sort_by_key(|m| m.meeting);
    let mut slots: Vec<Slot> = Vec::new();
    let mut warnings = Vec::new();
    let warn = |m: &ImportedMeeting, kind| FileWarning {
        source: source.to_string(),
        line: m.line,
        kind,
    };
    let mr_body = cal.body("mr").ok();
    for m in sorted {
        let in_tables =
            |d: Date| (crate::werkdag::FIRST_YEAR..=crate::werkdag::LAST_YEAR).contains(&d.year());
        if let Some(d) = [Some(m.meeting), m.deadline, m.mr, m.mr_with_onderraad]
            .into_iter()
            .flatten()
            .find(|d| !in_tables(*d))
        {
            return Err(fail(
                m,
                format!("the date {d} lies outside the years stroom plans in"),
                "stroom knows the werkdagen of 2000 to 2100; check the year",
            ));
        }
        if !w.is_werkdag(m.meeting)? {
            let why = day_off(m.meeting).unwrap_or_else(|| "a blokdag".into());
            return Err(fail(
                m,
                format!("the meeting of {} falls on {why}, not a werkdag", m.meeting),
                "check the date in the schedule; a one-off meeting on a day off goes in a calendar file of your own with extra = true",
            ));
        }
        if existing.kind == BodyKind::Ministerraad && m.meeting.weekday() != Weekday::Friday {
            return Err(fail(
                m,
                format!(
                    "the ministerraad of {} is on a {}, not a Friday",
                    m.meeting,
                    weekday_word(m.meeting.weekday())
                ),
                "import the regular Fridays; add an extra MR with extra = true in a calendar file of your own",
            ));
        }
        if slots.iter().any(|s| s.meeting == m.meeting) {
            return Err(fail(
                m,
                format!("the meeting of {} is listed twice", m.meeting),
                "remove the duplicate from the schedule",
            ));
        }
        let deadline =
            match m.deadline {
                Some(d) if d > m.meeting => return Err(fail(
                    m,
                    format!("deadline {d} lies after the meeting {}", m.meeting),
                    "the aanleverdeadline comes on or before the meeting date; check the columns",
                )),
                Some(d) if !w.is_werkdag(d)? => {
                    let moved = w.previous_or_same(d)?;
                    warnings.push(warn(
                        m,
                        FileWarningKind::DeadlineMoved {
                            meeting: m.meeting,
                            given: d,
                            moved_to: moved,
                            day_off: day_off(d).unwrap_or_else(|| "a blokdag".into()),
                        },
                    ));
                    moved
                }
                Some(d) => d,
                None => {
                    let d = match Rule::for_body(body) {
                        Some(Rule::Cwizo) => w.add(m.meeting, -4)?,
                        _ => w.previous_or_same(add_days(m.meeting, -7))?,
                    };
                    warnings.push(warn(
                        m,
                        FileWarningKind::DeadlineByRule {
                            meeting: m.meeting,
                            deadline: d,
                        },
                    ));
                    d
                }
            };
        if existing.kind != BodyKind::Voorportaal
            && (m.mr.is_some() || m.mr_with_onderraad.is_some())
        {
            return Err(fail(
                m,
                format!("the {body} meeting of {} names an MR", m.meeting),
                "only a voorportaal's schedule names the MR each meeting feeds; leave those columns empty",
            ));
        }
        for mr in [m.mr, m.mr_with_onderraad].into_iter().flatten() {
            if mr <= m.meeting {
                return Err(fail(
                    m,
                    format!("the MR {mr} is not after the meeting {}", m.meeting),
                    "the MR a voorportaal meeting feeds comes after it; check the columns",
                ));
            }
            if mr_body.is_some_and(|b| b.slot_on(mr).is_none()) {
                return Err(fail(
                    m,
                    format!("the MR {mr} named by the meeting of {} is not a meeting of the mr calendar", m.meeting),
                    "check the date; an extra or moved MR goes in a calendar file of body mr with extra = true",
                ));
            }
        }
        if let Some(prev) = slots.last() {
            if deadline < prev.deadline {
                return Err(fail(
                    m,
                    format!(
                        "the deadline {deadline} of the meeting {} lies before the deadline {} of the meeting {} before it",
                        m.meeting, prev.deadline, prev.meeting
                    ),
                    "deadlines must grow with the meetings; check both rows",
                ));
            }
        }
        slots.push(Slot {
            meeting: m.meeting,
            deadline,
            mr: m.mr,
            mr_with_onderraad: m.mr_with_onderraad,
            extra: false,
            provenance: Provenance::Sourced(source.to_string()),
            extrapolated: None,
        });
    }
    let (from, to) = (slots[0].meeting, slots[slots.len() - 1].meeting);
    let replaced: Vec<Slot> = existing
        .slots
        .iter()
        .filter(|s| from <= s.meeting && s.meeting <= to)
        .cloned()
        .collect();
    let keys = FileHeader {
        cabinet: (!existing.cabinets.is_empty())
            .then(|| cal.cabinet_on(from).map(|c| c.name.clone()))
            .flatten(),
        valid_from: None,
        valid_until: None,
    };
    let header = format!(
        "Imported from {source} by 'stroom calendar import --body {body}': {} meetings from\n\
         {from} to {to}, sourced. These slots replace the calendars' for that period.",
        slots.len()
    );
    let text = render_body_file(
        body,
        existing.kind,
        &existing.title,
        (from, to),
        &keys,
        &slots,
        &[],
        &header,
    );
    // The file must read back as it was meant.
    parse_calendar_file(source, &text)?;
    Ok(Imported {
        text,
        body: body.to_string(),
        from,
        to,
        slots,
        replaced,
        warnings,
    })
}

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
    let est = |rule: &str| Provenance::Estimated(format!("rule: {rule}"));
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

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn embedded_calendars_hold_the_sourced_2023_slots() {
        let c = Calendars::embedded().unwrap();
        let cwizo = c.body("cwizo").unwrap();
        let s = cwizo.slot_on(date(2023, 10, 9)).unwrap();
        assert_eq!(
            (s.deadline, s.mr, s.mr_with_onderraad),
            (
                date(2023, 10, 3),
                Some(date(2023, 10, 27)),
                Some(date(2023, 11, 3))
            )
        );
        assert!(!s.provenance.is_estimated());
        let s = cwizo.slot_on(date(2023, 10, 30)).unwrap();
        assert_eq!(
            (s.deadline, s.mr),
            (date(2023, 10, 20), Some(date(2023, 11, 10)))
        );
        for body in ["cwizo", "rwizo", "mr"] {
            let b = c.body(body).unwrap();
            assert!(
                b.from <= date(2023, 1, 1) && b.to >= date(2027, 12, 31),
                "{body} covers 2023-2027"
            );
        }
    }

    #[test]
    fn mr_summer_stop_matches_2023_and_2024() {
        let c = Calendars::embedded().unwrap();
        let mr = c.body("mr").unwrap();
        let in_range = |a, b| {
            mr.slots
                .iter()
                .filter(|s| s.meeting >= a && s.meeting <= b)
                .map(|s| s.meeting)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            in_range(date(2023, 7, 1), date(2023, 8, 20)),
            [date(2023, 7, 7), date(2023, 7, 14), date(2023, 8, 18)]
        );
        assert_eq!(
            in_range(date(2024, 7, 1), date(2024, 8, 20)),
            [
                date(2024, 7, 2),
                date(2024, 7, 5),
                date(2024, 7, 12),
                date(2024, 8, 16)
            ]
        );
    }

    #[test]
    fn checked_in_calendars_equal_the_generator() {
        let c = Calendars::embedded().unwrap();
        for (name, text) in stroom_workflows::CALENDARS {
            let body = name.trim_end_matches(".toml");
            if body == CABINETS_FILE {
                continue;
            }
            let generated = generate_file(body, 2023, 2027, &c).unwrap();
            assert!(
                generated == *text,
                "workflows/calendars/{name} drifted from its rule: run 'stroom calendar generate {body} > workflows/calendars/{name}'"
            );
        }
    }

    #[test]
    fn dates_outside_the_werkdag_years_are_refused_with_their_line() {
        let text = "body = \"cwizo\"\nkind = \"voorportaal\"\n\n[[slot]]\nmeeting = 9999-12-27\ndeadline = 9999-12-21\nsource = \"x\"\n";
        let e = parse_calendar("far.toml", text).unwrap_err().to_string();
        assert!(
            e.starts_with(
                "far.toml:4:1: the date 9999-12-27 lies outside the years stroom plans in"
            ),
            "{e}"
        );
    }

    #[test]
    fn deadlines_people_plan_against() {
        let c = Calendars::embedded().unwrap();
        assert_eq!(c.deadline("2025-06-30").unwrap().0, date(2025, 6, 30));
        assert_eq!(c.deadline("prinsjesdag-2024").unwrap().0, date(2024, 9, 17));
        let (d, why) = c.deadline("voor-de-zomer-2024").unwrap();
        assert_eq!(d, date(2024, 7, 4));
        assert!(why.contains("sourced"), "{why}");
        assert_eq!(
            c.deadline("kamervragen-2025-03-03").unwrap().0,
            date(2025, 3, 24)
        );
        assert_eq!(
            c.deadline("kamervragen-uitstel-2025-03-03").unwrap().0,
            date(2025, 4, 14)
        );
        let e = c.deadline("voor-de-kerst").unwrap_err().to_string();
        assert!(
            e.starts_with("'voor-de-kerst' is not a date or a known deadline"),
            "{e}"
        );
        assert!(c.deadline("voor-de-zomer-2031").is_err());
    }

    #[test]
    fn file_errors_name_line_and_fix() {
        let text = "body = \"cwizo\"\nkind = \"voorportaal\"\n\n[[slot]]\nmeeting = 2025-01-13\ndeadline = 2025-01-14\nsource = \"x\"\n";
        let e = parse_calendar("mine.toml", text).unwrap_err().to_string();
        assert!(
            e.starts_with("mine.toml:4:1: deadline 2025-01-14 lies after the meeting 2025-01-13"),
            "{e}"
        );
    }
}
