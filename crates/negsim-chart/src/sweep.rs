//! Chart 8: metrics against a swept parameter. One panel per metric (up to three in a row,
//! then further rows), one line with a shaded 95% CI band per series, a shared legend under
//! the title and the swept parameter's name under the panels. A metric with bands for more
//! than [`MAX_BANDS`] series (six overlapping bands merge into one block) becomes a row of
//! small multiples instead: one panel per series on the metric's shared y range, its line
//! and band in its colour over the other series' lines in light grey.
//! Lines that coincide over a whole panel (one would hide the others) are drawn as one line
//! striped in all their colours and named in a note over the panel ([`crate::coincide`]).

use crate::asymmetry::draw_band_line;
use crate::axes::{Axis, Ticks, draw_axes};
use crate::canvas::{Canvas, Dash, DrawResult, Marker};
use crate::coincide;
use crate::data::Panel;
use crate::data::{Ci, SweepData};
use crate::labels::{MARGIN, draw_empty, draw_note, draw_title, fit};
use crate::legend::{Key, LegendItem, draw_legend_band, legend_band_height};
use crate::output::{Chart, ChartError, render};
use crate::scale::{Frame, Rect, padded_range};
use crate::style::{
    ANNOTATION_SIZE, AXIS_LABEL_SIZE, INK, MUTED, PANEL_TITLE_SIZE, WHITE, solid, strategy_color,
};
use crate::text::{HAlign, TextSpec, VAlign};
use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;
use std::path::Path;

/// Renders the sweep chart to `out_base.png` and `out_base.svg`.
pub fn render_sweep(data: &SweepData, out_base: &Path) -> Result<(), ChartError> {
    render(data, out_base)
}

impl Chart for SweepData {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> DrawResult<DB> {
        let xs = || {
            self.panels
                .iter()
                .flat_map(|p| &p.series)
                .flat_map(|s| &s.points)
                .filter(|(_, c)| c.mean.is_finite())
                .map(|(x, _)| *x)
        };
        let Some((x_lo, x_hi)) = padded_range(xs(), 0.04) else {
            return draw_empty(cv, &self.title, "no sweep results to show");
        };
        cv.fill(&WHITE)?;
        // Claim bands only for the panels that have them (some columns carry no CI).
        let banded: Vec<&str> = self
            .panels
            .iter()
            .filter(|p| {
                p.series
                    .iter()
                    .flat_map(|s| &s.points)
                    .any(|(_, c)| c.lo.is_finite() && c.hi.is_finite() && c.hi > c.lo)
            })
            .map(|p| p.y_label.split(" (").next().unwrap_or_default())
            .collect();
        let subtitle = if banded.is_empty() {
            "Line: mean".to_string()
        } else if banded.len() == self.panels.len() {
            "Line: mean \u{b7} shaded band: 95% confidence interval".to_string()
        } else {
            format!(
                "Line: mean \u{b7} shaded band: 95% confidence interval ({} only)",
                banded.join(", ")
            )
        };
        let multiples = self
            .panels
            .iter()
            .any(|p| p.series.len() > MAX_BANDS && has_band(p));
        let subtitle = if multiples {
            format!("{subtitle} \u{b7} grey: the other strategies")
        } else {
            subtitle
        };
        let top = draw_title(cv, &self.title, Some(&subtitle))?;

        // Shared legend of every distinct series label.
        let mut items: Vec<LegendItem> = Vec::new();
        for s in self.panels.iter().flat_map(|p| &p.series) {
            if !items.iter().any(|i| i.label == s.label) {
                items.push(LegendItem {
                    label: s.label.clone(),
                    color: solid(strategy_color(s.color_index)),
                    key: if banded.is_empty() {
                        Key::Line {
                            dash: Dash::Solid,
                            marker: None,
                            width: 3.0,
                        }
                    } else {
                        Key::Band { dash: Dash::Solid }
                    },
                });
            }
        }
        let full_w = cv.width() - 2.0 * MARGIN;
        let mut y0 = top;
        if items.len() > 1 {
            let h = draw_legend_band(cv, &items, cv.width() / 2.0, top - 8.0, full_w)?;
            y0 = top - 8.0 + h + 4.0;
        }
        let _ = legend_band_height;

        let label_h = if self.x_label.trim().is_empty() {
            0.0
        } else {
            AXIS_LABEL_SIZE * 1.4
        };
        let bottom = cv.height() - MARGIN - label_h;
        let rows = layout(&self.panels);
        let gap_y = 20.0;
        let row_h = (bottom - y0 - gap_y * (rows.len().saturating_sub(1)) as f64)
            / rows.len().max(1) as f64;
        for (r, row) in rows.iter().enumerate() {
            let py0 = y0 + r as f64 * (row_h + gap_y);
            let x_axis = (x_lo, x_hi, self.x_integer);
            draw_row(cv, row, (py0, py0 + row_h), full_w, x_axis)?;
        }
        if label_h > 0.0 {
            let (size, text) = fit(self.x_label.trim(), AXIS_LABEL_SIZE, false, full_w);
            let spec = TextSpec::new(size)
                .color(INK)
                .anchor(HAlign::Center, VAlign::Top);
            cv.text(&text, cv.width() / 2.0, bottom + 6.0, &spec)?;
        }
        Ok(())
    }
}

/// One row of panels between `py0` and `row_bottom`, `full_w` wide, the x axis over
/// `x_lo..x_hi` (with whole-number ticks if `integer`).
fn draw_row<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    row: &[Slot<'_>],
    (py0, row_bottom): (f64, f64),
    full_w: f64,
    (x_lo, x_hi, integer): (f64, f64, bool),
) -> DrawResult<DB> {
    let multiples = matches!(row.first(), Some(Slot::One(..)));
    let gap_x = if multiples { 24.0 } else { 44.0 };
    let cols = row.len().max(1);
    let panel_w = (full_w - gap_x * (cols - 1) as f64) / cols as f64;
    // Small multiples: the metric's name over the row, the series' names over
    // the panels.
    // Lines that coincide in a whole panel: named in a note under the panel title, a
    // line each, room for which every panel of the row keeps (so their frames align).
    let groups: Vec<Vec<Vec<usize>>> = row
        .iter()
        .map(|slot| match slot {
            Slot::All(p) => coincide::groups(p),
            Slot::One(..) => Vec::new(),
        })
        .collect();
    let notes: Vec<(f64, Vec<String>)> = row
        .iter()
        .zip(&groups)
        .map(|(slot, g)| match slot {
            Slot::All(p) => coincide::note(p, g, panel_w),
            Slot::One(..) => (0.0, Vec::new()),
        })
        .collect();
    let note_lines = notes.iter().map(|(_, l)| l.len()).max().unwrap_or(0);
    let note_h = note_lines as f64 * ANNOTATION_SIZE * 1.25;
    let py0 = match row.first() {
        Some(Slot::One(p, _)) => {
            let (size, head) = fit(p.y_label.trim(), PANEL_TITLE_SIZE, true, full_w);
            let spec = TextSpec::new(size)
                .bold()
                .color(INK)
                .anchor(HAlign::Center, VAlign::Top);
            cv.text(&head, cv.width() / 2.0, py0, &spec)?;
            py0 + PANEL_TITLE_SIZE * 1.3
        }
        _ => py0,
    };
    for (c, slot) in row.iter().enumerate() {
        let px0 = MARGIN + c as f64 * (panel_w + gap_x);
        let (panel, only) = match slot {
            Slot::All(p) => (*p, None),
            Slot::One(p, k) => (*p, Some(*k)),
        };
        let title = match only {
            Some(k) => panel.series[k].label.as_str(),
            None => panel.y_label.trim(),
        };
        let (size, head) = fit(title, PANEL_TITLE_SIZE, true, panel_w);
        let color = match only {
            Some(k) => solid(strategy_color(panel.series[k].color_index)),
            None => INK,
        };
        let spec = TextSpec::new(size)
            .bold()
            .color(color)
            .anchor(HAlign::Center, VAlign::Top);
        cv.text(&head, px0 + panel_w / 2.0, py0, &spec)?;
        let (note_size, note) = &notes[c];
        let note_spec = TextSpec::new(*note_size)
            .color(MUTED)
            .anchor(HAlign::Center, VAlign::Top);
        for (i, line) in note.iter().enumerate() {
            let y = py0 + PANEL_TITLE_SIZE * 1.3 + i as f64 * ANNOTATION_SIZE * 1.25;
            cv.text(line, px0 + panel_w / 2.0, y, &note_spec)?;
        }
        let area = Rect::new(
            px0,
            py0 + PANEL_TITLE_SIZE * 1.4 + note_h,
            px0 + panel_w,
            row_bottom,
        );
        // Small multiples share the metric's y range.
        let ys = panel
            .series
            .iter()
            .flat_map(|s| &s.points)
            .filter(|(x, _)| x.is_finite())
            .flat_map(|(_, c)| [c.mean, c.lo, c.hi]);
        let range = padded_range(ys, 0.08);
        let x_axis = Axis::new(x_lo, x_hi).ticks(Ticks::Auto {
            max: if multiples { 3 } else { 8 },
            integer,
        });
        let y_axis = Axis::new(range.map_or(0.0, |r| r.0), range.map_or(1.0, |r| r.1));
        let f = draw_axes(cv, area, &x_axis, &y_axis)?;
        if range.is_none() {
            draw_note(cv, Rect::new(f.x0, f.y0, f.x1, f.y1), "no data")?;
            continue;
        }
        draw_slot(cv, &f, panel, only, &groups[c])?;
    }
    Ok(())
}

/// Most series whose bands share one panel.
pub const MAX_BANDS: usize = 4;

/// Light grey of the other series' lines in a small multiple.
const CONTEXT: RGBColor = RGBColor(0xC4, 0xC4, 0xC4);

/// What one panel of the chart draws: a metric with all its series, or one series of it.
enum Slot<'a> {
    All(&'a Panel),
    One(&'a Panel, usize),
}

/// Whether `p` has an interval band at some point.
fn has_band(p: &Panel) -> bool {
    p.series
        .iter()
        .flat_map(|s| &s.points)
        .any(|(_, c)| c.lo.is_finite() && c.hi.is_finite() && c.hi > c.lo)
}

/// The rows of panels: a banded metric with more than [`MAX_BANDS`] series takes a row of
/// its own, one panel per series; the other metrics fill rows of up to three (two rows of
/// two for four).
fn layout(panels: &[Panel]) -> Vec<Vec<Slot<'_>>> {
    fn flush<'a>(whole: &mut Vec<&'a Panel>, rows: &mut Vec<Vec<Slot<'a>>>) {
        let per_row = if whole.len() == 4 { 2 } else { 3 };
        for chunk in whole.chunks(per_row) {
            rows.push(chunk.iter().map(|p| Slot::All(p)).collect());
        }
        whole.clear();
    }
    let mut rows: Vec<Vec<Slot<'_>>> = Vec::new();
    let mut whole: Vec<&Panel> = Vec::new();
    for p in panels {
        if p.series.len() > MAX_BANDS && has_band(p) {
            flush(&mut whole, &mut rows);
            rows.push((0..p.series.len()).map(|k| Slot::One(p, k)).collect());
        } else {
            whole.push(p);
        }
    }
    flush(&mut whole, &mut rows);
    rows
}

/// The series of a slot in frame `f`: all of them with their bands (each group of
/// coinciding lines in `groups` as one striped line), or series `only` with its band over
/// the others' lines in light grey.
fn draw_slot<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    f: &Frame,
    panel: &Panel,
    only: Option<usize>,
    groups: &[Vec<usize>],
) -> DrawResult<DB> {
    let marker = |pts: &[(f64, Ci)]| (pts.len() <= 30).then_some(Marker::Circle);
    let Some(k) = only else {
        for (i, s) in panel.series.iter().enumerate() {
            match groups.iter().find(|g| g.contains(&i)) {
                Some(g) if g[0] == i => {
                    coincide::draw_group(cv, f, panel, g, marker(&s.points))?;
                }
                Some(_) => {}
                None => draw_band_line(
                    cv,
                    f,
                    &s.points,
                    strategy_color(s.color_index),
                    marker(&s.points),
                )?,
            }
        }
        return Ok(());
    };
    for (j, s) in panel.series.iter().enumerate() {
        if j == k {
            continue;
        }
        let mut pts: Vec<(f64, f64)> = s
            .points
            .iter()
            .filter(|(x, c)| x.is_finite() && c.mean.is_finite())
            .map(|(x, c)| (*x, c.mean))
            .collect();
        pts.sort_by(|a, b| a.0.total_cmp(&b.0));
        let px: Vec<(f64, f64)> = pts.iter().map(|p| f.pt(p.0, p.1)).collect();
        cv.line(&px, &CONTEXT, 2.0, Dash::Solid)?;
    }
    let s = &panel.series[k];
    draw_band_line(
        cv,
        f,
        &s.points,
        strategy_color(s.color_index),
        marker(&s.points),
    )
}

#[cfg(test)]
mod band_tests {
    use crate::data::{BandSeries, Ci, Panel, SweepData};
    use crate::output::svg_string;

    fn panel(label: &str, half: f64) -> Panel {
        Panel {
            y_label: label.into(),
            series: vec![BandSeries {
                label: "open".into(),
                color_index: 0,
                points: (0..3)
                    .map(|i| (f64::from(i), Ci::new(1.0, 1.0 - half, 1.0 + half)))
                    .collect(),
            }],
        }
    }

    /// The subtitle claims bands only for the panels that have them.
    #[test]
    fn bands_are_claimed_only_where_drawn() {
        let data = |halves: [f64; 2]| SweepData {
            title: "t".into(),
            x_label: "x".into(),
            panels: vec![
                panel("mean surplus (price units)", halves[0]),
                panel("share", halves[1]),
            ],
            x_integer: false,
        };
        let all = svg_string(&data([0.1, 0.2])).unwrap();
        assert!(all.contains("shaded band: 95% confidence interval") && !all.contains("only)"));
        let some = svg_string(&data([0.1, f64::NAN])).unwrap();
        assert!(some.contains("95% confidence interval (mean surplus only)"));
        let none = svg_string(&data([f64::NAN, f64::NAN])).unwrap();
        assert!(!none.contains("band"));
    }
}
