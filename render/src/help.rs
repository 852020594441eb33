//! `--help` in Dutch: what each command does, the global options, the headings. The CLI
//! puts these over clap's English texts when the language is Dutch. The descriptions of a
//! command's own options stay English: they are mostly flag and value names, which are
//! English on the command line anyway.

/// What `stroom` is, under `stroom --help`.
pub const ABOUT_NL: &str = "Plant en registreert hoe een stukkenstroom naar de Tweede Kamer gaat.";

/// The heading of the examples at the end of a command's help.
pub fn examples_heading(lang: crate::Lang) -> &'static str {
    lang.pick("Examples:", "Voorbeelden:")
}

/// The note at the end of a command's help that the global options are listed once.
pub fn global_note(lang: crate::Lang) -> &'static str {
    lang.pick(
        "Global options (--db, --format, --lang, --today, ...): see 'stroom --help'.",
        "Globale opties (--db, --format, --lang, --today, ...): zie 'stroom --help'.",
    )
}

/// The heading of the global options.
pub fn global_heading(lang: crate::Lang) -> &'static str {
    lang.pick("Global options", "Globale opties")
}

/// clap's help layout with Dutch headings for usage, commands and options.
pub const TEMPLATE_NL: &str = "{about-with-newline}\nGebruik: {usage}\n\n{all-args}{after-help}";

/// The heading of the list of commands.
pub const COMMANDS_NL: &str = "Opdrachten";

/// The heading of a command's positional arguments.
pub const ARGUMENTS_NL: &str = "Argumenten";

/// A heading of options in Dutch.
pub fn heading_nl(heading: &str) -> Option<&'static str> {
    Some(match heading {
        "Calendar (--format ics)" => "Agendabestand (--format ics)",
        _ => return None,
    })
}

/// The help of `-h, --help` and `-V, --version`.
pub const HELP_NL: &str = "Toon deze hulp";
/// The help of `-V, --version`.
pub const VERSION_NL: &str = "Toon het versienummer";

/// What the exit codes mean, for the end of `stroom --help` (code 0 to 6).
pub const EXIT_CODES_NL: &str = "Afsluitcodes:
  0  gelukt
  1  onverwachte fout
  2  verkeerd gebruik of verkeerde invoer (opties, datum of bestand onjuist, onbekende route, rol of stroom)
  3  opdracht geweigerd door de toestandsmachine (nu niet toegestaan)
  4  databaseprobleem (vergrendeld, formaatversie, conflict, bestaat al; server onbereikbaar)
  5  verificatie mislukt (gewijzigd spoor, import die niet verifieert)
  6  met --server: niet ingelogd, of de gebruiker mist het recht

Data als JJJJ-MM-DD. Elke opdracht die een stroom wijzigt neemt --on DATUM, de dag waarop het
gebeurde (standaard: vandaag); die mag in het verleden liggen, nooit na vandaag.";

/// The heading of a command's own options.
pub const OPTIONS_NL: &str = "Opties";

/// What a command does, in Dutch, by its name (`plan`, `calendar import`, ...).
pub fn about_nl(command: &str) -> Option<&'static str> {
    Some(match command {
        "init" => "Maak de database aan (of open hem) en toon het pad",
        "new" => "Registreer een nieuwe stroom, met opties of uit een stroombestand",
        "list" => "Toon de vastgelegde strooms",
        "show" => "Toon een stroom: status, versie, wie wel en niet akkoord is, wat er nu kan",
        "submit" => "Leg de huidige versie voor aan de bewindspersonen",
        "approve" => "Leg vast dat een bewindspersoon akkoord is met een versie (route ministerraad)",
        "return" => "Leg vast dat een bewindspersoon een versie met opmerkingen terugstuurt: er volgt een nieuwe versie",
        "deliver" => "Leg de aanlevering bij het voorportaal voor een vergadering vast",
        "voorportaal" => "Leg de uitkomst van het voorportaal vast",
        "needs-onderraad" => "Leg vast of een onderraad nodig is (kan wijzigen tot de ministerraad besluit)",
        "onderraad" => "Leg de uitkomst van de onderraad vast",
        "mr" => "Leg de uitkomst van de ministerraad vast",
        "sign" => "Leg vast dat een bewindspersoon een versie heeft ondertekend (route ondertekening)",
        "send" => "Leg vast dat de stroom aan de Tweede Kamer is verzonden",
        "withdraw" => "Trek de stroom in",
        "log" => "Toon het auditspoor van een stroom",
        "correct" => "Corrigeer een verkeerd vastgelegde gebeurtenis (andere datum, of vervallen) met een correctie achteraan",
        "verify" => "Herbereken elke hashketen, controleer elke handtekening en speel elke stroom na; meldt de eerste gewijzigde gebeurtenis",
        "key" => "Toon de publieke ondertekeningssleutel van de database, voor 'verify --trust' en 'import --trust'",
        "export" => "Schrijf alle gebeurtenissen als JSON-regels weg (een back-up)",
        "import" => "Zet een export terug in een lege database",
        "routes" => "Toon de routes die een stroom kan volgen",
        "routes list" => "Toon de bekende routes",
        "routes show" => "Toon de instellingen en de overgangstabel van een route",
        "plan" => "Plan: de vroegste Kamerdatum met elke stap en waarom, en bij een doel de uiterste datum per stap",
        "simulate" => "Wat-als-scenario's naast elkaar, en Monte Carlo-kansen",
        "portfolio" => "Alle open strooms met hun vroegste Kamerdatum, speling en risico",
        "agenda" => "Wat er de komende weken in alle open strooms moet gebeuren, per dag",
        "calendar" => "Werkdagen, feestdagen en vergaderkalenders",
        "calendar feestdagen" => "Toon de feestdagen van het Rijk (en blokdagen) in een jaar",
        "calendar add-werkdagen" => "Tel N werkdagen op bij een datum (N mag negatief zijn)",
        "calendar show" => "Toon de vergaderingen van een orgaan met hun herkomst (cwizo, rwizo, mr, tweede-kamer)",
        "calendar check" => "Controleer een kalenderbestand",
        "calendar generate" => "Schrijf het meegeleverde kalenderbestand van een orgaan: vermeldingen met bron blijven, de rest geschat volgens de regels",
        "calendar import" => "Laad het schema van een secretariaat (.ics-vergaderreeks of .csv) als bronkalender van het orgaan",
        "serve" => "Start de teamserver: JSON-API en browserinterface op deze database",
        "users" => "Beheer de gebruikers en rechten van de server (lokaal terwijl de server niet draait, of met --server als beheerder)",
        "users add" => "Voeg een gebruiker toe; het wachtwoord komt uit STROOM_PASSWORD, anders van de terminal of stdin",
        "users grant" => "Vervang de rechten van een gebruiker",
        "users list" => "Toon de gebruikers en hun rechten",
        "users remove" => "Verwijder een gebruiker: diens sessies en tokens werken niet meer; wat die vastlegde blijft",
        "users password" => "Stel een wachtwoord in: een beheerder voor iedereen; met --server wijzigen gebruikers hun eigen wachtwoord",
        "login" => "Log in op een server (--server URL) en bewaar het token voor de volgende opdrachten",
        "logout" => "Trek het token van `stroom login` in en vergeet het",
        "completions" => "Schrijf een script voor het aanvullen in de shell (bash, zsh, fish, powershell)",
        "man" => "Schrijf de handleiding (roff), of één pagina per opdracht in een map",
        _ => return None,
    })
}

/// The longer description of a command that has one (`--help` rather than `-h`), in Dutch.
pub fn long_about_nl(command: &str) -> Option<&'static str> {
    Some(match command {
        "calendar import" => "Laad het schema van een secretariaat (.ics-vergaderreeks of .csv) als bronkalender van het orgaan\n\n\
            Schrijft een kalenderbestand naast de database (in de map 'calendars' ernaast) dat elke volgende \
            opdracht laadt, en meldt welke vergaderingen het vervangt. CSV-kolommen (kopregel, ',' of ';'): \
            meeting (vergadering, datum), deadline (aanleverdeadline), mr (mr zonder onderraad), \
            mr-with-onderraad (mr met onderraad); data als 2023-10-09, 9-10-2023 of \"ma 9 okt 2023\".",
        _ => return None,
    })
}

/// The help of a global option, in Dutch, by its id.
pub fn global_option_nl(id: &str) -> Option<&'static str> {
    Some(match id {
        "db" => "De databasemap [standaard: $STROOM_DB, anders de gegevensmap van de gebruiker/stroom/db]",
        "actor" => "Wie de gebeurtenissen vastlegt [standaard: $STROOM_ACTOR, anders de gebruiker van het systeem]",
        "calendars" => "Een extra kalenderbestand: de vergaderingen erin vervangen de meegeleverde voor de periode die het beslaat (herhaalbaar)",
        "routes" => "Een extra routebestand; vervangt een meegeleverde route met dezelfde naam (herhaalbaar)",
        "format" => "Uitvoer: tabellen voor mensen (human, ook text), JSON of CSV voor programma's, ics voor agenda's, svg of html voor de tijdlijn, waar een opdracht die aanbiedt",
        "lang" => "De taal van de uitvoer (foutmeldingen: zie de README) [standaard: nl als LC_ALL, LC_MESSAGES of LANG met nl begint, anders en]",
        "today" => "De datum die als vandaag geldt [standaard: de datum van de klok]",
        "verbose" => "Meer diagnostiek op stderr (-v info, -vv debug); RUST_LOG gaat voor",
        "server" => "Werk met een `stroom serve` op deze URL in plaats van een lokale database, als de gebruiker van `stroom login` (of $STROOM_TOKEN) [standaard: $STROOM_SERVER]",
        _ => return None,
    })
}

/// The help of a command's own option or argument, in Dutch, by the command's name below
/// `stroom` (`plan`, `calendar show`) and the argument's id (`kamer_by`). Options that several
/// commands share (the planning source, the Monte Carlo model, the calendar file) are found
/// by their id alone. clap's `[default: …]` and `[possible values: …]` are added by the CLI
/// in Dutch after these texts.
pub fn option_nl(command: &str, id: &str) -> Option<&'static str> {
    let specific = match (command, id) {
        ("new", "reference") => Some("Het kenmerk, bijvoorbeeld 41077000"),
        ("new", "route") => Some("De route, bijvoorbeeld ministerraad of ondertekening (zie 'stroom routes list')"),
        ("new", "kamer_by") => Some("Wanneer de Kamer het moet hebben: een datum, voor-de-zomer-JJJJ, prinsjesdag-JJJJ, kamervragen-DATUM of kamervragen-uitstel-DATUM"),
        ("new", "debate") => Some("Het debat waarvoor het op tijd moet zijn"),
        ("new", "on") => Some("De dag van registratie [standaard: vandaag]"),
        ("approve" | "sign", "role") | ("return", "role") => Some("De rol van de bewindspersoon, bijvoorbeeld MOCW"),
        ("approve" | "sign", "version") => Some("De versie waar het om gaat (verplicht, zodat nooit per ongeluk een oude versie akkoord krijgt)"),
        ("return", "version") => Some("De versie die terugging"),
        ("return", "comment") => Some("De opmerkingen: waarom het terugging"),
        ("voorportaal" | "onderraad", "outcome") => Some("De uitkomst: door (doorgestuurd) of terug (teruggestuurd)"),
        ("mr", "outcome") => Some("De uitkomst: besloten, of aangehouden tot de volgende ministerraad"),
        ("correct", "role") => Some("De rol waarvoor de gebeurtenis is vastgelegd (verplicht als ze er een had)"),
        ("import", "trust") => Some("Weiger elke gebeurtenis die niet met deze publieke sleutel is ondertekend (hex, base64, of een bestand met de sleutel; herhaalbaar)"),
        ("import", "file") => Some("Een export van 'stroom export'"),
        ("key", "rotate") => Some("Vervang de ondertekensleutel door een nieuwe, vastgelegd in signing.rotations (ondertekend door de oude sleutel als die er nog is)"),
        ("export", "file") => Some("Het bestand om te schrijven [standaard: stdout]"),
        ("calendar check", "file") => Some("Het kalenderbestand"),
        ("calendar import", "file") => Some("Het schema: BESTAND.ics of BESTAND.csv"),
        ("calendar import", "body") => Some("Het orgaan, bijvoorbeeld cwizo"),
        ("calendar show", "body") => Some("Het orgaan: cwizo, rwizo, mr of tweede-kamer"),
        ("calendar show", "year") => Some("Alleen dit jaar"),
        ("calendar generate", "body") => Some("cwizo, rwizo, mr of tweede-kamer"),
        ("calendar feestdagen", "year") => Some("Het jaar, 2000 tot en met 2100"),
        ("portfolio", "runs") => Some("Schat ook per stroom de kans om het doel te halen, met N Monte Carlo-simulaties"),
        ("serve", "runs") => Some("Toon per stroom P(doel) in het portfolio en het Monte Carlo-histogram op zijn pagina, met N simulaties van het model hieronder"),
        ("simulate", "runs") => Some("Monte Carlo: het aantal simulaties (10000 met --monte-carlo)"),
        ("simulate", "seed") => Some("Monte Carlo: het startgetal van het toeval (zelfde getal, zelfde uitvoer)"),
        ("users add", "name") => Some("De inlognaam (kleine letters, cijfers, '.', '-', '_')"),
        ("users password", "name") => Some("De inlognaam [standaard met --server: de ingelogde gebruiker]"),
        ("login", "name") => Some("De inlognaam [standaard: de gebruiker van het systeem]"),
        ("routes show", "name") => Some("De naam van de route"),
        _ => None,
    };
    if specific.is_some() {
        return specific;
    }
    Some(match id {
        // A stroom and the verbs that record on it.
        "reference" => "Het kenmerk van de stroom",
        "on" => "De dag waarop het gebeurde [standaard: vandaag]",
        "comment" => "Een opmerking voor het auditspoor",
        "role" => "De rol waarvoor dit is vastgelegd, bijvoorbeeld MOCW",
        "slot" => "De vergaderdatum van het voorportaal waarvoor is aangeleverd",
        "needed" => "Nodig (yes) of niet (no)",
        "from" if command == "new" => "Een stroombestand (TOML), zie examples/",
        "title" => "De titel",
        "directie" => "De eerstverantwoordelijke directie, bijvoorbeeld MBO",
        "eerste" => "De rol van de eerste ondertekenaar, bijvoorbeeld MSZW",
        "mede" => "De rol van een mede-ondertekenaar (herhaalbaar)",
        "event" => "Het nummer van de gebeurtenis die u corrigeert (de kolom SEQ van 'stroom log')",
        "reason" => "Waarom: blijft in het auditspoor",
        "date" if command == "correct" => "De dag waarop het echt gebeurde",
        "void" => "Het is niet gebeurd: per vergissing vastgelegd",
        "trust" => "Controleer elke handtekening met deze publieke sleutel (hex, base64, of een bestand met de sleutel; herhaalbaar)",
        "show_key" => "Toon ook de publieke sleutel van de database zelf",
        "anchor" => "BESTAND is de anchor.jsonl van een database (alleen records: een verloren staart valt niet op te merken)",
        "mermaid" => "Toon de overgangstabel als mermaid-toestandsdiagram",
        // Where a plan starts.
        "example" => "Plan een meegeleverde voorbeeldstroom (llo, werkagenda-mbo) alsof die vandaag is geregistreerd",
        "route" => "Plan los op deze route (met --ready, of alleen een doel voor de terugwaartse planning)",
        "ready" => "Los: de dag waarop alle bewindspersonen akkoord zijn",
        "onderraad" => "Plan met de onderraad (standaard: wat voor de stroom is besloten, anders zonder)",
        "no_onderraad" => "Plan zonder de onderraad",
        "send_after" => "Werkdagen van de MR (of de ondertekening) tot verzending, 0 tot 2 [standaard: die van de route]",
        "kamer_by" => "Doel: de Kamer moet het hebben op een datum, voor-de-zomer-JJJJ, prinsjesdag-JJJJ, kamervragen-DATUM (3 weken) of kamervragen-uitstel-DATUM (6 weken)",
        "debate" => "Doel: het debat waarvoor het op tijd moet zijn: een datum, of met --activities het Id, Nummer of woorden uit het onderwerp van een activiteit",
        "activities" => "De activiteiten van de Tweede Kamer zoals gedownload uit haar open data (OData Activiteit, JSON)",
        "debate_lead" => "Werkdagen tussen verzending en debat [standaard: die van de route, 4]",
        "approval_days" => "Werkdagen die een bewindspersoon nodig heeft voor akkoord, voor elke rol (N) of één (ROL=N), in plaats van de schatting van de route (herhaalbaar)",
        // Scenarios and Monte Carlo.
        "scenarios" => "Scenario's uit een TOML-bestand met [[scenario]]-tabellen (herhaalbaar)",
        "delay" => "Scenario: een stap gebeurt N werkdagen later, bijvoorbeeld approval=5 (herhaalbaar)",
        "delay_role" => "Scenario: één rol is N werkdagen later akkoord, bijvoorbeeld MPVO=5 (herhaalbaar)",
        "approve_on" => "Scenario: één rol is op een bepaalde dag akkoord, bijvoorbeeld MOCW=2023-10-05 (herhaalbaar)",
        "if_onderraad" => "Scenario: de onderraad blijkt nodig",
        "if_no_onderraad" => "Scenario: de onderraad blijkt niet nodig",
        "if_return" => "Scenario: het voorportaal stuurt het één keer terug, met N werkdagen herstelwerk",
        "if_holds" => "Scenario: de MR houdt het N keer aan",
        "if_send_after" => "Scenario: verzend K werkdagen na de MR",
        "monte_carlo" => "Monte Carlo met het standaardaantal simulaties",
        "threads" => "Monte Carlo: threads [standaard: de kernen van de machine]",
        "approval" => "Monte Carlo: hoe lang elke rol over akkoord doet: N, uniform(A,B), triangular(A,M,B) of empirical",
        "role_approval" => "Monte Carlo: hoe lang één rol over akkoord doet, bijvoorbeeld MPVO=triangular(3,5,15) (herhaalbaar)",
        "p_onderraad" => "Monte Carlo: de kans dat een onderraad nodig is (als dat niet besloten is)",
        "p_return" => "Monte Carlo: de kans dat het voorportaal het terugstuurt",
        "rework" => "Monte Carlo: herstelwerk na terugsturen door het voorportaal [standaard: dat van de route]",
        "p_hold" => "Monte Carlo: de kans dat een MR het aanhoudt (per MR, hoogstens 3 keer)",
        "runs" => "Monte Carlo: het aantal simulaties",
        "seed" => "Het startgetal van het toeval voor --runs",
        "at_risk" => "Speling in werkdagen waaronder een stroom die op tijd is \"risico\" loopt",
        "weeks" => "Hoeveel weken vooruit, vanaf vandaag",
        // Calendar files (--format ics).
        "alarm_werkdagen" => "Een herinnering zoveel werkdagen voor elke deadline (0: op de dag zelf)",
        "no_alarm" => "Geen herinneringen",
        "meeting_time" => "Vergaderingen als afspraken vanaf UU:MM (Europe/Amsterdam) [standaard: de hele dag]",
        "meeting_minutes" => "De duur van een vergadering met tijd, in minuten",
        // Calendars.
        "date" => "De datum",
        "n" => "Het aantal werkdagen om op te tellen",
        "output" => "Schrijf het kalenderbestand hierheen (- voor stdout)",
        "from" => "Het eerste jaar",
        "to" => "Het laatste jaar",
        // Server and users.
        "listen" => "Het adres om op te luisteren",
        "insecure_cookies" => "Stuur cookies zonder de vlag Secure (alleen voor gewone http op een ander adres dan localhost)",
        "cache_mib" => "De paginacache van de database in MiB (begrenst het geheugen van de server naast de verzoeken)",
        "trails_page" => "Het grootste aantal sporen in één pagina van GET /api/trails (begrenst de grootte van één antwoord)",
        "name" => "De inlognaam",
        "grants" => "Een recht: admin, planner, auditor of secretariaat:ROL (herhaalbaar)",
        "shell" => "De shell",
        "dir" => "Schrijf stroom.1 en per opdracht een stroom-OPDRACHT.1 in deze map",
        _ => return None,
    })
}

/// A value's placeholder in Dutch (`<DATUM>` for `<DATE>`), or `None` to keep it (`N`, `URL`).
pub fn value_name_nl(name: &str) -> Option<&'static str> {
    Some(match name {
        "PATH" => "PAD",
        "NAME" => "NAAM",
        "FILE" => "BESTAND",
        "DATE" => "DATUM",
        "REFERENCE" => "KENMERK",
        "ROLE" => "ROL",
        "DEADLINE" => "TERMIJN",
        "COMMENT" => "OPMERKING",
        "TITLE" => "TITEL",
        "ROUTE" => "ROUTE",
        "OUTCOME" => "UITKOMST",
        "NEEDED" => "NODIG",
        "BODY" => "ORGAAN",
        "YEAR" => "JAAR",
        "KEY" => "SLEUTEL",
        "DIR" => "MAP",
        "OUT" => "UITVOER",
        "TEXT" => "TEKST",
        "STEP=N" => "STAP=N",
        "ROLE=N" => "ROL=N",
        "ROLE=DATE" => "ROL=DATUM",
        "ROLE=DIST" => "ROL=VERDELING",
        "[ROLE=]N" => "[ROL=]N",
        "DIST" => "VERDELING",
        "DATE|ACTIVITY" => "DATUM|ACTIVITEIT",
        "HH:MM" => "UU:MM",
        "ADDR" => "ADRES",
        "GRANT" => "RECHT",
        "LANG" => "TAAL",
        "FORMAT" => "FORMAAT",
        "FROM" => "VAN",
        "TO" => "TOT",
        "SHELL" => "SHELL",
        _ => return None,
    })
}

/// clap's `[default: …]` in Dutch.
pub fn default_nl(values: &str) -> String {
    format!("[standaard: {values}]")
}

/// clap's `[possible values: …]` in Dutch.
pub fn possible_values_nl(values: &str) -> String {
    format!("[mogelijke waarden: {values}]")
}

/// The `help` subcommand clap adds, in Dutch.
pub const HELP_COMMAND_NL: &str = "Toon deze hulp of die van de genoemde opdracht(en)";

/// The argument of the `help` subcommand, in Dutch.
pub const HELP_COMMAND_ARG_NL: &str = "De opdracht(en) om de hulp van te tonen";

/// A usage line in Dutch: clap's `[OPTIONS]` and `<COMMAND>` placeholders.
pub fn usage_nl(usage: &str) -> String {
    usage
        .replace("[OPTIONS]", "[OPTIES]")
        .replace("<COMMAND>", "<OPDRACHT>")
        .replace("[COMMAND]", "[OPDRACHT]")
}

#[cfg(test)]
mod tests {
    #[test]
    fn nested_commands_are_named_with_their_parent() {
        assert!(super::about_nl("calendar import").is_some());
        assert!(super::about_nl("import").is_some());
        assert!(super::about_nl("nonsense").is_none());
    }
}
