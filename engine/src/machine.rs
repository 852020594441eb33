//! The stukkenstroom state machine: one state enum, one command enum, one event enum,
//! one transition table.
//!
//! [`decide`] checks a command against the [`TABLE`] and the stroom's data and returns the
//! events it causes; [`evolve`] applies one event. State is always the fold of `evolve`
//! over the stored events ([`replay`]).

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::route::{Route, RouteKind};
use crate::stroom::{Role, StroomDef};

pub(crate) mod kind;
pub use crate::error::machine::{Refusal, Rejection};
pub use kind::{CommandKind, StateKind};

impl StateKind {
    /// Whether no command is accepted any more.
    pub fn is_terminal(self) -> bool {
        TABLE.iter().all(|row| row.from != self)
    }
}

/// Where a stroom stands. Data that exists in one state only lives in its variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum State {
    /// Officials are drafting; not yet with the bewindspersonen.
    Concept,
    /// With the bewindspersonen; these have approved (route A) or signed (route B) the
    /// current version.
    BijBewindspersonen {
        /// Roles that agreed to the current version.
        akkoord: BTreeSet<Role>,
        /// Whether this version follows a return with comments (rework time applies).
        #[serde(rename = "na-retour")]
        na_retour: bool,
    },
    /// Route A: every bewindspersoon approved; ready to deliver to the voorportaal.
    Akkoord,
    /// Route A: delivered for the voorportaal slot meeting on `slot`.
    Aangeleverd {
        /// The voorportaal meeting the stukken were delivered for.
        #[serde(with = "crate::dates")]
        slot: Date,
    },
    /// Route A: through the voorportaal, waiting for the onderraad.
    BijOnderraad {
        /// The voorportaal meeting that passed it on (its slot fixes the couplings).
        #[serde(with = "crate::dates")]
        slot: Date,
    },
    /// Route A: on the agenda of the ministerraad.
    BijMinisterraad {
        /// The voorportaal meeting that passed it on.
        #[serde(with = "crate::dates")]
        slot: Date,
        /// How often the MR held the item over so far.
        aangehouden: u32,
    },
    /// Route A: the MR decided; ready to send.
    Besloten,
    /// Route B: signed; ready to send.
    Ondertekend,
    /// Sent to the Tweede Kamer (terminal).
    Verzonden,
    /// Withdrawn (terminal).
    Ingetrokken,
}

impl State {
    /// The state without its data.
    pub fn kind(&self) -> StateKind {
        match self {
            State::Concept => StateKind::Concept,
            State::BijBewindspersonen { .. } => StateKind::BijBewindspersonen,
            State::Akkoord => StateKind::Akkoord,
            State::Aangeleverd { .. } => StateKind::Aangeleverd,
            State::BijOnderraad { .. } => StateKind::BijOnderraad,
            State::BijMinisterraad { .. } => StateKind::BijMinisterraad,
            State::Besloten => StateKind::Besloten,
            State::Ondertekend => StateKind::Ondertekend,
            State::Verzonden => StateKind::Verzonden,
            State::Ingetrokken => StateKind::Ingetrokken,
        }
    }
}

/// Outcome of a voorportaal or onderraad meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Passed on to the next body.
    Door,
    /// Sent back: rework, then deliver to the voorportaal again.
    Terug,
}

/// Outcome of a ministerraad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MrOutcome {
    /// Decided: ready to send.
    Besloten,
    /// Held over to the next MR.
    Aangehouden,
}

/// What a user asks the stroom to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Put the current version before the bewindspersonen.
    Submit,
    /// A bewindspersoon approves a version (route A).
    Approve {
        /// Who approves.
        role: Role,
        /// The version approved.
        version: u32,
    },
    /// A bewindspersoon returns a version with comments: a new version follows.
    Return {
        /// Who returns it.
        role: Role,
        /// The version returned.
        version: u32,
    },
    /// Deliver to the voorportaal for the slot meeting on `slot`.
    Deliver {
        /// The voorportaal meeting date.
        slot: Date,
    },
    /// The voorportaal's outcome.
    Voorportaal(Outcome),
    /// Decide whether an onderraad is needed (may change until the MR).
    NeedsOnderraad(bool),
    /// The onderraad's outcome.
    Onderraad(Outcome),
    /// The ministerraad's outcome.
    Ministerraad(MrOutcome),
    /// A bewindspersoon signs a version (route B).
    Sign {
        /// Who signs.
        role: Role,
        /// The version signed.
        version: u32,
    },
    /// Sent to the Tweede Kamer.
    Send,
    /// Withdrawn.
    Withdraw,
}

impl Action {
    /// The command without its data.
    pub fn kind(&self) -> CommandKind {
        match self {
            Action::Submit => CommandKind::Submit,
            Action::Approve { .. } => CommandKind::Approve,
            Action::Return { .. } => CommandKind::Return,
            Action::Deliver { .. } => CommandKind::Deliver,
            Action::Voorportaal(_) => CommandKind::Voorportaal,
            Action::NeedsOnderraad(_) => CommandKind::NeedsOnderraad,
            Action::Onderraad(_) => CommandKind::Onderraad,
            Action::Ministerraad(_) => CommandKind::Ministerraad,
            Action::Sign { .. } => CommandKind::Sign,
            Action::Send => CommandKind::Send,
            Action::Withdraw => CommandKind::Withdraw,
        }
    }
}

/// A command: an action and the domain date on which it happened (may lie in the past).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The day it happened.
    pub on: Date,
    /// What happened.
    pub action: Action,
}

/// What happened to a stroom; stored in the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "type", deny_unknown_fields)]
pub enum Fact {
    /// The stroom was registered.
    Created {
        /// Its definition.
        stroom: Box<StroomDef>,
    },
    /// The current version went to the bewindspersonen.
    Submitted,
    /// A bewindspersoon approved a version.
    Approved {
        /// Who.
        role: Role,
        /// Which version.
        version: u32,
    },
    /// A bewindspersoon returned a version with comments; `version + 1` follows.
    Returned {
        /// Who.
        role: Role,
        /// The version returned.
        version: u32,
    },
    /// Delivered to the voorportaal.
    Delivered {
        /// The voorportaal meeting date.
        #[serde(with = "crate::dates")]
        slot: Date,
    },
    /// The voorportaal's outcome.
    VoorportaalOutcome {
        /// door or terug.
        outcome: Outcome,
    },
    /// Onderraad needed or not.
    OnderraadDecided {
        /// Whether it is needed.
        needed: bool,
    },
    /// The onderraad's outcome.
    OnderraadOutcome {
        /// door or terug.
        outcome: Outcome,
    },
    /// The ministerraad's outcome.
    MinisterraadOutcome {
        /// besloten or aangehouden.
        outcome: MrOutcome,
    },
    /// A bewindspersoon signed a version.
    Signed {
        /// Who.
        role: Role,
        /// Which version.
        version: u32,
    },
    /// Sent to the Tweede Kamer.
    Sent,
    /// Withdrawn.
    Withdrawn,
    /// A correction of an earlier event of the trail (by its number): the trail stays
    /// append-only, the state and plans read the corrected history ([`effective`]).
    Corrected {
        /// The number (`seq`) of the event corrected.
        event: u64,
        /// What is corrected.
        correction: Correction,
    },
}

/// What a correction changes about an earlier event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", deny_unknown_fields)]
pub enum Correction {
    /// It happened on another day.
    Date {
        /// The right day.
        #[serde(with = "crate::dates")]
        on: Date,
    },
    /// It did not happen (recorded by mistake).
    Void,
}

/// A fact with the domain date on which it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The day it happened.
    #[serde(with = "crate::dates")]
    pub on: Date,
    /// What happened.
    pub fact: Fact,
}

/// One row of the transition table.
#[derive(Debug, Clone, Copy)]
pub struct Transition {
    /// The routes the row applies to.
    pub routes: &'static [RouteKind],
    /// The state the command is given in.
    pub from: StateKind,
    /// The command.
    pub command: CommandKind,
    /// The states it may lead to (which one depends on the command's data).
    pub to: &'static [StateKind],
}

const A: &[RouteKind] = &[RouteKind::Ministerraad];
const B: &[RouteKind] = &[RouteKind::Ondertekening];
const AB: &[RouteKind] = &[RouteKind::Ministerraad, RouteKind::Ondertekening];

/// The transition table: the only place that says which command is allowed where.
pub const TABLE: &[Transition] = {
    use CommandKind as C;
    use StateKind as S;
    const fn t(
        routes: &'static [RouteKind],
        from: StateKind,
        command: CommandKind,
        to: &'static [StateKind],
    ) -> Transition {
        Transition {
            routes,
            from,
            command,
            to,
        }
    }
    &[
        t(AB, S::Concept, C::Submit, &[S::BijBewindspersonen]),
        t(A, S::Concept, C::NeedsOnderraad, &[S::Concept]),
        t(AB, S::Concept, C::Withdraw, &[S::Ingetrokken]),
        t(
            A,
            S::BijBewindspersonen,
            C::Approve,
            &[S::BijBewindspersonen, S::Akkoord],
        ),
        t(
            B,
            S::BijBewindspersonen,
            C::Sign,
            &[S::BijBewindspersonen, S::Ondertekend],
        ),
        t(
            AB,
            S::BijBewindspersonen,
            C::Return,
            &[S::BijBewindspersonen],
        ),
        t(
            A,
            S::BijBewindspersonen,
            C::NeedsOnderraad,
            &[S::BijBewindspersonen],
        ),
        t(AB, S::BijBewindspersonen, C::Withdraw, &[S::Ingetrokken]),
        t(A, S::Akkoord, C::Deliver, &[S::Aangeleverd]),
        t(A, S::Akkoord, C::Return, &[S::BijBewindspersonen]),
        t(A, S::Akkoord, C::NeedsOnderraad, &[S::Akkoord]),
        t(A, S::Akkoord, C::Withdraw, &[S::Ingetrokken]),
        t(
            A,
            S::Aangeleverd,
            C::Voorportaal,
            &[S::BijOnderraad, S::BijMinisterraad, S::Akkoord],
        ),
        t(A, S::Aangeleverd, C::NeedsOnderraad, &[S::Aangeleverd]),
        t(A, S::Aangeleverd, C::Withdraw, &[S::Ingetrokken]),
        t(
            A,
            S::BijOnderraad,
            C::Onderraad,
            &[S::BijMinisterraad, S::Akkoord],
        ),
        t(A, S::BijOnderraad, C::NeedsOnderraad, &[S::BijMinisterraad]),
        t(A, S::BijOnderraad, C::Withdraw, &[S::Ingetrokken]),
        t(
            A,
            S::BijMinisterraad,
            C::Ministerraad,
            &[S::Besloten, S::BijMinisterraad],
        ),
        t(
            A,
            S::BijMinisterraad,
            C::NeedsOnderraad,
            &[S::BijOnderraad, S::BijMinisterraad],
        ),
        t(A, S::BijMinisterraad, C::Withdraw, &[S::Ingetrokken]),
        t(A, S::Besloten, C::Send, &[S::Verzonden]),
        t(A, S::Besloten, C::Withdraw, &[S::Ingetrokken]),
        t(B, S::Ondertekend, C::Send, &[S::Verzonden]),
        t(B, S::Ondertekend, C::Withdraw, &[S::Ingetrokken]),
    ]
};

/// The table row for a state, command and route, if the command is allowed there.
pub fn transition(
    route: RouteKind,
    from: StateKind,
    command: CommandKind,
) -> Option<&'static Transition> {
    TABLE
        .iter()
        .find(|t| t.from == from && t.command == command && t.routes.contains(&route))
}

/// The commands allowed in a state on a route, in table order.
pub fn allowed(route: RouteKind, from: StateKind) -> Vec<CommandKind> {
    TABLE
        .iter()
        .filter(|t| t.from == from && t.routes.contains(&route))
        .map(|t| t.command)
        .collect()
}

/// The state of one stroom: its definition, version, onderraad decision and state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stroom {
    /// The definition it was created with.
    pub def: StroomDef,
    /// The current version (1 at creation; grows with each return with comments).
    pub version: u32,
    /// Whether an onderraad is needed: `None` while undecided (planned without).
    pub onderraad: Option<bool>,
    /// Where it stands.
    #[serde(flatten)]
    pub state: State,
    /// The day the current state began.
    #[serde(with = "crate::dates")]
    pub since: Date,
}

impl Stroom {
    /// A newly registered stroom, in concept.
    pub fn new(def: StroomDef, on: Date) -> Stroom {
        Stroom {
            def,
            version: 1,
            onderraad: None,
            state: State::Concept,
            since: on,
        }
    }

    /// The commands allowed now.
    pub fn allowed(&self, route: RouteKind) -> Vec<CommandKind> {
        allowed(route, self.state.kind())
    }
}

/// Decides what a command does to a stroom on a route: the events, or why not.
///
/// # Errors
/// A [`Rejection`] naming the state, the command and the commands allowed now.
pub fn decide(stroom: &Stroom, route: &Route, cmd: &Command) -> Result<Vec<Event>, Rejection> {
    let kind = route.kind();
    let from = stroom.state.kind();
    let reject = |reason: Refusal| Rejection {
        state: from,
        version: stroom.version,
        command: cmd.action.kind(),
        allowed: allowed(kind, from),
        reason,
    };
    if transition(kind, from, cmd.action.kind()).is_none() {
        let instead = match (cmd.action.kind(), kind) {
            (CommandKind::Approve, RouteKind::Ondertekening) => Some(CommandKind::Sign),
            (CommandKind::Sign, RouteKind::Ministerraad) => Some(CommandKind::Approve),
            _ => None,
        };
        return Err(reject(Refusal::NotAllowed { instead }));
    }
    if cmd.on < stroom.since {
        return Err(reject(Refusal::BeforeStep {
            on: cmd.on,
            since: stroom.since,
        }));
    }
    let check_role = |role: &Role, version: u32| -> Result<(), Rejection> {
        if !stroom.def.requires(role) {
            return Err(reject(Refusal::NotABewindspersoon {
                role: role.clone(),
                stroom: stroom.def.reference.clone(),
                known: stroom.def.bewindspersonen().cloned().collect(),
            }));
        }
        if version != stroom.version {
            return Err(reject(Refusal::OldVersion {
                role: role.clone(),
                given: version,
                current: stroom.version,
            }));
        }
        Ok(())
    };
    let fact = match (&stroom.state, &cmd.action) {
        (_, Action::Submit) => Fact::Submitted,
        (State::BijBewindspersonen { akkoord, .. }, Action::Approve { role, version })
        | (State::BijBewindspersonen { akkoord, .. }, Action::Sign { role, version }) => {
            check_role(role, *version)?;
            if akkoord.contains(role) {
                return Err(reject(Refusal::AlreadyAgreed { role: role.clone() }));
            }
            if matches!(cmd.action, Action::Sign { .. }) {
                Fact::Signed {
                    role: role.clone(),
                    version: *version,
                }
            } else {
                Fact::Approved {
                    role: role.clone(),
                    version: *version,
                }
            }
        }
        (_, Action::Approve { .. } | Action::Sign { .. }) => {
            unreachable!("the table allows approve and sign only with the bewindspersonen")
        }
        (_, Action::Return { role, version }) => {
            check_role(role, *version)?;
            Fact::Returned {
                role: role.clone(),
                version: *version,
            }
        }
        (_, Action::Deliver { slot }) => {
            if *slot < cmd.on {
                return Err(reject(Refusal::SlotBeforeDelivery {
                    slot: *slot,
                    on: cmd.on,
                }));
            }
            Fact::Delivered { slot: *slot }
        }
        (_, Action::Voorportaal(outcome)) => Fact::VoorportaalOutcome { outcome: *outcome },
        (_, Action::NeedsOnderraad(needed)) => {
            if *needed && route.onderraad.is_none() {
                return Err(reject(Refusal::RouteHasNoOnderraad {
                    route: route.name.clone(),
                }));
            }
            if stroom.onderraad == Some(*needed) {
                return Err(reject(Refusal::OnderraadAlreadyDecided { needed: *needed }));
            }
            Fact::OnderraadDecided { needed: *needed }
        }
        (_, Action::Onderraad(outcome)) => Fact::OnderraadOutcome { outcome: *outcome },
        (_, Action::Ministerraad(outcome)) => Fact::MinisterraadOutcome { outcome: *outcome },
        (_, Action::Send) => Fact::Sent,
        (_, Action::Withdraw) => Fact::Withdrawn,
    };
    Ok(vec![Event { on: cmd.on, fact }])
}

/// Applies one event. Total: an event `decide` produced always applies.
pub fn evolve(mut s: Stroom, route: &Route, e: &Event) -> Stroom {
    let carry = route.approvals_carry_over;
    let onderraad_needed = s.onderraad == Some(true);
    let next = match (&mut s.state, &e.fact) {
        (_, Fact::Created { stroom }) => return Stroom::new((**stroom).clone(), e.on),
        (_, Fact::Submitted) => Some(State::BijBewindspersonen {
            akkoord: BTreeSet::new(),
            na_retour: false,
        }),
        (
            State::BijBewindspersonen { akkoord, .. },
            Fact::Approved { role, .. } | Fact::Signed { role, .. },
        ) => {
            akkoord.insert(role.clone());
            let all = s.def.bewindspersonen().all(|r| akkoord.contains(r));
            match (all, &e.fact) {
                (true, Fact::Signed { .. }) => Some(State::Ondertekend),
                (true, _) => Some(State::Akkoord),
                (false, _) => None,
            }
        }
        (state, Fact::Returned { role, .. }) => {
            s.version += 1;
            let mut kept = match state {
                State::BijBewindspersonen { akkoord, .. } if carry => std::mem::take(akkoord),
                State::Akkoord if carry => s.def.bewindspersonen().cloned().collect(),
                _ => BTreeSet::new(),
            };
            kept.remove(role);
            Some(State::BijBewindspersonen {
                akkoord: kept,
                na_retour: true,
            })
        }
        (_, Fact::Delivered { slot }) => Some(State::Aangeleverd { slot: *slot }),
        (
            State::Aangeleverd { slot },
            Fact::VoorportaalOutcome {
                outcome: Outcome::Door,
            },
        ) => Some(if onderraad_needed {
            State::BijOnderraad { slot: *slot }
        } else {
            State::BijMinisterraad {
                slot: *slot,
                aangehouden: 0,
            }
        }),
        (
            _,
            Fact::VoorportaalOutcome {
                outcome: Outcome::Door,
            },
        ) => None,
        (
            _,
            Fact::VoorportaalOutcome {
                outcome: Outcome::Terug,
            },
        ) => Some(State::Akkoord),
        (state, Fact::OnderraadDecided { needed }) => {
            s.onderraad = Some(*needed);
            match (state, needed) {
                (State::BijOnderraad { slot }, false) => Some(State::BijMinisterraad {
                    slot: *slot,
                    aangehouden: 0,
                }),
                (State::BijMinisterraad { slot, .. }, true) => {
                    Some(State::BijOnderraad { slot: *slot })
                }
                _ => None,
            }
        }
        (
            State::BijOnderraad { slot },
            Fact::OnderraadOutcome {
                outcome: Outcome::Door,
            },
        ) => Some(State::BijMinisterraad {
            slot: *slot,
            aangehouden: 0,
        }),
        (
            _,
            Fact::OnderraadOutcome {
                outcome: Outcome::Door,
            },
        ) => None,
        (
            _,
            Fact::OnderraadOutcome {
                outcome: Outcome::Terug,
            },
        ) => Some(State::Akkoord),
        (
            _,
            Fact::MinisterraadOutcome {
                outcome: MrOutcome::Besloten,
            },
        ) => Some(State::Besloten),
        (
            State::BijMinisterraad { slot, aangehouden },
            Fact::MinisterraadOutcome {
                outcome: MrOutcome::Aangehouden,
            },
        ) => Some(State::BijMinisterraad {
            slot: *slot,
            aangehouden: *aangehouden + 1,
        }),
        (
            _,
            Fact::MinisterraadOutcome {
                outcome: MrOutcome::Aangehouden,
            },
        ) => None,
        (_, Fact::Sent) => Some(State::Verzonden),
        (_, Fact::Withdrawn) => Some(State::Ingetrokken),
        (_, Fact::Approved { .. } | Fact::Signed { .. }) => None,
        // Corrections act through `effective`, never on the state directly.
        (_, Fact::Corrected { .. }) => None,
    };
    // `since` moves only when the state changes: parallel approvals recorded out of date
    // order all belong to the step that began with the submission.
    if let Some(next) = next {
        s.state = next;
        s.since = s.since.max(e.on);
    }
    s
}

/// The history as corrected: every event (numbered from 1 in trail order) with the last
/// correction recorded for it applied (another date, or left out when void), and the
/// correction records themselves left out.
pub fn effective<'a>(events: impl IntoIterator<Item = &'a Event>) -> Vec<Event> {
    let events: Vec<&Event> = events.into_iter().collect();
    let mut fixes: BTreeMap<u64, &Correction> = BTreeMap::new();
    for e in &events {
        if let Fact::Corrected { event, correction } = &e.fact {
            fixes.insert(*event, correction);
        }
    }
    let mut out = Vec::with_capacity(events.len());
    for (seq, e) in (1u64..).zip(events) {
        if matches!(e.fact, Fact::Corrected { .. }) {
            continue;
        }
        match fixes.get(&seq) {
            Some(Correction::Void) => {}
            Some(Correction::Date { on }) => out.push(Event {
                on: *on,
                fact: e.fact.clone(),
            }),
            None => out.push(e.clone()),
        }
    }
    out
}

/// The command that records `fact`, to check a corrected history against the rules.
pub fn action_of(fact: &Fact) -> Option<Action> {
    Some(match fact {
        Fact::Created { .. } | Fact::Corrected { .. } => return None,
        Fact::Submitted => Action::Submit,
        Fact::Approved { role, version } => Action::Approve {
            role: role.clone(),
            version: *version,
        },
        Fact::Returned { role, version } => Action::Return {
            role: role.clone(),
            version: *version,
        },
        Fact::Delivered { slot } => Action::Deliver { slot: *slot },
        Fact::VoorportaalOutcome { outcome } => Action::Voorportaal(*outcome),
        Fact::OnderraadDecided { needed } => Action::NeedsOnderraad(*needed),
        Fact::OnderraadOutcome { outcome } => Action::Onderraad(*outcome),
        Fact::MinisterraadOutcome { outcome } => Action::Ministerraad(*outcome),
        Fact::Signed { role, version } => Action::Sign {
            role: role.clone(),
            version: *version,
        },
        Fact::Sent => Action::Send,
        Fact::Withdrawn => Action::Withdraw,
    })
}

/// Checks that a (corrected) history follows the rules: from `start` (the stroom as
/// created), every event is what `decide` makes of its command in the state before it.
/// Returns the state, or the position in `events` of the first event that breaks a rule with
/// the state machine's answer.
///
/// # Errors
/// The first event the state machine would not have accepted.
pub fn check_history(
    route: &Route,
    start: Stroom,
    events: &[Event],
) -> Result<Stroom, (usize, Rejection)> {
    let mut s = start;
    for (i, e) in events.iter().enumerate() {
        let Some(action) = action_of(&e.fact) else {
            continue;
        };
        let cmd = Command { on: e.on, action };
        match decide(&s, route, &cmd) {
            Ok(_) => s = evolve(s, route, e),
            Err(r) => return Err((i, r)),
        }
    }
    Ok(s)
}

/// The state after a sequence of events: `fold(evolve, events)`.
///
/// # Errors
/// When the first event is not a creation.
pub fn replay<'a>(
    route: &Route,
    events: impl IntoIterator<Item = &'a Event>,
) -> Result<Stroom, String> {
    let events = effective(events);
    let mut iter = events.iter();
    let first = iter.next().ok_or("a stroom's history is empty")?;
    let Fact::Created { stroom } = &first.fact else {
        return Err("a stroom's history must start with its creation".into());
    };
    let mut s = Stroom::new((**stroom).clone(), first.on);
    for e in iter {
        s = evolve(s, route, e);
    }
    Ok(s)
}

/// [`replay`] of events the caller owns: a history without corrections is folded as it is,
/// without copying its events (a reader of every stroom replays them all).
///
/// # Errors
/// As [`replay`].
pub fn replay_owned(route: &Route, events: Vec<Event>) -> Result<Stroom, String> {
    if events
        .iter()
        .any(|e| matches!(e.fact, Fact::Corrected { .. }))
    {
        return replay(route, &events);
    }
    let mut iter = events.into_iter();
    let first = iter.next().ok_or("a stroom's history is empty")?;
    let Fact::Created { stroom } = first.fact else {
        return Err("a stroom's history must start with its creation".into());
    };
    let mut s = Stroom::new(*stroom, first.on);
    for e in iter {
        s = evolve(s, route, &e);
    }
    Ok(s)
}

/// Renders the transition table of a route as text, one state per block.
pub fn render_table(route: &Route) -> String {
    let kind = route.kind();
    let mut out = String::new();
    for from in StateKind::ALL {
        let rows: Vec<_> = TABLE
            .iter()
            .filter(|t| t.from == from && t.routes.contains(&kind))
            .collect();
        let reachable = from == StateKind::Concept
            || TABLE
                .iter()
                .any(|t| t.routes.contains(&kind) && t.to.contains(&from));
        if !reachable {
            continue;
        }
        out.push_str(from.name());
        if rows.is_empty() {
            out.push_str("  (terminal)\n");
            continue;
        }
        out.push('\n');
        for row in rows {
            let to = row
                .to
                .iter()
                .map(|s| s.name())
                .collect::<Vec<_>>()
                .join(" | ");
            out.push_str(&format!("  {:<16} -> {to}\n", row.command.verb()));
        }
    }
    out
}

/// Renders the transition table of a route as a mermaid state diagram.
pub fn render_mermaid(route: &Route) -> String {
    let kind = route.kind();
    let id = |s: StateKind| s.name().replace(' ', "_");
    let mut out = String::from("stateDiagram-v2\n    [*] --> concept\n");
    for row in TABLE.iter().filter(|t| t.routes.contains(&kind)) {
        for to in row.to {
            out.push_str(&format!(
                "    {} --> {}: {}\n",
                id(row.from),
                id(*to),
                row.command.verb()
            ));
        }
    }
    for s in StateKind::ALL {
        let used = TABLE
            .iter()
            .any(|t| t.routes.contains(&kind) && t.to.contains(&s));
        if used && s.is_terminal() {
            out.push_str(&format!("    {} --> [*]\n", id(s)));
        }
    }
    out
}
