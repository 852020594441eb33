//! A bounded load run against a real server on the loopback, in two kinds of run:
//!
//! - **closed loop** (saturation): 1, 8 and 64 clients each send their next request as soon
//!   as the last one is answered; plan requests per second and durable (fsynced,
//!   acknowledged) approvals per second, with p50/p99 latency. At saturation a closed-loop
//!   client's latency is the number of clients over the throughput, so these runs measure
//!   capacity, not the latency an operator sees at a given load.
//! - **open loop** (fixed offered rate, as wrk2 measures): 64 clients share an aggregate
//!   rate (1,000 approvals/s, 10,000 plans/s by default); request `i` is due at
//!   `start + i / RATE` and client `c` sends requests `c, c + 64, …`. Latency is measured
//!   from each request's *intended* send time, so a server that falls behind is charged for
//!   the whole wait of every request it delayed (no coordinated omission); the latency from
//!   the actual send (service time) is printed beside it. The first second is warm-up and
//!   left out of the percentiles. tokio's timer rounds a due time up to its next
//!   millisecond, so a request leaves up to about 1 ms after it was due: the latency from
//!   the intended send overstates by that much at most, never understates.
//!
//! Usage:
//!
//! ```text
//! cargo run --release -p stroom-server --example load [SECONDS_PER_PLAN_RUN] [APPROVALS_PER_LEVEL] [OPTIONS]
//! cargo run --release -p stroom-server --example load run URL [SECONDS_PER_PLAN_RUN] [APPROVALS_PER_LEVEL] [OPTIONS]
//! cargo run --release -p stroom-server --example load soak [SECONDS] [CLIENTS] [CACHE_MIB]
//! ```
//!
//! OPTIONS: `--only closed|open`; `--open-seconds S` (each fixed-rate run, default 10);
//! `--approval-rates R,R,…` (default 1000); `--plan-rates R,R,…` (default 10000);
//! `--open-clients N` (default 64).
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

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use stroom_server::{Config, Grant, Server, Users};
use tokio::sync::Mutex;

const LLO: &str = include_str!("../../examples/llo-41077000.toml");
const ROLES: [&str; 4] = ["MSZW", "MPVO", "MOCW", "MEZK"];
/// The first reference the approval runs register (each run takes the next ones).
const FIRST_REF: u64 = 60_000_000;

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

/// What the load generator was asked to run.
#[derive(Debug, Clone)]
struct Plan {
    seconds: u64,
    approvals: usize,
    closed: bool,
    open: bool,
    open_seconds: u64,
    approval_rates: Vec<f64>,
    plan_rates: Vec<f64>,
    open_clients: usize,
}

/// Splits `--name value` options from the positional arguments.
fn options(args: &[String]) -> (Vec<String>, Vec<(String, String)>) {
    let mut positional = Vec::new();
    let mut opts = Vec::new();
    let mut i = 0;
    while i < args.len() {
        if let Some(name) = args[i].strip_prefix("--") {
            let value = args
                .get(i + 1)
                .unwrap_or_else(|| panic!("--{name} needs a value"))
                .clone();
            opts.push((name.to_string(), value));
            i += 2;
        } else {
            positional.push(args[i].clone());
            i += 1;
        }
    }
    (positional, opts)
}

fn rates(value: &str) -> Vec<f64> {
    value
        .split(',')
        .filter(|r| !r.trim().is_empty())
        .map(|r| {
            let rate: f64 = r
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("a rate is a number per second, not '{r}'"));
            assert!(rate > 0.0, "a rate must be above 0, not {rate}");
            rate
        })
        .collect()
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
    let args: Vec<String> = std::env::args().skip(1).collect();
    let soak = args.first().map(String::as_str) == Some("soak");
    let remote = (args.first().map(String::as_str) == Some("run")).then(|| {
        args.get(1)
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
    let (args, opts) = options(&args);
    let seconds: u64 = args
        .first()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if soak { 600 } else { 3 });
    let approvals: usize =
        args.get(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(if soak { 8 } else { 800 });
    let mut plan = Plan {
        seconds,
        approvals,
        closed: true,
        open: true,
        open_seconds: 10,
        approval_rates: vec![1000.0],
        plan_rates: vec![10_000.0],
        open_clients: 64,
    };
    for (name, value) in &opts {
        match name.as_str() {
            "only" => match value.as_str() {
                "closed" => plan.open = false,
                "open" => plan.closed = false,
                other => panic!("--only closed or --only open, not '{other}'"),
            },
            "open-seconds" => {
                plan.open_seconds = value.parse().unwrap_or_else(|_| {
                    panic!("--open-seconds takes whole seconds, not '{value}'")
                });
            }
            "approval-rates" => plan.approval_rates = rates(value),
            "plan-rates" => plan.plan_rates = rates(value),
            "open-clients" => {
                plan.open_clients = value.parse().ok().filter(|n| *n > 0).unwrap_or_else(|| {
                    panic!("--open-clients takes a number above 0, not '{value}'")
                });
            }
            other => panic!("unknown option --{other} (see the top of server/examples/load.rs)"),
        }
    }
    if let Some(base) = remote {
        let http = client();
        let planner = token(&http, &base, "planner", "planner-password").await;
        let sec = token(&http, &base, "sec", "secretariaat-password").await;
        levels(&http, &base, &planner, &sec, &plan).await;
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
        .then(|| args.get(2).and_then(|s| s.parse::<u64>().ok()))
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
        levels(&http, &base, &planner, &sec, &plan).await;
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

/// Everything a client needs to send requests.
#[derive(Clone)]
struct Ctx {
    http: reqwest::Client,
    base: String,
    planner: String,
    sec: String,
}

impl Ctx {
    /// One ad hoc plan, answered 200.
    async fn plan(&self) {
        let r = self
            .http
            .get(format!(
                "{}/api/plan?route=ministerraad&ready=2023-10-04",
                self.base
            ))
            .bearer_auth(&self.planner)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        r.bytes().await.unwrap();
    }

    /// One durable approval, answered 200.
    async fn approve(&self, reference: u64, role: &str) {
        let r = self
            .http
            .post(format!("{}/api/strooms/{reference}/commands", self.base))
            .bearer_auth(&self.sec)
            .json(&json!({"verb": "approve", "role": role, "version": 1, "on": "2023-10-02"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());
    }

    /// Registers and submits `strooms` strooms from `next_ref + 1` on (64 at a time) and
    /// returns the approvals they wait for, four per stroom.
    async fn prepare(&self, next_ref: &mut u64, strooms: usize) -> Vec<(u64, &'static str)> {
        let first = *next_ref + 1;
        *next_ref += strooms as u64;
        let refs: Vec<u64> = (first..=*next_ref).collect();
        let chunks: Vec<Vec<u64>> = refs
            .chunks(strooms.div_ceil(64).max(1))
            .map(<[u64]>::to_vec)
            .collect();
        let mut tasks = Vec::new();
        for chunk in chunks {
            let ctx = self.clone();
            tasks.push(tokio::spawn(async move {
                for reference in chunk {
                    let text = LLO.replace(
                        "reference = \"41077000\"",
                        &format!("reference = \"{reference}\""),
                    );
                    let r = ctx
                        .http
                        .post(format!("{}/api/strooms", ctx.base))
                        .bearer_auth(&ctx.planner)
                        .json(&json!({"toml": text, "on": "2023-09-27"}))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(r.status(), 201);
                    let r = ctx
                        .http
                        .post(format!("{}/api/strooms/{reference}/commands", ctx.base))
                        .bearer_auth(&ctx.planner)
                        .json(&json!({"verb": "submit", "on": "2023-09-27"}))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(r.status(), 200);
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        refs.into_iter()
            .flat_map(|r| ROLES.into_iter().map(move |role| (r, role)))
            .collect()
    }
}

/// The closed-loop runs (plans, then approvals, at 1, 8 and 64 clients), then the
/// open-loop ones (each plan rate, then each approval rate).
async fn levels(http: &reqwest::Client, base: &str, planner: &str, sec: &str, plan: &Plan) {
    let ctx = Ctx {
        http: http.clone(),
        base: base.to_string(),
        planner: planner.to_string(),
        sec: sec.to_string(),
    };
    let mut next_ref = FIRST_REF;
    if plan.closed {
        closed_levels(&ctx, &mut next_ref, plan.seconds, plan.approvals).await;
    }
    if plan.open {
        open_levels(&ctx, &mut next_ref, plan).await;
    }
}

/// Closed loop: plans, then approvals, at 1, 8 and 64 clients.
async fn closed_levels(ctx: &Ctx, next_ref: &mut u64, seconds: u64, approvals: usize) {
    println!(
        "closed loop (each client sends its next request when the last is answered): \
         {seconds} s per plan run, {approvals} approvals per level"
    );
    for clients in [1usize, 8, 64] {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let mut tasks = Vec::new();
        let start = Instant::now();
        for _ in 0..clients {
            let ctx = ctx.clone();
            tasks.push(tokio::spawn(async move {
                let mut lat = Vec::new();
                while Instant::now() < deadline {
                    let t = Instant::now();
                    ctx.plan().await;
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

    for clients in [1usize, 8, 64] {
        // Strooms before the bewindspersonen, four approvals each.
        let mut work = ctx.prepare(next_ref, approvals.div_ceil(4)).await;
        work.truncate(approvals);
        let queue = Arc::new(Mutex::new(work));
        let start = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..clients {
            let (ctx, queue) = (ctx.clone(), queue.clone());
            tasks.push(tokio::spawn(async move {
                let mut lat = Vec::new();
                loop {
                    let Some((reference, role)) = queue.lock().await.pop() else {
                        break;
                    };
                    let t = Instant::now();
                    ctx.approve(reference, role).await;
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

/// A request of an open-loop run, by its number in the schedule.
type Send = Arc<
    dyn Fn(usize) -> Pin<Box<dyn Future<Output = ()> + std::marker::Send>>
        + Sync
        + std::marker::Send,
>;

/// The warm-up at the start of an open-loop run, left out of its percentiles.
const WARM_UP: Duration = Duration::from_secs(1);

/// Open loop: `clients` clients share the offered `rate` for `seconds`. Request `i` is due
/// at `start + i / rate`; client `c` sends requests `c, c + clients, …`, each when it is
/// due or, when the client is still waiting for its previous answer, as soon as that
/// comes (one connection per client, as wrk2). Latency counts from the due time.
async fn open_run(what: &str, clients: usize, rate: f64, seconds: u64, send: Send) {
    let total = (rate * seconds as f64).round() as usize;
    // Every client is spawned before the first request is due.
    let start = Instant::now() + Duration::from_millis(50);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let send = send.clone();
        tasks.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            for i in (c..total).step_by(clients) {
                let due = start + Duration::from_secs_f64(i as f64 / rate);
                tokio::time::sleep_until(due.into()).await;
                let sent = Instant::now();
                send(i).await;
                let done = Instant::now();
                seen.push((due, sent, done));
            }
            seen
        }));
    }
    let mut seen = Vec::new();
    for t in tasks {
        seen.extend(t.await.unwrap());
    }
    let end = seen.iter().map(|s| s.2).max().unwrap_or(start);
    let n = seen.len();
    let measured: Vec<_> = seen
        .into_iter()
        .filter(|(due, _, _)| due.duration_since(start) >= WARM_UP)
        .collect();
    let mut from_due: Vec<Duration> = measured.iter().map(|(due, _, done)| *done - *due).collect();
    let mut service: Vec<Duration> = measured
        .iter()
        .map(|(_, sent, done)| *done - *sent)
        .collect();
    from_due.sort();
    service.sort();
    println!(
        "{what:<10} offered {rate:.0}/s  clients={clients}  achieved {:.0}/s  \
         (n={}, {n} sent, the first {} s left out as warm-up)\n\
         {:<10} latency from intended send: p50={:.2} p90={:.2} p99={:.2} p99.9={:.2} max={:.2} ms\n\
         {:<10} latency from actual send:   p50={:.2} p90={:.2} p99={:.2} p99.9={:.2} max={:.2} ms",
        n as f64 / end.duration_since(start).as_secs_f64(),
        from_due.len(),
        WARM_UP.as_secs(),
        "",
        percentile(&from_due, 0.5),
        percentile(&from_due, 0.9),
        percentile(&from_due, 0.99),
        percentile(&from_due, 0.999),
        percentile(&from_due, 1.0),
        "",
        percentile(&service, 0.5),
        percentile(&service, 0.9),
        percentile(&service, 0.99),
        percentile(&service, 0.999),
        percentile(&service, 1.0),
    );
}

/// The open-loop runs: each plan rate, then each approval rate.
async fn open_levels(ctx: &Ctx, next_ref: &mut u64, plan: &Plan) {
    let (clients, seconds) = (plan.open_clients, plan.open_seconds);
    if seconds == 0 {
        return;
    }
    println!(
        "open loop (fixed offered rate shared by {clients} clients, {seconds} s per run; \
         latency from each request's intended send time, wrk2-style)"
    );
    for &rate in &plan.plan_rates {
        let c = ctx.clone();
        let send: Send = Arc::new(move |_| {
            let c = c.clone();
            Box::pin(async move { c.plan().await })
        });
        open_run("plan", clients, rate, seconds, send).await;
    }
    for &rate in &plan.approval_rates {
        let total = (rate * seconds as f64).round() as usize;
        let work = Arc::new(ctx.prepare(next_ref, total.div_ceil(4)).await);
        let c = ctx.clone();
        let send: Send = Arc::new(move |i| {
            let (c, work) = (c.clone(), work.clone());
            Box::pin(async move {
                let (reference, role) = work[i];
                c.approve(reference, role).await;
            })
        });
        open_run("approvals", clients, rate, seconds, send).await;
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
