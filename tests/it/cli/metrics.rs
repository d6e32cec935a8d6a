//! The version-2 metrics in the CSV files: information in bits (negative
//! when misled), walk-aways, true and false lie detections. Columns are
//! present and numeric; each run is consistent (runs.csv); the summaries
//! (summary.csv, ranking.csv, asymmetry.csv) are the means of the runs;
//! without talk and leaks nobody learns anything; deals can fail.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::helpers::*;

/// Columns `runs.csv` must have (price scenario).
const RUN_COLUMNS: [&str; 36] = [
    "strategy_a",
    "strategy_b",
    "run",
    "deal",
    "zopa",
    "rounds",
    "walk_away",
    "price",
    "surplus_a",
    "surplus_b",
    "efficiency",
    "share_a",
    "info_bits_a",
    "info_bits_b",
    "info_bits_end_a",
    "info_bits_end_b",
    "confidence_bits_a",
    "confidence_bits_b",
    "error_a",
    "error_b",
    "error_reduction_a",
    "error_reduction_b",
    "crps_a",
    "crps_b",
    "crps_gain_a",
    "crps_gain_b",
    "bits_given_a",
    "bits_given_b",
    "asymmetry",
    "bluffs_a",
    "bluffs_b",
    "lies_detected_a",
    "lies_detected_b",
    "false_detections_a",
    "false_detections_b",
    "trust_a",
];

/// Columns of `runs.csv` that hold text.
const RUN_TEXT_COLUMNS: [&str; 3] = ["strategy_a", "strategy_b", "walk_away"];

/// Columns of `runs.csv` that may be empty (undefined for the run).
const RUN_OPTIONAL_COLUMNS: [&str; 5] = [
    "price",
    "efficiency",
    "share_a",
    "pareto_distance",
    "nash_distance",
];

/// A CSV file read by column name.
struct Table {
    file: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(path: &Path) -> Self {
        let (header, rows) = read_csv(path);
        Table {
            file: path.file_name().unwrap().to_string_lossy().into_owned(),
            header,
            rows,
        }
    }

    fn col(&self, name: &str) -> usize {
        col(&self.header, name, &self.file)
    }

    /// The text of column `name` in `row`.
    fn text<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        &row[self.col(name)]
    }

    /// The number in column `name` of `row` (NaN when empty); the test
    /// fails on anything else.
    fn num(&self, row: &[String], name: &str) -> f64 {
        let v = self.text(row, name);
        if v.is_empty() {
            return f64::NAN;
        }
        v.parse()
            .unwrap_or_else(|_| panic!("{}: column {name} holds {v:?}, not a number", self.file))
    }

    /// Rows grouped by (strategy_a, strategy_b).
    fn by_pairing(&self) -> BTreeMap<(String, String), Vec<&Vec<String>>> {
        let mut m: BTreeMap<(String, String), Vec<&Vec<String>>> = BTreeMap::new();
        for r in &self.rows {
            let key = (
                self.text(r, "strategy_a").to_string(),
                self.text(r, "strategy_b").to_string(),
            );
            m.entry(key).or_default().push(r);
        }
        m
    }
}

/// `negsim run CFG --runs N --per-run --out r -q` in a fresh folder.
fn run_per_run(cfg: &Path, runs: u64) -> (tempfile::TempDir, PathBuf) {
    let dir = tmp();
    let out = negsim(
        dir.path(),
        &[
            "run",
            s(cfg),
            "--runs",
            &runs.to_string(),
            "--per-run",
            "--out",
            "r",
            "-q",
        ],
    );
    assert_ok(&out, &format!("negsim run {} --per-run", cfg.display()));
    let r = dir.path().join("r");
    (dir, r)
}

/// `a` and `b` agree to rounding (or are both undefined).
fn close(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Mean of `f` over `rows` (NaN when no row counts).
fn mean<'a>(rows: impl Iterator<Item = &'a Vec<String>>, f: impl Fn(&[String]) -> f64) -> f64 {
    let (mut n, mut sum) = (0.0, 0.0);
    for r in rows {
        let v = f(r);
        if !v.is_nan() {
            n += 1.0;
            sum += v;
        }
    }
    sum / n
}

/// A problem unless `got` agrees with `want`.
fn check(problems: &mut Vec<String>, what: String, got: f64, want: f64) {
    if !close(got, want) {
        problems.push(format!("{what}: {got}, the runs give {want}"));
    }
}

/// 1.0 for true, 0.0 for false.
fn ind(b: bool) -> f64 {
    if b { 1.0 } else { 0.0 }
}

/// runs.csv has the version-2 columns, numbers only in its numeric
/// columns, and each run is consistent: a walk-away (A, B or empty) ends
/// without a deal, asymmetry is A's info bits minus B's, info bits lie in
/// [-6, 6] (one facet), a true lie detection needs a bluffing other and a
/// false one an honest other, and honest sides are rarely accused.
#[test]
fn runs_csv_has_the_version_2_columns_and_each_run_is_consistent() {
    let (_d, r) = run_per_run(&config("default.toml"), 3000);
    let t = Table::read(&r.join("runs.csv"));
    for c in RUN_COLUMNS {
        t.col(c);
    }
    let mut problems = Vec::new();
    let (mut false_a, mut false_b, mut honest_b, mut honest_a) = (0u64, 0u64, 0u64, 0u64);
    for (i, row) in t.rows.iter().enumerate() {
        let mut p = Vec::new();
        for (h, v) in t.header.iter().zip(row) {
            if RUN_TEXT_COLUMNS.contains(&h.as_str()) {
                continue;
            }
            let ok = v.parse::<f64>().is_ok_and(f64::is_finite)
                || (v.is_empty() && RUN_OPTIONAL_COLUMNS.contains(&h.as_str()));
            if !ok {
                p.push(format!("{h} = {v:?} is not a number"));
            }
        }
        let walk = t.text(row, "walk_away");
        let deal = t.num(row, "deal");
        match walk {
            "" => {}
            "A" | "B" if deal == 0.0 => {}
            "A" | "B" => p.push(format!("walk_away {walk} but deal = 1")),
            w => p.push(format!("walk_away {w:?} is not A, B or empty")),
        }
        let (ia, ib) = (t.num(row, "info_bits_a"), t.num(row, "info_bits_b"));
        let asym = t.num(row, "asymmetry");
        if !close(asym, ia - ib) {
            p.push(format!(
                "asymmetry {asym} != info_bits_a {ia} - info_bits_b {ib}"
            ));
        }
        for c in [
            "info_bits_a",
            "info_bits_b",
            "info_bits_end_a",
            "info_bits_end_b",
        ] {
            let v = t.num(row, c);
            if !(-6.0 - 1e-9..=6.0 + 1e-9).contains(&v) {
                p.push(format!("{c} = {v} outside [-6, 6]"));
            }
        }
        for c in ["crps_a", "crps_b"] {
            // A CRPS is at least 0 and at most the support's width (8
            // prior sds for a normal prior, sqrt(12) for a uniform).
            let v = t.num(row, c);
            if !(0.0..=8.0).contains(&v) {
                p.push(format!("{c} = {v} outside [0, 8]"));
            }
        }
        for (me, other) in [("a", "b"), ("b", "a")] {
            let caught = t.num(row, &format!("lies_detected_{me}"));
            let accused = t.num(row, &format!("false_detections_{me}"));
            let bluffs = t.num(row, &format!("bluffs_{other}"));
            if caught > 0.0 && bluffs == 0.0 {
                p.push(format!(
                    "lies_detected_{me} = {caught} but the other never bluffed"
                ));
            }
            if accused > 0.0 && bluffs > 0.0 {
                p.push(format!(
                    "false_detections_{me} = {accused} but the other bluffed {bluffs} times"
                ));
            }
        }
        if t.num(row, "bluffs_b") == 0.0 {
            honest_b += 1;
            false_a += u64::from(t.num(row, "false_detections_a") > 0.0);
        }
        if t.num(row, "bluffs_a") == 0.0 {
            honest_a += 1;
            false_b += u64::from(t.num(row, "false_detections_b") > 0.0);
        }
        if !p.is_empty() && problems.len() < 20 {
            problems.push(format!("runs.csv row {}: {}", i + 2, p.join("; ")));
        }
    }
    // MODEL.md section 4: an honest speaker is accused in at most 0.1% of
    // runs (with room for sampling noise).
    for (accused, honest, who) in [(false_a, honest_b, "A"), (false_b, honest_a, "B")] {
        let n = honest as f64;
        let bound = 0.001 * n + 4.0 * (0.001 * n).sqrt() + 1.0;
        if accused as f64 > bound {
            problems.push(format!(
                "{who} falsely accused an honest other in {accused} of {honest} runs (more than 0.1%)"
            ));
        }
    }
    assert_no_problems(&problems, "runs.csv of the default config");
}

/// summary.csv, ranking.csv and asymmetry.csv are the means and counts of
/// the runs in runs.csv: deal rate given a zone, walk-away rates, info
/// bits, confidence, error reduction, asymmetry, lies caught and false
/// accusations; asymmetry bins one bit wide, centred on whole bits.
#[test]
fn summaries_are_the_means_of_the_runs() {
    const RUNS: u64 = 1500;
    let (_d, r) = run_per_run(&config("default.toml"), RUNS);
    let runs = Table::read(&r.join("runs.csv"));
    let by_pair = runs.by_pairing();
    let mut problems = Vec::new();

    let summary = Table::read(&r.join("summary.csv"));
    for row in &summary.rows {
        let key = (
            summary.text(row, "strategy_a").to_string(),
            summary.text(row, "strategy_b").to_string(),
        );
        let rs = &by_pair[&key];
        let n = |c: &str, r: &[String]| runs.num(r, c);
        let zone = || rs.iter().copied().filter(|r| n("zopa", r) == 1.0);
        let walked = |r: &[String]| ind(!runs.text(r, "walk_away").is_empty());
        let side = |r: &[String], s: &str| ind(runs.text(r, "walk_away") == s);
        let cols: Vec<(&str, f64)> = vec![
            ("zopa_rate", mean(rs.iter().copied(), |r| n("zopa", r))),
            ("deal_rate_given_zopa", mean(zone(), |r| n("deal", r))),
            ("walk_away_rate", mean(rs.iter().copied(), walked)),
            ("walk_away_rate_given_zopa", mean(zone(), walked)),
            (
                "walk_away_a_rate",
                mean(rs.iter().copied(), |r| side(r, "A")),
            ),
            (
                "walk_away_b_rate",
                mean(rs.iter().copied(), |r| side(r, "B")),
            ),
            (
                "info_bits_a_mean",
                mean(rs.iter().copied(), |r| n("info_bits_a", r)),
            ),
            (
                "info_bits_b_mean",
                mean(rs.iter().copied(), |r| n("info_bits_b", r)),
            ),
            (
                "info_bits_end_a_mean",
                mean(rs.iter().copied(), |r| n("info_bits_end_a", r)),
            ),
            (
                "confidence_bits_b_mean",
                mean(rs.iter().copied(), |r| n("confidence_bits_b", r)),
            ),
            (
                "error_reduction_a_mean",
                mean(rs.iter().copied(), |r| n("error_reduction_a", r)),
            ),
            (
                "asymmetry_mean",
                mean(rs.iter().copied(), |r| n("asymmetry", r)),
            ),
            ("crps_a_mean", mean(rs.iter().copied(), |r| n("crps_a", r))),
            (
                "crps_gain_a_mean",
                mean(rs.iter().copied(), |r| n("crps_gain_a", r)),
            ),
            (
                "crps_gain_b_mean",
                mean(rs.iter().copied(), |r| n("crps_gain_b", r)),
            ),
            // Pooled: mean joint surplus over mean possible joint surplus.
            (
                "efficiency",
                mean(rs.iter().copied(), |r| n("joint_surplus", r))
                    / mean(rs.iter().copied(), |r| n("max_joint_surplus", r)),
            ),
            (
                "efficiency_mean_of_ratios",
                mean(zone(), |r| n("efficiency", r)),
            ),
            (
                "lies_detected_a_mean",
                mean(rs.iter().copied(), |r| n("lies_detected_a", r)),
            ),
            (
                "lies_detected_mean",
                mean(rs.iter().copied(), |r| {
                    n("lies_detected_a", r) + n("lies_detected_b", r)
                }),
            ),
            (
                "false_detections_mean",
                mean(rs.iter().copied(), |r| {
                    n("false_detections_a", r) + n("false_detections_b", r)
                }),
            ),
        ];
        for (c, want) in cols {
            check(
                &mut problems,
                format!("summary.csv {} vs {} {c}", key.0, key.1),
                summary.num(row, c),
                want,
            );
        }
    }

    // ranking.csv: per strategy, over its runs as A and as B.
    let ranking = Table::read(&r.join("ranking.csv"));
    for row in &ranking.rows {
        let s = ranking.text(row, "strategy");
        let (mut bits, mut walk, mut caught, mut accused, mut k) = (0.0, 0.0, 0.0, 0.0, 0.0);
        let mut crps_gain = 0.0;
        for ((a, b), rs) in &by_pair {
            for (me, letter, mine) in [("a", "A", a == s), ("b", "B", b == s)] {
                if !mine {
                    continue;
                }
                for r in rs {
                    k += 1.0;
                    bits += runs.num(r, &format!("info_bits_{me}"));
                    crps_gain += runs.num(r, &format!("crps_gain_{me}"));
                    walk += ind(runs.text(r, "walk_away") == letter);
                    caught += runs.num(r, &format!("lies_detected_{me}"));
                    accused += runs.num(r, &format!("false_detections_{me}"));
                }
            }
        }
        for (c, want) in [
            ("info_bits_mean", bits / k),
            ("crps_gain_mean", crps_gain / k),
            ("walk_away_rate", walk / k),
            ("lies_detected_mean", caught / k),
            ("false_detections_mean", accused / k),
        ] {
            check(
                &mut problems,
                format!("ranking.csv {s} {c}"),
                ranking.num(row, c),
                want,
            );
        }
    }

    // asymmetry.csv: bins one bit wide with edges at half bits (the middle
    // bin centred on 0), holding exactly the runs whose asymmetry falls in.
    let asym = Table::read(&r.join("asymmetry.csv"));
    let mut counted: BTreeMap<(String, String), u64> = BTreeMap::new();
    for row in &asym.rows {
        let key = (
            asym.text(row, "strategy_a").to_string(),
            asym.text(row, "strategy_b").to_string(),
        );
        let (lo, hi) = (asym.num(row, "bin_lo"), asym.num(row, "bin_hi"));
        if hi - lo != 1.0 || (lo + 0.5).fract() != 0.0 || lo < -12.5 || hi > 12.5 {
            problems.push(format!(
                "asymmetry.csv bin [{lo}, {hi}) is not a one-bit bin"
            ));
        }
        let inside: Vec<&Vec<String>> = by_pair[&key]
            .iter()
            .copied()
            .filter(|r| (lo..hi).contains(&runs.num(r, "asymmetry")))
            .collect();
        *counted.entry(key.clone()).or_default() += inside.len() as u64;
        let what = |c: &str| format!("asymmetry.csv {} vs {} [{lo}, {hi}) {c}", key.0, key.1);
        check(
            &mut problems,
            what("runs"),
            asym.num(row, "runs"),
            inside.len() as f64,
        );
        let zone: Vec<&Vec<String>> = inside
            .iter()
            .copied()
            .filter(|r| runs.num(r, "zopa") == 1.0)
            .collect();
        check(
            &mut problems,
            what("zopa_n"),
            asym.num(row, "zopa_n"),
            zone.len() as f64,
        );
        check(
            &mut problems,
            what("deal_rate_given_zopa"),
            asym.num(row, "deal_rate_given_zopa"),
            mean(zone.iter().copied(), |r| runs.num(r, "deal")),
        );
        check(
            &mut problems,
            what("walk_away_rate"),
            asym.num(row, "walk_away_rate"),
            mean(inside.iter().copied(), |r| {
                ind(!runs.text(r, "walk_away").is_empty())
            }),
        );
    }
    for (key, n) in counted {
        if n != RUNS {
            problems.push(format!(
                "asymmetry.csv bins of {} vs {} hold {n} runs, not {RUNS}",
                key.0, key.1
            ));
        }
    }
    assert_no_problems(&problems, "summaries against runs.csv");
}

/// A config from the default one with its `[exchange]` table replaced.
fn with_exchange(dir: &Path, name: &str, exchange: &str) -> PathBuf {
    let text = fs::read_to_string(config("default.toml")).expect("read configs/default.toml");
    let start = text
        .find("[exchange]")
        .expect("default.toml has [exchange]");
    let end = start + text[start..].find("\n[").expect("a table after [exchange]");
    let text = format!("{}{exchange}\n{}", &text[..start], &text[end..]).replacen(
        "name = \"default\"",
        &format!("name = \"{name}\""),
        1,
    );
    let path = dir.join(format!("{name}.toml"));
    fs::write(&path, text).expect("write config");
    path
}

/// MODEL.md section 8: with no off-the-record talk and no leaks, nobody
/// learns anything: info bits (start and end), bits given and asymmetry are
/// exactly 0 in every run, all runs share the asymmetry bin around 0, and
/// the summaries say 0.
#[test]
fn without_talk_or_leaks_nobody_learns_anything() {
    const RUNS: u64 = 500;
    let dir = tmp();
    let cfg = with_exchange(
        dir.path(),
        "silent",
        "[exchange]\nrounds = 0\nevery = 0\nleak_probability = 0.0\n",
    );
    let (_d, r) = run_per_run(&cfg, RUNS);
    let runs = Table::read(&r.join("runs.csv"));
    let mut problems = Vec::new();
    for (i, row) in runs.rows.iter().enumerate() {
        for c in [
            "info_bits_a",
            "info_bits_b",
            "info_bits_end_a",
            "info_bits_end_b",
            "crps_gain_a",
            "crps_gain_b",
            "bits_given_a",
            "bits_given_b",
            "asymmetry",
            "confidences_a",
            "answers_b",
            "bluffs_a",
            "leaks_b",
        ] {
            let v = runs.text(row, c);
            if v != "0" && problems.len() < 20 {
                problems.push(format!("runs.csv row {}: {c} = {v:?}, not 0", i + 2));
            }
        }
        for c in ["error_reduction_a", "error_reduction_b"] {
            let v = runs.num(row, c);
            if v.abs() > 1e-9 && problems.len() < 20 {
                problems.push(format!("runs.csv row {}: {c} = {v}, not 0", i + 2));
            }
        }
    }
    let asym = Table::read(&r.join("asymmetry.csv"));
    let pairings = runs.by_pairing().len();
    if asym.rows.len() != pairings {
        problems.push(format!(
            "asymmetry.csv has {} rows, expected one bin per pairing ({pairings})",
            asym.rows.len()
        ));
    }
    for row in &asym.rows {
        let (lo, hi) = (asym.num(row, "bin_lo"), asym.num(row, "bin_hi"));
        if !(lo < 0.0 && hi > 0.0 && asym.num(row, "runs") == RUNS as f64) {
            problems.push(format!(
                "asymmetry.csv row {row:?}: not all {RUNS} runs in the bin around 0"
            ));
        }
    }
    let summary = Table::read(&r.join("summary.csv"));
    for row in &summary.rows {
        for c in [
            "asymmetry_mean",
            "info_bits_a_mean",
            "info_bits_b_mean",
            "crps_gain_a_mean",
            "crps_gain_b_mean",
            "bits_given_a_mean",
        ] {
            let v = summary.text(row, c);
            if v != "0" {
                problems.push(format!("summary.csv {c} = {v:?}, not 0"));
            }
        }
    }
    assert_no_problems(&problems, "a tournament without talk or leaks");
}

/// Version 2 deals can fail: where a deal was possible, the deal rate of
/// every pairing with the bluffer (probing) is below 1 beyond its 95%
/// interval, deal rates given a zone differ between pairings, and sides
/// walk away (the total is A's plus B's rate).
#[test]
fn deals_can_fail_where_they_were_possible() {
    let (_d, r) = run_per_run(&config("default.toml"), 1000);
    let summary = Table::read(&r.join("summary.csv"));
    let mut problems = Vec::new();
    let mut rates = Vec::new();
    for row in &summary.rows {
        let (a, b) = (
            summary.text(row, "strategy_a"),
            summary.text(row, "strategy_b"),
        );
        let rate = summary.num(row, "deal_rate_given_zopa");
        let half = summary.num(row, "deal_rate_given_zopa_ci95");
        rates.push(rate);
        if (a == "probing" || b == "probing") && (rate.is_nan() || rate + half >= 1.0) {
            problems.push(format!(
                "{a} vs {b}: deal rate given a zone {rate} ± {half} is not below 1"
            ));
        }
        let (all, wa, wb) = (
            summary.num(row, "walk_away_rate"),
            summary.num(row, "walk_away_a_rate"),
            summary.num(row, "walk_away_b_rate"),
        );
        if !close(all, wa + wb) {
            problems.push(format!(
                "{a} vs {b}: walk_away_rate {all} != A's {wa} + B's {wb}"
            ));
        }
    }
    let (lo, hi) = rates
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &x| {
            (l.min(x), h.max(x))
        });
    if hi - lo < 0.1 {
        problems.push(format!(
            "deal rates given a zone hardly vary between pairings: {lo} .. {hi}"
        ));
    }
    let walked = summary
        .rows
        .iter()
        .any(|r| summary.num(r, "walk_away_rate_given_zopa") > 0.0);
    if !walked {
        problems.push("nobody ever walked away from a possible deal".into());
    }
    assert_no_problems(&problems, "deal rates of the default config");
}
