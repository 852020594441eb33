//! A bounded load run against a real server on the loopback: plan requests per second and
//! durable (fsynced, acknowledged) approvals per second at 1, 8 and 64 concurrent
//! clients, with p50/p99 latency.
//!
//!     cargo run --release -p stroom-server --example load [SECONDS_PER_PLAN_RUN] [APPROVALS_PER_LEVEL]
//!     cargo run --release -p stroom-server --example load run URL [SECONDS_PER_PLAN_RUN] [APPROVALS_PER_LEVEL]
//!     cargo run --release -p stroom-server --example load soak [SECONDS] [CLIENTS] [CACHE_MIB]
//!
//! Without `run`, server and clients share this process. With `run URL` this process is
//! the load generator only, against a `stroom serve` at URL whose database has the users
//! `planner` (grant planner, password `planner-password`) and `sec` (secretariaat for
//! MSZW, MPVO, MOCW and MEZK, password `secretariaat-password`), served with `--today
//! 2023-10-02`: `scripts/bench-server` sets that up and pins the two processes to separate
//! cores.
//!
//! Defaults: 3 seconds per plan run, 800 approvals per concurrency level. The soak runs a
//! mixed load (register, submit and approve strooms; plan, show and log them) from CLIENTS
//! (default 8) for SECONDS (default 600) and prints the process's resident memory every
//! 10 seconds, then how much it grew after the first minute (the warm-up: caches and
//! pools filling).
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

/// The resident memory of this process in MiB (Linux; 0 elsewhere).
fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let soak = args.get(1).map(String::as_str) == Some("soak");
    let remote = (args.get(1).map(String::as_str) == Some("run")).then(|| {
        args.get(2)
            .cloned()
            .expect("load run URL: the server's URL")
    });
    let args: Vec<String> = if soak {
        args[1..].to_vec()
    } else if remote.is_some() {
        args[2..].to_vec()
    } else {
        args
    };
    let seconds: u64 =
        args.get(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(if soak { 600 } else { 3 });
    let approvals: usize =
        args.get(2)
            .and_then(|s| s.parse().ok())
            .unwrap_or(if soak { 8 } else { 800 });
    if let Some(base) = remote {
        let http = client();
        let planner = token(&http, &base, "planner", "planner-password").await;
        let sec = token(&http, &base, "sec", "secretariaat-password").await;
        levels(&http, &base, &planner, &sec, seconds, approvals).await;
        return;
    }
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
    // The soak's third argument: sled's page cache in MiB (the server's default otherwise).
    if let Some(mib) = soak
        .then(|| args.get(3).and_then(|s| s.parse::<u64>().ok()))
        .flatten()
    {
        config.cache_capacity = mib * 1024 * 1024;
    }
    if soak {
        println!(
            "sled page cache {} MiB",
            config.cache_capacity / (1024 * 1024)
        );
    }
    let server = Server::bind(config, "127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", server.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));
    let http = client();
    let planner = token(&http, &base, "planner", "planner-password").await;
    let sec = token(&http, &base, "sec", "secretariaat-password").await;
    if soak {
        soak_run(&http, &base, &planner, &sec, seconds, approvals).await;
    } else {
        levels(&http, &base, &planner, &sec, seconds, approvals).await;
    }
    let _ = stop.send(());
    serving.await.unwrap().unwrap();
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(128)
        .build()
        .unwrap()
}

async fn token(http: &reqwest::Client, base: &str, name: &str, pw: &str) -> String {
    let v: serde_json::Value = http
        .post(format!("{base}/api/tokens"))
        .json(&json!({"name": name, "password": pw}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["token"]
        .as_str()
        .unwrap_or_else(|| panic!("no token for {name}: {v}"))
        .to_string()
}

/// Plans, then approvals, at 1, 8 and 64 clients.
async fn levels(
    http: &reqwest::Client,
    base: &str,
    planner: &str,
    sec: &str,
    seconds: u64,
    approvals: usize,
) {
    let (http, base, planner, sec) = (
        http.clone(),
        base.to_string(),
        planner.to_string(),
        sec.to_string(),
    );
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
}

/// A mixed load for `seconds` from `clients` clients; resident memory every 10 seconds.
async fn soak_run(
    http: &reqwest::Client,
    base: &str,
    planner: &str,
    sec: &str,
    seconds: u64,
    clients: usize,
) {
    println!("stroom-server soak: {seconds} s, {clients} clients, RSS every 10 s");
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let done = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (http, base, planner, sec, done) = (
            http.clone(),
            base.to_string(),
            planner.to_string(),
            sec.to_string(),
            done.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            while Instant::now() < deadline {
                n += 1;
                let reference = 80_000_000 + (c as u64) * 1_000_000 + n;
                let text = LLO.replace(
                    "reference = \"41077000\"",
                    &format!("reference = \"{reference}\""),
                );
                let post = |path: String, token: &str, body: serde_json::Value| {
                    http.post(format!("{base}{path}"))
                        .bearer_auth(token)
                        .json(&body)
                        .send()
                };
                let r = post(
                    "/api/strooms".into(),
                    &planner,
                    json!({"toml": text, "on": "2023-09-27"}),
                )
                .await
                .unwrap();
                assert_eq!(r.status(), 201);
                let cmds = format!("/api/strooms/{reference}/commands");
                let r = post(
                    cmds.clone(),
                    &planner,
                    json!({"verb": "submit", "on": "2023-09-27"}),
                )
                .await
                .unwrap();
                assert_eq!(r.status(), 200);
                for role in ROLES {
                    let r = post(
                        cmds.clone(),
                        &sec,
                        json!({"verb": "approve", "role": role, "version": 1, "on": "2023-10-02"}),
                    )
                    .await
                    .unwrap();
                    assert_eq!(r.status(), 200);
                }
                for path in ["", "/plan", "/log"] {
                    let r = http
                        .get(format!("{base}/api/strooms/{reference}{path}"))
                        .bearer_auth(&planner)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(r.status(), 200);
                    r.bytes().await.unwrap();
                }
                done.fetch_add(9, std::sync::atomic::Ordering::Relaxed);
            }
        }));
    }
    let mut after_warm_up = None;
    let mut max = 0.0f64;
    while Instant::now() < deadline {
        tokio::time::sleep(
            Duration::from_secs(10).min(deadline.saturating_duration_since(Instant::now())),
        )
        .await;
        let t = start.elapsed().as_secs();
        let rss = rss_mib();
        max = max.max(rss);
        if t >= 60 && after_warm_up.is_none() {
            after_warm_up = Some(rss);
        }
        println!(
            "t={t:>4} s  requests={:>8}  rss={rss:.1} MiB",
            done.load(std::sync::atomic::Ordering::Relaxed)
        );
    }
    for t in tasks {
        t.await.unwrap();
    }
    let end = rss_mib();
    match after_warm_up {
        Some(base_rss) => println!(
            "rss after the first minute {base_rss:.1} MiB, at the end {end:.1} MiB ({:+.1} MiB), peak {max:.1} MiB",
            end - base_rss
        ),
        None => println!("rss at the end {end:.1} MiB, peak {max:.1} MiB (run past 60 s to compare against the warmed-up level)"),
    }
}
