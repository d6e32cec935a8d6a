//! The config path under 50,000 mutated configs (issue 10): in process,
//! parse, validation, the sweep grid, `negsim check`'s resolved config and
//! a short run of what validates. No case may panic, the resolved config of
//! every valid case must read back as the same experiment, and the process
//! must not abort (a stack overflow or out-of-memory would end this test
//! binary). The long run (1,000,000 configs) is `cargo run --release
//! --example fuzz_config`, its figure in the README.

use crate::helpers::all_configs;
use negsim::run::fuzz;
use std::fs;

fn seeds() -> Vec<String> {
    let mut v: Vec<String> = all_configs()
        .iter()
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    v.push(negsim::config::DEFAULT_CONFIG.to_string());
    v
}

#[test]
fn fifty_thousand_mutated_configs_neither_panic_nor_abort() {
    let seeds = seeds();
    let r = fuzz::fuzz(&seeds, 2026, 50_000, &|_| {});
    let shown: Vec<String> = r
        .findings
        .iter()
        .take(3)
        .map(|f| format!("case {}: {}\n{}", f.case, f.message, f.input))
        .collect();
    assert_eq!(r.tried, 50_000);
    assert_eq!(
        (r.panics, r.round_trips),
        (0, 0),
        "findings:\n{}",
        shown.join("\n\n")
    );
    assert_eq!(r.unparsed + r.refused + r.ran, 50_000);
    // The mutations must reach every stage: a fuzzer whose configs never
    // parse, or never validate, tests nothing.
    for (what, n) in [
        ("refused", r.refused),
        ("ran", r.ran),
        ("unparsed", r.unparsed),
    ] {
        assert!(n >= 2_500, "only {n} of 50,000 configs {what}: {r:?}");
    }
}

/// The dictionary makes the configs random bytes missed: the sweep grid
/// of 2^63 - 1 steps that panicked (issue 10, point 6), ranges of +-1e308,
/// NaN, unicode names. Each appears in the first 50,000 cases.
#[test]
fn the_mutations_reach_the_extremes_that_broke_negsim() {
    let seeds = seeds();
    let mut seen = [0u32; 4];
    let needles = ["steps = 9223372036854775807", "-1e308", "nan", "ünïcødé"];
    for i in 0..50_000 {
        let text = fuzz::case(&seeds, 2026, i);
        for (n, needle) in seen.iter_mut().zip(needles) {
            if text.contains(needle) && (needle != needles[0] || text.contains("[sweep]")) {
                *n += 1;
            }
        }
    }
    for (n, needle) in seen.iter().zip(needles) {
        assert!(*n >= 20, "{needle:?} in only {n} of 50,000 cases");
    }
    // Cases depend only on (seed, index).
    assert_eq!(fuzz::case(&seeds, 2026, 777), fuzz::case(&seeds, 2026, 777));
    assert_ne!(fuzz::case(&seeds, 2026, 777), fuzz::case(&seeds, 2027, 777));
}

/// Issue 19, point 5: a Dirichlet weight of 1e155 or more (`weights_a =
/// [1e200, 1.0, 1.0]`) passed validation and panicked in the prior ("prior
/// has mass"). The fuzzer reached it once it mutated values inside arrays:
/// with seed 2026, cases 2962 (`weights_b = [1.0, 1.0, 1e308]`), 8641
/// (`weights_a = [1.0, 1.0, 1e200]`) and 12657 panicked, 6 of the first
/// 50,000. Now each is refused by validation, naming the field.
#[test]
fn the_fuzzer_mutates_array_elements_and_finds_the_dirichlet_panic() {
    let seeds = seeds();
    let cases = [
        (2962, "weights_b = [1.0, 1.0, 1e308]"),
        (8641, "weights_a = [1.0, 1.0, 1e200]"),
        (12657, "weights_b = [1.7976931348623157e308, 1.0, 1.0]"),
    ];
    for (i, line) in cases {
        let text = fuzz::case(&seeds, 2026, i);
        assert!(text.lines().any(|l| l == line), "case {i}:\n{text}");
        let (verdict, message) = fuzz::exercise(&text);
        assert_eq!(verdict, fuzz::Verdict::Refused, "case {i}: {message:?}");
    }
    // The error names the file, the field, the value and the range.
    let text = fuzz::case(&seeds, 2026, 8641);
    let cfg = negsim::config::parse(&text, "w.toml").unwrap();
    let e = cfg.validate("w.toml").unwrap_err().to_string();
    for part in ["w.toml", "scenario.weights_a", "1e200", "1e-3", "1e6"] {
        assert!(e.contains(part), "{part:?} not in {e:?}");
    }
}
