//! `negsim plot` and `negsim report`: redraw the charts of a results folder
//! (a tournament's or a sweep's), and write its report.

use anyhow::Result;
use std::path::Path;

pub fn plot(results: &Path) -> Result<()> {
    let start = std::time::Instant::now();
    let drawn = negsim::output::results_dir::redraw(results)?;
    println!(
        "Redrew {} charts (PNG and SVG) in {}/charts/ in {:.2} s",
        drawn.len(),
        results.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

pub fn report(results: &Path) -> Result<()> {
    let (h, m) = negsim::output::report::write(results)?;
    println!("Wrote {} and {}", h.display(), m.display());
    Ok(())
}
