//! The planner: the earliest Kamer date from where a stroom stands (forward), and the
//! latest date for every step that still meets a target (backward).
//!
//! [`Planner::dates`] is the allocation-free core that the simulator runs millions of
//! times; [`Planner::plan`] runs the same core and explains every date from what the
//! forward pass recorded (its trace).
//!
//! - `request`: what to plan (where a stroom stands, the assumptions, the target);
//! - `forward`: the forward pass and its trace;
//! - `backward`: the latest dates against a target, slack, and the full plan;
//! - `explain`: why every date is what it is, as typed reasons and warnings.

mod backward;
mod explain;
mod forward;
mod request;
pub(crate) mod step;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::calendar::{Body, BodyKind, Calendars, Level, PathNote, Provenance};
use crate::error::{Error, PlanError};
use crate::route::Route;
use crate::werkdag::Werkdagen;

pub use explain::{Also, BodyDate, Missed, Rework, Warning, Why};
pub use request::{as_of, Assumptions, Position, Request};
pub use step::Step;

impl std::str::FromStr for Step {
    type Err = Error;
    fn from_str(s: &str) -> Result<Step, Error> {
        Step::ALL
            .into_iter()
            .find(|x| x.word() == s)
            .ok_or_else(|| {
                Error::Plan(PlanError::NotAStep {
                    word: s.to_string(),
                })
            })
    }
}

/// How a date came about, in short.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// From a published or observed schedule.
    Sourced,
    /// From a secondary source (news, a third-party list).
    Reported,
    /// From a calendar rule.
    Estimated,
    /// From a duration estimate or scenario assumption.
    Assumed,
    /// Given by the user (`--ready`) or recorded in the audit trail.
    Given,
}

/// One dated step of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    /// The step.
    pub step: Step,
    /// The body or role: `cwizo`, `mr`, `MOCW`, `tweede-kamer`.
    pub body: String,
    /// The date.
    #[serde(with = "crate::dates")]
    pub date: Date,
    /// How the date came about.
    pub basis: Basis,
    /// Why this date: the rule and its data (the slot chosen, what rolled over).
    pub why: Why,
    /// What moved the date beyond its reason (a delay, a date that had passed).
    #[serde(default)]
    pub also: Vec<Also>,
}

/// A date with how it came about and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dated {
    /// The date.
    #[serde(with = "crate::dates")]
    pub date: Date,
    /// How the date came about.
    pub basis: Basis,
    /// Why this date.
    pub why: Why,
}

/// The backward plan against a target: the latest dates, one path through the calendars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Backward {
    /// The latest send date that meets the target.
    pub send_by: Dated,
    /// The debate, when the target is one.
    #[serde(with = "crate::dates::option")]
    pub debate: Option<Date>,
    /// The latest date per step, in route order: the forward plan from the latest ready
    /// date that still meets the target (empty when none does).
    pub latest: Vec<Milestone>,
}

/// How a forward plan stands against a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "verdict")]
pub enum Standing {
    /// The target is met; the next event (the ready date while approvals are
    /// outstanding) can slip `slack` werkdagen and still meet it, one more and it does not.
    Met {
        /// Werkdagen of slack.
        #[serde(rename = "slack-werkdagen")]
        slack: u32,
    },
    /// The earliest send date lies `werkdagen` after the latest one.
    Late {
        /// Werkdagen late.
        #[serde(rename = "late-werkdagen")]
        werkdagen: u32,
    },
}

impl Standing {
    /// Whether the target is met.
    pub fn is_met(self) -> bool {
        matches!(self, Standing::Met { .. })
    }

    /// Whether the target is missed.
    pub fn is_late(self) -> bool {
        !self.is_met()
    }

    /// Slack as a signed number: negative is werkdagen late.
    pub fn signed(self) -> i32 {
        match self {
            Standing::Met { slack } => i32::try_from(slack).unwrap_or(i32::MAX),
            Standing::Late { werkdagen } => -i32::try_from(werkdagen).unwrap_or(i32::MAX),
        }
    }
}

/// The version of the plan's JSON contract; a change to its shape is a new version.
pub const PLAN_SCHEMA: u32 = 1;

/// A plan: plain data, the same for people (rendered) and programs (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Plan {
    /// The JSON contract's version ([`PLAN_SCHEMA`]).
    pub schema: u32,
    /// The route planned on.
    pub route: String,
    /// The stroom, when stored.
    pub reference: Option<String>,
    /// The planning day.
    #[serde(with = "crate::dates")]
    pub today: Date,
    /// Whether the plan's path holds an onderraad (planned or already held).
    pub onderraad: bool,
    /// Werkdagen from MR (or signing) to sending.
    #[serde(rename = "send-after-werkdagen")]
    pub send_after: u8,
    /// The earliest send date to the Kamer (absent for a backward plan alone); its
    /// basis and why are those of the `kamer` milestone.
    #[serde(with = "crate::dates::option")]
    pub kamer: Option<Date>,
    /// Every remaining step with its date, basis and reason.
    pub milestones: Vec<Milestone>,
    /// How the earliest send date stands against the target: met with slack, or late.
    pub standing: Option<Standing>,
    /// The backward plan, when there is a target.
    pub target: Option<Backward>,
    /// Things the planner wants a person to check.
    pub warnings: Vec<Warning>,
    /// The weakest provenance of a calendar date on the plan's path (forward and
    /// backward); absent when the path has no calendar date.
    pub provenance: Option<Level>,
    /// What the calendars on the path say that a plan must cite: extrapolated slots
    /// (a cabinet change), extra meetings and cancelled ones.
    pub calendar: Vec<PathNote>,
}

impl Plan {
    /// Whether the earliest send date meets the target (when there is one).
    pub fn feasible(&self) -> Option<bool> {
        self.standing.map(Standing::is_met)
    }

    /// Slack in werkdagen (negative: werkdagen late), when there is a target.
    pub fn slack(&self) -> Option<i32> {
        self.standing.map(Standing::signed)
    }
}

/// The dates of a forward plan, without explanations: what the simulator samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dates {
    /// All approvals in (route A) or signed (route B).
    pub ready: Date,
    /// The aanleverdeadline of the voorportaal slot caught (route A).
    pub delivery: Option<Date>,
    /// The voorportaal meeting (route A).
    pub voorportaal: Option<Date>,
    /// The onderraad meeting, when needed.
    pub onderraad: Option<Date>,
    /// The MR (route A).
    pub ministerraad: Option<Date>,
    /// Sent to the Kamer.
    pub kamer: Date,
}

impl Dates {
    /// The date of one step, if the plan has it.
    pub fn get(&self, step: Step) -> Option<Date> {
        match step {
            Step::Approval => Some(self.ready),
            Step::Delivery => self.delivery,
            Step::Voorportaal => self.voorportaal,
            Step::Onderraad => self.onderraad,
            Step::Ministerraad => self.ministerraad,
            Step::Kamer => Some(self.kamer),
        }
    }
}

/// A planner for one route over one set of calendars; cheap to build, reusable.
#[derive(Debug, Clone, Copy)]
pub struct Planner<'a> {
    route: &'a Route,
    cal: &'a Calendars,
    w: &'a Werkdagen,
    vp: Option<&'a Body>,
    or: Option<&'a Body>,
    mr: Option<&'a Body>,
}

impl<'a> Planner<'a> {
    /// Resolves the route's bodies in the calendars.
    ///
    /// # Errors
    /// A body the calendars do not know.
    pub fn new(route: &'a Route, cal: &'a Calendars) -> Result<Planner<'a>, Error> {
        let body = |name: &Option<String>,
                    kind: BodyKind,
                    key: &'static str|
         -> Result<Option<&'a Body>, Error> {
            let Some(n) = name else { return Ok(None) };
            let b = cal.body(n)?;
            if b.kind != kind {
                return Err(Error::Plan(PlanError::WrongBodyKind {
                    route: route.name.clone(),
                    key,
                    body: n.clone(),
                    kind: b.kind.to_string(),
                }));
            }
            Ok(Some(b))
        };
        Ok(Planner {
            route,
            cal,
            w: cal.werkdagen(),
            vp: body(&route.voorportaal, BodyKind::Voorportaal, "voorportaal")?,
            or: body(&route.onderraad, BodyKind::Onderraad, "onderraad")?,
            mr: body(&route.ministerraad, BodyKind::Ministerraad, "ministerraad")?,
        })
    }

    /// The route planned on.
    pub fn route(&self) -> &'a Route {
        self.route
    }

    /// The werkdag calendar planned with.
    pub fn werkdagen(&self) -> &'a Werkdagen {
        self.w
    }

    pub(super) fn send_after(&self, a: &Assumptions) -> u8 {
        a.send_after.unwrap_or(self.route.send_after)
    }
}

/// The basis of a date from a calendar entry of this provenance.
pub(super) fn basis_of(p: &Provenance) -> Basis {
    match p {
        Provenance::Sourced(_) => Basis::Sourced,
        Provenance::Reported(_) => Basis::Reported,
        Provenance::Estimated(_) => Basis::Estimated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::Routes;
    use crate::stroom::{Role, Target};
    use jiff::civil::date;

    fn plan(route: &str, ready: Date, onderraad: bool) -> Plan {
        let routes = Routes::embedded().unwrap();
        let cal = Calendars::embedded().unwrap();
        let p = Planner::new(routes.get(route).unwrap(), &cal).unwrap();
        let mut req = Request::ad_hoc(ready);
        req.assumptions.onderraad = Some(onderraad);
        p.plan(&req).unwrap()
    }

    fn date_of(p: &Plan, step: Step) -> Date {
        p.milestones.iter().find(|m| m.step == step).unwrap().date
    }

    #[test]
    fn worked_example_1_approval_on_the_deadline_day() {
        let p = plan("ministerraad", date(2023, 10, 3), false);
        assert_eq!(date_of(&p, Step::Voorportaal), date(2023, 10, 9));
        assert_eq!(date_of(&p, Step::Ministerraad), date(2023, 10, 27));
        assert_eq!(p.kamer, Some(date(2023, 10, 30)));
        let p = plan("ministerraad", date(2023, 10, 3), true);
        assert_eq!(date_of(&p, Step::Ministerraad), date(2023, 11, 3));
        assert_eq!(date_of(&p, Step::Onderraad), date(2023, 10, 31));
        assert_eq!(p.kamer, Some(date(2023, 11, 6)));
    }

    #[test]
    fn worked_example_2_rolls_over_to_the_next_slot() {
        let p = plan("ministerraad", date(2023, 10, 4), false);
        assert_eq!(date_of(&p, Step::Delivery), date(2023, 10, 20));
        assert_eq!(date_of(&p, Step::Voorportaal), date(2023, 10, 30));
        assert_eq!(date_of(&p, Step::Ministerraad), date(2023, 11, 10));
        assert_eq!(p.kamer, Some(date(2023, 11, 13)));
        let why = &p
            .milestones
            .iter()
            .find(|m| m.step == Step::Delivery)
            .unwrap()
            .why;
        assert_eq!(
            why,
            &Why::Deadline {
                body: "cwizo".into(),
                meeting: date(2023, 10, 30),
                on_deadline_day: false,
                missed: Some(Missed {
                    meeting: date(2023, 10, 9),
                    deadline: date(2023, 10, 3),
                    ready: date(2023, 10, 4),
                    werkdagen: 1,
                }),
            }
        );
    }

    #[test]
    fn a_stroom_waiting_for_the_onderraad_keeps_its_meeting_after_the_deadline() {
        let routes = Routes::embedded().unwrap();
        let cal = Calendars::embedded().unwrap();
        let p = Planner::new(routes.get("ministerraad").unwrap(), &cal).unwrap();
        let mut req = Request::ad_hoc(date(2023, 11, 16));
        req.position = Position::AtOnderraad {
            slot: date(2023, 10, 30),
        };
        req.assumptions.onderraad = Some(true);
        // RWIZO 21 Nov has its deadline on 14 Nov; the stukken are already there.
        let d = p.dates(&req).unwrap();
        assert_eq!(d.onderraad, Some(date(2023, 11, 21)));
        assert_eq!(d.ministerraad, Some(date(2023, 11, 24)));
    }

    #[test]
    fn after_the_onderraad_the_mr_follows_the_onderraad_not_the_slot_without_it() {
        let routes = Routes::embedded().unwrap();
        let cal = Calendars::embedded().unwrap();
        let p = Planner::new(routes.get("ministerraad").unwrap(), &cal).unwrap();
        let mut req = Request::ad_hoc(date(2023, 10, 18));
        req.assumptions.onderraad = Some(true);
        // An (extra) onderraad passed it on Tue 17 Oct; the slot of 9 Oct names MR 27 Oct
        // for the route without onderraad, which no longer applies.
        req.position = Position::AtMinisterraad {
            slot: date(2023, 10, 9),
            holds: 0,
            since: date(2023, 10, 17),
            after_onderraad: true,
        };
        let plan = p.plan(&req).unwrap();
        assert_eq!(date_of(&plan, Step::Ministerraad), date(2023, 10, 20));
        assert!(
            plan.warnings
                .iter()
                .all(|w| *w != Warning::OnMrAgendaWithoutOnderraad),
            "{:?}",
            plan.warnings
        );
    }

    #[test]
    fn a_route_naming_a_body_of_the_wrong_kind_is_refused() {
        let cal = Calendars::embedded().unwrap();
        let text =
            "name = \"odd\"\ntitle = \"x\"\nvoorportaal = \"rwizo\"\nministerraad = \"mr\"\n";
        let route = Route::from_toml("odd.toml", text).unwrap();
        let err = Planner::new(&route, &cal).unwrap_err().to_string();
        assert!(err.starts_with("route 'odd' names 'rwizo' as its voorportaal, but the calendar of 'rwizo' is of kind onderraad"), "{err}");
    }

    /// A Monte Carlo run finds its ready date by the largest draw alone when every pending
    /// role counts the same werkdagen (`forward::Planner::last_draw`); it must be the date
    /// role by role gives, and fail as that fails, whatever the request and the draws.
    #[test]
    fn a_runs_ready_date_by_its_largest_draw_is_the_role_by_role_one() {
        use rand::{Rng, SeedableRng};
        let routes = Routes::embedded().unwrap();
        let cal = Calendars::embedded().unwrap();
        let roles: Vec<Role> = ["MOCW", "MPVO", "MSZW", "MEZK", "MFIN"]
            .iter()
            .map(|r| r.parse().unwrap())
            .collect();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(8);
        let mut fast_ones = 0;
        for route in ["ministerraad", "ondertekening"] {
            let p = Planner::new(routes.get(route).unwrap(), &cal).unwrap();
            for case in 0..4_000 {
                // Mostly the calendars' years; now and then by the tables' ends.
                let day = |rng: &mut rand_chacha::ChaCha8Rng| match rng.gen_range(0..20) {
                    0 => date(2100, 12, rng.gen_range(1..=31)),
                    1 => date(2000, 1, rng.gen_range(1..=31)),
                    _ => date(
                        rng.gen_range(2023..=2026),
                        rng.gen_range(1..=12),
                        rng.gen_range(1..=28),
                    ),
                };
                let n = rng.gen_range(0..=roles.len());
                let mut req = Request::ad_hoc(day(&mut rng));
                req.roles = roles[..n].to_vec();
                req.position = if case % 2 == 0 {
                    Position::Concept
                } else {
                    Position::Approvals {
                        since: day(&mut rng),
                        rework: rng.gen_bool(0.3),
                        pending: roles[..n].to_vec(),
                    }
                };
                let a = &mut req.assumptions;
                if rng.gen_bool(0.3) {
                    a.delay(Step::Approval, rng.gen_range(-4..=6));
                }
                if n > 0 && rng.gen_bool(0.1) {
                    a.role_delay.insert(roles[0].clone(), rng.gen_range(-3..=3));
                }
                if n > 1 && rng.gen_bool(0.1) {
                    a.approval_on.insert(roles[1].clone(), day(&mut rng));
                }
                let draws: Vec<u16> = (0..rng.gen_range(n.saturating_sub(1)..=n + 1))
                    .map(|_| {
                        let most = if rng.gen_bool(0.05) { 30_000 } else { 30 };
                        rng.gen_range(0..=most)
                    })
                    .collect();
                let fast = p.trace(&req, 0, Some(&draws), &mut ()).map(|t| t.dates);
                let mut approvals = Vec::new();
                let slow = p
                    .trace(&req, 0, Some(&draws), &mut approvals)
                    .map(|t| t.dates);
                assert_eq!(
                    format!("{fast:?}"),
                    format!("{slow:?}"),
                    "{req:?} {draws:?}"
                );
                if let Ok(Some(base)) = p.approval_base(&req) {
                    fast_ones += usize::from(p.last_draw(&req, &draws, base).is_some());
                }
            }
        }
        assert!(
            fast_ones > 1_000,
            "the short way was taken {fast_ones} times"
        );
    }

    #[test]
    fn worked_example_3_latest_send_before_a_debate() {
        let routes = Routes::embedded().unwrap();
        let cal = Calendars::embedded().unwrap();
        let p = Planner::new(routes.get("ondertekening").unwrap(), &cal).unwrap();
        let target = Target::Debate {
            date: date(2024, 12, 11),
            lead: None,
        };
        let back = p
            .backward(&Request::ad_hoc(date(2024, 12, 1)), &target)
            .unwrap();
        assert_eq!(back.send_by.date, date(2024, 12, 5));
    }
}
