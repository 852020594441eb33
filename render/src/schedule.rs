//! What `stroom calendar import` refuses in a secretariat's schedule (an iCalendar meeting
//! series or a CSV export), as typed data with its sentences in English and Dutch. Every
//! problem names the file (and the line, for CSV) and says how to fix it.

use std::fmt;

use jiff::civil::Date;

use crate::lang::Lang;
use crate::messages::Diagnostic;

/// A schedule date that does not parse (a CSV cell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateProblem {
    /// No date in any of the forms offices write.
    NotADate {
        /// The text.
        text: String,
    },
    /// A date with a weekday that is not its own (`di 9 okt 2023`).
    WrongWeekday {
        /// The text.
        text: String,
        /// The date without the weekday.
        date: Date,
    },
}

impl DateProblem {
    /// The problem in `lang`, one line.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (DateProblem::NotADate { text }, Lang::En) => {
                format!("'{text}' is not a date: write 2023-10-09, 9-10-2023 or \"ma 9 okt 2023\"")
            }
            (DateProblem::NotADate { text }, Lang::Nl) => {
                format!(
                    "'{text}' is geen datum: schrijf 2023-10-09, 9-10-2023 of \"ma 9 okt 2023\""
                )
            }
            (DateProblem::WrongWeekday { text, date }, Lang::En) => format!(
                "'{text}' names the wrong weekday: {date} is a {}",
                crate::lang::weekday_long(Lang::En, *date)
            ),
            (DateProblem::WrongWeekday { text, date }, Lang::Nl) => format!(
                "'{text}' noemt de verkeerde dag van de week: {} is een {}",
                crate::lang::day(Lang::Nl, *date),
                crate::lang::weekday_long(Lang::Nl, *date)
            ),
        }
    }
}

/// Why a schedule file is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleProblem {
    /// The CSV header row cannot be read.
    CsvHeader {
        /// The reader's words, when the bytes are no UTF-8: `None`.
        detail: Option<String>,
    },
    /// No column of the header is the meeting column.
    NoMeetingColumn {
        /// The column titles found.
        headers: Vec<String>,
    },
    /// A CSV row cannot be read.
    CsvRow {
        /// The reader's words, when the bytes are no UTF-8: `None`.
        detail: Option<String>,
    },
    /// A CSV cell that is no date.
    Date(DateProblem),
    /// A CSV row without a meeting date.
    RowWithoutMeeting,
    /// Not iCalendar at all: the reader stops at a line (the error's line).
    NotIcalendar {
        /// The text of the line where the reader stopped (may be empty).
        text: String,
    },
    /// An `X-STROOM-DEADLINE` that is no iCalendar date.
    DeadlineNotADate {
        /// The value.
        value: String,
        /// The meeting it belongs to.
        meeting: Date,
    },
    /// An event without `DTSTART`.
    NoStart {
        /// The event's SUMMARY, else its UID.
        event: String,
    },
    /// A `DTSTART` that is no iCalendar date.
    StartNotADate {
        /// The value.
        value: String,
    },
    /// An `RRULE` with characters no rule has.
    RuleNotAscii {
        /// The rule.
        rule: String,
        /// The series' first date.
        start: Date,
    },
    /// An `RRULE` the recurrence reader refuses.
    RuleUnreadable {
        /// The series' first date.
        start: Date,
        /// The recurrence reader's words.
        detail: String,
    },
    /// An `RRULE` with a value its part does not take (`FREQ=NEVER`).
    RuleValue {
        /// The series' first date.
        start: Date,
        /// The value.
        value: String,
        /// What it should be, in the recurrence reader's words (`frequency`, `weekday`,
        /// `BYHOUR value`).
        what: String,
    },
    /// A recurrence beyond the dates stroom knows.
    OutsideCalendar,
}

/// A refused schedule file: the file, the line (CSV) and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleError {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line, where there is one.
    pub line: Option<usize>,
    /// What is wrong.
    pub problem: ScheduleProblem,
}

const CSV_HINT_EN: &str = "columns: meeting (vergadering), deadline (aanleverdeadline), mr (mr zonder onderraad), \
                           mr-with-onderraad (mr met onderraad); dates like 2023-10-09, 9-10-2023 or \"ma 9 okt 2023\"";
const CSV_HINT_NL: &str = "kolommen: vergadering (meeting), aanleverdeadline (deadline), mr zonder onderraad (mr), \
                           mr met onderraad (mr-with-onderraad); datums zoals 2023-10-09, 9-10-2023 of \"ma 9 okt 2023\"";
const ICS_HINT_EN: &str = "export the meeting series from the calendar application as an .ics file";
const ICS_HINT_NL: &str = "exporteer de vergaderreeks uit de agenda-applicatie als .ics-bestand";

impl ScheduleError {
    /// What went wrong and how to fix it, in `lang`.
    pub fn diagnostic(&self, lang: Lang) -> Diagnostic {
        use ScheduleProblem as P;
        let nl = lang == Lang::Nl;
        let csv = lang.pick(CSV_HINT_EN, CSV_HINT_NL).to_string();
        let ics = lang.pick(ICS_HINT_EN, ICS_HINT_NL).to_string();
        // A reader's own words (English) are kept, quoted, where stroom has none better.
        let unreadable = |detail: &Option<String>| match (detail, nl) {
            (None, false) => "the text is not UTF-8".to_string(),
            (None, true) => "de tekst is geen UTF-8".to_string(),
            (Some(d), false) => d.clone(),
            (Some(d), true) => format!("de CSV-lezer meldt '{d}'"),
        };
        let (message, hint) = match &self.problem {
            P::CsvHeader { detail } => (
                if nl {
                    format!("de kopregel is niet te lezen: {}", unreadable(detail))
                } else {
                    format!("cannot read the header row: {}", unreadable(detail))
                },
                csv,
            ),
            P::NoMeetingColumn { headers } => {
                let found = headers
                    .iter()
                    .map(|h| format!("'{h}'"))
                    .collect::<Vec<_>>()
                    .join(", ");
                (
                    if nl {
                        format!("geen kolom met de vergaderdatum onder {found}")
                    } else {
                        format!("no meeting column among {found}")
                    },
                    csv,
                )
            }
            P::CsvRow { detail } => (
                if nl {
                    format!("de regel is niet te lezen: {}", unreadable(detail))
                } else {
                    format!("cannot read the row: {}", unreadable(detail))
                },
                csv,
            ),
            P::Date(d) => (d.text(lang), csv),
            P::RowWithoutMeeting => (
                lang.pick(
                    "a row without a meeting date",
                    "een regel zonder vergaderdatum",
                )
                .into(),
                csv,
            ),
            P::NotIcalendar { text } => (
                match (nl, text.is_empty()) {
                    (false, true) => "not an iCalendar file".to_string(),
                    (false, false) => {
                        format!("not an iCalendar file: reading stops at '{text}'")
                    }
                    (true, true) => "geen iCalendar-bestand".to_string(),
                    (true, false) => {
                        format!("geen iCalendar-bestand: het lezen stopt bij '{text}'")
                    }
                },
                ics,
            ),
            P::DeadlineNotADate { value, meeting } => (
                if nl {
                    format!(
                        "X-STROOM-DEADLINE '{value}' bij de vergadering van {} is geen iCalendar-datum",
                        crate::lang::day(Lang::Nl, *meeting)
                    )
                } else {
                    format!("X-STROOM-DEADLINE '{value}' of the meeting of {meeting} is not an iCalendar date")
                },
                lang.pick(
                    "write it as X-STROOM-DEADLINE;VALUE=DATE:YYYYMMDD",
                    "schrijf X-STROOM-DEADLINE;VALUE=DATE:JJJJMMDD",
                )
                .into(),
            ),
            P::NoStart { event } => (
                if nl {
                    format!("een afspraak ({event}) heeft geen DTSTART")
                } else {
                    format!("an event ({event}) has no DTSTART")
                },
                ics,
            ),
            P::StartNotADate { value } => (
                if nl {
                    format!("het begin van een afspraak, '{value}', is geen iCalendar-datum")
                } else {
                    format!("the event start '{value}' is not an iCalendar date")
                },
                ics,
            ),
            P::RuleNotAscii { rule, start } => (
                if nl {
                    format!(
                        "de herhaalregel 'RRULE:{}' van de reeks vanaf {} bevat tekens die in geen regel staan",
                        rule.escape_debug(),
                        crate::lang::day(Lang::Nl, *start)
                    )
                } else {
                    format!(
                        "the recurrence rule 'RRULE:{}' of the series starting {start} holds characters no rule has",
                        rule.escape_debug()
                    )
                },
                ics,
            ),
            P::RuleUnreadable { start, detail } => {
                (
                    if nl {
                        format!(
                        "de herhaling van de reeks vanaf {} is niet te lezen (de lezer van herhaalregels meldt, in het Engels: '{detail}')",
                        crate::lang::day(Lang::Nl, *start)
                    )
                    } else {
                        format!("the recurrence of the series starting {start} cannot be read: {detail}")
                    },
                    ics,
                )
            }
            P::RuleValue { start, value, what } => (
                if nl {
                    format!(
                        "de herhaling van de reeks vanaf {}: '{value}' is geen geldige {}",
                        crate::lang::day(Lang::Nl, *start),
                        rule_part_nl(what)
                    )
                } else {
                    format!("the recurrence of the series starting {start}: '{value}' is not a valid {what}")
                },
                ics,
            ),
            P::OutsideCalendar => (
                lang.pick(
                    "a recurrence outside the calendar",
                    "een herhaling buiten de kalender",
                )
                .into(),
                ics,
            ),
        };
        let place = match self.line {
            Some(l) => format!("{}:{l}", self.file),
            None => self.file.clone(),
        };
        Diagnostic {
            message: format!("{place}: {message}"),
            hints: vec![hint],
        }
    }
}

/// A part of a recurrence rule in Dutch, as the recurrence reader names it.
fn rule_part_nl(what: &str) -> String {
    match what {
        "frequency" => "frequentie (FREQ)".into(),
        "weekday" => "weekdag (BYDAY)".into(),
        "weekday start" => "eerste dag van de week (WKST)".into(),
        "timezone" => "tijdzone".into(),
        w if w.starts_with("datetime format") => "datum en tijd".into(),
        w => match w.strip_suffix(" value") {
            Some(key) => format!("waarde voor {key}"),
            None => format!("waarde ('{w}')"),
        },
    }
}

/// The English text with its hint (logs, and the fuzz targets' check of place and fix).
impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic(Lang::En).text(Lang::En))
    }
}

impl std::error::Error for ScheduleError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_names_the_place_and_a_fix_in_both_languages() {
        let date = Date::constant(2023, 10, 9);
        let problems = vec![
            ScheduleProblem::CsvHeader { detail: None },
            ScheduleProblem::NoMeetingColumn {
                headers: vec!["datum vergadering".into()],
            },
            ScheduleProblem::CsvRow {
                detail: Some("x".into()),
            },
            ScheduleProblem::Date(DateProblem::NotADate { text: "x".into() }),
            ScheduleProblem::Date(DateProblem::WrongWeekday {
                text: "di 9 okt 2023".into(),
                date,
            }),
            ScheduleProblem::RowWithoutMeeting,
            ScheduleProblem::NotIcalendar { text: "x".into() },
            ScheduleProblem::DeadlineNotADate {
                value: "x".into(),
                meeting: date,
            },
            ScheduleProblem::NoStart { event: "x".into() },
            ScheduleProblem::StartNotADate { value: "x".into() },
            ScheduleProblem::RuleNotAscii {
                rule: "x".into(),
                start: date,
            },
            ScheduleProblem::RuleUnreadable {
                start: date,
                detail: "x".into(),
            },
            ScheduleProblem::RuleValue {
                start: date,
                value: "NEVER".into(),
                what: "frequency".into(),
            },
            ScheduleProblem::OutsideCalendar,
        ];
        for problem in problems {
            let e = ScheduleError {
                file: "s.csv".into(),
                line: Some(3),
                problem,
            };
            let en = e.diagnostic(Lang::En).text(Lang::En);
            let nl = e.diagnostic(Lang::Nl).text(Lang::Nl);
            assert!(en.starts_with("s.csv:3: ") && nl.starts_with("s.csv:3: "));
            assert!(en.contains("\n  hint: ") && nl.contains("\n  tip: "));
            assert_ne!(en, nl);
        }
        let wrong = DateProblem::WrongWeekday {
            text: "di 9 okt 2023".into(),
            date,
        };
        assert_eq!(
            wrong.text(Lang::Nl),
            "'di 9 okt 2023' noemt de verkeerde dag van de week: ma 9 okt 2023 is een maandag"
        );
        assert_eq!(
            wrong.text(Lang::En),
            "'di 9 okt 2023' names the wrong weekday: 2023-10-09 is a Monday"
        );
    }
}
