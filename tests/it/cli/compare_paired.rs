//! Issue 21, `negsim compare` on folders that share their draws: paired by
//! run on both runs.csv files (intervals clustered by match) instead of
//! independent-samples intervals, which it makes narrower; and a warning,
//! with `~` instead of `*`, where a strategy met other opponents in B.

use std::fs;
use std::path::Path;

use crate::helpers::*;

/// `run` of configs/default.toml with `strategies` (and its other
/// settings) into `cwd/out`, seed 5, 400 runs, with runs.csv.
fn folder(cwd: &Path, out: &str, strategies: &str, rounds: u32) {
    let text = fs::read_to_string(config("default.toml")).unwrap();
    let text = text
        .replace(
            "strategies = [\"open\", \"guarded\", \"mirroring\", \"probing\"]",
            &format!("strategies = {strategies}"),
        )
        .replace("rounds = 3 ", &format!("rounds = {rounds} "));
    let cfg = cwd.join(format!("{out}.toml"));
    fs::write(&cfg, text).unwrap();
    let args = [
        "run",
        s(&cfg),
        "--seed",
        "5",
        "--runs",
        "400",
        "--per-run",
        "--out",
        out,
        "-q",
        "--no-charts",
    ];
    assert_ok(&negsim(cwd, &args), &args.join(" "));
}

/// strategy -> (surplus mean, its CI) from `dir/ranking.csv`.
fn ranking(dir: &Path) -> Vec<(String, f64, f64)> {
    let (h, rows) = read_csv(&dir.join("ranking.csv"));
    let at = |c: &str| col(&h, c, "ranking.csv");
    rows.iter()
        .map(|r| {
            let f = |c: &str| r[at(c)].parse::<f64>().unwrap();
            (
                r[at("strategy")].clone(),
                f("surplus_mean"),
                f("surplus_ci95"),
            )
        })
        .collect()
}

#[test]
fn compare_pairs_by_run_when_the_draws_are_shared() {
    let cwd = tmp();
    let presets = "[\"open\", \"guarded\", \"mirroring\", \"probing\"]";
    folder(cwd.path(), "a", presets, 3);
    folder(cwd.path(), "b", presets, 1);
    let out = negsim(cwd.path(), &["compare", "a", "b", "--out", "cmp"]);
    assert_ok(&out, "compare a b");
    assert!(out.stdout.contains("paired by run"), "{}", out.stdout);
    assert!(
        !out.stdout.contains("independent samples"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stderr.contains("warning"),
        "same opponents: {}",
        out.stderr
    );
    let (ra, rb) = (
        ranking(&cwd.path().join("a")),
        ranking(&cwd.path().join("b")),
    );
    let (h, rows) = read_csv(&cwd.path().join("cmp/compare.csv"));
    let at = |c: &str| col(&h, c, "compare.csv");
    assert_eq!(rows.len(), 4);
    for r in &rows {
        let name = &r[at("strategy")];
        let a = ra.iter().find(|x| &x.0 == name).unwrap();
        let b = rb.iter().find(|x| &x.0 == name).unwrap();
        let f = |c: &str| r[at(c)].parse::<f64>().unwrap();
        assert_eq!(r[at("interval")], "paired", "{name}");
        assert_eq!(r[at("same_opponents")], "1", "{name}");
        // The same difference as the two rankings give...
        let d = b.1 - a.1;
        assert!(
            (f("surplus_diff") - d).abs() <= 1e-9 * d.abs().max(1.0),
            "{name}"
        );
        // ...with a narrower interval than for independent samples.
        let independent = (a.2 * a.2 + b.2 * b.2).sqrt();
        let paired = f("surplus_diff_ci95");
        assert!(
            paired > 0.0 && paired < 0.8 * independent,
            "{name}: paired ±{paired} is not narrower than independent ±{independent}"
        );
        let differs = (f("surplus_diff").abs() > paired) as u8;
        assert_eq!(r[at("surplus_differs")], differs.to_string(), "{name}");
    }
    // Without runs.csv in B: independent samples, and the reason.
    fs::remove_file(cwd.path().join("b/runs.csv")).unwrap();
    let out = negsim(cwd.path(), &["compare", "a", "b", "--out", "cmp2"]);
    assert_ok(&out, "compare a b without runs.csv");
    assert!(out.stdout.contains("independent samples"), "{}", out.stdout);
    assert!(out.stdout.contains("--per-run"), "{}", out.stdout);
}

#[test]
fn compare_warns_when_the_opponents_differ_and_does_not_star_it() {
    let cwd = tmp();
    folder(
        cwd.path(),
        "a",
        "[\"open\", \"guarded\", \"mirroring\", \"probing\"]",
        3,
    );
    folder(cwd.path(), "b", "[\"open\", \"guarded\", \"mirroring\"]", 3);
    let out = negsim(cwd.path(), &["compare", "a", "b", "--out", "cmp"]);
    assert_ok(&out, "compare a b");
    for needle in [
        "warning: the opponents differ",
        "may come from the pool",
        "only in A: probing",
    ] {
        assert!(
            out.stderr.contains(needle),
            "stderr lacks {needle:?}: {}",
            out.stderr
        );
    }
    let (h, rows) = read_csv(&cwd.path().join("cmp/compare.csv"));
    let at = |c: &str| col(&h, c, "compare.csv");
    let mut marked = 0;
    for r in rows.iter().filter(|r| r[at("present")] == "both") {
        let name = &r[at("strategy")];
        assert_eq!(r[at("same_opponents")], "0", "{name}");
        let line = out
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no line of {name}: {}", out.stdout));
        assert!(
            !line.contains(" *"),
            "{name} starred as a strategy effect: {line}"
        );
        let holds = r[at("surplus_p_holm")]
            .parse::<f64>()
            .is_ok_and(|p| p < 0.05);
        if holds {
            assert!(line.contains(" ~"), "{name}: {line}");
            marked += 1;
        }
    }
    assert!(marked > 0, "no difference to mark:\n{}", out.stdout);
    assert!(
        out.stdout.contains("~ p < 0.05 after that correction"),
        "{}",
        out.stdout
    );
}
