//! Words for the engine's steps, kinds and bases, per language.

use stroom::agenda::ItemKind;
use stroom::calendar::Level;
use stroom::planner::{Basis, Step};
use stroom::portfolio::Risk;

use crate::lang::Lang;

/// A step as people name it.
pub fn step(lang: Lang, step: Step) -> &'static str {
    match (lang, step) {
        (Lang::En, Step::Approval) => "approval",
        (Lang::Nl, Step::Approval) => "akkoord",
        (Lang::En, Step::Delivery) => "aanleverdeadline",
        (Lang::Nl, Step::Delivery) => "aanleverdeadline",
        (_, Step::Voorportaal) => "voorportaal",
        (_, Step::Onderraad) => "onderraad",
        (_, Step::Ministerraad) => "ministerraad",
        (Lang::En, Step::Kamer) => "send to the Kamer",
        (Lang::Nl, Step::Kamer) => "verzenden aan de Kamer",
    }
}

/// How a date came about.
pub fn basis(lang: Lang, b: Basis) -> &'static str {
    match (lang, b) {
        (Lang::En, Basis::Sourced) => "sourced",
        (Lang::Nl, Basis::Sourced) => "bron",
        (Lang::En, Basis::Reported) => "reported",
        (Lang::Nl, Basis::Reported) => "gemeld",
        (Lang::En, Basis::Estimated) => "estimated",
        (Lang::Nl, Basis::Estimated) => "geschat",
        (Lang::En, Basis::Assumed) => "assumed",
        (Lang::Nl, Basis::Assumed) => "aangenomen",
        (Lang::En, Basis::Given) => "given",
        (Lang::Nl, Basis::Given) => "gegeven",
    }
}

/// How certain a calendar entry is, from most to least certain.
pub fn provenance(lang: Lang, level: Level) -> &'static str {
    match (lang, level) {
        (Lang::En, Level::Sourced) => "sourced",
        (Lang::Nl, Level::Sourced) => "bron",
        (Lang::En, Level::Reported) => "reported",
        (Lang::Nl, Level::Reported) => "gemeld",
        (Lang::En, Level::Estimated) => "estimated",
        (Lang::Nl, Level::Estimated) => "geschat",
        (Lang::En, Level::Extrapolated) => "extrapolated",
        (Lang::Nl, Level::Extrapolated) => "doorgetrokken",
    }
}

/// Every provenance level in order, most certain first, as `a > b > c > d`.
pub fn provenance_scale(lang: Lang) -> String {
    [
        Level::Sourced,
        Level::Reported,
        Level::Estimated,
        Level::Extrapolated,
    ]
    .map(|l| provenance(lang, l))
    .join(" > ")
}

/// Whether a date is a guess (a rule or an estimate) rather than a published or recorded one.
pub fn is_estimate(b: Basis) -> bool {
    matches!(b, Basis::Estimated | Basis::Assumed)
}

/// What an agenda item is.
pub fn kind(lang: Lang, k: ItemKind) -> &'static str {
    match (lang, k) {
        (Lang::En, ItemKind::Approval) => "approval needed",
        (Lang::Nl, ItemKind::Approval) => "akkoord nodig",
        (_, ItemKind::Deadline) => "aanleverdeadline",
        (Lang::En, ItemKind::Meeting) => "meeting",
        (Lang::Nl, ItemKind::Meeting) => "vergadering",
        (Lang::En, ItemKind::Send) => "send",
        (Lang::Nl, ItemKind::Send) => "verzenden",
        (Lang::En, ItemKind::Latest) => "latest date",
        (Lang::Nl, ItemKind::Latest) => "uiterste datum",
    }
}

/// A portfolio risk label.
pub fn risk(lang: Lang, r: Risk) -> &'static str {
    match (lang, r) {
        (Lang::En, _) => r.label(),
        (Lang::Nl, Risk::Unknown) => "onbekend",
        (Lang::Nl, Risk::Late) => "te laat",
        (Lang::Nl, Risk::AtRisk) => "risico",
        (Lang::Nl, Risk::OnTrack) => "op schema",
        (Lang::Nl, Risk::NoTarget) => "geen doel",
    }
}

/// The body of a step as people write it: `CWIZO`, `MR`, a role as it is.
pub fn body(b: &str) -> String {
    match b {
        "mr" => "MR".into(),
        "tweede-kamer" => "Tweede Kamer".into(),
        b if b.len() <= 6 && b.chars().all(|c| c.is_ascii_lowercase()) => b.to_ascii_uppercase(),
        b => b.to_string(),
    }
}

/// A calendar entry's note (its source, or the rule that made it) in `lang`. The engine's
/// rules are named in Dutch by the rule itself; a source is quoted as it names itself.
pub fn source_note(lang: Lang, note: &str) -> String {
    use stroom::calendar::Rule;
    if lang == Lang::En {
        return note.to_string();
    }
    for (rule, nl) in [
        (
            Rule::Ministerraad,
            "regel: elke vrijdag die een werkdag is, behalve vier vrijdagen van de zomerstop en het kerstreces (laatste MR op of vóór 23 dec, de volgende op de laatste vrijdag van het kerstreces); deadline 7 dagen ervoor, of de werkdag daarvoor",
        ),
        (
            Rule::Cwizo,
            "regel: maandag om de 3 weken vanaf 2023-10-09, alleen in weken met een MR; deadline vergadering - 4 werkdagen",
        ),
        (
            Rule::Rwizo,
            "regel: dinsdag om de 3 weken vanaf 2023-10-31, alleen in weken met een MR erna; deadline 7 dagen ervoor, of de werkdag daarvoor",
        ),
    ] {
        if note == rule.description() {
            return nl.to_string();
        }
    }
    // The recesses estimated by rule (engine/src/calendar/recess.rs).
    let recess = match note.strip_prefix("rule: ") {
        Some("Friday on or before 22 Feb, 10 days; it follows the school holidays, so ±1 week") => {
            "vrijdag op of vóór 22 feb, 10 dagen; volgt de schoolvakanties, dus ±1 week"
        }
        Some("Friday on or before 28 Apr, 17 days") => "vrijdag op of vóór 28 apr, 17 dagen",
        Some("ends the Monday before the first Tuesday of September, starts 59 days earlier") => {
            "eindigt de maandag vóór de eerste dinsdag van september, begint 59 dagen eerder"
        }
        Some("Friday on or before 16 Oct, 10 days") => "vrijdag op of vóór 16 okt, 10 dagen",
        Some("Friday on or before 22 Dec, 24 days") => "vrijdag op of vóór 22 dec, 24 dagen",
        Some(other) => return format!("regel: {other}"),
        None => return note.to_string(),
    };
    format!("regel: {recess}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use stroom::calendar::Rule;

    #[test]
    fn rule_notes_in_dutch_sources_as_they_are() {
        for rule in [Rule::Ministerraad, Rule::Cwizo, Rule::Rwizo] {
            let nl = source_note(Lang::Nl, rule.description());
            assert!(nl.starts_with("regel: "), "{nl}");
            assert!(!nl.contains("every") && !nl.contains("before"), "{nl}");
            assert_eq!(
                source_note(Lang::En, rule.description()),
                rule.description()
            );
        }
        let cal = stroom::Calendars::embedded().unwrap();
        for r in cal.recesses() {
            let nl = source_note(Lang::Nl, r.provenance.note());
            assert!(!nl.contains("Friday") && !nl.contains("rule:"), "{nl}");
        }
        assert_eq!(source_note(Lang::Nl, "https://x.nl/y"), "https://x.nl/y");
    }
}
