//! `negsim plot` (and `evolve`) bound their input (issue 19, point 7): a 4,000-row
//! `matrix.csv` took 30 s and 2.5 GB to draw as a 4,000 x 4,000 heatmap.
//! A matrix has one row per strategy of the manifest (at most 64) and is
//! at most 1 MiB; beyond that plot refuses at once, naming the file.

use std::fs;
use std::time::{Duration, Instant};

use super::tournament;
use crate::helpers::{assert_user_error, copy_results, negsim, s, tmp};

#[test]
fn plot_refuses_a_matrix_of_more_rows_than_strategies_at_once() {
    let t = tmp();
    let dir = tournament(t.path(), "default", None, &["--no-charts"]);
    for file in ["matrix.csv", "deal_matrix.csv"] {
        let bad = t.path().join(format!("rows-{file}"));
        copy_results(&dir, &bad);
        let text = fs::read_to_string(bad.join(file)).unwrap();
        let mut lines = text.lines();
        let mut big = format!("{}\n", lines.next().unwrap());
        let rows: Vec<&str> = lines.collect();
        for i in 0..4000 {
            big += rows[i % rows.len()];
            big.push('\n');
        }
        fs::write(bad.join(file), big).unwrap();
        let start = Instant::now();
        let o = negsim(t.path(), &["plot", s(&bad)]);
        assert_user_error(
            &o,
            &[file, "4000 rows", "4 strategies"],
            &format!("plot with a 4000-row {file}"),
        );
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{:?}",
            start.elapsed()
        );
    }
    // A file over 1 MiB is not read at all.
    let bad = t.path().join("huge");
    copy_results(&dir, &bad);
    let mut text = fs::read_to_string(bad.join("matrix.csv")).unwrap();
    text += &"\n".repeat(2 << 20);
    fs::write(bad.join("matrix.csv"), text).unwrap();
    let o = negsim(t.path(), &["plot", s(&bad)]);
    assert_user_error(
        &o,
        &["matrix.csv", "1024 KiB"],
        "plot with a 2 MiB matrix.csv",
    );
    // `evolve` reads the matrix with its own reader: bounded the same way.
    let o = negsim(t.path(), &["evolve", s(&bad)]);
    assert_user_error(
        &o,
        &["matrix.csv", "1024 KiB"],
        "evolve with a 2 MiB matrix.csv",
    );
}
