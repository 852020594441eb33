//! The engine as a server sees it: its types cross threads and survive a JSON round trip.

use jiff::civil::date;
use stroom::planner::Plan;
use stroom::{
    Calendars, MemoryStore, Planner, Record, Request, Routes, SledStore, State, Stroom, StroomDef,
    Target,
};

fn send_sync<T: Send + Sync>() {}

#[test]
fn store_and_engine_types_are_send_and_sync() {
    // A compile-time check: this test fails to build when one of them stops being so.
    send_sync::<SledStore>();
    send_sync::<MemoryStore>();
    send_sync::<Calendars>();
    send_sync::<Routes>();
    send_sync::<Planner<'static>>();
    send_sync::<Plan>();
    send_sync::<Stroom>();
    send_sync::<Record>();
    send_sync::<stroom::Error>();
}

fn llo() -> StroomDef {
    let text = stroom_workflows::EXAMPLES
        .iter()
        .find(|(n, _, _)| *n == "llo")
        .map(|(_, _, t)| *t)
        .expect("the llo example is embedded");
    StroomDef::from_toml("llo.toml", text).expect("the llo example parses")
}

#[test]
fn a_stroom_and_its_state_round_trip_through_json() {
    let mut s = Stroom::new(llo(), date(2023, 9, 27));
    for state in [
        State::Concept,
        State::BijBewindspersonen {
            akkoord: ["MOCW".parse().expect("a role")].into_iter().collect(),
            na_retour: true,
        },
        State::BijMinisterraad {
            slot: date(2023, 10, 9),
            aangehouden: 2,
        },
        State::Verzonden,
    ] {
        s.state = state;
        let json = serde_json::to_string(&s).expect("serialises");
        let back: Stroom = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, s, "{json}");
    }
}

#[test]
fn a_plan_round_trips_through_json() {
    let routes = Routes::embedded().expect("embedded routes");
    let cal = Calendars::embedded().expect("embedded calendars");
    let planner = Planner::new(routes.get("ministerraad").expect("route"), &cal).expect("planner");
    let mut req = Request::ad_hoc(date(2023, 10, 4));
    req.assumptions.onderraad = Some(true);
    req.target = Some(Target::KamerBy {
        date: date(2023, 11, 24),
    });
    let plan = planner.plan(&req).expect("plans");
    let json = serde_json::to_string(&plan).expect("serialises");
    let back: Plan = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, plan, "{json}");
}
