//! Files people take away: CSV for spreadsheets, iCalendar for calendar programs, the
//! timeline picture. The formats themselves are written by crates (`csv`, and
//! `stroom-render` over `ics`); this module only picks the rows and events.

pub mod csv;
pub mod ics;
pub mod picture;

use crate::args::{Format, IcsArgs};
use crate::UsageError;

/// Refuses a `--format` the command does not offer, listing the ones it does.
///
/// # Errors
/// A [`UsageError`] naming the command and its formats.
pub fn check_format(command: &str, format: Format, offered: &[Format]) -> Result<(), UsageError> {
    if offered.contains(&format) {
        return Ok(());
    }
    let names: Vec<&str> = offered.iter().map(|f| f.name()).collect();
    Err(UsageError(format!(
        "--format {} is not available for 'stroom {command}'\n  hint: it offers {}",
        format.name(),
        names.join(", ")
    )))
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
