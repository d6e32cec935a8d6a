//! Chart 2: a strategy x opponent heatmap (mean surplus, deal rate, ...) with the value
//! written in every cell and a colour bar. Sequential colours (YlGnBu) for one-signed data,
//! a diverging scale (PuOr) centred on zero when values have both signs.

use super::canvas::{Canvas, DrawResult};
use super::data::MatrixData;
use super::layout::{
    MARGIN, NumFmt, common_decimals, draw_categories, draw_empty, draw_title, finite_extent, fit,
    format_fixed, format_tick, nice_ticks, plan_categories, widen,
};
use super::output::{Chart, ChartError, render};
use super::style::{
    AXIS_LABEL_SIZE, FRAME, INK, MIN_TEXT_SIZE, MUTED, TICK_SIZE, WHITE, diverging, luminance,
    sequential, solid,
};
use super::text::{HAlign, TextSpec, VAlign, ellipsize, measure};
use plotters::prelude::DrawingBackend;
use plotters::style::{RGBAColor, RGBColor};
use std::path::Path;

/// Renders the heatmap to `out_base.png` and `out_base.svg`.
pub fn render_matrix(data: &MatrixData, out_base: &Path) -> Result<(), ChartError> {
    render(data, out_base)
}

/// Maps values to colours.
struct ColorScale {
    lo: f64,
    hi: f64,
    diverging: bool,
}

impl ColorScale {
    fn new(values: impl IntoIterator<Item = f64>, percent: bool) -> Self {
        let (lo, hi) = finite_extent(values).unwrap_or((0.0, 1.0));
        if percent && lo >= 0.0 && hi <= 1.0 {
            // Fractions stay within 0-100% even when all cells are equal.
            let (a, b) = widen(lo, hi);
            let (a, b) = (a.max(0.0), b.min(1.0));
            return Self {
                lo: a,
                hi: if b > a { b } else { a + 0.01 },
                diverging: false,
            };
        }
        if lo < 0.0 && hi > 0.0 {
            let m = lo.abs().max(hi.abs());
            return Self {
                lo: -m,
                hi: m,
                diverging: true,
            };
        }
        let (lo, hi) = widen(lo, hi);
        Self {
            lo,
            hi,
            diverging: false,
        }
    }
    fn color(&self, v: f64) -> RGBColor {
        let t = (v - self.lo) / (self.hi - self.lo);
        if self.diverging {
            diverging(t)
        } else {
            sequential(0.05 + 0.9 * t)
        }
    }
}

impl Chart for MatrixData {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> DrawResult<DB> {
        let n = self.names.len();
        if n == 0 {
            return draw_empty(cv, &self.title, "no matchups in this run");
        }
        cv.fill(&WHITE)?;
        let fmt = if self.percent {
            NumFmt::Percent
        } else {
            NumFmt::Plain
        };
        let value = |r: usize, c: usize| -> f64 {
            self.values
                .get(r)
                .and_then(|row| row.get(c))
                .copied()
                .unwrap_or(f64::NAN)
        };
        let all: Vec<f64> = (0..n)
            .flat_map(|r| (0..n).map(move |c| (r, c)))
            .map(|(r, c)| value(r, c))
            .collect();
        let scale = ColorScale::new(all.iter().copied(), self.percent);
        let subtitle = if self.value_label.trim().is_empty() {
            None
        } else {
            Some(format!(
                "Cell: {} of the row strategy against the column opponent",
                self.value_label.trim()
            ))
        };
        let top = draw_title(cv, &self.title, subtitle.as_deref())? + 6.0;

        // Horizontal budget: row label, row names, grid, colour bar with ticks and label.
        let (bar_ticks, bar_step) = nice_ticks(scale.lo, scale.hi, 6, false);
        let bar_labels: Vec<String> = bar_ticks
            .iter()
            .map(|t| format_tick(*t, bar_step, fmt))
            .collect();
        let bar_tick_w = bar_labels
            .iter()
            .map(|l| measure(l, TICK_SIZE, false))
            .fold(0.0, f64::max);
        let bar_w = 34.0;
        let right = 40.0 + bar_w + 10.0 + bar_tick_w + 14.0 + AXIS_LABEL_SIZE * 1.2;
        let row_label_w = if self.row_label.trim().is_empty() {
            0.0
        } else {
            AXIS_LABEL_SIZE * 1.3
        };
        let name_size = TICK_SIZE + 1.0;
        let max_name_w = 330.0;
        let names_w = self
            .names
            .iter()
            .map(|s| measure(s, name_size, false))
            .fold(0.0, f64::max)
            .min(max_name_w);
        let left = row_label_w + names_w + 14.0;
        let col_label_h = if self.col_label.trim().is_empty() {
            0.0
        } else {
            AXIS_LABEL_SIZE * 1.35
        };
        let avail_w = cv.width() - 2.0 * MARGIN - left - right;
        let cells = |band: f64| {
            let avail_h = cv.height() - MARGIN - top - band - col_label_h;
            let cell_h = (avail_h / n as f64).max(4.0);
            (cell_h, (avail_w / n as f64).min(cell_h * 1.8).max(4.0))
        };
        // Column names may need staggering, which takes height from the cells: plan twice.
        let (_, first_w) = cells(plan_categories(&self.names, avail_w / n as f64, false).band());
        let plan = plan_categories(&self.names, first_w, false);
        let (cell_h, cell_w) = cells(plan.band());
        let grid_w = cell_w * n as f64;
        let grid_h = cell_h * n as f64;
        let gx0 = MARGIN + left + (avail_w - grid_w).max(0.0) / 2.0;
        let gy0 = top;

        // Cells with their values.
        let decimals = common_decimals(all.iter().copied(), fmt);
        let mut size = (cell_h * 0.3).clamp(12.0, 32.0);
        let widest = all
            .iter()
            .map(|v| measure(&format_fixed(*v, fmt, decimals), size, true))
            .fold(0.0, f64::max);
        if widest > cell_w - 12.0 {
            size = (size * (cell_w - 12.0) / widest).max(10.0);
        }
        for r in 0..n {
            for c in 0..n {
                let v = value(r, c);
                let (x0, y0) = (gx0 + c as f64 * cell_w, gy0 + r as f64 * cell_h);
                let (fill, text, ink) = if v.is_finite() {
                    let col = scale.color(v);
                    let ink = if luminance(col) < 0.33 {
                        solid(WHITE)
                    } else {
                        INK
                    };
                    (col, format_fixed(v, fmt, decimals), ink)
                } else {
                    (RGBColor(0xEE, 0xEE, 0xEE), "n/a".to_string(), MUTED)
                };
                cv.fill_rect(
                    (x0 + 1.0, y0 + 1.0),
                    (x0 + cell_w - 1.0, y0 + cell_h - 1.0),
                    &fill,
                )?;
                let spec = TextSpec::new(size)
                    .bold()
                    .color(ink)
                    .anchor(HAlign::Center, VAlign::Center);
                cv.text(&text, x0 + cell_w / 2.0, y0 + cell_h / 2.0, &spec)?;
            }
        }
        cv.stroke_rect((gx0, gy0), (gx0 + grid_w, gy0 + grid_h), &FRAME, 1.5)?;

        // Row names (left) and the row label, column names (below) and the column label.
        let mut rsize = name_size;
        while rsize > MIN_TEXT_SIZE
            && self
                .names
                .iter()
                .any(|s| measure(s, rsize, false) > max_name_w)
        {
            rsize -= 0.5;
        }
        let rspec = TextSpec::new(rsize.min(cell_h * 0.8))
            .color(INK)
            .anchor(HAlign::Right, VAlign::Center);
        for (r, name) in self.names.iter().enumerate() {
            let text = ellipsize(name, rspec.size, false, max_name_w);
            cv.text(&text, gx0 - 14.0, gy0 + (r as f64 + 0.5) * cell_h, &rspec)?;
        }
        if row_label_w > 0.0 {
            let (s, t) = fit(self.row_label.trim(), AXIS_LABEL_SIZE, false, grid_h);
            let spec = TextSpec::new(s)
                .color(INK)
                .anchor(HAlign::Center, VAlign::Top)
                .up();
            cv.text(
                &t,
                gx0 - 14.0 - names_w - 14.0 - AXIS_LABEL_SIZE * 1.2,
                gy0 + grid_h / 2.0,
                &spec,
            )?;
        }
        let centres: Vec<f64> = (0..n).map(|c| gx0 + (c as f64 + 0.5) * cell_w).collect();
        draw_categories(
            cv,
            &centres,
            cell_w,
            gy0 + grid_h + 10.0,
            &self.names,
            &[],
            &plan,
        )?;
        let used = plan.band() - 14.0;
        if col_label_h > 0.0 {
            let (s, t) = fit(
                self.col_label.trim(),
                AXIS_LABEL_SIZE,
                false,
                grid_w.max(400.0),
            );
            let spec = TextSpec::new(s)
                .color(INK)
                .anchor(HAlign::Center, VAlign::Top);
            cv.text(
                &t,
                gx0 + grid_w / 2.0,
                gy0 + grid_h + 10.0 + used + 6.0,
                &spec,
            )?;
        }

        // Colour bar.
        let bx0 = gx0 + grid_w + 40.0;
        let (by0, by1) = (gy0, gy0 + grid_h);
        let steps = 120;
        for i in 0..steps {
            let t0 = i as f64 / steps as f64;
            let t1 = (i + 1) as f64 / steps as f64;
            let v = scale.lo + (scale.hi - scale.lo) * (t0 + t1) / 2.0;
            let (ya, yb) = (by1 - (by1 - by0) * t0, by1 - (by1 - by0) * t1);
            cv.fill_rect((bx0, yb - 0.5), (bx0 + bar_w, ya + 0.5), &scale.color(v))?;
        }
        cv.stroke_rect((bx0, by0), (bx0 + bar_w, by1), &FRAME, 1.5)?;
        let tspec = TextSpec::new(TICK_SIZE)
            .color(INK)
            .anchor(HAlign::Left, VAlign::Center);
        for (t, l) in bar_ticks.iter().zip(&bar_labels) {
            let y = by1 - (by1 - by0) * (t - scale.lo) / (scale.hi - scale.lo);
            cv.line(
                &[(bx0 + bar_w, y), (bx0 + bar_w + 7.0, y)],
                &FRAME,
                1.5,
                super::canvas::Dash::Solid,
            )?;
            cv.text(l, bx0 + bar_w + 10.0, y, &tspec)?;
        }
        if !self.value_label.trim().is_empty() {
            let (s, t) = fit(self.value_label.trim(), AXIS_LABEL_SIZE, false, grid_h);
            let spec = TextSpec::new(s)
                .color(RGBAColor(INK.0, INK.1, INK.2, 1.0))
                .anchor(HAlign::Center, VAlign::Top)
                .up();
            cv.text(
                &t,
                bx0 + bar_w + 10.0 + bar_tick_w + 14.0,
                (by0 + by1) / 2.0,
                &spec,
            )?;
        }
        Ok(())
    }
}
