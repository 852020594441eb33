//! The server's own problems (`stroom serve`): what it refuses that the engine never sees
//! (logins, sessions, CSRF, the rate limit, users and grants, the request's shape), as
//! typed data with a stable code, and their sentences in English and Dutch.
//!
//! The server sends a problem as `application/problem+json` with `code` and `reason`
//! (this type, tagged by `kind`, which equals `code`); the CLI client decodes `reason` and
//! renders it here in the user's language, and the browser UI renders it in Dutch. The
//! English rendering is also the problem's `detail`, for logs and programs.

use serde::{Deserialize, Serialize};

use crate::messages::Diagnostic;
use crate::Lang;

/// A problem of the server itself, with its data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ServerProblem {
    /// No valid credentials (no token, an unknown or revoked one, no session).
    Unauthenticated,
    /// A form or cookie-authenticated change without the session's CSRF token.
    Csrf,
    /// Too many failed logins for a name or an address.
    RateLimited {
        /// Seconds until logins are accepted again.
        wait: u64,
    },
    /// A name and password that do not match a user.
    BadCredentials,
    /// A grant the user lacks.
    Forbidden {
        /// The user.
        user: String,
        /// What was asked, e.g. `approve for MOCW`.
        op: String,
        /// The grant that allows it.
        needs: String,
        /// The grants the user holds.
        holds: Vec<String>,
    },
    /// Users changing their own password gave a wrong current one.
    WrongPassword,
    /// A user name that is taken.
    UserExists {
        /// The name.
        user: String,
    },
    /// A user that does not exist.
    UnknownUser {
        /// The name.
        user: String,
    },
    /// A text that is not a user name.
    BadUserName {
        /// The text.
        name: String,
    },
    /// A password shorter than the minimum.
    ShortPassword {
        /// Its length in characters.
        length: usize,
        /// The minimum.
        min: usize,
    },
    /// A user who would hold no grants.
    NoGrants {
        /// The user.
        user: String,
    },
    /// Removing (or taking `admin` from) the only admin.
    LastAdmin {
        /// The user.
        user: String,
    },
    /// A text that is not a grant.
    NotAGrant {
        /// The text.
        text: String,
    },
    /// A recording command without a field its verb needs.
    MissingField {
        /// The verb.
        verb: String,
        /// The field.
        field: String,
    },
    /// A verb that is not a command.
    NotACommand {
        /// The verb.
        verb: String,
        /// The commands.
        commands: Vec<String>,
    },
    /// An outcome a verb does not have.
    NotAnOutcome {
        /// The verb.
        verb: String,
        /// The outcome given.
        outcome: String,
        /// The verb's outcomes.
        outcomes: Vec<String>,
    },
    /// `return` without a comment.
    ReturnNeedsComment,
    /// A new stroom given as both or neither of a stroom file's text and a definition.
    NewStroomShape,
    /// A correction that gives both another date and void.
    CorrectionShape,
    /// An ad hoc plan without its route.
    AdHocPlanShape,
    /// A number of Monte Carlo runs the server does not take.
    RunsOutOfRange {
        /// The runs asked for.
        runs: u64,
        /// The most the server takes.
        max: u64,
    },
    /// A page size of 0, or above the server's bound.
    LimitOutOfRange {
        /// The limit asked for.
        limit: usize,
        /// The server's bound.
        max: usize,
    },
    /// A field that needs a whole number.
    NotANumber {
        /// The field.
        field: String,
        /// The text given.
        text: String,
    },
    /// A field that needs a date.
    NotADate {
        /// The field.
        field: String,
        /// The text given.
        text: String,
    },
    /// A form's yes/no field with something else.
    NotYesNo {
        /// The text given.
        text: String,
    },
    /// A year and month that are no month.
    NotAMonth {
        /// The year.
        year: i16,
        /// The month.
        month: i8,
    },
    /// A trust key that is not a public key.
    NotATrustKey {
        /// The text given.
        key: String,
        /// Why not (the parser's words).
        why: String,
    },
    /// A model input (distribution, probability) the model refuses, in the words local
    /// mode uses for the same input.
    BadModel {
        /// What is wrong with which input.
        model: crate::model::ModelProblem,
    },
    /// A stroom that is sent or withdrawn, asked for a plan on its page.
    NothingToPlan,
    /// A request whose body or query does not have the expected shape.
    BadRequest {
        /// The parser's words.
        message: String,
    },
    /// A body larger than the server takes.
    TooLarge {
        /// The path.
        path: String,
    },
    /// A path the server does not serve.
    NoSuchEndpoint {
        /// The method.
        method: String,
        /// The path.
        path: String,
    },
    /// A method a path does not take.
    MethodNotAllowed {
        /// The method.
        method: String,
        /// The path.
        path: String,
    },
    /// The database holds no signing key (never after `init` or `serve`).
    NoSigningKey,
    /// The server is stopping and records nothing more.
    Stopping,
    /// An unexpected failure inside the server.
    Internal {
        /// What failed.
        message: String,
    },
}

/// How the server answers a kind of problem: HTTP status, title, and the exit code the
/// CLI gives it (6: not logged in or not allowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Class {
    /// The stable code (`urn:stroom:problem:CODE`).
    pub code: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// A short English summary of the kind.
    pub title: &'static str,
    /// The CLI's exit code.
    pub exit: u8,
}

const fn class(code: &'static str, status: u16, title: &'static str, exit: u8) -> Class {
    Class {
        code,
        status,
        title,
        exit,
    }
}

impl ServerProblem {
    /// One example of every kind, for tests that every kind has a code and a rendering.
    pub fn examples() -> Vec<ServerProblem> {
        let s = |t: &str| t.to_string();
        vec![
            ServerProblem::Unauthenticated,
            ServerProblem::Csrf,
            ServerProblem::RateLimited { wait: 300 },
            ServerProblem::BadCredentials,
            ServerProblem::Forbidden {
                user: s("ada"),
                op: s("approve for MOCW"),
                needs: s("secretariaat:MOCW"),
                holds: vec![s("planner")],
            },
            ServerProblem::WrongPassword,
            ServerProblem::UserExists { user: s("ada") },
            ServerProblem::UnknownUser { user: s("bob") },
            ServerProblem::BadUserName { name: s("Ada!") },
            ServerProblem::ShortPassword { length: 3, min: 10 },
            ServerProblem::NoGrants { user: s("ada") },
            ServerProblem::LastAdmin { user: s("root") },
            ServerProblem::NotAGrant { text: s("boss") },
            ServerProblem::MissingField {
                verb: s("approve"),
                field: s("version"),
            },
            ServerProblem::NotACommand {
                verb: s("ok"),
                commands: vec![s("submit"), s("approve")],
            },
            ServerProblem::NotAnOutcome {
                verb: s("mr"),
                outcome: s("maybe"),
                outcomes: vec![s("besloten"), s("aangehouden")],
            },
            ServerProblem::ReturnNeedsComment,
            ServerProblem::NewStroomShape,
            ServerProblem::CorrectionShape,
            ServerProblem::AdHocPlanShape,
            ServerProblem::RunsOutOfRange {
                runs: 0,
                max: 1_000_000,
            },
            ServerProblem::LimitOutOfRange { limit: 0, max: 500 },
            ServerProblem::NotANumber {
                field: s("approval_days"),
                text: s("five"),
            },
            ServerProblem::NotADate {
                field: s("on"),
                text: s("gisteren"),
            },
            ServerProblem::NotYesNo {
                text: s("misschien"),
            },
            ServerProblem::NotAMonth {
                year: 2023,
                month: 13,
            },
            ServerProblem::NotATrustKey {
                key: s("xyz"),
                why: s("not 64 hex digits"),
            },
            ServerProblem::BadModel {
                model: crate::model::ModelProblem::NotAProbability {
                    input: s("p_hold"),
                    value: s("1.5"),
                },
            },
            ServerProblem::NothingToPlan,
            ServerProblem::BadRequest {
                message: s("missing field `verb`"),
            },
            ServerProblem::TooLarge {
                path: s("/api/import"),
            },
            ServerProblem::NoSuchEndpoint {
                method: s("GET"),
                path: s("/api/nothing"),
            },
            ServerProblem::MethodNotAllowed {
                method: s("DELETE"),
                path: s("/api/strooms"),
            },
            ServerProblem::NoSigningKey,
            ServerProblem::Stopping,
            ServerProblem::Internal {
                message: s("a request task failed"),
            },
        ]
    }

    /// Its code, HTTP status, title and exit code.
    pub fn class(&self) -> Class {
        use ServerProblem as P;
        match self {
            P::Unauthenticated => class("unauthenticated", 401, "Not logged in", 6),
            P::Csrf => class("csrf", 403, "Missing or wrong CSRF token", 6),
            P::RateLimited { .. } => class("rate-limited", 429, "Too many failed logins", 6),
            P::BadCredentials => class("bad-credentials", 401, "Wrong name or password", 6),
            P::Forbidden { .. } => class("forbidden", 403, "Not allowed for this user", 6),
            P::WrongPassword => class("wrong-password", 403, "Wrong current password", 6),
            P::UserExists { .. } => class("user-exists", 409, "The user exists already", 2),
            P::UnknownUser { .. } => class("unknown-user", 404, "No such user", 2),
            P::BadUserName { .. } => class("bad-user-name", 422, "Not a user name", 2),
            P::ShortPassword { .. } => class("short-password", 422, "Password too short", 2),
            P::NoGrants { .. } => class("no-grants", 422, "A user needs a grant", 2),
            P::LastAdmin { .. } => class("last-admin", 409, "The last admin stays", 2),
            P::NotAGrant { .. } => class("not-a-grant", 422, "Not a grant", 2),
            P::MissingField { .. } => class("missing-field", 422, "A field is missing", 2),
            P::NotACommand { .. } => class("not-a-command", 422, "Not a command", 2),
            P::NotAnOutcome { .. } => class("not-an-outcome", 422, "Not an outcome", 2),
            P::ReturnNeedsComment => {
                class("return-needs-comment", 422, "A return needs a comment", 2)
            }
            P::NewStroomShape => class("new-stroom-shape", 422, "Give a stroom one way", 2),
            P::CorrectionShape => class("correction-shape", 422, "Date or void, not both", 2),
            P::AdHocPlanShape => class("ad-hoc-plan-shape", 422, "A route is needed", 2),
            P::RunsOutOfRange { .. } => class("runs-out-of-range", 422, "Runs out of range", 2),
            P::LimitOutOfRange { .. } => class("limit-out-of-range", 422, "Limit out of range", 2),
            P::NotANumber { .. } => class("not-a-number", 422, "Not a number", 2),
            P::NotADate { .. } => class("not-a-date", 422, "Not a date", 2),
            P::NotYesNo { .. } => class("not-yes-no", 422, "Not ja or nee", 2),
            P::NotAMonth { .. } => class("not-a-month", 422, "Not a month", 2),
            P::NotATrustKey { .. } => class("not-a-trust-key", 422, "Not a public key", 2),
            P::BadModel { .. } => class("bad-model", 422, "Bad model input", 2),
            P::NothingToPlan => class("nothing-to-plan", 422, "Nothing left to plan", 2),
            P::BadRequest { .. } => class("bad-request", 400, "Malformed request", 2),
            P::TooLarge { .. } => class("too-large", 413, "Request too large", 2),
            P::NoSuchEndpoint { .. } => class("no-such-endpoint", 404, "No such endpoint", 2),
            P::MethodNotAllowed { .. } => class("method-not-allowed", 405, "Method not allowed", 2),
            P::NoSigningKey => class("no-signing-key", 500, "No signing key", 1),
            P::Stopping => class("stopping", 503, "The server is stopping", 4),
            P::Internal { .. } => class("internal", 500, "Unexpected failure", 1),
        }
    }

    /// What went wrong and how to fix it, in `lang`; `server` is the server's URL as the
    /// user gave it (the CLI client's `--server`), or empty where the user is on its page.
    pub fn diagnostic(&self, lang: Lang, server: &str) -> Diagnostic {
        match lang {
            Lang::En => english(self, server),
            Lang::Nl => dutch(self, server),
        }
    }

    /// The message with its hint lines (`hint:`, `tip:`).
    pub fn text(&self, lang: Lang, server: &str) -> String {
        self.diagnostic(lang, server).text(lang)
    }
}

fn diag(message: String, hints: Vec<String>) -> Diagnostic {
    Diagnostic { message, hints }
}

/// `--server URL` after a command in a hint, or nothing on a web page.
fn flag(server: &str) -> String {
    if server.is_empty() {
        String::new()
    } else {
        format!(" --server {server}")
    }
}

fn holds(lang: Lang, holds: &[String]) -> String {
    if holds.is_empty() {
        lang.pick("no grants", "geen rechten").to_string()
    } else {
        holds.join(", ")
    }
}

/// The `--grant` flags that keep what a user holds and add `needs` (`users grant` sets
/// the whole list).
fn grant_flags(holds: &[String], needs: &str) -> String {
    holds
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(needs))
        .map(|g| format!(" --grant {g}"))
        .collect()
}

fn english(p: &ServerProblem, server: &str) -> Diagnostic {
    use ServerProblem as P;
    let login = format!("log in with 'stroom login{}'", flag(server));
    match p {
        P::Unauthenticated if server.is_empty() => diag(
            "this needs a logged-in user".into(),
            vec!["send 'Authorization: Bearer TOKEN' (a token from 'stroom login'), or log in at /login".into()],
        ),
        P::Unauthenticated => diag(
            format!("the server at {server} does not accept this token: it was revoked, its user removed, or it is another server's"),
            vec![login],
        ),
        P::Csrf => diag(
            "the request carries no valid CSRF token for this session".into(),
            vec!["reload the page and submit the form again".into()],
        ),
        P::RateLimited { wait } => diag(
            "too many failed logins for this name or address".into(),
            vec![format!("wait {wait} seconds")],
        ),
        P::BadCredentials if server.is_empty() => diag("wrong name or password".into(), vec![]),
        P::BadCredentials => diag(
            format!("the server at {server} does not know this name and password"),
            vec!["check both; an admin adds users with 'stroom users add'".into()],
        ),
        P::Forbidden { user, op, needs, holds: h } => diag(
            format!(
                "{user} may not {op}: it needs the grant {needs}; {user} holds {}",
                holds(Lang::En, h)
            ),
            vec![format!(
                "an admin grants it with 'stroom users grant {user}{}'",
                grant_flags(h, needs)
            )],
        ),
        P::WrongPassword => diag("the current password is wrong; nothing was changed".into(), vec![]),
        P::UserExists { user } => diag(
            format!("user '{user}' exists already"),
            vec!["choose another name, or change its grants with 'stroom users grant'".into()],
        ),
        P::UnknownUser { user } => diag(
            format!("user '{user}' does not exist"),
            vec!["list the users with 'stroom users list'".into()],
        ),
        P::BadUserName { name } => diag(
            format!("'{name}' is not a user name"),
            vec!["use 1 to 64 lowercase letters, digits, '.', '-' or '_' (not dots alone)".into()],
        ),
        P::ShortPassword { length, min } => diag(
            format!("the password is too short ({length} characters)"),
            vec![format!("use at least {min} characters")],
        ),
        P::NoGrants { user } => diag(
            format!("user '{user}' would have no grants"),
            vec!["give at least one --grant: admin, planner, auditor or secretariaat:ROLE".into()],
        ),
        P::LastAdmin { user } => diag(
            format!("user '{user}' is the last admin"),
            vec!["make another user admin first ('stroom users grant NAME --grant admin')".into()],
        ),
        P::NotAGrant { text } => diag(
            format!("'{text}' is not a grant"),
            vec!["grants are admin, planner, auditor and secretariaat:ROLE (e.g. secretariaat:MOCW)".into()],
        ),
        P::MissingField { verb, field } => diag(format!("'{verb}' needs '{field}'"), vec![]),
        P::NotACommand { verb, commands } => diag(
            format!("'{verb}' is not a command"),
            vec![format!("commands are {}", commands.join(", "))],
        ),
        P::NotAnOutcome { verb, outcome, outcomes } => diag(
            format!("'{outcome}' is not an outcome of '{verb}'"),
            vec![outcomes.join(" or ")],
        ),
        P::ReturnNeedsComment => diag(
            "'return' needs a 'comment': the opmerkingen that come with it".into(),
            vec![],
        ),
        P::NewStroomShape => diag(
            "give the stroom as 'toml' (a stroom file's text) or as 'def' (its keys as JSON), not both".into(),
            vec!["e.g. {\"toml\": \"reference = ...\", \"on\": \"2023-09-27\"}".into()],
        ),
        P::CorrectionShape => diag("a correction gives another 'date' or 'void', not both".into(), vec![]),
        P::AdHocPlanShape => diag(
            "an ad hoc plan needs 'route' and 'ready'".into(),
            vec!["/api/plan?route=ministerraad&ready=2023-10-04".into()],
        ),
        P::RunsOutOfRange { runs, max } => diag(
            format!("runs {runs} is out of range"),
            vec![format!("between 1 and {max} on the server")],
        ),
        P::LimitOutOfRange { limit, max } => diag(
            format!("limit {limit} is out of range"),
            vec![format!("between 1 and {max} on this server")],
        ),
        P::NotANumber { field, text } => diag(
            format!("{field}: '{text}' is not a number"),
            vec!["werkdagen as a whole number, e.g. 5 or MOCW=8".into()],
        ),
        P::NotADate { field, text } => diag(
            format!("{field}: '{text}' is not a date"),
            vec!["write it as YYYY-MM-DD, e.g. 2023-10-03".into()],
        ),
        P::NotYesNo { text } => diag(format!("'{text}' is not ja or nee"), vec![]),
        P::NotAMonth { year, month } => diag(format!("{year}-{month} is not a month"), vec![]),
        P::NotATrustKey { key, why } => diag(
            format!("trust key '{key}' is not a public key: {why}"),
            vec!["give the exporting database's key as 'stroom key' prints it".into()],
        ),
        P::BadModel { model } => model.diagnostic(Lang::En),
        P::NothingToPlan => diag("the stroom is finished: nothing is left to plan".into(), vec![]),
        P::BadRequest { message } => diag(
            format!("the request is not what the server expects: {message}"),
            vec![format!(
                "use a stroom of the server's version ({})",
                env!("CARGO_PKG_VERSION")
            )],
        ),
        P::TooLarge { path } => diag(format!("the request to {path} is larger than the server takes"), vec![]),
        P::NoSuchEndpoint { method, path } => diag(
            format!("the server has no {method} {path}"),
            vec![format!(
                "is it a stroom server of the same version as this stroom ({})?",
                env!("CARGO_PKG_VERSION")
            )],
        ),
        P::MethodNotAllowed { method, path } => diag(
            format!("{path} does not take {method}"),
            vec![format!(
                "is it a stroom server of the same version as this stroom ({})?",
                env!("CARGO_PKG_VERSION")
            )],
        ),
        P::NoSigningKey => diag("the database has no signing key".into(), vec![]),
        P::Stopping => diag(
            "the server is stopping; the command was not recorded".into(),
            vec!["send it again once the server is back".into()],
        ),
        P::Internal { message } => diag(format!("the server failed unexpectedly: {message}"), vec![]),
    }
}

fn dutch(p: &ServerProblem, server: &str) -> Diagnostic {
    use ServerProblem as P;
    let login = format!("meld u aan met 'stroom login{}'", flag(server));
    match p {
        P::Unauthenticated if server.is_empty() => diag(
            "hiervoor moet u aangemeld zijn".into(),
            vec!["stuur 'Authorization: Bearer TOKEN' (een token van 'stroom login'), of meld u aan op /login".into()],
        ),
        P::Unauthenticated => diag(
            format!("de server op {server} accepteert dit token niet: het is ingetrokken, de gebruiker verwijderd, of het hoort bij een andere server"),
            vec![login],
        ),
        P::Csrf => diag(
            "het verzoek bevat geen geldig CSRF-token voor deze sessie".into(),
            vec!["laad de pagina opnieuw en verstuur het formulier nog eens".into()],
        ),
        P::RateLimited { wait } => diag(
            "te veel mislukte aanmeldingen voor deze naam of dit adres".into(),
            vec![format!("wacht {wait} seconden")],
        ),
        P::BadCredentials if server.is_empty() => {
            diag("onjuiste naam of wachtwoord".into(), vec![])
        }
        P::BadCredentials => diag(
            format!("de server op {server} kent deze naam en dit wachtwoord niet"),
            vec!["controleer beide; een beheerder voegt gebruikers toe met 'stroom users add'".into()],
        ),
        P::Forbidden { user, op, needs, holds: h } => diag(
            format!(
                "{user} mag niet {}: daarvoor is het recht {needs} nodig; {user} heeft {}",
                dutch_op(op),
                holds(Lang::Nl, h)
            ),
            vec![format!(
                "een beheerder geeft het met 'stroom users grant {user}{}'",
                grant_flags(h, needs)
            )],
        ),
        P::WrongPassword => diag(
            "het huidige wachtwoord klopt niet; er is niets gewijzigd".into(),
            vec![],
        ),
        P::UserExists { user } => diag(
            format!("gebruiker '{user}' bestaat al"),
            vec!["kies een andere naam, of wijzig de rechten met 'stroom users grant'".into()],
        ),
        P::UnknownUser { user } => diag(
            format!("gebruiker '{user}' bestaat niet"),
            vec!["toon de gebruikers met 'stroom users list'".into()],
        ),
        P::BadUserName { name } => diag(
            format!("'{name}' is geen gebruikersnaam"),
            vec!["gebruik 1 tot 64 kleine letters, cijfers, '.', '-' of '_' (niet alleen punten)".into()],
        ),
        P::ShortPassword { length, min } => diag(
            format!("het wachtwoord is te kort ({length} tekens)"),
            vec![format!("gebruik minstens {min} tekens")],
        ),
        P::NoGrants { user } => diag(
            format!("gebruiker '{user}' zou geen rechten hebben"),
            vec!["geef minstens één --grant: admin, planner, auditor of secretariaat:ROL".into()],
        ),
        P::LastAdmin { user } => diag(
            format!("gebruiker '{user}' is de laatste beheerder"),
            vec!["maak eerst een andere gebruiker beheerder ('stroom users grant NAAM --grant admin')".into()],
        ),
        P::NotAGrant { text } => diag(
            format!("'{text}' is geen recht"),
            vec!["rechten zijn admin, planner, auditor en secretariaat:ROL (bijv. secretariaat:MOCW)".into()],
        ),
        P::MissingField { verb, field } => diag(format!("'{verb}' heeft '{field}' nodig"), vec![]),
        P::NotACommand { verb, commands } => diag(
            format!("'{verb}' is geen opdracht"),
            vec![format!("opdrachten zijn {}", commands.join(", "))],
        ),
        P::NotAnOutcome { verb, outcome, outcomes } => diag(
            format!("'{outcome}' is geen uitkomst van '{verb}'"),
            vec![outcomes.join(" of ")],
        ),
        P::ReturnNeedsComment => diag(
            "'return' heeft een 'comment' nodig: de opmerkingen die erbij horen".into(),
            vec![],
        ),
        P::NewStroomShape => diag(
            "geef de stroom als 'toml' (de tekst van een stroombestand) of als 'def' (de sleutels als JSON), niet beide".into(),
            vec!["bijv. {\"toml\": \"reference = ...\", \"on\": \"2023-09-27\"}".into()],
        ),
        P::CorrectionShape => diag(
            "een correctie geeft een andere 'date' of 'void', niet beide".into(),
            vec![],
        ),
        P::AdHocPlanShape => diag(
            "een losse planning heeft 'route' en 'ready' nodig".into(),
            vec!["/api/plan?route=ministerraad&ready=2023-10-04".into()],
        ),
        P::RunsOutOfRange { runs, max } => diag(
            format!("{runs} runs valt buiten het bereik"),
            vec![format!("tussen 1 en {max} op de server")],
        ),
        P::LimitOutOfRange { limit, max } => diag(
            format!("limiet {limit} valt buiten het bereik"),
            vec![format!("tussen 1 en {max} op deze server")],
        ),
        P::NotANumber { field, text } => diag(
            format!("{field}: '{text}' is geen getal"),
            vec!["werkdagen als heel getal, bijv. 5 of MOCW=8".into()],
        ),
        P::NotADate { field, text } => diag(
            format!("{field}: '{text}' is geen datum"),
            vec!["schrijf JJJJ-MM-DD, bijv. 2023-10-03".into()],
        ),
        P::NotYesNo { text } => diag(format!("'{text}' is niet ja of nee"), vec![]),
        P::NotAMonth { year, month } => diag(format!("{year}-{month} is geen maand"), vec![]),
        P::NotATrustKey { key, why } => diag(
            format!("vertrouwde sleutel '{key}' is geen publieke sleutel: {why}"),
            vec!["geef de sleutel van de exporterende database zoals 'stroom key' die toont".into()],
        ),
        P::BadModel { model } => model.diagnostic(Lang::Nl),
        P::NothingToPlan => diag(
            "de stroom is afgerond: er valt niets meer te plannen".into(),
            vec![],
        ),
        P::BadRequest { message } => diag(
            format!("het verzoek is niet wat de server verwacht: {message}"),
            vec![format!(
                "gebruik een stroom van de versie van de server ({})",
                env!("CARGO_PKG_VERSION")
            )],
        ),
        P::TooLarge { path } => diag(
            format!("het verzoek aan {path} is groter dan de server aanneemt"),
            vec![],
        ),
        P::NoSuchEndpoint { method, path } => diag(
            format!("de server kent geen {method} {path}"),
            vec![format!(
                "is het een stroom-server van dezelfde versie als deze stroom ({})?",
                env!("CARGO_PKG_VERSION")
            )],
        ),
        P::MethodNotAllowed { method, path } => diag(
            format!("{path} neemt geen {method} aan"),
            vec![format!(
                "is het een stroom-server van dezelfde versie als deze stroom ({})?",
                env!("CARGO_PKG_VERSION")
            )],
        ),
        P::NoSigningKey => diag("de database heeft geen ondertekeningssleutel".into(), vec![]),
        P::Stopping => diag(
            "de server stopt; de opdracht is niet vastgelegd".into(),
            vec!["stuur hem opnieuw zodra de server weer draait".into()],
        ),
        P::Internal { message } => diag(
            format!("de server faalde onverwacht: {message}"),
            vec![],
        ),
    }
}

/// An operation as the grants table names it (`approve for MOCW`), in Dutch words around
/// the verb, which stays the CLI's command.
fn dutch_op(op: &str) -> String {
    // The operations are the CLI's commands (`approve for MOCW`, `new`, `verify`): the
    // action in Dutch with the command as it is typed beside it.
    let verb = |v: &str| -> String {
        if let Some(c) = stroom::machine::CommandKind::ALL
            .into_iter()
            .find(|c| c.verb() == v)
        {
            return crate::messages::nl_errors::action(c);
        }
        match v {
            "read" => "lezen".into(),
            "manage users" => "gebruikers beheren".into(),
            "new" => "een stroom registreren (new)".into(),
            "verify" => "het auditspoor controleren (verify)".into(),
            "export" => "exporteren (export)".into(),
            "import" => "importeren (import)".into(),
            other => format!("'{other}'"),
        }
    };
    match op.split_once(" for ") {
        Some((v, role)) => format!("{} voor {role}", verb(v)),
        None => verb(op),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_code_and_both_languages() {
        let examples = ServerProblem::examples();
        let mut codes = std::collections::BTreeSet::new();
        for p in &examples {
            let c = p.class();
            assert!(codes.insert(c.code), "code {} used twice", c.code);
            // The tag on the wire is the code.
            let v = serde_json::to_value(p).unwrap_or_default();
            assert_eq!(v.get("kind").and_then(|k| k.as_str()), Some(c.code));
            let back: ServerProblem =
                serde_json::from_value(v).unwrap_or(ServerProblem::Unauthenticated);
            assert_eq!(&back, p);
            for server in ["", "http://127.0.0.1:8080"] {
                let en = p.text(Lang::En, server);
                let nl = p.text(Lang::Nl, server);
                assert!(!en.is_empty() && !nl.is_empty(), "{}", c.code);
                assert_ne!(en, nl, "{} is not in Dutch", c.code);
            }
            assert!((400..600).contains(&c.status), "{}", c.code);
        }
    }

    /// Every operation a grant refusal names is said in Dutch, the command beside it.
    #[test]
    fn every_operation_in_dutch() {
        let mut ops: Vec<String> = ["read", "new", "verify", "export", "manage users", "import"]
            .map(String::from)
            .to_vec();
        for c in stroom::machine::CommandKind::ALL {
            ops.push(c.to_string());
            ops.push(format!("{c} for MOCW"));
        }
        for op in ops {
            let nl = dutch_op(&op);
            assert!(!nl.contains('\''), "{op} has no Dutch words: {nl}");
            assert_ne!(nl, op);
        }
        assert_eq!(
            dutch_op("approve for MOCW"),
            "akkoord geven (approve) voor MOCW"
        );
    }
}

/// What `stroom login`, `logout` and `users` say themselves (notes, and the refusals the
/// CLI finds before asking anyone), in English and Dutch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Account<'a> {
    /// `login` without a server.
    LoginWhere,
    /// `login` without a name and no user name of the system.
    LoginWhom,
    /// No configuration directory for the token.
    NoConfigDir,
    /// Logged in.
    LoggedIn {
        /// The server.
        server: &'a str,
        /// The user.
        user: &'a str,
        /// Its grants, comma separated.
        grants: &'a str,
        /// Where the token is kept.
        file: &'a str,
    },
    /// `logout` without a server.
    LogoutWhere,
    /// Logged out.
    LoggedOut {
        /// The server.
        server: &'a str,
    },
    /// The two passwords typed differ.
    PasswordsDiffer,
    /// A user added, changed or removed.
    User {
        /// The user.
        user: &'a str,
        /// `added`, `changed` or `removed`.
        what: &'a str,
    },
    /// `users password` locally without a name.
    PasswordWhose,
    /// A password changed.
    PasswordChanged {
        /// The user.
        user: &'a str,
    },
    /// Changing one's own password without the current one.
    CurrentPasswordNeeded,
    /// The users of a database a running server holds.
    UsersHeld {
        /// The database.
        db: &'a str,
    },
    /// The prompt for a password.
    PromptPassword,
    /// The prompt to type it again.
    PromptAgain,
    /// The prompt for a user's password at login.
    PromptLogin {
        /// The user.
        user: &'a str,
    },
    /// The prompt for the current password.
    PromptCurrent,
}

impl Account<'_> {
    /// The text in `lang` (hint lines as `hint:` / `tip:`).
    pub fn text(&self, lang: Lang) -> String {
        use Account as A;
        let d = |message: String, hints: Vec<String>| Diagnostic { message, hints }.text(lang);
        let nl = lang == Lang::Nl;
        match self {
            A::LoginWhere if nl => d("bij welke server aanmelden?".into(), vec!["stroom login NAAM --server http://127.0.0.1:8080 (of zet STROOM_SERVER)".into()]),
            A::LoginWhere => d("log in to which server?".into(), vec!["stroom login NAME --server http://127.0.0.1:8080 (or set STROOM_SERVER)".into()]),
            A::LoginWhom if nl => d("als wie aanmelden?".into(), vec!["stroom login NAAM".into()]),
            A::LoginWhom => d("log in as whom?".into(), vec!["stroom login NAME".into()]),
            A::NoConfigDir if nl => d("er is geen configuratiemap om het token in te bewaren".into(), vec!["zet XDG_CONFIG_HOME, of sla 'stroom login' over en zet STROOM_TOKEN".into()]),
            A::NoConfigDir => d("there is no configuration directory to keep the token in".into(), vec!["set XDG_CONFIG_HOME, or skip 'stroom login' and set STROOM_TOKEN".into()]),
            A::LoggedIn { server, user, grants, file } if nl => format!("aangemeld bij {server} als {user} ({grants}); het token staat in '{file}'"),
            A::LoggedIn { server, user, grants, file } => format!("logged in to {server} as {user} ({grants}); the token is kept in '{file}'"),
            A::LogoutWhere if nl => d("bij welke server afmelden?".into(), vec!["stroom logout --server http://127.0.0.1:8080 (of zet STROOM_SERVER)".into()]),
            A::LogoutWhere => d("log out of which server?".into(), vec!["stroom logout --server http://127.0.0.1:8080 (or set STROOM_SERVER)".into()]),
            A::LoggedOut { server } if nl => format!("afgemeld bij {server}"),
            A::LoggedOut { server } => format!("logged out of {server}"),
            A::PasswordsDiffer if nl => "de twee wachtwoorden verschillen; er is niets gewijzigd".into(),
            A::PasswordsDiffer => "the two passwords differ; nothing was changed".into(),
            A::User { user, what } if nl => {
                let done = match *what {
                    "added" => "toegevoegd",
                    "changed" => "gewijzigd",
                    "removed" => "verwijderd",
                    other => other,
                };
                format!("gebruiker '{user}' {done}")
            }
            A::User { user, what } => format!("user '{user}' {what}"),
            A::PasswordWhose if nl => d("wiens wachtwoord?".into(), vec!["stroom users password NAAM (of met --server uw eigen)".into()]),
            A::PasswordWhose => d("whose password?".into(), vec!["stroom users password NAME (or with --server, your own)".into()]),
            A::PasswordChanged { user } if nl => format!("het wachtwoord van '{user}' is gewijzigd"),
            A::PasswordChanged { user } => format!("the password of '{user}' is changed"),
            A::CurrentPasswordNeeded if nl => d("uw eigen wachtwoord wijzigen vraagt het huidige".into(), vec!["zet STROOM_CURRENT_PASSWORD, of voer het uit in een terminal".into()]),
            A::CurrentPasswordNeeded => d("changing your own password needs the current one".into(), vec!["set STROOM_CURRENT_PASSWORD, or run it in a terminal".into()]),
            A::UsersHeld { db } if nl => d(format!("de gebruikers van '{db}' kunnen hier niet worden gewijzigd zolang een andere stroom (een draaiende 'stroom serve'?) de database vasthoudt"), vec!["als beheerder, via de server: stroom login BEHEERDER --server URL, dan stroom users ... --server URL".into()]),
            A::UsersHeld { db } => d(format!("the users of '{db}' cannot be changed here while another stroom (a running 'stroom serve'?) holds the database"), vec!["as an admin, through the server: stroom login ADMIN --server URL, then stroom users ... --server URL".into()]),
            A::PromptPassword if nl => "wachtwoord: ".into(),
            A::PromptPassword => "password: ".into(),
            A::PromptAgain if nl => "wachtwoord nogmaals: ".into(),
            A::PromptAgain => "password again: ".into(),
            A::PromptLogin { user } if nl => format!("wachtwoord van {user}: "),
            A::PromptLogin { user } => format!("password for {user}: "),
            A::PromptCurrent if nl => "huidig wachtwoord: ".into(),
            A::PromptCurrent => "current password: ".into(),
        }
    }
}
