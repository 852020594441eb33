//! A bewindspersoon's role code. Parsing it (which can fail with a [`crate::BadInput`])
//! sits in the parent module, so that this leaf names nothing else of the engine.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A bewindspersoon's role code, e.g. `MOCW` or `MPVO`: a minister's post, not a person.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Role(pub(super) String);

impl Role {
    /// The code as written, e.g. `MOCW`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<Role> for String {
    fn from(r: Role) -> String {
        r.0
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
