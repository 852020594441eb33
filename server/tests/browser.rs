//! The browser UI in a real headless Chromium (Debian's `chromium` package), driven over
//! the DevTools protocol on a pipe (`--remote-debugging-pipe`: no driver, no websocket):
//! log in, see the portfolio, open a stroom, record an approval through its form, see it
//! in the trail. Screenshots go to `target/browser-artifacts/`.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::TestServer;
use serde_json::{json, Value};

fn chromium() -> PathBuf {
    for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] {
        if Path::new(p).exists() {
            return PathBuf::from(p);
        }
    }
    panic!("the browser tests need Chromium at /usr/bin/chromium: install it with `apt-get install chromium` (scripts/test does)");
}

struct Browser {
    child: Child,
    to: ChildStdin,
    from: mpsc::Receiver<Value>,
    next_id: u64,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let log = std::fs::File::create(artifacts().join("chromium.log")).unwrap();
        // Chromium reads commands on fd 3 and writes answers on fd 4: hand it our pipes.
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>/dev/null"#)
            .arg(chromium())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1280,1000",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .spawn()
            .unwrap();
        let to = child.stdin.take().unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, from) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(out);
            let mut buf = Vec::new();
            while r.read_until(0, &mut buf).is_ok_and(|n| n > 0) {
                if buf.last() == Some(&0) {
                    buf.pop();
                }
                if let Ok(v) = serde_json::from_slice::<Value>(&buf) {
                    if tx.send(v).is_err() {
                        break;
                    }
                }
                buf.clear();
            }
        });
        let mut b = Browser {
            child,
            to,
            from,
            next_id: 0,
            session: String::new(),
            _profile: profile,
        };
        let target = b.call(None, "Target.createTarget", json!({"url": "about:blank"}));
        let target = target["targetId"].as_str().unwrap().to_string();
        let attached = b.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target, "flatten": true}),
        );
        b.session = attached["sessionId"].as_str().unwrap().to_string();
        b
    }

    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&msg).unwrap();
        bytes.push(0);
        self.to.write_all(&bytes).unwrap();
        self.to.flush().unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let v = self
                .from
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no answer to {method}"));
            if v["id"] == id {
                assert!(v.get("error").is_none(), "{method}: {v}");
                return v["result"].clone();
            }
        }
    }

    fn page(&mut self, method: &str, params: Value) -> Value {
        let s = self.session.clone();
        self.call(Some(&s), method, params)
    }

    fn eval(&mut self, js: &str) -> Value {
        let r = self.page(
            "Runtime.evaluate",
            json!({"expression": js, "returnByValue": true}),
        );
        r["result"]["value"].clone()
    }

    /// Waits until the page at a URL containing `part` has loaded.
    fn wait_for(&mut self, part: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let v = self.eval("document.readyState + ' ' + location.href");
            let s = v.as_str().unwrap_or("");
            if s.starts_with("complete ") && s.contains(part) {
                return;
            }
            assert!(Instant::now() < deadline, "page {part} did not load: {s}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Navigates, and waits for the page it ends on (after redirects).
    fn goto(&mut self, url: &str, ends_on: &str) {
        self.page("Page.navigate", json!({"url": url}));
        self.wait_for(ends_on);
    }

    fn text(&mut self) -> String {
        self.eval("document.body.innerText")
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    fn screenshot(&mut self, name: &str) {
        let r = self.page(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true}),
        );
        let png = base64(r["data"].as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        std::fs::write(artifacts().join(name), png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn artifacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/browser-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let bytes: Vec<u8> = s
        .bytes()
        .filter(|b| *b != b'=' && !b.is_ascii_whitespace())
        .collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let v: Vec<u32> = chunk.iter().map(|c| u32::from(val(*c))).collect();
        let n = v
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, x)| acc | (x << (18 - 6 * i)));
        for i in 0..v.len().saturating_sub(1) {
            out.push(((n >> (16 - 8 * i)) & 0xff) as u8);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_in_see_the_portfolio_and_record_an_approval_through_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start(dir.path()).await;
    let planner = s.token("planner").await;
    s.submitted_llo(&planner, "41077000").await;
    // localhost, not 127.0.0.1: browsers keep Secure cookies from http://localhost.
    let base = format!("http://localhost:{}", s.addr.port());
    let password = common::password("sec-mocw").to_string();

    let seen = tokio::task::spawn_blocking(move || {
        let mut b = Browser::start();
        b.goto(&format!("{base}/portfolio"), "/login");
        assert!(b.text().contains("Inloggen"));
        b.screenshot("1-login.png");
        b.eval(&format!(
            "document.getElementById('naam').value = 'sec-mocw';\
             document.getElementById('wachtwoord').value = {};\
             document.querySelector('form button[type=submit]').click(); true",
            json!(password)
        ));
        b.wait_for("/portfolio");
        let portfolio = b.text();
        b.screenshot("2-portfolio.png");
        b.eval("document.querySelector('a[href=\"/strooms/41077000\"]').click(); true");
        b.wait_for("/strooms/41077000");
        let stroom = b.text();
        b.screenshot("3-stroom.png");
        b.eval("document.querySelector('input[name=verb][value=approve]').form.querySelector('button').click(); true");
        b.wait_for("gedaan=approve");
        let after = b.text();
        b.screenshot("4-approved.png");
        (portfolio, stroom, after)
    })
    .await
    .unwrap();
    let (portfolio, stroom, after) = seen;
    assert!(portfolio.contains("Ingelogd als sec-mocw"), "{portfolio}");
    assert!(portfolio.contains("41077000"));
    assert!(portfolio.contains("Vroegste Kamerdatum"));
    assert!(stroom.contains("Akkoord van MOCW op versie 1"), "{stroom}");
    assert!(stroom.contains("wacht op akkoord"));
    assert!(after.contains("Vastgelegd: akkoord."), "{after}");
    let trail = after.split("Audittrail").nth(1).unwrap();
    assert!(trail.contains("sec-mocw"), "{trail}");
    assert!(
        !after.contains("Akkoord van MOCW op versie 1"),
        "the form is gone once MOCW approved"
    );

    let (_, log) = s.get(&planner, "/api/strooms/41077000/log").await;
    let log = log["records"].clone();
    let last = log.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor"], "sec-mocw");
    assert_eq!(last["role"], "MOCW");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_model_the_portfolio_shows_p_target_and_a_stroom_its_histogram() {
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start_with(dir.path(), |c| {
        c.monte_carlo = Some(stroom_server::MonteCarloSettings {
            model: stroom_server::ModelSpec {
                approval: Some("triangular(3,5,15)".into()),
                p_hold: 0.2,
                ..stroom_server::ModelSpec::default()
            },
            runs: 2000,
            seed: 1,
        });
    })
    .await;
    let planner = s.token("planner").await;
    // Two strooms with a target: one comfortable, one tight.
    for (reference, by) in [("41077000", "2023-12-15"), ("41077001", "2023-11-14")] {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/llo-41077000.toml"
        ))
        .unwrap()
        .replace(
            "reference = \"41077000\"",
            &format!("reference = \"{reference}\""),
        ) + &format!("\n[target]\nkind = \"kamer-by\"\ndate = \"{by}\"\n");
        let (status, v) = s
            .post(
                &planner,
                "/api/strooms",
                &json!({"toml": text, "on": "2023-09-27"}),
            )
            .await;
        assert_eq!(status, 201, "{v}");
        s.cmd(
            &planner,
            reference,
            json!({"verb": "submit", "on": "2023-09-27"}),
        )
        .await;
    }
    let base = format!("http://localhost:{}", s.addr.port());
    let password = common::password("planner").to_string();
    let (portfolio, stroom, bars) = tokio::task::spawn_blocking(move || {
        let mut b = Browser::start();
        b.goto(&format!("{base}/login"), "/login");
        b.eval(&format!(
            "document.getElementById('naam').value = 'planner';\
             document.getElementById('wachtwoord').value = {};\
             document.querySelector('form button[type=submit]').click(); true",
            json!(password)
        ));
        b.wait_for("/portfolio");
        let portfolio = b.text();
        b.screenshot("5-portfolio-p-target.png");
        // The tight one: late Kamer dates show in the histogram.
        b.goto(&format!("{base}/strooms/41077001"), "/strooms/41077001");
        let stroom = b.text();
        let bars = b
            .eval("document.querySelectorAll('table.histogram div.bar').length")
            .as_u64()
            .unwrap_or(0);
        b.eval("document.querySelector('table.histogram').scrollIntoView(); true");
        b.screenshot("6-stroom-histogram.png");
        (portfolio, stroom, bars)
    })
    .await
    .unwrap();
    assert!(portfolio.contains("P(doel)"), "{portfolio}");
    assert!(portfolio.contains("2000 Monte Carlo-runs"), "{portfolio}");
    assert!(
        stroom.contains("Monte Carlo: 2000 simulaties, seed 1"),
        "{stroom}"
    );
    assert!(
        stroom.contains("Kamerdatum: aandeel van de simulaties"),
        "{stroom}"
    );
    assert!(stroom.contains("P(verzonden uiterlijk"), "{stroom}");
    assert!(bars >= 2, "a histogram of several Kamer dates, not {bars}");
    s.stop().await;
}
