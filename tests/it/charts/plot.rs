//! `negsim plot`: redraws what `negsim run` drew from the CSV files only,
//! and refuses folders that are not results folders and malformed files.

use std::fs;
use std::path::Path;

use super::check::chart_problems;
use super::{CHARTS, RESULT_FILES, tournament};
use crate::helpers::{
    assert_no_problems, assert_ok, assert_user_error, config, copy_files, copy_results,
    drop_column, entries, leftovers_inside, negsim, s, set_cell, snapshot, tmp,
};

/// `negsim plot` redraws exactly what `negsim run` drew, from the CSV
/// files only: data and manifest untouched, nothing left behind, and it
/// works again over existing charts.
#[test]
fn plot_redraws_the_same_charts_without_touching_the_data() {
    let t = tmp();
    let dir = tournament(t.path(), "repeated", Some(&config("repeated.toml")), &[]);
    let before = snapshot(&dir);
    fs::remove_dir_all(dir.join("charts")).expect("remove charts/");
    for round in ["after deleting charts/", "over existing charts"] {
        let o = negsim(t.path(), &["plot", s(&dir)]);
        assert_ok(&o, &format!("negsim plot {round}"));
        let after = snapshot(&dir);
        let mut p = Vec::new();
        for (name, bytes) in &before {
            match after.get(name) {
                None => p.push(format!("{name} is missing")),
                Some(b) if b != bytes => p.push(format!(
                    "{name} differs from what negsim run wrote ({} vs {} bytes)",
                    b.len(),
                    bytes.len()
                )),
                Some(_) => {}
            }
        }
        for name in after.keys() {
            if !before.contains_key(name) {
                p.push(format!("{name} is new"));
            }
        }
        p.extend(
            leftovers_inside(&dir)
                .into_iter()
                .map(|l| format!("left: {l}")),
        );
        assert_no_problems(&p, &format!("negsim plot {round}\n{}", o.describe()));
    }
    assert_no_problems(&chart_problems(&dir, true, true), "charts redrawn by plot");
}

/// `plot` on folders that are not results folders: exit 2 naming the
/// missing file; nothing drawn.
#[test]
fn plot_refuses_folders_that_are_not_results_folders() {
    let t = tmp();
    let dir = tournament(t.path(), "default", None, &["--no-charts"]);

    let empty = t.path().join("empty");
    fs::create_dir(&empty).expect("mkdir");
    let o = negsim(t.path(), &["plot", s(&empty)]);
    assert_user_error(&o, &["manifest.json"], "plot on an empty folder");
    assert!(
        entries(&empty).is_empty(),
        "plot wrote into an empty folder"
    );

    let gone = t.path().join("no-such-folder");
    let o = negsim(t.path(), &["plot", s(&gone)]);
    assert_user_error(&o, &["no-such-folder"], "plot on a nonexistent folder");
    assert!(!gone.exists(), "plot created {}", gone.display());

    // Only some of the files: the manifest and two CSVs.
    let some = t.path().join("some");
    fs::create_dir(&some).expect("mkdir");
    for f in ["manifest.json", "summary.csv", "matrix.csv"] {
        fs::copy(dir.join(f), some.join(f)).expect("copy");
    }
    let o = negsim(t.path(), &["plot", s(&some)]);
    assert_eq!(
        o.code,
        Some(2),
        "plot on a partial folder:\n{}",
        o.describe()
    );
    let named = RESULT_FILES
        .iter()
        .filter(|f| !some.join(f).exists() && o.stderr.contains(*f))
        .count();
    assert!(
        named >= 1 && o.stderr.contains("missing"),
        "plot on a folder with only manifest.json, summary.csv and matrix.csv should name a \
         missing file:\n{}",
        o.describe()
    );
    assert!(
        !some.join("charts").exists(),
        "plot drew into a partial folder"
    );

    // Each file missing in turn.
    for f in RESULT_FILES {
        let part = t.path().join(format!("without-{f}"));
        copy_files(&dir, &part);
        fs::remove_file(part.join(f)).expect("remove");
        let o = negsim(t.path(), &["plot", s(&part)]);
        assert_user_error(&o, &[f, "missing"], &format!("plot without {f}"));
        assert!(
            !part.join("charts").exists(),
            "plot without {f} still drew charts/"
        );
        assert!(
            leftovers_inside(&part).is_empty(),
            "plot without {f} left {:?}",
            leftovers_inside(&part)
        );
    }

    // The results of matches need match_trace.csv for the trust chart.
    let rep = tournament(
        t.path(),
        "repeated",
        Some(&config("repeated.toml")),
        &["--no-charts"],
    );
    fs::remove_file(rep.join("match_trace.csv")).expect("remove match_trace.csv");
    let o = negsim(t.path(), &["plot", s(&rep)]);
    assert_user_error(
        &o,
        &["match_trace.csv", "missing"],
        "plot on matches without match_trace.csv",
    );
    assert!(
        !rep.join("charts").exists(),
        "plot without match_trace.csv still drew charts/"
    );
}

/// Malformed CSV or JSON: exit 2 naming the file and the problem; the
/// charts already there are kept as they were.
#[test]
fn plot_rejects_malformed_files_naming_the_file_and_the_problem() {
    let t = tmp();
    let dir = tournament(t.path(), "default", None, &[]);
    type Spoil = fn(&Path);
    let cases: [(&str, Spoil, &[&str]); 7] = [
        (
            "a word in asymmetry_within.csv",
            |d| set_cell(&d.join("asymmetry_within.csv"), 3, "slope", "lots"),
            &["asymmetry_within.csv", "slope", "lots", "not a number"],
        ),
        (
            "no surplus_ci95 column in ranking.csv",
            |d| drop_column(&d.join("ranking.csv"), "surplus_ci95"),
            &["ranking.csv", "surplus_ci95"],
        ),
        (
            "no info_bits_a_mean column in summary.csv",
            |d| drop_column(&d.join("summary.csv"), "info_bits_a_mean"),
            &["summary.csv", "info_bits_a_mean"],
        ),
        (
            "a word in share_distribution.csv",
            |d| set_cell(&d.join("share_distribution.csv"), 1, "median", "half"),
            &["share_distribution.csv", "median", "half"],
        ),
        (
            "a word in matrix.csv",
            |d| set_cell(&d.join("matrix.csv"), 2, "open", "x1"),
            &["matrix.csv", "open", "x1"],
        ),
        (
            "a short row in deal_matrix.csv",
            |d| {
                let p = d.join("deal_matrix.csv");
                let text = fs::read_to_string(&p).expect("read");
                fs::write(&p, text + "probing,0.5\n").expect("write");
            },
            &["deal_matrix.csv"],
        ),
        (
            "truncated manifest.json",
            |d| fs::write(d.join("manifest.json"), "{\"name\": \"default\",").expect("write"),
            &["manifest.json"],
        ),
    ];
    for (i, (what, spoil, expected)) in cases.iter().enumerate() {
        let bad = t.path().join(format!("bad-{i}"));
        copy_results(&dir, &bad);
        spoil(&bad);
        let charts = snapshot(&bad.join("charts"));
        let o = negsim(t.path(), &["plot", s(&bad)]);
        assert_user_error(&o, expected, &format!("plot with {what}"));
        assert!(
            snapshot(&bad.join("charts")) == charts,
            "plot with {what} changed the existing charts"
        );
        assert!(
            leftovers_inside(&bad).is_empty(),
            "plot with {what} left {:?}",
            leftovers_inside(&bad)
        );
    }
}

/// A matrix without the column of one of its strategies is malformed:
/// the charts must not quietly show "n/a" cells.
#[test]
fn plot_rejects_a_matrix_without_a_column_per_strategy() {
    let t = tmp();
    let dir = tournament(t.path(), "default", None, &["--no-charts"]);
    for file in ["matrix.csv", "deal_matrix.csv"] {
        let bad = t.path().join(format!("bad-{file}"));
        copy_results(&dir, &bad);
        drop_column(&bad.join(file), "probing");
        let o = negsim(t.path(), &["plot", s(&bad)]);
        assert_user_error(
            &o,
            &[file, "probing"],
            &format!("plot with {file} lacking the column 'probing'"),
        );
    }
}

/// `plot` redraws the tournament charts without losing the charts other
/// commands added to `charts/` (`negsim evolve` draws `evolution*`).
#[test]
fn plot_keeps_the_charts_of_evolve() {
    let t = tmp();
    let dir = tournament(t.path(), "default", None, &[]);
    let o = negsim(
        t.path(),
        &[
            "evolve",
            s(&dir),
            "-q",
            "--generations",
            "50",
            "--moran-runs",
            "20",
        ],
    );
    assert_ok(&o, "negsim evolve");
    let added: Vec<String> = entries(&dir.join("charts"))
        .into_iter()
        .filter(|n| n.ends_with(".png") && !CHARTS.iter().any(|(c, _)| *n == format!("{c}.png")))
        .collect();
    assert!(
        !added.is_empty(),
        "negsim evolve drew no chart into charts/: {:?}",
        entries(&dir.join("charts"))
    );
    let o = negsim(t.path(), &["plot", s(&dir)]);
    assert_ok(&o, "negsim plot after evolve");
    let lost: Vec<&String> = added
        .iter()
        .filter(|n| !dir.join("charts").join(n).is_file())
        .collect();
    assert!(
        lost.is_empty(),
        "negsim plot deleted the charts of negsim evolve: {lost:?} (charts/ now: {:?})",
        entries(&dir.join("charts"))
    );
}
