//! Writes an export (format 2) of N generated strooms in mixed states, for measuring what
//! the database commands cost on a big database (`scripts/gen-db N DIR` imports it).
//!
//! Every trail is recorded through the engine (`journal::create` and `journal::execute` on
//! a store in memory), so each one is what `stroom` itself would have recorded: the route
//! stored at `new`, every date rule checked, every record hashed and signed. The signing
//! key is a fixed one (seed 7, so the file is the same on every run); a database imported
//! from it reports those records as "signed by another key".
//!
//! Run with `cargo run --release -p stroom-engine --example gen_export -- 10000 > big.jsonl`.

// The export goes to stdout: printing is the point.
#![allow(clippy::print_stdout)]

use jiff::civil::{date, Date};
use jiff::{Timestamp, ToSpan};
use stroom::machine::{MrOutcome, Outcome};
use stroom::sign::Signer;
use stroom::{
    journal, Action, Calendars, Command, MemoryStore, Meta, Role, Routes, Store, StroomDef, Target,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = match std::env::args().nth(1) {
        Some(a) => a
            .parse()
            .map_err(|_| format!("'{a}' is not a number of strooms"))?,
        None => 10_000,
    };
    let routes = Routes::embedded()?;
    let calendars = Calendars::embedded()?;
    let today = date(2023, 12, 1);
    let store = MemoryStore::new();
    let role = |code: &str| code.parse::<Role>();
    let signer = Signer::from_seed([7; 32]);
    let d = |m, day| date(2023, m, day);
    let approve = |on: Date, r: &str| -> Result<(Date, Action), stroom::Error> {
        Ok((
            on,
            Action::Approve {
                role: role(r)?,
                version: 1,
            },
        ))
    };
    // The steps of one stroom's life, in order; stroom i takes the first i % 7 of them, so
    // the database holds concepts, strooms with some approvals, akkoord, aangeleverd, held
    // over at the MR, besloten and sent.
    let script: Vec<Vec<(Date, Action)>> = vec![
        vec![(d(9, 27), Action::Submit), approve(d(9, 28), "MSZW")?],
        vec![approve(d(10, 4), "MPVO")?, approve(d(10, 4), "MOCW")?],
        vec![(d(10, 5), Action::Deliver { slot: d(10, 30) })],
        vec![(d(10, 30), Action::Voorportaal(Outcome::Door))],
        vec![(d(11, 10), Action::Ministerraad(MrOutcome::Aangehouden))],
        vec![(d(11, 17), Action::Ministerraad(MrOutcome::Besloten))],
    ];
    let mut second = 1_695_800_000;
    let mut meta = |r: Option<Role>| {
        second += 7;
        Meta::builder()
            .actor("gen-db")
            .recorded_at(Timestamp::from_second(second).unwrap_or(Timestamp::UNIX_EPOCH))
            .role(r)
            .build()
    };
    let mut chains = Vec::with_capacity(n);
    for i in 0..n {
        let reference = format!("G{i:06}");
        let target = match i % 3 {
            0 => None,
            1 => Some(Target::KamerBy {
                date: date(2023, 11, 1).checked_add((i as i64 % 60).days())?,
            }),
            _ => Some(Target::Debate {
                date: date(2023, 12, 13),
                lead: None,
            }),
        };
        let def = StroomDef {
            reference: reference.clone(),
            title: format!("Kamerbrief {i}"),
            route: "ministerraad".into(),
            directie: "MBO".into(),
            eerste_ondertekenaar: role("MSZW")?,
            mede_ondertekenaars: vec![role("MPVO")?, role("MOCW")?],
            kamerbrieven: Vec::new(),
            target,
        };
        journal::create(&store, &routes, def, d(9, 26), meta(None), today)?;
        for (on, action) in script.iter().take(i % 7).flatten() {
            let r = match action {
                Action::Approve { role, .. } => Some(role.clone()),
                _ => None,
            };
            let cmd = Command {
                on: *on,
                action: action.clone(),
            };
            journal::execute(
                &store,
                &routes,
                &calendars,
                &reference,
                &cmd,
                meta(r),
                today,
            )?;
        }
        let mut records = store.load(&reference)?;
        for r in &mut records {
            signer.sign(r);
        }
        chains.push((reference, records));
    }
    print!("{}", stroom::export::write(&chains)?);
    Ok(())
}
