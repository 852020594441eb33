//! A disk that never answers, on the real binary. A sync that never returns would hang a
//! command for good, so the store runs every stretch that waits on the disk on a thread of
//! its own and gives up on it after a timeout (`store::FLUSH_TIMEOUT`, 30 s;
//! `STROOM_FLUSH_TIMEOUT_MS` shortens it in debug builds): opening the database (its lock
//! file, sled's recovery, the check against the anchor journal and the catch-up), the anchor
//! journal's fsync, and sled's flush (sled 0.34 once waited forever there after an injected
//! fsync error).
//!
//! The fsync shim (`tests/e2e/fixtures/failsync.c`) blocks the n-th sync of the process
//! (`HANG_SYNC_AT`; with `SYNC_ARM_MATCH`, of sled's log after the anchor journal's fsync)
//! forever, for every n a command reaches, or every open of the lock file
//! (`HANG_OPEN_MATCH`): the command fails cleanly (exit 4, stroom's words naming the
//! database, nothing printed as recorded) or succeeds with what it printed stored; it never
//! hangs; nothing acknowledged is lost, `verify` passes and the next command works. The
//! same for `stroom serve`, which opens the database as a writer does: it fails to start
//! with the message, or starts.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::llo::{approved, submitted};
use crate::record_disk::{approve, assert_clean, shim};
use crate::record_server::try_serve_with;
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
                    .contains("did not confirm the write within 1 second")
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

/// What a command says when the watchdog gave up on the disk.
const GAVE_UP: &[&str] = &[
    "did not answer within 1 second",
    "did not confirm the write within 1 second",
];

/// The shim preloaded, its n-th sync hanging, every sync counted into `count`, the
/// watchdog's timeout at one second.
fn hanging(cmd: &mut Command, n: usize, count: &std::path::Path) {
    cmd.env("LD_PRELOAD", shim())
        .env("HANG_SYNC_AT", n.to_string())
        .env("SYNC_COUNT_FILE", count)
        .env("STROOM_FLUSH_TIMEOUT_MS", "1000")
        .env_remove("RUST_BACKTRACE");
}

/// Runs `args` in a fresh sandbox made by `prepare` with its n-th sync hanging, for n =
/// 1, 2, … until the command makes fewer syncs than n. Each run ends (exit 0, or exit 4
/// saying the disk did not answer), and `after` checks the database then (the shim gone).
/// Returns the messages of the runs that gave up, the sandbox path redacted.
fn every_sync_hanging_in_turn(
    what: &str,
    prepare: impl Fn(&Sandbox),
    args: &[&str],
    env: &[(&str, &str)],
    after: impl Fn(&Sandbox, &Run, &str),
) -> Vec<String> {
    let mut gave_up = Vec::new();
    for n in 1.. {
        let sb = Sandbox::new();
        prepare(&sb);
        let count = sb.path().join("syncs");
        let mut cmd = sb.command(args);
        hanging(&mut cmd, n, &count);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let what = format!("{what}, sync #{n} hanging");
        let run = run_or_kill(cmd, args).unwrap_or_else(|e| panic!("{what}: {e}"));
        let syncs = std::fs::read_to_string(&count).unwrap_or_default();
        if syncs.lines().count() < n {
            break;
        }
        assert_clean(&what, &run.stderr);
        match run.code {
            0 => {}
            4 => {
                assert_eq!(run.stdout, "", "{what}: no success is printed");
                assert!(
                    GAVE_UP.iter().any(|g| run.stderr.contains(g)),
                    "{what}: exit 4 without saying the disk did not answer:\n{}",
                    run.snapshot()
                );
                gave_up.push(
                    run.stderr
                        .replace(&sb.path().display().to_string(), "[TMP]"),
                );
            }
            _ => panic!("{what}: {}", run.snapshot()),
        }
        after(&sb, &run, &what);
    }
    assert!(
        !gave_up.is_empty(),
        "{what}: no hanging sync made the command give up: is the shim preloaded?"
    );
    gave_up
}

/// Whether the run says its command is recorded: it succeeded, or it failed after the
/// anchor journal held it (then the next open restores it into sled).
fn claims_recorded(run: &Run) -> bool {
    if run.code == 0 || run.stderr.contains("the command is in the anchor journal") {
        return true;
    }
    assert!(
        run.stderr.contains("recorded nothing") || run.stderr.contains("nothing was recorded"),
        "{}: a failure must say whether it recorded anything:\n{}",
        run.line,
        run.snapshot()
    );
    false
}

/// The database verifies, and the next approval is recorded.
fn still_works(sb: &Sandbox, what: &str) {
    let verify = sb.run(&["verify"]);
    assert_eq!(verify.code, 0, "{what}, then: {}", verify.snapshot());
    let next = sb.run(&approve("MPVO"));
    assert_eq!(next.code, 0, "{what}, then: {}", next.snapshot());
}

/// The first message that says `needle`.
fn the_one_saying<'a>(messages: &'a [String], needle: &str) -> &'a str {
    messages
        .iter()
        .find(|m| m.contains(needle))
        .unwrap_or_else(|| panic!("no message says '{needle}':\n{}", messages.join("\n")))
}

#[test]
fn a_sync_that_never_returns_while_a_database_is_created_fails_the_command_cleanly() {
    let args = [
        "new",
        "--from",
        "examples/llo-41077000.toml",
        "--on",
        "2023-09-27",
    ];
    let gave_up = every_sync_hanging_in_turn(
        "new in an empty folder",
        |_| {},
        &args,
        &[],
        |sb, run, what| {
            if claims_recorded(run) {
                // Stored, as it said.
                sb.run(&["show", "41077000"]).ok();
            } else {
                // Nothing recorded: the same command, run again, creates it.
                let again = sb.run(&args);
                assert_eq!(again.code, 0, "{what}, then: {}", again.snapshot());
            }
            sb.run(&["submit", "41077000", "--on", "2023-09-27"]).ok();
            still_works(sb, what);
        },
    );
    crate::snap!(
        "open_timeout",
        Sandbox::new(),
        the_one_saying(&gave_up, "while opening it").to_string()
    );
}

#[test]
fn a_sync_that_never_returns_anywhere_in_an_approval_fails_it_cleanly() {
    // sled brought up to date first (it opens, recovers, catches up and flushes), and the
    // anchor journal alone (its fsync).
    let mut anchor_only = Vec::new();
    for lag in ["0", "65536"] {
        let gave_up = every_sync_hanging_in_turn(
            &format!("approve with STROOM_SLED_LAG={lag}"),
            submitted,
            &approve("MOCW"),
            &[("STROOM_SLED_LAG", lag)],
            |sb, run, what| {
                assert_eq!(
                    approved(sb, "MOCW"),
                    claims_recorded(run),
                    "{what}: {}",
                    run.snapshot()
                );
                still_works(sb, what);
            },
        );
        if lag != "0" {
            anchor_only = gave_up;
        }
    }
    crate::snap!(
        "anchor_sync_timeout",
        Sandbox::new(),
        the_one_saying(&anchor_only, "did not confirm the write").to_string()
    );
}

#[test]
fn a_sync_that_never_returns_while_verify_reads_fails_it_cleanly() {
    every_sync_hanging_in_turn("verify", submitted, &["verify"], &[], |sb, _, what| {
        still_works(sb, what)
    });
}

#[test]
fn a_lock_file_that_never_opens_fails_the_command_cleanly() {
    let sb = Sandbox::new();
    submitted(&sb);
    let args = approve("MOCW");
    let mut cmd = sb.command(&args);
    hanging(&mut cmd, 0, &sb.path().join("syncs"));
    cmd.env("HANG_OPEN_MATCH", "stroom.lock");
    let run = run_or_kill(cmd, &args).unwrap_or_else(|e| panic!("the lock file hanging: {e}"));
    assert_eq!(run.code, 4, "{}", run.snapshot());
    assert!(!approved(&sb, "MOCW"), "nothing is recorded");
    still_works(&sb, "the lock file hanging");
    crate::snap!("lock_file_timeout", sb, run.snapshot());
}

/// `stroom serve` opens the database as every writer does: a sync that never returns
/// while it opens makes it fail to start with the message (exit 4), never hang.
#[test]
fn a_sync_that_never_returns_while_the_server_opens_fails_its_start_cleanly() {
    let mut refused = Vec::new();
    for n in 1.. {
        let sb = Sandbox::new();
        submitted(&sb);
        let count = sb.path().join("syncs");
        let what = format!("stroom serve, sync #{n} hanging");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let served = try_serve_with(&sb, |cmd| hanging(cmd, n, &count));
            let _ = tx.send((sb, served));
        });
        let (sb, served) = rx
            .recv_timeout(HUNG)
            .unwrap_or_else(|_| panic!("{what}: the server neither started nor failed"));
        let syncs = std::fs::read_to_string(sb.path().join("syncs")).unwrap_or_default();
        match served {
            Ok((mut server, _)) => {
                server.kill().expect("stop the server");
                server.wait().expect("the server is gone");
                if syncs.lines().count() < n {
                    break;
                }
            }
            Err(stderr) => {
                assert_clean(&what, &stderr);
                assert!(
                    GAVE_UP.iter().any(|g| stderr.contains(g)),
                    "{what}: failed to start without saying the disk did not answer:\n{stderr}"
                );
                refused.push(stderr.replace(&sb.path().display().to_string(), "[TMP]"));
            }
        }
        still_works(&sb, &what);
    }
    assert!(
        !refused.is_empty(),
        "no hanging sync stopped the server's start"
    );
    crate::snap!("serve_open_timeout", Sandbox::new(), refused[0].clone());
}

/// The reading commands (`show`, `list`, `log`, `plan REF`, `portfolio`) make no sync, but a
/// dead disk blocks their reads: each read of the anchor journal hanging (the shim's
/// `HANG_READ_MATCH`), for `show` the anchor's or the lock file's open hanging
/// (`HANG_OPEN_MATCH`), and the second read of the anchor `show` of an unknown stroom makes
/// to list the stored ones (it read only its stroom's lines first; `HANG_READ_FROM_OPEN`), and
/// the same re-read by `approve` of an unknown stroom (a writer, under its exclusive lock).
/// Each run fails cleanly (exit 4, saying the disk did not answer and
/// while doing what, nothing on stdout), never hangs; the database is unchanged (its export
/// byte-identical), verifies, and the same commands work once the disk answers.
#[test]
fn a_read_that_never_returns_fails_a_reading_command_cleanly() {
    let sb = Sandbox::new();
    submitted(&sb);
    let before = sb.run(&["export"]).ok().stdout;
    let reading: [&[&str]; 5] = [
        &["show", "41077000"],
        &["list"],
        &["log", "41077000"],
        &["plan", "41077000"],
        &["portfolio"],
    ];
    // Each run: the command, and the shim's settings that make its disk hang.
    type Hang<'a> = (&'a [&'a str], Vec<(&'a str, &'a str)>);
    let mut hangs: Vec<Hang> = reading
        .iter()
        .map(|args| (*args, vec![("HANG_READ_MATCH", ANCHOR)]))
        .collect();
    hangs.push((reading[0], vec![("HANG_OPEN_MATCH", ANCHOR)]));
    hangs.push((reading[0], vec![("HANG_OPEN_MATCH", "stroom.lock")]));
    hangs.push((
        &["show", "99999999"],
        vec![("HANG_READ_MATCH", ANCHOR), ("HANG_READ_FROM_OPEN", "2")],
    ));
    // A recording command reads its stroom's lines (the anchor's first open), opens the
    // anchor to append (the second), and reads the whole anchor under its exclusive lock
    // (the third) to list the stored strooms when its stroom is not one of them.
    hangs.push((
        &[
            "approve",
            "99999999",
            "--role",
            "MOCW",
            "--version",
            "1",
            "--on",
            "2023-09-28",
        ],
        vec![("HANG_READ_MATCH", ANCHOR), ("HANG_READ_FROM_OPEN", "3")],
    ));
    let mut messages = std::collections::BTreeSet::new();
    for (args, env) in hangs {
        let what = format!("{} with {env:?}", args.join(" "));
        let mut cmd = sb.command(args);
        hanging(&mut cmd, 0, &sb.path().join("syncs"));
        cmd.envs(env);
        let run = run_or_kill(cmd, args).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_clean(&what, &run.stderr);
        assert_eq!(run.code, 4, "{what}: {}", run.snapshot());
        assert_eq!(run.stdout, "", "{what}: nothing is printed");
        assert!(
            run.stderr.contains("did not answer within 1 second"),
            "{what}: {}",
            run.snapshot()
        );
        messages.insert(
            run.stderr
                .replace(&sb.path().display().to_string(), "[TMP]"),
        );
    }
    assert_eq!(
        sb.run(&["export"]).ok().stdout,
        before,
        "a read changed the database"
    );
    for args in reading {
        sb.run(args).ok();
    }
    still_works(&sb, "after the reads that hung");
    let transcript = messages.into_iter().collect::<Vec<_>>().join("\n");
    crate::snap!("read_timeout", Sandbox::new(), transcript);
}

/// `stroom key --rotate` fsyncs each new key file, the rotation record and the directory: each of its syncs
/// hanging in turn, it fails cleanly (exit 4, saying the new key may or may not be in use and
/// how to tell) or succeeds; then `stroom key` answers, the database verifies, and the next
/// approval is recorded (signed by whichever key is in use).
#[test]
fn a_sync_that_never_returns_while_the_key_is_rotated_fails_it_cleanly() {
    let gave_up = every_sync_hanging_in_turn(
        "key --rotate",
        submitted,
        &["key", "--rotate"],
        &[],
        |sb, _, what| {
            sb.run(&["key"]).ok();
            still_works(sb, what);
        },
    );
    crate::snap!(
        "key_rotation_timeout",
        Sandbox::new(),
        the_one_saying(&gave_up, "signing key").to_string()
    );
}

/// The server's users, sessions and tokens (`server/src/users.rs`) are flushed under the
/// same watchdog: `stroom users add` (which opens the database and saves the user as the
/// server does) with each of its syncs hanging in turn fails cleanly or succeeds; then the
/// users can be listed, the database verifies and records.
#[test]
fn a_sync_that_never_returns_while_a_user_is_saved_fails_it_cleanly() {
    let args = ["users", "add", "ada", "--grant", "admin"];
    let gave_up = every_sync_hanging_in_turn(
        "users add",
        submitted,
        &args,
        &[("STROOM_PASSWORD", "ada-password")],
        |sb, _, what| {
            sb.run(&["users", "list"]).ok();
            still_works(sb, what);
        },
    );
    crate::snap!(
        "users_flush_timeout",
        Sandbox::new(),
        the_one_saying(&gave_up, "server's users").to_string()
    );
}

/// A running `stroom serve` saves its users, sessions and tokens under the watchdog too: once
/// the disk stops answering (every sync from then on blocks, the shim's `HANG_SYNC_WHILE`), an
/// admin's `stroom users add` through the server gets the error saying the disk did not
/// answer while saving the change (nothing on stdout, the command's exit 4), and the server
/// stays up: it answers `list` and `show` through it, and is still running after.
#[test]
fn a_users_flush_that_never_returns_in_a_running_server_fails_the_request_cleanly() {
    let sb = Sandbox::new();
    submitted(&sb);
    crate::record_server::add_user(&sb, "ada", "admin");
    let dead = sb.path().join("the-disk-is-dead");
    let served = try_serve_with(&sb, |cmd| {
        cmd.env("LD_PRELOAD", shim())
            .env("HANG_SYNC_WHILE", &dead)
            .env("STROOM_FLUSH_TIMEOUT_MS", "1000")
            .env_remove("RUST_BACKTRACE");
    });
    let (mut server, base) = served.unwrap_or_else(|e| panic!("stroom serve did not start:\n{e}"));
    let as_ada = |args: &[&str]| {
        let mut cmd = sb.command(args);
        cmd.env("STROOM_SERVER", &base)
            .env("XDG_CONFIG_HOME", sb.path().join("config-ada"))
            .env_remove("STROOM_TOKEN")
            .env("STROOM_PASSWORD", "ada-password");
        run_or_kill(cmd, args).unwrap_or_else(|e| panic!("{}: {e}", args.join(" ")))
    };
    // ada's token is saved while the disk still answers.
    let login = as_ada(&["login", "ada"]);
    assert_eq!(login.code, 0, "{}", login.snapshot());
    std::fs::write(&dead, "").expect("the switch file");
    let added = as_ada(&["users", "add", "bob", "--grant", "planner"]);
    assert_eq!(added.code, 4, "{}", added.snapshot());
    assert_eq!(added.stdout, "", "{}", added.snapshot());
    assert!(
        added
            .stderr
            .contains("did not answer within 1 second while saving a change of the server's users"),
        "{}",
        added.snapshot()
    );
    // The server stays up and answers what needs no disk write.
    let listed = as_ada(&["list"]);
    assert_eq!(listed.code, 0, "{}", listed.snapshot());
    assert!(listed.stdout.contains("41077000"), "{}", listed.snapshot());
    let shown = as_ada(&["show", "41077000"]);
    assert_eq!(shown.code, 0, "{}", shown.snapshot());
    assert_eq!(
        server.try_wait().expect("the server's state"),
        None,
        "the server stopped"
    );
    let _ = std::fs::remove_file(&dead);
    server.kill().expect("stop the server");
    server.wait().expect("the server is gone");
    crate::snap!(
        "server_users_flush_timeout",
        sb,
        added.stderr.replace(&base, "[SERVER]")
    );
}
