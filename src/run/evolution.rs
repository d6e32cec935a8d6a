//! Evolutionary dynamics on a tournament's payoffs (MODEL.md section 7):
//! which strategies take over a population? The discrete replicator
//! dynamics (Taylor & Jonker 1978) and the frequency-dependent Moran process
//! (Nowak et al. 2004) with selection strength and mutation, seeded.

use crate::error::{Error, Result};
use crate::run::tournament::run_seed;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use std::path::Path;

/// A payoff matrix: `matrix[i][j]` is the mean payoff of strategy i against j.
#[derive(Debug, Clone, PartialEq)]
pub struct Payoffs {
    /// Strategy names.
    pub names: Vec<String>,
    /// Payoffs.
    pub matrix: Vec<Vec<f64>>,
}

impl Payoffs {
    /// Read `matrix.csv` of a results folder.
    pub fn read(dir: &Path) -> Result<Self> {
        let path = dir.join("matrix.csv");
        if !dir.join("manifest.json").is_file() || !path.is_file() {
            return Err(Error::Results {
                path: dir.to_path_buf(),
                message: "is not the results folder of a tournament (no manifest.json and matrix.csv); run `negsim run` first or pass a config".into(),
            });
        }
        let bad = |message: String| Error::Results {
            path: path.clone(),
            message,
        };
        // Bounded before reading, as `plot` and `report` bound it.
        crate::output::tables::matrix::bounded(dir, "matrix.csv", usize::MAX, None)?;
        let mut r = csv::Reader::from_path(&path).map_err(|e| bad(e.to_string()))?;
        let header = r.headers().map_err(|e| bad(e.to_string()))?.clone();
        let names: Vec<String> = header.iter().skip(1).map(str::to_string).collect();
        if header.get(0) != Some("strategy") || names.is_empty() {
            return Err(bad("the header must be strategy,<name>,<name>,...".into()));
        }
        let mut matrix = Vec::new();
        for (i, rec) in r.records().enumerate() {
            let rec = rec.map_err(|e| bad(e.to_string()))?;
            if rec.get(0) != names.get(i).map(|s| s.as_str()) || rec.len() != names.len() + 1 {
                return Err(bad(format!("row {} does not match the header", i + 2)));
            }
            let row: Result<Vec<f64>> = rec
                .iter()
                .skip(1)
                .map(|v| {
                    v.parse::<f64>()
                        .ok()
                        .filter(|x| x.is_finite())
                        .ok_or_else(|| bad(format!("row {}: '{v}' is not a finite number", i + 2)))
                })
                .collect();
            matrix.push(row?);
        }
        if matrix.len() != names.len() {
            return Err(bad(format!(
                "{} rows for {} strategies",
                matrix.len(),
                names.len()
            )));
        }
        Ok(Payoffs { names, matrix })
    }

    /// Payoffs scaled to [0, 1] (min-max), so selection strength means the
    /// same whatever the units.
    pub fn normalised(&self) -> Vec<Vec<f64>> {
        let all = self.matrix.iter().flatten();
        let lo = all.clone().copied().fold(f64::INFINITY, f64::min);
        let hi = all.copied().fold(f64::NEG_INFINITY, f64::max);
        let span = if hi > lo { hi - lo } else { 1.0 };
        self.matrix
            .iter()
            .map(|r| r.iter().map(|x| (x - lo) / span).collect())
            .collect()
    }
}

/// Most generations (`--generations`).
pub const MAX_GENERATIONS: u32 = 10_000;
/// Largest Moran population (`--population`).
pub const MAX_POPULATION: u32 = 10_000;
/// Most Moran runs per fixation estimate (`--moran-runs`).
pub const MAX_MORAN_RUNS: u32 = 100_000;
/// Most Moran birth-death steps one analysis may budget for (about a
/// minute): `k (k - 1) runs population` for the fixation estimates of `k`
/// strategies plus `5 generations population` for the trajectories.
pub const MAX_MORAN_STEPS: u64 = 200_000_000;

/// Settings of an evolution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Generations to simulate.
    pub generations: u32,
    /// Population size of the Moran process.
    pub population: u32,
    /// Selection strength w in [0, 1]: fitness = 1 - w + w * payoff.
    pub selection: f64,
    /// Mutation rate per offspring (and per generation in the replicator).
    pub mutation: f64,
    /// Moran runs per estimate.
    pub runs: u32,
    /// Seed.
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            generations: 500,
            population: 50,
            selection: 0.1,
            mutation: 0.001,
            runs: 1000,
            seed: 42,
        }
    }
}

impl Settings {
    /// Check the ranges; `flag` names come from the command line.
    pub fn check(&self) -> Result<()> {
        let bad = |flag: &str, v: String, allowed: &str| {
            Err(Error::Usage(format!("{flag} {v}: {allowed}")))
        };
        if !(2..=MAX_POPULATION).contains(&self.population) {
            return bad(
                "--population",
                self.population.to_string(),
                &format!("must be between 2 and {MAX_POPULATION}"),
            );
        }
        if !(0.0..=1.0).contains(&self.selection) {
            return bad(
                "--selection",
                self.selection.to_string(),
                "must be in [0, 1]",
            );
        }
        if !(0.0..=1.0).contains(&self.mutation) {
            return bad("--mutation", self.mutation.to_string(), "must be in [0, 1]");
        }
        if !(1..=MAX_GENERATIONS).contains(&self.generations) {
            return bad(
                "--generations",
                self.generations.to_string(),
                &format!("must be between 1 and {MAX_GENERATIONS}"),
            );
        }
        if !(1..=MAX_MORAN_RUNS).contains(&self.runs) {
            return bad(
                "--moran-runs",
                self.runs.to_string(),
                &format!("must be between 1 and {MAX_MORAN_RUNS}"),
            );
        }
        Ok(())
    }

    /// Check the ranges and the work the Moran process would take for `k`
    /// strategies (at most [`MAX_MORAN_STEPS`] birth-death steps budgeted).
    pub fn check_for(&self, k: usize) -> Result<()> {
        self.check()?;
        let k = k as u64;
        let pop = self.population as u64;
        let steps =
            k * k.saturating_sub(1) * self.runs as u64 * pop + 5 * self.generations as u64 * pop;
        if steps > MAX_MORAN_STEPS {
            return Err(Error::Usage(format!(
                "--population {} --moran-runs {} --generations {} with {k} strategies: about {steps} \
                 Moran steps, over the limit of {MAX_MORAN_STEPS} (k (k - 1) runs population + \
                 5 generations population); lower --moran-runs or --population",
                self.population, self.runs, self.generations
            )));
        }
        Ok(())
    }
}

/// Discrete replicator dynamics from the uniform mix: the shares at every
/// generation (generation 0 first). `x_i' = x_i F_i / mean F`, with
/// `F_i = 1 - w + w (A x)_i` on normalised payoffs, then mutation.
pub fn replicator(a: &[Vec<f64>], start: &[f64], s: &Settings) -> Vec<Vec<f64>> {
    let k = a.len();
    let mut x = start.to_vec();
    let mut out = vec![x.clone()];
    for _ in 0..s.generations {
        let f: Vec<f64> = (0..k)
            .map(|i| 1.0 - s.selection + s.selection * (0..k).map(|j| a[i][j] * x[j]).sum::<f64>())
            .collect();
        let mean: f64 = (0..k).map(|i| x[i] * f[i]).sum();
        for i in 0..k {
            x[i] = x[i] * f[i] / mean;
            x[i] = (1.0 - s.mutation) * x[i] + s.mutation / k as f64;
        }
        out.push(x.clone());
    }
    out
}

/// Fitness of each type in a Moran population with counts `n`.
fn fitness(a: &[Vec<f64>], n: &[u32], total: u32, w: f64, out: &mut [f64]) {
    let k = a.len();
    for i in 0..k {
        if n[i] == 0 {
            out[i] = 0.0;
            continue;
        }
        let pay: f64 = (0..k)
            .map(|j| a[i][j] * (n[j] as f64 - if i == j { 1.0 } else { 0.0 }))
            .sum::<f64>()
            / (total - 1) as f64;
        out[i] = 1.0 - w + w * pay;
    }
}

/// One birth-death step: a reproducer chosen in proportion to fitness, a
/// uniformly chosen individual dies, the offspring mutates with `mu`.
fn moran_step(
    a: &[Vec<f64>],
    n: &mut [u32],
    total: u32,
    w: f64,
    mu: f64,
    f: &mut [f64],
    rng: &mut Xoshiro256PlusPlus,
) {
    let k = a.len();
    fitness(a, n, total, w, f);
    let weight: f64 = (0..k).map(|i| n[i] as f64 * f[i]).sum();
    let mut u = rng.random::<f64>() * weight;
    let mut born = k - 1;
    for i in 0..k {
        let wi = n[i] as f64 * f[i];
        if u < wi && n[i] > 0 {
            born = i;
            break;
        }
        u -= wi;
    }
    if mu > 0.0 && rng.random::<f64>() < mu {
        born = rng.random_range(0..k);
    }
    let mut d = rng.random_range(0..total);
    let mut dies = 0;
    for i in 0..k {
        if d < n[i] {
            dies = i;
            break;
        }
        d -= n[i];
    }
    n[dies] -= 1;
    n[born] += 1;
}

/// Fixation of one `mutant` in a population of `resident`s (no mutation):
/// (fixations, runs).
pub fn fixation(
    a: &[Vec<f64>],
    resident: usize,
    mutant: usize,
    s: &Settings,
    seed: u64,
) -> (u32, u32) {
    let k = a.len();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut f = vec![0.0; k];
    let mut fixed = 0;
    for _ in 0..s.runs {
        let mut n = vec![0u32; k];
        n[resident] = s.population - 1;
        n[mutant] = 1;
        while n[mutant] > 0 && n[mutant] < s.population {
            moran_step(a, &mut n, s.population, s.selection, 0.0, &mut f, &mut rng);
        }
        if n[mutant] == s.population {
            fixed += 1;
        }
    }
    (fixed, s.runs)
}

/// A Moran run with mutation from the uniform mix: shares per generation
/// (a generation is `population` birth-death steps).
pub fn moran_trajectory(a: &[Vec<f64>], s: &Settings, seed: u64) -> Vec<Vec<f64>> {
    let k = a.len();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut n = vec![s.population / k as u32; k];
    for i in 0..(s.population as usize % k) {
        n[i] += 1;
    }
    let mut f = vec![0.0; k];
    let share = |n: &[u32]| {
        n.iter()
            .map(|&c| c as f64 / s.population as f64)
            .collect::<Vec<_>>()
    };
    let mut out = vec![share(&n)];
    for _ in 0..s.generations {
        for _ in 0..s.population {
            moran_step(
                a,
                &mut n,
                s.population,
                s.selection,
                s.mutation,
                &mut f,
                &mut rng,
            );
        }
        out.push(share(&n));
    }
    out
}

/// One fixation estimate: a single `mutant` in a population of `resident`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fixation {
    /// Index of the resident strategy.
    pub resident: usize,
    /// Index of the mutant strategy.
    pub mutant: usize,
    /// Runs in which the mutant took over.
    pub fixed: u32,
    /// Runs played.
    pub runs: u32,
}

/// Everything `negsim evolve` computes from a payoff matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Replicator dynamics from an even mix, one share vector per generation.
    pub replicator: Vec<Vec<f64>>,
    /// Five Moran trajectories, one share vector per generation.
    pub trajectories: Vec<Vec<Vec<f64>>>,
    /// Fixation of every mutant in every resident population (resident-major).
    pub fixations: Vec<Fixation>,
}

/// The replicator dynamics, five Moran trajectories and every fixation
/// probability of `payoffs` (normalised); seeded by `s.seed`, parallel and
/// independent of the thread count.
pub fn analyse(payoffs: &Payoffs, s: &Settings) -> Analysis {
    use rayon::prelude::*;
    let a = payoffs.normalised();
    let k = payoffs.names.len();
    let uniform = vec![1.0 / k as f64; k];
    let replicator = replicator(&a, &uniform, s);
    let trajectories = (0..5u64)
        .map(|r| moran_trajectory(&a, s, run_seed(s.seed, r, 2)))
        .collect();
    let pairs: Vec<(usize, usize)> = (0..k)
        .flat_map(|r| (0..k).filter(move |&m| m != r).map(move |m| (r, m)))
        .collect();
    let fixations = pairs
        .par_iter()
        .map(|&(resident, mutant)| {
            let seed = run_seed(s.seed, (resident * k + mutant) as u64, 3);
            let (fixed, runs) = fixation(&a, resident, mutant, s, seed);
            Fixation {
                resident,
                mutant,
                fixed,
                runs,
            }
        })
        .collect();
    Analysis {
        replicator,
        trajectories,
        fixations,
    }
}

/// Wilson 95% interval of a proportion: (low, high).
pub fn wilson(successes: u32, n: u32) -> (f64, f64) {
    let z = 1.959_963_984_540_054;
    let (x, n) = (successes as f64, n as f64);
    let p = x / n;
    let d = 1.0 + z * z / n;
    let c = (p + z * z / (2.0 * n)) / d;
    let h = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / d;
    (c - h, c + h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pd() -> Vec<Vec<f64>> {
        // Cooperate, Defect with T=5 > R=3 > P=1 > S=0.
        Payoffs {
            names: vec!["C".into(), "D".into()],
            matrix: vec![vec![3.0, 0.0], vec![5.0, 1.0]],
        }
        .normalised()
    }

    #[test]
    fn replicator_on_a_prisoners_dilemma_goes_to_defection() {
        let s = Settings {
            generations: 400,
            mutation: 0.0,
            ..Settings::default()
        };
        let traj = replicator(&pd(), &[0.9, 0.1], &s);
        let last = traj.last().unwrap();
        assert!(last[1] > 0.999, "{last:?}");
        // Defection grows monotonically.
        assert!(traj.windows(2).all(|w| w[1][1] >= w[0][1]));
        assert!((last.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn replicator_on_hawk_dove_reaches_the_mixed_equilibrium() {
        // Hawk-dove with V = 2, C = 4: the mixed ESS has V/C = 1/2 hawks.
        let p = Payoffs {
            names: vec!["H".into(), "D".into()],
            matrix: vec![vec![-1.0, 2.0], vec![0.0, 1.0]],
        };
        let s = Settings {
            generations: 3000,
            mutation: 0.0,
            ..Settings::default()
        };
        let last = replicator(&p.normalised(), &[0.1, 0.9], &s).pop().unwrap();
        assert!((last[0] - 0.5).abs() < 1e-3, "{last:?}");
    }

    #[test]
    fn neutral_moran_fixation_is_one_over_n() {
        let s = Settings {
            population: 20,
            selection: 0.0,
            runs: 20_000,
            ..Settings::default()
        };
        let (fixed, runs) = fixation(&pd(), 0, 1, &s, 9);
        let (lo, hi) = wilson(fixed, runs);
        assert!(lo <= 0.05 && 0.05 <= hi, "{fixed}/{runs}: [{lo}, {hi}]");
    }

    #[test]
    fn selected_defector_fixes_more_often_than_neutral() {
        let s = Settings {
            population: 20,
            selection: 1.0,
            runs: 5000,
            ..Settings::default()
        };
        let (d, n) = fixation(&pd(), 0, 1, &s, 3);
        let (c, _) = fixation(&pd(), 1, 0, &s, 4);
        assert!(wilson(d, n).0 > 0.05, "defector invading {d}/{n}");
        assert!(wilson(c, n).1 < 0.05, "cooperator invading {c}/{n}");
    }
}
