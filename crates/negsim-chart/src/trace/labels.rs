//! The trace chart's labels of its lines: the outcome (the deal's price by its star, or
//! "no deal") and the names of the limit lines, placed where they are free.

use super::finite2;
use super::marks::halo_text;
use crate::canvas::{Canvas, DrawResult, Marker};
use crate::data::{EventKind, TraceData, TraceEvent};
use crate::format::format_number;
use crate::labels::{Placer, text_rect};
use crate::scale::{Frame, finite_extent};
use crate::style::{ANNOTATION_SIZE, INK, MUTED, WHITE, darken, solid, strategy_color};
use crate::text::{HAlign, TextSpec, VAlign, ellipsize};
use plotters::prelude::DrawingBackend;

impl TraceData {
    /// The deal as a star with its price, or "no deal" by the last offers (unless an event
    /// already says so).
    pub(super) fn draw_outcome<DB: DrawingBackend>(
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
    pub(super) fn draw_limit_labels<DB: DrawingBackend>(
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
}
