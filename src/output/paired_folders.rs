//! Two tournament folders compared run by run (`negsim compare`): when both
//! played the same draws (same seed, runs and match length, so run i faced
//! the same private values in both) and both wrote `runs.csv`, each
//! strategy's difference B - A is estimated from per-match differences,
//! with an interval clustered by match, instead of treating A and B as
//! independent samples. And whether a strategy met the same opponents in
//! both: if not, a difference may come from the pool, not the strategy.

use crate::error::{Error, Result};
use crate::output::manifest::Manifest;
use crate::run::stats::Z95;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Whether the folders `a` and `b` (with manifests `ma`, `mb`) can be
/// paired by run: `Ok(())`, or why not (said to the user).
pub fn pairable(
    a: &Path,
    ma: &Manifest,
    b: &Path,
    mb: &Manifest,
) -> std::result::Result<(), String> {
    if ma.kind.is_some() || mb.kind.is_some() {
        return Err("one of the folders is not a tournament's".into());
    }
    if ma.seed != mb.seed {
        return Err(format!(
            "the seeds differ ({} and {}): the runs share no draws",
            ma.seed, mb.seed
        ));
    }
    if ma.runs_per_pairing != mb.runs_per_pairing {
        return Err(format!(
            "the runs per pairing differ ({} and {})",
            ma.runs_per_pairing, mb.runs_per_pairing
        ));
    }
    if ma.match_runs != mb.match_runs {
        return Err("the runs per match differ".into());
    }
    for (dir, m) in [(a, ma), (b, mb)] {
        if !m.files.iter().any(|f| f == "runs.csv") || !dir.join("runs.csv").is_file() {
            return Err(format!(
                "{} has no runs.csv (run it with --per-run to pair the runs)",
                dir.display()
            ));
        }
    }
    Ok(())
}

/// Per match, one strategy's sums over all its negotiations (every
/// opponent, both sides) in one folder.
#[derive(Debug, Clone, Default)]
struct Sums {
    surplus: Vec<f64>,
    deal: Vec<f64>,
    n: Vec<f64>,
}

impl Sums {
    fn new(clusters: usize) -> Self {
        Sums {
            surplus: vec![0.0; clusters],
            deal: vec![0.0; clusters],
            n: vec![0.0; clusters],
        }
    }
}

/// The per-match sums of every strategy in `dir/runs.csv`, with
/// `clusters` matches.
fn cluster_sums(dir: &Path, clusters: usize) -> Result<HashMap<String, Sums>> {
    let path = dir.join("runs.csv");
    let bad = |message: String| Error::Results {
        path: path.clone(),
        message,
    };
    let mut r = csv::Reader::from_path(&path).map_err(|e| bad(format!("cannot read: {e}")))?;
    let head = r
        .headers()
        .map_err(|e| bad(format!("cannot read the header: {e}")))?
        .clone();
    let col = |c: &str| {
        head.iter()
            .position(|h| h == c)
            .ok_or_else(|| bad(format!("has no column '{c}'")))
    };
    let (sa, sb, mt, dl) = (
        col("strategy_a")?,
        col("strategy_b")?,
        col("match")?,
        col("deal")?,
    );
    let (ua, ub) = (col("surplus_a")?, col("surplus_b")?);
    let mut sums: HashMap<String, Sums> = HashMap::new();
    let mut rec = csv::StringRecord::new();
    let mut row = 1usize;
    while r
        .read_record(&mut rec)
        .map_err(|e| bad(format!("row {}: {e}", row + 1)))?
    {
        row += 1;
        let num = |i: usize| -> Result<f64> {
            let v = rec.get(i).unwrap_or("");
            v.parse::<f64>().map_err(|_| {
                bad(format!(
                    "row {row}, column '{}': '{v}' is not a number",
                    &head[i]
                ))
            })
        };
        let m = num(mt)?;
        if !(m >= 0.0 && m < clusters as f64 && m.fract() == 0.0) {
            return Err(bad(format!(
                "row {row}: match {m} is outside the {clusters} matches its manifest implies"
            )));
        }
        let (m, deal) = (m as usize, num(dl)?);
        for (name, surplus) in [(sa, num(ua)?), (sb, num(ub)?)] {
            let s = sums
                .entry(rec.get(name).unwrap_or("").to_string())
                .or_insert_with(|| Sums::new(clusters));
            s.surplus[m] += surplus;
            s.deal[m] += deal;
            s.n[m] += 1.0;
        }
    }
    Ok(sums)
}

/// A difference B - A and the half-width of its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Diff {
    pub diff: f64,
    pub ci95: f64,
}

/// The paired difference of two ratio means over the same clusters:
/// `mean_B - mean_A` (each total over count), with the cluster-robust
/// variance of the difference, `C / (C - 1) sum r_c^2` over the clusters'
/// linearised residuals `r_c = (Y_Bc - m_B N_Bc) / N_B - (Y_Ac - m_A N_Ac) / N_A`.
fn paired_diff(ya: &[f64], na: &[f64], yb: &[f64], nb: &[f64]) -> Diff {
    let total = |v: &[f64]| v.iter().sum::<f64>();
    let (sa, sna, sb, snb) = (total(ya), total(na), total(yb), total(nb));
    let (ma, mb) = (sa / sna, sb / snb);
    let c = ya.len() as f64;
    let ss: f64 = (0..ya.len())
        .map(|i| {
            let r = (yb[i] - mb * nb[i]) / snb - (ya[i] - ma * na[i]) / sna;
            r * r
        })
        .sum();
    let ci95 = if c >= 2.0 {
        Z95 * (c / (c - 1.0) * ss).sqrt()
    } else {
        f64::NAN
    };
    Diff {
        diff: mb - ma,
        ci95,
    }
}

/// Per strategy in both folders (`names`): the paired differences B - A
/// in mean surplus and in deal rate, from both runs.csv files (call
/// [`pairable`] first). A strategy with no negotiation in a folder's
/// runs.csv is an error naming the file.
pub fn paired(a: &Path, b: &Path, ma: &Manifest, names: &[String]) -> Result<Vec<(Diff, Diff)>> {
    let per_match = u64::from(ma.match_runs.unwrap_or(1).max(1));
    let clusters = usize::try_from(ma.runs_per_pairing.div_ceil(per_match)).unwrap_or(usize::MAX);
    let sa = cluster_sums(a, clusters)?;
    let sb = cluster_sums(b, clusters)?;
    let get = |sums: &HashMap<String, Sums>, dir: &Path, s: &str| -> Result<Sums> {
        sums.get(s).cloned().ok_or_else(|| Error::Results {
            path: dir.join("runs.csv"),
            message: format!("has no negotiation of strategy '{s}', which ranking.csv lists"),
        })
    };
    names
        .iter()
        .map(|s| {
            let (x, y) = (get(&sa, a, s)?, get(&sb, b, s)?);
            Ok((
                paired_diff(&x.surplus, &x.n, &y.surplus, &y.n),
                paired_diff(&x.deal, &x.n, &y.deal, &y.n),
            ))
        })
        .collect()
}

/// How strategy `name`'s opponents (the other strategies of its folder,
/// with their parameters) differ between A and B: `None` when they are the
/// same, else the names only in A, only in B, and changed.
pub fn opponents_differ(ma: &Manifest, mb: &Manifest, name: &str) -> Option<PoolDiff> {
    let pool = |m: &Manifest| -> BTreeMap<String, BTreeMap<String, String>> {
        m.strategies
            .iter()
            .filter(|s| s.name != name)
            .map(|s| (s.name.clone(), s.parameters.clone()))
            .collect()
    };
    let (pa, pb) = (pool(ma), pool(mb));
    let d = PoolDiff {
        only_a: pa
            .keys()
            .filter(|k| !pb.contains_key(*k))
            .cloned()
            .collect(),
        only_b: pb
            .keys()
            .filter(|k| !pa.contains_key(*k))
            .cloned()
            .collect(),
        changed: pa
            .iter()
            .filter(|(k, v)| pb.get(*k).is_some_and(|w| w != *v))
            .map(|(k, _)| k.clone())
            .collect(),
    };
    (!(d.only_a.is_empty() && d.only_b.is_empty() && d.changed.is_empty())).then_some(d)
}

/// How two opponent pools differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolDiff {
    /// Opponents only in A.
    pub only_a: Vec<String>,
    /// Opponents only in B.
    pub only_b: Vec<String>,
    /// Opponents in both, with other parameters.
    pub changed: Vec<String>,
}

impl std::fmt::Display for PoolDiff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        for (label, v) in [
            ("only in A", &self.only_a),
            ("only in B", &self.only_b),
            ("other parameters in B", &self.changed),
        ] {
            if !v.is_empty() {
                parts.push(format!("{label}: {}", v.join(", ")));
            }
        }
        write!(f, "{}", parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With one value per cluster, the paired interval is that of the
    /// mean of the per-cluster differences.
    #[test]
    fn paired_diff_of_equal_clusters_is_the_mean_difference() {
        let ya = [1.0, 2.0, 3.0, 4.0];
        let yb = [1.5, 2.0, 4.0, 4.5];
        let n = [1.0; 4];
        let d = paired_diff(&ya, &n, &yb, &n);
        assert!((d.diff - 0.5).abs() < 1e-12);
        // differences 0.5, 0, 1, 0.5: sd sqrt(1/6), se sqrt(1/24)
        let want = Z95 * (1.0_f64 / 6.0).sqrt() / 2.0;
        assert!((d.ci95 - want).abs() < 1e-12, "{} vs {want}", d.ci95);
    }
}
