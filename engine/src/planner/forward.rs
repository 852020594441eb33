//! The forward pass: the earliest date of every step from where a stroom stands, and
//! the trace of how each was found (what the explanation reads).

use jiff::civil::Date;

use super::{Assumptions, Dates, Missed, Planner, Position, Request, Step};
use crate::calendar::Body;
use crate::error::{Error, PlanError};
use crate::route::RouteKind;
use crate::stroom::Role;

/// The rule that gave the MR date (what the explanation names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MrRule {
    /// The MR the voorportaal slot names (a coupling).
    Coupling,
    /// The first MR on or after the onderraad.
    AfterOnderraad,
    /// The first MR at least [`VP_TO_MR_DAYS`] after the voorportaal meeting.
    AfterVoorportaal,
    /// Held over `times` times, the last on `since`: the first MR after it.
    HeldOver {
        /// Hold-overs so far.
        times: u32,
        /// The last one.
        since: Date,
    },
    /// The first MR on or after `since`, the day the onderraad passed the stroom.
    AfterOnderraadPassed {
        /// That day.
        since: Date,
    },
    /// The MR recorded as having decided.
    Decided,
    /// The route has no MR.
    NoMr,
}

/// One pending role's approval as the forward pass found it: what the explanation reads.
#[derive(Debug, Clone, Copy)]
pub(super) struct Approval {
    /// The approval date.
    pub(super) date: Date,
    /// Fixed by a scenario (`approval_on`) rather than estimated.
    pub(super) given: bool,
    /// The estimate in werkdagen (route, `approval_days` or a Monte Carlo draw).
    pub(super) days: u16,
    /// Scenario delays on top (role and approval step).
    pub(super) extra: i32,
    /// The day the count starts.
    pub(super) from: Date,
    /// Moved to the first werkdag from today: the estimate had passed.
    pub(super) clamped: bool,
}

/// What the forward pass records beyond its dates: nothing for the allocation-free core
/// (`()`), every pending role's approval for the explained plan (`Vec<Approval>`).
pub(super) trait Record {
    /// Whether it keeps what it is given (the forward pass may take a shorter way when not).
    const KEEPS: bool = true;
    /// One pending role's approval, in the order of the pending roles.
    fn approval(&mut self, a: Approval);
}

impl Record for () {
    const KEEPS: bool = false;
    fn approval(&mut self, _: Approval) {}
}

impl Record for Vec<Approval> {
    fn approval(&mut self, a: Approval) {
        self.push(a);
    }
}

/// A voorportaal slot as the planner uses it: from the calendar, or recorded.
#[derive(Debug, Clone, Copy)]
pub(super) struct VpSlot {
    pub(super) index: Option<usize>,
    pub(super) meeting: Date,
    pub(super) deadline: Date,
    pub(super) mr: Option<Date>,
    pub(super) mr_with: Option<Date>,
}

/// Calendar days from the voorportaal meeting to the earliest MR without onderraad:
/// "the first MR at least 7 days after voorportaal meeting + 4 days".
pub(super) const VP_TO_MR_DAYS: i64 = 11;

fn plus_days(d: Date, n: i64) -> Date {
    d.checked_add(jiff::Span::new().days(n))
        .expect("plan dates stay far inside jiff's range")
}

impl<'a> Planner<'a> {
    /// The approval of one pending role, with the first werkdag from today given, and
    /// `days` (a Monte Carlo draw) replacing the role's estimate when it is not fixed by
    /// date.
    fn approval_date(
        &self,
        req: &Request,
        role: &Role,
        base: Date,
        not_before: Date,
        days: Option<u16>,
    ) -> Result<Approval, Error> {
        let a = &req.assumptions;
        if let Some(d) = a.approval_on.get(role) {
            return Ok(Approval {
                date: *d,
                given: true,
                days: 0,
                extra: 0,
                from: base,
                clamped: false,
            });
        }
        let days = days
            .or_else(|| a.approval_days.get(role).copied())
            .unwrap_or_else(|| self.route.durations.approval_for(role));
        let role_delay = if a.role_delay.is_empty() {
            0
        } else {
            a.role_delay.get(role).copied().unwrap_or(0)
        };
        let extra = role_delay + a.delay_of(Step::Approval);
        let d = self.w.add(base, i32::from(days) + extra)?;
        Ok(Approval {
            date: d.max(not_before),
            given: false,
            days,
            extra,
            from: base,
            clamped: d < not_before,
        })
    }

    /// The latest of the pending roles' approvals drawn by a Monte Carlo run (`sampled`, one
    /// per pending role), by one werkdag addition: the largest draw's. `None` when the
    /// roles' approvals do not all count the same werkdagen from `base` (a fixed approval
    /// date, a role's own delay, a negative delay, fewer draws than roles) or the addition
    /// fails: then [`Planner::ready`] adds role by role and meets the same error as always.
    ///
    /// The same date as the latest of [`Planner::approval_date`]'s: `w.add(base, n)` grows
    /// with `n`, so the latest approval is the one of the largest `days + extra`; with
    /// `extra >= 0` every addition that fails is one past the tables' end, and so is the
    /// largest one's.
    pub(super) fn last_draw(&self, req: &Request, sampled: &[u16], base: Date) -> Option<Date> {
        let a = &req.assumptions;
        let extra = a.delay_of(Step::Approval);
        let draws = sampled.get(..self.pending(req).len())?;
        if !a.approval_on.is_empty() || !a.role_delay.is_empty() || extra < 0 {
            return None;
        }
        let most = draws.iter().copied().max()?;
        self.w.add(base, i32::from(most) + extra).ok()
    }

    /// The day approvals start counting from: submission, after rework when returned.
    pub(super) fn approval_base(&self, req: &Request) -> Result<Option<Date>, Error> {
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

    pub(super) fn pending<'r>(&self, req: &'r Request) -> &'r [Role] {
        match &req.position {
            Position::Concept => &req.roles,
            Position::Approvals { pending, .. } => pending,
            _ => &[],
        }
    }

    /// The day every bewindspersoon has agreed; `sampled` (a Monte Carlo run's draws, one
    /// per pending role in order) replaces the roles' estimated durations. Each pending
    /// role's approval goes to `rec`.
    pub(super) fn ready<R: Record>(
        &self,
        req: &Request,
        sampled: Option<&[u16]>,
        rec: &mut R,
    ) -> Result<Date, Error> {
        let today = req.today;
        match &req.position {
            Position::Concept | Position::Approvals { .. } => {
                let base = self
                    .approval_base(req)?
                    .expect("approval positions have a base");
                let not_before = self.w.next_or_same(today)?;
                let mut ready = base.max(today);
                if !R::KEEPS {
                    if let Some(last) = sampled.and_then(|s| self.last_draw(req, s, base)) {
                        return Ok(ready.max(last.max(not_before)));
                    }
                }
                for (i, role) in self.pending(req).iter().enumerate() {
                    let days = sampled.and_then(|s| s.get(i).copied());
                    let approval = self.approval_date(req, role, base, not_before, days)?;
                    ready = ready.max(approval.date);
                    rec.approval(approval);
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

    pub(super) fn vp_slot(&self, body: &Body, i: usize) -> VpSlot {
        let s = &body.slots[i];
        VpSlot {
            index: Some(i),
            meeting: s.meeting,
            deadline: s.deadline,
            mr: s.mr,
            mr_with: s.mr_with_onderraad,
        }
    }

    pub(super) fn recorded_slot(&self, body: &Body, meeting: Date) -> VpSlot {
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
    pub(super) fn via_onderraad(
        &self,
        slot: &VpSlot,
        a: &Assumptions,
        not_before: Date,
    ) -> Result<(usize, Date, MrRule), Error> {
        let (or, mr) = (self.or_body()?, self.mr_body()?);
        if let Some(m) = slot
            .mr_with
            .filter(|m| *m >= not_before && a.delay_of(Step::Onderraad) == 0)
        {
            // The coupling names the MR; the onderraad is the last meeting before it.
            let o = or.last_meeting_until(m)?;
            return Ok((o, m, MrRule::Coupling));
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
        Ok((o, m, MrRule::AfterOnderraad))
    }

    /// The MR a voorportaal slot leads to, without an onderraad.
    pub(super) fn direct_mr(
        &self,
        slot: &VpSlot,
        not_before: Date,
    ) -> Result<(Date, MrRule), Error> {
        if let Some(m) = slot.mr.filter(|m| *m >= not_before) {
            return Ok((m, MrRule::Coupling));
        }
        let mr = self.mr_body()?;
        let from = plus_days(slot.meeting, VP_TO_MR_DAYS).max(not_before);
        Ok((
            mr.slots[mr.first_meeting_from(from)?].meeting,
            MrRule::AfterVoorportaal,
        ))
    }

    pub(super) fn or_body(&self) -> Result<&'a Body, Error> {
        self.or.ok_or_else(|| {
            Error::Plan(PlanError::RouteLacks {
                route: self.route.name.clone(),
                step: Step::Onderraad,
            })
        })
    }

    pub(super) fn mr_body(&self) -> Result<&'a Body, Error> {
        self.mr.ok_or_else(|| {
            Error::Plan(PlanError::RouteLacks {
                route: self.route.name.clone(),
                step: Step::Ministerraad,
            })
        })
    }

    pub(super) fn vp_body(&self) -> Result<&'a Body, Error> {
        self.vp.ok_or_else(|| {
            Error::Plan(PlanError::RouteLacks {
                route: self.route.name.clone(),
                step: Step::Voorportaal,
            })
        })
    }

    /// The forward plan's dates: the allocation-free core.
    ///
    /// # Errors
    /// A date outside the calendars' coverage, or a step the route lacks.
    pub fn dates(&self, req: &Request) -> Result<Dates, Error> {
        Ok(self.trace(req, 0, None, &mut ())?.dates)
    }

    /// [`Planner::dates`] with the pending roles' approval durations given (one per
    /// pending role, in order; a role whose approval date is fixed keeps it): what one
    /// Monte Carlo run plans, with no map written or searched per run.
    pub(crate) fn dates_sampled(&self, req: &Request, approvals: &[u16]) -> Result<Dates, Error> {
        Ok(self.trace(req, 0, Some(approvals), &mut ())?.dates)
    }

    /// The roles whose approval is still to come, in the order
    /// [`Planner::dates_sampled`] takes their durations.
    pub(crate) fn pending_roles<'r>(&self, req: &'r Request) -> &'r [Role] {
        self.pending(req)
    }

    /// The forward pass with the next event slipped by `slip` werkdagen: the ready date
    /// while approvals are outstanding (or just in), else the day the stroom moves on
    /// from where it stands. `slip = 0` is the plan itself. `sampled` and `rec`: see
    /// [`Planner::ready`].
    pub(super) fn trace(
        &self,
        req: &Request,
        slip: i32,
        sampled: Option<&[u16]>,
        rec: &mut impl Record,
    ) -> Result<Trace, Error> {
        let a = &req.assumptions;
        let w = self.w;
        let before_ready = matches!(
            req.position,
            Position::Concept | Position::Approvals { .. } | Position::Ready { .. }
        );
        let mut today = w.next_or_same(req.today)?;
        let mut ready = self.ready(req, sampled, rec)?;
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
            let sent = w.add(ready, k)?;
            return Ok(Trace {
                dates: Dates {
                    ready,
                    delivery: None,
                    voorportaal: None,
                    onderraad: None,
                    ministerraad: None,
                    kamer: sent.max(today),
                },
                slot: None,
                missed: None,
                onderraad_index: None,
                mr_rule: MrRule::NoMr,
                returns: 0,
                mr_clamped: false,
                kamer_clamped: sent < today,
            });
        }
        if let Position::Decided { on } = req.position {
            // Decided: only the send date is left.
            let sent = w.add(on, k)?;
            return Ok(Trace {
                dates: Dates {
                    ready,
                    delivery: None,
                    voorportaal: None,
                    onderraad: None,
                    ministerraad: Some(on),
                    kamer: sent.max(today),
                },
                slot: None,
                missed: None,
                onderraad_index: None,
                mr_rule: MrRule::Decided,
                returns: 0,
                mr_clamped: false,
                kamer_clamped: sent < today,
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
                missed = rolled_over(vp, i, ready);
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
        let (onderraad_index, mut m, mr_rule) = match (&req.position, onderraad) {
            (Position::AtMinisterraad { holds, since, .. }, _) if *holds > 0 => {
                let next = mr.slots[mr.first_meeting_from(plus_days(*since, 1))?].meeting;
                (
                    None,
                    next,
                    MrRule::HeldOver {
                        times: *holds,
                        since: *since,
                    },
                )
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
                (None, next, MrRule::AfterOnderraadPassed { since: *since })
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
        let sent = w.add(m, k)?;
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
                kamer: sent.max(today),
            },
            slot: Some(slot),
            missed,
            onderraad_index,
            mr_rule,
            returns,
            mr_clamped,
            kamer_clamped: sent < today,
        })
    }
}

/// What the forward pass found besides its dates: the slots it chose and missed, the
/// rule that gave the MR, and what today's date moved.
#[derive(Debug, Clone, Copy)]
pub(super) struct Trace {
    pub(super) dates: Dates,
    /// The voorportaal slot (recorded or chosen).
    pub(super) slot: Option<VpSlot>,
    /// The voorportaal slot before it, when the stroom rolled over it ([`rolled_over`]).
    pub(super) missed: Option<usize>,
    /// The onderraad slot, with an onderraad.
    pub(super) onderraad_index: Option<usize>,
    /// The rule that gave the MR.
    pub(super) mr_rule: MrRule,
    /// Voorportaal returns planned.
    pub(super) returns: u32,
    /// The MR had passed: the first MR from today instead.
    pub(super) mr_clamped: bool,
    /// The send date had passed: the first werkdag from today instead.
    pub(super) kamer_clamped: bool,
}

/// The rollover rule: the stroom, ready on `ready`, goes to slot `i` (the first whose
/// aanleverdeadline is on or after it). It rolled over the slot before when that slot
/// still meets on or after the ready date (or on or after slot `i`'s meeting): ready in
/// time for the meeting, too late for its deadline. [`Planner::missed`] explains it.
fn rolled_over(vp: &Body, i: usize, ready: Date) -> Option<usize> {
    (i > 0 && vp.slots[i - 1].meeting >= ready.min(vp.slots[i].meeting)).then(|| i - 1)
}

impl Planner<'_> {
    /// The explanation of [`rolled_over`]: the slot missed and by how many werkdagen
    /// (counted to the first werkdag from the ready date: ready on a Saturday after a
    /// Friday deadline is one werkdag late, not none), unless the stroom is delivered on
    /// its slot's deadline day itself (then that is what the plan says).
    pub(super) fn missed(&self, vp: &Body, t: &Trace) -> Result<Option<Missed>, Error> {
        let (Some(m), Some(deadline)) = (t.missed, t.dates.delivery) else {
            return Ok(None);
        };
        if deadline == t.dates.ready {
            return Ok(None);
        }
        let missed = &vp.slots[m];
        Ok(Some(Missed {
            meeting: missed.meeting,
            deadline: missed.deadline,
            ready: t.dates.ready,
            werkdagen: self
                .w
                .between(missed.deadline, self.w.next_or_same(t.dates.ready)?)?,
        }))
    }
}
