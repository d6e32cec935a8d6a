//! THEORY.md's checks (T1-T7 and the disclosure Prisoner's Dilemma), run as
//! `negsim validate` runs them, with fixed seeds: deterministic, and sized so
//! that a correct model passes each at least 999 times in 1000.

use negsim::run::theory::{Kind, run_all};

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
        for id in ["T1", "T2", "T3", "T4", "T5", "T6", "T7", "PD"] {
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
