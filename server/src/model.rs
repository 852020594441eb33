//! The uncertainty model of a Monte Carlo run in its text form: the CLI's flags
//! (`--approval`, `--role-approval`, `--p-hold`, ...) and the API's parameters of the same
//! names. One builder for both, so that a model means the same locally and on the server;
//! each front end names the inputs its own way in the messages.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use stroom::journal::Loaded;
use stroom::simulate::{self, Dist, Model};
use stroom::{Planner, Role};

/// A model as text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ModelSpec {
    /// Approval duration of every role: `N`, `uniform(A,B)`, `triangular(A,M,B)` or `empirical`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<String>,
    /// One role's approval duration each, e.g. `MPVO=triangular(3,5,15)`.
    #[serde(
        default,
        alias = "role_approval",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub role_approval: Vec<String>,
    /// Probability that an onderraad is needed (when not decided).
    #[serde(default, alias = "p_onderraad")]
    pub p_onderraad: f64,
    /// Probability that the voorportaal sends it back.
    #[serde(default, alias = "p_return")]
    pub p_return: f64,
    /// Rework after a voorportaal return (default: the route's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rework: Option<String>,
    /// Probability that an MR holds it over (per MR, at most 3 times).
    #[serde(default, alias = "p_hold")]
    pub p_hold: f64,
}

/// A model input that does not parse, as typed data naming the input as the front end
/// does; each front end renders it in its user's language.
pub type SpecError = stroom_render::model::ModelProblem;

impl ModelSpec {
    /// Whether every duration stays fixed and every event impossible: every run the same.
    pub fn is_fixed(&self) -> bool {
        self.approval.is_none()
            && self.role_approval.is_empty()
            && self.rework.is_none()
            && self.p_onderraad == 0.0
            && self.p_return == 0.0
            && self.p_hold == 0.0
    }

    /// Whether a distribution is learned from the finished strooms (`empirical`): then
    /// [`ModelSpec::build`] needs them.
    pub fn wants_empirical(&self) -> bool {
        self.approval.as_deref().map(str::trim) == Some("empirical")
            || self
                .role_approval
                .iter()
                .any(|r| r.trim_end().ends_with("=empirical"))
    }

    /// The model over the route's fixed durations, and notes for the user (what was
    /// learned). `loaded` holds the stored strooms when [`ModelSpec::wants_empirical`];
    /// `name` says how the user wrote an input (`approval` → `--approval`).
    ///
    /// # Errors
    /// An input that does not parse, a probability outside 0..1, or `empirical` without
    /// finished strooms to learn from.
    pub fn build(
        &self,
        planner: &Planner<'_>,
        loaded: &[Loaded],
        name: &dyn Fn(&str) -> String,
    ) -> Result<(Model, Vec<stroom_render::cli::Note>), SpecError> {
        let mut m = Model::fixed(planner);
        let mut notes = Vec::new();
        let learned: BTreeMap<Role, Vec<u16>> = if self.wants_empirical() {
            let (learned, finished) = simulate::learn_from(loaded, planner);
            notes.push(stroom_render::cli::Note::EmpiricalDurations {
                finished,
                observations: learned
                    .iter()
                    .map(|(r, v)| (r.to_string(), v.len()))
                    .collect(),
            });
            learned
        } else {
            BTreeMap::new()
        };
        if let Some(a) = &self.approval {
            if a.trim() == "empirical" {
                let all: Vec<u16> = learned.values().flatten().copied().collect();
                m.approval = dist(&name("approval"), a, Some(&all))?;
                // Roles with their own observations use them; the others the pooled ones.
                for (r, v) in &learned {
                    m.roles
                        .insert(r.clone(), Dist::Empirical { samples: v.clone() });
                }
            } else {
                m.approval = dist(&name("approval"), a, None)?;
                m.roles.clear();
            }
        }
        for ra in &self.role_approval {
            let flag = name("role-approval");
            let (r, d) = ra
                .split_once('=')
                .ok_or_else(|| SpecError::NotRoleAndDistribution {
                    input: flag.clone(),
                    text: ra.clone(),
                })?;
            let r: Role = r
                .trim()
                .parse()
                .map_err(|_: stroom::Error| SpecError::NotARole {
                    input: flag.clone(),
                    role: r.trim().to_string(),
                })?;
            let d = dist(&flag, d, learned.get(&r))?;
            m.roles.insert(r, d);
        }
        for (input, p) in [
            ("p-onderraad", self.p_onderraad),
            ("p-return", self.p_return),
            ("p-hold", self.p_hold),
        ] {
            if !(0.0..=1.0).contains(&p) {
                return Err(SpecError::NotAProbability {
                    input: name(input),
                    value: p.to_string(),
                });
            }
        }
        m.p_onderraad = self.p_onderraad;
        m.p_return = self.p_return;
        m.p_hold = self.p_hold;
        if let Some(r) = &self.rework {
            m.rework = dist(&name("rework"), r, None)?;
        }
        Ok((m, notes))
    }
}

fn dist(flag: &str, s: &str, learned: Option<&Vec<u16>>) -> Result<Dist, SpecError> {
    if s.trim() == "empirical" {
        return match learned {
            Some(v) if !v.is_empty() => Ok(Dist::Empirical { samples: v.clone() }),
            _ => Err(SpecError::NothingToLearn {
                input: flag.to_string(),
            }),
        };
    }
    Dist::parse(s).map_err(|_| SpecError::NotADistribution {
        input: flag.to_string(),
        text: s.trim().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_named_as_the_front_end_writes_them() {
        let routes = stroom::Routes::embedded().unwrap_or_else(|e| panic!("{e}"));
        let calendars = stroom::Calendars::embedded().unwrap_or_else(|e| panic!("{e}"));
        let route = routes.get("ministerraad").unwrap_or_else(|e| panic!("{e}"));
        let planner = Planner::new(route, &calendars).unwrap_or_else(|e| panic!("{e}"));
        let spec = ModelSpec {
            p_hold: 1.5,
            ..ModelSpec::default()
        };
        let flag = |f: &str| format!("--{f}");
        let e = spec.build(&planner, &[], &flag).map(|_| ());
        assert_eq!(
            e,
            Err(SpecError::NotAProbability {
                input: "--p-hold".into(),
                value: "1.5".into()
            })
        );
        let spec = ModelSpec {
            approval: Some("triangular(3,5,15)".into()),
            role_approval: vec!["MPVO=8".into()],
            ..ModelSpec::default()
        };
        assert!(!spec.is_fixed());
        let (m, notes) = spec
            .build(&planner, &[], &|f: &str| f.to_string())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(notes.is_empty());
        assert_eq!(
            m.approval,
            Dist::Triangular {
                min: 3.0,
                mode: 5.0,
                max: 15.0
            }
        );
        let spec = ModelSpec {
            approval: Some("empirical".into()),
            ..ModelSpec::default()
        };
        let e = spec
            .build(&planner, &[], &|f: &str| f.to_string())
            .map(|_| ());
        assert_eq!(
            e,
            Err(SpecError::NothingToLearn {
                input: "approval".into()
            }),
            "empirical needs finished strooms"
        );
    }
}
