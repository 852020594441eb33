//! Bad input to the journal: everything checked before a record is stored.
//!
//! The trail is append-only, so nonsense stored once stays forever. [`crate::journal`]
//! checks every command against these rules before it seals a record: dates inside the
//! stroom's life and in order, slots that are meetings, roles that are the stroom's
//! bewindspersonen, and free text without control characters and of a sane length.
//! The errors carry data; their `Display` is a plain English line without advice. People
//! read `stroom-render`'s messages, which add the hints (and name the front end's flags).

use std::fmt;

use jiff::civil::Date;

use crate::audit::Meta;
use crate::stroom::{StroomDef, Target};

pub use crate::error::input::{char_name, quoted, BadInput, DateField, TextField, EARLIEST};

pub(crate) mod text;
pub use text::{check_text, MAX_ACTOR, MAX_COMMENT, MAX_TITLE};

/// Checks who records and their comment.
///
/// # Errors
/// An empty or malformed actor, or a malformed comment.
pub fn check_meta(meta: &Meta) -> Result<(), BadInput> {
    if meta.actor.trim().is_empty() {
        return Err(BadInput::Empty {
            field: TextField::Actor,
        });
    }
    check_text(TextField::Actor, &meta.actor)?;
    if let Some(c) = &meta.comment {
        check_text(TextField::Comment, c)?;
    }
    Ok(())
}

/// Checks a date is not before [`EARLIEST`] and not after `today`.
///
/// # Errors
/// [`BadInput::BeforeEarliest`] or [`BadInput::AfterToday`].
pub fn check_date(field: DateField, date: Date, today: Date) -> Result<(), BadInput> {
    if date < EARLIEST {
        return Err(BadInput::BeforeEarliest { field, date });
    }
    if date > today {
        return Err(BadInput::AfterToday { field, date, today });
    }
    Ok(())
}

/// Checks a new stroom's free text and its target against its creation date.
///
/// # Errors
/// The first bad field.
pub fn check_def(def: &StroomDef, on: Date) -> Result<(), BadInput> {
    check_text(TextField::Title, &def.title)?;
    check_text(TextField::Directie, &def.directie)?;
    for k in &def.kamerbrieven {
        check_text(TextField::Kamerbrief, &k.title)?;
        for b in &k.bijlagen {
            check_text(TextField::Kamerbrief, b)?;
        }
    }
    let target = match def.target {
        Some(Target::KamerBy { date } | Target::Debate { date, .. }) => Some(date),
        None => None,
    };
    if let Some(target) = target {
        if target < on {
            return Err(BadInput::TargetBeforeCreation { target, on });
        }
    }
    Ok(())
}

impl fmt::Display for TextField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_named_and_escaped() {
        let err = check_text(TextField::Actor, "eve\nrow 2").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the actor contains a control character (U+000A line feed) at character 4: \"eve\\nrow 2\""
        );
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        assert!(check_text(TextField::Actor, &"é".repeat(MAX_ACTOR)).is_ok());
        assert!(matches!(
            check_text(TextField::Actor, &"é".repeat(MAX_ACTOR + 1)),
            Err(BadInput::TooLong { length: 65, .. })
        ));
    }

    #[test]
    fn dates_before_2000_and_after_today_are_refused() {
        let today = jiff::civil::date(2023, 11, 13);
        assert!(check_date(DateField::On, jiff::civil::date(1999, 12, 31), today).is_err());
        assert!(check_date(DateField::On, jiff::civil::date(2023, 11, 14), today).is_err());
        assert!(check_date(DateField::On, today, today).is_ok());
    }
}
