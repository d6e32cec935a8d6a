//! A match's debrief: the posterior trust in the speaker once the truth is
//! revealed, `P(honest | this run's claims, r = truth)`.

use super::evidence::Evidence;
use super::factors::Factors;
use super::prior::Facet;
use crate::model::dist::exp::FastExp;
use crate::model::dist::special::{ln_cdf, ln_mass, ln_phi, phi};

impl Facet {
    /// Posterior trust once the truth `truth` is revealed (a match's
    /// debrief): `P(honest | this run's claims, r = truth)`. Leaks and offers
    /// are the same in both branches and drop out.
    pub fn debrief(&self, ev: &Evidence, truth: f64) -> f64 {
        let tau = ev.trust;
        if !ev.has_claims() || tau <= 0.0 || tau >= 1.0 {
            return tau;
        }
        let (lo, hi) = self.prior.support();
        if let Some(y) = ev.exact {
            // The honest branch is a point mass: certain if and only if it
            // is the truth.
            return if (y - truth).abs() <= 1e-12 * (hi - lo) {
                1.0
            } else {
                0.0
            };
        }
        let mut g = Factors::one();
        g.add_observations(&ev.claims);
        g.add_censored(&ev.claims_censored, lo, hi);
        let ln_h = g.ln_at(truth);
        let ln_b = self.ln_bluff_at(ev, &g, truth);
        let (lt, lb) = (tau.ln() + ln_h, (1.0 - tau).ln() + ln_b);
        if lt == f64::NEG_INFINITY {
            return 0.0;
        }
        1.0 / (1.0 + (lb - lt).fast_exp())
    }

    /// `ln E_u[G(r + f u)]` at one `r`.
    fn ln_bluff_at(&self, ev: &Evidence, g: &Factors, r: f64) -> f64 {
        let (sign, b) = (self.favour.sign(), self.bluff_scale);
        let Some((m, s)) = ev.claims.get() else {
            // Censored claims only: midpoints of the half-normal's quantile
            // bins would need its inverse; a fine midpoint rule on [0, 8b]
            // suffices for smooth censored likelihoods.
            let n = 512;
            let du = 8.0 * b / n as f64;
            let mut acc = 0.0;
            for k in 0..n {
                let u = (k as f64 + 0.5) * du;
                acc += 2.0 * phi(u / b) / b * du * g.ln_at(r + sign * u).fast_exp();
            }
            return acc.ln();
        };
        if ev.claims_censored.n == 0 {
            let omega = (s * s + b * b).sqrt();
            let lambda = sign * b / (s * omega);
            let x = m - r;
            return std::f64::consts::LN_2 + ln_phi(x / omega) - omega.ln() + ln_cdf(lambda * x);
        }
        // h(u) N(m; r + f u, s^2) = const N(u; mu, v) on u >= 0; then the
        // censored factors are averaged over that truncated normal.
        let v = 1.0 / (1.0 / (b * b) + 1.0 / (s * s));
        let mu = v * sign * (m - r) / (s * s);
        let ln_const = std::f64::consts::LN_2 + ln_phi((m - r) / (s * s + b * b).sqrt())
            - 0.5 * (s * s + b * b).ln();
        let sd = v.sqrt();
        let (u0, u1) = ((mu - 8.0 * sd).max(0.0), (mu + 8.0 * sd).max(8.0 * sd));
        let n = 256;
        let du = (u1 - u0) / n as f64;
        let (mut num, mut den) = (0.0, 0.0);
        let phis = g.without_gauss();
        for k in 0..n {
            let u = u0 + (k as f64 + 0.5) * du;
            let wgt = phi((u - mu) / sd);
            den += wgt;
            num += wgt * phis.ln_at(r + sign * u).fast_exp();
        }
        ln_const + ln_mass(-mu / sd, f64::INFINITY) + (num / den).ln()
    }
}
