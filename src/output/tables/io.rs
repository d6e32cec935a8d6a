//! Writing typed rows to CSV files and reading them back. Columns are the
//! fields of the row type; a file may have leading columns before them
//! (the swept parameters of a sweep). Reading is strict: a missing file or
//! column, or a value that is not a number, is an error naming the file,
//! the row and the column.

use crate::error::{Error, Result};
use ::csv::{ErrorKind, StringRecord};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A CSV row type: its columns are its field names.
pub trait Row: Serialize + DeserializeOwned + Default {
    /// The columns, in order.
    fn columns() -> Vec<String> {
        let mut w = ::csv::Writer::from_writer(Vec::new());
        let header = w
            .serialize(Self::default())
            .ok()
            .and_then(|()| w.into_inner().ok())
            .unwrap_or_default();
        ::csv::Reader::from_reader(header.as_slice())
            .headers()
            .map(|h| h.iter().map(str::to_string).collect())
            .unwrap_or_default()
    }
}

impl<T: Serialize + DeserializeOwned + Default> Row for T {}

fn write_err(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

fn csv_err(path: &Path, e: ::csv::Error) -> Error {
    write_err(path, std::io::Error::other(e))
}

/// A CSV writer of one file, without automatic headers.
pub struct CsvWriter<W: Write> {
    w: ::csv::Writer<W>,
    path: PathBuf,
}

impl CsvWriter<BufWriter<fs::File>> {
    /// Create `path` and write `header`.
    pub fn create(path: &Path, header: &[String]) -> Result<Self> {
        let f = fs::File::create(path).map_err(|e| write_err(path, e))?;
        Self::new(BufWriter::with_capacity(1 << 20, f), path, header)
    }
}

impl CsvWriter<Vec<u8>> {
    /// Write into memory (`path` names the file in errors).
    pub fn memory(path: &Path, header: &[String]) -> Result<Self> {
        Self::new(Vec::new(), path, header)
    }

    /// The bytes written.
    pub fn bytes(self) -> Result<Vec<u8>> {
        let path = self.path;
        self.w
            .into_inner()
            .map_err(|e| write_err(&path, std::io::Error::other(e.to_string())))
    }
}

impl<W: Write> CsvWriter<W> {
    fn new(out: W, path: &Path, header: &[String]) -> Result<Self> {
        let mut w = ::csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(out);
        w.write_record(header).map_err(|e| csv_err(path, e))?;
        Ok(CsvWriter {
            w,
            path: path.to_path_buf(),
        })
    }

    /// Write one record: anything serde writes as a flat sequence of fields
    /// (a row, or a tuple of leading values and a row).
    pub fn row<T: Serialize>(&mut self, row: &T) -> Result<()> {
        self.w.serialize(row).map_err(|e| csv_err(&self.path, e))
    }

    /// Flush to disk.
    pub fn finish(mut self) -> Result<()> {
        self.w.flush().map_err(|e| write_err(&self.path, e))
    }
}

/// Write `path`: the columns of `T`, then `rows`.
pub fn write<T: Row>(path: &Path, rows: &[T]) -> Result<()> {
    let mut w = CsvWriter::create(path, &T::columns())?;
    for r in rows {
        w.row(r)?;
    }
    w.finish()
}

/// Write `path`: the `lead` columns and the columns of `T`, then rows of
/// leading values and a row.
pub fn write_led<T: Row>(path: &Path, lead: &[String], rows: &[(Vec<String>, T)]) -> Result<()> {
    let mut header = lead.to_vec();
    header.extend(T::columns());
    let mut w = CsvWriter::create(path, &header)?;
    for r in rows {
        w.row(r)?;
    }
    w.finish()
}

/// A CSV file of a results folder, read whole.
pub struct CsvFile {
    path: PathBuf,
    header: StringRecord,
    records: Vec<StringRecord>,
}

impl CsvFile {
    /// Read `dir/name`; the `required` columns must be present.
    pub fn open(dir: &Path, name: &str, required: &[String]) -> Result<Self> {
        let path = dir.join(name);
        let bad = |message: String| Error::Results {
            path: path.clone(),
            message,
        };
        if !path.is_file() {
            return Err(bad("is missing; is this a negsim results folder?".into()));
        }
        let mut r = ::csv::Reader::from_path(&path).map_err(|e| bad(e.to_string()))?;
        let header = r
            .headers()
            .map_err(|e| bad(format!("unreadable header: {e}")))?
            .clone();
        if let Some(c) = required.iter().find(|c| !header.iter().any(|h| h == *c)) {
            return Err(bad(format!("has no column '{c}'")));
        }
        let mut records = Vec::new();
        for (i, rec) in r.records().enumerate() {
            records.push(rec.map_err(|e| bad(format!("row {}: {e}", i + 2)))?);
        }
        Ok(CsvFile {
            path,
            header,
            records,
        })
    }

    /// The data rows.
    pub fn records(&self) -> &[StringRecord] {
        &self.records
    }

    /// Index of column `c`.
    pub fn column(&self, c: &str) -> Option<usize> {
        self.header.iter().position(|h| h == c)
    }

    /// Index of column `c` among the columns from `first` on (a wide
    /// table's value columns, whose names may repeat a label column's).
    pub fn column_from(&self, first: usize, c: &str) -> Option<usize> {
        self.header
            .iter()
            .skip(first)
            .position(|h| h == c)
            .map(|i| i + first)
    }

    /// An error about this file.
    pub fn error(&self, message: String) -> Error {
        Error::Results {
            path: self.path.clone(),
            message,
        }
    }

    /// The error for a value of row `r` (0-based), column `c`, that is not
    /// a number.
    pub fn not_a_number(&self, r: usize, c: usize) -> Error {
        let value = self.records[r].get(c).unwrap_or("");
        let name = self.header.get(c).unwrap_or("?");
        self.error(format!(
            "row {}, column '{name}': '{value}' is not a number",
            r + 2
        ))
    }

    /// The rows as `T`, with the values of the `lead` columns before each.
    pub fn rows_led<T: Row>(&self, lead: &[String]) -> Result<Vec<(Vec<String>, T)>> {
        let lead_at: Vec<usize> = lead.iter().filter_map(|c| self.column(c)).collect();
        let rest: Vec<usize> = (0..self.header.len())
            .filter(|i| !lead_at.contains(i))
            .collect();
        let pick = |rec: &StringRecord, at: &[usize]| -> StringRecord {
            at.iter().map(|&i| rec.get(i).unwrap_or("")).collect()
        };
        let header = pick(&self.header, &rest);
        let mut out = Vec::with_capacity(self.records.len());
        for (r, rec) in self.records.iter().enumerate() {
            let row = pick(rec, &rest)
                .deserialize::<T>(Some(&header))
                .map_err(|e| match e.kind() {
                    ErrorKind::Deserialize { err, .. } => match err.field() {
                        Some(f) => self.not_a_number(r, rest[f as usize]),
                        None => self.error(format!("row {}: {err}", r + 2)),
                    },
                    _ => self.error(format!("row {}: {e}", r + 2)),
                })?;
            let lead = lead_at
                .iter()
                .map(|&i| rec.get(i).unwrap_or("").to_string())
                .collect();
            out.push((lead, row));
        }
        Ok(out)
    }
}

/// Read the rows of `dir/name`.
pub fn read<T: Row>(dir: &Path, name: &str) -> Result<Vec<T>> {
    let file = CsvFile::open(dir, name, &T::columns())?;
    Ok(file
        .rows_led::<T>(&[])?
        .into_iter()
        .map(|(_, r)| r)
        .collect())
}

/// Read the rows of `dir/name` after the `lead` columns.
pub fn read_led<T: Row>(dir: &Path, name: &str, lead: &[String]) -> Result<Vec<(Vec<String>, T)>> {
    let mut required = lead.to_vec();
    required.extend(T::columns());
    CsvFile::open(dir, name, &required)?.rows_led(lead)
}

/// The bytes of a CSV file of `rows` (header included), as [`write`](fn@write)
/// writes them.
pub fn to_bytes<T: Row>(rows: &[T]) -> Result<Vec<u8>> {
    let mut w = CsvWriter::memory(Path::new("(memory)"), &T::columns())?;
    for r in rows {
        w.row(r)?;
    }
    w.bytes()
}

/// The bytes of a CSV file of the `lead` columns and the columns of `T`
/// (header included), as [`write_led`] writes them.
pub fn led_to_bytes<T: Row>(lead: &[String], rows: &[(Vec<String>, T)]) -> Result<Vec<u8>> {
    let mut header = lead.to_vec();
    header.extend(T::columns());
    let mut w = CsvWriter::memory(Path::new("(memory)"), &header)?;
    for r in rows {
        w.row(r)?;
    }
    w.bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::tables::RankRow;

    fn row(name: &str, mean: f64) -> RankRow {
        RankRow {
            rank: 1,
            strategy: name.into(),
            index: 2,
            surplus_mean: mean,
            surplus_ci95: f64::NAN,
            surplus_sd: 0.0,
            deal_rate: 1.0,
            deal_rate_ci95: 0.25,
            deal_rate_given_zopa: 0.75,
            walk_away_rate: 0.125,
            share_given_deal_mean: 0.1,
            info_bits_mean: -0.0,
            crps_gain_mean: -0.25,
            bits_given_mean: 1e21,
            lies_detected_mean: -1.5,
            false_detections_mean: 0.0,
            runs: 7,
            clusters: 3,
        }
    }

    #[test]
    fn rows_are_written_with_num_and_quoted_names() {
        let text = String::from_utf8(to_bytes(&[row("soft,prober", 0.5)]).unwrap()).unwrap();
        assert_eq!(
            text,
            "rank,strategy,index,surplus_mean,surplus_ci95,surplus_sd,deal_rate,deal_rate_ci95,\
             deal_rate_given_zopa,walk_away_rate,share_given_deal_mean,info_bits_mean,\
             crps_gain_mean,bits_given_mean,lies_detected_mean,false_detections_mean,runs,\
             clusters\n\
             1,\"soft,prober\",2,0.5,,0,1,0.25,0.75,0.125,0.1,0,-0.25,1e21,-1.5,0,7,3\n"
        );
    }

    #[test]
    fn rows_read_back_by_column_name() {
        let dir = tempfile::tempdir().unwrap();
        write(&dir.path().join("r.csv"), &[row("a \"b\", c", -2.25)]).unwrap();
        let back: Vec<RankRow> = read(dir.path(), "r.csv").unwrap();
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].strategy, "a \"b\", c");
        assert_eq!(back[0].surplus_mean, -2.25);
        assert!(back[0].surplus_ci95.is_nan());
        assert_eq!(back[0].runs, 7);
    }

    #[test]
    fn reading_names_the_row_column_and_value() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.csv");
        let text = String::from_utf8(to_bytes(&[row("x", 1.0)]).unwrap()).unwrap();
        fs::write(&p, text.replace(",0.1,", ",lots,")).unwrap();
        let e = read::<RankRow>(dir.path(), "r.csv")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("r.csv")
                && e.contains("row 2, column 'share_given_deal_mean': 'lots' is not a number"),
            "{e}"
        );
        fs::write(&p, "rank,strategy\n1,x\n").unwrap();
        let e = read::<RankRow>(dir.path(), "r.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("has no column 'index'"), "{e}");
    }

    #[test]
    fn leading_columns_come_first() {
        let dir = tempfile::tempdir().unwrap();
        let lead = vec!["exchange_rounds".to_string()];
        let rows = vec![(vec!["3".to_string()], row("x", 1.0))];
        write_led(&dir.path().join("s.csv"), &lead, &rows).unwrap();
        let text = fs::read_to_string(dir.path().join("s.csv")).unwrap();
        assert!(text.starts_with("exchange_rounds,rank,strategy,"), "{text}");
        assert!(text.contains("\n3,1,x,2,1,"), "{text}");
        let back = read_led::<RankRow>(dir.path(), "s.csv", &lead).unwrap();
        assert_eq!(back[0].0, ["3"]);
        assert_eq!(back[0].1.strategy, "x");
    }
}
