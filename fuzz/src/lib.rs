//! stroom's fuzz targets: every input format a user or a file can hand stroom (stroom,
//! route, calendar, scenario and activity files, exports and the anchor journal, the
//! secretariat schedules `calendar import` reads as iCalendar or CSV, and flag values:
//! dates, roles, distributions, keys), each a function from bytes to "accepted".
//!
//! Two drivers run them: the stable mutation loop below (`stroom-fuzz`, run by the test
//! suite), and the coverage-guided libFuzzer targets in `fuzz/libfuzzer` (nightly, see
//! DESIGN.md), which call the same functions.
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
    schedule_file(bytes, "fuzz.ics", schedule::read_ics)
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
        assert!(
            d.hints.iter().any(|h| !h.trim().is_empty()),
            "a message without a fix: {}",
            d.text(lang)
        );
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
