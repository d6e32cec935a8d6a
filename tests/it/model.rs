//! Model tests: each strategy's scripted behaviour against fixed opponents,
//! exact metric identities on every run, THEORY.md T5 (full-disclosure
//! welfare) by Monte Carlo with a 99.9% tolerance, and the statistical
//! claims of the simulator core (deal rate, who takes the larger share,
//! efficiency with and without talk), checked with confidence intervals.

use negsim::config::{Experiment, parse};
use negsim::model::geometry::Frontier;
use negsim::model::negotiation::{Event, Outcome, Quiet, Recorder, Table};
use negsim::model::strategy::{Memory, Move, Policy, Strategy, View};
use negsim::run::stats::{Moments, PairStats};
use negsim::run::tournament::{self, RunOptions, play_chunk, run_rngs};

fn default_exp() -> Experiment {
    Experiment::default_tournament()
}

fn integrative(extra: &str) -> Experiment {
    let text = std::fs::read_to_string("configs/integrative.toml").unwrap() + extra;
    parse(&text, "integrative.toml")
        .unwrap()
        .validate("integrative.toml")
        .unwrap()
}

fn idx(exp: &Experiment, name: &str) -> usize {
    exp.strategies
        .iter()
        .position(|s| s.name() == name)
        .unwrap()
}

/// Play run `i` of pairing (a, b) with a recorder; memory fresh.
fn record(exp: &Experiment, a: &str, b: &str, i: u64) -> (Vec<Event>, Outcome) {
    let t = negsim::run::trace::record(exp, idx(exp, a), idx(exp, b), i);
    (t.events, t.outcome)
}

fn stats(exp: &Experiment, a: &str, b: &str, runs: u64) -> PairStats {
    play_chunk(exp, idx(exp, a), idx(exp, b), 0, runs, false).0
}

/// Events of side `s` in exchange round `r` (before the formal phase).
fn turn(events: &[Event], s: usize, r: u32) -> Vec<Event> {
    events
        .iter()
        .take_while(|e| !matches!(e, Event::FormalStart { .. }))
        .filter(|e| match **e {
            Event::Reservation { round, side, .. }
            | Event::Weights { round, side, .. }
            | Event::Ask { round, side }
            | Event::Decline { round, side }
            | Event::Silent { round, side } => round == r && side == s,
            _ => false,
        })
        .copied()
        .collect()
}

// ---------------------------------------------------------------- scripted

#[test]
fn probing_confides_then_asks_in_every_round() {
    let exp = default_exp();
    for opponent in ["open", "guarded", "mirroring", "probing"] {
        for run in 0..20 {
            let (events, o) = record(&exp, "probing", opponent, run);
            for r in 1..=3 {
                let t = turn(&events, 0, r);
                assert!(
                    matches!(
                        t.first(),
                        Some(Event::Reservation {
                            bluff: true,
                            answer: false,
                            ..
                        })
                    ),
                    "round {r} vs {opponent}: {t:?}"
                );
                assert!(
                    matches!(t.get(1), Some(Event::Ask { .. })),
                    "round {r} vs {opponent}: {t:?}"
                );
            }
            assert_eq!(o.confidences[0], 3);
            assert_eq!(o.asks[0], 3);
            assert_eq!(
                o.bluffs[0],
                3 + o.answers[0],
                "every reservation claim is a bluff"
            );
        }
    }
}

#[test]
fn probing_bluffs_in_its_own_favour() {
    let exp = default_exp();
    for run in 0..200 {
        for (a, b, side) in [("probing", "open", 0usize), ("open", "probing", 1usize)] {
            let (events, _) = record(&exp, a, b, run);
            for e in &events {
                if let Event::Reservation {
                    side: s,
                    claimed,
                    truth,
                    sigma,
                    ..
                } = *e
                    && s == side
                {
                    // Buyer (side 0) understates, seller (side 1) overstates:
                    // shift 0.75 prior sd, noise 0.1 prior sd (stated).
                    let sd = exp.scenario.prior(side).reservation.1;
                    let shift = if side == 0 {
                        truth - claimed
                    } else {
                        claimed - truth
                    };
                    if sigma < 0.2 * sd {
                        assert!(shift > 0.75 * sd - 5.0 * sigma, "run {run}: shift {shift}");
                    }
                }
            }
        }
    }
}

#[test]
fn guarded_never_confides_nor_answers() {
    let exp = default_exp();
    for opponent in ["open", "guarded", "mirroring", "probing"] {
        for (a, b, side) in [("guarded", opponent, 0), (opponent, "guarded", 1)] {
            let s = stats(&exp, a, b, 2000);
            assert_eq!(s.confidences[side].mean(), 0.0, "{a} vs {b}");
            assert_eq!(s.answers[side].mean(), 0.0, "{a} vs {b}");
            assert_eq!(s.bits_given[side].mean(), 0.0, "{a} vs {b}");
        }
    }
    // Asked, it declines in words.
    let (events, _) = record(&exp, "probing", "guarded", 0);
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Decline { side: 1, .. }))
    );
}

#[test]
fn open_tells_the_truth_precisely_every_round_and_never_asks() {
    let exp = default_exp();
    let sd = exp.scenario.prior(1).reservation.1;
    for run in 0..50 {
        let (events, o) = record(&exp, "guarded", "open", run);
        for r in 1..=3 {
            let t = turn(&events, 1, r);
            match t.as_slice() {
                [
                    Event::Reservation {
                        claimed,
                        truth,
                        sigma,
                        bluff: false,
                        answer: false,
                        ..
                    },
                ] => {
                    assert!((sigma - 0.05 * sd).abs() < 1e-9);
                    assert!((claimed - truth).abs() < 6.0 * sigma);
                }
                other => panic!("round {r}: {other:?}"),
            }
        }
        assert_eq!(o.asks[1], 0);
        assert_eq!(o.bluffs[1], 0);
    }
}

fn view(memory: &Memory, u: f64) -> View<'_> {
    View {
        round: 1,
        rounds: 3,
        has_weights: false,
        issues: 1,
        memory,
        opponent_disclosed: true,
        u,
    }
}

#[test]
fn mirroring_goes_silent_after_a_detected_lie() {
    let m = Policy::preset("mirroring").unwrap();
    let mut mem = Memory::new(m.initial_trust());
    // Even with a big positive balance (it has been told a lot) ...
    mem.bits_received = 5.0;
    for u in [0.0, 0.3, 0.99] {
        assert!(m.exchange(&view(&mem, u)).discloses());
        assert!(m.answer(&view(&mem, u)).discloses());
    }
    // ... a caught lie silences it, and trust halves.
    mem.lies_detected = 1;
    m.on_lie_detected(&mut mem);
    assert_eq!(mem.trust, 0.5);
    for u in [0.0, 0.3, 0.99] {
        assert!(!m.exchange(&view(&mem, u)).discloses());
        assert_eq!(m.answer(&view(&mem, u)), Move::SILENT);
    }
}

#[test]
fn mirroring_gives_what_it_receives() {
    let m = Policy::preset("mirroring").unwrap();
    let mut mem = Memory::new(1.0);
    // Opening: only the slack (0.5 bits), so a vague signal.
    let open = m.exchange(&view(&mem, 0.0));
    let sigma = open.reservation.unwrap().sigma;
    assert!(
        (negsim::model::belief::bits_of_signal(sigma) - 0.5).abs() < 1e-9,
        "{sigma}"
    );
    assert!(open.ask, "behind after opening: it asks");
    // Having given 0.5 bits and received nothing, it stays silent.
    mem.bits_given = 0.5;
    assert!(!m.exchange(&view(&mem, 0.0)).discloses());
    // Told 3 bits, it gives back the balance plus slack (3 bits) and, now
    // ahead in giving, asks.
    mem.bits_received = 3.0;
    let mv = m.exchange(&view(&mem, 0.0));
    let bits = negsim::model::belief::bits_of_signal(mv.reservation.unwrap().sigma);
    assert!((bits - 3.0).abs() < 1e-9, "{bits}");
    assert!(mv.ask);
    // Told 4 bits, it is capped by its precision (0.1 sd = 3.33 bits), stays
    // behind in giving, and has no need to ask.
    mem.bits_received = 4.0;
    let mv = m.exchange(&view(&mem, 0.0));
    assert_eq!(mv.reservation.unwrap().sigma, 0.1);
    assert!(!mv.ask, "not behind: no question");
}

#[test]
fn mirroring_stops_disclosing_to_a_caught_liar_within_a_match() {
    // Repeated play against the bluffing prober: once a lie is caught,
    // mirroring never confides or answers again in that match.
    let text = std::fs::read_to_string("configs/repeated.toml").unwrap();
    let exp = parse(&text, "repeated.toml")
        .unwrap()
        .validate("repeated.toml")
        .unwrap();
    let (a, b) = (idx(&exp, "mirroring"), idx(&exp, "probing"));
    let table = Table::new(
        exp.rules(),
        exp.strategies[a].as_ref(),
        exp.strategies[b].as_ref(),
    );
    let mut caught_matches = 0;
    for m in 0..20u64 {
        let mut memory = table.new_memories();
        let mut caught = false;
        for i in m * 20..(m + 1) * 20 {
            let (mut v, mut r) = run_rngs(exp.seed, i);
            let p = exp.scenario.draw(&mut v);
            let o = table.play(&p, &mut memory, &mut r, &mut Quiet);
            if caught {
                assert_eq!(o.confidences[0] + o.answers[0], 0, "match {m} run {i}");
            }
            caught |= memory[0].lies_detected > 0;
        }
        caught_matches += caught as u32;
    }
    assert!(
        caught_matches >= 15,
        "the prober is caught in most matches: {caught_matches}"
    );
}

// ---------------------------------------------------------------- metrics

fn check_identities(o: &Outcome, price: bool, discount: f64) {
    let r = o.private.reservation;
    if price {
        assert_eq!(o.zopa, r[0] >= r[1]);
        assert!((o.max_joint - (r[0] - r[1]).max(0.0)).abs() < 1e-9);
        if o.deal {
            let d = discount.powi(o.rounds as i32 - 1);
            assert!((o.surplus[0] - d * (r[0] - o.price)).abs() < 1e-6);
            assert!((o.surplus[1] - d * (o.price - r[1])).abs() < 1e-6);
        }
    }
    if o.deal {
        assert!(
            o.surplus[0] >= -1e-9 && o.surplus[1] >= -1e-9,
            "individually rational: {o:?}"
        );
    } else {
        assert_eq!(o.surplus, [0.0, 0.0]);
    }
    assert!((o.joint - o.surplus[0] - o.surplus[1]).abs() < 1e-9);
    if o.zopa && o.max_joint > 0.0 {
        assert!((o.efficiency - o.joint / o.max_joint).abs() < 1e-12);
        assert!(o.efficiency <= 1.0 + 1e-9);
    } else {
        assert!(o.efficiency.is_nan());
    }
    if o.deal && o.joint > 0.0 {
        assert!((o.share_a - o.surplus[0] / o.joint).abs() < 1e-12);
    }
    assert!((o.asymmetry - (o.error[1] - o.error[0])).abs() < 1e-12);
    assert!(o.bits[0] >= 0.0 && o.bits[1] >= 0.0);
    assert!(o.rounds >= 1 && o.rounds <= 20);
}

#[test]
fn metric_identities_hold_on_every_run() {
    let exp = default_exp();
    let k = exp.strategies.len();
    for a in 0..k {
        for b in 0..k {
            let (_, outcomes) = play_chunk(&exp, a, b, 0, 3000, true);
            for o in &outcomes {
                check_identities(o, true, 0.98);
            }
        }
    }
    let exp = integrative("");
    for a in 0..k {
        for b in 0..k {
            let (_, outcomes) = play_chunk(&exp, a, b, 0, 1000, true);
            for o in &outcomes {
                check_identities(o, false, 0.98);
                if o.deal {
                    let n = o.issues;
                    let ua: f64 = (0..n).map(|i| o.private.weights[0][i] * o.x[i]).sum();
                    let d = 0.98f64.powi(o.rounds as i32 - 1);
                    assert!((o.surplus[0] - d * (ua - o.private.reservation[0])).abs() < 1e-9);
                }
            }
        }
    }
}

#[test]
fn no_exchange_rounds_means_no_talk_and_no_information() {
    let mut exp = default_exp();
    exp.exchange.rounds = 0;
    let s = stats(&exp, "open", "probing", 2000);
    for i in 0..2 {
        assert_eq!(s.confidences[i].mean(), 0.0);
        assert_eq!(s.bits[i].mean(), 0.0);
        assert_eq!(s.error[i].n, 2000);
    }
    assert_eq!(s.bluffs[1].mean(), 0.0);
}

#[test]
fn precise_disclosure_leaves_little_belief_error() {
    let exp = default_exp();
    let s = stats(&exp, "open", "open", 5000);
    for i in 0..2 {
        // Three claims with noise 0.05 sd: posterior sd 0.029 sd; mean |error| ~ 0.023.
        assert!(s.error[i].mean() < 0.05, "{}", s.error[i].mean());
        assert!(s.bits[i].mean() > 5.0, "{}", s.bits[i].mean());
    }
    let g = stats(&exp, "guarded", "guarded", 5000);
    // Only weak leaks: error near the prior's mean absolute deviation (0.866 sd for a uniform).
    assert!(g.error[0].mean() > 0.7, "{}", g.error[0].mean());
}

// ---------------------------------------------------------------- THEORY.md T5

#[test]
fn t5_two_issue_welfare_with_and_without_weight_disclosure() {
    // Two issues, a, b ~ U[0,1] (Dirichlet(1,1) weights), reservations 0.
    // 50/50 on every issue: SW exactly 1. Full disclosure, welfare-maximising
    // agreement: E[SW] = 4/3. Nash agreement: E[SW] ~ 1.318.
    // sd of SW <= 0.24; n = 60,000 gives 3.3 sd / sqrt(n) = 0.0032 < 0.005.
    let two = parse(
        &std::fs::read_to_string("configs/integrative.toml")
            .unwrap()
            .replace("weights_a = [1.0, 1.0, 1.0]", "weights_a = [1.0, 1.0]")
            .replace("weights_b = [1.0, 1.0, 1.0]", "weights_b = [1.0, 1.0]"),
        "two.toml",
    )
    .unwrap()
    .validate("two.toml")
    .unwrap();
    let (mut half, mut best, mut nash) =
        (Moments::default(), Moments::default(), Moments::default());
    for i in 0..60_000u64 {
        let (mut v, _) = run_rngs(1234, i);
        let p = two.scenario.draw(&mut v);
        let (wa, wb) = (&p.weights[0][..2], &p.weights[1][..2]);
        half.push(
            wa.iter().map(|w| 0.5 * w).sum::<f64>() + wb.iter().map(|w| 0.5 * w).sum::<f64>(),
        );
        let f = Frontier::linear(wa, wb);
        best.push(f.max_joint_surplus((0.0, 0.0)));
        let n = f.nash((0.0, 0.0)).unwrap();
        nash.push(n.0 + n.1);
    }
    assert!((half.mean() - 1.0).abs() < 1e-12);
    assert!(half.sd() < 1e-12);
    assert!(
        (best.mean() - 4.0 / 3.0).abs() < 0.005,
        "welfare rule: {}",
        best.mean()
    );
    assert!((nash.mean() - 1.318).abs() < 0.005, "Nash: {}", nash.mean());
}

#[test]
fn open_agreements_lie_on_the_pareto_frontier_guarded_ones_do_not() {
    // With precise weight disclosure, offers are built on the true frontier.
    let exp = integrative("");
    let mut undiscounted = exp.clone();
    undiscounted.protocol = negsim::model::rules::Protocol::AlternatingOffers {
        deadline: 20,
        discount: [1.0, 1.0],
        anchor_margin: 1.0,
        offers: negsim::model::rules::Offers::Beliefs,
    };
    let open = stats(&undiscounted, "open", "open", 4000);
    let guarded = stats(&undiscounted, "guarded", "guarded", 4000);
    assert!(
        open.pareto_distance.mean() < 0.01,
        "{}",
        open.pareto_distance.mean()
    );
    assert!(
        guarded.pareto_distance.mean()
            > open.pareto_distance.mean() + 3.3 * guarded.pareto_distance.ci95() / 1.96,
        "{} vs {}",
        guarded.pareto_distance.mean(),
        open.pareto_distance.mean()
    );
}

// ---------------------------------------------------------------- statistical

/// Lower bound of a ~99.9% interval (3.3 standard errors).
fn lo(m: &Moments) -> f64 {
    m.mean() - 3.3 * m.sd() / (m.n as f64).sqrt()
}
fn hi(m: &Moments) -> f64 {
    m.mean() + 3.3 * m.sd() / (m.n as f64).sqrt()
}

#[test]
fn open_vs_open_reaches_a_deal_whenever_there_is_a_zone_of_agreement() {
    let exp = default_exp();
    let s = stats(&exp, "open", "open", 20_000);
    assert!(s.deal_given_zopa.n > 9000);
    assert!(
        s.deal_given_zopa.mean() >= 0.99,
        "{}",
        s.deal_given_zopa.mean()
    );
}

#[test]
fn probing_takes_a_larger_share_against_open_than_open_against_probing() {
    let exp = default_exp();
    let n = 20_000;
    // Share of the joint surplus taken by the focal strategy, over both sides.
    let share = |focal: &str, other: &str| {
        let as_a = stats(&exp, focal, other, n).share_a;
        let mut as_b = stats(&exp, other, focal, n).share_a;
        as_b.mean = 1.0 - as_b.mean;
        let mut m = as_a;
        m.merge(&as_b);
        m
    };
    let p = share("probing", "open");
    let o = share("open", "probing");
    assert!(lo(&p) > hi(&o), "probing {} vs open {}", p.mean(), o.mean());
    assert!(p.mean() > 0.55, "{}", p.mean());
}

#[test]
fn guarded_pairs_are_less_efficient_than_open_pairs() {
    for exp in [default_exp(), integrative("")] {
        let open = stats(&exp, "open", "open", 20_000).efficiency;
        let guarded = stats(&exp, "guarded", "guarded", 20_000).efficiency;
        assert!(
            hi(&guarded) < lo(&open),
            "{}: guarded {} vs open {}",
            exp.name,
            guarded.mean(),
            open.mean()
        );
    }
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let mut exp = default_exp();
    exp.runs = 9000; // not a multiple of the chunk size
    let one = tournament::run(&exp, RunOptions { threads: 1 }, &|_| {}, None).unwrap();
    let two = tournament::run(&exp, RunOptions { threads: 2 }, &|_| {}, None).unwrap();
    let three = tournament::run(&exp, RunOptions { threads: 3 }, &|_| {}, None).unwrap();
    for ((x, y), z) in one.pairs.iter().zip(&two.pairs).zip(&three.pairs) {
        assert_eq!(x.stats, y.stats);
        assert_eq!(x.stats, z.stats);
    }
}

#[test]
fn pairings_face_the_same_private_values() {
    // Common random numbers: run i draws the same values in every pairing.
    let exp = default_exp();
    let (_, a) = play_chunk(&exp, 0, 1, 0, 100, true);
    let (_, b) = play_chunk(&exp, 3, 2, 0, 100, true);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.private, y.private);
    }
}

#[test]
fn recorder_does_not_change_the_outcome() {
    let exp = default_exp();
    let (a, b) = (idx(&exp, "probing"), idx(&exp, "mirroring"));
    let table = Table::new(
        exp.rules(),
        exp.strategies[a].as_ref(),
        exp.strategies[b].as_ref(),
    );
    for i in 0..200 {
        let (mut v, mut r) = run_rngs(exp.seed, i);
        let p = exp.scenario.draw(&mut v);
        let quiet = table.play(&p, &mut table.new_memories(), &mut r, &mut Quiet);
        let (mut v, mut r) = run_rngs(exp.seed, i);
        let p = exp.scenario.draw(&mut v);
        let mut rec = Recorder::default();
        let loud = table.play(&p, &mut table.new_memories(), &mut r, &mut rec);
        assert_eq!(format!("{quiet:?}"), format!("{loud:?}"));
        assert!(!rec.0.is_empty());
    }
}

// ---------------------------------------------------------------- repeated play

fn repeated() -> Experiment {
    let text = std::fs::read_to_string("configs/repeated.toml").unwrap();
    parse(&text, "repeated.toml")
        .unwrap()
        .validate("repeated.toml")
        .unwrap()
}

#[test]
fn against_a_bluffing_prober_mirroring_loses_trust_and_falls_silent() {
    let exp = repeated();
    let s = stats(&exp, "mirroring", "probing", 4000); // 200 matches of 20
    let first = &s.by_position[0];
    let late = &s.by_position[9..];
    assert_eq!(first.disclosures[0].n, 200);
    assert!(first.trust[0].mean() < 0.9, "{}", first.trust[0].mean());
    for (k, p) in late.iter().enumerate() {
        assert!(
            p.trust[0].mean() < 0.05,
            "position {}: trust {}",
            k + 10,
            p.trust[0].mean()
        );
        assert!(
            p.disclosures[0].mean() < 0.05 * first.disclosures[0].mean(),
            "position {}: disclosures {}",
            k + 10,
            p.disclosures[0].mean()
        );
    }
    // The prober keeps probing.
    assert!(late.iter().all(|p| p.disclosures[1].mean() >= 3.0));
}

#[test]
fn open_keeps_disclosing_whatever_happens() {
    let exp = repeated();
    let s = stats(&exp, "open", "probing", 2000);
    for p in &s.by_position {
        assert_eq!(p.trust[0].mean(), 1.0);
        assert_eq!(
            p.disclosures[0].mean(),
            6.0,
            "3 confidences and 3 answers every run"
        );
    }
}

#[test]
fn mirroring_sustains_disclosure_in_self_play() {
    let exp = repeated();
    let s = stats(&exp, "mirroring", "mirroring", 4000);
    let first = s.by_position[0].disclosures[0].mean() + s.by_position[0].disclosures[1].mean();
    let last = s.by_position[19].disclosures[0].mean() + s.by_position[19].disclosures[1].mean();
    assert!(first >= 10.0, "{first}");
    // Only honest noise that looks like a lie (about 0.5% of runs) stops a pair.
    assert!(last >= 0.8 * first, "first {first}, last {last}");
    assert!(s.by_position[19].trust[0].mean() > 0.9);
}
