//! CSV (RFC 4180) for spreadsheets: UTF-8, a header row, ISO dates, comma-separated, fields
//! quoted where needed by the `csv` crate. Column names are language-neutral, like JSON.

use anyhow::Result;
use stroom::agenda::Agenda;
use stroom::planner::Plan;
use stroom::portfolio::Entry;
use stroom::{Record, Target};

use crate::render::out;

/// Writes a header and rows as CSV to stdout.
///
/// # Errors
/// I/O failure.
pub fn write(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Result<()> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(header)?;
    for row in rows {
        w.write_record(&row)?;
    }
    let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    out(&String::from_utf8(bytes)?)
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

/// `plan --format csv`: one row per step, forward dates then the latest ones.
///
/// # Errors
/// I/O failure.
pub fn plan(plan: &Plan) -> Result<()> {
    // CSV is language-neutral: its reasons are the English ones.
    let en = crate::render::messages(crate::render::Lang::En);
    let reference = plan.reference.clone().unwrap_or_default();
    let mut rows = Vec::new();
    for m in &plan.milestones {
        rows.push(vec![
            reference.clone(),
            plan.route.clone(),
            "planned".into(),
            m.step.word().into(),
            m.body.clone(),
            m.date.to_string(),
            serde_plain(&m.basis),
            en.why_and_also(&m.why, &m.also),
        ]);
    }
    if let Some(back) = &plan.target {
        for l in &back.latest {
            rows.push(vec![
                reference.clone(),
                plan.route.clone(),
                "latest".into(),
                l.step.word().into(),
                l.body.clone(),
                l.date.to_string(),
                serde_plain(&l.basis),
                en.why_and_also(&l.why, &l.also),
            ]);
        }
    }
    write(
        &[
            "reference",
            "route",
            "kind",
            "step",
            "body",
            "date",
            "basis",
            "why",
        ],
        rows,
    )
}

/// A unit enum as its serde name (`sourced`, `at-risk`).
fn serde_plain<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn target_cells(t: Option<Target>) -> (String, String) {
    match t {
        Some(Target::KamerBy { date }) => ("kamer-by".into(), date.to_string()),
        Some(Target::Debate { date, .. }) => ("debate".into(), date.to_string()),
        None => (String::new(), String::new()),
    }
}

/// `portfolio --format csv`.
///
/// # Errors
/// I/O failure.
pub fn portfolio(entries: &[Entry]) -> Result<()> {
    let rows = entries.iter().map(|e| {
        let (kind, date) = target_cells(e.target);
        vec![
            e.reference.clone(),
            e.title.clone(),
            e.route.clone(),
            e.state.name().to_string(),
            opt(e.kamer),
            kind,
            date,
            opt(e.send_by),
            opt(e.slack()),
            serde_plain(&e.risk),
            e.p_target.map_or_else(String::new, |p| format!("{p:.4}")),
            e.error.clone().unwrap_or_default(),
        ]
    });
    write(
        &[
            "reference",
            "title",
            "route",
            "state",
            "kamer",
            "target",
            "target_date",
            "send_by",
            "slack",
            "risk",
            "p_target",
            "error",
        ],
        rows,
    )
}

/// `list --format csv`.
///
/// # Errors
/// I/O failure.
pub fn list(rows: impl IntoIterator<Item = Vec<String>>) -> Result<()> {
    write(&["reference", "title", "route", "state", "version"], rows)
}

/// `log --format csv`: one row per record of the trail.
///
/// # Errors
/// I/O failure.
pub fn log(records: &[Record]) -> Result<()> {
    let rows = records.iter().map(|r| {
        vec![
            r.stroom.clone(),
            r.seq.to_string(),
            r.event.on.to_string(),
            format!("{:.0}", r.recorded_at),
            r.actor.clone(),
            opt(r.role.as_ref()),
            r.version.to_string(),
            r.describe(),
            r.comment.clone().unwrap_or_default(),
            r.hash.clone(),
        ]
    });
    write(
        &[
            "reference",
            "seq",
            "date",
            "recorded_at",
            "actor",
            "role",
            "version",
            "what",
            "comment",
            "hash",
        ],
        rows,
    )
}

/// `agenda --format csv`: one row per item.
///
/// # Errors
/// I/O failure.
pub fn agenda(agenda: &Agenda) -> Result<()> {
    let en = crate::render::messages(crate::render::Lang::En);
    let rows = agenda.items.iter().map(|i| {
        vec![
            i.date.to_string(),
            stroom_render::lang::iso_week(i.date).to_string(),
            serde_plain(&i.kind),
            i.step.word().to_string(),
            i.body.clone(),
            i.reference.clone(),
            i.title.clone(),
            i.basis.as_ref().map(serde_plain).unwrap_or_default(),
            serde_plain(&i.risk),
            en.why_and_also(&i.why, &i.also),
        ]
    });
    write(
        &[
            "date",
            "week",
            "kind",
            "step",
            "body",
            "reference",
            "title",
            "basis",
            "risk",
            "why",
        ],
        rows,
    )
}
