//! The data dictionary, docs/COLUMNS.md, against the files: every column of
//! every CSV file that `run`, `sweep`, `evolve`, `compare`, `lies --csv`
//! and `sensitivity --csv` write is listed, in the section of its file.

use crate::helpers::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The columns docs/COLUMNS.md lists, by the file (or section key) its
/// section heading names.
fn dictionary() -> BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(repo().join("docs/COLUMNS.md")).unwrap();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut files: Vec<String> = Vec::new();
    let ticked = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            files = ticked(h)
                .into_iter()
                .map(|t| match t.as_str() {
                    "negsim lies --csv" => "lies.csv".to_string(),
                    "negsim sensitivity --csv" => "sensitivity.csv".to_string(),
                    "negsim compare A B" => String::new(),
                    _ => t,
                })
                .filter(|t| t.ends_with(".csv"))
                .collect();
        } else if line.starts_with("| `") {
            let first = line.split('|').nth(1).unwrap();
            for f in &files {
                out.entry(f.clone()).or_default().extend(ticked(first));
            }
        }
    }
    out
}

/// `x_3` as `x_k`, `weight_a_2` as `weight_a_k`.
fn pattern(column: &str) -> String {
    match column.rsplit_once('_') {
        Some((head, k)) if !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{head}_k")
        }
        _ => column.to_string(),
    }
}

fn header(path: &Path) -> Vec<String> {
    read_csv(path).0
}

/// Every kind of CSV file, written into `dir`: a tournament with runs.csv
/// (`d`, and `e` with another seed), its evolution, a `multi_issue` run
/// (`m`), matches (`r`), two sweeps (`s`, `a`), a comparison (`c`), and the
/// tables of `lies` and `sensitivity`.
fn write_every_table(dir: &Path) {
    let ok = |args: &[&str]| assert_ok(&negsim(dir, args), &args.join(" "));
    fn with<'a>(a: &[&'a str]) -> Vec<&'a str> {
        [a, &["--quiet", "--no-charts"][..]].concat()
    }
    ok(&with(&["run", "--runs", "30", "--per-run", "--out", "d"]));
    ok(&with(&[
        "run",
        "--runs",
        "30",
        "--seed",
        "7",
        "--per-run",
        "--out",
        "e",
    ]));
    ok(&["evolve", "d"]);
    ok(&with(&[
        "run",
        s(&config("integrative.toml")),
        "--runs",
        "30",
        "--per-run",
        "--out",
        "m",
    ]));
    ok(&with(&[
        "run",
        s(&config("repeated.toml")),
        "--runs",
        "40",
        "--out",
        "r",
    ]));
    ok(&with(&[
        "sweep",
        s(&config("bluff-sweep.toml")),
        "--runs",
        "20",
        "--out",
        "s",
    ]));
    ok(&with(&[
        "sweep",
        s(&config("asymmetry-design.toml")),
        "--runs",
        "20",
        "--out",
        "a",
    ]));
    ok(&["compare", "d", "e", "--out", "c"]);
    ok(&[
        "lies",
        "--runs",
        "40",
        "--match-runs",
        "20",
        "--bluffs",
        "0.5",
        "--csv",
        "lies.csv",
    ]);
    ok(&["sensitivity", "--runs", "20", "--csv", "sensitivity.csv"]);
}

#[test]
fn every_column_of_every_table_is_in_the_data_dictionary() {
    let dict = dictionary();
    let cwd = tmp();
    let dir = cwd.path();
    write_every_table(dir);
    let mut checked = BTreeSet::new();
    let mut missing = Vec::new();
    let mut check = |file: &str, path: &Path, skip: &[String], listed_as: &str| {
        let known = dict
            .get(listed_as)
            .unwrap_or_else(|| panic!("docs/COLUMNS.md has no section for {listed_as}"));
        for c in header(path) {
            if !skip.contains(&c) && !known.contains(&c) && !known.contains(&pattern(&c)) {
                missing.push(format!("{file}: {c}"));
            }
        }
        checked.insert(file.to_string());
    };
    let names = |d: &str| -> Vec<String> {
        read_manifest(&dir.join(d))["strategies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap().to_string())
            .collect()
    };
    let params = |d: &str| -> Vec<String> {
        read_manifest(&dir.join(d))["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["column"].as_str().unwrap().to_string())
            .collect()
    };
    for d in ["d", "m", "r"] {
        for f in entries(&dir.join(d)).iter().filter(|f| f.ends_with(".csv")) {
            let skip = if f.ends_with("matrix.csv") {
                names(d)
            } else {
                vec![]
            };
            check(f, &dir.join(d).join(f), &skip, f);
        }
    }
    for d in ["s", "a"] {
        for (f, base) in [
            ("sweep.csv", "summary.csv"),
            ("sweep_ranking.csv", "ranking.csv"),
            ("sweep_comparisons.csv", "comparisons.csv"),
            ("asymmetry_design.csv", "asymmetry_design.csv"),
        ] {
            let path = dir.join(d).join(f);
            if path.exists() {
                check(f, &path, &params(d), base);
            }
        }
    }
    check(
        "compare.csv",
        &dir.join("c/compare.csv"),
        &[],
        "compare.csv",
    );
    check("lies.csv", &dir.join("lies.csv"), &[], "lies.csv");
    check(
        "sensitivity.csv",
        &dir.join("sensitivity.csv"),
        &[],
        "sensitivity.csv",
    );
    assert!(
        missing.is_empty(),
        "columns not in docs/COLUMNS.md:\n{}",
        missing.join("\n")
    );
    let want = [
        "summary.csv",
        "runs.csv",
        "matrix.csv",
        "deal_matrix.csv",
        "ranking.csv",
        "comparisons.csv",
        "asymmetry.csv",
        "asymmetry_within.csv",
        "share_distribution.csv",
        "match_trace.csv",
        "evolution.csv",
        "fixation.csv",
        "sweep.csv",
        "sweep_ranking.csv",
        "sweep_comparisons.csv",
        "asymmetry_design.csv",
        "compare.csv",
        "lies.csv",
        "sensitivity.csv",
    ];
    for f in want {
        assert!(checked.contains(f), "{f} was not checked: {checked:?}");
    }
}
