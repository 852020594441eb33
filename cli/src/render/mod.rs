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

/// Hints for an engine error that name this CLI's commands and flags (the engine's own
/// messages never do).
pub fn cli_hints(err: &anyhow::Error) -> Vec<String> {
    use stroom::planner::Step;
    use stroom::{Error, PlanError};
    let plan = err.chain().find_map(|c| match c.downcast_ref::<Error>() {
        Some(Error::Plan(p)) => Some(p),
        _ => c.downcast_ref::<PlanError>(),
    });
    let Some(p) = plan else {
        return Vec::new();
    };
    let hint = match p {
        PlanError::NothingLeft { reference, .. } => {
            format!("see what happened with 'stroom log {reference}'")
        }
        PlanError::NotYetRegistered { registered, .. } => {
            format!("plan with --today {registered} or later")
        }
        PlanError::RouteLacks {
            step: Step::Onderraad,
            ..
        } => "plan without --onderraad, or add onderraad = \"rwizo\" to the route file".into(),
        PlanError::RouteLacks { .. } => "this step exists on the ministerraad route only".into(),
        PlanError::WrongBodyKind { key, kind, .. } => format!(
            "name a {key} body in the route's {key} key, or make the calendar's kind {key} (it is {kind})"
        ),
        PlanError::NotAStep { .. } => "e.g. --delay approval=5".into(),
        PlanError::NotADistribution { .. } => {
            "e.g. --approval triangular(3,5,15) or --approval 5".into()
        }
        PlanError::Scenario { .. } => return Vec::new(),
    };
    vec![hint]
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

/// Writes a value as pretty JSON, with a final newline, to stdout.
///
/// # Errors
/// I/O failure.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    out(&text)
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
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut s = String::new();
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
                (Some(room), Some(last)) if row.len() == columns && last.chars().count() > room => {
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

fn line(s: &mut String, cells: &[String], widths: &[usize]) {
    let mut text = String::new();
    for (i, w) in widths.iter().enumerate() {
        let cell = cells.get(i).map_or("", String::as_str);
        if i + 1 == widths.len() {
            text.push_str(cell);
        } else {
            text.push_str(cell);
            text.push_str(&" ".repeat(w - cell.chars().count() + 2));
        }
    }
    s.push_str(text.trim_end());
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
