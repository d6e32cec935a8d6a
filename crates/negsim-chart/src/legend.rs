//! Legends: entries with a line, band or marker key, laid out as horizontal bands (wrapped
//! into centred rows) or as a vertical column under an optional header.

use crate::canvas::{Canvas, Dash, DrawOut, Marker};
use crate::style::{INK, LEGEND_SIZE};
use crate::text::{HAlign, TextSpec, VAlign, ellipsize, measure};
use plotters::prelude::DrawingBackend;
use plotters::style::RGBAColor;

/// What a legend entry shows next to its label.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Key {
    /// A line, optionally with a marker on it.
    Line {
        dash: Dash,
        marker: Option<Marker>,
        width: f64,
    },
    /// A shaded band with a line through it.
    Band { dash: Dash },
    /// A marker alone.
    Point(Marker),
    /// A hollow marker: white inside, outlined in the colour.
    Hollow(Marker),
}

#[derive(Clone, Debug)]
pub(crate) struct LegendItem {
    pub label: String,
    pub color: RGBAColor,
    pub key: Key,
}

const KEY_W: f64 = 50.0;
const KEY_GAP: f64 = 10.0;
const ITEM_GAP: f64 = 34.0;
pub(crate) const LEGEND_ROW: f64 = LEGEND_SIZE * 1.5;

fn draw_key<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    item: &LegendItem,
    x: f64,
    yc: f64,
) -> DrawOut<(), DB> {
    let c = item.color;
    let mid = (x + KEY_W / 2.0, yc);
    match item.key {
        Key::Line {
            dash,
            marker,
            width,
        } => {
            cv.line(&[(x, yc), (x + KEY_W, yc)], &c, width, dash)?;
            if let Some(m) = marker {
                cv.marker(m, mid, 15.0, &c, Some((RGBAColor(255, 255, 255, 1.0), 1.5)))?;
            }
        }
        Key::Band { dash } => {
            cv.fill_rect(
                (x, yc - 10.0),
                (x + KEY_W, yc + 10.0),
                &RGBAColor(c.0, c.1, c.2, 0.2),
            )?;
            cv.line(&[(x, yc), (x + KEY_W, yc)], &c, 3.0, dash)?;
        }
        Key::Point(m) => {
            cv.marker(m, mid, 18.0, &c, Some((RGBAColor(255, 255, 255, 1.0), 1.5)))?;
        }
        Key::Hollow(m) => {
            cv.marker(m, mid, 18.0, &RGBAColor(255, 255, 255, 1.0), Some((c, 3.0)))?;
        }
    }
    Ok(())
}

fn item_width(item: &LegendItem) -> f64 {
    KEY_W + KEY_GAP + measure(&item.label, LEGEND_SIZE, false)
}

/// Splits items into rows no wider than `max_w`.
fn legend_rows(items: &[LegendItem], max_w: f64) -> Vec<Vec<usize>> {
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut w = 0.0;
    for (i, it) in items.iter().enumerate() {
        let iw = item_width(it).min(max_w);
        match rows.last_mut() {
            Some(row) if w + ITEM_GAP + iw <= max_w => {
                row.push(i);
                w += ITEM_GAP + iw;
            }
            _ => {
                rows.push(vec![i]);
                w = iw;
            }
        }
    }
    rows
}

/// Height a horizontal legend band of `items` takes within `max_w`.
pub(crate) fn legend_band_height(items: &[LegendItem], max_w: f64) -> f64 {
    if items.is_empty() {
        0.0
    } else {
        legend_rows(items, max_w).len() as f64 * LEGEND_ROW + 6.0
    }
}

/// Draws a horizontal legend, rows centred on `cx`, starting at `y`; returns its height.
pub(crate) fn draw_legend_band<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    items: &[LegendItem],
    cx: f64,
    y: f64,
    max_w: f64,
) -> DrawOut<f64, DB> {
    let rows = legend_rows(items, max_w);
    let spec = TextSpec::new(LEGEND_SIZE)
        .color(INK)
        .anchor(HAlign::Left, VAlign::Center);
    for (r, row) in rows.iter().enumerate() {
        let widths: Vec<f64> = row
            .iter()
            .map(|&i| item_width(&items[i]).min(max_w))
            .collect();
        let total = widths.iter().sum::<f64>() + ITEM_GAP * (row.len().saturating_sub(1)) as f64;
        let mut x = cx - total / 2.0;
        let yc = y + r as f64 * LEGEND_ROW + LEGEND_ROW / 2.0;
        for (&i, w) in row.iter().zip(&widths) {
            draw_key(cv, &items[i], x, yc)?;
            let label = ellipsize(&items[i].label, LEGEND_SIZE, false, w - KEY_W - KEY_GAP);
            cv.text(&label, x + KEY_W + KEY_GAP, yc, &spec)?;
            x += w + ITEM_GAP;
        }
    }
    Ok(legend_band_height(items, max_w))
}

/// Width a vertical legend needs (capped at `max_w`).
pub(crate) fn legend_column_width(items: &[LegendItem], header: Option<&str>, max_w: f64) -> f64 {
    let h = header.map(|h| measure(h, LEGEND_SIZE, true)).unwrap_or(0.0);
    items.iter().map(item_width).fold(h, f64::max).min(max_w)
}

/// Draws a vertical legend with its top-left corner at (x, y), optionally under a bold
/// header, one item per row (labels ellipsized to `width`); returns its height.
pub(crate) fn draw_legend_column<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    items: &[LegendItem],
    header: Option<&str>,
    x: f64,
    y: f64,
    width: f64,
) -> DrawOut<f64, DB> {
    let mut yy = y;
    if let Some(h) = header {
        let spec = TextSpec::new(LEGEND_SIZE)
            .bold()
            .color(INK)
            .anchor(HAlign::Left, VAlign::Top);
        cv.text(&ellipsize(h, LEGEND_SIZE, true, width), x, yy, &spec)?;
        yy += LEGEND_ROW;
    }
    let spec = TextSpec::new(LEGEND_SIZE)
        .color(INK)
        .anchor(HAlign::Left, VAlign::Center);
    for item in items {
        let yc = yy + LEGEND_ROW / 2.0;
        draw_key(cv, item, x, yc)?;
        let label = ellipsize(&item.label, LEGEND_SIZE, false, width - KEY_W - KEY_GAP);
        cv.text(&label, x + KEY_W + KEY_GAP, yc, &spec)?;
        yy += LEGEND_ROW;
    }
    Ok(yy - y)
}
