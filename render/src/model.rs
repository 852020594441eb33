//! A Monte Carlo model input that does not parse (`--approval`, `--role-approval`,
//! `--p-hold`, ..., or the API's `approval`, `p_hold`, ...), as typed data: the CLI renders
//! it in the user's language, the server sends it inside its `bad-model` problem and the
//! CLI client renders that the same way. Each input is named as its front end writes it.

use serde::{Deserialize, Serialize};
use stroom::{BadInput, Error, PlanError};

use crate::messages::{messages, Diagnostic};
use crate::Lang;

/// A model input the model refuses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "kebab-case")]
pub enum ModelProblem {
    /// `--role-approval MPVO` without `=DISTRIBUTION`.
    NotRoleAndDistribution {
        /// The input as the front end names it (`--role-approval`, `role_approval`).
        input: String,
        /// What was given.
        text: String,
    },
    /// The role before `=` is not a role code.
    NotARole {
        /// The input as the front end names it.
        input: String,
        /// The role as given.
        role: String,
    },
    /// A duration that is no distribution.
    NotADistribution {
        /// The input as the front end names it.
        input: String,
        /// The distribution as given.
        text: String,
    },
    /// A probability outside 0..1 (the number as the front end printed it).
    NotAProbability {
        /// The input as the front end names it.
        input: String,
        /// The number.
        value: String,
    },
    /// `empirical` without finished strooms with approvals to learn from.
    NothingToLearn {
        /// The input as the front end names it.
        input: String,
    },
}

impl ModelProblem {
    /// What went wrong and how to fix it, in `lang`.
    pub fn diagnostic(&self, lang: Lang) -> Diagnostic {
        use ModelProblem as P;
        let engine = |input: &str, e: Error| {
            let d = messages(lang).error(&e);
            Diagnostic {
                message: format!("{input}: {}", d.message),
                hints: d.hints,
            }
        };
        let diag = |message: String, hint: String| Diagnostic {
            message,
            hints: vec![hint],
        };
        match (self, lang) {
            (P::NotRoleAndDistribution { input, text }, Lang::En) => diag(
                format!("{input} '{text}' is not ROLE=DISTRIBUTION"),
                format!("e.g. {input} MPVO=triangular(3,5,15)"),
            ),
            (P::NotRoleAndDistribution { input, text }, Lang::Nl) => diag(
                format!("{input} '{text}' is geen ROL=VERDELING"),
                format!("bijvoorbeeld {input} MPVO=triangular(3,5,15)"),
            ),
            (P::NotARole { input, role }, _) => engine(
                input,
                Error::Input(BadInput::NotARoleCode { text: role.clone() }),
            ),
            (P::NotADistribution { input, text }, _) => {
                let mut d = engine(
                    input,
                    Error::Plan(PlanError::NotADistribution { text: text.clone() }),
                );
                // The example names the flag given (`--rework`), not `--approval`.
                if input.starts_with("--") {
                    let role = if input.contains("role") { "MPVO=" } else { "" };
                    d.hints = vec![format!(
                        "{} {input} {role}triangular(3,5,15) {} {input} {role}5",
                        lang.pick("e.g.", "bijvoorbeeld"),
                        lang.pick("or", "of")
                    )];
                }
                d
            }
            (P::NotAProbability { input, value }, Lang::En) => diag(
                format!("{input} {value} is not a probability"),
                "a number from 0 to 1, e.g. 0.25".into(),
            ),
            (P::NotAProbability { input, value }, Lang::Nl) => diag(
                format!("{input} {value} is geen kans"),
                "een getal van 0 tot en met 1, bijvoorbeeld 0.25".into(),
            ),
            (P::NothingToLearn { input }, Lang::En) => diag(
                format!("{input} empirical: the database holds no finished strooms with approvals to learn from"),
                "give a distribution instead, e.g. triangular(3,5,15)".into(),
            ),
            (P::NothingToLearn { input }, Lang::Nl) => diag(
                format!("{input} empirical: de database heeft geen afgeronde strooms met akkoorden om van te leren"),
                "geef in plaats daarvan een verdeling, bijvoorbeeld triangular(3,5,15)".into(),
            ),
        }
    }

    /// The message with its hint lines (`hint:`, `tip:`).
    pub fn text(&self, lang: Lang) -> String {
        self.diagnostic(lang).text(lang)
    }
}

/// The English text (logs, and what `?` shows outside the CLI's renderer).
impl std::fmt::Display for ModelProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for ModelProblem {}

#[cfg(test)]
mod tests {
    use super::*;

    fn every() -> Vec<ModelProblem> {
        let input = || "--approval".to_string();
        vec![
            ModelProblem::NotRoleAndDistribution {
                input: input(),
                text: "MPVO".into(),
            },
            ModelProblem::NotARole {
                input: input(),
                role: "xx".into(),
            },
            ModelProblem::NotADistribution {
                input: input(),
                text: "five".into(),
            },
            ModelProblem::NotAProbability {
                input: input(),
                value: "1.5".into(),
            },
            ModelProblem::NothingToLearn { input: input() },
        ]
    }

    #[test]
    fn every_problem_names_its_input_in_both_languages_and_round_trips() {
        for p in every() {
            let en = p.text(Lang::En);
            let nl = p.text(Lang::Nl);
            assert!(en.starts_with("--approval") && nl.starts_with("--approval"));
            assert_ne!(en, nl);
            assert!(
                en.contains("\n  hint: ") && nl.contains("\n  tip: "),
                "{nl}"
            );
            let json = serde_json::to_string(&p).unwrap_or_default();
            assert_eq!(serde_json::from_str::<ModelProblem>(&json).ok(), Some(p));
        }
    }
}
