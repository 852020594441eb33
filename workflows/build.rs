//! Turns `calendars/*.toml` into static Rust data (`src/compiled.rs` describes the types)
//! so that a command reads the embedded calendars without parsing TOML.
//!
//! Why static Rust data and not a serialized form (postcard, bincode): the compiler
//! checks every value against the types, the data sits in the binary's read-only
//! section with nothing to decode at run time, and no serialization crate joins the
//! build. This script checks the shape of each file (known keys, their types, real
//! dates, one provenance per entry) and fails the build naming the file and the entry;
//! the meaning (deadlines before meetings, werkdagen, couplings) is checked by the
//! engine's strict parser, which a test runs on the same files and compares with this
//! data.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use toml::{Table, Value};

type Ymd = (i16, i8, i8);

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("calendars");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| fail(&dir.display().to_string(), &format!("cannot read: {e}")))
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    names.sort();
    let mut out = Out::default();
    let mut list = String::new();
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| fail(name, &format!("cannot read: {e}")));
        let table: Table = text
            .parse()
            .unwrap_or_else(|e| fail(name, &format!("is not valid TOML: {e}")));
        let data = File { name, table }.calendar(&mut out);
        writeln!(list, "    ({name:?}, {data}),").expect("writing to a String");
    }
    let mut code =
        String::from("// Written by workflows/build.rs from workflows/calendars/*.toml.\n\n");
    for (text, i) in &out.strings {
        writeln!(code, "const S{i}: &str = {text:?};").expect("writing to a String");
    }
    writeln!(
        code,
        "\n/// Every embedded calendar file: (file name, what it holds), by file name.\n\
         pub static CALENDARS: &[(&str, Calendar)] = &[\n{list}];"
    )
    .expect("writing to a String");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| fail("OUT_DIR", "unset")))
        .join("compiled_calendars.rs");
    std::fs::write(&target, code)
        .unwrap_or_else(|e| fail(&target.display().to_string(), &format!("cannot write: {e}")));
}

fn fail(what: &str, message: &str) -> ! {
    panic!("workflows/calendars/{what}: {message}")
}

/// Strings written once each, as constants.
#[derive(Default)]
struct Out {
    strings: BTreeMap<String, usize>,
}

impl Out {
    fn string(&mut self, s: &str) -> String {
        let next = self.strings.len();
        let i = *self.strings.entry(s.to_string()).or_insert(next);
        format!("S{i}")
    }
}

struct File<'a> {
    name: &'a str,
    table: Table,
}

/// One table of the file (the top level or an entry of an array of tables), read key by
/// key; whatever is left at the end is a key the format does not know.
struct Entry<'a> {
    file: &'a str,
    what: String,
    table: Table,
}

impl<'a> Entry<'a> {
    fn fail(&self, message: &str) -> ! {
        fail(self.file, &format!("{}: {message}", self.what))
    }

    fn string(&mut self, key: &str) -> Option<String> {
        match self.table.remove(key) {
            None => None,
            Some(Value::String(s)) => Some(s),
            Some(other) => self.fail(&format!("{key} must be a string, not {other}")),
        }
    }

    fn required_string(&mut self, key: &str) -> String {
        self.string(key)
            .unwrap_or_else(|| self.fail(&format!("{key} is missing")))
    }

    fn bool(&mut self, key: &str) -> bool {
        match self.table.remove(key) {
            None => false,
            Some(Value::Boolean(b)) => b,
            Some(other) => self.fail(&format!("{key} must be true or false, not {other}")),
        }
    }

    fn date(&mut self, key: &str) -> Option<Ymd> {
        let value = self.table.remove(key)?;
        let Value::Datetime(dt) = &value else {
            self.fail(&format!("{key} must be a date (YYYY-MM-DD), not {value}"))
        };
        match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) if valid(d.year, d.month, d.day) => Some((
                i16::try_from(d.year).unwrap_or_else(|_| self.fail("year out of range")),
                d.month as i8,
                d.day as i8,
            )),
            _ => self.fail(&format!("{key} = {dt} is not a date (YYYY-MM-DD)")),
        }
    }

    fn required_date(&mut self, key: &str) -> Ymd {
        self.date(key)
            .unwrap_or_else(|| self.fail(&format!("{key} is missing")))
    }

    fn provenance(&mut self, out: &mut Out) -> Option<String> {
        let given: Vec<(&str, String)> = [
            ("Sourced", self.string("source")),
            ("Reported", self.string("reported")),
            ("Estimated", self.string("estimated")),
        ]
        .into_iter()
        .filter_map(|(kind, note)| note.map(|n| (kind, n)))
        .collect();
        match given.as_slice() {
            [] => None,
            [(_, note)] if note.trim().is_empty() => self.fail("the provenance is empty"),
            [(kind, note)] => Some(format!("Provenance::{kind}({})", out.string(note))),
            _ => self.fail("more than one of source, reported and estimated"),
        }
    }

    fn required_provenance(&mut self, out: &mut Out) -> String {
        self.provenance(out)
            .unwrap_or_else(|| self.fail("none of source, reported and estimated"))
    }

    fn tables(&mut self, key: &str) -> Vec<Entry<'a>> {
        let file = self.file;
        match self.table.remove(key) {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| match item {
                    Value::Table(table) => Entry {
                        file,
                        what: format!("[[{key}]] number {}", i + 1),
                        table,
                    },
                    other => fail(
                        file,
                        &format!("{key} must be [[{key}]] tables, not {other}"),
                    ),
                })
                .collect(),
            Some(other) => self.fail(&format!("{key} must be [[{key}]] tables, not {other}")),
        }
    }

    fn done(self) {
        if let Some(key) = self.table.keys().next() {
            self.fail(&format!("unknown key '{key}'"));
        }
    }
}

fn valid(year: u16, month: u8, day: u8) -> bool {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

fn ymd((y, m, d): Ymd) -> String {
    format!("Ymd({y}, {m}, {d})")
}

fn opt_ymd(d: Option<Ymd>) -> String {
    d.map_or("None".into(), |d| format!("Some({})", ymd(d)))
}

fn opt_str(out: &mut Out, s: Option<String>) -> String {
    s.map_or("None".into(), |s| format!("Some({})", out.string(&s)))
}

impl File<'_> {
    fn calendar(self, out: &mut Out) -> String {
        let mut top = Entry {
            file: self.name,
            what: "the file".into(),
            table: self.table,
        };
        let body = top.required_string("body");
        let kind = top.required_string("kind");
        let title = top.string("title").unwrap_or_default();
        let from = top.date("from");
        let to = top.date("to");
        let cabinet = top.string("cabinet");
        let valid_from = top.date("valid-from");
        let valid_until = top.date("valid-until");
        let holds = |top: &Entry, key: &str| top.table.contains_key(key);
        let misplaced = |top: &Entry, keys: &[&str]| {
            if let Some(key) = keys.iter().find(|k| holds(top, k)) {
                top.fail(&format!(
                    "[[{key}]] does not belong in a file of kind {kind}"
                ));
            }
        };
        let data = match kind.as_str() {
            "voorportaal" | "onderraad" | "ministerraad" => {
                misplaced(&top, &["recess", "election", "kabinet", "day"]);
                let mut slots: Vec<(Ymd, String)> = Vec::new();
                let mut cancelled: Vec<(Ymd, String)> = Vec::new();
                for mut s in top.tables("slot") {
                    let meeting = s.required_date("meeting");
                    s.what = format!("{} (meeting {meeting:?})", s.what);
                    let deadline = s.date("deadline");
                    let mr = s.date("mr");
                    let mr_with = s.date("mr-with-onderraad");
                    let extra = s.bool("extra");
                    let is_cancelled = s.bool("cancelled");
                    let reason = s.string("reason");
                    let provenance = s.provenance(out);
                    if is_cancelled {
                        let Some(reason) = reason.filter(|r| !r.trim().is_empty()) else {
                            s.fail("a cancelled meeting needs a reason")
                        };
                        if extra || deadline.is_some() || mr.is_some() || mr_with.is_some() {
                            s.fail("a cancelled meeting has only meeting, reason and provenance");
                        }
                        let line = format!(
                            "Cancelled {{ meeting: {}, reason: {}, provenance: {} }}",
                            ymd(meeting),
                            out.string(&reason),
                            provenance.map_or("None".into(), |p| format!("Some({p})"))
                        );
                        s.done();
                        cancelled.push((meeting, line));
                        continue;
                    }
                    if reason.is_some() {
                        s.fail("a reason goes with cancelled = true");
                    }
                    let Some(deadline) = deadline else {
                        s.fail("deadline is missing")
                    };
                    let Some(provenance) = provenance else {
                        s.fail("none of source, reported and estimated")
                    };
                    let line = format!(
                        "Slot {{ meeting: {}, deadline: {}, mr: {}, mr_with_onderraad: {}, extra: {extra}, provenance: {provenance} }}",
                        ymd(meeting),
                        ymd(deadline),
                        opt_ymd(mr),
                        opt_ymd(mr_with),
                    );
                    s.done();
                    slots.push((meeting, line));
                }
                slots.sort_by_key(|(m, _)| *m);
                cancelled.sort_by_key(|(m, _)| *m);
                let meetings = slots.iter().chain(&cancelled).map(|(m, _)| *m);
                let (Some(first), Some(last)) = (meetings.clone().min(), meetings.max()) else {
                    top.fail("a body's file needs [[slot]] tables")
                };
                let kind = match kind.as_str() {
                    "voorportaal" => "Voorportaal",
                    "onderraad" => "Onderraad",
                    _ => "Ministerraad",
                };
                let join = |v: Vec<(Ymd, String)>| {
                    v.into_iter()
                        .map(|(_, line)| format!("        {line},\n"))
                        .collect::<String>()
                };
                format!(
                    "Calendar::Body(Body {{\n    name: {}, kind: BodyKind::{kind}, title: {},\n    from: {}, to: {}, cabinet: {},\n    valid_from: {}, valid_until: {},\n    slots: &[\n{}    ],\n    cancelled: &[\n{}    ],\n}})",
                    out.string(&body),
                    out.string(&title),
                    ymd(from.unwrap_or(first)),
                    ymd(to.unwrap_or(last)),
                    opt_str(out, cabinet),
                    opt_ymd(valid_from),
                    opt_ymd(valid_until),
                    join(slots),
                    join(cancelled),
                )
            }
            "recesses" | "cabinets" => {
                if from.is_some() || to.is_some() || cabinet.is_some() || valid_from.is_some() || valid_until.is_some() {
                    top.fail("from, to, cabinet, valid-from and valid-until belong to a body's file");
                }
                if kind == "recesses" {
                    misplaced(&top, &["slot", "kabinet", "day"]);
                    let mut recesses = Vec::new();
                    for mut r in top.tables("recess") {
                        let name = r.required_string("name");
                        let from = r.required_date("from");
                        let to = r.required_date("to");
                        let p = r.required_provenance(out);
                        recesses.push((
                            from,
                            format!(
                                "Recess {{ name: {}, from: {}, to: {}, provenance: {p} }}",
                                out.string(&name),
                                ymd(from),
                                ymd(to)
                            ),
                        ));
                        r.done();
                    }
                    let mut elections = Vec::new();
                    for mut e in top.tables("election") {
                        let date = e.required_date("date");
                        let installed = e.date("installed");
                        let p = e.required_provenance(out);
                        elections.push((
                            date,
                            format!(
                                "Election {{ date: {}, installed: {}, provenance: {p} }}",
                                ymd(date),
                                opt_ymd(installed)
                            ),
                        ));
                        e.done();
                    }
                    recesses.sort_by_key(|(d, _)| *d);
                    elections.sort_by_key(|(d, _)| *d);
                    format!(
                        "Calendar::Recesses {{\n    recesses: &[\n{}    ],\n    elections: &[\n{}    ],\n}}",
                        lines(recesses),
                        lines(elections)
                    )
                } else {
                    misplaced(&top, &["slot", "recess", "election", "day"]);
                    let mut cabinets = Vec::new();
                    for mut c in top.tables("kabinet") {
                        let name = c.required_string("name");
                        let from = c.required_date("from");
                        let until = c.date("until");
                        let p = c.required_provenance(out);
                        cabinets.push((
                            from,
                            format!(
                                "Cabinet {{ name: {}, from: {}, until: {}, provenance: {p} }}",
                                out.string(&name),
                                ymd(from),
                                opt_ymd(until)
                            ),
                        ));
                        c.done();
                    }
                    cabinets.sort_by_key(|(d, _)| *d);
                    format!("Calendar::Cabinets(&[\n{}])", lines(cabinets))
                }
            }
            other => top.fail(&format!(
                "kind = {other:?}: an embedded calendar is a voorportaal, onderraad, ministerraad, recesses or cabinets"
            )),
        };
        top.done();
        data
    }
}

fn lines(v: Vec<(Ymd, String)>) -> String {
    v.into_iter()
        .map(|(_, line)| format!("        {line},\n"))
        .collect()
}
