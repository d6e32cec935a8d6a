//! The teaching picture of one negotiation (`negsim trace --chart`): the
//! off-the-record talk, then the offers with each side's belief about the
//! other's limit.

use crate::config::Experiment;
use crate::error::{Error, Result};
use crate::model::negotiation::Event;
use crate::output::format::{money, money_decimals};
use crate::output::results_dir::write_atomic;
use crate::run::trace::Trace;
use negsim_chart::{self as chart, EventKind, TraceEvent};
use std::path::Path;

/// Draw the teaching picture of one negotiation to `file` (`.png` or
/// `.svg`, chosen by its extension), written whole or not at all.
pub fn write_trace_chart(exp: &Experiment, t: &Trace, file: &Path) -> Result<()> {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext != "png" && ext != "svg" {
        return Err(Error::Usage(format!(
            "--chart {}: give a file name ending in .png or .svg",
            file.display()
        )));
    }
    let data = trace_chart(exp, t);
    let bytes = match ext.as_str() {
        "png" => chart::png_bytes(&data),
        _ => chart::svg_string(&data).map(String::into_bytes),
    }
    .map_err(|e| Error::Usage(format!("cannot draw {}: {e}", file.display())))?;
    write_atomic(file, &bytes)
}

/// The teaching picture of one negotiation (`price` scenario: prices; in
/// `multi_issue` the offers are drawn as A's utility).
pub fn trace_chart(exp: &Experiment, t: &Trace) -> chart::TraceData {
    let price = exp.scenario.kind() == "price";
    let o = &t.outcome;
    let data = chart::TraceData {
        title: format!(
            "One negotiation: {} (A) vs {} (B), run {}",
            t.names[0], t.names[1], t.run
        ),
        y_label: if price {
            "price".into()
        } else {
            "A's utility of the offer".into()
        },
        a_name: t.names[0].clone(),
        a_color: t.indices[0],
        b_name: t.names[1].clone(),
        b_color: t.indices[1],
        a_limit: o.private.reservation[0],
        b_limit: if price {
            o.private.reservation[1]
        } else {
            f64::NAN
        },
        exchange_rounds: exp.exchange.rounds,
        deal: None,
        ..Default::default()
    };
    let mut p = Painter {
        data,
        price,
        exchange_rounds: exp.exchange.rounds as f64,
        decimals: money_decimals(&exp.scenario),
        formal: false,
        last_round: 0,
    };
    for e in &t.events {
        p.event(e);
    }
    let mut data = p.data;
    if o.deal {
        let y = if price {
            o.price
        } else {
            o.surplus[0] + o.private.reservation[0]
        };
        data.deal = Some((o.rounds as f64, y));
    } else {
        data.events.push(TraceEvent {
            x: o.rounds as f64,
            y: None,
            side: 'A',
            kind: EventKind::NoDeal,
            label: "no deal".into(),
        });
    }
    data
}

/// The chart being filled in, event by event.
struct Painter {
    data: chart::TraceData,
    price: bool,
    exchange_rounds: f64,
    decimals: usize,
    /// Whether the formal phase has started.
    formal: bool,
    /// The last formal round with an offer.
    last_round: u32,
}

fn side(s: usize) -> char {
    if s == 0 { 'A' } else { 'B' }
}

impl Painter {
    fn v(&self, x: f64) -> String {
        money(x, self.decimals)
    }

    /// Where talk in `round` is drawn: in the zone before round 1, or just
    /// after the last offer once the formal phase has started.
    fn talk_x(&self, round: u32) -> f64 {
        if self.formal {
            self.last_round as f64 + 0.5
        } else {
            round as f64 - self.exchange_rounds
        }
    }

    fn talk(&mut self, round: u32, s: usize, kind: EventKind, y: Option<f64>, label: String) {
        let x = self.talk_x(round);
        self.data.events.push(TraceEvent {
            x,
            y,
            side: side(s),
            kind,
            label,
        });
    }

    fn event(&mut self, e: &Event) {
        let price = self.price;
        let said = |answer: bool| {
            if answer {
                EventKind::Answer
            } else {
                EventKind::Confide
            }
        };
        match *e {
            Event::Reservation {
                round,
                side: s,
                claimed,
                bluff,
                answer,
                ..
            } => {
                let kind = if bluff {
                    EventKind::Bluff
                } else {
                    said(answer)
                };
                let what = if !price {
                    "alternative"
                } else if s == 0 {
                    "max"
                } else {
                    "min"
                };
                let label = format!("{what} {}", self.v(claimed));
                self.talk(round, s, kind, price.then_some(claimed), label);
            }
            Event::Weights {
                round,
                side: s,
                answer,
                ..
            } => self.talk(round, s, said(answer), None, "weights".into()),
            Event::Ask { round, side: s } => {
                self.talk(round, s, EventKind::Ask, None, "your side?".into())
            }
            Event::Leak {
                round,
                side: s,
                signal,
                ..
            } => {
                let label = format!("body language ~{}", self.v(signal));
                self.talk(round, s, EventKind::Leak, None, label);
            }
            Event::FormalStart { beliefs } => {
                self.formal = true;
                if price {
                    self.data.a_belief.push((0.0, beliefs[0].0, beliefs[0].1));
                    self.data.b_belief.push((0.0, beliefs[1].0, beliefs[1].1));
                }
            }
            Event::Offer {
                round,
                side: s,
                value,
                belief,
                ..
            } => self.offer(round, s, value, belief),
            Event::LieDetected {
                round,
                by,
                revealed,
                ..
            } => self.data.events.push(TraceEvent {
                x: round as f64,
                y: price.then_some(revealed),
                side: side(by),
                kind: EventKind::DetectedLie,
                label: format!("{} catches a lie", side(by)),
            }),
            Event::Decline { .. }
            | Event::Silent { .. }
            | Event::Accept { .. }
            | Event::WalkAway { .. } => {}
        }
    }

    fn offer(&mut self, round: u32, s: usize, value: f64, belief: (f64, f64)) {
        self.last_round = round;
        let x = round as f64;
        let d = &mut self.data;
        if s == 0 {
            d.a_offers.push((x, value));
        } else {
            d.b_offers.push((x, value));
        }
        if self.price {
            let list = if s == 0 {
                &mut d.a_belief
            } else {
                &mut d.b_belief
            };
            list.push((x, belief.0, belief.1));
        }
    }
}
