//! `init`, `verify`, `export`, `import`: the database as a whole.

use anyhow::Result;
use serde::{Deserialize, Serialize};
use stroom::{journal, Record, Store};

use crate::args::{ExportArgs, Format, ImportArgs};
use crate::client::{decode, pretty_json, Client, NO_QUERY};
use crate::render::{self, Table};
use crate::settings::{read_text, Settings};
use crate::{UsageError, VerificationError};

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
        return render::json(&Init {
            db,
            created,
            strooms,
        });
    }
    if created {
        render::note("created a new database");
    } else {
        render::note(&format!(
            "the database exists and holds {}",
            count(strooms as u64, "stroom", "strooms")
        ));
    }
    render::out(&format!("{db}\n"))
}

/// What `verify` found, in the shape of `--format json` (local or from the server).
#[derive(Debug, Deserialize)]
struct VerifyView {
    strooms: Vec<ChainView>,
    first_bad: Option<BadView>,
}

#[derive(Debug, Deserialize)]
struct ChainView {
    stroom: String,
    events: u64,
    head: String,
}

#[derive(Debug, Deserialize)]
struct BadView {
    stroom: String,
    seq: u64,
    reason: String,
}

/// `stroom verify`: recomputes every chain (on the server with `--server`).
pub fn verify(settings: &Settings) -> Result<()> {
    let v: VerifyView = match Client::of(settings)? {
        Some(client) => {
            let text = client.get(&["api", "verify"], NO_QUERY)?;
            if settings.format == Format::Json {
                render::out(&pretty_json(&text))?;
            }
            decode(&text, "GET /api/verify")?
        }
        None => {
            let store = settings.read_store()?;
            let v = journal::verify(&store, &settings.routes)?;
            if settings.format == Format::Json {
                render::json(&v)?;
            }
            serde_json::from_value(serde_json::to_value(&v)?)?
        }
    };
    if let Some(bad) = &v.first_bad {
        return Err(VerificationError(format!(
            "stroom '{}' fails verification at event {}: {}\n  hint: see the event with 'stroom log {}'; restore the database from an export ('stroom import')",
            bad.stroom, bad.seq, bad.reason, bad.stroom
        ))
        .into());
    }
    if settings.format == Format::Json {
        return Ok(());
    }
    let events: u64 = v.strooms.iter().map(|c| c.events).sum();
    render::note(&format!(
        "verified {}, {}: every chain is intact",
        count(v.strooms.len() as u64, "stroom", "strooms"),
        count(events, "event", "events")
    ));
    if v.strooms.is_empty() {
        return Ok(());
    }
    let mut t = Table::new(&["STROOM", "EVENTS", "HEAD"]);
    for c in &v.strooms {
        t.row(vec![c.stroom.clone(), c.events.to_string(), c.head.clone()]);
    }
    render::out(&t.render())
}

/// `stroom export [FILE]`: every record as one JSON line.
pub fn export(settings: &Settings, args: ExportArgs) -> Result<()> {
    let ExportArgs { file } = args;
    let (text, events, strooms) = match Client::of(settings)? {
        Some(client) => {
            let text = client.get(&["api", "export"], NO_QUERY)?;
            // Check what arrived is a whole export (heads, trailer, chains) before writing a backup.
            let export = stroom::export::read(&text).map_err(|e| {
                VerificationError(format!(
                    "the export from the server does not check, at its line {}: {}\n  hint: try again; if it persists, the server's database needs 'stroom verify'",
                    e.line, e.message
                ))
            })?;
            let (events, strooms) = (export.records(), export.chains.len());
            (text, events, strooms)
        }
        None => {
            let store = settings.read_store()?;
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
                    UsageError(format!(
                        "cannot write the export to '{}': {e}",
                        path.display()
                    ))
                })?;
            render::note(&format!(
                "exported {} of {} to '{}'",
                count(events as u64, "event", "events"),
                count(strooms as u64, "stroom", "strooms"),
                path.display()
            ));
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

/// `stroom import FILE`: restores an export into an empty database, all or nothing.
pub fn import(settings: &Settings, args: ImportArgs) -> Result<()> {
    let ImportArgs { file, anchor } = args;
    // A database path that cannot take the import is refused before the file is read.
    stroom::store::check_database_path(&settings.db, true)?;
    let text = read_text("export", &file)?;
    let records = if anchor {
        read_anchor(&file, &text)?
    } else {
        let export = stroom::export::read(&text).map_err(|e| {
            let column = e.column.map(|c| format!(":{c}")).unwrap_or_default();
            let message = format!(
                "{}:{}{column}: {}\n  hint: {}",
                file.display(),
                e.line,
                e.message,
                e.hint
            );
            if e.malformed {
                anyhow::Error::new(UsageError(message))
            } else {
                anyhow::Error::new(VerificationError(message))
            }
        })?;
        export.chains.into_iter().flat_map(|(_, r)| r).collect()
    };
    let events = records.len();
    let store = settings.open_store()?;
    let db = settings.db.display().to_string();
    let strooms = journal::import(&store, &db, records)?;
    if settings.format == Format::Json {
        return render::json(&Imported {
            db,
            strooms,
            events,
        });
    }
    render::out(&format!(
        "imported {}, {} into '{db}'\n",
        count(strooms as u64, "stroom", "strooms"),
        count(events as u64, "event", "events")
    ))
}

/// The records of an anchor journal: every complete line (a torn last line was never
/// acknowledged and is left out).
fn read_anchor(file: &std::path::Path, text: &str) -> Result<Vec<Record>> {
    let contents = stroom::anchor::parse(text.as_bytes()).map_err(|bad| {
        UsageError(format!(
            "{}:{}: not a record: {}\n  hint: an anchor journal holds one record per line, as the database wrote it; nothing was imported",
            file.display(),
            bad.line,
            bad.reason
        ))
    })?;
    if contents.torn {
        render::note(&format!(
            "the last line of '{}' is incomplete (a write cut off by a crash, never acknowledged): left out",
            file.display()
        ));
    }
    Ok(contents.chains.into_values().flatten().collect())
}

fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
