//! The engine's errors, grouped by domain.
//!
//! Messages are lowercase without a trailing period, quote the input, name the file and
//! line for data errors, and carry `hint:` lines with the fix.

use std::fmt;

use jiff::civil::Date;

use crate::machine::Rejection;

/// Any error the engine returns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A date question the calendars cannot answer.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A route or calendar file that does not parse or validate.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A command that the state machine refuses.
    #[error(transparent)]
    Rejected(#[from] Rejection),
    /// The store failed or holds data it should not.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A plan or simulation the planner cannot make.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// Input the journal refuses before storing anything (a date, slot, role or text).
    #[error(transparent)]
    Input(#[from] crate::input::BadInput),
    /// A stroom, route, body or role that does not exist.
    #[error("{what} '{name}' does not exist{}", hint_lines(.hint))]
    NotFound {
        /// Kind of thing, e.g. `route`.
        what: &'static str,
        /// The name asked for.
        name: String,
        /// How to fix it, e.g. the names that do exist.
        hint: String,
    },
    /// Input that is well-formed but not acceptable, e.g. a slot that does not exist.
    #[error("{message}{}", hint_lines(.hint))]
    Invalid {
        /// What is wrong, quoting the input.
        message: String,
        /// How to fix it.
        hint: String,
    },
}

use crate::text::hint_lines;

/// Why the planner cannot make a plan or a simulation. The data only: front ends add
/// their own hints (the CLI names its commands and flags).
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The stroom was sent or withdrawn.
    #[error("stroom {reference} is {state} since {since}: nothing is left to plan")]
    NothingLeft {
        /// The stroom.
        reference: String,
        /// Its terminal state.
        state: crate::machine::StateKind,
        /// Since when.
        since: Date,
    },
    /// Planning as of a day before the stroom was registered.
    #[error("stroom {reference} was registered on {registered}, after the planning day {today}: there is nothing to plan as of then")]
    NotYetRegistered {
        /// The stroom.
        reference: String,
        /// Its registration day.
        registered: Date,
        /// The planning day.
        today: Date,
    },
    /// A step the route does not have (e.g. an onderraad on a route without one).
    #[error("route '{route}' has no {step}")]
    RouteLacks {
        /// The route.
        route: String,
        /// The step it lacks.
        step: crate::planner::Step,
    },
    /// A route names a body of the wrong kind for a key.
    #[error("route '{route}' names '{body}' as its {key}, but the calendar of '{body}' is of kind {kind}")]
    WrongBodyKind {
        /// The route.
        route: String,
        /// The route file's key, e.g. `voorportaal`.
        key: &'static str,
        /// The body named.
        body: String,
        /// The body's kind.
        kind: String,
    },
    /// A word that is not a step.
    #[error("'{word}' is not a step (steps: approval, delivery, voorportaal, onderraad, ministerraad, kamer)")]
    NotAStep {
        /// The word.
        word: String,
    },
    /// A word that is not a duration distribution.
    #[error("'{text}' is not a duration distribution (N, uniform(MIN,MAX) with MIN <= MAX, triangular(MIN,MODE,MAX) with MIN <= MODE <= MAX, or empirical; werkdagen 0 to 1000)")]
    NotADistribution {
        /// The text.
        text: String,
    },
    /// One scenario of a what-if cannot be planned.
    #[error("scenario '{scenario}': {error}")]
    Scenario {
        /// The scenario's name.
        scenario: String,
        /// Why.
        error: Box<Error>,
    },
}

/// Errors of werkdag arithmetic and meeting calendars.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The werkdag tables do not cover the date.
    #[error("date {date} lies outside the werkdag tables ({from} to {to})\n  hint: stroom knows feestdagen for {from_y}-{to_y}; plan inside those years", from_y = from.year(), to_y = to.year())]
    WerkdagRange {
        /// The date asked about.
        date: Date,
        /// First covered date.
        from: Date,
        /// Last covered date.
        to: Date,
    },
    /// No slot of a body covers the date asked about.
    #[error("no {body} slot known on or after {date}: the {body} calendar covers {from} to {to}\n  hint: add this period's {body} slots with a calendar file (--calendar FILE; see 'stroom calendar check')")]
    NoSlotAfter {
        /// The body, e.g. `cwizo`.
        body: String,
        /// The date asked about.
        date: Date,
        /// First covered date.
        from: Date,
        /// Last covered date.
        to: Date,
    },
    /// No slot of a body lies on or before the date asked about.
    #[error("{}", no_slot_before(body, *date, *from, *to))]
    NoSlotBefore {
        /// The body, e.g. `cwizo`.
        body: String,
        /// The date asked about.
        date: Date,
        /// First covered date.
        from: Date,
        /// Last covered date.
        to: Date,
    },
    /// Werkdag arithmetic from a covered date whose result lies outside the tables.
    #[error("{n} werkdagen from {date} fall outside the werkdag tables ({from} to {to})\n  hint: stroom knows feestdagen for {from_y}-{to_y}; count fewer werkdagen", from_y = from.year(), to_y = to.year())]
    WerkdagResultRange {
        /// The date counted from (inside the tables).
        date: Date,
        /// The werkdagen added (negative: subtracted).
        n: i32,
        /// First covered date.
        from: Date,
        /// Last covered date.
        to: Date,
    },
    /// A body the calendars do not know.
    #[error("no calendar for body '{body}'\n  hint: known bodies: {known}")]
    UnknownBody {
        /// The body asked for.
        body: String,
        /// The known bodies, comma separated.
        known: String,
    },
}

fn no_slot_before(body: &str, date: Date, from: Date, to: Date) -> String {
    if date > to {
        format!("no {body} slot known up to {date}: the {body} calendar covers {from} to {to}, so later slots are unknown\n  hint: the target lies after this calendar's end; add the later {body} slots with a calendar file (--calendar FILE)")
    } else {
        format!("no {body} slot on or before {date}: the {body} calendar covers {from} to {to}\n  hint: the target lies too early for this calendar, or add slots with a calendar file (--calendar FILE)")
    }
}

/// A route or calendar file that does not parse or validate, with the place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// The file (or `<embedded>/…` for a default), as the user knows it.
    pub source: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl DataError {
    /// An error at byte `offset` of `text` (or without a place when `None`).
    pub fn at(
        source: &str,
        text: &str,
        offset: Option<usize>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        let (line, column) = match offset {
            Some(o) => {
                let o = o.min(text.len());
                let before = &text[..o];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                (Some(line), Some(column))
            }
            None => (None, None),
        };
        let mut message: String = message.into();
        if message.trim().is_empty() {
            // The TOML parser says nothing for a key without a value (`title = ` at the
            // end of a file): never print an empty message.
            message = "a value is missing or malformed here: write text in quotes, a number, true/false or a date like 2023-10-03".into();
        }
        DataError {
            source: source.to_string(),
            line,
            column,
            message,
            hint: hint.into(),
        }
    }

    /// Converts a TOML parse error, keeping its place and its own message.
    pub fn from_toml(source: &str, text: &str, err: &toml::de::Error, hint: &str) -> Self {
        // A message from our own parsers (e.g. a role code) carries its own hint lines:
        // keep them as hints, before the file-level one.
        let raw = err.message().trim_end_matches('\n');
        let mut message = String::new();
        let mut hints: Vec<String> = Vec::new();
        for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
            match line.strip_prefix("hint:") {
                Some(h) => hints.push(h.trim().to_string()),
                None if message.is_empty() => message = line.to_string(),
                None => {
                    message.push_str(": ");
                    message.push_str(line);
                }
            }
        }
        hints.push(hint.to_string());
        Self::at(
            source,
            text,
            err.span().map(|s| s.start),
            message,
            hints.join("\n"),
        )
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}{}", self.message, hint_lines(&self.hint))
    }
}

impl std::error::Error for DataError {}

/// Errors of the event store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process holds the database.
    #[error("the database at '{path}' is in use by another stroom process\n  hint: wait for the other command to finish, or point --db (or STROOM_DB) at another database")]
    Locked {
        /// The database directory.
        path: String,
    },
    /// The database was written by a newer or unknown stroom.
    #[error("the database at '{path}' has format version {found}, this stroom reads version {supported}\n  hint: use the stroom release that wrote it, or export there and import here")]
    Format {
        /// The database directory.
        path: String,
        /// The version found on disk.
        found: String,
        /// The version this build reads.
        supported: u32,
    },
    /// Someone else appended to the stroom since we read it.
    #[error("stroom '{reference}' changed while this command ran (expected event {expected}, found {found})\n  hint: run the command again; it will see the new state")]
    Conflict {
        /// The stroom.
        reference: String,
        /// The sequence number this command expected to follow.
        expected: u64,
        /// The last sequence number actually stored.
        found: u64,
    },
    /// A stroom with this reference is already stored.
    #[error("stroom '{reference}' already exists\n  hint: pick another reference, or see it with 'stroom show {reference}'")]
    Exists {
        /// The stroom.
        reference: String,
    },
    /// Import into a database that already holds strooms.
    #[error("the database at '{path}' is not empty ({count} stroom{})\n  hint: import restores into a new database: pass --db with a fresh path", if *.count == 1 { "" } else { "s" })]
    NotEmpty {
        /// The database directory.
        path: String,
        /// How many strooms it holds.
        count: usize,
    },
    /// A stored or imported record that does not decode or verify.
    #[error("{0}")]
    Corrupt(String),
    /// No database at the path.
    #[error("no stroom database at '{path}'\n  hint: create one with 'stroom init', or point to an existing one")]
    Missing {
        /// The path given.
        path: String,
    },
    /// The path holds something else: it is left untouched.
    #[error("'{path}' is not a stroom database: {}\n  hint: point to a stroom database, or to a new path to create one with 'stroom init'; nothing was changed", .why.text())]
    NotADatabase {
        /// The path given.
        path: String,
        /// What it is instead.
        why: crate::store::NotADatabase,
    },
    /// sled's trail of a stroom contradicts the anchor journal.
    #[error("event {seq} of stroom '{stroom}' {}\n  hint: restore the database from the anchor ('stroom import DB/anchor.jsonl' into a new --db) or from an export", match .divergence { crate::store::Divergence::NotInAnchor => "is in the store but not in the anchor journal: it was added outside stroom, or the anchor was cut short", crate::store::Divergence::Differs => "differs from the anchor journal: it was rewritten outside stroom" })]
    Diverged {
        /// The stroom.
        stroom: String,
        /// The first event that differs.
        seq: u64,
        /// How.
        divergence: crate::store::Divergence,
    },
    /// A line of the anchor journal, not the last, is not a record.
    #[error("the anchor journal '{file}' is damaged at line {line}: {reason}\n  hint: restore the database from an export ('stroom import')")]
    AnchorCorrupt {
        /// The anchor file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// Committing a command failed (a full disk, an fsync error): no success was reported.
    #[error("{}", commit_text(.path, *.anchored, .error))]
    Commit {
        /// The database directory.
        path: String,
        /// Whether the anchor journal already holds the command (then the next command
        /// restores it into sled), or nothing was recorded.
        anchored: bool,
        /// The I/O error.
        error: std::io::Error,
    },
    /// An I/O error on the database directory (this command recorded nothing).
    #[error("{}", crate::store::io_text(.path, .error))]
    Io {
        /// The database directory.
        path: String,
        /// The error.
        error: std::io::Error,
    },
    /// An error of sled, the database engine, outside a commit (this command recorded
    /// nothing). Its text says what happened and what to run; sled's own text never shows.
    #[error("{}", crate::store::sled_text(.path, .error))]
    Sled {
        /// The database directory.
        path: String,
        /// sled's error (a panic inside sled arrives as `ReportableBug`).
        error: sled::Error,
    },
}

fn commit_text(path: &str, anchored: bool, error: &std::io::Error) -> String {
    let error = crate::store::describe_io(error);
    if anchored {
        format!("the command is in the anchor journal, but the database at '{path}' could not be updated: {error}\n  hint: free disk space; the next stroom command restores it from the anchor journal (see it with 'stroom show')")
    } else {
        format!("nothing was recorded: writing to the database at '{path}' failed: {error}\n  hint: free disk space (or fix the disk) and run the command again")
    }
}
