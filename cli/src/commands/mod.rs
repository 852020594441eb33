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
use stroom_render::cli::Problem;

/// Runs one command.
///
/// # Errors
/// Whatever the command fails with; `main` maps it to an exit code.
pub fn run(command: Command, mut settings: Settings) -> Result<()> {
    offered(&command, settings.format)?;
    if settings.server.is_some() {
        local_only(&command)?;
    }
    // With --server the server decides what today is: its date (not the client's clock or
    // time zone) is the day a command is recorded on and plans are made as of, unless
    // --today says otherwise (then it travels with each request).
    if settings.today_override.is_none() && uses_today(&command) {
        if let Some(client) = crate::client::Client::of(&settings)? {
            settings.today = client.today()?;
        }
    }
    // Left to the OS at exit, like clap's tree: dropping the routes and calendars one by one
    // cost 3% of `stroom plan`'s instructions (DESIGN.md, Speed). Settings hold data only (no
    // file, lock or store), so nothing is lost by not running their destructors.
    let settings = &*std::mem::ManuallyDrop::new(settings);
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
        Command::Key(args) => db::key(settings, args),
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
        Command::Completions(_) | Command::Man(_) => {
            meta::run(&command, settings.format, settings.lang).unwrap_or(Ok(()))
        }
    }
}

/// Whether a command records or plans as of today on the server (with `--server`: as of
/// the server's today).
fn uses_today(command: &Command) -> bool {
    match command {
        Command::New(_)
        | Command::Submit(_)
        | Command::Approve(_)
        | Command::Return(_)
        | Command::Deliver(_)
        | Command::Voorportaal(_)
        | Command::NeedsOnderraad(_)
        | Command::Onderraad(_)
        | Command::Mr(_)
        | Command::Sign(_)
        | Command::Send(_)
        | Command::Withdraw(_)
        | Command::Correct(_)
        | Command::Portfolio(_)
        | Command::Agenda(_) => true,
        // A plan of a stored stroom; `--example` and `--route` compute here, as of this
        // computer's today, and need no server.
        Command::Plan(args) => args.source.reference.is_some(),
        Command::Simulate(args) => args.source.reference.is_some(),
        Command::Init
        | Command::List
        | Command::Show(_)
        | Command::Log(_)
        | Command::Verify(_)
        | Command::Key(_)
        | Command::Export(_)
        | Command::Import(_)
        | Command::Routes(_)
        | Command::Calendar(_)
        | Command::Serve(_)
        | Command::Users(_)
        | Command::Login(_)
        | Command::Logout
        | Command::Completions(_)
        | Command::Man(_) => false,
    }
}

/// Refuses, with `--server`, a command that works on a local database only.
fn local_only(command: &Command) -> Result<(), Problem> {
    use crate::args::CalendarCommand;
    let name = match command {
        Command::Init => "init",
        Command::Serve(_) => "serve",
        Command::Calendar(CalendarCommand::Import { .. }) => "calendar import",
        _ => return Ok(()),
    };
    Err(Problem::LocalOnly {
        command: name.into(),
    })
}

/// Refuses a `--format` the command does not offer. Every command that answers offers
/// json (an object with `"schema": 1`); those whose output is a file of its own kind (the
/// export itself, a calendar file, a mermaid diagram) or a running server do not.
fn offered(command: &Command, format: Format) -> Result<(), Problem> {
    use crate::args::{CalendarCommand, RoutesCommand};
    use Format::{Csv, Html, Human, Ics, Json, Svg};
    let (name, formats): (&str, &[Format]) = match command {
        Command::Serve(_) => ("serve", &[Human]),
        Command::Export(args) if args.file.is_none() && format == Json => {
            return Err(Problem::ExportJsonNeedsFile)
        }
        Command::Export(_) => ("export", &[Human, Json]),
        Command::Calendar(CalendarCommand::Generate { .. }) => ("calendar generate", &[Human]),
        Command::Calendar(CalendarCommand::Import {
            output: Some(out), ..
        }) if out.as_os_str() == "-" => ("calendar import -o -", &[Human]),
        Command::Routes(RoutesCommand::Show(args)) if args.mermaid => {
            ("routes show --mermaid", &[Human])
        }
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
