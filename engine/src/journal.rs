//! Commands against a store: load and verify a stroom, decide, seal, append atomically.
//! Also verification of the whole database, export and import.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::audit::{verify_chain, BadEvent, Broken, Meta, Record};
use crate::calendar::Calendars;
use crate::error::{Error, StoreError};
use crate::input::{check_date, check_def, check_meta, BadInput, DateField, TextField};
use crate::machine::{
    check_history, decide, effective, evolve, replay, replay_owned, Action, Command, Correction,
    Event, Fact, Stroom,
};
use crate::route::{Route, Routes};
use crate::sign::PublicKey;
use crate::store::Store;
use crate::stroom::StroomDef;

/// A stroom's state with the trail it was folded from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The state: the fold of `records`.
    pub stroom: Stroom,
    /// The verified audit trail.
    pub records: Vec<Record>,
    /// The route its history is read under: the one stored at `new` ([`route_of`]).
    pub route: Route,
}

/// The route a stroom's history is read under: the definition stored in its first record
/// at `new`, so that a later route file cannot change what the history meant; for a stroom
/// registered before routes were stored, the current definition of its route's name.
///
/// # Errors
/// An empty trail, or an unknown route for a stroom without a stored one.
pub fn route_of<'a>(records: &'a [Record], routes: &'a Routes) -> Result<&'a Route, Error> {
    let first = records.first();
    if let Some(stored) = first.and_then(|r| r.route.as_ref()) {
        return Ok(&stored.definition);
    }
    match first.map(|r| &r.event.fact) {
        Some(Fact::Created { stroom }) => routes.get(&stroom.route),
        _ => Err(StoreError::Corrupt(crate::error::Corruption::TrailWithoutCreation).into()),
    }
}

/// A stroom's state without its records: what a command that reads every stroom needs
/// (the portfolio), read with [`load_current`].
#[derive(Debug, Clone)]
pub struct Current {
    /// The state: the fold of its verified trail.
    pub stroom: Stroom,
    /// The route its history is read under: the one stored at `new` ([`route_of`]).
    pub route: std::sync::Arc<Route>,
    /// When its first record was recorded.
    pub registered_at: jiff::Timestamp,
}

/// Loads one stroom's state as [`load`] does (the same checks: chain, hashes, stored route,
/// replay), without keeping its records ([`Store::load_trail`]).
///
/// # Errors
/// As [`load`].
pub fn load_current(store: &dyn Store, routes: &Routes, reference: &str) -> Result<Current, Error> {
    let trail = store.load_trail(reference)?.map_err(|b| tampered(&b))?;
    let Some(first) = trail.events.first() else {
        return Err(not_found(store, reference));
    };
    let route = match trail.route {
        Some(route) => route,
        None => match &first.fact {
            Fact::Created { stroom } => std::sync::Arc::new(routes.get(&stroom.route)?.clone()),
            _ => {
                return Err(
                    StoreError::Corrupt(crate::error::Corruption::TrailWithoutCreation).into(),
                )
            }
        },
    };
    let stroom = replay_owned(&route, trail.events).map_err(StoreError::Corrupt)?;
    Ok(Current {
        stroom,
        route,
        registered_at: trail.registered_at,
    })
}

/// The routes to plan stored strooms with: every route of `routes` (the current
/// definitions, whose estimates `plan REF` uses too), plus, for a route name `routes` does
/// not know (a route file changed or not given), the definition stored with the strooms at
/// `new` (the most recently registered one's), so that a stroom never becomes unplannable,
/// or planned under another route, because of the route files of the day.
pub fn planning_routes(loaded: &[Loaded], routes: &Routes) -> Routes {
    planning_routes_of(
        loaded.iter().map(|l| {
            (
                l.stroom.def.route.as_str(),
                l.records.first().map(|r| r.recorded_at),
                &l.route,
            )
        }),
        routes,
    )
}

/// [`planning_routes`] for strooms read with [`load_current`].
pub fn planning_routes_current(current: &[Current], routes: &Routes) -> Routes {
    planning_routes_of(
        current.iter().map(|c| {
            (
                c.stroom.def.route.as_str(),
                Some(c.registered_at),
                &*c.route,
            )
        }),
        routes,
    )
}

/// [`planning_routes`] of (route name, when registered, route stored at `new`) per stroom.
fn planning_routes_of<'a>(
    strooms: impl Iterator<Item = (&'a str, Option<jiff::Timestamp>, &'a Route)>,
    routes: &Routes,
) -> Routes {
    let mut out = routes.clone();
    let mut newest: BTreeMap<&str, (Option<jiff::Timestamp>, &Route)> = BTreeMap::new();
    for (name, at, stored) in strooms {
        if routes.get(name).is_err() {
            let e = newest.entry(name).or_insert((at, stored));
            if at > e.0 {
                *e = (at, stored);
            }
        }
    }
    for (name, (_, stored)) in newest {
        let mut route = stored.clone();
        route.name = name.to_string();
        out.add(route);
    }
    out
}

/// Checks every event of a trail is one the state machine would have recorded from the
/// state before it, under `route`, corrections applied.
///
/// # Errors
/// The first event that breaks a rule, named by its position in the trail.
pub fn replay_check(stroom: &str, route: &Route, records: &[Record]) -> Result<(), BadEvent> {
    let mut fixes: BTreeMap<u64, &Correction> = BTreeMap::new();
    for r in records {
        if let Fact::Corrected { event, correction } = &r.event.fact {
            fixes.insert(*event, correction);
        }
    }
    let mut history: Vec<(u64, Event)> = Vec::with_capacity(records.len());
    for r in records {
        if matches!(r.event.fact, Fact::Corrected { .. }) {
            continue;
        }
        match fixes.get(&r.seq) {
            Some(Correction::Void) => {}
            Some(Correction::Date { on }) => history.push((
                r.seq,
                Event {
                    on: *on,
                    fact: r.event.fact.clone(),
                },
            )),
            None => history.push((r.seq, r.event.clone())),
        }
    }
    let bad = |seq: u64, broken: Broken| BadEvent::new(stroom, seq, broken);
    let Some((
        _,
        Event {
            on,
            fact: Fact::Created { stroom: def },
        },
    )) = history.first()
    else {
        return Err(bad(1, Broken::FirstNotCreation));
    };
    let start = Stroom::new((**def).clone(), *on);
    let events: Vec<Event> = history[1..].iter().map(|(_, e)| e.clone()).collect();
    check_history(route, start, &events)
        .map(|_| ())
        .map_err(|(i, rejection)| {
            let (seq, e) = &history[i + 1];
            let what = records
                .iter()
                .find(|r| r.seq == *seq)
                .map_or_else(String::new, Record::describe);
            bad(
                *seq,
                Broken::NotRecordable {
                    what,
                    on: e.on,
                    route: route.name.clone(),
                    rejection: Box::new(rejection),
                },
            )
        })
}

fn not_found(store: &dyn Store, reference: &str) -> Error {
    match store.references() {
        Ok(known) => Error::NotFound {
            what: crate::error::Thing::Stroom,
            name: reference.to_string(),
            known,
        },
        // Listing the strooms failed (a disk that does not answer, a damaged anchor): that
        // is the news, not a database without strooms.
        Err(e) => e.into(),
    }
}

/// Loads one stroom, verifying its chain first: a tampered stroom is never acted on.
///
/// # Errors
/// An unknown reference, a chain that does not verify, or a store failure.
pub fn load(store: &dyn Store, routes: &Routes, reference: &str) -> Result<Loaded, Error> {
    let records = store.load_verified(reference)?.map_err(|b| tampered(&b))?;
    if records.is_empty() {
        return Err(not_found(store, reference));
    }
    let route = route_of(&records, routes)?.clone();
    let stroom = replay(&route, records.iter().map(|r| &r.event)).map_err(StoreError::Corrupt)?;
    Ok(Loaded {
        stroom,
        records,
        route,
    })
}

fn tampered(b: &BadEvent) -> Error {
    Error::Tampered {
        bad: Box::new(b.clone()),
        found: crate::error::Found::Stored,
    }
}

/// Registers a new stroom, created `on` (not before 2000, not after `today`).
///
/// # Errors
/// An invalid definition or date ([`BadInput`]), an unknown route, a taken reference, or
/// a store failure.
pub fn create(
    store: &dyn Store,
    routes: &Routes,
    def: StroomDef,
    on: Date,
    meta: Meta,
    today: Date,
) -> Result<Loaded, Error> {
    def.validate()?;
    check_date(DateField::On, on, today)?;
    check_def(&def, on)?;
    check_meta(&meta)?;
    let route = routes.get(&def.route)?.clone();
    if store.head(&def.reference)?.is_some() {
        return Err(StoreError::Exists {
            reference: def.reference.clone(),
        }
        .into());
    }
    let reference = def.reference.clone();
    let stroom = Stroom::new(def.clone(), on);
    let event = Event {
        on,
        fact: Fact::Created {
            stroom: Box::new(def),
        },
    };
    // The route is stored with the stroom: its history keeps the meaning it had.
    let record = Record::seal(&reference, None, event, 1, meta).with_route(&route);
    store.append(&[(&reference, std::slice::from_ref(&record))])?;
    tracing::debug!(stroom = %reference, hash = crate::audit::short(&record.hash), "created");
    Ok(Loaded {
        stroom,
        records: vec![record],
        route,
    })
}

/// Executes one command: check, load, decide, seal, append; all or nothing.
///
/// Every rule about the input is checked here, before the state machine: the date lies
/// between 2000 and `today`, on or after the stroom's creation and its last event (the
/// trail is in date order); a role is one of the stroom's bewindspersonen; a delivered
/// slot is a meeting of the route's voorportaal in `calendars`; a return carries a
/// comment; actor and comment are one line of sane length.
///
/// # Errors
/// An unknown stroom, [`BadInput`], a [`crate::Rejection`], a conflict with a concurrent
/// writer, or a store failure. Nothing is written on error.
pub fn execute(
    store: &dyn Store,
    routes: &Routes,
    calendars: &Calendars,
    reference: &str,
    cmd: &Command,
    meta: Meta,
    today: Date,
) -> Result<(Loaded, Vec<Record>), Error> {
    check_meta(&meta)?;
    check_date(DateField::On, cmd.on, today)?;
    let Loaded {
        stroom,
        mut records,
        route,
    } = load(store, routes, reference)?;
    check_command(&stroom, &route, calendars, &records, cmd, &meta)?;
    let events = decide(&stroom, &route, cmd)?;
    let version = match &cmd.action {
        Action::Approve { version, .. }
        | Action::Return { version, .. }
        | Action::Sign { version, .. } => *version,
        _ => stroom.version,
    };
    let mut new = Vec::with_capacity(events.len());
    let mut state = stroom;
    for e in events {
        let record = Record::seal(
            reference,
            new.last().or(records.last()),
            e,
            version,
            meta.clone(),
        );
        state = evolve(state, &route, &record.event);
        new.push(record);
    }
    store.append(&[(reference, &new)])?;
    for r in &new {
        tracing::debug!(
            stroom = reference,
            seq = r.seq,
            hash = crate::audit::short(&r.hash),
            "appended"
        );
    }
    records.extend(new.iter().cloned());
    Ok((
        Loaded {
            stroom: state,
            records,
            route,
        },
        new,
    ))
}

/// Corrects event `event` of a stroom's trail (another date, or void) by appending a
/// correction record: the trail stays append-only, and state, plans and the log read the
/// corrected history. `meta.comment` is the reason (required); `meta.role` must be the role the
/// event was recorded for, as the original command required. The corrected history must still
/// follow the state machine's rules, event by event.
///
/// # Errors
/// Bad input (no reason, an unknown event, the creation, a correction, another role, a date
/// after today), a corrected history the state machine would not have accepted, or a store
/// failure.
#[allow(clippy::too_many_arguments)]
pub fn correct(
    store: &dyn Store,
    routes: &Routes,
    reference: &str,
    event: u64,
    correction: Correction,
    meta: Meta,
    today: Date,
) -> Result<(Loaded, Vec<Record>), Error> {
    check_meta(&meta)?;
    let stroom_name = || reference.to_string();
    if meta.comment.as_deref().is_none_or(|c| c.trim().is_empty()) {
        return Err(BadInput::CorrectionWithoutReason {
            stroom: stroom_name(),
            event,
        }
        .into());
    }
    if let Correction::Date { on } = correction {
        check_date(DateField::On, on, today)?;
    }
    let Loaded {
        stroom,
        mut records,
        route,
    } = load(store, routes, reference)?;
    let last = records.last().map_or(0, |r| r.seq);
    let Some(original) = records.iter().find(|r| r.seq == event) else {
        return Err(BadInput::NoSuchEvent {
            stroom: stroom_name(),
            event,
            last,
        }
        .into());
    };
    match &original.event.fact {
        Fact::Created { .. } => {
            return Err(BadInput::CorrectsRegistration {
                stroom: stroom_name(),
                event,
            }
            .into())
        }
        Fact::Corrected { event: fixed, .. } => {
            return Err(BadInput::CorrectsCorrection {
                stroom: stroom_name(),
                event,
                corrected: *fixed,
            }
            .into())
        }
        _ => {}
    }
    // A correction is authorized like the command it corrects: an approval, return or
    // signature by the same bewindspersoon's role; any other event (a planner's act) by no
    // role, so that a role cannot put its name to a correction of what it did not record.
    if let (None, Some(role)) = (&original.role, &meta.role) {
        return Err(BadInput::CorrectionWithRole {
            stroom: stroom_name(),
            event,
            role: role.clone(),
        }
        .into());
    }
    if original.role.is_some() && original.role != meta.role {
        if let Some(role) = original.role.clone() {
            return Err(BadInput::CorrectionForAnotherRole {
                stroom: stroom_name(),
                event,
                role,
            }
            .into());
        }
    }
    let fact = Fact::Corrected { event, correction };
    let new_event = Event { on: today, fact };
    let history = effective(
        records
            .iter()
            .map(|r| &r.event)
            .chain(std::iter::once(&new_event)),
    );
    let Fact::Created { stroom: def } = &records[0].event.fact else {
        unreachable!("load verified the first event is the creation")
    };
    let start = Stroom::new((**def).clone(), records[0].event.on);
    let state = check_history(&route, start, &history[1..]).map_err(|(i, rejection)| {
        let e = &history[i + 1];
        Error::Input(BadInput::CorrectionBreaksRule {
            stroom: stroom_name(),
            command: crate::machine::action_of(&e.fact).map(|a| a.kind()),
            on: e.on,
            rejection: Box::new(rejection),
        })
    })?;
    let record = Record::seal(reference, records.last(), new_event, stroom.version, meta);
    store.append(&[(reference, std::slice::from_ref(&record))])?;
    tracing::debug!(
        stroom = reference,
        seq = record.seq,
        corrects = event,
        "corrected"
    );
    records.push(record.clone());
    Ok((
        Loaded {
            stroom: state,
            records,
            route,
        },
        vec![record],
    ))
}

/// The rules about one command's input that need the stroom: see [`execute`].
fn check_command(
    stroom: &Stroom,
    route: &Route,
    calendars: &Calendars,
    records: &[Record],
    cmd: &Command,
    meta: &Meta,
) -> Result<(), Error> {
    let reference = &stroom.def.reference;
    let allowed_now =
        crate::machine::transition(route.kind(), stroom.state.kind(), cmd.action.kind()).is_some();
    if !allowed_now {
        // The state machine's answer (what is allowed instead) says more than any rule here.
        return Ok(());
    }
    let created = records.first().map_or(cmd.on, |r| r.event.on);
    if cmd.on < created {
        return Err(BadInput::BeforeCreation {
            reference: reference.clone(),
            date: cmd.on,
            created,
        }
        .into());
    }
    if let Some(last) = records.last() {
        if cmd.on < last.event.on {
            return Err(BadInput::BeforePrevious {
                reference: reference.clone(),
                date: cmd.on,
                seq: last.seq,
                previous: last.event.on,
            }
            .into());
        }
    }
    // A role that is not one of the stroom's bewindspersonen is bad input, not a refused
    // transition: say so before asking the state machine.
    let acting = match &cmd.action {
        Action::Approve { role, .. } | Action::Return { role, .. } | Action::Sign { role, .. } => {
            Some(role)
        }
        _ => None,
    };
    for role in acting.into_iter().chain(meta.role.as_ref()) {
        if !stroom.def.requires(role) {
            return Err(BadInput::NotABewindspersoon {
                role: role.clone(),
                reference: reference.clone(),
                known: stroom.def.bewindspersonen().cloned().collect(),
            }
            .into());
        }
    }
    if matches!(cmd.action, Action::Return { .. })
        && meta.comment.as_deref().is_none_or(|c| c.trim().is_empty())
    {
        return Err(BadInput::Empty {
            field: TextField::Comment,
        }
        .into());
    }
    if let (Action::Deliver { slot }, Some(body)) = (&cmd.action, route.voorportaal.as_deref()) {
        let body = calendars.body(body)?;
        if body.slot_on(*slot).is_none() {
            let i = body.slots.partition_point(|s| s.meeting < *slot);
            return Err(BadInput::NotAMeeting {
                slot: *slot,
                body: body.name.clone(),
                before: i.checked_sub(1).map(|i| body.slots[i].meeting),
                after: body.slots.get(i).map(|s| s.meeting),
            }
            .into());
        }
    }
    Ok(())
}

/// The outcome of verifying a database (`stroom verify --format json`, `GET /api/verify`;
/// kebab-case keys).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Verification {
    /// The keys signatures were checked against: the trusted keys given, else the
    /// database's own key (none before its first write with signing).
    pub keys: Vec<KeyInfo>,
    /// Whether `keys` are keys the caller trusts (`--trust`), rather than the key the
    /// database names itself.
    pub trusted: bool,
    /// Per stroom: its reference, event count and head hash.
    pub strooms: Vec<ChainSummary>,
    /// Events signed by keys other than `keys` (e.g. imported from another database), by key.
    pub other_keys: Vec<OtherKey>,
    /// Events signed by this database's earlier keys, given up by `stroom key --rotate`
    /// (without `--trust`; with it, a key the trusted one endorsed counts as trusted).
    pub previous_keys: Vec<PreviousKey>,
    /// The first bad event, if any.
    pub first_bad: Option<BadEvent>,
}

/// A public key as people compare it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct KeyInfo {
    /// The key, hex.
    pub public_key: String,
    /// SHA-256 of the key, hex in groups of four.
    pub fingerprint: String,
}

impl From<&PublicKey> for KeyInfo {
    fn from(k: &PublicKey) -> KeyInfo {
        KeyInfo {
            public_key: k.hex(),
            fingerprint: k.fingerprint(),
        }
    }
}

/// A key that signed some events, other than the ones checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtherKey {
    /// The key.
    #[serde(flatten)]
    pub key: KeyInfo,
    /// How many events it signed.
    pub events: u64,
}

/// An earlier key of this database, and how it was given up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct PreviousKey {
    /// The key.
    #[serde(flatten)]
    pub key: KeyInfo,
    /// How many events it signed.
    pub events: u64,
    /// When it was rotated.
    pub rotated_at: jiff::Timestamp,
    /// Whether it endorsed the key that followed it (false: its secret was lost, and the
    /// rotation is only as trustworthy as the database directory).
    pub endorsed: bool,
}

/// One verified chain.
#[derive(Debug, Clone, Serialize)]
pub struct ChainSummary {
    /// The stroom.
    pub stroom: String,
    /// How many events it holds.
    pub events: u64,
    /// The hash of its last event.
    pub head: String,
    /// Events signed by the key(s) checked against.
    pub signed: u64,
    /// Events from before signing.
    pub unsigned: u64,
}

/// Recomputes every chain, and checks each against its stored head (so that dropping
/// the last events shows too), its signatures against the database's own key, and that it
/// folds into a state.
///
/// # Errors
/// A store failure; a bad chain is reported in [`Verification::first_bad`].
pub fn verify(store: &dyn Store, routes: &Routes) -> Result<Verification, Error> {
    verify_trusting(store, routes, &[])
}

/// [`verify`], with every signature checked against `trust` when it is not empty: then
/// every event must be signed by one of those keys.
///
/// # Errors
/// A store failure; a bad chain is reported in [`Verification::first_bad`].
pub fn verify_trusting(
    store: &dyn Store,
    routes: &Routes,
    trust: &[PublicKey],
) -> Result<Verification, Error> {
    let own = store.public_key();
    let rotations = store.rotations();
    // A trusted key extends to the keys it endorsed when it was rotated.
    let trust = &crate::sign::trusted_through(trust, &rotations)[..];
    let mut out = Verification {
        keys: if trust.is_empty() {
            own.iter().map(KeyInfo::from).collect()
        } else {
            trust.iter().map(KeyInfo::from).collect()
        },
        trusted: !trust.is_empty(),
        strooms: Vec::new(),
        other_keys: Vec::new(),
        previous_keys: Vec::new(),
        first_bad: None,
    };
    let mut others: BTreeMap<String, u64> = BTreeMap::new();
    for reference in store.references()? {
        let records = match store.load(&reference) {
            Ok(r) => r,
            Err(StoreError::Corrupt(corruption)) => {
                out.first_bad = Some(BadEvent::new(
                    &reference,
                    0,
                    Broken::Unreadable {
                        corruption: Box::new(corruption),
                    },
                ));
                return Ok(out);
            }
            Err(StoreError::Diverged {
                seq, divergence, ..
            }) => {
                out.first_bad = Some(BadEvent::new(
                    &reference,
                    seq,
                    Broken::Diverged { divergence },
                ));
                return Ok(out);
            }
            Err(e) => return Err(e.into()),
        };
        if let Err(bad) = verify_chain(&reference, &records) {
            out.first_bad = Some(bad);
            return Ok(out);
        }
        let head = store.head(&reference)?;
        let last = records.last();
        let consistent = match (&head, last) {
            (Some(h), Some(l)) => h.seq == l.seq && h.hash == l.hash,
            _ => false,
        };
        if !consistent {
            let (last_seq, head_seq) = (
                last.map_or(0, |l| l.seq),
                head.as_ref().map_or(0, |h| h.seq),
            );
            out.first_bad = Some(if head_seq > last_seq {
                BadEvent::new(
                    &reference,
                    last_seq + 1,
                    Broken::Removed {
                        last: last_seq,
                        head: head_seq,
                    },
                )
            } else {
                BadEvent::new(&reference, last_seq, Broken::HeadDiffers { head: head_seq })
            });
            return Ok(out);
        }
        // Replay under the route stored at `new`: every event must be one the state
        // machine would have recorded from the state before it.
        // (A stroom from before routes were stored, whose route is no longer known, is
        // not replayed: loading it names the missing route.)
        let replayed = match route_of(&records, routes) {
            Ok(route) => replay_check(&reference, route, &records),
            Err(_) => Ok(()),
        };
        if let Err(bad) = replayed {
            out.first_bad = Some(bad);
            return Ok(out);
        }
        let signatures = match crate::sign::check_chain(&reference, &records, trust, own.as_ref()) {
            Ok(s) => s,
            Err(bad) => {
                out.first_bad = Some(bad);
                return Ok(out);
            }
        };
        for (key, n) in signatures.other_keys {
            *others.entry(key).or_default() += n;
        }
        let Some(l) = last else {
            continue; // not reached: a chain without records fails the head check
        };
        tracing::debug!(stroom = %reference, events = l.seq, "chain verified");
        out.strooms.push(ChainSummary {
            stroom: reference,
            events: l.seq,
            head: l.hash.clone(),
            signed: signatures.signed,
            unsigned: signatures.unsigned,
        });
    }
    for (hex, events) in others {
        let Ok(key) = PublicKey::parse(&hex) else {
            continue;
        };
        // The last rotation that gave this key up.
        match rotations.iter().rev().find(|r| r.previous == hex) {
            Some(r) => out.previous_keys.push(PreviousKey {
                key: KeyInfo::from(&key),
                events,
                rotated_at: r.at,
                endorsed: r.endorsed(),
            }),
            None => out.other_keys.push(OtherKey {
                key: KeyInfo::from(&key),
                events,
            }),
        }
    }
    Ok(out)
}

/// Every record of every stroom, stroom by stroom, in order.
///
/// # Errors
/// A store failure.
pub fn export(store: &dyn Store) -> Result<Vec<Record>, Error> {
    Ok(export_chains(store)?
        .into_iter()
        .flat_map(|(_, r)| r)
        .collect())
}

/// Every stroom's records, in order, strooms sorted by reference.
///
/// # Errors
/// A store failure.
pub fn export_chains(store: &dyn Store) -> Result<Vec<(String, Vec<Record>)>, Error> {
    let mut all = Vec::new();
    for reference in store.references()? {
        let records = store.load(&reference)?;
        all.push((reference, records));
    }
    Ok(all)
}

/// The export file ([`crate::export`]): header with every stroom's head, the records, and
/// the trailer with counts and digest.
///
/// # Errors
/// A store failure.
pub fn export_text(store: &dyn Store) -> Result<String, Error> {
    let chains = export_chains(store)?;
    crate::export::write(&chains).map_err(|e| {
        Error::Store(StoreError::Corrupt(
            crate::error::Corruption::RecordDoesNotEncode {
                detail: e.to_string(),
            },
        ))
    })
}

/// Restores an export into an empty store, all or nothing, after verifying every chain.
///
/// # Errors
/// A non-empty store, a chain that does not verify, or a store failure.
pub fn import(
    store: &dyn Store,
    routes: &Routes,
    store_path: &str,
    records: Vec<Record>,
) -> Result<usize, Error> {
    import_trusting(store, routes, store_path, records, &[])
}

/// What [`import_trusting`] checks before it writes a byte, for a caller that wants to refuse
/// an export before it opens (and so creates) a database: every chain links and hashes, every
/// signature verifies (against `trust` when given, else against `own`), and every trail
/// replays under the route stored with it. Returns the records grouped per stroom.
///
/// # Errors
/// The first stroom and event that fails, as [`StoreError::Corrupt`].
pub fn check_import(
    routes: &Routes,
    records: Vec<Record>,
    trust: &[PublicKey],
    own: Option<&PublicKey>,
) -> Result<BTreeMap<String, Vec<Record>>, Error> {
    let mut chains: BTreeMap<String, Vec<Record>> = BTreeMap::new();
    for r in records {
        chains.entry(r.stroom.clone()).or_default().push(r);
    }
    for (reference, chain) in &chains {
        verify_chain(reference, chain)
            .and_then(|()| crate::sign::check_chain(reference, chain, trust, own).map(|_| ()))
            .map_err(|bad| Error::Tampered {
                bad: Box::new(bad),
                found: crate::error::Found::Import,
            })?;
        // Replayed as `verify` does, under the route stored at `new` (a trail from before
        // routes were stored, on a route no longer known, is not replayed, as in verify):
        // a well-chained history the state machine would never have recorded is refused.
        if let Ok(route) = route_of(chain, routes) {
            replay_check(reference, route, chain).map_err(|bad| Error::Tampered {
                bad: Box::new(bad),
                found: crate::error::Found::ImportReplay,
            })?;
        }
    }
    Ok(chains)
}

/// [`import`], refusing any event not signed by one of `trust` (when not empty). Every
/// signature must verify in any case. The records keep the signatures they carry: the
/// importing database does not sign them.
///
/// # Errors
/// A non-empty store, a chain or signature that does not verify, or a store failure.
pub fn import_trusting(
    store: &dyn Store,
    routes: &Routes,
    store_path: &str,
    records: Vec<Record>,
    trust: &[PublicKey],
) -> Result<usize, Error> {
    refuse_non_empty(store, store_path)?;
    let chains = check_import(routes, records, trust, store.public_key().as_ref())?;
    import_checked(store, store_path, &chains)
}

/// Writes chains that [`check_import`] returned into an empty store, all or nothing.
///
/// # Errors
/// A non-empty store, or a store failure.
pub fn import_checked(
    store: &dyn Store,
    store_path: &str,
    chains: &BTreeMap<String, Vec<Record>>,
) -> Result<usize, Error> {
    refuse_non_empty(store, store_path)?;
    let batches: Vec<(&str, &[Record])> = chains
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_slice()))
        .collect();
    store.restore(&batches)?;
    Ok(chains.len())
}

fn refuse_non_empty(store: &dyn Store, store_path: &str) -> Result<(), Error> {
    let existing = store.references()?;
    if existing.is_empty() {
        return Ok(());
    }
    Err(StoreError::NotEmpty {
        path: store_path.to_string(),
        count: existing.len(),
    }
    .into())
}
