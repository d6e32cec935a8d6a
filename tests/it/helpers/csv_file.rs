//! CSV files as a header and rows of strings: reading (every row as long
//! as the header), writing, spoiling a cell or a column, and column names.

use std::path::Path;

/// A CSV file as header and rows. The test fails if the file is not CSV
/// or if a row has more or fewer fields than the header (every CSV file
/// negsim writes is rectangular).
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let header: Vec<String> = r
        .headers()
        .unwrap_or_else(|e| panic!("{}: bad header: {e}", path.display()))
        .iter()
        .map(str::to_string)
        .collect();
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|rec| {
            rec.unwrap_or_else(|e| panic!("{}: bad row: {e}", path.display()))
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    assert_rectangular(&header, &rows, &path.display().to_string());
    (header, rows)
}

/// Every row has as many fields as the header.
fn assert_rectangular(header: &[String], rows: &[Vec<String>], file: &str) {
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(
            r.len(),
            header.len(),
            "{file}: data row {} has {} fields, the header {}: {r:?}",
            i + 1,
            r.len(),
            header.len()
        );
    }
}

/// Write `header` and `rows` as the CSV file `path`.
pub fn write_csv(path: &Path, header: &[String], rows: &[Vec<String>]) {
    let mut w = csv::Writer::from_path(path).expect("create CSV");
    w.write_record(header).expect("write header");
    for r in rows {
        w.write_record(r).expect("write row");
    }
    w.flush().expect("flush CSV");
}

/// The index of column `name` of `file`'s header.
pub fn col(header: &[String], name: &str, file: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("{file} has no column `{name}`: {header:?}"))
}

/// Replace column `column` of data row `row` (0-based) with `value`.
pub fn set_cell(path: &Path, row: usize, column: &str, value: &str) {
    let (h, mut rows) = read_csv(path);
    let i = col(&h, column, &path.display().to_string());
    rows[row][i] = value.to_string();
    write_csv(path, &h, &rows);
}

/// Drop column `column` from a CSV file.
pub fn drop_column(path: &Path, column: &str) {
    let (mut h, mut rows) = read_csv(path);
    let i = col(&h, column, &path.display().to_string());
    h.remove(i);
    for r in &mut rows {
        r.remove(i);
    }
    write_csv(path, &h, &rows);
}

/// A column name in snake_case (`deal_rate`, `bits_a_mean`).
pub fn is_snake_case(name: &str) -> bool {
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('_')
        && !name.contains("__")
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
