//! THEORY.md section 6 (T1-T12), run as `negsim validate` runs them, with
//! fixed seeds; and each check failing on a deliberately broken model, so
//! that none of them passes whatever the model does.

use negsim::config::Experiment;
use negsim::run::theory::{IDS, run_all, run_check, subgame_perfect_check};
use negsim::run::tournament::{self, RunOptions};

#[test]
fn every_theory_check_passes() {
    for seed in [2026, 7] {
        let checks = run_all(seed).unwrap();
        let failed: Vec<String> = checks
            .iter()
            .filter(|c| !c.pass())
            .map(|c| {
                format!(
                    "{} {}: expected {} measured {} se {}",
                    c.id, c.what, c.expected, c.measured, c.se
                )
            })
            .collect();
        assert!(failed.is_empty(), "seed {seed}: {failed:#?}");
        for id in IDS {
            assert!(checks.iter().any(|c| c.id == id), "{id} missing");
        }
    }
}

/// The checks of `id` on the model broken by `tweak`: at least one fails.
fn fails(id: &str, tweak: &[(&str, &str)]) {
    let checks = run_check(id, 2026, tweak).unwrap();
    assert!(!checks.is_empty());
    assert!(
        checks.iter().any(|c| !c.pass()),
        "{id} still passes with {tweak:?}: {checks:#?}"
    );
}

#[test]
fn t1_fails_when_open_does_not_bid_its_value() {
    // After T1's talk two strategic sides that told each other their values
    // exactly bid the k-split (version 2.1), which at k = 1/2 is the
    // outcome of truthful bids: T1 then still holds. Without talk they shade.
    fails(
        "T1",
        &[
            ("strategy.open.bidding", "\"strategic\""),
            ("exchange.rounds", "0"),
        ],
    );
}

#[test]
fn t2_fails_when_guarded_bids_its_value() {
    fails("T2", &[("strategy.guarded.bidding", "\"truthful\"")]);
}

#[test]
fn t3_fails_when_the_buyer_value_is_never_disclosed() {
    fails("T3", &[("scenario.information", "\"private\"")]);
}

#[test]
fn t4_fails_when_mirroring_bids_its_value_without_reason() {
    fails("T4", &[("strategy.mirroring.bidding", "\"truthful\"")]);
}

#[test]
fn t5_fails_when_open_keeps_its_weights_to_itself() {
    fails("T5", &[("strategy.open.facets", "\"reservation\"")]);
}

#[test]
fn t6_subgame_perfect_shares_follow_the_recursion_and_the_check_can_fail() {
    let d = 0.9f64;
    let share = |t: i32| (1.0 - (-d).powi(t)) / (1.0 + d);
    // THEORY.md's values: T = 1..5 -> 1, 0.1, 0.91, 0.181, 0.8371.
    for (t, x) in [(1, 1.0), (2, 0.1), (3, 0.91), (4, 0.181), (5, 0.8371)] {
        assert!((share(t) - x).abs() < 1e-12, "T = {t}");
        let c = subgame_perfect_check(t as u32, [d, d], x, 3).unwrap();
        assert!(c.pass(), "T = {t}: measured {}", c.measured);
    }
    // A model off by one round of the deadline fails the check.
    assert!(
        !subgame_perfect_check(3, [d, d], share(2), 3)
            .unwrap()
            .pass()
    );
    // Rubinstein with unequal patience; the responder's discount factor is
    // the one that matters: swapping them fails.
    let rubinstein = (1.0 - 0.8) / (1.0 - 0.9 * 0.8);
    assert!(
        subgame_perfect_check(200, [0.9, 0.8], rubinstein, 3)
            .unwrap()
            .pass()
    );
    assert!(
        !subgame_perfect_check(200, [0.8, 0.9], rubinstein, 3)
            .unwrap()
            .pass()
    );
}

#[test]
fn t7_compares_whole_summaries() {
    // T7 compares every statistic of every pairing: a model whose results
    // depended on anything but (seed, run) would differ; here the seed does.
    let mut e = Experiment::default_tournament();
    e.runs = 500;
    let a = tournament::run(&e, RunOptions { threads: 1 }, &|_| {}, None).unwrap();
    e.seed += 1;
    let b = tournament::run(&e, RunOptions { threads: 2 }, &|_| {}, None).unwrap();
    assert_ne!(a.pairs, b.pairs);
}

#[test]
fn t8_fails_when_the_sides_talk() {
    fails("T8", &[("exchange.rounds", "3")]);
}

#[test]
fn t9_fails_when_bluffers_concede_past_their_claims_and_never_walk_away() {
    // Version 1's artefact: two bluffers become the most efficient pair.
    // (Targets from the unconditional mean narrow the gap between open and
    // guarded from 0.18 to 0.09 but do not invert the order here: the
    // opening margin and the limits still keep uninformed sides apart.)
    fails(
        "T9",
        &[
            ("protocol.claims_commit", "false"),
            ("strategy.probing.walk_away", "0.0"),
        ],
    );
}

#[test]
fn t10_fails_when_bluffers_concede_past_their_claims_and_never_walk_away() {
    // Under model 2.1 agents that may concede past their claims still lose
    // 0.25% of the deals to the deadline; with time enough (T = 200) they
    // lose none, and a bluff costs no deal.
    fails(
        "T10",
        &[
            ("protocol.claims_commit", "false"),
            ("protocol.deadline", "200"),
            ("strategy.probing.walk_away", "0.0"),
            ("strategy.open.walk_away", "0.0"),
        ],
    );
}

#[test]
fn t11_fails_on_version_2s_acceptance_rule() {
    // Version 2: a responder compares an offer with its own next offer as
    // if that were sure to be accepted: plateaus of the same offer refused,
    // then taken at the deadline.
    fails("T11", &[("protocol.acceptance", "\"next_offer\"")]);
}

#[test]
fn t11_passes_under_version_2s_commitment_alone() {
    // The acceptance rule, not the commitment rule, removes the plateaus.
    let checks = run_check("T11", 2026, &[("protocol.commitment", "\"full\"")]).unwrap();
    assert!(checks[0].pass(), "{:?}", checks[0]);
}

#[test]
fn t12_fails_on_version_2s_auction_belief_and_passes_on_version_2_1s() {
    // Version 2: after talk an informed best-responder still predicts the
    // no-information equilibrium bid, so mirroring/mirroring loses to its
    // own no-talk play (0.31 against 0.84) and two guarded sides that know
    // both values miss the k-split.
    let v2 = run_check(
        "T12",
        2026,
        &[("protocol.auction_belief", "\"equilibrium\"")],
    )
    .unwrap();
    let failed: Vec<&str> = v2
        .iter()
        .filter(|c| !c.pass())
        .map(|c| c.what.as_str())
        .collect();
    assert!(
        failed
            .iter()
            .any(|w| w.contains("mirroring/mirroring: efficiency with talk")),
        "{failed:#?}"
    );
    assert!(
        failed.iter().any(|w| w.contains("both values known")),
        "{failed:#?}"
    );
    let v21 = run_check("T12", 2026, &[]).unwrap();
    assert!(v21.iter().all(|c| c.pass()), "{v21:#?}");
    // Not vacuous: runs of mutual exact, trusted disclosure were judged.
    let counted = v21
        .iter()
        .find(|c| c.what.contains("all pairings"))
        .unwrap();
    assert!(counted.measured >= 1000.0, "{counted:?}");
}

#[test]
fn an_unknown_check_is_an_error_naming_the_checks() {
    let e = run_check("T99", 1, &[]).unwrap_err().to_string();
    assert!(e.contains("T99") && e.contains("T11"), "{e}");
}
