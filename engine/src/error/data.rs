//! A data file (stroom, route, calendar, scenario) that does not parse or validate.
//!
//! A leaf of the engine's module graph: it names only [`BadInput`] and [`RouteKind`], which
//! name nothing above them.

use std::fmt;

use crate::error::input::BadInput;
use crate::route::kind::RouteKind;

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
    /// The Kamer's activities (`--activities`, JSON of the gegevensmagazijn).
    Activities,
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
    Input(Box<BadInput>),
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
        known: RouteKind,
        /// The kind the file gives it.
        file: RouteKind,
    },
    /// A scenario file without `[[scenario]]` tables.
    NoScenarios,
    /// A scenario's `delay` names something that is not a step.
    NotAStep {
        /// The word.
        word: String,
    },
    /// A rule of a calendar file, a schedule or the embedded calendars that a value breaks.
    Check(Box<crate::error::check::Check>),
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

    /// A broken rule at byte `offset` of `text` (or without a place when `None`).
    pub fn check(
        source: &str,
        text: &str,
        offset: Option<usize>,
        check: crate::error::check::Check,
    ) -> Self {
        Self::problem(source, text, offset, DataProblem::Check(Box::new(check)))
    }

    /// Converts a TOML parse error of a `file`, keeping its place. A value refused by the
    /// engine's own parsers (a role code) keeps its type; anything else keeps the parser's
    /// words.
    pub fn from_toml(source: &str, text: &str, err: &toml::de::Error, file: FileKind) -> Self {
        let span = err.span();
        let raw = err.message().trim();
        // A role code refused inside the file: the parser passes on the words of the
        // typed error for the value at the span (`Role`'s parse), so those words, made
        // again from that value, give the type back.
        let value = span
            .clone()
            .and_then(|s| text.get(s))
            .map(|v| v.trim().trim_matches('"'));
        if let Some(value) = value {
            let bad = BadInput::NotARoleCode {
                text: value.to_string(),
            };
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

fn route_kind_words(kind: RouteKind) -> &'static str {
    match kind {
        RouteKind::Ministerraad => "ministerraad (voorportaal and MR)",
        RouteKind::Ondertekening => "ondertekening (signatures only)",
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
            DataProblem::Check(c) => write!(f, "{c}"),
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
