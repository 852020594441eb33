//! `cargo run -p stroom-fuzz --release -- TARGET [--seconds S] [--iterations N] [--seed N]`:
//! fuzzes one parser (or `all`), prints the executions reached, and saves every input that
//! panicked into `fuzz/findings/` (then exits 1). See DESIGN.md for the figures.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use stroom_fuzz::{fuzz, TARGETS};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = || {
        let names: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
        eprintln!(
            "usage: stroom-fuzz TARGET|all [--seconds S] [--iterations N] [--seed N]\ntargets: {}",
            names.join(", ")
        );
        std::process::ExitCode::from(2)
    };
    let Some(which) = args.first() else {
        return usage();
    };
    let mut seconds: Option<u64> = None;
    let mut iterations = u64::MAX;
    let mut seed = 1u64;
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().and_then(|v| v.parse::<u64>().ok());
        match (flag.as_str(), value) {
            ("--seconds", Some(v)) => seconds = Some(v),
            ("--iterations", Some(v)) => iterations = v,
            ("--seed", Some(v)) => seed = v,
            _ => return usage(),
        }
    }
    if seconds.is_none() && iterations == u64::MAX {
        seconds = Some(60);
    }
    let targets: Vec<_> = TARGETS
        .iter()
        .filter(|t| which == "all" || t.name == which)
        .collect();
    if targets.is_empty() {
        return usage();
    }
    // Panics are findings, reported below: not Rust's report for each one.
    std::panic::set_hook(Box::new(|_| {}));
    let mut failed = false;
    for target in targets {
        let seeds = target
            .seeds
            .iter()
            .filter_map(|s| std::fs::read(repo().join(s)).ok())
            .collect();
        let started = Instant::now();
        let deadline = seconds.map(|s| started + Duration::from_secs(s));
        let report = fuzz(target, seeds, iterations, deadline, seed);
        let secs = started.elapsed().as_secs_f64();
        println!(
            "{:<10} {:>10} executions in {:>6.1} s ({:>7.0}/s), {:>8} accepted, corpus {:>3}, {} panics",
            target.name,
            report.executions,
            secs,
            report.executions as f64 / secs.max(1e-9),
            report.accepted,
            report.corpus,
            report.panics.len()
        );
        for (i, (input, message)) in report.panics.iter().enumerate() {
            failed = true;
            let dir = repo().join("fuzz/findings");
            let _ = std::fs::create_dir_all(&dir);
            let file = dir.join(format!("{}-{seed}-{i}", target.name));
            let _ = std::fs::write(&file, input);
            println!("  panic: {message}\n  input: {}", file.display());
        }
    }
    if failed {
        std::process::ExitCode::from(1)
    } else {
        std::process::ExitCode::SUCCESS
    }
}
