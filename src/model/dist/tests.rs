use super::*;
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

fn spec(kind: DistKind, p: &[(&str, f64)]) -> DistSpec {
    let mut d = DistSpec::uniform(0.0, 1.0);
    d.dist = kind;
    d.low = None;
    d.high = None;
    for (k, v) in p {
        match *k {
            "low" => d.low = Some(*v),
            "high" => d.high = Some(*v),
            "mean" => d.mean = Some(*v),
            "sd" => d.sd = Some(*v),
            "alpha" => d.alpha = Some(*v),
            "beta" => d.beta = Some(*v),
            "mode" => d.mode = Some(*v),
            _ => unreachable!(),
        }
    }
    d
}

fn check_moments(spec: DistSpec) {
    let d = spec.build("t.toml", "x").unwrap();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    let n = 200_000;
    let (mut s, mut s2) = (0.0, 0.0);
    for _ in 0..n {
        let x = d.sample(&mut rng);
        s += x;
        s2 += x * x;
    }
    let m = s / n as f64;
    let sd = (s2 / n as f64 - m * m).sqrt();
    let tol = 5.0 * d.sd() / (n as f64).sqrt();
    assert!(
        (m - d.mean()).abs() < tol,
        "{spec:?}: mean {m} vs {}",
        d.mean()
    );
    assert!(
        (sd - d.sd()).abs() < 0.02 * d.sd(),
        "{spec:?}: sd {sd} vs {}",
        d.sd()
    );
}

#[test]
fn analytic_moments_match_samples() {
    check_moments(spec(
        DistKind::Uniform,
        &[("low", 40000.0), ("high", 60000.0)],
    ));
    check_moments(spec(DistKind::Normal, &[("mean", 5.0), ("sd", 2.0)]));
    check_moments(spec(
        DistKind::TruncatedNormal,
        &[("mean", 0.0), ("sd", 1.0), ("low", -0.5), ("high", 2.0)],
    ));
    check_moments(spec(
        DistKind::TruncatedNormal,
        &[("mean", 0.0), ("sd", 1.0), ("low", 2.5), ("high", 9.0)],
    ));
    check_moments(spec(
        DistKind::TruncatedNormal,
        &[("mean", 0.0), ("sd", 1.0), ("low", -6.0), ("high", -3.0)],
    ));
    check_moments(spec(
        DistKind::TruncatedNormal,
        &[("mean", 10.0), ("sd", 1.0), ("low", 12.0), ("high", 12.3)],
    ));
    check_moments(spec(
        DistKind::Beta,
        &[("alpha", 2.0), ("beta", 5.0), ("low", 0.0), ("high", 10.0)],
    ));
    check_moments(spec(
        DistKind::Triangular,
        &[("low", 0.0), ("high", 3.0), ("mode", 1.0)],
    ));
}

/// An sd far above the interval's width (found by the fuzzer: the
/// closed form cancelled to an sd of 0, and a bluff scale of 0 panicked):
/// the truncated normal is then all but uniform.
#[test]
fn truncated_normal_wider_than_its_interval_is_all_but_uniform() {
    for sd in [1e6, 1e10, 1e12] {
        let d = spec(
            DistKind::TruncatedNormal,
            &[
                ("mean", 50000.0),
                ("sd", sd),
                ("low", 35000.0),
                ("high", 65000.0),
            ],
        )
        .build("t", "x")
        .unwrap();
        let uniform_sd = 30000.0 / 12f64.sqrt();
        assert!(
            (d.mean() - 50000.0).abs() < 1e-6,
            "sd {sd}: mean {}",
            d.mean()
        );
        assert!(
            (d.sd() / uniform_sd - 1.0).abs() < 1e-4,
            "sd {sd}: {} vs {uniform_sd}",
            d.sd()
        );
    }
    check_moments(spec(
        DistKind::TruncatedNormal,
        &[("mean", 10.0), ("sd", 1.0), ("low", 12.0), ("high", 12.05)],
    ));
    // Both forms agree where they meet.
    let t = truncated::TruncNormal::new(0.0, 1.0, 0.5, 0.59);
    let (pa, pb) = (norm_pdf(0.5), norm_pdf(0.59));
    let m = (pa - pb) / t.mass;
    let v = 1.0 + (0.5 * pa - 0.59 * pb) / t.mass - m * m;
    let (nm, nv) = special::narrow_truncated_moments(0.5, 0.59);
    assert!(
        (nm - m).abs() < 1e-9 && (nv / v - 1.0).abs() < 1e-5,
        "{nm} {nv} vs {m} {v}"
    );
}

#[test]
fn uniform_moments_exact() {
    let d = spec(DistKind::Uniform, &[("low", 0.0), ("high", 1.0)])
        .build("t", "x")
        .unwrap();
    assert_eq!(d.mean(), 0.5);
    assert!((d.sd() * d.sd() - 1.0 / 12.0).abs() < 1e-15);
}

#[test]
fn rejects_impossible_parameters() {
    let e = spec(DistKind::Uniform, &[("low", 5.0), ("high", 5.0)])
        .build("c.toml", "scenario.buyer_value")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("c.toml") && e.contains("scenario.buyer_value.low") && e.contains("zero width"),
        "{e}"
    );
    let e = spec(DistKind::Normal, &[("mean", 0.0), ("sd", 0.0)])
        .build("c.toml", "v")
        .unwrap_err()
        .to_string();
    assert!(e.contains("v.sd") && e.contains("greater than 0"), "{e}");
    let e = spec(DistKind::Normal, &[("mean", f64::NAN), ("sd", 1.0)])
        .build("c.toml", "v")
        .unwrap_err()
        .to_string();
    assert!(e.contains("finite"), "{e}");
}
