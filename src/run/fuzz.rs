//! A fuzzer for the config path, in process: mutated configs go through
//! parse, validation, the sweep grid, the resolved view of `negsim check`
//! (which must read back as the same experiment) and, when they validate, a
//! short run. Every case is caught if it panics; a case that aborts the
//! process (out of memory, stack overflow) stops the fuzzer itself, so a
//! finished fuzz run means zero aborts.
//!
//! Case `i` depends only on `(seed, i)` and the seed configs, so any finding
//! is reproduced by its index ([`case`]). Mutations work on TOML lines and
//! values with a dictionary of extreme values (huge integers, `1e308`,
//! `nan`, empty and unicode strings, huge sweep grids), since random byte
//! changes alone rarely make a config that parses; a value is replaced
//! whole or, inside an array or inline table, one element at a time
//! (`weights_a = [1e308, 1.0, 1.0]`).

mod elements;

use crate::config::{self, Config};
use crate::run::{sweep, tournament};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Values a mutation puts where a value was: the extremes that broke or
/// might break parsing, validation or the model.
pub const DICTIONARY: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "2",
    "3",
    "0.5",
    "1.5",
    "255",
    "65536",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551615",
    "1e10",
    "1e12",
    "1e15",
    "1e200",
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "1e-300",
    "5e-324",
    "-5e-324",
    "nan",
    "-nan",
    "inf",
    "-inf",
    "true",
    "false",
    "\"\"",
    "\" \"",
    "\"open\"",
    "\"guarded\"",
    "\"mirroring\"",
    "\"probing\"",
    "\"strategy\"",
    "\"a,b\"",
    "\"\\u0000\"",
    "\"😀 ünïcødé ⅷ\"",
    "\"\u{202e}evil\"",
    "\"uniform\"",
    "\"normal\"",
    "\"beta\"",
    "\"triangular\"",
    "\"truncated_normal\"",
    "\"price\"",
    "\"multi_issue\"",
    "\"double_auction\"",
    "\"alternating_offers\"",
    "[]",
    "[[]]",
    "[1, 2, 3]",
    "[0, 1e308]",
    "[\"open\", \"open\"]",
    "[\"open\", \"guarded\", \"mirroring\", \"probing\", \"open\"]",
    "{}",
    "{ from = 0, to = 1, steps = 3 }",
    "{ from = 0, to = 1e10, steps = 9223372036854775807 }",
    "{ from = 0, to = 1, steps = 1000 }",
    "{ from = -1e308, to = 1e308, steps = 5 }",
    "{ from = nan, to = 1, steps = 2 }",
    "{ dist = \"uniform\", low = -1e308, high = 1e308 }",
    "{ dist = \"uniform\", low = 0, high = 1e-300 }",
    "{ dist = \"normal\", mean = 0, sd = 1e-300 }",
    "{ dist = \"normal\", mean = 1e12, sd = 1e12 }",
    "{ dist = \"beta\", alpha = 1e-300, beta = 1e300 }",
    "{ dist = \"triangular\", low = 0, high = 1, mode = 2 }",
    "{ dist = \"truncated_normal\", mean = 0, sd = 1, low = 50, high = 60 }",
    "1979-05-27T07:32:00Z",
    "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"",
];

/// Lines a mutation inserts: table headers and keys the seeds may lack.
const LINES: &[&str] = &[
    "[sweep]",
    "[[strategy]]",
    "[match]",
    "[exchange]",
    "[protocol]",
    "[scenario]",
    "name = \"x\"",
    "base = \"probing\"",
    "base = \"x\"",
    "\"exchange.rounds\" = [0, 1, 2]",
    "\"protocol.deadline\" = { from = 1, to = 100000, steps = 1000 }",
    "\"strategy.probing.bluff\" = [0, 0.5, 1e308]",
    "\"match.runs\" = [1, 100000]",
    "\"scenario.buyer_value.high\" = [1e308]",
    "runs = 100000",
    "every = 1",
    "rounds = 1000000",
    "deadline = 4294967295",
    "issues = 1000000",
    "runs = 9223372036854775807",
    "bluff = 1e308",
    "trust = nan",
];

/// What one case did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Not valid TOML or not a config.
    Unparsed,
    /// Refused by validation (or the sweep grid) with an error.
    Refused,
    /// Validated and ran.
    Ran,
    /// Panicked: a bug.
    Panicked,
    /// Validated, but `negsim check`'s resolved config did not read back as
    /// the same experiment: a bug.
    RoundTrip,
}

/// A finding: the case, its input and what went wrong.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Case index (reproduce with [`case`]).
    pub case: u64,
    /// The mutated config.
    pub input: String,
    /// The panic message or the round-trip difference.
    pub message: String,
}

/// The tally of a fuzz run.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Configs tried.
    pub tried: u64,
    /// That did not parse.
    pub unparsed: u64,
    /// That parsed and were refused with an error.
    pub refused: u64,
    /// That validated and ran.
    pub ran: u64,
    /// Panics (each one a bug).
    pub panics: u64,
    /// Round-trip failures of the resolved config (each one a bug).
    pub round_trips: u64,
    /// The first findings (at most 20).
    pub findings: Vec<Finding>,
    /// The slowest case: its time and index.
    pub slowest: (Duration, u64),
    /// Wall time.
    pub elapsed: Duration,
}

impl Report {
    fn add(&mut self, i: u64, verdict: Verdict, took: Duration, finding: Option<Finding>) {
        self.tried += 1;
        match verdict {
            Verdict::Unparsed => self.unparsed += 1,
            Verdict::Refused => self.refused += 1,
            Verdict::Ran => self.ran += 1,
            Verdict::Panicked => self.panics += 1,
            Verdict::RoundTrip => self.round_trips += 1,
        }
        if let Some(f) = finding
            && self.findings.len() < 20
        {
            self.findings.push(f);
        }
        if took > self.slowest.0 {
            self.slowest = (took, i);
        }
    }
}

thread_local! {
    /// The message of the last panic of a fuzz case on this thread.
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Whether this thread is running a fuzz case (its panics are caught
    /// and recorded, not printed).
    static FUZZING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The mutated config of case `i` of a fuzz run with `seed` over `seeds`.
pub fn case(seeds: &[String], seed: u64, i: u64) -> String {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let mut lines: Vec<String> = seeds[rng.random_range(0..seeds.len())]
        .lines()
        .map(str::to_string)
        .collect();
    let n = [1, 1, 1, 2, 3][rng.random_range(0..5usize)];
    for _ in 0..n {
        mutate(&mut lines, seeds, &mut rng);
    }
    lines.join("\n")
}

/// One mutation of a config's lines.
fn mutate(lines: &mut Vec<String>, seeds: &[String], rng: &mut Xoshiro256PlusPlus) {
    if lines.is_empty() {
        lines.push(LINES[rng.random_range(0..LINES.len())].to_string());
        return;
    }
    let at = rng.random_range(0..lines.len());
    let pick = |rng: &mut Xoshiro256PlusPlus| DICTIONARY[rng.random_range(0..DICTIONARY.len())];
    match rng.random_range(0..11u32) {
        // Replace the value of a `key = value` line (or one value inside
        // an inline table or array).
        0..=3 => {
            let assignments: Vec<usize> = (0..lines.len())
                .filter(|&j| {
                    let t = lines[j].split('#').next().unwrap_or("").trim_start();
                    !t.starts_with('[') && t.contains('=')
                })
                .collect();
            if assignments.is_empty() {
                return;
            }
            let j = assignments[rng.random_range(0..assignments.len())];
            let line = lines[j].split('#').next().unwrap_or("").to_string();
            let eqs: Vec<usize> = line.match_indices('=').map(|(k, _)| k).collect();
            let k = eqs[rng.random_range(0..eqs.len())];
            let (head, tail) = line.split_at(k + 1);
            let value = pick(rng);
            // Inside an inline table: replace up to the next ',' or '}'.
            let end = if k == eqs[0] && !rng.random_bool(0.3) {
                tail.len()
            } else {
                tail.find([',', '}', ']']).unwrap_or(tail.len())
            };
            lines[j] = format!("{head} {value}{}", &tail[end..]);
        }
        4 => {
            lines.remove(at);
        }
        5 => {
            let l = lines[at].clone();
            lines.insert(at, l);
        }
        6 => lines.insert(at, LINES[rng.random_range(0..LINES.len())].to_string()),
        7 => {
            // A line from another seed.
            let other: Vec<&str> = seeds[rng.random_range(0..seeds.len())].lines().collect();
            if !other.is_empty() {
                lines.insert(at, other[rng.random_range(0..other.len())].to_string());
            }
        }
        8 => {
            // A sweep of a random assignment's path with an extreme grid.
            let key = lines[at]
                .split('=')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches('"')
                .to_string();
            let table = ["exchange", "protocol", "match", "scenario"][rng.random_range(0..4usize)];
            lines.push("[sweep]".into());
            lines.push(format!("\"{table}.{key}\" = {}", pick(rng)));
        }
        9 => {
            // One value inside an array or inline table, at any depth
            // (`weights_a = [1e308, 1.0, 1.0]`).
            let inside: Vec<(usize, std::ops::Range<usize>)> = lines
                .iter()
                .enumerate()
                .flat_map(|(j, l)| elements::scalar_spans(l).into_iter().map(move |r| (j, r)))
                .collect();
            if inside.is_empty() {
                return;
            }
            let (j, r) = inside[rng.random_range(0..inside.len())].clone();
            lines[j].replace_range(r, pick(rng));
        }
        _ => {
            // Bytes: delete, duplicate or change one.
            let mut bytes = lines[at].clone().into_bytes();
            if !bytes.is_empty() {
                let b = rng.random_range(0..bytes.len());
                match rng.random_range(0..3u32) {
                    0 => {
                        bytes.remove(b);
                    }
                    1 => bytes.insert(b, bytes[b]),
                    _ => bytes[b] = rng.random_range(0x20..0x7f_u8),
                }
            }
            lines[at] = String::from_utf8_lossy(&bytes).into_owned();
        }
    }
}

/// Run one config through the config path, as `negsim check` and a short
/// `negsim run` would. Panics are not caught here.
pub fn exercise(text: &str) -> (Verdict, Option<String>) {
    const FILE: &str = "fuzz.toml";
    let Ok(cfg) = config::parse(text, FILE) else {
        return (Verdict::Unparsed, None);
    };
    let mut base = cfg.clone();
    if cfg.sweep.is_some() {
        match sweep::build(&cfg, FILE) {
            Ok(s) => base = cell_config(&s, &cfg),
            Err(_) => return (Verdict::Refused, None),
        }
    }
    let Ok(mut exp) = base.validate(FILE) else {
        return (Verdict::Refused, None);
    };
    // `negsim check` prints the resolved config: it must read back as the
    // same experiment.
    let resolved = config::resolved_toml(&exp);
    match config::parse(&resolved, "resolved.toml").and_then(|c| c.validate("resolved.toml")) {
        Ok(again) if crate::output::fingerprint(&again) == crate::output::fingerprint(&exp) => {}
        Ok(_) => {
            return (
                Verdict::RoundTrip,
                Some(format!(
                    "the resolved config is another experiment:\n{resolved}"
                )),
            );
        }
        Err(e) => {
            return (
                Verdict::RoundTrip,
                Some(format!("the resolved config is refused: {e}\n{resolved}")),
            );
        }
    }
    exp.runs = exp.runs.min(2);
    match tournament::run(&exp, tournament::RunOptions { threads: 1 }, &|_| {}, None) {
        Ok(_) => (Verdict::Ran, None),
        Err(_) => (Verdict::Refused, None),
    }
}

/// The config of a sweep's first cell (the sweep table removed).
fn cell_config(s: &sweep::Sweep, cfg: &Config) -> Config {
    let mut c = s
        .cells
        .first()
        .map_or_else(|| cfg.clone(), |(_, e)| e.config.clone());
    c.sweep = None;
    c
}

/// Fuzz `n` configs mutated from `seeds` (case `i` from `(seed, i)`) on
/// one thread per core; `progress` sees the tally every 10,000 cases.
pub fn fuzz(seeds: &[String], seed: u64, n: u64, progress: &(dyn Fn(&Report) + Sync)) -> Report {
    let start = Instant::now();
    // Other threads of the process (tests running beside the fuzzer) keep
    // the panic hook they had.
    let old_hook: std::sync::Arc<dyn Fn(&panic::PanicHookInfo) + Sync + Send> =
        std::sync::Arc::from(panic::take_hook());
    let other = old_hook.clone();
    panic::set_hook(Box::new(move |info| {
        if !FUZZING.with(|f| f.get()) {
            return other(info);
        }
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        PANIC.with(|p| *p.borrow_mut() = Some(format!("{msg}{at}")));
    }));
    let total = Mutex::new(Report::default());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    const BLOCK: u64 = 10_000;
    for lo in (0..n).step_by(BLOCK as usize) {
        let hi = (lo + BLOCK).min(n);
        // Plain threads, not rayon: each case's run installs its own pool,
        // and a rayon worker waiting on another pool steals more cases
        // meanwhile, nesting them until its stack overflows.
        let one = |i: u64| {
            let input = case(seeds, seed, i);
            let t = Instant::now();
            FUZZING.with(|f| f.set(true));
            let caught = panic::catch_unwind(AssertUnwindSafe(|| exercise(&input)));
            FUZZING.with(|f| f.set(false));
            let (verdict, message) = caught.unwrap_or_else(|payload| {
                // A panic on a thread of the run's own pool reaches this
                // thread as its payload only.
                let recorded = PANIC.with(|p| p.borrow_mut().take());
                let message = recorded.unwrap_or_else(|| {
                    payload
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "(a panic without a message)".into())
                });
                (Verdict::Panicked, Some(message))
            });
            let took = t.elapsed();
            let finding = message.map(|message| Finding {
                case: i,
                input,
                message,
            });
            (i, verdict, took, finding)
        };
        let mut block: Vec<(u64, Verdict, Duration, Option<Finding>)> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..threads as u64)
                .map(|t| {
                    s.spawn(move || (lo + t..hi).step_by(threads).map(one).collect::<Vec<_>>())
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().expect("a fuzz thread"))
                .collect()
        });
        block.sort_by_key(|c| c.0);
        let mut r = total.lock().expect("fuzz tally");
        for (i, v, took, f) in block {
            r.add(i, v, took, f);
        }
        r.elapsed = start.elapsed();
        progress(&r);
    }
    panic::set_hook(Box::new(move |info| old_hook(info)));
    let mut r = total.into_inner().expect("fuzz tally");
    r.elapsed = start.elapsed();
    r
}
