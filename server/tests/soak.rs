//! A short soak: ten seconds of a mixed load (register, submit, approve; show, plan, log)
//! from four clients, with the server's memory sampled every half second; after the
//! warm-up it must stay flat. Its own test binary, so no other test shares the process
//! whose memory it reads. The long version is a documented command (DESIGN.md):
//! `cargo run --release -p stroom-server --example load soak 600 8`.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::TestServer;
use serde_json::json;

/// How long the load runs, and when the warm-up (pools, buffers, sled's cache filling)
/// is over.
const RUN: Duration = Duration::from_secs(10);
const WARM_UP: Duration = Duration::from_secs(4);
/// sled's page cache here: small, so that it is full well within the warm-up.
const CACHE: u64 = 4 * 1024 * 1024;
/// How much the resident memory may grow after the warm-up. A leak of a few kilobytes per
/// request (thousands of requests in the run) exceeds it; the allocator's own noise does not.
const SLACK_MIB: f64 = 16.0;

/// This process's resident memory in MiB.
fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status")
        .unwrap_or_else(|e| panic!("the soak reads /proc/self/status (Linux): {e}"));
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse().ok())
        .unwrap_or_else(|| panic!("no VmRSS line in /proc/self/status"));
    kb / 1024.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_stays_flat_under_a_mixed_load() {
    let dir = tempfile::tempdir().unwrap();
    let s = Arc::new(TestServer::start_with(dir.path(), |c| c.cache_capacity = CACHE).await);
    let planner = s.token("planner").await;
    let mocw = s.token("sec-mocw").await;
    let rest = s.token("sec-rest").await;
    let start = Instant::now();
    let requests = Arc::new(AtomicU64::new(0));
    let mut clients = Vec::new();
    for c in 0..4u64 {
        let (s, planner, mocw, rest, requests) = (
            s.clone(),
            planner.clone(),
            mocw.clone(),
            rest.clone(),
            requests.clone(),
        );
        clients.push(tokio::spawn(async move {
            let mut n = 0u64;
            while start.elapsed() < RUN {
                n += 1;
                let r = (50_000_000 + c * 1_000_000 + n).to_string();
                assert_eq!(s.new_llo(&planner, &r).await.0, 201);
                let (status, v) = s
                    .cmd(&planner, &r, json!({"verb": "submit", "on": "2023-09-27"}))
                    .await;
                assert_eq!(status, 200, "{v}");
                for (token, role) in [(&mocw, "MOCW"), (&rest, "MSZW"), (&rest, "MPVO"), (&rest, "MEZK")] {
                    let (status, v) = s
                        .cmd(
                            token,
                            &r,
                            json!({"verb": "approve", "role": role, "version": 1, "on": "2023-10-02"}),
                        )
                        .await;
                    assert_eq!(status, 200, "{v}");
                }
                for path in ["", "/plan", "/log"] {
                    let (status, v) = s.get(&planner, &format!("/api/strooms/{r}{path}")).await;
                    assert_eq!(status, 200, "{v}");
                }
                requests.fetch_add(9, Ordering::Relaxed);
            }
        }));
    }
    let mut samples = Vec::new();
    while start.elapsed() < RUN {
        tokio::time::sleep(Duration::from_millis(500)).await;
        samples.push((start.elapsed(), requests.load(Ordering::Relaxed), rss_mib()));
    }
    for c in clients {
        c.await.unwrap();
    }
    let (_, at_warm, warm) = *samples.iter().find(|(t, _, _)| *t >= WARM_UP).unwrap();
    let (_, at_end, end) = *samples.last().unwrap();
    let peak = samples.iter().map(|s| s.2).fold(0.0, f64::max);
    let report = format!(
        "resident memory {warm:.1} MiB after the warm-up ({at_warm} requests), {end:.1} MiB at the end ({at_end} requests), peak {peak:.1} MiB"
    );
    eprintln!("{report}");
    assert!(at_end > at_warm, "no requests after the warm-up: {report}");
    // A leak grows to the end; a passing peak (seen once in a fresh-clone CI run: +55 MiB
    // for a sample, back to +2 MiB at the end; not explained) is reported, not failed on.
    // The end is the median of the last three samples, so one late spike does not decide.
    let mut last: Vec<f64> = samples.iter().rev().take(3).map(|s| s.2).collect();
    last.sort_by(f64::total_cmp);
    let settled = last[last.len() / 2];
    assert!(
        settled - warm < SLACK_MIB,
        "memory grew by {:.1} MiB after the warm-up: {report}",
        settled - warm
    );
    match Arc::try_unwrap(s) {
        Ok(s) => s.stop().await,
        Err(_) => panic!("a client still holds the server"),
    }
}
