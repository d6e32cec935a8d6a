//! `--help` and `--version`.

use crate::helpers::*;

#[test]
fn help_exits_0_and_lists_commands() {
    let cwd = tmp();
    let out = negsim(cwd.path(), &["--help"]);
    assert_ok(&out, "negsim --help");
    for c in ["run", "strategies", "trace", "check"] {
        assert!(out.stdout.contains(c), "--help lacks {c}:\n{}", out.stdout);
    }
    let out = negsim(cwd.path(), &["run", "--help"]);
    assert_ok(&out, "negsim run --help");
    for o in [
        "--out",
        "--seed",
        "--threads",
        "--runs",
        "--per-run",
        "--force",
        "--quiet",
    ] {
        assert!(
            out.stdout.contains(o),
            "run --help lacks {o}:\n{}",
            out.stdout
        );
    }
    for sub in ["trace", "check", "strategies"] {
        assert_ok(
            &negsim(cwd.path(), &[sub, "--help"]),
            &format!("{sub} --help"),
        );
    }
    let out = negsim(cwd.path(), &["--version"]);
    assert_ok(&out, "negsim --version");
    assert!(out.stdout.contains(env!("CARGO_PKG_VERSION")));
    assert!(entries(cwd.path()).is_empty());
}

/// Help texts match behaviour: `sweep` needs its CONFIG (or `--from`, so
/// the usage line shows it optional), lists `--from` and `--x`, and has no
/// `--per-run`; `trace --help` lists `--find` with its events and
/// `--format`; `run --help` lists `--from`.
#[test]
fn help_texts_match_behaviour() {
    let cwd = tmp();
    let out = negsim(cwd.path(), &["sweep", "--help"]);
    assert_ok(&out, "sweep --help");
    assert!(
        out.stdout
            .contains("Usage: negsim sweep [OPTIONS] [CONFIG]"),
        "{}",
        out.stdout
    );
    for o in ["--from <MANIFEST>", "--x <PARAM>"] {
        assert!(
            out.stdout.contains(o),
            "sweep --help lacks {o}: {}",
            out.stdout
        );
    }
    assert!(!out.stdout.contains("--per-run"), "{}", out.stdout);
    let out = negsim(cwd.path(), &["sweep"]);
    assert_eq!(out.code, Some(2), "{}", out.describe());
    assert!(out.stderr.contains("<CONFIG>"), "{}", out.stderr);
    let sweep = config("asymmetry-sweep.toml");
    let out = negsim(cwd.path(), &["sweep", s(&sweep), "--per-run"]);
    assert_eq!(out.code, Some(2), "{}", out.describe());
    assert!(out.stderr.contains("--per-run"), "{}", out.stderr);
    let out = negsim(cwd.path(), &["trace", "--help"]);
    assert_ok(&out, "trace --help");
    for w in [
        "--find",
        "caught-lie",
        "walk-away",
        "no-deal",
        "--format",
        "--limit",
    ] {
        assert!(
            out.stdout.contains(w),
            "trace --help lacks {w}:\n{}",
            out.stdout
        );
    }
    let out = negsim(cwd.path(), &["run", "--help"]);
    assert!(out.stdout.contains("--from <MANIFEST>"), "{}", out.stdout);
    assert!(entries(cwd.path()).is_empty());
}

/// `negsim completions SHELL` prints a completion script that knows the
/// commands and their options; an unknown shell is refused.
#[test]
fn completions_for_each_shell() {
    let cwd = tmp();
    for (shell, marker, option) in [
        ("bash", "complete -F _negsim", "--from"),
        ("zsh", "#compdef negsim", "--from"),
        ("fish", "complete -c negsim", "-l from"),
    ] {
        let out = negsim(cwd.path(), &["completions", shell]);
        assert_ok(&out, &format!("completions {shell}"));
        assert!(out.stdout.contains(marker), "{shell}: lacks {marker}");
        for w in ["compare", "trace", "caught-lie", "walk-away", option] {
            assert!(out.stdout.contains(w), "{shell} completions lack {w}");
        }
    }
    let out = negsim(cwd.path(), &["completions", "tcsh"]);
    assert_eq!(out.code, Some(2), "{}", out.describe());
    assert!(out.stderr.contains("bash"), "{}", out.stderr);
}
