//! stroom's fuzz targets: every input format a user or a file can hand stroom (stroom,
//! route, calendar, scenario and activity files, exports and the anchor journal, the
//! secretariat schedules `calendar import` reads as iCalendar or CSV, and flag values:
//! dates, roles, distributions, keys), each a function from bytes to "accepted".
//!
//! Two drivers run them: the stable mutation loop below (`stroom-fuzz`, run by the test
//! suite), and the coverage-guided libFuzzer targets in `fuzz/libfuzzer` (nightly, see
//! DESIGN.md), which call the same functions.
//!
//! The CLI's `--meeting-time` and `--server` values and the server's request bodies are
//! targets too (`meeting-time`, `server-url`, `server-bodies`).
//!
//! A target must never panic, and every refusal must name the input's place and say how
//! to fix it: a target panics on a message without them, so either is a finding.

use std::panic::AssertUnwindSafe;
use std::sync::OnceLock;

use stroom::{MemoryStore, Store};

/// Bad input the CLI finds itself, as the CLI declares it: `cli/src/schedule.rs` (the
/// iCalendar and CSV reader of `calendar import`) is compiled here unchanged and names
/// `crate::UsageError`.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// The CLI's schedule reader, the same source file the `stroom` binary compiles.
#[path = "../../cli/src/schedule.rs"]
pub mod schedule;

/// What the schedule reader asks of the recurrence expander (shared with `stroom-rrule`).
#[path = "../../cli/src/recur.rs"]
pub mod recur;

/// The recurrence expander `stroom-rrule` runs, called here in-process.
#[path = "../../cli/src/bin/stroom-rrule/expand.rs"]
pub mod expand;

/// The CLI client's `--server` URL handling, the same source file the `stroom` binary
/// compiles.
#[path = "../../cli/src/server_url.rs"]
pub mod server_url;

/// Checks that an engine error, as the CLI prints it in either language, names `source`
/// (the file) and carries a fix.
///
/// # Panics
/// On a message without them: that is a finding.
pub fn check_error(e: &stroom::Error, source: &str) {
    for lang in [stroom_render::Lang::En, stroom_render::Lang::Nl] {
        let d = stroom_render::messages::messages(lang).error(e);
        let text = d.text(lang);
        assert!(
            d.message.contains(source),
            "a message without its place ({source}): {text}"
        );
        assert!(
            d.hints.iter().any(|h| !h.trim().is_empty()),
            "a message without a fix: {text}"
        );
    }
}

/// The same for the CLI's own messages (`place: message\n  hint: fix`).
///
/// # Panics
/// On a message without its place or fix.
pub fn check_usage(e: &anyhow::Error, source: &str) {
    let text = e.to_string();
    assert!(
        text.starts_with(source),
        "a message without its place ({source}): {text}"
    );
    assert!(
        text.split_once("\n  hint: ")
            .is_some_and(|(_, h)| !h.trim().is_empty()),
        "a message without a fix: {text}"
    );
}

fn calendars() -> &'static stroom::Calendars {
    static CAL: OnceLock<stroom::Calendars> = OnceLock::new();
    CAL.get_or_init(|| stroom::Calendars::embedded().unwrap_or_else(|e| panic!("{e}")))
}

fn routes() -> &'static stroom::Routes {
    static ROUTES: OnceLock<stroom::Routes> = OnceLock::new();
    ROUTES.get_or_init(|| stroom::Routes::embedded().unwrap_or_else(|e| panic!("{e}")))
}

/// One fuzz target: a name, the seed files, and the function that feeds the engine.
pub struct Target {
    /// Its name on the command line.
    pub name: &'static str,
    /// Seed files, relative to the repository root.
    pub seeds: &'static [&'static str],
    /// Feeds one input to the engine; returns whether it was accepted.
    pub run: fn(&[u8]) -> bool,
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const SOURCE: &str = "fuzz.toml";

fn meta() -> stroom::Meta {
    stroom::Meta::builder()
        .actor("fuzz")
        .recorded_at(jiff::Timestamp::UNIX_EPOCH)
        .build()
}

/// The day the file targets plan as of.
const TODAY: jiff::civil::Date = jiff::civil::date(2023, 10, 2);

/// Plans every stroom of `store` as `portfolio` does (each stroom's forward plan).
fn plan_all(store: &dyn Store) {
    if let Ok(loaded) = stroom::portfolio::load_all(store, routes()) {
        let strooms: Vec<stroom::Stroom> = loaded.into_iter().map(|l| l.stroom).collect();
        let _ = stroom::portfolio::portfolio(&strooms, routes(), calendars(), TODAY, 5);
    }
}

/// A stroom file, as `stroom new --from FILE` reads it, then registered and planned.
fn stroom_file(bytes: &[u8]) -> bool {
    let def = match stroom::StroomDef::from_toml(SOURCE, &text(bytes)) {
        Ok(def) => def,
        Err(e) => {
            check_error(&e, SOURCE);
            return false;
        }
    };
    let store = MemoryStore::new();
    let on = jiff::civil::date(2023, 9, 1);
    match stroom::journal::create(&store, routes(), def, on, meta(), TODAY) {
        Ok(_) => {
            plan_all(&store);
            true
        }
        Err(e) => {
            // Refused after parsing (an unknown route, a target before `--on`): the
            // message names the value, not the file; it must still say how to fix it.
            let d = stroom_render::messages::messages(stroom_render::Lang::En).error(&e);
            assert!(
                !d.hints.is_empty(),
                "a message without a fix: {}",
                d.message
            );
            false
        }
    }
}

fn route_file(bytes: &[u8]) -> bool {
    match stroom::Route::from_toml(SOURCE, &text(bytes)) {
        Ok(route) => {
            // A route the planner accepts must plan without a panic.
            if let Ok(planner) = stroom::Planner::new(&route, calendars()) {
                let def = stroom::StroomDef {
                    route: route.name.clone(),
                    ..example()
                };
                let s = stroom::Stroom::new(def, jiff::civil::date(2023, 9, 1));
                if let Ok(req) = stroom::Request::for_stroom(&s, TODAY) {
                    let _ = planner.plan(&req);
                }
            }
            true
        }
        Err(e) => {
            check_error(&e, SOURCE);
            false
        }
    }
}

fn example() -> stroom::StroomDef {
    static DEF: OnceLock<stroom::StroomDef> = OnceLock::new();
    DEF.get_or_init(|| {
        stroom::StroomDef::from_toml("llo.toml", include_str!("../../examples/llo-41077000.toml"))
            .unwrap_or_else(|e| panic!("{e}"))
    })
    .clone()
}

fn calendar_file(bytes: &[u8]) -> bool {
    let t = text(bytes);
    let a = match stroom::calendar::parse_calendar_file(SOURCE, &t) {
        Ok(_) => true,
        Err(e) => {
            check_error(&e.into(), SOURCE);
            false
        }
    };
    let b = match stroom::calendar::parse_calendar(SOURCE, &t) {
        Ok(_) => true,
        Err(e) => {
            check_error(&e.into(), SOURCE);
            false
        }
    };
    a || b
}

fn scenario_file(bytes: &[u8]) -> bool {
    let t = text(bytes);
    for line in t.lines() {
        let _ = stroom::Dist::parse(line.trim_start_matches('#').trim()).map_err(|e| e.to_string());
    }
    match stroom::simulate::parse_scenarios(SOURCE, &t) {
        Ok(_) => true,
        Err(e) => {
            check_error(&e, SOURCE);
            false
        }
    }
}

fn activities_file(bytes: &[u8]) -> bool {
    match stroom::debates::parse_activities("fuzz.json", &text(bytes)) {
        Ok(_) => true,
        Err(e) => {
            check_error(&e.into(), "fuzz.json");
            false
        }
    }
}

/// An export, read and checked, then imported into a store, verified (state machine
/// replay included) and planned; the same bytes as an anchor journal.
fn export_file(bytes: &[u8]) -> bool {
    let _ = stroom::anchor::parse(bytes);
    let export = match stroom::export::read(&text(bytes)) {
        Ok(export) => export,
        Err(e) => {
            assert!(e.line >= 1, "an export error without a line: {e:?}");
            assert!(
                !e.message.trim().is_empty() && !e.hint.trim().is_empty(),
                "an export error without a message or fix: {e:?}"
            );
            return false;
        }
    };
    let store = MemoryStore::new();
    let records = export.chains.into_iter().flat_map(|(_, r)| r).collect();
    if stroom::journal::import(&store, routes(), "fuzz", records).is_err() {
        return false;
    }
    let _ = stroom::journal::verify(&store, routes()).map(|v| v.first_bad.is_none());
    let _ = store.references();
    plan_all(&store);
    true
}

/// A secretariat's schedule as iCalendar, as `stroom calendar import BODY FILE.ics` reads
/// it, then checked against the embedded calendars.
fn ics_file(bytes: &[u8]) -> bool {
    schedule_file(bytes, "fuzz.ics", |name, text| {
        schedule::read_ics(name, text, &mut |series: &[recur::Series]| {
            Ok(series.iter().map(expand::expand).collect())
        })
    })
}

/// The same as CSV.
fn csv_file(bytes: &[u8]) -> bool {
    schedule_file(bytes, "fuzz.csv", schedule::read_csv)
}

fn schedule_file(
    bytes: &[u8],
    source: &str,
    read: fn(&str, &str) -> anyhow::Result<Vec<stroom::calendar::ImportedMeeting>>,
) -> bool {
    let meetings = match read(source, &text(bytes)) {
        Ok(m) => m,
        Err(e) => {
            check_usage(&e, source);
            return false;
        }
    };
    let mut any = false;
    for body in ["cwizo", "mr"] {
        match stroom::calendar::import(body, source, &meetings, calendars()) {
            Ok(imported) => {
                // What import writes must read back as a calendar file.
                if let Err(e) = stroom::calendar::parse_calendar_file(source, &imported.text) {
                    panic!(
                        "an imported calendar does not read back: {e}\n{}",
                        imported.text
                    );
                }
                any = true;
            }
            Err(e) => check_error(&e, source),
        }
    }
    any
}

/// Flag values, one per line: dates (`--on`, `--slot`, `--today`), the dates a schedule
/// may hold, roles (`--role`), distributions (`--approval`), public keys (`--trust`).
fn flags(bytes: &[u8]) -> bool {
    let t = text(bytes);
    let mut any = false;
    for line in t.lines() {
        let v = line.trim();
        any |= stroom::dates::parse(v).is_ok();
        if let Err(e) = stroom::dates::parse(line) {
            assert!(e.contains("e.g."), "a date message without a fix: {e}");
            let _ = stroom_render::messages::nl_errors::parse_detail(&e);
        }
        let _ = schedule::parse_date(line);
        if let Err(e) = v.parse::<stroom::Role>() {
            check_error_any(&e);
        }
        let _ = stroom::Dist::parse(v).map_err(|e| e.to_string());
        let _ = stroom::sign::PublicKey::parse(line);
    }
    any
}

/// A stroom's life from bytes: the LLO example registered, then commands (every verb, with
/// dates, slots, roles, versions and outcomes drawn from the bytes, extreme dates included)
/// recorded through the engine as the CLI records them; after each recorded one the trail
/// must verify and every stroom must plan. Reaches the checks of `--on`, `--slot`, `--role`
/// and `--version` and the planner on whatever history they let through.
fn verbs(bytes: &[u8]) -> bool {
    recorded_verbs(bytes) > 0
}

/// The [`verbs`] target: how many of the commands were recorded.
///
/// # Panics
/// On a finding (a panic inside stroom, a trail that does not verify, a message without a
/// fix).
pub fn recorded_verbs(bytes: &[u8]) -> usize {
    use stroom::machine::{CommandKind, MrOutcome, Outcome};
    use stroom::{Action, Command};
    let base = jiff::civil::date(2023, 9, 27);
    let today = jiff::civil::date(2024, 6, 28);
    let store = MemoryStore::new();
    let def = example();
    let reference = def.reference.clone();
    let roles: Vec<stroom::Role> = def.bewindspersonen().cloned().collect();
    if stroom::journal::create(&store, routes(), def, base, meta(), today).is_err() {
        panic!("the example stroom cannot be registered");
    }
    let mut recorded = 0;
    // Five bytes a command: verb, day offset of `--on` from the registration (i16),
    // `--slot` offset from `--on` (or the role's index), and flags: extreme dates, the
    // version, the outcome.
    for c in bytes.chunks_exact(5) {
        let kind = CommandKind::ALL[usize::from(c[0]) % CommandKind::ALL.len()];
        let on = match c[4] >> 5 {
            0 => jiff::civil::date(9999, 12, 31),
            1 => jiff::civil::date(2000, 1, 1),
            _ => base
                .checked_add(jiff::Span::new().days(i64::from(i16::from_le_bytes([c[1], c[2]]))))
                .unwrap_or(base),
        };
        let slot = match c[4] & 3 {
            0 => jiff::civil::date(9999, 12, 31),
            1 => jiff::civil::date(1, 1, 1),
            _ => on
                .checked_add(jiff::Span::new().days(i64::from(c[3])))
                .unwrap_or(on),
        };
        let role = match roles.get(usize::from(c[3] % 8)) {
            Some(r) => r.clone(),
            None => "MFOO".parse().unwrap_or_else(|e| panic!("{e}")),
        };
        let version = u32::from((c[4] >> 2) % 4);
        let first = c[4] & 0x10 == 0;
        let outcome = if first { Outcome::Door } else { Outcome::Terug };
        let action = match kind {
            CommandKind::Submit => Action::Submit,
            CommandKind::Approve => Action::Approve { role, version },
            CommandKind::Return => Action::Return { role, version },
            CommandKind::Deliver => Action::Deliver { slot },
            CommandKind::Voorportaal => Action::Voorportaal(outcome),
            CommandKind::NeedsOnderraad => Action::NeedsOnderraad(first),
            CommandKind::Onderraad => Action::Onderraad(outcome),
            CommandKind::Ministerraad => Action::Ministerraad(if first {
                MrOutcome::Besloten
            } else {
                MrOutcome::Aangehouden
            }),
            CommandKind::Sign => Action::Sign { role, version },
            CommandKind::Send => Action::Send,
            CommandKind::Withdraw => Action::Withdraw,
        };
        let mut m = meta();
        if kind == CommandKind::Return {
            m.comment = Some("fuzz".into());
        }
        let cmd = Command { on, action };
        match stroom::journal::execute(&store, routes(), calendars(), &reference, &cmd, m, today) {
            Ok(_) => {
                recorded += 1;
                let verified = stroom::journal::verify(&store, routes())
                    .unwrap_or_else(|e| panic!("verify fails after {cmd:?}: {e}"));
                assert!(
                    verified.first_bad.is_none(),
                    "the trail does not verify after {cmd:?}"
                );
                plan_all(&store);
            }
            Err(e) => check_error_any(&e),
        }
    }
    recorded
}

/// An engine error about a value (no file): the message must still carry a fix.
fn check_error_any(e: &stroom::Error) {
    for lang in [stroom_render::Lang::En, stroom_render::Lang::Nl] {
        let d = stroom_render::messages::messages(lang).error(e);
        // A store's message about damaged data carries its fix on a line of its own.
        let inline = ["\n  hint: ", "\n  tip: "].iter().any(|h| {
            d.message
                .split_once(h)
                .is_some_and(|(_, fix)| !fix.trim().is_empty())
        });
        assert!(
            inline || d.hints.iter().any(|h| !h.trim().is_empty()),
            "a message without a fix: {}",
            d.text(lang)
        );
    }
}

/// `--meeting-time HH:MM` (line 1), `--meeting-minutes` (line 2) and `--alarm-werkdagen`
/// (line 3) as the CLI parses them; a time that parses is written into an iCalendar export
/// (`plan --format ics`) with meetings on an ordinary day and on the last day there is,
/// in both languages: every line at most 75 octets, no meeting ending before it starts.
fn meeting_time(bytes: &[u8]) -> bool {
    use stroom_render::ics::{calendar, CalEvent, Options, MAX_LINE_OCTETS};
    let t = text(bytes);
    let mut lines = t.split('\n');
    let given = lines.next().unwrap_or_default();
    let time = match stroom::dates::parse_time(given) {
        Ok(time) => time,
        Err(e) => {
            assert!(
                e.contains(&format!("'{given}'")) && e.contains("e.g."),
                "a time message without the value or a fix: {e}"
            );
            return false;
        }
    };
    // clap's u16 values; anything else is refused by clap before stroom sees it.
    let mut number = |default: u16| {
        lines
            .next()
            .and_then(|l| l.trim().parse::<u16>().ok())
            .unwrap_or(default)
    };
    let (minutes, alarm) = (number(120), number(2));
    let event = |uid: &str, date: jiff::civil::Date, meeting: bool| CalEvent {
        uid: uid.into(),
        date,
        meeting,
        alarm: true,
        summary: "MR".into(),
        description: "ministerraad".into(),
        estimated: false,
        sequence: 0,
    };
    let events = [
        event("a", jiff::civil::date(2023, 10, 6), true),
        event("b", jiff::civil::date(2023, 10, 2), false),
        event("c", jiff::civil::Date::MAX, true),
        event("d", jiff::civil::Date::MIN, true),
    ];
    for lang in [stroom_render::Lang::En, stroom_render::Lang::Nl] {
        let opts = Options {
            lang,
            alarm_werkdagen: alarm,
            alarm: true,
            meeting_time: Some(time),
            meeting_minutes: minutes,
        };
        let ics = calendar("fuzz", &events, TODAY, &stroom::Werkdagen::default(), &opts);
        for line in ics.split_terminator("\r\n") {
            assert!(
                line.len() <= MAX_LINE_OCTETS,
                "a line of {} octets: {line}",
                line.len()
            );
        }
        let times = |key: &str| -> Vec<String> {
            ics.split("\r\n")
                .filter_map(|l| l.strip_prefix(key))
                .filter_map(|l| l.rsplit(':').next())
                .map(String::from)
                .collect()
        };
        let (starts, ends) = (times("DTSTART;TZID="), times("DTEND;TZID="));
        assert_eq!(
            starts.len(),
            ends.len(),
            "a timed meeting without its end:\n{ics}"
        );
        for (start, end) in starts.iter().zip(&ends) {
            assert!(
                end >= start,
                "a meeting ends ({end}) before it starts ({start})"
            );
        }
    }
    true
}

/// `--server URL` (line 1) as the CLI client checks it, then the endpoints the client builds
/// on it from the other lines (a stroom reference or a user name, as typed): a refusal
/// names the value and the fix in both languages; an accepted URL is http(s) without query
/// or fragment, its name (messages, the tokens file) reads back as the same server, and
/// every endpoint stays below it with each segment in its place, as given.
fn server_url(bytes: &[u8]) -> bool {
    let t = text(bytes);
    let mut lines = t.split('\n');
    let given = lines.next().unwrap_or_default();
    let url = match server_url::parse_url(given) {
        Ok(url) => url,
        Err(e) => {
            let Some(c) = e.downcast_ref::<stroom_render::client::Connection>() else {
                panic!("a --server refusal of another kind: {e}");
            };
            for lang in [stroom_render::Lang::En, stroom_render::Lang::Nl] {
                let d = c.diagnostic(lang);
                assert!(
                    d.message.contains(&format!("'{given}'")),
                    "a --server message without the value: {}",
                    d.message
                );
                assert!(
                    d.hints.iter().any(|h| !h.trim().is_empty()),
                    "a --server message without a fix: {}",
                    d.message
                );
            }
            return false;
        }
    };
    assert!(matches!(url.scheme(), "http" | "https"), "{url}");
    assert!(url.query().is_none() && url.fragment().is_none(), "{url}");
    assert!(url.path().ends_with('/'), "{url}");
    let name = server_url::name(&url);
    let again = server_url::parse_url(&name)
        .unwrap_or_else(|e| panic!("the name '{name}' of '{url}' does not read back: {e}"));
    assert_eq!(
        (again.scheme(), again.host_str(), again.port()),
        (url.scheme(), url.host_str(), url.port()),
        "the name '{name}' names another server than '{url}'"
    );
    // The base's segments, but for the empty one after its last slash (the endpoint's
    // segments take its place).
    let mut base: Vec<&str> = url
        .path_segments()
        .map(Iterator::collect)
        .unwrap_or_default();
    if base.last() == Some(&"") {
        base.pop();
    }
    for segment in lines {
        let wanted = ["api", "strooms", segment];
        let e = match server_url::endpoint(&url, &wanted) {
            Ok(e) => e,
            Err(refused) => {
                // Dots alone: refused as a reference, with its fix.
                let Some(e) = refused.downcast_ref::<stroom::Error>() else {
                    panic!("an endpoint refusal of another kind: {refused}");
                };
                assert!(
                    segment.chars().all(|c| c == '.'),
                    "'{segment}' refused: {e}"
                );
                check_error_any(e);
                continue;
            }
        };
        assert!(
            e.as_str().starts_with(url.as_str()),
            "the endpoint {e} for '{segment}' leaves the server's URL {url}"
        );
        let got: Vec<String> = e
            .path_segments()
            .map(|s| {
                s.skip(base.len())
                    .map(|s| {
                        percent_encoding::percent_decode_str(s)
                            .decode_utf8_lossy()
                            .into_owned()
                    })
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            got, wanted,
            "the endpoint {e} for '{segment}' (below {url})"
        );
    }
    true
}

/// A problem the server answers with: a code, and words in both languages.
fn check_problem(p: &stroom_server::problem::Problem) {
    assert!(!p.code().is_empty(), "a problem without a code: {p:?}");
    assert!(
        !p.detail().trim().is_empty() && !p.dutch().trim().is_empty(),
        "a problem without words: {p:?}"
    );
}

/// What a handler records with a command: the user, the role and the comment.
fn meta_as(role: Option<stroom::Role>, comment: Option<String>) -> stroom::Meta {
    stroom::Meta::builder()
        .actor("fuzz")
        .recorded_at(jiff::Timestamp::UNIX_EPOCH)
        .role(role)
        .comment(comment)
        .build()
}

/// The LLO example, registered on 27 Sep 2023 and submitted, as a server holds it.
fn submitted_llo(store: &MemoryStore) -> String {
    let def = example();
    let reference = def.reference.clone();
    let on = jiff::civil::date(2023, 9, 27);
    let submitted =
        stroom::journal::create(store, routes(), def, on, meta(), TODAY).and_then(|_| {
            let cmd = stroom::Command {
                on,
                action: stroom::Action::Submit,
            };
            stroom::journal::execute(
                store,
                routes(),
                calendars(),
                &reference,
                &cmd,
                meta(),
                TODAY,
            )
        });
    if let Err(e) = submitted {
        panic!("the example stroom cannot be submitted: {e}");
    }
    reference
}

/// The engine's answer to a body the server accepted: recorded (the trail verifies and
/// every stroom plans) or refused with a fix.
fn recorded<T>(store: &MemoryStore, done: Result<T, stroom::Error>) -> bool {
    match done {
        Ok(_) => {
            let verified = stroom::journal::verify(store, routes())
                .unwrap_or_else(|e| panic!("verify fails after an accepted body: {e}"));
            assert!(
                verified.first_bad.is_none(),
                "the trail does not verify after an accepted body"
            );
            plan_all(store);
            true
        }
        Err(e) => {
            check_error_any(&e);
            false
        }
    }
}

/// The JSON bodies of the server's API (line 1 names the endpoint, the rest is the body),
/// decoded as axum's `Json` decodes them (serde_json) and taken through the functions the
/// handlers use, up to the database: there the engine call the server's writer makes runs
/// on a store in memory holding the LLO example. Endpoints: `tokens`, `strooms` (new),
/// `commands`, `corrections`, `simulate` (its `plan` is the plan query's fields), `import`,
/// `users`, `grants`, `password`; another first line picks one by its length.
fn server_bodies(bytes: &[u8]) -> bool {
    use stroom_server::bodies as b;
    const ENDPOINTS: [&str; 9] = [
        "tokens",
        "strooms",
        "commands",
        "corrections",
        "simulate",
        "import",
        "users",
        "grants",
        "password",
    ];
    let (endpoint, body) = variant(bytes, &ENDPOINTS);
    fn decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> Option<T> {
        serde_json::from_slice(body).ok()
    }
    let problem = |p: stroom_server::problem::Problem| {
        check_problem(&p);
        false
    };
    let store = MemoryStore::new();
    match endpoint {
        "tokens" => decode::<b::Credentials>(body).is_some(),
        "password" => decode::<b::PasswordBody>(body).is_some(),
        "grants" => decode::<b::GrantsBody>(body)
            .is_some_and(|g| b::parse_grants(&g.grants).map_err(problem).is_ok()),
        "users" => decode::<b::NewUser>(body).is_some_and(|u| {
            let _ = b::valid_name(&u.name);
            b::parse_grants(&u.grants).map_err(problem).is_ok()
        }),
        "strooms" => decode::<b::NewBody>(body).is_some_and(|new| new_body(&store, new)),
        "commands" => decode::<b::CommandBody>(body).is_some_and(|cmd| command_body(&store, &cmd)),
        "corrections" => {
            let Some(c) = decode::<b::CorrectionBody>(body) else {
                return false;
            };
            let reference = submitted_llo(&store);
            let (correction, role) = match c.correction() {
                Ok(c) => c,
                Err(p) => return problem(p),
            };
            let meta = meta_as(role, Some(c.reason.clone()));
            recorded(
                &store,
                stroom::journal::correct(
                    &store,
                    routes(),
                    &reference,
                    c.event,
                    correction,
                    meta,
                    TODAY,
                ),
            )
        }
        "simulate" => {
            let Some(sim) = decode::<b::SimulateBody>(body) else {
                return false;
            };
            let reference = submitted_llo(&store);
            simulate_body(&store, &reference, &sim)
        }
        "import" => {
            let Some(import) = decode::<b::ImportBody>(body) else {
                return false;
            };
            let trust = match b::parse_trust(&import.trust) {
                Ok(t) => t,
                Err(p) => return problem(p),
            };
            match stroom::journal::check_import(routes(), import.records, &trust, None) {
                Ok(chains) => {
                    let records = chains.into_values().flatten().collect();
                    recorded(
                        &store,
                        stroom::journal::import(&store, routes(), "fuzz", records),
                    )
                }
                Err(e) => {
                    check_error_any(&e);
                    false
                }
            }
        }
        _ => unreachable!("an endpoint of the list"),
    }
}

/// `POST /api/strooms` (and the browser's registration form): the stroom registered as the
/// server's writer does, on `store`.
fn new_body(store: &MemoryStore, new: stroom_server::bodies::NewBody) -> bool {
    match new.definition() {
        Ok((def, on)) => {
            let on = on.unwrap_or(TODAY);
            recorded(
                store,
                stroom::journal::create(store, routes(), def, on, meta(), TODAY),
            )
        }
        Err(p) => {
            check_problem(&p);
            false
        }
    }
}

/// `POST /api/strooms/REF/commands` (and the browser's command form): the command recorded
/// as the server's writer does, on the submitted LLO stroom in `store`.
fn command_body(store: &MemoryStore, cmd: &stroom_server::bodies::CommandBody) -> bool {
    let problem = |p: stroom_server::problem::Problem| {
        check_problem(&p);
        false
    };
    let reference = submitted_llo(store);
    let (action, role) = match cmd.action() {
        Ok(a) => a,
        Err(p) => return problem(p),
    };
    let role = match cmd.recorded_role(role) {
        Ok(r) => r,
        Err(p) => return problem(p),
    };
    let meta = meta_as(role, cmd.comment.clone().filter(|c| !c.trim().is_empty()));
    let command = stroom::Command {
        on: cmd.on.unwrap_or(TODAY),
        action,
    };
    recorded(
        store,
        stroom::journal::execute(
            store,
            routes(),
            calendars(),
            &reference,
            &command,
            meta,
            TODAY,
        ),
    )
}

/// Splits a body-target input: line 1 names the variant (one of `names`; another first
/// line picks one by its length), the rest is the body.
fn variant<'a>(bytes: &'a [u8], names: &[&'static str]) -> (&'static str, &'a [u8]) {
    let split = bytes
        .iter()
        .position(|&c| c == b'\n')
        .unwrap_or(bytes.len());
    let (head, body) = (&bytes[..split], bytes.get(split + 1..).unwrap_or_default());
    let name = names
        .iter()
        .find(|e| e.as_bytes() == head)
        .copied()
        .unwrap_or(names[head.len() % names.len()]);
    (name, body)
}

/// Decodes a form body or query string as axum's `Form` and `Query` do
/// (`serde_urlencoded` over `form_urlencoded`).
fn urlencoded<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    serde_urlencoded::from_bytes(bytes).ok()
}

/// The browser UI's form bodies (line 1 names the form: `login`, `logout`, `new`,
/// `command`; the rest is the `application/x-www-form-urlencoded` body), decoded as axum's
/// `Form` does and taken through the functions the handlers use: the CSRF comparison, the
/// form's API body (`NewForm::body`, `CommandForm::body`), then what the API does with it,
/// as the `server-bodies` target does.
fn server_forms(bytes: &[u8]) -> bool {
    use stroom_server::forms as f;
    let (form, body) = variant(bytes, &["login", "logout", "new", "command"]);
    let problem = |p: stroom_server::problem::Problem| {
        check_problem(&p);
        false
    };
    // The CSRF token of the fuzzed session: a form's token must match it exactly.
    const SECRET: &str = "5b1f0c8e9d2a4b6c7e8f90a1b2c3d4e5";
    let csrf_holds = |token: &str| {
        assert_eq!(
            f::same_secret(token, SECRET),
            token == SECRET,
            "the CSRF check and equality disagree on {token:?}"
        );
    };
    let store = MemoryStore::new();
    match form {
        "login" => urlencoded::<f::LoginForm>(body).is_some_and(|l| {
            csrf_holds(&l.csrf);
            let _ = stroom_server::bodies::valid_name(l.naam.trim());
            true
        }),
        "logout" => urlencoded::<f::CsrfForm>(body).is_some_and(|c| {
            csrf_holds(&c.csrf);
            true
        }),
        "new" => urlencoded::<f::NewForm>(body).is_some_and(|n| {
            csrf_holds(&n.csrf);
            match n.body() {
                Ok(new) => new_body(&store, new),
                Err(p) => problem(p),
            }
        }),
        "command" => urlencoded::<f::CommandForm>(body).is_some_and(|c| {
            csrf_holds(&c.csrf);
            match c.body() {
                Ok(cmd) => command_body(&store, &cmd),
                Err(p) => problem(p),
            }
        }),
        _ => unreachable!("a form of the list"),
    }
}

/// The query strings of the API and the browser UI (line 1 names the query: `portfolio`,
/// `plan` (a stored stroom's), `ad-hoc-plan`, `trails`, `calendar` (line 2 the body, as
/// the path of `GET /api/calendars/BODY` names it, then its `YearQuery`), and the
/// browser's `web-portfolio`, `web-stroom`, `web-month`; the rest is the query string),
/// decoded as axum's `Query` does and taken through the functions the handlers use, on a
/// store in memory holding the submitted LLO example (the Monte Carlo runs capped at 20 to
/// keep the loop fast).
fn server_queries(bytes: &[u8]) -> bool {
    use stroom_server::queries as q;
    let (query, body) = variant(
        bytes,
        &[
            "portfolio",
            "plan",
            "ad-hoc-plan",
            "trails",
            "web-portfolio",
            "web-stroom",
            "web-month",
            "calendar",
        ],
    );
    let answered = |r: Result<(), stroom_server::problem::Problem>| match r {
        Ok(()) => true,
        Err(p) => {
            check_problem(&p);
            false
        }
    };
    let store = MemoryStore::new();
    match query {
        "portfolio" => urlencoded::<q::PortfolioQuery>(body).is_some_and(|pq| {
            submitted_llo(&store);
            let today = pq.today.unwrap_or(TODAY);
            let at_risk = pq.at_risk.unwrap_or(5);
            answered(match pq.runs {
                Some(runs) => stroom_server::bodies::check_runs(runs).and_then(|runs| {
                    q::portfolio_with_p_of(
                        &store,
                        routes(),
                        calendars(),
                        today,
                        at_risk,
                        runs.min(20),
                        pq.seed.unwrap_or(1),
                        &pq.model(),
                    )
                    .map(drop)
                }),
                None => {
                    q::portfolio_entries_of(&store, routes(), calendars(), today, at_risk).map(drop)
                }
            })
        }),
        "plan" => urlencoded::<q::PlanQuery>(body).is_some_and(|pq| {
            let reference = submitted_llo(&store);
            answered(
                q::stored_plan(&store, routes(), calendars(), &reference, &pq, TODAY).map(drop),
            )
        }),
        "ad-hoc-plan" => urlencoded::<q::PlanQuery>(body).is_some_and(|pq| {
            answered(q::ad_hoc_plan(routes(), calendars(), &pq, TODAY).map(drop))
        }),
        "trails" => urlencoded::<q::TrailsQuery>(body).is_some_and(|tq| {
            let reference = submitted_llo(&store);
            match q::trails_page(&store, routes(), &tq, 500) {
                Ok(page) => {
                    // A page holds the LLO trail exactly when the cursor is before it.
                    let before = tq.after.as_deref().is_none_or(|a| reference.as_str() > a);
                    assert_eq!(page.trails.len(), usize::from(before), "{tq:?}");
                    assert_eq!(page.next, None, "one stroom: no next page");
                    true
                }
                Err(p) => answered(Err(p)),
            }
        }),
        "web-portfolio" => urlencoded::<q::PortfolioParams>(body).is_some(),
        "web-stroom" => urlencoded::<q::StroomParams>(body).is_some_and(|sq| {
            if let Some(notice) = sq.notice() {
                // The verb is shown escaped: the only markup is the notice's own.
                let inner = notice
                    .strip_prefix("<div class=\"ok\" role=\"status\">")
                    .and_then(|n| n.strip_suffix("</div>"))
                    .unwrap_or_else(|| panic!("a notice of another shape: {notice}"));
                assert!(
                    !inner.contains(['<', '>', '"']),
                    "markup from the query reaches the page: {notice}"
                );
            }
            true
        }),
        "web-month" => urlencoded::<q::MonthParams>(body)
            .is_some_and(|mq| answered(mq.first_day(TODAY).map(drop))),
        "calendar" => {
            // Line 2 names the body, as the path does (axum's `Path` takes UTF-8 only).
            let split = body.iter().position(|&c| c == b'\n').unwrap_or(body.len());
            let (name, query) = (&body[..split], body.get(split + 1..).unwrap_or_default());
            let Ok(name) = std::str::from_utf8(name) else {
                return false;
            };
            urlencoded::<q::YearQuery>(query).is_some_and(|yq| {
                match q::calendar_of(calendars(), name, &yq) {
                    Ok(answer) => {
                        let Ok(whole) = calendars().body(name) else {
                            panic!("{name:?} is answered but not a body");
                        };
                        // The body's own meetings, those of the year asked for, all of them.
                        let asked = |s: &stroom::calendar::Slot| {
                            yq.year.is_none_or(|y| s.meeting.year() == y)
                        };
                        let expected: Vec<_> = whole.slots.iter().filter(|s| asked(s)).collect();
                        assert_eq!(
                            answer.slots.iter().collect::<Vec<_>>(),
                            expected,
                            "{name} {yq:?}"
                        );
                        assert_eq!(answer.name, whole.name, "{name} {yq:?}");
                        assert!(
                            serde_json::to_value(&answer).is_ok(),
                            "{name} {yq:?}: the answer does not encode"
                        );
                        true
                    }
                    Err(p) => answered(Err(p)),
                }
            })
        }
        _ => unreachable!("a query of the list"),
    }
}

/// `POST /api/strooms/REF/simulate` as `api::simulation` runs it on a stored stroom (the
/// Monte Carlo runs checked, then at most 20 of them: the fuzz loop must stay fast).
fn simulate_body(
    store: &MemoryStore,
    reference: &str,
    sim: &stroom_server::bodies::SimulateBody,
) -> bool {
    let problem = |p: stroom_server::problem::Problem| {
        check_problem(&p);
        false
    };
    let engine = |e: stroom::Error| {
        check_error_any(&e);
        false
    };
    let today = sim.plan.today.unwrap_or(TODAY);
    let loaded = match stroom::journal::load(store, routes(), reference) {
        Ok(l) => l,
        Err(e) => return engine(e),
    };
    let route = match routes().get(&loaded.stroom.def.route) {
        Ok(r) => r,
        Err(e) => return engine(e),
    };
    let (stroom, _) =
        match stroom::planner::as_of(route, loaded.records.iter().map(|r| &r.event), today) {
            Ok(s) => s,
            Err(e) => return engine(e),
        };
    let mut req = match stroom::Request::for_stroom(&stroom, today) {
        Ok(r) => r,
        Err(e) => return engine(e),
    };
    if let Err(p) = stroom_server::bodies::adjust(calendars(), &mut req, &sim.plan) {
        return problem(p);
    }
    let planner = match stroom::Planner::new(route, calendars()) {
        Ok(p) => p,
        Err(e) => return engine(e),
    };
    if let Err(e) = stroom::simulate::what_if(&planner, &req, &sim.scenarios) {
        return engine(e);
    }
    let Some(runs) = sim.runs else {
        return true;
    };
    let runs = match stroom_server::bodies::check_runs(runs) {
        Ok(r) => r.min(20),
        Err(p) => return problem(p),
    };
    let model = match sim.model.build(&planner, &[], &|n| n.replace('-', "_")) {
        Ok((model, _)) => model,
        Err(e) => {
            for lang in [stroom_render::Lang::En, stroom_render::Lang::Nl] {
                let d = e.diagnostic(lang);
                assert!(
                    !d.message.trim().is_empty() && d.hints.iter().any(|h| !h.trim().is_empty()),
                    "a model refusal without words or a fix: {}",
                    d.text(lang)
                );
            }
            return false;
        }
    };
    match stroom::simulate::monte_carlo(&planner, &req, &model, runs, sim.seed, 1, &|_| {}) {
        Ok(_) => true,
        Err(e) => engine(e),
    }
}

/// Every target.
pub const TARGETS: &[Target] = &[
    Target {
        name: "stroom",
        seeds: &[
            "examples/llo-41077000.toml",
            "examples/werkagenda-mbo-49418286.toml",
        ],
        run: stroom_file,
    },
    Target {
        name: "route",
        seeds: &[
            "workflows/routes/ministerraad.toml",
            "workflows/routes/ondertekening.toml",
        ],
        run: route_file,
    },
    Target {
        name: "calendar",
        seeds: &[
            "workflows/calendars/cwizo.toml",
            "workflows/calendars/mr.toml",
            "workflows/calendars/tweede-kamer.toml",
        ],
        run: calendar_file,
    },
    Target {
        name: "scenario",
        seeds: &["fuzz/corpus/scenario.toml"],
        run: scenario_file,
    },
    Target {
        name: "activities",
        seeds: &["tests/e2e/fixtures/activiteiten.json"],
        run: activities_file,
    },
    Target {
        name: "export",
        seeds: &["fuzz/corpus/export.jsonl"],
        run: export_file,
    },
    Target {
        name: "flags",
        seeds: &["fuzz/corpus/dates.txt"],
        run: flags,
    },
    Target {
        name: "verbs",
        seeds: &["fuzz/corpus/verbs.bin"],
        run: verbs,
    },
    Target {
        name: "ics",
        seeds: &["fuzz/corpus/series.ics"],
        run: ics_file,
    },
    Target {
        name: "csv",
        seeds: &["fuzz/corpus/schedule.csv"],
        run: csv_file,
    },
    Target {
        name: "meeting-time",
        seeds: &["fuzz/corpus/meeting-time.txt"],
        run: meeting_time,
    },
    Target {
        name: "server-url",
        seeds: &["fuzz/corpus/server-url.txt"],
        run: server_url,
    },
    Target {
        name: "server-bodies",
        seeds: &[
            "fuzz/corpus/bodies/tokens.txt",
            "fuzz/corpus/bodies/strooms.txt",
            "fuzz/corpus/bodies/commands.txt",
            "fuzz/corpus/bodies/corrections.txt",
            "fuzz/corpus/bodies/simulate.txt",
            "fuzz/corpus/bodies/import.txt",
            "fuzz/corpus/bodies/users.txt",
            "fuzz/corpus/bodies/grants.txt",
            "fuzz/corpus/bodies/password.txt",
        ],
        run: server_bodies,
    },
    Target {
        name: "server-forms",
        seeds: &[
            "fuzz/corpus/forms/login.txt",
            "fuzz/corpus/forms/logout.txt",
            "fuzz/corpus/forms/new.txt",
            "fuzz/corpus/forms/command.txt",
        ],
        run: server_forms,
    },
    Target {
        name: "server-queries",
        seeds: &[
            "fuzz/corpus/queries/portfolio.txt",
            "fuzz/corpus/queries/plan.txt",
            "fuzz/corpus/queries/ad-hoc-plan.txt",
            "fuzz/corpus/queries/trails.txt",
            "fuzz/corpus/queries/web-portfolio.txt",
            "fuzz/corpus/queries/web-stroom.txt",
            "fuzz/corpus/queries/web-month.txt",
            "fuzz/corpus/queries/calendar.txt",
        ],
        run: server_queries,
    },
];

/// A small, fast, deterministic generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    /// Seeded (0 is replaced).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

/// Bytes that matter to TOML, JSON and dates.
const INTERESTING: &[&[u8]] = &[
    b"\"",
    b"'",
    b"=",
    b"[",
    b"]",
    b"[[",
    b"]]",
    b"{",
    b"}",
    b",",
    b":",
    b"\n",
    b"#",
    b"-",
    b"0",
    b"9",
    b"-1",
    b"99999999999999999999",
    b"9999-12-31",
    b"0001-01-01",
    b"2023-02-29",
    b"2024-02-29",
    b"true",
    b"null",
    b"\\u0000",
    b"\\",
    b"\xff",
    b"\xc3\xa9",
    b"  ",
    b"\t",
    b"1e308",
    b"NaN",
    b"0x10",
    b"\r\n",
];

/// One mutation of `input`, sometimes spliced with `other`.
pub fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = out.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                out[i] = rng.next_u64() as u8;
            }
            2 => {
                let i = rng.below(len + 1);
                let token = INTERESTING[rng.below(INTERESTING.len())];
                out.splice(i..i, token.iter().copied());
            }
            3 if len > 0 => {
                let i = rng.below(len);
                let j = (i + 1 + rng.below(16)).min(len);
                out.drain(i..j);
            }
            4 if len > 0 => {
                // Duplicate a slice elsewhere (repeated keys, lines, tables).
                let i = rng.below(len);
                let j = (i + 1 + rng.below(64)).min(len);
                let piece = out[i..j].to_vec();
                let at = rng.below(len + 1);
                out.splice(at..at, piece);
            }
            5 if !other.is_empty() => {
                // Splice a slice of another seed in.
                let i = rng.below(other.len());
                let j = (i + 1 + rng.below(64)).min(other.len());
                let at = rng.below(len + 1);
                out.splice(at..at, other[i..j].iter().copied());
            }
            6 if len > 0 => {
                // Cut the tail (a truncated file).
                out.truncate(rng.below(len));
            }
            _ if len > 0 => {
                // Replace a digit run with another number.
                let i = rng.below(len);
                if out[i].is_ascii_digit() {
                    let mut j = i;
                    while j < len && out[j].is_ascii_digit() {
                        j += 1;
                    }
                    let n = match rng.below(4) {
                        0 => "0".to_string(),
                        1 => u64::MAX.to_string(),
                        2 => (rng.next_u64() % 100).to_string(),
                        _ => (rng.next_u64() % 100_000).to_string(),
                    };
                    out.splice(i..j, n.bytes());
                }
            }
            _ => {}
        }
    }
    out
}

/// Runs one input, catching a panic: `Err(message)` when it panicked.
pub fn run_one(target: &Target, input: &[u8]) -> Result<bool, String> {
    std::panic::catch_unwind(AssertUnwindSafe(|| (target.run)(input))).map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_string()))
            .unwrap_or_else(|| "a panic".to_string())
    })
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Inputs run.
    pub executions: u64,
    /// Inputs the target accepted.
    pub accepted: u64,
    /// Inputs that panicked, with the panic message.
    pub panics: Vec<(Vec<u8>, String)>,
    /// The corpus size at the end.
    pub corpus: usize,
}

/// Fuzzes `target` from `seeds` until `iterations` inputs ran or `deadline` passed.
pub fn fuzz(
    target: &Target,
    seeds: Vec<Vec<u8>>,
    iterations: u64,
    deadline: Option<std::time::Instant>,
    seed: u64,
) -> Report {
    let mut rng = Rng::new(seed);
    let mut corpus = seeds;
    if corpus.is_empty() {
        corpus.push(Vec::new());
    }
    let mut report = Report::default();
    while report.executions < iterations {
        if report.executions % 256 == 0 && deadline.is_some_and(|d| std::time::Instant::now() >= d)
        {
            break;
        }
        let base = &corpus[rng.below(corpus.len())];
        let other = &corpus[rng.below(corpus.len())];
        let input = mutate(&mut rng, base, other);
        report.executions += 1;
        match run_one(target, &input) {
            Ok(true) => {
                report.accepted += 1;
                // Keep some accepted mutants: they reach the checks after parsing.
                if corpus.len() < 512 && rng.below(8) == 0 {
                    corpus.push(input);
                }
            }
            Ok(false) => {}
            Err(message) => {
                if report.panics.len() < 20 {
                    report.panics.push((input, message));
                }
            }
        }
    }
    report.corpus = corpus.len();
    report
}

/// Runs target `name` on `data`, panicking as the target does (the libFuzzer targets call
/// this; libFuzzer reports the panic as a crash).
///
/// # Panics
/// An unknown target name, or whatever the target finds.
pub fn run(name: &str, data: &[u8]) {
    let target = TARGETS
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no fuzz target '{name}'"));
    let _ = (target.run)(data);
}
