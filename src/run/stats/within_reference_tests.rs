//! The within-pairing fit against the implementation it replaced (kept
//! here as the reference): the general outer product of `vec(M_g)` for
//! every cluster. Both must give the same slopes, intervals and ratios up
//! to floating-point rounding, for clusters of one run and of several,
//! merged in chunks and serialised in between.

use super::tests::Stream;
use super::*;

/// The previous `WithinFit`: `sum M_g` and the packed upper triangle of
/// `sum vec(M_g) vec(M_g)'`, one cluster at a time.
struct Old {
    loc: Location,
    n: u64,
    clusters: u64,
    open: Vec<f64>,
    sum: Vec<f64>,
    cross: Vec<f64>,
    asym: [f64; 4],
}

fn row_start(p: usize) -> usize {
    p * M - p * p.saturating_sub(1) / 2
}

impl Old {
    fn new(loc: Location) -> Self {
        Old {
            loc,
            n: 0,
            clusters: 0,
            open: Vec::new(),
            sum: vec![0.0; M],
            cross: vec![0.0; M * (M + 1) / 2],
            asym: [0.0, 0.0, f64::INFINITY, f64::NEG_INFINITY],
        }
    }

    fn row(&self, o: &Obs) -> Option<[f64; Z]> {
        WithinFit::new(self.loc).row(o)
    }

    fn push(&mut self, o: &Obs, close: bool) {
        if let Some(u) = self.row(o) {
            self.n += 1;
            self.asym[0] += o.asymmetry;
            self.asym[1] += o.asymmetry * o.asymmetry;
            self.asym[2] = self.asym[2].min(o.asymmetry);
            self.asym[3] = self.asym[3].max(o.asymmetry);
            let mut m = [0.0; M];
            for j in 0..REGRESSORS {
                for a in 0..Z {
                    m[j * Z + a] = u[j] * u[a];
                }
            }
            if close && self.open.is_empty() {
                self.add_cluster(&m);
                return;
            }
            if self.open.is_empty() {
                self.open = vec![0.0; M];
            }
            self.open.iter_mut().zip(&m).for_each(|(s, x)| *s += x);
        }
        if close {
            self.close();
        }
    }

    fn close(&mut self) {
        if !self.open.is_empty() {
            let m = std::mem::take(&mut self.open);
            self.add_cluster(&m);
        }
    }

    fn add_cluster(&mut self, m: &[f64]) {
        self.clusters += 1;
        for (j, &a) in m.iter().enumerate() {
            self.sum[j] += a;
            if a != 0.0 {
                let start = row_start(j);
                let row = &mut self.cross[start..start + M - j];
                row.iter_mut().zip(&m[j..]).for_each(|(s, b)| *s += a * b);
            }
        }
    }

    fn merge(&mut self, o: &Old) {
        self.n += o.n;
        self.clusters += o.clusters;
        self.asym[0] += o.asym[0];
        self.asym[1] += o.asym[1];
        self.asym[2] = self.asym[2].min(o.asym[2]);
        self.asym[3] = self.asym[3].max(o.asym[3]);
        self.sum.iter_mut().zip(&o.sum).for_each(|(a, b)| *a += b);
        self.cross
            .iter_mut()
            .zip(&o.cross)
            .for_each(|(a, b)| *a += b);
    }

    fn quad(&self, c: &[f64; M]) -> f64 {
        let mut s = 0.0;
        for (p, &cp) in c.iter().enumerate() {
            if cp != 0.0 {
                let start = row_start(p);
                let row = &self.cross[start..start + M - p];
                let off: f64 = row[1..].iter().zip(&c[p + 1..]).map(|(a, b)| a * b).sum();
                s += cp * (cp * row[0] + 2.0 * off);
            }
        }
        s.max(0.0)
    }

    fn slope(&self, r: Response) -> Result<Slope, NoSlope> {
        if self.clusters < 2 || self.n as usize <= REGRESSORS {
            return Err(NoSlope::TooFewRuns);
        }
        if self.asym[3] <= self.asym[2] {
            return Err(NoSlope::NoVariation);
        }
        let xtx = std::array::from_fn(|j| std::array::from_fn(|k| self.sum[j * Z + k]));
        let (inv, kept) = inverse(xtx);
        if !kept[ASYM] {
            return Err(NoSlope::Collinear);
        }
        let y = match r {
            Response::Deal => DEAL,
            Response::Efficiency => JOINT,
            Response::SurplusA => SURPLUS_A,
        };
        let xty: [f64; REGRESSORS] = std::array::from_fn(|j| self.sum[j * Z + y]);
        let b: [f64; REGRESSORS] =
            std::array::from_fn(|j| (0..REGRESSORS).map(|k| inv[j][k] * xty[k]).sum());
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
        let (g, n) = (self.clusters as f64, self.n as f64);
        let k = kept.iter().filter(|&&x| x).count() as f64;
        let var = self.quad(&c) * g / (g - 1.0) * (n - 1.0) / (n - k);
        let scale = match r {
            Response::Deal => 1.0,
            Response::Efficiency if self.sum[ZONE] > 0.0 => n / self.sum[ZONE],
            Response::Efficiency => f64::NAN,
            Response::SurplusA => self.loc.unit,
        };
        Ok(Slope {
            slope: b[ASYM] * scale,
            ci95: Z95 * var.sqrt() * scale.abs(),
        })
    }

    fn ratio(&self, num: &[(usize, f64)], den: &[(usize, f64)]) -> (f64, f64) {
        let total = |v: &[(usize, f64)]| v.iter().map(|&(a, x)| x * self.sum[a]).sum::<f64>();
        let (sy, sn) = (total(num), total(den));
        if self.clusters == 0 || sn == 0.0 {
            return (f64::NAN, f64::NAN);
        }
        let r = sy / sn;
        if self.clusters < 2 {
            return (r, f64::NAN);
        }
        let mut c = [0.0; M];
        num.iter().for_each(|&(a, x)| c[a] += x);
        den.iter().for_each(|&(a, x)| c[a] -= r * x);
        let g = self.clusters as f64;
        (r, Z95 * (self.quad(&c) * g / (g - 1.0)).sqrt() / sn.abs())
    }
}

const LOC: Location = Location {
    mean: [50.0, 45.0],
    sd: [10.0, 8.0],
    unit: 10.0,
};

/// A synthetic run: values around the priors, an asymmetry in whole and
/// fractional bits that moves the deal and A's surplus, one run in 97
/// with an undefined quantity.
fn synthetic(s: &mut Stream, i: usize) -> Obs {
    let (v, c) = (
        50.0 + 20.0 * (s.next() - 0.5),
        45.0 + 16.0 * (s.next() - 0.5),
    );
    let asym = if i.is_multiple_of(3) {
        (7.0 * s.next()).floor() - 3.0
    } else {
        6.0 * s.next() - 3.0 + 0.05 * (v - 50.0)
    };
    let zone = (v - c).max(0.0);
    let deal = zone > 0.0 && s.next() < 0.6 + 0.05 * asym;
    let joint = if deal {
        zone * (0.5 + 0.5 * s.next())
    } else {
        0.0
    };
    let surplus_a = if deal {
        joint * (0.5 + 0.04 * asym + 0.2 * (s.next() - 0.5))
    } else {
        0.0
    };
    Obs {
        asymmetry: asym,
        reservation: [v, c],
        max_joint: if i % 97 == 5 { f64::NAN } else { zone },
        deal,
        joint,
        surplus_a,
    }
}

/// Relative agreement to 1e-9 (NaN matches NaN).
fn close(what: &str, a: f64, b: f64) {
    let ok = a == b || (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-9 * a.abs().max(b.abs());
    assert!(ok, "{what}: {a} (new) vs {b} (old)");
}

/// Every estimate of the two fits agrees.
fn agree(new: &WithinFit, old: &Old) {
    assert_eq!((new.runs(), new.clusters()), (old.n, old.clusters));
    close("asymmetry sd", new.asymmetry_sd(), {
        let n = old.n as f64;
        let mean = old.asym[0] / n;
        (old.asym[1] / n - mean * mean).max(0.0).sqrt()
    });
    for r in Response::ALL {
        match (new.slope(r), old.slope(r)) {
            (Ok(a), Ok(b)) => {
                close(&format!("{} slope", r.name()), a.slope, b.slope);
                close(&format!("{} ci95", r.name()), a.ci95, b.ci95);
            }
            (a, b) => assert_eq!(a, b, "{}", r.name()),
        }
    }
    /// A mean and its 95% half-width.
    type Mean = (f64, f64);
    let ratios: [(&str, Mean, Mean); 5] = [
        (
            "asymmetry",
            new.asymmetry(),
            old.ratio(&[(ASYM, 1.0)], &[(0, 1.0)]),
        ),
        (
            "deal rate",
            new.deal_rate(),
            old.ratio(&[(DEAL, 1.0)], &[(0, 1.0)]),
        ),
        (
            "efficiency",
            new.efficiency(),
            old.ratio(&[(JOINT, 1.0)], &[(ZONE, 1.0)]),
        ),
        ("surplus A", new.surplus(0), {
            let (m, h) = old.ratio(&[(SURPLUS_A, 1.0)], &[(0, 1.0)]);
            (m * LOC.unit, h * LOC.unit)
        }),
        ("surplus B", new.surplus(1), {
            let (m, h) = old.ratio(&[(JOINT, 1.0), (SURPLUS_A, -1.0)], &[(0, 1.0)]);
            (m * LOC.unit, h * LOC.unit)
        }),
    ];
    for (what, a, b) in ratios {
        close(what, a.0, b.0);
        close(&format!("{what} ci95"), a.1, b.1);
    }
}

/// `runs` synthetic runs in matches of `size(match)` runs, played in
/// chunks of `chunk` whole matches that are closed, serialised (postcard,
/// as in `state.bin`) when `store`, and merged in order, into a new and an
/// old fit.
fn both(runs: usize, size: impl Fn(usize) -> usize, chunk: usize, store: bool) -> (WithinFit, Old) {
    let mut s = Stream(11);
    let (mut new, mut old) = (WithinFit::new(LOC), Old::new(LOC));
    let (mut part, mut old_part) = (WithinFit::new(LOC), Old::new(LOC));
    let (mut i, mut matches) = (0, 0);
    while i < runs {
        let len = size(matches).min(runs - i);
        for k in 0..len {
            let o = synthetic(&mut s, i + k);
            part.push(&o, k + 1 == len);
            old_part.push(&o, k + 1 == len);
        }
        i += len;
        matches += 1;
        if matches % chunk == 0 || i == runs {
            if store {
                let bytes = postcard::to_stdvec(&part).unwrap();
                part = postcard::from_bytes(&bytes).unwrap();
            } else {
                part.close();
            }
            new.merge(&part);
            old.merge(&old_part);
            (part, old_part) = (WithinFit::new(LOC), Old::new(LOC));
        }
    }
    (new, old)
}

#[test]
fn within_fit_matches_the_general_outer_product_for_runs_and_matches() {
    // Every run its own cluster, as in the default tournament.
    let (new, old) = both(4000, |_| 1, 256, false);
    assert_eq!(new.clusters(), new.runs());
    agree(&new, &old);
    // Matches of 1 to 5 runs (a one-run match closes as it opens).
    let (new, old) = both(3000, |m| 1 + m % 5, 40, false);
    assert!(new.clusters() > 900 && new.clusters() < 1100);
    agree(&new, &old);
    // Matches of 10 runs.
    let (new, old) = both(3000, |_| 10, 7, false);
    agree(&new, &old);
}

#[test]
fn within_fit_survives_serialisation_with_runs_still_buffered() {
    // Chunks of 37 runs: a partial block in every chunk, stored unclosed.
    let (new, old) = both(2000, |_| 1, 37, true);
    agree(&new, &old);
    let (stored, _) = both(2000, |_| 1, 37, false);
    assert_eq!(new, stored);
    let (new, old) = both(2000, |m| 1 + m % 3, 13, true);
    agree(&new, &old);
}

#[test]
fn within_fit_queries_do_not_depend_on_when_runs_are_folded_in() {
    let mut s = Stream(3);
    let (mut fit, mut old) = (WithinFit::new(LOC), Old::new(LOC));
    for i in 0..1000 {
        let o = synthetic(&mut s, i);
        fit.push(&o, true);
        old.push(&o, true);
        if i % 250 == 249 {
            // Read with runs buffered (a copy folds them in).
            agree(&fit, &old);
        }
    }
    let before = fit.slope(Response::SurplusA).unwrap();
    fit.close();
    assert_eq!(fit.slope(Response::SurplusA).unwrap(), before);
    agree(&fit, &old);
}
