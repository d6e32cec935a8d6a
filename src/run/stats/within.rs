//! Information asymmetry's effect within one pairing (MODEL.md section 10.4):
//! least squares of a run's outcome on its asymmetry (A's `info_bits` minus
//! B's) with the run's private values as covariates, and a 95% interval
//! clustered by run (by match when a match has several runs).
//!
//! Regressors: a constant, the asymmetry, each side's reservation
//! standardised by its prior (`z_A`, `z_B`), their squares (how extreme the
//! values are: a disclosure of an extreme value scores more bits) and the
//! largest possible joint surplus (the zone width in `price`). Outcomes:
//! deal (0/1, a linear probability model), joint surplus and A's surplus.
//!
//! The fit streams: per cluster `g` the matrix `M_g = sum x_i [x_i, y_i]'`
//! (7 x 10) is added to `sum M_g` (which holds `X'X` and `X'Y`) and its outer
//! product to `sum vec(M_g) vec(M_g)'`, from which the cluster-robust
//! sandwich of any coefficient is a quadratic form once the coefficients are
//! known ([`super::cross`] keeps those sums, in a compact form for clusters
//! of one run). Sums merge in a fixed order, like [`super::Moments`].

use super::Z95;
use super::cross::Cross;
use crate::model::negotiation::Outcome;
use serde::{Deserialize, Serialize};

/// Regressors: constant, asymmetry, `z_A`, `z_B`, `z_A^2`, `z_B^2`, zone.
pub const REGRESSORS: usize = 7;
/// Outcomes: deal, joint surplus, A's surplus (in [`Location::unit`]s).
const OUTCOMES: usize = 3;
/// Quantities of a run: regressors and outcomes.
pub(super) const Z: usize = REGRESSORS + OUTCOMES;
/// Entries of `M_g`.
pub(super) const M: usize = REGRESSORS * Z;
const ASYM: usize = 1;
const ZONE: usize = 6;
const DEAL: usize = REGRESSORS;
const JOINT: usize = REGRESSORS + 1;
const SURPLUS_A: usize = REGRESSORS + 2;
/// A regressor whose residual sum of squares (after the regressors before
/// it) is below this fraction of its own sum of squares is collinear.
const COLLINEAR: f64 = 1e-9;

/// Where the private values are located: the prior mean and sd of each
/// side's reservation, and the unit surpluses are accumulated in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Prior mean of A's and B's reservation.
    pub mean: [f64; 2],
    /// Prior sd of A's and B's reservation.
    pub sd: [f64; 2],
    /// Surpluses are divided by this (A's prior sd), so that the sums stay
    /// well scaled; estimates are reported in the original units.
    pub unit: f64,
}

impl Default for Location {
    fn default() -> Self {
        Location {
            mean: [0.0; 2],
            sd: [1.0; 2],
            unit: 1.0,
        }
    }
}

/// One run, in natural units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Obs {
    /// A's `info_bits` minus B's.
    pub asymmetry: f64,
    /// A's and B's reservation.
    pub reservation: [f64; 2],
    /// Largest possible joint surplus.
    pub max_joint: f64,
    /// Deal.
    pub deal: bool,
    /// Joint surplus.
    pub joint: f64,
    /// A's surplus.
    pub surplus_a: f64,
}

impl Obs {
    /// What the fit reads of a run.
    pub fn of(o: &Outcome) -> Self {
        Obs {
            asymmetry: o.asymmetry,
            reservation: o.private.reservation,
            max_joint: o.max_joint,
            deal: o.deal,
            joint: o.joint,
            surplus_a: o.surplus[0],
        }
    }
}

/// An outcome regressed on the asymmetry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    /// Deal (0/1): the slope is in deal-rate points per bit.
    Deal,
    /// Joint surplus over the pairing's mean possible joint surplus: the
    /// slope is in points of pooled efficiency (`E[joint] / E[max joint]`)
    /// per bit.
    Efficiency,
    /// A's surplus: the slope is in surplus units per bit.
    SurplusA,
}

impl Response {
    /// Every response, in table order.
    pub const ALL: [Response; 3] = [Response::Deal, Response::Efficiency, Response::SurplusA];

    /// Its name in `asymmetry_within.csv`.
    pub fn name(self) -> &'static str {
        match self {
            Response::Deal => "deal_rate",
            Response::Efficiency => "efficiency",
            Response::SurplusA => "surplus_a",
        }
    }
}

/// Why a slope could not be estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoSlope {
    /// Fewer than two clusters, or no more runs than regressors.
    TooFewRuns,
    /// The asymmetry is the same in every run (e.g. nobody talked).
    NoVariation,
    /// The asymmetry varies only with the values (it is a function of the
    /// covariates), so its own effect is not identified.
    Collinear,
}

impl NoSlope {
    /// A short phrase for tables and charts.
    pub fn phrase(self) -> &'static str {
        match self {
            NoSlope::TooFewRuns => "too few runs",
            NoSlope::NoVariation => "no variation in asymmetry",
            NoSlope::Collinear => "asymmetry fixed by the values",
        }
    }
}

/// A within-pairing slope with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slope {
    /// Change of the response per bit of asymmetry, values held fixed.
    pub slope: f64,
    /// Half-width of its 95% interval (clustered by run or match).
    pub ci95: f64,
}

/// The streaming within-pairing fit of one pairing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WithinFit {
    loc: Location,
    /// Runs.
    n: u64,
    /// `sum M_g` and `sum vec(M_g) vec(M_g)'` over closed clusters.
    sums: Cross,
    /// Sum, sum of squares, least and largest asymmetry.
    asym: [f64; 4],
}

impl Default for WithinFit {
    fn default() -> Self {
        Self::new(Location::default())
    }
}

impl WithinFit {
    /// Empty, for values located at `loc`.
    pub fn new(loc: Location) -> Self {
        WithinFit {
            loc,
            n: 0,
            sums: Cross::default(),
            asym: [0.0, 0.0, f64::INFINITY, f64::NEG_INFINITY],
        }
    }

    /// The regressors and responses of a run (`None` when one is undefined).
    fn row(&self, o: &Obs) -> Option<[f64; Z]> {
        let l = &self.loc;
        let za = (o.reservation[0] - l.mean[0]) / l.sd[0];
        let zb = (o.reservation[1] - l.mean[1]) / l.sd[1];
        let u = [
            1.0,
            o.asymmetry,
            za,
            zb,
            za * za,
            zb * zb,
            o.max_joint / l.unit,
            if o.deal { 1.0 } else { 0.0 },
            o.joint / l.unit,
            o.surplus_a / l.unit,
        ];
        u.iter().all(|x| x.is_finite()).then_some(u)
    }

    /// Add a run; `close` ends its cluster (the last run of a match, or
    /// every run when a match is one run).
    #[inline]
    pub fn push(&mut self, o: &Obs, close: bool) {
        match self.row(o) {
            Some(u) => {
                self.n += 1;
                self.asym[0] += o.asymmetry;
                self.asym[1] += o.asymmetry * o.asymmetry;
                self.asym[2] = self.asym[2].min(o.asymmetry);
                self.asym[3] = self.asym[3].max(o.asymmetry);
                self.sums.push(&u, close);
            }
            None if close => self.sums.close_open(),
            None => {}
        }
    }

    /// Close the open cluster, if it holds runs, and fold the buffered runs
    /// in (the end of a chunk: frees the buffers).
    pub fn close(&mut self) {
        self.sums.close_open();
        self.sums.settle();
    }

    /// Combine with the closed clusters of a later chunk.
    pub fn merge(&mut self, o: &WithinFit) {
        self.n += o.n;
        self.asym[0] += o.asym[0];
        self.asym[1] += o.asym[1];
        self.asym[2] = self.asym[2].min(o.asym[2]);
        self.asym[3] = self.asym[3].max(o.asym[3]);
        self.sums.merge(&o.sums);
    }

    /// Runs with every quantity defined.
    pub fn runs(&self) -> u64 {
        self.n
    }

    /// Clusters (runs, or matches).
    pub fn clusters(&self) -> u64 {
        self.sums.clusters()
    }

    /// Standard deviation of the asymmetry over the runs (bits; NaN without
    /// runs).
    pub fn asymmetry_sd(&self) -> f64 {
        if self.n == 0 {
            return f64::NAN;
        }
        let n = self.n as f64;
        let mean = self.asym[0] / n;
        (self.asym[1] / n - mean * mean).max(0.0).sqrt()
    }

    /// The slope of `r` on the asymmetry, values held fixed.
    pub fn slope(&self, r: Response) -> Result<Slope, NoSlope> {
        let sums = self.sums.settled();
        if sums.clusters() < 2 || self.n as usize <= REGRESSORS {
            return Err(NoSlope::TooFewRuns);
        }
        if self.asym[3] <= self.asym[2] {
            return Err(NoSlope::NoVariation);
        }
        let sum = sums.sum();
        let xtx = std::array::from_fn(|j| std::array::from_fn(|k| sum[j * Z + k]));
        let (inv, kept) = inverse(xtx);
        if !kept[ASYM] {
            return Err(NoSlope::Collinear);
        }
        let y = match r {
            Response::Deal => DEAL,
            Response::Efficiency => JOINT,
            Response::SurplusA => SURPLUS_A,
        };
        let xty: [f64; REGRESSORS] = std::array::from_fn(|j| sum[j * Z + y]);
        let b: [f64; REGRESSORS] =
            std::array::from_fn(|j| (0..REGRESSORS).map(|k| inv[j][k] * xty[k]).sum());
        // Residual weights over [x, y]: e = y - x'b.
        let mut w = [0.0; Z];
        w[..REGRESSORS].copy_from_slice(&b.map(|x| -x));
        w[y] = 1.0;
        let h = inv[ASYM];
        let mut c = [0.0; M];
        for j in 0..REGRESSORS {
            for a in 0..Z {
                c[j * Z + a] = h[j] * w[a];
            }
        }
        let (g, n) = (sums.clusters() as f64, self.n as f64);
        let k = kept.iter().filter(|&&x| x).count() as f64;
        // CR1: G / (G - 1) * (N - 1) / (N - K).
        let var = sums.quad(&c) * g / (g - 1.0) * (n - 1.0) / (n - k);
        let scale = match r {
            Response::Deal => 1.0,
            // No zone in any run: no efficiency to speak of.
            Response::Efficiency if sum[ZONE] > 0.0 => n / sum[ZONE],
            Response::Efficiency => f64::NAN,
            Response::SurplusA => self.loc.unit,
        };
        Ok(Slope {
            slope: b[ASYM] * scale,
            ci95: Z95 * var.sqrt() * scale.abs(),
        })
    }

    /// The ratio of sums `sum num'z / sum den'z` over the runs (`z` the
    /// regressors and responses of a run), with its 95% half-width
    /// clustered like the slopes.
    fn ratio(&self, num: &[(usize, f64)], den: &[(usize, f64)]) -> (f64, f64) {
        let sums = self.sums.settled();
        let sum = sums.sum();
        let total = |v: &[(usize, f64)]| v.iter().map(|&(a, x)| x * sum[a]).sum::<f64>();
        let (sy, sn) = (total(num), total(den));
        if sums.clusters() == 0 || sn == 0.0 {
            return (f64::NAN, f64::NAN);
        }
        let r = sy / sn;
        if sums.clusters() < 2 {
            return (r, f64::NAN);
        }
        // Row 0 of M_g holds the cluster's sums of each quantity.
        let mut c = [0.0; M];
        num.iter().for_each(|&(a, x)| c[a] += x);
        den.iter().for_each(|&(a, x)| c[a] -= r * x);
        let g = sums.clusters() as f64;
        (r, Z95 * (sums.quad(&c) * g / (g - 1.0)).sqrt() / sn.abs())
    }

    /// Mean asymmetry (bits) and its 95% half-width.
    pub fn asymmetry(&self) -> (f64, f64) {
        self.ratio(&[(ASYM, 1.0)], &[(0, 1.0)])
    }

    /// Deal rate and its 95% half-width.
    pub fn deal_rate(&self) -> (f64, f64) {
        self.ratio(&[(DEAL, 1.0)], &[(0, 1.0)])
    }

    /// Pooled efficiency `E[joint] / E[max joint]` and its 95% half-width.
    pub fn efficiency(&self) -> (f64, f64) {
        self.ratio(&[(JOINT, 1.0)], &[(ZONE, 1.0)])
    }

    /// Mean surplus of side `i` (0 = A) per run and its 95% half-width.
    pub fn surplus(&self, i: usize) -> (f64, f64) {
        let num: &[(usize, f64)] = if i == 0 {
            &[(SURPLUS_A, 1.0)]
        } else {
            &[(JOINT, 1.0), (SURPLUS_A, -1.0)]
        };
        let (m, h) = self.ratio(num, &[(0, 1.0)]);
        (m * self.loc.unit, h * self.loc.unit)
    }
}

/// The inverse of the symmetric `a` over the regressors that are not
/// collinear with the ones before them (the constant and the covariates
/// first, the asymmetry last), by the sweep operator; dropped regressors
/// get zero rows and columns. Returns the inverse and which were kept.
fn inverse(
    mut a: [[f64; REGRESSORS]; REGRESSORS],
) -> ([[f64; REGRESSORS]; REGRESSORS], [bool; REGRESSORS]) {
    let diag: [f64; REGRESSORS] = std::array::from_fn(|k| a[k][k]);
    let mut kept = [false; REGRESSORS];
    for k in [0, 2, 3, 4, 5, 6, ASYM] {
        let d = a[k][k];
        // NaN sums count as collinear too.
        if d.is_nan() || d <= COLLINEAR * diag[k] || d <= 0.0 {
            continue;
        }
        kept[k] = true;
        for i in 0..REGRESSORS {
            for j in 0..REGRESSORS {
                if i != k && j != k {
                    a[i][j] -= a[i][k] * a[k][j] / d;
                }
            }
        }
        for i in 0..REGRESSORS {
            if i != k {
                a[i][k] /= d;
                a[k][i] /= d;
            }
        }
        a[k][k] = -1.0 / d;
    }
    let inv = std::array::from_fn(|i| {
        std::array::from_fn(|j| if kept[i] && kept[j] { -a[i][j] } else { 0.0 })
    });
    (inv, kept)
}

#[cfg(test)]
#[path = "within_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "within_reference_tests.rs"]
mod reference_tests;
