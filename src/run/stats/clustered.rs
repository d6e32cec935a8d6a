//! Statistics that respect the tournament's design: means and intervals
//! clustered by match (all pairings face run i's private values; a match's
//! runs share memory), and paired comparisons of strategies on the same
//! matches. Mergeable in a fixed order, like [`super::Moments`].

use crate::model::negotiation::Outcome;
use serde::{Deserialize, Serialize};

/// Two strategies compared on the same matches: their means and the
/// per-match differences (paired by run, clustered by match).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Paired {
    /// Mean of each strategy (over all its negotiations).
    pub mean: [f64; 2],
    /// The difference of the two strategies' means, from per-match totals
    /// (both strategies play the same number of negotiations in a match).
    pub diff: ClusterMean,
}

impl Paired {
    /// Two-sided p-value of "mean difference 0" (paired t test with
    /// `clusters - 1` degrees of freedom); NaN on a tie (every difference
    /// exactly 0) or with fewer than two clusters; 0 when the differences
    /// are a nonzero constant.
    pub fn p_value(&self) -> f64 {
        let d = &self.diff;
        if d.clusters() < 2 {
            return f64::NAN;
        }
        let se = d.ci95() / Z95;
        if se == 0.0 {
            return if d.mean() == 0.0 { f64::NAN } else { 0.0 };
        }
        student_two_sided(d.mean() / se, (d.clusters() - 1) as f64)
    }
}

/// The 97.5% normal quantile (95% two-sided intervals).
pub const Z95: f64 = 1.959_963_984_540_054;

/// `P(|T| >= |t|)` for Student's t with `nu` degrees of freedom.
pub fn student_two_sided(t: f64, nu: f64) -> f64 {
    if !t.is_finite() {
        return if t.is_nan() { f64::NAN } else { 0.0 };
    }
    crate::model::dist::special::beta_inc(0.5 * nu, 0.5, nu / (nu + t * t)).clamp(0.0, 1.0)
}

/// Running sums of one match, per strategy, over all its negotiations
/// (every opponent, both sides): the cluster that [`Clustered`] averages.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterSums {
    /// Sum of surplus per strategy.
    surplus: Vec<f64>,
    /// Sum of deals (0/1) per strategy.
    deal: Vec<f64>,
    /// Negotiations per strategy.
    n: Vec<f64>,
}

impl ClusterSums {
    /// Empty sums for `k` strategies.
    pub fn new(k: usize) -> Self {
        ClusterSums {
            surplus: vec![0.0; k],
            deal: vec![0.0; k],
            n: vec![0.0; k],
        }
    }

    /// Add a negotiation of strategy `a` (side A) against `b` (side B).
    #[inline]
    pub fn push(&mut self, a: usize, b: usize, o: &Outcome) {
        let deal = if o.deal { 1.0 } else { 0.0 };
        for (side, s) in [(0, a), (1, b)] {
            self.surplus[s] += o.surplus[side];
            self.deal[s] += deal;
            self.n[s] += 1.0;
        }
    }

    /// Add the sums of another part of the same match.
    pub fn add(&mut self, o: &ClusterSums) {
        for (a, b) in [
            (&mut self.surplus, &o.surplus),
            (&mut self.deal, &o.deal),
            (&mut self.n, &o.n),
        ] {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        }
    }

    /// Back to empty.
    pub fn clear(&mut self) {
        for v in [&mut self.surplus, &mut self.deal, &mut self.n] {
            v.iter_mut().for_each(|x| *x = 0.0);
        }
    }
}

/// Per-strategy means clustered by match: each match (a run, when a match
/// is one run) is one observation of a strategy's mean over all its
/// negotiations in it (every opponent, both sides, self-play counted twice,
/// all facing the same private values), so the intervals respect the
/// common random numbers; and for every two strategies the per-match
/// difference of their means (a paired comparison). Mergeable in a fixed
/// order like [`Moments`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clustered {
    k: usize,
    /// Per strategy: surplus, from per-match totals.
    pub surplus: Vec<ClusterMean>,
    /// Per strategy: deal rate, from per-match totals.
    pub deal: Vec<ClusterMean>,
    /// `diff[s * k + t]` for `s < t`: surplus of `s` minus `t`, from
    /// per-match totals.
    diff: Vec<ClusterMean>,
}

impl Clustered {
    /// Empty, for `k` strategies.
    pub fn new(k: usize) -> Self {
        Clustered {
            k,
            surplus: vec![ClusterMean::default(); k],
            deal: vec![ClusterMean::default(); k],
            diff: vec![ClusterMean::default(); k * k],
        }
    }

    /// Add one match.
    pub fn push(&mut self, c: &ClusterSums) {
        let k = self.k;
        if c.n.contains(&0.0) {
            return;
        }
        for s in 0..k {
            self.surplus[s].add_cluster(c.surplus[s], c.n[s]);
            self.deal[s].add_cluster(c.deal[s], c.n[s]);
        }
        for s in 0..k {
            for t in s + 1..k {
                // Both play c.n[s] == c.n[t] negotiations in the match. Equal
                // totals summed in another order differ by rounding only:
                // a tie, exactly.
                let (x, y) = (c.surplus[s], c.surplus[t]);
                let d = if (x - y).abs() <= 1e-12 * (x.abs() + y.abs()) {
                    0.0
                } else {
                    x - y
                };
                self.diff[s * k + t].add_cluster(d, c.n[s]);
            }
        }
    }

    /// Combine with the matches of a later chunk.
    pub fn merge(&mut self, o: &Clustered) {
        for (a, b) in self.surplus.iter_mut().zip(&o.surplus) {
            a.merge(b);
        }
        for (a, b) in self.deal.iter_mut().zip(&o.deal) {
            a.merge(b);
        }
        for (a, b) in self.diff.iter_mut().zip(&o.diff) {
            a.merge(b);
        }
    }

    /// Strategies `s` and `t` compared on mean surplus.
    pub fn paired(&self, s: usize, t: usize) -> Paired {
        let k = self.k;
        let mean = [self.surplus[s].mean(), self.surplus[t].mean()];
        let diff = if s < t {
            self.diff[s * k + t]
        } else if s > t {
            self.diff[t * k + s].negated()
        } else {
            // A strategy against itself: a tie in every match.
            self.surplus[s].minus_itself()
        };
        Paired { mean, diff }
    }
}

/// A mean over units grouped in clusters (the runs of a match), with a
/// cluster-robust interval: the ratio estimator `sum Y_c / sum N_c` over
/// cluster totals `Y_c` (sum of values) and `N_c` (count of values), whose
/// variance is `C / (C - 1) sum (Y_c - m N_c)^2 / (sum N_c)^2` over `C`
/// clusters. Mergeable (sums) in a fixed order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct ClusterMean {
    /// The open cluster's sum and count.
    y: f64,
    n: f64,
    /// Closed clusters, and sums over them of `Y`, `N`, `Y^2`, `Y N`, `N^2`.
    clusters: u64,
    sy: f64,
    sn: f64,
    syy: f64,
    syn: f64,
    snn: f64,
}

impl ClusterMean {
    /// Add a value to the open cluster (NaN: skipped).
    #[inline]
    pub fn push(&mut self, x: f64) {
        if !x.is_nan() {
            self.y += x;
            self.n += 1.0;
        }
    }

    /// Close the open cluster (a cluster without values still counts).
    pub fn close(&mut self) {
        let (y, n) = (self.y, self.n);
        self.add_cluster(y, n);
        self.y = 0.0;
        self.n = 0.0;
    }

    /// Add to the open cluster a value `y` that counts `n` in the
    /// denominator (a ratio estimator's numerator and denominator, e.g.
    /// joint and possible joint surplus; NaN: skipped).
    #[inline]
    pub fn push_ratio(&mut self, y: f64, n: f64) {
        if !(y.is_nan() || n.is_nan()) {
            self.y += y;
            self.n += n;
        }
    }

    /// Add a whole cluster: the sum `y` of its `n` values.
    pub fn add_cluster(&mut self, y: f64, n: f64) {
        self.clusters += 1;
        self.sy += y;
        self.sn += n;
        self.syy += y * y;
        self.syn += y * n;
        self.snn += n * n;
    }

    /// The same clusters with every value negated.
    pub fn negated(&self) -> Self {
        ClusterMean {
            y: -self.y,
            sy: -self.sy,
            syn: -self.syn,
            ..*self
        }
    }

    /// The same clusters with every value 0 (a quantity minus itself).
    pub fn minus_itself(&self) -> Self {
        ClusterMean {
            y: 0.0,
            sy: 0.0,
            syy: 0.0,
            syn: 0.0,
            ..*self
        }
    }

    /// Combine with the closed clusters of a later chunk.
    pub fn merge(&mut self, o: &ClusterMean) {
        self.clusters += o.clusters;
        self.sy += o.sy;
        self.sn += o.sn;
        self.syy += o.syy;
        self.syn += o.syn;
        self.snn += o.snn;
    }

    /// Mean over the closed clusters (NaN when empty).
    pub fn mean(&self) -> f64 {
        if self.sn > 0.0 {
            self.sy / self.sn
        } else {
            f64::NAN
        }
    }

    /// Half-width of the 95% interval of the mean, clustered (NaN with
    /// fewer than two clusters).
    pub fn ci95(&self) -> f64 {
        let c = self.clusters as f64;
        if self.clusters < 2 || self.sn <= 0.0 {
            return f64::NAN;
        }
        let m = self.mean();
        let ss = (self.syy - 2.0 * m * self.syn + m * m * self.snn).max(0.0);
        Z95 * (c / (c - 1.0) * ss).sqrt() / self.sn
    }

    /// Whether the open cluster holds values.
    pub fn is_open(&self) -> bool {
        self.n > 0.0
    }

    /// Closed clusters.
    pub fn clusters(&self) -> u64 {
        self.clusters
    }
}

/// The quantities of a pairing whose intervals are clustered by match when
/// a match has several runs (its runs share memory, so they are not
/// independent).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct MatchClusters {
    /// Deal (1/0).
    pub deal: ClusterMean,
    /// Deal (1/0) in runs with a zone of agreement.
    pub deal_given_zopa: ClusterMean,
    /// Surplus of A and B.
    pub surplus: [ClusterMean; 2],
    /// Joint surplus.
    pub joint: ClusterMean,
    /// Efficiency per run (the mean of ratios).
    pub efficiency: ClusterMean,
    /// Pooled efficiency: joint over possible joint surplus (a ratio
    /// estimator over match totals).
    pub efficiency_pooled: ClusterMean,
    /// A's share (deals).
    pub share_a: ClusterMean,
    /// Bits learned by A and B.
    pub info_bits: [ClusterMean; 2],
    /// CRPS gains of A and B.
    pub crps_gain: [ClusterMean; 2],
    /// Information asymmetry.
    pub asymmetry: ClusterMean,
}

impl MatchClusters {
    fn each(&mut self, mut f: impl FnMut(&mut ClusterMean)) {
        let [s0, s1] = &mut self.surplus;
        let [i0, i1] = &mut self.info_bits;
        let [c0, c1] = &mut self.crps_gain;
        for c in [
            &mut self.deal,
            &mut self.deal_given_zopa,
            s0,
            s1,
            &mut self.joint,
            &mut self.efficiency,
            &mut self.efficiency_pooled,
            &mut self.share_a,
            i0,
            i1,
            c0,
            c1,
            &mut self.asymmetry,
        ] {
            f(c);
        }
    }

    pub(super) fn push(&mut self, o: &Outcome) {
        let deal = if o.deal { 1.0 } else { 0.0 };
        self.deal.push(deal);
        if o.zopa {
            self.deal_given_zopa.push(deal);
        }
        for i in 0..2 {
            self.surplus[i].push(o.surplus[i]);
            self.info_bits[i].push(o.info_bits[i]);
            self.crps_gain[i].push(o.crps_gain(i));
        }
        self.joint.push(o.joint);
        self.efficiency.push(o.efficiency);
        self.efficiency_pooled.push_ratio(o.joint, o.max_joint);
        self.share_a.push(o.share_a);
        self.asymmetry.push(o.asymmetry);
    }

    pub(super) fn close(&mut self) {
        self.each(|c| c.close());
    }

    pub(super) fn merge(&mut self, o: &MatchClusters) {
        let mut theirs = [ClusterMean::default(); 13];
        let mut k = 0;
        let mut o = *o;
        o.each(|c| {
            theirs[k] = *c;
            k += 1;
        });
        let mut k = 0;
        self.each(|c| {
            c.merge(&theirs[k]);
            k += 1;
        });
    }
}
