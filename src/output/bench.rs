//! What `negsim bench` writes: bench.csv, the gap chart's data and the
//! report (report.md and report.html, see [`crate::output::report::bench`]).

use crate::number::num;
use crate::run::bench::BenchRow;
use crate::run::stats::{ClusterMean, Z95, student_two_sided};
use negsim_chart::{Ci, ComparisonEntry, ComparisonsData};
use std::fmt::Write;

/// The columns of bench.csv, in order.
pub const COLUMNS: [&str; 31] = [
    "opponent",
    "runs",
    "deal_rate",
    "deal_rate_ci95",
    "surplus",
    "surplus_ci95",
    "best_response",
    "best_response_surplus",
    "best_response_surplus_ci95",
    "gap",
    "gap_ci95",
    "gap_p_holm",
    "lies_told",
    "lie_size_sd",
    "bits_given",
    "bits_given_ci95",
    "bits_gained",
    "bits_gained_ci95",
    "believed_bluff",
    "believed_bluff_ci95",
    "bluffs_faced",
    "crps",
    "crps_ci95",
    "prior_crps",
    "belief_reports",
    "offers_beyond_reservation",
    "forfeits",
    "clusters",
    "agent",
    "seed",
    "runs_per_role",
];

/// A CSV field, quoted when it must be.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Holm-adjusted p-values of the rows' gaps (two-sided, Student's t with
/// clusters - 1 degrees of freedom, the clustered standard error).
pub fn holm(rows: &[BenchRow]) -> Vec<f64> {
    let p: Vec<f64> = rows.iter().map(|r| p_value(&r.gap)).collect();
    let mut order: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let m = order.len();
    let mut adj = vec![f64::NAN; p.len()];
    let mut running: f64 = 0.0;
    for (k, &i) in order.iter().enumerate() {
        running = running.max(((m - k) as f64 * p[i]).min(1.0));
        adj[i] = running;
    }
    adj
}

/// The two-sided p-value of a clustered mean against 0.
fn p_value(m: &ClusterMean) -> f64 {
    let se = m.ci95() / Z95;
    if m.clusters() < 2 || se.is_nan() {
        return f64::NAN;
    }
    if se == 0.0 {
        return if m.mean() == 0.0 { 1.0 } else { 0.0 };
    }
    student_two_sided(m.mean() / se, (m.clusters() - 1) as f64)
}

/// bench.csv: one row per opponent and one overall.
pub fn csv(rows: &[BenchRow], agent: &str, seed: u64, runs: u64) -> String {
    let mut out = COLUMNS.join(",");
    out.push('\n');
    let p = holm(rows);
    for (r, p) in rows.iter().zip(p) {
        let m = |c: &ClusterMean| [num(c.mean()), num(c.ci95())];
        let cells: Vec<String> = [
            vec![field(&r.opponent), r.runs.to_string()],
            m(&r.deal_rate).to_vec(),
            m(&r.surplus).to_vec(),
            vec![field(&r.best_response)],
            m(&r.best_response_surplus).to_vec(),
            m(&r.gap).to_vec(),
            vec![num(p), r.lies_told.to_string(), num(r.lie_size_sd)],
            m(&r.bits_given).to_vec(),
            m(&r.bits_gained).to_vec(),
            m(&r.believed_bluff).to_vec(),
            vec![r.bluffs_faced.to_string()],
            m(&r.crps).to_vec(),
            vec![
                num(r.prior_crps.mean()),
                r.belief_reports.to_string(),
                r.offers_beyond_reservation.to_string(),
                r.forfeits.to_string(),
                r.gap.clusters().to_string(),
                field(agent),
                seed.to_string(),
                runs.to_string(),
            ],
        ]
        .concat();
        let _ = writeln!(out, "{}", cells.join(","));
    }
    out
}

/// The gap chart: per opponent and overall, the best response's surplus
/// minus the agent's with its 95% interval; filled when significant after
/// Holm's correction over the rows.
pub fn gap_chart(rows: &[BenchRow], agent: &str) -> ComparisonsData {
    let p = holm(rows);
    ComparisonsData {
        title: format!("How far {agent} is from the best response"),
        x_label: "best preset's surplus in its seat minus its own, per negotiation".into(),
        rows: rows
            .iter()
            .zip(p)
            .map(|(r, p)| {
                let (m, h) = (r.gap.mean(), r.gap.ci95());
                ComparisonEntry {
                    label: if r.opponent == "overall" {
                        "overall".into()
                    } else {
                        format!("vs {}", r.opponent)
                    },
                    difference: Ci::new(m, m - h, m + h),
                    significant: p < 0.05,
                }
            })
            .collect(),
    }
}
