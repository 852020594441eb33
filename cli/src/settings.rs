//! Resolve: turn the global options, the environment and the clock into settings.
//! This is the only place that reads the environment or the clock.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;
use jiff::civil::Date;
use stroom::store::{Access, Repair, SLED_LAG_BOUND};
use stroom::{Calendars, Route, Routes, SledStore};

use crate::args::{Format, GlobalArgs, LangArg};
use stroom_render::cli::{FileKind, Note, Problem};

/// How long to wait for a database another process holds, unless `STROOM_LOCK_WAIT_MS` says.
const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(10);

/// Everything a command needs besides its own arguments.
#[derive(Debug)]
pub struct Settings {
    /// The database directory.
    pub db: PathBuf,
    /// Who records events.
    pub actor: String,
    /// The embedded routes plus the user's route files.
    pub routes: Routes,
    /// The embedded calendars plus the user's calendar files.
    pub calendars: Calendars,
    /// Where `calendar import` writes and every command reads imported calendar files:
    /// the folder `calendars` beside the database.
    pub calendars_dir: PathBuf,
    /// How to report.
    pub format: Format,
    /// Today's date (the engine never reads the clock).
    pub today: Date,
    /// `--today` as given: the server reads the clock per request unless it is set.
    pub today_override: Option<Date>,
    /// How long to wait for a locked database.
    pub lock_wait: Duration,
    /// The language of human output.
    pub lang: stroom_render::Lang,
    /// The server to run against (`--server`, `STROOM_SERVER`) instead of the local database.
    pub server: Option<crate::client::Remote>,
    /// The OS user (`USER`, `USERNAME`): the default name of `stroom login`.
    pub os_user: Option<String>,
    /// This computer's name (`HOSTNAME`), for the label of a login's token.
    pub host: Option<String>,
}

impl Settings {
    /// Resolves the global options.
    ///
    /// # Errors
    /// A route file that cannot be read or does not parse, or a bad `STROOM_LOCK_WAIT_MS`.
    pub fn resolve(args: GlobalArgs) -> Result<Settings> {
        // Destructured exhaustively: a new option cannot be silently ignored.
        let GlobalArgs {
            db,
            actor,
            calendars: calendar_files,
            routes: route_files,
            format,
            today,
            lang,
            server,
            verbose: _,
        } = args;
        // Tables fit the terminal when it says how wide it is.
        if let Some(columns) = env_var("COLUMNS").and_then(|c| c.trim().parse::<usize>().ok()) {
            crate::render::set_width(columns);
        }
        let lang = self::lang(lang);
        let db = match db.or_else(|| env_var("STROOM_DB").map(PathBuf::from)) {
            Some(db) => db,
            None => dirs::data_dir()
                .ok_or(Problem::NoDataDirectory)?
                .join("stroom")
                .join("db"),
        };
        let tokens_file = dirs::config_dir().map(|d| d.join("stroom").join("tokens.json"));
        let server = match server.or_else(|| env_var("STROOM_SERVER")) {
            None => None,
            Some(text) => {
                if actor.is_some() {
                    return Err(Problem::ActorWithServer.into());
                }
                let url = crate::client::parse_url(&text)?;
                let mut remote = crate::client::Remote {
                    url,
                    token: None,
                    tokens_file: tokens_file.clone(),
                };
                remote.token = match env_var("STROOM_TOKEN") {
                    Some(t) => Some(t.trim().to_string()),
                    None => match &tokens_file {
                        Some(file) => crate::client::saved_token(file, &remote.name())?,
                        None => None,
                    },
                };
                Some(remote)
            }
        };
        let actor = actor
            .filter(|a| !a.trim().is_empty())
            .or_else(|| env_var("STROOM_ACTOR"))
            .or_else(|| env_var("USER"))
            .or_else(|| env_var("USERNAME"))
            .unwrap_or_else(|| "unknown".to_string());
        let mut routes = Routes::embedded()?;
        for file in &route_files {
            let route = read_route(file)?;
            // A file that redefines a known route must keep its shape: a "ministerraad"
            // without voorportaal and MR would let its strooms skip both.
            if let Ok(known) = routes.get(&route.name) {
                if known.kind() != route.kind() {
                    return Err(stroom::Error::Data(stroom::DataError::problem(
                        &file.display().to_string(),
                        "",
                        None,
                        stroom::DataProblem::RouteKindChanged {
                            route: route.name.clone(),
                            known: known.kind(),
                            file: route.kind(),
                        },
                    ))
                    .into());
                }
            }
            routes.add(route);
        }
        let mut calendars = Calendars::embedded()?;
        let calendars_dir = calendars_dir(&db);
        for file in imported_calendars(&calendars_dir)? {
            let text = read_text(FileKind::Calendar, &file)?;
            calendars.add_file(&file.display().to_string(), &text)?;
        }
        for file in &calendar_files {
            let text = read_text(FileKind::Calendar, file)?;
            calendars.add_file(&file.display().to_string(), &text)?;
        }
        for w in calendars.warnings() {
            crate::render::note(&format!(
                "{} {}",
                stroom_render::text::words(lang).warning,
                stroom_render::reports::file_warning(lang, w)
            ));
        }
        let today_override = today;
        let today = today.unwrap_or_else(local_today);
        let lock_wait = match std::env::var("STROOM_LOCK_WAIT_MS") {
            Ok(ms) => Duration::from_millis(ms.trim().parse().map_err(|_| {
                Problem::LockWaitNotANumber {
                    value: ms.to_string(),
                }
            })?),
            Err(_) => DEFAULT_LOCK_WAIT,
        };
        tracing::debug!(db = %db.display(), %actor, %today, ?lock_wait, "settings");
        Ok(Settings {
            db,
            actor,
            routes,
            calendars,
            calendars_dir,
            format,
            today,
            today_override,
            lock_wait,
            lang,
            server,
            os_user: env_var("USER").or_else(|| env_var("USERNAME")),
            host: env_var("HOSTNAME").or_else(|| {
                std::fs::read_to_string("/etc/hostname")
                    .ok()
                    .map(|h| h.trim().to_string())
                    .filter(|h| !h.is_empty())
            }),
        })
    }

    /// The messages of the chosen language.
    pub fn messages(&self) -> &'static dyn crate::render::Messages {
        crate::render::messages(self.lang)
    }

    /// Opens (creating if needed) the database for a command that writes, telling the
    /// user what it waits for and what it repaired.
    ///
    /// # Errors
    /// A path that is not a stroom database, a locked database, another format version,
    /// or I/O failure.
    pub fn open_store(&self) -> Result<SledStore> {
        tracing::debug!(db = %self.db.display(), "opening database for writing");
        let opened = SledStore::open_write_with(
            &self.db,
            Access::Create,
            self.lock_wait,
            &mut || self.waiting(),
            &writer_options(None),
        )?;
        Ok(writer(self.lang, opened))
    }

    /// Opens the database for a command that records one command (`new`, `approve`, …):
    /// the anchor journal alone while sled lags it by at most [`SLED_LAG_BOUND`] bytes
    /// (`STROOM_SLED_LAG=BYTES` sets another bound; `0` brings sled up to date at every
    /// command), else as [`Settings::open_store`] (see DESIGN.md, "When does sled catch
    /// up?").
    ///
    /// # Errors
    /// As [`Settings::open_store`].
    pub fn record_store(&self) -> Result<SledStore> {
        self.record_store_with(None)
    }

    /// [`Settings::record_store`] for a command that records for one stroom (`approve`,
    /// `correct`, …): only its lines of the anchor journal are kept in memory (asking the
    /// store about another stroom reads the rest then).
    ///
    /// # Errors
    /// As [`Settings::open_store`].
    pub fn record_store_for(&self, reference: &str) -> Result<SledStore> {
        self.record_store_with(Some(reference))
    }

    fn record_store_with(&self, focus: Option<&str>) -> Result<SledStore> {
        tracing::debug!(db = %self.db.display(), "opening database for recording");
        let opened = SledStore::open_record(
            &self.db,
            Access::Create,
            self.lock_wait,
            &mut || self.waiting(),
            &stroom::store::Options {
                focus: focus.map(|r| vec![r.to_string()]),
                ..writer_options(Some(sled_lag_bound()))
            },
        )?;
        Ok(writer(self.lang, opened))
    }

    /// Opens the database for a command that only reads: the anchor journal, read into
    /// memory, so nothing is written to the database and a missing one is not created.
    ///
    /// # Errors
    /// A missing database, a path that is not a stroom database, a lock held past the
    /// wait, or I/O failure.
    pub fn read_store(&self) -> Result<SledStore> {
        self.read_store_with(None)
    }

    /// [`Settings::read_store`] for a command about one stroom (`show`, `log`, `plan REF`):
    /// only its lines of the anchor journal are kept in memory (asking the store about
    /// another stroom, or for the list, reads the rest then).
    ///
    /// # Errors
    /// As [`Settings::read_store`].
    pub fn read_store_for(&self, reference: &str) -> Result<SledStore> {
        self.read_store_with(Some(reference))
    }

    /// [`Settings::read_store`] for a command that loads every stroom's state
    /// (`portfolio`): each trail is read and checked in the one pass over the anchor
    /// journal, which is not held in memory (`Options::every_trail`).
    ///
    /// # Errors
    /// As [`Settings::read_store`].
    pub fn read_store_every_trail(&self) -> Result<SledStore> {
        self.read_store_options(&stroom::store::Options {
            every_trail: true,
            ..disk_options()
        })
    }

    fn read_store_with(&self, focus: Option<&str>) -> Result<SledStore> {
        self.read_store_options(&stroom::store::Options {
            focus: focus.map(|r| vec![r.to_string()]),
            ..disk_options()
        })
    }

    fn read_store_options(&self, options: &stroom::store::Options) -> Result<SledStore> {
        tracing::debug!(db = %self.db.display(), "opening database for reading");
        let (store, repairs) =
            SledStore::open_read_with(&self.db, self.lock_wait, &mut || self.waiting(), options)?;
        report_repairs(self.lang, &repairs);
        Ok(store)
    }

    /// Opens the database for `verify`, `export` and `key`: a private copy of sled,
    /// compared with the whole anchor journal, so nothing is written to the database.
    ///
    /// # Errors
    /// As [`Settings::read_store`].
    pub fn audit_store(&self) -> Result<SledStore> {
        tracing::debug!(db = %self.db.display(), "opening database for auditing");
        let (store, repairs) = SledStore::open_audit_with(
            &self.db,
            self.lock_wait,
            &mut || self.waiting(),
            &disk_options(),
        )?;
        report_repairs(self.lang, &repairs);
        Ok(store)
    }

    fn waiting(&self) {
        crate::render::say(
            self.lang,
            &Note::WaitingForLock {
                db: self.db.display().to_string(),
                seconds: self.lock_wait.as_secs(),
            },
        );
    }

    /// The day a recording command acts on: the one given, or today with a note on stderr
    /// saying so (the engine checks every date rule itself).
    pub fn domain_date(&self, on: Option<Date>) -> Date {
        on.unwrap_or_else(|| {
            crate::render::say(self.lang, &Note::RecordingAsOfToday { today: self.today });
            self.today
        })
    }
}

/// The folder of imported calendar files: `calendars` beside the database directory.
pub fn calendars_dir(db: &Path) -> PathBuf {
    db.parent()
        .map_or_else(|| PathBuf::from("calendars"), |p| p.join("calendars"))
}

/// The `.toml` files in the imported-calendars folder, by name (none when it is absent).
///
/// # Errors
/// A folder that exists but cannot be read.
fn imported_calendars(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Problem::CannotRead {
                what: FileKind::ImportedCalendars,
                path: dir.display().to_string(),
                error: (&e).into(),
            }
            .into())
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

/// Reads a file the user named, as text.
///
/// # Errors
/// A [`UsageError`] naming the file.
pub fn read_text(what: FileKind, path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        Problem::CannotRead {
            what,
            path: path.display().to_string(),
            error: (&e).into(),
        }
        .into()
    })
}

fn read_route(path: &Path) -> Result<Route> {
    let text = read_text(FileKind::Route, path)?;
    Ok(Route::from_toml(&path.display().to_string(), &text)?)
}

/// Tells the user what opening the database repaired or found.
pub(crate) fn report_repairs(lang: stroom_render::Lang, repairs: &[Repair]) {
    for repair in repairs {
        match stroom_render::cli::repair(lang, repair) {
            Some(text) => crate::render::note(&text),
            None => {
                if let Repair::CaughtUp {
                    events,
                    in_database,
                } = repair
                {
                    tracing::debug!(
                        events,
                        in_database,
                        "sled caught up with records appended to the anchor journal only"
                    );
                }
            }
        }
    }
}

/// Faults to inject (debug builds only, for the fault-injection tests):
/// `STROOM_FAULT=anchor-write,anchor-sync,sled-flush`.
/// How far sled may lag the anchor journal for a recording command: `STROOM_SLED_LAG`
/// (bytes), else [`SLED_LAG_BOUND`].
fn sled_lag_bound() -> u64 {
    std::env::var("STROOM_SLED_LAG")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(SLED_LAG_BOUND)
}

/// How a command that writes opens the database: one command per process, so sled's last
/// fsync at close is not needed for what the command acknowledged (see
/// `Options::sync_on_close`); the disk timeout; `sled_lag_bound` for a recording command
/// ([`Settings::record_store`]).
fn writer_options(sled_lag_bound: Option<u64>) -> stroom::store::Options {
    stroom::store::Options {
        sync_on_close: false,
        sled_lag_bound,
        flush_timeout: flush_timeout(),
        ..stroom::store::Options::default()
    }
}

/// A writer's store once opened: what opening repaired told, the test faults switched on.
fn writer(
    lang: stroom_render::Lang,
    (mut store, repairs): (SledStore, Vec<stroom::store::Repair>),
) -> SledStore {
    report_repairs(lang, &repairs);
    store.inject_faults(&injected_faults());
    store
}

fn injected_faults() -> Vec<stroom::anchor::fault::Point> {
    if !cfg!(debug_assertions) {
        return Vec::new();
    }
    let Ok(spec) = std::env::var("STROOM_FAULT") else {
        return Vec::new();
    };
    stroom::anchor::fault::Point::ALL
        .into_iter()
        .filter(|p| spec.split(',').any(|s| s.trim() == p.name()))
        .collect()
}

/// The options of a command that does not record (reading, auditing, `key --rotate`): the
/// disk timeout ([`flush_timeout`]).
pub fn disk_options() -> stroom::store::Options {
    stroom::store::Options {
        flush_timeout: flush_timeout(),
        ..stroom::store::Options::default()
    }
}

/// How long a command may wait for the disk (opening the database, the anchor journal's
/// fsync, sled's flush): `STROOM_FLUSH_TIMEOUT_MS` in debug builds (the hung-disk tests,
/// `tests/e2e/record_hang.rs`, wait a second, not half a minute), else
/// [`stroom::store::FLUSH_TIMEOUT`]. A release binary ignores it.
pub fn flush_timeout() -> std::time::Duration {
    let given = cfg!(debug_assertions)
        .then(|| std::env::var("STROOM_FLUSH_TIMEOUT_MS").ok())
        .flatten()
        .and_then(|ms| ms.trim().parse::<u64>().ok());
    given.map_or(
        stroom::store::FLUSH_TIMEOUT,
        std::time::Duration::from_millis,
    )
}

/// Today in the system's time zone. With `TZ` unset, `/etc/localtime` is read directly:
/// asking jiff for the system zone by name first indexes the whole zoneinfo folder, a
/// sixth of a short command's work. Anything else goes through jiff as before.
fn local_today() -> Date {
    let now = jiff::Timestamp::now();
    if std::env::var_os("TZ").is_none() {
        if let Ok(bytes) = std::fs::read("/etc/localtime") {
            if let Ok(zone) = jiff::tz::TimeZone::tzif("localtime", &bytes) {
                return now.to_zoned(zone).date();
            }
        }
    }
    jiff::Zoned::now().date()
}

/// An environment variable that is set and not blank.
fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The language of human output: `--lang`, else the locale.
pub fn lang(arg: Option<LangArg>) -> stroom_render::Lang {
    match arg {
        Some(LangArg::En) => stroom_render::Lang::En,
        Some(LangArg::Nl) => stroom_render::Lang::Nl,
        None => locale_lang(),
    }
}

/// The language the locale asks for: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set
/// decides, as POSIX has it.
pub fn locale_lang() -> stroom_render::Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .find_map(env_var)
        .map_or(stroom_render::Lang::En, |l| {
            stroom_render::Lang::from_locale(&l)
        })
}
