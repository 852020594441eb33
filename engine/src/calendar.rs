//! Meeting calendars as data: bodies with slots, Tweede Kamer recesses, blokdagen.
//!
//! Every slot carries its provenance: `sourced` (with a note on where it comes from) or
//! `estimated` (naming the rule that made it). The embedded defaults live in
//! `workflows/calendars/`; a user's file adds or overrides slots of a body for the
//! period it covers.

use std::collections::BTreeMap;
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

/// Where a date comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "provenance", content = "note")]
pub enum Provenance {
    /// Published or observed; the note says where.
    Sourced(String),
    /// Made by a rule; the note names it.
    Estimated(String),
}

impl Provenance {
    /// Whether the date is an estimate.
    pub fn is_estimated(&self) -> bool {
        matches!(self, Provenance::Estimated(_))
    }

    /// The note.
    pub fn note(&self) -> &str {
        match self {
            Provenance::Sourced(n) | Provenance::Estimated(n) => n,
        }
    }

    /// `sourced` or `estimated`.
    pub fn word(&self) -> &'static str {
        match self {
            Provenance::Sourced(_) => "sourced",
            Provenance::Estimated(_) => "estimated",
        }
    }
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
    /// Where the slot comes from.
    #[serde(flatten)]
    pub provenance: Provenance,
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
    /// The slots, by meeting date.
    pub slots: Vec<Slot>,
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

    /// Replaces the slots meeting inside `other`'s period with `other`'s.
    fn overlay(&mut self, other: Body) {
        self.slots
            .retain(|s| s.meeting < other.from || s.meeting > other.to);
        self.slots.extend(other.slots);
        self.slots.sort_by_key(|s| s.meeting);
        self.from = self.from.min(other.from);
        self.to = self.to.max(other.to);
        if !other.title.is_empty() {
            self.title = other.title;
        }
    }
}

/// A recess of the Tweede Kamer: it receives letters but holds no debates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recess {
    /// e.g. `kerstreces`.
    pub name: String,
    /// First day (a Friday).
    #[serde(with = "crate::dates")]
    pub from: Date,
    /// Last day (a Monday).
    #[serde(with = "crate::dates")]
    pub to: Date,
    /// Where it comes from.
    #[serde(flatten)]
    pub provenance: Provenance,
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
    slot: Vec<toml::Spanned<SlotFile>>,
    #[serde(default)]
    recess: Vec<toml::Spanned<RecessFile>>,
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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SlotFile {
    #[serde(with = "crate::dates")]
    meeting: Date,
    #[serde(with = "crate::dates")]
    deadline: Date,
    #[serde(default, with = "crate::dates::option")]
    mr: Option<Date>,
    #[serde(default, with = "crate::dates::option")]
    mr_with_onderraad: Option<Date>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    estimated: Option<String>,
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
    /// Recesses of the Tweede Kamer.
    Recesses(Vec<Recess>),
    /// An organisation's blokdagen.
    Blokdagen(Vec<DayOff>),
}

const FILE_HINT: &str = "a calendar file has body, kind (voorportaal, onderraad, ministerraad, recesses \
                         or blokdagen) and [[slot]] tables with meeting, deadline and source or estimated";

fn provenance(
    source: &str,
    text: &str,
    at: usize,
    sourced: Option<String>,
    estimated: Option<String>,
) -> Result<Provenance, DataError> {
    match (sourced, estimated) {
        (Some(s), None) if !s.trim().is_empty() => Ok(Provenance::Sourced(s)),
        (None, Some(e)) if !e.trim().is_empty() => Ok(Provenance::Estimated(e)),
        (Some(_), Some(_)) => Err(DataError::at(
            source,
            text,
            Some(at),
            "an entry has both source and estimated",
            "give exactly one: source = \"where it was published\" or estimated = \"the rule used\"",
        )),
        _ => Err(DataError::at(
            source,
            text,
            Some(at),
            "an entry says neither where it comes from nor how it was estimated",
            "add source = \"e.g. CWIZO-secretariaat, vergaderschema 2025\" or estimated = \"rule\"",
        )),
    }
}

/// Parses and validates one calendar file.
///
/// # Errors
/// A [`DataError`] naming `source`, the line and the fix.
pub fn parse_calendar(source: &str, text: &str) -> Result<CalendarData, DataError> {
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
    for d in [file.from, file.to].into_iter().flatten() {
        if !in_tables(d) {
            return Err(DataError::at(
                source,
                text,
                None,
                format!("the period boundary {d} lies outside the years stroom plans in"),
                "use dates from 2000 to 2100 for from and to",
            ));
        }
    }
    match file.kind {
        FileKind::Recesses => {
            let mut out = Vec::new();
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
                let provenance = provenance(source, text, at, r.source, r.estimated)?;
                out.push(Recess {
                    name: r.name,
                    from: r.from,
                    to: r.to,
                    provenance,
                });
            }
            out.sort_by_key(|r| r.from);
            Ok(CalendarData::Recesses(out))
        }
        FileKind::Blokdagen => Ok(CalendarData::Blokdagen(
            file.day
                .into_iter()
                .map(|d| d.into_inner())
                .map(|d| DayOff {
                    date: d.date,
                    name: d.name,
                })
                .collect(),
        )),
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
            for s in file.slot {
                let at = s.span().start;
                let s = s.into_inner();
                let dates = [Some(s.meeting), Some(s.deadline), s.mr, s.mr_with_onderraad];
                if let Some(d) = dates.into_iter().flatten().find(|d| !in_tables(*d)) {
                    return Err(out_of_tables(at, d));
                }
                if s.deadline > s.meeting {
                    return Err(err(
                        at,
                        format!(
                            "deadline {} lies after the meeting {}",
                            s.deadline, s.meeting
                        ),
                        "the aanleverdeadline comes on or before the meeting date",
                    ));
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
                let provenance = provenance(source, text, at, s.source, s.estimated)?;
                slots.push((
                    at,
                    Slot {
                        meeting: s.meeting,
                        deadline: s.deadline,
                        mr: s.mr,
                        mr_with_onderraad: s.mr_with_onderraad,
                        provenance,
                    },
                ));
            }
            slots.sort_by_key(|(_, s)| s.meeting);
            for pair in slots.windows(2) {
                let ((_, a), (at, b)) = (&pair[0], &pair[1]);
                if a.meeting == b.meeting {
                    return Err(err(
                        *at,
                        format!("two slots meet on {}", b.meeting),
                        "list each meeting once",
                    ));
                }
                if b.deadline <= a.deadline {
                    return Err(err(
                        *at,
                        format!(
                            "the deadline {} of the meeting {} is not after the deadline {} of the meeting {} before it",
                            b.deadline, b.meeting, a.deadline, a.meeting
                        ),
                        "deadlines must grow with the meetings; check both dates",
                    ));
                }
            }
            let first = slots
                .first()
                .map(|(_, s)| s.meeting)
                .expect("checked non-empty");
            let last = slots
                .last()
                .map(|(_, s)| s.meeting)
                .expect("checked non-empty");
            let from = file.from.unwrap_or(first);
            let to = file.to.unwrap_or(last);
            if let Some((at, s)) = slots
                .iter()
                .find(|(_, s)| s.meeting < from || s.meeting > to)
            {
                return Err(err(
                    *at,
                    format!(
                        "slot {} lies outside the file's period {from} to {to}",
                        s.meeting
                    ),
                    "widen from/to or remove the slot",
                ));
            }
            Ok(CalendarData::Body(Body {
                name: file.body,
                kind,
                title: file.title,
                from,
                to,
                slots: slots.into_iter().map(|(_, s)| s).collect(),
            }))
        }
    }
}

/// All calendars of one invocation: bodies, recesses and werkdagen.
#[derive(Debug, Clone)]
pub struct Calendars {
    bodies: BTreeMap<String, Body>,
    recesses: Vec<Recess>,
    blokdagen: Vec<DayOff>,
    werkdagen: Werkdagen,
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
            blokdagen: Vec::new(),
            werkdagen: Werkdagen::default(),
        };
        for (name, text) in stroom_workflows::CALENDARS {
            c.add_file(&format!("<embedded>/workflows/calendars/{name}"), text)?;
        }
        Ok(c)
    }

    /// Adds a calendar file: its slots replace those of the same body in the period the
    /// file covers; recesses and blokdagen are added.
    ///
    /// # Errors
    /// A [`DataError`] naming `source`, the line and the fix.
    pub fn add_file(&mut self, source: &str, text: &str) -> Result<(), Error> {
        match parse_calendar(source, text)? {
            CalendarData::Body(body) => {
                if let Some(existing) = self.bodies.get_mut(&body.name) {
                    if existing.kind != body.kind {
                        return Err(DataError::at(
                            source,
                            text,
                            None,
                            format!(
                                "'{}' is a {:?} body, this file says otherwise",
                                body.name, existing.kind
                            )
                            .to_lowercase(),
                            "use the same kind as the body's default calendar",
                        )
                        .into());
                    }
                    existing.overlay(body);
                } else {
                    self.bodies.insert(body.name.clone(), body);
                }
            }
            CalendarData::Recesses(r) => {
                // A later file's recess replaces an earlier one that overlaps it.
                self.recesses
                    .retain(|old| r.iter().all(|new| old.to < new.from || old.from > new.to));
                self.recesses.extend(r);
                self.recesses.sort_by_key(|r| r.from);
            }
            CalendarData::Blokdagen(days) => {
                self.blokdagen.extend(days);
                self.werkdagen = Werkdagen::new(&self.blokdagen);
            }
        }
        Ok(())
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

    /// The recess that contains `d`, if any.
    pub fn recess_on(&self, d: Date) -> Option<&Recess> {
        self.recesses.iter().find(|r| r.from <= d && d <= r.to)
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

/// A rule that makes estimated slots for a body where no published schedule exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// MR: every Friday that is a werkdag, except the summer stop (the MR meets on the
    /// first two Fridays of the zomerreces, then skips four). Deadline: 7 days before.
    Ministerraad,
    /// CWIZO: Mondays every 3 weeks (anchored on Mon 9 Oct 2023); a Monday off moves to
    /// the next werkdag. Deadline: meeting − 4 werkdagen.
    Cwizo,
    /// RWIZO: Tuesdays every 3 weeks (anchored on Tue 31 Oct 2023, three weeks and a
    /// day after each CWIZO). Deadline: 7 calendar days before.
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
            Rule::Ministerraad => "rule: every Friday that is a werkdag, minus four Fridays of the summer stop; deadline 7 days before",
            Rule::Cwizo => "rule: Monday every 3 weeks from 2023-10-09; deadline meeting - 4 werkdagen",
            Rule::Rwizo => "rule: Tuesday every 3 weeks from 2023-10-31; deadline 7 days before",
        }
    }
}

/// Makes the estimated slots of `rule` for meetings from `from` to `to`.
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
    let mut out = Vec::new();
    match rule {
        Rule::Ministerraad => {
            let mut d = from;
            while d.weekday() != Weekday::Friday {
                d = add_days(d, 1);
            }
            while d <= to {
                let stop = cal
                    .recesses
                    .iter()
                    .find(|r| r.name == "zomerreces" && r.from.year() == d.year());
                let in_stop = stop.is_some_and(|r| {
                    let first_friday = {
                        let mut f = r.from;
                        while f.weekday() != Weekday::Friday {
                            f = add_days(f, 1);
                        }
                        f
                    };
                    d >= add_days(first_friday, 14) && d < add_days(first_friday, 42)
                });
                if w.is_werkdag(d)? && !in_stop {
                    out.push(Slot {
                        meeting: d,
                        deadline: add_days(d, -7),
                        mr: None,
                        mr_with_onderraad: None,
                        provenance: est(),
                    });
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
            let offset = (from - anchor).get_days() as i64;
            let mut d = add_days(anchor, offset.div_euclid(21) * 21);
            while d < from {
                d = add_days(d, 21);
            }
            while d <= to {
                let meeting = w.next_or_same(d)?;
                let deadline = if rule == Rule::Cwizo {
                    w.add(meeting, -4)?
                } else {
                    add_days(meeting, -7)
                };
                out.push(Slot {
                    meeting,
                    deadline,
                    mr: None,
                    mr_with_onderraad: None,
                    provenance: est(),
                });
                d = add_days(d, 21);
            }
        }
    }
    Ok(out)
}

/// Renders slots as a calendar file (the format `parse_calendar` reads).
pub fn render_calendar_file(
    body: &str,
    kind: BodyKind,
    title: &str,
    from: Date,
    to: Date,
    slots: &[Slot],
    header: &str,
) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str(&format!("# {line}\n").replace("# \n", "#\n"));
    }
    out.push_str(&format!(
        "body = \"{body}\"\nkind = \"{kind}\"\ntitle = \"{title}\"\nfrom = {from}\nto = {to}\n"
    ));
    for s in slots {
        out.push_str(&format!(
            "\n[[slot]]\nmeeting = {}\ndeadline = {}\n",
            s.meeting, s.deadline
        ));
        if let Some(mr) = s.mr {
            out.push_str(&format!("mr = {mr}\n"));
        }
        if let Some(mr) = s.mr_with_onderraad {
            out.push_str(&format!("mr-with-onderraad = {mr}\n"));
        }
        match &s.provenance {
            Provenance::Sourced(n) => out.push_str(&format!("source = {n:?}\n")),
            Provenance::Estimated(n) => out.push_str(&format!("estimated = {n:?}\n")),
        }
    }
    out
}

/// The name of the recess calendar file and body.
pub const RECESS_FILE: &str = "tweede-kamer";

/// Makes the whole embedded calendar file of `body` (`cwizo`, `rwizo`, `mr` or
/// `tweede-kamer`) for the years `from..=to`: the sourced entries `cal` already holds,
/// and estimated ones by the body's [`Rule`] everywhere else. This is how the files in
/// `workflows/calendars/` are made (`stroom calendar generate BODY`); a test checks the
/// checked-in files equal its output.
///
/// # Errors
/// An unknown body (no rule) or a date outside the werkdag tables.
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
    let header = format!(
        "Generated by 'stroom calendar generate {body} --from {from} --to {to}': the sourced entries\n\
         below are kept as they are, every other entry is estimated by the rule it names.\n\
         To add a published schedule, put it in a file of your own (--calendar FILE):\n\
         its slots replace these for the period that file covers."
    );
    if body == RECESS_FILE {
        let sourced: Vec<&Recess> = cal
            .recesses
            .iter()
            .filter(|r| !r.provenance.is_estimated())
            .collect();
        let mut all: Vec<Recess> = sourced.iter().map(|r| (*r).clone()).collect();
        for year in from..=to {
            for r in estimate_recesses(year) {
                let covered = sourced
                    .iter()
                    .any(|s| s.name == r.name && s.from.year() == year)
                    || sourced.iter().any(|s| s.from <= r.to && r.from <= s.to);
                if !covered {
                    all.push(r);
                }
            }
        }
        all.sort_by_key(|r| r.from);
        let mut out = String::new();
        for line in header.lines() {
            out.push_str(&format!("# {line}\n"));
        }
        out.push_str(&format!("body = \"{RECESS_FILE}\"\nkind = \"recesses\"\ntitle = \"Recesses of the Tweede Kamer\"\n"));
        for r in all {
            out.push_str(&format!(
                "\n[[recess]]\nname = \"{}\"\nfrom = {}\nto = {}\n",
                r.name, r.from, r.to
            ));
            match &r.provenance {
                Provenance::Sourced(n) => out.push_str(&format!("source = {n:?}\n")),
                Provenance::Estimated(n) => out.push_str(&format!("estimated = {n:?}\n")),
            }
        }
        return Ok(out);
    }
    let rule = Rule::for_body(body).ok_or_else(|| Error::NotFound {
        what: "rule for body",
        name: body.to_string(),
        hint: "stroom can generate cwizo, rwizo, mr and tweede-kamer; write other bodies' slots by hand".into(),
    })?;
    let existing = cal.body(body).ok();
    let sourced: Vec<Slot> = existing
        .map(|b| {
            b.slots
                .iter()
                .filter(|s| !s.provenance.is_estimated())
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let (lo, hi) = (
        sourced.first().map(|s| s.meeting),
        sourced.last().map(|s| s.meeting),
    );
    let mut slots: Vec<Slot> = generate(rule, start, end, cal)?
        .into_iter()
        .filter(|g| match (lo, hi) {
            (Some(lo), Some(hi)) => g.meeting < lo || g.meeting > hi,
            _ => true,
        })
        .collect();
    slots.extend(sourced);
    slots.sort_by_key(|s| s.meeting);
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
    Ok(render_calendar_file(
        body, kind, title, start, end, &slots, &header,
    ))
}

/// Estimated recesses of the Tweede Kamer for one year, by the pattern of the sourced
/// ones (each Friday to Monday).
pub fn estimate_recesses(year: i16) -> Vec<Recess> {
    let friday_on_or_before = |d: Date| {
        let mut d = d;
        while d.weekday() != Weekday::Friday {
            d = add_days(d, -1);
        }
        d
    };
    let friday_on_or_after = |d: Date| {
        let mut d = d;
        while d.weekday() != Weekday::Friday {
            d = add_days(d, 1);
        }
        d
    };
    let ymd = |m, d| Date::new(year, m, d).expect("fixed dates are valid");
    let est = |rule: &str| Provenance::Estimated(format!("rule: {rule}"));
    // Voorjaarsreces: the Friday before ISO week 8 to the Monday of week 9.
    let voorjaar = friday_on_or_before(ymd(2, 22));
    let mei = friday_on_or_before(ymd(4, 28));
    let zomer = friday_on_or_after(ymd(7, 1));
    let herfst = friday_on_or_before(ymd(10, 16));
    let kerst = friday_on_or_before(ymd(12, 22));
    vec![
        Recess {
            name: "voorjaarsreces".into(),
            from: voorjaar,
            to: add_days(voorjaar, 10),
            provenance: est("Friday on or before 22 Feb, 10 days"),
        },
        Recess {
            name: "meireces".into(),
            from: mei,
            to: add_days(mei, 17),
            provenance: est("Friday on or before 28 Apr, 17 days"),
        },
        Recess {
            name: "zomerreces".into(),
            from: zomer,
            to: add_days(zomer, 59),
            provenance: est("first Friday of July, 59 days"),
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
            [date(2024, 7, 5), date(2024, 7, 12), date(2024, 8, 16)]
        );
    }

    #[test]
    fn checked_in_calendars_equal_the_generator() {
        let c = Calendars::embedded().unwrap();
        for (name, text) in stroom_workflows::CALENDARS {
            let body = name.trim_end_matches(".toml");
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
