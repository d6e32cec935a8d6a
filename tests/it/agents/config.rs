//! Bad agent tables and bench arguments are clear errors (exit 2, naming
//! the file, the field, the value and what is allowed), before anything
//! runs.

use super::*;

fn refused(tables: &str, extra: &str, expected: &[&str]) {
    let dir = tmp();
    let cfg = write_config(dir.path(), "bad", &["open", "mine"], 5, Some(extra), tables);
    let out_dir = dir.path().join("out");
    let out = negsim(dir.path(), &["run", s(&cfg), "--out", s(&out_dir), "-q"]);
    assert_one_user_error(&out, expected, "a bad agent table");
    assert!(
        !out_dir.exists(),
        "a refused run wrote {}",
        out_dir.display()
    );
}

#[test]
fn an_agent_whose_program_is_missing_is_refused() {
    refused(
        "[[strategy]]\nname = \"mine\"\ncommand = [\"./no/such/agent\", \"x\"]\n",
        "",
        &[
            "bad.toml",
            "strategy[0].command",
            "./no/such/agent",
            "is not found",
        ],
    );
}

#[test]
fn an_agent_with_a_bad_timeout_is_refused() {
    let t = agent_table("mine", &example("truthful"), &[], Some(0.0));
    refused(
        &t,
        "",
        &[
            "bad.toml",
            "strategy[0].timeout",
            "0",
            "above 0 and at most 600",
        ],
    );
}

#[test]
fn an_agent_with_parameters_is_refused() {
    let t = agent_table("mine", &example("truthful"), &[], None) + "base = \"open\"\n";
    refused(
        &t,
        "",
        &[
            "bad.toml",
            "strategy[0]",
            "'mine'",
            "takes no base and no parameters",
        ],
    );
}

#[test]
fn an_agent_under_a_double_auction_is_refused() {
    let t = agent_table("mine", &example("truthful"), &[], None);
    refused(
        &t,
        "[protocol]\nkind = \"double_auction\"\n",
        &[
            "bad.toml",
            "strategy[0].command",
            "plays under alternating offers",
            "double auction",
        ],
    );
}

#[test]
fn bench_of_a_missing_program_is_refused() {
    let dir = tmp();
    let out = negsim(
        dir.path(),
        &["bench", "--agent", "no-such-program-here x.py"],
    );
    assert_one_user_error(
        &out,
        &["--agent", "no-such-program-here", "not found"],
        "bench",
    );
    let out = negsim(
        dir.path(),
        &["bench", "--agent", "python3 x.py", "--timeout", "0"],
    );
    assert_one_user_error(&out, &["--timeout", "above 0"], "bench --timeout 0");
}

/// A student plays against the engine's strategies, not an external agent.
#[test]
fn play_against_an_agent_is_refused() {
    let dir = tmp();
    let t = agent_table("mine", &example("truthful"), &[], None);
    let cfg = write_config(dir.path(), "play", &["open", "mine"], 5, None, &t);
    let out = negsim(dir.path(), &["play", "--against", "mine", s(&cfg)]);
    assert_one_user_error(
        &out,
        &["--against mine", "external agent"],
        "play against an agent",
    );
}
