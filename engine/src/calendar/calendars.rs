//! All calendars of one invocation, and the deadlines people plan against.

use super::*;
use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday};

use crate::error::{CalendarError, DataError, Error};
use crate::werkdag::{DayOff, Werkdagen};

/// All calendars of one invocation: bodies, recesses, elections, cabinets and werkdagen.
#[derive(Debug, Clone)]
pub struct Calendars {
    pub(crate) bodies: BTreeMap<String, Body>,
    pub(crate) recesses: Vec<Recess>,
    pub(crate) elections: Vec<Election>,
    pub(crate) cabinets: Vec<Cabinet>,
    pub(crate) blokdagen: Vec<DayOff>,
    pub(crate) werkdagen: Werkdagen,
    pub(crate) warnings: Vec<FileWarning>,
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

    /// What a plan through these meetings must say: extrapolated and extra slots, meetings
    /// outside their body's `valid-from`/`valid-until`, and cancelled meetings passed over
    /// between `from` and each meeting. `meetings` are
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
            let before = body.valid_from.is_some_and(|v| *meeting < v);
            let after = body.valid_until.is_some_and(|v| *meeting > v);
            if before || after {
                notes.push(PathNote::OutsideValidity {
                    body: body.name.clone(),
                    meeting: *meeting,
                    valid_from: body.valid_from,
                    valid_until: body.valid_until,
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
        let bad = || {
            Error::Calendar(CalendarError::NotADeadline {
                text: expr.to_string(),
            })
        };
        if expr.starts_with(|c: char| c.is_ascii_digit()) {
            return crate::dates::parse(expr)
                .map(|d| (d, String::new()))
                .map_err(|_| bad());
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
                .ok_or(Error::Calendar(CalendarError::NoZomerreces { year: y }))?;
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
