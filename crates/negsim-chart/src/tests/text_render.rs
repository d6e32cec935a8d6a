//! The text rasteriser (advance widths, bearings, kerning, rotation) and rendering speed.

use super::pixel;
use crate::samples;
use crate::*;
use std::time::{Duration, Instant};

/// A one-line chart used to check the text rasteriser.
struct Line {
    text: &'static str,
    size: f64,
    rotated: bool,
}

impl Chart for Line {
    fn draw<DB: plotters::prelude::DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> DrawResult<DB> {
        cv.fill(&plotters::style::WHITE)?;
        let spec = TextSpec::new(self.size).anchor(HAlign::Left, VAlign::Baseline);
        if self.rotated {
            cv.text(self.text, 300.0, 900.0, &spec.up())
        } else {
            cv.text(self.text, 100.0, 300.0, &spec)
        }
    }
}

/// Columns (or rows) that hold ink.
fn inked(rgb: &[u8], horizontal: bool) -> Vec<u32> {
    let (outer, inner) = if horizontal {
        (WIDTH, HEIGHT)
    } else {
        (HEIGHT, WIDTH)
    };
    (0..outer)
        .filter(|&a| {
            (0..inner).any(|b| {
                let (x, y) = if horizontal { (a, b) } else { (b, a) };
                let (r, g, bl) = pixel(rgb, x, y);
                u16::from(r) + u16::from(g) + u16::from(bl) < 600
            })
        })
        .collect()
}

#[test]
fn text_is_laid_out_with_bearings_and_kerning() {
    for size in [22.0, 30.0, 44.0] {
        let text = "Agreement rate, Efficiency (%) - mirroring vs probing";
        let rgb = rgb_pixels(&Line {
            text,
            size,
            rotated: false,
        })
        .expect("render");
        let cols = inked(&rgb, true);
        let (first, last) = (cols[0] as f64, *cols.last().expect("ink") as f64);
        let expected = measure(text, size, false);
        // Ink starts at the pen position (plus the small left bearing of "A") and spans the
        // measured advance width: no glyph is shifted by a dropped side-bearing.
        assert!(
            (first - 100.0).abs() <= 2.0,
            "size {size}: ink starts at {first}"
        );
        assert!(
            (last - first - expected).abs() <= 0.04 * expected,
            "size {size}: {} vs {expected}",
            last - first
        );
    }
}

#[test]
fn letter_gaps_follow_the_font_metrics() {
    use ab_glyph::Font;
    // "Agreemen t": plotters' own ab_glyph path drops each glyph's left side-bearing, which
    // opens a gap before 't'. The blank columns between 'n' and 't' must match the font:
    // right bearing of 'n' + kerning + left bearing of 't'.
    let size = 60.0;
    let font = crate::text::face(false).expect("font");
    let upem = f64::from(font.units_per_em().expect("units per em"));
    let (n, t) = (font.glyph_id('n'), font.glyph_id('t'));
    let bounds = |id| font.outline(id).expect("outline").bounds;
    let gap_units = f64::from(
        font.h_advance_unscaled(n) + font.kern_unscaled(n, t) - bounds(n).max.x + bounds(t).min.x,
    );
    let expected = gap_units * size / upem;
    let rgb = rgb_pixels(&Line {
        text: "Agreement",
        size,
        rotated: false,
    })
    .expect("render");
    let cols = inked(&rgb, true);
    let gaps: Vec<u32> = cols
        .windows(2)
        .map(|w| w[1] - w[0] - 1)
        .filter(|g| *g > 0)
        .collect();
    let last = f64::from(*gaps.last().expect("gap before t"));
    assert!(
        (last - expected).abs() <= 2.0,
        "gap before 't' is {last} px, font says {expected:.1} px ({gaps:?})"
    );
}

#[test]
fn rotated_text_reads_upwards() {
    let text = "Mean surplus (money units)";
    let rgb = rgb_pixels(&Line {
        text,
        size: 30.0,
        rotated: true,
    })
    .expect("render");
    let rows = inked(&rgb, false);
    let cols = inked(&rgb, true);
    let (top, bottom) = (rows[0] as f64, *rows.last().expect("ink") as f64);
    // (less the left side-bearing of "M", about 3 px at this size)
    assert!(
        (bottom - 900.0).abs() <= 5.0,
        "text starts at the anchor and goes up: {bottom}"
    );
    let expected = measure(text, 30.0, false);
    assert!(
        (bottom - top - expected).abs() <= 0.04 * expected,
        "{} vs {expected}",
        bottom - top
    );
    // The glyphs sit left of the anchor (their baseline is the anchor's x).
    assert!(*cols.last().expect("ink") <= 308 && cols[0] >= 300 - 32);
}

#[test]
fn rendering_is_fast() {
    let limit = if cfg!(debug_assertions) {
        Duration::from_secs(3)
    } else {
        Duration::from_millis(300)
    };
    register_fonts().expect("fonts");
    let time = |f: &dyn Fn() -> Result<(), ChartError>| {
        (0..3)
            .map(|_| {
                let t = Instant::now();
                f().expect("render");
                t.elapsed()
            })
            .min()
            .expect("three runs")
    };
    type Job = Box<dyn Fn() -> Result<(), ChartError>>;
    let checks: Vec<(&str, Job)> = vec![
        (
            "asymmetry",
            Box::new(|| png_bytes(&samples::asymmetry()).map(|_| ())),
        ),
        (
            "trace",
            Box::new(|| png_bytes(&samples::trace()).map(|_| ())),
        ),
        (
            "trust",
            Box::new(|| png_bytes(&samples::trust_all_pairings()).map(|_| ())),
        ),
        (
            "evolution",
            Box::new(|| png_bytes(&samples::evolution()).map(|_| ())),
        ),
        (
            "matrix svg",
            Box::new(|| svg_string(&samples::matrix_surplus()).map(|_| ())),
        ),
    ];
    for (name, f) in checks {
        let took = time(f.as_ref());
        assert!(took < limit, "{name} took {took:?}");
    }
}
