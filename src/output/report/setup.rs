//! The set-up of the experiment, from `manifest.json`: scenario and its
//! distributions, the off-the-record exchange, the protocol, matches, the
//! sample, and each strategy with its description, its definition (a
//! preset, or a base with overrides) and every parameter.

use super::numbers::setting;
use super::{Block, Table};
use crate::config::{ProtocolKind, ScenarioKind};
use crate::model::dist::{DistKind, DistSpec};
use crate::model::rules::{Information, Offers, Target};
use crate::model::strategy::{PARAMS, preset};
use crate::output::format::money;
use crate::output::manifest::Manifest;

/// A distribution in words: `uniform on [40,000, 60,000]`.
fn dist(d: &Option<DistSpec>) -> String {
    let Some(d) = d else {
        return "not given".into();
    };
    let n = |x: Option<f64>| x.map_or("?".into(), setting);
    let range = format!("[{}, {}]", n(d.low), n(d.high));
    match d.dist {
        DistKind::Uniform => format!("uniform on {range}"),
        DistKind::Normal => format!("normal, mean {}, sd {}", n(d.mean), n(d.sd)),
        DistKind::TruncatedNormal => format!(
            "normal, mean {}, sd {}, truncated to {range}",
            n(d.mean),
            n(d.sd)
        ),
        DistKind::Beta => format!("beta({}, {}) scaled to {range}", n(d.alpha), n(d.beta)),
        DistKind::Triangular => format!("triangular on {range}, mode {}", n(d.mode)),
    }
}

fn information(i: Option<Information>) -> &'static str {
    match i.unwrap_or_default() {
        Information::Private => {
            "private values: each side knows its own and only the prior of the other's"
        }
        Information::Complete => "complete information: both reservations are common knowledge",
        Information::ADisclosed => "A's reservation is common knowledge, B's private",
        Information::BDisclosed => "B's reservation is common knowledge, A's private",
    }
}

fn scenario(m: &Manifest) -> String {
    let s = &m.config.scenario;
    match s.kind {
        ScenarioKind::Price => format!(
            "price: side A, the buyer, values the item at a draw from {}; side B, the seller, has a \
             cost drawn from {}; {}. Surplus is in price units.",
            dist(&s.buyer_value),
            dist(&s.seller_cost),
            information(s.information)
        ),
        ScenarioKind::MultiIssue => {
            let w = |a: &Option<Vec<f64>>| {
                a.as_ref().map_or("?".into(), |v| {
                    v.iter().map(|x| setting(*x)).collect::<Vec<_>>().join(", ")
                })
            };
            format!(
                "multi-issue, {} issues: A's weights are Dirichlet({}), B's Dirichlet({}); A's \
                 reservation utility is drawn from {}, B's from {}; {}. Surplus is in utility.",
                s.weights_a.as_ref().map_or(0, Vec::len),
                w(&s.weights_a),
                w(&s.weights_b),
                dist(&s.reservation_a),
                dist(&s.reservation_b),
                information(s.information)
            )
        }
    }
}

fn exchange(m: &Manifest) -> String {
    let e = &m.config.exchange;
    let mut t = if e.rounds == 0 {
        "no off-the-record rounds before the offers".to_string()
    } else {
        format!(
            "{} off-the-record round{} before the offers",
            e.rounds,
            if e.rounds == 1 { "" } else { "s" }
        )
    };
    if e.every > 0 {
        t += &format!(", and one every {} formal rounds", e.every);
    }
    if e.leak_probability > 0.0 {
        t += &format!(
            "; body language leaks a side's reservation with probability {} per round (noise {} prior sd)",
            setting(e.leak_probability),
            setting(e.leak_sigma)
        );
    } else {
        t += "; no leaks";
    }
    t += &format!(
        "; listeners allow for bluffs of about {} prior sd",
        setting(e.bluff_scale)
    );
    t + "."
}

fn protocol(m: &Manifest) -> String {
    let p = &m.config.protocol;
    match p.kind {
        ProtocolKind::DoubleAuction => format!(
            "sealed-bid k-double auction, k = {} (the price is k times the buyer's bid plus 1 - k \
             times the seller's ask, when the bid is at least the ask).",
            setting(p.k.unwrap_or(0.5))
        ),
        ProtocolKind::AlternatingOffers => {
            let mut t = String::from("alternating offers, A first");
            if let Some(d) = p.deadline {
                t += &format!("; deadline {d} rounds");
            }
            match (p.discount_a, p.discount_b) {
                (Some(a), Some(b)) if a != b => {
                    t += &format!(
                        "; discount {} per round for A, {} for B",
                        setting(a),
                        setting(b)
                    )
                }
                _ => {
                    if let Some(d) = p.discount.or(p.discount_a) {
                        t += &format!("; discount {} per round", setting(d));
                    }
                }
            }
            if let Some(a) = p.anchor_margin {
                t += &format!("; openings {} belief sd beyond the target", setting(a));
            }
            t += match p.offers.unwrap_or_default() {
                Offers::Beliefs => "; offers from beliefs",
                Offers::SubgamePerfect => "; subgame-perfect offers (under complete information)",
            };
            if p.claims_commit == Some(false) {
                t += "; claims do not commit (ablation)";
            } else {
                t += "; claims commit (a side never goes beyond the limit it claimed)";
            }
            if p.target.unwrap_or_default() == Target::Unconditional {
                t += "; unconditional targets (ablation)";
            }
            t + "."
        }
    }
}

fn matches(m: &Manifest) -> String {
    let c = &m.config.matches;
    if c.runs <= 1 {
        "each negotiation is a match of its own (agents keep no memory).".into()
    } else {
        format!(
            "matches of {} runs: the same two agents meet again with fresh values and kept memory{}.",
            c.runs,
            if c.debrief {
                "; after each run both learn the other's limit and test its claims"
            } else {
                ", without debriefs"
            }
        )
    }
}

fn sample(m: &Manifest) -> String {
    let cells = m
        .cells
        .map(|c| format!(" in each of {c} cells"))
        .unwrap_or_default();
    format!(
        "{} runs per ordered pairing, {} pairings{cells}: {} negotiations; seed {}; negsim {}.",
        money(m.runs_per_pairing as f64, 0),
        m.pairings,
        money(m.negotiations as f64, 0),
        m.seed,
        m.negsim_version
    )
}

/// The swept parameters of strategy `name` (`strategy.NAME.PARAM`), with
/// their values in the grid.
fn swept_params<'a>(m: &'a Manifest, name: &str) -> Vec<(&'a str, &'a [String])> {
    let prefix = format!("strategy.{name}.");
    m.parameters
        .iter()
        .flatten()
        .filter_map(|p| Some((p.path.strip_prefix(&prefix)?, p.values.as_slice())))
        .collect()
}

/// The values a swept parameter takes over the grid, in words: the list
/// when short (`0, 0.5, 1`), else its ends and count (`0 to 3, 13 values`).
pub(super) fn sweep_range(values: &[String]) -> String {
    match values {
        [] => String::new(),
        [one] => one.clone(),
        v if v.len() <= 6 => v.join(", "),
        v => format!("{} to {}, {} values", v[0], v[v.len() - 1], v.len()),
    }
}

/// How a strategy is defined: a preset, a preset with swept parameters,
/// or its `[[strategy]]` base and overrides (a swept parameter with the
/// values it takes over the grid, never one cell's value); and the names of
/// the parameters the config sets.
fn definition(m: &Manifest, name: &str) -> (String, Vec<&'static str>) {
    let swept = swept_params(m, name);
    let swept_value = |p: &str| swept.iter().find(|(n, _)| *n == p).map(|(_, v)| *v);
    let swept_text = || {
        swept
            .iter()
            .map(|(p, v)| format!("{p} swept over {}", sweep_range(v)))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    match m.config.custom.iter().find(|d| d.name == name) {
        None => ("preset".into(), Vec::new()),
        Some(d) if d.command.is_some() => ("external agent (docs/PROTOCOL.md)".into(), Vec::new()),
        // A sweep of a preset's parameter redefines the preset.
        Some(d) if d.base == d.name && !swept.is_empty() => {
            let set = PARAMS
                .iter()
                .zip(&d.overrides)
                .filter(|(p, v)| v.is_some() && swept_value(p.name).is_some())
                .map(|(p, _)| p.name)
                .collect();
            (format!("preset, {}", swept_text()), set)
        }
        Some(d) => {
            let set: Vec<(&'static str, String)> = PARAMS
                .iter()
                .zip(&d.overrides)
                .filter_map(|(p, v)| {
                    let v = v.as_ref()?;
                    Some(match swept_value(p.name) {
                        Some(values) => (p.name, format!("swept over {}", sweep_range(values))),
                        None => (p.name, format!("= {v}")),
                    })
                })
                .collect();
            let text = if set.is_empty() {
                format!("{} with no changes", d.base)
            } else {
                let list: Vec<String> = set.iter().map(|(k, v)| format!("{k} {v}")).collect();
                format!("{} with {}", d.base, list.join(", "))
            };
            (text, set.into_iter().map(|(k, _)| k).collect())
        }
    }
}

/// The set-up blocks: a table of the rules, the strategies and their
/// parameters. `swept` lists the swept parameters (config path and values)
/// of a sweep.
pub(super) fn setup(m: &Manifest, swept: &[(String, Vec<String>)]) -> Vec<Block> {
    let mut rows = vec![
        vec!["scenario".to_string(), scenario(m)],
        vec!["off the record".into(), exchange(m)],
        vec!["formal phase".into(), protocol(m)],
        vec!["matches".into(), matches(m)],
        vec!["sample".into(), sample(m)],
    ];
    for (path, values) in swept {
        rows.push(vec![
            format!("swept: {path}"),
            format!(
                "{} (the other settings above are those of the first cell)",
                values.join(", ")
            ),
        ]);
    }
    let mut blocks = vec![
        Block::Heading("Set-up".into()),
        Block::Table(Table::text("setup", &["", "setting"], rows)),
    ];
    let strategies = m
        .strategies
        .iter()
        .map(|s| {
            let (def, _) = definition(m, &s.name);
            // A swept preset keeps its own description.
            let description = match preset(&s.name) {
                Some((d, _)) if def.starts_with("preset") => d.to_string(),
                _ => s.description.clone(),
            };
            vec![s.name.clone(), def, description]
        })
        .collect();
    blocks.push(Block::Table(Table::text(
        "strategies",
        &["strategy", "defined as", "description"],
        strategies,
    )));
    blocks.push(Block::Paragraph(
        "Every parameter of every strategy is listed under Strategy parameters at the end.".into(),
    ));
    blocks
}

/// The table of every parameter of every strategy (the end of the report).
pub(super) fn parameters(m: &Manifest) -> Vec<Block> {
    let mut blocks = vec![Block::Heading("Strategy parameters".into())];
    let overridden: Vec<Vec<&'static str>> = m
        .strategies
        .iter()
        .map(|s| definition(m, &s.name).1)
        .collect();
    // Every parameter, one row each, one column per strategy; values a
    // [[strategy]] table set are marked.
    let mut names: Vec<&String> = m
        .strategies
        .iter()
        .flat_map(|s| s.parameters.keys())
        .collect();
    names.sort();
    names.dedup();
    let mut head = vec!["parameter".to_string()];
    head.extend(m.strategies.iter().map(|s| s.name.clone()));
    let rows: Vec<Vec<String>> = names
        .iter()
        .map(|p| {
            let mut row = vec![(*p).clone()];
            for (s, set) in m.strategies.iter().zip(&overridden) {
                let v = s.parameters.get(*p).cloned().unwrap_or_default();
                let swept = swept_params(m, &s.name);
                if let Some((_, values)) = swept.iter().find(|(n, _)| n == p) {
                    // The first cell's value would mislead: the range.
                    row.push(format!("{} (swept) *", sweep_range(values)));
                    continue;
                }
                row.push(if set.contains(&p.as_str()) {
                    format!("{v} *")
                } else {
                    v
                });
            }
            row
        })
        .collect();
    let mut t = Table::text("parameters", &[], rows);
    t.head = head;
    t.numeric = (0..t.head.len()).map(|i| i > 0).collect();
    blocks.push(Block::Table(t));
    let note = if overridden.iter().any(|o| !o.is_empty()) {
        " A * marks a value the config sets (in a [[strategy]] table, or as a swept parameter); the others come from the base preset."
    } else {
        ""
    };
    blocks.push(Block::Paragraph(format!(
        "Every parameter of every strategy, as the tournament used it (negsim strategies explains each).{note}"
    )));
    blocks
}
