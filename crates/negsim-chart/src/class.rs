//! The class chart (`negsim class`): one column per strategy played against,
//! a box of what the tournament's strategies get in the students' seat
//! (middle 50%, whiskers at the 5th and 95th percentiles), each student's
//! result as a dot beside it, failures to agree as crosses on the zero
//! line, deals at a loss as triangles below it, plays where no deal was
//! possible (no zone of agreement) as hollow diamonds in a shaded strip of
//! their own under the axis, and the class mean of the deals as a bar.

use crate::axes::{Axis, Ticks, draw_axes, draw_categories, plan_categories};
use crate::canvas::{Canvas, Dash, DrawResult, Marker};
use crate::data::{ClassColumn, ClassData, StudentMark};
use crate::format::NumFmt;
use crate::labels::{MARGIN, draw_empty, draw_title};
use crate::legend::{Key, LegendItem, draw_legend_band, legend_band_height};
use crate::output::{Chart, ChartError, render};
use crate::scale::{Frame, Rect};
use crate::style::{INK, REFERENCE, SHADE, WHITE, alpha, darken, solid, strategy_color};
use crate::text::{HAlign, TextSpec, VAlign};
use plotters::style::RGBColor;

/// Where deals at a loss are drawn (below a share of 0).
const LOSS_Y: f64 = -0.09;
/// The strip of plays where no deal was possible: its bounds and centre.
const NONE_STRIP: (f64, f64) = (-0.36, -0.15);
const NONE_Y: f64 = -0.255;
/// The colour of deals at a loss.
const LOSS: RGBColor = RGBColor(0xB0, 0x30, 0x30);
use plotters::prelude::DrawingBackend;
use std::path::Path;

/// Renders the class chart to `out_base.png` and `out_base.svg`.
pub fn render_class(data: &ClassData, out_base: &Path) -> Result<(), ChartError> {
    render(data, out_base)
}

/// A spread of `n` dots around 0 in [-1, 1] (deterministic).
fn jitter(k: usize, n: usize) -> f64 {
    if n <= 1 {
        return 0.0;
    }
    // Golden-ratio sequence: evenly spread, no two dots on one line.
    let g = (k as f64 * 0.618_033_988_75).fract();
    2.0 * g - 1.0
}

/// The legend: the marks of a student's play, the class mean and the
/// simulated median.
fn legend() -> Vec<LegendItem> {
    vec![
        LegendItem {
            label: "a student's deal".into(),
            color: INK,
            key: Key::Point(Marker::Circle),
        },
        LegendItem {
            label: "failed to agree (a deal was possible)".into(),
            color: INK,
            key: Key::Point(Marker::Cross),
        },
        LegendItem {
            label: "deal at a loss".into(),
            color: solid(LOSS),
            key: Key::Point(Marker::TriangleDown),
        },
        LegendItem {
            label: "no deal possible (no zone of agreement)".into(),
            color: solid(REFERENCE),
            key: Key::Point(Marker::Diamond),
        },
        LegendItem {
            label: "class mean (deals)".into(),
            color: INK,
            key: Key::Line {
                dash: Dash::Solid,
                marker: None,
                width: 5.0,
            },
        },
        LegendItem {
            label: "simulated median".into(),
            color: INK,
            key: Key::Line {
                dash: Dash::Dashed,
                marker: None,
                width: 3.0,
            },
        },
    ]
}

/// A column's students, spread around `x` (centre, half-width): each
/// play's mark, and the class mean of the deals as a bar.
fn draw_students<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    f: &Frame,
    c: &ClassColumn,
    (sx, spread): (f64, f64),
    (color, dark): (RGBColor, RGBColor),
    (lo, hi): (f64, f64),
) -> DrawResult<DB> {
    let m = c.students.len();
    let mut sum = 0.0;
    let mut deals = 0;
    for (k, mark) in c.students.iter().enumerate() {
        let px = sx + spread * jitter(k, m);
        match *mark {
            StudentMark::Deal(s) => {
                sum += s;
                deals += 1;
                cv.marker(
                    Marker::Circle,
                    (px, f.py(s.clamp(lo, hi))),
                    16.0,
                    &alpha(color, 0.8),
                    Some((solid(dark), 2.0)),
                )?;
            }
            StudentMark::Loss => cv.marker(
                Marker::TriangleDown,
                (px, f.py(LOSS_Y)),
                16.0,
                &solid(LOSS),
                None,
            )?,
            StudentMark::FailedToAgree => {
                cv.marker(Marker::Cross, (px, f.py(0.0)), 16.0, &INK, None)?
            }
            StudentMark::NoDealPossible => cv.marker(
                Marker::Diamond,
                (px, f.py(NONE_Y)),
                16.0,
                &WHITE,
                Some((solid(REFERENCE), 2.5)),
            )?,
        }
    }
    if deals > 0 {
        let mean = sum / deals as f64;
        cv.line(
            &[
                (sx - spread - 12.0, f.py(mean)),
                (sx + spread + 12.0, f.py(mean)),
            ],
            &INK,
            5.0,
            Dash::Solid,
        )?;
    }
    Ok(())
}

impl Chart for ClassData {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> DrawResult<DB> {
        let n = self.columns.len();
        if n == 0 {
            return draw_empty(cv, &self.title, "no plays");
        }
        cv.fill(&WHITE)?;
        let top = draw_title(
            cv,
            &self.title,
            Some(
                "Box: the tournament's strategies in the same seat (middle 50%, whiskers 5th to 95th percentile)",
            ),
        )?;
        let legend = legend();
        let max_w = cv.width() - 2.0 * MARGIN;
        let legend_h = legend_band_height(&legend, max_w);
        draw_legend_band(cv, &legend, cv.width() / 2.0, top, max_w)?;
        let (lo, hi) = (NONE_STRIP.0, 1.05);
        let outer = Rect::new(
            MARGIN,
            top + legend_h + 10.0,
            cv.width() - MARGIN,
            cv.height() - MARGIN,
        );
        let names: Vec<String> = self
            .columns
            .iter()
            .map(|c| c.reference.name.clone())
            .collect();
        let plan = plan_categories(&names, (outer.width() - 170.0) / n as f64, true);
        let x = Axis::new(0.0, n as f64)
            .ticks(Ticks::Hidden)
            .extra_band(plan.band());
        let y = Axis::new(lo, hi)
            .label(&self.y_label)
            .fmt(NumFmt::Plain)
            .ticks(Ticks::Fixed(vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]));
        let f = draw_axes(cv, outer, &x, &y)?;
        // The strip of plays where no deal was possible: not a share.
        cv.fill_rect(
            (f.x0, f.py(NONE_STRIP.1)),
            (f.x1, f.py(NONE_STRIP.0)),
            &solid(SHADE),
        )?;
        cv.text(
            "no deal possible",
            f.x0 + 8.0,
            f.py(NONE_STRIP.1) + 14.0,
            &TextSpec::new(18.0)
                .color(solid(REFERENCE))
                .anchor(HAlign::Left, VAlign::Center),
        )?;
        let slot = f.width() / n as f64;
        let box_w = (slot * 0.28).min(110.0);
        let mut centres = Vec::with_capacity(n);
        for (i, c) in self.columns.iter().enumerate() {
            let cx = f.px(i as f64 + 0.5);
            centres.push(cx);
            let b = &c.reference;
            let color = strategy_color(b.color_index);
            let dark = darken(color, 0.3);
            // The box on the left half of the slot.
            let bx = cx - slot * 0.2;
            let ok = |v: f64| v.is_finite();
            if ok(b.q1) && ok(b.q3) && ok(b.median) {
                let (q1, q3) = (b.q1.min(b.q3), b.q1.max(b.q3));
                let cap = box_w * 0.45;
                for (end, edge) in [(b.p05, q1), (b.p95, q3)] {
                    if ok(end) {
                        cv.line(
                            &[(bx, f.py(edge)), (bx, f.py(end))],
                            &dark,
                            3.0,
                            Dash::Solid,
                        )?;
                        cv.line(
                            &[(bx - cap / 2.0, f.py(end)), (bx + cap / 2.0, f.py(end))],
                            &dark,
                            3.0,
                            Dash::Solid,
                        )?;
                    }
                }
                let (x0, x1) = (bx - box_w / 2.0, bx + box_w / 2.0);
                cv.fill_rect((x0, f.py(q3)), (x1, f.py(q1)), &alpha(color, 0.35))?;
                cv.stroke_rect((x0, f.py(q3)), (x1, f.py(q1)), &dark, 3.0)?;
                cv.line(
                    &[(x0, f.py(b.median)), (cx + slot * 0.38, f.py(b.median))],
                    &INK,
                    3.0,
                    Dash::Dashed,
                )?;
            }
            // The students on the right half.
            let sx = cx + slot * 0.17;
            let spread = slot * 0.14;
            draw_students(cv, &f, c, (sx, spread), (color, dark), (lo, hi))?;
        }
        let notes: Vec<String> = self.columns.iter().map(|c| c.note.clone()).collect();
        draw_categories(cv, &centres, slot, f.y1 + 10.0, &names, &notes, &plan)?;
        Ok(())
    }
}
