//! Chart 5: information given away (x, the bits the focal side's words would teach a fully
//! trusting listener) against information learned (y, the bits it learned about the truth,
//! negative when it was misled), one point per ordered pairing, coloured by the focal
//! strategy and labelled with the opponent; points that coincide share one spot (concentric
//! rings) and one label naming their opponents, never moved. A dashed y = x diagonal (named in the legend) marks balance: points
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
    ANNOTATION_SIZE, AXIS_LABEL_SIZE, INK, MIN_TEXT_SIZE, REFERENCE, SHADE, TICK_SIZE, WHITE,
    alpha, solid, strategy_color,
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
        let mut focal: Vec<&str> = pts.iter().map(|p| p.focal.as_str()).collect();
        focal.dedup();
        focal.sort_unstable();
        focal.dedup();
        if focal.len() > MAX_ONE_PANEL {
            return crate::information_panels::draw_panels(cv, &self.title, &pts);
        }
        let top = draw_title(
            cv,
            &self.title,
            Some("One point per ordered pairing: colour = focal strategy, label = its opponent"),
        )?;
        let (lo, hi) = common_range(&pts);
        let mut items = legend_items(&pts);
        // The diagonal is named in the legend, never next to a point.
        items.push(LegendItem {
            label: "balanced (y = x)".into(),
            color: solid(REFERENCE),
            key: Key::Line {
                dash: Dash::Dashed,
                marker: None,
                width: 2.5,
            },
        });
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
        let groups = coincident(
            pts.iter()
                .map(|p| f.pt(p.bits_given, p.bits_learned))
                .collect(),
        );
        let mut placer = draw_regions(cv, &f, lo, hi, &groups)?;
        draw_points(cv, &pts, &groups, &mut placer, &|p| p.focal_color)?;
        draw_region_names(cv, &f, lo, hi, &mut placer)
    }
}

/// Most focal strategies drawn in one panel; with more, one panel per focal strategy
/// (points that coincide in one panel pile up into rings whose labels cannot be read).
pub(crate) const MAX_ONE_PANEL: usize = 4;

/// One range for both axes (from zero at most, with room above) so the diagonal runs corner
/// to corner at 45 degrees.
pub(crate) fn common_range(pts: &[&InfoPoint]) -> (f64, f64) {
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
pub(crate) const POINT_R: f64 = 10.0;

/// The misled zone (y < 0, shaded) and the dashed diagonal from `lo` to `hi`; returns a
/// label placer for the plot of `f` that keeps clear of the points at `centres`.
pub(crate) fn draw_regions<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    f: &Frame,
    lo: f64,
    hi: f64,
    groups: &[Group],
) -> DrawOut<Placer, DB> {
    if lo < 0.0 {
        let y0 = f.py(0.0);
        cv.fill_rect((f.x0 + 1.0, y0), (f.x1 - 1.0, f.y1 - 1.0), &SHADE)?;
        cv.line(&[(f.x0, y0), (f.x1, y0)], &REFERENCE, 1.5, Dash::Solid)?;
    }
    cv.line(&[f.pt(lo, lo), f.pt(hi, hi)], &REFERENCE, 2.5, Dash::Dashed)?;
    let mut placer = Placer::new(Rect::new(f.x0 + 4.0, f.y0 + 4.0, f.x1 - 4.0, f.y1 - 4.0));
    for g in groups {
        placer.block_point(g.centre, g.radius() + 4.0);
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

/// Points drawn at one spot: their data coincide (to within a pixel), so they share one
/// place and one label instead of being moved apart.
pub(crate) struct Group {
    /// Where the data put them (never moved).
    pub centre: (f64, f64),
    /// Indices of the points, in data order.
    pub members: Vec<usize>,
}

impl Group {
    /// Radius of the outermost ring: each further point adds a ring around the first.
    pub fn radius(&self) -> f64 {
        POINT_R + RING * (self.members.len() - 1) as f64
    }
}

/// Width of each extra ring of a group of coincident points.
const RING: f64 = 5.0;

/// Groups the points whose positions `points` lie within a pixel of each other.
pub(crate) fn coincident(points: Vec<(f64, f64)>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        match groups
            .iter_mut()
            .find(|g| (g.centre.0 - p.0).hypot(g.centre.1 - p.1) < 1.0)
        {
            Some(g) => g.members.push(i),
            None => groups.push(Group {
                centre: *p,
                members: vec![i],
            }),
        }
    }
    groups
}

/// The points at their true positions (coincident ones as concentric rings, the first
/// point innermost), coloured by `color` (a strategy's colour index), then their opponents'
/// names around them (one label per spot, naming every opponent from the inside out), with
/// a leader line when a name had to go further out.
pub(crate) fn draw_points<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    pts: &[&InfoPoint],
    groups: &[Group],
    placer: &mut Placer,
    color: &dyn Fn(&InfoPoint) -> usize,
) -> DrawResult<DB> {
    for g in groups {
        for (k, &i) in g.members.iter().enumerate().rev() {
            cv.circle(
                g.centre,
                POINT_R + RING * k as f64,
                &strategy_color(color(pts[i])),
                Some((solid(WHITE), 2.5)),
            )?;
        }
    }
    let label = TextSpec::new(MIN_TEXT_SIZE).color(RGBAColor(0x33, 0x33, 0x33, 1.0));
    for g in groups {
        let text = group_label(pts, &g.members);
        let placed = placer.place(&text, g.centre, g.radius() + 6.0, label);
        if placed.far {
            let (tx, ty) = nearest_point(&placed.rect, g.centre);
            cv.line(
                &[g.centre, (tx, ty)],
                &RGBAColor(INK.0, INK.1, INK.2, 0.45),
                1.5,
                Dash::Solid,
            )?;
        }
        cv.text(&text, placed.x, placed.y, &placed.spec)?;
    }
    Ok(())
}

/// The label of coincident points: their opponents in order of first appearance, a name
/// shared by several points once with its count ("open \u{d7}2 / probing").
fn group_label(pts: &[&InfoPoint], members: &[usize]) -> String {
    let mut names: Vec<(&str, usize)> = Vec::new();
    for &i in members {
        let o = pts[i].opponent.as_str();
        match names.iter_mut().find(|(n, _)| *n == o) {
            Some((_, k)) => *k += 1,
            None => names.push((o, 1)),
        }
    }
    names
        .iter()
        .map(|(n, k)| {
            if *k > 1 {
                format!("{n} \u{d7}{k}")
            } else {
                n.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The point of `r` closest to `p` (where a leader line should end).
fn nearest_point(r: &Rect, p: (f64, f64)) -> (f64, f64) {
    (p.0.clamp(r.x0, r.x1), p.1.clamp(r.y0, r.y1))
}
