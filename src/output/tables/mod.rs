//! The CSV files of a results folder: one typed row per file, written and
//! read back with the `csv` crate (numbers through
//! [`num`](crate::output::format::num), so NaN is an empty field; names
//! with commas or quotes are quoted), and how each row is computed from a
//! finished tournament.

pub mod asymmetry;
pub mod asymmetry_design;
pub mod asymmetry_within;
pub mod columns;
pub mod comparisons;
pub mod evolution;
pub mod io;
pub mod match_trace;
pub mod matrix;
pub mod ranking;
pub mod runs;
pub mod runs_parquet;
pub mod share_distribution;
pub mod summary;
pub mod sweep;

pub use asymmetry::{AsymmetryRow, asymmetry_rows};
pub use asymmetry_design::{DesignRow, design_rows};
pub use asymmetry_within::{WithinRow, within_rows};
pub use comparisons::{ComparisonRow, comparison_rows};
pub use evolution::{Evolution, EvolutionRow, FixationRow};
pub use io::{CsvFile, Row, led_to_bytes, read, read_led, to_bytes, write, write_led};
pub use match_trace::{MatchTraceRow, match_trace_rows};
pub use matrix::{
    MatrixRow, deal_matrix, matrix_to_bytes, read_matrix, surplus_matrix, write_matrix,
};
pub use ranking::{RankRow, ranking};
pub use runs::{RunHead, RunMetrics, RunRow, RunsCsv, run_columns};
pub use runs_parquet::RunsParquet;
pub use share_distribution::{ShareRow, share_rows};
pub use summary::{SummaryRow, summary_rows};
pub use sweep::{
    SweepComparisonRow, SweepRankRow, SweepRow, SweepTables, parameter_columns, sweep_rows,
};
