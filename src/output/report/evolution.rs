//! The population sections of a tournament's report when `negsim evolve`
//! ran on its folder: the charts of the replicator dynamics and of a Moran
//! run, each with a paragraph stating what it shows (who takes over, by
//! which generation; which mutants invade), from `evolution.csv` and
//! `fixation.csv`.

use super::Block;
use super::numbers::p_value;
use crate::error::Result;
use crate::output::figures::redraw_evolution;
use crate::output::format::pct;
use crate::output::tables::{self, EvolutionRow, FixationRow};
use std::path::Path;

/// Shares above this are "taking over".
const TAKEN_OVER: f64 = 0.99;
/// Shares closer than this to their final value have settled.
const SETTLED: f64 = 0.005;

/// What `negsim evolve` wrote into a results folder.
pub(super) struct Evolution {
    rows: Vec<EvolutionRow>,
    fixation: Vec<FixationRow>,
}

/// `evolution.csv` and `fixation.csv` of `dir`, if `negsim evolve` ran
/// on it (drawing its charts if they are missing).
pub(super) fn read(dir: &Path) -> Result<Option<Evolution>> {
    if !dir.join("evolution.csv").is_file() {
        return Ok(None);
    }
    let rows = tables::read(dir, "evolution.csv")?;
    let fixation = tables::read(dir, "fixation.csv")?;
    let charts = dir.join("charts");
    if [
        "evolution.svg",
        "evolution_moran.svg",
        "evolution.png",
        "evolution_moran.png",
    ]
    .iter()
    .any(|f| !charts.join(f).is_file())
    {
        redraw_evolution(dir)?;
    }
    Ok(Some(Evolution { rows, fixation }))
}

/// Generations of run 0 of `process`: (generation, [(strategy, share)]).
fn trajectory<'a>(rows: &'a [EvolutionRow], process: &str) -> Vec<(usize, Vec<(&'a str, f64)>)> {
    let mut out: Vec<(usize, Vec<(&str, f64)>)> = Vec::new();
    for r in rows.iter().filter(|r| r.process == process && r.run == 0) {
        match out.last_mut() {
            Some((g, v)) if *g == r.generation => v.push((&r.strategy, r.share)),
            _ => out.push((r.generation, vec![(&r.strategy, r.share)])),
        }
    }
    out
}

/// What a trajectory ends in, in words: who takes over and by which
/// generation, or the mix it settles into.
fn outcome(traj: &[(usize, Vec<(&str, f64)>)]) -> String {
    let Some((last_gen, last)) = traj.last() else {
        return "The file holds no generations of this process.".into();
    };
    let mut finals = last.clone();
    finals.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (top, top_share) = finals[0];
    if top_share >= TAKEN_OVER {
        let by = traj
            .iter()
            .find(|(_, v)| v.iter().any(|(s, x)| *s == top && *x >= TAKEN_OVER))
            .map_or(*last_gen, |(g, _)| *g);
        return format!(
            "{top} takes over: its share passes {} by generation {by} and is {} at generation {last_gen}.",
            pct(TAKEN_OVER),
            pct(top_share)
        );
    }
    // The first generation from which every share stays near its final value.
    let settled = traj
        .iter()
        .rposition(|(_, v)| {
            v.iter().any(|(s, x)| {
                last.iter()
                    .find(|(t, _)| t == s)
                    .is_some_and(|(_, f)| (x - f).abs() > SETTLED)
            })
        })
        .map_or(0, |i| i + 1);
    let mix: Vec<String> = finals
        .iter()
        .filter(|(_, x)| *x >= 0.005)
        .map(|(s, x)| format!("{s} {}", pct(*x)))
        .collect();
    let gone: Vec<&str> = finals
        .iter()
        .filter(|(_, x)| *x < 0.005)
        .map(|(s, _)| *s)
        .collect();
    let mut t = match traj.get(settled) {
        Some((g, _)) if (*g as f64) <= 0.8 * *last_gen as f64 => format!(
            "No strategy takes over: by generation {g} the population settles into a mix of {}",
            mix.join(", ")
        ),
        _ => {
            // Still changing: how the leader's share moved over the last fifth.
            let earlier = traj
                .iter()
                .find(|(g, _)| *g as f64 >= 0.8 * *last_gen as f64)
                .and_then(|(g, v)| Some((*g, v.iter().find(|(s, _)| *s == top)?.1)));
            let trend = earlier.map_or(String::new(), |(g, x)| {
                format!(
                    " ({top} {} from {} at generation {g})",
                    if top_share > x { "up" } else { "down" },
                    pct(x)
                )
            });
            format!(
                "No strategy has taken over by generation {last_gen}, and the shares are still \
                 changing: {}{trend}",
                mix.join(", ")
            )
        }
    };
    if !gone.is_empty() {
        t += &format!(" ({} died out)", gone.join(", "));
    }
    t + "."
}

impl Evolution {
    /// The replicator sentence, the fixation sentences.
    fn fixation_words(&self) -> String {
        let Some(first) = self.fixation.first() else {
            return String::new();
        };
        let neutral = first.neutral;
        let mut above: Vec<&FixationRow> = self
            .fixation
            .iter()
            .filter(|f| f.ci95_low > f.neutral)
            .collect();
        above.sort_by(|a, b| b.probability.total_cmp(&a.probability));
        let below = self
            .fixation
            .iter()
            .filter(|f| f.ci95_high < f.neutral)
            .count();
        let mut t = format!(
            "fixation.csv: a single mutant in a population of {} fixes with probability 1/N = {} under neutral drift. ",
            first.population,
            p_value(neutral)
        );
        if above.is_empty() {
            t += "No mutant fixes clearly more often than that. ";
        } else {
            let list: Vec<String> = above
                .iter()
                .take(4)
                .map(|f| {
                    format!(
                        "{} invading {} ({}, 95% CI {} to {})",
                        f.mutant,
                        f.resident,
                        p_value(f.probability),
                        p_value(f.ci95_low),
                        p_value(f.ci95_high)
                    )
                })
                .collect();
            t += &format!(
                "Mutants that fix more often than neutral: {}{}. ",
                list.join("; "),
                if above.len() > 4 { "; ..." } else { "" }
            );
        }
        t + &format!(
            "{below} of the {} mutant-resident pairs fix less often than neutral.",
            self.fixation.len()
        )
    }

    /// The population sections: each chart with its heading and paragraph.
    pub(super) fn blocks(&self, charts: &Path) -> Vec<Block> {
        let generations = trajectory(&self.rows, "replicator")
            .last()
            .map_or(0, |(g, _)| *g);
        let replicator = format!(
            "Drawn by negsim evolve: the tournament's payoffs (matrix.csv) drive the replicator \
             dynamics from an even mix of the strategies for {generations} generations. Each band is \
             a strategy's share of the population; a band grows while the strategy earns more than \
             the population average against the current mix. {}",
            outcome(&trajectory(&self.rows, "replicator"))
        );
        let moran = format!(
            "The first of the Moran runs: a finite population where each generation one agent, \
             chosen in proportion to its fitness, replaces a random one (with rare mutation), so \
             chance matters as well as payoffs. {} {}",
            outcome(&trajectory(&self.rows, "moran")),
            self.fixation_words()
        );
        let mut out = Vec::new();
        for (id, title, text) in [
            ("evolution", "Population dynamics (replicator)", replicator),
            (
                "evolution_moran",
                "Population dynamics (Moran process)",
                moran,
            ),
        ] {
            if let Ok(svg) = std::fs::read_to_string(charts.join(format!("{id}.svg"))) {
                out.push(Block::Chart {
                    title: title.into(),
                    id: id.into(),
                    svg,
                    text,
                });
            }
        }
        out
    }
}
