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

/// Replaces the signing key of the database in `dir` (the caller holds its exclusive
/// lock) with a new one, recording the rotation first: endorsed by the current key when
/// its secret is there, else (a lost key: `lost`, as [`key_missing`] found it) without an
/// endorsement. Returns the rotation.
///
/// # Errors
/// A database with no key to rotate, no randomness, or I/O failure.
pub fn rotate(
    dir: &Path,
    lost: Option<PublicKey>,
    at: jiff::Timestamp,
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
    // The rotation first (fsynced), then the new key files, each written beside and
    // renamed into place: a crash leaves the old key in use, or the new one recorded.
    let mut line = serde_json::to_string(&rotation).map_err(std::io::Error::other)?;
    line.push('\n');
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(dir.join(ROTATIONS_FILE))?;
    f.write_all(line.as_bytes())?;
    f.sync_all()?;
    replace(dir, KEY_FILE, &format!("{}\n", hex::encode(seed)), true)?;
    replace(
        dir,
        PUBLIC_FILE,
        &format!("{}\n", next.public().hex()),
        false,
    )?;
    if let Ok(d) = std::fs::File::open(dir) {
        d.sync_all()?;
    }
    Ok(rotation)
}

/// Writes `name` in `dir` anew: a temporary file beside it, fsynced, renamed over it.
fn replace(dir: &Path, name: &str, text: &str, secret: bool) -> std::io::Result<()> {
    let partial = dir.join(format!("{name}.new"));
    let _ = std::fs::remove_file(&partial);
    write_new(&partial, text, secret)?;
    std::fs::rename(&partial, dir.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

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
