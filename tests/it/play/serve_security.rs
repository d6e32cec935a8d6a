//! Who may do what on `negsim serve`: a play is moved only with its own
//! session token; requests from another site (Origin) or for another host
//! name (Host) are refused; the class view needs the teacher's token.

use super::server::{http, http_with, move_in, request, serve, start};
use crate::helpers::tmp;

#[test]
fn a_move_without_the_players_token_is_refused() {
    let t = tmp();
    let srv = serve(t.path(), &[]);
    let port = srv.port;
    let a = start(port, "ana", "guarded", 7).json();
    let b = start(port, "bo", "guarded", 8).json();
    // The issue's attack: a guessed sequential id, no token.
    for id in 1..5 {
        let r = http(
            port,
            "POST",
            "/api/move",
            &format!(r#"{{"id":{id},"line":"silent"}}"#),
        );
        assert!(
            r.status == 403 || r.status == 404,
            "a move by play id {id} without a token: {r:?}"
        );
    }
    let token_a = a["token"].as_str().unwrap_or("").to_string();
    let token_b = b["token"].as_str().expect("a token").to_string();
    assert_eq!(token_a.len(), 32, "128 random bits in hex: {token_a}");
    assert!(token_a.bytes().all(|c| c.is_ascii_hexdigit()));
    assert_ne!(token_a, token_b);
    assert!(a.get("id").is_none(), "no guessable play id: {a}");
    // A made-up token, and b's token naming a's id.
    let r = move_in(port, &"0".repeat(32), "silent");
    assert_eq!(r.status, 404, "{r:?}");
    let r = http(
        port,
        "POST",
        "/api/move",
        &format!(r#"{{"id":1,"token":"{token_b}","line":"silent"}}"#),
    );
    assert_eq!(r.status, 200, "b's own move: {r:?}");
    // a's play has not moved: its first move is still its first.
    let r = move_in(port, &token_a, "silent");
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.json()["moves"], serde_json::json!(["silent"]));
}

#[test]
fn cross_origin_posts_and_foreign_hosts_are_refused() {
    let t = tmp();
    let srv = serve(t.path(), &[]);
    let port = srv.port;
    let a = start(port, "ana", "guarded", 7).json();
    let token = a["token"].as_str().unwrap_or("").to_string();
    // The issue's reproducer, with the play's id and with its token.
    for body in [
        r#"{"id":1,"line":"silent"}"#.to_string(),
        format!(r#"{{"token":"{token}","line":"silent"}}"#),
    ] {
        let raw = format!(
            "POST /api/move HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://evil.example\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let r = request(port, raw.as_bytes());
        assert_eq!(r.status, 403, "a cross-origin move: {r:?}");
        assert!(r.body.contains("evil.example"), "{r:?}");
    }
    let r = http_with(
        port,
        "POST",
        "/api/start",
        r#"{"name":"x","strategy":"open","role":"buyer"}"#,
        "Origin: http://evil.example\r\n",
    );
    assert_eq!(r.status, 403, "a cross-origin start: {r:?}");
    // A JSON body sent as text/plain (a form could) is refused too.
    let body = format!(r#"{{"token":"{token}","line":"silent"}}"#);
    let raw = format!(
        "POST /api/move HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    assert_eq!(request(port, raw.as_bytes()).status, 415);
    // A page of another host name (DNS rebinding) is refused.
    for host in [
        format!("Host: evil.example:{port}\r\n"),
        "Host: 127.0.0.1\r\n".to_string(),
        format!("Host: [::1]:{port}\r\n"),
        format!("Host: 127.0.0.1:{}\r\n", port.wrapping_add(1)),
        String::new(),
    ] {
        let raw = format!("GET /api/setup HTTP/1.1\r\n{host}\r\n");
        let r = request(port, raw.as_bytes());
        assert_eq!(r.status, 403, "{host:?}: {r:?}");
    }
    // The page's own origin and localhost are served.
    let r = http_with(
        port,
        "POST",
        "/api/move",
        &body,
        &format!("Origin: http://127.0.0.1:{port}\r\n"),
    );
    assert_eq!(r.status, 200, "a same-origin move: {r:?}");
    let raw = format!("GET /api/setup HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n");
    assert_eq!(request(port, raw.as_bytes()).status, 200);
}

#[test]
fn the_teacher_view_needs_the_printed_token() {
    let t = tmp();
    let srv = serve(t.path(), &[]);
    let port = srv.port;
    for path in [
        "/api/class",
        "/class",
        "/api/class?token=",
        "/class?token=abc",
    ] {
        let r = http(port, "GET", path, "");
        assert_eq!(r.status, 403, "GET {path}: {r:?}");
    }
    let token = srv
        .teacher
        .clone()
        .unwrap_or_else(|| panic!("no teacher view printed:\n{}", srv.banner));
    assert!(
        srv.banner
            .contains(&format!("http://127.0.0.1:{port}/class?token={token}")),
        "{}",
        srv.banner
    );
    let r = http(port, "GET", &format!("/api/class?token={token}"), "");
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.json()["plays"], 0);
    let r = http(port, "GET", &format!("/class?token={token}"), "");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<title>negsim play"));
    drop(srv);
    // --open-class: the class view for everyone, no token printed.
    let srv = serve(t.path(), &["--open-class"]);
    assert!(srv.teacher.is_none(), "{}", srv.banner);
    let r = http(srv.port, "GET", "/api/class", "");
    assert_eq!(r.status, 200, "{r:?}");
}
