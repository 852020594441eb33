//! Planner, simulator and portfolio benchmarks.
//!
//! Targets: `plan/one` (the allocation-free core, one ad hoc request) under 2 µs;
//! `plan/100k` (100,000 requests) under 0.5 s; `simulate/10k` (10,000 Monte Carlo runs,
//! triangular model, 2 threads) about 10 ms; `portfolio/10k` (10,000 strooms in mixed
//! states) under 100 ms.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jiff::civil::date;
use jiff::{Timestamp, ToSpan};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use stroom::machine::{Action, Command, MrOutcome, Outcome, Stroom};
use stroom::portfolio::portfolio;
use stroom::simulate::monte_carlo;
use stroom::{
    journal, Calendars, Dist, MemoryStore, Meta, Model, Planner, Request, Role, Routes, StroomDef,
    Target,
};

fn role(code: &str) -> Role {
    code.parse().unwrap()
}

/// 100,000 ready dates spread over 2023-01-02..2027-09-30, about a third with an onderraad.
fn requests() -> Vec<Request> {
    let mut rng = ChaCha8Rng::seed_from_u64(2023);
    let first = date(2023, 1, 2);
    (0..100_000)
        .map(|_| {
            let ready = first
                .checked_add(rng.gen_range(0i64..1_730).days())
                .unwrap();
            let mut req = Request::ad_hoc(ready);
            req.assumptions.onderraad = Some(rng.gen_bool(0.3));
            req
        })
        .collect()
}

fn def(reference: String, target: Option<Target>) -> StroomDef {
    StroomDef {
        reference,
        title: "Kamerbrief".into(),
        route: "ministerraad".into(),
        directie: "MBO".into(),
        eerste_ondertekenaar: role("MSZW"),
        mede_ondertekenaars: vec![role("MPVO"), role("MOCW"), role("MEZK")],
        kamerbrieven: Vec::new(),
        target,
    }
}

/// Six strooms in different states (concept, some approvals, akkoord, aangeleverd, at
/// the MR held over once, besloten), cloned to 10,000 with their own references and
/// targets.
fn strooms(routes: &Routes) -> Vec<Stroom> {
    let meta = |n: i64| {
        Meta::builder()
            .actor("bench")
            .recorded_at(Timestamp::from_second(1_695_800_000 + n).unwrap())
            .build()
    };
    let approve = |on, r: &str| {
        (
            on,
            Action::Approve {
                role: role(r),
                version: 1,
            },
        )
    };
    let d = |m, day| date(2023, m, day);
    let mut templates = Vec::new();
    let store = MemoryStore::new();
    let mut s = journal::create(
        &store,
        routes,
        def("t".into(), None),
        d(9, 27),
        meta(0),
        TODAY,
    )
    .unwrap()
    .stroom;
    templates.push(s.clone());
    let script = [
        vec![(d(9, 27), Action::Submit), approve(d(9, 28), "MSZW")],
        vec![
            approve(d(10, 4), "MPVO"),
            approve(d(10, 4), "MOCW"),
            approve(d(10, 4), "MEZK"),
        ],
        vec![(d(10, 5), Action::Deliver { slot: d(10, 30) })],
        vec![
            (d(10, 30), Action::Voorportaal(Outcome::Door)),
            (d(11, 10), Action::Ministerraad(MrOutcome::Aangehouden)),
        ],
        vec![(d(11, 17), Action::Ministerraad(MrOutcome::Besloten))],
    ];
    let mut n = 1;
    for batch in script {
        for (on, action) in batch {
            let cmd = Command { on, action };
            s = journal::execute(&store, routes, calendars(), "t", &cmd, meta(n), TODAY)
                .unwrap()
                .0
                .stroom;
            n += 1;
        }
        templates.push(s.clone());
    }
    (0..10_000)
        .map(|i| {
            let mut s = templates[i % templates.len()].clone();
            s.def.reference = format!("ref-{i:05}");
            s.def.target = match i % 3 {
                0 => None,
                1 => Some(Target::KamerBy {
                    date: date(2023, 11, 1)
                        .checked_add((i as i64 % 60).days())
                        .unwrap(),
                }),
                _ => Some(Target::Debate {
                    date: date(2023, 12, 13),
                    lead: None,
                }),
            };
            s
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let routes = Routes::embedded().unwrap();
    let cal = Calendars::embedded().unwrap();
    let planner = Planner::new(routes.get("ministerraad").unwrap(), &cal).unwrap();

    let mut group = c.benchmark_group("plan");
    let one = Request::ad_hoc(date(2023, 10, 4));
    group.bench_function("one", |b| {
        b.iter(|| planner.dates(black_box(&one)).unwrap())
    });
    let reqs = requests();
    group.throughput(Throughput::Elements(reqs.len() as u64));
    group.sample_size(10);
    group.bench_function("100k", |b| {
        b.iter(|| {
            let mut last = date(2023, 1, 1);
            for r in &reqs {
                last = last.max(planner.dates(r).unwrap().kamer);
            }
            last
        })
    });
    group.finish();

    let mut group = c.benchmark_group("plan");
    let mut explained = Request::ad_hoc(date(2023, 10, 4));
    explained.target = Some(Target::KamerBy {
        date: date(2023, 11, 30),
    });
    group.bench_function("explained", |b| {
        b.iter(|| planner.plan(black_box(&explained)).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group("simulate");
    group.sample_size(20);
    let store = MemoryStore::new();
    let llo = journal::create(
        &store,
        &routes,
        def(
            "41077000".into(),
            Some(Target::KamerBy {
                date: date(2023, 12, 1),
            }),
        ),
        date(2023, 9, 27),
        Meta::builder()
            .actor("bench")
            .recorded_at(Timestamp::UNIX_EPOCH)
            .build(),
        TODAY,
    )
    .unwrap()
    .stroom;
    let req = Request::for_stroom(&llo, date(2023, 9, 27)).unwrap();
    let mut model = Model::fixed(&planner);
    model.approval = Dist::Triangular {
        min: 2.0,
        mode: 5.0,
        max: 15.0,
    };
    model.p_onderraad = 0.3;
    model.p_return = 0.2;
    model.rework = Dist::Triangular {
        min: 1.0,
        mode: 3.0,
        max: 8.0,
    };
    model.p_hold = 0.2;
    group.throughput(Throughput::Elements(10_000));
    group.bench_function("10k", |b| {
        b.iter(|| monte_carlo(&planner, &req, &model, 10_000, 42, 2, &|_| {}).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group("portfolio");
    group.sample_size(10);
    let all = strooms(&routes);
    group.throughput(Throughput::Elements(all.len() as u64));
    let today = date(2023, 10, 6);
    group.bench_function("10k", |b| {
        b.iter(|| portfolio(black_box(&all), &routes, &cal, today, 5))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

/// "Today" for the journal's date checks: after every date these tests record.
const TODAY: jiff::civil::Date = jiff::civil::date(2030, 1, 1);

/// The embedded calendars, parsed once: the journal checks delivered slots against them.
fn calendars() -> &'static stroom::Calendars {
    static CALENDARS: std::sync::OnceLock<stroom::Calendars> = std::sync::OnceLock::new();
    CALENDARS.get_or_init(|| stroom::Calendars::embedded().expect("the embedded calendars parse"))
}
