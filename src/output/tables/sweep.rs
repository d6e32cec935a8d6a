//! `sweep.csv`, `sweep_ranking.csv` and `sweep_comparisons.csv`: the
//! summary, ranking and comparison rows of every cell of a sweep (Holm's
//! correction within each cell), each led by the values of the swept parameters
//! (one column per parameter, named by [`Axis::column`]).
//!
//! [`Axis::column`]: crate::run::sweep::Axis::column

use crate::output::tables::comparisons::{ComparisonRow, comparison_rows};
use crate::output::tables::ranking::{RankRow, ranking};
use crate::output::tables::summary::{SummaryRow, summary_rows};
use crate::run::sweep::{Sweep, show};
use crate::run::tournament::TournamentResult;

/// A row of `sweep.csv`: the parameter values of its cell and a summary row.
pub type SweepRow = (Vec<String>, SummaryRow);

/// A row of `sweep_ranking.csv`: the parameter values of its cell and a
/// ranking row.
pub type SweepRankRow = (Vec<String>, RankRow);

/// A row of `sweep_comparisons.csv`: the parameter values of its cell and a
/// comparison row.
pub type SweepComparisonRow = (Vec<String>, ComparisonRow);

/// The rows of a sweep's three tables.
#[derive(Debug, Default)]
pub struct SweepTables {
    /// `sweep.csv`.
    pub summary: Vec<SweepRow>,
    /// `sweep_ranking.csv`.
    pub ranking: Vec<SweepRankRow>,
    /// `sweep_comparisons.csv`.
    pub comparisons: Vec<SweepComparisonRow>,
}

/// The parameter columns of a sweep.
pub fn parameter_columns(sweep: &Sweep) -> Vec<String> {
    sweep.axes.iter().map(|a| a.column()).collect()
}

/// The rows of `sweep.csv`, `sweep_ranking.csv` and
/// `sweep_comparisons.csv`, cell by cell.
pub fn sweep_rows(sweep: &Sweep, results: &[TournamentResult]) -> SweepTables {
    let mut t = SweepTables::default();
    for ((point, _), res) in sweep.cells.iter().zip(results) {
        let lead: Vec<String> = point.iter().map(show).collect();
        t.summary
            .extend(summary_rows(res).into_iter().map(|r| (lead.clone(), r)));
        t.ranking
            .extend(ranking(res).into_iter().map(|r| (lead.clone(), r)));
        t.comparisons
            .extend(comparison_rows(res).into_iter().map(|r| (lead.clone(), r)));
    }
    t
}
