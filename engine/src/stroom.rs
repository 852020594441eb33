//! The stukkenstroom as data: reference, route, bewindspersonen, documents, target.

use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::input::{BadInput, TextField};
use crate::error::{DataError, DataProblem, Error, FileKind};

pub(crate) mod role;
pub use role::Role;

impl FromStr for Role {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        s.to_string().try_into()
    }
}

impl TryFrom<String> for Role {
    type Error = Error;
    /// Takes the string itself (a stored record's roles are decoded this way, one copy
    /// less than parsing a borrowed one).
    fn try_from(s: String) -> Result<Self, Error> {
        let ok = (2..=12).contains(&s.len())
            && s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && s.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
        if ok {
            Ok(Role(s))
        } else {
            Err(Error::Input(BadInput::NotARoleCode { text: s }))
        }
    }
}

/// A Kamerbrief in the stroom, with its bijlagen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Kamerbrief {
    /// Title of the letter.
    pub title: String,
    /// Titles of its bijlagen.
    #[serde(default)]
    pub bijlagen: Vec<String>,
}

/// What the stroom must be in time for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Target {
    /// The Kamer must have it by this date.
    KamerBy {
        /// Latest send date.
        #[serde(with = "crate::dates")]
        date: Date,
    },
    /// A debate; the letter must be sent `lead` werkdagen before it (route default if absent).
    Debate {
        /// The debate date.
        #[serde(with = "crate::dates")]
        date: Date,
        /// Werkdagen between sending and the debate.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lead: Option<u8>,
    },
}

/// The definition of one stukkenstroom: everything known when it is created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StroomDef {
    /// The reference, e.g. `41077000`.
    pub reference: String,
    /// The title.
    pub title: String,
    /// The route's name, e.g. `ministerraad`.
    pub route: String,
    /// The lead directie, e.g. `MBO`.
    pub directie: String,
    /// The first signing bewindspersoon.
    pub eerste_ondertekenaar: Role,
    /// Co-signing bewindspersonen.
    #[serde(default)]
    pub mede_ondertekenaars: Vec<Role>,
    /// The Kamerbrieven with their bijlagen.
    #[serde(default)]
    pub kamerbrieven: Vec<Kamerbrief>,
    /// What the stroom must be in time for.
    #[serde(default)]
    pub target: Option<Target>,
}

impl StroomDef {
    /// All bewindspersonen who must agree: the eerste ondertekenaar first.
    pub fn bewindspersonen(&self) -> impl Iterator<Item = &Role> {
        std::iter::once(&self.eerste_ondertekenaar).chain(self.mede_ondertekenaars.iter())
    }

    /// Whether `role` must agree on this stroom.
    pub fn requires(&self, role: &Role) -> bool {
        self.bewindspersonen().any(|r| r == role)
    }

    /// Checks the reference and the roles.
    ///
    /// # Errors
    /// A reference with characters other than letters, digits, `.`, `_` and `-`, or a
    /// bewindspersoon listed twice.
    pub fn validate(&self) -> Result<(), Error> {
        validate_reference(&self.reference)?;
        let mut seen = std::collections::BTreeSet::new();
        for r in self.bewindspersonen() {
            if !seen.insert(r) {
                return Err(Error::Input(BadInput::ListedTwice { role: r.clone() }));
            }
        }
        if self.title.trim().is_empty() {
            return Err(Error::Input(BadInput::Empty {
                field: TextField::Title,
            }));
        }
        Ok(())
    }

    /// Parses a stroom file (TOML), as `stroom new --from FILE` reads it.
    ///
    /// # Errors
    /// A [`DataError`] naming the file, line and fix.
    pub fn from_toml(source: &str, text: &str) -> Result<StroomDef, Error> {
        let def: StroomDef = toml::from_str(text)
            .map_err(|e| DataError::from_toml(source, text, &e, FileKind::Stroom))?;
        def.validate().map_err(|e| match e {
            Error::Input(bad) => Error::Data(DataError::problem(
                source,
                text,
                None,
                DataProblem::Input(Box::new(bad)),
            )),
            other => other,
        })?;
        // Free text goes into the trail: one line each, of a sane length.
        let texts = std::iter::once((TextField::Title, &def.title))
            .chain(std::iter::once((TextField::Directie, &def.directie)))
            .chain(def.kamerbrieven.iter().flat_map(|k| {
                std::iter::once(&k.title)
                    .chain(&k.bijlagen)
                    .map(|t| (TextField::Kamerbrief, t))
            }));
        for (field, value) in texts {
            crate::input::text::check_text(field, value).map_err(|bad| {
                let at = text
                    .find(value.as_str())
                    .or_else(|| text.find(field.name()));
                Error::Data(DataError::problem(
                    source,
                    text,
                    at,
                    DataProblem::Input(Box::new(bad)),
                ))
            })?;
        }
        Ok(def)
    }
}

/// Checks a stroom reference.
///
/// # Errors
/// An empty reference, one over 64 characters, one with other characters than
/// letters, digits, `.`, `_` and `-`, or one of dots alone (`.` and `..` cannot be a
/// segment of a URL path: the server could not be asked for it).
pub fn validate_reference(r: &str) -> Result<(), Error> {
    let ok = !r.is_empty()
        && r.len() <= 64
        && r.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        && !r.chars().all(|c| c == '.');
    if ok {
        Ok(())
    } else {
        Err(Error::Input(BadInput::NotAReference {
            text: r.to_string(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_capital_codes() {
        assert!("MOCW".parse::<Role>().is_ok());
        assert!("mocw".parse::<Role>().is_err());
        assert!("M".parse::<Role>().is_err());
    }

    #[test]
    fn stroom_file_errors_name_the_line() {
        let text = "reference = \"1\"\ntitle = \"t\"\nroute = \"ministerraad\"\ndirectie = \"MBO\"\neerste-ondertekenaar = \"MOCW\"\nsigners = []\n";
        let err = StroomDef::from_toml("x.toml", text)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("x.toml:6:1: unknown field `signers`"),
            "{err}"
        );
    }
}
