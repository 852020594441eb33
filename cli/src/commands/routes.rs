//! `routes list` and `routes show`.

use anyhow::Result;
use serde::Serialize;
use stroom::machine::{render_mermaid, render_table, CommandKind, StateKind, TABLE};
use stroom::{Route, RouteKind};

use crate::args::{Format, RouteShowArgs, RoutesCommand};
use crate::render::{self, Fields, Table};
use crate::settings::Settings;

/// Runs a `routes` subcommand.
pub fn run(settings: &Settings, cmd: RoutesCommand) -> Result<()> {
    match cmd {
        RoutesCommand::List => list(settings),
        RoutesCommand::Show(args) => show(settings, args),
    }
}

fn kind_name(kind: RouteKind) -> &'static str {
    match kind {
        RouteKind::Ministerraad => "ministerraad",
        RouteKind::Ondertekening => "ondertekening",
    }
}

#[derive(Serialize)]
struct ListRow<'a> {
    name: &'a str,
    kind: RouteKind,
    title: &'a str,
}

fn list(settings: &Settings) -> Result<()> {
    let routes: Vec<&Route> = settings.routes.iter().collect();
    if settings.format == Format::Json {
        let rows: Vec<ListRow<'_>> = routes
            .iter()
            .map(|r| ListRow {
                name: &r.name,
                kind: r.kind(),
                title: &r.title,
            })
            .collect();
        return render::json(&rows);
    }
    let mut t = Table::new(&["NAME", "KIND", "TITLE"]);
    for r in routes {
        t.row(vec![
            r.name.clone(),
            kind_name(r.kind()).to_string(),
            r.title.clone(),
        ]);
    }
    render::out(&t.render())
}

#[derive(Serialize)]
struct TransitionRow {
    from: StateKind,
    command: CommandKind,
    to: &'static [StateKind],
}

#[derive(Serialize)]
struct Show<'a> {
    route: &'a Route,
    kind: RouteKind,
    transitions: Vec<TransitionRow>,
}

fn show(settings: &Settings, args: RouteShowArgs) -> Result<()> {
    let RouteShowArgs { name, mermaid } = args;
    let route = settings.routes.get(&name)?;
    let kind = route.kind();
    if mermaid {
        return render::out(&render_mermaid(route));
    }
    if settings.format == Format::Json {
        let transitions = TABLE
            .iter()
            .filter(|t| t.routes.contains(&kind))
            .map(|t| TransitionRow {
                from: t.from,
                command: t.command,
                to: t.to,
            })
            .collect();
        return render::json(&Show {
            route,
            kind,
            transitions,
        });
    }
    let none = || "none".to_string();
    let mut f = Fields::default();
    f.add("name", route.name.as_str());
    f.add("title", route.title.as_str());
    f.add("kind", kind_name(kind));
    if kind == RouteKind::Ministerraad {
        f.add(
            "voorportaal",
            route.voorportaal.clone().unwrap_or_else(none),
        );
        f.add(
            "onderraad",
            route.onderraad.clone().unwrap_or_else(|| "none".into()),
        );
        f.add(
            "ministerraad",
            route.ministerraad.clone().unwrap_or_else(none),
        );
    }
    let after = if kind == RouteKind::Ministerraad {
        "the MR"
    } else {
        "signing"
    };
    f.add(
        "send after",
        format!(
            "{} after {after} (estimate)",
            werkdagen(route.send_after.into())
        ),
    );
    f.add(
        "debate lead",
        format!(
            "sent {} before a debate (estimate)",
            werkdagen(route.debate_lead.into())
        ),
    );
    f.add(
        "approvals",
        if route.approvals_carry_over {
            "carry over to a new version"
        } else {
            "of an older version do not count for a new one"
        },
    );
    if route.onderraad.is_some() {
        f.add(
            "onderraad lead",
            format!(
                "stukken {} calendar days before the onderraad",
                route.onderraad_lead_days
            ),
        );
    }
    let d = &route.durations;
    f.add(
        "approval takes",
        format!("{} (estimate)", werkdagen(d.approval)),
    );
    for (role, days) in &d.roles {
        f.add(
            &format!("  {role}"),
            format!("{} (estimate)", werkdagen(*days)),
        );
    }
    f.add(
        "rework takes",
        format!("{} after a return (estimate)", werkdagen(d.rework)),
    );
    let mut text = f.render();
    text.push_str("\ntransitions (state, command -> next state):\n");
    for line in render_table(route).lines() {
        text.push_str(&format!("  {line}\n"));
    }
    render::out(&text)
}

fn werkdagen(n: u16) -> String {
    if n == 1 {
        "1 werkdag".into()
    } else {
        format!("{n} werkdagen")
    }
}
