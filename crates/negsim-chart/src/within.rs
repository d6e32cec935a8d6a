//! The asymmetry chart: information asymmetry's effect within each ordered pairing. One row
//! per pairing and one panel per outcome; each slope (change of the outcome per bit of
//! asymmetry, values held fixed) is a point with its 95% interval, filled when the interval
//! excludes 0. A pairing without a slope (its asymmetry never varies) keeps its row, with
//! the reason written across the panels.

use crate::axes::{Axis, Ticks, draw_axes};
use crate::canvas::{Canvas, Dash, DrawResult, Marker};
use crate::data::{Ci, WithinData, WithinEntry};
use crate::labels::{MARGIN, draw_empty, draw_title, fit};
use crate::legend::{Key, LegendItem, draw_legend_band, legend_band_height};
use crate::output::{Chart, ChartError, render};
use crate::scale::{Frame, Rect, finite_extent, widen};
use crate::style::{
    ANNOTATION_SIZE, FRAME, INK, MIN_TEXT_SIZE, MUTED, NEUTRAL, PANEL_TITLE_SIZE, REFERENCE,
    TICK_SIZE, WHITE, alpha, solid,
};
use crate::text::{HAlign, TextSpec, VAlign, ellipsize, measure};
use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;
use std::path::Path;

/// The stripe behind every other row.
const STRIPE: RGBColor = RGBColor(0xD8, 0xE0, 0xEA);
/// Horizontal gap between panels.
const GAP: f64 = 40.0;

/// Renders the within-pairing asymmetry chart to `out_base.png` and `out_base.svg`.
pub fn render_within(data: &WithinData, out_base: &Path) -> Result<(), ChartError> {
    render(data, out_base)
}

impl Chart for WithinData {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> DrawResult<DB> {
        let n = self.rows.len();
        if n == 0 || self.panels.is_empty() {
            return draw_empty(cv, &self.title, "no pairings in this run");
        }
        cv.fill(&WHITE)?;
        let mut top = draw_title(cv, &self.title, Some(&self.subtitle))?;
        let color = solid(NEUTRAL);
        let items = vec![
            LegendItem {
                label: "95% interval excludes 0".into(),
                color,
                key: Key::Point(Marker::Circle),
            },
            LegendItem {
                label: "includes 0".into(),
                color,
                key: Key::Hollow(Marker::Circle),
            },
        ];
        let max_w = cv.width() - 2.0 * MARGIN;
        draw_legend_band(cv, &items, cv.width() / 2.0, top, max_w)?;
        top += legend_band_height(&items, max_w) + 6.0;

        // Pairing names in a band on the left, shrunk to fit a fifth of the width.
        let bottom = cv.height() - MARGIN;
        let row_h = (bottom - top - PANEL_TITLE_SIZE * 1.5 - 100.0) / n as f64;
        let size = (row_h * 0.62).clamp(MIN_TEXT_SIZE.min(row_h * 0.8), TICK_SIZE);
        let labels: Vec<(f64, String)> = self
            .rows
            .iter()
            .map(|r| fit(&r.label, size, false, max_w / 5.0))
            .collect();
        let band = labels
            .iter()
            .map(|(s, t)| measure(t, *s, false))
            .fold(0.0, f64::max)
            + 16.0;
        let k = self.panels.len();
        let panel_w = (max_w - band - GAP * (k - 1) as f64) / k as f64;
        let mut frames = Vec::with_capacity(k);
        for (i, (title, x_label)) in self.panels.iter().enumerate() {
            let x0 = MARGIN + band + i as f64 * (panel_w + GAP);
            let (tsize, head) = fit(title, PANEL_TITLE_SIZE, true, panel_w);
            let spec = TextSpec::new(tsize)
                .bold()
                .color(INK)
                .anchor(HAlign::Center, VAlign::Top);
            cv.text(&head, x0 + panel_w / 2.0, top, &spec)?;
            let area = Rect::new(x0, top + PANEL_TITLE_SIZE * 1.5, x0 + panel_w, bottom);
            let values = self
                .rows
                .iter()
                .filter_map(|r| r.slopes.get(i))
                .flat_map(|c| [c.mean, c.lo, c.hi])
                .chain([0.0]);
            let (lo, hi) = finite_extent(values).map_or((-1.0, 1.0), |(a, b)| widen(a, b));
            let pad = (hi - lo) * 0.08;
            let (_, xl) = fit(x_label, ANNOTATION_SIZE, false, panel_w);
            let x = Axis::new(lo - pad, hi + pad).label(&xl).ticks(Ticks::Auto {
                max: 5,
                integer: false,
            });
            let y = Axis::new(0.0, n as f64).ticks(Ticks::Hidden);
            frames.push(draw_axes(cv, area, &x, &y)?);
        }
        draw_rows(cv, &self.rows, &frames, &labels, band)
    }
}

/// Stripes, names, intervals and notes of every row, over the panels' `frames`.
fn draw_rows<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    rows: &[WithinEntry],
    frames: &[Frame],
    labels: &[(f64, String)],
    band: f64,
) -> DrawResult<DB> {
    let n = rows.len() as f64;
    let (first, last) = (&frames[0], &frames[frames.len() - 1]);
    let row_y = |i: usize| first.py(n - i as f64 - 0.5);
    for i in (0..rows.len()).step_by(2) {
        let (ya, yb) = (first.py(n - i as f64), first.py(n - i as f64 - 1.0));
        cv.fill_rect((first.x0 - band, ya), (last.x1, yb), &alpha(STRIPE, 0.5))?;
    }
    let color = solid(NEUTRAL);
    let marker = (first.py(0.0) - first.py(1.0)).abs().clamp(8.0, 36.0) * 0.5;
    for f in frames {
        cv.stroke_rect((f.x0, f.y0), (f.x1, f.y1), &FRAME, 1.5)?;
        let zero = f.px(0.0);
        cv.line(&[(zero, f.y0), (zero, f.y1)], &REFERENCE, 2.0, Dash::Dashed)?;
    }
    for (i, (r, (lsize, label))) in rows.iter().zip(labels).enumerate() {
        let yc = row_y(i);
        let name = TextSpec::new(*lsize)
            .color(INK)
            .anchor(HAlign::Right, VAlign::Center);
        cv.text(label, first.x0 - 10.0, yc, &name)?;
        if let Some(note) = &r.note {
            let w = last.x1 - first.x0 - 40.0;
            let spec = TextSpec::new(lsize.min(ANNOTATION_SIZE))
                .color(MUTED)
                .anchor(HAlign::Center, VAlign::Center);
            let text = ellipsize(note, spec.size, false, w);
            let tw = measure(&text, spec.size, false);
            let cx = (first.x0 + last.x1) / 2.0;
            let h = spec.size * 0.75;
            cv.fill_rect(
                (cx - tw / 2.0 - 10.0, yc - h),
                (cx + tw / 2.0 + 10.0, yc + h),
                &alpha(WHITE, 0.92),
            )?;
            cv.text(&text, cx, yc, &spec)?;
            continue;
        }
        for (f, c) in frames.iter().zip(&r.slopes) {
            draw_interval(cv, f, *c, yc, marker, color)?;
        }
    }
    Ok(())
}

/// One slope: its interval with caps, and a marker filled when the interval excludes 0.
fn draw_interval<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    f: &Frame,
    c: Ci,
    yc: f64,
    marker: f64,
    color: plotters::style::RGBAColor,
) -> DrawResult<DB> {
    let bounded = c.lo.is_finite() && c.hi.is_finite();
    if bounded {
        let (a, b) = (f.px(c.lo.min(c.hi)), f.px(c.hi.max(c.lo)));
        let cap = marker * 0.55;
        cv.line(&[(a, yc), (b, yc)], &color, 4.0, Dash::Solid)?;
        cv.line(&[(a, yc - cap), (a, yc + cap)], &color, 4.0, Dash::Solid)?;
        cv.line(&[(b, yc - cap), (b, yc + cap)], &color, 4.0, Dash::Solid)?;
    }
    if c.mean.is_finite() {
        let p = (f.px(c.mean), yc);
        if bounded && (c.lo > 0.0 || c.hi < 0.0) {
            cv.marker(Marker::Circle, p, marker, &color, Some((solid(WHITE), 2.0)))?;
        } else {
            cv.circle(p, marker / 2.0 - 1.0, &WHITE, Some((color, 3.0)))?;
        }
    }
    Ok(())
}
