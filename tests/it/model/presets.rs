//! Each preset does what MODEL.md section 5's table promises, turn by turn,
//! against every opponent and on both sides (the buyer is side A).

use super::{Est, HI, LO, default_exp, mean, price, record, sd, turn};
use crate::helpers::PRESETS;
use negsim::model::negotiation::Event;
use negsim::model::strategy::{Claim, MAX_BITS, Memory, Move, Policy, Strategy, View, claim_bits};
use std::sync::Arc;

/// The sides a strategy sits on against each opponent: (A, B, its side).
fn seatings(me: &'static str) -> Vec<(&'static str, &'static str, usize)> {
    PRESETS
        .iter()
        .flat_map(|&o| [(me, o, 0), (o, me, 1)])
        .collect()
}

/// Side `s`'s favour direction in price: the buyer (A) gains by a lower
/// claim, the seller (B) by a higher one.
fn favour(s: usize) -> f64 {
    if s == 0 { -1.0 } else { 1.0 }
}

#[test]
fn open_states_its_exact_value_every_round_answers_exactly_never_asks_and_trusts() {
    let exp = default_exp();
    for (a, b, s) in seatings("open") {
        for run in 0..100 {
            let (events, o) = record(&exp, a, b, run);
            for r in 1..=3 {
                let own: Vec<Event> = turn(&events, s, r)
                    .into_iter()
                    .filter(|e| !matches!(e, Event::Reservation { answer: true, .. }))
                    .collect();
                assert!(
                    matches!(
                        own.as_slice(),
                        [Event::Reservation { claimed, truth, sigma, bluff: false, answer: false, .. }]
                            if claimed == truth && *sigma == 0.0
                    ),
                    "{a} vs {b}, run {run}, round {r}: {own:?}"
                );
            }
            for e in &events {
                match *e {
                    Event::Reservation {
                        side,
                        claimed,
                        truth,
                        sigma,
                        bluff,
                        ..
                    } if side == s => {
                        assert!(claimed == truth && sigma == 0.0 && !bluff, "{e:?}");
                    }
                    Event::Ask { side, .. } | Event::Decline { side, .. } => {
                        assert_ne!(side, s, "{a} vs {b}, run {run}: {e:?}")
                    }
                    _ => {}
                }
            }
            assert_eq!(o.confidences[s], 3);
            assert_eq!(o.answers[s], o.asks[1 - s], "it answers every question");
            assert_eq!((o.asks[s], o.bluffs[s]), (0, 0));
            // An exact claim gives a trusting listener all 6 bits at once.
            assert_eq!(o.bits_given[s], MAX_BITS);
            // Naive: trust 1, whatever it heard (no penalty for a lie).
            assert_eq!(o.trust[s], 1.0, "{a} vs {b}, run {run}");
        }
    }
}

#[test]
fn guarded_is_silent_declines_every_question_and_never_asks() {
    let exp = default_exp();
    for (a, b, s) in seatings("guarded") {
        for run in 0..100 {
            let (events, o) = record(&exp, a, b, run);
            for r in 1..=3 {
                let t = turn(&events, s, r);
                let silent = t
                    .iter()
                    .filter(|e| matches!(e, Event::Silent { .. }))
                    .count();
                let declines = t
                    .iter()
                    .filter(|e| matches!(e, Event::Decline { .. }))
                    .count();
                let asked = turn(&events, 1 - s, r)
                    .iter()
                    .filter(|e| matches!(e, Event::Ask { .. }))
                    .count();
                assert_eq!(silent, 1, "{a} vs {b}, run {run}, round {r}: {t:?}");
                assert_eq!(declines, asked, "{a} vs {b}, run {run}, round {r}: {t:?}");
                assert_eq!(t.len(), 1 + declines, "{t:?}");
            }
            assert_eq!(
                (o.confidences[s], o.answers[s], o.asks[s], o.bluffs[s]),
                (0, 0, 0, 0)
            );
            assert_eq!(o.bits_given[s], 0.0);
        }
    }
}

/// The precision (1 / prior variance) of a claim with noise `sigma` in the
/// facet's units.
fn precision(sigma: f64) -> f64 {
    if sigma == 0.0 {
        f64::INFINITY
    } else {
        (sd() / sigma).powi(2)
    }
}

/// Replays the talk of a run in which `m` (a mirroring side) took part and
/// checks its rule: each disclosure (confidence or answer) brings the bits it
/// has given to the bits it believes it received plus 0.5 (6 at most: an
/// exact claim); it stays silent or declines only when that budget is spent;
/// it asks exactly when it confided in that turn or has given more than it
/// received. Returns the number of its disclosures.
fn check_mirroring(events: &[Event], m: usize, what: &str) -> u32 {
    // Precision of the claims each side heard and gave.
    let mut heard = [0.0f64; 2];
    let mut given = [0.0f64; 2];
    let mut confided = [false; 2];
    let mut disclosures = 0;
    let received = |heard: &[f64; 2]| claim_bits(heard[m]);
    let budget_spent = |heard: &[f64; 2], given: &[f64; 2]| {
        let g = claim_bits(given[m]);
        g >= MAX_BITS || received(heard) + 0.5 - g < 0.01
    };
    for e in events
        .iter()
        .take_while(|e| !matches!(e, Event::FormalStart { .. }))
    {
        match *e {
            Event::Reservation {
                side,
                sigma,
                answer,
                ..
            } => {
                let p = precision(sigma);
                if !answer {
                    confided[side] = true;
                }
                if side == m {
                    disclosures += 1;
                    let want = (received(&heard) + 0.5).min(MAX_BITS);
                    let got = claim_bits(given[m] + p);
                    assert!(
                        (got - want).abs() < 1e-9,
                        "{what}: gave up to {got} bits, believed received {} (+0.5): {e:?}",
                        received(&heard)
                    );
                }
                given[side] += p;
                heard[1 - side] += p;
            }
            Event::Ask { side, .. } => {
                if side == m {
                    let behind = received(&heard) < claim_bits(given[m]);
                    assert!(confided[m] || behind, "{what}: asked when not behind");
                    if !confided[m] {
                        assert!(budget_spent(&heard, &given), "{what}: silent with a budget");
                    }
                }
                confided[side] = false;
            }
            Event::Silent { side, .. } => {
                if side == m {
                    assert!(budget_spent(&heard, &given), "{what}: silent with a budget");
                    assert!(
                        received(&heard) >= claim_bits(given[m]),
                        "{what}: behind, yet it did not ask"
                    );
                }
                confided[side] = false;
            }
            Event::Decline { side, .. } if side == m => {
                assert!(
                    budget_spent(&heard, &given),
                    "{what}: declined with a budget"
                );
            }
            _ => {}
        }
    }
    disclosures
}

#[test]
fn mirroring_gives_the_bits_it_believes_it_received_and_asks_when_behind() {
    let extra = r#"
[[strategy]]
name = "noisy"
base = "open"
precision = 0.3
answer_precision = 0.3
"#;
    let mut checked = 0;
    for rounds in [3, 12] {
        let exp = price(
            &format!("[exchange]\nrounds = {rounds}\n{extra}"),
            &["noisy"],
        );
        for opp in ["open", "guarded", "mirroring", "probing", "noisy"] {
            for (a, b, m) in [("mirroring", opp, 0), (opp, "mirroring", 1)] {
                for run in 0..150 {
                    let (events, o) = record(&exp, a, b, run);
                    if events
                        .iter()
                        .any(|e| matches!(e, Event::LieDetected { .. }))
                    {
                        continue; // the grudge has its own test
                    }
                    let what = format!("{a} vs {b}, {rounds} rounds, run {run}");
                    let n = check_mirroring(&events, m, &what);
                    assert_eq!(n, o.confidences[m] + o.answers[m], "{what}");
                    // It confides, then asks, in the same turn.
                    for r in 1..=rounds {
                        let t = turn(&events, m, r);
                        if t.iter()
                            .any(|e| matches!(e, Event::Reservation { answer: false, .. }))
                        {
                            assert!(t.iter().any(|e| matches!(e, Event::Ask { .. })), "{what}");
                        }
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 2900, "{checked}");
    // The opening, against a side that says nothing: 0.5 bits (noise 1
    // prior sd) in round 1, then nothing, and a question every round.
    let exp = default_exp();
    for run in 0..50 {
        for (a, b, m) in [("mirroring", "guarded", 0), ("guarded", "mirroring", 1)] {
            let (events, o) = record(&exp, a, b, run);
            let claims: Vec<f64> = events
                .iter()
                .filter_map(|e| match *e {
                    Event::Reservation { side, sigma, .. } if side == m => Some(sigma),
                    _ => None,
                })
                .collect();
            assert_eq!(claims.len(), 1);
            assert!((claims[0] / sd() - 1.0).abs() < 1e-12, "{claims:?}");
            assert!((o.bits_given[m] - 0.5).abs() < 1e-12);
            assert_eq!(o.asks[m], 3);
        }
    }
}

/// What an agent sees in a turn, with the balance `received - given` and
/// `lies` caught.
fn view(memory: &Memory, given: f64, received: f64, lies: u32) -> View<'_> {
    View {
        round: 1,
        rounds: 3,
        has_weights: false,
        issues: 1,
        memory,
        bits_given: given,
        bits_received: received,
        // One claim at noise 1 prior sd: 0.5 bits given so far.
        given_precision: [1.0, 0.0],
        lies_detected: lies,
        opponent_disclosed: true,
        u: 0.5,
    }
}

#[test]
fn mirroring_falls_silent_once_it_has_caught_a_lie() {
    let m = Policy::preset("mirroring").unwrap();
    let memory = Memory::new(1.0);
    // Told 3 bits, having given 0.5: it confides 3 bits more (to 3.5) and asks.
    let mv = m.exchange(&view(&memory, 0.5, 3.0, 0));
    let sigma = mv.reservation.unwrap().sigma;
    assert!(
        (claim_bits(1.0 + sigma.powi(-2)) - 3.5).abs() < 1e-12,
        "{sigma}"
    );
    assert!(mv.ask);
    let answer = m.answer(&view(&memory, 0.5, 3.0, 0));
    assert!(answer.reservation.is_some());
    // Told 6 bits: an exact claim.
    let mv = m.exchange(&view(&memory, 0.5, 6.0, 0));
    assert_eq!(mv.reservation.unwrap().sigma, 0.0);
    // Behind (given 0.5 more than received, and the opening spent): silent,
    // but it asks.
    let mv = m.exchange(&view(&memory, 0.5, 0.0, 0));
    assert!(!mv.discloses() && mv.ask);
    // The same situations after a caught lie: nothing, whatever it was told.
    for received in [0.0, 3.0, 6.0] {
        let mv = m.exchange(&view(&memory, 0.5, received, 1));
        assert!(!mv.discloses(), "{received}: {mv:?}");
        assert_eq!(m.answer(&view(&memory, 0.5, received, 1)), Move::SILENT);
    }
}

#[test]
fn probing_confides_a_bluff_then_asks_every_round_and_answers_vaguely() {
    let exp = default_exp();
    for (a, b, s) in seatings("probing") {
        for run in 0..100 {
            let (events, o) = record(&exp, a, b, run);
            let what = format!("{a} vs {b}, run {run}");
            for r in 1..=3 {
                // Its own turn: a bluffed confidence immediately followed by
                // its question.
                let k = events
                    .iter()
                    .position(|e| {
                        matches!(*e, Event::Reservation { round, side, answer: false, .. }
                            if round == r && side == s)
                    })
                    .unwrap_or_else(|| panic!("{what}, round {r}: no confidence"));
                assert!(
                    matches!(events[k], Event::Reservation { bluff: true, .. }),
                    "{what}"
                );
                assert!(
                    matches!(events[k + 1], Event::Ask { round, side } if round == r && side == s),
                    "{what}: {:?}",
                    &events[k..k + 2]
                );
            }
            for e in &events {
                if let Event::Reservation {
                    side,
                    sigma,
                    bluff,
                    answer,
                    ..
                } = *e
                    && side == s
                {
                    assert!(bluff, "{what}: {e:?}");
                    // Confidences at 0.1 prior sd, answers vague at 1.5.
                    let want = if answer { 1.5 } else { 0.1 };
                    assert!((sigma / sd() - want).abs() < 1e-12, "{what}: {e:?}");
                }
            }
            assert_eq!((o.confidences[s], o.asks[s]), (3, 3));
            assert_eq!(o.bluffs[s], o.confidences[s] + o.answers[s]);
        }
    }
}

#[test]
fn probing_shifts_its_claims_by_half_a_prior_sd_in_its_favour() {
    // The shift is 0.5 prior sd in its favour and the noise is what it
    // states: the standardised residual z = (claim - truth - shift) / sigma
    // of claims away from the edges has mean 0 and variance 1.
    let exp = default_exp();
    let (mut z, mut z2) = (Vec::new(), Vec::new());
    for run in 0..2500 {
        for (a, b, s) in [("probing", "open", 0), ("open", "probing", 1)] {
            let (events, _) = record(&exp, a, b, run);
            for e in &events {
                if let Event::Reservation {
                    side,
                    claimed,
                    truth,
                    sigma,
                    ..
                } = *e
                    && side == s
                    && claimed > LO
                    && claimed < HI
                {
                    // Censoring at the edges is excluded by taking claims
                    // whose noiseless value is 4 sigma inside.
                    let centre = truth + favour(s) * 0.5 * sd();
                    if centre - 4.0 * sigma > LO && centre + 4.0 * sigma < HI {
                        let x = (claimed - centre) / sigma;
                        z.push(x);
                        z2.push(x * x);
                    }
                }
            }
        }
    }
    assert!(z.len() > 8000, "{}", z.len());
    let (m, v): (Est, Est) = (mean(&z), mean(&z2));
    eprintln!(
        "probing residuals: mean {:.4} ± {:.4}, E[z²] {:.4} ± {:.4}",
        m.mean, m.se, v.mean, v.se
    );
    assert!(m.covers(0.0, 0.0), "mean residual {m:?}");
    assert!(v.covers(1.0, 0.0), "mean squared residual {v:?}");
    // Stated exactly (precision 0), the shift is visible claim by claim.
    let sharp = price(
        "[[strategy]]\nname = \"sharp\"\nbase = \"probing\"\nprecision = 0.0\nanswer_precision = 0.0\n",
        &["sharp"],
    );
    for run in 0..300 {
        for (a, b, s) in [("sharp", "mirroring", 0), ("probing", "sharp", 1)] {
            let (events, o) = record(&sharp, a, b, run);
            let mut n = 0;
            for e in &events {
                if let Event::Reservation {
                    side,
                    claimed,
                    truth,
                    ..
                } = *e
                    && side == s
                {
                    let want = (truth + favour(s) * 0.5 * sd()).clamp(LO, HI);
                    assert_eq!(claimed, want, "{a} vs {b}, run {run}");
                    n += 1;
                }
            }
            assert!(n >= 3 && o.bluffs[s] == n);
        }
    }
}

/// A Rust strategy that asks for a bigger bluff every round (and a still
/// bigger one when answering), stated exactly: the engine must shift every
/// claim of a run by the first one.
struct Escalator;

impl Strategy for Escalator {
    fn name(&self) -> &str {
        "escalator"
    }
    fn description(&self) -> String {
        "exact claims with a bluff that grows every round".into()
    }
    fn exchange(&self, view: &View) -> Move {
        Move {
            reservation: Some(Claim {
                sigma: 0.0,
                bluff: 0.25 * (view.round + 1) as f64,
            }),
            weights: None,
            ask: true,
        }
    }
    fn answer(&self, _: &View) -> Move {
        Move {
            reservation: Some(Claim {
                sigma: 0.0,
                bluff: 2.0,
            }),
            ..Move::SILENT
        }
    }
}

#[test]
fn a_bluffer_makes_one_shift_per_run_the_first() {
    let mut exp = default_exp();
    exp.add_strategy(Arc::new(Escalator)).unwrap();
    let mut shifts = [0usize; 2];
    for opp in PRESETS {
        for (a, b, s) in [("escalator", opp, 0), (opp, "escalator", 1)] {
            for run in 0..60 {
                let (events, o) = record(&exp, a, b, run);
                let claims: Vec<(f64, f64, u32, bool)> = events
                    .iter()
                    .filter_map(|e| match *e {
                        Event::Reservation {
                            side,
                            claimed,
                            truth,
                            round,
                            answer,
                            ..
                        } if side == s => Some((claimed, truth, round, answer)),
                        _ => None,
                    })
                    .collect();
                let (_, truth, round, answer) = claims[0];
                let first = if answer { 2.0 } else { 0.25 * round as f64 };
                shifts[usize::from(answer)] += 1;
                let want = (truth + favour(s) * first * sd()).clamp(LO, HI);
                for &(claimed, ..) in &claims {
                    assert_eq!(claimed, want, "{a} vs {b}, run {run}: {claims:?}");
                }
                assert_eq!(o.bluffs[s] as usize, claims.len());
            }
        }
    }
    // Both kinds of first claim occurred (answers come first against a side
    // A that asks, probing).
    assert!(shifts[0] > 0 && shifts[1] > 0, "{shifts:?}");
}

#[test]
fn each_preset_confides_answers_and_asks_as_its_row_of_the_table_says() {
    // Counts of confidences, answers and questions in every run of every
    // pairing of the default tournament (3 rounds): exact for open, guarded
    // and probing; mirroring (whose amounts depend on what it heard) confides
    // or answers at least its opening, answers at most every question, never bluffs.
    let exp = default_exp();
    let n = 400;
    for a in PRESETS {
        for b in PRESETS {
            let os = super::outcomes(&exp, a, b, n);
            for o in &os {
                for (s, name) in [(0, a), (1, b)] {
                    let asked = o.asks[1 - s];
                    match name {
                        "open" => {
                            assert_eq!((o.confidences[s], o.answers[s], o.asks[s]), (3, asked, 0))
                        }
                        "guarded" => {
                            assert_eq!((o.confidences[s], o.answers[s], o.asks[s]), (0, 0, 0))
                        }
                        "probing" => {
                            assert_eq!((o.confidences[s], o.answers[s], o.asks[s]), (3, asked, 3))
                        }
                        _ => {
                            assert!(o.confidences[s] + o.answers[s] >= 1 && o.answers[s] <= asked);
                            assert_eq!(o.bluffs[s], 0);
                        }
                    }
                }
            }
        }
    }
}
