//! `runs.csv` of a `multi_issue` tournament carries the weights each side
//! drew (`weight_a_k`, `weight_b_k`), enough to recompute the Pareto and
//! Nash distances from the file alone.

use crate::helpers::*;

type Point = (f64, f64);

/// The Pareto frontier of linear utilities u_A = sum wa_k x_k,
/// u_B = sum wb_k (1 - x_k): give A the issues it values most relative to B
/// first.
fn frontier(wa: &[f64], wb: &[f64]) -> Vec<Point> {
    let mut order: Vec<usize> = (0..wa.len()).collect();
    order.sort_by(|&i, &j| (wa[j] / wb[j]).total_cmp(&(wa[i] / wb[i])));
    let (mut ua, mut ub) = (0.0, wb.iter().sum::<f64>());
    let mut pts = vec![(ua, ub)];
    for k in order {
        ua += wa[k];
        ub -= wb[k];
        pts.push((ua, ub.max(0.0)));
    }
    pts
}

fn segment_distance(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    ((p.0 - a.0 - t * dx).powi(2) + (p.1 - a.1 - t * dy).powi(2)).sqrt()
}

/// The Nash point by a fine search along the frontier.
fn nash(pts: &[Point], r: Point) -> Point {
    let mut best = (f64::NEG_INFINITY, r);
    for w in pts.windows(2) {
        for i in 0..=20_000 {
            let t = i as f64 / 20_000.0;
            let p = (
                w[0].0 + t * (w[1].0 - w[0].0),
                w[0].1 + t * (w[1].1 - w[0].1),
            );
            if p.0 >= r.0 && p.1 >= r.1 {
                let v = (p.0 - r.0) * (p.1 - r.1);
                if v > best.0 {
                    best = (v, p);
                }
            }
        }
    }
    best.1
}

#[test]
fn multi_issue_runs_csv_has_the_drawn_weights() {
    let cwd = tmp();
    let cfg = config("integrative.toml");
    let out = negsim(
        cwd.path(),
        &[
            "run",
            s(&cfg),
            "--runs",
            "60",
            "--per-run",
            "--no-charts",
            "-q",
            "--out",
            "x",
        ],
    );
    assert_ok(&out, "negsim run integrative --per-run");
    let (header, rows) = read_csv(&cwd.path().join("x").join("runs.csv"));
    let n = 3;
    let at = |c: &str| col(&header, c, "runs.csv");
    // The weights follow the issues' shares.
    assert_eq!(at("weight_a_1"), at("x_3") + 1, "{header:?}");
    assert_eq!(at("weight_b_1"), at("weight_a_3") + 1, "{header:?}");
    assert!(!header.iter().any(|h| h == "weight_a_4"));
    let num = |r: &[String], c: &str| -> f64 { r[at(c)].parse().unwrap() };
    let (mut pareto_checked, mut nash_checked) = (0, 0);
    for r in &rows {
        let wa: Vec<f64> = (1..=n).map(|k| num(r, &format!("weight_a_{k}"))).collect();
        let wb: Vec<f64> = (1..=n).map(|k| num(r, &format!("weight_b_{k}"))).collect();
        for w in [&wa, &wb] {
            assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{w:?}");
            assert!(w.iter().all(|&x| x > 0.0), "{w:?}");
        }
        if r[at("pareto_distance")].is_empty() {
            continue;
        }
        let res = (num(r, "reservation_a"), num(r, "reservation_b"));
        let point = (res.0 + num(r, "surplus_a"), res.1 + num(r, "surplus_b"));
        let pts = frontier(&wa, &wb);
        let d = pts
            .windows(2)
            .map(|w| segment_distance(point, w[0], w[1]))
            .fold(f64::INFINITY, f64::min);
        let want = num(r, "pareto_distance");
        assert!(
            (d - want).abs() < 1e-9,
            "pareto distance {d} vs runs.csv {want}: {r:?}"
        );
        pareto_checked += 1;
        let np = nash(&pts, res);
        let dn = ((point.0 - np.0).powi(2) + (point.1 - np.1).powi(2)).sqrt();
        let want = num(r, "nash_distance");
        assert!(
            (dn - want).abs() < 1e-4,
            "nash distance {dn} vs runs.csv {want}: {r:?}"
        );
        nash_checked += 1;
    }
    assert!(
        pareto_checked > 100 && nash_checked > 100,
        "{pareto_checked} rows with a zone"
    );
    // The price scenario has no weights and no such columns.
    let out = negsim(
        cwd.path(),
        &[
            "run",
            "--runs",
            "5",
            "--per-run",
            "--no-charts",
            "-q",
            "--out",
            "p",
        ],
    );
    assert_ok(&out, "negsim run --per-run");
    let (header, _) = read_csv(&cwd.path().join("p").join("runs.csv"));
    assert!(
        !header.iter().any(|h| h.starts_with("weight_")),
        "{header:?}"
    );
}
