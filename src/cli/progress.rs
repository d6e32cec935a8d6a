//! The one progress bar of the command line (on a terminal, unless --quiet).

use indicatif::{ProgressBar, ProgressState, ProgressStyle};
use std::io::IsTerminal;

/// A bar of `len` steps, counting `unit` (e.g. "negotiations ({per_sec}, eta
/// {eta})"); `None` when quiet or when stderr is not a terminal. `{per_sec}`
/// is written as a whole number with thousands separators ("314,300/s"),
/// not indicatif's four decimals.
pub fn bar(len: u64, unit: &str, quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let b = ProgressBar::new(len);
    b.set_style(style(unit));
    Some(b)
}

/// The bar's style: `{per_sec}` replaced by a rounded rate.
fn style(unit: &str) -> ProgressStyle {
    let unit = unit.replace("{per_sec}", "{rate}");
    ProgressStyle::with_template(&format!("{{spinner}} {{bar:40}} {{pos}}/{{len}} {unit}"))
        .map(|s| {
            s.with_key(
                "rate",
                |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{}", rate(state.per_sec()));
                },
            )
        })
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}

/// A rate per second, rounded to a whole number with thousands separators.
fn rate(per_sec: f64) -> String {
    if per_sec.is_finite() {
        format!("{}/s", negsim::output::money(per_sec, 0))
    } else {
        "-/s".to_string()
    }
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

#[cfg(test)]
mod tests {
    use super::rate;

    #[test]
    fn rates_are_rounded() {
        assert_eq!(rate(314299.7416), "314,300/s");
        assert_eq!(rate(12.4), "12/s");
        assert_eq!(rate(f64::INFINITY), "-/s");
    }
}
