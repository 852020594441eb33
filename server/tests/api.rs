//! The JSON API against a real server on 127.0.0.1 (random port), with reqwest.
#![allow(clippy::unwrap_used)]

mod common;

use common::TestServer;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_needs_no_login_and_everything_else_does() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let r = s.http.get(s.url("/health")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"], "ok");
    // The server's today (fixed here), which the CLI client takes as its own.
    assert_eq!(v["today"], "2023-10-02");

    let r = s.http.get(s.url("/api/strooms")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["type"], "urn:stroom:problem:unauthenticated");
    assert_eq!(p["status"], 401);

    let (status, _) = s.get("not-a-token", "/api/strooms").await;
    assert_eq!(status, 401, "an unknown token is refused");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_llo_lifecycle_through_the_api_records_the_logged_in_users() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let planner = s.token("planner").await;
    let mocw = s.token("sec-mocw").await;
    let rest = s.token("sec-rest").await;

    let [(_, v), _] = s.submitted_llo(&planner, "41077000").await;
    assert_eq!(v["recorded"][0]["actor"], "planner");

    // A refusal of the state machine: problem+json with the typed reason and exit code 3.
    let (status, p) = s
        .cmd(
            &planner,
            "41077000",
            json!({"verb": "send", "on": "2023-09-28"}),
        )
        .await;
    assert_eq!(status, 409, "{p}");
    assert_eq!(p["type"], "urn:stroom:problem:rejected");
    assert_eq!(p["exit"], 3);
    assert_eq!(p["reason"]["state"], "bij-bewindspersonen");
    assert_eq!(p["reason"]["code"], "not-allowed");
    assert_eq!(p["reason"]["command"], "send");

    for (token, role) in [
        (&mocw, "MOCW"),
        (&rest, "MSZW"),
        (&rest, "MPVO"),
        (&rest, "MEZK"),
    ] {
        let (status, v) = s
            .cmd(
                token,
                "41077000",
                json!({"verb": "approve", "role": role, "version": 1, "on": "2023-10-02"}),
            )
            .await;
        assert_eq!(status, 200, "{role}: {v}");
    }
    let steps = [
        json!({"verb": "deliver", "slot": "2023-10-09", "on": "2023-10-02"}),
        json!({"verb": "voorportaal", "outcome": "door", "on": "2023-10-02"}),
        json!({"verb": "needs-onderraad", "needed": false, "on": "2023-10-02"}),
        json!({"verb": "mr", "outcome": "besloten", "on": "2023-10-02"}),
        json!({"verb": "send", "on": "2023-10-02"}),
    ];
    for step in steps {
        let (status, v) = s.cmd(&planner, "41077000", step.clone()).await;
        assert_eq!(status, 200, "{step}: {v}");
    }
    let (status, show) = s.get(&planner, "/api/strooms/41077000").await;
    assert_eq!(status, 200);
    assert_eq!(show["stroom"]["state"], "verzonden");
    assert_eq!(show["allowed"], json!([]));

    let (_, log) = s.get(&planner, "/api/strooms/41077000/log").await;
    let log = log["records"].clone();
    let actors: Vec<(&str, Option<&str>)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["actor"].as_str().unwrap(), r["role"].as_str()))
        .collect();
    assert!(actors.contains(&("sec-mocw", Some("MOCW"))), "{actors:?}");
    assert!(actors.contains(&("sec-rest", Some("MEZK"))), "{actors:?}");
    assert!(actors
        .iter()
        .all(|(a, _)| ["planner", "sec-mocw", "sec-rest"].contains(a)));

    let auditor = s.token("auditor").await;
    let (status, v) = s.get(&auditor, "/api/verify").await;
    assert_eq!(status, 200);
    assert_eq!(v["first-bad"], Value::Null);
    assert_eq!(v["strooms"][0]["events"], log.as_array().unwrap().len());
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_date_after_today_and_a_malformed_command_are_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let planner = s.token("planner").await;
    s.new_llo(&planner, "41077000").await;
    let (status, p) = s
        .cmd(
            &planner,
            "41077000",
            json!({"verb": "submit", "on": "2023-10-03"}),
        )
        .await;
    assert_eq!(status, 422, "{p}");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("lies after today (2023-10-02)"),
        "{p}"
    );
    assert_eq!(p["reason"]["rule"], "after-today");
    let (status, p) = s.cmd(&planner, "41077000", json!({"verb": "fly"})).await;
    assert_eq!(status, 422);
    assert!(p["detail"]
        .as_str()
        .unwrap()
        .starts_with("'fly' is not a command"));
    let (status, p) = s.get(&planner, "/api/strooms/99999999").await;
    assert_eq!(status, 404);
    assert_eq!(p["reason"]["name"], "99999999");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_portfolio_and_calendars_answer_like_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let planner = s.token("planner").await;
    // Worked example 2 of the domain brief: approval on 4 Oct misses the 3 Oct deadline.
    let (status, plan) = s
        .get(&planner, "/api/plan?route=ministerraad&ready=2023-10-04")
        .await;
    assert_eq!(status, 200, "{plan}");
    assert_eq!(plan["kamer"], "2023-11-13");
    let (_, plan) = s
        .get(&planner, "/api/plan?route=ministerraad&ready=2023-10-03")
        .await;
    assert_eq!(plan["kamer"], "2023-10-30");

    s.new_llo(&planner, "41077000").await;
    let (status, plan) = s
        .get(&planner, "/api/strooms/41077000/plan?today=2023-09-27")
        .await;
    assert_eq!(status, 200);
    assert_eq!(plan["kamer"], "2023-11-13");
    let (_, portfolio) = s.get(&planner, "/api/portfolio").await;
    assert_eq!(portfolio["schema"], 1);
    let portfolio = &portfolio["strooms"];
    assert_eq!(portfolio[0]["reference"], "41077000");
    assert!(portfolio[0]["kamer"].is_string());

    let (_, cwizo) = s.get(&planner, "/api/calendars/cwizo?year=2023").await;
    let slots = cwizo["slots"].as_array().unwrap();
    let first = slots
        .iter()
        .find(|sl| sl["meeting"] == "2023-10-09")
        .unwrap();
    assert_eq!(first["deadline"], "2023-10-03");
    assert_eq!(first["mr"], "2023-10-27");
    let (_, recesses) = s.get(&planner, "/api/recesses").await;
    assert!(recesses["recesses"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["name"] == "herfstreces" && r["from"] == "2023-10-13"));
    s.stop().await;
}

/// Every grant × every command: allowed (the state machine may still refuse: 2xx or 409)
/// or 403 naming the grant it needs. The expected table is written out here, apart from
/// the server's own table, so a change to either shows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_authorization_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let planner = s.token("planner").await;
    s.new_llo(&planner, "41077000").await;
    let users = ["admin", "planner", "sec-mocw", "auditor"];
    let mut tokens = Vec::new();
    for u in users {
        tokens.push(s.token(u).await);
    }
    // (what, needs): the grant it needs, or "" for any logged-in user.
    let cmd = |v: Value| ("POST", "/api/strooms/41077000/commands".to_string(), v);
    let cases: Vec<((&str, String, Value), &str)> = vec![
        (("GET", "/api/strooms".into(), Value::Null), ""),
        (("GET", "/api/strooms/41077000".into(), Value::Null), ""),
        (("GET", "/api/strooms/41077000/log".into(), Value::Null), ""),
        (
            ("GET", "/api/strooms/41077000/plan".into(), Value::Null),
            "",
        ),
        (("GET", "/api/portfolio".into(), Value::Null), ""),
        (("GET", "/api/calendars".into(), Value::Null), ""),
        (("GET", "/api/verify".into(), Value::Null), "auditor"),
        (("GET", "/api/export".into(), Value::Null), "auditor"),
        (("GET", "/api/key".into(), Value::Null), ""),
        (("GET", "/api/trails".into(), Value::Null), ""),
        (
            ("POST", "/api/import".into(), json!({"records": []})),
            "admin",
        ),
        (("GET", "/api/users".into(), Value::Null), "admin"),
        (
            (
                "POST",
                "/api/users".into(),
                json!({"name": "new-user", "password": "long enough pw", "grants": ["auditor"]}),
            ),
            "admin",
        ),
        (
            (
                "POST",
                "/api/strooms".into(),
                json!({"toml": "reference = \"1\"", "on": "2023-09-27"}),
            ),
            "planner",
        ),
        (
            cmd(json!({"verb": "submit", "on": "2023-09-27"})),
            "planner",
        ),
        (
            cmd(json!({"verb": "approve", "role": "MOCW", "version": 1})),
            "secretariaat:MOCW",
        ),
        (
            cmd(json!({"verb": "approve", "role": "MPVO", "version": 1})),
            "secretariaat:MPVO",
        ),
        (
            cmd(json!({"verb": "return", "role": "MOCW", "version": 1, "comment": "x"})),
            "secretariaat:MOCW",
        ),
        (
            cmd(json!({"verb": "sign", "role": "MOCW", "version": 1})),
            "secretariaat:MOCW",
        ),
        (
            cmd(json!({"verb": "deliver", "slot": "2023-10-09"})),
            "planner",
        ),
        (
            cmd(json!({"verb": "voorportaal", "outcome": "door"})),
            "planner",
        ),
        (
            cmd(json!({"verb": "needs-onderraad", "needed": true})),
            "planner",
        ),
        (
            cmd(json!({"verb": "onderraad", "outcome": "door"})),
            "planner",
        ),
        (cmd(json!({"verb": "mr", "outcome": "besloten"})), "planner"),
        (cmd(json!({"verb": "send"})), "planner"),
        (cmd(json!({"verb": "withdraw"})), "planner"),
    ];
    let holds = |user: &str| -> Vec<&str> {
        common::USERS
            .iter()
            .find(|u| u.0 == user)
            .unwrap()
            .2
            .to_vec()
    };
    let mut checked = 0;
    for ((method, path, body), needs) in &cases {
        for (user, token) in users.iter().zip(&tokens) {
            let (status, v) = match *method {
                "GET" => s.get(token, path).await,
                _ => s.post(token, path, body).await,
            };
            let allowed = needs.is_empty() || holds(user).contains(needs);
            if allowed {
                assert!(
                    ![401, 403].contains(&status),
                    "{user} may {method} {path} {body}, got {status}: {v}"
                );
            } else {
                assert_eq!(status, 403, "{user} may not {method} {path} {body}: {v}");
                assert_eq!(v["type"], "urn:stroom:problem:forbidden");
                assert_eq!(v["reason"]["needs"], *needs, "{v}");
                assert_eq!(v["reason"]["user"], *user);
            }
            checked += 1;
        }
    }
    assert_eq!(checked, cases.len() * users.len());
    // Refused commands wrote nothing: the trail holds the creation and the planner's submit.
    let (_, log) = s.get(&planner, "/api/strooms/41077000/log").await;
    let log = log["records"].clone();
    assert!(log
        .as_array()
        .unwrap()
        .iter()
        .all(|r| ["planner", "sec-mocw"].contains(&r["actor"].as_str().unwrap())));
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_attempts_are_rate_limited() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    for _ in 0..5 {
        let r = s
            .http
            .post(s.url("/api/tokens"))
            .json(&json!({"name": "planner", "password": "guess-guess"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
    }
    // Even the right password is refused now, with the time to wait.
    let r = s
        .http
        .post(s.url("/api/tokens"))
        .json(&json!({"name": "planner", "password": common::password("planner")}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["type"], "urn:stroom:problem:rate-limited");
    // Another user is not locked out by the planner's failures.
    s.token("auditor").await;
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_tokens_and_strooms_survive_a_restart_and_a_revoked_token_is_dead() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let admin = s.token("admin").await;
    let (status, v) = s
        .post(
            &admin,
            "/api/users",
            &json!({"name": "newbie", "password": "newbie-password", "grants": ["planner"]}),
        )
        .await;
    assert_eq!(status, 201, "{v}");
    let planner = s.token("planner").await;
    s.new_llo(&planner, "41077000").await;
    let db = s.db.clone();
    s.stop().await;

    let s = TestServer::serve(&db).await;
    let (status, v) = s.get(&planner, "/api/strooms").await;
    assert_eq!(status, 200, "the token outlives the restart: {v}");
    assert_eq!(v["strooms"][0]["reference"], "41077000");
    let r = s
        .http
        .post(s.url("/api/tokens"))
        .json(&json!({"name": "newbie", "password": "newbie-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "the added user outlives the restart");
    let r = s
        .http
        .delete(s.url("/api/tokens/current"))
        .bearer_auth(&planner)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (status, _) = s.get(&planner, "/api/strooms").await;
    assert_eq!(status, 401, "a revoked token is dead");
    s.stop().await;
}

/// Commands on the same stroom in one group: the group's records reach sled in one
/// transaction, and each command follows the one before it in the group; once answered,
/// every one is visible to readers (sled holds it) and survives a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_on_one_stroom_in_one_group_chain_and_are_read_once_answered() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let planner = s.token("planner").await;
    let mocw = s.token("sec-mocw").await;
    let rest = s.token("sec-rest").await;
    s.submitted_llo(&planner, "41077000").await;
    let mut tasks = Vec::new();
    for (token, role) in [
        (&mocw, "MOCW"),
        (&rest, "MSZW"),
        (&rest, "MPVO"),
        (&rest, "MEZK"),
    ] {
        let (http, url, token) = (
            s.http.clone(),
            s.url("/api/strooms/41077000/commands"),
            token.clone(),
        );
        tasks.push(tokio::spawn(async move {
            http.post(url)
                .bearer_auth(token)
                .json(&json!({"verb": "approve", "role": role, "version": 1, "on": "2023-10-02"}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    let (_, log) = s.get(&planner, "/api/strooms/41077000/log").await;
    let seqs: Vec<u64> = log["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5, 6], "{log}");
    let db = s.db.clone();
    s.stop().await;
    let s = TestServer::serve(&db).await;
    let auditor = s.token("auditor").await;
    let (_, v) = s.get(&auditor, "/api/verify").await;
    assert_eq!(v["first-bad"], Value::Null, "{v}");
    assert_eq!(v["strooms"][0]["events"], 6, "{v}");
    s.stop().await;
}

/// Many clients at once: every acknowledged command is in the trail, in a valid chain,
/// after a restart (group commit acknowledges only after the flush).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_commands_are_all_durable() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let planner = s.token("planner").await;
    let n = 24;
    for i in 0..n {
        s.new_llo(&planner, &format!("{}", 50000000 + i)).await;
    }
    let mut tasks = Vec::new();
    for i in 0..n {
        let (http, url, token) = (
            s.http.clone(),
            s.url(&format!("/api/strooms/{}/commands", 50000000 + i)),
            planner.clone(),
        );
        tasks.push(tokio::spawn(async move {
            http.post(url)
                .bearer_auth(token)
                .json(&json!({"verb": "submit", "on": "2023-09-28"}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    let db = s.db.clone();
    s.stop().await;
    let s = TestServer::serve(&db).await;
    let auditor = s.token("auditor").await;
    let (_, v) = s.get(&auditor, "/api/verify").await;
    assert_eq!(v["first-bad"], Value::Null);
    let strooms = v["strooms"].as_array().unwrap();
    assert_eq!(strooms.len(), n);
    assert!(strooms.iter().all(|c| c["events"] == 2), "{v}");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_correction_needs_the_grant_of_the_event_it_corrects() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let planner = s.token("planner").await;
    let mocw = s.token("sec-mocw").await;
    let rest = s.token("sec-rest").await;
    s.submitted_llo(&planner, "41077000").await;
    s.approved_by_mocw(&mocw, "41077000").await;
    let fix = common::mocw_date_fix();
    let path = "/api/strooms/41077000/corrections";

    // Another role's secretariaat and the planner may not correct MOCW's approval.
    for token in [&rest, &planner] {
        let (status, p) = s.post(token, path, &fix).await;
        assert_eq!(status, 403, "{p}");
        assert_eq!(p["exit"], 6);
        assert!(p["detail"]
            .as_str()
            .unwrap()
            .contains("it needs the grant secretariaat:MOCW"));
    }
    let (status, v) = s.post(&mocw, path, &fix).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["recorded"][0]["actor"], "sec-mocw");
    assert_eq!(v["recorded"][0]["event"]["fact"]["type"], "corrected");
    assert_eq!(v["bewindspersonen"][2]["on"], "2023-09-28");

    // The engine's own refusals come through as problems, nothing recorded.
    let (status, p) = s
        .post(
            &planner,
            path,
            &json!({"event": 1, "void": true, "reason": "weg ermee"}),
        )
        .await;
    assert_eq!(status, 422, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("its registration"));
    let (status, p) = s
        .post(
            &mocw,
            path,
            &json!({"event": 3, "void": true, "date": "2023-09-28", "role": "MOCW", "reason": "x"}),
        )
        .await;
    assert_eq!(status, 422, "{p}");
    let (_, log) = s.get(&planner, "/api/strooms/41077000/log").await;
    let log = log["records"].clone();
    assert_eq!(log.as_array().unwrap().len(), 4);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_as_of_a_past_day_leaves_later_events_out_and_takes_the_cli_flags() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let planner = s.token("planner").await;
    s.new_llo(&planner, "41077000").await;
    s.cmd(
        &planner,
        "41077000",
        json!({"verb": "submit", "on": "2023-09-29"}),
    )
    .await;
    let r = s
        .http
        .get(s.url("/api/strooms/41077000/plan?today=2023-09-28&approval_days=3,MOCW=8"))
        .bearer_auth(&planner)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["stroom-events-left-out"], "1");
    let plan: Value = r.json().await.unwrap();
    assert_eq!(plan["today"], "2023-09-28");
    let approval = |role: &str| {
        plan["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["step"] == "approval" && m["body"] == role)
            .map(|m| m["date"].clone())
            .unwrap()
    };
    // Not yet submitted on the 28th: submitted that day, then 3 werkdagen, MOCW 8.
    assert_eq!(approval("MSZW"), "2023-10-03");
    assert_eq!(approval("MOCW"), "2023-10-10");
    let (status, p) = s
        .get(
            &planner,
            "/api/strooms/41077000/plan?approval_days=MOCW=many",
        )
        .await;
    assert_eq!(status, 422, "{p}");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simulate_and_the_portfolio_run_monte_carlo_with_the_cli_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let planner = s.token("planner").await;
    s.submitted_llo(&planner, "41077000").await;
    let path = "/api/strooms/41077000/simulate";
    let (status, v) = s
        .post(
            &planner,
            path,
            &json!({
                "plan": {"kamer_by": "2023-11-24"},
                "scenarios": [{"name": "MPVO +5", "changes": [{"change": "role-delay", "role": "MPVO", "werkdagen": 5}]}],
                "runs": 1000,
                "seed": 7,
                "model": {"approval": "triangular(3,5,15)", "p_hold": 0.1}
            }),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["scenarios"][0]["name"], "MPVO +5");
    assert_eq!(v["monte-carlo"]["runs"], 1000);
    assert_eq!(v["monte-carlo"]["seed"], 7);
    assert_eq!(v["model"]["p-hold"], 0.1);
    let p = v["monte-carlo"]["p-target"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p), "{p}");
    // Same seed, same answer.
    let (_, again) = s
        .post(
            &planner,
            path,
            &json!({"plan": {"kamer_by": "2023-11-24"}, "runs": 1000, "seed": 7,
                    "model": {"approval": "triangular(3,5,15)", "p_hold": 0.1}}),
        )
        .await;
    assert_eq!(again["monte-carlo"], v["monte-carlo"]);

    let (status, p) = s
        .post(
            &planner,
            path,
            &json!({"runs": 10, "model": {"p_hold": 2.0}}),
        )
        .await;
    assert_eq!(status, 422, "{p}");
    assert!(p["detail"]
        .as_str()
        .unwrap()
        .starts_with("p-hold 2 is not a probability"));
    let (status, _) = s.post(&planner, path, &json!({"runs": 0})).await;
    assert_eq!(status, 422);

    let (status, entries) = s
        .get(
            &planner,
            "/api/portfolio?runs=500&approval=triangular(3,5,15)&role_approval=MPVO%3Duniform(2,9)",
        )
        .await;
    assert_eq!(status, 200, "{entries}");
    let entries = &entries["strooms"];
    assert_eq!(entries[0]["reference"], "41077000");
    assert!(entries[0].get("p-target").is_some(), "{entries}");
    s.stop().await;
}

/// The server signs every record with the database's key; `GET /api/key` gives its public
/// half (for `stroom verify --trust`), and nothing the API returns holds the secret half.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_are_signed_with_the_key_that_get_api_key_publishes() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let planner = s.token("planner").await;
    s.submitted_llo(&planner, "41077000").await;
    let auditor = s.token("auditor").await;
    let (status, key) = s.get(&auditor, "/api/key").await;
    assert_eq!(status, 200, "{key}");
    let public = stroom::sign::PublicKey::parse(&key.to_string()).unwrap();
    assert_eq!(key["fingerprint"], public.fingerprint());
    let on_disk = std::fs::read_to_string(s.db.join("signing.pub")).unwrap();
    assert_eq!(on_disk.trim(), public.hex());

    let export = s
        .http
        .get(s.url("/api/export"))
        .bearer_auth(&auditor)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let secret = std::fs::read_to_string(s.db.join("signing.key")).unwrap();
    assert!(!export.contains(secret.trim()));
    let export = stroom::export::read(&export).unwrap();
    for (stroom, chain) in &export.chains {
        let signatures = stroom::sign::check_chain(stroom, chain, &[public], None).unwrap();
        assert_eq!(signatures.signed, 2);
    }
    s.stop().await;
}

/// The server checks an import itself (never trusting the client's checks) and imports all
/// or nothing, into a server without strooms only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_is_checked_by_the_server_and_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let source = TestServer::start(&dir.path().join("a")).await;
    let planner = source.token("planner").await;
    for r in ["41077000", "41077001"] {
        source.submitted_llo(&planner, r).await;
    }
    let (_, trails) = source.get(&planner, "/api/trails").await;
    let records: Vec<Value> = trails["trails"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t.as_array().unwrap().clone())
        .collect();
    assert_eq!(records.len(), 4);
    source.stop().await;

    let target = TestServer::start(&dir.path().join("b")).await;
    let admin = target.token("admin").await;
    let planner = target.token("planner").await;
    // The second stroom's submit altered: refused naming it, and the first stroom (intact)
    // is not imported either.
    let mut altered = records.clone();
    altered[3]["event"]["on"] = json!("2023-09-28");
    let (status, v) = target
        .post(&admin, "/api/import", &json!({"records": altered}))
        .await;
    assert_eq!(status, 500, "{v}");
    assert_eq!(v["type"], "urn:stroom:problem:corrupt");
    assert_eq!(v["exit"], 5);
    assert!(v["detail"].as_str().unwrap().contains("41077001"), "{v}");
    let (_, list) = target.get(&planner, "/api/strooms").await;
    assert_eq!(list, json!({"schema": 1, "strooms": []}));
    // Trusting another key than the one that signed: refused too.
    let (status, v) = target
        .post(
            &admin,
            "/api/import",
            &json!({"records": records, "trust": ["00".repeat(32)]}),
        )
        .await;
    assert!([422, 500].contains(&status), "{status} {v}");
    // Intact: imported with their actors; the server's own key did not sign them.
    let (status, v) = target
        .post(&admin, "/api/import", &json!({"records": records}))
        .await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v, json!({"schema": 1, "strooms": 2, "events": 4}));
    let (_, log) = target.get(&planner, "/api/strooms/41077001/log").await;
    let log = log["records"].clone();
    assert_eq!(log.as_array().unwrap().len(), 2);
    assert_eq!(log[1]["actor"], "planner");
    assert_eq!(log[1]["sig"], records[3]["sig"]);
    // Not into a server that holds strooms.
    let (status, v) = target
        .post(&admin, "/api/import", &json!({"records": records}))
        .await;
    assert_eq!(status, 409, "{v}");
    assert_eq!(v["exit"], 4);
    target.stop().await;
}

/// `GET /api/trails` pages: at most the server's bound per page, in reference order, with
/// the cursor of the next page until the last; every stroom exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_trails_come_a_page_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start_with(dir.path(), |c| c.trails_page = 2).await;
    let planner = s.token("planner").await;
    let references: Vec<String> = (0..5).map(|i| format!("4107710{i}")).collect();
    for r in references.iter().rev() {
        let (status, _) = s.new_llo(&planner, r).await;
        assert_eq!(status, 201);
    }
    s.cmd(
        &planner,
        "41077102",
        json!({"verb": "submit", "on": "2023-09-27"}),
    )
    .await;
    let walk = |limit: Option<usize>| {
        let s = &s;
        let planner = planner.clone();
        async move {
            let mut pages = Vec::new();
            let mut after: Option<String> = None;
            loop {
                let mut path = "/api/trails?".to_string();
                if let Some(a) = &after {
                    path.push_str(&format!("after={a}&"));
                }
                if let Some(l) = limit {
                    path.push_str(&format!("limit={l}"));
                }
                let (status, page) = s.get(&planner, &path).await;
                assert_eq!(status, 200, "{page}");
                let refs: Vec<String> = page["trails"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t[0]["stroom"].as_str().unwrap().to_string())
                    .collect();
                pages.push(refs);
                match page["next"].as_str() {
                    Some(n) => after = Some(n.to_string()),
                    None => break,
                }
            }
            pages
        }
    };
    // The bound: pages of 2, a larger limit gets the bound too.
    for limit in [None, Some(100)] {
        let pages = walk(limit).await;
        assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1]);
        assert_eq!(pages.concat(), references);
    }
    let pages = walk(Some(1)).await;
    assert_eq!(pages.len(), 5);
    assert_eq!(pages.concat(), references);
    // A whole trail in its page: the submitted stroom's two records.
    let (_, page) = s.get(&planner, "/api/trails?after=41077101&limit=1").await;
    assert_eq!(page["trails"][0].as_array().unwrap().len(), 2, "{page}");
    assert_eq!(page["next"], "41077102");
    let (status, p) = s.get(&planner, "/api/trails?limit=0").await;
    assert_eq!(
        (status, p["code"].as_str()),
        (422, Some("limit-out-of-range"))
    );
    s.stop().await;
}
