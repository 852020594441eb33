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
    let log = &log["events"];
    assert_eq!(log[1]["on"], sb.today);
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

/// The README's recording walk-through, run line by line exactly as written, in a fresh
/// directory: every line succeeds and the stroom ends sent. (It once broke silently when the
/// trail came to be kept in date order.)
#[test]
fn readme_recording_walkthrough_runs_as_written() {
    let readme = std::fs::read_to_string(crate::repo().join("README.md")).expect("README.md");
    let section = readme
        .split("## Recording and auditing")
        .nth(1)
        .expect("README has a '## Recording and auditing' section");
    let block = section
        .split("```sh")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("the section starts with a sh block");
    let lines: Vec<&str> = block
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("stroom ") || l.starts_with("for "))
        .collect();
    assert!(
        lines.len() >= 10,
        "the walk-through has its commands: {lines:?}"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink(crate::repo().join("examples"), dir.path().join("examples"))
        .expect("link examples");
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_stroom"))
        .parent()
        .expect("binary folder")
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = |line: &str| {
        std::process::Command::new("bash")
            .args(["-c", line])
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("STROOM_DB", dir.path().join("db"))
            .env("STROOM_ACTOR", "readme")
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
            .expect("run bash")
    };
    for line in &lines {
        let out = run(line);
        assert!(
            out.status.success(),
            "README line failed: {line}\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let show = run("stroom show 41077000");
    let show = String::from_utf8_lossy(&show.stdout);
    assert!(
        show.contains("verzonden"),
        "the walk-through ends sent:\n{show}"
    );
    let fresh = run("stroom --db fresh-db show 41077000");
    assert!(fresh.status.success(), "the imported copy opens");
}
