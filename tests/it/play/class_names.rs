//! The class view facing bad records and hostile names: a `*.json` in the
//! plays folder that is not a record is skipped and named (in `negsim
//! class` and in the server's class view), control characters in names
//! are shown escaped, and long names are cut.

use super::server::{ending_move, http, move_in, serve};
use super::{json, record};
use crate::helpers::{assert_ok, negsim, tmp};
use negsim::config::Experiment;
use negsim::model::negotiation::{Decision, HumanMove, Step};
use negsim::play::{Play, format_move};
use std::path::{Path, PathBuf};

/// A record in `cwd/plays` of the quickest play against `open` (silent,
/// declining, walking away).
fn quick_record(cwd: &Path, name: &str, seed: u64) -> PathBuf {
    let play = Play::new(&Experiment::default_tournament(), "open", 0, seed).unwrap();
    let mut moves = Vec::new();
    loop {
        match play.replay(&moves).step {
            Step::Waiting(d) => moves.push(match d {
                Decision::Talk { .. } => HumanMove::Talk {
                    claim: None,
                    ask: false,
                },
                Decision::Answer { .. } => HumanMove::Answer(None),
                _ => HumanMove::WalkAway,
            }),
            Step::Over(_) => break,
            Step::Invalid { .. } => panic!("an invalid quick move"),
        }
    }
    let moves: Vec<String> = moves.iter().map(format_move).collect();
    let moves: Vec<&str> = moves.iter().map(String::as_str).collect();
    record(cwd, "plays", "open", "buyer", seed, &moves, name).1
}

/// Set the `student` of the record at `path`.
fn rename(path: &Path, student: &str) {
    let mut v = json(path);
    v["student"] = serde_json::json!(student);
    std::fs::write(path, v.to_string()).unwrap();
}

#[test]
fn a_bad_record_is_skipped_and_named() {
    let t = tmp();
    quick_record(t.path(), "ana", 1);
    let plays = t.path().join("plays");
    std::fs::write(plays.join("broken.json"), "{\"negsim_play\": 1, ").unwrap();
    std::fs::write(plays.join("other.json"), "{\"a\": 1}").unwrap();
    let o = negsim(t.path(), &["class", "plays", "--chart", "class.svg"]);
    assert_ok(&o, "negsim class with two bad records");
    let all = format!("{}{}", o.stdout, o.stderr);
    for bad in ["broken.json", "other.json"] {
        assert!(
            all.lines()
                .any(|l| l.starts_with(&format!("skipped plays/{bad}: "))),
            "{bad} not named:\n{}",
            o.describe()
        );
    }
    assert!(o.stdout.contains("\nana "), "{}", o.stdout);
    // The server's class view: the good play, the bad ones named.
    let srv = serve(t.path(), &["--open-class"]);
    let r = http(srv.port, "GET", "/api/class", "");
    assert_eq!(r.status, 200, "{r:?}");
    let v = r.json();
    assert_eq!(v["plays"], 1, "{v}");
    let table = v["table"].as_str().unwrap();
    assert!(table.contains("skipped plays/broken.json: "), "{table}");
    assert!(table.contains("skipped plays/other.json: "), "{table}");
    // Only bad records: still a clear error.
    std::fs::create_dir(t.path().join("bad")).unwrap();
    std::fs::write(t.path().join("bad/x.json"), "nope").unwrap();
    let o = negsim(t.path(), &["class", "bad"]);
    crate::helpers::assert_one_user_error(&o, &["no records", "bad/x.json"], "only bad records");
}

#[test]
fn names_are_shown_escaped_and_cut() {
    let t = tmp();
    let a = quick_record(t.path(), "ana", 1);
    let b = quick_record(t.path(), "bo", 2);
    rename(&a, "\u{1b}[2J\u{1b}[31mred\u{7}");
    rename(&b, &"x".repeat(100_000));
    let o = negsim(t.path(), &["class", "plays", "--chart", "class.svg"]);
    assert_ok(&o, "negsim class with hostile names");
    assert!(
        !o.stdout.chars().any(|c| c.is_control() && c != '\n'),
        "control characters printed raw:\n{:?}",
        o.stdout
    );
    assert!(o.stdout.contains("\\u{1b}[2J"), "{}", o.stdout);
    let longest = o.stdout.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 200, "a line of {longest} characters");
    assert!(
        o.stdout.contains(&format!("{}…", "x".repeat(79))),
        "{}",
        o.stdout
    );
    // The same in the server's class view.
    let srv = serve(t.path(), &["--open-class"]);
    let table = http(srv.port, "GET", "/api/class", "").json()["table"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!table.contains('\u{1b}'), "{table:?}");
    assert!(table.lines().all(|l| l.chars().count() < 200));
}

#[test]
fn the_server_keeps_a_short_clean_name() {
    let t = tmp();
    let srv = serve(t.path(), &[]);
    let name = format!("\u{1b}[2J\u{1b}[31mzed\u{7}{}", "y".repeat(5000));
    let body =
        serde_json::json!({ "name": name, "strategy": "open", "role": "buyer", "seed": "3" });
    let r = http(srv.port, "POST", "/api/start", &body.to_string());
    assert_eq!(r.status, 200, "{r:?}");
    let mut state = r.json();
    let token = state["token"].as_str().unwrap_or("").to_string();
    // (The server before tokens: the play's id.)
    let id = state["id"].clone();
    for _ in 0..40 {
        if state["over"] == true {
            break;
        }
        let line = ending_move(&state);
        let r = if token.is_empty() {
            let b = serde_json::json!({ "id": id, "line": line });
            http(srv.port, "POST", "/api/move", &b.to_string())
        } else {
            move_in(srv.port, &token, line)
        };
        state = r.json();
    }
    let student = state["student"].as_str().expect("the debrief's student");
    assert!(!student.chars().any(char::is_control), "{student:?}");
    assert!(student.starts_with("[2J[31mzed"), "{student:?}");
    assert_eq!(student.chars().count(), 40, "{student:?}");
    let record = json(&t.path().join(state["record"].as_str().unwrap()));
    assert_eq!(record["student"], student);
}

/// A mistyped folder beside a good one (`negsim class plays plyas`) is an
/// error naming it, not a note under a class with a section left out; no
/// chart is drawn.
#[test]
fn a_missing_folder_is_an_error_not_a_skipped_note() {
    let t = tmp();
    quick_record(t.path(), "ana", 1);
    let o = negsim(
        t.path(),
        &["class", "plays", "plyas", "--chart", "class.svg"],
    );
    crate::helpers::assert_one_user_error(
        &o,
        &["cannot read plyas", "No such file or directory"],
        "class with a missing folder",
    );
    assert!(!t.path().join("class.svg").exists(), "drew the chart");
}
