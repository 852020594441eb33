//! `stroom`: the command-line skin over the engine.
//!
//! Parse (`args.rs`) → resolve (`settings.rs`) → execute one engine function
//! (`commands/`) → render (`render.rs`). stdout carries data only; messages and
//! diagnostics go to stderr. No colour is ever written, so `NO_COLOR` holds trivially.

mod args;
mod client;
mod commands;
mod output;
mod progress;
mod recur;
mod render;
mod schedule;
mod server_url;
mod settings;

use std::io::Write as _;

/// The documented exit codes of `stroom`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitCode {
    /// Success.
    Ok = 0,
    /// An unexpected failure (I/O, a bug).
    Failure = 1,
    /// Usage or bad input: bad flags, a malformed date or file, an unknown route, role or stroom.
    Usage = 2,
    /// The state machine rejected the command.
    Rejected = 3,
    /// A database problem: locked, another format version, a conflicting writer, already exists,
    /// a full or failing disk.
    Database = 4,
    /// Verification failed: a tampered trail, or an import that does not verify.
    Verification = 5,
    /// Client mode (`--server`): not logged in, or the user lacks the grant.
    Denied = 6,
}

impl ExitCode {
    /// Every exit code, in order.
    pub const ALL: [ExitCode; 7] = [
        ExitCode::Ok,
        ExitCode::Failure,
        ExitCode::Usage,
        ExitCode::Rejected,
        ExitCode::Database,
        ExitCode::Verification,
        ExitCode::Denied,
    ];

    /// What the code means, for `--help`.
    pub fn meaning(self) -> &'static str {
        match self {
            ExitCode::Ok => "success",
            ExitCode::Failure => "unexpected failure",
            ExitCode::Usage => {
                "usage or bad input (bad flags, malformed date or file, unknown route, role or stroom)"
            }
            ExitCode::Rejected => "command rejected by the state machine (not allowed now)",
            ExitCode::Database => {
                "database problem (locked, format version, conflict, exists, disk error; server unreachable)"
            }
            ExitCode::Verification => "verification failed (tampered trail, import that does not verify)",
            ExitCode::Denied => "with --server: not logged in, or the user lacks the grant",
        }
    }
}

/// Bad input found by the CLI itself (exit 2). The message follows the engine's style.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// A failed verification (exit 5).
#[derive(Debug)]
pub struct VerificationError(pub String);

impl std::fmt::Display for VerificationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for VerificationError {}

/// The exit code an error deserves.
fn classify(err: &anyhow::Error) -> ExitCode {
    use stroom::{Error, StoreError};
    let store = |e: &StoreError| match e {
        StoreError::Corrupt(_) | StoreError::Diverged { .. } | StoreError::AnchorCorrupt { .. } => {
            ExitCode::Verification
        }
        StoreError::Locked { .. }
        | StoreError::Format { .. }
        | StoreError::Conflict { .. }
        | StoreError::Exists { .. }
        | StoreError::NotEmpty { .. }
        | StoreError::Missing { .. }
        | StoreError::NotADatabase { .. }
        | StoreError::Io { .. }
        | StoreError::Commit { .. }
        | StoreError::Sled { .. }
        | StoreError::Unresponsive { .. } => ExitCode::Database,
    };
    for cause in err.chain() {
        // The server said which exit code the same failure has locally.
        if let Some(e) = cause.downcast_ref::<client::RemoteError>() {
            return e.exit;
        }
        if let Some(e) = cause.downcast_ref::<Error>() {
            return match e {
                Error::Calendar(_)
                | Error::Data(_)
                | Error::NotFound { .. }
                | Error::Input(_)
                | Error::Plan(_) => ExitCode::Usage,
                Error::Rejected(_) => ExitCode::Rejected,
                Error::Store(s) => store(s),
                Error::Tampered { .. } => ExitCode::Verification,
            };
        }
        if let Some(s) = cause.downcast_ref::<StoreError>() {
            return store(s);
        }
        // Werkdag arithmetic and calendar questions are about the input: bad input.
        if cause.is::<stroom::CalendarError>()
            || cause.is::<stroom::DataError>()
            || cause.is::<stroom::BadInput>()
            || cause.is::<stroom::PlanError>()
        {
            return ExitCode::Usage;
        }
        if cause.is::<stroom::Rejection>() {
            return ExitCode::Rejected;
        }
        if let Some(c) = cause.downcast_ref::<stroom_render::client::Connection>() {
            use stroom_render::client::Connection as C;
            return match c {
                C::NotAServerUrl { .. } | C::NotATokensFile { .. } => ExitCode::Usage,
                C::NotLoggedIn { .. } => ExitCode::Denied,
                C::Unreachable { .. } => ExitCode::Database,
                C::UnexpectedStatus { .. }
                | C::BrokeOff { .. }
                | C::UnexpectedAnswer { .. }
                | C::CannotStart { .. } => ExitCode::Failure,
            };
        }
        if let Some(p) = cause.downcast_ref::<stroom_render::cli::Problem>() {
            use stroom_render::cli::Problem as P;
            // The server's address or I/O failing, or an installation without its
            // recurrence expander, is no bad input.
            return match p {
                P::CannotListen { .. }
                | P::ServerFailed { .. }
                | P::RecurrenceProgramMissing { .. }
                | P::RecurrenceProgramFailed { .. } => ExitCode::Failure,
                _ => ExitCode::Usage,
            };
        }
        if cause.is::<UsageError>()
            || cause.is::<stroom_render::model::ModelProblem>()
            || cause.is::<stroom_render::schedule::ScheduleError>()
        {
            return ExitCode::Usage;
        }
        if cause.is::<VerificationError>() {
            return ExitCode::Verification;
        }
        if let Some(f) = cause.downcast_ref::<stroom_render::cli::Failed>() {
            return if f.malformed() {
                ExitCode::Usage
            } else {
                ExitCode::Verification
            };
        }
    }
    ExitCode::Failure
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn init_tracing(verbose: u8) {
    let level = match verbose {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    // -v is about stroom itself (the binary and the engine share the target `stroom`);
    // sled's own debug output is only for RUST_LOG.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!("warn,sled=off,stroom={level}"))
    });
    let fmt = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(filter);
    if verbose == 0 {
        // Warnings people read: "WARN the disk reported …", no clock or module path.
        fmt.without_time().with_target(false).init();
    } else {
        fmt.init();
    }
}

/// A panic on the main thread (a bug, or sled failing inside): its message and place.
static PANIC: std::sync::Mutex<Option<(String, String)>> = std::sync::Mutex::new(None);

/// A panic caught at the top, as an error for people (exit 1).
#[derive(Debug)]
struct Panicked {
    message: String,
    place: String,
}

impl std::fmt::Display for Panicked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(stroom_render::Lang::En))
    }
}

impl Panicked {
    /// The panic for people, in `lang`.
    fn text(&self, lang: stroom_render::Lang) -> String {
        let sled = self.place.contains("/sled-");
        let message = if sled {
            stroom::store::clean_panic(&self.message)
        } else {
            self.message.clone()
        };
        stroom_render::cli::panicked(lang, &message, &self.place, sled)
    }
}

impl std::error::Error for Panicked {}

fn panicked() -> Panicked {
    let (message, place) = PANIC
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take()
        .unwrap_or_else(|| ("no message".to_string(), "an unknown place".to_string()));
    Panicked { message, place }
}

/// Panics on the main thread are kept for the error line instead of Rust's raw text (the
/// engine turns sled's own panics into errors; what is left is printed by `main`). Other
/// threads (the server's) keep the default report; `RUST_BACKTRACE` keeps it everywhere.
fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let on_main = std::thread::current().name() == Some("main");
        if !on_main || std::env::var_os("RUST_BACKTRACE").is_some() {
            default(info);
        }
        if on_main {
            let payload = info.payload();
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_string()))
                .unwrap_or_else(|| "no message".to_string());
            let place = info
                .location()
                .map_or_else(String::new, |l| format!("{}:{}", l.file(), l.line()));
            *PANIC
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some((message, place));
        }
    }));
}

fn main() -> std::process::ExitCode {
    // clap reports its own usage errors with exit code 2 (ExitCode::Usage); in Dutch, they
    // are rendered here.
    let lang = args::help_lang();
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut command = args::command_for(lang, argv.get(1..));
    let parsed = command.try_get_matches_from_mut(argv);
    // The tree of every subcommand with its arguments and help is not needed once parsed;
    // freeing it piece by piece costs more instructions than the rest of `--version`'s
    // own work (DESIGN.md, Speed), so the process leaves it to the OS when it exits.
    std::mem::forget(command);
    let matches = match parsed {
        Ok(m) => m,
        Err(e) if lang == stroom_render::Lang::Nl => {
            if let Some(text) = render::clap_help_nl(&e) {
                // Help asked for goes to stdout; help instead of a missing subcommand is
                // a usage error.
                return if e.use_stderr() {
                    let _ = write!(std::io::stderr(), "{text}");
                    std::process::ExitCode::from(ExitCode::Usage as u8)
                } else {
                    let _ = write!(std::io::stdout(), "{text}");
                    std::process::ExitCode::from(ExitCode::Ok as u8)
                };
            }
            match render::clap_error_nl(&e) {
                Some(text) => {
                    let _ = writeln!(std::io::stderr(), "{text}");
                    return std::process::ExitCode::from(ExitCode::Usage as u8);
                }
                None => e.exit(),
            }
        }
        Err(e) => e.exit(),
    };
    let cli = match <args::Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) if lang == stroom_render::Lang::Nl => match render::clap_error_nl(&e) {
            Some(text) => {
                let _ = writeln!(std::io::stderr(), "{text}");
                return std::process::ExitCode::from(ExitCode::Usage as u8);
            }
            None => e.exit(),
        },
        Err(e) => e.exit(),
    };
    if let Some(result) = commands::meta::run(
        &cli.command,
        cli.global.format,
        settings::lang(cli.global.lang),
    ) {
        return match result {
            Ok(()) => std::process::ExitCode::from(ExitCode::Ok as u8),
            Err(err) if is_broken_pipe(&err) => std::process::ExitCode::from(ExitCode::Ok as u8),
            Err(err) => {
                let lang = settings::lang(cli.global.lang);
                let _ = writeln!(std::io::stderr(), "{}", render::error_report(lang, &err));
                std::process::ExitCode::from(classify(&err) as u8)
            }
        };
    }
    let lang = settings::lang(cli.global.lang);
    // The server logs every request (info); other commands stay quiet unless asked.
    let verbose = match cli.command {
        args::Command::Serve(_) => cli.global.verbose.max(1),
        _ => cli.global.verbose,
    };
    init_tracing(verbose);
    install_panic_hook();
    let result = std::panic::catch_unwind(move || {
        settings::Settings::resolve(cli.global)
            .and_then(|settings| commands::run(cli.command, settings))
    })
    .unwrap_or_else(|_| Err(anyhow::Error::msg(panicked().text(lang))));
    match result {
        Ok(()) => std::process::ExitCode::from(ExitCode::Ok as u8),
        Err(err) if is_broken_pipe(&err) => std::process::ExitCode::from(ExitCode::Ok as u8),
        Err(err) => {
            let code = classify(&err);
            let mut stderr = std::io::stderr().lock();
            // The engine's errors are rendered in the chosen language, with their hints.
            let _ = writeln!(stderr, "{}", render::error_report(lang, &err));
            tracing::debug!(?code, "exiting");
            std::process::ExitCode::from(code as u8)
        }
    }
}
