//! The timeline picture of a plan, as SVG: the weeks on the path with their werkdagen and
//! feestdagen, the Kamer's recesses, one lane per body with every slot in view (the one caught
//! filled, the ones missed crossed out), the plan's dates (sourced solid, estimated hollow and
//! dashed), today, the target and the slack.
//!
//! Pure: data in, text out. Used by `stroom plan --format svg|html` and by the web UI.

use std::fmt::Write as _;

use jiff::civil::{Date, Weekday};
use jiff::Span;
use stroom::planner::{Basis, Milestone, Plan, Step};
use stroom::{Calendars, Route};

use crate::labels;
use crate::lang::{short_date, week, Lang};

/// Escapes text for XML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

const LEFT: i64 = 150;
const TOP: i64 = 58;
const LANE: i64 = 34;
const RIGHT: i64 = 24;

/// The colours (print-friendly: dark on white, distinguishable in grey too).
const CAUGHT: &str = "#1b7f3b";
const MISSED: &str = "#b3261e";
const SLOT: &str = "#8a8a8a";
const PLAN: &str = "#1f4e9c";

struct Frame {
    from: Date,
    days: i64,
    day_px: i64,
}

impl Frame {
    fn x(&self, d: Date) -> i64 {
        let n = self.from.until(d).map_or(0, |s| i64::from(s.get_days()));
        LEFT + n * self.day_px + self.day_px / 2
    }
    fn x0(&self, d: Date) -> i64 {
        self.x(d) - self.day_px / 2
    }
    fn width(&self) -> i64 {
        LEFT + self.days * self.day_px + RIGHT
    }
    fn contains(&self, d: Date) -> bool {
        let n = self.from.until(d).map_or(-1, |s| i64::from(s.get_days()));
        (0..self.days).contains(&n)
    }
}

fn monday_on_or_before(d: Date) -> Date {
    let back = i64::from(d.weekday().to_monday_zero_offset());
    d.saturating_sub(Span::new().days(back))
}

/// The dates a plan shows, to frame the picture. Today is in view when it lies at most three
/// weeks before the first of them (an ad hoc plan from a ready date far away leaves it out).
fn span_of(plan: &Plan) -> (Date, Date) {
    let mut dates: Vec<Date> = plan.milestones.iter().map(|m| m.date).collect();
    if let Some(back) = &plan.target {
        dates.push(back.send_by.date);
        dates.extend(back.debate);
        dates.extend(back.latest.iter().map(|m| m.date));
    }
    let min = dates.iter().copied().min().unwrap_or(plan.today);
    let max = dates.iter().copied().max().unwrap_or(plan.today);
    let near = min.saturating_sub(Span::new().days(21));
    if plan.today >= near && plan.today <= max {
        (min.min(plan.today), max)
    } else {
        (min, max)
    }
}

fn marker(s: &mut String, x: i64, y: i64, basis: Basis, colour: &str, title: &str) {
    // Sourced or given: a filled diamond. Estimated or assumed: hollow, dashed.
    let (fill, dash) = if labels::is_estimate(basis) {
        ("#ffffff", " stroke-dasharray=\"2 2\"")
    } else {
        (colour, "")
    };
    let _ = write!(
        s,
        "<path class=\"milestone {}\" d=\"M{x} {} L{} {y} L{x} {} L{} {y} Z\" fill=\"{fill}\" stroke=\"{colour}\" stroke-width=\"2\"{dash}><title>{}</title></path>",
        if labels::is_estimate(basis) { "estimated" } else { "sourced" },
        y - 8,
        x + 8,
        y + 8,
        x - 8,
        esc(title)
    );
}

/// The timeline of `plan` as a standalone SVG document. `route` names the bodies; `cal`
/// gives the slots, feestdagen and recesses.
pub fn svg(plan: &Plan, route: &Route, cal: &Calendars, lang: Lang) -> String {
    let (min, max) = span_of(plan);
    let from = monday_on_or_before(min.saturating_sub(Span::new().days(3)));
    let to = max.saturating_add(Span::new().days(4));
    let weeks = (from.until(to).map_or(7, |s| i64::from(s.get_days())) / 7 + 1).max(2);
    let days = weeks * 7;
    let day_px = (980 / days).clamp(5, 28);
    let f = Frame { from, days, day_px };
    // One lane per body the route has: bewindspersonen, voorportaal, onderraad, MR, Kamer.
    let mut lanes: Vec<(Step, String)> = vec![(Step::Approval, "bewindspersonen".to_string())];
    if let Some(v) = &route.voorportaal {
        lanes.push((
            Step::Voorportaal,
            format!("voorportaal {}", labels::body(v)),
        ));
    }
    if let Some(o) = &route.onderraad {
        lanes.push((Step::Onderraad, format!("onderraad {}", labels::body(o))));
    }
    if route.ministerraad.is_some() {
        lanes.push((Step::Ministerraad, "ministerraad".to_string()));
    }
    lanes.push((Step::Kamer, "Tweede Kamer".to_string()));
    let n_lanes = i64::try_from(lanes.len()).unwrap_or(5);
    let lane_of = |step: Step| {
        let step = if step == Step::Delivery {
            Step::Voorportaal
        } else {
            step
        };
        let i = lanes.iter().position(|(s, _)| *s == step).unwrap_or(0);
        i64::try_from(i).unwrap_or(0)
    };
    let lane_y = |i: i64| TOP + 30 + i * LANE + LANE / 2;
    let height = TOP + 30 + n_lanes * LANE + 84;
    // Label every week when there is room, else every second or fourth.
    let label_every = match 7 * day_px {
        w if w >= 64 => 1,
        w if w >= 32 => 2,
        _ => 4,
    };
    let width = f.width();
    let mut s = String::new();
    let title = match &plan.reference {
        Some(r) => format!(
            "stroom {r}: {} {}",
            lang.pick("plan of", "planning van"),
            short_date(lang, plan.today)
        ),
        None => format!(
            "{} ({})",
            lang.pick("ad hoc plan", "ad-hocplanning"),
            plan.route
        ),
    };
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"{}\">",
        esc(&title)
    );
    let _ = write!(s, "<title>{}</title>", esc(&title));
    s.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
    let _ = write!(
        s,
        "<text x=\"8\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{}</text>",
        esc(&title)
    );
    let grid_top = TOP;
    let grid_bottom = TOP + 30 + n_lanes * LANE;
    // Days: werkdagen white, weekends grey, feestdagen hatched with their name.
    s.push_str("<defs><pattern id=\"feest\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fde7c8\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#e0a050\" stroke-width=\"2\"/></pattern></defs>");
    let wd = cal.werkdagen();
    let mut feestdagen = Vec::new();
    for year in from.year()..=to.year() {
        feestdagen.extend(wd.days_off_in(year));
    }
    let mut d = from;
    for _ in 0..days {
        let weekend = matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday);
        let off = feestdagen.iter().find(|o| o.date == d);
        let fill = match (off, weekend) {
            (Some(_), false) => "url(#feest)",
            (_, true) => "#ececec",
            _ => "#ffffff",
        };
        let _ = write!(
            s,
            "<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{day_px}\" height=\"{}\" fill=\"{fill}\" stroke=\"#f4f4f4\">",
            match (off, weekend) {
                (Some(_), false) => "feestdag",
                (_, true) => "weekend",
                _ => "werkdag",
            },
            f.x0(d),
            grid_top + 16,
            grid_bottom - grid_top - 16
        );
        if let (Some(o), false) = (off, weekend) {
            let _ = write!(
                s,
                "<title>{}: {}</title>",
                esc(&o.name),
                esc(&short_date(lang, d))
            );
        }
        s.push_str("</rect>");
        let nth_week = from.until(d).map_or(0, |sp| i64::from(sp.get_days())) / 7;
        if d.weekday() == Weekday::Monday {
            let _ = write!(
                s,
                "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{grid_bottom}\" stroke=\"#b8b8b8\"/>",
                grid_top,
                x = f.x0(d)
            );
        }
        if d.weekday() == Weekday::Monday && nth_week % label_every == 0 {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" fill=\"#333\">{}</text><text x=\"{}\" y=\"{}\" fill=\"#777\" font-size=\"9\">{}</text>",
                f.x0(d) + 2,
                grid_top + 2,
                esc(&week(d)),
                f.x0(d) + 2,
                grid_top + 13,
                esc(&short_date(lang, d)),
            );
        }
        d = d.tomorrow().unwrap_or(d);
    }
    // Recesses of the Kamer, as a band over its lane.
    for r in cal.recesses() {
        if r.to < from || r.from > to {
            continue;
        }
        let a = if r.from < from { from } else { r.from };
        let b = if r.to > to { to } else { r.to };
        let x = f.x0(a);
        let w = (f.x0(b) - x + day_px).max(day_px);
        let _ = write!(
            s,
            "<rect class=\"recess\" x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"{}\" fill=\"#dfe8f6\" opacity=\"0.8\"><title>{}</title></rect>",
            lane_y(lane_of(Step::Kamer)) - 12,
            24,
            esc(&r.name),
        );
        // The name where it fits (about 5.5 px a character at 9 px); the tooltip always.
        let label = r.name.clone();
        if w >= 6 * i64::try_from(label.chars().count()).unwrap_or(99) + 6 {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" font-size=\"9\" fill=\"#355\">{}</text>",
                x + 3,
                lane_y(lane_of(Step::Kamer)) + 10,
                esc(&label)
            );
        }
    }
    // Lanes.
    for (i, (_, name)) in lanes.iter().enumerate() {
        let i = i64::try_from(i).unwrap_or(0);
        let y = lane_y(i);
        let _ = write!(
            s,
            "<line x1=\"{LEFT}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#d0d0d0\"/><text x=\"8\" y=\"{}\" fill=\"#222\">{}</text>",
            width - RIGHT,
            y + 4,
            esc(name)
        );
    }
    // The slots in view: grey; the one caught green, those missed red.
    let caught_meeting = |step: Step| {
        plan.milestones
            .iter()
            .find(|m| m.step == step)
            .map(|m| m.date)
    };
    let ready = plan
        .milestones
        .iter()
        .filter(|m| m.step == Step::Approval)
        .map(|m| m.date)
        .max()
        .unwrap_or(plan.today);
    let lanes_bodies = [
        (
            Step::Voorportaal,
            route.voorportaal.as_deref(),
            lane_of(Step::Voorportaal),
        ),
        (
            Step::Onderraad,
            route.onderraad.as_deref(),
            lane_of(Step::Onderraad),
        ),
        (
            Step::Ministerraad,
            route.ministerraad.as_deref(),
            lane_of(Step::Ministerraad),
        ),
    ];
    for (step, body, lane) in lanes_bodies {
        let Some(body) = body.and_then(|b| cal.body(b).ok()) else {
            continue;
        };
        let chosen = caught_meeting(step);
        for slot in body.slots.iter().filter(|sl| f.contains(sl.meeting)) {
            let y = lane_y(lane);
            let x = f.x(slot.meeting);
            let caught = chosen == Some(slot.meeting);
            // Missed: a voorportaal slot that meets after the stroom is ready but whose
            // deadline came too early, so the plan rolls over to a later one.
            let missed = step == Step::Voorportaal
                && !caught
                && chosen.is_some_and(|c| slot.meeting >= ready && slot.meeting < c);
            let colour = if caught {
                CAUGHT
            } else if missed {
                MISSED
            } else {
                SLOT
            };
            let what = if caught {
                lang.pick("caught", "gehaald")
            } else if missed {
                lang.pick("missed", "gemist")
            } else {
                lang.pick("slot", "vergadering")
            };
            let tip = format!(
                "{} {}: {} ({}: {})",
                labels::body(&body.name),
                short_date(lang, slot.meeting),
                what,
                lang.pick("deadline", "aanleverdeadline"),
                short_date(lang, slot.deadline)
            );
            let dash = if slot.provenance.is_estimated() {
                " stroke-dasharray=\"2 2\""
            } else {
                ""
            };
            let _ = write!(
                s,
                "<circle class=\"slot {what}\" cx=\"{x}\" cy=\"{y}\" r=\"5\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{}\"{dash}><title>{}</title></circle>",
                if caught || missed { 2 } else { 1 },
                esc(&tip)
            );
            if step == Step::Voorportaal && (caught || missed) && f.contains(slot.deadline) {
                let dx = f.x(slot.deadline);
                let _ = write!(
                    s,
                    "<line class=\"deadline {what}\" x1=\"{dx}\" y1=\"{}\" x2=\"{dx}\" y2=\"{}\" stroke=\"{colour}\" stroke-width=\"2\"/><line x1=\"{dx}\" y1=\"{y}\" x2=\"{x}\" y2=\"{y}\" stroke=\"{colour}\" stroke-dasharray=\"3 2\"/>",
                    y - 10,
                    y + 10
                );
                if missed {
                    let _ = write!(
                        s,
                        "<path d=\"M{} {} L{} {} M{} {} L{} {}\" stroke=\"{MISSED}\" stroke-width=\"2\"/><text x=\"{}\" y=\"{}\" font-size=\"9\" fill=\"{MISSED}\">{}</text>",
                        x - 5, y - 5, x + 5, y + 5, x - 5, y + 5, x + 5, y - 5,
                        dx - 10,
                        y - 12,
                        esc(lang.pick("missed", "gemist"))
                    );
                }
            }
        }
    }
    // Today.
    if f.contains(plan.today) {
        let x = f.x(plan.today);
        let _ = write!(
            s,
            "<line class=\"today\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{grid_bottom}\" stroke=\"#444\" stroke-dasharray=\"1 3\"/><text x=\"{}\" y=\"{}\" font-size=\"9\" fill=\"#444\">{}</text>",
            grid_top + 16,
            x + 2,
            grid_bottom + 12,
            esc(lang.pick("today", "vandaag"))
        );
    }
    // The plan's dates.
    for m in &plan.milestones {
        let title = milestone_title(m, lang);
        let y = lane_y(lane_of(m.step));
        let x = f.x(m.date);
        let colour = if m.step == Step::Delivery {
            CAUGHT
        } else {
            PLAN
        };
        if m.step == Step::Delivery {
            // The aanleverdeadline: a flag on the voorportaal lane's deadline line.
            let _ = write!(
                s,
                "<path class=\"milestone delivery\" d=\"M{x} {} L{x} {} L{} {} Z\" fill=\"{}\" stroke=\"{colour}\" stroke-width=\"2\"{}><title>{}</title></path>",
                y - 14,
                y - 2,
                x + 9,
                y - 8,
                if labels::is_estimate(m.basis) { "#ffffff" } else { colour },
                if labels::is_estimate(m.basis) { " stroke-dasharray=\"2 2\"" } else { "" },
                esc(&title)
            );
            continue;
        }
        marker(&mut s, x, y, m.basis, colour, &title);
    }
    // Target, debate and slack on the Kamer lane.
    let ky = lane_y(lane_of(Step::Kamer));
    if let Some(back) = &plan.target {
        let tx = f.x(back.send_by.date);
        let _ = write!(
            s,
            "<line class=\"target\" x1=\"{tx}\" y1=\"{}\" x2=\"{tx}\" y2=\"{}\" stroke=\"{MISSED}\" stroke-width=\"2\"/><text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"{MISSED}\" text-anchor=\"middle\">{}</text>",
            grid_top + 16,
            grid_bottom,
            tx,
            grid_bottom + 24,
            esc(&format!(
                "{} {}",
                lang.pick("send by", "uiterlijk"),
                short_date(lang, back.send_by.date)
            ))
        );
        if let Some(debate) = back.debate {
            let dx = f.x(debate);
            let _ = write!(
                s,
                "<rect class=\"debate\" x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{MISSED}\"><title>{}</title></rect>",
                dx - 5,
                ky - 5,
                esc(&format!("{} {}", lang.pick("debate", "debat"), short_date(lang, debate)))
            );
        }
        if let (Some(kamer), Some(slack)) = (plan.kamer, plan.slack()) {
            let kx = f.x(kamer);
            let (a, b) = if kx <= tx { (kx, tx) } else { (tx, kx) };
            let label = if slack >= 0 {
                match lang {
                    Lang::En => format!("slack {slack} werkdagen"),
                    Lang::Nl => format!("speling {slack} werkdagen"),
                }
            } else {
                match lang {
                    Lang::En => format!("{} werkdagen late", -slack),
                    Lang::Nl => format!("{} werkdagen te laat", -slack),
                }
            };
            let colour = if slack >= 0 { CAUGHT } else { MISSED };
            let _ = write!(
                s,
                "<path class=\"slack\" d=\"M{a} {} L{a} {} L{b} {} L{b} {}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\"/><text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"{colour}\" text-anchor=\"middle\">{}</text>",
                ky + 10,
                ky + 14,
                ky + 14,
                ky + 10,
                (a + b) / 2,
                ky + 26,
                esc(&label)
            );
        }
    }
    // Legend.
    let ly = grid_bottom + 46;
    let mut lx = 8;
    let mut legend = |s: &mut String, shape: &str, text: &str| {
        let _ = write!(
            s,
            "<g transform=\"translate({lx},{ly})\">{shape}<text x=\"16\" y=\"4\">{}</text></g>",
            esc(text)
        );
        lx += 16 + 7 * i64::try_from(text.chars().count()).unwrap_or(10) + 18;
    };
    legend(
        &mut s,
        &format!("<path d=\"M6 -6 L12 0 L6 6 L0 0 Z\" fill=\"{PLAN}\" stroke=\"{PLAN}\"/>"),
        lang.pick("sourced date", "gepubliceerde datum"),
    );
    legend(&mut s, &format!("<path d=\"M6 -6 L12 0 L6 6 L0 0 Z\" fill=\"#fff\" stroke=\"{PLAN}\" stroke-dasharray=\"2 2\"/>"), lang.pick("estimated date", "geschatte datum"));
    legend(&mut s, &format!("<circle cx=\"6\" cy=\"0\" r=\"5\" fill=\"none\" stroke=\"{CAUGHT}\" stroke-width=\"2\"/>"), lang.pick("slot caught", "vergadering gehaald"));
    legend(&mut s, &format!("<circle cx=\"6\" cy=\"0\" r=\"5\" fill=\"none\" stroke=\"{MISSED}\" stroke-width=\"2\"/>"), lang.pick("slot missed", "vergadering gemist"));
    legend(
        &mut s,
        &format!("<circle cx=\"6\" cy=\"0\" r=\"5\" fill=\"none\" stroke=\"{SLOT}\"/>"),
        lang.pick("other slot", "andere vergadering"),
    );
    let ly2 = ly + 20;
    let _ = write!(
        s,
        "<g transform=\"translate(8,{ly2})\"><rect x=\"0\" y=\"-6\" width=\"12\" height=\"12\" fill=\"url(#feest)\"/><text x=\"16\" y=\"4\">{}</text><rect x=\"120\" y=\"-6\" width=\"12\" height=\"12\" fill=\"#ececec\"/><text x=\"136\" y=\"4\">{}</text><rect x=\"220\" y=\"-6\" width=\"12\" height=\"12\" fill=\"#dfe8f6\"/><text x=\"236\" y=\"4\">{}</text><line x1=\"330\" y1=\"-6\" x2=\"330\" y2=\"6\" stroke=\"{MISSED}\" stroke-width=\"2\"/><text x=\"336\" y=\"4\">{}</text><rect x=\"540\" y=\"-5\" width=\"10\" height=\"10\" fill=\"{MISSED}\"/><text x=\"556\" y=\"4\">{}</text></g>",
        esc(lang.pick("feestdag", "feestdag")),
        esc(lang.pick("weekend", "weekend")),
        esc(lang.pick("Kamer recess", "Kamerreces")),
        esc(lang.pick("target (latest send date)", "doel (uiterste verzenddatum)")),
        esc(lang.pick("debate", "debat"))
    );
    s.push_str("</svg>\n");
    s
}

fn milestone_title(m: &Milestone, lang: Lang) -> String {
    format!(
        "{} {}: {} ({})\n{}",
        labels::step(lang, m.step),
        labels::body(&m.body),
        short_date(lang, m.date),
        labels::basis(lang, m.basis),
        crate::messages::messages(lang).why_and_also(&m.why, &m.also)
    )
}
