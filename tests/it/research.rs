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
    // The bluff matters only through talk. With 3 rounds, a bigger bluff
    // costs probing deals (claims commit; its opponents walk away or hold
    // out) and wins it a larger share of the deals it makes (600 runs a
    // pairing, 3,600 of probing's: the standard error of a deal rate is
    // below 0.009, of a mean share below 0.01; the steps are 0.16/0.11 and
    // 0.13/0.08 here, the margins 0.05).
    let rank = fs::read_to_string(dir.path().join("out/sweep_ranking.csv")).unwrap();
    let header: Vec<&str> = rank.lines().next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let probing = |rounds: &str, bluff: &str, column: &str| -> f64 {
        rank.lines()
            .find(|l| l.starts_with(&format!("{rounds},{bluff},")) && l.contains(",probing,"))
            .unwrap()
            .split(',')
            .nth(col(column))
            .unwrap()
            .parse()
            .unwrap()
    };
    for (lo, hi) in [("0", "0.5"), ("0.5", "1")] {
        assert!(
            probing("3", lo, "deal_rate") > probing("3", hi, "deal_rate") + 0.05,
            "deal rate, bluff {lo} to {hi}"
        );
        assert!(
            probing("3", hi, "share_given_deal_mean")
                > probing("3", lo, "share_given_deal_mean") + 0.05,
            "share, bluff {lo} to {hi}"
        );
    }
    // What it says is as precise whatever its bluff (one shift, same noise).
    assert_eq!(
        probing("3", "0", "bits_given_mean"),
        probing("3", "1", "bits_given_mean")
    );
    // Without talk a bluff cannot matter: identical results (same seeds).
    for column in [
        "surplus_mean",
        "deal_rate",
        "share_given_deal_mean",
        "info_bits_mean",
    ] {
        assert_eq!(
            probing("0", "1", column),
            probing("0", "0", column),
            "{column}"
        );
    }
}

/// A parameter that is not a number (true, false) is drawn at its values'
/// index: whole-number x ticks, 0 and 1 (before: 0.0, 0.2, .., 1.0).
#[test]
fn a_sweep_over_values_that_are_not_numbers_has_whole_x_ticks() {
    let dir = tmp();
    let cfg = format!("{BASE}[match]\nruns = 5\n[sweep]\n\"match.debrief\" = [true, false]\n");
    fs::write(dir.path().join("s.toml"), cfg).unwrap();
    let o = negsim(
        dir.path(),
        &["sweep", "s.toml", "--out", "out", "--runs", "60", "-q"],
    );
    assert_ok(&o, "negsim sweep over match.debrief");
    for chart in ["sweep_strategies", "sweep_outcomes"] {
        let svg = fs::read_to_string(dir.path().join(format!("out/charts/{chart}.svg"))).unwrap();
        let (xs, _) = crate::helpers::svg::tick_runs(&svg);
        assert!(!xs.is_empty(), "{chart}: no x ticks");
        for run in &xs {
            assert_eq!(run, &["0", "1"], "{chart}: x ticks {xs:?}");
        }
    }
}

#[test]
fn bad_sweeps_are_refused() {
    let dir = tmp();
    let cases: [(&str, &[&str]); 10] = [
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
        // Huge grids are refused before anything is allocated (these
        // panicked with "capacity overflow" or aborted allocating 320 GB).
        (
            "\"exchange.rounds\" = { from = 0, to = 5, steps = 9223372036854775807 }",
            &[
                "exchange.rounds\".steps",
                "9223372036854775807",
                "at most 1000",
            ],
        ),
        (
            "\"exchange.rounds\" = { from = 0, to = 5, steps = 1e10 }",
            &["steps", "whole number"],
        ),
        (
            "\"exchange.rounds\" = { from = 0, to = 5, steps = 1000 }\n\"exchange.leak_probability\" = { from = 0, to = 1, steps = 1000 }",
            &["1000 x 1000 cells", "at most 2000 cells"],
        ),
    ];
    for (i, (sweep, expect)) in cases.iter().enumerate() {
        let f = format!("bad{i}.toml");
        fs::write(dir.path().join(&f), format!("{BASE}[sweep]\n{sweep}\n")).unwrap();
        let o = negsim(dir.path(), &["sweep", &f, "--out", "out", "-q"]);
        assert_user_error(&o, expect, &format!("negsim sweep {f}: {sweep}"));
        assert!(!dir.path().join("out").exists(), "case {i} wrote results");
        // `check` refuses the same configs.
        let o = negsim(dir.path(), &["check", &f]);
        assert_user_error(&o, expect, &format!("negsim check {f}: {sweep}"));
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
    // THEORY.md section 6: T1-T12 and the fixed-domain checks (FD), each
    // line ending in its verdict; no disclosure-PD table any more.
    let dir = tmp();
    let o = negsim(dir.path(), &["validate"]);
    assert_ok(&o, "negsim validate");
    let out = &o.stdout;
    for id in negsim::run::theory::IDS {
        assert!(
            out.lines()
                .any(|l| l.split_whitespace().next() == Some(id) && l.contains(" pass")),
            "{id} in:\n{out}"
        );
    }
    assert!(out.lines().any(|l| l.starts_with("T10 ")), "{out}");
    assert!(!out.contains("FAIL"), "{out}");
    assert!(!out.lines().any(|l| l.starts_with("PD")), "{out}");
    let last = out.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
    assert!(
        last.contains(" unit checks (formulas with no agents: T6, FD), 0 failed"),
        "{last}"
    );
    // Formula checks are labelled as such, model checks are not.
    for l in out.lines() {
        let id = l.split_whitespace().next().unwrap_or("");
        let unit = negsim::run::theory::UNIT_CHECKS.contains(&id);
        if l.ends_with("pass") || l.ends_with("no agents)") {
            assert_eq!(l.contains("unit check"), unit, "{l}");
        }
    }
    // Another seed passes too.
    let o = negsim(dir.path(), &["validate", "--seed", "7"]);
    assert_ok(&o, "negsim validate --seed 7");
    assert!(o.stdout.contains("0 failed"));
}

#[test]
fn disclosure_dilemma_config_shows_a_prisoners_dilemma() {
    // k = 1/2 double auction, values uniform on [0, 1], no talk, one run a
    // match: nobody can know whether the other bids its value, so guarded
    // (and mirroring, which bids strategically unless it believes the other
    // truthful) bids its best response to the equilibrium, the
    // Chatterjee-Samuelson bid (its value where no trade can pay, v < 1/4
    // or c > 3/4). Against a truthful side that gives, averaged over both
    // seats (by direct integration):
    //   T = guarded vs open   = 41/384 = 0.10677 (version 1's 1/9 needed
    //       knowing the other is truthful)
    //   R = open vs open      = 1/12   = 0.08333
    //   P = guarded vs guarded = 9/128 = 0.07031
    //   S = open vs guarded   = 5/96   = 0.05208 (version 1: 1/27)
    // still T > R > P > S.
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
    // A payoff's sd is below 0.12 and a cell pools 200,000 payoffs (both
    // seats): 3.3 standard errors < 0.0009. Both truthful: 1/12; both
    // silent best responders: the equilibrium's 9/128.
    for (x, want) in [(r, 1.0 / 12.0), (p, 9.0 / 128.0)] {
        assert!((x - want).abs() < 0.0009, "{x} vs {want}");
    }
    // After open's exact confidence, guarded knows its value and that it
    // bids it: it takes more than theory's T = 1/9 (which assumes it knows
    // only that the bid is truthful), and open gets less than S = 1/27.
    assert!(
        t > 1.0 / 9.0 + 0.0009 && s < 1.0 / 27.0 - 0.0009,
        "T {t} S {s}"
    );
    // mirroring believes open's exact claim and bids its value: with open
    // it cooperates (R), and guarded exploits it less than open (its
    // opening is vague).
    if header.contains(&"mirroring") {
        let mirroring = row("mirroring");
        assert!((mirroring[o] - r).abs() < 0.0009, "{} vs {r}", mirroring[o]);
        assert!(guarded[col("mirroring") - 1] < t, "{guarded:?}");
    }
}

#[test]
fn sensitivity_names_the_design_each_ranking_holds_in() {
    // negsim sensitivity: every design of MODEL.md 10.5 and every ablation,
    // one row each; with no talk the four presets behave alike, so the
    // ranking is an exact tie in every run; the table is written whole.
    let dir = tmp();
    let csv = dir.path().join("sensitivity.csv");
    let md = dir.path().join("sensitivity.md");
    let o = negsim(
        dir.path(),
        &[
            "sensitivity",
            "--runs",
            "400",
            "--csv",
            csv.to_str().unwrap(),
            "--markdown",
            md.to_str().unwrap(),
        ],
    );
    assert_ok(&o, "negsim sensitivity");
    let table = std::fs::read_to_string(&md).unwrap();
    for design in [
        "6 strategies",
        "exchange.rounds = 1",
        "exchange.rounds = 6",
        "protocol.deadline = 10",
        "protocol.anchor_margin = 2",
        "walk_away = 0.2",
        "unconditional",
        "no talk",
        "next_offer",
        "commitment = \"full\"",
        "claims_commit = false",
        "version 2 rules",
        "does not bluff",
    ] {
        assert!(table.contains(design), "{design} missing:\n{table}");
    }
    let no_talk = table.lines().find(|l| l.contains("no talk")).unwrap();
    assert!(
        no_talk.contains("open = guarded = mirroring = probing"),
        "{no_talk}"
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[0].starts_with("group,design,rank,strategy,surplus_per_run"));
    assert_eq!(rows.len(), 1 + 17 * 4, "17 designs x 4 presets");
    // A config without the four presets is refused by name.
    let bad = dir.path().join("two.toml");
    std::fs::write(
        &bad,
        "name = \"two\"\nstrategies = [\"open\", \"guarded\"]\n[scenario]\nkind = \"price\"\nbuyer_value = { dist = \"uniform\", low = 0, high = 1 }\nseller_cost = { dist = \"uniform\", low = 0, high = 1 }\n",
    )
    .unwrap();
    let o = negsim(
        dir.path(),
        &["sensitivity", bad.to_str().unwrap(), "--runs", "10"],
    );
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    assert!(
        o.stderr.contains("two.toml") && o.stderr.contains("probing"),
        "{}",
        o.stderr
    );
}
