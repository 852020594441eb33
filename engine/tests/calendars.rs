//! The facts and rules of CALENDARS.md, each as a test against the embedded calendars
//! (`workflows/calendars/`), and the rules of calendar files (deadlines on days off,
//! meeting days, extra and cancelled meetings, cabinets).
#![allow(clippy::unwrap_used)]

use jiff::civil::{date, Date, Weekday};
use proptest::prelude::*;
use stroom::calendar::{
    self, generate_file, parse_calendar_file, week_of, CalendarData, FileWarningKind, Level,
    PathNote,
};
use stroom::{Calendars, Planner, Request, Routes, Step};

fn cal() -> Calendars {
    Calendars::embedded().unwrap()
}

fn meetings(c: &Calendars, body: &str, from: Date, to: Date) -> Vec<Date> {
    c.body(body)
        .unwrap()
        .slots
        .iter()
        .filter(|s| from <= s.meeting && s.meeting <= to)
        .map(|s| s.meeting)
        .collect()
}

#[test]
fn no_estimated_mr_in_the_christmas_breaks() {
    let c = cal();
    // 2023-24: last 22 Dec, next 12 Jan 2024; 2025-26: last 19 Dec, next 9 Jan 2026.
    assert_eq!(
        meetings(&c, "mr", date(2023, 12, 16), date(2024, 1, 13)),
        [date(2023, 12, 22), date(2024, 1, 12)]
    );
    assert_eq!(
        meetings(&c, "mr", date(2025, 12, 13), date(2026, 1, 10)),
        [date(2025, 12, 19), date(2026, 1, 9)]
    );
    // 2024-25 (the decision list of Fri 10 Jan 2025 exists) and 2027.
    assert_eq!(
        meetings(&c, "mr", date(2024, 12, 14), date(2025, 1, 11)),
        [date(2024, 12, 20), date(2025, 1, 10)]
    );
    assert_eq!(
        meetings(&c, "mr", date(2027, 12, 11), date(2027, 12, 31)),
        [date(2027, 12, 17)]
    );
    for wrong in [
        date(2023, 12, 29),
        date(2024, 1, 5),
        date(2024, 12, 27),
        date(2025, 1, 3),
        date(2026, 1, 2),
        date(2027, 12, 24),
        date(2027, 12, 31),
    ] {
        assert!(
            c.body("mr").unwrap().slot_on(wrong).is_none(),
            "MR on {wrong}"
        );
    }
}

#[test]
fn the_first_mr_of_2026_is_9_january() {
    let c = cal();
    let mr = c.body("mr").unwrap();
    let first = mr.slots[mr.first_meeting_from(date(2026, 1, 1)).unwrap()].meeting;
    assert_eq!(first, date(2026, 1, 9));
}

#[test]
fn no_deadline_on_a_day_off_in_any_embedded_file() {
    let c = cal();
    for body in c.bodies() {
        for s in &body.slots {
            assert!(
                c.werkdagen().is_werkdag(s.deadline).unwrap(),
                "{} slot {} has its deadline {} on a day off",
                body.name,
                s.meeting,
                s.deadline
            );
            assert!(
                c.werkdagen().is_werkdag(s.meeting).unwrap() || s.extra,
                "{} meets on a day off: {}",
                body.name,
                s.meeting
            );
        }
    }
    // The examples of CALENDARS.md: Goede Vrijdag 2026, 26 Dec 2025, 1 Jan 2027,
    // 5 May 2026, Koningsdag 2027.
    let all: Vec<Date> = c
        .bodies()
        .flat_map(|b| b.slots.iter().map(|s| s.deadline))
        .collect();
    for off in [
        date(2026, 4, 3),
        date(2025, 12, 26),
        date(2027, 1, 1),
        date(2026, 5, 5),
        date(2027, 4, 27),
    ] {
        assert!(!all.contains(&off), "a deadline on {off}");
    }
}

#[test]
fn every_voorportaal_and_onderraad_slot_has_an_mr_in_its_week() {
    let c = cal();
    let mrs: Vec<Date> = c
        .body("mr")
        .unwrap()
        .slots
        .iter()
        .map(|s| s.meeting)
        .collect();
    for (body, after) in [("cwizo", false), ("rwizo", true)] {
        for s in &c.body(body).unwrap().slots {
            assert!(
                mrs.iter()
                    .any(|m| week_of(*m) == week_of(s.meeting) && (!after || *m >= s.meeting)),
                "{body} meets on {} in a week without an MR{}",
                s.meeting,
                if after { " after it" } else { "" }
            );
        }
    }
    // The examples of the issue: none of these onderraad slots exists.
    for gone in [
        date(2026, 3, 31),
        date(2026, 7, 14),
        date(2026, 8, 4),
        date(2026, 12, 29),
        date(2027, 3, 23),
        date(2027, 7, 27),
    ] {
        assert!(c.body("rwizo").unwrap().slot_on(gone).is_none(), "{gone}");
    }
}

#[test]
fn recesses_follow_the_sources_and_the_zomerreces_rule() {
    let c = cal();
    let recess = |name: &str, year: i16| {
        c.recesses()
            .iter()
            .find(|r| r.name == name && r.from.year() == year)
            .map(|r| (r.from, r.to, r.provenance.level()))
            .unwrap()
    };
    assert_eq!(
        recess("meireces", 2023),
        (date(2023, 4, 21), date(2023, 5, 8), Level::Sourced)
    );
    assert_eq!(
        recess("zomerreces", 2023),
        (date(2023, 7, 7), date(2023, 9, 4), Level::Sourced)
    );
    assert_eq!(
        recess("zomerreces", 2027),
        (date(2027, 7, 9), date(2027, 9, 6), Level::Estimated)
    );
    assert_eq!(
        recess("zomerreces", 2026),
        (date(2026, 7, 3), date(2026, 8, 31), Level::Reported)
    );
    assert_eq!(
        recess("voorjaarsreces", 2026),
        (date(2026, 2, 13), date(2026, 2, 23), Level::Reported)
    );
    assert_eq!(
        recess("meireces", 2026),
        (date(2026, 4, 24), date(2026, 5, 11), Level::Reported)
    );
    // The zomerreces rule against every sourced year.
    for year in 2016..=2030 {
        let z = calendar::estimate_recesses(year)
            .into_iter()
            .find(|r| r.name == "zomerreces")
            .unwrap();
        assert_eq!(z.to.weekday(), Weekday::Monday);
        assert_eq!(z.from.weekday(), Weekday::Friday);
        assert_eq!((z.to - z.from).get_days(), 59);
        let next_day = z.to.tomorrow().unwrap();
        assert!(
            next_day.weekday() == Weekday::Tuesday && next_day.month() == 9 && next_day.day() <= 7
        );
    }
    // The voorjaarsreces says it is ±1 week.
    let v = c
        .recesses()
        .iter()
        .find(|r| r.name == "voorjaarsreces" && r.from.year() == 2027)
        .unwrap();
    assert!(
        v.provenance.note().contains("±1 week"),
        "{}",
        v.provenance.note()
    );
}

#[test]
fn the_2023_and_2025_elections_are_present() {
    let c = cal();
    let e: Vec<(Date, Option<Date>)> = c
        .elections()
        .iter()
        .map(|e| (e.date, e.installed))
        .collect();
    assert_eq!(
        e,
        [
            (date(2023, 11, 22), Some(date(2023, 12, 6))),
            (date(2025, 10, 29), Some(date(2025, 11, 12)))
        ]
    );
    // No debates from the verkiezingsreces until the new Kamer is installed.
    for d in [
        date(2023, 11, 1),
        date(2023, 11, 29),
        date(2023, 12, 5),
        date(2025, 10, 15),
        date(2025, 11, 11),
    ] {
        assert!(c.recess_on(d).is_some(), "{d} is not in a recess");
    }
    assert!(c.recess_on(date(2023, 12, 6)).is_none());
    assert_eq!(
        c.recess_on(date(2025, 10, 3)).unwrap().name,
        "verkiezingsreces"
    );
    // No ordinary herfstreces in the election autumn of 2025.
    assert!(!c
        .recesses()
        .iter()
        .any(|r| r.name == "herfstreces" && r.from.year() == 2025));
}

#[test]
fn the_summer_stop_follows_the_corrected_zomerreces() {
    let c = cal();
    // 2027: zomerreces from 9 Jul: MRs on 9 and 16 Jul, none for four Fridays, then 20 Aug.
    assert_eq!(
        meetings(&c, "mr", date(2027, 7, 1), date(2027, 8, 21)),
        [
            date(2027, 7, 2),
            date(2027, 7, 9),
            date(2027, 7, 16),
            date(2027, 8, 20)
        ]
    );
}

#[test]
fn cabinets_and_extrapolated_slots() {
    let c = cal();
    let names: Vec<(&str, Date)> = c
        .cabinets()
        .iter()
        .map(|k| (k.name.as_str(), k.from))
        .collect();
    assert_eq!(
        names,
        [
            ("Rutte IV", date(2022, 1, 10)),
            ("Schoof", date(2024, 7, 2)),
            ("Jetten", date(2026, 2, 23))
        ]
    );
    assert_eq!(c.cabinet_on(date(2024, 7, 1)).unwrap().name, "Rutte IV");
    assert_eq!(c.cabinet_on(date(2024, 7, 2)).unwrap().name, "Schoof");
    let cwizo = c.body("cwizo").unwrap();
    assert_eq!(cwizo.cabinets, ["Rutte IV"]);
    // Under Rutte IV: estimated. Under Schoof and Jetten: extrapolated, naming the change.
    assert_eq!(
        cwizo.slot_on(date(2023, 11, 20)).unwrap().level(),
        Level::Estimated
    );
    let s = cwizo.slot_on(date(2026, 3, 9)).unwrap();
    assert_eq!(s.level(), Level::Extrapolated);
    assert_eq!(s.extrapolated.as_ref().unwrap().cabinet, "Jetten");
    let s = cwizo.slot_on(date(2025, 1, 13)).unwrap();
    assert_eq!(s.extrapolated.as_ref().unwrap().cabinet, "Schoof");
    // The ministerraad belongs to no cabinet: never extrapolated.
    assert!(c
        .body("mr")
        .unwrap()
        .slots
        .iter()
        .all(|s| s.extrapolated.is_none()));
    // Extra MRs are data.
    let mr = c.body("mr").unwrap();
    for d in [date(2024, 7, 2), date(2025, 6, 3), date(2026, 2, 23)] {
        let s = mr.slot_on(d).unwrap();
        assert!(s.extra, "{d}");
        assert_eq!(s.level(), Level::Reported);
    }
}

#[test]
fn a_plan_through_an_extrapolated_slot_warns_and_names_the_cabinet() {
    let c = cal();
    let routes = Routes::embedded().unwrap();
    let p = Planner::new(routes.get("ministerraad").unwrap(), &c).unwrap();
    let plan = p.plan(&Request::ad_hoc(date(2026, 3, 2))).unwrap();
    assert_eq!(plan.provenance, Some(Level::Extrapolated));
    assert!(
        plan.calendar.iter().any(|n| matches!(
            n,
            PathNote::Extrapolated { body, cabinet, since, source, .. }
                if body == "cwizo" && cabinet == "Jetten" && *since == date(2026, 2, 23)
                    && source.as_deref().is_some_and(|s| s.starts_with("https://www.rijksoverheid.nl/"))
        )),
        "{:?}",
        plan.calendar
    );
    // A sourced path in 2023 is sourced and cites nothing.
    let mut req = Request::ad_hoc(date(2023, 10, 3));
    req.assumptions.onderraad = Some(false);
    let plan = p.plan(&req).unwrap();
    assert_eq!(plan.provenance, Some(Level::Sourced));
    assert!(plan.calendar.is_empty());
}

const CWIZO_2026: &str = r#"
body = "cwizo"
kind = "voorportaal"
cabinet = "Jetten"
valid-from = 2026-02-23

[[slot]]
meeting = 2026-03-09
deadline = 2026-03-03
source = "CWIZO-secretariaat, vergaderschema 2026"

[[slot]]
meeting = 2026-04-07
deadline = 2026-04-03
source = "CWIZO-secretariaat, vergaderschema 2026"
"#;

#[test]
fn a_sourced_schedule_under_the_new_cabinet_ends_the_extrapolation() {
    let mut c = cal();
    c.add_file("cwizo-2026.toml", CWIZO_2026).unwrap();
    let cwizo = c.body("cwizo").unwrap();
    assert_eq!(
        cwizo.slot_on(date(2026, 3, 9)).unwrap().level(),
        Level::Sourced
    );
    // Later Jetten-era estimates are no longer extrapolated; Schoof-era ones still are.
    assert_eq!(
        cwizo.slot_on(date(2026, 6, 1)).unwrap().level(),
        Level::Estimated
    );
    assert_eq!(
        cwizo.slot_on(date(2025, 1, 13)).unwrap().level(),
        Level::Extrapolated
    );
    // The deadline on Goede Vrijdag 3 Apr 2026 moved to Thursday, with a warning and its line.
    assert_eq!(
        cwizo.slot_on(date(2026, 4, 7)).unwrap().deadline,
        date(2026, 4, 2)
    );
    let w = &c.warnings()[0];
    assert_eq!((w.source.as_str(), w.line), ("cwizo-2026.toml", Some(12)));
    assert!(
        matches!(
            &w.kind,
            FileWarningKind::DeadlineMoved { given, moved_to, day_off, .. }
                if *given == date(2026, 4, 3) && *moved_to == date(2026, 4, 2) && day_off == "Goede Vrijdag"
        ),
        "{w:?}"
    );
}

#[test]
fn extra_and_cancelled_meetings_are_cited_by_plans() {
    let mut c = cal();
    c.add_file(
        "mr-changes.toml",
        r#"
body = "mr"
kind = "ministerraad"

[[slot]]
meeting = 2023-12-01
cancelled = true
reason = "NAVO-top"
source = "rijksoverheid.nl, agenda"

[[slot]]
meeting = 2023-12-04
deadline = 2023-11-27
extra = true
source = "rijksoverheid.nl, agenda: MR op maandag"
"#,
    )
    .unwrap();
    let mr = c.body("mr").unwrap();
    assert!(mr.slot_on(date(2023, 12, 1)).is_none());
    assert!(mr.slot_on(date(2023, 12, 4)).unwrap().extra);
    assert!(mr.slot_on(date(2023, 12, 8)).is_some(), "the rest is kept");
    let routes = Routes::embedded().unwrap();
    let p = Planner::new(routes.get("ministerraad").unwrap(), &c).unwrap();
    // Ready 1 Nov: CWIZO 20 Nov; the MR would be Fri 1 Dec, which is cancelled.
    let plan = p.plan(&Request::ad_hoc(date(2023, 11, 1))).unwrap();
    let mr_date = plan
        .milestones
        .iter()
        .find(|m| m.step == Step::Ministerraad)
        .unwrap()
        .date;
    assert_eq!(mr_date, date(2023, 12, 4));
    assert!(
        plan.calendar.contains(&PathNote::Cancelled {
            body: "mr".into(),
            meeting: date(2023, 12, 1),
            reason: "NAVO-top".into()
        }),
        "{:?}",
        plan.calendar
    );
    assert!(plan
        .calendar
        .iter()
        .any(|n| matches!(n, PathNote::Extra { meeting, .. } if *meeting == date(2023, 12, 4))));
}

#[test]
fn meeting_days_are_checked_with_their_line() {
    let file = |slot: &str| {
        format!("body = \"mr\"\nkind = \"ministerraad\"\n\n[[slot]]\n{slot}\nsource = \"x\"\n")
    };
    // The message, and the hint of the rule it breaks.
    let err = |slot: &str| {
        let e = parse_calendar_file("mine.toml", &file(slot)).unwrap_err();
        match &e.problem {
            stroom::DataProblem::Check(c) => format!("{e}\n  hint: {}", c.hint()),
            _ => e.to_string(),
        }
    };
    let e = err("meeting = 2025-01-12\ndeadline = 2025-01-06");
    assert!(
        e.starts_with("mine.toml:4:1: the meeting of 2025-01-12 falls on a Sunday, not a werkdag"),
        "{e}"
    );
    let e = err("meeting = 2025-12-25\ndeadline = 2025-12-18");
    assert!(e.contains("falls on Eerste Kerstdag"), "{e}");
    let e = err("meeting = 2025-01-14\ndeadline = 2025-01-07");
    assert!(
        e.starts_with(
            "mine.toml:4:1: the ministerraad of 2025-01-14 is on a Tuesday, not a Friday"
        ),
        "{e}"
    );
    assert!(e.contains("extra = true"), "{e}");
    // With extra = true: a Tuesday MR is fine, a Sunday one is accepted with a warning.
    let ok = parse_calendar_file(
        "mine.toml",
        &file("meeting = 2025-01-14\ndeadline = 2025-01-07\nextra = true"),
    )
    .unwrap();
    assert!(ok.warnings.is_empty());
    let ok = parse_calendar_file(
        "mine.toml",
        &file("meeting = 2025-01-12\ndeadline = 2025-01-06\nextra = true"),
    )
    .unwrap();
    assert!(matches!(
        ok.warnings[0].kind,
        FileWarningKind::ExtraOnDayOff { .. }
    ));
    // A cancelled meeting needs a reason.
    let e = err("meeting = 2025-01-17\ncancelled = true");
    assert!(e.contains("gives no reason"), "{e}");
}

#[test]
fn generate_writes_files_its_own_check_accepts_and_refuses_reversed_years() {
    let c = cal();
    for body in ["mr", "cwizo", "rwizo", "tweede-kamer"] {
        for (from, to) in [
            (2023, 2023),
            (2024, 2025),
            (2026, 2027),
            (2028, 2030),
            (2000, 2001),
        ] {
            let text = generate_file(body, from, to, &c).unwrap();
            let parsed = parse_calendar_file("generated.toml", &text)
                .unwrap_or_else(|e| panic!("{body} {from}-{to}: {e}"));
            assert!(
                parsed.warnings.is_empty(),
                "{body} {from}-{to}: {:?}",
                parsed.warnings
            );
            if let CalendarData::Body(b) = parsed.data {
                assert!(b
                    .slots
                    .iter()
                    .all(|s| s.meeting.year() >= from && s.meeting.year() <= to));
            }
        }
    }
    let e = generate_file("mr", 2025, 2024, &c).unwrap_err().to_string();
    assert!(
        e.starts_with("the first year 2025 comes after the last year 2024"),
        "{e}"
    );
}

#[test]
fn the_worked_examples_still_come_out_exactly() {
    let c = cal();
    let routes = Routes::embedded().unwrap();
    let p = Planner::new(routes.get("ministerraad").unwrap(), &c).unwrap();
    let run = |ready: Date, onderraad: bool| {
        let mut req = Request::ad_hoc(ready);
        req.assumptions.onderraad = Some(onderraad);
        let d = p.dates(&req).unwrap();
        (d.voorportaal.unwrap(), d.ministerraad.unwrap(), d.kamer)
    };
    assert_eq!(
        run(date(2023, 10, 3), false),
        (date(2023, 10, 9), date(2023, 10, 27), date(2023, 10, 30))
    );
    assert_eq!(
        run(date(2023, 10, 3), true),
        (date(2023, 10, 9), date(2023, 11, 3), date(2023, 11, 6))
    );
    assert_eq!(
        run(date(2023, 10, 4), false),
        (date(2023, 10, 30), date(2023, 11, 10), date(2023, 11, 13))
    );
    let b = routes.get("ondertekening").unwrap();
    let p = Planner::new(b, &c).unwrap();
    let (send_by, _) = p
        .send_by(&stroom::Target::Debate {
            date: date(2024, 12, 11),
            lead: None,
        })
        .unwrap();
    assert_eq!(send_by, date(2024, 12, 5));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// For any generated calendar, every plan's onderraad lies in the week of its MR.
    #[test]
    fn every_plan_s_onderraad_lies_in_the_week_of_its_mr(
        from in 2001i16..2095,
        len in 0i16..3,
        offsets in proptest::collection::vec(0i64..1000, 8),
    ) {
        let base = cal();
        let to = from + len;
        let mut c = base.clone();
        for body in ["tweede-kamer", "mr", "cwizo", "rwizo"] {
            let text = generate_file(body, from, to, &base).unwrap();
            c.add_file(&format!("{body}.toml"), &text).unwrap();
        }
        let routes = Routes::embedded().unwrap();
        let p = Planner::new(routes.get("ministerraad").unwrap(), &c).unwrap();
        let start = date(from, 1, 1);
        for off in offsets {
            let ready = start.checked_add(jiff::Span::new().days(off % (365 * i64::from(len) + 300))).unwrap();
            let mut req = Request::ad_hoc(ready);
            req.assumptions.onderraad = Some(true);
            let Ok(d) = p.dates(&req) else { continue };
            let (o, m) = (d.onderraad.unwrap(), d.ministerraad.unwrap());
            prop_assert_eq!(week_of(o), week_of(m), "ready {}: onderraad {} MR {}", ready, o, m);
            prop_assert!(o <= m);
        }
    }
}

/// A body that a new cabinet abolished: its meetings after `valid-until` (and before
/// `valid-from`) are named on every plan through them.
const PWIZO: &str = r#"
body = "pwizo"
kind = "voorportaal"
title = "PWIZO, a voorportaal of the Schoof cabinet"
cabinet = "Schoof"
valid-from = 2024-07-02
valid-until = 2026-02-22

[[slot]]
meeting = 2024-06-24
deadline = 2024-06-18
source = "test"

[[slot]]
meeting = 2026-01-12
deadline = 2026-01-06
source = "test"

[[slot]]
meeting = 2026-03-09
deadline = 2026-03-03
source = "test"
"#;

#[test]
fn meetings_outside_a_bodys_validity_are_named() {
    let mut c = cal();
    c.add_file("pwizo.toml", PWIZO).unwrap();
    let notes = |d| c.path_notes(&[("pwizo", d, d)]);
    assert_eq!(notes(date(2026, 1, 12)), []);
    for d in [date(2024, 6, 24), date(2026, 3, 9)] {
        assert_eq!(
            notes(d),
            [PathNote::OutsideValidity {
                body: "pwizo".into(),
                meeting: d,
                valid_from: Some(date(2024, 7, 2)),
                valid_until: Some(date(2026, 2, 22)),
            }]
        );
    }
    // A plan through the voorportaal meeting after valid-until carries the note.
    let mut routes = Routes::embedded().unwrap();
    let mut route = routes.get("ministerraad").unwrap().clone();
    route.voorportaal = Some("pwizo".into());
    route.onderraad = None;
    routes.add(route);
    let p = Planner::new(routes.get("ministerraad").unwrap(), &c).unwrap();
    let plan = p.plan(&Request::ad_hoc(date(2026, 2, 2))).unwrap();
    assert!(
        plan.calendar.iter().any(|n| matches!(
            n,
            PathNote::OutsideValidity { body, meeting, .. }
                if body == "pwizo" && *meeting == date(2026, 3, 9)
        )),
        "{:?}",
        plan.calendar
    );
}

/// Every reported entry, every recess that is not estimated and every cabinet cites a public address, not a file of this
/// project (CALENDARS.md): a planner can check it.
#[test]
fn reported_entries_and_cabinets_cite_public_addresses() {
    let c = cal();
    let mut notes: Vec<(String, String)> = Vec::new();
    for b in c.bodies() {
        for s in &b.slots {
            if s.provenance.level() == Level::Reported {
                notes.push((
                    format!("{} {}", b.name, s.meeting),
                    s.provenance.note().into(),
                ));
            }
        }
    }
    // Recesses, sourced ones included: their source is the Kamer's public list.
    for r in c.recesses() {
        if r.provenance.level() != Level::Estimated {
            notes.push((format!("{} {}", r.name, r.from), r.provenance.note().into()));
        }
    }
    for k in c.cabinets() {
        notes.push((k.name.clone(), k.provenance.note().into()));
    }
    assert!(notes.len() >= 11, "{notes:?}");
    for (what, note) in notes {
        assert!(
            note.starts_with("https://") && !note.contains("CALENDARS.md"),
            "{what}: {note}"
        );
    }
}
