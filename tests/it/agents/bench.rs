//! `negsim bench`: the example agents against every preset.

use super::*;
use crate::helpers::image::Image;

/// Bench `script` for `runs` runs per opponent and role into `dir/bench`;
/// returns bench.csv's rows as header-keyed maps, the last one overall.
fn bench(
    dir: &Path,
    script: &str,
    runs: &str,
) -> (PathBuf, Vec<std::collections::HashMap<String, String>>) {
    let out_dir = dir.join(format!("bench-{script}"));
    let agent = format!("python3 {}", s(&example(script)));
    let out = negsim(
        dir,
        &[
            "bench",
            "--agent",
            &agent,
            "--runs",
            runs,
            "--out",
            s(&out_dir),
        ],
    );
    assert_ok(&out, &format!("bench of {script}"));
    assert!(out.stdout.contains("overall"), "{}", out.stdout);
    let (header, rows) = read_csv(&out_dir.join("bench.csv"));
    let rows = rows
        .into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect();
    (out_dir, rows)
}

fn num(m: &std::collections::HashMap<String, String>, k: &str) -> f64 {
    m[k].parse()
        .unwrap_or_else(|_| panic!("{k} = {:?} is not a number", m[k]))
}

#[test]
fn bench_counts_the_bluffers_lies_and_draws_its_chart() {
    let dir = tmp();
    let (out_dir, rows) = bench(dir.path(), "bluffer", "20");
    let opponents: Vec<&str> = rows.iter().map(|r| r["opponent"].as_str()).collect();
    assert_eq!(
        opponents,
        ["open", "guarded", "mirroring", "probing", "overall"]
    );
    let overall = rows.last().unwrap();
    assert!(num(overall, "lies_told") > 0.0, "{overall:?}");
    // One prior sd in its favour, clamped at the support's edge.
    let size = num(overall, "lie_size_sd");
    assert!(size > 0.5 && size <= 1.0 + 1e-9, "lie size {size}");
    assert_eq!(num(overall, "runs"), 160.0);
    assert_eq!(num(overall, "forfeits"), 0.0);
    let png = Image::load(&out_dir.join("charts/bench_gap.png")).expect("a PNG chart");
    assert!(png.w >= 800 && png.h >= 500);
    let st = png.stats(0.0, 0.0, 1.0, 1.0);
    assert!(st.colourful > 1000, "the chart looks empty: {st:?}");
    let md = std::fs::read_to_string(out_dir.join("report.md")).unwrap();
    assert!(
        md.contains("## Bench") && md.contains("charts/bench_gap.png"),
        "{md}"
    );
    assert!(out_dir.join("report.html").is_file());
}

#[test]
fn bench_finds_no_lie_of_the_truthful_agent_and_an_interval_on_its_gap() {
    let dir = tmp();
    let (_, rows) = bench(dir.path(), "truthful", "20");
    for r in &rows {
        assert_eq!(num(r, "lies_told"), 0.0, "{r:?}");
        let (gap, ci) = (num(r, "gap"), num(r, "gap_ci95"));
        assert!(gap.is_finite() && ci > 0.0, "gap {gap} ± {ci} in {r:?}");
        // The best response is the best preset on the same draws: its
        // surplus minus the agent's is the gap.
        let d = num(r, "best_response_surplus") - num(r, "surplus");
        assert!((d - gap).abs() <= 1e-6 * gap.abs().max(1.0), "{r:?}");
        assert!(
            num(r, "bits_given") > 0.0,
            "the truthful agent gave nothing away"
        );
    }
}

#[test]
fn bench_scores_the_readers_belief_reports() {
    let dir = tmp();
    let (_, rows) = bench(dir.path(), "reader", "20");
    let overall = rows.last().unwrap();
    assert_eq!(num(overall, "belief_reports"), 160.0, "{overall:?}");
    let (crps, prior) = (num(overall, "crps"), num(overall, "prior_crps"));
    assert!(crps > 0.0 && crps < 2.0, "crps {crps}");
    assert!(prior > 0.0, "prior crps {prior}");
    // It says nothing about itself.
    assert_eq!(num(overall, "lies_told"), 0.0);
    assert_eq!(num(overall, "bits_given"), 0.0);
}
