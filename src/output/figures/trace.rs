//! The teaching picture of one negotiation (`negsim trace --chart`): the
//! off-the-record talk, then the offers with each side's belief about the
//! other's limit.

use crate::config::Experiment;
use crate::error::{Error, Result};
use crate::model::negotiation::{Event, Outcome};
use crate::model::rules::Protocol;
use crate::output::format::{money, money_decimals};
use crate::output::results_dir::write_atomic;
use crate::run::trace::{Claims, Trace};
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
    let auction = matches!(exp.protocol, Protocol::DoubleAuction { .. });
    let o = &t.outcome;
    let decimals = money_decimals(&exp.scenario);
    let r = o.private.reservation;
    let names: Vec<&str> = exp.strategies.iter().map(|s| s.name()).collect();
    let colors = t.indices.map(|i| super::colors::color_indices(&names)[i]);
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
        a_color: colors[0],
        b_name: t.names[1].clone(),
        b_color: colors[1],
        // In an auction the sides are bidder and asker; outside a price
        // negotiation they have no role name.
        a_role: match (price, auction) {
            (true, false) => "buyer".into(),
            (true, true) => "bidder".into(),
            _ => String::new(),
        },
        b_role: match (price, auction) {
            (true, false) => "seller".into(),
            (true, true) => "asker".into(),
            _ => String::new(),
        },
        x_label: if auction {
            "Sealed bids (one round)".into()
        } else {
            String::new()
        },
        a_offers_label: if auction {
            format!("A's bid ({})", t.names[0])
        } else {
            String::new()
        },
        b_offers_label: if auction {
            format!("B's ask ({})", t.names[1])
        } else {
            String::new()
        },
        decimals,
        a_limit: r[0],
        b_limit: if price { r[1] } else { f64::NAN },
        a_limit_label: if price {
            format!("A's limit (value {})", money(r[0], decimals))
        } else {
            format!("A's alternative (utility {})", money(r[0], decimals))
        },
        b_limit_label: format!("B's limit (cost {})", money(r[1], decimals)),
        exchange_rounds: exp.exchange.rounds,
        deal: None,
        ..Default::default()
    };
    let mut p = Painter {
        data,
        price,
        exchange_rounds: exp.exchange.rounds as f64,
        decimals,
        formal: false,
        last_round: 0,
        claims: [Claims::default(); 2],
        after_offer: false,
    };
    for e in &t.events {
        p.event(e);
    }
    p.claimed_limits(o);
    let mut data = p.data;
    let end = if o.deal || o.walk_away.is_some() {
        (o.rounds.max(1)) as f64
    } else {
        o.rounds as f64
    };
    if price {
        // Beliefs are known at the start and at each own offer: hold the last one
        // to the end of the negotiation.
        for belief in [&mut data.a_belief, &mut data.b_belief] {
            if let Some(&(x, m, sd)) = belief.last()
                && x < end
            {
                belief.push((end, m, sd));
            }
        }
    }
    ending(&mut data, o, price);
    data
}

/// The end of the negotiation on the chart: the deal's point, or what the
/// caption says of no deal (and its mark at the deadline).
fn ending(data: &mut chart::TraceData, o: &Outcome, price: bool) {
    if o.deal {
        let y = if price {
            o.price
        } else {
            o.surplus[0] + o.private.reservation[0]
        };
        data.deal = Some((o.rounds as f64, y));
    } else if let Some(w) = o.walk_away {
        data.outcome = if o.rounds == 0 {
            format!("no deal: {} walked away before any offer", side(w))
        } else {
            format!("no deal: {} walked away in round {}", side(w), o.rounds)
        };
    } else {
        data.outcome = if o.zopa {
            format!("no deal by the deadline (round {})", o.rounds)
        } else {
            "no deal (none was possible)".into()
        };
        data.events.push(TraceEvent {
            x: o.rounds as f64,
            y: None,
            side: ' ',
            kind: EventKind::NoDeal,
            label: "no deal".into(),
        });
    }
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
    /// Each side's reservation claims so far.
    claims: [Claims; 2],
    /// Whether the last event was an offer (a lie detected now is an offer
    /// beyond the claimed limit, not a claim).
    after_offer: bool,
}

fn side(s: usize) -> char {
    if s == 0 { 'A' } else { 'B' }
}

impl Painter {
    fn v(&self, x: f64) -> String {
        money(x, self.decimals)
    }

    /// The claimed limits worth drawing: those stricter than the truth (a
    /// bluff, or noise that the claims commit the side to). In
    /// `multi_issue` only A's, in A's utility.
    fn claimed_limits(&mut self, o: &crate::model::negotiation::Outcome) {
        for s in 0..2 {
            let Some(c) = self.claims[s].limit() else {
                continue;
            };
            let r = o.private.reservation[s];
            // Stricter: a buyer claims less, a seller (or a party's
            // alternative) more.
            let stricter = if self.price && s == 0 { c < r } else { c > r };
            if !stricter || (!self.price && s == 1) {
                continue;
            }
            let what = if self.price { "limit" } else { "alternative" };
            let label = format!(
                "{}'s claimed {what} {}{}",
                side(s),
                self.v(c),
                if self.claims[s].bluff {
                    " (a bluff)"
                } else {
                    ""
                }
            );
            if s == 0 {
                self.data.a_claimed = Some(c);
                self.data.a_claimed_label = label;
            } else {
                self.data.b_claimed = Some(c);
                self.data.b_claimed_label = label;
            }
        }
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
                sigma,
                bluff,
                answer,
                ..
            } => {
                self.claims[s].add(claimed, sigma, bluff);
                let kind = if bluff {
                    EventKind::Bluff
                } else {
                    said(answer)
                };
                let what = if !price {
                    "alt."
                } else if s == 0 {
                    "max"
                } else {
                    "min"
                };
                let label = format!("{what} {}", self.v(claimed));
                // At its value when that is on the y axis: a price, or A's
                // claimed alternative in A's utility (B's is in B's utility).
                self.talk(round, s, kind, (price || s == 0).then_some(claimed), label);
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
                // Short enough for a column of the talk panel ("body language" was cut).
                let label = format!("leak ~{}", self.v(signal));
                self.talk(round, s, EventKind::Leak, price.then_some(signal), label);
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
            } => self.lie(round, by, revealed),
            Event::WalkAway { round, side: s } => self.data.events.push(TraceEvent {
                x: f64::from(round.max(1)),
                y: None,
                side: side(s),
                kind: EventKind::WalkAway,
                label: if round == 0 {
                    "walks away before the first offer".into()
                } else {
                    "walks away".into()
                },
            }),
            Event::Decline { round, side: s } => {
                self.talk(round, s, EventKind::Decline, None, "declines".into())
            }
            Event::Silent { .. }
            | Event::Accept { .. }
            | Event::Holds { .. }
            | Event::Learns { .. } => {}
        }
        self.after_offer = matches!(e, Event::Offer { .. });
    }

    /// Side `by` catches the other in a lie: a claim (drawn with the talk)
    /// or an offer beyond the claimed limit (drawn at the offer). A true
    /// detection if the other bluffed this run, else a false accusation.
    fn lie(&mut self, round: u32, by: usize, revealed: f64) {
        let liar = 1 - by;
        let (kind, label) = if self.claims[liar].bluff {
            (
                EventKind::DetectedLie,
                format!("catches {} lying", side(liar)),
            )
        } else {
            (
                EventKind::FalseAccusation,
                format!("wrongly accuses {}", side(liar)),
            )
        };
        if self.after_offer {
            self.data.events.push(TraceEvent {
                x: round as f64,
                y: self.price.then_some(revealed),
                side: side(by),
                kind,
                label,
            });
        } else {
            self.talk(round, by, kind, None, label);
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
