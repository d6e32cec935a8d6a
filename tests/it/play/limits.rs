//! Bounded play input (issue 19, point 8): a moves script (`--moves FILE`,
//! `--moves -`) is read up to 1 MiB and a play record up to 16 MiB, with a
//! clear error (exit 2) beyond; a typed line that is not UTF-8 is not
//! understood and asked again, the game goes on.

use super::{negsim_typed, record};
use crate::helpers::{assert_ok, assert_one_user_error, negsim_within, s, tmp};
use std::time::Duration;

/// guarded's moves of the typed test: a deal in round 4, seed 7.
const MOVES: [&str; 7] = [
    "confide 45000 exact ask",
    "silent",
    "ask",
    "offer 46,000",
    "reject",
    "48k",
    "accept anyway",
];

fn args(moves: &str) -> Vec<&str> {
    let mut a = vec!["play", "--against", "guarded", "--seed", "7"];
    a.extend(["--name", "cy", "--out", "plays", "--moves", moves]);
    a
}

#[test]
fn a_typed_line_that_is_not_utf8_is_asked_again() {
    let t = tmp();
    let mut typed: Vec<u8> = b"\xff\xfe silent \xc3\n".to_vec();
    typed.extend(MOVES.join("\n").as_bytes());
    typed.push(b'\n');
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
        ],
        typed,
    );
    assert_ok(&o, "a typed play with a line that is not UTF-8");
    assert!(
        o.stdout.contains("? the line is not UTF-8 text")
            && o.stdout.contains("Try again.")
            && o.stdout.contains("Deal at 56,669 in round 4"),
        "{}",
        o.stdout
    );
    let v = super::json(&t.path().join("plays/cy-guarded-buyer-seed7.json"));
    assert_eq!(v["moves"].as_array().unwrap().len(), 7);
}

/// A script of the right moves followed by 2 MiB of comments: it played
/// (the whole file in memory) before; now it is refused, nothing saved.
#[test]
fn a_moves_file_over_1_mib_is_refused() {
    let t = tmp();
    let file = t.path().join("moves.txt");
    let text = MOVES.join("\n") + "\n" + &"# padding\n".repeat(210_000);
    std::fs::write(&file, &text).unwrap();
    let o = crate::helpers::negsim(t.path(), &args(s(&file)));
    assert_one_user_error(
        &o,
        &[s(&file), "over 1024 KiB", "moves"],
        "a 2 MiB moves file",
    );
    // The same on standard input.
    let o = negsim_typed(t.path(), &args("-"), text);
    assert_one_user_error(
        &o,
        &["standard input", "over 1024 KiB"],
        "--moves - of 2 MiB",
    );
    assert!(!t.path().join("plays").exists(), "a record was saved");
}

/// `--moves /dev/zero` read without end (a string of NUL bytes growing
/// until memory ran out); now the first MiB and an error.
#[test]
fn moves_from_dev_zero_are_refused_at_once() {
    let t = tmp();
    let o = negsim_within(t.path(), &args("/dev/zero"), Duration::from_secs(60))
        .expect("play --moves /dev/zero did not finish within 60 s");
    assert_one_user_error(&o, &["/dev/zero", "over 1024 KiB"], "--moves /dev/zero");
}

/// A record of 16 MiB or more (here a real one, padded with JSON white
/// space) is refused as a script; it was read whole before.
#[test]
fn a_record_over_16_mib_is_refused() {
    let t = tmp();
    let moves: Vec<&str> = MOVES.to_vec();
    let (_, path) = record(t.path(), "plays", "guarded", "buyer", 7, &moves, "cy");
    let mut json = std::fs::read(&path).unwrap();
    json.resize(json.len() + (17 << 20), b' ');
    let big = t.path().join("big.json");
    std::fs::write(&big, json).unwrap();
    let o = crate::helpers::negsim(t.path(), &args(s(&big)));
    assert_one_user_error(
        &o,
        &[s(&big), "over 16384 KiB", "play record"],
        "a 17 MiB record",
    );
}

/// A 100,000-character `--name` was echoed in full after the whole game,
/// which then failed to save ("File name too long"); names with control
/// characters reached the teacher's class view. Both are refused before
/// the game, the name shown shortened and escaped, nothing saved.
#[test]
fn a_long_or_control_name_is_refused_before_the_game() {
    let t = tmp();
    let script = t.path().join("m.txt");
    std::fs::write(&script, MOVES.join("\n")).unwrap();
    let long = "x".repeat(100_000);
    for (name, want) in [
        (long.as_str(), "100000 characters"),
        ("a\u{1b}[31mb", "control characters"),
    ] {
        let mut a = vec!["play", "--against", "guarded", "--seed", "7"];
        a.extend(["--name", name, "--out", "plays", "--moves", s(&script)]);
        let o = crate::helpers::negsim(t.path(), &a);
        assert_one_user_error(&o, &["--name", want, "at most 40"], "a bad --name");
        assert!(
            o.stderr.len() < 400 && !o.stderr.contains('\u{1b}'),
            "{}",
            o.stderr
        );
        assert!(
            !o.stdout.contains("Round 1"),
            "the game started: {}",
            o.stdout
        );
    }
    assert!(!t.path().join("plays").exists());
}
