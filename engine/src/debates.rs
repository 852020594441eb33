//! Debates from the Tweede Kamer's open data: a JSON file in the shape of the OData v4
//! entity `Activiteit` (gegevensmagazijn.tweedekamer.nl, documented at
//! opendata.tweedekamer.nl), downloaded once by the planner; the engine never goes
//! online. An activity is named by its `Id`, its `Nummer`, or words of its `Onderwerp`.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::DataError;

/// One activity of the Tweede Kamer (a commissiedebat, a plenair debat, ...), with the
/// fields stroom reads; others in the file are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Activity {
    /// The OData key (a GUID).
    pub id: String,
    /// e.g. `Commissiedebat`.
    #[serde(default)]
    pub soort: Option<String>,
    /// The subject.
    #[serde(default)]
    pub onderwerp: Option<String>,
    /// The day, as OData writes it (`2024-12-11T00:00:00+01:00`).
    #[serde(default)]
    pub datum: Option<String>,
    /// The start, as OData writes it.
    #[serde(default)]
    pub aanvangstijd: Option<String>,
    /// e.g. `Gepland`, `Uitgevoerd`, `Verplaatst`, `Geannuleerd`.
    #[serde(default)]
    pub status: Option<String>,
    /// The Kamer's activity number, e.g. `2024A07234`.
    #[serde(default)]
    pub nummer: Option<String>,
    /// Set when the Kamer withdrew the record.
    #[serde(default)]
    pub verwijderd: Option<bool>,
}

/// What an activity's status means for a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "status", content = "text")]
pub enum Standing {
    /// Planned or held: the date stands.
    Stands,
    /// Moved: the date in the file may be the old one.
    Moved(String),
    /// Cancelled, or withdrawn from the open data.
    Cancelled(String),
}

impl Activity {
    /// The day of the activity: the date part of `Datum`, else of `Aanvangstijd`.
    pub fn date(&self) -> Option<Date> {
        [&self.datum, &self.aanvangstijd]
            .into_iter()
            .flatten()
            .find_map(|s| s.get(..10).and_then(|d| crate::dates::parse(d).ok()))
    }

    /// Whether the date stands, by the status the Kamer gives.
    pub fn standing(&self) -> Standing {
        let status = self.status.clone().unwrap_or_default();
        if self.verwijderd == Some(true) {
            return Standing::Cancelled(if status.is_empty() {
                "Verwijderd".into()
            } else {
                status
            });
        }
        let s = status.to_lowercase();
        if s.contains("verplaatst") || s.contains("moved") {
            Standing::Moved(status)
        } else if [
            "geannuleerd",
            "vervallen",
            "afgelast",
            "cancel",
            "uitgesteld",
        ]
        .iter()
        .any(|w| s.contains(w))
        {
            Standing::Cancelled(status)
        } else {
            Standing::Stands
        }
    }

    /// What a plan against this activity on `debate` must say about its status: nothing
    /// when the date stands.
    pub fn note(&self, debate: Date) -> Option<crate::calendar::PathNote> {
        use crate::calendar::PathNote;
        match self.standing() {
            Standing::Stands => None,
            Standing::Moved(status) => Some(PathNote::DebateMoved {
                activity: self.label(),
                debate,
                status,
            }),
            Standing::Cancelled(status) => Some(PathNote::DebateCancelled {
                activity: self.label(),
                debate,
                status,
            }),
        }
    }

    /// `Soort Nummer: Onderwerp (date)`, for people.
    pub fn label(&self) -> String {
        let mut s = String::new();
        if let Some(k) = &self.soort {
            s.push_str(k);
            s.push(' ');
        }
        s.push_str(self.nummer.as_deref().unwrap_or(&self.id));
        if let Some(o) = &self.onderwerp {
            s.push_str(": ");
            s.push_str(o);
        }
        if let Some(d) = self.date() {
            s.push_str(&format!(" ({d})"));
        }
        s
    }
}

#[derive(Deserialize)]
struct Feed {
    value: Vec<Activity>,
}

/// Reads an OData `Activiteit` response (`{"value": [...]}`) or a bare array of
/// activities.
///
/// # Errors
/// A [`DataError`] naming `source`, the line and the fix.
pub fn parse_activities(source: &str, text: &str) -> Result<Vec<Activity>, DataError> {
    let err = |e: serde_json::Error| DataError {
        source: source.to_string(),
        line: Some(e.line()),
        column: Some(e.column()),
        problem: crate::error::DataProblem::Parse {
            file: crate::error::FileKind::Activities,
            detail: e.to_string(),
        },
    };
    if text.trim_start().starts_with('[') {
        serde_json::from_str(text).map_err(err)
    } else {
        Ok(serde_json::from_str::<Feed>(text).map_err(err)?.value)
    }
}

/// Why an activity could not be named.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FindError {
    /// Nothing matches.
    #[error("no activity with id, number or subject '{query}' among {count} in the file")]
    NotFound {
        /// The words asked for.
        query: String,
        /// How many activities the file holds.
        count: usize,
    },
    /// Several match.
    #[error("'{query}' matches {} activities: {}", .matches.len(), .matches.iter().take(5).cloned().collect::<Vec<_>>().join("; "))]
    Ambiguous {
        /// The words asked for.
        query: String,
        /// Their labels.
        matches: Vec<String>,
    },
    /// The activity has no date.
    #[error("activity {label} has no Datum or Aanvangstijd")]
    NoDate {
        /// Its label.
        label: String,
    },
}

/// The activity named by `query`: its `Id` or `Nummer` exactly, else the one whose
/// `Onderwerp` holds every word of the query (case-insensitive).
///
/// # Errors
/// No match, several, or an activity without a date.
pub fn find<'a>(activities: &'a [Activity], query: &str) -> Result<&'a Activity, FindError> {
    let q = query.trim();
    let exact: Vec<&Activity> = activities
        .iter()
        .filter(|a| {
            a.id.eq_ignore_ascii_case(q)
                || a.nummer
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(q))
        })
        .collect();
    let found = if exact.is_empty() {
        let words: Vec<String> = q.split_whitespace().map(str::to_lowercase).collect();
        activities
            .iter()
            .filter(|a| {
                let subject = a.onderwerp.as_deref().unwrap_or_default().to_lowercase();
                !words.is_empty() && words.iter().all(|w| subject.contains(w.as_str()))
            })
            .collect()
    } else {
        exact
    };
    match found.as_slice() {
        [] => Err(FindError::NotFound {
            query: q.to_string(),
            count: activities.len(),
        }),
        [a] => {
            if a.date().is_none() {
                return Err(FindError::NoDate { label: a.label() });
            }
            Ok(a)
        }
        many => Err(FindError::Ambiguous {
            query: q.to_string(),
            matches: many.iter().map(|a| a.label()).collect(),
        }),
    }
}
