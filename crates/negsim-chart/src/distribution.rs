//! Chart 4: one box plot per strategy (e.g. its share of the joint surplus): box from the
//! first to the third quartile, median bar, whiskers at the 5th and 95th percentiles, a
//! diamond at the mean, strategy colours and the sample size under each name.

use crate::axes::{Axis, Ticks, draw_axes, draw_categories, plan_categories};
use crate::canvas::{Canvas, Dash, DrawResult, Marker};
use crate::data::DistributionData;
use crate::format::{NumFmt, format_number};
use crate::labels::{MARGIN, draw_empty, draw_title};
use crate::output::{Chart, ChartError, render};
use crate::scale::{Rect, finite_extent, padded_range};
use crate::style::{ANNOTATION_SIZE, INK, MUTED, WHITE, alpha, darken, solid, strategy_color};
use crate::text::{HAlign, TextSpec, VAlign};
use plotters::prelude::DrawingBackend;
use std::path::Path;

/// Renders the box plots to `out_base.png` and `out_base.svg`.
pub fn render_distribution(data: &DistributionData, out_base: &Path) -> Result<(), ChartError> {
    render(data, out_base)
}

impl Chart for DistributionData {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> DrawResult<DB> {
        let n = self.boxes.len();
        let values = || {
            self.boxes
                .iter()
                .flat_map(|b| [b.p05, b.q1, b.median, b.q3, b.p95, b.mean])
                .filter(|v| v.is_finite())
        };
        if n == 0 || values().next().is_none() {
            return draw_empty(cv, &self.title, "no deals in this run");
        }
        cv.fill(&WHITE)?;
        let top = draw_title(
            cv,
            &self.title,
            Some(
                "Box: middle 50% \u{b7} bar: median \u{b7} whiskers: 5th to 95th percentile \u{b7} diamond: mean",
            ),
        )?;
        // Shares live in [0, 1]: show that whole range when the data fit in it.
        let (lo, hi) = match finite_extent(values()) {
            Some((a, b)) if a >= 0.0 && b <= 1.0 => (-0.03, 1.03),
            _ => padded_range(values(), 0.06).unwrap_or((0.0, 1.0)),
        };
        let outer = Rect::new(MARGIN, top, cv.width() - MARGIN, cv.height() - MARGIN);
        let names: Vec<String> = self.boxes.iter().map(|b| b.name.clone()).collect();
        let plan = plan_categories(&names, (outer.width() - 170.0) / n as f64, true);
        let x = Axis::new(0.0, n as f64)
            .ticks(Ticks::Hidden)
            .extra_band(plan.band());
        let y = Axis::new(lo, hi).label(&self.y_label).fmt(NumFmt::Plain);
        let f = draw_axes(cv, outer, &x, &y)?;

        let slot = f.width() / n as f64;
        let box_w = (slot * 0.5).min(150.0);
        let mut centres = Vec::with_capacity(n);
        for (i, b) in self.boxes.iter().enumerate() {
            let cx = f.px(i as f64 + 0.5);
            centres.push(cx);
            let color = strategy_color(b.color_index);
            let dark = darken(color, 0.3);
            let ok = |v: f64| v.is_finite();
            if b.n == 0 || !(ok(b.q1) && ok(b.q3) && ok(b.median)) {
                let spec = TextSpec::new(ANNOTATION_SIZE)
                    .color(MUTED)
                    .anchor(HAlign::Center, VAlign::Center);
                cv.text("no data", cx, (f.y0 + f.y1) / 2.0, &spec)?;
                continue;
            }
            let (q1, q3) = (b.q1.min(b.q3), b.q1.max(b.q3));
            // Whiskers with caps.
            let cap = box_w * 0.45;
            for (end, edge) in [(b.p05, q1), (b.p95, q3)] {
                if ok(end) {
                    cv.line(
                        &[(cx, f.py(edge)), (cx, f.py(end))],
                        &dark,
                        3.0,
                        Dash::Solid,
                    )?;
                    cv.line(
                        &[(cx - cap / 2.0, f.py(end)), (cx + cap / 2.0, f.py(end))],
                        &dark,
                        3.0,
                        Dash::Solid,
                    )?;
                }
            }
            // Box, then median bar and mean diamond on top.
            let (bx0, bx1) = (cx - box_w / 2.0, cx + box_w / 2.0);
            cv.fill_rect((bx0, f.py(q3)), (bx1, f.py(q1)), &alpha(color, 0.35))?;
            cv.stroke_rect((bx0, f.py(q3)), (bx1, f.py(q1)), &dark, 3.0)?;
            cv.line(
                &[(bx0, f.py(b.median)), (bx1, f.py(b.median))],
                &INK,
                5.0,
                Dash::Solid,
            )?;
            if ok(b.mean) {
                cv.marker(
                    Marker::Diamond,
                    f.pt(i as f64 + 0.5, b.mean),
                    17.0,
                    &solid(WHITE),
                    Some((INK, 2.0)),
                )?;
            }
        }
        let counts: Vec<String> = self
            .boxes
            .iter()
            .map(|b| format!("n = {}", format_number(b.n as f64, 0)))
            .collect();
        draw_categories(cv, &centres, slot, f.y1 + 10.0, &names, &counts, &plan)?;
        Ok(())
    }
}
