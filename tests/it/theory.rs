//! THEORY.md's checks (T1-T7 and the disclosure Prisoner's Dilemma), run as
//! `negsim validate` runs them, with fixed seeds: deterministic, and sized so
//! that a correct model passes each at least 999 times in 1000.

use negsim::run::theory::{Kind, run_all, subgame_perfect_check};

#[test]
fn every_theory_check_passes() {
    for seed in [2026, 7] {
        let checks = run_all(seed).unwrap();
        assert!(checks.len() >= 30);
        let failed: Vec<String> = checks
            .iter()
            .filter(|c| !c.pass())
            .map(|c| {
                format!(
                    "{} {}: expected {} measured {} ± {}",
                    c.id, c.what, c.expected, c.measured, c.ci
                )
            })
            .collect();
        assert!(failed.is_empty(), "seed {seed}: {failed:#?}");
        for id in ["T1", "T2", "T3", "T4", "T5", "T6", "T7", "PD", "FD"] {
            assert!(checks.iter().any(|c| c.id == id), "{id} missing");
        }
        // The sample sizes keep the 99.9% interval inside the tolerance.
        for c in checks
            .iter()
            .filter(|c| c.kind == Kind::Equal && c.tolerance > 0.0)
        {
            assert!(
                c.ci <= c.tolerance,
                "{} {}: CI {} > tolerance {}",
                c.id,
                c.what,
                c.ci,
                c.tolerance
            );
        }
    }
}

#[test]
fn disclosure_is_a_prisoners_dilemma() {
    let checks = run_all(11).unwrap();
    let get = |prefix: &str| {
        checks
            .iter()
            .find(|c| c.id == "PD" && c.what.starts_with(prefix))
            .unwrap()
            .measured
    };
    let (t, r, p, s) = (get("T:"), get("R:"), get("P:"), get("S:"));
    assert!(t > r && r > p && p > s, "T {t} R {r} P {p} S {s}");
}

#[test]
fn t6_subgame_perfect_shares_follow_the_recursion_and_the_check_can_fail() {
    let d = 0.9f64;
    let share = |t: i32| (1.0 - (-d).powi(t)) / (1.0 + d);
    // THEORY.md's values: T = 1..5 -> 1, 0.1, 0.91, 0.181, 0.8371.
    for (t, x) in [(1, 1.0), (2, 0.1), (3, 0.91), (4, 0.181), (5, 0.8371)] {
        assert!((share(t) - x).abs() < 1e-12, "T = {t}");
        let c = subgame_perfect_check(t as u32, [d, d], x, 3);
        assert!(c.pass(), "T = {t}: measured {}", c.measured);
    }
    // A model off by one round of the deadline fails the check.
    assert!(!subgame_perfect_check(3, [d, d], share(2), 3).pass());
    // Rubinstein with unequal patience; the responder's discount factor is
    // the one that matters: swapping them fails.
    let rubinstein = (1.0 - 0.8) / (1.0 - 0.9 * 0.8);
    assert!(subgame_perfect_check(200, [0.9, 0.8], rubinstein, 3).pass());
    assert!(!subgame_perfect_check(200, [0.8, 0.9], rubinstein, 3).pass());
}
