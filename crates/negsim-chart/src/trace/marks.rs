//! How the trace chart draws and words an event: its marker (a shape per kind, hollow for
//! a declined question), its label ("A: asks", on at most two lines), text on a white halo
//! that keeps it legible over lines, and the colour of its side.

use crate::canvas::{Canvas, DrawResult, Marker};
use crate::data::{EventKind, TraceData, TraceEvent};
use crate::labels::text_rect;
use crate::style::{WHITE, solid, strategy_color};
use crate::text::{TextSpec, ellipsize, measure};
use plotters::prelude::DrawingBackend;
use plotters::style::{RGBAColor, RGBColor};

/// Marker shape of each event kind.
pub(super) fn event_marker(kind: EventKind) -> Marker {
    match kind {
        EventKind::Confide => Marker::Circle,
        EventKind::Ask => Marker::TriangleUp,
        EventKind::Answer => Marker::TriangleDown,
        EventKind::Bluff => Marker::Diamond,
        EventKind::Leak => Marker::Square,
        EventKind::DetectedLie | EventKind::FalseAccusation => Marker::Cross,
        EventKind::Deal => Marker::Star,
        EventKind::NoDeal | EventKind::WalkAway => Marker::Plus,
        EventKind::Decline => Marker::Circle,
    }
}

/// Whether an event kind is drawn hollow (a declined question: nothing said).
pub(super) fn is_hollow(kind: EventKind) -> bool {
    kind == EventKind::Decline
}

/// An event's marker at `c`, filled with `color` (or hollow, outlined in it).
pub(super) fn draw_event_marker<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    kind: EventKind,
    c: (f64, f64),
    color: RGBColor,
) -> DrawResult<DB> {
    if is_hollow(kind) {
        cv.marker(
            event_marker(kind),
            c,
            20.0,
            &WHITE,
            Some((solid(color), 3.0)),
        )
    } else {
        cv.marker(
            event_marker(kind),
            c,
            20.0,
            &color,
            Some((solid(WHITE), 2.0)),
        )
    }
}

pub(super) fn event_text(e: &TraceEvent) -> String {
    let label = if e.label.trim().is_empty() {
        e.kind.verb()
    } else {
        e.label.trim()
    };
    let side = e.side.to_ascii_uppercase();
    if side == 'A' || side == 'B' {
        format!("{side}: {label}")
    } else {
        label.to_string()
    }
}

/// Splits a label into at most two lines no wider than `max_w`.
pub(super) fn wrap_two(text: &str, size: f64, max_w: f64) -> Vec<String> {
    if measure(text, size, false) <= max_w {
        return vec![text.to_string()];
    }
    let words: Vec<&str> = text.split(' ').collect();
    for cut in (1..words.len()).rev() {
        let first = words[..cut].join(" ");
        if measure(&first, size, false) <= max_w {
            let rest = words[cut..].join(" ");
            return vec![first, ellipsize(&rest, size, false, max_w)];
        }
    }
    vec![ellipsize(text, size, false, max_w)]
}

/// Text on a translucent white box so that it stays legible over lines.
pub(super) fn halo_text<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    text: &str,
    x: f64,
    y: f64,
    spec: &TextSpec,
) -> DrawResult<DB> {
    let r = text_rect(text, x, y, spec);
    cv.fill_rect(
        (r.x0 - 4.0, r.y0 - 1.0),
        (r.x1 + 4.0, r.y1 + 1.0),
        &RGBAColor(255, 255, 255, 0.85),
    )?;
    cv.text(text, x, y, spec)
}

pub(super) fn side_color(d: &TraceData, side: char) -> RGBColor {
    match side.to_ascii_uppercase() {
        'A' => strategy_color(d.a_color),
        'B' => strategy_color(d.b_color),
        _ => RGBColor(0x66, 0x66, 0x66),
    }
}
