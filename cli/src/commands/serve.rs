//! `serve` and `users`: the team server over this database, and its accounts.

use std::io::IsTerminal as _;

use anyhow::Result;
use stroom_render::cli::{Note, Problem};
use stroom_server::{Config, Grant, Server, Users};

use crate::args::{Format, LoginArgs, ServeArgs, UsersCommand};
use crate::client::{decode, save_token, Client};
use crate::render::{self, Table};
use crate::settings::Settings;
use crate::UsageError;
use stroom_render::server::Account;

/// `stroom serve`: runs until SIGTERM or Ctrl-C, then finishes the requests in flight.
pub fn serve(settings: &Settings, args: ServeArgs) -> Result<()> {
    let ServeArgs {
        listen,
        insecure_cookies,
        runs,
        seed,
        cache_mib,
        trails_page,
        model,
    } = args;
    let mut config = Config::new(settings.db.clone())?;
    if cache_mib == 0 {
        return Err(Problem::CacheZero.into());
    }
    config.cache_capacity = cache_mib.saturating_mul(1024 * 1024);
    if trails_page == 0 {
        return Err(Problem::TrailsPageZero.into());
    }
    config.trails_page = trails_page;
    config.flush_timeout = crate::settings::flush_timeout();
    let model = crate::commands::plan::spec(&model);
    match runs {
        Some(runs) => {
            if runs == 0 || runs > stroom_server::MAX_RUNS {
                return Err(Problem::RunsOutOfRange {
                    runs,
                    max: stroom_server::MAX_RUNS,
                }
                .into());
            }
            // Checked now, not on the first page view: a typo stops the start.
            let route = settings.routes.get("ministerraad")?;
            let planner = stroom::Planner::new(route, &settings.calendars)?;
            if !model.wants_empirical() {
                model.build(&planner, &[], &|f: &str| format!("--{f}"))?;
            }
            config.monte_carlo = Some(stroom_server::MonteCarloSettings { model, runs, seed });
        }
        None if model != stroom_server::ModelSpec::default() => {
            return Err(Problem::ModelWithoutRuns.into())
        }
        None => {}
    }
    config.routes = settings.routes.clone();
    config.calendars = settings.calendars.clone();
    config.today = settings.today_override;
    config.secure_cookies = !insecure_cookies;
    config.lock_wait = settings.lock_wait;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Problem::ServerFailed { error: (&e).into() })?;
    let lang = settings.lang;
    runtime.block_on(async move {
        let server = Server::bind(config, &listen).await.map_err(serve_error)?;
        let addr = server.local_addr()?;
        render::say(
            lang,
            &Note::Serving {
                db: settings.db.display().to_string(),
                addr: addr.to_string(),
            },
        );
        server
            .run(stroom_server::shutdown_signal())
            .await
            .map_err(serve_error)?;
        Ok::<(), anyhow::Error>(())
    })
}

/// Why the server could not start or stopped, as the CLI renders it: the store's own
/// error, or the address or I/O failure in the user's language.
fn serve_error(e: stroom_server::ServeError) -> anyhow::Error {
    use stroom_server::ServeError as E;
    match e {
        E::Store(s) => s.into(),
        E::Listen { addr, source } => Problem::CannotListen {
            addr,
            error: (&source).into(),
        }
        .into(),
        E::Io(e) => Problem::ServerFailed { error: (&e).into() }.into(),
    }
}

/// The grants given, or the first that is not one (as the server says it).
fn grants(settings: &Settings, texts: &[String]) -> Result<Vec<Grant>> {
    texts
        .iter()
        .map(|g| {
            g.parse::<Grant>().map_err(|e| {
                let p = stroom_render::server::ServerProblem::NotAGrant { text: e.0 };
                UsageError(p.text(settings.lang, "")).into()
            })
        })
        .collect()
}

fn password(settings: &Settings) -> Result<String> {
    if let Ok(p) = std::env::var("STROOM_PASSWORD") {
        return Ok(p);
    }
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(Account::PromptPassword.text(settings.lang))?;
        let again = rpassword::prompt_password(Account::PromptAgain.text(settings.lang))?;
        if first != again {
            return Err(UsageError(Account::PasswordsDiffer.text(settings.lang)).into());
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

/// `stroom login [NAME] --server URL`: exchanges the password for an API token and keeps
/// it for this server in the user's configuration directory (0600).
pub fn login(settings: &Settings, args: LoginArgs) -> Result<()> {
    let Some(remote) = &settings.server else {
        return Err(UsageError(Account::LoginWhere.text(settings.lang)).into());
    };
    let name = match args.name {
        Some(n) => n,
        None => settings
            .os_user
            .clone()
            .ok_or_else(|| UsageError(Account::LoginWhom.text(settings.lang)))?,
    };
    let file = remote
        .tokens_file
        .clone()
        .ok_or_else(|| UsageError(Account::NoConfigDir.text(settings.lang)))?;
    let client = Client::new(remote)?.in_lang(settings.lang);
    let pw = login_password(settings, &name)?;
    let host = settings.host.as_deref().unwrap_or("this computer");
    let login = client.login(&name, &pw, &format!("stroom CLI on {host}"))?;
    save_token(
        &file,
        &remote.name(),
        Some((&login.user.name, &login.token)),
    )?;
    if settings.format == Format::Json {
        return render::answer(&login.user);
    }
    render::note(
        &Account::LoggedIn {
            server: &remote.name(),
            user: &login.user.name,
            grants: &grant_list(&login.user),
            file: &file.display().to_string(),
        }
        .text(settings.lang),
    );
    Ok(())
}

/// `stroom logout --server URL`: revokes the token on the server and forgets it.
pub fn logout(settings: &Settings) -> Result<()> {
    let Some(remote) = &settings.server else {
        return Err(UsageError(Account::LogoutWhere.text(settings.lang)).into());
    };
    if remote.token.is_some() {
        let client = Client::new(remote)?.in_lang(settings.lang);
        match client.delete(&["api", "tokens", "current"]) {
            Ok(_) => {}
            // A token the server no longer knows is as good as revoked.
            Err(e)
                if e.downcast_ref::<crate::client::RemoteError>()
                    .is_some_and(|r| r.exit == crate::ExitCode::Denied) => {}
            Err(e) => return Err(e),
        }
    }
    if let Some(file) = &remote.tokens_file {
        save_token(file, &remote.name(), None)?;
    }
    if settings.format == Format::Json {
        /// `{"schema": 1, "server", "revoked"}`: whether a token was revoked on the server
        /// (false: there was none to revoke).
        #[derive(serde::Serialize)]
        struct LoggedOut {
            server: String,
            revoked: bool,
        }
        return render::answer(&LoggedOut {
            server: remote.name(),
            revoked: remote.token.is_some(),
        });
    }
    render::note(
        &Account::LoggedOut {
            server: &remote.name(),
        }
        .text(settings.lang),
    );
    Ok(())
}

fn login_password(settings: &Settings, name: &str) -> Result<String> {
    if let Ok(p) = std::env::var("STROOM_PASSWORD") {
        return Ok(p);
    }
    if std::io::stdin().is_terminal() {
        return Ok(rpassword::prompt_password(
            Account::PromptLogin { user: name }.text(settings.lang),
        )?);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

fn users_of(settings: &Settings) -> Result<Users> {
    let store = settings.open_store().map_err(|e| {
        // The server holds the database for its whole life: say how to reach the users then.
        if e.chain().any(|c| {
            matches!(
                c.downcast_ref::<stroom::StoreError>(),
                Some(stroom::StoreError::Locked { .. })
            ) || matches!(
                c.downcast_ref::<stroom::Error>(),
                Some(stroom::Error::Store(stroom::StoreError::Locked { .. }))
            )
        }) {
            e.context(
                Account::UsersHeld {
                    db: &settings.db.display().to_string(),
                }
                .text(settings.lang),
            )
        } else {
            e
        }
    })?;
    Ok(Users::open(&store)?)
}

/// `stroom users add|grant|list|remove|password`: the server's accounts, locally or (with
/// `--server`) through the API as an admin.
pub fn users(settings: &Settings, cmd: UsersCommand) -> Result<()> {
    if let Some(client) = Client::of(settings)? {
        return remote_users(settings, &client, cmd);
    }
    match cmd {
        UsersCommand::Add { name, grants: g } => {
            let g = grants(settings, &g)?;
            let users = users_of(settings)?;
            let pw = password(settings)?;
            let user = users
                .add(&name, &pw, g)
                .map_err(|e| user_error(settings, e))?;
            report(settings, &user, "added")
        }
        UsersCommand::Grant { name, grants: g } => {
            let g = grants(settings, &g)?;
            let users = users_of(settings)?;
            let user = users
                .set_grants(&name, g)
                .map_err(|e| user_error(settings, e))?;
            report(settings, &user, "changed")
        }
        UsersCommand::List => list_users(settings, &users_of(settings)?.list()?),
        UsersCommand::Remove { name } => {
            let user = users_of(settings)?
                .remove(&name)
                .map_err(|e| user_error(settings, e))?;
            report(settings, &user, "removed")
        }
        UsersCommand::Password { name } => {
            let name =
                name.ok_or_else(|| UsageError(Account::PasswordWhose.text(settings.lang)))?;
            let users = users_of(settings)?;
            let pw = password(settings)?;
            users
                .set_password(&name, &pw)
                .map_err(|e| user_error(settings, e))?;
            password_changed(settings, &name)
        }
    }
}

fn list_users(settings: &Settings, users: &[stroom_server::User]) -> Result<()> {
    if settings.format == Format::Json {
        /// `{"schema": 1, "users": [...]}`, as the server's `GET /api/users`.
        #[derive(serde::Serialize)]
        struct Listed<'a> {
            users: &'a [stroom_server::User],
        }
        return render::answer(&Listed { users });
    }
    let lang = settings.lang;
    let mut t = Table::new(&[lang.pick("NAME", "NAAM"), lang.pick("GRANTS", "RECHTEN")]);
    for u in users {
        t.row(vec![u.name.clone(), grant_list(u)]);
    }
    render::out(&t.render())
}

fn remote_users(settings: &Settings, client: &Client, cmd: UsersCommand) -> Result<()> {
    let user_of = |text: &str, what: &str| -> Result<stroom_server::User> { decode(text, what) };
    match cmd {
        UsersCommand::Add { name, grants: g } => {
            grants(settings, &g)?;
            let pw = password(settings)?;
            let text = client.post(
                &["api", "users"],
                &serde_json::json!({"name": name, "password": pw, "grants": g}),
            )?;
            report(settings, &user_of(&text, "POST /api/users")?, "added")
        }
        UsersCommand::Grant { name, grants: g } => {
            grants(settings, &g)?;
            let text = client.put(
                &["api", "users", &name, "grants"],
                &serde_json::json!({ "grants": g }),
            )?;
            report(
                settings,
                &user_of(&text, "PUT /api/users/NAME/grants")?,
                "changed",
            )
        }
        UsersCommand::List => {
            let text = client.get(&["api", "users"], crate::client::NO_QUERY)?;
            #[derive(serde::Deserialize)]
            struct Listed {
                users: Vec<stroom_server::User>,
            }
            list_users(settings, &decode::<Listed>(&text, "GET /api/users")?.users)
        }
        UsersCommand::Remove { name } => {
            let text = client.delete(&["api", "users", &name])?;
            report(
                settings,
                &user_of(&text, "DELETE /api/users/NAME")?,
                "removed",
            )
        }
        UsersCommand::Password { name } => {
            let me: stroom_server::User = decode(
                &client.get(&["api", "me"], crate::client::NO_QUERY)?,
                "GET /api/me",
            )?;
            let name = name.unwrap_or_else(|| me.name.clone());
            let current = if name == me.name {
                Some(current_password(settings)?)
            } else {
                None
            };
            let pw = password(settings)?;
            client.put(
                &["api", "users", &name, "password"],
                &serde_json::json!({"password": pw, "current": current}),
            )?;
            password_changed(settings, &name)
        }
    }
}

/// Says a password was changed: `{"schema": 1, "user", "changed": true}` (as the server's
/// answer) under `--format json`.
fn password_changed(settings: &Settings, name: &str) -> Result<()> {
    if settings.format == Format::Json {
        #[derive(serde::Serialize)]
        struct Changed<'a> {
            user: &'a str,
            changed: bool,
        }
        return render::answer(&Changed {
            user: name,
            changed: true,
        });
    }
    render::note(&Account::PasswordChanged { user: name }.text(settings.lang));
    Ok(())
}

fn current_password(settings: &Settings) -> Result<String> {
    if let Ok(p) = std::env::var("STROOM_CURRENT_PASSWORD") {
        return Ok(p);
    }
    if std::io::stdin().is_terminal() {
        return Ok(rpassword::prompt_password(
            Account::PromptCurrent.text(settings.lang),
        )?);
    }
    Err(UsageError(Account::CurrentPasswordNeeded.text(settings.lang)).into())
}

/// A refusal of the user store, in the words and language the server's client uses.
fn user_error(settings: &Settings, e: stroom_server::users::UserError) -> anyhow::Error {
    match stroom_server::problem::user_problem(e) {
        Ok(p) => UsageError(p.text(settings.lang, "")).into(),
        Err(s) => s.into(),
    }
}

fn grant_list(u: &stroom_server::User) -> String {
    u.grants
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn report(settings: &Settings, user: &stroom_server::User, what: &str) -> Result<()> {
    if settings.format == Format::Json {
        // `{"schema": 1, "name", "grants"}`, as the server's answers about a user.
        return render::answer(user);
    }
    render::note(
        &Account::User {
            user: &user.name,
            what,
        }
        .text(settings.lang),
    );
    render::out(&format!("{}  {}\n", user.name, grant_list(user)))
}
