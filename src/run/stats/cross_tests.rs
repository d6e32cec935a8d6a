//! Tests of the within-pairing fit's sums (`cross.rs`).

use super::*;

/// Lanes give each sum the bits of a sum over the vectors in order,
/// whatever the row's length and where its last eight start.
#[test]
fn lanes_give_the_bits_of_sums_taken_one_at_a_time() {
    let mut block = Block::<PAIRS>::boxed();
    for r in 0..B {
        let v = block.next();
        for (j, x) in v.iter_mut().enumerate() {
            // Values whose products and sums round.
            *x = ((r * 31 + j * 17) % 23) as f64 / 7.0 - 1.3;
        }
    }
    let mut acc = vec![0.25; FOURTH];
    block.add_to(&FIRST, &USED, &mut acc);
    let mut at = 0;
    for i in 0..PAIRS {
        for j in FIRST[i]..PAIRS {
            let want = if USED[i] {
                let mut s = 0.0;
                for run in &block.runs {
                    s += run[i] * run[j];
                }
                0.25 + s
            } else {
                0.25
            };
            assert_eq!(acc[at].to_bits(), want.to_bits(), "row {i}, entry {j}");
            at += 1;
        }
    }
    assert_eq!(at, FOURTH);
}

/// The quantities of run `r` (a constant first).
fn quantities(r: usize) -> [f64; Z] {
    std::array::from_fn(|i| {
        if i == 0 {
            1.0
        } else {
            ((r * 7 + i * 3) % 11) as f64 * 0.5 - 1.0
        }
    })
}

#[test]
fn within_cross_sums_are_the_direct_sums_for_runs_and_matches() {
    // 40 runs: two full blocks and a partial one.
    for size in [1, 3] {
        let mut c = Cross::default();
        let mut sum = [0.0; M];
        let mut cross = vec![0.0; GENERAL];
        let mut open = [0.0; M];
        for r in 0..40 {
            let u = quantities(r);
            let close = (r + 1) % size == 0;
            c.push(&u, close);
            for (i, x) in open.iter_mut().enumerate() {
                *x += u[i / Z] * u[i % Z];
            }
            if close || r == 39 {
                for p in 0..M {
                    sum[p] += open[p];
                    for q in p..M {
                        cross[row_start(M, p) + q - p] += open[p] * open[q];
                    }
                }
                open = [0.0; M];
            }
        }
        c.close_open();
        c.settle();
        assert_eq!(c.clusters(), 40 / size as u64 + u64::from(size == 3));
        let got = c.sum();
        for i in 0..M {
            assert!((got[i] - sum[i]).abs() < 1e-9, "{size}: sum {i}");
        }
        // Each quadratic form picks one entry of the general form.
        for p in (0..M).step_by(7) {
            for q in (p..M).step_by(5) {
                let (mut e, mut f) = ([0.0; M], [0.0; M]);
                e[p] = 1.0;
                f[p] = 1.0;
                f[q] += 1.0;
                let entry = if p == q {
                    c.quad(&e)
                } else {
                    let mut g = [0.0; M];
                    g[q] = 1.0;
                    (c.quad(&f) - c.quad(&e) - c.quad(&g)) / 2.0
                };
                let want = cross[row_start(M, p) + q - p];
                assert!(
                    (entry - want).abs() < 1e-9 * want.abs().max(1.0),
                    "{size}: {p} {q}"
                );
            }
        }
    }
}
