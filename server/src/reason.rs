//! The engine's errors as data on the wire (a problem's `reason`), and back.
//!
//! The server sends the typed error, tagged with its class (`kind`: `rejected`,
//! `bad-input`, `not-found`, `calendar`, `plan`, `data`, `conflict`, `exists`,
//! `not-empty`; the fields of a rejection and a bad input beside the tag, a calendar,
//! plan or data error under `error`, tagged by `problem`); the CLI client decodes it back into the same `stroom::Error` and renders
//! it with the same code as local mode, in the user's language, with the same exit code.
//! The engine's calendar, plan and data errors carry no serde derives of their own (they
//! are plain error types); the mirrors here are checked by the compiler against them
//! field by field (serde's `remote`), so a field or variant added to the engine fails the
//! build until it has its wire form.

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Value};
use stroom::machine::StateKind;
use stroom::planner::Step;
use stroom::{
    BadInput, CalendarError, DataError, DataProblem, Error, FileKind, PlanError, RouteKind,
    StoreError,
};

#[derive(Serialize, Deserialize)]
#[serde(remote = "CalendarError", tag = "problem", rename_all = "kebab-case")]
enum CalendarErrorDef {
    WerkdagRange {
        date: Date,
        from: Date,
        to: Date,
    },
    NoSlotAfter {
        body: String,
        date: Date,
        from: Date,
        to: Date,
    },
    NoSlotBefore {
        body: String,
        date: Date,
        from: Date,
        to: Date,
    },
    WerkdagResultRange {
        date: Date,
        n: i32,
        from: Date,
        to: Date,
    },
    UnknownBody {
        body: String,
        known: String,
    },
    YearOutOfRange {
        year: i16,
        from: i16,
        to: i16,
    },
    YearsReversed {
        from: i16,
        to: i16,
    },
    NotADeadline {
        text: String,
    },
    NoZomerreces {
        year: i16,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "PlanError", tag = "problem", rename_all = "kebab-case")]
enum PlanErrorDef {
    NothingLeft {
        reference: String,
        state: StateKind,
        since: Date,
    },
    NotYetRegistered {
        reference: String,
        registered: Date,
        today: Date,
    },
    RouteLacks {
        route: String,
        step: Step,
    },
    WrongBodyKind {
        route: String,
        #[serde(deserialize_with = "route_key")]
        key: &'static str,
        body: String,
        kind: String,
    },
    NotAStep {
        word: String,
    },
    NotADistribution {
        text: String,
    },
    Scenario {
        scenario: String,
        #[serde(with = "boxed_error")]
        error: Box<Error>,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "DataError")]
struct DataErrorDef {
    source: String,
    line: Option<usize>,
    column: Option<usize>,
    #[serde(with = "DataProblemDef")]
    problem: DataProblem,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "DataProblem", tag = "problem", rename_all = "kebab-case")]
enum DataProblemDef {
    Parse {
        file: FileKind,
        detail: String,
    },
    Input(Box<BadInput>),
    RouteName {
        name: String,
    },
    SendAfter {
        value: u32,
    },
    RouteWithoutVoorportaal,
    RouteStepsWithoutMinisterraad,
    RouteKindChanged {
        route: String,
        #[serde(with = "route_kind")]
        known: RouteKind,
        #[serde(with = "route_kind")]
        file: RouteKind,
    },
    NoScenarios,
    NotAStep {
        word: String,
    },
    Check(Box<stroom::error::Check>),
}

/// The keys of a route file that name a body (`PlanError::WrongBodyKind`).
fn route_key<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let key = String::deserialize(d)?;
    ["voorportaal", "onderraad", "ministerraad"]
        .into_iter()
        .find(|k| *k == key)
        .ok_or_else(|| serde::de::Error::custom(format!("'{key}' is not a route key")))
}

mod route_kind {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use stroom::RouteKind;

    pub fn serialize<S: Serializer>(k: &RouteKind, s: S) -> Result<S::Ok, S::Error> {
        k.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<RouteKind, D::Error> {
        match String::deserialize(d)?.as_str() {
            "ministerraad" => Ok(RouteKind::Ministerraad),
            "ondertekening" => Ok(RouteKind::Ondertekening),
            other => Err(serde::de::Error::custom(format!(
                "'{other}' is not a route kind"
            ))),
        }
    }
}

mod boxed_error {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use serde_json::Value;
    use stroom::Error;

    pub fn serialize<S: Serializer>(e: &Error, s: S) -> Result<S::Ok, S::Error> {
        super::encode(e).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Box<Error>, D::Error> {
        let v = Value::deserialize(d)?;
        super::decode(&v, "")
            .map(Box::new)
            .ok_or_else(|| serde::de::Error::custom("an error without its typed reason"))
    }
}

struct Calendar<'a>(&'a CalendarError);
impl Serialize for Calendar<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        CalendarErrorDef::serialize(self.0, s)
    }
}

struct Plan<'a>(&'a PlanError);
impl Serialize for Plan<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        PlanErrorDef::serialize(self.0, s)
    }
}

struct Data<'a>(&'a DataError);
impl Serialize for Data<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        DataErrorDef::serialize(self.0, s)
    }
}

/// A typed reason as data, tagged with its class: `{"kind": KIND, ...the reason's fields}`.
fn kind_and<T: Serialize>(reason: &T, kind: &str) -> Value {
    let mut out = json!({ "kind": kind });
    if let (Some(o), Ok(Value::Object(data))) = (out.as_object_mut(), serde_json::to_value(reason))
    {
        o.extend(data);
    }
    out
}

/// The class of an engine error: the problem's code.
pub fn class(e: &Error) -> &'static str {
    match e {
        Error::Rejected(_) => "rejected",
        Error::Input(_) => "bad-input",
        Error::NotFound { .. } => "not-found",
        Error::Calendar(_) => "calendar",
        Error::Plan(_) => "plan",
        Error::Data(_) => "data",
        Error::Store(s) => store_class(s),
        Error::Tampered { .. } => "corrupt",
    }
}

/// The class of a store error.
pub fn store_class(e: &StoreError) -> &'static str {
    match e {
        StoreError::Corrupt(_) | StoreError::Diverged { .. } | StoreError::AnchorCorrupt { .. } => {
            "corrupt"
        }
        StoreError::Conflict { .. } => "conflict",
        StoreError::Exists { .. } => "exists",
        StoreError::NotEmpty { .. } => "not-empty",
        StoreError::Locked { .. }
        | StoreError::Format { .. }
        | StoreError::Missing { .. }
        | StoreError::Commit { .. }
        | StoreError::NotADatabase { .. }
        | StoreError::Io { .. }
        | StoreError::Sled { .. }
        | StoreError::Unresponsive { .. } => "database",
    }
}

/// The error as data, tagged with its class. A failure of the server's own database
/// (`corrupt`, `database`) carries its class only: its paths and system errors mean
/// nothing on the client, whose message is the English `detail`.
pub fn encode(e: &Error) -> Value {
    match e {
        Error::Rejected(r) => kind_and(r, "rejected"),
        Error::Input(b) => kind_and(b, "bad-input"),
        Error::NotFound { what, name, known } => {
            json!({"kind": "not-found", "what": what, "name": name, "known": known})
        }
        // Nested under `error`: their own fields (a body's `kind`) would clash with the tag.
        Error::Calendar(c) => json!({"kind": "calendar", "error": Calendar(c)}),
        Error::Plan(p) => json!({"kind": "plan", "error": Plan(p)}),
        Error::Data(d) => json!({"kind": "data", "error": Data(d)}),
        Error::Store(s) => encode_store(s),
        // A trail that fails verification: its class only, as the store's own failures.
        Error::Tampered { .. } => json!({ "kind": class(e) }),
    }
}

/// A store error as data (see [`encode`]).
pub fn encode_store(e: &StoreError) -> Value {
    match e {
        StoreError::Conflict {
            reference,
            expected,
            found,
        } => json!({"kind": "conflict", "stroom": reference, "expected": expected, "found": found}),
        StoreError::Exists { reference } => json!({"kind": "exists", "stroom": reference}),
        StoreError::NotEmpty { count, .. } => json!({"kind": "not-empty", "count": count}),
        other => json!({ "kind": store_class(other) }),
    }
}

/// The engine's error a problem's `reason` carries, if it carries one; `server` names the
/// server's database where local mode names a path (`not-empty`).
pub fn decode(reason: &Value, server: &str) -> Option<Error> {
    let data = || {
        let mut v = reason.clone();
        if let Some(o) = v.as_object_mut() {
            o.remove("kind");
        }
        v
    };
    let text = |key: &str| reason.get(key)?.as_str().map(str::to_string);
    let number = |key: &str| reason.get(key)?.as_u64();
    Some(match reason.get("kind")?.as_str()? {
        "rejected" => Error::Rejected(serde_json::from_value(data()).ok()?),
        "bad-input" => Error::Input(serde_json::from_value(data()).ok()?),
        "not-found" => Error::NotFound {
            what: serde_json::from_value(reason.get("what")?.clone()).ok()?,
            name: text("name")?,
            known: serde_json::from_value(reason.get("known")?.clone()).ok()?,
        },
        "calendar" => {
            Error::Calendar(CalendarErrorDef::deserialize(reason.get("error")?.clone()).ok()?)
        }
        "plan" => Error::Plan(PlanErrorDef::deserialize(reason.get("error")?.clone()).ok()?),
        "data" => Error::Data(DataErrorDef::deserialize(reason.get("error")?.clone()).ok()?),
        "conflict" => Error::Store(StoreError::Conflict {
            reference: text("stroom")?,
            expected: number("expected")?,
            found: number("found")?,
        }),
        "exists" => Error::Store(StoreError::Exists {
            reference: text("stroom")?,
        }),
        "not-empty" => Error::Store(StoreError::NotEmpty {
            path: server.to_string(),
            count: usize::try_from(number("count")?).ok()?,
        }),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn round_trip(e: Error) {
        let v = encode(&e);
        let back = decode(&v, "").unwrap_or_else(|| panic!("{v} does not decode"));
        assert_eq!(format!("{back:?}"), format!("{e:?}"), "{v}");
        assert_eq!(class(&back), class(&e));
    }

    #[test]
    fn calendar_plan_and_data_errors_survive_the_wire() {
        let d = date(2023, 11, 13);
        for c in [
            CalendarError::WerkdagRange {
                date: d,
                from: d,
                to: d,
            },
            CalendarError::NoSlotAfter {
                body: "cwizo".into(),
                date: d,
                from: d,
                to: d,
            },
            CalendarError::NoSlotBefore {
                body: "cwizo".into(),
                date: d,
                from: d,
                to: d,
            },
            CalendarError::WerkdagResultRange {
                date: d,
                n: -3,
                from: d,
                to: d,
            },
            CalendarError::UnknownBody {
                body: "x".into(),
                known: "mr, cwizo".into(),
            },
            CalendarError::YearOutOfRange {
                year: 1900,
                from: 2020,
                to: 2030,
            },
            CalendarError::YearsReversed {
                from: 2025,
                to: 2024,
            },
            CalendarError::NotADeadline {
                text: "soon".into(),
            },
            CalendarError::NoZomerreces { year: 2040 },
        ] {
            round_trip(Error::Calendar(c));
        }
        let inner = Error::Calendar(CalendarError::NoZomerreces { year: 2040 });
        for p in [
            PlanError::NothingLeft {
                reference: "41077000".into(),
                state: StateKind::Verzonden,
                since: d,
            },
            PlanError::NotYetRegistered {
                reference: "41077000".into(),
                registered: d,
                today: d,
            },
            PlanError::RouteLacks {
                route: "ondertekening".into(),
                step: Step::Onderraad,
            },
            PlanError::WrongBodyKind {
                route: "r".into(),
                key: "voorportaal",
                body: "mr".into(),
                kind: "ministerraad".into(),
            },
            PlanError::NotAStep { word: "x".into() },
            PlanError::NotADistribution { text: "x".into() },
            PlanError::Scenario {
                scenario: "late".into(),
                error: Box::new(inner),
            },
        ] {
            round_trip(Error::Plan(p));
        }
        let role = "mocw".parse::<stroom::Role>().err();
        let bad = match role {
            Some(Error::Input(b)) => b,
            other => panic!("a lowercase role is bad input: {other:?}"),
        };
        for problem in [
            DataProblem::Parse {
                file: FileKind::Route,
                detail: "missing field `name`".into(),
            },
            DataProblem::Input(Box::new(bad)),
            DataProblem::RouteName { name: "X".into() },
            DataProblem::SendAfter { value: 7 },
            DataProblem::RouteWithoutVoorportaal,
            DataProblem::RouteStepsWithoutMinisterraad,
            DataProblem::RouteKindChanged {
                route: "r".into(),
                known: RouteKind::Ministerraad,
                file: RouteKind::Ondertekening,
            },
            DataProblem::NoScenarios,
            DataProblem::NotAStep { word: "x".into() },
            DataProblem::Check(Box::new(stroom::error::Check::MrNotFriday {
                meeting: date(2025, 1, 9),
                schedule: false,
            })),
        ] {
            round_trip(Error::Data(DataError {
                source: "routes.toml".into(),
                line: Some(3),
                column: None,
                problem,
            }));
        }
    }
}
