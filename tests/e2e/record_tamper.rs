//! The tamper test of sled's files: single bytes of a small database's sled files (`db`,
//! `conf`, `snap.*`) flipped one at a time, each time `verify` and `export` run on the
//! damaged copy. Every flip must be either
//!
//! - detected: `verify` fails naming the stroom (exit 5), or the database refuses to open
//!   with a message naming what is damaged and how to rebuild it (exit 4); or
//! - harmless: `verify` passes and `export` is byte-identical to the export before the flip
//!   (sled dropped a torn record and the anchor journal restored it, or the byte was unused).
//!
//! Never a silent loss: a passing `verify` with an export that lacks or changes an event.
//!
//! Which bytes: every byte the last command (an approval) wrote, and a deterministic sample
//! across the rest of the written bytes. The suite flips a sample of both (about 250 runs);
//! `STROOM_TAMPER_FLIPS=all` flips every written byte of every file (the long run documented
//! in DESIGN.md); `STROOM_TAMPER_FLIPS=N` flips N evenly spread bytes of each region.

use std::path::Path;

use crate::llo::{approve_args, submitted};
use crate::{run, snap, Run, Sandbox};

/// Text that must never reach a user: sled's own words, Rust's panic report.
const RAW: &[&str] = &[
    "IO error:",
    "Os {",
    "panicked",
    "sled-0.34",
    "Read corrupted",
    "PLEASE REPORT",
    "Unexpected bug",
];

/// One file of the database and the byte ranges to flip in it.
struct Target {
    file: String,
    /// Bytes the last command wrote (offsets).
    last: Vec<usize>,
    /// The other written bytes.
    rest: Vec<usize>,
}

/// Offsets up to the last non-zero byte: the part of a preallocated file sled has written.
fn written_len(bytes: &[u8]) -> usize {
    bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1)
}

/// The sled files of `db` (not the anchor journal, not the lock) with their contents.
fn sled_files(db: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(db)
        .expect("the database folder")
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n == "db" || n == "conf" || n.starts_with("snap."))
        .map(|n| {
            let bytes = std::fs::read(db.join(&n)).expect("a sled file");
            (n, bytes)
        })
        .collect();
    files.sort();
    files
}

/// `n` offsets spread evenly over `all` (all of them when there are fewer).
fn spread(all: &[usize], n: usize) -> Vec<usize> {
    if all.len() <= n {
        return all.to_vec();
    }
    (0..n).map(|i| all[i * all.len() / n]).collect()
}

/// An approval that opens sled and writes it (no lag allowed, `STROOM_SLED_LAG=0`): the
/// test flips bytes of what sled wrote. A recording command within sled's lag bound
/// writes the anchor journal alone (DESIGN.md, "When does sled catch up?").
fn approve(sb: &Sandbox, role: &str, on: &str) {
    let args = approve_args(role, on);
    let mut cmd = sb.command(&args);
    cmd.env("STROOM_SLED_LAG", "0");
    run(cmd, &args).ok();
}

#[test]
fn every_flipped_byte_of_the_sled_files_is_detected_or_harmless() {
    let flips = std::env::var("STROOM_TAMPER_FLIPS").ok();
    let (last_n, rest_n) = match flips.as_deref() {
        Some("all") => (usize::MAX, usize::MAX),
        Some(n) => {
            let n = n
                .parse()
                .expect("STROOM_TAMPER_FLIPS is 'all' or a number of flips per region");
            (n, n)
        }
        None => (90, 45),
    };
    let sb = Sandbox::new();
    submitted(&sb);
    approve(&sb, "MSZW", "2023-09-28");
    let db = sb.db();
    let before: std::collections::BTreeMap<String, Vec<u8>> = sled_files(&db).into_iter().collect();
    // The last command: its write region is what it changed or added.
    approve(&sb, "MOCW", "2023-10-02");
    let original = sb.run(&["export"]).ok().stdout;
    let mut targets = Vec::new();
    for (file, bytes) in sled_files(&db) {
        let old = before.get(&file);
        let len = written_len(&bytes).max(old.map_or(0, |o| written_len(o)));
        let (last, rest): (Vec<usize>, Vec<usize>) =
            (0..len).partition(|&i| old.is_none_or(|o| o.get(i) != bytes.get(i)));
        targets.push(Target { file, last, rest });
    }
    let last_total: usize = targets.iter().map(|t| t.last.len()).sum();
    assert!(
        last_total > 0,
        "the last command wrote nothing to the sled files: the test tampers with nothing"
    );

    let mut detected_by_verify = 0;
    let mut refused_at_open = 0;
    let mut harmless = 0;
    let mut silent = Vec::new();
    let mut messages = std::collections::BTreeSet::new();
    let mut first_refused: Option<(std::path::PathBuf, Vec<u8>)> = None;
    for t in &targets {
        let path = db.join(&t.file);
        let pristine = std::fs::read(&path).expect("the sled file");
        let share = |n: usize, of: usize| {
            if n == usize::MAX {
                usize::MAX
            } else {
                // Each file's share of the region, at least one flip per file.
                (n * of).div_ceil(last_total.max(1)).max(1)
            }
        };
        let offsets = spread(&t.last, share(last_n, t.last.len()))
            .into_iter()
            .chain(spread(
                &t.rest,
                if rest_n == usize::MAX {
                    usize::MAX
                } else {
                    rest_n / targets.len() + 1
                },
            ));
        for offset in offsets {
            let mut bytes = pristine.clone();
            bytes[offset] ^= 0xFF;
            std::fs::write(&path, &bytes).expect("write the flipped byte");
            let what = format!("{} byte {offset}", t.file);
            let verify = sb.run(&["verify"]);
            for raw in RAW {
                assert!(
                    !verify.stderr.contains(raw),
                    "{what}: raw text '{raw}' reaches the user:\n{}",
                    verify.stderr
                );
            }
            match verify.code {
                0 => {
                    let export: Run = sb.run(&["export"]);
                    if export.code == 0 && export.stdout == original {
                        harmless += 1;
                    } else {
                        silent.push(format!(
                            "{what}: verify passes, export differs:\n{}",
                            export.snapshot()
                        ));
                    }
                }
                5 if verify.stderr.contains("41077000") => detected_by_verify += 1,
                4 | 5 if verify.stderr.contains("damaged") && verify.stderr.contains("import") => {
                    refused_at_open += 1;
                    if first_refused.is_none() {
                        first_refused = Some((path.clone(), bytes.clone()));
                    }
                    messages.insert(
                        verify
                            .stderr
                            .replace(&sb.path().display().to_string(), "[TMP]"),
                    );
                }
                _ => silent.push(format!("{what}: unclear failure:\n{}", verify.snapshot())),
            }
        }
        std::fs::write(&path, &pristine).expect("restore the sled file");
    }
    assert!(
        silent.is_empty(),
        "{} flips lost or garbled data without a clear message:\n{}",
        silent.len(),
        silent.join("\n")
    );
    assert!(
        detected_by_verify + refused_at_open > 0 && harmless > 0,
        "{detected_by_verify} detected by verify, {refused_at_open} refused at open, {harmless} harmless: the flips reach too little"
    );
    // The database itself is intact again, and works on.
    sb.run(&["verify"]).ok();
    let _: Run = run(sb.command(&["list"]), &["list"]).ok();
    // The recovery the message gives works: rebuilt from the anchor journal, the database
    // holds exactly what was recorded.
    let (path, damaged) = first_refused.expect("some flip makes the database refuse to open");
    std::fs::write(&path, &damaged).expect("damage the database again");
    let rebuilt = Sandbox::new();
    let anchor = db.join("anchor.jsonl").display().to_string();
    rebuilt.run(&["import", "--anchor", &anchor]).ok();
    rebuilt.run(&["verify"]).ok();
    assert_eq!(
        rebuilt.run(&["export"]).ok().stdout,
        original,
        "the rebuilt database"
    );
    // What people read when the database refuses to open.
    let transcript = messages.into_iter().collect::<Vec<_>>().join("\n");
    snap!("refused_at_open", sb, transcript);
}
