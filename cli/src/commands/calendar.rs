//! `stroom calendar`: feestdagen, werkdag arithmetic, slots with provenance, checking and
//! generating calendar files.

use anyhow::Result;
use serde::Serialize;
use stroom::calendar::{self, CalendarData, FileWarning, FileWarningKind};

use crate::args::{CalendarCommand, Format};
use crate::commands::plan::day;
use crate::render::{json, out, Table};
use crate::settings::{read_text, Settings};
use crate::UsageError;
use stroom::calendar::{Imported, ImportedMeeting};

#[derive(Serialize)]
struct DateOnly {
    #[serde(with = "stroom::dates")]
    date: jiff::civil::Date,
}

#[derive(Serialize)]
struct Named {
    #[serde(with = "stroom::dates")]
    date: jiff::civil::Date,
    name: String,
}

/// Runs one `stroom calendar` subcommand.
///
/// # Errors
/// Bad input or a date outside the tables.
pub fn run(settings: &Settings, cmd: CalendarCommand) -> Result<()> {
    let cal = &settings.calendars;
    let w = cal.werkdagen();
    match cmd {
        CalendarCommand::Feestdagen { year } => {
            if !(stroom::werkdag::FIRST_YEAR..=stroom::werkdag::LAST_YEAR).contains(&year) {
                return Err(UsageError(format!("year {year} is outside the werkdag tables\n  hint: use a year from 2000 to 2100")).into());
            }
            let days = w.days_off_in(year);
            match settings.format {
                Format::Json => json(
                    &days
                        .iter()
                        .map(|d| Named {
                            date: d.date,
                            name: d.name.clone(),
                        })
                        .collect::<Vec<_>>(),
                ),
                _ => {
                    let mut t = Table::new(&["date", "name", ""]);
                    for d in &days {
                        let weekend = d.date.weekday().to_monday_one_offset() > 5;
                        t.row(vec![
                            day(d.date),
                            d.name.clone(),
                            if weekend {
                                "(weekend)".into()
                            } else {
                                String::new()
                            },
                        ]);
                    }
                    out(&t.render())
                }
            }
        }
        CalendarCommand::AddWerkdagen { date, n } => {
            let result = w.add(date, n)?;
            match settings.format {
                Format::Json => json(&DateOnly { date: result }),
                _ => out(&format!("{}\n", day(result))),
            }
        }
        CalendarCommand::Show { body, year } => {
            if body == calendar::RECESS_FILE {
                let recesses: Vec<_> = cal
                    .recesses()
                    .iter()
                    .filter(|r| year.is_none_or(|y| r.from.year() == y))
                    .collect();
                return match settings.format {
                    Format::Json => json(&recesses),
                    _ => {
                        let mut t = Table::new(&["recess", "from", "to", "provenance", "note"]);
                        for r in recesses {
                            t.row(vec![
                                r.name.clone(),
                                day(r.from),
                                day(r.to),
                                r.provenance.word().into(),
                                r.provenance.note().into(),
                            ]);
                        }
                        out(&t.render())
                    }
                };
            }
            let b = cal.body(&body)?;
            let slots: Vec<_> = b
                .slots
                .iter()
                .filter(|s| year.is_none_or(|y| s.meeting.year() == y))
                .collect();
            match settings.format {
                Format::Json => json(&slots),
                _ => {
                    let mut s = format!(
                        "{} ({}): {}, covers {} to {}\n\n",
                        b.name, b.kind, b.title, b.from, b.to
                    );
                    let voorportaal = b.kind == calendar::BodyKind::Voorportaal;
                    let mut header = vec!["meeting", "deadline"];
                    if voorportaal {
                        header.extend(["mr", "mr with onderraad"]);
                    }
                    header.extend(["provenance", "note"]);
                    let mut t = Table::new(&header);
                    for sl in slots {
                        let mut cells = vec![day(sl.meeting), day(sl.deadline)];
                        if voorportaal {
                            cells.push(sl.mr.map_or("(by rule)".into(), day));
                            cells.push(sl.mr_with_onderraad.map_or("(by rule)".into(), day));
                        }
                        cells.push(sl.provenance.word().into());
                        cells.push(sl.provenance.note().into());
                        t.row(cells);
                    }
                    s.push_str(&t.render());
                    out(&s)
                }
            }
        }
        CalendarCommand::Check { file } => {
            let text = read_text("calendar file", &file)?;
            let parsed = calendar::parse_calendar_file(&file.display().to_string(), &text)
                .map_err(stroom::Error::from)?;
            let summary = match &parsed.data {
                CalendarData::Body(b) => {
                    let mut s = format!(
                        "{}: {} slots of {} ({}), {} to {}",
                        file.display(),
                        b.slots.len(),
                        b.name,
                        b.kind,
                        b.from,
                        b.to
                    );
                    let extra = b.slots.iter().filter(|s| s.extra).count();
                    if extra > 0 {
                        s.push_str(&format!(", {extra} extra"));
                    }
                    if !b.cancelled.is_empty() {
                        s.push_str(&format!(", {} cancelled", b.cancelled.len()));
                    }
                    s
                }
                CalendarData::Recesses {
                    recesses,
                    elections,
                } => format!(
                    "{}: {} recesses, {} elections",
                    file.display(),
                    recesses.len(),
                    elections.len()
                ),
                CalendarData::Blokdagen(d) => format!("{}: {} blokdagen", file.display(), d.len()),
                CalendarData::Cabinets(c) => format!("{}: {} cabinets", file.display(), c.len()),
            };
            let warnings: Vec<String> = parsed.warnings.iter().map(file_warning).collect();
            match settings.format {
                Format::Json => json(&serde_json::json!({
                    "file": file.display().to_string(),
                    "ok": true,
                    "summary": summary,
                    "warnings": parsed.warnings,
                    "warning-texts": warnings,
                })),
                _ => {
                    let mut s = format!("ok: {summary}\n");
                    for w in warnings {
                        s.push_str(&format!("warning: {w}\n"));
                    }
                    out(&s)
                }
            }
        }
        CalendarCommand::Import { body, file, output } => {
            let text = read_text("schedule", &file)?;
            let name = file.file_name().map_or_else(
                || file.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let meetings = read_schedule(&file, &name, &text)?;
            let imported = calendar::import(&body, &name, &meetings, cal)?;
            let target = match output {
                Some(p) if p.as_os_str() == "-" => None,
                Some(p) => Some(p),
                None => {
                    let stem = file
                        .file_stem()
                        .map_or_else(|| "schedule".into(), |s| s.to_string_lossy().into_owned());
                    let name = if stem.starts_with(&body) {
                        format!("{stem}.toml")
                    } else {
                        format!("{body}-{stem}.toml")
                    };
                    Some(settings.calendars_dir.join(name))
                }
            };
            let Some(target) = target else {
                return out(&imported.text);
            };
            write_calendar(&target, &imported.text)?;
            let report = import_report(&imported, &target);
            match settings.format {
                Format::Json => json(&serde_json::json!({
                    "body": imported.body,
                    "file": target.display().to_string(),
                    "source": name,
                    "from": imported.from.to_string(),
                    "to": imported.to.to_string(),
                    "slots": imported.slots,
                    "replaced": imported.replaced,
                    "warnings": imported.warnings,
                })),
                _ => out(&report),
            }
        }
        CalendarCommand::Generate { body, from, to } => {
            let text = calendar::generate_file(&body, from, to, cal)?;
            out(&text)
        }
    }
}

/// A calendar file's warning in English, with its place.
pub fn file_warning(w: &FileWarning) -> String {
    let place = match w.line {
        Some(l) => format!("{}:{l}", w.source),
        None => w.source.clone(),
    };
    let what = match &w.kind {
        FileWarningKind::DeadlineMoved {
            meeting,
            given,
            moved_to,
            day_off,
        } => format!(
            "the deadline {given} of the meeting {meeting} falls on {day_off}, not a werkdag: moved to the werkdag before, {moved_to}"
        ),
        FileWarningKind::ExtraOnDayOff { meeting, day_off } => {
            format!("the extra meeting of {meeting} falls on {day_off}, not a werkdag: accepted because it says extra = true")
        }
        FileWarningKind::DeadlineByRule { meeting, deadline } => format!(
            "the meeting of {meeting} has no aanleverdeadline in the schedule: {deadline} by the body's rule"
        ),
        FileWarningKind::CancelsNothing { body, meeting } => {
            format!("cancels the {body} meeting of {meeting}, which no calendar had")
        }
    };
    format!("{place}: {what}")
}

/// What `calendar import` did, for people.
fn import_report(imp: &Imported, target: &std::path::Path) -> String {
    let mut s = format!(
        "imported {} {} meetings from {} to {} (sourced: {})\nwrote {}\n",
        imp.slots.len(),
        imp.body,
        imp.from,
        imp.to,
        imp.slots[0].provenance.note(),
        target.display()
    );
    if imp.replaced.is_empty() {
        s.push_str("it replaces no slots: the calendars had none in that period\n");
    } else {
        let mut by_level: std::collections::BTreeMap<stroom::calendar::Level, usize> =
            std::collections::BTreeMap::new();
        for r in &imp.replaced {
            *by_level.entry(r.level()).or_default() += 1;
        }
        let levels: Vec<String> = by_level.iter().map(|(l, n)| format!("{n} {l}")).collect();
        s.push_str(&format!(
            "it replaces {} slots of {} in that period ({}):\n",
            imp.replaced.len(),
            imp.body,
            levels.join(", ")
        ));
        let new: std::collections::BTreeSet<_> = imp.slots.iter().map(|s| s.meeting).collect();
        let old: std::collections::BTreeSet<_> = imp.replaced.iter().map(|s| s.meeting).collect();
        let gone: Vec<String> = old.difference(&new).map(|d| day(*d)).collect();
        let added: Vec<String> = new.difference(&old).map(|d| day(*d)).collect();
        if !gone.is_empty() {
            s.push_str(&format!("  no longer a meeting: {}\n", gone.join(", ")));
        }
        if !added.is_empty() {
            s.push_str(&format!("  new meetings: {}\n", added.join(", ")));
        }
        let same = new.intersection(&old).count();
        s.push_str(&format!("  on the same day as before: {same}\n"));
    }
    for w in &imp.warnings {
        s.push_str(&format!("warning: {}\n", file_warning(w)));
    }
    s
}

/// Writes a calendar file, creating its folder, through a temporary file and a rename.
fn write_calendar(target: &std::path::Path, text: &str) -> Result<()> {
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            UsageError(format!("cannot create the folder '{}': {e}", dir.display()))
        })?;
    }
    let tmp = target.with_extension("toml.tmp");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, target))
        .map_err(|e| UsageError(format!("cannot write '{}': {e}", target.display())).into())
}

/// Reads the meetings of a schedule file: `.ics` (a meeting series) or `.csv`.
fn read_schedule(path: &std::path::Path, name: &str, text: &str) -> Result<Vec<ImportedMeeting>> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "ics" | "ical" | "ifb" => crate::schedule::read_ics(name, text),
        "csv" | "txt" => crate::schedule::read_csv(name, text),
        _ => Err(UsageError(format!(
            "'{}' is neither an .ics nor a .csv file\n  hint: export the meeting series as iCalendar (.ics) or the schedule as CSV",
            path.display()
        ))
        .into()),
    }
}

/// Resolves `--debate`: a date, or an activity from the Kamer's open data (`--activities`),
/// saying on stderr which activity it took. Returns the date and, when the activity's
/// status says it was moved or cancelled, the note the plan carries (JSON and text).
pub fn debate_target(
    debate: &str,
    activities: Option<&std::path::Path>,
) -> Result<(jiff::civil::Date, Option<stroom::calendar::PathNote>)> {
    use stroom::debates;
    let looks_like_date =
        debate.len() == 10 && debate.as_bytes()[4] == b'-' && debate.as_bytes()[7] == b'-';
    if looks_like_date || (activities.is_none() && debate.starts_with(|c: char| c.is_ascii_digit()))
    {
        return Ok((
            stroom::dates::parse(debate).map_err(|e| UsageError(format!("--debate: {e}")))?,
            None,
        ));
    }
    let Some(path) = activities else {
        return Err(UsageError(format!(
            "--debate '{debate}' is not a date, and no --activities file names activities\n  hint: give the debate's date (YYYY-MM-DD), or download the Kamer's activities (gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Activiteit) and pass --activities FILE"
        ))
        .into());
    };
    let text = read_text("activities file", path)?;
    let all = debates::parse_activities(&path.display().to_string(), &text)
        .map_err(stroom::Error::from)?;
    let a = debates::find(&all, debate).map_err(|e| {
        UsageError(format!(
            "--debate: {e}\n  hint: name the activity by its Id or Nummer, or by more words of its subject"
        ))
    })?;
    let date = a
        .date()
        .ok_or_else(|| UsageError(format!("--debate: activity {} has no date", a.label())))?;
    crate::render::note(&format!(
        "--debate {debate} = {} on {}",
        a.label(),
        day(date)
    ));
    Ok((date, a.note(date)))
}

/// [`debate_target`] where the plan is made elsewhere (the server): the status note goes
/// to stderr.
pub fn debate_date(
    debate: &str,
    activities: Option<&std::path::Path>,
    lang: stroom_render::Lang,
) -> Result<jiff::civil::Date> {
    let (date, note) = debate_target(debate, activities)?;
    if let Some(n) = note {
        crate::render::note(&format!(
            "{} {}",
            stroom_render::text::words(lang).warning,
            stroom_render::text::path_note(lang, &n)
        ));
    }
    Ok(date)
}
