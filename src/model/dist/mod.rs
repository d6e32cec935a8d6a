//! Probability distributions for private values: what the config names
//! ([`DistSpec`]), checked once into a ready sampler ([`Dist`]) that also knows
//! its mean and variance, which form the common prior of the other side.

use crate::error::{Error, Result};
use crate::number::shown;
use rand::{Rng, RngExt};
use rand_distr::{Beta, Distribution, Normal, Triangular};
use serde::{Deserialize, Serialize};

pub mod exp;
pub mod ln;
pub(crate) mod simd;
pub mod special;
mod truncated;

use truncated::TruncNormal;

/// A distribution as written in the config, e.g.
/// `{ dist = "uniform", low = 40000, high = 60000 }`. A flat table (not a
/// tagged enum) so that a misspelt name or key is reported at its line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistSpec {
    /// Which distribution.
    pub dist: DistKind,
    /// Lower end (uniform, truncated_normal, beta, triangular).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    /// Upper end (uniform, truncated_normal, beta, triangular).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// Mean (normal, truncated_normal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    /// Standard deviation (normal, truncated_normal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sd: Option<f64>,
    /// First shape parameter (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alpha: Option<f64>,
    /// Second shape parameter (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beta: Option<f64>,
    /// Mode (triangular).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<f64>,
}

/// The distributions negsim can draw from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DistKind {
    /// Uniform on `[low, high]`.
    Uniform,
    /// Normal with `mean` and `sd`.
    Normal,
    /// Normal(`mean`, `sd`) restricted to `[low, high]`.
    TruncatedNormal,
    /// Beta(`alpha`, `beta`) scaled to `[low, high]` (default `[0, 1]`).
    Beta,
    /// Triangular on `[low, high]` with `mode`.
    Triangular,
}

impl DistKind {
    fn name(self) -> &'static str {
        match self {
            DistKind::Uniform => "uniform",
            DistKind::Normal => "normal",
            DistKind::TruncatedNormal => "truncated_normal",
            DistKind::Beta => "beta",
            DistKind::Triangular => "triangular",
        }
    }
    /// Parameters it takes, required first.
    fn params(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            DistKind::Uniform => (&["low", "high"], &[]),
            DistKind::Normal => (&["mean", "sd"], &[]),
            DistKind::TruncatedNormal => (&["mean", "sd", "low", "high"], &[]),
            DistKind::Beta => (&["alpha", "beta"], &["low", "high"]),
            DistKind::Triangular => (&["low", "high", "mode"], &[]),
        }
    }
}

impl DistSpec {
    /// Uniform on `[low, high]`.
    pub fn uniform(low: f64, high: f64) -> Self {
        DistSpec {
            dist: DistKind::Uniform,
            low: Some(low),
            high: Some(high),
            mean: None,
            sd: None,
            alpha: None,
            beta: None,
            mode: None,
        }
    }

    fn get(&self, name: &str) -> Option<f64> {
        match name {
            "low" => self.low,
            "high" => self.high,
            "mean" => self.mean,
            "sd" => self.sd,
            "alpha" => self.alpha,
            "beta" => self.beta,
            "mode" => self.mode,
            _ => None,
        }
    }
}

/// A validated distribution, ready to sample, with its moments.
#[derive(Debug, Clone)]
pub struct Dist {
    kind: Kind,
    mean: f64,
    sd: f64,
}

#[derive(Debug, Clone)]
enum Kind {
    Uniform {
        low: f64,
        width: f64,
    },
    Normal(Normal<f64>),
    Truncated(TruncNormal),
    Beta {
        beta: Beta<f64>,
        alpha: f64,
        beta_shape: f64,
        low: f64,
        width: f64,
    },
    Triangular {
        t: Triangular<f64>,
        low: f64,
        high: f64,
        mode: f64,
    },
}

impl DistSpec {
    /// Check the parameters and build the sampler. `file` and `field` name
    /// the place in the config for error messages.
    pub fn build(&self, file: &str, field: &str) -> Result<Dist> {
        let at = Place { file, field };
        self.check_keys(&at)?;
        let v = |name: &str| self.get(name).unwrap_or(f64::NAN);
        match self.dist {
            DistKind::Uniform => at.uniform(v("low"), v("high")),
            DistKind::Normal => at.normal(v("mean"), v("sd")),
            DistKind::TruncatedNormal => {
                at.truncated_normal(v("mean"), v("sd"), v("low"), v("high"))
            }
            DistKind::Beta => at.beta(
                v("alpha"),
                v("beta"),
                self.low.unwrap_or(0.0),
                self.high.unwrap_or(1.0),
            ),
            DistKind::Triangular => at.triangular(v("low"), v("high"), v("mode")),
        }
    }

    /// Every parameter its kind requires is given, and no other.
    fn check_keys(&self, at: &Place) -> Result<()> {
        let (file, field) = (at.file, at.field);
        let (required, optional) = self.dist.params();
        let kind = self.dist.name();
        for name in ["low", "high", "mean", "sd", "alpha", "beta", "mode"] {
            let allowed = required.contains(&name) || optional.contains(&name);
            match (self.get(name), allowed) {
                (Some(v), false) => {
                    return Err(Error::invalid(
                        file,
                        format!("{field}.{name}"),
                        v,
                        format!(
                            "is not a parameter of {kind}, which takes {}",
                            required
                                .iter()
                                .chain(optional)
                                .copied()
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
                (None, true) if required.contains(&name) => {
                    return Err(Error::invalid(
                        file,
                        format!("{field}.{name}"),
                        "(missing)",
                        format!("{kind} needs {}", required.join(", ")),
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// Where a distribution sits in the config, for error messages; builds
/// each kind from its parameters.
struct Place<'a> {
    file: &'a str,
    field: &'a str,
}

/// Largest magnitude of a distribution's parameter: values, prices and
/// utilities up to a trillion; beyond, sums and squares lose their digits.
pub const MAX_MAGNITUDE: f64 = 1e12;

/// Smallest spread (sd or width) of a distribution, absolute and relative
/// to its location: a spread the location's rounding swamps leaves nothing
/// to learn.
pub const MIN_SPREAD: f64 = 1e-6;
const MIN_RELATIVE_SPREAD: f64 = 1e-9;

impl Place<'_> {
    fn finite(&self, name: &str, v: f64) -> Result<()> {
        if v.is_finite() && v.abs() <= MAX_MAGNITUDE {
            Ok(())
        } else {
            Err(Error::invalid(
                self.file,
                format!("{}.{name}", self.field),
                shown(v),
                format!("must be a finite number between -{MAX_MAGNITUDE:e} and {MAX_MAGNITUDE:e}"),
            ))
        }
    }

    /// A spread `s` (sd or width, shown as `what`) of a distribution
    /// located at `at`.
    fn spread(&self, name: &str, what: String, s: f64, at: f64) -> Result<()> {
        let least = MIN_SPREAD.max(MIN_RELATIVE_SPREAD * at.abs());
        if s < least {
            return Err(Error::invalid(
                self.file,
                format!("{}.{name}", self.field),
                what,
                format!(
                    "the spread is too small: at least {} here ({MIN_SPREAD:e}, and {MIN_RELATIVE_SPREAD:e} of the location)",
                    shown(least)
                ),
            ));
        }
        Ok(())
    }

    fn range(&self, low: f64, high: f64) -> Result<()> {
        self.finite("low", low)?;
        self.finite("high", high)?;
        if low >= high {
            return Err(Error::invalid(
                self.file,
                format!("{}.low", self.field),
                format!("{} (high = {})", shown(low), shown(high)),
                if low == high {
                    "the range has zero width; low must be below high"
                } else {
                    "low must be below high"
                },
            ));
        }
        let width = high - low;
        let what = format!("{} (width {})", shown(high), shown(width));
        self.spread("high", what, width, low.abs().max(high.abs()))
    }

    fn positive(&self, name: &str, v: f64) -> Result<()> {
        self.finite(name, v)?;
        if v <= 0.0 {
            return Err(Error::invalid(
                self.file,
                format!("{}.{name}", self.field),
                v,
                "must be greater than 0",
            ));
        }
        Ok(())
    }

    fn uniform(&self, low: f64, high: f64) -> Result<Dist> {
        self.range(low, high)?;
        let width = high - low;
        Ok(Dist {
            kind: Kind::Uniform { low, width },
            mean: low + width / 2.0,
            sd: width / 12f64.sqrt(),
        })
    }

    fn normal(&self, mean: f64, sd: f64) -> Result<Dist> {
        self.finite("mean", mean)?;
        self.positive("sd", sd)?;
        self.spread("sd", shown(sd), sd, mean)?;
        Ok(Dist {
            kind: Kind::Normal(Normal::new(mean, sd).expect("checked")),
            mean,
            sd,
        })
    }

    fn truncated_normal(&self, mean: f64, sd: f64, low: f64, high: f64) -> Result<Dist> {
        self.finite("mean", mean)?;
        self.positive("sd", sd)?;
        self.spread("sd", shown(sd), sd, mean)?;
        self.range(low, high)?;
        let t = TruncNormal::new(mean, sd, low, high);
        if t.mass < 1e-12 {
            return Err(Error::invalid(
                self.file,
                format!("{}.low", self.field),
                format!("[{low}, {high}]"),
                "the interval holds no probability mass of the normal; move it nearer the mean",
            ));
        }
        let (m, s) = t.moments();
        Ok(Dist {
            kind: Kind::Truncated(t),
            mean: m,
            sd: s,
        })
    }

    fn beta(&self, alpha: f64, beta: f64, low: f64, high: f64) -> Result<Dist> {
        self.positive("alpha", alpha)?;
        self.positive("beta", beta)?;
        self.range(low, high)?;
        let width = high - low;
        let ab = alpha + beta;
        let var01 = alpha * beta / (ab * ab * (ab + 1.0));
        Ok(Dist {
            kind: Kind::Beta {
                beta: Beta::new(alpha, beta).expect("checked"),
                alpha,
                beta_shape: beta,
                low,
                width,
            },
            mean: low + width * alpha / ab,
            sd: width * var01.sqrt(),
        })
    }

    fn triangular(&self, low: f64, high: f64, mode: f64) -> Result<Dist> {
        self.range(low, high)?;
        self.finite("mode", mode)?;
        if mode < low || mode > high {
            return Err(Error::invalid(
                self.file,
                format!("{}.mode", self.field),
                mode,
                format!("must lie in [low, high] = [{low}, {high}]"),
            ));
        }
        let var =
            (low * low + high * high + mode * mode - low * high - low * mode - high * mode) / 18.0;
        Ok(Dist {
            kind: Kind::Triangular {
                t: Triangular::new(low, high, mode).expect("checked"),
                low,
                high,
                mode,
            },
            mean: (low + high + mode) / 3.0,
            sd: var.sqrt(),
        })
    }
}

impl Dist {
    /// Mean of the distribution (the prior mean of a belief about it).
    pub fn mean(&self) -> f64 {
        self.mean
    }
    /// Standard deviation (the prior sd of a belief about it).
    pub fn sd(&self) -> f64 {
        self.sd
    }
    /// Whether this is the uniform distribution (the double auction needs it).
    pub fn uniform_bounds(&self) -> Option<(f64, f64)> {
        match self.kind {
            Kind::Uniform { low, width } => Some((low, low + width)),
            _ => None,
        }
    }
    /// Draw one value.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match &self.kind {
            Kind::Uniform { low, width } => low + width * rng.random::<f64>(),
            Kind::Normal(n) => n.sample(rng),
            Kind::Truncated(t) => t.sample(rng),
            Kind::Beta {
                beta, low, width, ..
            } => low + width * beta.sample(rng),
            Kind::Triangular { t, .. } => t.sample(rng),
        }
    }
}

/// Standard normal cumulative distribution function.
pub fn norm_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// Standard normal density.
pub fn norm_pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

impl Dist {
    /// The support `(lo, hi)`: the distribution's own bounds, or `mean +- 4
    /// sd` for an unbounded normal (the range beliefs about it live on).
    pub fn support(&self) -> (f64, f64) {
        match &self.kind {
            Kind::Uniform { low, width } => (*low, low + width),
            Kind::Normal(_) => (self.mean - 4.0 * self.sd, self.mean + 4.0 * self.sd),
            Kind::Truncated(t) => (t.mean + t.sd * t.a, t.mean + t.sd * t.b),
            Kind::Beta { low, width, .. } => (*low, low + width),
            Kind::Triangular { low, high, .. } => (*low, *high),
        }
    }

    /// The normal `(mean, sd)` this distribution is a restriction of, if any
    /// (normal and truncated normal).
    pub fn gaussian(&self) -> Option<(f64, f64)> {
        match &self.kind {
            Kind::Normal(_) => Some((self.mean, self.sd)),
            Kind::Truncated(t) => Some((t.mean, t.sd)),
            _ => None,
        }
    }

    /// Distribution function `P(X <= x)` (for a normal, of the unrestricted
    /// normal).
    pub fn cdf(&self, x: f64) -> f64 {
        match &self.kind {
            Kind::Uniform { low, width } => ((x - low) / width).clamp(0.0, 1.0),
            Kind::Normal(_) => norm_cdf((x - self.mean) / self.sd),
            Kind::Truncated(t) => {
                let z = ((x - t.mean) / t.sd).clamp(t.a, t.b);
                ((norm_cdf(z) - norm_cdf(t.a)) / t.mass).clamp(0.0, 1.0)
            }
            Kind::Beta {
                alpha,
                beta_shape,
                low,
                width,
                ..
            } => special::beta_inc(*alpha, *beta_shape, (x - low) / width),
            &Kind::Triangular {
                low, high, mode, ..
            } => {
                if x <= low {
                    0.0
                } else if x >= high {
                    1.0
                } else if x <= mode {
                    (x - low) * (x - low) / ((high - low) * (mode - low))
                } else {
                    1.0 - (high - x) * (high - x) / ((high - low) * (high - mode))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
