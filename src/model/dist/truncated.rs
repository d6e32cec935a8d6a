//! The normal distribution truncated to an interval, sampled exactly.

use super::{norm_cdf, norm_pdf};
use rand::{Rng, RngExt};
use rand_distr::{Distribution, StandardNormal};

/// Normal(mean, sd) truncated to [low, high], sampled exactly: plain rejection
/// when the interval holds enough mass, otherwise a uniform proposal (narrow
/// interval) or Robert's (1995) exponential proposal (far tail).
#[derive(Debug, Clone)]
pub(super) struct TruncNormal {
    pub(super) mean: f64,
    pub(super) sd: f64,
    pub(super) a: f64,
    pub(super) b: f64,
    pub(super) mass: f64,
}

impl TruncNormal {
    pub(super) fn new(mean: f64, sd: f64, low: f64, high: f64) -> Self {
        let a = (low - mean) / sd;
        let b = (high - mean) / sd;
        let mass = norm_cdf(b) - norm_cdf(a);
        TruncNormal {
            mean,
            sd,
            a,
            b,
            mass,
        }
    }

    pub(super) fn moments(&self) -> (f64, f64) {
        if self.b - self.a < 0.1 {
            // Narrow (sd far above the interval's width): the closed form
            // cancels to nothing; integrate about the midpoint instead.
            let (m, v) = super::special::narrow_truncated_moments(self.a, self.b);
            return (self.mean + self.sd * m, self.sd * v.max(0.0).sqrt());
        }
        let (pa, pb) = (norm_pdf(self.a), norm_pdf(self.b));
        let z = self.mass;
        let m = (pa - pb) / z;
        let v = 1.0 + (self.a * pa - self.b * pb) / z - m * m;
        (self.mean + self.sd * m, self.sd * v.max(0.0).sqrt())
    }

    pub(super) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.mean + self.sd * self.standard(rng)
    }

    fn standard<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let (a, b) = (self.a, self.b);
        if self.mass > 0.25 {
            loop {
                let x: f64 = StandardNormal.sample(rng);
                if x >= a && x <= b {
                    return x;
                }
            }
        }
        if a >= 0.0 && b - a > 1.0 / a.max(0.5) {
            return robert_tail(a, b, rng);
        }
        if b <= 0.0 && b - a > 1.0 / (-b).max(0.5) {
            return -robert_tail(-b, -a, rng);
        }
        // Narrow interval: uniform proposal, accept by the density ratio to
        // the density's maximum on the interval.
        let peak = if a > 0.0 {
            a
        } else if b < 0.0 {
            b
        } else {
            0.0
        };
        loop {
            let x = a + (b - a) * rng.random::<f64>();
            let u: f64 = rng.random();
            if u <= (0.5 * (peak * peak - x * x)).exp() {
                return x;
            }
        }
    }
}

/// Robert (1995): standard normal truncated to [a, b] with a >= 0, by an
/// exponential proposal shifted to a.
fn robert_tail<R: Rng + ?Sized>(a: f64, b: f64, rng: &mut R) -> f64 {
    let lambda = 0.5 * (a + (a * a + 4.0).sqrt());
    loop {
        let u: f64 = rng.random();
        let x = a - (1.0 - u).ln() / lambda;
        if x > b {
            continue;
        }
        let v: f64 = rng.random();
        if v <= (-0.5 * (x - lambda) * (x - lambda)).exp() {
            return x;
        }
    }
}
