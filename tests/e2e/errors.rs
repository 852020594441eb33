//! Bad input and refused commands: each message and exit code is snapshotted, because
//! these are what users read when something goes wrong.

use std::time::Duration;

use stroom::SledStore;

use crate::{snap, Sandbox};

/// A sandbox holding the LLO stroom, submitted.
fn submitted() -> Sandbox {
    let sb = Sandbox::new();
    sb.new_llo();
    sb.run(&["submit", "41077000", "--on", "2023-09-27"]).ok();
    sb
}

#[test]
fn unknown_route() {
    let sb = Sandbox::new();
    let run = sb.run(&[
        "new",
        "--reference",
        "1",
        "--title",
        "t",
        "--route",
        "coco",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
    ]);
    assert_eq!(run.code, 2);
    snap!("unknown_route", sb, run.snapshot());
}

#[test]
fn unknown_role() {
    let sb = submitted();
    let run = sb.run(&[
        "approve",
        "41077000",
        "--role",
        "MFIN",
        "--version",
        "1",
        "--on",
        "2023-09-28",
    ]);
    assert_eq!(run.code, 2);
    snap!("unknown_role", sb, run.snapshot());
}

#[test]
fn malformed_role() {
    let sb = submitted();
    let run = sb.run(&["approve", "41077000", "--role", "mocw", "--version", "1"]);
    assert_eq!(run.code, 2);
    snap!("malformed_role", sb, run.snapshot());
}

#[test]
fn unknown_stroom() {
    let sb = submitted();
    let run = sb.run(&["show", "41077001"]);
    assert_eq!(run.code, 2);
    snap!("unknown_stroom", sb, run.snapshot());
}

#[test]
fn approving_twice() {
    let sb = submitted();
    sb.run(&[
        "approve",
        "41077000",
        "--role",
        "MOCW",
        "--version",
        "1",
        "--on",
        "2023-09-28",
    ])
    .ok();
    let run = sb.run(&[
        "approve",
        "41077000",
        "--role",
        "MOCW",
        "--version",
        "1",
        "--on",
        "2023-09-29",
    ]);
    assert_eq!(run.code, 3);
    snap!("approving_twice", sb, run.snapshot());
}

#[test]
fn approving_an_old_version() {
    let sb = submitted();
    sb.run(&[
        "return",
        "41077000",
        "--role",
        "MOCW",
        "--version",
        "1",
        "--on",
        "2023-10-04",
        "--comment",
        "punten MOCW",
    ])
    .ok();
    let run = sb.run(&[
        "approve",
        "41077000",
        "--role",
        "MPVO",
        "--version",
        "1",
        "--on",
        "2023-10-05",
    ]);
    assert_eq!(run.code, 3);
    snap!("approving_an_old_version", sb, run.snapshot());
}

#[test]
fn command_not_allowed_now() {
    let sb = Sandbox::new();
    sb.new_llo();
    let run = sb.run(&[
        "deliver",
        "41077000",
        "--slot",
        "2023-10-30",
        "--on",
        "2023-10-20",
    ]);
    assert_eq!(run.code, 3);
    snap!("command_not_allowed_now", sb, run.snapshot());
}

#[test]
fn sign_on_the_ministerraad_route() {
    let sb = submitted();
    let run = sb.run(&[
        "sign",
        "41077000",
        "--role",
        "MOCW",
        "--version",
        "1",
        "--on",
        "2023-10-02",
    ]);
    assert_eq!(run.code, 3);
    snap!("sign_on_the_ministerraad_route", sb, run.snapshot());
}

#[test]
fn terminal_state_rejects() {
    let sb = submitted();
    sb.run(&[
        "withdraw",
        "41077000",
        "--on",
        "2023-09-28",
        "--comment",
        "vervalt",
    ])
    .ok();
    let run = sb.run(&["submit", "41077000", "--on", "2023-09-29"]);
    assert_eq!(run.code, 3);
    snap!("terminal_state_rejects", sb, run.snapshot());
}

#[test]
fn malformed_date() {
    let sb = submitted();
    let run = sb.run(&[
        "approve",
        "41077000",
        "--role",
        "MOCW",
        "--version",
        "1",
        "--on",
        "3-10-2023",
    ]);
    assert_eq!(run.code, 2);
    snap!("malformed_date", sb, run.snapshot());
}

#[test]
fn malformed_today() {
    let sb = Sandbox::new();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_stroom"));
    cmd.args(["--today", "2023-13-01", "list"])
        .env("STROOM_DB", sb.db());
    let run = crate::run(cmd, &["--today", "2023-13-01", "list"]);
    assert_eq!(run.code, 2);
    snap!("malformed_today", sb, run.snapshot());
}

#[test]
fn date_after_today() {
    let sb = submitted();
    let run = sb.run(&[
        "approve",
        "41077000",
        "--role",
        "MOCW",
        "--version",
        "1",
        "--on",
        "2023-11-14",
    ]);
    assert_eq!(run.code, 2);
    snap!("date_after_today", sb, run.snapshot());
}

#[test]
fn malformed_route_file() {
    let sb = Sandbox::new();
    let file = sb.path().join("coco.toml");
    std::fs::write(
        &file,
        "name = \"coco\"\ntitle = \"Via de CoCo\"\nvoorportaal = \"coco\"\nministerraad = \"mr\"\nsend-afer = 1\n",
    )
    .expect("written");
    let run = sb.run(&[
        "--routes",
        file.to_str().expect("utf-8 path"),
        "routes",
        "list",
    ]);
    assert_eq!(run.code, 2);
    snap!("malformed_route_file", sb, run.snapshot());
}

#[test]
fn route_file_adds_a_route() {
    let sb = Sandbox::new();
    let file = sb.path().join("coco.toml");
    std::fs::write(
        &file,
        "name = \"coco\"\ntitle = \"Via de CoCo (EU-zaken)\"\nvoorportaal = \"coco\"\nministerraad = \"mr\"\n",
    )
    .expect("written");
    let run = sb
        .run(&[
            "--routes",
            file.to_str().expect("utf-8 path"),
            "routes",
            "list",
        ])
        .ok();
    snap!("route_file_adds_a_route", sb, run.snapshot());
}

#[test]
fn malformed_stroom_file() {
    let sb = Sandbox::new();
    let file = sb.path().join("stroom.toml");
    std::fs::write(
        &file,
        "reference = \"1\"\ntitle = \"t\"\nroute = \"ministerraad\"\ndirectie = \"MBO\"\neerste-ondertekenaar = \"MOCW\"\nmede = [\"MSZW\"]\n",
    )
    .expect("written");
    let run = sb.run(&["new", "--from", file.to_str().expect("utf-8 path")]);
    assert_eq!(run.code, 2);
    snap!("malformed_stroom_file", sb, run.snapshot());
}

#[test]
fn missing_stroom_file() {
    let sb = Sandbox::new();
    let run = sb.run(&["new", "--from", "examples/nope.toml"]);
    assert_eq!(run.code, 2);
    snap!("missing_stroom_file", sb, run.snapshot());
}

#[test]
fn stroom_exists() {
    let sb = Sandbox::new();
    sb.new_llo();
    let run = sb.run(&[
        "new",
        "--from",
        "examples/llo-41077000.toml",
        "--on",
        "2023-09-27",
    ]);
    assert_eq!(run.code, 4);
    snap!("stroom_exists", sb, run.snapshot());
}

#[test]
fn database_locked_by_another_process() {
    let sb = submitted();
    let _held = SledStore::open(&sb.db(), Duration::ZERO).expect("the test holds the database");
    let run = sb.run(&[
        "approve",
        "41077000",
        "--role",
        "MOCW",
        "--version",
        "1",
        "--on",
        "2023-09-28",
    ]);
    assert_eq!(run.code, 4);
    snap!("database_locked", sb, run.snapshot());
}

#[test]
fn import_into_a_database_that_is_not_empty() {
    let sb = submitted();
    let file = sb.path().join("backup.jsonl");
    sb.run(&["export", file.to_str().expect("utf-8 path")]).ok();
    let run = sb.run(&["import", file.to_str().expect("utf-8 path")]);
    assert_eq!(run.code, 4);
    snap!("import_not_empty", sb, run.snapshot());
}

#[test]
fn import_line_that_does_not_parse() {
    let sb = submitted();
    let export = sb.run(&["export"]).ok().stdout;
    let mut lines: Vec<&str> = export.lines().collect();
    lines[1] = r#"{"schema":1,"stroom":"41077000","seq":2"#;
    let broken = lines.join("\n");
    let file = sb.path().join("broken.jsonl");
    std::fs::write(&file, broken).expect("written");
    let fresh = Sandbox::new();
    let run = fresh.run(&["import", file.to_str().expect("utf-8 path")]);
    assert_eq!(run.code, 2);
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(
        &crate::regex_escape(&sb.path().display().to_string()),
        "[EXPORT-DIR]",
    );
    settings.bind(|| snap!("import_line_does_not_parse", fresh, run.snapshot()));
}

#[test]
fn bad_flags() {
    let sb = Sandbox::new();
    let run = sb.run(&["approve", "41077000", "--role", "MOCW"]);
    assert_eq!(run.code, 2);
    snap!("approve_without_version", sb, run.snapshot());
}

#[test]
fn database_of_a_newer_format_is_refused_untouched() {
    let sb = submitted();
    {
        let db = sled::open(sb.db()).expect("the test opens the database");
        let meta = db.open_tree("meta").expect("meta tree");
        meta.insert("format", "2").expect("write the format");
        db.flush().expect("flush");
    }
    let run = sb.run(&["show", "41077000"]);
    assert_eq!(run.code, 4);
    snap!("database_newer_format", sb, run.snapshot());
    // Nothing was rewritten: the format stays as the newer stroom left it.
    let db = sled::open(sb.db()).expect("the test opens the database again");
    let meta = db.open_tree("meta").expect("meta tree");
    assert_eq!(
        meta.get("format").expect("read").as_deref(),
        Some(&b"2"[..])
    );
}
