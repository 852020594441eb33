//! Record signatures: every record a database writes is signed with the database's own
//! ed25519 key, over the record's hash.
//!
//! The hash chain shows any change to a record, but anyone can recompute it: someone who
//! edits an actor or a date and re-hashes the chain from there on produces a trail that
//! verifies. A signature cannot be recomputed without the secret key. The key lives in the
//! database directory (`signing.key`, permissions 0600, created by the first command that
//! writes); its public half is beside it (`signing.pub`) for readers. Neither an export nor
//! the anchor journal ever holds the secret key.
//!
//! A record's signature is `ed25519(secret, "stroom record v1\n" ‖ hash)`, stored with the
//! public key that made it: [`Signature`]. It is not part of the hashed content (it signs the
//! hash), so records from before signing keep their hashes and verify as unsigned.
//!
//! What a signature proves depends on the key it is checked against: against a key the
//! reader obtained elsewhere (`--trust`), that the record was written by whoever holds that
//! key, unchanged since. Checked against the key the database itself names, it proves only
//! that the records agree with each other: someone who can rewrite the database can also
//! replace its key.

use std::io::Write as _;
use std::path::Path;

use base64::Engine as _;
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::audit::{BadEvent, Broken, Record};

/// The secret key's file name in the database directory.
pub const KEY_FILE: &str = "signing.key";
/// The public key's file name in the database directory.
pub const PUBLIC_FILE: &str = "signing.pub";

/// What is signed: this context, then the record's hash (64 hex digits).
const CONTEXT: &[u8] = b"stroom record v1\n";

/// A record's signature and the public key that made it (both hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// The signer's public key (32 bytes, hex).
    pub key: String,
    /// The ed25519 signature (64 bytes, hex) over the context and the record's hash.
    pub sig: String,
}

/// A public key: what `--trust` takes and `stroom key` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// The key as 64 hex digits.
    pub fn hex(&self) -> String {
        hex::encode(self.0.as_bytes())
    }

    /// The SHA-256 of the key's 32 bytes, hex, in groups of four: what people compare.
    pub fn fingerprint(&self) -> String {
        let digest = hex::encode(Sha256::digest(self.0.as_bytes()));
        digest
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The first two groups of the fingerprint, to name a key in a sentence.
    pub fn short(&self) -> String {
        self.fingerprint().chars().take(9).collect()
    }

    /// Parses a public key given as 64 hex digits, as base64 (44 characters), as the JSON
    /// that `stroom key --format json` and the server's `GET /api/key` return (its
    /// `"public-key"`, or `"public_key"` as they wrote it before the JSON contract's
    /// kebab-case: a copy saved then keeps working), or as the contents of a `signing.pub`
    /// file. Surrounding white space is ignored.
    ///
    /// # Errors
    /// What is wrong with the text, for people.
    pub fn parse(text: &str) -> Result<PublicKey, BadKey> {
        let text = text.trim();
        if text.starts_with('{') {
            let v: serde_json::Value =
                serde_json::from_str(text).map_err(|_| BadKey::JsonDoesNotParse)?;
            let Some(key) = ["public-key", "public_key"]
                .iter()
                .find_map(|name| v.get(name).and_then(|k| k.as_str()))
            else {
                return Err(BadKey::JsonWithoutKey);
            };
            return PublicKey::parse(key);
        }
        let neither = || BadKey::NeitherHexNorBase64 {
            text: text.chars().take(80).collect(),
        };
        let bytes = if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            hex::decode(text).map_err(|_| neither())?
        } else {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|_| neither())?
        };
        let bytes: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| BadKey::Length { bytes: bytes.len() })?;
        VerifyingKey::from_bytes(&bytes)
            .map(PublicKey)
            .map_err(|_| BadKey::NotEd25519)
    }
}

pub use crate::error::audit::BadKey;

/// The database's signing key.
pub struct Signer {
    key: SigningKey,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("public", &self.public().hex())
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// A signer from a 32-byte secret seed.
    pub fn from_seed(seed: [u8; 32]) -> Signer {
        Signer {
            key: SigningKey::from_bytes(&seed),
        }
    }

    /// The public half.
    pub fn public(&self) -> PublicKey {
        PublicKey(self.key.verifying_key())
    }

    /// Signs a sealed record (over its hash), replacing any signature it had.
    pub fn sign(&self, record: &mut Record) {
        let sig = self.key.sign(&message(&record.hash));
        record.sig = Some(Signature {
            key: self.public().hex(),
            sig: hex::encode(sig.to_bytes()),
        });
    }

    /// Loads the key of the database in `dir`, creating it (with fresh randomness from
    /// the operating system) when there is none. Returns whether it was created.
    ///
    /// # Errors
    /// I/O failure, no randomness, or a key file that does not hold a key.
    pub fn load_or_create(dir: &Path) -> std::io::Result<(Signer, bool)> {
        let path = dir.join(KEY_FILE);
        let (signer, created) = match std::fs::read_to_string(&path) {
            Ok(text) => (Self::decode(&path, &text)?, false),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut seed = [0u8; 32];
                getrandom::getrandom(&mut seed).map_err(std::io::Error::other)?;
                write_new(&path, &format!("{}\n", hex::encode(seed)), true)?;
                (Signer::from_seed(seed), true)
            }
            Err(e) => return Err(e),
        };
        let public = format!("{}\n", signer.public().hex());
        let pub_path = dir.join(PUBLIC_FILE);
        if std::fs::read_to_string(&pub_path).ok().as_deref() != Some(public.as_str()) {
            let _ = std::fs::remove_file(&pub_path);
            write_new(&pub_path, &public, false)?;
        }
        if created {
            if let Ok(d) = std::fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok((signer, created))
    }

    fn decode(path: &Path, text: &str) -> std::io::Result<Signer> {
        let bad = || {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "'{}' does not hold a signing key (64 hex digits); restore it from a backup of the database directory",
                    path.display()
                ),
            )
        };
        let bytes = hex::decode(text.trim()).map_err(|_| bad())?;
        let seed: [u8; 32] = bytes.as_slice().try_into().map_err(|_| bad())?;
        Ok(Signer::from_seed(seed))
    }
}

/// Writes a new file, fsynced; `secret` makes it readable by its owner only.
fn write_new(path: &Path, text: &str, secret: bool) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(if secret { 0o600 } else { 0o644 });
    }
    let _ = secret;
    let mut f = options.open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

/// The key a database in `dir` signs with, when its secret key file is missing although
/// it has signed before: named by `signing.pub`, or by the latest signed record of the
/// anchor journal. `None` when the secret key is there, or the database never signed.
///
/// # Errors
/// I/O failure.
pub fn key_missing(dir: &Path) -> std::io::Result<Option<PublicKey>> {
    if dir.join(KEY_FILE).exists() {
        return Ok(None);
    }
    if let Ok(Some(public)) = read_public(dir) {
        return Ok(Some(public));
    }
    let anchor = dir.join(crate::anchor::ANCHOR_FILE);
    let bytes = match std::fs::read(&anchor) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let last_signed = crate::anchor::parse(&bytes).ok().and_then(|c| {
        c.chains
            .into_values()
            .flatten()
            .filter(|r| r.sig.is_some())
            .max_by_key(|r| r.recorded_at)
    });
    Ok(last_signed
        .and_then(|r| r.sig)
        .and_then(|s| PublicKey::parse(&s.key).ok()))
}

/// The public key of the database in `dir`, from its `signing.pub` (none before its
/// first write with signing).
///
/// # Errors
/// I/O failure, or a file that does not hold a key.
pub fn read_public(dir: &Path) -> std::io::Result<Option<PublicKey>> {
    if let Some(pending) = pending_public(dir)? {
        return Ok(Some(pending));
    }
    let path = dir.join(PUBLIC_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => PublicKey::parse(&text).map(Some).map_err(|why| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("'{}' does not hold a public key: {why}", path.display()),
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The public key of a rotation that was recorded (the last of `signing.rotations` names
/// it) while a crash left it beside `signing.pub` (`signing.pub.new`): the key in use, which
/// the next writer moves into place ([`settle`]). A `.new` file no rotation names was never
/// in use.
fn pending_public(dir: &Path) -> std::io::Result<Option<PublicKey>> {
    let text = match std::fs::read_to_string(beside(dir, PUBLIC_FILE)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => return Ok(None),
        Err(e) => return Err(e),
    };
    let Ok(key) = PublicKey::parse(&text) else {
        return Ok(None);
    };
    let recorded = rotations(dir)?.last().is_some_and(|r| r.next == key.hex());
    Ok(recorded.then_some(key))
}

fn message(hash: &str) -> Vec<u8> {
    let mut m = CONTEXT.to_vec();
    m.extend_from_slice(hash.as_bytes());
    m
}

/// Checks a record's own signature against the key it names: `Ok(None)` when unsigned,
/// `Ok(Some(key))` when it verifies.
///
/// # Errors
/// A signature that does not verify, or that is not hex of the right length.
pub fn check(record: &Record) -> Result<Option<PublicKey>, Broken> {
    let Some(s) = &record.sig else {
        return Ok(None);
    };
    let key = PublicKey::parse(&s.key).map_err(|key| Broken::SignatureKey { key })?;
    let sig = hex::decode(&s.sig)
        .ok()
        .and_then(|b| ed25519_dalek::Signature::from_slice(&b).ok())
        .ok_or(Broken::SignatureNotHex)?;
    key.0
        .verify_strict(&message(&record.hash), &sig)
        .map_err(|_| Broken::SignatureFails)?;
    Ok(Some(key))
}

/// How a chain's records are signed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Signatures {
    /// Records signed by the key checked against.
    pub signed: u64,
    /// Records from before signing.
    pub unsigned: u64,
    /// Records signed by another key, by its hex (e.g. an older database's, imported).
    pub other_keys: std::collections::BTreeMap<String, u64>,
}

/// Checks every signature of one stroom's records. With `trust` (not empty) every record
/// must be signed by one of those keys; without, records signed by `own` count as signed,
/// others by the key that signed them, and unsigned records are counted. Always: every
/// signature must verify, and once a record is signed, every later one must be too (a
/// key is never given up, so a later unsigned record had its signature removed).
///
/// # Errors
/// The first record that fails.
pub fn check_chain(
    stroom: &str,
    records: &[Record],
    trust: &[PublicKey],
    own: Option<&PublicKey>,
) -> Result<Signatures, BadEvent> {
    let mut out = Signatures::default();
    let mut first_signed: Option<u64> = None;
    for r in records {
        let bad = |broken: Broken| BadEvent::new(stroom, r.seq, broken);
        match check(r).map_err(bad)? {
            None => {
                if !trust.is_empty() {
                    return Err(bad(Broken::UnsignedButTrustGiven));
                }
                if let Some(signed) = first_signed {
                    return Err(bad(Broken::SignatureRemoved { signed }));
                }
                out.unsigned += 1;
            }
            Some(key) => {
                first_signed.get_or_insert(r.seq);
                if !trust.is_empty() {
                    if !trust.contains(&key) {
                        return Err(bad(Broken::UntrustedKey {
                            fingerprint: key.fingerprint(),
                            several: trust.len() > 1,
                        }));
                    }
                    out.signed += 1;
                } else if own == Some(&key) {
                    out.signed += 1;
                } else {
                    *out.other_keys.entry(key.hex()).or_default() += 1;
                }
            }
        }
    }
    Ok(out)
}

/// The file of a database's key rotations, one JSON line per rotation, oldest first.
pub const ROTATIONS_FILE: &str = "signing.rotations";

/// What a rotation's endorsement signs: this context, the previous key, the next key and
/// the time, each on its own line.
const ROTATION_CONTEXT: &[u8] = b"stroom key rotation v1\n";

/// One deliberate change of a database's signing key (`stroom key --rotate`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Rotation {
    /// The key given up (hex).
    pub previous: String,
    /// The key used from then on (hex).
    pub next: String,
    /// When it was rotated.
    pub at: jiff::Timestamp,
    /// The previous key's signature (hex) over the context, `previous`, `next` and `at`:
    /// present when its secret was still there, absent when it was lost.
    pub endorsement: Option<String>,
}

impl Rotation {
    fn message(&self) -> Vec<u8> {
        let mut m = ROTATION_CONTEXT.to_vec();
        m.extend_from_slice(format!("{}\n{}\n{}\n", self.previous, self.next, self.at).as_bytes());
        m
    }

    /// Whether the previous key endorsed the next one: its signature is present and
    /// verifies.
    pub fn endorsed(&self) -> bool {
        let (Ok(previous), Some(sig)) = (PublicKey::parse(&self.previous), &self.endorsement)
        else {
            return false;
        };
        hex::decode(sig)
            .ok()
            .and_then(|b| ed25519_dalek::Signature::from_slice(&b).ok())
            .is_some_and(|s| previous.0.verify_strict(&self.message(), &s).is_ok())
    }
}

/// The key rotations of the database in `dir`, oldest first (none when it never rotated).
///
/// # Errors
/// I/O failure, or a line that is not a rotation.
pub fn rotations(dir: &Path) -> std::io::Result<Vec<Rotation>> {
    let path = dir.join(ROTATIONS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "'{}' line {}: not a key rotation: {e}",
                        path.display(),
                        i + 1
                    ),
                )
            })
        })
        .collect()
}

/// The keys `trust` extends to through endorsed rotations: a key the previous (trusted)
/// key endorsed is trusted too, in the order rotations were made. A rotation whose
/// previous key was lost (not endorsed) extends nothing.
pub fn trusted_through(trust: &[PublicKey], rotations: &[Rotation]) -> Vec<PublicKey> {
    let mut out = trust.to_vec();
    for r in rotations {
        let (Ok(previous), Ok(next)) = (PublicKey::parse(&r.previous), PublicKey::parse(&r.next))
        else {
            continue;
        };
        if out.contains(&previous) && !out.contains(&next) && r.endorsed() {
            out.push(next);
        }
    }
    out
}

/// The suffix of the files a key rotation writes beside the ones it replaces.
const NEW: &str = ".new";

fn beside(dir: &Path, name: &str) -> std::path::PathBuf {
    dir.join(format!("{name}{NEW}"))
}

/// Replaces the signing key of the database in `dir` (the caller holds its exclusive
/// lock, and has [`settle`]d it) with a new one, recording the rotation: endorsed by the
/// current key when its secret is there, else (a lost key: `lost`, as [`key_missing`]
/// found it) without an endorsement. Returns the rotation.
///
/// Crash-safe at every step: the new key files are written beside the old ones
/// (`signing.key.new`, `signing.pub.new`, fsynced, the directory fsynced), then the rotation
/// record is added to a copy of `signing.rotations` renamed over it (the commit: before it
/// the old pair is in use, after it the new one), then the new key files are renamed into
/// place and the directory fsynced. A crash before the commit leaves `.new` files that no
/// rotation names (the next writer removes them); after it, files the last rotation names
/// (readers take the public key from `signing.pub.new` then, [`read_public`]; the next
/// writer moves them into place, [`settle`]).
///
/// # Errors
/// A database with no key to rotate, no randomness, or I/O failure.
pub fn rotate(
    dir: &Path,
    lost: Option<PublicKey>,
    at: jiff::Timestamp,
) -> std::io::Result<Rotation> {
    rotate_until(dir, lost, at, usize::MAX)
}

/// How many steps [`rotate`] takes (each a write and fsync, a rename or a directory's
/// fsync), for the test that stops it before each one.
#[cfg(test)]
const ROTATE_STEPS: usize = 8;

/// [`rotate`], stopped before its step `stop` (counted from 0) as a crash would stop it:
/// what it leaves on disk is what a crash there leaves (the tests of every step).
fn rotate_until(
    dir: &Path,
    lost: Option<PublicKey>,
    at: jiff::Timestamp,
    stop: usize,
) -> std::io::Result<Rotation> {
    let key_path = dir.join(KEY_FILE);
    let current = match std::fs::read_to_string(&key_path) {
        Ok(text) => Some(Signer::decode(&key_path, &text)?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let previous = match (&current, lost) {
        (Some(s), _) => s.public(),
        (None, Some(k)) => k,
        (None, None) => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!(
                    "the database at '{}' has no signing key to rotate (it gets one at its first write)",
                    dir.display()
                ),
            ))
        }
    };
    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed).map_err(std::io::Error::other)?;
    let next = Signer::from_seed(seed);
    let mut rotation = Rotation {
        previous: previous.hex(),
        next: next.public().hex(),
        at,
        endorsement: None,
    };
    if let Some(s) = &current {
        rotation.endorsement = Some(hex::encode(s.key.sign(&rotation.message()).to_bytes()));
    }
    let mut line = serde_json::to_string(&rotation).map_err(std::io::Error::other)?;
    line.push('\n');
    let mut rotations = match std::fs::read(dir.join(ROTATIONS_FILE)) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    if rotations.last().is_some_and(|b| *b != b'\n') {
        rotations.push(b'\n');
    }
    rotations.extend_from_slice(line.as_bytes());
    let secret = format!("{}\n", hex::encode(seed));
    let public = format!("{}\n", next.public().hex());
    let sync_dir = || std::fs::File::open(dir)?.sync_all();
    let steps: [&dyn Fn() -> std::io::Result<()>; 8] = [
        &|| write_beside(dir, KEY_FILE, secret.as_bytes(), true),
        &|| write_beside(dir, PUBLIC_FILE, public.as_bytes(), false),
        &sync_dir,
        &|| write_beside(dir, ROTATIONS_FILE, &rotations, false),
        // The commit: from here on the rotation is recorded and its key is the one in use.
        &|| std::fs::rename(beside(dir, ROTATIONS_FILE), dir.join(ROTATIONS_FILE)),
        &sync_dir,
        // The secret first: a writer signs with `signing.key`, and a reader takes the
        // public key from `signing.pub.new` as long as it is there.
        &|| std::fs::rename(beside(dir, KEY_FILE), &key_path),
        &|| std::fs::rename(beside(dir, PUBLIC_FILE), dir.join(PUBLIC_FILE)),
    ];
    for step in steps.iter().take(stop) {
        step()?;
    }
    if stop > steps.len() {
        sync_dir()?;
    }
    Ok(rotation)
}

/// Writes `name`'s replacement beside it (`name.new`, a leftover removed first), fsynced.
fn write_beside(dir: &Path, name: &str, bytes: &[u8], secret: bool) -> std::io::Result<()> {
    let partial = beside(dir, name);
    match std::fs::remove_file(&partial) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(if secret { 0o600 } else { 0o644 });
    }
    let _ = secret;
    let mut f = options.open(&partial)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// What [`settle`] did about a key rotation that a crash interrupted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// The rotation was recorded (the last of `signing.rotations`) but its key file was not
    /// in place: `file` now holds the key the rotation names (`fingerprint`).
    Finished {
        /// The key file put in place.
        file: String,
        /// The fingerprint of the key in use.
        fingerprint: String,
    },
    /// A file of a rotation interrupted before it was recorded: removed; the key in use is
    /// the one before it.
    Undone {
        /// The file removed.
        file: String,
    },
}

/// Why [`settle`] refused the database's key files.
#[derive(Debug)]
pub enum SettleError {
    /// I/O failure.
    Io(std::io::Error),
    /// `signing.key` and `signing.pub` name different keys, and no rotation explains it.
    Mismatch {
        /// The fingerprint of the key of `signing.key`.
        secret: String,
        /// The fingerprint of the key `signing.pub` names.
        public: String,
    },
}

impl From<std::io::Error> for SettleError {
    fn from(e: std::io::Error) -> Self {
        SettleError::Io(e)
    }
}

/// Brings the key files of the database in `dir` to the state its last recorded rotation
/// says, for a writer (under the exclusive lock, before it reads the key): a rotation a
/// crash interrupted after it was recorded is finished (its `.new` files renamed into
/// place), one interrupted before is undone (its `.new` files removed); `signing.pub`
/// naming the key before the last rotation while `signing.key` holds the key after it (a
/// rotation by an earlier version, interrupted between the two files) is rewritten. Any
/// other pair of a secret and a public key that differ is refused: the files do not belong
/// together, and signing with either could make the trail look signed by another database.
///
/// # Errors
/// I/O failure, or [`SettleError::Mismatch`].
pub fn settle(dir: &Path) -> Result<Vec<Settled>, SettleError> {
    let mut done = Vec::new();
    let pending_rotations = beside(dir, ROTATIONS_FILE);
    if remove_if_there(&pending_rotations)? {
        done.push(Settled::Undone {
            file: pending_rotations.display().to_string(),
        });
    }
    // The last rotation, read only when a file needs it (most opens find none).
    let mut last_read: Option<Option<Rotation>> = None;
    let mut last = || -> std::io::Result<Option<Rotation>> {
        if last_read.is_none() {
            last_read = Some(rotations(dir)?.pop());
        }
        Ok(last_read.clone().flatten())
    };
    let named_by = |r: &Option<Rotation>| r.as_ref().and_then(|r| PublicKey::parse(&r.next).ok());
    for (name, secret) in [(KEY_FILE, true), (PUBLIC_FILE, false)] {
        let partial = beside(dir, name);
        let text = match std::fs::read_to_string(&partial) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            // Not text: a torn write, never recorded.
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => None,
            Err(e) => return Err(e.into()),
        };
        let key = text.and_then(|t| match secret {
            true => Signer::decode(&partial, &t).ok().map(|s| s.public()),
            false => PublicKey::parse(&t).ok(),
        });
        match (key, named_by(&last()?)) {
            (Some(key), Some(named)) if key == named => {
                std::fs::rename(&partial, dir.join(name))?;
                done.push(Settled::Finished {
                    file: dir.join(name).display().to_string(),
                    fingerprint: key.fingerprint(),
                });
            }
            _ => {
                std::fs::remove_file(&partial)?;
                done.push(Settled::Undone {
                    file: partial.display().to_string(),
                });
            }
        }
    }
    let key_path = dir.join(KEY_FILE);
    let secret = match std::fs::read_to_string(&key_path) {
        Ok(text) => Some(Signer::decode(&key_path, &text)?.public()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    let public_text = match std::fs::read_to_string(dir.join(PUBLIC_FILE)) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => None,
        Err(e) => return Err(e.into()),
    };
    // A public key file that does not read (torn while `Signer::load_or_create` wrote it)
    // names no key: it is written again from the secret one.
    let public = public_text
        .filter(|t| secret.is_some_and(|s| t.trim() != s.hex()))
        .and_then(|t| PublicKey::parse(&t).ok());
    if let (Some(secret), Some(public)) = (secret, public) {
        if secret != public {
            let last = last()?;
            let rotated = last
                .as_ref()
                .is_some_and(|r| r.previous == public.hex() && named_by(&last) == Some(secret));
            if !rotated {
                return Err(SettleError::Mismatch {
                    secret: secret.fingerprint(),
                    public: public.fingerprint(),
                });
            }
            write_beside(
                dir,
                PUBLIC_FILE,
                format!("{}\n", secret.hex()).as_bytes(),
                false,
            )?;
            std::fs::rename(beside(dir, PUBLIC_FILE), dir.join(PUBLIC_FILE))?;
            done.push(Settled::Finished {
                file: dir.join(PUBLIC_FILE).display().to_string(),
                fingerprint: secret.fingerprint(),
            });
        }
    }
    if !done.is_empty() {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(done)
}

/// Removes `path` if it is there; whether it was.
fn remove_if_there(path: &Path) -> std::io::Result<bool> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(second: i64) -> jiff::Timestamp {
        jiff::Timestamp::from_second(1_700_000_000 + second).unwrap()
    }

    /// The names in `dir` ending in `.new`.
    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(NEW))
            .collect()
    }

    /// A rotation stopped before each of its steps (what a crash there leaves on disk),
    /// with the key present (endorsed) and lost: `signing.rotations` reads at every step;
    /// a reader's public key is the old one until the rotation record is in place and the
    /// new one from then on; the next writer's [`settle`] finishes or undoes it, saying
    /// so, and leaves a secret and a public key that belong together, that very key, no
    /// `.new` file, and nothing more to settle; an endorsed rotation's new key is trusted
    /// through the first key.
    #[test]
    fn a_rotation_stopped_before_any_step_leaves_the_old_pair_or_the_new_one() {
        for lost in [false, true] {
            for stop in (0..=ROTATE_STEPS).chain([usize::MAX]) {
                let what = format!("stopped before step {stop}, key lost: {lost}");
                let tmp = tempfile::tempdir().unwrap();
                let dir = tmp.path();
                let (first, _) = Signer::load_or_create(dir).unwrap();
                let first = first.public();
                // An earlier rotation: the record is added after one.
                let earlier = rotate(dir, None, at(0)).unwrap();
                let before = PublicKey::parse(&earlier.next).unwrap();
                let lost_key = lost.then(|| {
                    std::fs::remove_file(dir.join(KEY_FILE)).unwrap();
                    before
                });
                let rotation = rotate_until(dir, lost_key, at(1), stop).unwrap();
                let next = PublicKey::parse(&rotation.next).unwrap();
                let recorded = rotations(dir).unwrap();
                let committed = recorded.last() == Some(&rotation);
                assert_eq!(committed, stop > 4, "{what}");
                assert_eq!(recorded.len(), 1 + usize::from(committed), "{what}");
                let in_use = if committed { next } else { before };
                assert_eq!(read_public(dir).unwrap(), Some(in_use), "{what}: a reader");

                let settled = settle(dir).unwrap();
                let expected = match stop {
                    0 | 8 | usize::MAX => 0,
                    1 | 7 => 1,
                    2 | 3 | 5 | 6 => 2,
                    _ => 3,
                };
                assert_eq!(settled.len(), expected, "{what}: {settled:?}");
                assert!(
                    settled.iter().all(|s| match s {
                        Settled::Finished { fingerprint, .. } =>
                            committed && *fingerprint == next.fingerprint(),
                        Settled::Undone { .. } => !committed,
                    }),
                    "{what}: {settled:?}"
                );
                assert_eq!(leftovers(dir), Vec::<String>::new(), "{what}");
                assert_eq!(read_public(dir).unwrap(), Some(in_use), "{what}: after");
                if lost && !committed {
                    assert_eq!(key_missing(dir).unwrap(), Some(before), "{what}");
                } else {
                    assert_eq!(key_missing(dir).unwrap(), None, "{what}");
                    let (signer, created) = Signer::load_or_create(dir).unwrap();
                    assert!(!created, "{what}");
                    assert_eq!(signer.public(), in_use, "{what}: the writer's key");
                }
                assert_eq!(settle(dir).unwrap(), Vec::new(), "{what}: settled twice");
                let trusted = trusted_through(&[first], &rotations(dir).unwrap());
                assert_eq!(trusted.contains(&in_use), !(lost && committed), "{what}");
            }
        }
    }

    /// `signing.key` and `signing.pub` naming different keys: a writer refuses them, unless
    /// the last rotation leads from the public one to the secret one (a rotation by an
    /// earlier version, which replaced the secret key first, interrupted before the public
    /// one), which it finishes.
    #[test]
    fn a_secret_and_a_public_key_that_differ_are_refused_unless_a_rotation_explains_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let (signer, _) = Signer::load_or_create(dir).unwrap();
        let foreign = Signer::from_seed([9; 32]);
        let old_public = std::fs::read(dir.join(PUBLIC_FILE)).unwrap();
        std::fs::write(dir.join(KEY_FILE), format!("{}\n", hex::encode([9u8; 32]))).unwrap();
        match settle(dir) {
            Err(SettleError::Mismatch { secret, public }) => {
                assert_eq!(secret, foreign.public().fingerprint());
                assert_eq!(public, signer.public().fingerprint());
            }
            other => panic!("not refused: {other:?}"),
        }
        assert_eq!(std::fs::read(dir.join(PUBLIC_FILE)).unwrap(), old_public);

        // The earlier version's crash: the rotation recorded, the secret key replaced,
        // `signing.pub` still naming the key before. A rotation from another key does not
        // explain it; one from the key `signing.pub` names does.
        let rotation = rotate(dir, None, at(0)).unwrap();
        let next = PublicKey::parse(&rotation.next).unwrap();
        assert_eq!(rotation.previous, foreign.public().hex());
        std::fs::write(dir.join(PUBLIC_FILE), &old_public).unwrap();
        assert!(matches!(settle(dir), Err(SettleError::Mismatch { .. })));
        let from_public = Rotation {
            previous: signer.public().hex(),
            ..rotation.clone()
        };
        std::fs::write(
            dir.join(ROTATIONS_FILE),
            format!("{}\n", serde_json::to_string(&from_public).unwrap()),
        )
        .unwrap();
        assert_eq!(
            settle(dir).unwrap(),
            vec![Settled::Finished {
                file: dir.join(PUBLIC_FILE).display().to_string(),
                fingerprint: next.fingerprint(),
            }]
        );
        assert_eq!(read_public(dir).unwrap(), Some(next));
    }

    /// The JSON of `stroom key --format json` is read in its kebab-case spelling and in the
    /// snake-case one it had before the JSON contract, so a key saved then is still trusted.
    #[test]
    fn a_key_is_read_from_its_json_in_either_spelling() {
        let key = Signer::from_seed([7; 32]).public();
        let hex = key.hex();
        let now = format!(r#"{{"schema": 1, "public-key": "{hex}", "fingerprint": "x"}}"#);
        let before = format!("{{\n  \"public_key\": \"{hex}\",\n  \"fingerprint\": \"x\",\n  \"file\": \"db/signing.pub\"\n}}\n");
        assert_eq!(PublicKey::parse(&now), Ok(key));
        assert_eq!(PublicKey::parse(&before), Ok(key));
        assert_eq!(
            PublicKey::parse(r#"{"schema": 1, "key": "abc"}"#),
            Err(BadKey::JsonWithoutKey)
        );
    }
}
