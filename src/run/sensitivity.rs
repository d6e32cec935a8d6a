//! `negsim sensitivity`: does a finding survive a change of design? The
//! tournament of a config replayed under each design of MODEL.md 10.5 (a
//! pool of six strategies, 1/3/6 off-the-record rounds, the deadline, the
//! opening margin, walking away, the target rule) and with each mechanism of
//! the model switched off (no talk, version 2's acceptance and commitment,
//! claims that do not commit), with the ranking of the four presets, which
//! of its steps are significant (paired by run, Holm-corrected), and the
//! pooled efficiency and deal rate.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::output::tables::{comparison_rows, ranking};
use crate::run::tournament::{self, RunOptions, TournamentResult};
use toml::Value;

/// The four presets whose order the table reports.
pub const PRESETS: [&str; 4] = ["open", "guarded", "mirroring", "probing"];

/// One design: a group, a label, and the config changes that make it.
#[derive(Debug, Clone)]
pub struct Design {
    /// What is varied (`baseline`, `pool`, `rounds`, ..., `ablation`).
    pub group: &'static str,
    /// The design, as a reader would name it (`rounds = 1`).
    pub label: String,
    /// Config paths and values (sweep syntax); `strategies+` adds strategies.
    changes: Vec<(String, Value)>,
}

fn design(group: &'static str, label: &str, changes: &[(&str, Value)]) -> Design {
    Design {
        group,
        label: label.into(),
        changes: changes
            .iter()
            .map(|(p, v)| (p.to_string(), v.clone()))
            .collect(),
    }
}

/// The designs of the table, the config's own first.
pub fn designs() -> Vec<Design> {
    let f = Value::Float;
    let i = |x: i64| Value::Integer(x);
    let s = |x: &str| Value::String(x.into());
    let walk = |w: f64| -> Vec<(&'static str, Value)> {
        vec![
            ("strategy.open.walk_away", f(w)),
            ("strategy.guarded.walk_away", f(w)),
            ("strategy.mirroring.walk_away", f(w)),
            ("strategy.probing.walk_away", f(w)),
        ]
    };
    vec![
        design("baseline", "the config as it is", &[]),
        design(
            "pool",
            "6 strategies (+ soft-prober, tough-guard)",
            &[("strategies+", Value::Boolean(true))],
        ),
        design(
            "rounds",
            "exchange.rounds = 1",
            &[("exchange.rounds", i(1))],
        ),
        design(
            "rounds",
            "exchange.rounds = 6",
            &[("exchange.rounds", i(6))],
        ),
        design(
            "deadline",
            "protocol.deadline = 10",
            &[("protocol.deadline", i(10))],
        ),
        design(
            "deadline",
            "protocol.deadline = 40",
            &[("protocol.deadline", i(40))],
        ),
        design(
            "anchor_margin",
            "protocol.anchor_margin = 0.5",
            &[("protocol.anchor_margin", f(0.5))],
        ),
        design(
            "anchor_margin",
            "protocol.anchor_margin = 2",
            &[("protocol.anchor_margin", f(2.0))],
        ),
        design("walk_away", "walk_away = 0 (every preset)", &walk(0.0)),
        design("walk_away", "walk_away = 0.2 (every preset)", &walk(0.2)),
        design(
            "target",
            "protocol.target = \"unconditional\"",
            &[("protocol.target", s("unconditional"))],
        ),
        design(
            "ablation",
            "no talk (exchange.rounds = 0)",
            &[("exchange.rounds", i(0))],
        ),
        design(
            "ablation",
            "version 2 acceptance (acceptance = \"next_offer\")",
            &[("protocol.acceptance", s("next_offer"))],
        ),
        design(
            "ablation",
            "version 2 commitment (commitment = \"full\")",
            &[("protocol.commitment", s("full"))],
        ),
        design(
            "ablation",
            "claims do not commit (claims_commit = false)",
            &[("protocol.claims_commit", Value::Boolean(false))],
        ),
        design(
            "ablation",
            "version 2 rules (next_offer and full commitment)",
            &[
                ("protocol.acceptance", s("next_offer")),
                ("protocol.commitment", s("full")),
            ],
        ),
        design(
            "ablation",
            "probing does not bluff (bluff = 0)",
            &[("strategy.probing.bluff", f(0.0))],
        ),
    ]
}

/// The two strategies the `pool` design adds (as in
/// configs/custom-strategy.toml).
const EXTRA: &str = r#"
[[strategy]]
name = "soft-prober"
base = "probing"
description = "probes every round but bluffs only a little"
bluff = 0.2

[[strategy]]
name = "tough-guard"
base = "guarded"
description = "guarded, Boulware and tough: concedes late, aims high"
concession = 0.5
toughness = 0.25
"#;

/// One design's result.
#[derive(Debug, Clone)]
pub struct Row {
    pub group: &'static str,
    pub label: String,
    /// The four presets, best first, with their mean surplus per run (no
    /// deal counts 0) and its 95% half-width clustered by run.
    pub order: Vec<(String, f64, f64)>,
    /// Whether each preset beats the next in `order` at the family-wise 5%
    /// level (paired by run, Holm over all pairs of the pool).
    pub beats_next: Vec<bool>,
    /// Pooled efficiency `E[realised joint] / E[possible joint]` and deal
    /// rate over every pairing of the pool.
    pub efficiency: f64,
    pub deal_rate: f64,
}

impl Row {
    /// `probing > guarded = open > mirroring`: `>` where the step is
    /// significant, `=` where it is not.
    pub fn order_text(&self) -> String {
        let mut s = String::new();
        for (k, (name, ..)) in self.order.iter().enumerate() {
            if k > 0 {
                s.push_str(if self.beats_next[k - 1] { " > " } else { " = " });
            }
            s.push_str(name);
        }
        s
    }
}

/// The config with a design's changes.
fn apply(config: &Config, file: &str, d: &Design) -> Result<Config> {
    let mut root = Value::try_from(config).map_err(|e| Error::Usage(format!("{file}: {e}")))?;
    for (path, value) in &d.changes {
        if path == "strategies+" {
            let extra: toml::Table = toml::from_str(EXTRA).expect("valid TOML");
            let t = root.as_table_mut().expect("a config is a table");
            let list = t
                .entry("strategy")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = list {
                list.extend(extra["strategy"].as_array().expect("strategies").clone());
            }
            if let Some(Value::Array(names)) = t.get_mut("strategies") {
                names.push(Value::String("soft-prober".into()));
                names.push(Value::String("tough-guard".into()));
            }
        } else {
            crate::run::sweep::set(&mut root, path, value.clone(), file)?;
        }
    }
    root.try_into()
        .map_err(|e: toml::de::Error| Error::Usage(format!("{file}: {e}")))
}

/// Summarise one tournament.
fn summarise(d: &Design, res: &TournamentResult) -> Row {
    let ranks = ranking(res);
    let cmp = comparison_rows(res);
    let order: Vec<(String, f64, f64)> = ranks
        .iter()
        .filter(|r| PRESETS.contains(&r.strategy.as_str()))
        .map(|r| (r.strategy.clone(), r.surplus_mean, r.surplus_ci95))
        .collect();
    let beats_next = order
        .windows(2)
        .map(|w| {
            cmp.iter()
                .any(|c| c.strategy == w[0].0 && c.versus == w[1].0 && c.verdict == "higher")
        })
        .collect();
    let (mut joint, mut possible, mut deals, mut runs) = (0.0, 0.0, 0.0, 0.0);
    for p in &res.pairs {
        let n = p.stats.runs as f64;
        joint += p.stats.joint.mean() * n;
        possible += p.stats.max_joint.mean() * n;
        deals += p.stats.deal.mean() * n;
        runs += n;
    }
    Row {
        group: d.group,
        label: d.label.clone(),
        order,
        beats_next,
        efficiency: if possible > 0.0 {
            joint / possible
        } else {
            f64::NAN
        },
        deal_rate: deals / runs.max(1.0),
    }
}

/// Play the config's tournament under every design with `runs` runs per
/// pairing. The config must hold the four presets and play alternating
/// offers.
pub fn sensitivity(
    config: &Config,
    file: &str,
    runs: u64,
    threads: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<Row>> {
    for p in PRESETS {
        if !config.strategies.iter().any(|s| s == p) {
            return Err(Error::invalid(
                file,
                "strategies",
                format!("{:?}", config.strategies),
                "negsim sensitivity compares the four presets: list open, guarded, mirroring and probing",
            ));
        }
    }
    let all = designs();
    let mut rows = Vec::new();
    for (k, d) in all.iter().enumerate() {
        progress(k, all.len());
        let mut c = apply(config, file, d)?;
        c.runs = runs;
        c.sweep = None;
        let e = c.validate(file)?;
        let res = tournament::run(&e, RunOptions { threads }, &|_| {}, None)?;
        rows.push(summarise(d, &res));
    }
    Ok(rows)
}

/// The rows as tidy CSV: one line per design and preset.
pub fn to_csv(rows: &[Row]) -> String {
    let mut s = String::from(
        "group,design,rank,strategy,surplus_per_run,surplus_per_run_ci95,beats_next,order,efficiency_pooled,deal_rate\n",
    );
    for r in rows {
        for (k, (name, mean, ci)) in r.order.iter().enumerate() {
            let beats = r.beats_next.get(k).map_or(String::new(), |b| b.to_string());
            s.push_str(&format!(
                "{},\"{}\",{},{},{:.3},{:.3},{},\"{}\",{:.4},{:.4}\n",
                r.group,
                r.label.replace('"', "'"),
                k + 1,
                name,
                mean,
                ci,
                beats,
                r.order_text(),
                r.efficiency,
                r.deal_rate
            ));
        }
    }
    s
}

/// The rows as a Markdown table (for the README and the report).
pub fn to_markdown(rows: &[Row]) -> String {
    let mut s = String::from(
        "| varied | design | ranking of the presets (`>` significant, `=` not; paired, Holm 5%) | pooled efficiency | deal rate |\n|---|---|---|---|---|\n",
    );
    for r in rows {
        s.push_str(&format!(
            "| {} | {} | {} | {:.3} | {:.3} |\n",
            r.group,
            r.label.replace('|', "/"),
            r.order_text(),
            r.efficiency,
            r.deal_rate
        ));
    }
    s
}
