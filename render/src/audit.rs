//! What the audit checks (verify, import, the anchor journal, signatures) found wrong, in
//! words: English is the engine's own text, Dutch is written here from the typed data.

use stroom::audit::{BadEvent, Broken};
use stroom::export::{ExportFix, ExportProblem};
use stroom::sign::BadKey;
use stroom::store::Divergence;

use crate::Lang;

/// Why a text is not a public key.
pub fn bad_key(lang: Lang, k: &BadKey) -> String {
    if lang == Lang::En {
        return k.to_string();
    }
    match k {
        BadKey::JsonDoesNotParse => "het lijkt JSON, maar is het niet".into(),
        BadKey::JsonWithoutKey => "JSON zonder veld \"public-key\"".into(),
        BadKey::NeitherHexNorBase64 { text } => {
            format!("'{text}' is geen 64 hexadecimale cijfers en geen base64")
        }
        BadKey::Length { bytes } => format!(
            "{bytes} bytes; een publieke ed25519-sleutel heeft er 32 (64 hexadecimale cijfers)"
        ),
        BadKey::NotEd25519 => "geen geldige publieke ed25519-sleutel".into(),
    }
}

/// What is wrong with an event of the trail.
pub fn broken(lang: Lang, b: &Broken) -> String {
    if lang == Lang::En {
        return b.to_string();
    }
    match b {
        Broken::UnknownSchema { schema } => format!("onbekend recordschema {schema}"),
        Broken::OtherStroom { stroom } => format!("hoort bij stukkenstroom '{stroom}'"),
        Broken::Missing { found } => {
            format!("ontbreekt: op die plaats staat gebeurtenis {found}")
        }
        Broken::Unlinked => {
            "sluit niet aan op de gebeurtenis ervoor (de vorige hash verschilt)".into()
        }
        Broken::Altered { hash, stored } => format!(
            "de inhoud is gewijzigd: de hash is {hash}, opgeslagen is {stored}"
        ),
        Broken::FirstNotCreation => "de eerste gebeurtenis is niet de registratie".into(),
        Broken::RouteNotFirst => {
            "ze draagt een route; alleen de eerste gebeurtenis van een stukkenstroom doet dat"
                .into()
        }
        Broken::RouteAltered => {
            "de opgeslagen route klopt niet met de hash van de route".into()
        }
        Broken::NotRecordable {
            on,
            route,
            rejection,
            ..
        } => {
            let why = crate::messages::messages(Lang::Nl).rejection(rejection);
            format!(
                "de toestandsmachine zou deze gebeurtenis (op {}) niet hebben vastgelegd op route {route}: {}",
                crate::lang::day(Lang::Nl, *on),
                why.message
            )
        }
        Broken::UnsignedButTrustGiven => {
            "ze is niet ondertekend, en --trust eist dat elke gebeurtenis is ondertekend met de vertrouwde sleutel".into()
        }
        Broken::SignatureRemoved { signed } => format!(
            "ze is niet ondertekend, terwijl gebeurtenis {signed} ervoor dat wel is: de handtekening is verwijderd"
        ),
        Broken::UntrustedKey {
            fingerprint,
            several,
        } => format!(
            "ze is ondertekend met sleutel {fingerprint}, niet met {}: opnieuw ondertekend, of afkomstig uit een andere database",
            if *several {
                "een van de vertrouwde sleutels"
            } else {
                "de vertrouwde sleutel"
            }
        ),
        Broken::SignatureKey { key } => {
            format!("de sleutel in de handtekening: {}", bad_key(lang, key))
        }
        Broken::SignatureNotHex => {
            "de handtekening is geen 64 bytes in hexadecimale cijfers".into()
        }
        Broken::SignatureFails => {
            "de handtekening klopt niet: de hash of de handtekening is gewijzigd".into()
        }
        Broken::Removed { last, head } => format!(
            "het spoor eindigt bij gebeurtenis {last}, maar de kop noemt {head}: er zijn gebeurtenissen verwijderd"
        ),
        Broken::HeadDiffers { head } => format!(
            "de laatste gebeurtenis klopt niet met de opgeslagen kop (gebeurtenis {head}): ze is buiten stroom herschreven of toegevoegd"
        ),
        Broken::Diverged { divergence } => match divergence {
            Divergence::NotInAnchor => "staat in de database maar niet in het ankerjournaal: ze is buiten stroom toegevoegd, of het ankerjournaal is afgekapt".into(),
            Divergence::Differs => "wijkt af van het ankerjournaal: ze is buiten stroom herschreven".into(),
            Divergence::AnchorAltered => "wijkt af van het ankerjournaal, waarvan de regel niet meer bij haar hash past: het ankerjournaal is buiten stroom gewijzigd (de database heeft het origineel)".into(),
        },
        Broken::Unreadable { corruption } => {
            let (message, _) = crate::messages::nl_errors::corruption(corruption);
            format!("een opgeslagen record is onleesbaar: {message}")
        }
    }
}

fn events_nl(n: u64) -> String {
    if n == 1 {
        "1 gebeurtenis".into()
    } else {
        format!("{n} gebeurtenissen")
    }
}

/// What is wrong with an export, in `lang`.
pub fn export_problem(lang: Lang, p: &ExportProblem) -> String {
    use ExportProblem as P;
    if lang == Lang::En {
        return p.to_string();
    }
    let parse = crate::messages::nl_errors::parse_detail;
    match p {
        P::Empty => "het bestand is leeg: een export heeft ten minste een kopregel en een slotregel; het is afgekapt, of het is geen export".into(),
        P::CutInFirstLine => "het bestand houdt op midden in de eerste regel, zonder de slotregel van de export: het is afgekapt".into(),
        P::RecordForHeader => "een record waar de kopregel van de export hoort: de eerste regel is verwijderd, of dit is een ankerjournaal of een export van een oudere stroom".into(),
        P::OtherFormat { found, reads } => format!("een export in formaat {found}: deze stroom leest formaat {reads}"),
        P::TrailerForHeader => "de slotregel staat waar de kopregel van de export hoort".into(),
        P::NotAHeader { detail } => format!("geen kopregel van een export: {}", parse(detail)),
        P::ListedTwice { stroom } => format!("de kopregel noemt stukkenstroom {stroom} twee keer"),
        P::ListedEmpty { stroom } => format!("de kopregel noemt stukkenstroom {stroom} zonder gebeurtenissen"),
        P::StroomMissing { stroom, events } => format!(
            "stukkenstroom {stroom} (in de kopregel, {}) ontbreekt: de regels zijn verwijderd",
            events_nl(*events)
        ),
        P::Counts { trailer_strooms, trailer_records, strooms, records } => format!(
            "de slotregel telt {trailer_strooms} stukkenstromen en {trailer_records} records; het bestand bevat er {strooms} en {records}"
        ),
        P::Digest => "de controlesom in de slotregel klopt niet met de regels ervoor: er is een regel gewijzigd".into(),
        P::AfterTrailer => "een regel na de slotregel: de slotregel moet de laatste regel van de export zijn".into(),
        P::CutInLine => "het bestand houdt op midden in deze regel, zonder de slotregel van de export: het is afgekapt".into(),
        P::SecondHeader => "een tweede kopregel: er zijn regels verdubbeld of verplaatst".into(),
        P::NotARecord { detail } => format!("geen record: {}", parse(detail)),
        P::NotListed { stroom, seq } => format!("gebeurtenis {seq} van stukkenstroom {stroom}, die de kopregel niet noemt"),
        P::OutOfOrder { stroom, seq, after } => format!(
            "gebeurtenis {seq} van stukkenstroom {stroom} na de records van stukkenstroom {after}: er zijn regels verdubbeld of verplaatst"
        ),
        P::WrongStroom { stroom, expected, events } => format!(
            "stukkenstroom {stroom} begint waar stukkenstroom {expected} (in de kopregel, {}) hoort: de regels zijn verwijderd of verplaatst",
            events_nl(*events)
        ),
        P::Again { stroom, seq, expected } => format!(
            "gebeurtenis {seq} van stukkenstroom {stroom} opnieuw, waar gebeurtenis {expected} hoort: er is een regel verdubbeld of verplaatst"
        ),
        P::Skipped { stroom, seq, expected } => format!(
            "gebeurtenis {seq} van stukkenstroom {stroom} waar gebeurtenis {expected} hoort: gebeurtenis {expected} ontbreekt (een regel is verwijderd of verplaatst)"
        ),
        P::BeyondHead { stroom, seq, events } => format!(
            "gebeurtenis {seq} van stukkenstroom {stroom}, die volgens de kopregel {} heeft",
            events_nl(*events)
        ),
        P::NotTheHead { stroom, hash, head } => format!(
            "de laatste gebeurtenis van stukkenstroom {stroom} heeft hash {hash}; volgens de kopregel is de laatste {head}"
        ),
        P::NoTrailer { line } => format!("het bestand houdt op na regel {line} zonder de slotregel van de export: het is afgekapt"),
        P::Short { stroom, read, events } => format!(
            "stukkenstroom {stroom} houdt op na gebeurtenis {read}; volgens de kopregel heeft hij er {}: er zijn regels verwijderd of verplaatst",
            events_nl(*events)
        ),
        P::Broken { bad } => format!(
            "gebeurtenis {} van stukkenstroom {}: {}",
            bad.seq,
            bad.stroom,
            broken(lang, &bad.broken)
        ),
    }
}

/// How to fix an export, in `lang`.
pub fn export_hint(lang: Lang, p: &ExportProblem) -> String {
    let fix = p.fix();
    if lang == Lang::En {
        return fix.text().into();
    }
    match fix {
        ExportFix::IntactCopy => "het bestand is ingekort of bewerkt nadat 'stroom export' het schreef: importeer een ongeschonden kopie van de export; er is niets geïmporteerd",
        ExportFix::CompleteOrAnchor => "importeer een volledig bestand van 'stroom export'; om een database uit haar anchor.jsonl op te bouwen, geef --anchor; er is niets geïmporteerd",
        ExportFix::ExportAgain => "exporteer opnieuw met de stroom die importeert; er is niets geïmporteerd",
        ExportFix::WrittenByExport => "importeer een bestand dat 'stroom export' schreef; er is niets geïmporteerd",
        ExportFix::OneRecordPerLine => "elke regel tussen kopregel en slotregel is één record zoals 'stroom export' het schreef; er is niets geïmporteerd",
    }
    .into()
}

/// `stroom 'X' event N: why` as one line, in `lang`.
pub fn bad_event(lang: Lang, b: &BadEvent) -> String {
    match lang {
        Lang::En => format!("stroom '{}' event {}: {}", b.stroom, b.seq, b.reason),
        Lang::Nl => format!(
            "stukkenstroom '{}', gebeurtenis {}: {}",
            b.stroom,
            b.seq,
            broken(lang, &b.broken)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_broken_link_in_dutch_without_english() {
        let cases = [
            Broken::UnknownSchema { schema: 9 },
            Broken::Missing { found: 4 },
            Broken::Unlinked,
            Broken::Altered {
                hash: "1772af2299eb".into(),
                stored: "da0a357110cf".into(),
            },
            Broken::UnsignedButTrustGiven,
            Broken::SignatureRemoved { signed: 2 },
            Broken::UntrustedKey {
                fingerprint: "ab12".into(),
                several: false,
            },
            Broken::SignatureKey {
                key: BadKey::Length { bytes: 3 },
            },
            Broken::Removed { last: 3, head: 5 },
            Broken::HeadDiffers { head: 5 },
            Broken::Diverged {
                divergence: Divergence::Differs,
            },
        ];
        for b in &cases {
            let t = broken(Lang::Nl, b);
            for english in [
                " the ", " is not ", " it ", "signed", "missing", "altered", "event ",
            ] {
                assert!(!t.contains(english), "{english:?} in {t:?}");
            }
            assert_eq!(broken(Lang::En, b), b.to_string());
        }
    }
}
