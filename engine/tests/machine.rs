//! The state machine, tested as a table: the transition table's shape, the rejections
//! people read, and laws over random command sequences (the state is the fold of the
//! stored events; approvals of an older version never count).
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use jiff::civil::{date, Date};
use jiff::{Timestamp, ToSpan};
use proptest::prelude::*;
use stroom::machine::{
    allowed, render_mermaid, render_table, replay, transition, Action, Command, CommandKind, Event,
    Fact, MrOutcome, Outcome, State, StateKind, Stroom, TABLE,
};
use stroom::{journal, Error, MemoryStore, Meta, Role, Route, RouteKind, Routes, StroomDef};

const ROUTE_KINDS: [RouteKind; 2] = [RouteKind::Ministerraad, RouteKind::Ondertekening];

fn route_name(kind: RouteKind) -> &'static str {
    match kind {
        RouteKind::Ministerraad => "ministerraad",
        RouteKind::Ondertekening => "ondertekening",
    }
}

fn route(kind: RouteKind) -> Route {
    let route = Routes::embedded()
        .unwrap()
        .get(route_name(kind))
        .unwrap()
        .clone();
    assert_eq!(route.kind(), kind);
    route
}

fn role(code: &str) -> Role {
    code.parse().unwrap()
}

/// The stroom of the seed documents: Kamerbrief LLO, MSZW first, three co-signers.
fn llo(route: &str) -> StroomDef {
    StroomDef {
        reference: "41077000".into(),
        title: "Kamerbrief Leven Lang Ontwikkelen".into(),
        route: route.into(),
        directie: "MBO".into(),
        eerste_ondertekenaar: role("MSZW"),
        mede_ondertekenaars: vec![role("MPVO"), role("MOCW"), role("MEZK")],
        kamerbrieven: Vec::new(),
        target: None,
    }
}

/// A smaller stroom for random and exhaustive exploration: two bewindspersonen.
fn duo(route: &str) -> StroomDef {
    StroomDef {
        reference: "duo-1".into(),
        title: "Kamerbrief met twee bewindspersonen".into(),
        route: route.into(),
        directie: "MBO".into(),
        eerste_ondertekenaar: role("MOCW"),
        mede_ondertekenaars: vec![role("MPVO")],
        kamerbrieven: Vec::new(),
        target: None,
    }
}

/// The states a route's table rows mention, as `from` or as `to`.
fn states_used(kind: RouteKind) -> BTreeSet<StateKind> {
    TABLE
        .iter()
        .filter(|t| t.routes.contains(&kind))
        .flat_map(|t| std::iter::once(t.from).chain(t.to.iter().copied()))
        .collect()
}

/// Breadth-first search over the table's rows for a route, from concept.
fn reachable_by_table(kind: RouteKind) -> BTreeSet<StateKind> {
    let mut seen = BTreeSet::from([StateKind::Concept]);
    let mut queue = VecDeque::from([StateKind::Concept]);
    while let Some(from) = queue.pop_front() {
        for row in TABLE
            .iter()
            .filter(|t| t.routes.contains(&kind) && t.from == from)
        {
            for &to in row.to {
                if seen.insert(to) {
                    queue.push_back(to);
                }
            }
        }
    }
    seen
}

/// A command of each kind with data that passes the data checks where it can.
fn sample_action(kind: CommandKind) -> Action {
    match kind {
        CommandKind::Submit => Action::Submit,
        CommandKind::Approve => Action::Approve {
            role: role("MOCW"),
            version: 1,
        },
        CommandKind::Return => Action::Return {
            role: role("MOCW"),
            version: 1,
        },
        CommandKind::Deliver => Action::Deliver {
            slot: date(2023, 10, 30),
        },
        CommandKind::Voorportaal => Action::Voorportaal(Outcome::Door),
        CommandKind::NeedsOnderraad => Action::NeedsOnderraad(true),
        CommandKind::Onderraad => Action::Onderraad(Outcome::Door),
        CommandKind::Ministerraad => Action::Ministerraad(MrOutcome::Besloten),
        CommandKind::Sign => Action::Sign {
            role: role("MOCW"),
            version: 1,
        },
        CommandKind::Send => Action::Send,
        CommandKind::Withdraw => Action::Withdraw,
    }
}

/// A stroom in a given state, with data consistent with how it got there.
fn stroom_in(def: StroomDef, kind: StateKind) -> Stroom {
    let state = match kind {
        StateKind::Concept => State::Concept,
        StateKind::BijBewindspersonen => State::BijBewindspersonen {
            akkoord: BTreeSet::new(),
            na_retour: false,
        },
        StateKind::Akkoord => State::Akkoord,
        StateKind::Aangeleverd => State::Aangeleverd {
            slot: date(2023, 10, 9),
        },
        StateKind::BijOnderraad => State::BijOnderraad {
            slot: date(2023, 10, 9),
        },
        StateKind::BijMinisterraad => State::BijMinisterraad {
            slot: date(2023, 10, 9),
            aangehouden: 0,
        },
        StateKind::Besloten => State::Besloten,
        StateKind::Ondertekend => State::Ondertekend,
        StateKind::Verzonden => State::Verzonden,
        StateKind::Ingetrokken => State::Ingetrokken,
    };
    let onderraad = (kind == StateKind::BijOnderraad).then_some(true);
    Stroom {
        state,
        onderraad,
        ..Stroom::new(def, date(2023, 10, 2))
    }
}

/// Runs actions one day apart from 27 Sep 2023, failing the test on any rejection.
fn run(route: &Route, def: StroomDef, actions: &[Action]) -> Stroom {
    let mut on = date(2023, 9, 27);
    let mut s = Stroom::new(def, on);
    for action in actions {
        on = on.tomorrow().unwrap();
        let cmd = Command {
            on,
            action: action.clone(),
        };
        let events = decide_ok(&s, route, &cmd);
        for e in &events {
            s = stroom::evolve(s, route, e);
        }
    }
    s
}

fn decide_ok(s: &Stroom, route: &Route, cmd: &Command) -> Vec<Event> {
    stroom::decide(s, route, cmd).unwrap_or_else(|r| panic!("{:?} was rejected: {r}", cmd.action))
}

fn approve(code: &str, version: u32) -> Action {
    Action::Approve {
        role: role(code),
        version,
    }
}

fn sign(code: &str, version: u32) -> Action {
    Action::Sign {
        role: role(code),
        version,
    }
}

// ---------------------------------------------------------------------------------------
// The table's shape
// ---------------------------------------------------------------------------------------

#[test]
fn table_has_no_duplicate_route_state_command_rows() {
    let mut seen = BTreeMap::new();
    for (i, row) in TABLE.iter().enumerate() {
        for &kind in row.routes {
            if let Some(j) = seen.insert((kind, row.from, row.command), i) {
                panic!(
                    "rows {j} and {i} both define '{}' in state '{}' on route {kind:?}",
                    row.command, row.from
                );
            }
        }
    }
}

#[test]
fn every_row_names_a_route_and_a_target() {
    for row in TABLE {
        assert!(
            !row.routes.is_empty(),
            "row '{}' in '{}' applies to no route",
            row.command,
            row.from
        );
        assert!(
            !row.to.is_empty(),
            "row '{}' in '{}' leads nowhere",
            row.command,
            row.from
        );
        let distinct: BTreeSet<_> = row.to.iter().collect();
        assert_eq!(
            distinct.len(),
            row.to.len(),
            "row '{}' in '{}' repeats a target",
            row.command,
            row.from
        );
    }
}

#[test]
fn every_state_a_route_uses_is_reachable_from_concept() {
    for kind in ROUTE_KINDS {
        let reachable = reachable_by_table(kind);
        let unreachable: Vec<_> = states_used(kind).difference(&reachable).copied().collect();
        assert!(
            unreachable.is_empty(),
            "{kind:?}: unreachable from concept: {unreachable:?}"
        );
        // Both routes end: each reaches sending and withdrawal.
        assert!(
            reachable.contains(&StateKind::Verzonden),
            "{kind:?} never reaches verzonden"
        );
        assert!(
            reachable.contains(&StateKind::Ingetrokken),
            "{kind:?} never reaches ingetrokken"
        );
    }
}

#[test]
fn routes_use_only_their_own_states() {
    let a = states_used(RouteKind::Ministerraad);
    let b = states_used(RouteKind::Ondertekening);
    assert!(
        !a.contains(&StateKind::Ondertekend),
        "route A has no signed state"
    );
    for s in [
        StateKind::Akkoord,
        StateKind::Aangeleverd,
        StateKind::BijOnderraad,
        StateKind::BijMinisterraad,
    ] {
        assert!(!b.contains(&s), "route B does not pass '{s}'");
    }
}

#[test]
fn terminal_states_reject_every_command_and_allow_nothing() {
    for kind in ROUTE_KINDS {
        let route = route(kind);
        for terminal in [StateKind::Verzonden, StateKind::Ingetrokken] {
            assert!(terminal.is_terminal());
            assert!(allowed(kind, terminal).is_empty());
            let s = stroom_in(llo(&route.name), terminal);
            for command in CommandKind::ALL {
                let cmd = Command {
                    on: date(2023, 10, 3),
                    action: sample_action(command),
                };
                let r = stroom::decide(&s, &route, &cmd)
                    .expect_err("a finished stroom accepts nothing");
                assert_eq!((r.state, r.command), (terminal, command));
                assert!(
                    r.allowed.is_empty(),
                    "{kind:?} {terminal} {command}: {:?}",
                    r.allowed
                );
            }
        }
    }
}

#[test]
fn only_verzonden_and_ingetrokken_are_terminal() {
    let terminal: Vec<_> = StateKind::ALL
        .into_iter()
        .filter(|s| s.is_terminal())
        .collect();
    assert_eq!(terminal, [StateKind::Verzonden, StateKind::Ingetrokken]);
    for kind in ROUTE_KINDS {
        for s in reachable_by_table(kind) {
            if !s.is_terminal() {
                assert!(
                    !allowed(kind, s).is_empty(),
                    "{kind:?}: '{s}' is a dead end"
                );
            }
        }
    }
}

#[test]
fn every_live_state_can_be_withdrawn() {
    for kind in ROUTE_KINDS {
        for s in reachable_by_table(kind) {
            if !s.is_terminal() {
                let row = transition(kind, s, CommandKind::Withdraw);
                assert!(
                    row.is_some_and(|r| r.to == [StateKind::Ingetrokken]),
                    "{kind:?}: '{s}'"
                );
            }
        }
    }
}

#[test]
fn rejections_of_disallowed_commands_list_exactly_the_allowed_ones() {
    for kind in ROUTE_KINDS {
        let route = route(kind);
        for state in reachable_by_table(kind) {
            let s = stroom_in(llo(&route.name), state);
            let expected = allowed(kind, state);
            for command in CommandKind::ALL
                .into_iter()
                .filter(|c| !expected.contains(c))
            {
                let cmd = Command {
                    on: date(2023, 10, 3),
                    action: sample_action(command),
                };
                let r = stroom::decide(&s, &route, &cmd).expect_err(&format!(
                    "{kind:?}: '{command}' is not in the table for '{state}'"
                ));
                assert_eq!((r.state, r.command, r.version), (state, command, 1));
                assert_eq!(r.allowed, expected, "{kind:?} '{state}' '{command}'");
                assert!(
                    matches!(r.reason, stroom::Refusal::NotAllowed { .. }),
                    "a command the table refuses is refused as not allowed: {:?}",
                    r.reason
                );
            }
        }
    }
}

/// Every state reachable with real commands, by exhaustive search with two
/// bewindspersonen and a stranger, versions up to 3, at most two MR hold-overs.
fn explore(route: &Route) -> BTreeSet<(StateKind, CommandKind, StateKind)> {
    let on = date(2023, 10, 2);
    let roles = [role("MOCW"), role("MPVO"), role("MFIN")];
    let mut alphabet = vec![
        Action::Submit,
        Action::Deliver { slot: on },
        Action::Send,
        Action::Withdraw,
        Action::NeedsOnderraad(true),
        Action::NeedsOnderraad(false),
        Action::Ministerraad(MrOutcome::Besloten),
        Action::Ministerraad(MrOutcome::Aangehouden),
    ];
    for o in [Outcome::Door, Outcome::Terug] {
        alphabet.extend([Action::Voorportaal(o), Action::Onderraad(o)]);
    }
    for r in &roles {
        for version in 1..=3 {
            alphabet.push(Action::Approve {
                role: r.clone(),
                version,
            });
            alphabet.push(Action::Return {
                role: r.clone(),
                version,
            });
            alphabet.push(Action::Sign {
                role: r.clone(),
                version,
            });
        }
    }
    let start = Stroom::new(duo(&route.name), on);
    let mut seen = vec![start.clone()];
    let mut queue = VecDeque::from([start]);
    let mut observed = BTreeSet::new();
    while let Some(s) = queue.pop_front() {
        for action in &alphabet {
            let cmd = Command {
                on,
                action: action.clone(),
            };
            let Ok(events) = stroom::decide(&s, route, &cmd) else {
                continue;
            };
            let next = events
                .iter()
                .fold(s.clone(), |s, e| stroom::evolve(s, route, e));
            observed.insert((s.state.kind(), action.kind(), next.state.kind()));
            let bounded = next.version <= 3
                && !matches!(next.state, State::BijMinisterraad { aangehouden, .. } if aangehouden > 2);
            if bounded && !seen.contains(&next) {
                seen.push(next.clone());
                queue.push_back(next);
            }
        }
    }
    observed
}

#[test]
fn real_commands_take_only_transitions_of_the_table() {
    for kind in ROUTE_KINDS {
        let route = route(kind);
        for (from, command, to) in explore(&route) {
            let row = transition(kind, from, command).expect("accepted commands have a row");
            assert!(
                row.to.contains(&to),
                "{kind:?}: '{command}' took '{from}' to '{to}', not in the table"
            );
        }
    }
}

#[test]
fn every_transition_in_the_table_can_be_taken() {
    for kind in ROUTE_KINDS {
        let observed = explore(&route(kind));
        let promised: BTreeSet<_> = TABLE
            .iter()
            .filter(|t| t.routes.contains(&kind))
            .flat_map(|t| t.to.iter().map(move |&to| (t.from, t.command, to)))
            .collect();
        let never: Vec<_> = promised
            .difference(&observed)
            .map(|(from, c, to)| format!("{from} --{c}--> {to}"))
            .collect();
        assert!(
            never.is_empty(),
            "{kind:?}: table rows no command can take: {never:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// What people read: the rendered tables and the rejections
// ---------------------------------------------------------------------------------------

#[test]
fn render_table_ministerraad() {
    insta::assert_snapshot!(render_table(&route(RouteKind::Ministerraad)));
}

#[test]
fn render_table_ondertekening() {
    insta::assert_snapshot!(render_table(&route(RouteKind::Ondertekening)));
}

#[test]
fn render_mermaid_ministerraad() {
    insta::assert_snapshot!(render_mermaid(&route(RouteKind::Ministerraad)));
}

/// The rejection of `last` after `before`: its plain statement, then its code and data as
/// JSON carries them (the sentences people read are snapshotted end to end, in English and
/// Dutch, in `tests/e2e/errors.rs`).
fn rejection(kind: RouteKind, before: &[Action], last: Action) -> String {
    let route = route(kind);
    let s = run(&route, llo(&route.name), before);
    let cmd = Command {
        on: date(2023, 10, 20),
        action: last,
    };
    let r = stroom::decide(&s, &route, &cmd).expect_err("the command must be refused");
    format!(
        "{r}\n{}",
        serde_json::to_string_pretty(&r).expect("a rejection serialises")
    )
}

#[test]
fn rejection_approve_twice() {
    let text = rejection(
        RouteKind::Ministerraad,
        &[Action::Submit, approve("MOCW", 1)],
        approve("MOCW", 1),
    );
    insta::assert_snapshot!(text);
}

#[test]
fn rejection_approve_an_old_version() {
    let before = [
        Action::Submit,
        Action::Return {
            role: role("MPVO"),
            version: 1,
        },
    ];
    insta::assert_snapshot!(rejection(
        RouteKind::Ministerraad,
        &before,
        approve("MOCW", 1)
    ));
}

#[test]
fn rejection_unknown_role() {
    insta::assert_snapshot!(rejection(
        RouteKind::Ministerraad,
        &[Action::Submit],
        approve("MFIN", 1)
    ));
}

#[test]
fn rejection_deliver_in_concept() {
    let deliver = Action::Deliver {
        slot: date(2023, 10, 30),
    };
    insta::assert_snapshot!(rejection(RouteKind::Ministerraad, &[], deliver));
}

#[test]
fn rejection_sign_on_the_ministerraad_route() {
    insta::assert_snapshot!(rejection(
        RouteKind::Ministerraad,
        &[Action::Submit],
        sign("MOCW", 1)
    ));
}

/// Regression: the past tense was built as "{verb}d", giving "already signd".
#[test]
fn rejection_sign_twice() {
    let text = rejection(
        RouteKind::Ondertekening,
        &[Action::Submit, sign("MEZK", 1)],
        sign("MEZK", 1),
    );
    insta::assert_snapshot!(text);
}

#[test]
fn rejection_after_sending() {
    let route = route(RouteKind::Ondertekening);
    let mut before = vec![Action::Submit];
    before.extend(["MSZW", "MPVO", "MOCW", "MEZK"].map(|r| sign(r, 1)));
    before.push(Action::Send);
    assert_eq!(
        run(&route, llo(&route.name), &before).state,
        State::Verzonden
    );
    insta::assert_snapshot!(rejection(
        RouteKind::Ondertekening,
        &before,
        Action::Withdraw
    ));
}

#[test]
fn a_date_before_the_current_step_is_refused() {
    let route = route(RouteKind::Ministerraad);
    let s = run(&route, llo("ministerraad"), &[Action::Submit]);
    let cmd = Command {
        on: date(2023, 9, 1),
        action: approve("MOCW", 1),
    };
    let r = stroom::decide(&s, &route, &cmd).unwrap_err();
    assert!(
        r.to_string().starts_with(
            "cannot approve: the date 2023-09-01 lies before this step began on 2023-09-28"
        ),
        "{r}"
    );
}

#[test]
fn delivering_for_a_meeting_in_the_past_is_refused() {
    let route = route(RouteKind::Ministerraad);
    let mut before = vec![Action::Submit];
    before.extend(["MSZW", "MPVO", "MOCW", "MEZK"].map(|r| approve(r, 1)));
    let s = run(&route, llo("ministerraad"), &before);
    assert_eq!(s.state, State::Akkoord);
    let cmd = Command {
        on: date(2023, 10, 4),
        action: Action::Deliver {
            slot: date(2023, 10, 3),
        },
    };
    let r = stroom::decide(&s, &route, &cmd).unwrap_err();
    assert!(r.to_string().starts_with("cannot deliver: the voorportaal meeting 2023-10-03 lies before the delivery on 2023-10-04"), "{r}");
}

#[test]
fn the_ondertekening_route_has_no_onderraad() {
    let route = route(RouteKind::Ondertekening);
    let s = Stroom::new(llo("ondertekening"), date(2023, 10, 2));
    let cmd = Command {
        on: date(2023, 10, 2),
        action: Action::NeedsOnderraad(true),
    };
    assert!(stroom::decide(&s, &route, &cmd).is_err());
}

// ---------------------------------------------------------------------------------------
// The LLO stroom from the seed documents, start to finish
// ---------------------------------------------------------------------------------------

fn meta(actor: &str, n: i64) -> Meta {
    Meta::builder()
        .actor(actor)
        .recorded_at(Timestamp::from_second(1_695_800_000 + n * 3_600).unwrap())
        .build()
}

#[test]
fn llo_lifecycle_from_concept_to_the_kamer() {
    let routes = Routes::embedded().unwrap();
    let store = MemoryStore::new();
    let reference = "41077000";
    journal::create(
        &store,
        &routes,
        llo("ministerraad"),
        date(2023, 9, 27),
        meta("bo-mbo", 0),
        TODAY,
    )
    .unwrap();
    let n = std::cell::Cell::new(0);
    let exec = |on: Date, action: Action| {
        // A return records its opmerkingen.
        let returning = matches!(action, Action::Return { .. });
        n.set(n.get() + 1);
        journal::execute(
            &store,
            &routes,
            calendars(),
            reference,
            &Command { on, action },
            Meta {
                comment: returning.then(|| "opmerkingen".into()),
                ..meta("bo-mbo", n.get())
            },
            TODAY,
        )
        .map(|(loaded, _)| loaded.stroom)
    };
    let step = |on: Date, action: Action| {
        exec(on, action.clone()).unwrap_or_else(|e| panic!("{action:?} on {on} was refused: {e}"))
    };

    let s = step(date(2023, 9, 27), Action::Submit);
    assert_eq!(s.state.kind(), StateKind::BijBewindspersonen);
    for r in ["MSZW", "MOCW", "MEZK"] {
        step(date(2023, 9, 28), approve(r, 1));
    }
    let s = step(
        date(2023, 9, 29),
        Action::Return {
            role: role("MPVO"),
            version: 1,
        },
    );
    assert_eq!(s.version, 2);
    assert_eq!(
        s.state,
        State::BijBewindspersonen {
            akkoord: BTreeSet::new(),
            na_retour: true
        }
    );

    let err = exec(date(2023, 10, 2), approve("MOCW", 1)).unwrap_err();
    let Error::Rejected(r) = &err else {
        panic!("expected a rejection, got {err}")
    };
    assert_eq!(
        r.reason,
        stroom::Refusal::OldVersion {
            role: "MOCW".parse().unwrap(),
            given: 1,
            current: 2
        }
    );

    for r in ["MSZW", "MPVO", "MOCW"] {
        let s = step(date(2023, 10, 3), approve(r, 2));
        assert_eq!(s.state.kind(), StateKind::BijBewindspersonen);
    }
    let s = step(date(2023, 10, 4), approve("MEZK", 2));
    assert_eq!(s.state, State::Akkoord);
    // The 3 Oct deadline is missed: delivered for CWIZO 30 Oct (DOMAIN worked example 2).
    let s = step(
        date(2023, 10, 4),
        Action::Deliver {
            slot: date(2023, 10, 30),
        },
    );
    assert_eq!(
        s.state,
        State::Aangeleverd {
            slot: date(2023, 10, 30)
        }
    );
    let s = step(date(2023, 10, 30), Action::Voorportaal(Outcome::Door));
    assert_eq!(
        s.state,
        State::BijMinisterraad {
            slot: date(2023, 10, 30),
            aangehouden: 0
        }
    );
    let s = step(
        date(2023, 11, 3),
        Action::Ministerraad(MrOutcome::Aangehouden),
    );
    assert_eq!(
        s.state,
        State::BijMinisterraad {
            slot: date(2023, 10, 30),
            aangehouden: 1
        }
    );
    let s = step(
        date(2023, 11, 10),
        Action::Ministerraad(MrOutcome::Besloten),
    );
    assert_eq!(s.state, State::Besloten);
    let s = step(date(2023, 11, 13), Action::Send);
    assert_eq!(
        (&s.state, s.since, s.version),
        (&State::Verzonden, date(2023, 11, 13), 2)
    );

    let loaded = journal::load(&store, &routes, reference).unwrap();
    assert_eq!(loaded.stroom, s);
    let trail: String = loaded
        .records
        .iter()
        .map(|r| {
            format!(
                "{:>2}  {}  v{}  {}\n",
                r.seq,
                r.event.on,
                r.version,
                r.describe()
            )
        })
        .collect();
    insta::assert_snapshot!(trail);
}

// ---------------------------------------------------------------------------------------
// Laws over random command sequences
// ---------------------------------------------------------------------------------------

/// One random step, resolved against the stroom's current version when it is applied.
#[derive(Debug, Clone)]
struct Step {
    action: u8,
    /// Index into the bewindspersonen; one past the end is a stranger.
    role: usize,
    /// `None`: the current version; else this version.
    version: Option<u32>,
    /// Days after the previous command.
    advance: i64,
    /// Days from the command to the voorportaal meeting it delivers for.
    slot: i64,
    flag: bool,
}

fn step_strategy() -> impl Strategy<Value = Step> {
    let action = prop_oneof![
        1 => Just(0u8), // submit
        4 => Just(1),   // approve
        1 => Just(2),   // return
        2 => Just(3),   // deliver
        2 => Just(4),   // voorportaal
        1 => Just(5),   // needs-onderraad
        2 => Just(6),   // onderraad
        2 => Just(7),   // mr
        4 => Just(8),   // sign
        1 => Just(9),   // send
        1 => Just(10),  // withdraw
    ];
    let version = prop_oneof![3 => Just(None), 1 => (1u32..=4).prop_map(Some)];
    (
        action,
        0usize..5,
        version,
        0i64..=2,
        -3i64..=21,
        any::<bool>(),
    )
        .prop_map(|(action, role, version, advance, slot, flag)| Step {
            action,
            role,
            version,
            advance,
            slot,
            flag,
        })
}

const STRANGER: &str = "MFIN";

/// The command a step stands for, given the stroom it is applied to.
fn resolve(step: &Step, s: &Stroom, on: Date) -> Command {
    let roles: Vec<Role> = s.def.bewindspersonen().cloned().collect();
    let who = roles
        .get(step.role)
        .cloned()
        .unwrap_or_else(|| role(STRANGER));
    let version = step.version.unwrap_or(s.version);
    let outcome = if step.flag {
        Outcome::Door
    } else {
        Outcome::Terug
    };
    let action = match step.action {
        0 => Action::Submit,
        1 => Action::Approve { role: who, version },
        2 => Action::Return { role: who, version },
        3 => Action::Deliver {
            slot: on.checked_add(step.slot.days()).unwrap(),
        },
        4 => Action::Voorportaal(outcome),
        5 => Action::NeedsOnderraad(step.flag),
        6 => Action::Onderraad(outcome),
        7 => Action::Ministerraad(if step.flag {
            MrOutcome::Besloten
        } else {
            MrOutcome::Aangehouden
        }),
        8 => Action::Sign { role: who, version },
        9 => Action::Send,
        _ => Action::Withdraw,
    };
    Command { on, action }
}

/// The three routes under test: the two embedded ones and route A with approvals that
/// carry over a return.
fn test_routes() -> Routes {
    let mut routes = Routes::embedded().unwrap();
    let mut carry = routes.get("ministerraad").unwrap().clone();
    carry.name = "ministerraad-carry".into();
    carry.approvals_carry_over = true;
    routes.add(carry);
    routes
}

const ROUTE_NAMES: [&str; 3] = ["ministerraad", "ondertekening", "ministerraad-carry"];

fn def_strategy() -> impl Strategy<Value = StroomDef> {
    (0usize..3, any::<bool>()).prop_map(|(r, four)| {
        if four {
            llo(ROUTE_NAMES[r])
        } else {
            duo(ROUTE_NAMES[r])
        }
    })
}

fn steps_strategy() -> impl Strategy<Value = Vec<Step>> {
    proptest::collection::vec(step_strategy(), 0..60)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// decide/evolve never panic; an accepted command lands in a state its table row
    /// names; a refused one names the state, the command and exactly the allowed ones.
    #[test]
    fn accepted_commands_follow_the_table(def in def_strategy(), steps in steps_strategy()) {
        let routes = test_routes();
        let route = routes.get(&def.route).unwrap();
        let kind = route.kind();
        let mut on = date(2023, 10, 2);
        let mut s = Stroom::new(def, on);
        let mut returns = 0;
        for step in &steps {
            on = on.checked_add(step.advance.days()).unwrap();
            let cmd = resolve(step, &s, on);
            let from = s.state.kind();
            match stroom::decide(&s, route, &cmd) {
                Ok(events) => {
                    let row = transition(kind, from, cmd.action.kind());
                    prop_assert!(row.is_some(), "'{}' accepted in '{from}' without a table row", cmd.action.kind());
                    prop_assert_eq!(events.len(), 1);
                    prop_assert_eq!(events[0].on, cmd.on);
                    returns += u32::from(matches!(events[0].fact, Fact::Returned { .. }));
                    s = events.iter().fold(s, |s, e| stroom::evolve(s, route, e));
                    let to = s.state.kind();
                    prop_assert!(row.unwrap().to.contains(&to), "'{}' took '{from}' to '{to}'", cmd.action.kind());
                    prop_assert!(s.since <= on);
                }
                Err(r) => {
                    prop_assert_eq!((r.state, r.command, r.version), (from, cmd.action.kind(), s.version));
                    prop_assert_eq!(r.allowed, allowed(kind, from));
                }
            }
            prop_assert_eq!(s.version, 1 + returns, "every return makes exactly one new version");
        }
    }

    /// Executing through the journal on a store and loading back gives exactly the state
    /// folded in memory, and the store refuses exactly what `decide` refuses.
    #[test]
    fn stored_state_is_the_fold_of_the_events(def in def_strategy(), steps in steps_strategy()) {
        let routes = test_routes();
        let route = routes.get(&def.route).unwrap();
        let store = MemoryStore::new();
        let reference = def.reference.clone();
        let mut on = date(2023, 10, 2);
        journal::create(&store, &routes, def.clone(), on, meta("planner", 0), TODAY).unwrap();
        let mut mem = Stroom::new(def, on);
        let mut accepted = 0;
        for (i, step) in steps.iter().enumerate() {
            on = on.checked_add(step.advance.days()).unwrap();
            let mut cmd = resolve(step, &mem, on);
            // The journal also checks the input: deliver for a real meeting, return with a comment.
            if let (Action::Deliver { slot }, Some(body)) = (&mut cmd.action, route.voorportaal.as_deref()) {
                let body = calendars().body(body).unwrap();
                *slot = body.slots[body.first_meeting_from(*slot).unwrap()].meeting;
            }
            let mut m = meta("planner", i as i64 + 1);
            if matches!(cmd.action, Action::Return { .. }) {
                m.comment = Some("opmerkingen".into());
            }
            let in_memory = stroom::decide(&mem, route, &cmd);
            let stored = journal::execute(&store, &routes, calendars(), &reference, &cmd, m, TODAY);
            match (in_memory, stored) {
                (Ok(events), Ok((loaded, new))) => {
                    mem = events.iter().fold(mem, |s, e| stroom::evolve(s, route, e));
                    prop_assert_eq!(&loaded.stroom, &mem);
                    prop_assert_eq!(new.iter().map(|r| r.event.clone()).collect::<Vec<_>>(), events);
                    accepted += 1;
                }
                (Err(r), Err(Error::Rejected(stored))) => prop_assert_eq!(r, stored),
                // An unknown role is reported as bad input by the journal, with the same words.
                (Err(r), Err(Error::Input(stroom::BadInput::NotABewindspersoon { role, reference, known }))) => {
                    prop_assert_eq!(r.reason, stroom::Refusal::NotABewindspersoon { role, stroom: reference, known });
                }
                (a, b) => prop_assert!(false, "memory says {:?}, store says {:?}", a.map(|_| ()), b.map(|_| ())),
            }
        }
        let loaded = journal::load(&store, &routes, &reference).unwrap();
        prop_assert_eq!(&loaded.stroom, &mem);
        prop_assert_eq!(loaded.records.len(), 1 + accepted);
        prop_assert_eq!(replay(route, loaded.records.iter().map(|r| &r.event)).unwrap(), mem);
        let verified = journal::verify(&store, &routes).unwrap();
        prop_assert!(verified.first_bad.is_none(), "{:?}", verified.first_bad);
    }

    /// With the default routes, only agreement to the current version counts: every role
    /// in `akkoord` agreed last to the current version, a return empties the set, and
    /// akkoord (route A) means every bewindspersoon agreed to the current version.
    #[test]
    fn approvals_of_an_old_version_never_count(
        def in (0usize..2, any::<bool>()).prop_map(|(r, four)| if four { llo(ROUTE_NAMES[r]) } else { duo(ROUTE_NAMES[r]) }),
        steps in steps_strategy(),
    ) {
        let routes = test_routes();
        let route = routes.get(&def.route).unwrap();
        prop_assert!(!route.approvals_carry_over);
        let mut on = date(2023, 10, 2);
        let mut s = Stroom::new(def, on);
        let mut latest: BTreeMap<Role, u32> = BTreeMap::new();
        for step in &steps {
            on = on.checked_add(step.advance.days()).unwrap();
            let cmd = resolve(step, &s, on);
            let Ok(events) = stroom::decide(&s, route, &cmd) else { continue };
            for e in &events {
                s = stroom::evolve(s, route, e);
                match &e.fact {
                    Fact::Approved { role, version } | Fact::Signed { role, version } => {
                        latest.insert(role.clone(), *version);
                    }
                    Fact::Returned { .. } => {
                        prop_assert_eq!(
                            &s.state,
                            &State::BijBewindspersonen { akkoord: BTreeSet::new(), na_retour: true }
                        );
                    }
                    _ => {}
                }
            }
            match &s.state {
                State::BijBewindspersonen { akkoord, .. } => {
                    for r in akkoord {
                        prop_assert_eq!(latest.get(r), Some(&s.version), "{} counts without agreeing to v{}", r, s.version);
                    }
                }
                State::Akkoord | State::Ondertekend => {
                    for r in s.def.bewindspersonen() {
                        prop_assert_eq!(latest.get(r), Some(&s.version), "{} never agreed to v{}", r, s.version);
                    }
                }
                _ => {}
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
