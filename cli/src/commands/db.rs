//! `init`, `verify`, `export`, `import`: the database as a whole.

use anyhow::Result;
use serde::{Deserialize, Serialize};
use stroom::sign::PublicKey;
use stroom::{journal, Record, Store};

use crate::args::{ExportArgs, Format, ImportArgs, KeyArgs, VerifyArgs};
use crate::client::{decode, pretty_json, Client, NO_QUERY};
use crate::render::{self, Table};
use crate::settings::{read_text, Settings};
use stroom_render::cli::{Failed, Note, Problem};

#[derive(Serialize)]
struct Init {
    db: String,
    created: bool,
    strooms: usize,
}

/// `stroom init`: creates or opens the database and prints its path.
pub fn init(settings: &Settings) -> Result<()> {
    let created = !settings.db.exists();
    let store = settings.open_store()?;
    let strooms = store.references()?.len();
    let db = settings.db.display().to_string();
    if settings.format == Format::Json {
        return render::answer(&Init {
            db,
            created,
            strooms,
        });
    }
    if created {
        render::say(settings.lang, &Note::DatabaseCreated);
    } else {
        render::say(
            settings.lang,
            &Note::DatabaseExists {
                strooms: strooms as u64,
            },
        );
    }
    render::out(&format!("{db}\n"))
}

/// What `verify` found, in the shape of `--format json` (local or from the server; a
/// server from before the JSON contract's kebab-case answers in snake case).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct VerifyView {
    #[serde(default)]
    keys: Vec<KeyView>,
    #[serde(default)]
    trusted: bool,
    strooms: Vec<ChainView>,
    #[serde(default, alias = "other_keys")]
    other_keys: Vec<OtherKeyView>,
    #[serde(default, alias = "previous_keys")]
    previous_keys: Vec<PreviousKeyView>,
    #[serde(alias = "first_bad")]
    first_bad: Option<BadView>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct PreviousKeyView {
    fingerprint: String,
    events: u64,
    #[serde(alias = "rotated_at")]
    rotated_at: String,
    endorsed: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct KeyView {
    #[serde(alias = "public_key")]
    public_key: String,
    fingerprint: String,
}

#[derive(Debug, Deserialize)]
struct OtherKeyView {
    fingerprint: String,
    events: u64,
}

#[derive(Debug, Deserialize)]
struct ChainView {
    stroom: String,
    events: u64,
    head: String,
    #[serde(default)]
    signed: u64,
    #[serde(default)]
    unsigned: u64,
}

#[derive(Debug, Deserialize)]
struct BadView {
    stroom: String,
    seq: u64,
    reason: String,
    /// Typed (absent from a server of an older version).
    #[serde(default)]
    broken: Option<stroom::audit::Broken>,
}

fn failed(bad: &BadView) -> anyhow::Error {
    Failed::Verify {
        stroom: bad.stroom.clone(),
        seq: bad.seq,
        reason: bad.reason.clone(),
        broken: bad.broken.clone(),
    }
    .into()
}

/// `stroom verify`: recomputes every chain, checks every signature (against `--trust`, else
/// the database's own key) and replays every stroom (on the server with `--server`).
pub fn verify(settings: &Settings, args: VerifyArgs) -> Result<()> {
    let VerifyArgs { trust, show_key } = args;
    let trust = parse_trust(&trust)?;
    let (mut v, key_file): (VerifyView, Option<String>) = match Client::of(settings)? {
        Some(client) => {
            let text = client.get(&["api", "verify"], NO_QUERY)?;
            let mut v: VerifyView = decode(&text, "GET /api/verify")?;
            if v.first_bad.is_none() && !trust.is_empty() {
                // The server checks against its own key; the trusted key is checked here,
                // on the records of its export, and the answer says so as locally.
                check_server_export(&client, &trust, &mut v)?;
                if settings.format == Format::Json {
                    let mut answer: serde_json::Value = decode(&text, "GET /api/verify")?;
                    trusted_answer(&mut answer, &v);
                    render::json(&answer)?;
                }
            } else if settings.format == Format::Json {
                render::out(&pretty_json(&text))?;
            }
            (v, None)
        }
        None => {
            let store = settings.audit_store()?;
            let v = journal::verify_trusting(&store, &settings.routes, &trust)?;
            if settings.format == Format::Json {
                render::answer(&v)?;
            }
            let file = store.key_file().display().to_string();
            (
                serde_json::from_value(serde_json::to_value(&v)?)?,
                Some(file),
            )
        }
    };
    if let Some(bad) = &v.first_bad {
        return Err(failed(bad));
    }
    if settings.format == Format::Json {
        return Ok(());
    }
    v.strooms.sort_by(|a, b| a.stroom.cmp(&b.stroom));
    let events: u64 = v.strooms.iter().map(|c| c.events).sum();
    let lang = settings.lang;
    render::say(
        lang,
        &Note::Verified {
            strooms: v.strooms.len() as u64,
            events,
        },
    );
    match (v.trusted, v.keys.len()) {
        (true, keys) => render::say(lang, &Note::SignedByTrusted { keys }),
        (false, 0) => render::say(lang, &Note::NoSigningKeyYet),
        (false, _) => render::say(lang, &Note::CheckedAgainstOwnKey { file: key_file }),
    }
    let unsigned: u64 = v.strooms.iter().map(|c| c.unsigned).sum();
    if unsigned > 0 {
        render::say(lang, &Note::UnsignedBeforeSigning { events: unsigned });
    }
    for previous in &v.previous_keys {
        render::say(
            lang,
            &Note::SignedByPreviousKey {
                events: previous.events,
                fingerprint: previous.fingerprint.clone(),
                rotated_at: previous.rotated_at.clone(),
                endorsed: previous.endorsed,
            },
        );
    }
    for other in &v.other_keys {
        render::say(
            lang,
            &Note::SignedByOtherKey {
                events: other.events,
                fingerprint: other.fingerprint.clone(),
            },
        );
    }
    let mut text = String::new();
    let [fingerprint_label, key_label] = stroom_render::cli::key_labels(lang);
    for key in &v.keys {
        text.push_str(&format!("{fingerprint_label}  {}\n", key.fingerprint));
        if show_key {
            text.push_str(&format!("{key_label}  {}\n", key.public_key));
        }
    }
    if !v.strooms.is_empty() {
        if !text.is_empty() {
            text.push('\n');
        }
        let mut t = Table::new(&stroom_render::cli::verify_columns(lang));
        for c in &v.strooms {
            t.row(vec![
                c.stroom.clone(),
                c.events.to_string(),
                c.signed.to_string(),
                c.head.clone(),
            ]);
        }
        text.push_str(&t.render());
    }
    render::out(&text)
}

/// With `--server` and `--trust`: every record of the server's export must be signed by a
/// trusted key.
fn check_server_export(client: &Client, trust: &[PublicKey], v: &mut VerifyView) -> Result<()> {
    let text = client.get(&["api", "export"], NO_QUERY)?;
    let export = stroom::export::read(&text).map_err(|e| Failed::ServerExport {
        line: e.line,
        problem: *e.problem,
    })?;
    for (stroom, chain) in &export.chains {
        let signatures = stroom::sign::check_chain(stroom, chain, trust, None).map_err(|bad| {
            failed(&BadView {
                stroom: bad.stroom,
                seq: bad.seq,
                reason: bad.reason,
                broken: Some(bad.broken),
            })
        })?;
        if let Some(c) = v.strooms.iter_mut().find(|c| c.stroom == *stroom) {
            c.signed = signatures.signed;
            c.unsigned = signatures.unsigned;
        }
    }
    v.keys = trust
        .iter()
        .map(|k| KeyView {
            public_key: k.hex(),
            fingerprint: k.fingerprint(),
        })
        .collect();
    v.trusted = true;
    v.other_keys.clear();
    Ok(())
}

/// The server's `verify` answer with what checking its export against `--trust` found:
/// the trusted keys, and each chain's signed and unsigned events.
fn trusted_answer(answer: &mut serde_json::Value, v: &VerifyView) {
    answer["trusted"] = serde_json::Value::Bool(v.trusted);
    answer["keys"] = v
        .keys
        .iter()
        .map(|k| serde_json::json!({"public-key": k.public_key, "fingerprint": k.fingerprint}))
        .collect();
    answer["other-keys"] = serde_json::json!([]);
    if let Some(chains) = answer["strooms"].as_array_mut() {
        for chain in chains {
            if let Some(c) = v
                .strooms
                .iter()
                .find(|c| chain["stroom"] == c.stroom.as_str())
            {
                chain["signed"] = c.signed.into();
                chain["unsigned"] = c.unsigned.into();
            }
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct KeyOut {
    public_key: String,
    fingerprint: String,
    file: String,
}

/// `stroom key`: the database's public signing key (read only; the secret key never leaves
/// the database directory). With `--rotate`, a new key replaces it.
pub fn key(settings: &Settings, args: KeyArgs) -> Result<()> {
    let KeyArgs { rotate } = args;
    if rotate {
        return rotate_key(settings);
    }
    if let Some(client) = Client::of(settings)? {
        let text = client.get(&["api", "key"], NO_QUERY)?;
        if settings.format == Format::Json {
            return render::out(&pretty_json(&text));
        }
        let k: KeyView = decode(&text, "GET /api/key")?;
        render::say(
            settings.lang,
            &Note::KeyFingerprint {
                fingerprint: k.fingerprint.clone(),
                file: None,
            },
        );
        return render::out(&format!("{}\n", k.public_key));
    }
    let store = settings.read_store()?;
    let file = store.key_file().display().to_string();
    let Some(key) = store.public_key() else {
        return Err(Problem::NoSigningKey {
            db: settings.db.display().to_string(),
        }
        .into());
    };
    if settings.format == Format::Json {
        return render::answer(&KeyOut {
            public_key: key.hex(),
            fingerprint: key.fingerprint(),
            file,
        });
    }
    render::say(
        settings.lang,
        &Note::KeyFingerprint {
            fingerprint: key.fingerprint(),
            file: Some(file),
        },
    );
    render::out(&format!("{}\n", key.hex()))
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct RotatedOut {
    public_key: String,
    fingerprint: String,
    previous: stroom::journal::KeyInfo,
    endorsed: bool,
    file: String,
}

/// `stroom key --rotate`: a new signing key, the rotation recorded in `signing.rotations`.
fn rotate_key(settings: &Settings) -> Result<()> {
    if Client::of(settings)?.is_some() {
        return Err(Problem::RotateOnServer.into());
    }
    let (rotation, repairs) = stroom::SledStore::rotate_key(
        &settings.db,
        settings.lock_wait,
        &mut || {},
        jiff::Timestamp::now(),
        &crate::settings::disk_options(),
    )?;
    crate::settings::report_repairs(settings.lang, &repairs);
    let next = PublicKey::parse(&rotation.next).map_err(anyhow::Error::msg)?;
    let previous = PublicKey::parse(&rotation.previous).map_err(anyhow::Error::msg)?;
    let endorsed = rotation.endorsed();
    let file = settings
        .db
        .join(stroom::sign::ROTATIONS_FILE)
        .display()
        .to_string();
    if settings.format == Format::Json {
        return render::answer(&RotatedOut {
            public_key: next.hex(),
            fingerprint: next.fingerprint(),
            previous: (&previous).into(),
            endorsed,
            file,
        });
    }
    render::note(&stroom_render::cli::key_rotated(
        settings.lang,
        &next.fingerprint(),
        &previous.fingerprint(),
        &file,
        endorsed,
    ));
    render::out(&format!("{}\n", next.hex()))
}

/// The keys of `--trust`: each given as hex or base64, or as a file holding one.
fn parse_trust(values: &[String]) -> Result<Vec<PublicKey>> {
    values
        .iter()
        .map(|value| {
            let path = std::path::Path::new(value);
            let file = path.is_file();
            let text = if file {
                read_text(stroom_render::cli::FileKind::Key, path)?
            } else {
                value.clone()
            };
            PublicKey::parse(&text).map_err(|why| {
                Problem::NotAPublicKey {
                    given: value.clone(),
                    file,
                    why,
                }
                .into()
            })
        })
        .collect()
}

/// What `export FILE --format json` answers.
#[derive(Serialize)]
struct Exported {
    file: String,
    strooms: usize,
    events: usize,
}

/// `stroom export [FILE]`: every record as one JSON line.
pub fn export(settings: &Settings, args: ExportArgs) -> Result<()> {
    let ExportArgs { file } = args;
    let (text, events, strooms) = match Client::of(settings)? {
        Some(client) => {
            let text = client.get(&["api", "export"], NO_QUERY)?;
            // Check what arrived is a whole export (heads, trailer, chains) before writing a backup.
            let export = stroom::export::read(&text).map_err(|e| Failed::ServerExport {
                line: e.line,
                problem: *e.problem,
            })?;
            let (events, strooms) = (export.records(), export.chains.len());
            (text, events, strooms)
        }
        None => {
            let store = settings.audit_store()?;
            let chains = journal::export_chains(&store)?;
            let events = chains.iter().map(|(_, r)| r.len()).sum();
            let strooms = chains.len();
            let text = stroom::export::write(&chains)?;
            (text, events, strooms)
        }
    };
    match file {
        None => render::out(&text),
        Some(path) => {
            // Written beside the target and renamed into place: a full disk or a crash
            // never leaves a half backup under the name the user asked for.
            let mut partial = path.clone().into_os_string();
            partial.push(".partial");
            let partial = std::path::PathBuf::from(partial);
            std::fs::write(&partial, text)
                .and_then(|()| std::fs::rename(&partial, &path))
                .map_err(|e| {
                    let _ = std::fs::remove_file(&partial);
                    Problem::CannotWrite {
                        path: path.display().to_string(),
                        error: (&e).into(),
                    }
                })?;
            if settings.format == Format::Json {
                return render::answer(&Exported {
                    file: path.display().to_string(),
                    strooms,
                    events,
                });
            }
            render::say(
                settings.lang,
                &Note::Exported {
                    events: events as u64,
                    strooms: strooms as u64,
                    path: path.display().to_string(),
                },
            );
            Ok(())
        }
    }
}

#[derive(Serialize)]
struct Imported {
    db: String,
    strooms: usize,
    events: usize,
}

/// What `POST /api/import` answers.
#[derive(Debug, Deserialize)]
struct ImportedView {
    strooms: usize,
}

/// `stroom import FILE`: restores an export into an empty database, all or nothing.
pub fn import(settings: &Settings, args: ImportArgs) -> Result<()> {
    let ImportArgs {
        file,
        anchor,
        trust,
    } = args;
    let trust = parse_trust(&trust)?;
    let client = Client::of(settings)?;
    // A database path that cannot take the import is refused before the file is read.
    if client.is_none() {
        stroom::store::check_database_path(&settings.db, true)?;
    }
    let text = read_text(stroom_render::cli::FileKind::Export, &file)?;
    let records = if anchor {
        read_anchor(&file, &text, settings.lang)?
    } else {
        let export = stroom::export::read(&text).map_err(|error| Failed::Export {
            file: file.display().to_string(),
            error,
        })?;
        // Signatures here too, to name the line of the first that fails.
        for (stroom, chain) in &export.chains {
            if let Err(bad) = stroom::sign::check_chain(stroom, chain, &trust, None) {
                return Err(Failed::ImportSignature {
                    file: file.display().to_string(),
                    line: export.line_of(stroom, bad.seq).unwrap_or(1),
                    bad,
                }
                .into());
            }
        }
        export.chains.into_iter().flat_map(|(_, r)| r).collect()
    };
    let events = records.len();
    // Chains, signatures and the state machine's replay are checked before the database is
    // opened, so that a refused import leaves no database behind.
    let signed = records.iter().filter(|r| r.sig.is_some()).count();
    let chains = journal::check_import(&settings.routes, records, &trust, None)?;
    let (db, strooms) = match client {
        None => {
            let store = settings.open_store()?;
            let db = settings.db.display().to_string();
            let strooms = journal::import_checked(&store, &db, &chains)?;
            (db, strooms)
        }
        // The server checks all of it again (it never trusts the client's checks) and
        // restores all or nothing, as an admin's act.
        Some(client) => {
            let body = stroom_server::ImportBody {
                records: chains.into_values().flatten().collect(),
                trust: trust.iter().map(PublicKey::hex).collect(),
            };
            let text = client.post(&["api", "import"], &body)?;
            let done: ImportedView = decode(&text, "POST /api/import")?;
            (client.name(), done.strooms)
        }
    };
    if trust.is_empty() && signed > 0 && settings.format != Format::Json {
        render::say(
            settings.lang,
            &Note::SignaturesNotTrusted {
                signed: signed as u64,
            },
        );
    }
    if settings.format == Format::Json {
        return render::answer(&Imported {
            db,
            strooms,
            events,
        });
    }
    render::out(&format!(
        "{}\n",
        stroom_render::cli::imported(settings.lang, strooms as u64, events as u64, &db)
    ))
}

/// The records of an anchor journal: every complete line (a torn last line was never
/// acknowledged and is left out).
fn read_anchor(file: &std::path::Path, text: &str, lang: render::Lang) -> Result<Vec<Record>> {
    let contents =
        stroom::anchor::parse(text.as_bytes()).map_err(|bad| Problem::NotAnAnchorRecord {
            file: file.display().to_string(),
            line: bad.line,
            detail: bad.reason,
        })?;
    if contents.torn {
        render::say(
            lang,
            &Note::TornAnchorLine {
                file: file.display().to_string(),
            },
        );
    }
    Ok(contents.chains.into_values().flatten().collect())
}
