//! The chart of `negsim compare`: per strategy, B - A in mean surplus (left
//! panel) and in deal rate (right panel), a dot with its 95% interval, and
//! the zero line. Drawn on the project's chart canvas (negsim-chart) with
//! its text sizes, font and neutral colour.

use negsim_chart::{
    Canvas, Chart, Dash, DrawResult, HAlign, NEUTRAL, TextSpec, VAlign, ellipsize, measure,
};
use plotters::prelude::{DrawingBackend, RGBAColor, RGBColor};

const TITLE_SIZE: f64 = 44.0;
const SUBTITLE_SIZE: f64 = 24.0;
const PANEL_TITLE_SIZE: f64 = 29.0;
const TICK_SIZE: f64 = 25.0;
const NAME_SIZE: f64 = 28.0;
const INK: RGBColor = RGBColor(34, 34, 34);
const MUTED: RGBAColor = RGBAColor(110, 110, 110, 1.0);
const GRID: RGBColor = RGBColor(225, 225, 225);

/// One strategy's differences: (B - A, half-width of its 95% interval).
pub struct Row {
    pub name: String,
    pub surplus: (f64, Option<f64>),
    pub deal_rate: (f64, Option<f64>),
}

/// The compare chart's data.
pub struct CompareChart {
    pub title: String,
    pub subtitle: String,
    pub surplus_label: String,
    pub rows: Vec<Row>,
}

/// Nice tick step for a range.
fn step(span: f64) -> f64 {
    let raw = span / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    mag * if f < 1.5 {
        1.0
    } else if f < 3.5 {
        2.0
    } else if f < 7.5 {
        5.0
    } else {
        10.0
    }
}

fn tick_label(v: f64, step: f64, percent: bool) -> String {
    let v = if v.abs() < step * 1e-9 { 0.0 } else { v };
    if percent {
        let d = if step * 100.0 >= 1.0 { 0 } else { 1 };
        if v == 0.0 {
            "0".into()
        } else {
            format!("{:+.*}", d, v * 100.0).replace('-', "\u{2212}")
        }
    } else {
        let d = if step >= 1.0 {
            0
        } else {
            (-step.log10()).ceil() as usize
        };
        let s = negsim::output::money(v.abs(), d);
        if v > 0.0 {
            format!("+{s}")
        } else if v < 0.0 {
            format!("\u{2212}{s}")
        } else {
            "0".into()
        }
    }
}

impl CompareChart {
    #[allow(clippy::too_many_arguments)]
    fn panel<DB: DrawingBackend>(
        &self,
        cv: &Canvas<'_, DB>,
        (x0, x1): (f64, f64),
        (y0, y1): (f64, f64),
        title: &str,
        pick: impl Fn(&Row) -> (f64, Option<f64>),
        percent: bool,
    ) -> DrawResult<DB> {
        let spec = TextSpec::new(PANEL_TITLE_SIZE)
            .bold()
            .anchor(HAlign::Center, VAlign::Bottom);
        let title = ellipsize(title, PANEL_TITLE_SIZE, true, x1 - x0);
        cv.text(&title, (x0 + x1) / 2.0, y0 - 14.0, &spec)?;
        let mut lo: f64 = 0.0;
        let mut hi: f64 = 0.0;
        for r in &self.rows {
            let (d, c) = pick(r);
            if d.is_finite() {
                let c = c.filter(|c| c.is_finite()).unwrap_or(0.0);
                lo = lo.min(d - c);
                hi = hi.max(d + c);
            }
        }
        if hi - lo <= 0.0 {
            (lo, hi) = (-1.0, 1.0);
        }
        let pad = (hi - lo) * 0.08;
        let (lo, hi) = (lo - pad, hi + pad);
        let px = |v: f64| x0 + (v - lo) / (hi - lo) * (x1 - x0);
        let st = step(hi - lo);
        let tick = TextSpec::new(TICK_SIZE)
            .color(MUTED)
            .anchor(HAlign::Center, VAlign::Top);
        let mut t = (lo / st).ceil() * st;
        while t <= hi + st * 1e-9 {
            cv.line(&[(px(t), y0), (px(t), y1)], &GRID, 1.5, Dash::Solid)?;
            cv.text(&tick_label(t, st, percent), px(t), y1 + 10.0, &tick)?;
            t += st;
        }
        cv.line(&[(x0, y1), (x1, y1)], &INK, 2.0, Dash::Solid)?;
        cv.line(&[(px(0.0), y0), (px(0.0), y1)], &INK, 2.5, Dash::Solid)?;
        let n = self.rows.len() as f64;
        let slot = (y1 - y0) / n;
        for (i, r) in self.rows.iter().enumerate() {
            let y = y0 + slot * (i as f64 + 0.5);
            let (d, c) = pick(r);
            if !d.is_finite() {
                continue;
            }
            if let Some(c) = c.filter(|c| c.is_finite()) {
                let cap = (slot * 0.25).min(14.0);
                cv.line(
                    &[(px(d - c), y), (px(d + c), y)],
                    &NEUTRAL,
                    4.0,
                    Dash::Solid,
                )?;
                for e in [d - c, d + c] {
                    cv.line(
                        &[(px(e), y - cap), (px(e), y + cap)],
                        &NEUTRAL,
                        4.0,
                        Dash::Solid,
                    )?;
                }
            }
            cv.circle((px(d), y), 10.0, &NEUTRAL, None)?;
        }
        Ok(())
    }
}

impl Chart for CompareChart {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> DrawResult<DB> {
        cv.fill(&RGBColor(255, 255, 255))?;
        let (w, h) = (cv.width(), cv.height());
        let title = TextSpec::new(TITLE_SIZE)
            .bold()
            .anchor(HAlign::Left, VAlign::Top);
        cv.text(
            &ellipsize(&self.title, TITLE_SIZE, true, w - 80.0),
            40.0,
            28.0,
            &title,
        )?;
        let sub = TextSpec::new(SUBTITLE_SIZE)
            .color(MUTED)
            .anchor(HAlign::Left, VAlign::Top);
        cv.text(
            &ellipsize(&self.subtitle, SUBTITLE_SIZE, false, w - 80.0),
            40.0,
            88.0,
            &sub,
        )?;
        let name_w = self
            .rows
            .iter()
            .map(|r| measure(&r.name, NAME_SIZE, false))
            .fold(0.0, f64::max)
            .min(300.0);
        let left = 40.0 + name_w + 24.0;
        let (y0, y1) = (190.0, h - 90.0);
        let gap = 70.0;
        let pw = (w - 40.0 - left - gap) / 2.0;
        let slot = (y1 - y0) / self.rows.len().max(1) as f64;
        let name = TextSpec::new(NAME_SIZE).anchor(HAlign::Right, VAlign::Center);
        for (i, r) in self.rows.iter().enumerate() {
            let y = y0 + slot * (i as f64 + 0.5);
            cv.text(
                &ellipsize(&r.name, NAME_SIZE, false, 300.0),
                left - 24.0,
                y,
                &name,
            )?;
        }
        self.panel(
            cv,
            (left, left + pw),
            (y0, y1),
            &self.surplus_label,
            |r| r.surplus,
            false,
        )?;
        self.panel(
            cv,
            (left + pw + gap, w - 40.0),
            (y0, y1),
            "deal rate, B \u{2212} A (percentage points)",
            |r| r.deal_rate,
            true,
        )
    }
}
