//! The common knowledge about one facet: its prior on a bounded support
//! ([`Prior`]) and the speaker model the listener holds ([`Facet`]: which
//! direction a bluff favours, and the scale of the bluff shift).

use super::CELLS;
use super::component::{Component, Grid, TruncNormal};
use crate::model::dist::Dist;
use crate::model::dist::exp::to_index;
use crate::model::dist::special::{beta_inc, half_normal_h2, ln_mass};

/// Most extra cells of the bluff convolution beyond the support.
const MAX_EXTRA: usize = 192;
/// Cells of the bluff convolution's grid of bluffed values.
pub(crate) const T_CELLS: usize = CELLS + MAX_EXTRA;

/// Shape of a prior, for the closed forms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Shape {
    /// Uniform on the support.
    Uniform,
    /// `N(mean, sd^2)` restricted to the support, which holds `exp(ln_mass)`
    /// of it.
    Normal { mean: f64, sd: f64, ln_mass: f64 },
    /// Anything else: uniform density within each of the 64 cells.
    Cells,
}

/// A common-knowledge prior on a bounded support `[lo, hi]`, with the masses
/// of its fixed 64-cell equal-width partition.
///
/// Uniform and normal priors (a normal restricted to its support, `mean +- 4
/// sd` when unbounded) are exact; other shapes are represented by uniform
/// density within each cell (their moments are those of that representation).
#[derive(Debug, Clone, PartialEq)]
pub struct Prior {
    pub(crate) lo: f64,
    pub(crate) hi: f64,
    pub(crate) w: f64,
    /// `ln(hi - lo)`, for the uniform prior's density.
    pub(crate) ln_width: f64,
    pub(crate) shape: Shape,
    pub(crate) cells: [f64; CELLS],
    pub(crate) ln_cells: [f64; CELLS],
    /// The prior as a belief's parts: itself with weight 1 (kept so that
    /// its CRPS needs no copy).
    parts: [(f64, Component); 2],
    mean: f64,
    var: f64,
}

impl Prior {
    fn build(lo: f64, hi: f64, shape: Shape, cells: [f64; CELLS]) -> Self {
        assert!(
            lo < hi && lo.is_finite() && hi.is_finite(),
            "support [{lo}, {hi}]"
        );
        let w = (hi - lo) / CELLS as f64;
        let total: f64 = cells.iter().sum();
        let cells = cells.map(|m| m / total);
        let ln_cells = cells.map(f64::ln);
        let component = match shape {
            Shape::Uniform => Component::uniform(lo, hi),
            Shape::Normal { mean, sd, .. } => {
                Component::Trunc(TruncNormal::new(mean, sd, lo, hi).expect("support holds mass"))
            }
            Shape::Cells => {
                let (g, _) = Grid::from_ln_weights(lo, w, (lo, hi), (0, CELLS - 1), &ln_cells)
                    .expect("prior has mass");
                Component::Grid(g)
            }
        };
        Prior {
            lo,
            hi,
            w,
            ln_width: (hi - lo).ln(),
            shape,
            cells,
            ln_cells,
            mean: component.mean(),
            var: component.var(),
            parts: [(1.0, component), (0.0, Component::UNUSED)],
        }
    }

    /// The prior as a component of a belief.
    pub(crate) fn component(&self) -> &Component {
        &self.parts[0].1
    }

    /// Uniform on `[lo, hi]`.
    pub fn uniform(lo: f64, hi: f64) -> Self {
        Self::build(lo, hi, Shape::Uniform, [1.0; CELLS])
    }

    /// `N(mean, sd^2)` restricted to `[lo, hi]`.
    pub fn truncated_normal(mean: f64, sd: f64, lo: f64, hi: f64) -> Self {
        assert!(sd > 0.0, "sd {sd}");
        let (a, b) = ((lo - mean) / sd, (hi - mean) / sd);
        let w = (b - a) / CELLS as f64;
        let cells =
            std::array::from_fn(|i| ln_mass(a + i as f64 * w, a + (i + 1) as f64 * w).exp());
        let shape = Shape::Normal {
            mean,
            sd,
            ln_mass: ln_mass(a, b),
        };
        Self::build(lo, hi, shape, cells)
    }

    /// `N(mean, sd^2)` on the support `mean +- 4 sd`.
    pub fn normal(mean: f64, sd: f64) -> Self {
        Self::truncated_normal(mean, sd, mean - 4.0 * sd, mean + 4.0 * sd)
    }

    /// Any distribution on `[lo, hi]` given its distribution function,
    /// represented by uniform density within each cell.
    pub fn from_cdf(lo: f64, hi: f64, cdf: impl Fn(f64) -> f64) -> Self {
        let w = (hi - lo) / CELLS as f64;
        let mut cells = [0.0; CELLS];
        let mut prev = cdf(lo);
        for (i, c) in cells.iter_mut().enumerate() {
            let next = if i + 1 == CELLS {
                cdf(hi)
            } else {
                cdf(lo + (i + 1) as f64 * w)
            };
            *c = (next - prev).max(0.0);
            prev = next;
        }
        Self::build(lo, hi, Shape::Cells, cells)
    }

    /// Beta(`alpha`, `beta`) scaled to `[lo, hi]` (e.g. a Dirichlet weight's marginal).
    pub fn beta(alpha: f64, beta: f64, lo: f64, hi: f64) -> Self {
        Self::from_cdf(lo, hi, |x| beta_inc(alpha, beta, (x - lo) / (hi - lo)))
    }

    /// The prior of a value drawn from `dist` (on [`Dist::support`]).
    pub fn from_dist(dist: &Dist) -> Self {
        if let Some((lo, hi)) = dist.uniform_bounds() {
            return Self::uniform(lo, hi);
        }
        let (lo, hi) = dist.support();
        match dist.gaussian() {
            Some((mean, sd)) => Self::truncated_normal(mean, sd, lo, hi),
            None => Self::from_cdf(lo, hi, |x| dist.cdf(x)),
        }
    }

    /// The support `(lo, hi)`.
    pub fn support(&self) -> (f64, f64) {
        (self.lo, self.hi)
    }

    /// Width of a cell of the fixed partition.
    pub fn cell_width(&self) -> f64 {
        self.w
    }

    /// Mean.
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// Variance.
    pub fn var(&self) -> f64 {
        self.var
    }

    /// Standard deviation.
    pub fn sd(&self) -> f64 {
        self.var.sqrt()
    }

    /// The prior's CRPS at `truth`, in prior sds (what
    /// [`super::Posterior::crps`] is when nothing was learned).
    pub fn crps(&self, truth: f64) -> f64 {
        super::crps::mixture(&self.parts, truth) / self.sd()
    }

    /// Index of the cell of the fixed partition holding `x` (clamped).
    #[inline]
    pub fn cell_of(&self, x: f64) -> usize {
        to_index(crate::model::dist::exp::floor((x - self.lo) / self.w)).min(CELLS - 1)
    }

    /// Prior mass of cell `i`.
    pub fn cell_mass(&self, i: usize) -> f64 {
        self.cells[i]
    }

    /// `ln` of the prior density at `x` in the support.
    pub(crate) fn ln_density(&self, x: f64) -> f64 {
        match self.shape {
            Shape::Uniform => -self.ln_width,
            Shape::Normal { mean, sd, ln_mass } => {
                crate::model::dist::special::ln_phi((x - mean) / sd) - sd.ln() - ln_mass
            }
            Shape::Cells => self.ln_cells[self.cell_of(x)] - self.w.ln(),
        }
    }

    /// The active cells of `[l, u]` (inside the support).
    pub(crate) fn active(&self, l: f64, u: f64) -> (usize, usize) {
        let first = self.cell_of(l);
        let last = (crate::model::dist::exp::ceil((u - self.lo) / self.w) as isize - 1)
            .clamp(first as isize, CELLS as isize - 1);
        (first, last as usize)
    }
}

/// Which way a bluff shifts the speaker's claims: the direction that favours
/// the speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Favour {
    /// Claims above the truth favour the speaker (a seller's cost).
    High,
    /// Claims below the truth favour the speaker (a buyer's value).
    Low,
}

impl Favour {
    /// `+1` for [`Favour::High`], `-1` for [`Favour::Low`].
    pub fn sign(self) -> f64 {
        match self {
            Favour::High => 1.0,
            Favour::Low => -1.0,
        }
    }
}

/// What a listener knows before hearing anything about one facet of the
/// speaker: the common prior and the speaker model (an honest speaker's
/// claims are `y = r + s z`; a bluffer's are `y = r + f u + s z` with one
/// shift `u ~ half-normal(bluff_scale)` per run in the direction `f` that
/// favours it).
#[derive(Debug, Clone, PartialEq)]
pub struct Facet {
    pub(crate) prior: Prior,
    pub(crate) favour: Favour,
    pub(crate) bluff_scale: f64,
    /// Extra cells of bluffed values beyond the support.
    pub(crate) extra: usize,
    /// `kernel[d]`: probability that the bluffed value lies `d` cells from
    /// the true value (in the favoured direction), averaged over both cells.
    pub(crate) kernel: [f64; T_CELLS],
    /// Running sums of `kernel`.
    pub(crate) kernel_cum: [f64; T_CELLS],
}

impl Facet {
    /// A facet with prior `prior`, bluffs favouring `favour`, and bluff shifts
    /// half-normal with scale `bluff_scale` (> 0).
    pub fn new(prior: Prior, favour: Favour, bluff_scale: f64) -> Self {
        assert!(bluff_scale > 0.0, "bluff scale {bluff_scale}");
        let w = prior.w;
        // The half-normal kernel holds 2.6e-12 of its mass beyond 7 scales.
        let extra = ((7.0 * bluff_scale / w).ceil() as usize).min(MAX_EXTRA);
        let h2 = |d: f64| half_normal_h2(d * w, bluff_scale);
        let mut kernel = [0.0; T_CELLS];
        let mut kernel_cum = [0.0; T_CELLS];
        let mut sum = 0.0;
        for d in 0..T_CELLS {
            let x = d as f64;
            kernel[d] = ((h2(x + 1.0) - 2.0 * h2(x) + h2(x - 1.0)) / w).max(0.0);
            sum += kernel[d];
            kernel_cum[d] = sum.min(1.0);
        }
        Facet {
            prior,
            favour,
            bluff_scale,
            extra,
            kernel,
            kernel_cum,
        }
    }

    /// A facet whose bluff scale is the default, one prior sd.
    pub fn with_default_bluff(prior: Prior, favour: Favour) -> Self {
        let sd = prior.sd();
        Self::new(prior, favour, sd)
    }

    /// The prior.
    pub fn prior(&self) -> &Prior {
        &self.prior
    }

    /// The direction a bluff favours.
    pub fn favour(&self) -> Favour {
        self.favour
    }

    /// The scale of the half-normal bluff shift.
    pub fn bluff_scale(&self) -> f64 {
        self.bluff_scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernel_is_a_distribution() {
        let f = Facet::with_default_bluff(Prior::uniform(0.0, 1.0), Favour::High);
        let total: f64 = f.kernel[..CELLS + f.extra].iter().sum();
        assert!((total - 1.0).abs() < 1e-9, "{total}");
        // Mean shift ~ b sqrt(2/pi) (plus half a cell from the averaging).
        let mean: f64 = (0..CELLS + f.extra)
            .map(|d| f.kernel[d] * d as f64 * f.prior.w)
            .sum();
        let b = f.bluff_scale;
        assert!((mean - b * (2.0 / std::f64::consts::PI).sqrt()).abs() < 1e-3);
    }

    #[test]
    fn priors_have_their_moments() {
        let u = Prior::uniform(2.0, 4.0);
        assert_eq!(u.mean(), 3.0);
        assert!((u.var() - 4.0 / 12.0).abs() < 1e-15);
        let n = Prior::normal(1.0, 2.0);
        assert!((n.mean() - 1.0).abs() < 1e-12);
        assert!((n.sd() / 2.0 - 1.0).abs() < 1e-3);
        assert_eq!(n.support(), (-7.0, 9.0));
        let b = Prior::beta(2.0, 5.0, 0.0, 1.0);
        assert!((b.mean() - 2.0 / 7.0).abs() < 1e-4);
        let cells: f64 = (0..CELLS).map(|i| b.cell_mass(i)).sum();
        assert!((cells - 1.0).abs() < 1e-12);
        assert_eq!(u.active(2.0, 4.0), (0, CELLS - 1));
        assert_eq!(u.active(2.5, 3.0), (16, 31));
    }
}
