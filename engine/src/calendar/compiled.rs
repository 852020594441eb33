//! The embedded calendars from the static data the `workflows` build script made
//! (`stroom_workflows::compiled`): what the strict parser yields from the same files,
//! with no TOML parsed at run time. A test compares the two for every embedded file.

use jiff::civil::Date;
use stroom_workflows::compiled as c;

use super::{Body, BodyKind, Cabinet, CalendarData, Cancelled, Election, Provenance, Recess, Slot};

fn date(d: c::Ymd) -> Date {
    let c::Ymd(y, m, day) = d;
    Date::new(y, m, day).expect("the workflows build script checks every date")
}

fn provenance(p: c::Provenance) -> Provenance {
    match p {
        c::Provenance::Sourced(n) => Provenance::Sourced(n.into()),
        c::Provenance::Reported(n) => Provenance::Reported(n.into()),
        c::Provenance::Estimated(n) => Provenance::Estimated(n.into()),
    }
}

/// What an embedded calendar file holds, from its compiled form.
pub(crate) fn data(cal: &c::Calendar) -> CalendarData {
    match cal {
        c::Calendar::Body(b) => CalendarData::Body(Body {
            name: b.name.to_string(),
            kind: match b.kind {
                c::BodyKind::Voorportaal => BodyKind::Voorportaal,
                c::BodyKind::Onderraad => BodyKind::Onderraad,
                c::BodyKind::Ministerraad => BodyKind::Ministerraad,
            },
            title: b.title.to_string(),
            from: date(b.from),
            to: date(b.to),
            cabinets: b.cabinet.iter().map(|c| c.to_string()).collect(),
            valid_from: b.valid_from.map(date),
            valid_until: b.valid_until.map(date),
            slots: b
                .slots
                .iter()
                .map(|s| Slot {
                    meeting: date(s.meeting),
                    deadline: date(s.deadline),
                    mr: s.mr.map(date),
                    mr_with_onderraad: s.mr_with_onderraad.map(date),
                    extra: s.extra,
                    provenance: provenance(s.provenance),
                    extrapolated: None,
                })
                .collect(),
            cancelled: b
                .cancelled
                .iter()
                .map(|x| Cancelled {
                    meeting: date(x.meeting),
                    reason: x.reason.to_string(),
                    provenance: x.provenance.map(provenance),
                })
                .collect(),
        }),
        c::Calendar::Recesses {
            recesses,
            elections,
        } => CalendarData::Recesses {
            recesses: recesses
                .iter()
                .map(|r| Recess {
                    name: r.name.to_string(),
                    from: date(r.from),
                    to: date(r.to),
                    provenance: provenance(r.provenance),
                })
                .collect(),
            elections: elections
                .iter()
                .map(|e| Election {
                    date: date(e.date),
                    installed: e.installed.map(date),
                    provenance: provenance(e.provenance),
                })
                .collect(),
        },
        c::Calendar::Cabinets(cabinets) => CalendarData::Cabinets(
            cabinets
                .iter()
                .map(|k| Cabinet {
                    name: k.name.to_string(),
                    from: date(k.from),
                    until: k.until.map(date),
                    provenance: provenance(k.provenance),
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_calendar_file;
    use super::*;

    #[test]
    fn compiled_calendars_equal_the_parsed_files() {
        // The same files, in the same order: the build script reads the folder, the text
        // list is written by hand.
        let compiled: Vec<&str> = c::CALENDARS.iter().map(|(name, _)| *name).collect();
        let mut texts: Vec<&str> = stroom_workflows::CALENDARS
            .iter()
            .map(|(name, _)| *name)
            .collect();
        texts.sort_unstable();
        assert_eq!(compiled, texts);
        for (name, cal) in c::CALENDARS {
            let text = stroom_workflows::CALENDARS
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, t)| *t)
                .unwrap_or_default();
            let parsed = parse_calendar_file(name, text).unwrap();
            assert_eq!(parsed.warnings, [], "{name}");
            assert_eq!(data(cal), parsed.data, "{name}");
        }
    }
}
