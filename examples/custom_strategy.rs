//! A strategy written in Rust: "tit-for-tat talker". It opens with a truthful,
//! moderately precise confidence about its reservation, then confides only
//! after the other side disclosed something in its last turn, always asks,
//! answers only while it has not given more than half a bit beyond what it
//! believes it received, and after catching a lie stops talking (the engine
//! then also cuts its trust by its `trust_penalty`).
//!
//! What it hears is turned into beliefs by the engine (Bayesian, with its
//! trust as the prior probability that the other is honest); its offers,
//! acceptance and walking away follow from those beliefs and the numbers it
//! returns below. Nothing tells it the other side's strategy.
//!
//! Run: `cargo run --release --example custom_strategy`

use negsim::config::Experiment;
use negsim::model::strategy::{Claim, Move, Strategy, View};
use negsim::{output, run::tournament};
use std::sync::Arc;

struct TitForTatTalker;

impl TitForTatTalker {
    /// An honest claim with stated noise `sigma` prior sds.
    fn honest(sigma: f64) -> Claim {
        Claim { sigma, bluff: 0.0 }
    }
}

impl Strategy for TitForTatTalker {
    fn name(&self) -> &str {
        "tit-for-tat"
    }

    fn description(&self) -> String {
        "confides truthfully when the other side did, always asks, silent after a lie".into()
    }

    fn parameters(&self) -> Vec<(&'static str, String)> {
        vec![
            ("precision", "0.3".into()),
            ("answer_precision", "0.5".into()),
            ("trust", "0.8".into()),
            ("trust_penalty", "0.5".into()),
        ]
    }

    fn initial_trust(&self) -> f64 {
        0.8
    }

    fn trust_penalty(&self) -> f64 {
        0.5
    }

    fn exchange(&self, view: &View) -> Move {
        let talk = view.lies_detected == 0 && (view.round == 0 || view.opponent_disclosed);
        let claim = Self::honest(0.3);
        Move {
            reservation: talk.then_some(claim),
            weights: (talk && view.has_weights).then_some(claim),
            ask: true,
        }
    }

    fn answer(&self, view: &View) -> Move {
        if view.lies_detected == 0 && view.balance() >= -0.5 {
            Move {
                reservation: Some(Self::honest(0.5)),
                ..Move::SILENT
            }
        } else {
            Move::SILENT
        }
    }
}

fn main() -> negsim::Result<()> {
    let mut exp = Experiment::default_tournament();
    exp.runs = 20_000;
    exp.add_strategy(Arc::new(TitForTatTalker))?;
    let res = tournament::run(&exp, Default::default(), &|_| {}, None)?;
    println!(
        "{} negotiations in {:.2} s\n",
        res.negotiations, res.elapsed
    );
    println!("rank  strategy      mean surplus  ± 95% CI  deal rate");
    for r in output::ranking(&res) {
        println!(
            "{:>4}  {:<12}  {:>12.0}  {:>8.0}  {:>9.3}",
            r.rank, r.strategy, r.surplus_mean, r.surplus_ci95, r.deal_rate
        );
    }
    Ok(())
}
