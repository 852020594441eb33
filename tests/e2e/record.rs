//! The record holds: reading never writes, a wrong `--db` is refused untouched, a crash's
//! leftovers are repaired, the lock queues writers and tells the user it waits.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::llo::{approve_args, approved_by_mszw as llo};
use crate::{run, snap, Sandbox};

/// Every file under `dir` with its bytes and modification time.
fn files(dir: &Path) -> BTreeMap<String, (Vec<u8>, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read the database directory") {
            let e = e.expect("a directory entry");
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let meta = e.metadata().expect("file metadata");
                out.insert(
                    p.strip_prefix(dir)
                        .expect("under the directory")
                        .display()
                        .to_string(),
                    (
                        std::fs::read(&p).expect("read a file"),
                        meta.modified().expect("a modification time"),
                    ),
                );
            }
        }
    }
    out
}

const READERS: &[&[&str]] = &[
    &["list"],
    &["show", "41077000"],
    &["log", "41077000"],
    &["plan", "41077000"],
    &["portfolio"],
    &["verify"],
    &["export"],
];

#[test]
fn reading_commands_on_a_missing_database_create_nothing() {
    let sb = Sandbox::new();
    let mut transcript = String::new();
    for args in READERS {
        let run = sb.run(args);
        assert_eq!(run.code, 4, "{}", run.snapshot());
        transcript.push_str(&format!("$ stroom {}\n{}", run.line, run.stderr));
        assert!(
            !sb.db().exists(),
            "stroom {} created the database",
            run.line
        );
    }
    snap!("missing_database", sb, transcript);
}

#[test]
fn reading_commands_write_nothing() {
    let sb = Sandbox::new();
    llo(&sb);
    let before = files(&sb.db());
    for args in READERS {
        sb.run(args).ok();
        assert!(
            files(&sb.db()) == before,
            "stroom {args:?} wrote to the database"
        );
    }
}

#[test]
fn a_folder_that_is_not_a_database_is_refused_untouched() {
    let sb = Sandbox::new();
    let folder = sb.path().join("papers");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("notes.txt"), "mijn aantekeningen").unwrap();
    let file = sb.path().join("report.pdf");
    std::fs::write(&file, "%PDF-1.4").unwrap();
    // Files that only carry sled's names: sled would rewrite this `conf`.
    let lookalike = sb.path().join("lookalike");
    std::fs::create_dir(&lookalike).unwrap();
    std::fs::write(lookalike.join("conf"), "my settings").unwrap();
    std::fs::write(lookalike.join("db"), "my data").unwrap();
    let before = (
        files(&folder),
        std::fs::read(&file).unwrap(),
        files(&lookalike),
    );
    let mut transcript = String::new();
    for db in [&folder, &file, &lookalike] {
        for args in [
            &["init"][..],
            &["list"],
            &[
                "new",
                "--from",
                "examples/llo-41077000.toml",
                "--on",
                "2023-09-27",
            ],
            &["import", "/dev/null"],
        ] {
            let run = run(with_db(&sb, db, args), args);
            assert_eq!(run.code, 4, "{}", run.snapshot());
            transcript.push_str(&format!(
                "$ stroom --db {} {}\n{}",
                db.file_name().unwrap().to_string_lossy(),
                run.line,
                run.stderr
            ));
        }
    }
    assert!(
        (
            files(&folder),
            std::fs::read(&file).unwrap(),
            files(&lookalike)
        ) == before
    );
    snap!("not_a_database", sb, transcript);
}

/// An auditor with read access only (not the owner, no write permission anywhere in the
/// database) verifies and exports.
#[test]
fn an_auditor_with_read_access_verifies_and_exports() {
    let sb = Sandbox::new();
    llo(&sb);
    let expected = sb.run(&["export"]).ok().stdout;
    // Readable, not writable, by others: run as another user (nobody) when we are root,
    // which ignores permissions; else take our own write permission away.
    let chmod = |mode: &str| {
        let ok = Command::new("chmod")
            .args(["-R", mode])
            .arg(sb.path())
            .status()
            .expect("chmod runs");
        assert!(ok.success());
    };
    chmod("a+rX,a-w");
    let as_auditor = |args: &[&str]| {
        let mut cmd = if is_root() {
            let mut c = Command::new("setpriv");
            c.args(["--reuid", "65534", "--regid", "65534", "--clear-groups"]);
            c.arg(env!("CARGO_BIN_EXE_stroom"));
            c
        } else {
            Command::new(env!("CARGO_BIN_EXE_stroom"))
        };
        cmd.current_dir(crate::repo())
            .env("STROOM_LOCK_WAIT_MS", "0")
            .arg("--db")
            .arg(sb.db())
            .arg("--today")
            .arg(sb.today)
            .args(args);
        run(cmd, args)
    };
    let verify = as_auditor(&["verify"]);
    let export = as_auditor(&["export"]);
    let write = as_auditor(&approve_args("MOCW", "2023-10-02"));
    chmod("u+w");
    assert_eq!(verify.code, 0, "{}", verify.snapshot());
    assert!(
        verify.stderr.contains("every chain is intact"),
        "{}",
        verify.stderr
    );
    assert_eq!(export.code, 0, "{}", export.snapshot());
    assert_eq!(export.stdout, expected);
    assert_eq!(
        write.code,
        4,
        "a writer without write access fails: {}",
        write.snapshot()
    );
}

/// The binary on another database than the sandbox's.
fn with_db(sb: &Sandbox, db: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stroom"));
    cmd.current_dir(crate::repo())
        .env("STROOM_ACTOR", "planner-mbo")
        .env("STROOM_LOCK_WAIT_MS", "0")
        .arg("--db")
        .arg(db)
        .arg("--today")
        .arg(sb.today)
        .args(args);
    cmd
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A snapshot file a crash left half-written bricked the database (sled reads it and fails
/// with "Read corrupted data"). Readers skip it; the next writer removes it and says so.
#[test]
fn a_half_written_snapshot_is_repaired_with_a_message() {
    let sb = Sandbox::new();
    llo(&sb);
    let stale = sb.db().join("snap.0000000000001000.generating");
    std::fs::write(&stale, b"\x00\x01half a snapshot").unwrap();
    let list = sb.run(&["list"]);
    assert_eq!(list.code, 0, "{}", list.snapshot());
    assert!(stale.exists(), "a reader does not touch the database");
    let approve = sb.run(&approve_args("MOCW", "2023-10-02")).ok();
    assert!(!stale.exists());
    snap!("stale_snapshot_repaired", sb, approve.stderr);
    sb.run(&["verify"]).ok();
}

/// A command that finds the database locked waits its turn, says after a second what it
/// waits for, and goes on when the lock is released.
#[test]
fn a_waiting_command_says_so_and_proceeds() {
    let sb = Sandbox::new();
    llo(&sb);
    let holder = Command::new("flock")
        .arg(sb.db().join("stroom.lock"))
        .args(["sleep", "2"])
        .stdout(Stdio::null())
        .spawn()
        .expect("flock (util-linux) runs: apt-get install util-linux");
    std::thread::sleep(Duration::from_millis(300));
    let mut cmd = sb.command(&approve_args("MOCW", "2023-10-02"));
    cmd.env("STROOM_LOCK_WAIT_MS", "20000");
    let waited = run(cmd, &["approve"]);
    let mut holder = holder;
    let _ = holder.wait();
    assert_eq!(waited.code, 0, "{}", waited.snapshot());
    snap!("waiting_notice", sb, waited.stderr);
}

/// With no wait allowed, a locked database is refused at once, naming the path.
#[test]
fn a_locked_database_is_refused_after_the_wait() {
    let sb = Sandbox::new();
    llo(&sb);
    let mut holder = Command::new("flock")
        .arg(sb.db().join("stroom.lock"))
        .args(["sleep", "2"])
        .spawn()
        .expect("flock (util-linux) runs: apt-get install util-linux");
    std::thread::sleep(Duration::from_millis(300));
    let run = sb.run(&["list"]);
    let _ = holder.kill();
    let _ = holder.wait();
    assert_eq!(run.code, 4, "{}", run.snapshot());
    snap!("locked", sb, run.stderr);
}

/// Copies the sled files of `from` over those of `to`, leaving `to`'s anchor journal and
/// its record of what sled held (`anchor.sled-len`): the store loses what was written
/// since, as when sled drops a torn tail.
fn restore_sled_files(from: &Path, to: &Path) {
    let held = to.join("anchor.sled-len");
    let held_text = std::fs::read(&held).ok();
    for e in std::fs::read_dir(to).expect("read the database") {
        let p = e.expect("an entry").path();
        let name = p
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if name == "anchor.jsonl" || name == "stroom.lock" {
            continue;
        }
        if p.is_dir() {
            std::fs::remove_dir_all(&p).expect("remove a sled folder");
        } else {
            std::fs::remove_file(&p).expect("remove a sled file");
        }
    }
    let status = Command::new("cp")
        .arg("-r")
        .arg(format!("{}/.", from.display()))
        .arg(to)
        .status()
        .expect("cp runs");
    assert!(status.success());
    let _ = std::fs::remove_file(to.join("anchor.jsonl.saved"));
    match held_text {
        Some(text) => std::fs::write(&held, text).expect("write anchor.sled-len"),
        None => {
            let _ = std::fs::remove_file(&held);
        }
    }
}

/// sled loses a write it held (a torn tail it drops): the anchor journal names the lost
/// approval, readers still see it, and the next command that opens sled (here `init`)
/// restores it into the database. A recording command within sled's lag bound does not
/// open sled, so it neither notices nor repairs; `verify` names the loss until then.
#[test]
fn a_lost_tail_is_named_and_restored_from_the_anchor() {
    let sb = Sandbox::new();
    llo(&sb);
    sb.run(&["init"]).ok();
    let saved = sb.path().join("saved");
    std::fs::create_dir(&saved).unwrap();
    let status = Command::new("cp")
        .arg("-r")
        .arg(format!("{}/.", sb.db().display()))
        .arg(&saved)
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::remove_file(saved.join("anchor.jsonl")).unwrap();
    let _ = std::fs::remove_file(saved.join("stroom.lock"));
    sb.run(&approve_args("MOCW", "2023-10-02")).ok();
    // sled brought up to date: it holds the approval, and says so in `anchor.sled-len`.
    sb.run(&["init"]).ok();
    let expected = sb.run(&["export"]).ok().stdout;
    restore_sled_files(&saved, &sb.db());

    let verify = sb.run(&["verify"]).ok();
    let export = sb.run(&["export"]).ok();
    assert_eq!(
        export.stdout, expected,
        "a reader sees the anchored approval"
    );
    let approve = sb.run(&approve_args("MPVO", "2023-10-03")).ok();
    assert!(!approve.stderr.contains("missing"), "{}", approve.stderr);
    let init = sb.run(&["init"]).ok();
    let after = sb.run(&["verify"]).ok();
    assert!(!after.stderr.contains("missing"), "{}", after.stderr);
    snap!(
        "lost_tail",
        sb,
        format!(
            "$ stroom verify\n{}{}$ stroom init\n{}",
            verify.stderr, verify.stdout, init.stderr
        )
    );
}

/// An event in sled that the anchor does not hold was added outside stroom (or the anchor
/// was cut short): verification fails naming it, and recording commands refuse the
/// stroom. Reading commands read the anchor (what was acknowledged) and show the trail
/// without it; `verify` is what compares the two.
#[test]
fn an_event_missing_from_the_anchor_fails_verification() {
    let sb = Sandbox::new();
    llo(&sb);
    // sled brought up to date (`init` opens it), so that it holds the line cut below: a
    // line sled does not hold yet exists in the anchor alone (see DESIGN.md, "When does
    // sled catch up?").
    sb.run(&["init"]).ok();
    let anchor = sb.db().join("anchor.jsonl");
    let text = std::fs::read_to_string(&anchor).unwrap();
    let kept: Vec<&str> = text.lines().collect();
    std::fs::write(&anchor, format!("{}\n", kept[..kept.len() - 1].join("\n"))).unwrap();
    let verify = sb.run(&["verify"]);
    assert_eq!(verify.code, 5, "{}", verify.snapshot());
    let approve = sb.run(&approve_args("MPVO", "2023-09-29"));
    assert_eq!(approve.code, 5, "{}", approve.snapshot());
    let log = sb.run(&["log", "41077000", "--format", "json"]).ok();
    assert_eq!(log.json()["events"].as_array().map(Vec::len), Some(2));
    // Refused every time, not only at the first open after the change: a writer that found
    // a difference leaves sled's anchor-len unset, so the next one compares everything again.
    assert_eq!(sb.run(&["verify"]).code, 5);
    let again = sb.run(&approve_args("MPVO", "2023-09-29"));
    assert_eq!(again.code, 5, "{}", again.snapshot());
    snap!(
        "not_in_anchor",
        sb,
        format!("{}{}", verify.snapshot(), approve.snapshot())
    );
}

/// The anchor journal holds export records: it alone rebuilds the database (`--anchor`).
#[test]
fn the_anchor_alone_rebuilds_the_database() {
    let sb = Sandbox::new();
    llo(&sb);
    let expected = sb.run(&["export"]).ok().stdout;
    let anchor = sb.db().join("anchor.jsonl").display().to_string();
    let rebuilt = sb.path().join("rebuilt");
    run(
        with_db(&sb, &rebuilt, &["import", "--anchor", &anchor]),
        &["import"],
    )
    .ok();
    let export = run(with_db(&sb, &rebuilt, &["export"]), &["export"]).ok();
    assert_eq!(export.stdout, expected);
}

/// A crash while the anchor line was written leaves a torn last line: never acknowledged,
/// ignored by readers, cut off by the next writer.
#[test]
fn a_torn_anchor_line_is_ignored_then_cut() {
    let sb = Sandbox::new();
    llo(&sb);
    let anchor = sb.db().join("anchor.jsonl");
    let before = sb.run(&["export"]).ok().stdout;
    let mut text = std::fs::read(&anchor).unwrap();
    text.extend_from_slice(b"{\"schema\":1,\"stroom\":\"41077000\",\"seq\":4,\"ev");
    std::fs::write(&anchor, &text).unwrap();
    let list = sb.run(&["list"]).ok();
    assert_eq!(sb.run(&["export"]).ok().stdout, before);
    let approve = sb.run(&approve_args("MOCW", "2023-10-02")).ok();
    sb.run(&["verify"]).ok();
    snap!(
        "torn_anchor",
        sb,
        format!(
            "$ stroom list\n{}$ stroom approve …\n{}",
            list.stderr, approve.stderr
        )
    );
}

/// A full disk or a failing fsync while the command commits: it fails, prints no success,
/// and nothing acknowledged is lost. A failure before the anchor is on disk stores nothing;
/// one after it (sled's own flush) leaves the event in the anchor, which the next command
/// restores (so a failed command may turn out stored, never the other way round).
#[test]
fn faults_while_committing_fail_cleanly() {
    let mut transcript = String::new();
    for (fault, stored) in [
        ("anchor-write", false),
        ("anchor-sync", false),
        ("sled-flush", true),
    ] {
        let sb = Sandbox::new();
        llo(&sb);
        let before = sb.run(&["export"]).ok().stdout;
        let mut cmd = sb.command(&approve_args("MOCW", "2023-10-02"));
        cmd.env("STROOM_FAULT", fault);
        // sled's flush happens only when the command writes sled too: with no lag allowed,
        // it brings sled up to date and writes it (else it appends to the anchor alone).
        if fault == "sled-flush" {
            cmd.env("STROOM_SLED_LAG", "0");
        }
        let failed = run(cmd, &["approve"]);
        assert_eq!(failed.code, 4, "{}", failed.snapshot());
        assert_eq!(failed.stdout, "", "no success is printed");
        let stderr = failed
            .stderr
            .replace(&sb.path().display().to_string(), "[TMP]");
        transcript.push_str(&format!(
            "$ STROOM_FAULT={fault} stroom approve …
{stderr}"
        ));
        let show = sb.run(&["show", "41077000", "--format", "json"]).ok();
        let approved = show.json()["bewindspersonen"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["role"] == "MOCW" && b["status"] == "approved");
        assert_eq!(approved, stored, "{fault}: {}", show.stderr);
        if !stored {
            assert_eq!(sb.run(&["export"]).ok().stdout, before);
        }
        sb.run(&["verify"]).ok();
        // The database works on: the approval can be recorded (again).
        let again = sb.run(&approve_args("MOCW", "2023-10-02"));
        assert_eq!(
            again.code,
            if stored { 3 } else { 0 },
            "{}",
            again.snapshot()
        );
    }
    snap!("faults", Sandbox::new(), transcript);
}

/// The anchor's length sled held at its last catch-up (`anchor.sled-len`), and the
/// anchor's length now.
fn lag_files(sb: &Sandbox) -> (u64, u64) {
    let held = std::fs::read_to_string(sb.db().join("anchor.sled-len"))
        .expect("the sled length is recorded")
        .trim()
        .parse()
        .expect("a number");
    let len = std::fs::metadata(sb.db().join("anchor.jsonl"))
        .expect("the anchor")
        .len();
    (held, len)
}

/// A recording command appends to the anchor journal alone while sled lags it by at most
/// the bound (`STROOM_SLED_LAG`), leaving sled's files untouched; one that finds sled
/// further behind brings it up to date first. So sled never lags by more than the bound
/// plus one command, and catching up names nothing as lost.
#[test]
fn sled_lags_the_anchor_by_at_most_the_bound() {
    let sb = Sandbox::new();
    sb.new_llo();
    let (held, len) = lag_files(&sb);
    assert_eq!(
        held, len,
        "a database is created with sled, which holds its first record"
    );
    let bound: u64 = 1200;
    let steps: [&[&str]; 5] = [
        &["submit", "41077000", "--on", "2023-09-28"],
        &approve_args("MSZW", "2023-09-29"),
        &approve_args("MPVO", "2023-10-02"),
        &approve_args("MOCW", "2023-10-03"),
        &approve_args("MEZK", "2023-10-04"),
    ];
    let (mut journal_only, mut caught_up) = (0, 0);
    for args in steps {
        let sled_before: BTreeMap<_, _> = files(&sb.db())
            .into_iter()
            .filter(|(name, _)| name == "db" || name == "conf" || name.starts_with("snap."))
            .collect();
        let (_, len_before) = lag_files(&sb);
        let mut cmd = sb.command(args);
        cmd.env("STROOM_SLED_LAG", bound.to_string());
        run(cmd, args).ok();
        let (held, len) = lag_files(&sb);
        let this_command = len - len_before;
        assert!(
            len - held <= bound + this_command,
            "{args:?}: sled lags by {} bytes, over the bound {bound} plus this command's {this_command}",
            len - held
        );
        if held == len {
            caught_up += 1;
        } else {
            journal_only += 1;
            let sled_after: BTreeMap<_, _> = files(&sb.db())
                .into_iter()
                .filter(|(name, _)| name == "db" || name == "conf" || name.starts_with("snap."))
                .collect();
            assert_eq!(
                sled_before.keys().collect::<Vec<_>>(),
                sled_after.keys().collect::<Vec<_>>()
            );
            for (name, (bytes, _)) in &sled_before {
                assert!(
                    &sled_after[name].0 == bytes,
                    "{args:?}: a command that appends to the anchor alone changed sled's '{name}'"
                );
            }
        }
    }
    assert!(
        journal_only >= 2 && caught_up >= 1,
        "journal only {journal_only}, caught up {caught_up}"
    );
    let verify = sb.run(&["verify"]).ok();
    assert!(!verify.stderr.contains("missing"), "{}", verify.stderr);
    let init = sb.run(&["init"]).ok();
    assert!(!init.stderr.contains("missing"), "{}", init.stderr);
    let (held, len) = lag_files(&sb);
    assert_eq!(held, len, "init brings sled up to date");
}

/// A line of the anchor journal that sled does not hold yet exists nowhere else: damaged,
/// it is named by every command that reads that stroom (and by verify), never dropped as
/// a torn write nor cut off; only its newline lost, it still counts.
#[test]
fn a_damaged_anchor_line_sled_does_not_hold_yet_is_named() {
    let sb = Sandbox::new();
    llo(&sb);
    let anchor = sb.db().join("anchor.jsonl");
    let text = std::fs::read_to_string(&anchor).unwrap();
    let (held, len) = lag_files(&sb);
    assert!(held < len, "the last approval is in the anchor alone");
    let last_start = text[..text.len() - 1].rfind('\n').map_or(0, |i| i + 1);
    let (head, last) = text.split_at(last_start);
    let mut transcript = String::new();

    // Altered so that it still reads: its hash no longer matches its bytes.
    let altered = last.replacen("\"actor\":\"planner-mbo\"", "\"actor\":\"planner-mbx\"", 1);
    assert_ne!(altered, last);
    std::fs::write(&anchor, format!("{head}{altered}")).unwrap();
    for args in [
        &["show", "41077000"][..],
        &approve_args("MOCW", "2023-10-02"),
        &["verify"],
    ] {
        let r = sb.run(args);
        assert_eq!(r.code, 5, "{}", r.snapshot());
        transcript.push_str(&format!("$ stroom {}\n{}", args.join(" "), r.stderr));
    }
    assert_eq!(
        std::fs::read_to_string(&anchor).unwrap(),
        format!("{head}{altered}"),
        "nothing is cut off or appended"
    );

    // Damaged so that it does not read: named by file and line, not taken for a torn write.
    let unreadable = last.replacen("\"seq\":", "\"seq\"!", 1);
    std::fs::write(&anchor, format!("{head}{unreadable}")).unwrap();
    for args in [
        &["show", "41077000"][..],
        &approve_args("MOCW", "2023-10-02"),
    ] {
        let r = sb.run(args);
        assert_eq!(r.code, 5, "{}", r.snapshot());
        transcript.push_str(&format!("$ stroom {}\n{}", args.join(" "), r.stderr));
    }
    assert_eq!(
        std::fs::read_to_string(&anchor).unwrap(),
        format!("{head}{unreadable}"),
        "nothing is cut off or appended"
    );

    // Only its newline lost: the record is whole, so it counts, and a writer adds the newline.
    std::fs::write(&anchor, format!("{head}{}", last.trim_end_matches('\n'))).unwrap();
    let log = sb.run(&["log", "41077000", "--format", "json"]).ok();
    assert_eq!(log.json()["events"].as_array().map(Vec::len), Some(3));
    sb.run(&approve_args("MOCW", "2023-10-02")).ok();
    let now = std::fs::read_to_string(&anchor).unwrap();
    assert!(now.starts_with(&text), "the newline was added back");
    assert_eq!(now.lines().count(), 4);
    sb.run(&["verify"]).ok();
    snap!("damaged_anchor_tail", sb, transcript);
}

/// An anchor line sled already holds, altered in any field with its hash kept, fails
/// `verify` (naming the stroom and event, as `show` does), and `export` does not pass it.
#[test]
fn an_altered_anchor_line_sled_holds_fails_verify() {
    let sb = Sandbox::new();
    llo(&sb);
    assert_eq!(sb.run(&["init"]).code, 0, "sled catches up");
    let (held, len) = lag_files(&sb);
    assert_eq!(held, len, "sled holds every line");
    let anchor = sb.db().join("anchor.jsonl");
    let original = std::fs::read_to_string(&anchor).unwrap();
    let last_start = original[..original.len() - 1]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let (head, last) = original.split_at(last_start);
    let seq: u64 = original.lines().count() as u64;
    for (from, to) in [
        ("\"on\":\"2023-", "\"on\":\"2024-"),
        ("\"recorded_at\":\"20", "\"recorded_at\":\"19"),
        ("\"actor\":\"", "\"actor\":\"x"),
        ("\"role\":\"M", "\"role\":\"X"),
        ("\"version\":1", "\"version\":2"),
        ("\"prev\":\"", "\"prev\":\"0"),
        ("\"type\":\"approved\"", "\"type\":\"submitted\""),
    ] {
        let altered = last.replacen(from, to, 1);
        assert_ne!(altered, last, "{from} is in the last line: {last}");
        std::fs::write(&anchor, format!("{head}{altered}")).unwrap();
        let r = sb.run(&["verify"]);
        assert_eq!(r.code, 5, "{from}: {}", r.snapshot());
        assert!(
            r.stderr.contains("41077000") && r.stderr.contains(&format!("event {seq}")),
            "{from}: {}",
            r.stderr
        );
        let r = sb.run(&["export"]);
        assert_ne!(r.code, 0, "{from}: export passes: {}", r.snapshot());
        assert!(r.stderr.contains("41077000"), "{from}: {}", r.stderr);
        // The anchor is the damaged copy: the fix must not send the user to restore from it.
        assert!(
            r.stderr.contains("not from this anchor journal")
                && !r.stderr.contains("import DB/anchor.jsonl"),
            "{from}: {}",
            r.stderr
        );
    }
    std::fs::write(&anchor, &original).unwrap();
    assert_eq!(sb.run(&["verify"]).code, 0, "the original verifies again");
}
