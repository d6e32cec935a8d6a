//! Streaming statistics: mergeable mean/variance accumulators (Welford, with
//! Chan et al.'s merge), the per-pairing set of them that a tournament fills
//! as runs stream past, and small fixed histograms for charts. Merging in a
//! fixed order makes results independent of the thread count.

mod clustered;
mod cross;
mod within;

use crate::model::negotiation::Outcome;
pub use clustered::{
    ClusterMean, ClusterSums, Clustered, MatchClusters, Paired, Z95, student_two_sided,
};
use serde::{Deserialize, Serialize};
pub use within::{Location, NoSlope, Obs, Response, Slope, WithinFit};

/// Count, mean and sum of squared deviations of a stream of numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
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
        // (`i64` to `f64` is one instruction, `u64` six; exact below 2^53.)
        self.mean += d / self.n as i64 as f64;
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
        Z95 * self.sd() / (self.n as f64).sqrt()
    }
}

/// Most entries of a pairing's by-position statistics (longer matches are
/// grouped in consecutive positions).
pub const MAX_POSITIONS: usize = 100;

/// Number of bins of information asymmetry (`info_bits` of A minus B's).
/// A side's `info_bits` per facet lies in [-6, 6], so the asymmetry of a run
/// about `f` facets (1 in `price`; the reservation and n - 1 weights in
/// `multi_issue` with n issues) lies in [-12 f, 12 f]: the bins span
/// [`ASYM_LO`] f .. [`ASYM_HI`] f, `f` bits wide, and the middle one is
/// centred on 0 (symmetric information, e.g. nobody talked or leaked).
pub const ASYM_BINS: usize = 25;
/// Lower edge of the first asymmetry bin, in bits per facet.
pub const ASYM_LO: f64 = -12.5;
/// Upper edge of the last asymmetry bin, in bits per facet.
pub const ASYM_HI: f64 = 12.5;
/// Bins of the surplus-share histogram on [0, 1].
pub const SHARE_BINS: usize = 100;

impl PairStats {
    /// Pooled efficiency: total joint surplus over total possible joint
    /// surplus (THEORY.md's definition, `E[joint] / E[max joint]`).
    pub fn efficiency_pooled(&self) -> f64 {
        self.joint.mean() / self.max_joint.mean()
    }

    /// Half-width of the 95% interval of [`PairStats::efficiency_pooled`]:
    /// the ratio estimator's delta-method interval over runs (independent
    /// when a match is one run), or over matches (clustered) when matches
    /// have several runs.
    pub fn efficiency_pooled_ci95(&self) -> f64 {
        match self.by_match.as_deref() {
            Some(m) => m.efficiency_pooled.ci95(),
            None => self.pooled_efficiency.ci95(),
        }
    }
}

/// Outcomes grouped by the information asymmetry of the run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct AsymBin {
    /// Deal (1) or not (0).
    pub deal: Moments,
    /// Deal or not, among runs with a zone of agreement.
    pub deal_given_zopa: Moments,
    /// Someone walked away (1) or not (0).
    pub walk_away: Moments,
    /// Efficiency (runs with a zone of agreement).
    pub efficiency: Moments,
    /// A's share of the joint surplus (deals).
    pub share_a: Moments,
}

/// Means of a few quantities by the position of a run within its match.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct MatchPoint {
    /// Trust of A in B and of B in A at the end of the run.
    pub trust: [Moments; 2],
    /// Confidences plus answers by A and B.
    pub disclosures: [Moments; 2],
    /// Bluffs by A and B.
    pub bluffs: [Moments; 2],
    /// Lies detected by A and B (the other was bluffing).
    pub lies_detected: [Moments; 2],
    /// False accusations by A and B (the other was honest).
    pub false_detections: [Moments; 2],
    /// Bits A and B learned about the other (start of the formal phase).
    pub info_bits: [Moments; 2],
    /// Deal (1) or not (0).
    pub deal: Moments,
    /// Surplus of A and B.
    pub surplus: [Moments; 2],
}

/// Everything a tournament keeps about one ordered pairing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Pooled efficiency as a ratio estimator: each run a cluster of joint
    /// surplus over possible joint surplus (for its delta-method interval).
    pub pooled_efficiency: ClusterMean,
    /// Efficiency per run (runs with a zone of agreement): its mean is the
    /// mean of ratios.
    pub efficiency: Moments,
    /// A's share of the joint surplus (deals).
    pub share_a: Moments,
    /// Agreement price (deals, `price` only).
    pub price: Moments,
    /// Pareto distance.
    pub pareto_distance: Moments,
    /// Nash distance.
    pub nash_distance: Moments,
    /// A walked away (1) or not (0), and B.
    pub walk_away: [Moments; 2],
    /// Someone walked away (1) or not (0), among runs with a zone of
    /// agreement (walking away from a possible deal).
    pub walk_away_given_zopa: Moments,
    /// Belief errors of A and B at the start of the formal phase (prior sd).
    pub error: [Moments; 2],
    /// How much A's and B's belief errors fell from the prior's.
    pub error_reduction: [Moments; 2],
    /// Bits A and B learned about the other at the start of the formal
    /// phase (negative when misled).
    pub info_bits: [Moments; 2],
    /// The same at the end of the run.
    pub info_bits_end: [Moments; 2],
    /// CRPS of A's and B's belief about the other's reservation at the
    /// start of the formal phase (prior sds).
    pub crps: [Moments; 2],
    /// Its reduction from the prior's CRPS (positive: learned).
    pub crps_gain: [Moments; 2],
    /// How sure A and B were at the start of the formal phase (bits).
    pub confidence_bits: [Moments; 2],
    /// Bits given away by A's and B's words.
    pub bits_given: [Moments; 2],
    /// Information asymmetry: A's `info_bits` minus B's.
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
    /// Lies detected by A and B (true detections: the other was bluffing).
    pub lies_detected: [Moments; 2],
    /// False accusations by A and B (the other was honest).
    pub false_detections: [Moments; 2],
    /// Trust at the end of each run.
    pub trust: [Moments; 2],
    /// Facets the information is about (the width of an asymmetry bin in
    /// bits; see [`ASYM_BINS`]).
    pub facets: usize,
    /// Outcomes by asymmetry bin.
    pub asym_bins: [AsymBin; ASYM_BINS],
    /// Histogram of A's share of the joint surplus (deals).
    #[serde(with = "hist")]
    pub share_hist: [u64; SHARE_BINS],
    /// By run position within a match: one entry per position, or for
    /// matches longer than [`MAX_POSITIONS`] runs one per group of
    /// consecutive positions ([`PairStats::positions`]), so that memory does
    /// not grow with the length of a match.
    pub by_position: Vec<MatchPoint>,
    /// Runs per match.
    pub match_runs: u32,
    /// Quantities clustered by match (matches of several runs only).
    pub by_match: Option<Box<MatchClusters>>,
    /// Outcomes regressed on the asymmetry with the values held fixed
    /// (`asymmetry_within.csv`); `None` once a sweep has no more use for it.
    pub within: Option<Box<WithinFit>>,
}

impl PairStats {
    /// Empty statistics for matches of `match_runs` runs, information about
    /// one facet (the `price` scenario).
    pub fn new(match_runs: u32) -> Self {
        Self::with_facets(match_runs, 1)
    }

    /// Empty statistics for matches of `match_runs` runs whose `info_bits`
    /// add up `facets` facets (see [`ASYM_BINS`]).
    pub fn with_facets(match_runs: u32, facets: usize) -> Self {
        PairStats {
            runs: 0,
            deal: Moments::default(),
            deal_given_zopa: Moments::default(),
            surplus: Default::default(),
            joint: Moments::default(),
            max_joint: Moments::default(),
            pooled_efficiency: ClusterMean::default(),
            efficiency: Moments::default(),
            share_a: Moments::default(),
            price: Moments::default(),
            pareto_distance: Moments::default(),
            nash_distance: Moments::default(),
            walk_away: Default::default(),
            walk_away_given_zopa: Moments::default(),
            error: Default::default(),
            error_reduction: Default::default(),
            info_bits: Default::default(),
            info_bits_end: Default::default(),
            crps: Default::default(),
            crps_gain: Default::default(),
            confidence_bits: Default::default(),
            bits_given: Default::default(),
            asymmetry: Moments::default(),
            rounds: Moments::default(),
            confidences: Default::default(),
            answers: Default::default(),
            asks: Default::default(),
            bluffs: Default::default(),
            lies_detected: Default::default(),
            false_detections: Default::default(),
            trust: Default::default(),
            facets: facets.max(1),
            asym_bins: [AsymBin::default(); ASYM_BINS],
            share_hist: [0; SHARE_BINS],
            by_position: if match_runs > 1 {
                vec![MatchPoint::default(); (match_runs as usize).min(MAX_POSITIONS)]
            } else {
                Vec::new()
            },
            match_runs,
            by_match: (match_runs > 1).then(Box::default),
            within: None,
        }
    }

    /// The same, with the private values located at `loc` for the
    /// within-pairing fit.
    pub fn located(match_runs: u32, facets: usize, loc: Location) -> Self {
        PairStats {
            within: Some(Box::new(WithinFit::new(loc))),
            ..Self::with_facets(match_runs, facets)
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
            self.walk_away_given_zopa
                .push(if o.walk_away.is_some() { 1.0 } else { 0.0 });
        }
        self.joint.push(o.joint);
        self.max_joint.push(o.max_joint);
        if self.by_match.is_none() {
            self.pooled_efficiency.add_cluster(o.joint, o.max_joint);
        }
        self.efficiency.push(o.efficiency);
        self.share_a.push(o.share_a);
        self.price.push(o.price);
        self.pareto_distance.push(o.pareto_distance);
        self.nash_distance.push(o.nash_distance);
        self.asymmetry.push(o.asymmetry);
        self.rounds.push(o.rounds as f64);
        for i in 0..2 {
            self.surplus[i].push(o.surplus[i]);
            self.walk_away[i].push(if o.walk_away == Some(i) { 1.0 } else { 0.0 });
            self.error[i].push(o.error[i]);
            self.error_reduction[i].push(o.prior_error[i] - o.error[i]);
            self.info_bits[i].push(o.info_bits[i]);
            self.info_bits_end[i].push(o.info_bits_end[i]);
            self.crps[i].push(o.crps[i]);
            self.crps_gain[i].push(o.crps_gain(i));
            self.confidence_bits[i].push(o.confidence_bits[i]);
            self.bits_given[i].push(o.bits_given[i]);
            self.confidences[i].push(o.confidences[i] as f64);
            self.answers[i].push(o.answers[i] as f64);
            self.asks[i].push(o.asks[i] as f64);
            self.bluffs[i].push(o.bluffs[i] as f64);
            self.lies_detected[i].push(o.lies_detected[i] as f64);
            self.false_detections[i].push(o.false_detections[i] as f64);
            self.trust[i].push(o.trust[i]);
        }
        if let Some(b) = self.asym_bin(o.asymmetry) {
            let bin = &mut self.asym_bins[b];
            bin.deal.push(deal);
            if o.zopa {
                bin.deal_given_zopa.push(deal);
            }
            bin.walk_away
                .push(if o.walk_away.is_some() { 1.0 } else { 0.0 });
            bin.efficiency.push(o.efficiency);
            bin.share_a.push(o.share_a);
        }
        if o.share_a.is_finite() {
            let b = ((o.share_a.clamp(0.0, 1.0) * SHARE_BINS as f64) as usize).min(SHARE_BINS - 1);
            self.share_hist[b] += 1;
        }
        if let Some(w) = self.within.as_deref_mut() {
            w.push(&Obs::of(o), position + 1 >= self.match_runs);
        }
        if let Some(m) = self.by_match.as_deref_mut() {
            m.push(o);
            if position + 1 == self.match_runs {
                m.close();
            }
        }
        let slot = self.position_slot(position);
        if let Some(p) = self.by_position.get_mut(slot) {
            for i in 0..2 {
                p.trust[i].push(o.trust[i]);
                p.disclosures[i].push((o.confidences[i] + o.answers[i]) as f64);
                p.bluffs[i].push(o.bluffs[i] as f64);
                p.lies_detected[i].push(o.lies_detected[i] as f64);
                p.false_detections[i].push(o.false_detections[i] as f64);
                p.info_bits[i].push(o.info_bits[i]);
                p.surplus[i].push(o.surplus[i]);
            }
            p.deal.push(deal);
        }
    }

    /// The asymmetry bins' edges in bits: `(lo, width)`.
    pub fn asym_edges(&self) -> (f64, f64) {
        let f = self.facets as f64;
        (ASYM_LO * f, (ASYM_HI - ASYM_LO) * f / ASYM_BINS as f64)
    }

    /// The bin of an asymmetry of `bits` (none for NaN; the end bins
    /// take anything beyond them, which `info_bits` in [-6, 6] per facet
    /// never is).
    fn asym_bin(&self, bits: f64) -> Option<usize> {
        if !bits.is_finite() {
            return None;
        }
        let (lo, width) = self.asym_edges();
        let f = crate::model::dist::exp::floor((bits - lo) / width);
        Some(crate::model::dist::exp::to_index(f).min(ASYM_BINS - 1))
    }

    /// The entry of [`PairStats::by_position`] that run `position` (0-based)
    /// of a match adds to.
    fn position_slot(&self, position: u32) -> usize {
        let slots = self.by_position.len() as u64;
        (position as u64 * slots / self.match_runs.max(1) as u64) as usize
    }

    /// The positions (1-based, inclusive) that entry `slot` of
    /// [`PairStats::by_position`] covers.
    pub fn positions(&self, slot: usize) -> (u32, u32) {
        let (slots, e) = (self.by_position.len() as u64, self.match_runs as u64);
        // Position p goes to slot floor(p * slots / e): the first p of a
        // slot is ceil(slot * e / slots).
        let first = |k: u64| (k * e).div_ceil(slots);
        let k = slot as u64;
        (first(k) as u32 + 1, first(k + 1) as u32)
    }

    /// Close a match cut short by the end of the runs (a no-op when the
    /// last match was whole).
    pub fn close_match(&mut self) {
        if let Some(w) = self.within.as_deref_mut() {
            w.close();
        }
        if let Some(m) = self.by_match.as_deref_mut()
            && m.deal.is_open()
        {
            m.close();
        }
    }

    /// The half-width of the 95% interval of a quantity: clustered by match
    /// when matches have several runs (`clustered` picks it from
    /// [`MatchClusters`]), else over independent runs (`plain`).
    pub fn ci95(&self, plain: &Moments, clustered: impl Fn(&MatchClusters) -> &ClusterMean) -> f64 {
        match self.by_match.as_deref() {
            Some(m) => clustered(m).ci95(),
            None => plain.ci95(),
        }
    }

    /// Combine with the statistics of later runs of the same pairing.
    pub fn merge(&mut self, o: &PairStats) {
        if let (Some(a), Some(b)) = (self.by_match.as_deref_mut(), o.by_match.as_deref()) {
            a.merge(b);
        }
        if let (Some(a), Some(b)) = (self.within.as_deref_mut(), o.within.as_deref()) {
            a.merge(b);
        }
        self.runs += o.runs;
        self.pooled_efficiency.merge(&o.pooled_efficiency);
        let [s0, s1] = &mut self.surplus;
        let pairs: [(&mut Moments, &Moments); 14] = [
            (&mut self.walk_away_given_zopa, &o.walk_away_given_zopa),
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
            self.walk_away[i].merge(&o.walk_away[i]);
            self.error[i].merge(&o.error[i]);
            self.error_reduction[i].merge(&o.error_reduction[i]);
            self.info_bits[i].merge(&o.info_bits[i]);
            self.info_bits_end[i].merge(&o.info_bits_end[i]);
            self.crps[i].merge(&o.crps[i]);
            self.crps_gain[i].merge(&o.crps_gain[i]);
            self.confidence_bits[i].merge(&o.confidence_bits[i]);
            self.bits_given[i].merge(&o.bits_given[i]);
            self.confidences[i].merge(&o.confidences[i]);
            self.answers[i].merge(&o.answers[i]);
            self.asks[i].merge(&o.asks[i]);
            self.bluffs[i].merge(&o.bluffs[i]);
            self.lies_detected[i].merge(&o.lies_detected[i]);
            self.false_detections[i].merge(&o.false_detections[i]);
            self.trust[i].merge(&o.trust[i]);
        }
        debug_assert!(
            self.facets == o.facets,
            "merging statistics of different scenarios"
        );
        for (a, b) in self.asym_bins.iter_mut().zip(&o.asym_bins) {
            a.deal.merge(&b.deal);
            a.deal_given_zopa.merge(&b.deal_given_zopa);
            a.walk_away.merge(&b.walk_away);
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
                a.false_detections[i].merge(&b.false_detections[i]);
                a.info_bits[i].merge(&b.info_bits[i]);
                a.surplus[i].merge(&b.surplus[i]);
            }
            a.deal.merge(&b.deal);
        }
    }
}

/// Serde for the share histogram (serde derives arrays of at most 32).
mod hist {
    use super::SHARE_BINS;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(h: &[u64; SHARE_BINS], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(h.iter())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u64; SHARE_BINS], D::Error> {
        let v = Vec::<u64>::deserialize(d)?;
        v.try_into().map_err(|v: Vec<u64>| {
            serde::de::Error::invalid_length(v.len(), &"the bins of the share histogram")
        })
    }
}

#[cfg(test)]
mod tests;
