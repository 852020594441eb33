//! A progress bar on stderr for long simulations: shown only when stderr is a terminal,
//! the output is for people, and the run takes longer than a moment.

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run may take before the bar appears.
const MOMENT: Duration = Duration::from_millis(300);

/// A bar that stays hidden until it is worth showing.
pub struct Bar {
    bar: Option<ProgressBar>,
    start: Instant,
    shown: OnceLock<()>,
}

/// A bar for `total` runs; `human` is false under `--format json`.
pub fn bar(total: u64, human: bool) -> Bar {
    let enabled = human && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    let bar = enabled.then(|| {
        let b = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} runs {elapsed}") {
            b.set_style(style);
        }
        b
    });
    Bar {
        bar,
        start: Instant::now(),
        shown: OnceLock::new(),
    }
}

impl Bar {
    /// Reports the runs done so far (called from the simulation threads).
    pub fn set(&self, done: u64) {
        if let Some(b) = &self.bar {
            if self.start.elapsed() > MOMENT && self.shown.set(()).is_ok() {
                b.set_draw_target(ProgressDrawTarget::stderr());
            }
            b.set_position(done);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
