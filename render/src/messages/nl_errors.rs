//! Dutch errors and rejections: the same cases as `en_errors.rs`, one for one, written as a
//! planner at a ministry would say them, with dates as "vr 10 nov 2023". Commands and flags
//! stay as they are typed (`approve`, `--version`); the action is named in Dutch beside it.

use jiff::civil::Date;
use stroom::error::{Corruption, StoredValue, Thing};
use stroom::input::{DateField, TextField};
use stroom::machine::{CommandKind, Refusal};
use stroom::planner::Step;
use stroom::store::{DiskWait, Divergence, NotADatabase};
use stroom::{
    BadInput, CalendarError, DataError, DataProblem, Error, FileKind, PlanError, Rejection,
    RouteKind, StoreError,
};

use super::Diagnostic;
use crate::cli::{io_problem, IoProblem};
use crate::lang::{day, Lang};

fn diag(message: impl Into<String>, hints: Vec<String>) -> Diagnostic {
    Diagnostic {
        message: message.into(),
        hints,
    }
}

/// `vr 10 nov 2023`.
fn d(date: &Date) -> String {
    day(Lang::Nl, *date)
}

fn list<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The action in Dutch with the command as it is typed: `akkoord geven (approve)`.
pub fn action(c: CommandKind) -> String {
    let dutch = match c {
        CommandKind::Submit => "voorleggen",
        CommandKind::Approve => "akkoord geven",
        CommandKind::Return => "retourneren",
        CommandKind::Deliver => "aanleveren",
        CommandKind::Voorportaal => "de uitkomst van het voorportaal vastleggen",
        CommandKind::NeedsOnderraad => "vastleggen of een onderraad nodig is",
        CommandKind::Onderraad => "de uitkomst van de onderraad vastleggen",
        CommandKind::Ministerraad => "het besluit van de MR vastleggen",
        CommandKind::Sign => "ondertekenen",
        CommandKind::Send => "verzenden",
        CommandKind::Withdraw => "intrekken",
    };
    format!("{dutch} ({})", c.verb())
}

fn field(f: TextField) -> &'static str {
    match f {
        TextField::Actor => "de naam van wie vastlegt (actor)",
        TextField::Title => "de titel",
        TextField::Directie => "de directie",
        TextField::Kamerbrief => "de titel van een Kamerbrief of bijlage",
        TextField::Comment => "de toelichting",
    }
}

/// Any engine error.
pub fn error(e: &Error) -> Diagnostic {
    match e {
        Error::Calendar(c) => calendar(c),
        Error::Data(d) => data(d),
        Error::Rejected(r) => rejection(r),
        Error::Store(s) => store(s),
        Error::Plan(p) => plan(p),
        Error::Input(b) => bad_input(b),
        Error::Tampered { bad, found } => {
            let why = crate::audit::broken(Lang::Nl, &bad.broken);
            let (message, hint) = match found {
                stroom::error::Found::Stored => (
                    format!(
                        "stukkenstroom '{}' doorstaat de controle niet bij gebeurtenis {}: {why}",
                        bad.stroom, bad.seq
                    ),
                    "voer 'stroom verify' uit en herstel de database uit een export ('stroom import')",
                ),
                stroom::error::Found::Import => (
                    format!(
                        "de import doorstaat de controle niet: stukkenstroom '{}', gebeurtenis {}: {why}",
                        bad.stroom, bad.seq
                    ),
                    "het bestand is gewijzigd of onvolledig; er is niets geïmporteerd",
                ),
                stroom::error::Found::ImportReplay => (
                    format!(
                        "de import doorstaat de controle niet: stukkenstroom '{}', gebeurtenis {}: {why}",
                        bad.stroom, bad.seq
                    ),
                    "de export bevat een verloop dat stroom nooit zou hebben vastgelegd; importeer een ongeschonden export; er is niets geïmporteerd",
                ),
            };
            diag(message, vec![hint.into()])
        }
        Error::NotFound { what, name, known } => match what {
            Thing::Stroom => diag(
                format!("stukkenstroom '{name}' bestaat niet"),
                vec![if known.is_empty() {
                    "de database bevat nog geen stukkenstromen: registreer er een met 'stroom new'"
                        .into()
                } else {
                    format!("vastgelegde stukkenstromen: {}", list(known))
                }],
            ),
            Thing::Route => diag(
                format!("route '{name}' bestaat niet"),
                vec![format!(
                    "bekende routes: {}; voeg een eigen route toe met --routes BESTAND",
                    list(known)
                )],
            ),
            Thing::CalendarRule => diag(
                format!("er is geen rekenregel voor de kalender van '{name}'"),
                vec![format!(
                    "stroom kan de kalenders van {} maken; schrijf de vergaderingen van andere gremia zelf uit of importeer ze",
                    list(known)
                )],
            ),
        },
    }
}

/// The Dutch sentence of a refusal, without hints.
fn refusal(r: &Rejection) -> String {
    let act = action(r.command);
    match &r.reason {
        Refusal::NotAllowed { .. } => format!(
            "{act} kan nu niet: de stukkenstroom is in de fase '{}' (versie {})",
            r.state, r.version
        ),
        Refusal::BeforeStep { on, since } => format!(
            "{act} kan niet: de datum {} ligt vóór het begin van deze stap op {}",
            d(on),
            d(since)
        ),
        Refusal::NotABewindspersoon { role, stroom, .. } => {
            format!("'{role}' is geen bewindspersoon van stukkenstroom {stroom}")
        }
        Refusal::OldVersion { given, current, .. } => format!(
            "{act} kan niet: versie {given} is niet de huidige versie {current}; {} een oudere versie tellen niet mee",
            match r.command {
                CommandKind::Sign => "handtekeningen onder",
                CommandKind::Return => "retouren van",
                _ => "akkoorden op",
            }
        ),
        Refusal::AlreadyAgreed { role } => {
            if r.command == CommandKind::Sign {
                format!("{act} kan niet: {role} heeft versie {} al ondertekend", r.version)
            } else {
                format!("{act} kan niet: {role} gaf al akkoord op versie {}", r.version)
            }
        }
        Refusal::SlotBeforeDelivery { slot, on } => format!(
            "{act} kan niet: de voorportaalvergadering van {} ligt vóór de aanlevering op {}",
            d(slot),
            d(on)
        ),
        Refusal::RouteHasNoOnderraad { route } => {
            format!("{act} kan niet: route '{route}' kent geen onderraad")
        }
        Refusal::OnderraadAlreadyDecided { needed } => format!(
            "{act} kan niet: er is al vastgelegd dat een onderraad {}",
            if *needed { "nodig is" } else { "niet nodig is" }
        ),
    }
}

/// A command the state machine refuses.
pub fn rejection(r: &Rejection) -> Diagnostic {
    let mut hints = Vec::new();
    match &r.reason {
        Refusal::NotAllowed { instead } => match instead {
            Some(CommandKind::Sign) => hints.push(
                "op de ondertekeningsroute ondertekenen de bewindspersonen: gebruik 'sign'".into(),
            ),
            Some(other) => hints.push(format!(
                "op de ministerraadroute geven de bewindspersonen akkoord: gebruik '{other}'"
            )),
            None => {}
        },
        Refusal::BeforeStep { since, .. } => {
            hints.push(format!("leg vast wat er op of na {} gebeurde", d(since)));
        }
        Refusal::NotABewindspersoon { known, .. } => {
            hints.push(format!("de bewindspersonen zijn {}", list(known)));
        }
        Refusal::OldVersion { role, current, .. } => hints.push(format!(
            "leg het vast voor {role} en de huidige versie: --version {current}"
        )),
        Refusal::AlreadyAgreed { .. } => hints.push(if r.command == CommandKind::Sign {
            "een handtekening telt één keer; leg de handtekeningen van de anderen vast".into()
        } else {
            "een akkoord telt één keer; leg de akkoorden van de andere bewindspersonen vast".into()
        }),
        Refusal::SlotBeforeDelivery { .. } => hints.push(
            "geef met --slot de vergaderdatum van het voorportaal waarvoor u aanlevert, op of na de dag van aanleveren"
                .into(),
        ),
        Refusal::RouteHasNoOnderraad { .. } => hints.push(
            "kies een route met een onderraad, of voeg er een toe in het routebestand".into(),
        ),
        Refusal::OnderraadAlreadyDecided { .. } => {}
    }
    let allowed = if r.allowed.is_empty() {
        "niets meer (de stukkenstroom is afgerond)".to_string()
    } else {
        list(&r.allowed)
    };
    hints.push(format!("nu mogelijk in de fase '{}': {allowed}", r.state));
    diag(refusal(r), hints)
}

fn date_field(f: DateField) -> &'static str {
    match f {
        DateField::On => "de datum",
        DateField::Target => "de streefdatum",
    }
}

/// The sentence and hint of a bad input.
pub fn bad_input(b: &BadInput) -> Diagnostic {
    let (message, hint): (String, String) = match b {
        BadInput::BeforeEarliest { field: f, date } => (
            format!("{} {} ligt vóór {}", date_field(*f), d(date), d(&stroom::input::EARLIEST)),
            "stroom legt gebeurtenissen vast vanaf 1 januari 2000; controleer het jaartal".into(),
        ),
        BadInput::AfterToday { field: f, date, today } => (
            format!("{} {} ligt na vandaag ({})", date_field(*f), d(date), d(today)),
            "leg alleen vast wat vandaag of eerder gebeurde".into(),
        ),
        BadInput::BeforeCreation {
            reference,
            date,
            created,
        } => (
            format!(
                "de datum {} ligt vóór de registratie van stukkenstroom {reference} op {}",
                d(date),
                d(created)
            ),
            format!("leg vast wat er op of na {} gebeurde", d(created)),
        ),
        BadInput::BeforePrevious {
            reference,
            date,
            seq,
            previous,
        } => (
            format!(
                "de datum {} ligt vóór gebeurtenis {seq} van stukkenstroom {reference}, vastgelegd op {}",
                d(date),
                d(previous)
            ),
            format!(
                "het dossier loopt op datumvolgorde: leg vast wat er op of na {} gebeurde",
                d(previous)
            ),
        ),
        BadInput::TargetBeforeCreation { target, on } => (
            format!(
                "de streefdatum {} ligt vóór de registratie van de stukkenstroom op {}",
                d(target),
                d(on)
            ),
            "een streefdatum ligt op of na de dag waarop de stukkenstroom wordt geregistreerd"
                .into(),
        ),
        BadInput::NotAMeeting {
            slot,
            body,
            before,
            after,
        } => {
            let b = crate::labels::body(body);
            let nearest = match (before, after) {
                (Some(x), Some(y)) => {
                    format!(": de dichtstbijzijnde vergaderingen zijn {} en {}", d(x), d(y))
                }
                (Some(x), None) => format!(": de laatst bekende vergadering is {}", d(x)),
                (None, Some(y)) => format!(": de eerst bekende vergadering is {}", d(y)),
                (None, None) => String::new(),
            };
            (
                format!("{} is geen vergadering van de {b}{nearest}", d(slot)),
                format!(
                    "lever aan voor een vergaderdatum uit de {b}-kalender ('stroom calendar show {body}'), of voeg de vergadering toe met een kalenderbestand"
                ),
            )
        }
        BadInput::NotABewindspersoon {
            role,
            reference,
            known,
        } => (
            format!("'{role}' is geen bewindspersoon van stukkenstroom {reference}"),
            format!("de bewindspersonen zijn {}", list(known)),
        ),
        BadInput::ControlCharacter {
            field: f,
            value,
            character,
            position,
        } => (
            format!(
                "{} bevat een stuurteken ({}) op teken {position}: {}",
                field(*f),
                stroom::input::char_name(*character)
                    .replace("line feed", "regelovergang")
                    .replace("carriage return", "regelterugloop")
                    .replace("null", "nul"),
                stroom::input::quoted(value)
            ),
            "schrijf het op één regel, zonder tabs of escapecodes".into(),
        ),
        BadInput::TooLong {
            field: f,
            length,
            max,
        } => (
            format!(
                "{} is {length} tekens lang; er worden er hoogstens {max} bewaard",
                field(*f)
            ),
            "maak het korter; lange teksten horen in de stukken zelf".into(),
        ),
        BadInput::Empty { field: f } => (
            format!("{} is leeg", field(*f)),
            match f {
                TextField::Comment => {
                    "een retour legt vast waarom: geef de opmerkingen mee als toelichting"
                }
                TextField::Actor => "geef aan wie vastlegt, bijvoorbeeld een gebruikersnaam",
                TextField::Title => {
                    "geef de stukkenstroom een titel, bijvoorbeeld 'Kamerbrief LLO'"
                }
                TextField::Directie | TextField::Kamerbrief => "geef het een naam",
            }
            .into(),
        ),
        BadInput::NotARoleCode { text } => (
            format!("'{text}' is geen rolcode"),
            "een rol is een post in hoofdletters, 2 tot 12 tekens, bijvoorbeeld MOCW, MPVO, MSZW, MEZK"
                .into(),
        ),
        BadInput::NotAReference { text } => (
            format!("'{text}' is geen geldig kenmerk voor een stukkenstroom"),
            "gebruik letters, cijfers, '.', '_' of '-' (niet alleen punten), hoogstens 64 tekens, bijvoorbeeld 41077000"
                .into(),
        ),
        BadInput::ListedTwice { role } => (
            format!("bewindspersoon '{role}' staat er twee keer in"),
            "noem elke rol één keer: de eerste ondertekenaar is niet ook mede-ondertekenaar".into(),
        ),
        BadInput::CorrectionWithoutReason { stroom, event } => (
            format!("een correctie van gebeurtenis {event} van stukkenstroom {stroom} heeft een reden nodig"),
            "zeg waarom met --reason, bijvoorbeeld --reason 'datum verkeerd overgenomen'".into(),
        ),
        BadInput::NoSuchEvent {
            stroom,
            event,
            last,
        } => (
            format!("stukkenstroom {stroom} heeft geen gebeurtenis {event}"),
            format!("de gebeurtenissen lopen van 1 tot en met {last}: zie 'stroom log {stroom}'"),
        ),
        BadInput::CorrectsRegistration { stroom, event } => (
            format!("gebeurtenis {event} van stukkenstroom {stroom} is de registratie, en die kan niet worden gecorrigeerd"),
            "trek de stukkenstroom in ('stroom withdraw') en registreer hem opnieuw".into(),
        ),
        BadInput::CorrectsCorrection {
            stroom,
            event,
            corrected,
        } => (
            format!("gebeurtenis {event} van stukkenstroom {stroom} is zelf een correctie"),
            format!("corrigeer in plaats daarvan gebeurtenis {corrected} opnieuw: de laatste correctie telt"),
        ),
        BadInput::CorrectionForAnotherRole {
            stroom,
            event,
            role,
        } => (
            format!("gebeurtenis {event} van stukkenstroom {stroom} is vastgelegd voor {role}: de correctie moet dat ook zijn"),
            format!("voeg --role {role} toe"),
        ),
        BadInput::CorrectionWithRole {
            stroom,
            event,
            role,
        } => (
            format!("gebeurtenis {event} van stukkenstroom {stroom} is zonder rol vastgelegd: de correctie kan niet voor {role} worden vastgelegd"),
            "laat --role weg".into(),
        ),
        BadInput::CorrectionBreaksRule {
            stroom,
            command,
            on,
            rejection: r,
        } => (
            format!(
                "met deze correctie breekt het dossier van stukkenstroom {stroom} een regel bij {} op {}: {}",
                command.map_or("een gebeurtenis".to_string(), action),
                d(on),
                refusal(r)
            ),
            "corrigeer of schrap de gebeurtenissen in een volgorde die het dossier geldig houdt (zie 'stroom log')"
                .into(),
        ),
    };
    diag(message, vec![hint])
}

/// A date question the calendars cannot answer.
pub fn calendar(c: &CalendarError) -> Diagnostic {
    let (message, hint): (String, String) = match c {
        CalendarError::WerkdagRange { date, from, to } => (
            format!(
                "de datum {} ligt buiten de werkdagtabellen ({} tot en met {})",
                d(date),
                d(from),
                d(to)
            ),
            format!(
                "stroom kent de feestdagen van {} tot en met {}; plan binnen die jaren",
                from.year(),
                to.year()
            ),
        ),
        CalendarError::NoSlotAfter {
            body,
            date,
            from,
            to,
        } => {
            let b = crate::labels::body(body);
            (
                format!(
                    "geen {b}-vergadering bekend op of na {}: de {b}-kalender loopt van {} tot en met {}",
                    d(date),
                    d(from),
                    d(to)
                ),
                format!("voeg de {b}-vergaderingen van deze periode toe met een kalenderbestand (--calendar BESTAND; zie 'stroom calendar check')"),
            )
        }
        CalendarError::NoSlotBefore {
            body,
            date,
            from,
            to,
        } => {
            let b = crate::labels::body(body);
            if date > to {
                (
                    format!(
                        "geen {b}-vergadering bekend tot en met {}: de {b}-kalender loopt van {} tot en met {}, latere vergaderingen zijn onbekend",
                        d(date),
                        d(from),
                        d(to)
                    ),
                    format!("de streefdatum ligt na het einde van deze kalender; voeg de latere {b}-vergaderingen toe met een kalenderbestand (--calendar BESTAND)"),
                )
            } else {
                (
                    format!(
                        "geen {b}-vergadering op of vóór {}: de {b}-kalender loopt van {} tot en met {}",
                        d(date),
                        d(from),
                        d(to)
                    ),
                    "de streefdatum ligt te vroeg voor deze kalender, of voeg vergaderingen toe met een kalenderbestand (--calendar BESTAND)".into(),
                )
            }
        }
        CalendarError::WerkdagResultRange { date, n, from, to } => (
            format!(
                "{n} werkdagen vanaf {} vallen buiten de werkdagtabellen ({} tot en met {})",
                d(date),
                d(from),
                d(to)
            ),
            format!(
                "stroom kent de feestdagen van {} tot en met {}; tel minder werkdagen",
                from.year(),
                to.year()
            ),
        ),
        CalendarError::UnknownBody { body, known } => (
            format!("er is geen kalender voor '{body}'"),
            format!("bekende gremia: {known}"),
        ),
        CalendarError::YearOutOfRange { year, from, to } => (
            format!("het jaar {year} valt buiten de werkdagtabellen ({from} tot en met {to})"),
            format!("kies een jaar van {from} tot en met {to}, de jaren waarvan stroom de feestdagen kent"),
        ),
        CalendarError::YearsReversed { from, to } => (
            format!("het eerste jaar {from} komt na het laatste jaar {to}"),
            "geef bij --from een jaar dat op of vóór --to ligt".into(),
        ),
        CalendarError::NotADeadline { text } => (
            format!("'{text}' is geen datum en geen bekende termijn"),
            "schrijf JJJJ-MM-DD, voor-de-zomer-JJJJ, prinsjesdag-JJJJ, kamervragen-JJJJ-MM-DD of kamervragen-uitstel-JJJJ-MM-DD".into(),
        ),
        CalendarError::NoZomerreces { year } => (
            format!("er is geen zomerreces bekend voor {year}"),
            "voeg de recessen van de Tweede Kamer voor dat jaar toe met een kalenderbestand (kind = \"recesses\")".into(),
        ),
    };
    diag(message, vec![hint])
}

/// What a file of this kind holds.
fn file_hint(file: FileKind) -> &'static str {
    match file {
        FileKind::Stroom => "een stukkenstroombestand heeft reference, title, route, directie, eerste-ondertekenaar, mede-ondertekenaars, [[kamerbrieven]] en eventueel [target]; zie examples/",
        FileKind::Route => "een routebestand heeft name, title en voor route A voorportaal, ministerraad en eventueel onderraad; zie 'stroom routes show ministerraad'",
        FileKind::Calendar => "een kalenderbestand heeft body, kind (voorportaal, onderraad, ministerraad, recesses, blokdagen of cabinets) en [[slot]]-tabellen met meeting, deadline en source, reported of estimated",
        FileKind::Scenario => "een scenariobestand heeft [[scenario]]-tabellen met name en een of meer van delay = { stap = N }, role-delay = { ROL = N }, approval-on = { ROL = DATUM }, onderraad = BOOL, voorportaal-return = N, mr-holds = N, send-after = K",
        FileKind::Activities => "download de activiteiten als JSON van gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Activiteit (een object met een value-lijst van activiteiten met Id, Soort, Onderwerp, Datum, Status)",
    }
}

/// The parser's words in Dutch (TOML, serde and serde_json), for the forms they use; the
/// parser's own words are kept, marked as English, only where none of these fits.
pub fn parse_detail(detail: &str) -> String {
    // serde_json names the place at the end ("… at line 1 column 2"); the message names it
    // before the colon already.
    let detail = match detail.rsplit_once(" at line ") {
        Some((words, place))
            if place
                .split_once(" column ")
                .is_some_and(|(l, c)| l.parse::<u64>().is_ok() && c.parse::<u64>().is_ok()) =>
        {
            words
        }
        _ => detail,
    };
    if let Some(rest) = detail.strip_prefix("unknown field ") {
        return match rest.split_once(", expected one of ") {
            Some((name, known)) => format!(
                "onbekend veld {name}; mogelijk zijn {}",
                known.replace("` or `", "` of `")
            ),
            None => match rest.split_once(", expected ") {
                Some((name, known)) if known.contains("` or `") => format!(
                    "onbekend veld {name}; mogelijk zijn {}",
                    known.replace("` or `", "` of `")
                ),
                Some((name, known)) => format!("onbekend veld {name}; mogelijk is {known}"),
                None => format!("onbekend veld {rest}"),
            },
        };
    }
    if let Some(rest) = detail.strip_prefix("unknown variant ") {
        return match rest.split_once(", expected one of ") {
            Some((name, known)) => format!(
                "onbekende waarde {name}; mogelijk zijn {}",
                known.replace("` or `", "` of `")
            ),
            None => match rest.split_once(", expected ") {
                Some((name, known)) => format!(
                    "onbekende waarde {name}; mogelijk is {}",
                    known.replace("` or `", "` of `")
                ),
                None => format!("onbekende waarde {rest}"),
            },
        };
    }
    if let Some(name) = detail.strip_prefix("missing field ") {
        return format!("het veld {name} ontbreekt");
    }
    if let Some(name) = detail.strip_prefix("duplicate field ") {
        return format!("het veld {name} staat er twee keer");
    }
    if let Some(rest) = detail.strip_prefix("invalid type: ") {
        return format!("verkeerd soort waarde: {}", found_expected(rest));
    }
    if let Some(rest) = detail.strip_prefix("invalid value: ") {
        return format!("ongeldige waarde: {}", found_expected(rest));
    }
    if let Some(rest) = detail.strip_prefix("invalid length ") {
        return format!("verkeerd aantal: {}", found_expected(rest));
    }
    if let Some((text, _)) = detail.split_once(" is not a date: write it as YYYY-MM-DD") {
        return format!("{text} is geen datum: schrijf JJJJ-MM-DD, bijvoorbeeld 2023-10-03");
    }
    // serde_json's words for text that is no JSON at all (before TOML's `expected …`).
    let json_expected = detail.strip_prefix("expected ").is_some_and(|rest| {
        matches!(rest, "value" | "ident" | "`:`" | "`\"`") || rest.contains("` or `")
    });
    if json_expected
        || detail.starts_with("EOF while parsing")
        || matches!(
            detail,
            "trailing characters"
                | "key must be a string"
                | "invalid escape"
                | "invalid number"
                | "number out of range"
                | "recursion limit exceeded"
                | "invalid unicode code point"
        )
        || detail.starts_with("control character")
        || detail.starts_with("lone leading surrogate")
    {
        return "het bestand is hier niet te lezen: dit is geen JSON van stroom".into();
    }
    // TOML: "what: why", e.g. "invalid table header: expected `.`, `]`".
    if let Some((what, why)) = detail.split_once(": ") {
        if let (Some(what), Some(why)) = (toml_phrase(what), toml_phrase(why)) {
            return format!("{what}: {why}");
        }
    }
    if let Some(phrase) = toml_phrase(detail) {
        return phrase;
    }
    match detail {
        stroom::error::MISSING_VALUE => "hier ontbreekt een waarde of klopt ze niet: schrijf tekst tussen aanhalingstekens, een getal, true/false of een datum zoals 2023-10-03".into(),
        d => format!("het bestand is hier niet te lezen (de lezer meldt, in het Engels: \"{d}\")"),
    }
}

/// `integer `5`, expected a string` in Dutch: what was found, what is expected.
fn found_expected(rest: &str) -> String {
    let words = |t: &str| -> String {
        let t = t.trim();
        match t {
            "a string" | "string" => "tekst".into(),
            "a boolean" => "true of false".into(),
            "a sequence" => "een lijst".into(),
            "a map" => "een tabel".into(),
            "a date" => "een datum".into(),
            "a character" => "één teken".into(),
            "u8" => "een geheel getal van 0 tot en met 255".into(),
            "u16" => "een geheel getal van 0 tot en met 65535".into(),
            "u32" | "u64" | "usize" => "een geheel getal van 0 of meer".into(),
            "i8" | "i16" | "i32" | "i64" | "isize" | "an integer" => "een geheel getal".into(),
            "f32" | "f64" | "a number" => "een getal".into(),
            t if t.starts_with("struct ") || t.starts_with("a table") => "een tabel".into(),
            t if t.starts_with("tuple of ") || t.starts_with("a sequence of ") => {
                "een lijst".into()
            }
            t => t
                .replacen("integer ", "geheel getal ", 1)
                .replacen("string ", "tekst ", 1)
                .replacen("boolean ", "waarheidswaarde ", 1)
                .replacen("floating point ", "getal ", 1)
                .replacen("sequence", "lijst", 1)
                .replacen("map", "tabel", 1),
        }
    };
    match rest.split_once(", expected ") {
        Some((found, expected)) => format!("{}, verwacht {}", words(found), words(expected)),
        None => words(rest),
    }
}

/// The TOML reader's short phrases in Dutch.
fn toml_phrase(p: &str) -> Option<String> {
    let p = p.trim();
    if let Some(list) = p.strip_prefix("expected ") {
        // `expected newline, `#``: the tokens that may follow here.
        let tokens: Vec<String> = list
            .split(", ")
            .map(|t| match t {
                "newline" => "een nieuwe regel".to_string(),
                "end of input" => "het einde".to_string(),
                t => t.to_string(),
            })
            .collect();
        if tokens
            .iter()
            .any(|t| t.contains(' ') && !t.starts_with("een ") && !t.starts_with("het "))
        {
            return None;
        }
        let joined = match tokens.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} of {last}", rest.join(", ")),
            None => return None,
        };
        return Some(format!("hier wordt {joined} verwacht"));
    }
    if let Some(rest) = p.strip_prefix("duplicate key ") {
        return Some(match rest.split_once(" in ") {
            Some((key, "document root")) => format!("de sleutel {key} staat er twee keer"),
            Some((key, table)) => format!(
                "de sleutel {key} staat twee keer in {}",
                table.replacen("table ", "de tabel ", 1)
            ),
            None => format!("de sleutel {rest} staat er twee keer"),
        });
    }
    Some(
        match p {
            "invalid key" => {
                "ongeldige sleutel: een regel begint met een naam, bijvoorbeeld title = \"...\""
            }
            "invalid basic string" => "tekst tussen aanhalingstekens is niet afgesloten",
            "invalid multiline basic string" => {
                "tekst tussen drie aanhalingstekens is niet afgesloten"
            }
            "invalid literal string" => "tekst tussen enkele aanhalingstekens is niet afgesloten",
            "invalid multiline literal string" => {
                "tekst tussen drie enkele aanhalingstekens is niet afgesloten"
            }
            "invalid string" => "ongeldige tekst",
            "invalid table header" => "ongeldige tabelkop",
            "invalid array" => "ongeldige lijst",
            "invalid inline table" => "ongeldige inline-tabel",
            "invalid escape sequence" => "ongeldige escape (\\) in een tekst",
            "invalid unicode 4-digit hex code" | "invalid unicode 8-digit hex code" => {
                "ongeldige unicode-code (\\u) in een tekst"
            }
            "invalid integer" | "invalid number" | "invalid float" => "ongeldig getal",
            "invalid unquoted key" => "ongeldige sleutel zonder aanhalingstekens",
            "invalid mixed case" => "gemengde schrijfwijze",
            "number too large to fit in target type" => "het getal is te groot",
            "number too small to fit in target type" => "het getal is te klein",
            "unexpected content" | "unexpected content, expected nothing" => "onverwachte tekst",
            "extra assignment between key-value pairs, expected `=`" => "een extra toewijzing",
            "key with no value, expected `=`" => {
                "een sleutel zonder waarde: schrijf sleutel = waarde"
            }
            "invalid date-time" | "invalid time" | "invalid date" => {
                "ongeldige datum: die dag bestaat niet"
            }
            p if p.starts_with("invalid date-time") => "ongeldige datum: die dag bestaat niet",
            _ => return None,
        }
        .to_string(),
    )
}

fn route_kind(k: RouteKind) -> &'static str {
    match k {
        RouteKind::Ministerraad => "ministerraadroute (voorportaal en MR)",
        RouteKind::Ondertekening => "ondertekeningsroute (alleen handtekeningen)",
    }
}

/// A data file that does not parse or validate.
pub fn data(e: &DataError) -> Diagnostic {
    let (message, hints): (String, Vec<String>) = match &e.problem {
        DataProblem::Parse { file, detail } => (parse_detail(detail), vec![file_hint(*file).into()]),
        DataProblem::Input(b) => {
            let inner = bad_input(b);
            (inner.message, inner.hints)
        }
        DataProblem::RouteName { name } => (
            format!("routenaam '{name}' is geen woord in kleine letters"),
            vec!["gebruik kleine letters, cijfers en '-', bijvoorbeeld name = \"coco\"".into()],
        ),
        DataProblem::SendAfter { value } => (
            format!("send-after = {value} valt buiten het bereik"),
            vec!["een stukkenstroom gaat 0, 1 of 2 werkdagen na de MR naar de Kamer: gebruik 0, 1 of 2".into()],
        ),
        DataProblem::RouteWithoutVoorportaal => (
            "een route met ministerraad heeft een voorportaal nodig".into(),
            vec!["voeg voorportaal = \"cwizo\" toe (of het voorportaal van uw onderraad)".into()],
        ),
        DataProblem::RouteStepsWithoutMinisterraad => (
            "een route zonder ministerraad kan geen voorportaal of onderraad hebben".into(),
            vec!["voeg ministerraad = \"mr\" toe voor route A, of haal voorportaal en onderraad weg".into()],
        ),
        DataProblem::RouteKindChanged { route, known, file } => (
            format!(
                "route '{route}' is een {}; dit bestand maakt er een {} van",
                route_kind(*known),
                route_kind(*file)
            ),
            vec!["houd voorportaal en ministerraad in een route met die naam, of geef de route in het bestand een andere naam".into()],
        ),
        DataProblem::NoScenarios => (
            "het bestand bevat geen [[scenario]]".into(),
            vec![file_hint(FileKind::Scenario).into()],
        ),
        DataProblem::NotAStep { word } => (
            format!("'{word}' is geen stap (stappen: approval, delivery, voorportaal, onderraad, ministerraad, kamer)"),
            vec!["bijvoorbeeld delay = { approval = 5 }".into()],
        ),
        DataProblem::Check(c) => {
            let (message, hint) = crate::checks::check(Lang::Nl, c);
            (message, vec![hint])
        }
    };
    let mut place = e.source.clone();
    if let Some(line) = e.line {
        place.push_str(&format!(":{line}"));
        if let Some(col) = e.column {
            place.push_str(&format!(":{col}"));
        }
    }
    diag(format!("{place}: {message}"), hints)
}

/// A plan the planner cannot make.
pub fn plan(p: &PlanError) -> Diagnostic {
    let (message, hint): (String, String) = match p {
        PlanError::NothingLeft {
            reference,
            state,
            since,
        } => (
            format!(
                "stukkenstroom {reference} is {state} sinds {}: er valt niets meer te plannen",
                d(since)
            ),
            format!("zie wat er gebeurde met 'stroom log {reference}'"),
        ),
        PlanError::NotYetRegistered {
            reference,
            registered,
            today,
        } => (
            format!(
                "stukkenstroom {reference} is geregistreerd op {}, na de plandatum {}: op die dag valt er niets te plannen",
                d(registered),
                d(today)
            ),
            format!("plan met --today {registered} of later"),
        ),
        PlanError::RouteLacks { route, step } => (
            format!(
                "route '{route}' kent geen {}",
                crate::labels::step(Lang::Nl, *step)
            ),
            if *step == Step::Onderraad {
                "plan zonder --onderraad, of voeg onderraad = \"rwizo\" toe aan het routebestand"
                    .into()
            } else {
                "deze stap bestaat alleen op de ministerraadroute".into()
            },
        ),
        PlanError::WrongBodyKind {
            route,
            key,
            body,
            kind,
        } => (
            format!("route '{route}' noemt '{body}' als {key}, maar de kalender van '{body}' is van het soort {kind}"),
            format!("noem een {key} in de sleutel {key} van de route, of maak het soort van de kalender {key} (nu {kind})"),
        ),
        PlanError::NotAStep { word } => (
            format!("'{word}' is geen stap (stappen: approval, delivery, voorportaal, onderraad, ministerraad, kamer)"),
            "bijvoorbeeld --delay approval=5".into(),
        ),
        PlanError::NotADistribution { text } => (
            format!("'{text}' is geen verdeling van een duur (N, uniform(MIN,MAX) met MIN <= MAX, triangular(MIN,MODUS,MAX) met MIN <= MODUS <= MAX, of empirical; 0 tot 1000 werkdagen)"),
            "bijvoorbeeld --approval triangular(3,5,15) of --approval 5".into(),
        ),
        PlanError::Scenario { scenario, error: e } => {
            let inner = error(e);
            return diag(format!("scenario '{scenario}': {}", inner.message), inner.hints);
        }
    };
    diag(message, vec![hint])
}

/// The store failed or holds data it should not.
pub fn store(s: &StoreError) -> Diagnostic {
    let (message, hint): (String, Option<String>) = match s {
        StoreError::Locked { path } => (
            format!("de database in '{path}' is in gebruik door een ander stroom-proces"),
            Some("wacht tot het andere commando klaar is, of wijs met --db (of STROOM_DB) een andere database aan".into()),
        ),
        StoreError::Format {
            path,
            found,
            supported,
        } => (
            format!("de database in '{path}' heeft formaatversie {found}; deze stroom leest versie {supported}"),
            Some("gebruik de stroom-versie die haar schreef, of exporteer daar en importeer hier".into()),
        ),
        StoreError::Conflict {
            reference,
            expected,
            found,
        } => (
            format!("stukkenstroom '{reference}' is gewijzigd terwijl dit commando liep (verwacht gebeurtenis {expected}, gevonden {found})"),
            Some("voer het commando opnieuw uit; het ziet dan de nieuwe stand".into()),
        ),
        StoreError::Exists { reference } => (
            format!("stukkenstroom '{reference}' bestaat al"),
            Some(format!("kies een ander kenmerk, of bekijk hem met 'stroom show {reference}'")),
        ),
        StoreError::NotEmpty { path, count } => (
            format!(
                "de database in '{path}' is niet leeg ({count} {})",
                if *count == 1 { "stukkenstroom" } else { "stukkenstromen" }
            ),
            Some("importeren herstelt in een nieuwe database: geef --db met een nieuw pad".into()),
        ),
        StoreError::Corrupt(c) => corruption(c),
        StoreError::Missing { path } => (
            format!("geen stroom-database in '{path}'"),
            Some("maak er een met 'stroom init', of wijs een bestaande aan".into()),
        ),
        StoreError::NotADatabase { path, why } => (
            format!(
                "'{path}' is geen stroom-database: {}",
                match why {
                    NotADatabase::NotAFolder => "het is een bestand, geen map",
                    NotADatabase::OtherFiles => "de map bevat andere bestanden en geen database",
                }
            ),
            Some("wijs een stroom-database aan, of een nieuw pad om er een te maken met 'stroom init'; er is niets gewijzigd".into()),
        ),
        StoreError::Diverged {
            stroom,
            seq,
            divergence,
        } => (
            format!(
                "gebeurtenis {seq} van stukkenstroom '{stroom}' {}",
                match divergence {
                    Divergence::NotInAnchor => "staat in de database maar niet in het ankerjournaal: ze is buiten stroom toegevoegd, of het ankerjournaal is afgekapt",
                    Divergence::Differs => "wijkt af van het ankerjournaal: ze is buiten stroom herschreven",
                    Divergence::AnchorAltered => "wijkt af van het ankerjournaal, waarvan de regel niet meer bij haar hash past: het ankerjournaal is buiten stroom gewijzigd (de database heeft het origineel)",
                }
            ),
            Some(match divergence {
                // The anchor is the damaged copy: restoring from it would keep the alteration.
                Divergence::AnchorAltered => "herstel de database uit een export ('stroom import FILE' in een nieuwe --db), niet uit dit ankerjournaal".into(),
                _ => "herstel de database uit het ankerjournaal ('stroom import DB/anchor.jsonl' in een nieuwe --db) of uit een export".into(),
            }),
        ),
        StoreError::AnchorCorrupt { file, line, reason } => (
            format!(
                "het ankerjournaal '{file}' is beschadigd op regel {line}: {}",
                parse_detail(reason)
            ),
            Some("herstel de database uit een export ('stroom import')".into()),
        ),
        StoreError::Commit {
            path,
            anchored: true,
            error,
        } => (
            format!("het commando staat in het ankerjournaal, maar de database in '{path}' kon niet worden bijgewerkt: {}", io_nl(error)),
            Some(format!(
                "{}; het volgende stroom-commando herstelt het uit het ankerjournaal (controleer met 'stroom show')",
                if error.kind() == std::io::ErrorKind::StorageFull { "maak schijfruimte vrij" } else { "controleer de schijf" }
            )),
        ),
        StoreError::Commit {
            path,
            anchored: false,
            error,
        } => (
            format!("er is niets vastgelegd: schrijven naar de database in '{path}' is mislukt: {}", io_nl(error)),
            Some("maak schijfruimte vrij (of herstel de schijf) en voer het commando opnieuw uit".into()),
        ),
        StoreError::Io { path, error } if disk_full(error) => (
            format!(
                "de schijf met de database in '{path}' (of de tijdelijke map) is vol: {}",
                io_nl(error)
            ),
            Some("maak schijfruimte vrij en voer het commando opnieuw uit; dit commando heeft niets vastgelegd (lezende commando's kopiëren de database naar TMPDIR, anders /dev/shm: laat TMPDIR naar een map met ruimte wijzen)".into()),
        ),
        StoreError::Io { path, error } if error.kind() == std::io::ErrorKind::PermissionDenied => (
            format!("kan de database in '{path}' niet gebruiken: {}", io_nl(error)),
            Some("controleer de rechten van de map (lezen vraagt leesrechten, vastleggen schrijfrechten)".into()),
        ),
        StoreError::Io { path, error } => (
            format!("kan de database in '{path}' niet gebruiken: {}", io_nl(error)),
            Some("controleer de schijf en het pad en voer het commando opnieuw uit; dit commando heeft niets vastgelegd".into()),
        ),
        StoreError::Unresponsive {
            path,
            during,
            waited,
        } => (
            format!(
                "de schijf met de database in '{path}' antwoordde niet binnen {} tijdens {}",
                seconden(*waited),
                match during {
                    DiskWait::LockFile => "het openen van het slotbestand 'stroom.lock'; dit commando heeft niets vastgelegd",
                    DiskWait::Open => "het openen (sleds herstel en de controle tegen het ankerjournaal); dit commando heeft niets vastgelegd",
                    DiskWait::Read => "het lezen (van het ankerjournaal)",
                    DiskWait::KeyRotation => "het vervangen van de ondertekeningssleutel; de nieuwe sleutel is misschien wel, misschien niet in gebruik",
                    DiskWait::ServerData => "het opslaan van een wijziging van de gebruikers, sessies of tokens van de server; de wijziging staat misschien niet op schijf",
                }
            ),
            Some(format!(
                "controleer de schijf (het systeemlogboek, 'dmesg', noemt een falende schijf of een hangende netwerkkoppeling){}",
                match during {
                    DiskWait::LockFile | DiskWait::Open => " en voer het commando opnieuw uit; het volgende commando controleert de database tegen het ankerjournaal, er gaat niets verloren dat bevestigd was",
                    DiskWait::Read => " en voer het commando opnieuw uit; lezen verandert niets",
                    DiskWait::KeyRotation => "; daarna toont 'stroom key' de sleutel in gebruik en controleert 'stroom verify' de database: vervang de sleutel alleen opnieuw als de oude nog in gebruik is",
                    DiskWait::ServerData => "; kijk daarna met 'stroom users list' of de wijziging er is, en breng haar anders opnieuw aan",
                }
            )),
        ),
        // sled's own text never reaches people: what happened, in stroom's words.
        StoreError::Sled { path, error } => sled_nl(path, error),
    };
    diag(message, hint.into_iter().collect())
}

/// A timeout in Dutch: `1 seconde`, `30 seconden`, `0,5 seconden`.
fn seconden(d: std::time::Duration) -> String {
    let s = d.as_secs_f64();
    if s == 1.0 {
        "1 seconde".into()
    } else {
        format!("{s} seconden").replace('.', ",")
    }
}

/// An I/O error in Dutch by its kind (the system's own text for other kinds).
fn io_nl(error: &std::io::Error) -> String {
    io_problem(Lang::Nl, &IoProblem::from(error))
}

/// A full disk, as the system reports it (ENOSPC is 28 on Linux).
fn disk_full(error: &std::io::Error) -> bool {
    error.kind() == std::io::ErrorKind::StorageFull || error.raw_os_error() == Some(28)
}

/// A value of stroom's own in the database, in Dutch.
fn stored_value(v: &StoredValue) -> String {
    match v {
        StoredValue::Event { stroom } => format!("een gebeurtenis van stroom '{stroom}'"),
        StoredValue::Head { stroom } => format!("de kop van stroom '{stroom}'"),
        StoredValue::User { name: Some(name) } => format!("gebruiker '{name}'"),
        StoredValue::User { name: None } => "een gebruiker".into(),
        StoredValue::Session => "een sessie".into(),
        StoredValue::Token => "een token".into(),
        StoredValue::Value => "een waarde".into(),
    }
}

/// What is damaged in a database or record, in Dutch, with its fix.
pub fn corruption(c: &Corruption) -> (String, Option<String>) {
    match c {
        Corruption::DoesNotDecode {
            value,
            path,
            detail,
        } => (
            format!(
                "{}{} is niet te lezen: {}",
                stored_value(value),
                path.as_ref()
                    .map(|p| format!(" in '{p}'"))
                    .unwrap_or_default(),
                parse_detail(detail)
            ),
            (path.is_some() && matches!(value, StoredValue::Event { .. } | StoredValue::Head { .. }))
                .then(|| "voer 'stroom verify' uit; herstel uit een export met 'stroom import'".into()),
        ),
        Corruption::DoesNotEncode { value, detail } => (
            format!(
                "{} laat zich niet opslaan (de JSON-schrijver meldt, in het Engels: \"{detail}\")",
                stored_value(value)
            ),
            None,
        ),
        Corruption::RecordDoesNotEncode { detail } => (
            format!("een record laat zich niet exporteren (de JSON-schrijver meldt, in het Engels: \"{detail}\")"),
            None,
        ),
        Corruption::TrailWithoutCreation => (
            "de geschiedenis van een stroom moet beginnen met de registratie ('stroom new')".into(),
            None,
        ),
        Corruption::EmptyTrail => ("de geschiedenis van een stroom is leeg".into(), None),
        Corruption::SledSettings { db, conf } => (
            format!("de database in '{db}' is beschadigd: het instellingenbestand van sled, '{conf}', klopt niet met zijn controlesom"),
            Some(rebuild_nl(db)),
        ),
        Corruption::KeyMissing {
            key,
            fingerprint,
            db,
        } => (
            format!("de ondertekeningssleutel '{key}' ontbreekt, maar deze database ondertekent haar records met sleutel {fingerprint}: er is niets vastgelegd, want een nieuwe sleutel zou elk eerder record eruit laten zien als ondertekend door een andere database"),
            Some(format!("zet '{key}' terug uit een back-up van de databasemap; is hij voorgoed kwijt, begin dan bewust een nieuwe sleutel met 'stroom --db {db} key --rotate' (verify noemt de eerdere records dan ondertekend met de vorige sleutel van deze database)")),
        ),
        Corruption::KeyMismatch {
            key,
            public,
            key_fingerprint,
            public_fingerprint,
        } => (
            format!("de ondertekeningssleutel '{key}' (sleutel {key_fingerprint}) en de publieke sleutel '{public}' (sleutel {public_fingerprint}) horen niet bij elkaar, en geen sleutelwissel leidt van de een naar de ander: er is niets vastgelegd, want ondertekenen met een van beide zou records eruit kunnen laten zien als ondertekend door een andere database"),
            Some(format!("zet het paar terug uit een back-up van de databasemap; is '{key}' de sleutel van deze database, verwijder dan '{public}' en voer het commando opnieuw uit (hij wordt uit de sleutel opnieuw geschreven)")),
        ),
        Corruption::ReservedTree { name } => (
            format!("de boom '{name}' hoort bij de gebeurtenissenopslag"),
            Some("kies een andere naam".into()),
        ),
    }
}

/// What to run when sled's files cannot be used.
fn rebuild_nl(path: &str) -> String {
    format!("elke vastgelegde gebeurtenis staat ook in het ankerjournaal: bouw de database opnieuw op met 'stroom --db NIEUW import --anchor {path}/anchor.jsonl' (of importeer uw laatste export), controleer die met 'stroom --db NIEUW verify' en gebruik daarna NIEUW (bewaar '{path}' voor onderzoek)")
}

/// A failure of sled (the database engine) in Dutch, as the engine's English
/// `StoreError::Sled` says it: what happened, to which database, what to run.
fn sled_nl(path: &str, error: &sled::Error) -> (String, Option<String>) {
    match error {
        sled::Error::Io(e) if disk_full(e) => (
            format!("de schijf met de database in '{path}' is vol: {}", io_nl(e)),
            Some("maak schijfruimte vrij en voer het commando opnieuw uit; dit commando heeft niets vastgelegd en de database hoeft niet hersteld".into()),
        ),
        sled::Error::Io(e) => (
            format!(
                "kan de databasebestanden in '{path}' niet lezen of schrijven: {}",
                io_nl(e)
            ),
            Some(format!(
                "controleer de schijf en de rechten van de map en voer het commando opnieuw uit (dit commando heeft niets vastgelegd); blijven de bestanden onleesbaar: {}",
                rebuild_nl(path)
            )),
        ),
        sled::Error::Corruption { .. } => (
            format!("de databasebestanden in '{path}' (sleds log 'db' en snapshot 'snap.*') zijn beschadigd: sled vond onleesbare gegevens"),
            Some(rebuild_nl(path)),
        ),
        other => {
            let what = match other {
                sled::Error::ReportableBug(what) => stroom::store::clean_panic(what),
                sled::Error::Unsupported(what) => format!("een niet-ondersteunde bewerking ({what})"),
                sled::Error::CollectionNotFound(_) => "een boom van de database ontbreekt".into(),
                sled::Error::Io(e) => io_nl(e),
                sled::Error::Corruption { .. } => "onleesbare gegevens".into(),
            };
            (
                format!("de database-engine (sled) faalde op '{path}': {what}"),
                Some(format!(
                    "dit commando heeft niets vastgelegd; voer het opnieuw uit, en faalt het weer: {}",
                    rebuild_nl(path)
                )),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::messages;

    fn text(e: &StoreError) -> String {
        messages(Lang::Nl).store(e).text(Lang::Nl)
    }

    #[test]
    fn disk_and_sled_failures_in_dutch() {
        let full = || std::io::Error::from(std::io::ErrorKind::StorageFull);
        let cases = [
            StoreError::Io {
                path: "/db".into(),
                error: full(),
            },
            StoreError::Io {
                path: "/db".into(),
                error: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            },
            StoreError::Commit {
                path: "/db".into(),
                anchored: true,
                error: full(),
            },
            StoreError::Sled {
                path: "/db".into(),
                error: sled::Error::Io(full()),
            },
            StoreError::Sled {
                path: "/db".into(),
                error: sled::Error::Io(std::io::Error::from(std::io::ErrorKind::NotFound)),
            },
            StoreError::Sled {
                path: "/db".into(),
                error: sled::Error::Unsupported("merge".into()),
            },
            StoreError::Unresponsive {
                path: "/db".into(),
                during: DiskWait::Open,
                waited: std::time::Duration::from_millis(1500),
            },
            StoreError::Unresponsive {
                path: "/db".into(),
                during: DiskWait::Read,
                waited: std::time::Duration::from_secs(30),
            },
            StoreError::Unresponsive {
                path: "/db".into(),
                during: DiskWait::KeyRotation,
                waited: std::time::Duration::from_secs(30),
            },
            StoreError::Unresponsive {
                path: "/db".into(),
                during: DiskWait::ServerData,
                waited: std::time::Duration::from_secs(30),
            },
        ];
        for e in &cases {
            let t = text(e);
            for english in [" the ", "cannot", "hint:", "disk", "failed", "(os error"] {
                assert!(!t.contains(english), "{english:?} in {t:?}");
            }
            assert!(t.contains("'/db'"), "names the database: {t}");
        }
        assert!(text(&cases[0]).contains("is vol: de schijf is vol"));
        assert!(
            text(&cases[5]).contains("anchor.jsonl"),
            "says how to rebuild"
        );
        assert!(text(&cases[6]).contains("binnen 1,5 seconden tijdens het openen"));
        assert!(text(&cases[7]).contains("tijdens het lezen"));
        assert!(text(&cases[7]).contains("lezen verandert niets"));
        assert!(text(&cases[8]).contains("'stroom key'"));
        assert!(text(&cases[9]).contains("'stroom users list'"));
    }

    /// The parser words people meet (TOML, serde, serde_json) have Dutch words; the raw
    /// English is kept, marked, only for the rest.
    #[test]
    fn parser_words_in_dutch() {
        for (english, dutch) in [
            ("missing field `title`", "het veld `title` ontbreekt"),
            ("unknown field `speed`, expected `name` or `title`", "onbekend veld `speed`; mogelijk zijn `name` of `title`"),
            ("unknown variant `x`, expected one of `a`, `b`", "onbekende waarde `x`; mogelijk zijn `a`, `b`"),
            ("invalid type: integer `5`, expected a string", "verkeerd soort waarde: geheel getal `5`, verwacht tekst"),
            ("invalid value: integer `-1`, expected u8", "ongeldige waarde: geheel getal `-1`, verwacht een geheel getal van 0 tot en met 255"),
            ("duplicate field `seq` at line 1 column 9", "het veld `seq` staat er twee keer"),
            ("duplicate key `name` in document root", "de sleutel `name` staat er twee keer"),
            ("invalid table header: expected `.`, `]`", "ongeldige tabelkop: hier wordt `.` of `]` verwacht"),
            ("expected newline, `#`", "hier wordt een nieuwe regel of `#` verwacht"),
            ("number too large to fit in target type", "het getal is te groot"),
            ("expected value at line 1 column 1", "het bestand is hier niet te lezen: dit is geen JSON van stroom"),
            ("EOF while parsing an object at line 1 column 10", "het bestand is hier niet te lezen: dit is geen JSON van stroom"),
            ("expected `,` or `}` at line 1 column 5", "het bestand is hier niet te lezen: dit is geen JSON van stroom"),
        ] {
            assert_eq!(parse_detail(english), dutch, "{english}");
        }
        assert_eq!(
            parse_detail("something new"),
            "het bestand is hier niet te lezen (de lezer meldt, in het Engels: \"something new\")"
        );
    }
}
