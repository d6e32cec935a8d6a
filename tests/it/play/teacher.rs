//! The teacher's controls on `negsim serve` (issue 21): which strategies
//! students face (names checked, the nearest suggested on a typo), one
//! seed for everyone, every draw with a zone of agreement; the class as
//! CSV for the teacher only; the warning before accepting at a loss.

use super::json;
use super::server::{ending_move, http, move_in, serve, start};
use crate::helpers::{assert_one_user_error, negsim, tmp};

/// End the play of `state` with the quickest moves; its last state.
fn finish(port: u16, mut state: serde_json::Value) -> serde_json::Value {
    let token = state["token"].as_str().unwrap().to_string();
    for _ in 0..60 {
        if state["over"] == true {
            return state;
        }
        let r = move_in(port, &token, ending_move(&state));
        assert_eq!(r.status, 200, "{r:?}");
        state = r.json();
    }
    panic!("the play did not end")
}

#[test]
fn the_teacher_chooses_the_strategies_students_face() {
    let t = tmp();
    let srv = serve(t.path(), &["--strategies", "guarded,open"]);
    assert!(
        srv.banner.contains("Students play against: guarded, open"),
        "{}",
        srv.banner
    );
    let setup = http(srv.port, "GET", "/api/setup", "").json();
    let names: Vec<&str> = setup["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["open", "guarded"]);
    let r = start(srv.port, "ana", "probing", 3);
    assert_eq!(r.status, 400, "{r:?}");
    assert!(
        r.body
            .contains("strategy 'probing': this class plays against guarded, open"),
        "{r:?}"
    );
    assert_eq!(start(srv.port, "ana", "open", 3).status, 200);
    drop(srv);
    // A typo: exit 2 with the nearest name, before listening.
    let o = negsim(
        t.path(),
        &["serve", "--port", "0", "--strategies", "open,gaurded"],
    );
    assert_one_user_error(
        &o,
        &["'gaurded'", "--strategies", "did you mean 'guarded'"],
        "serve --strategies with a typo",
    );
}

#[test]
fn everyone_plays_the_same_seed_and_every_draw_can_have_a_zone() {
    let t = tmp();
    let srv = serve(t.path(), &["--seed", "11"]);
    for (name, asked) in [("ana", 3), ("bo", 99)] {
        let v = start(srv.port, name, "guarded", asked).json();
        assert_eq!(v["seed"], 11, "{name}: {v}");
    }
    let setup = http(srv.port, "GET", "/api/setup", "").json();
    assert_eq!(setup["seed"], 11);
    drop(srv);
    // --zone: twelve plays on seeds the students chose, each with a zone.
    let z = tmp();
    let srv = serve(z.path(), &["--zone"]);
    assert!(srv.banner.contains("Every draw has a zone of agreement"));
    for seed in 1..=12 {
        let v = finish(
            srv.port,
            start(srv.port, &format!("s{seed}"), "open", seed).json(),
        );
        let path = z.path().join(v["record"].as_str().unwrap());
        let r = json(&path);
        assert_eq!(r["outcome"]["zone"], true, "seed {seed}: {r}");
        assert!(r["values"]["student"].as_f64() >= r["values"]["agent"].as_f64());
    }
    drop(srv);
    // --seed with --zone: a seed without a zone moves to the next with one.
    let exp = negsim::config::Experiment::default_tournament();
    let bare = (0..)
        .find(|&s| {
            let p = negsim::play::Play::new(&exp, "open", 0, s).unwrap();
            p.private.reservation[0] < p.private.reservation[1]
        })
        .unwrap();
    let srv = serve(t.path(), &["--zone", "--seed", &bare.to_string()]);
    assert!(
        srv.banner
            .contains(&format!("(seed {bare} draws no zone of agreement;")),
        "{}",
        srv.banner
    );
    let v = finish(srv.port, start(srv.port, "cy", "open", 0).json());
    assert_ne!(v["seed"], bare);
    let r = json(&t.path().join(v["record"].as_str().unwrap()));
    assert_eq!(r["outcome"]["zone"], true);
}

#[test]
fn the_class_csv_is_the_teachers_only() {
    let t = tmp();
    let srv = serve(t.path(), &[]);
    let teacher = srv.teacher.clone().expect("a teacher token");
    finish(
        srv.port,
        start(srv.port, "=HYPERLINK(1)", "guarded", 7).json(),
    );
    finish(srv.port, start(srv.port, "bo", "open", 8).json());
    for path in ["/api/class.csv", "/api/class.csv?token=0123"] {
        let r = http(srv.port, "GET", path, "");
        assert_eq!(r.status, 403, "{path}: {r:?}");
        assert!(!r.body.contains("bo,"), "{r:?}");
    }
    let r = http(
        srv.port,
        "GET",
        &format!("/api/class.csv?token={teacher}"),
        "",
    );
    assert_eq!(r.status, 200, "{r:?}");
    assert!(r.head.contains("text/csv"), "{r:?}");
    let mut rows = csv::Reader::from_reader(r.body.as_bytes());
    let head: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        &head[..5],
        ["student", "strategy", "role", "seed", "result"]
    );
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    let students: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    // A name a spreadsheet would run as a formula is written as text.
    assert!(students.contains(&"'=HYPERLINK(1)"), "{students:?}");
    assert!(students.contains(&"bo"), "{students:?}");
    // The student's view: no class, no other names.
    let setup = http(srv.port, "GET", "/api/setup", "").json();
    assert_eq!(setup["class_open"], false);
    assert!(!setup.to_string().contains("HYPERLINK"), "{setup}");
    assert_eq!(http(srv.port, "GET", "/api/class", "").status, 403);
    assert_eq!(http(srv.port, "GET", "/class", "").status, 403);
}

#[test]
fn the_page_warns_before_accepting_at_a_loss() {
    let t = tmp();
    let srv = serve(t.path(), &[]);
    let v = start(srv.port, "ana", "guarded", 7).json();
    let token = v["token"].as_str().unwrap().to_string();
    let mut last = v;
    for m in [
        "confide 45000 exact ask",
        "silent",
        "ask",
        "offer 46000",
        "reject",
        "offer 48000",
    ] {
        let r = move_in(srv.port, &token, m);
        assert_eq!(r.status, 200, "{m}: {r:?}");
        last = r.json();
    }
    assert_eq!(last["decision"]["kind"], "respond");
    let r = move_in(srv.port, &token, "accept").json();
    assert!(
        r["warning"]
            .as_str()
            .is_some_and(|w| w.contains("accepting 56,669 is a loss of 12,920")),
        "{r}"
    );
    assert_eq!(r["confirm"], "accept anyway");
    assert!(
        r.get("over").is_none(),
        "accepted without a confirmation: {r}"
    );
    assert_eq!(r["moves"].as_array().unwrap().len(), 6);
    let r = move_in(srv.port, &token, "accept anyway").json();
    assert_eq!(r["over"], true, "{r}");
    assert!(
        r["debrief"]
            .as_str()
            .unwrap()
            .contains("Outcome: you accepted at a loss"),
        "{r}"
    );
    let rec = json(&t.path().join(r["record"].as_str().unwrap()));
    assert_eq!(rec["outcome"]["result"], "accepted at a loss");
}

/// A records folder that cannot be made (a file is in the way) is refused
/// before the server listens, not when the first student's play is saved.
#[test]
fn a_records_folder_that_cannot_be_made_is_refused_at_start() {
    let t = tmp();
    std::fs::write(t.path().join("notes.txt"), "a file\n").unwrap();
    let args = [
        "serve",
        "--port",
        "0",
        "--stop-after",
        "5",
        "--out",
        "notes.txt/plays",
    ];
    let o = crate::helpers::negsim_within(t.path(), &args, std::time::Duration::from_secs(20))
        .expect("serve did not stop");
    assert_one_user_error(
        &o,
        &[
            "notes.txt/plays",
            "notes.txt is a file, not a folder",
            "--out",
        ],
        "serve --out under a file",
    );
    assert!(!o.stdout.contains("Serving negsim play"), "{}", o.stdout);
}
