//! Time the belief engine on the listener cases the tournament meets: a
//! belief and, every other time, the functionals a strategy asks for.
//! `cargo run --release --example posterior_speed`

use negsim::model::posterior::{Evidence, Facet, Favour, Prior};
use std::time::Instant;

/// A named way to build evidence from a claimed value.
type Case<'a> = (&'static str, Box<dyn Fn(f64) -> Evidence + 'a>);

fn main() {
    let f = Facet::with_default_bluff(Prior::uniform(0.0, 1.0), Favour::Low);
    let sd = 1.0 / 12f64.sqrt();
    let cases: Vec<Case> = vec![
        (
            "trust1 3 noisy claims",
            Box::new(|y| {
                let mut e = Evidence::new(&f, 1.0);
                for _ in 0..3 {
                    e.claim(y, 0.1 * sd).unwrap();
                }
                e
            }),
        ),
        (
            "trust.3 3 noisy claims",
            Box::new(|y| {
                let mut e = Evidence::new(&f, 0.3);
                for _ in 0..3 {
                    e.claim(y, 0.1 * sd).unwrap();
                }
                e
            }),
        ),
        (
            "trust.3 exact",
            Box::new(|y| {
                let mut e = Evidence::new(&f, 0.3);
                e.claim(y, 0.0).unwrap();
                e
            }),
        ),
        (
            "trust.3 leak only",
            Box::new(|y| {
                let mut e = Evidence::new(&f, 0.3);
                e.leak(y, 2.0 * sd);
                e
            }),
        ),
        (
            "trust.3 claims+leak",
            Box::new(|y| {
                let mut e = Evidence::new(&f, 0.3);
                for _ in 0..3 {
                    e.claim(y, 0.1 * sd).unwrap();
                }
                e.leak(y, 2.0 * sd);
                e
            }),
        ),
        (
            "trust.3 vague answers",
            Box::new(|y| {
                let mut e = Evidence::new(&f, 0.3);
                for _ in 0..3 {
                    e.claim(y, 1.5 * sd).unwrap();
                }
                e
            }),
        ),
        (
            "trust.3 censored leak",
            Box::new(|y| {
                let mut e = Evidence::new(&f, 0.3);
                e.leak(if y < 0.5 { 0.0 } else { 1.0 }, 2.0 * sd);
                e
            }),
        ),
        (
            "trust.3 claims+censored leak",
            Box::new(|y| {
                let mut e = Evidence::new(&f, 0.3);
                for _ in 0..3 {
                    e.claim(y, 0.1 * sd).unwrap();
                }
                e.leak(if y < 0.5 { 0.0 } else { 1.0 }, 2.0 * sd);
                e
            }),
        ),
        (
            "trust.3 censored vague answer",
            Box::new(|y| {
                let mut e = Evidence::new(&f, 0.3);
                e.claim(if y < 0.5 { 0.0 } else { 1.0 }, 1.5 * sd).unwrap();
                e.claim(y, 1.5 * sd).unwrap();
                e
            }),
        ),
    ];
    // Rounds of 1,000 beliefs (the 1,000 claim values once each): the
    // fastest round is the cost on a quiet machine (others may share it),
    // the median what a loaded one gives.
    let (rounds, per) = (200, 1000);
    for (name, mk) in &cases {
        let mut acc = 0.0;
        let mut times = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let t = Instant::now();
            for k in 0..per {
                let y = 0.05 + 0.9 * ((k * 7919) % 1000) as f64 / 1000.0;
                let ev = mk(y);
                let b = f.belief(&ev);
                acc += b.trust();
                if k % 2 == 0 {
                    acc += b.mean_below(0.6) + b.prob_below(0.6) + b.sd() + b.info_bits(0.5);
                }
            }
            times.push(t.elapsed().as_secs_f64() * 1e6 / per as f64);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{name}: {:.2} us (median {:.2}; {:.1})",
            times[0],
            times[rounds / 2],
            acc / rounds as f64
        );
    }
}
