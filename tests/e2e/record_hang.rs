//! A disk that never answers, on the real binary. sled 0.34 once waited forever in `flush`
//! after an injected fsync error, so the store runs sled's flush on a thread of its own and
//! gives up on it after a timeout (`store::FLUSH_TIMEOUT`, 30 s; `STROOM_FLUSH_TIMEOUT_MS`
//! shortens it in debug builds) as a failed commit.
//!
//! The fsync shim (`tests/e2e/fixtures/failsync.c`, `HANG_SYNC_AT`) blocks the n-th sync of
//! sled's log file after the anchor journal's fsync (`SYNC_ARM_MATCH`: the syncs of the
//! flush) forever, for every n an `approve` reaches: the command fails cleanly (exit 4,
//! stroom's words, nothing printed as recorded) or succeeds with what it printed stored; it
//! never hangs; nothing acknowledged is lost, `verify` passes and the next command works.
//!
//! Not covered: a sync that never returns while sled opens the database (before the anchor's
//! fsync) hangs the command; only sled's flush runs under the timeout.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::record_disk::{approve, approved, assert_clean, shim, submitted};
use crate::{Run, Sandbox};

/// The anchor journal: once it is fsynced the command is durable, and sled's flush follows.
const ANCHOR: &str = "anchor.jsonl";

/// How long a run may take before the test calls it hung (the flush gives up after 1 s).
const HUNG: Duration = Duration::from_secs(90);

/// Runs `cmd`, killing it if it has not ended within [`HUNG`].
fn run_or_kill(mut cmd: Command, args: &[&str]) -> Result<Run, String> {
    let out_dir = tempfile::tempdir().expect("a temporary directory");
    let out = out_dir.path().join("out");
    let err = out_dir.path().join("err");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).expect("stdout file"))
        .stderr(std::fs::File::create(&err).expect("stderr file"))
        .spawn()
        .expect("the stroom binary runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for stroom") {
            break status;
        }
        if started.elapsed() > HUNG {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "stroom {} still ran after {} s; stderr so far:\n{}",
                args.join(" "),
                HUNG.as_secs(),
                std::fs::read_to_string(&err).unwrap_or_default()
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Ok(Run {
        line: args.join(" "),
        code: status.code().unwrap_or(-1),
        stdout: std::fs::read_to_string(&out).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err).unwrap_or_default(),
    })
}

#[test]
fn a_flush_that_never_returns_fails_the_command_cleanly() {
    let mut timed_out = Vec::new();
    let mut n = 1;
    loop {
        let sb = Sandbox::new();
        submitted(&sb);
        // sled's log: the file `db` inside the database folder.
        let log = sb.db().join("db").display().to_string();
        let count = sb.path().join("syncs");
        let args = approve("MOCW");
        let mut cmd = sb.command(&args);
        cmd.env("LD_PRELOAD", shim())
            .env("HANG_SYNC_AT", n.to_string())
            .env("FAIL_SYNC_MATCH", &log)
            .env("SYNC_ARM_MATCH", ANCHOR)
            .env("SYNC_COUNT_FILE", &count)
            .env("STROOM_FLUSH_TIMEOUT_MS", "1000")
            // sled is flushed only by a command that opens it: with no lag allowed, the
            // approval brings sled up to date and writes it (DESIGN.md, "When does sled
            // catch up?"); within the lag bound it appends to the anchor alone.
            .env("STROOM_SLED_LAG", "0")
            .env_remove("RUST_BACKTRACE");
        let what = format!("sync #{n} of {log} hanging");
        let hung = run_or_kill(cmd, &args).unwrap_or_else(|e| panic!("{what}: {e}"));
        let syncs = std::fs::read_to_string(&count).unwrap_or_default();
        let flush_syncs = syncs
            .lines()
            .skip_while(|l| !l.ends_with(ANCHOR))
            .filter(|l| l.ends_with(&log))
            .count();
        if flush_syncs < n {
            // The n-th sync of the log after the anchor's never came: each one has hung once.
            break;
        }
        assert_clean(&what, &hung.stderr);
        match hung.code {
            0 => assert!(
                hung.stdout.starts_with("recorded"),
                "{what}: {}",
                hung.snapshot()
            ),
            4 => {
                assert_eq!(hung.stdout, "", "{what}: no success is printed");
                if hung
                    .stderr
                    .contains("did not confirm the write within 1 seconds")
                {
                    timed_out.push(
                        hung.stderr
                            .replace(&sb.path().display().to_string(), "[TMP]"),
                    );
                }
            }
            _ => panic!("{what}: {}", hung.snapshot()),
        }
        // Acknowledged means stored; the trail verifies; the next command works.
        let stored = approved(&sb, "MOCW");
        if hung.code == 0 {
            assert!(stored, "{what}: the acknowledged approval is lost");
        }
        sb.run(&["verify"]).ok();
        let next = sb.run(&approve("MPVO"));
        assert_eq!(next.code, 0, "{what}, then: {}", next.snapshot());
        assert_eq!(
            approved(&sb, "MOCW"),
            stored,
            "{what}: the approval came or went"
        );
        n += 1;
    }
    assert!(
        !timed_out.is_empty(),
        "none of the {} hanging syncs of sled's log made the flush time out: is the shim preloaded?",
        n - 1
    );
    crate::snap!("flush_timeout", Sandbox::new(), timed_out[0].clone());
}
