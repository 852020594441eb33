//! Small text helpers shared by the engine's error messages (a leaf module, so errors and
//! the state machine do not depend on each other for it).

/// `hint` as lines of `\n  hint: …`, or nothing when empty.
pub(crate) fn hint_lines(hint: &str) -> String {
    if hint.is_empty() {
        String::new()
    } else {
        hint.lines().map(|l| format!("\n  hint: {l}")).collect()
    }
}
