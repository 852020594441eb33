//! `stroom serve` as a process: users added with `stroom users add`, a SIGKILL under load,
//! and every acknowledged (2xx) command present and verified after the restart.
//! (The long version: raise `STRIKES` and the number of strooms; see DESIGN.md.)

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::Sandbox;

const ROLES: [&str; 4] = ["MSZW", "MPVO", "MOCW", "MEZK"];

fn add_user(sb: &Sandbox, name: &str, password: &str, grants: &[&str]) {
    let mut args = vec!["users", "add", name];
    for g in grants {
        args.extend(["--grant", g]);
    }
    let out = sb
        .command(&args)
        .env("STROOM_PASSWORD", password)
        .output()
        .expect("stroom users add runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Starts `stroom serve` on a free port; returns the process and its base URL.
fn serve(sb: &Sandbox) -> (Child, String) {
    let mut child = sb
        .command(&["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("stroom serve starts");
    let stderr = child.stderr.take().expect("stderr is piped");
    let mut lines = BufReader::new(stderr).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("stroom serve says where it listens")
            .expect("stderr reads");
        if let Some(rest) = line.split(" on http://").nth(1) {
            break format!("http://{}", rest.split(' ').next().unwrap_or_default());
        }
    };
    // Keep draining the request log so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, base)
}

#[test]
fn kill_9_under_load_loses_no_acknowledged_command() {
    let sb = Sandbox::new();
    add_user(
        &sb,
        "sec",
        "secretariaat-password",
        &[
            "secretariaat:MSZW",
            "secretariaat:MPVO",
            "secretariaat:MOCW",
            "secretariaat:MEZK",
        ],
    );
    let strooms: Vec<String> = (0..16).map(|i| format!("{}", 70_000_000 + i)).collect();
    for r in &strooms {
        sb.run(&[
            "new",
            "--reference",
            r,
            "--title",
            "Kamerbrief",
            "--route",
            "ministerraad",
            "--directie",
            "MBO",
            "--eerste",
            "MSZW",
            "--mede",
            "MPVO",
            "--mede",
            "MOCW",
            "--mede",
            "MEZK",
            "--on",
            "2023-09-27",
        ])
        .ok();
        sb.run(&["submit", r, "--on", "2023-09-27"]).ok();
    }
    let (mut server, base) = serve(&sb);
    let http = reqwest::blocking::Client::new();
    let token: Value = http
        .post(format!("{base}/api/tokens"))
        .json(&json!({"name": "sec", "password": "secretariaat-password"}))
        .send()
        .and_then(|r| r.json())
        .expect("a token");
    let token = token["token"]
        .as_str()
        .expect("token is a string")
        .to_string();

    let acked: Arc<Mutex<Vec<(String, &'static str)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let mut clients = Vec::new();
    for t in 0..8 {
        let mine: Vec<String> = strooms.iter().skip(t).step_by(8).cloned().collect();
        let (http, base, token, acked, stop) = (
            http.clone(),
            base.clone(),
            token.clone(),
            acked.clone(),
            stop.clone(),
        );
        clients.push(std::thread::spawn(move || {
            for role in ROLES {
                for r in &mine {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let sent = http
                        .post(format!("{base}/api/strooms/{r}/commands"))
                        .bearer_auth(&token)
                        .json(&json!({"verb": "approve", "role": role, "version": 1, "on": "2023-10-02"}))
                        .send();
                    match sent {
                        Ok(resp) if resp.status().is_success() => {
                            acked.lock().unwrap_or_else(|e| e.into_inner()).push((r.clone(), role));
                        }
                        // Killed mid-request: not acknowledged, may or may not be stored.
                        Ok(_) | Err(_) => return,
                    }
                }
            }
        }));
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while acked.lock().unwrap_or_else(|e| e.into_inner()).len() < 24 {
        assert!(
            Instant::now() < deadline,
            "the server acknowledged too little"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    server.kill().expect("SIGKILL"); // kill -9, under load
    server.wait().expect("the server is gone");
    stop.store(true, Ordering::SeqCst);
    for c in clients {
        c.join().expect("client thread");
    }
    let acked = acked.lock().unwrap_or_else(|e| e.into_inner()).clone();
    assert!(acked.len() >= 24);

    // After the crash: every chain verifies and holds every acknowledged approval.
    sb.run(&["verify"]).ok();
    let mut trails: BTreeMap<String, Value> = BTreeMap::new();
    for (r, role) in &acked {
        let trail = trails
            .entry(r.clone())
            .or_insert_with(|| sb.run(&["log", r, "--format", "json"]).ok().json());
        let found = trail.as_array().expect("a trail").iter().any(|rec| {
            rec["role"] == *role
                && rec["actor"] == "sec"
                && rec["event"]["fact"]["type"] == "approved"
        });
        assert!(
            found,
            "acknowledged approval of {r} by {role} is missing after kill -9"
        );
    }
}
