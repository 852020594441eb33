//! The browser UI's security over plain HTTP: login with CSRF, cookies' attributes, forms
//! refused without the session's CSRF token, a session dead after logout.
#![allow(clippy::unwrap_used)]

mod common;

use common::TestServer;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

fn csrf_of(html: &str) -> String {
    let start = html.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    html[start..].split('"').next().unwrap().to_string()
}

fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_string()
}

/// Logs in through the form; returns the session cookie pair and the page's CSRF token.
async fn login(s: &TestServer, name: &str) -> (String, String) {
    let r = s.http.get(s.url("/login")).send().await.unwrap();
    let login_cookie = cookie_pair(r.headers()[SET_COOKIE].to_str().unwrap());
    let form_token = csrf_of(&r.text().await.unwrap());
    let r = s
        .http
        .post(s.url("/login"))
        .header(COOKIE, &login_cookie)
        .form(&[
            ("naam", name),
            ("wachtwoord", common::password(name)),
            ("csrf", &form_token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let set = r
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("stroom_session="))
        .unwrap();
    for attr in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(set.contains(attr), "{attr} missing in {set}");
    }
    let session = cookie_pair(&set);
    let page = s
        .http
        .get(s.url("/portfolio"))
        .header(COOKIE, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let csrf = csrf_of(&page.text().await.unwrap());
    (session, csrf)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_login_form_needs_its_csrf_token() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let r = s
        .http
        .post(s.url("/login"))
        .form(&[
            ("naam", "planner"),
            ("wachtwoord", common::password("planner")),
            ("csrf", "forged"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(r
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .all(|c| !c.to_str().unwrap().starts_with("stroom_session=")));
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_without_the_sessions_csrf_token_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let planner = s.token("planner").await;
    s.new_llo(&planner, "41077000").await;
    let (session, csrf) = login(&s, "planner").await;
    for token in ["", "0000", &"a".repeat(64)] {
        let r = s
            .http
            .post(s.url("/strooms/41077000"))
            .header(COOKIE, &session)
            .form(&[("csrf", token), ("verb", "submit"), ("on", "2023-09-27")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "csrf '{token}'");
    }
    // The JSON API with the session cookie needs the token as a header.
    let r = s
        .http
        .post(s.url("/api/strooms/41077000/commands"))
        .header(COOKIE, &session)
        .json(&serde_json::json!({"verb": "submit", "on": "2023-09-27"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let (_, log) = s.get(&planner, "/api/strooms/41077000/log").await;
    let log = log["records"].clone();
    assert_eq!(log.as_array().unwrap().len(), 1, "nothing was recorded");

    // With the token the same form records, as the logged-in user.
    let r = s
        .http
        .post(s.url("/strooms/41077000"))
        .header(COOKIE, &session)
        .form(&[
            ("csrf", csrf.as_str()),
            ("verb", "submit"),
            ("on", "2023-09-27"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(r.headers()[LOCATION]
        .to_str()
        .unwrap()
        .starts_with("/strooms/41077000?gedaan=submit"));
    let (_, log) = s.get(&planner, "/api/strooms/41077000/log").await;
    let log = log["records"].clone();
    assert_eq!(log[1]["actor"], "planner");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_cookie_is_dead_after_logout() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let (session, csrf) = login(&s, "auditor").await;
    let r = s
        .http
        .post(s.url("/logout"))
        .header(COOKIE, &session)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // The old cookie, replayed: the browser pages send to the login, the API says 401.
    let r = s
        .http
        .get(s.url("/portfolio"))
        .header(COOKIE, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()[LOCATION], "/login");
    let r = s
        .http
        .get(s.url("/api/me"))
        .header(COOKIE, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stroom_page_offers_only_the_forms_the_grants_allow() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let planner = s.token("planner").await;
    s.submitted_llo(&planner, "41077000").await;
    let page = |who: &'static str| {
        let s = &s;
        async move {
            let (session, _) = login(s, who).await;
            s.http
                .get(s.url("/strooms/41077000"))
                .header(COOKIE, &session)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let mocw = page("sec-mocw").await;
    assert!(mocw.contains("Akkoord van MOCW op versie 1"));
    assert!(
        !mocw.contains("Akkoord van MPVO"),
        "only the secretariaat's own role"
    );
    assert!(!mocw.contains("name=\"verb\" value=\"withdraw\""));
    let planner_page = page("planner").await;
    assert!(!planner_page.contains("name=\"verb\" value=\"approve\""));
    assert!(planner_page.contains("name=\"verb\" value=\"withdraw\""));
    assert!(planner_page.contains("name=\"verb\" value=\"needs-onderraad\""));
    let auditor = page("auditor").await;
    assert!(auditor.contains("Er is nu niets dat u met uw rechten kunt vastleggen."));
    assert!(auditor.contains("Keten geverifieerd"));
    s.stop().await;
}
