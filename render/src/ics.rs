//! iCalendar (RFC 5545) for Outlook and every other calendar program, written with the `ics`
//! crate (content lines, the components); text values are escaped with its `escape_text`. The
//! crate folds a long line into continuation lines of a space plus 75 octets, one octet over
//! RFC 5545's limit of 75 octets per line: [`fold`] refolds its output so that every line,
//! continuation lines included, has at most 75 octets, never splitting a UTF-8 character.
//!
//! Every deadline and meeting on a stroom's path is one event with a UID that names the stroom
//! and the step, so importing a newer export updates the events instead of duplicating them.
//! Dates are all-day events; with a meeting time, meetings are timed events in
//! Europe/Amsterdam (a VTIMEZONE is included). SEQUENCE is the number of times the step's date
//! moved ([`stroom::history::moves`]).

use std::collections::BTreeMap;

use ics::parameters::{Related, TzIDParam, Value};
use ics::properties::{
    Categories, Description, DtEnd, DtStart, RRule, Sequence, Status, Summary, Transp, Trigger,
    TzName,
};
use ics::{escape_text, Alarm, Daylight, Event, ICalendar, Standard, TimeZone};
use jiff::civil::{Date, Time};
use stroom::agenda::{Agenda, ItemKind};
use stroom::planner::{Basis, Plan, Step};
use stroom::Werkdagen;

use crate::labels;
use crate::lang::{day, Lang};

/// The time zone of timed events.
pub const TZID: &str = "Europe/Amsterdam";

/// How events are written.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The language of summaries and descriptions.
    pub lang: Lang,
    /// Werkdagen before a deadline that its alarm goes off (at 09:00 that day).
    pub alarm_werkdagen: u16,
    /// Whether deadlines carry an alarm at all.
    pub alarm: bool,
    /// With a time, meetings are timed events from this time (Europe/Amsterdam).
    pub meeting_time: Option<Time>,
    /// The length of a timed meeting, in minutes.
    pub meeting_minutes: u16,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            lang: Lang::En,
            alarm_werkdagen: 2,
            alarm: true,
            meeting_time: None,
            meeting_minutes: 120,
        }
    }
}

/// One calendar event, before it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalEvent {
    /// Stable identity: stroom and step.
    pub uid: String,
    /// The day.
    pub date: Date,
    /// A meeting (timed when a meeting time is given).
    pub meeting: bool,
    /// An aanleverdeadline or other date with an alarm.
    pub alarm: bool,
    /// The one-line title.
    pub summary: String,
    /// The why, the basis, whether estimated.
    pub description: String,
    /// Whether the date is an estimate (a rule or an assumed duration).
    pub estimated: bool,
    /// How often the date moved.
    pub sequence: u32,
}

fn uid(reference: Option<&str>, route: &str, today: Date, key: &str) -> String {
    match reference {
        Some(r) => format!("{r}-{key}@stroom"),
        None => format!("adhoc-{route}-{today}-{key}@stroom"),
    }
}

fn what(reference: Option<&str>, title: Option<&str>) -> String {
    match (reference, title) {
        (Some(r), Some(t)) => format!("{r} {t}"),
        (Some(r), None) => r.to_string(),
        (None, _) => "ad hoc".into(),
    }
}

fn basis_line(lang: Lang, basis: Basis) -> String {
    let word = labels::basis(lang, basis);
    if labels::is_estimate(basis) {
        match lang {
            Lang::En => format!("Date: {word} (an estimate, not a published date)"),
            Lang::Nl => format!("Datum: {word} (een schatting, geen gepubliceerde datum)"),
        }
    } else {
        match lang {
            Lang::En => format!("Date: {word}"),
            Lang::Nl => format!("Datum: {word}"),
        }
    }
}

/// The events of one plan: aanleverdeadline, voorportaal, onderraad, ministerraad, the
/// earliest send date and, with a target, the latest send date. `moves` gives each step's
/// SEQUENCE (see [`stroom::history::moves`]); `title` is the stroom's title when stored.
pub fn plan_events(
    plan: &Plan,
    title: Option<&str>,
    moves: &BTreeMap<Step, u32>,
    opts: &Options,
) -> Vec<CalEvent> {
    let lang = opts.lang;
    let reference = plan.reference.as_deref();
    let who = what(reference, title);
    let mut out = Vec::new();
    for m in plan.milestones.iter().filter(|m| m.step != Step::Approval) {
        let step = labels::step(lang, m.step);
        let summary = match m.step {
            Step::Kamer => format!("{who}: {step}"),
            _ => format!("{who}: {step} {}", labels::body(&m.body)),
        };
        out.push(CalEvent {
            uid: uid(reference, &plan.route, plan.today, m.step.word()),
            date: m.date,
            meeting: matches!(
                m.step,
                Step::Voorportaal | Step::Onderraad | Step::Ministerraad
            ),
            alarm: m.step == Step::Delivery,
            summary,
            description: format!(
                "{}\n{}",
                crate::messages::messages(lang).why_and_also(&m.why, &m.also),
                basis_line(lang, m.basis)
            ),
            estimated: labels::is_estimate(m.basis),
            sequence: moves.get(&m.step).copied().unwrap_or(0),
        });
    }
    if let Some(back) = &plan.target {
        let summary = format!(
            "{who}: {}",
            lang.pick("latest send date", "uiterste verzenddatum")
        );
        let why = match (back.debate, lang) {
            (Some(d), Lang::En) => format!("the debate of {} minus the lead", day(lang, d)),
            (Some(d), Lang::Nl) => format!("het debat van {} min de aanlooptijd", day(lang, d)),
            (None, Lang::En) => "the stroom's target".to_string(),
            (None, Lang::Nl) => "het doel van de stroom".to_string(),
        };
        let verdict = match (plan.slack(), lang) {
            (Some(s), Lang::En) if s >= 0 => format!("\nSlack: {s} werkdagen"),
            (Some(s), Lang::Nl) if s >= 0 => format!("\nSpeling: {s} werkdagen"),
            (Some(s), Lang::En) => format!("\nNOT feasible: {} werkdagen late", -s),
            (Some(s), Lang::Nl) => format!("\nNIET haalbaar: {} werkdagen te laat", -s),
            (None, _) => String::new(),
        };
        out.push(CalEvent {
            uid: uid(reference, &plan.route, plan.today, "latest-send"),
            date: back.send_by.date,
            meeting: false,
            alarm: true,
            summary,
            description: format!("{why}{verdict}"),
            estimated: false,
            sequence: 0,
        });
    }
    out
}

/// The events of an agenda: every item, with the same UIDs as the plan's events for the same
/// stroom and step, so both exports update one calendar; `moves` gives, per reference, the
/// SEQUENCE of each step as for the plan.
pub fn agenda_events(
    agenda: &Agenda,
    moves: &BTreeMap<String, BTreeMap<Step, u32>>,
    opts: &Options,
) -> Vec<CalEvent> {
    let lang = opts.lang;
    agenda
        .items
        .iter()
        .map(|i| {
            let key = match i.kind {
                ItemKind::Approval => format!("approval-{}", i.body),
                ItemKind::Latest => format!("latest-{}", i.step.word()),
                _ => i.step.word().to_string(),
            };
            let label = match i.kind {
                ItemKind::Latest => format!(
                    "{} {}",
                    labels::kind(lang, ItemKind::Latest),
                    labels::step(lang, i.step)
                ),
                ItemKind::Send => labels::step(lang, Step::Kamer).to_string(),
                _ => labels::step(lang, i.step).to_string(),
            };
            let body = match i.step {
                Step::Kamer => String::new(),
                _ => format!(" {}", labels::body(&i.body)),
            };
            let basis = i
                .basis
                .map(|b| format!("\n{}", basis_line(lang, b)))
                .unwrap_or_default();
            CalEvent {
                uid: format!("{}-{key}@stroom", i.reference),
                date: i.date,
                meeting: i.kind == ItemKind::Meeting,
                alarm: matches!(i.kind, ItemKind::Deadline | ItemKind::Latest),
                summary: format!("{} {}: {label}{body}", i.reference, i.title),
                description: format!(
                    "{}{basis}",
                    crate::messages::messages(lang).why_and_also(&i.why, &i.also)
                ),
                estimated: i.basis.is_some_and(labels::is_estimate),
                sequence: match i.kind {
                    ItemKind::Approval | ItemKind::Latest => 0,
                    _ => moves
                        .get(&i.reference)
                        .and_then(|m| m.get(&i.step))
                        .copied()
                        .unwrap_or(0),
                },
            }
        })
        .collect()
}

fn ymd(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

fn local(d: Date, t: Time) -> String {
    format!(
        "{}T{:02}{:02}{:02}",
        ymd(d),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// An RFC 5545 duration for a trigger relative to the start: negative is before it.
fn duration(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.abs();
    let (d, h, min) = (m / (24 * 60), (m / 60) % 24, m % 60);
    let mut s = format!("{sign}P");
    if d > 0 {
        s.push_str(&format!("{d}D"));
    }
    if h > 0 || min > 0 || d == 0 {
        s.push('T');
        if h > 0 || min == 0 {
            s.push_str(&format!("{h}H"));
        }
        if min > 0 {
            s.push_str(&format!("{min}M"));
        }
    }
    s
}

/// The Europe/Amsterdam time zone as RFC 5545 writes it: CET, CEST from the last Sunday of
/// March to the last Sunday of October (the EU rule since 1996).
fn amsterdam() -> TimeZone<'static> {
    let mut summer = Daylight::new("19700329T020000", "+0100", "+0200");
    summer.push(TzName::new("CEST"));
    summer.push(RRule::new("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"));
    let mut winter = Standard::new("19701025T030000", "+0200", "+0100");
    winter.push(TzName::new("CET"));
    winter.push(RRule::new("FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"));
    let mut tz = TimeZone::daylight(TZID, summer);
    tz.add_standard(winter);
    tz
}

/// Writes a calendar. `dtstamp` is the day the export describes (today); `wd` counts the
/// werkdagen for alarms. Output uses CRLF line ends as RFC 5545 requires.
pub fn calendar(
    name: &str,
    events: &[CalEvent],
    dtstamp: Date,
    wd: &Werkdagen,
    opts: &Options,
) -> String {
    let lang = opts.lang;
    let mut cal = ICalendar::new("2.0", "-//stroom//stroom planner//EN");
    cal.push(ics::properties::CalScale::new("GREGORIAN"));
    cal.push(ics::properties::Method::new("PUBLISH"));
    cal.push(ics::properties::Name::new(escape_text(name.to_string())));
    let timed = opts.meeting_time.is_some() && events.iter().any(|e| e.meeting);
    if timed {
        cal.add_timezone(amsterdam());
    }
    let stamp = format!("{}T000000Z", ymd(dtstamp));
    for e in events {
        let mut ev = Event::new(e.uid.clone(), stamp.clone());
        ev.push(Sequence::new(e.sequence.to_string()));
        let summary = if e.estimated {
            format!("{} ({})", e.summary, lang.pick("estimated", "geschat"))
        } else {
            e.summary.clone()
        };
        ev.push(Summary::new(escape_text(summary)));
        ev.push(Description::new(escape_text(e.description.clone())));
        ev.push(Categories::new(if e.meeting {
            lang.pick("meeting", "vergadering")
        } else {
            "deadline"
        }));
        if e.estimated {
            ev.push(Status::tentative());
        } else {
            ev.push(Status::confirmed());
        }
        match (e.meeting, opts.meeting_time) {
            (true, Some(t)) => {
                let start = e.date.to_datetime(t);
                let end = start
                    .checked_add(jiff::Span::new().minutes(i64::from(opts.meeting_minutes)))
                    .unwrap_or(start);
                let mut s = DtStart::new(local(start.date(), start.time()));
                s.add(TzIDParam::new(TZID));
                let mut en = DtEnd::new(local(end.date(), end.time()));
                en.add(TzIDParam::new(TZID));
                ev.push(s);
                ev.push(en);
                ev.push(Transp::opaque());
            }
            _ => {
                let mut s = DtStart::new(ymd(e.date));
                s.add(Value::new("DATE"));
                let mut en = DtEnd::new(ymd(e.date.tomorrow().unwrap_or(e.date)));
                en.add(Value::new("DATE"));
                ev.push(s);
                ev.push(en);
                ev.push(Transp::transparent());
            }
        }
        if e.alarm && opts.alarm {
            let n = i32::from(opts.alarm_werkdagen);
            let alarm_day = wd.add(e.date, -n).unwrap_or(e.date);
            let days = alarm_day.until(e.date).map_or(0, |s| s.get_days());
            // At 09:00 on the alarm day, relative to the start (midnight, or the meeting).
            let start_minutes = match (e.meeting, opts.meeting_time) {
                (true, Some(t)) => i64::from(t.hour()) * 60 + i64::from(t.minute()),
                _ => 0,
            };
            let offset = 9 * 60 - i64::from(days) * 24 * 60 - start_minutes;
            let mut trigger = Trigger::new(duration(offset));
            trigger.add(Related::Start);
            let text = match lang {
                Lang::En => format!("{} ({n} werkdagen)", e.summary),
                Lang::Nl => format!("{} (over {n} werkdagen)", e.summary),
            };
            ev.add_alarm(Alarm::display(trigger, Description::new(escape_text(text))));
        }
        cal.add_event(ev);
    }
    fold(&cal.to_string())
}

/// The longest line RFC 5545 (3.1) allows, in octets, without the CRLF.
pub const MAX_LINE_OCTETS: usize = 75;

/// Unfolds iCalendar text and folds every content line again so that no line is longer
/// than [`MAX_LINE_OCTETS`] octets: a continuation line is a space and at most 74 octets. A
/// fold never falls inside a UTF-8 character. Lines end in CRLF.
pub fn fold(text: &str) -> String {
    let unfolded = text.replace("\r\n ", "").replace("\r\n\t", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 24);
    for line in unfolded.split_terminator("\r\n") {
        let mut used = 0;
        for ch in line.chars() {
            let n = ch.len_utf8();
            if used + n > MAX_LINE_OCTETS {
                out.push_str("\r\n ");
                used = 1;
            }
            out.push(ch);
            used += n;
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod fold_tests {
    use super::{fold, MAX_LINE_OCTETS};

    fn unfold(s: &str) -> String {
        s.replace("\r\n ", "")
    }

    #[test]
    fn every_line_has_at_most_75_octets_and_unfolds_to_the_original() {
        // ASCII, two-byte (é, ë) and three-byte (€) characters at every offset around the limit.
        for pad in 0..8 {
            for filler in ["a", "é", "€", "ë€a"] {
                let value = format!("{}{}", "x".repeat(pad), filler.repeat(90));
                let line = format!("SUMMARY:{value}");
                let text = format!("BEGIN:VEVENT\r\n{line}\r\nEND:VEVENT\r\n");
                let folded = fold(&text);
                assert!(folded.ends_with("\r\n"));
                for l in folded.split_terminator("\r\n") {
                    assert!(l.len() <= MAX_LINE_OCTETS, "{} octets: {l}", l.len());
                }
                assert_eq!(unfold(&folded), text);
                // Folding what is folded changes nothing.
                assert_eq!(fold(&folded), folded);
            }
        }
    }

    #[test]
    fn a_line_of_exactly_75_octets_is_not_folded() {
        let line = format!("DESCRIPTION:{}", "y".repeat(MAX_LINE_OCTETS - 12));
        assert_eq!(line.len(), 75);
        assert_eq!(fold(&format!("{line}\r\n")), format!("{line}\r\n"));
        let longer = format!("{line}z\r\n");
        assert_eq!(fold(&longer), format!("{line}\r\n z\r\n"));
    }
}
