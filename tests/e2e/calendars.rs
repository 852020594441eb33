//! Calendars end to end: importing a secretariat's schedule (.ics as a calendar
//! application writes it, .csv with Dutch dates), checking user calendar files, generating
//! files `check` accepts, and plans that say when a slot is extrapolated.

#![allow(clippy::unwrap_used)] // a test helper panics with the assertion that failed

use std::path::PathBuf;

use crate::{repo, snap, Sandbox};

fn fixture(name: &str) -> String {
    repo()
        .join("tests/e2e/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn write(sb: &Sandbox, name: &str, text: &str) -> String {
    let p: PathBuf = sb.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// An Outlook meeting series (folded lines, a Windows TZID, RRULE with EXDATE, a moved
/// occurrence, a one-off event) becomes the sourced CWIZO calendar every later command loads.
#[test]
fn import_an_ics_meeting_series_round_trip() {
    let sb = Sandbox::new();
    let before = sb
        .run(&["plan", "--route", "ministerraad", "--ready", "2026-03-02"])
        .ok();
    assert!(
        before
            .stdout
            .contains("is extrapolated: the Jetten cabinet took office on 2026-02-23"),
        "{}",
        before.stdout
    );
    assert!(
        before
            .stdout
            .contains("'stroom calendar import --body cwizo FILE.ics'"),
        "{}",
        before.stdout
    );
    let run = sb
        .run(&[
            "calendar",
            "import",
            "--body",
            "cwizo",
            &fixture("cwizo-2026.ics"),
        ])
        .ok();
    snap!("import_ics_report", sb, run.snapshot());
    let written = sb.path().join("calendars/cwizo-2026.toml");
    let text = std::fs::read_to_string(&written).unwrap();
    snap!("import_ics_file", sb, text);
    // The written file passes check, and the series' dates are the ones Outlook shows.
    sb.run(&["calendar", "check", &written.display().to_string()])
        .ok();
    let meetings: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("meeting = "))
        .collect();
    assert_eq!(
        meetings,
        [
            "2026-03-09",
            "2026-04-21",
            "2026-06-01",
            "2026-06-22",
            "2026-09-14"
        ]
    );
    // Every later command plans on it: the CWIZO date is sourced, not extrapolated.
    let p = sb
        .run(&[
            "plan",
            "--route",
            "ministerraad",
            "--ready",
            "2026-03-02",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let vp = p["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["step"] == "voorportaal")
        .unwrap();
    assert_eq!(
        (vp["date"].as_str(), vp["basis"].as_str()),
        (Some("2026-03-09"), Some("sourced"))
    );
    assert!(
        !p["calendar"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["body"] == "cwizo"),
        "{:#}",
        p["calendar"]
    );
}

/// A spreadsheet export with ';', Dutch dates ("ma 9 okt 2023", 9-10-2023) and an extra
/// column reads as the sourced slots of the nota, and says what it replaced.
#[test]
fn import_a_csv_with_dutch_dates() {
    let sb = Sandbox::new();
    let run = sb
        .run(&[
            "calendar",
            "import",
            "--body",
            "cwizo",
            &fixture("cwizo-najaar-2023.csv"),
            "-o",
            "-",
        ])
        .ok();
    snap!("import_csv_stdout", sb, run.snapshot());
    assert!(run.stdout.contains(
        "meeting = 2023-10-09\ndeadline = 2023-10-03\nmr = 2023-10-27\nmr-with-onderraad = 2023-11-03\nsource = \"cwizo-najaar-2023.csv\""
    ));
    let out = sb.path().join("mine.toml").display().to_string();
    let run = sb
        .run(&[
            "calendar",
            "import",
            "--body",
            "cwizo",
            &fixture("cwizo-najaar-2023.csv"),
            "-o",
            &out,
        ])
        .ok();
    assert!(
        run.stdout
            .contains("it replaces 4 slots of cwizo in that period (2 sourced, 2 estimated)"),
        "{}",
        run.stdout
    );
    // Worked example 2 comes out the same through the imported file.
    let p = sb
        .run(&[
            "--calendar",
            &out,
            "plan",
            "--route",
            "ministerraad",
            "--ready",
            "2023-10-04",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(p["kamer"], "2023-11-13");
}

#[test]
fn bad_schedules_are_refused_with_their_line() {
    let sb = Sandbox::new();
    let cases = [
        (
            "sunday.csv",
            "vergadering,aanleverdeadline\n2026-03-09,2026-03-03\nzo 15 mrt 2026,2026-03-09\n",
        ),
        ("wrong_weekday.csv", "vergadering\ndi 9 mrt 2026\n"),
        (
            "not_an_mr.csv",
            "meeting;deadline;mr\n9-3-2026;3-3-2026;19-3-2026\n",
        ),
        (
            "no_meeting_column.csv",
            "datum vergadering;deadline\n9-3-2026;3-3-2026\n",
        ),
        (
            "deadline_after.csv",
            "meeting,deadline\n2026-03-09,2026-03-10\n",
        ),
        (
            "broken.ics",
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:CWIZO\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        ),
    ];
    let mut all = String::new();
    for (name, text) in cases {
        let path = write(&sb, name, text);
        let run = sb.run(&["calendar", "import", "--body", "cwizo", &path]);
        assert_ne!(run.code, 0, "{name} was accepted");
        all.push_str(&format!("== {name}\n{}\n", run.snapshot()));
    }
    snap!("import_bad", sb, all);
    // Nothing was written.
    assert!(!sb.path().join("calendars").exists());
}

/// `calendar check` refuses a Sunday CWIZO and a Saturday MR (it said ok before), moves a
/// deadline off Goede Vrijdag with a warning and its line.
#[test]
fn check_meeting_days_and_deadlines() {
    let sb = Sandbox::new();
    let sunday = write(&sb, "sunday.toml", "body = \"cwizo\"\nkind = \"voorportaal\"\n\n[[slot]]\nmeeting = 2026-03-08\ndeadline = 2026-03-02\nsource = \"x\"\n");
    let saturday_mr = write(&sb, "saturday.toml", "body = \"mr\"\nkind = \"ministerraad\"\n\n[[slot]]\nmeeting = 2026-03-14\ndeadline = 2026-03-06\nsource = \"x\"\n");
    let goede_vrijdag = write(&sb, "gv.toml", "body = \"cwizo\"\nkind = \"voorportaal\"\n\n[[slot]]\nmeeting = 2026-03-09\ndeadline = 2026-03-03\nsource = \"x\"\n\n[[slot]]\nmeeting = 2026-04-07\ndeadline = 2026-04-03\nsource = \"x\"\n");
    let mut all = String::new();
    for f in [&sunday, &saturday_mr, &goede_vrijdag] {
        all.push_str(&sb.run(&["calendar", "check", f]).snapshot());
    }
    snap!("check_meeting_days", sb, all);
    let run = sb.run(&["calendar", "check", &goede_vrijdag]).ok();
    assert!(run.stdout.contains("gv.toml:9: the deadline 2026-04-03 of the meeting 2026-04-07 falls on Goede Vrijdag, not a werkdag: moved to the werkdag before, 2026-04-02"), "{}", run.stdout);
}

#[test]
fn generate_writes_what_check_accepts() {
    let sb = Sandbox::new();
    for body in ["mr", "cwizo", "rwizo", "tweede-kamer"] {
        let run = sb
            .run(&[
                "calendar", "generate", body, "--from", "2028", "--to", "2029",
            ])
            .ok();
        let path = write(&sb, &format!("{body}.toml"), &run.stdout);
        let check = sb.run(&["calendar", "check", &path]).ok();
        assert!(!check.stdout.contains("warning"), "{}", check.stdout);
    }
    let run = sb.run(&[
        "calendar", "generate", "mr", "--from", "2029", "--to", "2028",
    ]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr
            .contains("the first year 2029 comes after the last year 2028"),
        "{}",
        run.stderr
    );
}

/// `calendar generate --lang nl` writes the file's header, notes and title in Dutch; the
/// file reads back, and `calendar import --lang nl` writes its header in Dutch too.
#[test]
fn generate_and_import_in_dutch() {
    let sb = Sandbox::new();
    let mut all = String::new();
    for body in ["cwizo", "tweede-kamer"] {
        let run = sb
            .run(&[
                "--lang", "nl", "calendar", "generate", body, "--from", "2026", "--to", "2026",
            ])
            .ok();
        let path = write(&sb, &format!("{body}.toml"), &run.stdout);
        let check = sb.run(&["--lang", "nl", "calendar", "check", &path]).ok();
        assert!(check.stdout.starts_with("in orde: "), "{}", check.stdout);
        // Comments, notes and the title: no English words outside quotes and sources.
        for line in run.stdout.lines() {
            let words =
                line.starts_with('#') || line.starts_with("title") || line.starts_with("estimated");
            let english = crate::record_catalogue::english_in(line);
            assert!(!words || english.is_empty(), "{line}: {english:?}");
        }
        all.push_str(&format!(
            "== {body}\n{}\n",
            run.stdout.lines().take(22).collect::<Vec<_>>().join("\n")
        ));
    }
    let csv = write(
        &sb,
        "cwizo-2026.csv",
        "meeting,deadline\n2026-03-09,2026-03-03\n",
    );
    let run = sb
        .run(&[
            "--lang", "nl", "calendar", "import", "--body", "cwizo", &csv, "-o", "-",
        ])
        .ok();
    all.push_str(&format!("== import\n{}", run.stdout));
    snap!("generate_import_nl", sb, all);
}

/// `--debate` names an activity of the Kamer's open data (by Nummer, Id or subject words):
/// worked example 3 through the activity of 11 Dec 2024; moved and cancelled ones warn.
#[test]
fn debates_from_the_tweede_kamer_open_data() {
    let sb = Sandbox::new();
    let file = fixture("activiteiten.json");
    let backward = |debate: &str| {
        sb.run(&[
            "plan",
            "--route",
            "ondertekening",
            "--debate",
            debate,
            "--activities",
            &file,
        ])
    };
    let mut all = String::new();
    for q in [
        "2024A06811",
        "beroepsonderwijs",
        "5c3e9a51-1a52-4c7e-9f0e-6a1d1f0b7c01",
        "leven lang",
        "hoger onderwijs",
        "onderwijs",
        "defensie",
    ] {
        let run = backward(q);
        all.push_str(&format!("== --debate {q}\n{}\n", run.snapshot()));
    }
    snap!("debates_open_data", sb, all);
    let p = sb
        .run(&[
            "plan",
            "--route",
            "ondertekening",
            "--debate",
            "beroepsonderwijs",
            "--activities",
            &file,
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(p["target"]["debate"], "2024-12-11");
    // A moved or cancelled debate is a typed warning in the plan, in JSON and in the text
    // of either language, not only a line on stderr.
    let moved = backward("leven lang").ok();
    assert!(
        moved
            .stdout
            .contains("warning: the status of Commissiedebat 2024A05502")
            && moved.stdout.contains("is 'Verplaatst': it was moved"),
        "{}",
        moved.stdout
    );
    let json = |q: &str, extra: &[&str]| {
        let mut args = vec![
            "plan",
            "--route",
            "ondertekening",
            "--debate",
            q,
            "--activities",
            &file,
            "--format",
            "json",
        ];
        args.extend(extra);
        sb.run(&args).ok().json()
    };
    let moved = json("leven lang", &[]);
    assert_eq!(moved["calendar"][0]["code"], "debate-moved", "{moved:#}");
    assert_eq!(moved["calendar"][0]["status"], "Verplaatst");
    assert_eq!(
        moved["calendar"][0]["debate"], moved["target"]["debate"],
        "{moved:#}"
    );
    let cancelled = json("hoger onderwijs", &["--lang", "nl"]);
    assert_eq!(cancelled["calendar"][0]["code"], "debate-cancelled");
    assert_eq!(cancelled["calendar"][0]["status"], "Geannuleerd");
    assert_eq!(
        json("beroepsonderwijs", &[])["calendar"],
        serde_json::json!([])
    );
    let nl = sb
        .run(&[
            "plan",
            "--route",
            "ondertekening",
            "--debate",
            "hoger onderwijs",
            "--activities",
            &file,
            "--lang",
            "nl",
        ])
        .ok();
    assert!(
        nl.stdout.contains("waarschuwing: de status van ")
            && nl
                .stdout
                .contains("is 'Geannuleerd': het gaat niet door op "),
        "{}",
        nl.stdout
    );
    let no_file = sb.run(&[
        "plan",
        "--route",
        "ondertekening",
        "--debate",
        "beroepsonderwijs",
    ]);
    assert_eq!(no_file.code, 2, "{}", no_file.snapshot());
}

/// Deadlines from the .ics itself: a deadline series beside the meeting series (events whose
/// summary starts with "Aanleverdeadline"), and X-STROOM-DEADLINE on a single meeting; the
/// rule is not needed, so no warning.
#[test]
fn import_ics_with_deadlines() {
    let sb = Sandbox::new();
    let out = sb.path().join("cwizo.toml");
    let run = sb
        .run(&[
            "calendar",
            "import",
            "--body",
            "cwizo",
            &fixture("cwizo-2026-deadlines.ics"),
            "-o",
            &out.display().to_string(),
        ])
        .ok();
    assert!(!run.stderr.contains("rule"), "{}", run.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    let pairs: Vec<(&str, &str)> = text
        .lines()
        .filter_map(|l| l.strip_prefix("meeting = "))
        .zip(text.lines().filter_map(|l| l.strip_prefix("deadline = ")))
        .collect();
    assert_eq!(
        pairs,
        [
            ("2026-03-09", "2026-03-03"),
            ("2026-04-21", "2026-04-14"),
            ("2026-06-01", "2026-05-26"),
            ("2026-06-22", "2026-06-16"),
            ("2026-09-14", "2026-09-08"),
        ],
        "{text}"
    );
    sb.run(&["calendar", "check", &out.display().to_string()])
        .ok();
}

/// Meeting series are expanded by the companion program `stroom-rrule`, so that `stroom`
/// itself does not carry the `rrule` crate's whole time-zone database (30,000 relocations
/// every command would pay for at start; DESIGN.md). Without the companion beside it,
/// `stroom` still imports a file without a series and refuses one with a series, naming the
/// program it looked for and how to install it, in both languages, and writes nothing.
#[test]
fn meeting_series_are_expanded_by_stroom_rrule_which_stroom_does_not_link() {
    let stroom = std::fs::read(env!("CARGO_BIN_EXE_stroom")).unwrap();
    let companion = std::fs::read(env!("CARGO_BIN_EXE_stroom-rrule")).unwrap();
    let holds = |bin: &[u8], what: &str| bin.windows(what.len()).any(|w| w == what.as_bytes());
    assert!(
        !holds(&stroom, "chrono-tz"),
        "stroom links chrono-tz: keep rrule in stroom-rrule (cli/src/recur.rs)"
    );
    assert!(
        holds(&companion, "chrono-tz"),
        "stroom-rrule expands with rrule"
    );

    // `stroom` alone in a folder, as if copied without its companion.
    let sb = Sandbox::new();
    let alone = sb.path().join("bin");
    std::fs::create_dir(&alone).unwrap();
    let copy = alone.join("stroom");
    if std::fs::hard_link(env!("CARGO_BIN_EXE_stroom"), &copy).is_err() {
        std::fs::copy(env!("CARGO_BIN_EXE_stroom"), &copy).unwrap();
    }
    ready_to_run(&copy);
    let single = write(
        &sb,
        "single.ics",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260309\r\nSUMMARY:CWIZO\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    );
    let alone_run = |args: &[&str]| {
        let sandboxed = sb.command(args);
        let mut moved = std::process::Command::new(&copy);
        moved.current_dir(crate::repo()).args(sandboxed.get_args());
        for (key, value) in sandboxed.get_envs() {
            match value {
                Some(value) => moved.env(key, value),
                None => moved.env_remove(key),
            };
        }
        crate::run(moved, args)
    };
    let one = alone_run(&["calendar", "import", "--body", "cwizo", &single]);
    assert_eq!(one.code, 0, "{}", one.snapshot());
    let series = fixture("cwizo-2026.ics");
    let mut transcript = String::new();
    for lang in ["en", "nl"] {
        let _ = std::fs::remove_dir_all(sb.path().join("calendars"));
        let refused = alone_run(&[
            "--lang", lang, "calendar", "import", "--body", "cwizo", &series,
        ]);
        assert_eq!(refused.code, 1, "{}", refused.snapshot());
        assert_eq!(refused.stdout, "");
        assert!(
            !sb.path().join("calendars/cwizo-2026.toml").exists(),
            "nothing is written"
        );
        transcript.push_str(&refused.snapshot().replace(&series, "[FIXTURE]"));
    }
    // A companion that fails, or answers something else than one list per series.
    for (script, lang) in [
        ("echo 'it broke' >&2; exit 3", "en"),
        ("cat >/dev/null; echo '[]'", "en"),
        ("cat >/dev/null; echo 'no json'", "nl"),
    ] {
        let fake = alone.join("stroom-rrule");
        std::fs::write(&fake, format!("#!/bin/sh\n{script}\n")).unwrap();
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        ready_to_run(&fake);
        let failed = alone_run(&[
            "--lang", lang, "calendar", "import", "--body", "cwizo", &series,
        ]);
        assert_eq!(failed.code, 1, "{}", failed.snapshot());
        assert!(!sb.path().join("calendars/cwizo-2026.toml").exists());
        transcript.push_str(&failed.snapshot());
    }
    snap!("import_without_stroom_rrule", sb, transcript);
}

/// Waits until a program just written can be run: while another test thread forks, the
/// child briefly inherits this process's open file of the copy, and running it fails with
/// "text file busy" (ETXTBSY) until that child has started its own program.
fn ready_to_run(program: &std::path::Path) {
    for _ in 0..200 {
        let tried = std::process::Command::new(program)
            .arg("--version")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        match tried {
            Err(e) if e.raw_os_error() == Some(26) => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(e) => panic!("{} cannot run: {e}", program.display()),
            Ok(_) => return,
        }
    }
    panic!("{} stayed busy (ETXTBSY) for 2 seconds", program.display());
}

/// `calendar check` counts one slot as one slot, in both languages.
#[test]
fn check_counts_one_slot_as_one() {
    let sb = Sandbox::new();
    let one = write(&sb, "one.toml", "body = \"cwizo\"\nkind = \"voorportaal\"\n\n[[slot]]\nmeeting = 2026-03-09\ndeadline = 2026-03-03\nsource = \"x\"\n");
    let en = sb.run(&["calendar", "check", &one]).ok();
    assert!(en.stdout.contains(": 1 slot of cwizo"), "{}", en.stdout);
    let nl = sb.run(&["--lang", "nl", "calendar", "check", &one]).ok();
    assert!(
        nl.stdout.contains(": 1 vergadering van cwizo"),
        "{}",
        nl.stdout
    );
}
