//! `new`, `list`, `show`, `log`: registering strooms and looking at them.

use anyhow::Result;
use jiff::Timestamp;
use stroom::journal::{self, Loaded};
use stroom::view::{Change, ListRow, Show};
use stroom::{Fact, Meta, Record, RouteKind, State, StroomDef, Target};

use stroom_render::text;

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
    let words = text::words(settings.lang);
    if rows.is_empty() {
        render::note(words.no_strooms_yet);
        return Ok(());
    }
    let mut table = Table::new(words.list_columns);
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
    let lang = settings.lang;
    let words = text::words(lang);
    let [recorded, waiting_for] = words.report_fields;
    let [stroom_field, _, _, _, state_field, _, _, _, next_field] = words.show_fields;
    let mut f = Fields::default();
    for r in new {
        f.add(
            recorded,
            text::recorded(lang, r.event.on, &text::event(lang, r), r.seq),
        );
    }
    f.add(
        stroom_field,
        format!("{}  {}", s.def.reference, s.def.title),
    );
    f.add(
        state_field,
        text::state_and_version(lang, &s.state, s.version),
    );
    if matches!(s.state, State::BijBewindspersonen { .. }) {
        let waiting: Vec<&str> = agreements
            .iter()
            .filter(|a| a.status == "waiting")
            .map(|a| a.role.as_str())
            .collect();
        f.add(
            waiting_for,
            if waiting.is_empty() {
                words.none.to_string()
            } else {
                waiting.join(", ")
            },
        );
    }
    f.add(next_field, list_or_finished(lang, &allowed));
    render::out(&f.render())
}

fn list_or_finished(lang: render::Lang, allowed: &[&str]) -> String {
    if allowed.is_empty() {
        text::words(lang).finished.into()
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

    let lang = settings.lang;
    let words = text::words(lang);
    let [stroom_field, title, route, directie, state, version, onderraad, target, next] =
        words.show_fields;
    let mut f = Fields::default();
    f.add(stroom_field, s.def.reference.as_str());
    f.add(title, s.def.title.as_str());
    f.add(route, s.def.route.as_str());
    f.add(directie, s.def.directie.as_str());
    f.add(state, text::state_since(lang, &s.state, s.since));
    f.add(version, s.version.to_string());
    if kind == RouteKind::Ministerraad {
        let [undecided, needed, not_needed] = words.onderraad;
        f.add(
            onderraad,
            match s.onderraad {
                None => undecided,
                Some(true) => needed,
                Some(false) => not_needed,
            },
        );
    }
    if let Some(t) = &s.def.target {
        f.add(target, text::stroom_target(lang, t));
    }
    f.add(next, list_or_finished(lang, &allowed));
    let mut out = f.render();

    out.push_str(&format!(
        "\n{}\n",
        text::agreements_heading(lang, s.version)
    ));
    let mut t = Table::new(words.agreement_columns);
    for a in &agreements {
        t.row(vec![
            format!("  {}", a.role),
            text::signer(lang, a.signer),
            text::agreement(lang, a.status, a.on),
        ]);
    }
    out.push_str(&t.render());

    if !s.def.kamerbrieven.is_empty() {
        out.push_str(&format!("\n{}\n", words.kamerbrieven));
        for k in &s.def.kamerbrieven {
            out.push_str(&format!("  {}\n", k.title));
            for b in &k.bijlagen {
                out.push_str(&format!("    {} {b}\n", words.bijlage));
            }
        }
    }

    out.push_str(&format!("\n{}\n", words.history));
    // One line per record, as `Show::history` has them; the words in the reader's language.
    let dates: Vec<String> = history
        .iter()
        .map(|h| text::event_date(lang, h.on))
        .collect();
    let width = dates.iter().map(|d| d.chars().count()).max().unwrap_or(0);
    for ((h, r), date) in history.iter().zip(&loaded.records).zip(&dates) {
        let what = match lang {
            render::Lang::En => h.what.clone(),
            render::Lang::Nl => text::event(lang, r),
        };
        out.push_str(&format!("  {:>3}  {date:<width$}  {what}\n", h.seq));
    }
    render::out(&out)
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
    let lang = settings.lang;
    let mut t = Table::new(text::words(lang).log_columns);
    // Which events a later record corrects, to say so beside them.
    let mut corrected_by: std::collections::BTreeMap<u64, u64> = std::collections::BTreeMap::new();
    for r in &loaded.records {
        if let Fact::Corrected { event, .. } = &r.event.fact {
            corrected_by.insert(*event, r.seq);
        }
    }
    for r in &loaded.records {
        let what = match corrected_by.get(&r.seq) {
            Some(by) => text::corrected_by(lang, &text::event(lang, r), *by),
            None => text::event(lang, r),
        };
        t.row(vec![
            r.seq.to_string(),
            text::event_date(lang, r.event.on),
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
