//! Errors of the event store, with the words for what went wrong on disk.
//!
//! A leaf: it names nothing else of the engine, so the store (and every module above it)
//! can use these types without a module cycle.

/// Errors of the event store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process holds the database.
    #[error("the database at '{path}' is in use by another stroom process")]
    Locked {
        /// The database directory.
        path: String,
    },
    /// The database was written by a newer or unknown stroom.
    #[error("the database at '{path}' has format version {found}, this stroom reads version {supported}")]
    Format {
        /// The database directory.
        path: String,
        /// The version found on disk.
        found: String,
        /// The version this build reads.
        supported: u32,
    },
    /// Someone else appended to the stroom since we read it.
    #[error("stroom '{reference}' changed while this command ran (expected event {expected}, found {found})")]
    Conflict {
        /// The stroom.
        reference: String,
        /// The sequence number this command expected to follow.
        expected: u64,
        /// The last sequence number actually stored.
        found: u64,
    },
    /// A stroom with this reference is already stored.
    #[error("stroom '{reference}' already exists")]
    Exists {
        /// The stroom.
        reference: String,
    },
    /// Import into a database that already holds strooms.
    #[error("the database at '{path}' is not empty ({count} stroom{})", if *.count == 1 { "" } else { "s" })]
    NotEmpty {
        /// The database directory.
        path: String,
        /// How many strooms it holds.
        count: usize,
    },
    /// A stored or imported record that does not decode or verify.
    #[error("{0}")]
    Corrupt(Corruption),
    /// No database at the path.
    #[error("no stroom database at '{path}'")]
    Missing {
        /// The path given.
        path: String,
    },
    /// The path holds something else: it is left untouched.
    #[error("'{path}' is not a stroom database: {}", .why.text())]
    NotADatabase {
        /// The path given.
        path: String,
        /// What it is instead.
        why: NotADatabase,
    },
    /// sled's trail of a stroom contradicts the anchor journal.
    #[error("event {seq} of stroom '{stroom}' {}", .divergence.text())]
    Diverged {
        /// The stroom.
        stroom: String,
        /// The first event that differs.
        seq: u64,
        /// How.
        divergence: Divergence,
    },
    /// A line of the anchor journal, not the last, is not a record.
    #[error("the anchor journal '{file}' is damaged at line {line}: {reason}")]
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
    #[error("{}", io_text(.path, .error))]
    Io {
        /// The database directory.
        path: String,
        /// The error.
        error: std::io::Error,
    },
    /// The disk did not answer within the time allowed (a sync or read that never
    /// returns) while the command waited on it: it gave up; `during` says what it was
    /// doing and what that leaves recorded.
    #[error("the disk holding the database at '{path}' did not answer within {} while {}", crate::watchdog::seconds(*.waited), .during.text())]
    Unresponsive {
        /// The database directory.
        path: String,
        /// What the command was doing.
        during: DiskWait,
        /// How long it waited.
        waited: std::time::Duration,
    },
    /// An error of sled, the database engine, outside a commit (this command recorded
    /// nothing). Its text says what happened and what to run; sled's own text never shows.
    #[error("{}", sled_text(.path, .error))]
    Sled {
        /// The database directory.
        path: String,
        /// sled's error (a panic inside sled arrives as `ReportableBug`).
        error: sled::Error,
    },
}

fn commit_text(path: &str, anchored: bool, error: &std::io::Error) -> String {
    let error = describe_io(error);
    if anchored {
        format!("the command is in the anchor journal, but the database at '{path}' could not be updated: {error}")
    } else {
        format!("nothing was recorded: writing to the database at '{path}' failed: {error}")
    }
}

/// How sled's trail of a stroom contradicts the anchor journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Divergence {
    /// sled holds an event the anchor does not: added outside stroom, or the anchor was cut.
    NotInAnchor,
    /// sled holds another event than the anchor at this position: rewritten outside stroom.
    Differs,
    /// The anchor's record at this position does not hash to its own hash while sled's
    /// copy carries the same hash: the anchor line was altered outside stroom.
    AnchorAltered,
}

impl Divergence {
    /// What it means, for people.
    pub fn text(self) -> &'static str {
        match self {
            Divergence::NotInAnchor => "is in the store but not in the anchor journal: it was added outside stroom, or the anchor was cut short",
            Divergence::Differs => "differs from the anchor journal: it was rewritten outside stroom",
            Divergence::AnchorAltered => "differs from the anchor journal, whose line for it no longer matches its hash: the anchor was altered outside stroom (the store holds the original)",
        }
    }
}

/// A panic's text for people: the I/O error inside it when there is one (sled panics with
/// `called Result::unwrap() on an Err value: Os { code: 5, .. }`).
pub fn clean_panic(text: &str) -> String {
    os_error_in(text).unwrap_or_else(|| text.to_string())
}

/// The OS error in a text holding an `io::Error`'s Debug form
/// (`Os { code: 5, kind: Uncategorized, message: "Input/output error" }`), as
/// `Input/output error (os error 5)`.
pub(crate) fn os_error_in(text: &str) -> Option<String> {
    let after = text.split_once("Os { code: ")?.1;
    let code: String = after.chars().take_while(char::is_ascii_digit).collect();
    let message = after.split_once("message: \"")?.1.split('"').next()?;
    Some(format!("{message} (os error {code})"))
}

/// An I/O error's text. sled hands back copies of its I/O errors whose text is the
/// original's Debug form; this gives the plain one.
pub(crate) fn describe_io(error: &std::io::Error) -> String {
    let text = error.to_string();
    if error.raw_os_error().is_none() {
        if let Some(plain) = os_error_in(&text) {
            return plain;
        }
    }
    text
}

pub(crate) fn is_disk_full(error: &std::io::Error) -> bool {
    error.kind() == std::io::ErrorKind::StorageFull
        || error.raw_os_error() == Some(28)
        || describe_io(error).ends_with("(os error 28)")
}

/// A value of stroom's own in the database, named in a [`Corruption`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "value", rename_all = "kebab-case")]
pub enum StoredValue {
    /// An event of a stroom's trail.
    Event {
        /// The stroom.
        stroom: String,
    },
    /// The stored head of a stroom's trail.
    Head {
        /// The stroom.
        stroom: String,
    },
    /// A user of `stroom serve` (by name where the key names one).
    User {
        /// The user's name.
        name: Option<String>,
    },
    /// A login session of `stroom serve`.
    Session,
    /// An API token of `stroom serve`.
    Token,
    /// A value the user store writes.
    Value,
}

impl std::fmt::Display for StoredValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoredValue::Event { stroom } => write!(f, "an event of stroom '{stroom}'"),
            StoredValue::Head { stroom } => write!(f, "the head of stroom '{stroom}'"),
            StoredValue::User { name: Some(name) } => write!(f, "user '{name}'"),
            StoredValue::User { name: None } => f.write_str("a user"),
            StoredValue::Session => f.write_str("a session"),
            StoredValue::Token => f.write_str("a token"),
            StoredValue::Value => f.write_str("a value"),
        }
    }
}

/// What is damaged in a database or a record (English here; front ends render it in their
/// language). Data only: the decoder's own words are kept in `detail`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
#[serde(tag = "corruption", rename_all = "kebab-case")]
pub enum Corruption {
    /// A stored value that does not decode.
    #[error("{value}{} does not decode: {detail}{}", .path.as_ref().map(|p| format!(" in '{p}'")).unwrap_or_default(), if .path.is_some() && matches!(.value, StoredValue::Event { .. } | StoredValue::Head { .. }) { "\n  hint: run 'stroom verify'; restore from an export with 'stroom import'" } else { "" })]
    DoesNotDecode {
        /// What.
        value: StoredValue,
        /// The database, where it is named.
        path: Option<String>,
        /// The decoder's words.
        detail: String,
    },
    /// A value that does not encode.
    #[error("{value} does not encode: {detail}")]
    DoesNotEncode {
        /// What.
        value: StoredValue,
        /// The encoder's words.
        detail: String,
    },
    /// A record that does not encode for an export.
    #[error("a record does not encode: {detail}")]
    RecordDoesNotEncode {
        /// The encoder's words.
        detail: String,
    },
    /// A trail whose first event is not the stroom's creation.
    #[error("a stroom's history must start with its creation")]
    TrailWithoutCreation,
    /// A trail without events.
    #[error("a stroom's history is empty")]
    EmptyTrail,
    /// sled's settings file fails its checksum.
    #[error("the database at '{db}' is damaged: sled's settings file '{conf}' fails its checksum\n  hint: {}", rebuild_hint(.db))]
    SledSettings {
        /// The database directory.
        db: String,
        /// The settings file.
        conf: String,
    },
    /// The signing key is gone while the records are signed with it.
    #[error("the signing key '{key}' is missing, but this database signs its records with key {fingerprint}: nothing was recorded, since a new key made now would leave every earlier record looking signed by another database\n  hint: restore '{key}' from a backup of the database directory; if it is lost for good, start a new key deliberately with 'stroom --db {db} key --rotate' (verify then names the earlier records as signed by this database's previous key)")]
    KeyMissing {
        /// The key file.
        key: String,
        /// The fingerprint of the key the records are signed with.
        fingerprint: String,
        /// The database directory.
        db: String,
    },
    /// `signing.key` and `signing.pub` name different keys, and no key rotation explains it.
    #[error("the signing key '{key}' (key {key_fingerprint}) and the public key '{public}' (key {public_fingerprint}) do not belong together, and no key rotation leads from one to the other: nothing was recorded, since signing with either could leave records looking signed by another database\n  hint: put back the pair from a backup of the database directory; if '{key}' is this database's key, remove '{public}' and run the command again (it is written anew from the key)")]
    KeyMismatch {
        /// The secret key file.
        key: String,
        /// The public key file.
        public: String,
        /// The fingerprint of the secret key's public half.
        key_fingerprint: String,
        /// The fingerprint of the key the public key file names.
        public_fingerprint: String,
    },
    /// A tree name the event store keeps for itself.
    #[error("tree '{name}' belongs to the event store\n  hint: choose another name")]
    ReservedTree {
        /// The name.
        name: String,
    },
}

/// What to run when sled's files cannot be used: rebuild from the anchor journal.
pub(crate) fn rebuild_hint(path: &str) -> String {
    format!(
        "every recorded event is also in the anchor journal: rebuild the database with 'stroom --db NEW import --anchor {path}/anchor.jsonl' (or import your latest export), check it with 'stroom --db NEW verify', then use NEW instead (keep '{path}' for inspection)"
    )
}

/// A sled error in a few words, without sled's own wording.
pub(crate) fn sled_what(error: &sled::Error) -> String {
    match error {
        sled::Error::Io(e) => describe_io(e),
        sled::Error::Corruption { .. } => "sled found unreadable data in its files".to_string(),
        sled::Error::ReportableBug(what) => clean_panic(what),
        sled::Error::Unsupported(what) => format!("an unsupported operation ({what})"),
        sled::Error::CollectionNotFound(_) => "a tree of the database is missing".to_string(),
    }
}

/// The message of [`StoreError::Sled`]: what happened, to which database, what to run.
pub(crate) fn sled_text(path: &str, error: &sled::Error) -> String {
    match error {
        sled::Error::Io(e) if is_disk_full(e) => format!(
            "the disk holding the database at '{path}' is full: {}\n  hint: free disk space and run the command again; this command recorded nothing, and the database needs no repair",
            describe_io(e)
        ),
        sled::Error::Io(e) => format!(
            "cannot read or write the database files in '{path}': {}\n  hint: check the disk and the folder's permissions, then run the command again (this command recorded nothing); should the files stay unreadable, {}",
            describe_io(e),
            rebuild_hint(path)
        ),
        sled::Error::Corruption { .. } => format!(
            "the database files in '{path}' (sled's log 'db' and snapshot 'snap.*') are damaged: sled found unreadable data\n  hint: {}",
            rebuild_hint(path)
        ),
        other => format!(
            "the database engine (sled) failed on '{path}': {}\n  hint: this command recorded nothing; run it again, and should it fail again, {}",
            sled_what(other),
            rebuild_hint(path)
        ),
    }
}

/// The message of [`StoreError::Io`]: an I/O error opening or reading the database (no
/// command recorded anything yet).
pub(crate) fn io_text(path: &str, error: &std::io::Error) -> String {
    let what = describe_io(error);
    if is_disk_full(error) {
        format!("the disk holding the database at '{path}' (or the temporary folder) is full: {what}\n  hint: free disk space and run the command again; this command recorded nothing (reading commands copy the database into TMPDIR, else /dev/shm: point TMPDIR at a folder with room)")
    } else if error.kind() == std::io::ErrorKind::PermissionDenied {
        format!("cannot use the database at '{path}': {what}\n  hint: check the folder's permissions (reading needs read access, recording needs write access)")
    } else {
        format!("cannot use the database at '{path}': {what}\n  hint: check the disk and the path, then run the command again; this command recorded nothing")
    }
}

/// What a command waited for when the disk stopped answering ([`StoreError::Unresponsive`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskWait {
    /// Creating or opening the database's lock file (`stroom.lock`), and taking the lock.
    LockFile,
    /// Opening the database: sled's recovery, and bringing it up to date with the anchor
    /// journal (or, for reading, copying it and opening the copy).
    Open,
    /// A reading command reading the database: its lock file and anchor journal (and the
    /// signing key's public half and rotations). Nothing is written.
    Read,
    /// `stroom key --rotate`: recording the rotation and replacing the key files, each
    /// fsynced. Done or not: the command cannot tell.
    KeyRotation,
    /// The server saving a change of its users, grants, sessions or tokens (its flush).
    ServerData,
}

impl DiskWait {
    /// For people: what the command was doing, and what that leaves recorded.
    pub fn text(self) -> &'static str {
        match self {
            DiskWait::LockFile => {
                "opening its lock file 'stroom.lock'; this command recorded nothing"
            }
            DiskWait::Open => {
                "opening it (sled's recovery and its check against the anchor journal); this command recorded nothing"
            }
            DiskWait::Read => "reading it (its anchor journal)",
            DiskWait::KeyRotation => {
                "replacing its signing key; the new key may or may not be in use"
            }
            DiskWait::ServerData => {
                "saving a change of the server's users, sessions or tokens; the change may not be on disk"
            }
        }
    }
}

/// Why a path is not a stroom database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotADatabase {
    /// It is a file.
    NotAFolder,
    /// A folder holding other files and no database.
    OtherFiles,
}

impl NotADatabase {
    /// For people.
    pub fn text(self) -> &'static str {
        match self {
            NotADatabase::NotAFolder => "it is a file, not a folder",
            NotADatabase::OtherFiles => "the folder holds other files and no database",
        }
    }
}
