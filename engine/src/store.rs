//! Event storage behind a trait: sled on disk, a map in memory for tests and simulations.
//!
//! A store keeps, per stroom, an append-only list of [`Record`]s and the head of its hash
//! chain. Appends are atomic and conditional: a batch names the record it follows, and is
//! refused when another writer appended first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;

use crate::audit::{Record, GENESIS};
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

    /// The references of all stored strooms, sorted.
    ///
    /// # Errors
    /// I/O failure.
    fn references(&self) -> Result<Vec<String>, StoreError>;
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

/// The sled database on disk.
pub struct SledStore {
    path: PathBuf,
    db: sled::Db,
    events: sled::Tree,
    heads: sled::Tree,
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

impl SledStore {
    /// Opens (creating if needed) the database at `path`. While another process holds
    /// it, retries for up to `wait`, then reports [`StoreError::Locked`].
    ///
    /// # Errors
    /// A locked database, a database of another format version, or I/O failure.
    pub fn open(path: &Path, wait: Duration) -> Result<SledStore, StoreError> {
        let shown = path.display().to_string();
        let start = Instant::now();
        let db = loop {
            match sled::Config::new().path(path).open() {
                Ok(db) => break db,
                Err(sled::Error::Io(e)) if e.to_string().contains("could not acquire lock") => {
                    tracing::debug!(path = %shown, "database locked by another process; waiting");
                    if start.elapsed() >= wait {
                        return Err(StoreError::Locked { path: shown });
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(source) => {
                    return Err(StoreError::Sled {
                        path: shown,
                        source,
                    })
                }
            }
        };
        let sled_err = |source| StoreError::Sled {
            path: shown.clone(),
            source,
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
            db,
            events,
            heads,
        })
    }

    /// The database directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sled_err(&self, source: sled::Error) -> StoreError {
        StoreError::Sled {
            path: self.path.display().to_string(),
            source,
        }
    }

    fn decode<T: for<'de> Deserialize<'de>>(
        &self,
        what: &str,
        bytes: &[u8],
    ) -> Result<T, StoreError> {
        serde_json::from_slice(bytes).map_err(|e| {
            StoreError::Corrupt(format!(
                "{what} in '{}' does not decode: {e}\n  hint: run 'stroom verify'; restore from an export with 'stroom import'",
                self.path.display()
            ))
        })
    }
}

impl Store for SledStore {
    fn load(&self, reference: &str) -> Result<Vec<Record>, StoreError> {
        let mut prefix = reference.as_bytes().to_vec();
        prefix.push(0);
        self.events
            .scan_prefix(prefix)
            .map(|kv| {
                let (_, v) = kv.map_err(|e| self.sled_err(e))?;
                self.decode(&format!("an event of stroom '{reference}'"), &v)
            })
            .collect()
    }

    fn head(&self, reference: &str) -> Result<Option<Head>, StoreError> {
        match self.heads.get(reference).map_err(|e| self.sled_err(e))? {
            Some(v) => Ok(Some(
                self.decode(&format!("the head of stroom '{reference}'"), &v)?,
            )),
            None => Ok(None),
        }
    }

    fn append(&self, batches: &[(&str, &[Record])]) -> Result<(), StoreError> {
        self.append_unflushed(batches)?;
        self.flush()
    }

    fn references(&self) -> Result<Vec<String>, StoreError> {
        self.heads
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
    /// Like [`Store::append`], but without the fsync: the batch is applied atomically and
    /// visible to readers, and durable only after the next [`SledStore::flush`]. For group
    /// commit: a writer appends several commands, flushes once, then acknowledges them all.
    ///
    /// # Errors
    /// As [`Store::append`].
    pub fn append_unflushed(&self, batches: &[(&str, &[Record])]) -> Result<(), StoreError> {
        let result = (&self.events, &self.heads).transaction(|(events, heads)| {
            for (reference, records) in batches {
                let (Some(first), Some(last)) = (records.first(), records.last()) else {
                    continue;
                };
                let head = match heads.get(reference)? {
                    Some(v) => Some(serde_json::from_slice::<Head>(&v).map_err(|e| {
                        ConflictableTransactionError::Abort(StoreError::Corrupt(format!(
                            "the head of stroom '{reference}' does not decode: {e}"
                        )))
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

    /// Makes every append so far durable (one fsync).
    ///
    /// # Errors
    /// I/O failure.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush().map_err(|e| self.sled_err(e))?;
        Ok(())
    }

    /// A named tree of the same database, for data that lives beside the strooms (the
    /// server's users, grants, sessions and tokens). Names of the store's own trees
    /// (`meta`, `events`, `heads`) are refused.
    ///
    /// # Errors
    /// A reserved name, or I/O failure.
    pub fn tree(&self, name: &str) -> Result<sled::Tree, StoreError> {
        if matches!(name, "meta" | "events" | "heads") {
            return Err(StoreError::Corrupt(format!(
                "tree '{name}' belongs to the event store\n  hint: choose another name"
            )));
        }
        self.db.open_tree(name).map_err(|e| self.sled_err(e))
    }
}

impl SledStore {
    /// Overwrites one stored record's bytes without any check. Exists for tamper tests
    /// and repair tools; normal code appends through [`Store::append`].
    ///
    /// # Errors
    /// I/O failure.
    #[doc(hidden)]
    pub fn overwrite_raw(&self, reference: &str, seq: u64, bytes: &[u8]) -> Result<(), StoreError> {
        self.events
            .insert(event_key(reference, seq), bytes)
            .map_err(|e| self.sled_err(e))?;
        self.db.flush().map_err(|e| self.sled_err(e))?;
        Ok(())
    }
}
