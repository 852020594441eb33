//! What to plan: where a stroom stands, what the planner assumes, and the target.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::Step;
use crate::error::{Error, PlanError};
use crate::machine::{State, Stroom};
use crate::route::Route;
use crate::stroom::{Role, Target};

/// Where a stroom stands, as the planner needs it: plain data, made from a stored stroom
/// ([`Position::of`]) or given ad hoc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// Not yet submitted: submission is assumed on the planning day.
    Concept,
    /// With the bewindspersonen since `since`; `pending` have not agreed yet.
    Approvals {
        /// When the current version went up (or was returned, when `rework`).
        since: Date,
        /// Whether rework after a return comes first.
        rework: bool,
        /// Roles that have not agreed to the current version.
        pending: Vec<Role>,
    },
    /// Every bewindspersoon agreed on `since` (ad hoc: `--ready`).
    Ready {
        /// The day the last approval came in.
        since: Date,
    },
    /// Delivered for the voorportaal meeting `slot` on `on`.
    Delivered {
        /// The voorportaal meeting.
        slot: Date,
        /// The delivery day.
        on: Date,
    },
    /// Through the voorportaal of `slot`, waiting for the onderraad.
    AtOnderraad {
        /// The voorportaal meeting.
        slot: Date,
    },
    /// On the MR agenda after the voorportaal of `slot`; held over `holds` times, the
    /// last time on `since`.
    AtMinisterraad {
        /// The voorportaal meeting.
        slot: Date,
        /// Hold-overs so far.
        holds: u32,
        /// The day of the last change.
        since: Date,
        /// Whether it came through an onderraad (its MR follows that onderraad).
        after_onderraad: bool,
    },
    /// The MR decided on `on` (route A) or the bewindspersoon signed (route B).
    Decided {
        /// The day.
        on: Date,
    },
}

impl Position {
    /// Where a stored stroom stands.
    ///
    /// # Errors
    /// A stroom that was sent or withdrawn: nothing is left to plan.
    pub fn of(stroom: &Stroom) -> Result<Position, Error> {
        Ok(match &stroom.state {
            State::Concept => Position::Concept,
            State::BijBewindspersonen { akkoord, na_retour } => Position::Approvals {
                since: stroom.since,
                rework: *na_retour,
                pending: stroom
                    .def
                    .bewindspersonen()
                    .filter(|r| !akkoord.contains(*r))
                    .cloned()
                    .collect(),
            },
            State::Akkoord => Position::Ready {
                since: stroom.since,
            },
            State::Aangeleverd { slot } => Position::Delivered {
                slot: *slot,
                on: stroom.since,
            },
            State::BijOnderraad { slot } => Position::AtOnderraad { slot: *slot },
            // On the MR agenda with the onderraad decided needed means it passed the onderraad:
            // deciding it needed there sends it to the onderraad first.
            State::BijMinisterraad { slot, aangehouden } => Position::AtMinisterraad {
                slot: *slot,
                holds: *aangehouden,
                since: stroom.since,
                after_onderraad: stroom.onderraad == Some(true),
            },
            State::Besloten | State::Ondertekend => Position::Decided { on: stroom.since },
            State::Verzonden | State::Ingetrokken => {
                return Err(Error::Plan(PlanError::NothingLeft {
                    reference: stroom.def.reference.clone(),
                    state: stroom.state.kind(),
                    since: stroom.since,
                }))
            }
        })
    }
}

/// A stored stroom as it stood at the end of `today`: the fold of its events dated on or
/// before that day, with the number of later events left out. Planning "as of" a past
/// day rewinds the stroom instead of planning its present state from the past.
///
/// # Errors
/// A stroom registered after `today`: it did not exist yet.
pub fn as_of<'a>(
    route: &Route,
    events: impl IntoIterator<Item = &'a crate::machine::Event>,
    today: Date,
) -> Result<(Stroom, usize), Error> {
    let events: Vec<&crate::machine::Event> = events.into_iter().collect();
    let known = events.iter().take_while(|e| e.on <= today).count();
    if known == 0 {
        let (reference, on) = match events.first().map(|e| (&e.fact, e.on)) {
            Some((crate::machine::Fact::Created { stroom }, on)) => (stroom.reference.clone(), on),
            _ => (String::new(), today),
        };
        return Err(Error::Plan(PlanError::NotYetRegistered {
            reference,
            registered: on,
            today,
        }));
    }
    let stroom = crate::machine::replay(route, events[..known].iter().copied())
        .map_err(crate::error::StoreError::Corrupt)?;
    Ok((stroom, events.len() - known))
}

/// What the planner assumes beyond the route's estimates. Scenarios change these.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Assumptions {
    /// Whether an onderraad is needed (default: the stroom's decision, else not).
    pub onderraad: Option<bool>,
    /// Werkdagen from MR or signing to sending (default: the route's).
    pub send_after: Option<u8>,
    /// Approval durations per role, replacing the route's.
    pub approval_days: BTreeMap<Role, u16>,
    /// Approvals that come on a given day.
    pub approval_on: BTreeMap<Role, Date>,
    /// Extra werkdagen for one role's approval.
    pub role_delay: BTreeMap<Role, i32>,
    /// Extra werkdagen per step (indexed by [`Step`]): the step can happen no earlier
    /// than that many werkdagen after it otherwise could.
    pub delay: [i32; 6],
    /// Voorportaal returns, each with its rework in werkdagen.
    pub voorportaal_returns: Vec<u16>,
    /// How often the MR holds the item over.
    pub mr_holds: u32,
}

impl Assumptions {
    /// Adds `n` werkdagen of delay to `step`.
    pub fn delay(&mut self, step: Step, n: i32) {
        self.delay[step.index()] += n;
    }

    /// The delay of `step`.
    pub fn delay_of(&self, step: Step) -> i32 {
        self.delay[step.index()]
    }
}

/// What to plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The stroom's reference, when stored.
    pub reference: Option<String>,
    /// All bewindspersonen (empty ad hoc).
    pub roles: Vec<Role>,
    /// Where it stands.
    pub position: Position,
    /// The planning day: nothing still to happen is planned before it.
    pub today: Date,
    /// The assumptions.
    pub assumptions: Assumptions,
    /// The target, if any.
    pub target: Option<Target>,
}

impl Request {
    /// A request for a stored stroom.
    ///
    /// # Errors
    /// A stroom with nothing left to plan.
    pub fn for_stroom(stroom: &Stroom, today: Date) -> Result<Request, Error> {
        Ok(Request {
            reference: Some(stroom.def.reference.clone()),
            roles: stroom.def.bewindspersonen().cloned().collect(),
            position: Position::of(stroom)?,
            today,
            assumptions: Assumptions {
                onderraad: stroom.onderraad,
                ..Assumptions::default()
            },
            target: stroom.def.target,
        })
    }

    /// An ad hoc request: every bewindspersoon agreed on `ready`.
    pub fn ad_hoc(ready: Date) -> Request {
        Request {
            reference: None,
            roles: Vec::new(),
            position: Position::Ready { since: ready },
            today: ready,
            assumptions: Assumptions::default(),
            target: None,
        }
    }
}
