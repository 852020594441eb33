//! Sentences for the engine's typed reasons, adjustments, warnings, errors and rejections:
//! one implementation of [`Messages`] per language, in one place, so the CLI, the files
//! people take away and the server say the same thing. `en.rs` is English, `nl.rs` Dutch;
//! their errors and rejections are in `en_errors.rs` and `nl_errors.rs`.

use stroom::planner::{Also, Basis, Standing, Warning, Why};
use stroom::{Error, Rejection};

use crate::Lang;

pub mod en;
pub mod en_errors;
pub mod nl;
pub mod nl_errors;

/// An error for people: what went wrong (naming the input and the place) and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// One line: what went wrong.
    pub message: String,
    /// The fixes, one per line.
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// The message with its hint lines, as a CLI prints it after `error: ` (`fout: `).
    pub fn text(&self, lang: Lang) -> String {
        let mut s = self.message.clone();
        for h in &self.hints {
            s.push_str("\n  ");
            s.push_str(lang.pick("hint", "tip"));
            s.push_str(": ");
            s.push_str(h);
        }
        s
    }
}

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
    /// An engine error: what went wrong and how to fix it.
    fn error(&self, e: &Error) -> Diagnostic;
    /// A command the state machine refuses.
    fn rejection(&self, r: &Rejection) -> Diagnostic;
    /// A store failure.
    fn store(&self, s: &stroom::StoreError) -> Diagnostic;
    /// A plan the planner cannot make.
    fn plan(&self, p: &stroom::PlanError) -> Diagnostic;
    /// The word before an error, `error` or `fout`.
    fn error_word(&self) -> &'static str {
        self.lang().pick("error", "fout")
    }

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
