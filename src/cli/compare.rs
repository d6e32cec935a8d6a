//! `negsim compare A B`: per-strategy differences (B - A) between the
//! ranking.csv of two results folders, with 95% intervals: paired by run on
//! both runs.csv files when the folders share their draws (same seed, runs
//! and match length), else for independent samples. A difference is starred
//! when its p-value, adjusted by Holm's method over every difference of the
//! table, is below 5%; a warning, and no star, where a strategy's opponents
//! differ between the folders. Printed and written to `compare.csv`.

use super::args::CompareArgs;
use anyhow::Result;
use negsim::output::tables::CsvFile;
use negsim::output::tables::comparisons::{ALPHA, holm_adjust};
use negsim::output::{Manifest, ResultsDir, money, paired_folders};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The columns compare reads from each ranking.csv.
const COLUMNS: [&str; 5] = [
    "strategy",
    "surplus_mean",
    "surplus_ci95",
    "deal_rate",
    "deal_rate_ci95",
];

/// The files compare writes: replaced in the output folder, whose other
/// files are kept.
const OUTPUT_FILES: [&str; 3] = ["compare.csv", "compare.png", "compare.svg"];

/// One strategy's row of a ranking.csv.
#[derive(Debug, Clone)]
struct Ranked {
    strategy: String,
    rank: usize,
    surplus: f64,
    surplus_ci: Option<f64>,
    deal: f64,
    deal_ci: Option<f64>,
}

/// One row of compare.csv: a strategy in A, B or both; differences B - A
/// with the half-width of their 95% interval (empty where undefined).
#[derive(Debug, Clone, Serialize)]
struct CompareRow {
    strategy: String,
    /// `both`, `a_only` or `b_only`.
    present: &'static str,
    rank_a: Option<usize>,
    rank_b: Option<usize>,
    surplus_a: Option<f64>,
    surplus_b: Option<f64>,
    surplus_diff: Option<f64>,
    surplus_diff_ci95: Option<f64>,
    /// 1 when the interval of the difference excludes 0.
    surplus_differs: Option<u8>,
    /// Two-sided p-value of "no difference" (normal approximation, as the
    /// interval) after Holm's correction over every difference of the table.
    surplus_p_holm: Option<f64>,
    deal_rate_a: Option<f64>,
    deal_rate_b: Option<f64>,
    deal_rate_diff: Option<f64>,
    deal_rate_diff_ci95: Option<f64>,
    deal_rate_differs: Option<u8>,
    deal_rate_p_holm: Option<f64>,
    /// `paired` (by run, on both runs.csv) or `independent`; empty when
    /// the strategy is in one folder only.
    interval: &'static str,
    /// 1 when the strategy met the same opponents (names and parameters)
    /// in both folders, 0 when not (the difference may come from the pool);
    /// empty when a manifest cannot tell.
    same_opponents: Option<u8>,
}

/// An error naming a sweep's folder as such: it has no ranking.csv, and
/// "is this a negsim results folder?" sent users looking for a fault.
fn refuse_sweep(dir: &Path) -> Result<()> {
    match Manifest::read(dir) {
        Ok(m) if m.kind.is_some() => Err(negsim::Error::Results {
            path: dir.to_path_buf(),
            message:
                "is the folder of a sweep (its manifest.json says kind sweep); `negsim compare` \
                      takes two folders of `negsim run`: a sweep's cells are compared in its \
                      sweep_ranking.csv and sweep_comparisons.csv"
                    .into(),
        }
        .into()),
        _ => Ok(()),
    }
}

/// ranking.csv of the results folder `dir`.
fn read_ranking(dir: &Path) -> Result<Vec<Ranked>> {
    if !dir.is_dir() {
        return Err(negsim::Error::Results {
            path: dir.to_path_buf(),
            message: "is not a folder: give two results folders of `negsim run`".into(),
        }
        .into());
    }
    let required: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    let f = CsvFile::open(dir, "ranking.csv", &required)?;
    let at: Vec<usize> = COLUMNS.iter().map(|c| f.column(c).unwrap()).collect();
    let mut out: Vec<Ranked> = Vec::new();
    for (r, rec) in f.records().iter().enumerate() {
        let number = |i: usize| -> Result<Option<f64>> {
            let v = rec.get(at[i]).unwrap_or("");
            if v.is_empty() {
                return Ok(None);
            }
            v.parse::<f64>()
                .map(Some)
                .map_err(|_| f.not_a_number(r, at[i]).into())
        };
        let strategy = rec.get(at[0]).unwrap_or("").to_string();
        let (Some(surplus), Some(deal)) = (number(1)?, number(3)?) else {
            return Err(f
                .error(format!(
                    "row {}: strategy '{strategy}' has no surplus_mean or deal_rate",
                    r + 2
                ))
                .into());
        };
        if out.iter().any(|x| x.strategy == strategy) {
            return Err(f
                .error(format!(
                    "row {}: strategy '{strategy}' is listed twice",
                    r + 2
                ))
                .into());
        }
        out.push(Ranked {
            strategy,
            rank: r + 1,
            surplus,
            surplus_ci: number(2)?,
            deal,
            deal_ci: number(4)?,
        });
    }
    if out.is_empty() {
        return Err(f.error("lists no strategy".into()).into());
    }
    Ok(out)
}

/// The difference b - a, the half-width of its 95% interval for independent
/// samples, and whether that interval excludes 0.
fn difference(a: f64, ca: Option<f64>, b: f64, cb: Option<f64>) -> (f64, Option<f64>, Option<u8>) {
    let d = b - a;
    let ci = ca.zip(cb).map(|(x, y)| (x * x + y * y).sqrt());
    (d, ci, ci.map(|c| u8::from(d.abs() > c)))
}

/// The rows of compare.csv: the strategies of A in A's order (with B's
/// values where B has them), then those only in B.
fn rows(a: &[Ranked], b: &[Ranked]) -> Vec<CompareRow> {
    let mut out = Vec::new();
    for x in a {
        let y = b.iter().find(|y| y.strategy == x.strategy);
        let mut row = CompareRow {
            strategy: x.strategy.clone(),
            present: if y.is_some() { "both" } else { "a_only" },
            rank_a: Some(x.rank),
            rank_b: y.map(|y| y.rank),
            surplus_a: Some(x.surplus),
            surplus_b: y.map(|y| y.surplus),
            surplus_diff: None,
            surplus_diff_ci95: None,
            surplus_differs: None,
            surplus_p_holm: None,
            deal_rate_a: Some(x.deal),
            deal_rate_b: y.map(|y| y.deal),
            deal_rate_diff: None,
            deal_rate_diff_ci95: None,
            deal_rate_differs: None,
            deal_rate_p_holm: None,
            interval: "",
            same_opponents: None,
        };
        if let Some(y) = y {
            row.interval = "independent";
            let (d, c, s) = difference(x.surplus, x.surplus_ci, y.surplus, y.surplus_ci);
            (row.surplus_diff, row.surplus_diff_ci95, row.surplus_differs) = (Some(d), c, s);
            let (d, c, s) = difference(x.deal, x.deal_ci, y.deal, y.deal_ci);
            (
                row.deal_rate_diff,
                row.deal_rate_diff_ci95,
                row.deal_rate_differs,
            ) = (Some(d), c, s);
        }
        out.push(row);
    }
    for y in b
        .iter()
        .filter(|y| !a.iter().any(|x| x.strategy == y.strategy))
    {
        out.push(CompareRow {
            strategy: y.strategy.clone(),
            present: "b_only",
            rank_a: None,
            rank_b: Some(y.rank),
            surplus_a: None,
            surplus_b: Some(y.surplus),
            surplus_diff: None,
            surplus_diff_ci95: None,
            surplus_differs: None,
            surplus_p_holm: None,
            deal_rate_a: None,
            deal_rate_b: Some(y.deal),
            deal_rate_diff: None,
            deal_rate_diff_ci95: None,
            deal_rate_differs: None,
            deal_rate_p_holm: None,
            interval: "",
            same_opponents: None,
        });
    }
    out
}

/// How the intervals were made, for the printed table and the chart.
struct Method {
    /// Paired by run on both runs.csv files.
    paired: bool,
    /// Why not, when not (said to the user).
    why_not: Option<String>,
    /// Strategies whose opponents differ, with how.
    pools: Vec<(String, String)>,
}

/// Pair the rows of strategies in both folders by run where the folders
/// allow it (replacing the independent-samples intervals), and mark the
/// strategies whose opponents differ.
fn pair_rows(args: &CompareArgs, rows: &mut [CompareRow]) -> Result<Method> {
    let (Ok(ma), Ok(mb)) = (Manifest::read(&args.a), Manifest::read(&args.b)) else {
        return Ok(Method {
            paired: false,
            why_not: Some("a folder has no readable manifest.json".into()),
            pools: Vec::new(),
        });
    };
    let mut pools = Vec::new();
    for r in rows.iter_mut().filter(|r| r.present == "both") {
        let differ = paired_folders::opponents_differ(&ma, &mb, &r.strategy);
        r.same_opponents = Some(u8::from(differ.is_none()));
        if let Some(d) = differ {
            pools.push((r.strategy.clone(), d.to_string()));
        }
    }
    if let Err(why) = paired_folders::pairable(&args.a, &ma, &args.b, &mb) {
        return Ok(Method {
            paired: false,
            why_not: Some(why),
            pools,
        });
    }
    let names: Vec<String> = rows
        .iter()
        .filter(|r| r.present == "both")
        .map(|r| r.strategy.clone())
        .collect();
    let diffs = paired_folders::paired(&args.a, &args.b, &ma, &names)?;
    for (r, (surplus, deal)) in rows.iter_mut().filter(|r| r.present == "both").zip(diffs) {
        let differs =
            |d: &paired_folders::Diff| d.ci95.is_finite().then(|| u8::from(d.diff.abs() > d.ci95));
        r.interval = "paired";
        r.surplus_diff = Some(surplus.diff);
        r.surplus_diff_ci95 = surplus.ci95.is_finite().then_some(surplus.ci95);
        r.surplus_differs = differs(&surplus);
        r.deal_rate_diff = Some(deal.diff);
        r.deal_rate_diff_ci95 = deal.ci95.is_finite().then_some(deal.ci95);
        r.deal_rate_differs = differs(&deal);
    }
    Ok(Method {
        paired: true,
        why_not: None,
        pools,
    })
}

/// The two-sided p-value of a difference `d` whose 95% interval has
/// half-width `ci` (normal approximation, as the interval): NaN when
/// undefined or when both are 0 (nothing differs).
fn p_value(d: Option<f64>, ci: Option<f64>) -> f64 {
    match (d, ci) {
        (Some(d), Some(ci)) if d != 0.0 || ci > 0.0 => {
            let z = d.abs() / (ci / negsim::run::stats::Z95);
            2.0 * negsim::model::dist::special::cdf(-z)
        }
        _ => f64::NAN,
    }
}

/// Holm's correction over every difference of the table (surplus and deal
/// rate of each strategy in both folders).
fn holm_rows(rows: &mut [CompareRow]) {
    let p: Vec<f64> = rows
        .iter()
        .flat_map(|r| {
            [
                p_value(r.surplus_diff, r.surplus_diff_ci95),
                p_value(r.deal_rate_diff, r.deal_rate_diff_ci95),
            ]
        })
        .collect();
    let adjusted = holm_adjust(&p);
    let finite = |x: f64| x.is_finite().then_some(x);
    for (r, h) in rows.iter_mut().zip(adjusted.chunks_exact(2)) {
        r.surplus_p_holm = finite(h[0]);
        r.deal_rate_p_holm = finite(h[1]);
    }
}

/// The number of differences Holm's correction ran over.
fn tests_in(rows: &[CompareRow]) -> usize {
    rows.iter()
        .flat_map(|r| [r.surplus_p_holm, r.deal_rate_p_holm])
        .flatten()
        .count()
}

/// The last component of a folder's path, for the default output name.
fn folder_name(p: &Path) -> String {
    let p = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "results".into())
}

pub fn compare(args: CompareArgs) -> Result<()> {
    for dir in [&args.a, &args.b] {
        refuse_sweep(dir)?;
    }
    let a = read_ranking(&args.a)?;
    let b = read_ranking(&args.b)?;
    let mut rows = rows(&a, &b);
    let method = pair_rows(&args, &mut rows)?;
    holm_rows(&mut rows);
    let target = args.out.clone().unwrap_or_else(|| {
        PathBuf::from("results").join(format!(
            "compare-{}-{}",
            folder_name(&args.a),
            folder_name(&args.b)
        ))
    });
    // Replace an earlier comparison; keep anything else in the folder, but
    // do not mix a comparison into a results folder.
    if target.join("manifest.json").exists() {
        return Err(negsim::Error::Usage(format!(
            "--out {}: this is a results folder (it has a manifest.json); write the comparison to another --out",
            target.display()
        ))
        .into());
    }
    let dir = ResultsDir::create_named(&target, &OUTPUT_FILES)?;
    let path = dir.file("compare.csv");
    let werr = |e: csv::Error| negsim::Error::Write {
        path: path.clone(),
        source: std::io::Error::other(e),
    };
    let mut w = csv::Writer::from_path(&path).map_err(werr)?;
    for r in &rows {
        w.serialize(r).map_err(werr)?;
    }
    w.flush().map_err(|source| negsim::Error::Write {
        path: path.clone(),
        source,
    })?;
    drop(w);
    let drawn = chart(&args, &rows, &method, &dir)?;
    let out_path = dir.commit()?;
    if !method.pools.is_empty() {
        let mut err = std::io::stderr().lock();
        writeln!(
            err,
            "warning: the opponents differ between A and B, so a difference of these strategies \
             may come from the pool, not from the strategy (marked ~ instead of *):"
        )?;
        for (s, how) in &method.pools {
            writeln!(err, "  {s}: {how}")?;
        }
    }
    if !args.quiet {
        print_table(&args, &rows, &method, &out_path, drawn)?;
    }
    Ok(())
}

/// Whether the surplus of folder `dir` is in price units (from its
/// manifest), else utility; `None` if the manifest cannot tell.
fn price_units(dir: &Path) -> Option<bool> {
    negsim::output::Manifest::read(dir)
        .ok()
        .map(|m| m.config.scenario.kind == negsim::config::ScenarioKind::Price)
}

/// Draw compare.png and compare.svg into `dir` (nothing when no strategy is
/// in both folders); returns whether it drew.
fn chart(
    args: &CompareArgs,
    rows: &[CompareRow],
    method: &Method,
    dir: &ResultsDir,
) -> Result<bool> {
    use super::compare_chart::{CompareChart, Row};
    let both: Vec<Row> = rows
        .iter()
        .filter(|r| r.present == "both")
        .map(|r| Row {
            name: if r.same_opponents == Some(0) {
                format!("{} ~", r.strategy)
            } else {
                r.strategy.clone()
            },
            surplus: (r.surplus_diff.unwrap_or(f64::NAN), r.surplus_diff_ci95),
            deal_rate: (r.deal_rate_diff.unwrap_or(f64::NAN), r.deal_rate_diff_ci95),
        })
        .collect();
    if both.is_empty() {
        return Ok(false);
    }
    let price = price_units(&args.a)
        .or_else(|| price_units(&args.b))
        .unwrap_or(true);
    let data = CompareChart {
        title: format!(
            "Differences per strategy: {} minus {}",
            folder_name(&args.b),
            folder_name(&args.a)
        ),
        subtitle: format!(
            "A = {}, B = {} \u{b7} dot: difference \u{b7} bar: {}{}",
            args.a.display(),
            args.b.display(),
            if method.paired {
                "95% interval paired by run, clustered by match"
            } else {
                "95% interval for independent samples, half-width \u{221a}(ci_A\u{b2} + ci_B\u{b2})"
            },
            if method.pools.is_empty() {
                ""
            } else {
                " \u{b7} ~: other opponents (may be the pool)"
            }
        ),
        surplus_label: format!(
            "mean surplus, B \u{2212} A ({})",
            if price { "price units" } else { "utility" }
        ),
        rows: both,
    };
    negsim_chart::render(&data, &dir.file("compare"))
        .map_err(|e| negsim::Error::Usage(format!("cannot draw chart: {e}")))?;
    Ok(true)
}

fn print_table(
    args: &CompareArgs,
    rows: &[CompareRow],
    method: &Method,
    out_path: &Path,
    drawn: bool,
) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let big = rows
        .iter()
        .flat_map(|r| [r.surplus_a, r.surplus_b])
        .flatten()
        .any(|x| x.abs() >= 10.0);
    let dec = if big { 0 } else { 3 };
    let m = |x: Option<f64>| x.map_or("-".to_string(), |x| money(x, dec));
    let signed = |x: Option<f64>| {
        x.map_or("-".to_string(), |x| {
            let s = money(x, dec);
            if x > 0.0 { format!("+{s}") } else { s }
        })
    };
    let rate = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.3}"));
    let rate_signed = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:+.3}"));
    // A difference that holds after Holm's correction is starred only
    // where the strategy met the same opponents in both folders; elsewhere
    // it may be the pool's doing, and is marked ~.
    let star = |p: Option<f64>, same: Option<u8>| match (p.is_some_and(|p| p < ALPHA), same) {
        (true, Some(0)) => " ~",
        (true, _) => " *",
        _ => "  ",
    };
    writeln!(
        out,
        "B - A per strategy: A = {}, B = {}",
        args.a.display(),
        args.b.display()
    )?;
    if method.paired {
        writeln!(
            out,
            "95% intervals paired by run: A and B share their draws (same seed, runs and match length), so\neach difference is estimated from per-match differences on runs.csv, clustered by match\n"
        )?;
    } else {
        writeln!(
            out,
            "95% intervals treat A and B as independent samples: half-width sqrt(ci_A^2 + ci_B^2)\n(not paired: {})\n",
            method
                .why_not
                .as_deref()
                .unwrap_or("the folders cannot be paired")
        )?;
    }
    let width = rows
        .iter()
        .map(|r| r.strategy.len())
        .max()
        .unwrap_or(8)
        .max(8);
    writeln!(
        out,
        "{:<width$}  {:>10}  {:>10}  {:>9}  {:>8}    {:>6}  {:>6}  {:>7}  {:>6}",
        "strategy",
        "surplus A",
        "surplus B",
        "B - A",
        "± 95%",
        "deal A",
        "deal B",
        "B - A",
        "± 95%"
    )?;
    for r in rows.iter().filter(|r| r.present == "both") {
        writeln!(
            out,
            "{:<width$}  {:>10}  {:>10}  {:>9}  {:>8}{}  {:>6}  {:>6}  {:>7}  {:>6}{}",
            r.strategy,
            m(r.surplus_a),
            m(r.surplus_b),
            signed(r.surplus_diff),
            m(r.surplus_diff_ci95),
            star(r.surplus_p_holm, r.same_opponents),
            rate(r.deal_rate_a),
            rate(r.deal_rate_b),
            rate_signed(r.deal_rate_diff),
            rate(r.deal_rate_diff_ci95),
            star(r.deal_rate_p_holm, r.same_opponents),
        )?;
    }
    writeln!(
        out,
        "* p < {ALPHA} after Holm's correction over the table's {} differences (an interval alone\n  excluding 0 is `*_differs` in compare.csv, without that correction)",
        tests_in(rows)
    )?;
    if !method.pools.is_empty() {
        writeln!(
            out,
            "~ p < {ALPHA} after that correction, but the strategy's opponents differ between A and B:\n  the difference may come from the pool, not from the strategy"
        )?;
    }
    for (which, label) in [("a_only", "Only in A"), ("b_only", "Only in B")] {
        let names: Vec<&str> = rows
            .iter()
            .filter(|r| r.present == which)
            .map(|r| r.strategy.as_str())
            .collect();
        if !names.is_empty() {
            writeln!(out, "{label}: {}", names.join(", "))?;
        }
    }
    let chart = if drawn { " and compare.png/.svg" } else { "" };
    writeln!(
        out,
        "\nWritten to {}/compare.csv{chart}",
        out_path.display()
    )?;
    Ok(())
}
