//! Inputs the fuzzers (`fuzz/`, see DESIGN.md) found to panic stroom, kept as regression
//! tests: each must now be refused with an error, never a panic. File names start with the
//! fuzz target (`export-…` is an export). Findings in the CLI's own readers (`ics-…`,
//! `csv-…`: `calendar import`; `server-url-…`: `--server`), and in the server's request
//! bodies (`server-bodies-…`), run through their targets in `fuzz/tests/targets.rs`, which
//! runs every file here through its target's full checks.

use std::path::Path;

#[test]
fn every_fuzz_finding_is_refused_without_a_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-findings");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("the findings folder") {
        let path = entry.expect("a finding").path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::read(&path).expect("a finding's bytes");
        let text = String::from_utf8_lossy(&bytes);
        if name.starts_with("export-") {
            let _ = stroom::anchor::parse(&bytes);
            let refused = stroom::export::read(&text);
            assert!(refused.is_err(), "{name}: a damaged export is accepted");
        } else if [
            "ics-",
            "csv-",
            "server-url-",
            "server-bodies-",
            "meeting-time-",
        ]
        .iter()
        .any(|p| name.starts_with(p))
        {
            // The CLI's readers and the server's bodies: fuzz/tests/targets.rs runs these.
        } else {
            panic!("{name}: unknown fuzz target prefix");
        }
        seen += 1;
    }
    assert!(seen > 0, "no findings in {}", dir.display());
}

/// The finding behind the first one: a head hash with a multi-byte character, shortened
/// for the message at byte 12, inside the character.
#[test]
fn short_hashes_cut_at_character_boundaries() {
    assert_eq!(stroom::audit::short("8b0bdeb7393é2493b2d7"), "8b0bdeb7393é");
    assert_eq!(stroom::audit::short("abc"), "abc");
    assert_eq!(stroom::audit::short("0123456789abcdef"), "0123456789ab");
}
