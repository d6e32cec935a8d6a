//! One memory estimate, checked before anything is allocated (issue 19,
//! point 7): 64 strategies x 2,000 sweep cells passed `check` and needed
//! about 50 GB. Now `check`, `sweep` and `run` refuse what is over the
//! limit (8 GiB, or `NEGSIM_MEMORY_LIMIT`) with exit 2, the estimate and
//! the limit, and write nothing.

use crate::helpers::{
    LIMIT, assert_ok, assert_one_user_error, entries, negsim_command, run, s, tmp,
};
use std::path::Path;

/// A config of `k` strategies (presets under new names) and a sweep of
/// `cells` cells (none for 1).
fn config(dir: &Path, k: usize, cells: usize, runs: u64) -> std::path::PathBuf {
    let bases = ["open", "guarded", "mirroring", "probing"];
    let names: Vec<String> = (0..k).map(|i| format!("\"s{i}\"")).collect();
    let mut t = format!(
        "name = \"mem\"\nruns = {runs}\nstrategies = [{}]\n\n[scenario]\nkind = \"price\"\n\
         buyer_value = {{ dist = \"uniform\", low = 40000, high = 60000 }}\n\
         seller_cost = {{ dist = \"uniform\", low = 40000, high = 60000 }}\n",
        names.join(", ")
    );
    for i in 0..k {
        t += &format!(
            "\n[[strategy]]\nname = \"s{i}\"\nbase = \"{}\"\n",
            bases[i % 4]
        );
    }
    if cells > 1 {
        t += &format!(
            "\n[sweep]\n\"exchange.leak_probability\" = {{ from = 0, to = 1, steps = {} }}\n\
             \"exchange.leak_sigma\" = {{ from = 1, to = 3, steps = 2 }}\n",
            cells / 2
        );
    }
    let path = dir.join(format!("k{k}-c{cells}.toml"));
    std::fs::write(&path, t).unwrap();
    path
}

fn negsim_env(cwd: &Path, args: &[&str], limit: Option<&str>) -> crate::helpers::Out {
    let mut c = negsim_command(cwd, args);
    c.env_remove("NEGSIM_MEMORY_LIMIT");
    if let Some(l) = limit {
        c.env("NEGSIM_MEMORY_LIMIT", l);
    }
    run(c, LIMIT)
}

#[test]
fn sixty_four_strategies_by_two_thousand_cells_are_refused_before_running() {
    let t = tmp();
    let cfg = config(t.path(), 64, 2000, 10);
    let want = [
        s(&cfg),
        "estimated memory = 55.3 GiB",
        "64 strategies (4096 pairings)",
        "1999 more sweep cells",
        "over the limit of 8.0 GiB",
        "NEGSIM_MEMORY_LIMIT",
    ];
    let before = entries(t.path());
    for cmd in ["check", "sweep"] {
        let o = negsim_env(t.path(), &[cmd, s(&cfg)], None);
        assert_one_user_error(&o, &want, &format!("negsim {cmd} of 64 x 2000"));
        assert_eq!(entries(t.path()), before, "negsim {cmd} wrote something");
    }
    // The limit can be raised on a machine with the memory (check only:
    // nothing runs).
    let o = negsim_env(t.path(), &["check", s(&cfg)], Some("64GiB"));
    assert_ok(&o, "check with NEGSIM_MEMORY_LIMIT=64GiB");
    let o = negsim_env(t.path(), &["check", s(&cfg)], Some("lots"));
    assert_one_user_error(&o, &["NEGSIM_MEMORY_LIMIT=lots", "64GiB"], "a bad limit");
}

/// `run` checks the same estimate before it writes: 64 strategies and 32
/// runs per pairing (32 chunks in flight) need about 1.6 GiB.
#[test]
fn run_checks_the_estimate_before_it_writes() {
    let t = tmp();
    let cfg = config(t.path(), 64, 1, 32);
    let before = entries(t.path());
    let o = negsim_env(t.path(), &["run", s(&cfg)], Some("1GiB"));
    assert_one_user_error(
        &o,
        &[
            s(&cfg),
            "estimated memory = 1.6 GiB",
            "32 chunks of runs in flight",
            "1.0 GiB",
        ],
        "run of 64 strategies under a 1 GiB limit",
    );
    assert_eq!(entries(t.path()), before, "negsim run wrote something");
    // A small tournament is far below the default limit.
    let small = config(t.path(), 4, 1, 10);
    let o = negsim_env(t.path(), &["check", s(&small)], None);
    assert_ok(&o, "check of 4 strategies");
}
