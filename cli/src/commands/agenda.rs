//! `stroom agenda`: what is due across all open strooms in the coming weeks, by day. The
//! domain loop is `stroom::agenda::agenda`; this module loads, calls it and renders.

use anyhow::Result;
use stroom::agenda::{Agenda, ItemKind};
use stroom::planner::Step;
use stroom::portfolio::Risk;
use stroom_render::labels;
use stroom_render::lang::{day, week, Lang};

use crate::args::{AgendaArgs, Format};
use crate::output;
use crate::render::{json, note, out, Table};
use crate::settings::Settings;

/// `stroom agenda`.
///
/// # Errors
/// A store failure.
pub fn agenda(settings: &Settings, args: AgendaArgs) -> Result<()> {
    let AgendaArgs {
        weeks,
        at_risk,
        ics,
    } = args;
    // Locally or with --server: the agenda is made here from every trail (the server's,
    // through `client::load_all`), so every format reads as locally.
    let loaded = crate::client::load_all(settings)?;
    let strooms: Vec<_> = loaded.iter().map(|l| l.stroom.clone()).collect();
    // A route the route files no longer define is planned under the one stored at `new`.
    let routes = stroom::journal::planning_routes(&loaded, &settings.routes);
    let agenda = stroom::agenda::agenda(
        &strooms,
        &routes,
        &settings.calendars,
        settings.today,
        weeks,
        at_risk,
    );
    match settings.format {
        Format::Json => json(&agenda),
        Format::Csv => output::csv::agenda(&agenda),
        Format::Ics => output::ics::agenda(settings, &agenda, &loaded, &ics),
        _ => {
            if strooms.iter().all(|s| s.state.kind().is_terminal()) {
                note(settings.lang.pick("no open strooms", "geen open strooms"));
                return Ok(());
            }
            out(&render(&agenda, settings.lang))
        }
    }
}

/// The agenda as people read it: a heading per day (with its ISO week), one line per item,
/// then the strooms that need attention.
pub fn render(agenda: &Agenda, lang: Lang) -> String {
    let mut s = match lang {
        Lang::En => format!(
            "Agenda {} to {} ({} to {})\n",
            day(lang, agenda.from),
            day(lang, agenda.to),
            week(agenda.from),
            week(agenda.to)
        ),
        Lang::Nl => format!(
            "Agenda {} t/m {} ({} t/m {})\n",
            day(lang, agenda.from),
            day(lang, agenda.to),
            week(agenda.from),
            week(agenda.to)
        ),
    };
    if agenda.items.is_empty() {
        s.push_str(lang.pick(
            "\nnothing due in this period\n",
            "\nniets te doen in deze periode\n",
        ));
    }
    let mut current = None;
    let mut table: Option<Table> = None;
    for i in &agenda.items {
        if current != Some(i.date) {
            if let Some(t) = table.take() {
                s.push_str(&t.render());
            }
            s.push_str(&format!("\n{} ({})\n", day(lang, i.date), week(i.date)));
            current = Some(i.date);
            table = Some(Table::new(&[]));
        }
        let what = match i.kind {
            ItemKind::Latest => format!(
                "{} {}",
                labels::kind(lang, ItemKind::Latest),
                labels::step(lang, i.step)
            ),
            ItemKind::Approval => labels::kind(lang, ItemKind::Approval).to_string(),
            _ => labels::step(lang, i.step).to_string(),
        };
        let body = match i.step {
            Step::Kamer => String::new(),
            _ => labels::body(&i.body),
        };
        let basis = i
            .basis
            .filter(|b| labels::is_estimate(*b))
            .map(|b| format!("({})", labels::basis(lang, b)))
            .unwrap_or_default();
        if let Some(t) = table.as_mut() {
            t.row(vec![
                format!("  {}", i.reference),
                what,
                body,
                basis,
                match i.risk {
                    Risk::Late | Risk::AtRisk => labels::risk(lang, i.risk).to_uppercase(),
                    _ => String::new(),
                },
                i.title.clone(),
            ]);
        }
    }
    if let Some(t) = table.take() {
        s.push_str(&t.render());
    }
    if !agenda.attention.is_empty() {
        s.push_str(lang.pick("\nNeeds attention:\n", "\nAandacht nodig:\n"));
        let mut t = Table::new(&[]);
        for e in &agenda.attention {
            let detail = match (&e.error, e.slack(), e.send_by) {
                (Some(err), _, _) => match lang {
                    Lang::En => format!("cannot plan: {err}"),
                    Lang::Nl => format!("niet te plannen: {err}"),
                },
                (None, Some(slack), Some(by)) => match lang {
                    Lang::En => format!("send by {}, slack {slack} werkdagen", day(lang, by)),
                    Lang::Nl => format!("uiterlijk {}, speling {slack} werkdagen", day(lang, by)),
                },
                _ => String::new(),
            };
            t.row(vec![
                format!("  {}", e.reference),
                labels::risk(lang, e.risk).to_string(),
                detail,
                e.title.clone(),
            ]);
        }
        s.push_str(&t.render());
    }
    s
}
