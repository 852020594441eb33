//! Errors as `application/problem+json` (RFC 9457), carrying the engine's typed reason and
//! the exit code the CLI gives the same failure (so the CLI client exits alike).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;
use stroom::{Error, StoreError};

use crate::grants::Denied;
use crate::users::UserError;
use crate::writer::WriteError;

/// A problem report.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// A URI naming the kind of problem, e.g. `urn:stroom:problem:rejected`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind.
    pub title: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// This occurrence, in the engine's words (with its `hint:` lines).
    pub detail: String,
    /// The CLI's exit code for the same failure (6: not logged in, or not allowed).
    pub exit: u8,
    /// The typed reason, as data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<serde_json::Value>,
    #[serde(skip)]
    retry_after: Option<u64>,
}

impl Problem {
    /// A problem of a kind.
    pub fn new(
        status: StatusCode,
        kind: &str,
        title: &'static str,
        detail: impl Into<String>,
        exit: u8,
    ) -> Problem {
        Problem {
            kind: format!("urn:stroom:problem:{kind}"),
            title,
            status: status.as_u16(),
            detail: detail.into(),
            exit,
            reason: None,
            retry_after: None,
        }
    }

    /// With a typed reason.
    pub fn reason(mut self, reason: serde_json::Value) -> Problem {
        self.reason = Some(reason);
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// No valid credentials.
    pub fn unauthenticated() -> Problem {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Not logged in",
            "this needs a logged-in user\n  hint: send 'Authorization: Bearer TOKEN' (a token from 'stroom login'), or log in at /login",
            6,
        )
    }

    /// A form or cookie-authenticated request without the right CSRF token.
    pub fn csrf() -> Problem {
        Problem::new(
            StatusCode::FORBIDDEN,
            "csrf",
            "Missing or wrong CSRF token",
            "the request carries no valid CSRF token for this session\n  hint: reload the page and submit the form again",
            6,
        )
    }

    /// Too many failed logins.
    pub fn rate_limited(wait: u64) -> Problem {
        let mut p = Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            "Too many failed logins",
            format!("too many failed logins for this name or address\n  hint: wait {wait} seconds"),
            6,
        );
        p.retry_after = Some(wait);
        p
    }

    /// Bad request data.
    pub fn bad_input(detail: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad-input",
            "Bad input",
            detail,
            2,
        )
    }

    /// An unexpected failure.
    pub fn internal(detail: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Unexpected failure",
            detail,
            1,
        )
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status();
        let retry = self.retry_after;
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut r = (status, body).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(wait) = retry {
            if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        r
    }
}

fn store_problem(e: &StoreError) -> Problem {
    let en = stroom_render::Lang::En;
    let detail = stroom_render::messages::messages(en).store(e).text(en);
    match e {
        StoreError::Corrupt(_) | StoreError::Diverged { .. } | StoreError::AnchorCorrupt { .. } => {
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "corrupt",
                "The trail does not verify",
                detail,
                5,
            )
        }
        StoreError::Conflict {
            reference,
            expected,
            found,
        } => Problem::new(
            StatusCode::CONFLICT,
            "conflict",
            "Concurrent change",
            detail,
            4,
        )
        .reason(
            json!({"kind": "conflict", "stroom": reference, "expected": expected, "found": found}),
        ),
        StoreError::Exists { reference } => Problem::new(
            StatusCode::CONFLICT,
            "exists",
            "The stroom exists already",
            detail,
            4,
        )
        .reason(json!({"kind": "exists", "stroom": reference})),
        StoreError::NotEmpty { count, .. } => Problem::new(
            StatusCode::CONFLICT,
            "not-empty",
            "The database is not empty",
            detail,
            4,
        )
        .reason(json!({"kind": "not-empty", "count": count})),
        StoreError::Locked { .. }
        | StoreError::Format { .. }
        | StoreError::Missing { .. }
        | StoreError::Commit { .. }
        | StoreError::NotADatabase { .. }
        | StoreError::Io { .. }
        | StoreError::Sled { .. } => Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "database",
            "Database problem",
            detail,
            4,
        ),
    }
}

impl From<Error> for Problem {
    fn from(e: Error) -> Problem {
        // The message and its hints as the CLI prints them in English (the data is in
        // `reason`, for programs).
        let en = stroom_render::Lang::En;
        let detail = stroom_render::messages::messages(en).error(&e).text(en);
        match &e {
            Error::Rejected(r) => Problem::new(
                StatusCode::CONFLICT,
                "rejected",
                "The state machine refuses the command",
                detail,
                3,
            )
            // The rejection's stable code and data: state, command, version, allowed, and
            // what the code needs (role, versions, dates).
            .reason(kind_and(r, "rejected")),
            Error::NotFound { what, name, known } => {
                Problem::new(StatusCode::NOT_FOUND, "not-found", "Not found", detail, 2).reason(
                    json!({"kind": "not-found", "what": what, "name": name, "known": known}),
                )
            }
            // The rule it breaks and its data (`BadInput` is tagged by `rule`).
            Error::Input(b) => Problem::bad_input(detail).reason(kind_and(b, "bad-input")),
            Error::Calendar(_) => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "calendar",
                "The calendars cannot answer",
                detail,
                2,
            ),
            Error::Plan(_) => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "plan",
                "Cannot plan this",
                detail,
                2,
            ),
            Error::Data(_) => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "data",
                "Bad data",
                detail,
                2,
            ),
            Error::Store(s) => store_problem(s),
            Error::Tampered { bad, .. } => Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "corrupt",
                "The trail does not verify",
                detail,
                5,
            )
            .reason(json!({"kind": "tampered", "bad": bad})),
        }
    }
}

/// A typed reason as data, tagged with its kind: `{"kind": KIND, ...the reason's fields}`.
/// The CLI client decodes it back into the engine's type and renders it in the user's
/// language, as local mode does.
fn kind_and<T: Serialize>(reason: &T, kind: &str) -> serde_json::Value {
    let mut out = json!({ "kind": kind });
    if let (Some(o), Ok(serde_json::Value::Object(data))) =
        (out.as_object_mut(), serde_json::to_value(reason))
    {
        o.extend(data);
    }
    out
}

impl From<StoreError> for Problem {
    fn from(e: StoreError) -> Problem {
        store_problem(&e)
    }
}

impl From<WriteError> for Problem {
    fn from(e: WriteError) -> Problem {
        match e {
            WriteError::Engine(e) => e.into(),
            WriteError::Stopped => Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "stopping",
                "The server is stopping",
                e.to_string(),
                4,
            ),
        }
    }
}

impl From<Denied> for Problem {
    fn from(d: Denied) -> Problem {
        let reason = serde_json::to_value(&d).unwrap_or_default();
        Problem::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Not allowed for this user",
            d.to_string(),
            6,
        )
        .reason(json!({"kind": "forbidden", "denied": reason}))
    }
}

impl From<UserError> for Problem {
    fn from(e: UserError) -> Problem {
        match e {
            UserError::Store(s) => s.into(),
            UserError::Exists(_) => Problem::new(
                StatusCode::CONFLICT,
                "user-exists",
                "The user exists already",
                e.to_string(),
                2,
            ),
            UserError::Unknown(_) => Problem::new(
                StatusCode::NOT_FOUND,
                "not-found",
                "Not found",
                e.to_string(),
                2,
            ),
            UserError::BadName(_) | UserError::ShortPassword(_) | UserError::NoGrants(_) => {
                Problem::bad_input(e.to_string())
            }
            UserError::LastAdmin(_) => Problem::new(
                StatusCode::CONFLICT,
                "last-admin",
                "The last admin stays",
                e.to_string(),
                2,
            ),
            UserError::WrongPassword => Problem::new(
                StatusCode::FORBIDDEN,
                "wrong-password",
                "Wrong current password",
                e.to_string(),
                6,
            ),
            UserError::Hash(_) => Problem::internal(e.to_string()),
        }
    }
}

impl From<tokio::task::JoinError> for Problem {
    fn from(e: tokio::task::JoinError) -> Problem {
        Problem::internal(format!("a request task failed: {e}"))
    }
}
