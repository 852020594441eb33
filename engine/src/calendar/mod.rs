//! Meeting calendars as data: bodies with slots, Tweede Kamer recesses and elections,
//! cabinets, blokdagen.
//!
//! Every slot carries its provenance: `sourced` (an official source, with its address),
//! `reported` (a secondary source, with its address) or `estimated` (naming the rule that
//! made it). An estimated slot of a cabinet's body dated under a later cabinet for which
//! no sourced slot exists is also **extrapolated**. The embedded defaults live in
//! `workflows/calendars/`; a user's file adds or overrides slots of a body for the
//! period it covers, adds one-off meetings (`extra = true`) and cancels estimated ones
//! (`cancelled = true`). The rules are those of `CALENDARS.md`.

mod body;
mod calendars;
mod compiled;
mod file;
mod import;
mod recess;
mod rules;

pub use body::*;
pub use calendars::*;
pub use file::*;
pub use import::*;
pub use recess::*;
pub use rules::*;

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn embedded_calendars_hold_the_sourced_2023_slots() {
        let c = Calendars::embedded().unwrap();
        let cwizo = c.body("cwizo").unwrap();
        let s = cwizo.slot_on(date(2023, 10, 9)).unwrap();
        assert_eq!(
            (s.deadline, s.mr, s.mr_with_onderraad),
            (
                date(2023, 10, 3),
                Some(date(2023, 10, 27)),
                Some(date(2023, 11, 3))
            )
        );
        assert!(!s.provenance.is_estimated());
        let s = cwizo.slot_on(date(2023, 10, 30)).unwrap();
        assert_eq!(
            (s.deadline, s.mr),
            (date(2023, 10, 20), Some(date(2023, 11, 10)))
        );
        for body in ["cwizo", "rwizo", "mr"] {
            let b = c.body(body).unwrap();
            assert!(
                b.from <= date(2023, 1, 1) && b.to >= date(2027, 12, 31),
                "{body} covers 2023-2027"
            );
        }
    }

    #[test]
    fn embedded_files_parse_without_warnings_and_hold_what_their_names_say() {
        // Lazily parsed embedded files report no warnings, so there must be none.
        assert_eq!(Calendars::check_embedded().unwrap(), []);
    }

    #[test]
    fn embedded_calendars_are_parsed_only_when_asked_for() {
        let c = Calendars::embedded().unwrap();
        assert!(c.parsed().is_empty(), "{:?}", c.parsed());
        // What `deliver` checks: one voorportaal (marked against the cabinets).
        c.body("cwizo").unwrap();
        assert_eq!(c.parsed(), ["cwizo", "cabinets"]);
        assert!(c.body("nope").is_err());
        assert_eq!(c.parsed(), ["cwizo", "cabinets"]);
        c.werkdagen();
        c.recess_on(date(2023, 8, 1));
        assert_eq!(c.parsed(), ["cwizo", "recesses", "cabinets", "werkdagen"]);
    }

    #[test]
    fn lazily_parsed_calendars_equal_the_files_added_one_by_one() {
        let lazy = Calendars::embedded().unwrap();
        // Every embedded file added as a user's file is parsed at once, in the old order.
        let mut eager = Calendars::embedded().unwrap();
        for (name, text) in stroom_workflows::CALENDARS {
            eager.add_file(name, text).unwrap();
        }
        assert_eq!(
            lazy.bodies().collect::<Vec<_>>(),
            eager.bodies().collect::<Vec<_>>()
        );
        assert_eq!(lazy.recesses(), eager.recesses());
        assert_eq!(lazy.elections(), eager.elections());
        assert_eq!(lazy.cabinets(), eager.cabinets());
        assert!(lazy.warnings().is_empty());
        // A cabinets file added after a body was parsed marks it again.
        let mut c = Calendars::embedded().unwrap();
        let before = c.body("cwizo").unwrap().clone();
        c.add_file(
            "k.toml",
            "body = \"kabinetten\"\nkind = \"cabinets\"\n\n[[kabinet]]\nname = \"Later\"\nfrom = 2027-06-01\nsource = \"x\"\n",
        )
        .unwrap();
        let after = c.body("cwizo").unwrap();
        let marked = |b: &Body| {
            b.slots
                .iter()
                .filter(|s| {
                    s.extrapolated
                        .as_ref()
                        .is_some_and(|x| x.cabinet == "Later")
                })
                .count()
        };
        assert_eq!(marked(&before), 0);
        assert!(marked(after) > 0);
        let mut fresh = Calendars::embedded().unwrap();
        fresh
            .add_file(
                "k.toml",
                "body = \"kabinetten\"\nkind = \"cabinets\"\n\n[[kabinet]]\nname = \"Later\"\nfrom = 2027-06-01\nsource = \"x\"\n",
            )
            .unwrap();
        assert_eq!(fresh.body("cwizo").unwrap(), after);
    }

    #[test]
    fn mr_summer_stop_matches_2023_and_2024() {
        let c = Calendars::embedded().unwrap();
        let mr = c.body("mr").unwrap();
        let in_range = |a, b| {
            mr.slots
                .iter()
                .filter(|s| s.meeting >= a && s.meeting <= b)
                .map(|s| s.meeting)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            in_range(date(2023, 7, 1), date(2023, 8, 20)),
            [date(2023, 7, 7), date(2023, 7, 14), date(2023, 8, 18)]
        );
        assert_eq!(
            in_range(date(2024, 7, 1), date(2024, 8, 20)),
            [
                date(2024, 7, 2),
                date(2024, 7, 5),
                date(2024, 7, 12),
                date(2024, 8, 16)
            ]
        );
    }

    #[test]
    fn checked_in_calendars_equal_the_generator() {
        let c = Calendars::embedded().unwrap();
        for (name, text) in stroom_workflows::CALENDARS {
            let body = name.trim_end_matches(".toml");
            if body == CABINETS_FILE {
                continue;
            }
            let generated = generate_file(body, 2023, 2027, &c).unwrap();
            assert!(
                generated == *text,
                "workflows/calendars/{name} drifted from its rule: run 'stroom calendar generate {body} > workflows/calendars/{name}'"
            );
        }
    }

    #[test]
    fn dates_outside_the_werkdag_years_are_refused_with_their_line() {
        let text = "body = \"cwizo\"\nkind = \"voorportaal\"\n\n[[slot]]\nmeeting = 9999-12-27\ndeadline = 9999-12-21\nsource = \"x\"\n";
        let e = parse_calendar("far.toml", text).unwrap_err().to_string();
        assert!(
            e.starts_with(
                "far.toml:4:1: the date 9999-12-27 lies outside the years stroom plans in"
            ),
            "{e}"
        );
    }

    #[test]
    fn deadlines_people_plan_against() {
        let c = Calendars::embedded().unwrap();
        assert_eq!(c.deadline("2025-06-30").unwrap().0, date(2025, 6, 30));
        assert_eq!(c.deadline("prinsjesdag-2024").unwrap().0, date(2024, 9, 17));
        let (d, why) = c.deadline("voor-de-zomer-2024").unwrap();
        assert_eq!(d, date(2024, 7, 4));
        let why = why.map(|w| w.to_string()).unwrap_or_default();
        assert!(why.contains("sourced"), "{why}");
        assert_eq!(
            c.deadline("kamervragen-2025-03-03").unwrap().0,
            date(2025, 3, 24)
        );
        assert_eq!(
            c.deadline("kamervragen-uitstel-2025-03-03").unwrap().0,
            date(2025, 4, 14)
        );
        let e = c.deadline("voor-de-kerst").unwrap_err().to_string();
        assert!(
            e.starts_with("'voor-de-kerst' is not a date or a known deadline"),
            "{e}"
        );
        assert!(c.deadline("voor-de-zomer-2031").is_err());
    }

    #[test]
    fn file_errors_name_line_and_fix() {
        let text = "body = \"cwizo\"\nkind = \"voorportaal\"\n\n[[slot]]\nmeeting = 2025-01-13\ndeadline = 2025-01-14\nsource = \"x\"\n";
        let e = parse_calendar("mine.toml", text).unwrap_err().to_string();
        assert!(
            e.starts_with("mine.toml:4:1: deadline 2025-01-14 lies after the meeting 2025-01-13"),
            "{e}"
        );
    }
}
