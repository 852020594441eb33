//! Reading a secretariat's schedule for `stroom calendar import`: an iCalendar meeting
//! series (parsed by `icalendar`, recurrences expanded by `rrule`) or a spreadsheet
//! exported as CSV (read by `csv`), with the dates Dutch offices write.

use anyhow::Result;
use jiff::civil::{Date, Weekday};
use stroom::calendar::ImportedMeeting;

use crate::recur::{Expanded, Series};

use stroom_render::schedule::{DateProblem, ScheduleError, ScheduleProblem};

fn bad(name: &str, line: Option<usize>, problem: ScheduleProblem) -> anyhow::Error {
    ScheduleError {
        file: name.to_string(),
        line,
        problem,
    }
    .into()
}

/// A CSV reader's failure: `None` for text that is no UTF-8, else the reader's words.
fn csv_detail(e: &csv::Error) -> Option<String> {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => None,
        _ => Some(e.to_string()),
    }
}

// ---- dates --------------------------------------------------------------------------

const MONTHS: [(&str, i8); 24] = [
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("april", 4),
    ("mei", 5),
    ("juni", 6),
    ("juli", 7),
    ("augustus", 8),
    ("september", 9),
    ("oktober", 10),
    ("november", 11),
    ("december", 12),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("mrt", 3),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("october", 10),
    ("okt", 10),
    ("sept", 9),
    ("december", 12),
];

const WEEKDAYS: [(&str, Weekday); 14] = [
    ("maandag", Weekday::Monday),
    ("dinsdag", Weekday::Tuesday),
    ("woensdag", Weekday::Wednesday),
    ("donderdag", Weekday::Thursday),
    ("vrijdag", Weekday::Friday),
    ("zaterdag", Weekday::Saturday),
    ("zondag", Weekday::Sunday),
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];

/// A month name or its abbreviation (at least three letters): `okt`, `oktober`, `oct`.
fn month(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .find(|(name, _)| name.starts_with(&w) || **name == w)
        .map(|(_, m)| *m)
}

/// A weekday name or its abbreviation: `ma`, `ma.`, `maandag`, `mon`.
fn weekday(word: &str) -> Option<Weekday> {
    let w = word.trim_end_matches(['.', ',']).to_lowercase();
    if w.len() < 2 {
        return None;
    }
    WEEKDAYS
        .iter()
        .find(|(name, _)| name.starts_with(&w))
        .map(|(_, d)| *d)
}

/// Parses a date as Dutch offices write it: `2023-10-09`, `9-10-2023`, `09/10/2023`,
/// `9.10.2023`, `9 okt 2023`, `ma 9 okt 2023`, `maandag 9 oktober 2023`. A weekday, when
/// given, must match the date.
///
/// # Errors
/// The text that is no date, or names the wrong weekday.
pub fn parse_date(text: &str) -> Result<Date, DateProblem> {
    let t = text.trim();
    let fail = || DateProblem::NotADate {
        text: t.to_string(),
    };
    if let Ok(d) = stroom::dates::parse(t) {
        return Ok(d);
    }
    let numeric: Vec<&str> = t.split(['-', '/', '.']).collect();
    if numeric.len() == 3
        && numeric
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_digit()))
    {
        let (d, m, y) = (numeric[0], numeric[1], numeric[2]);
        if y.len() != 4 {
            return Err(fail());
        }
        let (d, m, y) = (
            d.parse::<i8>().map_err(|_| fail())?,
            m.parse::<i8>().map_err(|_| fail())?,
            y.parse::<i16>().map_err(|_| fail())?,
        );
        return Date::new(y, m, d).map_err(|_| fail());
    }
    let mut words: Vec<&str> = t.split_whitespace().collect();
    let mut named_day = None;
    if let Some(first) = words.first() {
        if !first.starts_with(|c: char| c.is_ascii_digit()) {
            named_day = Some(weekday(first).ok_or_else(fail)?);
            words.remove(0);
        }
    }
    let [d, m, y] = words.as_slice() else {
        return Err(fail());
    };
    let d: i8 = d.trim_end_matches('.').parse().map_err(|_| fail())?;
    let m = month(m).ok_or_else(fail)?;
    let y: i16 = y.parse().map_err(|_| fail())?;
    let date = Date::new(y, m, d).map_err(|_| fail())?;
    if let Some(w) = named_day {
        if date.weekday() != w {
            return Err(DateProblem::WrongWeekday {
                text: t.to_string(),
                date,
            });
        }
    }
    Ok(date)
}

// ---- CSV ----------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Column {
    Meeting,
    Deadline,
    Mr,
    MrWith,
}

fn column(header: &str) -> Option<Column> {
    let h: String = header
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    Some(match h.as_str() {
        "meeting" | "vergadering" | "vergaderdatum" | "datum" | "date" => Column::Meeting,
        "deadline" | "aanleverdeadline" | "aanleverdatum" | "aanleveren" => Column::Deadline,
        "mr" | "mrwithoutonderraad" | "mrzonderonderraad" | "ministerraad" => Column::Mr,
        "mrwithonderraad" | "mrmetonderraad" => Column::MrWith,
        _ => return None,
    })
}

/// Reads a schedule exported as CSV: a header row naming the columns (see
/// [`column`]), `,` or `;` between fields, one meeting per row; empty rows are skipped.
///
/// # Errors
/// A file without a meeting column, or a cell that is not a date, with its line.
pub fn read_csv(name: &str, text: &str) -> Result<Vec<ImportedMeeting>> {
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            bad(
                name,
                Some(1),
                ScheduleProblem::CsvHeader {
                    detail: csv_detail(&e),
                },
            )
        })?
        .clone();
    let columns: Vec<Option<Column>> = headers.iter().map(column).collect();
    if !columns.contains(&Some(Column::Meeting)) {
        return Err(bad(
            name,
            Some(1),
            ScheduleProblem::NoMeetingColumn {
                headers: headers.iter().map(String::from).collect(),
            },
        ));
    }
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            bad(
                name,
                line,
                ScheduleProblem::CsvRow {
                    detail: csv_detail(&e),
                },
            )
        })?;
        let line = record.position().map(|p| p.line() as usize);
        if record.iter().all(str::is_empty) {
            continue;
        }
        let mut m = ImportedMeeting {
            line,
            meeting: Date::MIN,
            deadline: None,
            mr: None,
            mr_with_onderraad: None,
        };
        let mut has_meeting = false;
        for (cell, col) in record.iter().zip(&columns) {
            let Some(col) = col else { continue };
            if cell.is_empty() {
                continue;
            }
            let d = parse_date(cell).map_err(|e| bad(name, line, ScheduleProblem::Date(e)))?;
            match col {
                Column::Meeting => {
                    m.meeting = d;
                    has_meeting = true;
                }
                Column::Deadline => m.deadline = Some(d),
                Column::Mr => m.mr = Some(d),
                Column::MrWith => m.mr_with_onderraad = Some(d),
            }
        }
        if !has_meeting {
            return Err(bad(name, line, ScheduleProblem::RowWithoutMeeting));
        }
        out.push(m);
    }
    Ok(out)
}

// ---- iCalendar ----------------------------------------------------------------------

/// A DTSTART, EXDATE or RECURRENCE-ID value with its parameters.
struct Stamp<'a> {
    value: &'a str,
    tzid: Option<&'a str>,
    date_only: bool,
}

fn stamp<'a>(p: &'a icalendar::parser::Property<'a>) -> Stamp<'a> {
    let param = |key: &str| {
        p.params
            .iter()
            .find(|x| x.key.as_str().eq_ignore_ascii_case(key))
            .and_then(|x| x.val.as_ref().map(|v| v.as_str().trim_matches('"')))
    };
    Stamp {
        value: p.val.as_str(),
        tzid: param("TZID"),
        date_only: param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
            || !p.val.as_str().contains('T'),
    }
}

/// The zone a time without one is read in: the planner's, the Rijksoverheid's.
const HOME_ZONE: &str = "Europe/Amsterdam";

/// The civil date of one iCalendar date or date-time value, in its TZID's zone, in
/// Amsterdam for UTC (`Z`) times.
fn stamp_date(value: &str, tzid: Option<&str>) -> Option<Date> {
    let v = value.trim();
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let (date_part, time_part) = v.split_once('T').unwrap_or((v, ""));
    if date_part.len() != 8 || !digits(date_part) {
        return None;
    }
    let iso = format!(
        "{}-{}-{}",
        &date_part[..4],
        &date_part[4..6],
        &date_part[6..]
    );
    let date: Date = iso.parse().ok()?;
    if let Some(time) = time_part.strip_suffix('Z') {
        if !time.get(..6).is_some_and(digits) {
            return None;
        }
        let ts: jiff::Timestamp = format!("{iso}T{}:{}:{}Z", &time[..2], &time[2..4], &time[4..6])
            .parse()
            .ok()?;
        let zone = jiff::tz::TimeZone::get(zone_name(tzid)).ok()?;
        return Some(ts.to_zoned(zone).date());
    }
    Some(date)
}

/// A TZID as an IANA zone name; Outlook's Windows names ("W. Europe Standard Time") and
/// unknown ones are read as Amsterdam.
fn zone_name(tzid: Option<&str>) -> &str {
    match tzid {
        Some(z) if jiff::tz::TimeZone::get(z).is_ok() => z,
        _ => HOME_ZONE,
    }
}

/// The date-time string `rrule` reads for a stamp: a date becomes noon that day.
fn rrule_stamp(s: &Stamp<'_>) -> String {
    if s.date_only {
        format!(
            ";TZID={}:{}T120000",
            zone_name(s.tzid),
            &s.value[..s.value.len().min(8)]
        )
    } else if s.value.ends_with('Z') {
        format!(":{}", s.value)
    } else {
        format!(";TZID={}:{}", zone_name(s.tzid), s.value)
    }
}

fn vevents<'a>(
    components: &'a [icalendar::parser::Component<'a>],
    out: &mut Vec<&'a icalendar::parser::Component<'a>>,
) {
    for c in components {
        if c.name.as_str().eq_ignore_ascii_case("VEVENT") {
            out.push(c);
        }
        vevents(&c.components, out);
    }
}

/// The line and the text the iCalendar reader stopped at, from its error report
/// (`error: 0: at line 2, in Tag:\nEND:VEVENT\n    ^\n\n1: ...`): the first place it names.
fn ics_error_place(report: &str) -> (Option<usize>, String) {
    let mut lines = report.lines();
    let line = lines.next().and_then(|first| {
        let n = first.split(" at line ").nth(1)?;
        n.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
    });
    let text = lines.next().unwrap_or_default().trim().to_string();
    (line, text)
}

/// The recurrence reader's refusal: its common `` `X` is not a valid Y`` as data, any
/// other as its words without the crate's own prefix.
fn rule_unreadable(start: Date, text: &str) -> ScheduleProblem {
    let detail = [
        "RRule parsing error: ",
        "RRule validation error: ",
        "RRule iterator error: ",
    ]
    .iter()
    .find_map(|p| text.strip_prefix(p))
    .unwrap_or(text)
    .to_string();
    let invalid = detail
        .strip_prefix('`')
        .and_then(|rest| rest.split_once("` is not a valid "))
        .map(|(value, what)| {
            let what = what.split('.').next().unwrap_or(what).trim();
            (value.to_string(), what.to_string())
        });
    match invalid {
        Some((value, what)) => ScheduleProblem::RuleValue { start, value, what },
        None => ScheduleProblem::RuleUnreadable { start, detail },
    }
}

/// The file's line of the `n`th (1-based) line of its unfolded text: a line that starts
/// with a space or tab continues the one before it (RFC 5545 3.1).
fn folded_line(text: &str, n: usize) -> Option<usize> {
    let mut logical = 0;
    for (i, line) in text.lines().enumerate() {
        if !line.starts_with([' ', '\t']) {
            logical += 1;
        }
        if logical == n {
            return Some(i + 1);
        }
    }
    None
}

/// Reads the meetings of an iCalendar file: every VEVENT, a recurring series (RRULE)
/// expanded with its exceptions (EXDATE), moved occurrences (RECURRENCE-ID) at their
/// new date, cancelled ones (STATUS:CANCELLED) left out. An open-ended series is read
/// for two years from its start.
///
/// Deadlines, where the file gives them: events whose SUMMARY starts with
/// `Aanleverdeadline` or `Deadline` (a deadline series beside the meeting series, read the
/// same way) are deadlines, not meetings: a meeting takes the last such date on or before
/// it and after the meeting before it. A single meeting event may also carry its own as
/// `X-STROOM-DEADLINE;VALUE=DATE:20260303`. A meeting without either gets the body's rule
/// (the caller warns).
///
/// # Errors
/// A file that is not iCalendar, or an event without a usable start.
pub fn read_ics(name: &str, text: &str, expand: Expander<'_>) -> Result<Vec<ImportedMeeting>> {
    // The first reading only collects the series, so that they are expanded together (one
    // run of `stroom-rrule`); the second uses their dates. Both read the same text the same
    // way, so the second asks for exactly the series the first collected, in order.
    let mut series = Vec::new();
    let collected = read_ics_with(name, text, &mut |s: &Series| {
        series.push(s.clone());
        Ok(Expanded::Dates {
            dates: Vec::new(),
            then_outside: false,
        })
    });
    if series.is_empty() {
        return collected;
    }
    let mut answers = expand(&series)?.into_iter();
    read_ics_with(name, text, &mut |_: &Series| {
        answers.next().ok_or_else(|| {
            anyhow::anyhow!("the recurrence expander answered fewer series than asked")
        })
    })
}

/// How the meeting series of a file are expanded: all at once, one answer per series, in
/// order (`stroom` runs `stroom-rrule`; the fuzz harness expands in-process).
pub type Expander<'a> = &'a mut dyn FnMut(&[Series]) -> Result<Vec<Expanded>>;

fn read_ics_with(
    name: &str,
    text: &str,
    expand_one: &mut dyn FnMut(&Series) -> Result<Expanded>,
) -> Result<Vec<ImportedMeeting>> {
    let text_of_file = text;
    let unfolded = icalendar::parser::unfold(text);
    let cal = icalendar::parser::read_calendar(&unfolded).map_err(|e| {
        let (line, text) = ics_error_place(&e);
        let line = line.and_then(|n| folded_line(text_of_file, n));
        bad(name, line, ScheduleProblem::NotIcalendar { text })
    })?;
    let mut events = Vec::new();
    vevents(&cal.components, &mut events);
    let prop = |e: &'_ icalendar::parser::Component<'_>, key: &str| {
        e.properties
            .iter()
            .find(|p| p.name.as_str().eq_ignore_ascii_case(key))
            .map(|p| p.val.as_str().to_string())
    };
    // Moved or cancelled occurrences of a series: (uid, original date).
    let mut overridden: Vec<(String, Date)> = Vec::new();
    let mut dates: Vec<Date> = Vec::new();
    let mut deadlines: Vec<Date> = Vec::new();
    let mut own_deadline: Vec<(Date, Date)> = Vec::new();
    let is_deadline = |e: &icalendar::parser::Component<'_>| {
        prop(e, "SUMMARY").is_some_and(|s| {
            let s = s.trim_start().to_lowercase();
            s.starts_with("aanleverdeadline") || s.starts_with("deadline")
        })
    };
    // Moved and cancelled occurrences first: a series may come before or after them.
    for e in &events {
        let uid = prop(e, "UID").unwrap_or_default();
        if let Some(rid) = e
            .properties
            .iter()
            .find(|p| p.name.as_str().eq_ignore_ascii_case("RECURRENCE-ID"))
        {
            let r = stamp(rid);
            if let Some(orig) = stamp_date(r.value, r.tzid) {
                overridden.push((uid, orig));
            }
        }
    }
    for e in &events {
        let uid = prop(e, "UID").unwrap_or_default();
        let before = dates.len();
        read_event(name, e, &uid, &overridden, &mut dates, expand_one)?;
        if is_deadline(e) {
            deadlines.extend(dates.drain(before..));
        } else if let (Some(x), [only]) = (
            e.properties
                .iter()
                .find(|p| p.name.as_str().eq_ignore_ascii_case("X-STROOM-DEADLINE")),
            &dates[before..],
        ) {
            let d = stamp_date(x.val.as_str(), None).ok_or_else(|| {
                bad(
                    name,
                    None,
                    ScheduleProblem::DeadlineNotADate {
                        value: x.val.as_str().to_string(),
                        meeting: *only,
                    },
                )
            })?;
            own_deadline.push((*only, d));
        }
    }
    dates.sort();
    dates.dedup();
    deadlines.sort();
    deadlines.dedup();
    let mut out = Vec::with_capacity(dates.len());
    for (i, &meeting) in dates.iter().enumerate() {
        let previous = i.checked_sub(1).map(|j| dates[j]);
        let from_series = deadlines
            .iter()
            .rev()
            .find(|d| **d <= meeting && previous.is_none_or(|p| **d > p))
            .copied();
        let own = own_deadline
            .iter()
            .find(|(m, _)| *m == meeting)
            .map(|(_, d)| *d);
        out.push(ImportedMeeting {
            line: None,
            meeting,
            deadline: own.or(from_series),
            mr: None,
            mr_with_onderraad: None,
        });
    }
    Ok(out)
}

/// A rule's `UNTIL` as the rrule crate reads it: an all-day series (`DTSTART;VALUE=DATE`)
/// writes `UNTIL=YYYYMMDD` (RFC 5545 3.3.10), which becomes the end of that day in UTC.
fn until_as_utc(rule: &str) -> String {
    rule.split(';')
        .map(|part| match part.split_once('=') {
            Some((k, v))
                if k.eq_ignore_ascii_case("UNTIL")
                    && v.len() == 8
                    && v.bytes().all(|b| b.is_ascii_digit()) =>
            {
                format!("{k}={v}T235959Z")
            }
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// The dates one VEVENT stands for: its start, or every occurrence of its series, with
/// exceptions, moved and cancelled occurrences applied.
fn read_event(
    name: &str,
    e: &icalendar::parser::Component<'_>,
    uid: &str,
    overridden: &[(String, Date)],
    dates: &mut Vec<Date>,
    expand_one: &mut dyn FnMut(&Series) -> Result<Expanded>,
) -> Result<()> {
    let prop = |e: &'_ icalendar::parser::Component<'_>, key: &str| {
        e.properties
            .iter()
            .find(|p| p.name.as_str().eq_ignore_ascii_case(key))
            .map(|p| p.val.as_str().to_string())
    };
    let cancelled = |e: &icalendar::parser::Component<'_>| {
        prop(e, "STATUS").is_some_and(|s| s.eq_ignore_ascii_case("CANCELLED"))
    };
    {
        let Some(start) = e
            .properties
            .iter()
            .find(|p| p.name.as_str().eq_ignore_ascii_case("DTSTART"))
        else {
            return Err(bad(
                name,
                None,
                ScheduleProblem::NoStart {
                    event: prop(e, "SUMMARY").unwrap_or_else(|| uid.to_string()),
                },
            ));
        };
        let st = stamp(start);
        let start_date = stamp_date(st.value, st.tzid).ok_or_else(|| {
            bad(
                name,
                None,
                ScheduleProblem::StartNotADate {
                    value: st.value.to_string(),
                },
            )
        })?;
        if e.properties
            .iter()
            .any(|p| p.name.as_str().eq_ignore_ascii_case("RECURRENCE-ID"))
        {
            if !cancelled(e) {
                dates.push(start_date);
            }
            return Ok(());
        }
        if cancelled(e) {
            return Ok(());
        }
        let rules: Vec<String> = e
            .properties
            .iter()
            .filter(|p| p.name.as_str().eq_ignore_ascii_case("RRULE"))
            .map(|p| p.val.as_str().to_string())
            .collect();
        if rules.is_empty() {
            dates.push(start_date);
            return Ok(());
        }
        // The rrule crate cuts a BYDAY value inside a character (a panic): a rule is ASCII.
        if let Some(r) = rules.iter().find(|r| !r.is_ascii()) {
            return Err(bad(
                name,
                None,
                ScheduleProblem::RuleNotAscii {
                    rule: r.clone(),
                    start: start_date,
                },
            ));
        }
        let mut spec = format!("DTSTART{}", rrule_stamp(&st));
        for r in &rules {
            spec.push_str(&format!("\nRRULE:{}", until_as_utc(r)));
        }
        let mut excluded = Vec::new();
        for p in e
            .properties
            .iter()
            .filter(|p| p.name.as_str().eq_ignore_ascii_case("EXDATE"))
        {
            let s = stamp(p);
            for v in s.value.split(',') {
                if let Some(d) = stamp_date(v, s.tzid) {
                    excluded.push(d);
                }
            }
        }
        let series = Series {
            spec,
            own_zone: st.tzid.is_some() && !st.value.ends_with('Z'),
        };
        let (occurrences, then_outside) = match expand_one(&series)? {
            Expanded::Dates {
                dates,
                then_outside,
            } => (dates, then_outside),
            Expanded::Refused(text) => {
                return Err(bad(name, None, rule_unreadable(start_date, &text)))
            }
        };
        let open_ended = rules
            .iter()
            .all(|r| !r.to_uppercase().contains("UNTIL") && !r.to_uppercase().contains("COUNT"));
        let cap = start_date
            .checked_add(jiff::Span::new().years(2))
            .unwrap_or(start_date);
        let mut capped = false;
        for date in occurrences {
            if open_ended && date > cap {
                capped = true;
                break;
            }
            if excluded.contains(&date) || overridden.iter().any(|(u, d)| u == uid && *d == date) {
                continue;
            }
            dates.push(date);
        }
        if then_outside && !capped {
            return Err(bad(name, None, ScheduleProblem::OutsideCalendar));
        }
    }
    Ok(())
}
