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
    /// Whether a torn (incomplete) last line follows `valid_len`.
    pub torn: bool,
    /// Where each record's line ends (the offset after it, within the bytes read), by
    /// stroom, in the order of `chains`.
    pub ends: BTreeMap<String, Vec<u64>>,
    /// Whether the last record lacks its newline (a byte flipped there, or a crash just
    /// before it was written): it is whole (it decodes and hashes to its own hash), so it
    /// counts; a writer adds the newline.
    pub unterminated: bool,
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
///
/// A torn line is one a crash cut short: it has no newline (the line is written in one
/// `write` with its newline last, so a line that has its newline was written whole), and
/// it is not a whole record. A line that has its newline and does not decode was damaged
/// after it was written, wherever it is, also the last one: it is named ([`BadLine`]),
/// never taken for a torn write and cut off, since it may be an acknowledged record that
/// exists nowhere else yet (see DESIGN.md, "When does sled catch up?").
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
        match (serde_json::from_slice::<Record>(line), complete) {
            (Ok(r), true) => {
                offset += line.len() + 1;
                out.ends
                    .entry(r.stroom.clone())
                    .or_default()
                    .push(offset as u64);
                out.chains.entry(r.stroom.clone()).or_default().push(r);
                out.valid_len = offset as u64;
            }
            (Ok(r), false) if hash_of_line_is(line, &r.hash) => {
                offset += line.len();
                out.ends
                    .entry(r.stroom.clone())
                    .or_default()
                    .push(offset as u64);
                out.chains.entry(r.stroom.clone()).or_default().push(r);
                out.valid_len = offset as u64;
                out.unterminated = true;
                return Ok(out);
            }
            (_, false) => {
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
    /// How long an fsync may wait for the disk before it fails as a timed-out write
    /// (`None`: as long as it takes). A disk that never answers would otherwise hang the
    /// command (see `crate::watchdog`).
    pub sync_timeout: Option<std::time::Duration>,
    /// The length before the first line not yet fsynced.
    unsynced: Option<u64>,
    /// The file's length: where the next line goes.
    len: u64,
}

impl Anchor {
    /// Opens (creating) the anchor in `dir`, cutting off a torn tail first.
    ///
    /// # Errors
    /// I/O failure.
    pub fn open(dir: &Path, valid_len: u64, torn: bool) -> std::io::Result<Anchor> {
        Self::open_repairing(dir, valid_len, torn, false)
    }

    /// [`Anchor::open`], also adding the newline a whole last record lacks
    /// (`unterminated`, see [`Contents::unterminated`]).
    ///
    /// # Errors
    /// I/O failure.
    pub fn open_repairing(
        dir: &Path,
        valid_len: u64,
        torn: bool,
        unterminated: bool,
    ) -> std::io::Result<Anchor> {
        let path = dir.join(ANCHOR_FILE);
        let existed = path.exists();
        if torn {
            let f = OpenOptions::new().write(true).open(&path)?;
            f.set_len(valid_len)?;
            f.sync_all()?;
        }
        let mut file = OpenOptions::new().append(true).create(true).open(&path)?;
        if unterminated {
            file.write_all(b"\n")?;
            file.sync_data()?;
        }
        if !existed {
            file.sync_all()?;
            // The new file's name must survive a crash too.
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        let len = file.metadata()?.len();
        Ok(Anchor {
            path,
            file,
            faults: Vec::new(),
            sync_timeout: None,
            unsynced: None,
            len,
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's length after the lines written so far.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether nothing was ever written to it.
    pub fn is_empty(&self) -> bool {
        self.len == 0
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
        let buf = encode(records)?;
        self.append_encoded(&buf)
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
        let buf = encode(records)?;
        self.write_encoded(&buf)
    }

    /// Appends lines made by [`encode`] and fsyncs; on failure the file is cut back to
    /// where it was.
    ///
    /// # Errors
    /// As [`Anchor::append`].
    pub fn append_encoded(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let before = self.file.metadata()?.len();
        self.write_encoded(buf)?;
        if let Err(e) = self.sync() {
            let _ = self.file.set_len(before);
            // Not after a timed-out fsync: the disk does not answer, and this one would
            // wait as long again.
            if e.kind() != std::io::ErrorKind::TimedOut {
                let _ = self.file.sync_data();
            }
            self.len = before;
            return Err(e);
        }
        Ok(())
    }

    /// Appends lines made by [`encode`] without fsync.
    ///
    /// # Errors
    /// As [`Anchor::write`].
    pub fn write_encoded(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let before = self.file.metadata()?.len();
        let written = fault::check(&self.faults, fault::Point::AnchorWrite)
            .and_then(|()| self.file.write_all(buf));
        if let Err(e) = written {
            let _ = self.file.set_len(before);
            self.len = before;
            return Err(e);
        }
        self.len = before + buf.len() as u64;
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
        self.sync_data()?;
        self.unsynced = None;
        Ok(())
    }

    /// What [`Anchor::sync`] does, in two halves so that the fsync can run without holding
    /// whatever serialises the appends (group commit: the writer goes on appending while
    /// the disk works): a second handle on the file and the length it will make durable,
    /// or `None` when every line is durable already. Run it ([`PendingSync::run`]), then
    /// report with [`Anchor::synced`].
    ///
    /// # Errors
    /// An injected fault, or a handle that cannot be had.
    pub fn to_sync(&self) -> std::io::Result<Option<(PendingSync, u64)>> {
        if self.unsynced.is_none() {
            return Ok(None);
        }
        fault::check(&self.faults, fault::Point::AnchorSync)?;
        let sync = PendingSync {
            file: self.file.try_clone()?,
            timeout: self.sync_timeout,
        };
        Ok(Some((sync, self.len)))
    }

    /// Records that a sync begun when the file was `upto` long succeeded: every line up to
    /// there is durable; lines written during the sync still wait for the next one.
    pub fn synced(&mut self, upto: u64) {
        if upto >= self.len {
            self.unsynced = None;
        } else if let Some(from) = self.unsynced {
            self.unsynced = Some(from.max(upto));
        }
    }

    /// The file's fdatasync, given up after [`Anchor::sync_timeout`] (on a thread of its
    /// own, with a handle of its own to the same file).
    fn sync_data(&self) -> std::io::Result<()> {
        if self.sync_timeout.is_none() {
            return self.file.sync_data();
        }
        PendingSync {
            file: self.file.try_clone()?,
            timeout: self.sync_timeout,
        }
        .run()
    }
}

/// An fsync of the anchor journal made without holding it ([`Anchor::to_sync`]).
#[derive(Debug)]
pub struct PendingSync {
    file: File,
    timeout: Option<std::time::Duration>,
}

impl PendingSync {
    /// The file's fdatasync, given up after the anchor's [`Anchor::sync_timeout`].
    ///
    /// # Errors
    /// I/O failure, or a disk that did not answer in time.
    pub fn run(self) -> std::io::Result<()> {
        let Some(timeout) = self.timeout else {
            return self.file.sync_data();
        };
        let file = self.file;
        crate::watchdog::within(timeout, move || file.sync_data())
            .unwrap_or_else(|| Err(crate::watchdog::timed_out(timeout)))
    }
}

/// Records as anchor lines: compact JSON, one line each.
///
/// # Errors
/// A record that does not encode (never, for records stroom makes).
pub fn encode<'a>(records: impl IntoIterator<Item = &'a Record>) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    for r in records {
        serde_json::to_writer(&mut buf, r).map_err(std::io::Error::other)?;
        buf.push(b'\n');
    }
    Ok(buf)
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

/// A reader's view of the anchor: its complete lines, indexed by stroom without decoding
/// them (the reference is read from the line's start, as stroom writes it); a stroom's
/// lines are decoded only when it is loaded. This is how reading commands see the
/// database: the anchor holds every acknowledged record, and reading it never writes.
#[derive(Debug, Default)]
pub struct View {
    bytes: Vec<u8>,
    /// Each stroom's lines. A hash map: looking a reference up for each of 55,707 lines of
    /// a 10,000-stroom anchor in a `BTreeMap` took 1.7 million comparisons; the references
    /// are sorted once, when asked for.
    lines: std::collections::HashMap<String, Vec<Line>>,
    /// Whether a torn last line (never acknowledged) was left out.
    pub torn: bool,
    /// Whether the last record lacks its newline ([`Contents::unterminated`]).
    pub unterminated: bool,
    /// How many lines the anchor's whole lines are (the view may hold fewer: `focus`).
    lines_total: usize,
    /// The length of the anchor's whole lines (where a torn tail starts).
    len: u64,
    /// The strooms whose lines this view holds, when it was read for some only
    /// ([`View::read_for`]); `None`: every stroom's.
    focus: Option<std::collections::BTreeSet<String>>,
    /// Route definitions decoded so far, by digest: each distinct text with its route and
    /// whether the text hashes to the digest ([`View::load`] decodes each text once).
    routes: std::sync::Mutex<KnownRoutes>,
    /// Every stroom's trail, when the view was read for them ([`View::read_trails`]): by
    /// reference, `None` for a stroom whose lines do not read or check as [`View::trail`]
    /// reads them. Each is handed out once ([`View::take_trail`]).
    trails: Option<std::sync::Mutex<BTreeMap<String, Option<crate::audit::Trail>>>>,
}

type KnownRoutes =
    std::collections::HashMap<String, Vec<(Box<[u8]>, std::sync::Arc<crate::route::Route>, bool)>>;

#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    number: usize,
}

/// One record as a [`View`] decoded it.
#[derive(Debug)]
pub struct Read {
    /// The record.
    pub record: Record,
    /// Whether its hash was checked against the bytes it was stored as (the compact JSON
    /// it was sealed from is the line up to its `hash` field), and so was the digest of
    /// the route definition a first record carries (against the definition's text in the
    /// line): then the record is exactly what was sealed, and computing the hash and the
    /// route's digest again is not needed.
    pub hash_checked: bool,
}

/// The reference a line written by stroom starts with (`{"schema":1,"stroom":"REF",`),
/// without decoding the rest; `None` for any other shape.
fn stroom_of(line: &[u8]) -> Option<&str> {
    let rest = line.strip_prefix(b"{\"schema\":")?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let rest = rest[digits..].strip_prefix(b",\"stroom\":\"")?;
    let end = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
    if rest[end] != b'"' || digits == 0 {
        return None;
    }
    std::str::from_utf8(&rest[..end]).ok()
}

/// Whether `line` hashes to `hash` as sealed: SHA-256 of the line up to its last
/// `,"hash":"` plus the closing brace. A quote inside a JSON string is always escaped, so
/// that sequence cannot occur inside a value.
fn hash_of_line_is(line: &[u8], hash: &str) -> bool {
    // The searcher is built once: building it took as long as the search.
    static HASH_FIELD: std::sync::OnceLock<memchr::memmem::FinderRev<'static>> =
        std::sync::OnceLock::new();
    let finder = HASH_FIELD.get_or_init(|| memchr::memmem::FinderRev::new(b",\"hash\":\""));
    let Some(at) = finder.rfind(line) else {
        return false;
    };
    sealed_is(line, at, hash)
}

/// Whether `hash` (hex) is the SHA-256 of what `line` seals: its bytes before the `hash`
/// field at `at`, closed with `}`.
fn sealed_is(line: &[u8], at: usize, hash: &str) -> bool {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(&line[..at]);
    h.update(b"}");
    let mut hex = [0u8; 64];
    hex::encode_to_slice(h.finalize(), &mut hex).is_ok() && hex == hash.as_bytes()
}

/// [`hash_of_line_is`] where `hash` is the decoded `hash` field of `line` itself (borrowed
/// from it): the sealed bytes end where that field starts, so no search is needed.
fn hash_at_is(line: &[u8], hash: &str) -> bool {
    const FIELD: &[u8] = b",\"hash\":\"";
    let Some(at) = (hash.as_ptr() as usize)
        .checked_sub(line.as_ptr() as usize)
        .and_then(|value| value.checked_sub(FIELD.len()))
    else {
        return false;
    };
    if line.get(at..at + FIELD.len()) != Some(FIELD) {
        return false;
    }
    sealed_is(line, at, hash)
}

/// From this size on, the anchor is read and indexed in two halves on two threads (a
/// thread costs tens of microseconds; a megabyte takes about a millisecond to index).
const PARALLEL_BYTES: usize = 1 << 20;

/// The whole file, read from its start to its end (as `std::fs::read` does); a large
/// file in two halves, each on a thread of its own.
fn read_all(file: &File) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let len = usize::try_from(file.metadata()?.len()).unwrap_or(usize::MAX);
    if len < PARALLEL_BYTES {
        let mut bytes = Vec::with_capacity(len);
        (&mut &*file).read_to_end(&mut bytes)?;
        return Ok(bytes);
    }
    let mut bytes = vec![0u8; len];
    let mid = len / 2;
    let (first, second) = bytes.split_at_mut(mid);
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| fill_at(file, second, mid as u64));
        (fill_at(file, first, 0), second.join())
    });
    let second = match second {
        Ok(read) => read?,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    if first? < mid {
        // The file is shorter than it was a moment ago: read it again, in one piece.
        let mut bytes = Vec::new();
        std::io::Seek::rewind(&mut &*file)?;
        (&mut &*file).read_to_end(&mut bytes)?;
        return Ok(bytes);
    }
    bytes.truncate(mid + second);
    if bytes.len() == len {
        // Whatever was appended since its length was taken.
        let mut more = [0u8; 8192];
        loop {
            let n = read_at(file, &mut more, bytes.len() as u64)?;
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(&more[..n]);
        }
    }
    Ok(bytes)
}

/// Fills `buf` from `offset` on, as far as the file goes; how many bytes were read.
fn fill_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    let mut done = 0;
    while done < buf.len() {
        match read_at(file, &mut buf[done..], offset + done as u64)? {
            0 => break,
            n => done += n,
        }
    }
    Ok(done)
}

/// One positioned read, retried when interrupted.
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    use std::os::unix::fs::FileExt as _;
    loop {
        match file.read_at(buf, offset) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            read => return read,
        }
    }
}

/// The index of the lines of `bytes[from..to]` (`from` at a line's start, `to` at a line's
/// end or the end of `bytes`), numbered from 1 within the part.
struct Part {
    lines: std::collections::HashMap<String, Vec<Line>>,
    walked: Walked,
}

/// What walking the lines of a part of the anchor found ([`walk`]).
#[derive(Debug, Clone, Copy, Default)]
struct Walked {
    /// How many whole lines.
    lines: usize,
    /// Where the part's whole lines end.
    end: usize,
    /// Whether a torn last line (never acknowledged) was left out.
    torn: bool,
    /// Whether the last record lacks its newline ([`Contents::unterminated`]).
    unterminated: bool,
}

/// Indexes the lines of `bytes[from..to]` by stroom ([`View::index`]).
fn index_part(bytes: &[u8], from: usize, to: usize, ends_file: bool) -> Result<Part, BadLine> {
    let mut lines: std::collections::HashMap<String, Vec<Line>> = std::collections::HashMap::new();
    let walked = walk(bytes, from, to, ends_file, |stroom, line| {
        // A stroom's name is copied once, not once per line.
        match lines.get_mut(stroom.as_ref()) {
            Some(held) => held.push(line),
            None => {
                lines.insert(stroom.into_owned(), vec![line]);
            }
        }
    })?;
    Ok(Part { lines, walked })
}

/// Reads the stroom of each line of `bytes[from..to]` (`from` at a line's start, `to` at a
/// line's end, or the end of the file when `ends_file`) and hands it to `each` with the
/// line (numbered from 1 within the part). The reference is read from the line's start, as
/// stroom writes it; a line of another shape is decoded whole. The file's last line is
/// decoded whole: without its newline it is torn (a crash cut the write short) unless it
/// is a whole record (it decodes and hashes to its own hash): then only the newline is
/// missing, and it counts. With its newline and unreadable it was damaged after it was
/// written: named, never dropped (see [`parse`]).
///
/// # Errors
/// A line other than a torn last one whose stroom cannot be read.
fn walk<'b>(
    bytes: &'b [u8],
    from: usize,
    to: usize,
    ends_file: bool,
    mut each: impl FnMut(std::borrow::Cow<'b, str>, Line),
) -> Result<Walked, BadLine> {
    let mut walked = Walked {
        end: from,
        ..Walked::default()
    };
    let mut offset = from;
    let mut number = 0usize;
    while offset < to {
        number += 1;
        let (len, terminated) = match memchr_newline(&bytes[offset..to]) {
            Some(len) => (len, true),
            None => (to - offset, false),
        };
        let (start, end) = (offset, offset + len);
        let line = &bytes[start..end];
        let last = ends_file && (!terminated || end + 1 == to);
        let stroom = if last {
            match serde_json::from_slice::<Record>(line) {
                Ok(r) if terminated || hash_of_line_is(line, &r.hash) => {
                    walked.unterminated = !terminated;
                    std::borrow::Cow::Owned(r.stroom)
                }
                Ok(_) => {
                    walked.torn = true;
                    break;
                }
                Err(_) if !terminated => {
                    walked.torn = true;
                    break;
                }
                Err(e) => {
                    return Err(BadLine {
                        line: number,
                        reason: e.to_string(),
                    })
                }
            }
        } else {
            match stroom_of(line) {
                Some(s) => std::borrow::Cow::Borrowed(s),
                None => match serde_json::from_slice::<Record>(line) {
                    Ok(r) => std::borrow::Cow::Owned(r.stroom),
                    Err(e) => {
                        return Err(BadLine {
                            line: number,
                            reason: e.to_string(),
                        })
                    }
                },
            }
        };
        each(stroom, Line { start, end, number });
        offset = if terminated { end + 1 } else { end };
    }
    walked.end = offset;
    walked.lines = number - usize::from(walked.torn);
    Ok(walked)
}

/// Walks the lines of the file that `read_at` reads (a positioned read: how many bytes it
/// put in the buffer, 0 at the end) from `from` (a line's start) to `to` (a line's end) or,
/// when `to` is `None`, to the end of the file, whose last line is read as [`walk`] reads
/// it; through a buffer of `chunk` bytes (more for a longer line), so the file is never
/// held in memory. Hands `each` every line with its stroom and its number (from 1 within
/// the part). What it found: the lines, where the whole ones end (an offset in the file),
/// a torn or unterminated last line.
///
/// # Errors
/// An I/O error (a file shorter than `to` included), or a line other than the file's last
/// whose stroom cannot be read (numbered within the part).
fn stream(
    mut read_at: impl FnMut(&mut [u8], u64) -> std::io::Result<usize>,
    from: usize,
    to: Option<usize>,
    chunk: usize,
    mut each: impl FnMut(std::borrow::Cow<'_, str>, &[u8], usize),
) -> std::io::Result<Result<Walked, BadLine>> {
    let ends_file = to.is_none();
    let mut buf = vec![0u8; chunk.max(1)];
    // `buf[..filled]` holds the file from `base` on; `numbered` lines come before it.
    let (mut filled, mut base, mut numbered) = (0usize, from, 0usize);
    loop {
        if filled == buf.len() {
            // A line longer than the buffer.
            buf.resize(buf.len() * 2, 0);
        }
        let room = match to {
            Some(to) => (buf.len() - filled).min(to.saturating_sub(base + filled)),
            None => buf.len() - filled,
        };
        let n = if room == 0 {
            0
        } else {
            read_at(&mut buf[filled..filled + room], (base + filled) as u64)?
        };
        filled += n;
        let eof = n == 0;
        if eof && to.is_some_and(|to| base + filled < to) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the anchor journal became shorter while it was read",
            ));
        }
        // Every whole line but the last one in the buffer, which may be the file's last
        // (read whole, as [`walk`] does); at the end of the part, everything.
        let upto = if eof {
            filled
        } else {
            let last = memrchr_newline(&buf[..filled]);
            let last = if ends_file {
                last.and_then(|last| memrchr_newline(&buf[..last]))
            } else {
                last
            };
            match last {
                Some(last) => last + 1,
                None => continue,
            }
        };
        let walked = walk(&buf, 0, upto, eof && ends_file, |stroom, line| {
            each(stroom, &buf[line.start..line.end], numbered + line.number);
        });
        let walked = match walked {
            Ok(walked) => walked,
            Err(bad) => {
                return Ok(Err(BadLine {
                    line: numbered + bad.line,
                    ..bad
                }))
            }
        };
        numbered += walked.lines;
        if eof {
            return Ok(Ok(Walked {
                lines: numbered,
                end: base + walked.end,
                ..walked
            }));
        }
        buf.copy_within(upto..filled, 0);
        base += upto;
        filled -= upto;
    }
}

/// The route of `digest` with this definition text from `known`, decoded (and added) on
/// first sight; with whether SHA-256 of the text is the digest. `None` when it does not
/// decode.
fn known_route(
    known: &mut KnownRoutes,
    digest: &str,
    definition: &[u8],
) -> Option<(std::sync::Arc<crate::route::Route>, bool)> {
    use sha2::{Digest, Sha256};
    let texts = match known.get_mut(digest) {
        Some(texts) => texts,
        None => known.entry(digest.to_string()).or_default(),
    };
    if let Some((_, route, intact)) = texts.iter().find(|(text, _, _)| **text == *definition) {
        return Some((route.clone(), *intact));
    }
    let route = std::sync::Arc::new(serde_json::from_slice(definition).ok()?);
    let mut hex = [0u8; 64];
    let intact = hex::encode_to_slice(Sha256::digest(definition), &mut hex).is_ok()
        && hex == digest.as_bytes();
    texts.push((definition.into(), std::sync::Arc::clone(&route), intact));
    Some((route, intact))
}

/// One stroom's lines in one part of the anchor, read and checked line by line as
/// [`View::trail`] reads and checks a whole trail ([`View::read_trails`]).
struct Partial {
    /// The `seq` and `prev` of its first line in the part.
    first: (u64, [u8; 64]),
    /// The `seq` and `hash` of its last line in the part.
    last: (u64, [u8; 64]),
    events: Vec<crate::machine::Event>,
    route: Option<std::sync::Arc<crate::route::Route>>,
    registered_at: Option<jiff::Timestamp>,
    /// A line of it did not read or check so: the stroom is left to the records' path.
    broken: bool,
}

impl Partial {
    const BROKEN: Partial = Partial {
        first: (0, [0; 64]),
        last: (0, [0; 64]),
        events: Vec::new(),
        route: None,
        registered_at: None,
        broken: true,
    };

    /// Reads `line` of `stroom` as the next of this part (`held`: its lines so far, `None`
    /// for its first in the part); `None` when the line does not read or check as
    /// [`View::trail`] reads a line: schema, stroom, the hash against the line's bytes,
    /// the link to the line before it in the part (`seq` one more, `prev` its hash), and
    /// for a first record (`seq` 1) the genesis link, the creation and the stored route
    /// (only there) with its digest against its text.
    fn read(
        held: Option<Partial>,
        stroom: &str,
        line: &[u8],
        known: &mut KnownRoutes,
    ) -> Option<Partial> {
        use crate::audit::{RecordText, GENESIS, RECORD_SCHEMA};
        let r: RecordText<'_> = serde_json::from_str(std::str::from_utf8(line).ok()?).ok()?;
        let prev: [u8; 64] = r.prev.as_bytes().try_into().ok()?;
        let hash: [u8; 64] = r.hash.as_bytes().try_into().ok()?;
        if r.schema != RECORD_SCHEMA || r.stroom != stroom || !hash_at_is(line, r.hash) {
            return None;
        }
        let mut p = match held {
            Some(p) if p.last.0.checked_add(1) == Some(r.seq) && p.last.1 == prev => p,
            Some(_) => return None,
            None => Partial {
                first: (r.seq, prev),
                broken: false,
                ..Partial::BROKEN
            },
        };
        if r.seq == 1 {
            let created = matches!(r.event.fact.0, crate::machine::Fact::Created { .. });
            if r.prev != GENESIS || !created {
                return None;
            }
            p.registered_at = Some(r.recorded_at);
            if let Some(text) = r.route {
                let (digest, definition) = route_text(text.get())?;
                let (route, intact) = known_route(known, digest, definition.as_bytes())?;
                if !intact {
                    return None;
                }
                p.route = Some(route);
            }
        } else if r.route.is_some() {
            return None;
        }
        p.last = (r.seq, hash);
        p.events.push(r.event.into());
        Some(p)
    }
}

/// Each stroom's [`Partial`] in one part of the anchor, by reference.
type Partials = std::collections::HashMap<String, Box<Partial>>;

/// Reads and checks every stroom's lines of one part of the anchor ([`stream`] from `from`
/// to `to`): each stroom's [`Partial`], and what the walk found.
fn read_part(
    read_at: impl FnMut(&mut [u8], u64) -> std::io::Result<usize>,
    from: usize,
    to: Option<usize>,
    chunk: usize,
) -> std::io::Result<Result<(Partials, Walked), BadLine>> {
    // Boxed: growing the map moves its entries, and a `Partial` is 200 bytes (that move
    // was a third of `portfolio`'s page faults on 10,000 strooms).
    let mut parts = Partials::new();
    let mut known = KnownRoutes::new();
    let walked = stream(read_at, from, to, chunk, |stroom, line, _| {
        match parts.get_mut(stroom.as_ref()) {
            Some(p) if p.broken => {}
            Some(p) => {
                let held = std::mem::replace(&mut **p, Partial::BROKEN);
                if let Some(read) = Partial::read(Some(held), &stroom, line, &mut known) {
                    **p = read;
                }
            }
            None => {
                let read = Partial::read(None, &stroom, line, &mut known);
                parts.insert(
                    stroom.into_owned(),
                    Box::new(read.unwrap_or(Partial::BROKEN)),
                );
            }
        }
    })?;
    Ok(walked.map(|walked| (parts, walked)))
}

/// The buffer each part of the anchor passes through in [`View::read_trails`]: small
/// enough to stay in the core's cache between the kernel's copy and the reading.
const TRAILS_CHUNK: usize = 256 * 1024;

impl View {
    /// Reads the anchor at `path` into memory; `None` when the file does not exist. A
    /// large file is read in two halves on two threads, and indexed so ([`View::index`]):
    /// most of reading it is the kernel copying it and the page faults of the buffer it
    /// lands in, which then happen on both cores.
    ///
    /// # Errors
    /// An I/O error, or a line other than the last that is not a record.
    pub fn read(path: &Path) -> std::io::Result<Option<Result<View, BadLine>>> {
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        Ok(Some(View::index(read_all(&file)?)))
    }

    /// Indexes anchor bytes by stroom. Complete lines count; the last line, when it is
    /// incomplete or does not decode, is torn and left out. A large anchor is indexed in
    /// two parts on two threads, split at a line's end: the lines of the second part come
    /// after those of the first, in the file's order, as if indexed in one pass.
    ///
    /// # Errors
    /// A line other than the last whose stroom cannot be read (the first such line).
    pub fn index(bytes: Vec<u8>) -> Result<View, BadLine> {
        Self::index_split(bytes, PARALLEL_BYTES)
    }

    /// [`View::index`], in two parts from `parallel` bytes on.
    fn index_split(mut bytes: Vec<u8>, parallel: usize) -> Result<View, BadLine> {
        let mid = bytes.len() / 2;
        let split = if bytes.len() >= parallel {
            memchr_newline(&bytes[mid..]).map(|at| mid + at + 1)
        } else {
            None
        };
        let (first, second) = match split {
            Some(split) if split < bytes.len() => {
                let all = bytes.as_slice();
                let (first, second) = std::thread::scope(|scope| {
                    let second = scope.spawn(move || index_part(all, split, all.len(), true));
                    let first = index_part(all, 0, split, false);
                    (first, second.join())
                });
                let second = match second {
                    Ok(part) => part,
                    Err(panic) => std::panic::resume_unwind(panic),
                };
                (first, Some(second))
            }
            _ => (index_part(&bytes, 0, bytes.len(), true), None),
        };
        let mut part = first?;
        if let Some(second) = second {
            let before = part.walked.lines;
            let second = second.map_err(|bad| BadLine {
                line: bad.line + before,
                ..bad
            })?;
            for (stroom, mut lines) in second.lines {
                for l in &mut lines {
                    l.number += before;
                }
                match part.lines.get_mut(&stroom) {
                    Some(held) => held.append(&mut lines),
                    None => {
                        part.lines.insert(stroom, lines);
                    }
                }
            }
            part.walked = Walked {
                lines: before + second.walked.lines,
                ..second.walked
            };
        }
        bytes.truncate(part.walked.end);
        Ok(View {
            len: bytes.len() as u64,
            bytes,
            lines: part.lines,
            torn: part.walked.torn,
            unterminated: part.walked.unterminated,
            lines_total: part.walked.lines,
            ..View::default()
        })
    }

    /// The length of the anchor's whole lines (where a torn tail starts).
    pub fn valid_len(&self) -> u64 {
        self.len
    }

    /// Reads the anchor at `path` for some strooms only: every line is read and its stroom
    /// read from its start, as [`View::index`] does (a line that is not a record is named
    /// the same way, a torn last line left out the same way), but only the lines of
    /// `strooms` are kept; the file passes through a small buffer instead of being held
    /// in memory (`show` and `approve` of one stroom on a 10,000-stroom anchor: most of
    /// their time went to holding and indexing 38 MB). `None` when the file does not exist.
    /// The view answers only for `strooms` ([`View::covers`]).
    ///
    /// # Errors
    /// An I/O error, or a line other than the last that is not a record.
    pub fn read_for(
        path: &Path,
        strooms: &[&str],
    ) -> std::io::Result<Option<Result<View, BadLine>>> {
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        // A buffer no larger than the file (a small anchor is read without a large
        // allocation, which the allocator maps and unmaps: a `show` of one stroom paid that).
        let len = file.metadata().map_or(u64::MAX, |m| m.len());
        let chunk = usize::try_from(len.saturating_add(1))
            .map_or(256 * 1024, |n| n.clamp(4096, 256 * 1024));
        Self::focused(|buf, offset| read_at(&file, buf, offset), strooms, chunk).map(Some)
    }

    /// [`View::read_for`] of what `read_at` reads (a positioned read: how many bytes it put
    /// in the buffer, 0 at the end), through a buffer of `chunk` bytes (more for a longer
    /// line).
    fn focused(
        read_at: impl FnMut(&mut [u8], u64) -> std::io::Result<usize>,
        strooms: &[&str],
        chunk: usize,
    ) -> std::io::Result<Result<View, BadLine>> {
        let focus: std::collections::BTreeSet<String> =
            strooms.iter().map(|s| (*s).to_string()).collect();
        let mut kept = Vec::new();
        let mut lines: std::collections::HashMap<String, Vec<Line>> =
            std::collections::HashMap::new();
        let walked = stream(read_at, 0, None, chunk, |stroom, line, number| {
            if !focus.contains(stroom.as_ref()) {
                return;
            }
            let start = kept.len();
            kept.extend_from_slice(line);
            let end = kept.len();
            kept.push(b'\n');
            lines
                .entry(stroom.into_owned())
                .or_default()
                .push(Line { start, end, number });
        })?;
        Ok(walked.map(|walked| View {
            bytes: kept,
            lines,
            torn: walked.torn,
            unterminated: walked.unterminated,
            lines_total: walked.lines,
            len: walked.end as u64,
            focus: Some(focus),
            ..View::default()
        }))
    }

    /// Reads every stroom's trail from the anchor at `path` in one pass, as [`View::trail`]
    /// reads and checks each (the same lines accepted, the same checks), without holding
    /// the file in memory: it passes through a small buffer, and each line is read and its
    /// hash checked while it is there. A file of [`PARALLEL_BYTES`] or more is read in two
    /// parts on two threads (split at the line after its middle; a stroom's chain is
    /// joined across the split: the second part's first line must follow the first
    /// part's last). Lines are found, numbered and named as [`View::index`] does (a line
    /// that is not a record named by its number in the file, a torn last line left out).
    /// The view holds no line ([`View::covers`] nothing): asking it for anything but a
    /// trail reads the anchor again. `None` when the file does not exist.
    ///
    /// # Errors
    /// An I/O error, or a line other than the last that is not a record.
    pub fn read_trails(path: &Path) -> std::io::Result<Option<Result<View, BadLine>>> {
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let len = usize::try_from(file.metadata()?.len()).unwrap_or(usize::MAX);
        let read_at = |buf: &mut [u8], offset: u64| read_at(&file, buf, offset);
        let split = if len >= PARALLEL_BYTES {
            line_after(&read_at, len / 2, len)?
        } else {
            None
        };
        Self::trails_of(&read_at, split, TRAILS_CHUNK).map(Some)
    }

    /// [`View::read_trails`] of what `read_at` reads, in two parts when `split` (a line's
    /// start) is given, through buffers of `chunk` bytes.
    fn trails_of(
        read_at: &(impl Fn(&mut [u8], u64) -> std::io::Result<usize> + Sync),
        split: Option<usize>,
        chunk: usize,
    ) -> std::io::Result<Result<View, BadLine>> {
        let (first, second) = match split {
            Some(split) => {
                let (first, second) = std::thread::scope(|scope| {
                    let second = scope.spawn(move || read_part(read_at, split, None, chunk));
                    let first = read_part(read_at, 0, Some(split), chunk);
                    (first, second.join())
                });
                let second = match second {
                    Ok(part) => part,
                    Err(panic) => std::panic::resume_unwind(panic),
                };
                (first?, Some(second?))
            }
            None => (read_part(read_at, 0, None, chunk)?, None),
        };
        let (mut held, mut walked) = match first {
            Ok(first) => first,
            Err(bad) => return Ok(Err(bad)),
        };
        if let Some(second) = second {
            let before = walked.lines;
            let (more, more_walked) = match second {
                Ok(second) => second,
                Err(bad) => {
                    return Ok(Err(BadLine {
                        line: bad.line + before,
                        ..bad
                    }))
                }
            };
            for (stroom, mut later) in more {
                match held.get_mut(&stroom) {
                    Some(p) => {
                        let follows = !p.broken
                            && !later.broken
                            && p.last.0.checked_add(1) == Some(later.first.0)
                            && p.last.1 == later.first.1;
                        if follows {
                            p.events.append(&mut later.events);
                            p.last = later.last;
                        } else {
                            **p = Partial::BROKEN;
                        }
                    }
                    None => {
                        held.insert(stroom, later);
                    }
                }
            }
            walked = Walked {
                lines: before + more_walked.lines,
                ..more_walked
            };
        }
        let trails: BTreeMap<String, Option<crate::audit::Trail>> = held
            .into_iter()
            .map(|(stroom, p)| {
                let trail = match *p {
                    Partial {
                        broken: false,
                        first: (1, _),
                        events,
                        route,
                        registered_at: Some(registered_at),
                        ..
                    } => Some(crate::audit::Trail {
                        events,
                        route,
                        registered_at,
                    }),
                    _ => None,
                };
                (stroom, trail)
            })
            .collect();
        Ok(Ok(View {
            torn: walked.torn,
            unterminated: walked.unterminated,
            lines_total: walked.lines,
            len: walked.end as u64,
            focus: Some(std::collections::BTreeSet::new()),
            trails: Some(std::sync::Mutex::new(trails)),
            ..View::default()
        }))
    }

    /// The strooms whose trails a view read for them holds ([`View::read_trails`]), sorted;
    /// `None` for any other view.
    pub fn trail_references(&self) -> Option<Vec<String>> {
        let trails = self.trails.as_ref()?;
        let trails = trails
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Some(trails.keys().cloned().collect())
    }

    /// The trail of `stroom` that [`View::read_trails`] read and checked, handed out once;
    /// `None` when this view holds none for it (another view, a stroom it does not know or
    /// whose lines did not read or check that way, or handed out before): the caller then
    /// reads it another way, which names what is wrong.
    pub fn take_trail(&self, stroom: &str) -> Option<crate::audit::Trail> {
        let trails = self.trails.as_ref()?;
        trails
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get_mut(stroom)?
            .take()
    }

    /// Whether this view holds every line of `stroom` (a view read for some strooms only,
    /// [`View::read_for`], holds nothing of the others).
    pub fn covers(&self, stroom: &str) -> bool {
        self.focus.as_ref().is_none_or(|f| f.contains(stroom))
    }

    /// Whether this view holds every stroom's lines.
    pub fn is_whole(&self) -> bool {
        self.focus.is_none()
    }

    /// Adds lines just appended to the anchor (made by [`encode`]; `bytes` ends with a
    /// newline), so that the view stays what the file holds.
    pub fn push(&mut self, encoded: &[u8]) {
        if self.unterminated {
            if self.focus.is_none() {
                self.bytes.push(b'\n');
            }
            self.len += 1;
            self.unterminated = false;
        }
        self.len += encoded.len() as u64;
        let mut offset = self.bytes.len();
        self.bytes.extend_from_slice(encoded);
        while offset < self.bytes.len() {
            let Some(len) = memchr_newline(&self.bytes[offset..]) else {
                break;
            };
            let (start, end) = (offset, offset + len);
            self.lines_total += 1;
            if let Some(stroom) = stroom_of(&self.bytes[start..end]) {
                let stroom = stroom.to_string();
                let number = self.lines_total;
                self.lines
                    .entry(stroom)
                    .or_default()
                    .push(Line { start, end, number });
            }
            offset = end + 1;
        }
    }

    /// The strooms the anchor holds, sorted (of a view read for some strooms, those of
    /// them it holds: see [`View::is_whole`]).
    pub fn references(&self) -> Vec<String> {
        // Sorted as references to the keys, then copied: sorting the strings themselves
        // moved each at every step.
        let mut out: Vec<&String> = self.lines.keys().collect();
        out.sort_unstable();
        out.into_iter().cloned().collect()
    }

    /// How many lines a stroom has (its last record's position, for an intact trail).
    pub fn count(&self, stroom: &str) -> usize {
        self.lines.get(stroom).map_or(0, Vec::len)
    }

    /// Decodes one stroom's records, in the anchor's order (empty when it has none).
    ///
    /// # Errors
    /// A line that does not decode as a record, by its line number.
    pub fn load(&self, stroom: &str) -> Result<Vec<Read>, BadLine> {
        let Some(lines) = self.lines.get(stroom) else {
            return Ok(Vec::new());
        };
        lines
            .iter()
            .map(|l| {
                let bytes = &self.bytes[l.start..l.end];
                let (record, route_checked) = match self.decode_with_known_route(bytes) {
                    Some(done) => done,
                    None => {
                        let record: Record =
                            serde_json::from_slice(bytes).map_err(|e| BadLine {
                                line: l.number,
                                reason: e.to_string(),
                            })?;
                        let checked = record.route.is_none();
                        (record, checked)
                    }
                };
                let hash_checked = route_checked && hash_of_line_is(bytes, &record.hash);
                Ok(Read {
                    record,
                    hash_checked,
                })
            })
            .collect()
    }

    /// One stroom's trail as a reading command needs it ([`crate::audit::Trail`]), decoded
    /// without copying its text ([`crate::audit::RecordText`]) and checked as
    /// [`crate::audit::verify_chain`] checks it: schema, stroom, numbering, links, each
    /// record's hash against the bytes it was stored as, the creation first, a stored route
    /// on the first record only and its digest against its text. `None` when the stroom has
    /// no line, or any line does not decode this way, or any check fails: the caller then
    /// loads the stroom's records ([`View::load`]), which names what is wrong. So this
    /// accepts only what that path accepts, and a damaged line, a broken link or a missing
    /// record shows the same way whichever path read it.
    pub fn trail(&self, stroom: &str) -> Option<crate::audit::Trail> {
        use crate::audit::{RecordText, GENESIS, RECORD_SCHEMA};
        let lines = self.lines.get(stroom)?;
        let mut events = Vec::with_capacity(lines.len());
        let mut route = None;
        let mut registered_at = None;
        let mut prev = GENESIS;
        for (i, l) in lines.iter().enumerate() {
            let bytes = &self.bytes[l.start..l.end];
            let r: RecordText<'_> = serde_json::from_str(std::str::from_utf8(bytes).ok()?).ok()?;
            let first = i == 0;
            let intact = r.schema == RECORD_SCHEMA
                && r.stroom == stroom
                && r.seq == i as u64 + 1
                && r.prev == prev
                && (!first || matches!(r.event.fact.0, crate::machine::Fact::Created { .. }))
                && hash_at_is(bytes, r.hash);
            if !intact {
                return None;
            }
            match r.route {
                Some(_) if !first => return None,
                Some(text) => {
                    let (digest, definition) = route_text(text.get())?;
                    let (known, intact) = self.known_route(digest, definition.as_bytes())?;
                    if !intact {
                        return None;
                    }
                    route = Some(known);
                }
                None => {}
            }
            if first {
                registered_at = Some(r.recorded_at);
            }
            prev = r.hash;
            events.push(r.event.into());
        }
        Some(crate::audit::Trail {
            events,
            route,
            registered_at: registered_at?,
        })
    }

    /// Decodes a stroom's first line, which carries its route definition (about 2 KB of
    /// the line), decoding that definition once per distinct text: most strooms share a
    /// handful of route versions. The line is decoded without its route field, and the
    /// route decoded before (same digest, byte-identical definition) is put in. Returns
    /// the record and whether the definition's digest was checked against its bytes (as
    /// the line's hash is: the definition in the line is the compact JSON it was digested
    /// from). `None` for a line without a route, or of any other shape: the caller
    /// decodes it whole.
    fn decode_with_known_route(&self, line: &[u8]) -> Option<(Record, bool)> {
        const START: &[u8] = b",\"route\":{\"sha256\":\"";
        const DEFINITION: &[u8] = b"\",\"definition\":";
        const END: &[u8] = b"},\"prev\":\"";
        let route_start = memchr::memmem::find(line, START)?;
        let digest_start = route_start + START.len();
        let digest = line.get(digest_start..digest_start + 64)?;
        let def_start = digest_start + 64 + DEFINITION.len();
        if line.get(digest_start + 64..def_start)? != DEFINITION {
            return None;
        }
        let def_end = memchr::memmem::rfind(line, END)?;
        let definition = line.get(def_start..def_end)?;
        let digest = std::str::from_utf8(digest).ok()?;
        let (route, intact) = self.known_route(digest, definition)?;
        let route = crate::audit::StoredRoute {
            sha256: digest.to_string(),
            definition: (*route).clone(),
        };
        let mut rest = Vec::with_capacity(line.len() - (def_end + 1 - route_start));
        rest.extend_from_slice(&line[..route_start]);
        rest.extend_from_slice(&line[def_end + 1..]);
        let mut record: Record = serde_json::from_slice(&rest).ok()?;
        if record.route.is_some() {
            return None;
        }
        record.route = Some(route);
        Some((record, intact))
    }

    /// The route of `digest` with this definition text, decoded on first sight; with
    /// whether SHA-256 of the text is the digest. `None` when it does not decode.
    fn known_route(
        &self,
        digest: &str,
        definition: &[u8],
    ) -> Option<(std::sync::Arc<crate::route::Route>, bool)> {
        let mut known = self
            .routes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        known_route(&mut known, digest, definition)
    }

    /// The last record of one stroom, decoded.
    ///
    /// # Errors
    /// A line that does not decode.
    pub fn last(&self, stroom: &str) -> Result<Option<Record>, BadLine> {
        let Some(l) = self.lines.get(stroom).and_then(|v| v.last()) else {
            return Ok(None);
        };
        serde_json::from_slice(&self.bytes[l.start..l.end])
            .map(Some)
            .map_err(|e| BadLine {
                line: l.number,
                reason: e.to_string(),
            })
    }
}

/// A stored route's digest and definition text, from the route's text as stroom writes it
/// (`{"sha256":"DIGEST","definition":DEFINITION}`); `None` for any other shape.
fn route_text(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("{\"sha256\":\"")?;
    let digest = rest.get(..64)?;
    let definition = rest
        .get(64..)?
        .strip_prefix("\",\"definition\":")?
        .strip_suffix('}')?;
    Some((digest, definition))
}

/// Where the first line that starts after `at` starts (after the first newline from `at`
/// on) in a file of `len` bytes read by `read_at`; `None` when no line starts there before
/// the end.
fn line_after(
    read_at: &impl Fn(&mut [u8], u64) -> std::io::Result<usize>,
    at: usize,
    len: usize,
) -> std::io::Result<Option<usize>> {
    let mut buf = [0u8; 4096];
    let mut offset = at;
    while offset < len {
        let n = read_at(&mut buf, offset as u64)?;
        if n == 0 {
            return Ok(None);
        }
        if let Some(newline) = memchr_newline(&buf[..n]) {
            let start = offset + newline + 1;
            return Ok((start < len).then_some(start));
        }
        offset += n;
    }
    Ok(None)
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    if bytes.len() < SMALL {
        memchr::arch::all::memchr::One::new(b'\n').find(bytes)
    } else {
        memchr::memchr(b'\n', bytes)
    }
}

/// The last newline in `bytes` ([`memchr_newline`] from the end).
fn memrchr_newline(bytes: &[u8]) -> Option<usize> {
    if bytes.len() < SMALL {
        memchr::arch::all::memchr::One::new(b'\n').rfind(bytes)
    } else {
        memchr::memrchr(b'\n', bytes)
    }
}

/// Below this many bytes a newline is searched for a word at a time, not with the CPU's
/// vector instructions: memchr's first vector search runs std's CPU feature detection, seven
/// CPUID instructions, each a trip to the hypervisor on a virtual machine (15–25 µs here,
/// `scripts/count-cpuid --cost`): more than a `show` of a small database spends searching.
const SMALL: usize = 64 * 1024;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::Meta;
    use crate::machine::{Event, Fact};

    fn line(stroom: &str, comment: &str) -> (Record, String) {
        let meta = Meta::builder()
            .actor("t")
            .recorded_at(jiff::Timestamp::UNIX_EPOCH)
            .comment(Some(comment.to_string()))
            .build();
        let event = Event {
            on: jiff::civil::date(2023, 9, 27),
            fact: Fact::Submitted,
        };
        let r = Record::seal(stroom, None, event, 1, meta);
        let text = serde_json::to_string(&r).unwrap_or_default();
        (r, text)
    }

    /// A sync made outside the append lock covers only what was written before it began:
    /// lines written while it ran wait for the next one.
    #[test]
    fn a_sync_outside_the_lock_covers_what_was_written_before_it() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut a = Anchor::open(dir.path(), 0, false).unwrap_or_else(|e| panic!("{e}"));
        assert!(a.to_sync().unwrap_or_else(|e| panic!("{e}")).is_none());
        let (r, _) = line("A", "one");
        a.write([&r]).unwrap_or_else(|e| panic!("{e}"));
        let (file, upto) = a
            .to_sync()
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("a line waits"));
        assert_eq!(upto, a.len());
        a.write([&r]).unwrap_or_else(|e| panic!("{e}"));
        file.run().unwrap_or_else(|e| panic!("{e}"));
        a.synced(upto);
        let (_, next) = a
            .to_sync()
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("the line written during the sync still waits"));
        assert_eq!(next, a.len());
        a.synced(next);
        assert!(a.to_sync().unwrap_or_else(|e| panic!("{e}")).is_none());
        // A late report of an older sync changes nothing.
        a.synced(upto);
        assert!(a.to_sync().unwrap_or_else(|e| panic!("{e}")).is_none());
    }

    #[test]
    fn a_view_indexes_by_stroom_and_checks_hashes_against_the_stored_bytes() {
        // A comment holding what looks like the hash key, quotes and a backslash.
        let (a, la) = line("A", r#"x,"hash":"0" \ y"#);
        let (b, lb) = line("B", "plain");
        let view = View::index(format!("{la}\n{lb}\n").into_bytes()).unwrap_or_default();
        assert_eq!(view.references(), ["A", "B"]);
        assert!(!view.torn);
        let read = view.load("A").unwrap_or_default();
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].record, a);
        assert!(read[0].hash_checked);
        assert_eq!(view.last("B").ok().flatten(), Some(b));

        // The same line altered: it decodes, but its bytes no longer hash to its hash.
        let altered = la.replace("\"actor\":\"t\"", "\"actor\":\"u\"");
        let view = View::index(format!("{altered}\n{lb}\n").into_bytes()).unwrap_or_default();
        let read = view.load("A").unwrap_or_default();
        assert!(!read[0].hash_checked);
        assert!(crate::audit::verify_chain("A", &[read[0].record.clone()]).is_err());
    }

    /// Strooms sharing a route: each one's route decodes as stored and counts as checked;
    /// a definition altered in one line (digest and hash left as they were) is not taken
    /// from the other strooms' decoded route, and fails the chain check.
    #[test]
    fn a_route_definition_decoded_once_is_reused_only_for_the_same_text() {
        let routes = crate::route::Routes::embedded().unwrap_or_else(|_| unreachable!());
        let route = routes
            .get("ministerraad")
            .unwrap_or_else(|_| unreachable!());
        let first = |stroom: &str| {
            let (r, _) = line(stroom, "new");
            let r = r.with_route(route);
            let text = serde_json::to_string(&r).unwrap_or_default();
            (r, text)
        };
        let (a, la) = first("A");
        let (b, lb) = first("B");
        let altered = lb.replacen("\"title\":\"", "\"title\":\"X", 1);
        assert_ne!(altered, lb);
        let view = View::index(format!("{la}\n{lb}\n{altered}\n").into_bytes()).unwrap_or_default();
        let read = view.load("A").unwrap_or_default();
        assert_eq!(read[0].record, a);
        assert!(read[0].hash_checked);
        let read = view.load("B").unwrap_or_default();
        assert_eq!(read[0].record, b);
        assert!(read[0].hash_checked);
        // The altered copy: its own text decoded, not the shared one; not checked, and its
        // chain fails.
        assert!(!read[1].hash_checked);
        assert_ne!(read[1].record.route, b.route);
        let stored = read[1].record.route.as_ref().map(|r| r.intact());
        assert_eq!(stored, Some(false));
    }

    /// A stroom created with its route, submitted and approved; the approval's comment
    /// holds `escaped` (JSON-escaped in the line when it has quotes or backslashes).
    fn trail_lines(stroom: &str, escaped: &str) -> (Vec<Record>, String) {
        let routes = crate::route::Routes::embedded().unwrap_or_else(|_| unreachable!());
        let route = routes
            .get("ministerraad")
            .unwrap_or_else(|_| unreachable!());
        let def: crate::stroom::StroomDef = serde_json::from_value(serde_json::json!({
            "reference": stroom, "title": "Kamerbrief", "route": "ministerraad",
            "directie": "MBO", "eerste-ondertekenaar": "MSZW",
            "mede-ondertekenaars": ["MOCW"], "target": null,
        }))
        .unwrap_or_else(|_| unreachable!());
        let meta = |comment: Option<&str>| {
            Meta::builder()
                .actor("t")
                .recorded_at(jiff::Timestamp::UNIX_EPOCH)
                .comment(comment.map(str::to_string))
                .build()
        };
        let on = jiff::civil::date(2023, 9, 27);
        let created = Record::seal(
            stroom,
            None,
            Event {
                on,
                fact: Fact::Created {
                    stroom: Box::new(def),
                },
            },
            1,
            meta(None),
        )
        .with_route(route);
        let submitted = Record::seal(
            stroom,
            Some(&created),
            Event {
                on,
                fact: Fact::Submitted,
            },
            1,
            meta(Some("plain")),
        );
        let approved = Record::seal(
            stroom,
            Some(&submitted),
            Event {
                on,
                fact: Fact::Approved {
                    role: "MSZW".parse().unwrap_or_else(|_| unreachable!()),
                    version: 1,
                },
            },
            1,
            meta(Some(escaped)),
        );
        // Signed as a database signs, but the submission (as in a database from before
        // signing): a line's tail in both shapes.
        let mut records = vec![created, submitted, approved];
        let signer = crate::sign::Signer::from_seed([7; 32]);
        signer.sign(&mut records[0]);
        signer.sign(&mut records[2]);
        let text = String::from_utf8(encode(&records).unwrap_or_default()).unwrap_or_default();
        (records, text)
    }

    /// What the records' read accepts: the records, when every line decodes and the chain
    /// verifies.
    fn accepted(view: &View, stroom: &str) -> Option<Vec<Record>> {
        let read = view.load(stroom).ok()?;
        let checked: Vec<bool> = read.iter().map(|r| r.hash_checked).collect();
        let records: Vec<Record> = read.into_iter().map(|r| r.record).collect();
        crate::audit::verify_chain_with(stroom, &records, &checked).ok()?;
        Some(records)
    }

    #[test]
    fn a_trail_read_without_copies_is_the_records_read() {
        let (records, text) = trail_lines("A", "ok");
        let view = View::index(text.into_bytes()).unwrap_or_default();
        let trail = view.trail("A");
        let trail = trail.as_ref();
        let events: Vec<&Event> = records.iter().map(|r| &r.event).collect();
        assert_eq!(trail.map(|t| t.events.iter().collect()), Some(events));
        assert_eq!(
            trail.and_then(|t| t.route.as_deref()),
            records[0].route.as_ref().map(|r| &r.definition)
        );
        assert_eq!(trail.map(|t| t.registered_at), Some(records[0].recorded_at));
        assert!(view.trail("B").is_none());

        // A comment with quotes and a backslash is escaped in the line: not borrowed, so
        // left to the records' read, which accepts it.
        let (_, text) = trail_lines("A", r#"say "no" \ twice"#);
        let view = View::index(text.into_bytes()).unwrap_or_default();
        assert!(view.trail("A").is_none());
        assert!(accepted(&view, "A").is_some());
    }

    /// What a view says about one stroom and the file, for comparing read paths: the
    /// file's whole length and lines, torn or unterminated, the stroom's line numbers, its
    /// records as decoded (with whether each hash was checked) and its trail.
    fn summary(view: &View, stroom: &str) -> String {
        let numbers: Option<Vec<usize>> = view
            .lines
            .get(stroom)
            .map(|lines| lines.iter().map(|l| l.number).collect());
        let records = view.load(stroom).map(|read| {
            read.into_iter()
                .map(|r| (r.record, r.hash_checked))
                .collect::<Vec<_>>()
        });
        let trail = view
            .trail(stroom)
            .map(|t| (t.events, t.route, t.registered_at));
        format!(
            "{:?}",
            (
                view.torn,
                view.unterminated,
                view.valid_len(),
                view.lines_total,
                numbers,
                records,
                trail,
                view.last(stroom)
            )
        )
    }

    /// The same bytes read every way a command reads them: indexed in one part and in two
    /// (split at the line after the middle, as a large anchor is), and read for one stroom
    /// through a small buffer ([`View::read_for`]); each must find the same lines, name the
    /// same bad line, and decode the same records and trail. Returns the one-part view.
    fn every_read(bytes: &[u8], strooms: &[&str]) -> Result<View, BadLine> {
        let whole = View::index_split(bytes.to_vec(), usize::MAX);
        let split = View::index_split(bytes.to_vec(), 0);
        let focused = |stroom: &str, chunk: usize| {
            View::focused(reader(bytes), &[stroom], chunk).unwrap_or_else(|e| panic!("{e}"))
        };
        match (&whole, &split) {
            (Ok(w), Ok(s)) => {
                assert_eq!(w.references(), s.references());
                for stroom in strooms {
                    let expected = summary(w, stroom);
                    assert_eq!(summary(s, stroom), expected, "split, {stroom}");
                    for chunk in [64, 1000] {
                        let f = focused(stroom, chunk);
                        let f = f.unwrap_or_else(|b| panic!("focused refused {b:?}"));
                        assert!(f.covers(stroom) && !f.is_whole());
                        assert_eq!(summary(&f, stroom), expected, "focused, {stroom}");
                    }
                }
            }
            (Err(w), Err(s)) => {
                assert_eq!(w, s, "split");
                for stroom in strooms {
                    assert_eq!(focused(stroom, 64).err().as_ref(), Some(w), "focused");
                }
            }
            _ => panic!("one-part and split index disagree: {whole:?} / {split:?}"),
        }
        trails_agree(bytes, &whole);
        whole
    }

    /// A positioned read of `bytes`, as `read_at` reads a file: how many bytes it put in the
    /// buffer from `offset` on, 0 at the end.
    fn reader(bytes: &[u8]) -> impl Fn(&mut [u8], u64) -> std::io::Result<usize> + Copy + '_ {
        move |buf: &mut [u8], offset: u64| {
            let from = usize::try_from(offset)
                .unwrap_or(usize::MAX)
                .min(bytes.len());
            let n = buf.len().min(bytes.len() - from);
            buf[..n].copy_from_slice(&bytes[from..from + n]);
            Ok(n)
        }
    }

    /// Every stroom's trail read in one pass ([`View::trails_of`]: in one part, and in two
    /// split at every line's start; through a 64-byte and a 1000-byte buffer) is what
    /// [`View::trail`] reads from `view` (the same bytes indexed), for every stroom, and the
    /// pass finds the same lines, torn tail and bad line.
    fn trails_agree(bytes: &[u8], view: &Result<View, BadLine>) {
        let read_at = reader(bytes);
        let splits = (0..bytes.len())
            .filter(|&at| bytes[at] == b'\n' && at + 1 < bytes.len())
            .map(|at| Some(at + 1));
        let ways = std::iter::once((None, 1000))
            .chain(std::iter::once(None).chain(splits).map(|s| (s, 64)));
        for (split, chunk) in ways {
            let read = View::trails_of(&read_at, split, chunk).unwrap_or_else(|e| panic!("{e}"));
            let (view, read) = match (view, read) {
                (Ok(view), Ok(read)) => (view, read),
                (Err(bad), Err(read)) => {
                    assert_eq!(bad, &read, "split {split:?}");
                    continue;
                }
                (view, read) => panic!("split {split:?}: {view:?} / {read:?}"),
            };
            let file = |v: &View| (v.torn, v.unterminated, v.valid_len(), v.lines_total);
            assert_eq!(file(&read), file(view), "split {split:?}");
            assert!(!read.is_whole() && read.lines.is_empty());
            assert_eq!(read.trail_references(), Some(view.references()));
            for stroom in view.references() {
                let expected = view
                    .trail(&stroom)
                    .map(|t| (t.events, t.route, t.registered_at));
                let taken = read.take_trail(&stroom);
                let taken = taken.map(|t| (t.events, t.route, t.registered_at));
                assert_eq!(
                    format!("{taken:?}"),
                    format!("{expected:?}"),
                    "split {split:?}, {stroom}"
                );
                assert!(read.take_trail(&stroom).is_none(), "handed out once");
            }
        }
    }

    /// Every byte of a small anchor (two strooms' lines, interleaved) changed in turn
    /// (three ways): every read path finds the same lines and decodes the same records
    /// ([`every_read`]), and the trail is read without copies only when the records' read
    /// accepts the very same lines, and then it holds the same events, route and
    /// registration time. So whichever path a reading command takes, a damaged line, a
    /// broken link or a stray record is never accepted by one and refused by another.
    #[test]
    fn a_changed_byte_is_never_accepted_by_the_trail_alone() {
        let (_, text) = trail_lines("A", "ok");
        let (_, other) = line("B", "x");
        let mut a = text.lines();
        let (a1, a2, a3) = (a.next(), a.next(), a.next());
        let bytes = [a1, Some(other.as_str()), a2, a3]
            .into_iter()
            .map(|l| format!("{}\n", l.unwrap_or_default()))
            .collect::<String>()
            .into_bytes();
        let mut read_fast = 0;
        for at in 0..bytes.len() {
            for change in [|b: u8| b ^ 0x01, |b: u8| b ^ 0x20, |_| b'"'] {
                let mut changed = bytes.clone();
                changed[at] = change(changed[at]);
                if changed == bytes {
                    continue;
                }
                let Ok(view) = every_read(&changed, &["A", "B"]) else {
                    continue;
                };
                for stroom in view.references() {
                    let Some(trail) = view.trail(&stroom) else {
                        continue;
                    };
                    read_fast += 1;
                    let records = accepted(&view, &stroom);
                    assert!(records.is_some(), "byte {at}: accepted by the trail alone");
                    let records = records.unwrap_or_default();
                    let events: Vec<Event> = records.iter().map(|r| r.event.clone()).collect();
                    assert_eq!(trail.events, events, "byte {at}");
                    assert_eq!(
                        trail.route.as_deref(),
                        records[0].route.as_ref().map(|r| &r.definition),
                        "byte {at}"
                    );
                }
            }
            // Cut short here: a torn tail, read the same way by every path.
            let _ = every_read(&bytes[..at], &["A", "B"]);
        }
        // Some changes leave a readable trail (in the signature, which reads do not
        // check, or a torn last line left out): the comparison above was made.
        assert!(read_fast > 0);
    }

    /// A view read for one stroom answers for it alone, and a push of its new lines keeps
    /// it what the file holds.
    #[test]
    fn a_view_for_one_stroom_holds_its_lines_and_the_files_length() {
        let (_, la) = line("A", "one");
        let (_, lb) = line("B", "two");
        let text = format!("{la}\n{lb}\n{la}\n");
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join(ANCHOR_FILE);
        std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
        let mut view = View::read_for(&path, &["B"])
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("the file exists"))
            .unwrap_or_else(|b| panic!("{b:?}"));
        assert!(view.covers("B") && !view.covers("A") && !view.is_whole());
        assert_eq!(view.valid_len(), text.len() as u64);
        assert_eq!(view.count("B"), 1);
        assert_eq!(view.lines.get("B").map(|l| l[0].number), Some(2));
        view.push(format!("{lb}\n").as_bytes());
        assert_eq!(view.valid_len(), (text.len() + lb.len() + 1) as u64);
        assert_eq!(view.count("B"), 2);
        assert_eq!(view.lines.get("B").map(|l| l[1].number), Some(4));
        assert!(View::read_for(&dir.path().join("none"), &["B"])
            .unwrap_or_else(|e| panic!("{e}"))
            .is_none());
    }

    /// An anchor large enough to be read and indexed in two halves: the same view as one
    /// pass, and a bad line in the second half is named by its line in the file.
    #[test]
    fn a_large_anchor_read_in_two_halves_is_the_same_view() {
        let mut text = String::new();
        let mut n = 0;
        while text.len() < PARALLEL_BYTES + 4096 {
            let (_, l) = line(&format!("S{}", n % 7), &format!("comment {n}"));
            text.push_str(&l);
            text.push('\n');
            n += 1;
        }
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join(ANCHOR_FILE);
        std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
        let read = View::read(&path)
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("the file exists"))
            .unwrap_or_else(|b| panic!("{b:?}"));
        let one = View::index_split(text.clone().into_bytes(), usize::MAX)
            .unwrap_or_else(|b| panic!("{b:?}"));
        assert_eq!(read.references(), one.references());
        for stroom in one.references() {
            assert_eq!(summary(&read, &stroom), summary(&one, &stroom));
        }
        assert_eq!(read.lines_total, n);
        // The last line broken in two: its tail, now the file's last line, is not a
        // record; named by its number in the file, as one pass names it.
        let bad = text.len() - 10;
        let mut broken = text.into_bytes();
        broken[bad] = b'\n';
        let err = View::index(broken.clone()).map(|_| ());
        assert_eq!(err.as_ref().map_err(|b| b.line), Err(n + 1));
        assert_eq!(
            err,
            View::index_split(broken.clone(), usize::MAX).map(|_| ())
        );
        std::fs::write(&path, &broken).unwrap_or_else(|e| panic!("{e}"));
        let trails = View::read_trails(&path)
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("the file exists"));
        assert_eq!(trails.map(|_| ()), err);
    }

    /// An anchor large enough to be read in two parts for every trail
    /// ([`View::read_trails`]), with chains interleaved so that many cross the split: each
    /// is joined across it and is the trail a view reads; a record missing from one chain
    /// in the second part leaves that stroom, alone, to the records' path.
    #[test]
    fn every_trail_read_in_two_parts_is_joined_across_the_split() {
        let mut chains = Vec::new();
        let mut text = String::new();
        let mut i: usize = 0;
        while text.len() < PARALLEL_BYTES + 4096 {
            let (_, lines) = trail_lines(&format!("T{i:05}"), "ok");
            chains.push(lines.lines().map(str::to_string).collect::<Vec<_>>());
            // Line 1 of this stroom, line 2 of the one before, line 3 of the one before that.
            for (back, line) in [(0, 0), (1, 1), (2, 2)] {
                if let Some(chain) = i.checked_sub(back).map(|at: usize| &chains[at]) {
                    text.push_str(&chain[line]);
                    text.push('\n');
                }
            }
            i += 1;
        }
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join(ANCHOR_FILE);
        let read_trails = |text: &str| {
            std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
            View::read_trails(&path)
                .unwrap_or_else(|e| panic!("{e}"))
                .unwrap_or_else(|| panic!("the file exists"))
                .unwrap_or_else(|b| panic!("{b:?}"))
        };
        let one = View::index_split(text.clone().into_bytes(), usize::MAX)
            .unwrap_or_else(|b| panic!("{b:?}"));
        let trails = read_trails(&text);
        assert_eq!(trails.trail_references(), Some(one.references()));
        assert_eq!(trails.valid_len(), one.valid_len());
        let complete = |t: &crate::audit::Trail| t.events.len() == 3;
        let mut whole = 0;
        for stroom in one.references() {
            let expected = one.trail(&stroom).map(|t| t.events);
            whole += usize::from(expected.as_ref().is_some_and(|e| e.len() == 3));
            assert_eq!(trails.take_trail(&stroom).map(|t| t.events), expected);
        }
        // All but the last two strooms (whose later lines were never written) are whole.
        assert_eq!(whole, i - 2);
        // The second line of a stroom in the second part taken out: its chain breaks there,
        // and no other stroom's.
        let victim = &chains[i * 3 / 4][1];
        let cut = text.replacen(&format!("{victim}\n"), "", 1);
        let trails = read_trails(&cut);
        let broken = format!("T{:05}", i * 3 / 4);
        for stroom in one.references() {
            let trail = trails.take_trail(&stroom);
            if stroom == broken {
                assert!(trail.is_none());
            } else if stroom < format!("T{:05}", i - 2) {
                assert!(trail.as_ref().is_some_and(complete), "{stroom}");
            }
        }
    }

    #[test]
    fn a_torn_last_line_is_left_out_and_a_bad_middle_line_is_named() {
        let (_, la) = line("A", "one");
        let (_, lb) = line("B", "two");
        let view = View::index(format!("{la}\n{}", &lb[..20]).into_bytes()).unwrap_or_default();
        assert!(view.torn);
        assert_eq!(view.references(), ["A"]);
        let bad = View::index(format!("{la}\nnot a record\n{lb}\n").into_bytes());
        assert_eq!(bad.map(|_| ()).map_err(|b| b.line), Err(2));
    }
}
