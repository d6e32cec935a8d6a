//! `negsim plot` and `negsim report`: redraw the charts of a results folder
//! (a tournament's or a sweep's), and write its report. Both hold the
//! folder's lock from their reading to their writing and never write
//! through a symbolic link in it ([`negsim::output::results_dir::guard`]).

use anyhow::Result;
use negsim::output::results_dir::guard::{self, Held};
use std::path::Path;
use std::time::Duration;

/// How long a command waits for a results folder another negsim process
/// holds: `NEGSIM_LOCK_WAIT` seconds, else 300.
pub(crate) fn lock_wait() -> Duration {
    let secs = std::env::var("NEGSIM_LOCK_WAIT")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(300);
    Duration::from_secs(secs)
}

/// Hold the results folder `dir` (see [`guard::hold`]) and refuse links at
/// the `names` the command writes.
pub(crate) fn hold(dir: &Path, names: &[&str]) -> Result<Held> {
    let held = guard::hold(dir, lock_wait())?;
    if dir.is_dir() {
        guard::refuse_links(dir, names)?;
    }
    Ok(held)
}

pub fn plot(results: &Path, x: Option<&str>) -> Result<()> {
    let start = std::time::Instant::now();
    let held = hold(results, &["charts"])?;
    let drawn = negsim::output::results_dir::redraw_x(results, x)?;
    held.check_unchanged()?;
    println!(
        "Redrew {} charts (PNG and SVG) in {}/charts/ in {:.2} s",
        drawn.len(),
        results.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

pub fn report(results: &Path) -> Result<()> {
    let held = hold(
        results,
        &["report.html", "report.md", "manifest.json", "charts"],
    )?;
    let (h, m) = negsim::output::report::write_checked(results, &|| held.check_unchanged())?;
    println!("Wrote {} and {}", h.display(), m.display());
    Ok(())
}
