//! The CLI as a client of `stroom serve` (`--server URL` or `STROOM_SERVER`).
//!
//! The commands send what they would have recorded or asked of the local database to the
//! server's JSON API, as the user of `stroom login` (or `STROOM_TOKEN`), and render the
//! answer with the same code as local mode; the server's errors carry the exit code the
//! same failure has locally. The token of `stroom login` is kept per server URL in
//! `stroom/tokens.json` in the user's configuration directory, readable by the user only.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;
use reqwest::blocking::{RequestBuilder, Response};
use reqwest::{StatusCode, Url};
use serde::{Deserialize, Serialize};

use jiff::civil::Date;
use stroom::{journal, Record};

use crate::settings::Settings;
use crate::ExitCode;
use stroom_render::client::{Connection, NoAnswer};

/// A request without query parameters.
pub const NO_QUERY: &[(&str, &str)] = &[];

/// How long one request may take: a Monte Carlo run on the server can take a while.
const TIMEOUT: Duration = Duration::from_secs(300);

/// A failure the server (or the way to it) reported, with the exit code local mode gives
/// the same failure.
#[derive(Debug)]
pub struct RemoteError {
    /// The exit code.
    pub exit: ExitCode,
    /// The message, with its hint lines.
    pub message: String,
}

impl std::fmt::Display for RemoteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RemoteError {}

/// Why a request got no answer, from the network library's error.
fn no_answer(e: &reqwest::Error) -> NoAnswer {
    if e.is_timeout() {
        return NoAnswer::Timeout {
            seconds: TIMEOUT.as_secs(),
        };
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::ConnectionRefused {
                return NoAnswer::Refused;
            }
        }
        // The resolver's error has no kind of its own; its words name it.
        if s.to_string().contains("dns error") {
            return NoAnswer::UnknownHost;
        }
        source = s.source();
    }
    NoAnswer::Broken
}

fn exit_code(code: u8) -> ExitCode {
    ExitCode::ALL
        .into_iter()
        .find(|c| *c as u8 == code && *c != ExitCode::Ok)
        .unwrap_or(ExitCode::Failure)
}

/// Where the server is and which token to show it.
#[derive(Debug, Clone)]
pub struct Remote {
    /// The server's base URL, e.g. `http://127.0.0.1:8080/`.
    pub url: Url,
    /// The token: `STROOM_TOKEN`, else the one `stroom login` kept for this URL.
    pub token: Option<String>,
    /// Where `stroom login` keeps tokens (`None`: the system has no configuration directory).
    pub tokens_file: Option<PathBuf>,
}

impl Remote {
    /// The URL as the user typed it, without a trailing slash (for messages and the
    /// tokens file).
    pub fn name(&self) -> String {
        crate::server_url::name(&self.url)
    }
}

pub use crate::server_url::parse_url;

/// A connection to one server.
#[derive(Debug)]
pub struct Client {
    remote: Remote,
    http: reqwest::blocking::Client,
    /// The language of what the client itself says (a refused grant).
    lang: stroom_render::Lang,
}

impl Client {
    /// The client of the server the settings name, if they name one (client mode).
    ///
    /// # Errors
    /// The HTTP client cannot start.
    pub fn of(settings: &crate::settings::Settings) -> Result<Option<Client>> {
        settings
            .server
            .as_ref()
            .map(|remote| Client::new(remote).map(|c| c.in_lang(settings.lang)))
            .transpose()
    }

    /// The client speaking `lang` in what it says itself.
    pub fn in_lang(mut self, lang: stroom_render::Lang) -> Client {
        self.lang = lang;
        self
    }

    /// A client of `remote`.
    ///
    /// # Errors
    /// The HTTP client cannot start (no TLS backend, never with plain http).
    pub fn new(remote: &Remote) -> Result<Client> {
        let http = reqwest::blocking::Client::builder()
            .timeout(TIMEOUT)
            .user_agent(concat!("stroom/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Connection::CannotStart {
                detail: e.to_string(),
            })?;
        Ok(Client {
            remote: remote.clone(),
            http,
            lang: stroom_render::Lang::En,
        })
    }

    /// The server's URL, for messages.
    pub fn name(&self) -> String {
        self.remote.name()
    }

    /// The URL of an endpoint, from its path segments (each percent-encoded as needed).
    fn endpoint(&self, segments: &[&str]) -> Result<Url> {
        crate::server_url::endpoint(&self.remote.url, segments)
    }

    fn authorized(&self, req: RequestBuilder) -> Result<RequestBuilder> {
        match &self.remote.token {
            Some(token) => Ok(req.bearer_auth(token)),
            None => Err(Connection::NotLoggedIn {
                server: self.name(),
            }
            .into()),
        }
    }

    /// Sends a request and turns a failure into a [`RemoteError`].
    fn send(&self, req: RequestBuilder, what: &str) -> Result<Response> {
        let resp = req.send().map_err(|e| {
            tracing::debug!(error = %error_chain(&e), "{what}");
            Connection::Unreachable {
                server: self.name(),
                why: no_answer(&e),
                detail: error_chain(&e),
            }
        })?;
        let status = resp.status();
        if status.is_success() {
            return Ok(resp);
        }
        let is_problem = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/problem+json"));
        let body = resp.text().unwrap_or_default();
        let problem: Option<Problem> = if is_problem {
            serde_json::from_str(&body).ok()
        } else {
            None
        };
        let err = match problem {
            Some(p) => match self.typed(&p) {
                // The engine's own error: `main` renders it in the user's language and
                // gives it its exit code, exactly as in local mode.
                Some(Typed::Engine(e)) => return Err(e.into()),
                // The server's own problem, rendered in the user's language.
                Some(Typed::Server(s)) => RemoteError {
                    exit: exit_code(s.class().exit),
                    message: s.text(self.lang, &self.name()),
                },
                // The server's own database failing (its class only), or a code this
                // client does not know (a newer server): its English words, in Dutch
                // said what the code means.
                None => RemoteError {
                    exit: exit_code(p.exit),
                    message: stroom_render::client::Reported {
                        server: self.name(),
                        code: p.code.clone(),
                        detail: p.detail,
                    }
                    .text(self.lang),
                },
            },
            None => RemoteError {
                exit: if status == StatusCode::UNAUTHORIZED {
                    ExitCode::Denied
                } else {
                    ExitCode::Failure
                },
                message: Connection::UnexpectedStatus {
                    server: self.name(),
                    status: status.to_string(),
                    what: what.to_string(),
                    body: body
                        .chars()
                        .take(200)
                        .collect::<String>()
                        .trim()
                        .to_string(),
                    version: env!("CARGO_PKG_VERSION").to_string(),
                }
                .text(self.lang),
            },
        };
        Err(err.into())
    }

    fn text(resp: Response, what: &str) -> Result<String> {
        resp.text().map_err(|e| {
            tracing::debug!(error = %error_chain(&e), "{what}");
            Connection::BrokeOff {
                what: what.to_string(),
                why: no_answer(&e),
            }
            .into()
        })
    }

    /// `GET` an endpoint as the logged-in user; the response itself (for its headers).
    ///
    /// # Errors
    /// Not logged in, the server unreachable, or the server's refusal.
    pub fn get_response<Q: Serialize + ?Sized>(
        &self,
        segments: &[&str],
        query: &Q,
    ) -> Result<Response> {
        let url = self.endpoint(segments)?;
        let what = format!("GET {}", url.path());
        let req = self.authorized(self.http.get(url).query(query))?;
        self.send(req, &what)
    }

    /// `GET` an endpoint as the logged-in user; the body.
    ///
    /// # Errors
    /// Not logged in, the server unreachable, or the server's refusal.
    pub fn get<Q: Serialize + ?Sized>(&self, segments: &[&str], query: &Q) -> Result<String> {
        let what = format!("GET /{}", segments.join("/"));
        Client::text(self.get_response(segments, query)?, &what)
    }

    /// `POST` JSON to an endpoint as the logged-in user; the body.
    ///
    /// # Errors
    /// Not logged in, the server unreachable, or the server's refusal.
    pub fn post<T: Serialize + ?Sized>(&self, segments: &[&str], body: &T) -> Result<String> {
        let what = format!("POST /{}", segments.join("/"));
        Client::text(self.post_response(segments, body)?, &what)
    }

    /// `POST` JSON to an endpoint as the logged-in user; the response (for its headers).
    ///
    /// # Errors
    /// Not logged in, the server unreachable, or the server's refusal.
    pub fn post_response<T: Serialize + ?Sized>(
        &self,
        segments: &[&str],
        body: &T,
    ) -> Result<Response> {
        let url = self.endpoint(segments)?;
        let what = format!("POST {}", url.path());
        let req = self.authorized(self.http.post(url).json(body))?;
        self.send(req, &what)
    }

    /// The body of a response.
    ///
    /// # Errors
    /// The answer broke off.
    pub fn body(resp: Response, what: &str) -> Result<String> {
        Client::text(resp, what)
    }

    /// `PUT` JSON to an endpoint as the logged-in user; the body.
    ///
    /// # Errors
    /// Not logged in, the server unreachable, or the server's refusal.
    pub fn put<T: Serialize + ?Sized>(&self, segments: &[&str], body: &T) -> Result<String> {
        let url = self.endpoint(segments)?;
        let what = format!("PUT {}", url.path());
        let req = self.authorized(self.http.put(url).json(body))?;
        Client::text(self.send(req, &what)?, &what)
    }

    /// `DELETE` an endpoint as the logged-in user; the body.
    ///
    /// # Errors
    /// Not logged in, the server unreachable, or the server's refusal.
    pub fn delete(&self, segments: &[&str]) -> Result<String> {
        let url = self.endpoint(segments)?;
        let what = format!("DELETE {}", url.path());
        let req = self.authorized(self.http.delete(url))?;
        Client::text(self.send(req, &what)?, &what)
    }

    /// The server's today (`GET /health`, no login needed): the day the server records a
    /// command on and checks dates against, which the client takes as its own unless given
    /// `--today`, so a client whose clock or time zone says another day still agrees.
    ///
    /// # Errors
    /// The server unreachable, or an answer without a date (another version).
    pub fn today(&self) -> Result<Date> {
        #[derive(Deserialize)]
        struct Health {
            today: Date,
        }
        let url = self.endpoint(&["health"])?;
        let resp = self.send(self.http.get(url), "GET /health")?;
        let text = Client::text(resp, "GET /health")?;
        Ok(decode::<Health>(&text, "GET /health")?.today)
    }

    /// Exchanges a name and password for a new API token.
    ///
    /// # Errors
    /// Wrong credentials, the rate limit, or the server unreachable.
    pub fn login(&self, name: &str, password: &str, label: &str) -> Result<Login> {
        let url = self.endpoint(&["api", "tokens"])?;
        let req = self.http.post(url).json(&serde_json::json!({
            "name": name,
            "password": password,
            "label": label,
        }));
        let resp = self.send(req, "POST /api/tokens")?;
        let text = Client::text(resp, "POST /api/tokens")?;
        decode(&text, "POST /api/tokens")
    }
}

/// The trail of one stroom, verified and replayed: from the local database, or with
/// `--server` from the server (`GET /api/strooms/REF/log`). The server's records go through
/// the same engine call as local ones (`journal::load`, over a [`stroom::MemoryStore`]):
/// the chain is verified here too and the stroom replayed under its stored route.
///
/// # Errors
/// An unknown stroom, a trail that does not verify, a store failure, or the server's refusal.
pub fn load(settings: &Settings, reference: &str) -> Result<journal::Loaded> {
    match Client::of(settings)? {
        None => {
            let store = settings.read_store_for(reference)?;
            Ok(journal::load(&store, &settings.routes, reference)?)
        }
        Some(client) => {
            let what = "GET /api/strooms/REF/log";
            let text = client.get(&["api", "strooms", reference, "log"], NO_QUERY)?;
            let trail: stroom_server::Trail = decode(&text, what)?;
            let store = in_memory(&[trail.records])?;
            Ok(journal::load(&store, &settings.routes, reference)?)
        }
    }
}

/// Every stroom's trail, as [`load`] gives one: from the local database, or with
/// `--server` from the server (`GET /api/trails`, a page at a time).
///
/// # Errors
/// A trail that does not verify, a store failure, or the server's refusal.
pub fn load_all(settings: &Settings) -> Result<Vec<journal::Loaded>> {
    match Client::of(settings)? {
        None => {
            let store = settings.read_store()?;
            let threads = std::thread::available_parallelism().map_or(1, usize::from);
            Ok(stroom::portfolio::load_all_on(
                &store,
                &settings.routes,
                threads,
            )?)
        }
        Some(client) => {
            // A page at a time (the server bounds its pages), following the cursor.
            let mut trails: Vec<Vec<Record>> = Vec::new();
            let mut query = stroom_server::TrailsQuery::default();
            loop {
                let text = client.get(&["api", "trails"], &query)?;
                let page: stroom_server::TrailsPage = decode(&text, "GET /api/trails")?;
                trails.extend(page.trails);
                match page.next {
                    Some(next) if query.after.as_ref() != Some(&next) => query.after = Some(next),
                    _ => break,
                }
            }
            let store = in_memory(&trails)?;
            Ok(stroom::portfolio::load_all(&store, &settings.routes)?)
        }
    }
}

/// The server's trails in a store in memory, so that the engine reads them as it reads the
/// local database.
fn in_memory(trails: &[Vec<Record>]) -> Result<stroom::MemoryStore> {
    let store = stroom::MemoryStore::new();
    let batches: Vec<(&str, &[Record])> = trails
        .iter()
        .filter_map(|t| t.first().map(|r| (r.stroom.as_str(), t.as_slice())))
        .collect();
    stroom::Store::restore(&store, &batches)?;
    Ok(store)
}

/// What `POST /api/tokens` answers.
#[derive(Debug, Deserialize)]
pub struct Login {
    /// The new token.
    pub token: String,
    /// Who it logs in.
    pub user: stroom_server::User,
}

/// An `application/problem+json` body, as far as the client needs it.
#[derive(Debug, Deserialize)]
struct Problem {
    #[serde(default)]
    code: String,
    detail: String,
    exit: u8,
    #[serde(default)]
    reason: Option<serde_json::Value>,
}

/// A problem's typed reason, decoded.
enum Typed {
    /// One of the engine's errors, rendered as in local mode.
    Engine(stroom::Error),
    /// One of the server's own problems (logins, grants, users, the request's shape).
    Server(stroom_render::server::ServerProblem),
}

impl Client {
    /// The typed reason of a problem, when it carries one this client knows (else the
    /// server's English `detail` is shown).
    fn typed(&self, p: &Problem) -> Option<Typed> {
        let reason = p.reason.as_ref()?;
        if let Some(e) = stroom_server::reason::decode(reason, &self.name()) {
            return Some(Typed::Engine(e));
        }
        serde_json::from_value(reason.clone())
            .ok()
            .map(Typed::Server)
    }
}

/// The text of an error and its causes (reqwest's own message says little: "error
/// sending request").
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

/// Decodes the server's JSON answer into the type the renderer takes.
///
/// # Errors
/// An answer of another shape (a server of another version).
pub fn decode<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| {
        Connection::UnexpectedAnswer {
            what: what.to_string(),
            detail: e.to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
        .into()
    })
}

/// Re-indents the server's compact JSON the way `--format json` prints locally
/// (serde_json's pretty printer: two spaces, `"key": value`), keeping the field order.
pub fn pretty_json(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut chars = compact.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push('"');
                while let Some(s) = chars.next() {
                    out.push(s);
                    match s {
                        '\\' => {
                            if let Some(escaped) = chars.next() {
                                out.push(escaped);
                            }
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '{' | '[' => {
                let close = if c == '{' { '}' } else { ']' };
                while chars.peek().is_some_and(|n| n.is_ascii_whitespace()) {
                    chars.next();
                }
                if chars.peek() == Some(&close) {
                    chars.next();
                    out.push(c);
                    out.push(close);
                } else {
                    out.push(c);
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_ascii_whitespace() => {}
            c => out.push(c),
        }
    }
    out.push('\n');
    out
}

/// The tokens `stroom login` keeps, per server URL.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Tokens {
    servers: BTreeMap<String, Saved>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Saved {
    user: String,
    token: String,
}

fn read_tokens(file: &Path) -> Result<Tokens> {
    match std::fs::read_to_string(file) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| {
            tracing::debug!(error = %e, "tokens file");
            Connection::NotATokensFile {
                file: file.display().to_string(),
            }
            .into()
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Tokens::default()),
        Err(e) => Err(stroom_render::cli::Problem::CannotRead {
            what: stroom_render::cli::FileKind::Tokens,
            path: file.display().to_string(),
            error: (&e).into(),
        }
        .into()),
    }
}

/// The token `stroom login` kept for `server`, if any.
///
/// # Errors
/// A tokens file that cannot be read or does not parse.
pub fn saved_token(file: &Path, server: &str) -> Result<Option<String>> {
    Ok(read_tokens(file)?.servers.remove(server).map(|s| s.token))
}

/// Keeps (`Some`) or forgets (`None`) the token for `server`: the file is written beside
/// itself and renamed into place, readable and writable by the user only (0600).
///
/// # Errors
/// The file or its folder cannot be written.
pub fn save_token(file: &Path, server: &str, saved: Option<(&str, &str)>) -> Result<()> {
    let mut tokens = read_tokens(file)?;
    match saved {
        Some((user, token)) => {
            tokens.servers.insert(
                server.to_string(),
                Saved {
                    user: user.to_string(),
                    token: token.to_string(),
                },
            );
        }
        None => {
            tokens.servers.remove(server);
        }
    }
    let cannot = |e: std::io::Error| stroom_render::cli::Problem::CannotWrite {
        path: file.display().to_string(),
        error: (&e).into(),
    };
    if let Some(dir) = file.parent() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).map_err(cannot)?;
    }
    let text = serde_json::to_string_pretty(&tokens)?;
    let mut partial = file.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let write = || -> std::io::Result<()> {
        use std::io::Write as _;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(&partial)?;
        // The mode applies at creation only: a file left by an earlier run gets it too.
        #[cfg(unix)]
        std::fs::set_permissions(
            &partial,
            std::os::unix::fs::PermissionsExt::from_mode(0o600),
        )?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&partial, file)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        cannot(e)
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_json_is_printed_as_serde_prints_it() {
        #[derive(Serialize)]
        struct Inner {
            zeta: Vec<u8>,
            alpha: Option<String>,
            empty: Vec<u8>,
            map: BTreeMap<String, u8>,
        }
        let v = vec![Inner {
            zeta: vec![1, 2],
            alpha: Some("a \"quoted\", {tricky}: [text]\\".into()),
            empty: vec![],
            map: BTreeMap::new(),
        }];
        let compact = serde_json::to_string(&v).unwrap_or_default();
        let mut pretty = serde_json::to_string_pretty(&v).unwrap_or_default();
        pretty.push('\n');
        assert_eq!(pretty_json(&compact), pretty);
    }

    #[test]
    fn server_urls_are_checked_and_keep_their_path() {
        let u = parse_url("http://127.0.0.1:8080").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(u.as_str(), "http://127.0.0.1:8080/");
        let u = parse_url("https://example.org/stroom").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(u.as_str(), "https://example.org/stroom/");
        assert!(parse_url("127.0.0.1:8080").is_err());
        assert!(parse_url("ftp://example.org").is_err());
        let remote = Remote {
            url: u,
            token: None,
            tokens_file: None,
        };
        let client = Client::new(&remote).unwrap_or_else(|e| panic!("{e}"));
        let endpoint = |segment: &str| client.endpoint(&["api", "strooms", segment]);
        let url = |segment: &str| endpoint(segment).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            url("a/b c").as_str(),
            "https://example.org/stroom/api/strooms/a%2Fb%20c"
        );
        // Found by the fuzz target `server-url`: the URL parser drops a tab or a newline, and
        // `..` named the list of strooms.
        assert_eq!(
            url("486\t").as_str(),
            "https://example.org/stroom/api/strooms/486%09"
        );
        assert_eq!(
            url("50%").as_str(),
            "https://example.org/stroom/api/strooms/50%25"
        );
        for dots in [".", ".."] {
            let refused = endpoint(dots).err().map(|e| e.to_string());
            assert_eq!(
                refused.as_deref(),
                Some(format!("'{dots}' is not a valid stroom reference").as_str())
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn tokens_are_kept_for_the_user_only() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("stroom").join("tokens.json");
        save_token(&file, "http://a", Some(("ada", "t1"))).unwrap_or_else(|e| panic!("{e}"));
        save_token(&file, "http://b", Some(("bob", "t2"))).unwrap_or_else(|e| panic!("{e}"));
        let mode = std::fs::metadata(&file)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or_default();
        assert_eq!(mode, 0o600);
        assert_eq!(
            saved_token(&file, "http://a")
                .unwrap_or_default()
                .as_deref(),
            Some("t1")
        );
        save_token(&file, "http://a", None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(saved_token(&file, "http://a").unwrap_or_default(), None);
        assert_eq!(
            saved_token(&file, "http://b")
                .unwrap_or_default()
                .as_deref(),
            Some("t2")
        );
    }
}
