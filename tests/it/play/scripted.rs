//! Plays driven by a script of moves: the same seed and moves give a
//! byte-identical record; bluffs caught, questions declined, walking away,
//! and bad lines in a script.

use super::{json, play, record};
use crate::helpers::{assert_one_user_error, tmp};

/// Confide a limit above its value (no bluff: against its interest), ask
/// twice, then offer, reject, offer and accept guarded's ask.
const HONEST: [&str; 7] = [
    "confide 45000 exact ask",
    "silent",
    "ask",
    "offer 46000",
    "reject",
    "offer 48000",
    "accept anyway",
];

/// Two exact claims that contradict each other, then an offer beyond the
/// first: a bluffing buyer, caught twice.
const BLUFF: [&str; 5] = [
    "confide 40000 exact",
    "confide 50000 exact",
    "silent",
    "offer 45000",
    "walk",
];

/// A seller that declines each of probing's questions, keeps silent, and
/// walks away from probing's first offer.
const DECLINE: [&str; 7] = [
    "decline", "silent", "decline", "silent", "decline", "silent", "walk",
];

#[test]
fn the_same_seed_and_moves_give_a_byte_identical_record() {
    let t = tmp();
    let (o1, r1) = record(t.path(), "one", "guarded", "buyer", 7, &HONEST, "ana");
    let (_, r2) = record(t.path(), "two", "guarded", "buyer", 7, &HONEST, "ana");
    assert_eq!(r1.file_name().unwrap(), "ana-guarded-buyer-seed7.json");
    let (b1, b2) = (std::fs::read(&r1).unwrap(), std::fs::read(&r2).unwrap());
    assert!(b1 == b2, "two plays of the same seed and moves differ");
    // The trace chart sits next to the record.
    assert!(r1.with_extension("png").is_file(), "no trace chart");
    let v = json(&r1);
    assert_eq!(v["negsim_play"], 2);
    assert_eq!(v["student"], "ana");
    assert_eq!(v["strategy"], "guarded");
    assert_eq!(v["role"], "buyer");
    assert_eq!(v["seed"], 7);
    let moves: Vec<&str> = v["moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert_eq!(moves, HONEST);
    assert_eq!(v["outcome"]["deal"], true);
    assert_eq!(v["outcome"]["rounds"], 4);
    assert_eq!(v["outcome"]["zone"], false);
    // A claim above its own value is no bluff; the offer beyond it is
    // taken for a lie all the same: a false accusation.
    assert_eq!(v["lies"]["student_bluffs"], 0);
    assert_eq!(v["lies"]["caught_by_agent"], 0);
    assert_eq!(v["lies"]["false_by_agent"], 1);
    let text = &o1.stdout;
    for want in [
        "The item is worth 43,749 to you",
        "B (guarded) declines: \"I'd rather not say.\"",
        "Round 2: B asks 57,784 (your value is 43,749).",
        "Deal at 56,669 in round 4",
        "guarded's cost was 52,085; your value was 43,749.",
        "before anything was said (its prior): 50,000 ± 5,774",
        "after your confidence in round 1 (45,000): 48,135 ± 3,431 (1 sd)  (misled: -6.00 bits",
        "guarded caught you 0 times and accused you falsely once",
    ] {
        assert!(text.contains(want), "no {want:?} in:\n{text}");
    }
    // While playing, the agent's cost is not shown: the first time it
    // appears is in the debrief.
    let debrief = text.find("Debrief").expect("a debrief");
    assert!(
        !text[..debrief].contains("52,085"),
        "the agent's cost shown during the play"
    );
    // The record replayed gives itself again.
    let o = crate::helpers::negsim(
        t.path(),
        &[
            "play",
            "--against",
            "guarded",
            "--moves",
            crate::helpers::s(&r1),
            "--out",
            "again",
        ],
    );
    crate::helpers::assert_ok(&o, "play --moves RECORD.json");
    let again = std::fs::read(t.path().join("again/ana-guarded-buyer-seed7.json")).unwrap();
    assert!(again == b1, "the replayed record differs");
    let o = crate::helpers::negsim(
        t.path(),
        &[
            "play",
            "--against",
            "open",
            "--moves",
            crate::helpers::s(&r1),
        ],
    );
    assert_one_user_error(
        &o,
        &[
            "a play as the buyer against 'guarded'",
            "--against guarded --as buyer",
        ],
        "replay against another strategy",
    );
    // Another seed, another play.
    let (_, r3) = record(
        t.path(),
        "three",
        "guarded",
        "buyer",
        8,
        &["silent", "silent", "silent", "walk"],
        "ana",
    );
    assert_ne!(std::fs::read(&r3).unwrap(), b1);
}

#[test]
fn a_bluff_is_caught_by_the_claims_and_by_an_offer_beyond_them() {
    let t = tmp();
    let (o, r) = record(t.path(), "plays", "guarded", "buyer", 1, &BLUFF, "");
    let v = json(&r);
    assert!(
        v["student"].as_str().unwrap().starts_with("anon-"),
        "anonymous id: {}",
        v["student"]
    );
    assert_eq!(v["lies"]["student_bluffs"], 2);
    assert_eq!(v["lies"]["caught_by_agent"], 2);
    assert_eq!(v["lies"]["false_by_agent"], 0);
    assert_eq!(v["outcome"]["walked_away"], "you");
    assert_eq!(v["outcome"]["deal"], false);
    assert_eq!(v["outcome"]["student_surplus"], 0.0);
    let after: Vec<&str> = v["beliefs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["after"].as_str().unwrap())
        .collect();
    assert!(
        after
            .iter()
            .any(|a| a.contains("(50,000): caught as a lie, discarded")),
        "{after:?}"
    );
    assert!(
        after
            .iter()
            .any(|a| a.contains("offer of 45,000 in round 1: beyond your claims")),
        "{after:?}"
    );
    // Trust halves at each catch.
    let trust: Vec<f64> = v["beliefs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["trust"].as_f64().unwrap())
        .collect();
    assert_eq!(trust.first(), Some(&0.3));
    assert!((trust.last().unwrap() - 0.075).abs() < 1e-12, "{trust:?}");
    for want in [
        "B (guarded) catches A lying: A's claim of 50,000 does not fit what A said before [A was bluffing]",
        "B (guarded) catches A lying: A offered 45,000, beyond the limit its claims stated (at most 40,000) [A was bluffing]",
        "Lies: you bluffed 2 times; guarded caught you 2 times.",
        "(you walked away in round 2)",
    ] {
        assert!(o.stdout.contains(want), "no {want:?} in:\n{}", o.stdout);
    }
}

#[test]
fn declining_to_answer_and_walking_away_as_the_seller() {
    let t = tmp();
    let (o, r) = record(t.path(), "plays", "probing", "seller", 2, &DECLINE, "bo");
    assert_eq!(
        o.stdout
            .matches("    B (you) declines: \"I'd rather not say.\"")
            .count(),
        3 * 2, // live, then in the whole transcript
        "{}",
        o.stdout
    );
    let v = json(&r);
    assert_eq!(v["role"], "seller");
    assert_eq!(v["outcome"]["walked_away"], "you");
    assert_eq!(v["outcome"]["rounds"], 1);
    assert_eq!(v["lies"]["agent_bluffs"], 3);
    // Nothing said: only the prior and a body-language leak moved its belief.
    let after: Vec<&str> = v["beliefs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["after"].as_str().unwrap())
        .collect();
    assert_eq!(
        after,
        [
            "before anything was said (its prior)",
            "after a body-language hint in round 1"
        ]
    );
    assert!(
        o.stdout.contains(
            "Outcome: failed to agree (you walked away in round 1), though a deal was possible: 14,132 was there to share."
        ),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("probing bluffed 3 times"), "{}", o.stdout);
}

#[test]
fn a_bad_line_in_a_script_is_an_error_naming_the_line() {
    let t = tmp();
    let cases: [(&[&str], &[&str]); 4] = [
        (
            &["silent", "confide abc exact"],
            &["line 2", "'confide abc exact'", "not a number"],
        ),
        (
            &["confide 99999 exact"],
            &["line 1", "out of range", "between 40,000 and 60,000"],
        ),
        (
            &["offer 50000"],
            &["line 1", "not a move here", "confide VALUE"],
        ),
        (
            &["silent", "silent"],
            &[
                "the moves end before the negotiation does",
                "round 3: your turn",
            ],
        ),
    ];
    for (moves, want) in cases {
        let o = play(t.path(), "plays", "guarded", "buyer", 7, moves, "x");
        assert_one_user_error(&o, want, &format!("script {moves:?}"));
    }
    assert!(
        !t.path().join("plays").exists(),
        "a failed play saved a record"
    );
}

#[test]
fn an_unknown_strategy_or_an_auction_is_refused() {
    let t = tmp();
    let o = crate::helpers::negsim(t.path(), &["play", "--against", "guardd"]);
    assert_one_user_error(
        &o,
        &["unknown strategy 'guardd'", "did you mean 'guarded'"],
        "play --against guardd",
    );
    let cfg = crate::helpers::config("integrative.toml");
    let o = crate::helpers::negsim(
        t.path(),
        &["play", "--against", "open", crate::helpers::s(&cfg)],
    );
    assert_one_user_error(
        &o,
        &["multi_issue", "a student can play the 'price' scenario"],
        "play a multi_issue config",
    );
}

/// The whole transcript after a play speaks of the student as "you": their
/// cost, and the hint their body language gave away; the agent stays "it".
#[test]
fn the_transcript_speaks_of_the_student_as_you() {
    let t = tmp();
    let (o, r) = record(t.path(), "plays", "probing", "seller", 2, &DECLINE, "bo");
    let tr = json(&r)["transcript"].as_str().unwrap().to_string();
    for want in [
        "A (probing), the buyer: worth ",
        " to it; it pays no more than that",
        "B (you), the seller: costs you ",
        "; you sell for no less",
        "(body language) B (you) gives away a hint: your limit looks like about ",
    ] {
        assert!(tr.contains(want), "no {want:?} in:\n{tr}");
    }
    assert!(!tr.contains("B (you) gives away a hint: its limit"), "{tr}");
    assert!(o.stdout.contains("costs you "), "{}", o.stdout);
}
