//! Agents under the sealed-bid k-double auction (docs/PROTOCOL.md, the
//! `bid` request): through `run` and `bench`, with talk before the bids,
//! bad bids forfeiting, and the same tables on 1 and 2 threads.

use super::*;
use std::collections::HashMap;

/// The [exchange] and [protocol] tables of a double auction with `k`,
/// `rounds` off-the-record rounds and leak probability `leak`.
fn auction(k: f64, rounds: u32, leak: f64) -> String {
    format!(
        "[exchange]\nrounds = {rounds}\nleak_probability = {leak}\n\n\
         [protocol]\nkind = \"double_auction\"\nk = {k}\n"
    )
}

/// A number of a runs.csv row.
fn num(m: &HashMap<String, String>, key: &str) -> f64 {
    m[key]
        .parse()
        .unwrap_or_else(|_| panic!("{key} = {:?}", m[key]))
}

/// With talk off, the truthful agent bids its value as `open` does: against
/// `open` both bid their values, so they trade exactly when the buyer's
/// value reaches the seller's cost, at k * bid + (1 - k) * ask; and each
/// run is the one `open` plays in its seat on the same draws.
#[test]
fn a_truthful_bidder_against_open_trades_iff_its_value_crosses_at_the_k_price() {
    let dir = tmp();
    let tables = agent_table("truthful", &example("truthful"), &[], None);
    let k = 0.3;
    let cfg = write_config(
        dir.path(),
        "auction",
        &["open", "truthful"],
        60,
        Some(&auction(k, 0, 0.0)),
        &tables,
    );
    let out_dir = dir.path().join("out");
    let out = negsim(dir.path(), &per_run_args(&cfg, &out_dir));
    assert_ok(&out, "run of the truthful agent in a double auction");
    let runs = out_dir.join("runs.csv");
    assert_eq!(column(&out_dir.join("forfeits.csv"), "agent").len(), 0);
    let all = runs_of(&runs, "open");
    let key = |m: &HashMap<String, String>| m["run"].clone();
    let open_open: HashMap<String, HashMap<String, String>> = all
        .iter()
        .filter(|(_, m)| m["strategy_b"] == "open" && m["strategy_a"] == "open")
        .map(|(_, m)| (key(m), m.clone()))
        .collect();
    let mut trades = [0, 0];
    for (side, m) in runs_of(&runs, "truthful") {
        if m["strategy_a"] == m["strategy_b"] {
            continue;
        }
        let (v, c) = (num(&m, "reservation_a"), num(&m, "reservation_b"));
        let deal = m["deal"] == "1";
        assert_eq!(deal, v >= c, "run {}: v {v}, c {c}, deal {deal}", m["run"]);
        if deal {
            trades[side] += 1;
            let want = k * v + (1.0 - k) * c;
            let price = num(&m, "price");
            assert!(
                (price - want).abs() <= 1e-9 * want,
                "run {}: price {price}, k * v + (1 - k) * c = {want}",
                m["run"]
            );
        }
        // The same run as open in its seat (every outcome column).
        let o = &open_open[&key(&m)];
        for col in ["deal", "price", "surplus_a", "surplus_b", "walk_away"] {
            assert_eq!(m[col], o[col], "run {}: {col}", m["run"]);
        }
    }
    assert!(
        trades[0] > 10 && trades[1] > 10,
        "too few trades to test the price: {trades:?}"
    );
}

/// The engine's side bids against an agent as against a strategy (its
/// belief about the agent's bid, its trust in the agent's confided value,
/// what a match's debriefs showed it): an agent that talks and bids as
/// `open` does gets, against `open`, `guarded` and `mirroring` in both
/// roles and over matches of 5 runs with debriefs, the runs `open` gets in
/// its seat. (Not against `probing`: its noisy claims draw from the run's
/// generator, which an agent's seat advances by the seed it draws.)
#[test]
fn the_engine_bids_against_an_agent_as_against_the_preset_it_mimics() {
    let dir = tmp();
    let tables = agent_table("opener", &fixture("opener"), &[], None);
    let rules = auction(0.5, 2, 0.0) + "\n[match]\nruns = 5\ndebrief = true\n";
    let names = ["open", "guarded", "mirroring", "opener"];
    let cfg = write_config(dir.path(), "mimic", &names, 50, Some(&rules), &tables);
    let out_dir = dir.path().join("out");
    let out = negsim(dir.path(), &per_run_args(&cfg, &out_dir));
    assert_ok(&out, "run of the opener in a double auction");
    let runs = out_dir.join("runs.csv");
    type Key = (String, usize, String);
    let of = |who: &str| -> HashMap<Key, HashMap<String, String>> {
        runs_of(&runs, who)
            .into_iter()
            .map(|(side, m)| {
                let other = m[["strategy_b", "strategy_a"][side]].clone();
                ((other, side, m["run"].clone()), m)
            })
            .collect()
    };
    let (mine, open) = (of("opener"), of("open"));
    let mut compared = 0;
    let mut deals = 0;
    for ((other, side, run), m) in &mine {
        if other == "opener" {
            continue;
        }
        let o = &open[&(other.clone(), *side, run.clone())];
        // The outcome, the talk, and the engine side's belief and trust.
        let engine = ["b", "a"][*side];
        let mut cols: Vec<String> = ["deal", "price", "surplus_a", "surplus_b", "walk_away"]
            .map(String::from)
            .to_vec();
        for c in ["confidences", "answers", "asks", "bluffs", "lies_detected"] {
            cols.extend([format!("{c}_a"), format!("{c}_b")]);
        }
        cols.extend(["info_bits", "trust", "crps"].map(|c| format!("{c}_{engine}")));
        for c in &cols {
            assert_eq!(m[c], o[c], "against {other}, side {side}, run {run}: {c}");
        }
        compared += 1;
        deals += usize::from(m["deal"] == "1");
    }
    assert_eq!(compared, 3 * 2 * 50);
    assert!(deals > 100, "{deals} deals");
}

/// `bench` under a double auction: every preset in both roles, no
/// forfeit; the agent's surplus against each opponent is that of its
/// seats in a tournament on the same draws, and the best response (the
/// best preset in its seat) earns at least `open`'s, which bids as the
/// truthful agent does.
#[test]
fn bench_of_a_truthful_bidder_under_a_double_auction() {
    let dir = tmp();
    let tables = agent_table("truthful", &example("truthful"), &[], None);
    let mut names: Vec<&str> = PRESETS.to_vec();
    names.push("truthful");
    let cfg = write_config(
        dir.path(),
        "auction",
        &names,
        40,
        Some(&auction(0.5, 0, 0.0)),
        &tables,
    );
    let bench_dir = dir.path().join("bench");
    let agent = format!("python3 {}", s(&example("truthful")));
    let args = [
        "bench",
        "--agent",
        &agent,
        s(&cfg),
        "--runs",
        "40",
        "--out",
        s(&bench_dir),
        "-q",
    ];
    let out = negsim(dir.path(), &args);
    assert_ok(&out, "bench under a double auction");
    let run_dir = dir.path().join("run");
    let out = negsim(dir.path(), &per_run_args(&cfg, &run_dir));
    assert_ok(&out, "the same draws as a tournament");
    let bench = bench_dir.join("bench.csv");
    let opponents = column(&bench, "opponent");
    assert_eq!(opponents.len(), 5, "{opponents:?}");
    assert_eq!(column(&bench, "forfeits"), vec!["0"; 5]);
    assert_eq!(column(&bench, "lies_told"), vec!["0"; 5]);
    assert_eq!(column(&bench, "runs").last().unwrap(), "320");
    let surplus = column(&bench, "surplus");
    let best = column(&bench, "best_response_surplus");
    let seats = runs_of(&run_dir.join("runs.csv"), "truthful");
    for (o, name) in opponents.iter().enumerate().take(4) {
        let mine: Vec<f64> = seats
            .iter()
            .filter(|(side, m)| m[["strategy_b", "strategy_a"][*side]] == *name)
            .map(|(side, m)| num(m, ["surplus_a", "surplus_b"][*side]))
            .collect();
        assert_eq!(mine.len(), 80, "{name}");
        let want = mine.iter().sum::<f64>() / 80.0;
        let got: f64 = surplus[o].parse().unwrap();
        assert!(
            (got - want).abs() <= 1e-9 * want.abs().max(1.0),
            "against {name}: bench surplus {got}, the tournament's {want}"
        );
        let b: f64 = best[o].parse().unwrap();
        assert!(b >= got - 1e-9 * got.abs().max(1.0), "{name}: {b} < {got}");
    }
    let report = std::fs::read_to_string(bench_dir.join("report.md")).unwrap();
    assert!(report.contains("truthful"), "{report}");
}

/// Run `open` against the bad bidder of `mode` (timeout 0.5 s) in a double
/// auction, 10 runs a pairing: every negotiation of the agent is forfeited
/// (a forfeits.csv row naming `expected`, a warning), none trades, and the
/// run finishes.
fn bad_bids(mode: &str, expected: &str) {
    let dir = tmp();
    let tables = agent_table("broken", &fixture("badbid"), &[mode], Some(0.5));
    let cfg = write_config(
        dir.path(),
        mode,
        &["open", "broken"],
        10,
        Some(&auction(0.5, 1, 0.0)),
        &tables,
    );
    let out_dir = dir.path().join("out");
    let out = negsim(dir.path(), &per_run_args(&cfg, &out_dir));
    assert_ok(&out, &format!("run with the {mode} bidder"));
    let list = out_dir.join("forfeits.csv");
    let reasons = column(&list, "reason");
    assert_eq!(
        reasons.len(),
        40,
        "{}",
        std::fs::read_to_string(&list).unwrap()
    );
    assert!(
        reasons.iter().any(|r| r.contains(expected)),
        "no forfeit says `{expected}`: {reasons:?}"
    );
    assert!(out.stderr.contains(expected), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("warning: agent 'broken' forfeited 40 of 40 negotiations"),
        "{}",
        out.stderr
    );
    for (side, m) in runs_of(&out_dir.join("runs.csv"), "broken") {
        assert_eq!(m["deal"], "0", "a forfeited bid traded: {m:?}");
        // It walked away: no bid, no trade (against itself, A is named).
        let walker = if m["strategy_a"] == m["strategy_b"] {
            0
        } else {
            side
        };
        assert_eq!(m["walk_away"], ["A", "B"][walker], "{m:?}");
    }
    // open against open traded as usual.
    assert!(
        runs_of(&out_dir.join("runs.csv"), "open")
            .iter()
            .any(|(_, m)| m["strategy_b"] == "open" && m["deal"] == "1")
    );
}

#[test]
fn a_bid_outside_the_support_forfeits() {
    bad_bids(
        "outside",
        "is outside [40000, 60000], the support of the values",
    );
}

#[test]
fn a_bid_that_is_not_a_number_forfeits() {
    bad_bids("text", "not a JSON object of the protocol");
}

#[test]
fn a_bidder_that_does_not_answer_in_time_forfeits() {
    bad_bids("sleep", "no reply to the bid request within 0.5 s");
}

/// The reader talks, reads what the other said and hinted, and bids: the
/// tables are byte-identical on 1 and 2 threads.
#[test]
fn an_auction_with_talk_and_an_agent_is_the_same_on_one_and_two_threads() {
    let dir = tmp();
    let tables = agent_table("reader", &example("reader"), &[], None)
        + &agent_table("bluffer", &example("bluffer"), &[], None);
    let cfg = write_config(
        dir.path(),
        "auction",
        &["open", "guarded", "mirroring", "reader", "bluffer"],
        30,
        Some(&auction(0.5, 2, 0.3)),
        &tables,
    );
    let mut outs = Vec::new();
    for threads in ["1", "2"] {
        let out_dir = dir.path().join(format!("t{threads}"));
        let mut args = per_run_args(&cfg, &out_dir).to_vec();
        args.extend(["--threads", threads]);
        let out = negsim(dir.path(), &args);
        assert_ok(&out, &format!("--threads {threads}"));
        outs.push(out_dir);
    }
    assert_eq!(column(&outs[0].join("forfeits.csv"), "agent").len(), 0);
    let mut compared = 0;
    for entry in std::fs::read_dir(&outs[0]).unwrap() {
        let name = entry.unwrap().file_name();
        if !name.to_string_lossy().ends_with(".csv") {
            continue;
        }
        let a = std::fs::read(outs[0].join(&name)).unwrap();
        let b = std::fs::read(outs[1].join(&name)).unwrap();
        assert!(a == b, "{name:?} differs between 1 and 2 threads");
        compared += 1;
    }
    assert!(compared >= 8, "{compared} tables compared");
    // The agents talked before bidding, and the bluffer's claims are lies.
    let runs = outs[0].join("runs.csv");
    let sum = |who: &str, cols: [&str; 2]| -> f64 {
        runs_of(&runs, who)
            .iter()
            .map(|(side, m)| num(m, cols[*side]))
            .sum()
    };
    assert!(sum("reader", ["asks_a", "asks_b"]) > 0.0);
    assert!(sum("bluffer", ["bluffs_a", "bluffs_b"]) > 0.0);
    assert!(sum("reader", ["surplus_a", "surplus_b"]) > 0.0);
}

/// `sweep` (over k), `evolve` and `trace` take an agent in a double
/// auction. The truthful agent and `open` both bid their values: at k = 1
/// the price is the buyer's bid (the buyer gains nothing), at k = 0 the
/// seller's ask (the seller gains nothing).
#[test]
fn sweep_evolve_and_trace_take_an_agent_in_a_double_auction() {
    let dir = tmp();
    let tables = agent_table("truthful", &example("truthful"), &[], None);
    let swept = tables.clone() + "\n[sweep]\n\"protocol.k\" = [0.0, 1.0]\n";
    let rules = auction(0.5, 0, 0.0);
    let names = ["open", "truthful"];
    let cfg = write_config(dir.path(), "sweep", &names, 20, Some(&rules), &swept);
    let out_dir = dir.path().join("sweep");
    let out = negsim(
        dir.path(),
        &["sweep", s(&cfg), "--out", s(&out_dir), "--no-charts", "-q"],
    );
    assert_ok(&out, "sweep of k with an agent");
    let (h, rows) = read_csv(&out_dir.join("sweep.csv"));
    let c = |name: &str| col(&h, name, "sweep.csv");
    let mut cells = 0;
    for r in rows.iter().filter(|r| r[c("strategy_a")] == "truthful") {
        let (a, b): (f64, f64) = (
            r[c("surplus_a_mean")].parse().unwrap(),
            r[c("surplus_b_mean")].parse().unwrap(),
        );
        match r[c("protocol_k")].as_str() {
            "1" => assert!(a == 0.0 && b > 0.0, "k = 1: {a} {b}"),
            "0" => assert!(b == 0.0 && a > 0.0, "k = 0: {a} {b}"),
            k => panic!("k = {k}"),
        }
        cells += 1;
    }
    assert_eq!(cells, 4, "truthful as A against open and itself, 2 cells");

    let cfg = write_config(dir.path(), "run", &names, 10, Some(&rules), &tables);
    let run_dir = dir.path().join("run");
    let out = negsim(
        dir.path(),
        &["run", s(&cfg), "--out", s(&run_dir), "--no-charts", "-q"],
    );
    assert_ok(&out, "run");
    let out = negsim(dir.path(), &["evolve", s(&run_dir), "-q"]);
    assert_ok(&out, "evolve on an auction run with an agent");
    assert!(run_dir.join("evolution.csv").is_file());

    let out = negsim(
        dir.path(),
        &["trace", "--a", "truthful", "--b", "open", s(&cfg)],
    );
    assert_ok(&out, "trace of an agent in a double auction");
    assert!(
        out.stdout.contains("Sealed bids") && out.stdout.contains("A (truthful) bids"),
        "{}",
        out.stdout
    );
}
