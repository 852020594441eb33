//! Input the journal refuses before anything is stored, as data.
//!
//! A leaf of the engine's module graph: it names only [`Role`], the state machine's
//! [`CommandKind`] and its [`Rejection`], none of which name anything above them.

use jiff::civil::Date;

use crate::error::machine::Rejection;
use crate::machine::kind::CommandKind;
use crate::stroom::role::Role;

/// The earliest date stroom records: nothing in the trail lies before it.
pub const EARLIEST: Date = jiff::civil::date(2000, 1, 1);

/// A free-text field of a stroom or a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextField {
    /// Who records.
    Actor,
    /// A stroom's title.
    Title,
    /// A stroom's lead directie.
    Directie,
    /// A Kamerbrief's title or a bijlage.
    Kamerbrief,
    /// A record's comment.
    Comment,
}

impl TextField {
    /// The field's name for people.
    pub fn name(self) -> &'static str {
        match self {
            TextField::Actor => "actor",
            TextField::Title => "title",
            TextField::Directie => "directie",
            TextField::Kamerbrief => "kamerbrief",
            TextField::Comment => "comment",
        }
    }
}

/// Which date of a command or stroom is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateField {
    /// The day a command happened.
    On,
    /// A stroom's target date.
    Target,
}

impl DateField {
    fn name(self) -> &'static str {
        match self {
            DateField::On => "the date",
            DateField::Target => "the target date",
        }
    }
}

/// Input that the journal refuses before anything is stored.
///
/// As data (the server's problem+json `reason`, which the CLI client renders in the user's
/// language): `{"rule": "after-today", "field": "on", "date": …, "today": …}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[serde(tag = "rule", rename_all = "kebab-case")]
pub enum BadInput {
    /// A date before [`EARLIEST`].
    #[error("{} {date} lies before {EARLIEST}", .field.name())]
    BeforeEarliest {
        /// Which date.
        field: DateField,
        /// The date given.
        date: Date,
    },
    /// A date after today.
    #[error("{} {date} lies after today ({today})", .field.name())]
    AfterToday {
        /// Which date.
        field: DateField,
        /// The date given.
        date: Date,
        /// Today.
        today: Date,
    },
    /// A command dated before the stroom was created.
    #[error("the date {date} lies before stroom {reference} was created on {created}")]
    BeforeCreation {
        /// The stroom.
        reference: String,
        /// The date given.
        date: Date,
        /// The creation date.
        created: Date,
    },
    /// A command dated before the stroom's last recorded event: the trail is in date order.
    #[error(
        "the date {date} lies before event {seq} of stroom {reference}, recorded for {previous}"
    )]
    BeforePrevious {
        /// The stroom.
        reference: String,
        /// The date given.
        date: Date,
        /// The last event's number.
        seq: u64,
        /// The last event's date.
        previous: Date,
    },
    /// A target that lies before the stroom's creation.
    #[error("the target date {target} lies before the stroom's own date {on}")]
    TargetBeforeCreation {
        /// The target date.
        target: Date,
        /// The creation date.
        on: Date,
    },
    /// A slot that is not a meeting of the voorportaal.
    #[error("{slot} is not a meeting of the {body}{}", nearest_text(.before, .after))]
    NotAMeeting {
        /// The date given.
        slot: Date,
        /// The voorportaal body.
        body: String,
        /// The last meeting before it, when known.
        before: Option<Date>,
        /// The first meeting after it, when known.
        after: Option<Date>,
    },
    /// A role that is not a bewindspersoon of the stroom.
    #[error("'{role}' is not a bewindspersoon of stroom {reference}")]
    NotABewindspersoon {
        /// The role given.
        role: Role,
        /// The stroom.
        reference: String,
        /// Its bewindspersonen.
        known: Vec<Role>,
    },
    /// A control character (newline, tab, escape, …) in free text.
    #[error("the {} contains a control character ({}) at character {position}: {}", .field.name(), char_name(*.character), quoted(.value))]
    ControlCharacter {
        /// Which field.
        field: TextField,
        /// The text given.
        value: String,
        /// The offending character.
        character: char,
        /// Its 1-based position in characters.
        position: usize,
    },
    /// Free text over its length limit.
    #[error("the {} is {length} characters long, at most {max} are kept", .field.name())]
    TooLong {
        /// Which field.
        field: TextField,
        /// Its length in characters.
        length: usize,
        /// The limit.
        max: usize,
    },
    /// Free text that must not be empty.
    #[error("the {} is empty", .field.name())]
    Empty {
        /// Which field.
        field: TextField,
    },
    /// Text that is not a role code (capitals, 2 to 12 characters).
    #[error("'{text}' is not a role code")]
    NotARoleCode {
        /// The text given.
        text: String,
    },
    /// Text that is not a stroom reference.
    #[error("'{text}' is not a valid stroom reference")]
    NotAReference {
        /// The text given.
        text: String,
    },
    /// A bewindspersoon named twice in one stroom.
    #[error("bewindspersoon '{role}' is listed twice")]
    ListedTwice {
        /// The role.
        role: Role,
    },
    /// A correction without a reason.
    #[error("a correction of event {event} of stroom {stroom} needs a reason")]
    CorrectionWithoutReason {
        /// The stroom.
        stroom: String,
        /// The event to correct.
        event: u64,
    },
    /// A correction of an event the stroom does not have.
    #[error("stroom {stroom} has no event {event}")]
    NoSuchEvent {
        /// The stroom.
        stroom: String,
        /// The event asked for.
        event: u64,
        /// The stroom's last event.
        last: u64,
    },
    /// A correction of the registration.
    #[error("event {event} of stroom {stroom} is its registration, which cannot be corrected")]
    CorrectsRegistration {
        /// The stroom.
        stroom: String,
        /// The event.
        event: u64,
    },
    /// A correction of a correction.
    #[error("event {event} of stroom {stroom} is itself a correction")]
    CorrectsCorrection {
        /// The stroom.
        stroom: String,
        /// The event.
        event: u64,
        /// The event it corrects.
        corrected: u64,
    },
    /// A correction recorded for another role than the event.
    #[error(
        "event {event} of stroom {stroom} was recorded for {role}: its correction must be too"
    )]
    CorrectionForAnotherRole {
        /// The stroom.
        stroom: String,
        /// The event.
        event: u64,
        /// The event's role.
        role: Role,
    },
    /// A correction recorded for a role of an event recorded without one (a planner's act).
    #[error("event {event} of stroom {stroom} was recorded without a role: its correction cannot be recorded for {role}")]
    CorrectionWithRole {
        /// The stroom.
        stroom: String,
        /// The event.
        event: u64,
        /// The role given.
        role: Role,
    },
    /// A correction after which the trail breaks a rule of the state machine.
    #[error("with this correction, the trail of stroom {stroom} breaks a rule at its {} of {on}: {rejection}", .command.map_or("event", |c| c.verb()))]
    CorrectionBreaksRule {
        /// The stroom.
        stroom: String,
        /// The command of the first event that breaks a rule.
        command: Option<CommandKind>,
        /// Its date.
        on: Date,
        /// What the state machine says about it.
        rejection: Box<Rejection>,
    },
}

fn nearest_text(before: &Option<Date>, after: &Option<Date>) -> String {
    match (before, after) {
        (Some(b), Some(a)) => format!(": the nearest meetings are {b} and {a}"),
        (Some(b), None) => format!(": the last known meeting is {b}"),
        (None, Some(a)) => format!(": the first known meeting is {a}"),
        (None, None) => String::new(),
    }
}

/// A character named for people, e.g. `U+000A line feed`.
pub fn char_name(c: char) -> String {
    let name = match c {
        '\n' => " line feed",
        '\r' => " carriage return",
        '\t' => " tab",
        '\u{1b}' => " escape",
        '\0' => " null",
        _ => "",
    };
    format!("U+{:04X}{name}", u32::from(c))
}

/// Text quoted with its control characters escaped, cut to 60 characters.
pub fn quoted(s: &str) -> String {
    let mut out: String = s.chars().take(60).flat_map(char::escape_debug).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    format!("\"{out}\"")
}
