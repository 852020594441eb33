//! What the audit checks (verify, import, signatures, the anchor journal) find wrong with
//! an event of the trail, as data.
//!
//! A leaf of the engine's module graph: it names only a refused command ([`Rejection`])
//! and the store's [`Divergence`], which name nothing above them. `audit` and `sign`
//! re-export these types where they were.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::machine::Rejection;
use crate::error::store::Divergence;

/// The first broken link of a chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadEvent {
    /// The stroom.
    pub stroom: String,
    /// The sequence number of the first record that does not verify.
    pub seq: u64,
    /// What is wrong with it, in English words (the typed [`BadEvent::broken`] says it in
    /// any language).
    pub reason: String,
    /// What is wrong with it, typed (JSON: `code` and the data).
    pub broken: Broken,
}

impl BadEvent {
    /// Event `seq` of `stroom` is broken this way.
    pub fn new(stroom: &str, seq: u64, broken: Broken) -> BadEvent {
        BadEvent {
            stroom: stroom.to_string(),
            seq,
            reason: broken.to_string(),
            broken,
        }
    }
}

/// What is wrong with an event of the audit trail: the checks of verify, import and the
/// anchor journal. English here; the front ends render it in their language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum Broken {
    /// A record schema this build does not know.
    #[error("unknown record schema {schema}")]
    UnknownSchema {
        /// The schema it names.
        schema: u32,
    },
    /// A record of another stroom in this stroom's trail.
    #[error("belongs to stroom '{stroom}'")]
    OtherStroom {
        /// The stroom it names.
        stroom: String,
    },
    /// The event is missing: another one stands in its place.
    #[error("missing: found event {found} in its place")]
    Missing {
        /// The sequence number found instead.
        found: u64,
    },
    /// Its `prev` is not the hash of the event before it.
    #[error("does not link to the event before it (prev hash differs)")]
    Unlinked,
    /// Its content does not hash to its stored hash.
    #[error("content altered: hash is {hash}, stored {stored}")]
    Altered {
        /// The hash of its content (12 digits).
        hash: String,
        /// The hash stored with it (12 digits).
        stored: String,
    },
    /// The first event of a trail is not the stroom's creation.
    #[error("the first event is not the creation")]
    FirstNotCreation,
    /// A route in an event other than the first.
    #[error("it carries a route; only a stroom's first event does")]
    RouteNotFirst,
    /// The stored route does not match its hash.
    #[error("its stored route does not match the route's hash")]
    RouteAltered,
    /// The state machine would not have recorded the event.
    #[error("the state machine would not have recorded it ({what}, on {on}) under route {route}: {}", .rejection.to_string().lines().next().unwrap_or_default())]
    NotRecordable {
        /// What the event records, in English words.
        what: String,
        /// The day it records.
        #[serde(with = "crate::dates")]
        on: Date,
        /// The route it was replayed under.
        route: String,
        /// Why the state machine refuses it.
        rejection: Box<Rejection>,
    },
    /// Unsigned, while `--trust` asks every event signed by the trusted key.
    #[error("it is not signed, and --trust requires every event signed by the trusted key")]
    UnsignedButTrustGiven,
    /// Unsigned after a signed event: its signature was removed.
    #[error("it is not signed, though event {signed} before it is: its signature was removed")]
    SignatureRemoved {
        /// The first signed event.
        signed: u64,
    },
    /// Signed by a key that is not trusted.
    #[error("it is signed by key {fingerprint}, not by the trusted key{}: it was re-signed, or comes from another database", if *.several { "s" } else { "" })]
    UntrustedKey {
        /// The fingerprint of the key that signed it.
        fingerprint: String,
        /// More than one key was trusted.
        several: bool,
    },
    /// The key in its signature is no public key.
    #[error("its signature's key: {key}")]
    SignatureKey {
        /// Why it is no key.
        key: BadKey,
    },
    /// Its signature is not 64 bytes of hex.
    #[error("its signature is not 64 bytes of hex")]
    SignatureNotHex,
    /// Its signature does not verify.
    #[error("its signature does not verify: the record's hash or its signature was altered")]
    SignatureFails,
    /// Events after the last were removed (the stored head names a later one).
    #[error("the trail ends at event {last} but its head says {head}: events were removed")]
    Removed {
        /// The last event of the trail.
        last: u64,
        /// The event the head names.
        head: u64,
    },
    /// The last event differs from the stored head.
    #[error("the last event does not match the stored head (event {head}): it was rewritten or added outside stroom")]
    HeadDiffers {
        /// The event the head names.
        head: u64,
    },
    /// The database's copy differs from the anchor journal.
    #[error("{}", .divergence.text())]
    Diverged {
        /// How.
        divergence: Divergence,
    },
    /// A stored record that does not decode.
    #[error("{corruption}")]
    Unreadable {
        /// What is wrong.
        corruption: Box<super::store::Corruption>,
    },
}

/// Why a text is not a public key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "why", rename_all = "kebab-case")]
pub enum BadKey {
    /// It starts like JSON but does not parse.
    #[error("it looks like JSON but does not parse")]
    JsonDoesNotParse,
    /// JSON without a `public-key` (nor, as written before, `public_key`).
    #[error("JSON without a \"public-key\" field")]
    JsonWithoutKey,
    /// Neither 64 hex digits nor base64.
    #[error("'{text}' is neither 64 hex digits nor base64")]
    NeitherHexNorBase64 {
        /// The start of the text.
        text: String,
    },
    /// The wrong number of bytes.
    #[error("{bytes} bytes; an ed25519 public key has 32 (64 hex digits)")]
    Length {
        /// How many bytes it has.
        bytes: usize,
    },
    /// 32 bytes that are no ed25519 point.
    #[error("not a valid ed25519 public key")]
    NotEd25519,
}

/// Where a trail that fails verification was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// In the database, while loading a stroom.
    Stored,
    /// In an import: altered or incomplete.
    Import,
    /// In an import whose chain holds, with a history the state machine would not record.
    ImportReplay,
}

pub(crate) fn tampered_text(b: &BadEvent, found: Found) -> String {
    match found {
        Found::Stored => format!(
            "stroom '{}' fails verification at event {}: {}\n  hint: run 'stroom verify' and restore from an export ('stroom import')",
            b.stroom, b.seq, b.reason
        ),
        Found::Import => format!(
            "the import does not verify: stroom '{}' event {}: {}\n  hint: the file was altered or is incomplete; nothing was imported",
            b.stroom, b.seq, b.reason
        ),
        Found::ImportReplay => format!(
            "the import does not verify: stroom '{}' event {}: {}\n  hint: the export records a history stroom would not have recorded; import an intact export; nothing was imported",
            b.stroom, b.seq, b.reason
        ),
    }
}
