//! The simulator's design rules (MODEL.md sections 5 and 7): results depend
//! only on (seed, run index), not on threads, observers or names; all
//! pairings face the same values in run i; and nothing reads the other
//! side's preset, name or parameters.

use super::{config_file, default_exp, from_toml, idx, outcomes};
use crate::helpers::PRESETS;
use negsim::config::Experiment;
use negsim::model::negotiation::{Quiet, Recorder, Table};
use negsim::model::strategy::{Bidding, Move, Policy, Strategy, View};
use negsim::run::tournament::{self, RunOptions, play_pairing, run_rngs};
use std::sync::Arc;

#[test]
fn results_do_not_depend_on_the_thread_count() {
    for mut exp in [default_exp(), config_file("repeated.toml")] {
        exp.runs = 9000; // not a multiple of the chunk size
        let one = tournament::run(&exp, RunOptions { threads: 1 }, &|_| {}, None).unwrap();
        let two = tournament::run(&exp, RunOptions { threads: 2 }, &|_| {}, None).unwrap();
        let three = tournament::run(&exp, RunOptions { threads: 3 }, &|_| {}, None).unwrap();
        assert_eq!(one.pairs, two.pairs, "{}", exp.name);
        assert_eq!(one.pairs, three.pairs, "{}", exp.name);
    }
}

#[test]
fn pairings_face_the_same_private_values() {
    // Common random numbers: run i draws the same values in every pairing.
    let exp = default_exp();
    let first = play_pairing(&exp, 0, 0, 0, 500, true).1;
    for a in 0..4 {
        for b in 0..4 {
            let os = play_pairing(&exp, a, b, 0, 500, true).1;
            for (x, y) in first.iter().zip(&os) {
                assert_eq!(x.private, y.private);
            }
        }
    }
}

#[test]
fn a_recorder_does_not_change_the_outcome() {
    // Quiet and recorded play of the same run give the same outcome, in
    // every pairing, and a trace replays a match's earlier runs so that
    // memory is as in a batch.
    let exp = config_file("repeated.toml");
    for a in PRESETS {
        for b in PRESETS {
            let table = Table::new(
                exp.rules(),
                exp.strategies[idx(&exp, a)].as_ref(),
                exp.strategies[idx(&exp, b)].as_ref(),
            );
            for i in 0..40 {
                let (mut v, mut r) = run_rngs(exp.seed, i);
                let p = exp.scenario.draw(&mut v);
                let quiet = table.play(&p, &mut table.new_memories(), &mut r, &mut Quiet);
                let (mut v, mut r) = run_rngs(exp.seed, i);
                let p = exp.scenario.draw(&mut v);
                let mut rec = Recorder::default();
                let loud = table.play(&p, &mut table.new_memories(), &mut r, &mut rec);
                assert_eq!(
                    format!("{quiet:?}"),
                    format!("{loud:?}"),
                    "{a} vs {b}, run {i}"
                );
                assert!(!rec.0.is_empty());
            }
            let batch = outcomes(&exp, a, b, 45);
            for i in [0u64, 7, 19, 20, 44] {
                let traced = negsim::run::trace::record(&exp, idx(&exp, a), idx(&exp, b), i);
                assert_eq!(
                    format!("{:?}", traced.outcome),
                    format!("{:?}", batch[i as usize]),
                    "{a} vs {b}, run {i}"
                );
            }
        }
    }
}

/// A Rust strategy that plays exactly like `inner` but calls itself
/// something else and lists the parameters of another preset: if anything
/// read the other side's name or listed parameters, its opponents would
/// play differently against it.
struct Impostor {
    inner: Policy,
    claims: Policy,
}

impl Strategy for Impostor {
    fn name(&self) -> &str {
        "impostor"
    }
    fn description(&self) -> String {
        self.claims.description.clone()
    }
    fn parameters(&self) -> Vec<(&'static str, String)> {
        self.claims.params.listing()
    }
    fn initial_trust(&self) -> f64 {
        self.inner.initial_trust()
    }
    fn trust_penalty(&self) -> f64 {
        self.inner.trust_penalty()
    }
    fn reciprocal(&self) -> bool {
        self.inner.reciprocal()
    }
    fn concession(&self) -> f64 {
        self.inner.concession()
    }
    fn concession_speed(&self) -> f64 {
        self.inner.concession_speed()
    }
    fn walk_away(&self) -> f64 {
        self.inner.walk_away()
    }
    fn toughness(&self) -> f64 {
        self.inner.toughness()
    }
    fn bidding(&self) -> Bidding {
        self.inner.bidding()
    }
    fn exchange(&self, view: &View) -> Move {
        self.inner.exchange(view)
    }
    fn answer(&self, view: &View) -> Move {
        self.inner.answer(view)
    }
}

/// The experiment of config `text` with twins of the four presets under
/// other names (config strategies with no overrides) and, as a Rust
/// strategy, guarded posing as probing.
fn with_twins(text: &str) -> Experiment {
    let four = "strategies = [\"open\", \"guarded\", \"mirroring\", \"probing\"]";
    assert!(text.contains(four));
    let mut t = text.replace(
        four,
        "strategies = [\"open\", \"guarded\", \"mirroring\", \"probing\", \"twin-open\", \"twin-guarded\", \"twin-mirroring\", \"twin-probing\"]",
    );
    for p in PRESETS {
        t += &format!(
            "[[strategy]]\nname = \"twin-{p}\"\nbase = \"{p}\"\ndescription = \"someone else\"\n"
        );
    }
    let mut exp = from_toml(&t);
    exp.add_strategy(Arc::new(Impostor {
        inner: Policy::preset("guarded").unwrap(),
        claims: Policy::preset("probing").unwrap(),
    }))
    .unwrap();
    exp
}

#[test]
fn nothing_reads_the_other_sides_name_or_parameters() {
    // A strategy under another name, or lying about its parameters, meets
    // exactly the same play: every outcome of every run is identical, on
    // both seats, in alternating offers (one-shot and repeated), in
    // multi-issue bargaining, and in the double auction (with talk).
    let read = |name: &str| std::fs::read_to_string(crate::helpers::config(name)).unwrap();
    let auction = r#"
name = "auction"
seed = 3
runs = 1000
strategies = ["open", "guarded", "mirroring", "probing"]
[scenario]
kind = "price"
buyer_value = { dist = "uniform", low = 0.0, high = 1.0 }
seller_cost = { dist = "uniform", low = 0.0, high = 1.0 }
[protocol]
kind = "double_auction"
k = 0.5
[match]
runs = 5
"#;
    let setups = [
        ("default", with_twins(&read("default.toml"))),
        ("repeated", with_twins(&read("repeated.toml"))),
        ("integrative", with_twins(&read("integrative.toml"))),
        ("auction", with_twins(auction)),
    ];
    for (what, exp) in &setups {
        for twin in PRESETS
            .iter()
            .map(|p| (p.to_string(), format!("twin-{p}")))
            .chain([("guarded".to_string(), "impostor".to_string())])
        {
            for opp in PRESETS {
                let n = 400;
                let same = |x: &str, y: &str, u: &str, v: &str| {
                    let a = format!("{:?}", outcomes(exp, x, y, n));
                    let b = format!("{:?}", outcomes(exp, u, v, n));
                    assert!(a == b, "{what}: {x} vs {y} differs from {u} vs {v}");
                };
                same(&twin.0, opp, &twin.1, opp);
                same(opp, &twin.0, opp, &twin.1);
            }
        }
    }
}
