//! The rules of calendar files and schedules (`stroom::error::Check`) in words: English is
//! the engine's own text, Dutch is written here from the typed data, with dates as
//! planners write them ("vr 10 nov 2023").

use jiff::civil::Date;
use stroom::error::Check;

use crate::lang::{day, weekday_long};
use crate::Lang;

fn d(date: &Date) -> String {
    day(Lang::Nl, *date)
}

/// A day off in Dutch: the feestdag's name as the engine gives it, a weekend day written
/// out.
pub(crate) fn day_off_nl(meeting: &Date, day_off: &str) -> String {
    match day_off {
        "a Saturday" | "a Sunday" => format!("een {}", weekday_long(Lang::Nl, *meeting)),
        "a blokdag" => "een blokdag".into(),
        name => name.to_string(),
    }
}

fn kind_nl(kind: &str) -> &str {
    match kind {
        "recesses" => "recesses (recessen)",
        "cabinets" => "cabinets (kabinetten)",
        "blokdagen" => "blokdagen",
        other => other,
    }
}

/// The rule a value breaks and how to fix it, in `lang`.
pub fn check(lang: Lang, c: &Check) -> (String, String) {
    if lang == Lang::En {
        return (c.to_string(), c.hint());
    }
    let (message, hint): (String, String) = match c {
        Check::ProvenanceEmpty { key } => (
            format!("{key} is leeg"),
            "geef het adres van de bron, of de regel waarmee de datum is bepaald".into(),
        ),
        Check::ProvenanceTwice => (
            "een vermelding heeft meer dan één van source, reported en estimated".into(),
            "geef er precies één: source = \"officieel adres\", reported = \"secundaire bron\" of estimated = \"de gebruikte regel\"".into(),
        ),
        Check::ProvenanceMissing => (
            "een vermelding zegt niet waar ze vandaan komt of hoe ze is geschat".into(),
            "voeg source = \"bijvoorbeeld CWIZO-secretariaat, vergaderschema 2025\", reported = \"adres\" of estimated = \"regel\" toe".into(),
        ),
        Check::OutsideTables { date } => (
            format!("de datum {} valt buiten de jaren waarin stroom plant", d(date)),
            "stroom kent de werkdagen van 2000 tot en met 2100; controleer het jaartal".into(),
        ),
        Check::BoundaryOutsideTables { date } => (
            format!("de periodegrens {} valt buiten de jaren waarin stroom plant", d(date)),
            "gebruik voor `from`, `to`, `valid-from` en `valid-until` data van 2000 tot en met 2100".into(),
        ),
        Check::ValidityReversed { from, until } => (
            format!("valid-until {} ligt vóór valid-from {}", d(until), d(from)),
            "verwissel ze".into(),
        ),
        Check::Misplaced {
            table,
            kind,
            belongs,
        } => (
            format!("dit bestand heeft [[{table}]]-tabellen, maar kind = \"{kind}\""),
            format!(
                "[[{table}]] hoort in een bestand met kind {}",
                belongs.replace(" or ", " of ")
            ),
        ),
        Check::RecessReversed { name, from, to } => (
            format!(
                "reces '{name}' eindigt op {}, vóór het begint op {}",
                d(to),
                d(from)
            ),
            "verwissel `from` en `to`".into(),
        ),
        Check::InstalledBeforeElection { election } => (
            format!(
                "de nieuwe Kamer wordt geïnstalleerd vóór de verkiezingen van {}",
                d(election)
            ),
            "installed is de dag waarop de nieuwe Kamer wordt beëdigd, na de verkiezingen".into(),
        ),
        Check::CabinetReversed { name } => (
            format!("kabinet '{name}' eindigt voordat het begint"),
            "until is de dag waarop het volgende kabinet werd beëdigd".into(),
        ),
        Check::NoSlots { body } => (
            format!("de kalender van '{body}' heeft geen vergaderingen"),
            "voeg [[slot]]-tabellen toe met meeting, deadline en source".into(),
        ),
        Check::ExtraAndCancelled { meeting } => (
            format!(
                "de vergadering van {} is zowel extra als vervallen",
                d(meeting)
            ),
            "verwijder de regel, of houd één van extra en cancelled".into(),
        ),
        Check::CancelledWithoutReason { meeting } => (
            format!(
                "bij de vervallen vergadering van {} staat geen reden",
                d(meeting)
            ),
            "voeg reason = \"waarom zij niet doorgaat\" toe".into(),
        ),
        Check::ReasonNotCancelled { meeting } => (
            format!(
                "de vergadering van {} heeft een reden, maar vervalt niet",
                d(meeting)
            ),
            "reason hoort bij cancelled = true; haal hem weg of laat de vergadering vervallen"
                .into(),
        ),
        Check::NoDeadline { meeting } => (
            format!("de vergadering van {} heeft geen deadline", d(meeting)),
            "voeg deadline = JJJJ-MM-DD toe, de aanleverdeadline van de vergadering".into(),
        ),
        Check::OnDayOff {
            meeting,
            day_off,
            schedule,
        } => (
            format!(
                "de vergadering van {} valt op {}, geen werkdag",
                d(meeting),
                day_off_nl(meeting, day_off)
            ),
            if *schedule {
                "controleer de datum in het schema; een eenmalige vergadering op een vrije dag hoort in een eigen kalenderbestand met extra = true"
            } else {
                "controleer de datum; een eenmalige vergadering op een vrije dag krijgt extra = true"
            }
            .into(),
        ),
        Check::MrNotFriday { meeting, schedule } => (
            format!(
                "de ministerraad van {} valt op een {}, niet op vrijdag",
                d(meeting),
                weekday_long(Lang::Nl, *meeting)
            ),
            if *schedule {
                "importeer de gewone vrijdagen; zet een extra MR met extra = true in een eigen kalenderbestand"
            } else {
                "controleer de datum; een extra of verplaatste MR krijgt extra = true (en een verplaatste laat zijn vrijdag vervallen)"
            }
            .into(),
        ),
        Check::DeadlineAfterMeeting {
            deadline,
            meeting,
            schedule,
        } => (
            format!(
                "de aanleverdeadline {} ligt na de vergadering van {}",
                d(deadline),
                d(meeting)
            ),
            if *schedule {
                "de aanleverdeadline ligt op of vóór de vergaderdatum; controleer de kolommen"
            } else {
                "de aanleverdeadline ligt op of vóór de vergaderdatum"
            }
            .into(),
        ),
        Check::NamesMr {
            meeting,
            body,
            schedule,
        } => (
            format!(
                "de {body}-vergadering van {} noemt een MR",
                d(meeting)
            ),
            if *schedule {
                "alleen het schema van een voorportaal noemt de MR waar elke vergadering op uitkomt; laat die kolommen leeg"
            } else {
                "alleen vergaderingen van een voorportaal noemen de MR waar ze op uitkomen (mr, mr-with-onderraad)"
            }
            .into(),
        ),
        Check::MrNotAfter {
            key,
            mr,
            meeting,
            schedule,
        } => (
            if *schedule {
                format!(
                    "de MR van {} ligt niet na de vergadering van {}",
                    d(mr),
                    d(meeting)
                )
            } else {
                format!(
                    "{key} {} ligt niet na de vergadering van {}",
                    d(mr),
                    d(meeting)
                )
            },
            if *schedule {
                "de MR waar een voorportaal op uitkomt ligt erna; controleer de kolommen"
            } else {
                "de MR waar een voorportaalvergadering op uitkomt ligt na die vergadering"
            }
            .into(),
        ),
        Check::MrUnknown { mr, meeting } => (
            format!(
                "de MR van {} die de vergadering van {} noemt, staat niet in de MR-kalender",
                d(mr),
                d(meeting)
            ),
            "controleer de datum; een extra of verplaatste MR hoort in een kalenderbestand van body mr met extra = true".into(),
        ),
        Check::TwoSlots { meeting } => (
            format!("er staan twee vergaderingen op {}", d(meeting)),
            "noem elke vergadering één keer".into(),
        ),
        Check::ListedTwice { meeting } => (
            format!("de vergadering van {} staat er twee keer in", d(meeting)),
            "haal de dubbele regel uit het schema".into(),
        ),
        Check::DeadlinesShrink {
            deadline,
            meeting,
            before_deadline,
            before_meeting,
            schedule,
        } => (
            format!(
                "de deadline {} van de vergadering van {} ligt vóór de deadline {} van de vergadering ervoor ({})",
                d(deadline),
                d(meeting),
                d(before_deadline),
                d(before_meeting)
            ),
            if *schedule {
                "deadlines lopen op met de vergaderingen; controleer beide rijen"
            } else {
                "deadlines lopen op met de vergaderingen; controleer beide data"
            }
            .into(),
        ),
        Check::CancelledTwice { meeting } => (
            format!(
                "de vergadering van {} vervalt er twee keer",
                d(meeting)
            ),
            "noem elke vervallen vergadering één keer".into(),
        ),
        Check::ListedAndCancelled { meeting } => (
            format!(
                "de vergadering van {} staat erin en vervalt ook",
                d(meeting)
            ),
            "houd één van de twee regels".into(),
        ),
        Check::OutsidePeriod { meeting, from, to } => (
            format!(
                "de vergadering van {} valt buiten de periode van het bestand ({} tot en met {})",
                d(meeting),
                d(from),
                d(to)
            ),
            "verruim `from` en `to`, of haal de vergadering weg".into(),
        ),
        Check::KindDiffers { body, known, file } => (
            format!(
                "'{body}' is een {} en dit bestand zegt {}",
                kind_nl(known),
                kind_nl(file)
            ),
            "geef het bestand dezelfde kind als de meegeleverde kalender van dit gremium".into(),
        ),
        Check::EmbeddedBlokdagen { name } => (
            format!("de meegeleverde kalender {name} bevat blokdagen"),
            "meegeleverde kalenders bevatten gremia, recessen of kabinetten".into(),
        ),
        Check::EmbeddedMisnamed { name, holds, says } => (
            format!("de meegeleverde kalender {name} bevat {holds}, zijn naam zegt {says}"),
            "noem het bestand van een gremium naar het gremium".into(),
        ),
        Check::NoMeetings => (
            "het bestand bevat geen vergaderingen".into(),
            "exporteer de vergaderreeks (.ics) of het schema (.csv met een kolom voor de vergadering)".into(),
        ),
    };
    (message, hint)
}
