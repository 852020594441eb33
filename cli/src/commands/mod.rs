//! One module per command group; each runs one engine function and renders the result.

mod agenda;
pub mod calendar;
mod db;
pub mod meta;
pub mod plan;
mod routes;
mod serve;
mod strooms;
mod verbs;

use anyhow::Result;

use crate::args::{Command, Format};
use crate::settings::Settings;
use crate::UsageError;

/// Runs one command.
///
/// # Errors
/// Whatever the command fails with; `main` maps it to an exit code.
pub fn run(command: Command, settings: &Settings) -> Result<()> {
    offered(&command, settings.format)?;
    if settings.server.is_some() {
        local_only(&command)?;
    }
    match command {
        Command::Init => db::init(settings),
        Command::New(args) => strooms::new(settings, args),
        Command::List => strooms::list(settings),
        Command::Show(args) => strooms::show(settings, &args.reference),
        Command::Log(args) => strooms::log(settings, &args.reference),
        Command::Submit(args) => verbs::submit(settings, args),
        Command::Approve(args) => verbs::approve(settings, args),
        Command::Return(args) => verbs::return_(settings, args),
        Command::Deliver(args) => verbs::deliver(settings, args),
        Command::Voorportaal(args) => verbs::voorportaal(settings, args),
        Command::NeedsOnderraad(args) => verbs::needs_onderraad(settings, args),
        Command::Onderraad(args) => verbs::onderraad(settings, args),
        Command::Mr(args) => verbs::mr(settings, args),
        Command::Sign(args) => verbs::sign(settings, args),
        Command::Send(args) => verbs::send(settings, args),
        Command::Withdraw(args) => verbs::withdraw(settings, args),
        Command::Correct(args) => verbs::correct(settings, args),
        Command::Verify(args) => db::verify(settings, args),
        Command::Key => db::key(settings),
        Command::Export(args) => db::export(settings, args),
        Command::Import(args) => db::import(settings, args),
        Command::Routes(cmd) => routes::run(settings, cmd),
        Command::Plan(args) => plan::plan(settings, args),
        Command::Simulate(args) => plan::simulate(settings, *args),
        Command::Portfolio(args) => plan::portfolio(settings, args),
        Command::Agenda(args) => agenda::agenda(settings, args),
        Command::Calendar(cmd) => calendar::run(settings, cmd),
        Command::Serve(args) => serve::serve(settings, args),
        Command::Users(cmd) => serve::users(settings, cmd),
        Command::Login(args) => serve::login(settings, args),
        Command::Logout => serve::logout(settings),
        // Handled in main before the settings are resolved.
        Command::Completions(_) | Command::Man(_) => meta::run(&command).unwrap_or(Ok(())),
    }
}

/// Refuses, with `--server`, a command that works on a local database only.
fn local_only(command: &Command) -> Result<(), UsageError> {
    use crate::args::CalendarCommand;
    let name = match command {
        Command::Init => "init",
        Command::Serve(_) => "serve",
        Command::Calendar(CalendarCommand::Import { .. }) => "calendar import",
        _ => return Ok(()),
    };
    Err(UsageError(format!(
        "'stroom {name}' works on a local database only, not against a server\n  hint: run it without --server (and with STROOM_SERVER unset)"
    )))
}

/// Refuses a `--format` the command does not offer.
fn offered(command: &Command, format: Format) -> Result<(), UsageError> {
    use Format::{Csv, Html, Human, Ics, Json, Svg};
    let (name, formats): (&str, &[Format]) = match command {
        Command::Plan(_) => ("plan", &[Human, Json, Csv, Ics, Svg, Html]),
        Command::Simulate(_) => ("simulate", &[Human, Json, Html]),
        Command::Portfolio(_) => ("portfolio", &[Human, Json, Csv, Ics]),
        Command::Agenda(_) => ("agenda", &[Human, Json, Csv, Ics]),
        Command::List => ("list", &[Human, Json, Csv]),
        Command::Log(_) => ("log", &[Human, Json, Csv]),
        _ => ("", &[Human, Json]),
    };
    if name.is_empty() {
        // The subcommand's name, from its variant: `NeedsOnderraad(..)` -> `needs-onderraad`.
        let debug = format!("{command:?}");
        let mut kebab = String::new();
        for (i, c) in debug
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .enumerate()
        {
            if c.is_ascii_uppercase() && i > 0 {
                kebab.push('-');
            }
            kebab.push(c.to_ascii_lowercase());
        }
        return crate::output::check_format(&kebab, format, formats);
    }
    crate::output::check_format(name, format, formats)
}
