//! The report of `negsim bench`: how an external agent did against each
//! preset, its gap to the best response with the gap chart, and what it
//! gave away, learned and said.

use super::numbers::Scale;
use super::{Block, Report, Table, html, markdown};
use crate::error::Result;
use crate::output::results_dir::write_atomic;
use crate::run::bench::BenchRow;
use crate::run::stats::ClusterMean;
use std::path::Path;

/// What the report is about.
pub struct BenchReport<'a> {
    /// The agent's name and command as shown.
    pub agent: &'a str,
    /// Runs per opponent and role, and the seed.
    pub runs: u64,
    pub seed: u64,
    /// bench.csv's rows.
    pub rows: &'a [BenchRow],
    /// The gap chart as SVG (charts/bench_gap.png beside it).
    pub svg: String,
    /// Negotiations the agent forfeited, and the first reason.
    pub forfeits: usize,
    pub first_forfeit: Option<&'a str>,
    /// Negotiations per second of the agent's negotiations.
    pub per_second: f64,
    /// The scenario is `multi_issue` (surpluses are utilities, lies are
    /// about the reservation utility).
    pub multi_issue: bool,
}

/// What the columns mean in `multi_issue` (docs/PROTOCOL.md).
const MULTI_ISSUE: &str = "Surpluses are utilities (its utility of the agreement minus its \
    reservation utility, discounted). Lies told: claims of a reservation utility above its own \
    beyond the noise it stated; their size in prior sds of its reservation utility (claims about \
    weights are taken as honest by the model, MODEL.md section 3, and are not counted). Bits \
    given: what its claims about its reservation utility and weights gave a fully trusting \
    listener; bits gained: what it learned about the other's reservation utility and weights by \
    the start of the offers (MODEL.md section 8). Believed a bluff: of the runs where the \
    opponent overstated its reservation utility and the agent made an offer or a deal, the \
    share where its final package gave the opponent at least the claimed utility. CRPS: of its \
    last belief report about the other's reservation utility, in prior sds (empty: it reported \
    none). Offers beyond own value: packages it offered worth less to it than its reservation \
    utility.";

/// Write report.md and report.html of a bench into `dir`.
pub fn write(dir: &Path, b: &BenchReport) -> Result<()> {
    let report = report(b);
    write_atomic(&dir.join("report.md"), markdown::render(&report).as_bytes())?;
    write_atomic(&dir.join("report.html"), html::render(&report).as_bytes())?;
    Ok(())
}

fn report(b: &BenchReport) -> Report {
    let s = Scale::of(b.rows.iter().map(|r| r.surplus.mean()));
    let pm = |s: Scale, c: &ClusterMean| s.pm(c.mean(), c.ci95());
    let frac = Scale { decimals: 3 };
    let bits = Scale { decimals: 2 };
    let rows = b
        .rows
        .iter()
        .map(|r| {
            vec![
                r.opponent.clone(),
                r.runs.to_string(),
                pm(frac, &r.deal_rate),
                pm(s, &r.surplus),
                pm(s, &r.best_response_surplus),
                pm(s, &r.gap),
                r.best_response.clone(),
                r.lies_told.to_string(),
                bits.fmt(r.lie_size_sd),
                pm(bits, &r.bits_given),
                pm(bits, &r.bits_gained),
                format!(
                    "{} of {}",
                    frac.fmt(r.believed_bluff.mean()),
                    r.bluffs_faced
                ),
                frac.fmt(r.crps.mean()),
                r.offers_beyond_reservation.to_string(),
                r.forfeits.to_string(),
            ]
        })
        .collect();
    let head = [
        "opponent",
        "runs",
        "deal rate",
        "surplus",
        "best response's surplus",
        "gap",
        "best response",
        "lies told",
        "lie size (sd)",
        "bits given",
        "bits gained",
        "believed a bluff",
        "CRPS (sd)",
        "offers beyond own value",
        "forfeits",
    ];
    let mut numeric = vec![true; head.len()];
    numeric[0] = false;
    numeric[6] = false;
    let mut blocks = vec![
        Block::Heading("Bench".into()),
        Block::Paragraph(format!(
            "The agent {} played every preset in both roles, {} runs per opponent and role \
             (seed {}), on common random numbers: run i draws the same private values and the \
             same chance events for the agent and for each preset in its seat. The best response \
             to an opponent in a role is the preset that earns the most in the agent's seat on \
             those same draws; the gap is its surplus minus the agent's, run by run. Intervals \
             are 95%, clustered by run (by match when a match has several runs). {:.0} of the \
             agent's negotiations per second.",
            b.agent, b.runs, b.seed, b.per_second
        )),
        Block::Table(Table {
            id: "bench".into(),
            head: head.iter().map(|h| h.to_string()).collect(),
            rows,
            numeric,
        }),
        Block::Paragraph(if b.multi_issue {
            MULTI_ISSUE.into()
        } else {
            "Lies told: claims about its own value shifted in its favour beyond the noise it \
             stated (a buyer understating its value, a seller overstating its cost); their size \
             in prior sds of its value. Bits given: what its claims gave a fully trusting \
             listener; bits gained: what it learned about the other's value by the start of the \
             offers (the engine's belief from what it heard, MODEL.md section 8). Believed a \
             bluff: of the runs where the opponent bluffed and it made an offer or a deal, the \
             share where its final position conceded as far as the bluffed claim. CRPS: of its \
             last belief report about the other's value, in prior sds (empty: it reported none)."
                .into()
        }),
        Block::Chart {
            title: "Gap to the best response".into(),
            id: "bench_gap".into(),
            svg: b.svg.clone(),
            text: "Each row: the best preset's surplus in the agent's seat minus the agent's, \
                   per negotiation, with its 95% interval clustered by run. Right of zero: a \
                   preset would have done better on the same draws. Filled: different from zero \
                   after Holm's correction over the rows."
                .into(),
        },
    ];
    if b.forfeits > 0 {
        blocks.push(Block::Heading("Forfeits".into()));
        blocks.push(Block::Paragraph(format!(
            "The agent forfeited {} negotiations (forfeits.csv lists them); the first: {}",
            b.forfeits,
            b.first_forfeit.unwrap_or("")
        )));
    }
    Report {
        name: format!("bench of {}", b.agent),
        intro: "negsim bench: an external agent against the presets (docs/PROTOCOL.md).".into(),
        blocks,
    }
}
