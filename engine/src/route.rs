//! Routes: the workflow definitions in `workflows/routes/*.toml`.
//!
//! A route names the bodies a stroom passes (voorportaal, onderraad, ministerraad) and
//! holds the estimates the planner uses (durations, send-after, debate lead). A route
//! with a `ministerraad` is route A (ter besluitvorming); one without is route B (ter
//! ondertekening).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{DataError, DataProblem, Error, FileKind};
use crate::stroom::Role;

pub(crate) mod kind;
pub use kind::RouteKind;

/// Planning estimates in werkdagen. All of them are estimates, shown as such.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Durations {
    /// Werkdagen a bewindspersoon takes to approve, from submission.
    #[serde(default = "default_approval")]
    pub approval: u16,
    /// Per-role overrides of `approval`.
    #[serde(default)]
    pub roles: BTreeMap<Role, u16>,
    /// Werkdagen of rework after a return with comments, before the new version goes up.
    #[serde(default = "default_rework")]
    pub rework: u16,
}

fn default_approval() -> u16 {
    5
}
fn default_rework() -> u16 {
    3
}

impl Default for Durations {
    fn default() -> Self {
        Durations {
            approval: default_approval(),
            roles: BTreeMap::new(),
            rework: default_rework(),
        }
    }
}

impl Durations {
    /// The approval estimate for one role.
    pub fn approval_for(&self, role: &Role) -> u16 {
        self.roles.get(role).copied().unwrap_or(self.approval)
    }
}

/// A route definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Route {
    /// Name used on the command line, e.g. `ministerraad`.
    pub name: String,
    /// One line for people.
    pub title: String,
    /// The voorportaal body, e.g. `cwizo` (route A only).
    #[serde(default)]
    pub voorportaal: Option<String>,
    /// The onderraad body, e.g. `rwizo` (route A, optional).
    #[serde(default)]
    pub onderraad: Option<String>,
    /// The ministerraad body, e.g. `mr`; absent for route B.
    #[serde(default)]
    pub ministerraad: Option<String>,
    /// Werkdagen from MR (route A) or signing (route B) to sending; 0 to 2.
    #[serde(default = "default_send_after")]
    pub send_after: u8,
    /// Werkdagen between sending and a debate.
    #[serde(default = "default_debate_lead")]
    pub debate_lead: u8,
    /// Whether approvals of other roles survive a return with comments.
    #[serde(default)]
    pub approvals_carry_over: bool,
    /// Calendar days stukken must be with an onderraad before it meets.
    #[serde(default = "default_onderraad_lead")]
    pub onderraad_lead_days: u8,
    /// Planning estimates.
    #[serde(default)]
    pub durations: Durations,
}

fn default_send_after() -> u8 {
    1
}
fn default_debate_lead() -> u8 {
    4
}
fn default_onderraad_lead() -> u8 {
    7
}

impl Route {
    /// Which shape of route this is.
    pub fn kind(&self) -> RouteKind {
        if self.ministerraad.is_some() {
            RouteKind::Ministerraad
        } else {
            RouteKind::Ondertekening
        }
    }

    /// Parses and validates a route file.
    ///
    /// # Errors
    /// A [`DataError`] naming `source`, the line and the fix.
    pub fn from_toml(source: &str, text: &str) -> Result<Route, Error> {
        let route: Route = toml::from_str(text)
            .map_err(|e| DataError::from_toml(source, text, &e, FileKind::Route))?;
        let at_key = |key: &str| {
            text.lines()
                .scan(0usize, |off, l| {
                    let here = *off;
                    *off += l.len() + 1;
                    Some((here, l))
                })
                .find(|(_, l)| l.trim_start().starts_with(key))
                .map(|(o, _)| o)
        };
        let fail = |key: &str, problem: DataProblem| {
            Error::Data(DataError::problem(source, text, at_key(key), problem))
        };
        if route.name.is_empty()
            || !route
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(fail(
                "name",
                DataProblem::RouteName {
                    name: route.name.clone(),
                },
            ));
        }
        if route.send_after > 2 {
            return Err(fail(
                "send-after",
                DataProblem::SendAfter {
                    value: route.send_after.into(),
                },
            ));
        }
        match route.kind() {
            RouteKind::Ministerraad if route.voorportaal.is_none() => {
                Err(fail("ministerraad", DataProblem::RouteWithoutVoorportaal))
            }
            RouteKind::Ondertekening
                if route.voorportaal.is_some() || route.onderraad.is_some() =>
            {
                Err(fail(
                    if route.voorportaal.is_some() {
                        "voorportaal"
                    } else {
                        "onderraad"
                    },
                    DataProblem::RouteStepsWithoutMinisterraad,
                ))
            }
            _ => Ok(route),
        }
    }
}

/// The routes known to one invocation: the embedded defaults plus the user's files.
#[derive(Debug, Clone, Default)]
pub struct Routes {
    routes: BTreeMap<String, Route>,
}

impl Routes {
    /// The routes embedded in the binary (`workflows/routes/`).
    ///
    /// # Errors
    /// Only if an embedded file is broken, which a test rules out.
    pub fn embedded() -> Result<Routes, Error> {
        let mut routes = Routes::default();
        for (name, text) in stroom_workflows::ROUTES {
            routes.add(Route::from_toml(
                &format!("<embedded>/workflows/routes/{name}"),
                text,
            )?);
        }
        Ok(routes)
    }

    /// Adds a route, replacing an embedded one of the same name.
    pub fn add(&mut self, route: Route) {
        self.routes.insert(route.name.clone(), route);
    }

    /// Looks a route up by name.
    ///
    /// # Errors
    /// [`Error::NotFound`] listing the known routes.
    pub fn get(&self, name: &str) -> Result<&Route, Error> {
        self.routes.get(name).ok_or_else(|| Error::NotFound {
            what: crate::error::Thing::Route,
            name: name.to_string(),
            known: self.routes.keys().cloned().collect(),
        })
    }

    /// All routes, by name.
    pub fn iter(&self) -> impl Iterator<Item = &Route> {
        self.routes.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_routes_parse() {
        let routes = Routes::embedded().unwrap();
        assert_eq!(
            routes.get("ministerraad").unwrap().kind(),
            RouteKind::Ministerraad
        );
        assert_eq!(
            routes.get("ondertekening").unwrap().kind(),
            RouteKind::Ondertekening
        );
    }

    #[test]
    fn semantic_errors_point_at_the_key() {
        let text = "name = \"x\"\ntitle = \"X\"\nministerraad = \"mr\"\n";
        let err = Route::from_toml("x.toml", text).unwrap_err().to_string();
        assert!(
            err.starts_with("x.toml:3:1: a route with a ministerraad needs a voorportaal"),
            "{err}"
        );
        let text = "name = \"x\"\ntitle = \"X\"\nsend-after = 5\n";
        let err = Route::from_toml("x.toml", text).unwrap_err().to_string();
        assert!(
            err.starts_with("x.toml:3:1: send-after = 5 is out of range"),
            "{err}"
        );
    }
}
