//! The portfolio: every open stroom with its earliest Kamer date, target, slack and risk.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::calendar::Calendars;
use crate::error::Error;
use crate::journal::{self, Current, Loaded};
use crate::machine::{StateKind, Stroom};
use crate::planner::{Planner, Request, Standing};
use crate::route::Routes;
use crate::simulate::{self, Model};
use crate::store::Store;

/// How a stroom stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Risk {
    /// The planner could not plan it (the reason is in the entry).
    Unknown,
    /// The earliest send date is after the latest one.
    Late,
    /// In time, with less slack than the threshold.
    AtRisk,
    /// In time with room to spare.
    OnTrack,
    /// No target to measure against.
    NoTarget,
}

impl Risk {
    /// The label people read.
    pub fn label(self) -> &'static str {
        match self {
            Risk::Unknown => "unknown",
            Risk::Late => "late",
            Risk::AtRisk => "at risk",
            Risk::OnTrack => "on track",
            Risk::NoTarget => "no target",
        }
    }
}

/// One open stroom in the portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Entry {
    /// Its reference.
    pub reference: String,
    /// Its title.
    pub title: String,
    /// Its route.
    pub route: String,
    /// Where it stands.
    pub state: StateKind,
    /// The earliest send date.
    #[serde(with = "crate::dates::option")]
    pub kamer: Option<Date>,
    /// Its target, when it has one.
    pub target: Option<crate::stroom::Target>,
    /// The latest send date that meets its target.
    #[serde(with = "crate::dates::option")]
    pub send_by: Option<Date>,
    /// How it stands against its target: met with slack (werkdagen the next event, the
    /// ready date while approvals are outstanding, can slip), or late.
    pub standing: Option<Standing>,
    /// The risk label.
    pub risk: Risk,
    /// Probability of meeting the target (with a Monte Carlo run).
    pub p_target: Option<f64>,
    /// Why it could not be planned.
    pub error: Option<String>,
}

impl Entry {
    /// Slack in werkdagen (negative: werkdagen late), when it has a target.
    pub fn slack(&self) -> Option<i32> {
        self.standing.map(Standing::signed)
    }
}

/// Plans every open stroom and sorts by risk, then slack, then reference.
/// `at_risk` is the slack (werkdagen) below which an in-time stroom is "at risk".
pub fn portfolio(
    strooms: &[Stroom],
    routes: &Routes,
    cal: &Calendars,
    today: Date,
    at_risk: i32,
) -> Vec<Entry> {
    portfolio_on(strooms, routes, cal, today, at_risk, 1)
}

/// [`portfolio`], planning on `threads` threads (each plans a share of the strooms; the
/// result is the same).
pub fn portfolio_on(
    strooms: &[Stroom],
    routes: &Routes,
    cal: &Calendars,
    today: Date,
    at_risk: i32,
    threads: usize,
) -> Vec<Entry> {
    let plan = |part: &[Stroom]| -> Vec<Entry> {
        part.iter()
            .filter(|s| !s.state.kind().is_terminal())
            .map(|s| entry(s, routes, cal, today, at_risk))
            .collect()
    };
    let threads = threads.clamp(1, 64);
    let out: Vec<Entry> = if threads == 1 || strooms.len() < 256 {
        plan(strooms)
    } else {
        let plan = &plan;
        std::thread::scope(|scope| {
            let handles: Vec<_> = strooms
                .chunks(strooms.len().div_ceil(threads))
                .map(|part| scope.spawn(move || plan(part)))
                .collect();
            // The first part grows to hold the rest, as in [`each_on`].
            let mut out: Vec<Entry> = Vec::new();
            for h in handles {
                match h.join() {
                    Ok(part) if out.is_empty() => out = part,
                    Ok(part) => out.extend(part),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            out
        })
    };
    sort(out)
}

/// The entries by risk, then slack, then reference. The keys are sorted with the entries'
/// positions, and the entries moved once into that order: sorting the entries themselves
/// moved each (a few hundred bytes) at every step, 20 M instructions for 10,000 of them.
/// References are unique, so the order is total and the same as a stable sort's.
fn sort(entries: Vec<Entry>) -> Vec<Entry> {
    let mut order: Vec<(Risk, Option<i32>, usize)> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.risk, e.standing.map(Standing::signed), i))
        .collect();
    // Compared by reference, not a key with a copy of it: a copy per comparison cost as
    // much as planning.
    order.sort_unstable_by(|a, b| {
        (a.0, a.1, &entries[a.2].reference, a.2).cmp(&(b.0, b.1, &entries[b.2].reference, b.2))
    });
    let mut slots: Vec<Option<Entry>> = entries.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|(_, _, i)| slots.get_mut(i).and_then(Option::take))
        .collect()
}

fn entry(s: &Stroom, routes: &Routes, cal: &Calendars, today: Date, at_risk: i32) -> Entry {
    let mut e = Entry {
        reference: s.def.reference.clone(),
        title: s.def.title.clone(),
        route: s.def.route.clone(),
        state: s.state.kind(),
        kamer: None,
        target: s.def.target,
        send_by: None,
        standing: None,
        risk: Risk::Unknown,
        p_target: None,
        error: None,
    };
    let planned = (|| -> Result<(Date, Option<(Date, Standing)>), Error> {
        let route = routes.get(&s.def.route)?;
        let planner = Planner::new(route, cal)?;
        let req = Request::for_stroom(s, today)?;
        let kamer = planner.dates(&req)?.kamer;
        let target = match &req.target {
            Some(t) => {
                let (by, _) = planner.send_by(t)?;
                Some((by, planner.standing(&req, kamer, by)?))
            }
            None => None,
        };
        Ok((kamer, target))
    })();
    match planned {
        Ok((kamer, target)) => {
            e.kamer = Some(kamer);
            e.risk = match target {
                None => Risk::NoTarget,
                Some((by, standing)) => {
                    e.send_by = Some(by);
                    e.standing = Some(standing);
                    match standing {
                        Standing::Late { .. } => Risk::Late,
                        Standing::Met { slack } if i64::from(slack) < i64::from(at_risk) => {
                            Risk::AtRisk
                        }
                        Standing::Met { .. } => Risk::OnTrack,
                    }
                }
            };
        }
        Err(err) => {
            e.error = Some(
                err.to_string()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            )
        }
    }
    e
}

/// Every stored stroom with its verified trail, in reference order: the one loop every
/// front end needs (portfolio, agenda, learning durations).
///
/// # Errors
/// A store failure, or a trail that does not verify.
pub fn load_all(store: &dyn Store, routes: &Routes) -> Result<Vec<Loaded>, Error> {
    store
        .references()?
        .iter()
        .map(|reference| journal::load(store, routes, reference))
        .collect()
}

/// [`load_all`] on `threads` threads (each loads and checks a share of the strooms; the
/// result is in reference order as ever).
///
/// # Errors
/// A store failure, or a trail that does not verify (the first in reference order).
pub fn load_all_on(
    store: &(dyn Store + Sync),
    routes: &Routes,
    threads: usize,
) -> Result<Vec<Loaded>, Error> {
    each_on(store, threads, |reference| {
        journal::load(store, routes, reference)
    })
}

/// Every stored stroom's state, in reference order, read on `threads` threads without
/// keeping the records ([`journal::load_current`]: the same checks as [`load_all`]).
///
/// # Errors
/// A store failure, or a trail that does not verify (the first in reference order).
pub fn load_current_on(
    store: &(dyn Store + Sync),
    routes: &Routes,
    threads: usize,
) -> Result<Vec<Current>, Error> {
    each_on(store, threads, |reference| {
        journal::load_current(store, routes, reference)
    })
}

/// `load` of every stored stroom, in reference order, on `threads` threads (each takes a
/// share of the references).
fn each_on<T: Send>(
    store: &(dyn Store + Sync),
    threads: usize,
    load: impl Fn(&str) -> Result<T, Error> + Sync,
) -> Result<Vec<T>, Error> {
    let references = store.references()?;
    let threads = threads.clamp(1, 64);
    if threads == 1 || references.len() < 256 {
        return references.iter().map(|r| load(r)).collect();
    }
    let chunk = references.len().div_ceil(threads);
    let load = &load;
    let parts: Vec<Result<Vec<T>, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = references
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|r| load(r))
                        .collect::<Result<Vec<_>, Error>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(r) => r,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    // The first part grows to hold the rest (a large block grows in place or is remapped,
    // not copied): collecting every part into a new vector copied each state once more.
    let mut parts = parts.into_iter();
    let mut out = parts.next().transpose()?.unwrap_or_default();
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
}

/// Adds each entry with a target its probability of meeting it, by a Monte Carlo run of
/// `runs` with `seed` on `threads` threads, with the model of its route from `models`
/// (an entry whose route has none is left without).
///
/// # Errors
/// A route or calendar the planner cannot use.
#[allow(clippy::too_many_arguments)]
pub fn monte_carlo(
    entries: &mut [Entry],
    strooms: &[Stroom],
    routes: &Routes,
    cal: &Calendars,
    today: Date,
    models: &std::collections::BTreeMap<String, Model>,
    runs: u64,
    seed: u64,
    threads: usize,
) -> Result<(), Error> {
    let by_reference: std::collections::BTreeMap<&str, &Stroom> = strooms
        .iter()
        .map(|s| (s.def.reference.as_str(), s))
        .collect();
    for e in entries.iter_mut().filter(|e| e.send_by.is_some()) {
        let (Some(s), Some(m)) = (by_reference.get(e.reference.as_str()), models.get(&e.route))
        else {
            continue;
        };
        let planner = Planner::new(routes.get(&s.def.route)?, cal)?;
        let req = Request::for_stroom(s, today)?;
        let mc = simulate::monte_carlo(&planner, &req, m, runs, seed, threads, &|_| {})?;
        e.p_target = mc.p_target;
    }
    Ok(())
}
