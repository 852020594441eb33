//! The latest dates against a target (one path through the calendars), slack, and the
//! full plan.

use jiff::civil::Date;

use super::forward::Trace;
use super::{
    Also, Backward, Basis, Dated, Plan, Planner, Position, Request, Standing, Step, Warning, Why,
};
use crate::calendar::{Level, PathNote};
use crate::error::{CalendarError, Error};
use crate::route::RouteKind;
use crate::stroom::Target;

impl Planner<'_> {
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
    pub(super) fn send_by_dated(&self, target: &Target) -> Result<Dated, Error> {
        let (date, _) = self.send_by(target)?;
        Ok(match *target {
            Target::KamerBy { date: by } if by == date => Dated {
                date,
                basis: Basis::Given,
                why: Why::TargetDate,
            },
            Target::KamerBy { date: by } => Dated {
                date,
                basis: Basis::Given,
                why: Why::WerkdagBeforeTarget { target: by },
            },
            Target::Debate { date: debate, lead } => {
                let (werkdagen, basis) = match lead {
                    Some(l) => (l, Basis::Given),
                    None => (self.route.debate_lead, Basis::Assumed),
                };
                Dated {
                    date,
                    basis,
                    why: Why::DebateLead {
                        debate,
                        werkdagen,
                        estimate: basis == Basis::Assumed,
                    },
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
            match self.trace(&probe, 0, None, &mut ()) {
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
        // The probe is ready: no approvals to explain.
        let path = self.explain(&probe, &best, &[])?;
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
                    m.also.clear();
                    m.why = match (self.route.kind(), best.dates.delivery) {
                        (RouteKind::Ministerraad, Some(deadline)) => {
                            Why::LatestApproval { deadline }
                        }
                        _ => Why::LatestSigning,
                    };
                }
                Step::Delivery => {
                    if let (Some(slot), Some(vp)) = (best.slot, self.vp) {
                        m.why = Why::LatestDeadline {
                            body: vp.name.clone(),
                            meeting: slot.meeting,
                        };
                    }
                }
                Step::Kamer => m.also.push(Also::TargetAllows { send_by: by }),
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
                self.ready(req, None, &mut ())?
            }
            _ => w.next_or_same(req.today)?,
        };
        let n = w.between(start, by)?.max(0);
        let meets = |s: i32| -> Result<bool, Error> {
            match self.trace(req, s, None, &mut ()) {
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
        let mut approvals = Vec::new();
        let trace = self.trace(req, 0, None, &mut approvals)?;
        let mut plan = self.explain(req, &trace, &approvals)?;
        if let Some(target) = &req.target {
            let kamer = trace.dates.kamer;
            let by = self.send_by(target)?.0;
            let standing = self.standing(req, kamer, by)?;
            plan.standing = Some(standing);
            if let Standing::Late { werkdagen } = standing {
                plan.warnings.push(Warning::TargetMissed {
                    kamer,
                    send_by: by,
                    werkdagen,
                });
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
            schema: super::PLAN_SCHEMA,
            route: self.route.name.clone(),
            reference: req.reference.clone(),
            today: req.today,
            onderraad: req.assumptions.onderraad.unwrap_or(false),
            send_after: self.send_after(&req.assumptions),
            kamer: None,
            milestones: Vec::new(),
            standing: None,
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

    pub(super) fn target_warnings(&self, back: &Backward, warnings: &mut Vec<Warning>) {
        if let Some(debate) = back.debate {
            if let Some(r) = self.cal.recess_on(debate) {
                warnings.push(Warning::DebateInRecess {
                    debate,
                    recess: r.name.clone(),
                    from: r.from,
                    to: r.to,
                    estimated: r.provenance.is_estimated(),
                });
            }
        }
    }
}
