//! The anchor journal: every record, appended and fsynced to a plain file beside the sled
//! tree before sled is written.
//!
//! sled is an index that can lose its tail: a torn last write is dropped silently when the
//! database is opened again, and then nothing in sled says an approval ever existed. The
//! anchor (`anchor.jsonl` in the database directory) is a write-ahead log in the export
//! format, one record per line, appended with `O_APPEND` and `fsync`ed as part of every
//! command's commit, before sled's transaction and before success is printed. Opening the
//! database compares the two, stroom by stroom ([`reconcile`]):
//!
//! - the anchor is ahead (a command died between the two writes, or sled dropped a tail):
//!   the missing records are restored into sled from the anchor and named in a [`Repair`];
//! - sled is ahead, or holds another record at a position the anchor knows: the trail was
//!   changed outside stroom (or the anchor was cut short); that stroom fails verification,
//!   naming the event;
//! - a torn last line (a crash in the middle of writing it) was never acknowledged: it is
//!   ignored by readers and cut off by the next writer.
//!
//! Because the lines are export lines, `stroom import DB/anchor.jsonl --db NEW` rebuilds a
//! database from the anchor alone.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::audit::Record;

/// The anchor's file name inside the database directory.
pub const ANCHOR_FILE: &str = "anchor.jsonl";

/// One stroom's records as the anchor holds them, in order.
pub type Chains = BTreeMap<String, Vec<Record>>;

/// What the anchor file holds.
#[derive(Debug, Default)]
pub struct Contents {
    /// Every complete record line, by stroom.
    pub chains: Chains,
    /// The byte length of the complete lines: a torn tail starts here.
    pub valid_len: u64,
    /// Whether a torn (incomplete or unreadable) last line follows `valid_len`.
    pub torn: bool,
}

/// A bad line in the middle of the anchor (not a torn tail).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// Reads the anchor. A missing file reads as empty.
///
/// # Errors
/// An I/O error, or a line other than the last that is not a record.
pub fn read(path: &Path) -> std::io::Result<Result<Contents, BadLine>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Ok(Contents::default())),
        Err(e) => return Err(e),
    };
    Ok(parse(&bytes))
}

/// Parses anchor bytes: complete lines are records; only the last line may be torn.
pub fn parse(bytes: &[u8]) -> Result<Contents, BadLine> {
    let mut out = Contents::default();
    let mut offset = 0usize;
    let mut line_no = 0usize;
    while offset < bytes.len() {
        line_no += 1;
        let rest = &bytes[offset..];
        let (line, complete) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (&rest[..i], true),
            None => (rest, false),
        };
        let parsed = serde_json::from_slice::<Record>(line);
        match (parsed, complete) {
            (Ok(r), true) => {
                out.chains.entry(r.stroom.clone()).or_default().push(r);
                offset += line.len() + 1;
                out.valid_len = offset as u64;
            }
            (_, false) => {
                out.torn = true;
                return Ok(out);
            }
            (Err(e), true) if offset + line.len() + 1 == bytes.len() => {
                // The last line, complete but unreadable: a write torn inside the line.
                let _ = e;
                out.torn = true;
                return Ok(out);
            }
            (Err(e), true) => {
                return Err(BadLine {
                    line: line_no,
                    reason: e.to_string(),
                })
            }
        }
    }
    Ok(out)
}

/// The anchor file of one database, open for appending.
#[derive(Debug)]
pub struct Anchor {
    path: PathBuf,
    file: File,
    /// Injected faults (tests only).
    pub faults: Vec<fault::Point>,
    /// The length before the first line not yet fsynced.
    unsynced: Option<u64>,
}

impl Anchor {
    /// Opens (creating) the anchor in `dir`, cutting off a torn tail first.
    ///
    /// # Errors
    /// I/O failure.
    pub fn open(dir: &Path, valid_len: u64, torn: bool) -> std::io::Result<Anchor> {
        let path = dir.join(ANCHOR_FILE);
        let existed = path.exists();
        if torn {
            let f = OpenOptions::new().write(true).open(&path)?;
            f.set_len(valid_len)?;
            f.sync_all()?;
        }
        let file = OpenOptions::new().append(true).create(true).open(&path)?;
        if !existed {
            file.sync_all()?;
            // The new file's name must survive a crash too.
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(Anchor {
            path,
            file,
            faults: Vec::new(),
            unsynced: None,
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends records, one line each, in one write, and fsyncs. On failure the file is cut
    /// back to where it was, so an unacknowledged command leaves nothing behind.
    ///
    /// # Errors
    /// I/O failure (a full disk, an fsync error): the caller must not report success.
    pub fn append<'a>(
        &mut self,
        records: impl IntoIterator<Item = &'a Record>,
    ) -> std::io::Result<()> {
        let before = self.file.metadata()?.len();
        self.write(records)?;
        if let Err(e) = self.sync() {
            let _ = self.file.set_len(before);
            let _ = self.file.sync_data();
            return Err(e);
        }
        Ok(())
    }

    /// Appends records without fsync (group commit: [`Anchor::sync`] follows). On failure
    /// the file is cut back to where it was.
    ///
    /// # Errors
    /// I/O failure.
    pub fn write<'a>(
        &mut self,
        records: impl IntoIterator<Item = &'a Record>,
    ) -> std::io::Result<()> {
        let mut buf = Vec::new();
        for r in records {
            serde_json::to_writer(&mut buf, r).map_err(std::io::Error::other)?;
            buf.push(b'\n');
        }
        let before = self.file.metadata()?.len();
        let written = fault::check(&self.faults, fault::Point::AnchorWrite)
            .and_then(|()| self.file.write_all(&buf));
        if let Err(e) = written {
            let _ = self.file.set_len(before);
            return Err(e);
        }
        self.unsynced = Some(self.unsynced.unwrap_or(before));
        Ok(())
    }

    /// Makes every line written so far durable.
    ///
    /// # Errors
    /// I/O failure: the lines stay in the file (sled may hold them too), their durability
    /// is unknown.
    pub fn sync(&mut self) -> std::io::Result<()> {
        if self.unsynced.is_none() {
            return Ok(());
        }
        fault::check(&self.faults, fault::Point::AnchorSync)?;
        self.file.sync_data()?;
        self.unsynced = None;
        Ok(())
    }
}

/// Fault injection for tests: the front end may switch on points where the store then
/// fails as a full disk would (the engine itself reads no environment).
pub mod fault {
    /// Where a fault can be injected.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Point {
        /// Writing the anchor lines.
        AnchorWrite,
        /// fsync of the anchor.
        AnchorSync,
        /// sled's flush after its transaction.
        SledFlush,
    }

    impl Point {
        /// The point's name, e.g. `anchor-sync`.
        pub fn name(self) -> &'static str {
            match self {
                Point::AnchorWrite => "anchor-write",
                Point::AnchorSync => "anchor-sync",
                Point::SledFlush => "sled-flush",
            }
        }

        /// Every point.
        pub const ALL: [Point; 3] = [Point::AnchorWrite, Point::AnchorSync, Point::SledFlush];
    }

    /// Fails when the fault at `point` is switched on in `on`.
    ///
    /// # Errors
    /// An injected "no space left on device".
    pub fn check(on: &[Point], point: Point) -> std::io::Result<()> {
        if on.contains(&point) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                format!("no space left on device (injected at {})", point.name()),
            ));
        }
        Ok(())
    }
}
