//! The forest plot of paired comparisons: one row per pair of strategies, the difference of
//! their mean surplus as a point with its 95% interval, a zero line, and the verdict as the
//! marker (filled: significant after Holm's correction; hollow: not significant).

use crate::axes::{Axis, Ticks, draw_axes};
use crate::canvas::{Canvas, Dash, DrawOut, DrawResult, Marker};
use crate::data::{ComparisonEntry, ComparisonsData};
use crate::format::{NumFmt, common_decimals, format_fixed};
use crate::labels::{MARGIN, draw_empty, draw_title, fit};
use crate::legend::{Key, LegendItem, draw_legend_band, legend_band_height};
use crate::output::{Chart, ChartError, render};
use crate::scale::{Frame, Rect, finite_extent, widen};
use crate::style::{
    ANNOTATION_SIZE, FRAME, INK, MIN_TEXT_SIZE, MUTED, NEUTRAL, REFERENCE, TICK_SIZE, WHITE, alpha,
    solid,
};
use crate::text::{HAlign, TextSpec, VAlign, measure};
use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;
use std::path::Path;

/// The stripe behind every other row.
const STRIPE: RGBColor = RGBColor(0xD8, 0xE0, 0xEA);

/// The legend label of a filled marker.
pub const SIGNIFICANT: &str = "Holm-adjusted p < 0.05";

/// Renders the comparisons to `out_base.png` and `out_base.svg`.
pub fn render_comparisons(data: &ComparisonsData, out_base: &Path) -> Result<(), ChartError> {
    render(data, out_base)
}

impl Chart for ComparisonsData {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> DrawResult<DB> {
        let n = self.rows.len();
        if n == 0 {
            return draw_empty(
                cv,
                &self.title,
                "fewer than two strategies: nothing to compare",
            );
        }
        cv.fill(&WHITE)?;
        let top = self.draw_heading(cv)?;
        let (f, labels) = self.draw_plot(cv, top)?;
        let decimals = common_decimals(
            self.rows.iter().map(|r| r.difference.mean.abs()),
            NumFmt::Plain,
        );
        let marker = (f.py(0.0) - f.py(1.0)).abs().clamp(8.0, 40.0) * 0.45;
        for (i, (r, label)) in self.rows.iter().zip(&labels).enumerate() {
            let yc = f.py(n as f64 - i as f64 - 0.5);
            draw_row(cv, &f, (yc, label), r, marker, decimals)?;
        }
        Ok(())
    }
}

impl ComparisonsData {
    /// The title with its subtitle, and the legend of the two markers under them. Returns
    /// the y below the legend.
    fn draw_heading<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> DrawOut<f64, DB> {
        let mut top = draw_title(
            cv,
            &self.title,
            Some(
                "Point: difference of mean surplus on the same runs \u{b7} line: 95% interval \u{b7} right of 0: the first strategy gains",
            ),
        )?;
        let color = solid(NEUTRAL);
        let items = vec![
            LegendItem {
                label: SIGNIFICANT.into(),
                color,
                key: Key::Point(Marker::Circle),
            },
            LegendItem {
                label: "not significant".into(),
                color,
                key: Key::Hollow(Marker::Circle),
            },
        ];
        let max_w = cv.width() - 2.0 * MARGIN;
        draw_legend_band(cv, &items, cv.width() / 2.0, top, max_w)?;
        top += legend_band_height(&items, max_w) + 8.0;
        Ok(top)
    }

    /// The plot below `top`: the axes over the differences and 0, a row per pair (every
    /// other one on a stripe) with room for the names at the left, and the zero line.
    /// Returns the frame and each row's name with its text size.
    fn draw_plot<DB: DrawingBackend>(
        &self,
        cv: &Canvas<'_, DB>,
        top: f64,
    ) -> DrawOut<(Frame, Vec<(f64, String)>), DB> {
        let n = self.rows.len();
        let values = self
            .rows
            .iter()
            .flat_map(|r| [r.difference.mean, r.difference.lo, r.difference.hi])
            .chain([0.0]);
        let (dmin, dmax) = finite_extent(values).map_or((-1.0, 1.0), |(a, b)| widen(a, b));
        let pad = (dmax - dmin) * 0.06;
        // Rows share the height; names shrink to fit a third of the width.
        let outer = Rect::new(MARGIN, top, cv.width() - MARGIN, cv.height() - MARGIN);
        let row_h = (outer.y1 - outer.y0 - 110.0) / n as f64;
        let size = (row_h * 0.6).clamp(MIN_TEXT_SIZE.min(row_h * 0.8), TICK_SIZE);
        let label_max = outer.width() / 3.0;
        let labels: Vec<(f64, String)> = self
            .rows
            .iter()
            .map(|r| fit(&r.label, size, false, label_max))
            .collect();
        let band = labels
            .iter()
            .map(|(s, t)| measure(t, *s, false))
            .fold(0.0, f64::max)
            + 18.0;
        let x = Axis::new(dmin - pad, dmax + pad)
            .label(&self.x_label)
            .fmt(NumFmt::Plain);
        let y = Axis::new(0.0, n as f64)
            .ticks(Ticks::Hidden)
            .extra_band(band);
        let f = draw_axes(cv, outer, &x, &y)?;
        let zero = f.px(0.0);
        cv.line(&[(zero, f.y0), (zero, f.y1)], &REFERENCE, 2.0, Dash::Dashed)?;
        // Every other row on a pale stripe, so each interval reads against its name.
        for i in (0..n).step_by(2) {
            let (ya, yb) = (f.py(n as f64 - i as f64), f.py(n as f64 - i as f64 - 1.0));
            cv.fill_rect((f.x0 - band, ya), (f.x1, yb), &alpha(STRIPE, 0.6))?;
        }
        cv.stroke_rect((f.x0, f.y0), (f.x1, f.y1), &FRAME, 1.5)?;
        cv.line(&[(zero, f.y0), (zero, f.y1)], &REFERENCE, 2.0, Dash::Dashed)?;
        Ok((f, labels))
    }
}

/// One pair's row at height `yc` of frame `f`: its name (`label`, at its text size), the
/// interval with its caps, the point as a marker `marker` wide (filled if significant),
/// and the difference "± half-width" with `decimals`, right of the interval or else left.
fn draw_row<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    f: &Frame,
    (yc, (lsize, label)): (f64, &(f64, String)),
    r: &ComparisonEntry,
    marker: f64,
    decimals: usize,
) -> DrawResult<DB> {
    let color = solid(NEUTRAL);
    let name = TextSpec::new(*lsize)
        .color(INK)
        .anchor(HAlign::Right, VAlign::Center);
    cv.text(label, f.x0 - 12.0, yc, &name)?;
    let d = r.difference;
    let mut right = f.px(d.mean);
    if d.lo.is_finite() && d.hi.is_finite() {
        let (a, b) = (f.px(d.lo.min(d.hi)), f.px(d.hi.max(d.lo)));
        let cap = marker * 0.6;
        cv.line(&[(a, yc), (b, yc)], &color, 4.0, Dash::Solid)?;
        cv.line(&[(a, yc - cap), (a, yc + cap)], &color, 4.0, Dash::Solid)?;
        cv.line(&[(b, yc - cap), (b, yc + cap)], &color, 4.0, Dash::Solid)?;
        right = right.max(b);
    }
    if !d.mean.is_finite() {
        return Ok(());
    }
    let p = (f.px(d.mean), yc);
    if r.significant {
        cv.marker(Marker::Circle, p, marker, &color, Some((solid(WHITE), 2.0)))?;
    } else {
        cv.circle(p, marker / 2.0 - 1.0, &WHITE, Some((color, 3.0)))?;
    }
    let text = if d.lo.is_finite() && d.hi.is_finite() {
        let half = (d.hi - d.lo).abs() / 2.0;
        format!(
            "{} \u{b1} {}",
            signed(format_fixed(d.mean, NumFmt::Plain, decimals)),
            format_fixed(half, NumFmt::Plain, decimals)
        )
    } else {
        signed(format_fixed(d.mean, NumFmt::Plain, decimals))
    };
    let spec = TextSpec::new(ANNOTATION_SIZE * 0.9_f64.max(lsize / TICK_SIZE))
        .color(MUTED)
        .anchor(HAlign::Left, VAlign::Center);
    let w = measure(&text, spec.size, false);
    // Right of the interval when it fits, else left of it.
    if right + 12.0 + w <= f.x1 - 4.0 {
        cv.text(&text, right + 12.0, yc, &spec)
    } else {
        let left = if d.lo.is_finite() {
            f.px(d.lo.min(d.hi))
        } else {
            f.px(d.mean)
        };
        let s = spec.anchor(HAlign::Right, VAlign::Center);
        cv.text(&text, left - 12.0 - marker / 2.0, yc, &s)
    }
}

/// A positive difference with its sign ("+38").
fn signed(s: String) -> String {
    if s.starts_with('\u{2212}') || s.chars().all(|c| c == '0' || c == '.') {
        s
    } else {
        format!("+{s}")
    }
}
