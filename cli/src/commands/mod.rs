//! One module per command group; each runs one engine function and renders the result.

mod calendar;
mod db;
pub mod plan;
mod routes;
mod serve;
mod strooms;
mod verbs;

use anyhow::Result;

use crate::args::Command;
use crate::settings::Settings;

/// Runs one command.
///
/// # Errors
/// Whatever the command fails with; `main` maps it to an exit code.
pub fn run(command: Command, settings: &Settings) -> Result<()> {
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
        Command::Verify => db::verify(settings),
        Command::Export(args) => db::export(settings, args),
        Command::Import(args) => db::import(settings, args),
        Command::Routes(cmd) => routes::run(settings, cmd),
        Command::Plan(args) => plan::plan(settings, args),
        Command::Simulate(args) => plan::simulate(settings, args),
        Command::Portfolio(args) => plan::portfolio(settings, args),
        Command::Calendar(cmd) => calendar::run(settings, cmd),
        Command::Serve(args) => serve::serve(settings, args),
        Command::Users(cmd) => serve::users(settings, cmd),
    }
}
