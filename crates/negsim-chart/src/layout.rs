//! Layout building blocks shared by the charts: number formatting, nice ticks and padded
//! ranges, data-to-pixel scales, titles, axes with collision-free tick labels, legends,
//! "no data" notes and a greedy label placer that keeps labels from overlapping.

use super::canvas::{Canvas, Dash, DrawResult, Marker};
use super::style::{
    AXIS_LABEL_SIZE, FRAME, GRID, INK, LEGEND_SIZE, MIN_LABEL_SIZE, MIN_TEXT_SIZE, MUTED,
    NOTE_SIZE, SUBTITLE_SIZE, TICK_SIZE, TITLE_SIZE, WHITE, alpha,
};
use super::text::{HAlign, TextSpec, VAlign, ellipsize, measure};
use plotters::prelude::DrawingBackend;
use plotters::style::RGBAColor;

/// Result carrying a value out of drawing code.
pub(crate) type DrawOut<T, DB> =
    Result<T, plotters::prelude::DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

// ---------------------------------------------------------------- numbers

/// Decimal places needed to show multiples of `step` exactly (at most 6).
pub(crate) fn decimals_for(step: f64) -> usize {
    if !(step.is_finite() && step > 0.0) {
        return 2;
    }
    (0..=6)
        .find(|&d| {
            let s = step * 10f64.powi(d as i32);
            (s - s.round()).abs() < 1e-6 * s.max(1.0)
        })
        .unwrap_or(6)
}

/// `v` with `decimals` places, thousands separators and a true minus sign.
pub(crate) fn format_number(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "n/a".to_string();
    }
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 && int.len() > 3 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let is_zero = s.chars().all(|c| c == '0' || c == '.');
    let mut out = if v < 0.0 && !is_zero {
        "\u{2212}".to_string()
    } else {
        String::new()
    };
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    out
}

/// How axis and cell values are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumFmt {
    /// As is, with thousands separators.
    Plain,
    /// A fraction shown as a percentage (0.25 -> "25%").
    Percent,
}

/// Tick label for `v` on an axis whose ticks are `step` apart.
pub(crate) fn format_tick(v: f64, step: f64, fmt: NumFmt) -> String {
    match fmt {
        NumFmt::Plain => format_number(v, decimals_for(step)),
        NumFmt::Percent => format!("{}%", format_number(v * 100.0, decimals_for(step * 100.0))),
    }
}

/// A data value written with a precision that suits its magnitude ("4,812", "12.3", "0.47",
/// "73%").
pub(crate) fn format_value(v: f64, fmt: NumFmt) -> String {
    match fmt {
        NumFmt::Percent => {
            let p = v * 100.0;
            let d = if p.abs() < 9.95 && p != 0.0 { 1 } else { 0 };
            format!("{}%", format_number(p, d))
        }
        NumFmt::Plain => {
            let a = v.abs();
            let d = if a >= 99.95 {
                0
            } else if a >= 9.995 {
                1
            } else {
                2
            };
            format_number(v, d)
        }
    }
}

/// Decimal places that suit a set of values shown together (a table or a row of bars), so
/// that they share one precision: chosen by the largest magnitude, as in [`format_value`].
pub(crate) fn common_decimals(values: impl IntoIterator<Item = f64>, fmt: NumFmt) -> usize {
    let scale = if fmt == NumFmt::Percent { 100.0 } else { 1.0 };
    let max = values
        .into_iter()
        .filter(|v| v.is_finite())
        .map(|v| (v * scale).abs())
        .fold(0.0, f64::max);
    match fmt {
        NumFmt::Percent => usize::from(max < 9.95 && max > 0.0),
        NumFmt::Plain if max >= 99.95 => 0,
        NumFmt::Plain if max >= 9.995 => 1,
        NumFmt::Plain => 2,
    }
}

/// `v` written with `decimals` places in the given format ("4,812", "0.47", "73%").
pub(crate) fn format_fixed(v: f64, fmt: NumFmt, decimals: usize) -> String {
    match fmt {
        NumFmt::Plain => format_number(v, decimals),
        NumFmt::Percent if v.is_finite() => format!("{}%", format_number(v * 100.0, decimals)),
        NumFmt::Percent => "n/a".to_string(),
    }
}

// ---------------------------------------------------------------- ranges and ticks

/// Smallest and largest finite value, or `None`.
pub(crate) fn finite_extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// Widens a degenerate (zero-width) range around its value.
pub(crate) fn widen(lo: f64, hi: f64) -> (f64, f64) {
    if hi - lo > 1e-9 * lo.abs().max(hi.abs()).max(1e-12) {
        return (lo, hi);
    }
    let half = if lo == 0.0 {
        0.5
    } else {
        (lo.abs() * 0.1).max(1e-9)
    };
    (lo - half, hi + half)
}

/// Range covering `values`, widened if degenerate and padded by `pad` of its span on each side.
pub(crate) fn padded_range(values: impl IntoIterator<Item = f64>, pad: f64) -> Option<(f64, f64)> {
    let (lo, hi) = finite_extent(values)?;
    let (lo, hi) = widen(lo, hi);
    let p = (hi - lo) * pad;
    Some((lo - p, hi + p))
}

/// A "nice" tick step (1, 2, 2.5 or 5 times a power of ten; no 2.5 for integer axes) giving
/// at most about `max_n` intervals.
pub(crate) fn nice_step(span: f64, max_n: usize, integer: bool) -> f64 {
    let raw = span / max_n.max(1) as f64;
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let mults: &[f64] = if integer && mag < 10.0 {
        &[1.0, 2.0, 5.0, 10.0]
    } else {
        &[1.0, 2.0, 2.5, 5.0, 10.0]
    };
    let mult = mults
        .iter()
        .copied()
        .find(|m| *m >= norm - 1e-9)
        .unwrap_or(10.0);
    mult * mag
}

/// Ticks inside [lo, hi] at a nice step, with at most about `max_n` of them.
pub(crate) fn nice_ticks(lo: f64, hi: f64, max_n: usize, integer: bool) -> (Vec<f64>, f64) {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return (Vec::new(), 1.0);
    }
    let mut step = nice_step(hi - lo, max_n, integer);
    if integer {
        step = step.max(1.0).round();
    }
    let first = (lo / step - 1e-9).ceil();
    let mut ticks = Vec::new();
    let mut i = 0.0;
    while ticks.len() < 200 {
        let t = (first + i) * step;
        if t > hi + 1e-9 * step {
            break;
        }
        ticks.push(if t.abs() < step * 1e-9 { 0.0 } else { t });
        i += 1.0;
    }
    (ticks, step)
}

// ---------------------------------------------------------------- scales

/// Data domain of an axis: piecewise-linear knots (data value, fraction of the axis length).
#[derive(Clone, Debug)]
pub(crate) struct Domain {
    knots: Vec<(f64, f64)>,
}

impl Domain {
    pub fn linear(lo: f64, hi: f64) -> Self {
        let (lo, hi) = if lo.is_finite() && hi.is_finite() {
            widen(lo.min(hi), lo.max(hi))
        } else {
            (0.0, 1.0)
        };
        Self {
            knots: vec![(lo, 0.0), (hi, 1.0)],
        }
    }
    /// Knots must increase in both coordinates; the first fraction is 0 and the last 1.
    pub fn knots(knots: Vec<(f64, f64)>) -> Self {
        let ok = knots.len() >= 2 && knots.windows(2).all(|w| w[1].0 > w[0].0 && w[1].1 > w[0].1);
        if ok {
            Self { knots }
        } else {
            Self::linear(0.0, 1.0)
        }
    }
    pub fn lo(&self) -> f64 {
        self.knots[0].0
    }
    pub fn hi(&self) -> f64 {
        self.knots[self.knots.len() - 1].0
    }
    pub fn scale(&self, p0: f64, p1: f64) -> Scale {
        Scale {
            knots: self
                .knots
                .iter()
                .map(|&(d, f)| (d, p0 + (p1 - p0) * f))
                .collect(),
        }
    }
}

/// Maps data values to pixels (piecewise-linear, extrapolating past the ends).
#[derive(Clone, Debug)]
pub(crate) struct Scale {
    knots: Vec<(f64, f64)>,
}

impl Scale {
    pub fn map(&self, v: f64) -> f64 {
        let k = &self.knots;
        let i = k
            .windows(2)
            .position(|w| v <= w[1].0)
            .unwrap_or(k.len() - 2);
        let ((d0, p0), (d1, p1)) = (k[i], k[i + 1]);
        p0 + (v - d0) / (d1 - d0) * (p1 - p0)
    }
}

/// A plot rectangle in pixels and its two scales.
#[derive(Clone, Debug)]
pub(crate) struct Frame {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub x: Scale,
    pub y: Scale,
}

impl Frame {
    pub fn pt(&self, x: f64, y: f64) -> (f64, f64) {
        (self.x.map(x), self.y.map(y))
    }
    pub fn px(&self, x: f64) -> f64 {
        self.x.map(x)
    }
    pub fn py(&self, y: f64) -> f64 {
        self.y.map(y)
    }
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
}

/// Axis-aligned rectangle (x0, y0, x1, y1).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Self {
        Self { x0, y0, x1, y1 }
    }
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    pub fn center(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }
    pub fn overlaps(&self, o: &Rect, pad: f64) -> bool {
        self.x0 < o.x1 + pad && o.x0 < self.x1 + pad && self.y0 < o.y1 + pad && o.y0 < self.y1 + pad
    }
    pub fn inside(&self, o: &Rect) -> bool {
        self.x0 >= o.x0 && self.x1 <= o.x1 && self.y0 >= o.y0 && self.y1 <= o.y1
    }
}

/// Bounding box of a text line as a [`Rect`].
pub(crate) fn text_rect(text: &str, x: f64, y: f64, spec: &TextSpec) -> Rect {
    let (x0, y0, x1, y1) = spec.bounds(text, x, y);
    Rect::new(x0, y0, x1, y1)
}

// ---------------------------------------------------------------- title and notes

/// Outer margin of every chart.
pub(crate) const MARGIN: f64 = 28.0;

/// Draws the title (bold, shrunk or wrapped onto two lines if long) and an optional grey
/// subtitle; returns the y coordinate below them.
pub(crate) fn draw_title<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    title: &str,
    subtitle: Option<&str>,
) -> DrawOut<f64, DB> {
    let max_w = cv.width() - 2.0 * MARGIN;
    let cx = cv.width() / 2.0;
    let mut y = 20.0;
    let title = title.trim();
    let mut size = TITLE_SIZE;
    while size > 40.0 && measure(title, size, true) > max_w {
        size -= 1.0;
    }
    let lines: Vec<String> = if measure(title, size, true) <= max_w {
        vec![title.to_string()]
    } else {
        split_two(title, size, true, max_w)
    };
    let spec = TextSpec::new(size)
        .bold()
        .color(INK)
        .anchor(HAlign::Center, VAlign::Top);
    for line in lines.iter().filter(|l| !l.is_empty()) {
        cv.text(line, cx, y, &spec)?;
        y += size * 1.2;
    }
    if let Some(sub) = subtitle.filter(|s| !s.trim().is_empty()) {
        let sub = ellipsize(sub.trim(), SUBTITLE_SIZE, false, max_w);
        let spec = TextSpec::new(SUBTITLE_SIZE)
            .color(MUTED)
            .anchor(HAlign::Center, VAlign::Top);
        y += 2.0;
        cv.text(&sub, cx, y, &spec)?;
        y += SUBTITLE_SIZE * 1.25;
    }
    Ok(y + 14.0)
}

/// Splits `text` at the space nearest its middle into two lines, each ellipsized to fit.
fn split_two(text: &str, size: f64, bold: bool, max_w: f64) -> Vec<String> {
    let mid = text.len() / 2;
    let split = text
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| i)
        .min_by_key(|i| i.abs_diff(mid));
    match split {
        Some(i) => vec![
            ellipsize(text[..i].trim(), size, bold, max_w),
            ellipsize(text[i..].trim(), size, bold, max_w),
        ],
        None => vec![ellipsize(text, size, bold, max_w)],
    }
}

/// An empty plot frame with a centred message (used when there is nothing to plot).
pub(crate) fn draw_note<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    r: Rect,
    message: &str,
) -> DrawOut<(), DB> {
    cv.fill_rect((r.x0, r.y0), (r.x1, r.y1), &alpha(GRID, 0.25))?;
    cv.stroke_rect((r.x0, r.y0), (r.x1, r.y1), &FRAME, 1.5)?;
    let (cx, cy) = r.center();
    let mut size = NOTE_SIZE;
    while size > MIN_TEXT_SIZE && measure(message, size, false) > r.width() - 40.0 {
        size -= 1.0;
    }
    let msg = ellipsize(message, size, false, (r.width() - 40.0).max(10.0));
    cv.text(
        &msg,
        cx,
        cy,
        &TextSpec::new(size)
            .color(MUTED)
            .anchor(HAlign::Center, VAlign::Center),
    )
}

/// Title plus a framed note filling the rest of the canvas.
pub(crate) fn draw_empty<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    title: &str,
    message: &str,
) -> DrawResult<DB> {
    cv.fill(&WHITE)?;
    let top = draw_title(cv, title, None)?;
    let r = Rect::new(
        MARGIN + 60.0,
        top + 10.0,
        cv.width() - MARGIN - 60.0,
        cv.height() - MARGIN - 40.0,
    );
    draw_note(cv, r, message)
}

// ---------------------------------------------------------------- axes

/// Tick selection of one axis.
#[derive(Clone, Debug)]
pub(crate) enum Ticks {
    /// Nice ticks, at most about `max` of them (fewer if labels would collide).
    Auto { max: usize, integer: bool },
    /// Exactly these values.
    Fixed(Vec<f64>),
    /// No ticks, labels or grid lines (categorical axes draw their own labels).
    Hidden,
}

/// One axis of a panel.
#[derive(Clone, Debug)]
pub(crate) struct Axis {
    pub domain: Domain,
    pub label: Option<String>,
    pub fmt: NumFmt,
    pub ticks: Ticks,
    /// Whether tick labels are written (grid lines are drawn either way).
    pub tick_labels: bool,
    /// Extra space reserved below (x) or left of (y) the tick labels, e.g. for category names.
    pub extra_band: f64,
    /// Minimum width of the y tick labels (aligns stacked panels that share an x axis).
    pub min_tick_width: f64,
}

impl Axis {
    pub fn new(lo: f64, hi: f64) -> Self {
        Self {
            domain: Domain::linear(lo, hi),
            label: None,
            fmt: NumFmt::Plain,
            ticks: Ticks::Auto {
                max: 8,
                integer: false,
            },
            tick_labels: true,
            extra_band: 0.0,
            min_tick_width: 0.0,
        }
    }
    pub fn label(mut self, label: &str) -> Self {
        self.label = (!label.trim().is_empty()).then(|| label.trim().to_string());
        self
    }
    pub fn fmt(mut self, fmt: NumFmt) -> Self {
        self.fmt = fmt;
        self
    }
    pub fn ticks(mut self, ticks: Ticks) -> Self {
        self.ticks = ticks;
        self
    }
    pub fn no_tick_labels(mut self) -> Self {
        self.tick_labels = false;
        self
    }
    pub fn extra_band(mut self, px: f64) -> Self {
        self.extra_band = px;
        self
    }
    pub fn min_tick_width(mut self, w: f64) -> Self {
        self.min_tick_width = w;
        self
    }
    pub fn domain(mut self, d: Domain) -> Self {
        self.domain = d;
        self
    }

    fn tick_values(&self, max_n: usize) -> (Vec<f64>, f64) {
        match &self.ticks {
            Ticks::Auto { max, integer } => nice_ticks(
                self.domain.lo(),
                self.domain.hi(),
                max_n.min(*max),
                *integer,
            ),
            Ticks::Fixed(v) => {
                let vals: Vec<f64> = v
                    .iter()
                    .copied()
                    .filter(|t| {
                        t.is_finite()
                            && *t >= self.domain.lo() - 1e-9
                            && *t <= self.domain.hi() + 1e-9
                    })
                    .collect();
                let step = vals
                    .windows(2)
                    .map(|w| (w[1] - w[0]).abs())
                    .fold(f64::INFINITY, f64::min);
                (vals, if step.is_finite() { step } else { 1.0 })
            }
            Ticks::Hidden => (Vec::new(), 1.0),
        }
    }
}

const TICK_GAP: f64 = 10.0;
/// Gap between tick labels and the plot frame.
pub(crate) const TICK_GAP_PUB: f64 = TICK_GAP;

/// Vertical extent of the plot and the y ticks with their labels for a panel in `outer`.
struct YPlan {
    y0: f64,
    y1: f64,
    ticks: Vec<f64>,
    labels: Vec<String>,
    width: f64,
}

fn plan_y(outer: Rect, x: &Axis, y: &Axis) -> YPlan {
    let x_label_band = if x.label.is_some() {
        AXIS_LABEL_SIZE * 1.35
    } else {
        0.0
    };
    let x_tick_band = if x.tick_labels && !matches!(x.ticks, Ticks::Hidden) {
        TICK_SIZE * 1.55
    } else {
        6.0
    };
    let y0 = outer.y0 + TICK_SIZE * 0.6;
    let y1 = (outer.y1 - x_label_band - x_tick_band - x.extra_band).max(y0 + 20.0);
    let max_y = (((y1 - y0) / (TICK_SIZE * 2.1)).floor() as usize).clamp(2, 10);
    let (ticks, step) = y.tick_values(max_y);
    let labels: Vec<String> = ticks.iter().map(|v| format_tick(*v, step, y.fmt)).collect();
    let width = if y.tick_labels {
        labels
            .iter()
            .map(|l| measure(l, TICK_SIZE, false))
            .fold(0.0, f64::max)
    } else {
        0.0
    };
    YPlan {
        y0,
        y1,
        ticks,
        labels,
        width,
    }
}

/// Width the y tick labels of a panel in `outer` would take (see [`Axis::min_tick_width`]).
pub(crate) fn y_tick_width(outer: Rect, x: &Axis, y: &Axis) -> f64 {
    plan_y(outer, x, y).width
}

/// Lays out and draws a panel's axes inside `outer` (grid, frame, tick labels, axis labels)
/// and returns the plot frame for the data.
pub(crate) fn draw_axes<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    outer: Rect,
    x: &Axis,
    y: &Axis,
) -> DrawOut<Frame, DB> {
    let tick = TextSpec::new(TICK_SIZE).color(INK);
    let x_tick_band = if x.tick_labels && !matches!(x.ticks, Ticks::Hidden) {
        TICK_SIZE * 1.55
    } else {
        6.0
    };
    let y_label_band = if y.label.is_some() {
        AXIS_LABEL_SIZE * 1.3
    } else {
        0.0
    };
    let plan = plan_y(outer, x, y);
    let (y0, y1) = (plan.y0, plan.y1);
    let (y_ticks, y_labels) = (plan.ticks, plan.labels);
    let y_tick_w = plan.width.max(y.min_tick_width);
    let x0 = outer.x0
        + y_label_band
        + y.extra_band
        + y_tick_w
        + if y_tick_w > 0.0 { TICK_GAP } else { 0.0 };
    let x1 = (outer.x1 - 12.0).max(x0 + 20.0);
    let frame = Frame {
        x0,
        y0,
        x1,
        y1,
        x: x.domain.scale(x0, x1),
        y: y.domain.scale(y1, y0),
    };

    // x ticks: the largest count whose labels do not collide.
    let mut x_ticks = Vec::new();
    let mut x_labels = Vec::new();
    let start = (((x1 - x0) / (TICK_SIZE * 2.2)).floor() as usize).clamp(2, 16);
    for n in (2..=start).rev() {
        let (t, step) = x.tick_values(n);
        let labels: Vec<String> = t.iter().map(|v| format_tick(*v, step, x.fmt)).collect();
        let fits = !x.tick_labels
            || t.windows(2).zip(labels.windows(2)).all(|(tv, lv)| {
                let gap = frame.px(tv[1]) - frame.px(tv[0]);
                gap >= (measure(&lv[0], TICK_SIZE, false) + measure(&lv[1], TICK_SIZE, false)) / 2.0
                    + 14.0
            });
        x_ticks = t;
        x_labels = labels;
        if fits || matches!(x.ticks, Ticks::Fixed(_)) {
            if !fits {
                // Fixed ticks that collide: keep every k-th label.
                let k = (2..x_ticks.len().max(2))
                    .find(|k| {
                        let idx: Vec<usize> = (0..x_ticks.len()).step_by(*k).collect();
                        idx.windows(2).all(|w| {
                            let gap = frame.px(x_ticks[w[1]]) - frame.px(x_ticks[w[0]]);
                            gap >= (measure(&x_labels[w[0]], TICK_SIZE, false)
                                + measure(&x_labels[w[1]], TICK_SIZE, false))
                                / 2.0
                                + 14.0
                        })
                    })
                    .unwrap_or(x_ticks.len().max(1));
                for (i, l) in x_labels.iter_mut().enumerate() {
                    if i % k != 0 {
                        l.clear();
                    }
                }
            }
            break;
        }
    }

    // Grid and frame.
    cv.fill_rect((x0, y0), (x1, y1), &WHITE)?;
    for t in &x_ticks {
        let px = frame.px(*t);
        cv.line(&[(px, y0), (px, y1)], &GRID, 1.5, Dash::Solid)?;
    }
    for t in &y_ticks {
        let py = frame.py(*t);
        cv.line(&[(x0, py), (x1, py)], &GRID, 1.5, Dash::Solid)?;
    }
    cv.stroke_rect((x0, y0), (x1, y1), &FRAME, 1.5)?;

    // Tick labels.
    let x_spec = tick.anchor(HAlign::Center, VAlign::Top);
    let x_rects: Vec<Rect> = if x.tick_labels {
        x_ticks
            .iter()
            .zip(&x_labels)
            .map(|(t, l)| text_rect(l, frame.px(*t), y1 + 8.0, &x_spec))
            .collect()
    } else {
        Vec::new()
    };
    if y.tick_labels {
        let spec = tick.anchor(HAlign::Right, VAlign::Center);
        for (t, l) in y_ticks.iter().zip(&y_labels) {
            let r = text_rect(l, x0 - TICK_GAP, frame.py(*t), &spec);
            // A y label in the corner that would touch the first x label is dropped.
            if x_rects.iter().any(|xr| xr.overlaps(&r, 2.0)) {
                continue;
            }
            cv.text(l, x0 - TICK_GAP, frame.py(*t), &spec)?;
        }
    }
    for (t, l) in x_ticks.iter().zip(&x_labels).filter(|_| x.tick_labels) {
        cv.text(l, frame.px(*t), y1 + 8.0, &x_spec)?;
    }

    // Axis labels.
    if let Some(label) = &x.label {
        let (size, text) = fit(
            label,
            AXIS_LABEL_SIZE,
            false,
            (x1 - x0).max(outer.width() * 0.9),
        );
        let ly = y1 + x_tick_band + x.extra_band + 4.0;
        let spec = TextSpec::new(size)
            .color(INK)
            .anchor(HAlign::Center, VAlign::Top);
        cv.text(&text, (x0 + x1) / 2.0, ly, &spec)?;
    }
    if let Some(label) = &y.label {
        let (size, text) = fit(label, AXIS_LABEL_SIZE, false, y1 - y0 + TICK_SIZE);
        let spec = TextSpec::new(size)
            .color(INK)
            .anchor(HAlign::Center, VAlign::Top)
            .up();
        cv.text(&text, outer.x0, (y0 + y1) / 2.0, &spec)?;
    }
    Ok(frame)
}

/// Size (shrunk down to [`MIN_LABEL_SIZE`], the smallest allowed for axis labels and panel
/// titles) and text (ellipsized if still too long) that fit `max_w`.
pub(crate) fn fit(text: &str, size: f64, bold: bool, max_w: f64) -> (f64, String) {
    let mut s = size;
    while s > MIN_LABEL_SIZE && measure(text, s, bold) > max_w {
        s -= 0.5;
    }
    (s, ellipsize(text, s, bold, max_w.max(1.0)))
}

/// How category names under a row of slots are set: one common size, and staggered onto two
/// alternating rows when they do not fit side by side even at [`MIN_TEXT_SIZE`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct CategoryPlan {
    pub size: f64,
    pub stagger: bool,
    pub second_line: bool,
}

/// Plans category labels for slots of width `slot_w` (with an optional grey second line).
pub(crate) fn plan_categories(names: &[String], slot_w: f64, second_line: bool) -> CategoryPlan {
    let fits = |size: f64, avail: f64| names.iter().all(|n| measure(n, size, false) <= avail);
    let mut size = TICK_SIZE + 1.0;
    let avail = (slot_w - 12.0).max(20.0);
    while size > MIN_TEXT_SIZE && !fits(size, avail) {
        size -= 0.5;
    }
    if fits(size, avail) || names.len() < 2 {
        return CategoryPlan {
            size,
            stagger: false,
            second_line,
        };
    }
    let avail = (2.0 * slot_w - 16.0).max(20.0);
    let mut size = TICK_SIZE + 1.0;
    while size > MIN_TEXT_SIZE && !fits(size, avail) {
        size -= 0.5;
    }
    CategoryPlan {
        size,
        stagger: true,
        second_line,
    }
}

impl CategoryPlan {
    fn block(&self) -> f64 {
        self.size * 1.2
            + if self.second_line {
                MIN_TEXT_SIZE * 1.25
            } else {
                0.0
            }
    }
    /// Height the labels take below the plot.
    pub fn band(&self) -> f64 {
        self.block() * if self.stagger { 2.0 } else { 1.0 } + 14.0
    }
}

/// Writes category names centred under slots of width `slot_w` per `plan`, with optional
/// grey second lines; staggered labels get a thin guide line up to their slot.
pub(crate) fn draw_categories<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    centers: &[f64],
    slot_w: f64,
    y: f64,
    names: &[String],
    second: &[String],
    plan: &CategoryPlan,
) -> DrawOut<(), DB> {
    let avail = if plan.stagger {
        2.0 * slot_w - 16.0
    } else {
        slot_w - 12.0
    }
    .max(20.0);
    let spec = TextSpec::new(plan.size)
        .color(INK)
        .anchor(HAlign::Center, VAlign::Top);
    let sub = TextSpec::new(MIN_TEXT_SIZE)
        .color(MUTED)
        .anchor(HAlign::Center, VAlign::Top);
    for (i, (cx, name)) in centers.iter().zip(names).enumerate() {
        let low = plan.stagger && i % 2 == 1;
        let yy = if low { y + plan.block() } else { y };
        if low {
            cv.line(&[(*cx, y - 6.0), (*cx, yy - 3.0)], &GRID, 1.5, Dash::Solid)?;
        }
        cv.text(&ellipsize(name, plan.size, false, avail), *cx, yy, &spec)?;
        if let Some(s) = second.get(i).filter(|_| plan.second_line) {
            cv.text(
                &ellipsize(s, MIN_TEXT_SIZE, false, avail),
                *cx,
                yy + plan.size * 1.2,
                &sub,
            )?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- legends

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

// ---------------------------------------------------------------- label placement

/// Greedy placement of labels around anchor points, avoiding earlier labels and obstacles.
pub(crate) struct Placer {
    taken: Vec<Rect>,
    bounds: Rect,
}

/// A placed label: where to draw it and with which anchoring.
pub(crate) struct Placed {
    pub x: f64,
    pub y: f64,
    pub spec: TextSpec,
    pub rect: Rect,
    /// True when the label sits away from its point (a leader line helps).
    pub far: bool,
}

impl Placer {
    pub fn new(bounds: Rect) -> Self {
        Self {
            taken: Vec::new(),
            bounds,
        }
    }

    /// Marks an area as occupied.
    pub fn block(&mut self, r: Rect) {
        self.taken.push(r);
    }

    /// Marks a square of half-size `r` around a point as occupied.
    pub fn block_point(&mut self, p: (f64, f64), r: f64) {
        self.taken
            .push(Rect::new(p.0 - r, p.1 - r, p.0 + r, p.1 + r));
    }

    fn free(&self, r: &Rect) -> bool {
        r.inside(&self.bounds) && !self.taken.iter().any(|t| t.overlaps(r, 2.0))
    }

    /// Finds a free spot for `text` near `p` (right, left, above, below, diagonals, then
    /// further out). Falls back to the right of the point, overlapping, if all are taken.
    pub fn place(&mut self, text: &str, p: (f64, f64), gap: f64, base: TextSpec) -> Placed {
        let dirs: [(f64, f64, HAlign, VAlign); 8] = [
            (1.0, 0.0, HAlign::Left, VAlign::Center),
            (-1.0, 0.0, HAlign::Right, VAlign::Center),
            (0.0, -1.0, HAlign::Center, VAlign::Bottom),
            (0.0, 1.0, HAlign::Center, VAlign::Top),
            (0.75, -0.75, HAlign::Left, VAlign::Bottom),
            (0.75, 0.75, HAlign::Left, VAlign::Top),
            (-0.75, -0.75, HAlign::Right, VAlign::Bottom),
            (-0.75, 0.75, HAlign::Right, VAlign::Top),
        ];
        for (ring, mult) in [1.0, 2.2, 3.6, 5.2].into_iter().enumerate() {
            for (dx, dy, h, v) in dirs {
                let (x, y) = (p.0 + dx * gap * mult, p.1 + dy * gap * mult);
                let spec = base.anchor(h, v);
                let rect = text_rect(text, x, y, &spec);
                if self.free(&rect) {
                    self.taken.push(rect);
                    return Placed {
                        x,
                        y,
                        spec,
                        rect,
                        far: ring > 0,
                    };
                }
            }
        }
        // Spiral outwards: the nearest free spot in any direction, reached by a leader line.
        for step in 1..=16 {
            let radius = gap * 5.2 + step as f64 * 16.0;
            for k in 0..24 {
                let ang = k as f64 * std::f64::consts::TAU / 24.0;
                let (c, s) = (ang.cos(), ang.sin());
                let h = if c > 0.35 {
                    HAlign::Left
                } else if c < -0.35 {
                    HAlign::Right
                } else {
                    HAlign::Center
                };
                let v = if s > 0.35 {
                    VAlign::Top
                } else if s < -0.35 {
                    VAlign::Bottom
                } else {
                    VAlign::Center
                };
                let (x, y) = (p.0 + c * radius, p.1 + s * radius);
                let spec = base.anchor(h, v);
                let rect = text_rect(text, x, y, &spec);
                if self.free(&rect) {
                    self.taken.push(rect);
                    return Placed {
                        x,
                        y,
                        spec,
                        rect,
                        far: true,
                    };
                }
            }
        }
        let spec = base.anchor(HAlign::Left, VAlign::Center);
        let rect = text_rect(text, p.0 + gap, p.1, &spec);
        self.taken.push(rect);
        Placed {
            x: p.0 + gap,
            y: p.1,
            spec,
            rect,
            far: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_formatted() {
        assert_eq!(format_number(4812.4, 0), "4,812");
        assert_eq!(format_number(-1234567.0, 0), "\u{2212}1,234,567");
        assert_eq!(format_number(-0.0001, 2), "0.00");
        assert_eq!(format_number(0.5, 2), "0.50");
        assert_eq!(format_value(0.734, NumFmt::Percent), "73%");
        assert_eq!(format_value(4812.0, NumFmt::Plain), "4,812");
        assert_eq!(format_value(0.4712, NumFmt::Plain), "0.47");
        assert_eq!(format_tick(0.25, 0.05, NumFmt::Percent), "25%");
        assert_eq!(format_tick(48000.0, 2000.0, NumFmt::Plain), "48,000");
        assert_eq!(format_number(f64::NAN, 2), "n/a");
    }

    #[test]
    fn ticks_are_nice_and_bounded() {
        let (t, step) = nice_ticks(-2.7, 2.7, 8, false);
        assert_eq!(step, 1.0);
        assert_eq!(t.first().copied(), Some(-2.0));
        assert_eq!(t.last().copied(), Some(2.0));
        let (t, _) = nice_ticks(1.0, 20.0, 30, true);
        assert!(t.iter().all(|v| v.fract() == 0.0));
        assert!(nice_ticks(f64::NAN, 1.0, 5, false).0.is_empty());
        assert!(nice_ticks(1.0, 1.0, 5, false).0.is_empty());
    }

    #[test]
    fn ranges_handle_degenerate_input() {
        assert_eq!(padded_range([f64::NAN], 0.1), None);
        let (lo, hi) = padded_range([3.0, 3.0], 0.0).unwrap();
        assert!(lo < 3.0 && hi > 3.0);
        let (lo, hi) = padded_range([0.0], 0.0).unwrap();
        assert!(lo < 0.0 && hi > 0.0);
        let d = Domain::knots(vec![(-3.0, 0.0), (0.5, 0.3), (20.0, 1.0)]);
        let s = d.scale(100.0, 1100.0);
        assert!((s.map(0.5) - 400.0).abs() < 1e-9);
        assert!((s.map(20.0) - 1100.0).abs() < 1e-9);
    }

    #[test]
    fn placer_avoids_overlap_even_in_a_corner() {
        let mut p = Placer::new(Rect::new(0.0, 0.0, 1000.0, 1000.0));
        let spec = TextSpec::new(24.0);
        let placed: Vec<Rect> = (0..12)
            .map(|_| p.place("mirroring", (5.0, 995.0), 10.0, spec).rect)
            .collect();
        for i in 0..placed.len() {
            assert!(placed[i].inside(&Rect::new(0.0, 0.0, 1000.0, 1000.0)));
            for j in i + 1..placed.len() {
                assert!(
                    !placed[i].overlaps(&placed[j], 0.0),
                    "labels {i} and {j} overlap"
                );
            }
        }
    }

    #[test]
    fn common_precision() {
        assert_eq!(common_decimals([36.0, 4812.0, f64::NAN], NumFmt::Plain), 0);
        assert_eq!(common_decimals([0.25, 0.5], NumFmt::Plain), 2);
        assert_eq!(format_fixed(0.734, NumFmt::Percent, 0), "73%");
        assert_eq!(format_fixed(f64::NAN, NumFmt::Percent, 0), "n/a");
    }

    #[test]
    fn long_category_names_are_staggered() {
        let names: Vec<String> = ["a_really_long_user_defined_name", "b", "c"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert!(plan_categories(&names, 150.0, false).stagger);
        let short: Vec<String> = ["open", "guarded"].iter().map(|s| s.to_string()).collect();
        assert!(!plan_categories(&short, 300.0, true).stagger);
    }
}
