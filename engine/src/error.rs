//! The engine's errors, grouped by domain: calendars, data files, the state machine, the
//! store, the planner, the journal's input, and names that do not exist.
//!
//! Each variant carries the data of what went wrong. Its `Display` is one plain English
//! line without advice (lowercase, no trailing period, quoting the input), for logs and
//! library users. What people read, with the `hint:` lines that say how to fix it and name
//! the front end's commands and flags, is rendered by `stroom-render` (`messages::en` and
//! `messages::nl`), never here.

use std::fmt;

use jiff::civil::Date;

use crate::machine::Rejection;

pub mod store;
pub use store::StoreError;

/// Any error the engine returns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A date question the calendars cannot answer.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A route or calendar file that does not parse or validate.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A command that the state machine refuses.
    #[error(transparent)]
    Rejected(#[from] Rejection),
    /// The store failed or holds data it should not.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A plan or simulation the planner cannot make.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// Input the journal refuses before storing anything (a date, slot, role or text).
    #[error(transparent)]
    Input(#[from] crate::input::BadInput),
    /// A stroom, route or calendar rule that does not exist.
    #[error("{what} '{name}' does not exist")]
    NotFound {
        /// Kind of thing.
        what: Thing,
        /// The name asked for.
        name: String,
        /// The names that do exist (empty: none yet).
        known: Vec<String>,
    },
}

/// The kind of a named thing that was not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Thing {
    /// A stroom in the store.
    Stroom,
    /// A route.
    Route,
    /// A rule that generates a body's calendar.
    CalendarRule,
}

impl fmt::Display for Thing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Thing::Stroom => "stroom",
            Thing::Route => "route",
            Thing::CalendarRule => "rule for body",
        })
    }
}

/// Why the planner cannot make a plan or a simulation. The data only: front ends add
/// their own hints (the CLI names its commands and flags).
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The stroom was sent or withdrawn.
    #[error("stroom {reference} is {state} since {since}: nothing is left to plan")]
    NothingLeft {
        /// The stroom.
        reference: String,
        /// Its terminal state.
        state: crate::machine::StateKind,
        /// Since when.
        since: Date,
    },
    /// Planning as of a day before the stroom was registered.
    #[error("stroom {reference} was registered on {registered}, after the planning day {today}: there is nothing to plan as of then")]
    NotYetRegistered {
        /// The stroom.
        reference: String,
        /// Its registration day.
        registered: Date,
        /// The planning day.
        today: Date,
    },
    /// A step the route does not have (e.g. an onderraad on a route without one).
    #[error("route '{route}' has no {step}")]
    RouteLacks {
        /// The route.
        route: String,
        /// The step it lacks.
        step: crate::planner::Step,
    },
    /// A route names a body of the wrong kind for a key.
    #[error("route '{route}' names '{body}' as its {key}, but the calendar of '{body}' is of kind {kind}")]
    WrongBodyKind {
        /// The route.
        route: String,
        /// The route file's key, e.g. `voorportaal`.
        key: &'static str,
        /// The body named.
        body: String,
        /// The body's kind.
        kind: String,
    },
    /// A word that is not a step.
    #[error("'{word}' is not a step (steps: approval, delivery, voorportaal, onderraad, ministerraad, kamer)")]
    NotAStep {
        /// The word.
        word: String,
    },
    /// A word that is not a duration distribution.
    #[error("'{text}' is not a duration distribution (N, uniform(MIN,MAX) with MIN <= MAX, triangular(MIN,MODE,MAX) with MIN <= MODE <= MAX, or empirical; werkdagen 0 to 1000)")]
    NotADistribution {
        /// The text.
        text: String,
    },
    /// One scenario of a what-if cannot be planned.
    #[error("scenario '{scenario}': {error}")]
    Scenario {
        /// The scenario's name.
        scenario: String,
        /// Why.
        error: Box<Error>,
    },
}

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

/// A data file (stroom, route, calendar, scenario) that does not parse or validate, with the
/// place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// The file (or `<embedded>/…` for a default), as the user knows it.
    pub source: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub problem: DataProblem,
}

/// The kind of a data file, for the hint on what such a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    /// A stroom file (`stroom new --from`).
    Stroom,
    /// A route file.
    Route,
    /// A calendar file.
    Calendar,
    /// A scenario file.
    Scenario,
}

/// What is wrong with a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataProblem {
    /// The file does not parse: the parser's own words (TOML syntax, an unknown or missing
    /// key, a value of the wrong type). Never empty.
    Parse {
        /// The kind of file, for what such a file holds.
        file: FileKind,
        /// The parser's description.
        detail: String,
    },
    /// A value the engine's input rules refuse (a role code, a reference, a text).
    Input(Box<crate::input::BadInput>),
    /// A route name that is not a lowercase word.
    RouteName {
        /// The name given.
        name: String,
    },
    /// A route's `send-after` outside 0 to 2.
    SendAfter {
        /// The value given.
        value: u32,
    },
    /// A route with a ministerraad but without a voorportaal.
    RouteWithoutVoorportaal,
    /// A route without a ministerraad that names a voorportaal or onderraad.
    RouteStepsWithoutMinisterraad,
    /// A route file that changes the kind of a known route.
    RouteKindChanged {
        /// The route.
        route: String,
        /// Its kind now.
        known: crate::route::RouteKind,
        /// The kind the file gives it.
        file: crate::route::RouteKind,
    },
    /// A scenario file without `[[scenario]]` tables.
    NoScenarios,
    /// A scenario's `delay` names something that is not a step.
    NotAStep {
        /// The word.
        word: String,
    },
    /// A check of a calendar, import or activities file, still in English words (not yet
    /// typed: those messages name no flag and have no Dutch rendering yet).
    Described {
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
}

/// What a parser that says nothing about a bad value means (`title = ` at the end of a file).
pub const MISSING_VALUE: &str = "a value is missing or malformed here: write text in quotes, a number, true/false or a date like 2023-10-03";

/// A line and column for byte `offset` of `text`.
fn place(text: &str, offset: Option<usize>) -> (Option<usize>, Option<usize>) {
    match offset {
        Some(o) => {
            let o = o.min(text.len());
            let before = text.get(..o).unwrap_or(text);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (Some(line), Some(column))
        }
        None => (None, None),
    }
}

impl DataError {
    /// A typed problem at byte `offset` of `text` (or without a place when `None`).
    pub fn problem(source: &str, text: &str, offset: Option<usize>, problem: DataProblem) -> Self {
        let (line, column) = place(text, offset);
        DataError {
            source: source.to_string(),
            line,
            column,
            problem,
        }
    }

    /// A problem described in words at byte `offset` of `text` (see [`DataProblem::Described`]).
    pub fn at(
        source: &str,
        text: &str,
        offset: Option<usize>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        let (line, column) = place(text, offset);
        Self::described(source, line, column, message, hint)
    }

    /// A problem described in words at a known place (see [`DataProblem::Described`]).
    pub fn described(
        source: &str,
        line: Option<usize>,
        column: Option<usize>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        let mut message: String = message.into();
        if message.trim().is_empty() {
            message = MISSING_VALUE.into();
        }
        DataError {
            source: source.to_string(),
            line,
            column,
            problem: DataProblem::Described {
                message,
                hint: hint.into(),
            },
        }
    }

    /// Converts a TOML parse error of a `file`, keeping its place. A value refused by the
    /// engine's own parsers (a role code) keeps its type; anything else keeps the parser's
    /// words.
    pub fn from_toml(source: &str, text: &str, err: &toml::de::Error, file: FileKind) -> Self {
        let span = err.span();
        let raw = err.message().trim();
        // A role code refused inside the file: the value at the span, parsed again, gives
        // the typed error whose words the parser passed on.
        let value = span
            .clone()
            .and_then(|s| text.get(s))
            .map(|v| v.trim().trim_matches('"'));
        if let Some(Err(crate::Error::Input(bad))) = value.map(str::parse::<crate::stroom::Role>) {
            if raw == bad.to_string() {
                return Self::problem(
                    source,
                    text,
                    span.map(|s| s.start),
                    DataProblem::Input(Box::new(bad)),
                );
            }
        }
        let detail = if raw.is_empty() {
            // The TOML parser says nothing for a key without a value (`title = ` at the
            // end of a file): never print an empty message.
            MISSING_VALUE.to_string()
        } else {
            raw.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(": ")
        };
        Self::problem(
            source,
            text,
            span.map(|s| s.start),
            DataProblem::Parse { file, detail },
        )
    }
}

fn route_kind_words(kind: crate::route::RouteKind) -> &'static str {
    match kind {
        crate::route::RouteKind::Ministerraad => "ministerraad (voorportaal and MR)",
        crate::route::RouteKind::Ondertekening => "ondertekening (signatures only)",
    }
}

impl fmt::Display for DataProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataProblem::Parse { detail, .. } => f.write_str(detail),
            DataProblem::Input(bad) => write!(f, "{bad}"),
            DataProblem::RouteName { name } => {
                write!(f, "route name '{name}' is not a lowercase word")
            }
            DataProblem::SendAfter { value } => write!(f, "send-after = {value} is out of range"),
            DataProblem::RouteWithoutVoorportaal => {
                f.write_str("a route with a ministerraad needs a voorportaal")
            }
            DataProblem::RouteStepsWithoutMinisterraad => f.write_str(
                "a route without a ministerraad cannot have a voorportaal or onderraad",
            ),
            DataProblem::RouteKindChanged { route, known, file } => write!(
                f,
                "route '{route}' is a {} route, this file makes it a {} route",
                route_kind_words(*known),
                route_kind_words(*file)
            ),
            DataProblem::NoScenarios => f.write_str("the file holds no [[scenario]]"),
            DataProblem::NotAStep { word } => write!(
                f,
                "'{word}' is not a step (steps: approval, delivery, voorportaal, onderraad, ministerraad, kamer)"
            ),
            DataProblem::Described { message, .. } => f.write_str(message),
        }
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.problem)
    }
}

impl std::error::Error for DataError {}
