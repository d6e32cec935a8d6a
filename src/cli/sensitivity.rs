//! `negsim sensitivity`: the ranking and the outcome levels under every
//! design and ablation of MODEL.md 10.5.

use super::args::SensitivityArgs;
use anyhow::Result;
use negsim::run::sensitivity::{sensitivity as run_all, to_csv, to_markdown};
use std::io::Write;

pub fn sensitivity(args: SensitivityArgs) -> Result<()> {
    let (mut cfg, file) = super::load(args.config.as_deref())?;
    if let Some(seed) = args.seed {
        cfg.seed = seed;
    }
    // Output paths are checked before the designs run, so that a bad one
    // neither wastes the run nor leaves one table written and not the other.
    for (path, flag) in [(&args.csv, "--csv"), (&args.markdown, "--markdown")] {
        if let Some(path) = path {
            negsim::output::results_dir::check_output_file(path, flag)?;
        }
    }
    let start = std::time::Instant::now();
    let rows = run_all(&cfg, &file, args.runs, args.threads as usize, &|k, n| {
        eprintln!("design {}/{n}", k + 1);
    })?;
    eprintln!(
        "{} designs in {:.1} s",
        rows.len(),
        start.elapsed().as_secs_f64()
    );
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Sensitivity of {} (seed {}, {} runs per pairing and design)\n",
        file, cfg.seed, args.runs
    )?;
    write!(out, "{}", to_markdown(&rows))?;
    if let Some(path) = &args.csv {
        negsim::output::results_dir::write_atomic(path, to_csv(&rows).as_bytes())?;
        writeln!(out, "\nTable in {}", path.display())?;
    }
    if let Some(path) = &args.markdown {
        negsim::output::results_dir::write_atomic(path, to_markdown(&rows).as_bytes())?;
        writeln!(out, "Markdown in {}", path.display())?;
    }
    Ok(())
}
