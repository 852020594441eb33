//! `stroom calendar`: feestdagen, werkdag arithmetic, slots with provenance, checking and
//! generating calendar files.

use anyhow::Result;
use serde::Serialize;
use stroom::calendar::{self, CalendarData};

use crate::args::{CalendarCommand, Format};
use crate::commands::plan::day;
use crate::render::{json, out, Table};
use crate::settings::{read_text, Settings};
use crate::UsageError;

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
            let data = calendar::parse_calendar(&file.display().to_string(), &text)
                .map_err(stroom::Error::from)?;
            let summary = match &data {
                CalendarData::Body(b) => format!(
                    "{}: {} slots of {} ({}), {} to {}",
                    file.display(),
                    b.slots.len(),
                    b.name,
                    b.kind,
                    b.from,
                    b.to
                ),
                CalendarData::Recesses(r) => format!("{}: {} recesses", file.display(), r.len()),
                CalendarData::Blokdagen(d) => format!("{}: {} blokdagen", file.display(), d.len()),
            };
            match settings.format {
                Format::Json => json(
                    &serde_json::json!({ "file": file.display().to_string(), "ok": true, "summary": summary }),
                ),
                _ => out(&format!("ok: {summary}\n")),
            }
        }
        CalendarCommand::Generate { body, from, to } => {
            let text = calendar::generate_file(&body, from, to, cal)?;
            out(&text)
        }
    }
}
