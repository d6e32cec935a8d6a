//! Streaming statistics: mergeable mean/variance accumulators (Welford, with
//! Chan et al.'s merge), the per-pairing set of them that a tournament fills
//! as runs stream past, and small fixed histograms for charts. Merging in a
//! fixed order makes results independent of the thread count.

use crate::model::negotiation::Outcome;

/// Count, mean and sum of squared deviations of a stream of numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Moments {
    /// Number of values.
    pub n: u64,
    /// Running mean.
    pub mean: f64,
    m2: f64,
}

impl Moments {
    /// Add one value; NaN values are skipped (metric undefined for this run).
    #[inline]
    pub fn push(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    /// Combine with another accumulator (Chan et al. 1979).
    pub fn merge(&mut self, o: &Moments) {
        if o.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *o;
            return;
        }
        let n = self.n + o.n;
        let d = o.mean - self.mean;
        self.mean += d * o.n as f64 / n as f64;
        self.m2 += o.m2 + d * d * self.n as f64 * o.n as f64 / n as f64;
        self.n = n;
    }

    /// Rebuild from a count, mean and sample standard deviation (as written
    /// in the CSV files), so that summaries can be pooled again.
    pub fn from_summary(n: u64, mean: f64, sd: f64) -> Self {
        let sd = if sd.is_finite() { sd } else { 0.0 };
        Moments {
            n,
            mean: if n == 0 { 0.0 } else { mean },
            m2: if n > 1 { sd * sd * (n - 1) as f64 } else { 0.0 },
        }
    }

    /// Mean (NaN when empty).
    pub fn mean(&self) -> f64 {
        if self.n == 0 { f64::NAN } else { self.mean }
    }

    /// Sample standard deviation (NaN with fewer than two values).
    pub fn sd(&self) -> f64 {
        if self.n < 2 {
            f64::NAN
        } else {
            (self.m2 / (self.n - 1) as f64).sqrt()
        }
    }

    /// Half-width of the normal-approximation 95% confidence interval of the
    /// mean: `1.96 sd / sqrt(n)`. For a rate (values 0/1) this is the Wald
    /// interval.
    pub fn ci95(&self) -> f64 {
        1.959_963_984_540_054 * self.sd() / (self.n as f64).sqrt()
    }
}

/// Number of asymmetry bins and their range (in prior sds).
pub const ASYM_BINS: usize = 24;
/// Lower edge of the first asymmetry bin.
pub const ASYM_LO: f64 = -3.0;
/// Upper edge of the last asymmetry bin.
pub const ASYM_HI: f64 = 3.0;
/// Bins of the surplus-share histogram on [0, 1].
pub const SHARE_BINS: usize = 100;

impl PairStats {
    /// Pooled efficiency: total joint surplus over total possible joint
    /// surplus (THEORY.md's definition, `E[joint] / E[max joint]`).
    pub fn efficiency_pooled(&self) -> f64 {
        self.joint.mean() / self.max_joint.mean()
    }
}

/// Outcomes grouped by the information asymmetry of the run.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AsymBin {
    /// Deal (1) or not (0).
    pub deal: Moments,
    /// Efficiency (runs with a zone of agreement).
    pub efficiency: Moments,
    /// A's share of the joint surplus (deals).
    pub share_a: Moments,
}

/// Means of a few quantities by the position of a run within its match.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MatchPoint {
    /// Trust of A in B and of B in A at the end of the run.
    pub trust: [Moments; 2],
    /// Confidences plus answers by A and B.
    pub disclosures: [Moments; 2],
    /// Bluffs by A and B.
    pub bluffs: [Moments; 2],
    /// Lies detected by A and B.
    pub lies_detected: [Moments; 2],
    /// Surplus of A and B.
    pub surplus: [Moments; 2],
}

/// Everything a tournament keeps about one ordered pairing.
#[derive(Debug, Clone, PartialEq)]
pub struct PairStats {
    /// Runs played.
    pub runs: u64,
    /// Deal rate (all runs).
    pub deal: Moments,
    /// Deal rate among runs with a zone of agreement.
    pub deal_given_zopa: Moments,
    /// Surplus of A and B (all runs; no deal = 0).
    pub surplus: [Moments; 2],
    /// Joint surplus.
    pub joint: Moments,
    /// Largest possible joint surplus (0 without a zone of agreement).
    pub max_joint: Moments,
    /// Efficiency (runs with a zone of agreement).
    pub efficiency: Moments,
    /// A's share of the joint surplus (deals).
    pub share_a: Moments,
    /// Agreement price (deals, `price` only).
    pub price: Moments,
    /// Pareto distance.
    pub pareto_distance: Moments,
    /// Nash distance.
    pub nash_distance: Moments,
    /// Belief errors of A and B.
    pub error: [Moments; 2],
    /// Bits gained by A and B.
    pub bits: [Moments; 2],
    /// Bits given away by A and B.
    pub bits_given: [Moments; 2],
    /// Information asymmetry.
    pub asymmetry: Moments,
    /// Formal rounds.
    pub rounds: Moments,
    /// Confidences of A and B.
    pub confidences: [Moments; 2],
    /// Answers of A and B.
    pub answers: [Moments; 2],
    /// Questions of A and B.
    pub asks: [Moments; 2],
    /// Bluffs (both sides).
    pub bluffs: [Moments; 2],
    /// Lies detected by A and B.
    pub lies_detected: [Moments; 2],
    /// Trust at the end of each run.
    pub trust: [Moments; 2],
    /// Outcomes by asymmetry bin.
    pub asym_bins: [AsymBin; ASYM_BINS],
    /// Histogram of A's share of the joint surplus (deals).
    pub share_hist: [u64; SHARE_BINS],
    /// By run position within a match.
    pub by_position: Vec<MatchPoint>,
}

impl PairStats {
    /// Empty statistics for matches of `match_runs` runs.
    pub fn new(match_runs: u32) -> Self {
        PairStats {
            runs: 0,
            deal: Moments::default(),
            deal_given_zopa: Moments::default(),
            surplus: Default::default(),
            joint: Moments::default(),
            max_joint: Moments::default(),
            efficiency: Moments::default(),
            share_a: Moments::default(),
            price: Moments::default(),
            pareto_distance: Moments::default(),
            nash_distance: Moments::default(),
            error: Default::default(),
            bits: Default::default(),
            bits_given: Default::default(),
            asymmetry: Moments::default(),
            rounds: Moments::default(),
            confidences: Default::default(),
            answers: Default::default(),
            asks: Default::default(),
            bluffs: Default::default(),
            lies_detected: Default::default(),
            trust: Default::default(),
            asym_bins: [AsymBin::default(); ASYM_BINS],
            share_hist: [0; SHARE_BINS],
            by_position: if match_runs > 1 {
                vec![MatchPoint::default(); match_runs as usize]
            } else {
                Vec::new()
            },
        }
    }

    /// Add one run; `position` is its index within the match.
    #[inline]
    pub fn push(&mut self, o: &Outcome, position: u32) {
        let deal = if o.deal { 1.0 } else { 0.0 };
        self.runs += 1;
        self.deal.push(deal);
        if o.zopa {
            self.deal_given_zopa.push(deal);
        }
        self.joint.push(o.joint);
        self.max_joint.push(o.max_joint);
        self.efficiency.push(o.efficiency);
        self.share_a.push(o.share_a);
        self.price.push(o.price);
        self.pareto_distance.push(o.pareto_distance);
        self.nash_distance.push(o.nash_distance);
        self.asymmetry.push(o.asymmetry);
        self.rounds.push(o.rounds as f64);
        for i in 0..2 {
            self.surplus[i].push(o.surplus[i]);
            self.error[i].push(o.error[i]);
            self.bits[i].push(o.info_bits[i]);
            self.bits_given[i].push(o.bits_given[i]);
            self.confidences[i].push(o.confidences[i] as f64);
            self.answers[i].push(o.answers[i] as f64);
            self.asks[i].push(o.asks[i] as f64);
            self.bluffs[i].push(o.bluffs[i] as f64);
            self.lies_detected[i].push(o.lies_detected[i] as f64);
            self.trust[i].push(o.trust[i]);
        }
        if o.asymmetry.is_finite() {
            let f = (o.asymmetry - ASYM_LO) / (ASYM_HI - ASYM_LO) * ASYM_BINS as f64;
            let b = (f.max(0.0) as usize).min(ASYM_BINS - 1);
            let bin = &mut self.asym_bins[b];
            bin.deal.push(deal);
            bin.efficiency.push(o.efficiency);
            bin.share_a.push(o.share_a);
        }
        if o.share_a.is_finite() {
            let b = ((o.share_a.clamp(0.0, 1.0) * SHARE_BINS as f64) as usize).min(SHARE_BINS - 1);
            self.share_hist[b] += 1;
        }
        if let Some(p) = self.by_position.get_mut(position as usize) {
            for i in 0..2 {
                p.trust[i].push(o.trust[i]);
                p.disclosures[i].push((o.confidences[i] + o.answers[i]) as f64);
                p.bluffs[i].push(o.bluffs[i] as f64);
                p.lies_detected[i].push(o.lies_detected[i] as f64);
                p.surplus[i].push(o.surplus[i]);
            }
        }
    }

    /// Combine with the statistics of later runs of the same pairing.
    pub fn merge(&mut self, o: &PairStats) {
        self.runs += o.runs;
        let [s0, s1] = &mut self.surplus;
        let pairs: [(&mut Moments, &Moments); 13] = [
            (&mut self.max_joint, &o.max_joint),
            (&mut self.deal, &o.deal),
            (&mut self.deal_given_zopa, &o.deal_given_zopa),
            (&mut self.joint, &o.joint),
            (&mut self.efficiency, &o.efficiency),
            (&mut self.share_a, &o.share_a),
            (&mut self.price, &o.price),
            (&mut self.pareto_distance, &o.pareto_distance),
            (&mut self.nash_distance, &o.nash_distance),
            (&mut self.asymmetry, &o.asymmetry),
            (&mut self.rounds, &o.rounds),
            (s0, &o.surplus[0]),
            (s1, &o.surplus[1]),
        ];
        for (a, b) in pairs {
            a.merge(b);
        }
        for i in 0..2 {
            self.error[i].merge(&o.error[i]);
            self.bits[i].merge(&o.bits[i]);
            self.bits_given[i].merge(&o.bits_given[i]);
            self.confidences[i].merge(&o.confidences[i]);
            self.answers[i].merge(&o.answers[i]);
            self.asks[i].merge(&o.asks[i]);
            self.bluffs[i].merge(&o.bluffs[i]);
            self.lies_detected[i].merge(&o.lies_detected[i]);
            self.trust[i].merge(&o.trust[i]);
        }
        for (a, b) in self.asym_bins.iter_mut().zip(&o.asym_bins) {
            a.deal.merge(&b.deal);
            a.efficiency.merge(&b.efficiency);
            a.share_a.merge(&b.share_a);
        }
        for (a, b) in self.share_hist.iter_mut().zip(&o.share_hist) {
            *a += b;
        }
        for (a, b) in self.by_position.iter_mut().zip(&o.by_position) {
            for i in 0..2 {
                a.trust[i].merge(&b.trust[i]);
                a.disclosures[i].merge(&b.disclosures[i]);
                a.bluffs[i].merge(&b.bluffs[i]);
                a.lies_detected[i].merge(&b.lies_detected[i]);
                a.surplus[i].merge(&b.surplus[i]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_match_two_pass_formulas() {
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let mut m = Moments::default();
        xs.iter().for_each(|&x| m.push(x));
        assert_eq!(m.n, 8);
        assert!((m.mean() - 5.0).abs() < 1e-12);
        // Sum of squared deviations 32, sample variance 32/7.
        assert!((m.sd() - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
        assert!(
            (m.ci95() - 1.959963984540054 * (32.0f64 / 7.0).sqrt() / 8f64.sqrt()).abs() < 1e-12
        );
        m.push(f64::NAN);
        assert_eq!(m.n, 8);
    }

    #[test]
    fn merge_equals_sequential() {
        let xs: Vec<f64> = (0..1000)
            .map(|i| ((i * 7919) % 1013) as f64 / 10.0)
            .collect();
        let mut all = Moments::default();
        xs.iter().for_each(|&x| all.push(x));
        let mut a = Moments::default();
        let mut b = Moments::default();
        xs[..333].iter().for_each(|&x| a.push(x));
        xs[333..].iter().for_each(|&x| b.push(x));
        a.merge(&b);
        assert_eq!(a.n, all.n);
        assert!((a.mean() - all.mean()).abs() < 1e-10);
        assert!((a.sd() - all.sd()).abs() < 1e-10);
        let mut e = Moments::default();
        e.merge(&all);
        assert_eq!(e, all);
    }
}
