//! `negsim compare A B`: per-strategy differences B - A between two results
//! folders with independent-samples 95% intervals, strategies of one folder
//! only listed, bad folders refused.

use std::fs;

use crate::helpers::svg::{parse_svg, svg_problems};
use crate::helpers::*;

#[test]
fn compare_two_results_folders() {
    let cwd = tmp();
    let cfg = cwd.path().join("b.toml");
    let text = fs::read_to_string(config("custom-strategy.toml")).unwrap();
    let mut t: toml::Table = toml::from_str(&text).unwrap();
    t.insert(
        "strategies".into(),
        toml::Value::Array(vec!["open".into(), "probing".into(), "soft-prober".into()]),
    );
    fs::write(&cfg, toml::to_string(&t).unwrap()).unwrap();
    for args in [
        vec![
            "run",
            "--runs",
            "300",
            "--seed",
            "1",
            "--out",
            "a",
            "-q",
            "--no-charts",
        ],
        vec![
            "run",
            s(&cfg),
            "--runs",
            "300",
            "--out",
            "b",
            "-q",
            "--no-charts",
        ],
    ] {
        let out = negsim(cwd.path(), &args);
        assert_ok(&out, &args.join(" "));
    }
    let out = negsim(cwd.path(), &["compare", "a", "b"]);
    assert_ok(&out, "negsim compare a b");
    for needle in [
        "independent samples",
        "sqrt(ci_A^2 + ci_B^2)",
        "Only in A: guarded, mirroring",
        "Only in B: soft-prober",
        "results/compare-a-b/compare.csv",
    ] {
        assert!(
            out.stdout.contains(needle),
            "lacks {needle:?}:\n{}",
            out.stdout
        );
    }
    let ranking = |d: &str| {
        let (h, rows) = read_csv(&cwd.path().join(d).join("ranking.csv"));
        let at = |c: &str| col(&h, c, "ranking.csv");
        rows.iter()
            .map(|r| {
                let f = |c: &str| r[at(c)].parse::<f64>().unwrap();
                (
                    r[at("strategy")].clone(),
                    [
                        f("surplus_mean"),
                        f("surplus_ci95"),
                        f("deal_rate"),
                        f("deal_rate_ci95"),
                    ],
                )
            })
            .collect::<Vec<_>>()
    };
    let (ra, rb) = (ranking("a"), ranking("b"));
    let (h, rows) = read_csv(&cwd.path().join("results/compare-a-b/compare.csv"));
    let at = |c: &str| col(&h, c, "compare.csv");
    assert_eq!(rows.len(), 5, "4 strategies of A and soft-prober: {rows:?}");
    for r in &rows {
        let name = &r[at("strategy")];
        let a = ra.iter().find(|x| &x.0 == name);
        let b = rb.iter().find(|x| &x.0 == name);
        let present = match (a, b) {
            (Some(_), Some(_)) => "both",
            (Some(_), None) => "a_only",
            _ => "b_only",
        };
        assert_eq!(r[at("present")], present, "{name}");
        let (Some((_, a)), Some((_, b))) = (a, b) else {
            assert_eq!(r[at("surplus_diff")], "", "{name}");
            continue;
        };
        let f = |c: &str| r[at(c)].parse::<f64>().unwrap();
        assert_eq!(f("surplus_diff"), b[0] - a[0], "{name}");
        assert_eq!(
            f("surplus_diff_ci95"),
            (a[1] * a[1] + b[1] * b[1]).sqrt(),
            "{name}"
        );
        assert_eq!(f("deal_rate_diff"), b[2] - a[2], "{name}");
        assert_eq!(
            f("deal_rate_diff_ci95"),
            (a[3] * a[3] + b[3] * b[3]).sqrt(),
            "{name}"
        );
        let differs = (f("surplus_diff").abs() > f("surplus_diff_ci95")) as u8;
        assert_eq!(r[at("surplus_differs")], differs.to_string(), "{name}");
    }
    // Again into the same folder: replaced; --out elsewhere.
    let out = negsim(cwd.path(), &["compare", "a", "b", "-q", "--out", "cmp"]);
    assert_ok(&out, "compare --out cmp");
    assert_eq!(out.stdout, "");
    assert_eq!(
        entries(&cwd.path().join("cmp")),
        ["compare.csv", "compare.png", "compare.svg"]
    );
    let svg = fs::read_to_string(cwd.path().join("cmp/compare.svg")).unwrap();
    let problems = svg_problems(
        &svg,
        "compare.svg",
        "Differences per strategy: b minus a",
        10,
    );
    assert!(problems.is_empty(), "{problems:?}");
    let text = parse_svg(&svg).unwrap().all_text();
    for w in [
        "open",
        "probing",
        "mean surplus, B",
        "deal rate, B",
        "independent samples",
    ] {
        assert!(text.contains(w), "compare.svg lacks {w:?}: {text}");
    }
    assert!(!text.contains("guarded"), "a strategy of A only is charted");
    assert_ok(
        &negsim(cwd.path(), &["compare", "a", "b", "-q", "--out", "cmp"]),
        "again",
    );
    // A results folder does not take a comparison; files of the user's in
    // the output folder are kept.
    let out = negsim(cwd.path(), &["compare", "a", "b", "-q", "--out", "a"]);
    assert_one_user_error(
        &out,
        &["a", "--out", "results folder"],
        "compare --out a results folder",
    );
    assert!(!cwd.path().join("a/compare.csv").exists());
    fs::write(cwd.path().join("cmp/notes.txt"), "mine").unwrap();
    assert_ok(
        &negsim(cwd.path(), &["compare", "a", "b", "-q", "--out", "cmp"]),
        "into a folder with a file of the user's",
    );
    assert_eq!(
        fs::read_to_string(cwd.path().join("cmp/notes.txt")).unwrap(),
        "mine"
    );
    assert!(cwd.path().join("a/ranking.csv").is_file());
}

#[test]
fn compare_refuses_bad_folders() {
    let cwd = tmp();
    fs::create_dir(cwd.path().join("empty")).unwrap();
    fs::create_dir(cwd.path().join("bad")).unwrap();
    fs::write(
        cwd.path().join("bad/ranking.csv"),
        "strategy,surplus_mean,surplus_ci95,deal_rate,deal_rate_ci95\nopen,x,1,0.5,0.1\n",
    )
    .unwrap();
    fs::create_dir(cwd.path().join("old")).unwrap();
    fs::write(
        cwd.path().join("old/ranking.csv"),
        "strategy,surplus_mean\nopen,1\n",
    )
    .unwrap();
    for (a, b, expect) in [
        ("nothing", "empty", vec!["nothing", "not a folder"]),
        ("empty", "empty", vec!["ranking.csv", "is missing"]),
        (
            "bad",
            "bad",
            vec!["ranking.csv", "row 2", "surplus_mean", "'x'"],
        ),
        ("old", "old", vec!["ranking.csv", "surplus_ci95"]),
    ] {
        let out = negsim(cwd.path(), &["compare", a, b]);
        assert_one_user_error(&out, &expect, &format!("compare {a} {b}"));
    }
    assert_eq!(entries(cwd.path()), ["bad", "empty", "old"]);
}

/// Stars hold across the table (Holm's correction over every difference):
/// with 8 differences, one at z = 2.2 (p 0.028: its interval excludes 0)
/// is not starred, one at z = 5 is.
#[test]
fn compare_stars_only_what_holds_after_holms_correction() {
    let cwd = tmp();
    let write = |dir: &str, surplus: [f64; 4], ci: f64| {
        let d = cwd.path().join(dir);
        fs::create_dir_all(&d).unwrap();
        let mut text =
            String::from("strategy,surplus_mean,surplus_ci95,deal_rate,deal_rate_ci95\n");
        for (name, s) in ["x", "y", "u", "v"].iter().zip(surplus) {
            text += &format!("{name},{s},{ci},0.5,{ci}\n");
        }
        fs::write(d.join("ranking.csv"), text).unwrap();
    };
    // A's intervals 0 and B's 1.96: each difference has standard error 1.
    write("a", [100.0, 100.0, 100.0, 100.0], 0.0);
    write("b", [102.2, 105.0, 100.0, 100.0], 1.959_963_984_540_054);
    let out = negsim(cwd.path(), &["compare", "a", "b", "--out", "c"]);
    assert_ok(&out, "compare a b");
    let line = |name: &str| {
        out.stdout
            .lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no line of {name}: {}", out.stdout))
            .to_string()
    };
    assert!(!line("x").contains('*'), "{}", out.stdout);
    assert!(line("y").contains(" *"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("Holm's correction over the table's 8 differences"),
        "{}",
        out.stdout
    );
    let (h, rows) = read_csv(&cwd.path().join("c/compare.csv"));
    let at = |c: &str| col(&h, c, "compare.csv");
    let f = |r: usize, c: &str| rows[r][at(c)].parse::<f64>().unwrap();
    // x: uncorrected, its interval excludes 0; Holm: 7 x 2 Phi(-2.2).
    assert_eq!(rows[0][at("surplus_differs")], "1");
    assert!((f(0, "surplus_p_holm") - 7.0 * 0.027_806_895_026_997_22).abs() < 1e-9);
    // y: 8 x 2 Phi(-5); the others: no difference, p 1.
    assert!((f(1, "surplus_p_holm") - 8.0 * 5.733_031_437_583_9e-7).abs() < 1e-12);
    assert_eq!(f(2, "surplus_p_holm"), 1.0);
    assert_eq!(f(0, "deal_rate_p_holm"), 1.0);
}
