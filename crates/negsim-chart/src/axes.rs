//! Axes of a panel: tick selection with collision-free tick labels, grid, frame and axis
//! labels, and category names under a row of slots (shrunk, or staggered onto two rows).

use crate::canvas::{Canvas, Dash, DrawOut};
use crate::format::{NumFmt, format_tick};
use crate::labels::{fit, text_rect};
use crate::scale::{Domain, Frame, Rect, nice_ticks};
use crate::style::{AXIS_LABEL_SIZE, FRAME, GRID, INK, MIN_TEXT_SIZE, MUTED, TICK_SIZE, WHITE};
use crate::text::{HAlign, TextSpec, VAlign, ellipsize, measure};
use plotters::prelude::DrawingBackend;

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

/// Gap between tick labels and the plot frame.
pub(crate) const TICK_GAP: f64 = 10.0;

/// Vertical extent of the plot and the y ticks with their labels for a panel in `outer`.
struct YPlan {
    y0: f64,
    y1: f64,
    ticks: Vec<f64>,
    labels: Vec<String>,
    width: f64,
    /// The most ticks it had room for (`max` of [`Ticks::Auto`] that gives these ticks).
    room: usize,
}

/// Height of the band under the plot that holds the x tick labels (or a small gap).
fn x_tick_band(x: &Axis) -> f64 {
    if x.tick_labels && !matches!(x.ticks, Ticks::Hidden) {
        TICK_SIZE * 1.55
    } else {
        6.0
    }
}

fn plan_y(outer: Rect, x: &Axis, y: &Axis) -> YPlan {
    let x_label_band = if x.label.is_some() {
        AXIS_LABEL_SIZE * 1.35
    } else {
        0.0
    };
    let x_tick_band = x_tick_band(x);
    let y0 = outer.y0 + TICK_SIZE * 0.6;
    let y1 = (outer.y1 - x_label_band - x_tick_band - x.extra_band).max(y0 + 20.0);
    let max_y = (((y1 - y0) / (TICK_SIZE * 2.1)).floor() as usize).clamp(2, 10);
    let (ticks, step) = y.tick_values(max_y);
    let room = match y.ticks {
        Ticks::Auto { max, .. } => max_y.min(max),
        _ => max_y,
    };
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
        room,
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
    let (frame, plan) = frame_of(outer, x, y);
    let (x_ticks, x_labels, _) = plan_x(&frame, x);
    draw_grid(cv, &frame, &x_ticks, &plan.ticks)?;
    draw_tick_labels(
        cv,
        &frame,
        (x, &x_ticks, &x_labels),
        (y, &plan.ticks, &plan.labels),
    )?;
    draw_axis_labels(cv, outer, &frame, x, y)?;
    Ok(frame)
}

/// The plot frame of a panel in `outer` and the plan of its y axis.
fn frame_of(outer: Rect, x: &Axis, y: &Axis) -> (Frame, YPlan) {
    let y_label_band = if y.label.is_some() {
        AXIS_LABEL_SIZE * 1.3
    } else {
        0.0
    };
    let plan = plan_y(outer, x, y);
    let (y0, y1) = (plan.y0, plan.y1);
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
    (frame, plan)
}

/// Panels that share a scale get one set of tick positions: the x axis of every panel in
/// `panels` (its outer rect and axes), and the y axis of every panel of one `y_group` (by
/// index in `panels`), gets the automatic ticks of the panel with room for the fewest (the
/// others have room for those too); every y axis gets the widest y tick labels (so the
/// frames align). Fixed and hidden ticks are left as they are.
pub(crate) fn share_ticks(panels: &mut [(Rect, Axis, Axis)], y_group: impl Fn(usize) -> usize) {
    let cap = |axis: &mut Axis, room: usize| {
        if let Ticks::Auto { max, .. } = &mut axis.ticks {
            *max = room;
        }
    };
    let y_rooms: Vec<(usize, usize)> = panels
        .iter()
        .enumerate()
        .map(|(i, (r, x, y))| (y_group(i), plan_y(*r, x, y).room))
        .collect();
    for (i, (_, _, y)) in panels.iter_mut().enumerate() {
        let g = y_group(i);
        let room = y_rooms
            .iter()
            .filter(|(h, _)| *h == g)
            .map(|(_, n)| *n)
            .min();
        cap(y, room.unwrap_or(2));
    }
    let tick_w = panels
        .iter()
        .map(|(r, x, y)| y_tick_width(*r, x, y).max(y.min_tick_width))
        .fold(0.0, f64::max);
    for (_, _, y) in panels.iter_mut() {
        y.min_tick_width = tick_w;
    }
    let x_room = panels
        .iter()
        .map(|(r, x, y)| plan_x(&frame_of(*r, x, y).0, x).2)
        .min()
        .unwrap_or(2);
    for (_, x, _) in panels.iter_mut() {
        cap(x, x_room);
    }
}

/// Whether labels `l0` at `t0` and `l1` at `t1` on the x axis of `frame` stand clear of
/// each other.
fn apart(frame: &Frame, (t0, t1): (f64, f64), (l0, l1): (&str, &str)) -> bool {
    let gap = frame.px(t1) - frame.px(t0);
    gap >= (measure(l0, TICK_SIZE, false) + measure(l1, TICK_SIZE, false)) / 2.0 + 14.0
}

/// x ticks and their labels: the largest count whose labels do not collide, and that count
/// (`max` of [`Ticks::Auto`] that gives these ticks). Fixed ticks whose labels collide keep
/// every k-th label (the others are blank).
fn plan_x(frame: &Frame, x: &Axis) -> (Vec<f64>, Vec<String>, usize) {
    let mut x_ticks = Vec::new();
    let mut x_labels = Vec::new();
    let mut room = 2;
    let start = (((frame.x1 - frame.x0) / (TICK_SIZE * 2.2)).floor() as usize).clamp(2, 16);
    for n in (2..=start).rev() {
        let (t, step) = x.tick_values(n);
        let labels: Vec<String> = t.iter().map(|v| format_tick(*v, step, x.fmt)).collect();
        let fits = !x.tick_labels
            || t.windows(2)
                .zip(labels.windows(2))
                .all(|(tv, lv)| apart(frame, (tv[0], tv[1]), (&lv[0], &lv[1])));
        x_ticks = t;
        x_labels = labels;
        room = match x.ticks {
            Ticks::Auto { max, .. } => n.min(max),
            _ => n,
        };
        if fits || matches!(x.ticks, Ticks::Fixed(_)) {
            if !fits {
                keep_every_kth(frame, &x_ticks, &mut x_labels);
            }
            break;
        }
    }
    (x_ticks, x_labels, room)
}

/// Blanks all but every k-th label, for the smallest k that keeps the rest apart.
fn keep_every_kth(frame: &Frame, ticks: &[f64], labels: &mut [String]) {
    let k = (2..ticks.len().max(2))
        .find(|k| {
            let idx: Vec<usize> = (0..ticks.len()).step_by(*k).collect();
            idx.windows(2).all(|w| {
                apart(
                    frame,
                    (ticks[w[0]], ticks[w[1]]),
                    (&labels[w[0]], &labels[w[1]]),
                )
            })
        })
        .unwrap_or(ticks.len().max(1));
    for (i, l) in labels.iter_mut().enumerate() {
        if i % k != 0 {
            l.clear();
        }
    }
}

/// White plot area, grid lines at the ticks, and the frame around it.
fn draw_grid<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    frame: &Frame,
    x_ticks: &[f64],
    y_ticks: &[f64],
) -> DrawOut<(), DB> {
    let (x0, y0, x1, y1) = (frame.x0, frame.y0, frame.x1, frame.y1);
    cv.fill_rect((x0, y0), (x1, y1), &WHITE)?;
    for t in x_ticks {
        let px = frame.px(*t);
        cv.line(&[(px, y0), (px, y1)], &GRID, 1.5, Dash::Solid)?;
    }
    for t in y_ticks {
        let py = frame.py(*t);
        cv.line(&[(x0, py), (x1, py)], &GRID, 1.5, Dash::Solid)?;
    }
    cv.stroke_rect((x0, y0), (x1, y1), &FRAME, 1.5)
}

/// An axis with its tick values and their labels.
type TickSet<'a> = (&'a Axis, &'a [f64], &'a [String]);

/// The y tick labels (less any that would touch an x label in the corner), then the x ones.
fn draw_tick_labels<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    frame: &Frame,
    (x, x_ticks, x_labels): TickSet<'_>,
    (y, y_ticks, y_labels): TickSet<'_>,
) -> DrawOut<(), DB> {
    let tick = TextSpec::new(TICK_SIZE).color(INK);
    let x_spec = tick.anchor(HAlign::Center, VAlign::Top);
    let x_rects: Vec<Rect> = if x.tick_labels {
        x_ticks
            .iter()
            .zip(x_labels)
            .map(|(t, l)| text_rect(l, frame.px(*t), frame.y1 + 8.0, &x_spec))
            .collect()
    } else {
        Vec::new()
    };
    if y.tick_labels {
        let spec = tick.anchor(HAlign::Right, VAlign::Center);
        for (t, l) in y_ticks.iter().zip(y_labels) {
            let r = text_rect(l, frame.x0 - TICK_GAP, frame.py(*t), &spec);
            // A y label in the corner that would touch the first x label is dropped.
            if x_rects.iter().any(|xr| xr.overlaps(&r, 2.0)) {
                continue;
            }
            cv.text(l, frame.x0 - TICK_GAP, frame.py(*t), &spec)?;
        }
    }
    for (t, l) in x_ticks.iter().zip(x_labels).filter(|_| x.tick_labels) {
        cv.text(l, frame.px(*t), frame.y1 + 8.0, &x_spec)?;
    }
    Ok(())
}

/// The x axis label centred under the tick labels, the y one written upwards at the left.
fn draw_axis_labels<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    outer: Rect,
    frame: &Frame,
    x: &Axis,
    y: &Axis,
) -> DrawOut<(), DB> {
    let (x0, y0, x1, y1) = (frame.x0, frame.y0, frame.x1, frame.y1);
    if let Some(label) = &x.label {
        let (size, text) = fit(
            label,
            AXIS_LABEL_SIZE,
            false,
            (x1 - x0).max(outer.width() * 0.9),
        );
        let ly = y1 + x_tick_band(x) + x.extra_band + 4.0;
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
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each panel's own ticks: (x, y).
    fn own_ticks(panels: &[(Rect, Axis, Axis)]) -> Vec<(Vec<f64>, Vec<f64>)> {
        panels
            .iter()
            .map(|(r, x, y)| {
                let (f, plan) = frame_of(*r, x, y);
                (plan_x(&f, x).0, plan.ticks)
            })
            .collect()
    }

    #[test]
    fn shared_ticks_are_those_of_the_panel_with_room_for_the_fewest() {
        let axis = || Axis::new(-6.0, 7.0);
        let mut panels = vec![
            // Narrow and tall, with axis labels; wide and low.
            (
                Rect::new(0.0, 0.0, 320.0, 500.0),
                axis().label("x"),
                axis().label("y"),
            ),
            (Rect::new(0.0, 0.0, 700.0, 260.0), axis(), axis()),
        ];
        let own = own_ticks(&panels);
        assert_ne!(own[0].0, own[1].0, "{own:?}");
        assert_ne!(own[0].1, own[1].1, "{own:?}");
        share_ticks(&mut panels, |_| 0);
        let shared = own_ticks(&panels);
        assert_eq!(shared[0], shared[1]);
        assert_eq!(shared[0], (own[0].0.clone(), own[1].1.clone()));
        // Frames aligned: the same tick width on the left of both.
        assert_eq!(panels[0].2.min_tick_width, panels[1].2.min_tick_width);
        assert!(panels[0].2.min_tick_width > 0.0);
        // A y group of its own keeps its own y ticks.
        let mut apart = vec![
            (Rect::new(0.0, 0.0, 320.0, 500.0), axis(), axis()),
            (Rect::new(0.0, 0.0, 700.0, 260.0), axis(), axis()),
        ];
        let own = own_ticks(&apart);
        share_ticks(&mut apart, |i| i);
        let shared = own_ticks(&apart);
        assert_eq!((&shared[0].1, &shared[1].1), (&own[0].1, &own[1].1));
        assert_eq!(shared[0].0, shared[1].0);
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
