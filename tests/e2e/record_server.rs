//! The trail of a server checked from outside it: `stroom key --server URL` prints the
//! server's public key, and `stroom verify --server URL --trust KEY` checks every record of
//! the server's export against a key kept elsewhere.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

use crate::{run, Run, Sandbox};

/// Starts `stroom serve` on a free port; returns the process and its base URL.
pub(crate) fn serve(sb: &Sandbox) -> (Child, String) {
    serve_with(sb, |_| {})
}

/// [`serve`], with the server's command adjusted first (an environment variable, say).
pub(crate) fn serve_with(
    sb: &Sandbox,
    adjust: impl FnOnce(&mut std::process::Command),
) -> (Child, String) {
    match try_serve_with(sb, adjust) {
        Ok(served) => served,
        Err(stderr) => panic!("stroom serve did not start:\n{stderr}"),
    }
}

/// [`serve_with`] for a server that may fail to start: its stderr when it does.
pub(crate) fn try_serve_with(
    sb: &Sandbox,
    adjust: impl FnOnce(&mut std::process::Command),
) -> Result<(Child, String), String> {
    let mut cmd = sb.command(&["serve", "--listen", "127.0.0.1:0"]);
    adjust(&mut cmd);
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("stroom serve starts");
    let stderr = child.stderr.take().expect("stderr is piped");
    let mut lines = BufReader::new(stderr).lines();
    let mut said = String::new();
    let base = loop {
        let Some(Ok(line)) = lines.next() else {
            child.wait().expect("the server is gone");
            return Err(said);
        };
        if let Some(rest) = line.split(" on http://").nth(1) {
            break format!("http://{}", rest.split(' ').next().unwrap_or_default());
        }
        said.push_str(&line);
        said.push('\n');
    };
    std::thread::spawn(move || for _ in lines {});
    Ok((child, base))
}

/// `stroom ARGS` as user `name` of the server at `base` (logged in with `password`).
pub(crate) fn as_user(sb: &Sandbox, base: &str, name: &str, args: &[&str]) -> Run {
    let mut cmd = sb.command(args);
    cmd.env("STROOM_SERVER", base)
        .env("XDG_CONFIG_HOME", sb.path().join(format!("config-{name}")))
        .env_remove("STROOM_TOKEN")
        .env("STROOM_PASSWORD", format!("{name}-password"));
    run(cmd, args)
}

pub(crate) fn add_user(sb: &Sandbox, name: &str, grant: &str) {
    let mut cmd = sb.command(&["users", "add", name, "--grant", grant]);
    cmd.env("STROOM_PASSWORD", format!("{name}-password"));
    run(cmd, &["users", "add", name]).ok();
}

#[test]
fn the_servers_trail_verifies_against_its_key_kept_elsewhere() {
    let sb = Sandbox::new();
    sb.new_llo();
    sb.run(&["submit", "41077000", "--on", "2023-09-27"]).ok();
    // The key as the database's owner reads it locally, before the server runs.
    let key = sb.run(&["key"]).ok().stdout.trim().to_string();
    let other = Sandbox::new();
    other.new_llo();
    let other_key = other.run(&["key"]).ok().stdout.trim().to_string();
    add_user(&sb, "anna", "auditor");
    add_user(&sb, "piet", "planner");
    let (mut server, base) = serve(&sb);

    for name in ["anna", "piet"] {
        as_user(&sb, &base, name, &["login", name]).ok();
    }
    // A record written by the server: signed with the same key.
    as_user(
        &sb,
        &base,
        "piet",
        &[
            "new",
            "--from",
            "examples/werkagenda-mbo-49418286.toml",
            "--on",
            "2023-10-02",
        ],
    )
    .ok();

    let served = as_user(&sb, &base, "anna", &["key"]).ok();
    assert_eq!(served.stdout.trim(), key, "{}", served.snapshot());
    assert!(
        served.stderr.contains("the server's key"),
        "{}",
        served.stderr
    );
    let json = as_user(&sb, &base, "anna", &["key", "--format", "json"])
        .ok()
        .json();
    assert_eq!(json["public-key"], key.as_str(), "{json}");

    let trusted = as_user(&sb, &base, "anna", &["verify", "--trust", &key]).ok();
    assert!(
        trusted
            .stderr
            .contains("verified 2 strooms, 3 events: every chain is intact")
            && trusted
                .stderr
                .contains("every event is signed by the trusted key"),
        "{}",
        trusted.snapshot()
    );
    // Another database's key: the first record not signed by it is named.
    let refused = as_user(&sb, &base, "anna", &["verify", "--trust", &other_key]);
    assert_eq!(refused.code, 5, "{}", refused.snapshot());
    assert!(
        refused.stderr.contains("event 1") && refused.stderr.contains("not by the trusted key"),
        "{}",
        refused.stderr
    );

    server.kill().expect("stop the server");
    server.wait().expect("the server is gone");
}
