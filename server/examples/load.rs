//! A bounded load run against a real server on the loopback: plan requests per second and
//! durable (fsynced, acknowledged) approvals per second at 1, 8 and 64 concurrent
//! clients, with p50/p99 latency. Server and clients share this process and machine.
//!
//!     cargo run --release -p stroom-server --example load [SECONDS_PER_PLAN_RUN] [APPROVALS_PER_LEVEL]
//!
//! Defaults: 3 seconds per plan run, 800 approvals per concurrency level.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use stroom_server::{Config, Grant, Server, Users};
use tokio::sync::Mutex;

const LLO: &str = include_str!("../../examples/llo-41077000.toml");
const ROLES: [&str; 4] = ["MSZW", "MPVO", "MOCW", "MEZK"];

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn report(what: &str, clients: usize, n: usize, elapsed: Duration, mut lat: Vec<Duration>) {
    lat.sort();
    println!(
        "{what:<10} clients={clients:>3}  {:>8.0}/s  p50={:.2} ms  p99={:.2} ms  (n={n})",
        n as f64 / elapsed.as_secs_f64(),
        percentile(&lat, 0.5),
        percentile(&lat, 0.99)
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seconds: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(3);
    let approvals: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(800);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    {
        let store = stroom::SledStore::open(&db, Duration::from_secs(5)).unwrap();
        let users = Users::open(&store).unwrap();
        users
            .add("planner", "planner-password", vec![Grant::Planner])
            .unwrap();
        let sec = ROLES
            .iter()
            .map(|r| Grant::Secretariaat(r.parse().unwrap()))
            .collect();
        users.add("sec", "secretariaat-password", sec).unwrap();
    }
    let mut config = Config::new(db.clone()).unwrap();
    config.today = Some(jiff::civil::date(2023, 10, 2));
    let server = Server::bind(config, "127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", server.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(128)
        .build()
        .unwrap();
    let token = |name: &'static str, pw: &'static str| {
        let (http, base) = (http.clone(), base.clone());
        async move {
            let v: serde_json::Value = http
                .post(format!("{base}/api/tokens"))
                .json(&json!({"name": name, "password": pw}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            v["token"].as_str().unwrap().to_string()
        }
    };
    let planner = token("planner", "planner-password").await;
    let sec = token("sec", "secretariaat-password").await;
    println!("stroom-server load run: {seconds} s per plan run, {approvals} approvals per level");

    for clients in [1usize, 8, 64] {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let mut tasks = Vec::new();
        let start = Instant::now();
        for _ in 0..clients {
            let (http, base, planner) = (http.clone(), base.clone(), planner.clone());
            tasks.push(tokio::spawn(async move {
                let mut lat = Vec::new();
                while Instant::now() < deadline {
                    let t = Instant::now();
                    let r = http
                        .get(format!(
                            "{base}/api/plan?route=ministerraad&ready=2023-10-04"
                        ))
                        .bearer_auth(&planner)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(r.status(), 200);
                    r.bytes().await.unwrap();
                    lat.push(t.elapsed());
                }
                lat
            }));
        }
        let mut lat = Vec::new();
        for t in tasks {
            lat.extend(t.await.unwrap());
        }
        report("plan", clients, lat.len(), start.elapsed(), lat);
    }

    let mut next_ref = 60_000_000u64;
    for clients in [1usize, 8, 64] {
        // Strooms before the bewindspersonen, four approvals each.
        let strooms = approvals.div_ceil(4);
        let mut work = Vec::new();
        for _ in 0..strooms {
            next_ref += 1;
            let text = LLO.replace(
                "reference = \"41077000\"",
                &format!("reference = \"{next_ref}\""),
            );
            let r = http
                .post(format!("{base}/api/strooms"))
                .bearer_auth(&planner)
                .json(&json!({"toml": text, "on": "2023-09-27"}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 201);
            let r = http
                .post(format!("{base}/api/strooms/{next_ref}/commands"))
                .bearer_auth(&planner)
                .json(&json!({"verb": "submit", "on": "2023-09-27"}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            for role in ROLES {
                work.push((next_ref, role));
            }
        }
        work.truncate(approvals);
        let queue = Arc::new(Mutex::new(work));
        let start = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..clients {
            let (http, base, sec, queue) = (http.clone(), base.clone(), sec.clone(), queue.clone());
            tasks.push(tokio::spawn(async move {
                let mut lat = Vec::new();
                loop {
                    let Some((reference, role)) = queue.lock().await.pop() else { break };
                    let t = Instant::now();
                    let r = http
                        .post(format!("{base}/api/strooms/{reference}/commands"))
                        .bearer_auth(&sec)
                        .json(&json!({"verb": "approve", "role": role, "version": 1, "on": "2023-10-02"}))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());
                    lat.push(t.elapsed());
                }
                lat
            }));
        }
        let mut lat = Vec::new();
        for t in tasks {
            lat.extend(t.await.unwrap());
        }
        report("approvals", clients, lat.len(), start.elapsed(), lat);
    }
    let _ = stop.send(());
    serving.await.unwrap().unwrap();
}
