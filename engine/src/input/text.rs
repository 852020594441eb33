//! The rules for free text (no control characters, a sane length), which a stroom's
//! definition checks too: a leaf that names only [`BadInput`] and [`TextField`].

use crate::error::input::{BadInput, TextField};

/// The longest actor name, in characters.
pub const MAX_ACTOR: usize = 64;
/// The longest title or directie, in characters.
pub const MAX_TITLE: usize = 200;
/// The longest comment, in characters.
pub const MAX_COMMENT: usize = 2000;

impl TextField {
    fn max(self) -> usize {
        match self {
            TextField::Actor => MAX_ACTOR,
            TextField::Title | TextField::Directie | TextField::Kamerbrief => MAX_TITLE,
            TextField::Comment => MAX_COMMENT,
        }
    }
}

/// Checks one free-text field: no control characters, not over its limit.
///
/// # Errors
/// [`BadInput::ControlCharacter`] or [`BadInput::TooLong`].
pub fn check_text(field: TextField, value: &str) -> Result<(), BadInput> {
    if let Some((i, c)) = value.chars().enumerate().find(|(_, c)| c.is_control()) {
        return Err(BadInput::ControlCharacter {
            field,
            value: value.to_string(),
            character: c,
            position: i + 1,
        });
    }
    let length = value.chars().count();
    if length > field.max() {
        return Err(BadInput::TooLong {
            field,
            length,
            max: field.max(),
        });
    }
    Ok(())
}
