//! How rough a body-language hint is. A hint about side `i`'s limit is the
//! truth plus normal noise of `leak_sigma` prior sds of that limit, cut to
//! the limit's support (`exchange.leak_sigma` in the config): so it is
//! within `z * sigma` of the truth at least as often as a normal variable
//! is within `z` sds of its mean (cutting to the support, which holds the
//! truth, only brings a hint closer).

use super::Play;
use crate::model::negotiation::Event;

/// How often the stated range holds: 90% of hints.
pub const COVERAGE: f64 = 0.90;

/// The standard normal quantile at `(1 + COVERAGE) / 2` (0.95): a normal
/// variable is within this many sds of its mean with probability
/// [`COVERAGE`].
const Z: f64 = 1.644_853_626_951_472_2;

impl Play {
    /// The half-width of the range a hint about side `side`'s limit falls
    /// in around the truth [`COVERAGE`] of the time: `Z` times the hint's
    /// noise (`leak_sigma` prior sds of that side's limit).
    pub fn hint_accuracy(&self, side: usize) -> f64 {
        Z * self.exp.exchange.leak_sigma * self.table().limit_sd(side)
    }

    /// The words added to a hint about side `side`'s limit.
    pub fn hint_note(&self, side: usize) -> String {
        format!(
            " (hints like this are within ±{} of the truth {:.0}% of the time)",
            self.v(self.hint_accuracy(side)),
            100.0 * COVERAGE
        )
    }

    /// `text`, the live transcript of `events`, with each hint's accuracy
    /// after it: the k-th "(body language)" line is the k-th leak.
    pub(super) fn with_hint_notes(&self, text: &str, events: &[Event]) -> String {
        let mut sides = events.iter().filter_map(|e| match e {
            Event::Leak { side, .. } => Some(*side),
            _ => None,
        });
        let mut out = String::with_capacity(text.len() + 256);
        for line in text.lines() {
            out.push_str(line);
            if line.contains("(body language)")
                && let Some(side) = sides.next()
            {
                out.push_str(&self.hint_note(side));
            }
            out.push('\n');
        }
        out
    }
}
