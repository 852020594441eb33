//! Disk faults below stroom, on the real binary:
//!
//! - a failing fsync at each sync a recording command makes, one after the other: a shim
//!   preloaded into the binary (`tests/e2e/fixtures/failsync.c`, built with the system's C
//!   compiler) makes the n-th `fsync`/`fdatasync`/`sync_file_range` fail with EIO;
//! - a full disk: a small tmpfs mounted in a private mount namespace (`unshare`, util-linux;
//!   as an unprivileged user this needs user namespaces).
//!
//! Each time the command either succeeds (and what it printed is stored) or fails with exit 4
//! and a message in stroom's words (never sled's text, a Rust panic or a backtrace), nothing
//! acknowledged is lost, `verify` passes, and the next command works.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::llo::approve_args;
use crate::llo::{approved, submitted};
use crate::{repo, run, snap, Run, Sandbox};

/// Text that must never reach a user: sled's own words, Rust's panic report.
const RAW: &[&str] = &[
    "IO error:",
    "Os {",
    "panicked",
    "backtrace",
    "sled-0.34",
    "Read corrupted",
    "PLEASE REPORT",
    "Unexpected bug",
    "caused by",
];

#[track_caller]
pub(crate) fn assert_clean(what: &str, stderr: &str) {
    for raw in RAW {
        assert!(
            !stderr.contains(raw),
            "{what}: raw text '{raw}' reaches the user:\n{stderr}"
        );
    }
}

/// `approve 41077000 --role ROLE --version 1 --on 2023-10-02`.
pub(crate) fn approve(role: &str) -> [&str; 8] {
    approve_args(role, "2023-10-02")
}

/// The fault-injection shim, built once per test run.
pub(crate) fn shim() -> &'static Path {
    static SHIM: OnceLock<PathBuf> = OnceLock::new();
    SHIM.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let out = dir.join(format!("failsync-{}.so", std::process::id()));
        let built = Command::new("cc")
            .args(["-shared", "-fPIC", "-O2", "-o"])
            .arg(&out)
            .arg(repo().join("tests/e2e/fixtures/failsync.c"))
            .arg("-ldl")
            .status();
        match built {
            Ok(s) if s.success() => out,
            Ok(s) => panic!("building tests/e2e/fixtures/failsync.c with cc failed ({s})"),
            Err(e) => panic!(
                "the fsync fault tests build a preloaded shim with the C compiler 'cc' ({e}); install it with: apt-get install gcc"
            ),
        }
    })
}

/// The path with the sandbox redacted, snapshot names made stable.
fn redact(sb: &Sandbox, text: &str) -> String {
    let text = text.replace(&sb.path().display().to_string(), "[TMP]");
    let mut out = String::new();
    for word in text.split_inclusive(['\'', '/']) {
        match word.strip_prefix("snap.") {
            Some(rest) if rest.contains(".generating") => {
                out.push_str("snap.[N]");
                out.push_str(&rest[rest.find(".generating").unwrap_or(0)..]);
            }
            _ => out.push_str(word),
        }
    }
    out
}

/// Every sync of an `approve`, made to fail in turn: the command fails cleanly (exit 4, no
/// success printed) or succeeds with everything it printed on disk; then the database
/// verifies and the next approval is recorded. Both ways a command records: appending to
/// the anchor journal alone (sled within its lag bound: one fsync), and opening sled to
/// bring it up to date first (`STROOM_SLED_LAG=0`: sled's syncs too).
///
/// Each failing sync takes 100 ms to fail, so a flush waiting for it is already waiting when
/// the error comes, whatever the machine's load: sled 0.34.7 lost that wakeup and the command
/// hung until the disk watchdog gave up (vendor/sled/PATCHES.md); this made it fail every run.
#[test]
fn a_failing_fsync_anywhere_in_a_command_fails_it_cleanly() {
    let mut messages = std::collections::BTreeSet::new();
    let mut outcomes = (0, 0);
    let mut journal_only_failed = false;
    for lag in ["0", "65536"] {
        let mut n = 1;
        loop {
            let sb = Sandbox::new();
            submitted(&sb);
            let count = sb.path().join("syncs");
            let args = approve("MOCW");
            let mut cmd = sb.command(&args);
            cmd.env("LD_PRELOAD", shim())
                .env("STROOM_SLED_LAG", lag)
                .env("FAIL_SYNC_AT", n.to_string())
                .env("FAIL_SYNC_DELAY_MS", "100")
                .env("SYNC_COUNT_FILE", &count)
                .env_remove("RUST_BACKTRACE");
            let failed = run(cmd, &args);
            let syncs = std::fs::read_to_string(&count).unwrap_or_default();
            if syncs.lines().count() < n {
                // The n-th sync never came: every sync of the command has failed once.
                break;
            }
            let what = format!(
                "STROOM_SLED_LAG={lag}, fsync #{n} failing ({})",
                syncs.lines().nth(n - 1).unwrap_or("")
            );
            assert_clean(&what, &failed.stderr);
            match failed.code {
                0 => {
                    assert!(
                        failed.stdout.starts_with("recorded"),
                        "{what}: {}",
                        failed.snapshot()
                    );
                    outcomes.0 += 1;
                }
                4 => {
                    assert_eq!(failed.stdout, "", "{what}: no success is printed");
                    outcomes.1 += 1;
                    journal_only_failed |= lag != "0";
                }
                _ => panic!("{what}: {}", failed.snapshot()),
            }
            // Acknowledged means stored; the trail verifies; the next command works.
            let stored = approved(&sb, "MOCW");
            if failed.code == 0 {
                assert!(stored, "{what}: the acknowledged approval is lost");
            }
            sb.run(&["verify"]).ok();
            let next = sb.run(&approve("MPVO"));
            assert_eq!(next.code, 0, "{what}, then: {}", next.snapshot());
            assert!(
                approved(&sb, "MOCW") == stored,
                "{what}: the approval came or went"
            );
            if !failed.stderr.is_empty() {
                messages.insert(format!(
                    "exit {}, stored: {stored}\n{}",
                    failed.code,
                    redact(&sb, &failed.stderr)
                ));
            }
            n += 1;
        }
    }
    assert!(
        journal_only_failed,
        "no injected fsync failure failed a command appending to the anchor alone"
    );
    assert!(
        outcomes.1 >= 3,
        "only {} of {} injected fsync failures failed the command: is the shim preloaded?",
        outcomes.1,
        outcomes.0 + outcomes.1
    );
    let transcript = messages.into_iter().collect::<Vec<_>>().join("\n");
    snap!("fsync_failures", Sandbox::new(), transcript);
}

/// The team server after a failed fsync: each sync the server makes, made to fail in turn
/// while two approvals are recorded through it; first counting every file's syncs (sled's
/// threads make their order vary), then only the anchor journal's (deterministic). An
/// approval the server acknowledged is stored; once a flush has failed the server records
/// nothing more: the next command, decided on top of a write whose durability is unknown, is
/// refused rather than acknowledged by a later flush that happens to succeed (on Linux the
/// fsync after a failed one may report success although the pages are gone). Restarted
/// without the fault, the database verifies and records again.
#[test]
fn after_a_failed_fsync_the_server_acknowledges_nothing_more() {
    for only in [None, Some("anchor.jsonl")] {
        let mut refused_after_failure = 0;
        // The most syncs a run made: how many there are to fail. sled's threads make the
        // count vary from run to run (on a loaded machine a run can end before sled's last
        // flush), so one run that makes fewer than n does not end the loop: only n above
        // what every run so far made does.
        let mut most = 0;
        let mut n = 1;
        loop {
            let (first_failed, made) = server_with_failing_sync(n, only);
            refused_after_failure += usize::from(first_failed);
            most = most.max(made);
            if n > most {
                break;
            }
            n += 1;
            assert!(n < 80, "more than 80 syncs for two approvals");
        }
        // Counting only the anchor journal's syncs, the first approval's is always the
        // first: failing it must fail that approval (else the shim is not preloaded). Counting
        // every sync, which one is the anchor's varies with sled's threads, so a run can miss
        // it; each run's outcome is checked all the same.
        if only.is_some() {
            assert!(
                refused_after_failure >= 1,
                "no injected fsync failure ({only:?}, {n} tried) failed the first approval: is the shim preloaded?"
            );
        }
    }
}

/// One run of [`after_a_failed_fsync_the_server_acknowledges_nothing_more`] with the n-th
/// sync (of the files whose path contains `only`) failing: whether the first approval failed
/// (and the second was then refused), and how many syncs the run made.
fn server_with_failing_sync(n: usize, only: Option<&str>) -> (bool, usize) {
    use crate::record_server::{add_user, as_user, try_serve_with};
    let sb = Sandbox::new();
    submitted(&sb);
    add_user(&sb, "sec", "secretariaat:MOCW");
    let grant = [
        "users",
        "grant",
        "sec",
        "--grant",
        "secretariaat:MOCW",
        "--grant",
        "secretariaat:MPVO",
    ];
    run(sb.command(&grant), &grant).ok();
    let count = sb.path().join("syncs");
    let served = try_serve_with(&sb, |cmd| {
        cmd.env("LD_PRELOAD", shim())
            .env("FAIL_SYNC_AT", n.to_string())
            .env("SYNC_COUNT_FILE", &count)
            .env_remove("RUST_BACKTRACE");
        if let Some(only) = only {
            cmd.env("FAIL_SYNC_MATCH", only);
        }
    });
    let mut codes = Vec::new();
    let mut said = Vec::new();
    match served {
        // A sync failing while the server opens the database: it does not start, and says
        // so in stroom's words.
        Err(stderr) => assert_clean(&format!("sync #{n} of {only:?} at start"), &stderr),
        Ok((mut server, base)) => {
            let login = as_user(&sb, &base, "sec", &["login", "sec"]);
            if login.code == 0 {
                for role in ["MOCW", "MPVO"] {
                    let done = as_user(&sb, &base, "sec", &approve(role));
                    assert_clean(
                        &format!("sync #{n} of {only:?}, approve {role}"),
                        &done.stderr,
                    );
                    codes.push((role, done.code));
                    said.push((role, done.code, done.stderr.clone()));
                }
            }
            server.kill().expect("stop the server");
            server.wait().expect("the server is gone");
        }
    }
    let syncs = std::fs::read_to_string(&count).unwrap_or_default();
    let made: Vec<&str> = syncs
        .lines()
        .filter(|l| only.is_none_or(|o| l.contains(o)))
        .collect();
    let what = format!(
        "sync #{n} of {only:?} failing ({})",
        made.get(n - 1).unwrap_or(&"never reached")
    );
    // A failure that turns out stored (in the anchor journal) never said nothing was recorded.
    for (role, code, stderr) in &said {
        if *code != 0 && approved(&sb, role) {
            assert!(
                !stderr.contains("nothing was recorded") && !stderr.contains("recorded nothing"),
                "{what}: approve {role} failed saying nothing was recorded, yet it is stored: {stderr}"
            );
        }
    }
    // Acknowledged means stored.
    for (role, code) in &codes {
        if *code == 0 {
            assert!(
                approved(&sb, role),
                "{what}: the acknowledged approval of {role} is lost"
            );
        }
    }
    // A failed write breaks the writer: the next approval is not acknowledged.
    let first_failed = matches!(codes[..], [(_, first), _] if first != 0);
    if let [(_, first), (_, second)] = codes[..] {
        if first != 0 {
            assert_ne!(
                second, 0,
                "{what}: after a failed write the server acknowledged the next one"
            );
        }
    }
    // Restarted without the fault: the trail verifies and takes the next command.
    sb.run(&["verify"]).ok();
    for role in ["MOCW", "MPVO"] {
        if !approved(&sb, role) {
            let again = sb.run(&approve(role));
            assert_eq!(again.code, 0, "{what}, then locally: {}", again.snapshot());
        }
    }
    (first_failed, made.len())
}

/// Whether this machine lets us mount a tmpfs in a private mount namespace.
fn check_unshare() {
    let probe = Command::new("unshare")
        .args(["--map-root-user", "--mount", "sh", "-c"])
        .arg("d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs \"$d\" && umount \"$d\" && rmdir \"$d\"")
        .output();
    match probe {
        Err(e) => panic!(
            "the full-disk tests mount a small tmpfs with 'unshare' ({e}); install it with: apt-get install util-linux"
        ),
        Ok(o) if !o.status.success() => panic!(
            "the full-disk tests mount a small tmpfs in a private mount namespace ('unshare --map-root-user --mount'), which failed: {}\nrun the tests as root, or allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1)",
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Ok(_) => {}
    }
}

/// The steps of the full-disk scenario, run inside the namespace; each step's exit code,
/// stdout and stderr land in `$OUT/NAME.{rc,out,err}`.
const FULL_DISK: &str = r#"
set -u
mnt="$OUT/mnt"; mkdir -p "$mnt"
mount -t tmpfs -o size=2m tmpfs "$mnt" || exit 90
db="$mnt/db"
step() {
    name=$1; shift
    "$BIN" --db "$db" --today 2023-11-13 "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
    echo $? >"$OUT/$name.rc"
}
approve() { step "$1" approve 41077000 --role "$2" --version 1 --on 2023-10-02; }
# The same, opening sled first (no lag allowed): sled's open writes, so it needs new pages.
approve_sled() {
    export STROOM_SLED_LAG=0
    step "$1" approve 41077000 --role "$2" --version 1 --on 2023-10-02
    unset STROOM_SLED_LAG
}
fill() { # fill the disk, leaving $1 pages of 4 KiB free
    rm -f "$mnt/fill"
    free=$(df -k --output=avail "$mnt" | tail -1)
    dd if=/dev/zero of="$mnt/fill" bs=1k count=$((free - 4 * $1)) 2>/dev/null
    sync
}
step new new --from examples/llo-41077000.toml --on 2023-09-27
step submit submit 41077000 --on 2023-09-27
step export-before export
cp -a "$db" "$OUT/template"
# Reading commands copy the database into TMPDIR: on the full disk too.
mkdir "$mnt/tmp"; export TMPDIR="$mnt/tmp"
fill 0
approve_sled approve-full MSZW
step export-full export
step verify-full verify
# With /dev/shm full as well there is nowhere to copy to.
mount -t tmpfs -o size=8k tmpfs /dev/shm && dd if=/dev/zero of=/dev/shm/fill bs=4k 2>/dev/null
step verify-nowhere verify
umount /dev/shm
rm "$mnt/fill"
approve approve-after MSZW
step verify-after verify
# A sweep: the disk filled to a few pages short, a fresh copy each time.
for pages in 0 1 2 3 4 6 8 12; do
    rm -rf "$db" "$mnt/fill"; cp -a "$OUT/template" "$db"
    fill "$pages"
    approve "sweep-$pages" MSZW
    rm "$mnt/fill"
    step "sweep-$pages-show" show 41077000 --format json
    step "sweep-$pages-verify" verify
    approve "sweep-$pages-next" MPVO
done
"#;

/// A full disk: a recording command fails with a clear message naming the database and
/// records nothing; `export` and `verify` still work (their copy goes to memory when the
/// temporary folder is full too); once space returns the database works, nothing bricked.
#[test]
fn a_full_disk_fails_commands_cleanly_and_reading_still_works() {
    check_unshare();
    let sb = Sandbox::new();
    let out = sb.path().join("out");
    std::fs::create_dir_all(&out).expect("a folder for the results");
    let status = Command::new("unshare")
        .args(["--map-root-user", "--mount", "bash", "-c", FULL_DISK])
        .current_dir(repo())
        .env("OUT", &out)
        .env("BIN", env!("CARGO_BIN_EXE_stroom"))
        .env("STROOM_ACTOR", "planner-mbo")
        .env("STROOM_LOCK_WAIT_MS", "0")
        .env("LANG", "C.UTF-8")
        .env_remove("STROOM_DB")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LOG")
        .status()
        .expect("unshare runs");
    assert!(
        status.success(),
        "the full-disk scenario failed to run: {status}"
    );
    let step = |name: &str| {
        let read = |ext: &str| {
            std::fs::read_to_string(out.join(format!("{name}.{ext}")))
                .unwrap_or_else(|e| panic!("step {name} left no .{ext}: {e}"))
        };
        let r = Run {
            line: name.to_string(),
            code: read("rc").trim().parse().unwrap_or(-1),
            stdout: read("out"),
            stderr: redact(&sb, &read("err")).replace(&out.display().to_string(), "[OUT]"),
        };
        assert_clean(name, &r.stderr);
        r
    };
    let mut transcript = String::new();
    let mut show = |r: &Run| transcript.push_str(&format!("$ {}\n{}\n", r.line, r.snapshot()));
    let before = step("export-before");
    assert_eq!(before.code, 0);

    let full = step("approve-full");
    assert_eq!(full.code, 4, "{}", full.snapshot());
    assert_eq!(full.stdout, "");
    assert!(full.stderr.contains("is full"), "{}", full.stderr);
    show(&full);
    let export = step("export-full");
    assert_eq!(export.code, 0, "{}", export.snapshot());
    assert_eq!(export.stdout, before.stdout, "export on a full disk");
    assert_eq!(step("verify-full").code, 0);
    let nowhere = step("verify-nowhere");
    assert_eq!(nowhere.code, 4, "{}", nowhere.snapshot());
    show(&nowhere);
    let after = step("approve-after");
    assert_eq!(after.code, 0, "{}", after.snapshot());
    assert!(after.stdout.starts_with("recorded"));
    show(&after);
    assert_eq!(step("verify-after").code, 0);

    for pages in [0, 1, 2, 3, 4, 6, 8, 12] {
        let r = step(&format!("sweep-{pages}"));
        let what = format!("{pages} pages free");
        match r.code {
            0 => assert!(r.stdout.starts_with("recorded"), "{what}: {}", r.snapshot()),
            4 => assert_eq!(r.stdout, "", "{what}: {}", r.snapshot()),
            _ => panic!("{what}: {}", r.snapshot()),
        }
        let shown = step(&format!("sweep-{pages}-show"));
        assert_eq!(shown.code, 0, "{what}: {}", shown.snapshot());
        let stored = shown.stdout.contains("\"approved\"");
        if r.code == 0 {
            assert!(stored, "{what}: the acknowledged approval is lost");
        }
        let verify = step(&format!("sweep-{pages}-verify"));
        assert_eq!(verify.code, 0, "{what}: {}", verify.snapshot());
        let next = step(&format!("sweep-{pages}-next"));
        assert_eq!(next.code, 0, "{what}, then: {}", next.snapshot());
    }
    snap!("full_disk", sb, transcript);
}
