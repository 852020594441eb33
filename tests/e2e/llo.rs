//! The LLO stroom (41077000, `examples/llo-41077000.toml`) as the record tests set it up,
//! and the argument list of its approvals: one place for what the tests repeated.

use crate::Sandbox;

/// `approve 41077000 --role ROLE --version 1 --on ON`.
pub fn approve_args<'a>(role: &'a str, on: &'a str) -> [&'a str; 8] {
    [
        "approve",
        "41077000",
        "--role",
        role,
        "--version",
        "1",
        "--on",
        on,
    ]
}

/// Registered and submitted on 27 Sep 2023.
pub fn submitted(sb: &Sandbox) {
    sb.new_llo();
    sb.run(&["submit", "41077000", "--on", "2023-09-27"]).ok();
}

/// Submitted, and approved by MSZW on 28 Sep 2023.
pub fn approved_by_mszw(sb: &Sandbox) {
    submitted(sb);
    sb.run(&approve_args("MSZW", "2023-09-28")).ok();
}

/// Whether `role` approved it, as `show --format json` says.
pub fn approved(sb: &Sandbox, role: &str) -> bool {
    let show = sb.run(&["show", "41077000", "--format", "json"]).ok();
    show.json()["bewindspersonen"].as_array().is_some_and(|a| {
        a.iter()
            .any(|b| b["role"] == role && b["status"] == "approved")
    })
}
