//! The tournament's intervals respect its design: every pairing faces run
//! i's private values, so a strategy's mean is clustered by run (match) and
//! strategies are compared by paired differences.
//!
//! - the streamed clustered statistics equal a recomputation from the
//!   per-run outcomes (exact bookkeeping);
//! - across independent seeds, the spread of the means is what the clustered
//!   intervals promise, and not what intervals that treat negotiations as
//!   independent promise (which shows that the check can fail);
//! - with matches, the cluster is the match.

use super::{Z, price};
use negsim::config::Experiment;
use negsim::model::negotiation::Outcome;
use negsim::output::tables::{comparison_rows, ranking};
use negsim::run::stats::Moments;
use negsim::run::tournament::{self, RunOptions, RunSink, TournamentResult};

/// Keeps every outcome by pairing.
struct Keep {
    k: usize,
    outcomes: Vec<Vec<Outcome>>,
}

impl RunSink for Keep {
    fn runs(&mut self, a: usize, b: usize, first: u64, os: &[Outcome]) -> negsim::Result<()> {
        let v = &mut self.outcomes[a * self.k + b];
        assert_eq!(v.len() as u64, first, "runs arrive in order per pairing");
        v.extend_from_slice(os);
        Ok(())
    }
}

fn play(exp: &Experiment, keep: bool) -> (TournamentResult, Vec<Vec<Outcome>>) {
    let k = exp.strategies.len();
    let mut sink = Keep {
        k,
        outcomes: vec![Vec::new(); k * k],
    };
    let res = tournament::run(
        exp,
        RunOptions::default(),
        &|_| {},
        keep.then_some(&mut sink as &mut dyn RunSink),
    )
    .unwrap();
    (res, sink.outcomes)
}

/// Per-cluster (match) mean surplus of each strategy, recomputed from the
/// outcomes: every opponent, both sides.
fn cluster_means(exp: &Experiment, outcomes: &[Vec<Outcome>]) -> Vec<Vec<f64>> {
    let k = exp.strategies.len();
    let e = exp.match_runs as usize;
    let clusters = (exp.runs as usize).div_ceil(e);
    let mut sum = vec![vec![0.0; clusters]; k];
    let mut n = vec![vec![0.0; clusters]; k];
    for (p, os) in outcomes.iter().enumerate() {
        for (run, o) in os.iter().enumerate() {
            for (side, s) in [(0, p / k), (1, p % k)] {
                sum[s][run / e] += o.surplus[side];
                n[s][run / e] += 1.0;
            }
        }
    }
    (0..k)
        .map(|s| (0..clusters).map(|c| sum[s][c] / n[s][c]).collect())
        .collect()
}

fn moments(xs: impl IntoIterator<Item = f64>) -> Moments {
    let mut m = Moments::default();
    xs.into_iter().for_each(|x| m.push(x));
    m
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

#[test]
fn clustered_intervals_and_paired_differences_match_a_recomputation_from_the_runs() {
    for match_runs in [1, 4] {
        let mut exp = price(&format!("[match]\nruns = {match_runs}\n"), &[]);
        exp.runs = 600;
        let (res, outcomes) = play(&exp, true);
        let means = cluster_means(&exp, &outcomes);
        let rank = ranking(&res);
        for r in &rank {
            let m = moments(means[r.index].iter().copied());
            assert_eq!(r.clusters, 600 / match_runs as u64);
            assert!(
                close(r.surplus_ci95, m.ci95()),
                "{} (match {match_runs}): {} vs {}",
                r.strategy,
                r.surplus_ci95,
                m.ci95()
            );
            assert!(close(r.surplus_mean, m.mean()));
        }
        let idx = |name: &str| res.names.iter().position(|n| n == name).unwrap();
        for c in comparison_rows(&res) {
            let (s, t) = (idx(&c.strategy), idx(&c.versus));
            let d = moments(means[s].iter().zip(&means[t]).map(|(x, y)| x - y));
            assert!(close(c.difference, d.mean()), "{c:?}");
            assert!(close(c.difference_ci95, d.ci95()), "{c:?}");
            assert!(
                c.p_value > 0.0 && c.p_value <= 1.0 || c.p_value == 0.0,
                "{c:?}"
            );
            assert!(c.p_holm >= c.p_value, "{c:?}");
            // Better-ranked first.
            assert!(c.difference >= 0.0, "{c:?}");
        }
        assert_eq!(comparison_rows(&res).len(), 6);
    }
}

/// Across 60 seeds of 200 runs, each strategy's mean surplus and each paired difference
/// scatter as the clustered intervals say (sd across seeds = ci95 / 1.96,
/// within sampling error); intervals that count every negotiation as
/// independent are far too narrow and fail the same check.
#[test]
fn clustered_intervals_have_the_spread_of_independent_replications_and_naive_ones_do_not() {
    let seeds = 60;
    let mut base = price("", &[]);
    base.strategies.truncate(3); // open, guarded, mirroring: fast
    base.runs = 200;
    let k = base.strategies.len();
    let mut means = vec![Moments::default(); k];
    let mut diffs = vec![Moments::default(); k * k];
    let (mut clustered, mut naive) = (vec![Moments::default(); k], vec![Moments::default(); k]);
    let mut paired = vec![Moments::default(); k * k];
    for seed in 0..seeds {
        let mut exp = base.clone();
        exp.seed = 77_000 + seed;
        let (res, _) = play(&exp, false);
        for r in ranking(&res) {
            means[r.index].push(r.surplus_mean);
            clustered[r.index].push(r.surplus_ci95 / 1.96);
            naive[r.index].push(r.surplus_sd / (r.runs as f64).sqrt());
        }
        for s in 0..k {
            for t in s + 1..k {
                let p = res.paired(s, t);
                diffs[s * k + t].push(p.diff.mean());
                paired[s * k + t].push(p.diff.ci95() / 1.96);
            }
        }
    }
    // The sd of 60 normal means is within about +-9% of the truth (one
    // standard error); allow 3.3 of them.
    let tol = Z / (2.0 * (seeds - 1) as f64).sqrt();
    for s in 0..k {
        let ratio = means[s].sd() / clustered[s].mean();
        assert!(
            (ratio - 1.0).abs() < tol,
            "{}: sd across seeds / clustered se = {ratio}",
            base.strategies[s].name()
        );
        let naive_ratio = means[s].sd() / naive[s].mean();
        assert!(
            naive_ratio - 1.0 > tol,
            "{}: independent-negotiation se should be too small: ratio {naive_ratio}",
            base.strategies[s].name()
        );
        for t in s + 1..k {
            let ratio = diffs[s * k + t].sd() / paired[s * k + t].mean();
            assert!((ratio - 1.0).abs() < tol, "{s} - {t}: ratio {ratio}");
        }
    }
}

/// Cluster-robust half-width of the mean of `values` grouped by `cluster`
/// (the ratio estimator over cluster totals).
fn cluster_ci95(values: &[(usize, f64)], clusters: usize) -> f64 {
    let (mut y, mut n) = (vec![0.0; clusters], vec![0.0; clusters]);
    for &(c, v) in values {
        y[c] += v;
        n[c] += 1.0;
    }
    let (sy, sn): (f64, f64) = (y.iter().sum(), n.iter().sum());
    let m = sy / sn;
    let ss: f64 = y.iter().zip(&n).map(|(y, n)| (y - m * n).powi(2)).sum();
    let c = clusters as f64;
    1.959_963_984_540_054 * (c / (c - 1.0) * ss).sqrt() / sn
}

#[test]
fn a_pairings_intervals_are_clustered_by_match_when_matches_have_several_runs() {
    for match_runs in [1usize, 5] {
        let mut exp = price(&format!("[match]\nruns = {match_runs}\n"), &[]);
        exp.runs = 500;
        let (res, outcomes) = play(&exp, true);
        let rows = negsim::output::tables::summary_rows(&res);
        let clusters = 500 / match_runs;
        for (p, os) in outcomes.iter().enumerate() {
            let row = &rows[p];
            let by_run = |f: &dyn Fn(&Outcome) -> Option<f64>| -> Vec<(usize, f64)> {
                os.iter()
                    .enumerate()
                    .filter_map(|(r, o)| f(o).map(|v| (r / match_runs, v)))
                    .collect()
            };
            let surplus = by_run(&|o| Some(o.surplus[0]));
            let deal_zopa = by_run(&|o| o.zopa.then_some(if o.deal { 1.0 } else { 0.0 }));
            let share = by_run(&|o| o.share_a.is_finite().then_some(o.share_a));
            if match_runs == 1 {
                // Independent runs: the textbook interval.
                let m = moments(surplus.iter().map(|x| x.1));
                assert!(close(row.surplus_a_ci95, m.ci95()), "{row:?}");
            } else {
                for (got, values) in [
                    (row.surplus_a_ci95, &surplus),
                    (row.deal_rate_given_zopa_ci95, &deal_zopa),
                    (row.share_a_ci95, &share),
                ] {
                    let want = cluster_ci95(values, clusters);
                    assert!(
                        close(got, want) || (got.is_nan() && want.is_nan()),
                        "{} vs {}: {got} vs {want}",
                        row.strategy_a,
                        row.strategy_b
                    );
                }
            }
        }
    }
}
