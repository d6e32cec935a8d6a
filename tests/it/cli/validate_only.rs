//! `negsim validate --only`: check names in any case, and a misspelt one
//! refused (exit 2, the nearest name) before any check runs.

use crate::helpers::*;

#[test]
fn only_takes_check_names_in_any_case_and_names_the_nearest_for_a_typo() {
    let cwd = tmp();
    // T6 and FD are formulas with no agents: quick.
    let o = negsim(cwd.path(), &["validate", "--only", "t6,fd"]);
    assert_ok(&o, "validate --only t6,fd");
    for id in ["T6", "FD"] {
        assert!(
            o.stdout.lines().any(|l| l.starts_with(&format!("{id} "))),
            "no {id} line:\n{}",
            o.stdout
        );
    }
    // The typo comes after a check: refused before that check runs.
    let o = negsim(cwd.path(), &["validate", "--only", "T6,T-11"]);
    assert_one_user_error(
        &o,
        &[
            "--only",
            "unknown check 'T-11'",
            "did you mean 'T11'?",
            "T11, T12, FD",
        ],
        "validate --only T6,T-11",
    );
    assert!(o.stdout.is_empty(), "ran checks: {}", o.stdout);
    assert!(entries(cwd.path()).is_empty());
}
