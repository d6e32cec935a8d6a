//! Typed input (plain lines on standard input): bad input is asked again
//! with a hint, never a crash; input that ends early saves nothing.

use super::negsim_typed;
use crate::helpers::{assert_ok, tmp};

#[test]
fn bad_typed_input_is_asked_again_with_a_hint() {
    let t = tmp();
    let typed = [
        "confide abc",        // not a number
        "confide 70000",      // out of range
        "hello",              // not a move
        "offer 50000",        // not now
        "confide 45000 loud", // not a certainty
        "",                   // nothing
        "confide 45000 exact ask",
        "silent",
        "ask",
        "offer 46,000",
        "accept please", // not a move
        "reject",
        "48k",    // a bare price is an offer
        "accept", // at a loss: a warning, asked again
        "accept anyway",
    ]
    .join("\n")
        + "\n";
    let o = negsim_typed(
        t.path(),
        &[
            "play",
            "--against",
            "guarded",
            "--seed",
            "7",
            "--name",
            "cy",
            "--out",
            "plays",
        ],
        &typed,
    );
    assert_ok(&o, "a typed play with bad input");
    for want in [
        "? 'abc' is not a number (write e.g. 52000, 52,000 or 52k). Try again.",
        "? 70,000 is out of range: a claim about your limit must be between 40,000 and 60,000. Try again.",
        "? 'hello' is not a move here; type one of: confide VALUE [exact|sure|roughly|vague] [ask]  |  ask  |  silent. Try again.",
        "? 'offer 50000' is not a move here",
        "? 'loud': say how sure you sound with exact, sure, roughly or vague, or 'ask'. Try again.",
        "? type one of: confide VALUE",
        "? 'accept please' is not a move here",
        "? Careful: accepting 56,669 is a loss of 12,920: it is more than your value of 43,749. Walking away gains 0. To accept at a loss all the same, type 'accept anyway'. Try again.",
        "Outcome: you accepted at a loss: a deal at 56,669 in round 4, above your value of 43,749",
        "Deal at 56,669 in round 4",
        "Record: plays/cy-guarded-buyer-seed7.json",
    ] {
        assert!(o.stdout.contains(want), "no {want:?} in:\n{}", o.stdout);
    }
    // The record is the scripted play's: the bad lines left no trace.
    let v = super::json(&t.path().join("plays/cy-guarded-buyer-seed7.json"));
    assert_eq!(v["moves"].as_array().unwrap().len(), 7);
    assert_eq!(v["moves"][5], "offer 48000");
    // The loss the student insisted on is recorded as such.
    assert_eq!(v["moves"][6], "accept anyway");
    assert_eq!(v["outcome"]["result"], "accepted at a loss");
}

#[test]
fn input_that_ends_early_saves_nothing() {
    let t = tmp();
    let o = negsim_typed(
        t.path(),
        &["play", "--against", "open", "--seed", "3", "--out", "plays"],
        "silent\n",
    );
    assert_ok(&o, "a play whose input ends");
    assert!(
        o.stdout
            .contains("Input ended before the negotiation did: nothing saved."),
        "{}",
        o.stdout
    );
    assert!(!t.path().join("plays").exists(), "a record was saved");
}

#[test]
fn a_script_on_standard_input() {
    let t = tmp();
    let script = "# a buyer who says nothing\nsilent\nsilent\n\nsilent  # and walks away\nwalk\n";
    let o = negsim_typed(
        t.path(),
        &[
            "play",
            "--against",
            "guarded",
            "--seed",
            "8",
            "--name",
            "sam",
            "--moves",
            "-",
            "--out",
            "plays",
        ],
        script,
    );
    assert_ok(&o, "play --moves -");
    assert!(o.stdout.contains("> walk\n"), "{}", o.stdout);
    assert!(
        o.stdout.contains("A (you) walks away in round 1"),
        "{}",
        o.stdout
    );
    let v = super::json(&t.path().join("plays/sam-guarded-buyer-seed8.json"));
    assert_eq!(
        v["moves"],
        serde_json::json!(["silent", "silent", "silent", "walk"])
    );
}

/// An --out where no folder can be made (a file is in the way) is refused
/// before the game starts, not after the student has played it through.
#[test]
fn an_out_folder_that_cannot_be_made_is_refused_before_the_game() {
    let t = tmp();
    std::fs::write(t.path().join("notes.txt"), "a file\n").unwrap();
    for out in ["notes.txt", "notes.txt/plays"] {
        let o = negsim_typed(
            t.path(),
            &["play", "--against", "guarded", "--seed", "8", "--out", out],
            "silent\nsilent\nsilent\nwalk\n",
        );
        crate::helpers::assert_one_user_error(
            &o,
            &[out, "is a file, not a folder", "--out"],
            &format!("play --out {out}"),
        );
        assert!(
            !o.stdout.contains("Off the record"),
            "the game was played before the error:\n{}",
            o.stdout
        );
    }
    assert_eq!(crate::helpers::entries(t.path()), ["notes.txt"]);
}

/// A wrapping width too narrow for a word and its value (1 to 19) is
/// refused before the game; 0 (no wrapping) and 20 are taken.
#[test]
fn a_width_too_narrow_to_read_is_refused() {
    let t = tmp();
    let args = |w: &'static str| -> Vec<&'static str> {
        vec![
            "play",
            "--against",
            "guarded",
            "--seed",
            "1",
            "--out",
            "plays",
            "--width",
            w,
        ]
    };
    let moves = "silent\nsilent\nsilent\nwalk\n";
    let o = negsim_typed(t.path(), &args("5"), moves);
    crate::helpers::assert_one_user_error(
        &o,
        &["--width 5", "give 0 (no wrapping) or at least 20"],
        "play --width 5",
    );
    assert!(!o.stdout.contains("Off the record"), "{}", o.stdout);
    for ok in ["0", "20"] {
        let o = negsim_typed(t.path(), &args(ok), moves);
        assert_ok(&o, &format!("play --width {ok}"));
    }
}
