//! The output files of `negsim sensitivity` and `negsim lies` (`--csv`,
//! `--markdown`): a path that cannot be written is refused before the
//! simulation runs (exit 2, naming the file and the option), and nothing
//! is written then, not one table of two.

use crate::helpers::*;

#[test]
fn sensitivity_refuses_an_unwritable_table_before_running_and_writes_nothing() {
    let dir = tmp();
    let good = dir.path().join("sensitivity.csv");
    let bad = dir.path().join("missing").join("sensitivity.md");
    let o = negsim(
        dir.path(),
        &[
            "sensitivity",
            "--runs",
            "400",
            "--csv",
            s(&good),
            "--markdown",
            s(&bad),
        ],
    );
    assert_eq!(o.code, Some(2), "{}", o.describe());
    assert!(
        o.stderr.contains(s(&bad)) && o.stderr.contains("--markdown"),
        "{}",
        o.stderr
    );
    assert!(
        !o.stderr.contains("design 1/17"),
        "the designs ran before the path was checked:\n{}",
        o.stderr
    );
    assert!(!good.exists(), "--csv was written though --markdown failed");
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));
}

#[test]
fn lies_refuses_an_unwritable_table_before_running() {
    let dir = tmp();
    let file = dir.path().join("lies.csv");
    std::fs::create_dir(&file).unwrap();
    let o = negsim(
        dir.path(),
        &[
            "lies",
            "--runs",
            "400",
            "--match-runs",
            "20",
            "--csv",
            s(&file),
        ],
    );
    assert_eq!(o.code, Some(2), "{}", o.describe());
    assert!(
        o.stderr.contains(s(&file)) && o.stderr.contains("--csv") && o.stderr.contains("folder"),
        "{}",
        o.stderr
    );
    assert!(
        o.stdout.is_empty(),
        "the table was computed before the path was checked:\n{}",
        o.stdout
    );
}

/// Every chart a shipped config's comments name (`charts/x.png`, or a
/// bare `x.png`) is one that running the config draws: bluff-sweep.toml
/// named `sweep_surplus.png` and `sweep_deal_rate.png`, which no version
/// draws (the sweep charts are `sweep_strategies` and `sweep_outcomes`).
#[test]
fn the_charts_a_config_names_are_the_charts_it_draws() {
    let cwd = tmp();
    let mut checked = 0;
    for cfg in all_configs() {
        let text = std::fs::read_to_string(&cfg).unwrap();
        let named: Vec<String> = text
            .lines()
            .filter_map(|l| l.split_once('#').map(|(_, c)| c))
            .flat_map(|c| c.split(|ch: char| !(ch.is_ascii_alphanumeric() || "_./".contains(ch))))
            .filter(|w| w.ends_with(".png"))
            .map(|w| w.rsplit('/').next().unwrap().to_string())
            .collect();
        if named.is_empty() {
            continue;
        }
        let stem = cfg.file_stem().unwrap().to_str().unwrap().to_string();
        let command = if text.contains("\n[sweep]") {
            "sweep"
        } else {
            "run"
        };
        let out = negsim(
            cwd.path(),
            &[command, s(&cfg), "--runs", "20", "--quiet", "--out", &stem],
        );
        assert_ok(&out, &format!("negsim {command} {stem}"));
        let drawn = entries(&cwd.path().join(&stem).join("charts"));
        for chart in &named {
            assert!(
                drawn.contains(chart),
                "{stem}.toml names {chart}, which it does not draw: {drawn:?}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 3, "only {checked} charts named");
}

/// `negsim compare` on a sweep's folder says so (it said "ranking.csv: is
/// missing; is this a negsim results folder?"), exit 2, nothing written.
#[test]
fn compare_names_a_sweep_folder_as_such() {
    let dir = tmp();
    let d = dir.path();
    let ok = |args: &[&str]| assert_ok(&negsim(d, args), &args.join(" "));
    ok(&[
        "run",
        "--runs",
        "20",
        "--quiet",
        "--no-charts",
        "--out",
        "t",
    ]);
    let sweep = config("asymmetry-sweep.toml");
    ok(&[
        "sweep",
        s(&sweep),
        "--runs",
        "10",
        "--quiet",
        "--no-charts",
        "--out",
        "s",
    ]);
    for (a, b) in [("t", "s"), ("s", "t")] {
        let out = negsim(d, &["compare", a, b, "--out", "c"]);
        assert_one_user_error(
            &out,
            &["s:", "folder of a sweep", "sweep_ranking.csv"],
            "compare with a sweep folder",
        );
        assert!(!d.join("c").exists());
    }
}
