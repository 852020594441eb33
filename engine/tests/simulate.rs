//! Scenarios, Monte Carlo, learned durations and the portfolio, tested against oracles:
//! a scenario equals the plan of a hand-changed request; a Monte Carlo estimate equals a
//! probability worked out by hand; learned durations equal werkdagen counted by hand.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use jiff::civil::{date, Date};
use jiff::Timestamp;
use stroom::machine::{Action, Command, Correction, MrOutcome, Outcome, StateKind, Stroom};
use stroom::planner::Plan;
use stroom::portfolio::{portfolio, Risk};
use stroom::simulate::{learn_durations, monte_carlo, parse_scenarios, what_if, MonteCarlo};
use stroom::{
    journal, Calendars, Change, Dist, MemoryStore, Meta, Model, Planner, Request, Role, Routes,
    Scenario, Step, Store, StroomDef, Target,
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

fn meta(n: i64) -> Meta {
    Meta::builder()
        .actor("test")
        .recorded_at(Timestamp::from_second(1_695_800_000 + n * 60).unwrap())
        // A return must say why; a comment on the other events does no harm.
        .comment(Some("recorded by a test".to_string()))
        .build()
}

fn def(
    reference: &str,
    route: &str,
    first: &str,
    mede: &[&str],
    target: Option<Target>,
) -> StroomDef {
    StroomDef {
        reference: reference.into(),
        title: format!("Kamerbrief {reference}"),
        route: route.into(),
        directie: "MBO".into(),
        eerste_ondertekenaar: role(first),
        mede_ondertekenaars: mede.iter().map(|m| role(m)).collect(),
        kamerbrieven: Vec::new(),
        target,
    }
}

fn llo() -> StroomDef {
    def(
        "41077000",
        "ministerraad",
        "MSZW",
        &["MPVO", "MOCW", "MEZK"],
        None,
    )
}

/// Creates `def` on `created` in `store` and runs `actions`; returns the stroom.
fn run(store: &MemoryStore, def: StroomDef, created: Date, actions: &[(Date, Action)]) -> Stroom {
    let (routes, _) = env();
    let reference = def.reference.clone();
    let mut s = journal::create(store, routes, def, created, meta(0), TODAY)
        .unwrap()
        .stroom;
    for (i, (on, action)) in actions.iter().enumerate() {
        let cmd = Command {
            on: *on,
            action: action.clone(),
        };
        s = journal::execute(
            store,
            routes,
            calendars(),
            &reference,
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

/// The LLO stroom in concept on 27 Sep 2023, planned that day.
fn llo_request() -> Request {
    let s = run(&MemoryStore::new(), llo(), date(2023, 9, 27), &[]);
    Request::for_stroom(&s, date(2023, 9, 27)).unwrap()
}

// ---------------------------------------------------------------------------------------
// Scenarios: what_if equals the planner on a hand-changed request
// ---------------------------------------------------------------------------------------

struct Case {
    change: Change,
    /// The same change, made by hand to the request's assumptions.
    by_hand: fn(&mut Request),
    /// The Kamer date it must give.
    kamer: Date,
}

fn delay_case(step: Step, werkdagen: i32, kamer: Date) -> Case {
    let by_hand: fn(&mut Request) = match step {
        Step::Approval => |r| r.assumptions.delay = [15, 0, 0, 0, 0, 0],
        Step::Delivery => |r| r.assumptions.delay = [0, 15, 0, 0, 0, 0],
        Step::Voorportaal => |r| r.assumptions.delay = [0, 0, 15, 0, 0, 0],
        Step::Onderraad => |r| r.assumptions.delay = [0, 0, 0, 15, 0, 0],
        Step::Ministerraad => |r| r.assumptions.delay = [0, 0, 0, 0, 15, 0],
        Step::Kamer => |r| r.assumptions.delay = [0, 0, 0, 0, 0, 15],
    };
    assert_eq!(werkdagen, 15);
    Case {
        change: Change::Delay { step, werkdagen },
        by_hand,
        kamer,
    }
}

fn cases() -> Vec<Case> {
    vec![
        // Approvals 15 werkdagen later: 25 Oct, past the 20 Oct deadline: CWIZO 20 Nov,
        // MR 1 Dec (rule), Kamer 4 Dec.
        delay_case(Step::Approval, 15, date(2023, 12, 4)),
        delay_case(Step::Delivery, 15, date(2023, 12, 4)),
        // The voorportaal no earlier than 15 werkdagen after 30 Oct: CWIZO 20 Nov, MR 1 Dec.
        delay_case(Step::Voorportaal, 15, date(2023, 12, 4)),
        // No onderraad in the baseline: its delay changes nothing.
        delay_case(Step::Onderraad, 15, date(2023, 11, 13)),
        // MR no earlier than 15 werkdagen after 10 Nov: 1 Dec.
        delay_case(Step::Ministerraad, 15, date(2023, 12, 4)),
        delay_case(Step::Kamer, 15, date(2023, 12, 4)),
        Case {
            change: Change::RoleDelay {
                role: role("MPVO"),
                werkdagen: 15,
            },
            by_hand: |r| {
                r.assumptions.role_delay.insert(role("MPVO"), 15);
            },
            kamer: date(2023, 12, 4),
        },
        Case {
            // One role early changes nothing while the others come on 4 Oct.
            change: Change::ApprovalOn {
                role: role("MOCW"),
                date: date(2023, 10, 2),
            },
            by_hand: |r| {
                r.assumptions
                    .approval_on
                    .insert(role("MOCW"), date(2023, 10, 2));
            },
            kamer: date(2023, 11, 13),
        },
        Case {
            change: Change::ApprovalOn {
                role: role("MEZK"),
                date: date(2023, 11, 14),
            },
            by_hand: |r| {
                r.assumptions
                    .approval_on
                    .insert(role("MEZK"), date(2023, 11, 14));
            },
            kamer: date(2023, 12, 4),
        },
        Case {
            // CWIZO 30 Oct has no coupling with RWIZO: the first RWIZO whose deadline
            // follows it (21 Nov), MR 24 Nov, Kamer 27 Nov.
            change: Change::Onderraad { needed: true },
            by_hand: |r| r.assumptions.onderraad = Some(true),
            kamer: date(2023, 11, 27),
        },
        Case {
            change: Change::Onderraad { needed: false },
            by_hand: |r| r.assumptions.onderraad = Some(false),
            kamer: date(2023, 11, 13),
        },
        Case {
            // Returned at CWIZO 30 Oct, 3 werkdagen rework: the next slot, 20 Nov.
            change: Change::VoorportaalReturn { rework: 3 },
            by_hand: |r| r.assumptions.voorportaal_returns = vec![3],
            kamer: date(2023, 12, 4),
        },
        Case {
            change: Change::MrHolds { times: 1 },
            by_hand: |r| r.assumptions.mr_holds = 1,
            kamer: date(2023, 11, 20),
        },
        Case {
            change: Change::MrHolds { times: 2 },
            by_hand: |r| r.assumptions.mr_holds = 2,
            kamer: date(2023, 11, 27),
        },
        Case {
            change: Change::SendAfter { k: 0 },
            by_hand: |r| r.assumptions.send_after = Some(0),
            kamer: date(2023, 11, 10),
        },
        Case {
            change: Change::SendAfter { k: 2 },
            by_hand: |r| r.assumptions.send_after = Some(2),
            kamer: date(2023, 11, 14),
        },
    ]
}

#[test]
fn every_change_equals_the_planner_on_a_hand_changed_request() {
    let p = planner("ministerraad");
    let base = llo_request();
    let scenarios: Vec<Scenario> = cases()
        .iter()
        .enumerate()
        .map(|(i, c)| Scenario {
            name: format!("s{i}"),
            changes: vec![c.change.clone()],
        })
        .collect();
    let result = what_if(&p, &base, &scenarios).unwrap();
    assert_eq!(result.baseline, p.plan(&base).unwrap());
    assert_eq!(result.baseline.kamer, Some(date(2023, 11, 13)));
    assert_eq!(result.scenarios.len(), scenarios.len());
    for (case, got) in cases().iter().zip(&result.scenarios) {
        let mut req = base.clone();
        (case.by_hand)(&mut req);
        assert_ne!(
            req, base,
            "{:?}: the hand change changes nothing",
            case.change
        );
        let expected = p.plan(&req).unwrap();
        assert_eq!(got.plan, expected, "{:?}", case.change);
        assert_eq!(got.changes, vec![case.change.clone()]);
        assert_eq!(got.plan.kamer, Some(case.kamer), "{:?}", case.change);
    }
}

#[test]
fn the_onderraad_scenario_plans_an_onderraad_before_a_later_mr() {
    let p = planner("ministerraad");
    let s = Scenario {
        name: "rwizo".into(),
        changes: vec![Change::Onderraad { needed: true }],
    };
    let r = what_if(&p, &llo_request(), &[s]).unwrap();
    let plan: &Plan = &r.scenarios[0].plan;
    assert!(plan.onderraad);
    let of = |step| {
        plan.milestones
            .iter()
            .find(|m| m.step == step)
            .unwrap()
            .date
    };
    assert_eq!(of(Step::Onderraad), date(2023, 11, 21));
    assert_eq!(of(Step::Ministerraad), date(2023, 11, 24));
    let base_mr = r
        .baseline
        .milestones
        .iter()
        .find(|m| m.step == Step::Ministerraad)
        .unwrap()
        .date;
    assert!(of(Step::Ministerraad) > base_mr);
}

/// Changes accumulate in order, exactly as the same edits made by hand.
#[test]
fn a_scenario_with_many_changes_equals_all_hand_changes() {
    let p = planner("ministerraad");
    let base = llo_request();
    let s = Scenario {
        name: "everything".into(),
        changes: vec![
            Change::RoleDelay {
                role: role("MPVO"),
                werkdagen: 2,
            },
            Change::RoleDelay {
                role: role("MPVO"),
                werkdagen: 3,
            },
            Change::Delay {
                step: Step::Kamer,
                werkdagen: 1,
            },
            Change::Delay {
                step: Step::Kamer,
                werkdagen: 1,
            },
            Change::Onderraad { needed: true },
            Change::VoorportaalReturn { rework: 2 },
            Change::VoorportaalReturn { rework: 4 },
            Change::MrHolds { times: 1 },
            Change::MrHolds { times: 1 },
            Change::SendAfter { k: 0 },
            Change::ApprovalOn {
                role: role("MSZW"),
                date: date(2023, 10, 9),
            },
        ],
    };
    let mut req = base.clone();
    let a = &mut req.assumptions;
    a.role_delay = BTreeMap::from([(role("MPVO"), 5)]);
    a.delay = [0, 0, 0, 0, 0, 2];
    a.onderraad = Some(true);
    a.voorportaal_returns = vec![2, 4];
    a.mr_holds = 2;
    a.send_after = Some(0);
    a.approval_on = BTreeMap::from([(role("MSZW"), date(2023, 10, 9))]);
    assert_eq!(s.apply(&base), req);
    let r = what_if(&p, &base, std::slice::from_ref(&s)).unwrap();
    assert_eq!(r.scenarios[0].plan, p.plan(&req).unwrap());
    assert!(r.scenarios[0].plan.kamer.unwrap() > r.baseline.kamer.unwrap());
}

#[test]
fn a_scenario_outside_coverage_names_the_scenario() {
    let p = planner("ministerraad");
    let s = Scenario {
        name: "very late".into(),
        changes: vec![Change::ApprovalOn {
            role: role("MOCW"),
            date: date(2028, 3, 1),
        }],
    };
    let err = what_if(&p, &llo_request(), &[s]).unwrap_err().to_string();
    assert!(
        err.starts_with("scenario 'very late': no cwizo slot"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------
// Scenario files
// ---------------------------------------------------------------------------------------

#[test]
fn scenario_file_parses_to_changes() {
    let text = r#"
[[scenario]]
name = "MPVO een week later"
role-delay = { MPVO = 5 }

[[scenario]]
name = "RWIZO nodig, MR houdt aan"
onderraad = true
mr-holds = 1

[[scenario]]
name = "alles"
delay = { voorportaal = 2, approval = 1 }
role-delay = { MOCW = 3 }
approval-on = { MEZK = 2023-10-20 }
onderraad = false
voorportaal-return = 4
mr-holds = 2
send-after = 0
"#;
    let got = parse_scenarios("scenarios.toml", text).unwrap();
    let expected = vec![
        Scenario {
            name: "MPVO een week later".into(),
            changes: vec![Change::RoleDelay {
                role: role("MPVO"),
                werkdagen: 5,
            }],
        },
        Scenario {
            name: "RWIZO nodig, MR houdt aan".into(),
            changes: vec![
                Change::Onderraad { needed: true },
                Change::MrHolds { times: 1 },
            ],
        },
        Scenario {
            name: "alles".into(),
            changes: vec![
                // delay keys in alphabetical order
                Change::Delay {
                    step: Step::Approval,
                    werkdagen: 1,
                },
                Change::Delay {
                    step: Step::Voorportaal,
                    werkdagen: 2,
                },
                Change::RoleDelay {
                    role: role("MOCW"),
                    werkdagen: 3,
                },
                Change::ApprovalOn {
                    role: role("MEZK"),
                    date: date(2023, 10, 20),
                },
                Change::Onderraad { needed: false },
                Change::VoorportaalReturn { rework: 4 },
                Change::MrHolds { times: 2 },
                Change::SendAfter { k: 0 },
            ],
        },
    ];
    assert_eq!(got, expected);
}

#[test]
fn bad_scenario_files_name_file_and_line() {
    let bad = [
        ("unknown-key", "[[scenario]]\nname = \"x\"\nmr-hold = 1\n"),
        (
            "bad-step",
            "[[scenario]]\nname = \"a\"\n\n[[scenario]]\nname = \"x\"\ndelay = { cwizo = 2 }\n",
        ),
        (
            "send-after-5",
            "[[scenario]]\nname = \"x\"\nsend-after = 5\n",
        ),
        (
            "bad-role",
            "[[scenario]]\nname = \"x\"\nrole-delay = { mocw = 2 }\n",
        ),
        (
            "bad-date",
            "[[scenario]]\nname = \"x\"\napproval-on = { MOCW = \"20 oktober\" }\n",
        ),
        ("no-name", "[[scenario]]\nmr-holds = 1\n"),
        ("empty", "# nothing here\n"),
        ("not-toml", "[[scenario]\nname = \"x\"\n"),
    ];
    let mut out = String::new();
    for (name, text) in bad {
        let source = format!("{name}.toml");
        let err = parse_scenarios(&source, text).unwrap_err().to_string();
        assert!(err.starts_with(&format!("{source}:")), "{err}");
        out.push_str(&format!("== {name}\n{err}\n"));
    }
    // The line numbers: the bad key's line, or the scenario's [[scenario]] line.
    assert!(out.contains("unknown-key.toml:3:"), "{out}");
    assert!(out.contains("bad-step.toml:4:"), "{out}");
    assert!(out.contains("send-after-5.toml:1:"), "{out}");
    insta::assert_snapshot!(out);
}

// ---------------------------------------------------------------------------------------
// Monte Carlo
// ---------------------------------------------------------------------------------------

fn mc(req: &Request, model: &Model, runs: u64, seed: u64, threads: usize) -> MonteCarlo {
    monte_carlo(
        &planner("ministerraad"),
        req,
        model,
        runs,
        seed,
        threads,
        &|_| {},
    )
    .unwrap()
}

fn triangular_model() -> Model {
    let p = planner("ministerraad");
    let mut m = Model::fixed(&p);
    m.approval = Dist::Triangular {
        min: 2.0,
        mode: 5.0,
        max: 15.0,
    };
    m.roles
        .insert(role("MPVO"), Dist::Uniform { min: 3, max: 12 });
    m.p_onderraad = 0.3;
    m.p_return = 0.2;
    m.rework = Dist::Triangular {
        min: 1.0,
        mode: 3.0,
        max: 8.0,
    };
    m.p_hold = 0.2;
    m
}

#[test]
fn a_fixed_model_gives_one_date_per_step() {
    let p = planner("ministerraad");
    let mut req = llo_request();
    req.target = Some(Target::KamerBy {
        date: date(2023, 12, 31),
    });
    let r = mc(&req, &Model::fixed(&p), 3000, 7, 2);
    assert_eq!(r.runs, 3000);
    let plan = p.plan(&req).unwrap();
    for s in &r.steps {
        assert_eq!((s.p50, s.p80, s.min), (s.p95, s.p95, s.max), "{:?}", s.step);
        assert_eq!(s.runs, 3000);
        let planned = plan
            .milestones
            .iter()
            .filter(|m| m.step == s.step)
            .map(|m| m.date)
            .max();
        assert_eq!(Some(s.p50), planned, "{:?}", s.step);
    }
    assert_eq!(r.kamer.len(), 1);
    assert_eq!(
        (r.kamer[0].date, r.kamer[0].runs),
        (date(2023, 11, 13), 3000)
    );
    assert_eq!(r.p_target, Some(1.0));
    assert_eq!(r.send_by, Some(date(2023, 12, 29)));
}

#[test]
fn the_same_seed_gives_the_same_result_on_any_thread_count() {
    let mut req = llo_request();
    req.target = Some(Target::KamerBy {
        date: date(2023, 12, 1),
    });
    let model = triangular_model();
    let one = mc(&req, &model, 5000, 42, 1);
    let two = mc(&req, &model, 5000, 42, 2);
    let again = mc(&req, &model, 5000, 42, 2);
    let five = mc(&req, &model, 5000, 42, 5);
    assert_eq!(one, two);
    assert_eq!(two, again);
    assert_eq!(one, five);
    // And a different seed gives a different sample (the model is not degenerate).
    let other = mc(&req, &model, 5000, 43, 2);
    assert_ne!(one.kamer, other.kamer);
    assert!(one.kamer.len() > 3, "{:?}", one.kamer);
}

#[test]
fn percentiles_are_ordered_under_a_triangular_model() {
    let r = mc(&llo_request(), &triangular_model(), 10_000, 1, 2);
    assert_eq!(r.kamer.iter().map(|k| k.runs).sum::<u64>(), 10_000);
    assert!(r.kamer.windows(2).all(|w| w[0].date < w[1].date));
    for s in &r.steps {
        assert!(
            s.min <= s.p50 && s.p50 <= s.p80 && s.p80 <= s.p95 && s.p95 <= s.max,
            "{s:?}"
        );
    }
    let kamer = r.steps.iter().find(|s| s.step == Step::Kamer).unwrap();
    assert!(kamer.p50 < kamer.p95, "{kamer:?}");
    // The onderraad happens in about 30% of the runs.
    let or = r.steps.iter().find(|s| s.step == Step::Onderraad).unwrap();
    assert!((2_700..3_300).contains(&or.runs), "{or:?}");
}

/// MR holds with p = 0.5 (at most three): Kamer 13 Nov with probability 1/2, 20 Nov 1/4,
/// 27 Nov 1/8, 4 Dec 1/8. With 20,000 runs the standard error of each frequency is at most
/// 0.0036, so a tolerance of ±0.02 is more than five standard errors.
#[test]
fn hold_probability_matches_the_exact_distribution() {
    let p = planner("ministerraad");
    let mut req = Request::ad_hoc(date(2023, 10, 4));
    req.target = Some(Target::KamerBy {
        date: date(2023, 11, 20),
    });
    let mut model = Model::fixed(&p);
    model.p_hold = 0.5;
    let r = mc(&req, &model, 20_000, 2023, 2);
    let exact = [
        (date(2023, 11, 13), 0.5),
        (date(2023, 11, 20), 0.25),
        (date(2023, 11, 27), 0.125),
        (date(2023, 12, 4), 0.125),
    ];
    assert_eq!(r.kamer.len(), exact.len(), "{:?}", r.kamer);
    for (k, (d, prob)) in r.kamer.iter().zip(exact) {
        assert_eq!(k.date, d);
        let f = k.runs as f64 / 20_000.0;
        assert!((f - prob).abs() < 0.02, "{d}: {f} vs {prob}");
    }
    let p_target = r.p_target.unwrap();
    assert!((p_target - 0.75).abs() < 0.02, "{p_target}");
}

/// One role takes 5 or 6 werkdagen (uniform) from 26 Sep 2023: 3 Oct makes the CWIZO
/// deadline (Kamer 30 Oct), 4 Oct misses it (Kamer 13 Nov). P(Kamer by 1 Nov) = 1/2,
/// estimated within ±0.02 (standard error 0.0035 with 20,000 runs).
#[test]
fn a_two_point_approval_duration_matches_the_exact_probability() {
    let p = planner("ministerraad");
    let s = run(&MemoryStore::new(), llo(), date(2023, 9, 26), &[]);
    let mut req = Request::for_stroom(&s, date(2023, 9, 26)).unwrap();
    req.target = Some(Target::KamerBy {
        date: date(2023, 11, 1),
    });
    let mut model = Model::fixed(&p);
    model
        .roles
        .insert(role("MPVO"), Dist::Uniform { min: 5, max: 6 });
    let r = mc(&req, &model, 20_000, 99, 2);
    let dates: Vec<Date> = r.kamer.iter().map(|k| k.date).collect();
    assert_eq!(dates, [date(2023, 10, 30), date(2023, 11, 13)]);
    let p_target = r.p_target.unwrap();
    assert!((p_target - 0.5).abs() < 0.02, "{p_target}");
}

// ---------------------------------------------------------------------------------------
// Learned durations
// ---------------------------------------------------------------------------------------

#[test]
fn learned_durations_count_werkdagen_per_version() {
    let store = MemoryStore::new();
    let approve = |on, r: &str, version| {
        (
            on,
            Action::Approve {
                role: role(r),
                version,
            },
        )
    };
    let sign = |on, r: &str, version| {
        (
            on,
            Action::Sign {
                role: role(r),
                version,
            },
        )
    };
    // Route A: submitted Mon 4 Sep 2023; MOCW approves v1 on Thu 7 Sep (3 werkdagen);
    // MPVO returns v1 on Fri 8 Sep; v2 is measured from the return: MOCW on Tue 12 Sep
    // (2), MPVO on Fri 15 Sep (5). Then through CWIZO and MR to the Kamer.
    let a = run(
        &store,
        def("a-1", "ministerraad", "MOCW", &["MPVO"], None),
        date(2023, 9, 1),
        &[
            (date(2023, 9, 4), Action::Submit),
            approve(date(2023, 9, 7), "MOCW", 1),
            (
                date(2023, 9, 8),
                Action::Return {
                    role: role("MPVO"),
                    version: 1,
                },
            ),
            approve(date(2023, 9, 12), "MOCW", 2),
            approve(date(2023, 9, 15), "MPVO", 2),
            (
                date(2023, 9, 15),
                Action::Deliver {
                    slot: date(2023, 10, 9),
                },
            ),
            (date(2023, 10, 9), Action::Voorportaal(Outcome::Door)),
            (
                date(2023, 10, 27),
                Action::Ministerraad(MrOutcome::Besloten),
            ),
            (date(2023, 10, 30), Action::Send),
        ],
    );
    assert_eq!(a.state.kind(), StateKind::Verzonden);
    // Route B over Christmas: submitted Fri 22 Dec 2023; MOCW signs Thu 28 Dec (2: 25 and
    // 26 Dec are off), MPVO signs Tue 2 Jan 2024 (4: 1 Jan is off).
    let b = run(
        &store,
        def("b-1", "ondertekening", "MOCW", &["MPVO"], None),
        date(2023, 12, 20),
        &[
            (date(2023, 12, 22), Action::Submit),
            sign(date(2023, 12, 28), "MOCW", 1),
            sign(date(2024, 1, 2), "MPVO", 1),
            (date(2024, 1, 3), Action::Send),
        ],
    );
    assert_eq!(b.state.kind(), StateKind::Verzonden);
    let trails = vec![store.load("a-1").unwrap(), store.load("b-1").unwrap()];
    let learned = learn_durations(&trails, &planner("ministerraad"));
    let expected = BTreeMap::from([(role("MOCW"), vec![3, 2, 2]), (role("MPVO"), vec![5, 4])]);
    assert_eq!(learned, expected);
}

/// `stroom correct` changes what is learned: a corrected date replaces the recorded one, a
/// voided approval is no observation.
#[test]
fn learned_durations_read_the_corrected_trail() {
    let (routes, _) = env();
    let store = MemoryStore::new();
    let approve = |on, r: &str| {
        (
            on,
            Action::Approve {
                role: role(r),
                version: 1,
            },
        )
    };
    // Submitted Mon 4 Sep 2023; MOCW's approval recorded as Thu 14 Sep (8 werkdagen), really
    // Thu 7 Sep (3); MPVO on Fri 15 Sep (9).
    run(
        &store,
        def("c-1", "ministerraad", "MOCW", &["MPVO"], None),
        date(2023, 9, 1),
        &[
            (date(2023, 9, 4), Action::Submit),
            approve(date(2023, 9, 14), "MOCW"),
            approve(date(2023, 9, 15), "MPVO"),
        ],
    );
    // Submitted Mon 4 Sep; an approval of MOCW on Tue 5 Sep recorded by mistake.
    run(
        &store,
        def("d-1", "ministerraad", "MOCW", &["MPVO"], None),
        date(2023, 9, 1),
        &[
            (date(2023, 9, 4), Action::Submit),
            approve(date(2023, 9, 5), "MOCW"),
        ],
    );
    let trails = || vec![store.load("c-1").unwrap(), store.load("d-1").unwrap()];
    let before = learn_durations(&trails(), &planner("ministerraad"));
    assert_eq!(
        before,
        BTreeMap::from([(role("MOCW"), vec![8, 1]), (role("MPVO"), vec![9])])
    );
    let fix = |reference: &str, event: u64, correction: Correction| {
        let meta = Meta::builder()
            .actor("test")
            .recorded_at(Timestamp::from_second(1_700_000_000).unwrap())
            // The trail was recorded without roles (see `meta`): so are its corrections.
            .comment(Some("verkeerd vastgelegd".to_string()))
            .build();
        journal::correct(&store, routes, reference, event, correction, meta, TODAY).unwrap();
    };
    fix(
        "c-1",
        3,
        Correction::Date {
            on: date(2023, 9, 7),
        },
    );
    fix("d-1", 3, Correction::Void);
    let after = learn_durations(&trails(), &planner("ministerraad"));
    assert_eq!(
        after,
        BTreeMap::from([(role("MOCW"), vec![3]), (role("MPVO"), vec![9])])
    );
}

// ---------------------------------------------------------------------------------------
// Portfolio
// ---------------------------------------------------------------------------------------

#[test]
fn portfolio_sorts_by_risk_then_slack() {
    let (routes, cal) = env();
    let store = MemoryStore::new();
    let today = date(2023, 10, 4);
    let kamer_by = |d| Some(Target::KamerBy { date: d });
    let submitted = [(date(2023, 10, 2), Action::Submit)];
    let all = |on| {
        let mut v = vec![(date(2023, 9, 28), Action::Submit)];
        v.extend(["MOCW", "MPVO"].map(|r| {
            (
                on,
                Action::Approve {
                    role: role(r),
                    version: 1,
                },
            )
        }));
        v
    };
    let mut delivered = all(date(2023, 10, 3));
    delivered.push((
        date(2023, 10, 3),
        Action::Deliver {
            slot: date(2023, 10, 9),
        },
    ));
    let mut sent = delivered.clone();
    sent.push((date(2023, 10, 9), Action::Voorportaal(Outcome::Door)));
    sent.push((
        date(2023, 10, 27),
        Action::Ministerraad(MrOutcome::Besloten),
    ));
    sent.push((date(2023, 10, 30), Action::Send));
    let strooms = vec![
        // On track: delivered for CWIZO 9 Oct, MR 27 Oct, Kamer 30 Oct; debate 13 Dec
        // gives send-by 7 Dec.
        run(
            &store,
            def(
                "c-on-track",
                "ministerraad",
                "MOCW",
                &["MPVO"],
                Some(Target::Debate {
                    date: date(2023, 12, 13),
                    lead: None,
                }),
            ),
            date(2023, 9, 25),
            &delivered,
        ),
        // Late: submitted 2 Oct, approvals by 9 Oct, CWIZO 30 Oct, Kamer 13 Nov; wanted by 1 Nov.
        run(
            &store,
            def(
                "a-late",
                "ministerraad",
                "MOCW",
                &["MPVO"],
                kamer_by(date(2023, 11, 1)),
            ),
            date(2023, 9, 25),
            &submitted,
        ),
        // At risk: akkoord today (4 Oct), Kamer 13 Nov via the CWIZO of 30 Oct, wanted by
        // 15 Nov: the ready date may slip to that slot's deadline of 20 Oct, 12 werkdagen.
        run(
            &store,
            def(
                "b-at-risk",
                "ministerraad",
                "MOCW",
                &["MPVO"],
                kamer_by(date(2023, 11, 15)),
            ),
            date(2023, 9, 25),
            &all(today),
        ),
        // No target.
        run(
            &store,
            def("d-no-target", "ministerraad", "MOCW", &["MPVO"], None),
            date(2023, 9, 25),
            &[],
        ),
        // Sent: not in the portfolio.
        run(
            &store,
            def(
                "e-sent",
                "ministerraad",
                "MOCW",
                &["MPVO"],
                kamer_by(date(2023, 11, 1)),
            ),
            date(2023, 9, 25),
            &sent,
        ),
        // Ondertekening in concept: signed 9 Oct, sent 10 Oct; debate 10 Oct gives send-by
        // 4 Oct: 4 werkdagen late.
        run(
            &store,
            def(
                "f-debate",
                "ondertekening",
                "MOCW",
                &[],
                Some(Target::Debate {
                    date: date(2023, 10, 10),
                    lead: None,
                }),
            ),
            date(2023, 9, 25),
            &[],
        ),
    ];
    // Reversed input: the order comes from the sort, not from the input.
    let mut input = strooms.clone();
    input.reverse();
    let entries = portfolio(&input, routes, cal, today, 13);
    let refs: Vec<&str> = entries.iter().map(|e| e.reference.as_str()).collect();
    assert_eq!(
        refs,
        [
            "a-late",
            "f-debate",
            "b-at-risk",
            "c-on-track",
            "d-no-target"
        ]
    );
    let risks: Vec<Risk> = entries.iter().map(|e| e.risk).collect();
    assert_eq!(
        risks,
        [
            Risk::Late,
            Risk::Late,
            Risk::AtRisk,
            Risk::OnTrack,
            Risk::NoTarget
        ]
    );
    let late = &entries[0];
    assert_eq!(
        (
            late.kamer,
            late.send_by,
            late.standing.map(stroom::planner::Standing::signed)
        ),
        (Some(date(2023, 11, 13)), Some(date(2023, 11, 1)), Some(-8))
    );
    let at_risk = &entries[2];
    assert_eq!(
        at_risk.standing.map(stroom::planner::Standing::signed),
        Some(12)
    );
    // The same Kamer date as the planner gives each of them.
    for (e, s) in entries.iter().zip([
        "a-late",
        "f-debate",
        "b-at-risk",
        "c-on-track",
        "d-no-target",
    ]) {
        let stroom = strooms.iter().find(|x| x.def.reference == s).unwrap();
        let p = Planner::new(routes.get(&stroom.def.route).unwrap(), cal).unwrap();
        assert_eq!(
            e.kamer,
            Some(
                p.dates(&Request::for_stroom(stroom, today).unwrap())
                    .unwrap()
                    .kamer
            )
        );
    }
    insta::assert_snapshot!(serde_json::to_string_pretty(&entries).unwrap());
}

#[test]
fn portfolio_reports_a_stroom_it_cannot_plan() {
    let (routes, cal) = env();
    let s = run(
        &MemoryStore::new(),
        def("x", "ministerraad", "MOCW", &[], None),
        date(2023, 9, 25),
        &[],
    );
    let entries = portfolio(&[s], routes, cal, date(2028, 3, 1), 5);
    assert_eq!(entries[0].risk, Risk::Unknown);
    assert_eq!(entries[0].kamer, None);
    let err = entries[0].error.as_deref().unwrap();
    assert!(err.starts_with("no cwizo slot"), "{err}");
}

#[test]
fn a_bad_role_in_a_scenario_file_keeps_its_hint_on_its_own_line() {
    let text = "[[scenario]]\nname = \"x\"\nrole-delay = { mocw = 2 }\n";
    let err = parse_scenarios("bad-role.toml", text)
        .unwrap_err()
        .to_string();
    let first = err.lines().next().unwrap();
    assert_eq!(
        first, "bad-role.toml:3:16: 'mocw' is not a role code",
        "{err}"
    );
    assert!(
        err.lines().skip(1).all(|l| l.starts_with("  hint: ")),
        "{err}"
    );
}

/// "Today" for the journal's date checks: after every date these tests record.
const TODAY: jiff::civil::Date = jiff::civil::date(2030, 1, 1);

/// The embedded calendars, parsed once: the journal checks delivered slots against them.
fn calendars() -> &'static stroom::Calendars {
    static CALENDARS: std::sync::OnceLock<stroom::Calendars> = std::sync::OnceLock::new();
    CALENDARS.get_or_init(|| stroom::Calendars::embedded().expect("the embedded calendars parse"))
}
