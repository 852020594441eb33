//! The audit trail: every alteration, reordering or removal of a stored record shows, and
//! records survive a JSON round trip with their hashes intact.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use jiff::civil::{date, Date};
use jiff::{Timestamp, ToSpan};
use proptest::prelude::*;
use stroom::audit::{verify_chain, GENESIS, RECORD_SCHEMA};
use stroom::machine::{Action, Command, Event, Fact, MrOutcome, Outcome};
use stroom::{journal, MemoryStore, Meta, Record, Role, Routes, SledStore, Store, StroomDef};

const REFERENCE: &str = "41077000";

fn role(code: &str) -> Role {
    code.parse().unwrap()
}

fn llo() -> StroomDef {
    StroomDef {
        reference: REFERENCE.into(),
        title: "Kamerbrief Leven Lang Ontwikkelen".into(),
        route: "ministerraad".into(),
        directie: "MBO".into(),
        eerste_ondertekenaar: role("MSZW"),
        mede_ondertekenaars: vec![role("MPVO"), role("MOCW")],
        kamerbrieven: Vec::new(),
        target: None,
    }
}

fn at(n: i64) -> Timestamp {
    Timestamp::from_second(1_695_800_000 + n * 3_600).unwrap()
}

/// A realistic trail: created, submitted, approvals, a return with comments, new approvals.
fn trail(store: &dyn Store) -> Vec<Record> {
    let routes = Routes::embedded().unwrap();
    let meta = |n: i64, who: Option<&str>, comment: Option<&str>| {
        Meta::builder()
            .actor("j.jansen@minocw.nl")
            .recorded_at(at(n))
            .role(who.map(role))
            .comment(comment.map(str::to_string))
            .build()
    };
    journal::create(
        store,
        &routes,
        llo(),
        date(2023, 9, 27),
        meta(0, None, None),
        TODAY,
    )
    .unwrap();
    let steps: [(Date, Action, Option<&str>, Option<&str>); 7] = [
        (date(2023, 9, 27), Action::Submit, None, None),
        (date(2023, 9, 28), approve("MSZW", 1), Some("MSZW"), None),
        (
            date(2023, 9, 28),
            approve("MOCW", 1),
            Some("MOCW"),
            Some("akkoord, mits paragraaf 3 blijft"),
        ),
        (
            date(2023, 9, 29),
            Action::Return {
                role: role("MPVO"),
                version: 1,
            },
            Some("MPVO"),
            Some("opmerkingen over de planning; zie bijlage"),
        ),
        (date(2023, 10, 3), approve("MSZW", 2), Some("MSZW"), None),
        (date(2023, 10, 3), approve("MPVO", 2), Some("MPVO"), None),
        (date(2023, 10, 3), approve("MOCW", 2), Some("MOCW"), None),
    ];
    for (i, (on, action, who, comment)) in steps.into_iter().enumerate() {
        let cmd = Command { on, action };
        journal::execute(
            store,
            &routes,
            calendars(),
            REFERENCE,
            &cmd,
            meta(i as i64 + 1, who, comment),
            TODAY,
        )
        .unwrap();
    }
    let records = store.load(REFERENCE).unwrap();
    assert_eq!(records.len(), 8);
    verify_chain(REFERENCE, &records).unwrap();
    records
}

fn approve(code: &str, version: u32) -> Action {
    Action::Approve {
        role: role(code),
        version,
    }
}

type Alteration = (&'static str, fn(&mut Record));

/// Every field of a record, each altered in a way that keeps the record well-formed.
const ALTERATIONS: &[Alteration] = &[
    ("actor", |r| r.actor.push('x')),
    ("role", |r| {
        r.role = if r.role.is_some() {
            None
        } else {
            Some(role("MFIN"))
        }
    }),
    ("version", |r| r.version += 1),
    ("date", |r| r.event.on = r.event.on.tomorrow().unwrap()),
    ("comment", |r| {
        r.comment = Some(format!("{}.", r.comment.clone().unwrap_or_default()))
    }),
    ("recorded_at", |r| {
        r.recorded_at = r.recorded_at.checked_add(1.nanosecond()).unwrap()
    }),
    ("event", |r| {
        r.event.fact = match r.event.fact {
            Fact::Withdrawn => Fact::Sent,
            _ => Fact::Withdrawn,
        }
    }),
    ("stroom", |r| r.stroom.push('0')),
    ("schema", |r| r.schema += 1),
    ("seq", |r| r.seq += 10),
    ("prev", |r| r.prev = GENESIS.replace('0', "1")),
    ("hash", |r| r.hash = GENESIS.to_string()),
];

#[test]
fn altering_any_field_of_any_record_names_that_record() {
    let records = trail(&MemoryStore::new());
    for i in 0..records.len() {
        for (field, alter) in ALTERATIONS {
            let mut forged = records.clone();
            alter(&mut forged[i]);
            assert_ne!(
                forged[i], records[i],
                "{field}: the alteration changes nothing"
            );
            let bad = verify_chain(REFERENCE, &forged)
                .expect_err(&format!("altered {field} of event {}", i + 1));
            assert_eq!(
                bad.seq,
                i as u64 + 1,
                "altered {field} of event {}: {}",
                i + 1,
                bad.reason
            );
            assert_eq!(bad.stroom, REFERENCE);
        }
    }
}

#[test]
fn a_resealed_alteration_breaks_the_link_of_the_next_record() {
    let records = trail(&MemoryStore::new());
    for i in 0..records.len() - 1 {
        for (field, alter) in ALTERATIONS
            .iter()
            .filter(|(f, _)| !["hash", "prev", "seq", "stroom", "schema"].contains(f))
        {
            let mut forged = records.clone();
            alter(&mut forged[i]);
            forged[i].hash = forged[i].compute_hash();
            let bad = verify_chain(REFERENCE, &forged).unwrap_err();
            // A first event that is no longer the creation is caught on the spot.
            let expected = if i == 0 && *field == "event" {
                1
            } else {
                i as u64 + 2
            };
            assert_eq!(
                bad.seq,
                expected,
                "resealed {field} of event {}: {}",
                i + 1,
                bad.reason
            );
        }
    }
}

#[test]
fn reordering_records_is_detected_at_the_first_displaced_one() {
    let records = trail(&MemoryStore::new());
    for (a, b) in [(1, 2), (2, 5), (0, 7), (3, 4)] {
        let mut swapped = records.clone();
        swapped.swap(a, b);
        let bad = verify_chain(REFERENCE, &swapped).unwrap_err();
        assert_eq!(bad.seq, a as u64 + 1, "swap {a} and {b}: {}", bad.reason);

        // Renumbering the swapped records does not hide it: their links break.
        swapped[a].seq = a as u64 + 1;
        swapped[b].seq = b as u64 + 1;
        let bad = verify_chain(REFERENCE, &swapped).unwrap_err();
        assert_eq!(
            bad.seq,
            a as u64 + 1,
            "swap and renumber {a} and {b}: {}",
            bad.reason
        );
    }
}

#[test]
fn dropping_a_record_is_detected_where_it_is_missing() {
    let records = trail(&MemoryStore::new());
    for i in 0..records.len() - 1 {
        let mut dropped = records.clone();
        dropped.remove(i);
        let bad = verify_chain(REFERENCE, &dropped).unwrap_err();
        assert_eq!(
            bad.seq,
            i as u64 + 1,
            "dropped event {}: {}",
            i + 1,
            bad.reason
        );
        assert!(bad.reason.starts_with("missing"), "{}", bad.reason);
    }
}

#[test]
fn a_record_of_another_stroom_is_detected() {
    let records = trail(&MemoryStore::new());
    let mut other = records.clone();
    for r in &mut other {
        r.stroom = "other".into();
    }
    let mut mixed = records.clone();
    mixed[4] = other[4].clone();
    assert_eq!(verify_chain(REFERENCE, &mixed).unwrap_err().seq, 5);
}

#[test]
fn the_first_record_must_be_the_creation() {
    let records = trail(&MemoryStore::new());
    let meta = Meta::builder().actor("x").recorded_at(at(0)).build();
    let first = Record::seal(
        REFERENCE,
        None,
        Event {
            on: date(2023, 9, 27),
            fact: Fact::Submitted,
        },
        1,
        meta,
    );
    let bad = verify_chain(REFERENCE, &[first]).unwrap_err();
    assert_eq!(
        (bad.seq, bad.reason.as_str()),
        (1, "the first event is not the creation")
    );
    assert!(verify_chain(REFERENCE, &records[..1]).is_ok());
}

/// The stored encoding and hash of one record are fixed: a change breaks every database.
#[test]
fn record_encoding_is_stable() {
    let meta = Meta::builder()
        .actor("j.jansen@minocw.nl")
        .recorded_at("2023-09-29T10:15:30.123456789Z".parse().unwrap())
        .role(Some(role("MPVO")))
        .comment(Some("opmerkingen: \"planning\" — zie bijlage".to_string()))
        .build();
    let created = Record::seal(
        REFERENCE,
        None,
        Event {
            on: date(2023, 9, 27),
            fact: Fact::Created {
                stroom: Box::new(llo()),
            },
        },
        1,
        Meta::builder()
            .actor("j.jansen@minocw.nl")
            .recorded_at(at(0))
            .build(),
    );
    let event = Event {
        on: date(2023, 9, 29),
        fact: Fact::Returned {
            role: role("MPVO"),
            version: 1,
        },
    };
    let record = Record::seal(REFERENCE, Some(&created), event, 1, meta);
    assert_eq!(record.schema, RECORD_SCHEMA);
    insta::assert_snapshot!(serde_json::to_string_pretty(&[created, record]).unwrap());
}

// ---------------------------------------------------------------------------------------
// The journal on a store
// ---------------------------------------------------------------------------------------

#[test]
fn a_tampered_stroom_is_never_acted_on() {
    let routes = Routes::embedded().unwrap();
    let store = MemoryStore::new();
    let records = trail(&store);
    // Append a record that links to the head but whose content was changed after sealing.
    let meta = Meta::builder()
        .actor("j.jansen@minocw.nl")
        .recorded_at(at(20))
        .build();
    let event = Event {
        on: date(2023, 10, 4),
        fact: Fact::Delivered {
            slot: date(2023, 10, 9),
        },
    };
    let mut forged = Record::seal(REFERENCE, records.last(), event, 2, meta.clone());
    forged.event.on = date(2023, 10, 3);
    store
        .append(&[(REFERENCE, std::slice::from_ref(&forged))])
        .unwrap();

    let err = journal::load(&store, &routes, REFERENCE)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("stroom '41077000' fails verification at event 9: content altered"),
        "{err}"
    );
    let cmd = Command {
        on: date(2023, 10, 9),
        action: Action::Voorportaal(Outcome::Door),
    };
    assert!(journal::execute(&store, &routes, calendars(), REFERENCE, &cmd, meta, TODAY).is_err());
    assert_eq!(
        store.load(REFERENCE).unwrap().len(),
        9,
        "nothing was appended"
    );

    let verification = journal::verify(&store, &routes).unwrap();
    let bad = verification.first_bad.unwrap();
    assert_eq!((bad.stroom.as_str(), bad.seq), (REFERENCE, 9));
}

#[test]
fn export_and_import_round_trip_and_a_tampered_export_imports_nothing() {
    let routes = Routes::embedded().unwrap();
    let source = MemoryStore::new();
    let records = trail(&source);
    let exported = journal::export(&source).unwrap();
    assert_eq!(exported, records);
    let json = serde_json::to_string(&exported).unwrap();

    let target = MemoryStore::new();
    let back: Vec<Record> = serde_json::from_str(&json).unwrap();
    assert_eq!(
        journal::import(&target, &routes, "target", back).unwrap(),
        1
    );
    assert_eq!(target.load(REFERENCE).unwrap(), records);
    assert_eq!(
        journal::load(&target, &routes, REFERENCE).unwrap().stroom,
        journal::load(&source, &routes, REFERENCE).unwrap().stroom
    );

    let tampered = json.replace("akkoord, mits paragraaf 3 blijft", "akkoord");
    assert_ne!(tampered, json);
    let empty = MemoryStore::new();
    let err = journal::import(
        &empty,
        &routes,
        "empty",
        serde_json::from_str(&tampered).unwrap(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("the import does not verify: stroom '41077000' event 4: content altered"),
        "{err}"
    );
    assert!(
        empty.references().unwrap().is_empty(),
        "nothing was imported"
    );

    // Importing into a store that holds strooms is refused.
    let again: Vec<Record> = serde_json::from_str(&json).unwrap();
    assert!(journal::import(&target, &routes, "target", again).is_err());
}

/// Rewriting the last record with a correctly resealed forgery passes the chain check
/// alone; the stored head gives it away.
#[test]
fn the_head_catches_a_resealed_forgery_of_the_last_records() {
    let routes = Routes::embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(&dir.path().join("db"), Duration::from_secs(5)).unwrap();
    let records = trail(&store);
    assert!(journal::verify(&store, &routes)
        .unwrap()
        .first_bad
        .is_none());

    // Rewrite the last two records: a comment is added to event 7 and every hash from
    // there on is recomputed, so that the chain itself still verifies.
    let mut forged = records.clone();
    forged[6].comment = Some("akkoord".into());
    for i in 6..forged.len() {
        forged[i].prev = forged[i - 1].hash.clone();
        forged[i].hash = forged[i].compute_hash();
    }
    verify_chain(REFERENCE, &forged).unwrap();
    for r in &forged[6..] {
        store
            .overwrite_raw(REFERENCE, r.seq, &serde_json::to_vec(r).unwrap())
            .unwrap();
    }
    let bad = journal::verify(&store, &routes).unwrap().first_bad.unwrap();
    assert_eq!(bad.stroom, REFERENCE);
    assert!(bad.seq >= 7, "{bad:?}");
}

/// A trail of the right length whose last record differs from the head was rewritten,
/// not cut short: the report must say so and name an event that exists.
#[test]
fn a_rewritten_last_record_is_not_reported_as_removed_events() {
    let routes = Routes::embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(&dir.path().join("db"), Duration::from_secs(5)).unwrap();
    let records = trail(&store);
    let mut last = records.last().unwrap().clone();
    last.comment = Some("akkoord".into());
    last.hash = last.compute_hash();
    store
        .overwrite_raw(REFERENCE, last.seq, &serde_json::to_vec(&last).unwrap())
        .unwrap();
    let bad = journal::verify(&store, &routes).unwrap().first_bad.unwrap();
    assert_eq!(bad.seq, last.seq, "{bad:?}");
    assert!(!bad.reason.contains("removed"), "{bad:?}");
}

// ---------------------------------------------------------------------------------------
// JSON round trip
// ---------------------------------------------------------------------------------------

fn fact_strategy() -> impl Strategy<Value = Fact> {
    let role =
        prop::sample::select(vec!["MOCW", "MPVO", "MSZW", "MEZK", "MJ-V", "MBZK2"]).prop_map(role);
    prop_oneof![
        Just(Fact::Submitted),
        (role.clone(), 1u32..100).prop_map(|(role, version)| Fact::Approved { role, version }),
        (role.clone(), 1u32..100).prop_map(|(role, version)| Fact::Returned { role, version }),
        (role, 1u32..100).prop_map(|(role, version)| Fact::Signed { role, version }),
        (0i64..3000).prop_map(|n| Fact::Delivered {
            slot: date(2023, 1, 1).checked_add(n.days()).unwrap()
        }),
        any::<bool>().prop_map(|door| Fact::VoorportaalOutcome {
            outcome: if door { Outcome::Door } else { Outcome::Terug }
        }),
        any::<bool>().prop_map(|needed| Fact::OnderraadDecided { needed }),
        any::<bool>().prop_map(|door| Fact::OnderraadOutcome {
            outcome: if door { Outcome::Door } else { Outcome::Terug }
        }),
        any::<bool>().prop_map(|b| Fact::MinisterraadOutcome {
            outcome: if b {
                MrOutcome::Besloten
            } else {
                MrOutcome::Aangehouden
            }
        }),
        Just(Fact::Sent),
        Just(Fact::Withdrawn),
    ]
}

fn meta_strategy() -> impl Strategy<Value = Meta> {
    let text = prop_oneof![
        any::<String>(),
        "[a-zé€😀 \\n\\t\"\\\\]{0,40}",
        Just(String::new())
    ];
    (
        text.clone(),
        proptest::option::of(text),
        proptest::option::of(prop::sample::select(vec!["MOCW", "MPVO", "MSZW"])),
        0i64..4_000_000_000,
        0i32..1_000_000_000,
    )
        .prop_map(|(actor, comment, who, secs, nanos)| {
            Meta::builder()
                .actor(actor)
                .recorded_at(Timestamp::new(secs, nanos).unwrap())
                .role(who.map(role))
                .comment(comment)
                .build()
        })
}

proptest! {
    #[test]
    fn records_survive_a_json_round_trip_with_their_hashes(
        title in any::<String>(),
        first in meta_strategy(),
        rest in proptest::collection::vec((fact_strategy(), 0i64..30, 1u32..10, meta_strategy()), 0..8),
    ) {
        let def = StroomDef { title, ..llo() };
        let mut on = date(2023, 9, 27);
        let mut records = vec![Record::seal(REFERENCE, None, Event { on, fact: Fact::Created { stroom: Box::new(def) } }, 1, first)];
        for (fact, advance, version, meta) in rest {
            on = on.checked_add(advance.days()).unwrap();
            let r = Record::seal(REFERENCE, records.last(), Event { on, fact }, version, meta);
            records.push(r);
        }
        prop_assert!(verify_chain(REFERENCE, &records).is_ok());
        for json in [serde_json::to_string(&records).unwrap(), serde_json::to_string_pretty(&records).unwrap()] {
            let back: Vec<Record> = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(&back, &records);
            prop_assert!(verify_chain(REFERENCE, &back).is_ok());
            for r in &back {
                prop_assert_eq!(r.compute_hash(), r.hash.clone());
            }
        }
    }
}

/// "Today" for the journal's date checks: after every date these tests record.
const TODAY: jiff::civil::Date = jiff::civil::date(2030, 1, 1);

/// The embedded calendars, parsed once: the journal checks delivered slots against them.
fn calendars() -> &'static stroom::Calendars {
    static CALENDARS: std::sync::OnceLock<stroom::Calendars> = std::sync::OnceLock::new();
    CALENDARS.get_or_init(|| stroom::Calendars::embedded().expect("the embedded calendars parse"))
}
