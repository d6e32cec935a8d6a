//! Chart 6: trust and disclosure over the runs of a match as small multiples: one column
//! per side-A strategy (series labelled "A vs B"), titled "A = ..." (the name alone when
//! that does not fit), with A's trust in B on
//! top and A's disclosures (confidences plus answers) below, sharing the x axis (run
//! index); one line per side-B strategy, coloured by it and named in the legend.

use crate::axes::{Axis, Ticks, draw_axes, share_ticks};
use crate::canvas::{Canvas, Dash, DrawResult, Marker};
use crate::data::{Series, TrustData};
use crate::labels::{MARGIN, draw_empty, draw_note, draw_title};
use crate::legend::{Key, LegendItem, draw_legend_band, legend_band_height};
use crate::output::{Chart, ChartError, render};
use crate::scale::{Frame, Rect, finite_extent, padded_range};
use crate::style::{MIN_TEXT_SIZE, PANEL_TITLE_SIZE, WHITE, solid, strategy_color};
use crate::text::{HAlign, TextSpec, VAlign, ellipsize, measure};
use plotters::prelude::{DrawingAreaErrorKind, DrawingBackend};
use std::path::Path;

/// Renders the trust chart to `out_base.png` and `out_base.svg`.
pub fn render_trust(data: &TrustData, out_base: &Path) -> Result<(), ChartError> {
    render(data, out_base)
}

/// Line style of every distinct series label: (label, colour index, dashed, marker), the
/// marker shape by order of first appearance.
pub(crate) fn series_styles<'a>(
    all: impl Iterator<Item = &'a Series>,
) -> Vec<(String, usize, bool, Marker)> {
    let mut styles: Vec<(String, usize, bool, Marker)> = Vec::new();
    for s in all {
        if styles.iter().any(|(l, ..)| *l == s.label) {
            continue;
        }
        let k = styles.len();
        styles.push((
            s.label.clone(),
            s.color_index,
            s.dashed,
            Marker::CYCLE[k % Marker::CYCLE.len()],
        ));
    }
    styles
}

fn finite_points(s: &Series) -> impl Iterator<Item = &(f64, f64)> {
    s.points
        .iter()
        .filter(|p| p.0.is_finite() && p.1.is_finite())
}

/// Draws series lines with markers in `f`.
pub(crate) fn draw_series<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    f: &Frame,
    series: &[Series],
    styles: &[(String, usize, bool, Marker)],
) -> DrawResult<DB> {
    for s in series {
        let k = styles.iter().position(|(l, ..)| *l == s.label);
        let marker = k.map_or(Marker::Circle, |k| styles[k].3);
        // Lines that coincide stay visible: each line's markers are smaller than those of
        // the lines drawn before it, so equal values show as nested markers.
        let size = match k {
            Some(k) if styles.len() <= 4 => 24.0 - 4.5 * k as f64,
            _ => 14.0,
        };
        let color = strategy_color(s.color_index);
        let mut pts: Vec<(f64, f64)> = finite_points(s).copied().collect();
        pts.sort_by(|a, b| a.0.total_cmp(&b.0));
        let px: Vec<(f64, f64)> = pts.iter().map(|p| f.pt(p.0, p.1)).collect();
        let dash = if s.dashed { Dash::Dashed } else { Dash::Solid };
        cv.line(&px, &color, 3.0, dash)?;
        if px.len() <= 40 {
            for p in &px {
                cv.marker(marker, *p, size, &color, Some((solid(WHITE), 1.5)))?;
            }
        }
    }
    Ok(())
}

/// The panel (side A's strategy) and line (side B's strategy) of a series labelled
/// "A vs B"; a label without " vs " is a panel of its own.
fn split_label(label: &str) -> (&str, &str) {
    label.split_once(" vs ").unwrap_or((label, label))
}

/// `series` of panel `panel`, each relabelled with its line's name.
fn panel_series(series: &[Series], panel: &str) -> Vec<Series> {
    series
        .iter()
        .filter(|s| split_label(&s.label).0 == panel)
        .map(|s| Series {
            label: split_label(&s.label).1.to_string(),
            ..s.clone()
        })
        .collect()
}

/// Y label of the trust panels.
pub const TRUST_LABEL: &str = "A's trust in B";
/// Y label of the disclosure panels.
pub const DISCLOSURE_LABEL: &str = "A's disclosures per run";

/// The side-A strategies of series labelled "A / B", in order of first
/// appearance.
fn side_a_names<'a>(all: impl Iterator<Item = &'a Series>) -> Vec<&'a str> {
    let mut panels: Vec<&str> = Vec::new();
    for s in all {
        let p = split_label(&s.label).0;
        if !panels.contains(&p) {
            panels.push(p);
        }
    }
    panels
}

/// The legend band of side-B strategies under the title (ending at
/// `top`); returns where the panels start.
fn legend<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    styles: &[(String, usize, bool, Marker)],
    top: f64,
) -> Result<f64, DrawingAreaErrorKind<DB::ErrorType>> {
    let items: Vec<LegendItem> = styles
        .iter()
        .map(|(label, c, dashed, m)| LegendItem {
            label: format!("B = {label}"),
            color: solid(strategy_color(*c)),
            key: Key::Line {
                dash: if *dashed { Dash::Dashed } else { Dash::Solid },
                marker: Some(*m),
                width: 3.0,
            },
        })
        .collect();
    let full_w = cv.width() - 2.0 * MARGIN;
    let band_h = legend_band_height(&items, full_w);
    draw_legend_band(cv, &items, cv.width() / 2.0, top - 6.0, full_w)?;
    Ok(top + band_h + 4.0)
}

/// A column's title over its frame `(x0, x1)`, its top at `y`: "A = name"
/// if it fits, else the name alone (smaller if need be).
fn panel_title<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    panel: &str,
    (x0, x1): (f64, f64),
    y: f64,
) -> DrawResult<DB> {
    let w = x1 - x0;
    let full = format!("A = {panel}");
    let (title, size) = if measure(&full, PANEL_TITLE_SIZE, true) <= w {
        (full, PANEL_TITLE_SIZE)
    } else {
        let size = (PANEL_TITLE_SIZE * w / measure(panel, PANEL_TITLE_SIZE, true))
            .clamp(MIN_TEXT_SIZE, PANEL_TITLE_SIZE);
        (ellipsize(panel, size, true, w), size)
    };
    let spec = TextSpec::new(size)
        .bold()
        .anchor(HAlign::Center, VAlign::Top);
    cv.text(&title, (x0 + x1) / 2.0, y, &spec)?;
    Ok(())
}

impl Chart for TrustData {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> DrawResult<DB> {
        let all = || self.trust.iter().chain(&self.disclosure);
        let xs = || all().flat_map(finite_points).map(|p| p.0);
        let Some((x_min, x_max)) = finite_extent(xs()) else {
            return draw_empty(cv, &self.title, "no matches to show in this run");
        };
        // Run indices: pad by at least half a run so a single run sits mid-panel.
        let pad = ((x_max - x_min) * 0.03).max(0.5);
        let (x_lo, x_hi) = (x_min - pad, x_max + pad);
        cv.fill(&WHITE)?;
        let top = draw_title(
            cv,
            &self.title,
            Some(
                "One column per side-A strategy, one line per side-B strategy \u{b7} \
                 disclosures = confidences + answers",
            ),
        )?;
        // Small multiples: one column per side-A strategy, one line per side-B strategy.
        let panels = side_a_names(all());
        let line_series: Vec<Series> = all()
            .map(|s| Series {
                label: split_label(&s.label).1.to_string(),
                ..s.clone()
            })
            .collect();
        let styles = series_styles(line_series.iter());
        let plot_top = legend(cv, &styles, top)?;

        let n = panels.len();
        // One row of up to six columns; more strategies wrap onto further rows.
        let rows = n.div_ceil(6);
        let cols = n.div_ceil(rows);
        let integer = xs().all(|x| x.fract() == 0.0);
        let unit_range = |ys: &[f64]| match finite_extent(ys.iter().copied()) {
            Some((a, b)) if a >= 0.0 && b <= 1.0 => Some((-0.04, 1.04)),
            _ => padded_range(ys.iter().copied(), 0.06),
        };
        let ys = |list: &[Series]| -> Vec<f64> {
            list.iter().flat_map(finite_points).map(|p| p.1).collect()
        };
        let t_ys = ys(&self.trust);
        let d_ys = ys(&self.disclosure);
        // One y range per measure over all panels, so the panels compare at a glance.
        let t_range = unit_range(&t_ys);
        let d_range = if d_ys.is_empty() {
            None
        } else {
            padded_range(d_ys.iter().copied().chain([0.0]), 0.05)
        };
        let bottom = cv.height() - MARGIN;
        let block_h = (bottom - plot_top) / rows as f64;
        let col_w = (cv.width() - 2.0 * MARGIN) / cols as f64;
        let head = PANEL_TITLE_SIZE * 1.5;
        let mut plans = Vec::new();
        for (i, panel) in panels.iter().enumerate() {
            let (r, c) = (i / cols, i % cols);
            let x0 = MARGIN + col_w * c as f64;
            let x1 = x0 + col_w - if c + 1 < cols { 24.0 } else { 0.0 };
            let y0 = plot_top + block_h * r as f64;
            let y1 = y0 + block_h - if r + 1 < rows { 16.0 } else { 0.0 };
            let mid = y0 + head + (y1 - y0 - head) * 0.47;
            let x_axis = |last: bool| {
                let a = Axis::new(x_lo, x_hi).ticks(Ticks::Auto { max: 6, integer });
                if last {
                    a.label(if cols > 4 {
                        "Run"
                    } else {
                        "Run within the match"
                    })
                } else {
                    a.no_tick_labels()
                }
            };
            let y_axis = |range: Option<(f64, f64)>, label: &str| {
                let a = Axis::new(range.map_or(0.0, |r| r.0), range.map_or(1.0, |r| r.1));
                if c == 0 { a.label(label) } else { a }
            };
            plans.push((
                *panel,
                Rect::new(x0, y0 + head, x1, mid),
                x_axis(false),
                y_axis(t_range, TRUST_LABEL),
                panel_series(&self.trust, panel),
                t_range,
            ));
            plans.push((
                *panel,
                Rect::new(x0, mid + 12.0, x1, y1),
                x_axis(true),
                y_axis(d_range, DISCLOSURE_LABEL),
                panel_series(&self.disclosure, panel),
                d_range,
            ));
        }
        // Aligned frames, the same run ticks everywhere, the same trust (even index) and
        // disclosure (odd) ticks in every column.
        let mut axes: Vec<(Rect, Axis, Axis)> = plans
            .iter()
            .map(|p| (p.1, p.2.clone(), p.3.clone()))
            .collect();
        share_ticks(&mut axes, |i| i % 2);
        for (k, ((panel, _, _, _, series, range), (rect, x, y))) in
            plans.into_iter().zip(axes).enumerate()
        {
            let f = draw_axes(cv, rect, &x, &y)?;
            if k % 2 == 0 {
                panel_title(cv, panel, (f.x0, f.x1), rect.y0 - head)?;
            }
            if range.is_none() || series.is_empty() {
                draw_note(cv, Rect::new(f.x0, f.y0, f.x1, f.y1), "no data")?;
                continue;
            }
            draw_series(cv, &f, &series, &styles)?;
        }
        Ok(())
    }
}
