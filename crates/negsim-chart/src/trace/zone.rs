//! The off-the-record zone of the trace chart, left of round 1: its shading and names, and
//! its events, one column per exchange. An event that names a value (a claimed limit, a
//! leaked hint) is drawn at that value on the price axis, its label under (or above) it;
//! events of one side at the same value share a label, their markers side by side. The
//! others (questions, declines, weights) are stacked from the top of the column wherever
//! there is room.

use super::marks::{draw_event_marker, event_text, halo_text, side_color, wrap_two};
use crate::canvas::{Canvas, Dash, DrawResult};
use crate::data::{TraceData, TraceEvent};
use crate::scale::{Frame, Rect};
use crate::style::{ANNOTATION_SIZE, FRAME, INK, MIN_TEXT_SIZE, MUTED, SHADE, alpha};
use crate::text::{HAlign, TextSpec, VAlign, ellipsize};
use plotters::prelude::DrawingBackend;

/// The off-the-record zone `z` left of round 1: shaded, with its name on top and, under
/// the axis, each of its `rounds` columns named ("talk 1", "talk 2", ...; the bare numbers
/// where those do not fit, "before round 1" where neither does).
pub(super) fn draw_zone<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    f: &Frame,
    z: Rect,
    rounds: u32,
) -> DrawResult<DB> {
    cv.fill_rect((z.x0 + 1.0, z.y0 + 1.0), (z.x1, z.y1 - 1.0), &SHADE)?;
    cv.line(&[(z.x1, z.y0), (z.x1, z.y1)], &FRAME, 1.5, Dash::Solid)?;
    let spec = TextSpec::new(ANNOTATION_SIZE)
        .bold()
        .color(MUTED)
        .anchor(HAlign::Center, VAlign::Top);
    let head = ellipsize("off the record", ANNOTATION_SIZE, true, z.width() - 10.0);
    cv.text(&head, (z.x0 + z.x1) / 2.0, z.y0 + 10.0, &spec)?;
    let spec = TextSpec::new(MIN_TEXT_SIZE)
        .color(MUTED)
        .anchor(HAlign::Center, VAlign::Top);
    if let Some(names) = column_names(f, z, rounds) {
        for (x, name) in names {
            cv.text(&name, x, f.y1 + 8.0, &spec)?;
        }
        return Ok(());
    }
    let sub = ellipsize("before round 1", MIN_TEXT_SIZE, false, z.width() - 10.0);
    cv.text(&sub, (z.x0 + z.x1) / 2.0, f.y1 + 8.0, &spec)
}

/// The pixel x and name of each off-the-record round's column (round r at x = r - rounds),
/// if every name fits its column: "talk r", else "r"; `None` when not even the numbers fit.
pub(super) fn column_names(f: &Frame, z: Rect, rounds: u32) -> Option<Vec<(f64, String)>> {
    if rounds == 0 {
        return None;
    }
    let xs: Vec<f64> = (1..=rounds)
        .map(|r| f.px(f64::from(r) - f64::from(rounds)))
        .collect();
    if xs.iter().any(|x| *x < z.x0 || *x > z.x1) {
        return None;
    }
    let column = if xs.len() > 1 {
        (xs[1] - xs[0]).abs()
    } else {
        z.width()
    };
    let fits = |names: &[String]| {
        names
            .iter()
            .all(|n| crate::text::measure(n, MIN_TEXT_SIZE, false) <= column - 8.0)
    };
    let long: Vec<String> = (1..=rounds).map(|r| format!("talk {r}")).collect();
    let short: Vec<String> = (1..=rounds).map(|r| r.to_string()).collect();
    let names = [long, short].into_iter().find(|n| fits(n))?;
    Some(xs.into_iter().zip(names).collect())
}

/// The height of a line of an event's label.
const LINE_H: f64 = MIN_TEXT_SIZE * 1.15;

/// The zone's columns, one per exchange: where they are and what of them is taken.
struct Columns {
    /// The x value of each column, ascending.
    slots: Vec<f64>,
    /// Half the width of each column (pixels).
    half: Vec<f64>,
    /// The vertical spans (pixels) taken in each column by markers and labels.
    taken: Vec<Vec<(f64, f64)>>,
}

impl Columns {
    /// The columns of the events `zone_events` in zone `z` of frame `f`.
    fn new(f: &Frame, z: Rect, zone_events: &[&TraceEvent]) -> Self {
        let mut slots: Vec<f64> = zone_events.iter().map(|e| e.x).collect();
        slots.sort_by(f64::total_cmp);
        slots.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
        let half: Vec<f64> = (0..slots.len())
            .map(|s| {
                let cx = f.px(slots[s]);
                let left = if s == 0 {
                    z.x0
                } else {
                    (f.px(slots[s - 1]) + cx) / 2.0
                };
                let right = if s + 1 < slots.len() {
                    (f.px(slots[s + 1]) + cx) / 2.0
                } else {
                    z.x1
                };
                (cx - left).min(right - cx).max(20.0)
            })
            .collect();
        let taken = vec![Vec::new(); slots.len()];
        Self { slots, half, taken }
    }

    /// The column of an event at `x`.
    fn of(&self, x: f64) -> usize {
        self.slots
            .iter()
            .position(|s| (*s - x).abs() < 1e-9)
            .unwrap_or(0)
    }

    /// Whether `y0..y1` is free in column `s`.
    fn free(&self, s: usize, y0: f64, y1: f64) -> bool {
        self.taken[s].iter().all(|(a, b)| y1 <= *a || y0 >= *b)
    }
}

/// Events of one side at (nearly) one value in one column: the column, the side, the
/// value's pixel y and the events.
type Group<'a> = (usize, char, f64, Vec<&'a TraceEvent>);

/// The pixel y of the value an event names, if it names one inside frame `f`.
fn at_value(f: &Frame, e: &TraceEvent) -> Option<f64> {
    e.y.filter(|v| v.is_finite())
        .map(|v| f.py(v))
        .filter(|py| *py >= f.y0 + 4.0 && *py <= f.y1 - 4.0)
}

/// The events at their value, grouped by column, side and (nearly) equal value.
fn value_groups<'a>(f: &Frame, cols: &Columns, zone_events: &[&'a TraceEvent]) -> Vec<Group<'a>> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    for e in zone_events {
        let Some(py) = at_value(f, e) else { continue };
        let s = cols.of(e.x);
        let side = e.side.to_ascii_uppercase();
        match groups
            .iter_mut()
            .find(|g| g.0 == s && g.1 == side && (g.2 - py).abs() < 3.0)
        {
            Some(g) => g.3.push(e),
            None => groups.push((s, side, py, vec![e])),
        }
    }
    groups
}

/// Where a label `text_h` high goes in column `s` of zone `z`: just under or over the
/// marker at `py`, else moved further away, to the first spot in the zone that is free
/// (else the first in the zone, else just under it).
fn label_spot(cols: &Columns, s: usize, z: Rect, py: f64, text_h: f64) -> (f64, f64) {
    let fits = |r: (f64, f64)| r.0 >= z.y0 + 28.0 && r.1 <= z.y1 - 2.0;
    let mut spots = Vec::new();
    for k in 0..25 {
        let d = 13.0 + 4.0 * f64::from(k);
        spots.push((py + d, py + d + text_h));
        spots.push((py - d - text_h, py - d));
    }
    spots
        .iter()
        .copied()
        .find(|r| fits(*r) && cols.free(s, r.0 - 1.0, r.1 + 1.0))
        .or_else(|| spots.iter().copied().find(|r| fits(*r)))
        .unwrap_or(spots[0])
}

impl TraceData {
    /// The events off the record in zone `z` of frame `f`: first those at their value
    /// (all their markers block, then their labels go where they are free), then the rest
    /// stacked from the top of each column.
    pub(super) fn draw_zone_events<DB: DrawingBackend>(
        &self,
        cv: &Canvas<'_, DB>,
        f: &Frame,
        z: Rect,
        events: &[&TraceEvent],
    ) -> DrawResult<DB> {
        let zone_events: Vec<&TraceEvent> = events.iter().copied().filter(|e| e.x <= 0.5).collect();
        let mut cols = Columns::new(f, z, &zone_events);
        let groups = value_groups(f, &cols, &zone_events);
        for (s, _, py, _) in &groups {
            cols.taken[*s].push((py - 11.0, py + 11.0));
        }
        for group in &groups {
            self.draw_value_group(cv, f, z, &mut cols, group)?;
        }
        self.stack_rest(cv, f, z, &mut cols, &zone_events)
    }

    /// The markers of a group of events at their value, side by side, and their labels
    /// (the distinct texts in one) under or over them, with a leader line when moved away.
    fn draw_value_group<DB: DrawingBackend>(
        &self,
        cv: &Canvas<'_, DB>,
        f: &Frame,
        z: Rect,
        cols: &mut Columns,
        (s, side, py, members): &Group<'_>,
    ) -> DrawResult<DB> {
        let label_spec = TextSpec::new(MIN_TEXT_SIZE).color(INK);
        let cx = f.px(cols.slots[*s]);
        let color = side_color(self, *side);
        let n = members.len() as f64;
        for (j, e) in members.iter().enumerate() {
            let mx = cx + (j as f64 - (n - 1.0) / 2.0) * 22.0;
            draw_event_marker(cv, e.kind, (mx, *py), color)?;
        }
        let mut texts: Vec<String> = Vec::new();
        for e in members {
            let t = event_text(e);
            if !texts.contains(&t) {
                texts.push(t);
            }
        }
        let lines = wrap_two(&texts.join(", "), MIN_TEXT_SIZE, 2.0 * cols.half[*s] - 10.0);
        let text_h = lines.len() as f64 * LINE_H;
        let spot = label_spot(cols, *s, z, *py, text_h);
        cols.taken[*s].push((spot.0 - 2.0, spot.1 + 2.0));
        let far = spot.0 > py + 14.0 || spot.1 < py - 14.0;
        if far {
            let end = if spot.0 > *py { spot.0 } else { spot.1 };
            let start = if spot.0 > *py { py + 11.0 } else { py - 11.0 };
            cv.line(
                &[(cx, start), (cx, end)],
                &alpha(color, 0.7),
                1.0,
                Dash::Solid,
            )?;
        }
        for (j, line) in lines.iter().enumerate() {
            let spec = label_spec.anchor(HAlign::Center, VAlign::Top);
            halo_text(cv, line, cx, spot.0 + j as f64 * LINE_H, &spec)?;
        }
        Ok(())
    }

    /// The events that name no value, stacked from the top of each column where there is
    /// room: marker above its label (an event with no room left is not drawn).
    fn stack_rest<DB: DrawingBackend>(
        &self,
        cv: &Canvas<'_, DB>,
        f: &Frame,
        z: Rect,
        cols: &mut Columns,
        zone_events: &[&TraceEvent],
    ) -> DrawResult<DB> {
        let label_spec = TextSpec::new(MIN_TEXT_SIZE).color(INK);
        let mut cursor: Vec<f64> = vec![z.y0 + 30.0; cols.slots.len()];
        for e in zone_events.iter().filter(|e| at_value(f, e).is_none()) {
            let s = cols.of(e.x);
            let cx = f.px(cols.slots[s]);
            let lines = wrap_two(&event_text(e), MIN_TEXT_SIZE, 2.0 * cols.half[s] - 10.0);
            let block_h = 24.0 + lines.len() as f64 * LINE_H + 6.0;
            let mut y = cursor[s];
            while !cols.free(s, y, y + block_h) && y + block_h <= z.y1 - 4.0 {
                y += 4.0;
            }
            if y + block_h > z.y1 - 4.0 {
                continue;
            }
            cursor[s] = y + block_h;
            cols.taken[s].push((y, y + block_h));
            let color = side_color(self, e.side);
            draw_event_marker(cv, e.kind, (cx, y + 11.0), color)?;
            for (j, line) in lines.iter().enumerate() {
                let spec = label_spec.anchor(HAlign::Center, VAlign::Top);
                halo_text(cv, line, cx, y + 24.0 + j as f64 * LINE_H, &spec)?;
            }
        }
        Ok(())
    }
}
