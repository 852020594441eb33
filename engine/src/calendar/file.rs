//! The calendar file format: parsing and checking one file.

use super::*;

use jiff::civil::{Date, Weekday};
use serde::Deserialize;

use crate::error::{Check, DataError};
use crate::werkdag::DayOff;

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
#[derive(Debug, Clone, PartialEq, Eq)]
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

pub(crate) fn provenance(
    source: &str,
    text: &str,
    at: usize,
    sourced: Option<String>,
    reported: Option<String>,
    estimated: Option<String>,
) -> Result<Option<Provenance>, DataError> {
    let given: Vec<Provenance> = [
        sourced.map(|n| Provenance::Sourced(n.into())),
        reported.map(|n| Provenance::Reported(n.into())),
        estimated.map(|n| Provenance::Estimated(n.into())),
    ]
    .into_iter()
    .flatten()
    .collect();
    match given.as_slice() {
        [] => Ok(None),
        [p] if p.note().trim().is_empty() => Err(DataError::check(
            source,
            text,
            Some(at),
            Check::ProvenanceEmpty {
                key: p.file_key().to_string(),
            },
        )),
        [p] => Ok(Some(p.clone())),
        _ => Err(DataError::check(
            source,
            text,
            Some(at),
            Check::ProvenanceTwice,
        )),
    }
}

pub(crate) fn required(
    source: &str,
    text: &str,
    at: usize,
    p: Option<Provenance>,
) -> Result<Provenance, DataError> {
    p.ok_or_else(|| DataError::check(source, text, Some(at), Check::ProvenanceMissing))
}

/// Why `d` is not a werkdag for the Rijksoverheid (weekend or a Rijk feestdag), or
/// `None` when it is one. Blokdagen of an organisation are not known here.
pub fn day_off(d: Date) -> Option<String> {
    if let Some(name) = crate::werkdag::feestdag_name(d) {
        return Some(name.to_string());
    }
    match d.weekday() {
        Weekday::Saturday | Weekday::Sunday => Some(format!("a {}", weekday_word(d.weekday()))),
        _ => None,
    }
}

pub(crate) fn weekday_word(w: Weekday) -> &'static str {
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

pub(crate) fn line_of(text: &str, offset: usize) -> usize {
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
    let file: CalendarFile = toml::from_str(text)
        .map_err(|e| DataError::from_toml(source, text, &e, crate::error::FileKind::Calendar))?;
    let err = |at: usize, check: Check| DataError::check(source, text, Some(at), check);
    let in_tables =
        |d: Date| (crate::werkdag::FIRST_YEAR..=crate::werkdag::LAST_YEAR).contains(&d.year());
    let out_of_tables = |at: usize, d: Date| err(at, Check::OutsideTables { date: d });
    let mut warnings = Vec::new();
    for d in [file.from, file.to, file.valid_from, file.valid_until]
        .into_iter()
        .flatten()
    {
        if !in_tables(d) {
            return Err(DataError::check(
                source,
                text,
                None,
                Check::BoundaryOutsideTables { date: d },
            ));
        }
    }
    if let (Some(a), Some(b)) = (file.valid_from, file.valid_until) {
        if b < a {
            return Err(DataError::check(
                source,
                text,
                None,
                Check::ValidityReversed { from: a, until: b },
            ));
        }
    }
    let misplaced = |what: &str, kinds: &str| {
        DataError::check(
            source,
            text,
            None,
            Check::Misplaced {
                table: what.to_string(),
                kind: file_kind_word(file.kind).to_string(),
                belongs: kinds.to_string(),
            },
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
                        Check::RecessReversed {
                            name: r.name.clone(),
                            from: r.from,
                            to: r.to,
                        },
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
                    return Err(err(at, Check::InstalledBeforeElection { election: e.date }));
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
                        Check::CabinetReversed {
                            name: c.name.clone(),
                        },
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
                return Err(DataError::check(
                    source,
                    text,
                    None,
                    Check::NoSlots {
                        body: file.body.clone(),
                    },
                ));
            }
            let mut slots: Vec<(usize, Slot)> = Vec::new();
            let mut cancelled: Vec<(usize, Cancelled)> = Vec::new();
            for s in file.slot {
                let at = s.span().start;
                // Counted only for a warning: counting for every slot is quadratic.
                let line = || Some(line_of(text, at));
                let s = s.into_inner();
                let dates = [Some(s.meeting), s.deadline, s.mr, s.mr_with_onderraad];
                if let Some(d) = dates.into_iter().flatten().find(|d| !in_tables(*d)) {
                    return Err(out_of_tables(at, d));
                }
                let p = provenance(source, text, at, s.source, s.reported, s.estimated)?;
                if s.cancelled {
                    if s.extra {
                        return Err(err(at, Check::ExtraAndCancelled { meeting: s.meeting }));
                    }
                    let reason = s.reason.filter(|r| !r.trim().is_empty()).ok_or_else(|| {
                        err(at, Check::CancelledWithoutReason { meeting: s.meeting })
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
                    return Err(err(at, Check::ReasonNotCancelled { meeting: s.meeting }));
                }
                let provenance = required(source, text, at, p)?;
                let Some(mut deadline) = s.deadline else {
                    return Err(err(at, Check::NoDeadline { meeting: s.meeting }));
                };
                if let Some(off) = day_off(s.meeting) {
                    if s.extra {
                        warnings.push(FileWarning {
                            source: source.to_string(),
                            line: line(),
                            kind: FileWarningKind::ExtraOnDayOff {
                                meeting: s.meeting,
                                day_off: off,
                            },
                        });
                    } else {
                        return Err(err(
                            at,
                            Check::OnDayOff {
                                meeting: s.meeting,
                                day_off: off,
                                schedule: false,
                            },
                        ));
                    }
                }
                if kind == BodyKind::Ministerraad
                    && s.meeting.weekday() != Weekday::Friday
                    && !s.extra
                {
                    return Err(err(
                        at,
                        Check::MrNotFriday {
                            meeting: s.meeting,
                            schedule: false,
                        },
                    ));
                }
                if deadline > s.meeting {
                    return Err(err(
                        at,
                        Check::DeadlineAfterMeeting {
                            deadline,
                            meeting: s.meeting,
                            schedule: false,
                        },
                    ));
                }
                if let Some(off) = day_off(deadline) {
                    let moved = werkdag_on_or_before(deadline);
                    warnings.push(FileWarning {
                        source: source.to_string(),
                        line: line(),
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
                        Check::NamesMr {
                            meeting: s.meeting,
                            body: file.body.clone(),
                            schedule: false,
                        },
                    ));
                }
                for (key, mr) in [("mr", s.mr), ("mr-with-onderraad", s.mr_with_onderraad)] {
                    if let Some(mr) = mr.filter(|mr| *mr <= s.meeting) {
                        return Err(err(
                            at,
                            Check::MrNotAfter {
                                key: key.to_string(),
                                mr,
                                meeting: s.meeting,
                                schedule: false,
                            },
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
                    return Err(err(*at, Check::TwoSlots { meeting: b.meeting }));
                }
                if b.deadline < a.deadline {
                    return Err(err(
                        *at,
                        Check::DeadlinesShrink {
                            deadline: b.deadline,
                            meeting: b.meeting,
                            before_deadline: a.deadline,
                            before_meeting: a.meeting,
                            schedule: false,
                        },
                    ));
                }
            }
            for pair in cancelled.windows(2) {
                if pair[0].1.meeting == pair[1].1.meeting {
                    return Err(err(
                        pair[1].0,
                        Check::CancelledTwice {
                            meeting: pair[1].1.meeting,
                        },
                    ));
                }
            }
            if let Some((at, c)) = cancelled
                .iter()
                .find(|(_, c)| slots.iter().any(|(_, s)| s.meeting == c.meeting))
            {
                return Err(err(*at, Check::ListedAndCancelled { meeting: c.meeting }));
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
                    Check::OutsidePeriod {
                        meeting: m,
                        from,
                        to,
                    },
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
