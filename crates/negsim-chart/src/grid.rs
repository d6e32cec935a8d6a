//! Chart 10: a two-parameter sweep as a heatmap: rows are values of the first parameter,
//! columns values of the second, the result written in every cell, with a colour bar (drawn
//! by the shared [`super::heatmap`], like the matrix).

use crate::canvas::{Canvas, DrawResult};
use crate::data::GridData;
use crate::heatmap::Heatmap;
use crate::labels::{draw_empty, draw_title};
use crate::output::{Chart, ChartError, render};
use crate::style::WHITE;
use plotters::prelude::DrawingBackend;
use std::path::Path;

/// Renders the grid heatmap to `out_base.png` and `out_base.svg`.
pub fn render_grid(data: &GridData, out_base: &Path) -> Result<(), ChartError> {
    render(data, out_base)
}

impl Chart for GridData {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> DrawResult<DB> {
        // The subtitle names the value and carries the notes after a `;`,
        // which would not fit along the colour bar.
        let (value, note) = crate::heatmap::split_note(&self.value_label);
        let map = Heatmap {
            rows: &self.rows,
            cols: &self.cols,
            values: &self.values,
            row_label: &self.row_label,
            col_label: &self.col_label,
            value_label: value,
            percent: self.percent,
            thin_labels: true,
            max_aspect: 5.0,
            min_span: self.min_span,
        };
        if self.rows.is_empty() || self.cols.is_empty() {
            return draw_empty(cv, &self.title, "no parameter combinations to show");
        }
        if !map.all().iter().any(|v| v.is_finite()) {
            return draw_empty(cv, &self.title, "no results in this sweep");
        }
        cv.fill(&WHITE)?;
        let subtitle = (!value.is_empty())
            .then(|| format!("Cell: {value} for each combination of the two parameters{note}"));
        let top = draw_title(cv, &self.title, subtitle.as_deref())? + 6.0;
        map.draw(cv, top)
    }
}
