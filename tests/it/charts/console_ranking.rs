//! The ranking `negsim run` prints chooses its decimals from the scale of
//! the surplus: whole price units in the default config, three or four
//! decimals for utilities on [0, 1] (never "0 ± 0").

use crate::helpers::{assert_ok, col, config, negsim, read_csv, s, tmp};
use std::path::Path;

/// (strategy, mean surplus, CI) of one ranking row, as printed.
type ConsoleRow = (String, String, String);
/// (strategy, surplus_mean, surplus_ci95) of one row of ranking.csv.
type CsvRow = (String, f64, f64);

/// The rows of the console ranking.
fn console_rows(stdout: &str) -> Vec<ConsoleRow> {
    stdout
        .lines()
        .skip_while(|l| !l.starts_with("rank"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[1].to_string(), f[2].to_string(), f[3].to_string())
        })
        .collect()
}

/// Run `config` (or the default) with 2000 runs per pairing; the console
/// rows and ranking.csv's (strategy, surplus_mean, surplus_ci95).
fn ranking(dir: &Path, cfg: Option<&str>) -> (Vec<ConsoleRow>, Vec<CsvRow>) {
    let out = dir.join("out");
    let c = cfg.map(config);
    let mut args = vec!["run"];
    if let Some(c) = &c {
        args.push(s(c));
    }
    args.extend(["--out", s(&out), "--runs", "2000", "--no-charts"]);
    let o = negsim(dir, &args);
    assert_ok(&o, "negsim run");
    let (h, rows) = read_csv(&out.join("ranking.csv"));
    let (n, m, c) = (
        col(&h, "strategy", "ranking.csv"),
        col(&h, "surplus_mean", "ranking.csv"),
        col(&h, "surplus_ci95", "ranking.csv"),
    );
    let csv = rows
        .iter()
        .map(|r| (r[n].clone(), r[m].parse().unwrap(), r[c].parse().unwrap()))
        .collect();
    (console_rows(&o.stdout), csv)
}

#[test]
fn utilities_on_a_unit_scale_print_with_their_significant_digits() {
    let t = tmp();
    let (console, csv) = ranking(t.path(), Some("disclosure-dilemma.toml"));
    assert_eq!(console.len(), 3, "{console:?}");
    for ((name, mean, ci), (csv_name, csv_mean, csv_ci)) in console.iter().zip(&csv) {
        assert_eq!(name, csv_name);
        let decimals = mean.split_once('.').map_or(0, |(_, f)| f.len());
        assert!(
            decimals >= 3,
            "{name}: mean surplus {mean} ± {ci} hides the value {csv_mean}"
        );
        assert_eq!(ci.split_once('.').map_or(0, |(_, f)| f.len()), decimals);
        assert_eq!(*mean, format!("{csv_mean:.decimals$}"));
        assert_eq!(*ci, format!("{csv_ci:.decimals$}"));
        let ci_digits = ci.trim_start_matches(['0', '.']).len();
        assert!(
            (1..=2).contains(&ci_digits),
            "{name}: CI {ci} should have one or two significant digits"
        );
    }
}

#[test]
fn prices_print_in_whole_units_with_separators() {
    let t = tmp();
    let (console, csv) = ranking(t.path(), None);
    assert_eq!(console.len(), 4, "{console:?}");
    for ((name, mean, ci), (_, csv_mean, csv_ci)) in console.iter().zip(&csv) {
        let whole = format!("{:.0}", csv_mean);
        let grouped = format!(
            "{},{}",
            &whole[..whole.len() - 3],
            &whole[whole.len() - 3..]
        );
        assert_eq!(*mean, grouped, "{name}");
        assert_eq!(*ci, format!("{csv_ci:.0}"), "{name}");
    }
}
