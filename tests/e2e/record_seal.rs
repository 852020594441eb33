//! The record is sealed: exports that cannot be shortened or rearranged unnoticed, signed
//! records, and a verify that replays the state machine under the route stored at `new`.

use std::path::Path;
use std::process::Command;

use crate::llo::{approve_args, approved_by_mszw};
use crate::{run, snap, Sandbox};

/// Two strooms: LLO (registered, submitted, approved by MSZW) and the werkagenda
/// (registered, submitted).
fn two_strooms(sb: &Sandbox) {
    approved_by_mszw(sb);
    sb.run(&[
        "new",
        "--from",
        "examples/werkagenda-mbo-49418286.toml",
        "--on",
        "2023-10-02",
    ])
    .ok();
    sb.run(&["submit", "49418286", "--on", "2023-10-02"]).ok();
}

/// `stroom --db DB ARGS` in the sandbox's setting.
fn at_db(sb: &Sandbox, db: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stroom"));
    cmd.current_dir(crate::repo())
        .env_remove("STROOM_DB")
        .env("LANG", "C.UTF-8")
        .env("STROOM_ACTOR", "planner-mbo")
        .env("STROOM_LOCK_WAIT_MS", "0")
        .arg("--db")
        .arg(db)
        .arg("--today")
        .arg(sb.today)
        .args(args);
    cmd
}

fn join(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// Every line deleted, every pair of different lines swapped, every line duplicated in
/// place, the file cut at every line boundary and in the middle of every line.
fn structural_edits(text: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for i in 0..lines.len() {
        let mut l = lines.clone();
        l.remove(i);
        out.push((format!("delete line {}", i + 1), join(&l)));
        let mut l = lines.clone();
        l.insert(i, lines[i]);
        out.push((format!("duplicate line {}", i + 1), join(&l)));
        for j in i + 1..lines.len() {
            if lines[i] != lines[j] {
                let mut l = lines.clone();
                l.swap(i, j);
                out.push((format!("swap lines {} and {}", i + 1, j + 1), join(&l)));
            }
        }
        let before: usize = lines[..i].iter().map(|l| l.len() + 1).sum();
        out.push((
            format!("cut before line {}", i + 1),
            text[..before].to_string(),
        ));
        out.push((
            format!("cut in the middle of line {}", i + 1),
            text[..before + lines[i].len() / 2].to_string(),
        ));
    }
    out
}

#[test]
fn every_structural_edit_of_an_export_is_refused_and_imports_nothing() {
    let sb = Sandbox::new();
    two_strooms(&sb);
    let export = sb.run(&["export"]).ok().stdout;
    assert_eq!(export.lines().count(), 2 + 5, "{export}");
    let file = sb.path().join("edited.jsonl");
    let target = sb.path().join("target-db");
    let edits = structural_edits(&export);
    assert!(edits.len() >= 49, "{} edits", edits.len());
    for (what, edited) in &edits {
        std::fs::write(&file, edited).expect("write the edited export");
        let args = ["import", file.to_str().expect("utf-8 path")];
        let run = run(at_db(&sb, &target, &args), &args);
        assert_eq!(run.code, 5, "{what} was not refused:\n{}", run.snapshot());
        assert!(
            run.stderr.contains("edited.jsonl:") && run.stderr.contains("nothing was imported"),
            "{what}: the message names no line:\n{}",
            run.stderr
        );
        assert!(
            !target.exists(),
            "{what}: the refused import created the database"
        );
    }
    // The intact export imports, and the database exports it byte for byte.
    std::fs::write(&file, &export).expect("write the export");
    let args = ["import", file.to_str().expect("utf-8 path")];
    run(at_db(&sb, &target, &args), &args).ok();
    let again = run(at_db(&sb, &target, &["export"]), &["export"]).ok();
    assert_eq!(again.stdout, export);
}

#[test]
fn a_shortened_export_is_refused_naming_the_line() {
    let sb = Sandbox::new();
    two_strooms(&sb);
    let export = sb.run(&["export"]).ok().stdout;
    let lines: Vec<&str> = export.lines().collect();
    let file = sb.path().join("backup.jsonl");
    let mut transcript = String::new();
    for (what, edited) in [
        (
            "the last event removed",
            join(&[&lines[..5], &lines[6..]].concat()),
        ),
        (
            "the werkagenda removed",
            join(&[&lines[..4], &lines[6..]].concat()),
        ),
        ("the trailer removed", join(&lines[..6])),
        ("the header removed", join(&lines[1..])),
    ] {
        std::fs::write(&file, edited).expect("write the edited export");
        let fresh = Sandbox::new();
        let args = ["import", file.to_str().expect("utf-8 path")];
        let run = fresh.run(&args);
        assert_eq!(run.code, 5, "{}", run.snapshot());
        transcript.push_str(&format!(
            "# {what}\n$ stroom import backup.jsonl\n{}",
            run.stderr
        ));
    }
    snap!("shortened_export", sb, transcript);
}

/// A database's anchor journal (records only) rebuilds a database with `--anchor`; without
/// it the missing header is refused.
#[test]
fn the_anchor_imports_only_when_named_as_such() {
    let sb = Sandbox::new();
    two_strooms(&sb);
    let expected = sb.run(&["export"]).ok().stdout;
    let anchor = sb.db().join("anchor.jsonl").display().to_string();
    let rebuilt = sb.path().join("rebuilt");
    let refused = run(at_db(&sb, &rebuilt, &["import", &anchor]), &["import"]);
    assert_eq!(refused.code, 5, "{}", refused.snapshot());
    assert!(
        refused.stderr.contains("add --anchor"),
        "{}",
        refused.stderr
    );
    assert!(!rebuilt.exists());
    let args = ["import", "--anchor", &anchor];
    run(at_db(&sb, &rebuilt, &args), &args).ok();
    let export = run(at_db(&sb, &rebuilt, &["export"]), &["export"]).ok();
    assert_eq!(export.stdout, expected);
}

/// The key fingerprints people compare: 16 groups of 4 hex digits.
const FINGERPRINT: &str = r"\b[0-9a-f]{4}( [0-9a-f]{4}){15}\b";

fn fingerprint_of(sb: &Sandbox, db: &Path) -> String {
    let key = run(at_db(sb, db, &["key", "--format", "json"]), &["key"]).ok();
    key.json()["fingerprint"]
        .as_str()
        .expect("a fingerprint")
        .to_string()
}

/// `args` run against `db`, expected to succeed.
fn ok_at(sb: &Sandbox, db: &Path, args: &[&str]) -> crate::Run {
    run(at_db(sb, db, args), args).ok()
}

#[test]
fn records_are_signed_and_verify_prints_the_key_fingerprint() {
    let sb = Sandbox::new();
    two_strooms(&sb);
    // The secret key: the owner's alone, never in an export or the anchor.
    let secret = std::fs::read_to_string(sb.db().join("signing.key")).expect("a signing key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(sb.db().join("signing.key"))
            .expect("key metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "signing.key is {mode:o}");
    }
    let export = sb.run(&["export"]).ok().stdout;
    let anchor = std::fs::read_to_string(sb.db().join("anchor.jsonl")).expect("the anchor");
    assert!(!export.contains(secret.trim()) && !anchor.contains(secret.trim()));
    assert_eq!(export.matches("\"sig\":{\"key\":").count(), 5, "{export}");

    let fingerprint = fingerprint_of(&sb, &sb.db());
    let verify = sb.run(&["verify"]).ok();
    assert!(
        verify
            .stdout
            .starts_with(&format!("key fingerprint  {fingerprint}\n")),
        "{}",
        verify.stdout
    );
    // Stable: the same key after more writes and another read.
    sb.run(&[
        "sign",
        "49418286",
        "--role",
        "MOCW",
        "--version",
        "1",
        "--on",
        "2023-10-03",
    ])
    .ok();
    assert_eq!(fingerprint_of(&sb, &sb.db()), fingerprint);
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(FINGERPRINT, "[fingerprint]");
    settings.bind(|| snap!("verify_signed", sb, verify.transcript()));
}

/// A re-hashed export: actors edited, every hash and head recomputed, digest recomputed.
/// Only the signatures give it away.
fn rehashed(export: &str, keep_signatures: bool) -> String {
    let read = stroom::export::read(export).expect("the export reads");
    let chains: Vec<(String, Vec<stroom::Record>)> = read
        .chains
        .into_iter()
        .map(|(stroom, records)| {
            let mut prev = stroom::audit::GENESIS.to_string();
            let records = records
                .into_iter()
                .map(|mut r| {
                    r.actor = "mallory".into();
                    r.prev = prev.clone();
                    r.hash = r.compute_hash();
                    if !keep_signatures {
                        r.sig = None;
                    }
                    prev = r.hash.clone();
                    r
                })
                .collect();
            (stroom, records)
        })
        .collect();
    stroom::export::write(&chains).expect("the forgery encodes")
}

#[test]
fn a_rehashed_export_is_refused_with_the_trusted_key() {
    let sb = Sandbox::new();
    two_strooms(&sb);
    let key = sb.run(&["key"]).ok().stdout;
    let key_file = sb.path().join("stroom-key.pub");
    std::fs::write(&key_file, &key).expect("write the key");
    let key_file = key_file.to_str().expect("utf-8 path").to_string();
    let export = sb.run(&["export"]).ok().stdout;
    let file = sb.path().join("forged.jsonl");
    let path = file.to_str().expect("utf-8 path").to_string();
    let mut transcript = String::new();
    let mut attempt = |what: &str, text: &str, trust: &[&str]| {
        std::fs::write(&file, text).expect("write the forgery");
        let target = sb.path().join(format!("target-{}", transcript.len()));
        let mut args = vec!["import", path.as_str()];
        args.extend_from_slice(trust);
        let r = run(at_db(&sb, &target, &args), &args);
        transcript.push_str(&format!(
            "# {what}\n$ stroom import forged.jsonl{}\nexit {}\n{}",
            if trust.is_empty() {
                ""
            } else {
                " --trust stroom-key.pub"
            },
            r.code,
            r.stderr
        ));
        (r.code, target)
    };
    // Re-hashed, signatures kept: they no longer match the hashes, with or without --trust.
    let (code, target) = attempt("re-hashed", &rehashed(&export, true), &[]);
    assert_eq!(code, 5);
    assert!(!target.exists());
    // Re-hashed, signatures removed: only a trusted key tells.
    let stripped = rehashed(&export, false);
    let (code, target) = attempt(
        "re-hashed, signatures removed",
        &stripped,
        &["--trust", &key_file],
    );
    assert_eq!(code, 5);
    assert!(!target.exists());
    // The intact export imports with the key, and verifies against it.
    let (code, target) = attempt("intact", &export, &["--trust", &key_file]);
    assert_eq!(code, 0, "{transcript}");
    let verify = ok_at(&sb, &target, &["verify", "--trust", &key]);
    assert!(verify
        .stderr
        .contains("every event is signed by the trusted key"));
    // Without --trust the stripped forgery imports, and says its events are unsigned;
    // verify against the key refuses it.
    let (code, target) = attempt("re-hashed, signatures removed, no --trust", &stripped, &[]);
    assert_eq!(code, 0);
    let unsigned = ok_at(&sb, &target, &["verify"]);
    assert!(unsigned
        .stderr
        .contains("5 events from before signing are unsigned"));
    let refused = run(
        at_db(&sb, &target, &["verify", "--trust", &key_file]),
        &["verify"],
    );
    assert_eq!(refused.code, 5);
    transcript.push_str(&format!(
        "$ stroom verify --trust stroom-key.pub\nexit {}\n{}",
        refused.code, refused.stderr
    ));
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(FINGERPRINT, "[fingerprint]");
    settings.bind(|| snap!("rehashed_export", sb, transcript));
}

#[test]
fn a_tampered_signature_is_refused() {
    let sb = Sandbox::new();
    two_strooms(&sb);
    let export = sb.run(&["export"]).ok().stdout;
    // One hex digit of the third record's signature changed (the trailer digest recomputed
    // by rewriting: read, alter, write).
    let read = stroom::export::read(&export).expect("the export reads");
    let mut chains = read.chains;
    let sig = chains[0].1[2].sig.as_mut().expect("signed");
    let flipped = if sig.sig.starts_with('0') { "1" } else { "0" };
    sig.sig.replace_range(0..1, flipped);
    let forged = stroom::export::write(&chains).expect("encodes");
    let file = sb.path().join("forged.jsonl");
    std::fs::write(&file, forged).expect("write");
    let fresh = Sandbox::new();
    let import = fresh.run(&["import", file.to_str().expect("utf-8 path")]);
    assert_eq!(import.code, 5, "{}", import.snapshot());
    assert!(
        import
            .stderr
            .contains(":4: event 3 of stroom 41077000: its signature does not verify"),
        "{}",
        import.stderr
    );
    assert!(!fresh.db().exists());

    // The same in the database itself: verify names the event.
    {
        let store = stroom::SledStore::open(&sb.db(), std::time::Duration::ZERO)
            .expect("the test opens the database");
        let mut record = stroom::Store::load(&store, "41077000").expect("loads")[2].clone();
        let sig = record.sig.as_mut().expect("signed");
        sig.sig.replace_range(0..1, flipped);
        let json = serde_json::to_vec(&record).expect("encodes");
        store
            .overwrite_raw("41077000", 3, &json)
            .expect("overwritten");
    }
    let verify = sb.run(&["verify"]);
    assert_eq!(verify.code, 5, "{}", verify.snapshot());
    snap!("tampered_signature", sb, verify.snapshot());
}

#[test]
fn records_from_before_signing_are_reported_unsigned_not_failed() {
    let sb = Sandbox::new();
    two_strooms(&sb);
    let export = sb.run(&["export"]).ok().stdout;
    // What a database from before signing exports: the same records without signatures.
    let read = stroom::export::read(&export).expect("the export reads");
    let mut chains = read.chains;
    for (_, records) in &mut chains {
        for r in records {
            r.sig = None;
        }
    }
    let file = sb.path().join("old.jsonl");
    std::fs::write(&file, stroom::export::write(&chains).expect("encodes")).expect("write");
    let old = sb.path().join("old-db");
    ok_at(&sb, &old, &["import", file.to_str().expect("utf-8 path")]);
    let verify = ok_at(&sb, &old, &["verify"]);
    assert!(
        verify
            .stderr
            .contains("5 events from before signing are unsigned"),
        "{}",
        verify.stderr
    );
    // The next write is signed; the trail verifies, the old events still unsigned.
    ok_at(
        &sb,
        &old,
        &[
            "sign",
            "49418286",
            "--role",
            "MOCW",
            "--version",
            "1",
            "--on",
            "2023-10-03",
        ],
    );
    let verify = ok_at(&sb, &old, &["verify", "--format", "json"]).json();
    let werkagenda = &verify["strooms"][1];
    assert_eq!(werkagenda["stroom"], "49418286");
    assert_eq!(
        (
            werkagenda["signed"].as_u64(),
            werkagenda["unsigned"].as_u64()
        ),
        (Some(1), Some(2))
    );
}

/// The route is stored with the stroom at `new`: after its route file changes (or is gone),
/// verify still passes and show reads the history under the stored route; plan says the
/// route changed.
#[test]
fn a_changed_route_file_does_not_change_what_history_meant() {
    let sb = Sandbox::new();
    let file = sb.path().join("coco.toml");
    std::fs::write(
        &file,
        "name = \"coco\"\ntitle = \"Coco: via de CW&IZO naar de ministerraad\"\nvoorportaal = \"cwizo\"\nministerraad = \"mr\"\n",
    )
    .expect("write the route file");
    let routes = file.to_str().expect("utf-8 path").to_string();
    for args in [
        &[
            "new",
            "--reference",
            "41077009",
            "--title",
            "Kamerbrief coco",
            "--route",
            "coco",
            "--directie",
            "MBO",
            "--eerste",
            "MOCW",
            "--on",
            "2023-09-27",
        ][..],
        &["submit", "41077009", "--on", "2023-09-27"],
        &[
            "approve",
            "41077009",
            "--role",
            "MOCW",
            "--version",
            "1",
            "--on",
            "2023-09-28",
        ],
    ] {
        let mut with_routes = args.to_vec();
        with_routes.extend(["--routes", routes.as_str()]);
        sb.run(&with_routes).ok();
    }
    let show_before = sb
        .run(&["show", "41077009", "--routes", &routes])
        .ok()
        .stdout;
    // Now the file defines coco as a route without voorportaal and ministerraad.
    std::fs::write(&file, "name = \"coco\"\ntitle = \"Coco, herzien\"\n").expect("rewrite");
    let verify = sb.run(&["verify", "--routes", &routes]);
    assert_eq!(verify.code, 0, "{}", verify.snapshot());
    let show = sb.run(&["show", "41077009", "--routes", &routes]).ok();
    assert_eq!(show.stdout, show_before, "show reads the stored route");
    // Without the file at all: the stored route still says what the history meant.
    sb.run(&["verify"]).ok();
    assert_eq!(sb.run(&["show", "41077009"]).ok().stdout, show_before);
    let plan = sb.run(&["plan", "41077009", "--routes", &routes]);
    assert!(
        plan.stderr
            .contains("route 'coco' changed since stroom 41077009 was registered"),
        "{}",
        plan.snapshot()
    );
    // Without the route file, the portfolio, the agenda and the calendar exports plan it
    // under the route stored at `new`, as they did with the file.
    std::fs::remove_file(&file).expect("remove the route file");
    let portfolio = sb.run(&["portfolio", "--format", "json"]).ok().json();
    let entry = &portfolio["strooms"][0];
    assert_eq!(entry["reference"], "41077009", "{portfolio}");
    assert!(entry["error"].is_null(), "{portfolio}");
    assert!(entry["kamer"].is_string(), "{portfolio}");
    let agenda = sb.run(&["agenda", "--format", "json"]).ok().json();
    assert!(
        agenda["items"]
            .as_array()
            .is_some_and(|i| i.iter().any(|i| i["reference"] == "41077009")),
        "{agenda}"
    );
    let ics = sb.run(&["portfolio", "--format", "ics"]).ok();
    assert!(ics.stdout.contains("41077009"), "{}", ics.snapshot());
    // So does the team server, whose route files do not know the route either.
    use crate::record_server::{add_user, as_user, serve};
    add_user(&sb, "anna", "auditor");
    let (mut server, base) = serve(&sb);
    as_user(&sb, &base, "anna", &["login", "anna"]).ok();
    let served = as_user(&sb, &base, "anna", &["portfolio", "--format", "json"])
        .ok()
        .json();
    server.kill().expect("stop the server");
    server.wait().expect("the server is gone");
    assert_eq!(served["strooms"], portfolio["strooms"], "{served}");
}

/// A chain re-hashed after appending `delivered` straight after one approval (signatures
/// removed, imported without --trust): verify replays the state machine and names the event.
#[test]
fn import_replays_the_state_machine_and_names_an_impossible_event() {
    let sb = Sandbox::new();
    approved_by_mszw(&sb);
    let export = sb.run(&["export"]).ok().stdout;
    let mut chains = stroom::export::read(&export).expect("reads").chains;
    let records = &mut chains[0].1;
    for r in records.iter_mut() {
        r.sig = None;
    }
    let forged = stroom::Record::seal(
        "41077000",
        records.last(),
        stroom::Event {
            on: jiff::civil::date(2023, 10, 2),
            fact: stroom::Fact::Delivered {
                slot: jiff::civil::date(2023, 10, 9),
            },
        },
        1,
        stroom::Meta::builder()
            .actor("planner-mbo")
            .recorded_at(jiff::Timestamp::from_second(1_696_240_000).expect("a time"))
            .build(),
    );
    records.push(forged);
    let file = sb.path().join("forged.jsonl");
    std::fs::write(&file, stroom::export::write(&chains).expect("encodes")).expect("write");
    // The forged export chains and hashes correctly, but the state machine would never have
    // recorded it: import replays it (as verify does; the engine's replay tests cover verify
    // of a store holding such a trail) and creates nothing.
    let target = sb.path().join("forged-db");
    let args = ["import", file.to_str().expect("utf-8 path")];
    let import = run(at_db(&sb, &target, &args), &args);
    assert_eq!(import.code, 5, "{}", import.snapshot());
    assert!(
        import.stderr.contains("event 4") && import.stderr.contains("would not have recorded"),
        "{}",
        import.stderr
    );
    assert!(!target.join("db").exists(), "nothing imported");
    snap!("replay_names_the_event", sb, import.snapshot());
}

/// A deleted `signing.key` is never replaced silently: recording is refused naming the file
/// and the fix, and nothing is recorded. `key --rotate` starts a new key deliberately; the
/// rotation is recorded, so verify names the older events as signed by the previous key.
/// A rotation made while the old key is there is signed by it, so `--trust OLD` carries
/// over to the new key; one made after the key was lost does not.
#[test]
fn a_lost_key_is_refused_and_a_rotation_is_recorded() {
    let sb = Sandbox::new();
    two_strooms(&sb);
    let first_key = sb.run(&["key"]).ok().stdout.trim().to_string();

    // A deliberate rotation with the key present: endorsed.
    let rotated = sb.run(&["key", "--rotate", "--format", "json"]).ok().json();
    assert_eq!(rotated["endorsed"], true, "{rotated}");
    let second_key = sb.run(&["key"]).ok().stdout.trim().to_string();
    assert_ne!(first_key, second_key);
    assert_eq!(rotated["public-key"], second_key.as_str());
    sb.run(&approve_args("MPVO", "2023-09-29")).ok();
    // The first key, trusted, vouches for the second through the signed rotation.
    let trusted = sb.run(&["verify", "--trust", &first_key]);
    assert_eq!(trusted.code, 0, "{}", trusted.snapshot());

    // The key file deleted: recording is refused, naming it; nothing is recorded.
    std::fs::remove_file(sb.db().join("signing.key")).unwrap();
    let before = sb.run(&["export"]).ok().stdout;
    let refused = sb.run(&approve_args("MOCW", "2023-09-29"));
    assert_eq!(refused.code, 5, "{}", refused.snapshot());
    assert!(
        refused.stderr.contains("signing.key' is missing"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("key --rotate"),
        "{}",
        refused.stderr
    );
    assert!(!sb.db().join("signing.key").exists(), "no key was made");
    assert_eq!(sb.run(&["export"]).ok().stdout, before);

    // The lost key replaced deliberately: not endorsed, recording works again.
    let lost = sb.run(&["key", "--rotate", "--format", "json"]).ok().json();
    assert_eq!(lost["endorsed"], false, "{lost}");
    sb.run(&approve_args("MOCW", "2023-09-29")).ok();
    let verify = sb.run(&["verify"]).ok();
    assert!(
        verify
            .stderr
            .contains("signed by this database's previous key")
            && verify.stderr.contains("the rotation is signed by it")
            && verify.stderr.contains("its secret was lost"),
        "{}",
        verify.stderr
    );
    // The first key no longer vouches for what the third key signed.
    let untrusted = sb.run(&["verify", "--trust", &first_key]);
    assert_eq!(untrusted.code, 5, "{}", untrusted.snapshot());
    assert!(
        untrusted.stderr.contains("event 5") && untrusted.stderr.contains("not by the trusted key"),
        "{}",
        untrusted.stderr
    );
}

/// The files of the database directory whose names end in `.new` (a key rotation's files
/// written beside the ones they replace).
fn beside_files(db: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(db)
        .expect("the database directory")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".new"))
        .collect();
    names.sort();
    names
}

/// The public key (hex) that signed the anchor journal's last record.
fn last_signer(db: &Path) -> String {
    let anchor = std::fs::read_to_string(db.join("anchor.jsonl")).expect("the anchor journal");
    let last: serde_json::Value =
        serde_json::from_str(anchor.lines().last().expect("a record")).expect("a record line");
    last["sig"]["key"]
        .as_str()
        .expect("a signed record")
        .to_string()
}

/// `stroom key --rotate` killed (SIGKILL, from the preloaded shim's `KILL_AT_STEP`) before
/// each of its durable steps in turn (each key file written beside and fsynced, the
/// directory fsynced, the rotation record written beside, renamed into place, the key
/// files renamed): after every kill `stroom key` names a key, the next approval is
/// recorded (finishing or undoing the rotation and saying so when the kill left its files)
/// and signed with that very key, which is the key before the rotation or the one its
/// record names; `verify` passes, also with the first key trusted (the rotation it
/// endorsed extends the trust); no file of the rotation is left; and a second rotation
/// works. The messages, in English and Dutch, are snapshotted.
#[test]
fn a_key_rotation_killed_at_any_step_leaves_a_key_pair_that_verifies_and_signs() {
    use std::os::unix::process::ExitStatusExt as _;
    let mut told = std::collections::BTreeSet::new();
    let (mut killed, mut rotated) = (0, 0);
    for n in 1.. {
        let sb = Sandbox::new();
        approved_by_mszw(&sb);
        let first = sb.run(&["key"]).ok().stdout.trim().to_string();
        let steps = sb.path().join("steps");
        let mut cmd = sb.command(&["key", "--rotate"]);
        cmd.env("LD_PRELOAD", crate::record_disk::shim())
            .env("KILL_AT_STEP", n.to_string())
            .env("STEP_COUNT_FILE", &steps);
        let out = cmd.output().expect("the stroom binary runs");
        let made = std::fs::read_to_string(&steps).unwrap_or_default();
        let what = format!("key --rotate killed before its step {n}:\n{made}");
        if out.status.success() {
            assert!(made.lines().count() < n, "{what}: not killed");
            assert!(killed >= 8, "only {killed} steps: {made}");
            break;
        }
        assert_eq!(out.status.signal(), Some(9), "{what}: {out:?}");
        killed += 1;

        let read = sb.run(&["key"]).ok().stdout.trim().to_string();
        let left = beside_files(&sb.db());
        let lang = if n % 2 == 0 { "en" } else { "nl" };
        let mut args = approve_args("MPVO", "2023-09-29").to_vec();
        args.extend(["--lang", lang]);
        let recorded = sb.run(&args);
        assert_eq!(recorded.code, 0, "{what}: {}", recorded.snapshot());
        assert_eq!(
            !left.is_empty(),
            !recorded.stderr.is_empty(),
            "{what}: {left:?} left, the approval says: {}",
            recorded.stderr
        );
        if !recorded.stderr.is_empty() {
            told.insert(
                recorded
                    .stderr
                    .replace(&sb.path().display().to_string(), "[TMP]"),
            );
        }
        assert_eq!(beside_files(&sb.db()), Vec::<String>::new(), "{what}");
        let after = sb.run(&["key"]).ok().stdout.trim().to_string();
        assert_eq!(
            read, after,
            "{what}: a reader named another key than the writer signs with"
        );
        assert_eq!(
            last_signer(&sb.db()),
            after,
            "{what}: signed with another key"
        );
        let rotations =
            std::fs::read_to_string(sb.db().join("signing.rotations")).unwrap_or_default();
        if after != first {
            rotated += 1;
            let last: serde_json::Value =
                serde_json::from_str(rotations.lines().last().expect("a rotation"))
                    .expect("a rotation line");
            assert_eq!(last["next"], after.as_str(), "{what}");
            assert_eq!(last["previous"], first.as_str(), "{what}");
        } else {
            assert_eq!(
                rotations, "",
                "{what}: a rotation recorded, its key not in use"
            );
        }
        let trusted = sb.run(&["verify", "--trust", &first]);
        assert_eq!(trusted.code, 0, "{what}: {}", trusted.snapshot());
        // A rotation after it works as ever.
        sb.run(&["key", "--rotate"]).ok();
        sb.run(&approve_args("MOCW", "2023-09-29")).ok();
        assert_ne!(last_signer(&sb.db()), after, "{what}: not rotated");
        let trusted = sb.run(&["verify", "--trust", &first]);
        assert_eq!(
            trusted.code,
            0,
            "{what}, rotated again: {}",
            trusted.snapshot()
        );
    }
    assert!(
        rotated > 0 && rotated < killed,
        "{rotated} of {killed} kills left the new key"
    );
    let transcript = told.into_iter().collect::<Vec<_>>().join("\n");
    snap!("key_rotation_killed", Sandbox::new(), transcript);
}

/// `signing.key` and `signing.pub` that name different keys, with no rotation between them
/// (a key file copied from another database, say): recording is refused (exit 5) naming
/// both files and the fix, in English and Dutch, nothing is recorded nor rewritten; after
/// the fix the message gives (the public key file removed), recording works.
#[test]
fn a_secret_and_a_public_key_that_do_not_belong_together_are_refused() {
    let sb = Sandbox::new();
    two_strooms(&sb);
    let other = Sandbox::new();
    other.new_llo();
    std::fs::copy(other.db().join("signing.key"), sb.db().join("signing.key")).unwrap();
    let public = std::fs::read(sb.db().join("signing.pub")).unwrap();
    let before = sb.run(&["export"]).ok().stdout;
    let mut shown = String::new();
    for lang in ["en", "nl"] {
        let mut args = approve_args("MPVO", "2023-09-29").to_vec();
        args.extend(["--lang", lang]);
        let refused = sb.run(&args);
        assert_eq!(refused.code, 5, "{}", refused.snapshot());
        shown.push_str(&refused.snapshot());
    }
    let rotate = sb.run(&["key", "--rotate"]);
    assert_eq!(rotate.code, 5, "{}", rotate.snapshot());
    assert_eq!(sb.run(&["export"]).ok().stdout, before);
    assert_eq!(std::fs::read(sb.db().join("signing.pub")).unwrap(), public);
    snap!("key_pair_mismatch", sb, shown);
    std::fs::remove_file(sb.db().join("signing.pub")).unwrap();
    sb.run(&approve_args("MPVO", "2023-09-29")).ok();
    assert_eq!(
        sb.run(&["key"]).ok().stdout,
        other.run(&["key"]).ok().stdout
    );
}
