//! A stable fuzzer for stroom's parsers: every input format a user or a file can hand the
//! engine (stroom, route, calendar, scenario and activity files, exports and the anchor
//! journal, dates and distributions), driven by a mutation loop over a seed corpus.
//!
//! Not coverage-guided (that needs cargo-fuzz on nightly): mutants that parse are kept as
//! new seeds, so the loop reaches past the first syntax check into the checks after it.
//! A target must never panic: every panic is a finding, saved with its input.

use std::panic::AssertUnwindSafe;

use stroom::{MemoryStore, Store};

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

fn stroom_file(bytes: &[u8]) -> bool {
    match stroom::StroomDef::from_toml("fuzz.toml", &text(bytes)) {
        Ok(def) => stroom::input::check_def(&def, jiff::civil::date(2023, 10, 2)).is_ok(),
        Err(e) => {
            let _ = e.to_string();
            false
        }
    }
}

fn route_file(bytes: &[u8]) -> bool {
    stroom::Route::from_toml("fuzz.toml", &text(bytes))
        .map_err(|e| e.to_string())
        .is_ok()
}

fn calendar_file(bytes: &[u8]) -> bool {
    let t = text(bytes);
    let a = stroom::calendar::parse_calendar_file("fuzz.toml", &t)
        .map_err(|e| e.to_string())
        .is_ok();
    let b = stroom::calendar::parse_calendar("fuzz.toml", &t)
        .map_err(|e| e.to_string())
        .is_ok();
    a || b
}

fn scenario_file(bytes: &[u8]) -> bool {
    let t = text(bytes);
    for line in t.lines() {
        let _ = stroom::Dist::parse(line.trim_start_matches('#').trim()).map_err(|e| e.to_string());
    }
    stroom::simulate::parse_scenarios("fuzz.toml", &t)
        .map_err(|e| e.to_string())
        .is_ok()
}

fn activities_file(bytes: &[u8]) -> bool {
    stroom::debates::parse_activities("fuzz.json", &text(bytes))
        .map_err(|e| e.to_string())
        .is_ok()
}

/// An export, read and checked, then imported into a store and verified (state machine
/// replay included); the same bytes as an anchor journal.
fn export_file(bytes: &[u8]) -> bool {
    let _ = stroom::anchor::parse(bytes);
    let Ok(export) = stroom::export::read(&text(bytes)).map_err(|e| format!("{e:?}")) else {
        return false;
    };
    let store = MemoryStore::new();
    let records = export.chains.into_iter().flat_map(|(_, r)| r).collect();
    let Ok(routes) = stroom::Routes::embedded() else {
        return false;
    };
    if stroom::journal::import(&store, &routes, "fuzz", records).is_err() {
        return false;
    }
    let _ = stroom::journal::verify(&store, &routes).map(|v| v.first_bad.is_none());
    let _ = store.references();
    true
}

fn dates(bytes: &[u8]) -> bool {
    let t = text(bytes);
    let mut any = false;
    for line in t.lines() {
        any |= stroom::dates::parse(line.trim()).is_ok();
    }
    any
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
        name: "dates",
        seeds: &["fuzz/corpus/dates.txt"],
        run: dates,
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
