//! Issue 19, items 3 and 8: a shard's `state.bin` carries a checksum over
//! every chunk and a bound on every length, so that a corrupted shard is
//! named and refused, never merged into wrong numbers; two copies of one
//! shard cannot run at once; `--force` replays a complete shard.

use crate::helpers::*;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

/// A one-shard split of a small default tournament in `d/s`, and its merge
/// in `d/m0` (the reference).
fn one_shard(d: &Path) {
    let out = negsim(
        d,
        &[
            "run",
            "--runs",
            "250",
            "--no-charts",
            "-q",
            "--shard",
            "1/1",
            "--out",
            "s",
        ],
    );
    assert_ok(&out, "shard 1/1");
    assert_ok(&negsim(d, &["merge", "s", "--out", "m0", "-q"]), "merge");
}

/// A small generator with a fixed seed (SplitMix64): the same flips on
/// every run of the test.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Merge `d/s` with `state` as its state.bin: must be refused (exit 2, the
/// state file named, nothing written), quickly.
fn refused(d: &Path, state: &[u8], what: &str) -> Vec<String> {
    let path = d.join("s/shard-1-of-1/state.bin");
    fs::write(&path, state).unwrap();
    let start = Instant::now();
    let out = negsim(d, &["merge", "s", "--out", "m", "-q"]);
    let mut p: Vec<String> = one_user_error_problems(&out, &["state.bin"])
        .into_iter()
        .map(|e| format!("{what}: {e}: {}", truncate(&out.stderr)))
        .collect();
    if d.join("m").exists() {
        p.push(format!("{what}: the merge wrote m/"));
        fs::remove_dir_all(d.join("m")).unwrap();
    }
    if start.elapsed() > Duration::from_secs(10) {
        p.push(format!("{what}: took {:?}", start.elapsed()));
    }
    p
}

/// Item 3: 300 random one-byte flips (fixed seed) and every byte of the
/// file's first 64: none merges (before the checksum, 89 of 300 merged
/// with exit 0 and wrong numbers). Flipping a length byte does not make
/// the merge allocate gigabytes: it is refused at once.
#[test]
fn every_flipped_byte_of_a_shard_state_is_refused() {
    let dir = tmp();
    let d = dir.path();
    one_shard(d);
    let state = d.join("s/shard-1-of-1/state.bin");
    let good = fs::read(&state).unwrap();
    assert!(good.len() > 10_000, "state.bin of {} bytes", good.len());
    let mut rng = Mix(19);
    let mut flips: Vec<(usize, u8)> = (0..64).map(|i| (i, 0x10)).collect();
    flips.extend((0..300).map(|_| {
        let at = (rng.next() % good.len() as u64) as usize;
        let mask = 1 + (rng.next() % 255) as u8;
        (at, mask)
    }));
    let mut problems = Vec::new();
    for (at, mask) in flips {
        let mut bad = good.clone();
        bad[at] ^= mask;
        problems.extend(refused(d, &bad, &format!("byte {at} ^ {mask:#04x}")));
    }
    // A length made huge (the byte 3 of the first chunk length,
    // and the top byte).
    for at in [3usize, 7, 11, 15] {
        let mut bad = good.clone();
        bad[at] = 0xff;
        problems.extend(refused(d, &bad, &format!("byte {at} = 0xff")));
    }
    // Truncated, and a byte appended.
    problems.extend(refused(d, &good[..good.len() - 1], "truncated"));
    let mut longer = good.clone();
    longer.push(0);
    problems.extend(refused(d, &longer, "one byte longer"));
    assert_no_problems(&problems, "corrupted shard states");
    // The intact state still merges, into the reference's numbers.
    fs::write(&state, &good).unwrap();
    assert_ok(&negsim(d, &["merge", "s", "--out", "m", "-q"]), "merge");
    assert_eq!(
        fs::read(d.join("m/summary.csv")).unwrap(),
        fs::read(d.join("m0/summary.csv")).unwrap()
    );
}

/// Shard 1 of 2 of the default tournament, 500 runs, into `s`.
const SHARD_1: [&str; 9] = [
    "run",
    "--runs",
    "500",
    "--no-charts",
    "-q",
    "--shard",
    "1/2",
    "--out",
    "s",
];

/// Item 8: `--force` replays a complete shard (the message that refuses a
/// rerun suggests it), in place: no `shard-1-of-2-2` beside it.
#[test]
fn force_replays_a_complete_shard() {
    let dir = tmp();
    let d = dir.path();
    let args = SHARD_1;
    assert_ok(&negsim(d, &args), "shard 1/2");
    fs::write(d.join("s/shard-1-of-2/notes.txt"), "mine").unwrap();
    let out = negsim(d, &args);
    assert_one_user_error(&out, &["--resume", "--force"], "rerun without --force");
    let mut forced = args.to_vec();
    forced.push("--force");
    assert_ok(&negsim(d, &forced), "shard 1/2 --force");
    assert_eq!(entries(&d.join("s")), ["shard-1-of-2"]);
    assert_eq!(
        fs::read_to_string(d.join("s/shard-1-of-2/notes.txt")).unwrap(),
        "mine",
        "--force dropped a file of the user's"
    );
    let mut second = args.to_vec();
    second[6] = "2/2";
    assert_ok(&negsim(d, &second), "shard 2/2");
    assert_ok(&negsim(d, &["merge", "s", "--out", "m", "-q"]), "merge");
}

/// Item 8: a second copy of a shard that is being played is refused (exit
/// 2, saying so) instead of writing `shard-1-of-2-2`, which the merge then
/// refused as "given twice". The running copy is stood for by the test
/// holding the shard's lock, as a running `negsim run --shard` holds it.
#[test]
fn a_second_copy_of_a_running_shard_is_refused() {
    let dir = tmp();
    let d = dir.path();
    fs::create_dir(d.join("s")).unwrap();
    let lock = fs::File::create(d.join("s/.shard-1-of-2.lock")).unwrap();
    lock.lock().unwrap();
    let args = SHARD_1;
    let out = negsim(d, &args);
    assert_one_user_error(
        &out,
        &["shard-1-of-2", "another process"],
        "a second copy of shard 1/2",
    );
    assert_eq!(entries(&d.join("s")), [".shard-1-of-2.lock"]);
    drop(lock);
    assert_ok(&negsim(d, &args), "shard 1/2 once the other copy ended");
    assert_eq!(entries(&d.join("s")), ["shard-1-of-2"]);
}

/// Item 3: the shard format is versioned; a shard of the format before the
/// checksum (2) is refused, saying which format wrote it and to rerun it.
#[test]
fn a_shard_of_an_older_format_is_refused() {
    let dir = tmp();
    let d = dir.path();
    one_shard(d);
    let header = d.join("s/shard-1-of-1/shard.json");
    let text = fs::read_to_string(&header).unwrap();
    assert!(text.contains("\"negsim_shard\": 3"), "{text}");
    fs::write(
        &header,
        text.replace("\"negsim_shard\": 3", "\"negsim_shard\": 2"),
    )
    .unwrap();
    let out = negsim(d, &["merge", "s", "--out", "m"]);
    assert_one_user_error(
        &out,
        &[
            "shard.json",
            "shard format 2",
            "format 3",
            "rerun the shard",
        ],
        "a format-2 shard",
    );
    assert!(!d.join("m").exists());
}

/// A shard played by another build of negsim is refused by name: every
/// build is negsim 0.1.0, so the version check alone let shards of
/// different models merge into one folder, whose manifest then named the
/// merging build's revision.
#[test]
fn a_shard_of_another_build_is_refused() {
    let dir = tmp();
    let d = dir.path();
    one_shard(d);
    let header = d.join("s/shard-1-of-1/shard.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&header).unwrap()).unwrap();
    let other = "0123456789abcdef0123456789abcdef01234567";
    json["source_revision"] = serde_json::Value::String(other.into());
    fs::write(&header, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let out = negsim(d, &["merge", "s", "--out", "m"]);
    assert_one_user_error(
        &out,
        &["shard.json", other, "rerun the shard"],
        "a shard of another build",
    );
    assert!(!d.join("m").exists());
}
