//! The database lock: one writer or many readers, waiting in the kernel's queue.
//!
//! sled allows one process per database and reports a second one with an error, which
//! stroom used to poll every 50 ms: under load a waiter could lose every race. This lock
//! is a file, `stroom.lock` in the database directory, taken with `flock`: a waiter blocks
//! in the kernel until the holder releases it (writers exclusively, readers shared, and
//! only for as long as it takes to copy the database: see [`crate::store::SledStore::open_read`]).
//! After [`WAIT_NOTICE`] the caller is told once, so it can tell its user what it waits for.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use fs2::FileExt;

/// The lock file's name inside the database directory.
pub const LOCK_FILE: &str = "stroom.lock";

/// How long a command waits silently before it is told that it waits.
pub const WAIT_NOTICE: Duration = Duration::from_secs(1);

/// Shared or exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Readers: many at once, no writer.
    Shared,
    /// A writer: alone.
    Exclusive,
}

/// A held lock; released on drop.
#[derive(Debug)]
pub struct DbLock {
    file: Option<File>,
    path: PathBuf,
}

impl DbLock {
    /// A lock that locks nothing: a reader of a directory it cannot open the lock file in
    /// (read-only access, or a database from before the lock file).
    pub fn none(path: &Path) -> DbLock {
        DbLock {
            file: None,
            path: path.to_path_buf(),
        }
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for DbLock {
    fn drop(&mut self) {
        if let Some(f) = &self.file {
            let _ = FileExt::unlock(f);
        }
    }
}

/// Why a lock was not taken.
#[derive(Debug)]
pub enum LockError {
    /// Still held by another process after the wait.
    TimedOut,
    /// The lock file cannot be opened or locked.
    Io(std::io::Error),
}

/// Takes the lock on `file` (already opened), waiting up to `wait`; `on_wait` is called
/// once when the wait passes [`WAIT_NOTICE`].
///
/// # Errors
/// [`LockError::TimedOut`] or an I/O error.
pub fn acquire(
    file: File,
    path: &Path,
    mode: Mode,
    wait: Duration,
    on_wait: &mut dyn FnMut(),
) -> Result<DbLock, LockError> {
    let try_lock = |f: &File| match mode {
        Mode::Shared => FileExt::try_lock_shared(f),
        Mode::Exclusive => FileExt::try_lock_exclusive(f),
    };
    match try_lock(&file) {
        Ok(()) => {
            return Ok(DbLock {
                file: Some(file),
                path: path.to_path_buf(),
            })
        }
        Err(e) if e.kind() == fs2::lock_contended_error().kind() => {}
        Err(e) => return Err(LockError::Io(e)),
    }
    if wait.is_zero() {
        return Err(LockError::TimedOut);
    }
    // Block in the kernel on a second handle of the same open file (flock belongs to the
    // open file description, so the lock it takes is ours). A waiter that gives up marks
    // itself abandoned: should the blocked call succeed later, it lets go at once, so a
    // long-lived process never keeps a lock it stopped waiting for.
    let handle = file.try_clone().map_err(LockError::Io)?;
    let abandoned = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    {
        let abandoned = Arc::clone(&abandoned);
        std::thread::spawn(move || {
            let r = match mode {
                Mode::Shared => FileExt::lock_shared(&handle),
                Mode::Exclusive => FileExt::lock_exclusive(&handle),
            };
            if abandoned.load(Ordering::SeqCst) || tx.send(r).is_err() {
                let _ = FileExt::unlock(&handle);
            }
        });
    }
    let started = std::time::Instant::now();
    let mut told = false;
    loop {
        let left = wait.saturating_sub(started.elapsed());
        let step = if told {
            left
        } else {
            left.min(WAIT_NOTICE.saturating_sub(started.elapsed()))
        };
        match rx.recv_timeout(step) {
            Ok(Ok(())) => {
                return Ok(DbLock {
                    file: Some(file),
                    path: path.to_path_buf(),
                })
            }
            Ok(Err(e)) => return Err(LockError::Io(e)),
            Err(mpsc::RecvTimeoutError::Timeout) if started.elapsed() >= wait => {
                abandoned.store(true, Ordering::SeqCst);
                // The thread may have locked between the timeout and the flag.
                if let Ok(Ok(())) = rx.try_recv() {
                    return Ok(DbLock {
                        file: Some(file),
                        path: path.to_path_buf(),
                    });
                }
                return Err(LockError::TimedOut);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if !told {
                    told = true;
                    on_wait();
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return Err(LockError::TimedOut),
        }
    }
}
