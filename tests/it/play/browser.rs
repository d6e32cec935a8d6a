//! The web page in headless Chromium: `negsim serve` on 127.0.0.1 (an
//! ephemeral port, stopped by this test and bounded by `--stop-after`),
//! and a whole negotiation played through the page's controls (the page's
//! `?auto=` demo mode fills the inputs and clicks the buttons a student
//! would), then the debrief and the class view checked in the DOM.

use super::json;
use super::server::{http, serve};
use crate::charts::chromium::chromium;
use crate::helpers::tmp;

#[test]
fn the_server_listens_on_loopback_and_refuses_bad_moves() {
    let t = tmp();
    let srv = serve(t.path(), &[]);
    let r = http(srv.port, "GET", "/", "");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<title>negsim play"), "{r:?}");
    let start = http(
        srv.port,
        "POST",
        "/api/start",
        r#"{"name":"web","strategy":"guarded","role":"buyer","seed":"7"}"#,
    )
    .json();
    let v = start;
    assert_eq!(v["decision"]["kind"], "talk");
    assert!(
        v["briefing"]
            .as_str()
            .unwrap()
            .contains("The item is worth 43,749 to you")
    );
    let token = v["token"].as_str().unwrap();
    let r = super::server::move_in(srv.port, token, "confide 70000 exact");
    assert_eq!(r.status, 400);
    assert!(r.body.contains("out of range"), "{r:?}");
    assert_eq!(http(srv.port, "GET", "/nothing", "").status, 404);
}

#[test]
fn a_whole_negotiation_through_the_page_in_chromium() {
    let t = tmp();
    let srv = serve(t.path(), &[]);
    let teacher = srv.teacher.clone().expect("the teacher's token");
    let moves = [
        "confide 45000 exact ask",
        "silent",
        "ask",
        "offer 46000",
        "reject",
        "offer 48000",
        "accept",
        "accept anyway",
    ]
    .join("|")
    .replace(' ', "%20");
    let url = format!(
        "http://127.0.0.1:{}/?auto=web,guarded,buyer,7&moves={moves}&token={teacher}",
        srv.port
    );
    let o = chromium(&["--virtual-time-budget=30000", "--dump-dom"], &url);
    assert_eq!(o.code, Some(0), "chromium:\n{}", o.describe());
    let dom = &o.stdout;
    assert!(
        dom.contains(r#"data-auto="done""#),
        "the page did not finish:\n{dom}"
    );
    for want in [
        // The negotiation, in the words of the trace.
        "B (guarded) declines: \"I'd rather not say.\"",
        "round  4: A (you) accepts.",
        // The debrief with its chart.
        "guarded's cost was 52,085; your value was 43,749.",
        "Deal at 56,669 in round 4",
        "Record: plays/web-guarded-buyer-seed7.json",
        "One negotiation: you (A) vs guarded (B)",
        // The class view (the teacher's token in the page's address).
        "1 play so far",
        "The class against the strategies: 1 play",
        "guarded (buyers)",
    ] {
        let html = want.replace('"', "&quot;").replace('\'', "&#39;");
        assert!(
            dom.contains(want) || dom.contains(&html),
            "no {want:?} in the page's DOM"
        );
    }
    // The page's record is the scripted play's.
    let v = json(&t.path().join("plays/web-guarded-buyer-seed7.json"));
    assert_eq!(v["moves"].as_array().unwrap().len(), 7);
    assert_eq!(v["outcome"]["rounds"], 4);
    drop(srv);
}

/// Enter sends a value or a price (the issue: it did nothing), and the page
/// warns before accepting at a loss: the play stops at the warning with an
/// "Accept at a loss anyway" button.
#[test]
fn enter_submits_and_the_page_warns_before_a_loss_in_chromium() {
    let t = tmp();
    let srv = serve(t.path(), &[]);
    let moves = [
        "confide 45000 exact ask",
        "silent",
        "ask",
        "offer 46000",
        "reject",
        "offer 48000",
        "accept",
    ]
    .join("|")
    .replace(' ', "%20");
    let url = format!(
        "http://127.0.0.1:{}/?auto=web,guarded,buyer,7&moves={moves}&enter=1",
        srv.port
    );
    let o = chromium(&["--virtual-time-budget=30000", "--dump-dom"], &url);
    assert_eq!(o.code, Some(0), "chromium:\n{}", o.describe());
    let dom = &o.stdout;
    assert!(
        dom.contains(r#"data-auto="done""#),
        "the page did not finish:\n{dom}"
    );
    for want in [
        // Sent with Enter: the confidence and both offers.
        "A (you), in confidence:",
        "round  1: A (you) offers 46,000",
        "round  3: A (you) offers 48,000",
        // The warning, and the button to insist.
        "Careful: accepting 56,669 is a loss of 12,920",
        r#"<button id="accept-anyway" type="button" class="danger">"#,
    ] {
        assert!(dom.contains(want), "no {want:?} in the page's DOM:\n{dom}");
    }
    assert!(
        !dom.contains("round  4: A (you) accepts."),
        "accepted without insisting"
    );
    assert!(!t.path().join("plays").exists(), "a record was saved");
}

/// A student's page (no teacher's token) shows no class: not another
/// student's name, nor the class button.
#[test]
fn a_students_page_shows_no_one_elses_play_in_chromium() {
    let t = tmp();
    let srv = serve(t.path(), &[]);
    // Another student's finished play.
    let mut v = super::server::start(srv.port, "zed-secret", "open", 5).json();
    let token = v["token"].as_str().unwrap().to_string();
    while v["over"] != true {
        v = super::server::move_in(srv.port, &token, super::server::ending_move(&v)).json();
    }
    let url = format!(
        "http://127.0.0.1:{}/?auto=amy,open,buyer,6&moves=silent|silent|silent|walk",
        srv.port
    );
    let o = chromium(&["--virtual-time-budget=30000", "--dump-dom"], &url);
    assert_eq!(o.code, Some(0), "chromium:\n{}", o.describe());
    let dom = &o.stdout;
    assert!(
        dom.contains(r#"data-auto="done""#),
        "the page did not finish:\n{dom}"
    );
    assert!(dom.contains("Debrief"), "{dom}");
    assert!(
        !dom.contains("zed-secret"),
        "another student's name on the page"
    );
    assert!(
        dom.contains(r#"<button id="show-class" type="button" class="hidden">"#),
        "the class button is shown to a student"
    );
}
