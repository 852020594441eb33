//! Importing a secretariat's schedule as a sourced calendar file.

use super::*;

use jiff::civil::{Date, Weekday};

use crate::error::{Check, DataError, DataProblem, Error};

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
    import_in(body, source, meetings, cal, &super::EnglishFileWords)
}

/// [`import`] with the file's header and notes in `words` (another language).
///
/// # Errors
/// As [`import`].
pub fn import_in(
    body: &str,
    source: &str,
    meetings: &[ImportedMeeting],
    cal: &Calendars,
    words: &dyn super::FileWords,
) -> Result<Imported, Error> {
    let existing = cal.body(body)?;
    let w = cal.werkdagen();
    let fail = |m: &ImportedMeeting, check: Check| -> Error {
        DataError {
            source: source.to_string(),
            line: m.line,
            column: None,
            problem: DataProblem::Check(Box::new(check)),
        }
        .into()
    };
    if meetings.is_empty() {
        return Err(DataError::check(source, "", None, Check::NoMeetings).into());
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
            return Err(fail(m, Check::OutsideTables { date: d }));
        }
        if !w.is_werkdag(m.meeting)? {
            let why = day_off(m.meeting).unwrap_or_else(|| "a blokdag".into());
            return Err(fail(
                m,
                Check::OnDayOff {
                    meeting: m.meeting,
                    day_off: why,
                    schedule: true,
                },
            ));
        }
        if existing.kind == BodyKind::Ministerraad && m.meeting.weekday() != Weekday::Friday {
            return Err(fail(
                m,
                Check::MrNotFriday {
                    meeting: m.meeting,
                    schedule: true,
                },
            ));
        }
        if slots.iter().any(|s| s.meeting == m.meeting) {
            return Err(fail(m, Check::ListedTwice { meeting: m.meeting }));
        }
        let deadline = match m.deadline {
            Some(d) if d > m.meeting => {
                return Err(fail(
                    m,
                    Check::DeadlineAfterMeeting {
                        deadline: d,
                        meeting: m.meeting,
                        schedule: true,
                    },
                ))
            }
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
                Check::NamesMr {
                    meeting: m.meeting,
                    body: body.to_string(),
                    schedule: true,
                },
            ));
        }
        for mr in [m.mr, m.mr_with_onderraad].into_iter().flatten() {
            if mr <= m.meeting {
                return Err(fail(
                    m,
                    Check::MrNotAfter {
                        key: "the MR".into(),
                        mr,
                        meeting: m.meeting,
                        schedule: true,
                    },
                ));
            }
            if mr_body.is_some_and(|b| b.slot_on(mr).is_none()) {
                return Err(fail(
                    m,
                    Check::MrUnknown {
                        mr,
                        meeting: m.meeting,
                    },
                ));
            }
        }
        if let Some(prev) = slots.last() {
            if deadline < prev.deadline {
                return Err(fail(
                    m,
                    Check::DeadlinesShrink {
                        deadline,
                        meeting: m.meeting,
                        before_deadline: prev.deadline,
                        before_meeting: prev.meeting,
                        schedule: true,
                    },
                ));
            }
        }
        slots.push(Slot {
            meeting: m.meeting,
            deadline,
            mr: m.mr,
            mr_with_onderraad: m.mr_with_onderraad,
            extra: false,
            provenance: Provenance::Sourced(source.to_string().into()),
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
    let header = words.imported(source, body, slots.len(), from, to);
    let text = render_body_file(
        body,
        existing.kind,
        &existing.title,
        (from, to),
        &keys,
        &slots,
        &[],
        &header,
        words,
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
