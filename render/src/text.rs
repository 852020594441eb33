//! The fixed words and the sentences around the data of the CLI's tables for people
//! (`plan`, `show`, `log`, `list`, `simulate`, `portfolio`, what a recording command
//! reports), per language. The table layout stays with the front end; every word it
//! prints comes from here, so a front end never writes `if dutch` itself.
//!
//! The English texts are the CLI's original ones, unchanged; the Dutch ones are what a
//! planning desk at a ministry writes.

use jiff::civil::Date;
use stroom::machine::{Correction, MrOutcome, Outcome};
use stroom::planner::Standing;
use stroom::{Change, Fact, Record, State};

use crate::lang::{day, week, Lang};

/// Fixed words: column titles, field names and short phrases.
#[derive(Debug)]
pub struct Words {
    /// `plan` table columns.
    pub plan_columns: &'static [&'static str],
    /// `plan` latest-dates table columns.
    pub latest_columns: &'static [&'static str],
    /// Target line label.
    pub target: &'static str,
    /// When no ready date meets the target.
    pub nothing_meets: &'static str,
    /// Header of the latest dates.
    pub latest_heading: &'static str,
    /// `warning:`.
    pub warning: &'static str,
    /// `list` columns.
    pub list_columns: &'static [&'static str],
    /// `log` columns.
    pub log_columns: &'static [&'static str],
    /// `show` field names: stroom, title, route, directie, state, version, onderraad,
    /// target, next.
    pub show_fields: [&'static str; 9],
    /// `show`'s agreements table columns.
    pub agreement_columns: &'static [&'static str],
    /// `kamerbrieven:`.
    pub kamerbrieven: &'static str,
    /// `bijlage:`.
    pub bijlage: &'static str,
    /// `history:`.
    pub history: &'static str,
    /// Recording report field names: recorded, waiting for.
    pub report_fields: [&'static str; 2],
    /// `none`.
    pub none: &'static str,
    /// The stroom is finished: nothing may happen next.
    pub finished: &'static str,
    /// The onderraad decision: undecided, needed, not needed.
    pub onderraad: [&'static str; 3],
    /// `simulate` first two columns: step, baseline.
    pub what_if_columns: [&'static str; 2],
    /// The what-if heading.
    pub what_if_heading: &'static str,
    /// The target row of the what-if table.
    pub what_if_target: &'static str,
    /// A date a scenario has and the baseline has not.
    pub new: &'static str,
    /// Monte Carlo table columns.
    pub monte_carlo_columns: &'static [&'static str],
    /// The histogram heading.
    pub distribution: &'static str,
    /// A histogram bar past the target.
    pub late: &'static str,
    /// `cum`ulative.
    pub cumulative: &'static str,
    /// `portfolio` columns before P(target).
    pub portfolio_columns: &'static [&'static str],
    /// P(target) column.
    pub p_target: &'static str,
    /// Title column.
    pub title: &'static str,
    /// No open strooms.
    pub no_open_strooms: &'static str,
    /// An empty database.
    pub no_strooms_yet: &'static str,
}

const EN: Words = Words {
    plan_columns: &["step", "body", "date", "basis", "why"],
    latest_columns: &["step", "body", "latest", "basis", "why"],
    target: "Target:",
    nothing_meets: "No ready date the calendars cover still meets it.",
    latest_heading: "Latest dates that still meet it (one path through the calendars):",
    warning: "warning:",
    list_columns: &["REFERENCE", "ROUTE", "STATE", "VERSION", "TITLE"],
    log_columns: &[
        "SEQ",
        "DATE",
        "RECORDED AT",
        "ACTOR",
        "ROLE",
        "VERSION",
        "WHAT",
        "COMMENT",
    ],
    show_fields: [
        "stroom",
        "title",
        "route",
        "directie",
        "state",
        "version",
        "onderraad",
        "target",
        "next",
    ],
    agreement_columns: &["  ROLE", "SIGNER", "STATUS"],
    kamerbrieven: "kamerbrieven:",
    bijlage: "bijlage:",
    history: "history:",
    report_fields: ["recorded", "waiting for"],
    none: "none",
    finished: "nothing: the stroom is finished",
    onderraad: ["undecided (planned without)", "needed", "not needed"],
    what_if_columns: ["step", "baseline"],
    what_if_heading: "What if: dates per step, (+N) = werkdagen later than the baseline",
    what_if_target: "target",
    new: "new",
    monte_carlo_columns: &["step", "P50", "P80", "P95", "runs"],
    distribution: "Kamer date distribution:",
    late: "late",
    cumulative: "cum",
    portfolio_columns: &[
        "risk",
        "reference",
        "state",
        "kamer",
        "target",
        "send by",
        "slack",
    ],
    p_target: "P(target)",
    title: "title",
    no_open_strooms: "no open strooms",
    no_strooms_yet: "the database holds no strooms yet: register one with 'stroom new'",
};

const NL: Words = Words {
    plan_columns: &["stap", "orgaan", "datum", "week", "basis", "waarom"],
    latest_columns: &["stap", "orgaan", "uiterlijk", "week", "basis", "waarom"],
    target: "Doel:",
    nothing_meets: "Geen datum binnen de kalenders haalt het nog.",
    latest_heading: "Uiterste data die het nog halen (één pad door de kalenders):",
    warning: "waarschuwing:",
    list_columns: &["REFERENTIE", "ROUTE", "STATUS", "VERSIE", "TITEL"],
    log_columns: &[
        "NR",
        "DATUM",
        "VASTGELEGD OP",
        "DOOR",
        "ROL",
        "VERSIE",
        "WAT",
        "TOELICHTING",
    ],
    show_fields: [
        "stroom",
        "titel",
        "route",
        "directie",
        "status",
        "versie",
        "onderraad",
        "doel",
        "volgende stap",
    ],
    agreement_columns: &["  ROL", "ONDERTEKENAAR", "STATUS"],
    kamerbrieven: "kamerbrieven:",
    bijlage: "bijlage:",
    history: "geschiedenis:",
    report_fields: ["vastgelegd", "wacht op"],
    none: "niemand",
    finished: "niets meer: de stroom is afgerond",
    onderraad: ["nog niet besloten (gepland zonder)", "nodig", "niet nodig"],
    what_if_columns: ["stap", "basisplanning"],
    what_if_heading: "Wat als: data per stap, (+N) = zoveel werkdagen later dan de basisplanning",
    what_if_target: "doel",
    new: "nieuw",
    monte_carlo_columns: &["stap", "P50", "P80", "P95", "simulaties"],
    distribution: "Verdeling van de Kamerdatum:",
    late: "te laat",
    cumulative: "cum.",
    portfolio_columns: &[
        "risico",
        "referentie",
        "status",
        "Kamer",
        "doel",
        "uiterlijk verzenden",
        "speling",
    ],
    p_target: "P(doel)",
    title: "titel",
    no_open_strooms: "geen open strooms",
    no_strooms_yet: "de database bevat nog geen strooms: registreer er een met 'stroom new'",
};

/// The fixed words of a language.
pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Nl => &NL,
    }
}

/// A date in a table cell: `Mon 2023-11-13` / `ma 13 nov 2023`.
fn d(lang: Lang, date: Date) -> String {
    day(lang, date)
}

/// `1 werkdag`, `2 werkdagen` (the Dutch word in both languages, as the English texts use it).
fn werkdagen(n: i64) -> String {
    if n.abs() == 1 {
        format!("{n} werkdag")
    } else {
        format!("{n} werkdagen")
    }
}

/// The date cells of a plan table row: the date, and in Dutch its ISO week number (the
/// `week` column of [`Words::plan_columns`]).
pub fn date_cells(lang: Lang, date: Date) -> Vec<String> {
    match lang {
        Lang::En => vec![d(lang, date)],
        Lang::Nl => vec![d(lang, date), crate::lang::iso_week(date).to_string()],
    }
}

/// What a plan is about, for its heading.
#[derive(Debug, Clone, Copy)]
pub struct PlanHeading<'a> {
    /// Only latest dates (a backward plan), no earliest ones.
    pub latest_only: bool,
    /// The stroom's reference; `None` for an ad hoc plan.
    pub reference: Option<&'a str>,
    /// The route.
    pub route: &'a str,
    /// `Some(true)` with an onderraad, `Some(false)` without, `None` when the path has no
    /// voorportaal or MR (the ondertekening route).
    pub onderraad: Option<bool>,
    /// Werkdagen from the MR (or signing) to sending.
    pub send_after: u8,
    /// The day the plan is made.
    pub today: Date,
}

/// The first line of a plan.
pub fn plan_heading(lang: Lang, h: &PlanHeading<'_>) -> String {
    match lang {
        Lang::En => {
            let kind = if h.latest_only {
                "Latest dates"
            } else {
                "Plan"
            };
            let what = h
                .reference
                .map_or_else(|| "ad hoc".to_string(), |r| format!("stroom {r}"));
            let onderraad = match h.onderraad {
                Some(true) => ", with onderraad",
                Some(false) => ", without onderraad",
                None => "",
            };
            format!(
                "{kind} for {what} on route {}{onderraad}, send-after {} (as of {})",
                h.route,
                h.send_after,
                d(lang, h.today)
            )
        }
        Lang::Nl => {
            let kind = if h.latest_only {
                "Uiterste data"
            } else {
                "Planning"
            };
            let what = h
                .reference
                .map_or_else(|| "ad hoc".to_string(), |r| format!("voor stroom {r}"));
            let onderraad = match h.onderraad {
                Some(true) => ", met onderraad",
                Some(false) => ", zonder onderraad",
                None => "",
            };
            format!(
                "{kind} {what} via route {}{onderraad}, verzendtermijn {} (stand per {}, {})",
                h.route,
                werkdagen(i64::from(h.send_after)),
                d(lang, h.today),
                week(h.today)
            )
        }
    }
}

/// The earliest Kamer date line.
pub fn earliest_kamer(lang: Lang, kamer: Date) -> String {
    match lang {
        Lang::En => format!("Earliest Kamer date: {}", d(lang, kamer)),
        Lang::Nl => format!("Vroegste Kamerdatum: {} ({})", d(lang, kamer), week(kamer)),
    }
}

/// The target of a plan: a debate (with the latest send date and why) or a Kamer date.
pub fn plan_target(lang: Lang, debate: Option<Date>, send_by: Date, why: &str) -> String {
    match (lang, debate) {
        (Lang::En, Some(debate)) => format!(
            "debate {} -> send by {} ({why})",
            d(lang, debate),
            d(lang, send_by)
        ),
        (Lang::En, None) => format!("Kamer by {}", d(lang, send_by)),
        (Lang::Nl, Some(debate)) => format!(
            "debat {} -> uiterlijk verzenden op {} ({why})",
            d(lang, debate),
            d(lang, send_by)
        ),
        (Lang::Nl, None) => format!("Kamer uiterlijk {}", d(lang, send_by)),
    }
}

/// The weakest provenance line; `word` and `scale` come from [`crate::labels`].
pub fn weakest_provenance(lang: Lang, word: &str, scale: &str) -> String {
    match lang {
        Lang::En => format!("Weakest provenance on this path: {word} ({scale})"),
        Lang::Nl => format!("Zwakste herkomst op dit pad: {word} ({scale})"),
    }
}

/// A state in words with its data, e.g. `aangeleverd for the voorportaal of 2023-10-30`.
pub fn state(lang: Lang, state: &State) -> String {
    match (lang, state) {
        (Lang::En, State::Aangeleverd { slot }) => {
            format!("aangeleverd for the voorportaal of {slot}")
        }
        (Lang::Nl, State::Aangeleverd { slot }) => {
            format!("aangeleverd voor het voorportaal van {}", d(lang, *slot))
        }
        (Lang::En, State::BijMinisterraad { aangehouden, .. }) if *aangehouden > 0 => {
            format!("bij ministerraad (aangehouden {aangehouden}x)")
        }
        (Lang::Nl, State::BijMinisterraad { aangehouden, .. }) if *aangehouden > 0 => {
            format!("bij ministerraad ({aangehouden} keer aangehouden)")
        }
        (_, other) => other.kind().name().to_string(),
    }
}

/// `show`'s state line: the state since a day.
pub fn state_since(lang: Lang, s: &State, since: Date) -> String {
    match lang {
        Lang::En => format!("{} since {since}", state(lang, s)),
        Lang::Nl => format!("{} sinds {}", state(lang, s), d(lang, since)),
    }
}

/// The state and version, as a recording command reports them.
pub fn state_and_version(lang: Lang, s: &State, version: u32) -> String {
    match lang {
        Lang::En => format!("{}, version {version}", state(lang, s)),
        Lang::Nl => format!("{}, versie {version}", state(lang, s)),
    }
}

/// `show`'s target line.
pub fn stroom_target(lang: Lang, target: &stroom::Target) -> String {
    use stroom::Target;
    match (lang, target) {
        (Lang::En, Target::KamerBy { date }) => format!("the Kamer has it by {date}"),
        (Lang::Nl, Target::KamerBy { date }) => {
            format!("de Kamer heeft het uiterlijk {}", d(lang, *date))
        }
        (
            Lang::En,
            Target::Debate {
                date,
                lead: Some(l),
            },
        ) => {
            format!("debate on {date}, sent {l} werkdagen before")
        }
        (
            Lang::Nl,
            Target::Debate {
                date,
                lead: Some(l),
            },
        ) => format!(
            "debat op {}, {} vooraf verzonden",
            d(lang, *date),
            werkdagen(i64::from(*l))
        ),
        (Lang::En, Target::Debate { date, lead: None }) => format!("debate on {date}"),
        (Lang::Nl, Target::Debate { date, lead: None }) => format!("debat op {}", d(lang, *date)),
    }
}

/// The heading of `show`'s agreements table.
pub fn agreements_heading(lang: Lang, version: u32) -> String {
    match lang {
        Lang::En => format!("bewindspersonen, version {version}:"),
        Lang::Nl => format!("bewindspersonen, versie {version}:"),
    }
}

/// `eerste` or `mede` signer (the same words in both languages).
pub fn signer(_lang: Lang, signer: &str) -> String {
    signer.to_string()
}

/// Where a bewindspersoon stands: `approved 2023-10-02`, `waiting`, ... (the statuses of
/// `stroom::view::Agreement`).
pub fn agreement(lang: Lang, status: &str, on: Option<Date>) -> String {
    match (lang, on) {
        (Lang::En, Some(on)) if status == "approved" || status == "signed" => {
            format!("{status} {on}")
        }
        (Lang::En, _) => status.replace('-', " "),
        (Lang::Nl, on) => {
            let word = match status {
                "approved" => "akkoord",
                "signed" => "ondertekend",
                "waiting" => "wacht",
                "not-submitted" => "nog niet voorgelegd",
                "not-agreed" => "geen akkoord",
                other => other,
            };
            match on {
                Some(on) if status == "approved" || status == "signed" => {
                    format!("{word} {}", d(lang, on))
                }
                _ => word.to_string(),
            }
        }
    }
}

/// A date in `show`'s history and `log`: ISO in English (sortable, as before), as
/// planners write it in Dutch.
pub fn event_date(lang: Lang, on: Date) -> String {
    match lang {
        Lang::En => on.to_string(),
        Lang::Nl => d(lang, on),
    }
}

fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Door => "door",
        Outcome::Terug => "terug",
    }
}

/// What an event of the trail records, in one line. English is the engine's own
/// `Record::describe`.
pub fn event(lang: Lang, r: &Record) -> String {
    if lang == Lang::En {
        return r.describe();
    }
    let who = r.role.as_ref().map_or("", |r| r.as_str());
    match &r.event.fact {
        Fact::Created { stroom } => format!("geregistreerd op route {}", stroom.route),
        Fact::Submitted => format!("versie {} voorgelegd aan de bewindspersonen", r.version),
        Fact::Approved { role, version } => format!("{role} akkoord met versie {version}"),
        Fact::Returned { role, version } => format!(
            "{role} stuurt versie {version} terug met opmerkingen; versie {} volgt",
            version + 1
        ),
        Fact::Delivered { slot } => {
            format!("aangeleverd bij het voorportaal van {}", d(lang, *slot))
        }
        Fact::VoorportaalOutcome { outcome: o } => format!("voorportaal: {}", outcome(*o)),
        Fact::OnderraadDecided { needed: true } => "onderraad nodig".into(),
        Fact::OnderraadDecided { needed: false } => "onderraad niet nodig".into(),
        Fact::OnderraadOutcome { outcome: o } => format!("onderraad: {}", outcome(*o)),
        Fact::MinisterraadOutcome {
            outcome: MrOutcome::Besloten,
        } => "ministerraad: besloten".into(),
        Fact::MinisterraadOutcome {
            outcome: MrOutcome::Aangehouden,
        } => "ministerraad: aangehouden".into(),
        Fact::Signed { role, version } => format!("{role} heeft versie {version} ondertekend"),
        Fact::Sent => "verzonden aan de Tweede Kamer".into(),
        Fact::Corrected {
            event,
            correction: Correction::Date { on },
        } => format!(
            "correctie van gebeurtenis {event}: vond plaats op {}",
            d(lang, *on)
        ),
        Fact::Corrected {
            event,
            correction: Correction::Void,
        } => format!("correctie van gebeurtenis {event}: vervallen, heeft niet plaatsgevonden"),
        Fact::Withdrawn if who.is_empty() => "ingetrokken".into(),
        Fact::Withdrawn => format!("ingetrokken namens {who}"),
    }
}

/// What an event records in Dutch from its stable code alone (a history line whose
/// record is not at hand): the code's words with the role and version it names.
pub fn event_code_nl(code: &str, role: Option<&str>, version: u32) -> String {
    let role = role.unwrap_or("?");
    match code {
        "created" => "geregistreerd".into(),
        "submitted" => format!("versie {version} voorgelegd aan de bewindspersonen"),
        "approved" => format!("{role} akkoord met versie {version}"),
        "returned" => format!("{role} stuurt versie {version} terug met opmerkingen"),
        "delivered" => "aangeleverd bij het voorportaal".into(),
        "voorportaal-outcome" => "uitkomst van het voorportaal".into(),
        "onderraad-decided" => "besloten of een onderraad nodig is".into(),
        "onderraad-outcome" => "uitkomst van de onderraad".into(),
        "ministerraad-outcome" => "uitkomst van de ministerraad".into(),
        "signed" => format!("{role} heeft versie {version} ondertekend"),
        "sent" => "verzonden aan de Tweede Kamer".into(),
        "withdrawn" => "ingetrokken".into(),
        "corrected" => "correctie van een eerdere gebeurtenis".into(),
        other => format!("gebeurtenis '{other}'"),
    }
}

/// An event of `log` that a later one corrects.
pub fn corrected_by(lang: Lang, what: &str, by: u64) -> String {
    match lang {
        Lang::En => format!("{what} [corrected by event {by}]"),
        Lang::Nl => format!("{what} [gecorrigeerd door gebeurtenis {by}]"),
    }
}

/// A recorded event in a recording command's report.
pub fn recorded(lang: Lang, on: Date, what: &str, seq: u64) -> String {
    match lang {
        Lang::En => format!("{on}: {what} (event {seq})"),
        Lang::Nl => format!("{}: {what} (gebeurtenis {seq})", d(lang, on)),
    }
}

/// The label of a what-if scenario made from one change on the command line. The English
/// label is also the scenario's name in JSON.
pub fn change(lang: Lang, c: &Change) -> String {
    match (lang, c) {
        (Lang::En, Change::Delay { step, werkdagen: n }) => format!("{step} +{n}"),
        (Lang::Nl, Change::Delay { step, werkdagen: n }) => {
            format!("{} +{n}", crate::labels::step(lang, *step))
        }
        (_, Change::RoleDelay { role, werkdagen: n }) => format!("{role} +{n}"),
        (Lang::En, Change::ApprovalOn { role, date }) => format!("{role} on {date}"),
        (Lang::Nl, Change::ApprovalOn { role, date }) => {
            format!("{role} op {}", crate::lang::short_date(lang, *date))
        }
        (Lang::En, Change::Onderraad { needed: true }) => "with onderraad".into(),
        (Lang::En, Change::Onderraad { needed: false }) => "without onderraad".into(),
        (Lang::Nl, Change::Onderraad { needed: true }) => "met onderraad".into(),
        (Lang::Nl, Change::Onderraad { needed: false }) => "zonder onderraad".into(),
        (_, Change::VoorportaalReturn { rework }) => format!("voorportaal terug +{rework}"),
        (Lang::En, Change::MrHolds { times }) => format!("MR holds {times}x"),
        (Lang::Nl, Change::MrHolds { times }) => format!("MR houdt {times}x aan"),
        (Lang::En, Change::SendAfter { k }) => format!("send-after {k}"),
        (Lang::Nl, Change::SendAfter { k }) => format!("verzenden +{k}"),
    }
}

/// A what-if cell: the date, with werkdagen against the baseline when it differs.
pub fn what_if_cell(lang: Lang, date: Date, diff: Option<i64>) -> String {
    match diff {
        None => format!("{} ({})", d(lang, date), words(lang).new),
        Some(0) => d(lang, date),
        Some(n) => format!("{} ({n:+})", d(lang, date)),
    }
}

/// The verdict of one plan against its target, in the what-if table.
pub fn verdict(lang: Lang, s: Option<Standing>) -> String {
    match (lang, s) {
        (Lang::En, Some(Standing::Met { slack })) => format!("met, slack {slack}"),
        (Lang::En, Some(Standing::Late { werkdagen })) => format!("MISSED by {werkdagen}"),
        (Lang::Nl, Some(Standing::Met { slack })) => format!("gehaald, speling {slack}"),
        (Lang::Nl, Some(Standing::Late { werkdagen })) => format!("GEMIST met {werkdagen}"),
        (_, None) => "-".into(),
    }
}

/// A step in the simulation tables: the engine's word in English (as before), the Dutch
/// label otherwise.
pub fn step(lang: Lang, step: stroom::Step) -> &'static str {
    match lang {
        Lang::En => step.word(),
        Lang::Nl => crate::labels::step(lang, step),
    }
}

/// A body in the simulation tables and plans: as stored in English, as people write it
/// (`CWIZO`, `MR`, `Tweede Kamer`) in Dutch.
pub fn body(lang: Lang, body: &str) -> String {
    match lang {
        Lang::En => body.to_string(),
        Lang::Nl => crate::labels::body(body),
    }
}

/// The Monte Carlo heading.
pub fn monte_carlo_heading(lang: Lang, runs: u64, seed: u64) -> String {
    match lang {
        Lang::En => format!("Monte Carlo: {runs} runs, seed {seed}"),
        Lang::Nl => format!("Monte Carlo: {runs} simulaties, seed {seed}"),
    }
}

/// A percentage with one decimal from tenths of a percent: `80.5` / `80,5`.
pub fn percent(lang: Lang, tenths: u64) -> String {
    match lang {
        Lang::En => format!("{}.{}", tenths / 10, tenths % 10),
        Lang::Nl => format!("{},{}", tenths / 10, tenths % 10),
    }
}

/// A fraction (0 to 1) as a percentage with one decimal: `80.8` / `80,8`.
pub fn fraction_percent(lang: Lang, p: f64) -> String {
    // Tenths of a percent, rounded; a fraction is never negative or above 1.
    let tenths = (p.clamp(0.0, 1.0) * 1000.0).round();
    percent(lang, if tenths.is_finite() { tenths as u64 } else { 0 })
}

/// A probability as the model flags give it (`0.1`), with the decimal sign of `lang`.
pub fn probability(lang: Lang, p: f64) -> String {
    match lang {
        Lang::En => format!("{p}"),
        Lang::Nl => format!("{p}").replace('.', ","),
    }
}

/// A duration distribution as the model flags give it (`triangular(3,5,15)`, `5`,
/// `uniform(2,8)`, `empirical`, or `ROLE=` before one of those), in words. A text that
/// is no distribution is returned as it is.
pub fn distribution(lang: Lang, text: &str) -> String {
    use stroom::simulate::Dist;
    let (role, dist) = match text.split_once('=') {
        Some((r, d)) => (Some(r.trim()), d),
        None => (None, text),
    };
    let num = |x: f64| match lang {
        Lang::En => format!("{x}"),
        Lang::Nl => format!("{x}").replace('.', ","),
    };
    let words = match (Dist::parse(dist.trim()), lang) {
        (Ok(Dist::Fixed { value }), _) => werkdagen(i64::from(value)),
        (Ok(Dist::Uniform { min, max }), Lang::En) => {
            format!("uniform from {min} to {max} werkdagen")
        }
        (Ok(Dist::Uniform { min, max }), Lang::Nl) => {
            format!("gelijkverdeeld van {min} tot {max} werkdagen")
        }
        (Ok(Dist::Triangular { min, mode, max }), Lang::En) => format!(
            "triangular: min {}, most likely {}, max {} werkdagen",
            num(min),
            num(mode),
            num(max)
        ),
        (Ok(Dist::Triangular { min, mode, max }), Lang::Nl) => format!(
            "driehoeksverdeling: min {}, meest waarschijnlijk {}, max {} werkdagen",
            num(min),
            num(mode),
            num(max)
        ),
        (Ok(Dist::Empirical { .. }), Lang::En) => "learned from the recorded approvals".into(),
        (Ok(Dist::Empirical { .. }), Lang::Nl) => "geleerd uit de vastgelegde akkoorden".into(),
        (Err(_), _) if dist.trim() == "empirical" => match lang {
            Lang::En => "learned from the recorded approvals".into(),
            Lang::Nl => "geleerd uit de vastgelegde akkoorden".into(),
        },
        (Err(_), _) => dist.to_string(),
    };
    match role {
        Some(r) => format!("{r}: {words}"),
        None => words,
    }
}

/// The probability of sending by the latest date; `p` as from [`percent`].
pub fn p_sent_by(lang: Lang, by: Date, p: &str) -> String {
    match lang {
        Lang::En => format!("P(sent by {}) = {p}%", d(lang, by)),
        Lang::Nl => format!("P(verzonden uiterlijk {}) = {p}%", d(lang, by)),
    }
}

/// A portfolio's target cell.
pub fn portfolio_target(lang: Lang, target: Option<&stroom::Target>) -> String {
    use stroom::Target;
    match (lang, target) {
        (Lang::En, Some(Target::Debate { date, .. })) => format!("debate {}", d(lang, *date)),
        (Lang::En, Some(Target::KamerBy { date })) => format!("Kamer by {}", d(lang, *date)),
        (Lang::Nl, Some(Target::Debate { date, .. })) => format!("debat {}", d(lang, *date)),
        (Lang::Nl, Some(Target::KamerBy { date })) => {
            format!("Kamer uiterlijk {}", d(lang, *date))
        }
        (_, None) => "-".into(),
    }
}

/// A title with why its stroom cannot be planned.
pub fn cannot_plan(lang: Lang, title: &str, err: &str) -> String {
    match lang {
        Lang::En => format!("{title} (cannot plan: {err})"),
        Lang::Nl => format!("{title} (niet te plannen: {err})"),
    }
}

/// The note when a stored stroom is planned as it stood on a past day.
pub fn planned_as_of(lang: Lang, reference: &str, today: Date, later: usize) -> String {
    match lang {
        Lang::En => format!(
            "note: planned as stroom {reference} stood on {today}: {later} later event{} left out",
            if later == 1 { "" } else { "s" }
        ),
        Lang::Nl => format!(
            "let op: gepland zoals stroom {reference} er op {} voor stond: {later} latere {} buiten beschouwing",
            d(lang, today),
            if later == 1 { "gebeurtenis" } else { "gebeurtenissen" }
        ),
    }
}

/// ` (SOURCE)` when a source is known.
fn cited(source: &Option<String>) -> String {
    source
        .as_deref()
        .map_or_else(String::new, |s| format!(" ({s})"))
}

/// A body's period of validity: `valid from 2024-07-02 until 2026-02-22`.
fn validity(lang: Lang, from: Option<Date>, until: Option<Date>) -> String {
    match (lang, from, until) {
        (Lang::En, Some(f), Some(u)) => format!("valid from {f} until {u}"),
        (Lang::En, Some(f), None) => format!("valid from {f}"),
        (Lang::En, None, Some(u)) => format!("valid until {u}"),
        (Lang::Nl, Some(f), Some(u)) => {
            format!("geldig van {} tot en met {}", d(lang, f), d(lang, u))
        }
        (Lang::Nl, Some(f), None) => format!("geldig vanaf {}", d(lang, f)),
        (Lang::Nl, None, Some(u)) => format!("geldig tot en met {}", d(lang, u)),
        (_, None, None) => String::new(),
    }
}

/// What the calendars on a plan's path say that the plan must cite: an extrapolated
/// slot, an extra meeting, a cancelled one.
pub fn path_note(lang: Lang, n: &stroom::calendar::PathNote) -> String {
    use stroom::calendar::PathNote;
    match (lang, n) {
        (
            Lang::En,
            PathNote::Extrapolated {
                body,
                meeting,
                cabinet,
                since,
                source,
            },
        ) => format!(
            "the {body} meeting of {meeting} is extrapolated: the {cabinet} cabinet took office on {since}{} and decides which onderraden exist and when they meet; no schedule of {body} under {cabinet} is loaded. Load the real one: 'stroom calendar import --body {body} FILE.ics' (or FILE.csv)",
            cited(source)
        ),
        (
            Lang::Nl,
            PathNote::Extrapolated {
                body,
                meeting,
                cabinet,
                since,
                source,
            },
        ) => format!(
            "de {}-vergadering van {} is doorgetrokken: het kabinet-{cabinet} is op {}{} aangetreden en bepaalt welke onderraden er zijn en wanneer die vergaderen; er is geen schema van de {} onder dit kabinet geladen. Laad het echte schema: 'stroom calendar import --body {body} BESTAND.ics' (of BESTAND.csv)",
            crate::labels::body(body),
            d(lang, *meeting),
            d(lang, *since),
            cited(source),
            crate::labels::body(body),
        ),
        (
            Lang::En,
            PathNote::Extra {
                body,
                meeting,
                provenance,
            },
        ) => format!(
            "the {body} meeting of {meeting} is an extra one-off meeting ({}: {})",
            provenance.word(),
            provenance.note()
        ),
        (
            Lang::Nl,
            PathNote::Extra {
                body,
                meeting,
                provenance,
            },
        ) => format!(
            "de {}-vergadering van {} is een extra, eenmalige vergadering ({}: {})",
            crate::labels::body(body),
            d(lang, *meeting),
            crate::labels::provenance(lang, provenance.level()),
            provenance.note()
        ),
        (
            Lang::En,
            PathNote::OutsideValidity {
                body,
                meeting,
                valid_from,
                valid_until,
            },
        ) => format!(
            "the {body} meeting of {meeting} lies outside the period {body} is known to exist ({}): check that it meets then, or load its schedule: 'stroom calendar import --body {body} FILE.ics' (or FILE.csv)",
            validity(lang, *valid_from, *valid_until)
        ),
        (
            Lang::Nl,
            PathNote::OutsideValidity {
                body,
                meeting,
                valid_from,
                valid_until,
            },
        ) => format!(
            "de {}-vergadering van {} valt buiten de periode waarin de {} bekend is ({}): ga na of die dan vergadert, of laad het schema: 'stroom calendar import --body {body} BESTAND.ics' (of BESTAND.csv)",
            crate::labels::body(body),
            d(lang, *meeting),
            crate::labels::body(body),
            validity(lang, *valid_from, *valid_until)
        ),
        (
            Lang::En,
            PathNote::DebateMoved {
                activity,
                debate,
                status,
            },
        ) => format!(
            "the status of {activity} is '{status}': it was moved and {debate} may no longer hold; download the activities again"
        ),
        (
            Lang::Nl,
            PathNote::DebateMoved {
                activity,
                debate,
                status,
            },
        ) => format!(
            "de status van {activity} is '{status}': het is verplaatst en {} klopt mogelijk niet meer; download de activiteiten opnieuw",
            d(lang, *debate)
        ),
        (
            Lang::En,
            PathNote::DebateCancelled {
                activity,
                debate,
                status,
            },
        ) => format!(
            "the status of {activity} is '{status}': it will not take place on {debate}; plan against its new date or another target"
        ),
        (
            Lang::Nl,
            PathNote::DebateCancelled {
                activity,
                debate,
                status,
            },
        ) => format!(
            "de status van {activity} is '{status}': het gaat niet door op {}; plan tegen de nieuwe datum of een ander doel",
            d(lang, *debate)
        ),
        (
            Lang::En,
            PathNote::Cancelled {
                body,
                meeting,
                reason,
            },
        ) => format!("the {body} meeting of {meeting} is cancelled ({reason})"),
        (
            Lang::Nl,
            PathNote::Cancelled {
                body,
                meeting,
                reason,
            },
        ) => format!(
            "de {}-vergadering van {} gaat niet door ({reason})",
            crate::labels::body(body),
            d(lang, *meeting)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn model_words_and_percentages_per_language() {
        assert_eq!(
            distribution(Lang::Nl, "triangular(3,5,15)"),
            "driehoeksverdeling: min 3, meest waarschijnlijk 5, max 15 werkdagen"
        );
        assert_eq!(
            distribution(Lang::Nl, "MPVO=uniform(2,8)"),
            "MPVO: gelijkverdeeld van 2 tot 8 werkdagen"
        );
        assert_eq!(distribution(Lang::Nl, "5"), "5 werkdagen");
        assert_eq!(
            distribution(Lang::Nl, "empirical"),
            "geleerd uit de vastgelegde akkoorden"
        );
        assert_eq!(distribution(Lang::Nl, "nonsense"), "nonsense");
        assert_eq!(fraction_percent(Lang::Nl, 0.8081), "80,8");
        assert_eq!(fraction_percent(Lang::En, 0.8081), "80.8");
        assert_eq!(fraction_percent(Lang::Nl, 1.0), "100,0");
        assert_eq!(probability(Lang::Nl, 0.15), "0,15");
        assert_eq!(
            p_sent_by(
                Lang::Nl,
                date(2023, 11, 24),
                &fraction_percent(Lang::Nl, 0.5)
            ),
            "P(verzonden uiterlijk vr 24 nov 2023) = 50,0%"
        );
    }

    #[test]
    fn both_languages_have_the_same_columns() {
        for (en, nl) in [
            (EN.list_columns, NL.list_columns),
            (EN.log_columns, NL.log_columns),
            (EN.agreement_columns, NL.agreement_columns),
            (EN.monte_carlo_columns, NL.monte_carlo_columns),
            (EN.portfolio_columns, NL.portfolio_columns),
        ] {
            assert_eq!(en.len(), nl.len(), "{en:?} / {nl:?}");
        }
        // The Dutch plan tables add the ISO week after the date.
        assert_eq!(NL.plan_columns.len(), EN.plan_columns.len() + 1);
        assert_eq!(NL.plan_columns[3], "week");
    }

    #[test]
    fn dutch_percentages_use_a_decimal_comma() {
        assert_eq!(percent(Lang::Nl, 805), "80,5");
        assert_eq!(percent(Lang::En, 805), "80.5");
        assert_eq!(percent(Lang::Nl, 1000), "100,0");
    }

    #[test]
    fn dutch_agreements_and_states() {
        assert_eq!(
            agreement(Lang::Nl, "approved", Some(date(2023, 10, 2))),
            "akkoord ma 2 okt 2023"
        );
        assert_eq!(
            agreement(Lang::Nl, "not-submitted", None),
            "nog niet voorgelegd"
        );
        assert_eq!(agreement(Lang::En, "not-submitted", None), "not submitted");
        assert_eq!(
            state(
                Lang::Nl,
                &State::Aangeleverd {
                    slot: date(2023, 10, 30)
                }
            ),
            "aangeleverd voor het voorportaal van ma 30 okt 2023"
        );
    }
}
