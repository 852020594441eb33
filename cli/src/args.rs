//! The command line, as clap structs. Nothing here does work: `settings.rs` resolves the
//! global options, `commands/` runs the subcommands.
//!
//! Adding a subcommand is one variant of [`Command`] plus one module in `commands/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use stroom::Role;
use stroom_render::{help, Lang};

use crate::ExitCode;

/// Plans and records how a stukkenstroom travels to the Tweede Kamer.
#[derive(Debug, Parser)]
#[command(
    name = "stroom",
    version,
    max_term_width = 100,
    color = clap::ColorChoice::Never,
    after_help = exit_codes_help()
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

fn exit_codes_help() -> String {
    let mut s = String::from("Exit codes:\n");
    for code in ExitCode::ALL {
        s.push_str(&format!("  {}  {}\n", code as u8, code.meaning()));
    }
    s.push_str(
        "\nDates are YYYY-MM-DD. Every command that changes a stroom takes --on DATE, the day it\n\
         happened (default: today); it may lie in the past, never after today.",
    );
    s
}

const GLOBAL: &str = "Global options";

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The database directory [default: $STROOM_DB, else the user's data directory/stroom/db]
    #[arg(long, global = true, value_name = "PATH", help_heading = GLOBAL)]
    pub db: Option<PathBuf>,

    /// Who records the events [default: $STROOM_ACTOR, else the OS user]
    #[arg(long, global = true, value_name = "NAME", help_heading = GLOBAL)]
    pub actor: Option<String>,

    /// An extra calendar file: its slots replace the embedded ones for the period it covers (repeatable)
    #[arg(long = "calendar", global = true, value_name = "FILE", help_heading = GLOBAL)]
    pub calendars: Vec<PathBuf>,

    /// An extra route file; replaces an embedded route of the same name (repeatable)
    #[arg(long = "routes", global = true, value_name = "FILE", help_heading = GLOBAL)]
    pub routes: Vec<PathBuf>,

    /// Output format: tables for people (human, alias text), JSON or CSV for tools, ics for
    /// calendars, svg or html for the timeline picture, where a command offers them
    #[arg(long, global = true, value_enum, default_value_t = Format::Human, help_heading = GLOBAL)]
    pub format: Format,

    /// The language of plans, agenda, calendars, the timeline, errors and rejections
    /// [default: nl when LC_ALL, LC_MESSAGES or LANG starts with nl, else en]
    #[arg(long, global = true, value_enum, help_heading = GLOBAL)]
    pub lang: Option<LangArg>,

    /// The date to take as today [default: today's date from the clock]
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date, help_heading = GLOBAL)]
    pub today: Option<Date>,

    /// Run against a `stroom serve` at this URL instead of a local database, as the user of
    /// `stroom login` (or $STROOM_TOKEN) [default: $STROOM_SERVER]
    #[arg(long, global = true, value_name = "URL", help_heading = GLOBAL)]
    pub server: Option<String>,

    /// More diagnostics on stderr (-v info, -vv debug); RUST_LOG overrides
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = GLOBAL)]
    pub verbose: u8,
}

/// How a command reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    // No doc comments on the variants: clap would switch the whole help to its long layout.
    #[value(alias = "text")]
    Human,
    Json,
    Csv,
    Ics,
    Svg,
    Html,
}

impl Format {
    /// The name as given on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Ics => "ics",
            Format::Svg => "svg",
            Format::Html => "html",
        }
    }
}

/// `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    Nl,
}

/// How calendar events are written (`--format ics`).
#[derive(Debug, Args)]
pub struct IcsArgs {
    /// An alarm this many werkdagen before each deadline (0: on the day)
    #[arg(
        long,
        value_name = "N",
        default_value_t = 2,
        help_heading = "Calendar (--format ics)"
    )]
    pub alarm_werkdagen: u16,
    /// No alarms
    #[arg(long, help_heading = "Calendar (--format ics)")]
    pub no_alarm: bool,
    /// Meetings as timed events from HH:MM (Europe/Amsterdam) [default: all-day]
    #[arg(long, value_name = "HH:MM", value_parser = parse_time, help_heading = "Calendar (--format ics)")]
    pub meeting_time: Option<jiff::civil::Time>,
    /// The length of a timed meeting in minutes
    #[arg(
        long,
        value_name = "MIN",
        default_value_t = 120,
        requires = "meeting_time",
        help_heading = "Calendar (--format ics)"
    )]
    pub meeting_minutes: u16,
}

/// Parses `HH:MM` for clap (the engine's parser, which the fuzz target `meeting-time` runs).
pub fn parse_time(s: &str) -> Result<jiff::civil::Time, String> {
    stroom::dates::parse_time(s)
}

// `defer`: the arguments of a subcommand are built only when it is finished (`command_for`,
// through `arguments_of`) or parsed, not for all 35 at every start (DESIGN.md, Speed).
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Create (or open) the database and print its path
    Init,
    /// Register a new stroom, from flags or from a stroom file
    New(NewArgs),
    /// List the stored strooms
    List,
    /// Show one stroom: state, version, who has and has not agreed, what can happen next
    Show(RefArgs),
    /// Put the current version before the bewindspersonen
    Submit(VerbArgs),
    /// Record that a bewindspersoon approved a version (ministerraad route)
    Approve(RoleVerbArgs),
    /// Record that a bewindspersoon returned a version with comments: a new version follows
    Return(ReturnArgs),
    /// Record the delivery to the voorportaal for a slot
    Deliver(DeliverArgs),
    /// Record the voorportaal's outcome
    Voorportaal(OutcomeArgs),
    /// Record whether an onderraad is needed (may change until the ministerraad decides)
    NeedsOnderraad(NeedsOnderraadArgs),
    /// Record the onderraad's outcome
    Onderraad(OutcomeArgs),
    /// Record the ministerraad's outcome
    Mr(MrArgs),
    /// Record that a bewindspersoon signed a version (ondertekening route)
    Sign(RoleVerbArgs),
    /// Record that the stroom was sent to the Tweede Kamer
    Send(VerbArgs),
    /// Withdraw the stroom
    Withdraw(VerbArgs),
    /// Show a stroom's audit trail
    Log(RefArgs),
    /// Correct a mis-recorded event (another date, or void) by appending a correction
    Correct(CorrectArgs),
    /// Recompute every hash chain, check every signature and replay every stroom; fails naming the first altered event
    Verify(VerifyArgs),
    /// Print the database's public signing key, for 'verify --trust' and 'import --trust'
    Key(KeyArgs),
    /// Write every event as JSON lines (a backup)
    Export(ExportArgs),
    /// Restore an export into an empty database
    Import(ImportArgs),
    /// Show the routes a stroom can take
    #[command(subcommand)]
    Routes(RoutesCommand),
    /// Plan: the earliest Kamer date with every step and why, and the latest date per step for a target
    Plan(PlanArgs),
    /// What-if scenarios side by side, and Monte Carlo probabilities
    Simulate(Box<SimulateArgs>),
    /// Every open stroom with its earliest Kamer date, slack and risk
    Portfolio(PortfolioArgs),
    /// What is due across all open strooms in the coming weeks, by day
    Agenda(AgendaArgs),
    /// Werkdagen, feestdagen and meeting calendars
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Run the team server: JSON API and browser UI over this database
    Serve(ServeArgs),
    /// Manage the server's users and grants (locally while the server is stopped, or with
    /// --server as an admin)
    #[command(subcommand)]
    Users(UsersCommand),
    /// Log in to a server (--server URL) and keep its token for the next commands
    Login(LoginArgs),
    /// Revoke the token of `stroom login` and forget it
    Logout,
    /// Print a shell completion script (bash, zsh, fish, powershell)
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one page per command into a directory
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Send cookies without the Secure flag (only for plain http on a non-localhost address)
    #[arg(long)]
    pub insecure_cookies: bool,
    /// Show each stroom's P(target) in the portfolio and the Monte Carlo histogram on its
    /// page, with N runs of the model below
    #[arg(long, value_name = "N")]
    pub runs: Option<u64>,
    /// The random seed for --runs
    #[arg(long, value_name = "S", default_value_t = 1, requires = "runs")]
    pub seed: u64,
    /// The database's page cache in MiB (bounds the server's memory beside the requests)
    #[arg(long, value_name = "MIB", default_value_t = stroom_server::DEFAULT_CACHE_MIB)]
    pub cache_mib: u64,
    /// The most trails one page of GET /api/trails holds (bounds one answer's size)
    #[arg(long, value_name = "N", default_value_t = stroom_server::DEFAULT_TRAILS_PAGE)]
    pub trails_page: usize,
    #[command(flatten)]
    pub model: ModelArgs,
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The login name [default: the OS user]
    pub name: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a user; the password is read from STROOM_PASSWORD, else from the terminal or stdin
    Add {
        /// The login name (lowercase letters, digits, '.', '-', '_')
        name: String,
        /// A grant: admin, planner, auditor or secretariaat:ROLE (repeatable)
        #[arg(long = "grant", value_name = "GRANT", required = true)]
        grants: Vec<String>,
    },
    /// Replace a user's grants
    Grant {
        /// The login name
        name: String,
        /// A grant: admin, planner, auditor or secretariaat:ROLE (repeatable)
        #[arg(long = "grant", value_name = "GRANT", required = true)]
        grants: Vec<String>,
    },
    /// List the users and their grants
    List,
    /// Remove a user: their sessions and tokens stop working; what they recorded stays
    Remove {
        /// The login name
        name: String,
    },
    /// Set a password: an admin sets anyone's; with --server users change their own
    /// (the current one from STROOM_CURRENT_PASSWORD or the terminal); the new one is read
    /// from STROOM_PASSWORD, else from the terminal (twice) or stdin
    Password {
        /// The login name [default with --server: the logged-in user]
        name: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write stroom.1 and one stroom-COMMAND.1 per command into this directory
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Examples shown at the end of each command's --help.
fn examples(name: &str) -> Option<&'static str> {
    Some(match name {
        "init" => "stroom init
  STROOM_DB=/srv/stroom stroom init",
        "new" => "stroom new --from examples/llo-41077000.toml --on 2023-09-27
  stroom new --reference 41077001 --title 'Kamerbrief X' --route ministerraad --directie MBO --eerste MOCW --mede MSZW --kamer-by voor-de-zomer-2025",
        "list" => "stroom list
  stroom list --format csv > strooms.csv",
        "show" => "stroom show 41077000
  stroom show 41077000 --format json",
        "submit" => "stroom submit 41077000 --on 2023-09-27",
        "approve" => "stroom approve 41077000 --role MOCW --version 1 --on 2023-10-02",
        "return" => "stroom return 41077000 --role MPVO --version 1 --comment 'alinea 3 aanscherpen' --on 2023-10-03",
        "deliver" => "stroom deliver 41077000 --slot 2023-10-30 --on 2023-10-20",
        "voorportaal" => "stroom voorportaal 41077000 door --on 2023-10-30
  stroom voorportaal 41077000 terug --comment 'cijfers actualiseren'",
        "needs-onderraad" => "stroom needs-onderraad 41077000 no
  stroom needs-onderraad 41077000 yes --on 2023-10-31",
        "onderraad" => "stroom onderraad 41077000 door --on 2023-10-31",
        "mr" => "stroom mr 41077000 besloten --on 2023-11-10
  stroom mr 41077000 aangehouden --on 2023-11-10",
        "sign" => "stroom sign 41077002 --role MOCW --version 1 --on 2024-12-02",
        "send" => "stroom send 41077000 --on 2023-11-13",
        "withdraw" => "stroom withdraw 41077000 --comment 'vervalt door kabinetsbesluit'",
        "log" => "stroom log 41077000
  stroom log 41077000 --format csv > trail.csv",
        "verify" => "stroom verify
  stroom verify --trust stroom-key.pub",
        "key" => "stroom key > stroom-key.pub",
        "export" => "stroom export backup.jsonl",
        "import" => "stroom import backup.jsonl --db fresh-db
  stroom import backup.jsonl --db fresh-db --trust stroom-key.pub
  stroom import --anchor old-db/anchor.jsonl --db fresh-db",
        "routes" => "stroom routes list
  stroom routes show ministerraad --mermaid",
        "plan" => "stroom plan --example llo --today 2023-09-27
  stroom plan --route ministerraad --ready 2023-10-04 --kamer-by 2023-11-24
  stroom plan 41077000 --format ics > llo.ics
  stroom plan 41077000 --format html > llo.html",
        "simulate" => "stroom simulate --example llo --today 2023-09-27 --delay-role MPVO=5 --if-onderraad
  stroom simulate 41077000 --monte-carlo --approval 'triangular(3,5,15)' --kamer-by 2023-11-24",
        "portfolio" => "stroom portfolio --at-risk 5
  stroom portfolio --format ics --meeting-time 10:00 > strooms.ics",
        "agenda" => "stroom agenda
  stroom agenda --weeks 4 --format csv > agenda.csv",
        "calendar" => "stroom calendar feestdagen 2025
  stroom calendar show cwizo --year 2023
  stroom calendar add-werkdagen 2024-12-11 -4",
        "completions" => "stroom completions bash > ~/.local/share/bash-completion/completions/stroom
  stroom completions zsh > ~/.zfunc/_stroom
  stroom completions fish > ~/.config/fish/completions/stroom.fish
  stroom completions powershell >> $PROFILE",
        "serve" => "stroom serve --db /srv/stroom --listen 127.0.0.1:8080
  stroom serve --runs 2000 --approval 'triangular(3,5,15)' --p-hold 0.1",
        "login" => "stroom login planner --server http://127.0.0.1:8080
  STROOM_PASSWORD=... stroom login planner --server http://127.0.0.1:8080",
        "logout" => "stroom logout --server http://127.0.0.1:8080",
        "users" => "stroom users add admin --grant admin
  stroom users add mocw-sec --grant secretariaat:MOCW --grant secretariaat:MPVO
  stroom users list
  stroom users remove piet
  stroom users password --server http://127.0.0.1:8080",
        "man" => "stroom man | man -l -
  stroom man --dir /usr/local/share/man/man1",
        _ => return None,
    })
}

/// The full command, with its help in `lang`: the derived one plus examples in each
/// command's help, and the global options listed once (in `stroom --help`) instead of in
/// every command's help.
pub fn command_in(lang: Lang) -> clap::Command {
    command_for(lang, None)
}

/// The subcommands `command_for` finishes (hidden global copies, examples, Dutch texts):
/// all of them, or the ones named on the command line.
enum Only {
    All,
    Named(Vec<String>),
}

impl Only {
    /// The top-level subcommands among the command-line words `args` (without the program
    /// name); every one when there is none, or when `help` is among them (then clap prints
    /// the list of every subcommand). A word that is an option's value and happens to be a
    /// subcommand's name (`--title plan`) only finishes one subcommand too many.
    fn from_args(cmd: &clap::Command, args: &[std::ffi::OsString]) -> Only {
        let words: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
        if words.contains(&"help") {
            return Only::All;
        }
        let named: Vec<String> = cmd
            .get_subcommands()
            .filter(|sub| {
                words
                    .iter()
                    .any(|w| *w == sub.get_name() || sub.get_all_aliases().any(|a| a == *w))
            })
            .map(|sub| sub.get_name().to_string())
            .collect();
        if named.is_empty() {
            Only::All
        } else {
            Only::Named(named)
        }
    }

    fn has(&self, name: &str) -> bool {
        match self {
            Only::All => true,
            Only::Named(names) => names.iter().any(|n| n == name),
        }
    }
}

/// The arguments of the top-level subcommand `name`, as the derive adds them (the function
/// its `defer` would run), for the subcommands with arguments of their own; `None` for the
/// ones without (`init`, `list`, `logout`) and those whose subcommands are built at once
/// (`routes`, `calendar`, `users`). The test `arguments_of_adds_what_the_derive_defers`
/// checks this list against the derive, subcommand by subcommand.
fn arguments_of(name: &str) -> Option<fn(clap::Command) -> clap::Command> {
    Some(match name {
        "new" => NewArgs::augment_args,
        "show" | "log" => RefArgs::augment_args,
        "submit" | "send" | "withdraw" => VerbArgs::augment_args,
        "approve" | "sign" => RoleVerbArgs::augment_args,
        "return" => ReturnArgs::augment_args,
        "deliver" => DeliverArgs::augment_args,
        "voorportaal" | "onderraad" => OutcomeArgs::augment_args,
        "needs-onderraad" => NeedsOnderraadArgs::augment_args,
        "mr" => MrArgs::augment_args,
        "correct" => CorrectArgs::augment_args,
        "verify" => VerifyArgs::augment_args,
        "key" => KeyArgs::augment_args,
        "export" => ExportArgs::augment_args,
        "import" => ImportArgs::augment_args,
        "plan" => PlanArgs::augment_args,
        "simulate" => <Box<SimulateArgs> as Args>::augment_args,
        "portfolio" => PortfolioArgs::augment_args,
        "agenda" => AgendaArgs::augment_args,
        "serve" => ServeArgs::augment_args,
        "login" => LoginArgs::augment_args,
        "completions" => CompletionsArgs::augment_args,
        "man" => ManArgs::augment_args,
        _ => return None,
    })
}

/// A deferred subcommand's own arguments, added now (so that they can be given hidden
/// global copies and Dutch texts) instead of when clap parses it.
/// (An arguments struct's own doc comment becomes the command's about when its arguments are
/// added; the derive adds them before the variant's about, so the variant's is kept here.)
fn with_arguments(sub: clap::Command) -> clap::Command {
    use clap::builder::Resettable;
    let Some(add) = arguments_of(sub.get_name()) else {
        return sub;
    };
    let about = sub.get_about().cloned();
    let long_about = sub.get_long_about().cloned();
    add(sub.defer(|done| done))
        .about(about.map_or(Resettable::Reset, Resettable::Value))
        .long_about(long_about.map_or(Resettable::Reset, Resettable::Value))
}

/// The command tree with the subcommands named in `args` (the command-line words after the
/// program's name) finished, or all of them when `args` is `None` (man pages, completions).
/// clap parses only the subcommand on the command line, so building the other 34 (their
/// arguments, hidden copies of every global option, examples, Dutch texts) is work no one
/// sees; they stay as the derive left them, deferred (DESIGN.md, Speed).
pub fn command_for(lang: Lang, args: Option<&[std::ffi::OsString]>) -> clap::Command {
    use clap::CommandFactory as _;
    let cmd = Cli::command();
    let only = match args {
        Some(args) => Only::from_args(&cmd, args),
        None => Only::All,
    };
    let only = &only;
    // clap copies a global option into every subcommand that has no option of that id; a
    // hidden copy placed first keeps the option working everywhere and out of the help.
    let globals: Vec<clap::Arg> = cmd
        .get_arguments()
        .filter(|a| a.is_global_set())
        .cloned()
        .collect();
    // `mut_subcommands` changes the subcommands in place. (`mut_subcommand` by name takes
    // one out of the list and pushes it back, moving every later one, about 1 KB each: for
    // 35 subcommands that cost more than building them; see DESIGN.md, Speed.)
    let mut cmd = cmd.mut_subcommands(|sub| {
        if !only.has(sub.get_name()) {
            // A subcommand this command line cannot enter gets no copy of the global
            // options at all: below, they stop being global on `stroom` itself, so clap
            // copies none (full copies were 0.25 M of `stroom plan`'s 1.8 M instructions,
            // and empty placeholders in the 34 others still 330 KB of heap, 80 pages).
            return sub;
        }
        let mut sub = with_arguments(sub);
        for g in &globals {
            sub = sub.arg(g.clone().hide(true));
        }
        let mut after = String::new();
        if let Some(e) = examples(sub.get_name()) {
            after.push_str(&format!("{}\n  {e}\n\n", help::examples_heading(lang)));
        }
        after.push_str(help::global_note(lang));
        sub.after_help(after)
    });
    if lang == Lang::Nl {
        cmd = dutch(cmd, "", only);
        // The `help` subcommands exist once clap has built the command.
        match only {
            Only::All => {
                cmd.build();
                cmd = dutch_built(cmd);
            }
            // Only the named subcommands with subcommands of their own show a `help`
            // subcommand (`stroom calendar --help`): those are built, as the whole tree
            // builds them (usage lines say `stroom calendar import`), not all 35.
            Only::Named(_) => {
                let root = cmd.get_name().to_string();
                cmd = cmd.mut_subcommands(|sub| {
                    if !only.has(sub.get_name()) || !sub.has_subcommands() {
                        return sub;
                    }
                    let name = format!("{root} {}", sub.get_name());
                    let mut sub = sub.bin_name(name);
                    sub.build();
                    dutch_built(sub)
                });
            }
        }
    }
    if let Only::Named(_) = only {
        // The named subcommands hold their global copies (each still global, so that clap
        // copies it on into their own subcommands); `stroom` keeps the options for
        // `stroom --lang nl plan`, and clap merges the values of both levels by id. (After
        // the Dutch texts, which find the global options by that flag.)
        cmd = cmd.mut_args(|a| {
            if a.is_global_set() {
                a.global(false)
            } else {
                a
            }
        });
    }
    cmd
}

/// The Dutch texts clap makes itself while building: the `help` subcommands. (The usage
/// line's `[OPTIONS]` is put in Dutch where help and errors are printed, so that an error
/// keeps clap's usage naming the required options.)
fn dutch_built(cmd: clap::Command) -> clap::Command {
    cmd.mut_subcommands(|sub| {
        if sub.get_name() == "help" {
            let ids: Vec<String> = sub
                .get_arguments()
                .map(|a| a.get_id().to_string())
                .collect();
            let mut sub = sub.about(help::HELP_COMMAND_NL);
            for id in ids {
                sub = sub.mut_arg(&id, |a| a.help(help::HELP_COMMAND_ARG_NL));
            }
            sub
        } else {
            dutch_built(sub)
        }
    })
}

/// The language `--help` speaks: `--lang` on the command line (read before clap parses
/// it), else the locale.
pub fn help_lang() -> Lang {
    // `args_os`: an argument that is no UTF-8 is clap's to refuse, not a panic here.
    let argv: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut lang = None;
    for (i, a) in argv.iter().enumerate() {
        let value = match a.strip_prefix("--lang=") {
            Some(v) => Some(v),
            None if a == "--lang" => argv.get(i + 1).map(String::as_str),
            None => None,
        };
        match value {
            Some("nl") => lang = Some(Lang::Nl),
            Some("en") => lang = Some(Lang::En),
            _ => {}
        }
    }
    lang.unwrap_or_else(crate::settings::locale_lang)
}

/// Puts the Dutch texts of `stroom_render::help` over a command and its subcommands:
/// what each command does, the headings, the global options. `path` is the command's
/// name below `stroom` (`calendar import`), empty for `stroom` itself.
fn dutch(mut cmd: clap::Command, path: &str, only: &Only) -> clap::Command {
    cmd = cmd
        .help_template(help::TEMPLATE_NL)
        .subcommand_help_heading(help::COMMANDS_NL)
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help(help::HELP_NL)
                .help_heading(help::OPTIONS_NL),
        );
    if path.is_empty() {
        cmd = cmd
            .about(help::ABOUT_NL)
            .after_help(help::EXIT_CODES_NL)
            .disable_version_flag(true)
            .arg(
                clap::Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(clap::ArgAction::Version)
                    .help(help::VERSION_NL)
                    .help_heading(help::OPTIONS_NL),
            );
    } else if let Some(about) = help::about_nl(path) {
        cmd = cmd.about(about).long_about(help::long_about_nl(path));
    }
    // `mut_args` changes every argument in place (`mut_arg` by id takes one out and pushes
    // it back, moving every later one: for `plan`'s arguments that was 0.44 M instructions
    // of memmove, a quarter of a Dutch `stroom plan`).
    cmd = cmd.mut_args(|mut a| {
        let id = a.get_id().to_string();
        let heading = a.get_help_heading().map(String::from);
        if let Some(h) = heading.as_deref().and_then(help::heading_nl) {
            a = a.help_heading(h);
        }
        let text = if a.is_global_set() {
            a = a.help_heading(help::global_heading(Lang::Nl));
            help::global_option_nl(&id)
        } else {
            if heading.is_none() && a.is_positional() {
                a = a.help_heading(help::ARGUMENTS_NL);
            } else if heading.is_none() {
                a = a.help_heading(help::OPTIONS_NL);
            }
            help::option_nl(path, &id)
        };
        match text {
            Some(text) => dutch_arg(a, text),
            None => a,
        }
    });
    cmd.mut_subcommands(|sub| {
        let sub_path = if path.is_empty() {
            if !only.has(sub.get_name()) {
                return sub;
            }
            sub.get_name().to_string()
        } else {
            format!("{path} {}", sub.get_name())
        };
        dutch(sub, &sub_path, &Only::All)
    })
}

/// An option with its Dutch help: clap's `[default: …]` and `[possible values: …]` in
/// Dutch after the text, and the value's placeholder in Dutch (`<DATUM>`).
fn dutch_arg(mut a: clap::Arg, text: &str) -> clap::Arg {
    let mut help = text.to_string();
    let takes_values = a.get_action().takes_values();
    if takes_values && !a.is_hide_default_value_set() && !a.get_default_values().is_empty() {
        let values: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        help.push(' ');
        help.push_str(&help::default_nl(&values.join(", ")));
        a = a.hide_default_value(true);
    }
    let possible: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if takes_values && !a.is_hide_possible_values_set() && !possible.is_empty() {
        help.push(' ');
        help.push_str(&help::possible_values_nl(&possible.join(", ")));
        a = a.hide_possible_values(true);
    }
    let dutch: Option<Vec<clap::builder::Str>> = a.get_value_names().map(|names| {
        names
            .iter()
            .map(|n| help::value_name_nl(n.as_str()).map_or_else(|| n.clone(), Into::into))
            .collect()
    });
    if let Some(names) = dutch {
        a = a.value_names(names);
    }
    a.help(help).long_help(None::<&str>)
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// A stroom file (TOML), see examples/
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["reference", "title", "route", "directie", "eerste", "mede", "kamer_by", "debate"]
    )]
    pub from: Option<PathBuf>,
    /// The reference, e.g. 41077000
    #[arg(long, required_unless_present = "from")]
    pub reference: Option<String>,
    /// The title
    #[arg(long, required_unless_present = "from")]
    pub title: Option<String>,
    /// The route, e.g. ministerraad or ondertekening (see 'stroom routes list')
    #[arg(long, required_unless_present = "from")]
    pub route: Option<String>,
    /// The lead directie, e.g. MBO
    #[arg(long, required_unless_present = "from")]
    pub directie: Option<String>,
    /// The eerste ondertekenaar's role, e.g. MSZW
    #[arg(long, value_name = "ROLE", value_parser = parse_role, required_unless_present = "from")]
    pub eerste: Option<Role>,
    /// A mede-ondertekenaar's role (repeatable)
    #[arg(long, value_name = "ROLE", value_parser = parse_role)]
    pub mede: Vec<Role>,
    /// The Kamer must have it by: a date, voor-de-zomer-YYYY, prinsjesdag-YYYY,
    /// kamervragen-DATE or kamervragen-uitstel-DATE
    #[arg(long, value_name = "DEADLINE", conflicts_with = "debate")]
    pub kamer_by: Option<String>,
    /// The debate it must be in time for
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub debate: Option<Date>,
    /// The day it was registered [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<Date>,
}

#[derive(Debug, Args)]
pub struct RefArgs {
    /// The stroom's reference
    pub reference: String,
}

/// What every verb takes.
#[derive(Debug, Args)]
pub struct Common {
    /// The stroom's reference
    pub reference: String,
    /// The day it happened [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<Date>,
    /// A comment for the audit trail
    #[arg(long)]
    pub comment: Option<String>,
}

#[derive(Debug, Args)]
pub struct VerbArgs {
    #[command(flatten)]
    pub common: Common,
    /// The role this was recorded for, e.g. MOCW
    #[arg(long, value_name = "ROLE", value_parser = parse_role)]
    pub role: Option<Role>,
}

#[derive(Debug, Args)]
pub struct RoleVerbArgs {
    #[command(flatten)]
    pub common: Common,
    /// The bewindspersoon's role, e.g. MOCW
    #[arg(long, value_name = "ROLE", value_parser = parse_role)]
    pub role: Role,
    /// The version concerned (required, so that an old version is never approved by mistake)
    #[arg(long, value_name = "N")]
    pub version: u32,
}

#[derive(Debug, Args)]
pub struct ReturnArgs {
    /// The stroom's reference
    pub reference: String,
    /// The day it happened [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<Date>,
    /// The opmerkingen: why it was returned
    #[arg(long)]
    pub comment: String,
    /// The bewindspersoon's role, e.g. MOCW
    #[arg(long, value_name = "ROLE", value_parser = parse_role)]
    pub role: Role,
    /// The version returned
    #[arg(long, value_name = "N")]
    pub version: u32,
}

#[derive(Debug, Args)]
pub struct DeliverArgs {
    #[command(flatten)]
    pub verb: VerbArgs,
    /// The meeting date of the voorportaal slot delivered for
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub slot: Date,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutcomeArg {
    /// Passed on
    Door,
    /// Sent back
    Terug,
}

#[derive(Debug, Args)]
pub struct OutcomeArgs {
    #[command(flatten)]
    pub verb: VerbArgs,
    /// door or terug
    #[arg(value_enum)]
    pub outcome: OutcomeArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum YesNo {
    Yes,
    No,
}

#[derive(Debug, Args)]
pub struct NeedsOnderraadArgs {
    #[command(flatten)]
    pub verb: VerbArgs,
    /// yes or no
    #[arg(value_enum)]
    pub needed: YesNo,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MrArg {
    /// Decided
    Besloten,
    /// Held over to the next ministerraad
    Aangehouden,
}

#[derive(Debug, Args)]
pub struct MrArgs {
    #[command(flatten)]
    pub verb: VerbArgs,
    /// besloten or aangehouden
    #[arg(value_enum)]
    pub outcome: MrArg,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("correction").required(true).args(["date", "void"])))]
pub struct CorrectArgs {
    /// The stroom's reference
    pub reference: String,
    /// The number of the event to correct (the SEQ column of 'stroom log')
    #[arg(long, value_name = "N")]
    pub event: u64,
    /// Why: kept in the audit trail
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// The day it really happened
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<Date>,
    /// It did not happen: recorded by mistake
    #[arg(long)]
    pub void: bool,
    /// The role the event was recorded for (required when it had one)
    #[arg(long, value_name = "ROLE", value_parser = parse_role)]
    pub role: Option<Role>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Check every signature against this public key (hex, base64, or a file holding it; repeatable)
    #[arg(long, value_name = "KEY")]
    pub trust: Vec<String>,
    /// Also print the database's public key itself
    #[arg(long)]
    pub show_key: bool,
}

#[derive(Debug, Args)]
pub struct KeyArgs {
    /// Replace the signing key with a new one, recorded in signing.rotations (endorsed by the old key when it is still there)
    #[arg(long)]
    pub rotate: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file to write [default: stdout]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// An export written by 'stroom export'
    pub file: PathBuf,
    /// Refuse any event not signed by this public key (hex, base64, or a file holding it; repeatable)
    #[arg(long, value_name = "KEY")]
    pub trust: Vec<String>,
    /// FILE is a database's anchor.jsonl (records only: a lost tail cannot be detected)
    #[arg(long)]
    pub anchor: bool,
}

#[derive(Debug, Subcommand)]
pub enum RoutesCommand {
    /// List the known routes
    List,
    /// Show a route's settings and transition table
    Show(RouteShowArgs),
}

#[derive(Debug, Args)]
pub struct RouteShowArgs {
    /// The route's name
    pub name: String,
    /// Print the transition table as a mermaid state diagram
    #[arg(long)]
    pub mermaid: bool,
}

/// Parses a date for clap; the message quotes the input, in the language of the command
/// line.
pub fn parse_date(s: &str) -> Result<Date, String> {
    stroom::dates::parse(s).map_err(|e| match help_lang() {
        stroom_render::Lang::Nl => stroom_render::messages::nl_errors::parse_detail(&e),
        stroom_render::Lang::En => e,
    })
}

/// Parses a role code for clap, with the hint, in the language of the command line.
pub fn parse_role(s: &str) -> Result<Role, String> {
    s.parse::<Role>().map_err(|e| {
        let lang = help_lang();
        stroom_render::messages::messages(lang).error(&e).text(lang)
    })
}

// ---- planning ------------------------------------------------------------------------

/// Where a plan starts: a stored stroom, an embedded example, or ad hoc.
#[derive(Debug, Args)]
pub struct PlanSource {
    /// A stored stroom's reference
    #[arg(conflicts_with_all = ["route", "example"])]
    pub reference: Option<String>,
    /// Plan an embedded example stroom (llo, werkagenda-mbo) as if registered today
    #[arg(long, value_name = "NAME", conflicts_with = "route")]
    pub example: Option<String>,
    /// Plan ad hoc on this route (with --ready, or a target alone for the backward plan)
    #[arg(long, value_name = "NAME")]
    pub route: Option<String>,
    /// Ad hoc: the day every bewindspersoon has agreed
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "route")]
    pub ready: Option<Date>,
    /// Plan with the onderraad (default: the stroom's decision, else without)
    #[arg(long, conflicts_with = "no_onderraad")]
    pub onderraad: bool,
    /// Plan without the onderraad
    #[arg(long)]
    pub no_onderraad: bool,
    /// Werkdagen from the MR (or signing) to sending, 0 to 2 [default: the route's]
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u8).range(0..=2))]
    pub send_after: Option<u8>,
    /// Target: the Kamer must have it by a date, voor-de-zomer-YYYY, prinsjesdag-YYYY,
    /// kamervragen-DATE (3 weeks) or kamervragen-uitstel-DATE (6 weeks)
    #[arg(long, value_name = "DEADLINE", conflicts_with = "debate")]
    pub kamer_by: Option<String>,
    /// Target: the debate it must be in time for: a date, or with --activities an activity's
    /// Id, Nummer or words of its subject
    #[arg(long, value_name = "DATE|ACTIVITY")]
    pub debate: Option<String>,
    /// The Tweede Kamer's activities as downloaded from its open data (OData Activiteit, JSON)
    #[arg(long, value_name = "FILE")]
    pub activities: Option<std::path::PathBuf>,
    /// Werkdagen between sending and the debate [default: the route's, 4]
    #[arg(long, value_name = "N", requires = "debate")]
    pub debate_lead: Option<u8>,
    /// Werkdagen a bewindspersoon takes to approve, for every role (N) or one (ROLE=N),
    /// instead of the route's estimate (repeatable)
    #[arg(long, value_name = "[ROLE=]N")]
    pub approval_days: Vec<String>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub source: PlanSource,
    #[command(flatten)]
    pub ics: IcsArgs,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    pub source: PlanSource,
    /// Scenarios from a TOML file of [[scenario]] tables (repeatable)
    #[arg(long = "scenario", value_name = "FILE")]
    pub scenarios: Vec<PathBuf>,
    /// Scenario: a step happens N werkdagen later, e.g. approval=5 (repeatable)
    #[arg(long, value_name = "STEP=N")]
    pub delay: Vec<String>,
    /// Scenario: one role approves N werkdagen later, e.g. MPVO=5 (repeatable)
    #[arg(long, value_name = "ROLE=N")]
    pub delay_role: Vec<String>,
    /// Scenario: one role approves on a given day, e.g. MOCW=2023-10-05 (repeatable)
    #[arg(long, value_name = "ROLE=DATE")]
    pub approve_on: Vec<String>,
    /// Scenario: the onderraad turns out to be needed
    #[arg(long)]
    pub if_onderraad: bool,
    /// Scenario: the onderraad turns out not to be needed
    #[arg(long)]
    pub if_no_onderraad: bool,
    /// Scenario: the voorportaal sends it back once, with N werkdagen of rework
    #[arg(long, value_name = "N")]
    pub if_return: Option<u16>,
    /// Scenario: the MR holds it over N times
    #[arg(long, value_name = "N")]
    pub if_holds: Option<u32>,
    /// Scenario: send K werkdagen after the MR
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u8).range(0..=2))]
    pub if_send_after: Option<u8>,
    /// Monte Carlo: the number of runs (default 10000 with --monte-carlo)
    #[arg(long, value_name = "N")]
    pub runs: Option<u64>,
    /// Monte Carlo with the default number of runs
    #[arg(long)]
    pub monte_carlo: bool,
    /// Monte Carlo: the random seed (same seed, same output)
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Monte Carlo: threads [default: the machine's cores]
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// The uncertainty model of a Monte Carlo run.
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// Monte Carlo: approval duration of every role: N, uniform(A,B), triangular(A,M,B) or empirical
    #[arg(long, value_name = "DIST")]
    pub approval: Option<String>,
    /// Monte Carlo: one role's approval duration, e.g. MPVO=triangular(3,5,15) (repeatable)
    #[arg(long, value_name = "ROLE=DIST")]
    pub role_approval: Vec<String>,
    /// Monte Carlo: probability that an onderraad is needed (when not decided)
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    pub p_onderraad: f64,
    /// Monte Carlo: probability that the voorportaal sends it back
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    pub p_return: f64,
    /// Monte Carlo: rework after a voorportaal return [default: the route's rework]
    #[arg(long, value_name = "DIST")]
    pub rework: Option<String>,
    /// Monte Carlo: probability that an MR holds it over (per MR, at most 3 times)
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    pub p_hold: f64,
}

#[derive(Debug, Args)]
pub struct PortfolioArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Slack in werkdagen below which a stroom in time is "at risk"
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub at_risk: i32,
    /// Also estimate each stroom's probability of meeting its target with N Monte Carlo runs
    #[arg(long, value_name = "N")]
    pub runs: Option<u64>,
    /// The random seed for --runs
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    #[command(flatten)]
    pub ics: IcsArgs,
}

#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// How many weeks ahead, from today
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=52))]
    pub weeks: u16,
    /// Slack in werkdagen below which a stroom in time is "at risk"
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub at_risk: i32,
    #[command(flatten)]
    pub ics: IcsArgs,
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// List the Rijk feestdagen (and blokdagen) of a year
    Feestdagen {
        /// The year, 2000 to 2100
        year: i16,
    },
    /// Add N werkdagen to a date (N may be negative)
    AddWerkdagen {
        /// The date
        #[arg(value_parser = parse_date)]
        date: Date,
        /// Werkdagen to add
        #[arg(allow_negative_numbers = true)]
        n: i32,
    },
    /// List a body's slots with their provenance (cwizo, rwizo, mr, tweede-kamer)
    Show {
        /// The body
        body: String,
        /// Only this year
        #[arg(long)]
        year: Option<i16>,
    },
    /// Validate a calendar file
    Check {
        /// The file
        file: PathBuf,
    },
    /// Load a secretariat's schedule (.ics meeting series or .csv) as the body's sourced calendar
    ///
    /// Writes a calendar file beside the database (in the folder 'calendars' next to it) that every
    /// later command loads, and says which slots it replaces. CSV columns (header row, ',' or ';'):
    /// meeting (vergadering, datum), deadline (aanleverdeadline), mr (mr zonder onderraad),
    /// mr-with-onderraad (mr met onderraad); dates as 2023-10-09, 9-10-2023 or "ma 9 okt 2023".
    Import {
        /// The body, e.g. cwizo
        #[arg(long)]
        body: String,
        /// The schedule: FILE.ics or FILE.csv
        file: PathBuf,
        /// Write the calendar file here instead (- for stdout)
        #[arg(long, short = 'o', value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Write the embedded calendar file of a body: sourced entries kept, the rest estimated by rule
    Generate {
        /// cwizo, rwizo, mr or tweede-kamer
        body: String,
        /// First year
        #[arg(long, default_value_t = 2023)]
        from: i16,
        /// Last year
        #[arg(long, default_value_t = 2027)]
        to: i16,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::FromArgMatches as _;

    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        // clap's own `help` subcommands are put in Dutch as a whole (dutch_built).
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let p = if path.is_empty() {
                sub.get_name().to_string()
            } else {
                format!("{path} {}", sub.get_name())
            };
            if help::about_nl(&p).is_none() {
                missing.push(p.clone());
            }
            for arg in sub.get_arguments() {
                let id = arg.get_id().as_str();
                let shown = !arg.is_hide_set() && !arg.is_global_set();
                if shown && !matches!(id, "help" | "version") && help::option_nl(&p, id).is_none() {
                    missing.push(format!("{p} {id}"));
                }
            }
            walk(sub, &p, missing);
        }
    }

    #[test]
    fn every_command_says_what_it_does_in_dutch() {
        let cmd = command_in(Lang::Nl);
        cmd.clone().debug_assert();
        let mut missing = Vec::new();
        walk(&cmd, "", &mut missing);
        assert!(
            missing.is_empty(),
            "add to stroom_render::help::about_nl (a command) or option_nl (COMMAND ID): {missing:?}"
        );
        for global in cmd.get_arguments().filter(|a| a.is_global_set()) {
            assert!(
                help::global_option_nl(global.get_id().as_str()).is_some(),
                "add to stroom_render::help::global_option_nl: {}",
                global.get_id()
            );
        }
    }

    /// What clap answers to `args` with the tree made for those words, and with the whole
    /// tree: help text, error text, or the parsed subcommand.
    fn answers(lang: Lang, args: &[&str]) -> (String, String) {
        let argv: Vec<std::ffi::OsString> = args.iter().map(|a| a.into()).collect();
        let answer = |mut cmd: clap::Command| match cmd.try_get_matches_from_mut(&argv) {
            Ok(m) => format!(
                "{:?}",
                Cli::from_arg_matches(&m).map(|c| (c.global, c.command))
            ),
            Err(e) => e.render().to_string(),
        };
        (
            answer(command_for(lang, Some(&argv[1..]))),
            answer(command_in(lang)),
        )
    }

    /// `arguments_of` adds to each subcommand exactly what the derive's deferred function
    /// would: the same arguments, groups and help, under the variant's about; and no
    /// subcommand with arguments of its own is missing from it. (The help of every
    /// subcommand as people read it is snapshotted in tests/e2e.)
    #[test]
    fn arguments_of_adds_what_the_derive_defers() {
        use clap::CommandFactory as _;
        let root = Cli::command();
        let mut checked = 0;
        for sub in root.get_subcommands() {
            let name = sub.get_name();
            let mut derived = sub.clone();
            derived.build();
            let mut ours = with_arguments(sub.clone());
            ours.build();
            let ids = |c: &clap::Command| -> Vec<String> {
                c.get_arguments().map(|a| a.get_id().to_string()).collect()
            };
            let groups = |c: &clap::Command| -> Vec<String> {
                c.get_groups().map(|g| format!("{g:?}")).collect()
            };
            assert_eq!(ids(&ours), ids(&derived), "{name}");
            assert_eq!(groups(&ours), groups(&derived), "{name}");
            // The variant's about, as without `defer` (where it is set after the arguments).
            assert_eq!(ours.get_about(), sub.get_about(), "{name}");
            assert_eq!(ours.get_long_about(), sub.get_long_about(), "{name}");
            let (ours, derived) = (
                ours.about(None::<&str>).long_about(None::<&str>),
                derived.about(None::<&str>).long_about(None::<&str>),
            );
            assert_eq!(
                ours.clone().render_long_help().to_string(),
                derived.clone().render_long_help().to_string(),
                "{name}"
            );
            if arguments_of(name).is_some() {
                checked += 1;
            } else {
                let own = ids(&derived).into_iter().filter(|id| id != "help").count();
                assert!(
                    own == 0 || sub.has_subcommands(),
                    "'{name}' has arguments of its own: add it to arguments_of"
                );
            }
        }
        assert_eq!(checked, 27, "subcommands with arguments of their own");
    }

    #[test]
    fn the_tree_for_the_command_line_answers_as_the_whole_tree() {
        let whole = command_in(Lang::En);
        let mut lines: Vec<Vec<String>> = Vec::new();
        for sub in whole.get_subcommands() {
            let name = sub.get_name().to_string();
            lines.push(vec![name.clone(), "--help".into()]);
            lines.push(vec![name.clone(), "--no-such-option".into()]);
            lines.push(vec![
                "--db".into(),
                "show".into(),
                name.clone(),
                "--help".into(),
            ]);
            for nested in sub.get_subcommands() {
                lines.push(vec![
                    name.clone(),
                    nested.get_name().into(),
                    "--help".into(),
                ]);
            }
        }
        lines.push(vec!["--help".into()]);
        lines.push(vec!["help".into(), "plan".into()]);
        lines.push(vec!["shw".into()]);
        lines.push(vec![
            "plan".into(),
            "--example".into(),
            "llo".into(),
            "--today".into(),
            "2023-09-27".into(),
        ]);
        lines.push(vec![
            "--today".into(),
            "2023-09-27".into(),
            "show".into(),
            "41077000".into(),
        ]);
        // Global options before, after and on both sides of the subcommand, nested too:
        // their values must come out the same as with the whole tree.
        for line in [
            "--lang nl plan --example llo --format json",
            "plan --lang nl --example llo --calendar a.toml --today 2023-09-27",
            "--calendar a.toml plan --calendar b.toml --example llo -v",
            "-v --db x calendar import --db y --actor z f.ics",
            "calendar --today 2023-01-02 check f.toml --routes r.toml",
            "--server http://x show 41077000 --format json",
            "--today 2023-13-01 list",
            "list --today 2023-13-01",
            "--format yaml calendar check f.toml",
        ] {
            lines.push(line.split(' ').map(String::from).collect());
        }
        for lang in [Lang::En, Lang::Nl] {
            for line in &lines {
                let mut args = vec!["stroom"];
                args.extend(line.iter().map(String::as_str));
                let (selected, all) = answers(lang, &args);
                assert_eq!(selected, all, "{lang:?}: stroom {}", line.join(" "));
            }
        }
    }
}
