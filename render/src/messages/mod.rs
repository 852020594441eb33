//! Sentences for the engine's typed reasons, adjustments and warnings: one implementation
//! of [`Messages`] per language, in one place, so the CLI, the files people take away and
//! the server say the same thing. `en.rs` is English, `nl.rs` Dutch.

use stroom::planner::{Also, Basis, Standing, Warning, Why};

use crate::Lang;

pub mod en;
pub mod nl;

/// Sentences for the engine's typed values, in one language.
pub trait Messages {
    /// The language, for the dates and words around the sentences.
    fn lang(&self) -> Lang;
    /// The word for a basis: sourced, estimated, assumed, given.
    fn basis(&self, b: Basis) -> &'static str;
    /// Why a date is what it is.
    fn why(&self, why: &Why) -> String;
    /// What moved a date beyond its reason.
    fn also(&self, also: &Also) -> String;
    /// A warning; further lines start with `  hint: `.
    fn warning(&self, w: &Warning) -> String;
    /// Met with slack, or late.
    fn standing(&self, s: Standing) -> String;

    /// A reason with its adjustments, as one line.
    fn why_and_also(&self, why: &Why, also: &[Also]) -> String {
        let mut s = self.why(why);
        for a in also {
            s.push_str("; ");
            s.push_str(&self.also(a));
        }
        s
    }
}

/// The messages of a language.
pub fn messages(lang: Lang) -> &'static dyn Messages {
    match lang {
        Lang::En => &en::English,
        Lang::Nl => &nl::Dutch,
    }
}
