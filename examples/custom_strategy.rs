//! A strategy written in Rust: "tit-for-tat talker". It opens with a truthful,
//! moderately precise confidence about its reservation, then confides only
//! after the other side disclosed something in its last turn, always asks,
//! answers only while it is not behind, and after catching a lie stops
//! talking and trusts half as much.
//!
//! Run: `cargo run --release --example custom_strategy`

use negsim::config::Experiment;
use negsim::model::strategy::{Claim, Memory, Move, Strategy, View};
use negsim::{output, run::tournament};
use std::sync::Arc;

struct TitForTatTalker;

impl Strategy for TitForTatTalker {
    fn name(&self) -> &str {
        "tit-for-tat"
    }

    fn description(&self) -> String {
        "confides truthfully when the other side did, always asks, silent after a lie".into()
    }

    fn parameters(&self) -> Vec<(&'static str, String)> {
        vec![("precision", "0.3".into()), ("trust", "0.8".into())]
    }

    fn initial_trust(&self) -> f64 {
        0.8
    }

    fn exchange(&self, view: &View) -> Move {
        let honest = Claim {
            sigma: 0.3,
            bluff: 0.0,
        };
        let talk = view.memory.lies_detected == 0 && (view.round == 0 || view.opponent_disclosed);
        Move {
            reservation: talk.then_some(honest),
            weights: (talk && view.has_weights).then_some(honest),
            ask: true,
        }
    }

    fn answer(&self, view: &View) -> Move {
        if view.memory.lies_detected == 0 && view.memory.balance() >= -0.5 {
            Move {
                reservation: Some(Claim {
                    sigma: 0.5,
                    bluff: 0.0,
                }),
                ..Move::SILENT
            }
        } else {
            Move::SILENT
        }
    }

    fn on_lie_detected(&self, memory: &mut Memory) {
        memory.trust *= 0.5;
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
