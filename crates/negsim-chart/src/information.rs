//! Chart 5: information given away (x, the bits the focal side's words would teach a fully
//! trusting listener) against information learned (y, the bits it learned about the truth,
//! negative when it was misled), one point per ordered pairing, coloured by the focal
//! strategy and labelled with the opponent. A dashed y = x diagonal marks balance: points
//! above it extract more than they leak, points below leak more than they extract; below
//! y = 0 (shaded) a side ended up believing the wrong thing.

use crate::axes::{Axis, TICK_GAP, draw_axes};
use crate::canvas::{Canvas, Dash, DrawOut, DrawResult, Marker};
use crate::data::{InfoPoint, InformationData};
use crate::format::{NumFmt, format_tick};
use crate::labels::{MARGIN, Placer, draw_empty, draw_title};
use crate::legend::{Key, LegendItem, draw_legend_column, legend_column_width};
use crate::output::{Chart, ChartError, render};
use crate::scale::{Frame, Rect, finite_extent, nice_ticks};
use crate::style::{
    ANNOTATION_SIZE, AXIS_LABEL_SIZE, INK, MIN_TEXT_SIZE, MUTED, REFERENCE, SHADE, TICK_SIZE,
    WHITE, alpha, solid, strategy_color,
};
use crate::text::{HAlign, TextSpec, VAlign, measure};
use plotters::prelude::DrawingBackend;
use plotters::style::RGBAColor;
use std::path::Path;

/// Renders the information scatter to `out_base.png` and `out_base.svg`.
pub fn render_information(data: &InformationData, out_base: &Path) -> Result<(), ChartError> {
    render(data, out_base)
}

impl Chart for InformationData {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> DrawResult<DB> {
        let pts: Vec<&InfoPoint> = self
            .points
            .iter()
            .filter(|p| p.bits_given.is_finite() && p.bits_learned.is_finite())
            .collect();
        if pts.is_empty() {
            return draw_empty(cv, &self.title, "no information exchanged in this run");
        }
        cv.fill(&WHITE)?;
        let top = draw_title(
            cv,
            &self.title,
            Some("One point per ordered pairing: colour = focal strategy, label = its opponent"),
        )?;
        let (lo, hi) = common_range(&pts);
        let items = legend_items(&pts);
        let header = "Focal strategy";
        let legend_w = legend_column_width(&items, Some(header), 340.0);

        // Size the panel so that the plot frame comes out (nearly) square.
        let (ticks, step) = nice_ticks(lo, hi, 8, false);
        let tick_w = ticks
            .iter()
            .map(|t| measure(&format_tick(*t, step, NumFmt::Plain), TICK_SIZE, false))
            .fold(0.0, f64::max);
        let left_band = AXIS_LABEL_SIZE * 1.3 + tick_w + TICK_GAP + 12.0;
        let bottom_band = TICK_SIZE * 1.55 + AXIS_LABEL_SIZE * 1.35 + TICK_SIZE * 0.6;
        let avail_h = cv.height() - MARGIN - top;
        let side =
            (avail_h - bottom_band).min(cv.width() - 2.0 * MARGIN - left_band - legend_w - 60.0);
        let block_w = left_band + side + 60.0 + legend_w;
        let x_start = (cv.width() - block_w) / 2.0;
        let outer = Rect::new(
            x_start,
            top,
            x_start + left_band + side,
            top + side + bottom_band,
        );
        let x = Axis::new(lo, hi).label("Bits its words gave away (to a trusting listener)");
        let y = Axis::new(lo, hi).label("Bits it learned (below 0: misled)");
        let f = draw_axes(cv, outer, &x, &y)?;
        draw_legend_column(cv, &items, Some(header), f.x1 + 60.0, f.y0, legend_w)?;
        let centres = spread(
            pts.iter()
                .map(|p| f.pt(p.bits_given, p.bits_learned))
                .collect(),
            POINT_R * 1.4,
        );
        let mut placer = draw_regions(cv, &f, lo, hi, &centres)?;
        draw_points(cv, &pts, &centres, &mut placer)?;
        draw_region_names(cv, &f, lo, hi, &mut placer)
    }
}

/// One range for both axes (from zero at most, with room above) so the diagonal runs corner
/// to corner at 45 degrees.
fn common_range(pts: &[&InfoPoint]) -> (f64, f64) {
    let (mut lo, mut hi) = finite_extent(pts.iter().flat_map(|p| [p.bits_given, p.bits_learned]))
        .unwrap_or((0.0, 1.0));
    lo = lo.min(0.0);
    if hi - lo < 1e-9 {
        hi = lo + 1.0;
    }
    let span = hi - lo;
    hi += span * 0.1;
    lo -= span * 0.04;
    (lo, hi)
}

/// Legend of focal strategies, in order of first appearance.
fn legend_items(pts: &[&InfoPoint]) -> Vec<LegendItem> {
    let mut items: Vec<LegendItem> = Vec::new();
    for p in pts {
        if !items.iter().any(|i| i.label == p.focal) {
            items.push(LegendItem {
                label: p.focal.clone(),
                color: solid(strategy_color(p.focal_color)),
                key: Key::Point(Marker::Circle),
            });
        }
    }
    items
}

/// Radius of a point.
const POINT_R: f64 = 10.0;

/// The misled zone (y < 0, shaded) and the dashed diagonal from `lo` to `hi`; returns a
/// label placer for the plot of `f` that keeps clear of the points at `centres`.
fn draw_regions<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    f: &Frame,
    lo: f64,
    hi: f64,
    centres: &[(f64, f64)],
) -> DrawOut<Placer, DB> {
    if lo < 0.0 {
        let y0 = f.py(0.0);
        cv.fill_rect((f.x0 + 1.0, y0), (f.x1 - 1.0, f.y1 - 1.0), &SHADE)?;
        cv.line(&[(f.x0, y0), (f.x1, y0)], &REFERENCE, 1.5, Dash::Solid)?;
    }
    cv.line(&[f.pt(lo, lo), f.pt(hi, hi)], &REFERENCE, 2.5, Dash::Dashed)?;
    let mut placer = Placer::new(Rect::new(f.x0 + 4.0, f.y0 + 4.0, f.x1 - 4.0, f.y1 - 4.0));
    for c in centres {
        placer.block_point(*c, POINT_R + 4.0);
    }
    Ok(placer)
}

/// The names of the regions (the diagonal, extracting above it, leaking below it, misled
/// below 0 bits), each in the first free spot from its corner, after the points' labels.
fn draw_region_names<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    f: &Frame,
    lo: f64,
    hi: f64,
    placer: &mut Placer,
) -> DrawResult<DB> {
    let (a, b) = (f.pt(lo, lo), f.pt(hi, hi));
    // Positive above-left of the diagonal (y = x runs bottom-left to top-right on screen).
    let above = |(x, y): (f64, f64)| (b.1 - a.1) * (x - a.0) - (b.0 - a.0) * (y - a.1);
    let steps = |x0: f64, y0: f64, dx: f64, dy: f64, h: HAlign, v: VAlign| {
        (0..20)
            .flat_map(move |i| {
                (0..6).map(move |j| (x0 + dx * 40.0 * j as f64, y0 + dy * 22.0 * i as f64, h, v))
            })
            .collect::<Vec<_>>()
    };
    let diag = TextSpec::new(ANNOTATION_SIZE).color(MUTED);
    let spots: Vec<_> = [0.86, 0.75, 0.64, 0.5, 0.36, 0.22]
        .into_iter()
        .flat_map(|t| {
            let (dx, dy) = f.pt(lo + (hi - lo) * t, lo + (hi - lo) * t);
            [
                (dx - 12.0, dy - 4.0, HAlign::Right, VAlign::Bottom),
                (dx + 12.0, dy + 4.0, HAlign::Left, VAlign::Top),
            ]
        })
        .collect();
    if let Some(p) = placer.place_at("balanced (y = x)", &spots, diag, 6.0, |_| true) {
        cv.text("balanced (y = x)", p.x, p.y, &p.spec)?;
    }
    let region = TextSpec::new(ANNOTATION_SIZE + 1.0)
        .bold()
        .color(alpha(REFERENCE, 1.0));
    let up = "\u{2191} extracts: learns more than it gives";
    let spots = steps(
        f.x0 + 14.0,
        f.y0 + 12.0,
        1.0,
        1.0,
        HAlign::Left,
        VAlign::Top,
    );
    let fits = |r: &Rect| above((r.x1, r.y1)) > 0.0;
    if let Some(p) = placer.place_at(up, &spots, region, 12.0, fits) {
        cv.text(up, p.x, p.y, &p.spec)?;
    }
    if lo < 0.0 {
        let y0 = f.py(0.0);
        let text = "misled (below 0 bits)";
        let spots = steps(f.x0 + 14.0, y0 + 10.0, 1.0, 1.0, HAlign::Left, VAlign::Top);
        let one_side = |r: &Rect| above((r.x1, r.y1)) > 0.0 || above((r.x0, r.y0)) < 0.0;
        if let Some(p) = placer.place_at(text, &spots, region, 12.0, |r| {
            r.y0 > y0 + 2.0 && one_side(r)
        }) {
            cv.text(text, p.x, p.y, &p.spec)?;
        }
    }
    let down = "leaks: gives more than it learns \u{2193}";
    let spots = steps(
        f.x1 - 14.0,
        f.y1 - 12.0,
        -1.0,
        -1.0,
        HAlign::Right,
        VAlign::Bottom,
    );
    let fits = |r: &Rect| above((r.x0, r.y0)) < 0.0;
    if let Some(p) = placer.place_at(down, &spots, region, 12.0, fits) {
        cv.text(down, p.x, p.y, &p.spec)?;
    }
    Ok(())
}

/// The points at their (spread) `centres`, then their opponents' names around them, with a
/// leader line when a name had to go further out.
fn draw_points<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    pts: &[&InfoPoint],
    centres: &[(f64, f64)],
    placer: &mut Placer,
) -> DrawResult<DB> {
    let r = POINT_R;
    for (p, c) in pts.iter().zip(centres) {
        cv.circle(
            *c,
            r,
            &strategy_color(p.focal_color),
            Some((solid(WHITE), 2.5)),
        )?;
    }
    let label = TextSpec::new(MIN_TEXT_SIZE).color(RGBAColor(0x33, 0x33, 0x33, 1.0));
    for (p, c) in pts.iter().zip(centres) {
        let placed = placer.place(&p.opponent, *c, r + 6.0, label);
        if placed.far {
            let (tx, ty) = nearest_point(&placed.rect, *c);
            cv.line(
                &[*c, (tx, ty)],
                &RGBAColor(INK.0, INK.1, INK.2, 0.45),
                1.5,
                Dash::Solid,
            )?;
        }
        cv.text(&p.opponent, placed.x, placed.y, &placed.spec)?;
    }
    Ok(())
}

/// Moves points that (nearly) coincide onto a small circle around their common position, so
/// that every one stays visible and can be labelled.
fn spread(points: Vec<(f64, f64)>, radius: f64) -> Vec<(f64, f64)> {
    let mut out = points.clone();
    let mut done = vec![false; points.len()];
    for i in 0..points.len() {
        if done[i] {
            continue;
        }
        let group: Vec<usize> = (i..points.len())
            .filter(|&j| {
                !done[j] && (points[j].0 - points[i].0).hypot(points[j].1 - points[i].1) < 4.0
            })
            .collect();
        if group.len() > 1 {
            let r = radius * (1.0 + 0.15 * group.len() as f64);
            for (k, &j) in group.iter().enumerate() {
                let ang = -std::f64::consts::FRAC_PI_2
                    + k as f64 * std::f64::consts::TAU / group.len() as f64;
                out[j] = (points[i].0 + r * ang.cos(), points[i].1 + r * ang.sin());
            }
        }
        for j in group {
            done[j] = true;
        }
    }
    out
}

/// The point of `r` closest to `p` (where a leader line should end).
fn nearest_point(r: &Rect, p: (f64, f64)) -> (f64, f64) {
    (p.0.clamp(r.x0, r.x1), p.1.clamp(r.y0, r.y1))
}
