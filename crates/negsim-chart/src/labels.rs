//! Text placed on a chart: the title and subtitle, "no data" notes, labels shrunk or
//! ellipsized to fit, and a greedy placer that keeps labels from overlapping.

use crate::canvas::{Canvas, DrawOut, DrawResult};
use crate::scale::Rect;
use crate::style::{
    FRAME, GRID, INK, MIN_LABEL_SIZE, MIN_TEXT_SIZE, MUTED, NOTE_SIZE, SUBTITLE_SIZE, TITLE_SIZE,
    WHITE, alpha,
};
use crate::text::{HAlign, TextSpec, VAlign, ellipsize, measure};
use plotters::prelude::DrawingBackend;

/// Bounding box of a text line as a [`Rect`].
pub(crate) fn text_rect(text: &str, x: f64, y: f64, spec: &TextSpec) -> Rect {
    let (x0, y0, x1, y1) = spec.bounds(text, x, y);
    Rect::new(x0, y0, x1, y1)
}

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

/// Size (shrunk down to [`MIN_LABEL_SIZE`], the smallest allowed for axis labels and panel
/// titles) and text (ellipsized if still too long) that fit `max_w`.
pub(crate) fn fit(text: &str, size: f64, bold: bool, max_w: f64) -> (f64, String) {
    let mut s = size;
    while s > MIN_LABEL_SIZE && measure(text, s, bold) > max_w {
        s -= 0.5;
    }
    (s, ellipsize(text, s, bold, max_w.max(1.0)))
}

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

    /// `text` anchored at `(x, y)` with `spec`, taken if that spot is free.
    fn try_place(
        &mut self,
        text: &str,
        (x, y): (f64, f64),
        spec: TextSpec,
        far: bool,
    ) -> Option<Placed> {
        let rect = text_rect(text, x, y, &spec);
        if !self.free(&rect) {
            return None;
        }
        self.taken.push(rect);
        Some(Placed {
            x,
            y,
            spec,
            rect,
            far,
        })
    }

    /// The first of `spots` (anchor point, horizontal and vertical alignment) where `text`
    /// fits free, with `margin` pixels to spare around it, and `accept` approves its box;
    /// taken if found.
    pub fn place_at(
        &mut self,
        text: &str,
        spots: &[(f64, f64, HAlign, VAlign)],
        base: TextSpec,
        margin: f64,
        accept: impl Fn(&Rect) -> bool,
    ) -> Option<Placed> {
        spots.iter().find_map(|&(x, y, h, v)| {
            let spec = base.anchor(h, v);
            let r = text_rect(text, x, y, &spec);
            let roomy = !self.taken.iter().any(|t| t.overlaps(&r, margin.max(2.0)));
            if roomy && accept(&r) {
                self.try_place(text, (x, y), spec, false)
            } else {
                None
            }
        })
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
                if let Some(placed) = self.try_place(text, (x, y), base.anchor(h, v), ring > 0) {
                    return placed;
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
                if let Some(placed) = self.try_place(text, (x, y), base.anchor(h, v), true) {
                    return placed;
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
}
