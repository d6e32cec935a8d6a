//! What the commands do about external agents when they finish: the
//! forfeits, as a warning on stderr and as forfeits.csv in a results folder.

use negsim::agent::Forfeit;
use std::fmt::Write as _;

/// The header of forfeits.csv.
const HEADER: &str = "agent,opponent,side,seed,reason";

/// A CSV field, quoted when it must be.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// forfeits.csv: one row per forfeited negotiation.
pub fn forfeits_csv(forfeits: &[Forfeit]) -> String {
    let mut out = format!("{HEADER}\n");
    for f in forfeits {
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            field(&f.agent),
            field(&f.opponent),
            ["A", "B"][f.side],
            f.seed,
            field(&f.reason)
        );
    }
    out
}

/// Print a warning for each agent that forfeited (how many negotiations,
/// and the first reason), naming `file` where the list is, if any.
pub fn warn(forfeits: &[Forfeit], total: u64, file: Option<&str>) {
    let mut agents: Vec<&str> = forfeits.iter().map(|f| f.agent.as_str()).collect();
    agents.dedup();
    for a in agents {
        let mine: Vec<&Forfeit> = forfeits.iter().filter(|f| f.agent == a).collect();
        // The first real failure (the later ones only say it was not
        // started again).
        let first = mine
            .iter()
            .find(|f| !f.reason.starts_with(negsim::agent::GAVE_UP))
            .unwrap_or(&mine[0]);
        eprintln!(
            "warning: agent '{a}' forfeited {} of {total} negotiations (it walked away at its next formal decision){}; the first: {}",
            mine.len(),
            file.map(|f| format!(", listed in {f}")).unwrap_or_default(),
            first.reason
        );
    }
}
