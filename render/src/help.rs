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

#[cfg(test)]
mod tests {
    #[test]
    fn nested_commands_are_named_with_their_parent() {
        assert!(super::about_nl("calendar import").is_some());
        assert!(super::about_nl("import").is_some());
        assert!(super::about_nl("nonsense").is_none());
    }
}
