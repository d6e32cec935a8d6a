//! Chart 9: population shares over the generations of an evolutionary run, as stacked areas
//! (first strategy at the bottom, 0-100%), one band per strategy in its colour, with a legend
//! and the strategy's name written inside its band where the band is wide enough.

use crate::axes::{Axis, Ticks, draw_axes};
use crate::canvas::{Canvas, Dash, DrawResult, Marker};
use crate::data::EvolutionData;
use crate::format::NumFmt;
use crate::labels::{MARGIN, draw_empty, draw_title};
use crate::legend::{
    Key, LEGEND_ROW, LegendItem, draw_legend_band, draw_legend_column, legend_band_height,
    legend_column_width,
};
use crate::output::{Chart, ChartError, render};
use crate::scale::{Frame, Rect};
use crate::style::{FRAME, INK, LEGEND_SIZE, WHITE, alpha, luminance, solid, strategy_color};
use crate::text::{HAlign, TextSpec, VAlign, measure};
use plotters::prelude::DrawingBackend;
use plotters::style::{RGBAColor, RGBColor};
use std::path::Path;

/// Renders the evolution chart to `out_base.png` and `out_base.svg`.
pub fn render_evolution(data: &EvolutionData, out_base: &Path) -> Result<(), ChartError> {
    render(data, out_base)
}

/// Ticks of the share axis.
const QUARTERS: [f64; 5] = [0.0, 0.25, 0.5, 0.75, 1.0];

/// Half the width (in generations) of the column drawn for a single generation.
const SINGLE_HALF_WIDTH: f64 = 0.35;

/// The stacked shares: generations in increasing order and, per generation, the cumulative
/// share up to and including each strategy (the top edge of its band; the last is 1).
struct Stack {
    xs: Vec<f64>,
    tops: Vec<Vec<f64>>,
}

impl Stack {
    fn new(data: &EvolutionData) -> Self {
        let mut order: Vec<usize> = (0..data.generations.len())
            .filter(|&i| data.generations[i].is_finite())
            .collect();
        order.sort_by(|&a, &b| data.generations[a].total_cmp(&data.generations[b]));
        let mut xs = Vec::with_capacity(order.len());
        let mut tops = Vec::with_capacity(order.len());
        for i in order {
            let shares: Vec<f64> = data
                .strategies
                .iter()
                .map(|s| {
                    s.shares
                        .get(i)
                        .copied()
                        .filter(|v| v.is_finite() && *v > 0.0)
                        .unwrap_or(0.0)
                })
                .collect();
            // Scale by the largest share first so that huge values cannot overflow the sum.
            let max = shares.iter().copied().fold(0.0, f64::max);
            if max <= 0.0 {
                continue;
            }
            let total: f64 = shares.iter().map(|v| v / max).sum();
            let mut acc = 0.0;
            let cumulative: Vec<f64> = shares
                .iter()
                .map(|v| {
                    acc += v / max / total;
                    acc.min(1.0)
                })
                .collect();
            xs.push(data.generations[i]);
            tops.push(cumulative);
        }
        Self { xs, tops }
    }

    /// Bottom and top share of band `k` at sample `i`.
    fn band(&self, i: usize, k: usize) -> (f64, f64) {
        let lo = if k == 0 { 0.0 } else { self.tops[i][k - 1] };
        (lo, self.tops[i][k])
    }
}

/// Text colour with the better contrast on `fill` (white or the usual ink).
fn label_ink(fill: RGBColor) -> RGBAColor {
    let l = luminance(fill);
    let ink_l = luminance(RGBColor(INK.0, INK.1, INK.2));
    if 1.05 / (l + 0.05) >= (l + 0.05) / (ink_l + 0.05) {
        solid(WHITE)
    } else {
        INK
    }
}

/// Band edges in pixels at horizontal pixel position `x`, interpolated between samples.
fn edges_at(px: &[f64], top: &[f64], bottom: &[f64], x: f64) -> (f64, f64) {
    let j = px.partition_point(|p| *p < x);
    if j == 0 {
        return (top[0], bottom[0]);
    }
    if j >= px.len() {
        return (top[px.len() - 1], bottom[px.len() - 1]);
    }
    let (a, b) = (px[j - 1], px[j]);
    let t = if b > a { (x - a) / (b - a) } else { 1.0 };
    (
        top[j - 1] + (top[j] - top[j - 1]) * t,
        bottom[j - 1] + (bottom[j] - bottom[j - 1]) * t,
    )
}

/// Where a label `w` x `h` pixels fits inside a band (given by its pixel edges at the
/// sample positions `px`) with the most room: the label's centre, or `None`.
fn label_spot(
    px: &[f64],
    top: &[f64],
    bottom: &[f64],
    w: f64,
    h: f64,
    x_range: (f64, f64),
) -> Option<(f64, f64)> {
    let pad = 6.0;
    let margin = 2.0 * pad;
    let (lo, hi) = (x_range.0 + w / 2.0 + margin, x_range.1 - w / 2.0 - margin);
    if hi < lo || px.is_empty() {
        return None;
    }
    let candidates = 160;
    // (room, centre) of every position where the label fits.
    let mut fits: Vec<(f64, f64, f64)> = Vec::new();
    for c in 0..=candidates {
        let cx = lo + (hi - lo) * c as f64 / candidates as f64;
        let (xa, xb) = (cx - w / 2.0 - pad, cx + w / 2.0 + pad);
        // Lowest top edge and highest bottom edge over the label's width (the band edges are
        // straight between samples, so the samples inside plus both ends suffice).
        let (mut t_max, mut b_min) = (f64::NEG_INFINITY, f64::INFINITY);
        for x in [xa, xb] {
            let (t, b) = edges_at(px, top, bottom, x);
            t_max = t_max.max(t);
            b_min = b_min.min(b);
        }
        let (j0, j1) = (
            px.partition_point(|p| *p < xa),
            px.partition_point(|p| *p <= xb),
        );
        for j in j0..j1 {
            t_max = t_max.max(top[j]);
            b_min = b_min.min(bottom[j]);
        }
        let room = b_min - t_max;
        if room >= h + 2.0 * pad {
            fits.push((room, cx, (t_max + b_min) / 2.0));
        }
    }
    // The middle of the positions with nearly the most room (a wide band's label sits in
    // the middle of its widest stretch rather than at one end of it).
    let most = fits.iter().map(|f| f.0).fold(0.0, f64::max);
    let good: Vec<&(f64, f64, f64)> = fits.iter().filter(|f| f.0 >= 0.85 * most).collect();
    good.get(good.len() / 2).map(|&&(_, x, y)| (x, y))
}

impl Chart for EvolutionData {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> DrawResult<DB> {
        if self.strategies.is_empty() {
            return draw_empty(cv, &self.title, "no strategies in this population");
        }
        let mut stack = Stack::new(self);
        if stack.xs.is_empty() {
            return draw_empty(cv, &self.title, "no generations with population shares");
        }
        let integer = stack.xs.iter().all(|x| x.fract() == 0.0);
        let (x_lo, x_hi, x_ticks) =
            if stack.xs.len() == 1 || stack.xs[0] == stack.xs[stack.xs.len() - 1] {
                // One generation: a single stacked column in the middle of the panel.
                let g = stack.xs[0];
                let last = stack.tops[stack.tops.len() - 1].clone();
                stack.xs = vec![g - SINGLE_HALF_WIDTH, g + SINGLE_HALF_WIDTH];
                stack.tops = vec![last.clone(), last];
                (g - 1.0, g + 1.0, Ticks::Fixed(vec![g]))
            } else {
                let ticks = Ticks::Auto { max: 12, integer };
                (stack.xs[0], stack.xs[stack.xs.len() - 1], ticks)
            };

        cv.fill(&WHITE)?;
        let subtitle = self.subtitle.trim();
        let top = draw_title(cv, &self.title, (!subtitle.is_empty()).then_some(subtitle))?;
        let items: Vec<LegendItem> = self
            .strategies
            .iter()
            .map(|s| LegendItem {
                label: s.name.clone(),
                color: solid(strategy_color(s.color_index)),
                key: Key::Point(Marker::Square),
            })
            .collect();

        // Legend: a band under the title if it takes at most two rows, else a column on the
        // right listing the strategies top to bottom as they are stacked.
        let full_w = cv.width() - 2.0 * MARGIN;
        let band_h = legend_band_height(&items, full_w);
        let (plot_top, plot_right) = if band_h <= 2.0 * LEGEND_ROW + 6.0 {
            draw_legend_band(cv, &items, cv.width() / 2.0, top - 6.0, full_w)?;
            (top + band_h + 4.0, cv.width() - MARGIN)
        } else {
            let stacked: Vec<LegendItem> = items.iter().rev().cloned().collect();
            let w = legend_column_width(&stacked, Some("Strategy"), 420.0);
            draw_legend_column(
                cv,
                &stacked,
                Some("Strategy"),
                cv.width() - MARGIN - w,
                top + 4.0,
                w,
            )?;
            (top, cv.width() - MARGIN - w - 36.0)
        };

        let x_axis = Axis::new(x_lo, x_hi).ticks(x_ticks).label("Generation");
        let y_axis = Axis::new(0.0, 1.0)
            .fmt(NumFmt::Percent)
            .ticks(Ticks::Fixed(QUARTERS.to_vec()))
            .label("Share of the population");
        let area = Rect::new(MARGIN, plot_top, plot_right, cv.height() - MARGIN);
        let f = draw_axes(cv, area, &x_axis, &y_axis)?;
        draw_bands(cv, &f, self, &stack)?;
        Ok(())
    }
}

/// Draws the stacked bands, thin white seams between them, faint grid lines over them and
/// the names inside the bands that have room.
fn draw_bands<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    f: &Frame,
    data: &EvolutionData,
    stack: &Stack,
) -> DrawResult<DB> {
    let n = data.strategies.len();
    let px: Vec<f64> = stack.xs.iter().map(|x| f.px(*x)).collect();
    let (first, last) = (px[0], px[px.len() - 1]);
    let floor = f.py(0.0);
    // Each strategy fills from the floor up to its top edge, the top of the stack first, so
    // neighbouring bands share their edge without hairline gaps.
    for k in (0..n).rev() {
        let mut pts: Vec<(f64, f64)> = px
            .iter()
            .zip(&stack.tops)
            .map(|(x, t)| (*x, f.py(t[k])))
            .collect();
        pts.push((last, floor));
        pts.push((first, floor));
        cv.polygon(&pts, &strategy_color(data.strategies[k].color_index))?;
    }
    for k in 0..n.saturating_sub(1) {
        let pts: Vec<(f64, f64)> = px
            .iter()
            .zip(&stack.tops)
            .map(|(x, t)| (*x, f.py(t[k])))
            .collect();
        cv.line(&pts, &alpha(WHITE, 0.85), 1.5, Dash::Solid)?;
    }
    for t in &QUARTERS[1..4] {
        let y = f.py(*t);
        cv.line(
            &[(first, y), (last, y)],
            &alpha(WHITE, 0.35),
            1.0,
            Dash::Dotted,
        )?;
    }
    cv.stroke_rect((f.x0, f.y0), (f.x1, f.y1), &FRAME, 1.5)?;

    // Names inside the bands.
    let size = LEGEND_SIZE;
    for (k, s) in data.strategies.iter().enumerate() {
        let name = s.name.trim();
        if name.is_empty() {
            continue;
        }
        let (top, bottom): (Vec<f64>, Vec<f64>) = (0..px.len())
            .map(|i| {
                let (lo, hi) = stack.band(i, k);
                (f.py(hi), f.py(lo))
            })
            .unzip();
        let w = measure(name, size, true);
        if let Some((x, y)) = label_spot(&px, &top, &bottom, w, size, (first, last)) {
            let spec = TextSpec::new(size)
                .bold()
                .color(label_ink(strategy_color(s.color_index)))
                .anchor(HAlign::Center, VAlign::Center);
            cv.text(name, x, y, &spec)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::StackSeries;

    fn series(shares: Vec<f64>) -> StackSeries {
        StackSeries {
            name: "s".into(),
            color_index: 0,
            shares,
        }
    }

    #[test]
    fn shares_are_sorted_normalised_and_skipped() {
        let data = EvolutionData {
            generations: vec![2.0, 0.0, f64::NAN, 1.0, 3.0],
            strategies: vec![
                series(vec![1.0, 0.2, 0.5, f64::NAN, 0.0]),
                series(vec![3.0, 0.2, 0.5, 0.4, 0.0]),
            ],
            ..Default::default()
        };
        let s = Stack::new(&data);
        // Generation 3 has no positive share, the NaN generation is dropped.
        assert_eq!(s.xs, vec![0.0, 1.0, 2.0]);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(s.tops[0][0], 0.5) && close(s.tops[0][1], 1.0));
        assert!(close(s.tops[1][0], 0.0) && close(s.tops[1][1], 1.0));
        assert!(close(s.tops[2][0], 0.25) && close(s.band(2, 1).0, 0.25));
        let huge = EvolutionData {
            generations: vec![0.0],
            strategies: vec![series(vec![f64::MAX]), series(vec![f64::MAX])],
            ..Default::default()
        };
        assert!(close(Stack::new(&huge).tops[0][0], 0.5));
    }

    #[test]
    fn labels_go_only_where_they_fit() {
        let px = [0.0, 100.0, 200.0, 300.0];
        // A band 60 px tall on the left half, 10 px on the right.
        let top = [100.0, 100.0, 125.0, 125.0];
        let bottom = [160.0, 160.0, 135.0, 135.0];
        let spot = label_spot(&px, &top, &bottom, 60.0, 25.0, (0.0, 300.0));
        let (x, y) = spot.expect("fits on the left");
        assert!(x < 100.0 && (y - 130.0).abs() < 1.0, "{x}, {y}");
        assert!(label_spot(&px, &top, &bottom, 250.0, 25.0, (0.0, 300.0)).is_none());
    }
}
