//! What reading commands pay to load strooms from the anchor journal (DESIGN.md, Speed):
//! `anchor/read` (the whole anchor read and indexed, in two halves on two threads from
//! 1 MiB on), `anchor/portfolio-load` (every stroom's state, as `portfolio` and `list` load
//! it: read, index, decode, check every chain, replay; 2 threads), `anchor/portfolio-trails`
//! (the same, with every trail read and checked in the one pass over the anchor, as
//! `portfolio` reads since `Options::every_trail`), `anchor/read-one`
//! (one stroom's lines only, as `show` and `approve` read the anchor).
//!
//! The database: 2,000 strooms in mixed states (about 10,000 records, unsigned, so their
//! lines are shorter than a real database's), made once per run.
//! `cargo bench -p stroom-engine --bench anchor -- --warm-up-time 1 --measurement-time 3`
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jiff::civil::date;
use jiff::Timestamp;
use stroom::machine::{Action, Command, Outcome};
use stroom::{journal, Calendars, MemoryStore, Meta, Role, Routes, SledStore, Store, StroomDef};

const STROOMS: usize = 2_000;
const TODAY: jiff::civil::Date = jiff::civil::date(2030, 1, 1);

fn role(code: &str) -> Role {
    code.parse().unwrap()
}

/// A database of [`STROOMS`] strooms at `path`: each created, most submitted and approved
/// by some of their bewindspersonen, some delivered and through the voorportaal.
fn database(path: &std::path::Path) {
    let routes = Routes::embedded().unwrap();
    let cal = Calendars::embedded().unwrap();
    let memory = MemoryStore::new();
    let meta = |n: usize| {
        Meta::builder()
            .actor("bench")
            .recorded_at(Timestamp::from_second(1_695_800_000 + n as i64).unwrap())
            .build()
    };
    let d = |m, day| date(2023, m, day);
    let approve = |on, r: &str| {
        (
            on,
            Action::Approve {
                role: role(r),
                version: 1,
            },
        )
    };
    let script = [
        (d(9, 27), Action::Submit),
        approve(d(9, 28), "MSZW"),
        approve(d(10, 4), "MPVO"),
        approve(d(10, 4), "MOCW"),
        (d(10, 5), Action::Deliver { slot: d(10, 30) }),
        (d(10, 30), Action::Voorportaal(Outcome::Door)),
    ];
    for i in 0..STROOMS {
        let reference = format!("B{i:06}");
        let def = StroomDef {
            reference: reference.clone(),
            title: format!("Kamerbrief {i}"),
            route: "ministerraad".into(),
            directie: "MBO".into(),
            eerste_ondertekenaar: role("MSZW"),
            mede_ondertekenaars: vec![role("MPVO"), role("MOCW")],
            kamerbrieven: Vec::new(),
            target: None,
        };
        journal::create(&memory, &routes, def, d(9, 26), meta(i), TODAY).unwrap();
        for (on, action) in script.iter().take(i % (script.len() + 1)) {
            let cmd = Command {
                on: *on,
                action: action.clone(),
            };
            journal::execute(&memory, &routes, &cal, &reference, &cmd, meta(i), TODAY).unwrap();
        }
    }
    let trails: Vec<(String, Vec<stroom::Record>)> = memory
        .references()
        .unwrap()
        .into_iter()
        .map(|r| {
            let records = memory.load(&r).unwrap();
            (r, records)
        })
        .collect();
    let batches: Vec<(&str, &[stroom::Record])> = trails
        .iter()
        .map(|(r, records)| (r.as_str(), records.as_slice()))
        .collect();
    let store = SledStore::open(path, Duration::from_secs(10)).unwrap();
    store.restore(&batches).unwrap();
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    database(&path);
    let anchor = path.join(stroom::anchor::ANCHOR_FILE);
    let routes = Routes::embedded().unwrap();
    let wait = Duration::from_secs(10);
    let mut group = c.benchmark_group("anchor");
    group.sample_size(10);
    group.throughput(Throughput::Elements(STROOMS as u64));
    group.bench_function("read", |b| {
        b.iter(|| {
            black_box(
                stroom::anchor::View::read(&anchor)
                    .unwrap()
                    .unwrap()
                    .unwrap(),
            )
        })
    });
    group.bench_function("portfolio-load", |b| {
        b.iter(|| {
            let (store, _) = SledStore::open_read(&path, wait, &mut || {}).unwrap();
            black_box(stroom::portfolio::load_current_on(&store, &routes, 2).unwrap())
        })
    });
    group.bench_function("portfolio-trails", |b| {
        let options = stroom::store::Options {
            every_trail: true,
            ..stroom::store::Options::default()
        };
        b.iter(|| {
            let (store, _) = SledStore::open_read_with(&path, wait, &mut || {}, &options).unwrap();
            black_box(stroom::portfolio::load_current_on(&store, &routes, 2).unwrap())
        })
    });
    group.throughput(Throughput::Elements(1));
    group.bench_function("read-one", |b| {
        b.iter(|| {
            let options = stroom::store::Options {
                focus: Some(vec!["B001000".into()]),
                ..stroom::store::Options::default()
            };
            let (store, _) = SledStore::open_read_with(&path, wait, &mut || {}, &options).unwrap();
            black_box(journal::load(&store, &routes, "B001000").unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
