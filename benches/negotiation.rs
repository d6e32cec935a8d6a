//! Criterion benchmarks: one negotiation of the default scenario (each
//! ordered pairing of the four presets), and a batch of 10^6 negotiations of
//! the default tournament on all cores (throughput = negotiations/s).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use negsim::config::Experiment;
use negsim::model::negotiation::{Quiet, Table};
use negsim::run::tournament::{self, RunOptions, run_rngs};
use std::hint::black_box;

fn one_negotiation(c: &mut Criterion) {
    let exp = Experiment::default_tournament();
    let mut g = c.benchmark_group("one_negotiation");
    for a in 0..exp.strategies.len() {
        for b in 0..exp.strategies.len() {
            let table = Table::new(
                exp.rules(),
                exp.strategies[a].as_ref(),
                exp.strategies[b].as_ref(),
            );
            let name = format!(
                "{}_vs_{}",
                exp.strategies[a].name(),
                exp.strategies[b].name()
            );
            let mut i = 0u64;
            g.bench_function(name, |bench| {
                bench.iter(|| {
                    i += 1;
                    let (mut v, mut r) = run_rngs(exp.seed, i);
                    let p = exp.scenario.draw(&mut v);
                    let mut memory = table.new_memories();
                    black_box(table.play(&p, &mut memory, &mut r, &mut Quiet))
                })
            });
        }
    }
    g.finish();
}

fn batch(c: &mut Criterion) {
    let mut exp = Experiment::default_tournament();
    exp.runs = 62_500; // x 16 pairings = 10^6 negotiations
    let mut g = c.benchmark_group("batch");
    g.sample_size(10);
    g.throughput(Throughput::Elements(exp.runs * 16));
    g.bench_function("default_tournament_1e6", |bench| {
        bench.iter(|| {
            black_box(
                tournament::run(&exp, RunOptions::default(), &|_| {}, None)
                    .unwrap()
                    .negotiations,
            )
        })
    });
    g.finish();
}

criterion_group!(benches, one_negotiation, batch);
criterion_main!(benches);
