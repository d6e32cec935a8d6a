//! How a play ended, in the words the debrief, the record, the class table
//! and the class chart all use: a deal, a deal the student accepted at a
//! loss, no deal because none was possible (no zone of agreement: the
//! buyer's value below the seller's cost), or no deal although one was
//! possible. And the warning a student gets before accepting at a loss.

use super::Play;
use crate::model::negotiation::{Decision, HumanMove};
use serde::{Deserialize, Serialize};

/// How a play ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// A deal with a gain (or none lost) for the student.
    #[serde(rename = "deal")]
    Deal,
    /// The student accepted the agent's offer below its own value (a
    /// buyer paying more than its value, a seller selling below its cost).
    #[serde(rename = "accepted at a loss")]
    AcceptedAtLoss,
    /// The agent accepted the student's own offer, which was at a loss.
    #[serde(rename = "offered at a loss")]
    OfferedAtLoss,
    /// No deal, and none was possible: no price suited both.
    #[serde(rename = "no deal possible")]
    NoDealPossible,
    /// No deal, though a deal was possible.
    #[serde(rename = "failed to agree")]
    FailedToAgree,
}

impl Verdict {
    /// The verdict of a play: whether it ended in a deal, the student's
    /// gain, whether there was a zone of agreement, and whether the
    /// student's last move accepted.
    pub fn of(deal: bool, student_gain: f64, zone: bool, accepted: bool) -> Verdict {
        match (deal, zone) {
            (true, _) if student_gain < 0.0 && accepted => Verdict::AcceptedAtLoss,
            (true, _) if student_gain < 0.0 => Verdict::OfferedAtLoss,
            (true, _) => Verdict::Deal,
            (false, false) => Verdict::NoDealPossible,
            (false, true) => Verdict::FailedToAgree,
        }
    }

    /// The words of the record and the class table.
    pub fn words(self) -> &'static str {
        match self {
            Verdict::Deal => "deal",
            Verdict::AcceptedAtLoss => "accepted at a loss",
            Verdict::OfferedAtLoss => "offered at a loss",
            Verdict::NoDealPossible => "no deal possible",
            Verdict::FailedToAgree => "failed to agree",
        }
    }

    /// Whether the play ended in a deal.
    pub fn deal(self) -> bool {
        matches!(
            self,
            Verdict::Deal | Verdict::AcceptedAtLoss | Verdict::OfferedAtLoss
        )
    }

    /// Whether the deal was at a loss to the student.
    pub fn at_loss(self) -> bool {
        matches!(self, Verdict::AcceptedAtLoss | Verdict::OfferedAtLoss)
    }
}

/// The word a student adds to insist on accepting at a loss
/// (`accept anyway`).
pub const INSIST: &str = "anyway";

impl Play {
    /// The warning before accepting at a loss: `Some` when `mv` accepts
    /// the agent's offer at decision `d` and that offer is beyond the
    /// student's own limit (above a buyer's value, below a seller's cost).
    pub fn loss_warning(&self, d: &Decision, mv: &HumanMove) -> Option<String> {
        let (Decision::Respond { offer, .. }, HumanMove::Accept) = (d, mv) else {
            return None;
        };
        let limit = self.private.reservation[self.human];
        let loss = if self.human == 0 {
            offer - limit
        } else {
            limit - offer
        };
        (loss > 0.0).then(|| {
            let (what, way) = if self.human == 0 {
                ("value", "more than")
            } else {
                ("cost", "less than")
            };
            format!(
                "Careful: accepting {} is a loss of {}: it is {way} your {what} of {}. \
                 Walking away gains 0. To accept at a loss all the same, type 'accept {INSIST}'",
                self.v(*offer),
                self.v(loss),
                self.v(limit)
            )
        })
    }
}

/// Whether `line` insists on accepting (`accept anyway`).
pub fn insists(line: &str) -> bool {
    let words: Vec<String> = line.split_whitespace().map(str::to_lowercase).collect();
    words == ["accept", INSIST]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_tell_no_zone_from_failure_and_losses_from_deals() {
        assert_eq!(Verdict::of(true, 10.0, true, true), Verdict::Deal);
        assert_eq!(Verdict::of(true, 0.0, false, true), Verdict::Deal);
        assert_eq!(
            Verdict::of(true, -6024.0, false, true),
            Verdict::AcceptedAtLoss
        );
        assert_eq!(Verdict::of(true, -1.0, true, false), Verdict::OfferedAtLoss);
        assert_eq!(
            Verdict::of(false, 0.0, false, false),
            Verdict::NoDealPossible
        );
        assert_eq!(Verdict::of(false, 0.0, true, false), Verdict::FailedToAgree);
        let json = serde_json::to_string(&Verdict::AcceptedAtLoss).unwrap();
        assert_eq!(json, "\"accepted at a loss\"");
        assert!(insists(" Accept   ANYWAY "));
        assert!(!insists("accept"));
    }
}
