//! The alternating-offers and geometry checks of `negsim validate`: T6
//! (complete information, subgame-perfect offers) and the fixed 2-issue
//! domain's exact metrics (FD).

use super::{Check, Kind, exp, per_run};
use crate::config::Experiment;
use crate::error::Result;
use crate::model::geometry::{
    Frontier, Point, distance_to_points, kalai_smorodinsky_point, nash_point, pareto_set,
};

/// Alternating offers in `price` under complete information with
/// subgame-perfect offers; per-side discount factors `d`.
fn complete_information(deadline: u32, d: [f64; 2], seed: u64) -> Result<Experiment> {
    exp(
        &format!(
            r#"
name = "validate"
seed = {seed}
runs = 1
strategies = ["open"]
[scenario]
kind = "price"
information = "complete"
buyer_value = {{ dist = "uniform", low = 0.0, high = 1.0 }}
seller_cost = {{ dist = "uniform", low = 0.0, high = 1.0 }}
[exchange]
rounds = 0
leak_probability = 0.0
[protocol]
kind = "alternating_offers"
deadline = {deadline}
discount_a = {}
discount_b = {}
offers = "subgame_perfect"
"#,
            d[0], d[1]
        ),
        &[],
    )
}

/// The largest deviation of the first mover's share of the surplus from
/// `expected` over 2,000 runs; NaN (so that the check fails) when a run
/// with a zone of agreement ended without a deal, or no run had one.
fn first_mover_share_error(exp: &Experiment, expected: f64) -> f64 {
    let (mut worst, mut checked, mut missed) = (0.0f64, 0u32, false);
    let rows = per_run(exp, "open", "open", 2000, |o| {
        [
            (o.zopa && o.max_joint > 0.0) as u8 as f64,
            o.deal as u8 as f64,
            o.surplus[0] / o.joint,
        ]
    });
    for [zone, deal, share] in rows {
        if zone > 0.0 {
            checked += 1;
            if deal > 0.0 {
                worst = worst.max((share - expected).abs());
            } else {
                missed = true;
            }
        }
    }
    if missed || checked == 0 {
        f64::NAN
    } else {
        worst
    }
}

/// One T6 check: under complete information with subgame-perfect offers,
/// deadline `deadline` and discount factors `d`, the first mover's share of
/// the surplus in every run equals `expected` to 1e-9.
pub fn subgame_perfect_check(
    deadline: u32,
    d: [f64; 2],
    expected: f64,
    seed: u64,
) -> Result<Check> {
    let error = first_mover_share_error(&complete_information(deadline, d, seed)?, expected);
    Ok(Check {
        id: "T6",
        what: format!(
            "complete information, d = ({}, {}), T = {deadline}: first mover's share",
            d[0], d[1]
        ),
        expected,
        measured: expected + error,
        se: 0.0,
        tolerance: 1e-9,
        kind: Kind::Equal,
    })
}

/// T6: complete information, subgame-perfect offers: the first mover's
/// share is the finite-horizon recursion (d = 0.9, T = 1..10) and, at a long
/// deadline, Rubinstein's `(1 - d_B) / (1 - d_A d_B)`.
pub(super) fn t6(out: &mut Vec<Check>, seed: u64) -> Result<()> {
    let d = 0.9f64;
    for t in 1..=10u32 {
        let expected = (1.0 - (-d).powi(t as i32)) / (1.0 + d);
        out.push(subgame_perfect_check(t, [d, d], expected, seed)?);
    }
    let expected = (1.0 - 0.8) / (1.0 - 0.9 * 0.8);
    out.push(subgame_perfect_check(200, [0.9, 0.8], expected, seed)?);
    Ok(())
}

/// The fixed 2-issue domain of THEORY.md section 3, exactly.
pub(super) fn fixed_domain(out: &mut Vec<Check>) {
    let levels = [0.0, 0.25, 0.5, 0.75, 1.0];
    let mut bids: Vec<Point> = Vec::new();
    for &x1 in &levels {
        for &x2 in &levels {
            bids.push((0.7 * x1 + 0.3 * x2, 0.3 * (1.0 - x1) + 0.7 * (1.0 - x2)));
        }
    }
    let pareto = pareto_set(&bids);
    let np = nash_point(&pareto, (0.0, 0.0)).unwrap_or((f64::NAN, f64::NAN));
    let ks = kalai_smorodinsky_point(&pareto, (0.0, 0.0)).unwrap_or((f64::NAN, f64::NAN));
    let cont = Frontier::linear(&[0.7, 0.3], &[0.3, 0.7]);
    let half_point = (0.5, 0.5);
    let exact = |what: &str, expected: f64, measured: f64, tol: f64| Check {
        id: "FD",
        what: what.to_string(),
        expected,
        measured,
        se: 0.0,
        tolerance: tol,
        kind: Kind::Equal,
    };
    out.push(exact("fixed domain: Nash point u_A", 0.7, np.0, 1e-12));
    out.push(exact("fixed domain: Nash point u_B", 0.7, np.1, 1e-12));
    out.push(exact(
        "fixed domain: Kalai-Smorodinsky u_A",
        0.7,
        ks.0,
        1e-12,
    ));
    out.push(exact(
        "fixed domain: max welfare",
        1.4,
        cont.max_joint_surplus((0.0, 0.0)),
        1e-12,
    ));
    // 0.5 + 0.5 by construction: shown, not judged.
    out.push(Check {
        kind: Kind::Report,
        ..exact(
            "fixed domain: 50/50 welfare",
            1.0,
            half_point.0 + half_point.1,
            1e-12,
        )
    });
    out.push(exact(
        "50/50 distance to discrete Pareto bids",
        0.2761,
        distance_to_points(half_point, &pareto),
        5e-5,
    ));
    out.push(exact(
        "50/50 distance to continuous frontier",
        0.2626,
        cont.distance(half_point),
        5e-5,
    ));
    out.push(exact(
        "50/50 distance to Nash point",
        0.2828,
        ((0.5f64 - np.0).powi(2) + (0.5f64 - np.1).powi(2)).sqrt(),
        5e-5,
    ));
}
