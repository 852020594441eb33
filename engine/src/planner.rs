//! The planner: the earliest Kamer date from where a stroom stands (forward), and the
//! latest date for every step that still meets a target (backward).
//!
//! [`Planner::dates`] is the allocation-free core that the simulator runs millions of
//! times; [`Planner::plan`] runs the same core and explains every date.

use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::calendar::{Body, BodyKind, Calendars, Level, PathNote, Provenance};
use crate::error::{CalendarError, Error};
use crate::machine::{State, Stroom};
use crate::route::{Route, RouteKind};
use crate::stroom::{Role, Target};
use crate::werkdag::Werkdagen;

/// A step of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// Approval (route A) or signature (route B) by the bewindspersonen.
    Approval,
    /// Delivery to the voorportaal, by its aanleverdeadline.
    Delivery,
    /// The voorportaal meeting.
    Voorportaal,
    /// The onderraad meeting.
    Onderraad,
    /// The ministerraad.
    Ministerraad,
    /// Sent to the Tweede Kamer.
    Kamer,
}

impl Step {
    /// Every step, in route order.
    pub const ALL: [Step; 6] = [
        Step::Approval,
        Step::Delivery,
        Step::Voorportaal,
        Step::Onderraad,
        Step::Ministerraad,
        Step::Kamer,
    ];

    /// The word used in output and JSON.
    pub fn word(self) -> &'static str {
        match self {
            Step::Approval => "approval",
            Step::Delivery => "delivery",
            Step::Voorportaal => "voorportaal",
            Step::Onderraad => "onderraad",
            Step::Ministerraad => "ministerraad",
            Step::Kamer => "kamer",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

impl std::str::FromStr for Step {
    type Err = Error;
    fn from_str(s: &str) -> Result<Step, Error> {
        Step::ALL
            .into_iter()
            .find(|x| x.word() == s)
            .ok_or_else(|| Error::Invalid {
                message: format!("'{s}' is not a step"),
                hint: "steps: approval, delivery, voorportaal, onderraad, ministerraad, kamer"
                    .into(),
            })
    }
}

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
                return Err(Error::Invalid {
                    message: format!(
                        "stroom {} is {} since {}: nothing is left to plan",
                        stroom.def.reference,
                        stroom.state.kind(),
                        stroom.since
                    ),
                    hint: format!(
                        "see what happened with 'stroom log {}'",
                        stroom.def.reference
                    ),
                })
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
        return Err(Error::Invalid {
            message: format!(
                "stroom {reference} was registered on {on}, after the planning day {today}: there is nothing to plan as of then"
            ),
            hint: String::new(),
        });
    }
    let stroom = crate::machine::replay(route, events[..known].iter().copied())
        .map_err(crate::error::StoreError::Corrupt)?;
    Ok((stroom, events.len() - known))
}

/// What the planner assumes beyond the route's estimates. Scenarios change these.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
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

/// How a date came about, in short.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// From a published or observed schedule.
    Sourced,
    /// From a secondary source (news, a third-party list).
    Reported,
    /// From a calendar rule.
    Estimated,
    /// From a duration estimate or scenario assumption.
    Assumed,
    /// Given by the user (`--ready`) or recorded in the audit trail.
    Given,
}

/// One dated step of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    /// The step.
    pub step: Step,
    /// The body or role: `cwizo`, `mr`, `MOCW`, `tweede-kamer`.
    pub body: String,
    /// The date.
    #[serde(with = "crate::dates")]
    pub date: Date,
    /// How the date came about.
    pub basis: Basis,
    /// Why this date: the slot chosen, what rolled over.
    pub why: String,
}

/// A date with how it came about and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dated {
    /// The date.
    #[serde(with = "crate::dates")]
    pub date: Date,
    /// How the date came about.
    pub basis: Basis,
    /// Why this date.
    pub why: String,
}

/// The backward plan against a target: the latest dates, one path through the calendars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backward {
    /// The latest send date that meets the target.
    pub send_by: Dated,
    /// The debate, when the target is one.
    #[serde(with = "crate::dates::option")]
    pub debate: Option<Date>,
    /// The latest date per step, in route order: the forward plan from the latest ready
    /// date that still meets the target (empty when none does).
    pub latest: Vec<Milestone>,
}

/// How a forward plan stands against a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "standing")]
pub enum Standing {
    /// The target is met; the next event (the ready date while approvals are
    /// outstanding) can slip `slack` werkdagen and still meet it, one more and it does not.
    Met {
        /// Werkdagen of slack.
        slack: u32,
    },
    /// The earliest send date lies `werkdagen` after the latest one.
    Late {
        /// Werkdagen late.
        werkdagen: u32,
    },
}

impl Standing {
    /// Whether the target is met.
    pub fn is_met(self) -> bool {
        matches!(self, Standing::Met { .. })
    }

    /// Whether the target is missed.
    pub fn is_late(self) -> bool {
        !self.is_met()
    }

    /// Slack as a signed number: negative is werkdagen late.
    pub fn signed(self) -> i32 {
        match self {
            Standing::Met { slack } => i32::try_from(slack).unwrap_or(i32::MAX),
            Standing::Late { werkdagen } => -i32::try_from(werkdagen).unwrap_or(i32::MAX),
        }
    }
}

/// A plan: plain data, the same for people (rendered) and programs (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// The route planned on.
    pub route: String,
    /// The stroom, when stored.
    pub reference: Option<String>,
    /// The planning day.
    #[serde(with = "crate::dates")]
    pub today: Date,
    /// Whether the plan includes an onderraad.
    pub onderraad: bool,
    /// Werkdagen from MR (or signing) to sending.
    pub send_after: u8,
    /// The earliest send date to the Kamer (absent for a backward plan alone).
    #[serde(with = "crate::dates::option")]
    pub kamer: Option<Date>,
    /// Every remaining step with its date and reason.
    pub milestones: Vec<Milestone>,
    /// Whether the earliest send date meets the target.
    pub feasible: Option<bool>,
    /// Werkdagen the ready date (or, past it, the next event) can slip and still meet
    /// the target; negative: werkdagen the earliest send date is late.
    pub slack: Option<i32>,
    /// The backward plan, when there is a target.
    pub target: Option<Backward>,
    /// Things the planner wants a person to check.
    pub warnings: Vec<String>,
    /// The weakest provenance of a calendar date on the plan's path (forward and
    /// backward); absent when the path has no calendar date.
    pub provenance: Option<Level>,
    /// What the calendars on the path say that a plan must cite: extrapolated slots
    /// (a cabinet change), extra meetings and cancelled ones.
    pub calendar: Vec<PathNote>,
}

/// The dates of a forward plan, without explanations: what the simulator samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dates {
    /// All approvals in (route A) or signed (route B).
    pub ready: Date,
    /// The aanleverdeadline of the voorportaal slot caught (route A).
    pub delivery: Option<Date>,
    /// The voorportaal meeting (route A).
    pub voorportaal: Option<Date>,
    /// The onderraad meeting, when needed.
    pub onderraad: Option<Date>,
    /// The MR (route A).
    pub ministerraad: Option<Date>,
    /// Sent to the Kamer.
    pub kamer: Date,
}

impl Dates {
    /// The date of one step, if the plan has it.
    pub fn get(&self, step: Step) -> Option<Date> {
        match step {
            Step::Approval => Some(self.ready),
            Step::Delivery => self.delivery,
            Step::Voorportaal => self.voorportaal,
            Step::Onderraad => self.onderraad,
            Step::Ministerraad => self.ministerraad,
            Step::Kamer => Some(self.kamer),
        }
    }
}

/// How the MR of a slot was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MrBasis {
    Coupling,
    Rule,
}

/// A voorportaal slot as the planner uses it: from the calendar, or recorded.
#[derive(Debug, Clone, Copy)]
struct VpSlot {
    index: Option<usize>,
    meeting: Date,
    deadline: Date,
    mr: Option<Date>,
    mr_with: Option<Date>,
}

/// Calendar days from the voorportaal meeting to the earliest MR without onderraad:
/// "the first MR at least 7 days after voorportaal meeting + 4 days".
const VP_TO_MR_DAYS: i64 = 11;

/// A planner for one route over one set of calendars; cheap to build, reusable.
#[derive(Debug, Clone, Copy)]
pub struct Planner<'a> {
    route: &'a Route,
    cal: &'a Calendars,
    w: &'a Werkdagen,
    vp: Option<&'a Body>,
    or: Option<&'a Body>,
    mr: Option<&'a Body>,
}

fn plus_days(d: Date, n: i64) -> Date {
    d.checked_add(jiff::Span::new().days(n))
        .expect("plan dates stay far inside jiff's range")
}

impl<'a> Planner<'a> {
    /// Resolves the route's bodies in the calendars.
    ///
    /// # Errors
    /// A body the calendars do not know.
    pub fn new(route: &'a Route, cal: &'a Calendars) -> Result<Planner<'a>, Error> {
        let body = |name: &Option<String>,
                    kind: BodyKind,
                    key: &str|
         -> Result<Option<&'a Body>, Error> {
            let Some(n) = name else { return Ok(None) };
            let b = cal.body(n)?;
            if b.kind != kind {
                return Err(Error::Invalid {
                    message: format!(
                        "route '{}' names '{n}' as its {key}, but the calendar of '{n}' is of kind {}",
                        route.name, b.kind
                    ),
                    hint: format!("name a {kind} body in the route's {key} key, or fix the kind in the calendar file"),
                });
            }
            Ok(Some(b))
        };
        Ok(Planner {
            route,
            cal,
            w: cal.werkdagen(),
            vp: body(&route.voorportaal, BodyKind::Voorportaal, "voorportaal")?,
            or: body(&route.onderraad, BodyKind::Onderraad, "onderraad")?,
            mr: body(&route.ministerraad, BodyKind::Ministerraad, "ministerraad")?,
        })
    }

    /// The route planned on.
    pub fn route(&self) -> &'a Route {
        self.route
    }

    /// The werkdag calendar planned with.
    pub fn werkdagen(&self) -> &'a Werkdagen {
        self.w
    }

    fn send_after(&self, a: &Assumptions) -> u8 {
        a.send_after.unwrap_or(self.route.send_after)
    }

    /// The approval date the planner assumes for one pending role.
    fn approval_of(&self, req: &Request, role: &Role, base: Date) -> Result<(Date, Basis), Error> {
        let a = &req.assumptions;
        if let Some(d) = a.approval_on.get(role) {
            return Ok((*d, Basis::Given));
        }
        let days = a
            .approval_days
            .get(role)
            .copied()
            .unwrap_or_else(|| self.route.durations.approval_for(role));
        let n = i32::from(days)
            + a.role_delay.get(role).copied().unwrap_or(0)
            + a.delay_of(Step::Approval);
        let d = self.w.add(base, n)?;
        Ok((d.max(self.w.next_or_same(req.today)?), Basis::Assumed))
    }

    /// The day approvals start counting from: submission, after rework when returned.
    fn approval_base(&self, req: &Request) -> Result<Option<Date>, Error> {
        Ok(match &req.position {
            Position::Concept => Some(req.today),
            Position::Approvals { since, rework, .. } => Some(if *rework {
                self.w
                    .add(*since, i32::from(self.route.durations.rework))?
                    .max(req.today)
            } else {
                *since
            }),
            _ => None,
        })
    }

    fn pending<'r>(&self, req: &'r Request) -> &'r [Role] {
        match &req.position {
            Position::Concept => &req.roles,
            Position::Approvals { pending, .. } => pending,
            _ => &[],
        }
    }

    /// The day every bewindspersoon has agreed.
    fn ready(&self, req: &Request) -> Result<Date, Error> {
        let today = req.today;
        match &req.position {
            Position::Concept | Position::Approvals { .. } => {
                let base = self
                    .approval_base(req)?
                    .expect("approval positions have a base");
                let mut ready = base.max(today);
                for role in self.pending(req) {
                    ready = ready.max(self.approval_of(req, role, base)?.0);
                }
                Ok(ready)
            }
            Position::Ready { since } => {
                let delay = req.assumptions.delay_of(Step::Approval);
                let ready = if delay > 0 {
                    self.w.add(*since, delay)?
                } else {
                    *since
                };
                Ok(ready.max(today))
            }
            Position::Delivered { on, .. } => Ok(*on),
            Position::AtOnderraad { .. } | Position::AtMinisterraad { .. } => Ok(today),
            Position::Decided { on } => Ok(*on),
        }
    }

    fn vp_slot(&self, body: &Body, i: usize) -> VpSlot {
        let s = &body.slots[i];
        VpSlot {
            index: Some(i),
            meeting: s.meeting,
            deadline: s.deadline,
            mr: s.mr,
            mr_with: s.mr_with_onderraad,
        }
    }

    fn recorded_slot(&self, body: &Body, meeting: Date) -> VpSlot {
        match body.slots.binary_search_by_key(&meeting, |s| s.meeting) {
            Ok(i) => self.vp_slot(body, i),
            Err(_) => VpSlot {
                index: None,
                meeting,
                deadline: meeting,
                mr: None,
                mr_with: None,
            },
        }
    }

    /// The onderraad meeting and MR a voorportaal slot leads to, with an onderraad.
    fn via_onderraad(
        &self,
        slot: &VpSlot,
        a: &Assumptions,
        not_before: Date,
    ) -> Result<(usize, Date, MrBasis), Error> {
        let (or, mr) = (self.or_body()?, self.mr_body()?);
        if let Some(m) = slot
            .mr_with
            .filter(|m| *m >= not_before && a.delay_of(Step::Onderraad) == 0)
        {
            // The coupling names the MR; the onderraad is the last meeting before it.
            let o = or.last_meeting_until(m)?;
            return Ok((o, m, MrBasis::Coupling));
        }
        // The onderraad the stukken go to after the voorportaal: the first whose deadline
        // falls on or after the voorportaal meeting. A stroom already waiting for it keeps
        // it even when its deadline has passed; only a meeting in the past moves on.
        let mut o = or.first_deadline_from(slot.meeting)?;
        if or.slots[o].meeting < not_before {
            o = or.first_meeting_from(not_before)?;
        }
        let delay = a.delay_of(Step::Onderraad);
        if delay > 0 {
            o = or.first_meeting_from(self.w.add(or.slots[o].meeting, delay)?)?;
        }
        let m = mr.slots[mr.first_meeting_from(or.slots[o].meeting)?].meeting;
        Ok((o, m, MrBasis::Rule))
    }

    /// The MR a voorportaal slot leads to, without an onderraad.
    fn direct_mr(&self, slot: &VpSlot, not_before: Date) -> Result<(Date, MrBasis), Error> {
        if let Some(m) = slot.mr.filter(|m| *m >= not_before) {
            return Ok((m, MrBasis::Coupling));
        }
        let mr = self.mr_body()?;
        let from = plus_days(slot.meeting, VP_TO_MR_DAYS).max(not_before);
        Ok((
            mr.slots[mr.first_meeting_from(from)?].meeting,
            MrBasis::Rule,
        ))
    }

    fn or_body(&self) -> Result<&'a Body, Error> {
        self.or.ok_or_else(|| Error::Invalid {
            message: format!("route '{}' has no onderraad", self.route.name),
            hint: "plan without --onderraad, or add onderraad = \"rwizo\" to the route file".into(),
        })
    }

    fn mr_body(&self) -> Result<&'a Body, Error> {
        self.mr.ok_or_else(|| Error::Invalid {
            message: format!("route '{}' has no ministerraad", self.route.name),
            hint: "this step exists on route A only".into(),
        })
    }

    fn vp_body(&self) -> Result<&'a Body, Error> {
        self.vp.ok_or_else(|| Error::Invalid {
            message: format!("route '{}' has no voorportaal", self.route.name),
            hint: "this step exists on route A only".into(),
        })
    }

    /// The forward plan's dates: the allocation-free core.
    ///
    /// # Errors
    /// A date outside the calendars' coverage, or a step the route lacks.
    pub fn dates(&self, req: &Request) -> Result<Dates, Error> {
        Ok(self.trace(req, 0)?.dates)
    }

    /// The forward pass with the next event slipped by `slip` werkdagen: the ready date
    /// while approvals are outstanding (or just in), else the day the stroom moves on
    /// from where it stands. `slip = 0` is the plan itself.
    fn trace(&self, req: &Request, slip: i32) -> Result<Trace, Error> {
        let a = &req.assumptions;
        let w = self.w;
        let before_ready = matches!(
            req.position,
            Position::Concept | Position::Approvals { .. } | Position::Ready { .. }
        );
        let mut today = w.next_or_same(req.today)?;
        let mut ready = self.ready(req)?;
        if slip > 0 {
            if before_ready {
                ready = w.add(ready, slip)?;
            } else {
                today = w.add(today, slip)?;
                ready = ready.max(today);
            }
        }
        let k = i32::from(self.send_after(a)) + a.delay_of(Step::Kamer);
        if self.route.kind() == RouteKind::Ondertekening {
            let kamer = w.add(ready, k)?.max(today);
            return Ok(Trace {
                dates: Dates {
                    ready,
                    delivery: None,
                    voorportaal: None,
                    onderraad: None,
                    ministerraad: None,
                    kamer,
                },
                slot: None,
                missed: None,
                onderraad_index: None,
                mr_basis: MrBasis::Rule,
                returns: 0,
                mr_clamped: false,
            });
        }
        if let Position::Decided { on } = req.position {
            // Decided: only the send date is left.
            let kamer = w.add(on, k)?.max(today);
            return Ok(Trace {
                dates: Dates {
                    ready,
                    delivery: None,
                    voorportaal: None,
                    onderraad: None,
                    ministerraad: Some(on),
                    kamer,
                },
                slot: None,
                missed: None,
                onderraad_index: None,
                mr_basis: MrBasis::Coupling,
                returns: 0,
                mr_clamped: false,
            });
        }
        let vp = self.vp_body()?;
        let mr = self.mr_body()?;
        let onderraad = a.onderraad.unwrap_or(false);
        let mut missed = None;
        let mut returns = 0;
        // 1. The voorportaal slot.
        let slot = match &req.position {
            Position::Delivered { slot, .. }
            | Position::AtOnderraad { slot }
            | Position::AtMinisterraad { slot, .. } => self.recorded_slot(vp, *slot),
            Position::Decided { .. } => unreachable!("handled above"),
            _ => {
                let mut earliest = ready;
                if a.delay_of(Step::Delivery) > 0 {
                    earliest = w.add(earliest, a.delay_of(Step::Delivery))?;
                }
                let i = vp.first_deadline_from(earliest)?;
                if i > 0 && vp.slots[i - 1].meeting >= ready.min(vp.slots[i].meeting) {
                    missed = Some(i - 1);
                }
                let mut i = i;
                if a.delay_of(Step::Voorportaal) > 0 {
                    let later = w.add(vp.slots[i].meeting, a.delay_of(Step::Voorportaal))?;
                    i = i.max(vp.first_meeting_from(later)?);
                }
                for rework in &a.voorportaal_returns {
                    let again = w.add(vp.slots[i].meeting, i32::from(*rework))?;
                    i = (i + 1).max(vp.first_deadline_from(again)?);
                    returns += 1;
                }
                self.vp_slot(vp, i)
            }
        };
        let after_vp = matches!(
            req.position,
            Position::AtOnderraad { .. } | Position::AtMinisterraad { .. }
        );
        let not_before = if after_vp { today } else { slot.meeting };
        // 2. Onderraad and MR.
        let (onderraad_index, mut m, mr_basis) = match (&req.position, onderraad) {
            (Position::AtMinisterraad { holds, since, .. }, _) if *holds > 0 => {
                let next = mr.slots[mr.first_meeting_from(plus_days(*since, 1))?].meeting;
                (None, next, MrBasis::Rule)
            }
            (
                Position::AtMinisterraad {
                    since,
                    after_onderraad: true,
                    ..
                },
                _,
            ) => {
                let next = mr.slots[mr.first_meeting_from((*since).max(today))?].meeting;
                (None, next, MrBasis::Rule)
            }
            (Position::AtMinisterraad { .. }, _) | (_, false) => {
                let (m, b) = self.direct_mr(&slot, not_before)?;
                (None, m, b)
            }
            (_, true) => {
                let (o, m, b) = self.via_onderraad(&slot, a, not_before)?;
                (Some(o), m, b)
            }
        };
        let mut mr_clamped = false;
        if m < today {
            m = mr.slots[mr.first_meeting_from(today)?].meeting;
            mr_clamped = true;
        }
        if a.delay_of(Step::Ministerraad) > 0 {
            m = mr.slots[mr.first_meeting_from(w.add(m, a.delay_of(Step::Ministerraad))?)?].meeting;
        }
        for _ in 0..a.mr_holds {
            m = mr.slots[mr.first_meeting_from(plus_days(m, 1))?].meeting;
        }
        let kamer = w.add(m, k)?.max(today);
        let (delivery, voorportaal) = if after_vp {
            (None, None)
        } else {
            (Some(slot.deadline), Some(slot.meeting))
        };
        let delivery = if matches!(req.position, Position::Delivered { .. }) {
            None
        } else {
            delivery
        };
        Ok(Trace {
            dates: Dates {
                ready,
                delivery,
                voorportaal,
                onderraad: onderraad_index.map(|o| self.or.map_or(m, |b| b.slots[o].meeting)),
                ministerraad: Some(m),
                kamer,
            },
            slot: Some(slot),
            missed,
            onderraad_index,
            mr_basis,
            returns,
            mr_clamped,
        })
    }

    /// The latest send date for a target, and the debate when the target is one.
    ///
    /// # Errors
    /// A date outside the werkdag tables.
    pub fn send_by(&self, target: &Target) -> Result<(Date, Option<Date>), Error> {
        Ok(match *target {
            Target::KamerBy { date } => (self.w.previous_or_same(date)?, None),
            Target::Debate { date, lead } => {
                let lead = lead.unwrap_or(self.route.debate_lead);
                (self.w.add(date, -i32::from(lead))?, Some(date))
            }
        })
    }

    /// The latest send date with its basis and why.
    fn send_by_dated(&self, target: &Target) -> Result<Dated, Error> {
        let (date, _) = self.send_by(target)?;
        Ok(match *target {
            Target::KamerBy { date: by } if by == date => Dated {
                date,
                basis: Basis::Given,
                why: "the target date".into(),
            },
            Target::KamerBy { date: by } => Dated {
                date,
                basis: Basis::Given,
                why: format!("the last werkdag on or before the target {by}"),
            },
            Target::Debate { date: debate, lead } => {
                let (lead, basis) = match lead {
                    Some(l) => (l, Basis::Given),
                    None => (self.route.debate_lead, Basis::Assumed),
                };
                Dated {
                    date,
                    basis,
                    why: format!(
                        "debate {debate} minus {lead} werkdag{}, the debate-lead{}",
                        plural(i32::from(lead)),
                        if basis == Basis::Assumed {
                            " (an estimate)"
                        } else {
                            ""
                        }
                    ),
                }
            }
        })
    }

    /// The backward plan: the latest date per step that still meets `target`, as one
    /// path through the calendars. It is the forward plan from the latest ready date that
    /// still meets the target, so every date on it feeds the next one.
    ///
    /// # Errors
    /// A target before the calendars' coverage, or one no ready date can meet.
    pub fn backward(&self, req: &Request, target: &Target) -> Result<Backward, Error> {
        let w = self.w;
        let send_by = self.send_by_dated(target)?;
        let (_, debate) = self.send_by(target)?;
        let by = send_by.date;
        // A ready date R meets the target when the forward plan from R (nothing clamped
        // by today) sends on or before `by`; later ready dates never send earlier, so the
        // latest such R is found by bisection over the werkdagen.
        let mut probe = Request {
            reference: None,
            roles: Vec::new(),
            position: Position::Ready { since: by },
            today: by,
            assumptions: req.assumptions.clone(),
            target: None,
        };
        probe.assumptions.delay[Step::Approval.index()] = 0;
        let first = match self.vp {
            Some(vp) if self.route.kind() == RouteKind::Ministerraad => vp
                .slots
                .first()
                .map_or(vp.from, |s| s.deadline.min(vp.from)),
            _ => w.range().0,
        };
        let lo = w.next_or_same(first.max(w.range().0))?;
        let too_early = || -> Error {
            let (body, from, to) = match (self.route.kind(), self.vp) {
                (RouteKind::Ministerraad, Some(vp)) => (vp.name.clone(), vp.from, vp.to),
                _ => {
                    let (from, to) = w.range();
                    ("werkdagen".to_string(), from, to)
                }
            };
            CalendarError::NoSlotBefore {
                body,
                date: by,
                from,
                to,
            }
            .into()
        };
        if by < lo {
            return Err(too_early());
        }
        // After the calendars' end, later slots are unknown: the latest path cannot be known.
        if self.route.kind() == RouteKind::Ministerraad {
            let onderraad = req.assumptions.onderraad.unwrap_or(false);
            let bodies = [self.vp, self.mr, self.or.filter(|_| onderraad)];
            if let Some(b) = bodies.into_iter().flatten().find(|b| by > b.to) {
                return Err(CalendarError::NoSlotBefore {
                    body: b.name.clone(),
                    date: by,
                    from: b.from,
                    to: b.to,
                }
                .into());
            }
        }
        let n = w.between(lo, by)?;
        let mut meets = |s: i32| -> Result<Option<Trace>, Error> {
            let ready = w.add(lo, s)?;
            probe.position = Position::Ready { since: ready };
            probe.today = ready;
            match self.trace(&probe, 0) {
                Ok(t) if t.dates.kamer <= by => Ok(Some(t)),
                Ok(_) | Err(Error::Calendar(_)) => Ok(None),
                Err(e) => Err(e),
            }
        };
        let Some(mut best) = meets(0)? else {
            return Err(too_early());
        };
        let (mut ok, mut bad) = (0, n + 1);
        while bad - ok > 1 {
            let mid = ok + (bad - ok) / 2;
            match meets(mid)? {
                Some(t) => {
                    ok = mid;
                    best = t;
                }
                None => bad = mid,
            }
        }
        let ready = w.add(lo, ok)?;
        probe.position = Position::Ready { since: ready };
        probe.today = ready;
        let path = self.explain(&probe, &best)?;
        let mut latest = path.milestones;
        // The latest approval date is the deadline's (less any delivery delay).
        let approval_basis = latest
            .iter()
            .find(|m| m.step == Step::Delivery)
            .map_or(Basis::Assumed, |m| m.basis);
        for m in &mut latest {
            match m.step {
                Step::Approval => {
                    m.basis = approval_basis;
                    m.why = if self.route.kind() == RouteKind::Ondertekening {
                        "the last day to sign that still sends in time".into()
                    } else {
                        match best.dates.delivery {
                            Some(d) if d == ready => {
                                format!("every approval in by the aanleverdeadline {d}")
                            }
                            Some(d) => format!(
                                "every approval in by {ready}, to deliver by the aanleverdeadline {d}"
                            ),
                            None => "every approval in".into(),
                        }
                    };
                }
                Step::Delivery => {
                    m.why = match best.slot {
                        Some(slot) => format!(
                            "aanleverdeadline of the last {} slot that still meets the target (meeting {})",
                            self.vp.map_or("voorportaal", |b| b.name.as_str()),
                            slot.meeting
                        ),
                        None => m.why.clone(),
                    };
                }
                Step::Kamer => {
                    m.why = format!("{}; the target allows sending until {by}", m.why);
                }
                Step::Voorportaal | Step::Onderraad | Step::Ministerraad => {}
            }
        }
        Ok(Backward {
            send_by,
            debate,
            latest,
        })
    }

    /// How a forward plan stands against the latest send date `by`: whether it meets
    /// it, and the slack (werkdagen the next event, the ready date while approvals are
    /// outstanding, can slip and still meet it) or how many werkdagen late it is.
    ///
    /// # Errors
    /// A date outside the calendars' coverage.
    pub fn standing(&self, req: &Request, kamer: Date, by: Date) -> Result<Standing, Error> {
        let w = self.w;
        if kamer > by {
            return Ok(Standing::Late {
                werkdagen: w.between(by, kamer)?.unsigned_abs(),
            });
        }
        // Slipping past `by` can never meet it: the plan never sends before its input.
        let start = match req.position {
            Position::Concept | Position::Approvals { .. } | Position::Ready { .. } => {
                self.ready(req)?
            }
            _ => w.next_or_same(req.today)?,
        };
        let n = w.between(start, by)?.max(0);
        let meets = |s: i32| -> Result<bool, Error> {
            match self.trace(req, s) {
                Ok(t) => Ok(t.dates.kamer <= by),
                Err(Error::Calendar(_)) => Ok(false),
                Err(e) => Err(e),
            }
        };
        let (mut ok, mut bad) = (0, n + 1);
        while bad - ok > 1 {
            let mid = ok + (bad - ok) / 2;
            if meets(mid)? {
                ok = mid;
            } else {
                bad = mid;
            }
        }
        Ok(Standing::Met {
            slack: ok.unsigned_abs(),
        })
    }

    /// The full plan: forward from the request's position, explained, and the backward
    /// plan when the request has a target.
    ///
    /// # Errors
    /// A date outside the calendars' coverage, or a step the route lacks.
    pub fn plan(&self, req: &Request) -> Result<Plan, Error> {
        let trace = self.trace(req, 0)?;
        let mut plan = self.explain(req, &trace)?;
        if let Some(target) = &req.target {
            let kamer = trace.dates.kamer;
            let by = self.send_by(target)?.0;
            let standing = self.standing(req, kamer, by)?;
            plan.feasible = Some(standing.is_met());
            plan.slack = Some(standing.signed());
            if let Standing::Late { werkdagen } = standing {
                plan.warnings.push(format!(
                    "the target cannot be met: the earliest send date is {kamer}, {werkdagen} werkdag{} after the latest ({by})",
                    plural(werkdagen as i32)
                ));
            }
            match self.backward(req, target) {
                Ok(back) => {
                    self.target_warnings(&back, &mut plan.warnings);
                    plan.target = Some(back);
                }
                // No ready date meets the target: the forward plan says how late it is.
                Err(Error::Calendar(CalendarError::NoSlotBefore { .. })) if standing.is_late() => {
                    plan.target = Some(Backward {
                        send_by: self.send_by_dated(target)?,
                        debate: self.send_by(target)?.1,
                        latest: Vec::new(),
                    });
                }
                Err(e) => return Err(e),
            }
        }
        self.cite_calendars(&mut plan);
        Ok(plan)
    }

    /// The backward plan alone, for a target without a ready date.
    ///
    /// # Errors
    /// A target before the calendars' coverage.
    pub fn plan_backward(&self, req: &Request, target: &Target) -> Result<Plan, Error> {
        let back = self.backward(req, target)?;
        let mut warnings = Vec::new();
        self.target_warnings(&back, &mut warnings);
        let mut plan = Plan {
            route: self.route.name.clone(),
            reference: req.reference.clone(),
            today: req.today,
            onderraad: req.assumptions.onderraad.unwrap_or(false),
            send_after: self.send_after(&req.assumptions),
            kamer: None,
            milestones: Vec::new(),
            feasible: None,
            slack: None,
            target: Some(back),
            warnings,
            provenance: None,
            calendar: Vec::new(),
        };
        self.cite_calendars(&mut plan);
        Ok(plan)
    }

    /// Sets the plan's weakest provenance and its calendar notes from the meetings on
    /// its forward and backward paths.
    fn cite_calendars(&self, plan: &mut Plan) {
        let mut meetings: Vec<(&str, Date, Date)> = Vec::new();
        let mut levels = Vec::new();
        let mut previous = plan.today;
        for m in &plan.milestones {
            let step_level = match m.basis {
                Basis::Sourced => Some(Level::Sourced),
                Basis::Reported => Some(Level::Reported),
                Basis::Estimated => Some(Level::Estimated),
                Basis::Assumed | Basis::Given => None,
            };
            let body = self.cal.body(&m.body).ok();
            let slot_level = body.and_then(|b| b.slot_on(m.date)).map(|s| s.level());
            let level = match (step_level, slot_level) {
                (Some(Level::Sourced), _) => Some(Level::Sourced),
                (Some(_), Some(l)) => Some(l),
                (l, _) => l,
            };
            if matches!(
                m.step,
                Step::Voorportaal | Step::Onderraad | Step::Ministerraad
            ) {
                meetings.push((m.body.as_str(), m.date, previous));
                previous = m.date;
            }
            if matches!(
                m.step,
                Step::Delivery | Step::Voorportaal | Step::Onderraad | Step::Ministerraad
            ) {
                levels.extend(level);
            }
        }
        if let Some(back) = &plan.target {
            for l in &back.latest {
                if matches!(
                    l.step,
                    Step::Voorportaal | Step::Onderraad | Step::Ministerraad
                ) {
                    meetings.push((l.body.as_str(), l.date, l.date));
                    if let Some(s) = self.cal.body(&l.body).ok().and_then(|b| b.slot_on(l.date)) {
                        levels.push(s.level());
                    }
                }
            }
        }
        let mut notes: Vec<PathNote> = Vec::new();
        for n in self.cal.path_notes(&meetings) {
            if !notes.contains(&n) {
                notes.push(n);
            }
        }
        plan.provenance = levels.into_iter().max();
        plan.calendar = notes;
    }

    fn target_warnings(&self, back: &Backward, warnings: &mut Vec<String>) {
        if let Some(debate) = back.debate {
            if let Some(r) = self.cal.recess_on(debate) {
                warnings.push(format!(
                    "the debate on {debate} falls in the {} ({} to {}, {}): the Kamer holds no debates then",
                    r.name,
                    r.from,
                    r.to,
                    r.provenance.word()
                ));
            }
        }
    }

    fn explain(&self, req: &Request, t: &Trace) -> Result<Plan, Error> {
        let a = &req.assumptions;
        let w = self.w;
        let mut milestones = Vec::new();
        let mut warnings = Vec::new();
        let mut estimated = Vec::new();
        let d = &t.dates;
        // Approvals.
        if let Some(base) = self.approval_base(req)? {
            let verb = if self.route.kind() == RouteKind::Ondertekening {
                "sign"
            } else {
                "approve"
            };
            for role in self.pending(req) {
                let (date, basis) = self.approval_of(req, role, base)?;
                let why = match basis {
                    Basis::Given => format!("assumed: {role} {verb}s on {date}"),
                    _ => {
                        let days = a
                            .approval_days
                            .get(role)
                            .copied()
                            .unwrap_or_else(|| self.route.durations.approval_for(role));
                        let extra = a.role_delay.get(role).copied().unwrap_or(0)
                            + a.delay_of(Step::Approval);
                        let mut why = format!("estimate: {days} werkdagen from {base}");
                        if extra != 0 {
                            why.push_str(&format!(" + {extra} delay"));
                        }
                        if let Position::Approvals {
                            rework: true,
                            since,
                            ..
                        } = req.position
                        {
                            why.push_str(&format!(
                                " (after {} werkdagen rework of the return on {since})",
                                self.route.durations.rework
                            ));
                        }
                        if w.add(base, i32::from(days) + extra)? < date {
                            why.push_str(&format!(
                                "; overdue, so no earlier than today {}",
                                req.today
                            ));
                        }
                        why
                    }
                };
                milestones.push(Milestone {
                    step: Step::Approval,
                    body: role.to_string(),
                    date,
                    basis,
                    why,
                });
            }
        }
        if a.onderraad == Some(true)
            && matches!(
                req.position,
                Position::AtMinisterraad {
                    after_onderraad: false,
                    ..
                }
            )
        {
            warnings.push(
                "the stroom is on the MR agenda without an onderraad; to plan one, record it: 'stroom needs-onderraad REF yes'"
                    .to_string(),
            );
        }
        if matches!(req.position, Position::Ready { .. }) && req.reference.is_none() {
            milestones.push(Milestone {
                step: Step::Approval,
                body: "bewindspersonen".into(),
                date: d.ready,
                basis: Basis::Given,
                why: "every bewindspersoon agreed (--ready)".into(),
            });
        }
        let k = self.send_after(a);
        if self.route.kind() == RouteKind::Ministerraad {
            let (vp, mr) = (self.vp_body()?, self.mr_body()?);
            if let (Some(slot), Some(deadline)) = (t.slot, d.delivery) {
                let mut why = format!(
                    "aanleverdeadline of the {} slot of {}",
                    vp.name, slot.meeting
                );
                if deadline == d.ready {
                    why.push_str(": ready on the deadline day itself, still in time");
                } else if let Some(m) = t.missed {
                    let missed = &vp.slots[m];
                    let late = w.between(missed.deadline, d.ready)?;
                    why.push_str(&format!(
                        "; ready {} misses the slot of {} (deadline {}) by {late} werkdag{}, so it rolls over",
                        d.ready,
                        missed.meeting,
                        missed.deadline,
                        plural(late)
                    ));
                }
                if a.delay_of(Step::Delivery) > 0 {
                    why.push_str(&format!(
                        " (delivery delayed {} werkdagen)",
                        a.delay_of(Step::Delivery)
                    ));
                }
                if t.returns > 0 {
                    why.push_str(&format!(
                        " (after {} voorportaal return{} with rework)",
                        t.returns,
                        plural_s(t.returns)
                    ));
                }
                let basis = self.slot_basis(vp, slot.index, &mut estimated);
                milestones.push(Milestone {
                    step: Step::Delivery,
                    body: vp.name.clone(),
                    date: deadline,
                    basis,
                    why,
                });
            }
            if let (Some(slot), Some(meeting)) = (t.slot, d.voorportaal) {
                let basis = self.slot_basis(vp, slot.index, &mut estimated);
                let note = slot.index.map_or("recorded delivery".to_string(), |i| {
                    vp.slots[i].provenance.note().to_string()
                });
                let mut why = format!("{} meeting ({})", vp.name, note);
                if let Position::Delivered { on, .. } = req.position {
                    why = format!("delivered on {on} for this meeting; {why}");
                    if on > slot.deadline && slot.index.is_some() {
                        warnings.push(format!(
                            "delivered on {on}, {} werkdagen after the {} deadline {}: this needs the secretary's consent",
                            w.between(slot.deadline, on)?,
                            vp.name,
                            slot.deadline
                        ));
                    }
                    if meeting < req.today {
                        warnings.push(format!(
                            "the {} meeting of {meeting} has passed but its outcome is not recorded ('stroom voorportaal REF door|terug')",
                            vp.name
                        ));
                    }
                }
                milestones.push(Milestone {
                    step: Step::Voorportaal,
                    body: vp.name.clone(),
                    date: meeting,
                    basis,
                    why,
                });
            }
            if let (Some(o), Some(or), Some(od)) = (t.onderraad_index, self.or, d.onderraad) {
                let s = &or.slots[o];
                let basis = basis_of(&s.provenance);
                if basis == Basis::Estimated {
                    estimated.push(format!("{} {}", or.name, s.meeting));
                }
                let why = match t.mr_basis {
                    MrBasis::Coupling => format!(
                        "{} meeting before the MR the voorportaal slot names ({})",
                        or.name,
                        s.provenance.note()
                    ),
                    MrBasis::Rule => format!(
                        "first {} whose deadline {} falls after the voorportaal ({})",
                        or.name,
                        s.deadline,
                        s.provenance.note()
                    ),
                };
                if let Some(vpm) = d.voorportaal {
                    let gap = (od - vpm).get_days();
                    if gap < i32::from(self.route.onderraad_lead_days) {
                        warnings.push(format!(
                            "only {gap} days between the voorportaal ({vpm}) and the {} ({od}): stukken are due {} days before; this needs the secretary's consent",
                            or.name, self.route.onderraad_lead_days
                        ));
                    }
                }
                milestones.push(Milestone {
                    step: Step::Onderraad,
                    body: or.name.clone(),
                    date: od,
                    basis,
                    why,
                });
            }
            if let Some(m) = d.ministerraad {
                let slot = mr.slot_on(m);
                let slot_estimated = slot.is_none_or(|s| s.provenance.is_estimated());
                let (basis, mut why) = match (t.mr_basis, t.slot, &req.position) {
                    (_, _, Position::Decided { on }) => {
                        (Basis::Given, format!("the MR decided on {on} (recorded)"))
                    }
                    (_, _, Position::AtMinisterraad { holds: 0, since, after_onderraad: true, .. }) => (
                        Basis::Estimated,
                        format!("the first MR on or after {since}, when the onderraad passed it (rule)"),
                    ),
                    (_, _, Position::AtMinisterraad { holds, since, .. }) if *holds > 0 => (
                        Basis::Estimated,
                        format!("held over {holds} time{} (last on {since}): the next MR", plural_s(*holds)),
                    ),
                    (MrBasis::Coupling, Some(s), _) => (
                        Basis::Sourced,
                        format!(
                            "the MR the {} slot of {} feeds {} ({})",
                            vp.name,
                            s.meeting,
                            if t.onderraad_index.is_some() { "with onderraad" } else { "without onderraad" },
                            s.index.map_or("recorded", |i| vp.slots[i].provenance.note())
                        ),
                    ),
                    (_, _, _) if d.onderraad.is_some() => {
                        let od = d.onderraad.unwrap_or(m);
                        let why = if (m - od).get_days() < 7 {
                            format!("the MR in the week of the onderraad of {od} (rule)")
                        } else {
                            format!("the first MR on or after the onderraad of {od} (rule; none meets in its week)")
                        };
                        (Basis::Estimated, why)
                    }
                    (_, _, _) => (
                        Basis::Estimated,
                        format!("first MR at least {VP_TO_MR_DAYS} days after the voorportaal meeting (rule: voorportaal + 4 days + 7 days)"),
                    ),
                };
                if t.mr_clamped {
                    why.push_str("; the planned MR has passed, so the first MR from today");
                }
                if a.delay_of(Step::Ministerraad) > 0 {
                    why.push_str(&format!(
                        "; delayed {} werkdagen",
                        a.delay_of(Step::Ministerraad)
                    ));
                }
                if a.mr_holds > 0 {
                    why.push_str(&format!(
                        "; held over {} more time{}",
                        a.mr_holds,
                        plural_s(a.mr_holds)
                    ));
                }
                // A coupling stated by a sourced voorportaal slot sources the MR date itself.
                if basis == Basis::Estimated && slot_estimated {
                    estimated.push(format!("{} {m}", mr.name));
                }
                if let (Some(vpm), None) = (d.voorportaal, d.onderraad) {
                    let gap = (m - vpm).get_days();
                    if gap < 7 {
                        warnings.push(format!(
                            "only {gap} days between the voorportaal ({vpm}) and the MR ({m}): stukken are due 7 days before the MR"
                        ));
                    }
                }
                milestones.push(Milestone {
                    step: Step::Ministerraad,
                    body: mr.name.clone(),
                    date: m,
                    basis,
                    why,
                });
            }
        }
        let from = if self.route.kind() == RouteKind::Ministerraad {
            "the MR"
        } else {
            "signing"
        };
        let mut why = format!(
            "{from} + {k} werkdag{} (send-after, an estimate)",
            plural(i32::from(k))
        );
        if a.delay_of(Step::Kamer) > 0 {
            why.push_str(&format!(" + {} delay", a.delay_of(Step::Kamer)));
        }
        let sent_from = d.ministerraad.unwrap_or(d.ready);
        let k_total = i32::from(k) + a.delay_of(Step::Kamer);
        if w.add(sent_from, k_total)? < d.kamer {
            why.push_str(&format!(
                "; that day has passed, so no earlier than today {}",
                req.today
            ));
        }
        milestones.push(Milestone {
            step: Step::Kamer,
            body: "tweede-kamer".into(),
            date: d.kamer,
            basis: Basis::Assumed,
            why,
        });
        if !estimated.is_empty() {
            warnings.insert(
                0,
                format!(
                    "estimated dates on the path ({}): check them against the secretariat's schedule",
                    estimated.join(", ")
                ),
            );
        }
        Ok(Plan {
            route: self.route.name.clone(),
            reference: req.reference.clone(),
            today: req.today,
            // Whether the path holds an onderraad: planned, or already held.
            onderraad: match req.position {
                Position::AtMinisterraad {
                    after_onderraad, ..
                } => after_onderraad,
                Position::Decided { .. } => a.onderraad == Some(true),
                _ => d.onderraad.is_some(),
            },
            send_after: k,
            kamer: Some(d.kamer),
            milestones,
            feasible: None,
            slack: None,
            target: None,
            warnings,
            provenance: None,
            calendar: Vec::new(),
        })
    }

    fn slot_basis(&self, body: &Body, index: Option<usize>, estimated: &mut Vec<String>) -> Basis {
        match index.map(|i| &body.slots[i]) {
            Some(s) if !s.provenance.is_estimated() => basis_of(&s.provenance),
            Some(s) => {
                let label = format!("{} {}", body.name, s.meeting);
                if !estimated.contains(&label) {
                    estimated.push(label);
                }
                Basis::Estimated
            }
            None => Basis::Given,
        }
    }
}

/// The basis of a date from a calendar entry of this provenance.
fn basis_of(p: &Provenance) -> Basis {
    match p {
        Provenance::Sourced(_) => Basis::Sourced,
        Provenance::Reported(_) => Basis::Reported,
        Provenance::Estimated(_) => Basis::Estimated,
    }
}

/// The Dutch plural ending of werkdag(en) for `k`.
fn plural(k: i32) -> &'static str {
    if k == 1 {
        ""
    } else {
        "en"
    }
}

/// The English plural ending of time(s) or return(s) for `n`.
fn plural_s(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[derive(Debug, Clone, Copy)]
struct Trace {
    dates: Dates,
    slot: Option<VpSlot>,
    missed: Option<usize>,
    onderraad_index: Option<usize>,
    mr_basis: MrBasis,
    returns: u32,
    mr_clamped: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::Routes;
    use jiff::civil::date;

    fn plan(route: &str, ready: Date, onderraad: bool) -> Plan {
        let routes = Routes::embedded().unwrap();
        let cal = Calendars::embedded().unwrap();
        let p = Planner::new(routes.get(route).unwrap(), &cal).unwrap();
        let mut req = Request::ad_hoc(ready);
        req.assumptions.onderraad = Some(onderraad);
        p.plan(&req).unwrap()
    }

    fn date_of(p: &Plan, step: Step) -> Date {
        p.milestones.iter().find(|m| m.step == step).unwrap().date
    }

    #[test]
    fn worked_example_1_approval_on_the_deadline_day() {
        let p = plan("ministerraad", date(2023, 10, 3), false);
        assert_eq!(date_of(&p, Step::Voorportaal), date(2023, 10, 9));
        assert_eq!(date_of(&p, Step::Ministerraad), date(2023, 10, 27));
        assert_eq!(p.kamer, Some(date(2023, 10, 30)));
        let p = plan("ministerraad", date(2023, 10, 3), true);
        assert_eq!(date_of(&p, Step::Ministerraad), date(2023, 11, 3));
        assert_eq!(date_of(&p, Step::Onderraad), date(2023, 10, 31));
        assert_eq!(p.kamer, Some(date(2023, 11, 6)));
    }

    #[test]
    fn worked_example_2_rolls_over_to_the_next_slot() {
        let p = plan("ministerraad", date(2023, 10, 4), false);
        assert_eq!(date_of(&p, Step::Delivery), date(2023, 10, 20));
        assert_eq!(date_of(&p, Step::Voorportaal), date(2023, 10, 30));
        assert_eq!(date_of(&p, Step::Ministerraad), date(2023, 11, 10));
        assert_eq!(p.kamer, Some(date(2023, 11, 13)));
        let why = &p
            .milestones
            .iter()
            .find(|m| m.step == Step::Delivery)
            .unwrap()
            .why;
        assert!(
            why.contains("misses the slot of 2023-10-09 (deadline 2023-10-03) by 1 werkdag"),
            "{why}"
        );
    }

    #[test]
    fn a_stroom_waiting_for_the_onderraad_keeps_its_meeting_after_the_deadline() {
        let routes = Routes::embedded().unwrap();
        let cal = Calendars::embedded().unwrap();
        let p = Planner::new(routes.get("ministerraad").unwrap(), &cal).unwrap();
        let mut req = Request::ad_hoc(date(2023, 11, 16));
        req.position = Position::AtOnderraad {
            slot: date(2023, 10, 30),
        };
        req.assumptions.onderraad = Some(true);
        // RWIZO 21 Nov has its deadline on 14 Nov; the stukken are already there.
        let d = p.dates(&req).unwrap();
        assert_eq!(d.onderraad, Some(date(2023, 11, 21)));
        assert_eq!(d.ministerraad, Some(date(2023, 11, 24)));
    }

    #[test]
    fn after_the_onderraad_the_mr_follows_the_onderraad_not_the_slot_without_it() {
        let routes = Routes::embedded().unwrap();
        let cal = Calendars::embedded().unwrap();
        let p = Planner::new(routes.get("ministerraad").unwrap(), &cal).unwrap();
        let mut req = Request::ad_hoc(date(2023, 10, 18));
        req.assumptions.onderraad = Some(true);
        // An (extra) onderraad passed it on Tue 17 Oct; the slot of 9 Oct names MR 27 Oct
        // for the route without onderraad, which no longer applies.
        req.position = Position::AtMinisterraad {
            slot: date(2023, 10, 9),
            holds: 0,
            since: date(2023, 10, 17),
            after_onderraad: true,
        };
        let plan = p.plan(&req).unwrap();
        assert_eq!(date_of(&plan, Step::Ministerraad), date(2023, 10, 20));
        assert!(
            plan.warnings
                .iter()
                .all(|w| !w.contains("without an onderraad")),
            "{:?}",
            plan.warnings
        );
    }

    #[test]
    fn a_route_naming_a_body_of_the_wrong_kind_is_refused() {
        let cal = Calendars::embedded().unwrap();
        let text =
            "name = \"odd\"\ntitle = \"x\"\nvoorportaal = \"rwizo\"\nministerraad = \"mr\"\n";
        let route = Route::from_toml("odd.toml", text).unwrap();
        let err = Planner::new(&route, &cal).unwrap_err().to_string();
        assert!(err.starts_with("route 'odd' names 'rwizo' as its voorportaal, but the calendar of 'rwizo' is of kind onderraad"), "{err}");
    }

    #[test]
    fn worked_example_3_latest_send_before_a_debate() {
        let routes = Routes::embedded().unwrap();
        let cal = Calendars::embedded().unwrap();
        let p = Planner::new(routes.get("ondertekening").unwrap(), &cal).unwrap();
        let target = Target::Debate {
            date: date(2024, 12, 11),
            lead: None,
        };
        let back = p
            .backward(&Request::ad_hoc(date(2024, 12, 1)), &target)
            .unwrap();
        assert_eq!(back.send_by.date, date(2024, 12, 5));
    }
}
