//! Gaussian beliefs about one private quantity of the other side (MODEL.md
//! section 3): conjugate updates from noisy signals, discounted by trust, and
//! the two information measures a run reports (normalised error, bits gained).

/// A belief `N(mean, var)` about one scalar, remembering its prior variance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Belief {
    /// Current mean.
    pub mean: f64,
    /// Current variance.
    pub var: f64,
    /// Prior mean (to reset after a detected lie).
    pub prior_mean: f64,
    /// Prior variance.
    pub prior_var: f64,
}

impl Belief {
    /// The prior belief `N(mean, sd^2)`.
    pub fn prior(mean: f64, sd: f64) -> Self {
        Belief {
            mean,
            var: sd * sd,
            prior_mean: mean,
            prior_var: sd * sd,
        }
    }

    /// Conjugate update with a signal `y` whose stated noise has standard
    /// deviation `sigma`, received with trust `tau` in (0, 1]: the receiver
    /// treats the noise as `sigma / sqrt(tau)`. Returns the bits gained.
    #[inline]
    pub fn update(&mut self, y: f64, sigma: f64, tau: f64) -> f64 {
        let noise_var = sigma * sigma / tau;
        let prec = 1.0 / self.var + 1.0 / noise_var;
        let mean = (self.mean / self.var + y / noise_var) / prec;
        let var = 1.0 / prec;
        let bits = 0.5 * (self.var / var).log2();
        self.mean = mean;
        self.var = var;
        bits
    }

    /// Standard deviation of the current belief.
    #[inline]
    pub fn sd(&self) -> f64 {
        self.var.sqrt()
    }

    /// `|mean - truth|` in prior standard deviations.
    #[inline]
    pub fn error(&self, truth: f64) -> f64 {
        (self.mean - truth).abs() / self.prior_var.sqrt()
    }

    /// Information gained since the prior, in bits: `0.5 log2(prior var / var)`.
    #[inline]
    pub fn bits(&self) -> f64 {
        0.5 * (self.prior_var / self.var).log2()
    }

    /// Forget everything learned (after catching the sender in a lie).
    pub fn reset(&mut self) {
        self.mean = self.prior_mean;
        self.var = self.prior_var;
    }
}

/// Bits a signal with noise `sigma` (in prior sds) gives an ideal receiver
/// (trust 1) that holds the prior: `0.5 log2(1 + 1/sigma^2)`.
#[inline]
pub fn bits_of_signal(sigma: f64) -> f64 {
    0.5 * (1.0 + 1.0 / (sigma * sigma)).log2()
}

/// Inverse of [`bits_of_signal`]: the noise (in prior sds) that gives `bits`.
#[inline]
pub fn sigma_for_bits(bits: f64) -> f64 {
    1.0 / ((2.0 * bits).exp2() - 1.0).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conjugate_update_matches_hand_computation() {
        // Prior N(50, 10^2), signal 60 with sd 10, full trust:
        // precision 1/100 + 1/100 = 1/50, mean (50/100 + 60/100) * 50 = 55.
        let mut b = Belief::prior(50.0, 10.0);
        let bits = b.update(60.0, 10.0, 1.0);
        assert!((b.mean - 55.0).abs() < 1e-12);
        assert!((b.var - 50.0).abs() < 1e-12);
        assert!((bits - 0.5).abs() < 1e-12); // halving the variance = half a bit
        // Trust 0.25 doubles the assumed noise sd: noise var 400.
        // precision 1/50 + 1/400 = 9/400; mean (55/50 + 70/400) * 400/9 = 56.666..
        let bits2 = b.update(70.0, 10.0, 0.25);
        assert!((b.var - 400.0 / 9.0).abs() < 1e-12);
        assert!((b.mean - 170.0 / 3.0).abs() < 1e-12);
        assert!((bits2 - 0.5 * (50.0f64 / (400.0 / 9.0)).log2()).abs() < 1e-12);
        assert!((b.bits() - 0.5 * (100.0f64 / (400.0 / 9.0)).log2()).abs() < 1e-12);
        assert!((b.error(60.0) - (60.0 - 170.0 / 3.0) / 10.0).abs() < 1e-12);
        b.reset();
        assert_eq!(b, Belief::prior(50.0, 10.0));
    }

    #[test]
    fn bits_and_sigma_are_inverse() {
        for s in [0.05, 0.3, 1.0, 2.5] {
            assert!((sigma_for_bits(bits_of_signal(s)) - s).abs() < 1e-9);
        }
        assert!((bits_of_signal(1.0) - 0.5).abs() < 1e-12);
    }
}
