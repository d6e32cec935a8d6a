//! Issue 21, charts readable with six strategies (tests/configs/six-strategies.toml):
//! the information chart is one panel per focal strategy (no spot piles up
//! rings, no label counts "x2", no two labels overlap); a sweep metric with
//! six bands is drawn as six small multiples whose bands never overlap; and
//! `--x` chooses the swept parameter on the x axis of `sweep` and `plot`,
//! refusing (exit 2, with the nearest name) one that is not swept.

use std::fs;
use std::path::Path;

use super::tournament;
use crate::helpers::image::Image;
use crate::helpers::*;

/// The six strategies of tests/configs/six-strategies.toml.
const SIX: [&str; 6] = [
    "open",
    "guarded",
    "mirroring",
    "probing",
    "soft-prober",
    "tough-guard",
];

/// Each `<text>`: its text, font size and estimated box (x0, y0, x1, y1),
/// the width at a lower bound of 0.5 em per character (DejaVu Sans averages
/// more), so that boxes that overlap here overlap on the picture.
fn texts(svg: &str) -> Vec<(String, f64, [f64; 4])> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let is_text = |n: &roxmltree::Node| n.is_element() && n.has_tag_name("text");
    doc.descendants()
        .filter(|n| is_text(n) && !n.ancestors().skip(1).any(|a| is_text(&a)))
        .map(|n| {
            let t: String = n
                .descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect();
            let num = |k: &str, d: f64| n.attribute(k).and_then(|v| v.parse().ok()).unwrap_or(d);
            let size = num("font-size", 16.0);
            let dy = n
                .attribute("dy")
                .and_then(|v| v.trim_end_matches("em").parse::<f64>().ok())
                .unwrap_or(0.0);
            let (x, baseline) = (num("x", 0.0), num("y", 0.0) + dy * size);
            let w = 0.5 * size * t.trim().chars().count() as f64;
            let x0 = match n.attribute("text-anchor") {
                Some("middle") => x - w / 2.0,
                Some("end") => x - w,
                _ => x,
            };
            (
                t.trim().to_string(),
                size,
                [x0, baseline - 0.7 * size, x0 + w, baseline],
            )
        })
        .collect()
}

fn overlap(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

#[test]
fn information_chart_has_one_panel_per_strategy_with_six() {
    let t = tmp();
    let dir = tournament(t.path(), "six", Some(&six_config()), &[]);
    let png = Image::load(&dir.join("charts/information.png")).expect("information.png");
    assert_eq!((png.w, png.h), (1600, 1000));
    let svg = fs::read_to_string(dir.join("charts/information.svg")).unwrap();
    let all = texts(&svg);
    let text: Vec<&str> = all.iter().map(|(t, ..)| t.as_str()).collect();
    for s in SIX {
        // A panel title (bold, the size of panel titles) and a legend entry per strategy.
        assert!(
            all.iter().any(|(t, size, _)| t == s && *size >= 29.0),
            "no panel titled {s}: {text:?}"
        );
        assert!(
            text.contains(&format!("vs {s}").as_str()),
            "no legend entry vs {s}"
        );
    }
    assert!(text.contains(&"balanced (y = x)"));
    assert!(
        !svg.contains('\u{d7}'),
        "a label counts points piled on one spot: {text:?}"
    );
    // One marker (or ring) per ordered pairing: 36, none drawn twice.
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let markers = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .filter(|n| n.attribute("fill").is_some_and(|f| f != "#FFFFFF"))
        .filter(|n| n.attribute("r").and_then(|r| r.parse::<f64>().ok()) >= Some(9.0))
        .count();
    assert_eq!(markers, 36);
    // No two labels of points (the smallest text) overlap.
    let labels: Vec<&(String, f64, [f64; 4])> = all.iter().filter(|(_, s, _)| *s <= 22.5).collect();
    assert!(labels.len() >= 18, "{labels:?}");
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            assert!(!overlap(&a.2, &b.2), "labels overlap: {a:?} and {b:?}");
        }
    }
}

/// `negsim sweep` of tests/configs/six-strategies.toml over `sweep` into `cwd/out`.
fn six_sweep(cwd: &Path, out: &str, sweep: &str, extra: &[&str]) -> Out {
    let text = fs::read_to_string(six_config()).unwrap();
    let cfg = cwd.join(format!("{out}.toml"));
    fs::write(&cfg, format!("{text}\n[sweep]\n{sweep}\n")).unwrap();
    let mut args = vec!["sweep", s(&cfg), "--runs", "150", "--out", out, "-q"];
    args.extend_from_slice(extra);
    negsim(cwd, &args)
}

/// The filled bands (`<polygon>` at opacity 0.2) of an SVG: colour and
/// bounding box (x0, y0, x1, y1).
fn bands(svg: &str) -> Vec<(String, [f64; 4])> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("polygon") && n.attribute("opacity") == Some("0.2"))
        .map(|n| {
            let pts: Vec<(f64, f64)> = n
                .attribute("points")
                .unwrap()
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect();
            let ext = |f: fn(&(f64, f64)) -> f64| {
                let v: Vec<f64> = pts.iter().map(f).collect();
                (
                    v.iter().copied().fold(f64::INFINITY, f64::min),
                    v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                )
            };
            let ((x0, x1), (y0, y1)) = (ext(|p| p.0), ext(|p| p.1));
            (n.attribute("fill").unwrap().to_string(), [x0, y0, x1, y1])
        })
        .collect()
}

#[test]
fn six_bands_of_a_sweep_are_small_multiples_that_never_overlap() {
    let t = tmp();
    let out = six_sweep(
        t.path(),
        "sw",
        "\"exchange.leak_probability\" = [0.0, 0.3, 0.6]",
        &[],
    );
    assert_ok(&out, "sweep six strategies");
    for (chart, metrics) in [("sweep_strategies", 1), ("sweep_outcomes", 2)] {
        let path = t.path().join(format!("sw/charts/{chart}"));
        let png = Image::load(&path.with_extension("png")).expect("png");
        assert_eq!((png.w, png.h), (1600, 1000));
        let svg = fs::read_to_string(path.with_extension("svg")).unwrap();
        let b = bands(&svg);
        assert_eq!(
            b.len(),
            6 * metrics,
            "{chart}: one band per strategy and metric: {b:?}"
        );
        for (i, x) in b.iter().enumerate() {
            for y in &b[i + 1..] {
                assert!(
                    !overlap(&x.1, &y.1),
                    "{chart}: bands {x:?} and {y:?} overlap: they merge into one block"
                );
            }
        }
        let all = texts(&svg);
        for s in SIX {
            let titles = all
                .iter()
                .filter(|(t, size, _)| t == s && *size >= 28.0)
                .count();
            assert_eq!(titles, metrics, "{chart}: panels titled {s}");
        }
        assert!(svg.contains("grey: the other strategies"), "{chart}");
        // A parameter with fractional values keeps fractional x ticks.
        let (xs, _) = crate::helpers::svg::tick_runs(&svg);
        assert!(
            xs.iter().flatten().any(|l| l.contains('.')),
            "{chart}: x ticks {xs:?}"
        );
    }
}

#[test]
fn x_chooses_the_swept_parameter_on_the_x_axis() {
    let t = tmp();
    let grid = "\"exchange.leak_probability\" = [0.0, 0.5]\n\"exchange.rounds\" = [0, 2, 4]";
    // Not a swept parameter: exit 2 naming the config and the nearest name,
    // nothing written.
    let out = six_sweep(t.path(), "sw", grid, &["--x", "exchange.round"]);
    assert_one_user_error(
        &out,
        &[
            "--x 'exchange.round'",
            "sw.toml",
            "did you mean 'exchange.rounds'",
        ],
        "sweep --x exchange.round",
    );
    assert_eq!(entries(t.path()), ["sw.toml"]);
    let out = six_sweep(t.path(), "sw", grid, &["--x", "exchange.rounds"]);
    assert_ok(&out, "sweep --x exchange.rounds");
    let charts = t.path().join("sw/charts");
    let lines = |prefix: &str| -> Vec<String> {
        entries(&charts)
            .into_iter()
            .filter(|f| f.starts_with(prefix) && f.ends_with(".svg"))
            .collect()
    };
    // One chart per value of the other parameter, rounds on the x axis.
    assert_eq!(
        lines("sweep_strategies"),
        [
            "sweep_strategies_exchange_leak_probability_0.svg",
            "sweep_strategies_exchange_leak_probability_0_5.svg"
        ]
    );
    let svg = fs::read_to_string(charts.join("sweep_strategies_exchange_leak_probability_0_5.svg"))
        .unwrap();
    let text = crate::helpers::svg::parse_svg(&svg).unwrap().all_text();
    assert!(
        text.contains("Strategies against exchange.rounds (exchange.leak_probability = 0.5)"),
        "{text}"
    );
    // plot --x by CSV column: the other set of charts, the old one removed.
    assert_ok(
        &negsim(
            t.path(),
            &["plot", "sw", "--x", "exchange_leak_probability"],
        ),
        "plot --x",
    );
    assert_eq!(
        lines("sweep_outcomes"),
        [
            "sweep_outcomes_exchange_rounds_0.svg",
            "sweep_outcomes_exchange_rounds_2.svg",
            "sweep_outcomes_exchange_rounds_4.svg"
        ]
    );
    let before = snapshot(&charts);
    let out = negsim(t.path(), &["plot", "sw", "--x", "leak_probability"]);
    assert_one_user_error(
        &out,
        &["--x 'leak_probability'", "sw", "exchange.rounds"],
        "plot --x",
    );
    assert!(
        snapshot(&charts) == before,
        "a refused plot --x changed the charts"
    );
    // The report names the x axis each chart has.
    assert_ok(&negsim(t.path(), &["report", "sw"]), "report");
    let md = fs::read_to_string(t.path().join("sw/report.md")).unwrap();
    assert!(
        md.contains("## Strategies against exchange.leak_probability (exchange.rounds = 2)"),
        "{md}"
    );
    // A tournament has nothing to put on the x axis.
    let dir = tournament(t.path(), "t", None, &["--no-charts"]);
    let out = negsim(t.path(), &["plot", s(&dir), "--x", "exchange.rounds"]);
    assert_one_user_error(&out, &["--x", "tournament"], "plot --x on a tournament");
}

/// The colours of the six strategies, in config order (the chart palette).
const COLOURS: [[u8; 3]; 6] = [
    [0x00, 0x72, 0xB2],
    [0xE6, 0x9F, 0x00],
    [0x00, 0x9E, 0x73],
    [0xCC, 0x79, 0xA7],
    [0xD5, 0x5E, 0x00],
    [0x56, 0xB4, 0xE9],
];

/// tough-guard talks as guarded does and soft-prober asks as probing does,
/// so over the same opponents each learns exactly what the other learns:
/// their "bits learned" lines coincide. Both lines of each pair show (striped
/// in both colours) and the panel says which coincide; before, the later
/// line hid the earlier one (four lines for six strategies).
#[test]
fn coinciding_lines_of_a_sweep_panel_all_show() {
    let t = tmp();
    let out = six_sweep(t.path(), "sw", "\"exchange.rounds\" = [0, 1, 2, 4]", &[]);
    assert_ok(&out, "sweep six strategies over rounds");
    let (header, rows) = read_csv(&t.path().join("sw/sweep_ranking.csv"));
    let (si, bi, ri) = (
        col(&header, "strategy", "sweep_ranking.csv"),
        col(&header, "info_bits_mean", "sweep_ranking.csv"),
        col(&header, "exchange_rounds", "sweep_ranking.csv"),
    );
    let bits = |name: &str, rounds: &str| -> String {
        rows.iter()
            .find(|r| r[si] == name && r[ri] == rounds)
            .map(|r| r[bi].clone())
            .unwrap_or_else(|| panic!("no row of {name} at {rounds} rounds"))
    };
    for rounds in ["0", "1", "2", "4"] {
        assert_eq!(bits("guarded", rounds), bits("tough-guard", rounds));
        assert_eq!(bits("probing", rounds), bits("soft-prober", rounds));
    }
    assert_ne!(bits("guarded", "2"), bits("probing", "2"));
    let charts = t.path().join("sw/charts");
    let png = Image::load(&charts.join("sweep_strategies.png")).expect("png");
    // The bits learned panel: the right one of the bottom row.
    let panel = (0.52, 0.56, 1.0, 0.93);
    let counts: Vec<usize> = COLOURS
        .iter()
        .map(|c| png.count_colour(panel, *c, 10))
        .collect();
    for (s, n) in SIX.iter().zip(&counts) {
        assert!(
            *n >= 150,
            "{s}'s line hardly shows in the bits learned panel: {n} pixels of its colour \
             ({SIX:?}: {counts:?})"
        );
    }
    let svg = fs::read_to_string(charts.join("sweep_strategies.svg")).unwrap();
    let text = crate::helpers::svg::parse_svg(&svg).unwrap().all_text();
    assert!(
        text.contains("lines coincide: guarded = tough-guard \u{b7} probing = soft-prober"),
        "{text}"
    );
    // Only that panel has lines that coincide.
    assert_eq!(text.matches("coincide").count(), 1, "{text}");
}

/// The panels of the six-strategy information chart share one scale and
/// one set of tick positions on each axis (the first column had -5, 0, 5
/// on x where the others had -4, -2, .., 6: its frame is narrower by the
/// y axis label).
#[test]
fn information_panels_share_their_ticks() {
    let t = tmp();
    let dir = tournament(t.path(), "six", Some(&six_config()), &[]);
    let svg = fs::read_to_string(dir.join("charts/information.svg")).unwrap();
    let (xs, ys) = crate::helpers::svg::tick_runs(&svg);
    assert_eq!((xs.len(), ys.len()), (6, 6), "x {xs:?}, y {ys:?}");
    assert!(xs[0].len() >= 3 && ys[0].len() >= 3, "x {xs:?}, y {ys:?}");
    for (i, s) in SIX.iter().enumerate() {
        assert_eq!(xs[i], xs[0], "x ticks of {s} and of {}", SIX[0]);
        assert_eq!(ys[i], ys[0], "y ticks of {s} and of {}", SIX[0]);
    }
}

/// A sweep over a whole-valued parameter (exchange.rounds 0..4) labels the x
/// axes of every panel with whole numbers from 0 to 4, at least two of them:
/// the small multiples read "0.0, 2.5" (and with whole steps only, a lone
/// "0"), the wide panels 0, 1, 2, 3, 4.
#[test]
fn a_whole_valued_sweep_has_whole_x_ticks() {
    let t = tmp();
    let out = six_sweep(t.path(), "sw", "\"exchange.rounds\" = [0, 1, 2, 3, 4]", &[]);
    assert_ok(&out, "sweep six strategies over rounds 0..4");
    // Six small multiples and two panels; twelve small multiples.
    for (chart, panels) in [("sweep_strategies", 8), ("sweep_outcomes", 12)] {
        let path = t.path().join(format!("sw/charts/{chart}.svg"));
        let svg = fs::read_to_string(path).unwrap();
        let (xs, _) = crate::helpers::svg::tick_runs(&svg);
        assert_eq!(xs.len(), panels, "{chart}: x tick runs {xs:?}");
        for run in &xs {
            let values: Vec<i64> = run
                .iter()
                .filter(|l| !l.is_empty())
                .map(|l| {
                    l.parse()
                        .unwrap_or_else(|_| panic!("{chart}: x tick {l:?} is not whole: {xs:?}"))
                })
                .collect();
            assert!(values.len() >= 2, "{chart}: x ticks {run:?} of {xs:?}");
            assert_eq!(
                (values[0], values[values.len() - 1]),
                (0, 4),
                "{chart}: x ticks {run:?} do not span the rounds 0..4"
            );
        }
    }
}
