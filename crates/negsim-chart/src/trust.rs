//! Chart 6: trust and disclosure over the runs of a match: two stacked panels sharing the
//! x axis (run index), one line per pairing coloured by the focal strategy; the opponent is
//! told apart by the line's dash and marker shape, and named in the legend.

use crate::axes::{Axis, Ticks, draw_axes, y_tick_width};
use crate::canvas::{Canvas, Dash, DrawResult, Marker};
use crate::data::{Series, TrustData};
use crate::labels::{MARGIN, draw_empty, draw_note, draw_title};
use crate::legend::{
    Key, LegendItem, draw_legend_band, draw_legend_column, legend_band_height, legend_column_width,
};
use crate::output::{Chart, ChartError, render};
use crate::scale::{Frame, Rect, finite_extent, padded_range};
use crate::style::{WHITE, solid, strategy_color};
use plotters::prelude::DrawingBackend;
use std::path::Path;

/// Renders the trust chart to `out_base.png` and `out_base.svg`.
pub fn render_trust(data: &TrustData, out_base: &Path) -> Result<(), ChartError> {
    render(data, out_base)
}

/// Line style of every distinct series label: (label, colour index, dashed, marker).
pub(crate) fn series_styles<'a>(
    all: impl Iterator<Item = &'a Series>,
) -> Vec<(String, usize, bool, Marker)> {
    let mut styles: Vec<(String, usize, bool, Marker)> = Vec::new();
    for s in all {
        if styles.iter().any(|(l, ..)| *l == s.label) {
            continue;
        }
        let same_colour = styles
            .iter()
            .filter(|(_, c, ..)| *c == s.color_index)
            .count();
        styles.push((
            s.label.clone(),
            s.color_index,
            s.dashed,
            Marker::CYCLE[same_colour % Marker::CYCLE.len()],
        ));
    }
    styles
}

fn finite_points(s: &Series) -> impl Iterator<Item = &(f64, f64)> {
    s.points
        .iter()
        .filter(|p| p.0.is_finite() && p.1.is_finite())
}

/// Draws series lines with markers in `f`.
pub(crate) fn draw_series<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    f: &Frame,
    series: &[Series],
    styles: &[(String, usize, bool, Marker)],
) -> DrawResult<DB> {
    for s in series {
        let marker = styles
            .iter()
            .find(|(l, ..)| *l == s.label)
            .map(|t| t.3)
            .unwrap_or(Marker::Circle);
        let color = strategy_color(s.color_index);
        let mut pts: Vec<(f64, f64)> = finite_points(s).copied().collect();
        pts.sort_by(|a, b| a.0.total_cmp(&b.0));
        let px: Vec<(f64, f64)> = pts.iter().map(|p| f.pt(p.0, p.1)).collect();
        let dash = if s.dashed { Dash::Dashed } else { Dash::Solid };
        cv.line(&px, &color, 3.0, dash)?;
        if px.len() <= 40 {
            for p in &px {
                cv.marker(marker, *p, 14.0, &color, Some((solid(WHITE), 1.5)))?;
            }
        }
    }
    Ok(())
}

impl Chart for TrustData {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> DrawResult<DB> {
        let all = || self.trust.iter().chain(&self.disclosure);
        let xs = || all().flat_map(finite_points).map(|p| p.0);
        let Some((x_min, x_max)) = finite_extent(xs()) else {
            return draw_empty(cv, &self.title, "no matches to show in this run");
        };
        // Run indices: pad by at least half a run so a single run sits mid-panel.
        let pad = ((x_max - x_min) * 0.03).max(0.5);
        let (x_lo, x_hi) = (x_min - pad, x_max + pad);
        cv.fill(&WHITE)?;
        let top = draw_title(
            cv,
            &self.title,
            Some("Colour: focal strategy \u{b7} dash and marker: opponent"),
        )?;
        let styles = series_styles(all());
        let items: Vec<LegendItem> = styles
            .iter()
            .map(|(label, c, dashed, m)| LegendItem {
                label: label.clone(),
                color: solid(strategy_color(*c)),
                key: Key::Line {
                    dash: if *dashed { Dash::Dashed } else { Dash::Solid },
                    marker: Some(*m),
                    width: 3.0,
                },
            })
            .collect();

        // Legend: a band under the title if it takes at most two rows, else a column.
        let full_w = cv.width() - 2.0 * MARGIN;
        let band_h = legend_band_height(&items, full_w);
        let (plot_top, plot_right) = if band_h <= 2.0 * crate::legend::LEGEND_ROW + 6.0 {
            draw_legend_band(cv, &items, cv.width() / 2.0, top - 6.0, full_w)?;
            (top + band_h + 4.0, cv.width() - MARGIN)
        } else {
            let w = legend_column_width(&items, Some("Pairing"), 420.0);
            draw_legend_column(
                cv,
                &items,
                Some("Pairing"),
                cv.width() - MARGIN - w,
                top + 4.0,
                w,
            )?;
            (top, cv.width() - MARGIN - w - 36.0)
        };

        let integer = xs().all(|x| x.fract() == 0.0);
        let x_axis = |last: bool| {
            let a = Axis::new(x_lo, x_hi).ticks(Ticks::Auto { max: 20, integer });
            if last {
                a.label("Run within the match")
            } else {
                a.no_tick_labels()
            }
        };
        let bottom = cv.height() - MARGIN;
        let mid = plot_top + (bottom - plot_top) * 0.47;
        let panels: [(&[Series], &str, bool); 2] = [
            (&self.trust, "Mean trust (0\u{2013}1)", true),
            (&self.disclosure, "Confidences per run", false),
        ];
        let mut plans = Vec::with_capacity(2);
        for (i, (series, label, unit)) in panels.into_iter().enumerate() {
            let rect = if i == 0 {
                Rect::new(MARGIN, plot_top, plot_right, mid)
            } else {
                Rect::new(MARGIN, mid + 14.0, plot_right, bottom)
            };
            let ys: Vec<f64> = series.iter().flat_map(finite_points).map(|p| p.1).collect();
            let range = if unit {
                match finite_extent(ys.iter().copied()) {
                    Some((a, b)) if a >= 0.0 && b <= 1.0 => Some((-0.04, 1.04)),
                    _ => padded_range(ys.iter().copied(), 0.06),
                }
            } else if ys.is_empty() {
                None
            } else {
                padded_range(ys.iter().copied().chain([0.0]), 0.05)
            };
            let y_axis =
                Axis::new(range.map_or(0.0, |r| r.0), range.map_or(1.0, |r| r.1)).label(label);
            plans.push((rect, x_axis(i == 1), y_axis, series, range));
        }
        // Both panels share the x axis: align their plot frames.
        let tick_w = plans
            .iter()
            .map(|(rect, x, y, ..)| y_tick_width(*rect, x, y))
            .fold(0.0, f64::max);
        for (rect, x, y, series, range) in plans {
            let f = draw_axes(cv, rect, &x, &y.min_tick_width(tick_w))?;
            if range.is_none() {
                draw_note(cv, Rect::new(f.x0, f.y0, f.x1, f.y1), "no data")?;
                continue;
            }
            draw_series(cv, &f, series, &styles)?;
        }
        Ok(())
    }
}
