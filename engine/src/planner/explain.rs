//! Why every date of a plan is what it is, read from the forward pass's trace.

use super::forward::{MrBasis, Trace, VP_TO_MR_DAYS};
use super::{plural, plural_s, Basis, Milestone, Plan, Planner, Position, Request, Step};
use crate::calendar::{Body, Provenance, Slot};
use crate::error::Error;
use crate::route::RouteKind;

impl Planner<'_> {
    pub(super) fn explain(&self, req: &Request, t: &Trace) -> Result<Plan, Error> {
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
                let basis = if s.provenance.is_estimated() {
                    Basis::Estimated
                } else {
                    Basis::Sourced
                };
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
        })
    }

    pub(super) fn slot_basis(&self, body: &Body, index: Option<usize>, estimated: &mut Vec<String>) -> Basis {
        match index.map(|i| &body.slots[i]) {
            Some(Slot {
                provenance: Provenance::Sourced(_),
                ..
            }) => Basis::Sourced,
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
