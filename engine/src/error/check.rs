//! What the checks of a calendar file, a secretariat's schedule or the embedded calendars
//! find wrong, as data: [`Check`], one variant per rule, with the dates and names it
//! concerns. English words here (for logs and library users); front ends render it in
//! their language (`stroom-render`).
//!
//! A leaf of the engine's module graph: it names nothing else of the engine but the date
//! encoding.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A rule of a calendar file (or schedule) that a value breaks. JSON keys are kebab-case;
/// the snake-case ones of a server from before the JSON contract are read too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(
    tag = "check",
    rename_all = "kebab-case",
    rename_all_fields = "kebab-case"
)]
pub enum Check {
    /// `source`, `reported` or `estimated` given empty.
    #[error("{key} is empty")]
    ProvenanceEmpty {
        /// The key.
        key: String,
    },
    /// More than one of `source`, `reported` and `estimated`.
    #[error("an entry has more than one of source, reported and estimated")]
    ProvenanceTwice,
    /// None of `source`, `reported` and `estimated`.
    #[error("an entry says neither where it comes from nor how it was estimated")]
    ProvenanceMissing,
    /// A date outside the werkdag tables.
    #[error("the date {date} lies outside the years stroom plans in")]
    OutsideTables {
        /// The date.
        #[serde(with = "crate::dates")]
        date: Date,
    },
    /// A period boundary (`from`, `to`, `valid-from`, `valid-until`) outside the tables.
    #[error("the period boundary {date} lies outside the years stroom plans in")]
    BoundaryOutsideTables {
        /// The date.
        #[serde(with = "crate::dates")]
        date: Date,
    },
    /// `valid-until` before `valid-from`.
    #[error("valid-until {until} lies before valid-from {from}")]
    ValidityReversed {
        /// `valid-from`.
        #[serde(with = "crate::dates")]
        from: Date,
        /// `valid-until`.
        #[serde(with = "crate::dates")]
        until: Date,
    },
    /// Tables of another kind of file (`[[recess]]` in a body's calendar).
    #[error("this file has [[{table}]] tables but kind = \"{kind}\"")]
    Misplaced {
        /// The tables.
        table: String,
        /// The file's kind.
        kind: String,
        /// The kinds they belong in.
        belongs: String,
    },
    /// A recess that ends before it starts.
    #[error("recess '{name}' ends on {to} before it starts on {from}")]
    RecessReversed {
        /// The recess.
        name: String,
        /// Its start.
        #[serde(with = "crate::dates")]
        from: Date,
        /// Its end.
        #[serde(with = "crate::dates")]
        to: Date,
    },
    /// A new Kamer installed before its election.
    #[error("the new Kamer is installed before the election of {election}")]
    InstalledBeforeElection {
        /// The election.
        #[serde(with = "crate::dates")]
        election: Date,
    },
    /// A cabinet that ends before it starts.
    #[error("cabinet '{name}' ends before it starts")]
    CabinetReversed {
        /// The cabinet.
        name: String,
    },
    /// A body's calendar without slots.
    #[error("calendar of '{body}' has no slots")]
    NoSlots {
        /// The body.
        body: String,
    },
    /// A meeting both extra and cancelled.
    #[error("the meeting of {meeting} is both extra and cancelled")]
    ExtraAndCancelled {
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
    },
    /// A cancelled meeting without a reason.
    #[error("the cancelled meeting of {meeting} gives no reason")]
    CancelledWithoutReason {
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
    },
    /// A reason on a meeting that is not cancelled.
    #[error("the meeting of {meeting} has a reason but is not cancelled")]
    ReasonNotCancelled {
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
    },
    /// A meeting without a deadline.
    #[error("the meeting of {meeting} has no deadline")]
    NoDeadline {
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
    },
    /// A meeting on a day off (`day_off` is the feestdag's name, or the weekday).
    #[error("the meeting of {meeting} falls on {day_off}, not a werkdag")]
    OnDayOff {
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
        /// The feestdag's name, or `a Saturday`/`a Sunday`.
        #[serde(alias = "day_off")]
        day_off: String,
        /// In a schedule (`calendar import`) rather than a calendar file.
        schedule: bool,
    },
    /// A ministerraad on another day than Friday, not marked extra.
    #[error("the ministerraad of {meeting} is on a {}, not a Friday", weekday_en(.meeting))]
    MrNotFriday {
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
        /// In a schedule rather than a calendar file.
        schedule: bool,
    },
    /// A deadline after its meeting.
    #[error("deadline {deadline} lies after the meeting {meeting}")]
    DeadlineAfterMeeting {
        /// The deadline.
        #[serde(with = "crate::dates")]
        deadline: Date,
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
        /// In a schedule rather than a calendar file.
        schedule: bool,
    },
    /// A slot of a body that is no voorportaal naming an MR.
    #[error("{}", if *.schedule { format!("the {body} meeting of {meeting} names an MR") } else { format!("slot {meeting} of a {body} names an MR") })]
    NamesMr {
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
        /// The body.
        body: String,
        /// In a schedule rather than a calendar file.
        schedule: bool,
    },
    /// An MR (`mr`, `mr-with-onderraad`) not after the voorportaal meeting.
    #[error("{key} {mr} is not after the meeting {meeting}")]
    MrNotAfter {
        /// The key (`mr`, `mr-with-onderraad`).
        key: String,
        /// The MR.
        #[serde(with = "crate::dates")]
        mr: Date,
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
        /// In a schedule rather than a calendar file.
        schedule: bool,
    },
    /// An MR that the mr calendar does not hold.
    #[error("the MR {mr} named by the meeting of {meeting} is not a meeting of the mr calendar")]
    MrUnknown {
        /// The MR.
        #[serde(with = "crate::dates")]
        mr: Date,
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
    },
    /// Two slots on one day.
    #[error("two slots meet on {meeting}")]
    TwoSlots {
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
    },
    /// A meeting listed twice in a schedule.
    #[error("the meeting of {meeting} is listed twice")]
    ListedTwice {
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
    },
    /// A deadline before the deadline of the meeting before it.
    #[error("the deadline {deadline} of the meeting {meeting} lies before the deadline {before_deadline} of the meeting {before_meeting} before it")]
    DeadlinesShrink {
        /// The deadline.
        #[serde(with = "crate::dates")]
        deadline: Date,
        /// Its meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
        /// The deadline before.
        #[serde(with = "crate::dates", alias = "before_deadline")]
        before_deadline: Date,
        /// The meeting before.
        #[serde(with = "crate::dates", alias = "before_meeting")]
        before_meeting: Date,
        /// In a schedule rather than a calendar file.
        schedule: bool,
    },
    /// A meeting cancelled twice.
    #[error("the meeting of {meeting} is cancelled twice")]
    CancelledTwice {
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
    },
    /// A meeting both listed and cancelled.
    #[error("the meeting of {meeting} is both listed and cancelled")]
    ListedAndCancelled {
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
    },
    /// A slot outside the file's period.
    #[error("slot {meeting} lies outside the file's period {from} to {to}")]
    OutsidePeriod {
        /// The meeting.
        #[serde(with = "crate::dates")]
        meeting: Date,
        /// The period's start.
        #[serde(with = "crate::dates")]
        from: Date,
        /// The period's end.
        #[serde(with = "crate::dates")]
        to: Date,
    },
    /// A body's calendar of another kind than its default calendar's.
    #[error("'{body}' is a {known} body, this file says {file}")]
    KindDiffers {
        /// The body.
        body: String,
        /// Its kind in the default calendars.
        known: String,
        /// The kind the file gives.
        file: String,
    },
    /// An embedded calendar holding blokdagen.
    #[error("the embedded calendar {name} holds blokdagen")]
    EmbeddedBlokdagen {
        /// The calendar.
        name: String,
    },
    /// An embedded calendar whose content its name does not say.
    #[error("the embedded calendar {name} holds {holds:?}, its name says {says:?}")]
    EmbeddedMisnamed {
        /// The calendar.
        name: String,
        /// What it holds.
        holds: String,
        /// What its name says.
        says: String,
    },
    /// A schedule without meetings.
    #[error("the file holds no meetings")]
    NoMeetings,
}

fn weekday_en(d: &Date) -> &'static str {
    use jiff::civil::Weekday;
    match d.weekday() {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

impl Check {
    /// How to fix it, in English.
    pub fn hint(&self) -> String {
        match self {
            Check::ProvenanceEmpty { .. } => "give the address of the source, or the rule that made the date".into(),
            Check::ProvenanceTwice => "give exactly one: source = \"official address\", reported = \"secondary source\" or estimated = \"the rule used\"".into(),
            Check::ProvenanceMissing => "add source = \"e.g. CWIZO-secretariaat, vergaderschema 2025\", reported = \"address\" or estimated = \"rule\"".into(),
            Check::OutsideTables { .. } => "stroom knows the werkdagen of 2000 to 2100; check the year".into(),
            Check::BoundaryOutsideTables { .. } => "use dates from 2000 to 2100 for from, to, valid-from and valid-until".into(),
            Check::ValidityReversed { .. } => "swap them".into(),
            Check::Misplaced { table, belongs, .. } => format!("[[{table}]] belongs in a file of kind {belongs}"),
            Check::RecessReversed { .. } => "swap from and to".into(),
            Check::InstalledBeforeElection { .. } => "installed is the day the new Kamer is sworn in, after the election".into(),
            Check::CabinetReversed { .. } => "until is the day the next cabinet was sworn in".into(),
            Check::NoSlots { .. } => "add [[slot]] tables with meeting, deadline and source".into(),
            Check::ExtraAndCancelled { .. } => "remove the entry, or keep one of extra and cancelled".into(),
            Check::CancelledWithoutReason { .. } => "add reason = \"why it does not take place\"".into(),
            Check::ReasonNotCancelled { .. } => "reason goes with cancelled = true; remove it or cancel the meeting".into(),
            Check::NoDeadline { .. } => "add deadline = YYYY-MM-DD, the aanleverdeadline of the meeting".into(),
            Check::OnDayOff { schedule: false, .. } => "check the date; a one-off meeting on a day off needs extra = true".into(),
            Check::OnDayOff { schedule: true, .. } => "check the date in the schedule; a one-off meeting on a day off goes in a calendar file of your own with extra = true".into(),
            Check::MrNotFriday { schedule: false, .. } => "check the date; an extra or moved MR says extra = true (and a moved one cancels its Friday)".into(),
            Check::MrNotFriday { schedule: true, .. } => "import the regular Fridays; add an extra MR with extra = true in a calendar file of your own".into(),
            Check::DeadlineAfterMeeting { schedule: false, .. } => "the aanleverdeadline comes on or before the meeting date".into(),
            Check::DeadlineAfterMeeting { schedule: true, .. } => "the aanleverdeadline comes on or before the meeting date; check the columns".into(),
            Check::NamesMr { schedule: false, .. } => "only voorportaal slots name the MR they feed (mr, mr-with-onderraad)".into(),
            Check::NamesMr { schedule: true, .. } => "only a voorportaal's schedule names the MR each meeting feeds; leave those columns empty".into(),
            Check::MrNotAfter { schedule: false, .. } => "the MR a voorportaal slot feeds comes after its meeting".into(),
            Check::MrNotAfter { schedule: true, .. } => "the MR a voorportaal meeting feeds comes after it; check the columns".into(),
            Check::MrUnknown { .. } => "check the date; an extra or moved MR goes in a calendar file of body mr with extra = true".into(),
            Check::TwoSlots { .. } => "list each meeting once".into(),
            Check::ListedTwice { .. } => "remove the duplicate from the schedule".into(),
            Check::DeadlinesShrink { schedule: false, .. } => "deadlines must grow with the meetings; check both dates".into(),
            Check::DeadlinesShrink { schedule: true, .. } => "deadlines must grow with the meetings; check both rows".into(),
            Check::CancelledTwice { .. } => "list each cancellation once".into(),
            Check::ListedAndCancelled { .. } => "keep one of the two entries".into(),
            Check::OutsidePeriod { .. } => "widen from/to or remove the slot".into(),
            Check::KindDiffers { .. } => "use the same kind as the body's default calendar".into(),
            Check::EmbeddedBlokdagen { .. } => "embedded calendars hold bodies, recesses or cabinets".into(),
            Check::EmbeddedMisnamed { .. } => "name a body's file after the body".into(),
            Check::NoMeetings => "export the meeting series (.ics) or the schedule (.csv with a meeting column)".into(),
        }
    }
}
