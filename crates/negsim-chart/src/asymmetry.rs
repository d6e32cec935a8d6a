//! Chart 1, the headline: deal rate (where a deal was possible), efficiency and side A's
//! share of the joint surplus against the information asymmetry of the run (the bits A
//! learned about B minus the bits B learned about A), as three side-by-side panels, each a
//! line through the bin means with a shaded 95% CI band.

use crate::axes::{Axis, draw_axes};
use crate::canvas::{Canvas, Dash, DrawResult, Marker};
use crate::data::{AsymmetryBin, AsymmetryData, Ci};
use crate::format::{NumFmt, format_number};
use crate::labels::{MARGIN, draw_empty, draw_note, draw_title, fit, text_rect};
use crate::output::{Chart, ChartError, render};
use crate::scale::{Frame, Rect, finite_extent, padded_range};
use crate::style::{
    ANNOTATION_SIZE, AXIS_LABEL_SIZE, INK, MUTED, NEUTRAL, PANEL_TITLE_SIZE, REFERENCE, WHITE,
    alpha, solid,
};
use crate::text::{HAlign, TextSpec, VAlign, measure};
use plotters::prelude::DrawingBackend;
use std::path::Path;

/// Renders the asymmetry chart to `out_base.png` and `out_base.svg`.
pub fn render_asymmetry(data: &AsymmetryData, out_base: &Path) -> Result<(), ChartError> {
    render(data, out_base)
}

type Metric = (&'static str, fn(&AsymmetryBin) -> Ci);

const METRICS: [Metric; 3] = [
    ("Deal rate given a zone (%)", |b| b.deal_rate_given_zopa),
    ("Efficiency (% of max. surplus)", |b| b.efficiency),
    ("A's share of joint surplus (%)", |b| b.share_a),
];

/// Draws a mean line with a shaded CI band over `pts` (x, ci), skipping NaNs.
pub(crate) fn draw_band_line<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    f: &Frame,
    pts: &[(f64, Ci)],
    color: plotters::style::RGBColor,
    marker: Option<Marker>,
) -> DrawResult<DB> {
    draw_band(cv, f, pts, color)?;
    let line = mean_line(f, pts);
    cv.line(&line, &color, 3.5, Dash::Solid)?;
    if let Some(m) = marker {
        for p in line.iter().filter(|p| p.0.is_finite() && p.1.is_finite()) {
            cv.marker(m, *p, 13.0, &color, Some((solid(WHITE), 2.0)))?;
        }
    }
    Ok(())
}

/// `pts` with a finite x, in order of x.
fn sorted(pts: &[(f64, Ci)]) -> Vec<(f64, Ci)> {
    let mut sorted: Vec<(f64, Ci)> = pts.iter().copied().filter(|(x, _)| x.is_finite()).collect();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    sorted
}

/// The pixels of the mean line through `pts` in frame `f`, in order of x (NaN where the
/// mean is missing, which breaks the line).
pub(crate) fn mean_line(f: &Frame, pts: &[(f64, Ci)]) -> Vec<(f64, f64)> {
    sorted(pts)
        .iter()
        .map(|(x, c)| {
            if c.mean.is_finite() {
                f.pt(*x, c.mean)
            } else {
                (f64::NAN, f64::NAN)
            }
        })
        .collect()
}

/// The shaded CI band of `pts` (x, ci) in `color`, skipping NaNs: one polygon per run of
/// points with a finite interval, a short bar for a lone one.
pub(crate) fn draw_band<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    f: &Frame,
    pts: &[(f64, Ci)],
    color: plotters::style::RGBColor,
) -> DrawResult<DB> {
    let sorted = sorted(pts);
    // Band: one polygon per run of points with a finite interval.
    let band_ok = |c: &Ci| c.lo.is_finite() && c.hi.is_finite();
    let mut run: Vec<(f64, Ci)> = Vec::new();
    let flush = |run: &mut Vec<(f64, Ci)>| -> DrawResult<DB> {
        if run.len() >= 2 {
            let mut poly: Vec<(f64, f64)> =
                run.iter().map(|(x, c)| f.pt(*x, c.hi.max(c.lo))).collect();
            poly.extend(run.iter().rev().map(|(x, c)| f.pt(*x, c.lo.min(c.hi))));
            cv.polygon(&poly, &alpha(color, 0.2))?;
        } else if let [(x, c)] = run.as_slice() {
            let (px, lo, hi) = (f.px(*x), f.py(c.lo), f.py(c.hi));
            cv.line(&[(px, lo), (px, hi)], &alpha(color, 0.45), 6.0, Dash::Solid)?;
        }
        run.clear();
        Ok(())
    };
    for p in &sorted {
        if band_ok(&p.1) {
            run.push(*p);
        } else {
            flush(&mut run)?;
        }
    }
    flush(&mut run)
}

impl Chart for AsymmetryData {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> DrawResult<DB> {
        let bins: Vec<&AsymmetryBin> = self.bins.iter().filter(|b| b.center.is_finite()).collect();
        if bins.is_empty() {
            return draw_empty(
                cv,
                &self.title,
                "no asymmetry bins with enough runs in this run",
            );
        }
        cv.fill(&WHITE)?;
        let runs: u64 = bins.iter().map(|b| b.runs).sum();
        let subtitle = format!(
            "Line: mean per bin \u{b7} shaded band: 95% confidence interval \u{b7} {} bins, {} runs",
            bins.len(),
            format_number(runs as f64, 0)
        );
        let top = draw_title(cv, &self.title, Some(&subtitle))?;
        let x_range = x_range(&bins);

        let bottom = cv.height() - MARGIN - AXIS_LABEL_SIZE * 1.3 - ANNOTATION_SIZE * 1.4;
        let gap = 44.0;
        let total_w = cv.width() - 2.0 * MARGIN;
        let panel_w = (total_w - 2.0 * gap) / 3.0;
        for (i, (name, get)) in METRICS.iter().enumerate() {
            let px0 = MARGIN + i as f64 * (panel_w + gap);
            let (size, head) = fit(name, PANEL_TITLE_SIZE, true, panel_w);
            let spec = TextSpec::new(size)
                .bold()
                .color(INK)
                .anchor(HAlign::Center, VAlign::Top);
            cv.text(&head, px0 + panel_w / 2.0, top, &spec)?;
            let area = Rect::new(px0, top + PANEL_TITLE_SIZE * 1.45, px0 + panel_w, bottom);
            let pts: Vec<(f64, Ci)> = bins.iter().map(|b| (b.center, get(b))).collect();
            draw_panel(cv, area, &pts, i == 2, x_range)?;
        }
        draw_x_caption(cv, bottom, total_w)
    }
}

/// The x range shared by the panels: bin centres padded by half a bin (or 0.5 for a single
/// bin).
fn x_range(bins: &[&AsymmetryBin]) -> (f64, f64) {
    let (xmin, xmax) = finite_extent(bins.iter().map(|b| b.center)).unwrap_or((0.0, 1.0));
    let mut centres: Vec<f64> = bins.iter().map(|b| b.center).collect();
    centres.sort_by(f64::total_cmp);
    let gaps: Vec<f64> = centres
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|g| *g > 0.0)
        .collect();
    let half = gaps.iter().copied().fold(f64::INFINITY, f64::min);
    let half = if half.is_finite() {
        (half / 2.0).max((xmax - xmin) * 0.03)
    } else {
        0.5
    };
    (xmin - half, xmax + half)
}

/// One panel in `area`: axes, reference lines (symmetric information; with `equal_split`,
/// an equal split of the surplus) and the band line through `pts`, or a note without data.
fn draw_panel<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    area: Rect,
    pts: &[(f64, Ci)],
    equal_split: bool,
    (x_lo, x_hi): (f64, f64),
) -> DrawResult<DB> {
    let ys = pts.iter().flat_map(|(_, c)| [c.mean, c.lo, c.hi]);
    let Some((y_lo, y_hi)) = padded_range(ys, 0.08) else {
        // The axes still show the shared x range; the panel says why it is empty.
        let f = draw_axes(
            cv,
            area,
            &Axis::new(x_lo, x_hi),
            &Axis::new(0.0, 1.0).fmt(NumFmt::Percent),
        )?;
        return draw_note(cv, Rect::new(f.x0, f.y0, f.x1, f.y1), "no data");
    };
    // Every panel is a fraction: keep the axis inside 0..100%, with at
    // least a 10-point span so a constant 100% does not float mid-panel.
    let (mut y_lo, mut y_hi) = (y_lo.max(0.0), y_hi.min(1.0));
    if y_hi - y_lo < 0.1 {
        if y_hi >= 1.0 {
            y_lo = (y_hi - 0.1).max(0.0);
        } else {
            y_hi = (y_lo + 0.1).min(1.0);
        }
    }
    let x_axis = Axis::new(x_lo, x_hi);
    let y_axis = Axis::new(y_lo, y_hi).fmt(NumFmt::Percent);
    let f = draw_axes(cv, area, &x_axis, &y_axis)?;
    // Reference lines: symmetric information (0 bits), and an equal split of the surplus.
    if x_lo < 0.0 && x_hi > 0.0 {
        cv.line(
            &[(f.px(0.0), f.y0), (f.px(0.0), f.y1)],
            &REFERENCE,
            2.0,
            Dash::Dashed,
        )?;
    }
    if equal_split && y_lo < 0.5 && y_hi > 0.5 {
        cv.line(
            &[(f.x0, f.py(0.5)), (f.x1, f.py(0.5))],
            &REFERENCE,
            2.0,
            Dash::Dashed,
        )?;
    }
    draw_band_line(cv, &f, pts, NEUTRAL, Some(Marker::Circle))?;
    if equal_split && y_lo < 0.5 && y_hi > 0.5 {
        // On top of the data, on a light box, where it is clearest.
        let (x, y, spec) = equal_split_spot(&f, pts);
        let r = text_rect("equal split", x, y, &spec);
        cv.fill_rect(
            (r.x0 - 3.0, r.y0 - 1.0),
            (r.x1 + 3.0, r.y1 + 1.0),
            &alpha(WHITE, 0.8),
        )?;
        cv.text("equal split", x, y, &spec)?;
    }
    Ok(())
}

/// Where the "equal split" label goes: along the 50% line (its ends first), above or below
/// it, wherever it keeps furthest from the data (mean markers and band edges).
fn equal_split_spot(f: &Frame, pts: &[(f64, Ci)]) -> (f64, f64, TextSpec) {
    let base = TextSpec::new(ANNOTATION_SIZE).color(MUTED);
    let y = f.py(0.5);
    let w = measure("equal split", ANNOTATION_SIZE, false);
    let mut spots = Vec::new();
    for k in 0..=6 {
        // From the right end, alternating with the left end, towards the middle.
        let t = [0.0, 1.0, 0.2, 0.8, 0.4, 0.6, 0.5][k];
        let x = f.x0 + 8.0 + t * (f.x1 - f.x0 - 16.0 - w);
        for (dy, v) in [(-4.0, VAlign::Bottom), (4.0, VAlign::Top)] {
            spots.push((x, y + dy, HAlign::Left, v));
        }
    }
    let clearance = |r: &Rect| {
        pts.iter()
            .filter(|(x, _)| x.is_finite())
            .flat_map(|(x, c)| [c.mean, c.lo, c.hi].map(|v| (f.px(*x), v)))
            .filter(|(_, v)| v.is_finite())
            .map(|(px, v)| {
                let py = f.py(v);
                let dx = (r.x0 - px).max(px - r.x1).max(0.0);
                let dy = (r.y0 - py).max(py - r.y1).max(0.0);
                dx.hypot(dy)
            })
            .fold(f64::INFINITY, f64::min)
    };
    let mut best = (f64::NEG_INFINITY, spots[0]);
    for spot in spots {
        let spec = base.anchor(spot.2, spot.3);
        let c = clearance(&text_rect("equal split", spot.0, spot.1, &spec));
        // Prefer the earlier spots unless a later one is clearly better.
        if c > best.0 + 12.0 {
            best = (c, spot);
        }
    }
    let (x, y, h, v) = best.1;
    (x, y, base.anchor(h, v))
}

/// The x label shared by the panels, from `bottom` down, and the reading direction of the
/// asymmetry under its two ends.
fn draw_x_caption<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    bottom: f64,
    total_w: f64,
) -> DrawResult<DB> {
    let label_y = bottom + 4.0;
    let spec = TextSpec::new(AXIS_LABEL_SIZE)
        .color(INK)
        .anchor(HAlign::Center, VAlign::Top);
    let (size, label) = fit(
        "Information asymmetry (bits): what A learned about B minus what B learned about A",
        AXIS_LABEL_SIZE,
        false,
        total_w,
    );
    cv.text(
        &label,
        cv.width() / 2.0,
        label_y,
        &TextSpec { size, ..spec },
    )?;
    let hint_y = label_y + AXIS_LABEL_SIZE * 1.3;
    let hint = TextSpec::new(ANNOTATION_SIZE)
        .color(MUTED)
        .anchor(HAlign::Left, VAlign::Top);
    cv.text("\u{2190} B learned more about A", MARGIN, hint_y, &hint)?;
    let hint = hint.anchor(HAlign::Right, VAlign::Top);
    cv.text(
        "A learned more about B \u{2192}",
        cv.width() - MARGIN,
        hint_y,
        &hint,
    )?;
    Ok(())
}
