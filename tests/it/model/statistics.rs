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

/// Per-cluster (match) surplus totals and negotiation counts of each
/// strategy, recomputed from the outcomes: every opponent, both sides.
fn cluster_totals(exp: &Experiment, outcomes: &[Vec<Outcome>]) -> Vec<(Vec<f64>, Vec<f64>)> {
    let k = exp.strategies.len();
    let e = exp.match_runs as usize;
    let clusters = (exp.runs as usize).div_ceil(e);
    let mut t = vec![(vec![0.0; clusters], vec![0.0; clusters]); k];
    for (p, os) in outcomes.iter().enumerate() {
        for (run, o) in os.iter().enumerate() {
            for (side, s) in [(0, p / k), (1, p % k)] {
                t[s].0[run / e] += o.surplus[side];
                t[s].1[run / e] += 1.0;
            }
        }
    }
    t
}

/// The ratio estimator `sum y / sum n` over cluster totals and the
/// half-width of its cluster-robust 95% interval.
fn ratio(y: &[f64], n: &[f64]) -> (f64, f64) {
    let (sy, sn): (f64, f64) = (y.iter().sum(), n.iter().sum());
    let m = sy / sn;
    let ss: f64 = y.iter().zip(n).map(|(y, n)| (y - m * n).powi(2)).sum();
    let c = y.len() as f64;
    (m, 1.959_963_984_540_054 * (c / (c - 1.0) * ss).sqrt() / sn)
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
    // Matches of 1100 runs are played in lock step (pairing by pairing,
    // range by range); the last of the three is cut short.
    for (match_runs, runs) in [(1, 600), (4, 600), (1100, 2300)] {
        let mut exp = price(&format!("[match]\nruns = {match_runs}\n"), &[]);
        exp.runs = runs;
        let (res, outcomes) = play(&exp, true);
        let totals = cluster_totals(&exp, &outcomes);
        let rank = ranking(&res);
        for r in &rank {
            let (y, n) = &totals[r.index];
            let (mean, ci) = ratio(y, n);
            assert_eq!(r.clusters, runs.div_ceil(match_runs as u64));
            assert!(
                close(r.surplus_ci95, ci),
                "{} (match {match_runs}): {} vs {ci}",
                r.strategy,
                r.surplus_ci95
            );
            assert!(close(r.surplus_mean, mean));
        }
        let idx = |name: &str| res.names.iter().position(|n| n == name).unwrap();
        for c in comparison_rows(&res) {
            let (s, t) = (idx(&c.strategy), idx(&c.versus));
            let y: Vec<f64> = totals[s]
                .0
                .iter()
                .zip(&totals[t].0)
                .map(|(a, b)| a - b)
                .collect();
            let (d, ci) = ratio(&y, &totals[s].1);
            assert!(close(c.difference, d), "{c:?}");
            assert!(close(c.difference_ci95, ci), "{c:?}");
            // The p-value follows the t statistic (tables: 5% two-sided at
            // |t| = 1.960 for infinitely many degrees of freedom, 1.976 for
            // 149; between the two the verdict depends on the clusters).
            let t = d / (ci / 1.959_963_984_540_054);
            if t.abs() > 1.98 || t.abs() < 1.96 {
                assert_eq!(c.p_value < 0.05, t.abs() > 1.98, "{c:?} t = {t}");
            }
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

/// Long matches are played in lock step: each pairing's statistics are
/// exactly those of the pairing played alone, run after run.
#[test]
fn long_matches_played_in_lock_step_give_each_pairing_its_sequential_statistics() {
    let mut exp = price("[match]\nruns = 5000\n", &[]);
    exp.strategies.truncate(2);
    exp.strategies.swap(0, 1);
    exp.runs = 10_300;
    let (res, outcomes) = play(&exp, true);
    for p in &res.pairs {
        let (alone, os) = negsim::run::tournament::play_pairing(&exp, p.a, p.b, 0, exp.runs, true);
        assert!(alone == p.stats, "{} vs {}", p.a, p.b);
        assert_eq!(os.len(), 10_300);
        let mine = &outcomes[p.a * 2 + p.b];
        // Debug text: equal NaN fields (no deal, no zone) compare equal.
        assert!(
            os.iter()
                .zip(mine)
                .all(|(x, y)| format!("{x:?}") == format!("{y:?}"))
        );
    }
}

/// A copy of a strategy ties with it: the difference is exactly 0 in
/// every match (not rounding noise), and the verdict says so.
#[test]
fn a_copy_of_a_strategy_ties_with_it() {
    let mut exp = price(
        "[[strategy]]\nname = \"twin\"\nbase = \"open\"\n",
        &["twin"],
    );
    exp.runs = 300;
    let (res, _) = play(&exp, false);
    let rows = comparison_rows(&res);
    let tie = rows
        .iter()
        .find(|c| {
            [c.strategy.as_str(), c.versus.as_str()] == ["open", "twin"]
                || [c.strategy.as_str(), c.versus.as_str()] == ["twin", "open"]
        })
        .expect("open vs twin");
    assert_eq!(tie.difference, 0.0, "{tie:?}");
    assert_eq!(tie.verdict, "tie", "{tie:?}");
    assert!(tie.p_value.is_nan() && tie.p_holm.is_nan());
    // The others are still compared.
    assert!(rows.iter().filter(|c| c.verdict == "tie").count() == 1);
}
