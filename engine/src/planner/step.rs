//! The steps of a plan. A leaf: it names nothing else of the engine.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A step of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// Approval (route A) or signature (route B) by the bewindspersonen.
    Approval,
    /// Delivery to the voorportaal, by its aanleverdeadline.
    Delivery,
    /// The voorportaal meeting.
    Voorportaal,
    /// The onderraad meeting.
    Onderraad,
    /// The ministerraad.
    Ministerraad,
    /// Sent to the Tweede Kamer.
    Kamer,
}

impl Step {
    /// Every step, in route order.
    pub const ALL: [Step; 6] = [
        Step::Approval,
        Step::Delivery,
        Step::Voorportaal,
        Step::Onderraad,
        Step::Ministerraad,
        Step::Kamer,
    ];

    /// The word used in output and JSON.
    pub fn word(self) -> &'static str {
        match self {
            Step::Approval => "approval",
            Step::Delivery => "delivery",
            Step::Voorportaal => "voorportaal",
            Step::Onderraad => "onderraad",
            Step::Ministerraad => "ministerraad",
            Step::Kamer => "kamer",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}
