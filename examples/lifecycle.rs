//! The LLO stroom (ref 41077000) through the engine API, without a database on disk:
//! register it, submit it, record approvals and a return with comments, re-approve
//! version 2, and print the audit trail.
//!
//! Run with `cargo run -p stroom-engine --example lifecycle`.

// An example shows its result; printing is the point.
#![allow(clippy::print_stdout)]

use jiff::civil::date;
use jiff::Timestamp;
use stroom::journal;
use stroom::{Action, Calendars, Command, MemoryStore, Meta, Role, Routes, StroomDef};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let routes = Routes::embedded()?;
    let calendars = Calendars::embedded()?;
    // The journal refuses dates after "today": the walk-through happened in 2023.
    let today = date(2023, 11, 13);
    let store = MemoryStore::new();
    let def = StroomDef::from_toml(
        "examples/llo-41077000.toml",
        include_str!("llo-41077000.toml"),
    )?;
    let reference = def.reference.clone();

    // Who recorded each step, for which role, with which comment.
    let meta = |role: Option<&str>, comment: Option<&str>| -> Result<Meta, stroom::Error> {
        Ok(Meta::builder()
            .actor("planning MBO")
            .recorded_at(Timestamp::now())
            .role(role.map(str::parse::<Role>).transpose()?)
            .comment(comment.map(str::to_string))
            .build())
    };

    journal::create(
        &store,
        &routes,
        def,
        date(2023, 9, 27),
        meta(None, None)?,
        today,
    )?;
    let run = |on, action, role, comment| -> Result<(), stroom::Error> {
        journal::execute(
            &store,
            &routes,
            &calendars,
            &reference,
            &Command { on, action },
            meta(role, comment)?,
            today,
        )?;
        Ok(())
    };
    let role = |code: &str| code.parse::<Role>();

    run(date(2023, 9, 27), Action::Submit, None, None)?;
    run(
        date(2023, 9, 29),
        Action::Approve {
            role: role("MSZW")?,
            version: 1,
        },
        Some("MSZW"),
        None,
    )?;
    run(
        date(2023, 10, 2),
        Action::Approve {
            role: role("MEZK")?,
            version: 1,
        },
        Some("MEZK"),
        None,
    )?;
    run(
        date(2023, 10, 4),
        Action::Return {
            role: role("MOCW")?,
            version: 1,
        },
        Some("MOCW"),
        Some("inhoudelijke punten van MOCW toevoegen; onderwijsagenda beknopter (MPVO)"),
    )?;
    // Version 2: the approvals of version 1 no longer count; all four approve again.
    for (day, code) in [(9, "MOCW"), (10, "MPVO"), (11, "MSZW"), (12, "MEZK")] {
        run(
            date(2023, 10, day),
            Action::Approve {
                role: role(code)?,
                version: 2,
            },
            Some(code),
            None,
        )?;
    }

    let loaded = journal::load(&store, &routes, &reference)?;
    println!(
        "stroom {}: {}, version {}\n",
        reference,
        loaded.stroom.state.kind(),
        loaded.stroom.version
    );
    for r in &loaded.records {
        let comment = r
            .comment
            .as_deref()
            .map(|c| format!("  \"{c}\""))
            .unwrap_or_default();
        let role = r.role.as_ref().map_or("-", Role::as_str);
        println!(
            "{:>2}  {}  {role:<6}  v{}  {}{comment}",
            r.seq,
            r.event.on,
            r.version,
            r.describe()
        );
    }
    Ok(())
}
