//! # stroom
//!
//! The engine of `stroom`: plans how a stukkenstroom (a package of Kamerbrieven with
//! bijlagen) travels from concept through the bewindspersonen, the voorportaal, an
//! optional onderraad and the ministerraad to the Tweede Kamer.
//!
//! The engine is pure: it never prints, never reads argv, the environment or the clock.
//! "Today" is a parameter. Storage sits behind the [`Store`] trait.
#![deny(missing_docs)]

pub mod agenda;
pub mod anchor;
pub mod audit;
pub mod calendar;
pub mod dates;
pub mod debates;
pub mod error;
pub mod export;
pub mod history;
pub mod input;
pub mod journal;
pub mod lock;
pub mod machine;
pub mod planner;
pub mod portfolio;
pub mod route;
pub mod sign;
pub mod simulate;
pub mod store;
pub mod stroom;
pub mod view;
mod watchdog;
pub mod werkdag;

pub use audit::{Meta, Record};
pub use calendar::Calendars;
pub use error::{
    CalendarError, DataError, DataProblem, Error, FileKind, PlanError, StoreError, Thing,
};
pub use input::BadInput;
pub use machine::{
    decide, evolve, Action, Command, Event, Fact, Refusal, Rejection, State, StateKind, Stroom,
};
pub use planner::{Assumptions, Plan, Planner, Position, Request, Step};
pub use route::{Route, RouteKind, Routes};
pub use simulate::{Change, Dist, Model, Scenario};
pub use store::{MemoryStore, SledStore, Store};
pub use stroom::{Role, StroomDef, Target};
pub use werkdag::Werkdagen;
