//! Everything stays inside the prior's support (MODEL.md section 3): claims
//! (a bluff or noise beyond an edge is stated as the edge), leaks, offers,
//! and beliefs, whatever is said.

use super::{HI, LO, price, record};
use crate::helpers::PRESETS;
use negsim::model::negotiation::Event;
use negsim::model::posterior::{Bound, CELLS, Evidence, Facet, Favour, Prior};
use negsim::run::tournament::run_rngs;
use rand_distr::{Distribution, StandardNormal};

#[test]
fn claims_leaks_offers_and_beliefs_stay_inside_the_support_even_with_a_five_sd_bluff() {
    let exp = price(
        "[[strategy]]\nname = \"wild\"\nbase = \"probing\"\nbluff = 5.0\n",
        &["wild"],
    );
    let inside = |x: f64| (LO..=HI).contains(&x);
    let mut names = PRESETS.to_vec();
    names.push("wild");
    let mut edge_claims = 0;
    for &a in &names {
        for &b in &names {
            for run in 0..150 {
                let (events, o) = record(&exp, a, b, run);
                let what = format!("{a} vs {b}, run {run}");
                for e in &events {
                    match *e {
                        Event::Reservation {
                            side,
                            claimed,
                            answer,
                            ..
                        } => {
                            assert!(inside(claimed), "{what}: {e:?}");
                            // A 5-sd bluff with 0.1-sd noise is always beyond
                            // the edge in its favour: stated as the edge.
                            let wild = [a, b][side] == "wild";
                            if wild && !answer {
                                assert_eq!(claimed, if side == 0 { LO } else { HI }, "{what}");
                                edge_claims += 1;
                            }
                        }
                        Event::Leak { signal, .. } => assert!(inside(signal), "{what}: {e:?}"),
                        Event::Offer { value, belief, .. } => {
                            assert!(inside(value), "{what}: {e:?}");
                            assert!(
                                inside(belief.0) && belief.1 <= (HI - LO) / 2.0,
                                "{what}: {e:?}"
                            );
                        }
                        Event::FormalStart { beliefs } => {
                            for (m, s) in beliefs {
                                assert!(inside(m) && s <= (HI - LO) / 2.0, "{what}: {e:?}");
                            }
                        }
                        Event::LieDetected { claimed, .. } => {
                            assert!(inside(claimed), "{what}: {e:?}")
                        }
                        _ => {}
                    }
                }
                if o.deal {
                    let (v, c) = (o.private.reservation[0], o.private.reservation[1]);
                    assert!(o.price >= c && o.price <= v, "{what}: {o:?}");
                }
            }
        }
    }
    // wild sits on 10 of the 25 pairings, 3 confidences a run.
    assert_eq!(edge_claims, 10 * 150 * 3);
}

/// The priors the engine meets: uniform, truncated normal, normal (on +-4
/// sd) and a skewed one given by its cells.
fn priors() -> Vec<Prior> {
    vec![
        Prior::uniform(0.0, 1.0),
        Prior::uniform(LO, HI),
        Prior::truncated_normal(50000.0, 6000.0, 35000.0, 65000.0),
        Prior::normal(0.0, 1.0),
        Prior::beta(2.0, 5.0, 0.0, 1.0),
    ]
}

#[test]
fn beliefs_put_no_mass_outside_the_support_nor_beyond_an_offer_whatever_is_said() {
    // Random evidence of every kind the engine records: honest and bluffed
    // claims (exact, precise, vague, censored at an edge), censored leaks,
    // offer bounds, any trust. The posterior's cells sum to 1, nothing lies
    // below the support's low end or above its high end, nothing beyond an
    // offer bound, and an exact claim heard with full trust is a point mass.
    let noises = [0.0, 0.05, 0.3, 1.5];
    let mut beliefs = 0;
    for (p, prior) in priors().into_iter().enumerate() {
        let (lo, hi) = prior.support();
        let sd = prior.sd();
        for favour in [Favour::Low, Favour::High] {
            let facet = Facet::with_default_bluff(prior.clone(), favour);
            let f = favour.sign();
            for i in 0..1500u64 {
                let (mut rng, _) = run_rngs(7 + p as u64, i);
                let mut z = || -> f64 { StandardNormal.sample(&mut rng) };
                let truth = lo + (hi - lo) * (0.5 + 0.49 * z().tanh());
                let trust = [0.0, 0.3, 0.7, 1.0][(i % 4) as usize];
                let shift = if i % 3 == 0 {
                    0.0
                } else {
                    f * z().abs() * sd * 1.5
                };
                let mut ev = Evidence::new(&facet, trust);
                let mut exact = None;
                let claims = (i / 4 % 5) as usize;
                for k in 0..claims {
                    let s = noises[(i as usize + k) % 4] * sd;
                    let y = (truth + shift + s * z()).clamp(lo, hi);
                    if ev.claim(y, s).is_ok() && s == 0.0 {
                        exact = Some(y);
                    }
                }
                for _ in 0..(i % 3) {
                    ev.leak((truth + 2.0 * sd * z()).clamp(lo, hi), 2.0 * sd);
                }
                // An offer bound the truth (and an exact claim) satisfies.
                let mut bound = None;
                if i % 2 == 1 {
                    let gap = z().abs() * sd;
                    bound = Some(if f < 0.0 {
                        Bound::AtLeast((truth.min(exact.unwrap_or(hi)) - gap).max(lo))
                    } else {
                        Bound::AtMost((truth.max(exact.unwrap_or(lo)) + gap).min(hi))
                    });
                    ev.offer(bound.unwrap());
                }
                let b = facet.belief(&ev);
                let what = format!("prior {p}, {favour:?}, case {i}: {ev:?}");
                let total: f64 = (0..CELLS).map(|c| b.cell_prob(c)).sum();
                assert!((total - 1.0).abs() < 1e-9, "{what}: cells sum to {total}");
                assert!((0..CELLS).all(|c| b.cell_prob(c) >= 0.0), "{what}");
                assert_eq!(b.prob_below(lo), 0.0, "{what}");
                assert_eq!(b.prob_above(hi + 1e-9 * (hi - lo)), 0.0, "{what}");
                assert!((b.cdf(hi) - 1.0).abs() < 1e-9, "{what}");
                let (a, z_) = b.range();
                assert!(a >= lo && z_ <= hi && a <= z_, "{what}: range {a} {z_}");
                assert!(b.mean() >= lo && b.mean() <= hi && b.sd() <= (hi - lo) / 2.0);
                assert!((0.0..=1.0).contains(&b.trust()), "{what}");
                match bound {
                    Some(Bound::AtLeast(x)) => assert!(b.prob_below(x) < 1e-9, "{what}"),
                    Some(Bound::AtMost(x)) => {
                        assert!(b.prob_above(x + 1e-12 * (hi - lo)) < 1e-9, "{what}")
                    }
                    None => {}
                }
                if let (Some(y), 1.0) = (exact, trust) {
                    assert_eq!((b.mean(), b.var()), (y, 0.0), "{what}");
                    assert_eq!(
                        b.info_bits(y),
                        (1.0 / prior.cell_mass(prior.cell_of(y))).log2(),
                        "{what}"
                    );
                }
                beliefs += 1;
            }
        }
    }
    assert_eq!(beliefs, 5 * 2 * 1500);
}
