//! Event storage behind a trait: sled on disk, a map in memory for tests and simulations.
//!
//! A store keeps, per stroom, an append-only list of [`Record`]s and the head of its hash
//! chain. Appends are atomic and conditional: a batch names the record it follows, and is
//! refused when another writer appended first.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;

use crate::audit::{Record, GENESIS};
pub use crate::error::store::{clean_panic, DiskWait, Divergence, NotADatabase};
use crate::error::store::{is_disk_full, os_error_in, sled_what, Corruption, StoredValue};
use crate::error::StoreError;

/// The on-disk format version this build writes and reads.
pub const DB_FORMAT: u32 = 1;

/// The last record of a stroom's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// Its sequence number.
    pub seq: u64,
    /// Its hash.
    pub hash: String,
}

/// Where events live. Implementations must make [`Store::append`] atomic.
pub trait Store {
    /// All records of one stroom, in order (empty when it does not exist).
    ///
    /// # Errors
    /// I/O failure or a record that does not decode.
    fn load(&self, reference: &str) -> Result<Vec<Record>, StoreError>;

    /// The stored head of one stroom's chain.
    ///
    /// # Errors
    /// I/O failure or a head that does not decode.
    fn head(&self, reference: &str) -> Result<Option<Head>, StoreError>;

    /// Appends batches of records, all or nothing. Each batch must follow its stroom's
    /// current head (first record's `seq` and `prev`), else nothing is written.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when another writer appended first, [`StoreError::Exists`]
    /// when a new stroom's reference is taken, or I/O failure.
    fn append(&self, batches: &[(&str, &[Record])]) -> Result<(), StoreError>;

    /// One stroom's records (as [`Store::load`]) with its chain checked
    /// ([`crate::audit::verify_chain`]): the records, or the first that does not verify.
    /// A store that can check hashes more cheaply (against the bytes a record was sealed
    /// from) overrides it.
    ///
    /// # Errors
    /// I/O failure or a record that does not decode.
    fn load_verified(
        &self,
        reference: &str,
    ) -> Result<Result<Vec<Record>, crate::audit::BadEvent>, StoreError> {
        let records = self.load(reference)?;
        Ok(crate::audit::verify_chain(reference, &records).map(|()| records))
    }

    /// One stroom's trail as a reader needs it to know where the stroom stands (its events,
    /// the route stored at `new`, when it was registered), checked as
    /// [`Store::load_verified`] checks it; empty events when it does not exist. A store that
    /// can read this without making whole [`Record`]s overrides it.
    ///
    /// # Errors
    /// As [`Store::load_verified`].
    fn load_trail(
        &self,
        reference: &str,
    ) -> Result<Result<crate::audit::Trail, crate::audit::BadEvent>, StoreError> {
        Ok(self
            .load_verified(reference)?
            .map(crate::audit::Trail::of_records))
    }

    /// The references of all stored strooms, sorted.
    ///
    /// # Errors
    /// I/O failure.
    fn references(&self) -> Result<Vec<String>, StoreError>;

    /// The public key this store signs its records with ([`crate::sign`]); none for a
    /// store that does not sign (memory) or a database not yet written with signing.
    fn public_key(&self) -> Option<crate::sign::PublicKey> {
        None
    }

    /// The database's key rotations, oldest first ([`crate::sign::Rotation`]).
    fn rotations(&self) -> Vec<crate::sign::Rotation> {
        Vec::new()
    }

    /// Appends records as they are, signatures included, without signing them: for
    /// `import`, whose records were signed (or not) by the database that wrote them.
    ///
    /// # Errors
    /// As [`Store::append`].
    fn restore(&self, batches: &[(&str, &[Record])]) -> Result<(), StoreError> {
        self.append(batches)
    }
}

fn check_follows(reference: &str, head: Option<&Head>, first: &Record) -> Result<(), StoreError> {
    let (seq, hash) = head.map_or((0, GENESIS), |h| (h.seq, h.hash.as_str()));
    if first.seq == 1 && seq > 0 {
        return Err(StoreError::Exists {
            reference: reference.to_string(),
        });
    }
    if first.seq != seq + 1 || first.prev != hash {
        return Err(StoreError::Conflict {
            reference: reference.to_string(),
            expected: first.seq.saturating_sub(1),
            found: seq,
        });
    }
    Ok(())
}

/// A store in memory: for tests, examples and simulations.
#[derive(Debug, Default)]
pub struct MemoryStore {
    strooms: Mutex<BTreeMap<String, Vec<Record>>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Vec<Record>>> {
        // A panic while holding the lock cannot leave a half-written batch: batches are
        // applied only after every check passed.
        self.strooms
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Store for MemoryStore {
    fn load(&self, reference: &str) -> Result<Vec<Record>, StoreError> {
        Ok(self.lock().get(reference).cloned().unwrap_or_default())
    }

    fn head(&self, reference: &str) -> Result<Option<Head>, StoreError> {
        Ok(self
            .lock()
            .get(reference)
            .and_then(|v| v.last())
            .map(|r| Head {
                seq: r.seq,
                hash: r.hash.clone(),
            }))
    }

    fn append(&self, batches: &[(&str, &[Record])]) -> Result<(), StoreError> {
        let mut map = self.lock();
        for (reference, records) in batches {
            if let Some(first) = records.first() {
                let head = map.get(*reference).and_then(|v| v.last()).map(|r| Head {
                    seq: r.seq,
                    hash: r.hash.clone(),
                });
                check_follows(reference, head.as_ref(), first)?;
            }
        }
        for (reference, records) in batches {
            map.entry((*reference).to_string())
                .or_default()
                .extend(records.iter().cloned());
        }
        Ok(())
    }

    fn references(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.lock().keys().cloned().collect())
    }
}

fn lock_file(
    file: std::fs::File,
    lock_path: &Path,
    mode: crate::lock::Mode,
    wait: Duration,
    on_wait: &mut dyn FnMut(),
    shown: &str,
) -> Result<crate::lock::DbLock, StoreError> {
    crate::lock::acquire(file, lock_path, mode, wait, on_wait).map_err(|e| match e {
        crate::lock::LockError::TimedOut => StoreError::Locked {
            path: shown.to_string(),
        },
        crate::lock::LockError::Io(error) => StoreError::Io {
            path: shown.to_string(),
            error,
        },
    })
}

/// Logs how long a phase of opening or committing took, at debug level under the target
/// `stroom::timing` (`RUST_LOG=stroom::timing=debug`; `scripts/profile-durable` sums them).
fn timed(phase: &str, since: Instant) {
    tracing::debug!(target: "stroom::timing", phase, us = since.elapsed().as_micros() as u64);
}

/// sled's handles of one database, closed together (see `Drop for SledStore`).
struct Handles {
    db: sled::Db,
    events: sled::Tree,
    heads: sled::Tree,
    meta: sled::Tree,
}

/// The key in sled's `meta` tree of the anchor journal's length that sled holds every
/// record of: written in the same transaction as the records, so it is exactly as current
/// as sled's trail, whatever sled loses in a crash.
const ANCHOR_LEN: &str = "anchor-len";

/// How long a stretch that waits on the disk (opening, a sync, a flush, a read) may take
/// before the command gives up on it, unless [`Options::flush_timeout`] says otherwise.
pub const FLUSH_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// How a database is opened for writing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// sled's page cache in bytes (sled's own default, 1 GiB, when `None`). A long-lived
    /// server that must keep its memory flat sets a bound; a command that runs once needs
    /// little.
    pub cache_capacity: Option<u64>,
    /// Whether closing the store lets sled fsync its log once more. Everything a command
    /// acknowledged is durable without it: the anchor journal was fsynced and sled's files
    /// written (`flush`) before success was printed. The last fsync only makes sled's own
    /// copy durable sooner; should a power cut lose it, the next open restores those
    /// records from the anchor and says so. A one-command process (the CLI) skips it; the
    /// default keeps it.
    pub sync_on_close: bool,
    /// For [`SledStore::open_record`]: how far (in bytes of the anchor journal) sled may
    /// lag behind the anchor before a recording command brings it up to date (it does when
    /// the lag has reached the bound; `Some(0)`: every time); `None`:
    /// sled is opened and written by every command (as the server does). See
    /// [`SLED_LAG_BOUND`] and DESIGN.md, "When does sled catch up?".
    pub sled_lag_bound: Option<u64>,
    /// How long any stretch that waits on the disk may take before the command gives up
    /// with [`StoreError::Unresponsive`] ([`FLUSH_TIMEOUT`] by default; see
    /// [`crate::watchdog`]): opening the database (its lock file, sled's recovery, the
    /// check against the anchor journal), the anchor's fsync, sled's flush, reads of the
    /// anchor and the key files, a key rotation, the server's users. sled's own lost wakeup
    /// after a failed write (a flush that waited forever) is fixed in `vendor/sled` (see
    /// `vendor/sled/PATCHES.md`); what this guards against is a disk that never answers (a
    /// failing drive, a hung network mount).
    pub flush_timeout: std::time::Duration,
    /// For [`SledStore::open_record`] on the anchor journal alone and
    /// [`SledStore::open_read_with`]: the strooms the command is about, so that only their
    /// lines are kept ([`crate::anchor::View::read_for`]); `None`: every stroom's. Asking the
    /// store about another stroom reads the whole anchor then (under the lock the command
    /// holds, or the shared lock taken again), so this only saves work, never hides a line.
    pub focus: Option<Vec<String>>,
    /// For [`SledStore::open_read_with`] without `focus`: read and check every stroom's
    /// trail in the one pass over the anchor ([`crate::anchor::View::read_trails`]:
    /// `portfolio` and `list`, which load every stroom's state), instead of holding the
    /// anchor in memory. [`Store::load_trail`] then hands each out once; asking for
    /// anything else (records, a trail asked for again or one that did not check) reads the
    /// anchor again, so this only saves work, never hides or skips a check.
    pub every_trail: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            cache_capacity: None,
            sync_on_close: true,
            sled_lag_bound: None,
            flush_timeout: FLUSH_TIMEOUT,
            focus: None,
            every_trail: false,
        }
    }
}

/// The bound a recording command keeps sled's lag under: 64 KiB of anchor journal, about
/// a hundred records. A command that finds sled further behind opens sled and brings it
/// up to date before it records (see DESIGN.md, "When does sled catch up?").
pub const SLED_LAG_BOUND: u64 = 64 * 1024;

/// The file beside the anchor journal holding the anchor's length that sled held every
/// record of when it was last brought up to date (written after sled's flush, and when a
/// writer that opened sled closes it). It is a hint, never trusted for what sled holds
/// (sled's own `anchor-len` decides that at its next open): it tells a recording command
/// how far sled lags without opening sled, and which records sled once held (restored
/// loudly when sled lost them) and which it never held (caught up quietly). Removed while
/// sled and the anchor disagree, so that every writer opens sled and compares again.
pub const SLED_LEN_FILE: &str = "anchor.sled-len";

/// The sled length recorded in `dir` ([`SLED_LEN_FILE`]); `None` when there is none or it
/// does not read as a number.
fn read_sled_len(dir: &Path) -> Option<u64> {
    std::fs::read_to_string(dir.join(SLED_LEN_FILE))
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Records (or with `None` removes) the sled length in `dir`: written beside and renamed,
/// not fsynced (a hint: an old value after a power cut only brings the next catch-up
/// sooner). Removing must succeed: a length left behind after sled and the anchor were
/// found to disagree would let the next recording command skip the comparison.
fn write_sled_len(dir: &Path, len: Option<u64>) -> std::io::Result<()> {
    let file = dir.join(SLED_LEN_FILE);
    match len {
        Some(len) => {
            let beside = dir.join(format!("{SLED_LEN_FILE}.new"));
            // A failed write leaves the older (smaller) value: harmless.
            if std::fs::write(&beside, format!("{len}\n")).is_ok() {
                let _ = std::fs::rename(&beside, &file);
            }
            Ok(())
        }
        None => match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        },
    }
}

/// The sled database on disk.
pub struct SledStore {
    path: PathBuf,
    /// sled's handles: `None` only while the store is being dropped.
    sled: Option<Handles>,
    /// The exclusive lock of a writer (dropped after sled, fields drop in order).
    lock: Option<crate::lock::DbLock>,
    /// A reader's private copy, removed when the store is dropped.
    copy: Option<tempfile::TempDir>,
    /// A writer's anchor journal; its mutex also serialises appends within the process.
    anchor: Mutex<Option<crate::anchor::Anchor>>,
    /// Strooms whose sled trail the anchor contradicts, with the first such event.
    diverged: BTreeMap<String, (u64, Divergence)>,
    /// Injected faults (tests only).
    faults: Vec<crate::anchor::fault::Point>,
    /// A writer's signing key: every appended record is signed with it.
    signer: Option<crate::sign::Signer>,
    /// The database's public key (a reader reads it from `signing.pub`).
    public: Option<crate::sign::PublicKey>,
    /// Whether dropping the store lets sled fsync once more ([`Options::sync_on_close`]).
    sync_on_close: bool,
    /// [`Options::flush_timeout`].
    flush_timeout: std::time::Duration,
    /// Set when a flush failed: the disk's state is unknown from then on, so this handle
    /// records nothing more (see [`SledStore::flush`]).
    broken: std::sync::OnceLock<String>,
    /// The anchor journal read into memory, when the store reads from it instead of sled:
    /// a reader's, or a recording command's that does not open sled (`journal`).
    view: Option<std::sync::RwLock<crate::anchor::View>>,
    /// A recording command's store that appends to the anchor journal only, leaving sled
    /// to catch up later ([`SledStore::open_record`]).
    journal: bool,
    /// The database's key rotations (`signing.rotations`).
    rotations: Vec<crate::sign::Rotation>,
    /// How long a reader waits for the shared lock when it reads the whole anchor after a
    /// view read for some strooms only ([`SledStore::viewed_for`]).
    read_wait: Duration,
}

impl std::fmt::Debug for SledStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SledStore")
            .field("path", &self.path)
            .finish()
    }
}

fn event_key(reference: &str, seq: u64) -> Vec<u8> {
    let mut k = Vec::with_capacity(reference.len() + 9);
    k.extend_from_slice(reference.as_bytes());
    k.push(0);
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

/// What opening a database repaired, for the front end to tell its user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repair {
    /// A half-written sled snapshot left by a command killed (or a disk that filled up)
    /// while writing it. sled writes a snapshot beside the log, fsyncs it and only then
    /// renames it into place, so the unfinished file holds nothing the log does not: it
    /// was removed.
    StaleSnapshot {
        /// The file removed.
        file: String,
    },
    /// Events the anchor journal holds and sled had lost (a command that died between the
    /// two writes, or a tail sled dropped), restored into sled. In a reader's copy only
    /// the copy is restored: the next writer restores the database itself.
    Restored {
        /// The stroom.
        stroom: String,
        /// The events, in order.
        events: Vec<Restored>,
        /// Whether the database itself was repaired (a writer) or only a reader's copy.
        in_database: bool,
    },
    /// A line of the anchor torn by a crash while it was written: that command was never
    /// acknowledged. A writer cuts it off.
    TornAnchor {
        /// The anchor file.
        file: String,
        /// Whether it was cut off (a writer) or only ignored (a reader).
        cut: bool,
    },
    /// A database from before the anchor journal: a writer starts one from sled's trail.
    AnchorStarted {
        /// How many records it begins with.
        events: usize,
    },
    /// No anchor journal to check against: a database from before it, not written since.
    NoAnchor,
    /// A key rotation (`stroom key --rotate`) a crash interrupted after it was recorded in
    /// `signing.rotations`: `file` now holds the key it names, the one in use.
    KeyRotationFinished {
        /// The key file put in place.
        file: String,
        /// The fingerprint of the key in use.
        fingerprint: String,
    },
    /// A file of a key rotation a crash interrupted before it was recorded: removed; the
    /// key in use is the one before it.
    KeyRotationUndone {
        /// The file removed.
        file: String,
    },
    /// Records recording commands appended to the anchor journal only, brought into sled
    /// (in the database by a writer, in a reader's copy by `verify` and `export`): sled's
    /// ordinary catch-up, not a loss (sled never held them).
    CaughtUp {
        /// How many records.
        events: usize,
        /// Whether the database itself was brought up to date or only a reader's copy.
        in_database: bool,
    },
}

/// One event restored from the anchor, described for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// Its position.
    pub seq: u64,
    /// The record's own description, date and who recorded it when.
    pub record: Box<Record>,
}

/// How a command opens the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Write, creating the database when the path does not exist (or is an empty folder).
    Create,
    /// Write to an existing database only.
    Write,
}

/// Whether `dir` holds a sled database: a `db` file and a `conf` file as sled writes it
/// (its settings followed by their CRC-32, little-endian). Files that merely carry those
/// names are not opened, so sled never rewrites someone else's `conf`.
fn is_database(dir: &Path) -> bool {
    dir.join("db").is_file() && std::fs::read(dir.join("conf")).is_ok_and(|c| is_sled_conf(&c))
}

fn is_sled_conf(bytes: &[u8]) -> bool {
    if bytes.len() <= 8 {
        return false;
    }
    let (body, crc) = bytes.split_at(bytes.len() - 4);
    let crc = u32::from_le_bytes([crc[0], crc[1], crc[2], crc[3]]);
    // sled writes the CRC-32 of crc32fast (ISO-HDLC, as zip and PNG use).
    const CRC: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);
    CRC.checksum(body) == crc && body.starts_with(b"segment_size:")
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// Refuses a path that is not a stroom database, without touching it.
fn check_path(path: &Path, create: bool) -> Result<(), StoreError> {
    let shown = path.display().to_string();
    if !path.exists() {
        return if create {
            Ok(())
        } else {
            Err(StoreError::Missing { path: shown })
        };
    }
    if !path.is_dir() {
        return Err(StoreError::NotADatabase {
            path: shown,
            why: NotADatabase::NotAFolder,
        });
    }
    if is_database(path) || (create && is_empty_dir(path)) {
        return Ok(());
    }
    if is_empty_dir(path) {
        return Err(StoreError::Missing { path: shown });
    }
    // sled's files beside stroom's own (the anchor journal, the lock), with a `conf` that
    // fails its checksum: a damaged stroom database, not someone else's folder.
    let ours = path.join(crate::anchor::ANCHOR_FILE).is_file()
        || path.join(crate::lock::LOCK_FILE).is_file();
    if ours && path.join("db").is_file() && path.join("conf").is_file() {
        return Err(StoreError::Corrupt(Corruption::SledSettings {
            db: shown,
            conf: path.join("conf").display().to_string(),
        }));
    }
    Err(StoreError::NotADatabase {
        path: shown,
        why: NotADatabase::OtherFiles,
    })
}

/// Refuses `path` untouched when it is not a stroom database (or, with `create`, a path
/// where one may be created): for a command that reads its input before opening.
///
/// # Errors
/// [`StoreError::Missing`] or [`StoreError::NotADatabase`].
pub fn check_database_path(path: &Path, create: bool) -> Result<(), StoreError> {
    check_path(path, create)
}

/// Half-written snapshots (`snap.*.generating`) in a sled directory.
fn stale_snapshots(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("snap.") && n.ends_with(".generating"))
        })
        .collect()
}

/// Opens (creating it when missing, never truncating) the database's lock file.
fn open_lock_file(lock_path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(lock_path)
}

/// Removes the half-written snapshots a killed sled left (they would break its next open),
/// under the exclusive lock, and says which: the repairs to report.
fn remove_stale_snapshots(dir: &Path) -> std::io::Result<Vec<Repair>> {
    let mut repairs = Vec::new();
    for stale in stale_snapshots(dir) {
        std::fs::remove_file(&stale)?;
        repairs.push(Repair::StaleSnapshot {
            file: stale.display().to_string(),
        });
    }
    Ok(repairs)
}

/// Copies a sled directory's files (not the lock, not half-written snapshots).
fn copy_database(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        let name_str = name.to_string_lossy();
        // Never the secret key: a reader needs only the public one, and an auditor may not
        // read the secret.
        if name_str == crate::lock::LOCK_FILE
            || name_str == crate::sign::KEY_FILE
            || name_str == format!("{}.new", crate::sign::KEY_FILE)
            || name_str.ends_with(".generating")
        {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_database(&entry.path(), &to.join(&name))?;
        } else if kind.is_file() {
            // Not fs::copy: that copies the permissions too, and the copy of a read-only
            // database must be writable for sled to open it.
            let mut src = std::fs::File::open(entry.path())?;
            let mut dst = std::fs::File::create(to.join(&name))?;
            std::io::copy(&mut src, &mut dst)?;
        }
    }
    Ok(())
}

/// Copies the database into a new temporary folder in `within` (default: the system's).
/// Without `within`, a copy that fails (a full disk, often the database's own) is made in
/// `/dev/shm`, a folder in memory, instead: reading a full disk is when a backup is needed
/// most.
fn copy_for_reading(path: &Path, within: Option<&Path>) -> std::io::Result<tempfile::TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("stroom-read-");
    let copy_into = |dir: std::io::Result<tempfile::TempDir>| {
        let copy = dir?;
        copy_database(path, copy.path())?;
        Ok(copy)
    };
    if let Some(within) = within {
        return copy_into(builder.tempdir_in(within));
    }
    copy_into(builder.tempdir()).or_else(|first| {
        let shm = Path::new("/dev/shm");
        if shm.is_dir() {
            copy_into(builder.tempdir_in(shm)).map_err(|_| first)
        } else {
            Err(first)
        }
    })
}

impl SledStore {
    /// Opens (creating if needed) the database at `path` for writing, waiting up to
    /// `wait` for another process. Shorthand for [`SledStore::open_write`] without notices.
    ///
    /// # Errors
    /// See [`SledStore::open_write`].
    pub fn open(path: &Path, wait: Duration) -> Result<SledStore, StoreError> {
        Self::open_with(path, wait, &Options::default())
    }

    /// [`SledStore::open`] with sled's tuning (a server bounds sled's cache).
    ///
    /// # Errors
    /// See [`SledStore::open_write`].
    pub fn open_with(
        path: &Path,
        wait: Duration,
        options: &Options,
    ) -> Result<SledStore, StoreError> {
        Self::open_write_with(path, Access::Create, wait, &mut || {}, options).map(|(s, _)| s)
    }

    /// Opens the database at `path` for writing: takes the exclusive lock (waiting up to
    /// `wait`, calling `on_wait` once after a second), repairs what a crash can leave
    /// (see [`Repair`]) and opens sled.
    ///
    /// # Errors
    /// A missing database (with [`Access::Write`]), a path that is not a stroom
    /// database (refused untouched), a database still locked after `wait`, one of
    /// another format version, or I/O failure.
    pub fn open_write(
        path: &Path,
        access: Access,
        wait: Duration,
        on_wait: &mut dyn FnMut(),
    ) -> Result<(SledStore, Vec<Repair>), StoreError> {
        Self::open_write_with(path, access, wait, on_wait, &Options::default())
    }

    /// [`SledStore::open_write`] with sled's tuning and how the store closes.
    ///
    /// # Errors
    /// See [`SledStore::open_write`].
    pub fn open_write_with(
        path: &Path,
        access: Access,
        wait: Duration,
        on_wait: &mut dyn FnMut(),
        options: &Options,
    ) -> Result<(SledStore, Vec<Repair>), StoreError> {
        let t = Instant::now();
        check_path(path, access == Access::Create)?;
        let (own_path, options) = (path.to_path_buf(), options.clone());
        watched(path, options.flush_timeout, wait, on_wait, move |r| {
            let lock = exclusive_lock(&own_path, wait, &mut || r.waiting())?;
            r.locked();
            timed("lock", t);
            Self::open_locked(&own_path, lock, wait, &options)
        })
    }

    /// Opens the database for a recording command (`approve`, `new`, …): the anchor
    /// journal only, when sled lags it by at most `options.sled_lag_bound` bytes (see
    /// [`SLED_LEN_FILE`]); else, and for a database being created or without a recorded
    /// sled length, as [`SledStore::open_write_with`] (sled opened, brought up to date,
    /// written too). A store opened on the anchor alone checks each append against the
    /// anchor's head of the stroom, signs it, and appends it to the anchor with one fsync:
    /// sled catches up at the next open that opens it (DESIGN.md, "When does sled catch
    /// up?").
    ///
    /// # Errors
    /// As [`SledStore::open_write`]; an anchor line that is not a record
    /// ([`StoreError::AnchorCorrupt`]).
    pub fn open_record(
        path: &Path,
        access: Access,
        wait: Duration,
        on_wait: &mut dyn FnMut(),
        options: &Options,
    ) -> Result<(SledStore, Vec<Repair>), StoreError> {
        let Some(bound) = options.sled_lag_bound else {
            return Self::open_write_with(path, access, wait, on_wait, options);
        };
        let t = Instant::now();
        check_path(path, access == Access::Create)?;
        if !is_database(path) {
            return Self::open_write_with(path, access, wait, on_wait, options);
        }
        let (own_path, options) = (path.to_path_buf(), options.clone());
        watched(path, options.flush_timeout, wait, on_wait, move |r| {
            let path = own_path.as_path();
            let lock = exclusive_lock(path, wait, &mut || r.waiting())?;
            r.locked();
            timed("lock", t);
            let Some(lag) = sled_lag(path) else {
                return Self::open_locked(path, lock, wait, &options);
            };
            if lag >= bound {
                tracing::debug!(
                    lag,
                    bound,
                    "sled lags the anchor journal beyond the bound: catching up"
                );
                return Self::open_locked(path, lock, wait, &options);
            }
            Self::open_journal(path, lock, &options)
        })
    }

    /// [`SledStore::open_record`] on the anchor journal alone, once the exclusive lock is
    /// held.
    fn open_journal(
        path: &Path,
        lock: crate::lock::DbLock,
        options: &Options,
    ) -> Result<(SledStore, Vec<Repair>), StoreError> {
        let t = Instant::now();
        let shown = path.display().to_string();
        let io = |error: std::io::Error| StoreError::Io {
            path: shown.clone(),
            error,
        };
        // sled is not opened here, but a half-written snapshot would break its next open:
        // removed now, under the exclusive lock, as every writer does.
        let mut repairs = remove_stale_snapshots(path).map_err(io)?;
        repairs.extend(settle_key(path)?);
        if let Some(known) = crate::sign::key_missing(path).map_err(io)? {
            return Err(StoreError::Corrupt(key_missing(path, &known)));
        }
        let (signer, _created) = crate::sign::Signer::load_or_create(path).map_err(io)?;
        timed("signing-key", t);
        let t = Instant::now();
        let anchor_path = path.join(crate::anchor::ANCHOR_FILE);
        let read = match &options.focus {
            Some(focus) => {
                let focus: Vec<&str> = focus.iter().map(String::as_str).collect();
                crate::anchor::View::read_for(&anchor_path, &focus)
            }
            None => crate::anchor::View::read(&anchor_path),
        };
        let view = match read.map_err(io)? {
            Some(read) => read,
            None => {
                return Err(io(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("{} is missing", anchor_path.display()),
                )))
            }
        }
        .map_err(|bad| StoreError::AnchorCorrupt {
            file: anchor_path.display().to_string(),
            line: bad.line,
            reason: bad.reason,
        })?;
        if view.torn {
            repairs.push(Repair::TornAnchor {
                file: anchor_path.display().to_string(),
                cut: true,
            });
        }
        let mut anchor = crate::anchor::Anchor::open_repairing(
            path,
            view.valid_len(),
            view.torn,
            view.unterminated,
        )
        .map_err(io)?;
        anchor.sync_timeout = Some(options.flush_timeout);
        timed("anchor-read-index", t);
        let store = SledStore {
            path: path.to_path_buf(),
            sled: None,
            lock: Some(lock),
            copy: None,
            anchor: Mutex::new(Some(anchor)),
            diverged: BTreeMap::new(),
            faults: Vec::new(),
            public: Some(signer.public()),
            signer: Some(signer),
            sync_on_close: options.sync_on_close,
            broken: std::sync::OnceLock::new(),
            view: Some(std::sync::RwLock::new(view)),
            journal: true,
            flush_timeout: options.flush_timeout,
            rotations: crate::sign::rotations(path).map_err(io)?,
            read_wait: Duration::ZERO,
        };
        Ok((store, repairs))
    }

    /// [`SledStore::open_write_with`] once the exclusive lock is held.
    fn open_locked(
        path: &Path,
        lock: crate::lock::DbLock,
        wait: Duration,
        options: &Options,
    ) -> Result<(SledStore, Vec<Repair>), StoreError> {
        let t = Instant::now();
        let shown = path.display().to_string();
        let io = |error: std::io::Error| StoreError::Io {
            path: shown.clone(),
            error,
        };
        let mut repairs = remove_stale_snapshots(path).map_err(io)?;
        timed("stale-snapshots", t);
        let t = Instant::now();
        let mut store = Self::open_sled(path, path, wait, options)?;
        store.sync_on_close = options.sync_on_close;
        store.flush_timeout = options.flush_timeout;
        store.lock = Some(lock);
        timed("sled-open", t);
        let t = Instant::now();
        // The signing key, created by the first write (a database from before signing gets
        // one now; its older records stay unsigned). A database that has signed records
        // and lost its key is refused: a new key made silently would leave every earlier
        // record looking signed by another database. A key rotation a crash interrupted
        // is finished or undone first.
        repairs.extend(settle_key(path)?);
        if let Some(known) = crate::sign::key_missing(path).map_err(io)? {
            return Err(StoreError::Corrupt(key_missing(path, &known)));
        }
        let (signer, _created) = crate::sign::Signer::load_or_create(path).map_err(io)?;
        store.public = Some(signer.public());
        store.signer = Some(signer);
        timed("signing-key", t);
        let t = Instant::now();
        repairs.extend(store.reconcile(path, true)?);
        // What sled now holds, for the next recording command to measure its lag by; none
        // while a stroom differs, so that every writer compares again.
        let held = if store.diverged.is_empty() {
            store.anchor_len()?
        } else {
            None
        };
        write_sled_len(path, held).map_err(io)?;
        if let Some(a) = store
            .anchor
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
        {
            a.sync_timeout = Some(options.flush_timeout);
        }
        timed("anchor-check", t);
        Ok((store, repairs))
    }

    /// Opens the database at `path` for reading, without writing a byte to it and without
    /// sled: under the shared lock (when the lock file can be opened: an auditor with
    /// read-only access reads without it) it reads the anchor journal into memory, then
    /// lets go. The anchor is the write-ahead log: it holds every acknowledged record
    /// (fsynced before success was printed, and before sled was written), and a writer
    /// holds the exclusive lock while appending, so the reader sees whole commands only (a
    /// torn last line, never acknowledged, is left out). Loading a stroom checks its chain
    /// as ever ([`Store::load_verified`]); comparing sled with the anchor and checking
    /// signatures is [`SledStore::open_audit`]'s and `verify`'s job. A database from before
    /// the anchor is read as [`SledStore::open_audit`] reads it.
    ///
    /// # Errors
    /// A missing database, a path that is not a stroom database, a lock still held after
    /// `wait`, an anchor line other than the last that is not a record, or I/O failure.
    pub fn open_read(
        path: &Path,
        wait: Duration,
        on_wait: &mut dyn FnMut(),
    ) -> Result<(SledStore, Vec<Repair>), StoreError> {
        Self::open_read_with(path, wait, on_wait, &Options::default())
    }

    /// [`SledStore::open_read`], giving up on a disk that does not answer (a read that
    /// never returns) after `options.flush_timeout`: the lock file, the anchor journal and
    /// the key files are read on a thread of its own ([`crate::watchdog`]). With
    /// `options.focus` (`show`, `log`, `plan REF`), only those strooms' lines of the anchor
    /// are kept ([`crate::anchor::View::read_for`]); asking about another stroom, or for the
    /// list of strooms, reads the whole anchor then (under the shared lock again). The only
    /// options it reads are these two.
    ///
    /// # Errors
    /// As [`SledStore::open_read`]; [`StoreError::Unresponsive`].
    pub fn open_read_with(
        path: &Path,
        wait: Duration,
        on_wait: &mut dyn FnMut(),
        options: &Options,
    ) -> Result<(SledStore, Vec<Repair>), StoreError> {
        check_path(path, false)?;
        let (own_path, timeout) = (path.to_path_buf(), options.flush_timeout);
        let (focus, every_trail) = (options.focus.clone(), options.every_trail);
        watched_as(path, timeout, DiskWait::Read, wait, on_wait, move |r| {
            let focus = focus.as_deref();
            Self::open_read_watched(
                &own_path,
                wait,
                &mut || r.waiting(),
                &mut || r.locked(),
                focus,
                every_trail,
            )
            .map(|(mut store, repairs)| {
                store.flush_timeout = timeout;
                (store, repairs)
            })
        })
    }

    /// [`SledStore::open_read`], on the thread that watches the disk.
    fn open_read_watched(
        path: &Path,
        wait: Duration,
        on_wait: &mut dyn FnMut(),
        on_locked: &mut dyn FnMut(),
        focus: Option<&[String]>,
        every_trail: bool,
    ) -> Result<(SledStore, Vec<Repair>), StoreError> {
        let shown = path.display().to_string();
        let io = |error: std::io::Error| StoreError::Io {
            path: shown.clone(),
            error,
        };
        let lock = shared_lock(path, wait, on_wait, &shown)?;
        on_locked();
        let anchor_path = path.join(crate::anchor::ANCHOR_FILE);
        let t = Instant::now();
        let read = match focus {
            Some(focus) => {
                let focus: Vec<&str> = focus.iter().map(String::as_str).collect();
                crate::anchor::View::read_for(&anchor_path, &focus)
            }
            None if every_trail => crate::anchor::View::read_trails(&anchor_path),
            None => crate::anchor::View::read(&anchor_path),
        }
        .map_err(io)?;
        drop(lock);
        timed("anchor-read-index", t);
        let view = match read {
            None => return Self::open_audit_watched(path, wait, on_wait, on_locked),
            Some(Err(bad)) => {
                return Err(StoreError::AnchorCorrupt {
                    file: anchor_path.display().to_string(),
                    line: bad.line,
                    reason: bad.reason,
                })
            }
            Some(Ok(view)) => view,
        };
        let mut repairs = Vec::new();
        if view.torn {
            repairs.push(Repair::TornAnchor {
                file: anchor_path.display().to_string(),
                cut: false,
            });
        }
        let store = SledStore {
            path: path.to_path_buf(),
            sled: None,
            lock: None,
            copy: None,
            anchor: Mutex::new(None),
            diverged: BTreeMap::new(),
            faults: Vec::new(),
            signer: None,
            public: crate::sign::read_public(path).map_err(io)?,
            sync_on_close: true,
            flush_timeout: FLUSH_TIMEOUT,
            broken: std::sync::OnceLock::new(),
            view: Some(std::sync::RwLock::new(view)),
            journal: false,
            rotations: crate::sign::rotations(path).map_err(io)?,
            read_wait: wait,
        };
        Ok((store, repairs))
    }

    /// Replaces the database's signing key with a new one (`stroom key --rotate`), under
    /// the exclusive lock: endorsed by the current key when its secret is there, else
    /// recorded as replacing a lost key ([`crate::sign::rotate`], crash-safe at every
    /// step). A rotation a crash interrupted is finished or undone first
    /// ([`crate::sign::settle`]); the repairs come back with the rotation.
    ///
    /// The lock file, the rotation record and the key files, each fsynced, are written on a
    /// thread of its own, given up after `options.flush_timeout` (the only option it reads)
    /// when the disk does not answer.
    ///
    /// # Errors
    /// A missing database, a lock still held after `wait`, key files that do not belong
    /// together, no key to rotate, or I/O failure; [`StoreError::Unresponsive`].
    pub fn rotate_key(
        path: &Path,
        wait: Duration,
        on_wait: &mut dyn FnMut(),
        at: jiff::Timestamp,
        options: &Options,
    ) -> Result<(crate::sign::Rotation, Vec<Repair>), StoreError> {
        check_path(path, false)?;
        let own_path = path.to_path_buf();
        watched_as(
            path,
            options.flush_timeout,
            DiskWait::KeyRotation,
            wait,
            on_wait,
            move |r| {
                let path = own_path.as_path();
                let shown = path.display().to_string();
                let io = |error: std::io::Error| StoreError::Io {
                    path: shown.clone(),
                    error,
                };
                let lock_path = path.join(crate::lock::LOCK_FILE);
                let file = open_lock_file(&lock_path).map_err(io)?;
                let _lock = lock_file(
                    file,
                    &lock_path,
                    crate::lock::Mode::Exclusive,
                    wait,
                    &mut || r.waiting(),
                    &shown,
                )?;
                r.locked();
                let settled = settle_key(path)?;
                let lost = crate::sign::key_missing(path).map_err(io)?;
                let rotation = crate::sign::rotate(path, lost, at).map_err(io)?;
                Ok((rotation, settled))
            },
        )
    }

    /// What flushes the database's other trees ([`SledStore::tree`]: the server's users,
    /// sessions and tokens) under the store's disk timeout, as [`SledStore::flush`] does.
    pub fn tree_flusher(&self) -> TreeFlusher {
        TreeFlusher {
            path: self.path.clone(),
            timeout: self.flush_timeout,
        }
    }

    /// Opens the database at `path` for auditing (`verify`, `export`, `key`), without
    /// writing a byte to it: takes the shared lock (when the lock file can be opened: an
    /// auditor with read-only access reads without it), copies the database into a
    /// temporary directory, lets go of the lock and opens the copy, comparing sled with
    /// the whole anchor journal. sled 0.34 cannot open a database read-only, and opening it
    /// writes; the copy is what makes `verify` and `export` work on a read-only or full
    /// disk, and keeps a reader that is slow to print from holding up writers.
    ///
    /// # Errors
    /// A missing database, a path that is not a stroom database, a lock still held after
    /// `wait`, or I/O failure.
    pub fn open_audit(
        path: &Path,
        wait: Duration,
        on_wait: &mut dyn FnMut(),
    ) -> Result<(SledStore, Vec<Repair>), StoreError> {
        Self::open_audit_with(path, wait, on_wait, &Options::default())
    }

    /// [`SledStore::open_audit`], giving up on a disk that does not answer after
    /// `options.flush_timeout` (the only option it reads).
    ///
    /// # Errors
    /// As [`SledStore::open_audit`]; [`StoreError::Unresponsive`].
    pub fn open_audit_with(
        path: &Path,
        wait: Duration,
        on_wait: &mut dyn FnMut(),
        options: &Options,
    ) -> Result<(SledStore, Vec<Repair>), StoreError> {
        check_path(path, false)?;
        let own_path = path.to_path_buf();
        watched(path, options.flush_timeout, wait, on_wait, move |r| {
            Self::open_audit_watched(&own_path, wait, &mut || r.waiting(), &mut || r.locked())
        })
    }

    /// [`SledStore::open_audit`], on the thread that watches the disk.
    fn open_audit_watched(
        path: &Path,
        wait: Duration,
        on_wait: &mut dyn FnMut(),
        on_locked: &mut dyn FnMut(),
    ) -> Result<(SledStore, Vec<Repair>), StoreError> {
        let shown = path.display().to_string();
        let io = |error: std::io::Error| StoreError::Io {
            path: shown.clone(),
            error,
        };
        let lock = shared_lock(path, wait, on_wait, &shown)?;
        on_locked();
        // The system's temporary folder first; when the copy, or sled opening it, finds
        // that disk full (often the database's own), a folder in memory.
        let mut copy = copy_for_reading(path, None).map_err(io)?;
        let mut opened = Self::open_sled(copy.path(), path, wait, &Options::default());
        if matches!(&opened, Err(StoreError::Sled { error: sled::Error::Io(e), .. }) if is_disk_full(e))
        {
            if let Ok(in_memory) = copy_for_reading(path, Some(Path::new("/dev/shm"))) {
                copy = in_memory;
                opened = Self::open_sled(copy.path(), path, wait, &Options::default());
            }
        }
        drop(lock);
        let mut store = opened?;
        store.public = crate::sign::read_public(path).map_err(io)?;
        let dir = copy.path().to_path_buf();
        store.copy = Some(copy);
        let repairs = store.reconcile(&dir, false)?;
        Ok((store, repairs))
    }

    /// Opens sled at `dir`; `path` is the database as the user named it. A panic inside
    /// sled (it panics on some I/O errors) becomes an error.
    fn open_sled(
        dir: &Path,
        path: &Path,
        wait: Duration,
        options: &Options,
    ) -> Result<SledStore, StoreError> {
        guard(path, || Self::open_sled_unguarded(dir, path, wait, options))
    }

    fn open_sled_unguarded(
        dir: &Path,
        path: &Path,
        wait: Duration,
        options: &Options,
    ) -> Result<SledStore, StoreError> {
        let shown = path.display().to_string();
        let start = Instant::now();
        let mut config = sled::Config::new()
            .path(dir)
            // No background flusher: every append flushes itself, and the flusher's
            // thread made each command wait for it on exit.
            .flush_every_ms(None);
        if let Some(bytes) = options.cache_capacity {
            config = config.cache_capacity(bytes);
        }
        let db = loop {
            match config.open() {
                Ok(db) => break db,
                Err(sled::Error::Io(e)) if e.to_string().contains("could not acquire lock") => {
                    tracing::debug!(path = %shown, "database locked by another process; waiting");
                    if start.elapsed() >= wait {
                        return Err(StoreError::Locked { path: shown });
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(error) => return Err(StoreError::Sled { path: shown, error }),
            }
        };
        let sled_err = |error| StoreError::Sled {
            path: shown.clone(),
            error,
        };
        let meta = db.open_tree("meta").map_err(sled_err)?;
        let events = db.open_tree("events").map_err(sled_err)?;
        let heads = db.open_tree("heads").map_err(sled_err)?;
        match meta.get("format").map_err(sled_err)? {
            None if events.is_empty() && heads.is_empty() => {
                meta.insert("format", DB_FORMAT.to_string().as_bytes())
                    .map_err(sled_err)?;
                db.flush().map_err(sled_err)?;
            }
            None => {
                return Err(StoreError::Format {
                    path: shown,
                    found: "none".into(),
                    supported: DB_FORMAT,
                })
            }
            Some(v) if v.as_ref() == DB_FORMAT.to_string().as_bytes() => {}
            Some(v) => {
                return Err(StoreError::Format {
                    path: shown,
                    found: String::from_utf8_lossy(&v).into_owned(),
                    supported: DB_FORMAT,
                })
            }
        }
        Ok(SledStore {
            path: path.to_path_buf(),
            sled: Some(Handles {
                db,
                events,
                heads,
                meta,
            }),
            lock: None,
            copy: None,
            anchor: Mutex::new(None),
            diverged: BTreeMap::new(),
            faults: Vec::new(),
            signer: None,
            public: None,
            sync_on_close: true,
            flush_timeout: FLUSH_TIMEOUT,
            broken: std::sync::OnceLock::new(),
            view: None,
            journal: false,
            rotations: crate::sign::rotations(path).map_err(|error| StoreError::Io {
                path: shown.clone(),
                error,
            })?,
            read_wait: Duration::ZERO,
        })
    }

    /// Switches on injected faults (tests: a full disk or failing fsync at these points).
    pub fn inject_faults(&mut self, points: &[crate::anchor::fault::Point]) {
        self.faults = points.to_vec();
        if let Some(a) = self
            .anchor
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
        {
            a.faults = points.to_vec();
        }
    }

    /// Brings sled and the anchor journal in `dir` together. A writer (`write`) first tries
    /// [`SledStore::reconcile_tail`], which reads only what sled may lack; anything else
    /// (and every reader of a copy: `verify`, `export`) compares the whole of both.
    fn reconcile(&mut self, dir: &Path, write: bool) -> Result<Vec<Repair>, StoreError> {
        if write {
            if let Some(repairs) = self.reconcile_tail(dir)? {
                return Ok(repairs);
            }
        }
        self.reconcile_full(dir, write)
    }

    /// The anchor's length sled holds every record of (`None` in a database from before
    /// it was kept, or after a comparison found a stroom sled holds differently).
    fn anchor_len(&self) -> Result<Option<u64>, StoreError> {
        let value = self
            .h()
            .meta
            .get(ANCHOR_LEN)
            .map_err(|e| self.sled_err(e))?;
        Ok(value.and_then(|v| std::str::from_utf8(&v).ok()?.parse().ok()))
    }

    /// Sets (or with `None` removes) sled's `anchor-len`, flushed.
    fn set_anchor_len(&self, len: Option<u64>) -> Result<(), StoreError> {
        guard(&self.path, || {
            let meta = &self.h().meta;
            match len {
                Some(len) => meta.insert(ANCHOR_LEN, len.to_string().as_bytes()),
                None => meta.remove(ANCHOR_LEN),
            }
            .map_err(|e| self.sled_err(e))?;
            self.h().db.flush().map_err(|e| self.sled_err(e))?;
            Ok(())
        })
    }

    /// A writer's check at open, reading only the anchor's lines after sled's
    /// `anchor-len`: every record before it is in sled (they were written in the same sled
    /// transaction as that length, so sled can only lose both). The lines after it are what
    /// a command killed between the two writes, or a tail sled dropped, leaves: each must
    /// follow its stroom's head in sled, and is restored. A torn last line is cut off.
    /// Returns `None` when this cannot decide (no length recorded, an anchor shorter than
    /// it, a line that does not follow): the full comparison then decides and names what
    /// differs. What it does not look at, records before the length, `verify` compares.
    fn reconcile_tail(&mut self, dir: &Path) -> Result<Option<Vec<Repair>>, StoreError> {
        use crate::anchor::{self, ANCHOR_FILE};
        use std::io::{Read as _, Seek as _};
        let io = |error| StoreError::Io {
            path: self.path.display().to_string(),
            error,
        };
        let Some(covered) = self.anchor_len()? else {
            return Ok(None);
        };
        let anchor_path = dir.join(ANCHOR_FILE);
        let mut file = match std::fs::File::open(&anchor_path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io(e)),
        };
        if file.metadata().map_err(io)?.len() < covered {
            return Ok(None);
        }
        file.seek(std::io::SeekFrom::Start(covered)).map_err(io)?;
        let mut tail = Vec::new();
        file.read_to_end(&mut tail).map_err(io)?;
        drop(file);
        let Ok(contents) = anchor::parse(&tail) else {
            return Ok(None);
        };
        let mut batches = Vec::new();
        for (reference, records) in &contents.chains {
            let Ok(head) = self.head(reference) else {
                return Ok(None);
            };
            let Some(first) = records.first() else {
                continue;
            };
            if check_follows(reference, head.as_ref(), first).is_err()
                || records.windows(2).any(|w| w[1].seq != w[0].seq + 1)
            {
                return Ok(None);
            }
            batches.push((reference.as_str(), records.as_slice()));
        }
        let valid_len = covered + contents.valid_len;
        let mut repairs = Vec::new();
        if contents.torn {
            repairs.push(Repair::TornAnchor {
                file: self.path.join(ANCHOR_FILE).display().to_string(),
                cut: true,
            });
        }
        if !batches.is_empty() {
            guard(&self.path, || {
                self.write_sled(&batches, Some(valid_len))?;
                self.h().db.flush().map_err(|e| self.sled_err(e))
            })?;
            let held = read_sled_len(dir);
            let mut caught_up = 0;
            for (reference, records) in &batches {
                let ends = contents.ends.get(*reference).map_or(&[][..], Vec::as_slice);
                let ends: Vec<u64> = ends.iter().map(|e| covered + e).collect();
                caught_up += restored(reference, records, &ends, held, true, &mut repairs);
            }
            if caught_up > 0 {
                repairs.push(Repair::CaughtUp {
                    events: caught_up,
                    in_database: true,
                });
            }
        }
        let a =
            anchor::Anchor::open_repairing(dir, valid_len, contents.torn, contents.unterminated)
                .map_err(io)?;
        *self
            .anchor
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(a);
        Ok(Some(repairs))
    }

    /// Compares sled with the anchor journal in `dir`, every record: restores what the
    /// anchor holds and sled lost, and marks strooms that sled holds differently. A writer
    /// (`write`) opens the anchor for appending, cutting off a torn tail or starting it for
    /// an old database, and records sled's `anchor-len` when nothing differs.
    fn reconcile_full(&mut self, dir: &Path, write: bool) -> Result<Vec<Repair>, StoreError> {
        use crate::anchor::{self, ANCHOR_FILE};
        let anchor_path = dir.join(ANCHOR_FILE);
        let shown_anchor = self.path.join(ANCHOR_FILE).display().to_string();
        let io = |error| StoreError::Io {
            path: self.path.display().to_string(),
            error,
        };
        let exists = anchor_path.exists();
        let contents =
            anchor::read(&anchor_path)
                .map_err(io)?
                .map_err(|bad| StoreError::AnchorCorrupt {
                    file: shown_anchor.clone(),
                    line: bad.line,
                    reason: bad.reason,
                })?;
        let mut repairs = Vec::new();
        if contents.torn {
            repairs.push(Repair::TornAnchor {
                file: shown_anchor.clone(),
                cut: write,
            });
        }
        let references = self.references()?;
        if !exists {
            if write {
                let mut a = anchor::Anchor::open(dir, 0, false).map_err(io)?;
                let mut all = Vec::new();
                for r in &references {
                    // A stroom that does not decode stays out: verify names it.
                    all.extend(self.load(r).unwrap_or_default());
                }
                if !all.is_empty() {
                    a.append(&all).map_err(io)?;
                    repairs.push(Repair::AnchorStarted { events: all.len() });
                }
                self.set_anchor_len(Some(a.len()))?;
                *self
                    .anchor
                    .get_mut()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(a);
            } else if !references.is_empty() {
                repairs.push(Repair::NoAnchor);
            }
            return Ok(repairs);
        }
        let mut all: BTreeSet<&String> = contents.chains.keys().collect();
        all.extend(references.iter());
        let empty = Vec::new();
        let held = read_sled_len(dir);
        let mut caught_up = 0;
        for reference in all {
            let anchored = contents.chains.get(reference).unwrap_or(&empty);
            let Ok(stored) = self.load(reference) else {
                continue; // does not decode: verify names it
            };
            // Every field, not the hash alone: an anchor line altered with its hash kept
            // must not pass (it would fail its hash in `show`).
            if let Some((i, (s, a))) = stored
                .iter()
                .zip(anchored)
                .enumerate()
                .find(|(_, (s, a))| s != a)
            {
                let how = if s.hash == a.hash && a.compute_hash() != a.hash {
                    Divergence::AnchorAltered
                } else {
                    Divergence::Differs
                };
                self.diverged.insert(reference.clone(), (i as u64 + 1, how));
                continue;
            }
            if stored.len() > anchored.len() {
                self.diverged.insert(
                    reference.clone(),
                    (anchored.len() as u64 + 1, Divergence::NotInAnchor),
                );
                continue;
            }
            if anchored.len() > stored.len() {
                let missing = &anchored[stored.len()..];
                guard(&self.path, || {
                    self.write_sled(&[(reference.as_str(), missing)], None)?;
                    self.h().db.flush().map_err(|e| self.sled_err(e))
                })?;
                let ends = contents.ends.get(reference).map_or(&[][..], Vec::as_slice);
                let ends = ends.get(stored.len()..).unwrap_or_default();
                caught_up += restored(reference, missing, ends, held, write, &mut repairs);
            }
        }
        if caught_up > 0 {
            repairs.push(Repair::CaughtUp {
                events: caught_up,
                in_database: write,
            });
        }
        if write {
            let a = anchor::Anchor::open_repairing(
                dir,
                contents.valid_len,
                contents.torn,
                contents.unterminated,
            )
            .map_err(io)?;
            // With a stroom that differs the length stays unset, so every open compares
            // the whole again and keeps refusing it.
            self.set_anchor_len(self.diverged.is_empty().then_some(a.len()))?;
            *self
                .anchor
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(a);
        }
        Ok(repairs)
    }

    /// Like [`Store::append`], but without the fsyncs: the batch goes to the anchor
    /// journal (written, not yet synced) and then into sled atomically, visible to readers,
    /// durable only after the next [`SledStore::flush`]. For group commit: a writer appends
    /// several commands, flushes once, then acknowledges them all.
    ///
    /// # Errors
    /// As [`Store::append`].
    pub fn append_unflushed(&self, batches: &[(&str, &[Record])]) -> Result<(), StoreError> {
        self.writable()?;
        let signed = self.signed(batches);
        let batches = &as_batches(&signed)[..];
        if self.journal {
            return self.append_journal(batches, false);
        }
        // One append at a time in this process (other processes wait for the file lock):
        // the anchor's order is the commit order.
        let mut anchor = self
            .anchor
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (reference, records) in batches {
            if let Some(first) = records.first() {
                check_follows(reference, self.head(reference)?.as_ref(), first)?;
            }
        }
        // The anchor first: once it is on disk the command is durable, whatever happens
        // to sled's write (the next open restores it).
        if let Some(a) = anchor.as_mut() {
            a.write(batches.iter().flat_map(|(_, r)| r.iter()))
                .map_err(|error| StoreError::Commit {
                    path: self.path.display().to_string(),
                    anchored: false,
                    error,
                })?;
        }
        // Under the anchor's lock, so that sled's `anchor-len` only grows.
        let anchor_len = anchor.as_ref().map(crate::anchor::Anchor::len);
        self.commit_sled(batches, anchor_len, false)
    }

    /// Group commit's append without a sled transaction per command: signs the records of
    /// `batches`, checks that each batch follows `head` (the caller's head of its stroom,
    /// which may be ahead of sled's: records appended this way and not yet in sled), and
    /// writes them to the anchor journal, not synced. sled is not written: the caller
    /// writes everything it appended this way with one [`SledStore::commit_sled_batch`]
    /// before it acknowledges any of it, and acknowledges after [`SledStore::flush_anchor`].
    /// Returns the records as stored (signed).
    ///
    /// # Errors
    /// As [`Store::append`]; a store without an anchor journal (a database opened for
    /// reading).
    pub fn append_anchor(
        &self,
        batches: &[(&str, &[Record])],
        head: &dyn Fn(&str) -> Result<Option<Head>, StoreError>,
    ) -> Result<Vec<(String, Vec<Record>)>, StoreError> {
        self.writable()?;
        self.sled_opened()?;
        let signed = self.signed(batches);
        let stored = as_batches(&signed);
        let mut anchor = self
            .anchor
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (reference, records) in &stored {
            if let Some(first) = records.first() {
                check_follows(reference, head(reference)?.as_ref(), first)?;
            }
        }
        let commit = |error| StoreError::Commit {
            path: self.path.display().to_string(),
            anchored: false,
            error,
        };
        let Some(a) = anchor.as_mut() else {
            return Err(commit(std::io::Error::other(
                "the database has no anchor journal open for appending",
            )));
        };
        a.write(stored.iter().flat_map(|(_, r)| r.iter()))
            .map_err(commit)?;
        drop(anchor);
        Ok(signed
            .into_iter()
            .map(|(reference, records)| (reference.to_string(), records))
            .collect())
    }

    /// Writes into sled, in one transaction together with the anchor journal's length,
    /// every record [`SledStore::append_anchor`] wrote since the last call (`batches`, in
    /// order within each stroom): one sled transaction for a whole group of commands
    /// instead of one each (sled seals and writes an I/O buffer per transaction). Not
    /// flushed ([`SledStore::flush`] does that later). A failure breaks the handle, as a
    /// failed flush does: sled then lacks records the anchor holds, and the next open
    /// restores them.
    ///
    /// # Errors
    /// [`StoreError::Commit`] (the records are in the anchor journal), or a broken handle.
    pub fn commit_sled_batch(&self, batches: &[(&str, &[Record])]) -> Result<(), StoreError> {
        self.writable()?;
        // Under the anchor's lock, so that sled's `anchor-len` only grows and covers every
        // line written before it.
        let anchor = self
            .anchor
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let len = anchor.as_ref().map(crate::anchor::Anchor::len);
        let committed = self.commit_sled(batches, len, false);
        drop(anchor);
        if let Err(e) = &committed {
            let _ = self.broken.set(e.to_string());
        }
        committed
    }

    /// Makes every append so far durable: the anchor journal's fsync, then sled's flush.
    ///
    /// # Errors
    /// [`StoreError::Commit`]: nothing acknowledged when the anchor failed; the records
    /// are in the anchor (restored at the next open) when sled failed.
    ///
    /// A failed flush breaks this handle for good: a failed fsync leaves the disk's state
    /// unknown (on Linux the next fsync may report success although the failed one's pages
    /// are gone), and every later write would rest on writes whose durability is unknown;
    /// acknowledging one after a later, successful flush could leave a hole in a chain. So
    /// every later append and flush fails; opening the database again reconciles sled with
    /// the anchor journal first.
    pub fn flush(&self) -> Result<(), StoreError> {
        let flushed = self.flush_once();
        if let (Err(e), Some(_)) = (&flushed, &self.sled) {
            let _ = self.broken.set(e.to_string());
        }
        flushed
    }

    fn flush_once(&self) -> Result<(), StoreError> {
        self.writable()?;
        let anchored = self.sync_anchor()?;
        if self.journal {
            return Ok(());
        }
        guard(&self.path, || self.flush_sled(anchored))
    }

    /// Makes every append so far durable in the anchor journal alone (its fsync), leaving
    /// sled's copy, written but not flushed, to a later [`SledStore::flush`]. Enough to
    /// acknowledge a command: the anchor is the write-ahead log, and a crash before sled's
    /// flush loses nothing it holds (the next open restores sled's missing tail from it,
    /// quietly: DESIGN.md, "When does sled catch up?"). The server answers its commands
    /// after this and flushes sled off their path. A store without an anchor journal
    /// flushes sled instead. A failure breaks the handle as [`SledStore::flush`]'s does.
    ///
    /// # Errors
    /// As [`SledStore::flush`].
    pub fn flush_anchor(&self) -> Result<(), StoreError> {
        let flushed = self
            .writable()
            .and_then(|()| self.sync_anchor())
            .and_then(|anchored| {
                if anchored || self.journal {
                    Ok(())
                } else {
                    guard(&self.path, || self.flush_sled(false))
                }
            });
        if let (Err(e), Some(_)) = (&flushed, &self.sled) {
            let _ = self.broken.set(e.to_string());
        }
        flushed
    }

    /// The anchor journal's fsync, made without holding its lock, so that appends go on
    /// meanwhile (they wait for the next sync); whether the store has an anchor journal.
    fn sync_anchor(&self) -> Result<bool, StoreError> {
        // The lines stay in the anchor on failure, and sled holds them in memory: their
        // durability is unknown, and the next open keeps the two consistent.
        let failed = |error| StoreError::Commit {
            path: self.path.display().to_string(),
            anchored: true,
            error,
        };
        let lock = || {
            self.anchor
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        let to_sync = match lock().as_ref() {
            None => return Ok(false),
            Some(a) => a.to_sync().map_err(failed)?,
        };
        if let Some((sync, upto)) = to_sync {
            sync.run().map_err(failed)?;
            if let Some(a) = lock().as_mut() {
                a.synced(upto);
            }
        }
        Ok(true)
    }

    fn flush_sled(&self, anchored: bool) -> Result<(), StoreError> {
        let path = self.path.display().to_string();
        crate::anchor::fault::check(&self.faults, crate::anchor::fault::Point::SledFlush).map_err(
            |error| StoreError::Commit {
                path: path.clone(),
                anchored,
                error,
            },
        )?;
        // A disk that never answers blocks sled's flush for good (and sled 0.34.7 could
        // wait forever for a write its own I/O thread failed to make: patched in
        // vendor/sled). So the flush runs on a thread of its own and is given up after
        // `flush_timeout`: the command then fails as with any other failed flush (nothing
        // is acknowledged; the anchor decides at the next open), instead of hanging the
        // process or the server.
        let db = self.h().db.clone();
        let own_path = self.path.clone();
        let flushed = crate::watchdog::within(self.flush_timeout, move || {
            guard(&own_path, || {
                db.flush().map(drop).map_err(|error| StoreError::Sled {
                    path: own_path.display().to_string(),
                    error,
                })
            })
        })
        .unwrap_or_else(|| {
            Err(StoreError::Commit {
                path: path.clone(),
                anchored,
                error: crate::watchdog::timed_out(self.flush_timeout),
            })
        });
        flushed.map_err(|e| match e {
            StoreError::Sled {
                error: sled::Error::Io(error),
                ..
            } => StoreError::Commit {
                path,
                anchored,
                error,
            },
            other => other,
        })
    }

    /// A named tree of the same database, for data that lives beside the strooms (the
    /// server's users, grants, sessions and tokens). Names of the store's own trees
    /// (`meta`, `events`, `heads`) are refused.
    ///
    /// # Errors
    /// A reserved name, or I/O failure.
    pub fn tree(&self, name: &str) -> Result<sled::Tree, StoreError> {
        self.writable()?;
        self.sled_opened()?;
        if matches!(name, "meta" | "events" | "heads") {
            return Err(StoreError::Corrupt(Corruption::ReservedTree {
                name: name.to_string(),
            }));
        }
        self.h().db.open_tree(name).map_err(|e| self.sled_err(e))
    }

    /// One sled transaction over `events` and `heads`, checking each batch follows its
    /// head; not flushed.
    fn write_sled(
        &self,
        batches: &[(&str, &[Record])],
        anchor_len: Option<u64>,
    ) -> Result<(), StoreError> {
        let h = self.h();
        let result = (&h.events, &h.heads, &h.meta).transaction(|(events, heads, meta)| {
            if let Some(len) = anchor_len {
                meta.insert(ANCHOR_LEN, len.to_string().as_bytes())?;
            }
            for (reference, records) in batches {
                let (Some(first), Some(last)) = (records.first(), records.last()) else {
                    continue;
                };
                let head = match heads.get(reference)? {
                    Some(v) => Some(serde_json::from_slice::<Head>(&v).map_err(|e| {
                        ConflictableTransactionError::Abort(StoreError::Corrupt(
                            Corruption::DoesNotDecode {
                                value: StoredValue::Head {
                                    stroom: reference.to_string(),
                                },
                                path: None,
                                detail: e.to_string(),
                            },
                        ))
                    })?),
                    None => None,
                };
                check_follows(reference, head.as_ref(), first)
                    .map_err(ConflictableTransactionError::Abort)?;
                for r in *records {
                    let json = serde_json::to_vec(r).expect("records always encode as JSON");
                    events.insert(event_key(reference, r.seq), json)?;
                }
                let head = Head {
                    seq: last.seq,
                    hash: last.hash.clone(),
                };
                heads.insert(
                    reference.as_bytes(),
                    serde_json::to_vec(&head).expect("heads encode"),
                )?;
            }
            Ok(())
        });
        match result {
            Ok(()) => {}
            Err(TransactionError::Abort(e)) => return Err(e),
            Err(TransactionError::Storage(e)) => return Err(self.sled_err(e)),
        }
        Ok(())
    }

    /// The database directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sled_err(&self, error: sled::Error) -> StoreError {
        StoreError::Sled {
            path: self.path.display().to_string(),
            error,
        }
    }

    /// sled's handles (present until the store is dropped).
    fn h(&self) -> &Handles {
        match &self.sled {
            Some(h) => h,
            None => unreachable!("sled's handles are taken only when the store is dropped"),
        }
    }

    /// The commit after the anchor holds the batch: sled's transaction and flush, where a
    /// panic or any sled error becomes [`StoreError::Commit`] saying the anchor holds it.
    fn commit_sled(
        &self,
        batches: &[(&str, &[Record])],
        anchor_len: Option<u64>,
        flush: bool,
    ) -> Result<(), StoreError> {
        let anchored = anchor_len.is_some();
        let result = guard(&self.path, || {
            self.write_sled(batches, anchor_len)?;
            if flush {
                self.flush_sled(anchored)?;
            }
            Ok(())
        });
        match result {
            Err(StoreError::Sled { path, error }) => Err(StoreError::Commit {
                path,
                anchored,
                error: match error {
                    sled::Error::Io(e) => e,
                    other => std::io::Error::other(sled_what(&other)),
                },
            }),
            other => other,
        }
    }

    fn decode<T: for<'de> Deserialize<'de>>(
        &self,
        value: StoredValue,
        bytes: &[u8],
    ) -> Result<T, StoreError> {
        serde_json::from_slice(bytes).map_err(|e| {
            StoreError::Corrupt(Corruption::DoesNotDecode {
                value,
                path: Some(self.path.display().to_string()),
                detail: e.to_string(),
            })
        })
    }
}

impl Store for SledStore {
    fn load(&self, reference: &str) -> Result<Vec<Record>, StoreError> {
        if let Some(view) = self.viewed_for(Some(reference))? {
            return Ok(self
                .view_load(&view, reference)?
                .into_iter()
                .map(|r| r.record)
                .collect());
        }
        if let Some((seq, divergence)) = self.diverged.get(reference) {
            return Err(StoreError::Diverged {
                stroom: reference.to_string(),
                seq: *seq,
                divergence: *divergence,
            });
        }
        let mut prefix = reference.as_bytes().to_vec();
        prefix.push(0);
        self.h()
            .events
            .scan_prefix(prefix)
            .map(|kv| {
                let (_, v) = kv.map_err(|e| self.sled_err(e))?;
                self.decode(
                    StoredValue::Event {
                        stroom: reference.to_string(),
                    },
                    &v,
                )
            })
            .collect()
    }

    fn load_verified(
        &self,
        reference: &str,
    ) -> Result<Result<Vec<Record>, crate::audit::BadEvent>, StoreError> {
        let Some(view) = self.viewed_for(Some(reference))? else {
            let records = self.load(reference)?;
            return Ok(crate::audit::verify_chain(reference, &records).map(|()| records));
        };
        let read = self.view_load(&view, reference)?;
        drop(view);
        let checked: Vec<bool> = read.iter().map(|r| r.hash_checked).collect();
        let records: Vec<Record> = read.into_iter().map(|r| r.record).collect();
        Ok(crate::audit::verify_chain_with(reference, &records, &checked).map(|()| records))
    }

    fn load_trail(
        &self,
        reference: &str,
    ) -> Result<Result<crate::audit::Trail, crate::audit::BadEvent>, StoreError> {
        // Read and checked in the pass over the anchor ([`Options::every_trail`]).
        if let Some(trail) = self.view.as_ref().and_then(|lock| {
            lock.read()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take_trail(reference)
        }) {
            return Ok(Ok(trail));
        }
        // The anchor's lines, read without copying their text; anything that does not read
        // or check that way is loaded as records, which names what is wrong.
        if let Some(trail) = self
            .viewed_for(Some(reference))?
            .and_then(|view| view.trail(reference))
        {
            return Ok(Ok(trail));
        }
        Ok(self
            .load_verified(reference)?
            .map(crate::audit::Trail::of_records))
    }

    fn head(&self, reference: &str) -> Result<Option<Head>, StoreError> {
        if let Some(view) = self.viewed_for(Some(reference))? {
            return Ok(self.view_last(&view, reference)?.map(|r| Head {
                seq: r.seq,
                hash: r.hash,
            }));
        }
        match self
            .h()
            .heads
            .get(reference)
            .map_err(|e| self.sled_err(e))?
        {
            Some(v) => Ok(Some(self.decode(
                StoredValue::Head {
                    stroom: reference.to_string(),
                },
                &v,
            )?)),
            None => Ok(None),
        }
    }

    fn append(&self, batches: &[(&str, &[Record])]) -> Result<(), StoreError> {
        let signed = self.signed(batches);
        self.append_as_is(&as_batches(&signed))
    }

    fn restore(&self, batches: &[(&str, &[Record])]) -> Result<(), StoreError> {
        self.append_as_is(batches)
    }

    fn public_key(&self) -> Option<crate::sign::PublicKey> {
        self.public
    }

    fn rotations(&self) -> Vec<crate::sign::Rotation> {
        self.rotations.clone()
    }

    fn references(&self) -> Result<Vec<String>, StoreError> {
        // Of a view read for every trail, without reading the anchor again.
        if let Some(references) = self.view.as_ref().and_then(|lock| {
            lock.read()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .trail_references()
        }) {
            return Ok(references);
        }
        if let Some(view) = self.viewed_for(None)? {
            return Ok(view.references());
        }
        self.h()
            .heads
            .iter()
            .keys()
            .map(|k| {
                let k = k.map_err(|e| self.sled_err(e))?;
                Ok(String::from_utf8_lossy(&k).into_owned())
            })
            .collect()
    }
}

impl SledStore {
    /// The anchor journal in memory, when this store reads from it, holding `stroom`'s
    /// lines (`None`: every stroom's). A view read for other strooms only
    /// ([`crate::anchor::View::read_for`]) is replaced by the whole anchor first, read under
    /// the lock this command holds (a writer's exclusive one) or the shared lock taken
    /// again (a reader's), so an answer never comes from a view that lacks the lines.
    fn viewed_for(
        &self,
        stroom: Option<&str>,
    ) -> Result<Option<std::sync::RwLockReadGuard<'_, crate::anchor::View>>, StoreError> {
        let Some(lock) = &self.view else {
            return Ok(None);
        };
        let covered = |v: &crate::anchor::View| stroom.map_or(v.is_whole(), |s| v.covers(s));
        let read = || {
            lock.read()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if covered(&read()) {
            return Ok(Some(read()));
        }
        let mut view = lock
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !covered(&view) {
            *view = self.read_whole()?;
        }
        drop(view);
        Ok(Some(read()))
    }

    /// The whole anchor journal, indexed ([`SledStore::viewed_for`]).
    fn read_whole(&self) -> Result<crate::anchor::View, StoreError> {
        let anchor_path = self.path.join(crate::anchor::ANCHOR_FILE);
        let io = |error: std::io::Error| StoreError::Io {
            path: self.path.display().to_string(),
            error,
        };
        // A writer holds the exclusive lock for its whole run; a reader let go of the
        // shared one after its first read, and takes it again. A dead disk blocks this
        // read as it blocks the first: under the same watchdog.
        let (path, held, wait) = (self.path.clone(), self.lock.is_some(), self.read_wait);
        let read = watched_as(
            &self.path,
            self.flush_timeout,
            DiskWait::Read,
            wait,
            &mut || {},
            move |r| {
                let shown = path.display().to_string();
                let lock = match held {
                    true => None,
                    false => Some(shared_lock(&path, wait, &mut || r.waiting(), &shown)?),
                };
                r.locked();
                let read = crate::anchor::View::read(&path.join(crate::anchor::ANCHOR_FILE));
                drop(lock);
                read.map_err(|error| StoreError::Io { path: shown, error })
            },
        )?;
        match read {
            Some(read) => read.map_err(|bad| self.anchor_corrupt(bad)),
            None => Err(io(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{} is gone", anchor_path.display()),
            ))),
        }
    }

    fn anchor_corrupt(&self, bad: crate::anchor::BadLine) -> StoreError {
        StoreError::AnchorCorrupt {
            file: self
                .path
                .join(crate::anchor::ANCHOR_FILE)
                .display()
                .to_string(),
            line: bad.line,
            reason: bad.reason,
        }
    }

    fn view_load(
        &self,
        view: &crate::anchor::View,
        reference: &str,
    ) -> Result<Vec<crate::anchor::Read>, StoreError> {
        view.load(reference).map_err(|bad| self.anchor_corrupt(bad))
    }

    fn view_last(
        &self,
        view: &crate::anchor::View,
        reference: &str,
    ) -> Result<Option<Record>, StoreError> {
        view.last(reference).map_err(|bad| self.anchor_corrupt(bad))
    }

    /// Refuses what needs sled in a store opened on the anchor journal alone.
    fn sled_opened(&self) -> Result<(), StoreError> {
        if self.sled.is_some() {
            return Ok(());
        }
        Err(StoreError::Io {
            path: self.path.display().to_string(),
            error: std::io::Error::other(
                "the database was opened on its anchor journal only, without sled",
            ),
        })
    }

    /// Refuses to write through a store opened for reading.
    fn writable(&self) -> Result<(), StoreError> {
        if let Some(why) = self.broken.get() {
            return Err(StoreError::Commit {
                path: self.path.display().to_string(),
                anchored: true,
                error: std::io::Error::other(format!(
                    "an earlier write could not be made durable ({why}); nothing more is \
                     recorded until the database is opened again, which checks it against its \
                     anchor journal first"
                )),
            });
        }
        if self.sled.is_some() || self.journal {
            return Ok(());
        }
        Err(StoreError::Io {
            path: self.path.display().to_string(),
            error: std::io::Error::other("the database was opened for reading only"),
        })
    }
}

/// Borrowed batches of owned records.
fn as_batches<'a>(owned: &'a [(&'a str, Vec<Record>)]) -> Vec<(&'a str, &'a [Record])> {
    owned.iter().map(|(r, v)| (*r, v.as_slice())).collect()
}

impl SledStore {
    /// The records of `batches`, signed with the database's key (when it has one).
    fn signed<'a>(&self, batches: &[(&'a str, &[Record])]) -> Vec<(&'a str, Vec<Record>)> {
        batches
            .iter()
            .map(|(reference, records)| {
                let records = records
                    .iter()
                    .map(|r| {
                        let mut r = r.clone();
                        if let Some(signer) = &self.signer {
                            signer.sign(&mut r);
                        }
                        r
                    })
                    .collect();
                (*reference, records)
            })
            .collect()
    }

    /// The public key of a database opened for reading or writing, with the file it is
    /// kept in.
    pub fn key_file(&self) -> PathBuf {
        self.path.join(crate::sign::PUBLIC_FILE)
    }

    /// [`Store::append`] without signing: anchor (fsynced), then sled (flushed).
    fn append_as_is(&self, batches: &[(&str, &[Record])]) -> Result<(), StoreError> {
        self.writable()?;
        if self.journal {
            return self.append_journal(batches, true);
        }
        let path = || self.path.display().to_string();
        let mut anchor = self
            .anchor
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (reference, records) in batches {
            if let Some(first) = records.first() {
                check_follows(reference, self.head(reference)?.as_ref(), first)?;
            }
        }
        // The anchor first, fsynced: from here on the command is durable whatever happens
        // to sled's write (the next open restores it). Should the anchor fail, it is cut
        // back and nothing at all was recorded.
        let t = Instant::now();
        if let Some(a) = anchor.as_mut() {
            a.append(batches.iter().flat_map(|(_, r)| r.iter()))
                .map_err(|error| StoreError::Commit {
                    path: path(),
                    anchored: false,
                    error,
                })?;
        }
        timed("anchor-append-fsync", t);
        let t = Instant::now();
        // Under the anchor's lock, so that sled's `anchor-len` only grows.
        let anchor_len = anchor.as_ref().map(crate::anchor::Anchor::len);
        let committed = self.commit_sled(batches, anchor_len, true);
        timed("sled-write-flush", t);
        committed
    }
}

impl SledStore {
    /// An append of a store opened on the anchor journal alone: each batch must follow its
    /// stroom's head in the anchor (read under the exclusive lock, so it is current); the
    /// lines go to the anchor in one write, fsynced when `sync` (else at the next
    /// [`SledStore::flush`]). sled is not written: it catches up at its next open.
    fn append_journal(&self, batches: &[(&str, &[Record])], sync: bool) -> Result<(), StoreError> {
        let mut anchor = self
            .anchor
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (reference, records) in batches {
            if let Some(first) = records.first() {
                check_follows(reference, self.head(reference)?.as_ref(), first)?;
            }
        }
        let commit = |error| StoreError::Commit {
            path: self.path.display().to_string(),
            anchored: false,
            error,
        };
        let buf =
            crate::anchor::encode(batches.iter().flat_map(|(_, r)| r.iter())).map_err(commit)?;
        let t = Instant::now();
        if let Some(a) = anchor.as_mut() {
            if sync {
                a.append_encoded(&buf).map_err(commit)?;
            } else {
                a.write_encoded(&buf).map_err(commit)?;
            }
        }
        timed("anchor-append-fsync", t);
        if let Some(view) = &self.view {
            view.write()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(&buf);
        }
        Ok(())
    }

    /// Overwrites one stored record's bytes without any check. Exists for tamper tests
    /// and repair tools; normal code appends through [`Store::append`].
    ///
    /// # Errors
    /// I/O failure.
    #[doc(hidden)]
    pub fn overwrite_raw(&self, reference: &str, seq: u64, bytes: &[u8]) -> Result<(), StoreError> {
        self.writable()?;
        self.sled_opened()?;
        self.h()
            .events
            .insert(event_key(reference, seq), bytes)
            .map_err(|e| self.sled_err(e))?;
        self.h().db.flush().map_err(|e| self.sled_err(e))?;
        Ok(())
    }
}

impl Drop for SledStore {
    fn drop(&mut self) {
        // A writer that had sled open records what sled now holds, for the next recording
        // command to measure sled's lag by (not after a failed flush: then the next open
        // compares first).
        if self.lock.is_some()
            && self.sled.is_some()
            && self.broken.get().is_none()
            && self.diverged.is_empty()
        {
            if let Ok(Some(held)) = self.anchor_len() {
                let _ = write_sled_len(&self.path, Some(held));
            }
        }
        let Some(handles) = self.sled.take() else {
            return;
        };
        if !self.sync_on_close {
            // Everything acknowledged is in the fsynced anchor and written to sled's files
            // already (see `Options::sync_on_close`): the process is about to end, and
            // sled's last fsync would only delay that.
            std::mem::forget(handles);
            return;
        }
        // When its last handle goes, sled flushes and fsyncs its log once more and panics
        // should that fsync fail. Everything acknowledged was flushed before (appends flush
        // themselves, the server flushes before it answers): tell, do not crash.
        // On the watchdog's thread: a disk that never answers leaves it there, and the
        // process goes on (the server's shutdown ends).
        let closed = crate::watchdog::within(self.flush_timeout, move || {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(handles)))
                .map_err(|panic| clean_panic(&panic_text(panic.as_ref())))
        });
        let closed = closed.unwrap_or_else(|| {
            Err(format!(
                "the disk did not answer within {}",
                crate::watchdog::seconds(self.flush_timeout)
            ))
        });
        if let Err(why) = closed {
            tracing::warn!(
                "the disk reported an error when the database at '{}' was closed, after everything recorded was on disk: {}; check the disk, and run 'stroom verify'",
                self.path.display(),
                why
            );
        }
    }
}

/// Runs code that calls sled, turning a panic inside sled (it panics on some I/O errors)
/// into [`StoreError::Sled`].
/// Describes records restored into sled from the anchor journal (`ends`: where each one's
/// line ends in the anchor). Those sled once held (their line ends within the sled length
/// `held` recorded at its last catch-up, or every one when none is recorded) were lost by
/// sled: each is named in a [`Repair::Restored`]. The rest were appended to the anchor
/// alone by recording commands and are sled's ordinary catch-up: counted, returned.
fn restored(
    reference: &str,
    records: &[Record],
    ends: &[u64],
    held: Option<u64>,
    in_database: bool,
    repairs: &mut Vec<Repair>,
) -> usize {
    let lost: Vec<Restored> = records
        .iter()
        .zip(ends.iter().map(Some).chain(std::iter::repeat(None)))
        .filter(|(_, end)| match (held, end) {
            (Some(held), Some(end)) => **end <= held,
            _ => true,
        })
        .map(|(r, _)| Restored {
            seq: r.seq,
            record: Box::new(r.clone()),
        })
        .collect();
    let quiet = records.len() - lost.len();
    if !lost.is_empty() {
        repairs.push(Repair::Restored {
            stroom: reference.to_string(),
            events: lost,
            in_database,
        });
    }
    quiet
}

/// Flushes trees of one database on a thread of its own, giving up after a timeout
/// ([`SledStore::tree_flusher`]).
#[derive(Debug, Clone)]
pub struct TreeFlusher {
    path: PathBuf,
    timeout: Duration,
}

impl TreeFlusher {
    /// Flushes `tree` (all of the database's writes so far, as sled's flush does).
    ///
    /// # Errors
    /// sled's flush failed (an I/O error, or a panic inside sled), or the disk did not
    /// answer in time ([`StoreError::Unresponsive`] with [`DiskWait::ServerData`]).
    pub fn flush(&self, tree: &sled::Tree) -> Result<(), StoreError> {
        let tree = tree.clone();
        let path = self.path.clone();
        crate::watchdog::within(self.timeout, move || {
            guard(&path, || {
                tree.flush().map(drop).map_err(|error| StoreError::Sled {
                    path: path.display().to_string(),
                    error,
                })
            })
        })
        .unwrap_or_else(|| {
            Err(StoreError::Unresponsive {
                path: self.path.display().to_string(),
                during: DiskWait::ServerData,
                waited: self.timeout,
            })
        })
    }
}

/// A writer's exclusive lock on the database at `path`, creating the folder (a database
/// about to be made) and the lock file.
fn exclusive_lock(
    path: &Path,
    wait: Duration,
    on_wait: &mut dyn FnMut(),
) -> Result<crate::lock::DbLock, StoreError> {
    let shown = path.display().to_string();
    let io = |error: std::io::Error| StoreError::Io {
        path: shown.clone(),
        error,
    };
    std::fs::create_dir_all(path).map_err(io)?;
    let lock_path = path.join(crate::lock::LOCK_FILE);
    let file = open_lock_file(&lock_path).map_err(io)?;
    lock_file(
        file,
        &lock_path,
        crate::lock::Mode::Exclusive,
        wait,
        on_wait,
        &shown,
    )
}

/// How many bytes of the anchor journal sled lacks, by [`SLED_LEN_FILE`]: `None` when
/// that is unknown (no sled length recorded, no anchor, or an anchor shorter than what
/// sled held: cut short, which sled's comparison must name).
fn sled_lag(path: &Path) -> Option<u64> {
    let held = read_sled_len(path)?;
    let len = std::fs::metadata(path.join(crate::anchor::ANCHOR_FILE))
        .ok()?
        .len();
    len.checked_sub(held)
}

/// A reader's shared lock on the database at `path` (no lock file: nothing to share,
/// a database from before the lock, or a read-only folder that never had a writer).
fn shared_lock(
    path: &Path,
    wait: Duration,
    on_wait: &mut dyn FnMut(),
    shown: &str,
) -> Result<crate::lock::DbLock, StoreError> {
    let lock_path = path.join(crate::lock::LOCK_FILE);
    match std::fs::File::open(&lock_path) {
        Ok(file) => lock_file(
            file,
            &lock_path,
            crate::lock::Mode::Shared,
            wait,
            on_wait,
            shown,
        ),
        Err(_) => Ok(crate::lock::DbLock::none(&lock_path)),
    }
}

/// Runs an opening of the database (`work`: taking the lock, reporting it held, opening)
/// under the watchdog ([`crate::watchdog::watch`]): a disk that does not answer within
/// `timeout` (after the lock's `wait`) fails it with [`StoreError::Unresponsive`] instead of
/// hanging the command.
fn watched<T: Send + 'static>(
    path: &Path,
    timeout: Duration,
    wait: Duration,
    on_wait: &mut dyn FnMut(),
    work: impl FnOnce(&crate::watchdog::Reporter<Result<T, StoreError>>) -> Result<T, StoreError>
        + Send
        + 'static,
) -> Result<T, StoreError> {
    watched_as(path, timeout, DiskWait::Open, wait, on_wait, work)
}

/// [`watched`] for other work than opening to record: `during` is what it waits for once
/// the lock is held.
fn watched_as<T: Send + 'static>(
    path: &Path,
    timeout: Duration,
    during: DiskWait,
    wait: Duration,
    on_wait: &mut dyn FnMut(),
    work: impl FnOnce(&crate::watchdog::Reporter<Result<T, StoreError>>) -> Result<T, StoreError>
        + Send
        + 'static,
) -> Result<T, StoreError> {
    crate::watchdog::watch(timeout, wait, on_wait, work).unwrap_or_else(|gave_up| {
        Err(StoreError::Unresponsive {
            path: path.display().to_string(),
            during: match gave_up {
                crate::watchdog::GaveUp::BeforeLock => DiskWait::LockFile,
                crate::watchdog::GaveUp::AfterLock => during,
            },
            waited: timeout,
        })
    })
}

fn guard<T>(path: &Path, f: impl FnOnce() -> Result<T, StoreError>) -> Result<T, StoreError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let text = panic_text(panic.as_ref());
        let error = match os_error_in(&text) {
            Some(io) => sled::Error::Io(std::io::Error::other(io)),
            None => sled::Error::ReportableBug(format!("it stopped on an internal error: {text}")),
        };
        Err(StoreError::Sled {
            path: path.display().to_string(),
            error,
        })
    })
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_string()))
        .unwrap_or_else(|| "no message".to_string())
}

/// The refusal of a database whose signing key is gone while its records are signed.
/// A writer's first look at the key files ([`crate::sign::settle`]): a key rotation a
/// crash interrupted is finished or undone, and said so; a secret and a public key that do
/// not belong together are refused.
fn settle_key(path: &Path) -> Result<Vec<Repair>, StoreError> {
    match crate::sign::settle(path) {
        Ok(settled) => Ok(settled
            .into_iter()
            .map(|s| match s {
                crate::sign::Settled::Finished { file, fingerprint } => {
                    Repair::KeyRotationFinished { file, fingerprint }
                }
                crate::sign::Settled::Undone { file } => Repair::KeyRotationUndone { file },
            })
            .collect()),
        Err(crate::sign::SettleError::Io(error)) => Err(StoreError::Io {
            path: path.display().to_string(),
            error,
        }),
        Err(crate::sign::SettleError::Mismatch { secret, public }) => {
            Err(StoreError::Corrupt(Corruption::KeyMismatch {
                key: path.join(crate::sign::KEY_FILE).display().to_string(),
                public: path.join(crate::sign::PUBLIC_FILE).display().to_string(),
                key_fingerprint: secret,
                public_fingerprint: public,
            }))
        }
    }
}

fn key_missing(path: &Path, known: &crate::sign::PublicKey) -> Corruption {
    Corruption::KeyMissing {
        key: path.join(crate::sign::KEY_FILE).display().to_string(),
        fingerprint: known.fingerprint(),
        db: path.display().to_string(),
    }
}
