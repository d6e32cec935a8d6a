//! Strategy names typed as bare words (`negsim trace probing guarded`,
//! `negsim play guarded`, `negsim serve guarded probing`, `negsim run open
//! probing`): exit code 2 and one message naming the flag meant and the
//! command to type, never clap's generic "unexpected argument" or
//! "required arguments were not provided"; nothing written.

use std::fs;

use crate::helpers::*;

/// Each line, the words its message must hold.
#[test]
fn strategies_typed_as_bare_words_get_the_flags_they_need() {
    let cwd = tmp();
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["trace", "probing", "guarded"],
            &[
                "'probing' and 'guarded' are strategies",
                "name the two sides with --a and --b (A the buyer, B the seller)",
                "negsim trace --a probing --b guarded",
            ],
        ),
        (
            &["trace", "probing"],
            &[
                "'probing' is a strategy",
                "negsim trace --a probing --b STRATEGY",
            ],
        ),
        (
            &["trace", "--seed", "3", "probing", "open", "--run", "2"],
            &["negsim trace --a probing --b open --seed 3 --run 2"],
        ),
        (
            &["trace", "--a", "open", "guarded"],
            &[
                "'guarded' is a strategy",
                "negsim trace --b guarded --a open",
            ],
        ),
        (
            // The value of --a is the same word: it stays.
            &["trace", "--a", "probing", "probing"],
            &["negsim trace --b probing --a probing"],
        ),
        (
            &["trace", "probbing", "guarded"],
            &[
                "'probbing' (no file; did you mean 'probing'?)",
                "negsim trace --a probing --b guarded",
            ],
        ),
        (
            &["play", "guarded"],
            &[
                "'guarded' is a strategy",
                "--against",
                "negsim play --against guarded",
            ],
        ),
        (
            &["play", "guarded", "seller", "--seed", "7"],
            &["negsim play --against guarded --as seller --seed 7"],
        ),
        (
            &["play", "--against", "guarded", "probing"],
            &[
                "'probing' is a strategy",
                "name the one strategy you play against with --against",
                "negsim play --against guarded",
            ],
        ),
        (
            &["serve", "guarded", "probing"],
            &["negsim serve --strategies guarded,probing"],
        ),
        (
            &["run", "open", "probing"],
            &[
                "'open' and 'probing' are strategies",
                "strategies = [\"open\", \"probing\"]",
            ],
        ),
        (
            &["sweep", "probing"],
            &[
                "'probing' is a strategy",
                "`negsim sweep` takes a config file",
            ],
        ),
        (
            &["strategies", "probing"],
            &["`negsim strategies` lists every strategy"],
        ),
    ];
    let mut failures = Vec::new();
    for (args, expected) in cases {
        let out = negsim(cwd.path(), args);
        let p = one_user_error_problems(&out, expected);
        if !p.is_empty() {
            failures.push(format!(
                "negsim {}:\n    {}\n    stderr: {}",
                args.join(" "),
                p.join("\n    "),
                out.stderr.trim_end()
            ));
        }
        for generic in ["unexpected argument", "were not provided"] {
            if out.stderr.contains(generic) {
                failures.push(format!("negsim {}: clap's `{generic}`", args.join(" ")));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        entries(cwd.path()).is_empty(),
        "wrote {:?}",
        entries(cwd.path())
    );
}

/// A word that is a file is a config, even with a strategy's name; a
/// strategy a config defines is recognised when the config is on the line;
/// help still works, and other bad lines keep clap's message.
#[test]
fn bare_words_that_are_files_or_not_strategies_are_left_alone() {
    let cwd = tmp();
    fs::copy(config("default.toml"), cwd.path().join("probing")).unwrap();
    let out = negsim(
        cwd.path(),
        &["trace", "--a", "open", "--b", "guarded", "probing"],
    );
    assert_ok(&out, "trace with a config file named probing");
    let custom = config("custom-strategy.toml");
    let out = negsim(cwd.path(), &["trace", "soft-prober", "open", s(&custom)]);
    assert_one_user_error(
        &out,
        &[
            "'soft-prober' and 'open' are strategies",
            "--a soft-prober --b open",
        ],
        "a config's own strategy as a bare word",
    );
    let out = negsim(cwd.path(), &["trace", "--help"]);
    assert_ok(&out, "trace --help");
    assert!(out.stdout.contains("--a <STRATEGY>"), "{}", out.stdout);
    let out = negsim(
        cwd.path(),
        &["trace", "--a", "open", "--b", "guarded", "--colour"],
    );
    assert_user_error(&out, &["unexpected argument '--colour'"], "an unknown flag");
}

/// A strategy a config defines, named without the config, gets the hint to
/// pass the config in `play` and `serve` too, as in `trace`.
#[test]
fn a_config_strategy_without_its_config_gets_the_hint_to_pass_it() {
    let cwd = tmp();
    let cases: [(&[&str], &str); 2] = [
        (
            &["play", "--against", "soft-prober"],
            "if a config defines 'soft-prober', pass it: negsim play --against soft-prober CONFIG",
        ),
        (
            &[
                "serve",
                "--port",
                "0",
                "--stop-after",
                "5",
                "--strategies",
                "open,soft-prober",
            ],
            "if a config defines 'soft-prober', pass it: negsim serve --strategies open,soft-prober CONFIG",
        ),
    ];
    for (args, hint) in cases {
        let out = negsim(cwd.path(), args);
        assert_one_user_error(
            &out,
            &["unknown strategy 'soft-prober'", hint],
            &args.join(" "),
        );
    }
    assert!(
        entries(cwd.path()).is_empty(),
        "wrote {:?}",
        entries(cwd.path())
    );
}

/// A negative number after an option (`--seed -1`, `--selection -0.5`),
/// which clap reads as a flag ("unexpected argument '-0'"), is named with
/// its option and what it takes.
#[test]
fn a_negative_number_for_an_option_is_named_with_its_option() {
    let cwd = tmp();
    let cases: [&[&str]; 3] = [
        &["run", "--seed", "-1"],
        &["play", "--against", "open", "--width", "-3"],
        &["evolve", "r", "--selection", "-0.5"],
    ];
    for args in cases {
        let (flag, value) = (args[args.len() - 2], args[args.len() - 1]);
        let out = negsim(cwd.path(), args);
        let want = format!("{flag} {value}: a negative number; {flag} takes 0 or more");
        assert_one_user_error(&out, &[&want], &args.join(" "));
        assert!(
            !out.stderr.contains("unexpected argument"),
            "{}",
            out.stderr
        );
    }
    assert!(
        entries(cwd.path()).is_empty(),
        "wrote {:?}",
        entries(cwd.path())
    );
}
