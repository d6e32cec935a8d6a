//! What happens in a run, as events for transcripts and pictures, and the
//! observers that receive them.

use crate::model::scenario::MAX_ISSUES;
use crate::model::strategy::Facet;

/// Everything that happens in a run, for transcripts and pictures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event {
    /// A side confides (or answers) about its reservation.
    Reservation {
        /// Exchange round (from 1; formal-phase exchanges continue the count).
        round: u32,
        /// 0 = A, 1 = B.
        side: usize,
        /// The value claimed.
        claimed: f64,
        /// The true value.
        truth: f64,
        /// The stated noise, in the facet's units.
        sigma: f64,
        /// Whether it was shifted in the sender's favour.
        bluff: bool,
        /// Whether it answered a question (rather than volunteered).
        answer: bool,
    },
    /// A side confides (or answers) about its weights.
    Weights {
        /// Exchange round.
        round: u32,
        /// Side.
        side: usize,
        /// Claimed weights (first `issues` entries).
        claimed: [f64; MAX_ISSUES],
        /// True weights.
        truth: [f64; MAX_ISSUES],
        /// Number of issues.
        issues: usize,
        /// Stated noise in prior sds.
        sigma: f64,
        /// Whether it answered a question.
        answer: bool,
    },
    /// A side asks "how is it on your side?".
    Ask {
        /// Exchange round.
        round: u32,
        /// Side.
        side: usize,
    },
    /// A side declines to answer.
    Decline {
        /// Exchange round.
        round: u32,
        /// Side.
        side: usize,
    },
    /// A side says nothing in its turn.
    Silent {
        /// Exchange round.
        round: u32,
        /// Side.
        side: usize,
    },
    /// Body language leaks a side's reservation.
    Leak {
        /// Exchange round.
        round: u32,
        /// Side that leaks.
        side: usize,
        /// The signal the other side reads.
        signal: f64,
        /// The true value.
        truth: f64,
    },
    /// The formal phase starts; beliefs about the other's reservation.
    FormalStart {
        /// (mean, sd) of A's belief about B and of B's belief about A.
        beliefs: [(f64, f64); 2],
    },
    /// A formal offer.
    Offer {
        /// Formal round, from 1.
        round: u32,
        /// Proposer.
        side: usize,
        /// Price (`price`) or A's utility of the offer (`multi_issue`).
        value: f64,
        /// A's share of each issue (`multi_issue`).
        x: [f64; MAX_ISSUES],
        /// Proposer's belief (mean, sd) about the other's reservation.
        belief: (f64, f64),
    },
    /// A side sees the other repeat its offer and takes it as held to the
    /// deadline (version 2.1's acceptance).
    Holds {
        /// Formal round.
        round: u32,
        /// The side that sees it (the responder).
        side: usize,
    },
    /// A side's held offer was refused by the other, who would have taken it
    /// within its limit: the other's reservation lies beyond `bound`, and the
    /// side rethinks its target.
    Learns {
        /// Formal round.
        round: u32,
        /// The side that learns (the proposer of the refused offer).
        side: usize,
        /// The refused offer (a price).
        bound: f64,
    },
    /// A side catches the other in a lie: a claim outside the support or
    /// against its earlier claims (then `claimed == revealed`, the claim),
    /// or an offer beyond its claimed limit.
    LieDetected {
        /// Exchange round (for a claim) or formal round (for an offer).
        round: u32,
        /// The side that notices.
        by: usize,
        /// The claim, or the limit the liar's claims stated.
        claimed: f64,
        /// The claim, or the offer that went beyond the claimed limit.
        revealed: f64,
        /// The catcher's trust in the liar afterwards.
        trust: f64,
    },
    /// A side walks away: it believes a deal too unlikely.
    WalkAway {
        /// Formal round (0: before the first offer).
        round: u32,
        /// The side that walks away.
        side: usize,
    },
    /// The responder accepts the offer on the table.
    Accept {
        /// Formal round.
        round: u32,
        /// Side that accepts.
        side: usize,
    },
}

/// Receives the events of a negotiation.
pub trait Observer {
    /// False for the no-op observer: events are then not even built.
    const ACTIVE: bool;
    /// One event.
    fn on(&mut self, event: Event);
}

/// Observer that ignores everything (batch runs).
pub struct Quiet;
impl Observer for Quiet {
    const ACTIVE: bool = false;
    fn on(&mut self, _: Event) {}
}

/// Observer that records every event (transcripts).
#[derive(Default, Debug)]
pub struct Recorder(pub Vec<Event>);
impl Observer for Recorder {
    const ACTIVE: bool = true;
    fn on(&mut self, event: Event) {
        self.0.push(event);
    }
}

/// Which facet an event or claim is about (re-exported for transcripts).
pub fn facet_name(f: Facet) -> &'static str {
    match f {
        Facet::Reservation => "reservation",
        Facet::Weights => "weights",
    }
}
