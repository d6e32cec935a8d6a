//! The example agents as strategies of a tournament (`run`), and in
//! `trace`.

use super::*;

/// The bluffer's claims are counted as bluffs, the truthful agent's never.
#[test]
fn run_counts_the_bluffers_lies_and_none_of_the_truthful_agents() {
    let dir = tmp();
    let tables = agent_table("truthful", &example("truthful"), &[], None)
        + &agent_table("bluffer", &example("bluffer"), &[], None);
    let cfg = write_config(
        dir.path(),
        "agents",
        &["open", "probing", "truthful", "bluffer"],
        20,
        None,
        &tables,
    );
    let out_dir = dir.path().join("out");
    let out = negsim(dir.path(), &per_run_args(&cfg, &out_dir));
    assert_ok(&out, "run with the example agents");
    let runs = out_dir.join("runs.csv");
    let bluffs = |who: &str| -> u64 {
        runs_of(&runs, who)
            .iter()
            .map(|(side, m)| m[["bluffs_a", "bluffs_b"][*side]].parse::<u64>().unwrap())
            .sum()
    };
    let confided = |who: &str| -> u64 {
        runs_of(&runs, who)
            .iter()
            .map(|(side, m)| {
                m[["confidences_a", "confidences_b"][*side]]
                    .parse::<u64>()
                    .unwrap()
            })
            .sum()
    };
    assert!(bluffs("bluffer") > 0, "the bluffer's lies were not counted");
    assert_eq!(
        bluffs("truthful"),
        0,
        "the truthful agent was counted lying"
    );
    assert!(
        confided("truthful") > 0,
        "the truthful agent never confided"
    );
    // Every pairing of the agents played its runs, and none forfeited.
    assert_eq!(column(&runs, "run").len(), 16 * 20);
    assert_eq!(column(&out_dir.join("forfeits.csv"), "agent").len(), 0);
    let manifest = read_manifest(&out_dir);
    assert!(
        manifest["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "forfeits.csv"),
        "forfeits.csv is not recorded in the manifest: {manifest}"
    );
}

/// A deterministic agent gives byte-identical results on 1 and 2 threads.
#[test]
fn agent_results_are_byte_identical_across_thread_counts() {
    let dir = tmp();
    let tables = agent_table("reader", &example("reader"), &[], None)
        + &agent_table("bluffer", &example("bluffer"), &[], None);
    let cfg = write_config(
        dir.path(),
        "threads",
        &["guarded", "reader", "bluffer"],
        30,
        None,
        &tables,
    );
    let mut folders = Vec::new();
    for threads in ["1", "2"] {
        let out_dir = dir.path().join(format!("t{threads}"));
        let out = negsim(
            dir.path(),
            &[
                "run",
                s(&cfg),
                "--out",
                s(&out_dir),
                "--threads",
                threads,
                "--per-run",
                "--no-charts",
                "-q",
            ],
        );
        assert_ok(&out, "run with agents");
        folders.push(out_dir);
    }
    for f in [
        "runs.csv",
        "summary.csv",
        "matrix.csv",
        "ranking.csv",
        "forfeits.csv",
    ] {
        let a = std::fs::read(folders[0].join(f)).unwrap();
        let b = std::fs::read(folders[1].join(f)).unwrap();
        assert!(a == b, "{f} differs between 1 and 2 threads");
    }
}

/// `trace` plays one negotiation of an agent and shows its claims.
#[test]
fn trace_shows_an_agent_negotiation() {
    let dir = tmp();
    let tables = agent_table("bluffer", &example("bluffer"), &[], None);
    let cfg = write_config(dir.path(), "trace", &["open", "bluffer"], 5, None, &tables);
    let out = negsim(
        dir.path(),
        &["trace", "--a", "bluffer", "--b", "open", s(&cfg)],
    );
    assert_ok(&out, "trace of an agent");
    assert!(
        out.stdout.contains("A (bluffer), in confidence")
            && out.stdout.contains("[bluff: true value"),
        "the transcript does not show the bluffer bluffing:\n{}",
        out.stdout
    );
}

/// An agent is one more strategy of a sweep (every cell plays it), and
/// `evolve` reads a run with an agent like any other.
#[test]
fn sweep_and_evolve_take_an_agent() {
    let dir = tmp();
    let tables = agent_table("bluffer", &example("bluffer"), &[], None)
        + "\n[sweep]\n\"exchange.rounds\" = [0, 2]\n";
    let cfg = write_config(dir.path(), "sweep", &["open", "bluffer"], 10, None, &tables);
    let out_dir = dir.path().join("sweep");
    let out = negsim(
        dir.path(),
        &["sweep", s(&cfg), "--out", s(&out_dir), "--no-charts", "-q"],
    );
    assert_ok(&out, "sweep with an agent");
    let ranking = out_dir.join("sweep_ranking.csv");
    let cells: Vec<(String, String)> = column(&ranking, "exchange_rounds")
        .into_iter()
        .zip(column(&ranking, "strategy"))
        .filter(|(_, s)| s == "bluffer")
        .collect();
    assert_eq!(cells.len(), 2, "{cells:?}");
    // With no talk it cannot lie; with two rounds it does.
    let bluffs = |rounds: &str| -> f64 {
        let (h, rows) = read_csv(&out_dir.join("sweep.csv"));
        let (r, a, b) = (
            col(&h, "exchange_rounds", "sweep.csv"),
            col(&h, "strategy_a", "sweep.csv"),
            col(&h, "bluffs_a_mean", "sweep.csv"),
        );
        rows.iter()
            .filter(|x| x[r] == rounds && x[a] == "bluffer")
            .map(|x| x[b].parse::<f64>().unwrap())
            .sum()
    };
    assert_eq!(bluffs("0"), 0.0);
    assert!(bluffs("2") > 0.0);

    let cfg = write_config(dir.path(), "evolve", &["open", "bluffer"], 10, None, &{
        agent_table("bluffer", &example("bluffer"), &[], None)
    });
    let run_dir = dir.path().join("run");
    assert_ok(
        &negsim(
            dir.path(),
            &["run", s(&cfg), "--out", s(&run_dir), "--no-charts", "-q"],
        ),
        "run",
    );
    let out = negsim(dir.path(), &["evolve", s(&run_dir), "-q"]);
    assert_ok(&out, "evolve on a run with an agent");
    assert!(run_dir.join("evolution.csv").is_file());
}
