//! Errors as `application/problem+json` (RFC 9457): every problem has a stable `code`
//! (also in its `type`, `urn:stroom:problem:CODE`) and its data in `reason` (tagged by
//! `kind`, equal to `code`): the engine's typed error ([`crate::reason`]) or the server's
//! own ([`ServerProblem`]). `detail` is the English text for logs and programs; the CLI
//! client renders `reason` in the user's language, the browser UI in Dutch. `exit` is the
//! exit code the CLI gives the same failure (so the CLI client exits alike).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use stroom::{Error, StoreError};
use stroom_render::server::ServerProblem;
use stroom_render::Lang;

use crate::grants::{BadGrant, Denied};
use crate::users::UserError;
use crate::writer::WriteError;

/// A problem report (boxed: handlers return it as their error, and it is rare).
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Problem(Box<Body>);

/// The fields of a problem report, as sent.
#[derive(Debug, Clone, Serialize)]
pub struct Body {
    /// `urn:stroom:problem:CODE`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The stable machine code, e.g. `rejected`, `calendar`, `forbidden`.
    pub code: &'static str,
    /// A short summary of the kind.
    pub title: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// This occurrence in English, with its `hint:` lines.
    pub detail: String,
    /// The CLI's exit code for the same failure (6: not logged in, or not allowed).
    pub exit: u8,
    /// The typed reason as data, `{"kind": CODE, ...}`.
    pub reason: Value,
    /// This occurrence in Dutch, for the browser UI.
    #[serde(skip)]
    dutch: String,
    #[serde(skip)]
    retry_after: Option<u64>,
}

/// The HTTP status, title and exit code of each class of engine error.
fn engine_class(code: &str) -> (u16, &'static str, u8) {
    match code {
        "rejected" => (409, "The state machine refuses the command", 3),
        "bad-input" => (422, "Bad input", 2),
        "not-found" => (404, "Not found", 2),
        "calendar" => (422, "The calendars cannot answer", 2),
        "plan" => (422, "Cannot plan this", 2),
        "data" => (422, "Bad data", 2),
        "conflict" => (409, "Concurrent change", 4),
        "exists" => (409, "The stroom exists already", 4),
        "not-empty" => (409, "The database is not empty", 4),
        "corrupt" => (500, "The trail does not verify", 5),
        _ => (503, "Database problem", 4),
    }
}

/// Every code an engine error can have.
pub const ENGINE_CODES: [&str; 11] = [
    "rejected",
    "bad-input",
    "not-found",
    "calendar",
    "plan",
    "data",
    "conflict",
    "exists",
    "not-empty",
    "corrupt",
    "database",
];

impl Problem {
    /// One of the server's own problems.
    pub fn server(p: ServerProblem) -> Problem {
        let class = p.class();
        let retry_after = match &p {
            ServerProblem::RateLimited { wait } => Some(*wait),
            _ => None,
        };
        Problem(Box::new(Body {
            kind: format!("urn:stroom:problem:{}", class.code),
            code: class.code,
            title: class.title,
            status: class.status,
            detail: p.text(Lang::En, ""),
            exit: class.exit,
            reason: serde_json::to_value(&p).unwrap_or_default(),
            dutch: p.text(Lang::Nl, ""),
            retry_after,
        }))
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.0.code
    }

    /// This occurrence in English, with its `hint:` lines.
    pub fn detail(&self) -> &str {
        &self.0.detail
    }

    /// This occurrence in Dutch, with its `tip:` lines (the browser UI).
    pub fn dutch(&self) -> &str {
        &self.0.dutch
    }

    /// No valid credentials.
    pub fn unauthenticated() -> Problem {
        Problem::server(ServerProblem::Unauthenticated)
    }

    /// A form or cookie-authenticated request without the right CSRF token.
    pub fn csrf() -> Problem {
        Problem::server(ServerProblem::Csrf)
    }

    /// Too many failed logins.
    pub fn rate_limited(wait: u64) -> Problem {
        Problem::server(ServerProblem::RateLimited { wait })
    }

    /// An unexpected failure.
    pub fn internal(message: impl Into<String>) -> Problem {
        Problem::server(ServerProblem::Internal {
            message: message.into(),
        })
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status();
        let retry = self.0.retry_after;
        // `schema` as an extension member (RFC 9457 §3.2), as on every JSON answer.
        #[derive(Serialize)]
        struct Versioned<'a> {
            schema: u32,
            #[serde(flatten)]
            body: &'a Body,
        }
        let body = serde_json::to_vec(&Versioned {
            schema: crate::api::API_SCHEMA,
            body: &self.0,
        })
        .unwrap_or_default();
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

impl From<Error> for Problem {
    fn from(e: Error) -> Problem {
        // The message and its hints as the CLI prints them, the data in `reason`.
        let code = crate::reason::class(&e);
        let (status, title, exit) = engine_class(code);
        let text = |lang: Lang| stroom_render::messages::messages(lang).error(&e).text(lang);
        Problem(Box::new(Body {
            kind: format!("urn:stroom:problem:{code}"),
            code,
            title,
            status,
            detail: text(Lang::En),
            exit,
            reason: crate::reason::encode(&e),
            dutch: text(Lang::Nl),
            retry_after: None,
        }))
    }
}

impl From<StoreError> for Problem {
    fn from(e: StoreError) -> Problem {
        Error::Store(e).into()
    }
}

impl From<WriteError> for Problem {
    fn from(e: WriteError) -> Problem {
        match e {
            WriteError::Engine(e) => e.into(),
            WriteError::Stopped => Problem::server(ServerProblem::Stopping),
        }
    }
}

impl From<Denied> for Problem {
    fn from(d: Denied) -> Problem {
        Problem::server(ServerProblem::Forbidden {
            holds: d.holds.iter().map(ToString::to_string).collect(),
            user: d.user,
            op: d.op,
            needs: d.needs,
        })
    }
}

impl From<BadGrant> for Problem {
    fn from(g: BadGrant) -> Problem {
        Problem::server(ServerProblem::NotAGrant { text: g.0 })
    }
}

impl From<UserError> for Problem {
    fn from(e: UserError) -> Problem {
        match user_problem(e) {
            Ok(p) => Problem::server(p),
            Err(s) => s.into(),
        }
    }
}

/// A refusal of the user store as the server's problem (local `stroom users` renders the
/// same); a failure of the store itself stays the store's error.
///
/// # Errors
/// The store's own failure.
pub fn user_problem(e: UserError) -> Result<ServerProblem, StoreError> {
    use ServerProblem as P;
    Ok(match e {
        UserError::Store(s) => return Err(s),
        UserError::Exists(user) => P::UserExists { user },
        UserError::Unknown(user) => P::UnknownUser { user },
        UserError::BadName(name) => P::BadUserName { name },
        UserError::ShortPassword(length) => P::ShortPassword {
            length,
            min: crate::users::MIN_PASSWORD,
        },
        UserError::NoGrants(user) => P::NoGrants { user },
        UserError::LastAdmin(user) => P::LastAdmin { user },
        UserError::WrongPassword => P::WrongPassword,
        UserError::Hash(message) => P::Internal {
            message: format!("cannot hash the password: {message}"),
        },
    })
}

impl From<tokio::task::JoinError> for Problem {
    fn from(e: tokio::task::JoinError) -> Problem {
        Problem::internal(format!("a request task failed: {e}"))
    }
}

impl From<crate::model::SpecError> for Problem {
    fn from(e: crate::model::SpecError) -> Problem {
        Problem::server(ServerProblem::BadModel { model: e })
    }
}
