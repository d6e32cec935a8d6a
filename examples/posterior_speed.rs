use negsim::model::posterior::{Evidence, Facet, Favour, Prior};
use std::time::Instant;
fn main() {
    let f = Facet::with_default_bluff(Prior::uniform(0.0, 1.0), Favour::Low);
    let sd = 1.0 / 12f64.sqrt();
    let cases: Vec<(&str, Box<dyn Fn(f64) -> Evidence>)> = vec![
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
    ];
    for (name, mk) in &cases {
        let n = 200000;
        let t = Instant::now();
        let mut acc = 0.0;
        for k in 0..n {
            let y = 0.05 + 0.9 * ((k * 7919) % 1000) as f64 / 1000.0;
            let ev = mk(y);
            let b = f.belief(&ev);
            acc += b.trust();
            if k % 2 == 0 {
                acc += b.mean_below(0.6) + b.prob_below(0.6) + b.sd() + b.info_bits(0.5);
            }
        }
        println!(
            "{name}: {:.2} us ({acc:.1})",
            t.elapsed().as_secs_f64() * 1e6 / n as f64
        );
    }
}
