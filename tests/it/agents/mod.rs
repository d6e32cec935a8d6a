//! External agents (docs/PROTOCOL.md): the example agents through `run`,
//! `trace` and `bench`; agents that sleep, crash or print garbage forfeit
//! and the run finishes; an agent cannot read the other side's value; bad
//! agent tables are clear errors.

mod auction;
mod bench;
mod config;
mod faults;
mod hosted;
mod multi;
mod privacy;
mod run;

use crate::helpers::*;
use std::path::{Path, PathBuf};

/// `examples/agents/NAME.py` of the repository.
pub fn example(name: &str) -> PathBuf {
    repo().join("examples/agents").join(format!("{name}.py"))
}

/// `tests/agents/NAME.py` of the repository (agents that misbehave).
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/agents").join(format!("{name}.py"))
}

/// A `[[strategy]]` table of an agent running `python3 SCRIPT ARGS...`.
pub fn agent_table(name: &str, script: &Path, args: &[&str], timeout: Option<f64>) -> String {
    let mut command = vec!["\"python3\"".to_string(), format!("{:?}", s(script))];
    command.extend(args.iter().map(|a| format!("{a:?}")));
    let timeout = timeout
        .map(|t| format!("timeout = {t}\n"))
        .unwrap_or_default();
    format!(
        "\n[[strategy]]\nname = \"{name}\"\ncommand = [{}]\n{timeout}",
        command.join(", ")
    )
}

/// A price config with `strategies` and the tables `tables`, `runs` per
/// pairing, written to `dir/NAME.toml`; `exchange` replaces the default
/// [exchange] table when given.
pub fn write_config(
    dir: &Path,
    name: &str,
    strategies: &[&str],
    runs: u64,
    exchange: Option<&str>,
    tables: &str,
) -> PathBuf {
    let list: Vec<String> = strategies.iter().map(|s| format!("{s:?}")).collect();
    let text = format!(
        "name = \"{name}\"\nruns = {runs}\nstrategies = [{}]\n\n[scenario]\nkind = \"price\"\n\
         buyer_value = {{ dist = \"uniform\", low = 40000, high = 60000 }}\n\
         seller_cost = {{ dist = \"uniform\", low = 40000, high = 60000 }}\n\n{}\n{tables}",
        list.join(", "),
        exchange.unwrap_or("")
    );
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, text).expect("write the config");
    path
}

/// The values of column `name` of a CSV file.
pub fn column(path: &Path, name: &str) -> Vec<String> {
    let (header, rows) = read_csv(path);
    let c = col(&header, name, &path.display().to_string());
    rows.into_iter().map(|r| r[c].clone()).collect()
}

/// The rows of runs.csv in which strategy `who` plays side A or B, with
/// the side, as (side, row as a header-keyed map).
pub fn runs_of(path: &Path, who: &str) -> Vec<(usize, std::collections::HashMap<String, String>)> {
    let (header, rows) = read_csv(path);
    let mut out = Vec::new();
    for r in rows {
        let m: std::collections::HashMap<String, String> =
            header.iter().cloned().zip(r.iter().cloned()).collect();
        for (side, key) in [(0, "strategy_a"), (1, "strategy_b")] {
            if m[key] == who {
                out.push((side, m.clone()));
            }
        }
    }
    out
}

/// The arguments of `negsim run CONFIG --out OUT --per-run --no-charts -q`.
pub fn per_run_args<'a>(cfg: &'a Path, out: &'a Path) -> [&'a str; 7] {
    [
        "run",
        s(cfg),
        "--out",
        s(out),
        "--per-run",
        "--no-charts",
        "-q",
    ]
}
