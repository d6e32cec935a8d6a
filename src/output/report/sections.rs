//! What the report says: a heading and a plain-language paragraph per
//! chart, computed from the data, the introduction, and the cells of its
//! tables (in `tables.rs`). `html.rs` and `markdown.rs` lay it out.

use super::DESIGN_NOTE;
use super::compare;
use super::numbers::Scale;
use crate::output::figures::{Figure, Figures};
use crate::output::format::{amount, pct};
use crate::output::manifest::Manifest;
use crate::output::tables::{ComparisonRow, RankRow, SummaryRow, WithinRow};
use negsim_chart as chart;
use std::fmt::Write;

/// The tables of a results folder the sentences are computed from.
pub(super) struct Tables<'a> {
    /// `summary.csv`.
    pub summary: &'a [SummaryRow],
    /// `ranking.csv`.
    pub ranking: &'a [RankRow],
    /// `asymmetry_within.csv`.
    pub asymmetry: &'a [WithinRow],
    /// `comparisons.csv`, the rows on mean surplus.
    pub comparisons: &'a [&'a ComparisonRow],
}

/// A section of the report: a heading, a chart, an explanation.
pub(super) struct Section {
    pub title: String,
    pub chart: &'static str,
    pub text: String,
}

/// The first paragraph: what was run.
pub(super) fn intro(m: &Manifest, f: &Figures) -> String {
    format!(
        "{} negotiations: {} strategies ({}) in every ordered pairing, {} runs each, {} scenario, seed {}, negsim {}. \
         Side A is the buyer in the price scenario. Surplus is in {}; confidence intervals are 95%, \
         clustered by match; which strategy beats which is decided by paired tests with Holm's correction \
         (see Paired comparisons).",
        crate::output::format::money(m.negotiations as f64, 0),
        f.names.len(),
        f.names.join(", "),
        crate::output::format::money(m.runs_per_pairing as f64, 0),
        if f.price { "price" } else { "multi-issue" },
        m.seed,
        m.negsim_version,
        if f.price { "price units" } else { "utility" }
    )
}

/// The explanation paragraphs, computed from the data.
pub(super) fn sections(f: &Figures, t: &Tables) -> Vec<Section> {
    let scale = Scale::of(t.ranking.iter().map(|r| r.surplus_mean));
    f.list
        .iter()
        .map(|(name, fig)| {
            let (title, text) = match fig {
                Figure::Asymmetry(_) => asymmetry(t.asymmetry),
                Figure::Matrix(m) if !m.percent => surplus(m),
                Figure::Matrix(m) => deals(m, t),
                Figure::Ranking(r) => ranking(r, scale, t),
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

/// The pairings of `asymmetry_within.csv` whose slope of `outcome` was
/// estimated, with their labels.
fn slopes<'a>(rows: &'a [WithinRow], outcome: &str) -> Vec<(String, &'a WithinRow)> {
    rows.iter()
        .filter(|r| r.outcome == outcome && r.note.is_empty() && r.slope.is_finite())
        .map(|r| (format!("{} / {}", r.strategy_a, r.strategy_b), r))
        .collect()
}

fn asymmetry(rows: &[WithinRow]) -> (&'static str, String) {
    let mut t = String::from(
        "Each run has an information asymmetry: the bits A learned about B's private values minus \
         the bits B learned about A's, at the start of the formal bargaining (negative bits: misled, \
         exactly 0 when nothing was said or leaked). Which strategies meet decides most of it, and \
         how extreme the private values are moves it too, so the chart does not pool runs: per \
         ordered pairing it shows the slope of each outcome on the asymmetry, with both private \
         values held fixed (each standardised, its square, and the zone width), and its 95% \
         interval clustered by run. A filled point is a slope whose interval excludes 0. ",
    );
    let pairings: Vec<&WithinRow> = rows.iter().filter(|r| r.outcome == "deal_rate").collect();
    let flat: Vec<String> = pairings
        .iter()
        .filter(|r| !r.note.is_empty())
        .map(|r| format!("{} / {}", r.strategy_a, r.strategy_b))
        .collect();
    let deal = slopes(rows, "deal_rate");
    if !flat.is_empty() {
        let _ = write!(
            t,
            "{} of the {} pairings have no slope ({}): their asymmetry never varies. ",
            flat.len(),
            pairings.len(),
            flat.join(", ")
        );
    }
    let clear = |v: &[(String, &WithinRow)], sign: f64| -> Vec<String> {
        v.iter()
            .filter(|(_, r)| (sign * r.ci_low).min(sign * r.ci_high) > 0.0)
            .map(|(l, r)| format!("{l} {:+.1} points per bit", 100.0 * r.slope))
            .collect()
    };
    if !deal.is_empty() {
        let (up, down) = (clear(&deal, 1.0), clear(&deal, -1.0));
        let _ = write!(
            t,
            "Of the {} pairings with a slope, a bit more for A raised the deal rate clearly in {} \
             and lowered it clearly in {}{}. ",
            deal.len(),
            up.len(),
            down.len(),
            if up.len() + down.len() > 0 {
                format!(
                    " ({})",
                    up.iter()
                        .chain(&down)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            } else {
                String::new()
            }
        );
    }
    t.push_str(
        "Within a pairing the asymmetry still comes from what was said (a believed bluff, a \
         confidence), so a slope is what goes with more information inside that pairing, not a \
         designed experiment; `configs/asymmetry-design.toml` sets the asymmetry by design.",
    );
    ("Information asymmetry and deal outcomes", t)
}

fn surplus(m: &chart::MatrixData) -> (&'static str, String) {
    let scale = Scale::of(m.values.iter().flatten().copied());
    let amount = |x: f64| scale.fmt(x);
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

fn deals(m: &chart::MatrixData, t: &Tables) -> (&'static str, String) {
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
    let mut text = format!(
        "The share of negotiations that ended in a deal, for the row strategy against the column \
         strategy (both sides averaged). {range} A run without a zone of agreement cannot end in a \
         deal, so compare pairings with each other rather than with 100%. "
    );
    let zopa = t
        .summary
        .iter()
        .filter(|r| r.deal_rate_given_zopa.is_finite());
    let lo = zopa
        .clone()
        .min_by(|a, b| a.deal_rate_given_zopa.total_cmp(&b.deal_rate_given_zopa));
    let hi = zopa.max_by(|a, b| a.deal_rate_given_zopa.total_cmp(&b.deal_rate_given_zopa));
    if let (Some(lo), Some(hi)) = (lo, hi) {
        let _ = write!(
            text,
            "Where a deal was possible, {} ({} as A against {}) to {} ({} against {}) of the runs \
             ended in one: deals fail when a side walks away or the deadline passes with the offers \
             apart. ",
            pct(lo.deal_rate_given_zopa),
            lo.strategy_a,
            lo.strategy_b,
            pct(hi.deal_rate_given_zopa),
            hi.strategy_a,
            hi.strategy_b
        );
    }
    let walked = t
        .ranking
        .iter()
        .filter(|r| r.walk_away_rate.is_finite())
        .max_by(|a, b| a.walk_away_rate.total_cmp(&b.walk_away_rate));
    let runs: f64 = t.summary.iter().map(|r| r.runs as f64).sum();
    let mean = |f: fn(&SummaryRow) -> f64, w: fn(&SummaryRow) -> f64| {
        let n: f64 = t.summary.iter().filter(|r| f(r).is_finite()).map(w).sum();
        t.summary
            .iter()
            .filter(|r| f(r).is_finite())
            .map(|r| f(r) * w(r))
            .sum::<f64>()
            / n
    };
    if let Some(w) = walked
        && runs > 0.0
    {
        let all = mean(|r| r.walk_away_rate, |r| r.runs as f64);
        let zone = mean(
            |r| r.walk_away_rate_given_zopa,
            |r| r.runs as f64 * r.zopa_rate,
        );
        let _ = write!(text, "A side walked away in {} of all runs", pct(all));
        if zone.is_finite() {
            let _ = write!(
                text,
                ", and from a possible deal in {} of the runs with a zone of agreement",
                pct(zone)
            );
        }
        let _ = write!(
            text,
            "; {} walked away most often, in {} of the runs it played.",
            w.strategy,
            pct(w.walk_away_rate)
        );
    }
    ("Deal rates", text)
}

fn ranking(r: &chart::RankingData, scale: Scale, tables: &Tables) -> (&'static str, String) {
    let mut text = String::from(
        "Strategies ranked by their mean surplus per negotiation over all opponents and both sides, with \
             95% confidence intervals clustered by match (whiskers). Each interval is about one strategy \
             alone; whether one strategy earns more than another is decided by the paired comparisons \
             (same runs, Holm-corrected), not by whether whiskers overlap. ",
    );
    if let (Some(first), Some(last)) = (r.entries.first(), r.entries.last()) {
        if compare::tie_at_top(tables.ranking) {
            let _ = write!(
                text,
                "{} and {} tie for first ({}). ",
                tables.ranking[0].strategy,
                tables.ranking[1].strategy,
                scale.fmt(first.surplus.mean)
            );
        } else {
            let _ = write!(
                text,
                "{} ranks first ({}), {} last ({}), in this design: {DESIGN_NOTE} ",
                first.name,
                scale.pm(first.surplus.mean, first.surplus.hi - first.surplus.mean),
                last.name,
                scale.pm(last.surplus.mean, last.surplus.hi - last.surplus.mean)
            );
        }
    }
    let clear = tables
        .comparisons
        .iter()
        .filter(|c| matches!(compare::verdict(c), "higher" | "lower"))
        .count();
    let _ = write!(
        text,
        "{clear} of the {} paired comparisons show a clear difference (see Paired comparisons). ",
        tables.comparisons.len()
    );
    text.push_str(&bluffs(tables));
    ("Mean surplus per strategy", text)
}

/// Who bluffed, how often it was caught, and how often honest sides were
/// accused, from `summary.csv`.
fn bluffs(t: &Tables) -> String {
    let mut text = String::new();
    let runs: f64 = t.summary.iter().map(|r| r.runs as f64).sum();
    if runs <= 0.0 {
        return text;
    }
    let mut strategies: Vec<&str> = Vec::new();
    for r in t.summary {
        for s in [&r.strategy_a, &r.strategy_b] {
            if !strategies.contains(&s.as_str()) {
                strategies.push(s);
            }
        }
    }
    let mut said = Vec::new();
    for s in strategies {
        // Per run it played (either side): bluffed claims and lies caught.
        let (mut n, mut bluffed, mut caught) = (0.0, 0.0, 0.0);
        for r in t.summary {
            let w = r.runs as f64;
            if r.strategy_a == s {
                n += w;
                bluffed += w * r.bluffs_a_mean;
                caught += w * r.lies_detected_b_mean;
            }
            if r.strategy_b == s {
                n += w;
                bluffed += w * r.bluffs_b_mean;
                caught += w * r.lies_detected_a_mean;
            }
        }
        if n > 0.0 && bluffed > 0.0 {
            said.push(format!(
                "{s} made {:.2} bluffed claims per negotiation and was caught {} times per 1,000",
                bluffed / n,
                amount(1000.0 * caught / n, false)
                    .trim_end_matches('0')
                    .trim_end_matches('.')
            ));
        }
    }
    if !said.is_empty() {
        let _ = write!(text, "Bluffs: {}. ", said.join("; "));
    }
    let accused: f64 = t
        .summary
        .iter()
        .map(|r| r.runs as f64 * r.false_detections_mean)
        .sum();
    let _ = write!(
        text,
        "Honest sides were wrongly accused of lying {} times per 1,000 negotiations.",
        amount(1000.0 * accused / runs, false)
            .trim_end_matches('0')
            .trim_end_matches('.')
    );
    text
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
        "Each point is a strategy (colour) against one opponent (label), averaged over both sides: \
         the bits it learned about the opponent by the start of the formal phase (y; below 0 it was \
         misled: its belief put less weight on the truth than its prior did) against the bits its own \
         words gave away (x; what a fully trusting listener would learn from them). Above the \
         diagonal it extracts more than it gives; below it leaks. ",
    );
    let mut net: Vec<(String, f64)> = names
        .iter()
        .filter_map(|s| {
            let pts: Vec<_> = d.points.iter().filter(|p| &p.focal == s).collect();
            (!pts.is_empty()).then(|| {
                let n = pts.len() as f64;
                let sum: f64 = pts.iter().map(|p| p.bits_learned - p.bits_given).sum();
                (s.clone(), sum / n)
            })
        })
        .collect();
    net.sort_by(|a, b| b.1.total_cmp(&a.1));
    if let (Some(top), Some(bottom)) = (net.first(), net.last()) {
        let _ = write!(
            t,
            "On average {} extracts most ({:+.2} bits learned minus given per negotiation) and {} leaks most ({:+.2}). ",
            top.0, top.1, bottom.0, bottom.1
        );
    }
    let mut misled: Vec<_> = d
        .points
        .iter()
        .filter(|p| p.bits_learned <= -0.05)
        .collect();
    misled.sort_by(|a, b| a.bits_learned.total_cmp(&b.bits_learned));
    if !misled.is_empty() {
        let list: Vec<String> = misled
            .iter()
            .take(3)
            .map(|p| {
                format!(
                    "{} against {} ({:+.2} bits)",
                    p.focal, p.opponent, p.bits_learned
                )
            })
            .collect();
        let _ = write!(t, "Misled on average: {}.", list.join(", "));
    } else {
        t.push_str("No strategy was misled on average against any opponent.");
    }
    ("Who extracts, who leaks", t)
}

fn trust(d: &chart::TrustData) -> (&'static str, String) {
    let mut t = String::from(
        "Over the runs of a match the same two agents meet again with fresh values but kept memory. \
             Each column is one strategy on side A, with a line per opponent on side B: the top row \
             shows A's trust in B after each run, the bottom row how much A discloses \
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
