//! End-to-end tests: the real `stroom` binary in a temporary directory, with a fixed
//! `--today` and actor. Snapshots hold exit code, stdout and stderr; recorded-at times,
//! hashes and the temporary path are redacted.

mod calendars;
mod errors;
mod foundation;
mod json_contract;
mod llo;
mod outputs;
mod planning;
mod record;
mod record_catalogue;
mod record_crash;
mod record_disk;
mod record_hang;
mod record_seal;
mod record_server;
mod record_tamper;
mod regression;
mod server;

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// The repository root (the examples live there).
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One test's world: a temporary directory holding the database.
pub struct Sandbox {
    dir: TempDir,
    /// The `--today` passed to every command.
    pub today: &'static str,
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The command line, as a user would type it (without the sandbox flags).
    pub line: String,
    /// The exit code.
    pub code: i32,
    /// stdout.
    pub stdout: String,
    /// stderr.
    pub stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr, for a snapshot.
    pub fn snapshot(&self) -> String {
        format!(
            "exit: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// The command line and its stdout, for a transcript.
    pub fn transcript(&self) -> String {
        format!("$ stroom {}\n{}", self.line, self.stdout)
    }

    /// Asserts success and returns the run.
    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code,
            0,
            "stroom {} failed:\n{}",
            self.line,
            self.snapshot()
        );
        self
    }

    /// stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        match serde_json::from_str(&self.stdout) {
            Ok(v) => v,
            Err(e) => panic!(
                "stroom {}: stdout is not JSON ({e}):\n{}",
                self.line, self.stdout
            ),
        }
    }
}

impl Default for Sandbox {
    /// A fresh sandbox; "today" is the day the LLO letter was sent.
    fn default() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("a temporary directory"),
            today: "2023-11-13",
        }
    }
}

impl Sandbox {
    /// A fresh sandbox.
    pub fn new() -> Sandbox {
        Sandbox::default()
    }

    /// The temporary directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The database directory.
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("db")
    }

    /// The binary with the sandbox's database, today, actor and environment.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_stroom"));
        cmd.current_dir(repo())
            .env_remove("STROOM_DB")
            .env_remove("RUST_LOG")
            .env_remove("STROOM_SLED_LAG")
            .env_remove("LC_ALL")
            .env_remove("COLUMNS")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .env("STROOM_ACTOR", "planner-mbo")
            .env("STROOM_LOCK_WAIT_MS", "0")
            .env("NO_COLOR", "1")
            .arg("--db")
            .arg(self.db())
            .arg("--today")
            .arg(self.today)
            .args(args);
        cmd
    }

    /// Runs the binary.
    pub fn run(&self, args: &[&str]) -> Run {
        run(self.command(args), args)
    }

    /// Registers the LLO stroom from the example file.
    pub fn new_llo(&self) -> Run {
        self.run(&[
            "new",
            "--from",
            "examples/llo-41077000.toml",
            "--on",
            "2023-09-27",
        ])
        .ok()
    }
}

/// Runs a prepared command.
pub fn run(mut cmd: Command, args: &[&str]) -> Run {
    let out = cmd.output().expect("the stroom binary runs");
    Run {
        line: args.iter().map(|a| quote(a)).collect::<Vec<_>>().join(" "),
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Quotes an argument as a shell would need it.
fn quote(a: &str) -> String {
    if a.is_empty() || a.contains(|c: char| c.is_whitespace() || "'\"$;&|".contains(c)) {
        format!("'{}'", a.replace('\'', "'\\''"))
    } else {
        a.to_string()
    }
}

/// Snapshot with the volatile parts redacted: recorded-at times (kept at their width so
/// tables stay aligned), hashes, and the temporary directory.
#[macro_export]
macro_rules! snap {
    ($name:expr, $sandbox:expr, $value:expr) => {{
        let tmp = $crate::regex_escape(&$sandbox.path().display().to_string());
        let mut settings = insta::Settings::clone_current();
        settings.add_filter(&tmp, "[TMP]");
        settings.add_filter(
            r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z",
            "[recorded-at]       ",
        );
        settings.add_filter(r"\b[0-9a-f]{64}\b", "[hash]");
        // Signing-key fingerprints: 16 groups of 4 hex digits.
        settings.add_filter(r"\b[0-9a-f]{4}( [0-9a-f]{4}){15}\b", "[fingerprint]");
        settings.add_filter(r"\b[0-9a-f]{12}\b", "[short-hash]");
        settings.bind(|| insta::assert_snapshot!($name, $value));
    }};
}

/// Escapes a literal for use in an insta filter.
pub fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
