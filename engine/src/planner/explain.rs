//! Why every date of a plan is what it is, read from the forward pass's trace: typed
//! reasons ([`Why`], [`Also`]) and warnings ([`Warning`]) that carry their data. Front
//! ends render them (the CLI in English, and other languages beside it); the engine
//! never writes prose for people and never names a CLI flag.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::forward::{Approval, MrRule, Trace, VP_TO_MR_DAYS};
use super::{basis_of, Basis, Milestone, Plan, Planner, Position, Request, Step, PLAN_SCHEMA};
use crate::calendar::Body;
use crate::error::Error;
use crate::route::RouteKind;

/// Why a date is what it is: the rule applied, with its data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "code",
    rename_all = "kebab-case",
    rename_all_fields = "kebab-case"
)]
pub enum Why {
    /// Every bewindspersoon agreed on this day (given as the ready date).
    Ready,
    /// A scenario says this role approves (or signs) on this day.
    ApprovalOn {
        /// Route B: signing rather than approving.
        sign: bool,
    },
    /// The route's estimate of this role's approval time, counted from `from`.
    ApprovalEstimate {
        /// The estimate in werkdagen.
        werkdagen: u16,
        /// The day the count starts: submission, or the end of rework after a return.
        from: Date,
        /// Rework after a return, when the count starts after it.
        rework: Option<Rework>,
    },
    /// The aanleverdeadline of the voorportaal slot caught.
    Deadline {
        /// The voorportaal.
        body: String,
        /// That slot's meeting.
        meeting: Date,
        /// Ready on the deadline day itself (still in time).
        on_deadline_day: bool,
        /// The earlier slot that was missed, when the stroom rolled over.
        missed: Option<Missed>,
    },
    /// The voorportaal meeting of that slot.
    Meeting {
        /// The voorportaal.
        body: String,
        /// Where the date comes from (the calendar's note).
        source: String,
        /// The recorded delivery for this meeting.
        delivered_on: Option<Date>,
    },
    /// The onderraad meeting before the MR the voorportaal slot names (a coupling).
    OnderraadBeforeCoupledMr {
        /// The onderraad.
        body: String,
        /// Where the date comes from.
        source: String,
    },
    /// The first onderraad whose deadline falls on or after the voorportaal meeting.
    OnderraadAfterVoorportaal {
        /// The onderraad.
        body: String,
        /// Its deadline.
        deadline: Date,
        /// Where the date comes from.
        source: String,
    },
    /// The MR recorded as having decided.
    MrDecided,
    /// The first MR on or after the day the onderraad passed the stroom.
    MrAfterOnderraadPassed {
        /// That day.
        since: Date,
    },
    /// The MR held the stroom over; the next MR.
    MrHeldOver {
        /// Hold-overs so far.
        times: u32,
        /// The last one.
        since: Date,
    },
    /// The MR the voorportaal slot names (a coupling).
    MrCoupled {
        /// The voorportaal.
        voorportaal: String,
        /// The slot's meeting.
        slot: Date,
        /// Through an onderraad.
        with_onderraad: bool,
        /// Where the coupling comes from.
        source: String,
    },
    /// The MR in the week of the onderraad (rule).
    MrOnderraadWeek {
        /// The onderraad.
        onderraad: Date,
    },
    /// The first MR on or after the onderraad, none meeting in its week (rule).
    MrAfterOnderraad {
        /// The onderraad.
        onderraad: Date,
    },
    /// The first MR at least `days` calendar days after the voorportaal meeting (rule).
    MrAfterVoorportaal {
        /// Calendar days (voorportaal + 4 + 7).
        days: i64,
    },
    /// Sent `werkdagen` after the MR (route A) or signing (route B).
    SendAfter {
        /// After the MR rather than after signing.
        after_mr: bool,
        /// The send-after estimate.
        werkdagen: u8,
    },
    /// Latest path: every approval in by this day, to deliver by the deadline.
    LatestApproval {
        /// The aanleverdeadline.
        deadline: Date,
    },
    /// Latest path: the last day to sign that still sends in time.
    LatestSigning,
    /// Latest path: the deadline of the last voorportaal slot that still meets the target.
    LatestDeadline {
        /// The voorportaal.
        body: String,
        /// That slot's meeting.
        meeting: Date,
    },
    /// The latest send date: the target date itself.
    TargetDate,
    /// The latest send date: the last werkdag on or before the target.
    WerkdagBeforeTarget {
        /// The target.
        target: Date,
    },
    /// The latest send date: the debate minus the debate lead.
    DebateLead {
        /// The debate.
        debate: Date,
        /// The lead in werkdagen.
        werkdagen: u8,
        /// The route's estimate rather than given.
        estimate: bool,
    },
}

/// Rework after a return with comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Rework {
    /// The rework estimate.
    pub werkdagen: u16,
    /// The day of the return.
    pub returned: Date,
}

/// The slot a stroom missed before rolling over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Missed {
    /// Its meeting.
    pub meeting: Date,
    /// Its aanleverdeadline.
    pub deadline: Date,
    /// The ready date.
    pub ready: Date,
    /// Werkdagen from the deadline to the ready date.
    pub werkdagen: i32,
}

/// Something that moved a date beyond its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "code",
    rename_all = "kebab-case",
    rename_all_fields = "kebab-case"
)]
pub enum Also {
    /// A scenario delays this step.
    Delay {
        /// Werkdagen of delay.
        werkdagen: i32,
    },
    /// The date had passed: no earlier than the planning day.
    NotBeforeToday {
        /// The planning day.
        today: Date,
    },
    /// The planned MR has passed: the first MR from the planning day.
    MrPassed,
    /// A scenario has the MR hold it over.
    HeldOver {
        /// How often.
        times: u32,
    },
    /// After voorportaal returns with rework.
    AfterReturns {
        /// How many.
        returns: u32,
    },
    /// The target allows sending until this day.
    TargetAllows {
        /// The latest send date.
        send_by: Date,
    },
}

/// A body's date, e.g. an estimated meeting on the path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyDate {
    /// The body.
    pub body: String,
    /// The date.
    pub date: Date,
}

/// Something the planner wants a person to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "code",
    rename_all = "kebab-case",
    rename_all_fields = "kebab-case"
)]
pub enum Warning {
    /// Dates on the path come from calendar rules, not a published schedule.
    EstimatedDates {
        /// Which.
        dates: Vec<BodyDate>,
    },
    /// Delivered after the slot's aanleverdeadline.
    LateDelivery {
        /// The voorportaal.
        body: String,
        /// The delivery.
        on: Date,
        /// The deadline.
        deadline: Date,
        /// Werkdagen late.
        werkdagen: i32,
    },
    /// A voorportaal meeting has passed without a recorded outcome.
    OutcomeNotRecorded {
        /// The voorportaal.
        body: String,
        /// The meeting.
        meeting: Date,
    },
    /// Fewer days between voorportaal and onderraad than the onderraad's lead time.
    OnderraadLeadShort {
        /// The onderraad.
        body: String,
        /// The voorportaal meeting.
        voorportaal: Date,
        /// The onderraad meeting.
        onderraad: Date,
        /// Calendar days between them.
        days: i32,
        /// The lead time in calendar days.
        lead_days: u8,
    },
    /// Fewer than 7 days between voorportaal and MR.
    MrLeadShort {
        /// The voorportaal meeting.
        voorportaal: Date,
        /// The MR.
        mr: Date,
        /// Calendar days between them.
        days: i32,
    },
    /// An onderraad is decided needed, but the stroom is on the MR agenda without one.
    OnMrAgendaWithoutOnderraad,
    /// The earliest send date lies after the latest one.
    TargetMissed {
        /// The earliest send date.
        kamer: Date,
        /// The latest send date.
        send_by: Date,
        /// Werkdagen late.
        werkdagen: u32,
    },
    /// The debate falls in a recess of the Tweede Kamer.
    DebateInRecess {
        /// The debate.
        debate: Date,
        /// The recess, e.g. `kerstreces`.
        recess: String,
        /// Its first day.
        from: Date,
        /// Its last day.
        to: Date,
        /// Whether the recess dates are an estimate.
        estimated: bool,
    },
}

fn milestone(step: Step, body: impl Into<String>, date: Date, basis: Basis, why: Why) -> Milestone {
    Milestone {
        step,
        body: body.into(),
        date,
        basis,
        why,
        also: Vec::new(),
    }
}

impl Planner<'_> {
    /// The plan, explained from what the forward pass recorded: its trace `t` and the
    /// pending roles' `approvals` (in their order).
    pub(super) fn explain(
        &self,
        req: &Request,
        t: &Trace,
        approvals: &[Approval],
    ) -> Result<Plan, Error> {
        let a = &req.assumptions;
        let w = self.w;
        let mut milestones = Vec::new();
        let mut warnings = Vec::new();
        let mut estimated: Vec<BodyDate> = Vec::new();
        let d = &t.dates;
        // Approvals.
        let sign = self.route.kind() == RouteKind::Ondertekening;
        for (role, ap) in self.pending(req).iter().zip(approvals) {
            let m = if ap.given {
                milestone(
                    Step::Approval,
                    role.to_string(),
                    ap.date,
                    Basis::Given,
                    Why::ApprovalOn { sign },
                )
            } else {
                let rework = match req.position {
                    Position::Approvals {
                        rework: true,
                        since,
                        ..
                    } => Some(Rework {
                        werkdagen: self.route.durations.rework,
                        returned: since,
                    }),
                    _ => None,
                };
                let mut m = milestone(
                    Step::Approval,
                    role.to_string(),
                    ap.date,
                    Basis::Assumed,
                    Why::ApprovalEstimate {
                        werkdagen: ap.days,
                        from: ap.from,
                        rework,
                    },
                );
                if ap.extra != 0 {
                    m.also.push(Also::Delay {
                        werkdagen: ap.extra,
                    });
                }
                if ap.clamped {
                    m.also.push(Also::NotBeforeToday { today: req.today });
                }
                m
            };
            milestones.push(m);
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
            warnings.push(Warning::OnMrAgendaWithoutOnderraad);
        }
        if matches!(req.position, Position::Ready { .. }) && req.reference.is_none() {
            milestones.push(milestone(
                Step::Approval,
                "bewindspersonen",
                d.ready,
                Basis::Given,
                Why::Ready,
            ));
        }
        let k = self.send_after(a);
        if self.route.kind() == RouteKind::Ministerraad {
            let (vp, mr) = (self.vp_body()?, self.mr_body()?);
            if let (Some(slot), Some(deadline)) = (t.slot, d.delivery) {
                let missed = self.missed(vp, t)?;
                let basis = self.slot_basis(vp, slot.index, &mut estimated);
                let mut m = milestone(
                    Step::Delivery,
                    vp.name.clone(),
                    deadline,
                    basis,
                    Why::Deadline {
                        body: vp.name.clone(),
                        meeting: slot.meeting,
                        on_deadline_day: deadline == d.ready,
                        missed,
                    },
                );
                if a.delay_of(Step::Delivery) > 0 {
                    m.also.push(Also::Delay {
                        werkdagen: a.delay_of(Step::Delivery),
                    });
                }
                if t.returns > 0 {
                    m.also.push(Also::AfterReturns { returns: t.returns });
                }
                milestones.push(m);
            }
            if let (Some(slot), Some(meeting)) = (t.slot, d.voorportaal) {
                let basis = self.slot_basis(vp, slot.index, &mut estimated);
                let source = slot
                    .index
                    .map_or(String::new(), |i| vp.slots[i].provenance.note().to_string());
                let mut delivered_on = None;
                if let Position::Delivered { on, .. } = req.position {
                    delivered_on = Some(on);
                    if on > slot.deadline && slot.index.is_some() {
                        warnings.push(Warning::LateDelivery {
                            body: vp.name.clone(),
                            on,
                            deadline: slot.deadline,
                            werkdagen: w.between(slot.deadline, on)?,
                        });
                    }
                    if meeting < req.today {
                        warnings.push(Warning::OutcomeNotRecorded {
                            body: vp.name.clone(),
                            meeting,
                        });
                    }
                }
                milestones.push(milestone(
                    Step::Voorportaal,
                    vp.name.clone(),
                    meeting,
                    basis,
                    Why::Meeting {
                        body: vp.name.clone(),
                        source,
                        delivered_on,
                    },
                ));
            }
            if let (Some(o), Some(or), Some(od)) = (t.onderraad_index, self.or, d.onderraad) {
                let s = &or.slots[o];
                let basis = basis_of(&s.provenance);
                if basis == Basis::Estimated {
                    push_once(&mut estimated, &or.name, s.meeting);
                }
                let why = match t.mr_rule {
                    MrRule::Coupling => Why::OnderraadBeforeCoupledMr {
                        body: or.name.clone(),
                        source: s.provenance.note().to_string(),
                    },
                    MrRule::AfterOnderraad
                    | MrRule::AfterVoorportaal
                    | MrRule::HeldOver { .. }
                    | MrRule::AfterOnderraadPassed { .. }
                    | MrRule::Decided
                    | MrRule::NoMr => Why::OnderraadAfterVoorportaal {
                        body: or.name.clone(),
                        deadline: s.deadline,
                        source: s.provenance.note().to_string(),
                    },
                };
                if let Some(vpm) = d.voorportaal {
                    let gap = (od - vpm).get_days();
                    if gap < i32::from(self.route.onderraad_lead_days) {
                        warnings.push(Warning::OnderraadLeadShort {
                            body: or.name.clone(),
                            voorportaal: vpm,
                            onderraad: od,
                            days: gap,
                            lead_days: self.route.onderraad_lead_days,
                        });
                    }
                }
                milestones.push(milestone(Step::Onderraad, or.name.clone(), od, basis, why));
            }
            if let Some(m) = d.ministerraad {
                let slot = mr.slot_on(m);
                let slot_estimated = slot.is_none_or(|s| s.provenance.is_estimated());
                let (basis, why) = match (t.mr_rule, t.slot) {
                    (MrRule::Decided, _) => (Basis::Given, Why::MrDecided),
                    (MrRule::AfterOnderraadPassed { since }, _) => {
                        (Basis::Estimated, Why::MrAfterOnderraadPassed { since })
                    }
                    (MrRule::HeldOver { times, since }, _) => {
                        (Basis::Estimated, Why::MrHeldOver { times, since })
                    }
                    (MrRule::Coupling, Some(s)) => (
                        Basis::Sourced,
                        Why::MrCoupled {
                            voorportaal: vp.name.clone(),
                            slot: s.meeting,
                            with_onderraad: t.onderraad_index.is_some(),
                            source: s.index.map_or(String::new(), |i| {
                                vp.slots[i].provenance.note().to_string()
                            }),
                        },
                    ),
                    // A rule: the first MR on or after the onderraad (in its week, or
                    // later when none meets in that week), else after the voorportaal.
                    (
                        MrRule::AfterOnderraad
                        | MrRule::AfterVoorportaal
                        | MrRule::NoMr
                        | MrRule::Coupling,
                        _,
                    ) => match d.onderraad {
                        Some(od) if (m - od).get_days() < 7 => {
                            (Basis::Estimated, Why::MrOnderraadWeek { onderraad: od })
                        }
                        Some(od) => (Basis::Estimated, Why::MrAfterOnderraad { onderraad: od }),
                        None => (
                            Basis::Estimated,
                            Why::MrAfterVoorportaal {
                                days: VP_TO_MR_DAYS,
                            },
                        ),
                    },
                };
                let mut ms = milestone(Step::Ministerraad, mr.name.clone(), m, basis, why);
                if t.mr_clamped {
                    ms.also.push(Also::MrPassed);
                }
                if a.delay_of(Step::Ministerraad) > 0 {
                    ms.also.push(Also::Delay {
                        werkdagen: a.delay_of(Step::Ministerraad),
                    });
                }
                if a.mr_holds > 0 {
                    ms.also.push(Also::HeldOver { times: a.mr_holds });
                }
                // A coupling stated by a sourced voorportaal slot sources the MR date itself.
                if basis == Basis::Estimated && slot_estimated {
                    push_once(&mut estimated, &mr.name, m);
                }
                if let (Some(vpm), None) = (d.voorportaal, d.onderraad) {
                    let gap = (m - vpm).get_days();
                    if gap < 7 {
                        warnings.push(Warning::MrLeadShort {
                            voorportaal: vpm,
                            mr: m,
                            days: gap,
                        });
                    }
                }
                milestones.push(ms);
            }
        }
        let mut kamer = milestone(
            Step::Kamer,
            "tweede-kamer",
            d.kamer,
            Basis::Assumed,
            Why::SendAfter {
                after_mr: self.route.kind() == RouteKind::Ministerraad,
                werkdagen: k,
            },
        );
        if a.delay_of(Step::Kamer) > 0 {
            kamer.also.push(Also::Delay {
                werkdagen: a.delay_of(Step::Kamer),
            });
        }
        if t.kamer_clamped {
            kamer.also.push(Also::NotBeforeToday { today: req.today });
        }
        milestones.push(kamer);
        if !estimated.is_empty() {
            warnings.insert(0, Warning::EstimatedDates { dates: estimated });
        }
        Ok(Plan {
            schema: PLAN_SCHEMA,
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
            standing: None,
            target: None,
            warnings,
            provenance: None,
            calendar: Vec::new(),
        })
    }

    pub(super) fn slot_basis(
        &self,
        body: &Body,
        index: Option<usize>,
        estimated: &mut Vec<BodyDate>,
    ) -> Basis {
        match index.map(|i| &body.slots[i]) {
            Some(s) if !s.provenance.is_estimated() => basis_of(&s.provenance),
            Some(s) => {
                push_once(estimated, &body.name, s.meeting);
                Basis::Estimated
            }
            None => Basis::Given,
        }
    }
}

fn push_once(list: &mut Vec<BodyDate>, body: &str, date: Date) {
    if !list.iter().any(|b| b.body == body && b.date == date) {
        list.push(BodyDate {
            body: body.to_string(),
            date,
        });
    }
}
