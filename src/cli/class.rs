//! `negsim class`: a class's play records as a table and a chart.

use anyhow::Result;
use clap::Args;
use negsim::output::figures::color_index;
use negsim::play::class;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ClassArgs {
    /// Play records (JSON files written by `negsim play` or `negsim serve`),
    /// or folders of them.
    #[arg(required = true, value_name = "RECORDS")]
    pub records: Vec<PathBuf>,
    /// The chart file (.png or .svg).
    #[arg(long, value_name = "FILE", default_value = "class.png")]
    pub chart: PathBuf,
}

pub fn class(args: ClassArgs) -> Result<()> {
    let found = class::read_class(&args.records)?;
    // Files in the folders that are not records: named, not fatal.
    for s in &found.skipped {
        eprintln!("{}", s.line());
    }
    let records = found.records;
    let names: Vec<String> = Vec::new();
    let data = class::chart(&records, &|s| color_index(&names, s));
    class::write_chart(&data, &args.chart)?;
    let mut out = std::io::stdout().lock();
    write!(out, "{}", class::table(&records))?;
    writeln!(out, "\nChart written to {}", args.chart.display())?;
    Ok(())
}
