//! `--format ics` for `plan`, `portfolio` and `agenda`: the events come from
//! `stroom_render::ics`, the SEQUENCE numbers from the trail (`stroom::history`).

use std::collections::BTreeMap;

use anyhow::Result;
use stroom::agenda::Agenda;
use stroom::planner::{Plan, Step};
use stroom::{history, journal, Planner, Request};
use stroom_render::ics::{agenda_events, calendar, plan_events, CalEvent};

use crate::args::{IcsArgs, PlanSource};
use crate::output::ics_options;
use crate::render::out;
use crate::settings::Settings;

/// Applies the plan flags that change assumptions to a request of any day.
fn flags<'a>(src: &'a PlanSource, today_req: &Request) -> impl Fn(&mut Request) + 'a {
    let approval_days = today_req.assumptions.approval_days.clone();
    let send_after = today_req.assumptions.send_after;
    let target = today_req.target;
    move |r: &mut Request| {
        if src.onderraad {
            r.assumptions.onderraad = Some(true);
        }
        if src.no_onderraad {
            r.assumptions.onderraad = Some(false);
        }
        if send_after.is_some() {
            r.assumptions.send_after = send_after;
        }
        r.assumptions.approval_days.clone_from(&approval_days);
        r.target = target;
    }
}

/// `plan --format ics`.
///
/// # Errors
/// A store failure when the plan is of a stored stroom.
pub fn plan(
    settings: &Settings,
    src: &PlanSource,
    req: &Request,
    plan: &Plan,
    args: &IcsArgs,
) -> Result<()> {
    let opts = ics_options(args, settings.lang);
    let route = settings.routes.get(&plan.route)?;
    let planner = Planner::new(route, &settings.calendars)?;
    let (title, moves) = match &src.reference {
        Some(reference) => {
            let loaded = crate::client::load(settings, reference)?;
            let adjust = flags(src, req);
            // The history is replayed under the route stored at `new`.
            let moves = history::moves(
                &loaded.route,
                &settings.calendars,
                &loaded.records,
                settings.today,
                &adjust,
            );
            (Some(loaded.stroom.def.title), moves)
        }
        None => (None, BTreeMap::new()),
    };
    let events = plan_events(plan, title.as_deref(), &moves, &opts);
    let name = match (&plan.reference, &title) {
        (Some(r), Some(t)) => format!("stroom {r} {t}"),
        _ => format!("stroom ad hoc ({})", plan.route),
    };
    out(&calendar(
        &name,
        &events,
        settings.today,
        planner.werkdagen(),
        &opts,
    ))
}

/// `portfolio --format ics`: the events of every open stroom's plan in one calendar.
///
/// # Errors
/// A store failure.
pub fn portfolio(settings: &Settings, args: &IcsArgs) -> Result<()> {
    let opts = ics_options(args, settings.lang);
    let mut events: Vec<CalEvent> = Vec::new();
    let werkdagen = settings.calendars.werkdagen();
    let all = crate::client::load_all(settings)?;
    // A route the route files no longer define is planned under the one stored at `new`.
    let routes = journal::planning_routes(&all, &settings.routes);
    for loaded in &all {
        let reference = &loaded.stroom.def.reference;
        if loaded.stroom.state.kind().is_terminal() {
            continue;
        }
        let planner = Planner::new(routes.get(&loaded.stroom.def.route)?, &settings.calendars)?;
        // A stroom that cannot be planned is in the human portfolio with its reason; the
        // calendar leaves it out and says so.
        let plan = match Request::for_stroom(&loaded.stroom, settings.today)
            .and_then(|req| planner.plan(&req))
        {
            Ok(p) => p,
            Err(e) => {
                crate::render::say(
                    settings.lang,
                    &stroom_render::cli::Note::LeftOutOfCalendar {
                        reference: reference.to_string(),
                        why: crate::render::messages(settings.lang).error(&e).message,
                    },
                );
                continue;
            }
        };
        // The history is replayed under the route stored at `new`.
        let moves: BTreeMap<Step, u32> = history::moves(
            &loaded.route,
            &settings.calendars,
            &loaded.records,
            settings.today,
            &|_| {},
        );
        events.extend(plan_events(
            &plan,
            Some(&loaded.stroom.def.title),
            &moves,
            &opts,
        ));
    }
    out(&calendar(
        "stroom portfolio",
        &events,
        settings.today,
        werkdagen,
        &opts,
    ))
}

/// `agenda --format ics`. `trails` holds the loaded strooms, for the SEQUENCE numbers.
///
/// # Errors
/// I/O failure.
pub fn agenda(
    settings: &Settings,
    agenda: &Agenda,
    trails: &[journal::Loaded],
    args: &IcsArgs,
) -> Result<()> {
    let opts = ics_options(args, settings.lang);
    let mut moves = BTreeMap::new();
    for l in trails {
        if !agenda
            .items
            .iter()
            .any(|i| i.reference == l.stroom.def.reference)
        {
            continue;
        }
        moves.insert(
            l.stroom.def.reference.clone(),
            // The history is replayed under the route stored at `new`.
            history::moves(
                &l.route,
                &settings.calendars,
                &l.records,
                settings.today,
                &|_| {},
            ),
        );
    }
    let events = agenda_events(agenda, &moves, &opts);
    out(&calendar(
        &format!("stroom agenda {} – {}", agenda.from, agenda.to),
        &events,
        settings.today,
        settings.calendars.werkdagen(),
        &opts,
    ))
}
