//! The export file: a header with every stroom's head, one record per line, and a trailer.
//!
//! ```text
//! {"stroom-export":2,"heads":[{"stroom":"41077000","events":3,"head":"9f…"}]}
//! {"schema":1,"stroom":"41077000","seq":1,…}
//! …
//! {"trailer":{"strooms":1,"records":3,"sha256":"5c…"}}
//! ```
//!
//! The header names each stroom with its event count and the hash of its last event, in the
//! order the records follow; the trailer counts strooms and record lines and holds the
//! SHA-256 of every byte before it. [`read`] refuses, naming the line, a file whose lines
//! were deleted, duplicated, reordered or cut off, a stroom that is missing, and any other
//! change the digest shows. The digest is not a secret: someone who edits a record and
//! re-hashes its chain can recompute it. What catches that is the records' signatures,
//! checked against a trusted key (see [`crate::sign`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::audit::{verify_chain, Record};

/// The export format version this build writes and reads.
pub const EXPORT_FORMAT: u32 = 2;

/// One stroom's head as the header lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportHead {
    /// The stroom's reference.
    pub stroom: String,
    /// How many events it holds.
    pub events: u64,
    /// The hash of its last event.
    pub head: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    #[serde(rename = "stroom-export")]
    format: u32,
    heads: Vec<ExportHead>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrailerLine {
    trailer: Trailer,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Trailer {
    strooms: u64,
    records: u64,
    sha256: String,
}

/// Writes the export of `chains` (each stroom's records in order, strooms in the order
/// given).
///
/// # Errors
/// Only if a record does not encode as JSON, which cannot happen for a valid record.
pub fn write(chains: &[(String, Vec<Record>)]) -> Result<String, serde_json::Error> {
    let heads = chains
        .iter()
        .filter_map(|(stroom, records)| {
            records.last().map(|last| ExportHead {
                stroom: stroom.clone(),
                events: records.len() as u64,
                head: last.hash.clone(),
            })
        })
        .collect();
    let mut text = serde_json::to_string(&Header {
        format: EXPORT_FORMAT,
        heads,
    })?;
    text.push('\n');
    let mut count = 0u64;
    for (_, records) in chains {
        for r in records {
            text.push_str(&serde_json::to_string(r)?);
            text.push('\n');
            count += 1;
        }
    }
    let trailer = TrailerLine {
        trailer: Trailer {
            strooms: chains.iter().filter(|(_, r)| !r.is_empty()).count() as u64,
            records: count,
            sha256: hex::encode(Sha256::digest(text.as_bytes())),
        },
    };
    text.push_str(&serde_json::to_string(&trailer)?);
    text.push('\n');
    Ok(text)
}

/// What is wrong with an export, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    /// The 1-based line it was found on.
    pub line: usize,
    /// The column, for a line that does not parse.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// A line that is not JSON of any export line (bad input), rather than a well-formed
    /// file whose structure or content was changed (fails verification).
    pub malformed: bool,
    /// What is wrong, typed (`message` and `hint` are its English words).
    pub problem: Box<ExportProblem>,
}

/// What is wrong with an export. English here; the front ends render it in their language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportProblem {
    /// An empty file.
    #[error("the file is empty: an export holds at least its header and trailer; it was cut off, or is not an export")]
    Empty,
    /// The file ends inside its first line.
    #[error("the file ends in the middle of its first line, without the export's trailer: it was cut off")]
    CutInFirstLine,
    /// A record on the first line.
    #[error("a record where the export's header belongs: its first line was removed, or this is an anchor journal or an export of an older stroom")]
    RecordForHeader,
    /// An export of another format.
    #[error("an export of format {found}: this stroom reads format {reads}")]
    OtherFormat {
        /// The format of the file.
        found: String,
        /// The format this build reads.
        reads: u32,
    },
    /// The trailer on the first line.
    #[error("the trailer where the export's header belongs")]
    TrailerForHeader,
    /// A first line that is no header (the JSON parser's words).
    #[error("not an export header: {detail}")]
    NotAHeader {
        /// The parser's words.
        detail: String,
    },
    /// A stroom listed twice in the header.
    #[error("the header lists stroom {stroom} twice")]
    ListedTwice {
        /// The stroom.
        stroom: String,
    },
    /// A stroom listed without events.
    #[error("the header lists stroom {stroom} with no events")]
    ListedEmpty {
        /// The stroom.
        stroom: String,
    },
    /// A listed stroom without any lines.
    #[error("stroom {stroom} (listed in the header, {}) is missing: its lines were deleted", count(*.events, "event"))]
    StroomMissing {
        /// The stroom.
        stroom: String,
        /// Its events, as the header says.
        events: u64,
    },
    /// The trailer's counts differ from the file's.
    #[error("the trailer counts {} and {}; the file holds {} and {}", count(*.trailer_strooms, "stroom"), count(*.trailer_records, "record"), count(*.strooms, "stroom"), count(*.records, "record"))]
    Counts {
        /// Strooms the trailer counts.
        trailer_strooms: u64,
        /// Records the trailer counts.
        trailer_records: u64,
        /// Strooms in the file.
        strooms: u64,
        /// Records in the file.
        records: u64,
    },
    /// The digest differs.
    #[error("the digest in the trailer does not match the lines before it: a line was altered")]
    Digest,
    /// A line after the trailer.
    #[error("a line after the trailer: the trailer must be the export's last line")]
    AfterTrailer,
    /// The file ends inside a line.
    #[error(
        "the file ends in the middle of this line, without the export's trailer: it was cut off"
    )]
    CutInLine,
    /// A second header.
    #[error("a second export header: lines were duplicated or moved")]
    SecondHeader,
    /// A line that is no record (the JSON parser's words).
    #[error("not a record: {detail}")]
    NotARecord {
        /// The parser's words.
        detail: String,
    },
    /// A record of a stroom the header does not list.
    #[error("event {seq} of stroom {stroom}, which the header does not list")]
    NotListed {
        /// The stroom.
        stroom: String,
        /// The event.
        seq: u64,
    },
    /// A record after the records of a later stroom.
    #[error("event {seq} of stroom {stroom} after the records of stroom {after}: lines were duplicated or moved")]
    OutOfOrder {
        /// The stroom.
        stroom: String,
        /// The event.
        seq: u64,
        /// The stroom whose records came before it.
        after: String,
    },
    /// A stroom where another belongs.
    #[error("stroom {stroom} begins where stroom {expected} (listed in the header, {}) belongs: its lines were deleted or moved", count(*.events, "event"))]
    WrongStroom {
        /// The stroom found.
        stroom: String,
        /// The stroom expected.
        expected: String,
        /// Its events, as the header says.
        events: u64,
    },
    /// An event again.
    #[error("event {seq} of stroom {stroom} again, where event {expected} belongs: a line was duplicated or moved")]
    Again {
        /// The stroom.
        stroom: String,
        /// The event found.
        seq: u64,
        /// The event expected.
        expected: u64,
    },
    /// An event missing.
    #[error("event {seq} of stroom {stroom} where event {expected} belongs: event {expected} is missing (a line was deleted or moved)")]
    Skipped {
        /// The stroom.
        stroom: String,
        /// The event found.
        seq: u64,
        /// The event expected.
        expected: u64,
    },
    /// More events than the header lists.
    #[error("event {seq} of stroom {stroom}, which the header says has {}", count(*.events, "event"))]
    BeyondHead {
        /// The stroom.
        stroom: String,
        /// The event.
        seq: u64,
        /// Its events, as the header says.
        events: u64,
    },
    /// The last event is not the head.
    #[error(
        "the last event of stroom {stroom} has hash {hash}; the header says its head is {head}"
    )]
    NotTheHead {
        /// The stroom.
        stroom: String,
        /// Its last event's hash (12 digits).
        hash: String,
        /// The head the header lists (12 digits).
        head: String,
    },
    /// No trailer.
    #[error("the file ends after line {line} without the export's trailer: it was cut off")]
    NoTrailer {
        /// The last line.
        line: usize,
    },
    /// A stroom with fewer events than listed.
    #[error("stroom {stroom} ends after event {read}; the header says it has {}: lines were deleted or moved", count(*.events, "event"))]
    Short {
        /// The stroom.
        stroom: String,
        /// Events read.
        read: u64,
        /// Its events, as the header says.
        events: u64,
    },
    /// A chain that does not verify.
    #[error("event {} of stroom {}: {}", .bad.seq, .bad.stroom, .bad.reason)]
    Broken {
        /// The event and what is wrong.
        bad: crate::audit::BadEvent,
    },
}

/// How to fix an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFix {
    /// Import an intact copy.
    IntactCopy,
    /// Import a complete export, or use `--anchor`.
    CompleteOrAnchor,
    /// Export again with the importing stroom.
    ExportAgain,
    /// Import a file written by `stroom export`.
    WrittenByExport,
    /// Each line is one record.
    OneRecordPerLine,
}

impl ExportProblem {
    /// How to fix it.
    pub fn fix(&self) -> ExportFix {
        match self {
            ExportProblem::RecordForHeader => ExportFix::CompleteOrAnchor,
            ExportProblem::OtherFormat { .. } => ExportFix::ExportAgain,
            ExportProblem::NotAHeader { .. } => ExportFix::WrittenByExport,
            ExportProblem::NotARecord { .. } => ExportFix::OneRecordPerLine,
            _ => ExportFix::IntactCopy,
        }
    }
}

impl ExportFix {
    /// The fix in English.
    pub fn text(self) -> &'static str {
        match self {
            ExportFix::IntactCopy => CHANGED,
            ExportFix::CompleteOrAnchor => "import a complete file written by 'stroom export'; to rebuild a database from its anchor.jsonl, add --anchor; nothing was imported",
            ExportFix::ExportAgain => "export again with the stroom that imports it; nothing was imported",
            ExportFix::WrittenByExport => "import a file written by 'stroom export'; nothing was imported",
            ExportFix::OneRecordPerLine => "each line between header and trailer is one record as written by 'stroom export'; nothing was imported",
        }
    }
}

impl ExportError {
    fn new(line: usize, column: Option<usize>, problem: ExportProblem, malformed: bool) -> Self {
        ExportError {
            line,
            column,
            message: problem.to_string(),
            hint: problem.fix().text().into(),
            malformed,
            problem: Box::new(problem),
        }
    }
}

/// A verified export: its records, stroom by stroom, and the heads its header lists.
#[derive(Debug, Clone)]
pub struct Export {
    /// Every stroom's records, in order.
    pub chains: Vec<(String, Vec<Record>)>,
    /// The line each record was read from, by stroom and position.
    pub lines: BTreeMap<String, Vec<usize>>,
}

impl Export {
    /// How many records it holds.
    pub fn records(&self) -> usize {
        self.chains.iter().map(|(_, r)| r.len()).sum()
    }

    /// The line of event `seq` of `stroom`.
    pub fn line_of(&self, stroom: &str, seq: u64) -> Option<usize> {
        let i = usize::try_from(seq).ok()?.checked_sub(1)?;
        self.lines.get(stroom)?.get(i).copied()
    }
}

const CHANGED: &str = "the file was shortened or edited after 'stroom export' wrote it: import an intact copy of the export; nothing was imported";

fn changed(line: usize, problem: ExportProblem) -> ExportError {
    ExportError::new(line, None, problem, false)
}

fn head_at<'a>(heads: &'a [ExportHead], stroom: &str) -> Option<(usize, &'a ExportHead)> {
    heads.iter().enumerate().find(|(_, h)| h.stroom == stroom)
}

/// Reads and checks an export: the header first, then every stroom's records in the
/// header's order, numbered from 1 without gap or repeat, each chain intact and ending at
/// the head the header lists, then the trailer with the right counts and digest, and
/// nothing after it.
///
/// # Errors
/// The first line that is wrong, with what is wrong and how to fix it.
pub fn read(text: &str) -> Result<Export, ExportError> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0usize;
    while start < bytes.len() {
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| start + i);
        lines.push((start, &text[start..end], end < bytes.len()));
        start = end + 1;
    }
    let Some(&(_, first, first_complete)) = lines.first() else {
        return Err(changed(1, ExportProblem::Empty));
    };
    let header: Header = match serde_json::from_str(first) {
        Ok(h) => h,
        Err(_) if !first_complete && first.starts_with('{') => {
            return Err(changed(1, ExportProblem::CutInFirstLine));
        }
        Err(e) => {
            if serde_json::from_str::<Record>(first).is_ok() {
                return Err(changed(1, ExportProblem::RecordForHeader));
            }
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(first) {
                if let Some(f) = v.get("stroom-export") {
                    return Err(ExportError::new(
                        1,
                        None,
                        ExportProblem::OtherFormat {
                            found: f.to_string(),
                            reads: EXPORT_FORMAT,
                        },
                        true,
                    ));
                }
                if v.get("trailer").is_some() {
                    return Err(changed(1, ExportProblem::TrailerForHeader));
                }
            }
            return Err(ExportError::new(
                1,
                Some(e.column()),
                ExportProblem::NotAHeader {
                    detail: strip_place(&e),
                },
                true,
            ));
        }
    };
    if header.format != EXPORT_FORMAT {
        return Err(ExportError::new(
            1,
            None,
            ExportProblem::OtherFormat {
                found: header.format.to_string(),
                reads: EXPORT_FORMAT,
            },
            true,
        ));
    }
    let heads = header.heads;
    for (i, h) in heads.iter().enumerate() {
        if heads[..i].iter().any(|o| o.stroom == h.stroom) {
            return Err(changed(
                1,
                ExportProblem::ListedTwice {
                    stroom: h.stroom.clone(),
                },
            ));
        }
        if h.events == 0 {
            return Err(changed(
                1,
                ExportProblem::ListedEmpty {
                    stroom: h.stroom.clone(),
                },
            ));
        }
    }
    let mut chains: Vec<(String, Vec<Record>)> = Vec::new();
    let mut at: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    // The stroom being read (index into heads) and how many of its records were read.
    let mut current = 0usize;
    let mut read_of_current = 0u64;
    for (i, &(offset, line, complete)) in lines.iter().enumerate().skip(1) {
        let no = i + 1;
        if line.trim().is_empty() && !complete {
            break; // nothing after the last newline
        }
        if let Ok(t) = serde_json::from_str::<TrailerLine>(line) {
            let t = t.trailer;
            // Every line between header and trailer was a record (anything else returned).
            let records = (i - 1) as u64;
            check_complete(&heads, current, read_of_current, no)?;
            if let Some(h) = heads.get(current + 1) {
                return Err(changed(
                    no,
                    ExportProblem::StroomMissing {
                        stroom: h.stroom.clone(),
                        events: h.events,
                    },
                ));
            }
            if t.strooms != heads.len() as u64 || t.records != records {
                return Err(changed(
                    no,
                    ExportProblem::Counts {
                        trailer_strooms: t.strooms,
                        trailer_records: t.records,
                        strooms: heads.len() as u64,
                        records,
                    },
                ));
            }
            // Each chain before the digest: an altered record is named on its own line.
            let export = finish(chains, at)?;
            let digest = hex::encode(Sha256::digest(&bytes[..offset]));
            if digest != t.sha256 {
                return Err(changed(no, ExportProblem::Digest));
            }
            if let Some(extra) = lines[i + 1..]
                .iter()
                .position(|(_, l, _)| !l.trim().is_empty())
            {
                return Err(changed(no + 1 + extra, ExportProblem::AfterTrailer));
            }
            return Ok(export);
        }
        let record: Record = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                if !complete {
                    return Err(changed(no, ExportProblem::CutInLine));
                }
                if serde_json::from_str::<Header>(line).is_ok() {
                    return Err(changed(no, ExportProblem::SecondHeader));
                }
                return Err(ExportError::new(
                    no,
                    Some(e.column()),
                    ExportProblem::NotARecord {
                        detail: strip_place(&e),
                    },
                    true,
                ));
            }
        };
        let Some((index, head)) = head_at(&heads, &record.stroom) else {
            return Err(changed(
                no,
                ExportProblem::NotListed {
                    stroom: record.stroom.clone(),
                    seq: record.seq,
                },
            ));
        };
        if index != current {
            let expected = &heads[current];
            if index < current {
                return Err(changed(
                    no,
                    ExportProblem::OutOfOrder {
                        stroom: record.stroom.clone(),
                        seq: record.seq,
                        after: expected.stroom.clone(),
                    },
                ));
            }
            check_complete(&heads, current, read_of_current, no)?;
            if index != current + 1 {
                return Err(changed(
                    no,
                    ExportProblem::WrongStroom {
                        stroom: record.stroom.clone(),
                        expected: heads[current + 1].stroom.clone(),
                        events: heads[current + 1].events,
                    },
                ));
            }
            current = index;
            read_of_current = 0;
        }
        let expected = read_of_current + 1;
        if record.seq != expected {
            let (stroom, seq) = (record.stroom.clone(), record.seq);
            let what = if record.seq < expected {
                ExportProblem::Again {
                    stroom,
                    seq,
                    expected,
                }
            } else {
                ExportProblem::Skipped {
                    stroom,
                    seq,
                    expected,
                }
            };
            return Err(changed(no, what));
        }
        if record.seq > head.events {
            return Err(changed(
                no,
                ExportProblem::BeyondHead {
                    stroom: record.stroom.clone(),
                    seq: record.seq,
                    events: head.events,
                },
            ));
        }
        if record.seq == head.events && record.hash != head.head {
            return Err(changed(
                no,
                ExportProblem::NotTheHead {
                    stroom: record.stroom.clone(),
                    hash: crate::audit::short(&record.hash).to_string(),
                    head: crate::audit::short(&head.head).to_string(),
                },
            ));
        }
        if chains.last().is_none_or(|(s, _)| *s != record.stroom) {
            chains.push((record.stroom.clone(), Vec::new()));
        }
        at.entry(record.stroom.clone()).or_default().push(no);
        if let Some((_, chain)) = chains.last_mut() {
            chain.push(record);
        }
        read_of_current += 1;
    }
    let last = lines.len().max(1);
    Err(changed(last, ExportProblem::NoTrailer { line: last }))
}

/// Checks that stroom `current` is complete (`read` of its events were read).
fn check_complete(
    heads: &[ExportHead],
    current: usize,
    read: u64,
    line: usize,
) -> Result<(), ExportError> {
    let Some(h) = heads.get(current) else {
        return Ok(());
    };
    if read < h.events {
        let message = if read == 0 {
            ExportProblem::StroomMissing {
                stroom: h.stroom.clone(),
                events: h.events,
            }
        } else {
            ExportProblem::Short {
                stroom: h.stroom.clone(),
                read,
                events: h.events,
            }
        };
        return Err(changed(line, message));
    }
    Ok(())
}

/// The export is complete: check every chain.
fn finish(
    chains: Vec<(String, Vec<Record>)>,
    lines: BTreeMap<String, Vec<usize>>,
) -> Result<Export, ExportError> {
    let export = Export { chains, lines };
    for (stroom, chain) in &export.chains {
        if let Err(bad) = verify_chain(stroom, chain) {
            let line = export.line_of(stroom, bad.seq).unwrap_or(1);
            return Err(changed(line, ExportProblem::Broken { bad }));
        }
    }
    Ok(export)
}

fn count(n: u64, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// serde_json's message without its "at line 1 column N" (the caller names the line).
fn strip_place(e: &serde_json::Error) -> String {
    let message = e.to_string();
    message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m)
        .to_string()
}
