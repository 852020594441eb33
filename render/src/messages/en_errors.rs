//! English errors and rejections: the engine's `Display` line is the English statement of
//! fact (data only); this file adds the hints that say how to fix it, naming the CLI's
//! commands and flags. `nl_errors.rs` renders the same cases in Dutch.

use stroom::error::Thing;
use stroom::machine::{CommandKind, Refusal};
use stroom::planner::Step;
use stroom::store::DiskWait;
use stroom::{
    BadInput, CalendarError, DataError, DataProblem, Error, FileKind, PlanError, Rejection,
    StoreError,
};

use super::Diagnostic;

fn diag(message: impl ToString, hints: Vec<String>) -> Diagnostic {
    Diagnostic {
        message: message.to_string(),
        hints,
    }
}

fn list<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Any engine error.
pub fn error(e: &Error) -> Diagnostic {
    match e {
        Error::Calendar(c) => calendar(c),
        Error::Data(d) => data(d),
        Error::Rejected(r) => rejection(r),
        Error::Store(s) => store(s),
        Error::Plan(p) => plan(p),
        Error::Input(b) => bad_input(b),
        // The engine's words carry their hint lines.
        Error::Tampered { .. } => diag(e.to_string(), vec![]),
        Error::NotFound { what, name, known } => {
            let hint = match what {
                Thing::Stroom if known.is_empty() => {
                    "the database holds no strooms yet: register one with 'stroom new'".into()
                }
                Thing::Stroom => format!("stored strooms: {}", list(known)),
                Thing::Route => {
                    format!(
                        "known routes: {}; add your own with --routes FILE",
                        list(known)
                    )
                }
                Thing::CalendarRule => format!(
                    "stroom can generate {}; write other bodies' slots by hand or import them",
                    list(known)
                ),
            };
            diag(format!("{what} '{name}' does not exist"), vec![hint])
        }
    }
}

/// A command the state machine refuses.
pub fn rejection(r: &Rejection) -> Diagnostic {
    let mut hints = Vec::new();
    match &r.reason {
        Refusal::NotAllowed { instead } => match instead {
            Some(CommandKind::Sign) => {
                hints.push("on the ondertekening route bewindspersonen sign: use 'sign'".into())
            }
            Some(other) => hints.push(format!(
                "on the ministerraad route bewindspersonen approve: use '{other}'"
            )),
            None => {}
        },
        Refusal::BeforeStep { since, .. } => {
            hints.push(format!("record what happened on or after {since}"));
        }
        Refusal::NotABewindspersoon { known, .. } => {
            hints.push(format!("its bewindspersonen are {}", list(known)));
        }
        Refusal::OldVersion { role, current, .. } => hints.push(format!(
            "{role} must {} version {current} (pass --version {current})",
            r.command
        )),
        Refusal::AlreadyAgreed { .. } => hints.push(if r.command == CommandKind::Sign {
            "a signature counts once; record the others' signatures".into()
        } else {
            "an approval counts once; record the others' approvals".into()
        }),
        Refusal::SlotBeforeDelivery { .. } => hints.push(
            "pass the meeting date of the slot you deliver for (--slot), on or after the delivery"
                .into(),
        ),
        Refusal::RouteHasNoOnderraad { .. } => {
            hints.push("use a route with an onderraad, or add one to this route's file".into())
        }
        Refusal::OnderraadAlreadyDecided { .. } => {}
    }
    let allowed = if r.allowed.is_empty() {
        "nothing (the stroom is finished)".to_string()
    } else {
        list(&r.allowed)
    };
    hints.push(format!("allowed in state '{}' now: {allowed}", r.state));
    diag(r, hints)
}

/// Input the journal refuses.
pub fn bad_input(b: &BadInput) -> Diagnostic {
    use stroom::input::TextField;
    let hint: String = match b {
        BadInput::BeforeEarliest { .. } => format!(
            "stroom records events from {} on; check the year",
            stroom::input::EARLIEST
        ),
        BadInput::AfterToday { .. } => "record what happened on or before today".into(),
        BadInput::BeforeCreation { created, .. } => {
            format!("record what happened on or after {created}")
        }
        BadInput::BeforePrevious { previous, .. } => format!(
            "the trail is kept in date order: record what happened on or after {previous}"
        ),
        BadInput::TargetBeforeCreation { .. } => {
            "a target lies on or after the day the stroom is registered".into()
        }
        BadInput::NotAMeeting { body, .. } => format!(
            "deliver for a meeting date of the {body} calendar ('stroom calendar show {body}'), or add the meeting with a calendar file"
        ),
        BadInput::NotABewindspersoon { known, .. } => {
            format!("its bewindspersonen are {}", list(known))
        }
        BadInput::ControlCharacter { .. } => {
            "write it on one line, without tabs or escape codes".into()
        }
        BadInput::TooLong { .. } => "shorten it; put long texts in the stukken themselves".into(),
        BadInput::Empty { field } => match field {
            TextField::Comment => "a return records why: give the opmerkingen as its comment",
            TextField::Actor => "name who records, e.g. a user name",
            TextField::Title => "give the stroom a title, e.g. 'Kamerbrief LLO'",
            TextField::Directie | TextField::Kamerbrief => "give it a name",
        }
        .into(),
        BadInput::NotARoleCode { .. } => {
            "a role is a post in capitals, 2 to 12 letters, e.g. MOCW, MPVO, MSZW, MEZK".into()
        }
        BadInput::NotAReference { .. } => {
            "use letters, digits, '.', '_' or '-' (not dots alone), at most 64, e.g. 41077000".into()
        }
        BadInput::ListedTwice { .. } => {
            "name each role once: the eerste ondertekenaar is not also a mede-ondertekenaar"
                .into()
        }
        BadInput::CorrectionWithoutReason { .. } => {
            "say why with --reason, e.g. --reason 'datum verkeerd overgenomen'".into()
        }
        BadInput::NoSuchEvent { stroom, last, .. } => {
            format!("its events are 1 to {last}: see 'stroom log {stroom}'")
        }
        BadInput::CorrectsRegistration { .. } => {
            "withdraw the stroom ('stroom withdraw') and register it anew".into()
        }
        BadInput::CorrectsCorrection { corrected, .. } => {
            format!("correct event {corrected} again instead: the last correction counts")
        }
        BadInput::CorrectionForAnotherRole { role, .. } => format!("add --role {role}"),
        BadInput::CorrectionWithRole { .. } => "leave out --role".into(),
        BadInput::CorrectionBreaksRule { .. } => {
            "correct or void the events in an order that keeps the trail valid (see 'stroom log')"
                .into()
        }
    };
    diag(b, vec![hint])
}

/// A date question the calendars cannot answer.
pub fn calendar(c: &CalendarError) -> Diagnostic {
    let hint = match c {
        CalendarError::WerkdagRange { from, to, .. } => format!(
            "stroom knows feestdagen for {}-{}; plan inside those years",
            from.year(),
            to.year()
        ),
        CalendarError::NoSlotAfter { body, .. } => format!(
            "add this period's {body} slots with a calendar file (--calendar FILE; see 'stroom calendar check')"
        ),
        CalendarError::NoSlotBefore { body, date, to, .. } if date > to => format!(
            "the target lies after this calendar's end; add the later {body} slots with a calendar file (--calendar FILE)"
        ),
        CalendarError::NoSlotBefore { .. } => {
            "the target lies too early for this calendar, or add slots with a calendar file (--calendar FILE)".into()
        }
        CalendarError::WerkdagResultRange { from, to, .. } => format!(
            "stroom knows feestdagen for {}-{}; count fewer werkdagen",
            from.year(),
            to.year()
        ),
        CalendarError::UnknownBody { known, .. } => format!("known bodies: {known}"),
        CalendarError::YearOutOfRange { from, to, .. } => {
            format!("use a year from {from} to {to}, the years stroom knows the feestdagen of")
        }
        CalendarError::YearsReversed { .. } => "give --from a year on or before --to".into(),
        CalendarError::NotADeadline { .. } => "write YYYY-MM-DD, voor-de-zomer-YYYY, prinsjesdag-YYYY, kamervragen-YYYY-MM-DD or kamervragen-uitstel-YYYY-MM-DD".into(),
        CalendarError::NoZomerreces { .. } => "add the Tweede Kamer's recesses for that year with a calendar file (kind = \"recesses\")".into(),
    };
    diag(c, vec![hint])
}

/// What a file of this kind holds.
fn file_hint(file: FileKind) -> &'static str {
    match file {
        FileKind::Stroom => "a stroom file has reference, title, route, directie, eerste-ondertekenaar, mede-ondertekenaars, [[kamerbrieven]] and an optional [target]; see examples/",
        FileKind::Route => "a route file has name, title, and for route A voorportaal, ministerraad and optionally onderraad; see 'stroom routes show ministerraad'",
        FileKind::Calendar => "a calendar file has body, kind (voorportaal, onderraad, ministerraad, recesses, blokdagen or cabinets) and [[slot]] tables with meeting, deadline and source, reported or estimated",
        FileKind::Scenario => "a scenario file has [[scenario]] tables with name and any of delay = { step = N }, role-delay = { ROLE = N }, approval-on = { ROLE = DATE }, onderraad = BOOL, voorportaal-return = N, mr-holds = N, send-after = K",
        FileKind::Activities => "download the activities as JSON from gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Activiteit (an object with a value array of activities with Id, Soort, Onderwerp, Datum, Status)",
    }
}

/// A data file that does not parse or validate.
pub fn data(d: &DataError) -> Diagnostic {
    let hints: Vec<String> = match &d.problem {
        DataProblem::Parse { file, .. } => vec![file_hint(*file).into()],
        DataProblem::Input(b) => bad_input(b).hints,
        DataProblem::RouteName { .. } => {
            vec!["use lowercase letters, digits and '-', e.g. name = \"coco\"".into()]
        }
        DataProblem::SendAfter { .. } => vec![
            "a stroom goes to the Kamer 0, 1 or 2 werkdagen after the MR: use 0, 1 or 2".into(),
        ],
        DataProblem::RouteWithoutVoorportaal => {
            vec!["add voorportaal = \"cwizo\" (or the voorportaal of your onderraad)".into()]
        }
        DataProblem::RouteStepsWithoutMinisterraad => vec![
            "add ministerraad = \"mr\" for route A, or remove the voorportaal and onderraad".into(),
        ],
        DataProblem::RouteKindChanged { .. } => vec![
            "keep voorportaal and ministerraad in a route of that name, or give the file's route another name".into(),
        ],
        DataProblem::NoScenarios => vec![file_hint(FileKind::Scenario).into()],
        DataProblem::NotAStep { .. } => vec!["e.g. delay = { approval = 5 }".into()],
        DataProblem::Check(c) => vec![c.hint()],
    };
    diag(d, hints)
}

/// A plan the planner cannot make.
pub fn plan(p: &PlanError) -> Diagnostic {
    let hint = match p {
        PlanError::NothingLeft { reference, .. } => {
            format!("see what happened with 'stroom log {reference}'")
        }
        PlanError::NotYetRegistered { registered, .. } => {
            format!("plan with --today {registered} or later")
        }
        PlanError::RouteLacks {
            step: Step::Onderraad,
            ..
        } => "plan without --onderraad, or add onderraad = \"rwizo\" to the route file".into(),
        PlanError::RouteLacks { .. } => "this step exists on the ministerraad route only".into(),
        PlanError::WrongBodyKind { key, kind, .. } => format!(
            "name a {key} body in the route's {key} key, or make the calendar's kind {key} (it is {kind})"
        ),
        PlanError::NotAStep { .. } => "e.g. --delay approval=5".into(),
        PlanError::NotADistribution { .. } => {
            "e.g. --approval triangular(3,5,15) or --approval 5".into()
        }
        PlanError::Scenario { scenario, error: e } => {
            let inner = error(e);
            return diag(format!("scenario '{scenario}': {}", inner.message), inner.hints);
        }
    };
    diag(p, vec![hint])
}

/// The store failed or holds data it should not.
pub fn store(s: &StoreError) -> Diagnostic {
    let hint: Option<String> = match s {
        StoreError::Locked { .. } => Some("wait for the other command to finish, or point --db (or STROOM_DB) at another database".into()),
        StoreError::Format { .. } => Some("use the stroom release that wrote it, or export there and import here".into()),
        StoreError::Conflict { .. } => Some("run the command again; it will see the new state".into()),
        StoreError::Exists { reference } => Some(format!("pick another reference, or see it with 'stroom show {reference}'")),
        StoreError::NotEmpty { .. } => Some("import restores into a new database: pass --db with a fresh path".into()),
        StoreError::Missing { .. } => Some("create one with 'stroom init', or point to an existing one".into()),
        StoreError::NotADatabase { .. } => Some("point to a stroom database, or to a new path to create one with 'stroom init'; nothing was changed".into()),
        // The anchor is the damaged copy: restoring from it would keep the alteration.
        StoreError::Diverged { divergence: stroom::store::Divergence::AnchorAltered, .. } => Some("restore the database from an export ('stroom import FILE' into a new --db), not from this anchor journal".into()),
        StoreError::Diverged { .. } => Some("restore the database from the anchor ('stroom import DB/anchor.jsonl' into a new --db) or from an export".into()),
        StoreError::AnchorCorrupt { .. } => Some("restore the database from an export ('stroom import')".into()),
        StoreError::Commit { anchored: true, error, .. } => Some(format!("{}; the next stroom command restores it from the anchor journal (see it with 'stroom show')", if error.kind() == std::io::ErrorKind::StorageFull { "free disk space" } else { "check the disk" })),
        StoreError::Commit { anchored: false, .. } => Some("free disk space (or fix the disk) and run the command again".into()),
        StoreError::Unresponsive { during, .. } => Some(match during {
            DiskWait::LockFile | DiskWait::Open => "check the disk (the system log, 'dmesg', names a failing drive or a hung network mount), then run the command again; the next open checks the database against its anchor journal, so nothing acknowledged is lost",
            DiskWait::Read => "check the disk (the system log, 'dmesg', names a failing drive or a hung network mount), then run the command again; reading changes nothing",
            DiskWait::KeyRotation => "check the disk (the system log, 'dmesg', names a failing drive or a hung network mount); then 'stroom key' shows the key in use and 'stroom verify' checks the database: rotate again only if the old key is still in use",
            DiskWait::ServerData => "check the disk (the system log, 'dmesg', names a failing drive or a hung network mount), then see with 'stroom users list' whether the change is there, and make it again if not",
        }.into()),
        StoreError::Corrupt(_)
        | StoreError::Io { .. }
        | StoreError::Sled { .. } => None,
    };
    diag(s, hint.into_iter().collect())
}
