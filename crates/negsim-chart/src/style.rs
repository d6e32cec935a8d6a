//! Shared look of all charts: the Okabe-Ito strategy palette, neutral greys, text sizes
//! and the colour-blind-safe colour scales used by the heatmap.

use plotters::style::{RGBAColor, RGBColor};

/// Okabe-Ito colours in their published order (yellow is too light for lines on white:
/// strategies get [`STRATEGY_PALETTE`], which darkens it and puts it last).
pub const OKABE_ITO: [RGBColor; 8] = [
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xF0, 0xE4, 0x42),
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x00, 0x00, 0x00),
];

/// Strategy colours by position in the run's strategy list: blue, orange, bluish green,
/// reddish purple, vermillion, sky blue, black, darkened yellow.
pub const STRATEGY_PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x00, 0x00),
    RGBColor(0xA6, 0x94, 0x00),
];

/// The stable colour of the strategy at `index` in the run's strategy list. Past the eight
/// palette colours the cycle repeats, each round 30% darker, so indices stay distinct.
pub fn strategy_color(index: usize) -> RGBColor {
    let base = STRATEGY_PALETTE[index % STRATEGY_PALETTE.len()];
    let round = (index / STRATEGY_PALETTE.len()).min(3) as f64;
    let keep = 1.0 - 0.3 * round;
    let d = |c: u8| (f64::from(c) * keep).round() as u8;
    if round == 0.0 {
        base
    } else if base == RGBColor(0, 0, 0) {
        let g = (0x30 + 0x20 * round as u8).min(0x90);
        RGBColor(g, g, g)
    } else {
        RGBColor(d(base.0), d(base.1), d(base.2))
    }
}

/// Colour used by single-series charts that are not about a strategy.
pub const NEUTRAL: RGBColor = RGBColor(0x00, 0x72, 0xB2);

pub(crate) const WHITE: RGBColor = RGBColor(255, 255, 255);
pub(crate) const INK: RGBAColor = RGBAColor(0x22, 0x22, 0x22, 1.0);
pub(crate) const MUTED: RGBAColor = RGBAColor(0x55, 0x55, 0x55, 1.0);
pub(crate) const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
pub(crate) const FRAME: RGBColor = RGBColor(0x88, 0x88, 0x88);
pub(crate) const REFERENCE: RGBColor = RGBColor(0x77, 0x77, 0x77);
pub(crate) const SHADE: RGBColor = RGBColor(0xF1, 0xEE, 0xE6);

/// Em sizes in pixels on the 1600x1000 canvas.
pub(crate) const TITLE_SIZE: f64 = 44.0;
pub(crate) const SUBTITLE_SIZE: f64 = 24.0;
pub(crate) const PANEL_TITLE_SIZE: f64 = 29.0;
pub(crate) const AXIS_LABEL_SIZE: f64 = 30.0;
pub(crate) const TICK_SIZE: f64 = 25.0;
pub(crate) const LEGEND_SIZE: f64 = 25.0;
pub(crate) const ANNOTATION_SIZE: f64 = 23.0;
pub(crate) const NOTE_SIZE: f64 = 32.0;
/// Smallest size tick, category and event labels may shrink to when space is tight.
pub(crate) const MIN_TEXT_SIZE: f64 = 22.0;
/// Smallest size axis labels and panel titles may shrink to.
pub(crate) const MIN_LABEL_SIZE: f64 = 28.0;

/// Opaque colour as an [`RGBAColor`].
pub(crate) fn solid(c: RGBColor) -> RGBAColor {
    RGBAColor(c.0, c.1, c.2, 1.0)
}

/// `c` with opacity `a`.
pub(crate) fn alpha(c: RGBColor, a: f64) -> RGBAColor {
    RGBAColor(c.0, c.1, c.2, a)
}

/// `c` mixed towards black by `amount` in [0, 1] (for outlines and text in a series colour).
pub(crate) fn darken(c: RGBColor, amount: f64) -> RGBColor {
    let k = 1.0 - amount.clamp(0.0, 1.0);
    let d = |v: u8| (f64::from(v) * k).round() as u8;
    RGBColor(d(c.0), d(c.1), d(c.2))
}

/// Relative luminance in [0, 1] (sRGB, WCAG formula).
pub(crate) fn luminance(c: RGBColor) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

fn interpolate(stops: &[(u8, u8, u8)], t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pos = t * (stops.len() - 1) as f64;
    let i = (pos.floor() as usize).min(stops.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (stops[i], stops[i + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Sequential light-to-dark scale (ColorBrewer YlGnBu), `t` in [0, 1].
pub(crate) fn sequential(t: f64) -> RGBColor {
    const STOPS: [(u8, u8, u8); 9] = [
        (0xFF, 0xFF, 0xD9),
        (0xED, 0xF8, 0xB1),
        (0xC7, 0xE9, 0xB4),
        (0x7F, 0xCD, 0xBB),
        (0x41, 0xB6, 0xC4),
        (0x1D, 0x91, 0xC0),
        (0x22, 0x5E, 0xA8),
        (0x25, 0x34, 0x94),
        (0x08, 0x1D, 0x58),
    ];
    interpolate(&STOPS, t)
}

/// Diverging scale (ColorBrewer PuOr: orange below the midpoint, purple above), `t` in [0, 1].
pub(crate) fn diverging(t: f64) -> RGBColor {
    const STOPS: [(u8, u8, u8); 9] = [
        (0xB3, 0x58, 0x06),
        (0xE0, 0x82, 0x14),
        (0xFD, 0xB8, 0x63),
        (0xFE, 0xE0, 0xB6),
        (0xF7, 0xF7, 0xF7),
        (0xD8, 0xDA, 0xEB),
        (0xB2, 0xAB, 0xD2),
        (0x80, 0x73, 0xAC),
        (0x54, 0x27, 0x88),
    ];
    interpolate(&STOPS, t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_is_stable_and_distinct() {
        assert_eq!(strategy_color(0), STRATEGY_PALETTE[0]);
        assert_eq!(strategy_color(3), strategy_color(3));
        let colours: Vec<RGBColor> = (0..24).map(strategy_color).collect();
        for i in 0..colours.len() {
            for j in i + 1..colours.len() {
                assert_ne!(colours[i], colours[j], "{i} and {j} share a colour");
            }
        }
        // No strategy gets the light Okabe-Ito yellow.
        assert!((0..24).all(|i| strategy_color(i) != OKABE_ITO[3]));
    }

    #[test]
    fn scales_run_light_to_dark() {
        assert!(luminance(sequential(0.0)) > luminance(sequential(1.0)));
        assert!(luminance(diverging(0.5)) > luminance(diverging(0.0)));
        assert_eq!(sequential(f64::NAN), sequential(0.0));
    }
}
