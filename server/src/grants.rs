//! Who may do what: grants as data, and the one table that decides.
//!
//! | grant              | may                                                                |
//! |--------------------|--------------------------------------------------------------------|
//! | `admin`            | read; manage users and their grants; import an export (empty server) |
//! | `planner`          | read; register strooms; submit, deliver, record voorportaal,       |
//! |                    | onderraad and MR outcomes, decide on the onderraad, send, withdraw |
//! | `secretariaat:ROLE`| read; approve, return and sign for ROLE only (one user may hold several) |
//! | `auditor`          | read; verify every chain; export                                   |
//!
//! Every authenticated user may read. Recording is never allowed to `admin` or `auditor`:
//! managing accounts and checking the trail stay apart from writing it.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use stroom::machine::CommandKind;
use stroom::Role;

/// One grant a user holds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grant {
    /// Manage users.
    Admin,
    /// Register and move strooms (everything but the bewindspersonen's own acts).
    Planner,
    /// Approve, return and sign for one role.
    Secretariaat(Role),
    /// Read, verify, export.
    Auditor,
}

impl fmt::Display for Grant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Grant::Admin => f.write_str("admin"),
            Grant::Planner => f.write_str("planner"),
            Grant::Secretariaat(role) => write!(f, "secretariaat:{role}"),
            Grant::Auditor => f.write_str("auditor"),
        }
    }
}

/// A grant that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a grant\n  hint: grants are admin, planner, auditor and secretariaat:ROLE (e.g. secretariaat:MOCW)")]
pub struct BadGrant(pub String);

impl FromStr for Grant {
    type Err = BadGrant;
    fn from_str(s: &str) -> Result<Grant, BadGrant> {
        match s.trim() {
            "admin" => Ok(Grant::Admin),
            "planner" => Ok(Grant::Planner),
            "auditor" => Ok(Grant::Auditor),
            other => match other.strip_prefix("secretariaat:") {
                Some(role) => role
                    .parse::<Role>()
                    .map(Grant::Secretariaat)
                    .map_err(|_| BadGrant(s.to_string())),
                None => Err(BadGrant(s.to_string())),
            },
        }
    }
}

impl Serialize for Grant {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Grant {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Grant, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// What a request wants to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// Look at strooms, plans, the portfolio, calendars, the trail, the public key.
    Read,
    /// Register a stroom.
    New,
    /// Record one command, for a role when the command is a bewindspersoon's act.
    Record(CommandKind, Option<Role>),
    /// Verify every chain.
    Verify,
    /// Export every record.
    Export,
    /// List, add or change users.
    ManageUsers,
    /// Restore an export into a server that holds no strooms yet.
    Import,
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Read => f.write_str("read"),
            Op::New => f.write_str("new"),
            Op::Record(kind, Some(role)) => write!(f, "{kind} for {role}"),
            Op::Record(kind, None) => write!(f, "{kind}"),
            Op::Verify => f.write_str("verify"),
            Op::Export => f.write_str("export"),
            Op::ManageUsers => f.write_str("manage users"),
            Op::Import => f.write_str("import"),
        }
    }
}

/// A refusal: what was asked, which grant it needs, what the user holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{user} may not {op}: it needs the grant {needs}; {user} holds {}", holds_text(.holds))]
pub struct Denied {
    /// The user.
    pub user: String,
    /// The operation, e.g. `approve for MOCW`.
    pub op: String,
    /// The grant that would allow it.
    pub needs: String,
    /// The grants the user holds.
    pub holds: Vec<Grant>,
}

fn holds_text(holds: &[Grant]) -> String {
    if holds.is_empty() {
        "no grants".into()
    } else {
        holds
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The grant an operation needs (`None`: any authenticated user).
pub fn needs(op: &Op) -> Option<Grant> {
    match op {
        Op::Read => None,
        Op::New => Some(Grant::Planner),
        Op::Record(kind, role) => match kind {
            CommandKind::Approve | CommandKind::Return | CommandKind::Sign => Some(
                Grant::Secretariaat(role.clone().unwrap_or_else(placeholder_role)),
            ),
            CommandKind::Submit
            | CommandKind::Deliver
            | CommandKind::Voorportaal
            | CommandKind::NeedsOnderraad
            | CommandKind::Onderraad
            | CommandKind::Ministerraad
            | CommandKind::Send
            | CommandKind::Withdraw => Some(Grant::Planner),
        },
        Op::Verify | Op::Export => Some(Grant::Auditor),
        Op::ManageUsers | Op::Import => Some(Grant::Admin),
    }
}

fn placeholder_role() -> Role {
    // A bewindspersoon's act always names its role (the API and the forms require it);
    // this only shapes the message should one arrive without.
    "ROLE"
        .parse()
        .unwrap_or_else(|_| unreachable!("ROLE is a valid role code"))
}

/// Decides whether a user with these grants may do `op`.
///
/// # Errors
/// [`Denied`], naming the grant it would need.
pub fn check(user: &str, holds: &[Grant], op: &Op) -> Result<(), Denied> {
    match needs(op) {
        None => Ok(()),
        Some(g) if holds.contains(&g) => Ok(()),
        Some(g) => Err(Denied {
            user: user.to_string(),
            op: op.to_string(),
            needs: g.to_string(),
            holds: holds.to_vec(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grants_round_trip_through_text() {
        for text in ["admin", "planner", "auditor", "secretariaat:MOCW"] {
            let g: Grant = text.parse().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(g.to_string(), text);
        }
        assert!("secretariaat:mocw".parse::<Grant>().is_err());
        assert!("root".parse::<Grant>().is_err());
    }

    #[test]
    fn a_secretariaat_acts_for_its_own_role_only() {
        let mocw: Role = "MOCW".parse().unwrap_or_else(|e| panic!("{e}"));
        let mpvo: Role = "MPVO".parse().unwrap_or_else(|e| panic!("{e}"));
        let holds = [Grant::Secretariaat(mocw.clone())];
        assert!(check("s", &holds, &Op::Record(CommandKind::Approve, Some(mocw))).is_ok());
        let denied = check("s", &holds, &Op::Record(CommandKind::Approve, Some(mpvo)))
            .expect_err("another role is refused");
        assert_eq!(
            denied.to_string(),
            "s may not approve for MPVO: it needs the grant secretariaat:MPVO; s holds secretariaat:MOCW"
        );
        assert!(check("s", &holds, &Op::Record(CommandKind::Send, None)).is_err());
    }
}
