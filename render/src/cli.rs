//! What the command line says beside its data, typed: the notes it writes on stderr
//! ([`Note`]) and the problems with its own input it refuses (`Problem`, exit 2), each with
//! one rendering per language here, so that no command writes a sentence itself.

use std::fmt;

use jiff::civil::Date;

use crate::lang::{day, Lang};
use crate::messages::Diagnostic;

/// What kind of file the user named, for "cannot read the stroom file '…'".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A stroom file (`new --from`).
    Stroom,
    /// A calendar file (`--calendar`, `calendar check`).
    Calendar,
    /// A route file (`--routes`).
    Route,
    /// A secretariat's schedule (`calendar import`).
    Schedule,
    /// The Kamer's activities (`--activities`).
    Activities,
    /// A scenario file (`simulate --scenario`).
    Scenario,
    /// A public key (`--trust FILE`).
    Key,
    /// An export (`import`).
    Export,
    /// The folder of imported calendars beside the database.
    ImportedCalendars,
    /// The tokens `stroom login` keeps.
    Tokens,
}

impl FileKind {
    fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (FileKind::Stroom, Lang::En) => "stroom file",
            (FileKind::Stroom, Lang::Nl) => "het stroombestand",
            (FileKind::Calendar, Lang::En) => "calendar file",
            (FileKind::Calendar, Lang::Nl) => "het kalenderbestand",
            (FileKind::Route, Lang::En) => "route file",
            (FileKind::Route, Lang::Nl) => "het routebestand",
            (FileKind::Schedule, Lang::En) => "schedule",
            (FileKind::Schedule, Lang::Nl) => "het schema",
            (FileKind::Activities, Lang::En) => "activities file",
            (FileKind::Activities, Lang::Nl) => "het activiteitenbestand",
            (FileKind::Scenario, Lang::En) => "scenario file",
            (FileKind::Scenario, Lang::Nl) => "het scenariobestand",
            (FileKind::Key, Lang::En) => "key",
            (FileKind::Key, Lang::Nl) => "de sleutel",
            (FileKind::Export, Lang::En) => "export",
            (FileKind::Export, Lang::Nl) => "de export",
            (FileKind::ImportedCalendars, Lang::En) => "the imported calendars in",
            (FileKind::ImportedCalendars, Lang::Nl) => "de geïmporteerde kalenders in",
            (FileKind::Tokens, Lang::En) => "the tokens file",
            (FileKind::Tokens, Lang::Nl) => "het tokenbestand",
        }
    }
}

/// A failed file operation: its kind, and the system's own words for it (English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IoProblem {
    /// What went wrong.
    pub kind: std::io::ErrorKind,
    /// The system's text, shown in English and for kinds without a Dutch rendering.
    pub text: String,
}

impl From<&std::io::Error> for IoProblem {
    fn from(e: &std::io::Error) -> IoProblem {
        IoProblem {
            kind: e.kind(),
            text: e.to_string(),
        }
    }
}

/// A file operation's failure in `lang`.
pub fn io_problem(lang: Lang, e: &IoProblem) -> String {
    use std::io::ErrorKind as K;
    if lang == Lang::En {
        return e.text.clone();
    }
    match e.kind {
        K::NotFound => "bestand of map bestaat niet".into(),
        K::PermissionDenied => "geen toegang (rechten)".into(),
        K::AlreadyExists => "bestaat al".into(),
        K::IsADirectory => "dat is een map, geen bestand".into(),
        K::NotADirectory => "een deel van het pad is geen map".into(),
        K::InvalidData => "geen geldige tekst (UTF-8)".into(),
        K::StorageFull => "de schijf is vol".into(),
        K::ReadOnlyFilesystem => "het bestandssysteem is alleen-lezen".into(),
        // A sync the disk never answered (stroom's watchdog gave up on it).
        K::TimedOut => "de schijf bevestigde het schrijven niet op tijd".into(),
        _ => e.text.clone(),
    }
}

/// Where running the recurrence expander `stroom-rrule` went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecurrenceStage {
    /// It could not be started.
    Start,
    /// The series could not be handed to it, or it did not end.
    Talk,
    /// It ended with a failure.
    Exit,
    /// Its answer is not one list of dates per series.
    Answer,
}

/// A problem with the command line's own input (exit 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A file the user named cannot be read.
    CannotRead {
        /// What the file is.
        what: FileKind,
        /// Its path.
        path: String,
        /// Why.
        error: IoProblem,
    },
    /// A file cannot be written.
    CannotWrite {
        /// Its path.
        path: String,
        /// Why.
        error: IoProblem,
    },
    /// A folder cannot be made.
    CannotCreateFolder {
        /// Its path.
        path: String,
        /// Why.
        error: IoProblem,
    },
    /// `--delay approval` without `=N`.
    NotKeyValue {
        /// The flag, without dashes.
        flag: String,
        /// What was given.
        value: String,
        /// A correct value.
        example: String,
    },
    /// `--approval-days x`.
    NotANumber {
        /// The flag, without dashes.
        flag: String,
        /// What was given.
        value: String,
    },
    /// A `--format` the command does not offer.
    FormatNotOffered {
        /// The format asked for.
        format: String,
        /// The command.
        command: String,
        /// The formats it offers.
        offered: Vec<String>,
    },
    /// `export --format json` without a FILE: the export itself is JSON lines, not an
    /// answer.
    ExportJsonNeedsFile,
    /// `plan --route R` with neither a ready date nor a target.
    AdHocNeedsStart {
        /// The route.
        route: String,
    },
    /// `plan` with nothing to plan.
    NothingToPlan,
    /// `--example NAME` of no example.
    NoExample {
        /// The name given.
        name: String,
        /// The examples there are.
        examples: Vec<String>,
    },
    /// `--runs N` outside `1..=max`.
    RunsOutOfRange {
        /// What was given.
        runs: u64,
        /// The most allowed.
        max: u64,
    },
    /// `simulate` with a target but no start.
    SimulationNeedsStart,
    /// `calendar feestdagen YEAR` outside the werkdag tables.
    YearOutsideTables {
        /// The year.
        year: i16,
    },
    /// `calendar import FILE` of neither .ics nor .csv.
    NotIcsOrCsv {
        /// The file.
        path: String,
    },
    /// `calendar import` of a file with a meeting series, without the recurrence expander
    /// `stroom-rrule` beside `stroom`.
    RecurrenceProgramMissing {
        /// The schedule file.
        file: String,
        /// Where the program was looked for.
        path: String,
    },
    /// The recurrence expander `stroom-rrule` failed or answered nonsense.
    RecurrenceProgramFailed {
        /// Where it ran from.
        path: String,
        /// What went wrong.
        stage: RecurrenceStage,
        /// The words of the system, of the program itself (its stderr) or of the JSON reader.
        detail: String,
    },
    /// `--debate X` that is no date, without an activities file.
    DebateNotADate {
        /// What was given.
        debate: String,
    },
    /// A flag's date that does not parse.
    FlagDate {
        /// The flag, without dashes.
        flag: String,
        /// The date parser's words (English).
        error: String,
    },
    /// A command that works on a local database only, given `--server`.
    LocalOnly {
        /// The command.
        command: String,
    },
    /// No `--db` and no data directory to put the database in.
    NoDataDirectory,
    /// `--actor` with `--server`.
    ActorWithServer,
    /// `STROOM_LOCK_WAIT_MS` that is no number.
    LockWaitNotANumber {
        /// What was given.
        value: String,
    },
    /// `--trust KEY` (or the file it names) is not a public key.
    NotAPublicKey {
        /// The value or file given.
        given: String,
        /// It names a file.
        file: bool,
        /// Why.
        why: stroom::sign::BadKey,
    },
    /// `stroom key` on a database without a signing key.
    NoSigningKey {
        /// The database.
        db: String,
    },
    /// `stroom key --rotate` with `--server`.
    RotateOnServer,
    /// A line of an anchor journal (`import --anchor`) that is not a record.
    NotAnAnchorRecord {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// The decoder's words.
        detail: String,
    },
    /// `--debate` names no activity, or several, of the activities file.
    DebateNotFound {
        /// The engine's answer.
        error: stroom::debates::FindError,
    },
    /// `--debate` names an activity without a date.
    DebateWithoutDate {
        /// The activity.
        label: String,
    },
    /// `--role-approval` with a ';' against a server.
    SemicolonAgainstServer,
    /// `serve --cache-mib 0`.
    CacheZero,
    /// `serve --trails-page 0`.
    TrailsPageZero,
    /// `serve` with a Monte Carlo model but no `--runs`.
    ModelWithoutRuns,
    /// `serve` cannot listen on its address.
    CannotListen {
        /// The address.
        addr: String,
        /// Why.
        error: IoProblem,
    },
    /// The server (or its runtime) failed on I/O.
    ServerFailed {
        /// Why.
        error: IoProblem,
    },
}

impl Problem {
    /// The problem for people, in `lang`.
    pub fn diagnostic(&self, lang: Lang) -> Diagnostic {
        let nl = lang == Lang::Nl;
        let d = |message: String, hints: Vec<String>| Diagnostic { message, hints };
        match self {
            Problem::CannotRead { what, path, error } => d(
                if nl {
                    format!(
                        "kan {} '{path}' niet lezen: {}",
                        what.name(lang),
                        io_problem(lang, error)
                    )
                } else {
                    format!(
                        "cannot read {} '{path}': {}",
                        what.name(lang),
                        io_problem(lang, error)
                    )
                },
                vec![],
            ),
            Problem::CannotWrite { path, error } => d(
                if nl {
                    format!("kan '{path}' niet schrijven: {}", io_problem(lang, error))
                } else {
                    format!("cannot write '{path}': {}", io_problem(lang, error))
                },
                vec![],
            ),
            Problem::CannotCreateFolder { path, error } => d(
                if nl {
                    format!(
                        "kan de map '{path}' niet aanmaken: {}",
                        io_problem(lang, error)
                    )
                } else {
                    format!(
                        "cannot create the folder '{path}': {}",
                        io_problem(lang, error)
                    )
                },
                vec![],
            ),
            Problem::NotKeyValue {
                flag,
                value,
                example,
            } => d(
                if nl {
                    format!("--{flag} '{value}' is niet van de vorm SLEUTEL=WAARDE")
                } else {
                    format!("--{flag} '{value}' is not KEY=VALUE")
                },
                vec![if nl {
                    format!("bijvoorbeeld --{flag} {example}")
                } else {
                    format!("e.g. --{flag} {example}")
                }],
            ),
            Problem::NotANumber { flag, value } => d(
                if nl {
                    format!("--{flag}: '{value}' is geen getal")
                } else {
                    format!("--{flag}: '{value}' is not a number")
                },
                vec![lang
                    .pick(
                        "werkdagen as a whole number, e.g. 5",
                        "werkdagen als geheel getal, bijvoorbeeld 5",
                    )
                    .into()],
            ),
            Problem::FormatNotOffered {
                format,
                command,
                offered,
            } => d(
                if nl {
                    format!("--format {format} is niet beschikbaar voor 'stroom {command}'")
                } else {
                    format!("--format {format} is not available for 'stroom {command}'")
                },
                vec![if nl {
                    format!("beschikbaar: {}", offered.join(", "))
                } else {
                    format!("it offers {}", offered.join(", "))
                }],
            ),
            Problem::ExportJsonNeedsFile => d(
                lang.pick(
                    "--format json is not available for 'stroom export' to stdout: the export itself is JSON lines",
                    "--format json is niet beschikbaar voor 'stroom export' naar stdout: de export zelf is JSON-regels",
                )
                .into(),
                vec![lang
                    .pick(
                        "give a file, 'stroom export FILE --format json', to be told what was written; or leave out --format json",
                        "geef een bestand, 'stroom export BESTAND --format json', om te horen wat er is geschreven; of laat --format json weg",
                    )
                    .into()],
            ),
            Problem::AdHocNeedsStart { route } => d(
                if nl {
                    format!("een losse planning op route '{route}' heeft --ready DATUM nodig, een doel (--kamer-by, --debate), of beide")
                } else {
                    format!("an ad hoc plan on route '{route}' needs --ready DATE, a target (--kamer-by, --debate), or both")
                },
                vec![if nl {
                    format!("bijvoorbeeld stroom plan --route {route} --ready 2023-10-04")
                } else {
                    format!("e.g. stroom plan --route {route} --ready 2023-10-04")
                }],
            ),
            Problem::NothingToPlan => d(
                lang.pick(
                    "say what to plan: a stored stroom's reference, --example NAME, or --route NAME --ready DATE",
                    "zeg wat er gepland moet worden: het kenmerk van een vastgelegde stroom, --example NAAM, of --route NAAM --ready DATUM",
                )
                .into(),
                vec!["stroom plan --example llo --today 2023-09-27".into()],
            ),
            Problem::NoExample { name, examples } => d(
                if nl {
                    format!("er is geen voorbeeld '{name}'")
                } else {
                    format!("no example '{name}'")
                },
                vec![format!(
                    "{}: {}",
                    lang.pick("examples", "voorbeelden"),
                    examples.join(", ")
                )],
            ),
            Problem::RunsOutOfRange { runs, max } => d(
                if nl {
                    format!("--runs {runs} valt buiten het bereik")
                } else {
                    format!("--runs {runs} is out of range")
                },
                vec![if nl {
                    format!("tussen 1 en {max}")
                } else {
                    format!("between 1 and {max}")
                }],
            ),
            Problem::SimulationNeedsStart => d(
                lang.pick(
                    "a simulation needs a start: a stored stroom, --example, or --ready",
                    "een simulatie heeft een begin nodig: een vastgelegde stroom, --example, of --ready",
                )
                .into(),
                vec![lang
                    .pick(
                        "for the latest dates alone use 'stroom plan'",
                        "voor alleen de uiterste data: 'stroom plan'",
                    )
                    .into()],
            ),
            Problem::YearOutsideTables { year } => d(
                if nl {
                    format!("het jaar {year} valt buiten de werkdagtabellen")
                } else {
                    format!("year {year} is outside the werkdag tables")
                },
                vec![lang
                    .pick(
                        "use a year from 2000 to 2100",
                        "kies een jaar van 2000 tot en met 2100",
                    )
                    .into()],
            ),
            Problem::NotIcsOrCsv { path } => d(
                if nl {
                    format!("'{path}' is geen .ics- en geen .csv-bestand")
                } else {
                    format!("'{path}' is neither an .ics nor a .csv file")
                },
                vec![lang
                    .pick(
                        "export the meeting series as iCalendar (.ics) or the schedule as CSV",
                        "exporteer de vergaderreeks als iCalendar (.ics) of het schema als CSV",
                    )
                    .into()],
            ),
            Problem::RecurrenceProgramMissing { file, path } => d(
                if nl {
                    format!("'{file}' bevat een vergaderreeks, maar het programma dat reeksen uitrekent, '{path}', ontbreekt")
                } else {
                    format!("'{file}' holds a meeting series, but the program that expands series, '{path}', is missing")
                },
                vec![lang
                    .pick(
                        "install stroom with 'cargo install --path cli': it puts stroom-rrule beside stroom",
                        "installeer stroom met 'cargo install --path cli': dat zet stroom-rrule naast stroom",
                    )
                    .into()],
            ),
            Problem::RecurrenceProgramFailed {
                path,
                stage,
                detail,
            } => d(
                {
                    let what = match (stage, nl) {
                        (RecurrenceStage::Start, false) => "cannot start",
                        (RecurrenceStage::Start, true) => "kan niet starten",
                        (RecurrenceStage::Talk, false) => "could not be given the series",
                        (RecurrenceStage::Talk, true) => "kon de reeksen niet krijgen",
                        (RecurrenceStage::Exit, false) => "failed",
                        (RecurrenceStage::Exit, true) => "faalde",
                        (RecurrenceStage::Answer, false) => "gave no list of dates per series",
                        (RecurrenceStage::Answer, true) => "gaf geen lijst met datums per reeks",
                    };
                    if nl {
                        format!("het programma dat vergaderreeksen uitrekent, '{path}', {what} (in het Engels: {detail})")
                    } else {
                        format!("the program that expands meeting series, '{path}', {what}: {detail}")
                    }
                },
                vec![lang
                    .pick(
                        "install stroom-rrule and stroom from the same build ('cargo install --path cli'), then run the command again",
                        "installeer stroom-rrule en stroom uit dezelfde build ('cargo install --path cli') en voer de opdracht opnieuw uit",
                    )
                    .into()],
            ),
            Problem::DebateNotADate { debate } => d(
                if nl {
                    format!("--debate '{debate}' is geen datum, en er is geen --activities-bestand met activiteiten")
                } else {
                    format!("--debate '{debate}' is not a date, and no --activities file names activities")
                },
                vec![lang
                    .pick(
                        "give the debate's date (YYYY-MM-DD), or download the Kamer's activities (gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Activiteit) and pass --activities FILE",
                        "geef de datum van het debat (JJJJ-MM-DD), of download de activiteiten van de Kamer (gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Activiteit) en geef --activities BESTAND",
                    )
                    .into()],
            ),
            Problem::FlagDate { flag, error } => d(
                match lang {
                    Lang::En => format!("--{flag}: {error}"),
                    Lang::Nl => format!(
                        "--{flag}: {}",
                        crate::messages::nl_errors::parse_detail(error)
                    ),
                },
                vec![],
            ),
            Problem::LocalOnly { command } => d(
                if nl {
                    format!("'stroom {command}' werkt alleen op een lokale database, niet via een server")
                } else {
                    format!("'stroom {command}' works on a local database only, not against a server")
                },
                vec![lang
                    .pick(
                        "run it without --server (and with STROOM_SERVER unset)",
                        "geef de opdracht zonder --server (en zonder STROOM_SERVER)",
                    )
                    .into()],
            ),
            Problem::NoDataDirectory => d(
                lang.pick(
                    "cannot find the user's data directory for the database",
                    "kan de gegevensmap van de gebruiker voor de database niet vinden",
                )
                .into(),
                vec![lang
                    .pick("pass --db PATH or set STROOM_DB", "geef --db PAD of zet STROOM_DB")
                    .into()],
            ),
            Problem::ActorWithServer => d(
                lang.pick(
                    "--actor does not apply with --server: the server records the logged-in user as the actor",
                    "--actor geldt niet met --server: de server legt de ingelogde gebruiker vast als wie het deed",
                )
                .into(),
                vec![lang
                    .pick(
                        "log in as that user with 'stroom login NAME'",
                        "log in als die gebruiker met 'stroom login NAAM'",
                    )
                    .into()],
            ),
            Problem::LockWaitNotANumber { value } => d(
                if nl {
                    format!("STROOM_LOCK_WAIT_MS='{value}' is geen aantal milliseconden")
                } else {
                    format!("STROOM_LOCK_WAIT_MS='{value}' is not a number of milliseconds")
                },
                vec![lang
                    .pick(
                        "e.g. STROOM_LOCK_WAIT_MS=2000, or unset it",
                        "bijvoorbeeld STROOM_LOCK_WAIT_MS=2000, of haal hem weg",
                    )
                    .into()],
            ),
            Problem::NotAPublicKey { given, file, why } => d(
                if nl {
                    format!(
                        "--trust '{given}'{} is geen publieke sleutel: {}",
                        if *file { " (een bestand)" } else { "" },
                        crate::audit::bad_key(lang, why)
                    )
                } else {
                    format!(
                        "--trust '{given}'{} is not a public key: {}",
                        if *file { " (a file)" } else { "" },
                        crate::audit::bad_key(lang, why)
                    )
                },
                vec![lang
                    .pick(
                        "give the key as 'stroom key' prints it (64 hex digits), in base64, or a file holding it",
                        "geef de sleutel zoals 'stroom key' hem toont (64 hexadecimale cijfers), in base64, of een bestand waarin hij staat",
                    )
                    .into()],
            ),
            Problem::NoSigningKey { db } => d(
                if nl {
                    format!("de database in '{db}' heeft nog geen ondertekeningssleutel: ze is gemaakt vóór het ondertekenen en sindsdien niet beschreven")
                } else {
                    format!("the database at '{db}' has no signing key yet: it was made before signing and not written since")
                },
                vec![lang
                    .pick(
                        "run 'stroom init' once: it creates the key (the events recorded so far stay unsigned)",
                        "voer eenmaal 'stroom init' uit: dat maakt de sleutel (de gebeurtenissen die al zijn vastgelegd blijven onondertekend)",
                    )
                    .into()],
            ),
            Problem::RotateOnServer => d(
                lang.pick(
                    "'stroom key --rotate' changes the key of a local database; the server's key is rotated where the server keeps its data",
                    "'stroom key --rotate' vervangt de sleutel van een lokale database; die van de server vervangt u waar de server zijn gegevens bewaart",
                )
                .into(),
                vec![lang
                    .pick(
                        "run it with --db on the server's data directory while the server is stopped",
                        "geef de opdracht met --db op de gegevensmap van de server terwijl de server niet draait",
                    )
                    .into()],
            ),
            Problem::NotAnAnchorRecord { file, line, detail } => d(
                if nl {
                    format!(
                        "{file}:{line}: geen record: {}",
                        crate::messages::nl_errors::parse_detail(detail)
                    )
                } else {
                    format!("{file}:{line}: not a record: {detail}")
                },
                vec![lang
                    .pick(
                        "an anchor journal holds one record per line, as the database wrote it; nothing was imported",
                        "een ankerjournaal bevat één record per regel, zoals de database het schreef; er is niets geïmporteerd",
                    )
                    .into()],
            ),
            Problem::DebateNotFound { error } => d(
                format!("--debate: {}", find_error(lang, error)),
                vec![lang
                    .pick(
                        "name the activity by its Id or Nummer, or by more words of its subject",
                        "noem de activiteit bij haar Id of Nummer, of met meer woorden uit het onderwerp",
                    )
                    .into()],
            ),
            Problem::DebateWithoutDate { label } => d(
                if nl {
                    format!("--debate: activiteit {label} heeft geen datum")
                } else {
                    format!("--debate: activity {label} has no date")
                },
                vec![],
            ),
            Problem::SemicolonAgainstServer => d(
                lang.pick(
                    "--role-approval may not contain ';' against a server",
                    "--role-approval mag geen ';' bevatten als u met een server werkt",
                )
                .into(),
                vec![],
            ),
            Problem::CacheZero => d(
                lang.pick(
                    "--cache-mib 0 leaves the database no cache",
                    "--cache-mib 0 laat de database zonder cache",
                )
                .into(),
                vec![lang
                    .pick(
                        "e.g. --cache-mib 128 (the default)",
                        "bijvoorbeeld --cache-mib 128 (de standaard)",
                    )
                    .into()],
            ),
            Problem::TrailsPageZero => d(
                lang.pick(
                    "--trails-page 0 leaves the pages of GET /api/trails empty",
                    "--trails-page 0 laat de pagina's van GET /api/trails leeg",
                )
                .into(),
                vec![lang
                    .pick(
                        "e.g. --trails-page 500 (the default)",
                        "bijvoorbeeld --trails-page 500 (de standaard)",
                    )
                    .into()],
            ),
            Problem::ModelWithoutRuns => d(
                lang.pick(
                    "a model without --runs shows nothing",
                    "een model zonder --runs toont niets",
                )
                .into(),
                vec![lang
                    .pick(
                        "add --runs N, e.g. --runs 2000",
                        "voeg --runs N toe, bijvoorbeeld --runs 2000",
                    )
                    .into()],
            ),
            Problem::CannotListen { addr, error } => d(
                if nl {
                    format!("kan niet luisteren op {addr}: {}", io_problem(lang, error))
                } else {
                    format!("cannot listen on {addr}: {}", io_problem(lang, error))
                },
                vec![lang
                    .pick(
                        "choose another address with --listen, or stop what holds it",
                        "kies een ander adres met --listen, of stop wat het bezet houdt",
                    )
                    .into()],
            ),
            Problem::ServerFailed { error } => d(
                if nl {
                    format!("de server faalde: {}", io_problem(lang, error))
                } else {
                    format!("the server failed: {}", io_problem(lang, error))
                },
                vec![],
            ),
        }
    }
}

/// Why `--debate` names no single activity.
fn find_error(lang: Lang, e: &stroom::debates::FindError) -> String {
    use stroom::debates::FindError;
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        FindError::NotFound { query, count } => format!(
            "geen activiteit met id, nummer of onderwerp '{query}' onder de {count} in het bestand"
        ),
        FindError::Ambiguous { query, matches } => format!(
            "'{query}' past bij {} activiteiten: {}",
            matches.len(),
            matches
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        ),
        FindError::NoDate { label } => {
            format!("activiteit {label} heeft geen Datum of Aanvangstijd")
        }
    }
}

/// A failed verification (exit 5): a trail, an import or an export that does not check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failed {
    /// `verify` found a broken event.
    Verify {
        /// The stroom.
        stroom: String,
        /// The event.
        seq: u64,
        /// What is wrong, in English (a server of another version sends no `broken`).
        reason: String,
        /// What is wrong, typed.
        broken: Option<stroom::audit::Broken>,
    },
    /// An import whose signatures do not check against `--trust`.
    ImportSignature {
        /// The file.
        file: String,
        /// The line of the event.
        line: usize,
        /// The event.
        bad: stroom::audit::BadEvent,
    },
    /// The export the server sent does not check.
    ServerExport {
        /// Its line.
        line: usize,
        /// What is wrong.
        problem: stroom::export::ExportProblem,
    },
    /// An export file (`import`) that does not check.
    Export {
        /// The file.
        file: String,
        /// The engine's answer.
        error: stroom::export::ExportError,
    },
}

impl Failed {
    /// The failure for people, in `lang`.
    pub fn diagnostic(&self, lang: Lang) -> Diagnostic {
        let nl = lang == Lang::Nl;
        let d = |message: String, hints: Vec<String>| Diagnostic { message, hints };
        match self {
            Failed::Verify {
                stroom,
                seq,
                reason,
                broken,
            } => {
                let why = match broken {
                    Some(b) => crate::audit::broken(lang, b),
                    None => reason.clone(),
                };
                d(
                    if nl {
                        format!("stukkenstroom '{stroom}' doorstaat de controle niet bij gebeurtenis {seq}: {why}")
                    } else {
                        format!("stroom '{stroom}' fails verification at event {seq}: {why}")
                    },
                    vec![if nl {
                        format!("bekijk de gebeurtenis met 'stroom log {stroom}'; herstel de database uit een export ('stroom import')")
                    } else {
                        format!("see the event with 'stroom log {stroom}'; restore the database from an export ('stroom import')")
                    }],
                )
            }
            Failed::ImportSignature { file, line, bad } => d(
                if nl {
                    format!(
                        "{file}:{line}: gebeurtenis {} van stukkenstroom {}: {}",
                        bad.seq,
                        bad.stroom,
                        crate::audit::broken(lang, &bad.broken)
                    )
                } else {
                    format!(
                        "{file}:{line}: event {} of stroom {}: {}",
                        bad.seq, bad.stroom, bad.reason
                    )
                },
                vec![lang
                    .pick(
                        "the export was altered after it was signed, or signed by another database than the key given: import an intact export, or give the key that signed it with --trust; nothing was imported",
                        "de export is gewijzigd nadat hij werd ondertekend, of ondertekend door een andere database dan die van de gegeven sleutel: importeer een ongeschonden export, of geef met --trust de sleutel die hem ondertekende; er is niets geïmporteerd",
                    )
                    .into()],
            ),
            Failed::ServerExport { line, problem } => d(
                if nl {
                    format!(
                        "de export van de server klopt niet, op regel {line}: {}",
                        crate::audit::export_problem(lang, problem)
                    )
                } else {
                    format!(
                        "the export from the server does not check, at its line {line}: {}",
                        crate::audit::export_problem(lang, problem)
                    )
                },
                vec![lang
                    .pick(
                        "try again; if it persists, the server's database needs 'stroom verify'",
                        "probeer het opnieuw; blijft het, dan moet de database van de server door 'stroom verify'",
                    )
                    .into()],
            ),
            Failed::Export { file, error } => {
                let column = error.column.map(|c| format!(":{c}")).unwrap_or_default();
                d(
                    format!(
                        "{file}:{}{column}: {}",
                        error.line,
                        crate::audit::export_problem(lang, &error.problem)
                    ),
                    vec![crate::audit::export_hint(lang, &error.problem)],
                )
            }
        }
    }

    /// Whether the file is not an export at all (bad input, exit 2) rather than one that
    /// was changed (exit 5).
    pub fn malformed(&self) -> bool {
        matches!(self, Failed::Export { error, .. } if error.malformed)
    }
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic(Lang::En).text(Lang::En))
    }
}

impl std::error::Error for Failed {}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic(Lang::En).text(Lang::En))
    }
}

impl std::error::Error for Problem {}

/// Why a named `--kamer-by` deadline falls on its date: the engine's typed answer.
pub use stroom::calendar::NamedDeadline as KamerBy;

fn kamer_by_why(lang: Lang, why: &KamerBy) -> String {
    let nl = lang == Lang::Nl;
    match why {
        KamerBy::Zomerreces {
            year,
            starts,
            level,
        } => {
            let level = crate::labels::provenance(lang, *level);
            if nl {
                format!(
                    "de dag voor het zomerreces van {year}, dat begint op {} ({level})",
                    day(lang, *starts)
                )
            } else {
                format!("the day before the zomerreces of {year} starts on {starts} ({level})")
            }
        }
        KamerBy::Prinsjesdag { year } => {
            if nl {
                format!("Prinsjesdag {year}, de derde dinsdag van september")
            } else {
                format!("Prinsjesdag {year}, the third Tuesday of September")
            }
        }
        KamerBy::Kamervragen { received, uitstel } => match (lang, uitstel) {
            (Lang::En, false) => {
                format!("answer to schriftelijke vragen of {received} within 3 weeks")
            }
            (Lang::En, true) => format!(
                "answer to schriftelijke vragen of {received} within 6 weeks (3 + 3 after an uitstelbericht)"
            ),
            (Lang::Nl, false) => format!(
                "antwoord op schriftelijke vragen van {} binnen 3 weken",
                day(lang, *received)
            ),
            (Lang::Nl, true) => format!(
                "antwoord op schriftelijke vragen van {} binnen 6 weken (3 + 3 na een uitstelbericht)",
                day(lang, *received)
            ),
        },
    }
}

/// A note on stderr beside a command's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// A recording command without `--on` records as of today.
    RecordingAsOfToday {
        /// Today.
        today: Date,
    },
    /// Another command holds the database; this one waits.
    WaitingForLock {
        /// The database.
        db: String,
        /// How long at most.
        seconds: u64,
    },
    /// The route of a stored stroom changed since it was registered.
    RouteChanged {
        /// The route.
        route: String,
        /// The stroom.
        reference: String,
    },
    /// `--approval-days` on an ad hoc plan, where `--ready` says when all approved.
    ApprovalDaysAdHoc,
    /// What a named `--kamer-by` deadline meant.
    KamerBy {
        /// What was given.
        expr: String,
        /// The date it means.
        date: Date,
        /// Why.
        why: KamerBy,
    },
    /// Which Kamer activity `--debate` named.
    DebateActivity {
        /// What was given.
        debate: String,
        /// The activity.
        label: String,
        /// Its date.
        date: Date,
    },
    /// A Monte Carlo run without any distribution: every run is the same.
    FixedModel,
    /// A stroom that could not be planned is left out of a calendar file.
    LeftOutOfCalendar {
        /// The stroom.
        reference: String,
        /// Why, the first line of its error.
        why: String,
    },
    /// `stroom man --dir` wrote its pages.
    ManualWritten {
        /// The folder.
        dir: String,
    },
    /// `init` made a new database.
    DatabaseCreated,
    /// `init` found a database.
    DatabaseExists {
        /// How many strooms it holds.
        strooms: u64,
    },
    /// `verify` found every chain intact.
    Verified {
        /// Strooms checked.
        strooms: u64,
        /// Events checked.
        events: u64,
    },
    /// Every event is signed by a key given with `--trust`.
    SignedByTrusted {
        /// How many keys were given.
        keys: usize,
    },
    /// The database has no signing key yet.
    NoSigningKeyYet,
    /// Signatures were checked against the database's own key only.
    CheckedAgainstOwnKey {
        /// The key file; `None` for a server's own key.
        file: Option<String>,
    },
    /// Events from before signing.
    UnsignedBeforeSigning {
        /// How many.
        events: u64,
    },
    /// Events signed by another key than the database's.
    SignedByOtherKey {
        /// How many.
        events: u64,
        /// That key's fingerprint.
        fingerprint: String,
    },
    /// Events signed by the database's previous key (`key --rotate`).
    SignedByPreviousKey {
        /// How many.
        events: u64,
        /// That key's fingerprint.
        fingerprint: String,
        /// When it was given up.
        rotated_at: String,
        /// Whether the rotation is signed by it.
        endorsed: bool,
    },
    /// The fingerprint of the key `stroom key` prints.
    KeyFingerprint {
        /// The fingerprint.
        fingerprint: String,
        /// The key file; `None` for a server's key.
        file: Option<String>,
    },
    /// `export FILE` wrote its file.
    Exported {
        /// Events written.
        events: u64,
        /// Strooms written.
        strooms: u64,
        /// The file.
        path: String,
    },
    /// `import` without `--trust` of signed events.
    SignaturesNotTrusted {
        /// How many events are signed.
        signed: u64,
    },
    /// `import --anchor` left out a torn last line.
    TornAnchorLine {
        /// The file.
        file: String,
    },
    /// `stroom serve` is listening.
    Serving {
        /// The database.
        db: String,
        /// The address it listens on.
        addr: String,
    },
    /// What an empirical Monte Carlo model learned from the finished strooms.
    EmpiricalDurations {
        /// How many finished strooms it learned from.
        finished: usize,
        /// Per role, how many approval durations were observed.
        observations: Vec<(String, usize)>,
    },
}

impl fmt::Display for Note {
    /// The note in English (the server's API language).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&note(Lang::En, self))
    }
}

fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn strooms_nl(n: u64) -> String {
    count(n, "stroom", "strooms")
}

/// What opening the database repaired or found, for stderr; `None` for what is only for
/// the debug log (sled catching up).
pub fn repair(lang: Lang, r: &stroom::store::Repair) -> Option<String> {
    use stroom::store::Repair;
    let nl = lang == Lang::Nl;
    Some(match r {
        Repair::StaleSnapshot { file } => if nl {
            format!("database hersteld: '{file}' verwijderd, een momentopname die een crash of een volle schijf half geschreven achterliet (het log bevat de gegevens)")
        } else {
            format!("repaired the database: removed '{file}', a snapshot left half-written by a crash or a full disk (the log holds its data)")
        },
        Repair::Restored {
            stroom,
            events,
            in_database,
        } => {
            let mut t = String::new();
            for e in events {
                let on = crate::text::event_date(lang, e.record.event.on);
                let what = crate::text::event(lang, &e.record);
                let at = e.record.recorded_at.to_string();
                let actor = e.record.actor.escape_debug();
                t.push_str(&if nl {
                    format!(
                        "gebeurtenis {} van {stroom} ({on}: {what}, vastgelegd {at} door {actor}) ontbrak in de opslag; {}\n",
                        e.seq,
                        if *in_database {
                            "hersteld uit het ankerjournaal"
                        } else {
                            "gelezen uit het ankerjournaal (in de database hersteld zodra sled wordt bijgewerkt, bijvoorbeeld door 'stroom init')"
                        }
                    )
                } else {
                    format!(
                        "event {} of {stroom} ({on}: {what}, recorded {at} by {actor}) was missing from the store; {}\n",
                        e.seq,
                        if *in_database {
                            "restored from the anchor journal"
                        } else {
                            "read from the anchor journal (restored in the database when sled is next brought up to date, e.g. by 'stroom init')"
                        }
                    )
                });
            }
            t.trim_end().to_string()
        }
        Repair::TornAnchor { file, cut: true } => if nl {
            format!("database hersteld: de laatste regel van '{file}' afgeknipt, half geschreven toen een crash het schrijven onderbrak (dat commando is nooit bevestigd)")
        } else {
            format!("repaired the database: cut off the last line of '{file}', torn by a crash while it was written (that command was never acknowledged)")
        },
        Repair::TornAnchor { file, cut: false } => if nl {
            format!("de laatste regel van '{file}' is half geschreven toen een crash het schrijven onderbrak (dat commando is nooit bevestigd); het volgende vastleggende commando knipt hem af")
        } else {
            format!("the last line of '{file}' is torn by a crash while it was written (that command was never acknowledged); the next writing command cuts it off")
        },
        Repair::AnchorStarted { events } => if nl {
            format!("het ankerjournaal is begonnen met de {events} gebeurtenissen die de database bevat")
        } else {
            format!("started the anchor journal with the {events} events the database holds")
        },
        Repair::KeyRotationFinished { file, fingerprint } => if nl {
            format!("sleutelwissel afgemaakt: '{file}' bevat nu de sleutel {fingerprint} die de laatste wissel in 'signing.rotations' noemt (een crash onderbrak de wissel nadat die was vastgelegd)")
        } else {
            format!("finished the key rotation: '{file}' now holds key {fingerprint}, which the last rotation in 'signing.rotations' names (a crash interrupted the rotation after it was recorded)")
        },
        Repair::KeyRotationUndone { file } => if nl {
            format!("'{file}' verwijderd, achtergelaten door een sleutelwissel die een crash onderbrak voordat die was vastgelegd; de sleutel in gebruik is ongewijzigd")
        } else {
            format!("removed '{file}', left by a key rotation a crash interrupted before it was recorded; the key in use is unchanged")
        },
        Repair::CaughtUp { .. } => return None,
        Repair::NoAnchor => lang
            .pick(
                "this database has no anchor journal yet (made before it existed): the trail cannot be checked against it until a writing command starts one",
                "deze database heeft nog geen ankerjournaal (ze is van daarvoor): het spoor kan er niet mee worden vergeleken tot een vastleggend commando er een begint",
            )
            .to_string(),
    })
}

/// `stroom key --rotate`'s note: the new key follows the previous one.
pub fn key_rotated(lang: Lang, next: &str, previous: &str, file: &str, endorsed: bool) -> String {
    match (lang, endorsed) {
        (Lang::En, true) => format!("rotated the signing key: {next} follows {previous}, recorded in '{file}' and signed by the previous key (verify --trust OLD accepts the new key's events too); give the new key to whoever checks with --trust"),
        (Lang::En, false) => format!("rotated the signing key: {next} follows {previous}, recorded in '{file}' without the previous key's signature (its secret was lost): verify names the earlier events as signed by the previous key; give the new key to whoever checks with --trust"),
        (Lang::Nl, true) => format!("ondertekeningssleutel vervangen: {next} volgt {previous} op, vastgelegd in '{file}' en ondertekend met de vorige sleutel (verify --trust OUD aanvaardt dan ook de gebeurtenissen van de nieuwe sleutel); geef de nieuwe sleutel aan wie controleert met --trust"),
        (Lang::Nl, false) => format!("ondertekeningssleutel vervangen: {next} volgt {previous} op, vastgelegd in '{file}' zonder handtekening van de vorige sleutel (het geheim daarvan is verloren): verify noemt de eerdere gebeurtenissen ondertekend met de vorige sleutel; geef de nieuwe sleutel aan wie controleert met --trust"),
    }
}

/// A panic caught at the top of the CLI (a bug, or sled failing inside), for people.
pub fn panicked(lang: Lang, message: &str, place: &str, sled: bool) -> String {
    match (lang, sled) {
        (Lang::En, true) => format!("the database engine (sled) stopped on an error: {message}\n  hint: nothing this command did not report as recorded was recorded; run 'stroom verify' (the next command restores from the anchor journal anything sled lost)"),
        (Lang::En, false) => format!("stroom stopped on an internal error (a bug) at {place}: {message}\n  hint: nothing this command did not report as recorded was recorded; run 'stroom verify', and please report the bug with the command you ran"),
        (Lang::Nl, true) => format!("de database-engine (sled) stopte op een fout (in het Engels: \"{message}\")\n  tip: niets wat dit commando niet als vastgelegd meldde, is vastgelegd; voer 'stroom verify' uit (het volgende commando herstelt uit het ankerjournaal wat sled verloor)"),
        (Lang::Nl, false) => format!("stroom stopte op een interne fout (een bug) in {place} (in het Engels: \"{message}\")\n  tip: niets wat dit commando niet als vastgelegd meldde, is vastgelegd; voer 'stroom verify' uit, en meld de bug met het commando dat u gaf"),
    }
}

/// What `import` restored, for stdout.
pub fn imported(lang: Lang, strooms: u64, events: u64, db: &str) -> String {
    match lang {
        Lang::En => format!(
            "imported {}, {} into '{db}'",
            count(strooms, "stroom", "strooms"),
            count(events, "event", "events")
        ),
        Lang::Nl => format!(
            "{} en {} geïmporteerd in '{db}'",
            strooms_nl(strooms),
            count(events, "gebeurtenis", "gebeurtenissen")
        ),
    }
}

/// `verify`'s table columns and the labels of its key lines.
pub fn verify_columns(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::En => ["STROOM", "EVENTS", "SIGNED", "HEAD"],
        Lang::Nl => ["STROOM", "GEBEURTENISSEN", "ONDERTEKEND", "LAATSTE HASH"],
    }
}

/// `verify`'s key lines: fingerprint and public key labels, padded alike.
pub fn key_labels(lang: Lang) -> [&'static str; 2] {
    match lang {
        Lang::En => ["key fingerprint", "public key     "],
        Lang::Nl => ["vingerafdruk sleutel", "publieke sleutel    "],
    }
}

/// A note in `lang`, as one or more lines.
pub fn note(lang: Lang, n: &Note) -> String {
    let nl = lang == Lang::Nl;
    match n {
        Note::RecordingAsOfToday { today } => {
            if nl {
                format!(
                    "vastgelegd per vandaag, {}; geef --on DATUM voor de dag waarop het gebeurde",
                    day(lang, *today)
                )
            } else {
                format!("recording as of today, {today}; pass --on DATE for the day it happened")
            }
        }
        Note::WaitingForLock { db, seconds } => {
            if nl {
                format!("wacht tot een andere stroom-opdracht klaar is met de database in '{db}' (hoogstens {seconds} s; STROOM_LOCK_WAIT_MS bepaalt hoe lang)")
            } else {
                format!("waiting for another stroom command to finish with the database at '{db}' (up to {seconds} s; STROOM_LOCK_WAIT_MS sets how long)")
            }
        }
        Note::RouteChanged { route, reference } => {
            if nl {
                format!("route '{route}' is gewijzigd sinds stroom {reference} werd geregistreerd: de geschiedenis wordt gelezen volgens de route die ermee is opgeslagen; de schattingen komen uit de huidige definitie")
            } else {
                format!("route '{route}' changed since stroom {reference} was registered: its history is read under the route stored with it; the estimates come from the current definition")
            }
        }
        Note::ApprovalDaysAdHoc => lang
            .pick(
                "--approval-days N has no effect on an ad hoc plan: --ready is when all have approved",
                "--approval-days N doet niets bij een losse planning: --ready is de dag waarop iedereen akkoord is",
            )
            .into(),
        Note::KamerBy { expr, date, why } => {
            format!(
                "--kamer-by {expr} = {} ({})",
                day(lang, *date),
                kamer_by_why(lang, why)
            )
        }
        Note::DebateActivity {
            debate,
            label,
            date,
        } => {
            if nl {
                format!("--debate {debate} = {label} op {}", day(lang, *date))
            } else {
                format!("--debate {debate} = {label} on {}", day(lang, *date))
            }
        }
        Note::FixedModel => lang
            .pick(
                "note: no distributions given (--approval, --role-approval, --p-onderraad, --p-return, --p-hold): every run is the same",
                "let op: geen verdelingen gegeven (--approval, --role-approval, --p-onderraad, --p-return, --p-hold): elke simulatie is gelijk",
            )
            .into(),
        Note::LeftOutOfCalendar { reference, why } => {
            if nl {
                format!("let op: stroom {reference} staat niet in het agendabestand: {why}")
            } else {
                format!("note: stroom {reference} is left out of the calendar: {why}")
            }
        }
        Note::EmpiricalDurations {
            finished,
            observations,
        } => {
            let per_role: Vec<String> = observations
                .iter()
                .map(|(r, n)| match lang {
                    Lang::En => format!("{r} ({n} observations)"),
                    Lang::Nl => format!("{r} ({n} waarnemingen)"),
                })
                .collect();
            match lang {
                Lang::En => format!(
                    "empirical approval durations from {finished} finished stroom{}: {}",
                    if *finished == 1 { "" } else { "s" },
                    per_role.join(", ")
                ),
                Lang::Nl => format!(
                    "akkoordduur geleerd uit {finished} afgeronde strooms: {}",
                    per_role.join(", ")
                ),
            }
        }
        Note::DatabaseCreated => lang
            .pick("created a new database", "nieuwe database aangemaakt")
            .into(),
        Note::DatabaseExists { strooms } => {
            if nl {
                format!("de database bestaat al en bevat {}", strooms_nl(*strooms))
            } else {
                format!(
                    "the database exists and holds {}",
                    count(*strooms, "stroom", "strooms")
                )
            }
        }
        Note::Verified { strooms, events } => {
            if nl {
                format!(
                    "{} en {} geverifieerd: elke keten is intact",
                    strooms_nl(*strooms),
                    count(*events, "gebeurtenis", "gebeurtenissen")
                )
            } else {
                format!(
                    "verified {}, {}: every chain is intact",
                    count(*strooms, "stroom", "strooms"),
                    count(*events, "event", "events")
                )
            }
        }
        Note::SignedByTrusted { keys } => match (lang, keys) {
            (Lang::En, 1) => "every event is signed by the trusted key".into(),
            (Lang::En, n) => format!("every event is signed by one of the {n} trusted keys"),
            (Lang::Nl, 1) => "elke gebeurtenis is ondertekend met de vertrouwde sleutel".into(),
            (Lang::Nl, n) => {
                format!("elke gebeurtenis is ondertekend met een van de {n} vertrouwde sleutels")
            }
        },
        Note::NoSigningKeyYet => lang
            .pick(
                "this database has no signing key yet (it gets one at its next write): its events are unsigned",
                "deze database heeft nog geen ondertekeningssleutel (die komt bij de volgende schrijfactie): de gebeurtenissen zijn niet ondertekend",
            )
            .into(),
        Note::CheckedAgainstOwnKey { file } => match lang {
            Lang::En => {
                let whose = file.as_ref().map_or("the server's own key".to_string(), |f| {
                    format!("this database's own key ('{f}')")
                });
                format!("signatures checked against {whose}: that shows the records agree with it, not who wrote them; check against a copy of the key kept elsewhere with --trust KEY")
            }
            Lang::Nl => {
                let whose = file.as_ref().map_or("de eigen sleutel van de server".to_string(), |f| {
                    format!("de eigen sleutel van deze database ('{f}')")
                });
                format!("handtekeningen gecontroleerd met {whose}: dat toont dat de records ermee kloppen, niet wie ze schreef; controleer met een elders bewaarde kopie van de sleutel via --trust SLEUTEL")
            }
        },
        Note::UnsignedBeforeSigning { events } => {
            if nl {
                format!(
                    "{} van vóór het ondertekenen {} niet ondertekend",
                    count(*events, "gebeurtenis", "gebeurtenissen"),
                    if *events == 1 { "is" } else { "zijn" }
                )
            } else {
                format!(
                    "{} from before signing {} unsigned",
                    count(*events, "event", "events"),
                    if *events == 1 { "is" } else { "are" }
                )
            }
        }
        Note::SignedByOtherKey {
            events,
            fingerprint,
        } => {
            if nl {
                format!(
                    "{} ondertekend met een andere sleutel, {fingerprint} (geïmporteerd uit een andere database?): controleer met --trust SLEUTEL",
                    count(*events, "gebeurtenis is", "gebeurtenissen zijn")
                )
            } else {
                format!(
                    "{} signed by another key, {fingerprint} (imported from another database?): check {} with --trust KEY",
                    count(*events, "event is", "events are"),
                    if *events == 1 { "it" } else { "them" }
                )
            }
        }
        Note::KeyFingerprint { fingerprint, file } => match (lang, file) {
            (Lang::En, Some(f)) => format!("fingerprint {fingerprint} ('{f}')"),
            (Lang::En, None) => format!("fingerprint {fingerprint} (the server's key)"),
            (Lang::Nl, Some(f)) => format!("vingerafdruk {fingerprint} ('{f}')"),
            (Lang::Nl, None) => format!("vingerafdruk {fingerprint} (de sleutel van de server)"),
        },
        Note::Exported {
            events,
            strooms,
            path,
        } => {
            if nl {
                format!(
                    "{} van {} geëxporteerd naar '{path}'",
                    count(*events, "gebeurtenis", "gebeurtenissen"),
                    strooms_nl(*strooms)
                )
            } else {
                format!(
                    "exported {} of {} to '{path}'",
                    count(*events, "event", "events"),
                    count(*strooms, "stroom", "strooms")
                )
            }
        }
        Note::SignaturesNotTrusted { signed } => {
            if nl {
                format!(
                    "{} ondertekend; de handtekeningen kloppen, maar zijn niet gecontroleerd met een sleutel die u vertrouwt: geef --trust SLEUTEL (de 'stroom key' van de exporterende database)",
                    count(*signed, "gebeurtenis is", "gebeurtenissen zijn")
                )
            } else {
                format!(
                    "{} signed; the signatures verify but were not checked against a key you trust: add --trust KEY (the exporting database's 'stroom key')",
                    count(*signed, "event is", "events are")
                )
            }
        }
        Note::Serving { db, addr } => {
            if nl {
                format!("'{db}' is bereikbaar op http://{addr} (Ctrl-C of SIGTERM stopt de server)")
            } else {
                format!("serving '{db}' on http://{addr} (Ctrl-C or SIGTERM stops it)")
            }
        }
        Note::TornAnchorLine { file } => {
            if nl {
                format!("de laatste regel van '{file}' is onvolledig (een schrijfactie afgebroken door een crash, nooit bevestigd): weggelaten")
            } else {
                format!("the last line of '{file}' is incomplete (a write cut off by a crash, never acknowledged): left out")
            }
        }
        Note::SignedByPreviousKey {
            events,
            fingerprint,
            rotated_at,
            endorsed,
        } => {
            if nl {
                format!(
                    "{} ondertekend met de vorige sleutel van deze database, {fingerprint}, opgegeven op {rotated_at} ({})",
                    count(*events, "gebeurtenis is", "gebeurtenissen zijn"),
                    if *endorsed {
                        "de vervanging is ermee ondertekend: de nieuwe sleutel volgt hem op"
                    } else {
                        "het geheim ervan is verloren, dus de vervanging is er niet mee ondertekend: die gebeurtenissen zijn maar zo betrouwbaar als de databasemap; controleer ze met --trust SLEUTEL"
                    }
                )
            } else {
                format!(
                    "{} signed by this database's previous key {fingerprint}, given up at {rotated_at} ({})",
                    count(*events, "event is", "events are"),
                    if *endorsed {
                        "the rotation is signed by it: the new key follows it"
                    } else {
                        "its secret was lost, so the rotation is not signed by it: those events are only as trustworthy as the database directory; check them with --trust KEY"
                    }
                )
            }
        }
        Note::ManualWritten { dir } => {
            if nl {
                format!("handleidingpagina's geschreven in {dir}")
            } else {
                format!("wrote the manual pages into {dir}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_problems_in_dutch_by_kind_and_in_english_as_the_system_says() {
        let e = IoProblem::from(&std::io::Error::from(std::io::ErrorKind::NotFound));
        assert_eq!(io_problem(Lang::Nl, &e), "bestand of map bestaat niet");
        assert_eq!(io_problem(Lang::En, &e), e.text);
        let p = Problem::CannotRead {
            what: FileKind::Stroom,
            path: "x.toml".into(),
            error: e,
        };
        assert_eq!(
            p.diagnostic(Lang::Nl).message,
            "kan het stroombestand 'x.toml' niet lezen: bestand of map bestaat niet"
        );
        assert!(p
            .to_string()
            .starts_with("cannot read stroom file 'x.toml': "));
    }
}
