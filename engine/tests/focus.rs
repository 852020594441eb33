//! A store opened for some strooms only (`show`, `approve` of one stroom: only their lines
//! of the anchor journal are kept) answers exactly as a store holding the whole anchor,
//! for those strooms and, by reading the rest when asked, for every other one.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use jiff::civil::date;
use stroom::audit::Meta;
use stroom::machine::{Action, Command};
use stroom::store::{Access, Options, SLED_LAG_BOUND};
use stroom::{journal, Record, Routes, SledStore, Store, StoreError, StroomDef};

const TODAY: jiff::civil::Date = jiff::civil::date(2030, 1, 1);

fn def(reference: &str) -> StroomDef {
    StroomDef {
        reference: reference.into(),
        title: "Kamerbrief".into(),
        route: "ministerraad".into(),
        directie: "MBO".into(),
        eerste_ondertekenaar: "MSZW".parse().unwrap(),
        mede_ondertekenaars: vec!["MOCW".parse().unwrap()],
        kamerbrieven: vec![],
        target: None,
    }
}

fn meta(actor: &str) -> Meta {
    Meta::builder()
        .actor(actor)
        .recorded_at("2023-10-02T09:00:00Z".parse().unwrap())
        .build()
}

fn calendars() -> &'static stroom::Calendars {
    static CALENDARS: std::sync::OnceLock<stroom::Calendars> = std::sync::OnceLock::new();
    CALENDARS.get_or_init(|| stroom::Calendars::embedded().expect("the embedded calendars parse"))
}

fn submit(store: &dyn Store, routes: &Routes, reference: &str) {
    let cmd = Command {
        on: date(2023, 9, 27),
        action: Action::Submit,
    };
    journal::execute(
        store,
        routes,
        calendars(),
        reference,
        &cmd,
        meta("a"),
        TODAY,
    )
    .unwrap();
}

/// Everything a store says about the database: the list, and each stroom's records and head.
fn answers(store: &dyn Store) -> Vec<(String, Vec<Record>, Option<u64>)> {
    store
        .references()
        .unwrap()
        .into_iter()
        .map(|r| {
            let records = store.load(&r).unwrap();
            let head = store.head(&r).unwrap().map(|h| h.seq);
            (r, records, head)
        })
        .collect()
}

/// A database at `path` with the strooms A1, B2 and C3, A1 and C3 submitted.
fn three_strooms(path: &std::path::Path, routes: &Routes, wait: Duration) {
    let store = SledStore::open(path, wait).unwrap();
    for r in ["A1", "B2", "C3"] {
        journal::create(&store, routes, def(r), date(2023, 9, 27), meta("a"), TODAY).unwrap();
    }
    submit(&store, routes, "A1");
    submit(&store, routes, "C3");
}

#[test]
fn a_store_for_one_stroom_answers_as_the_whole_anchor() {
    let routes = Routes::embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let wait = Duration::from_secs(5);
    three_strooms(&path, &routes, wait);
    let (whole, _) = SledStore::open_read(&path, wait, &mut || {}).unwrap();
    let expected = answers(&whole);
    drop(whole);

    // A reader for A1: its own trail, then (reading the rest) every other stroom's.
    let read_for = |stroom: &str| {
        let options = Options {
            focus: Some(vec![stroom.to_string()]),
            ..Options::default()
        };
        SledStore::open_read_with(&path, wait, &mut || {}, &options)
            .unwrap()
            .0
    };
    let read = read_for("A1");
    assert_eq!(read.load("A1").unwrap(), expected[0].1);
    assert_eq!(answers(&read), expected);
    let read = read_for("B2");
    assert_eq!(read.load("C3").unwrap(), expected[2].1);
    assert_eq!(read.head("B2").unwrap().map(|h| h.seq), Some(1));

    // A writer for C3 on the anchor alone: appends after C3's head, refuses a second
    // record after the same event, and answers for the others as the whole anchor does.
    let options = Options {
        sled_lag_bound: Some(SLED_LAG_BOUND),
        focus: Some(vec!["C3".into()]),
        ..Options::default()
    };
    let (store, _) =
        SledStore::open_record(&path, Access::Write, wait, &mut || {}, &options).unwrap();
    let before = store.load("C3").unwrap();
    let approve = Command {
        on: date(2023, 10, 2),
        action: Action::Approve {
            role: "MSZW".parse().unwrap(),
            version: 1,
        },
    };
    let (_, new) = journal::execute(
        &store,
        &routes,
        calendars(),
        "C3",
        &approve,
        meta("b"),
        TODAY,
    )
    .unwrap();
    let late = Record::seal("C3", before.last(), new[0].event.clone(), 1, meta("c"));
    assert!(matches!(
        store.append(&[("C3", std::slice::from_ref(&late))]),
        Err(StoreError::Conflict { .. })
    ));
    // B2 is not in the view: asking for it reads the whole anchor (under the writer's
    // lock), C3's new record included.
    submit(&store, &routes, "B2");
    let after = answers(&store);
    drop(store);
    let (whole, _) = SledStore::open_read(&path, wait, &mut || {}).unwrap();
    assert_eq!(after, answers(&whole));
    assert_eq!(whole.load("C3").unwrap().len(), before.len() + 1);
    assert_eq!(whole.head("B2").unwrap().map(|h| h.seq), Some(2));
}

/// A store read for every trail (`portfolio`: each trail read and checked in the one pass
/// over the anchor, which is not kept) loads every stroom's state as a store holding the
/// whole anchor does, and answers everything else by reading the anchor again; an altered
/// line is refused with the same error either way, naming the event.
#[test]
fn a_store_read_for_every_trail_answers_as_the_whole_anchor() {
    let routes = Routes::embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let wait = Duration::from_secs(5);
    three_strooms(&path, &routes, wait);
    let every_trail = || {
        let options = Options {
            every_trail: true,
            ..Options::default()
        };
        SledStore::open_read_with(&path, wait, &mut || {}, &options)
            .unwrap()
            .0
    };
    let states = |store: &SledStore| {
        stroom::portfolio::load_current_on(store, &routes, 2)
            .map(|c| format!("{c:?}"))
            .map_err(|e| e.to_string())
    };
    let (whole, _) = SledStore::open_read(&path, wait, &mut || {}).unwrap();
    let (expected, expected_answers) = (states(&whole), answers(&whole));
    drop(whole);
    assert!(expected.as_ref().is_ok_and(|s| s.contains("A1")));

    let read = every_trail();
    assert_eq!(read.references().unwrap(), ["A1", "B2", "C3"]);
    assert_eq!(states(&read), expected);
    // Handed out once: asked again, the states are read from the whole anchor.
    assert_eq!(states(&read), expected);
    assert_eq!(answers(&every_trail()), expected_answers);

    // B2's creation altered in the anchor (its actor): the chain no longer verifies.
    let anchor = path.join(stroom::anchor::ANCHOR_FILE);
    let text = std::fs::read_to_string(&anchor).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("\"stroom\":\"B2\""))
        .unwrap();
    let altered = text.replacen(
        line,
        &line.replacen("\"actor\":\"a\"", "\"actor\":\"z\"", 1),
        1,
    );
    assert_ne!(altered, text);
    std::fs::write(&anchor, altered).unwrap();
    let (whole, _) = SledStore::open_read(&path, wait, &mut || {}).unwrap();
    let refused = states(&whole);
    assert!(
        refused.as_ref().is_err_and(|e| e.contains("B2")),
        "{refused:?}"
    );
    assert_eq!(states(&every_trail()), refused);
}
