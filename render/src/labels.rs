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
    // The embedded calendars' sources: the address (or document) as it is, the words
    // around it in Dutch.
    if let Some(nl) = EMBEDDED_SOURCES
        .iter()
        .find(|(en, _)| *en == note)
        .map(|(_, nl)| *nl)
    {
        return nl.to_string();
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

/// The sources and reports of the embedded calendars (workflows/calendars) whose English
/// words around the citation have a Dutch rendering; a test keeps the list in step.
const EMBEDDED_SOURCES: &[(&str, &str)] = &[
    (
        "nota 41077000 (27 Sep 2023) and its second version, Proces/Planning",
        "nota 41077000 (27 sep 2023) en de tweede versie, Proces/Planning",
    ),
    (
        "nota 41077000 (27 Sep 2023), Proces/Planning",
        "nota 41077000 (27 sep 2023), Proces/Planning",
    ),
    (
        "nota 41077000 (27 Sep 2023): MR with RWIZO for CWIZO 9 Oct",
        "nota 41077000 (27 sep 2023): MR met RWIZO bij CWIZO 9 okt",
    ),
    (
        "nota 41077000 (27 Sep 2023): MR without RWIZO for CWIZO 9 Oct",
        "nota 41077000 (27 sep 2023): MR zonder RWIZO bij CWIZO 9 okt",
    ),
    (
        "nota 41077000 (second version) and Kamerbrief of Mon 13 Nov 2023",
        "nota 41077000 (tweede versie) en Kamerbrief van ma 13 nov 2023",
    ),
    (
        "https://curacao.nu/ministers-en-staatssecretarissen-kabinet-schoof-beedigd/: Rutte IV in office from 10 Jan 2022 until the Schoof cabinet was sworn in on Tue 2 Jul 2024",
        "https://curacao.nu/ministers-en-staatssecretarissen-kabinet-schoof-beedigd/: Rutte IV in functie van 10 jan 2022 tot de beëdiging van het kabinet-Schoof op di 2 jul 2024",
    ),
    (
        "https://www.hartvannederland.nl/politiek/beleid/artikelen/kabinet-schoof-beedigd-door-koning: the Schoof cabinet sworn in on Tue 2 Jul 2024",
        "https://www.hartvannederland.nl/politiek/beleid/artikelen/kabinet-schoof-beedigd-door-koning: het kabinet-Schoof beëdigd op di 2 jul 2024",
    ),
    (
        "https://www.hartvannederland.nl/politiek/beleid/artikelen/kijk-live-mee-kabinet-op-catshuis-bijeen-voor-extra-ministerraad: extra MR on Tue 3 Jun 2025 at the Catshuis after the PVV left the coalition (deadline by rule)",
        "https://www.hartvannederland.nl/politiek/beleid/artikelen/kijk-live-mee-kabinet-op-catshuis-bijeen-voor-extra-ministerraad: extra MR op di 3 jun 2025 in het Catshuis nadat de PVV uit de coalitie stapte (deadline volgens de regel)",
    ),
    (
        "https://www.hartvannederland.nl/politiek/verkiezingen/artikelen/na-zeven-maanden-is-het-vandaag-zover-nieuwe-kabinet-schoof-treedt-aan: extra MR on Tue 2 Jul 2024, the afternoon the Schoof cabinet was sworn in (deadline by rule)",
        "https://www.hartvannederland.nl/politiek/verkiezingen/artikelen/na-zeven-maanden-is-het-vandaag-zover-nieuwe-kabinet-schoof-treedt-aan: extra MR op di 2 jul 2024, de middag van de beëdiging van het kabinet-Schoof (deadline volgens de regel)",
    ),
    (
        "https://www.hartvannederland.nl/politiek/verkiezingen/artikelen/nieuw-kabinet-d66-vvd-cda-beediging-23-februari: first MR of the Jetten cabinet, the afternoon of Mon 23 Feb 2026 (15:30: https://dgki.nl/tags/beediging) (deadline by rule)",
        "https://www.hartvannederland.nl/politiek/verkiezingen/artikelen/nieuw-kabinet-d66-vvd-cda-beediging-23-februari: eerste MR van het kabinet-Jetten, de middag van ma 23 feb 2026 (15.30 uur: https://dgki.nl/tags/beediging) (deadline volgens de regel)",
    ),
    (
        "https://www.tweedekamer.nl/debat_en_vergadering/recessen (no debates until the new Kamer was installed on 12 Nov 2025, as reported; confirm there)",
        "https://www.tweedekamer.nl/debat_en_vergadering/recessen (geen debatten tot de installatie van de nieuwe Kamer op 12 nov 2025, zoals gemeld; controleer het daar)",
    ),
    (
        "https://www.tweedekamer.nl/debat_en_vergadering/recessen (recessen 2026, as reported; confirm there)",
        "https://www.tweedekamer.nl/debat_en_vergadering/recessen (recessen 2026, zoals gemeld; controleer het daar)",
    ),
    (
        "https://www.tweedekamer.nl/debat_en_vergadering/recessen (verkiezingsreces before the election of 29 Oct 2025, as reported; confirm there)",
        "https://www.tweedekamer.nl/debat_en_vergadering/recessen (verkiezingsreces vóór de verkiezingen van 29 okt 2025, zoals gemeld; controleer het daar)",
    ),
    (
        "https://www.rijksoverheid.nl (news of 6 Jun 2025: Tweede Kamerverkiezing op woensdag 29 oktober 2025); installation 12 Nov 2025 reported",
        "https://www.rijksoverheid.nl (nieuwsbericht van 6 jun 2025: Tweede Kamerverkiezing op woensdag 29 oktober 2025); installatie op 12 nov 2025 gemeld",
    ),
    (
        "https://www.rijksoverheid.nl/regering/inhoud: the Jetten cabinet sworn in on Mon 23 Feb 2026",
        "https://www.rijksoverheid.nl/regering/inhoud: het kabinet-Jetten beëdigd op ma 23 feb 2026",
    ),
    (
        "https://www.tweedekamer.nl/debat_en_vergadering/recessen: no debates until the new Kamer was installed on 6 Dec 2023 (the old Kamer met once more, on 5 Dec)",
        "https://www.tweedekamer.nl/debat_en_vergadering/recessen: geen debatten tot de installatie van de nieuwe Kamer op 6 dec 2023 (de oude Kamer vergaderde nog één keer, op 5 dec)",
    ),
    (
        "https://www.tweedekamer.nl/debat_en_vergadering/recessen: verkiezingsreces 27 Oct-22 Nov 2023, new Kamer installed 6 Dec 2023",
        "https://www.tweedekamer.nl/debat_en_vergadering/recessen: verkiezingsreces 27 okt-22 nov 2023, nieuwe Kamer geïnstalleerd op 6 dec 2023",
    ),
];

/// The words of a calendar file stroom writes (`calendar generate`, `calendar import`) in
/// Dutch: the header comment, the entries' notes (as [`source_note`] says them) and the
/// recess file's title. Keys, dates and commands stay as they are typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct DutchFileWords;

impl stroom::calendar::FileWords for DutchFileWords {
    fn generated(&self, body: &str, from: i16, to: i16) -> String {
        format!(
            "Gemaakt met 'stroom calendar generate {body} --from {from} --to {to}': de items\n\
             hieronder met een bron (source) of melding (reported) blijven zoals ze zijn, elk ander\n\
             item is geschat met de regel die het noemt (zie CALENDARS.md). Laad een gepubliceerd\n\
             schema met 'stroom calendar import --body {body} BESTAND' of schrijf een eigen\n\
             bestand (--calendar BESTAND): de items daarin vervangen deze voor de periode van dat\n\
             bestand."
        )
    }

    fn imported(
        &self,
        source: &str,
        body: &str,
        meetings: usize,
        from: jiff::civil::Date,
        to: jiff::civil::Date,
    ) -> String {
        format!(
            "Geïmporteerd uit {source} met 'stroom calendar import --body {body}':\n\
             {meetings} vergadering(en) van {} tot en met {}, met bron. Ze vervangen\n\
             die van de kalenders in die periode.",
            crate::lang::day(Lang::Nl, from),
            crate::lang::day(Lang::Nl, to)
        )
    }

    fn note(&self, note: &str) -> String {
        source_note(Lang::Nl, note)
    }

    fn recess_title(&self) -> String {
        "Recessen van de Tweede Kamer".into()
    }
}

/// The words of the calendar files stroom writes, in `lang`.
pub fn file_words(lang: Lang) -> &'static dyn stroom::calendar::FileWords {
    match lang {
        Lang::En => &stroom::calendar::EnglishFileWords,
        Lang::Nl => &DutchFileWords,
    }
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

    /// Every note of the embedded calendars that is not a bare citation (an address, or a
    /// Kamer page with the year) has its Dutch words: a new English note fails here.
    #[test]
    fn every_embedded_note_in_dutch() {
        let files = [
            include_str!("../../workflows/calendars/cwizo.toml"),
            include_str!("../../workflows/calendars/rwizo.toml"),
            include_str!("../../workflows/calendars/mr.toml"),
            include_str!("../../workflows/calendars/tweede-kamer.toml"),
            include_str!("../../workflows/calendars/kabinetten.toml"),
        ];
        let english = [
            " the ", " on ", " of ", " with ", " and ", " for ", " by ", " before ", "Mon ",
            "Tue ", "Fri ", " Sep ", " Oct ", "confirm", "sworn",
        ];
        let mut missing = Vec::new();
        for text in files {
            for line in text.lines() {
                let Some((key, value)) = line.split_once(" = \"") else {
                    continue;
                };
                if !matches!(key.trim(), "source" | "reported") {
                    continue;
                }
                let note = value.trim_end().trim_end_matches('"');
                let nl = source_note(Lang::Nl, note);
                if english.iter().any(|w| nl.contains(w)) {
                    missing.push(nl);
                }
            }
        }
        assert!(missing.is_empty(), "English in Dutch notes: {missing:#?}");
    }

    /// `calendar generate` in Dutch writes a file that reads back, with a Dutch header,
    /// Dutch notes and the same slots as the English file.
    #[test]
    fn generated_files_in_dutch_read_back_with_the_same_slots() {
        let cal = stroom::Calendars::embedded().unwrap();
        for body in ["cwizo", "rwizo", "mr", "tweede-kamer"] {
            let nl = stroom::calendar::generate_file_in(body, 2024, 2026, &cal, &DutchFileWords)
                .unwrap();
            let en = stroom::calendar::generate_file(body, 2024, 2026, &cal).unwrap();
            assert!(
                nl.starts_with("# Gemaakt met 'stroom calendar generate"),
                "{nl}"
            );
            for line in nl.lines() {
                assert!(
                    !line.contains("rule:") && !line.contains("Generated"),
                    "{line}"
                );
            }
            // The same keys and dates: only comments, notes and the title differ.
            let keys = |t: &str| -> Vec<String> {
                t.lines()
                    .filter(|l| !l.starts_with('#'))
                    .filter(|l| {
                        !["estimated", "source", "reported", "title"]
                            .iter()
                            .any(|k| l.starts_with(k))
                    })
                    .map(String::from)
                    .collect()
            };
            assert_eq!(keys(&nl), keys(&en), "{body}");
            stroom::calendar::parse_calendar_file(body, &nl).unwrap();
        }
    }
}
