//! One self-contained, print-friendly HTML page for a plan: the plan table, the timeline,
//! the Monte Carlo histogram when there is one, and the audit trail of a stored stroom. No
//! scripts, no external files: it prints, mails and archives as it is.

use std::fmt::Write as _;

use stroom::planner::Plan;
use stroom::simulate::MonteCarlo;
use stroom::{Calendars, Record, Route};

use crate::labels;
use crate::lang::{day, week, Lang};
use crate::timeline::{esc, svg};

/// What goes on the page besides the plan.
#[derive(Debug, Default, Clone, Copy)]
pub struct Extras<'a> {
    /// The stroom's title, when stored.
    pub title: Option<&'a str>,
    /// A Monte Carlo result, for the histogram.
    pub monte_carlo: Option<&'a MonteCarlo>,
    /// The audit trail of a stored stroom.
    pub trail: Option<&'a [Record]>,
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:12px;color:#111;margin:16px;max-width:1100px}\
h1{font-size:18px;margin:0 0 4px}h2{font-size:14px;margin:18px 0 6px;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:3px 6px;border-bottom:1px solid #e4e4e4;vertical-align:top}\
th{background:#f3f3f3}td.date{white-space:nowrap}tr.estimated td.date{font-style:italic}\
.tag{display:inline-block;padding:0 4px;border:1px dashed #1f4e9c;color:#1f4e9c;font-size:10px}\
.tag.sourced{border-style:solid}.warn{color:#b3261e}.ok{color:#1b7f3b}\
.bar{background:#1f4e9c;height:12px}.bar.late{background:#b3261e}\
.timeline{overflow-x:auto}.timeline svg{max-width:100%;height:auto}\
@media print{body{margin:0}.timeline{overflow:visible}h2{break-after:avoid}table,svg{break-inside:avoid}}\
@page{size:A4 landscape;margin:12mm}";

/// The page.
pub fn page(plan: &Plan, route: &Route, cal: &Calendars, extras: Extras<'_>, lang: Lang) -> String {
    let mut s = String::new();
    let heading = match (&plan.reference, extras.title) {
        (Some(r), Some(t)) => format!("{r} {t}"),
        (Some(r), None) => r.clone(),
        _ => format!(
            "{} ({})",
            lang.pick("Ad hoc plan", "Ad-hocplanning"),
            plan.route
        ),
    };
    let html_lang = match lang {
        Lang::En => "en",
        Lang::Nl => "nl",
    };
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>",
        esc(&heading)
    );
    let _ = write!(s, "<h1>{}</h1>", esc(&heading));
    let _ = write!(
        s,
        "<p>{} {}, {} {} ({}).",
        lang.pick("Route", "Route"),
        esc(&plan.route),
        lang.pick("planned on", "gepland op"),
        esc(&day(lang, plan.today)),
        esc(&week(plan.today))
    );
    if let Some(k) = plan.kamer {
        let _ = write!(
            s,
            " <strong>{} {}</strong>.",
            lang.pick("Earliest Kamer date:", "Vroegste Kamerdatum:"),
            esc(&day(lang, k))
        );
    }
    if let (Some(back), Some(slack)) = (&plan.target, plan.slack()) {
        let (class, text) = if slack >= 0 {
            (
                "ok",
                match lang {
                    Lang::En => format!("feasible, slack {slack} werkdagen"),
                    Lang::Nl => format!("haalbaar, speling {slack} werkdagen"),
                },
            )
        } else {
            (
                "warn",
                match lang {
                    Lang::En => format!("NOT feasible, {} werkdagen late", -slack),
                    Lang::Nl => format!("NIET haalbaar, {} werkdagen te laat", -slack),
                },
            )
        };
        let _ = write!(
            s,
            " {} {}: <span class=\"{class}\">{}</span>.",
            lang.pick("Send by", "Uiterlijk verzenden op"),
            esc(&day(lang, back.send_by.date)),
            esc(&text)
        );
    }
    s.push_str("</p>");
    // The plan table.
    let _ = write!(s, "<h2>{}</h2><table><tr>", lang.pick("Plan", "Planning"));
    for h in [
        lang.pick("step", "stap"),
        lang.pick("body", "orgaan"),
        lang.pick("date", "datum"),
        lang.pick("week", "week"),
        lang.pick("basis", "basis"),
        lang.pick("why", "waarom"),
    ] {
        let _ = write!(s, "<th>{}</th>", esc(h));
    }
    s.push_str("</tr>");
    for m in &plan.milestones {
        let estimated = labels::is_estimate(m.basis);
        let _ = write!(
            s,
            "<tr class=\"{}\"><td>{}</td><td>{}</td><td class=\"date\">{}</td><td>{}</td><td><span class=\"tag{}\">{}</span></td><td>{}</td></tr>",
            if estimated { "estimated" } else { "sourced" },
            esc(labels::step(lang, m.step)),
            esc(&labels::body(&m.body)),
            esc(&day(lang, m.date)),
            esc(&week(m.date)).replace(' ', "&#160;"),
            if estimated { "" } else { " sourced" },
            esc(labels::basis(lang, m.basis)),
            esc(&crate::messages::messages(lang).why_and_also(&m.why, &m.also))
        );
    }
    s.push_str("</table>");
    if let Some(back) = &plan.target {
        let _ = write!(
            s,
            "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            lang.pick(
                "Latest dates that still meet the target",
                "Uiterste data die het doel nog halen"
            ),
            esc(lang.pick("step", "stap")),
            esc(lang.pick("body", "orgaan")),
            esc(lang.pick("latest", "uiterlijk")),
            esc(lang.pick("why", "waarom"))
        );
        for l in &back.latest {
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td><td class=\"date\">{}</td><td>{}</td></tr>",
                esc(labels::step(lang, l.step)),
                esc(&labels::body(&l.body)),
                esc(&day(lang, l.date)),
                esc(&crate::messages::messages(lang).why_and_also(&l.why, &l.also))
            );
        }
        s.push_str("</table>");
    }
    if !plan.warnings.is_empty() {
        let _ = write!(s, "<h2>{}</h2><ul>", lang.pick("Check", "Controleer"));
        for w in &plan.warnings {
            let w = crate::messages::messages(lang).warning(w);
            let _ = write!(s, "<li class=\"warn\">{}</li>", esc(&w));
        }
        s.push_str("</ul>");
    }
    let _ = write!(
        s,
        "<h2>{}</h2><div class=\"timeline\">{}</div>",
        lang.pick("Timeline", "Tijdlijn"),
        svg(plan, route, cal, lang)
    );
    if let Some(mc) = extras.monte_carlo {
        s.push_str(&histogram(mc, lang));
    }
    if let Some(trail) = extras.trail {
        let _ = write!(
            s,
            "<h2>{}</h2><table><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            lang.pick("Audit trail", "Audittrail"),
            esc(lang.pick("date", "datum")),
            esc(lang.pick("recorded at (UTC)", "vastgelegd (UTC)")),
            esc(lang.pick("actor", "door")),
            esc(lang.pick("what", "wat")),
            esc(lang.pick("comment", "opmerking"))
        );
        for r in trail {
            let _ = write!(
                s,
                "<tr><td>{}</td><td class=\"date\">{}</td><td class=\"date\">{:.0}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                r.seq,
                esc(&day(lang, r.event.on)),
                r.recorded_at,
                esc(&r.actor),
                esc(&crate::text::event(lang, r)),
                esc(r.comment.as_deref().unwrap_or(""))
            );
        }
        s.push_str("</table>");
    }
    s.push_str("</body></html>\n");
    s
}

/// The Monte Carlo result as HTML: a heading, P(target) when there is a target, and one
/// bar per Kamer date (the share of runs, late dates marked `late`). The bars are
/// `div.bar` elements sized in percent, styled by the page that includes it.
pub fn histogram(mc: &MonteCarlo, lang: Lang) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<h2>{}</h2>",
        esc(&crate::text::monte_carlo_heading(lang, mc.runs, mc.seed))
    );
    if let (Some(p), Some(by)) = (mc.p_target, mc.send_by) {
        let _ = write!(
            s,
            "<p>{}</p>",
            esc(&crate::text::p_sent_by(
                lang,
                by,
                &crate::text::fraction_percent(lang, p)
            ))
        );
    }
    let max = mc.kamer.iter().map(|k| k.runs).max().unwrap_or(1).max(1);
    let _ = write!(
        s,
        "<table class=\"histogram\"><caption>{}</caption>",
        esc(lang.pick(
            "Kamer date: share of the runs",
            "Kamerdatum: aandeel van de simulaties"
        ))
    );
    for k in &mc.kamer {
        let late = mc.send_by.is_some_and(|by| k.date > by);
        let pct = crate::text::fraction_percent(lang, k.runs as f64 / mc.runs.max(1) as f64);
        let width = k.runs as f64 * 100.0 / max as f64;
        let _ = write!(
            s,
            "<tr><td class=\"date\">{}</td><td style=\"width:70%\"><div class=\"bar{}\" style=\"width:{width:.1}%\"></div></td><td>{pct}%{}</td></tr>",
            esc(&day(lang, k.date)),
            if late { " late" } else { "" },
            if late {
                lang.pick(" (late)", " (te laat)")
            } else {
                ""
            }
        );
    }
    s.push_str("</table>");
    s
}
