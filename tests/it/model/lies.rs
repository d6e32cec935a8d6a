//! Lie detection (MODEL.md section 4): tests of the honest model at levels
//! that sum to 0.001 per speaker and run, so honest speakers are accused in
//! at most 0.1% of runs however long they talk (version 1: up to 3.8% at 12
//! rounds); and the mirroring grudge after a caught lie, in the run and for
//! the rest of the match.

use super::{Z, outcomes, price, record};
use negsim::model::negotiation::Event;
use negsim::model::posterior::lie::{BUDGET, level};
use negsim::model::posterior::{Evidence, Facet, Favour, Lie, LieDetector, Prior};

/// An honest speaker that confides and answers with noise 0.3 prior sd.
const NOISY: &str = r#"
[[strategy]]
name = "noisy"
base = "open"
precision = 0.3
answer_precision = 0.3
"#;

#[test]
fn lie_tests_spend_one_in_a_thousand_and_catch_contradictions() {
    // Levels 0.001 * 6 / (pi^2 k^2) for the k-th test: they sum to 0.001.
    let total: f64 = (1..=1_000_000).map(level).sum();
    assert!(total < BUDGET && total > BUDGET * (1.0 - 1e-6), "{total}");
    assert_eq!(BUDGET, 0.001);
    assert!((level(1) - 0.006 / std::f64::consts::PI.powi(2)).abs() < 1e-18);
    // Claims that contradict each other far beyond their noise are caught;
    // the same claims within their noise are not; exact claims that differ
    // are certain lies.
    let facet = Facet::with_default_bluff(Prior::uniform(0.0, 1.0), Favour::High);
    let mut ev = Evidence::new(&facet, 1.0);
    let mut d = LieDetector::new();
    assert_eq!(d.claim(&ev, 0.40, 0.01), None);
    ev.claim(0.40, 0.01).unwrap();
    assert_eq!(d.claim(&ev, 0.41, 0.01), None);
    assert_eq!(d.claim(&ev, 0.60, 0.01), Some(Lie::Contradiction));
    let mut ev = Evidence::new(&facet, 1.0);
    ev.claim(0.5, 0.0).unwrap();
    assert_eq!(d.claim(&ev, 0.5, 0.0), None);
    assert_eq!(d.claim(&ev, 0.55, 0.0), Some(Lie::Certain));
    assert_eq!(ev.claim(1.5, 0.1), Err(Lie::OutsideSupport));
}

#[test]
fn honest_speakers_are_falsely_accused_in_at_most_one_run_in_a_thousand() {
    // 12 rounds of talk (and, in the second set-up, a round after every
    // formal round, so that claims are tested against offers too): for each
    // honest speaker, the share of runs in which its listener "caught" it
    // lying is at most 0.001 (a one-sided bound at 3.3 standard errors of a
    // binomial share at 0.001). Listeners of every kind: naive (open),
    // trusting until caught (mirroring), sceptical (probing, guarded).
    let n = 20_000u64;
    let mut pooled = (0u64, 0u64);
    let long: &[(&str, &str)] = &[
        ("open", "mirroring"),
        ("mirroring", "open"),
        ("mirroring", "mirroring"),
        ("noisy", "noisy"),
        ("noisy", "mirroring"),
        ("mirroring", "noisy"),
        ("probing", "noisy"),
        ("noisy", "guarded"),
        ("probing", "mirroring"),
    ];
    let during: &[(&str, &str)] = &[
        ("noisy", "noisy"),
        ("mirroring", "noisy"),
        ("probing", "noisy"),
    ];
    for (extra, pairings) in [
        ("[exchange]\nrounds = 12\n", long),
        ("[exchange]\nrounds = 3\nevery = 1\n", during),
    ] {
        let exp = price(&format!("{extra}{NOISY}"), &["noisy"]);
        for &(a, b) in pairings {
            let os = outcomes(&exp, a, b, n);
            for listener in 0..2 {
                let speaker = 1 - listener;
                if os.iter().any(|o| o.bluffs[speaker] > 0)
                    || os
                        .iter()
                        .all(|o| o.confidences[speaker] + o.answers[speaker] == 0)
                {
                    continue; // a bluffer, or silent: not an honest speaker
                }
                let accused = os
                    .iter()
                    .filter(|o| o.false_detections[listener] > 0)
                    .count() as u64;
                assert!(os.iter().all(|o| o.lies_detected[listener] == 0));
                let bound = 0.001 + Z * (0.001 * 0.999 / n as f64).sqrt();
                let rate = accused as f64 / n as f64;
                eprintln!("{extra:?} {a} vs {b}: side {speaker} accused in {accused} of {n} runs");
                assert!(
                    rate <= bound,
                    "{a} vs {b}, speaker {speaker}: {rate} > {bound}"
                );
                pooled.0 += accused;
                pooled.1 += n;
            }
        }
    }
    let rate = pooled.0 as f64 / pooled.1 as f64;
    let bound = 0.001 + Z * (0.001 * 0.999 / pooled.1 as f64).sqrt();
    eprintln!(
        "pooled: {} of {} speaker-runs ({rate:.5})",
        pooled.0, pooled.1
    );
    assert!(rate <= bound, "pooled {rate} > {bound}");
    // The tests do run (a detector that never tests would pass the bound).
    assert!(pooled.0 > 0);
}

#[test]
fn mirroring_falls_silent_after_catching_a_lie_in_the_run_and_for_the_rest_of_the_match() {
    // Against an honest but noisy speaker over 12 rounds, mirroring now and
    // then "catches a lie" (a false detection, at most 0.1% of runs): from
    // its next turn it says nothing more in that run, and nothing in the
    // later runs of the match, even though the other keeps confiding.
    let exp = price(
        &format!("[exchange]\nrounds = 12\n[match]\nruns = 10\n{NOISY}"),
        &["noisy"],
    );
    let e = 10;
    let n = 60_000u64;
    let mut caught_runs = 0;
    let mut later = (0u64, 0u64); // (runs after a catch, their disclosures)
    let mut uncaught = Vec::new(); // mirroring's disclosures, matches never caught
    for (a, b, m) in [
        ("mirroring", "noisy", 0usize),
        ("noisy", "mirroring", 1usize),
    ] {
        let os = outcomes(&exp, a, b, n);
        for (k, chunk) in os.chunks(e).enumerate() {
            let first = chunk
                .iter()
                .position(|o| o.lies_detected[m] + o.false_detections[m] > 0);
            let Some(c) = first else {
                uncaught.extend(
                    chunk[1..]
                        .iter()
                        .map(|o| (o.confidences[m] + o.answers[m]) as f64),
                );
                continue;
            };
            caught_runs += 1;
            for o in &chunk[c + 1..] {
                later.0 += 1;
                later.1 += (o.confidences[m] + o.answers[m]) as u64;
                assert_eq!(o.confidences[m] + o.answers[m], 0, "{a} vs {b}, match {k}");
                assert!(o.confidences[1 - m] > 0, "the other keeps confiding");
            }
            // In the run itself: no claim after the detection.
            let run = (k * e + c) as u64;
            let (events, _) = record(&exp, a, b, run);
            let at = events
                .iter()
                .position(|x| matches!(x, Event::LieDetected { by, .. } if *by == m))
                .expect("the detection is in the transcript");
            if at + 1 == events.len() {
                // Caught at the debrief, after the run: nothing follows.
                continue;
            }
            assert!(
                !events[at..]
                    .iter()
                    .any(|x| matches!(x, Event::Reservation { side, .. } if *side == m)),
                "{a} vs {b}, run {run}: {:?}",
                &events[at..]
            );
            assert!(
                events[at..]
                    .iter()
                    .any(|x| matches!(x, Event::Reservation { side, .. } if *side == 1 - m)),
                "the other kept talking after the detection in run {run}"
            );
        }
    }
    eprintln!(
        "mirroring caught a lie in {caught_runs} matches; {} later runs with {} disclosures; uncaught matches: {:.2} disclosures a run",
        later.0,
        later.1,
        super::mean(&uncaught).mean
    );
    assert!(caught_runs >= 10, "{caught_runs}");
    assert!(later.0 >= 30, "{later:?}");
    // Without a catch mirroring keeps disclosing in every later run.
    assert!(uncaught.iter().all(|&d| d >= 1.0));
}

#[test]
fn a_share_of_none_or_all_gets_an_interval_of_positive_width() {
    // negsim lies printed "1.000 ±0.000" for bluffs caught in every match
    // and "0.0000 ±0.0000" for none caught in a run: the normal
    // approximation's interval has width 0 there, as if 20 matches made
    // the share certain. Wilson's interval over 20 matches with 20 catches
    // is [0.839, 1]; over 400 runs with none, [0, 0.0095].
    let cfg = negsim::config::parse(negsim::config::DEFAULT_CONFIG, "default").unwrap();
    let rows = negsim::run::lies::detection(&cfg, "default", 400, 20, &[0.0, 0.5]).unwrap();
    let mut all = 0;
    for r in &rows {
        for (p, (lo, hi), n) in [
            (r.caught_in_run, r.caught_in_run_ci95, r.runs as f64),
            (r.caught_in_match, r.caught_in_match_ci95, r.matches as f64),
        ] {
            assert!(lo <= p && p <= hi, "{r:?}");
            assert!(
                hi - lo > 1.0 / n,
                "an interval of width {} over {n}: {r:?}",
                hi - lo
            );
        }
        if r.caught_in_match == 1.0 {
            all += 1;
            let lo = r.caught_in_match_ci95.0;
            assert!(
                (lo - 0.8389).abs() < 1e-3,
                "Wilson's low end for 20 of 20: {lo}"
            );
        }
        if r.caught_in_run == 0.0 {
            let hi = r.caught_in_run_ci95.1;
            assert!(
                (hi - 0.00951).abs() < 1e-4,
                "Wilson's high end for 0 of 400: {hi}"
            );
        }
    }
    assert!(
        all >= 3,
        "a half-sd bluff is caught in every match: {rows:?}"
    );
}

#[test]
fn bluffs_escape_the_test_within_a_run_and_are_caught_over_a_match() {
    // negsim lies on the default config: within a run a consistent bluff
    // is rarely caught (its claims agree with each other); over a match the
    // first debrief reveals it and a grudging listener stops trusting.
    let cfg = negsim::config::parse(negsim::config::DEFAULT_CONFIG, "default").unwrap();
    let rows = negsim::run::lies::detection(&cfg, "default", 4_000, 20, &[0.0, 0.5]).unwrap();
    assert_eq!(rows.len(), 6, "3 listeners x 2 bluffs");
    for r in &rows {
        if r.bluff == 0.0 {
            // No bluff, no true detection, in a run or a match.
            assert_eq!((r.caught_in_run, r.caught_in_match), (0.0, 0.0), "{r:?}");
            assert!(r.first_catch_run.is_nan());
        } else {
            assert!(r.caught_in_run < 0.01, "{r:?}");
            assert!(r.caught_in_match_ci95.0 > 0.9, "{r:?}");
            assert!(r.first_catch_run >= 1.0 && r.first_catch_run < 3.0, "{r:?}");
        }
        if r.listener == "mirroring" && r.bluff > 0.0 {
            assert!(r.trust_start == 1.0 && r.trust_end < 0.1, "{r:?}");
        }
    }
    // The bluffer must be in the config: a clear error otherwise.
    let mut two = cfg.clone();
    two.strategies = vec!["open".into(), "guarded".into()];
    let e = negsim::run::lies::detection(&two, "x.toml", 100, 20, &[0.5])
        .unwrap_err()
        .to_string();
    assert!(e.contains("x.toml") && e.contains("probing"), "{e}");
}
