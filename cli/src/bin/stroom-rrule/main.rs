//! `stroom-rrule`: the recurrence expander `stroom calendar import` runs for the meeting
//! series of an iCalendar file. It reads a JSON array of series on stdin and writes a JSON
//! array of their dates, in the same order, on stdout. It is not meant to be run by hand.
//! Why it is a program of its own: `recur.rs`.

#[path = "../../recur.rs"]
mod recur;

mod expand;

use std::io::{Read as _, Write as _};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        let _ = writeln!(std::io::stderr(), "stroom-rrule: reading stdin: {e}");
        return ExitCode::FAILURE;
    }
    let series: Vec<recur::Series> = match serde_json::from_str(&input) {
        Ok(series) => series,
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "stroom-rrule: stdin is no JSON array of series ({e}); this program is run by 'stroom calendar import'"
            );
            return ExitCode::from(2);
        }
    };
    let answers: Vec<recur::Expanded> = series.iter().map(expand::expand).collect();
    let mut out = std::io::stdout().lock();
    match serde_json::to_writer(&mut out, &answers).map(|()| out.flush()) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            let _ = writeln!(std::io::stderr(), "stroom-rrule: writing stdout: {e}");
            ExitCode::FAILURE
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "stroom-rrule: writing stdout: {e}");
            ExitCode::FAILURE
        }
    }
}
