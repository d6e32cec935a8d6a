//! `negsim plot` and `negsim report` on every kind of results folder:
//! a sweep's (charts redrawn, a report with the set-up, the swept
//! parameters, each cell's ranking and paired comparisons, and the sweep
//! charts), a tournament `negsim evolve` added to (population sections that
//! state their result), and a clear refusal of a file.

use std::fs;
use std::path::{Path, PathBuf};

use super::report_check::{figure_ids, negsim_report};
use super::report_stats::html_table;
use super::tournament;
use crate::helpers::{
    assert_ok, assert_one_user_error, col, config, entries, negsim, read_csv, s, snapshot, tmp,
};

/// `negsim sweep configs/bluff-sweep.toml` with few runs into `parent/sweep`.
pub(super) fn sweep_folder(parent: &Path) -> PathBuf {
    let out = parent.join("sweep");
    let o = negsim(
        parent,
        &[
            "sweep",
            s(&config("bluff-sweep.toml")),
            "--out",
            s(&out),
            "--runs",
            "200",
            "-q",
        ],
    );
    assert_ok(&o, "negsim sweep bluff-sweep.toml");
    out
}

/// `plot` on a sweep folder redraws its charts (the same files), leaving
/// the data alone; `report` writes a report with the set-up, the sweep
/// charts inline, and per cell the ranking (as in sweep_ranking.csv) and
/// the paired verdicts (as in sweep_comparisons.csv).
#[test]
fn plot_and_report_work_on_a_sweep_folder() {
    let t = tmp();
    let dir = sweep_folder(t.path());
    let drawn = entries(&dir.join("charts"));
    assert!(
        drawn.contains(&"sweep_strategies.png".to_string()),
        "{drawn:?}"
    );
    let data: Vec<_> = [
        "sweep.csv",
        "sweep_ranking.csv",
        "sweep_comparisons.csv",
        "manifest.json",
    ]
    .iter()
    .map(|f| fs::read(dir.join(f)).expect("sweep file"))
    .collect();
    fs::remove_dir_all(dir.join("charts")).expect("remove charts");
    let o = negsim(t.path(), &["plot", s(&dir)]);
    assert_ok(&o, "negsim plot on a sweep folder");
    assert_eq!(
        entries(&dir.join("charts")),
        drawn,
        "plot redraws the sweep charts"
    );
    let again: Vec<_> = [
        "sweep.csv",
        "sweep_ranking.csv",
        "sweep_comparisons.csv",
        "manifest.json",
    ]
    .iter()
    .map(|f| fs::read(dir.join(f)).expect("sweep file"))
    .collect();
    assert!(data == again, "plot changed the data of the sweep");

    let o = negsim(t.path(), &["report", s(&dir)]);
    assert_ok(&o, "negsim report on a sweep folder");
    let html = fs::read_to_string(dir.join("report.html")).expect("report.html");
    let md = fs::read_to_string(dir.join("report.md")).expect("report.md");
    let ids = figure_ids(&html);
    assert_eq!(ids, ["chart-sweep_strategies", "chart-sweep_outcomes"]);
    assert_eq!(html.matches("<svg").count(), 2, "the two charts inline");
    for png in ["sweep_strategies.png", "sweep_outcomes.png"] {
        assert!(
            md.contains(&format!("](charts/{png})")),
            "report.md links {png}"
        );
    }
    let setup: Vec<String> = html_table(&html, "setup")
        .iter()
        .map(|r| r.join(": "))
        .collect();
    assert!(
        setup
            .iter()
            .any(|r| r.starts_with("swept: strategy.probing.bluff: 0, 0.5, 1, 2, 3")),
        "{setup:?}"
    );
    assert!(
        setup
            .iter()
            .any(|r| r.contains("uniform on [40,000, 60,000]"))
    );
    // Each cell: its ranking in the order of sweep_ranking.csv.
    let (rh, rrows) = read_csv(&dir.join("sweep_ranking.csv"));
    let (ch, crows) = read_csv(&dir.join("sweep_comparisons.csv"));
    for (k, bluff) in ["0", "0.5", "1", "2", "3"].iter().enumerate() {
        assert!(
            html.contains(&format!("<h3>strategy.probing.bluff = {bluff}</h3>")),
            "no heading of cell {bluff}"
        );
        let table = html_table(&html, &format!("ranking-cell-{}", k + 1));
        let want: Vec<&str> = rrows
            .iter()
            .filter(|r| r[0] == *bluff)
            .map(|r| r[col(&rh, "strategy", "sweep_ranking.csv")].as_str())
            .collect();
        let got: Vec<&str> = table.iter().map(|r| r[1].as_str()).collect();
        assert_eq!(got, want, "ranking of cell {bluff}");
        // The paragraph after the table names every clear win of the cell.
        let i = html
            .find(&format!("<table id=\"ranking-cell-{}\"", k + 1))
            .unwrap();
        let after = &html[i..];
        let para = &after[after.find("<p>").unwrap()..after.find("</p>").unwrap()];
        for r in crows.iter().filter(|r| r[0] == *bluff) {
            let (st, vs) = (&r[col(&ch, "strategy", "c")], &r[col(&ch, "versus", "c")]);
            match r[col(&ch, "verdict", "c")].as_str() {
                "higher" => assert!(
                    para.contains(&format!("{st} &gt; ")) && para.contains(vs.as_str()),
                    "cell {bluff}: {st} beats {vs} is not said: {para}"
                ),
                "not significant" => assert!(
                    para.contains("Not distinguishable: ")
                        && para.contains(&format!("{st} and {vs} (p ")),
                    "cell {bluff}: {st} vs {vs}: {para}"
                ),
                _ => {}
            }
        }
    }
    assert!(!md.contains("asymmetry.csv"), "asks for tournament files");
}

/// `plot` and `report` on a file (a config) say that they take a results
/// folder: exit 2, one message, no OS error text; nothing written.
#[test]
fn plot_and_report_refuse_a_file() {
    let t = tmp();
    let cfg = t.path().join("default.toml");
    fs::copy(config("default.toml"), &cfg).expect("copy config");
    for cmd in ["plot", "report"] {
        let o = negsim(t.path(), &[cmd, s(&cfg)]);
        assert_one_user_error(
            &o,
            &[
                "default.toml",
                "is a file, not a results folder",
                "negsim run",
            ],
            &format!("negsim {cmd} on a config file"),
        );
        assert!(!o.stderr.contains("os error"), "raw OS error: {}", o.stderr);
    }
    assert_eq!(entries(t.path()), ["default.toml"], "something was written");
}

/// `evolve` refuses a sweep folder saying what it is (not that
/// manifest.json is missing); plot and report of a tournament evolve ran
/// on show the population charts with the result they show.
#[test]
fn evolve_folders_plot_and_report_with_their_result() {
    let t = tmp();
    let sweep = sweep_folder(t.path());
    let before = snapshot(&sweep);
    let o = negsim(t.path(), &["evolve", s(&sweep), "-q"]);
    assert_one_user_error(&o, &["sweep", "negsim run"], "evolve on a sweep folder");
    assert!(!o.stderr.contains("no manifest.json"), "{}", o.stderr);
    assert!(
        snapshot(&sweep) == before,
        "evolve wrote into the sweep folder"
    );

    let dir = tournament(t.path(), "default", None, &[]);
    let o = negsim(
        t.path(),
        &[
            "evolve",
            s(&dir),
            "-q",
            "--generations",
            "300",
            "--moran-runs",
            "40",
        ],
    );
    assert_ok(&o, "negsim evolve");
    let o = negsim(t.path(), &["plot", s(&dir)]);
    assert_ok(&o, "plot after evolve");
    negsim_report(&dir);
    let html = fs::read_to_string(dir.join("report.html")).expect("report.html");
    let md = fs::read_to_string(dir.join("report.md")).expect("report.md");
    let ids = figure_ids(&html);
    for id in ["chart-evolution", "chart-evolution_moran"] {
        assert!(ids.contains(&id.to_string()), "{id} missing: {ids:?}");
    }
    // The replicator paragraph names the leader at the last generation
    // with its share, as in evolution.csv.
    let (h, rows) = read_csv(&dir.join("evolution.csv"));
    let c = |n: &str| col(&h, n, "evolution.csv");
    let last: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[c("process")] == "replicator" && r[c("generation")] == "300")
        .collect();
    assert!(!last.is_empty(), "evolution.csv has generation 300");
    let top = last
        .iter()
        .max_by(|a, b| {
            let x: f64 = a[c("share")].parse().unwrap();
            x.total_cmp(&b[c("share")].parse().unwrap())
        })
        .unwrap();
    let share: f64 = top[c("share")].parse().unwrap();
    let i = md
        .find("](charts/evolution.png)")
        .expect("evolution chart linked");
    let para = md[i..].lines().nth(2).expect("its paragraph");
    let named = format!("{} {:.1}%", top[c("strategy")], 100.0 * share);
    if share >= 0.99 {
        assert!(
            para.contains(&format!("{} takes over", top[c("strategy")])),
            "{para}"
        );
    } else {
        assert!(para.contains(&named), "{para} lacks {named}");
        assert!(!para.contains("takes over:"), "{para}");
    }
    assert!(para.contains("generation"), "{para}");
}
