//! The rules that make estimated slots, and the generated calendar files.

use super::*;
use std::fmt;

use jiff::civil::{Date, Weekday};
use jiff::Span;

use crate::error::{CalendarError, Error};
use crate::werkdag::Werkdagen;

impl fmt::Display for BodyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BodyKind::Voorportaal => "voorportaal",
            BodyKind::Onderraad => "onderraad",
            BodyKind::Ministerraad => "ministerraad",
        })
    }
}

// ---- generating estimated calendars ------------------------------------------------

pub(crate) fn days(n: i64) -> Span {
    Span::new().days(n)
}

pub(crate) fn add_days(d: Date, n: i64) -> Date {
    d.checked_add(days(n))
        .expect("calendar dates stay far inside jiff's range")
}

/// The Monday of `d`'s ISO week.
pub fn week_of(d: Date) -> Date {
    add_days(d, -i64::from(d.weekday().to_monday_zero_offset()))
}

/// A rule that makes estimated slots for a body where no published schedule exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// MR: every Friday that is a werkdag, except the summer stop (the MR meets on the
    /// first two Fridays of the zomerreces, then skips four) and the Christmas break (the
    /// last MR of the year is the last werkdag Friday on or before 23 December, the next
    /// the last Friday of the kerstreces). Deadline: 7 days before, or the werkdag
    /// before that.
    Ministerraad,
    /// CWIZO: Mondays every 3 weeks (anchored on Mon 9 Oct 2023), only in weeks with an
    /// MR; a Monday off moves to the next werkdag. Deadline: meeting − 4 werkdagen.
    Cwizo,
    /// RWIZO: Tuesdays every 3 weeks (anchored on Tue 31 Oct 2023, three weeks and a
    /// day after each CWIZO), only in weeks with an MR after it. Deadline: 7 calendar
    /// days before, or the werkdag before that.
    Rwizo,
}

impl Rule {
    /// The rule for a known body name.
    pub fn for_body(name: &str) -> Option<Rule> {
        match name {
            "mr" => Some(Rule::Ministerraad),
            "cwizo" => Some(Rule::Cwizo),
            "rwizo" => Some(Rule::Rwizo),
            _ => None,
        }
    }

    /// The text that marks slots made by this rule.
    pub fn description(self) -> &'static str {
        match self {
            Rule::Ministerraad => "rule: every Friday that is a werkdag, minus four Fridays of the summer stop and the Christmas break (last MR on or before 23 Dec, next on the last Friday of the kerstreces); deadline 7 days before, or the werkdag before",
            Rule::Cwizo => "rule: Monday every 3 weeks from 2023-10-09, only in weeks with an MR; deadline meeting - 4 werkdagen",
            Rule::Rwizo => "rule: Tuesday every 3 weeks from 2023-10-31, only in weeks with an MR after it; deadline 7 days before, or the werkdag before",
        }
    }
}

/// The recesses a generated `tweede-kamer` file holds for the years `from..=to`: the
/// sourced and reported ones `cal` holds, and estimated ones by rule for every recess
/// they do not cover.
pub fn recess_entries(cal: &Calendars, from: i16, to: i16) -> Vec<Recess> {
    let kept: Vec<&Recess> = cal
        .recesses()
        .iter()
        .filter(|r| !r.provenance.is_estimated() && (from..=to).contains(&r.from.year()))
        .collect();
    let mut all: Vec<Recess> = kept.iter().map(|r| (*r).clone()).collect();
    for year in from..=to {
        for r in estimate_recesses(year) {
            let covered = kept
                .iter()
                .any(|s| s.name == r.name && s.from.year() == year)
                || kept.iter().any(|s| s.from <= r.to && r.from <= s.to);
            if !covered {
                all.push(r);
            }
        }
    }
    all.sort_by_key(|r| r.from);
    all
}

/// The sourced and reported slots and cancellations of `body` in `cal` with meetings
/// from `start` to `end`: what a generated file keeps as it is.
pub(crate) fn kept(
    cal: &Calendars,
    body: &str,
    start: Date,
    end: Date,
) -> (Vec<Slot>, Vec<Cancelled>) {
    let Ok(b) = cal.body(body) else {
        return (Vec::new(), Vec::new());
    };
    let inside = |d: Date| start <= d && d <= end;
    (
        b.slots
            .iter()
            .filter(|s| !s.provenance.is_estimated() && inside(s.meeting))
            .map(|s| Slot {
                extrapolated: None,
                ..s.clone()
            })
            .collect(),
        b.cancelled
            .iter()
            .filter(|c| {
                inside(c.meeting) && c.provenance.as_ref().is_some_and(|p| !p.is_estimated())
            })
            .cloned()
            .collect(),
    )
}

/// Generated slots, minus those a kept regular slot replaces (same week) or a kept
/// cancellation cancels, plus the kept slots.
pub(crate) fn merge(generated: Vec<Slot>, kept: &[Slot], cancelled: &[Cancelled]) -> Vec<Slot> {
    let mut out: Vec<Slot> = generated
        .into_iter()
        .filter(|g| {
            !kept.iter().any(|k| {
                k.meeting == g.meeting || (!k.extra && week_of(k.meeting) == week_of(g.meeting))
            }) && !cancelled.iter().any(|c| c.meeting == g.meeting)
        })
        .collect();
    out.extend(kept.iter().cloned());
    out.sort_by_key(|s| s.meeting);
    out
}

/// The MR meetings from `start` to `end` as a generated `mr` file holds them.
pub(crate) fn mr_meetings(
    cal: &Calendars,
    start: Date,
    end: Date,
) -> Result<Vec<Date>, CalendarError> {
    let (lo, hi) = cal.werkdagen().range();
    let (start, end) = (start.max(lo), end.min(hi));
    let (kept_slots, cancelled) = kept(cal, "mr", start, end);
    let generated = generate(Rule::Ministerraad, start, end, cal)?;
    Ok(merge(generated, &kept_slots, &cancelled)
        .into_iter()
        .map(|s| s.meeting)
        .collect())
}

/// Makes the estimated slots of `rule` for meetings from `from` to `to`.
///
/// The ministerraad's summer stop and Christmas break follow the Tweede Kamer's recesses
/// (those `cal` holds, and estimated ones where it holds none); voorportaal and
/// onderraad slots exist only in weeks with an MR (after the onderraad's meeting).
///
/// # Errors
/// A date outside the werkdag tables.
pub fn generate(
    rule: Rule,
    from: Date,
    to: Date,
    cal: &Calendars,
) -> Result<Vec<Slot>, CalendarError> {
    let w = cal.werkdagen();
    let est = || Provenance::Estimated(rule.description().to_string().into());
    let slot = |meeting: Date, deadline: Date| Slot {
        meeting,
        deadline,
        mr: None,
        mr_with_onderraad: None,
        extra: false,
        provenance: est(),
        extrapolated: None,
    };
    let mut out = Vec::new();
    match rule {
        Rule::Ministerraad => {
            let recesses = recess_entries(cal, from.year() - 1, to.year());
            let friday_on_or_after = |d: Date| {
                let mut f = d;
                while f.weekday() != Weekday::Friday {
                    f = add_days(f, 1);
                }
                f
            };
            let mut d = friday_on_or_after(from);
            while d <= to {
                let stop = recesses
                    .iter()
                    .find(|r| r.name == "zomerreces" && r.from.year() == d.year());
                let in_stop = stop.is_some_and(|r| {
                    let first_friday = friday_on_or_after(r.from);
                    d >= add_days(first_friday, 14) && d < add_days(first_friday, 42)
                });
                // A meeting whose deadline would lie before the werkdag tables is left out.
                let deadline_known = add_days(d, -14) >= w.range().0;
                if deadline_known
                    && w.is_werkdag(d)?
                    && !in_stop
                    && !in_christmas_break(d, &recesses, w)?
                {
                    out.push(slot(d, w.previous_or_same(add_days(d, -7))?));
                }
                d = add_days(d, 7);
            }
        }
        Rule::Cwizo | Rule::Rwizo => {
            let anchor = if rule == Rule::Cwizo {
                Date::constant(2023, 10, 9)
            } else {
                Date::constant(2023, 10, 31)
            };
            let mrs = mr_meetings(cal, add_days(from, -7), add_days(to, 7))?;
            let offset = (from - anchor).get_days() as i64;
            let mut d = add_days(anchor, offset.div_euclid(21) * 21);
            while d < from {
                d = add_days(d, 21);
            }
            while d <= to {
                let meeting = w.next_or_same(d)?;
                let has_mr = mrs.iter().any(|m| {
                    week_of(*m) == week_of(meeting) && (rule == Rule::Cwizo || *m >= meeting)
                });
                let deadline_known = add_days(meeting, -14) >= w.range().0;
                if has_mr && meeting <= to && deadline_known {
                    let deadline = if rule == Rule::Cwizo {
                        w.add(meeting, -4)?
                    } else {
                        w.previous_or_same(add_days(meeting, -7))?
                    };
                    out.push(slot(meeting, deadline));
                }
                d = add_days(d, 21);
            }
        }
    }
    Ok(out)
}

/// Whether Friday `d` falls in the ministerraad's Christmas break: after the last werkdag
/// Friday on or before 23 December and before the last Friday of the kerstreces.
pub(crate) fn in_christmas_break(
    d: Date,
    recesses: &[Recess],
    w: &Werkdagen,
) -> Result<bool, CalendarError> {
    // The break around the turn of the year of `year` to `year + 1`.
    for year in [d.year() - 1, d.year()] {
        if year < crate::werkdag::FIRST_YEAR {
            continue;
        }
        let mut last = Date::new(year, 12, 23).map_err(|_| CalendarError::WerkdagRange {
            date: d,
            from: w.range().0,
            to: w.range().1,
        })?;
        while last.weekday() != Weekday::Friday || !w.is_werkdag(last)? {
            last = add_days(last, -1);
        }
        let kerst = recesses
            .iter()
            .find(|r| r.name == "kerstreces" && r.from.year() == year)
            .map(|r| r.to)
            .unwrap_or_else(|| {
                estimate_recesses(year)
                    .into_iter()
                    .find(|r| r.name == "kerstreces")
                    .map_or(add_days(last, 24), |r| r.to)
            });
        // The Friday before the Monday the kerstreces ends.
        let mut next = add_days(kerst, -1);
        while next.weekday() != Weekday::Friday {
            next = add_days(next, -1);
        }
        if d > last && d < next {
            return Ok(true);
        }
    }
    Ok(false)
}

pub(crate) fn render_provenance(out: &mut String, p: &Provenance, words: &dyn FileWords) {
    out.push_str(&format!("{} = {:?}\n", p.file_key(), words.note(p.note())));
}

/// The words for people in a calendar file stroom writes (`calendar generate`, `calendar
/// import`): the header comment, the entries' notes (a source, or the rule that estimated
/// the entry) and the recess file's title. [`EnglishFileWords`] are the engine's own; a
/// front end passes another language's. The keys and dates stay as they are.
pub trait FileWords {
    /// The header of `calendar generate BODY --from FROM --to TO`.
    fn generated(&self, body: &str, from: i16, to: i16) -> String;
    /// The header of a schedule imported from `source`.
    fn imported(&self, source: &str, body: &str, meetings: usize, from: Date, to: Date) -> String;
    /// An entry's note as the file writes it.
    fn note(&self, note: &str) -> String;
    /// The title of the Tweede Kamer's recess file.
    fn recess_title(&self) -> String;
}

/// The engine's English words of a calendar file (the checked-in files are written so).
#[derive(Debug, Clone, Copy, Default)]
pub struct EnglishFileWords;

impl FileWords for EnglishFileWords {
    fn generated(&self, body: &str, from: i16, to: i16) -> String {
        format!(
            "Generated by 'stroom calendar generate {body} --from {from} --to {to}': the sourced and\n\
             reported entries below are kept as they are, every other entry is estimated by the\n\
             rule it names (see CALENDARS.md). To load a published schedule, import it\n\
             ('stroom calendar import --body {body} FILE') or write a file of your own\n\
             (--calendar FILE): its slots replace these for the period that file covers."
        )
    }

    fn imported(&self, source: &str, body: &str, meetings: usize, from: Date, to: Date) -> String {
        format!(
            "Imported from {source} by 'stroom calendar import --body {body}': {meetings} meetings from\n\
             {from} to {to}, sourced. These slots replace the calendars' for that period."
        )
    }

    fn note(&self, note: &str) -> String {
        note.to_string()
    }

    fn recess_title(&self) -> String {
        "Recesses of the Tweede Kamer".into()
    }
}

/// The header keys of a body's calendar file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileHeader {
    /// The cabinet whose body this is (voorportaal, onderraad).
    pub cabinet: Option<String>,
    /// From when the body is known to exist.
    pub valid_from: Option<Date>,
    /// Until when the body is known to exist.
    pub valid_until: Option<Date>,
}

/// Renders slots as a calendar file (the format `parse_calendar` reads).
#[allow(clippy::too_many_arguments)]
pub fn render_calendar_file(
    body: &str,
    kind: BodyKind,
    title: &str,
    from: Date,
    to: Date,
    slots: &[Slot],
    header: &str,
) -> String {
    render_body_file(
        body,
        kind,
        title,
        (from, to),
        &FileHeader::default(),
        slots,
        &[],
        header,
        &EnglishFileWords,
    )
}

/// Renders a body's calendar file with its header keys, slots and cancellations.
#[allow(clippy::too_many_arguments)]
pub fn render_body_file(
    body: &str,
    kind: BodyKind,
    title: &str,
    (from, to): (Date, Date),
    keys: &FileHeader,
    slots: &[Slot],
    cancelled: &[Cancelled],
    header: &str,
    words: &dyn FileWords,
) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str(&format!("# {line}\n").replace("# \n", "#\n"));
    }
    out.push_str(&format!(
        "body = \"{body}\"\nkind = \"{kind}\"\ntitle = {title:?}\nfrom = {from}\nto = {to}\n"
    ));
    if let Some(c) = &keys.cabinet {
        out.push_str(&format!("cabinet = {c:?}\n"));
    }
    if let Some(d) = keys.valid_from {
        out.push_str(&format!("valid-from = {d}\n"));
    }
    if let Some(d) = keys.valid_until {
        out.push_str(&format!("valid-until = {d}\n"));
    }
    let mut entries: Vec<(Date, String)> = Vec::new();
    for s in slots {
        let mut e = format!(
            "\n[[slot]]\nmeeting = {}\ndeadline = {}\n",
            s.meeting, s.deadline
        );
        if let Some(mr) = s.mr {
            e.push_str(&format!("mr = {mr}\n"));
        }
        if let Some(mr) = s.mr_with_onderraad {
            e.push_str(&format!("mr-with-onderraad = {mr}\n"));
        }
        if s.extra {
            e.push_str("extra = true\n");
        }
        render_provenance(&mut e, &s.provenance, words);
        entries.push((s.meeting, e));
    }
    for c in cancelled {
        let mut e = format!(
            "\n[[slot]]\nmeeting = {}\ncancelled = true\nreason = {:?}\n",
            c.meeting, c.reason
        );
        if let Some(p) = &c.provenance {
            render_provenance(&mut e, p, words);
        }
        entries.push((c.meeting, e));
    }
    entries.sort_by_key(|(d, _)| *d);
    for (_, e) in entries {
        out.push_str(&e);
    }
    out
}

/// The name of the recess calendar file and body.
pub const RECESS_FILE: &str = "tweede-kamer";

/// The name of the cabinets file.
pub const CABINETS_FILE: &str = "kabinetten";

/// Makes the whole embedded calendar file of `body` (`cwizo`, `rwizo`, `mr` or
/// `tweede-kamer`) for the years `from..=to`: the sourced and reported entries `cal`
/// already holds, and estimated ones by the body's [`Rule`] everywhere else. This is how
/// the files in `workflows/calendars/` are made (`stroom calendar generate BODY`); a test
/// checks the checked-in files equal its output, and the output passes `calendar check`.
///
/// # Errors
/// An unknown body (no rule), `from` after `to`, or a year outside the werkdag tables.
pub fn generate_file(body: &str, from: i16, to: i16, cal: &Calendars) -> Result<String, Error> {
    generate_file_in(body, from, to, cal, &EnglishFileWords)
}

/// [`generate_file`] with the header, notes and title in `words` (another language).
///
/// # Errors
/// As [`generate_file`].
pub fn generate_file_in(
    body: &str,
    from: i16,
    to: i16,
    cal: &Calendars,
    words: &dyn FileWords,
) -> Result<String, Error> {
    let year = |y: i16, m: i8, d: i8| {
        let in_tables = (crate::werkdag::FIRST_YEAR..=crate::werkdag::LAST_YEAR).contains(&y);
        Date::new(y, m, d)
            .ok()
            .filter(|_| in_tables)
            .ok_or(Error::Calendar(CalendarError::YearOutOfRange {
                year: y,
                from: crate::werkdag::FIRST_YEAR,
                to: crate::werkdag::LAST_YEAR,
            }))
    };
    let (start, end) = (year(from, 1, 1)?, year(to, 12, 31)?);
    if from > to {
        return Err(CalendarError::YearsReversed { from, to }.into());
    }
    let header = words.generated(body, from, to);
    if body == RECESS_FILE {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str(&format!("# {line}\n"));
        }
        out.push_str(&format!(
            "body = \"{RECESS_FILE}\"\nkind = \"recesses\"\ntitle = {:?}\n",
            words.recess_title()
        ));
        for e in cal
            .elections()
            .iter()
            .filter(|e| (from..=to).contains(&e.date.year()) && !e.provenance.is_estimated())
        {
            out.push_str(&format!("\n[[election]]\ndate = {}\n", e.date));
            if let Some(i) = e.installed {
                out.push_str(&format!("installed = {i}\n"));
            }
            render_provenance(&mut out, &e.provenance, words);
        }
        for r in recess_entries(cal, from, to) {
            out.push_str(&format!(
                "\n[[recess]]\nname = {:?}\nfrom = {}\nto = {}\n",
                r.name, r.from, r.to
            ));
            render_provenance(&mut out, &r.provenance, words);
        }
        return Ok(out);
    }
    let rule = Rule::for_body(body).ok_or_else(|| Error::NotFound {
        what: crate::error::Thing::CalendarRule,
        name: body.to_string(),
        known: ["cwizo", "rwizo", "mr", "tweede-kamer"]
            .map(String::from)
            .to_vec(),
    })?;
    let (kept_slots, cancelled) = kept(cal, body, start, end);
    let slots = merge(generate(rule, start, end, cal)?, &kept_slots, &cancelled);
    let (kind, title) = match rule {
        Rule::Ministerraad => (BodyKind::Ministerraad, "Ministerraad (MR)"),
        Rule::Cwizo => (
            BodyKind::Voorportaal,
            "CWIZO, ambtelijk voorportaal van de RWIZO",
        ),
        Rule::Rwizo => (
            BodyKind::Onderraad,
            "RWIZO, Raad Werk, Inkomen, Zorg en Onderwijs",
        ),
    };
    let keys = cal
        .body(body)
        .map(|b| FileHeader {
            cabinet: b.cabinets.first().cloned(),
            valid_from: b.valid_from,
            valid_until: b.valid_until,
        })
        .unwrap_or_default();
    Ok(render_body_file(
        body,
        kind,
        title,
        (start, end),
        &keys,
        &slots,
        &cancelled,
        &header,
        words,
    ))
}
