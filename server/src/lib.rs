//! `stroom serve`: the team server.
//!
//! One process owns the sled database and serves a JSON API (the same shapes as the CLI's
//! `--format json`) and a browser UI in Dutch. Every request is one call into the same
//! engine as the CLI. Users, grants, sessions and API tokens live in the database beside
//! the strooms ([`users`]); who may do what is data ([`grants`]); the authenticated user
//! is the actor of every record. Recording commands go through one writer thread that
//! groups the fsyncs of concurrent commands ([`writer`]).
#![deny(missing_docs)]

mod api;
pub mod grants;
mod html;
pub mod model;
pub mod problem;
pub mod reason;
mod session;
pub mod users;
mod web;
pub mod writer;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use jiff::civil::Date;
use stroom::{Calendars, Routes, SledStore};

pub use api::{
    note_from_header, note_header, CommandBody, CorrectionBody, ImportBody, PlanQuery,
    SimulateBody, Trail, TrailsPage, TrailsQuery, API_SCHEMA, LEFT_OUT_HEADER, MAX_IMPORT_BYTES,
    MAX_RUNS, NOTE_HEADER,
};
/// The request bodies the API takes and the functions its handlers parse them with, up to
/// the point where a handler needs the database (the fuzz target `server-bodies` runs them).
pub mod bodies {
    pub use crate::api::{
        adjust, check_runs, kind_of, parse_grants, parse_trust, CommandBody, CorrectionBody,
        Credentials, GrantsBody, ImportBody, NewBody, NewUser, PasswordBody, PlanQuery,
        SimulateBody,
    };
    pub use crate::users::valid_name;
}
/// The query strings of the API and the browser UI, and the functions their handlers run
/// them through, on any store (the fuzz target `server-queries` runs them).
pub mod queries {
    pub use crate::api::{
        ad_hoc_plan, calendar_of, portfolio_entries_of, portfolio_with_p_of, stored_plan,
        trails_page, PlanQuery, PortfolioQuery, TrailsQuery, YearQuery,
    };
    pub use crate::web::{MonthParams, PortfolioParams, StroomParams};
}
/// The browser UI's form bodies and the functions its handlers parse them with (the fuzz
/// target `server-forms` runs them).
pub mod forms {
    pub use crate::session::same_secret;
    pub use crate::web::{CommandForm, CsrfForm, LoginForm, NewForm};
}
pub use grants::Grant;
pub use model::ModelSpec;
pub use users::{User, Users};

/// What the server needs to start.
#[derive(Debug)]
pub struct Config {
    /// The database directory.
    pub db: PathBuf,
    /// The routes (embedded plus the operator's files).
    pub routes: Routes,
    /// The calendars (embedded plus the operator's files).
    pub calendars: Calendars,
    /// A fixed "today" (demonstrations and tests); `None` reads the clock per request.
    pub today: Option<Date>,
    /// Mark cookies `Secure` (default). Browsers accept Secure cookies from
    /// `http://localhost`; behind a TLS proxy they are what you want anyway.
    pub secure_cookies: bool,
    /// How long to wait for a database another process holds.
    pub lock_wait: Duration,
    /// Failed logins per name (and per client address, four times as many) in
    /// [`Config::login_window`] before logins are refused for the rest of the window.
    pub login_failures: u32,
    /// The window of the login rate limit.
    pub login_window: Duration,
    /// The uncertainty model of the browser UI: with it the portfolio shows each stroom's
    /// P(target) and a stroom's page the Monte Carlo histogram.
    pub monte_carlo: Option<MonteCarloSettings>,
    /// sled's page cache in bytes: the bound on the database's memory in a long-lived
    /// server (sled's own default is 1 GiB).
    pub cache_capacity: u64,
    /// The most trails one page of `GET /api/trails` holds.
    pub trails_page: usize,
    /// How long the disk may keep the server waiting (opening the database, a commit's
    /// fsyncs) before that fails instead of hanging ([`stroom::store::FLUSH_TIMEOUT`]).
    pub flush_timeout: Duration,
}

/// The default bound of a page of `GET /api/trails` ([`Config::trails_page`]).
pub const DEFAULT_TRAILS_PAGE: usize = 500;

/// The server's default page cache for sled, in MiB ([`Config::cache_capacity`]).
pub const DEFAULT_CACHE_MIB: u64 = 128;

/// A model for the browser UI's probabilities (`stroom serve --runs N --approval ...`).
#[derive(Debug, Clone, PartialEq)]
pub struct MonteCarloSettings {
    /// The model as text, as the CLI's flags.
    pub model: ModelSpec,
    /// Runs per stroom.
    pub runs: u64,
    /// The random seed.
    pub seed: u64,
}

impl Config {
    /// A configuration with the defaults: embedded routes and calendars, the clock, Secure
    /// cookies, 5 failed logins per 5 minutes.
    ///
    /// # Errors
    /// Embedded data that does not load (a build defect).
    pub fn new(db: PathBuf) -> Result<Config, stroom::Error> {
        Ok(Config {
            db,
            routes: Routes::embedded()?,
            calendars: Calendars::embedded()?,
            today: None,
            secure_cookies: true,
            lock_wait: Duration::from_secs(2),
            login_failures: 5,
            login_window: Duration::from_secs(300),
            monte_carlo: None,
            cache_capacity: DEFAULT_CACHE_MIB * 1024 * 1024,
            trails_page: DEFAULT_TRAILS_PAGE,
            flush_timeout: stroom::store::FLUSH_TIMEOUT,
        })
    }
}

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The database could not be opened.
    #[error(transparent)]
    Store(#[from] stroom::StoreError),
    /// The listening socket failed.
    #[error("cannot listen on {addr}: {source}\n  hint: choose another address with --listen, or stop what holds it")]
    Listen {
        /// The address.
        addr: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Serving failed.
    #[error("the server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// Everything a request handler can reach.
pub(crate) struct App {
    pub store: Arc<SledStore>,
    pub routes: Routes,
    pub calendars: Calendars,
    pub users: Users,
    pub writer: writer::Writer,
    pub limiter: session::Limiter,
    pub today: Option<Date>,
    pub secure_cookies: bool,
    pub monte_carlo: Option<MonteCarloSettings>,
    pub trails_page: usize,
}

impl App {
    /// Today, from the configuration or the clock.
    pub fn today(&self) -> Date {
        self.today.unwrap_or_else(|| jiff::Zoned::now().date())
    }
}

pub(crate) type Shared = Arc<App>;

/// A server bound to its address, not yet serving.
pub struct Server {
    app: Shared,
    listener: tokio::net::TcpListener,
    writer: writer::WriterThread,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("addr", &self.listener.local_addr().ok())
            .finish()
    }
}

impl Server {
    /// Opens the database and binds the address (port 0 picks a free port).
    ///
    /// # Errors
    /// A locked or unreadable database, or an address that cannot be bound.
    pub async fn bind(config: Config, listen: &str) -> Result<Server, ServeError> {
        let Config {
            db,
            routes,
            calendars,
            today,
            secure_cookies,
            lock_wait,
            login_failures,
            login_window,
            monte_carlo,
            cache_capacity,
            trails_page,
            flush_timeout,
        } = config;
        let store = {
            let db = db.clone();
            let options = stroom::store::Options {
                cache_capacity: Some(cache_capacity),
                flush_timeout,
                ..stroom::store::Options::default()
            };
            tokio::task::spawn_blocking(move || SledStore::open_with(&db, lock_wait, &options))
                .await
                .map_err(std::io::Error::other)??
        };
        let store = Arc::new(store);
        let users = Users::open(&store)?;
        let (writer, thread) = writer::start(store.clone(), routes.clone(), calendars.clone());
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|source| ServeError::Listen {
                addr: listen.to_string(),
                source,
            })?;
        let app = Arc::new(App {
            store,
            routes,
            calendars,
            users,
            writer,
            limiter: session::Limiter::new(login_failures, login_window),
            today,
            secure_cookies,
            monte_carlo,
            trails_page: trails_page.max(1),
        });
        Ok(Server {
            app,
            listener,
            writer: thread,
        })
    }

    /// The address it listens on.
    ///
    /// # Errors
    /// The socket has no address (never after a successful bind).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then stops accepting, lets requests in flight
    /// finish (their commands are written and flushed), and returns.
    ///
    /// # Errors
    /// The listening socket failed.
    pub async fn run(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServeError> {
        let Server {
            app,
            listener,
            writer,
        } = self;
        let router = router(app.clone());
        tracing::info!(addr = %listener.local_addr()?, "serving");
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await?;
        tracing::info!("no more requests in flight; closing the writer");
        drop(app);
        tokio::task::spawn_blocking(move || writer.join())
            .await
            .map_err(std::io::Error::other)?;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Completes on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C: shutting down"),
        () = term => tracing::info!("SIGTERM: shutting down"),
    }
}

fn router(app: Shared) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(web::routes())
        .layer(axum::middleware::from_fn(as_problem))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            log_request,
        ))
        .with_state(app)
}

/// Every failure as a problem with a code: what axum refuses before a handler runs (a body
/// or query of another shape, an unknown path, a method a path does not take, a body over
/// the limit) answers in plain text, which becomes the matching [`ServerProblem`] here.
/// Problems and the browser's HTML pages pass unchanged.
async fn as_problem(req: Request, next: Next) -> Response {
    use axum::response::IntoResponse as _;
    use stroom_render::server::ServerProblem;
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let response = next.run(req).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("application/problem+json") || content_type.starts_with("text/html")
    {
        return response;
    }
    let body = axum::body::to_bytes(response.into_body(), 64 * 1024)
        .await
        .unwrap_or_default();
    let message = String::from_utf8_lossy(&body).trim().to_string();
    let p = match status.as_u16() {
        404 if message.is_empty() => ServerProblem::NoSuchEndpoint { method, path },
        405 => ServerProblem::MethodNotAllowed { method, path },
        413 => ServerProblem::TooLarge { path },
        s if s >= 500 => ServerProblem::Internal { message },
        _ => ServerProblem::BadRequest { message },
    };
    problem::Problem::server(p).into_response()
}

/// One structured log line per request: method, path, status, duration, user.
async fn log_request(State(_app): State<Shared>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let start = std::time::Instant::now();
    let response = next.run(req).await;
    let user = response
        .extensions()
        .get::<session::Actor>()
        .map_or("-", |a| a.0.as_str())
        .to_string();
    tracing::info!(
        target: "stroom::request",
        %method,
        path,
        status = response.status().as_u16(),
        micros = start.elapsed().as_micros() as u64,
        user,
        "request"
    );
    response
}
