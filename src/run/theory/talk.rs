//! The checks where talk matters: T5 weight disclosure creates value, T7
//! thread-count independence, T8 no talk means no information, T9 talk
//! creates value and bluffs destroy it, T10 bluffing has an interior
//! optimum and costs deals.

use super::{Check, Est, Kind, Tweak, col, exp, mean, paired, per_run};
use crate::config::Experiment;
use crate::error::Result;
use crate::model::geometry::Frontier;
use crate::run::tournament::{self, RunOptions, run_rngs};

/// The default price tournament's config with `exchange` lines and the
/// four presets.
pub(super) fn price(seed: u64, exchange: &str, tweak: Tweak) -> Result<Experiment> {
    exp(
        &format!(
            r#"
name = "validate"
seed = {seed}
runs = 1
strategies = ["open", "guarded", "mirroring", "probing"]
[scenario]
kind = "price"
buyer_value = {{ dist = "uniform", low = 40000, high = 60000 }}
seller_cost = {{ dist = "uniform", low = 40000, high = 60000 }}
[exchange]
{exchange}
[protocol]
kind = "alternating_offers"
"#
        ),
        tweak,
    )
}

/// T5: two issues, weights `(a, 1 - a)` and `(b, 1 - b)` with `a, b` uniform;
/// welfare of the 50/50 split, of the welfare rule and of the Nash point
/// (geometry), and of `open` agents disclosing their weights precisely
/// (d = 1) against `guarded` agents who say nothing.
pub(super) fn t5(out: &mut Vec<Check>, seed: u64, tweak: Tweak) -> Result<()> {
    let two = exp(
        &format!(
            r#"
name = "validate"
seed = {seed}
runs = 1
strategies = ["open", "guarded"]
[scenario]
kind = "multi_issue"
weights_a = [1.0, 1.0]
weights_b = [1.0, 1.0]
reservation_a = {{ dist = "uniform", low = 0.0, high = 0.001 }}
reservation_b = {{ dist = "uniform", low = 0.0, high = 0.001 }}
[exchange]
leak_probability = 0.0
[protocol]
kind = "alternating_offers"
discount = 1.0
"#
        ),
        tweak,
    )?;
    let n = 40_000;
    let geometry: Vec<[f64; 3]> = (0..n)
        .map(|i| {
            let (mut v, _) = run_rngs(two.seed, i);
            let p = two.scenario.draw(&mut v);
            let (wa, wb) = (&p.weights[0][..2], &p.weights[1][..2]);
            let f = Frontier::linear(wa, wb);
            let r = (p.reservation[0], p.reservation[1]);
            let nash = f.nash(r).unwrap_or(r);
            [
                0.5 * (wa[0] + wa[1]) + 0.5 * (wb[0] + wb[1]),
                f.max_joint_surplus((0.0, 0.0)),
                nash.0 + nash.1,
            ]
        })
        .collect();
    let welfare = |a: &str, b: &str| {
        col(
            &per_run(&two, a, b, n, |o| {
                [o.joint + o.private.reservation[0] + o.private.reservation[1]]
            }),
            0,
        )
    };
    let (talk, silent) = (welfare("open", "open"), welfare("guarded", "guarded"));
    let what = |s: &str| format!("2 issues, random weights: {s}");
    // Weights sum to 1, so this is 1 by construction: shown, not judged.
    out.push(Check::new(
        "T5",
        what("50/50 split, welfare"),
        Kind::Report,
        1.0,
        mean(&col(&geometry, 0)),
    ));
    out.push(Check::new(
        "T5",
        what("welfare rule, welfare"),
        Kind::Equal,
        4.0 / 3.0,
        mean(&col(&geometry, 1)),
    ));
    // THEORY.md gives the Nash welfare to three decimals.
    out.push(
        Check::new(
            "T5",
            what("Nash point, welfare"),
            Kind::Equal,
            1.318,
            mean(&col(&geometry, 2)),
        )
        .tol(0.0005),
    );
    // Exact weight claims are precise to 1e-6 in the beliefs.
    out.push(
        Check::new(
            "T5",
            what("open/open (precise weights, d = 1), welfare minus the Nash point's"),
            Kind::Equal,
            0.0,
            paired(&talk, &col(&geometry, 2)),
        )
        .tol(1e-5),
    );
    out.push(Check::new(
        "T5",
        what("open/open, welfare"),
        Kind::AtLeast,
        1.30,
        mean(&talk),
    ));
    out.push(Check::new(
        "T5",
        what("open/open welfare minus guarded/guarded's (no disclosure)"),
        Kind::Above,
        0.0,
        paired(&talk, &silent),
    ));
    Ok(())
}

/// T7: the thread count does not change results.
pub(super) fn t7(out: &mut Vec<Check>, seed: u64, tweak: Tweak) -> Result<()> {
    let mut t7 = price(seed, "", tweak)?;
    t7.runs = 3000;
    let one = tournament::run(&t7, RunOptions { threads: 1 }, &|_| {}, None)?;
    let two = tournament::run(&t7, RunOptions { threads: 2 }, &|_| {}, None)?;
    out.push(Check::new(
        "T7",
        "default tournament: summaries identical with 1 and 2 threads (1 = yes)",
        Kind::Equal,
        1.0,
        Est((one.pairs == two.pairs) as u8 as f64, 0.0),
    ));
    Ok(())
}

/// T8: price, no talk, no leaks: nobody learns anything, in any run of any
/// pairing (`info_bits`, asymmetry and `crps_gain` exactly 0).
pub(super) fn t8(out: &mut Vec<Check>, seed: u64, tweak: Tweak) -> Result<()> {
    let e = price(seed, "rounds = 0\nleak_probability = 0.0", tweak)?;
    let names = ["open", "guarded", "mirroring", "probing"];
    let mut nonzero = 0.0;
    for a in names {
        for b in names {
            let rows = per_run(&e, a, b, 2000, |o| {
                let zero = o.info_bits == [0.0; 2]
                    && o.asymmetry == 0.0
                    && [o.crps_gain(0), o.crps_gain(1)] == [0.0; 2];
                [(!zero) as u8 as f64]
            });
            nonzero += col(&rows, 0).iter().sum::<f64>();
        }
    }
    out.push(Check::new(
        "T8",
        "price, no talk, no leaks, 16 pairings x 2,000 runs: runs with info_bits, asymmetry or crps_gain != 0",
        Kind::Equal,
        0.0,
        Est(nonzero, 0.0),
    ));
    Ok(())
}

/// Efficiency of pairing (a, b) run by run: (joint surplus, zone's surplus).
fn joint(e: &Experiment, a: &str, b: &str, n: u64) -> Vec<[f64; 2]> {
    per_run(e, a, b, n, |o| [o.joint, o.max_joint])
}

/// T9: in the default price set-up, efficiency falls from open / open to
/// guarded / guarded to probing / probing (paired, same values).
pub(super) fn t9(out: &mut Vec<Check>, seed: u64, tweak: Tweak) -> Result<()> {
    let e = price(seed, "", tweak)?;
    let n = 20_000;
    let runs: Vec<Vec<[f64; 2]>> = ["open", "guarded", "probing"]
        .iter()
        .map(|s| joint(&e, s, s, n))
        .collect();
    let zone = col(&runs[0], 1).iter().sum::<f64>() / n as f64;
    for (x, y, what) in [
        (0, 1, "open/open minus guarded/guarded"),
        (1, 2, "guarded/guarded minus probing/probing"),
    ] {
        let d = paired(&col(&runs[x], 0), &col(&runs[y], 0));
        out.push(Check::new(
            "T9",
            format!("default price set-up, efficiency: {what}"),
            Kind::Above,
            0.0,
            Est(d.0 / zone, d.1 / zone),
        ));
    }
    Ok(())
}

/// T10: probing (side A) vs open with bluffs of 0, 0.5, 1 and 2 prior sds:
/// the deal rate given a zone falls with any bluff, and the bluffer's
/// surplus peaks at a moderate bluff.
pub(super) fn t10(out: &mut Vec<Check>, seed: u64, tweak: Tweak) -> Result<()> {
    let n = 20_000;
    let bluffs = ["0.0", "0.5", "1.0", "2.0"];
    let mut runs = Vec::new();
    for b in bluffs {
        let mut t: Vec<(&str, &str)> = tweak.to_vec();
        t.push(("strategy.probing.bluff", b));
        let e = price(seed, "", &t)?;
        runs.push(per_run(&e, "probing", "open", n, |o| {
            [o.zopa as u8 as f64, o.deal as u8 as f64, o.surplus[0]]
        }));
    }
    // Deal rate given a zone, over the runs with a zone (the same runs for
    // every bluff).
    let zone: Vec<usize> = (0..n as usize).filter(|&i| runs[0][i][0] > 0.0).collect();
    let deals = |k: usize| -> Vec<f64> { zone.iter().map(|&i| runs[k][i][1]).collect() };
    for k in 1..bluffs.len() {
        out.push(Check::new(
            "T10",
            format!(
                "probing vs open: deal rate given a zone, bluff 0 minus bluff {}",
                bluffs[k]
            ),
            Kind::Above,
            0.0,
            paired(&deals(0), &deals(k)),
        ));
    }
    let surplus = |k: usize| col(&runs[k], 2);
    let best = if mean(&surplus(1)).0 >= mean(&surplus(2)).0 {
        1
    } else {
        2
    };
    for k in [0, 3] {
        out.push(Check::new(
            "T10",
            format!(
                "probing vs open: bluffer's surplus at bluff {} minus at bluff {}",
                bluffs[best], bluffs[k]
            ),
            Kind::Above,
            0.0,
            paired(&surplus(best), &surplus(k)),
        ));
    }
    Ok(())
}
