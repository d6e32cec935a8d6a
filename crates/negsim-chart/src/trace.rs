//! Chart 7, the teaching picture of ONE negotiation: both sides' offers per formal round,
//! their reservation values (dashed) and the limits their claims committed them to (long
//! dashes, e.g. a bluffer's), each side's belief about the other's reservation (dotted, with
//! a shaded +/-1 sd band), the agreed price as a star, walk-aways and caught lies where they
//! happened, and the off-the-record events before round 1 in a shaded zone at the left,
//! stacked per exchange, each with its own marker shape and a short label.
//!
//! Here: the chart's frame, axes, lines and the events of the formal rounds. An event's
//! marker, label and halo are in [`marks`], the legends in [`legend`], the labels of the
//! limit lines and the outcome in [`labels`], the off-the-record zone in [`zone`].

mod labels;
mod legend;
mod marks;
mod zone;

use crate::axes::{Axis, Ticks, draw_axes};
use crate::canvas::{Canvas, Dash, DrawResult, Marker};
use crate::data::{EventKind, TraceData, TraceEvent};
use crate::format::{NumFmt, format_number};
use crate::labels::{MARGIN, Placer, draw_empty, draw_title};
use crate::output::{Chart, ChartError, render};
use crate::scale::{Domain, Frame, Rect, finite_extent, nice_ticks, padded_range};
use crate::style::{INK, MIN_TEXT_SIZE, WHITE, alpha, darken, solid, strategy_color};
use crate::text::TextSpec;
use marks::{draw_event_marker, event_text, halo_text, side_color};
use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;
use std::path::Path;

/// Renders the negotiation trace to `out_base.png` and `out_base.svg`.
pub fn render_trace(data: &TraceData, out_base: &Path) -> Result<(), ChartError> {
    render(data, out_base)
}

/// Whether both coordinates of `p` are finite.
fn finite2(p: &(f64, f64)) -> bool {
    p.0.is_finite() && p.1.is_finite()
}

impl Chart for TraceData {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> DrawResult<DB> {
        let events: Vec<&TraceEvent> = self.events.iter().filter(|e| e.x.is_finite()).collect();
        if self.offers().next().is_none() && self.beliefs().next().is_none() && events.is_empty() {
            return draw_empty(cv, &self.title, "no offers in this negotiation");
        }
        cv.fill(&WHITE)?;
        let top = draw_title(cv, &self.title, Some(&self.subtitle()))?;
        let plot_top = self.draw_legends(cv, top, &events)? + 6.0;
        let (x_axis, has_zone) = self.x_axis(&events, cv.width());
        let y_axis = self.y_axis(&events);
        let outer = Rect::new(MARGIN, plot_top, cv.width() - MARGIN, cv.height() - MARGIN);
        let f = draw_axes(cv, outer, &x_axis, &y_axis)?;
        let zone = has_zone.then(|| Rect::new(f.x0, f.y0, f.px(0.5), f.y1));
        if let Some(z) = zone {
            zone::draw_zone(cv, &f, z, self.exchange_rounds)?;
        }
        let formal_x0 = if has_zone { f.px(0.5) } else { f.x0 };
        self.draw_lines(cv, &f, formal_x0)?;

        // Labels go on last; the placer keeps them apart.
        let mut placer = Placer::new(Rect::new(
            formal_x0 + 4.0,
            f.y0 + 4.0,
            f.x1 - 4.0,
            f.y1 - 4.0,
        ));
        for p in self.offers() {
            placer.block_point(f.pt(p.0, p.1), 8.0);
        }
        // The markers of the formal rounds' events (a lie caught, "no deal" at the last
        // round) are drawn after the limit labels: keep those labels off them.
        for e in events.iter().filter(|e| e.x > 0.5 || zone.is_none()) {
            placer.block_point(self.event_point(&f, e), 12.0);
        }
        self.draw_limit_labels(cv, &f, &mut placer, formal_x0)?;
        self.draw_outcome(cv, &f, &events, &mut placer)?;
        self.draw_events(cv, &f, zone, &events, &mut placer)
    }
}

fn draw_belief<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    f: &Frame,
    belief: &[(f64, f64, f64)],
    color: RGBColor,
    x_lo: f64,
) -> DrawResult<DB> {
    let mut pts: Vec<(f64, f64, f64)> = belief
        .iter()
        .copied()
        .filter(|(x, m, _)| x.is_finite() && m.is_finite())
        .map(|(x, m, s)| (x.max(x_lo), m, s))
        .collect();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let with_sd: Vec<&(f64, f64, f64)> = pts.iter().filter(|p| p.2.is_finite()).collect();
    if with_sd.len() >= 2 {
        let mut poly: Vec<(f64, f64)> = with_sd
            .iter()
            .map(|(x, m, s)| f.pt(*x, m + s.abs()))
            .collect();
        poly.extend(with_sd.iter().rev().map(|(x, m, s)| f.pt(*x, m - s.abs())));
        cv.polygon(&poly, &alpha(color, 0.11))?;
    }
    let line: Vec<(f64, f64)> = pts.iter().map(|(x, m, _)| f.pt(*x, *m)).collect();
    cv.line(&line, &darken(color, 0.1), 3.0, Dash::Dotted)
}

impl TraceData {
    /// Both sides' offers with finite round and price.
    fn offers(&self) -> impl Iterator<Item = &(f64, f64)> {
        self.a_offers
            .iter()
            .chain(&self.b_offers)
            .filter(|p| finite2(p))
    }

    /// The finite claimed limits, with A's (0) or B's (1) index.
    fn claimed(&self) -> impl Iterator<Item = (f64, usize)> {
        [(self.a_claimed, 0), (self.b_claimed, 1)]
            .into_iter()
            .filter_map(|(v, i)| v.filter(|v| v.is_finite()).map(|v| (v, i)))
    }

    /// Both sides' beliefs with finite round and mean.
    fn beliefs(&self) -> impl Iterator<Item = &(f64, f64, f64)> {
        self.a_belief
            .iter()
            .chain(&self.b_belief)
            .filter(|(x, m, _)| x.is_finite() && m.is_finite())
    }

    /// The pairing, the off-the-record exchanges and the outcome, in one line.
    fn subtitle(&self) -> String {
        let k = self.exchange_rounds;
        let outcome = match self.deal {
            _ if !self.outcome.trim().is_empty() => self.outcome.trim().to_string(),
            Some((r, p)) if r.is_finite() && p.is_finite() => {
                format!(
                    "deal in round {} at {}",
                    format_number(r, 0),
                    format_number(p, self.decimals)
                )
            }
            _ => "no deal".to_string(),
        };
        let exchanges = match k {
            0 => "no off-the-record exchange".to_string(),
            1 => "1 off-the-record exchange".to_string(),
            _ => format!("{k} off-the-record exchanges"),
        };
        let side = |name: &str, letter: &str, role: &str| {
            if role.trim().is_empty() {
                format!("{name} ({letter})")
            } else {
                format!("{name} ({letter}, {})", role.trim())
            }
        };
        format!(
            "{} vs {} \u{b7} {exchanges} \u{b7} {outcome}",
            side(&self.a_name, "A", &self.a_role),
            side(&self.b_name, "B", &self.b_role)
        )
    }

    /// The x axis: formal rounds 1..T, plus the off-the-record zone to the left of round 1
    /// (given the canvas `width`). Returns the axis and whether it has the zone.
    fn x_axis(&self, events: &[&TraceEvent], width: f64) -> (Axis, bool) {
        let k = self.exchange_rounds;
        let formal_x = self
            .offers()
            .map(|p| p.0)
            .chain(self.beliefs().map(|b| b.0))
            .chain(events.iter().map(|e| e.x))
            .chain(self.deal.map(|d| d.0))
            .filter(|x| *x > 0.5);
        let t_max = finite_extent(formal_x).map_or(1.0, |(_, hi)| hi.max(1.0));
        // The zone is drawn only when something was said off the record.
        let zone_xs: Vec<f64> = events.iter().map(|e| e.x).filter(|x| *x <= 0.5).collect();
        let has_zone = !zone_xs.is_empty();
        let default_lo = if k > 0 { 1.0 - f64::from(k) } else { 0.0 };
        let zone_min = zone_xs
            .iter()
            .copied()
            .fold(default_lo, f64::min)
            .max(-1.0e6);
        let z_lo = zone_min - 0.5;
        let x_hi = t_max + 0.5;
        let approx_w = width - 2.0 * MARGIN - 150.0;
        let domain = if has_zone {
            let frac = ((0.5 - z_lo) * 150.0 / approx_w).clamp(0.2, 0.42);
            Domain::knots(vec![(z_lo, 0.0), (0.5, frac), (x_hi, 1.0)])
        } else {
            Domain::linear(0.5, x_hi)
        };
        let x_lo_data = if has_zone { z_lo } else { 0.5 };
        let (mut round_ticks, _) = nice_ticks(1.0, t_max.max(1.0), 20, true);
        if round_ticks.is_empty() {
            // A single formal round (e.g. a walk-away before the first offer).
            round_ticks.push(1.0);
        }
        let axis = Axis::new(x_lo_data, x_hi)
            .domain(domain)
            .ticks(Ticks::Fixed(round_ticks))
            .label(if self.x_label.trim().is_empty() {
                "Formal round"
            } else {
                self.x_label.trim()
            });
        (axis, has_zone)
    }

    /// The y axis: everything priced.
    fn y_axis(&self, events: &[&TraceEvent]) -> Axis {
        let ys = self
            .offers()
            .map(|p| p.1)
            .chain([self.a_limit, self.b_limit])
            .chain(self.claimed().map(|(v, _)| v))
            .chain(self.beliefs().flat_map(|(_, m, s)| {
                let s = if s.is_finite() { s.abs() } else { 0.0 };
                [m - s, m + s]
            }))
            .chain(events.iter().filter_map(|e| e.y))
            .chain(self.deal.map(|d| d.1));
        let (y_lo, y_hi) = padded_range(ys, 0.08).unwrap_or((0.0, 1.0));
        Axis::new(y_lo, y_hi)
            .label(&self.y_label)
            .fmt(NumFmt::Plain)
    }

    /// Beliefs (band + dotted line), reservation values (dashed, from `formal_x0`), offers.
    fn draw_lines<DB: DrawingBackend>(
        &self,
        cv: &Canvas<'_, DB>,
        f: &Frame,
        formal_x0: f64,
    ) -> DrawResult<DB> {
        let (ca, cb) = (strategy_color(self.a_color), strategy_color(self.b_color));
        // Without the off-the-record zone the beliefs held before round 1 start at its edge.
        let x_lo = if formal_x0 > f.x0 + 0.5 {
            f64::NEG_INFINITY
        } else {
            0.5
        };
        for (belief, color) in [(&self.a_belief, ca), (&self.b_belief, cb)] {
            draw_belief(cv, f, belief, color, x_lo)?;
        }
        for (limit, color) in [(self.a_limit, ca), (self.b_limit, cb)] {
            if limit.is_finite() {
                cv.line(
                    &[(formal_x0, f.py(limit)), (f.x1, f.py(limit))],
                    &color,
                    2.5,
                    Dash::Dashed,
                )?;
            }
        }
        for (v, i) in self.claimed() {
            let color = if i == 0 { ca } else { cb };
            cv.line(
                &[(formal_x0, f.py(v)), (f.x1, f.py(v))],
                &alpha(color, 0.85),
                2.0,
                Dash::LongDash,
            )?;
        }
        for (offers, color, marker) in [
            (&self.a_offers, ca, Marker::Circle),
            (&self.b_offers, cb, Marker::Square),
        ] {
            let mut pts: Vec<(f64, f64)> = offers.iter().copied().filter(finite2).collect();
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
            let px: Vec<(f64, f64)> = pts.iter().map(|p| f.pt(p.0, p.1)).collect();
            cv.line(&px, &color, 3.5, Dash::Solid)?;
            for p in &px {
                cv.marker(marker, *p, 13.0, &color, Some((solid(WHITE), 1.5)))?;
            }
        }
        Ok(())
    }

    /// Where an event during the formal rounds goes: its price, else the side's offer at the
    /// nearest round, else the side's limit, else mid-height.
    fn event_point(&self, f: &Frame, e: &TraceEvent) -> (f64, f64) {
        // An event of neither side (the end, "no deal") without a price goes between the
        // two sides' offers nearest to it, not onto one of them.
        let nearest = |offers: &[(f64, f64)]| {
            offers
                .iter()
                .filter(|p| finite2(p))
                .min_by(|a, b| (a.0 - e.x).abs().total_cmp(&(b.0 - e.x).abs()))
                .map(|p| p.1)
        };
        let side = e.side.to_ascii_uppercase();
        if side != 'A'
            && side != 'B'
            && e.y.is_none_or(|v| !v.is_finite())
            && let (Some(a), Some(b)) = (nearest(&self.a_offers), nearest(&self.b_offers))
        {
            return f.pt(e.x, (a + b) / 2.0);
        }
        let offers = if e.side.eq_ignore_ascii_case(&'B') {
            &self.b_offers
        } else {
            &self.a_offers
        };
        let y = e.y.filter(|v| v.is_finite()).or_else(|| {
            offers
                .iter()
                .filter(|p| finite2(p))
                .min_by(|a, b| (a.0 - e.x).abs().total_cmp(&(b.0 - e.x).abs()))
                .map(|p| p.1)
        });
        let limit = if e.side.eq_ignore_ascii_case(&'B') {
            self.b_limit
        } else {
            self.a_limit
        };
        match y.or_else(|| limit.is_finite().then_some(limit)) {
            Some(y) => f.pt(e.x, y),
            None => (f.px(e.x), (f.y0 + f.y1) / 2.0),
        }
    }

    /// The events: those off the record in the `zone` (if any), the others at their point
    /// of the formal rounds with their labels, where `placer` finds room.
    fn draw_events<DB: DrawingBackend>(
        &self,
        cv: &Canvas<'_, DB>,
        f: &Frame,
        zone: Option<Rect>,
        events: &[&TraceEvent],
        placer: &mut Placer,
    ) -> DrawResult<DB> {
        let label_spec = TextSpec::new(MIN_TEXT_SIZE).color(INK);
        if let Some(z) = zone {
            self.draw_zone_events(cv, f, z, events)?;
        }
        // Events during the formal rounds: at their price (or on the side's offer line).
        let formal: Vec<(&TraceEvent, (f64, f64))> = events
            .iter()
            .filter(|e| e.x > 0.5 || zone.is_none())
            .map(|e| (*e, self.event_point(f, e)))
            .collect();
        for (_, c) in &formal {
            placer.block_point(*c, 12.0);
        }
        for (e, c) in formal {
            let color = if e.kind == EventKind::Deal {
                RGBColor(0x22, 0x22, 0x22)
            } else {
                side_color(self, e.side)
            };
            draw_event_marker(cv, e.kind, c, color)?;
            let text = event_text(e);
            let placed = placer.place(&text, c, 16.0, label_spec);
            halo_text(cv, &text, placed.x, placed.y, &placed.spec)?;
        }
        Ok(())
    }
}
