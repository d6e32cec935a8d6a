//! How often a bluff is caught (`negsim lies`): a bluffer (the `probing`
//! preset, its bluff set to each size) on side A against each other
//! strategy of a config, in single runs and over matches with memory kept.
//!
//! Within a run, a listener tests each claim and offer against the honest
//! speaker model at a level that keeps false accusations of an honest,
//! noisy speaker below 0.1% of runs; a bluff shifts every claim by the same
//! amount, so the claims agree with each other and the test rarely fires.
//! Over a match, the debrief after each run compares the claims with the
//! revealed truth, and the listener's trust in the bluffer falls run by run:
//! that, not the in-run test, is where detection acts.

use crate::config::{Config, Experiment};
use crate::error::{Error, Result};
use crate::model::negotiation::{Quiet, Table};
use crate::run::tournament::run_rngs;
use rayon::prelude::*;

/// The bluffing strategy whose bluff is varied.
pub const BLUFFER: &str = "probing";

/// One row of the table: a listener facing a bluff of one size.
#[derive(Debug, Clone, PartialEq)]
pub struct DetectionRow {
    /// The listener (side B).
    pub listener: String,
    /// The bluff, in prior sds of the bluffer's reservation.
    pub bluff: f64,
    /// Single runs played, and the share in which the listener caught the
    /// bluffer lying (a true detection), with its Wilson 95% interval
    /// (low, high): the runs are independent, and a share of 0 or 1 still
    /// gets an interval of positive width.
    pub runs: u64,
    pub caught_in_run: f64,
    pub caught_in_run_ci95: (f64, f64),
    /// The share of single runs with a false accusation (the bluffer told
    /// the truth there).
    pub false_in_run: f64,
    /// Matches played, their length, the share of matches in which the
    /// listener caught a lie in some run (with its Wilson 95% interval over
    /// the independent matches), and the mean run (from 1) of the first
    /// catch among those.
    pub matches: u64,
    pub match_runs: u32,
    pub caught_in_match: f64,
    pub caught_in_match_ci95: (f64, f64),
    pub first_catch_run: f64,
    /// The listener's trust in the bluffer at the start and at the end of a
    /// match (after the last debrief), mean over matches.
    pub trust_start: f64,
    pub trust_end: f64,
}

/// A share of independent trials and its Wilson 95% interval (low, high).
/// The normal approximation (`p ± 1.96 sqrt(p (1 - p) / n)`) gives a share
/// of 0 or 1 an interval of width 0, as if it were certain; Wilson's does
/// not.
pub fn share(hits: usize, n: usize) -> (f64, (f64, f64)) {
    let n = n.max(1) as f64;
    let p = hits as f64 / n;
    let z = 1.959_963_984_540_054;
    let d = 1.0 + z * z / n;
    let c = (p + z * z / (2.0 * n)) / d;
    let h = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / d;
    // Mathematically low <= p <= high; keep it so in floating point (at
    // p = 0 the low end is 1e-19, not 0).
    (p, ((c - h).clamp(0.0, p), (c + h).clamp(p, 1.0)))
}

/// The detection table for `config` (its scenario, exchange and protocol;
/// its strategies other than the bluffer are the listeners), `runs` single
/// runs and `runs / match_runs` matches per cell.
pub fn detection(
    config: &Config,
    file: &str,
    runs: u64,
    match_runs: u32,
    bluffs: &[f64],
) -> Result<Vec<DetectionRow>> {
    if !config.strategies.iter().any(|s| s == BLUFFER) {
        return Err(Error::invalid(
            file,
            "strategies",
            format!("{:?}", config.strategies),
            "negsim lies needs the probing preset among the strategies (it is the bluffer)",
        ));
    }
    if match_runs < 2 || u64::from(match_runs) > runs {
        return Err(Error::Usage(format!(
            "--match-runs {match_runs}: a match needs at least 2 runs and at most --runs ({runs})"
        )));
    }
    let mut rows = Vec::new();
    for &bluff in bluffs {
        if !(0.0..=10.0).contains(&bluff) {
            return Err(Error::Usage(format!(
                "--bluffs: {bluff} is not a bluff size in prior sds (0 to 10)"
            )));
        }
        let single = with_bluff(config, file, bluff, 1)?;
        let matched = with_bluff(config, file, bluff, match_runs)?;
        for listener in config.strategies.iter().filter(|s| *s != BLUFFER) {
            rows.push(row(&single, &matched, listener, bluff, runs, match_runs));
        }
    }
    Ok(rows)
}

/// The experiment with the bluffer's bluff set and matches of `e` runs.
fn with_bluff(config: &Config, file: &str, bluff: f64, e: u32) -> Result<Experiment> {
    let mut root =
        toml::Value::try_from(config).map_err(|err| Error::Usage(format!("{file}: {err}")))?;
    crate::run::sweep::set(
        &mut root,
        &format!("strategy.{BLUFFER}.bluff"),
        toml::Value::Float(bluff),
        file,
    )?;
    crate::run::sweep::set(
        &mut root,
        "match.runs",
        toml::Value::Integer(e.into()),
        file,
    )?;
    let c: Config = root
        .try_into()
        .map_err(|err: toml::de::Error| Error::Usage(format!("{file}: {err}")))?;
    c.validate(file)
}

fn table<'a>(e: &'a Experiment, listener: &str) -> Table<'a> {
    let idx = |s: &str| e.strategy_index(s).expect("the strategy is in the config");
    e.table(idx(BLUFFER), idx(listener))
}

fn row(
    single: &Experiment,
    matched: &Experiment,
    listener: &str,
    bluff: f64,
    runs: u64,
    match_runs: u32,
) -> DetectionRow {
    let t = table(single, listener);
    let one: Vec<(bool, bool)> = (0..runs as usize)
        .into_par_iter()
        .with_min_len(256)
        .map(|i| {
            let (mut v, mut r) = run_rngs(single.seed, i as u64);
            let p = single.scenario.draw(&mut v);
            let o = t.play(&p, &mut t.new_memories(), &mut r, &mut Quiet);
            (o.lies_detected[1] > 0, o.false_detections[1] > 0)
        })
        .collect();
    let (caught, caught_ci) = share(one.iter().filter(|x| x.0).count(), one.len());
    let (false_in_run, _) = share(one.iter().filter(|x| x.1).count(), one.len());
    let t = table(matched, listener);
    let e = u64::from(match_runs);
    let matches = runs / e;
    // Per match: the run of the first catch (0: none), trust at start and end.
    let per_match: Vec<(u32, f64, f64)> = (0..matches)
        .into_par_iter()
        .map(|m| {
            let mut memory = t.new_memories();
            let start = memory[1].trust;
            let mut first = 0;
            let mut end = start;
            for k in 0..e {
                let (mut v, mut r) = run_rngs(matched.seed, m * e + k);
                let p = matched.scenario.draw(&mut v);
                let o = t.play(&p, &mut memory, &mut r, &mut Quiet);
                if first == 0 && o.lies_detected[1] > 0 {
                    first = k as u32 + 1;
                }
                end = o.trust[1];
            }
            (first, start, end)
        })
        .collect();
    let n = per_match.len().max(1) as f64;
    let hits: Vec<u32> = per_match.iter().map(|x| x.0).filter(|&f| f > 0).collect();
    let (in_match, in_match_ci) = share(hits.len(), per_match.len());
    DetectionRow {
        listener: listener.to_string(),
        bluff,
        runs,
        caught_in_run: caught,
        caught_in_run_ci95: caught_ci,
        false_in_run,
        matches,
        match_runs,
        caught_in_match: in_match,
        caught_in_match_ci95: in_match_ci,
        first_catch_run: if hits.is_empty() {
            f64::NAN
        } else {
            hits.iter().map(|&f| f as f64).sum::<f64>() / hits.len() as f64
        },
        trust_start: per_match.iter().map(|x| x.1).sum::<f64>() / n,
        trust_end: per_match.iter().map(|x| x.2).sum::<f64>() / n,
    }
}

/// The rows as CSV (one header line).
pub fn to_csv(rows: &[DetectionRow]) -> String {
    let mut s = String::from(
        "listener,bluff_sd,runs,caught_in_run,caught_in_run_ci95_low,caught_in_run_ci95_high,false_accusation_in_run,matches,match_runs,caught_in_match,caught_in_match_ci95_low,caught_in_match_ci95_high,first_catch_run_mean,trust_start,trust_end\n",
    );
    for r in rows {
        s.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            r.listener,
            r.bluff,
            r.runs,
            r.caught_in_run,
            r.caught_in_run_ci95.0,
            r.caught_in_run_ci95.1,
            r.false_in_run,
            r.matches,
            r.match_runs,
            r.caught_in_match,
            r.caught_in_match_ci95.0,
            r.caught_in_match_ci95.1,
            if r.first_catch_run.is_nan() {
                String::new()
            } else {
                r.first_catch_run.to_string()
            },
            r.trust_start,
            r.trust_end
        ));
    }
    s
}
