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
