//! `runs.parquet` (`negsim run --per-run --format parquet`): the rows of
//! `runs.csv` in a Parquet file, for per-run tables too large for CSV. The
//! same columns in the same order: text columns as UTF-8 strings, whole
//! numbers as 64-bit integers, the rest as doubles. A double holds the
//! number itself, not rounded to the 15 significant digits `runs.csv`
//! writes (so `num` of a value is the CSV field); NaN where the CSV field
//! is empty. Rows are buffered and written in row groups of
//! [`ROW_GROUP`] runs (Snappy-compressed), so memory stays flat in the
//! number of runs.

use crate::config::Experiment;
use crate::error::{Error, Result};
use crate::model::negotiation::Outcome;
use crate::output::tables::columns::{Column, Columns};
use crate::output::tables::runs::{RunRow, RunRows, run_columns, weighted_issues};
use crate::run::tournament::RunSink;
use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Runs per row group.
pub const ROW_GROUP: usize = 1 << 16;

/// Streams `runs.parquet`, one row per negotiation, as chunks finish.
pub struct RunsParquet {
    writer: SerializedFileWriter<BufWriter<File>>,
    rows: RunRows,
    cols: Columns,
    path: PathBuf,
}

fn err(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    }
}

impl RunsParquet {
    /// Create the file (its schema: the columns of `runs.csv`).
    pub fn create(path: PathBuf, exp: &Experiment) -> Result<Self> {
        let issues = weighted_issues(exp);
        let prototype = RunRow {
            x: vec![0.0; issues],
            weights: vec![0.0; 2 * issues],
            ..RunRow::default()
        };
        let cols = Columns::of(&prototype).map_err(|e| err(&path, e))?;
        let names = run_columns(issues);
        if names.len() != cols.columns().len() {
            return Err(err(
                &path,
                format!(
                    "{} column names for {} columns",
                    names.len(),
                    cols.columns().len()
                ),
            ));
        }
        let fields = names
            .iter()
            .zip(cols.columns())
            .map(|(name, col)| {
                let (physical, logical) = match col {
                    Column::Text(_) => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
                    Column::Int(_) => (Physical::INT64, None),
                    Column::Float(_) => (Physical::DOUBLE, None),
                };
                Type::primitive_type_builder(name, physical)
                    .with_repetition(Repetition::REQUIRED)
                    .with_logical_type(logical)
                    .build()
                    .map(Arc::new)
            })
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| err(&path, e))?;
        let schema = Type::group_type_builder("runs")
            .with_fields(fields)
            .build()
            .map_err(|e| err(&path, e))?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("negsim {}", env!("CARGO_PKG_VERSION")))
            .build();
        let file = File::create(&path).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        let writer = SerializedFileWriter::new(
            BufWriter::with_capacity(1 << 20, file),
            Arc::new(schema),
            Arc::new(props),
        )
        .map_err(|e| err(&path, e))?;
        Ok(RunsParquet {
            writer,
            rows: RunRows::new(exp),
            cols,
            path,
        })
    }

    /// Write the buffered rows as one row group.
    fn flush(&mut self) -> Result<()> {
        if self.cols.rows() == 0 {
            return Ok(());
        }
        let path = self.path.clone();
        let e = |e: parquet::errors::ParquetError| err(&path, e);
        let mut group = self.writer.next_row_group().map_err(e)?;
        for col in self.cols.columns_mut() {
            let Some(mut w) = group.next_column().map_err(e)? else {
                return Err(err(&path, "the schema has fewer columns than the rows"));
            };
            match col {
                Column::Text(v) => {
                    let bytes: Vec<ByteArray> =
                        v.iter().map(|s| ByteArray::from(s.as_str())).collect();
                    w.typed::<ByteArrayType>().write_batch(&bytes, None, None)
                }
                Column::Int(v) => w.typed::<Int64Type>().write_batch(v, None, None),
                Column::Float(v) => w.typed::<DoubleType>().write_batch(v, None, None),
            }
            .map_err(e)?;
            w.close().map_err(e)?;
            col.clear();
        }
        group.close().map_err(e)?;
        Ok(())
    }

    /// Write the last row group and the footer, and flush to disk.
    pub fn finish(mut self) -> Result<()> {
        self.flush()?;
        let path = self.path.clone();
        let mut out = self.writer.into_inner().map_err(|e| err(&path, e))?;
        std::io::Write::flush(&mut out).map_err(|source| Error::Write { path, source })
    }
}

impl RunSink for RunsParquet {
    fn runs(&mut self, a: usize, b: usize, first: u64, outcomes: &[Outcome]) -> Result<()> {
        for (k, o) in outcomes.iter().enumerate() {
            let row = self.rows.row(a, b, first + k as u64, o);
            self.cols.push(&row).map_err(|e| err(&self.path, e))?;
            if self.cols.rows() >= ROW_GROUP {
                self.flush()?;
            }
        }
        Ok(())
    }
}
