//! The JSON contract of the CLI: every answer of every command under `--format json`, in
//! local mode and through a server (`--server`), in English and in Dutch, is one JSON
//! object with `"schema": 1` at its top level, and every object key anywhere in it is
//! kebab-case (`^[a-z0-9]+(-[a-z0-9]+)*$`), except the keys that are data, named below in
//! [`DATA_KEYS`]. A command that cannot answer in JSON refuses `--format json` (exit 2).
//! The shapes (keys and the kinds of their values) of all answers are snapshotted.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::server::{add_user, serve, Person};
use crate::{repo, Run, Sandbox};

/// Keys that are data, not names: `(path of the object, key or "*" for all its keys, why)`.
/// A path is the keys from the top joined by `.`, an array's elements as `[]`; `**` stands
/// for any number of segments, `*` for one.
const DATA_KEYS: &[(&str, &str, &str)] = &[
    (
        "**.durations.roles",
        "*",
        "a route's approval estimates, keyed by role (MOCW, MSZW, ...)",
    ),
    (
        "**.recorded[]",
        "recorded_at",
        "a stored record exactly as it was hashed (its encoding is versioned by its own `schema`)",
    ),
];

/// Whether `key` is kebab-case: lower-case ASCII letters and digits in words joined by
/// single hyphens.
fn kebab(key: &str) -> bool {
    !key.is_empty()
        && key.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Whether a path pattern (`**`, `*`, literal segments) matches a path.
fn matches(pattern: &[&str], path: &[String]) -> bool {
    match (pattern.first(), path.first()) {
        (None, None) => true,
        (Some(&"**"), _) => {
            matches(&pattern[1..], path) || (!path.is_empty() && matches(pattern, &path[1..]))
        }
        (Some(p), Some(s)) => (*p == "*" || p == s) && matches(&pattern[1..], &path[1..]),
        _ => false,
    }
}

/// Whether `key` of the object at `path` is data named in [`DATA_KEYS`].
fn data_key(path: &[String], key: &str) -> bool {
    DATA_KEYS.iter().any(|(at, k, _)| {
        let pattern: Vec<&str> = at.split('.').collect();
        (*k == "*" || *k == key) && matches(&pattern, path)
    })
}

/// Every key that breaks the key case, with its path.
fn bad_keys(v: &Value, path: &mut Vec<String>, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if !kebab(k) && !data_key(path, k) {
                    out.push(format!("{}.{k}", path.join(".")));
                }
                path.push(k.clone());
                bad_keys(x, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            let last = path.pop().unwrap_or_default();
            path.push(format!("{last}[]"));
            for x in items {
                bad_keys(x, path, out);
            }
            path.pop();
            path.push(last);
        }
        _ => {}
    }
}

/// Checks one answer against the contract and returns it parsed.
#[track_caller]
fn contract(run: &Run) -> Value {
    let v: Value = match serde_json::from_str(&run.stdout) {
        Ok(v) => v,
        Err(e) => panic!(
            "stroom {}: stdout is not one JSON value ({e}):\n{}",
            run.line,
            run.snapshot()
        ),
    };
    assert!(
        v.is_object(),
        "stroom {}: the answer is not an object:\n{}",
        run.line,
        run.stdout
    );
    assert_eq!(
        v["schema"], 1,
        "stroom {}: the answer has no \"schema\": 1:\n{}",
        run.line, run.stdout
    );
    // Once: a parser keeps the last of two equal keys, so count them in the text.
    let top_level_schemas = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("  \"schema\":"))
        .count();
    assert_eq!(
        top_level_schemas, 1,
        "stroom {}: \"schema\" once at the top level:\n{}",
        run.line, run.stdout
    );
    let mut bad = Vec::new();
    bad_keys(&v, &mut Vec::new(), &mut bad);
    assert!(
        bad.is_empty(),
        "stroom {}: keys that are not kebab-case: {bad:?}\n{}",
        run.line,
        run.stdout
    );
    v
}

/// The shape of a JSON value: an object's keys with their shapes, an array as the shapes
/// of its elements merged (`[]` when empty), every other value as its kind.
fn shape(v: &Value) -> Value {
    match v {
        Value::Null => json!("null"),
        Value::Bool(_) => json!("bool"),
        Value::Number(_) => json!("number"),
        Value::String(_) => json!("string"),
        Value::Array(items) => {
            let mut merged = Value::Null;
            for x in items {
                merged = merge(merged, shape(x));
            }
            if merged.is_null() {
                json!([])
            } else {
                json!([merged])
            }
        }
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), shape(v))).collect()),
    }
}

/// Two shapes as one: the keys of both objects; differing kinds as `"a|b"`.
fn merge(a: Value, b: Value) -> Value {
    match (a, b) {
        (Value::Null, b) => b,
        (a, Value::Null) => a,
        (Value::Object(mut x), Value::Object(y)) => {
            for (k, v) in y {
                let old = x.remove(&k).unwrap_or(Value::Null);
                x.insert(k, merge(old, v));
            }
            Value::Object(x)
        }
        (Value::Array(x), Value::Array(y)) => {
            let a = x.into_iter().next().unwrap_or(Value::Null);
            let b = y.into_iter().next().unwrap_or(Value::Null);
            match merge(a, b) {
                Value::Null => json!([]),
                m => json!([m]),
            }
        }
        (a, b) if a == b => a,
        // A value that is sometimes null: its shape is the other one's.
        (n, other) | (other, n) if n == "null" && (other.is_object() || other.is_array()) => other,
        (a, b) => {
            let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
            let mut kinds: Vec<String> = text(&a)
                .split('|')
                .chain(text(&b).split('|'))
                .map(str::to_string)
                .collect();
            kinds.sort();
            kinds.dedup();
            json!(kinds.join("|"))
        }
    }
}

/// Keys only local mode answers with: `(command, key at the top, why)`.
const LOCAL_ONLY: &[(&str, &str, &str)] = &[(
    "key",
    "file",
    "the key file's path on this computer; a server does not give out its paths",
)];

/// Asserts that an answer through a server has the shape of local mode's: the same keys
/// everywhere (bar [`LOCAL_ONLY`]), the same kinds of values (a `null` on either side goes
/// with any kind; an empty array with any array).
#[track_caller]
fn same_shape(args: &[&str], remote: &Value, here: &Value) {
    let mut here = here.clone();
    if let Some(m) = here.as_object_mut() {
        for (command, key, _) in LOCAL_ONLY {
            if args.first() == Some(command) {
                m.remove(*key);
            }
        }
    }
    let mut differences = Vec::new();
    differ(&shape(remote), &shape(&here), "", &mut differences);
    assert!(
        differences.is_empty(),
        "stroom {} --server answers in another shape than local mode: {differences:#?}\nremote: {remote}\nlocal: {here}",
        args.join(" ")
    );
}

/// The places where two shapes differ.
fn differ(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => differ(p, q, &format!("{path}.{k}"), out),
                    (Some(_), None) => out.push(format!("{path}.{k} only through the server")),
                    (None, _) => out.push(format!("{path}.{k} only locally")),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            if let (Some(p), Some(q)) = (x.first(), y.first()) {
                differ(p, q, &format!("{path}[]"), out);
            }
        }
        (a, b) if a == b || a == "null" || b == "null" => {}
        (Value::String(a), Value::String(b)) if kinds(a) == kinds(b) => {}
        (a, b) => out.push(format!("{path}: {a} through the server, {b} locally")),
    }
}

/// The kinds of a merged scalar shape (`"null|string"`) bar `null`.
fn kinds(shape: &str) -> std::collections::BTreeSet<&str> {
    shape.split('|').filter(|k| *k != "null").collect()
}

/// The JSON with what differs from run to run and machine to machine replaced: the
/// sandbox's path, recorded-at times, hashes, signatures, keys and their fingerprints.
fn steady(v: &Value, tmp: &str) -> Value {
    match v {
        Value::String(s) => {
            let hex = |n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
            let timestamp = s.len() >= 20
                && s.ends_with('Z')
                && s.as_bytes().get(10) == Some(&b'T')
                && s.as_bytes()[..4].iter().all(u8::is_ascii_digit);
            let fingerprint = s.len() == 79 && s.split(' ').all(|g| g.len() == 4);
            Value::String(if hex(64) {
                "[hash]".into()
            } else if hex(128) {
                "[signature]".into()
            } else if timestamp {
                "[recorded-at]".into()
            } else if fingerprint {
                "[fingerprint]".into()
            } else {
                short_hashes(&s.replace(tmp, "[TMP]"))
            })
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| steady(x, tmp)).collect()),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, x)| (k.clone(), steady(x, tmp))).collect())
        }
        other => other.clone(),
    }
}

/// A text with every short hash in it (12 hex digits standing alone) replaced.
fn short_hashes(text: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.len() == 12 && word.bytes().all(|b| b.is_ascii_hexdigit()) {
            out.push_str("[short-hash]");
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Adds `--format json` and `--lang LANG` to a command line.
fn with(args: &[&str], lang: &'static str) -> Vec<String> {
    let mut a: Vec<String> = args.iter().map(|s| (*s).to_string()).collect();
    a.extend([
        "--format".into(),
        "json".into(),
        "--lang".into(),
        lang.into(),
    ]);
    a
}

fn run_in(sb: &Sandbox, args: &[&str], lang: &'static str) -> Run {
    let a = with(args, lang);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    sb.run(&a)
}

fn fixture(name: &str) -> String {
    repo()
        .join("tests/e2e/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// A stroom on the ondertekening route, registered from flags.
const NEW_SIGNED: &[&str] = &[
    "new",
    "--reference",
    "41077001",
    "--title",
    "Beantwoording Kamervragen",
    "--route",
    "ondertekening",
    "--directie",
    "MBO",
    "--eerste",
    "MOCW",
    "--kamer-by",
    "2023-12-15",
    "--on",
    "2023-10-02",
];

/// A calendar file whose one deadline falls on a Saturday (moved, with a warning).
const WARNED_CALENDAR: &str = r#"body = "cwizo"
kind = "voorportaal"
title = "CWIZO, vergaderschema Q1 2025"
from = 2025-01-01
to = 2025-03-31

[[slot]]
meeting = 2025-01-20
deadline = 2025-01-11
mr = 2025-01-31
source = "CWIZO-secretariaat, vergaderschema 2025"
"#;

/// Recording commands that reach every verb: (who records it through a server, the line).
const RECORDING: &[(&str, &[&str])] = &[
    (
        "planner",
        &[
            "new",
            "--from",
            "examples/llo-41077000.toml",
            "--on",
            "2023-09-27",
        ],
    ),
    ("planner", &["submit", "41077000", "--on", "2023-09-27"]),
    (
        "sec",
        &[
            "approve",
            "41077000",
            "--role",
            "MOCW",
            "--version",
            "1",
            "--on",
            "2023-10-02",
        ],
    ),
    (
        "sec",
        &[
            "return",
            "41077000",
            "--role",
            "MPVO",
            "--version",
            "1",
            "--comment",
            "alinea 3 aanscherpen",
            "--on",
            "2023-10-03",
        ],
    ),
    (
        "sec",
        &[
            "approve",
            "41077000",
            "--role",
            "MSZW",
            "--version",
            "2",
            "--on",
            "2023-10-12",
        ],
    ),
    (
        "sec",
        &[
            "approve",
            "41077000",
            "--role",
            "MPVO",
            "--version",
            "2",
            "--on",
            "2023-10-12",
        ],
    ),
    (
        "sec",
        &[
            "approve",
            "41077000",
            "--role",
            "MOCW",
            "--version",
            "2",
            "--on",
            "2023-10-12",
        ],
    ),
    (
        "sec",
        &[
            "approve",
            "41077000",
            "--role",
            "MEZK",
            "--version",
            "2",
            "--on",
            "2023-10-12",
        ],
    ),
    (
        "planner",
        &[
            "deliver",
            "41077000",
            "--slot",
            "2023-10-30",
            "--on",
            "2023-10-20",
        ],
    ),
    (
        "planner",
        &["voorportaal", "41077000", "door", "--on", "2023-10-30"],
    ),
    (
        "planner",
        &["needs-onderraad", "41077000", "yes", "--on", "2023-10-30"],
    ),
    (
        "planner",
        &["onderraad", "41077000", "door", "--on", "2023-10-31"],
    ),
    (
        "planner",
        &["mr", "41077000", "aangehouden", "--on", "2023-11-03"],
    ),
    (
        "planner",
        &["mr", "41077000", "besloten", "--on", "2023-11-10"],
    ),
    ("planner", &["send", "41077000", "--on", "2023-11-13"]),
    (
        "sec",
        &[
            "correct",
            "41077000",
            "--event",
            "7",
            "--date",
            "2023-10-11",
            "--role",
            "MOCW",
            "--reason",
            "datum verkeerd overgenomen",
        ],
    ),
    ("planner", NEW_SIGNED),
    ("planner", &["submit", "41077001", "--on", "2023-10-02"]),
    (
        "sec",
        &[
            "sign",
            "41077001",
            "--role",
            "MOCW",
            "--version",
            "1",
            "--on",
            "2023-10-05",
        ],
    ),
    (
        "planner",
        &[
            "new",
            "--reference",
            "41077002",
            "--title",
            "Ingetrokken brief",
            "--route",
            "ministerraad",
            "--directie",
            "MBO",
            "--eerste",
            "MOCW",
            "--on",
            "2023-10-02",
        ],
    ),
    ("planner", &["withdraw", "41077002", "--on", "2023-10-03"]),
];

/// Reading commands of a database holding the strooms of [`RECORDING`]: the same answers
/// locally and through a server.
const READING: &[&[&str]] = &[
    &["list"],
    &["show", "41077000"],
    &["show", "41077001"],
    &["log", "41077000"],
    &["plan", "41077001"],
    &["plan", "41077001", "--kamer-by", "2023-10-06"],
    &[
        "simulate",
        "41077001",
        "--delay-role",
        "MOCW=5",
        "--runs",
        "50",
    ],
    &["portfolio"],
    &["portfolio", "--runs", "50"],
    &["agenda", "--weeks", "4"],
    &["verify"],
    &["key"],
];

/// Commands that need no database.
const WITHOUT_DATABASE: &[&[&str]] = &[
    &["plan", "--example", "llo"],
    &["plan", "--route", "ministerraad", "--ready", "2023-10-02"],
    &[
        "plan",
        "--route",
        "ministerraad",
        "--ready",
        "2023-10-02",
        "--onderraad",
        "--kamer-by",
        "2023-11-24",
    ],
    &[
        "plan",
        "--route",
        "ministerraad",
        "--kamer-by",
        "voor-de-zomer-2024",
    ],
    &["plan", "--route", "ondertekening", "--debate", "2024-12-11"],
    &[
        "simulate",
        "--example",
        "llo",
        "--if-onderraad",
        "--if-holds",
        "1",
        "--delay-role",
        "MPVO=5",
    ],
    &["simulate", "--example", "llo", "--runs", "50"],
    &["routes", "list"],
    &["routes", "show", "ministerraad"],
    &["routes", "show", "ondertekening"],
    &["calendar", "feestdagen", "2024"],
    &["calendar", "add-werkdagen", "2023-12-22", "5"],
    &["calendar", "add-werkdagen", "2024-01-08", "-5"],
    &["calendar", "show", "cwizo", "--year", "2023"],
    &["calendar", "show", "mr", "--year", "2024"],
    &["calendar", "show", "tweede-kamer", "--year", "2024"],
    &["calendar", "check", "workflows/calendars/cwizo.toml"],
];

/// Commands that refuse `--format json`.
const REFUSED: &[&[&str]] = &[
    &["completions", "bash"],
    &["man"],
    &[
        "calendar", "generate", "mr", "--from", "2024", "--to", "2024",
    ],
    &["export"],
    &["serve", "--listen", "127.0.0.1:0"],
    &["routes", "show", "ministerraad", "--mermaid"],
];

/// Commands the tests here run with their own arguments (files, passwords, a server),
/// outside the lists above.
const RUN_APART: &[&str] = &[
    "init",
    "export",
    "import",
    "key",
    "calendar import",
    "calendar check",
    "users add",
    "users grant",
    "users list",
    "users password",
    "users remove",
    "login",
    "logout",
];

/// The commands in a help text's `Commands:` list, bar `help`.
fn commands_in(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .filter(|c| c != "help")
        .collect()
}

/// Every command `stroom --help` lists, and every subcommand of those, is run by a test
/// here (or refuses `--format json`): a new command fails this until its JSON answer is
/// under the contract.
#[test]
fn the_contract_tests_cover_every_command() {
    let sb = Sandbox::new();
    let top = sb.run(&["--help"]).ok().stdout;
    let mut every = Vec::new();
    for c in commands_in(&top) {
        let subs = commands_in(&sb.run(&[&c, "--help"]).ok().stdout);
        if subs.is_empty() {
            every.push(c);
        } else {
            every.extend(subs.into_iter().map(|s| format!("{c} {s}")));
        }
    }
    assert!(every.len() > 35, "the walk found the commands: {every:?}");
    let lists = RECORDING
        .iter()
        .map(|(_, args)| *args)
        .chain(READING.iter().copied())
        .chain(WITHOUT_DATABASE.iter().copied())
        .chain(REFUSED.iter().copied());
    let mut covered: Vec<String> = RUN_APART.iter().map(|c| (*c).to_string()).collect();
    for args in lists {
        covered.push(args[0].to_string());
        if let Some(sub) = args.get(1) {
            covered.push(format!("{} {sub}", args[0]));
        }
    }
    let missing: Vec<&String> = every.iter().filter(|c| !covered.contains(c)).collect();
    assert!(
        missing.is_empty(),
        "commands without a JSON contract test: {missing:?}"
    );
}

/// Every answer by command line (volatile values replaced), for the snapshots.
type Answers = BTreeMap<String, Value>;

fn keep(answers: &mut Answers, sb: &Sandbox, args: &[&str], v: &Value) {
    answers.insert(args.join(" "), steady(v, &sb.path().display().to_string()));
}

/// Every command under `--format json`, locally, in English and in Dutch: objects with
/// `"schema": 1` and kebab-case keys, the same in both languages; and the shapes of all
/// answers, snapshotted.
#[test]
fn every_json_answer_is_an_object_with_its_schema_and_kebab_case_keys() {
    let mut answers = BTreeMap::<&str, Answers>::new();
    for lang in ["en", "nl"] {
        let sb = Sandbox::new();
        let all = answers.entry(lang).or_default();
        let v = contract(&run_in(&sb, &["init"], lang).ok());
        keep(all, &sb, &["init"], &v);
        let v = contract(&run_in(&sb, &["init"], lang).ok());
        keep(all, &sb, &["init", "(again)"], &v);
        for (_, args) in RECORDING {
            let v = contract(&run_in(&sb, args, lang).ok());
            keep(all, &sb, args, &v);
        }
        for args in READING.iter().chain(WITHOUT_DATABASE) {
            let v = contract(&run_in(&sb, args, lang).ok());
            keep(all, &sb, args, &v);
        }
        // Files: an export and its import, a schedule imported as a calendar.
        let export = sb.path().join("backup.jsonl").display().to_string();
        let args = ["export", export.as_str()];
        let v = contract(&run_in(&sb, &args, lang).ok());
        keep(all, &sb, &["export", "FILE"], &v);
        let fresh = Sandbox::new();
        let v = contract(&run_in(&fresh, &["import", export.as_str()], lang).ok());
        keep(all, &fresh, &["import", "FILE"], &v);
        let anchor = sb.db().join("anchor.jsonl").display().to_string();
        let again = Sandbox::new();
        let args = ["import", "--anchor", anchor.as_str()];
        let v = contract(&run_in(&again, &args, lang).ok());
        keep(all, &again, &["import", "--anchor", "FILE"], &v);
        let v = contract(&run_in(&fresh, &["verify"], lang).ok());
        assert_eq!(v["other-keys"][0]["events"], json!(RECORDING.len()), "{v}");
        keep(all, &fresh, &["verify", "(an imported database)"], &v);
        // A calendar file with a warning, and a plan with a note about its debate.
        let calendar = sb.path().join("cwizo-2025.toml");
        std::fs::write(&calendar, WARNED_CALENDAR).expect("the calendar file");
        let calendar = calendar.display().to_string();
        let v = contract(&run_in(&sb, &["calendar", "check", calendar.as_str()], lang).ok());
        assert_eq!(v["warnings"][0]["kind"]["code"], "deadline-moved", "{v}");
        keep(
            all,
            &sb,
            &["calendar", "check", "FILE (with a warning)"],
            &v,
        );
        let activities = fixture("activiteiten.json");
        let args = [
            "plan",
            "--route",
            "ondertekening",
            "--debate",
            "leven lang",
            "--activities",
            activities.as_str(),
        ];
        let v = contract(&run_in(&sb, &args, lang).ok());
        assert_eq!(v["calendar"][0]["code"], "debate-moved", "{v}");
        keep(
            all,
            &sb,
            &[&args[..5], &["--activities", "FILE"]].concat(),
            &v,
        );
        let csv = fixture("cwizo-najaar-2023.csv");
        let args = ["calendar", "import", "--body", "cwizo", csv.as_str()];
        let v = contract(&run_in(&sb, &args, lang).ok());
        keep(
            all,
            &sb,
            &["calendar", "import", "--body", "cwizo", "FILE"],
            &v,
        );
        // Users, kept in the database.
        for args in [
            &["users", "add", "anna", "--grant", "planner"][..],
            &["users", "grant", "anna", "--grant", "auditor"],
            &["users", "list"],
            &["users", "password", "anna"],
            &["users", "remove", "anna"],
        ] {
            let mut cmd = sb.command(
                &with(args, lang)
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>(),
            );
            cmd.env("STROOM_PASSWORD", "anna-password");
            let run = crate::run(cmd, args);
            let v = contract(&run.ok());
            keep(all, &sb, args, &v);
        }
        // A rotated key, and verify after it.
        let v = contract(&run_in(&sb, &["key", "--rotate"], lang).ok());
        keep(all, &sb, &["key", "--rotate"], &v);
        let v = contract(&run_in(&sb, &["verify"], lang).ok());
        keep(all, &sb, &["verify", "(after key --rotate)"], &v);
        // A verify that fails still answers in JSON (exit 5), naming the first bad event.
        crate::foundation::tamper(&sb, "41077000", 4, "alinea 3", "alinea 4");
        let run = run_in(&sb, &["verify"], lang);
        assert_eq!(run.code, 5, "{}", run.snapshot());
        let v = contract(&run);
        assert_eq!(v["first-bad"]["stroom"], "41077000", "{v}");
        keep(all, &sb, &["verify", "(a changed record)"], &v);
    }
    let (en, nl) = (&answers["en"], &answers["nl"]);
    for (line, v) in en {
        assert_eq!(
            Some(v),
            nl.get(line),
            "stroom {line} --format json: the JSON is the same whatever --lang says"
        );
    }
    // Commands answering in the same shape (the recording commands, say) share an entry.
    let mut shapes: Vec<(Vec<&String>, Value)> = Vec::new();
    for (line, v) in en {
        let s = shape(v);
        match shapes.iter_mut().find(|(_, known)| *known == s) {
            Some((lines, _)) => lines.push(line),
            None => shapes.push((vec![line], s)),
        }
    }
    let shapes: Vec<Value> = shapes
        .into_iter()
        .map(|(lines, shape)| json!({"commands": lines, "shape": shape}))
        .collect();
    insta::assert_json_snapshot!("json_answer_shapes", shapes);
}

/// A command whose output is not an answer (a shell script, a manual, a calendar file,
/// the export file itself, a server's log) refuses `--format json` with exit 2 and the
/// formats it offers.
#[test]
fn commands_without_a_json_answer_refuse_format_json() {
    let sb = Sandbox::new();
    let mut seen = String::new();
    let csv = fixture("cwizo-najaar-2023.csv");
    let import_to_stdout = [
        "calendar",
        "import",
        "--body",
        "cwizo",
        csv.as_str(),
        "-o",
        "-",
    ];
    for args in REFUSED.iter().copied().chain([&import_to_stdout[..]]) {
        for lang in ["en", "nl"] {
            let run = run_in(&sb, args, lang);
            assert_eq!(run.code, 2, "{}", run.snapshot());
            assert!(run.stdout.is_empty(), "{}", run.snapshot());
            seen.push_str(&format!(
                "$ stroom {}\n{}\n",
                run.line.replace(&csv, "FILE"),
                run.stderr
            ));
        }
    }
    crate::snap!("json_refused", sb, seen);
}

/// Through a server (`--server`), every answer keeps the contract and has the shape of
/// local mode's: the same keys, recording commands, reading commands, users and `login`.
#[test]
fn answers_through_a_server_have_the_shapes_of_local_mode() {
    let server_sb = Sandbox::new();
    add_user(
        &server_sb,
        "planner",
        "planner-password",
        &["planner", "auditor"],
    );
    add_user(
        &server_sb,
        "sec",
        "sec-password",
        &[
            "secretariaat:MSZW",
            "secretariaat:MPVO",
            "secretariaat:MOCW",
            "secretariaat:MEZK",
        ],
    );
    add_user(&server_sb, "root", "root-password", &["admin"]);
    let (mut server, base) = serve(&server_sb);
    let local = Sandbox::new();
    let people: BTreeMap<&str, Person> = [
        ("planner", "planner-password"),
        ("sec", "sec-password"),
        ("root", "root-password"),
    ]
    .into_iter()
    .map(|(name, pw)| {
        let p = Person::new(&server_sb, &base, name);
        let mut cmd = p.command(&["login", name, "--format", "json"]);
        cmd.env("STROOM_PASSWORD", pw);
        let login = crate::run(cmd, &["login", name, "--format", "json"]).ok();
        let v = contract(&login);
        assert_eq!(v["name"], name, "{v}");
        (name, p)
    })
    .collect();
    let compare = |who: &str, args: &[&str]| {
        for lang in ["en", "nl"] {
            let a = with(args, lang);
            let a: Vec<&str> = a.iter().map(String::as_str).collect();
            let remote = people[who].run(&a);
            let here = local.run(&a);
            if args[0] == "verify" || args[0] == "key" {
                // A client's verify and key answer about the server's database.
                assert_eq!(remote.code, 0, "{}", remote.snapshot());
            }
            let (remote, here) = (contract(&remote.ok()), contract(&here.ok()));
            same_shape(args, &remote, &here);
            if RECORDING.iter().any(|(_, r)| *r == args) {
                // Recorded once: the Dutch run is the reading one that follows.
                break;
            }
        }
    };
    for (who, args) in RECORDING {
        compare(who, args);
    }
    for args in READING {
        compare("planner", args);
    }
    compare("root", &["users", "list"]);
    // verify --trust: through a server the client checks the server's export against the
    // key and answers as locally (trusted keys, every event signed by them).
    let server_key = server_sb.path().join("server-key.json");
    let key = people["planner"].run(&["key", "--format", "json"]).ok();
    std::fs::write(&server_key, &key.stdout).expect("the server's key is saved");
    let server_key = server_key.display().to_string();
    let local_key = local.db().join("signing.pub").display().to_string();
    let remote = contract(
        &people["planner"]
            .run(&["verify", "--trust", &server_key, "--format", "json"])
            .ok(),
    );
    let here = contract(
        &local
            .run(&["verify", "--trust", &local_key, "--format", "json"])
            .ok(),
    );
    same_shape(&["verify"], &remote, &here);
    for v in [&remote, &here] {
        assert_eq!(v["trusted"], true, "{v}");
        assert_eq!(
            v["keys"][0]["public-key"].as_str().map(str::len),
            Some(64),
            "{v}"
        );
        let chains = v["strooms"].as_array().expect("the chains");
        assert!(
            chains.iter().all(|c| c["signed"] == c["events"]),
            "every event signed by the trusted key: {v}"
        );
    }
    // `users` through the server answer as `users` on the database does.
    let root = &people["root"];
    for args in [
        &["users", "add", "anna", "--grant", "planner"][..],
        &["users", "grant", "anna", "--grant", "auditor"],
        &["users", "password", "anna"],
        &["users", "remove", "anna"],
    ] {
        let mut a = args.to_vec();
        a.extend(["--format", "json"]);
        let mut cmd = root.command(&a);
        cmd.env("STROOM_PASSWORD", "anna-password");
        let remote = contract(&crate::run(cmd, &a).ok());
        let mut cmd = local.command(&a);
        cmd.env("STROOM_PASSWORD", "anna-password");
        let here = contract(&crate::run(cmd, &a).ok());
        same_shape(args, &remote, &here);
    }
    let export = local.path().join("from-server.jsonl").display().to_string();
    let remote = contract(
        &people["planner"]
            .run(&["export", &export, "--format", "json"])
            .ok(),
    );
    assert_eq!(remote["events"], json!(RECORDING.len()), "{remote}");
    let logout = contract(&root.run(&["logout", "--format", "json"]).ok());
    assert_eq!(logout["revoked"], true, "{logout}");
    server.kill().expect("stop the server");
    server.wait().expect("the server is gone");
}

/// `--trust` takes the JSON of `stroom key --format json`, also as written before the
/// contract's kebab-case (`"public_key"`), so a reviewer's saved copy keeps working.
#[test]
fn a_key_saved_as_json_the_old_way_is_still_trusted() {
    let sb = Sandbox::new();
    sb.new_llo();
    let key = contract(&sb.run(&["key", "--format", "json"]).ok());
    let hex = key["public-key"].as_str().expect("the key as hex");
    let old = sb.path().join("old-key.json");
    std::fs::write(
        &old,
        format!(
            "{{\n  \"public_key\": \"{hex}\",\n  \"fingerprint\": \"{}\"\n}}\n",
            key["fingerprint"].as_str().unwrap_or_default()
        ),
    )
    .expect("the old key file");
    let new = sb.path().join("new-key.json");
    std::fs::write(&new, &sb.run(&["key", "--format", "json"]).ok().stdout).expect("the key file");
    for file in [&old, &new] {
        let file = file.display().to_string();
        let v = contract(
            &sb.run(&["verify", "--trust", &file, "--format", "json"])
                .ok(),
        );
        assert_eq!(v["trusted"], true, "{v}");
    }
}
