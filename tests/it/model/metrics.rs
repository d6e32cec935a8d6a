//! What a run reports (MODEL.md section 8): exact identities on every run
//! of every pairing, and no information without talk or leaks.

use super::{HI, LO, config_file, default_exp, mean, outcomes, price, sd};
use crate::helpers::PRESETS;
use negsim::config::Experiment;
use negsim::model::negotiation::Outcome;

/// Identities every run satisfies, in either scenario.
fn check_common(o: &Outcome, exp: &Experiment, what: &str) {
    let deadline = exp.protocol.deadline();
    assert!(
        (o.joint - o.surplus[0] - o.surplus[1]).abs() <= 1e-12 * o.max_joint.max(1.0),
        "{what}"
    );
    if o.deal {
        assert!(o.rounds >= 1 && o.rounds <= deadline, "{what}: {o:?}");
        assert!(o.walk_away.is_none(), "{what}");
        // Individually rational: no side accepts or offers beyond its limit.
        assert!(
            o.surplus[0] >= -1e-9 && o.surplus[1] >= -1e-9,
            "{what}: {o:?}"
        );
    } else {
        assert_eq!(o.surplus, [0.0, 0.0], "{what}: no deal, no surplus");
        assert!(o.share_a.is_nan(), "{what}");
        match o.walk_away {
            Some(_) => assert!(o.rounds <= deadline, "{what}"),
            // Nobody walked away: the deadline passed.
            None => assert_eq!(o.rounds, deadline, "{what}: {o:?}"),
        }
    }
    if o.zopa && o.max_joint > 0.0 {
        assert!(
            (o.efficiency - o.joint / o.max_joint).abs() < 1e-12,
            "{what}"
        );
        assert!(
            o.efficiency <= 1.0 + 1e-9 && o.efficiency >= -1e-9,
            "{what}"
        );
    } else {
        assert!(o.efficiency.is_nan(), "{what}");
        assert!(!o.deal || o.joint <= 1e-9, "{what}");
    }
    if o.deal && o.joint > 0.0 {
        assert!((o.share_a - o.surplus[0] / o.joint).abs() < 1e-12, "{what}");
    }
    assert_eq!(o.asymmetry, o.info_bits[0] - o.info_bits[1], "{what}");
    if exp.exchange.every == 0 {
        assert_eq!(
            o.info_bits_end, o.info_bits,
            "{what}: no talk after the start"
        );
    }
    for i in 0..2 {
        assert!((0.0..=1.0).contains(&o.trust[i]), "{what}");
        assert!(o.error[i] >= 0.0 && o.prior_error[i] >= 0.0, "{what}");
        assert!(o.bluffs[i] <= o.confidences[i] + o.answers[i], "{what}");
        // A detection is true when the other bluffed, false when it did not.
        if o.lies_detected[i] > 0 {
            assert!(o.bluffs[1 - i] > 0, "{what}: {o:?}");
        }
        if o.false_detections[i] > 0 {
            assert_eq!(o.bluffs[1 - i], 0, "{what}: {o:?}");
        }
        // Nothing said and nothing leaked by the other side: nothing learned.
        let j = 1 - i;
        if o.confidences[j] + o.answers[j] + o.leaks[j] == 0 {
            assert_eq!(o.info_bits[i], 0.0, "{what}: {o:?}");
            assert_eq!(o.confidence_bits[i], 0.0, "{what}");
            assert_eq!(o.error[i], o.prior_error[i], "{what}");
        }
    }
}

/// Identities of a price run, values uniform on [LO, HI].
fn check_price(o: &Outcome, d: f64, what: &str) {
    let (v, c) = (o.private.reservation[0], o.private.reservation[1]);
    assert_eq!(o.zopa, v >= c, "{what}");
    let z = (v - c).max(0.0);
    assert!((o.max_joint - z).abs() < 1e-9, "{what}");
    if o.deal {
        assert!(o.price >= c && o.price <= v, "{what}: {o:?}");
        let k = d.powi(o.rounds as i32 - 1);
        assert!(
            (o.surplus[0] - k * (v - o.price)).abs() < 1e-7,
            "{what}: {o:?}"
        );
        assert!(
            (o.surplus[1] - k * (o.price - c)).abs() < 1e-7,
            "{what}: {o:?}"
        );
    } else {
        assert!(o.price.is_nan(), "{what}");
    }
    if o.zopa && z > 0.0 {
        // The frontier is the segment from (0, z) to (z, 0); the Nash point
        // is its middle.
        let want = (z - o.joint) / 2f64.sqrt();
        assert!((o.pareto_distance - want).abs() < 1e-7, "{what}: {o:?}");
        let nash = (o.surplus[0] - z / 2.0).hypot(o.surplus[1] - z / 2.0);
        assert!((o.nash_distance - nash).abs() < 1e-7, "{what}: {o:?}");
    }
    // The prior's error is how far the truth is from the prior mean.
    for i in 0..2 {
        let other = o.private.reservation[1 - i];
        let want = (other - 0.5 * (LO + HI)).abs() / sd();
        assert!((o.prior_error[i] - want).abs() < 1e-12, "{what}");
        // 64 equal cells of a uniform prior: at most 6 bits, at least the floor.
        assert!(
            o.info_bits[i] >= -6.0 && o.info_bits[i] <= 6.0 + 1e-9,
            "{what}"
        );
        assert!(o.confidence_bits[i] <= 6.0 + 1e-9, "{what}");
    }
}

#[test]
fn metric_identities_hold_on_every_run_of_every_pairing() {
    // The default tournament, and talk during the formal phase too (an
    // exchange round every 2 formal rounds, 12 rounds before).
    for exp in [
        default_exp(),
        price("[exchange]\nrounds = 12\nevery = 2\n", &[]),
    ] {
        let d = exp.protocol.discount(0);
        let mut walks = [0; 2];
        for a in PRESETS {
            for b in PRESETS {
                for (i, o) in outcomes(&exp, a, b, 3000).iter().enumerate() {
                    let what = format!("{a} vs {b}, run {i}");
                    check_common(o, &exp, &what);
                    check_price(o, d, &what);
                    if let Some(s) = o.walk_away {
                        walks[s] += 1;
                    }
                }
            }
        }
        // Both sides walk away in some runs (so those branches were checked).
        assert!(walks[0] > 100 && walks[1] > 100, "{walks:?}");
    }
}

#[test]
fn metric_identities_hold_in_multi_issue_bargaining() {
    let exp = config_file("integrative.toml");
    let d = exp.protocol.discount(0);
    for a in PRESETS {
        for b in PRESETS {
            for (i, o) in outcomes(&exp, a, b, 1000).iter().enumerate() {
                let what = format!("integrative, {a} vs {b}, run {i}");
                check_common(o, &exp, &what);
                if o.deal {
                    let n = o.issues;
                    let w = &o.private.weights;
                    let ua: f64 = (0..n).map(|k| w[0][k] * o.x[k]).sum();
                    let ub: f64 = (0..n).map(|k| w[1][k] * (1.0 - o.x[k])).sum();
                    let k = d.powi(o.rounds as i32 - 1);
                    let r = o.private.reservation;
                    assert!((o.surplus[0] - k * (ua - r[0])).abs() < 1e-9, "{what}");
                    assert!((o.surplus[1] - k * (ub - r[1])).abs() < 1e-9, "{what}");
                    assert!(o.x[..n].iter().all(|x| (0.0..=1.0).contains(x)), "{what}");
                } else {
                    assert!(o.x[0].is_nan(), "{what}");
                }
            }
        }
    }
}

#[test]
fn without_talk_or_leaks_nobody_learns_anything_in_any_run() {
    // rounds = 0, leak_probability = 0: info_bits and the asymmetry are
    // exactly 0 in every run of every pairing (version 1's asymmetry spanned
    // +-1.6 sd here), in both scenarios.
    let quiet = "[exchange]\nrounds = 0\nleak_probability = 0.0\n";
    let bluffer = "[[strategy]]\nname = \"big-bluff\"\nbase = \"probing\"\nbluff = 2.0\n";
    let exp = price(&format!("{quiet}{bluffer}"), &["big-bluff"]);
    let integrative = {
        let mut e = config_file("integrative.toml");
        e.exchange.rounds = 0;
        e.exchange.leak_probability = 0.0;
        e
    };
    for e in [&exp, &integrative] {
        for a in PRESETS {
            for b in PRESETS {
                for o in outcomes(e, a, b, 2000) {
                    assert_eq!(o.info_bits, [0.0; 2], "{a} vs {b}: {o:?}");
                    assert_eq!(o.info_bits_end, [0.0; 2]);
                    assert_eq!(o.asymmetry, 0.0);
                    assert_eq!(o.confidence_bits, [0.0; 2]);
                    assert_eq!(o.error, o.prior_error);
                    for i in 0..2 {
                        let words = o.confidences[i] + o.answers[i] + o.asks[i];
                        assert_eq!((words, o.bluffs[i], o.leaks[i]), (0, 0, 0));
                        assert_eq!(o.lies_detected[i] + o.false_detections[i], 0);
                    }
                }
            }
        }
    }
    // A bluff acts only through talk: without it, a bigger bluff changes
    // nothing at all.
    for opp in PRESETS {
        let x = outcomes(&exp, "probing", opp, 2000);
        let y = outcomes(&exp, "big-bluff", opp, 2000);
        assert_eq!(format!("{x:?}"), format!("{y:?}"), "vs {opp}");
    }
}

#[test]
fn information_is_measured_about_the_truth_and_is_negative_when_misled() {
    let exp = default_exp();
    // Exact claims: a point mass counts fully in its cell (6 bits of a
    // 64-cell partition), confidence 6 bits, no error.
    for o in outcomes(&exp, "open", "open", 2000) {
        assert_eq!(o.info_bits, [6.0, 6.0]);
        assert_eq!(o.confidence_bits, [6.0, 6.0]);
        assert_eq!(o.error, [0.0, 0.0]);
        assert_eq!(o.asymmetry, 0.0);
    }
    // Open believes the prober's bluffs (trust 1): misled, it scores
    // negative bits; the sceptical prober, hearing exact truths, learns.
    let n = 4000;
    let os = outcomes(&exp, "open", "probing", n);
    let misled = mean(&os.iter().map(|o| o.info_bits[0]).collect::<Vec<_>>());
    let learned = mean(&os.iter().map(|o| o.info_bits[1]).collect::<Vec<_>>());
    let floor = os.iter().filter(|o| o.info_bits[0] == -6.0).count();
    eprintln!(
        "open hearing probing: {:.3} ± {:.3} bits ({floor} runs at the floor); probing hearing open {:.3} ± {:.3}",
        misled.mean, misled.se, learned.mean, learned.se
    );
    assert!(misled.hi() < 0.0, "{misled:?}");
    assert!(floor > n as usize / 2, "{floor}");
    assert!(learned.lo() > 3.0, "{learned:?}");
    // Leaks alone (guarded says nothing) are truthful: a little information.
    let os = outcomes(&exp, "guarded", "guarded", n);
    for i in 0..2 {
        let bits = mean(&os.iter().map(|o| o.info_bits[i]).collect::<Vec<_>>());
        assert!(bits.lo() > 0.0 && bits.hi() < 0.5, "{bits:?}");
        let gain = mean(
            &os.iter()
                .map(|o| o.prior_error[i] - o.error[i])
                .collect::<Vec<_>>(),
        );
        assert!(gain.lo() > 0.0, "leaks reduce the belief error: {gain:?}");
    }
}
