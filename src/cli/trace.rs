//! `negsim trace`: one negotiation as a transcript, and optionally its chart.

use super::args::TraceArgs;
use super::load;
use anyhow::Result;
use negsim::output::transcript;
use negsim::run::trace;
use std::io::Write;

pub fn trace(args: TraceArgs) -> Result<()> {
    let (mut cfg, file) = load(args.config.as_deref())?;
    if let Some(seed) = args.seed {
        cfg.seed = seed;
    }
    let exp = cfg.validate(&file)?;
    let a = trace::strategy_index(&exp, &args.a, "--a")?;
    let b = trace::strategy_index(&exp, &args.b, "--b")?;
    let t = trace::record(&exp, a, b, args.run);
    if let Some(file) = &args.chart {
        negsim::output::figures::write_trace_chart(&exp, &t, file)?;
    }
    std::io::stdout()
        .lock()
        .write_all(transcript::transcript(&exp, &t).as_bytes())?;
    if let Some(file) = &args.chart {
        eprintln!("Chart written to {}", file.display());
    }
    Ok(())
}
