//! `matrix.csv` and `deal_matrix.csv`: strategy-by-opponent tables, wide
//! (one column per opponent), so their columns are the strategy names.

use crate::error::Result;
use crate::output::format::num;
use crate::output::tables::io::{CsvFile, CsvWriter};
use crate::run::tournament::TournamentResult;
use serde::Serialize;
use std::path::Path;

/// One row of a matrix file: the row strategy, then its value against each
/// opponent in column order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MatrixRow {
    /// The row strategy.
    pub strategy: String,
    /// Its value against each column strategy.
    #[serde(serialize_with = "nums")]
    pub values: Vec<f64>,
}

fn nums<S: serde::Serializer>(v: &[f64], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|&x| num(x)))
}

/// Mean surplus of row strategy `r` against column strategy `c`, averaged
/// over both sides: `(surplus_A(r vs c) + surplus_B(c vs r)) / 2`.
pub fn surplus_matrix(res: &TournamentResult) -> Vec<Vec<f64>> {
    both_sides(res, |s, side| s.surplus[side].mean())
}

/// Deal rate of row strategy against column strategy, over both sides.
pub fn deal_matrix(res: &TournamentResult) -> Vec<Vec<f64>> {
    both_sides(res, |s, _| s.deal.mean())
}

/// `(f(r vs c, side A) + f(c vs r, side B)) / 2` for every row `r` and
/// column `c`.
fn both_sides(
    res: &TournamentResult,
    f: impl Fn(&crate::run::stats::PairStats, usize) -> f64,
) -> Vec<Vec<f64>> {
    let k = res.names.len();
    (0..k)
        .map(|r| {
            (0..k)
                .map(|c| 0.5 * (f(&res.pair(r, c).stats, 0) + f(&res.pair(c, r).stats, 1)))
                .collect()
        })
        .collect()
}

/// Write a matrix file: the header `strategy,<names>`, then one row per
/// strategy.
pub fn write_matrix(path: &Path, names: &[String], values: &[Vec<f64>]) -> Result<()> {
    let mut w = CsvWriter::create(path, &matrix_header(names))?;
    for row in matrix_rows(names, values) {
        w.row(&row)?;
    }
    w.finish()
}

/// The bytes of a matrix file (header included), as [`write_matrix`]
/// writes them.
pub fn matrix_to_bytes(names: &[String], values: &[Vec<f64>]) -> Result<Vec<u8>> {
    let mut w = CsvWriter::memory(Path::new("(memory)"), &matrix_header(names))?;
    for row in matrix_rows(names, values) {
        w.row(&row)?;
    }
    w.bytes()
}

fn matrix_header(names: &[String]) -> Vec<String> {
    let mut header = vec!["strategy".to_string()];
    header.extend(names.iter().cloned());
    header
}

fn matrix_rows<'a>(
    names: &'a [String],
    values: &'a [Vec<f64>],
) -> impl Iterator<Item = MatrixRow> + 'a {
    names.iter().zip(values).map(|(name, row)| MatrixRow {
        strategy: name.clone(),
        values: row.clone(),
    })
}

/// Read a matrix file that must have a column for each of `names`. Each
/// row's values are read from the columns named like the rows, in row
/// order (a square matrix; a row name without a column reads as NaN). The
/// first column is the row's strategy whatever a strategy is called (one
/// may be called `strategy`).
pub fn read_matrix(dir: &Path, file: &str, names: &[String]) -> Result<Vec<MatrixRow>> {
    bounded(dir, file, names.len(), None)?;
    let mut required = vec!["strategy".to_string()];
    required.extend(names.iter().cloned());
    let t = CsvFile::open(dir, file, &required)?;
    let strategy = 0;
    let rows: Vec<String> = t
        .records()
        .iter()
        .map(|rec| rec.get(strategy).unwrap_or("").to_string())
        .collect();
    bounded(dir, file, names.len(), Some(rows.len()))?;
    let cols: Vec<Option<usize>> = rows.iter().map(|n| t.column_from(1, n)).collect();
    let mut out = Vec::with_capacity(rows.len());
    for (r, rec) in t.records().iter().enumerate() {
        let mut values = Vec::with_capacity(cols.len());
        for c in &cols {
            let text = c.and_then(|c| rec.get(c)).unwrap_or("");
            values.push(if text.is_empty() {
                f64::NAN
            } else {
                text.parse()
                    .map_err(|_| t.not_a_number(r, c.unwrap_or(0)))?
            });
        }
        out.push(MatrixRow {
            strategy: rows[r].clone(),
            values,
        });
    }
    Ok(out)
}

/// Largest matrix file read: the matrix of 64 strategies (the most) with
/// 40-character names is under 150 KiB.
pub const MAX_MATRIX_BYTES: u64 = 1 << 20;

/// `Err` if the matrix `file` is larger than a tournament of `strategies`
/// writes: over [`MAX_MATRIX_BYTES`] (checked before reading), or `rows`
/// rows for fewer strategies (a heatmap of 4,000 x 4,000 cells took 30 s
/// and 2.5 GB to draw).
pub(crate) fn bounded(
    dir: &Path,
    file: &str,
    strategies: usize,
    rows: Option<usize>,
) -> Result<()> {
    let path = dir.join(file);
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    let problem = if size > MAX_MATRIX_BYTES {
        format!(
            "is {} KiB, over {} KiB, the most a tournament's matrix can be",
            size >> 10,
            MAX_MATRIX_BYTES >> 10
        )
    } else {
        match rows {
            Some(n) if n > strategies => format!(
                "has {n} rows, but the tournament has {strategies} strategies (manifest.json), one row each"
            ),
            _ => return Ok(()),
        }
    };
    Err(crate::error::Error::Results {
        path,
        message: format!("{problem}: not a file negsim wrote; rerun the experiment to rewrite it"),
    })
}
