//! What planners take away: iCalendar parsed by an independent parser (PyPI `icalendar`, via
//! tests/ics/parse_ics.py), CSV read back, the agenda, and formats a command does not offer.

#![allow(clippy::unwrap_used)] // a test helper panics with the assertion that failed

use std::process::Command;

use serde_json::Value;

use crate::{repo, snap, Run, Sandbox};

/// A title with everything RFC 5545 must escape, and long enough to be folded.
const AWKWARD: &str = "Kamerbrief kansengelijkheid, onderwijs; en \\ de arbeidsmarkt: een lange titel die gevouwen moet worden";

fn sandbox(today: &'static str) -> Sandbox {
    let mut sb = Sandbox::new();
    sb.today = today;
    sb
}

/// Registers a stroom with an awkward title and a target, and submits it on 2 Oct 2023.
fn awkward(sb: &Sandbox) {
    sb.run(&[
        "new",
        "--reference",
        "KGL-1",
        "--title",
        AWKWARD,
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--mede",
        "MSZW",
        "--kamer-by",
        "2023-12-15",
        "--on",
        "2023-10-02",
    ])
    .ok();
    sb.run(&["submit", "KGL-1", "--on", "2023-10-02"]).ok();
}

/// Parses an iCalendar text with Python's `icalendar` and returns what it read. Fails, saying
/// how to install them, when python3 or the module is missing.
#[track_caller]
pub fn parse_ics(sb: &Sandbox, ics: &str) -> Value {
    let file = sb.path().join("out.ics");
    std::fs::write(&file, ics).unwrap();
    let out = Command::new("python3")
        .arg(repo().join("tests/ics/parse_ics.py"))
        .arg(&file)
        .output()
        .unwrap_or_else(|e| {
            panic!("python3 is needed to check the iCalendar output ({e}): apt-get install python3, then pip install icalendar (scripts/test installs it)")
        });
    match out.status.code() {
        Some(0) => {}
        Some(3) => panic!(
            "the Python module icalendar is missing: pip install icalendar (scripts/test installs it)"
        ),
        _ => panic!(
            "PyPI icalendar could not parse the output:\n{}\n{ics}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
    let cal: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Every file stroom writes keeps RFC 5545's limit, whatever the command.
    assert!(
        cal["max_line_octets"].as_u64().unwrap() <= 75,
        "a line longer than 75 octets:\n{ics}"
    );
    cal
}

fn event<'a>(cal: &'a Value, uid: &str) -> &'a Value {
    cal["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["uid"] == uid)
        .unwrap_or_else(|| panic!("no event {uid} in {cal:#}"))
}

fn uids(cal: &Value) -> Vec<String> {
    cal["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["uid"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn plan_ics_is_read_back_by_an_independent_parser() {
    let sb = sandbox("2023-10-02");
    awkward(&sb);
    let run = sb
        .run(&[
            "plan",
            "KGL-1",
            "--approval-days",
            "1",
            "--format",
            "ics",
            "--meeting-time",
            "10:00",
        ])
        .ok();
    let cal = parse_ics(&sb, &run.stdout);
    assert_eq!(cal["version"], "2.0");
    assert_eq!(cal["crlf"], true, "every line ends in CRLF");
    // RFC 5545 3.1: no line longer than 75 octets, continuation lines included (the ics
    // crate alone writes a space plus 75; stroom_render::ics::fold refolds).
    assert!(cal["max_line_octets"].as_u64().unwrap() <= 75, "{cal:#}");
    assert!(
        cal["folded_lines"].as_u64().unwrap() > 0,
        "the long title is folded"
    );
    assert_eq!(
        uids(&cal),
        [
            "KGL-1-delivery@stroom",
            "KGL-1-voorportaal@stroom",
            "KGL-1-ministerraad@stroom",
            "KGL-1-kamer@stroom",
            "KGL-1-latest-send@stroom"
        ]
    );
    // Commas, semicolons, the backslash and the colon survive escaping and folding.
    let delivery = event(&cal, "KGL-1-delivery@stroom");
    assert_eq!(
        delivery["summary"],
        format!("KGL-1 {AWKWARD}: aanleverdeadline CWIZO")
    );
    assert!(delivery["description"]
        .as_str()
        .unwrap()
        .contains("Date: sourced"));
    // The aanleverdeadline: all day (DTEND the next day), an alarm at 09:00 two werkdagen before.
    assert_eq!(delivery["all_day"], true);
    assert_eq!(delivery["start"], "2023-10-03");
    assert_eq!(delivery["end"], "2023-10-04");
    // Tue 3 Oct - 2 werkdagen = Fri 29 Sep, 09:00: 4 days less 9 hours before the start.
    assert_eq!(
        delivery["alarms"][0]["trigger_seconds"],
        -(4 * 24 * 3600 - 9 * 3600)
    );
    // A meeting at 10:00 in Europe/Amsterdam, with the VTIMEZONE: 08:00 UTC in summer time
    // (9 Oct 2023), 09:00 UTC in winter time (27 Oct is still summer; the MR of 3 Nov is not).
    assert_eq!(cal["timezones"], serde_json::json!(["Europe/Amsterdam"]));
    let voorportaal = event(&cal, "KGL-1-voorportaal@stroom");
    assert_eq!(voorportaal["tzid"], "Europe/Amsterdam");
    assert_eq!(voorportaal["start_utc"], "2023-10-09T08:00:00+00:00");
    let mr = event(&cal, "KGL-1-ministerraad@stroom");
    assert_eq!(mr["start"], "2023-10-27T10:00:00+02:00");
    // The estimated send date says so, and is tentative.
    let kamer = event(&cal, "KGL-1-kamer@stroom");
    assert!(
        kamer["summary"].as_str().unwrap().ends_with("(estimated)"),
        "{kamer:#}"
    );
    assert_eq!(kamer["status"], "TENTATIVE");
    let latest = event(&cal, "KGL-1-latest-send@stroom");
    assert_eq!(latest["start"], "2023-12-15");
    assert!(latest["description"].as_str().unwrap().contains("Slack:"));
}

#[test]
fn sequence_grows_when_a_date_moves_and_the_uid_stays() {
    let sb = sandbox("2023-10-02");
    awkward(&sb);
    let before = parse_ics(
        &sb,
        &sb.run(&["plan", "KGL-1", "--format", "ics"]).ok().stdout,
    );
    let d0 = event(&before, "KGL-1-delivery@stroom").clone();
    assert_eq!(d0["sequence"], 0);
    // Three weeks later nobody has approved yet: the deadline of 20 Oct was missed.
    let run = sb_run_at(&sb, "2023-10-23", &["plan", "KGL-1", "--format", "ics"]);
    let after = parse_ics(&sb, &run.stdout);
    let d1 = event(&after, "KGL-1-delivery@stroom");
    assert_ne!(d1["start"], d0["start"], "the delivery moved");
    assert_eq!(d1["sequence"], 1);
    // The same day again gives the same file: SEQUENCE is derived, not counted up per export.
    let again = sb_run_at(&sb, "2023-10-23", &["plan", "KGL-1", "--format", "ics"]);
    assert_eq!(again.stdout, run.stdout);
}

/// Runs in the sandbox's database with another today.
fn sb_run_at(sb: &Sandbox, today: &str, args: &[&str]) -> Run {
    let mut cmd = sb.command(args);
    cmd.arg("--today").arg(today);
    crate::run(cmd, args).ok()
}

#[test]
fn portfolio_and_agenda_ics_use_the_same_uids() {
    let sb = sandbox("2023-10-02");
    awkward(&sb);
    sb.new_llo();
    sb.run(&["submit", "41077000", "--on", "2023-10-02"]).ok();
    let portfolio = parse_ics(&sb, &sb.run(&["portfolio", "--format", "ics"]).ok().stdout);
    let p = uids(&portfolio);
    assert!(p.contains(&"KGL-1-delivery@stroom".to_string()), "{p:?}");
    assert!(p.contains(&"41077000-kamer@stroom".to_string()), "{p:?}");
    let agenda = parse_ics(
        &sb,
        &sb.run(&["agenda", "--weeks", "3", "--format", "ics", "--lang", "nl"])
            .ok()
            .stdout,
    );
    let a = uids(&agenda);
    assert!(a.contains(&"KGL-1-delivery@stroom".to_string()), "{a:?}");
    assert!(
        a.contains(&"KGL-1-approval-MOCW@stroom".to_string()),
        "{a:?}"
    );
    let d = event(&agenda, "KGL-1-delivery@stroom");
    assert_eq!(d["start"], "2023-10-20");
    assert_eq!(
        d["summary"],
        format!("KGL-1 {AWKWARD}: aanleverdeadline CWIZO")
    );
}

#[test]
fn agenda_in_english_and_dutch() {
    let sb = sandbox("2023-10-02");
    awkward(&sb);
    sb.new_llo();
    sb.run(&["submit", "41077000", "--on", "2023-09-27"]).ok();
    let en = sb.run(&["agenda", "--weeks", "3"]).ok();
    snap!("agenda_en", sb, en.snapshot());
    let nl = sb.run(&["agenda", "--weeks", "3", "--lang", "nl"]).ok();
    snap!("agenda_nl", sb, nl.snapshot());
    let mut cmd = sb.command(&["agenda", "--weeks", "3"]);
    cmd.env("LANG", "nl_NL.UTF-8");
    let by_locale = crate::run(cmd, &["agenda"]).ok();
    assert_eq!(by_locale.stdout, nl.stdout, "LANG=nl_NL selects Dutch");
    let json = sb
        .run(&["agenda", "--weeks", "5", "--format", "json"])
        .ok()
        .json();
    assert_eq!(json["from"], "2023-10-02");
    assert_eq!(json["to"], "2023-11-05");
    let kinds: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    for kind in ["approval", "deadline", "meeting"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
}

fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn csv_for_list_portfolio_plan_log_and_agenda() {
    let sb = sandbox("2023-10-02");
    awkward(&sb);
    let list = read_csv(&sb.run(&["list", "--format", "csv"]).ok().stdout);
    assert_eq!(list[0], ["reference", "title", "route", "state", "version"]);
    assert_eq!(
        list[1][1], AWKWARD,
        "the title with its comma and semicolon reads back whole"
    );
    let plan = sb.run(&["plan", "KGL-1", "--format", "csv"]).ok();
    assert!(plan.stdout.contains("\r\n"), "RFC 4180 line ends");
    snap!("plan_csv", sb, plan.stdout.replace("\r\n", "\n"));
    let rows = read_csv(&plan.stdout);
    assert_eq!(rows[0][5], "date");
    for row in &rows[1..] {
        assert!(stroom::dates::parse(&row[5]).is_ok(), "ISO date in {row:?}");
    }
    let portfolio = read_csv(&sb.run(&["portfolio", "--format", "csv"]).ok().stdout);
    assert_eq!(portfolio[1][0], "KGL-1");
    assert_eq!(portfolio[1][6], "2023-12-15");
    let log = read_csv(&sb.run(&["log", "KGL-1", "--format", "csv"]).ok().stdout);
    assert_eq!(log.len(), 3, "header, created, submitted");
    assert_eq!(log[2][7], "version 1 submitted to the bewindspersonen");
    let agenda = read_csv(
        &sb.run(&["agenda", "--weeks", "3", "--format", "csv"])
            .ok()
            .stdout,
    );
    assert_eq!(agenda[0][0], "date");
    assert!(agenda
        .iter()
        .any(|r| r[2] == "deadline" && r[0] == "2023-10-20"));
}

#[test]
fn a_format_the_command_does_not_offer() {
    let sb = sandbox("2023-10-02");
    awkward(&sb);
    let run = sb.run(&["show", "KGL-1", "--format", "ics"]);
    assert_eq!(run.code, 2);
    snap!("format_not_offered", sb, run.snapshot());
}

// ---- the timeline picture ----------------------------------------------------------------

/// The SVG parsed as XML; panics naming the parse error.
#[track_caller]
fn xml(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{svg}"))
}

fn count_class(doc: &roxmltree::Document<'_>, class: &str) -> usize {
    doc.descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.split(' ').any(|w| w == class))
        })
        .count()
}

#[test]
fn timeline_svg_shows_slots_missed_and_caught_estimates_target_and_slack() {
    let sb = sandbox("2023-09-27");
    // LLO: ready 4 Oct misses the CWIZO deadline of 3 Oct and catches the slot of 30 Oct.
    let run = sb
        .run(&[
            "plan",
            "--example",
            "llo",
            "--kamer-by",
            "2023-11-24",
            "--format",
            "svg",
        ])
        .ok();
    let doc = xml(&run.stdout);
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert_eq!(
        count_class(&doc, "missed"),
        2,
        "the missed slot and its deadline"
    );
    assert_eq!(
        count_class(&doc, "caught"),
        3,
        "the caught CWIZO slot, its deadline, and the MR it feeds"
    );
    assert!(
        count_class(&doc, "estimated") >= 2,
        "approvals and the send date are estimates"
    );
    assert!(
        count_class(&doc, "sourced") >= 2,
        "the CWIZO and MR of the nota are sourced"
    );
    assert_eq!(count_class(&doc, "target"), 1);
    assert_eq!(count_class(&doc, "slack"), 1);
    assert_eq!(count_class(&doc, "today"), 1);
    assert!(
        count_class(&doc, "recess") >= 1,
        "herfstreces and verkiezingsreces"
    );
    let text: String = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    assert!(text.contains("week 40"), "ISO weeks are labelled");
    assert!(text.contains("slack "), "{text}");
    // Christmas on the path: the feestdagen are drawn with their names.
    let xmas = sb
        .run(&[
            "plan",
            "--route",
            "ondertekening",
            "--ready",
            "2024-12-16",
            "--kamer-by",
            "2025-01-10",
            "--format",
            "svg",
            "--lang",
            "nl",
        ])
        .ok();
    let doc = xml(&xmas.stdout);
    let names: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("feestdag"))
        .filter_map(|n| n.first_element_child().and_then(|t| t.text()))
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("Eerste Kerstdag")),
        "{names:?}"
    );
    assert_eq!(
        count_class(&doc, "slot"),
        0,
        "ondertekening has no meetings"
    );
}

#[test]
fn html_report_holds_plan_timeline_histogram_and_trail() {
    let sb = sandbox("2023-10-05");
    sb.new_llo();
    sb.run(&["submit", "41077000", "--on", "2023-09-27"]).ok();
    let html = sb
        .run(&[
            "simulate",
            "41077000",
            "--monte-carlo",
            "--runs",
            "500",
            "--approval",
            "triangular(3,5,15)",
            "--kamer-by",
            "2023-12-01",
            "--format",
            "html",
        ])
        .ok()
        .stdout;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"), "self-contained, no scripts");
    assert!(!html.contains("src=\"http"), "no external files");
    for part in [
        "<h2>Plan</h2>",
        "<h2>Timeline</h2>",
        "<svg",
        "<h2>Monte Carlo: 500 runs",
        "<h2>Audit trail</h2>",
        "version 1 submitted",
    ] {
        assert!(html.contains(part), "{part} in the page");
    }
    let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap() + 6];
    xml(svg);
    let nl = sb
        .run(&["plan", "41077000", "--format", "html", "--lang", "nl"])
        .ok()
        .stdout;
    assert!(
        nl.contains("<html lang=\"nl\">")
            && nl.contains("<h2>Tijdlijn</h2>")
            && nl.contains("do 5 okt 2023")
    );
    // The audit trail in Dutch words, the Monte Carlo percentages with a decimal comma.
    assert!(nl.contains("geregistreerd op route ministerraad"), "{nl}");
    assert!(!nl.contains("created on route"), "{nl}");
    let sim = sb
        .run(&[
            "simulate",
            "41077000",
            "--format",
            "html",
            "--lang",
            "nl",
            "--runs",
            "200",
            "--approval",
            "triangular(3,5,15)",
            "--kamer-by",
            "2023-11-24",
        ])
        .ok()
        .stdout;
    assert!(sim.contains("P(verzonden uiterlijk "), "{sim}");
    let percents: Vec<&str> = sim
        .split('%')
        .filter_map(|part| part.rsplit(['>', ' ']).next())
        .filter(|p| p.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .collect();
    assert!(!percents.is_empty(), "{sim}");
    assert!(
        percents.iter().all(|p| p.contains(',') && !p.contains('.')),
        "decimal commas: {percents:?}"
    );
}

/// Renders an SVG to PNG with headless Chromium; fails saying how to install it.
fn chromium_png(sb: &Sandbox, svg: &str, name: &str) -> Vec<u8> {
    let input = sb.path().join(format!("{name}.svg"));
    std::fs::write(&input, svg).unwrap();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("timeline");
    std::fs::create_dir_all(&dir).unwrap();
    let png = dir.join(format!("{name}.png"));
    let _ = std::fs::remove_file(&png);
    let status = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--hide-scrollbars",
            "--window-size=1100,340",
        ])
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", input.display()))
        .output()
        .unwrap_or_else(|e| {
            panic!("chromium is needed to render the timeline to PNG ({e}): apt-get install chromium (scripts/test installs it)")
        });
    assert!(
        status.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    std::fs::read(&png).unwrap()
}

#[test]
fn timeline_renders_to_a_png_in_chromium() {
    let sb = sandbox("2023-09-27");
    let svg = sb
        .run(&[
            "plan",
            "--example",
            "llo",
            "--kamer-by",
            "2023-11-24",
            "--format",
            "svg",
        ])
        .ok()
        .stdout;
    let png = chromium_png(&sb, &svg, "llo");
    // A PNG of the window's size (IHDR: width and height, big-endian, at bytes 16..24).
    assert_eq!(&png[1..4], b"PNG");
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    let height = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    assert_eq!((width, height), (1100, 340));
    // A blank page of that size compresses to a few hundred bytes; the drawing to many kB.
    let blank = chromium_png(
        &sb,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1100\" height=\"340\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/></svg>",
        "blank",
    );
    assert!(
        png.len() > 10 * blank.len(),
        "{} vs blank {}",
        png.len(),
        blank.len()
    );
}

// ---- shell, manual, help, terminal width ----------------------------------------------------

#[test]
fn completions_for_every_shell_and_a_manual() {
    let sb = sandbox("2023-10-02");
    for (shell, marker) in [
        ("bash", "complete -F _stroom"),
        ("zsh", "#compdef stroom"),
        ("fish", "complete -c stroom"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = sb.run(&["completions", shell]).ok();
        assert!(run.stdout.contains(marker), "{shell}: {marker}");
        assert!(
            run.stdout.contains("agenda"),
            "{shell} completes the commands"
        );
    }
    let bash = sb.run(&["completions", "bash"]).ok().stdout;
    assert!(
        bash.contains("--format") && bash.contains("ics"),
        "options and values"
    );
    let man = sb.run(&["man"]).ok().stdout;
    assert!(man.contains(".TH stroom 1"), "a roff page");
    assert!(man.contains("agenda"));
    let dir = sb.path().join("man1");
    sb.run(&["man", "--dir", dir.to_str().unwrap()]).ok();
    for page in [
        "stroom.1",
        "stroom-plan.1",
        "stroom-agenda.1",
        "stroom-calendar-show.1",
    ] {
        assert!(dir.join(page).exists(), "{page}");
    }
    // bash itself accepts the script.
    if let Ok(out) = Command::new("bash").arg("-n").arg("-c").arg(&bash).output() {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn subcommand_help_has_examples_and_leaves_the_global_options_to_stroom_help() {
    let sb = sandbox("2023-10-02");
    let help = sb.run(&["plan", "--help"]).ok();
    snap!("help_plan", sb, help.stdout);
    assert!(help
        .stdout
        .contains("Examples:\n  stroom plan --example llo"));
    assert!(
        !help.stdout.contains("--db <PATH>"),
        "global options once, in stroom --help"
    );
    let top = sb.run(&["--help"]).ok();
    assert!(top.stdout.contains("--db <PATH>"));
    // The global options still work after the subcommand.
    let run = sb
        .run(&[
            "plan",
            "--example",
            "llo",
            "--format",
            "json",
            "--lang",
            "nl",
        ])
        .ok();
    assert_eq!(run.json()["reference"], "41077000");
}

#[test]
fn plan_tables_fit_the_terminal_width() {
    let sb = sandbox("2023-09-27");
    let mut cmd = sb.command(&["plan", "--example", "llo"]);
    cmd.env("COLUMNS", "100");
    let run = crate::run(cmd, &["plan"]).ok();
    // Every table line (the heading above the table is one sentence, not a table).
    let widest = run
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert!(widest <= 100, "{widest}:\n{}", run.stdout);
    // The same words as without a width, only wrapped.
    let wide = sb.run(&["plan", "--example", "llo"]).ok();
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    let mut a = words(&run.stdout);
    let mut b = words(&wide.stdout);
    a.sort();
    b.sort();
    assert_eq!(a, b);
    assert!(
        wide.stdout.lines().any(|l| l.chars().count() > 100),
        "the example needs wrapping"
    );
}

// ---- correcting a mistake without rewriting history -----------------------------------------

#[test]
fn a_correction_changes_state_plan_and_log_and_keeps_the_original() {
    let sb = sandbox("2023-10-04");
    sb.new_llo();
    sb.run(&["submit", "41077000", "--on", "2023-09-27"]).ok();
    for role in ["MSZW", "MPVO", "MOCW", "MEZK"] {
        sb.run(&crate::llo::approve_args(role, "2023-10-04")).ok();
    }
    let since = |sb: &Sandbox| {
        sb.run(&["show", "41077000", "--format", "json"])
            .ok()
            .json()["stroom"]["since"]
            .clone()
    };
    assert_eq!(since(&sb), "2023-10-04");
    // MOCW really approved on 2 Oct, and the others on 3 Oct.
    let events = [("3", "MSZW"), ("4", "MPVO"), ("5", "MOCW"), ("6", "MEZK")];
    for (event, role) in events {
        let day = if role == "MOCW" {
            "2023-10-02"
        } else {
            "2023-10-03"
        };
        sb.run(&[
            "correct",
            "41077000",
            "--event",
            event,
            "--date",
            day,
            "--role",
            role,
            "--reason",
            "datum verkeerd overgenomen",
        ])
        .ok();
    }
    assert_eq!(
        since(&sb),
        "2023-10-03",
        "akkoord since the last corrected approval"
    );
    let show = sb
        .run(&["show", "41077000", "--format", "json"])
        .ok()
        .json();
    let mocw = show["bewindspersonen"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["role"] == "MOCW")
        .unwrap();
    assert_eq!(mocw["on"], "2023-10-02", "show reads the corrected date");
    let log = sb.run(&["log", "41077000"]).ok();
    snap!("correct_log", sb, log.stdout);
    assert!(log
        .stdout
        .contains("MOCW approved version 1 [corrected by event 9]"));
    // Voiding an approval puts the stroom back to waiting for that role.
    sb.run(&[
        "correct", "41077000", "--event", "6", "--void", "--role", "MEZK", "--reason", "dubbel",
    ])
    .ok();
    let show = sb.run(&["show", "41077000"]).ok();
    assert!(
        show.stdout.contains("bij bewindspersonen"),
        "{}",
        show.stdout
    );
    sb.run(&["verify"]).ok();
}

#[test]
fn corrections_that_are_refused() {
    let sb = sandbox("2023-10-04");
    sb.new_llo();
    sb.run(&["submit", "41077000", "--on", "2023-09-27"]).ok();
    sb.run(&[
        "approve",
        "41077000",
        "--role",
        "MOCW",
        "--version",
        "1",
        "--on",
        "2023-10-02",
    ])
    .ok();
    let cases: [(&str, &[&str]); 7] = [
        (
            "a role on a planner's act",
            &[
                "correct",
                "41077000",
                "--event",
                "2",
                "--date",
                "2023-09-28",
                "--role",
                "MOCW",
                "--reason",
                "x",
            ],
        ),
        (
            "another role",
            &[
                "correct",
                "41077000",
                "--event",
                "3",
                "--date",
                "2023-10-01",
                "--role",
                "MPVO",
                "--reason",
                "x",
            ],
        ),
        (
            "no such event",
            &[
                "correct", "41077000", "--event", "9", "--void", "--reason", "x",
            ],
        ),
        (
            "the registration",
            &[
                "correct", "41077000", "--event", "1", "--void", "--reason", "x",
            ],
        ),
        (
            "breaks the rules",
            &[
                "correct", "41077000", "--event", "2", "--void", "--reason", "x",
            ],
        ),
        (
            "before the submission",
            &[
                "correct",
                "41077000",
                "--event",
                "3",
                "--date",
                "2023-09-20",
                "--role",
                "MOCW",
                "--reason",
                "x",
            ],
        ),
        (
            "neither date nor void",
            &["correct", "41077000", "--event", "3", "--reason", "x"],
        ),
    ];
    let mut transcript = String::new();
    for (what, args) in cases {
        let run = sb.run(args);
        assert_eq!(run.code, 2, "{what}: {}", run.snapshot());
        transcript.push_str(&format!(
            "# {what}\n$ stroom {}\n{}\n",
            run.line, run.stderr
        ));
    }
    snap!("correct_refused", sb, transcript);
    // Nothing was appended.
    let log = sb.run(&["log", "41077000", "--format", "json"]).ok().json();
    assert_eq!(log["events"].as_array().unwrap().len(), 3);
}

#[test]
fn a_corrected_submission_date_moves_the_plan() {
    let sb = sandbox("2023-09-27");
    sb.run(&[
        "new",
        "--from",
        "examples/llo-41077000.toml",
        "--on",
        "2023-09-18",
    ])
    .ok();
    sb.run(&["submit", "41077000", "--on", "2023-09-27"]).ok();
    let before = sb
        .run(&["plan", "41077000", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        before["kamer"], "2023-11-13",
        "approvals by 4 Oct miss the deadline of 3 Oct"
    );
    // It was submitted on 20 Sep: the estimated approvals are in by today, the CWIZO of 9 Oct
    // is caught.
    sb.run(&[
        "correct",
        "41077000",
        "--event",
        "2",
        "--date",
        "2023-09-20",
        "--reason",
        "ingediend op 20 september",
    ])
    .ok();
    let after = sb
        .run(&["plan", "41077000", "--format", "json"])
        .ok()
        .json();
    assert_eq!(after["kamer"], "2023-10-30", "{after:#}");
    // The calendar export sees the move.
    let cal = parse_ics(
        &sb,
        &sb.run(&["plan", "41077000", "--format", "ics"]).ok().stdout,
    );
    assert_eq!(event(&cal, "41077000-kamer@stroom")["start"], "2023-10-30");
}

// ---- Dutch and English ------------------------------------------------------------------------

/// The worked examples of DOMAIN.md in both languages: the same plan, the reasons, dates,
/// weeks and warnings rendered by `stroom_render::messages::{en, nl}`.
#[test]
fn worked_examples_in_english_and_dutch() {
    let sb = sandbox("2023-09-27");
    let examples: [(&str, &[&str]); 5] = [
        (
            "example_1",
            &["plan", "--route", "ministerraad", "--ready", "2023-10-03"],
        ),
        (
            "example_1_onderraad",
            &[
                "plan",
                "--route",
                "ministerraad",
                "--ready",
                "2023-10-03",
                "--onderraad",
            ],
        ),
        (
            "example_2",
            &["plan", "--route", "ministerraad", "--ready", "2023-10-04"],
        ),
        (
            "example_3",
            &["plan", "--route", "ondertekening", "--debate", "2024-12-11"],
        ),
        (
            "llo",
            &["plan", "--example", "llo", "--kamer-by", "2023-11-24"],
        ),
    ];
    for (name, args) in examples {
        let en = sb.run(args).ok();
        let mut nl_args = args.to_vec();
        nl_args.extend(["--lang", "nl"]);
        let nl = sb.run(&nl_args).ok();
        // The ad hoc plans say "as of" today's real date: redact it.
        let redact = |s: &str| {
            let re_en = s
                .find("(as of ")
                .map(|i| (i, s[i..].find(')').map_or(0, |j| i + j)));
            let re_nl = s
                .find("(stand ")
                .map(|i| (i, s[i..].find(')').map_or(0, |j| i + j)));
            match re_en.or(re_nl) {
                Some((a, b)) if b > a && args.contains(&"--route") => {
                    format!("{}(as of [today]){}", &s[..a], &s[b + 1..])
                }
                _ => s.to_string(),
            }
        };
        snap!(format!("{name}_en"), sb, redact(&en.stdout));
        snap!(format!("{name}_nl"), sb, redact(&nl.stdout));
        assert_ne!(en.stdout, nl.stdout);
        // The same plan: the JSON does not depend on the language.
        let mut json_en = args.to_vec();
        json_en.extend(["--format", "json"]);
        let mut json_nl = json_en.clone();
        json_nl.extend(["--lang", "nl"]);
        assert_eq!(sb.run(&json_en).ok().stdout, sb.run(&json_nl).ok().stdout);
    }
}

/// Every table for people in Dutch, from one stroom's life: `list`, `show`, `log` (with a
/// correction), what a recording command reports, `portfolio`, `simulate` (what-if and
/// Monte Carlo). The English ones are snapshotted in foundation.rs and planning.rs.
#[test]
fn tables_in_dutch() {
    let sb = sandbox("2023-10-12");
    sb.new_llo();
    let nl = |args: &[&str]| {
        let mut a = args.to_vec();
        a.extend(["--lang", "nl"]);
        sb.run(&a).ok()
    };
    let mut transcript = String::new();
    for args in [
        &["submit", "41077000", "--on", "2023-09-27"][..],
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
        &[
            "approve",
            "41077000",
            "--role",
            "MSZW",
            "--version",
            "2",
            "--on",
            "2023-10-05",
        ],
        &[
            "correct",
            "41077000",
            "--event",
            "5",
            "--date",
            "2023-10-04",
            "--role",
            "MSZW",
            "--reason",
            "datum verkeerd overgenomen",
        ],
    ] {
        let run = nl(args);
        transcript.push_str(&format!("$ stroom {}\n{}\n", run.line, run.stdout));
    }
    snap!("nl_recording", sb, transcript);
    snap!("nl_list", sb, nl(&["list"]).stdout);
    snap!("nl_show", sb, nl(&["show", "41077000"]).stdout);
    snap!("nl_log", sb, nl(&["log", "41077000"]).stdout);
    snap!("nl_portfolio", sb, nl(&["portfolio"]).stdout);
    snap!(
        "nl_simulate_what_if",
        sb,
        nl(&[
            "simulate",
            "41077000",
            "--kamer-by",
            "2023-11-24",
            "--delay-role",
            "MPVO=5",
            "--if-onderraad",
            "--if-holds",
            "1",
            "--approve-on",
            "MEZK=2023-10-20",
        ])
        .stdout
    );
    snap!(
        "nl_simulate_monte_carlo",
        sb,
        nl(&[
            "simulate",
            "41077000",
            "--kamer-by",
            "2023-11-24",
            "--runs",
            "2000",
            "--seed",
            "7",
            "--threads",
            "2",
            "--approval",
            "triangular(3,5,15)",
            "--p-hold",
            "0.2",
        ])
        .stdout
    );
    // The locale chooses Dutch as --lang does.
    let by_locale = sb
        .command(&["show", "41077000"])
        .env("LANG", "nl_NL.UTF-8")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&by_locale.stdout),
        nl(&["show", "41077000"]).stdout
    );
}

/// `--help` in Dutch: what each command does, the headings, the global options, examples.
#[test]
fn help_in_dutch() {
    let sb = sandbox("2023-10-12");
    snap!(
        "nl_help",
        sb,
        sb.run(&["--help", "--lang", "nl"]).ok().stdout
    );
    let plan = sb
        .command(&["plan", "--help"])
        .env("LANG", "nl_NL.UTF-8")
        .output()
        .unwrap();
    snap!("nl_help_plan", sb, String::from_utf8_lossy(&plan.stdout));
    // --lang en wins over the locale.
    let en = sb
        .command(&["plan", "--help", "--lang", "en"])
        .env("LANG", "nl_NL.UTF-8")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&en.stdout).contains("Examples:"));
}

/// Words that give away English left in Dutch help: clap's own headings and decorations,
/// and common English words that are no Dutch words.
const ENGLISH_GIVEAWAYS: &[&str] = &[
    " the ",
    "The ",
    " a ",
    " an ",
    " or ",
    " and ",
    " with ",
    " for ",
    " to ",
    " of the ",
    " e.g.",
    "Print",
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Examples",
    "Global options",
    "default:",
    "possible values",
    "Possible values",
    "[OPTIONS]",
    "<COMMAND>",
    "<DATE>",
    "<FILE>",
    "<NAME>",
    "Show ",
    "List ",
    "Record ",
];

/// The subcommands in a help text's `Opdrachten:` list.
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Opdrachten:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .collect()
}

/// Every command's `--help` and `-h` in Dutch, found by walking `stroom --help`, holds none
/// of the English giveaways: a new option without a Dutch text fails here.
#[test]
fn every_help_is_dutch_under_lang_nl() {
    let sb = sandbox("2023-10-12");
    let top = sb.run(&["--help", "--lang", "nl"]).ok().stdout;
    let mut paths: Vec<Vec<String>> = vec![vec![]];
    for c in subcommands(&top) {
        if c == "help" {
            continue;
        }
        let help = sb.run(&[&c, "--help", "--lang", "nl"]).ok().stdout;
        paths.push(vec![c.clone()]);
        for sub in subcommands(&help).into_iter().filter(|s| s != "help") {
            paths.push(vec![c.clone(), sub]);
        }
    }
    assert!(paths.len() > 40, "the walk found the commands: {paths:?}");
    let mut found = Vec::new();
    for path in &paths {
        for flag in ["--help", "-h"] {
            let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
            args.extend([flag, "--lang", "nl"]);
            let text = sb.run(&args).ok().stdout;
            for word in ENGLISH_GIVEAWAYS {
                if text.contains(word) {
                    let line = text.lines().find(|l| l.contains(word)).unwrap_or("");
                    found.push(format!("stroom {}: {word:?} in {line:?}", args.join(" ")));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "English in Dutch help:\n{}",
        found.join("\n")
    );
    // The same words do show up in English: the list catches what it is meant to.
    let en = sb.run(&["voorportaal", "--help"]).ok().stdout;
    assert!(ENGLISH_GIVEAWAYS.iter().filter(|w| en.contains(*w)).count() >= 3);
}

/// The Dutch help of commands with an argument choice, a default and subcommands.
#[test]
fn dutch_help_of_key_commands() {
    let sb = sandbox("2023-10-12");
    for (name, args) in [
        ("nl_help_voorportaal", &["voorportaal", "--help"][..]),
        ("nl_help_agenda", &["agenda", "--help"][..]),
        ("nl_help_calendar", &["calendar", "--help"][..]),
        ("nl_help_approve", &["approve", "-h"][..]),
    ] {
        let mut args = args.to_vec();
        args.extend(["--lang", "nl"]);
        snap!(name, sb, sb.run(&args).ok().stdout);
    }
}

/// The reports around the plans and the CLI's own usage errors and notes, in Dutch: no
/// English words left in what a planning desk reads.
#[test]
fn reports_notes_and_usage_errors_in_dutch() {
    let sb = sandbox("2023-10-12");
    sb.new_llo();
    let export = sb.path().join("backup.jsonl").display().to_string();
    let db2 = sb.path().join("db2").display().to_string();
    let runs: Vec<Vec<&str>> = vec![
        vec!["routes", "list"],
        vec!["routes", "show", "ministerraad"],
        vec!["calendar", "show", "cwizo", "--year", "2023"],
        vec!["calendar", "show", "tweede-kamer", "--year", "2024"],
        vec!["calendar", "check", "workflows/calendars/cwizo.toml"],
        vec!["calendar", "feestdagen", "2025"],
        vec!["calendar", "feestdagen", "1999"],
        vec!["calendar", "add-werkdagen", "2024-12-11", "-4"],
        vec!["calendar", "import", "--body", "cwizo", "README.md"],
        vec!["submit", "41077000"],
        vec!["plan"],
        vec!["plan", "--route", "ministerraad"],
        vec!["plan", "--example", "nope"],
        vec![
            "plan",
            "--route",
            "ministerraad",
            "--ready",
            "2023-10-04",
            "--approval-days",
            "3",
        ],
        vec!["plan", "--example", "llo", "--approval-days", "x"],
        vec![
            "plan",
            "--example",
            "llo",
            "--kamer-by",
            "voor-de-zomer-2024",
        ],
        vec![
            "plan",
            "--example",
            "llo",
            "--kamer-by",
            "kamervragen-2023-10-10",
        ],
        vec!["simulate", "--example", "llo", "--delay-role", "MPVO"],
        vec![
            "simulate",
            "--example",
            "llo",
            "--approve-on",
            "MPVO=morgen",
        ],
        vec!["simulate", "--example", "llo", "--runs", "0"],
        vec!["simulate", "--example", "llo", "--runs", "10"],
        vec!["log", "41077000", "--format", "ics"],
        vec!["new", "--from", "examples/nope.toml"],
        vec!["plan", "--onderraad", "--no-onderraad", "--example", "llo"],
        vec!["init"],
        vec!["verify"],
        vec!["key"],
        vec!["export", &export],
        vec!["import", &export, "--db", &db2],
    ];
    let mut transcript = String::new();
    for args in &runs {
        let mut a = args.clone();
        a.extend(["--lang", "nl"]);
        let run = sb.run(&a);
        transcript.push_str(&format!(
            "$ stroom {}\n{}\n",
            args.join(" "),
            run.snapshot()
        ));
    }
    for word in [
        " the ",
        "cannot",
        "hint:",
        "error:",
        "covers",
        "by rule",
        "rule:",
        "estimate)",
    ] {
        assert!(!transcript.contains(word), "{word:?} in:\n{transcript}");
    }
    snap!("nl_reports_notes_usage_errors", sb, transcript);
}

/// The JSON contract of the views tools read: `show`, `list`, `log`, a recording command,
/// `portfolio` and `agenda`. Keys are kebab-case, every object view carries `"schema"`,
/// and the JSON is the same whatever `--lang` says.
#[test]
fn json_views_of_show_list_log_verbs_portfolio_and_agenda() {
    let sb = sandbox("2023-10-12");
    sb.new_llo();
    sb.run(&["submit", "41077000", "--on", "2023-09-27"]).ok();
    sb.run(&[
        "approve",
        "41077000",
        "--role",
        "MOCW",
        "--version",
        "1",
        "--on",
        "2023-10-02",
    ])
    .ok();
    sb.run(&[
        "correct",
        "41077000",
        "--event",
        "3",
        "--date",
        "2023-10-03",
        "--role",
        "MOCW",
        "--reason",
        "verkeerde dag",
    ])
    .ok();
    let approve = sb
        .run(&[
            "approve",
            "41077000",
            "--role",
            "MSZW",
            "--version",
            "1",
            "--on",
            "2023-10-12",
            "--format",
            "json",
        ])
        .ok();
    let mut all = String::new();
    for args in [
        &["show", "41077000"][..],
        &["list"][..],
        &["log", "41077000"][..],
        &["portfolio"][..],
        &["agenda", "--weeks", "2"][..],
    ] {
        let mut a = args.to_vec();
        a.extend(["--format", "json"]);
        let en = sb.run(&a).ok();
        a.extend(["--lang", "nl"]);
        let nl = sb.run(&a).ok();
        assert_eq!(en.stdout, nl.stdout, "JSON is language-neutral: {args:?}");
        let v = en.json();
        let keys = all_keys(&v);
        assert!(
            keys.iter().all(|k| !k.contains('_')),
            "kebab-case keys in {args:?}: {keys:?}"
        );
        all.push_str(&format!(
            "$ stroom {} --format json\n{}\n",
            args.join(" "),
            en.stdout
        ));
    }
    for view in ["show", "list", "log"] {
        assert!(all.contains("\"schema\": 1"), "{view} carries its schema");
    }
    all.push_str(&format!(
        "$ stroom approve … --format json\n{}",
        approve.stdout
    ));
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\b[0-9a-f]{128}\b", "[signature]");
    settings.bind(|| snap!("json_views", sb, all));
}

/// Every object key in a JSON value, recursively (the values of `fact` data included).
fn all_keys(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                out.push(k.clone());
                out.extend(all_keys(x));
            }
        }
        Value::Array(a) => {
            for x in a {
                out.extend(all_keys(x));
            }
        }
        _ => {}
    }
    out
}

/// Folding at 75 octets never splits a UTF-8 character: a title full of accents and a
/// dash, in Dutch, read back whole by the independent parser.
#[test]
fn ics_folds_multibyte_text_at_75_octets() {
    let sb = sandbox("2023-10-02");
    let title = "Reactie op motie-Ünal c.s. over één loket voor coöperaties — beëdiging, overzicht 2024 en vóór de zomer";
    sb.run(&[
        "new",
        "--reference",
        "UTF-1",
        "--title",
        title,
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--on",
        "2023-10-02",
    ])
    .ok();
    let run = sb
        .run(&["plan", "UTF-1", "--format", "ics", "--lang", "nl"])
        .ok();
    let cal = parse_ics(&sb, &run.stdout);
    assert!(cal["folded_lines"].as_u64().unwrap() > 0);
    let delivery = event(&cal, "UTF-1-delivery@stroom");
    assert!(
        delivery["summary"].as_str().unwrap().contains(title),
        "{delivery:#}"
    );
}

#[test]
fn list_and_show_json_spell_the_state_alike() {
    let sb = sandbox("2023-10-02");
    awkward(&sb);
    let list: serde_json::Value =
        serde_json::from_str(&sb.run(&["list", "--format", "json"]).ok().stdout).unwrap();
    let show: serde_json::Value =
        serde_json::from_str(&sb.run(&["show", "KGL-1", "--format", "json"]).ok().stdout).unwrap();
    let listed = &list["strooms"][0]["state"];
    assert_eq!(listed, &show["stroom"]["state"], "{list} against {show}");
    let text = listed.as_str().unwrap();
    assert!(
        !text.contains(' ') && text.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
        "one kebab-case spelling, got {text:?}"
    );
}
