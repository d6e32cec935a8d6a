//! `negsim trace`: one negotiation as a transcript (text, Markdown, HTML or
//! JSON), optionally the first run where something happens, and its chart.

use super::args::{Find, Format, TraceArgs};
use super::load;
use anyhow::Result;
use negsim::config::Experiment;
use negsim::output::transcript;
use negsim::run::trace::{self, Happening};
use std::io::Write;

pub fn trace(args: TraceArgs) -> Result<()> {
    let (mut cfg, file) = load(args.config.as_deref())?;
    if let Some(seed) = args.seed {
        cfg.seed = seed;
    }
    let exp = cfg.validate(&file)?;
    let index = |name: &str, flag: &str| {
        trace::strategy_index(&exp, name, flag).map_err(|e| {
            // A strategy of a config is unknown without the config.
            let line = format!("negsim trace --a {} --b {}", args.a, args.b);
            super::unknown_without_config(e, args.config.is_some(), &line)
        })
    };
    let a = index(&args.a, "--a")?;
    let b = index(&args.b, "--b")?;
    let run = match args.find {
        Some(find) => found(&exp, a, b, find, args.limit)?,
        None => args.run,
    };
    let t = trace::record(&exp, a, b, run);
    if let Some(file) = &args.chart {
        negsim::output::figures::write_trace_chart(&exp, &t, file)?;
    }
    let text = transcript::transcript(&exp, &t);
    let shown = match args.format {
        Format::Text => text,
        Format::Md => transcript::markdown(&text),
        Format::Html => transcript::html(&text),
        Format::Json => transcript::json(&exp, &t, &text),
    };
    std::io::stdout().lock().write_all(shown.as_bytes())?;
    if let Some(file) = &args.chart {
        eprintln!("Chart written to {}", file.display());
    }
    Ok(())
}

/// Most runs `--find` searches (a search is one thread, a few microseconds
/// a run: beyond this a typo like an extra zero would run for hours).
const MAX_LIMIT: u64 = 100_000_000;

/// The first run with `find` among runs 0..limit, said on stderr, or an
/// error naming the pairing and the runs searched.
fn found(exp: &Experiment, a: usize, b: usize, find: Find, limit: u64) -> Result<u64> {
    let what = match find {
        Find::CaughtLie => Happening::CaughtLie,
        Find::Leak => Happening::Leak,
        Find::WalkAway => Happening::WalkAway,
        Find::NoDeal => Happening::NoDeal,
        Find::Bluff => Happening::Bluff,
    };
    let pairing = format!(
        "{} vs {}",
        exp.strategies[a].name(),
        exp.strategies[b].name()
    );
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(negsim::Error::Usage(format!(
            "--limit {limit}: --find searches 1 to 100,000,000 runs (that many take minutes to half an hour)"
        ))
        .into());
    }
    match trace::find(exp, a, b, what, limit) {
        Some(run) => {
            eprintln!(
                "Run {run} is the first run of {pairing} with {} (seed {}); `--run {run}` shows it again.",
                what.describe(),
                exp.seed
            );
            Ok(run)
        }
        None => Err(negsim::Error::Usage(format!(
            "--find: no run of {pairing} among runs 0 to {} has {} (seed {}); try another pairing, --seed, or a larger --limit",
            limit - 1,
            what.describe(),
            exp.seed
        ))
        .into()),
    }
}
