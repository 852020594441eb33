//! `new`, `list`, `show`, `log`: registering strooms and looking at them.

use anyhow::Result;
use jiff::Timestamp;
use stroom::journal::{self, Loaded};
use stroom::view::{Change, ListRow, Show};
use stroom::{Fact, Meta, Record, RouteKind, State, StroomDef, Target};

use crate::args::{Format, NewArgs};
use crate::render::{self, Fields, Table};
use crate::settings::{read_text, Settings};

/// `stroom new`: registers a stroom from flags or a stroom file.
pub fn new(settings: &Settings, args: NewArgs) -> Result<()> {
    let NewArgs {
        from,
        reference,
        title,
        route,
        directie,
        eerste,
        mede,
        kamer_by,
        debate,
        on,
    } = args;
    let def = match from {
        Some(path) => {
            let text = read_text("stroom file", &path)?;
            StroomDef::from_toml(&path.display().to_string(), &text)?
        }
        None => {
            let missing = || anyhow::anyhow!("clap requires these flags without --from");
            StroomDef {
                reference: reference.ok_or_else(missing)?,
                title: title.ok_or_else(missing)?,
                route: route.ok_or_else(missing)?,
                directie: directie.ok_or_else(missing)?,
                eerste_ondertekenaar: eerste.ok_or_else(missing)?,
                mede_ondertekenaars: mede,
                kamerbrieven: Vec::new(),
                target: match (kamer_by, debate) {
                    (Some(expr), _) => Some(Target::KamerBy {
                        date: crate::commands::plan::kamer_by_date(settings, &expr)?,
                    }),
                    (None, Some(date)) => Some(Target::Debate { date, lead: None }),
                    (None, None) => None,
                },
            }
        }
    };
    let on = settings.domain_date(on);
    let store = settings.open_store()?;
    let meta = Meta::builder()
        .actor(settings.actor.clone())
        .recorded_at(Timestamp::now())
        .build();
    let loaded = journal::create(&store, &settings.routes, def, on, meta, settings.today)?;
    let new = loaded.records.clone();
    report_change(settings, &loaded, &new)
}

/// `stroom list`.
pub fn list(settings: &Settings) -> Result<()> {
    let store = settings.read_store()?;
    let mut loaded = Vec::new();
    for reference in stroom::Store::references(&store)? {
        loaded.push(journal::load(&store, &settings.routes, &reference)?);
    }
    let rows: Vec<ListRow<'_>> = loaded.iter().map(ListRow::of).collect();
    if settings.format == Format::Json {
        return render::json(&rows);
    }
    if settings.format == Format::Csv {
        return crate::output::csv::list(rows.iter().map(|r| {
            vec![
                r.reference.to_string(),
                r.title.to_string(),
                r.route.to_string(),
                r.state.to_string(),
                r.version.to_string(),
            ]
        }));
    }
    if rows.is_empty() {
        render::note("the database holds no strooms yet: register one with 'stroom new'");
        return Ok(());
    }
    let mut table = Table::new(&["REFERENCE", "ROUTE", "STATE", "VERSION", "TITLE"]);
    for r in &rows {
        table.row(vec![
            r.reference.to_string(),
            r.route.to_string(),
            r.state.to_string(),
            r.version.to_string(),
            r.title.to_string(),
        ]);
    }
    render::out(&table.render())
}

/// The state in words, with its data, e.g. `aangeleverd for the voorportaal of 2023-10-30`.
pub fn state_text(state: &State) -> String {
    match state {
        State::Aangeleverd { slot } => format!("aangeleverd for the voorportaal of {slot}"),
        State::BijMinisterraad { aangehouden, .. } if *aangehouden > 0 => {
            format!("bij ministerraad (aangehouden {aangehouden}x)")
        }
        other => other.kind().name().to_string(),
    }
}

fn route_kind(settings: &Settings, loaded: &Loaded) -> Result<RouteKind> {
    Ok(settings.routes.get(&loaded.stroom.def.route)?.kind())
}

/// Reports what a command recorded and where the stroom stands now.
pub fn report_change(settings: &Settings, loaded: &Loaded, new: &[Record]) -> Result<()> {
    let kind = route_kind(settings, loaded)?;
    let s = &loaded.stroom;
    let change = Change::of(loaded, new, kind);
    if settings.format == Format::Json {
        return render::json(&change);
    }
    let Change {
        bewindspersonen: agreements,
        allowed,
        ..
    } = change;
    let mut f = Fields::default();
    for r in new {
        f.add(
            "recorded",
            format!("{}: {} (event {})", r.event.on, r.describe(), r.seq),
        );
    }
    f.add("stroom", format!("{}  {}", s.def.reference, s.def.title));
    f.add(
        "state",
        format!("{}, version {}", state_text(&s.state), s.version),
    );
    if matches!(s.state, State::BijBewindspersonen { .. }) {
        let waiting = agreements
            .iter()
            .filter(|a| a.status == "waiting")
            .map(|a| a.role.as_str());
        f.add("waiting for", render::list_or_none(waiting));
    }
    f.add("next", list_or_finished(&allowed));
    render::out(&f.render())
}

fn list_or_finished(allowed: &[&str]) -> String {
    if allowed.is_empty() {
        "nothing: the stroom is finished".into()
    } else {
        allowed.join(", ")
    }
}

/// `stroom show REF`.
pub fn show(settings: &Settings, reference: &str) -> Result<()> {
    let store = settings.read_store()?;
    let loaded = journal::load(&store, &settings.routes, reference)?;
    let kind = route_kind(settings, &loaded)?;
    let s = &loaded.stroom;
    let show = Show::of(&loaded, kind);
    if settings.format == Format::Json {
        return render::json(&show);
    }
    let Show {
        bewindspersonen: agreements,
        allowed,
        history,
        ..
    } = show;

    let mut f = Fields::default();
    f.add("stroom", s.def.reference.as_str());
    f.add("title", s.def.title.as_str());
    f.add("route", s.def.route.as_str());
    f.add("directie", s.def.directie.as_str());
    f.add(
        "state",
        format!("{} since {}", state_text(&s.state), s.since),
    );
    f.add("version", s.version.to_string());
    if kind == RouteKind::Ministerraad {
        f.add(
            "onderraad",
            match s.onderraad {
                None => "undecided (planned without)",
                Some(true) => "needed",
                Some(false) => "not needed",
            },
        );
    }
    match s.def.target {
        Some(Target::KamerBy { date }) => f.add("target", format!("the Kamer has it by {date}")),
        Some(Target::Debate {
            date,
            lead: Some(lead),
        }) => f.add(
            "target",
            format!("debate on {date}, sent {lead} werkdagen before"),
        ),
        Some(Target::Debate { date, lead: None }) => f.add("target", format!("debate on {date}")),
        None => {}
    }
    f.add("next", list_or_finished(&allowed));
    let mut text = f.render();

    text.push_str(&format!("\nbewindspersonen, version {}:\n", s.version));
    let mut t = Table::new(&["  ROLE", "SIGNER", "STATUS"]);
    for a in &agreements {
        let status = match a.on {
            Some(on) if a.status == "approved" || a.status == "signed" => {
                format!("{} {on}", a.status)
            }
            _ => a.status.replace('-', " "),
        };
        t.row(vec![format!("  {}", a.role), a.signer.to_string(), status]);
    }
    text.push_str(&t.render());

    if !s.def.kamerbrieven.is_empty() {
        text.push_str("\nkamerbrieven:\n");
        for k in &s.def.kamerbrieven {
            text.push_str(&format!("  {}\n", k.title));
            for b in &k.bijlagen {
                text.push_str(&format!("    bijlage: {b}\n"));
            }
        }
    }

    text.push_str("\nhistory:\n");
    for h in &history {
        text.push_str(&format!("  {:>3}  {}  {}\n", h.seq, h.on, h.what));
    }
    render::out(&text)
}

/// `stroom log REF`: the audit trail.
pub fn log(settings: &Settings, reference: &str) -> Result<()> {
    let store = settings.read_store()?;
    let loaded = journal::load(&store, &settings.routes, reference)?;
    if settings.format == Format::Json {
        return render::json(&loaded.records);
    }
    if settings.format == Format::Csv {
        return crate::output::csv::log(&loaded.records);
    }
    let mut t = Table::new(&[
        "SEQ",
        "DATE",
        "RECORDED AT",
        "ACTOR",
        "ROLE",
        "VERSION",
        "WHAT",
        "COMMENT",
    ]);
    // Which events a later record corrects, to say so beside them.
    let mut corrected_by: std::collections::BTreeMap<u64, u64> = std::collections::BTreeMap::new();
    for r in &loaded.records {
        if let Fact::Corrected { event, .. } = &r.event.fact {
            corrected_by.insert(*event, r.seq);
        }
    }
    for r in &loaded.records {
        let what = match corrected_by.get(&r.seq) {
            Some(by) => format!("{} [corrected by event {by}]", r.describe()),
            None => r.describe(),
        };
        t.row(vec![
            r.seq.to_string(),
            r.event.on.to_string(),
            render::timestamp(&r.recorded_at),
            escape(&r.actor),
            r.role
                .as_ref()
                .map_or_else(|| "-".to_string(), ToString::to_string),
            r.version.to_string(),
            escape(&what),
            escape(r.comment.as_deref().unwrap_or("")),
        ]);
    }
    render::out(&t.render())
}

/// Text from the trail as one printable line: control characters (a newline that would
/// forge a row, an escape code that would repaint the terminal) are shown escaped.
/// New records cannot hold them; an imported or older trail might.
fn escape(text: &str) -> String {
    if text.chars().any(char::is_control) {
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn escape_keeps_one_line_per_event() {
        assert_eq!(
            super::escape("korter\nen\u{1b}[2J"),
            "korter\\nen\\u{1b}[2J"
        );
        assert_eq!(super::escape("gewoon één regel"), "gewoon één regel");
    }
}
