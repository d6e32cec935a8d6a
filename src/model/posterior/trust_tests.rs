//! [`Facet::trust_given`]: the posterior trust after offer bounds and a
//! trust penalty, read off an earlier belief, against the belief computed
//! from scratch.

use super::*;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

#[test]
fn trust_read_off_an_earlier_belief_matches_the_belief_from_scratch() {
    let facets = facets();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
    // Worst |difference| with closed forms on both branches, and overall.
    let (mut closed, mut any, mut checked) = (0.0f64, 0.0f64, 0);
    // Cases answered without recomputing the belief, with and without
    // censored evidence (cells).
    let (mut fast_cells, mut fast_closed) = (0, 0);
    for case in 0..4000 {
        let facet = &facets[case % facets.len()];
        let (lo, hi) = facet.prior().support();
        let (truth, mut ev) = talked(
            &mut rng,
            facet,
            &[0.3, 0.5, 0.9, 0.05],
            &[0.0, 0.5, 1.0],
            &[0.0, 0.1, 0.5, 1.5],
            4,
        );
        let tau0 = ev.trust;
        let censored = ev.claims_censored.n > 0 || ev.leaks_censored.n > 0;
        let before = facet.belief(&ev);
        // Offers the speaker could make: bounds on the truth's side.
        offers(&mut rng, facet, &mut ev, truth);
        if rng.random::<f64>() < 0.2 {
            ev.set_trust(tau0 * [0.5, 0.0][rng.random_range(0..2)]);
        }
        let (l, u) = (lo.max(ev.lower), hi.min(ev.upper));
        let read_off = before.trust_within(l, u, ev.trust).is_some();
        fast_cells += usize::from(read_off && censored);
        fast_closed += usize::from(read_off && !censored);
        let fast = facet.trust_given(&ev, &before);
        let slow = facet.belief(&ev).trust();
        let d = (fast - slow).abs();
        any = any.max(d);
        if !censored && facet.prior.shape != super::prior::Shape::Cells {
            closed = closed.max(d);
        }
        checked += 1;
    }
    assert_eq!(checked, 4000);
    assert!(
        fast_closed > 1000 && fast_cells > 200,
        "read off: {fast_closed} closed, {fast_cells} on cells"
    );
    assert!(closed < 1e-9, "closed forms: worst difference {closed}");
    assert!(any < 2e-4, "cells: worst difference {any}");
}

/// [`Facet::belief_after`] reuses the bluff convolution of censored claims
/// when offers have only narrowed the bounds, and gives the belief computed
/// from scratch (up to the rounding of a convolution computed on the wider
/// range); with other claims it computes afresh.
#[test]
fn belief_after_reuses_the_convolution_and_agrees_with_a_fresh_belief() {
    for favour in [Favour::High, Favour::Low] {
        let facet = Facet::with_default_bluff(Prior::uniform(40_000.0, 60_000.0), favour);
        let edge = if favour == Favour::High {
            60_000.0
        } else {
            40_000.0
        };
        let mut ev = Evidence::new(&facet, 0.5);
        // Bluffed claims beyond the edge are stated as the edge: censored.
        ev.claim(edge, 3_000.0).unwrap();
        ev.claim(edge, 5_000.0).unwrap();
        ev.claim(51_000.0, 4_000.0).unwrap();
        let first = facet.belief(&ev);
        assert!(first.conv.is_some(), "censored claims take the convolution");
        ev.offer(Bound::AtLeast(44_000.0));
        ev.offer(Bound::AtMost(57_500.0));
        let fresh = facet.belief(&ev);
        let reused = facet.belief_after(&ev, &first);
        let (c0, c1) = (first.conv.as_ref().unwrap(), reused.conv.as_ref().unwrap());
        assert_eq!(c0.values, c1.values, "the convolution is reused");
        assert!((fresh.trust() - reused.trust()).abs() < 1e-9);
        assert!((fresh.mean() - reused.mean()).abs() < 1e-9 * 20_000.0);
        assert!((fresh.cdf(50_000.0) - reused.cdf(50_000.0)).abs() < 1e-9);
        // Other claims: computed afresh, the same as from scratch.
        ev.claim(edge, 2_000.0).unwrap();
        let other = facet.belief_after(&ev, &first);
        let scratch = facet.belief(&ev);
        assert_ne!(other.conv.as_ref().unwrap().censored, c0.censored);
        assert_eq!(other.trust(), scratch.trust());
        assert_eq!(other.mean(), scratch.mean());
    }
}

/// A belief certain of honesty or of a bluff (a prior trust of 0 or 1, or
/// claims that rule a branch out) keeps its certainty under narrower bounds
/// and a lower prior trust: the trust read off it equals the belief's from
/// scratch exactly, and it is read off in most such cases.
#[test]
fn certain_trust_is_read_off_exactly() {
    // (closed forms and cells, not the beta prior's cells)
    let facets = &facets()[..3];
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
    let (mut certain, mut read_off) = (0, 0);
    for case in 0..6000 {
        let facet = &facets[case % facets.len()];
        let (lo, hi) = facet.prior().support();
        let (truth, mut ev) = talked(
            &mut rng,
            facet,
            &[0.0, 1.0, 0.5],
            &[0.0, 1.0, 3.0],
            &[0.0, 0.1, 0.5],
            3,
        );
        let tau0 = ev.trust;
        let before = facet.belief(&ev);
        if before.trust() != 0.0 && before.trust() != 1.0 {
            continue;
        }
        certain += 1;
        offers(&mut rng, facet, &mut ev, truth);
        if rng.random::<f64>() < 0.3 {
            ev.set_trust(tau0 * [0.5, 0.0][rng.random_range(0..2)]);
        }
        let (l, u) = (lo.max(ev.lower), hi.min(ev.upper));
        read_off += usize::from(before.trust_within(l, u, ev.trust).is_some());
        let fast = facet.trust_given(&ev, &before);
        let slow = facet.belief(&ev).trust();
        assert_eq!(
            fast.to_bits(),
            slow.to_bits(),
            "case {case}: {fast} against {slow}"
        );
    }
    assert!(certain > 2000, "{certain} certain beliefs");
    assert!(
        read_off * 10 > certain * 7,
        "read off {read_off} of {certain}"
    );
}

/// A trust of 0 that only underflowed is not certainty: bounds that rule the
/// bluff out bring honesty back, and the read-off must see it.
#[test]
fn a_trust_that_underflowed_is_recomputed() {
    let facet = Facet::with_default_bluff(Prior::uniform(0.0, 1.0), Favour::High);
    let mut ev = Evidence::new(&facet, 0.5);
    ev.claim(0.9, 0.0).unwrap();
    // A precise hint far below the exact claim: honesty (r = 0.9) is
    // e^-245000 less likely than a bluff from near 0.2.
    ev.leak(0.2, 0.001);
    let before = facet.belief(&ev);
    assert_eq!(before.trust(), 0.0);
    // A bluffer's value is below its claim: r >= 0.9 leaves only honesty.
    ev.offer(Bound::AtLeast(0.9));
    assert_eq!(facet.belief(&ev).trust(), 1.0);
    assert_eq!(facet.trust_given(&ev, &before), 1.0);
}

/// The facets of these tests: uniform priors favouring each direction (one
/// on a price scale), a normal prior, and a beta prior (cells).
fn facets() -> [Facet; 4] {
    [
        Facet::with_default_bluff(Prior::uniform(0.0, 1.0), Favour::High),
        Facet::with_default_bluff(Prior::uniform(40_000.0, 60_000.0), Favour::Low),
        Facet::with_default_bluff(Prior::normal(10.0, 2.0), Favour::Low),
        Facet::new(Prior::beta(0.7, 3.0, 0.0, 1.0), Favour::High, 0.05),
    ]
}

/// A truth drawn uniformly on the support and evidence held with a prior
/// trust drawn from `taus`, holding claims about the truth shifted in the
/// speaker's favour by one of `shifts` (prior sds), each with one of
/// `noises` (prior sds), 1 to `most - 1` of them, and a leak half of the
/// time.
fn talked(
    rng: &mut Xoshiro256PlusPlus,
    facet: &Facet,
    taus: &[f64],
    shifts: &[f64],
    noises: &[f64],
    most: usize,
) -> (f64, Evidence) {
    let (lo, hi) = facet.prior().support();
    let truth = lo + rng.random::<f64>() * (hi - lo);
    let mut ev = Evidence::new(facet, taus[rng.random_range(0..taus.len())]);
    let sd = facet.prior().sd();
    let shift = facet.favour.sign() * sd * shifts[rng.random_range(0..shifts.len())];
    for _ in 0..rng.random_range(1..most) {
        let s = noises[rng.random_range(0..noises.len())] * sd;
        let z: f64 = rng.random::<f64>() * 2.0 - 1.0;
        let _ = ev.claim((truth + shift + s * z).clamp(lo, hi), s);
    }
    if rng.random::<bool>() {
        let z: f64 = rng.random::<f64>() * 2.0 - 1.0;
        ev.leak((truth + 2.0 * sd * z).clamp(lo, hi), 2.0 * sd);
    }
    (truth, ev)
}

/// One to three offer bounds the speaker could make (on the truth's side).
fn offers(rng: &mut Xoshiro256PlusPlus, facet: &Facet, ev: &mut Evidence, truth: f64) {
    let sd = facet.prior().sd();
    for _ in 0..rng.random_range(1..4) {
        let gap = rng.random::<f64>() * sd;
        ev.offer(if rng.random::<bool>() {
            Bound::AtLeast(truth - gap)
        } else {
            Bound::AtMost(truth + gap)
        });
    }
}

/// When offer bounds cut a cell holding more than 1e-4 of a branch's mass,
/// the trust is read off with the cut cells re-averaged (their kept part by
/// the cell rules the belief uses): it matches the belief recomputed on the
/// new bounds (as the fallback did) to rounding, where the uniform-within-
/// cell reading is off by up to about 5e-2; by up to 3e-6 (the cells'
/// accuracy) where the narrower bounds let the recomputed belief take a
/// closed form instead of cells.
#[test]
fn cut_cells_re_averaged_give_the_trust_of_the_belief_from_scratch() {
    let facets = facets();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(29);
    let (mut recut, mut worst, mut worst_any, mut worst_uniform) = (0, 0.0f64, 0.0f64, 0.0f64);
    for case in 0..6000 {
        let facet = &facets[case % facets.len()];
        let (lo, hi) = facet.prior().support();
        let (truth, mut ev) = talked(
            &mut rng,
            facet,
            &[0.3, 0.5, 0.9],
            &[0.0, 0.5, 1.0],
            &[0.0, 0.1, 0.5, 1.5],
            4,
        );
        let before = facet.belief(&ev);
        offers(&mut rng, facet, &mut ev, truth);
        let (l, u) = (lo.max(ev.lower), hi.min(ev.upper));
        if l > u || before.trust_within(l, u, ev.trust).is_some() {
            continue;
        }
        let Some(read_off) =
            before.trust_within_recut(l, u, ev.trust, |k, c| facet.recut(&ev, k, c))
        else {
            continue;
        };
        // (the belief recomputed as the fallback did: reusing the earlier
        // belief's bluff convolution)
        let slow = facet.belief_after(&ev, &before).trust();
        assert_eq!(facet.trust_given(&ev, &before), read_off, "case {case}");
        // (the recomputed belief may take a closed form the earlier one had
        // to leave for cells, on the wider bounds: then they differ by the
        // cells' accuracy)
        let fresh = facet.belief_after(&ev, &before);
        if fresh.kinds() == before.kinds() {
            worst = worst.max((read_off - slow).abs());
            recut += 1;
        }
        worst_any = worst_any.max((read_off - slow).abs());
        let uniform = before.trust_within_recut(l, u, ev.trust, |_, _| Some(0.0));
        if let Some(t) = uniform {
            worst_uniform = worst_uniform.max((t - slow).abs());
        }
    }
    eprintln!(
        "{recut} re-averaged alike; worst {worst:.1e}, {worst_any:.1e} in all \
         (uniform cells: {worst_uniform:.1e})"
    );
    assert!(recut > 300, "re-averaged cases: {recut}");
    assert!(worst < 1e-12, "worst difference {worst}");
    assert!(
        worst_any < 1e-5,
        "worst difference, other kinds {worst_any}"
    );
    assert!(
        worst_uniform > 1e-5,
        "the uniform reading differs: {worst_uniform}"
    );
}
