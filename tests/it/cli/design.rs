//! `configs/asymmetry-design.toml`: information asymmetry set by design
//! (`scenario.information` x `scenario.disclosure_noise`). On a few runs the
//! sweep writes `asymmetry_design.csv` and its chart, and the asymmetry the
//! design produced is ordered as designed: B learns (negative), nobody
//! (exactly 0), A learns (positive), shrinking towards 0 as the disclosure
//! gets noisier.

use crate::helpers::*;

#[test]
fn the_design_config_orders_the_asymmetry_as_designed() {
    let t = tmp();
    let cfg = config("asymmetry-design.toml");
    let o = negsim(
        t.path(),
        &["sweep", s(&cfg), "--runs", "400", "--out", "out", "-q"],
    );
    assert_ok(&o, "negsim sweep configs/asymmetry-design.toml");
    let out = t.path().join("out");
    for f in [
        "asymmetry_design.csv",
        "charts/asymmetry_design.png",
        "charts/asymmetry_design.svg",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let svg = std::fs::read_to_string(out.join("charts/asymmetry_design.svg")).unwrap();
    for label in [
        "set by design",
        "disclosed (A learns)",
        "efficiency (pooled",
    ] {
        assert!(svg.contains(label), "chart lacks {label:?}");
    }
    let (head, rows) = read_csv(&out.join("asymmetry_design.csv"));
    let file = "asymmetry_design.csv";
    let (info, noise, asym) = (
        col(&head, "scenario_information", file),
        col(&head, "scenario_disclosure_noise", file),
        col(&head, "asymmetry_mean", file),
    );
    for c in [
        "deal_rate_ci95",
        "efficiency_pooled",
        "surplus_a_mean",
        "surplus_b_ci95",
    ] {
        col(&head, c, file);
    }
    // One pairing (guarded), 3 settings x 6 noises.
    assert_eq!(rows.len(), 18);
    let series = |setting: &str| -> Vec<(f64, f64)> {
        rows.iter()
            .filter(|r| r[info] == setting)
            .map(|r| (r[noise].parse().unwrap(), r[asym].parse().unwrap()))
            .collect()
    };
    let (a, p, b) = (
        series("a_disclosed"),
        series("private"),
        series("b_disclosed"),
    );
    assert_eq!((a.len(), p.len(), b.len()), (6, 6, 6));
    assert!(p.iter().all(|&(_, x)| x == 0.0), "private: {p:?}");
    // An exact disclosure of a uniform value is worth log2(64) = 6 bits.
    assert_eq!(a[0], (0.0, -6.0));
    assert_eq!(b[0], (0.0, 6.0));
    for w in a.windows(2) {
        assert!(w[0].0 < w[1].0 && w[0].1 < w[1].1 && w[1].1 < 0.0, "{a:?}");
    }
    for w in b.windows(2) {
        assert!(w[0].0 < w[1].0 && w[0].1 > w[1].1 && w[1].1 > 0.0, "{b:?}");
    }
}

/// The noise is checked: negative or absurd values are refused by name.
#[test]
fn a_disclosure_noise_out_of_range_is_refused() {
    let t = tmp();
    let text = std::fs::read_to_string(config("asymmetry-design.toml")).unwrap();
    for bad in ["-0.5", "250.5"] {
        let cfg = text.replace(
            "disclosure_noise = 0.0",
            &format!("disclosure_noise = {bad}"),
        );
        let cfg = cfg[..cfg.find("[sweep]").unwrap()].to_string();
        std::fs::write(t.path().join("bad.toml"), cfg).unwrap();
        let o = negsim(t.path(), &["run", "bad.toml", "--runs", "10", "-q"]);
        assert_eq!(o.code, Some(2), "{bad}: {}", o.describe());
        assert!(
            o.stderr.contains("scenario.disclosure_noise") && o.stderr.contains(bad),
            "{bad}: {}",
            o.describe()
        );
    }
}
