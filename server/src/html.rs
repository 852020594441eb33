//! Server-rendered HTML: escaping, the page frame, Dutch words for the engine's terms.
//! No JavaScript; every action is a form. Colours meet WCAG AA contrast on white, and
//! every colour comes with a word.

use std::fmt::Write as _;

use stroom::planner::{Basis, Step};
use stroom::portfolio::Risk;

use crate::users::User;

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a query-string value.
pub fn url(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

const STYLE: &str = "
body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.45}
header{background:#154273;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.5rem;align-items:center;flex-wrap:wrap}
header a{color:#fff;font-weight:600}
header .who{margin-left:auto}
header form{display:inline}
header button{background:#fff;color:#154273;border:0;padding:.3rem .7rem;cursor:pointer}
main{padding:1rem 1.2rem;max-width:84rem}
a{color:#0b4f9c}
table{border-collapse:collapse;margin:.5rem 0 1.2rem}
th,td{border:1px solid #9aa5b1;padding:.3rem .55rem;text-align:left;vertical-align:top}
th{background:#e8eef5}
.risk{font-weight:700;padding:.1rem .4rem;border-radius:.2rem;color:#fff;white-space:nowrap}
.risk-late{background:#a4001d}.risk-at-risk{background:#8a4b00}.risk-on-track{background:#1f6b33}
.risk-no-target,.risk-unknown{background:#4a4a4a}
.estimated{font-style:italic;color:#5c3d00}
.sourced{color:#1f4d2b}
.reported{color:#22405e}
.tag{font-size:.8em;border:1px solid currentColor;border-radius:.2rem;padding:0 .25rem;margin-left:.3rem}
.error{border:2px solid #a4001d;background:#fdecee;padding:.6rem .8rem;white-space:pre-wrap}
.ok{border:2px solid #1f6b33;background:#edf7ef;padding:.6rem .8rem}
form.cmd{border:1px solid #9aa5b1;padding:.6rem .8rem;margin:.5rem 0;max-width:40rem}
label{display:block;margin:.3rem 0 .1rem;font-weight:600}
input,select,textarea{font:inherit;padding:.25rem}
button{font:inherit;padding:.35rem .9rem;background:#154273;color:#fff;border:0;cursor:pointer;margin-top:.4rem}
button:focus,a:focus,input:focus,select:focus,textarea:focus{outline:3px solid #f9b000;outline-offset:1px}
dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}
dt{font-weight:600}
.recess{background:#fff4d6}
.bar{background:#154273;height:12px;min-width:1px}.bar.late{background:#a4001d}
table.histogram{min-width:36rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
figure.timeline{margin:.5rem 0 1rem;max-width:100%;overflow-x:auto}
figure.timeline svg{max-width:100%;height:auto}
";

/// A whole page: `<title>`, header with navigation and the user, then `body`.
pub fn page(title: &str, user: Option<(&User, &str)>, body: &str) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · stroom</title><style>{STYLE}</style></head><body>\n<header><span><strong>stroom</strong></span>",
        esc(title)
    );
    if let Some((u, csrf)) = user {
        let grants: Vec<String> = u.grants.iter().map(ToString::to_string).collect();
        let _ = write!(
            s,
            "<nav aria-label=\"Hoofdmenu\"><a href=\"/portfolio\">Portfolio</a> · <a href=\"/kalenders\">Kalenders</a></nav>\
             <span class=\"who\">Ingelogd als <strong>{}</strong> ({})</span>\
             <form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"{}\"><button type=\"submit\">Uitloggen</button></form>",
            esc(&u.name),
            esc(&grants.join(", ")),
            esc(csrf)
        );
    }
    let _ = write!(s, "</header>\n<main>\n{body}\n</main></body></html>\n");
    s
}

/// The risk as a coloured word.
pub fn risk(r: Risk) -> String {
    let (class, word) = match r {
        Risk::Late => ("late", "te laat"),
        Risk::AtRisk => ("at-risk", "risico"),
        Risk::OnTrack => ("on-track", "op schema"),
        Risk::NoTarget => ("no-target", "geen doel"),
        Risk::Unknown => ("unknown", "onbekend"),
    };
    format!("<span class=\"risk risk-{class}\">{word}</span>")
}

/// A plan step in Dutch.
pub fn step(s: Step) -> &'static str {
    match s {
        Step::Approval => "akkoord bewindspersonen",
        Step::Delivery => "aanleverdeadline",
        Step::Voorportaal => "voorportaal",
        Step::Onderraad => "onderraad",
        Step::Ministerraad => "ministerraad",
        Step::Kamer => "verzending aan de Kamer",
    }
}

/// How a date came about, visible: sourced dates plain, estimated ones italic and tagged.
pub fn basis(b: Basis) -> (&'static str, &'static str) {
    match b {
        Basis::Sourced => ("sourced", "bron"),
        Basis::Reported => ("reported", "gemeld"),
        Basis::Estimated => ("estimated", "geschat"),
        Basis::Assumed => ("estimated", "aangenomen"),
        Basis::Given => ("sourced", "gegeven"),
    }
}

/// An agreement status in Dutch.
pub fn agreement(status: &str) -> &'static str {
    match status {
        "approved" => "akkoord",
        "signed" => "getekend",
        "waiting" => "wacht op akkoord",
        "not-submitted" => "nog niet voorgelegd",
        "not-agreed" => "geen akkoord",
        _ => "onbekend",
    }
}

/// A date as `di 3 okt 2023`.
pub fn day(d: jiff::civil::Date) -> String {
    const DAYS: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ];
    let wd = DAYS[usize::try_from(d.weekday().to_monday_zero_offset()).unwrap_or(0) % 7];
    let m = MONTHS[usize::try_from(d.month() - 1).unwrap_or(0) % 12];
    format!("{wd} {} {m} {}", d.day(), d.year())
}

/// The Dutch month name.
pub fn month_name(m: i8) -> &'static str {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    MONTHS[usize::try_from(m - 1).unwrap_or(0) % 12]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_neutralises_markup() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(url("a b&c"), "a%20b%26c");
    }

    #[test]
    fn dates_read_in_dutch() {
        assert_eq!(day(jiff::civil::date(2023, 10, 3)), "di 3 okt 2023");
    }
}
