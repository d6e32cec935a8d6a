//! The trace chart's legends under the title: its lines in one band, the kinds of events
//! that occur in another.

use super::marks::{event_marker, is_hollow};
use crate::canvas::{Canvas, Dash, DrawOut, Marker};
use crate::data::{EventKind, TraceData, TraceEvent};
use crate::labels::MARGIN;
use crate::legend::{Key, LegendItem, draw_legend_band};
use crate::style::{INK, solid, strategy_color};
use plotters::prelude::DrawingBackend;
use plotters::style::RGBAColor;

/// The order of event kinds in the legend.
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

impl TraceData {
    /// The legend under the title at `top`: lines in one band, then the event kinds that
    /// occur in another below it. Returns the y below them.
    pub(super) fn draw_legends<DB: DrawingBackend>(
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
}
