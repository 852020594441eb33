//! The LLO stroom from registration to the Kamer, the audit trail, verification, export
//! and import, tampering, routes and help.

use std::time::Duration;

use stroom::{SledStore, Store};

use crate::{regex_escape, snap, Sandbox};

/// The LLO stroom of seeds/000 and 001 as it happened: submitted 27 Sep 2023, MOCW
/// returns version 1 with comments, all four approve version 2, delivered for the CWIZO
/// of 30 Oct, MR 10 Nov, sent 13 Nov 2023.
const LLO: &[&[&str]] = &[
    &["submit", "41077000", "--on", "2023-09-27"],
    &[
        "approve",
        "41077000",
        "--role",
        "MSZW",
        "--version",
        "1",
        "--on",
        "2023-09-29",
    ],
    &[
        "approve",
        "41077000",
        "--role",
        "MEZK",
        "--version",
        "1",
        "--on",
        "2023-10-02",
    ],
    &[
        "approve",
        "41077000",
        "--role",
        "MPVO",
        "--version",
        "1",
        "--on",
        "2023-10-03",
    ],
    &[
        "return",
        "41077000",
        "--role",
        "MOCW",
        "--version",
        "1",
        "--on",
        "2023-10-04",
        "--comment",
        "inhoudelijke punten MOCW toevoegen; onderwijsagenda beknopter",
    ],
    &[
        "approve",
        "41077000",
        "--role",
        "MOCW",
        "--version",
        "2",
        "--on",
        "2023-10-16",
    ],
    &[
        "approve",
        "41077000",
        "--role",
        "MPVO",
        "--version",
        "2",
        "--on",
        "2023-10-17",
    ],
    &[
        "approve",
        "41077000",
        "--role",
        "MSZW",
        "--version",
        "2",
        "--on",
        "2023-10-18",
    ],
    &[
        "approve",
        "41077000",
        "--role",
        "MEZK",
        "--version",
        "2",
        "--on",
        "2023-10-19",
        "--comment",
        "akkoord na ambtelijke afstemming EZK",
    ],
    &[
        "deliver",
        "41077000",
        "--slot",
        "2023-10-30",
        "--on",
        "2023-10-20",
    ],
    &["voorportaal", "41077000", "door", "--on", "2023-10-30"],
    &["mr", "41077000", "besloten", "--on", "2023-11-10"],
    &["send", "41077000", "--on", "2023-11-13"],
];

/// Runs the whole LLO stroom and returns the transcript.
pub fn llo_lifecycle(sb: &Sandbox) -> String {
    let mut transcript = sb.new_llo().transcript();
    for args in LLO {
        transcript.push('\n');
        transcript.push_str(&sb.run(args).ok().transcript());
    }
    transcript
}

#[test]
fn llo_from_new_to_the_kamer() {
    let sb = Sandbox::new();
    let transcript = llo_lifecycle(&sb);
    snap!("llo_transcript", sb, transcript);
    snap!("llo_show", sb, sb.run(&["show", "41077000"]).snapshot());
    snap!("llo_log", sb, sb.run(&["log", "41077000"]).snapshot());
    snap!("llo_list", sb, sb.run(&["list"]).snapshot());
    snap!("llo_verify", sb, sb.run(&["verify"]).snapshot());
}

#[test]
fn show_mid_way_names_who_has_not_approved() {
    let sb = Sandbox::new();
    sb.new_llo();
    for args in &LLO[..6] {
        sb.run(args).ok();
    }
    snap!(
        "llo_show_version_2",
        sb,
        sb.run(&["show", "41077000"]).snapshot()
    );
    let v = sb
        .run(&["show", "41077000", "--format", "json"])
        .ok()
        .json();
    assert_eq!(v["stroom"]["state"], "bij-bewindspersonen");
    assert_eq!(v["stroom"]["version"], 2);
    let status: Vec<(String, String)> = v["bewindspersonen"]
        .as_array()
        .expect("an array")
        .iter()
        .map(|a| {
            (
                a["role"].as_str().unwrap_or("").into(),
                a["status"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    let expected = [
        ("MSZW", "waiting"),
        ("MPVO", "waiting"),
        ("MOCW", "approved"),
        ("MEZK", "waiting"),
    ];
    assert_eq!(
        status,
        expected
            .iter()
            .map(|(r, s)| (r.to_string(), s.to_string()))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        v["allowed"],
        serde_json::json!(["approve", "return", "needs-onderraad", "withdraw"])
    );
}

#[test]
fn json_outputs_are_for_tools() {
    let sb = Sandbox::new();
    llo_lifecycle(&sb);

    let list = sb.run(&["list", "--format", "json"]).ok().json();
    assert_eq!(list["schema"], 1);
    let list = &list["strooms"];
    assert_eq!(list[0]["reference"], "41077000");
    assert_eq!(list[0]["state"], "verzonden");
    assert_eq!(list[0]["version"], 2);

    let log = sb.run(&["log", "41077000", "--format", "json"]).ok().json();
    assert_eq!(log["schema"], 1);
    let log = log["events"].as_array().expect("records");
    assert_eq!(log.len(), 14);
    assert_eq!(log[5]["fact"]["type"], "returned");
    assert_eq!(
        log[5]["comment"],
        "inhoudelijke punten MOCW toevoegen; onderwijsagenda beknopter"
    );
    assert_eq!(log[5]["actor"], "planner-mbo");
    assert_eq!(log[5]["version"], 1);
    assert_eq!(log[6]["version"], 2);

    let verify = sb.run(&["verify", "--format", "json"]).ok().json();
    assert_eq!(verify["first-bad"], serde_json::Value::Null);
    assert_eq!(verify["strooms"][0]["events"], 14);
    assert_eq!(verify["strooms"][0]["head"], log[13]["hash"]);

    let sent = sb
        .run(&["routes", "show", "ministerraad", "--format", "json"])
        .ok()
        .json();
    assert_eq!(sent["route"]["voorportaal"], "cwizo");
    assert_eq!(sent["kind"], "ministerraad");

    let init = sb.run(&["init", "--format", "json"]).ok().json();
    assert_eq!(init["created"], false);
    assert_eq!(init["strooms"], 1);
}

#[test]
fn werkagenda_mbo_is_signed_not_approved() {
    let mut sb = Sandbox::new();
    sb.today = "2024-12-05";
    let mut t = sb
        .run(&[
            "new",
            "--from",
            "examples/werkagenda-mbo-49418286.toml",
            "--on",
            "2024-12-03",
        ])
        .ok()
        .transcript();
    for args in [
        &["submit", "49418286", "--on", "2024-12-03"][..],
        &[
            "sign",
            "49418286",
            "--role",
            "MOCW",
            "--version",
            "1",
            "--on",
            "2024-12-04",
        ],
        &["send", "49418286", "--on", "2024-12-05"],
    ] {
        t.push('\n');
        t.push_str(&sb.run(args).ok().transcript());
    }
    snap!("werkagenda_transcript", sb, t);
    snap!(
        "werkagenda_show",
        sb,
        sb.run(&["show", "49418286"]).snapshot()
    );
}

#[test]
fn new_from_flags() {
    let sb = Sandbox::new();
    let run = sb.run(&[
        "new",
        "--reference",
        "2023-0001",
        "--title",
        "Kamerbrief voortgang stagepact",
        "--route",
        "ministerraad",
        "--directie",
        "MBO",
        "--eerste",
        "MOCW",
        "--mede",
        "MSZW",
        "--debate",
        "2023-12-06",
        "--on",
        "2023-11-01",
    ]);
    snap!("new_from_flags", sb, run.snapshot());
    let v = sb
        .run(&["show", "2023-0001", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        v["stroom"]["def"]["mede-ondertekenaars"],
        serde_json::json!(["MSZW"])
    );
    assert_eq!(v["stroom"]["def"]["target"]["date"], "2023-12-06");
}

#[test]
fn init_prints_the_database_path() {
    let sb = Sandbox::new();
    snap!("init", sb, sb.run(&["init"]).snapshot());
    assert!(sb.db().is_dir());
}

#[test]
fn export_import_round_trip() {
    let sb = Sandbox::new();
    llo_lifecycle(&sb);
    let export = sb.run(&["export"]).ok();
    let lines: Vec<serde_json::Value> = export
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    // The header with the heads, 14 records, the trailer with counts and digest.
    assert_eq!(lines.len(), 16);
    assert_eq!(lines[0]["heads"][0]["events"], 14);
    assert_eq!(lines[15]["trailer"]["records"], 14);
    assert!(export.stderr.is_empty(), "{}", export.stderr);

    let file = sb.path().join("backup.jsonl");
    let to_file = sb.run(&["export", file.to_str().expect("utf-8 path")]).ok();
    assert!(to_file.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&file).expect("the export"),
        export.stdout
    );

    let fresh = Sandbox::new();
    let imported = fresh
        .run(&[
            "import",
            file.to_str().expect("utf-8 path"),
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(imported["strooms"], 1);
    assert_eq!(imported["events"], 14);
    assert_eq!(fresh.run(&["export"]).ok().stdout, export.stdout);
    // The same heads; the signatures are the exporting database's (the fresh one has its own key).
    let heads = |s: &Sandbox| {
        let v = s.run(&["verify", "--format", "json"]).ok().json();
        let strooms = v["strooms"].as_array().expect("strooms").clone();
        strooms
            .iter()
            .map(|c| (c["stroom"].clone(), c["events"].clone(), c["head"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(heads(&fresh), heads(&sb));
}

/// Changes the stored bytes of one event of a stroom, in sled and in the anchor journal
/// (reading commands read the anchor; a sled-only change is `verify`'s to find).
pub(crate) fn tamper(sb: &Sandbox, reference: &str, seq: u64, from: &str, to: &str) {
    let store = SledStore::open(&sb.db(), Duration::ZERO).expect("the database opens");
    let records = store.load(reference).expect("the stroom loads");
    let record = records
        .iter()
        .find(|r| r.seq == seq)
        .expect("the event exists");
    let json = serde_json::to_string(record).expect("records encode");
    assert!(json.contains(from), "{json}");
    store
        .overwrite_raw(reference, seq, json.replace(from, to).as_bytes())
        .expect("the event is overwritten");
    let anchor = sb.db().join("anchor.jsonl");
    let text = std::fs::read_to_string(&anchor).expect("the anchor reads");
    assert!(
        text.contains(&json),
        "the anchor holds the event as sled does"
    );
    std::fs::write(&anchor, text.replace(&json, &json.replace(from, to)))
        .expect("the anchor is rewritten");
}

#[test]
fn tampered_event_fails_verify_and_is_never_acted_on() {
    let sb = Sandbox::new();
    llo_lifecycle(&sb);
    // Event 6: MOCW approved version 2. Make it look like MEZK did.
    tamper(&sb, "41077000", 6, "MOCW", "MEZK");
    let verify = sb.run(&["verify"]);
    assert_eq!(verify.code, 5);
    snap!("tampered_verify", sb, verify.snapshot());
    let json = sb.run(&["verify", "--format", "json"]);
    assert_eq!(json.code, 5);
    let v = json.json();
    assert_eq!(v["first-bad"]["stroom"], "41077000");
    assert_eq!(v["first-bad"]["seq"], 6);
    let show = sb.run(&["show", "41077000"]);
    assert_eq!(show.code, 5);
    snap!("tampered_show", sb, show.snapshot());
}

#[test]
fn doctored_export_is_refused_and_nothing_is_imported() {
    let sb = Sandbox::new();
    llo_lifecycle(&sb);
    let export = sb.run(&["export"]).ok().stdout;
    // Backdate MSZW's approval of version 1 by a day.
    let doctored = export.replacen(r#""on":"2023-09-29""#, r#""on":"2023-09-28""#, 1);
    assert_ne!(doctored, export);
    let file = sb.path().join("doctored.jsonl");
    std::fs::write(&file, doctored).expect("written");

    let fresh = Sandbox::new();
    let import = fresh.run(&["import", file.to_str().expect("utf-8 path")]);
    assert_eq!(import.code, 5);
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(
        &regex_escape(&sb.path().display().to_string()),
        "[EXPORT-DIR]",
    );
    settings.bind(|| snap!("doctored_import", fresh, import.snapshot()));
    assert!(
        !fresh.db().exists(),
        "nothing was imported: the file is refused before a database is created"
    );
}

#[test]
fn routes_list_and_show() {
    let sb = Sandbox::new();
    snap!("routes_list", sb, sb.run(&["routes", "list"]).snapshot());
    snap!(
        "routes_show_ministerraad",
        sb,
        sb.run(&["routes", "show", "ministerraad"]).snapshot()
    );
    snap!(
        "routes_show_ondertekening",
        sb,
        sb.run(&["routes", "show", "ondertekening"]).snapshot()
    );
    snap!(
        "routes_show_mermaid",
        sb,
        sb.run(&["routes", "show", "ondertekening", "--mermaid"])
            .snapshot()
    );
}

#[test]
fn help() {
    let sb = Sandbox::new();
    snap!("help", sb, sb.run(&["--help"]).snapshot());
    snap!(
        "help_approve",
        sb,
        sb.run(&["approve", "--help"]).snapshot()
    );
}

/// The other branch of route A: RWIZO needed, the MR holds the item over once.
#[test]
fn llo_with_onderraad_and_aangehouden() {
    let mut sb = Sandbox::new();
    sb.today = "2023-11-20";
    sb.new_llo();
    for args in &LLO[..9] {
        sb.run(args).ok();
    }
    let mut t = String::new();
    for args in [
        &[
            "needs-onderraad",
            "41077000",
            "yes",
            "--on",
            "2023-10-19",
            "--comment",
            "raakt SZW-begroting",
        ][..],
        &[
            "deliver",
            "41077000",
            "--slot",
            "2023-10-30",
            "--on",
            "2023-10-20",
        ],
        &["voorportaal", "41077000", "door", "--on", "2023-10-30"],
        &["onderraad", "41077000", "door", "--on", "2023-11-07"],
        &["mr", "41077000", "aangehouden", "--on", "2023-11-10"],
        &["mr", "41077000", "besloten", "--on", "2023-11-17"],
        &["send", "41077000", "--on", "2023-11-20"],
    ] {
        if !t.is_empty() {
            t.push('\n');
        }
        t.push_str(&sb.run(args).ok().transcript());
    }
    snap!("llo_onderraad_transcript", sb, t);
}

/// A mutating command's JSON names what it recorded and where the stroom stands.
#[test]
fn verb_json_reports_the_recorded_events() {
    let sb = Sandbox::new();
    sb.new_llo();
    let v = sb
        .run(&[
            "submit",
            "41077000",
            "--on",
            "2023-09-27",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(v["recorded"][0]["seq"], 2);
    assert_eq!(v["recorded"][0]["event"]["fact"]["type"], "submitted");
    assert_eq!(v["stroom"]["state"], "bij-bewindspersonen");
    assert_eq!(v["allowed"][0], "approve");
}
