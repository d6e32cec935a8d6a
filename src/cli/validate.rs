//! `negsim validate`: the theory checks.

use anyhow::Result;
use negsim::run::theory::IDS;
use std::io::Write;

/// The check `--only` names, in any case (`t11` is T11), or an error with
/// the nearest name.
fn check_id(id: &str) -> Result<&'static str, negsim::Error> {
    let want = id.trim().to_uppercase();
    if let Some(k) = IDS.iter().find(|k| **k == want) {
        return Ok(k);
    }
    let hint = negsim::error::nearest(&want, IDS)
        .map(|n| format!("did you mean '{n}'? "))
        .unwrap_or_default();
    Err(negsim::Error::Usage(format!(
        "--only: unknown check '{id}'; {hint}the checks are {}",
        IDS.join(", ")
    )))
}

pub fn validate(seed: u64, only: &[String]) -> Result<()> {
    let start = std::time::Instant::now();
    let checks = if only.is_empty() {
        negsim::run::theory::run_all(seed)?
    } else {
        // Every name is checked before any check runs (a typo after a slow
        // check is not found only once that check is done).
        let ids = only
            .iter()
            .map(|id| check_id(id))
            .collect::<Result<Vec<_>, _>>()?;
        let mut checks = Vec::new();
        for id in ids {
            checks.extend(negsim::run::theory::run_check(id, seed, &[])?);
        }
        checks
    };
    let mut out = std::io::stdout().lock();
    write!(out, "{}", negsim::run::theory::table(&checks))?;
    let failed = checks.iter().filter(|c| !c.pass()).count();
    let judged = |unit: bool| {
        checks
            .iter()
            .filter(|c| c.unit() == unit && c.kind != negsim::run::theory::Kind::Report)
            .count()
    };
    writeln!(
        out,
        "\n{} model checks and {} unit checks (formulas with no agents: T6, FD), {} failed, seed {seed}, {:.1} s",
        judged(false),
        judged(true),
        failed,
        start.elapsed().as_secs_f64()
    )?;
    if failed > 0 {
        anyhow::bail!("{failed} of {} theory checks failed", checks.len());
    }
    Ok(())
}
