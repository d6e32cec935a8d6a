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

/// `--agent` is split as a shell splits it: a quoted path with spaces
/// stays whole; an unclosed quote is a usage error.
#[test]
fn bench_takes_a_quoted_path_with_spaces() {
    let dir = tmp();
    let agents = dir.path().join("my agents");
    std::fs::create_dir(&agents).unwrap();
    for f in ["truthful", "agentlib"] {
        std::fs::copy(example(f), agents.join(format!("{f}.py"))).unwrap();
    }
    let out = negsim(
        dir.path(),
        &[
            "bench",
            "--agent",
            "python3 'my agents/truthful.py'",
            "--runs",
            "3",
            "--out",
            "b",
        ],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(dir.path().join("b/bench.csv").is_file());
    // The agent played: no forfeit (split at spaces, python3 could not
    // open "'my" and every negotiation was forfeited).
    let forfeits = std::fs::read_to_string(dir.path().join("b/forfeits.csv")).unwrap();
    assert_eq!(forfeits.lines().count(), 1, "{forfeits}");
    let out = negsim(
        dir.path(),
        &["bench", "--agent", "python3 'my agents/truthful.py"],
    );
    assert_one_user_error(&out, &["--agent", "unclosed quote"], "bench unclosed quote");
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
