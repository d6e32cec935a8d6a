//! The one progress bar of the command line (on a terminal, unless --quiet).

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// A bar of `len` steps, counting `unit` (e.g. "negotiations ({per_sec}, eta
/// {eta})"); `None` when quiet or when stderr is not a terminal.
pub fn bar(len: u64, unit: &str, quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let b = ProgressBar::new(len);
    b.set_style(
        ProgressStyle::with_template(&format!("{{spinner}} {{bar:40}} {{pos}}/{{len}} {unit}"))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    Some(b)
}

/// Move the bar, if any, to `done`.
pub fn set(bar: &Option<ProgressBar>, done: u64) {
    if let Some(b) = bar {
        b.set_position(done);
    }
}

/// Remove the bar, if any.
pub fn finish(bar: Option<ProgressBar>) {
    if let Some(b) = bar {
        b.finish_and_clear();
    }
}
