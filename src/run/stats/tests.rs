use super::*;

#[test]
fn moments_match_two_pass_formulas() {
    let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
    let mut m = Moments::default();
    xs.iter().for_each(|&x| m.push(x));
    assert_eq!(m.n, 8);
    assert!((m.mean() - 5.0).abs() < 1e-12);
    // Sum of squared deviations 32, sample variance 32/7.
    assert!((m.sd() - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
    assert!((m.ci95() - 1.959963984540054 * (32.0f64 / 7.0).sqrt() / 8f64.sqrt()).abs() < 1e-12);
    m.push(f64::NAN);
    assert_eq!(m.n, 8);
}

#[test]
fn pooled_efficiency_interval_is_the_ratio_estimators_delta_method() {
    // Three clusters (joint, possible joint): (1, 2), (3, 3), (0, 1):
    // pooled 4 / 6; residuals y - m n: -1/3, 1, -2/3, squares 14/9.
    let mut c = ClusterMean::default();
    for (y, n) in [(1.0, 2.0), (3.0, 3.0), (0.0, 1.0)] {
        c.push_ratio(y, n);
        c.push_ratio(f64::NAN, 1.0);
        c.close();
    }
    assert!((c.mean() - 4.0 / 6.0).abs() < 1e-15);
    let want = Z95 * (1.5f64 * 14.0 / 9.0).sqrt() / 6.0;
    assert!((c.ci95() - want).abs() < 1e-14, "{} vs {want}", c.ci95());
    // Runs as clusters, as a pairing of one-run matches keeps them.
    let mut runs = ClusterMean::default();
    [(1.0, 2.0), (3.0, 3.0), (0.0, 1.0)]
        .iter()
        .for_each(|&(y, n)| runs.add_cluster(y, n));
    assert_eq!(runs.ci95(), c.ci95());
}

#[test]
fn asymmetry_bins_are_bits_wide_per_facet_and_centred_on_zero() {
    let price = PairStats::new(1);
    assert_eq!(price.asym_edges(), (-12.5, 1.0));
    assert_eq!(price.asym_bin(0.0), Some(ASYM_BINS / 2));
    assert_eq!(price.asym_bin(-0.49), Some(ASYM_BINS / 2));
    assert_eq!(price.asym_bin(0.5), Some(ASYM_BINS / 2 + 1));
    assert_eq!(price.asym_bin(-12.0), Some(0));
    assert_eq!(price.asym_bin(12.0), Some(ASYM_BINS - 1));
    assert_eq!(price.asym_bin(f64::NAN), None);
    let three = PairStats::with_facets(1, 3);
    assert_eq!(three.asym_edges(), (-37.5, 3.0));
    assert_eq!(three.asym_bin(36.0), Some(ASYM_BINS - 1));
    assert_eq!(three.asym_bin(-1.4), Some(ASYM_BINS / 2));
}

#[test]
fn student_t_p_values_match_tables() {
    // Cauchy (1 df): P(|T| >= 1) = 1/2 exactly.
    assert!((student_two_sided(1.0, 1.0) - 0.5).abs() < 1e-12);
    // t(10): 2.228139 is the two-sided 5% point; P(|T| >= 2) = 0.073388.
    assert!((student_two_sided(2.228_138_852, 10.0) - 0.05).abs() < 1e-8);
    assert!((student_two_sided(-2.0, 10.0) - 0.073_388_03).abs() < 1e-7);
    assert_eq!(student_two_sided(0.0, 5.0), 1.0);
    assert_eq!(student_two_sided(f64::INFINITY, 5.0), 0.0);
    let paired = |sums: &[f64]| {
        let mut d = ClusterMean::default();
        sums.iter().for_each(|&y| d.add_cluster(y, 2.0));
        Paired {
            mean: [0.0, 0.0],
            diff: d,
        }
    };
    assert!(paired(&[0.0, 0.0, 0.0]).p_value().is_nan(), "a tie");
    assert_eq!(paired(&[4.0, 4.0]).p_value(), 0.0, "a constant difference");
    // Equal clusters: the t test on cluster means 1, 2, 6 (sums of 2):
    // mean 3, sample variance 7.
    let t = 3.0 / (7.0f64 / 3.0).sqrt();
    let p = paired(&[2.0, 4.0, 12.0]).p_value();
    assert!((p - student_two_sided(t, 2.0)).abs() < 1e-12, "{p}");
}

#[test]
fn long_matches_group_positions_into_at_most_a_hundred_entries() {
    let short = PairStats::new(7);
    assert_eq!(short.by_position.len(), 7);
    assert_eq!(
        (0..7).map(|s| short.positions(s)).collect::<Vec<_>>()[6],
        (7, 7)
    );
    for e in [100u32, 101, 250, 100_000] {
        let s = PairStats::new(e);
        assert_eq!(s.by_position.len(), (e as usize).min(MAX_POSITIONS));
        // Every position falls in the entry whose range holds it, and
        // the ranges tile 1..=e.
        let mut next = 1;
        for slot in 0..s.by_position.len() {
            let (a, b) = s.positions(slot);
            assert_eq!(a, next, "e {e} slot {slot}");
            assert!(b >= a);
            for p in [a, b] {
                assert_eq!(s.position_slot(p - 1), slot, "e {e} position {p}");
            }
            next = b + 1;
        }
        assert_eq!(next, e + 1);
    }
}

#[test]
fn merge_equals_sequential() {
    let xs: Vec<f64> = (0..1000)
        .map(|i| ((i * 7919) % 1013) as f64 / 10.0)
        .collect();
    let mut all = Moments::default();
    xs.iter().for_each(|&x| all.push(x));
    let mut a = Moments::default();
    let mut b = Moments::default();
    xs[..333].iter().for_each(|&x| a.push(x));
    xs[333..].iter().for_each(|&x| b.push(x));
    a.merge(&b);
    assert_eq!(a.n, all.n);
    assert!((a.mean() - all.mean()).abs() < 1e-10);
    assert!((a.sd() - all.sd()).abs() < 1e-10);
    let mut e = Moments::default();
    e.merge(&all);
    assert_eq!(e, all);
}
