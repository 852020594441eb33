//! The JSON contract of the API: every JSON answer, success or problem, is an object with
//! `"schema": 1` at its top level, never a bare array, with kebab-case keys; the shape of
//! every answer (its keys and the kinds of their values) is snapshotted, so a change to any
//! of them shows.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;

use common::TestServer;
use serde_json::{json, Value};

/// The shape of a JSON value: an object's keys with their shapes, an array as the shape of
/// its first element (`[]` when empty), every other value as its kind.
fn shape(v: &Value) -> Value {
    match v {
        Value::Null => json!("null"),
        Value::Bool(_) => json!("bool"),
        Value::Number(_) => json!("number"),
        Value::String(_) => json!("string"),
        Value::Array(items) => Value::Array(items.first().map(shape).into_iter().collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), shape(v))).collect()),
    }
}

/// Every answer seen, by "METHOD PATH (status)", checked for its `schema` as it comes.
#[derive(Default)]
struct Seen(BTreeMap<String, Value>);

impl Seen {
    fn check(&mut self, what: &str, status: u16, v: &Value) {
        assert!(
            v.is_object(),
            "{what} answered {status} with something other than an object: {v}"
        );
        assert_eq!(
            v["schema"], 1,
            "{what} answered {status} without \"schema\": 1: {v}"
        );
        let mut bad = Vec::new();
        snake_keys(v, "", &mut bad);
        assert!(
            bad.is_empty(),
            "{what} answered {status} with keys that are not kebab-case: {bad:?}\n{v}"
        );
        self.0.insert(format!("{what} ({status})"), shape(v));
    }
}

/// Every key of `v` that is not kebab-case, but for the keys that are data: a stored
/// record's `recorded_at` (hashed as stored; the records of `/log` and of a recording
/// command's `recorded`) and a route's approval estimates keyed by role (`roles`).
fn snake_keys(v: &Value, parent: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let kebab = k.split('-').all(|w| {
                    !w.is_empty()
                        && w.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                });
                let data = parent == "roles" || (k == "recorded_at" && m.contains_key("hash"));
                if !kebab && !data {
                    out.push(k.clone());
                }
                snake_keys(x, k, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|x| snake_keys(x, parent, out)),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_json_answer_of_the_api_carries_its_schema() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(&dir.path().join("a")).await;
    let mut seen = Seen::default();

    let r = s.http.get(s.url("/health")).send().await.unwrap();
    let status = r.status().as_u16();
    seen.check("GET /health", status, &r.json().await.unwrap());
    let (status, v) = s
        .post(
            "",
            "/api/tokens",
            &json!({"name": "planner", "password": "planner-password"}),
        )
        .await;
    seen.check("POST /api/tokens", status, &v);

    let planner = s.token("planner").await;
    let mocw = s.token("sec-mocw").await;
    let admin = s.token("admin").await;
    let auditor = s.token("auditor").await;
    let [(status, v), (submit_status, submitted)] = s.submitted_llo(&planner, "41077000").await;
    seen.check("POST /api/strooms", status, &v);
    seen.check("POST /api/strooms/REF/commands", submit_status, &submitted);
    s.approved_by_mocw(&mocw, "41077000").await;
    let (status, v) = s
        .post(
            &mocw,
            "/api/strooms/41077000/corrections",
            &common::mocw_date_fix(),
        )
        .await;
    seen.check("POST /api/strooms/REF/corrections", status, &v);
    let (status, v) = s
        .post(
            &planner,
            "/api/strooms/41077000/simulate",
            &json!({
                "scenarios": [{"name": "MPVO +5", "changes": [{"change": "role-delay", "role": "MPVO", "werkdagen": 5}]}],
                "runs": 200,
                "seed": 7,
                "model": {"approval": "triangular(3,5,15)"}
            }),
        )
        .await;
    seen.check("POST /api/strooms/REF/simulate", status, &v);

    for (token, path) in [
        (&planner, "/api/me"),
        (&planner, "/api/strooms"),
        (&planner, "/api/strooms/41077000"),
        (&planner, "/api/strooms/41077000/log"),
        (&planner, "/api/strooms/41077000/plan"),
        (&planner, "/api/plan?route=ministerraad&ready=2023-10-04"),
        (&planner, "/api/portfolio"),
        (&planner, "/api/portfolio?runs=200&seed=7"),
        (&planner, "/api/calendars"),
        (&planner, "/api/calendars/cwizo?year=2023"),
        (&planner, "/api/recesses"),
        (&planner, "/api/trails"),
        (&planner, "/api/key"),
        (&auditor, "/api/verify"),
        (&admin, "/api/users"),
        // Problems: not found, not allowed, not logged in, no such endpoint.
        (&planner, "/api/strooms/99999999"),
        (&planner, "/api/users"),
        (&String::new(), "/api/strooms"),
        (&planner, "/api/nothing-here"),
    ] {
        let (status, v) = s.get(token, path).await;
        let what = path
            .split('?')
            .next()
            .unwrap_or(path)
            .replace("41077000", "REF");
        let what = if path.contains("runs=") {
            format!("GET {what}?runs")
        } else {
            format!("GET {what}")
        };
        seen.check(&what, status, &v);
    }

    let (status, v) = s
        .post(
            &admin,
            "/api/users",
            &json!({"name": "newcomer", "password": "newcomer-password", "grants": ["planner"]}),
        )
        .await;
    seen.check("POST /api/users", status, &v);
    let r = s
        .http
        .put(s.url("/api/users/newcomer/grants"))
        .bearer_auth(&admin)
        .json(&json!({"grants": ["auditor"]}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    seen.check(
        "PUT /api/users/NAME/grants",
        status,
        &r.json().await.unwrap(),
    );
    let r = s
        .http
        .put(s.url("/api/users/newcomer/password"))
        .bearer_auth(&admin)
        .json(&json!({"password": "another-password"}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    seen.check(
        "PUT /api/users/NAME/password",
        status,
        &r.json().await.unwrap(),
    );
    let r = s
        .http
        .delete(s.url("/api/users/newcomer"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    seen.check("DELETE /api/users/NAME", status, &r.json().await.unwrap());

    // The export is a file of JSON lines (versioned by its header's "stroom-export"; each
    // record carries its own schema); an import of its records into a server without
    // strooms answers an object.
    let r = s
        .http
        .get(s.url("/api/export"))
        .bearer_auth(&auditor)
        .send()
        .await
        .unwrap();
    let export = r.text().await.unwrap();
    let records: Vec<Value> = export
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|l| l.get("seq").is_some())
        .collect();
    assert_eq!(records.len(), 4, "{export}");
    assert!(records.iter().all(|r| r["schema"] == 1));
    let r = s
        .http
        .delete(s.url("/api/tokens/current"))
        .bearer_auth(&planner)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    seen.check(
        "DELETE /api/tokens/current",
        status,
        &r.json().await.unwrap(),
    );
    s.stop().await;

    let target = TestServer::start(&dir.path().join("b")).await;
    let admin = target.token("admin").await;
    let (status, v) = target
        .post(&admin, "/api/import", &json!({"records": records}))
        .await;
    seen.check("POST /api/import", status, &v);
    target.stop().await;

    insta::assert_json_snapshot!("api_answer_shapes", seen.0);
}
