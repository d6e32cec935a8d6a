//! Outputs: the results folder (CSV files and manifest), the charts drawn
//! from it, the report, and the transcript of one negotiation.
//!
//! | module | what it holds |
//! |---|---|
//! | [`format`](mod@format) | every number format: CSV cells, money, percentages |
//! | [`results_dir`] | writing folders and files whole or not at all |
//! | [`manifest`] | `manifest.json`, written and read back |
//! | [`tables`] | one typed row per CSV file, computed, written, read back |
//! | `results` | a tournament's or a sweep's tables in memory, and its files in one go |
//! | [`figures`] | the charts, drawn from the CSV files only |
//! | [`report`] | `report.html` and `report.md` |
//! | [`transcript`] | the text of `negsim trace` |

pub mod bench;
pub mod figures;
pub mod format;
pub mod manifest;
pub mod paired_folders;
pub mod report;
mod results;
pub mod results_dir;
pub mod tables;
pub mod transcript;

pub use format::{money, num};
pub use manifest::{Manifest, fingerprint, sweep_fingerprint};
pub use results::{CsvTable, sweep_tables, tournament_tables, write_results, write_sweep};
pub use results_dir::{ResultsDir, write_atomic};
pub use tables::{Evolution, RankRow, RunsCsv, deal_matrix, ranking, summary_rows, surplus_matrix};
