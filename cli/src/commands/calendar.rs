//! `stroom calendar`: feestdagen, werkdag arithmetic, slots with provenance, checking and
//! generating calendar files.

use anyhow::Result;
use serde::Serialize;
use stroom::calendar;

use crate::args::{CalendarCommand, Format};
use crate::render::{answer, out, Table};
use crate::settings::{read_text, Settings};
use stroom::calendar::ImportedMeeting;
use stroom_render::cli::{Note, Problem};
use stroom_render::lang::day;
use stroom_render::{reports, Lang};

/// `calendar add-werkdagen --format json`: the date given, the werkdagen added and the
/// result (`date`).
#[derive(Serialize)]
struct Added {
    #[serde(with = "stroom::dates")]
    from: jiff::civil::Date,
    werkdagen: i32,
    #[serde(with = "stroom::dates")]
    date: jiff::civil::Date,
}

/// `calendar feestdagen --format json`.
#[derive(Serialize)]
struct DaysOff {
    year: i16,
    days: Vec<Named>,
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
    let lang = settings.lang;
    match cmd {
        CalendarCommand::Feestdagen { year } => {
            if !(stroom::werkdag::FIRST_YEAR..=stroom::werkdag::LAST_YEAR).contains(&year) {
                return Err(Problem::YearOutsideTables { year }.into());
            }
            let days = w.days_off_in(year);
            match settings.format {
                Format::Json => answer(&DaysOff {
                    year,
                    days: days
                        .iter()
                        .map(|d| Named {
                            date: d.date,
                            name: d.name.clone(),
                        })
                        .collect(),
                }),
                _ => {
                    let mut t = Table::new(&reports::feestdagen_columns(lang));
                    for d in &days {
                        let weekend = d.date.weekday().to_monday_one_offset() > 5;
                        t.row(vec![
                            day(lang, d.date),
                            d.name.clone(),
                            if weekend {
                                reports::weekend(lang).into()
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
                Format::Json => answer(&Added {
                    from: date,
                    werkdagen: n,
                    date: result,
                }),
                _ => out(&format!("{}\n", day(lang, result))),
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
                    // As the server's `GET /api/recesses`.
                    Format::Json => answer(&serde_json::json!({ "recesses": recesses })),
                    _ => {
                        let mut t = Table::new(&reports::recess_columns(lang));
                        for r in recesses {
                            let mut cells =
                                vec![r.name.clone(), day(lang, r.from), day(lang, r.to)];
                            cells.extend(reports::provenance_cells(lang, &r.provenance));
                            t.row(cells);
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
                // The body as the server's `GET /api/calendars/NAME`, its slots and
                // cancellations in `--year` alone.
                Format::Json => answer(&stroom::calendar::Body {
                    slots: slots.into_iter().cloned().collect(),
                    cancelled: b
                        .cancelled
                        .iter()
                        .filter(|c| year.is_none_or(|y| c.meeting.year() == y))
                        .cloned()
                        .collect(),
                    ..b.clone()
                }),
                _ => {
                    let mut s = format!("{}\n\n", reports::body_heading(lang, b));
                    let voorportaal = b.kind == calendar::BodyKind::Voorportaal;
                    let mut t = Table::new(&reports::slot_columns(lang, voorportaal));
                    for sl in slots {
                        let mut cells = vec![day(lang, sl.meeting), day(lang, sl.deadline)];
                        if voorportaal {
                            let mr = |d: Option<jiff::civil::Date>| {
                                d.map_or_else(|| reports::by_rule(lang).into(), |d| day(lang, d))
                            };
                            cells.push(mr(sl.mr));
                            cells.push(mr(sl.mr_with_onderraad));
                        }
                        cells.extend(reports::provenance_cells(lang, &sl.provenance));
                        t.row(cells);
                    }
                    s.push_str(&t.render());
                    out(&s)
                }
            }
        }
        CalendarCommand::Check { file } => {
            let text = read_text(stroom_render::cli::FileKind::Calendar, &file)?;
            let parsed = calendar::parse_calendar_file(&file.display().to_string(), &text)
                .map_err(stroom::Error::from)?;
            let summary =
                reports::calendar_summary(Lang::En, &file.display().to_string(), &parsed.data);
            let warnings: Vec<String> = parsed
                .warnings
                .iter()
                .map(|w| reports::file_warning(Lang::En, w))
                .collect();
            match settings.format {
                Format::Json => answer(&serde_json::json!({
                    "file": file.display().to_string(),
                    "ok": true,
                    "summary": summary,
                    "warnings": parsed.warnings,
                    "warning-texts": warnings,
                })),
                _ => {
                    let file = file.display().to_string();
                    let mut s = format!(
                        "{}: {}\n",
                        reports::ok(lang),
                        reports::calendar_summary(lang, &file, &parsed.data)
                    );
                    for w in &parsed.warnings {
                        s.push_str(&format!(
                            "{} {}\n",
                            stroom_render::text::words(lang).warning,
                            reports::file_warning(lang, w)
                        ));
                    }
                    out(&s)
                }
            }
        }
        CalendarCommand::Import { body, file, output } => {
            let text = read_text(stroom_render::cli::FileKind::Schedule, &file)?;
            let name = file.file_name().map_or_else(
                || file.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let meetings = read_schedule(&file, &name, &text)?;
            let imported = calendar::import_in(
                &body,
                &name,
                &meetings,
                cal,
                stroom_render::labels::file_words(lang),
            )?;
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
            let report = reports::import_report(lang, &imported, &target.display().to_string());
            match settings.format {
                Format::Json => answer(&serde_json::json!({
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
            let text = calendar::generate_file_in(
                &body,
                from,
                to,
                cal,
                stroom_render::labels::file_words(lang),
            )?;
            out(&text)
        }
    }
}

/// Writes a calendar file, creating its folder, through a temporary file and a rename.
fn write_calendar(target: &std::path::Path, text: &str) -> Result<()> {
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Problem::CannotCreateFolder {
            path: dir.display().to_string(),
            error: (&e).into(),
        })?;
    }
    let tmp = target.with_extension("toml.tmp");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, target))
        .map_err(|e| {
            Problem::CannotWrite {
                path: target.display().to_string(),
                error: (&e).into(),
            }
            .into()
        })
}

/// Reads the meetings of a schedule file: `.ics` (a meeting series) or `.csv`.
fn read_schedule(path: &std::path::Path, name: &str, text: &str) -> Result<Vec<ImportedMeeting>> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "ics" | "ical" | "ifb" => {
            crate::schedule::read_ics(name, text, &mut |series| expand_series(name, series))
        }
        "csv" | "txt" => crate::schedule::read_csv(name, text),
        _ => Err(Problem::NotIcsOrCsv {
            path: path.display().to_string(),
        }
        .into()),
    }
}

/// Expands meeting series with the companion program `stroom-rrule`, installed beside
/// `stroom` (why: `recur.rs`): the series as JSON on its stdin, their dates on its stdout.
fn expand_series(
    file: &str,
    series: &[crate::recur::Series],
) -> Result<Vec<crate::recur::Expanded>> {
    use std::io::Write as _;
    use stroom_render::cli::RecurrenceStage as Stage;
    let exe = std::env::current_exe().unwrap_or_else(|_| "stroom".into());
    let program = exe.with_file_name(format!("stroom-rrule{}", std::env::consts::EXE_SUFFIX));
    let path = program.display().to_string();
    let failed = |stage: Stage, detail: String| -> anyhow::Error {
        Problem::RecurrenceProgramFailed {
            path: path.clone(),
            stage,
            detail,
        }
        .into()
    };
    let mut child = std::process::Command::new(&program)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Problem::RecurrenceProgramMissing {
                file: file.to_string(),
                path: path.clone(),
            }
            .into(),
            _ => failed(Stage::Start, e.to_string()),
        })?;
    let request = serde_json::to_vec(series).map_err(|e| failed(Stage::Talk, e.to_string()))?;
    // It reads all of stdin before it writes: written whole and closed, then read. A program
    // that ends without reading (a broken pipe here) is judged by how it ended, below.
    if let Some(mut stdin) = child.stdin.take() {
        match stdin.write_all(&request) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                return Err(failed(Stage::Talk, e.to_string()));
            }
            _ => {}
        }
    }
    let output = child
        .wait_with_output()
        .map_err(|e| failed(Stage::Talk, e.to_string()))?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Err(failed(
            Stage::Exit,
            if said.is_empty() {
                output.status.to_string()
            } else {
                said
            },
        ));
    }
    let answers: Vec<crate::recur::Expanded> =
        serde_json::from_slice(&output.stdout).map_err(|e| failed(Stage::Answer, e.to_string()))?;
    if answers.len() != series.len() {
        return Err(failed(
            Stage::Answer,
            format!("{} answers to {} series", answers.len(), series.len()),
        ));
    }
    Ok(answers)
}

/// Resolves `--debate`: a date, or an activity from the Kamer's open data (`--activities`),
/// saying on stderr which activity it took. Returns the date and, when the activity's
/// status says it was moved or cancelled, the note the plan carries (JSON and text).
pub fn debate_target(
    debate: &str,
    activities: Option<&std::path::Path>,
    lang: Lang,
) -> Result<(jiff::civil::Date, Option<stroom::calendar::PathNote>)> {
    use stroom::debates;
    let looks_like_date =
        debate.len() == 10 && debate.as_bytes()[4] == b'-' && debate.as_bytes()[7] == b'-';
    if looks_like_date || (activities.is_none() && debate.starts_with(|c: char| c.is_ascii_digit()))
    {
        return Ok((
            stroom::dates::parse(debate).map_err(|error| Problem::FlagDate {
                flag: "debate".into(),
                error,
            })?,
            None,
        ));
    }
    let Some(path) = activities else {
        return Err(Problem::DebateNotADate {
            debate: debate.to_string(),
        }
        .into());
    };
    let text = read_text(stroom_render::cli::FileKind::Activities, path)?;
    let all = debates::parse_activities(&path.display().to_string(), &text)
        .map_err(stroom::Error::from)?;
    let a = debates::find(&all, debate).map_err(|error| Problem::DebateNotFound { error })?;
    let date = a
        .date()
        .ok_or_else(|| Problem::DebateWithoutDate { label: a.label() })?;
    crate::render::say(
        lang,
        &Note::DebateActivity {
            debate: debate.to_string(),
            label: a.label(),
            date,
        },
    );
    Ok((date, a.note(date)))
}

/// [`debate_target`] where the plan is made elsewhere (the server): the status note goes
/// to stderr.
pub fn debate_date(
    debate: &str,
    activities: Option<&std::path::Path>,
    lang: stroom_render::Lang,
) -> Result<jiff::civil::Date> {
    let (date, note) = debate_target(debate, activities, lang)?;
    if let Some(n) = note {
        crate::render::note(&format!(
            "{} {}",
            stroom_render::text::words(lang).warning,
            stroom_render::text::path_note(lang, &n)
        ));
    }
    Ok(date)
}
