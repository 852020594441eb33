//! The reports of the commands around the plans, per language: `calendar feestdagen`,
//! `show`, `check` and `import`, and `routes list` and `show`. The CLI lays out the tables;
//! every word comes from here.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use stroom::calendar::{
    Body, BodyKind, CalendarData, FileWarning, FileWarningKind, Imported, Level,
};

use crate::labels::{provenance, source_note};
use crate::lang::{day, Lang};

/// `calendar feestdagen` columns: date, name, and the weekend mark.
pub fn feestdagen_columns(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::En => ["date", "name", ""],
        Lang::Nl => ["datum", "naam", ""],
    }
}

/// The mark of a feestdag on a weekend day.
pub fn weekend(lang: Lang) -> &'static str {
    lang.pick("(weekend)", "(weekend)")
}

/// What a body is.
pub fn body_kind(lang: Lang, k: BodyKind) -> &'static str {
    match (lang, k) {
        (_, BodyKind::Voorportaal) => "voorportaal",
        (_, BodyKind::Onderraad) => "onderraad",
        (_, BodyKind::Ministerraad) => "ministerraad",
    }
}

/// The line above `calendar show`'s table.
pub fn body_heading(lang: Lang, b: &Body) -> String {
    match lang {
        Lang::En => format!(
            "{} ({}): {}, covers {} to {}",
            b.name,
            body_kind(lang, b.kind),
            b.title,
            b.from,
            b.to
        ),
        Lang::Nl => format!(
            "{} ({}): {}, van {} tot en met {}",
            b.name,
            body_kind(lang, b.kind),
            b.title,
            day(lang, b.from),
            day(lang, b.to)
        ),
    }
}

/// `calendar show` columns of a body; a voorportaal also has the MRs it feeds.
pub fn slot_columns(lang: Lang, voorportaal: bool) -> Vec<&'static str> {
    let (meeting, deadline, mr, mr_with, prov, note) = match lang {
        Lang::En => (
            "meeting",
            "deadline",
            "mr",
            "mr with onderraad",
            "provenance",
            "note",
        ),
        Lang::Nl => (
            "vergadering",
            "aanleverdeadline",
            "mr",
            "mr met onderraad",
            "herkomst",
            "toelichting",
        ),
    };
    let mut v = vec![meeting, deadline];
    if voorportaal {
        v.extend([mr, mr_with]);
    }
    v.extend([prov, note]);
    v
}

/// A voorportaal's MR that its body's rule gives, not the file.
pub fn by_rule(lang: Lang) -> &'static str {
    lang.pick("(by rule)", "(volgens regel)")
}

/// `calendar show tweede-kamer` columns.
pub fn recess_columns(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::En => ["recess", "from", "to", "provenance", "note"],
        Lang::Nl => ["reces", "van", "tot en met", "herkomst", "toelichting"],
    }
}

/// The provenance cells of a calendar entry: its level and its note.
pub fn provenance_cells(lang: Lang, p: &stroom::calendar::Provenance) -> [String; 2] {
    [
        provenance(lang, p.level()).to_string(),
        source_note(lang, p.note()),
    ]
}

/// What `calendar check` found in a file, as one line.
pub fn calendar_summary(lang: Lang, file: &str, data: &CalendarData) -> String {
    let nl = lang == Lang::Nl;
    match data {
        CalendarData::Body(b) => {
            let mut s = if nl {
                format!(
                    "{file}: {} {} van {} ({}), {} tot en met {}",
                    b.slots.len(),
                    if b.slots.len() == 1 {
                        "vergadering"
                    } else {
                        "vergaderingen"
                    },
                    b.name,
                    body_kind(lang, b.kind),
                    b.from,
                    b.to
                )
            } else {
                format!(
                    "{file}: {} {} of {} ({}), {} to {}",
                    b.slots.len(),
                    if b.slots.len() == 1 { "slot" } else { "slots" },
                    b.name,
                    body_kind(lang, b.kind),
                    b.from,
                    b.to
                )
            };
            let extra = b.slots.iter().filter(|s| s.extra).count();
            if extra > 0 {
                s.push_str(&format!(", {extra} {}", lang.pick("extra", "extra")));
            }
            if !b.cancelled.is_empty() {
                s.push_str(&format!(
                    ", {} {}",
                    b.cancelled.len(),
                    lang.pick("cancelled", "vervallen")
                ));
            }
            s
        }
        CalendarData::Recesses {
            recesses,
            elections,
        } => {
            if nl {
                format!(
                    "{file}: {} recessen, {} verkiezingen",
                    recesses.len(),
                    elections.len()
                )
            } else {
                format!(
                    "{file}: {} recesses, {} elections",
                    recesses.len(),
                    elections.len()
                )
            }
        }
        CalendarData::Blokdagen(d) => format!("{file}: {} blokdagen", d.len()),
        CalendarData::Cabinets(c) => {
            format!(
                "{file}: {} {}",
                c.len(),
                lang.pick("cabinets", "kabinetten")
            )
        }
    }
}

/// `ok: ` before a checked file's summary.
pub fn ok(lang: Lang) -> &'static str {
    lang.pick("ok", "in orde")
}

/// A calendar file's warning, with its place.
pub fn file_warning(lang: Lang, w: &FileWarning) -> String {
    let place = match w.line {
        Some(l) => format!("{}:{l}", w.source),
        None => w.source.clone(),
    };
    let d = |date: Date| match lang {
        Lang::En => date.to_string(),
        Lang::Nl => day(lang, date),
    };
    let what = match (&w.kind, lang) {
        (
            FileWarningKind::DeadlineMoved {
                meeting,
                given,
                moved_to,
                day_off,
            },
            Lang::En,
        ) => format!(
            "the deadline {given} of the meeting {meeting} falls on {day_off}, not a werkdag: moved to the werkdag before, {moved_to}"
        ),
        (
            FileWarningKind::DeadlineMoved {
                meeting,
                given,
                moved_to,
                day_off,
            },
            Lang::Nl,
        ) => format!(
            "de aanleverdeadline {} van de vergadering van {} valt op {}, geen werkdag: verschoven naar de werkdag ervoor, {}",
            d(*given),
            d(*meeting),
            crate::checks::day_off_nl(given, day_off),
            d(*moved_to)
        ),
        (FileWarningKind::ExtraOnDayOff { meeting, day_off }, Lang::En) => format!(
            "the extra meeting of {meeting} falls on {day_off}, not a werkdag: accepted because it says extra = true"
        ),
        (FileWarningKind::ExtraOnDayOff { meeting, day_off }, Lang::Nl) => format!(
            "de extra vergadering van {} valt op {}, geen werkdag: aanvaard omdat er extra = true staat",
            d(*meeting),
            crate::checks::day_off_nl(meeting, day_off)
        ),
        (FileWarningKind::DeadlineByRule { meeting, deadline }, Lang::En) => format!(
            "the meeting of {meeting} has no aanleverdeadline in the schedule: {deadline} by the body's rule"
        ),
        (FileWarningKind::DeadlineByRule { meeting, deadline }, Lang::Nl) => format!(
            "de vergadering van {} heeft geen aanleverdeadline in het schema: {} volgens de regel van het orgaan",
            d(*meeting),
            d(*deadline)
        ),
        (FileWarningKind::CancelsNothing { body, meeting }, Lang::En) => {
            format!("cancels the {body} meeting of {meeting}, which no calendar had")
        }
        (FileWarningKind::CancelsNothing { body, meeting }, Lang::Nl) => format!(
            "schrapt de {body}-vergadering van {}, die in geen kalender stond",
            d(*meeting)
        ),
    };
    format!("{place}: {what}")
}

/// What `calendar import` did, for people: what it imported, where it wrote it, what it
/// replaces and how.
pub fn import_report(lang: Lang, imp: &Imported, target: &str) -> String {
    let nl = lang == Lang::Nl;
    let dd = |date: Date| day(lang, date);
    let source = imp
        .slots
        .first()
        .map_or_else(String::new, |s| s.provenance.note().to_string());
    let mut s = if nl {
        format!(
            "{} vergaderingen van {} geïmporteerd, van {} tot en met {} (bron: {source})\n{target} geschreven\n",
            imp.slots.len(),
            imp.body,
            dd(imp.from),
            dd(imp.to),
        )
    } else {
        format!(
            "imported {} {} meetings from {} to {} (sourced: {source})\nwrote {target}\n",
            imp.slots.len(),
            imp.body,
            imp.from,
            imp.to,
        )
    };
    if imp.replaced.is_empty() {
        s.push_str(lang.pick(
            "it replaces no slots: the calendars had none in that period\n",
            "het vervangt geen vergaderingen: de kalenders hadden er in die periode geen\n",
        ));
    } else {
        let mut by_level: BTreeMap<Level, usize> = BTreeMap::new();
        for r in &imp.replaced {
            *by_level.entry(r.level()).or_default() += 1;
        }
        let levels: Vec<String> = by_level
            .iter()
            .map(|(l, n)| format!("{n} {}", provenance(lang, *l)))
            .collect();
        s.push_str(&if nl {
            format!(
                "het vervangt {} {} van {} in die periode ({}):\n",
                imp.replaced.len(),
                if imp.replaced.len() == 1 {
                    "vergadering"
                } else {
                    "vergaderingen"
                },
                imp.body,
                levels.join(", ")
            )
        } else {
            format!(
                "it replaces {} {} of {} in that period ({}):\n",
                imp.replaced.len(),
                if imp.replaced.len() == 1 {
                    "slot"
                } else {
                    "slots"
                },
                imp.body,
                levels.join(", ")
            )
        });
        let new: BTreeSet<_> = imp.slots.iter().map(|s| s.meeting).collect();
        let old: BTreeSet<_> = imp.replaced.iter().map(|s| s.meeting).collect();
        let gone: Vec<String> = old.difference(&new).map(|d| dd(*d)).collect();
        let added: Vec<String> = new.difference(&old).map(|d| dd(*d)).collect();
        if !gone.is_empty() {
            s.push_str(&format!(
                "  {}: {}\n",
                lang.pick("no longer a meeting", "geen vergadering meer"),
                gone.join(", ")
            ));
        }
        if !added.is_empty() {
            s.push_str(&format!(
                "  {}: {}\n",
                lang.pick("new meetings", "nieuwe vergaderingen"),
                added.join(", ")
            ));
        }
        let same = new.intersection(&old).count();
        s.push_str(&format!(
            "  {}: {same}\n",
            lang.pick("on the same day as before", "op dezelfde dag als voorheen")
        ));
    }
    for w in &imp.warnings {
        s.push_str(&format!(
            "{} {}\n",
            crate::text::words(lang).warning,
            file_warning(lang, w)
        ));
    }
    s
}

/// `routes list` columns.
pub fn route_columns(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::En => ["NAME", "KIND", "TITLE"],
        Lang::Nl => ["NAAM", "SOORT", "TITEL"],
    }
}

/// A route's kind.
pub fn route_kind(k: stroom::RouteKind) -> &'static str {
    match k {
        stroom::RouteKind::Ministerraad => "ministerraad",
        stroom::RouteKind::Ondertekening => "ondertekening",
    }
}

fn werkdagen(n: u16) -> String {
    if n == 1 {
        "1 werkdag".into()
    } else {
        format!("{n} werkdagen")
    }
}

/// `routes show`'s settings of a route, as (field, value) lines; a role's own approval
/// time is indented under the route's.
pub fn route_fields(lang: Lang, route: &stroom::Route) -> Vec<(String, String)> {
    use stroom::RouteKind;
    let nl = lang == Lang::Nl;
    let kind = route.kind();
    let none = || lang.pick("none", "geen").to_string();
    let estimate = lang.pick("(estimate)", "(schatting)");
    let mut f: Vec<(String, String)> = Vec::new();
    let mut add = |k: &str, v: String| f.push((k.to_string(), v));
    add(lang.pick("name", "naam"), route.name.clone());
    add(lang.pick("title", "titel"), route.title.clone());
    add(lang.pick("kind", "soort"), route_kind(kind).into());
    if kind == RouteKind::Ministerraad {
        add(
            "voorportaal",
            route.voorportaal.clone().unwrap_or_else(none),
        );
        add("onderraad", route.onderraad.clone().unwrap_or_else(none));
        add(
            "ministerraad",
            route.ministerraad.clone().unwrap_or_else(none),
        );
    }
    let send_after = werkdagen(route.send_after.into());
    let debate_lead = werkdagen(route.debate_lead.into());
    let (after_en, after_nl) = if kind == RouteKind::Ministerraad {
        ("the MR", "de MR")
    } else {
        ("signing", "de ondertekening")
    };
    if nl {
        add(
            "verzenden",
            format!("{send_after} na {after_nl} {estimate}"),
        );
        add(
            "aanlooptijd debat",
            format!("{debate_lead} voor een debat verzonden {estimate}"),
        );
        add(
            "akkoorden",
            if route.approvals_carry_over {
                "gaan mee naar een nieuwe versie"
            } else {
                "voor een oudere versie tellen niet voor een nieuwe"
            }
            .into(),
        );
    } else {
        add(
            "send after",
            format!("{send_after} after {after_en} {estimate}"),
        );
        add(
            "debate lead",
            format!("sent {debate_lead} before a debate {estimate}"),
        );
        add(
            "approvals",
            if route.approvals_carry_over {
                "carry over to a new version"
            } else {
                "of an older version do not count for a new one"
            }
            .into(),
        );
    }
    if route.onderraad.is_some() {
        let days = route.onderraad_lead_days;
        if nl {
            add(
                "aanlevering onderraad",
                format!("stukken {days} kalenderdagen voor de onderraad"),
            );
        } else {
            add(
                "onderraad lead",
                format!("stukken {days} calendar days before the onderraad"),
            );
        }
    }
    let d = &route.durations;
    add(
        lang.pick("approval takes", "duur akkoord"),
        format!("{} {estimate}", werkdagen(d.approval)),
    );
    for (role, days) in &d.roles {
        add(
            &format!("  {role}"),
            format!("{} {estimate}", werkdagen(*days)),
        );
    }
    if nl {
        add(
            "duur herstelwerk",
            format!("{} na terugsturen {estimate}", werkdagen(d.rework)),
        );
    } else {
        add(
            "rework takes",
            format!("{} after a return {estimate}", werkdagen(d.rework)),
        );
    }
    f
}

/// The heading of `routes show`'s transition table.
pub fn transitions_heading(lang: Lang) -> &'static str {
    lang.pick(
        "transitions (state, command -> next state):",
        "overgangen (status, opdracht -> volgende status):",
    )
}
