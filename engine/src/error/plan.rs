//! Why the planner cannot make a plan or a simulation.
//!
//! It names only the words of the state machine and the planner ([`StateKind`], [`Step`]),
//! which name nothing else, and the engine's [`Error`](super::Error) (a scenario's).

use jiff::civil::Date;

use crate::machine::kind::StateKind;
use crate::planner::step::Step;

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
        state: StateKind,
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
        step: Step,
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
        error: Box<super::Error>,
    },
}
