//! What a front end shows of a stroom: who has and has not agreed, what may happen next,
//! its history. Shared by the CLI's `--format json` and the server's JSON API, so both
//! speak the same shapes.

use jiff::civil::Date;
use serde::Serialize;

use crate::audit::Record;
use crate::journal::Loaded;
use crate::machine::{CommandKind, Fact, State, StateKind, Stroom};
use crate::route::RouteKind;
use crate::stroom::Role;

/// Where one bewindspersoon stands on the current version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agreement {
    /// The role.
    pub role: Role,
    /// `eerste` or `mede`.
    pub signer: &'static str,
    /// `approved`, `signed`, `waiting`, `not-submitted` or `not-agreed`.
    pub status: &'static str,
    /// The day of the approval or signature of the current version, when recorded.
    #[serde(with = "crate::dates::option")]
    pub on: Option<Date>,
}

/// Who has and who has not agreed to the current version.
pub fn agreements(loaded: &Loaded, kind: RouteKind) -> Vec<Agreement> {
    let s = &loaded.stroom;
    let agreed_word = match kind {
        RouteKind::Ministerraad => "approved",
        RouteKind::Ondertekening => "signed",
    };
    // The corrected history: a voided approval is not one, a corrected date is the new one.
    let history = crate::machine::effective(loaded.records.iter().map(|r| &r.event));
    let agreed_on = |role: &Role| {
        history.iter().rev().find_map(|e| match &e.fact {
            Fact::Approved { role: who, version } | Fact::Signed { role: who, version }
                if who == role && *version == s.version =>
            {
                Some(e.on)
            }
            _ => None,
        })
    };
    s.def
        .bewindspersonen()
        .enumerate()
        .map(|(i, role)| {
            let on = agreed_on(role);
            let status = match &s.state {
                State::Concept => "not-submitted",
                State::BijBewindspersonen { akkoord, .. } if akkoord.contains(role) => agreed_word,
                State::BijBewindspersonen { .. } => "waiting",
                State::Ingetrokken if on.is_some() => agreed_word,
                State::Ingetrokken => "not-agreed",
                State::Akkoord
                | State::Aangeleverd { .. }
                | State::BijOnderraad { .. }
                | State::BijMinisterraad { .. }
                | State::Besloten
                | State::Ondertekend
                | State::Verzonden => agreed_word,
            };
            Agreement {
                role: role.clone(),
                signer: if i == 0 { "eerste" } else { "mede" },
                status,
                on,
            }
        })
        .collect()
}

/// The verbs of commands, e.g. `approve`.
pub fn verbs(allowed: &[CommandKind]) -> Vec<&'static str> {
    allowed.iter().map(|c| c.verb()).collect()
}

/// One line of a stroom's history.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryLine {
    /// The event's position in the trail.
    pub seq: u64,
    /// The day it happened.
    #[serde(with = "crate::dates")]
    pub on: Date,
    /// What happened, in (English) words; front ends say it in their language from
    /// `fact`.
    pub what: String,
    /// What happened, as a stable code: the fact's `type` in the audit trail (`created`,
    /// `approved`, …); the trail (`stroom log --format json`) has its data.
    pub code: String,
    /// The role it was recorded for, if any.
    pub role: Option<crate::stroom::Role>,
    /// The stroom version it concerns.
    pub version: u32,
}

/// The `type` a fact has in the audit trail's JSON.
fn fact_code(fact: &crate::machine::Fact) -> String {
    serde_json::to_value(fact)
        .ok()
        .and_then(|v| v.get("type")?.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// One row of the list of strooms.
#[derive(Debug, Clone, Serialize)]
pub struct ListRow<'a> {
    /// Its reference.
    pub reference: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its route.
    pub route: &'a str,
    /// Its state, spelled as in `show` (`bij-bewindspersonen`).
    pub state: StateKind,
    /// Its version.
    pub version: u32,
}

impl<'a> ListRow<'a> {
    /// The row of one loaded stroom.
    pub fn of(l: &'a Loaded) -> ListRow<'a> {
        ListRow::of_stroom(&l.stroom)
    }

    /// The row of one stroom's state.
    pub fn of_stroom(s: &'a Stroom) -> ListRow<'a> {
        ListRow {
            reference: &s.def.reference,
            title: &s.def.title,
            route: &s.def.route,
            state: s.state.kind(),
            version: s.version,
        }
    }
}

/// A stroom as `show` presents it.
#[derive(Debug, Clone, Serialize)]
pub struct Show<'a> {
    /// [`VIEW_SCHEMA`].
    pub schema: u32,
    /// The state.
    pub stroom: &'a Stroom,
    /// Who has and has not agreed.
    pub bewindspersonen: Vec<Agreement>,
    /// The verbs allowed now.
    pub allowed: Vec<&'static str>,
    /// Every event, in words.
    pub history: Vec<HistoryLine>,
}

impl<'a> Show<'a> {
    /// The view of one loaded stroom on a route of this kind.
    pub fn of(loaded: &'a Loaded, kind: RouteKind) -> Show<'a> {
        Show {
            schema: VIEW_SCHEMA,
            stroom: &loaded.stroom,
            bewindspersonen: agreements(loaded, kind),
            allowed: verbs(&loaded.stroom.allowed(kind)),
            history: loaded
                .records
                .iter()
                .map(|r| HistoryLine {
                    seq: r.seq,
                    on: r.event.on,
                    what: r.describe(),
                    code: fact_code(&r.event.fact),
                    role: r.role.clone(),
                    version: r.version,
                })
                .collect(),
        }
    }
}

/// What a recording command reports: the new records and where the stroom stands.
#[derive(Debug, Clone, Serialize)]
pub struct Change<'a> {
    /// [`VIEW_SCHEMA`].
    pub schema: u32,
    /// The state after the command.
    pub stroom: &'a Stroom,
    /// The records the command appended.
    pub recorded: &'a [Record],
    /// Who has and has not agreed.
    pub bewindspersonen: Vec<Agreement>,
    /// The verbs allowed now.
    pub allowed: Vec<&'static str>,
}

impl<'a> Change<'a> {
    /// The view of a command's outcome.
    pub fn of(loaded: &'a Loaded, new: &'a [Record], kind: RouteKind) -> Change<'a> {
        Change {
            schema: VIEW_SCHEMA,
            stroom: &loaded.stroom,
            recorded: new,
            bewindspersonen: agreements(loaded, kind),
            allowed: verbs(&loaded.stroom.allowed(kind)),
        }
    }
}

/// The version of the JSON views of `show`, `list`, `log` and the recording commands: a
/// change to their shape is a new version.
pub const VIEW_SCHEMA: u32 = 1;

/// One event of a stroom's audit trail, as `log` presents it: the typed fact, who recorded
/// it and when, and where it sits in the hash chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct LogLine {
    /// The event's position in the trail (1-based).
    pub seq: u64,
    /// The day it happened.
    #[serde(with = "crate::dates")]
    pub on: Date,
    /// What happened: its `type` and data.
    pub fact: Fact,
    /// When it was recorded (UTC).
    pub recorded_at: jiff::Timestamp,
    /// Who recorded it.
    pub actor: String,
    /// The role it acted for.
    pub role: Option<Role>,
    /// The stroom version it concerns.
    pub version: u32,
    /// The comment given.
    pub comment: Option<String>,
    /// The seq of a later correction of this event, if any.
    pub corrected_by: Option<u64>,
    /// This record's hash (hex SHA-256).
    pub hash: String,
    /// The previous record's hash.
    pub prev: String,
    /// Whether the record carries the database's signature.
    pub signed: bool,
}

/// A stroom's audit trail, as `log --format json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Log {
    /// [`VIEW_SCHEMA`].
    pub schema: u32,
    /// The stroom's reference.
    pub stroom: String,
    /// Every event, in order.
    pub events: Vec<LogLine>,
}

impl Log {
    /// The view of a stroom's records (in trail order).
    pub fn of(reference: &str, records: &[Record]) -> Log {
        let corrected_by = |seq: u64| {
            records.iter().rev().find_map(|r| match &r.event.fact {
                Fact::Corrected { event, .. } if *event == seq => Some(r.seq),
                _ => None,
            })
        };
        Log {
            schema: VIEW_SCHEMA,
            stroom: reference.to_string(),
            events: records
                .iter()
                .map(|r| LogLine {
                    seq: r.seq,
                    on: r.event.on,
                    fact: r.event.fact.clone(),
                    recorded_at: r.recorded_at,
                    actor: r.actor.clone(),
                    role: r.role.clone(),
                    version: r.version,
                    comment: r.comment.clone(),
                    corrected_by: corrected_by(r.seq),
                    hash: r.hash.clone(),
                    prev: r.prev.clone(),
                    signed: r.sig.is_some(),
                })
                .collect(),
        }
    }
}

/// The list of strooms, as `list --format json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct List<'a> {
    /// [`VIEW_SCHEMA`].
    pub schema: u32,
    /// One row per stroom, by reference.
    pub strooms: Vec<ListRow<'a>>,
}

impl<'a> List<'a> {
    /// The list of loaded strooms.
    pub fn of(loaded: &'a [Loaded]) -> List<'a> {
        List {
            schema: VIEW_SCHEMA,
            strooms: loaded.iter().map(ListRow::of).collect(),
        }
    }

    /// The list of strooms read without their records ([`crate::journal::load_current`]).
    pub fn of_current(current: &'a [crate::journal::Current]) -> List<'a> {
        List {
            schema: VIEW_SCHEMA,
            strooms: current
                .iter()
                .map(|c| ListRow::of_stroom(&c.stroom))
                .collect(),
        }
    }
}
