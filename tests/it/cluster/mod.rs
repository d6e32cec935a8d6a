//! Beyond one machine: `negsim run --shard I/N`, `negsim sweep --shard I/N`
//! and `negsim merge` give the results folder of an unsharded run byte for
//! byte, for any N ([`merge`]); a missing, foreign, duplicated or killed
//! shard is refused with a message that says what to rerun, and `--resume`
//! never redoes a finished shard ([`faults`]); and the whole path on a real
//! one-node Slurm cluster: `negsim slurm --submit` submits a job array and
//! a dependent merge with sbatch ([`slurm`]).

mod faults;
mod integrity;
mod merge;
mod slurm;

use crate::helpers::*;
use std::collections::BTreeMap;
use std::path::Path;

/// The manifest fields that measure the machine, not the results, the
/// time the folder was written and the command that wrote it: they differ
/// between a merged folder and one machine's (README, "Running on a
/// cluster").
pub const TIMING: [&str; 6] = [
    "threads",
    "elapsed_seconds",
    "negotiations_per_second",
    "peak_memory_bytes",
    "written_at",
    "command",
];

/// `manifest.json` with the timing fields' values blanked, as text.
fn without_timing(text: &str) -> String {
    text.lines()
        .map(|l| {
            let key = l.trim_start().trim_start_matches('"');
            if TIMING.iter().any(|t| key.starts_with(&format!("{t}\""))) {
                let comma = if l.ends_with(',') { "," } else { "" };
                format!(
                    "{}\"<timing>\"{comma}",
                    &l[..l.find(':').expect("a key") + 2]
                )
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every file of two results folders is byte-identical, manifest.json but
/// for its timing fields (whose keys must be there in both).
pub fn assert_same_results(one: &Path, merged: &Path, what: &str) {
    let a: BTreeMap<String, Vec<u8>> = snapshot(one);
    let b = snapshot(merged);
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}: the folders hold different files"
    );
    assert!(a.len() >= 8, "{what}: only {:?}", a.keys());
    for (name, bytes) in &a {
        if name == "manifest.json" {
            let (x, y) = (
                String::from_utf8(bytes.clone()).expect("UTF-8"),
                String::from_utf8(b[name].clone()).expect("UTF-8"),
            );
            for t in TIMING {
                assert!(x.contains(&format!("\"{t}\": ")), "{what}: no {t}");
            }
            assert_eq!(
                without_timing(&x),
                without_timing(&y),
                "{what}: manifest.json"
            );
        } else {
            assert!(
                *bytes == b[name],
                "{what}: {name} differs ({} and {} bytes)",
                bytes.len(),
                b[name].len()
            );
        }
    }
}

#[test]
fn without_timing_blanks_exactly_the_timing_fields() {
    let text = "{\n  \"threads\": 2,\n  \"seed\": 42,\n  \"elapsed_seconds\": 0.5,\n  \"negotiations_per_second\": 9.0,\n  \"peak_memory_bytes\": 9494528,\n  \"runs_per_pairing\": 3\n}";
    assert_eq!(
        without_timing(text),
        "{\n  \"threads\": \"<timing>\",\n  \"seed\": 42,\n  \"elapsed_seconds\": \"<timing>\",\n  \"negotiations_per_second\": \"<timing>\",\n  \"peak_memory_bytes\": \"<timing>\",\n  \"runs_per_pairing\": 3\n}"
    );
}
