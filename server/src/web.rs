//! The browser UI, in Dutch: server-rendered HTML that works without JavaScript.
//!
//! Pages: `/login`, `/portfolio` (sortable, filter by directie and bewindspersoon),
//! `/strooms/{ref}` (state, approvals, plan, trail, and forms for exactly the commands the
//! user's grants allow now), `/kalenders` (each body's meetings per month, the recesses).
//! Every form carries the session's CSRF token; the login form a token of its own, bound
//! to a cookie (double submit).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use jiff::civil::Date;
use jiff::Timestamp;
use serde::Deserialize;
use stroom::journal::{self, Loaded};
use stroom::machine::CommandKind;
use stroom::view::{agreements, Agreement};
use stroom::{Role, RouteKind, Target};

use crate::api::{self, blocking, Auth, CommandBody, NewBody, PlanQuery, Via};
use crate::grants::{Grant, Op};
use crate::html::{self, esc, page, url};
use crate::problem::Problem;
use crate::session::{self, Actor, LOGIN_COOKIE, SESSION_COOKIE};
use crate::Shared;
use stroom_render::server::ServerProblem;

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/portfolio") }))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/portfolio", get(portfolio))
        .route("/strooms", post(new_stroom))
        .route(
            "/strooms/{reference}",
            get(stroom_page).post(stroom_command),
        )
        .route("/kalenders", get(calendars))
}

/// A browser session, or the redirect to the login page.
fn session(app: &Shared, headers: &HeaderMap) -> Option<(Auth, String)> {
    let auth = api::authenticate(app, headers).ok()?;
    match &auth.via {
        Via::Session { csrf, .. } => {
            let csrf = csrf.clone();
            Some((auth, csrf))
        }
        Via::Token(_) => None,
    }
}

/// A page's browser session: the logged-in user and the session's CSRF secret. A request
/// without a valid browser session is sent to the login page (an API token does not count).
struct BrowserSession(Auth, String);

impl FromRequestParts<Shared> for BrowserSession {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Shared) -> Result<Self, Response> {
        session(app, &parts.headers)
            .map(|(auth, csrf)| BrowserSession(auth, csrf))
            .ok_or_else(to_login)
    }
}

fn to_login() -> Response {
    Redirect::to("/login").into_response()
}

fn html_response(auth: Option<&Auth>, status: StatusCode, body: String) -> Response {
    let mut r = (status, Html(body)).into_response();
    if let Some(a) = auth {
        r.extensions_mut().insert(Actor(a.user.name.clone()));
    }
    r
}

fn error_box(p: &Problem) -> String {
    format!(
        "<div class=\"error\" role=\"alert\"><strong>Niet gelukt:</strong> {}</div>",
        esc(p.dutch())
    )
}

fn random_hex() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut b = [0u8; 32];
    OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

fn login_form(app: &Shared, status: StatusCode, message: Option<&str>) -> Response {
    let token = random_hex();
    let mut body = String::from("<h1>Inloggen</h1>");
    if let Some(m) = message {
        let _ = write!(body, "<div class=\"error\" role=\"alert\">{}</div>", esc(m));
    }
    let _ = write!(
        body,
        "<form method=\"post\" action=\"/login\" class=\"cmd\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{token}\">\
         <label for=\"naam\">Gebruikersnaam</label><input id=\"naam\" name=\"naam\" autocomplete=\"username\" required>\
         <label for=\"wachtwoord\">Wachtwoord</label><input id=\"wachtwoord\" name=\"wachtwoord\" type=\"password\" autocomplete=\"current-password\" required>\
         <div><button type=\"submit\">Inloggen</button></div></form>"
    );
    let mut r = (status, Html(page("Inloggen", None, &body))).into_response();
    if let Ok(v) = session::set_cookie(LOGIN_COOKIE, &token, app.secure_cookies, Some(3600)).parse()
    {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

async fn login_page(State(app): State<Shared>) -> Response {
    login_form(&app, StatusCode::OK, None)
}

/// The login form (`POST /login`).
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    /// The user name, trimmed before it is checked.
    pub naam: String,
    /// The password.
    pub wachtwoord: String,
    /// The form's CSRF token, compared with the login cookie's.
    pub csrf: String,
}

async fn login(
    State(app): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let expected = session::cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !session::same_secret(&f.csrf, &expected) {
        return login_form(
            &app,
            StatusCode::FORBIDDEN,
            Some("Het formulier is verlopen (CSRF-controle). Probeer het opnieuw."),
        );
    }
    match api::login(&app, addr, f.naam.trim(), &f.wachtwoord).await {
        Ok(user) => match app.users.new_session(&user.name, Timestamp::now()) {
            Ok((secret, _csrf)) => {
                let mut r = Redirect::to("/portfolio").into_response();
                let max_age = u64::try_from(crate::users::SESSION_LIFETIME.as_secs()).unwrap_or(0);
                if let Ok(v) =
                    session::set_cookie(SESSION_COOKIE, &secret, app.secure_cookies, Some(max_age))
                        .parse()
                {
                    r.headers_mut().append(header::SET_COOKIE, v);
                }
                if let Ok(v) =
                    session::set_cookie(LOGIN_COOKIE, "", app.secure_cookies, Some(0)).parse()
                {
                    r.headers_mut().append(header::SET_COOKIE, v);
                }
                r.extensions_mut().insert(Actor(user.name));
                r
            }
            Err(e) => login_form(&app, StatusCode::SERVICE_UNAVAILABLE, Some(&e.to_string())),
        },
        Err(p) if p.code() == "rate-limited" => login_form(
            &app,
            StatusCode::TOO_MANY_REQUESTS,
            Some("Te veel mislukte pogingen. Wacht een paar minuten en probeer het opnieuw."),
        ),
        Err(p) if p.code() == "bad-credentials" => login_form(
            &app,
            StatusCode::UNAUTHORIZED,
            Some("Onjuiste gebruikersnaam of wachtwoord."),
        ),
        Err(p) => login_form(&app, p.status(), Some(p.dutch())),
    }
}

/// A form that carries only its CSRF token (`POST /logout`).
#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf: String,
}

async fn logout(
    State(app): State<Shared>,
    BrowserSession(auth, csrf): BrowserSession,
    Form(f): Form<CsrfForm>,
) -> Response {
    if !session::same_secret(&f.csrf, &csrf) {
        return Problem::csrf().into_response();
    }
    if let Via::Session { secret, .. } = &auth.via {
        if let Err(e) = app.users.end_session(secret) {
            return Problem::from(e).into_response();
        }
    }
    let mut r = Redirect::to("/login").into_response();
    if let Ok(v) = session::set_cookie(SESSION_COOKIE, "", app.secure_cookies, Some(0)).parse() {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r.extensions_mut().insert(Actor(auth.user.name));
    r
}

/// The portfolio page's query (`/portfolio?sorteer=…&directie=…&bewindspersoon=…`).
#[derive(Debug, Default, Deserialize)]
pub struct PortfolioParams {
    /// The column to sort by (`risico` by default).
    #[serde(default)]
    pub sorteer: Option<String>,
    /// Only this directie's strooms.
    #[serde(default)]
    pub directie: Option<String>,
    /// Only strooms of this bewindspersoon.
    #[serde(default)]
    pub bewindspersoon: Option<String>,
}

async fn portfolio(
    State(app): State<Shared>,
    BrowserSession(auth, csrf): BrowserSession,
    Query(q): Query<PortfolioParams>,
) -> Response {
    let today = app.today();
    let app2 = app.clone();
    let result = blocking(move || {
        let (entries, strooms) = match &app2.monte_carlo {
            Some(mc) => api::portfolio_with_p(&app2, today, 5, mc.runs, mc.seed, &mc.model)?,
            None => api::portfolio_entries(&app2, today, 5)?,
        };
        // The next date to watch per stroom: the first step of its plan from today on.
        let mut next = std::collections::BTreeMap::new();
        for s in &strooms {
            if s.state.kind().is_terminal() {
                continue;
            }
            if let Ok(plan) = api::plan_value(&app2, &s.def.reference, &PlanQuery::default()) {
                if let Some(m) = plan.milestones.iter().find(|m| m.date >= today) {
                    next.insert(s.def.reference.clone(), (m.step, m.date, m.basis));
                }
            }
        }
        Ok((entries, strooms, next))
    })
    .await;
    let (entries, strooms, next) = match result {
        Ok(v) => v,
        Err(p) => {
            return html_response(
                Some(&auth),
                p.status(),
                page("Portfolio", Some((&auth.user, &csrf)), &error_box(&p)),
            )
        }
    };
    let by_ref: std::collections::BTreeMap<&str, &stroom::Stroom> = strooms
        .iter()
        .map(|s| (s.def.reference.as_str(), s))
        .collect();
    let directies: BTreeSet<&str> = strooms.iter().map(|s| s.def.directie.as_str()).collect();
    let roles: BTreeSet<&str> = strooms
        .iter()
        .flat_map(|s| s.def.bewindspersonen().map(Role::as_str))
        .collect();
    let directie = q.directie.clone().filter(|d| !d.is_empty());
    let role = q.bewindspersoon.clone().filter(|d| !d.is_empty());
    let mut rows: Vec<&stroom::portfolio::Entry> = entries
        .iter()
        .filter(|e| {
            let Some(s) = by_ref.get(e.reference.as_str()) else {
                return false;
            };
            directie.as_deref().is_none_or(|d| s.def.directie == d)
                && role
                    .as_deref()
                    .is_none_or(|r| s.def.bewindspersonen().any(|b| b.as_str() == r))
        })
        .collect();
    let sort = q.sorteer.clone().unwrap_or_else(|| "risico".into());
    match sort.as_str() {
        "referentie" => rows.sort_by(|a, b| a.reference.cmp(&b.reference)),
        "kamer" => rows.sort_by(|a, b| {
            (a.kamer.is_none(), a.kamer, &a.reference).cmp(&(
                b.kamer.is_none(),
                b.kamer,
                &b.reference,
            ))
        }),
        "speling" => rows.sort_by(|a, b| {
            (a.slack().is_none(), a.slack(), &a.reference).cmp(&(
                b.slack().is_none(),
                b.slack(),
                &b.reference,
            ))
        }),
        "deadline" => {
            rows.sort_by_key(|e| (next.get(&e.reference).map(|n| n.1), e.reference.clone()))
        }
        _ => {} // the engine's order: risk, then slack, then reference
    }
    let mut body = String::from("<h1>Portfolio: open stukkenstromen</h1>");
    let _ = write!(body, "<p>Peildatum {}. Risico: <em>te laat</em> als de vroegste verzenddatum na de uiterlijke ligt, <em>risico</em> bij minder dan 5 werkdagen speling.", esc(&html::day(today)));
    if let Some(mc) = &app.monte_carlo {
        let _ = write!(
            body,
            " <em>P(doel)</em>: de kans dat de stroom zijn doel haalt, uit {} Monte Carlo-runs met het model van de server ({}).",
            mc.runs,
            esc(&model_text(&mc.model))
        );
    }
    body.push_str("</p>");
    // Filters (GET form: works without JavaScript and keeps the URL shareable).
    let _ = write!(body, "<form method=\"get\" action=\"/portfolio\" aria-label=\"Filter\"><input type=\"hidden\" name=\"sorteer\" value=\"{}\">", esc(&sort));
    let _ = write!(body, "<label for=\"directie\">Directie</label><select id=\"directie\" name=\"directie\"><option value=\"\">alle</option>");
    for d in &directies {
        let sel = if directie.as_deref() == Some(*d) {
            " selected"
        } else {
            ""
        };
        let _ = write!(body, "<option{sel}>{}</option>", esc(d));
    }
    let _ = write!(body, "</select><label for=\"bewindspersoon\">Bewindspersoon</label><select id=\"bewindspersoon\" name=\"bewindspersoon\"><option value=\"\">alle</option>");
    for r in &roles {
        let sel = if role.as_deref() == Some(*r) {
            " selected"
        } else {
            ""
        };
        let _ = write!(body, "<option{sel}>{}</option>", esc(r));
    }
    let _ = write!(
        body,
        "</select> <button type=\"submit\">Filteren</button></form>"
    );
    let link = |key: &str, label: &str| {
        let mark = if sort == key { " ▲" } else { "" };
        format!(
            "<a href=\"/portfolio?sorteer={key}&amp;directie={}&amp;bewindspersoon={}\">{label}</a>{mark}",
            url(directie.as_deref().unwrap_or("")),
            url(role.as_deref().unwrap_or(""))
        )
    };
    if rows.is_empty() {
        body.push_str("<p>Geen open stukkenstromen (met dit filter).</p>");
    } else {
        let _ = write!(
            body,
            "<table><caption class=\"visually-hidden\">Open stukkenstromen</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">Titel</th><th scope=\"col\">Directie</th><th scope=\"col\">Bewindspersonen</th><th scope=\"col\">Status</th><th scope=\"col\">{}</th><th scope=\"col\">Doel</th><th scope=\"col\">Uiterlijk verzenden</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>{}</tr></thead><tbody>",
            link("risico", "Risico"),
            link("referentie", "Referentie"),
            link("kamer", "Vroegste Kamerdatum"),
            link("speling", "Speling (werkdagen)"),
            link("deadline", "Volgende datum"),
            if app.monte_carlo.is_some() {
                "<th scope=\"col\">P(doel)</th>"
            } else {
                ""
            },
        );
        for e in rows {
            let s = by_ref.get(e.reference.as_str());
            let target = match e.target {
                Some(Target::KamerBy { date }) => format!("Kamer uiterlijk {}", html::day(date)),
                Some(Target::Debate { date, .. }) => format!("debat {}", html::day(date)),
                None => "geen".into(),
            };
            let next_cell = match next.get(&e.reference) {
                Some((step, date, basis)) => {
                    let (class, word) = html::basis(*basis);
                    format!(
                        "<span class=\"{class}\">{}: {}</span><span class=\"tag\">{word}</span>",
                        html::step(*step),
                        html::day(*date)
                    )
                }
                None => "–".into(),
            };
            let _ = write!(
                body,
                "<tr><td>{}</td><td><a href=\"/strooms/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>{}</tr>",
                html::risk(e.risk),
                url(&e.reference),
                esc(&e.reference),
                esc(&e.title),
                esc(s.map_or("", |s| s.def.directie.as_str())),
                esc(&s.map(|s| s.def.bewindspersonen().map(Role::as_str).collect::<Vec<_>>().join(", ")).unwrap_or_default()),
                esc(e.state.name()),
                e.kamer.map_or_else(|| format!("kan niet plannen: {}", esc(e.error.as_deref().unwrap_or(""))), |d| esc(&html::day(d))),
                esc(&target),
                e.send_by.map_or("–".into(), |d| esc(&html::day(d))),
                e.slack().map_or("–".into(), |s| s.to_string()),
                next_cell,
                match (&app.monte_carlo, e.p_target) {
                    (None, _) => String::new(),
                    (Some(_), Some(p)) => format!("<td>{:.0}%</td>", p * 100.0),
                    (Some(_), None) => "<td>–</td>".into(),
                },
            );
        }
        body.push_str("</tbody></table>");
    }
    if auth.user.grants.contains(&Grant::Planner) {
        let _ = write!(
            body,
            "<h2>Nieuwe stukkenstroom registreren</h2><form method=\"post\" action=\"/strooms\" class=\"cmd\">\
             <input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <label for=\"toml\">Stroombestand (TOML, zoals bij <code>stroom new --from</code>)</label>\
             <textarea id=\"toml\" name=\"toml\" rows=\"8\" cols=\"70\" required></textarea>\
             <label for=\"on-new\">Datum van registratie</label><input id=\"on-new\" name=\"on\" type=\"date\" value=\"{today}\" max=\"{today}\">\
             <div><button type=\"submit\">Registreren</button></div></form>",
            esc(&csrf)
        );
    }
    html_response(
        Some(&auth),
        StatusCode::OK,
        page("Portfolio", Some((&auth.user, &csrf)), &body),
    )
}

/// The form that registers a stroom (`POST /strooms`).
#[derive(Debug, Deserialize)]
pub struct NewForm {
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// The stroom file's text.
    pub toml: String,
    /// The day of registration (empty: today).
    #[serde(default)]
    pub on: String,
}

impl NewForm {
    /// The API body the form stands for.
    ///
    /// # Errors
    /// A day that is not a date.
    pub fn body(&self) -> Result<NewBody, Problem> {
        Ok(NewBody {
            toml: Some(self.toml.clone()),
            def: None,
            on: form_date(&self.on)?,
        })
    }
}

fn form_date(s: &str) -> Result<Option<Date>, Problem> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<Date>().map(Some).map_err(|_| {
        Problem::server(ServerProblem::NotADate {
            field: "datum".into(),
            text: s.into(),
        })
    })
}

async fn new_stroom(
    State(app): State<Shared>,
    BrowserSession(auth, csrf): BrowserSession,
    Form(f): Form<NewForm>,
) -> Response {
    if !session::same_secret(&f.csrf, &csrf) {
        return Problem::csrf().into_response();
    }
    let result = async { api::create(&app, &auth, f.body()?).await }.await;
    match result {
        Ok((reference, _)) => {
            let mut r = Redirect::to(&format!("/strooms/{}?gedaan=new", url(&reference))).into_response();
            r.extensions_mut().insert(Actor(auth.user.name.clone()));
            r
        }
        Err(p) => html_response(Some(&auth), p.status(), page("Registreren mislukt", Some((&auth.user, &csrf)), &format!("<h1>Registreren mislukt</h1>{}<p><a href=\"/portfolio\">Terug naar het portfolio</a></p>", error_box(&p)))),
    }
}

/// A stroom page's query (`?gedaan=VERB` after a command).
#[derive(Debug, Default, Deserialize)]
pub struct StroomParams {
    /// The verb just recorded.
    #[serde(default)]
    pub gedaan: Option<String>,
}

impl StroomParams {
    /// The notice the page shows for `gedaan` (the verb escaped).
    pub fn notice(&self) -> Option<String> {
        self.gedaan.as_ref().map(|verb| {
            format!(
                "<div class=\"ok\" role=\"status\">Vastgelegd: {}.</div>",
                esc(&verb_label(verb))
            )
        })
    }
}

async fn stroom_page(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    BrowserSession(auth, csrf): BrowserSession,
    Query(q): Query<StroomParams>,
) -> Response {
    let notice = q.notice();
    render_stroom(&app, &auth, &csrf, &reference, StatusCode::OK, notice).await
}

fn verb_label(verb: &str) -> String {
    match verb {
        "new" => "geregistreerd".into(),
        "submit" => "voorgelegd aan de bewindspersonen".into(),
        "approve" => "akkoord".into(),
        "return" => "teruggestuurd met opmerkingen".into(),
        "deliver" => "aangeleverd voor het voorportaal".into(),
        "voorportaal" => "uitkomst voorportaal".into(),
        "needs-onderraad" => "besluit over de onderraad".into(),
        "onderraad" => "uitkomst onderraad".into(),
        "mr" => "uitkomst ministerraad".into(),
        "sign" => "getekend".into(),
        "send" => "verzonden aan de Kamer".into(),
        "withdraw" => "ingetrokken".into(),
        other => other.to_string(),
    }
}

struct Loaded2 {
    loaded: Loaded,
    kind: RouteKind,
    voorportaal: Option<String>,
    plan: Result<stroom::Plan, Problem>,
    /// The plan as a timeline picture (slots, deadlines, meetings, recesses).
    svg: Option<String>,
    /// The Monte Carlo histogram (HTML), when the server has a model.
    histogram: Option<Result<String, Problem>>,
}

async fn render_stroom(
    app: &Shared,
    auth: &Auth,
    csrf: &str,
    reference: &str,
    status: StatusCode,
    notice: Option<String>,
) -> Response {
    let (app2, r) = (app.clone(), reference.to_string());
    let result = blocking(move || {
        // One load verifies the stroom's chain: a tampered trail is never shown as intact.
        let loaded = journal::load(&*app2.store, &app2.routes, &r)?;
        let route = app2.routes.get(&loaded.stroom.def.route)?;
        let plan = if loaded.stroom.state.kind().is_terminal() {
            Err(Problem::server(ServerProblem::NothingToPlan))
        } else {
            api::plan_value(&app2, &r, &PlanQuery::default())
        };
        let svg = plan.as_ref().ok().map(|p| {
            stroom_render::timeline::svg(p, route, &app2.calendars, stroom_render::Lang::Nl)
        });
        // The Monte Carlo histogram, when the server has a model and there is a plan.
        let histogram = match (&app2.monte_carlo, &plan) {
            (Some(mc), Ok(_)) => {
                let body = api::SimulateBody {
                    runs: Some(mc.runs),
                    seed: mc.seed,
                    model: mc.model.clone(),
                    ..api::SimulateBody::default()
                };
                Some(
                    api::simulation(&app2, &r, &body)
                        .map(|(sim, _, _)| sim.monte_carlo)
                        .map(|mc| {
                            mc.map(|mc| {
                                stroom_render::html::histogram(&mc, stroom_render::Lang::Nl)
                            })
                            .unwrap_or_default()
                        }),
                )
            }
            _ => None,
        };
        Ok(Loaded2 {
            kind: route.kind(),
            voorportaal: route.voorportaal.clone(),
            loaded,
            plan,
            svg,
            histogram,
        })
    })
    .await;
    let user = Some((&auth.user, csrf));
    let l = match result {
        Ok(l) => l,
        Err(p) => {
            let body = format!(
                "<h1>Stroom {}</h1>{}<p><a href=\"/portfolio\">Terug naar het portfolio</a></p>",
                esc(reference),
                error_box(&p)
            );
            return html_response(Some(auth), p.status(), page("Stroom", user, &body));
        }
    };
    let s = &l.loaded.stroom;
    let mut body = String::new();
    let _ = write!(
        body,
        "<p><a href=\"/portfolio\">← Portfolio</a></p><h1>{} <small>{}</small></h1>",
        esc(&s.def.reference),
        esc(&s.def.title)
    );
    if let Some(n) = notice {
        body.push_str(&n);
    }
    let _ = write!(body, "<dl><dt>Route</dt><dd>{}</dd><dt>Directie</dt><dd>{}</dd><dt>Status</dt><dd><strong>{}</strong> sinds {}</dd><dt>Versie</dt><dd>{}</dd>",
        esc(&s.def.route), esc(&s.def.directie), esc(s.state.kind().name()), esc(&html::day(s.since)), s.version);
    if l.kind == RouteKind::Ministerraad {
        let o = match s.onderraad {
            None => "nog niet besloten (gepland zonder)",
            Some(true) => "nodig",
            Some(false) => "niet nodig",
        };
        let _ = write!(body, "<dt>Onderraad</dt><dd>{o}</dd>");
    }
    match s.def.target {
        Some(Target::KamerBy { date }) => {
            let _ = write!(
                body,
                "<dt>Doel</dt><dd>de Kamer heeft het uiterlijk {}</dd>",
                esc(&html::day(date))
            );
        }
        Some(Target::Debate { date, .. }) => {
            let _ = write!(
                body,
                "<dt>Doel</dt><dd>debat op {}</dd>",
                esc(&html::day(date))
            );
        }
        None => {}
    }
    body.push_str("</dl>");

    let agreed = agreements(&l.loaded, l.kind);
    let _ = write!(body, "<h2>Bewindspersonen (versie {})</h2><table><thead><tr><th scope=\"col\">Rol</th><th scope=\"col\">Ondertekenaar</th><th scope=\"col\">Stand</th></tr></thead><tbody>", s.version);
    for a in &agreed {
        let on =
            a.on.map(|d| format!(" op {}", html::day(d)))
                .unwrap_or_default();
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}{}</td></tr>",
            esc(a.role.as_str()),
            if a.signer == "eerste" {
                "eerste ondertekenaar"
            } else {
                "mede-ondertekenaar"
            },
            html::agreement(a.status),
            esc(&on)
        );
    }
    body.push_str("</tbody></table>");

    body.push_str("<h2>Planning</h2>");
    match &l.plan {
        Ok(plan) => {
            if let Some(k) = plan.kamer {
                let _ = write!(
                    body,
                    "<p>Vroegst naar de Kamer: <strong>{}</strong>",
                    esc(&html::day(k))
                );
                if let (Some(f), Some(slack)) = (plan.feasible(), plan.slack()) {
                    let _ = write!(
                        body,
                        " — {} ({} werkdagen speling)",
                        if f {
                            "op tijd voor het doel"
                        } else {
                            "te laat voor het doel"
                        },
                        slack
                    );
                }
                body.push_str("</p>");
            }
            if let Some(svg) = &l.svg {
                let _ = write!(body, "<figure class=\"timeline\">{svg}<figcaption>Tijdlijn van de planning; geschatte data zijn anders weergegeven dan data uit een bron.</figcaption></figure>");
            }
            body.push_str("<table><thead><tr><th scope=\"col\">Stap</th><th scope=\"col\">Orgaan</th><th scope=\"col\">Datum</th><th scope=\"col\">Herkomst</th><th scope=\"col\">Waarom</th></tr></thead><tbody>");
            for m in &plan.milestones {
                let (class, word) = html::basis(m.basis);
                let _ = write!(body, "<tr class=\"{class}\"><td>{}</td><td>{}</td><td>{}</td><td>{word}</td><td>{}</td></tr>", html::step(m.step), esc(&m.body), esc(&html::day(m.date)), esc(&nl().why_and_also(&m.why, &m.also)));
            }
            body.push_str("</tbody></table>");
            let latest = plan
                .target
                .as_ref()
                .map(|t| t.latest.as_slice())
                .unwrap_or_default();
            if !latest.is_empty() {
                body.push_str("<h3>Uiterlijke data voor het doel</h3><table><thead><tr><th scope=\"col\">Stap</th><th scope=\"col\">Uiterlijk</th><th scope=\"col\">Waarom</th></tr></thead><tbody>");
                for ld in latest {
                    let _ = write!(
                        body,
                        "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                        html::step(ld.step),
                        esc(&html::day(ld.date)),
                        esc(&nl().why_and_also(&ld.why, &ld.also))
                    );
                }
                body.push_str("</tbody></table>");
            }
            for w in &plan.warnings {
                let _ = write!(
                    body,
                    "<p class=\"error\">Let op: {}</p>",
                    esc(&nl().warning(w))
                );
            }
            body.push_str("<p><small>Cursief en gemarkeerd <em>geschat</em>: datum volgt uit een kalenderregel of een aanname, niet uit een gepubliceerd schema.</small></p>");
            match (&l.histogram, &app.monte_carlo) {
                (Some(Ok(h)), Some(mc)) => {
                    let _ = write!(
                        body,
                        "<section aria-label=\"Monte Carlo\">{h}<p><small>Model van de server: {}.</small></p></section>",
                        esc(&model_text(&mc.model))
                    );
                }
                (Some(Err(p)), _) => {
                    let _ = write!(body, "<h2>Monte Carlo</h2><p>{}</p>", esc(p.dutch()));
                }
                _ => {}
            }
        }
        Err(p) => body.push_str(&format!("<p>{}</p>", esc(p.dutch()))),
    }

    forms(&mut body, app, auth, csrf, &l, &agreed);

    let head = l
        .loaded
        .records
        .last()
        .map(|r| r.hash.clone())
        .unwrap_or_default();
    let _ = write!(body, "<h2 id=\"trail\">Audittrail</h2><p class=\"ok\">Keten geverifieerd: {} gebeurtenissen, laatste hash <code>{}</code>.</p>", l.loaded.records.len(), esc(&head));
    body.push_str("<table><thead><tr><th scope=\"col\">#</th><th scope=\"col\">Datum</th><th scope=\"col\">Vastgelegd op</th><th scope=\"col\">Door</th><th scope=\"col\">Rol</th><th scope=\"col\">Versie</th><th scope=\"col\">Wat</th><th scope=\"col\">Opmerking</th></tr></thead><tbody>");
    for r in &l.loaded.records {
        let _ = write!(body, "<tr><td>{}</td><td>{}</td><td>{:.0}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            r.seq, esc(&html::day(r.event.on)), r.recorded_at, esc(&r.actor), esc(r.role.as_ref().map_or("–", Role::as_str)), r.version, esc(&stroom_render::text::event(stroom_render::Lang::Nl, r)), esc(r.comment.as_deref().unwrap_or("")));
    }
    body.push_str("</tbody></table>");
    html_response(
        Some(auth),
        status,
        page(&format!("Stroom {}", s.def.reference), user, &body),
    )
}

/// The forms for exactly the commands the state allows and the user's grants permit.
fn forms(
    body: &mut String,
    app: &Shared,
    auth: &Auth,
    csrf: &str,
    l: &Loaded2,
    agreed: &[Agreement],
) {
    let s = &l.loaded.stroom;
    let today = app.today();
    let action = format!("/strooms/{}", url(&s.def.reference));
    let mut out = String::new();
    let date_field = |id: &str| {
        format!("<label for=\"on-{id}\">Datum</label><input id=\"on-{id}\" name=\"on\" type=\"date\" value=\"{today}\" max=\"{today}\" required>")
    };
    let open = |verb: &str, title: &str| {
        format!("<form method=\"post\" action=\"{action}\" class=\"cmd\"><h3>{}</h3><input type=\"hidden\" name=\"csrf\" value=\"{}\"><input type=\"hidden\" name=\"verb\" value=\"{verb}\">", esc(title), esc(csrf))
    };
    for kind in s.allowed(l.kind) {
        let verb = kind.verb();
        match kind {
            CommandKind::Approve | CommandKind::Return | CommandKind::Sign => {
                for a in agreed.iter().filter(|a| a.status == "waiting") {
                    if !auth
                        .user
                        .grants
                        .contains(&Grant::Secretariaat(a.role.clone()))
                    {
                        continue;
                    }
                    let role = a.role.as_str();
                    let id = format!("{verb}-{role}");
                    let title = match kind {
                        CommandKind::Approve => {
                            format!("Akkoord van {role} op versie {}", s.version)
                        }
                        CommandKind::Sign => {
                            format!("Ondertekening door {role}, versie {}", s.version)
                        }
                        _ => format!("{role} stuurt versie {} terug met opmerkingen", s.version),
                    };
                    out.push_str(&open(verb, &title));
                    let _ = write!(out, "<input type=\"hidden\" name=\"role\" value=\"{}\"><input type=\"hidden\" name=\"version\" value=\"{}\">", esc(role), s.version);
                    out.push_str(&date_field(&id));
                    if kind == CommandKind::Return {
                        let _ = write!(out, "<label for=\"comment-{id}\">Opmerkingen</label><textarea id=\"comment-{id}\" name=\"comment\" rows=\"3\" cols=\"60\" required></textarea>");
                    }
                    let _ = write!(
                        out,
                        "<div><button type=\"submit\">{}</button></div></form>",
                        match kind {
                            CommandKind::Approve => "Akkoord vastleggen",
                            CommandKind::Sign => "Ondertekening vastleggen",
                            _ => "Terugsturen",
                        }
                    );
                }
            }
            other => {
                if crate::grants::check(
                    &auth.user.name,
                    &auth.user.grants,
                    &Op::Record(other, None),
                )
                .is_err()
                {
                    continue;
                }
                let (title, fields, button) = match other {
                    CommandKind::Submit => ("Voorleggen aan de bewindspersonen", String::new(), "Voorleggen"),
                    CommandKind::Deliver => {
                        let default = l.plan.as_ref().ok().and_then(|p| p.milestones.iter().find(|m| m.step == stroom::Step::Voorportaal)).map(|m| m.date.to_string()).unwrap_or_default();
                        let body_name = l.voorportaal.clone().unwrap_or_else(|| "voorportaal".into());
                        (("Aanleveren voor het voorportaal"), format!("<label for=\"slot\">Vergadering van {} (datum)</label><input id=\"slot\" name=\"slot\" type=\"date\" value=\"{}\" required>", esc(&body_name), esc(&default)), "Aanleveren")
                    }
                    CommandKind::Voorportaal | CommandKind::Onderraad => {
                        let name = if other == CommandKind::Voorportaal { "voorportaal" } else { "onderraad" };
                        (if other == CommandKind::Voorportaal { "Uitkomst van het voorportaal" } else { "Uitkomst van de onderraad" },
                         format!("<label for=\"outcome-{name}\">Uitkomst</label><select id=\"outcome-{name}\" name=\"outcome\"><option value=\"door\">door</option><option value=\"terug\">terug</option></select>"), "Uitkomst vastleggen")
                    }
                    CommandKind::NeedsOnderraad => ("Is een onderraad nodig?", "<label for=\"needed\">Onderraad nodig</label><select id=\"needed\" name=\"needed\"><option value=\"nee\">nee</option><option value=\"ja\">ja</option></select>".into(), "Besluit vastleggen"),
                    CommandKind::Ministerraad => ("Uitkomst van de ministerraad", "<label for=\"outcome-mr\">Uitkomst</label><select id=\"outcome-mr\" name=\"outcome\"><option value=\"besloten\">besloten</option><option value=\"aangehouden\">aangehouden</option></select>".into(), "Uitkomst vastleggen"),
                    CommandKind::Send => ("Verzonden aan de Tweede Kamer", String::new(), "Verzending vastleggen"),
                    CommandKind::Withdraw => ("Intrekken", String::new(), "Intrekken"),
                    CommandKind::Approve | CommandKind::Return | CommandKind::Sign => continue,
                };
                out.push_str(&open(verb, title));
                out.push_str(&fields);
                out.push_str(&date_field(verb));
                let _ = write!(
                    out,
                    "<div><button type=\"submit\">{button}</button></div></form>"
                );
            }
        }
    }
    body.push_str("<h2>Vastleggen</h2>");
    if out.is_empty() {
        body.push_str("<p>Er is nu niets dat u met uw rechten kunt vastleggen.</p>");
    } else {
        body.push_str(&out);
    }
}

/// The form of a command on a stroom's page (`POST /strooms/REF`): the fields of the API's
/// [`CommandBody`], as text.
#[derive(Debug, Default, Deserialize)]
pub struct CommandForm {
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// The verb.
    pub verb: String,
    /// The role (a bewindspersoon).
    #[serde(default)]
    pub role: Option<String>,
    /// The version approved or signed.
    #[serde(default)]
    pub version: Option<u32>,
    /// The meeting slot (a date).
    #[serde(default)]
    pub slot: Option<String>,
    /// The outcome.
    #[serde(default)]
    pub outcome: Option<String>,
    /// Whether an onderraad is needed: `ja` or `nee`.
    #[serde(default)]
    pub needed: Option<String>,
    /// The day (empty: today).
    #[serde(default)]
    pub on: String,
    /// The comment.
    #[serde(default)]
    pub comment: Option<String>,
}

impl CommandForm {
    /// The API body the form stands for.
    ///
    /// # Errors
    /// A slot or day that is not a date, a `needed` other than `ja` or `nee`.
    pub fn body(self) -> Result<CommandBody, Problem> {
        Ok(CommandBody {
            verb: self.verb,
            role: self.role,
            version: self.version,
            slot: match self.slot.as_deref() {
                Some(s) => form_date(s)?,
                None => None,
            },
            outcome: self.outcome,
            needed: match self.needed.as_deref() {
                Some("ja") => Some(true),
                Some("nee") => Some(false),
                Some(other) => {
                    return Err(Problem::server(ServerProblem::NotYesNo {
                        text: other.into(),
                    }))
                }
                None => None,
            },
            on: form_date(&self.on)?,
            comment: self.comment,
        })
    }
}

async fn stroom_command(
    State(app): State<Shared>,
    Path(reference): Path<String>,
    BrowserSession(auth, csrf): BrowserSession,
    Form(f): Form<CommandForm>,
) -> Response {
    if !session::same_secret(&f.csrf, &csrf) {
        return Problem::csrf().into_response();
    }
    let verb = f.verb.clone();
    let result = async { api::record(&app, &auth, &reference, f.body()?).await }.await;
    match result {
        Ok(_) => {
            let mut r = Redirect::to(&format!(
                "/strooms/{}?gedaan={}#trail",
                url(&reference),
                url(&verb)
            ))
            .into_response();
            r.extensions_mut().insert(Actor(auth.user.name.clone()));
            r
        }
        Err(p) => {
            render_stroom(
                &app,
                &auth,
                &csrf,
                &reference,
                p.status(),
                Some(error_box(&p)),
            )
            .await
        }
    }
}

/// The calendars page's query (`/kalenders?jaar=…&maand=…`).
#[derive(Debug, Default, Deserialize)]
pub struct MonthParams {
    /// The year (default: this year).
    #[serde(default)]
    pub jaar: Option<i16>,
    /// The month, 1 to 12 (default, and for any other number: this month).
    #[serde(default)]
    pub maand: Option<i8>,
}

impl MonthParams {
    /// The first day of the month the query asks for, `today`'s by default.
    ///
    /// # Errors
    /// A year jiff cannot hold.
    pub fn first_day(&self, today: Date) -> Result<Date, Problem> {
        let year = self.jaar.unwrap_or(today.year());
        let month = self
            .maand
            .filter(|m| (1..=12).contains(m))
            .unwrap_or(today.month());
        Date::new(year, month, 1)
            .map_err(|_| Problem::server(ServerProblem::NotAMonth { year, month }))
    }
}

async fn calendars(
    State(app): State<Shared>,
    BrowserSession(auth, csrf): BrowserSession,
    Query(q): Query<MonthParams>,
) -> Response {
    let first = match q.first_day(app.today()) {
        Ok(first) => first,
        Err(p) => {
            return html_response(
                Some(&auth),
                p.status(),
                page("Kalenders", Some((&auth.user, &csrf)), &error_box(&p)),
            )
        }
    };
    let (year, month) = (first.year(), first.month());
    let last = first.last_of_month();
    let prev = first
        .checked_sub(jiff::Span::new().months(1))
        .unwrap_or(first);
    let next = first
        .checked_add(jiff::Span::new().months(1))
        .unwrap_or(first);
    let mut body = String::new();
    let _ = write!(body, "<h1>Kalenders: {} {year}</h1><p><a href=\"/kalenders?jaar={}&amp;maand={}\">← {}</a> · <a href=\"/kalenders?jaar={}&amp;maand={}\">{} →</a></p>",
        html::month_name(month), prev.year(), prev.month(), html::month_name(prev.month()), next.year(), next.month(), html::month_name(next.month()));
    body.push_str("<p><small>Herkomst <em>bron</em>: uit een gepubliceerd of waargenomen schema; <em>gemeld</em>: uit een secundaire bron (nieuws, een lijst van derden); <em>geschat</em>: afgeleid met de genoemde regel.</small></p>");
    for b in app.calendars.bodies() {
        let slots: Vec<_> = b
            .slots
            .iter()
            .filter(|s| s.meeting >= first && s.meeting <= last)
            .collect();
        let _ = write!(
            body,
            "<h2>{} <small>({})</small></h2>",
            esc(&b.name),
            esc(&b.title)
        );
        if slots.is_empty() {
            let _ = write!(
                body,
                "<p>Geen vergaderingen in deze maand (kalender loopt van {} tot {}).</p>",
                esc(&html::day(b.from)),
                esc(&html::day(b.to))
            );
            continue;
        }
        body.push_str("<table><thead><tr><th scope=\"col\">Vergadering</th><th scope=\"col\">Aanleverdeadline</th><th scope=\"col\">MR zonder / met onderraad</th><th scope=\"col\">Herkomst</th></tr></thead><tbody>");
        for s in slots {
            let (class, word) = provenance(&s.provenance);
            let mr = match (s.mr, s.mr_with_onderraad) {
                (None, None) => "–".to_string(),
                (a, b) => format!(
                    "{} / {}",
                    a.map_or("–".into(), html::day),
                    b.map_or("–".into(), html::day)
                ),
            };
            let _ = write!(
                body,
                "<tr class=\"{class}\"><td>{}</td><td>{}</td><td>{}</td><td>{word}: {}</td></tr>",
                esc(&html::day(s.meeting)),
                esc(&html::day(s.deadline)),
                esc(&mr),
                esc(s.provenance.note())
            );
        }
        body.push_str("</tbody></table>");
    }
    body.push_str("<h2>Recesperiodes van de Tweede Kamer</h2><table><thead><tr><th scope=\"col\">Reces</th><th scope=\"col\">Van</th><th scope=\"col\">Tot en met</th><th scope=\"col\">Herkomst</th></tr></thead><tbody>");
    for r in app
        .calendars
        .recesses()
        .iter()
        .filter(|r| r.from.year() == year || r.to.year() == year)
    {
        let in_month = r.from <= last && r.to >= first;
        let (_, word) = provenance(&r.provenance);
        let _ = write!(
            body,
            "<tr{}><td>{}{}</td><td>{}</td><td>{}</td><td>{word}: {}</td></tr>",
            if in_month { " class=\"recess\"" } else { "" },
            esc(&r.name),
            if in_month { " (deze maand)" } else { "" },
            esc(&html::day(r.from)),
            esc(&html::day(r.to)),
            esc(r.provenance.note())
        );
    }
    body.push_str("</tbody></table>");
    html_response(
        Some(&auth),
        StatusCode::OK,
        page("Kalenders", Some((&auth.user, &csrf)), &body),
    )
}

/// A calendar entry's provenance: class and Dutch word.
fn provenance(p: &stroom::calendar::Provenance) -> (&'static str, &'static str) {
    use stroom::calendar::Provenance;
    match p {
        Provenance::Sourced(_) => ("sourced", "bron"),
        Provenance::Reported(_) => ("reported", "gemeld"),
        Provenance::Estimated(_) => ("estimated", "geschat"),
    }
}

/// The sentences for the engine's reasons (Dutch once `stroom-render` has them; English
/// until then).
fn nl() -> &'static dyn stroom_render::messages::Messages {
    stroom_render::messages::messages(stroom_render::Lang::Nl)
}

/// The server's model in words, for the pages.
fn model_text(m: &crate::ModelSpec) -> String {
    if m.is_fixed() {
        return "vaste duur van de route, elke run gelijk".into();
    }
    let mut parts = Vec::new();
    // Distributions and probabilities in words and with a decimal comma (stroom_render).
    let nl = stroom_render::Lang::Nl;
    if let Some(a) = &m.approval {
        parts.push(format!(
            "akkoordduur {}",
            stroom_render::text::distribution(nl, a)
        ));
    }
    for r in &m.role_approval {
        parts.push(format!(
            "akkoordduur {}",
            stroom_render::text::distribution(nl, r)
        ));
    }
    if let Some(r) = &m.rework {
        parts.push(format!(
            "herstel {}",
            stroom_render::text::distribution(nl, r)
        ));
    }
    for (what, p) in [
        ("onderraad nodig", m.p_onderraad),
        ("voorportaal terug", m.p_return),
        ("MR houdt aan", m.p_hold),
    ] {
        if p > 0.0 {
            parts.push(format!(
                "P({what}) = {}",
                stroom_render::text::probability(nl, p)
            ));
        }
    }
    parts.join(", ")
}
