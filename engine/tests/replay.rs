//! `verify` replays every stroom under the route stored with it at `new`: an event the state
//! machine would not have recorded fails, and a later route file changes nothing.
#![allow(clippy::unwrap_used)]

use jiff::civil::date;
use jiff::Timestamp;
use stroom::machine::{Action, Command, Event, Fact};
use stroom::{
    journal, Calendars, MemoryStore, Meta, Record, Role, Route, Routes, Store, StroomDef,
};

fn role(code: &str) -> Role {
    code.parse().unwrap()
}

fn meta(n: i64, who: Option<&str>) -> Meta {
    Meta::builder()
        .actor("j.jansen@minocw.nl")
        .recorded_at(Timestamp::from_second(1_695_800_000 + n * 3_600).unwrap())
        .role(who.map(role))
        .build()
}

fn def(route: &str) -> StroomDef {
    StroomDef {
        reference: "41077000".into(),
        title: "Kamerbrief Leven Lang Ontwikkelen".into(),
        route: route.into(),
        directie: "MBO".into(),
        eerste_ondertekenaar: role("MSZW"),
        mede_ondertekenaars: vec![role("MOCW")],
        kamerbrieven: Vec::new(),
        target: None,
    }
}

/// Registered, submitted, approved by MSZW only.
fn one_approval(store: &dyn Store, routes: &Routes) {
    let calendars = Calendars::embedded().unwrap();
    let today = date(2024, 1, 1);
    let on = date(2023, 9, 27);
    journal::create(store, routes, def("ministerraad"), on, meta(0, None), today).unwrap();
    for (n, action, who) in [
        (1, Action::Submit, None),
        (
            2,
            Action::Approve {
                role: role("MSZW"),
                version: 1,
            },
            Some("MSZW"),
        ),
    ] {
        let cmd = Command { on, action };
        journal::execute(
            store,
            routes,
            &calendars,
            "41077000",
            &cmd,
            meta(n, who),
            today,
        )
        .unwrap();
    }
}

#[test]
fn delivered_straight_after_one_approval_fails_verify_naming_the_event() {
    let routes = Routes::embedded().unwrap();
    let store = MemoryStore::new();
    one_approval(&store, &routes);
    assert!(journal::verify(&store, &routes)
        .unwrap()
        .first_bad
        .is_none());
    // A forged, correctly chained record: delivered while MOCW has not approved.
    let records = store.load("41077000").unwrap();
    let forged = Record::seal(
        "41077000",
        records.last(),
        Event {
            on: date(2023, 10, 2),
            fact: Fact::Delivered {
                slot: date(2023, 10, 9),
            },
        },
        1,
        meta(3, None),
    );
    store
        .append(&[("41077000", std::slice::from_ref(&forged))])
        .unwrap();
    let bad = journal::verify(&store, &routes).unwrap().first_bad.unwrap();
    assert_eq!((bad.stroom.as_str(), bad.seq), ("41077000", 4));
    assert!(
        bad.reason.starts_with(
            "the state machine would not have recorded it (delivered to the voorportaal for 2023-10-09, on 2023-10-02) under route ministerraad"
        ),
        "{}",
        bad.reason
    );

    // The same forged trail as an export: import replays it too and takes nothing.
    let empty = MemoryStore::new();
    let err = journal::import(&empty, &routes, "empty", store.load("41077000").unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("the import does not verify: stroom '41077000' event 4: the state machine would not have recorded it"),
        "{err}"
    );
    assert!(empty.references().unwrap().is_empty());
}

#[test]
fn the_route_is_stored_at_new_and_a_later_route_file_changes_nothing() {
    let routes = Routes::embedded().unwrap();
    let store = MemoryStore::new();
    one_approval(&store, &routes);
    let first = &store.load("41077000").unwrap()[0];
    let stored = first.route.as_ref().expect("the route is stored at new");
    assert_eq!(&stored.definition, routes.get("ministerraad").unwrap());
    assert!(stored.intact());

    // The route file now says something else under the same name: a route without
    // voorportaal or ministerraad.
    let mut changed = routes.clone();
    let mut other: Route = routes.get("ondertekening").unwrap().clone();
    other.name = "ministerraad".into();
    changed.add(other);
    let verification = journal::verify(&store, &changed).unwrap();
    assert!(
        verification.first_bad.is_none(),
        "{:?}",
        verification.first_bad
    );
    let loaded = journal::load(&store, &changed, "41077000").unwrap();
    assert_eq!(&loaded.route, routes.get("ministerraad").unwrap());

    // And the stored route in the record cannot be swapped unnoticed: the hash covers it.
    let mut records = store.load("41077000").unwrap();
    if let Some(r) = records[0].route.as_mut() {
        r.definition.voorportaal = None;
    }
    let bad = stroom::audit::verify_chain("41077000", &records).unwrap_err();
    assert_eq!(bad.seq, 1);
}
