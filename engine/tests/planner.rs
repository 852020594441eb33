//! The planner as its users meet it: the worked examples of DOMAIN.md, stored strooms in
//! every open state, the JSON contract of a plan, and laws over the whole calendar range
//! (later approval never gives an earlier Kamer date; a plan never precedes its input;
//! the backward plan fed forward meets its target; dates outside coverage are errors).
#![allow(clippy::unwrap_used)]

use std::sync::OnceLock;

use jiff::civil::{date, Date};
use jiff::{Timestamp, ToSpan};
use proptest::prelude::*;
use stroom::machine::{Action, Command, MrOutcome, Outcome, StateKind, Stroom};
use stroom::planner::{Also, Plan, Warning, Why};
use stroom::{
    journal, Calendars, MemoryStore, Meta, Planner, Request, Role, Routes, Step, StroomDef, Target,
};

fn env() -> &'static (Routes, Calendars) {
    static ENV: OnceLock<(Routes, Calendars)> = OnceLock::new();
    ENV.get_or_init(|| (Routes::embedded().unwrap(), Calendars::embedded().unwrap()))
}

fn planner(route: &str) -> Planner<'static> {
    let (routes, cal) = env();
    Planner::new(routes.get(route).unwrap(), cal).unwrap()
}

fn role(code: &str) -> Role {
    code.parse().unwrap()
}

fn ad_hoc(ready: Date, onderraad: bool) -> Request {
    let mut req = Request::ad_hoc(ready);
    req.assumptions.onderraad = Some(onderraad);
    req
}

fn plan(ready: Date, onderraad: bool) -> Plan {
    planner("ministerraad")
        .plan(&ad_hoc(ready, onderraad))
        .unwrap()
}

/// The date of the one milestone of `step`; panics when there is none or several.
fn date_of(p: &Plan, step: Step) -> Date {
    let found: Vec<Date> = p
        .milestones
        .iter()
        .filter(|m| m.step == step)
        .map(|m| m.date)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one {step} milestone in {:#?}",
        p.milestones
    );
    found[0]
}

fn steps(p: &Plan) -> Vec<Step> {
    p.milestones.iter().map(|m| m.step).collect()
}

// ---------------------------------------------------------------------------------------
// Worked examples
// ---------------------------------------------------------------------------------------

#[test]
fn worked_example_1_ready_on_the_deadline_day_makes_the_slot() {
    let p = plan(date(2023, 10, 3), false);
    assert_eq!(date_of(&p, Step::Delivery), date(2023, 10, 3));
    assert_eq!(date_of(&p, Step::Voorportaal), date(2023, 10, 9));
    assert_eq!(date_of(&p, Step::Ministerraad), date(2023, 10, 27));
    assert_eq!(date_of(&p, Step::Kamer), date(2023, 10, 30));
    assert_eq!(p.kamer, Some(date(2023, 10, 30)));
    assert!(!p.onderraad);
    assert_eq!(p.send_after, 1);
    assert_eq!(
        steps(&p),
        [
            Step::Approval,
            Step::Delivery,
            Step::Voorportaal,
            Step::Ministerraad,
            Step::Kamer
        ]
    );
    // The 27 Oct MR comes from the sourced coupling, not from the rule (which says 20 Oct).
    let mr = p
        .milestones
        .iter()
        .find(|m| m.step == Step::Ministerraad)
        .unwrap();
    assert!(
        matches!(
            mr.why,
            Why::MrCoupled {
                with_onderraad: false,
                ..
            }
        ),
        "{:?}",
        mr.why
    );
}

#[test]
fn worked_example_1_with_rwizo() {
    let p = plan(date(2023, 10, 3), true);
    assert!(p.onderraad);
    assert_eq!(date_of(&p, Step::Voorportaal), date(2023, 10, 9));
    assert_eq!(date_of(&p, Step::Onderraad), date(2023, 10, 31));
    assert_eq!(date_of(&p, Step::Ministerraad), date(2023, 11, 3));
    assert_eq!(p.kamer, Some(date(2023, 11, 6)));
}

#[test]
fn worked_example_2_a_missed_deadline_rolls_over() {
    let p = plan(date(2023, 10, 4), false);
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
        matches!(why, Why::Deadline { missed: Some(m), .. } if m.meeting == date(2023, 10, 9) && m.werkdagen == 1),
        "{why:?}"
    );
}

#[test]
fn worked_example_3_latest_send_before_a_debate() {
    let p = planner("ondertekening");
    let target = Target::Debate {
        date: date(2024, 12, 11),
        lead: Some(4),
    };
    assert_eq!(
        p.send_by(&target).unwrap(),
        (date(2024, 12, 5), Some(date(2024, 12, 11)))
    );
    // The route's default lead is the same 4 werkdagen.
    let target = Target::Debate {
        date: date(2024, 12, 11),
        lead: None,
    };
    let back = p
        .backward(&Request::ad_hoc(date(2024, 11, 25)), &target)
        .unwrap();
    assert_eq!(back.send_by.date, date(2024, 12, 5));
    assert_eq!(back.debate, Some(date(2024, 12, 11)));
    // Signed one werkdag before sending.
    let sign = back
        .latest
        .iter()
        .find(|l| l.step == Step::Approval)
        .unwrap();
    assert_eq!(sign.date, date(2024, 12, 4));
    let plan = p
        .plan_backward(&Request::ad_hoc(date(2024, 11, 25)), &target)
        .unwrap();
    assert_eq!(plan.kamer, None);
    assert_eq!(plan.target.unwrap().send_by.date, date(2024, 12, 5));
}

#[test]
fn ondertekening_forward_and_feasibility() {
    let p = planner("ondertekening");
    let mut req = Request::ad_hoc(date(2024, 12, 4));
    req.target = Some(Target::Debate {
        date: date(2024, 12, 11),
        lead: None,
    });
    let plan = p.plan(&req).unwrap();
    assert_eq!(plan.kamer, Some(date(2024, 12, 5)));
    assert_eq!(plan.feasible(), Some(true));
    assert_eq!(plan.slack(), Some(0));
    // One werkdag later is one werkdag late.
    req.position = stroom::Position::Ready {
        since: date(2024, 12, 5),
    };
    req.today = date(2024, 12, 5);
    let plan = p.plan(&req).unwrap();
    assert_eq!(plan.kamer, Some(date(2024, 12, 6)));
    assert_eq!(plan.feasible(), Some(false));
    assert_eq!(plan.slack(), Some(-1));
    assert!(
        plan.warnings
            .iter()
            .any(|w| matches!(w, Warning::TargetMissed { .. })),
        "{:?}",
        plan.warnings
    );
}

/// Ready dates from November 2023 to February 2024: each misses one slot's deadline by a
/// day and lands in the next slot (estimated CWIZO every three weeks), with the MR by the
/// rule "first MR at least 11 days after the meeting" and Kamer one werkdag later (over
/// Christmas: 27 Dec).
#[test]
fn rollover_chain_over_several_slots() {
    // (ready, voorportaal deadline, voorportaal, MR, kamer)
    let chain = [
        (
            date(2023, 10, 23),
            date(2023, 11, 14),
            date(2023, 11, 20),
            date(2023, 12, 1),
            date(2023, 12, 4),
        ),
        (
            date(2023, 11, 14),
            date(2023, 11, 14),
            date(2023, 11, 20),
            date(2023, 12, 1),
            date(2023, 12, 4),
        ),
        (
            date(2023, 11, 15),
            date(2023, 12, 5),
            date(2023, 12, 11),
            date(2023, 12, 22),
            date(2023, 12, 27),
        ),
        // No CWIZO in the MR's Christmas break (CALENDARS.md): 11 Dec is missed, the
        // next slot is 22 Jan 2024.
        (
            date(2023, 12, 6),
            date(2024, 1, 16),
            date(2024, 1, 22),
            date(2024, 2, 2),
            date(2024, 2, 5),
        ),
        (
            date(2023, 12, 27),
            date(2024, 1, 16),
            date(2024, 1, 22),
            date(2024, 2, 2),
            date(2024, 2, 5),
        ),
        (
            date(2024, 1, 17),
            date(2024, 2, 6),
            date(2024, 2, 12),
            date(2024, 2, 23),
            date(2024, 2, 26),
        ),
        (
            date(2024, 2, 7),
            date(2024, 2, 27),
            date(2024, 3, 4),
            date(2024, 3, 15),
            date(2024, 3, 18),
        ),
    ];
    let mut previous = None;
    for (ready, deadline, vp, mr, kamer) in chain {
        let p = plan(ready, false);
        let got = (
            date_of(&p, Step::Delivery),
            date_of(&p, Step::Voorportaal),
            date_of(&p, Step::Ministerraad),
            p.kamer.unwrap(),
        );
        assert_eq!(got, (deadline, vp, mr, kamer), "ready {ready}");
        if let Some(prev) = previous {
            assert!(kamer >= prev, "later ready, earlier kamer: {ready}");
        }
        previous = Some(kamer);
        // These slots are estimated: the plan says so.
        assert!(
            p.warnings
                .iter()
                .any(|w| matches!(w, Warning::EstimatedDates { .. })),
            "{:?}",
            p.warnings
        );
    }
}

#[test]
fn send_after_zero_and_two() {
    let planner = planner("ministerraad");
    let kamer = |k: u8| {
        let mut req = ad_hoc(date(2023, 10, 4), false);
        req.assumptions.send_after = Some(k);
        let p = planner.plan(&req).unwrap();
        assert_eq!(p.send_after, k);
        p.kamer.unwrap()
    };
    assert_eq!(kamer(0), date(2023, 11, 10));
    assert_eq!(kamer(1), date(2023, 11, 13));
    assert_eq!(kamer(2), date(2023, 11, 14));
    // Over a feestdag: MR Fri 22 Dec 2023, 25 and 26 Dec are off.
    let mut req = ad_hoc(date(2023, 11, 15), false);
    req.assumptions.send_after = Some(2);
    assert_eq!(planner.plan(&req).unwrap().kamer, Some(date(2023, 12, 28)));
}

// ---------------------------------------------------------------------------------------
// Stored strooms
// ---------------------------------------------------------------------------------------

fn llo() -> StroomDef {
    StroomDef {
        reference: "41077000".into(),
        title: "Kamerbrief Leven Lang Ontwikkelen".into(),
        route: "ministerraad".into(),
        directie: "MBO".into(),
        eerste_ondertekenaar: role("MSZW"),
        mede_ondertekenaars: vec![role("MPVO"), role("MOCW"), role("MEZK")],
        kamerbrieven: Vec::new(),
        target: None,
    }
}

fn meta(n: i64) -> Meta {
    Meta::builder()
        .actor("test")
        .recorded_at(Timestamp::from_second(1_695_800_000 + n * 60).unwrap())
        // A return must say why; a comment on the other events does no harm.
        .comment(Some("recorded by a test".to_string()))
        .build()
}

/// The LLO stroom created on 27 Sep 2023, after `actions` (each on its day).
fn llo_after(actions: &[(Date, Action)]) -> Stroom {
    let (routes, _) = env();
    let store = MemoryStore::new();
    let mut s = journal::create(&store, routes, llo(), date(2023, 9, 27), meta(0), TODAY)
        .unwrap()
        .stroom;
    for (i, (on, action)) in actions.iter().enumerate() {
        let cmd = Command {
            on: *on,
            action: action.clone(),
        };
        s = journal::execute(
            &store,
            routes,
            calendars(),
            "41077000",
            &cmd,
            meta(i as i64 + 1),
            TODAY,
        )
        .unwrap()
        .0
        .stroom;
    }
    s
}

fn approve(on: Date, code: &str) -> (Date, Action) {
    (
        on,
        Action::Approve {
            role: role(code),
            version: 1,
        },
    )
}

fn all_approved(on: Date) -> Vec<(Date, Action)> {
    let mut v = vec![(date(2023, 9, 27), Action::Submit)];
    v.extend(["MSZW", "MPVO", "MOCW", "MEZK"].map(|r| approve(on, r)));
    v
}

fn delivered_for_30_oct() -> Vec<(Date, Action)> {
    let mut v = all_approved(date(2023, 10, 4));
    v.push((
        date(2023, 10, 5),
        Action::Deliver {
            slot: date(2023, 10, 30),
        },
    ));
    v
}

fn at_mr() -> Vec<(Date, Action)> {
    let mut v = delivered_for_30_oct();
    v.push((date(2023, 10, 30), Action::Voorportaal(Outcome::Door)));
    v
}

fn stored_plan(s: &Stroom, today: Date) -> Plan {
    let p = planner("ministerraad")
        .plan(&Request::for_stroom(s, today).unwrap())
        .unwrap();
    assert_eq!(p.reference.as_deref(), Some("41077000"));
    assert_eq!(p.today, today);
    p
}

#[test]
fn stored_concept_assumes_submission_today() {
    let s = llo_after(&[]);
    assert_eq!(s.state.kind(), StateKind::Concept);
    let p = stored_plan(&s, date(2023, 9, 27));
    // Four approvals, 5 werkdagen each from 27 Sep: 4 Oct, which misses 3 Oct.
    let approvals: Vec<_> = p
        .milestones
        .iter()
        .filter(|m| m.step == Step::Approval)
        .collect();
    assert_eq!(approvals.len(), 4);
    assert!(approvals.iter().all(|m| m.date == date(2023, 10, 4)));
    assert_eq!(p.kamer, Some(date(2023, 11, 13)));
    // A day earlier, the approvals make 3 Oct: worked example 1.
    assert_eq!(
        stored_plan(&s, date(2023, 9, 26)).kamer,
        Some(date(2023, 10, 30))
    );
}

#[test]
fn stored_with_some_approvals_plans_only_the_pending_roles() {
    let mut actions = vec![(date(2023, 9, 27), Action::Submit)];
    actions.push(approve(date(2023, 9, 28), "MSZW"));
    actions.push(approve(date(2023, 9, 29), "MPVO"));
    let s = llo_after(&actions);
    assert_eq!(s.state.kind(), StateKind::BijBewindspersonen);
    let p = stored_plan(&s, date(2023, 9, 29));
    let pending: Vec<&str> = p
        .milestones
        .iter()
        .filter(|m| m.step == Step::Approval)
        .map(|m| m.body.as_str())
        .collect();
    assert_eq!(pending, ["MOCW", "MEZK"]);
    // Counted from the submission on 27 Sep, not from the last approval.
    assert_eq!(date_of_body(&p, "MOCW"), date(2023, 10, 4));
    assert_eq!(p.kamer, Some(date(2023, 11, 13)));
    // Overdue approvals are planned no earlier than today.
    let p = stored_plan(&s, date(2023, 10, 10));
    assert_eq!(date_of_body(&p, "MOCW"), date(2023, 10, 10));
    assert_eq!(p.kamer, Some(date(2023, 11, 13)));
    let p = stored_plan(&s, date(2023, 10, 23));
    assert_eq!(date_of_body(&p, "MEZK"), date(2023, 10, 23));
    assert_eq!(p.kamer, Some(date(2023, 12, 4)));
}

fn date_of_body(p: &Plan, body: &str) -> Date {
    p.milestones.iter().find(|m| m.body == body).unwrap().date
}

#[test]
fn stored_return_counts_rework_from_the_return() {
    let mut actions = vec![(date(2023, 9, 27), Action::Submit)];
    actions.push(approve(date(2023, 9, 28), "MSZW"));
    actions.push((
        date(2023, 9, 29),
        Action::Return {
            role: role("MPVO"),
            version: 1,
        },
    ));
    let s = llo_after(&actions);
    assert_eq!(s.version, 2);
    let p = stored_plan(&s, date(2023, 9, 29));
    // 3 werkdagen rework from 29 Sep (4 Oct), then 5 werkdagen: 11 Oct, for every role:
    // approvals of version 1 do not carry over.
    let approvals: Vec<_> = p
        .milestones
        .iter()
        .filter(|m| m.step == Step::Approval)
        .collect();
    assert_eq!(approvals.len(), 4);
    assert!(
        approvals.iter().all(|m| m.date == date(2023, 10, 11)),
        "{approvals:#?}"
    );
    assert_eq!(p.kamer, Some(date(2023, 11, 13)));
}

#[test]
fn stored_akkoord() {
    let s = llo_after(&all_approved(date(2023, 10, 3)));
    assert_eq!(s.state.kind(), StateKind::Akkoord);
    assert_eq!(
        stored_plan(&s, date(2023, 10, 3)).kamer,
        Some(date(2023, 10, 30))
    );
    // Not delivered by the deadline: planned from today, so it rolls over.
    let p = stored_plan(&s, date(2023, 10, 5));
    assert_eq!(date_of(&p, Step::Voorportaal), date(2023, 10, 30));
    assert_eq!(p.kamer, Some(date(2023, 11, 13)));
}

#[test]
fn stored_aangeleverd_for_the_30_oct_slot() {
    let s = llo_after(&delivered_for_30_oct());
    assert_eq!(s.state.kind(), StateKind::Aangeleverd);
    let p = stored_plan(&s, date(2023, 10, 6));
    assert_eq!(
        steps(&p),
        [Step::Voorportaal, Step::Ministerraad, Step::Kamer]
    );
    assert_eq!(date_of(&p, Step::Voorportaal), date(2023, 10, 30));
    assert_eq!(date_of(&p, Step::Ministerraad), date(2023, 11, 10));
    assert_eq!(p.kamer, Some(date(2023, 11, 13)));
    assert!(
        p.warnings.iter().all(|w| !matches!(
            w,
            Warning::LateDelivery { .. } | Warning::OnderraadLeadShort { .. }
        )),
        "{:?}",
        p.warnings
    );
}

#[test]
fn stored_aangeleverd_with_the_onderraad_decided_later() {
    let mut actions = delivered_for_30_oct();
    actions.push((date(2023, 10, 6), Action::NeedsOnderraad(true)));
    let s = llo_after(&actions);
    let p = stored_plan(&s, date(2023, 10, 6));
    assert!(p.onderraad);
    assert!(date_of(&p, Step::Ministerraad) > date(2023, 11, 10));
    assert!(date_of(&p, Step::Onderraad) >= date(2023, 10, 30));
    assert!(date_of(&p, Step::Onderraad) <= date_of(&p, Step::Ministerraad));
}

#[test]
fn stored_at_the_ministerraad() {
    let s = llo_after(&at_mr());
    assert_eq!(s.state.kind(), StateKind::BijMinisterraad);
    let p = stored_plan(&s, date(2023, 10, 31));
    assert_eq!(steps(&p), [Step::Ministerraad, Step::Kamer]);
    assert_eq!(date_of(&p, Step::Ministerraad), date(2023, 11, 10));
    assert_eq!(p.kamer, Some(date(2023, 11, 13)));
}

#[test]
fn stored_aangehouden_once_goes_to_the_next_mr() {
    let mut actions = at_mr();
    actions.push((
        date(2023, 11, 10),
        Action::Ministerraad(MrOutcome::Aangehouden),
    ));
    let s = llo_after(&actions);
    assert_eq!(
        s.state,
        stroom::State::BijMinisterraad {
            slot: date(2023, 10, 30),
            aangehouden: 1
        }
    );
    let p = stored_plan(&s, date(2023, 11, 10));
    assert_eq!(date_of(&p, Step::Ministerraad), date(2023, 11, 17));
    assert_eq!(p.kamer, Some(date(2023, 11, 20)));
    let mr = p
        .milestones
        .iter()
        .find(|m| m.step == Step::Ministerraad)
        .unwrap();
    assert!(
        matches!(mr.why, Why::MrHeldOver { times: 1, .. }),
        "{:?}",
        mr.why
    );
}

#[test]
fn stored_besloten_sends_the_next_werkdag() {
    let mut actions = at_mr();
    actions.push((
        date(2023, 11, 10),
        Action::Ministerraad(MrOutcome::Besloten),
    ));
    let s = llo_after(&actions);
    assert_eq!(s.state.kind(), StateKind::Besloten);
    let p = stored_plan(&s, date(2023, 11, 10));
    assert_eq!(p.kamer, Some(date(2023, 11, 13)));
    assert_eq!(steps(&p), [Step::Ministerraad, Step::Kamer]);
    // Still not sent a week later: the send date is today, not in the past.
    assert_eq!(
        stored_plan(&s, date(2023, 11, 20)).kamer,
        Some(date(2023, 11, 20))
    );
    // On a Saturday: the next werkdag.
    assert_eq!(
        stored_plan(&s, date(2023, 11, 18)).kamer,
        Some(date(2023, 11, 20))
    );
}

#[test]
fn stored_sent_or_withdrawn_has_nothing_to_plan() {
    let mut actions = at_mr();
    actions.push((
        date(2023, 11, 10),
        Action::Ministerraad(MrOutcome::Besloten),
    ));
    actions.push((date(2023, 11, 13), Action::Send));
    let s = llo_after(&actions);
    let err = Request::for_stroom(&s, date(2023, 11, 14))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("41077000") && err.contains("nothing is left to plan"),
        "{err}"
    );
    let s = llo_after(&[(date(2023, 9, 28), Action::Withdraw)]);
    assert!(Request::for_stroom(&s, date(2023, 11, 14)).is_err());
}

#[test]
fn stored_besloten_explains_the_recorded_decision() {
    let mut actions = at_mr();
    actions.push((
        date(2023, 11, 10),
        Action::Ministerraad(MrOutcome::Besloten),
    ));
    let s = llo_after(&actions);
    let p = stored_plan(&s, date(2023, 11, 15));
    let mr = p
        .milestones
        .iter()
        .find(|m| m.step == Step::Ministerraad)
        .unwrap();
    assert_eq!(mr.date, date(2023, 11, 10));
    assert_eq!(serde_json::to_value(mr.basis).unwrap(), "given", "{mr:?}");
    assert_eq!(mr.why, Why::MrDecided);
    let kamer = p.milestones.iter().find(|m| m.step == Step::Kamer).unwrap();
    assert_eq!(kamer.date, date(2023, 11, 15));
    assert!(
        kamer
            .also
            .iter()
            .any(|a| matches!(a, Also::NotBeforeToday { .. })),
        "{:?}",
        kamer.also
    );
}

/// Every open state, planned long after its last event: nothing still to happen is
/// planned before today (a recorded voorportaal meeting that passed is history, and the
/// plan warns that its outcome is missing).
#[test]
fn nothing_is_planned_before_today() {
    let mut held = at_mr();
    held.push((
        date(2023, 11, 10),
        Action::Ministerraad(MrOutcome::Aangehouden),
    ));
    let mut besloten = at_mr();
    besloten.push((
        date(2023, 11, 10),
        Action::Ministerraad(MrOutcome::Besloten),
    ));
    let partial = vec![
        (date(2023, 9, 27), Action::Submit),
        approve(date(2023, 9, 28), "MSZW"),
    ];
    let cases: Vec<Vec<(Date, Action)>> = vec![
        vec![],
        partial,
        all_approved(date(2023, 10, 3)),
        delivered_for_30_oct(),
        at_mr(),
        held,
        besloten,
    ];
    for today in [date(2023, 11, 15), date(2023, 12, 23), date(2024, 2, 1)] {
        for actions in &cases {
            let s = llo_after(actions);
            let p = stored_plan(&s, today);
            let kamer = p.kamer.unwrap();
            assert!(
                kamer >= today,
                "{:?} on {today}: kamer {kamer}",
                s.state.kind()
            );
            for m in &p.milestones {
                let kind = s.state.kind();
                if kind == StateKind::Aangeleverd && m.step == Step::Voorportaal {
                    assert!(
                        p.warnings
                            .iter()
                            .any(|w| matches!(w, Warning::OutcomeNotRecorded { .. })),
                        "{:?}",
                        p.warnings
                    );
                } else if kind == StateKind::Besloten && m.step == Step::Ministerraad {
                    // The recorded decision.
                    assert_eq!(m.date, date(2023, 11, 10));
                } else {
                    assert!(
                        m.date >= today,
                        "{:?} on {today}: {} {} {}",
                        s.state.kind(),
                        m.step,
                        m.body,
                        m.date
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The JSON contract
// ---------------------------------------------------------------------------------------

#[test]
fn plan_json_of_worked_example_2() {
    let p = plan(date(2023, 10, 4), false);
    let json = serde_json::to_string_pretty(&p).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["kamer"], "2023-11-13");
    assert_eq!(value["milestones"][3]["step"], "ministerraad");
    assert_eq!(value["milestones"][3]["body"], "mr");
    assert_eq!(value["milestones"][3]["date"], "2023-11-10");
    insta::assert_snapshot!(json);
}

#[test]
fn plan_json_with_a_target() {
    let mut req = ad_hoc(date(2023, 10, 4), false);
    req.target = Some(Target::KamerBy {
        date: date(2023, 11, 12),
    });
    let p = planner("ministerraad").plan(&req).unwrap();
    assert_eq!(p.feasible(), Some(false));
    // 12 Nov is a Sunday: latest send Fri 10 Nov; earliest is Mon 13 Nov, 1 werkdag late.
    assert_eq!(p.target.as_ref().unwrap().send_by.date, date(2023, 11, 10));
    assert_eq!(p.slack(), Some(-1));
    let value = serde_json::to_value(&p).unwrap();
    assert_eq!(
        value["standing"],
        serde_json::json!({"verdict": "late", "late-werkdagen": 1})
    );
    // 13 Nov is too late on every path, and no earlier ready date than the 9 Oct slot's
    // deadline 3 Oct makes MR 3 Nov: the latest path is the 9 Oct slot's.
    let latest: Vec<(String, String)> = value["target"]["latest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["step"].as_str().unwrap().to_string(),
                l["date"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        latest,
        [
            ("approval", "2023-10-03"),
            ("delivery", "2023-10-03"),
            ("voorportaal", "2023-10-09"),
            ("ministerraad", "2023-10-27"),
            ("kamer", "2023-10-30"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
}

// ---------------------------------------------------------------------------------------
// Laws
// ---------------------------------------------------------------------------------------

fn day_in(from: Date, to: Date) -> impl Strategy<Value = Date> {
    let n = (to - from).get_days() as i64;
    (0..=n).prop_map(move |i| from.checked_add(i.days()).unwrap())
}

fn kamer(ready: Date, onderraad: bool) -> Date {
    planner("ministerraad")
        .dates(&ad_hoc(ready, onderraad))
        .unwrap()
        .kamer
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Approving later never gets the letter to the Kamer earlier.
    #[test]
    fn later_ready_never_gives_an_earlier_kamer(
        a in day_in(date(2023, 1, 2), date(2027, 10, 1)),
        gap in 0i64..60,
        onderraad in any::<bool>(),
    ) {
        let b = a.checked_add(gap.days()).unwrap().min(date(2027, 10, 1));
        prop_assert!(kamer(a, onderraad) <= kamer(b, onderraad), "{a} vs {b}");
    }

    /// A plan never precedes its input: every milestone is on or after the ready date
    /// and the letter goes to the Kamer strictly after it. The explained plan and the
    /// fast core agree.
    #[test]
    fn a_plan_never_precedes_its_input(
        ready in day_in(date(2023, 1, 2), date(2027, 10, 1)),
        onderraad in any::<bool>(),
        k in 0u8..=2,
    ) {
        let p = planner("ministerraad");
        let mut req = ad_hoc(ready, onderraad);
        req.assumptions.send_after = Some(k);
        let plan = p.plan(&req).unwrap();
        let kamer = plan.kamer.unwrap();
        prop_assert!(kamer > ready, "ready {ready}, kamer {kamer}");
        for m in &plan.milestones {
            prop_assert!(m.date >= ready, "{} on {} before ready {ready}", m.step, m.date);
        }
        let mut dates: Vec<Date> = plan.milestones.iter().map(|m| m.date).collect();
        let in_order = dates.clone();
        dates.sort();
        prop_assert_eq!(dates, in_order);
        let core = p.dates(&req).unwrap();
        for m in &plan.milestones {
            prop_assert_eq!(core.get(m.step), Some(m.date));
        }
    }

    /// The backward plan fed forward: approving on the latest approval date meets the
    /// target, and the forward plan from there is exactly the latest path shown (one
    /// consistent route: the voorportaal shown feeds the MR shown).
    #[test]
    fn backward_fed_forward_meets_the_target(
        target in day_in(date(2023, 3, 1), date(2027, 11, 30)),
        onderraad in any::<bool>(),
    ) {
        let p = planner("ministerraad");
        let mut req = ad_hoc(target, onderraad);
        let t = Target::KamerBy { date: target };
        let back = p.backward(&req, &t).unwrap();
        let latest = back.latest.iter().find(|l| l.step == Step::Approval).unwrap().date;
        prop_assert!(latest <= back.send_by.date);
        req.position = stroom::Position::Ready { since: latest };
        req.today = latest;
        let forward = p.plan(&req).unwrap();
        prop_assert!(forward.kamer.unwrap() <= back.send_by.date, "target {target}: ready {latest} gives {:?}, send by {}", forward.kamer, back.send_by.date);
        let shown: Vec<(Step, Date)> = back.latest.iter().filter(|l| l.step != Step::Approval).map(|l| (l.step, l.date)).collect();
        let path: Vec<(Step, Date)> = forward.milestones.iter().filter(|m| m.step != Step::Approval).map(|m| (m.step, m.date)).collect();
        prop_assert_eq!(shown, path);
        // One werkdag later misses the target (or cannot be planned at all).
        req.position = stroom::Position::Ready { since: p.werkdagen().add(latest, 1).unwrap() };
        if let Ok(d) = p.dates(&req) {
            prop_assert!(d.kamer > back.send_by.date, "target {target}: latest {latest} is not the latest");
        }
    }

    /// Slack means what planners mean: with slack s, the ready date s werkdagen later
    /// still meets the target and s + 1 werkdagen later does not (both by the forward
    /// planner). Late plans say by how many werkdagen the earliest send date misses.
    #[test]
    fn slack_is_how_far_the_ready_date_can_slip(
        ready in day_in(date(2023, 1, 2), date(2027, 6, 1)),
        weeks in 0i64..30,
        onderraad in any::<bool>(),
    ) {
        let p = planner("ministerraad");
        let target = ready.checked_add((weeks * 7).days()).unwrap();
        let mut req = ad_hoc(ready, onderraad);
        req.target = Some(Target::KamerBy { date: target });
        let plan = p.plan(&req).unwrap();
        let by = plan.target.as_ref().unwrap().send_by.date;
        let kamer_from = |d: Date| {
            let mut r = ad_hoc(d, onderraad);
            r.today = ready;
            p.dates(&r).map(|x| x.kamer).ok()
        };
        let slack = plan.slack().unwrap();
        if slack >= 0 {
            prop_assert_eq!(plan.feasible(), Some(true));
            let w = p.werkdagen();
            let at = w.add(ready, slack).unwrap();
            prop_assert!(kamer_from(at).is_some_and(|k| k <= by), "ready {ready} + {slack} = {at} should meet {by}");
            let past = w.add(ready, slack + 1).unwrap();
            prop_assert!(kamer_from(past).is_none_or(|k| k > by), "ready {ready} + {} = {past} should miss {by}", slack + 1);
        } else {
            prop_assert_eq!(plan.feasible(), Some(false));
            let kamer = plan.kamer.unwrap();
            prop_assert_eq!(p.werkdagen().between(by, kamer).unwrap(), -slack);
        }
    }

    /// Outside the calendars' coverage the planner says so and names the body and the
    /// range; it never panics.
    #[test]
    fn outside_coverage_is_an_error_naming_the_body(
        ready in day_in(date(2027, 12, 20), date(2030, 12, 31)),
        onderraad in any::<bool>(),
    ) {
        let p = planner("ministerraad");
        let err = p.plan(&ad_hoc(ready, onderraad)).unwrap_err().to_string();
        prop_assert!(err.contains("2023-01-01 to 2027-12-31"), "{err}");
        prop_assert!(err.contains("cwizo") || err.contains("mr") || err.contains("rwizo"), "{err}");
        prop_assert!(p.dates(&ad_hoc(ready, onderraad)).is_err());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The explanation agrees with the forward pass and with the calendars: every
    /// reason names the slot and rule that gave its date, and a missed slot is named
    /// exactly when the stroom rolled over it.
    #[test]
    fn the_explanation_agrees_with_the_forward_pass(
        ready in day_in(date(2023, 1, 2), date(2027, 10, 1)),
        onderraad in any::<bool>(),
    ) {
        let p = planner("ministerraad");
        let (_, cal) = env();
        let w = p.werkdagen();
        let plan = p.plan(&ad_hoc(ready, onderraad)).unwrap();
        let core = p.dates(&ad_hoc(ready, onderraad)).unwrap();
        for m in &plan.milestones {
            prop_assert_eq!(core.get(m.step), Some(m.date));
        }
        let cwizo = cal.body("cwizo").unwrap();
        let mr_body = cal.body("mr").unwrap();
        let delivery = date_of(&plan, Step::Delivery);
        let vp = date_of(&plan, Step::Voorportaal);
        let mr = date_of(&plan, Step::Ministerraad);
        let slot_index = cwizo.slots.iter().position(|s| s.meeting == vp).unwrap();
        let slot = &cwizo.slots[slot_index];
        prop_assert_eq!(slot.deadline, delivery);
        let previous = slot_index.checked_sub(1).map(|i| &cwizo.slots[i]);
        match why(&plan, Step::Delivery) {
            Why::Deadline { meeting, on_deadline_day, missed, .. } => {
                prop_assert_eq!(meeting, vp);
                prop_assert_eq!(on_deadline_day, delivery == ready);
                match missed {
                    Some(m) => {
                        let prev = previous.unwrap();
                        prop_assert_eq!((m.meeting, m.deadline, m.ready), (prev.meeting, prev.deadline, ready));
                        prop_assert!(m.deadline < ready && prev.meeting >= ready, "{m:?}");
                        prop_assert_eq!(m.werkdagen, w.between(m.deadline, w.next_or_same(ready).unwrap()).unwrap());
                        prop_assert!(m.werkdagen > 0);
                    }
                    // No slot rolled over: the one before (if any) met before the ready date.
                    None if delivery != ready => {
                        prop_assert!(previous.is_none_or(|s| s.meeting < ready), "ready {ready}: {previous:?} was missed");
                    }
                    None => {}
                }
            }
            other => prop_assert!(false, "delivery: {other:?}"),
        }
        let or_date = plan.milestones.iter().find(|m| m.step == Step::Onderraad).map(|m| m.date);
        prop_assert_eq!(or_date.is_some(), onderraad);
        match why(&plan, Step::Ministerraad) {
            Why::MrCoupled { slot: s, with_onderraad, .. } => {
                prop_assert_eq!(s, vp);
                prop_assert_eq!(with_onderraad, onderraad);
                let stated = if onderraad { slot.mr_with_onderraad } else { slot.mr };
                prop_assert_eq!(stated, Some(mr));
            }
            Why::MrOnderraadWeek { onderraad: od } => {
                prop_assert_eq!(Some(od), or_date);
                prop_assert!((mr - od).get_days() < 7);
                prop_assert_eq!(mr_body.first_meeting_from(od).ok().map(|i| mr_body.slots[i].meeting), Some(mr));
            }
            Why::MrAfterOnderraad { onderraad: od } => {
                prop_assert_eq!(Some(od), or_date);
                prop_assert!((mr - od).get_days() >= 7);
                prop_assert_eq!(mr_body.first_meeting_from(od).ok().map(|i| mr_body.slots[i].meeting), Some(mr));
            }
            Why::MrAfterVoorportaal { days } => {
                prop_assert!(!onderraad);
                let from = vp.checked_add(days.days()).unwrap();
                prop_assert_eq!(mr_body.first_meeting_from(from).ok().map(|i| mr_body.slots[i].meeting), Some(mr));
            }
            other => prop_assert!(false, "ministerraad: {other:?}"),
        }
        if let Some(od) = or_date {
            match why(&plan, Step::Onderraad) {
                Why::OnderraadBeforeCoupledMr { .. } => {
                    let coupled = matches!(why(&plan, Step::Ministerraad), Why::MrCoupled { .. });
                    prop_assert!(coupled, "the onderraad before a coupled MR, but the MR is not coupled");
                }
                Why::OnderraadAfterVoorportaal { deadline, .. } => {
                    let rwizo = cal.body("rwizo").unwrap();
                    let s = rwizo.slot_on(od).unwrap();
                    prop_assert_eq!(s.deadline, deadline);
                    prop_assert!(deadline >= vp, "onderraad deadline {deadline} before the voorportaal {vp}");
                }
                other => prop_assert!(false, "onderraad: {other:?}"),
            }
        }
    }
}

#[test]
fn ready_in_2028_is_an_error_naming_cwizo_and_its_range() {
    let e = planner("ministerraad")
        .plan(&ad_hoc(date(2028, 6, 1), false))
        .unwrap_err();
    // The data a front end renders (with its hint) and the plain statement.
    assert!(
        matches!(
            &e,
            stroom::Error::Calendar(stroom::CalendarError::NoSlotAfter { body, date: d, from, to })
                if body == "cwizo" && *d == date(2028, 6, 1) && *from == date(2023, 1, 1) && *to == date(2027, 12, 31)
        ),
        "{e:?}"
    );
    let err = e.to_string();
    assert!(
        err.starts_with("no cwizo slot known on or after 2028-06-01"),
        "{err}"
    );
    assert!(err.contains("covers 2023-01-01 to 2027-12-31"), "{err}");
    // Before coverage as well.
    let err = planner("ministerraad")
        .plan(&ad_hoc(date(2022, 6, 1), false))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("cwizo") && err.contains("2023-01-01 to 2027-12-31"),
        "{err}"
    );
    // A target before coverage, backward.
    let t = Target::KamerBy {
        date: date(2022, 6, 1),
    };
    let err = planner("ministerraad")
        .backward(&ad_hoc(date(2022, 5, 1), false), &t)
        .unwrap_err()
        .to_string();
    assert!(err.contains("2023-01-01 to 2027-12-31"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Regressions: answers that misled
// ---------------------------------------------------------------------------------------

fn why(p: &Plan, step: Step) -> Why {
    p.milestones
        .iter()
        .find(|m| m.step == step)
        .map(|m| m.why.clone())
        .unwrap()
}

#[test]
fn slack_of_the_planning_terms_example_is_one_werkdag() {
    // CALENDARS.md: ready Mon 2 Oct 2023 with onderraad, target Fri 24 Nov 2023: the
    // latest ready date is Tue 3 Oct, so the slack is 1 (not 14: the distance between
    // the Kamer date and the target).
    let mut req = ad_hoc(date(2023, 10, 2), true);
    req.target = Some(Target::KamerBy {
        date: date(2023, 11, 24),
    });
    let p = planner("ministerraad").plan(&req).unwrap();
    assert_eq!(p.feasible(), Some(true));
    assert_eq!(p.slack(), Some(1));
    let mut late = ad_hoc(date(2023, 10, 4), true);
    late.target = req.target;
    assert_eq!(
        planner("ministerraad").plan(&late).unwrap().feasible(),
        Some(false)
    );
}

#[test]
fn latest_dates_are_one_path() {
    // Kamer by 24 Nov 2023: the last MR that sends in time is 17 Nov, but no CWIZO slot
    // feeds it; the latest CWIZO (30 Oct) feeds MR 10 Nov, and that is the MR shown.
    let mut req = ad_hoc(date(2023, 9, 27), false);
    req.target = Some(Target::KamerBy {
        date: date(2023, 11, 24),
    });
    let p = planner("ministerraad").plan(&req).unwrap();
    let latest: Vec<(Step, Date)> = p
        .target
        .unwrap()
        .latest
        .iter()
        .map(|l| (l.step, l.date))
        .collect();
    assert_eq!(
        latest,
        [
            (Step::Approval, date(2023, 10, 20)),
            (Step::Delivery, date(2023, 10, 20)),
            (Step::Voorportaal, date(2023, 10, 30)),
            (Step::Ministerraad, date(2023, 11, 10)),
            (Step::Kamer, date(2023, 11, 13)),
        ]
    );
}

#[test]
fn the_mr_after_an_onderraad_is_not_called_the_onderraads_week_when_weeks_later() {
    // Every ready date of 2023-2027 with onderraad: where the plan's MR lies a week or
    // more after the onderraad, the reason says so. The embedded calendars hold an
    // onderraad only in a week with an MR after it (CALENDARS.md), so one MR is cancelled
    // here to make such a week.
    let (routes, cal) = env();
    let mut cal = cal.clone();
    cal.add_file(
        "cancel.toml",
        "body = \"mr\"\nkind = \"ministerraad\"\n\n[[slot]]\nmeeting = 2024-05-31\ncancelled = true\nreason = \"an MR-less week after the rwizo of 28 May\"\n",
    )
    .unwrap();
    let p = Planner::new(routes.get("ministerraad").unwrap(), &cal).unwrap();
    let mut seen = 0;
    let mut d = date(2023, 1, 2);
    while d < date(2027, 9, 1) {
        if let Ok(plan) = p.plan(&ad_hoc(d, true)) {
            let (od, m) = (
                date_of(&plan, Step::Onderraad),
                date_of(&plan, Step::Ministerraad),
            );
            let w = why(&plan, Step::Ministerraad);
            if (m - od).get_days() >= 7 {
                seen += 1;
                assert!(!matches!(w, Why::MrOnderraadWeek { .. }), "{d}: {w:?}");
            }
        }
        d = d.checked_add(1.days()).unwrap();
    }
    assert!(seen > 0, "no plan with the MR weeks after its onderraad");
}

#[test]
fn a_debate_on_a_non_werkdag_names_the_lead_it_used() {
    let p = planner("ondertekening");
    let target = Target::Debate {
        date: date(2024, 12, 14), // a Saturday
        lead: None,
    };
    let back = p
        .backward(&Request::ad_hoc(date(2024, 11, 1)), &target)
        .unwrap();
    assert_eq!(back.send_by.date, date(2024, 12, 10));
    assert_eq!(
        back.send_by.why,
        Why::DebateLead {
            debate: date(2024, 12, 14),
            werkdagen: 4,
            estimate: true
        }
    );
}

#[test]
fn a_target_after_the_calendars_says_it_lies_after_them() {
    let t = Target::KamerBy {
        date: date(2028, 3, 1),
    };
    let err = planner("ministerraad")
        .backward(&ad_hoc(date(2027, 9, 1), true), &t)
        .unwrap_err();
    // After the end, not before the start: the renderer's hint says so from these data.
    assert!(
        matches!(
            &err,
            stroom::Error::Calendar(stroom::CalendarError::NoSlotBefore { date: d, to, .. }) if d > to
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("so later slots are unknown"),
        "{err}"
    );
}

#[test]
fn a_target_at_the_calendars_end_with_onderraad_is_planned() {
    // The last slots' onderraad or MR lie beyond the data; they could never have made
    // the target and must not fail the plan.
    for day in 20..=31 {
        let mut req = ad_hoc(date(2027, 9, 1), true);
        req.target = Some(Target::KamerBy {
            date: date(2027, 12, day),
        });
        let p = planner("ministerraad").plan(&req).unwrap();
        assert_eq!(p.feasible(), Some(true), "Kamer by 2027-12-{day}");
        assert!(!p.target.unwrap().latest.is_empty());
    }
}

#[test]
fn after_an_onderraad_the_plan_is_with_onderraad() {
    let p = planner("ministerraad");
    let mut req = Request::ad_hoc(date(2023, 10, 18));
    req.assumptions.onderraad = Some(true);
    req.position = stroom::Position::AtMinisterraad {
        slot: date(2023, 10, 9),
        holds: 0,
        since: date(2023, 10, 17),
        after_onderraad: true,
    };
    assert!(p.plan(&req).unwrap().onderraad);
}

#[test]
fn planning_a_stored_stroom_as_of_an_earlier_day_rewinds_it() {
    let (routes, _) = env();
    let route = routes.get("ministerraad").unwrap();
    let store = MemoryStore::new();
    let def = llo();
    let reference = def.reference.clone();
    journal::create(&store, routes, def, date(2024, 3, 1), meta(0), TODAY).unwrap();
    let records = stroom::Store::load(&store, &reference).unwrap();
    let err = stroom::planner::as_of(route, records.iter().map(|r| &r.event), date(2023, 9, 27))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("registered on 2024-03-01, after the planning day 2023-09-27"),
        "{err}"
    );
    let (s, later) =
        stroom::planner::as_of(route, records.iter().map(|r| &r.event), date(2024, 3, 1)).unwrap();
    assert_eq!((s.state.kind(), later), (StateKind::Concept, 0));
}

/// "Today" for the journal's date checks: after every date these tests record.
const TODAY: jiff::civil::Date = jiff::civil::date(2030, 1, 1);

/// The embedded calendars, parsed once: the journal checks delivered slots against them.
fn calendars() -> &'static stroom::Calendars {
    static CALENDARS: std::sync::OnceLock<stroom::Calendars> = std::sync::OnceLock::new();
    CALENDARS.get_or_init(|| stroom::Calendars::embedded().expect("the embedded calendars parse"))
}
