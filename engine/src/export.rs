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

fn changed(line: usize, message: String) -> ExportError {
    ExportError {
        line,
        column: None,
        message,
        hint: CHANGED.into(),
        malformed: false,
    }
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
        return Err(changed(
            1,
            "the file is empty: an export holds at least its header and trailer; it was cut off, or is not an export".into(),
        ));
    };
    let header: Header = match serde_json::from_str(first) {
        Ok(h) => h,
        Err(_) if !first_complete && first.starts_with('{') => {
            return Err(changed(
                1,
                "the file ends in the middle of its first line, without the export's trailer: it was cut off".into(),
            ));
        }
        Err(e) => {
            if serde_json::from_str::<Record>(first).is_ok() {
                return Err(ExportError {
                    line: 1,
                    column: None,
                    message: "a record where the export's header belongs: its first line was removed, or this is an anchor journal or an export of an older stroom".into(),
                    hint: "import a complete file written by 'stroom export'; to rebuild a database from its anchor.jsonl, add --anchor; nothing was imported".into(),
                    malformed: false,
                });
            }
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(first) {
                if let Some(f) = v.get("stroom-export") {
                    return Err(ExportError {
                        line: 1,
                        column: None,
                        message: format!(
                            "an export of format {f}: this stroom reads format {EXPORT_FORMAT}"
                        ),
                        hint: "export again with the stroom that imports it; nothing was imported"
                            .into(),
                        malformed: true,
                    });
                }
                if v.get("trailer").is_some() {
                    return Err(changed(
                        1,
                        "the trailer where the export's header belongs".into(),
                    ));
                }
            }
            return Err(ExportError {
                line: 1,
                column: Some(e.column()),
                message: format!("not an export header: {}", strip_place(&e)),
                hint: "import a file written by 'stroom export'; nothing was imported".into(),
                malformed: true,
            });
        }
    };
    if header.format != EXPORT_FORMAT {
        return Err(ExportError {
            line: 1,
            column: None,
            message: format!(
                "an export of format {}: this stroom reads format {EXPORT_FORMAT}",
                header.format
            ),
            hint: "export again with the stroom that imports it; nothing was imported".into(),
            malformed: true,
        });
    }
    let heads = header.heads;
    for (i, h) in heads.iter().enumerate() {
        if heads[..i].iter().any(|o| o.stroom == h.stroom) {
            return Err(changed(
                1,
                format!("the header lists stroom {} twice", h.stroom),
            ));
        }
        if h.events == 0 {
            return Err(changed(
                1,
                format!("the header lists stroom {} with no events", h.stroom),
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
                    format!(
                        "stroom {} (listed in the header, {}) is missing: its lines were deleted",
                        h.stroom,
                        count(h.events, "event")
                    ),
                ));
            }
            if t.strooms != heads.len() as u64 || t.records != records {
                return Err(changed(
                    no,
                    format!(
                        "the trailer counts {} and {}; the file holds {} and {}",
                        count(t.strooms, "stroom"),
                        count(t.records, "record"),
                        count(heads.len() as u64, "stroom"),
                        count(records, "record")
                    ),
                ));
            }
            // Each chain before the digest: an altered record is named on its own line.
            let export = finish(chains, at)?;
            let digest = hex::encode(Sha256::digest(&bytes[..offset]));
            if digest != t.sha256 {
                return Err(changed(
                    no,
                    "the digest in the trailer does not match the lines before it: a line was altered".into(),
                ));
            }
            if let Some(extra) = lines[i + 1..]
                .iter()
                .position(|(_, l, _)| !l.trim().is_empty())
            {
                return Err(changed(
                    no + 1 + extra,
                    "a line after the trailer: the trailer must be the export's last line".into(),
                ));
            }
            return Ok(export);
        }
        let record: Record = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                if !complete {
                    return Err(changed(
                        no,
                        "the file ends in the middle of this line, without the export's trailer: it was cut off".into(),
                    ));
                }
                if serde_json::from_str::<Header>(line).is_ok() {
                    return Err(changed(
                        no,
                        "a second export header: lines were duplicated or moved".into(),
                    ));
                }
                return Err(ExportError {
                    line: no,
                    column: Some(e.column()),
                    message: format!("not a record: {}", strip_place(&e)),
                    hint: "each line between header and trailer is one record as written by 'stroom export'; nothing was imported".into(),
                    malformed: true,
                });
            }
        };
        let Some((index, head)) = head_at(&heads, &record.stroom) else {
            return Err(changed(
                no,
                format!(
                    "event {} of stroom {}, which the header does not list",
                    record.seq, record.stroom
                ),
            ));
        };
        if index != current {
            let expected = &heads[current];
            if index < current {
                return Err(changed(
                    no,
                    format!(
                        "event {} of stroom {} after the records of stroom {}: lines were duplicated or moved",
                        record.seq, record.stroom, expected.stroom
                    ),
                ));
            }
            check_complete(&heads, current, read_of_current, no)?;
            if index != current + 1 {
                return Err(changed(
                    no,
                    format!(
                        "stroom {} begins where stroom {} (listed in the header, {}) belongs: its lines were deleted or moved",
                        record.stroom,
                        heads[current + 1].stroom,
                        count(heads[current + 1].events, "event")
                    ),
                ));
            }
            current = index;
            read_of_current = 0;
        }
        let expected = read_of_current + 1;
        if record.seq != expected {
            let what = if record.seq < expected {
                format!(
                    "event {} of stroom {} again, where event {expected} belongs: a line was duplicated or moved",
                    record.seq, record.stroom
                )
            } else {
                format!(
                    "event {} of stroom {} where event {expected} belongs: event {expected} is missing (a line was deleted or moved)",
                    record.seq, record.stroom
                )
            };
            return Err(changed(no, what));
        }
        if record.seq > head.events {
            return Err(changed(
                no,
                format!(
                    "event {} of stroom {}, which the header says has {}",
                    record.seq,
                    record.stroom,
                    count(head.events, "event")
                ),
            ));
        }
        if record.seq == head.events && record.hash != head.head {
            return Err(changed(
                no,
                format!(
                    "the last event of stroom {} has hash {}; the header says its head is {}",
                    record.stroom,
                    crate::audit::short(&record.hash),
                    crate::audit::short(&head.head)
                ),
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
    Err(changed(
        last,
        format!("the file ends after line {last} without the export's trailer: it was cut off"),
    ))
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
            format!(
                "stroom {} (listed in the header, {}) is missing: its lines were deleted",
                h.stroom,
                count(h.events, "event")
            )
        } else {
            format!(
                "stroom {} ends after event {read}; the header says it has {}: lines were deleted or moved",
                h.stroom,
                count(h.events, "event")
            )
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
            return Err(ExportError {
                line,
                column: None,
                message: format!("event {} of stroom {stroom}: {}", bad.seq, bad.reason),
                hint: CHANGED.into(),
                malformed: false,
            });
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
