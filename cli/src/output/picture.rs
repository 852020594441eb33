//! `--format svg|html`: the timeline picture and the one-page report, from `stroom_render`.

use anyhow::Result;
use stroom::planner::Plan;
use stroom::simulate::MonteCarlo;
use stroom_render::html::{page, Extras};
use stroom_render::timeline::svg;

use crate::args::Format;
use crate::render::out;
use crate::settings::Settings;

/// Writes the plan as SVG or HTML. A stored stroom's page carries its title and audit trail;
/// `monte_carlo` adds the histogram.
///
/// # Errors
/// An unknown route, or a store failure for a stored stroom.
pub fn plan(
    settings: &Settings,
    format: Format,
    plan: &Plan,
    monte_carlo: Option<&MonteCarlo>,
) -> Result<()> {
    let route = settings.routes.get(&plan.route)?;
    if format == Format::Svg {
        return out(&svg(plan, route, &settings.calendars, settings.lang));
    }
    let loaded = match &plan.reference {
        Some(reference) => Some(crate::client::load(settings, reference)?),
        None => None,
    };
    let extras = Extras {
        title: loaded.as_ref().map(|l| l.stroom.def.title.as_str()),
        monte_carlo,
        trail: loaded.as_ref().map(|l| l.records.as_slice()),
    };
    out(&page(
        plan,
        route,
        &settings.calendars,
        extras,
        settings.lang,
    ))
}
