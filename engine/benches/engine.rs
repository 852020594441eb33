//! Benchmarks of the engine's hot paths. Werkdag arithmetic runs inside every planner
//! step and every Monte Carlo sample, so `Werkdagen::add` must stay a table look-up
//! (target: at least 20 million calls per second on one core).
#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jiff::civil::{date, Date};
use jiff::ToSpan;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use stroom::Werkdagen;

const PAIRS: usize = 1024;

/// 1024 (date, n) pairs: dates spread over 2001–2098, n in -300..300, fixed seed.
fn pairs() -> Vec<(Date, i32)> {
    let mut rng = ChaCha8Rng::seed_from_u64(2023);
    let first = date(2001, 4, 1);
    (0..PAIRS)
        .map(|_| {
            let d = first
                .checked_add(rng.gen_range(0i64..35_500).days())
                .unwrap();
            (d, rng.gen_range(-300..300))
        })
        .collect()
}

fn werkdagen(c: &mut Criterion) {
    let w = Werkdagen::default();
    let pairs = pairs();
    let ends: Vec<(Date, Date)> = pairs
        .iter()
        .map(|&(d, n)| (d, w.add(d, n).unwrap()))
        .collect();

    let mut group = c.benchmark_group("werkdagen");
    group.throughput(Throughput::Elements(PAIRS as u64));
    group.bench_function("add", |b| {
        b.iter(|| {
            for &(d, n) in black_box(&pairs) {
                black_box(w.add(d, n).unwrap());
            }
        });
    });
    group.bench_function("between", |b| {
        b.iter(|| {
            for &(a, z) in black_box(&ends) {
                black_box(w.between(a, z).unwrap());
            }
        });
    });
    group.finish();
}

/// What every process pays before it can plan: the werkdag tables and the embedded
/// calendars (parsed from `workflows/calendars/`).
fn startup(c: &mut Criterion) {
    let mut group = c.benchmark_group("startup");
    // Without blokdagen the tables are built while compiling (nothing to measure); a
    // calendar file with one blokdag builds them at run time.
    let blok = [stroom::werkdag::DayOff {
        date: jiff::civil::date(2023, 5, 19),
        name: "brugdag".into(),
    }];
    group.bench_function("werkdagen", |b| {
        b.iter(|| black_box(Werkdagen::new(black_box(&blok))))
    });
    // Everything `plan` reads: the route's bodies, the recesses and the cabinets.
    group.bench_function("calendars", |b| {
        b.iter(|| {
            let c = stroom::Calendars::embedded().unwrap();
            for body in ["cwizo", "rwizo", "mr"] {
                black_box(c.body(body).unwrap());
            }
            black_box(c.recesses().len() + c.cabinets().len())
        })
    });
    group.finish();
}

criterion_group!(benches, werkdagen, startup);
criterion_main!(benches);
