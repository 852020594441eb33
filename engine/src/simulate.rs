//! Delay scenarios and Monte Carlo: the real planner run on changed copies of a request.
//!
//! A [`Scenario`] is a list of [`Change`]s applied to a [`Request`]'s assumptions; the
//! what-if runs [`Planner::plan`] on each. The Monte Carlo samples durations and events
//! from a [`Model`] into the assumptions of one reused request per thread and runs the
//! same planner core ([`Planner::dates`]) each time.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::audit::Record;
use crate::error::{DataError, DataProblem, Error, FileKind, PlanError};
use crate::machine::Fact;
use crate::planner::{Plan, Planner, Request, Step};
use crate::stroom::Role;

/// One change a scenario makes to the plan's assumptions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "change")]
pub enum Change {
    /// A step happens `werkdagen` later than it otherwise could.
    Delay {
        /// The step.
        step: Step,
        /// Werkdagen of delay.
        werkdagen: i32,
    },
    /// One role approves `werkdagen` later.
    RoleDelay {
        /// The role.
        role: Role,
        /// Werkdagen of delay.
        werkdagen: i32,
    },
    /// One role approves on a given day.
    ApprovalOn {
        /// The role.
        role: Role,
        /// The day.
        #[serde(with = "crate::dates")]
        date: Date,
    },
    /// An onderraad is (not) needed.
    Onderraad {
        /// Whether it is needed.
        needed: bool,
    },
    /// The voorportaal sends it back once, with rework.
    VoorportaalReturn {
        /// Werkdagen of rework before the next delivery.
        rework: u16,
    },
    /// The MR holds it over `times` times.
    MrHolds {
        /// How often.
        times: u32,
    },
    /// Send `k` werkdagen after the MR (or signing).
    SendAfter {
        /// Werkdagen.
        k: u8,
    },
}

impl Change {
    /// Applies the change to a request.
    pub fn apply(&self, req: &mut Request) {
        let a = &mut req.assumptions;
        match self {
            Change::Delay { step, werkdagen } => a.delay(*step, *werkdagen),
            Change::RoleDelay { role, werkdagen } => {
                *a.role_delay.entry(role.clone()).or_insert(0) += werkdagen
            }
            Change::ApprovalOn { role, date } => {
                a.approval_on.insert(role.clone(), *date);
            }
            Change::Onderraad { needed } => a.onderraad = Some(*needed),
            Change::VoorportaalReturn { rework } => a.voorportaal_returns.push(*rework),
            Change::MrHolds { times } => a.mr_holds += times,
            Change::SendAfter { k } => a.send_after = Some(*k),
        }
    }
}

/// A named set of changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Scenario {
    /// Shown as the column header.
    pub name: String,
    /// The changes, applied in order.
    pub changes: Vec<Change>,
}

impl Scenario {
    /// The request with this scenario's changes applied.
    pub fn apply(&self, req: &Request) -> Request {
        let mut req = req.clone();
        for c in &self.changes {
            c.apply(&mut req);
        }
        req
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ScenarioFile {
    #[serde(default)]
    scenario: Vec<toml::Spanned<ScenarioEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ScenarioEntry {
    name: String,
    #[serde(default)]
    delay: BTreeMap<String, i32>,
    #[serde(default)]
    role_delay: BTreeMap<Role, i32>,
    #[serde(default)]
    approval_on: BTreeMap<Role, DateField>,
    #[serde(default)]
    onderraad: Option<bool>,
    #[serde(default)]
    voorportaal_return: Option<u16>,
    #[serde(default)]
    mr_holds: Option<u32>,
    #[serde(default)]
    send_after: Option<u8>,
}

#[derive(Deserialize)]
struct DateField(#[serde(with = "crate::dates")] Date);

/// Parses a scenario file: `[[scenario]]` tables with a name and changes.
///
/// # Errors
/// A [`DataError`] naming `source`, the line and the fix.
pub fn parse_scenarios(source: &str, text: &str) -> Result<Vec<Scenario>, Error> {
    let file: ScenarioFile = toml::from_str(text)
        .map_err(|e| DataError::from_toml(source, text, &e, FileKind::Scenario))?;
    if file.scenario.is_empty() {
        return Err(DataError::problem(source, text, None, DataProblem::NoScenarios).into());
    }
    let mut out = Vec::new();
    for entry in file.scenario {
        let at = entry.span().start;
        let e = entry.into_inner();
        let mut changes = Vec::new();
        for (step, n) in e.delay {
            let step: Step = step.parse().map_err(|_: Error| {
                Error::Data(DataError::problem(
                    source,
                    text,
                    Some(at),
                    DataProblem::NotAStep { word: step.clone() },
                ))
            })?;
            changes.push(Change::Delay { step, werkdagen: n });
        }
        changes.extend(
            e.role_delay
                .into_iter()
                .map(|(role, werkdagen)| Change::RoleDelay { role, werkdagen }),
        );
        changes.extend(
            e.approval_on
                .into_iter()
                .map(|(role, d)| Change::ApprovalOn { role, date: d.0 }),
        );
        changes.extend(e.onderraad.map(|needed| Change::Onderraad { needed }));
        changes.extend(
            e.voorportaal_return
                .map(|rework| Change::VoorportaalReturn { rework }),
        );
        changes.extend(e.mr_holds.map(|times| Change::MrHolds { times }));
        if let Some(k) = e.send_after {
            if k > 2 {
                return Err(DataError::problem(
                    source,
                    text,
                    Some(at),
                    DataProblem::SendAfter { value: k.into() },
                )
                .into());
            }
            changes.push(Change::SendAfter { k });
        }
        out.push(Scenario {
            name: e.name,
            changes,
        });
    }
    Ok(out)
}

/// The baseline and every scenario's plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct WhatIf {
    /// The plan without changes.
    pub baseline: Plan,
    /// The plans with changes.
    pub scenarios: Vec<ScenarioPlan>,
}

/// One scenario's plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ScenarioPlan {
    /// Its name.
    pub name: String,
    /// Its changes.
    pub changes: Vec<Change>,
    /// The plan.
    pub plan: Plan,
}

/// Runs the planner on the request and on each scenario.
///
/// # Errors
/// Any planner error, naming the scenario.
pub fn what_if(
    planner: &Planner<'_>,
    req: &Request,
    scenarios: &[Scenario],
) -> Result<WhatIf, Error> {
    let baseline = planner.plan(req)?;
    let scenarios = scenarios
        .iter()
        .map(|s| {
            let plan = planner.plan(&s.apply(req)).map_err(|e| {
                Error::Plan(PlanError::Scenario {
                    scenario: s.name.clone(),
                    error: Box::new(e),
                })
            })?;
            Ok(ScenarioPlan {
                name: s.name.clone(),
                changes: s.changes.clone(),
                plan,
            })
        })
        .collect::<Result<_, Error>>()?;
    Ok(WhatIf {
        baseline,
        scenarios,
    })
}

// ---- Monte Carlo --------------------------------------------------------------------

/// A distribution of a duration in werkdagen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Dist {
    /// Always this many.
    Fixed {
        /// Werkdagen.
        value: u16,
    },
    /// Uniform over `min..=max`.
    Uniform {
        /// Fewest.
        min: u16,
        /// Most.
        max: u16,
    },
    /// Triangular with the given mode, rounded to whole werkdagen.
    Triangular {
        /// Fewest.
        min: f64,
        /// Most likely.
        mode: f64,
        /// Most.
        max: f64,
    },
    /// Drawn from observed durations (from the audit trail).
    Empirical {
        /// The observations.
        samples: Vec<u16>,
    },
}

impl Dist {
    /// Draws one duration.
    pub fn sample(&self, rng: &mut impl Rng) -> u16 {
        match self {
            Dist::Fixed { value } => *value,
            Dist::Uniform { min, max } => rng.gen_range(*min..=*max),
            Dist::Triangular { min, mode, max } => {
                let u: f64 = rng.gen();
                let (a, c, b) = (*min, *mode, *max);
                if b <= a {
                    return a.round().max(0.0) as u16;
                }
                let f = (c - a) / (b - a);
                let x = if u < f {
                    a + ((b - a) * (c - a) * u).sqrt()
                } else {
                    b - ((b - a) * (b - c) * (1.0 - u)).sqrt()
                };
                round_werkdagen(x)
            }
            Dist::Empirical { samples } => samples[rng.gen_range(0..samples.len())],
        }
    }

    /// Parses `5`, `uniform(3,8)`, `triangular(2,5,15)` or `empirical`.
    ///
    /// # Errors
    /// Anything else, quoting the input.
    pub fn parse(s: &str) -> Result<Dist, Error> {
        let bad = || {
            Error::Plan(PlanError::NotADistribution {
                text: s.to_string(),
            })
        };
        let s = s.trim();
        if let Ok(v) = s.parse::<u16>() {
            return Ok(Dist::Fixed { value: v });
        }
        let (name, rest) = s.split_once('(').ok_or_else(bad)?;
        let args: Vec<f64> = rest
            .strip_suffix(')')
            .ok_or_else(bad)?
            .split(',')
            .map(|x| x.trim().parse::<f64>().map_err(|_| bad()))
            .collect::<Result<_, _>>()?;
        let ok = args
            .iter()
            .all(|x| x.is_finite() && *x >= 0.0 && *x <= 1000.0);
        match (name.trim(), args.as_slice()) {
            ("uniform", [a, b]) if ok && a <= b => Ok(Dist::Uniform {
                min: *a as u16,
                max: *b as u16,
            }),
            ("triangular", [a, m, b]) if ok && a <= m && m <= b => Ok(Dist::Triangular {
                min: *a,
                mode: *m,
                max: *b,
            }),
            _ => Err(bad()),
        }
    }
}

/// `x.round().max(0.0) as u16` (half away from zero, below zero or NaN 0, saturating),
/// without the call to libm's `round` that it compiles to: a triangular draw is rounded
/// several times a run.
fn round_werkdagen(x: f64) -> u16 {
    if x.is_nan() || x <= 0.0 {
        return 0;
    }
    if x >= f64::from(u16::MAX) {
        return u16::MAX;
    }
    // Truncation of a number in 0..65535 is exact, and so is the fraction `x - t`.
    let t = x as u16;
    if x - f64::from(t) >= 0.5 {
        t + 1
    } else {
        t
    }
}

/// The uncertainty model of a Monte Carlo run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Model {
    /// Approval durations per role.
    pub roles: BTreeMap<Role, Dist>,
    /// Approval durations of roles without their own.
    pub approval: Dist,
    /// Probability that an onderraad is needed (when the stroom has not decided).
    pub p_onderraad: f64,
    /// Probability that the voorportaal sends it back once.
    pub p_return: f64,
    /// Rework after a voorportaal return.
    pub rework: Dist,
    /// Probability that an MR holds it over (each MR, at most three times).
    pub p_hold: f64,
}

impl Model {
    /// A model with the route's estimates as fixed durations and no uncertain events.
    pub fn fixed(planner: &Planner<'_>) -> Model {
        let d = &planner.route().durations;
        Model {
            roles: d
                .roles
                .iter()
                .map(|(r, v)| (r.clone(), Dist::Fixed { value: *v }))
                .collect(),
            approval: Dist::Fixed { value: d.approval },
            p_onderraad: 0.0,
            p_return: 0.0,
            rework: Dist::Fixed { value: d.rework },
            p_hold: 0.0,
        }
    }
}

/// Approval durations learned from the finished (sent) strooms among `loaded`: per role
/// the observations, and how many finished strooms they came from.
pub fn learn_from(
    loaded: &[crate::journal::Loaded],
    planner: &Planner<'_>,
) -> (BTreeMap<Role, Vec<u16>>, usize) {
    let trails: Vec<Vec<Record>> = loaded
        .iter()
        .filter(|l| l.stroom.state == crate::machine::State::Verzonden)
        .map(|l| l.records.clone())
        .collect();
    (learn_durations(&trails, planner), trails.len())
}

/// Observed approval durations per role: werkdagen from the moment a version went to the
/// bewindspersonen (submission, or the return that made it) to each role's approval or
/// signature of that version. The trail is read as corrected (`stroom correct`): a voided
/// event is left out, a corrected date replaces the recorded one.
pub fn learn_durations(trails: &[Vec<Record>], planner: &Planner<'_>) -> BTreeMap<Role, Vec<u16>> {
    let w = planner.werkdagen();
    let mut out: BTreeMap<Role, Vec<u16>> = BTreeMap::new();
    for trail in trails {
        let mut started: BTreeMap<u32, Date> = BTreeMap::new();
        for (version, on, fact) in corrected(trail) {
            match fact {
                Fact::Submitted => {
                    started.entry(version).or_insert(on);
                }
                Fact::Returned { version, .. } => {
                    started.insert(version + 1, on);
                }
                Fact::Approved { role, version } | Fact::Signed { role, version } => {
                    if let Some(start) = started.get(version) {
                        if let Ok(n) = w.between(*start, on) {
                            out.entry(role.clone()).or_default().push(n.max(0) as u16);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// A trail as corrected, with the version each event was recorded at: the last correction
/// of an event applies (another date, or void: left out); corrections themselves are left
/// out. The same reading as [`crate::machine::effective`], keeping the records' versions.
fn corrected(trail: &[Record]) -> Vec<(u32, Date, &Fact)> {
    let mut fixes: BTreeMap<u64, &crate::machine::Correction> = BTreeMap::new();
    for r in trail {
        if let Fact::Corrected { event, correction } = &r.event.fact {
            fixes.insert(*event, correction);
        }
    }
    trail
        .iter()
        .filter(|r| !matches!(r.event.fact, Fact::Corrected { .. }))
        .filter_map(|r| match fixes.get(&r.seq) {
            Some(crate::machine::Correction::Void) => None,
            Some(crate::machine::Correction::Date { on }) => Some((r.version, *on, &r.event.fact)),
            None => Some((r.version, r.event.on, &r.event.fact)),
        })
        .collect()
}

/// Percentiles and spread of one step's date over the runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct StepStats {
    /// The step.
    pub step: Step,
    /// Median.
    #[serde(with = "crate::dates")]
    pub p50: Date,
    /// 80th percentile.
    #[serde(with = "crate::dates")]
    pub p80: Date,
    /// 95th percentile.
    #[serde(with = "crate::dates")]
    pub p95: Date,
    /// Earliest seen.
    #[serde(with = "crate::dates")]
    pub min: Date,
    /// Latest seen.
    #[serde(with = "crate::dates")]
    pub max: Date,
    /// In how many runs the step occurred.
    pub runs: u64,
}

/// The outcome of a Monte Carlo run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct MonteCarlo {
    /// Number of runs.
    pub runs: u64,
    /// The seed.
    pub seed: u64,
    /// Per step: percentiles.
    pub steps: Vec<StepStats>,
    /// Probability of meeting the target, when there is one.
    pub p_target: Option<f64>,
    /// The latest send date that meets the target.
    #[serde(with = "crate::dates::option")]
    pub send_by: Option<Date>,
    /// The Kamer date's distribution: (date, runs), by date.
    pub kamer: Vec<KamerCount>,
}

/// How many runs sent on one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct KamerCount {
    /// The date.
    #[serde(with = "crate::dates")]
    pub date: Date,
    /// The runs.
    pub runs: u64,
}

const CHUNK: u64 = 1024;

/// A date as a number that sorts as the date does (year, month and day in bits): the
/// runs' dates are counted by these.
fn key(d: Date) -> u32 {
    // Years are 2000..=2100 (the werkdag tables), so the shifts cannot overflow.
    ((d.year() as u32) << 9) | ((d.month() as u32) << 5) | d.day() as u32
}

/// The date of a [`key`].
fn date_of(k: u32) -> Date {
    Date::new((k >> 9) as i16, ((k >> 5) & 0xf) as i8, (k & 0x1f) as i8)
        .expect("a key is made from a valid date")
}

/// How many runs gave each date of one step, by [`key`]: a window of counts that widens
/// when a date falls outside it (rarely: the runs' dates lie close together). The
/// percentiles are read from the counts, so the runs' dates are neither stored nor
/// sorted, and the counts of the threads add up to the same whatever the thread count.
#[derive(Debug, Default)]
struct Counts {
    /// The key of `counts[0]`.
    first: u32,
    counts: Vec<u64>,
    /// The sum of `counts`.
    total: u64,
}

impl Counts {
    /// Counts `n` runs on the date of key `k`.
    #[inline]
    fn add(&mut self, k: u32, n: u64) {
        let i = k.wrapping_sub(self.first) as usize;
        match self.counts.get_mut(i) {
            Some(c) => *c += n,
            None => self.widen(k, n),
        }
        self.total += n;
    }

    /// Widens the window to take in `k` (with room on both sides), then counts.
    #[cold]
    fn widen(&mut self, k: u32, n: u64) {
        const ROOM: u32 = 64;
        let last = match self.counts.len() {
            0 => k,
            len => (self.first + len as u32 - 1).max(k),
        };
        let first = if self.counts.is_empty() {
            k
        } else {
            self.first.min(k)
        };
        let (first, last) = (first.saturating_sub(ROOM), last.saturating_add(ROOM));
        let mut counts = vec![0; (last - first) as usize + 1];
        let at = (self.first.wrapping_sub(first)) as usize;
        if !self.counts.is_empty() {
            counts[at..at + self.counts.len()].copy_from_slice(&self.counts);
        }
        counts[(k - first) as usize] += n;
        self.first = first;
        self.counts = counts;
    }

    /// Adds another window's counts.
    fn merge(&mut self, other: &Counts) {
        for (k, n) in other.dates() {
            self.add(k, n);
        }
    }

    /// The keys with runs and their runs, by key.
    fn dates(&self) -> impl Iterator<Item = (u32, u64)> + '_ {
        (self.first..)
            .zip(self.counts.iter().copied())
            .filter(|(_, n)| *n > 0)
    }

    /// The key of the `nth` smallest date (1-based) over all runs counted.
    fn nth(&self, nth: u64) -> u32 {
        let mut seen = 0;
        for (k, n) in self.dates() {
            seen += n;
            if seen >= nth {
                return k;
            }
        }
        unreachable!("nth is at most the total")
    }

    /// How many runs gave a date with a key up to `k`.
    fn up_to(&self, k: u32) -> u64 {
        self.dates()
            .take_while(|(d, _)| *d <= k)
            .map(|(_, n)| n)
            .sum()
    }
}

/// Draws `n` runs of chunk `chunk` and counts their dates per step into `out`.
#[allow(clippy::too_many_arguments)]
fn run_chunk(
    planner: &Planner<'_>,
    base: &Request,
    model: &Model,
    seed: u64,
    chunk: u64,
    n: u64,
    req: &mut Request,
    days: &mut [u16],
    out: &mut [Counts; 6],
) -> Result<(), Error> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(chunk);
    // Each pending role's distribution, looked up once; a run draws into `days` (one per
    // pending role, in order), which the planner reads instead of the request's maps, so
    // a run writes and searches no map. The draws come in the same order as always:
    // pending roles in order, skipping those whose approval date is fixed.
    let pending = planner.pending_roles(base);
    let sampled: Vec<(usize, &Dist)> = pending
        .iter()
        .enumerate()
        .filter(|(_, role)| !base.assumptions.approval_on.contains_key(*role))
        .map(|(i, role)| (i, model.roles.get(role).unwrap_or(&model.approval)))
        .collect();
    let decided = base.assumptions.onderraad;
    for _ in 0..n {
        for (i, dist) in &sampled {
            days[*i] = dist.sample(&mut rng);
        }
        req.assumptions.onderraad = decided.or_else(|| Some(rng.gen_bool(model.p_onderraad)));
        req.assumptions
            .voorportaal_returns
            .truncate(base.assumptions.voorportaal_returns.len());
        if model.p_return > 0.0 && rng.gen_bool(model.p_return) {
            req.assumptions
                .voorportaal_returns
                .push(model.rework.sample(&mut rng));
        }
        let mut holds = base.assumptions.mr_holds;
        while model.p_hold > 0.0
            && holds < base.assumptions.mr_holds + 3
            && rng.gen_bool(model.p_hold)
        {
            holds += 1;
        }
        req.assumptions.mr_holds = holds;
        let dates = planner.dates_sampled(req, days)?;
        for step in Step::ALL {
            if let Some(d) = dates.get(step) {
                out[step as usize].add(key(d), 1);
            }
        }
    }
    Ok(())
}

/// Runs the planner `runs` times with durations and events drawn from `model`, on up to
/// `threads` threads. The same seed gives the same result, whatever the thread count.
/// `progress` is called with the number of runs done so far.
///
/// # Errors
/// Any planner error (e.g. a sampled date outside the calendars).
pub fn monte_carlo(
    planner: &Planner<'_>,
    req: &Request,
    model: &Model,
    runs: u64,
    seed: u64,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<MonteCarlo, Error> {
    let runs = runs.max(1);
    let chunks = runs.div_ceil(CHUNK);
    let threads = threads.clamp(1, 64).min(chunks as usize);
    tracing::debug!(runs, seed, threads, chunks, "monte carlo");
    let done = std::sync::atomic::AtomicU64::new(0);
    let mut per_thread: Vec<Result<[Counts; 6], Error>> = Vec::new();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let done = &done;
                s.spawn(move || {
                    // One request, one buffer of draws and one set of counts per thread,
                    // reused by every run: a run allocates nothing.
                    let mut counts: [Counts; 6] = Default::default();
                    let mut scratch = req.clone();
                    let mut days = vec![0u16; planner.pending_roles(req).len()];
                    let mut c = t as u64;
                    while c < chunks {
                        let n = CHUNK.min(runs - c * CHUNK);
                        run_chunk(
                            planner,
                            req,
                            model,
                            seed,
                            c,
                            n,
                            &mut scratch,
                            &mut days,
                            &mut counts,
                        )?;
                        let total = done.fetch_add(n, std::sync::atomic::Ordering::Relaxed) + n;
                        progress(total);
                        c += threads as u64;
                    }
                    Ok(counts)
                })
            })
            .collect();
        per_thread = handles
            .into_iter()
            .map(|h| h.join().expect("simulation threads do not panic"))
            .collect();
    });
    let mut all: [Counts; 6] = Default::default();
    for r in per_thread {
        for (all, mine) in all.iter_mut().zip(r?.iter()) {
            all.merge(mine);
        }
    }
    let mut steps = Vec::new();
    for step in Step::ALL {
        let v = &all[step as usize];
        let n = v.total;
        if n == 0 {
            continue;
        }
        let pct = |p: f64| date_of(v.nth(((p * n as f64).ceil() as u64).clamp(1, n)));
        steps.push(StepStats {
            step,
            p50: pct(0.5),
            p80: pct(0.8),
            p95: pct(0.95),
            min: date_of(v.nth(1)),
            max: date_of(v.nth(n)),
            runs: n,
        });
    }
    let kamer_counts = &all[Step::Kamer as usize];
    let kamer: Vec<KamerCount> = kamer_counts
        .dates()
        .map(|(k, runs)| KamerCount {
            date: date_of(k),
            runs,
        })
        .collect();
    let (send_by, p_target) = match &req.target {
        Some(t) => {
            let (by, _) = planner.send_by(t)?;
            let ok = kamer_counts.up_to(key(by));
            (Some(by), Some(ok as f64 / kamer_counts.total as f64))
        }
        None => (None, None),
    };
    Ok(MonteCarlo {
        runs,
        seed,
        steps,
        p_target,
        send_by,
        kamer,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_triangular_draw_is_rounded_as_f64_round_does() {
        let edges = [
            0.0,
            -0.0,
            -0.3,
            -7.5,
            0.49999999999999994,
            0.5,
            1.5,
            2.5,
            2.4999999999999996,
            14.999999999999998,
            1000.5,
            65534.49999999999,
            65534.5,
            65535.0,
            65535.4,
            65535.5,
            1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MIN_POSITIVE,
        ];
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let draws = (0..100_000).map(|_| rng.gen_range(-10.0..1100.0));
        for x in edges.into_iter().chain(draws) {
            assert_eq!(round_werkdagen(x), x.round().max(0.0) as u16, "{x}");
        }
    }

    #[test]
    fn counted_dates_give_the_percentiles_of_the_sorted_dates() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        for spread in [1u32, 3, 40, 700, 20_000] {
            // Dates arriving in any order, widening the window on both sides.
            let keys: Vec<u32> = (0..5_000)
                .map(|_| key(Date::constant(2040, 6, 15)) - spread / 2 + rng.gen_range(0..spread))
                .collect();
            let mut counts = Counts::default();
            let (mut one, mut other) = (Counts::default(), Counts::default());
            for (i, k) in keys.iter().enumerate() {
                counts.add(*k, 1);
                if i % 3 == 0 {
                    one.add(*k, 1)
                } else {
                    other.add(*k, 1)
                }
            }
            one.merge(&other);
            let mut sorted = keys.clone();
            sorted.sort_unstable();
            for c in [&counts, &one] {
                assert_eq!(c.total, sorted.len() as u64);
                for nth in [1, 2, 100, 2_500, 2_501, 4_000, 4_999, 5_000] {
                    assert_eq!(
                        c.nth(nth),
                        sorted[nth as usize - 1],
                        "spread {spread}, {nth}"
                    );
                }
                for k in [sorted[0] - 1, sorted[0], sorted[1_234], sorted[4_999]] {
                    let below = sorted.partition_point(|x| *x <= k) as u64;
                    assert_eq!(c.up_to(k), below);
                }
                let mut runs: Vec<(u32, u64)> = Vec::new();
                for k in &sorted {
                    match runs.last_mut() {
                        Some((last, n)) if last == k => *n += 1,
                        _ => runs.push((*k, 1)),
                    }
                }
                assert_eq!(c.dates().collect::<Vec<_>>(), runs);
            }
        }
    }

    #[test]
    fn date_keys_sort_as_the_dates_and_round_trip_over_the_werkdag_years() {
        let mut d = Date::constant(crate::werkdag::FIRST_YEAR, 1, 1);
        let mut previous = None;
        while d.year() <= crate::werkdag::LAST_YEAR {
            let k = key(d);
            assert_eq!(date_of(k), d);
            assert!(previous < Some(k), "{d}");
            previous = Some(k);
            d = d.tomorrow().unwrap_or(Date::MAX);
        }
    }
}
