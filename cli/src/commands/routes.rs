//! `routes list` and `routes show`.

use anyhow::Result;
use serde::Serialize;
use stroom::machine::{render_mermaid, render_table, CommandKind, StateKind, TABLE};
use stroom::{Route, RouteKind};

use crate::args::{Format, RouteShowArgs, RoutesCommand};
use crate::render::{self, Fields, Table};
use crate::settings::Settings;
use stroom_render::reports;

/// Runs a `routes` subcommand.
pub fn run(settings: &Settings, cmd: RoutesCommand) -> Result<()> {
    match cmd {
        RoutesCommand::List => list(settings),
        RoutesCommand::Show(args) => show(settings, args),
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
        /// `{"schema": 1, "routes": [...]}`.
        #[derive(Serialize)]
        struct Listed<'a> {
            routes: Vec<ListRow<'a>>,
        }
        return render::answer(&Listed { routes: rows });
    }
    let mut t = Table::new(&reports::route_columns(settings.lang));
    for r in routes {
        t.row(vec![
            r.name.clone(),
            reports::route_kind(r.kind()).to_string(),
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
        return render::answer(&Show {
            route,
            kind,
            transitions,
        });
    }
    let lang = settings.lang;
    let mut f = Fields::default();
    for (k, v) in reports::route_fields(lang, route) {
        f.add(&k, v);
    }
    let mut text = f.render();
    text.push_str(&format!("\n{}\n", reports::transitions_heading(lang)));
    for line in render_table(route).lines() {
        text.push_str(&format!("  {line}\n"));
    }
    render::out(&text)
}
