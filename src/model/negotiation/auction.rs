//! The formal phase as a sealed-bid k-double auction (THEORY.md section 1).

use super::events::{Event, Observer};
use super::offers::{Formal, Offer};
use super::{Side, Table};
use crate::model::scenario::{MAX_ISSUES, Private};
use crate::model::strategy::{Bidding, Memory};

impl Table<'_> {
    /// The sealed-bid k-double auction (THEORY.md section 1), in values
    /// normalised to [0, 1] on the common uniform range.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn auction<O: Observer>(
        &self,
        k: f64,
        low: f64,
        high: f64,
        private: &Private,
        sides: &mut [Side; 2],
        memory: &mut [Memory; 2],
        obs: &mut O,
    ) -> Formal {
        let w = high - low;
        let own = [0, 1].map(|i| (private.reservation[i] - low) / w);
        let types = [self.agents[0].bidding(), self.agents[1].bidding()];
        let truthful = |i: usize| match types[i] {
            Bidding::Truthful => true,
            Bidding::Strategic => false,
            Bidding::Reciprocal => types[1 - i] != Bidding::Strategic,
        };
        let bid = [0, 1].map(|i| {
            if truthful(i) {
                return own[i];
            }
            if !truthful(1 - i) {
                // Both strategic: the Chatterjee-Samuelson linear equilibrium.
                // Claims of a strategic opponent are cheap talk and ignored.
                return if i == 0 {
                    own[0] / (1.0 + k) + k * (1.0 - k) / (2.0 * (1.0 + k))
                } else {
                    own[1] / (2.0 - k) + (1.0 - k) / 2.0
                };
            }
            let b = &sides[i].about.res;
            let (mu, sd) = ((b.mean - low) / w, b.sd() / w);
            if b.var < 0.0625 * b.prior_var {
                // It knows the truthful opponent's value: bid just inside it.
                if i == 0 {
                    own[0].min(mu + 2.0 * sd)
                } else {
                    own[1].max(mu - 2.0 * sd)
                }
            } else if i == 0 {
                // Best response to a truthful seller.
                own[0] / (1.0 + k)
            } else {
                // Best response to a truthful buyer.
                (own[1] + 1.0 - k) / (2.0 - k)
            }
        });
        for i in 0..2 {
            let offer = Offer {
                value: low + w * bid[i],
                x: [0.0; MAX_ISSUES],
            };
            if O::ACTIVE {
                let b = &sides[i].about.res;
                obs.on(Event::Offer {
                    round: 1,
                    side: i,
                    value: offer.value,
                    x: offer.x,
                    belief: (b.mean, b.sd()),
                });
            }
            self.check_lie(1, i, &offer, sides, memory, obs);
        }
        if bid[0] >= bid[1] {
            if O::ACTIVE {
                obs.on(Event::Accept { round: 1, side: 1 });
            }
            Formal {
                deal: Some(Offer {
                    value: low + w * (k * bid[0] + (1.0 - k) * bid[1]),
                    x: [0.0; MAX_ISSUES],
                }),
                rounds: 1,
            }
        } else {
            Formal {
                deal: None,
                rounds: 1,
            }
        }
    }
}
