//! Bodies, slots, provenance, recesses, elections, cabinets and the typed warnings and notes.

use std::collections::BTreeSet;
use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::CalendarError;

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
    Sourced(Note),
    /// Published by a secondary source (news, a third-party list); the note gives its
    /// address. Less certain than sourced.
    Reported(Note),
    /// Made by a rule; the note names it.
    Estimated(Note),
}

/// A provenance's note: borrowed from the binary for the embedded calendars (hundreds of
/// slots a `stroom plan` would otherwise copy to the heap at every start), owned when read
/// from a file or made by a rule.
pub type Note = std::borrow::Cow<'static, str>;

impl Provenance {
    /// Whether the date is an estimate.
    pub fn is_estimated(&self) -> bool {
        matches!(self, Provenance::Estimated(_))
    }

    /// The note: the source address or the rule.
    pub fn note(&self) -> &str {
        match self {
            Provenance::Sourced(n) | Provenance::Reported(n) | Provenance::Estimated(n) => {
                n.as_ref()
            }
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
#[serde(rename_all = "kebab-case")]
pub struct CabinetChange {
    /// The cabinet, e.g. `Jetten`.
    pub cabinet: String,
    /// The day it took office.
    #[serde(with = "crate::dates")]
    pub since: Date,
}

/// One meeting of a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
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
#[serde(rename_all = "kebab-case")]
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
#[serde(rename_all = "kebab-case")]
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

    pub(crate) fn check_after(&self, i: usize, d: Date) -> Result<usize, CalendarError> {
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
    pub(crate) fn overlay(&mut self, other: Body) {
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
#[serde(
    rename_all = "kebab-case",
    rename_all_fields = "kebab-case",
    tag = "code"
)]
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
        /// Where that is known from: the public address `kabinetten.toml` gives.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        source: Option<String>,
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
    /// A meeting dated outside its body's `valid-from`/`valid-until`: the body may not exist
    /// then (a new cabinet decides which onderraden there are).
    OutsideValidity {
        /// The body.
        body: String,
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
        /// From when the body is known to exist, when its files say.
        #[serde(
            with = "crate::dates::option",
            skip_serializing_if = "Option::is_none",
            default
        )]
        valid_from: Option<Date>,
        /// Until when the body is known to exist, when its files say.
        #[serde(
            with = "crate::dates::option",
            skip_serializing_if = "Option::is_none",
            default
        )]
        valid_until: Option<Date>,
    },
    /// The debate the plan targets, taken from the Kamer's open data, has the status
    /// moved (`Verplaatst`): its date in the file may no longer hold.
    DebateMoved {
        /// The activity, as `Soort Nummer: Onderwerp (date)`.
        activity: String,
        /// The date the file gives.
        #[serde(with = "crate::dates")]
        debate: Date,
        /// The status as the Kamer writes it.
        status: String,
    },
    /// The debate the plan targets has the status cancelled (`Geannuleerd`, `Vervallen`)
    /// or was withdrawn from the open data.
    DebateCancelled {
        /// The activity, as `Soort Nummer: Onderwerp (date)`.
        activity: String,
        /// The date the file gives.
        #[serde(with = "crate::dates")]
        debate: Date,
        /// The status as the Kamer writes it.
        status: String,
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
