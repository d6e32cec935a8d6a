//! The terminal game in a real terminal: tmux runs a shell, `send-keys`
//! types, `capture-pane` reads the screen. A whole play typed (a bad line
//! among the moves) gives the record the same script gives; Ctrl-C ends the
//! game cleanly, saving nothing. Each test runs its own tmux server (its own
//! socket) and kills it at the end.

use super::record;
use crate::helpers::{s, tmp};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux server of this test alone, killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    /// A server with one session running a plain shell in `cwd`, 160
    /// columns wide.
    fn start(cwd: &Path, name: &str) -> Tmux {
        Tmux::start_sized(cwd, name, 160)
    }

    /// The same, `cols` columns wide.
    fn start_sized(cwd: &Path, name: &str, cols: u16) -> Tmux {
        assert!(
            Command::new("tmux")
                .arg("-V")
                .output()
                .is_ok_and(|o| o.status.success()),
            "tmux is missing: the terminal test needs Debian's tmux (scripts/test installs it)"
        );
        let t = Tmux {
            socket: format!("negsim-test-{}-{name}", std::process::id()),
        };
        t.tmux(&[
            "new-session",
            "-d",
            "-x",
            &cols.to_string(),
            "-y",
            "50",
            "-c",
            s(cwd),
            "-s",
            "play",
            "env PS1='$ ' bash --norc --noprofile",
        ]);
        t.tmux(&["set-option", "-g", "history-limit", "10000"]);
        t
    }

    fn tmux(&self, args: &[&str]) -> String {
        let o = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("run tmux");
        assert!(
            o.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// Type `text` and Enter.
    fn line(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "play", "-l", text]);
        self.tmux(&["send-keys", "-t", "play", "Enter"]);
    }

    /// The screen with its whole history.
    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-J", "-S", "-", "-t", "play"])
    }

    /// Wait until the screen shows `text` `count` times (10 s at most).
    fn wait(&self, text: &str, count: usize) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.matches(text).count() >= count {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the terminal never showed {text:?} ({count} times):\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

fn negsim_path() -> String {
    s(&assert_cmd::cargo::cargo_bin("negsim")).to_string()
}

#[test]
fn a_whole_play_typed_in_tmux() {
    let t = tmp();
    let term = Tmux::start(t.path(), "whole");
    term.line(&format!(
        "{} play --against guarded --seed 7 --name tm --out plays; echo EXIT=$?",
        negsim_path()
    ));
    let typed = [
        "confide 45000 exact ask",
        "silent",
        "ask",
        "offer 46000",
        "reject",
        "offer 48000",
        "accept anyway",
    ];
    term.wait("Off the record, round 1: your turn.", 1);
    term.line("confide lots");
    let screen = term.wait("Try again.", 1);
    assert!(screen.contains("? 'lots' is not a number"), "{screen}");
    for (k, m) in typed.iter().enumerate() {
        // One prompt per move, plus the one asked again.
        term.wait("\n> ", k + 2);
        term.line(m);
    }
    let screen = term.wait("\nEXIT=", 1);
    for want in [
        "B (guarded) declines: \"I'd rather not say.\"",
        "Round 4: B asks 56,669 (your value is 43,749).",
        "Debrief",
        "guarded's cost was 52,085",
        "Deal at 56,669 in round 4",
        "Record: plays/tm-guarded-buyer-seed7.json",
        "EXIT=0",
    ] {
        assert!(
            screen.contains(want),
            "no {want:?} on the screen:\n{screen}"
        );
    }
    // The typed play is the scripted one.
    let typed_record = std::fs::read(t.path().join("plays/tm-guarded-buyer-seed7.json")).unwrap();
    let (_, scripted) = record(t.path(), "scripted", "guarded", "buyer", 7, &typed, "tm");
    assert!(
        std::fs::read(scripted).unwrap() == typed_record,
        "typed and scripted records differ"
    );
}

#[test]
fn ctrl_c_ends_the_game_cleanly() {
    let t = tmp();
    let term = Tmux::start(t.path(), "ctrlc");
    // (bash drops the rest of a command line interrupted by Ctrl-C: the
    // exit code is asked for after.)
    term.line(&format!(
        "{} play --against open --seed 3 --out plays",
        negsim_path()
    ));
    term.wait("Off the record, round 1: your turn.", 1);
    term.line("silent");
    term.wait("Off the record, round 2: your turn.", 1);
    term.tmux(&["send-keys", "-t", "play", "C-c"]);
    term.wait("\n$ ", 1);
    term.line("echo EXIT=$?");
    let screen = term.wait("\nEXIT=", 1);
    assert!(screen.contains("EXIT=130"), "{screen}");
    assert!(!screen.contains("panicked"), "{screen}");
    assert!(!t.path().join("plays").exists(), "Ctrl-C saved a record");
    // The terminal is usable afterwards.
    term.line("echo still-here");
    term.wait("\nstill-here", 1);
}

/// Lines broke mid-word at the terminal's edge (the issue): in a terminal
/// 60 columns wide every line the game writes fits, broken between words
/// (tmux's `-J` joins the lines tmux itself wrapped, so a line the game
/// wrote longer than 60 would show whole); the words are those of the
/// unwrapped output.
#[test]
fn lines_wrap_between_words_in_a_narrow_terminal() {
    let t = tmp();
    let moves = [
        "confide 45000 exact ask",
        "silent",
        "ask",
        "offer 46000",
        "reject",
        "offer 48000",
        "walk",
    ];
    std::fs::write(t.path().join("m.txt"), moves.join("\n") + "\n").unwrap();
    let term = Tmux::start_sized(t.path(), "narrow", 60);
    term.line(&format!(
        "{} play --against guarded --seed 7 --moves m.txt --out plays; echo EXIT=$?",
        negsim_path()
    ));
    let screen = term.wait("\nEXIT=", 1);
    assert!(screen.contains("EXIT=0"), "{screen}");
    let shown = screen
        .split_once("negsim play: you against")
        .map(|(_, rest)| rest)
        .and_then(|rest| rest.split_once("\nEXIT="))
        .map(|(game, _)| game)
        .unwrap_or_else(|| panic!("no game on the screen:\n{screen}"));
    let long: Vec<&str> = shown
        .lines()
        .filter(|l| l.trim_end().chars().count() > 60 && l.split_whitespace().count() > 1)
        .collect();
    assert!(long.is_empty(), "lines over 60 columns: {long:#?}");
    // The same words as the output written to a pipe (not wrapped).
    let piped = crate::helpers::negsim(
        t.path(),
        &[
            "play",
            "--against",
            "guarded",
            "--seed",
            "7",
            "--moves",
            "m.txt",
            "--out",
            "plays",
        ],
    );
    let words = |text: &str| -> Vec<String> { text.split_whitespace().map(String::from).collect() };
    let piped = piped
        .stdout
        .split_once("negsim play: you against")
        .unwrap()
        .1;
    assert_eq!(words(shown), words(piped), "words differ");
    assert!(
        shown.lines().filter(|l| l.starts_with("      ")).count() > 10,
        "few continuation lines: was anything wrapped?\n{shown}"
    );
}
