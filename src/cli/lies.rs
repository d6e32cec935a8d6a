//! `negsim lies`: how often a bluff of each size is caught, in a run and
//! over a match.

use super::args::LiesArgs;
use anyhow::Result;
use negsim::run::lies::{detection, to_csv};
use std::io::Write;

pub fn lies(args: LiesArgs) -> Result<()> {
    let (mut cfg, file) = super::load(args.config.as_deref())?;
    if let Some(seed) = args.seed {
        cfg.seed = seed;
    }
    if let Some(path) = &args.csv {
        negsim::output::results_dir::check_output_file(path, "--csv")?;
    }
    let rows = detection(&cfg, &file, args.runs, args.match_runs, &args.bluffs)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "How often {} (side A) is caught bluffing: {} single runs, and {} matches of {} runs with memory and debriefs, per cell (seed {})\n",
        negsim::run::lies::BLUFFER,
        args.runs,
        args.runs / u64::from(args.match_runs),
        args.match_runs,
        cfg.seed
    )?;
    writeln!(
        out,
        "{:<12} {:>6}  {:>25}  {:>11}  {:>22}  {:>11}  {:>17}",
        "listener",
        "bluff",
        "caught in a run [95%]",
        "false (run)",
        "caught in a match [95%]",
        "first catch",
        "trust start->end"
    )?;
    for r in &rows {
        let first = if r.first_catch_run.is_nan() {
            "-".to_string()
        } else {
            format!("run {:.1}", r.first_catch_run)
        };
        writeln!(
            out,
            "{:<12} {:>6.2}  {:>6.4} [{:.4}, {:.4}]  {:>11.4}  {:>5.3} [{:.3}, {:.3}]  {:>11}  {:>8.2} -> {:<6.2}",
            r.listener,
            r.bluff,
            r.caught_in_run,
            r.caught_in_run_ci95.0,
            r.caught_in_run_ci95.1,
            r.false_in_run,
            r.caught_in_match,
            r.caught_in_match_ci95.0,
            r.caught_in_match_ci95.1,
            first,
            r.trust_start,
            r.trust_end
        )?;
    }
    writeln!(
        out,
        "\n([low, high]: Wilson 95% intervals over the independent runs and matches. Within a run a bluff shifts every claim alike, so the claims agree with each other and \
         the test, set to accuse an honest noisy speaker in under 0.1% of runs, rarely fires; over a match the debrief \
         compares the claims with the revealed truth and trust falls run by run.)"
    )?;
    if let Some(path) = &args.csv {
        negsim::output::results_dir::write_atomic(path, to_csv(&rows).as_bytes())?;
        writeln!(out, "Table in {}", path.display())?;
    }
    Ok(())
}
