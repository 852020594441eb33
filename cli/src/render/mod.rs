//! Output: aligned tables and text for people, JSON for tools. Everything written here
//! goes to stdout and is data; messages go to stderr through [`note`].
//!
//! The engine's typed reasons and warnings become sentences in one place per language: a
//! [`Messages`] implementation in `stroom_render::messages` (shared with the server),
//! chosen by [`Lang`].

use std::io::Write;
use std::sync::OnceLock;

use anyhow::Result;
use jiff::Timestamp;
use serde::Serialize;

pub use stroom_render::messages::{messages, Messages};
pub use stroom_render::Lang;

/// An error as people read it on stderr, in `lang`: `error: ` (`fout: `), the message and
/// its hints. The engine's errors are rendered by `stroom_render`'s messages; for an error
/// with context (`cannot read …`), each further cause follows on a `caused by:` line.
pub fn error_report(lang: Lang, err: &anyhow::Error) -> String {
    let m = messages(lang);
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        match engine_diagnostic(m, cause) {
            Some(d) => {
                parts.push(d.text(lang));
                // An engine error is the root of what went wrong: its own source (if any)
                // is already in its words.
                break;
            }
            None => parts.push(cause.to_string()),
        }
    }
    // A short context (a flag, `--kamer-by`) prefixes the engine's message on its line;
    // a longer one is followed by the causes, one per line.
    let mut s = format!("{}: ", m.error_word());
    match parts.as_slice() {
        [context, cause] if context.starts_with("--") && !context.contains(' ') => {
            s.push_str(&format!("{context}: {cause}"));
        }
        [first, rest @ ..] => {
            s.push_str(first);
            for p in rest {
                s.push_str(&format!("\n  {}: {p}", lang.pick("caused by", "oorzaak")));
            }
        }
        [] => {}
    }
    s
}

/// A usage error of clap (the argument parser) in Dutch, or `None` for what clap prints
/// itself (help, version) or a kind without a Dutch rendering.
pub fn clap_error_nl(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |k: ContextKind| -> Option<String> {
        match e.get(k)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(v.join(", ")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::StyledStrs(v) => Some(
                v.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ContextValue::Number(n) => Some(n.to_string()),
            ContextValue::Bool(b) => Some(b.to_string()),
            ContextValue::None => None,
            _ => None,
        }
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let mut s = match e.kind() {
        ErrorKind::InvalidValue => {
            // clap reports a flag given without its value as an empty invalid value.
            let mut s = if value.is_empty() {
                format!("fout: '{arg}' heeft een waarde nodig")
            } else {
                format!("fout: ongeldige waarde '{value}' voor '{arg}'")
            };
            if let Some(valid) = get(ContextKind::ValidValue).filter(|v| !v.is_empty()) {
                s.push_str(&format!("\n  mogelijke waarden: {valid}"));
            }
            s
        }
        ErrorKind::ValueValidation => {
            // clap's own number parsers speak English: their two common answers in Dutch.
            let why = std::error::Error::source(e).map(|w| {
                let w = w.to_string();
                match w.split_once(" is not in ") {
                    _ if w == "invalid digit found in string" => "dat is geen geheel getal".into(),
                    Some((n, range)) => {
                        let (lo, hi) = range.split_once("..=").unwrap_or((range, ""));
                        format!("{n} ligt niet tussen {lo} en {hi}")
                    }
                    None => w,
                }
            });
            match why {
                Some(why) => format!("fout: ongeldige waarde '{value}' voor '{arg}': {why}"),
                None => format!("fout: ongeldige waarde '{value}' voor '{arg}'"),
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = match e.get(ContextKind::InvalidArg) {
                Some(ContextValue::Strings(v)) => v.join("\n  "),
                _ => arg,
            };
            format!("fout: deze verplichte argumenten ontbreken:\n  {missing}")
        }
        ErrorKind::UnknownArgument => format!("fout: onverwacht argument '{arg}'"),
        ErrorKind::ArgumentConflict => match get(ContextKind::PriorArg) {
            Some(prior) => format!("fout: '{arg}' gaat niet samen met '{prior}'"),
            None => format!("fout: '{arg}' gaat niet samen met een ander gegeven argument"),
        },
        ErrorKind::TooManyValues => format!("fout: te veel waarden: '{value}' voor '{arg}'"),
        ErrorKind::NoEquals => format!("fout: '{arg}' wil een waarde na '='"),
        ErrorKind::InvalidSubcommand => format!(
            "fout: onbekend commando '{}'",
            get(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::TooFewValues => format!("fout: te weinig waarden voor '{arg}'"),
        ErrorKind::WrongNumberOfValues => {
            format!("fout: het verkeerde aantal waarden voor '{arg}'")
        }
        ErrorKind::MissingSubcommand => format!(
            "fout: '{}' vraagt om een opdracht",
            get(ContextKind::InvalidSubcommand).unwrap_or_else(|| "stroom".into())
        ),
        ErrorKind::InvalidUtf8 => "fout: een argument is geen geldige tekst (UTF-8)".to_string(),
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        | ErrorKind::DisplayVersion => return None,
        // What clap reports besides (an I/O or format failure of its own, a kind of a
        // newer clap): its words, marked as English.
        _ => {
            let words = e.kind().as_str().unwrap_or("?");
            format!(
                "fout: de opdrachtregel is niet te lezen (clap meldt, in het Engels: \"{words}\")"
            )
        }
    };
    if let Some(suggested) = get(ContextKind::SuggestedValue) {
        s.push_str(&format!(
            "\n  tip: een waarde die erop lijkt: '{suggested}'"
        ));
    }
    if let Some(suggested) = get(ContextKind::SuggestedArg) {
        s.push_str(&format!("\n  tip: een optie die erop lijkt: '{suggested}'"));
    }
    if let Some(ContextValue::Strings(v)) = e.get(ContextKind::SuggestedSubcommand) {
        let quoted: Vec<String> = v.iter().map(|c| format!("'{c}'")).collect();
        s.push_str(&match quoted.as_slice() {
            [one] => format!("\n  tip: een commando dat erop lijkt: {one}"),
            more => format!("\n  tip: commando's die erop lijken: {}", more.join(", ")),
        });
    }
    if let Some(usage) = get(ContextKind::Usage) {
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        s.push_str(&format!(
            "\n\nGebruik: {}",
            stroom_render::help::usage_nl(usage)
        ));
    }
    s.push_str("\n\nMeer informatie: 'stroom --help'.");
    Some(s)
}

/// clap's help (`--help`, or a command given without its subcommand) in Dutch: clap writes
/// the Dutch texts of `args::command_in`, and the placeholders of its usage line are put in
/// Dutch here. `None` for anything but help.
pub fn clap_help_nl(e: &clap::Error) -> Option<String> {
    use clap::error::ErrorKind;
    if !matches!(
        e.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        return None;
    }
    let text = e.render().to_string();
    let mut out = String::with_capacity(text.len());
    let mut in_usage = false;
    for line in text.split_inclusive('\n') {
        in_usage = line.starts_with("Gebruik:") || (in_usage && line.starts_with(' '));
        if in_usage {
            out.push_str(&stroom_render::help::usage_nl(line));
        } else {
            out.push_str(line);
        }
    }
    Some(out)
}

/// The rendering of an engine error, of any of its domain types.
fn engine_diagnostic(
    m: &dyn Messages,
    cause: &(dyn std::error::Error + 'static),
) -> Option<stroom_render::messages::Diagnostic> {
    use stroom::{BadInput, CalendarError, DataError, Error, PlanError, Rejection, StoreError};
    if let Some(e) = cause.downcast_ref::<Error>() {
        return Some(m.error(e));
    }
    if let Some(r) = cause.downcast_ref::<Rejection>() {
        return Some(m.rejection(r));
    }
    if let Some(e) = cause.downcast_ref::<CalendarError>() {
        return Some(m.error(&Error::Calendar(e.clone())));
    }
    if let Some(e) = cause.downcast_ref::<DataError>() {
        return Some(m.error(&Error::Data(e.clone())));
    }
    if let Some(e) = cause.downcast_ref::<BadInput>() {
        return Some(m.error(&Error::Input(e.clone())));
    }
    if let Some(e) = cause.downcast_ref::<StoreError>() {
        return Some(m.store(e));
    }
    if let Some(e) = cause.downcast_ref::<PlanError>() {
        return Some(m.plan(e));
    }
    if let Some(p) = cause.downcast_ref::<stroom_render::cli::Problem>() {
        return Some(p.diagnostic(m.lang()));
    }
    if let Some(f) = cause.downcast_ref::<stroom_render::cli::Failed>() {
        return Some(f.diagnostic(m.lang()));
    }
    if let Some(c) = cause.downcast_ref::<stroom_render::client::Connection>() {
        return Some(c.diagnostic(m.lang()));
    }
    if let Some(p) = cause.downcast_ref::<stroom_render::model::ModelProblem>() {
        return Some(p.diagnostic(m.lang()));
    }
    if let Some(e) = cause.downcast_ref::<stroom_render::schedule::ScheduleError>() {
        return Some(e.diagnostic(m.lang()));
    }
    None
}

/// Writes `text` to stdout.
///
/// # Errors
/// I/O failure (a closed pipe is handled in `main`).
pub fn out(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// The version of the JSON contract every `--format json` answer carries as `"schema"`
/// (the server's `API_SCHEMA` is the same number).
pub const SCHEMA: u32 = stroom::view::VIEW_SCHEMA;

/// Writes a value as pretty JSON, with a final newline, to stdout. The value must be an
/// object carrying `"schema"` itself (the engine's views and plans do); everything else
/// goes through [`answer`].
///
/// # Errors
/// I/O failure.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    out(&text)
}

/// Writes a `--format json` answer that has no `schema` of its own: `{"schema": 1, ...}`
/// with the value's fields beside it (the value must serialise as an object with
/// kebab-case keys).
///
/// # Errors
/// I/O failure.
pub fn answer<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    #[derive(Serialize)]
    struct Versioned<'a, T: ?Sized> {
        schema: u32,
        #[serde(flatten)]
        value: &'a T,
    }
    json(&Versioned {
        schema: SCHEMA,
        value,
    })
}

/// Writes a typed note for people to stderr, in `lang`.
pub fn say(lang: Lang, n: &stroom_render::cli::Note) {
    note(&stroom_render::cli::note(lang, n));
}

/// Writes a message for people to stderr.
pub fn note(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{text}");
}

/// The terminal width tables fit into (`COLUMNS`), set once by the settings.
static WIDTH: OnceLock<usize> = OnceLock::new();

/// Makes tables fit `columns` characters: the last column wraps at spaces.
pub fn set_width(columns: usize) {
    let _ = WIDTH.set(columns);
}

/// Splits `text` into lines of at most `width` characters at spaces (a longer word stays
/// whole on its own line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// A table: a header and rows, columns padded to the widest cell. The last column is
/// not padded, so a long title or comment does not widen the table.
#[derive(Debug)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column titles.
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are empty.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Renders the table. A table made with no column titles prints its rows alone.
    pub fn render(&self) -> String {
        let columns = self
            .rows
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(self.header.len());
        let mut widths = vec![0usize; columns];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(cell));
            }
        }
        // Room for every row at full width, so the text is not copied as it grows.
        let mut s = String::with_capacity(
            (self.rows.len() + 1) * (widths.iter().map(|w| w + 2).sum::<usize>() + 1),
        );
        let header = (!self.header.is_empty()).then_some(&self.header);
        // With a terminal width, the last column wraps under itself when the line is too
        // long, as long as that leaves it 20 characters or more.
        let prefix: usize = widths.iter().rev().skip(1).map(|w| w + 2).sum();
        let room = WIDTH
            .get()
            .and_then(|w| w.checked_sub(prefix))
            .filter(|r| *r >= 20);
        for row in header.into_iter().chain(&self.rows) {
            match (room, row.get(columns.saturating_sub(1))) {
                (Some(room), Some(last)) if row.len() == columns && width(last) > room => {
                    for (i, part) in wrap(last, room).into_iter().enumerate() {
                        let mut cells: Vec<String> = if i == 0 {
                            row[..columns - 1].to_vec()
                        } else {
                            vec![String::new(); columns - 1]
                        };
                        cells.push(part);
                        line(&mut s, &cells, &widths);
                    }
                }
                _ => line(&mut s, row, &widths),
            }
        }
        s
    }
}

/// How many characters a cell is wide: its length when it is ASCII (checked a word at a
/// time), else its characters counted.
fn width(cell: &str) -> usize {
    if cell.is_ascii() {
        cell.len()
    } else {
        cell.chars().count()
    }
}

/// Padding, pushed as slices of this (a character at a time cost more than the cells).
const SPACES: &str = "                                ";

fn line(s: &mut String, cells: &[String], widths: &[usize]) {
    // Written in place (no string per row or per padding: `portfolio` has 10,000 rows).
    let start = s.len();
    for (i, w) in widths.iter().enumerate() {
        let cell = cells.get(i).map_or("", String::as_str);
        s.push_str(cell);
        if i + 1 < widths.len() {
            let mut pad = w - width(cell) + 2;
            while pad > 0 {
                let n = pad.min(SPACES.len());
                s.push_str(&SPACES[..n]);
                pad -= n;
            }
        }
    }
    let kept = s[start..].trim_end().len();
    s.truncate(start + kept);
    s.push('\n');
}

/// Key-value lines with the keys padded to one width.
#[derive(Debug, Default)]
pub struct Fields {
    rows: Vec<(String, String)>,
}

impl Fields {
    /// Adds a line.
    pub fn add(&mut self, key: &str, value: impl Into<String>) {
        self.rows.push((key.to_string(), value.into()));
    }

    /// Renders the lines.
    pub fn render(&self) -> String {
        let width = self
            .rows
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        self.rows
            .iter()
            .map(|(k, v)| format!("{k:<width$}  {v}").trim_end().to_string() + "\n")
            .collect()
    }
}

/// A recorded-at time for people: UTC, to the second.
pub fn timestamp(t: &Timestamp) -> String {
    format!("{t:.0}")
}
