//! Chart 7, the teaching picture of ONE negotiation: both sides' offers per formal round,
//! their reservation values (dashed) and the limits their claims committed them to (long
//! dashes, e.g. a bluffer's), each side's belief about the other's reservation (dotted, with
//! a shaded +/-1 sd band), the agreed price as a star, walk-aways and caught lies where they
//! happened, and the off-the-record events before round 1 in a shaded zone at the left,
//! stacked per exchange, each with its own marker shape and a short label.

use crate::axes::{Axis, Ticks, draw_axes};
use crate::canvas::{Canvas, Dash, DrawOut, DrawResult, Marker};
use crate::data::{EventKind, TraceData, TraceEvent};
use crate::format::{NumFmt, format_number};
use crate::labels::{MARGIN, Placer, draw_empty, draw_title, text_rect};
use crate::legend::{Key, LegendItem, draw_legend_band};
use crate::output::{Chart, ChartError, render};
use crate::scale::{Domain, Frame, Rect, finite_extent, nice_ticks, padded_range};
use crate::style::{
    ANNOTATION_SIZE, FRAME, INK, MIN_TEXT_SIZE, MUTED, SHADE, WHITE, alpha, darken, solid,
    strategy_color,
};
use crate::text::{HAlign, TextSpec, VAlign, ellipsize, measure};
use plotters::prelude::DrawingBackend;
use plotters::style::{RGBAColor, RGBColor};
use std::path::Path;

/// Renders the negotiation trace to `out_base.png` and `out_base.svg`.
pub fn render_trace(data: &TraceData, out_base: &Path) -> Result<(), ChartError> {
    render(data, out_base)
}

/// Marker shape of each event kind.
pub(crate) fn event_marker(kind: EventKind) -> Marker {
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
fn is_hollow(kind: EventKind) -> bool {
    kind == EventKind::Decline
}

/// An event's marker at `c`, filled with `color` (or hollow, outlined in it).
fn draw_event_marker<DB: DrawingBackend>(
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

const KIND_ORDER: [EventKind; 11] = [
    EventKind::Confide,
    EventKind::Ask,
    EventKind::Answer,
    EventKind::Decline,
    EventKind::Bluff,
    EventKind::Leak,
    EventKind::DetectedLie,
    EventKind::FalseAccusation,
    EventKind::WalkAway,
    EventKind::Deal,
    EventKind::NoDeal,
];

fn event_text(e: &TraceEvent) -> String {
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
fn wrap_two(text: &str, size: f64, max_w: f64) -> Vec<String> {
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
fn halo_text<DB: DrawingBackend>(
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

fn side_color(d: &TraceData, side: char) -> RGBColor {
    match side.to_ascii_uppercase() {
        'A' => strategy_color(d.a_color),
        'B' => strategy_color(d.b_color),
        _ => RGBColor(0x66, 0x66, 0x66),
    }
}

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
            draw_zone(cv, &f, z)?;
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
        self.draw_limit_labels(cv, &f, &mut placer, formal_x0)?;
        self.draw_outcome(cv, &f, &events, &mut placer)?;
        self.draw_events(cv, &f, zone, &events, &mut placer)
    }
}

/// The off-the-record zone `z` left of round 1: shaded, with its name on top and "before
/// round 1" under the axis.
fn draw_zone<DB: DrawingBackend>(cv: &Canvas<'_, DB>, f: &Frame, z: Rect) -> DrawResult<DB> {
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
    let sub = ellipsize("before round 1", MIN_TEXT_SIZE, false, z.width() - 10.0);
    cv.text(&sub, (z.x0 + z.x1) / 2.0, f.y1 + 8.0, &spec)
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

    /// The legend under the title at `top`: lines in one band, then the event kinds that
    /// occur in another below it. Returns the y below them.
    fn draw_legends<DB: DrawingBackend>(
        &self,
        cv: &Canvas<'_, DB>,
        top: f64,
        events: &[&TraceEvent],
    ) -> DrawOut<f64, DB> {
        let (ca, cb) = (strategy_color(self.a_color), strategy_color(self.b_color));
        let mut items = vec![
            LegendItem {
                label: if self.a_offers_label.trim().is_empty() {
                    format!("A's offers ({})", self.a_name)
                } else {
                    self.a_offers_label.trim().to_string()
                },
                color: solid(ca),
                key: Key::Line {
                    dash: Dash::Solid,
                    marker: Some(Marker::Circle),
                    width: 3.5,
                },
            },
            LegendItem {
                label: if self.b_offers_label.trim().is_empty() {
                    format!("B's offers ({})", self.b_name)
                } else {
                    self.b_offers_label.trim().to_string()
                },
                color: solid(cb),
                key: Key::Line {
                    dash: Dash::Solid,
                    marker: Some(Marker::Square),
                    width: 3.5,
                },
            },
        ];
        if self.claimed().next().is_some() {
            items.push(LegendItem {
                label: "claimed limit".into(),
                color: RGBAColor(0x66, 0x66, 0x66, 1.0),
                key: Key::Line {
                    dash: Dash::LongDash,
                    marker: None,
                    width: 2.5,
                },
            });
        }
        if !self.a_belief.is_empty() {
            items.push(LegendItem {
                label: "A's belief of B's limit \u{b1}1 sd".into(),
                color: solid(ca),
                key: Key::Band { dash: Dash::Dotted },
            });
        }
        if !self.b_belief.is_empty() {
            items.push(LegendItem {
                label: "B's belief of A's limit \u{b1}1 sd".into(),
                color: solid(cb),
                key: Key::Band { dash: Dash::Dotted },
            });
        }
        let grey = RGBAColor(0x66, 0x66, 0x66, 1.0);
        let mut kinds = Vec::new();
        for kind in KIND_ORDER {
            let has_event = events.iter().any(|e| e.kind == kind);
            let is_deal = kind == EventKind::Deal && self.deal.is_some();
            if has_event || is_deal {
                kinds.push(LegendItem {
                    label: kind.verb().into(),
                    color: if kind == EventKind::Deal { INK } else { grey },
                    key: if is_hollow(kind) {
                        Key::Hollow(event_marker(kind))
                    } else {
                        Key::Point(event_marker(kind))
                    },
                });
            }
        }
        let full_w = cv.width() - 2.0 * MARGIN;
        let mut legend_y = top - 8.0;
        legend_y += draw_legend_band(cv, &items, cv.width() / 2.0, legend_y, full_w)?;
        if !kinds.is_empty() {
            legend_y += draw_legend_band(cv, &kinds, cv.width() / 2.0, legend_y, full_w)?;
        }
        Ok(legend_y)
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

    /// The deal as a star with its price, or "no deal" by the last offers (unless an event
    /// already says so).
    fn draw_outcome<DB: DrawingBackend>(
        &self,
        cv: &Canvas<'_, DB>,
        f: &Frame,
        events: &[&TraceEvent],
        placer: &mut Placer,
    ) -> DrawResult<DB> {
        let told_no_deal = events
            .iter()
            .any(|e| matches!(e.kind, EventKind::NoDeal | EventKind::WalkAway));
        if let Some((r, p)) = self.deal.filter(finite2) {
            let c = f.pt(r, p);
            cv.marker(Marker::Star, c, 30.0, &INK, Some((solid(WHITE), 2.0)))?;
            placer.block_point(c, 20.0);
            let text = format!("deal at {}", format_number(p, self.decimals));
            let spec = TextSpec::new(ANNOTATION_SIZE).bold().color(INK);
            let placed = placer.place(&text, c, 22.0, spec);
            halo_text(cv, &text, placed.x, placed.y, &placed.spec)?;
        } else if let Some(last) = finite_extent(self.offers().map(|p| p.0))
            .map(|e| e.1)
            .filter(|_| !told_no_deal)
        {
            let ys: Vec<f64> = self.offers().filter(|p| p.0 == last).map(|p| p.1).collect();
            let y = ys.iter().sum::<f64>() / ys.len().max(1) as f64;
            let spec = TextSpec::new(ANNOTATION_SIZE).bold().color(MUTED);
            let placed = placer.place("no deal", f.pt(last, y), 18.0, spec);
            halo_text(cv, "no deal", placed.x, placed.y, &placed.spec)?;
        }
        Ok(())
    }

    /// The labels of the limit lines (true limits first, then claimed ones), each at the
    /// right end of its line, above or below it, or failing that at the left end, wherever
    /// it is free.
    fn draw_limit_labels<DB: DrawingBackend>(
        &self,
        cv: &Canvas<'_, DB>,
        f: &Frame,
        placer: &mut Placer,
        formal_x0: f64,
    ) -> DrawResult<DB> {
        let name = |label: &str, default: String| {
            if label.trim().is_empty() {
                default
            } else {
                label.trim().to_string()
            }
        };
        let v = |x: f64| format_number(x, self.decimals);
        let (ca, cb) = (strategy_color(self.a_color), strategy_color(self.b_color));
        let mut labels = vec![
            (
                self.a_limit,
                name(
                    &self.a_limit_label,
                    format!("A's limit (value {})", v(self.a_limit)),
                ),
                ca,
            ),
            (
                self.b_limit,
                name(
                    &self.b_limit_label,
                    format!("B's limit (cost {})", v(self.b_limit)),
                ),
                cb,
            ),
        ];
        for (value, i) in self.claimed() {
            let (label, letter, color) = if i == 0 {
                (&self.a_claimed_label, "A", ca)
            } else {
                (&self.b_claimed_label, "B", cb)
            };
            labels.push((
                value,
                name(label, format!("{letter}'s claimed limit {}", v(value))),
                color,
            ));
        }
        // The higher of two lines prefers its label above, the lower one below.
        let ys: Vec<f64> = labels
            .iter()
            .map(|l| l.0)
            .filter(|y| y.is_finite())
            .collect();
        for (value, text, color) in &labels {
            if !value.is_finite() {
                continue;
            }
            let y = f.py(*value);
            let higher = ys.iter().filter(|o| *o > value).count() < ys.len() / 2 + ys.len() % 2;
            let spec = TextSpec::new(ANNOTATION_SIZE)
                .bold()
                .color(solid(darken(*color, 0.3)));
            let text = ellipsize(text, ANNOTATION_SIZE, true, f.x1 - formal_x0 - 20.0);
            let (r, l) = (f.x1 - 12.0, formal_x0 + 12.0);
            let m = (r + l) / 2.0;
            let mut spots = vec![
                (r, y - 5.0, HAlign::Right, VAlign::Bottom),
                (r, y + 5.0, HAlign::Right, VAlign::Top),
                (l, y - 5.0, HAlign::Left, VAlign::Bottom),
                (l, y + 5.0, HAlign::Left, VAlign::Top),
                (m, y - 5.0, HAlign::Center, VAlign::Bottom),
                (m, y + 5.0, HAlign::Center, VAlign::Top),
            ];
            if !higher {
                spots.swap(0, 1);
                spots.swap(2, 3);
                spots.swap(4, 5);
            }
            let placed = placer
                .place_at(&text, &spots, spec, 2.0, |_| true)
                .map(|p| (p.x, p.y, p.spec));
            let (x, y, spec) = placed.unwrap_or_else(|| {
                let (x, y, h, v) = spots[0];
                let spec = spec.anchor(h, v);
                placer.block(text_rect(&text, x, y, &spec));
                (x, y, spec)
            });
            halo_text(cv, &text, x, y, &spec)?;
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

    /// The events off the record, one column per exchange. An event that names a value
    /// (a claimed limit, a leaked hint) is drawn at that value on the price axis, its
    /// label under (or above) it; events of one side at the same value share a label,
    /// their markers side by side. The others (questions, declines, weights) are stacked
    /// from the top of the column wherever there is room.
    fn draw_zone_events<DB: DrawingBackend>(
        &self,
        cv: &Canvas<'_, DB>,
        f: &Frame,
        z: Rect,
        events: &[&TraceEvent],
    ) -> DrawResult<DB> {
        let label_spec = TextSpec::new(MIN_TEXT_SIZE).color(INK);
        let line_h = MIN_TEXT_SIZE * 1.15;
        let zone_events: Vec<&TraceEvent> = events.iter().copied().filter(|e| e.x <= 0.5).collect();
        let mut slots: Vec<f64> = zone_events.iter().map(|e| e.x).collect();
        slots.sort_by(f64::total_cmp);
        slots.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
        let slot_of = |x: f64| {
            slots
                .iter()
                .position(|s| (*s - x).abs() < 1e-9)
                .unwrap_or(0)
        };
        // Half the width of each column.
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
        let mut taken: Vec<Vec<(f64, f64)>> = vec![Vec::new(); slots.len()];
        let free = |taken: &[(f64, f64)], y0: f64, y1: f64| {
            taken.iter().all(|(a, b)| y1 <= *a || y0 >= *b)
        };
        let at_value = |e: &TraceEvent| {
            e.y.filter(|v| v.is_finite())
                .map(|v| f.py(v))
                .filter(|py| *py >= f.y0 + 4.0 && *py <= f.y1 - 4.0)
        };
        // 1. Events at their value, grouped by column, side and (nearly) equal value.
        let mut groups: Vec<(usize, char, f64, Vec<&TraceEvent>)> = Vec::new();
        for e in &zone_events {
            let Some(py) = at_value(e) else { continue };
            let s = slot_of(e.x);
            let side = e.side.to_ascii_uppercase();
            match groups
                .iter_mut()
                .find(|g| g.0 == s && g.1 == side && (g.2 - py).abs() < 3.0)
            {
                Some(g) => g.3.push(e),
                None => groups.push((s, side, py, vec![e])),
            }
        }
        // Markers first (all of them block), then the labels where they are free.
        for (s, _, py, _) in &groups {
            taken[*s].push((py - 11.0, py + 11.0));
        }
        for (s, side, py, members) in &groups {
            let cx = f.px(slots[*s]);
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
            let lines = wrap_two(&texts.join(", "), MIN_TEXT_SIZE, 2.0 * half[*s] - 10.0);
            let text_h = lines.len() as f64 * line_h;
            let fits = |r: (f64, f64)| r.0 >= z.y0 + 28.0 && r.1 <= z.y1 - 2.0;
            // Just under or over the marker, else moved further away (with a leader).
            let mut spots = Vec::new();
            for k in 0..25 {
                let d = 13.0 + 4.0 * f64::from(k);
                spots.push((py + d, py + d + text_h));
                spots.push((py - d - text_h, py - d));
            }
            let slot_taken = &taken[*s];
            let spot = spots
                .iter()
                .copied()
                .find(|r| fits(*r) && free(slot_taken, r.0 - 1.0, r.1 + 1.0))
                .or_else(|| spots.iter().copied().find(|r| fits(*r)))
                .unwrap_or(spots[0]);
            taken[*s].push((spot.0 - 2.0, spot.1 + 2.0));
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
                halo_text(cv, line, cx, spot.0 + j as f64 * line_h, &spec)?;
            }
        }
        // 2. The rest, stacked from the top of each column: marker above its label.
        let mut cursor: Vec<f64> = vec![z.y0 + 30.0; slots.len()];
        for e in zone_events.iter().filter(|e| at_value(e).is_none()) {
            let s = slot_of(e.x);
            let cx = f.px(slots[s]);
            let lines = wrap_two(&event_text(e), MIN_TEXT_SIZE, 2.0 * half[s] - 10.0);
            let block_h = 24.0 + lines.len() as f64 * line_h + 6.0;
            let mut y = cursor[s];
            while !free(&taken[s], y, y + block_h) && y + block_h <= z.y1 - 4.0 {
                y += 4.0;
            }
            if y + block_h > z.y1 - 4.0 {
                continue;
            }
            cursor[s] = y + block_h;
            taken[s].push((y, y + block_h));
            let color = side_color(self, e.side);
            draw_event_marker(cv, e.kind, (cx, y + 11.0), color)?;
            for (j, line) in lines.iter().enumerate() {
                let spec = label_spec.anchor(HAlign::Center, VAlign::Top);
                halo_text(cv, line, cx, y + 24.0 + j as f64 * line_h, &spec)?;
            }
        }
        Ok(())
    }

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
