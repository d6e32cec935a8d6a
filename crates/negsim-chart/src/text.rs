//! Text measurement and rasterisation with ab_glyph and the embedded DejaVu Sans fonts.
//!
//! plotters 0.3.7 lays PNG text out without each glyph's left side-bearing, so letters are
//! unevenly spaced ("Agreemen t"). This module does the layout itself (advance widths plus
//! kerning, in font units, so widths scale exactly with the size) and rasterises glyph
//! outlines with sub-pixel positions straight into an RGB buffer. The SVG backend keeps
//! plotters' `<text>` elements (the viewer lays them out); [`measure`] gives both backends the
//! same widths for layout decisions. Font sizes here are em sizes in pixels, what CSS calls
//! `font-size`.

use ab_glyph::{Font, FontRef, GlyphId, PxScale, point};
use plotters::style::{FontStyle, RGBAColor, register_font};
use std::sync::{Once, OnceLock};

/// Font family written into SVG `font-family` attributes and registered with plotters.
pub const FONT_FAMILY: &str = "DejaVu Sans, sans-serif";

/// Baseline of a text line below its top edge, in em (matches plotters' SVG `dy="0.76em"`).
pub(crate) const TOP_TO_BASELINE: f64 = 0.76;
/// Half the cap height of DejaVu Sans, in em: baseline offset that centres digits and capitals.
const CENTER_TO_BASELINE: f64 = 0.3645;
/// Descender depth of DejaVu Sans, in em.
const DESCENT: f64 = 0.236;

struct Faces {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

fn faces() -> Option<&'static Faces> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Some(Faces {
                regular: FontRef::try_from_slice(dejavu::sans::regular()).ok()?,
                bold: FontRef::try_from_slice(dejavu::sans::bold()).ok()?,
            })
        })
        .as_ref()
}

/// Registers DejaVu Sans (regular and bold) with plotters under [`FONT_FAMILY`],
/// `"DejaVu Sans"` and `"sans-serif"`. The work runs once per process (a [`Once`]); later
/// calls report the first outcome. Every renderer calls it, so callers need not, but it is
/// harmless to (e.g. before drawing plotters text of one's own).
pub fn register_fonts() -> Result<(), String> {
    static ONCE: Once = Once::new();
    static OUTCOME: OnceLock<Result<(), String>> = OnceLock::new();
    ONCE.call_once(|| {
        let _ = OUTCOME.set(register_all());
    });
    OUTCOME
        .get()
        .cloned()
        .unwrap_or_else(|| Err("font registration did not complete".to_string()))
}

fn register_all() -> Result<(), String> {
    if faces().is_none() {
        return Err("the embedded DejaVu Sans font could not be parsed".to_string());
    }
    for name in [FONT_FAMILY, "DejaVu Sans", "sans-serif"] {
        for (style, bytes) in [
            (FontStyle::Normal, dejavu::sans::regular()),
            (FontStyle::Bold, dejavu::sans::bold()),
        ] {
            if register_font(name, style, bytes).is_err() {
                return Err(format!("plotters rejected the DejaVu Sans font for {name}"));
            }
        }
    }
    Ok(())
}

pub(crate) fn face(bold: bool) -> Option<&'static FontRef<'static>> {
    faces().map(|f| if bold { &f.bold } else { &f.regular })
}

/// Glyph ids and pen positions (font units) of one line, and its advance width.
fn layout_units(font: &FontRef<'static>, text: &str) -> (Vec<(GlyphId, f32)>, f32) {
    let mut pen = 0.0f32;
    let mut prev: Option<GlyphId> = None;
    let mut glyphs = Vec::with_capacity(text.len());
    for c in text.chars().filter(|c| !c.is_control()) {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            pen += font.kern_unscaled(p, id);
        }
        glyphs.push((id, pen));
        pen += font.h_advance_unscaled(id);
        prev = Some(id);
    }
    (glyphs, pen)
}

fn units_per_em(font: &FontRef<'static>) -> f32 {
    font.units_per_em().filter(|u| *u > 0.0).unwrap_or(2048.0)
}

/// Width in pixels of `text` set in DejaVu Sans at em size `size` (pixels).
pub fn measure(text: &str, size: f64, bold: bool) -> f64 {
    match face(bold) {
        Some(font) => {
            let (_, width) = layout_units(font, text);
            f64::from(width) * size / f64::from(units_per_em(font))
        }
        // Fallback only if the embedded font were unusable: a typical sans average.
        None => text.chars().count() as f64 * size * 0.6,
    }
}

/// Shortens `text` with a trailing ellipsis until it fits in `max_width` pixels.
pub fn ellipsize(text: &str, size: f64, bold: bool, max_width: f64) -> String {
    if measure(text, size, bold) <= max_width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    for keep in (0..chars.len()).rev() {
        let candidate: String = chars[..keep]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_string()
            + "…";
        if measure(&candidate, size, bold) <= max_width {
            return candidate;
        }
    }
    String::new()
}

/// Horizontal anchor of a text line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HAlign {
    Left,
    Center,
    Right,
}

/// Vertical anchor of a text line: its top, the middle of its capitals, its baseline,
/// or the bottom of its descenders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VAlign {
    Top,
    Center,
    Baseline,
    Bottom,
}

/// Text direction: normal, or rotated to read bottom-to-top (y-axis labels).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rotation {
    None,
    Up,
}

/// Style and anchoring of one line of text. `size` is the em size in pixels.
#[derive(Clone, Copy, Debug)]
pub struct TextSpec {
    pub size: f64,
    pub bold: bool,
    pub color: RGBAColor,
    pub h: HAlign,
    pub v: VAlign,
    pub rot: Rotation,
}

impl TextSpec {
    /// Dark grey, regular, anchored at its left edge and vertical centre.
    pub fn new(size: f64) -> Self {
        Self {
            size,
            bold: false,
            color: RGBAColor(34, 34, 34, 1.0),
            h: HAlign::Left,
            v: VAlign::Center,
            rot: Rotation::None,
        }
    }
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    pub fn color(mut self, color: RGBAColor) -> Self {
        self.color = color;
        self
    }
    pub fn anchor(mut self, h: HAlign, v: VAlign) -> Self {
        self.h = h;
        self.v = v;
        self
    }
    pub fn up(mut self) -> Self {
        self.rot = Rotation::Up;
        self
    }

    /// Offset of the baseline below the anchor point, in em, in the text's own frame.
    pub(crate) fn baseline_em(&self) -> f64 {
        match self.v {
            VAlign::Top => TOP_TO_BASELINE,
            VAlign::Center => CENTER_TO_BASELINE,
            VAlign::Baseline => 0.0,
            VAlign::Bottom => -DESCENT,
        }
    }

    /// Box (x0, y0, x1, y1) covered by `text` drawn at (x, y) with this spec, horizontal text only
    /// (for rotated text the box is rotated about the anchor).
    pub fn bounds(&self, text: &str, x: f64, y: f64) -> (f64, f64, f64, f64) {
        let w = measure(text, self.size, self.bold);
        let dx = match self.h {
            HAlign::Left => 0.0,
            HAlign::Center => -w / 2.0,
            HAlign::Right => -w,
        };
        let base = self.baseline_em() * self.size;
        let (lx0, lx1) = (dx, dx + w);
        let (ly0, ly1) = (
            base - TOP_TO_BASELINE * self.size,
            base + DESCENT * self.size,
        );
        match self.rot {
            Rotation::None => (x + lx0, y + ly0, x + lx1, y + ly1),
            // (lx, ly) -> (ly, -lx)
            Rotation::Up => (x + ly0, y - lx1, x + ly1, y - lx0),
        }
    }
}

/// A text line waiting to be rasterised (logical coordinates).
#[derive(Clone, Debug)]
pub(crate) struct TextOp {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub spec: TextSpec,
}

/// Rasterises `op` into a packed RGB buffer of `width` x `height` pixels, with logical
/// coordinates multiplied by `scale`. Coverage is alpha-blended; pixels outside are skipped.
pub(crate) fn rasterize(op: &TextOp, scale: f64, buf: &mut [u8], width: usize, height: usize) {
    let Some(font) = face(op.spec.bold) else {
        return;
    };
    let em = op.spec.size * scale;
    if !(em.is_finite() && em > 0.5 && op.x.is_finite() && op.y.is_finite()) {
        return;
    }
    let upem = units_per_em(font);
    let px_per_unit = em as f32 / upem;
    let px_scale = PxScale::from(em as f32 * font.height_unscaled() / upem);
    let (glyphs, advance) = layout_units(font, &op.text);
    let text_w = advance * px_per_unit;
    let dx = match op.spec.h {
        HAlign::Left => 0.0,
        HAlign::Center => -text_w / 2.0,
        HAlign::Right => -text_w,
    };
    let base = (op.spec.baseline_em() * em) as f32;
    let ox = (op.x * scale).round() as i64;
    let oy = (op.y * scale).round() as i64;
    let (r, g, b) = (
        f32::from(op.spec.color.0),
        f32::from(op.spec.color.1),
        f32::from(op.spec.color.2),
    );
    let alpha = op.spec.color.3.clamp(0.0, 1.0) as f32;
    for (id, pen) in glyphs {
        let glyph = id.with_scale_and_position(px_scale, point(dx + pen * px_per_unit, base));
        let Some(outline) = font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outline.px_bounds();
        let (bx, by) = (bounds.min.x as i64, bounds.min.y as i64);
        outline.draw(|gx, gy, coverage| {
            let a = coverage.clamp(0.0, 1.0) * alpha;
            if a <= 0.0 {
                return;
            }
            let (lx, ly) = (bx + i64::from(gx), by + i64::from(gy));
            let (px, py) = match op.spec.rot {
                Rotation::None => (ox + lx, oy + ly),
                Rotation::Up => (ox + ly, oy - lx),
            };
            if px < 0 || py < 0 || px >= width as i64 || py >= height as i64 {
                return;
            }
            let i = (py as usize * width + px as usize) * 3;
            for (k, fg) in [r, g, b].into_iter().enumerate() {
                let bg = f32::from(buf[i + k]);
                buf[i + k] = (bg + (fg - bg) * a).round().clamp(0.0, 255.0) as u8;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_scale_linearly_and_kern() {
        let w10 = measure("Agreement", 10.0, false);
        let w40 = measure("Agreement", 40.0, false);
        assert!(w10 > 0.0);
        assert!((w40 - 4.0 * w10).abs() < 1e-6);
        // DejaVu kerns "AV" tighter than the sum of advances.
        assert!(measure("AV", 40.0, false) < measure("A", 40.0, false) + measure("V", 40.0, false));
        assert!(measure("Bold", 30.0, true) > measure("Bold", 30.0, false));
    }

    #[test]
    fn ellipsis_fits() {
        let s = ellipsize("a very long strategy name indeed", 24.0, false, 120.0);
        assert!(s.ends_with('…'));
        assert!(measure(&s, 24.0, false) <= 120.0);
        assert_eq!(ellipsize("short", 24.0, false, 500.0), "short");
    }

    #[test]
    fn registration_succeeds_twice() {
        assert!(register_fonts().is_ok());
        assert!(register_fonts().is_ok());
    }
}
