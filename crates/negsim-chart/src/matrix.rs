//! Chart 2: a strategy x opponent heatmap (mean surplus, deal rate, ...) with the value
//! written in every cell and a colour bar (drawn by the shared [`super::heatmap`]).

use crate::canvas::{Canvas, DrawResult};
use crate::data::MatrixData;
use crate::heatmap::Heatmap;
use crate::labels::{draw_empty, draw_title};
use crate::output::{Chart, ChartError, render};
use crate::style::WHITE;
use plotters::prelude::DrawingBackend;
use std::path::Path;

/// Renders the heatmap to `out_base.png` and `out_base.svg`.
pub fn render_matrix(data: &MatrixData, out_base: &Path) -> Result<(), ChartError> {
    render(data, out_base)
}

impl Chart for MatrixData {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> DrawResult<DB> {
        if self.names.is_empty() {
            return draw_empty(cv, &self.title, "no matchups in this run");
        }
        cv.fill(&WHITE)?;
        // The subtitle names the value and carries the notes after a `;`,
        // which would not fit along the colour bar.
        let (value, note) = crate::heatmap::split_note(&self.value_label);
        let subtitle = (!value.is_empty()).then(|| {
            format!("Cell: {value} of the row strategy against the column opponent{note}")
        });
        let top = draw_title(cv, &self.title, subtitle.as_deref())? + 6.0;
        Heatmap {
            rows: &self.names,
            cols: &self.names,
            values: &self.values,
            row_label: &self.row_label,
            col_label: &self.col_label,
            value_label: value,
            percent: self.percent,
            thin_labels: false,
            max_aspect: 1.8,
            min_span: self.min_span,
        }
        .draw(cv, top)
    }
}
