//! The JSON API: every CLI command, the same JSON shapes as `--format json`.
//!
//! Authentication: `Authorization: Bearer TOKEN` (from `POST /api/tokens`, which
//! `stroom login` calls), or the browser's session cookie together with an
//! `X-CSRF-Token` header on anything that changes data. Each handler makes one engine
//! call; blocking engine work runs on tokio's blocking pool, recording goes through the
//! group-commit [`crate::writer`].

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use stroom::journal;
use stroom::machine::{CommandKind, MrOutcome, Outcome};
use stroom::planner::{Planner, Request};
use stroom::view::{Change, ListRow, Show};
use stroom::{Action, Calendars, Command, Meta, Role, Routes, StroomDef, Target};

use crate::grants::{self, Grant, Op};
use crate::model::ModelSpec;
use crate::problem::Problem;
use crate::session::{self, Actor};
use crate::users::User;
use crate::writer::Write;
use crate::Shared;
use stroom_render::cli::Note;
use stroom_render::server::ServerProblem;

/// How a request was authenticated.
#[derive(Debug, Clone)]
pub enum Via {
    /// An API token.
    Token(String),
    /// A browser session: its cookie secret and CSRF token.
    Session {
        /// The cookie's secret.
        secret: String,
        /// The session's CSRF token.
        csrf: String,
    },
}

/// An authenticated user.
#[derive(Debug, Clone)]
pub struct Auth {
    /// Who.
    pub user: User,
    /// How.
    pub via: Via,
}

impl Auth {
    /// Checks the grants for `op`.
    pub fn may(&self, op: &Op) -> Result<(), Problem> {
        grants::check(&self.user.name, &self.user.grants, op).map_err(Problem::from)
    }
}

/// Finds the user of a request: a bearer token first, else the session cookie.
pub fn authenticate(app: &Shared, headers: &HeaderMap) -> Result<Auth, Problem> {
    if let Some(token) = session::bearer(headers) {
        return match app.users.token(&token)? {
            Some(user) => Ok(Auth {
                user,
                via: Via::Token(token),
            }),
            None => Err(Problem::unauthenticated()),
        };
    }
    if let Some(secret) = session::cookie(headers, session::SESSION_COOKIE) {
        if let Some(s) = app.users.session(&secret, Timestamp::now())? {
            return Ok(Auth {
                user: s.user,
                via: Via::Session {
                    secret,
                    csrf: s.csrf,
                },
            });
        }
    }
    Err(Problem::unauthenticated())
}

/// For a change through the API: a session needs the `X-CSRF-Token` header.
fn authenticate_change(app: &Shared, headers: &HeaderMap) -> Result<Auth, Problem> {
    let auth = authenticate(app, headers)?;
    if let Via::Session { csrf, .. } = &auth.via {
        let sent = headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !session::same_secret(sent, csrf) {
            return Err(Problem::csrf());
        }
    }
    Ok(auth)
}

/// A JSON document, encoded once, in the field order of the engine's types (the same
/// text as the CLI's `--format json`, but compact).
#[derive(Debug, Clone)]
pub struct JsonText(pub String);

/// A JSON response tagged with its user for the request log.
fn reply(auth: &Auth, status: StatusCode, value: JsonText) -> Response {
    let mut r = (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        value.0,
    )
        .into_response();
    r.extensions_mut().insert(Actor(auth.user.name.clone()));
    r
}

/// Runs blocking engine work off the async threads.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    tokio::task::spawn_blocking(f).await?
}

fn to_json<T: serde::Serialize + ?Sized>(v: &T) -> Result<JsonText, Problem> {
    serde_json::to_string(v)
        .map(JsonText)
        .map_err(|e| Problem::internal(format!("cannot encode the answer: {e}")))
}

/// The version of the API's JSON answers: every answer is an object with `"schema"` at its
/// top level (the version of the CLI's `--format json`, [`stroom::view::VIEW_SCHEMA`]).
pub const API_SCHEMA: u32 = stroom::view::VIEW_SCHEMA;

/// An object answer whose type has no `schema` of its own: `{"schema": 1, …its fields}`.
fn versioned<T: Serialize + ?Sized>(v: &T) -> Result<JsonText, Problem> {
    #[derive(Serialize)]
    struct Versioned<'a, T: ?Sized> {
        schema: u32,
        #[serde(flatten)]
        value: &'a T,
    }
    to_json(&Versioned {
        schema: API_SCHEMA,
        value: v,
    })
}

/// A list answer: `{"schema": 1, "KEY": [...]}`, never a bare array.
fn listed<T: Serialize + ?Sized>(key: &'static str, items: &T) -> Result<JsonText, Problem> {
    struct Listed<'a, T: ?Sized>(&'static str, &'a T);
    impl<T: Serialize + ?Sized> Serialize for Listed<'_, T> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap as _;
            let mut m = s.serialize_map(Some(2))?;
            m.serialize_entry("schema", &API_SCHEMA)?;
            m.serialize_entry(self.0, self.1)?;
            m.end()
        }
    }
    to_json(&Listed(key, items))
}

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/health", get(health))
        .route("/api/tokens", post(create_token))
        .route("/api/tokens/current", axum::routing::delete(revoke_token))
        .route("/api/me", get(me))
        .route("/api/strooms", get(list).post(new))
        .route("/api/strooms/{reference}", get(show))
        .route("/api/strooms/{reference}/log", get(log))
        .route("/api/strooms/{reference}/plan", get(plan_stored))
        .route("/api/strooms/{reference}/simulate", post(simulate_stored))
        .route("/api/strooms/{reference}/commands", post(command))
        .route("/api/strooms/{reference}/corrections", post(correction))
        .route("/api/plan", get(plan_ad_hoc))
        .route("/api/portfolio", get(portfolio))
        .route("/api/calendars", get(calendars))
        .route("/api/calendars/{body}", get(calendar))
        .route("/api/recesses", get(recesses))
        .route("/api/verify", get(verify))
        .route("/api/export", get(export))
        .route("/api/trails", get(trails))
        .route(
            "/api/import",
            post(import).layer(axum::extract::DefaultBodyLimit::max(MAX_IMPORT_BYTES)),
        )
        .route("/api/key", get(key))
        .route("/api/users", get(users).post(add_user))
        .route("/api/users/{name}", axum::routing::delete(remove_user))
        .route("/api/users/{name}/grants", axum::routing::put(grant_user))
        .route("/api/users/{name}/password", axum::routing::put(password))
}

/// `GET /health` (no login): up, how many strooms, and the server's today, which the CLI
/// client takes as its own unless given `--today` (the server decides what "today" is).
async fn health(State(app): State<Shared>) -> Response {
    let today = app.today();
    let strooms = blocking(move || Ok(stroom::Store::references(&*app.store)?.len())).await;
    match strooms {
        Ok(n) => Json(
            json!({"schema": API_SCHEMA, "status": "ok", "strooms": n, "today": today.to_string()}),
        )
        .into_response(),
        Err(p) => p.into_response(),
    }
}

/// A login for a token (`POST /api/tokens`).
#[derive(Debug, Deserialize)]
pub struct Credentials {
    /// The user's name.
    pub name: String,
    /// The password.
    pub password: String,
    /// What the token is for (default `api`).
    #[serde(default)]
    pub label: Option<String>,
}

/// Checks a name and password under the rate limit (argon2 runs on the blocking pool).
pub async fn login(
    app: &Shared,
    addr: SocketAddr,
    name: &str,
    password: &str,
) -> Result<User, Problem> {
    if let Some(wait) = app.limiter.blocked(name, addr.ip()) {
        tracing::warn!(name, addr = %addr.ip(), "login refused: rate limited");
        return Err(Problem::rate_limited(wait));
    }
    let user = {
        let (app, name, password) = (app.clone(), name.to_string(), password.to_string());
        blocking(move || Ok(app.users.check_password(&name, &password)?)).await?
    };
    match user {
        Some(u) => {
            app.limiter.succeeded(name);
            tracing::info!(name, "login");
            Ok(u)
        }
        None => {
            app.limiter.failed(name, addr.ip());
            tracing::warn!(name, addr = %addr.ip(), "failed login");
            Err(Problem::server(ServerProblem::BadCredentials))
        }
    }
}

async fn create_token(
    State(app): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Json(c): Json<Credentials>,
) -> Result<Response, Problem> {
    let user = login(&app, addr, &c.name, &c.password).await?;
    let label = c.label.unwrap_or_else(|| "api".into());
    let token = app.users.new_token(&user.name, &label, Timestamp::now())?;
    let auth = Auth {
        user: user.clone(),
        via: Via::Token(token.clone()),
    };
    Ok(reply(
        &auth,
        StatusCode::CREATED,
        to_json(&json!({"schema": API_SCHEMA, "token": token, "user": user}))?,
    ))
}

async fn revoke_token(State(app): State<Shared>, headers: HeaderMap) -> Result<Response, Problem> {
    let auth = authenticate(&app, &headers)?;
    match &auth.via {
        Via::Token(t) => app.users.revoke_token(t)?,
        Via::Session { secret, .. } => app.users.end_session(secret)?,
    }
    Ok(reply(
        &auth,
        StatusCode::OK,
        to_json(&json!({"schema": API_SCHEMA, "revoked": true}))?,
    ))
}

async fn me(State(app): State<Shared>, headers: HeaderMap) -> Result<Response, Problem> {
    let auth = authenticate(&app, &headers)?;
    let v = versioned(&auth.user)?;
    Ok(reply(&auth, StatusCode::OK, v))
}

async fn list(State(app): State<Shared>, headers: HeaderMap) -> Result<Response, Problem> {
    let auth = authenticate(&app, &headers)?;
    auth.may(&Op::Read)?;
    let v = blocking(move || {
        let mut loaded = Vec::new();
        for reference in stroom::Store::references(&*app.store)? {
            loaded.push(journal::load(&*app.store, &app.routes, &reference)?);
        }
        let rows: Vec<ListRow<'_>> = loaded.iter().map(ListRow::of).collect();
        listed("strooms", &rows)
    })
    .await?;
    Ok(reply(&auth, StatusCode::OK, v))
}

/// `stroom show`: the view of one stroom.
pub fn show_value(app: &Shared, reference: &str) -> Result<JsonText, Problem> {
    let loaded = journal::load(&*app.store, &app.routes, reference)?;
    let kind = app.routes.get(&loaded.stroom.def.route)?.kind();
    to_json(&Show::of(&loaded, kind))
}

async fn show(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let auth = authenticate(&app, &headers)?;
    auth.may(&Op::Read)?;
    let v = blocking(move || show_value(&app, &reference)).await?;
    Ok(reply(&auth, StatusCode::OK, v))
}

async fn log(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let auth = authenticate(&app, &headers)?;
    auth.may(&Op::Read)?;
    let v = blocking(move || {
        let loaded = journal::load(&*app.store, &app.routes, &reference)?;
        to_json(&Trail {
            schema: API_SCHEMA,
            stroom: reference,
            records: loaded.records,
        })
    })
    .await?;
    Ok(reply(&auth, StatusCode::OK, v))
}

/// A new stroom: the stroom file's text (as `stroom new --from`) or its definition as JSON.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewBody {
    /// The text of a stroom file (TOML).
    #[serde(default)]
    pub toml: Option<String>,
    /// The definition as JSON (the stroom file's keys).
    #[serde(default)]
    pub def: Option<StroomDef>,
    /// The day it was registered (default today; never after today).
    #[serde(default, with = "stroom::dates::option")]
    pub on: Option<Date>,
}

impl NewBody {
    /// The stroom's definition (from the TOML text or the JSON) and its day.
    ///
    /// # Errors
    /// Both or neither given, or a stroom file that does not parse.
    pub fn definition(self) -> Result<(StroomDef, Option<Date>), Problem> {
        let NewBody { toml, def, on } = self;
        let def = match (toml, def) {
            (Some(text), None) => StroomDef::from_toml("<request>", &text)?,
            (None, Some(def)) => def,
            _ => return Err(Problem::server(ServerProblem::NewStroomShape)),
        };
        Ok((def, on))
    }
}

/// A command's day: as given, else today (the engine checks it against today).
pub fn domain_date(app: &Shared, on: Option<Date>) -> Date {
    on.unwrap_or_else(|| app.today())
}

/// Registers a stroom as `user`; the one engine call is `journal::create` in the writer.
pub async fn create(
    app: &Shared,
    auth: &Auth,
    body: NewBody,
) -> Result<(String, JsonText), Problem> {
    auth.may(&Op::New)?;
    let (def, on) = body.definition()?;
    let on = domain_date(app, on);
    let meta = Meta::builder()
        .actor(auth.user.name.clone())
        .recorded_at(Timestamp::now())
        .build();
    let (loaded, new) = app
        .writer
        .submit(Write::Create {
            def: Box::new(def),
            on,
            meta,
            today: app.today(),
        })
        .await?;
    let kind = app.routes.get(&loaded.stroom.def.route)?.kind();
    Ok((
        loaded.stroom.def.reference.clone(),
        to_json(&Change::of(&loaded, &new, kind))?,
    ))
}

async fn new(
    State(app): State<Shared>,
    headers: HeaderMap,
    Json(body): Json<NewBody>,
) -> Result<Response, Problem> {
    let auth = authenticate_change(&app, &headers)?;
    let (_, v) = create(&app, &auth, body).await?;
    Ok(reply(&auth, StatusCode::CREATED, v))
}

/// One recording command: the CLI verb and its arguments.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CommandBody {
    /// The verb: `submit`, `approve`, `return`, `deliver`, `voorportaal`,
    /// `needs-onderraad`, `onderraad`, `mr`, `sign`, `send`, `withdraw`.
    pub verb: String,
    /// The role (approve, return, sign; for the other verbs the role it was recorded for,
    /// as the CLI's `--role`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The version (approve, return, sign).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// The voorportaal meeting (deliver).
    #[serde(
        default,
        with = "stroom::dates::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub slot: Option<Date>,
    /// `door`/`terug` (voorportaal, onderraad), `besloten`/`aangehouden` (mr).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Whether an onderraad is needed (needs-onderraad).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needed: Option<bool>,
    /// The day it happened (default today; never after today).
    #[serde(
        default,
        with = "stroom::dates::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub on: Option<Date>,
    /// A comment (required for return).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

fn need<T>(v: Option<T>, verb: &str, field: &str) -> Result<T, Problem> {
    v.ok_or_else(|| {
        Problem::server(ServerProblem::MissingField {
            verb: verb.into(),
            field: field.into(),
        })
    })
}

/// The verb of a command kind, and back.
pub fn kind_of(verb: &str) -> Result<CommandKind, Problem> {
    CommandKind::ALL
        .into_iter()
        .find(|k| k.verb() == verb)
        .ok_or_else(|| {
            Problem::server(ServerProblem::NotACommand {
                verb: verb.into(),
                commands: CommandKind::ALL.map(|k| k.verb().to_string()).to_vec(),
            })
        })
}

impl CommandBody {
    /// The body that records `action` (the inverse of [`CommandBody::action`]), as the CLI
    /// client sends it.
    pub fn of(action: &Action, role: Option<&Role>, on: Date, comment: Option<String>) -> Self {
        let mut body = CommandBody {
            verb: action.kind().verb().to_string(),
            role: role.map(ToString::to_string),
            on: Some(on),
            comment,
            ..CommandBody::default()
        };
        let outcome = |o: &Outcome| match o {
            Outcome::Door => "door",
            Outcome::Terug => "terug",
        };
        match action {
            Action::Approve { role, version }
            | Action::Return { role, version }
            | Action::Sign { role, version } => {
                body.role = Some(role.to_string());
                body.version = Some(*version);
            }
            Action::Deliver { slot } => body.slot = Some(*slot),
            Action::Voorportaal(o) | Action::Onderraad(o) => {
                body.outcome = Some(outcome(o).into());
            }
            Action::NeedsOnderraad(needed) => body.needed = Some(*needed),
            Action::Ministerraad(o) => {
                body.outcome = Some(
                    match o {
                        MrOutcome::Besloten => "besloten",
                        MrOutcome::Aangehouden => "aangehouden",
                    }
                    .into(),
                );
            }
            Action::Submit | Action::Send | Action::Withdraw => {}
        }
        body
    }

    /// The role a command was recorded for: the role its action acts for, else the one
    /// given (as the CLI's `--role` on any verb).
    ///
    /// # Errors
    /// A role that is not a role code.
    pub fn recorded_role(&self, acting: Option<Role>) -> Result<Option<Role>, Problem> {
        match (acting, self.role.as_deref()) {
            (Some(r), _) => Ok(Some(r)),
            (None, Some(r)) => r.parse::<Role>().map(Some).map_err(Problem::from),
            (None, None) => Ok(None),
        }
    }

    /// The engine action, the role it acts for, and the comment.
    ///
    /// # Errors
    /// A missing or malformed field.
    pub fn action(&self) -> Result<(Action, Option<Role>), Problem> {
        let verb = self.verb.as_str();
        let kind = kind_of(verb)?;
        let role = || -> Result<Role, Problem> {
            need(self.role.as_deref(), verb, "role")?
                .parse::<Role>()
                .map_err(Problem::from)
        };
        let version = || need(self.version, verb, "version");
        let outcome = || -> Result<Outcome, Problem> {
            match need(self.outcome.as_deref(), verb, "outcome")? {
                "door" => Ok(Outcome::Door),
                "terug" => Ok(Outcome::Terug),
                other => Err(Problem::server(ServerProblem::NotAnOutcome {
                    verb: verb.into(),
                    outcome: other.into(),
                    outcomes: vec!["door".into(), "terug".into()],
                })),
            }
        };
        Ok(match kind {
            CommandKind::Submit => (Action::Submit, None),
            CommandKind::Approve => {
                let r = role()?;
                (
                    Action::Approve {
                        role: r.clone(),
                        version: version()?,
                    },
                    Some(r),
                )
            }
            CommandKind::Return => {
                let r = role()?;
                if self.comment.as_deref().is_none_or(|c| c.trim().is_empty()) {
                    return Err(Problem::server(ServerProblem::ReturnNeedsComment));
                }
                (
                    Action::Return {
                        role: r.clone(),
                        version: version()?,
                    },
                    Some(r),
                )
            }
            CommandKind::Sign => {
                let r = role()?;
                (
                    Action::Sign {
                        role: r.clone(),
                        version: version()?,
                    },
                    Some(r),
                )
            }
            CommandKind::Deliver => (
                Action::Deliver {
                    slot: need(self.slot, verb, "slot")?,
                },
                None,
            ),
            CommandKind::Voorportaal => (Action::Voorportaal(outcome()?), None),
            CommandKind::Onderraad => (Action::Onderraad(outcome()?), None),
            CommandKind::NeedsOnderraad => (
                Action::NeedsOnderraad(need(self.needed, verb, "needed")?),
                None,
            ),
            CommandKind::Ministerraad => match need(self.outcome.as_deref(), verb, "outcome")? {
                "besloten" => (Action::Ministerraad(MrOutcome::Besloten), None),
                "aangehouden" => (Action::Ministerraad(MrOutcome::Aangehouden), None),
                other => {
                    return Err(Problem::server(ServerProblem::NotAnOutcome {
                        verb: "mr".into(),
                        outcome: other.into(),
                        outcomes: vec!["besloten".into(), "aangehouden".into()],
                    }))
                }
            },
            CommandKind::Send => (Action::Send, None),
            CommandKind::Withdraw => (Action::Withdraw, None),
        })
    }
}

/// Records one command as `user`, after checking the user's grants; returns the change.
pub async fn record(
    app: &Shared,
    auth: &Auth,
    reference: &str,
    body: CommandBody,
) -> Result<JsonText, Problem> {
    let (action, role) = body.action()?;
    auth.may(&Op::Record(action.kind(), role.clone()))?;
    let role = body.recorded_role(role)?;
    let on = domain_date(app, body.on);
    let meta = Meta::builder()
        .actor(auth.user.name.clone())
        .recorded_at(Timestamp::now())
        .role(role)
        .comment(body.comment.filter(|c| !c.trim().is_empty()))
        .build();
    tracing::info!(reference, ?action, %on, user = auth.user.name, "recording");
    let (loaded, new) = app
        .writer
        .submit(Write::Execute {
            reference: reference.to_string(),
            cmd: Command { on, action },
            meta,
            today: app.today(),
        })
        .await?;
    let kind = app.routes.get(&loaded.stroom.def.route)?.kind();
    to_json(&Change::of(&loaded, &new, kind))
}

async fn command(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Json(body): Json<CommandBody>,
) -> Result<Response, Problem> {
    let auth = authenticate_change(&app, &headers)?;
    let v = record(&app, &auth, &reference, body).await?;
    Ok(reply(&auth, StatusCode::OK, v))
}

/// A correction of an earlier event (as `stroom correct`).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionBody {
    /// The number of the event to correct (the `seq` of the trail).
    pub event: u64,
    /// Why (kept in the trail).
    pub reason: String,
    /// The day it really happened; without it the event is voided.
    #[serde(
        default,
        with = "stroom::dates::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub date: Option<Date>,
    /// It did not happen (the default without `date`; both is an error).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub void: bool,
    /// The role the event was recorded for (required when it had one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

impl CorrectionBody {
    /// The correction it asks for, and the role given.
    ///
    /// # Errors
    /// Both a date and `void`, or a role that is not a role code.
    pub fn correction(&self) -> Result<(stroom::machine::Correction, Option<Role>), Problem> {
        let correction = match (self.date, self.void) {
            (Some(on), false) => stroom::machine::Correction::Date { on },
            (None, _) => stroom::machine::Correction::Void,
            (Some(_), true) => return Err(Problem::server(ServerProblem::CorrectionShape)),
        };
        let role = self
            .role
            .as_deref()
            .map(str::parse::<Role>)
            .transpose()
            .map_err(Problem::from)?;
        Ok((correction, role))
    }
}

/// Records a correction as `user`: it needs the grant that records the corrected event
/// (a secretariaat corrects its own role's approvals, the planner the rest).
pub async fn correct(
    app: &Shared,
    auth: &Auth,
    reference: &str,
    body: CorrectionBody,
) -> Result<JsonText, Problem> {
    let (correction, role) = body.correction()?;
    let CorrectionBody { event, reason, .. } = body;
    let original = {
        let (app, reference) = (app.clone(), reference.to_string());
        blocking(move || {
            let loaded = journal::load(&*app.store, &app.routes, &reference)?;
            Ok(loaded.records.into_iter().find(|r| r.seq == event))
        })
        .await?
    };
    // An event that is not there or cannot be corrected: the engine says why, and
    // records nothing.
    if let Some(original) = &original {
        if let Some(action) = stroom::machine::action_of(&original.event.fact) {
            auth.may(&Op::Record(action.kind(), original.role.clone()))?;
        }
    }
    let meta = Meta::builder()
        .actor(auth.user.name.clone())
        .recorded_at(Timestamp::now())
        .role(role)
        .comment(Some(reason))
        .build();
    tracing::info!(
        reference,
        event,
        ?correction,
        user = auth.user.name,
        "correcting"
    );
    let (loaded, new) = app
        .writer
        .submit(Write::Correct {
            reference: reference.to_string(),
            event,
            correction,
            meta,
            today: app.today(),
        })
        .await?;
    let kind = app.routes.get(&loaded.stroom.def.route)?.kind();
    to_json(&Change::of(&loaded, &new, kind))
}

async fn correction(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Json(body): Json<CorrectionBody>,
) -> Result<Response, Problem> {
    let auth = authenticate_change(&app, &headers)?;
    let v = correct(&app, &auth, &reference, body).await?;
    Ok(reply(&auth, StatusCode::OK, v))
}

/// Options of a plan, as the CLI's flags.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PlanQuery {
    /// The planning day (default today).
    #[serde(
        default,
        with = "stroom::dates::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub today: Option<Date>,
    /// Plan with (true) or without (false) an onderraad.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onderraad: Option<bool>,
    /// Werkdagen from MR to sending (0-2).
    #[serde(default, alias = "send_after", skip_serializing_if = "Option::is_none")]
    pub send_after: Option<u8>,
    /// Ad hoc: the route.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// Ad hoc: when every bewindspersoon agreed.
    #[serde(
        default,
        with = "stroom::dates::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub ready: Option<Date>,
    /// A Kamer deadline: a date or a named deadline (`voor-de-zomer-2025`).
    #[serde(default, alias = "kamer_by", skip_serializing_if = "Option::is_none")]
    pub kamer_by: Option<String>,
    /// A debate date.
    #[serde(
        default,
        with = "stroom::dates::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub debate: Option<Date>,
    /// Werkdagen between sending and the debate (default: the route's).
    #[serde(
        default,
        alias = "debate_lead",
        skip_serializing_if = "Option::is_none"
    )]
    pub debate_lead: Option<u8>,
    /// Werkdagen a bewindspersoon takes to approve, comma-separated: `N` for every role,
    /// `ROLE=N` for one (as the CLI's repeated `--approval-days`; a role's own wins).
    #[serde(
        default,
        alias = "approval_days",
        skip_serializing_if = "Option::is_none"
    )]
    pub approval_days: Option<String>,
}

/// The header that says how many events a plan as of a past day left out.
pub const LEFT_OUT_HEADER: &str = "stroom-events-left-out";

/// The plan of a stored stroom (as `stroom plan REF`).
pub fn plan_value(app: &Shared, reference: &str, q: &PlanQuery) -> Result<stroom::Plan, Problem> {
    Ok(plan_as_of(app, reference, q)?.0)
}

/// The plan of a stored stroom as it stood at the end of the planning day (as `stroom plan
/// REF --today DATE`), and how many later events it left out.
pub fn plan_as_of(
    app: &Shared,
    reference: &str,
    q: &PlanQuery,
) -> Result<(stroom::Plan, usize), Problem> {
    stored_plan(
        &*app.store,
        &app.routes,
        &app.calendars,
        reference,
        q,
        app.today(),
    )
}

/// [`plan_as_of`] on any store: `today` is the planning day when the query names none
/// (the fuzz target `server-queries` runs it on a store in memory).
///
/// # Errors
/// A stroom that does not load, a query the planner refuses.
pub fn stored_plan(
    store: &dyn stroom::Store,
    routes: &Routes,
    calendars: &Calendars,
    reference: &str,
    q: &PlanQuery,
    today: Date,
) -> Result<(stroom::Plan, usize), Problem> {
    let (route, req, later) = stored_request(store, routes, calendars, reference, q, today)?;
    let planner = Planner::new(routes.get(&route)?, calendars)?;
    Ok((planner.plan(&req)?, later))
}

/// The planning request of a stored stroom as it stood at the end of the planning day,
/// with the query's assumptions; its route, and how many later events it left out.
fn stored_request(
    store: &dyn stroom::Store,
    routes: &Routes,
    calendars: &Calendars,
    reference: &str,
    q: &PlanQuery,
    today: Date,
) -> Result<(String, Request, usize), Problem> {
    let today = q.today.unwrap_or(today);
    let loaded = journal::load(store, routes, reference)?;
    let route = routes.get(&loaded.stroom.def.route)?;
    let (stroom, later) =
        stroom::planner::as_of(route, loaded.records.iter().map(|r| &r.event), today)?;
    let mut req = Request::for_stroom(&stroom, today)?;
    adjust(calendars, &mut req, q)?;
    Ok((loaded.stroom.def.route, req, later))
}

/// The most Monte Carlo runs one request may ask of the server (the CLI allows more
/// locally).
pub const MAX_RUNS: u64 = 1_000_000;

/// Checks the Monte Carlo runs a request asks for (1 to [`MAX_RUNS`]).
///
/// # Errors
/// Outside that range.
pub fn check_runs(runs: u64) -> Result<u64, Problem> {
    if runs == 0 || runs > MAX_RUNS {
        return Err(Problem::server(ServerProblem::RunsOutOfRange {
            runs,
            max: MAX_RUNS,
        }));
    }
    Ok(runs)
}

/// The stored strooms, when a model learns from them.
fn loaded_for(app: &Shared, spec: &ModelSpec) -> Result<Vec<journal::Loaded>, Problem> {
    if spec.wants_empirical() {
        Ok(stroom::portfolio::load_all(&*app.store, &app.routes)?)
    } else {
        Ok(Vec::new())
    }
}

/// How the API names a model input in a message: as documented, kebab-case (`p-hold`; the
/// old `p_hold` is still accepted).
fn api_name(input: &str) -> String {
    input.to_string()
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// What-if scenarios and a Monte Carlo run of a stored stroom (as `stroom simulate REF`).
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SimulateBody {
    /// The plan's options, as for `GET /api/strooms/REF/plan`.
    #[serde(default)]
    pub plan: PlanQuery,
    /// The scenarios, side by side with the baseline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<stroom::Scenario>,
    /// Monte Carlo runs (none: the what-if alone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runs: Option<u64>,
    /// The random seed (same seed, same answer).
    #[serde(default = "one")]
    pub seed: u64,
    /// The uncertainty model.
    #[serde(default)]
    pub model: ModelSpec,
}

fn one() -> u64 {
    1
}

/// The answer of a simulation: the shape of `stroom simulate --format json`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Simulation {
    /// [`API_SCHEMA`].
    pub schema: u32,
    /// The baseline and the scenarios' plans.
    #[serde(flatten)]
    pub what_if: stroom::simulate::WhatIf,
    /// The Monte Carlo result, with runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monte_carlo: Option<stroom::simulate::MonteCarlo>,
    /// The model it ran, with runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<stroom::Model>,
}

/// The header that carries the notes of a simulation (what an empirical model learned).
pub const NOTE_HEADER: &str = "stroom-note";

/// What an empirical model learned, as the [`NOTE_HEADER`] carries it: data, not words, so
/// that a client says it in its user's language.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct LearnedNote {
    finished: usize,
    observations: Vec<(String, usize)>,
}

/// A simulation's note as the [`NOTE_HEADER`] carries it: what an empirical model learned as
/// JSON (`{"finished":3,"observations":[["MOCW",2]]}`), any other note in English.
#[must_use]
pub fn note_header(note: &Note) -> String {
    match note {
        Note::EmpiricalDurations {
            finished,
            observations,
        } => serde_json::to_string(&LearnedNote {
            finished: *finished,
            observations: observations.clone(),
        })
        .unwrap_or_else(|_| note.to_string()),
        other => other.to_string(),
    }
}

/// The note a [`NOTE_HEADER`] value carries as data, or `None` for a note in words.
#[must_use]
pub fn note_from_header(value: &str) -> Option<Note> {
    let learned: LearnedNote = serde_json::from_str(value).ok()?;
    Some(Note::EmpiricalDurations {
        finished: learned.finished,
        observations: learned.observations,
    })
}

/// Simulates a stored stroom; the answer, its notes and the events left out.
pub fn simulation(
    app: &Shared,
    reference: &str,
    body: &SimulateBody,
) -> Result<(Simulation, Vec<Note>, usize), Problem> {
    let (route, req, later) = stored_request(
        &*app.store,
        &app.routes,
        &app.calendars,
        reference,
        &body.plan,
        app.today(),
    )?;
    let planner = Planner::new(app.routes.get(&route)?, &app.calendars)?;
    let what_if = stroom::simulate::what_if(&planner, &req, &body.scenarios)?;
    let mut notes = Vec::new();
    let (monte_carlo, model) = match body.runs {
        None => (None, None),
        Some(runs) => {
            let runs = check_runs(runs)?;
            let loaded = loaded_for(app, &body.model)?;
            let (model, learned) = body
                .model
                .build(&planner, &loaded, &api_name)
                .map_err(Problem::from)?;
            notes.extend(learned);
            let mc = stroom::simulate::monte_carlo(
                &planner,
                &req,
                &model,
                runs,
                body.seed,
                threads(),
                &|_| {},
            )?;
            (Some(mc), Some(model))
        }
    };
    Ok((
        Simulation {
            schema: API_SCHEMA,
            what_if,
            monte_carlo,
            model,
        },
        notes,
        later,
    ))
}

async fn simulate_stored(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Json(body): Json<SimulateBody>,
) -> Result<Response, Problem> {
    let auth = authenticate(&app, &headers)?;
    auth.may(&Op::Read)?;
    let (v, notes, later) = blocking(move || {
        let (sim, notes, later) = simulation(&app, &reference, &body)?;
        Ok((to_json(&sim)?, notes, later))
    })
    .await?;
    let mut r = reply(&auth, StatusCode::OK, v);
    r.headers_mut()
        .insert(LEFT_OUT_HEADER, header::HeaderValue::from(later));
    for n in notes {
        if let Ok(v) = header::HeaderValue::from_str(&note_header(&n)) {
            r.headers_mut().append(NOTE_HEADER, v);
        }
    }
    Ok(r)
}

/// Applies a plan query's assumptions and target to a planning request (`calendars`
/// resolve a named Kamer deadline).
///
/// # Errors
/// A number, role or deadline that does not parse.
pub fn adjust(
    calendars: &stroom::Calendars,
    req: &mut Request,
    q: &PlanQuery,
) -> Result<(), Problem> {
    if let Some(o) = q.onderraad {
        req.assumptions.onderraad = Some(o);
    }
    if q.send_after.is_some() {
        req.assumptions.send_after = q.send_after;
    }
    if let Some(spec) = &q.approval_days {
        let number = |n: &str| {
            n.trim().parse::<u16>().map_err(|_| {
                Problem::server(ServerProblem::NotANumber {
                    field: "approval-days".into(),
                    text: n.into(),
                })
            })
        };
        // The plain values first, then the per-role ones: `MOCW=8` wins over `5`.
        let (per_role, plain): (Vec<&str>, Vec<&str>) = spec
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .partition(|s| s.contains('='));
        for item in plain.into_iter().chain(per_role) {
            match item.split_once('=') {
                Some((r, n)) => {
                    let role = r.trim().parse::<Role>().map_err(Problem::from)?;
                    req.assumptions.approval_days.insert(role, number(n)?);
                }
                None => {
                    let n = number(item)?;
                    for r in req.roles.clone() {
                        req.assumptions.approval_days.insert(r, n);
                    }
                }
            }
        }
    }
    if let Some(expr) = &q.kamer_by {
        let date = match expr.parse::<Date>() {
            Ok(d) => d,
            Err(_) => calendars.deadline(expr)?.0,
        };
        req.target = Some(Target::KamerBy { date });
    }
    if let Some(date) = q.debate {
        req.target = Some(Target::Debate {
            date,
            lead: q.debate_lead,
        });
    }
    Ok(())
}

async fn plan_stored(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    Query(q): Query<PlanQuery>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let auth = authenticate(&app, &headers)?;
    auth.may(&Op::Read)?;
    let (v, later) = blocking(move || {
        let (plan, later) = plan_as_of(&app, &reference, &q)?;
        Ok((to_json(&plan)?, later))
    })
    .await?;
    let mut r = reply(&auth, StatusCode::OK, v);
    r.headers_mut()
        .insert(LEFT_OUT_HEADER, header::HeaderValue::from(later));
    Ok(r)
}

async fn plan_ad_hoc(
    State(app): State<Shared>,
    Query(q): Query<PlanQuery>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let auth = authenticate(&app, &headers)?;
    auth.may(&Op::Read)?;
    let v = blocking(move || to_json(&ad_hoc_plan(&app.routes, &app.calendars, &q, app.today())?))
        .await?;
    Ok(reply(&auth, StatusCode::OK, v))
}

/// `GET /api/plan`: the plan of a stroom that is not stored, from the query alone (its
/// route, and when it is ready or the day to plan from; `today` when it names neither).
///
/// # Errors
/// No route, a query the planner refuses.
pub fn ad_hoc_plan(
    routes: &Routes,
    calendars: &Calendars,
    q: &PlanQuery,
    today: Date,
) -> Result<stroom::Plan, Problem> {
    let route_name = q
        .route
        .clone()
        .ok_or_else(|| Problem::server(ServerProblem::AdHocPlanShape))?;
    let route = routes.get(&route_name)?;
    let planner = Planner::new(route, calendars)?;
    let ready = q.ready.or(q.today).unwrap_or(today);
    let mut req = Request::ad_hoc(ready);
    req.today = ready;
    adjust(calendars, &mut req, q)?;
    Ok(match (&req.target, q.ready) {
        (Some(target), None) => planner.plan_backward(&req, target)?,
        _ => planner.plan(&req)?,
    })
}

/// Options of the portfolio.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PortfolioQuery {
    /// The planning day (default today).
    #[serde(default, with = "stroom::dates::option")]
    pub today: Option<Date>,
    /// Slack in werkdagen below which an in-time stroom is at risk (default 5).
    #[serde(default, alias = "at_risk")]
    pub at_risk: Option<i32>,
    /// Estimate each stroom's probability of meeting its target with this many Monte Carlo
    /// runs.
    #[serde(default)]
    pub runs: Option<u64>,
    /// The random seed of the runs (default 1).
    #[serde(default)]
    pub seed: Option<u64>,
    /// The model: approval duration of every role (as `--approval`).
    #[serde(default)]
    pub approval: Option<String>,
    /// One role's approval duration each, separated by `;` (as `--role-approval`).
    #[serde(default, alias = "role_approval")]
    pub role_approval: Option<String>,
    /// Probability that an onderraad is needed.
    #[serde(default, alias = "p_onderraad")]
    pub p_onderraad: Option<f64>,
    /// Probability that the voorportaal sends it back.
    #[serde(default, alias = "p_return")]
    pub p_return: Option<f64>,
    /// Rework after a voorportaal return.
    #[serde(default)]
    pub rework: Option<String>,
    /// Probability that an MR holds it over.
    #[serde(default, alias = "p_hold")]
    pub p_hold: Option<f64>,
}

impl PortfolioQuery {
    /// The model the query sets (every field empty: the route's fixed durations).
    pub fn model(&self) -> ModelSpec {
        ModelSpec {
            approval: self.approval.clone().filter(|a| !a.trim().is_empty()),
            role_approval: self
                .role_approval
                .as_deref()
                .unwrap_or("")
                .split(';')
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(String::from)
                .collect(),
            p_onderraad: self.p_onderraad.unwrap_or(0.0),
            p_return: self.p_return.unwrap_or(0.0),
            rework: self.rework.clone().filter(|r| !r.trim().is_empty()),
            p_hold: self.p_hold.unwrap_or(0.0),
        }
    }
}

/// The portfolio with each stroom's probability of meeting its target (as `stroom
/// portfolio --runs N` with the model's flags).
pub fn portfolio_with_p(
    app: &Shared,
    today: Date,
    at_risk: i32,
    runs: u64,
    seed: u64,
    spec: &ModelSpec,
) -> Result<(Vec<stroom::portfolio::Entry>, Vec<stroom::Stroom>), Problem> {
    portfolio_with_p_of(
        &*app.store,
        &app.routes,
        &app.calendars,
        today,
        at_risk,
        runs,
        seed,
        spec,
    )
}

/// [`portfolio_with_p`] on any store (the fuzz target `server-queries` runs it on a store
/// in memory).
///
/// # Errors
/// Runs out of range, a model the routes refuse, a stroom that does not load or plan.
#[allow(clippy::too_many_arguments)]
pub fn portfolio_with_p_of(
    store: &dyn stroom::Store,
    routes: &Routes,
    calendars: &Calendars,
    today: Date,
    at_risk: i32,
    runs: u64,
    seed: u64,
    spec: &ModelSpec,
) -> Result<(Vec<stroom::portfolio::Entry>, Vec<stroom::Stroom>), Problem> {
    let runs = check_runs(runs)?;
    let loaded = stroom::portfolio::load_all(store, routes)?;
    // A route the server's route files no longer define is planned under the one stored
    // at `new`, as `stroom portfolio` does.
    let routes = journal::planning_routes(&loaded, routes);
    let strooms: Vec<stroom::Stroom> = loaded.iter().map(|l| l.stroom.clone()).collect();
    let mut entries = stroom::portfolio::portfolio(&strooms, &routes, calendars, today, at_risk);
    let mut models = std::collections::BTreeMap::new();
    for e in entries.iter().filter(|e| e.send_by.is_some()) {
        if !models.contains_key(&e.route) {
            let planner = Planner::new(routes.get(&e.route)?, calendars)?;
            let (m, _) = spec
                .build(&planner, &loaded, &api_name)
                .map_err(Problem::from)?;
            models.insert(e.route.clone(), m);
        }
    }
    stroom::portfolio::monte_carlo(
        &mut entries,
        &strooms,
        &routes,
        calendars,
        today,
        &models,
        runs,
        seed,
        threads(),
    )?;
    Ok((entries, strooms))
}

/// Every open stroom with its plan against its target (as `stroom portfolio`), and the
/// strooms themselves (for the web page's filters).
pub fn portfolio_entries(
    app: &Shared,
    today: Date,
    at_risk: i32,
) -> Result<(Vec<stroom::portfolio::Entry>, Vec<stroom::Stroom>), Problem> {
    portfolio_entries_of(&*app.store, &app.routes, &app.calendars, today, at_risk)
}

/// [`portfolio_entries`] on any store (the fuzz target `server-queries`).
///
/// # Errors
/// A stroom that does not load.
pub fn portfolio_entries_of(
    store: &dyn stroom::Store,
    routes: &Routes,
    calendars: &Calendars,
    today: Date,
    at_risk: i32,
) -> Result<(Vec<stroom::portfolio::Entry>, Vec<stroom::Stroom>), Problem> {
    let loaded = stroom::portfolio::load_all(store, routes)?;
    // A route the server's route files no longer define is planned under the one stored
    // at `new`, as `stroom portfolio` does.
    let routes = journal::planning_routes(&loaded, routes);
    let strooms: Vec<stroom::Stroom> = loaded.into_iter().map(|l| l.stroom).collect();
    let entries = stroom::portfolio::portfolio(&strooms, &routes, calendars, today, at_risk);
    Ok((entries, strooms))
}

async fn portfolio(
    State(app): State<Shared>,
    Query(q): Query<PortfolioQuery>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let auth = authenticate(&app, &headers)?;
    auth.may(&Op::Read)?;
    let v = blocking(move || {
        let today = q.today.unwrap_or_else(|| app.today());
        let at_risk = q.at_risk.unwrap_or(5);
        match q.runs {
            Some(runs) => {
                let spec = q.model();
                let seed = q.seed.unwrap_or(1);
                listed(
                    "strooms",
                    &portfolio_with_p(&app, today, at_risk, runs, seed, &spec)?.0,
                )
            }
            None => listed("strooms", &portfolio_entries(&app, today, at_risk)?.0),
        }
    })
    .await?;
    Ok(reply(&auth, StatusCode::OK, v))
}

async fn calendars(State(app): State<Shared>, headers: HeaderMap) -> Result<Response, Problem> {
    let auth = authenticate(&app, &headers)?;
    auth.may(&Op::Read)?;
    let bodies: Vec<Value> = app
        .calendars
        .bodies()
        .map(|b| json!({"name": b.name, "kind": b.kind, "title": b.title, "from": b.from.to_string(), "to": b.to.to_string(), "slots": b.slots.len()}))
        .collect();
    Ok(reply(&auth, StatusCode::OK, listed("bodies", &bodies)?))
}

/// The query of `GET /api/calendars/BODY`: the year whose meetings to list (every year's
/// when absent). The fuzz target `server-queries` decodes it as axum's `Query` does and
/// takes it through [`calendar_of`].
#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    /// The year.
    #[serde(default)]
    pub year: Option<i16>,
}

/// The calendar `GET /api/calendars/BODY` answers: the body's, with the meetings of
/// `q.year` only when it is given.
///
/// # Errors
/// A body the calendars do not hold (the problem names it and the known ones).
pub fn calendar_of(
    calendars: &Calendars,
    body: &str,
    q: &YearQuery,
) -> Result<stroom::calendar::Body, Problem> {
    let mut b = calendars.body(body).map_err(stroom::Error::from)?.clone();
    if let Some(y) = q.year {
        b.slots.retain(|s| s.meeting.year() == y);
    }
    Ok(b)
}

async fn calendar(
    State(app): State<Shared>,
    Path(body): Path<String>,
    Query(q): Query<YearQuery>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let auth = authenticate(&app, &headers)?;
    auth.may(&Op::Read)?;
    let v = versioned(&calendar_of(&app.calendars, &body, &q)?)?;
    Ok(reply(&auth, StatusCode::OK, v))
}

async fn recesses(State(app): State<Shared>, headers: HeaderMap) -> Result<Response, Problem> {
    let auth = authenticate(&app, &headers)?;
    auth.may(&Op::Read)?;
    let v = listed("recesses", app.calendars.recesses())?;
    Ok(reply(&auth, StatusCode::OK, v))
}

async fn verify(State(app): State<Shared>, headers: HeaderMap) -> Result<Response, Problem> {
    let auth = authenticate(&app, &headers)?;
    auth.may(&Op::Verify)?;
    let v = blocking(move || versioned(&journal::verify(&*app.store, &app.routes)?)).await?;
    Ok(reply(&auth, StatusCode::OK, v))
}

async fn export(State(app): State<Shared>, headers: HeaderMap) -> Result<Response, Problem> {
    let auth = authenticate(&app, &headers)?;
    auth.may(&Op::Export)?;
    // The same file as `stroom export`: header with the heads, records, trailer.
    let text = blocking(move || Ok(journal::export_text(&*app.store)?)).await?;
    let mut r = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        text,
    )
        .into_response();
    r.extensions_mut().insert(Actor(auth.user.name.clone()));
    Ok(r)
}

/// Which page of `GET /api/trails`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TrailsQuery {
    /// The cursor: the trails of the strooms whose references sort after this one (the
    /// previous page's `next`); none: from the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// The most trails in the page: 1 to the server's bound (`stroom serve
    /// --trails-page`); more gets the bound; none: the bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
}

/// `GET /api/strooms/REF/log`: the stroom's verified records, as stored (the CLI client
/// loads them into a store of its own and renders `log` and what reads the trail from it).
#[derive(Debug, Serialize, Deserialize)]
pub struct Trail {
    /// [`API_SCHEMA`].
    pub schema: u32,
    /// The stroom's reference.
    pub stroom: String,
    /// Its records, in order.
    pub records: Vec<stroom::Record>,
}

/// One page of `GET /api/trails`.
#[derive(Debug, Serialize, Deserialize)]
pub struct TrailsPage {
    /// [`API_SCHEMA`].
    pub schema: u32,
    /// The verified trails of the page's strooms, in reference order.
    pub trails: Vec<Vec<stroom::Record>>,
    /// The cursor of the next page (`?after=NEXT`); none: this was the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// The strooms' verified trails, a page at a time, in the order of their references: what
/// the CLI client needs to render what reads the trail itself (`--format ics` SEQUENCE
/// numbers, the HTML report's audit trail, `agenda`). Any logged-in user may read every
/// trail (`log`). A page holds at most the server's bound of trails, so one request never
/// loads the whole database into one answer; each trail in it is verified as `log` does.
async fn trails(
    State(app): State<Shared>,
    Query(q): Query<TrailsQuery>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let auth = authenticate(&app, &headers)?;
    auth.may(&Op::Read)?;
    let v = blocking(move || to_json(&trails_page(&*app.store, &app.routes, &q, app.trails_page)?))
        .await?;
    Ok(reply(&auth, StatusCode::OK, v))
}

/// One page of `GET /api/trails`: at most `bound` trails (the query's `limit`, if lower),
/// of the strooms after the query's `after`.
///
/// # Errors
/// A limit of 0, a stroom that does not load or verify.
pub fn trails_page(
    store: &dyn stroom::Store,
    routes: &Routes,
    q: &TrailsQuery,
    bound: usize,
) -> Result<TrailsPage, Problem> {
    let limit = match q.limit {
        None => bound,
        Some(0) => {
            return Err(Problem::server(ServerProblem::LimitOutOfRange {
                limit: 0,
                max: bound,
            }))
        }
        Some(n) => n.min(bound),
    };
    let references = store.references()?;
    let mut rest = references
        .iter()
        .filter(|r| q.after.as_deref().is_none_or(|a| r.as_str() > a));
    let mut trails = Vec::new();
    let mut last = None;
    for reference in rest.by_ref().take(limit) {
        trails.push(journal::load(store, routes, reference)?.records);
        last = Some(reference.clone());
    }
    let next = if rest.next().is_some() { last } else { None };
    Ok(TrailsPage {
        schema: API_SCHEMA,
        trails,
        next,
    })
}

/// The largest export `POST /api/import` takes (axum's default is 2 MiB).
pub const MAX_IMPORT_BYTES: usize = 512 * 1024 * 1024;

/// `POST /api/import`: an export's records (as `stroom import` read them from the file)
/// and the keys to trust.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportBody {
    /// Every record of the export, in the file's order.
    pub records: Vec<stroom::Record>,
    /// Public keys (hex) every record must be signed by (`--trust`); empty: any key whose
    /// signature verifies.
    #[serde(default)]
    pub trust: Vec<String>,
}

/// Restores an export into a server that holds no stroom yet (admin only). The server
/// checks what local `stroom import` checks (`journal::check_import`: chains, signatures,
/// replay under the stored route) and never trusts the client's own checks; the restore
/// is all or nothing, in the writer. The records keep their actors and the signatures of
/// the database that wrote them: the server signs only what it records itself.
async fn import(
    State(app): State<Shared>,
    headers: HeaderMap,
    Json(body): Json<ImportBody>,
) -> Result<Response, Problem> {
    use stroom::Store as _;
    let auth = authenticate_change(&app, &headers)?;
    auth.may(&Op::Import)?;
    let ImportBody { records, trust } = body;
    let trust = parse_trust(&trust)?;
    let events = records.len();
    let checker = app.clone();
    let chains = blocking(move || {
        Ok(journal::check_import(
            &checker.routes,
            records,
            &trust,
            checker.store.public_key().as_ref(),
        )?)
    })
    .await?;
    let strooms = app.writer.import(chains).await?;
    tracing::info!(user = %auth.user.name, strooms, events, "import");
    let v = to_json(&json!({"schema": API_SCHEMA, "strooms": strooms, "events": events}))?;
    Ok(reply(&auth, StatusCode::CREATED, v))
}

/// The keys to trust of an import, parsed.
///
/// # Errors
/// A key that is not one.
pub fn parse_trust(keys: &[String]) -> Result<Vec<stroom::sign::PublicKey>, Problem> {
    keys.iter()
        .map(|k| {
            stroom::sign::PublicKey::parse(k).map_err(|e| {
                Problem::server(ServerProblem::NotATrustKey {
                    key: k.clone(),
                    why: e.to_string(),
                })
            })
        })
        .collect()
}

/// The public half of the key the server signs every record with, for `verify --trust`.
/// The secret half stays in the data directory: no route reads it.
async fn key(State(app): State<Shared>, headers: HeaderMap) -> Result<Response, Problem> {
    use stroom::Store as _;
    let auth = authenticate(&app, &headers)?;
    auth.may(&Op::Read)?;
    let Some(key) = app.store.public_key() else {
        return Err(Problem::server(ServerProblem::NoSigningKey));
    };
    let v = to_json(&json!({
        "schema": API_SCHEMA,
        "public-key": key.hex(),
        "fingerprint": key.fingerprint()
    }))?;
    Ok(reply(&auth, StatusCode::OK, v))
}

async fn users(State(app): State<Shared>, headers: HeaderMap) -> Result<Response, Problem> {
    let auth = authenticate(&app, &headers)?;
    auth.may(&Op::ManageUsers)?;
    let v = listed("users", &app.users.list()?)?;
    Ok(reply(&auth, StatusCode::OK, v))
}

/// A new user (`POST /api/users`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// The name.
    pub name: String,
    /// The password.
    pub password: String,
    /// The grants, as `stroom users add --grant` takes them.
    pub grants: Vec<String>,
}

async fn add_user(
    State(app): State<Shared>,
    headers: HeaderMap,
    Json(body): Json<NewUser>,
) -> Result<Response, Problem> {
    let auth = authenticate_change(&app, &headers)?;
    auth.may(&Op::ManageUsers)?;
    let grants = parse_grants(&body.grants)?;
    let user = blocking(move || Ok(app.users.add(&body.name, &body.password, grants)?)).await?;
    tracing::info!(admin = auth.user.name, user = user.name, "user added");
    let v = versioned(&user)?;
    Ok(reply(&auth, StatusCode::CREATED, v))
}

/// New grants for a user.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GrantsBody {
    /// The grants, replacing the user's.
    pub grants: Vec<String>,
}

/// Grants as the API takes them (`planner`, `secretariaat:MOCW`, …).
///
/// # Errors
/// A text that is not a grant.
pub fn parse_grants(texts: &[String]) -> Result<Vec<Grant>, Problem> {
    texts
        .iter()
        .map(|g| g.parse::<Grant>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(Problem::from)
}

async fn grant_user(
    State(app): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
    Json(body): Json<GrantsBody>,
) -> Result<Response, Problem> {
    let auth = authenticate_change(&app, &headers)?;
    auth.may(&Op::ManageUsers)?;
    let grants = parse_grants(&body.grants)?;
    let user = blocking(move || Ok(app.users.set_grants(&name, grants)?)).await?;
    tracing::info!(admin = auth.user.name, user = user.name, grants = ?user.grants, "grants changed");
    Ok(reply(&auth, StatusCode::OK, versioned(&user)?))
}

async fn remove_user(
    State(app): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let auth = authenticate_change(&app, &headers)?;
    auth.may(&Op::ManageUsers)?;
    let user = blocking(move || Ok(app.users.remove(&name)?)).await?;
    tracing::info!(admin = auth.user.name, user = user.name, "user removed");
    Ok(reply(&auth, StatusCode::OK, versioned(&user)?))
}

/// A new password: an admin sets anyone's; users change their own with the current one.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordBody {
    /// The new password.
    pub password: String,
    /// The current password (required when users change their own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
}

async fn password(
    State(app): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Path(name): Path<String>,
    headers: HeaderMap,
    Json(body): Json<PasswordBody>,
) -> Result<Response, Problem> {
    let auth = authenticate_change(&app, &headers)?;
    if auth.user.name == name {
        // Their own: the current password too, under the login rate limit, so that a
        // stolen token alone cannot take the account over.
        let current = body.current.as_deref().unwrap_or("");
        match login(&app, addr, &name, current).await {
            Ok(_) => {}
            Err(p) if p.code() == "rate-limited" => return Err(p),
            Err(_) => return Err(crate::users::UserError::WrongPassword.into()),
        }
    } else {
        auth.may(&Op::ManageUsers)?;
    }
    let (app2, name2) = (app.clone(), name.clone());
    blocking(move || Ok(app2.users.set_password(&name2, &body.password)?)).await?;
    tracing::info!(by = auth.user.name, user = name, "password changed");
    Ok(reply(
        &auth,
        StatusCode::OK,
        to_json(&json!({"schema": API_SCHEMA, "user": name, "changed": true}))?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_body_round_trips_every_action() {
        let role: Role = "MOCW".parse().unwrap_or_else(|e| panic!("{e}"));
        let day = jiff::civil::date(2023, 10, 2);
        let actions = [
            Action::Submit,
            Action::Approve {
                role: role.clone(),
                version: 2,
            },
            Action::Return {
                role: role.clone(),
                version: 1,
            },
            Action::Sign {
                role: role.clone(),
                version: 3,
            },
            Action::Deliver { slot: day },
            Action::Voorportaal(Outcome::Terug),
            Action::Onderraad(Outcome::Door),
            Action::NeedsOnderraad(true),
            Action::Ministerraad(MrOutcome::Aangehouden),
            Action::Send,
            Action::Withdraw,
        ];
        for action in actions {
            let body = CommandBody::of(&action, None, day, Some("opmerking".into()));
            let text = serde_json::to_string(&body).unwrap_or_default();
            let back: CommandBody = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
            let (decoded, _) = back.action().unwrap_or_else(|p| panic!("{}", p.detail()));
            assert_eq!(decoded, action, "{text}");
            assert_eq!(back.on, Some(day));
        }
    }
}
