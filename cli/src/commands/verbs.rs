//! The verbs that move a stroom: each records one command through `journal::execute`.

use anyhow::Result;
use jiff::civil::Date;
use jiff::Timestamp;
use stroom::journal;
use stroom::machine::{MrOutcome, Outcome};
use stroom::{Action, Command, Meta, Role};
use stroom_server::CommandBody;

use crate::args::{
    Common, CorrectArgs, DeliverArgs, MrArg, MrArgs, NeedsOnderraadArgs, OutcomeArg, OutcomeArgs,
    ReturnArgs, RoleVerbArgs, VerbArgs, YesNo,
};
use crate::client::Client;
use crate::commands::strooms::{report_change, report_remote_change};
use crate::settings::Settings;

/// One command to record, resolved from the arguments.
struct Recording<'a> {
    reference: &'a str,
    on: Option<Date>,
    action: Action,
    role: Option<Role>,
    comment: Option<String>,
}

fn record(settings: &Settings, rec: Recording<'_>) -> Result<()> {
    let Recording {
        reference,
        on,
        action,
        role,
        comment,
    } = rec;
    let on = settings.domain_date(on);
    if let Some(client) = Client::of(settings)? {
        tracing::info!(reference, ?action, %on, server = client.name(), "recording");
        let body = CommandBody::of(&action, role.as_ref(), on, comment);
        let text = client.post(&["api", "strooms", reference, "commands"], &body)?;
        return report_remote_change(settings, &text, "POST /api/strooms/REF/commands");
    }
    let store = settings.record_store_for(reference)?;
    let meta = Meta::builder()
        .actor(settings.actor.clone())
        .recorded_at(Timestamp::now())
        .role(role)
        .comment(comment)
        .build();
    tracing::info!(reference, ?action, %on, "recording");
    let (loaded, new) = journal::execute(
        &store,
        &settings.routes,
        &settings.calendars,
        reference,
        &Command { on, action },
        meta,
        settings.today,
    )?;
    report_change(settings, &loaded, &new)
}

fn plain(settings: &Settings, args: VerbArgs, action: Action) -> Result<()> {
    let VerbArgs {
        common: Common {
            reference,
            on,
            comment,
        },
        role,
    } = args;
    record(
        settings,
        Recording {
            reference: &reference,
            on,
            action,
            role,
            comment,
        },
    )
}

fn with_role(settings: &Settings, args: RoleVerbArgs, make: fn(Role, u32) -> Action) -> Result<()> {
    let RoleVerbArgs {
        common: Common {
            reference,
            on,
            comment,
        },
        role,
        version,
    } = args;
    let action = make(role.clone(), version);
    record(
        settings,
        Recording {
            reference: &reference,
            on,
            action,
            role: Some(role),
            comment,
        },
    )
}

fn outcome(o: OutcomeArg) -> Outcome {
    match o {
        OutcomeArg::Door => Outcome::Door,
        OutcomeArg::Terug => Outcome::Terug,
    }
}

/// `stroom submit`.
pub fn submit(settings: &Settings, args: VerbArgs) -> Result<()> {
    plain(settings, args, Action::Submit)
}

/// `stroom approve`.
pub fn approve(settings: &Settings, args: RoleVerbArgs) -> Result<()> {
    with_role(settings, args, |role, version| Action::Approve {
        role,
        version,
    })
}

/// `stroom sign`.
pub fn sign(settings: &Settings, args: RoleVerbArgs) -> Result<()> {
    with_role(settings, args, |role, version| Action::Sign {
        role,
        version,
    })
}

/// `stroom return`.
pub fn return_(settings: &Settings, args: ReturnArgs) -> Result<()> {
    let ReturnArgs {
        reference,
        on,
        comment,
        role,
        version,
    } = args;
    let action = Action::Return {
        role: role.clone(),
        version,
    };
    record(
        settings,
        Recording {
            reference: &reference,
            on,
            action,
            role: Some(role),
            comment: Some(comment),
        },
    )
}

/// `stroom deliver`.
pub fn deliver(settings: &Settings, args: DeliverArgs) -> Result<()> {
    let DeliverArgs { verb, slot } = args;
    plain(settings, verb, Action::Deliver { slot })
}

/// `stroom voorportaal`.
pub fn voorportaal(settings: &Settings, args: OutcomeArgs) -> Result<()> {
    let OutcomeArgs { verb, outcome: o } = args;
    plain(settings, verb, Action::Voorportaal(outcome(o)))
}

/// `stroom needs-onderraad`.
pub fn needs_onderraad(settings: &Settings, args: NeedsOnderraadArgs) -> Result<()> {
    let NeedsOnderraadArgs { verb, needed } = args;
    plain(
        settings,
        verb,
        Action::NeedsOnderraad(matches!(needed, YesNo::Yes)),
    )
}

/// `stroom onderraad`.
pub fn onderraad(settings: &Settings, args: OutcomeArgs) -> Result<()> {
    let OutcomeArgs { verb, outcome: o } = args;
    plain(settings, verb, Action::Onderraad(outcome(o)))
}

/// `stroom mr`.
pub fn mr(settings: &Settings, args: MrArgs) -> Result<()> {
    let MrArgs { verb, outcome } = args;
    let outcome = match outcome {
        MrArg::Besloten => MrOutcome::Besloten,
        MrArg::Aangehouden => MrOutcome::Aangehouden,
    };
    plain(settings, verb, Action::Ministerraad(outcome))
}

/// `stroom send`.
pub fn send(settings: &Settings, args: VerbArgs) -> Result<()> {
    plain(settings, args, Action::Send)
}

/// `stroom withdraw`.
pub fn withdraw(settings: &Settings, args: VerbArgs) -> Result<()> {
    plain(settings, args, Action::Withdraw)
}

/// `stroom correct`: appends a correction of an earlier event.
///
/// # Errors
/// Bad input, a corrected trail that breaks the rules, or a store failure.
pub fn correct(settings: &Settings, args: CorrectArgs) -> Result<()> {
    let CorrectArgs {
        reference,
        event,
        reason,
        date,
        void,
        role,
    } = args;
    let correction = match (date, void) {
        (Some(on), _) => stroom::machine::Correction::Date { on },
        (None, _) => stroom::machine::Correction::Void,
    };
    debug_assert!(date.is_some() || void, "clap requires --date or --void");
    if let Some(client) = Client::of(settings)? {
        let body = stroom_server::CorrectionBody {
            event,
            reason,
            date,
            void: date.is_none(),
            role: role.map(|r| r.to_string()),
        };
        let text = client.post(&["api", "strooms", &reference, "corrections"], &body)?;
        return report_remote_change(settings, &text, "POST /api/strooms/REF/corrections");
    }
    let store = settings.record_store_for(&reference)?;
    let meta = Meta::builder()
        .actor(settings.actor.clone())
        .recorded_at(Timestamp::now())
        .role(role)
        .comment(Some(reason))
        .build();
    let (loaded, new) = journal::correct(
        &store,
        &settings.routes,
        &reference,
        event,
        correction,
        meta,
        settings.today,
    )?;
    report_change(settings, &loaded, &new)
}
