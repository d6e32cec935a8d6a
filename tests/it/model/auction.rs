//! The k-double auction (MODEL.md section 6, THEORY.md section 1): `open`
//! bids its value; strategic bidders best-respond to their belief about the
//! other's bid, which comes from talk and earlier bids, never from the
//! other's type. With no talk that best response is the Chatterjee-Samuelson
//! bid, a consequence rather than a formula.

use super::{Est, from_toml, mean, outcomes, record};
use negsim::config::Experiment;
use negsim::model::negotiation::{Event, Outcome};

/// Values uniform on [0, 1], k = 1/2; `exchange` and `extra` tables.
fn auction(exchange: &str, extra: &str) -> Experiment {
    from_toml(&format!(
        r#"
name = "auction"
seed = 3
runs = 1000
strategies = ["open", "guarded", "mirroring", "probing"]
[scenario]
kind = "price"
buyer_value = {{ dist = "uniform", low = 0.0, high = 1.0 }}
seller_cost = {{ dist = "uniform", low = 0.0, high = 1.0 }}
[exchange]
{exchange}
[protocol]
kind = "double_auction"
k = 0.5
{extra}
"#
    ))
}

const QUIET: &str = "rounds = 0\nleak_probability = 0.0";

/// The buyer's bid and the seller's ask of a recorded run.
fn bids(events: &[Event]) -> [f64; 2] {
    let mut b = [f64::NAN; 2];
    for e in events {
        if let Event::Offer { side, value, .. } = *e {
            b[side] = value;
        }
    }
    assert!(b.iter().all(|x| x.is_finite()), "{events:?}");
    b
}

/// Chatterjee-Samuelson for k = 1/2 on [0, 1], and the value itself where
/// no trade is possible (v < 1/4, c > 3/4).
fn cs_bid(v: f64) -> f64 {
    if v >= 0.25 {
        2.0 * v / 3.0 + 1.0 / 12.0
    } else {
        v
    }
}
fn cs_ask(c: f64) -> f64 {
    if c <= 0.75 { 2.0 * c / 3.0 + 0.25 } else { c }
}

fn check_trade(o: &Outcome, b: [f64; 2], what: &str) {
    assert_eq!(o.deal, b[0] >= b[1], "{what}");
    assert_eq!(o.rounds, 1);
    if o.deal {
        assert!((o.price - 0.5 * (b[0] + b[1])).abs() < 1e-12, "{what}");
    }
}

#[test]
fn without_talk_strategic_bidders_bid_chatterjee_samuelson_and_never_trade_below_a_quarter() {
    let exp = auction(QUIET, "");
    for a in ["guarded", "mirroring", "probing"] {
        for b in ["guarded", "mirroring", "probing"] {
            for run in 0..1500 {
                let (events, o) = record(&exp, a, b, run);
                let (v, c) = (o.private.reservation[0], o.private.reservation[1]);
                let bid = bids(&events);
                let what = format!("{a} vs {b}, run {run}: v {v}, c {c}, bids {bid:?}");
                assert!((bid[0] - cs_bid(v)).abs() < 1e-9, "{what}");
                assert!((bid[1] - cs_ask(c)).abs() < 1e-9, "{what}");
                check_trade(&o, bid, &what);
                // Trade iff v >= c + 1/4.
                if (v - c - 0.25).abs() > 1e-9 {
                    assert_eq!(o.deal, v >= c + 0.25, "{what}");
                }
            }
        }
    }
}

#[test]
fn t1_t2_truthful_bidders_trade_whenever_it_pays_strategic_ones_lose_a_sixth() {
    let exp = auction(QUIET, "");
    let n = 40_000;
    // open / open: both bid their values; trade iff v >= c; each side half
    // the gain, so efficiency 1 in every run with a zone.
    for o in outcomes(&exp, "open", "open", 5000) {
        let (v, c) = (o.private.reservation[0], o.private.reservation[1]);
        assert_eq!(o.deal, v >= c);
        if o.deal {
            assert!((o.surplus[0] - 0.5 * (v - c)).abs() < 1e-12);
            assert!((o.surplus[1] - 0.5 * (v - c)).abs() < 1e-12);
            assert!((o.efficiency - 1.0).abs() < 1e-12);
        }
    }
    // guarded / guarded: deal rate 9/32, joint surplus 9/64, efficiency
    // 27/32 (THEORY.md T2), within 3.3 standard errors.
    let os = outcomes(&exp, "guarded", "guarded", n);
    let deal: Est = mean(&os.iter().map(|o| super::ind(o.deal)).collect::<Vec<_>>());
    let joint: Est = mean(&os.iter().map(|o| o.joint).collect::<Vec<_>>());
    let zone: Est = mean(&os.iter().map(|o| o.max_joint).collect::<Vec<_>>());
    eprintln!(
        "T2: deal {:.5} ± {:.5}, joint {:.5} ± {:.5}",
        deal.mean, deal.se, joint.mean, joint.se
    );
    assert!(deal.covers(9.0 / 32.0, 0.0), "{deal:?}");
    assert!(joint.covers(9.0 / 64.0, 0.0), "{joint:?}");
    assert!(zone.covers(1.0 / 6.0, 0.0), "{zone:?}");
    // Efficiency of the same runs: joint / zone with the paired ratio's
    // standard error (delta method).
    let r = joint.mean / zone.mean;
    let resid: Vec<f64> = os.iter().map(|o| o.joint - r * o.max_joint).collect();
    let se = mean(&resid).se / zone.mean;
    assert!(
        (r - 27.0 / 32.0).abs() < super::Z * se,
        "efficiency {r} ± {se}"
    );
}

#[test]
fn open_bids_its_value_whoever_it_meets_with_or_without_talk() {
    for exp in [
        auction(QUIET, ""),
        auction("rounds = 3\nleak_probability = 0.2", ""),
    ] {
        for opp in crate::helpers::PRESETS {
            for (a, b, s) in [("open", opp, 0usize), (opp, "open", 1usize)] {
                for run in 0..300 {
                    let (events, o) = record(&exp, a, b, run);
                    let bid = bids(&events);
                    assert_eq!(bid[s], o.private.reservation[s], "{a} vs {b}, run {run}");
                    check_trade(&o, bid, &format!("{a} vs {b}, run {run}"));
                }
            }
        }
    }
}

#[test]
fn a_reciprocal_bidder_bids_its_value_only_to_a_side_whose_precise_claims_it_trusts() {
    // After talk, mirroring believes open (exact claims, trust 1) bids its
    // value, and bids its own: the pair trades whenever it pays. Against
    // guarded (who says nothing) it best-responds to the equilibrium.
    let exp = auction("rounds = 3\nleak_probability = 0.0", "");
    for run in 0..1000 {
        for (a, b, m) in [("mirroring", "open", 0usize), ("open", "mirroring", 1usize)] {
            let (events, o) = record(&exp, a, b, run);
            let bid = bids(&events);
            assert_eq!(bid[m], o.private.reservation[m], "{a} vs {b}, run {run}");
            if o.zopa && o.max_joint > 0.0 {
                assert!(o.deal && (o.efficiency - 1.0).abs() < 1e-12);
            }
        }
        let (events, o) = record(&exp, "mirroring", "guarded", run);
        let bid = bids(&events);
        assert!(
            (bid[0] - cs_bid(o.private.reservation[0])).abs() < 1e-9,
            "run {run}: {bid:?}"
        );
    }
}

#[test]
fn in_a_match_a_strategic_bidder_learns_from_earlier_bids_that_open_bids_its_value() {
    // No talk. First run: it cannot know, and bids Chatterjee-Samuelson.
    // After the debrief it has seen a truthful bid, and from the second run
    // on best-responds to a truthful other: the buyer bids 2v/3, the seller
    // asks (1 + 2c)/3 (maximising the expected payoff against a uniform
    // value bid as it is). Against another strategic bidder it keeps the
    // equilibrium.
    let exp = auction(QUIET, "[match]\nruns = 4\n");
    // A bid shows its type only where the equilibrium bid could trade (a
    // buyer's value >= 1/4, a seller's cost <= 3/4): an idle bid shows
    // nothing, so it learns from the first run whose open value was active.
    let (mut knows_seller, mut knows_buyer) = (false, false);
    for run in 0..2000u64 {
        if run % 4 == 0 {
            (knows_seller, knows_buyer) = (false, false);
        }
        let (events, o) = record(&exp, "guarded", "open", run);
        let v = o.private.reservation[0];
        let want = if knows_seller {
            2.0 * v / 3.0
        } else {
            cs_bid(v)
        };
        assert!(
            (bids(&events)[0] - want).abs() < 1e-9,
            "run {run}: {:?} vs {want}",
            bids(&events)
        );
        knows_seller |= o.private.reservation[1] <= 0.75;
        let (events, o) = record(&exp, "open", "probing", run);
        let c = o.private.reservation[1];
        let want = if knows_buyer {
            (1.0 + 2.0 * c) / 3.0
        } else {
            cs_ask(c)
        };
        assert!(
            (bids(&events)[1] - want).abs() < 1e-9,
            "run {run}: {:?} vs {want}",
            bids(&events)
        );
        knows_buyer |= o.private.reservation[0] >= 0.25;
    }
}

/// MODEL BUG: after a debrief, a strategic bidder classifies the other's
/// bid as truthful when it equals the other's value and not its linear-
/// equilibrium bid (`Table::auction`). But a strategic bidder with no
/// profitable trade (a buyer with v < 1/4, a seller with c > 3/4 on [0, 1])
/// bids its value (the documented rule, and the Chatterjee-Samuelson
/// equilibrium leaves such bids free), so it is taken for a truthful bidder:
/// `q` becomes 1 and in the next run of the match the other abandons the
/// equilibrium and best-responds to a truthful bidder that is not there.
/// Seen: guarded (buyer) vs probing, match runs of 4, seed 3: run 2 the
/// seller's cost is 0.838 and it asks 0.8375 (its value); run 3 the buyer,
/// v = 0.389, bids 0.2595 = 2v/3 instead of the equilibrium 0.3428. About a
/// quarter of the runs of any strategic pairing trigger it, so repeated
/// auctions among strategic bidders drift from the equilibrium THEORY.md T4
/// assumes. (A bid that cannot trade under either hypothesis should leave
/// the belief unchanged.)
#[test]
fn in_a_match_strategic_bidders_keep_bidding_the_equilibrium_to_each_other() {
    let exp = auction(QUIET, "[match]\nruns = 4\n");
    for (a, b) in [
        ("guarded", "probing"),
        ("guarded", "guarded"),
        ("probing", "mirroring"),
    ] {
        for run in 0..400u64 {
            let (events, o) = record(&exp, a, b, run);
            let bid = bids(&events);
            let (v, c) = (o.private.reservation[0], o.private.reservation[1]);
            assert!(
                (bid[0] - cs_bid(v)).abs() < 1e-9 && (bid[1] - cs_ask(c)).abs() < 1e-9,
                "{a} vs {b}, run {run} (position {} of its match): v {v:.4}, c {c:.4}, bids {bid:?}, equilibrium [{:.4}, {:.4}]",
                run % 4,
                cs_bid(v),
                cs_ask(c)
            );
        }
    }
}
