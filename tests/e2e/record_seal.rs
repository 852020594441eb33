//! The record is sealed: exports that cannot be shortened or rearranged unnoticed, signed
//! records, and a verify that replays the state machine under the route stored at `new`.

use std::path::Path;
use std::process::Command;

use crate::{run, snap, Sandbox};

/// Two strooms: LLO (registered, submitted, approved by MSZW) and the werkagenda
/// (registered, submitted).
fn two_strooms(sb: &Sandbox) {
    sb.new_llo();
    sb.run(&["submit", "41077000", "--on", "2023-09-27"]).ok();
    sb.run(&[
        "approve",
        "41077000",
        "--role",
        "MSZW",
        "--version",
        "1",
        "--on",
        "2023-09-28",
    ])
    .ok();
    sb.run(&[
        "new",
        "--from",
        "examples/werkagenda-mbo-49418286.toml",
        "--on",
        "2023-10-02",
    ])
    .ok();
    sb.run(&["submit", "49418286", "--on", "2023-10-02"]).ok();
}

/// `stroom --db DB ARGS` in the sandbox's setting.
fn at_db(sb: &Sandbox, db: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stroom"));
    cmd.current_dir(crate::repo())
        .env_remove("STROOM_DB")
        .env("LANG", "C.UTF-8")
        .env("STROOM_ACTOR", "planner-mbo")
        .env("STROOM_LOCK_WAIT_MS", "0")
        .arg("--db")
        .arg(db)
        .arg("--today")
        .arg(sb.today)
        .args(args);
    cmd
}

fn join(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// Every line deleted, every pair of different lines swapped, every line duplicated in
/// place, the file cut at every line boundary and in the middle of every line.
fn structural_edits(text: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for i in 0..lines.len() {
        let mut l = lines.clone();
        l.remove(i);
        out.push((format!("delete line {}", i + 1), join(&l)));
        let mut l = lines.clone();
        l.insert(i, lines[i]);
        out.push((format!("duplicate line {}", i + 1), join(&l)));
        for j in i + 1..lines.len() {
            if lines[i] != lines[j] {
                let mut l = lines.clone();
                l.swap(i, j);
                out.push((format!("swap lines {} and {}", i + 1, j + 1), join(&l)));
            }
        }
        let before: usize = lines[..i].iter().map(|l| l.len() + 1).sum();
        out.push((
            format!("cut before line {}", i + 1),
            text[..before].to_string(),
        ));
        out.push((
            format!("cut in the middle of line {}", i + 1),
            text[..before + lines[i].len() / 2].to_string(),
        ));
    }
    out
}

#[test]
fn every_structural_edit_of_an_export_is_refused_and_imports_nothing() {
    let sb = Sandbox::new();
    two_strooms(&sb);
    let export = sb.run(&["export"]).ok().stdout;
    assert_eq!(export.lines().count(), 2 + 5, "{export}");
    let file = sb.path().join("edited.jsonl");
    let target = sb.path().join("target-db");
    let edits = structural_edits(&export);
    assert!(edits.len() >= 49, "{} edits", edits.len());
    for (what, edited) in &edits {
        std::fs::write(&file, edited).expect("write the edited export");
        let args = ["import", file.to_str().expect("utf-8 path")];
        let run = run(at_db(&sb, &target, &args), &args);
        assert_eq!(run.code, 5, "{what} was not refused:\n{}", run.snapshot());
        assert!(
            run.stderr.contains("edited.jsonl:") && run.stderr.contains("nothing was imported"),
            "{what}: the message names no line:\n{}",
            run.stderr
        );
        assert!(
            !target.exists(),
            "{what}: the refused import created the database"
        );
    }
    // The intact export imports, and the database exports it byte for byte.
    std::fs::write(&file, &export).expect("write the export");
    let args = ["import", file.to_str().expect("utf-8 path")];
    run(at_db(&sb, &target, &args), &args).ok();
    let again = run(at_db(&sb, &target, &["export"]), &["export"]).ok();
    assert_eq!(again.stdout, export);
}

#[test]
fn a_shortened_export_is_refused_naming_the_line() {
    let sb = Sandbox::new();
    two_strooms(&sb);
    let export = sb.run(&["export"]).ok().stdout;
    let lines: Vec<&str> = export.lines().collect();
    let file = sb.path().join("backup.jsonl");
    let mut transcript = String::new();
    for (what, edited) in [
        (
            "the last event removed",
            join(&[&lines[..5], &lines[6..]].concat()),
        ),
        (
            "the werkagenda removed",
            join(&[&lines[..4], &lines[6..]].concat()),
        ),
        ("the trailer removed", join(&lines[..6])),
        ("the header removed", join(&lines[1..])),
    ] {
        std::fs::write(&file, edited).expect("write the edited export");
        let fresh = Sandbox::new();
        let args = ["import", file.to_str().expect("utf-8 path")];
        let run = fresh.run(&args);
        assert_eq!(run.code, 5, "{}", run.snapshot());
        transcript.push_str(&format!(
            "# {what}\n$ stroom import backup.jsonl\n{}",
            run.stderr
        ));
    }
    snap!("shortened_export", sb, transcript);
}

/// A database's anchor journal (records only) rebuilds a database with `--anchor`; without
/// it the missing header is refused.
#[test]
fn the_anchor_imports_only_when_named_as_such() {
    let sb = Sandbox::new();
    two_strooms(&sb);
    let expected = sb.run(&["export"]).ok().stdout;
    let anchor = sb.db().join("anchor.jsonl").display().to_string();
    let rebuilt = sb.path().join("rebuilt");
    let refused = run(at_db(&sb, &rebuilt, &["import", &anchor]), &["import"]);
    assert_eq!(refused.code, 5, "{}", refused.snapshot());
    assert!(
        refused.stderr.contains("add --anchor"),
        "{}",
        refused.stderr
    );
    assert!(!rebuilt.exists());
    let args = ["import", "--anchor", &anchor];
    run(at_db(&sb, &rebuilt, &args), &args).ok();
    let export = run(at_db(&sb, &rebuilt, &["export"]), &["export"]).ok();
    assert_eq!(export.stdout, expected);
}
