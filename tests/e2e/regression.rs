//! Regression tests: behaviour that once broke or is easy to break.

use crate::{snap, Sandbox};

/// A comment with line breaks would forge rows in the one-event-per-line audit table: it
/// is refused before anything is stored (`log` escapes what older trails may hold).
#[test]
fn multi_line_comment_is_refused() {
    let sb = Sandbox::new();
    sb.new_llo();
    sb.run(&["submit", "41077000", "--on", "2023-09-27"]).ok();
    let before = sb.run(&["export"]).ok().stdout;
    snap!(
        "multi_line_comment",
        sb,
        sb.run(&[
            "return",
            "41077000",
            "--role",
            "MPVO",
            "--version",
            "1",
            "--on",
            "2023-09-28",
            "--comment",
            "korter\nen kernachtiger",
        ])
        .snapshot()
    );
    assert_eq!(
        sb.run(&["export"]).ok().stdout,
        before,
        "nothing was stored"
    );
}

/// `--on` defaults to `--today`; a non-role verb records the optional `--role`.
#[test]
fn on_defaults_to_today_and_role_is_recorded() {
    let sb = Sandbox::new();
    sb.new_llo();
    sb.run(&[
        "withdraw",
        "41077000",
        "--role",
        "MSZW",
        "--comment",
        "opgegaan in andere brief",
    ])
    .ok();
    let log = sb.run(&["log", "41077000", "--format", "json"]).ok().json();
    assert_eq!(log[1]["event"]["on"], sb.today);
    assert_eq!(log[1]["role"], "MSZW");
    assert_eq!(log[1]["comment"], "opgegaan in andere brief");
}

/// An empty database lists nothing on stdout and says so on stderr.
#[test]
fn empty_database() {
    let sb = Sandbox::new();
    sb.run(&["init"]).ok();
    snap!("empty_list", sb, sb.run(&["list"]).snapshot());
    snap!("empty_verify", sb, sb.run(&["verify"]).snapshot());
}

/// A stroom file ending in `title = ` once printed "f.toml:2:9: " and nothing else: the
/// TOML parser gives no message for a key without a value.
#[test]
fn key_without_value_has_a_message() {
    let sb = Sandbox::new();
    let file = sb.path().join("f.toml");
    std::fs::write(&file, "reference = \"1\"\ntitle = ").expect("written");
    let run = sb.run(&["new", "--from", file.to_str().expect("utf-8 path")]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    snap!("key_without_value", sb, run.snapshot());
}
