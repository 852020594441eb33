//! `stroom plan`, `stroom simulate` and `stroom portfolio`.

use std::collections::BTreeMap;

use anyhow::Result;
use jiff::civil::Date;
use serde::Serialize;
use stroom::planner::{Plan, Standing};
use stroom::simulate::{self, MonteCarlo, WhatIf};
use stroom::{
    journal, Change, Model, Planner, Request, Role, Scenario, Step, Stroom, StroomDef, Target,
};
use stroom_server::{ModelSpec, PlanQuery, SimulateBody};

use crate::args::{Format, ModelArgs, PlanArgs, PlanSource, PortfolioArgs, SimulateArgs};
use crate::client::{decode, pretty_json, Client};
use crate::render::{json, note, out, say, Messages, Table};
use crate::settings::{read_text, Settings};
use stroom_render::cli::{Note, Problem};

/// The request, the stroom's route name and what the plan must say about its target (a
/// debate the Kamer moved or cancelled), resolved from the plan flags.
fn resolve(
    settings: &Settings,
    src: &PlanSource,
) -> Result<(Request, String, Vec<stroom::calendar::PathNote>)> {
    let PlanSource {
        reference,
        example,
        route,
        ready,
        onderraad,
        no_onderraad,
        send_after,
        kamer_by,
        debate,
        activities,
        debate_lead,
        approval_days,
    } = src;
    let (mut req, route_name) = match (reference, example, route) {
        (Some(reference), _, _) => {
            let loaded = crate::client::load(settings, reference)?;
            // The history is read under the route stored at `new`; the estimates come from
            // the current definition, with a note when it differs from the stored one.
            let route = &loaded.route;
            if settings
                .routes
                .get(&route.name)
                .is_ok_and(|current| current != route)
            {
                say(
                    settings.lang,
                    &Note::RouteChanged {
                        route: route.name.clone(),
                        reference: reference.clone(),
                    },
                );
            }
            // Planning as of a past day plans the stroom as it stood then.
            let (stroom, later) = stroom::planner::as_of(
                route,
                loaded.records.iter().map(|r| &r.event),
                settings.today,
            )?;
            if later > 0 {
                note(&stroom_render::text::planned_as_of(
                    settings.lang,
                    reference,
                    settings.today,
                    later,
                ));
            }
            (
                Request::for_stroom(&stroom, settings.today)?,
                stroom.def.route.clone(),
            )
        }
        (None, Some(name), _) => {
            let def = example_def(name)?;
            let stroom = Stroom::new(def, settings.today);
            (
                Request::for_stroom(&stroom, settings.today)?,
                stroom.def.route.clone(),
            )
        }
        (None, None, Some(route)) => {
            let mut req = Request::ad_hoc(ready.unwrap_or(settings.today));
            if ready.is_none() && kamer_by.is_none() && debate.is_none() {
                return Err(Problem::AdHocNeedsStart {
                    route: route.clone(),
                }
                .into());
            }
            req.today = ready.unwrap_or(settings.today);
            (req, route.clone())
        }
        (None, None, None) => return Err(Problem::NothingToPlan.into()),
    };
    if *onderraad {
        req.assumptions.onderraad = Some(true);
    }
    if *no_onderraad {
        req.assumptions.onderraad = Some(false);
    }
    if send_after.is_some() {
        req.assumptions.send_after = *send_after;
    }
    // The plain values first, then the per-role ones: `MOCW=8` wins over `5` whatever
    // the order on the command line.
    let (per_role, plain): (Vec<&String>, Vec<&String>) =
        approval_days.iter().partition(|s| s.contains('='));
    for spec in plain.into_iter().chain(per_role) {
        match spec.split_once('=') {
            Some((r, n)) => {
                let n: u16 = number("approval-days", n)?;
                req.assumptions.approval_days.insert(role(r)?, n);
            }
            None => {
                let n: u16 = number("approval-days", spec)?;
                for r in req.roles.clone() {
                    req.assumptions.approval_days.insert(r, n);
                }
                if req.roles.is_empty() {
                    say(settings.lang, &Note::ApprovalDaysAdHoc);
                }
            }
        }
    }
    if let Some(expr) = kamer_by {
        req.target = Some(Target::KamerBy {
            date: kamer_by_date(settings, expr)?,
        });
    }
    let mut notes = Vec::new();
    if let Some(debate) = debate {
        let (date, note) =
            crate::commands::calendar::debate_target(debate, activities.as_deref(), settings.lang)?;
        notes.extend(note);
        req.target = Some(Target::Debate {
            date,
            lead: *debate_lead,
        });
    }
    Ok((req, route_name, notes))
}

/// Resolves `--kamer-by`: a date or a named deadline, saying on stderr what a name meant.
pub fn kamer_by_date(settings: &Settings, expr: &str) -> Result<Date> {
    let (date, why) = settings
        .calendars
        .deadline(expr)
        .map_err(|e| anyhow::Error::new(e).context("--kamer-by"))?;
    if let Some(why) = why {
        say(
            settings.lang,
            &Note::KamerBy {
                expr: expr.to_string(),
                date,
                why,
            },
        );
    }
    Ok(date)
}

fn example_def(name: &str) -> Result<StroomDef> {
    let (_, file, text) = stroom_workflows::EXAMPLES
        .iter()
        .find(|(n, _, _)| *n == name)
        .ok_or_else(|| Problem::NoExample {
            name: name.to_string(),
            examples: stroom_workflows::EXAMPLES
                .iter()
                .map(|(n, _, _)| (*n).to_string())
                .collect(),
        })?;
    Ok(StroomDef::from_toml(
        &format!("<embedded>/examples/{file}"),
        text,
    )?)
}

fn ad_hoc_backward_only(src: &PlanSource) -> bool {
    src.reference.is_none() && src.example.is_none() && src.ready.is_none()
}

/// `stroom plan`.
///
/// # Errors
/// Bad flags, an unknown stroom or route, or dates outside the calendars.
pub fn plan(settings: &Settings, args: PlanArgs) -> Result<()> {
    // With --server the server plans; the calendar and the report read the trail too, and
    // are made here as locally, from the server's trail (`client::load`).
    if let (Some(client), Some(reference), false) = (
        Client::of(settings)?,
        &args.source.reference,
        reads_trail(settings.format),
    ) {
        return remote_plan(settings, &client, reference, &args.source);
    }
    let PlanArgs { source, ics } = args;
    let (req, route_name, notes) = resolve(settings, &source)?;
    let route = settings.routes.get(&route_name)?;
    let planner = Planner::new(route, &settings.calendars)?;
    let mut plan = match (&req.target, ad_hoc_backward_only(&source)) {
        (Some(target), true) => planner.plan_backward(&req, target)?,
        _ => planner.plan(&req)?,
    };
    // An ad hoc plan is planned from its ready date; it is still made as of --today.
    plan.today = settings.today;
    // The target's status from the Kamer's open data, first among the notes.
    plan.calendar.splice(0..0, notes);
    match settings.format {
        Format::Json => json(&plan),
        Format::Csv => crate::output::csv::plan(&plan),
        Format::Ics => crate::output::ics::plan(settings, &source, &req, &plan, &ics),
        Format::Svg | Format::Html => {
            crate::output::picture::plan(settings, settings.format, &plan, None)
        }
        _ => out(&render_plan(&plan, settings.messages())),
    }
}

/// Whether a format reads the stroom's trail besides its plan (the calendar's SEQUENCE
/// numbers, the report's audit trail): with `--server` those are rendered here from the
/// server's trail, by the same code as locally.
fn reads_trail(format: Format) -> bool {
    matches!(format, Format::Ics | Format::Html)
}

/// The plan flags of a stored stroom as the server's query; the notes a named deadline
/// gives are printed here, as locally.
fn plan_query(settings: &Settings, src: &PlanSource) -> Result<PlanQuery> {
    let mut q = PlanQuery {
        today: Some(settings.today),
        send_after: src.send_after,
        ..PlanQuery::default()
    };
    if src.onderraad {
        q.onderraad = Some(true);
    }
    if src.no_onderraad {
        q.onderraad = Some(false);
    }
    if !src.approval_days.is_empty() {
        for spec in &src.approval_days {
            if let Some((r, n)) = spec.split_once('=') {
                role(r)?;
                number::<u16>("approval-days", n)?;
            } else {
                number::<u16>("approval-days", spec)?;
            }
        }
        q.approval_days = Some(src.approval_days.join(","));
    }
    if let Some(expr) = &src.kamer_by {
        q.kamer_by = Some(kamer_by_date(settings, expr)?.to_string());
    }
    if let Some(debate) = &src.debate {
        q.debate = Some(crate::commands::calendar::debate_date(
            debate,
            src.activities.as_deref(),
            settings.lang,
        )?);
        q.debate_lead = src.debate_lead;
    }
    Ok(q)
}

/// The note a plan as of a past day gives, from the server's count of events left out.
fn left_out_note(resp: &reqwest::blocking::Response, settings: &Settings, reference: &str) {
    let later: usize = resp
        .headers()
        .get(stroom_server::LEFT_OUT_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if later > 0 {
        note(&stroom_render::text::planned_as_of(
            settings.lang,
            reference,
            settings.today,
            later,
        ));
    }
}

/// `stroom plan REF --server URL`: the server plans the stroom it holds, with its
/// calendars; the flags go along as the query.
fn remote_plan(
    settings: &Settings,
    client: &Client,
    reference: &str,
    src: &PlanSource,
) -> Result<()> {
    let query = plan_query(settings, src)?;
    let resp = client.get_response(&["api", "strooms", reference, "plan"], &query)?;
    left_out_note(&resp, settings, reference);
    let text = Client::body(resp, "GET /api/strooms/REF/plan")?;
    if settings.format == Format::Json {
        return out(&pretty_json(&text));
    }
    let plan: Plan = decode(&text, "GET /api/strooms/REF/plan")?;
    match settings.format {
        Format::Csv => crate::output::csv::plan(&plan),
        Format::Svg => crate::output::picture::plan(settings, Format::Svg, &plan, None),
        _ => out(&render_plan(&plan, settings.messages())),
    }
}

/// `stroom simulate REF --server URL`: the server simulates the stroom it holds; the
/// scenarios are read here (files and flags) and sent along with the model's text.
fn remote_simulate(
    settings: &Settings,
    client: &Client,
    reference: &str,
    args: &SimulateArgs,
) -> Result<()> {
    let scenarios = scenarios(args)?;
    let runs = args.runs.or(args.monte_carlo.then_some(10_000));
    if let Some(runs) = runs {
        if runs == 0 || runs > stroom_server::MAX_RUNS {
            return Err(Problem::RunsOutOfRange {
                runs,
                max: stroom_server::MAX_RUNS,
            }
            .into());
        }
    }
    let body = SimulateBody {
        plan: plan_query(settings, &args.source)?,
        scenarios: scenarios.clone(),
        runs,
        seed: args.seed,
        model: spec(&args.model),
    };
    let resp = client.post_response(&["api", "strooms", reference, "simulate"], &body)?;
    left_out_note(&resp, settings, reference);
    if runs.is_some() && is_fixed(&args.model) {
        say(settings.lang, &Note::FixedModel);
    }
    for n in resp.headers().get_all(stroom_server::NOTE_HEADER) {
        if let Ok(n) = n.to_str() {
            match stroom_server::note_from_header(n) {
                Some(learned) => say(settings.lang, &learned),
                None => note(n),
            }
        }
    }
    let text = Client::body(resp, "POST /api/strooms/REF/simulate")?;
    if settings.format == Format::Json {
        return out(&pretty_json(&text));
    }
    let sim: SimulationView = decode(&text, "POST /api/strooms/REF/simulate")?;
    let route = settings.routes.get(&sim.what_if.baseline.route)?;
    let planner = Planner::new(route, &settings.calendars)?;
    out(&render_simulation(
        &sim.what_if,
        sim.monte_carlo.as_ref(),
        &scenarios,
        &planner,
        settings.lang,
    ))
}

/// The server's answer to a simulation.
#[derive(serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
struct SimulationView {
    #[serde(flatten)]
    what_if: WhatIf,
    #[serde(default)]
    monte_carlo: Option<MonteCarlo>,
}

/// What-if and Monte Carlo as people read them.
fn render_simulation(
    what_if: &WhatIf,
    mc: Option<&MonteCarlo>,
    scenarios: &[Scenario],
    planner: &Planner<'_>,
    lang: crate::render::Lang,
) -> String {
    let mut s = String::new();
    if !scenarios.is_empty() || mc.is_none() {
        s.push_str(&render_what_if(what_if, planner, lang));
    }
    if let Some(mc) = mc {
        if !s.is_empty() {
            s.push('\n');
        }
        s.push_str(&render_monte_carlo(mc, lang));
    }
    s
}

/// The plan as people read it. Every word comes from `stroom_render::text` and the
/// messages of the language; this function only lays out the tables.
pub fn render_plan(plan: &Plan, msg: &dyn Messages) -> String {
    use stroom_render::text::{self, date_cells, PlanHeading};
    let lang = msg.lang();
    let w = text::words(lang);
    let mut s = String::new();
    let onderraad = if plan.onderraad {
        Some(true)
    } else if plan
        .milestones
        .iter()
        .any(|m| m.step == Step::Voorportaal || m.step == Step::Ministerraad)
    {
        Some(false)
    } else {
        None
    };
    s.push_str(&text::plan_heading(
        lang,
        &PlanHeading {
            latest_only: plan.kamer.is_none(),
            reference: plan.reference.as_deref(),
            route: &plan.route,
            onderraad,
            send_after: plan.send_after,
            today: plan.today,
        },
    ));
    s.push('\n');
    if !plan.milestones.is_empty() {
        s.push('\n');
        let mut t = Table::new(w.plan_columns);
        for m in &plan.milestones {
            let mut cells = vec![
                text::step(lang, m.step).to_string(),
                text::body(lang, &m.body),
            ];
            cells.extend(date_cells(lang, m.date));
            cells.extend([
                msg.basis(m.basis).to_string(),
                msg.why_and_also(&m.why, &m.also),
            ]);
            t.row(cells);
        }
        s.push_str(&t.render());
    }
    if let Some(kamer) = plan.kamer {
        s.push_str(&format!("\n{}\n", text::earliest_kamer(lang, kamer)));
    }
    if let Some(back) = &plan.target {
        let target = text::plan_target(
            lang,
            back.debate,
            back.send_by.date,
            &msg.why(&back.send_by.why),
        );
        let verdict = plan
            .standing
            .map_or(String::new(), |s| format!(": {}", msg.standing(s)));
        s.push_str(&format!("\n{} {target}{verdict}\n", w.target));
        if back.latest.is_empty() {
            s.push_str(w.nothing_meets);
            s.push('\n');
        } else {
            s.push_str(w.latest_heading);
            s.push('\n');
            let mut t = Table::new(w.latest_columns);
            for l in &back.latest {
                let mut cells = vec![
                    text::step(lang, l.step).to_string(),
                    text::body(lang, &l.body),
                ];
                cells.extend(date_cells(lang, l.date));
                cells.extend([
                    msg.basis(l.basis).to_string(),
                    msg.why_and_also(&l.why, &l.also),
                ]);
                t.row(cells);
            }
            s.push_str(&t.render());
        }
    }
    if let Some(level) = plan
        .provenance
        .filter(|l| *l > stroom::calendar::Level::Sourced)
    {
        s.push_str(&format!(
            "\n{}\n",
            text::weakest_provenance(
                lang,
                stroom_render::labels::provenance(lang, level),
                &stroom_render::labels::provenance_scale(lang)
            )
        ));
    }
    for warning in &plan.warnings {
        s.push_str(&format!("\n{} {}", w.warning, msg.warning(warning)));
    }
    for n in &plan.calendar {
        s.push_str(&format!(
            "\n{} {}",
            w.warning,
            stroom_render::text::path_note(lang, n)
        ));
    }
    if !plan.warnings.is_empty() || !plan.calendar.is_empty() {
        s.push('\n');
    }
    s
}

fn split_pair<'a>(flag: &str, value: &'a str) -> Result<(&'a str, &'a str)> {
    let example = match flag {
        "delay" => "approval=5",
        "approve-on" => "MOCW=2023-10-05",
        "role-approval" => "MPVO=triangular(3,5,15)",
        _ => "MPVO=5",
    };
    value.split_once('=').ok_or_else(|| {
        Problem::NotKeyValue {
            flag: flag.to_string(),
            value: value.to_string(),
            example: example.to_string(),
        }
        .into()
    })
}

fn role(s: &str) -> Result<Role> {
    Ok(s.trim().parse::<Role>()?)
}

fn number<T: std::str::FromStr>(flag: &str, s: &str) -> Result<T> {
    s.trim().parse().map_err(|_| {
        Problem::NotANumber {
            flag: flag.to_string(),
            value: s.to_string(),
        }
        .into()
    })
}

/// The scenarios from flags and files, in the order given.
fn scenarios(args: &SimulateArgs) -> Result<Vec<Scenario>> {
    let mut out = Vec::new();
    for file in &args.scenarios {
        let text = read_text(stroom_render::cli::FileKind::Scenario, file)?;
        out.extend(simulate::parse_scenarios(
            &file.display().to_string(),
            &text,
        )?);
    }
    let one = |change: Change| Scenario {
        // Named by its change in English (the name in JSON); the tables label it in the
        // reader's language.
        name: stroom_render::text::change(crate::render::Lang::En, &change),
        changes: vec![change],
    };
    for d in &args.delay {
        let (step, n) = split_pair("delay", d)?;
        let step: Step = step.trim().parse()?;
        let n: i32 = number("delay", n)?;
        out.push(one(Change::Delay { step, werkdagen: n }));
    }
    for d in &args.delay_role {
        let (r, n) = split_pair("delay-role", d)?;
        let n: i32 = number("delay-role", n)?;
        out.push(one(Change::RoleDelay {
            role: role(r)?,
            werkdagen: n,
        }));
    }
    for d in &args.approve_on {
        let (r, date) = split_pair("approve-on", d)?;
        let date = stroom::dates::parse(date.trim()).map_err(|error| Problem::FlagDate {
            flag: "approve-on".into(),
            error,
        })?;
        out.push(one(Change::ApprovalOn {
            role: role(r)?,
            date,
        }));
    }
    if args.if_onderraad {
        out.push(one(Change::Onderraad { needed: true }));
    }
    if args.if_no_onderraad {
        out.push(one(Change::Onderraad { needed: false }));
    }
    if let Some(rework) = args.if_return {
        out.push(one(Change::VoorportaalReturn { rework }));
    }
    if let Some(times) = args.if_holds {
        out.push(one(Change::MrHolds { times }));
    }
    if let Some(k) = args.if_send_after {
        out.push(one(Change::SendAfter { k }));
    }
    Ok(out)
}

/// The model's text form, from the flags.
pub fn spec(args: &ModelArgs) -> ModelSpec {
    ModelSpec {
        approval: args.approval.clone(),
        role_approval: args.role_approval.clone(),
        p_onderraad: args.p_onderraad,
        p_return: args.p_return,
        rework: args.rework.clone(),
        p_hold: args.p_hold,
    }
}

/// Whether the flags leave every duration fixed and every event impossible.
fn is_fixed(args: &ModelArgs) -> bool {
    spec(args).is_fixed()
}

/// The model from the flags; `loaded` holds the stored strooms when the caller has read
/// them (a second open in the same process would find the database locked).
fn model(
    settings: &Settings,
    planner: &Planner<'_>,
    args: &ModelArgs,
    loaded: Option<&[journal::Loaded]>,
) -> Result<(Model, Vec<Note>)> {
    let spec = spec(args);
    let read;
    let loaded = match loaded {
        Some(l) => l,
        None if spec.wants_empirical() => {
            read = crate::client::load_all(settings)?;
            &read
        }
        None => &[],
    };
    Ok(spec.build(planner, loaded, &|f: &str| format!("--{f}"))?)
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct SimulateOutput<'a> {
    /// [`stroom::view::VIEW_SCHEMA`], as every JSON answer.
    schema: u32,
    #[serde(flatten)]
    what_if: &'a WhatIf,
    #[serde(skip_serializing_if = "Option::is_none")]
    monte_carlo: Option<&'a MonteCarlo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    model: Option<&'a Model>,
}

/// `portfolio --format json`: `{"schema": 1, "strooms": [...]}`, in client mode too.
#[derive(Serialize)]
struct PortfolioJson<'a> {
    schema: u32,
    strooms: &'a [stroom::portfolio::Entry],
}

impl<'a> PortfolioJson<'a> {
    fn of(entries: &'a [stroom::portfolio::Entry]) -> PortfolioJson<'a> {
        PortfolioJson {
            schema: stroom::view::VIEW_SCHEMA,
            strooms: entries,
        }
    }
}

/// `stroom simulate`.
///
/// # Errors
/// Bad flags or files, an unknown stroom or route, or dates outside the calendars.
pub fn simulate(settings: &Settings, args: SimulateArgs) -> Result<()> {
    if let (Some(client), Some(reference), false) = (
        Client::of(settings)?,
        &args.source.reference,
        reads_trail(settings.format),
    ) {
        return remote_simulate(settings, &client, reference, &args);
    }
    let (req, route_name, notes) = resolve(settings, &args.source)?;
    for n in &notes {
        note(&format!(
            "{} {}",
            stroom_render::text::words(settings.lang).warning,
            stroom_render::text::path_note(settings.lang, n)
        ));
    }
    if req.target.is_some() && ad_hoc_backward_only(&args.source) {
        return Err(Problem::SimulationNeedsStart.into());
    }
    let route = settings.routes.get(&route_name)?;
    let planner = Planner::new(route, &settings.calendars)?;
    let scenarios = scenarios(&args)?;
    let what_if = simulate::what_if(&planner, &req, &scenarios)?;
    let runs = args.runs.or(args.monte_carlo.then_some(10_000));
    let mut mc = None;
    let mut model_used = None;
    if let Some(runs) = runs {
        if runs == 0 || runs > 100_000_000 {
            return Err(Problem::RunsOutOfRange {
                runs,
                max: 100_000_000,
            }
            .into());
        }
        let (m, notes) = model(settings, &planner, &args.model, None)?;
        if is_fixed(&args.model) {
            say(settings.lang, &Note::FixedModel);
        }
        for n in notes {
            say(settings.lang, &n);
        }
        let threads = args
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
        let bar = crate::progress::bar(runs, settings.format == Format::Human);
        let result =
            simulate::monte_carlo(&planner, &req, &m, runs, args.seed, threads, &|done| {
                bar.set(done)
            })?;
        bar.finish();
        mc = Some(result);
        model_used = Some(m);
    }
    match settings.format {
        Format::Json => json(&SimulateOutput {
            schema: stroom::view::VIEW_SCHEMA,
            what_if: &what_if,
            monte_carlo: mc.as_ref(),
            model: model_used.as_ref(),
        }),
        Format::Html => {
            crate::output::picture::plan(settings, Format::Html, &what_if.baseline, mc.as_ref())
        }
        _ => out(&render_simulation(
            &what_if,
            mc.as_ref(),
            &scenarios,
            &planner,
            settings.lang,
        )),
    }
}

/// Baseline and scenarios side by side: per step the date and the difference in werkdagen.
pub fn render_what_if(w: &WhatIf, planner: &Planner<'_>, lang: crate::render::Lang) -> String {
    use stroom_render::text;
    let words = text::words(lang);
    let wd = planner.werkdagen();
    let mut header: Vec<String> = words.what_if_columns.map(String::from).to_vec();
    header.extend(w.scenarios.iter().map(|s| match s.changes.as_slice() {
        // A scenario from a flag is named by its change: label it in the reader's language.
        [c] if s.name == text::change(crate::render::Lang::En, c) => text::change(lang, c),
        _ => s.name.clone(),
    }));
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = Table::new(&header_refs);
    let key = |m: &stroom::planner::Milestone| (m.step, m.body.clone());
    let mut rows: Vec<(Step, String)> = Vec::new();
    for plan in std::iter::once(&w.baseline).chain(w.scenarios.iter().map(|s| &s.plan)) {
        for m in &plan.milestones {
            if !rows.contains(&key(m)) {
                rows.push(key(m));
            }
        }
    }
    rows.sort_by_key(|(step, _)| *step);
    let find = |plan: &Plan, k: &(Step, String)| {
        plan.milestones
            .iter()
            .find(|m| &key(m) == k)
            .map(|m| m.date)
    };
    let day = |d: Date| stroom_render::lang::day(lang, d);
    for k in &rows {
        let label = format!("{} ({})", text::step(lang, k.0), text::body(lang, &k.1));
        let base = find(&w.baseline, k);
        let mut cells = vec![label, base.map_or("-".into(), day)];
        for s in &w.scenarios {
            cells.push(match (find(&s.plan, k), base) {
                (Some(d), Some(b)) => {
                    text::what_if_cell(lang, d, Some(i64::from(wd.between(b, d).unwrap_or(0))))
                }
                (Some(d), None) => text::what_if_cell(lang, d, None),
                (None, _) => "-".into(),
            });
        }
        t.row(cells);
    }
    if w.baseline.target.is_some() {
        let mut cells = vec![
            words.what_if_target.to_string(),
            text::verdict(lang, w.baseline.standing),
        ];
        cells.extend(
            w.scenarios
                .iter()
                .map(|sc| text::verdict(lang, sc.plan.standing)),
        );
        t.row(cells);
    }
    let mut s = format!("{}\n\n", words.what_if_heading);
    s.push_str(&t.render());
    s
}

/// Percentiles per step, the probability of meeting the target and a histogram.
pub fn render_monte_carlo(mc: &MonteCarlo, lang: crate::render::Lang) -> String {
    use stroom_render::text;
    let words = text::words(lang);
    let day = |d: Date| stroom_render::lang::day(lang, d);
    let mut s = format!("{}\n\n", text::monte_carlo_heading(lang, mc.runs, mc.seed));
    let mut t = Table::new(words.monte_carlo_columns);
    for st in &mc.steps {
        t.row(vec![
            text::step(lang, st.step).into(),
            day(st.p50),
            day(st.p80),
            day(st.p95),
            st.runs.to_string(),
        ]);
    }
    s.push_str(&t.render());
    if let (Some(p), Some(by)) = (mc.p_target, mc.send_by) {
        let met = (p * mc.runs as f64).round() as u64;
        s.push_str(&format!(
            "\n{}\n",
            text::p_sent_by(lang, by, &percent(lang, met, mc.runs))
        ));
    }
    s.push_str(&format!("\n{}\n", words.distribution));
    let max = mc.kamer.iter().map(|k| k.runs).max().unwrap_or(1);
    let date_width = mc
        .kamer
        .iter()
        .map(|k| day(k.date).chars().count())
        .max()
        .unwrap_or(0);
    let mut cumulative = 0;
    for k in &mc.kamer {
        cumulative += k.runs;
        let width = ((k.runs as f64 / max as f64) * 40.0).round() as usize;
        let marker = match mc.send_by {
            Some(by) if k.date > by => format!(" {}", words.late),
            _ => String::new(),
        };
        s.push_str(&format!(
            "  {:<date_width$}  {:<40}  {:>5}%  ({} {:>5}%){marker}\n",
            day(k.date),
            "#".repeat(width.max(1)),
            percent(lang, k.runs, mc.runs),
            words.cumulative,
            percent(lang, cumulative, mc.runs)
        ));
    }
    s
}

/// `part` of `whole` as a percentage with one decimal, rounded half up in integers so that
/// the same count always prints the same figure.
fn percent(lang: crate::render::Lang, part: u64, whole: u64) -> String {
    let tenths = (part * 1000 + whole / 2) / whole.max(1);
    stroom_render::text::percent(lang, tenths)
}

/// `stroom portfolio`.
///
/// # Errors
/// A store failure.
pub fn portfolio(settings: &Settings, args: PortfolioArgs) -> Result<()> {
    let PortfolioArgs {
        model: model_args,
        at_risk,
        runs,
        seed,
        ics,
    } = args;
    if settings.format == Format::Ics {
        // Locally and with --server alike: the calendar reads every trail (`client::load_all`).
        return crate::output::ics::portfolio(settings, &ics);
    }
    if let Some(client) = Client::of(settings)? {
        let mut query = vec![
            ("today", settings.today.to_string()),
            ("at-risk", at_risk.to_string()),
        ];
        if let Some(runs) = runs {
            if is_fixed(&model_args) {
                say(settings.lang, &Note::FixedModel);
            }
            let m = spec(&model_args);
            if m.role_approval.iter().any(|r| r.contains(';')) {
                return Err(Problem::SemicolonAgainstServer.into());
            }
            query.extend([
                ("runs", runs.to_string()),
                ("seed", seed.to_string()),
                ("p-onderraad", m.p_onderraad.to_string()),
                ("p-return", m.p_return.to_string()),
                ("p-hold", m.p_hold.to_string()),
                ("role-approval", m.role_approval.join(";")),
            ]);
            query.extend(m.approval.map(|a| ("approval", a)));
            query.extend(m.rework.map(|r| ("rework", r)));
        }
        let text = client.get(&["api", "portfolio"], &query)?;
        #[derive(serde::Deserialize)]
        struct Listed {
            strooms: Vec<stroom::portfolio::Entry>,
        }
        let entries = decode::<Listed>(&text, "GET /api/portfolio")?.strooms;
        if settings.format == Format::Json {
            // The same JSON as locally, made from the server's rows.
            return json(&PortfolioJson::of(&entries));
        }
        return render_portfolio(settings, &entries, runs.is_some());
    }
    // Every trail read and checked in the pass over the anchor, which is not held in memory.
    let store = settings.read_store_every_trail()?;
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    // The states alone: the records are read (and checked) but not kept.
    let current = stroom::portfolio::load_current_on(&store, &settings.routes, threads)?;
    // A route the route files no longer define is planned under the one stored at `new`.
    let routes = journal::planning_routes_current(&current, &settings.routes);
    let strooms: Vec<Stroom> = current.into_iter().map(|c| c.stroom).collect();
    let mut entries = stroom::portfolio::portfolio_on(
        &strooms,
        &routes,
        &settings.calendars,
        settings.today,
        at_risk,
        threads,
    );
    if let Some(runs) = runs {
        if is_fixed(&model_args) {
            say(settings.lang, &Note::FixedModel);
        }
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        // One model per route in use: an empirical model reads the trails once.
        let mut models: BTreeMap<String, Model> = BTreeMap::new();
        let mut loaded: Option<Vec<journal::Loaded>> = None;
        for e in entries.iter().filter(|e| e.send_by.is_some()) {
            if !models.contains_key(&e.route) {
                let planner = Planner::new(routes.get(&e.route)?, &settings.calendars)?;
                // An empirical model reads the trails (once: kept for the next route).
                if loaded.is_none() && spec(&model_args).wants_empirical() {
                    loaded = Some(crate::client::load_all(settings)?);
                }
                let (m, _) = model(settings, &planner, &model_args, loaded.as_deref())?;
                models.insert(e.route.clone(), m);
            }
        }
        stroom::portfolio::monte_carlo(
            &mut entries,
            &strooms,
            &routes,
            &settings.calendars,
            settings.today,
            &models,
            runs,
            seed,
            threads,
        )?;
    }
    let rendered = if settings.format == Format::Json {
        json(&PortfolioJson::of(&entries))
    } else {
        render_portfolio(settings, &entries, runs.is_some())
    };
    // 10,000 strooms and their rows are freed by the OS when the process exits, at once;
    // piece by piece they cost 30 M instructions on the main thread (DESIGN.md, Speed).
    std::mem::forget(strooms);
    std::mem::forget(entries);
    rendered
}

/// The portfolio as a table or CSV; `with_p` adds the P(target) column.
fn render_portfolio(
    settings: &Settings,
    entries: &[stroom::portfolio::Entry],
    with_p: bool,
) -> Result<()> {
    let runs = with_p.then_some(());
    match settings.format {
        Format::Json => json(&PortfolioJson::of(entries)),
        Format::Csv => crate::output::csv::portfolio(entries),
        _ => {
            use stroom_render::text;
            let lang = settings.lang;
            let words = text::words(lang);
            let day = |d: Date| stroom_render::lang::day(lang, d);
            if entries.is_empty() {
                note(words.no_open_strooms);
                return Ok(());
            }
            let mut header = words.portfolio_columns.to_vec();
            if runs.is_some() {
                header.push(words.p_target);
            }
            header.push(words.title);
            let mut t = Table::new(&header);
            for e in entries {
                let mut cells = vec![
                    stroom_render::labels::risk(lang, e.risk).to_string(),
                    e.reference.clone(),
                    e.state.name().to_string(),
                    e.kamer.map_or("-".into(), day),
                    text::portfolio_target(lang, e.target.as_ref()),
                    e.send_by.map_or("-".into(), day),
                    e.standing
                        .map_or("-".into(), |s| Standing::signed(s).to_string()),
                ];
                if runs.is_some() {
                    cells.push(
                        e.p_target
                            .map_or("-".into(), |p| format!("{:.0}%", p * 100.0)),
                    );
                }
                cells.push(match &e.error {
                    Some(err) => text::cannot_plan(lang, &e.title, err),
                    None => e.title.clone(),
                });
                t.row(cells);
            }
            let written = out(&t.render());
            // Left to the OS, as the strooms are (`portfolio`).
            std::mem::forget(t);
            written
        }
    }
}
