//! `sweep.csv` and `sweep_ranking.csv`: the summary and ranking rows of
//! every cell of a sweep, each led by the values of the swept parameters
//! (one column per parameter, named by [`Axis::column`]).
//!
//! [`Axis::column`]: crate::run::sweep::Axis::column

use crate::output::tables::ranking::{RankRow, ranking};
use crate::output::tables::summary::{SummaryRow, summary_rows};
use crate::run::sweep::{Sweep, show};
use crate::run::tournament::TournamentResult;

/// A row of `sweep.csv`: the parameter values of its cell and a summary row.
pub type SweepRow = (Vec<String>, SummaryRow);

/// A row of `sweep_ranking.csv`: the parameter values of its cell and a
/// ranking row.
pub type SweepRankRow = (Vec<String>, RankRow);

/// The parameter columns of a sweep.
pub fn parameter_columns(sweep: &Sweep) -> Vec<String> {
    sweep.axes.iter().map(|a| a.column()).collect()
}

/// The rows of `sweep.csv` and `sweep_ranking.csv`, cell by cell.
pub fn sweep_rows(
    sweep: &Sweep,
    results: &[TournamentResult],
) -> (Vec<SweepRow>, Vec<SweepRankRow>) {
    let mut rows = Vec::new();
    let mut rank_rows = Vec::new();
    for ((point, _), res) in sweep.cells.iter().zip(results) {
        let lead: Vec<String> = point.iter().map(show).collect();
        rows.extend(summary_rows(res).into_iter().map(|r| (lead.clone(), r)));
        rank_rows.extend(ranking(res).into_iter().map(|r| (lead.clone(), r)));
    }
    (rows, rank_rows)
}
