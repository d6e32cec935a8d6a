//! Chart 3: the strategy ranking: mean surplus per strategy as bars in the strategy colours,
//! 95% CI whiskers, the mean written on each bar and the deal rate under each name, in the
//! caller's order (best first).

use crate::axes::{Axis, Ticks, draw_axes, draw_categories, plan_categories};
use crate::canvas::{Canvas, Dash, DrawResult};
use crate::data::{RankingData, RankingEntry};
use crate::format::{NumFmt, common_decimals, format_fixed, format_value};
use crate::labels::{MARGIN, draw_empty, draw_title};
use crate::output::{Chart, ChartError, render};
use crate::scale::{Frame, Rect, finite_extent, widen};
use crate::style::{ANNOTATION_SIZE, INK, MUTED, WHITE, alpha, darken, strategy_color};
use crate::text::{HAlign, TextSpec, VAlign};
use plotters::prelude::DrawingBackend;
use std::path::Path;

/// Renders the ranking to `out_base.png` and `out_base.svg`.
pub fn render_ranking(data: &RankingData, out_base: &Path) -> Result<(), ChartError> {
    render(data, out_base)
}

impl Chart for RankingData {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> DrawResult<DB> {
        let n = self.entries.len();
        if n == 0 {
            return draw_empty(cv, &self.title, "no strategies to rank in this run");
        }
        cv.fill(&WHITE)?;
        let top = draw_title(
            cv,
            &self.title,
            Some(
                "Bar: mean surplus per negotiation \u{b7} whisker: 95% interval, clustered by run \u{b7} paired differences: comparisons.png",
            ),
        )?;
        let values = self
            .entries
            .iter()
            .flat_map(|e| [e.surplus.mean, e.surplus.lo, e.surplus.hi])
            .chain([0.0]);
        // Bars grow from zero: the axis starts at 0 unless some value is negative, and leaves
        // room beyond the whiskers for the values written there.
        let (dmin, dmax) = finite_extent(values).map_or((0.0, 1.0), |(a, b)| widen(a, b));
        let room = (dmax - dmin) * 0.13;
        let lo = if dmin < 0.0 { dmin - room } else { 0.0 };
        let hi = if dmax > 0.0 { dmax + room } else { room * 0.3 };
        let outer = Rect::new(MARGIN, top, cv.width() - MARGIN, cv.height() - MARGIN);
        let names: Vec<String> = self.entries.iter().map(|e| e.name.clone()).collect();
        // The slot width is known only after the axes are laid out; plan with an estimate.
        let plan = plan_categories(&names, (outer.width() - 170.0) / n as f64, true);
        let x = Axis::new(0.0, n as f64)
            .ticks(Ticks::Hidden)
            .extra_band(plan.band());
        let y = Axis::new(lo, hi).label(&self.y_label).fmt(NumFmt::Plain);
        let f = draw_axes(cv, outer, &x, &y)?;
        if lo < 0.0 {
            cv.line(
                &[(f.x0, f.py(0.0)), (f.x1, f.py(0.0))],
                &INK,
                2.0,
                Dash::Solid,
            )?;
        }

        let slot = f.width() / n as f64;
        let bar_w = (slot * 0.62).min(170.0);
        let decimals = common_decimals(self.entries.iter().map(|e| e.surplus.mean), NumFmt::Plain);
        let mut centres = Vec::with_capacity(n);
        for (i, e) in self.entries.iter().enumerate() {
            let cx = f.px(i as f64 + 0.5);
            centres.push(cx);
            draw_bar(cv, &f, e, (cx, bar_w), lo, decimals)?;
        }
        let deals: Vec<String> = self
            .entries
            .iter()
            .map(|e| {
                if e.deal_rate.is_finite() {
                    format!("deals {}", format_value(e.deal_rate, NumFmt::Percent))
                } else {
                    "deals n/a".to_string()
                }
            })
            .collect();
        draw_categories(cv, &centres, slot, f.y1 + 10.0, &names, &deals, &plan)?;
        Ok(())
    }
}

/// The bar of `e` centred on `cx` (with `bar_w`), its CI whisker and its value written
/// beyond both (above a positive bar, below a negative one); "no data" at the axis `lo`
/// (or zero) when its mean is missing.
fn draw_bar<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    f: &Frame,
    e: &RankingEntry,
    (cx, bar_w): (f64, f64),
    lo: f64,
    decimals: usize,
) -> DrawResult<DB> {
    let color = strategy_color(e.color_index);
    let m = e.surplus.mean;
    if !m.is_finite() {
        let spec = TextSpec::new(ANNOTATION_SIZE)
            .color(MUTED)
            .anchor(HAlign::Center, VAlign::Bottom);
        return cv.text("no data", cx, f.py(0.0_f64.max(lo)) - 8.0, &spec);
    }
    let (y0, ym) = (f.py(0.0), f.py(m));
    cv.fill_rect(
        (cx - bar_w / 2.0, y0),
        (cx + bar_w / 2.0, ym),
        &alpha(color, 0.9),
    )?;
    let dark = darken(color, 0.35);
    cv.line(
        &[(cx - bar_w / 2.0, ym), (cx + bar_w / 2.0, ym)],
        &dark,
        2.0,
        Dash::Solid,
    )?;
    let (clo, chi) = (e.surplus.lo, e.surplus.hi);
    let mut label_top = ym.min(y0);
    let mut label_bottom = ym.max(y0);
    if clo.is_finite() && chi.is_finite() {
        let (pl, ph) = (f.py(clo.min(chi)), f.py(chi.max(clo)));
        let cap = (bar_w * 0.32).max(10.0);
        let whisker = [
            [(cx, pl), (cx, ph)],
            [(cx - cap / 2.0, pl), (cx + cap / 2.0, pl)],
            [(cx - cap / 2.0, ph), (cx + cap / 2.0, ph)],
        ];
        // A white halo keeps the whisker visible on dark bars.
        for seg in &whisker {
            cv.line(seg, &WHITE, 6.0, Dash::Solid)?;
        }
        for seg in &whisker {
            cv.line(seg, &INK, 3.0, Dash::Solid)?;
        }
        label_top = label_top.min(ph);
        label_bottom = label_bottom.max(pl);
    }
    let value_spec = TextSpec::new(ANNOTATION_SIZE).bold().color(INK);
    let text = format_fixed(m, NumFmt::Plain, decimals);
    if m >= 0.0 {
        cv.text(
            &text,
            cx,
            label_top - 8.0,
            &value_spec.anchor(HAlign::Center, VAlign::Bottom),
        )
    } else {
        cv.text(
            &text,
            cx,
            label_bottom + 8.0,
            &value_spec.anchor(HAlign::Center, VAlign::Top),
        )
    }
}
