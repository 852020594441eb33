//! The two shapes of route. A leaf: it names nothing else of the engine.

use serde::Serialize;

/// The two shapes of route the state machine knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RouteKind {
    /// concept → bewindspersonen → voorportaal → [onderraad] → ministerraad → kamer.
    Ministerraad,
    /// concept → bewindspersoon → signed → kamer.
    Ondertekening,
}
