//! The k-double auction checks (THEORY.md section 1): T1 truthful bids, T2
//! the linear equilibrium as a best response, T3 take-it-or-leave-it with
//! the buyer's value private or disclosed, T4 no profile of best
//! responders beats 27/32.

use super::{Check, Est, Kind, Tweak, col, exp, mean, paired, per_run, ratio};
use crate::config::Experiment;
use crate::error::Result;

/// A double auction on U[0, 1] values with the four presets.
fn auction(k: f64, rounds: u32, information: &str, seed: u64, tweak: Tweak) -> Result<Experiment> {
    exp(
        &format!(
            r#"
name = "validate"
seed = {seed}
runs = 1
strategies = ["open", "guarded", "probing", "mirroring"]
[scenario]
kind = "price"
information = "{information}"
buyer_value = {{ dist = "uniform", low = 0.0, high = 1.0 }}
seller_cost = {{ dist = "uniform", low = 0.0, high = 1.0 }}
[exchange]
rounds = {rounds}
leak_probability = 0.0
[protocol]
kind = "double_auction"
k = {k}
"#
        ),
        tweak,
    )
}

/// Per run: trade, joint surplus, the zone's surplus, buyer, seller, and
/// whether it traded with `v - c < 1/4`.
fn measure(e: &Experiment, a: &str, b: &str, n: u64) -> Vec<[f64; 6]> {
    per_run(e, a, b, n, |o| {
        let gap = o.private.reservation[0] - o.private.reservation[1];
        [
            o.deal as u8 as f64,
            o.joint,
            o.max_joint,
            o.surplus[0],
            o.surplus[1],
            (o.deal && gap < 0.25 - 1e-9) as u8 as f64,
        ]
    })
}

/// T1: open / open bid their values in the k = 1/2 auction.
pub(super) fn t1(out: &mut Vec<Check>, seed: u64, tweak: Tweak) -> Result<()> {
    let e = auction(0.5, 3, "private", seed, tweak)?;
    let m = measure(&e, "open", "open", 40_000);
    let what = |s: &str| format!("k=1/2 auction, open/open: {s}");
    out.push(Check::new(
        "T1",
        what("P(trade)"),
        Kind::Equal,
        0.5,
        mean(&col(&m, 0)),
    ));
    out.push(Check::new(
        "T1",
        what("E[joint surplus]"),
        Kind::Equal,
        1.0 / 6.0,
        mean(&col(&m, 1)),
    ));
    out.push(
        Check::new(
            "T1",
            what("efficiency"),
            Kind::Equal,
            1.0,
            ratio(&col(&m, 1), &col(&m, 2)),
        )
        .tol(1e-9),
    );
    for (k, side) in [(3, "buyer"), (4, "seller")] {
        out.push(Check::new(
            "T1",
            what(side),
            Kind::Equal,
            1.0 / 12.0,
            mean(&col(&m, k)),
        ));
    }
    Ok(())
}

/// T2: no talk, no leaks: guarded / guarded best-respond to the belief that
/// the other plays the linear equilibrium, which is the equilibrium.
pub(super) fn t2(out: &mut Vec<Check>, seed: u64, tweak: Tweak) -> Result<()> {
    let e = auction(0.5, 0, "private", seed, tweak)?;
    let m = measure(&e, "guarded", "guarded", 100_000);
    let what = |s: &str| format!("k=1/2 auction, no talk, guarded/guarded: {s}");
    out.push(Check::new(
        "T2",
        what("P(trade)"),
        Kind::Equal,
        9.0 / 32.0,
        mean(&col(&m, 0)),
    ));
    out.push(Check::new(
        "T2",
        what("efficiency"),
        Kind::Equal,
        27.0 / 32.0,
        ratio(&col(&m, 1), &col(&m, 2)),
    ));
    let small: f64 = col(&m, 5).iter().sum();
    out.push(Check::new(
        "T2",
        what("trades with v - c < 1/4"),
        Kind::Equal,
        0.0,
        Est(small, 0.0),
    ));
    Ok(())
}

/// T3: the seller names the price (k = 0), guarded / guarded, the buyer's
/// value private, then disclosed; `open` buyer vs `guarded` seller beside.
pub(super) fn t3(out: &mut Vec<Check>, seed: u64, tweak: Tweak) -> Result<()> {
    let n = 60_000;
    let private = auction(0.0, 0, "private", seed, tweak)?;
    let disclosed = auction(0.0, 0, "a_disclosed", seed, tweak)?;
    for (e, label, deal, seller, buyer) in [
        (&private, "private", 0.25, 1.0 / 12.0, 1.0 / 24.0),
        (&disclosed, "disclosed", 0.5, 1.0 / 6.0, 0.0),
    ] {
        let m = measure(e, "guarded", "guarded", n);
        let what = |s: &str| format!("seller names the price, value {label}: {s}");
        out.push(Check::new(
            "T3",
            what("P(trade)"),
            Kind::Equal,
            deal,
            mean(&col(&m, 0)),
        ));
        out.push(Check::new(
            "T3",
            what("seller"),
            Kind::Equal,
            seller,
            mean(&col(&m, 4)),
        ));
        out.push(Check::new("T3", what("buyer"), Kind::Equal, buyer, mean(&col(&m, 3))).tol(1e-12));
    }
    let m = measure(&private, "open", "guarded", n);
    for (k, s, v) in [
        (0, "P(trade)", 0.25),
        (4, "seller", 1.0 / 12.0),
        (3, "buyer", 1.0 / 24.0),
    ] {
        out.push(Check::new(
            "T3",
            format!("seller names the price, open buyer vs guarded seller: {s}"),
            Kind::Report,
            v,
            mean(&col(&m, k)),
        ));
    }
    Ok(())
}

/// T4: no talk, no leaks: every pairing of guarded, probing and mirroring
/// reaches the same efficiency, at most 27/32.
pub(super) fn t4(out: &mut Vec<Check>, seed: u64, tweak: Tweak) -> Result<()> {
    let e = auction(0.5, 0, "private", seed, tweak)?;
    let n = 30_000;
    let names = ["guarded", "probing", "mirroring"];
    let mut first: Option<Vec<[f64; 6]>> = None;
    for a in names {
        for b in names {
            let m = measure(&e, a, b, n);
            let what = format!("k=1/2 auction, no talk, {a}/{b}: efficiency");
            out.push(Check::new(
                "T4",
                format!("{what} <= 27/32"),
                Kind::AtMost,
                27.0 / 32.0,
                ratio(&col(&m, 1), &col(&m, 2)),
            ));
            match &first {
                None => first = Some(m),
                Some(f) => {
                    // Paired: the same values in every run.
                    let d = paired(&col(&m, 1), &col(f, 1));
                    let zone: f64 = col(f, 2).iter().sum::<f64>() / n as f64;
                    out.push(
                        Check::new(
                            "T4",
                            format!("{what} minus guarded/guarded's"),
                            Kind::Equal,
                            0.0,
                            Est(d.0 / zone, d.1 / zone),
                        )
                        .tol(1e-12),
                    );
                }
            }
        }
    }
    Ok(())
}
