//! The export file cannot be shortened or rearranged unnoticed: every deletion, swap,
//! duplication and truncation of a small export is refused by `export::read`.
#![allow(clippy::unwrap_used)]

use jiff::civil::date;
use jiff::Timestamp;
use stroom::export::{self, EXPORT_FORMAT};
use stroom::machine::{Action, Command};
use stroom::{journal, Calendars, MemoryStore, Meta, Role, Routes, StroomDef};

fn role(code: &str) -> Role {
    code.parse().unwrap()
}

fn def(reference: &str) -> StroomDef {
    StroomDef {
        reference: reference.into(),
        title: "Kamerbrief Leven Lang Ontwikkelen".into(),
        route: "ministerraad".into(),
        directie: "MBO".into(),
        eerste_ondertekenaar: role("MSZW"),
        mede_ondertekenaars: vec![role("MOCW")],
        kamerbrieven: Vec::new(),
        target: None,
    }
}

/// Two strooms: one with three events, one with two.
fn small_export() -> String {
    let routes = Routes::embedded().unwrap();
    let calendars = Calendars::embedded().unwrap();
    let store = MemoryStore::new();
    let today = date(2024, 1, 1);
    let meta = |n: i64, who: Option<&str>| {
        Meta::builder()
            .actor("j.jansen@minocw.nl")
            .recorded_at(Timestamp::from_second(1_695_800_000 + n * 3_600).unwrap())
            .role(who.map(role))
            .build()
    };
    for (i, reference) in ["41077000", "41077001"].into_iter().enumerate() {
        let on = date(2023, 9, 27);
        journal::create(&store, &routes, def(reference), on, meta(0, None), today).unwrap();
        let cmd = Command {
            on,
            action: Action::Submit,
        };
        journal::execute(
            &store,
            &routes,
            &calendars,
            reference,
            &cmd,
            meta(1, None),
            today,
        )
        .unwrap();
        if i == 0 {
            let cmd = Command {
                on: date(2023, 9, 28),
                action: Action::Approve {
                    role: role("MSZW"),
                    version: 1,
                },
            };
            journal::execute(
                &store,
                &routes,
                &calendars,
                reference,
                &cmd,
                meta(2, Some("MSZW")),
                today,
            )
            .unwrap();
        }
    }
    journal::export_text(&store).unwrap()
}

fn join(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// Every structural edit of `text`: each line deleted, each pair of different lines
/// swapped, each line duplicated into every position, and the file cut at every byte.
fn edits(text: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for i in 0..lines.len() {
        let mut l = lines.clone();
        l.remove(i);
        out.push((format!("delete line {}", i + 1), join(&l)));
    }
    for i in 0..lines.len() {
        for j in i + 1..lines.len() {
            if lines[i] == lines[j] {
                continue;
            }
            let mut l = lines.clone();
            l.swap(i, j);
            out.push((format!("swap lines {} and {}", i + 1, j + 1), join(&l)));
        }
    }
    for i in 0..lines.len() {
        for at in 0..=lines.len() {
            let mut l = lines.clone();
            l.insert(at, lines[i]);
            out.push((
                format!("duplicate line {} before line {}", i + 1, at + 1),
                join(&l),
            ));
        }
    }
    // Cutting off only the final newline leaves every line intact: not an edit.
    for len in 0..text.len() - 1 {
        if text.is_char_boundary(len) {
            out.push((format!("truncate to {len} bytes"), text[..len].to_string()));
        }
    }
    out
}

#[test]
fn an_intact_export_reads_back_with_its_heads_and_trailer() {
    let text = small_export();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 7, "header, five records, trailer:\n{text}");
    assert!(lines[0].starts_with(&format!("{{\"stroom-export\":{EXPORT_FORMAT},\"heads\":[")));
    assert!(lines[6].starts_with("{\"trailer\":{\"strooms\":2,\"records\":5,\"sha256\":\""));
    let export = export::read(&text).unwrap();
    assert_eq!(export.records(), 5);
    assert_eq!(export.line_of("41077001", 2), Some(6));
    // Without its final newline it is still the same export.
    assert_eq!(export::read(text.trim_end()).unwrap().records(), 5);
}

#[test]
fn every_deletion_swap_duplication_and_truncation_is_refused() {
    let text = small_export();
    let edits = edits(&text);
    assert!(edits.len() > 500, "{} edits", edits.len());
    let mut accepted = Vec::new();
    for (what, edited) in &edits {
        match export::read(edited) {
            Ok(_) => accepted.push(what.clone()),
            Err(e) => {
                assert!(
                    !e.malformed,
                    "{what}: refused as malformed input, not as an altered export: line {}: {}",
                    e.line, e.message
                );
                assert!(
                    e.line >= 1 && e.line <= edited.lines().count().max(1),
                    "{what}: line {}",
                    e.line
                );
            }
        }
    }
    assert!(accepted.is_empty(), "accepted: {accepted:?}");
}

#[test]
fn refusals_name_the_line_and_what_is_wrong() {
    let text = small_export();
    let lines: Vec<&str> = text.lines().collect();
    let refuse = |what: &str, l: &[&str]| {
        let e = export::read(&join(l)).unwrap_err();
        format!("{what}\n  line {}: {}\n", e.line, e.message)
    };
    let without = |i: usize| {
        let mut l = lines.clone();
        l.remove(i);
        l
    };
    let swapped = |i: usize, j: usize| {
        let mut l = lines.clone();
        l.swap(i, j);
        l
    };
    let mut doubled = lines.clone();
    doubled.insert(3, lines[2]);
    let mut report = String::new();
    report += &refuse("the header deleted", &without(0));
    report += &refuse("the first event deleted", &without(1));
    report += &refuse("the last event of the first stroom deleted", &without(3));
    report += &refuse(
        "the second stroom deleted",
        &[&lines[..4], &lines[6..]].concat(),
    );
    report += &refuse("the trailer deleted", &without(6));
    report += &refuse("two events swapped", &swapped(2, 3));
    report += &refuse("events of two strooms swapped", &swapped(3, 4));
    report += &refuse("an event duplicated", &doubled);
    report += &refuse(
        "a line after the trailer",
        &[&lines[..], &lines[1..2]].concat(),
    );
    let cut = export::read(&text[..text.len() / 2]).unwrap_err();
    report += &format!("cut in the middle\n  line {}: {}\n", cut.line, cut.message);
    let altered = text.replace("j.jansen@minocw.nl", "p.pietersen@minocw.nl");
    let altered = export::read(&altered).unwrap_err();
    report += &format!(
        "an actor changed\n  line {}: {}\n",
        altered.line, altered.message
    );
    insta::assert_snapshot!(report);
}
