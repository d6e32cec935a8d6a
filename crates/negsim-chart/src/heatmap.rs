//! The heatmap shared by the strategy x opponent matrix (chart 2) and the two-parameter grid
//! (chart 10): a rectangle of cells with the value written in each, row names on the left,
//! column names below, axis titles, and a colour bar. Sequential colours (YlGnBu) for
//! one-signed data, a diverging scale (PuOr) centred on zero when values have both signs.

use crate::axes::{CategoryPlan, draw_categories, plan_categories};
use crate::canvas::{Canvas, Dash, DrawResult};
use crate::format::{NumFmt, common_decimals, format_fixed, format_tick};
use crate::labels::{MARGIN, fit};
use crate::scale::{finite_extent, nice_ticks, widen};
use crate::style::{
    AXIS_LABEL_SIZE, FRAME, INK, MIN_TEXT_SIZE, MUTED, TICK_SIZE, WHITE, diverging, luminance,
    sequential, solid,
};
use crate::text::{HAlign, TextSpec, VAlign, ellipsize, measure};
use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;

/// Maps values to colours.
pub(crate) struct ColorScale {
    pub lo: f64,
    pub hi: f64,
    pub diverging: bool,
}

impl ColorScale {
    /// A scale covering the finite `values` and at least `min_span` (centred on their
    /// midrange, so that differences within the noise stay one colour): fractions (with
    /// `percent`) stay within 0-100%, values of both signs get a diverging scale symmetric
    /// about zero.
    pub fn new(values: impl IntoIterator<Item = f64>, percent: bool, min_span: f64) -> Self {
        let (mut lo, mut hi) = finite_extent(values).unwrap_or((0.0, 1.0));
        if min_span.is_finite() && hi - lo < min_span {
            let mid = (lo + hi) / 2.0;
            (lo, hi) = (mid - min_span / 2.0, mid + min_span / 2.0);
            if percent && lo < 0.0 {
                (lo, hi) = (0.0, min_span.min(1.0));
            } else if percent && hi > 1.0 {
                (lo, hi) = ((1.0 - min_span).max(0.0), 1.0);
            }
        }
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

    pub fn color(&self, v: f64) -> RGBColor {
        let t = (v - self.lo) / (self.hi - self.lo);
        if self.diverging {
            diverging(t)
        } else {
            sequential(0.05 + 0.9 * t)
        }
    }
}

/// Ink that reads on a cell of colour `fill`.
pub(crate) fn ink_on(fill: RGBColor) -> plotters::style::RGBAColor {
    if luminance(fill) < 0.33 {
        solid(WHITE)
    } else {
        INK
    }
}

/// A value label split at its first `;`: the value (for the colour bar)
/// and the note after it, as `"; note"` (empty when there is none).
pub(crate) fn split_note(label: &str) -> (&str, String) {
    match label.split_once(';') {
        Some((value, note)) if !note.trim().is_empty() => {
            (value.trim(), format!("; {}", note.trim()))
        }
        _ => (label.trim().trim_end_matches(';'), String::new()),
    }
}

/// A heatmap to draw below the title: `values[row][col]` (missing or NaN cells are grey
/// "n/a"), rows top to bottom in the given order.
pub(crate) struct Heatmap<'a> {
    pub rows: &'a [String],
    pub cols: &'a [String],
    pub values: &'a [Vec<f64>],
    pub row_label: &'a str,
    pub col_label: &'a str,
    pub value_label: &'a str,
    pub percent: bool,
    /// The names are values of a parameter (a sequence): when they cannot all be written
    /// side by side, label every k-th row or column instead of staggering or shrinking them.
    pub thin_labels: bool,
    /// Widest cell allowed, as a multiple of its height.
    pub max_aspect: f64,
    /// Smallest span of the colour scale (see [`ColorScale::new`]).
    pub min_span: f64,
}

/// Space between the grid and its row names, and between those and the row label.
const NAME_GAP: f64 = 14.0;
/// Longest row name, in pixels, before it is shortened.
const MAX_NAME_W: f64 = 330.0;
/// Smallest size cell values are written at; below it (tiny cells) they are left out.
const MIN_CELL_TEXT: f64 = 10.0;
/// Size row names are written at, unless they are too long or the rows too thin.
const NAME_SIZE: f64 = TICK_SIZE + 1.0;
/// Width of the colour bar.
const BAR_W: f64 = 34.0;

impl Heatmap<'_> {
    fn value(&self, r: usize, c: usize) -> f64 {
        self.values
            .get(r)
            .and_then(|row| row.get(c))
            .copied()
            .unwrap_or(f64::NAN)
    }

    /// Every cell value, row by row (NaN where missing).
    pub fn all(&self) -> Vec<f64> {
        (0..self.rows.len())
            .flat_map(|r| (0..self.cols.len()).map(move |c| (r, c)))
            .map(|(r, c)| self.value(r, c))
            .collect()
    }

    fn fmt(&self) -> NumFmt {
        if self.percent {
            NumFmt::Percent
        } else {
            NumFmt::Plain
        }
    }

    /// Column names every `k` columns, planned for slots of width `cell_w`.
    fn plan_columns(&self, cell_w: f64) -> (usize, CategoryPlan) {
        let plan = plan_categories(self.cols, cell_w, false);
        if !self.thin_labels || !plan.stagger {
            return (1, plan);
        }
        let nc = self.cols.len().max(1);
        for k in 2..=nc {
            let plan = plan_categories(self.cols, cell_w * k as f64, false);
            if !plan.stagger {
                return (k, plan);
            }
        }
        (nc, plan_categories(self.cols, cell_w * nc as f64, false))
    }

    /// Draws the heatmap in the canvas area below `top` (the y below the title).
    pub fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>, top: f64) -> DrawResult<DB> {
        if self.rows.is_empty() || self.cols.is_empty() {
            return Ok(());
        }
        let all = self.all();
        let scale = ColorScale::new(all.iter().copied(), self.percent, self.min_span);
        let bar = ColorBar::new(&scale, self.fmt());
        let g = self.layout(cv, top, &bar);
        self.draw_cells(cv, &g, &scale, &all)?;
        self.draw_row_names(cv, &g)?;
        self.draw_col_names(cv, &g)?;
        self.draw_color_bar(cv, &g, &scale, &bar)
    }

    /// Sizes the cells and places the grid below `top`. Horizontal budget: row label, row
    /// names, grid, colour bar with ticks and label.
    fn layout<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>, top: f64, bar: &ColorBar) -> Grid {
        let (nr, nc) = (self.rows.len(), self.cols.len());
        let right = 40.0 + BAR_W + 10.0 + bar.tick_w + 14.0 + AXIS_LABEL_SIZE * 1.2;
        let row_label_w = if self.row_label.trim().is_empty() {
            0.0
        } else {
            AXIS_LABEL_SIZE * 1.3
        };
        let names_w = self
            .rows
            .iter()
            .map(|s| measure(s, NAME_SIZE, false))
            .fold(0.0, f64::max)
            .min(MAX_NAME_W);
        let left = row_label_w + names_w + NAME_GAP;
        let col_label_h = if self.col_label.trim().is_empty() {
            0.0
        } else {
            AXIS_LABEL_SIZE * 1.35
        };
        let avail_w = cv.width() - 2.0 * MARGIN - left - right;
        let cells = |band: f64| {
            let avail_h = cv.height() - MARGIN - top - band - col_label_h;
            let cell_h = (avail_h / nr as f64).max(4.0);
            let cell_w = (avail_w / nc as f64).min(cell_h * self.max_aspect).max(4.0);
            // A single row of many columns should not become a wall of tall slivers.
            (cell_h.min(cell_w * 1.5).max(4.0), cell_w)
        };
        // Column names may need staggering, which takes height from the cells: plan twice.
        let (_, first_plan) = self.plan_columns(avail_w / nc as f64);
        let (_, first_w) = cells(first_plan.band());
        let (col_step, plan) = self.plan_columns(first_w);
        let (cell_h, cell_w) = cells(plan.band());
        let grid_w = cell_w * nc as f64;
        let grid_h = cell_h * nr as f64;
        let gx0 = MARGIN + left + (avail_w - grid_w).max(0.0) / 2.0;
        // A grid held back by its width (a single row, say) sits in the middle of the height.
        let spare = cv.height() - MARGIN - top - plan.band() - col_label_h - grid_h;
        let gy0 = top + (spare / 2.0).max(0.0);
        Grid {
            gx0,
            gy0,
            cell_w,
            cell_h,
            grid_w,
            grid_h,
            col_step,
            plan,
            names_w,
            row_label_w,
            col_label_h,
        }
    }

    /// Cells with their values (left out when the cells are too small to hold them).
    fn draw_cells<DB: DrawingBackend>(
        &self,
        cv: &Canvas<'_, DB>,
        g: &Grid,
        scale: &ColorScale,
        all: &[f64],
    ) -> DrawResult<DB> {
        let fmt = self.fmt();
        let (cell_w, cell_h) = (g.cell_w, g.cell_h);
        let decimals = common_decimals(all.iter().copied(), fmt);
        let texts: Vec<String> = all
            .iter()
            .map(|v| format_fixed(*v, fmt, decimals))
            .collect();
        let widest_at = |size: f64| {
            texts
                .iter()
                .map(|t| measure(t, size, true))
                .fold(0.0, f64::max)
        };
        let mut size = (cell_h * 0.3).clamp(12.0, 32.0);
        let widest = widest_at(size);
        if widest > cell_w - 12.0 {
            size = (size * (cell_w - 12.0) / widest).max(MIN_CELL_TEXT);
        }
        let write_values = widest_at(size) <= cell_w - 4.0 && size <= cell_h * 0.8;
        for r in 0..self.rows.len() {
            for c in 0..self.cols.len() {
                let v = self.value(r, c);
                let (x0, y0) = (g.gx0 + c as f64 * cell_w, g.gy0 + r as f64 * cell_h);
                let (fill, text, ink) = if v.is_finite() {
                    let col = scale.color(v);
                    (col, format_fixed(v, fmt, decimals), ink_on(col))
                } else {
                    (RGBColor(0xEE, 0xEE, 0xEE), "n/a".to_string(), MUTED)
                };
                let inset = if cell_w.min(cell_h) >= 12.0 { 1.0 } else { 0.0 };
                cv.fill_rect(
                    (x0 + inset, y0 + inset),
                    (x0 + cell_w - inset, y0 + cell_h - inset),
                    &fill,
                )?;
                if write_values {
                    let spec = TextSpec::new(size)
                        .bold()
                        .color(ink)
                        .anchor(HAlign::Center, VAlign::Center);
                    cv.text(&text, x0 + cell_w / 2.0, y0 + cell_h / 2.0, &spec)?;
                }
            }
        }
        cv.stroke_rect(
            (g.gx0, g.gy0),
            (g.gx0 + g.grid_w, g.gy0 + g.grid_h),
            &FRAME,
            1.5,
        )
    }

    /// Row names (left of the grid) and the row label.
    fn draw_row_names<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>, g: &Grid) -> DrawResult<DB> {
        let mut rsize = NAME_SIZE;
        while rsize > MIN_TEXT_SIZE
            && self
                .rows
                .iter()
                .any(|s| measure(s, rsize, false) > MAX_NAME_W)
        {
            rsize -= 0.5;
        }
        let (rsize, row_step) = if self.thin_labels && rsize * 1.15 > g.cell_h {
            (rsize, ((rsize * 1.15) / g.cell_h).ceil().max(1.0) as usize)
        } else {
            (rsize.min(g.cell_h * 0.8), 1)
        };
        let rspec = TextSpec::new(rsize)
            .color(INK)
            .anchor(HAlign::Right, VAlign::Center);
        for (r, name) in self.rows.iter().enumerate().step_by(row_step) {
            let text = ellipsize(name, rspec.size, false, MAX_NAME_W);
            let y = g.gy0 + (r as f64 + 0.5) * g.cell_h;
            cv.text(&text, g.gx0 - NAME_GAP, y, &rspec)?;
        }
        if g.row_label_w > 0.0 {
            let (s, t) = fit(self.row_label.trim(), AXIS_LABEL_SIZE, false, g.grid_h);
            let spec = TextSpec::new(s)
                .color(INK)
                .anchor(HAlign::Center, VAlign::Top)
                .up();
            cv.text(
                &t,
                g.gx0 - NAME_GAP - g.names_w - NAME_GAP - AXIS_LABEL_SIZE * 1.2,
                g.gy0 + g.grid_h / 2.0,
                &spec,
            )?;
        }
        Ok(())
    }

    /// Column names (below the grid, every `col_step`-th) and the column label.
    fn draw_col_names<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>, g: &Grid) -> DrawResult<DB> {
        let shown: Vec<usize> = (0..self.cols.len()).step_by(g.col_step).collect();
        let centres: Vec<f64> = shown
            .iter()
            .map(|&c| g.gx0 + (c as f64 + 0.5) * g.cell_w)
            .collect();
        let names: Vec<String> = shown.iter().map(|&c| self.cols[c].clone()).collect();
        draw_categories(
            cv,
            &centres,
            g.cell_w * g.col_step as f64,
            g.gy0 + g.grid_h + 10.0,
            &names,
            &[],
            &g.plan,
        )?;
        let used = g.plan.band() - 14.0;
        if g.col_label_h > 0.0 {
            let (s, t) = fit(
                self.col_label.trim(),
                AXIS_LABEL_SIZE,
                false,
                g.grid_w.max(400.0),
            );
            let spec = TextSpec::new(s)
                .color(INK)
                .anchor(HAlign::Center, VAlign::Top);
            cv.text(
                &t,
                g.gx0 + g.grid_w / 2.0,
                g.gy0 + g.grid_h + 10.0 + used + 6.0,
                &spec,
            )?;
        }
        Ok(())
    }

    /// The colour bar right of the grid, its ticks and the value label.
    fn draw_color_bar<DB: DrawingBackend>(
        &self,
        cv: &Canvas<'_, DB>,
        g: &Grid,
        scale: &ColorScale,
        bar: &ColorBar,
    ) -> DrawResult<DB> {
        let bx0 = g.gx0 + g.grid_w + 40.0;
        let (by0, by1) = (g.gy0, g.gy0 + g.grid_h);
        let steps = 120;
        for i in 0..steps {
            let t0 = i as f64 / steps as f64;
            let t1 = (i + 1) as f64 / steps as f64;
            let v = scale.lo + (scale.hi - scale.lo) * (t0 + t1) / 2.0;
            let (ya, yb) = (by1 - (by1 - by0) * t0, by1 - (by1 - by0) * t1);
            cv.fill_rect((bx0, yb - 0.5), (bx0 + BAR_W, ya + 0.5), &scale.color(v))?;
        }
        cv.stroke_rect((bx0, by0), (bx0 + BAR_W, by1), &FRAME, 1.5)?;
        let tspec = TextSpec::new(TICK_SIZE)
            .color(INK)
            .anchor(HAlign::Left, VAlign::Center);
        for (t, l) in bar.ticks.iter().zip(&bar.labels) {
            let y = by1 - (by1 - by0) * (t - scale.lo) / (scale.hi - scale.lo);
            cv.line(
                &[(bx0 + BAR_W, y), (bx0 + BAR_W + 7.0, y)],
                &FRAME,
                1.5,
                Dash::Solid,
            )?;
            cv.text(l, bx0 + BAR_W + 10.0, y, &tspec)?;
        }
        let value_label = self.value_label.trim();
        if !value_label.is_empty() {
            let (s, t) = fit(value_label, AXIS_LABEL_SIZE, false, g.grid_h);
            let spec = TextSpec::new(s)
                .color(INK)
                .anchor(HAlign::Center, VAlign::Top)
                .up();
            cv.text(
                &t,
                bx0 + BAR_W + 10.0 + bar.tick_w + 14.0,
                (by0 + by1) / 2.0,
                &spec,
            )?;
        }
        Ok(())
    }
}

/// Where a heatmap's grid goes and how its cells and column names are sized.
struct Grid {
    /// Top-left corner of the grid.
    gx0: f64,
    gy0: f64,
    cell_w: f64,
    cell_h: f64,
    grid_w: f64,
    grid_h: f64,
    /// Every `col_step`-th column is named, per `plan`.
    col_step: usize,
    plan: CategoryPlan,
    /// Width of the widest row name (capped at [`MAX_NAME_W`]).
    names_w: f64,
    /// Width of the row label band (0 without a row label).
    row_label_w: f64,
    /// Height of the column label band (0 without a column label).
    col_label_h: f64,
}

/// Ticks and tick labels of the colour bar.
struct ColorBar {
    ticks: Vec<f64>,
    labels: Vec<String>,
    /// Width of the widest tick label.
    tick_w: f64,
}

impl ColorBar {
    fn new(scale: &ColorScale, fmt: NumFmt) -> Self {
        let (ticks, step) = nice_ticks(scale.lo, scale.hi, 6, false);
        let labels: Vec<String> = ticks.iter().map(|t| format_tick(*t, step, fmt)).collect();
        let tick_w = labels
            .iter()
            .map(|l| measure(l, TICK_SIZE, false))
            .fold(0.0, f64::max);
        Self {
            ticks,
            labels,
            tick_w,
        }
    }
}

#[cfg(test)]
mod noise_tests {
    use super::ColorScale;

    /// Nine cells all near 84% (a 0.15-point range) with a minimum span of four 1-point
    /// CIs: the scale covers 4 points around them, so they differ only slightly in colour.
    #[test]
    fn a_minimum_span_keeps_noise_one_colour() {
        let cells = [
            0.8400, 0.8405, 0.8410, 0.8415, 0.8402, 0.8407, 0.8412, 0.8401, 0.8409,
        ];
        let wide = ColorScale::new(cells, true, 0.04);
        assert!(
            (wide.hi - wide.lo - 0.04).abs() < 1e-12,
            "{} {}",
            wide.lo,
            wide.hi
        );
        assert!(wide.lo < 0.8400 && wide.hi > 0.8415);
        let (a, b) = (wide.color(0.8400), wide.color(0.8415));
        let diff = |x: u8, y: u8| (i32::from(x) - i32::from(y)).abs();
        assert!(diff(a.0, b.0).max(diff(a.1, b.1)).max(diff(a.2, b.2)) < 25);
        let narrow = ColorScale::new(cells, true, 0.0);
        assert!(narrow.hi - narrow.lo < 0.002);
        // Near 100% the span stays within 0-100%.
        let top = ColorScale::new([0.99, 0.995], true, 0.1);
        assert!((top.hi - 1.0).abs() < 1e-12 && (top.lo - 0.9).abs() < 1e-12);
    }
}
