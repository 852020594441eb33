//! The engine's errors, grouped by domain: calendars, data files, the state machine, the
//! store, the planner, the journal's input, and names that do not exist.
//!
//! Each variant carries the data of what went wrong. Its `Display` is one plain English
//! line without advice (lowercase, no trailing period, quoting the input), for logs and
//! library users. What people read, with the `hint:` lines that say how to fix it and name
//! the front end's commands and flags, is rendered by `stroom-render` (`messages::en` and
//! `messages::nl`), never here.
//!
//! One file per domain: [`audit`] (a trail that fails verification), [`calendar`], [`data`] (data files), [`input`] (the journal's
//! input rules), [`machine`] (a refused command), [`plan`] and [`store`]; this module
//! composes them into [`Error`]. The error modules name only leaf modules of vocabulary
//! (`machine::kind`, `stroom::role`, `route::kind`, `planner::step`), never a module that
//! returns them, so no module cycle passes through the errors (`engine/tests/modules.rs`
//! checks it). The domains re-export their own errors (`machine::Rejection`,
//! `input::BadInput`, `store::NotADatabase`).

use std::fmt;

pub mod audit;
pub mod calendar;
pub mod check;
pub mod data;
pub mod input;
pub mod machine;
pub mod plan;
pub mod store;

pub use audit::{BadEvent, Broken, Found};
pub use calendar::CalendarError;
pub use check::Check;
pub use data::{DataError, DataProblem, FileKind, MISSING_VALUE};
pub use input::BadInput;
pub use machine::Rejection;
pub use plan::PlanError;
pub use store::{Corruption, StoreError, StoredValue};

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
    Input(#[from] BadInput),
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
    /// A stored trail, or one in an import, fails verification at an event.
    #[error("{}", audit::tampered_text(.bad, *.found))]
    Tampered {
        /// The event and what is wrong with it.
        bad: Box<audit::BadEvent>,
        /// Where it was found.
        found: audit::Found,
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
