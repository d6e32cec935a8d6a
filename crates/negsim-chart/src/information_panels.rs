//! Chart 5 with more than [`MAX_ONE_PANEL`](crate::information::MAX_ONE_PANEL) strategies:
//! small multiples, one panel per focal strategy on one shared square scale, a point per
//! opponent coloured (and labelled) by the opponent, so that no spot gathers more points
//! than one strategy has opponents and every label names opponents of one strategy. Each
//! panel keeps the dashed y = x diagonal and the shaded misled zone; the legend names the
//! opponents' colours and the diagonal.

use crate::axes::{Axis, draw_axes, share_ticks};
use crate::canvas::{Canvas, Dash, DrawResult, Marker};
use crate::data::InfoPoint;
use crate::information::{coincident, common_range, draw_points, draw_regions};
use crate::labels::{MARGIN, draw_title};
use crate::legend::{Key, LegendItem, draw_legend_band, legend_band_height};
use crate::scale::Rect;
use crate::style::{PANEL_TITLE_SIZE, REFERENCE, solid, strategy_color};
use crate::text::{HAlign, TextSpec, VAlign, ellipsize};
use plotters::prelude::DrawingBackend;

/// Columns of the grid of panels for `n` strategies.
fn columns(n: usize) -> usize {
    match n {
        0..=6 => n.div_ceil(2).max(1),
        7..=8 => 4,
        _ => (n as f64).sqrt().ceil() as usize + 1,
    }
}

/// Draws the chart as one panel per focal strategy (the canvas is already white).
pub(crate) fn draw_panels<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    title: &str,
    pts: &[&InfoPoint],
) -> DrawResult<DB> {
    let top = draw_title(
        cv,
        title,
        Some(
            "One panel per focal strategy, a point per opponent \u{b7} above the diagonal it \
             extracts, below it leaks \u{b7} shaded: misled",
        ),
    )?;
    // The strategies in order of first appearance, each with its colour.
    let mut names: Vec<(&str, usize)> = Vec::new();
    for p in pts {
        if !names.iter().any(|(n, _)| *n == p.focal) {
            names.push((p.focal.as_str(), p.focal_color));
        }
    }
    let color_of = |name: &str| {
        names
            .iter()
            .position(|(n, _)| *n == name)
            .map_or(0, |i| names[i].1)
    };
    let mut items: Vec<LegendItem> = names
        .iter()
        .map(|(n, c)| LegendItem {
            label: format!("vs {n}"),
            color: solid(strategy_color(*c)),
            key: Key::Point(Marker::Circle),
        })
        .collect();
    items.push(LegendItem {
        label: "balanced (y = x)".into(),
        color: solid(REFERENCE),
        key: Key::Line {
            dash: Dash::Dashed,
            marker: None,
            width: 2.5,
        },
    });
    let full_w = cv.width() - 2.0 * MARGIN;
    let band = legend_band_height(&items, full_w);
    draw_legend_band(cv, &items, cv.width() / 2.0, top - 6.0, full_w)?;
    let plot_top = top + band + 4.0;

    let (lo, hi) = common_range(pts);
    let n = names.len();
    let cols = columns(n);
    let rows = n.div_ceil(cols);
    let head = PANEL_TITLE_SIZE * 1.5;
    let block_h = (cv.height() - MARGIN - plot_top) / rows as f64;
    let col_w = full_w / cols as f64;
    // Each panel fills its cell (wide rather than square: room for the labels beside
    // the points), one scale shared by all.
    let mut plans = Vec::new();
    for i in 0..n {
        let (r, c) = (i / cols, i % cols);
        let x0 = MARGIN + col_w * c as f64;
        let y0 = plot_top + block_h * r as f64 + head;
        let gap_x = if c + 1 < cols { 36.0 } else { 0.0 };
        let gap_y = if r + 1 < rows { 14.0 } else { 0.0 };
        let rect = Rect::new(x0, y0, x0 + col_w - gap_x, y0 + block_h - head - gap_y);
        let last_row = i + cols >= n;
        let x = Axis::new(lo, hi);
        let x = if last_row {
            x.label("bits given away")
        } else {
            x
        };
        let y = Axis::new(lo, hi);
        let y = if c == 0 { y.label("bits learned") } else { y };
        plans.push((rect, x, y));
    }
    // One scale and one set of tick positions for all (the first column's frames are
    // narrower by the y axis label, the last row's lower by the x one).
    share_ticks(&mut plans, |_| 0);
    for (&(name, _), (rect, x, y)) in names.iter().zip(plans) {
        let f = draw_axes(cv, rect, &x, &y)?;
        let w = f.x1 - f.x0;
        let spec = TextSpec::new(PANEL_TITLE_SIZE)
            .bold()
            .color(solid(strategy_color(color_of(name))))
            .anchor(HAlign::Center, VAlign::Top);
        let text = ellipsize(name, PANEL_TITLE_SIZE, true, w);
        cv.text(&text, (f.x0 + f.x1) / 2.0, rect.y0 - head + 4.0, &spec)?;
        let mine: Vec<&InfoPoint> = pts.iter().copied().filter(|p| p.focal == name).collect();
        let groups = coincident(
            mine.iter()
                .map(|p| f.pt(p.bits_given, p.bits_learned))
                .collect(),
        );
        let mut placer = draw_regions(cv, &f, lo, hi, &groups)?;
        draw_points(cv, &mine, &groups, &mut placer, &|p| color_of(&p.opponent))?;
    }
    Ok(())
}
