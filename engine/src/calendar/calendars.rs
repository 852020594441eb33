//! All calendars of one invocation, and the deadlines people plan against.

use super::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use jiff::civil::{Date, Weekday};

use crate::error::{CalendarError, Check, DataError, Error};
use crate::werkdag::{DayOff, Werkdagen};

/// All calendars of one invocation: bodies, recesses, elections, cabinets and werkdagen.
///
/// The embedded files are compiled into static data when stroom is built (no TOML is
/// parsed for them at run time) and made into these types lazily, each the first time
/// something asks for what it holds; the werkdag tables are built the first time they
/// are asked for: a command that never plans (`approve`, `show`, `list`, `log`) makes no
/// calendar, and `deliver` only the voorportaal whose slot it checks. A user's file is
/// parsed at once by the strict parser when added, so its errors and warnings come
/// before anything is done.
#[derive(Debug, Clone)]
pub struct Calendars {
    bodies: BTreeMap<String, Lazy<Body>>,
    recesses: Lazy<(Vec<Recess>, Vec<Election>)>,
    cabinets: Lazy<Vec<Cabinet>>,
    blokdagen: Vec<DayOff>,
    werkdagen: OnceLock<Werkdagen>,
    warnings: Vec<FileWarning>,
}

/// An embedded calendar file: its name and its data as the build script compiled it.
type Embedded = &'static (&'static str, stroom_workflows::compiled::Calendar);

/// A part of the calendars: the embedded files that make it, made into the engine's
/// types on first use (from static data: no TOML is parsed).
#[derive(Debug, Clone)]
struct Lazy<T> {
    files: Vec<Embedded>,
    cell: OnceLock<T>,
}

impl<T> Lazy<T> {
    fn of(files: Vec<Embedded>) -> Self {
        Lazy {
            files,
            cell: OnceLock::new(),
        }
    }

    fn ready(value: T) -> Self {
        Lazy {
            files: Vec::new(),
            cell: OnceLock::from(value),
        }
    }
}

/// An embedded file's data, which a test guarantees to equal what the strict parser
/// yields from its text, without warnings.
fn embedded_file(file: Embedded) -> CalendarData {
    super::compiled::data(&file.1)
}

fn embedded_source(name: &str) -> String {
    format!("<embedded>/workflows/calendars/{name}")
}

/// What an embedded calendar file holds, by its name: `tweede-kamer.toml` the recesses,
/// `kabinetten.toml` the cabinets, any other `NAME.toml` the body NAME. A test checks every
/// embedded file against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EmbeddedPart {
    /// A body's slots.
    Body(String),
    /// Recesses and elections.
    Recesses,
    /// Cabinets.
    Cabinets,
}

pub(crate) fn embedded_part(name: &str) -> EmbeddedPart {
    match name.trim_end_matches(".toml") {
        RECESS_FILE => EmbeddedPart::Recesses,
        CABINETS_FILE => EmbeddedPart::Cabinets,
        body => EmbeddedPart::Body(body.to_string()),
    }
}

impl Calendars {
    /// The embedded calendars (`workflows/calendars/`, compiled into static data by the
    /// `workflows` build script), each part made when first used.
    ///
    /// # Errors
    /// None today: the build checks the embedded files' shape and a test runs the strict
    /// parser on them. The `Result` stays for callers that add files after it.
    pub fn embedded() -> Result<Calendars, Error> {
        let mut bodies = BTreeMap::new();
        let mut recesses = Vec::new();
        let mut cabinets = Vec::new();
        for file in stroom_workflows::compiled::CALENDARS {
            match embedded_part(file.0) {
                EmbeddedPart::Body(body) => {
                    bodies.insert(body, Lazy::of(vec![file]));
                }
                EmbeddedPart::Recesses => recesses.push(file),
                EmbeddedPart::Cabinets => cabinets.push(file),
            }
        }
        Ok(Calendars {
            bodies,
            recesses: Lazy::of(recesses),
            cabinets: Lazy::of(cabinets),
            blokdagen: Vec::new(),
            werkdagen: OnceLock::new(),
            warnings: Vec::new(),
        })
    }

    /// Every embedded file's text parsed now by the strict parser, with what it accepted
    /// with a warning (a test checks there is none, since the compiled data carries none).
    ///
    /// # Errors
    /// The first embedded file that does not parse.
    pub fn check_embedded() -> Result<Vec<FileWarning>, Error> {
        let mut warnings = Vec::new();
        for &(name, text) in stroom_workflows::CALENDARS {
            let parsed = parse_calendar_file(&embedded_source(name), text)?;
            let holds = match &parsed.data {
                CalendarData::Body(b) => EmbeddedPart::Body(b.name.clone()),
                CalendarData::Recesses { .. } => EmbeddedPart::Recesses,
                CalendarData::Cabinets(_) => EmbeddedPart::Cabinets,
                CalendarData::Blokdagen(_) => {
                    return Err(DataError::check(
                        &embedded_source(name),
                        "",
                        None,
                        Check::EmbeddedBlokdagen {
                            name: name.to_string(),
                        },
                    )
                    .into())
                }
            };
            if holds != embedded_part(name) {
                return Err(DataError::check(
                    &embedded_source(name),
                    "",
                    None,
                    Check::EmbeddedMisnamed {
                        name: name.to_string(),
                        holds: format!("{holds:?}").trim_matches('"').to_string(),
                        says: format!("{:?}", embedded_part(name))
                            .trim_matches('"')
                            .to_string(),
                    },
                )
                .into());
            }
            warnings.extend(parsed.warnings);
        }
        Ok(warnings)
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
                let cabinets = self.cabinets().to_vec();
                if let Some(lazy) = self.bodies.get_mut(&body.name) {
                    let existing = force_body(lazy, &cabinets);
                    if existing.kind != body.kind {
                        return Err(DataError::check(
                            source,
                            text,
                            None,
                            Check::KindDiffers {
                                body: body.name.clone(),
                                known: existing.kind.to_string(),
                                file: body.kind.to_string(),
                            },
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
                    mark_extrapolated(existing, &cabinets);
                } else {
                    let mut body = body;
                    mark_extrapolated(&mut body, &cabinets);
                    self.bodies.insert(body.name.clone(), Lazy::ready(body));
                }
            }
            CalendarData::Recesses {
                recesses: new_recesses,
                elections: new_elections,
            } => {
                self.recesses();
                let Some((recesses, elections)) = self.recesses.cell.get_mut() else {
                    unreachable!("forced above")
                };
                // A later file's recess replaces an earlier one that overlaps it.
                recesses.retain(|old| {
                    new_recesses
                        .iter()
                        .all(|new| old.to < new.from || old.from > new.to)
                });
                recesses.extend(new_recesses);
                recesses.sort_by_key(|r| r.from);
                elections.retain(|old| new_elections.iter().all(|new| new.date != old.date));
                elections.extend(new_elections);
                elections.sort_by_key(|e| e.date);
            }
            CalendarData::Blokdagen(days) => {
                self.blokdagen.extend(days);
                self.werkdagen = OnceLock::new();
            }
            CalendarData::Cabinets(new) => {
                self.cabinets();
                let Some(cabinets) = self.cabinets.cell.get_mut() else {
                    unreachable!("forced above")
                };
                cabinets.retain(|old| new.iter().all(|new| new.name != old.name));
                cabinets.extend(new);
                cabinets.sort_by_key(|c| c.from);
                // The bodies parsed so far are marked again; the others are marked with
                // these cabinets when they are parsed.
                let cabinets = cabinets.clone();
                for body in self.bodies.values_mut() {
                    if let Some(body) = body.cell.get_mut() {
                        mark_extrapolated(body, &cabinets);
                    }
                }
            }
        }
        Ok(())
    }

    /// A body by name.
    ///
    /// # Errors
    /// [`CalendarError::UnknownBody`] listing the known ones.
    pub fn body(&self, name: &str) -> Result<&Body, CalendarError> {
        let lazy = self
            .bodies
            .get(name)
            .ok_or_else(|| CalendarError::UnknownBody {
                body: name.to_string(),
                known: self.bodies.keys().cloned().collect::<Vec<_>>().join(", "),
            })?;
        Ok(lazy
            .cell
            .get_or_init(|| embedded_body(&lazy.files, self.cabinets())))
    }

    /// All bodies.
    pub fn bodies(&self) -> impl Iterator<Item = &Body> {
        self.bodies.values().map(|lazy| {
            lazy.cell
                .get_or_init(|| embedded_body(&lazy.files, self.cabinets()))
        })
    }

    /// The werkdag calendar (Rijk feestdagen plus blokdagen from the files).
    pub fn werkdagen(&self) -> &Werkdagen {
        self.werkdagen
            .get_or_init(|| Werkdagen::new(&self.blokdagen))
    }

    fn recesses_and_elections(&self) -> &(Vec<Recess>, Vec<Election>) {
        self.recesses.cell.get_or_init(|| {
            let mut recesses = Vec::new();
            let mut elections = Vec::new();
            for file in &self.recesses.files {
                if let CalendarData::Recesses {
                    recesses: r,
                    elections: e,
                } = embedded_file(file)
                {
                    recesses.extend(r);
                    elections.extend(e);
                }
            }
            recesses.sort_by_key(|r| r.from);
            elections.sort_by_key(|e| e.date);
            (recesses, elections)
        })
    }

    /// The parts parsed so far: body names, `recesses`, `cabinets`, `werkdagen`.
    #[cfg(test)]
    pub(crate) fn parsed(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .bodies
            .iter()
            .filter(|(_, b)| b.cell.get().is_some())
            .map(|(n, _)| n.clone())
            .collect();
        if self.recesses.cell.get().is_some() {
            out.push("recesses".into());
        }
        if self.cabinets.cell.get().is_some() {
            out.push("cabinets".into());
        }
        if self.werkdagen.get().is_some() {
            out.push("werkdagen".into());
        }
        out
    }

    /// All recesses, by date.
    pub fn recesses(&self) -> &[Recess] {
        &self.recesses_and_elections().0
    }

    /// The Tweede Kamer elections known, by date.
    pub fn elections(&self) -> &[Election] {
        &self.recesses_and_elections().1
    }

    /// The cabinets known, by date.
    pub fn cabinets(&self) -> &[Cabinet] {
        self.cabinets.cell.get_or_init(|| {
            let mut cabinets = Vec::new();
            for file in &self.cabinets.files {
                if let CalendarData::Cabinets(c) = embedded_file(file) {
                    cabinets.extend(c);
                }
            }
            cabinets.sort_by_key(|c| c.from);
            cabinets
        })
    }

    /// The cabinet in office on `d`, if known.
    pub fn cabinet_on(&self, d: Date) -> Option<&Cabinet> {
        self.cabinets()
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
        self.recesses().iter().find(|r| r.from <= d && d <= r.to)
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
                    source: self
                        .cabinets()
                        .iter()
                        .find(|c| c.name == x.cabinet)
                        .map(|c| c.provenance.note().to_string())
                        .filter(|n| !n.is_empty()),
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
    pub fn deadline(&self, expr: &str) -> Result<(Date, Option<NamedDeadline>), Error> {
        let expr = expr.trim();
        let bad = || {
            Error::Calendar(CalendarError::NotADeadline {
                text: expr.to_string(),
            })
        };
        if expr.starts_with(|c: char| c.is_ascii_digit()) {
            return crate::dates::parse(expr)
                .map(|d| (d, None))
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
                .recesses()
                .iter()
                .find(|r| r.name == "zomerreces" && r.from.year() == y)
                .ok_or(Error::Calendar(CalendarError::NoZomerreces { year: y }))?;
            let d = add_days(r.from, -1);
            return Ok((
                d,
                Some(NamedDeadline::Zomerreces {
                    year: y,
                    starts: r.from,
                    level: r.provenance.level(),
                }),
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
                Some(NamedDeadline::Prinsjesdag { year: y }),
            ));
        }
        let (rest, weeks, uitstel) = match expr.strip_prefix("kamervragen-uitstel-") {
            Some(rest) => (rest, 6, true),
            None => match expr.strip_prefix("kamervragen-") {
                Some(rest) => (rest, 3, false),
                None => return Err(bad()),
            },
        };
        let received = crate::dates::parse(rest).map_err(|_| bad())?;
        if !(crate::werkdag::FIRST_YEAR..=crate::werkdag::LAST_YEAR).contains(&received.year()) {
            return Err(bad());
        }
        Ok((
            add_days(received, 7 * weeks),
            Some(NamedDeadline::Kamervragen { received, uitstel }),
        ))
    }
}

/// What a named deadline (`--kamer-by voor-de-zomer-2024`) means. English words in its
/// `Display`; front ends render it in their language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedDeadline {
    /// `voor-de-zomer-YYYY`: the day before the zomerreces.
    Zomerreces {
        /// The year.
        year: i16,
        /// The first day of the zomerreces.
        starts: Date,
        /// How certain that day is.
        level: Level,
    },
    /// `prinsjesdag-YYYY`: the third Tuesday of September.
    Prinsjesdag {
        /// The year.
        year: i16,
    },
    /// `kamervragen-DATE` (3 weeks) or `kamervragen-uitstel-DATE` (6 weeks).
    Kamervragen {
        /// The day the questions were received.
        received: Date,
        /// With an uitstelbericht: 3 more weeks.
        uitstel: bool,
    },
}

impl std::fmt::Display for NamedDeadline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NamedDeadline::Zomerreces {
                year,
                starts,
                level,
            } => write!(
                f,
                "the day before the zomerreces of {year} starts on {starts} ({})",
                level.word()
            ),
            NamedDeadline::Prinsjesdag { year } => {
                write!(f, "Prinsjesdag {year}, the third Tuesday of September")
            }
            NamedDeadline::Kamervragen {
                received,
                uitstel: false,
            } => write!(
                f,
                "answer to schriftelijke vragen of {received} within 3 weeks"
            ),
            NamedDeadline::Kamervragen {
                received,
                uitstel: true,
            } => write!(
                f,
                "answer to schriftelijke vragen of {received} within 6 weeks (3 + 3 after an uitstelbericht)"
            ),
        }
    }
}

/// A body from its embedded file, marked against the cabinets.
fn embedded_body(files: &[Embedded], cabinets: &[Cabinet]) -> Body {
    let mut out: Option<Body> = None;
    for file in files {
        if let CalendarData::Body(b) = embedded_file(file) {
            match &mut out {
                Some(existing) => existing.overlay(b),
                None => out = Some(b),
            }
        }
    }
    let Some(mut body) = out else {
        panic!("an embedded body without its file (a test rules this out)")
    };
    mark_extrapolated(&mut body, cabinets);
    body
}

/// The body, made now if it was not yet.
fn force_body<'a>(lazy: &'a mut Lazy<Body>, cabinets: &[Cabinet]) -> &'a mut Body {
    if lazy.cell.get().is_none() {
        let body = embedded_body(&lazy.files, cabinets);
        lazy.cell = OnceLock::from(body);
    }
    let Some(body) = lazy.cell.get_mut() else {
        unreachable!("set above")
    };
    body
}

/// Marks every estimated slot of a cabinet's body that lies under another cabinet for
/// which the body has no sourced or reported slot.
fn mark_extrapolated(body: &mut Body, cabinets: &[Cabinet]) {
    if body.cabinets.is_empty() {
        return;
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
