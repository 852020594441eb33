//! Every input format a user writes never panics the parser, whatever the text: random
//! text, and valid files with random edits. An error always names the file.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use stroom::calendar::parse_calendar;
use stroom::simulate::{parse_scenarios, Dist};
use stroom::{Record, Route, StroomDef};

const STROOM: &str = include_str!("../../examples/llo-41077000.toml");
const ROUTE: &str = include_str!("../../workflows/routes/ministerraad.toml");
const CALENDAR: &str = "body = \"cwizo\"\nkind = \"voorportaal\"\nfrom = 2025-01-01\nto = 2025-03-31\n\n\
[[slot]]\nmeeting = 2025-01-20\ndeadline = 2025-01-14\nmr = 2025-01-31\nsource = \"schema 2025\"\n\n\
[[slot]]\nmeeting = 2025-02-10\ndeadline = 2025-02-04\nestimated = \"rule\"\n";
const SCENARIOS: &str = "[[scenario]]\nname = \"a\"\ndelay = { approval = 5 }\nrole-delay = { MPVO = 2 }\n\
approval-on = { MOCW = 2023-10-05 }\nonderraad = true\nvoorportaal-return = 3\nmr-holds = 1\nsend-after = 2\n";

/// A valid text with a few random edits: a byte replaced, a slice removed, a text inserted.
fn mutated(base: &'static str) -> impl Strategy<Value = String> {
    let len = base.len();
    prop::collection::vec((0..len, 0..4u8, "[ -~\\n]{0,8}"), 1..4).prop_map(move |edits| {
        let mut s = base.as_bytes().to_vec();
        for (at, kind, text) in edits {
            let at = at.min(s.len());
            match kind {
                0 => {
                    if at < s.len() {
                        s[at] = text.bytes().next().unwrap_or(b'=');
                    }
                }
                1 => {
                    let end = (at + text.len() + 1).min(s.len());
                    s.drain(at..end);
                }
                _ => {
                    s.splice(at..at, text.bytes());
                }
            }
        }
        String::from_utf8_lossy(&s).into_owned()
    })
}

fn names_the_file(message: &str) -> bool {
    message.starts_with("in.toml")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn stroom_files_never_panic(text in prop_oneof![mutated(STROOM), "\\PC{0,200}"]) {
        if let Err(e) = StroomDef::from_toml("in.toml", &text) {
            prop_assert!(names_the_file(&e.to_string()), "{e}");
        }
    }

    #[test]
    fn route_files_never_panic(text in prop_oneof![mutated(ROUTE), "\\PC{0,200}"]) {
        if let Err(e) = Route::from_toml("in.toml", &text) {
            prop_assert!(names_the_file(&e.to_string()), "{e}");
        }
    }

    #[test]
    fn calendar_files_never_panic(text in prop_oneof![mutated(CALENDAR), "\\PC{0,200}"]) {
        if let Err(e) = parse_calendar("in.toml", &text) {
            prop_assert!(names_the_file(&e.to_string()), "{e}");
        }
    }

    #[test]
    fn scenario_files_never_panic(text in prop_oneof![mutated(SCENARIOS), "\\PC{0,200}"]) {
        if let Err(e) = parse_scenarios("in.toml", &text) {
            prop_assert!(names_the_file(&e.to_string()), "{e}");
        }
    }

    #[test]
    fn export_lines_never_panic(text in "\\PC{0,300}") {
        let _ = serde_json::from_str::<Record>(&text);
    }

    #[test]
    fn distributions_never_panic(text in "[a-z(),.0-9 -]{0,30}") {
        if let Ok(d) = Dist::parse(&text) {
            use rand::SeedableRng;
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
            let _ = d.sample(&mut rng);
        }
    }
}
