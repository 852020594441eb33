//! The states and commands of the state machine without their data: the words of the
//! transition table, which errors and plans name too.
//!
//! A leaf: it names nothing else of the engine.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The states without their data, for the transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum StateKind {
    Concept,
    BijBewindspersonen,
    Akkoord,
    Aangeleverd,
    BijOnderraad,
    BijMinisterraad,
    Besloten,
    Ondertekend,
    Verzonden,
    Ingetrokken,
}

impl StateKind {
    /// Every state kind, in route order.
    pub const ALL: [StateKind; 10] = [
        StateKind::Concept,
        StateKind::BijBewindspersonen,
        StateKind::Akkoord,
        StateKind::Aangeleverd,
        StateKind::BijOnderraad,
        StateKind::BijMinisterraad,
        StateKind::Besloten,
        StateKind::Ondertekend,
        StateKind::Verzonden,
        StateKind::Ingetrokken,
    ];

    /// The name people read, e.g. `bij bewindspersonen`.
    pub fn name(self) -> &'static str {
        match self {
            StateKind::Concept => "concept",
            StateKind::BijBewindspersonen => "bij bewindspersonen",
            StateKind::Akkoord => "akkoord",
            StateKind::Aangeleverd => "aangeleverd",
            StateKind::BijOnderraad => "bij onderraad",
            StateKind::BijMinisterraad => "bij ministerraad",
            StateKind::Besloten => "besloten",
            StateKind::Ondertekend => "ondertekend",
            StateKind::Verzonden => "verzonden",
            StateKind::Ingetrokken => "ingetrokken",
        }
    }
}

impl fmt::Display for StateKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The commands without their data, for the transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum CommandKind {
    Submit,
    Approve,
    Return,
    Deliver,
    Voorportaal,
    NeedsOnderraad,
    Onderraad,
    /// Serialised as its verb, `mr`, like every other command.
    #[serde(rename = "mr")]
    Ministerraad,
    Sign,
    Send,
    Withdraw,
}

impl CommandKind {
    /// Every command kind.
    pub const ALL: [CommandKind; 11] = [
        CommandKind::Submit,
        CommandKind::Approve,
        CommandKind::Return,
        CommandKind::Deliver,
        CommandKind::Voorportaal,
        CommandKind::NeedsOnderraad,
        CommandKind::Onderraad,
        CommandKind::Ministerraad,
        CommandKind::Sign,
        CommandKind::Send,
        CommandKind::Withdraw,
    ];

    /// The CLI verb, e.g. `needs-onderraad`.
    pub fn verb(self) -> &'static str {
        match self {
            CommandKind::Submit => "submit",
            CommandKind::Approve => "approve",
            CommandKind::Return => "return",
            CommandKind::Deliver => "deliver",
            CommandKind::Voorportaal => "voorportaal",
            CommandKind::NeedsOnderraad => "needs-onderraad",
            CommandKind::Onderraad => "onderraad",
            CommandKind::Ministerraad => "mr",
            CommandKind::Sign => "sign",
            CommandKind::Send => "send",
            CommandKind::Withdraw => "withdraw",
        }
    }
}

impl fmt::Display for CommandKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.verb())
    }
}
