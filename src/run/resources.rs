//! One memory estimate for a run or a sweep, checked by `negsim check`,
//! `run` and `sweep` before anything is allocated: limits on strategies,
//! cells and runs one at a time let 64 strategies x 2,000 cells through,
//! which needs about 50 GB.
//!
//! The model, measured with `/usr/bin/time -f %M` on runs and sweeps of 8
//! to 64 strategies, 1 to 200 cells and 1 to 100 runs per pairing (debug
//! build; the statistics are the same structures in release): memory grows
//! with the pairings (strategies squared) times
//! - [`PER_PAIRING`] for the tournament's own result and its output,
//! - [`PER_CELL`] for every further cell a sweep keeps (twice that when the
//!   sweep designs information and keeps the within-pairing sums),
//! - [`PER_CHUNK`] for every chunk of runs in flight (the runs are played
//!   in waves of up to 64 chunks, each chunk with its own statistics),
//!
//! plus [`BASE`]. Measured peaks are 0.8 to 0.95 times the estimate (64
//! strategies, 32 runs: 1,523 MiB measured, 1,600 MiB estimated; 16
//! strategies x 200 cells: 326 MiB and 393 MiB).

use super::sweep::Sweep;
use super::tournament::{WAVE, layout};
use crate::config::Experiment;
use crate::error::{Error, Result};

/// Bytes per pairing for the tournament's result, output included.
pub const PER_PAIRING: u64 = 40 << 10;
/// Bytes per pairing for each further cell a sweep keeps.
pub const PER_CELL: u64 = 7 << 10;
/// Bytes per pairing for each chunk of runs in flight.
pub const PER_CHUNK: u64 = 11 << 10;
/// The program itself, its tables and buffers.
pub const BASE: u64 = 32 << 20;

/// The memory a run or sweep may use unless `NEGSIM_MEMORY_LIMIT` says
/// otherwise: 8 GiB, what a laptop or a cluster job usually has.
pub const DEFAULT_LIMIT: u64 = 8 << 30;

/// The environment variable that sets the limit (`64GiB`, `500MiB`, bytes).
pub const LIMIT_ENV: &str = "NEGSIM_MEMORY_LIMIT";

/// What a run or sweep needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    /// Strategies.
    pub strategies: u64,
    /// Cells (1 for a run).
    pub cells: u64,
    /// Chunks of runs in flight at once.
    pub in_flight: u64,
    /// Bytes per pairing of each further cell.
    pub per_cell: u64,
    /// Bytes in all.
    pub bytes: u64,
}

impl Estimate {
    fn new(strategies: u64, cells: u64, in_flight: u64, per_cell: u64) -> Self {
        let pairings = strategies.saturating_mul(strategies);
        let per_pairing = PER_PAIRING
            .saturating_add(cells.saturating_sub(1).saturating_mul(per_cell))
            .saturating_add(in_flight.saturating_mul(PER_CHUNK));
        Estimate {
            strategies,
            cells,
            in_flight,
            per_cell,
            bytes: BASE.saturating_add(pairings.saturating_mul(per_pairing)),
        }
    }

    /// The estimate of a tournament.
    pub fn run(exp: &Experiment) -> Self {
        Self::new(exp.strategies.len() as u64, 1, in_flight(exp), PER_CELL)
    }

    /// The estimate of a sweep: every cell's results are kept.
    pub fn sweep(s: &Sweep) -> Self {
        let k = s.cells.first().map_or(0, |(_, e)| e.strategies.len()) as u64;
        let flight = s.cells.iter().map(|(_, e)| in_flight(e)).max().unwrap_or(1);
        let per_cell = if s.designs_information() {
            2 * PER_CELL
        } else {
            PER_CELL
        };
        Self::new(k, s.cells.len() as u64, flight, per_cell)
    }

    /// `Err` (exit 2) naming `file` if the estimate is over the limit.
    pub fn check(&self, file: &str) -> Result<()> {
        let limit = limit()?;
        if self.bytes <= limit {
            return Ok(());
        }
        let k = self.strategies;
        let mut how = format!(
            "{k} strategies ({} pairings) x ({} KiB",
            k * k,
            PER_PAIRING >> 10
        );
        if self.cells > 1 {
            how += &format!(
                " + {} more sweep cells x {} KiB",
                self.cells - 1,
                self.per_cell >> 10
            );
        }
        how += &format!(
            " + {} chunks of runs in flight x {} KiB)",
            self.in_flight,
            PER_CHUNK >> 10
        );
        Err(Error::invalid(
            file,
            "estimated memory",
            format!("{} ({how})", size(self.bytes)),
            format!(
                "over the limit of {}: use fewer strategies or sweep cells (or split the sweep \
                 into several configs), or, on a machine with the memory, raise the limit with \
                 {LIMIT_ENV}=64GiB",
                size(limit)
            ),
        ))
    }
}

/// Chunks of runs in flight at once: the wave, or fewer chunks.
fn in_flight(exp: &Experiment) -> u64 {
    let l = layout(exp);
    if l.lockstep {
        1
    } else {
        l.chunks.min(WAVE as u64)
    }
    .max(1)
}

/// The limit: [`LIMIT_ENV`] if set, else [`DEFAULT_LIMIT`].
pub fn limit() -> Result<u64> {
    match std::env::var(LIMIT_ENV) {
        Err(std::env::VarError::NotPresent) => Ok(DEFAULT_LIMIT),
        Ok(v) => parse_size(&v).ok_or_else(|| {
            Error::Usage(format!(
                "{LIMIT_ENV}={v}: give a memory size such as 64GiB, 500MiB or a number of bytes"
            ))
        }),
        Err(e) => Err(Error::Usage(format!("{LIMIT_ENV}: {e}"))),
    }
}

/// `64GiB`, `64G`, `500MiB`, `500M`, `2048KiB`, `1000000` (bytes); KB, MB,
/// GB and TB are read as their binary units too.
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let digits = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(digits);
    let num: f64 = num.parse().ok()?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return None,
    };
    let bytes = num * (1u64 << shift) as f64;
    (1.0..1.8e19).contains(&bytes).then_some(bytes as u64)
}

/// Bytes as `57.6 GiB`, `310 MiB`.
pub fn size(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= (1u64 << 30) as f64 {
        format!("{:.1} GiB", b / (1u64 << 30) as f64)
    } else {
        format!("{:.0} MiB", b / (1u64 << 20) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_and_print() {
        assert_eq!(parse_size("64GiB"), Some(64 << 30));
        assert_eq!(parse_size("64g"), Some(64 << 30));
        assert_eq!(parse_size(" 500 MiB "), Some(500 << 20));
        assert_eq!(parse_size("1.5G"), Some(3 << 29));
        assert_eq!(parse_size("4096"), Some(4096));
        for bad in ["", "G", "-1G", "1X", "0", "1e400", "nan"] {
            assert_eq!(parse_size(bad), None, "{bad}");
        }
        assert_eq!(size(8 << 30), "8.0 GiB");
        assert_eq!(size(310 << 20), "310 MiB");
    }

    /// The case: 64 strategies x 2,000 cells, about 50 GB; and
    /// the measured peaks the model was fitted to.
    #[test]
    fn the_estimate_matches_the_measurements() {
        let gib = |e: Estimate| e.bytes as f64 / (1u64 << 30) as f64;
        let big = gib(Estimate::new(64, 2000, 1, PER_CELL));
        assert!((50.0..60.0).contains(&big), "{big}");
        let mib = |e: Estimate| e.bytes as f64 / (1u64 << 20) as f64;
        // (strategies, cells, chunks in flight, measured MiB)
        for (k, cells, flight, measured) in [
            (64, 1, 32, 1523.0),
            (64, 1, 4, 325.0),
            (32, 1, 25, 313.0),
            (16, 200, 1, 326.0),
            (16, 50, 1, 103.0),
        ] {
            let est = mib(Estimate::new(k, cells, flight, PER_CELL));
            let r = measured / est;
            assert!(
                (0.7..=1.4).contains(&r),
                "{k} x {cells} x {flight}: {measured} vs {est}"
            );
        }
    }
}
