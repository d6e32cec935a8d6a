//! A drawing surface in logical 1600x1000 coordinates over any plotters backend.
//!
//! Charts draw lines, polygons, markers and text through [`Canvas`] with `f64` logical
//! coordinates. For PNG output the canvas sits on a 2x super-sampled bitmap (anti-aliased
//! after the down-sampling in `output.rs`) and text is queued, then rasterised by `text.rs`
//! once plotters has finished; for SVG it maps 1:1 and text becomes `<text>` elements.

use crate::text::{HAlign, Rotation, TOP_TO_BASELINE, TextOp, TextSpec};
use plotters::coord::Shift;
use plotters::element::{Circle, PathElement, Polygon, Rectangle};
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind, DrawingBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{
    Color, FontDesc, FontFamily, FontStyle, FontTransform, RGBAColor, ShapeStyle,
};
use std::cell::RefCell;

/// Result of a drawing call on a backend `DB`.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Result carrying a value out of drawing code.
pub(crate) type DrawOut<T, DB> = Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Line pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dash {
    Solid,
    Dashed,
    Dotted,
    /// Long dashes with short gaps (set apart from [`Dash::Dashed`]).
    LongDash,
}

/// Marker shapes for points and events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Diamond,
    TriangleUp,
    TriangleDown,
    Cross,
    Plus,
    Star,
}

impl Marker {
    /// Shapes in the order used to tell series of the same colour apart.
    pub const CYCLE: [Marker; 6] = [
        Marker::Circle,
        Marker::Square,
        Marker::TriangleUp,
        Marker::Diamond,
        Marker::TriangleDown,
        Marker::Cross,
    ];
}

/// The drawing surface handed to [`super::Chart::draw`].
pub struct Canvas<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    scale: f64,
    queued_text: Option<RefCell<Vec<TextOp>>>,
    width: f64,
    height: f64,
}

fn style_of(color: &RGBAColor, width: f64, scale: f64, filled: bool) -> ShapeStyle {
    ShapeStyle {
        color: *color,
        filled,
        stroke_width: (width * scale).round().max(1.0) as u32,
    }
}

fn finite(p: &(f64, f64)) -> bool {
    p.0.is_finite() && p.1.is_finite()
}

impl<'a, DB: DrawingBackend> Canvas<'a, DB> {
    /// Canvas whose text is queued for [`super::text::rasterize`] (bitmap output).
    pub(crate) fn raster(area: &'a DrawingArea<DB, Shift>, scale: f64, w: f64, h: f64) -> Self {
        Self {
            area,
            scale,
            queued_text: Some(RefCell::new(Vec::new())),
            width: w,
            height: h,
        }
    }

    /// Canvas that writes text through the backend (SVG output).
    pub(crate) fn vector(area: &'a DrawingArea<DB, Shift>, w: f64, h: f64) -> Self {
        Self {
            area,
            scale: 1.0,
            queued_text: None,
            width: w,
            height: h,
        }
    }

    pub(crate) fn take_text(&self) -> Vec<TextOp> {
        self.queued_text
            .as_ref()
            .map(|q| std::mem::take(&mut *q.borrow_mut()))
            .unwrap_or_default()
    }

    /// Logical width (1600).
    pub fn width(&self) -> f64 {
        self.width
    }

    /// Logical height (1000).
    pub fn height(&self) -> f64 {
        self.height
    }

    fn px(&self, p: (f64, f64)) -> (i32, i32) {
        let c = |v: f64| (v * self.scale).round().clamp(-1.0e6, 1.0e6) as i32;
        (c(p.0), c(p.1))
    }

    /// Fills the whole canvas.
    pub fn fill<C: Color>(&self, color: &C) -> DrawResult<DB> {
        self.area.fill(color)
    }

    /// Polyline through `pts`; non-finite points split it into separate pieces.
    pub fn line<C: Color>(
        &self,
        pts: &[(f64, f64)],
        color: &C,
        width: f64,
        dash: Dash,
    ) -> DrawResult<DB> {
        let color = color.to_rgba();
        // Far-off points (absurd data) are pulled in so dash loops stay bounded.
        let pts: Vec<(f64, f64)> = pts
            .iter()
            .map(|&(x, y)| (x.clamp(-1.0e5, 1.0e5), y.clamp(-1.0e5, 1.0e5)))
            .collect();
        for run in pts.split(|p| !finite(p)) {
            if run.len() < 2 {
                continue;
            }
            match dash {
                Dash::Solid => self.polyline(run, &color, width)?,
                Dash::Dashed => self.patterned(
                    run,
                    &color,
                    width,
                    4.5 * width.max(2.0),
                    2.8 * width.max(2.0),
                )?,
                Dash::Dotted => self.dots(run, &color, width)?,
                Dash::LongDash => self.patterned(
                    run,
                    &color,
                    width,
                    11.0 * width.max(2.0),
                    2.5 * width.max(2.0),
                )?,
            }
        }
        Ok(())
    }

    fn polyline(&self, pts: &[(f64, f64)], color: &RGBAColor, width: f64) -> DrawResult<DB> {
        let px: Vec<(i32, i32)> = pts.iter().map(|p| self.px(*p)).collect();
        self.area.draw(&PathElement::new(
            px,
            style_of(color, width, self.scale, false),
        ))
    }

    fn patterned(
        &self,
        pts: &[(f64, f64)],
        color: &RGBAColor,
        width: f64,
        on: f64,
        off: f64,
    ) -> DrawResult<DB> {
        let mut drawing = true;
        let mut left = on;
        let mut current: Vec<(f64, f64)> = vec![pts[0]];
        for seg in pts.windows(2) {
            let (a, b) = (seg[0], seg[1]);
            let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
            let mut pos = 0.0;
            while len - pos > left {
                pos += left;
                let t = pos / len;
                let p = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
                if drawing {
                    current.push(p);
                    self.polyline(&current, color, width)?;
                    current.clear();
                } else {
                    current.push(p);
                }
                drawing = !drawing;
                left = if drawing { on } else { off };
            }
            left -= len - pos;
            if drawing {
                current.push(b);
            } else {
                current.clear();
                current.push(b);
            }
        }
        if drawing && current.len() >= 2 {
            self.polyline(&current, color, width)?;
        }
        Ok(())
    }

    /// Round dots of diameter `width` along a polyline, evenly spaced across its vertices.
    fn dots(&self, pts: &[(f64, f64)], color: &RGBAColor, width: f64) -> DrawResult<DB> {
        let spacing = width.max(2.0) * 2.4;
        let r = (width / 2.0).max(1.0);
        let mut carry = 0.0;
        self.circle(pts[0], r, color, None)?;
        for seg in pts.windows(2) {
            let (a, b) = (seg[0], seg[1]);
            let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
            let mut pos = spacing - carry;
            while pos <= len {
                let t = pos / len;
                self.circle(
                    (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t),
                    r,
                    color,
                    None,
                )?;
                pos += spacing;
            }
            carry = len - (pos - spacing);
        }
        Ok(())
    }

    /// Filled polygon (non-finite vertices are dropped).
    pub fn polygon<C: Color>(&self, pts: &[(f64, f64)], color: &C) -> DrawResult<DB> {
        let px: Vec<(i32, i32)> = pts
            .iter()
            .filter(|p| finite(p))
            .map(|p| self.px(*p))
            .collect();
        if px.len() < 3 {
            return Ok(());
        }
        self.area.draw(&Polygon::new(
            px,
            style_of(&color.to_rgba(), 1.0, self.scale, true),
        ))
    }

    /// Filled rectangle between two corners.
    pub fn fill_rect<C: Color>(&self, a: (f64, f64), b: (f64, f64), color: &C) -> DrawResult<DB> {
        if !finite(&a) || !finite(&b) {
            return Ok(());
        }
        let (a, b) = (self.px(a), self.px(b));
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        self.area.draw(&Rectangle::new(
            [(x0, y0), (x1, y1)],
            style_of(&color.to_rgba(), 1.0, self.scale, true),
        ))
    }

    /// Rectangle outline of the given stroke width (drawn inside the corners).
    pub fn stroke_rect<C: Color>(
        &self,
        a: (f64, f64),
        b: (f64, f64),
        color: &C,
        width: f64,
    ) -> DrawResult<DB> {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        let h = width / 2.0;
        self.line(
            &[
                (x0 + h, y0 + h),
                (x1 - h, y0 + h),
                (x1 - h, y1 - h),
                (x0 + h, y1 - h),
                (x0 + h, y0),
            ],
            color,
            width,
            Dash::Solid,
        )
    }

    /// Filled circle of radius `r`, optionally outlined.
    pub fn circle<C: Color>(
        &self,
        c: (f64, f64),
        r: f64,
        fill: &C,
        outline: Option<(RGBAColor, f64)>,
    ) -> DrawResult<DB> {
        if !finite(&c) || r.is_nan() || r <= 0.0 {
            return Ok(());
        }
        let centre = self.px(c);
        if let Some((oc, ow)) = outline {
            let rr = ((r + ow / 2.0) * self.scale).round().max(1.0) as u32;
            self.area.draw(&Circle::new(
                centre,
                rr,
                style_of(&oc, 1.0, self.scale, true),
            ))?;
            let ri = ((r - ow / 2.0) * self.scale).round().max(1.0) as u32;
            self.area.draw(&Circle::new(
                centre,
                ri,
                style_of(&fill.to_rgba(), 1.0, self.scale, true),
            ))
        } else {
            let rr = (r * self.scale).round().max(1.0) as u32;
            self.area.draw(&Circle::new(
                centre,
                rr,
                style_of(&fill.to_rgba(), 1.0, self.scale, true),
            ))
        }
    }

    /// A marker of `size` (roughly its diameter) centred at `c`, filled with `fill` and
    /// outlined with `outline` (colour, width) when given.
    pub fn marker<C: Color>(
        &self,
        shape: Marker,
        c: (f64, f64),
        size: f64,
        fill: &C,
        outline: Option<(RGBAColor, f64)>,
    ) -> DrawResult<DB> {
        if !finite(&c) {
            return Ok(());
        }
        let r = size / 2.0;
        let (x, y) = c;
        let poly = |pts: Vec<(f64, f64)>| -> DrawResult<DB> {
            if let Some((oc, ow)) = outline {
                let grown = grow(&pts, (x, y), ow * 0.75);
                self.polygon(&grown, &oc)?;
            }
            self.polygon(&pts, fill)
        };
        match shape {
            Marker::Circle => self.circle(c, r, fill, outline),
            Marker::Square => {
                let s = r * 0.88;
                poly(vec![
                    (x - s, y - s),
                    (x + s, y - s),
                    (x + s, y + s),
                    (x - s, y + s),
                ])
            }
            Marker::Diamond => {
                let s = r * 1.2;
                poly(vec![(x, y - s), (x + s, y), (x, y + s), (x - s, y)])
            }
            Marker::TriangleUp => {
                let s = r * 1.2;
                poly(vec![
                    (x, y - s),
                    (x + s * 0.95, y + s * 0.65),
                    (x - s * 0.95, y + s * 0.65),
                ])
            }
            Marker::TriangleDown => {
                let s = r * 1.2;
                poly(vec![
                    (x, y + s),
                    (x + s * 0.95, y - s * 0.65),
                    (x - s * 0.95, y - s * 0.65),
                ])
            }
            Marker::Star => {
                let mut pts = Vec::with_capacity(10);
                for i in 0..10 {
                    let ang = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::PI / 5.0;
                    let rad = if i % 2 == 0 { r * 1.35 } else { r * 0.58 };
                    pts.push((x + rad * ang.cos(), y + rad * ang.sin()));
                }
                poly(pts)
            }
            Marker::Cross | Marker::Plus => {
                let t = (size * 0.14).max(1.5);
                let s = r;
                let arms: [((f64, f64), (f64, f64)); 2] = if shape == Marker::Cross {
                    [((-s, -s), (s, s)), ((-s, s), (s, -s))]
                } else {
                    [
                        ((-s * 1.2, 0.0), (s * 1.2, 0.0)),
                        ((0.0, -s * 1.2), (0.0, s * 1.2)),
                    ]
                };
                if let Some((oc, ow)) = outline {
                    for (a, b) in arms {
                        self.line(
                            &[(x + a.0, y + a.1), (x + b.0, y + b.1)],
                            &oc,
                            t * 2.0 + ow * 1.5,
                            Dash::Solid,
                        )?;
                    }
                }
                for (a, b) in arms {
                    self.line(
                        &[(x + a.0, y + a.1), (x + b.0, y + b.1)],
                        fill,
                        t * 2.0,
                        Dash::Solid,
                    )?;
                }
                Ok(())
            }
        }
    }

    /// Draws one line of text anchored at (x, y).
    pub fn text(&self, text: &str, x: f64, y: f64, spec: &TextSpec) -> DrawResult<DB> {
        if text.is_empty() || !x.is_finite() || !y.is_finite() || spec.color.3 <= 0.0 {
            return Ok(());
        }
        if let Some(queue) = &self.queued_text {
            queue.borrow_mut().push(TextOp {
                text: text.to_string(),
                x,
                y,
                spec: *spec,
            });
            return Ok(());
        }
        // SVG: plotters writes `dy="0.76em"` for a top anchor and font-size = size / 1.24, so
        // express every vertical anchor as a top anchor shifted in the text's own frame.
        let shift = (spec.baseline_em() - TOP_TO_BASELINE) * spec.size;
        let (ax, ay) = match spec.rot {
            Rotation::None => (x, y + shift),
            Rotation::Up => (x + shift, y),
        };
        let h = match spec.h {
            HAlign::Left => HPos::Left,
            HAlign::Center => HPos::Center,
            HAlign::Right => HPos::Right,
        };
        let weight = if spec.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        let mut font = FontDesc::new(
            FontFamily::Name(super::text::FONT_FAMILY),
            spec.size * 1.24,
            weight,
        );
        if spec.rot == Rotation::Up {
            font = font.transform(FontTransform::Rotate270);
        }
        let style = font.color(&spec.color).pos(Pos::new(h, VPos::Top));
        self.area.draw_text(text, &style, self.px((ax, ay)))
    }
}

/// Pushes polygon vertices away from `centre` by `d` (a cheap outline for convex markers).
fn grow(pts: &[(f64, f64)], centre: (f64, f64), d: f64) -> Vec<(f64, f64)> {
    pts.iter()
        .map(|&(x, y)| {
            let (dx, dy) = (x - centre.0, y - centre.1);
            let len = (dx * dx + dy * dy).sqrt().max(1e-9);
            (x + dx / len * d * 1.6, y + dy / len * d * 1.6)
        })
        .collect()
}
