//! Planning through the real binary: the worked examples of DOMAIN.md, a stored stroom's
//! plan, what-if and Monte Carlo simulations, the portfolio, the calendar commands and
//! the messages users read when a plan cannot be made.

#![allow(clippy::unwrap_used)] // a test helper panics with the assertion that failed

use serde_json::{json, Value};

use crate::{snap, Run, Sandbox};

/// A sandbox whose "today" is the day of the LLO nota.
fn sandbox() -> Sandbox {
    let mut sb = Sandbox::new();
    sb.today = "2023-09-27";
    sb
}

/// `stroom plan ARGS --format json`, which must succeed.
fn plan_json(sb: &Sandbox, args: &[&str]) -> Value {
    let mut all = vec!["plan"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    sb.run(&all).ok().json()
}

/// The date of the one milestone of `step` (and `body`, when given).
#[track_caller]
fn milestone(plan: &Value, step: &str, body: Option<&str>) -> String {
    let found: Vec<&Value> = plan["milestones"]
        .as_array()
        .expect("milestones is an array")
        .iter()
        .filter(|m| m["step"] == step && body.is_none_or(|b| m["body"] == b))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one {step} milestone in {:#}",
        plan["milestones"]
    );
    found[0]["date"].as_str().unwrap().to_string()
}

/// The steps of the plan's milestones, in order.
fn steps(plan: &Value) -> Vec<String> {
    plan["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["step"].as_str().unwrap().to_string())
        .collect()
}

/// The (step, date) pairs of the plan's latest path.
fn latest_dates(plan: &Value) -> Vec<(String, String)> {
    plan["target"]["latest"]
        .as_array()
        .expect("target.latest is an array")
        .iter()
        .map(|l| {
            (
                l["step"].as_str().unwrap().to_string(),
                l["date"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Runs `args` with `--format json` added.
fn json_run(sb: &Sandbox, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json"]);
    sb.run(&all).ok().json()
}

/// A usage error: exit 2, nothing on stdout.
#[track_caller]
fn usage_error(run: &Run) {
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert_eq!(run.stdout, "", "{}", run.snapshot());
}

// ---- 1. the worked examples -----------------------------------------------------------

/// Worked example 1: ready Tue 3 Oct 2023 makes the CWIZO of 9 Oct, MR 27 Oct, Kamer 30 Oct.
#[test]
fn worked_example_1_ready_on_the_deadline() {
    let sb = sandbox();
    let args = ["plan", "--route", "ministerraad", "--ready", "2023-10-03"];
    snap!("worked_example_1", sb, sb.run(&args).ok().snapshot());
    let p = plan_json(&sb, &args[1..]);
    assert_eq!(p["kamer"], "2023-10-30");
    assert_eq!(p["onderraad"], false);
    assert_eq!(p["send-after-werkdagen"], 1);
    assert_eq!(milestone(&p, "delivery", Some("cwizo")), "2023-10-03");
    assert_eq!(milestone(&p, "voorportaal", Some("cwizo")), "2023-10-09");
    assert_eq!(milestone(&p, "ministerraad", None), "2023-10-27");
    assert_eq!(milestone(&p, "kamer", None), "2023-10-30");
    assert_eq!(
        steps(&p),
        [
            "approval",
            "delivery",
            "voorportaal",
            "ministerraad",
            "kamer"
        ]
    );
    // The coupling of the sourced slot, not the formula's 20 Oct.
    let mr = p["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["step"] == "ministerraad")
        .unwrap();
    assert_eq!(mr["basis"], "sourced");
    assert_eq!(p["warnings"], json!([]));
}

/// Worked example 1 with RWIZO: MR 3 Nov, Kamer Mon 6 Nov; the onderraad the Tuesday before.
#[test]
fn worked_example_1_with_onderraad() {
    let sb = sandbox();
    let p = plan_json(
        &sb,
        &[
            "--route",
            "ministerraad",
            "--ready",
            "2023-10-03",
            "--onderraad",
        ],
    );
    assert_eq!(p["onderraad"], true);
    assert_eq!(milestone(&p, "voorportaal", Some("cwizo")), "2023-10-09");
    assert_eq!(milestone(&p, "onderraad", Some("rwizo")), "2023-10-31");
    assert_eq!(milestone(&p, "ministerraad", None), "2023-11-03");
    assert_eq!(p["kamer"], "2023-11-06");
    assert_eq!(
        steps(&p),
        [
            "approval",
            "delivery",
            "voorportaal",
            "onderraad",
            "ministerraad",
            "kamer"
        ]
    );
    // The RWIZO date is estimated and the plan says so.
    assert!(
        p["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "estimated-dates"
                && w["dates"]
                    .as_array()
                    .unwrap()
                    .contains(&json!({"body": "rwizo", "date": "2023-10-31"}))),
        "{:#}",
        p["warnings"]
    );
    let run = sb
        .run(&[
            "plan",
            "--route",
            "ministerraad",
            "--ready",
            "2023-10-03",
            "--onderraad",
        ])
        .ok();
    snap!("worked_example_1_onderraad", sb, run.snapshot());
}

/// Worked example 2: ready Wed 4 Oct misses the 3 Oct deadline and rolls over to the CWIZO
/// of 30 Oct: MR 10 Nov, Kamer Mon 13 Nov 2023, the real Kamerbrief's date.
#[test]
fn worked_example_2_rolls_over() {
    let sb = sandbox();
    let args = ["plan", "--route", "ministerraad", "--ready", "2023-10-04"];
    let run = sb.run(&args).ok();
    assert!(run.stdout.contains("rolls over"), "{}", run.stdout);
    snap!("worked_example_2", sb, run.snapshot());
    let p = plan_json(&sb, &args[1..]);
    assert_eq!(milestone(&p, "delivery", Some("cwizo")), "2023-10-20");
    assert_eq!(milestone(&p, "voorportaal", Some("cwizo")), "2023-10-30");
    assert_eq!(milestone(&p, "ministerraad", None), "2023-11-10");
    assert_eq!(p["kamer"], "2023-11-13");
    let delivery = &p["milestones"][1];
    assert_eq!(delivery["step"], "delivery");
    let why = &delivery["why"];
    assert!(
        why["code"] == "deadline"
            && why["missed"]["meeting"] == "2023-10-09"
            && why["missed"]["deadline"] == "2023-10-03",
        "the why names the missed slot and its deadline: {why}"
    );
}

/// Worked example 3: debate Wed 11 Dec 2024, N = 4 -> latest send Thu 5 Dec 2024.
#[test]
fn worked_example_3_backward_from_the_debate() {
    let mut sb = Sandbox::new();
    sb.today = "2024-12-02";
    let args = ["plan", "--route", "ondertekening", "--debate", "2024-12-11"];
    snap!("worked_example_3", sb, sb.run(&args).ok().snapshot());
    let p = plan_json(&sb, &args[1..]);
    assert_eq!(p["kamer"], Value::Null, "no --ready: no forward plan");
    assert_eq!(p["milestones"], json!([]));
    assert_eq!(p["target"]["send-by"]["date"], "2024-12-05");
    assert_eq!(p["target"]["debate"], "2024-12-11");
    let latest = latest_dates(&p);
    assert!(
        latest.contains(&("kamer".into(), "2024-12-05".into())),
        "{latest:#?}"
    );
    // A different lead moves the send date: N = 2 -> Mon 9 Dec.
    let p = plan_json(
        &sb,
        &[
            "--route",
            "ondertekening",
            "--debate",
            "2024-12-11",
            "--debate-lead",
            "2",
        ],
    );
    assert_eq!(p["target"]["send-by"]["date"], "2024-12-09");
}

/// send-after 0 sends on the MR's Friday, 2 on the Tuesday after.
#[test]
fn send_after_zero_and_two() {
    let sb = sandbox();
    let base = ["--route", "ministerraad", "--ready", "2023-10-03"];
    let p0 = plan_json(&sb, &[&base[..], &["--send-after", "0"]].concat());
    assert_eq!(p0["send-after-werkdagen"], 0);
    assert_eq!(milestone(&p0, "ministerraad", None), "2023-10-27");
    assert_eq!(p0["kamer"], "2023-10-27");
    let p2 = plan_json(&sb, &[&base[..], &["--send-after", "2"]].concat());
    assert_eq!(p2["send-after-werkdagen"], 2);
    assert_eq!(p2["kamer"], "2023-10-31");
    let run = sb.run(&[
        "plan",
        "--route",
        "ministerraad",
        "--ready",
        "2023-10-03",
        "--send-after",
        "3",
    ]);
    usage_error(&run);
    snap!("send_after_out_of_range", sb, run.snapshot());
}

/// Later ready dates roll over into distinct, later slots; the estimated dates warn.
#[test]
fn rollover_chain_over_several_slots() {
    let sb = sandbox();
    let mut transcript = String::new();
    let mut previous: Option<(String, String, String)> = None;
    for (ready, cwizo, kamer) in [
        ("2023-11-01", "2023-11-20", "2023-12-04"),
        ("2023-11-20", "2023-12-11", "2023-12-27"),
        // No CWIZO in the MR's Christmas break (CALENDARS.md): the next is 22 Jan 2024.
        ("2023-12-15", "2024-01-22", "2024-02-05"),
    ] {
        let args = ["plan", "--route", "ministerraad", "--ready", ready];
        let run = sb.run(&args).ok();
        transcript.push_str(&run.transcript());
        transcript.push('\n');
        let p = plan_json(&sb, &args[1..]);
        let vp = milestone(&p, "voorportaal", Some("cwizo"));
        let mr = milestone(&p, "ministerraad", None);
        let k = p["kamer"].as_str().unwrap().to_string();
        assert_eq!(vp, cwizo, "ready {ready}");
        assert_eq!(k, kamer, "ready {ready}");
        assert!(
            !p["warnings"].as_array().unwrap().is_empty(),
            "estimated slots warn"
        );
        if let Some((pvp, pmr, pk)) = &previous {
            assert!(
                vp > *pvp && mr > *pmr && k > *pk,
                "ready {ready}: later slots"
            );
        }
        previous = Some((vp, mr, k));
    }
    snap!("rollover_chain", sb, transcript);
}

/// A target before the earliest date: not feasible, negative slack and a warning.
#[test]
fn target_that_cannot_be_met() {
    let sb = sandbox();
    let args = [
        "plan",
        "--route",
        "ministerraad",
        "--ready",
        "2023-10-04",
        "--kamer-by",
        "2023-10-30",
    ];
    let run = sb.run(&args).ok();
    assert!(run.stdout.contains("NOT feasible"), "{}", run.stdout);
    snap!("target_not_met", sb, run.snapshot());
    let p = plan_json(&sb, &args[1..]);
    assert_eq!(p["kamer"], "2023-11-13");
    assert_eq!(p["standing"]["verdict"], "late");
    assert!(
        p["standing"]["late-werkdagen"].as_i64().unwrap() > 0,
        "{}",
        p["standing"]
    );
    assert_eq!(p["target"]["send-by"]["date"], "2023-10-30");
    let warnings = p["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w["code"] == "target-missed"),
        "{warnings:#?}"
    );
    // The latest dates are those of worked example 1: ready by the 3 Oct deadline.
    let latest = latest_dates(&p);
    assert!(latest.contains(&("delivery".into(), "2023-10-03".into())));
    assert!(latest.contains(&("ministerraad".into(), "2023-10-27".into())));

    // The same target with ready 3 Oct is met, with no slack to spare.
    let p = plan_json(
        &sb,
        &[
            "--route",
            "ministerraad",
            "--ready",
            "2023-10-03",
            "--kamer-by",
            "2023-10-30",
        ],
    );
    assert_eq!(p["standing"]["verdict"], "met");
    assert_eq!(p["standing"]["slack-werkdagen"], 0);
}

// ---- 2. the README's main command ---------------------------------------------------

#[test]
fn llo_example_plan() {
    let sb = sandbox();
    let run = sb.run(&["plan", "--example", "llo"]).ok();
    snap!("llo_example_plan", sb, run.snapshot());
    let p = plan_json(&sb, &["--example", "llo"]);
    assert_eq!(p["reference"], "41077000");
    assert_eq!(p["kamer"], "2023-11-13");
    let approvals: Vec<&str> = p["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["step"] == "approval")
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(approvals, ["MSZW", "MPVO", "MOCW", "MEZK"]);
    // The example is planned, not stored: no database was even created.
    assert!(!sb.db().exists());
}

/// The ondertekening example plans forward and against its debate.
#[test]
fn werkagenda_example_plan() {
    let mut sb = Sandbox::new();
    sb.today = "2024-12-03";
    let p = plan_json(&sb, &["--example", "werkagenda-mbo"]);
    assert_eq!(p["target"]["send-by"]["date"], "2024-12-05");
    assert_eq!(p["target"]["debate"], "2024-12-11");
    assert_eq!(
        p["standing"]["verdict"] == "met",
        p["kamer"].as_str().unwrap() <= "2024-12-05"
    );
    snap!(
        "werkagenda_example_plan",
        sb,
        sb.run(&["plan", "--example", "werkagenda-mbo"])
            .ok()
            .snapshot()
    );
}

// ---- 3. a stored stroom -------------------------------------------------------------

#[test]
fn stored_stroom_plan_follows_the_audit_trail() {
    let mut sb = sandbox();
    sb.today = "2023-10-02";
    crate::llo::submitted(&sb);
    for args in [
        crate::llo::approve_args("MSZW", "2023-09-29"),
        crate::llo::approve_args("MEZK", "2023-10-02"),
    ] {
        sb.run(&args).ok();
    }
    let p = plan_json(&sb, &["41077000"]);
    assert_eq!(p["reference"], "41077000");
    assert_eq!(p["today"], "2023-10-02");
    let approvals: Vec<&str> = p["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["step"] == "approval")
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(approvals, ["MPVO", "MOCW"], "only the remaining approvals");
    let kamer = p["kamer"].as_str().unwrap();
    assert!(
        ("2023-10-30"..="2023-11-13").contains(&kamer),
        "kamer {kamer}"
    );
    snap!(
        "stored_plan_mid_approvals",
        sb,
        sb.run(&["plan", "41077000"]).ok().snapshot()
    );

    // All approve by 4 Oct, delivered for the CWIZO of 30 Oct.
    sb.today = "2023-10-20";
    for args in [
        &[
            "approve",
            "41077000",
            "--role",
            "MPVO",
            "--version",
            "1",
            "--on",
            "2023-10-03",
        ][..],
        &[
            "approve",
            "41077000",
            "--role",
            "MOCW",
            "--version",
            "1",
            "--on",
            "2023-10-04",
        ],
        &[
            "deliver",
            "41077000",
            "--slot",
            "2023-10-30",
            "--on",
            "2023-10-20",
        ],
    ] {
        sb.run(args).ok();
    }
    let p = plan_json(&sb, &["41077000"]);
    assert_eq!(steps(&p), ["voorportaal", "ministerraad", "kamer"]);
    assert_eq!(milestone(&p, "voorportaal", Some("cwizo")), "2023-10-30");
    assert_eq!(milestone(&p, "ministerraad", None), "2023-11-10");
    assert_eq!(p["kamer"], "2023-11-13");
    snap!(
        "stored_plan_delivered",
        sb,
        sb.run(&["plan", "41077000"]).ok().snapshot()
    );

    // Once sent, there is nothing left to plan, and the message says so.
    sb.today = "2023-11-13";
    for args in [
        &["voorportaal", "41077000", "door", "--on", "2023-10-30"][..],
        &["mr", "41077000", "besloten", "--on", "2023-11-10"],
        &["send", "41077000", "--on", "2023-11-13"],
    ] {
        sb.run(args).ok();
    }
    let run = sb.run(&["plan", "41077000"]);
    assert_ne!(run.code, 0);
    snap!("stored_plan_after_sending", sb, run.snapshot());
}

/// A stored stroom's own target (from `new --kamer-by`) is planned against.
#[test]
fn stored_stroom_with_its_own_target() {
    let sb = sandbox();
    sb.run(&[
        "new",
        "--reference",
        "100",
        "--title",
        "Laat",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--kamer-by",
        "2023-10-27",
        "--on",
        "2023-09-27",
    ])
    .ok();
    let p = plan_json(&sb, &["100"]);
    assert_eq!(p["target"]["send-by"]["date"], "2023-10-27");
    assert_eq!(p["standing"]["verdict"], "late");
    // --kamer-by on the command line replaces it for this plan.
    let p = plan_json(&sb, &["100", "--kamer-by", "2023-12-01"]);
    assert_eq!(p["target"]["send-by"]["date"], "2023-12-01");
    assert_eq!(p["standing"]["verdict"], "met");
}

// ---- 4. simulate --------------------------------------------------------------------

const SCENARIOS: &str = r#"
[[scenario]]
name = "MPVO week later"
role-delay = { MPVO = 5 }

[[scenario]]
name = "RWIZO and a hold"
onderraad = true
mr-holds = 1
"#;

#[test]
fn what_if_side_by_side() {
    let sb = sandbox();
    let file = sb.path().join("scenarios.toml");
    std::fs::write(&file, SCENARIOS).unwrap();
    let file = file.display().to_string();
    let args = [
        "simulate",
        "--example",
        "llo",
        "--scenario",
        &file,
        "--if-onderraad",
        "--if-holds",
        "1",
        "--if-send-after",
        "0",
        "--approve-on",
        "MOCW=2023-10-16",
    ];
    let run = sb.run(&args).ok();
    snap!("what_if_table", sb, run.snapshot());

    let v = json_run(&sb, &args);
    let baseline = &v["baseline"];
    assert_eq!(baseline["kamer"], "2023-11-13");
    let names: Vec<&str> = v["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "MPVO week later",
            "RWIZO and a hold",
            "MOCW on 2023-10-16",
            "with onderraad",
            "MR holds 1x",
            "send-after 0",
        ]
    );
    let kamer = |name: &str| -> String {
        v["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap()["plan"]["kamer"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // MPVO a week later still makes the CWIZO of 30 Oct (deadline 20 Oct).
    assert_eq!(kamer("MPVO week later"), "2023-11-13");
    // MOCW on 16 Oct, as in reality: still the 30 Oct slot.
    assert_eq!(kamer("MOCW on 2023-10-16"), "2023-11-13");
    assert_eq!(kamer("MR holds 1x"), "2023-11-20");
    assert_eq!(kamer("send-after 0"), "2023-11-10");
    assert!(kamer("with onderraad").as_str() > "2023-11-13");
    assert!(kamer("RWIZO and a hold") > kamer("with onderraad"));
    assert!(v.get("monte_carlo").is_none());
}

/// The JSON of a what-if: `{"baseline": plan, "scenarios": [{"name", "plan"}]}`.
#[test]
fn what_if_json_shape() {
    let sb = sandbox();
    let v = json_run(
        &sb,
        &[
            "simulate",
            "--route",
            "ministerraad",
            "--ready",
            "2023-10-03",
            "--if-onderraad",
            "--if-holds",
            "1",
        ],
    );
    assert_eq!(v["baseline"]["kamer"], "2023-10-30");
    let scenarios = v["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 2);
    for s in scenarios {
        assert!(s["name"].is_string(), "{s:#}");
        assert!(s["plan"]["milestones"].is_array(), "{s:#}");
    }
    assert_eq!(scenarios[0]["name"], "with onderraad");
    assert_eq!(scenarios[0]["plan"]["kamer"], "2023-11-06");
    assert_eq!(scenarios[1]["name"], "MR holds 1x");
    assert_eq!(scenarios[1]["plan"]["kamer"], "2023-11-06");
    assert_eq!(
        milestone(&scenarios[1]["plan"], "ministerraad", None),
        "2023-11-03"
    );
}

/// `--delay approval=1` on an ad hoc plan that is ready on the deadline day should miss the
/// deadline, like worked example 2.
#[test]
fn delay_approval_applies_to_an_ad_hoc_ready_date() {
    let sb = sandbox();
    let v = json_run(
        &sb,
        &[
            "simulate",
            "--route",
            "ministerraad",
            "--ready",
            "2023-10-03",
            "--delay",
            "approval=1",
        ],
    );
    let plan = &v["scenarios"][0]["plan"];
    assert_eq!(milestone(plan, "approval", None), "2023-10-04");
    assert_eq!(plan["kamer"], "2023-11-13");
}

const MONTE_CARLO: &[&str] = &[
    "simulate",
    "--example",
    "llo",
    "--runs",
    "2000",
    "--seed",
    "7",
    "--threads",
    "3",
    "--approval",
    "triangular(2,4,9)",
    "--role-approval",
    "MPVO=triangular(3,5,15)",
    "--p-hold",
    "0.1",
    "--kamer-by",
    "2023-11-20",
];

#[test]
fn monte_carlo_table_and_histogram() {
    let sb = sandbox();
    let run = sb.run(MONTE_CARLO).ok();
    assert!(run.stdout.contains("Monte Carlo: 2000 runs, seed 7"));
    assert!(run.stdout.contains("P(sent by Mon 2023-11-20)"));
    assert!(run.stdout.contains("Kamer date distribution:"));
    snap!("monte_carlo", sb, run.snapshot());
}

#[test]
fn monte_carlo_is_deterministic() {
    let sb = sandbox();
    let a = sb.run(MONTE_CARLO).ok();
    let b = sb.run(MONTE_CARLO).ok();
    assert_eq!(a.stdout, b.stdout);
    // The thread count does not change the result either.
    let mut one_thread: Vec<&str> = MONTE_CARLO.to_vec();
    let at = one_thread.iter().position(|a| *a == "--threads").unwrap();
    one_thread[at + 1] = "1";
    assert_eq!(a.stdout, sb.run(&one_thread).ok().stdout);
    // Another seed may differ, but is itself stable.
    let mut other: Vec<&str> = MONTE_CARLO.to_vec();
    let at = other.iter().position(|a| *a == "--seed").unwrap();
    other[at + 1] = "8";
    assert_eq!(sb.run(&other).ok().stdout, sb.run(&other).ok().stdout);
}

#[test]
fn monte_carlo_json() {
    let sb = sandbox();
    let v = json_run(&sb, MONTE_CARLO);
    let mc = &v["monte-carlo"];
    assert_eq!(mc["runs"], 2000);
    assert_eq!(mc["seed"], 7);
    let p = mc["p-target"].as_f64().expect("p_target is a number");
    assert!((0.0..=1.0).contains(&p), "p_target {p}");
    let total: u64 = mc["kamer"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["runs"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 2000, "the histogram counts every run");
    assert!(v["baseline"].is_object());
    assert!(v["model"].is_object());
    // Same seed, same JSON.
    assert_eq!(v, json_run(&sb, MONTE_CARLO));
}

/// Without distributions every run is the same plan: one Kamer date, 100%.
#[test]
fn monte_carlo_fixed_model() {
    let sb = sandbox();
    let args = [
        "simulate",
        "--route",
        "ministerraad",
        "--ready",
        "2023-10-04",
        "--runs",
        "500",
        "--kamer-by",
        "2023-11-20",
    ];
    let v = json_run(&sb, &args);
    let kamer = v["monte-carlo"]["kamer"].as_array().unwrap();
    assert_eq!(kamer.len(), 1, "{kamer:#?}");
    assert_eq!(kamer[0]["date"], "2023-11-13");
    assert_eq!(kamer[0]["runs"], 500);
    assert_eq!(v["monte-carlo"]["p-target"], 1.0);
    let run = sb.run(&args).ok();
    assert!(
        run.stdout.contains("Mon 2023-11-13") && run.stdout.contains("100.0%"),
        "{}",
        run.stdout
    );
    snap!("monte_carlo_fixed", sb, run.snapshot());
}

// ---- 5. portfolio -------------------------------------------------------------------

#[test]
fn portfolio_orders_by_risk() {
    let mut sb = Sandbox::new();
    sb.today = "2023-10-02";
    sb.new_llo(); // no target
    let new = |reference: &str, title: &str, route: &str, target: &[&str]| {
        let mut args = vec![
            "new",
            "--reference",
            reference,
            "--title",
            title,
            "--route",
            route,
            "--directie",
            "MBO",
            "--eerste",
            "MOCW",
            "--on",
            "2023-09-28",
        ];
        args.extend_from_slice(target);
        sb.run(&args).ok();
    };
    new(
        "100",
        "Te laat",
        "ministerraad",
        &["--kamer-by", "2023-10-27"],
    );
    new(
        "200",
        "Op tijd",
        "ondertekening",
        &["--debate", "2023-12-13"],
    );
    new("300", "Krap", "ministerraad", &["--kamer-by", "2023-11-14"]);
    new(
        "400",
        "Verzonden",
        "ondertekening",
        &["--kamer-by", "2023-10-06"],
    );
    for args in [
        &["submit", "400", "--on", "2023-09-28"][..],
        &[
            "sign",
            "400",
            "--role",
            "MOCW",
            "--version",
            "1",
            "--on",
            "2023-09-29",
        ],
        &["send", "400", "--on", "2023-10-02"],
    ] {
        sb.run(args).ok();
    }
    // 300 is ready 9 Oct (submitted today, 5 werkdagen), makes the CWIZO of 30 Oct
    // (deadline 20 Oct) and sends 13 Nov: it may slip 9 werkdagen, to 20 Oct.
    snap!(
        "portfolio",
        sb,
        sb.run(&["portfolio", "--at-risk", "10"]).ok().snapshot()
    );
    let v = json_run(&sb, &["portfolio", "--at-risk", "10"]);
    assert_eq!(v["schema"], 1);
    let v = &v["strooms"];
    let rows: Vec<(&str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["reference"].as_str().unwrap(),
                e["risk"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("100", "late"),
            ("300", "at-risk"),
            ("200", "on-track"),
            ("41077000", "no-target"),
        ],
        "sent strooms are left out; the worst first"
    );
    assert_eq!(v[0]["standing"]["verdict"], "late");
    assert_eq!(v[1]["standing"]["slack-werkdagen"], 9);
    assert_eq!(v[3]["send-by"], Value::Null);

    // With --runs each stroom with a target gets a probability.
    let v = json_run(&sb, &["portfolio", "--runs", "50"])["strooms"].clone();
    assert_eq!(v[0]["p-target"], 0.0);
    assert_eq!(v[2]["p-target"], 1.0);
    assert_eq!(v[3]["p-target"], Value::Null);
}

#[test]
fn portfolio_of_an_empty_database() {
    let sb = sandbox();
    sb.run(&["init"]).ok();
    let run = sb.run(&["portfolio"]).ok();
    assert_eq!(run.stdout, "");
    snap!("portfolio_empty", sb, run.snapshot());
    assert_eq!(
        json_run(&sb, &["portfolio"]),
        json!({"schema": 1, "strooms": []})
    );
}

// ---- 6. calendar --------------------------------------------------------------------

#[test]
fn feestdagen_2025() {
    let sb = sandbox();
    let v = json_run(&sb, &["calendar", "feestdagen", "2025"]);
    assert_eq!(v["year"], 2025);
    let dates: Vec<&str> = v["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    for d in [
        "2025-01-01",
        "2025-04-18",
        "2025-04-21",
        "2025-05-05",
        "2025-05-29",
        "2025-06-09",
        "2025-12-25",
        "2025-12-26",
    ] {
        assert!(dates.contains(&d), "{d} in {dates:?}");
    }
    assert!(
        v["days"]
            .as_array()
            .unwrap()
            .contains(&json!({"date": "2025-04-26", "name": "Koningsdag"})),
        "{v:#}"
    );
    assert!(!dates.contains(&"2025-04-27"));
    assert_eq!(dates.len(), 9, "{dates:?}");
    snap!(
        "feestdagen_2025",
        sb,
        sb.run(&["calendar", "feestdagen", "2025"]).ok().snapshot()
    );
}

#[test]
fn feestdagen_2023_weekdays() {
    let sb = sandbox();
    let v = json_run(&sb, &["calendar", "feestdagen", "2023"]);
    let weekdays: Vec<&str> = v["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .filter(|d| {
            let date: jiff::civil::Date = d.parse().unwrap();
            date.weekday().to_monday_one_offset() <= 5
        })
        .collect();
    assert_eq!(
        weekdays,
        [
            "2023-04-07",
            "2023-04-10",
            "2023-04-27",
            "2023-05-05",
            "2023-05-18",
            "2023-05-29",
            "2023-12-25",
            "2023-12-26"
        ]
    );
}

#[test]
fn add_werkdagen() {
    let sb = sandbox();
    assert_eq!(
        json_run(&sb, &["calendar", "add-werkdagen", "2024-12-11", "-4"]),
        json!({"schema": 1, "from": "2024-12-11", "werkdagen": -4, "date": "2024-12-05"})
    );
    // Over Christmas 2023: Fri 22 Dec + 1 -> Wed 27 Dec.
    assert_eq!(
        json_run(&sb, &["calendar", "add-werkdagen", "2023-12-22", "1"]),
        json!({"schema": 1, "from": "2023-12-22", "werkdagen": 1, "date": "2023-12-27"})
    );
    let run = sb
        .run(&["calendar", "add-werkdagen", "2024-12-11", "-4"])
        .ok();
    assert_eq!(run.stdout, "Thu 2024-12-05\n");
}

#[test]
fn show_cwizo_2023() {
    let sb = sandbox();
    let run = sb
        .run(&["calendar", "show", "cwizo", "--year", "2023"])
        .ok();
    assert!(run.stdout.contains("sourced"));
    assert!(run.stdout.contains("estimated"));
    snap!("show_cwizo_2023", sb, run.snapshot());
    let v = json_run(&sb, &["calendar", "show", "cwizo", "--year", "2023"]);
    assert_eq!(v["name"], "cwizo");
    let oct9 = v["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["meeting"] == "2023-10-09")
        .unwrap();
    assert_eq!(oct9["deadline"], "2023-10-03");
    assert_eq!(oct9["mr"], "2023-10-27");
    assert_eq!(oct9["mr-with-onderraad"], "2023-11-03");
}

const GOOD_CALENDAR: &str = r#"body = "cwizo"
kind = "voorportaal"
title = "CWIZO, vergaderschema Q1 2025"
from = 2025-01-01
to = 2025-03-31

[[slot]]
meeting = 2025-01-20
deadline = 2025-01-14
mr = 2025-01-31
source = "CWIZO-secretariaat, vergaderschema 2025"

[[slot]]
meeting = 2025-02-10
deadline = 2025-02-04
mr = 2025-02-21
source = "CWIZO-secretariaat, vergaderschema 2025"

[[slot]]
meeting = 2025-03-10
deadline = 2025-03-04
source = "CWIZO-secretariaat, vergaderschema 2025"
"#;

#[test]
fn check_a_good_calendar_file() {
    let sb = sandbox();
    let file = sb.path().join("cwizo-2025.toml");
    std::fs::write(&file, GOOD_CALENDAR).unwrap();
    let file = file.display().to_string();
    let run = sb.run(&["calendar", "check", &file]).ok();
    snap!("check_good", sb, run.snapshot());
    let v = json_run(&sb, &["calendar", "check", &file]);
    assert_eq!(v["ok"], true);
}

/// Each bad calendar file fails naming the file, the line and the fix.
#[test]
fn check_bad_calendar_files() {
    let sb = sandbox();
    let head = "body = \"cwizo\"\nkind = \"voorportaal\"\nfrom = 2025-01-01\nto = 2025-03-31\n\n";
    let cases = [
        (
            "deadline_after_meeting",
            "[[slot]]\nmeeting = 2025-01-20\ndeadline = 2025-01-21\nsource = \"s\"\n",
        ),
        (
            "unknown_field",
            "[[slot]]\nmeeting = 2025-01-20\ndeadline = 2025-01-14\nsource = \"s\"\nroom = \"Trêveszaal\"\n",
        ),
        (
            "no_provenance",
            "[[slot]]\nmeeting = 2025-01-20\ndeadline = 2025-01-14\n",
        ),
        (
            "both_provenances",
            "[[slot]]\nmeeting = 2025-01-20\ndeadline = 2025-01-14\nsource = \"s\"\nestimated = \"rule\"\n",
        ),
        (
            "mr_before_meeting",
            "[[slot]]\nmeeting = 2025-01-20\ndeadline = 2025-01-14\nmr = 2025-01-17\nsource = \"s\"\n",
        ),
    ];
    let mut all = String::new();
    for (name, slots) in cases {
        let file = sb.path().join(format!("{name}.toml"));
        std::fs::write(&file, format!("{head}{slots}")).unwrap();
        let run = sb.run(&["calendar", "check", &file.display().to_string()]);
        assert_ne!(run.code, 0, "{name}: {}", run.snapshot());
        assert_eq!(run.stdout, "", "{name}");
        assert!(
            run.stderr.contains(&format!("{name}.toml:")),
            "{name}: names the file and line: {}",
            run.stderr
        );
        assert!(run.stderr.contains("hint:"), "{name}: {}", run.stderr);
        all.push_str(&format!("== {name}\n{}\n", run.snapshot()));
    }
    snap!("check_bad", sb, all);
}

/// A user calendar replaces the embedded CWIZO slots for Jan-Mar 2025 and moves the plan.
#[test]
fn user_calendar_changes_the_plan() {
    let mut sb = Sandbox::new();
    sb.today = "2025-01-06";
    let file = sb.path().join("cwizo-2025.toml");
    std::fs::write(&file, GOOD_CALENDAR).unwrap();
    let file = file.display().to_string();
    let args = ["--route", "ministerraad", "--ready", "2025-01-10"];
    // Embedded: the estimated slot of 3 Feb 2025.
    let before = plan_json(&sb, &args);
    assert_eq!(
        milestone(&before, "voorportaal", Some("cwizo")),
        "2025-02-03"
    );
    // With the file: its sourced slot of 20 Jan and the MR it names.
    let with: Vec<&str> = [&["--calendar", file.as_str()][..], &args].concat();
    let after = plan_json(&sb, &with);
    assert_eq!(milestone(&after, "delivery", Some("cwizo")), "2025-01-14");
    assert_eq!(
        milestone(&after, "voorportaal", Some("cwizo")),
        "2025-01-20"
    );
    assert_eq!(milestone(&after, "ministerraad", None), "2025-01-31");
    assert_eq!(after["kamer"], "2025-02-03");
    let vp = after["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["step"] == "voorportaal")
        .unwrap();
    assert_eq!(vp["basis"], "sourced");
    assert!(vp["why"]["source"]
        .as_str()
        .unwrap()
        .contains("CWIZO-secretariaat, vergaderschema 2025"));
    // The embedded 13 Jan slot is gone with the rest of the period.
    let shown = json_run(
        &sb,
        &[
            "--calendar",
            &file,
            "calendar",
            "show",
            "cwizo",
            "--year",
            "2025",
        ],
    );
    let meetings: Vec<&str> = shown["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["meeting"].as_str().unwrap())
        .filter(|m| *m < "2025-04-01")
        .collect();
    assert_eq!(meetings, ["2025-01-20", "2025-02-10", "2025-03-10"]);
    let mut with_cmd = vec!["--calendar", file.as_str(), "plan"];
    with_cmd.extend_from_slice(&args);
    snap!("user_calendar_plan", sb, sb.run(&with_cmd).ok().snapshot());
}

// ---- 7. error messages --------------------------------------------------------------

#[test]
fn ad_hoc_without_ready_or_target() {
    let sb = sandbox();
    let run = sb.run(&["plan", "--route", "ministerraad"]);
    usage_error(&run);
    snap!("ad_hoc_without_ready", sb, run.snapshot());
}

#[test]
fn nothing_to_plan() {
    let sb = sandbox();
    let run = sb.run(&["plan"]);
    usage_error(&run);
    snap!("nothing_to_plan", sb, run.snapshot());
}

#[test]
fn unknown_example() {
    let sb = sandbox();
    let run = sb.run(&["plan", "--example", "coco"]);
    usage_error(&run);
    snap!("unknown_example", sb, run.snapshot());
}

#[test]
fn date_outside_coverage() {
    let sb = sandbox();
    let run = sb.run(&["plan", "--route", "ministerraad", "--ready", "2028-06-01"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("cwizo") && run.stderr.contains("2027-12-31"),
        "names the body and its coverage: {}",
        run.stderr
    );
    snap!("date_outside_coverage", sb, run.snapshot());
}

#[test]
fn bad_delay_values() {
    let sb = sandbox();
    let base = [
        "simulate",
        "--route",
        "ministerraad",
        "--ready",
        "2023-10-03",
    ];
    let mut all = String::new();
    for bad in [
        &["--delay", "approval=x"][..],
        &["--delay", "bogus=1"],
        &["--delay-role", "MPVO"],
        &["--approve-on", "MOCW=2023-13-01"],
    ] {
        let run = sb.run(&[&base[..], bad].concat());
        usage_error(&run);
        all.push_str(&format!("$ stroom {}\n{}\n", run.line, run.snapshot()));
    }
    snap!("bad_delay", sb, all);
}

/// The hint for a malformed --delay shows a role, but --delay takes a step.
#[test]
fn bad_delay_hint_names_a_step() {
    let sb = sandbox();
    let run = sb.run(&[
        "simulate",
        "--route",
        "ministerraad",
        "--ready",
        "2023-10-03",
        "--delay",
        "approval",
    ]);
    usage_error(&run);
    assert!(!run.stderr.contains("MPVO=5"), "{}", run.stderr);
    assert!(run.stderr.contains("approval=5"), "{}", run.stderr);
}

#[test]
fn bad_distributions() {
    let sb = sandbox();
    let base = ["simulate", "--example", "llo"];
    let mut all = String::new();
    for bad in [
        &["--runs", "10", "--approval", "normal(5,2)"][..],
        &["--runs", "10", "--approval", "triangular(9,4,2)"],
        &["--runs", "10", "--role-approval", "MPVO=uniform(3)"],
        &["--runs", "10", "--p-hold", "1.5"],
        &["--runs", "0"],
    ] {
        let run = sb.run(&[&base[..], bad].concat());
        usage_error(&run);
        all.push_str(&format!("$ stroom {}\n{}\n", run.line, run.snapshot()));
    }
    snap!("bad_distribution", sb, all);
}

#[test]
fn bad_scenario_file() {
    let sb = sandbox();
    let file = sb.path().join("bad.toml");
    std::fs::write(&file, "[[scenario]]\nname = \"x\"\nmr-holdz = 1\n").unwrap();
    let run = sb.run(&[
        "simulate",
        "--example",
        "llo",
        "--scenario",
        &file.display().to_string(),
    ]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("bad.toml:"), "{}", run.stderr);
    snap!("bad_scenario_file", sb, run.snapshot());
}

/// The histogram's cumulative share on the target date is the P(sent by) above it.
#[test]
fn p_target_agrees_with_the_histogram() {
    let sb = sandbox();
    let run = sb.run(MONTE_CARLO).ok();
    let p = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("P(sent by Mon 2023-11-20) = "))
        .unwrap()
        .to_string();
    let cum = run
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("Mon 2023-11-20"))
        .and_then(|l| l.split("(cum").nth(1))
        .map(|c| c.trim().trim_end_matches(')').to_string())
        .unwrap();
    assert_eq!(p, cum, "{}", run.stdout);
}

/// Werkdag counts in the plan's reasons are singular for one.
#[test]
fn one_werkdag_is_singular() {
    let mut sb = Sandbox::new();
    sb.today = "2024-12-02";
    let run = sb
        .run(&["plan", "--route", "ondertekening", "--debate", "2024-12-11"])
        .ok();
    assert!(!run.stdout.contains("1 werkdagen"), "{}", run.stdout);
    let run = sb
        .run(&[
            "plan",
            "--route",
            "ministerraad",
            "--ready",
            "2023-10-04",
            "--kamer-by",
            "2023-10-30",
        ])
        .ok();
    assert!(!run.stdout.contains("1 werkdagen"), "{}", run.stdout);
}

/// An organisation's blokdag is not a werkdag: the day after the MR moves.
#[test]
fn blokdagen_from_a_calendar_file_move_the_send_date() {
    let sb = sandbox();
    let file = sb.path().join("blokdagen.toml");
    std::fs::write(
        &file,
        "body = \"ocw\"\nkind = \"blokdagen\"\n\n[[day]]\ndate = 2023-10-30\nname = \"brugdag OCW\"\n",
    )
    .unwrap();
    let file = file.display().to_string();
    let args = ["--route", "ministerraad", "--ready", "2023-10-03"];
    assert_eq!(plan_json(&sb, &args)["kamer"], "2023-10-30");
    let with: Vec<&str> = [&["--calendar", file.as_str()][..], &args].concat();
    assert_eq!(plan_json(&sb, &with)["kamer"], "2023-10-31");
    let days = json_run(
        &sb,
        &["--calendar", &file, "calendar", "feestdagen", "2023"],
    );
    assert!(days["days"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["date"] == "2023-10-30" && d["name"] == "brugdag OCW"));
}

/// Another voorportaal is data: a route file naming it and a calendar file with its
/// slots are all it takes, without recompiling.
#[test]
fn a_route_of_ones_own_with_its_own_voorportaal() {
    let sb = sandbox();
    let route = sb.path().join("coco.toml");
    std::fs::write(
        &route,
        "name = \"eu\"\ntitle = \"EU-zaken via de CoCo\"\nvoorportaal = \"coco\"\nministerraad = \"mr\"\nsend-after = 0\n",
    )
    .unwrap();
    let calendar = sb.path().join("coco-cal.toml");
    std::fs::write(
        &calendar,
        "body = \"coco\"\nkind = \"voorportaal\"\ntitle = \"CoCo\"\nfrom = 2023-10-01\nto = 2023-10-31\n\n\
         [[slot]]\nmeeting = 2023-10-10\ndeadline = 2023-10-05\nmr = 2023-10-13\nsource = \"CoCo-schema 2023\"\n\n\
         [[slot]]\nmeeting = 2023-10-17\ndeadline = 2023-10-12\nmr = 2023-10-20\nsource = \"CoCo-schema 2023\"\n",
    )
    .unwrap();
    let (route, calendar) = (route.display().to_string(), calendar.display().to_string());
    let plan = plan_json(
        &sb,
        &[
            "--routes",
            &route,
            "--calendar",
            &calendar,
            "--route",
            "eu",
            "--ready",
            "2023-10-06",
        ],
    );
    assert_eq!(milestone(&plan, "delivery", Some("coco")), "2023-10-12");
    assert_eq!(milestone(&plan, "voorportaal", Some("coco")), "2023-10-17");
    assert_eq!(milestone(&plan, "ministerraad", Some("mr")), "2023-10-20");
    assert_eq!(plan["kamer"], "2023-10-20");
    // Without the calendar the body is unknown, and the message says which bodies exist.
    let run = sb.run(&[
        "--routes",
        &route,
        "plan",
        "--route",
        "eu",
        "--ready",
        "2023-10-06",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no calendar for body 'coco'"),
        "{}",
        run.stderr
    );
}

/// Deadlines people plan against by name: the note on stderr says what the name meant.
#[test]
fn named_deadlines_as_targets() {
    let sb = sandbox();
    for (expr, send_by) in [
        ("prinsjesdag-2025", "2025-09-16"),
        ("voor-de-zomer-2024", "2024-07-04"),
        ("kamervragen-2025-03-03", "2025-03-24"),
        ("kamervragen-uitstel-2025-03-03", "2025-04-14"),
    ] {
        let run = sb.run(&[
            "plan",
            "--route",
            "ondertekening",
            "--kamer-by",
            expr,
            "--format",
            "json",
        ]);
        assert_eq!(run.code, 0, "{expr}: {}", run.stderr);
        assert_eq!(run.json()["target"]["send-by"]["date"], send_by, "{expr}");
        assert!(
            run.stderr.contains(&format!("--kamer-by {expr} = ")),
            "{}",
            run.stderr
        );
    }
    let run = sb.run(&[
        "plan",
        "--route",
        "ondertekening",
        "--kamer-by",
        "voor-de-kerst",
    ]);
    assert_eq!(run.code, 2);
    snap!("named_deadline_unknown", sb, run.snapshot());
}

/// Approval estimates overridden on the command line: all four in by 3 October catch the
/// CWIZO of 9 October (worked example 1) instead of rolling over.
#[test]
fn approval_days_override_the_route_estimate() {
    let sb = sandbox();
    let plan = plan_json(
        &sb,
        &[
            "--example",
            "llo",
            "--approval-days",
            "3",
            "--approval-days",
            "MPVO=4",
        ],
    );
    assert_eq!(milestone(&plan, "approval", Some("MPVO")), "2023-10-03");
    assert_eq!(milestone(&plan, "approval", Some("MOCW")), "2023-10-02");
    assert_eq!(milestone(&plan, "voorportaal", Some("cwizo")), "2023-10-09");
    assert_eq!(plan["kamer"], "2023-10-30");
}

/// CALENDARS.md "Planning terms": slack is how far the ready date can slip.
#[test]
fn slack_is_how_far_the_ready_date_can_slip() {
    let sb = sandbox();
    let args = [
        "plan",
        "--route",
        "ministerraad",
        "--ready",
        "2023-10-02",
        "--onderraad",
        "--kamer-by",
        "2023-11-24",
    ];
    snap!("slack_planning_terms", sb, sb.run(&args).ok().snapshot());
    let p = plan_json(&sb, &args[1..]);
    assert_eq!(p["standing"]["slack-werkdagen"], 1);
    assert_eq!(p["today"], "2023-09-27", "today is --today");
    let mut late = args;
    late[4] = "2023-10-04";
    assert_eq!(plan_json(&sb, &late[1..])["standing"]["verdict"], "late");
}

/// A stored stroom planned as of a day before it was registered: no silent answer.
#[test]
fn plan_as_of_a_day_before_registration() {
    let mut sb = Sandbox::new();
    sb.today = "2024-03-01";
    sb.run(&[
        "new",
        "--from",
        "examples/llo-41077000.toml",
        "--on",
        "2024-03-01",
    ])
    .ok();
    sb.today = "2023-09-27";
    let run = sb.run(&["plan", "41077000"]);
    usage_error(&run);
    assert!(
        run.stderr
            .contains("registered on 2024-03-01, after the planning day 2023-09-27"),
        "{}",
        run.stderr
    );
}

/// Werkdag arithmetic whose result leaves the tables blames the count, not the date.
#[test]
fn add_werkdagen_past_the_tables() {
    let sb = sandbox();
    let run = sb.run(&["calendar", "add-werkdagen", "2100-12-20", "20"]);
    usage_error(&run);
    snap!("add_werkdagen_past_the_tables", sb, run.snapshot());
}

/// The plan's JSON contract, version 1: kebab-case keys, units on numbers, a basis on
/// every date, typed reasons and warnings with a code and their data.
#[test]
fn plan_json_contract() {
    let sb = sandbox();
    let run = sb.run(&[
        "plan",
        "--route",
        "ministerraad",
        "--ready",
        "2023-10-02",
        "--onderraad",
        "--kamer-by",
        "2023-11-24",
        "--format",
        "json",
    ]);
    let p = run.ok().json();
    assert_eq!(p["schema"], 1);
    snap!(
        "plan_json_contract",
        sb,
        serde_json::to_string_pretty(&p).unwrap()
    );
    // A debate in a recess and a late target, as JSON.
    let p = plan_json(
        &sb,
        &[
            "--route",
            "ondertekening",
            "--ready",
            "2023-12-20",
            "--debate",
            "2023-12-27",
        ],
    );
    snap!(
        "plan_json_late_in_recess",
        sb,
        serde_json::to_string_pretty(&p).unwrap()
    );
}
