//! The API's input names: query parameters and JSON fields are kebab-case as documented
//! (`kamer-by`, `p-hold`, `at-risk`), like every answer; the snake_case names of before
//! (`kamer_by`, `p_hold`, `at_risk`) are still accepted and mean the same; a name that is
//! neither is refused, naming it.
#![allow(clippy::unwrap_used)]

mod common;

use common::TestServer;
use serde_json::{json, Value};

/// The answer without what differs between two calls of the same question.
fn same(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("generated");
    }
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kebab_case_and_the_old_snake_case_names_are_both_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let planner = s.token("planner").await;
    s.submitted_llo(&planner, "41077000").await;

    // The plan's query: every name with a dash in either spelling.
    let plan = "/api/strooms/41077000/plan?";
    let kebab = "kamer-by=2023-12-15&send-after=2&approval-days=4,MOCW=9";
    let snake = "kamer_by=2023-12-15&send_after=2&approval_days=4,MOCW=9";
    let (status, new) = s.get(&planner, &format!("{plan}{kebab}")).await;
    assert_eq!(status, 200, "{new}");
    let (status, old) = s.get(&planner, &format!("{plan}{snake}")).await;
    assert_eq!(status, 200, "{old}");
    assert_eq!(same(&new), same(&old));
    let (_, plain) = s.get(&planner, plan).await;
    assert_ne!(same(&new), same(&plain), "the names were read");
    assert_eq!(new["send-after-werkdagen"], 2, "{new}");
    assert!(new["target"].is_object(), "{new}");
    let (status, new) = s
        .get(&planner, &format!("{plan}debate=2023-12-20&debate-lead=6"))
        .await;
    assert_eq!(status, 200, "{new}");
    let (_, old) = s
        .get(&planner, &format!("{plan}debate=2023-12-20&debate_lead=6"))
        .await;
    assert_eq!(same(&new), same(&old));

    // A simulation's plan and model.
    let path = "/api/strooms/41077000/simulate";
    let body =
        |plan: Value, model: Value| json!({"plan": plan, "runs": 2000, "seed": 3, "model": model});
    let (status, new) = s
        .post(
            &planner,
            path,
            &body(
                json!({"kamer-by": "2023-12-15", "send-after": 0, "debate-lead": 3, "approval-days": "6"}),
                json!({"approval": "triangular(2,5,15)", "role-approval": ["MPVO=uniform(2,9)"],
                       "p-onderraad": 0.4, "p-return": 0.3, "rework": "4", "p-hold": 0.2}),
            ),
        )
        .await;
    assert_eq!(status, 200, "{new}");
    let (status, old) = s
        .post(
            &planner,
            path,
            &body(
                json!({"kamer_by": "2023-12-15", "send_after": 0, "debate_lead": 3, "approval_days": "6"}),
                json!({"approval": "triangular(2,5,15)", "role_approval": ["MPVO=uniform(2,9)"],
                       "p_onderraad": 0.4, "p_return": 0.3, "rework": "4", "p_hold": 0.2}),
            ),
        )
        .await;
    assert_eq!(status, 200, "{old}");
    assert_eq!(new["monte-carlo"], old["monte-carlo"]);
    assert_eq!(new["model"], old["model"]);
    assert_eq!(new["model"]["p-hold"], 0.2);
    assert_eq!(new["model"]["p-onderraad"], 0.4);
    assert_eq!(new["baseline"]["send-after-werkdagen"], 0, "{new}");

    // The portfolio's query.
    let model = "runs=300&seed=5&approval=triangular(2,5,15)";
    let kebab = "at-risk=40&p-onderraad=0.5&p-return=0.2&p-hold=0.3&role-approval=MPVO%3D9";
    let (status, new) = s
        .get(&planner, &format!("/api/portfolio?{model}&{kebab}"))
        .await;
    assert_eq!(status, 200, "{new}");
    let (status, old) = s
        .get(
            &planner,
            &format!(
                "/api/portfolio?{model}&{}",
                kebab
                    .replace("p-", "p_")
                    .replace("at-", "at_")
                    .replace("role-", "role_")
            ),
        )
        .await;
    assert_eq!(status, 200, "{old}");
    assert_eq!(new["strooms"], old["strooms"]);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_input_name_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let planner = s.token("planner").await;
    s.submitted_llo(&planner, "41077000").await;
    let refused = |status: u16, p: &Value, name: &str| {
        assert_eq!(status, 400, "{p}");
        assert_eq!(p["code"], "bad-request", "{p}");
        let detail = p["detail"].as_str().unwrap_or_default();
        assert!(
            detail.contains(&format!("unknown field `{name}`")),
            "{name}: {p}"
        );
        assert!(
            detail.contains("kamer-by") || detail.contains("p-hold") || detail.contains("at-risk"),
            "{p}"
        );
    };
    let (status, p) = s
        .get(&planner, "/api/strooms/41077000/plan?kamer-bij=2023-12-15")
        .await;
    refused(status, &p, "kamer-bij");
    let (status, p) = s
        .get(
            &planner,
            "/api/plan?route=ministerraad&ready=2023-10-02&kamerby=2023-12-15",
        )
        .await;
    refused(status, &p, "kamerby");
    let (status, p) = s
        .post(
            &planner,
            "/api/strooms/41077000/simulate",
            &json!({"runs": 10, "model": {"p-holds": 0.1}}),
        )
        .await;
    refused(status, &p, "p-holds");
    let (status, p) = s
        .post(
            &planner,
            "/api/strooms/41077000/simulate",
            &json!({"runs": 10, "plan": {"kamer-by": "2023-12-15", "send_afterr": 1}}),
        )
        .await;
    refused(status, &p, "send_afterr");
    let (status, p) = s.get(&planner, "/api/portfolio?at-riks=3").await;
    refused(status, &p, "at-riks");
    s.stop().await;
}
