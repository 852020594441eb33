//! `new`, `list`, `show`, `log`: registering strooms and looking at them.

use anyhow::Result;
use jiff::civil::Date;
use jiff::Timestamp;
use serde::Deserialize;
use stroom::journal::{self, Loaded};
use stroom::view::{Change, List, Show};
use stroom::{Fact, Meta, Record, RouteKind, State, Stroom, StroomDef, Target};

use stroom_render::text;

use crate::args::{Format, NewArgs};
use crate::client::{decode, pretty_json, Client, NO_QUERY};
use crate::render::{self, Fields, Table};
use crate::settings::{read_text, Settings};

// The views both modes render from: the shapes of `--format json` (the engine's views,
// which the server sends too), owned. Local mode passes its views through JSON into
// these, so that a table can never show what the JSON does not say.

/// One row of `list`.
#[derive(Debug, Deserialize, serde::Serialize)]
pub struct RowView {
    reference: String,
    title: String,
    route: String,
    state: stroom::machine::StateKind,
    version: u32,
}

/// Where one bewindspersoon stands.
#[derive(Debug, Deserialize)]
pub struct AgreementView {
    role: String,
    signer: String,
    status: String,
    #[serde(default, with = "stroom::dates::option")]
    on: Option<Date>,
}

/// One line of the history of `show`.
#[derive(Debug, Deserialize)]
pub struct HistoryView {
    seq: u64,
    #[serde(with = "stroom::dates")]
    on: Date,
    what: String,
    /// The fact's stable code (`approved`), for the words in the reader's language.
    #[serde(default)]
    code: String,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    version: u32,
}

/// `show`.
#[derive(Debug, Deserialize)]
pub struct ShowView {
    stroom: Stroom,
    bewindspersonen: Vec<AgreementView>,
    allowed: Vec<String>,
    history: Vec<HistoryView>,
}

/// What a recording command reports.
#[derive(Debug, Deserialize)]
pub struct ChangeView {
    stroom: Stroom,
    recorded: Vec<Record>,
    bewindspersonen: Vec<AgreementView>,
    allowed: Vec<String>,
}

/// A local view in the shape the server sends.
fn view<T: serde::Serialize, V: serde::de::DeserializeOwned>(value: &T) -> Result<V> {
    Ok(serde_json::from_value(serde_json::to_value(value)?)?)
}

/// The server's answer as `--format json` prints it, or decoded for the tables.
enum Answer<V> {
    Printed,
    View(V),
}

fn answer<V: serde::de::DeserializeOwned>(
    settings: &Settings,
    text: &str,
    what: &str,
) -> Result<Answer<V>> {
    if settings.format == Format::Json {
        render::out(&pretty_json(text))?;
        return Ok(Answer::Printed);
    }
    Ok(Answer::View(decode(text, what)?))
}

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
            let text = read_text(stroom_render::cli::FileKind::Stroom, &path)?;
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
    if let Some(client) = Client::of(settings)? {
        let text = client.post(
            &["api", "strooms"],
            &serde_json::json!({"def": def, "on": on.to_string()}),
        )?;
        return report_remote_change(settings, &text, "POST /api/strooms");
    }
    let store = settings.record_store()?;
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
    let rows: Vec<RowView> = match Client::of(settings)? {
        Some(client) => {
            // The server sends the rows; the JSON view wraps them as locally.
            let text = client.get(&["api", "strooms"], NO_QUERY)?;
            #[derive(serde::Deserialize)]
            struct Rows {
                strooms: Vec<RowView>,
            }
            let rows = decode::<Rows>(&text, "GET /api/strooms")?.strooms;
            if settings.format == Format::Json {
                /// `list --format json` as locally (stroom::view::List).
                #[derive(serde::Serialize)]
                struct ListJson<'a> {
                    schema: u32,
                    strooms: &'a [RowView],
                }
                return render::json(&ListJson {
                    schema: stroom::view::VIEW_SCHEMA,
                    strooms: &rows,
                });
            }
            rows
        }
        None => {
            let store = settings.read_store()?;
            // The states alone, on every core: the records are read (and checked), not kept.
            let threads = std::thread::available_parallelism().map_or(1, usize::from);
            let current = stroom::portfolio::load_current_on(&store, &settings.routes, threads)?;
            let list = List::of_current(&current);
            if settings.format == Format::Json {
                return render::json(&list);
            }
            view(&list.strooms)?
        }
    };
    if settings.format == Format::Csv {
        return crate::output::csv::list(rows.iter().map(|r| {
            vec![
                r.reference.to_string(),
                r.title.to_string(),
                r.route.to_string(),
                r.state.name().to_string(),
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
            r.state.name().to_string(),
            r.version.to_string(),
            r.title.to_string(),
        ]);
    }
    render::out(&table.render())
}

fn route_kind(_settings: &Settings, loaded: &Loaded) -> Result<RouteKind> {
    // The route stored with the stroom at `new`: what its history means.
    Ok(loaded.route.kind())
}

/// Reports what a command recorded and where the stroom stands now.
pub fn report_change(settings: &Settings, loaded: &Loaded, new: &[Record]) -> Result<()> {
    let kind = route_kind(settings, loaded)?;
    let change = Change::of(loaded, new, kind);
    if settings.format == Format::Json {
        return render::json(&change);
    }
    render_change(settings, view(&change)?)
}

/// Reports what the server recorded (its answer's text) and where the stroom stands now.
pub fn report_remote_change(settings: &Settings, text: &str, what: &str) -> Result<()> {
    match answer(settings, text, what)? {
        Answer::Printed => Ok(()),
        Answer::View(change) => render_change(settings, change),
    }
}

fn render_change(settings: &Settings, change: ChangeView) -> Result<()> {
    let ChangeView {
        stroom: s,
        recorded: new,
        bewindspersonen: agreements,
        allowed,
    } = change;
    let s = &s;
    let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
    let lang = settings.lang;
    let words = text::words(lang);
    let [recorded, waiting_for] = words.report_fields;
    let [stroom_field, _, _, _, state_field, _, _, _, next_field] = words.show_fields;
    let mut f = Fields::default();
    for r in &new {
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
    // The records too: the history in Dutch is worded from them. Locally, the kind of the
    // route stored with the stroom.
    let mut stored_kind = None;
    let (show, records): (ShowView, Vec<Record>) = match Client::of(settings)? {
        Some(client) => {
            let text = client.get(&["api", "strooms", reference], NO_QUERY)?;
            match answer(settings, &text, "GET /api/strooms/REF")? {
                Answer::Printed => return Ok(()),
                Answer::View(show) => {
                    let records = if settings.lang == render::Lang::Nl {
                        let text = client.get(&["api", "strooms", reference, "log"], NO_QUERY)?;
                        decode::<stroom_server::Trail>(&text, "GET /api/strooms/REF/log")?.records
                    } else {
                        Vec::new()
                    };
                    (show, records)
                }
            }
        }
        None => {
            let store = settings.read_store_for(reference)?;
            let loaded = journal::load(&store, &settings.routes, reference)?;
            let kind = route_kind(settings, &loaded)?;
            stored_kind = Some(kind);
            let show = Show::of(&loaded, kind);
            if settings.format == Format::Json {
                return render::json(&show);
            }
            (view(&show)?, loaded.records)
        }
    };
    // The route's kind decides whether the onderraad is part of it; a route this stroom
    // does not know (another server's own route file) shows what the stroom recorded.
    let kind = match stored_kind {
        Some(k) => Ok(k),
        None => settings
            .routes
            .get(&show.stroom.def.route)
            .map(|r| r.kind()),
    };
    let ShowView {
        stroom: s,
        bewindspersonen: agreements,
        allowed,
        history,
    } = show;
    let s = &s;
    let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();

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
    if kind.map_or(s.onderraad.is_some(), |k| k == RouteKind::Ministerraad) {
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
            text::signer(lang, &a.signer),
            text::agreement(lang, &a.status, a.on),
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
    for (h, date) in history.iter().zip(&dates) {
        let what = match (lang, records.iter().find(|r| r.seq == h.seq)) {
            (render::Lang::Nl, Some(r)) => text::event(lang, r),
            (render::Lang::Nl, None) => text::event_code_nl(&h.code, h.role.as_deref(), h.version),
            (render::Lang::En, _) => h.what.clone(),
        };
        out.push_str(&format!("  {:>3}  {date:<width$}  {what}\n", h.seq));
    }
    render::out(&out)
}

/// `stroom log REF`: the audit trail.
pub fn log(settings: &Settings, reference: &str) -> Result<()> {
    let records: Vec<Record> = match Client::of(settings)? {
        Some(client) => {
            // The server sends the records; the JSON view is made here, as locally.
            let text = client.get(&["api", "strooms", reference, "log"], NO_QUERY)?;
            decode::<stroom_server::Trail>(&text, "GET /api/strooms/REF/log")?.records
        }
        None => {
            let store = settings.read_store()?;
            journal::load(&store, &settings.routes, reference)?.records
        }
    };
    if settings.format == Format::Json {
        return render::json(&stroom::view::Log::of(reference, &records));
    }
    if settings.format == Format::Csv {
        return crate::output::csv::log(&records);
    }
    let lang = settings.lang;
    let mut t = Table::new(text::words(lang).log_columns);
    // Which events a later record corrects, to say so beside them.
    let mut corrected_by: std::collections::BTreeMap<u64, u64> = std::collections::BTreeMap::new();
    for r in &records {
        if let Fact::Corrected { event, .. } = &r.event.fact {
            corrected_by.insert(*event, r.seq);
        }
    }
    for r in &records {
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
