//! Every target runs a short, fixed fuzz loop without a panic: the harness works and the
//! parsers hold for these inputs. The long runs are documented in DESIGN.md.

use std::path::Path;

use stroom_fuzz::{fuzz, TARGETS};

#[test]
fn every_target_survives_a_short_run() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for target in TARGETS {
        let seeds: Vec<Vec<u8>> = target
            .seeds
            .iter()
            .map(|s| {
                std::fs::read(repo.join(s))
                    .unwrap_or_else(|e| panic!("seed {s} of target {}: {e}", target.name))
            })
            .collect();
        for seed in &seeds {
            assert!(
                stroom_fuzz::run_one(target, seed).is_ok(),
                "{}: a seed panics",
                target.name
            );
        }
        let report = fuzz(target, seeds, 300, None, 7);
        assert_eq!(report.executions, 300);
        assert!(
            report.panics.is_empty(),
            "{}: {:?}",
            target.name,
            report
                .panics
                .first()
                .map(|(i, m)| (String::from_utf8_lossy(i).into_owned(), m))
        );
    }
}

/// Every input a fuzzer found (`engine/tests/fuzz-findings/`, named after its target) runs
/// through its target without a panic: refused, with its place and fix, or accepted.
#[test]
fn every_finding_runs_through_its_target() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../engine/tests/fuzz-findings");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("the findings folder") {
        let path = entry.expect("a finding").path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let target = TARGETS
            .iter()
            .find(|t| name.starts_with(&format!("{}-", t.name)))
            .unwrap_or_else(|| panic!("{name}: no fuzz target of that name"));
        let bytes = std::fs::read(&path).expect("a finding's bytes");
        if let Err(message) = stroom_fuzz::run_one(target, &bytes) {
            panic!("{name}: {message}");
        }
        seen += 1;
    }
    assert!(seen > 0, "no findings in {}", dir.display());
}

/// The verbs seed records the LLO stroom's whole life: the target reaches the planner on a
/// recorded history, not only refusals.
#[test]
fn the_verbs_seed_records_every_command() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let seed = std::fs::read(repo.join("fuzz/corpus/verbs.bin")).expect("the verbs seed");
    assert_eq!(stroom_fuzz::recorded_verbs(&seed), seed.len() / 5);
}

/// The seeds of the newer targets are accepted, so that the fuzzers start past the decoding:
/// every server body reaches the engine (a command recorded, a stroom created, a simulation
/// run), the meeting time reaches the iCalendar export, the server URL its endpoints.
#[test]
fn the_seeds_of_the_cli_and_server_targets_are_accepted() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for name in ["meeting-time", "server-url", "server-bodies"] {
        let target = TARGETS
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no target {name}"));
        for seed in target.seeds {
            let bytes = std::fs::read(repo.join(seed)).unwrap_or_else(|e| panic!("{seed}: {e}"));
            assert_eq!(
                stroom_fuzz::run_one(target, &bytes),
                Ok(true),
                "{name}: seed {seed} is not accepted"
            );
        }
    }
}

/// The seeds of the browser's forms and of the query strings are accepted: each reaches the
/// end of its path (a registered stroom, a recorded approval, a plan, a portfolio with its
/// Monte Carlo runs, a page of trails), so mutating them explores past the decoding.
#[test]
fn the_form_and_query_seeds_reach_the_end_of_their_paths() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for name in ["server-forms", "server-queries"] {
        let target = TARGETS
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no target {name}"));
        for seed in target.seeds {
            let bytes = std::fs::read(repo.join(seed)).unwrap_or_else(|e| panic!("{seed}: {e}"));
            assert!((target.run)(&bytes), "{seed} is refused");
        }
    }
}
