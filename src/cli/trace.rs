//! `negsim trace`: one negotiation as a transcript, and optionally its chart.

use super::args::TraceArgs;
use super::load;
use anyhow::Result;
use negsim::output::{self, transcript};
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
        let ext = file
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if ext != "png" && ext != "svg" {
            return Err(negsim::Error::Usage(format!(
                "--chart {}: give a file name ending in .png or .svg",
                file.display()
            ))
            .into());
        }
        let data = negsim::output::figures::trace_chart(&exp, &t);
        let bytes = match ext.as_str() {
            "png" => negsim_chart::png_bytes(&data),
            _ => negsim_chart::svg_string(&data).map(String::into_bytes),
        }
        .map_err(|e| negsim::Error::Usage(format!("cannot draw {}: {e}", file.display())))?;
        output::write_atomic(file, &bytes)?;
    }
    std::io::stdout()
        .lock()
        .write_all(transcript::transcript(&exp, &t).as_bytes())?;
    if let Some(file) = &args.chart {
        eprintln!("Chart written to {}", file.display());
    }
    Ok(())
}
