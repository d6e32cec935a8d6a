//! `runs.csv` (opt-in, `--per-run`): one row per negotiation, streamed as
//! chunks of runs finish. Its columns depend on the scenario: when the
//! scenario has issue weights, one `x_k` column per issue, then the weights
//! each side drew (`weight_a_k`, then `weight_b_k`), so that Pareto and Nash
//! distances can be recomputed from the file.

use crate::config::Experiment;
use crate::error::{Error, Result};
use crate::model::negotiation::Outcome;
use crate::output::format::{csv_num, num};
use crate::output::tables::io::{CsvWriter, Row};
use crate::run::tournament::{ChunkFormat, RunSink};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::Arc;

/// One row of `runs.csv`: who played, the run, then A's share of each
/// issue (`x_1` ...) and the drawn weights of A and B (`weight_a_1` ...,
/// `weight_b_1` ...; only when the scenario has weights), then the metrics.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunRow {
    /// Who played which run.
    pub head: RunHead,
    /// A's share of each issue in the agreement.
    #[serde(serialize_with = "nums")]
    pub x: Vec<f64>,
    /// The weights A drew, then those B drew (each summing to 1).
    #[serde(serialize_with = "nums")]
    pub weights: Vec<f64>,
    /// What came of it.
    pub metrics: RunMetrics,
}

fn nums<S: serde::Serializer>(v: &[f64], s: S) -> std::result::Result<S::Ok, S::Error> {
    if s.is_human_readable() {
        s.collect_seq(v.iter().map(|&x| num(x)))
    } else {
        s.collect_seq(v)
    }
}

/// The number fields of a run: as [`csv_num`] writes them in text formats
/// (CSV), the `f64` itself in binary ones (Parquet, through
/// [`Columns`](super::columns::Columns)).
mod run_num {
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            super::csv_num::serialize(x, s)
        } else {
            s.serialize_f64(*x)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        super::csv_num::deserialize(d)
    }
}

/// The columns of `runs.csv` before the issues.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RunHead {
    /// Strategy of side A.
    pub strategy_a: String,
    /// Strategy of side B.
    pub strategy_b: String,
    /// Run number within the pairing.
    pub run: u64,
    /// Match number.
    #[serde(rename = "match")]
    pub match_: u64,
    /// Position within the match (1 = first).
    pub position: u64,
    /// 1 for a deal.
    pub deal: u8,
    /// 1 when a zone of agreement existed.
    pub zopa: u8,
    /// Formal rounds played (the round someone walked away in, 0 before
    /// the first offer).
    pub rounds: u32,
    /// Who walked away: `A`, `B`, or empty when nobody did.
    pub walk_away: String,
    /// A's reservation value.
    #[serde(with = "run_num")]
    pub reservation_a: f64,
    /// B's reservation value.
    #[serde(with = "run_num")]
    pub reservation_b: f64,
    /// Agreed price.
    #[serde(with = "run_num")]
    pub price: f64,
}

/// The columns of `runs.csv` after the issues.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RunMetrics {
    #[serde(with = "run_num")]
    surplus_a: f64,
    #[serde(with = "run_num")]
    surplus_b: f64,
    #[serde(with = "run_num")]
    joint_surplus: f64,
    #[serde(with = "run_num")]
    max_joint_surplus: f64,
    #[serde(with = "run_num")]
    efficiency: f64,
    #[serde(with = "run_num")]
    share_a: f64,
    #[serde(with = "run_num")]
    pareto_distance: f64,
    #[serde(with = "run_num")]
    nash_distance: f64,
    #[serde(with = "run_num")]
    info_bits_a: f64,
    #[serde(with = "run_num")]
    info_bits_b: f64,
    #[serde(with = "run_num")]
    info_bits_end_a: f64,
    #[serde(with = "run_num")]
    info_bits_end_b: f64,
    #[serde(with = "run_num")]
    confidence_bits_a: f64,
    #[serde(with = "run_num")]
    confidence_bits_b: f64,
    #[serde(with = "run_num")]
    error_a: f64,
    #[serde(with = "run_num")]
    error_b: f64,
    #[serde(with = "run_num")]
    error_reduction_a: f64,
    #[serde(with = "run_num")]
    error_reduction_b: f64,
    #[serde(with = "run_num")]
    crps_a: f64,
    #[serde(with = "run_num")]
    crps_b: f64,
    #[serde(with = "run_num")]
    crps_gain_a: f64,
    #[serde(with = "run_num")]
    crps_gain_b: f64,
    #[serde(with = "run_num")]
    bits_given_a: f64,
    #[serde(with = "run_num")]
    bits_given_b: f64,
    #[serde(with = "run_num")]
    asymmetry: f64,
    confidences_a: u32,
    confidences_b: u32,
    answers_a: u32,
    answers_b: u32,
    asks_a: u32,
    asks_b: u32,
    bluffs_a: u32,
    bluffs_b: u32,
    leaks_a: u32,
    leaks_b: u32,
    lies_detected_a: u32,
    lies_detected_b: u32,
    false_detections_a: u32,
    false_detections_b: u32,
    #[serde(with = "run_num")]
    trust_a: f64,
    #[serde(with = "run_num")]
    trust_b: f64,
}

impl RunMetrics {
    fn new(o: &Outcome) -> Self {
        RunMetrics {
            surplus_a: o.surplus[0],
            surplus_b: o.surplus[1],
            joint_surplus: o.joint,
            max_joint_surplus: o.max_joint,
            efficiency: o.efficiency,
            share_a: o.share_a,
            pareto_distance: o.pareto_distance,
            nash_distance: o.nash_distance,
            info_bits_a: o.info_bits[0],
            info_bits_b: o.info_bits[1],
            info_bits_end_a: o.info_bits_end[0],
            info_bits_end_b: o.info_bits_end[1],
            confidence_bits_a: o.confidence_bits[0],
            confidence_bits_b: o.confidence_bits[1],
            error_a: o.error[0],
            error_b: o.error[1],
            error_reduction_a: o.prior_error[0] - o.error[0],
            error_reduction_b: o.prior_error[1] - o.error[1],
            crps_a: o.crps[0],
            crps_b: o.crps[1],
            crps_gain_a: o.crps_gain(0),
            crps_gain_b: o.crps_gain(1),
            bits_given_a: o.bits_given[0],
            bits_given_b: o.bits_given[1],
            asymmetry: o.asymmetry,
            confidences_a: o.confidences[0],
            confidences_b: o.confidences[1],
            answers_a: o.answers[0],
            answers_b: o.answers[1],
            asks_a: o.asks[0],
            asks_b: o.asks[1],
            bluffs_a: o.bluffs[0],
            bluffs_b: o.bluffs[1],
            leaks_a: o.leaks[0],
            leaks_b: o.leaks[1],
            lies_detected_a: o.lies_detected[0],
            lies_detected_b: o.lies_detected[1],
            false_detections_a: o.false_detections[0],
            false_detections_b: o.false_detections[1],
            trust_a: o.trust[0],
            trust_b: o.trust[1],
        }
    }
}

/// Streams `runs.csv`, one row per negotiation, as chunks finish, into a
/// file ([`RunsCsv::create`]) or memory ([`RunsCsv::memory`]). The rows
/// are formatted by the worker threads ([`RunsCsv::formatter`]) and
/// written here in run order.
pub struct RunsCsv<W: Write = BufWriter<File>> {
    out: W,
    path: PathBuf,
    rows: Arc<RunRows>,
}

/// Formats the rows of `runs.csv` (on any thread).
pub struct RunRows {
    names: Vec<String>,
    issues: usize,
    match_runs: u64,
}

/// The issues that have `x_k` and weight columns in `runs.csv`: all of
/// them when the scenario has weights, else none.
pub(crate) fn weighted_issues(exp: &Experiment) -> usize {
    if exp.scenario.has_weights() {
        exp.scenario.issues()
    } else {
        0
    }
}

/// The columns of `runs.csv` of a scenario with `issues` weighted issues.
pub fn run_columns(issues: usize) -> Vec<String> {
    let mut header = RunHead::columns();
    header.extend((1..=issues).map(|k| format!("x_{k}")));
    for side in ["a", "b"] {
        header.extend((1..=issues).map(|k| format!("weight_{side}_{k}")));
    }
    header.extend(RunMetrics::columns());
    header
}

impl RunRows {
    /// The formatter of an experiment's runs.
    pub(crate) fn new(exp: &Experiment) -> Self {
        RunRows {
            names: exp
                .strategies
                .iter()
                .map(|s| s.name().to_string())
                .collect(),
            issues: weighted_issues(exp),
            match_runs: exp.match_runs as u64,
        }
    }

    /// Run number `run` of pairing (a, b), whose outcome is `o`, as a row.
    pub(crate) fn row(&self, a: usize, b: usize, run: u64, o: &Outcome) -> RunRow {
        RunRow {
            head: RunHead {
                strategy_a: self.names[a].clone(),
                strategy_b: self.names[b].clone(),
                run,
                match_: run / self.match_runs,
                position: run % self.match_runs + 1,
                deal: o.deal as u8,
                zopa: o.zopa as u8,
                rounds: o.rounds,
                walk_away: match o.walk_away {
                    Some(0) => "A".into(),
                    Some(_) => "B".into(),
                    None => String::new(),
                },
                reservation_a: o.private.reservation[0],
                reservation_b: o.private.reservation[1],
                price: o.price,
            },
            x: o.x[..self.issues].to_vec(),
            weights: o.private.weights[0][..self.issues]
                .iter()
                .chain(&o.private.weights[1][..self.issues])
                .copied()
                .collect(),
            metrics: RunMetrics::new(o),
        }
    }
}

impl RunsCsv {
    /// Create the file and write its header.
    pub fn create(path: PathBuf, exp: &Experiment) -> Result<Self> {
        let werr = |source| Error::Write {
            path: path.clone(),
            source,
        };
        let out = BufWriter::with_capacity(1 << 20, File::create(&path).map_err(werr)?);
        RunsCsv::new(out, path, exp)
    }

    /// Flush to disk.
    pub fn finish(mut self) -> Result<()> {
        self.out.flush().map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })
    }
}

impl RunsCsv<Vec<u8>> {
    /// Collect `runs.csv` in memory, header first (for callers that want
    /// the table rather than a file: the Python package); the bytes are
    /// those [`RunsCsv::create`] writes.
    pub fn memory(exp: &Experiment) -> Result<Self> {
        RunsCsv::new(Vec::new(), PathBuf::from("runs.csv"), exp)
    }

    /// The bytes of the file, header included.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }
}

impl<W: Write> RunsCsv<W> {
    fn new(mut out: W, path: PathBuf, exp: &Experiment) -> Result<Self> {
        let rows = RunRows::new(exp);
        let head = CsvWriter::memory(&path, &run_columns(rows.issues))?.bytes()?;
        out.write_all(&head).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        Ok(RunsCsv {
            out,
            rows: Arc::new(rows),
            path,
        })
    }
}

impl ChunkFormat for RunRows {
    fn format(
        &self,
        a: usize,
        b: usize,
        first: u64,
        outcomes: &[Outcome],
        out: &mut Vec<u8>,
    ) -> Result<()> {
        let mut w = ::csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(std::mem::take(out));
        let path = PathBuf::from("runs.csv");
        let err = |e: ::csv::Error| Error::Write {
            path: path.clone(),
            source: std::io::Error::other(e),
        };
        for (k, o) in outcomes.iter().enumerate() {
            w.serialize(self.row(a, b, first + k as u64, o))
                .map_err(err)?;
        }
        *out = w
            .into_inner()
            .map_err(|e| err(::csv::Error::from(e.into_error())))?;
        Ok(())
    }
}

impl<W: Write> RunSink for RunsCsv<W> {
    fn runs(&mut self, a: usize, b: usize, first: u64, outcomes: &[Outcome]) -> Result<()> {
        let mut bytes = Vec::new();
        self.rows.format(a, b, first, outcomes, &mut bytes)?;
        self.write_formatted(&bytes)
    }

    fn formatter(&self) -> Option<Arc<dyn ChunkFormat>> {
        Some(self.rows.clone())
    }

    fn write_formatted(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.write_all(bytes).map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })
    }
}
