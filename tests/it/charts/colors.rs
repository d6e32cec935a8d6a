//! Strategies keep one colour in every experiment: the presets their own,
//! whatever their place in the strategy list; custom strategies the
//! remaining palette colours in list order.

use super::tournament;
use crate::helpers::{col, config, read_csv, tmp};
use std::fs;
use std::path::Path;

/// (strategy, bar colour) of the ranking chart, in ranking order.
fn bar_colors(dir: &Path) -> Vec<(String, String)> {
    let (h, rows) = read_csv(&dir.join("ranking.csv"));
    let s = col(&h, "strategy", "ranking.csv");
    let svg = fs::read_to_string(dir.join("charts/ranking.svg")).expect("ranking.svg");
    // The bars are the rects drawn at 0.9 opacity, left to right.
    let fills: Vec<String> = svg
        .split("<rect ")
        .skip(1)
        .filter(|r| r.contains("opacity=\"0.9\""))
        .filter_map(|r| r.split("fill=\"").nth(1))
        .map(|f| f[..7].to_string())
        .collect();
    assert_eq!(fills.len(), rows.len(), "bars in ranking.svg: {fills:?}");
    rows.iter().map(|r| r[s].clone()).zip(fills).collect()
}

#[test]
fn presets_keep_their_colour_and_custom_strategies_take_the_next() {
    let t = tmp();
    let text = fs::read_to_string(config("default.toml")).expect("default.toml");
    let mut reordered: String = text
        .lines()
        .map(|l| {
            if l.starts_with("strategies") {
                r#"strategies = ["probing", "soft", "guarded", "open"]"#
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    reordered.push_str("\n\n[[strategy]]\nname = \"soft\"\nbase = \"probing\"\nbluff = 0.2\n");
    let cfg = t.path().join("reordered.toml");
    fs::write(&cfg, reordered).expect("write config");
    let default = tournament(t.path(), "default", None, &[]);
    let custom = tournament(t.path(), "reordered", Some(&cfg), &[]);
    let expected = |name: &str| match name {
        "open" => "#0072B2",
        "guarded" => "#E69F00",
        "mirroring" => "#009E73",
        "probing" => "#CC79A7",
        "soft" => "#D55E00",
        other => panic!("unexpected strategy {other}"),
    };
    for dir in [&default, &custom] {
        let bars = bar_colors(dir);
        for (name, fill) in &bars {
            assert_eq!(fill, expected(name), "{name} in {}", dir.display());
        }
    }
    assert_eq!(bar_colors(&custom).len(), 4);
}
