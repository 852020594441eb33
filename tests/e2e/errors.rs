//! Bad input and refused commands: each message and exit code is snapshotted, because
//! these are what users read when something goes wrong.

use std::time::Duration;

use stroom::SledStore;

use crate::{snap, Sandbox};

/// Runs `args` in English and in Dutch (`--lang nl`): both exit with `code`, both are
/// snapshotted (`NAME` and `NAME_nl`). A refused command changes nothing, so the second run
/// sees the same database.
fn both(sb: &Sandbox, name: &str, args: &[&str], code: i32) {
    let run = sb.run(args);
    assert_eq!(run.code, code, "{}", run.snapshot());
    snap!(name, sb, run.snapshot());
    let nl: Vec<&str> = ["--lang", "nl"].iter().chain(args).copied().collect();
    let run = sb.run(&nl);
    assert_eq!(run.code, code, "{}", run.snapshot());
    assert!(!run.stderr.contains("error:"), "{}", run.snapshot());
    snap!(format!("{name}_nl"), sb, run.snapshot());
}

/// A sandbox holding the LLO stroom, submitted ([`crate::llo::submitted`]).
fn submitted() -> Sandbox {
    let sb = Sandbox::new();
    crate::llo::submitted(&sb);
    sb
}

#[test]
fn unknown_route() {
    let sb = Sandbox::new();
    both(
        &sb,
        "unknown_route",
        &[
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
        ],
        2,
    );
}

#[test]
fn unknown_role() {
    let sb = submitted();
    both(
        &sb,
        "unknown_role",
        &[
            "approve",
            "41077000",
            "--role",
            "MFIN",
            "--version",
            "1",
            "--on",
            "2023-09-28",
        ],
        2,
    );
}

#[test]
fn malformed_role() {
    let sb = submitted();
    both(
        &sb,
        "malformed_role",
        &["approve", "41077000", "--role", "mocw", "--version", "1"],
        2,
    );
}

#[test]
fn unknown_stroom() {
    let sb = submitted();
    both(&sb, "unknown_stroom", &["show", "41077001"], 2);
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
    both(
        &sb,
        "approving_twice",
        &[
            "approve",
            "41077000",
            "--role",
            "MOCW",
            "--version",
            "1",
            "--on",
            "2023-09-29",
        ],
        3,
    );
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
    both(
        &sb,
        "approving_an_old_version",
        &[
            "approve",
            "41077000",
            "--role",
            "MPVO",
            "--version",
            "1",
            "--on",
            "2023-10-05",
        ],
        3,
    );
}

#[test]
fn command_not_allowed_now() {
    let sb = Sandbox::new();
    sb.new_llo();
    both(
        &sb,
        "command_not_allowed_now",
        &[
            "deliver",
            "41077000",
            "--slot",
            "2023-10-30",
            "--on",
            "2023-10-20",
        ],
        3,
    );
}

#[test]
fn sign_on_the_ministerraad_route() {
    let sb = submitted();
    both(
        &sb,
        "sign_on_the_ministerraad_route",
        &[
            "sign",
            "41077000",
            "--role",
            "MOCW",
            "--version",
            "1",
            "--on",
            "2023-10-02",
        ],
        3,
    );
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
    both(
        &sb,
        "terminal_state_rejects",
        &["submit", "41077000", "--on", "2023-09-29"],
        3,
    );
}

#[test]
fn malformed_date() {
    let sb = submitted();
    both(
        &sb,
        "malformed_date",
        &[
            "approve",
            "41077000",
            "--role",
            "MOCW",
            "--version",
            "1",
            "--on",
            "3-10-2023",
        ],
        2,
    );
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
    // A Dutch locale is enough for Dutch errors, even those of the argument parser.
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_stroom"));
    cmd.args(["--today", "2023-13-01", "list"])
        .env("STROOM_DB", sb.db())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "nl_NL.UTF-8");
    let run = crate::run(cmd, &["--today", "2023-13-01", "list"]);
    assert_eq!(run.code, 2);
    snap!("malformed_today_nl", sb, run.snapshot());
}

#[test]
fn date_after_today() {
    let sb = submitted();
    both(
        &sb,
        "date_after_today",
        &[
            "approve",
            "41077000",
            "--role",
            "MOCW",
            "--version",
            "1",
            "--on",
            "2023-11-14",
        ],
        2,
    );
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
    both(
        &sb,
        "malformed_route_file",
        &[
            "--routes",
            file.to_str().expect("utf-8 path"),
            "routes",
            "list",
        ],
        2,
    );
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
    both(
        &sb,
        "malformed_stroom_file",
        &["new", "--from", file.to_str().expect("utf-8 path")],
        2,
    );
}

#[test]
fn missing_stroom_file() {
    let sb = Sandbox::new();
    both(
        &sb,
        "missing_stroom_file",
        &["new", "--from", "examples/nope.toml"],
        2,
    );
}

#[test]
fn stroom_exists() {
    let sb = Sandbox::new();
    sb.new_llo();
    both(
        &sb,
        "stroom_exists",
        &[
            "new",
            "--from",
            "examples/llo-41077000.toml",
            "--on",
            "2023-09-27",
        ],
        4,
    );
}

#[test]
fn database_locked_by_another_process() {
    let sb = submitted();
    let _held = SledStore::open(&sb.db(), Duration::ZERO).expect("the test holds the database");
    both(
        &sb,
        "database_locked",
        &[
            "approve",
            "41077000",
            "--role",
            "MOCW",
            "--version",
            "1",
            "--on",
            "2023-09-28",
        ],
        4,
    );
}

#[test]
fn import_into_a_database_that_is_not_empty() {
    let sb = submitted();
    let file = sb.path().join("backup.jsonl");
    sb.run(&["export", file.to_str().expect("utf-8 path")]).ok();
    both(
        &sb,
        "import_not_empty",
        &["import", file.to_str().expect("utf-8 path")],
        4,
    );
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
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(
        &crate::regex_escape(&sb.path().display().to_string()),
        "[EXPORT-DIR]",
    );
    settings.bind(|| {
        both(
            &fresh,
            "import_line_does_not_parse",
            &["import", file.to_str().expect("utf-8 path")],
            2,
        )
    });
}

#[test]
fn bad_flags() {
    let sb = Sandbox::new();
    both(
        &sb,
        "approve_without_version",
        &["approve", "41077000", "--role", "MOCW"],
        2,
    );
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
    // A command that reads sled's files (reading commands read the anchor journal, whose
    // lines carry their own schema version); verify reads a copy, so the test's own sled
    // handle, still closing, cannot hold it up.
    both(&sb, "database_newer_format", &["verify"], 4);
    // Nothing was rewritten: the format stays as the newer stroom left it.
    let db = sled::open(sb.db()).expect("the test opens the database again");
    let meta = db.open_tree("meta").expect("meta tree");
    assert_eq!(
        meta.get("format").expect("read").as_deref(),
        Some(&b"2"[..])
    );
}

/// clap's refusals of the command line, in Dutch: every kind a user can provoke (an
/// unknown argument or command, a bad or missing value, a conflict, missing arguments, an
/// argument that is no UTF-8). No English words, exit 2.
#[test]
fn command_line_refusals_in_dutch() {
    use std::os::unix::ffi::OsStrExt as _;
    let sb = Sandbox::new();
    let cases: &[&[&str]] = &[
        &["plan", "--bogus"],
        &["bogus"],
        &["list", "--format", "xml"],
        &["plan", "--example", "llo", "--route", "ministerraad"],
        &["new", "--from"],
        &["approve"],
        &["list", "extra"],
        &["list", "--lang", "de"],
        &["plan", "--example", "llo", "--approval-days", "\u{ff}"],
        &["list", "\u{ff}"],
    ];
    let mut all = String::new();
    for case in cases {
        let mut cmd = sb.command(&["--lang", "nl"]);
        for a in *case {
            // `\u{ff}` stands for the byte 0xff: an argument that is no UTF-8.
            if *a == "\u{ff}" {
                cmd.arg(std::ffi::OsStr::from_bytes(b"\xff"));
            } else {
                cmd.arg(a);
            }
        }
        let run = crate::run(cmd, case);
        let english = crate::record_catalogue::english_in(&run.stderr);
        assert_eq!(run.code, 2, "{}", run.snapshot());
        assert!(
            english.is_empty()
                && !run.stderr.contains("error:")
                && run.stderr.starts_with("fout: "),
            "English {english:?}: {}",
            run.snapshot()
        );
        all.push_str(&format!(
            "$ stroom --lang nl {}\n{}\n",
            run.line, run.stderr
        ));
    }
    snap!("command_line_refusals_nl", sb, all);
}
