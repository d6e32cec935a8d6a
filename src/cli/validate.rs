//! `negsim validate`: the theory checks.

use anyhow::Result;
use std::io::Write;

pub fn validate(seed: u64, only: &[String]) -> Result<()> {
    let start = std::time::Instant::now();
    let checks = if only.is_empty() {
        negsim::run::theory::run_all(seed)?
    } else {
        let mut checks = Vec::new();
        for id in only {
            checks.extend(negsim::run::theory::run_check(id.trim(), seed, &[])?);
        }
        checks
    };
    let mut out = std::io::stdout().lock();
    write!(out, "{}", negsim::run::theory::table(&checks))?;
    let failed = checks.iter().filter(|c| !c.pass()).count();
    writeln!(
        out,
        "\n{} checks, {} failed, seed {seed}, {:.1} s",
        checks.len(),
        failed,
        start.elapsed().as_secs_f64()
    )?;
    if failed > 0 {
        anyhow::bail!("{failed} of {} theory checks failed", checks.len());
    }
    Ok(())
}
