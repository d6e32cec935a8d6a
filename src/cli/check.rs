//! `negsim check`: validate a config and print it fully resolved.

use super::load;
use anyhow::Result;
use negsim::config;
use negsim::run::resources::Estimate;
use std::io::Write;
use std::path::Path;

pub fn check(path: &Path) -> Result<()> {
    let (cfg, file) = load(Some(path))?;
    let exp = cfg.validate(&file)?;
    if cfg.sweep.is_some() {
        // Every cell of the grid must be valid too (and the grid bounded),
        // and all of them fit in memory.
        let sweep = negsim::run::sweep::build(&cfg, &file)?;
        Estimate::sweep(&sweep).check(&file)?;
    } else {
        Estimate::run(&exp).check(&file)?;
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "# {file}: valid. Fully resolved: every default filled in, every"
    )?;
    writeln!(
        out,
        "# strategy a [[strategy]] table with all its parameters (a preset as"
    )?;
    writeln!(
        out,
        "# itself, name = base); edit any value and run this file as a config."
    )?;
    write!(out, "{}", config::resolved_toml(&exp))?;
    Ok(())
}
