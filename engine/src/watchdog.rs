//! Work that waits on the disk, given up after a timeout.
//!
//! A disk that never answers (a failing drive, a hung network mount, or the fsync shim of
//! `tests/e2e/record_hang.rs`) blocks the thread that called `fsync` for good: no error
//! ever comes back. So the store runs every stretch that may wait on the disk (opening the
//! database and its recovery, the reads of the lock file, the anchor journal and the key
//! files, the anchor journal's fsync, sled's flush, a key rotation's syncs, the server's user
//! store) on a thread of its own and stops waiting for it after a timeout: the caller fails with an error naming the
//! database, and the blocked thread is left behind (a process that ends takes it along).
//!
//! Giving up is safe by the same argument that makes a killed command safe: nothing is
//! acknowledged before its writes are on disk, and the next open compares sled with the
//! anchor journal. The work left behind keeps whatever it holds (the database's lock, say)
//! until it ends.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

/// What the watched work tells the thread waiting for it.
pub(crate) enum Report<T> {
    /// It waits for another process's lock: the waiting thread tells its user.
    Waiting,
    /// It holds the lock: from now on it waits on the disk only, and `timeout` runs anew.
    Locked,
    /// Its result (or its panic, resumed in the waiting thread).
    Done(std::thread::Result<T>),
}

/// The sending side, handed to the watched work.
pub(crate) struct Reporter<T>(mpsc::Sender<Report<T>>);

impl<T> Reporter<T> {
    /// Tells the waiting thread that the work waits for another process's lock.
    pub(crate) fn waiting(&self) {
        let _ = self.0.send(Report::Waiting);
    }

    /// Tells the waiting thread that the lock is held.
    pub(crate) fn locked(&self) {
        let _ = self.0.send(Report::Locked);
    }
}

/// How a watched run ended, when it did not end with its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GaveUp {
    /// The lock's wait plus the timeout passed before the work held the lock.
    BeforeLock,
    /// The timeout passed after the lock was held (or with no lock to take).
    AfterLock,
}

/// Runs `work` on a thread of its own and waits for it: at most `lock_wait + timeout`
/// until it reports [`Reporter::locked`] (a lock's wait is bounded by the lock itself;
/// the timeout covers the lock file's own disk), then at most `timeout`. `on_wait` is
/// called (on this thread) each time the work reports [`Reporter::waiting`].
///
/// A thread that cannot be started runs the work here, unwatched.
pub(crate) fn watch<T: Send + 'static>(
    timeout: Duration,
    lock_wait: Duration,
    on_wait: &mut dyn FnMut(),
    work: impl FnOnce(&Reporter<T>) -> T + Send + 'static,
) -> Result<T, GaveUp> {
    let (tx, rx) = mpsc::channel();
    // Kept here until the thread has taken it, so that a thread that cannot be started
    // leaves the work to run on this one.
    let slot = std::sync::Arc::new(std::sync::Mutex::new(Some(work)));
    let theirs = std::sync::Arc::clone(&slot);
    let reporter = Reporter(tx);
    let spawned = std::thread::Builder::new()
        .name("stroom-disk".into())
        // sled's recovery runs here, as it would on the main thread.
        .stack_size(8 << 20)
        .spawn(move || {
            let work = theirs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take();
            if let Some(work) = work {
                let done =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&reporter)));
                let _ = reporter.0.send(Report::Done(done));
            }
        });
    if spawned.is_err() {
        let work = slot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(work) = work {
            let (tx, _rx) = mpsc::channel();
            return Ok(work(&Reporter(tx)));
        }
    }
    let mut deadline = Instant::now() + lock_wait + timeout;
    let mut locked = false;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(Report::Done(Ok(value))) => return Ok(value),
            Ok(Report::Done(Err(panic))) => std::panic::resume_unwind(panic),
            Ok(Report::Waiting) => on_wait(),
            Ok(Report::Locked) => {
                locked = true;
                deadline = Instant::now() + timeout;
            }
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                return Err(if locked {
                    GaveUp::AfterLock
                } else {
                    GaveUp::BeforeLock
                })
            }
        }
    }
}

/// Runs `work` (no lock involved) on a thread of its own, giving up after `timeout`.
pub(crate) fn within<T: Send + 'static>(
    timeout: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    watch(
        timeout,
        Duration::ZERO,
        &mut || {},
        move |r: &Reporter<T>| {
            r.locked();
            work()
        },
    )
    .ok()
}

/// The error of a write the disk did not confirm within `timeout`.
pub(crate) fn timed_out(timeout: Duration) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::TimedOut,
        format!(
            "the disk did not confirm the write within {}",
            seconds(timeout)
        ),
    )
}

/// A timeout for people: `30 seconds`, `1 second`, `0.5 seconds`.
pub(crate) fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s == 1.0 {
        "1 second".to_string()
    } else {
        format!("{s} seconds")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_comes_back_and_a_hang_is_given_up() {
        assert_eq!(within(Duration::from_secs(5), || 7), Some(7));
        let (_keep, blocked) = mpsc::channel::<()>();
        let hung = within(Duration::from_millis(50), move || blocked.recv().is_ok());
        assert_eq!(hung, None);
    }

    #[test]
    fn the_lock_wait_is_not_counted_against_the_disk() {
        let mut told = 0;
        let got = watch(
            Duration::from_secs(1),
            Duration::from_secs(5),
            &mut || told += 1,
            |r: &Reporter<u8>| {
                r.waiting();
                // Waiting for the lock, longer than the timeout alone.
                std::thread::sleep(Duration::from_millis(1500));
                r.locked();
                3
            },
        );
        assert_eq!(got, Ok(3));
        assert_eq!(told, 1);
        let (_keep, blocked) = mpsc::channel::<()>();
        let hung = watch(
            Duration::from_millis(50),
            Duration::ZERO,
            &mut || {},
            move |r: &Reporter<bool>| {
                r.locked();
                blocked.recv().is_ok()
            },
        );
        assert_eq!(hung, Err(GaveUp::AfterLock));
    }

    #[test]
    fn a_panic_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| within(Duration::from_secs(5), || panic!("boom")));
        assert!(caught.is_err());
    }

    #[test]
    fn seconds_read_well() {
        assert_eq!(seconds(Duration::from_secs(30)), "30 seconds");
        assert_eq!(seconds(Duration::from_secs(1)), "1 second");
        assert_eq!(seconds(Duration::from_millis(500)), "0.5 seconds");
    }
}
