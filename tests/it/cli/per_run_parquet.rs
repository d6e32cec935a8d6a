//! `--per-run --format parquet`: runs.parquet holds the rows of runs.csv,
//! the same columns typed (text, 64-bit integers, doubles), read back here
//! with the `parquet` crate's own reader and compared field by field with
//! the runs.csv of the same run.

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use std::fs;
use std::path::{Path, PathBuf};

use crate::helpers::*;

fn run_per_run(cwd: &Path, cfg: &Path, runs: u64, out: &str, extra: &[&str]) -> PathBuf {
    let runs = runs.to_string();
    let mut args = vec![
        "run",
        s(cfg),
        "--runs",
        &runs,
        "--per-run",
        "--no-charts",
        "--out",
        out,
        "-q",
    ];
    args.extend_from_slice(extra);
    let o = negsim(cwd, &args);
    assert_ok(&o, &format!("negsim {}", args.join(" ")));
    cwd.join(out)
}

/// The rows of a Parquet file: its column names, and each row's fields as
/// runs.csv writes them (a double through `num`, so NaN is empty), with
/// the number of row groups.
fn read_parquet(path: &Path) -> (Vec<String>, Vec<Vec<String>>, usize) {
    let file = fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let reader = SerializedFileReader::new(file).expect("a Parquet file");
    let groups = reader.metadata().num_row_groups();
    let names: Vec<String> = reader
        .metadata()
        .file_metadata()
        .schema_descr()
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let rows = reader
        .get_row_iter(None)
        .expect("rows")
        .map(|row| {
            row.expect("a row")
                .get_column_iter()
                .map(|(_, f)| match f {
                    Field::Str(s) => s.clone(),
                    Field::Long(i) => i.to_string(),
                    Field::Double(x) => negsim::number::num(*x),
                    other => panic!("unexpected Parquet field {other:?}"),
                })
                .collect()
        })
        .collect();
    (names, rows, groups)
}

/// The same run with runs.csv and runs.parquet: the same columns in the
/// same order, and every field of every row equal (a double shown as
/// runs.csv shows it); the Parquet file has several row groups; the other
/// tables are byte-identical; the manifest lists runs.parquet.
fn parquet_matches_csv(cfg: &Path, runs: u64, groups_at_least: usize) {
    let cwd = tmp();
    let c = run_per_run(cwd.path(), cfg, runs, "c", &[]);
    let p = run_per_run(cwd.path(), cfg, runs, "p", &["--format", "parquet"]);
    let (header, csv_rows) = read_csv(&c.join("runs.csv"));
    let (names, pq_rows, groups) = read_parquet(&p.join("runs.parquet"));
    assert_eq!(names, header, "runs.parquet columns");
    assert_eq!(pq_rows.len(), csv_rows.len(), "runs.parquet rows");
    assert!(groups >= groups_at_least, "{groups} row groups");
    for (i, (a, b)) in pq_rows.iter().zip(&csv_rows).enumerate() {
        assert_eq!(a, b, "row {} differs", i + 1);
    }
    assert!(
        !p.join("runs.csv").exists(),
        "runs.csv written beside runs.parquet"
    );
    let files: Vec<String> = read_manifest(&p)["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f.as_str().expect("file name").to_string())
        .collect();
    assert!(files.contains(&"runs.parquet".to_string()), "{files:?}");
    assert!(!files.contains(&"runs.csv".to_string()), "{files:?}");
    for t in [
        "summary.csv",
        "ranking.csv",
        "matrix.csv",
        "comparisons.csv",
    ] {
        assert_eq!(
            fs::read(c.join(t)).unwrap(),
            fs::read(p.join(t)).unwrap(),
            "{t} differs between the csv and the parquet run"
        );
    }
}

#[test]
fn runs_parquet_holds_the_values_of_runs_csv() {
    // 16 pairings x 4,200 runs = 67,200 rows: two row groups.
    parquet_matches_csv(&config("default.toml"), 4200, 2);
}

#[test]
fn runs_parquet_of_a_multi_issue_run_has_the_issue_and_weight_columns() {
    let cfg = config("integrative.toml");
    parquet_matches_csv(&cfg, 150, 1);
}

/// `--format parquet` without `--per-run`, with `--shard`, or an unknown
/// format: exit code 2, one message naming the flag, nothing written.
#[test]
fn a_parquet_format_that_cannot_apply_is_refused() {
    let cwd = tmp();
    let cases: [(&[&str], &[&str]); 3] = [
        (
            &["run", "--format", "parquet", "--out", "r"],
            &["--format parquet", "--per-run"],
        ),
        (
            &[
                "run",
                "--per-run",
                "--format",
                "parquet",
                "--shard",
                "1/2",
                "--out",
                "r",
            ],
            &["--format parquet", "--shard"],
        ),
        (
            &["run", "--per-run", "--format", "json", "--out", "r"],
            &["json", "csv", "parquet"],
        ),
    ];
    for (args, expected) in cases {
        let out = negsim(cwd.path(), args);
        assert_user_error(&out, expected, &args.join(" "));
        assert!(
            entries(cwd.path()).is_empty(),
            "{args:?} wrote {:?}",
            entries(cwd.path())
        );
    }
}

/// `run --from` a folder with runs.parquet writes runs.parquet again, with
/// the same rows.
#[test]
fn rerun_from_a_parquet_folder_writes_parquet() {
    let cwd = tmp();
    let first = run_per_run(
        cwd.path(),
        &config("default.toml"),
        60,
        "a",
        &["--format", "parquet"],
    );
    let manifest = first.join("manifest.json");
    let out = negsim(
        cwd.path(),
        &[
            "run",
            "--from",
            s(&manifest),
            "--no-charts",
            "--out",
            "b",
            "-q",
        ],
    );
    assert_ok(&out, "negsim run --from a parquet folder");
    let again = cwd.path().join("b");
    assert!(!again.join("runs.csv").exists(), "{:?}", entries(&again));
    let (_, a, _) = read_parquet(&first.join("runs.parquet"));
    let (_, b, _) = read_parquet(&again.join("runs.parquet"));
    assert_eq!(a, b, "the rerun's runs.parquet differs");
}
