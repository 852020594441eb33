//! Every problem the server sends has a stable code and its typed data: a request for
//! each kind of failure the API and the router can meet (the engine's classes, the
//! server's own refusals, what axum refuses before a handler runs), each answered as
//! `application/problem+json` whose `code` is known, whose `type` and `reason.kind` name
//! it, and whose `reason` decodes into the engine's error or the server's problem with
//! the same status and English text.
#![allow(clippy::unwrap_used)]

mod common;

use common::TestServer;
use reqwest::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use reqwest::Method;
use serde_json::{json, Value};
use stroom_render::server::ServerProblem;
use stroom_render::Lang;
use stroom_server::problem::ENGINE_CODES;

/// A browser session's cookie, logged in through the form.
async fn session(s: &TestServer, name: &str) -> String {
    let pair = |c: &str| c.split(';').next().unwrap().to_string();
    let r = s.http.get(s.url("/login")).send().await.unwrap();
    let login_cookie = pair(r.headers()[SET_COOKIE].to_str().unwrap());
    let html = r.text().await.unwrap();
    let start = html.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    let token = html[start..].split('"').next().unwrap().to_string();
    let r = s
        .http
        .post(s.url("/login"))
        .header(COOKIE, &login_cookie)
        .form(&[
            ("naam", name),
            ("wachtwoord", common::password(name)),
            ("csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    r.headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| pair(v.to_str().unwrap()))
        .find(|c| c.starts_with("stroom_session="))
        .unwrap()
}

/// Checks one problem: known code, named alike in `type` and `reason.kind`, and a reason
/// that decodes into a typed error of the same class, status and text.
fn check(expected: &str, status: u16, content_type: &str, p: &Value) {
    assert_eq!(content_type, "application/problem+json", "{expected}: {p}");
    let code = p["code"].as_str().unwrap_or_default();
    assert_eq!(code, expected, "{p}");
    assert_eq!(p["type"], format!("urn:stroom:problem:{code}"), "{p}");
    assert_eq!(p["reason"]["kind"], code, "{p}");
    assert_eq!(p["status"], status, "{p}");
    if ENGINE_CODES.contains(&code) {
        let e = stroom_server::reason::decode(&p["reason"], "")
            .unwrap_or_else(|| panic!("{code}: the reason does not decode: {p}"));
        assert_eq!(stroom_server::reason::class(&e), code);
        let en = stroom_render::messages::messages(Lang::En)
            .error(&e)
            .text(Lang::En);
        assert_eq!(p["detail"], en, "{p}");
    } else {
        let sp: ServerProblem = serde_json::from_value(p["reason"].clone())
            .unwrap_or_else(|e| panic!("{code}: {e}: {p}"));
        let class = sp.class();
        assert_eq!((class.code, class.status), (code, status), "{p}");
        assert_eq!(p["exit"], class.exit, "{p}");
        assert_eq!(p["detail"], sp.text(Lang::En, ""), "{p}");
        assert!(
            ServerProblem::examples()
                .iter()
                .any(|x| x.class().code == code),
            "{code} has no example"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_problem_the_server_sends_has_a_code_and_typed_data() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let planner = s.token("planner").await;
    let admin = s.token("admin").await;
    let auditor = s.token("auditor").await;
    let (status, _) = s.new_llo(&planner, "41077000").await;
    assert_eq!(status, 201);
    let bad_toml = "reference = \"41077001\"\ntitle = 3\n";

    // (code, method, path, token, JSON body or raw text)
    enum B {
        None,
        Json(Value),
        Raw(&'static str),
    }
    let cases: Vec<(&str, Method, &str, &str, B)> = vec![
        ("unauthenticated", Method::GET, "/api/strooms", "", B::None),
        (
            "unauthenticated",
            Method::GET,
            "/api/strooms",
            "nope",
            B::None,
        ),
        (
            "forbidden",
            Method::POST,
            "/api/strooms/41077000/commands",
            &auditor,
            B::Json(json!({"verb": "submit"})),
        ),
        (
            "rejected",
            Method::POST,
            "/api/strooms/41077000/commands",
            &planner,
            B::Json(json!({"verb": "send", "on": "2023-10-02"})),
        ),
        (
            "bad-input",
            Method::POST,
            "/api/strooms/41077000/commands",
            &planner,
            B::Json(json!({"verb": "submit", "on": "2023-09-20"})),
        ),
        (
            "bad-input",
            Method::POST,
            "/api/strooms/41077000/commands",
            &planner,
            B::Json(json!({"verb": "approve", "role": "mocw", "version": 1})),
        ),
        (
            "not-found",
            Method::GET,
            "/api/strooms/99999999",
            &planner,
            B::None,
        ),
        (
            "exists",
            Method::POST,
            "/api/strooms",
            &planner,
            B::Json(
                json!({"def": null, "toml": std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/llo-41077000.toml")).unwrap(), "on": "2023-09-27"}),
            ),
        ),
        (
            "data",
            Method::POST,
            "/api/strooms",
            &planner,
            B::Json(json!({"toml": bad_toml})),
        ),
        (
            "calendar",
            Method::GET,
            "/api/plan?route=ministerraad&ready=2039-06-01",
            &planner,
            B::None,
        ),
        (
            "plan",
            Method::GET,
            "/api/strooms/41077000/plan?today=2023-09-01",
            &planner,
            B::None,
        ),
        (
            "not-a-command",
            Method::POST,
            "/api/strooms/41077000/commands",
            &planner,
            B::Json(json!({"verb": "fly"})),
        ),
        (
            "missing-field",
            Method::POST,
            "/api/strooms/41077000/commands",
            &planner,
            B::Json(json!({"verb": "deliver"})),
        ),
        (
            "not-an-outcome",
            Method::POST,
            "/api/strooms/41077000/commands",
            &planner,
            B::Json(json!({"verb": "mr", "outcome": "maybe"})),
        ),
        (
            "return-needs-comment",
            Method::POST,
            "/api/strooms/41077000/commands",
            &planner,
            B::Json(json!({"verb": "return", "role": "MOCW", "version": 1})),
        ),
        (
            "new-stroom-shape",
            Method::POST,
            "/api/strooms",
            &planner,
            B::Json(json!({})),
        ),
        (
            "correction-shape",
            Method::POST,
            "/api/strooms/41077000/corrections",
            &planner,
            B::Json(json!({"event": 1, "reason": "x", "date": "2023-09-28", "void": true})),
        ),
        (
            "ad-hoc-plan-shape",
            Method::GET,
            "/api/plan",
            &planner,
            B::None,
        ),
        (
            "runs-out-of-range",
            Method::POST,
            "/api/strooms/41077000/simulate",
            &planner,
            B::Json(json!({"runs": 0})),
        ),
        (
            "not-a-number",
            Method::GET,
            "/api/strooms/41077000/plan?approval_days=five",
            &planner,
            B::None,
        ),
        (
            "bad-model",
            Method::POST,
            "/api/strooms/41077000/simulate",
            &planner,
            B::Json(json!({"runs": 10, "model": {"p_hold": 2.0}})),
        ),
        (
            "not-a-trust-key",
            Method::POST,
            "/api/import",
            &admin,
            B::Json(json!({"records": [], "trust": ["xyz"]})),
        ),
        (
            "user-exists",
            Method::POST,
            "/api/users",
            &admin,
            B::Json(
                json!({"name": "planner", "password": "a-long-password", "grants": ["planner"]}),
            ),
        ),
        (
            "short-password",
            Method::POST,
            "/api/users",
            &admin,
            B::Json(json!({"name": "anna", "password": "short", "grants": ["planner"]})),
        ),
        (
            "bad-user-name",
            Method::POST,
            "/api/users",
            &admin,
            B::Json(json!({"name": "Anna!", "password": "a-long-password", "grants": ["planner"]})),
        ),
        (
            "no-grants",
            Method::POST,
            "/api/users",
            &admin,
            B::Json(json!({"name": "anna", "password": "a-long-password", "grants": []})),
        ),
        (
            "not-a-grant",
            Method::PUT,
            "/api/users/planner/grants",
            &admin,
            B::Json(json!({"grants": ["boss"]})),
        ),
        (
            "unknown-user",
            Method::DELETE,
            "/api/users/ghost",
            &admin,
            B::None,
        ),
        (
            "last-admin",
            Method::DELETE,
            "/api/users/admin",
            &admin,
            B::None,
        ),
        (
            "wrong-password",
            Method::PUT,
            "/api/users/planner/password",
            &planner,
            B::Json(json!({"password": "a-long-password", "current": "not-it"})),
        ),
        (
            "bad-credentials",
            Method::POST,
            "/api/tokens",
            "",
            B::Json(json!({"name": "planner", "password": "not-it"})),
        ),
        // What axum refuses before a handler runs.
        (
            "no-such-endpoint",
            Method::GET,
            "/api/nothing",
            &planner,
            B::None,
        ),
        (
            "method-not-allowed",
            Method::DELETE,
            "/api/strooms",
            &planner,
            B::None,
        ),
        (
            "bad-request",
            Method::POST,
            "/api/strooms/41077000/commands",
            &planner,
            B::Raw("{not json"),
        ),
        (
            "bad-request",
            Method::POST,
            "/api/strooms/41077000/commands",
            &planner,
            B::Json(json!({"verb": "submit", "when": "now"})),
        ),
        (
            "bad-request",
            Method::GET,
            "/api/portfolio?runs=many",
            &planner,
            B::None,
        ),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for (code, method, path, token, body) in cases {
        let mut req = s.http.request(method.clone(), s.url(path));
        if !token.is_empty() {
            req = req.bearer_auth(token);
        }
        req = match body {
            B::None => req,
            B::Json(v) => req.json(&v),
            B::Raw(t) => req.header(CONTENT_TYPE, "application/json").body(t),
        };
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        let ct = r
            .headers()
            .get(CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let text = r.text().await.unwrap();
        let p: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{method} {path}: {status} {e}: {text}"));
        check(code, status, &ct, &p);
        seen.insert(code);
    }
    // A cookie-authenticated change without the session's CSRF token.
    let cookie = session(&s, "planner").await;
    let r = s
        .http
        .post(s.url("/api/strooms/41077000/commands"))
        .header(COOKIE, &cookie)
        .json(&json!({"verb": "submit", "on": "2023-09-27"}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let ct = r.headers()[CONTENT_TYPE].to_str().unwrap().to_string();
    check("csrf", status, &ct, &r.json().await.unwrap());
    // The data error is the one local mode gives for the same text.
    let (_, p) = s
        .post(&planner, "/api/strooms", &json!({"toml": bad_toml}))
        .await;
    let local = stroom::StroomDef::from_toml("<request>", bad_toml).unwrap_err();
    let remote = stroom_server::reason::decode(&p["reason"], "").unwrap();
    assert_eq!(format!("{remote:?}"), format!("{local:?}"));
    // Past the login limit (5 per name): refused without a check, with Retry-After.
    for _ in 0..5 {
        let (status, _) = s
            .post(
                "",
                "/api/tokens",
                &json!({"name": "sec-mocw", "password": "x"}),
            )
            .await;
        assert_eq!(status, 401);
    }
    let r = s
        .http
        .post(s.url("/api/tokens"))
        .json(&json!({"name": "sec-mocw", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("retry-after").is_some());
    let status = r.status().as_u16();
    let ct = r.headers()[CONTENT_TYPE].to_str().unwrap().to_string();
    check("rate-limited", status, &ct, &r.json().await.unwrap());
    assert!(seen.len() >= 30, "{seen:?}");
    s.stop().await;
}
