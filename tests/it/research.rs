//! The research commands from the outside: `negsim sweep` (grid, common
//! random numbers, bad grids), the double-auction config checks,
//! `negsim evolve` and `negsim validate`.

use std::fs;

use crate::helpers::{assert_ok, assert_user_error, config, negsim, s, tmp};

const BASE: &str = r#"
name = "sw"
seed = 9
runs = 600
strategies = ["open", "guarded", "probing"]
[scenario]
kind = "price"
buyer_value = { dist = "uniform", low = 40000, high = 60000 }
seller_cost = { dist = "uniform", low = 40000, high = 60000 }
"#;

#[test]
fn sweep_cells_match_plain_runs_with_the_same_seed() {
    let dir = tmp();
    let cfg = format!("{BASE}[sweep]\n\"exchange.rounds\" = [0, 2, 5]\n");
    fs::write(dir.path().join("s.toml"), cfg).unwrap();
    let o = negsim(
        dir.path(),
        &["sweep", "s.toml", "--out", "out", "-q", "--no-charts"],
    );
    assert_ok(&o, "negsim sweep --no-charts");
    let sweep = fs::read_to_string(dir.path().join("out/sweep.csv")).unwrap();
    let mut lines = sweep.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("exchange_rounds,strategy_a,strategy_b,runs,deal_rate"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 3 * 9);
    // The cell exchange.rounds = 2 is exactly the tournament with rounds = 2.
    let plain = format!("{BASE}[exchange]\nrounds = 2\n");
    fs::write(dir.path().join("p.toml"), plain).unwrap();
    let o = negsim(
        dir.path(),
        &["run", "p.toml", "--out", "plain", "-q", "--no-charts"],
    );
    assert_ok(&o, "negsim run p.toml");
    let summary = fs::read_to_string(dir.path().join("plain/summary.csv")).unwrap();
    let cell: Vec<String> = rows
        .iter()
        .filter(|r| r.starts_with("2,"))
        .map(|r| r[2..].to_string())
        .collect();
    let plain_rows: Vec<String> = summary.lines().skip(1).map(str::to_string).collect();
    assert_eq!(cell, plain_rows);
    let ranking = fs::read_to_string(dir.path().join("out/sweep_ranking.csv")).unwrap();
    assert_eq!(ranking.lines().count(), 1 + 3 * 3);
    // Charts for a sweep.
    let o = negsim(dir.path(), &["sweep", "s.toml", "--out", "out", "-q"]);
    assert_ok(&o, "negsim sweep with charts");
    for c in ["sweep_strategies", "sweep_outcomes"] {
        assert!(
            dir.path().join(format!("out/charts/{c}.png")).is_file(),
            "{c}"
        );
        assert!(
            dir.path().join(format!("out/charts/{c}.svg")).is_file(),
            "{c}"
        );
    }
}

#[test]
fn two_parameter_sweeps_draw_heatmaps() {
    let dir = tmp();
    let cfg = format!(
        "{BASE}[sweep]\n\"exchange.rounds\" = [0, 3]\n\"strategy.probing.bluff\" = {{ from = 0.0, to = 1.0, steps = 3 }}\n"
    );
    fs::write(dir.path().join("s.toml"), cfg).unwrap();
    let o = negsim(dir.path(), &["sweep", "s.toml", "--out", "out", "-q"]);
    assert_ok(&o, "negsim sweep (two parameters)");
    let sweep = fs::read_to_string(dir.path().join("out/sweep.csv")).unwrap();
    assert!(sweep.starts_with("exchange_rounds,strategy_probing_bluff,strategy_a"));
    assert_eq!(sweep.lines().count(), 1 + 2 * 3 * 9);
    assert!(
        dir.path()
            .join("out/charts/sweep_grid_efficiency.png")
            .is_file()
    );
    assert!(
        dir.path()
            .join("out/charts/sweep_grid_probing.png")
            .is_file()
    );
    // The bluff matters: probing earns more with a bigger bluff when it can talk.
    let rank = fs::read_to_string(dir.path().join("out/sweep_ranking.csv")).unwrap();
    let surplus = |rounds: &str, bluff: &str| -> f64 {
        rank.lines()
            .find(|l| l.starts_with(&format!("{rounds},{bluff},")) && l.contains(",probing,"))
            .unwrap()
            .split(',')
            .nth(5)
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(surplus("3", "1") > surplus("3", "0") + 100.0);
    // Without talk a bluff cannot matter: identical results (same seeds).
    assert_eq!(surplus("0", "1"), surplus("0", "0"));
}

#[test]
fn bad_sweeps_are_refused() {
    let dir = tmp();
    let cases: [(&str, &[&str]); 7] = [
        (
            "\"exchange.round\" = [1, 2]",
            &["exchange.round", "did you mean 'exchange.rounds'"],
        ),
        (
            "\"strategy.probing.bluf\" = [1.0]",
            &[
                "strategy.probing.bluf",
                "did you mean 'strategy.probing.bluff'",
            ],
        ),
        (
            "\"exchange.rounds\" = [\"many\"]",
            &["exchange.rounds", "many"],
        ),
        (
            "\"exchange.leak_probability\" = [0.5, 1.5]",
            &["leak_probability", "1.5", "[0, 1]"],
        ),
        ("\"exchange.rounds\" = []", &["empty"]),
        (
            "\"exchange.rounds\" = { from = 1, to = 3 }",
            &["from", "steps"],
        ),
        (
            "\"exchange.rounds\" = [1]\n\"protocol.discount\" = [0.9]\n\"exchange.leak_sigma\" = [1.0]",
            &["one or two parameters"],
        ),
    ];
    for (i, (sweep, expect)) in cases.iter().enumerate() {
        let f = format!("bad{i}.toml");
        fs::write(dir.path().join(&f), format!("{BASE}[sweep]\n{sweep}\n")).unwrap();
        let o = negsim(dir.path(), &["sweep", &f, "--out", "out", "-q"]);
        assert_user_error(&o, expect, &format!("negsim sweep {f}: {sweep}"));
        assert!(!dir.path().join("out").exists(), "case {i} wrote results");
    }
    // A config without [sweep].
    fs::write(dir.path().join("none.toml"), BASE).unwrap();
    assert_user_error(
        &negsim(dir.path(), &["sweep", "none.toml"]),
        &["[sweep]"],
        "negsim sweep on a config without [sweep]",
    );
}

#[test]
fn double_auction_needs_uniform_values_on_one_range() {
    let dir = tmp();
    let da = BASE.replace("name = \"sw\"", "name = \"da\"")
        + "[protocol]\nkind = \"double_auction\"\nk = 0.5\n";
    fs::write(dir.path().join("ok.toml"), &da).unwrap();
    let o = negsim(
        dir.path(),
        &["run", "ok.toml", "--out", "ok", "-q", "--no-charts"],
    );
    assert_ok(&o, "negsim run ok.toml (double auction)");
    let tri = da.replace(
        "seller_cost = { dist = \"uniform\", low = 40000, high = 60000 }",
        "seller_cost = { dist = \"triangular\", low = 40000, high = 60000, mode = 45000 }",
    );
    fs::write(dir.path().join("tri.toml"), tri).unwrap();
    assert_user_error(
        &negsim(dir.path(), &["run", "tri.toml", "--out", "x", "-q"]),
        &[
            "tri.toml",
            "scenario.seller_cost",
            "linear equilibrium",
            "uniform",
        ],
        "double auction with a triangular seller cost",
    );
    let k = da.replace("k = 0.5", "k = 1.5");
    fs::write(dir.path().join("k.toml"), k).unwrap();
    assert_user_error(
        &negsim(dir.path(), &["check", "k.toml"]),
        &["protocol.k", "1.5", "[0, 1]"],
        "double auction with k = 1.5",
    );
    let extra = da.replace("k = 0.5", "k = 0.5\ndeadline = 5");
    fs::write(dir.path().join("extra.toml"), extra).unwrap();
    assert_user_error(
        &negsim(dir.path(), &["check", "extra.toml"]),
        &["protocol.deadline", "double_auction"],
        "double auction with a deadline",
    );
    assert!(!dir.path().join("x").exists());
}

#[test]
fn evolve_writes_population_dynamics_and_refuses_non_results() {
    let dir = tmp();
    let o = negsim(
        dir.path(),
        &[
            "run",
            s(&config("default.toml")),
            "--runs",
            "2000",
            "--out",
            "res",
            "-q",
            "--no-charts",
        ],
    );
    assert_ok(&o, "negsim run default.toml");
    let o = negsim(
        dir.path(),
        &[
            "evolve",
            "res",
            "--generations",
            "50",
            "--moran-runs",
            "200",
            "-q",
        ],
    );
    assert_ok(&o, "negsim evolve");
    let evo = fs::read_to_string(dir.path().join("res/evolution.csv")).unwrap();
    assert!(evo.starts_with("process,run,generation,strategy,share\n"));
    // Replicator: 51 generations x 4 strategies; Moran: 5 runs x 51 x 4.
    assert_eq!(evo.lines().count(), 1 + 51 * 4 + 5 * 51 * 4);
    for g in 0..=50 {
        let sum: f64 = evo
            .lines()
            .filter(|l| l.starts_with(&format!("replicator,0,{g},")))
            .map(|l| l.rsplit(',').next().unwrap().parse::<f64>().unwrap())
            .sum();
        assert!(
            (sum - 1.0).abs() < 1e-9,
            "generation {g}: shares sum to {sum}"
        );
    }
    let fix = fs::read_to_string(dir.path().join("res/fixation.csv")).unwrap();
    assert_eq!(fix.lines().count(), 1 + 12);
    assert!(dir.path().join("res/charts/evolution.png").is_file());
    // Same seed, same output.
    let o = negsim(
        dir.path(),
        &[
            "evolve",
            "res",
            "--generations",
            "50",
            "--moran-runs",
            "200",
            "-q",
        ],
    );
    assert_ok(&o, "negsim evolve (again)");
    assert_eq!(
        fix,
        fs::read_to_string(dir.path().join("res/fixation.csv")).unwrap()
    );
    // Not a tournament folder.
    fs::create_dir(dir.path().join("empty")).unwrap();
    assert_user_error(
        &negsim(dir.path(), &["evolve", "empty"]),
        &["empty", "results folder"],
        "negsim evolve on an empty folder",
    );
    assert_user_error(
        &negsim(dir.path(), &["evolve", "nowhere"]),
        &["nowhere"],
        "negsim evolve on a missing folder",
    );
    assert_user_error(
        &negsim(dir.path(), &["evolve", "res", "--selection", "2"]),
        &["--selection", "[0, 1]"],
        "negsim evolve --selection 2",
    );
}

#[test]
fn validate_passes_and_prints_the_table() {
    let dir = tmp();
    let o = negsim(dir.path(), &["validate"]);
    assert_ok(&o, "negsim validate");
    let out = &o.stdout;
    for id in ["T1", "T2", "T3", "T4", "T5", "T6", "T7", "PD"] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(id) && l.ends_with("pass")),
            "{id} in:\n{out}"
        );
    }
    assert!(!out.contains("FAIL"));
    assert!(out.contains("0 failed"));
}

#[test]
fn disclosure_dilemma_config_shows_a_prisoners_dilemma() {
    let dir = tmp();
    let o = negsim(
        dir.path(),
        &[
            "run",
            s(&config("disclosure-dilemma.toml")),
            "--runs",
            "100000",
            "--out",
            "pd",
            "-q",
            "--no-charts",
        ],
    );
    assert_ok(&o, "negsim run disclosure-dilemma.toml");
    let m = fs::read_to_string(dir.path().join("pd/matrix.csv")).unwrap();
    let mut lines = m.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let row = |n: &str| -> Vec<f64> {
        m.lines()
            .find(|l| l.starts_with(&format!("{n},")))
            .unwrap()
            .split(',')
            .skip(1)
            .map(|v| v.parse().unwrap())
            .collect()
    };
    let (open, guarded) = (row("open"), row("guarded"));
    let (o, g) = (col("open") - 1, col("guarded") - 1);
    let (t, r, p, s) = (guarded[o], open[o], guarded[g], open[g]);
    assert!(t > r && r > p && p > s, "T {t} R {r} P {p} S {s}");
    // THEORY.md: T = 1/9, R = 1/12, P = 9/128, S = 1/27 (sd of a payoff < 0.2,
    // 200,000 payoffs per cell: 3.3 standard errors < 0.0015).
    for (x, want) in [
        (t, 1.0 / 9.0),
        (r, 1.0 / 12.0),
        (p, 9.0 / 128.0),
        (s, 1.0 / 27.0),
    ] {
        assert!((x - want).abs() < 0.002, "{x} vs {want}");
    }
}
