//! The writer: one thread records every command, and groups fsyncs (group commit).
//!
//! Handlers send their command over a channel and wait. The writer takes the first
//! waiting command, then every other one already queued (up to [`MAX_BATCH`]), runs each
//! through the engine (`journal::create` / `journal::execute`: load, decide, seal, append
//! atomically, without a flush) and hands the batch to the flusher thread, which makes
//! every batch handed over since its last flush durable with **one** flush, and only then
//! answers each command. So every acknowledged command is on disk; while the flusher's
//! fsyncs run the writer already records the next batch (the engine's work and the
//! disk's overlap), and throughput grows with the number of concurrent clients. Commands on the
//! same stroom are serialized by the single writer, in arrival order; the engine's
//! conditional append still guards against any other writer.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::civil::Date;
use stroom::journal::{self, Loaded};
use stroom::machine::Correction;
use stroom::store::Head;
use stroom::{Calendars, Command, Meta, Record, Routes, SledStore, Store, StoreError, StroomDef};
use tokio::sync::{mpsc, oneshot};

/// The most commands made durable by one flush.
pub const MAX_BATCH: usize = 256;

/// One command to record.
#[derive(Debug)]
pub enum Write {
    /// Register a stroom.
    Create {
        /// Its definition.
        def: Box<StroomDef>,
        /// The day it was registered.
        on: Date,
        /// Who, when.
        meta: Meta,
        /// Today, for the engine's date checks.
        today: Date,
    },
    /// Record a command on a stroom.
    Execute {
        /// The stroom.
        reference: String,
        /// The command.
        cmd: Command,
        /// Who, when, for which role.
        meta: Meta,
        /// Today, for the engine's date checks.
        today: Date,
    },
    /// Correct an earlier event of a stroom.
    Correct {
        /// The stroom.
        reference: String,
        /// The event's number.
        event: u64,
        /// Another day, or void.
        correction: Correction,
        /// Who, when, the role, and the reason (as the comment).
        meta: Meta,
        /// Today, for the engine's date checks.
        today: Date,
    },
}

/// Why a write was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The engine refused it or the store failed; nothing was acknowledged.
    #[error(transparent)]
    Engine(#[from] stroom::Error),
    /// The server is stopping.
    #[error("the server is shutting down\n  hint: try again when it is back")]
    Stopped,
}

/// How many strooms an import restored.
pub type Imported = Result<usize, WriteError>;

/// The stroom after the write, and the records it appended.
pub type Outcome = Result<(Loaded, Vec<Record>), WriteError>;

/// What the writer is asked to do.
enum Job {
    /// Record one command.
    Write {
        write: Write,
        reply: oneshot::Sender<Outcome>,
    },
    /// Restore checked chains into a server without strooms (`POST /api/import`): in the
    /// writer, so that no command can register a stroom between the emptiness check and
    /// the restore.
    Import {
        chains: BTreeMap<String, Vec<Record>>,
        reply: oneshot::Sender<Imported>,
    },
}

/// The handle requests use to record.
#[derive(Debug, Clone)]
pub struct Writer {
    tx: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Job::Write { write, .. } => write.fmt(f),
            Job::Import { chains, .. } => write!(f, "Import({} strooms)", chains.len()),
        }
    }
}

impl Writer {
    /// Records one command and waits until it is durable (or refused).
    ///
    /// # Errors
    /// The engine's refusal, a store failure, or a stopping server.
    pub async fn submit(&self, write: Write) -> Outcome {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Job::Write { write, reply })
            .await
            .map_err(|_| WriteError::Stopped)?;
        rx.await.map_err(|_| WriteError::Stopped)?
    }

    /// Restores chains that `journal::check_import` returned into the server's database,
    /// all or nothing, when it holds no stroom yet; the number of strooms restored. The
    /// records keep the signatures they carry: the server does not re-sign them.
    ///
    /// # Errors
    /// A server that holds strooms already, a store failure, or a stopping server.
    pub async fn import(&self, chains: BTreeMap<String, Vec<Record>>) -> Imported {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Job::Import { chains, reply })
            .await
            .map_err(|_| WriteError::Stopped)?;
        rx.await.map_err(|_| WriteError::Stopped)?
    }
}

/// The writer's thread; join it after the last [`Writer`] is dropped.
#[derive(Debug)]
pub struct WriterThread(std::thread::JoinHandle<()>);

impl WriterThread {
    /// Waits until every queued command is written and answered.
    pub fn join(self) {
        if self.0.join().is_err() {
            tracing::error!("the writer thread panicked");
        }
    }
}

/// Starts the writer over a store.
pub fn start(
    store: Arc<SledStore>,
    routes: Routes,
    calendars: Calendars,
) -> (Writer, WriterThread) {
    let (tx, rx) = mpsc::channel(4 * MAX_BATCH);
    let thread = std::thread::Builder::new()
        .name("stroom-writer".into())
        .spawn(move || run(&store, &routes, &calendars, rx))
        .unwrap_or_else(|e| panic!("cannot start the writer thread: {e}"));
    (Writer { tx }, WriterThread(thread))
}

/// The store as the writer's engine calls see it during a batch: appends go to the anchor
/// journal only (not synced) and are kept here, in `appended`, until the batch ends and
/// [`Unflushed::commit`] writes all of them into sled in one transaction; reads see sled
/// plus what the batch appended, so that a second command on the same stroom follows the
/// first. Nothing is acknowledged before the commit and the anchor's fsync.
struct Unflushed<'a> {
    store: &'a SledStore,
    appended: Mutex<BTreeMap<String, Vec<Record>>>,
}

impl<'a> Unflushed<'a> {
    fn new(store: &'a SledStore) -> Unflushed<'a> {
        Unflushed {
            store,
            appended: Mutex::new(BTreeMap::new()),
        }
    }

    fn appended(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Vec<Record>>> {
        self.appended
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Writes what the batch appended into sled, one transaction (see
    /// `SledStore::commit_sled_batch`); nothing when it appended nothing.
    fn commit(&self) -> Result<(), StoreError> {
        let appended = std::mem::take(&mut *self.appended());
        if appended.is_empty() {
            return Ok(());
        }
        let batches: Vec<(&str, &[Record])> = appended
            .iter()
            .map(|(r, records)| (r.as_str(), records.as_slice()))
            .collect();
        self.store.commit_sled_batch(&batches)
    }
}

impl Store for Unflushed<'_> {
    fn load(&self, reference: &str) -> Result<Vec<Record>, StoreError> {
        let mut records = self.store.load(reference)?;
        if let Some(more) = self.appended().get(reference) {
            records.extend(more.iter().cloned());
        }
        Ok(records)
    }
    fn head(&self, reference: &str) -> Result<Option<Head>, StoreError> {
        if let Some(last) = self.appended().get(reference).and_then(|r| r.last()) {
            return Ok(Some(Head {
                seq: last.seq,
                hash: last.hash.clone(),
            }));
        }
        self.store.head(reference)
    }
    fn append(&self, batches: &[(&str, &[Record])]) -> Result<(), StoreError> {
        let stored = self.store.append_anchor(batches, &|r| self.head(r))?;
        let mut appended = self.appended();
        for (reference, records) in stored {
            appended.entry(reference).or_default().extend(records);
        }
        Ok(())
    }
    fn references(&self) -> Result<Vec<String>, StoreError> {
        let mut all = self.store.references()?;
        all.extend(self.appended().keys().cloned());
        all.sort();
        all.dedup();
        Ok(all)
    }
}

/// Commands written but not yet durable, waiting for the flusher's next flush.
#[derive(Default)]
struct Pending {
    writes: Vec<(oneshot::Sender<Outcome>, Outcome)>,
    imports: Vec<(oneshot::Sender<Imported>, Imported)>,
}

/// The writer: runs each batch through the engine (appending without a flush) and hands it
/// to the flusher, then goes on with the next batch while the flusher's fsyncs run, so the
/// engine's work and the disk's overlap (a pipelined group commit).
fn run(store: &SledStore, routes: &Routes, calendars: &Calendars, mut rx: mpsc::Receiver<Job>) {
    let unflushed = Unflushed::new(store);
    let path = store.path().display().to_string();
    let (to_flusher, pending) = std::sync::mpsc::channel::<Pending>();
    let (stop_sled, sled_stop) = std::sync::mpsc::channel::<()>();
    let written = &AtomicBool::new(false);
    std::thread::scope(|scope| {
        let flusher = std::thread::Builder::new()
            .name("stroom-flusher".into())
            .spawn_scoped(scope, move || flush_and_answer(store, &pending, written));
        if let Err(e) = flusher {
            tracing::error!(error = %e, "cannot start the flusher thread; stopping the writer");
            return;
        }
        let sled = std::thread::Builder::new()
            .name("stroom-sled-flush".into())
            .spawn_scoped(scope, move || flush_sled_behind(store, &sled_stop, written));
        if let Err(e) = sled {
            tracing::error!(error = %e, "cannot start the sled flusher thread; stopping the writer");
            return;
        }
        while let Some(first) = rx.blocking_recv() {
            let mut jobs = vec![first];
            while jobs.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(job) => jobs.push(job),
                    Err(_) => break,
                }
            }
            let mut batch = Pending::default();
            // The writes whose records are not in sled yet begin here.
            let mut uncommitted = 0;
            for job in jobs {
                let (write, reply) = match job {
                    Job::Write { write, reply } => (write, reply),
                    Job::Import { chains, reply } => {
                        // An import sees every stroom registered before it.
                        commit(&unflushed, &mut batch.writes[uncommitted..]);
                        uncommitted = batch.writes.len();
                        let done = journal::import_checked(store, &path, &chains);
                        batch.imports.push((reply, done.map_err(WriteError::from)));
                        continue;
                    }
                };
                let outcome = match write {
                    Write::Create {
                        def,
                        on,
                        meta,
                        today,
                    } => journal::create(&unflushed, routes, *def, on, meta, today).map(|l| {
                        let new = l.records.clone();
                        (l, new)
                    }),
                    Write::Execute {
                        reference,
                        cmd,
                        meta,
                        today,
                    } => journal::execute(
                        &unflushed, routes, calendars, &reference, &cmd, meta, today,
                    ),
                    Write::Correct {
                        reference,
                        event,
                        correction,
                        meta,
                        today,
                    } => journal::correct(
                        &unflushed, routes, &reference, event, correction, meta, today,
                    ),
                };
                // Refusals wait for the flush too: they may rest on a write not yet durable.
                batch
                    .writes
                    .push((reply, outcome.map_err(WriteError::from)));
            }
            commit(&unflushed, &mut batch.writes[uncommitted..]);
            if to_flusher.send(batch).is_err() {
                tracing::error!("the flusher stopped; stopping the writer");
                break;
            }
        }
        // The flusher answers what is left, then ends; so does sled's.
        drop(to_flusher);
        drop(stop_sled);
    });
    if let Err(e) = store.flush() {
        tracing::error!(error = %e, "final flush failed");
    }
}

/// Writes what the batch appended into sled ([`Unflushed::commit`]); when that fails, every
/// write among `writes` that succeeded is answered with the failure instead (its records are
/// in the anchor journal, and the next start restores them into sled), and the store records
/// nothing more until a restart.
fn commit(unflushed: &Unflushed<'_>, writes: &mut [(oneshot::Sender<Outcome>, Outcome)]) {
    if let Err(e) = unflushed.commit() {
        tracing::error!(error = %e, "sled's write failed; recording nothing more until a restart");
        for (_, outcome) in writes.iter_mut().filter(|(_, o)| o.is_ok()) {
            *outcome = Err(failed(unflushed.store, "write", &e));
        }
    }
}

/// The error each command of a group gets when its commit failed: the store's own commit
/// error (whether the anchor journal holds the command or nothing was recorded), else the
/// failure as a sled error.
fn failed(store: &SledStore, what: &str, e: &StoreError) -> WriteError {
    WriteError::Engine(stroom::Error::Store(match e {
        StoreError::Commit {
            path,
            anchored,
            error,
        } => StoreError::Commit {
            path: path.clone(),
            anchored: *anchored,
            error: std::io::Error::new(error.kind(), error.to_string()),
        },
        _ => StoreError::Sled {
            path: store.path().display().to_string(),
            error: sled::Error::Io(std::io::Error::other(format!(
                "the {what} could not be made durable: {e}"
            ))),
        },
    }))
}

/// How often sled's copy is flushed behind the anchor journal (when something was written).
pub const SLED_FLUSH_EVERY: Duration = Duration::from_millis(500);

/// sled's flush, off the commands' path: every [`SLED_FLUSH_EVERY`] when the flusher has
/// made something durable since, until the writer stops. Commands are acknowledged once
/// the anchor journal holds them (`SledStore::flush_anchor`); this only keeps sled's own
/// copy close behind, so that a restart after a crash has little to restore. A failure
/// breaks the store as any failed flush does: no later command is acknowledged.
fn flush_sled_behind(
    store: &SledStore,
    stop: &std::sync::mpsc::Receiver<()>,
    written: &AtomicBool,
) {
    while let Err(RecvTimeoutError::Timeout) = stop.recv_timeout(SLED_FLUSH_EVERY) {
        if written.swap(false, Ordering::AcqRel) {
            if let Err(e) = store.flush() {
                tracing::error!(error = %e, "sled's flush failed; recording nothing more until a restart");
            }
        }
    }
}

/// The flusher: takes every batch the writer has handed over since its last flush, makes
/// them durable with one fsync of the anchor journal (which covers every append made before
/// it started), and only then answers each command. An acknowledged command is therefore
/// on disk. sled's copy is flushed behind ([`flush_sled_behind`]). After a failed flush the
/// store refuses every later append and flush (`SledStore::flush`), so no later command is
/// acknowledged until the server is restarted.
fn flush_and_answer(
    store: &SledStore,
    pending: &std::sync::mpsc::Receiver<Pending>,
    written: &AtomicBool,
) {
    while let Ok(first) = pending.recv() {
        let mut batches = vec![first];
        batches.extend(pending.try_iter());
        let flushed = store.flush_anchor();
        if flushed.is_ok() {
            written.store(true, Ordering::Release);
        }
        // Said as it is for every command of the batch: whether the anchor journal holds
        // it (restored at the next open) or nothing was recorded.
        let failed = |what: &str, e: &StoreError| failed(store, what, e);
        let mut n = 0;
        for batch in batches {
            n += batch.writes.len() + batch.imports.len();
            for (reply, outcome) in batch.writes {
                let outcome = match &flushed {
                    Ok(()) => outcome,
                    Err(e) => Err(failed("write", e)),
                };
                // A client that gave up does not stop the others from hearing back.
                let _ = reply.send(outcome);
            }
            for (reply, done) in batch.imports {
                let done = match &flushed {
                    Ok(()) => done,
                    Err(e) => Err(failed("import", e)),
                };
                let _ = reply.send(done);
            }
        }
        tracing::debug!(commands = n, "group commit");
    }
}
