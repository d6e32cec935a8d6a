//! Fuzz the config path in process: `cargo run --release --example
//! fuzz_config -- [CONFIGS] [SEED]` (default 1,000,000 configs, seed 1).
//! Mutates the configs of `configs/` with a dictionary of extreme values,
//! runs each through parse, validation, the sweep grid, `negsim check`'s
//! resolved config (which must read back as the same experiment) and a
//! short run of what validates. Prints the tally every 10,000 configs and
//! the findings; exits 1 on any panic or round-trip failure. An abort (out
//! of memory, stack overflow) would end the process before the final tally:
//! rerun with `NEGSIM_FUZZ_ONE_BY_ONE=1`, which prints each case's index
//! before running it, to find the case (`negsim::run::fuzz::case`).

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let n: u64 = args.next().map_or(1_000_000, |a| {
        a.replace('_', "").parse().expect("CONFIGS: a number")
    });
    let seed: u64 = args
        .next()
        .map_or(1, |a| a.parse().expect("SEED: a number"));
    let seeds = seeds();
    if std::env::var_os("NEGSIM_FUZZ_ONE_BY_ONE").is_some() {
        // To find the case that aborts: one at a time, each index printed
        // before it runs.
        // On a thread with the stack of a rayon worker (2 MiB).
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                for i in 0..n {
                    eprintln!("case {i}");
                    let _ = negsim::run::fuzz::exercise(&negsim::run::fuzz::case(&seeds, seed, i));
                }
            })
            .expect("a thread")
            .join()
            .expect("the fuzz thread");
        return ExitCode::SUCCESS;
    }
    println!(
        "fuzzing {n} configs mutated from {} seed configs (seed {seed})",
        seeds.len()
    );
    let report = negsim::run::fuzz::fuzz(&seeds, seed, n, &|r| {
        if r.tried % 100_000 == 0 || r.tried == n {
            println!(
                "{:>9} tried: {} unparsed, {} refused, {} ran, {} panics, {} round-trip failures ({:.0} s)",
                r.tried,
                r.unparsed,
                r.refused,
                r.ran,
                r.panics,
                r.round_trips,
                r.elapsed.as_secs_f64()
            );
        }
    });
    for f in &report.findings {
        println!("\n--- case {}: {}\n{}", f.case, f.message, f.input);
    }
    println!(
        "\n{} configs in {:.0} s: {} panics, {} round-trip failures, 0 aborts; slowest case {} took {:.3} s",
        report.tried,
        report.elapsed.as_secs_f64(),
        report.panics,
        report.round_trips,
        report.slowest.1,
        report.slowest.0.as_secs_f64()
    );
    if report.panics + report.round_trips > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The configs of `configs/` and the embedded default.
fn seeds() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("configs");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("configs/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let mut seeds: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("a config"))
        .collect();
    seeds.push(negsim::config::DEFAULT_CONFIG.to_string());
    seeds
}
