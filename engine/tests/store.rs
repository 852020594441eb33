//! The store's promises: conditional atomic appends, no two writers after the same event,
//! durability across reopening, and the same behaviour from the memory store.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::Duration;

use jiff::civil::date;
use stroom::audit::Meta;
use stroom::machine::{Action, Command};
use stroom::{journal, MemoryStore, Record, Role, Routes, SledStore, Store, StoreError, StroomDef};

fn def() -> StroomDef {
    StroomDef {
        reference: "41077000".into(),
        title: "Kamerbrief LLO".into(),
        route: "ministerraad".into(),
        directie: "MBO".into(),
        eerste_ondertekenaar: "MSZW".parse().unwrap(),
        mede_ondertekenaars: ["MPVO", "MOCW", "MEZK"]
            .iter()
            .map(|r| r.parse().unwrap())
            .collect(),
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

fn approve(role: &str) -> Command {
    Command {
        on: date(2023, 10, 2),
        action: Action::Approve {
            role: role.parse::<Role>().unwrap(),
            version: 1,
        },
    }
}

fn submitted(store: &dyn Store, routes: &Routes) {
    journal::create(store, routes, def(), date(2023, 9, 27), meta("a"), TODAY).unwrap();
    let submit = Command {
        on: date(2023, 9, 27),
        action: Action::Submit,
    };
    journal::execute(
        store,
        routes,
        calendars(),
        "41077000",
        &submit,
        meta("a"),
        TODAY,
    )
    .unwrap();
}

/// Two writers that both read the same head: the first appends, the second is refused
/// and nothing of it is written.
fn second_writer_after_the_same_event_is_refused(store: &dyn Store) {
    let routes = Routes::embedded().unwrap();
    submitted(store, &routes);
    let before = store.load("41077000").unwrap();
    let head = before.last().unwrap();
    let event = |role: &str| stroom::Event {
        on: date(2023, 10, 2),
        fact: stroom::Fact::Approved {
            role: role.parse().unwrap(),
            version: 1,
        },
    };
    let a = Record::seal("41077000", Some(head), event("MOCW"), 1, meta("a"));
    let b = Record::seal("41077000", Some(head), event("MPVO"), 1, meta("b"));
    store
        .append(&[("41077000", std::slice::from_ref(&a))])
        .unwrap();
    let err = store
        .append(&[("41077000", std::slice::from_ref(&b))])
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                expected: 2,
                found: 3,
                ..
            }
        ),
        "{err}"
    );
    let after = store.load("41077000").unwrap();
    assert_eq!(after.len(), before.len() + 1);
    // Stored as appended, with the database's signature added.
    let stored = after.last().unwrap();
    assert_eq!((&stored.hash, &stored.event), (&a.hash, &a.event));
    assert_eq!(stored.sig.is_some(), store.public_key().is_some());
}

#[test]
fn sled_refuses_a_second_writer_after_the_same_event() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(&dir.path().join("db"), Duration::ZERO).unwrap();
    second_writer_after_the_same_event_is_refused(&store);
}

#[test]
fn memory_refuses_a_second_writer_after_the_same_event() {
    second_writer_after_the_same_event_is_refused(&MemoryStore::new());
}

#[test]
fn a_batch_over_two_strooms_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(&dir.path().join("db"), Duration::ZERO).unwrap();
    let routes = Routes::embedded().unwrap();
    submitted(&store, &routes);
    let head = store.load("41077000").unwrap().pop().unwrap();
    let ok = Record::seal(
        "41077000",
        Some(&head),
        stroom::Event {
            on: date(2023, 10, 2),
            fact: stroom::Fact::Withdrawn,
        },
        1,
        meta("a"),
    );
    // The second batch claims to follow event 7 of a stroom that does not exist.
    let mut stale = ok.clone();
    stale.stroom = "other".into();
    stale.seq = 8;
    let err = store
        .append(&[
            ("41077000", std::slice::from_ref(&ok)),
            ("other", std::slice::from_ref(&stale)),
        ])
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
    assert_eq!(
        store.load("41077000").unwrap().len(),
        2,
        "the valid batch was not written either"
    );
    assert!(store.load("other").unwrap().is_empty());
}

/// Four threads approve for four roles at once through `journal::execute`, retrying on a
/// conflict as the CLI user would. Every approval lands exactly once, in one unbroken
/// chain, and the stroom ends akkoord.
#[test]
fn racing_commands_serialize_into_one_chain() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SledStore::open(&dir.path().join("db"), Duration::ZERO).unwrap());
    let routes = Arc::new(Routes::embedded().unwrap());
    submitted(store.as_ref(), &routes);
    let conflicts = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let handles: Vec<_> = ["MSZW", "MPVO", "MOCW", "MEZK"]
        .into_iter()
        .map(|role| {
            let (store, routes, conflicts) = (store.clone(), routes.clone(), conflicts.clone());
            std::thread::spawn(move || loop {
                match journal::execute(
                    store.as_ref(),
                    &routes,
                    calendars(),
                    "41077000",
                    &approve(role),
                    meta(role),
                    TODAY,
                ) {
                    Ok(_) => break,
                    Err(stroom::Error::Store(StoreError::Conflict { .. })) => {
                        conflicts.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    Err(e) => panic!("{role}: {e}"),
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let loaded = journal::load(store.as_ref(), &routes, "41077000").unwrap();
    assert_eq!(loaded.records.len(), 6);
    assert_eq!(loaded.stroom.state, stroom::State::Akkoord);
    let seqs: Vec<u64> = loaded.records.iter().map(|r| r.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5, 6]);
    let verification = journal::verify(store.as_ref(), &routes).unwrap();
    assert!(
        verification.first_bad.is_none(),
        "{:?}",
        verification.first_bad
    );
}

#[test]
fn appended_events_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let routes = Routes::embedded().unwrap();
    let written = {
        let store = SledStore::open(&path, Duration::ZERO).unwrap();
        submitted(&store, &routes);
        journal::execute(
            &store,
            &routes,
            calendars(),
            "41077000",
            &approve("MOCW"),
            meta("x"),
            TODAY,
        )
        .unwrap();
        store.load("41077000").unwrap()
    };
    // sled's thread pool can hold the dropped database for a moment: reopen as a command
    // would, waiting for it, rather than failing at once (a flake under load otherwise).
    let store = SledStore::open(&path, Duration::from_secs(10)).unwrap();
    assert_eq!(store.load("41077000").unwrap(), written);
    assert_eq!(store.references().unwrap(), ["41077000"]);
    let head = store.head("41077000").unwrap().unwrap();
    assert_eq!(
        (head.seq, head.hash.as_str()),
        (3, written[2].hash.as_str())
    );
}

#[test]
fn a_taken_reference_is_refused_without_writing() {
    let store = MemoryStore::new();
    let routes = Routes::embedded().unwrap();
    submitted(&store, &routes);
    let err =
        journal::create(&store, &routes, def(), date(2023, 9, 28), meta("b"), TODAY).unwrap_err();
    assert!(
        matches!(err, stroom::Error::Store(StoreError::Exists { .. })),
        "{err}"
    );
    assert_eq!(store.load("41077000").unwrap().len(), 2);
}

/// "Today" for the journal's date checks: after every date these tests record.
const TODAY: jiff::civil::Date = jiff::civil::date(2030, 1, 1);

/// The embedded calendars, parsed once: the journal checks delivered slots against them.
fn calendars() -> &'static stroom::Calendars {
    static CALENDARS: std::sync::OnceLock<stroom::Calendars> = std::sync::OnceLock::new();
    CALENDARS.get_or_init(|| stroom::Calendars::embedded().expect("the embedded calendars parse"))
}

/// A command that died after the anchor was fsynced and before sled was written: the next
/// writer reads the anchor from sled's `anchor-len` on and restores that record into sled;
/// a reader sees it all along (it reads the anchor). sled never held it (it lies after the
/// length sled held at its last catch-up, `anchor.sled-len`), so it is caught up as a
/// recording command's anchor-only append is, not named as lost.
#[test]
fn a_writer_restores_the_anchor_tail_sled_lacks() {
    use std::io::Write as _;
    use stroom::machine::{Event, Fact};
    use stroom::store::{Access, Repair};
    let routes = Routes::embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    {
        let store = SledStore::open(&path, Duration::from_secs(5)).unwrap();
        submitted(&store, &routes);
    }
    // The next record, in the anchor only.
    let (reader, _) = SledStore::open_read(&path, Duration::from_secs(5), &mut || {}).unwrap();
    let records = reader.load("41077000").unwrap();
    drop(reader);
    let last = records.last().unwrap();
    let event = Event {
        on: date(2023, 10, 2),
        fact: Fact::Approved {
            role: "MSZW".parse().unwrap(),
            version: 1,
        },
    };
    let mut m = meta("killed");
    m.role = Some("MSZW".parse().unwrap());
    let mut next = Record::seal("41077000", Some(last), event, 1, m);
    // Signed as the database signs (the command got that far).
    stroom::sign::Signer::load_or_create(&path)
        .unwrap()
        .0
        .sign(&mut next);
    let mut anchor = std::fs::OpenOptions::new()
        .append(true)
        .open(path.join("anchor.jsonl"))
        .unwrap();
    writeln!(anchor, "{}", serde_json::to_string(&next).unwrap()).unwrap();
    drop(anchor);

    let (reader, _) = SledStore::open_read(&path, Duration::from_secs(5), &mut || {}).unwrap();
    assert_eq!(reader.load("41077000").unwrap().len(), records.len() + 1);
    drop(reader);
    let (store, repairs) =
        SledStore::open_write(&path, Access::Write, Duration::from_secs(5), &mut || {}).unwrap();
    assert_eq!(
        repairs,
        [Repair::CaughtUp {
            events: 1,
            in_database: true
        }]
    );
    assert_eq!(store.load("41077000").unwrap().last(), Some(&next));
    let verified = journal::verify(&store, &routes).unwrap();
    assert!(verified.first_bad.is_none(), "{verified:?}");
    drop(store);
    // Restored once: the next writer finds nothing to do.
    let (_, repairs) =
        SledStore::open_write(&path, Access::Write, Duration::from_secs(5), &mut || {}).unwrap();
    assert!(repairs.is_empty(), "{repairs:?}");
}

/// A recording command's store on the anchor journal alone (`open_record` within sled's
/// lag bound): appends are checked against the anchor's head (a second append after the
/// same event is refused), signed, and visible at once; sled is caught up, quietly, by the
/// next writer that opens it.
#[test]
fn a_store_on_the_anchor_alone_appends_conditionally_and_sled_catches_up() {
    use stroom::store::{Access, Options, Repair, SLED_LAG_BOUND};
    let routes = Routes::embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let wait = Duration::from_secs(5);
    {
        let store = SledStore::open(&path, wait).unwrap();
        submitted(&store, &routes);
    }
    let options = Options {
        sled_lag_bound: Some(SLED_LAG_BOUND),
        ..Options::default()
    };
    let (store, repairs) =
        SledStore::open_record(&path, Access::Write, wait, &mut || {}, &options).unwrap();
    assert!(repairs.is_empty(), "{repairs:?}");
    let before = store.load("41077000").unwrap();
    let (_, new) = journal::execute(
        &store,
        &routes,
        calendars(),
        "41077000",
        &approve("MSZW"),
        Meta {
            role: Some("MSZW".parse().unwrap()),
            ..meta("b")
        },
        TODAY,
    )
    .unwrap();
    let stored = store.load("41077000").unwrap();
    assert_eq!(stored.last().map(|r| &r.hash), new.last().map(|r| &r.hash));
    assert!(
        stored.last().is_some_and(|r| r.sig.is_some()),
        "signed as every append is"
    );
    // Another record after the same event: refused against the anchor's head.
    let mut late = Record::seal(
        "41077000",
        before.last(),
        new[0].event.clone(),
        1,
        meta("c"),
    );
    late.recorded_at = "2023-10-02T10:00:00Z".parse().unwrap();
    assert!(matches!(
        store.append(&[("41077000", std::slice::from_ref(&late))]),
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(store.load("41077000").unwrap().len(), before.len() + 1);
    drop(store);
    let (store, repairs) = SledStore::open_write(&path, Access::Write, wait, &mut || {}).unwrap();
    assert_eq!(
        repairs,
        [Repair::CaughtUp {
            events: 1,
            in_database: true
        }]
    );
    assert_eq!(store.load("41077000").unwrap(), stored);
    let verified = journal::verify(&store, &routes).unwrap();
    assert!(verified.first_bad.is_none(), "{verified:?}");
}
