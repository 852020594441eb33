//! A real server on 127.0.0.1 with a random port, and a real HTTP client.
#![allow(dead_code, clippy::unwrap_used)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::redirect::Policy;
use serde_json::{json, Value};
use stroom_server::{Config, Grant, Server, Users};
use tokio::sync::oneshot;

/// The users every test server has, with their passwords.
pub const USERS: &[(&str, &str, &[&str])] = &[
    ("admin", "admin-password", &["admin"]),
    ("planner", "planner-password", &["planner"]),
    ("sec-mocw", "mocw-password", &["secretariaat:MOCW"]),
    (
        "sec-rest",
        "rest-password",
        &[
            "secretariaat:MSZW",
            "secretariaat:MPVO",
            "secretariaat:MEZK",
        ],
    ),
    ("auditor", "auditor-password", &["auditor"]),
];

pub fn password(name: &str) -> &'static str {
    USERS.iter().find(|u| u.0 == name).unwrap().1
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub db: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    join: Option<tokio::task::JoinHandle<()>>,
    pub http: reqwest::Client,
}

pub fn add_users(db: &Path) {
    let store = stroom::SledStore::open(db, Duration::from_secs(5)).unwrap();
    let users = Users::open(&store).unwrap();
    for (name, pw, grants) in USERS {
        let grants: Vec<Grant> = grants.iter().map(|g| g.parse().unwrap()).collect();
        users.add(name, pw, grants).unwrap();
    }
}

impl TestServer {
    /// A fresh database with [`USERS`], served with today = 2023-10-02.
    pub async fn start(dir: &Path) -> TestServer {
        let db = dir.join("db");
        add_users(&db);
        TestServer::serve(&db).await
    }

    /// Serves an existing database.
    pub async fn serve(db: &Path) -> TestServer {
        TestServer::serve_with(db, |_| {}).await
    }

    /// A fresh database with [`USERS`], served with a changed configuration.
    pub async fn start_with(dir: &Path, change: impl FnOnce(&mut Config)) -> TestServer {
        let db = dir.join("db");
        add_users(&db);
        TestServer::serve_with(&db, change).await
    }

    /// Serves an existing database with a changed configuration.
    pub async fn serve_with(db: &Path, change: impl FnOnce(&mut Config)) -> TestServer {
        let mut config = Config::new(db.to_path_buf()).unwrap();
        config.today = Some(jiff::civil::date(2023, 10, 2));
        config.lock_wait = Duration::from_secs(5);
        change(&mut config);
        let server = Server::bind(config, "127.0.0.1:0").await.unwrap();
        let addr = server.local_addr().unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        let join = tokio::spawn(async move {
            server
                .run(async {
                    let _ = rx.await;
                })
                .await
                .unwrap();
        });
        let http = reqwest::Client::builder()
            .redirect(Policy::none())
            .build()
            .unwrap();
        TestServer {
            addr,
            db: db.to_path_buf(),
            stop: Some(tx),
            join: Some(join),
            http,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops the server gracefully and waits until it has closed the database.
    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(j) = self.join.take() {
            j.await.unwrap();
        }
    }

    /// An API token for a user.
    pub async fn token(&self, name: &str) -> String {
        let r = self
            .http
            .post(self.url("/api/tokens"))
            .json(&json!({"name": name, "password": password(name)}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "login of {name}");
        let v: Value = r.json().await.unwrap();
        v["token"].as_str().unwrap().to_string()
    }

    pub async fn get(&self, token: &str, path: &str) -> (u16, Value) {
        let r = self
            .http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    pub async fn post(&self, token: &str, path: &str, body: &Value) -> (u16, Value) {
        let r = self
            .http
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// Records one command as `token`'s user.
    pub async fn cmd(&self, token: &str, reference: &str, body: Value) -> (u16, Value) {
        self.post(token, &format!("/api/strooms/{reference}/commands"), &body)
            .await
    }

    /// The LLO stroom registered under `reference` and submitted on 27 Sep 2023 by
    /// `planner`: the start most tests share. Both requests must succeed; their answers
    /// (registration, submission) are returned for tests that look at them.
    pub async fn submitted_llo(&self, planner: &str, reference: &str) -> [(u16, Value); 2] {
        let new = self.new_llo(planner, reference).await;
        assert_eq!(new.0, 201, "registering {reference}: {}", new.1);
        let submit = self
            .cmd(
                planner,
                reference,
                json!({"verb": "submit", "on": "2023-09-27"}),
            )
            .await;
        assert_eq!(submit.0, 200, "submitting {reference}: {}", submit.1);
        [new, submit]
    }

    /// MOCW's approval of version 1 on 29 Sep 2023, by its secretariaat (`token`); must
    /// succeed. Its event is number 3 (after registration and submission).
    pub async fn approved_by_mocw(&self, token: &str, reference: &str) -> (u16, Value) {
        let approve = self
            .cmd(
                token,
                reference,
                json!({"verb": "approve", "role": "MOCW", "version": 1, "on": "2023-09-29"}),
            )
            .await;
        assert_eq!(approve.0, 200, "MOCW approving {reference}: {}", approve.1);
        approve
    }

    /// Registers the LLO stroom (examples/llo-41077000.toml) under `reference`.
    pub async fn new_llo(&self, token: &str, reference: &str) -> (u16, Value) {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/llo-41077000.toml"
        ))
        .unwrap()
        .replace(
            "reference = \"41077000\"",
            &format!("reference = \"{reference}\""),
        );
        self.post(
            token,
            "/api/strooms",
            &json!({"toml": text, "on": "2023-09-27"}),
        )
        .await
    }
}

/// The correction of MOCW's approval ([`TestServer::approved_by_mocw`], event 3) to 28 Sep
/// 2023.
pub fn mocw_date_fix() -> Value {
    json!({"event": 3, "date": "2023-09-28", "role": "MOCW", "reason": "datum verkeerd overgenomen"})
}
