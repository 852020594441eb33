//! A command the state machine refuses, as data.
//!
//! A leaf of the engine's module graph: it names only the state machine's words
//! ([`StateKind`], [`CommandKind`]) and [`Role`], which name nothing else.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::machine::kind::{CommandKind, StateKind};
use crate::stroom::role::Role;

/// A command the state machine refuses: the state it was given in, the command, the
/// commands allowed instead, and why ([`Refusal`], typed data). The engine writes no advice:
/// front ends render the sentence and the hint (`stroom-render`'s messages, in English or
/// Dutch); JSON carries `code` and the data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "kebab-case")]
pub struct Rejection {
    /// The state the stroom is in.
    pub state: StateKind,
    /// Its current version.
    pub version: u32,
    /// The refused command.
    pub command: CommandKind,
    /// The commands allowed now.
    pub allowed: Vec<CommandKind>,
    /// Why: not in the table, or in the table but not with this data.
    #[serde(flatten)]
    pub reason: Refusal,
}

/// Why the state machine refuses a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "code")]
pub enum Refusal {
    /// The transition table has no row for this command in this state.
    NotAllowed {
        /// The command that does this job on the stroom's route, when the refused one
        /// belongs to the other route (`approve` on route B: `sign`).
        instead: Option<CommandKind>,
    },
    /// The command's date lies before the current step began.
    BeforeStep {
        /// The command's date.
        #[serde(with = "crate::dates")]
        on: Date,
        /// The day the current state began.
        #[serde(with = "crate::dates")]
        since: Date,
    },
    /// The role is not one of the stroom's bewindspersonen.
    NotABewindspersoon {
        /// The role given.
        role: Role,
        /// The stroom.
        stroom: String,
        /// Its bewindspersonen.
        known: Vec<Role>,
    },
    /// An approval, signature or return of another version than the current one.
    OldVersion {
        /// Who.
        role: Role,
        /// The version given.
        given: u32,
        /// The current version.
        current: u32,
    },
    /// The role already approved or signed the current version.
    AlreadyAgreed {
        /// Who.
        role: Role,
    },
    /// Delivery for a voorportaal meeting that lies before the delivery itself.
    SlotBeforeDelivery {
        /// The meeting delivered for.
        #[serde(with = "crate::dates")]
        slot: Date,
        /// The delivery date.
        #[serde(with = "crate::dates")]
        on: Date,
    },
    /// An onderraad is asked for on a route without one.
    RouteHasNoOnderraad {
        /// The route.
        route: String,
    },
    /// The onderraad decision asked for is already the recorded one.
    OnderraadAlreadyDecided {
        /// The decision.
        needed: bool,
    },
}

impl Refusal {
    /// The stable code, as in JSON (`not-allowed`, `old-version`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::NotAllowed { .. } => "not-allowed",
            Refusal::BeforeStep { .. } => "before-step",
            Refusal::NotABewindspersoon { .. } => "not-a-bewindspersoon",
            Refusal::OldVersion { .. } => "old-version",
            Refusal::AlreadyAgreed { .. } => "already-agreed",
            Refusal::SlotBeforeDelivery { .. } => "slot-before-delivery",
            Refusal::RouteHasNoOnderraad { .. } => "route-has-no-onderraad",
            Refusal::OnderraadAlreadyDecided { .. } => "onderraad-already-decided",
        }
    }
}

/// A plain English statement of the refusal, without advice (for logs and library users;
/// people read `stroom-render`'s messages, which add the hints).
impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let command = self.command;
        match &self.reason {
            Refusal::NotAllowed { .. } => write!(
                f,
                "cannot {command}: not allowed in state '{}' (version {})",
                self.state, self.version
            ),
            Refusal::BeforeStep { on, since } => write!(
                f,
                "cannot {command}: the date {on} lies before this step began on {since}"
            ),
            Refusal::NotABewindspersoon { role, stroom, .. } => {
                write!(f, "'{role}' is not a bewindspersoon of stroom {stroom}")
            }
            Refusal::OldVersion { given, current, .. } => write!(
                f,
                "cannot {command}: version {given} is not the current version {current}: {} of an older version do not count",
                match command {
                    CommandKind::Sign => "signatures",
                    CommandKind::Return => "returns",
                    _ => "approvals",
                }
            ),
            Refusal::AlreadyAgreed { role } => write!(
                f,
                "cannot {command}: {role} already {} version {}",
                if command == CommandKind::Sign { "signed" } else { "approved" },
                self.version
            ),
            Refusal::SlotBeforeDelivery { slot, on } => write!(
                f,
                "cannot {command}: the voorportaal meeting {slot} lies before the delivery on {on}"
            ),
            Refusal::RouteHasNoOnderraad { route } => {
                write!(f, "cannot {command}: route '{route}' has no onderraad")
            }
            Refusal::OnderraadAlreadyDecided { needed } => write!(
                f,
                "cannot {command}: the onderraad is already decided {}",
                if *needed { "needed" } else { "not needed" }
            ),
        }
    }
}
