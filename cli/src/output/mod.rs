//! Files people take away: CSV for spreadsheets, iCalendar for calendar programs, the
//! timeline picture. The formats themselves are written by crates (`csv`, and
//! `stroom-render` over `ics`); this module only picks the rows and events.

pub mod csv;
pub mod ics;
pub mod picture;

use crate::args::{Format, IcsArgs};
use stroom_render::cli::Problem;

/// Refuses a `--format` the command does not offer, listing the ones it does.
///
/// # Errors
/// A [`Problem`] naming the command and its formats.
pub fn check_format(command: &str, format: Format, offered: &[Format]) -> Result<(), Problem> {
    if offered.contains(&format) {
        return Ok(());
    }
    Err(Problem::FormatNotOffered {
        format: format.name().into(),
        command: command.into(),
        offered: offered.iter().map(|f| f.name().to_string()).collect(),
    })
}

/// The calendar options from the flags.
pub fn ics_options(args: &IcsArgs, lang: stroom_render::Lang) -> stroom_render::ics::Options {
    stroom_render::ics::Options {
        lang,
        alarm_werkdagen: args.alarm_werkdagen,
        alarm: !args.no_alarm,
        meeting_time: args.meeting_time,
        meeting_minutes: args.meeting_minutes,
    }
}
