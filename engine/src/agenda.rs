//! The agenda: what is due across all open strooms in the coming weeks, by day. What a
//! planning desk reads on Monday morning.

use jiff::civil::Date;
use serde::Serialize;

use crate::calendar::Calendars;
use crate::machine::Stroom;
use crate::planner::{Also, Basis, Planner, Request, Step, Why};
use crate::portfolio::{self, Entry, Risk};
use crate::route::Routes;

/// What kind of thing is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// A bewindspersoon's approval (or signature) the plan needs by this day.
    Approval,
    /// The aanleverdeadline of the voorportaal slot the plan catches.
    Deadline,
    /// A meeting on the path: voorportaal, onderraad or ministerraad.
    Meeting,
    /// The planned send date to the Kamer.
    Send,
    /// The latest date of a step that still meets the stroom's target.
    Latest,
}

/// One thing due on one day for one stroom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The day.
    #[serde(with = "crate::dates")]
    pub date: Date,
    /// What is due.
    pub kind: ItemKind,
    /// The step of the stroom's path.
    pub step: Step,
    /// The body or role: `cwizo`, `mr`, `MOCW`.
    pub body: String,
    /// The stroom's reference.
    pub reference: String,
    /// The stroom's title.
    pub title: String,
    /// How the date came about.
    pub basis: Option<Basis>,
    /// Why this date.
    pub why: Why,
    /// What moved the date beyond its reason.
    pub also: Vec<Also>,
    /// How the stroom stands against its target.
    pub risk: Risk,
}

/// The agenda of a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agenda {
    /// The first day (today).
    #[serde(with = "crate::dates")]
    pub from: Date,
    /// The last day.
    #[serde(with = "crate::dates")]
    pub to: Date,
    /// Everything due in the period, by date, then reference, then step.
    pub items: Vec<Item>,
    /// The open strooms that are late, at risk, or cannot be planned (portfolio order).
    pub attention: Vec<Entry>,
}

/// The agenda of `weeks` weeks from `today` (today and the next `7 × weeks − 1` days) for the
/// open strooms among `strooms`. `at_risk` is the portfolio's threshold in werkdagen.
pub fn agenda(
    strooms: &[Stroom],
    routes: &Routes,
    cal: &Calendars,
    today: Date,
    weeks: u16,
    at_risk: i32,
) -> Agenda {
    let days = i64::from(weeks.max(1)) * 7 - 1;
    let to = today.saturating_add(jiff::Span::new().days(days));
    let entries = portfolio::portfolio(strooms, routes, cal, today, at_risk);
    let mut items = Vec::new();
    for s in strooms.iter().filter(|s| !s.state.kind().is_terminal()) {
        let risk = entries
            .iter()
            .find(|e| e.reference == s.def.reference)
            .map_or(Risk::Unknown, |e| e.risk);
        let Ok(route) = routes.get(&s.def.route) else {
            continue;
        };
        let Ok(planner) = Planner::new(route, cal) else {
            continue;
        };
        let Ok(req) = Request::for_stroom(s, today) else {
            continue;
        };
        let Ok(plan) = planner.plan(&req) else {
            continue;
        };
        let item = |date, kind, step, body: &str, basis, why: &Why, also: &[Also]| Item {
            date,
            kind,
            step,
            body: body.to_string(),
            reference: s.def.reference.clone(),
            title: s.def.title.clone(),
            basis,
            why: why.clone(),
            also: also.to_vec(),
            risk,
        };
        let in_window = |d: Date| d >= today && d <= to;
        for m in plan.milestones.iter().filter(|m| in_window(m.date)) {
            let kind = match m.step {
                Step::Approval => ItemKind::Approval,
                Step::Delivery => ItemKind::Deadline,
                Step::Voorportaal | Step::Onderraad | Step::Ministerraad => ItemKind::Meeting,
                Step::Kamer => ItemKind::Send,
            };
            items.push(item(
                m.date,
                kind,
                m.step,
                &m.body,
                Some(m.basis),
                &m.why,
                &m.also,
            ));
        }
        if let Some(back) = &plan.target {
            let ahead = |step: Step| plan.milestones.iter().any(|m| m.step == step);
            for l in back
                .latest
                .iter()
                .filter(|l| in_window(l.date) && ahead(l.step))
            {
                items.push(item(
                    l.date,
                    ItemKind::Latest,
                    l.step,
                    &l.body,
                    None,
                    &l.why,
                    &l.also,
                ));
            }
        }
    }
    items.sort_by(|a, b| {
        (a.date, &a.reference, a.step, a.kind, &a.body).cmp(&(
            b.date,
            &b.reference,
            b.step,
            b.kind,
            &b.body,
        ))
    });
    let attention = entries
        .into_iter()
        .filter(|e| matches!(e.risk, Risk::Late | Risk::AtRisk | Risk::Unknown))
        .collect();
    Agenda {
        from: today,
        to,
        items,
        attention,
    }
}
