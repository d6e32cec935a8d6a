//! What the report says: a heading and a plain-language paragraph per
//! chart, computed from the data, the introduction, and the cells of its
//! tables. `html.rs` and `markdown.rs` lay it out.

use crate::output::figures::{Figure, Figures, MIN_BIN_RUNS_DRAWN};
use crate::output::format::{amount, pct};
use crate::output::manifest::Manifest;
use crate::output::tables::{RankRow, SummaryRow};
use negsim_chart as chart;
use std::fmt::Write;

/// A section of the report: a heading, a chart, an explanation.
pub(super) struct Section {
    pub title: String,
    pub chart: &'static str,
    pub text: String,
}

/// The text under the population chart of `negsim evolve`.
pub(super) const EVOLUTION_TEXT: &str = "Drawn by `negsim evolve`: the tournament's payoffs (matrix.csv) drive the \
    replicator dynamics from an even mix of the strategies. Each band is a strategy's share of the population \
    over generations; a band that grows earns more than the population average against the current mix. \
    fixation.csv has the Moran process's fixation probabilities with confidence intervals.";

/// The first paragraph: what was run.
pub(super) fn intro(m: &Manifest, f: &Figures) -> String {
    format!(
        "{} negotiations: {} strategies ({}) in every ordered pairing, {} runs each, {} scenario, seed {}, negsim {}. \
         Side A is the buyer in the price scenario. Surplus is in {}; confidence intervals are 95%.",
        m.negotiations,
        f.names.len(),
        f.names.join(", "),
        m.runs_per_pairing,
        if f.price { "price" } else { "multi-issue" },
        m.seed,
        m.negsim_version,
        if f.price { "price units" } else { "utility" }
    )
}

/// A number in a table: a surplus in its units (see [`amount`]), anything
/// else with three decimals; empty when undefined.
fn number(x: f64, surplus: bool, price: bool) -> String {
    if x.is_finite() {
        amount(x, surplus && price)
    } else {
        String::new()
    }
}

/// Headings of the ranking table.
pub(super) const RANKING_HEADINGS: [&str; 5] =
    ["rank", "strategy", "mean surplus", "95% CI ±", "deal rate"];

/// The cells of a row of the ranking table.
pub(super) fn ranking_cells(r: &RankRow, price: bool) -> [String; 5] {
    [
        r.rank.to_string(),
        r.strategy.clone(),
        number(r.surplus_mean, true, price),
        number(r.surplus_ci95, true, price),
        number(r.deal_rate, false, price),
    ]
}

/// A column of the summary table: its heading and its cell.
type SummaryColumn = (&'static str, fn(&SummaryRow, bool) -> String);

/// The columns of the summary table (a few of `summary.csv`'s).
pub(super) const SUMMARY: [SummaryColumn; 8] = [
    ("A", |r, _| r.strategy_a.clone()),
    ("B", |r, _| r.strategy_b.clone()),
    ("deal rate", |r, p| number(r.deal_rate, false, p)),
    ("surplus A", |r, p| number(r.surplus_a_mean, true, p)),
    ("surplus B", |r, p| number(r.surplus_b_mean, true, p)),
    ("efficiency", |r, p| number(r.efficiency_mean, false, p)),
    ("A's share", |r, p| number(r.share_a_mean, false, p)),
    ("lies caught", |r, p| number(r.lies_detected_mean, false, p)),
];

/// How many leading columns of [`SUMMARY`] are names (not numbers).
pub(super) const SUMMARY_NAME_COLUMNS: usize = 2;

/// The explanation paragraphs, computed from the data.
pub(super) fn sections(f: &Figures) -> Vec<Section> {
    let amount = |x: f64| amount(x, f.price);
    f.list
        .iter()
        .map(|(name, fig)| {
            let (title, text) = match fig {
                Figure::Asymmetry(d) => asymmetry(d),
                Figure::Matrix(m) if !m.percent => surplus(m, &amount),
                Figure::Matrix(m) => deals(m),
                Figure::Ranking(r) => ranking(r, &amount),
                Figure::Distribution(d) => distribution(d),
                Figure::Information(d) => information(d, &f.names),
                Figure::Trust(d) => trust(d),
            };
            Section {
                title: title.to_string(),
                chart: name,
                text,
            }
        })
        .collect()
}

fn asymmetry(d: &chart::AsymmetryData) -> (&'static str, String) {
    let mut t = format!(
        "Each run has an information asymmetry: how much worse B's belief about A's limit was, \
             at the start of the formal bargaining, than A's belief about B's (in prior standard \
             deviations; positive means A knew more). Runs are pooled into bins along the x axis; each \
             panel shows a bin's mean with its 95% confidence band (bins with fewer than {MIN_BIN_RUNS_DRAWN} runs are \
             left out). ",
    );
    let with_share: Vec<_> = d
        .bins
        .iter()
        .filter(|b| b.share_a.mean.is_finite())
        .collect();
    if let (Some(lo), Some(hi)) = (with_share.first(), with_share.last()) {
        let _ = write!(
            t,
            "Here A's share of the surplus goes from {} when B knew most ({:+.1} sd) to {} when A knew most ({:+.1} sd): ",
            pct(lo.share_a.mean),
            lo.center,
            pct(hi.share_a.mean),
            hi.center
        );
        t.push_str(if hi.share_a.mean > lo.share_a.mean + 0.05 {
            "knowing more about the other side wins a larger part of the deal. "
        } else {
            "in this experiment information hardly moves the split. "
        });
    }
    let eff: Vec<f64> = d
        .bins
        .iter()
        .map(|b| b.efficiency.mean)
        .filter(|x| x.is_finite())
        .collect();
    if !eff.is_empty() {
        let (mn, mx) = eff
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            });
        let _ = write!(
            t,
            "Efficiency (the share of the possible joint gain that was realised) ranges from {} to {} across bins, and the deal rate panel shows whether asymmetry costs deals.",
            pct(mn),
            pct(mx)
        );
    }
    ("Information asymmetry and deal outcomes", t)
}

fn surplus(m: &chart::MatrixData, amount: &dyn Fn(f64) -> String) -> (&'static str, String) {
    let mut t = String::from(
        "Read across a row: what the row strategy earns, on average over both sides, against each \
             opponent. Reading down a column shows how each strategy fares against that opponent. ",
    );
    let k = m.names.len();
    let mut best = (0.0, 0, 0);
    for r in 0..k {
        for c in 0..k {
            let gap = m.values[r][c] - m.values[c][r];
            if gap.is_finite() && gap > best.0 {
                best = (gap, r, c);
            }
        }
    }
    if best.0 > 0.0 {
        let (_, r, c) = best;
        let _ = write!(
            t,
            "The most one-sided pairing: {} exploits {}: it earns {} against {}, while {} earns {} against it.",
            m.names[r],
            m.names[c],
            amount(m.values[r][c]),
            m.names[c],
            m.names[c],
            amount(m.values[c][r])
        );
    }
    ("Who exploits whom: mean surplus", t)
}

fn deals(m: &chart::MatrixData) -> (&'static str, String) {
    let vals: Vec<f64> = m
        .values
        .iter()
        .flatten()
        .copied()
        .filter(|x| x.is_finite())
        .collect();
    let (mn, mx) = vals
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    let range = if mx - mn < 0.0005 {
        format!("Every pairing reached a deal in {} of its runs.", pct(mx))
    } else {
        format!("Here deal rates range from {} to {}.", pct(mn), pct(mx))
    };
    (
        "Deal rates",
        format!(
            "The share of negotiations that ended in a deal, for the row strategy against the column \
                 strategy (both sides averaged). {range} A run without a zone of agreement cannot end in a \
                 deal, so compare pairings with each other rather than with 100%."
        ),
    )
}

fn ranking(r: &chart::RankingData, amount: &dyn Fn(f64) -> String) -> (&'static str, String) {
    let mut t = String::from(
        "Strategies ranked by their mean surplus per negotiation over all opponents and both sides, with \
             95% confidence intervals (whiskers). Overlapping whiskers mean the difference may be noise. ",
    );
    if let (Some(first), Some(last)) = (r.entries.first(), r.entries.last()) {
        let _ = write!(
            t,
            "{} ranks first ({} ± {}), {} last ({} ± {}).",
            first.name,
            amount(first.surplus.mean),
            amount(first.surplus.hi - first.surplus.mean),
            last.name,
            amount(last.surplus.mean),
            amount(last.surplus.hi - last.surplus.mean)
        );
    }
    ("Mean surplus per strategy", t)
}

fn distribution(d: &chart::DistributionData) -> (&'static str, String) {
    let mut t = String::from(
        "Box plots of the share of the joint surplus each strategy takes in its deals: the box spans the \
             middle half (quartiles), the line is the median, the whiskers reach the 5th and 95th percentiles. \
             Means hide spread; this shows it. ",
    );
    let with_deals: Vec<_> = d
        .boxes
        .iter()
        .filter(|b| b.n > 0 && b.median.is_finite())
        .collect();
    if with_deals.is_empty() {
        t.push_str("There were no deals in this run, so there is no split to show.");
    }
    if let Some(b) = with_deals
        .iter()
        .max_by(|a, b| a.median.total_cmp(&b.median))
    {
        let _ = write!(
            t,
            "{} takes the largest median share ({}). ",
            b.name,
            pct(b.median)
        );
    }
    if let Some(b) = with_deals
        .iter()
        .max_by(|a, b| (a.q3 - a.q1).total_cmp(&(b.q3 - b.q1)))
    {
        let _ = write!(
            t,
            "{} is the most variable (middle half from {} to {}).",
            b.name,
            pct(b.q1),
            pct(b.q3)
        );
    }
    ("How the surplus is split", t)
}

fn information(d: &chart::InformationData, names: &[String]) -> (&'static str, String) {
    let mut t = String::from(
        "Each point is a strategy (colour) against one opponent (label): bits it learned about the \
             opponent before the formal phase (y) against bits its own words gave away (x). Above the \
             diagonal it extracts more than it gives; below it leaks. ",
    );
    let mut net: Vec<(String, f64)> = names
        .iter()
        .map(|s| {
            let pts: Vec<_> = d.points.iter().filter(|p| &p.focal == s).collect();
            let n = pts.len().max(1) as f64;
            (
                s.clone(),
                pts.iter()
                    .map(|p| p.bits_learned - p.bits_given)
                    .sum::<f64>()
                    / n,
            )
        })
        .collect();
    net.sort_by(|a, b| b.1.total_cmp(&a.1));
    if let (Some(top), Some(bottom)) = (net.first(), net.last()) {
        let _ = write!(
            t,
            "On average {} extracts most ({:+.2} bits learned minus given per negotiation) and {} leaks most ({:+.2}).",
            top.0, top.1, bottom.0, bottom.1
        );
    }
    ("Who extracts, who leaks", t)
}

fn trust(d: &chart::TrustData) -> (&'static str, String) {
    let mut t = String::from(
        "Over the runs of a match the same two agents meet again with fresh values but kept memory. \
             The top panel shows side A's trust in B after each run, the bottom panel how much A discloses \
             (confidences plus answers per run). ",
    );
    let drop = d
        .trust
        .iter()
        .filter_map(|s| Some((s, s.points.first()?.1 - s.points.last()?.1)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((s, dv)) = drop
        && dv > 0.05
    {
        let _ = write!(
            t,
            "Trust falls most in {} (by {:.2} over the match).",
            s.label, dv
        );
    }
    ("Trust and disclosure over a match", t)
}
