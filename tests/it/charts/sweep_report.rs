//! Issue 21, the report of a sweep says what is swept: a swept strategy
//! parameter is described by the values it takes over the grid, never by
//! the first cell's value (in the strategies table and in the table of
//! every parameter), for a `[[strategy]]` of the config and for a preset.

use std::fs;

use super::report_stats::html_table;
use crate::helpers::{assert_ok, negsim, s, six_config, tmp};

/// The report of a sweep of `param` over `values` on tests/configs/six-strategies.toml.
fn report(param: &str, values: &str) -> String {
    let t = tmp();
    let text = fs::read_to_string(six_config()).unwrap();
    let cfg = t.path().join("s.toml");
    fs::write(&cfg, format!("{text}\n[sweep]\n\"{param}\" = {values}\n")).unwrap();
    let out = negsim(
        t.path(),
        &[
            "sweep",
            s(&cfg),
            "--runs",
            "20",
            "--out",
            "sw",
            "-q",
            "--no-charts",
        ],
    );
    assert_ok(&out, "negsim sweep");
    assert_ok(&negsim(t.path(), &["report", "sw"]), "negsim report");
    fs::read_to_string(t.path().join("sw/report.html")).unwrap()
}

/// The row of `name` in table `id`.
fn row(html: &str, id: &str, name: &str) -> Vec<String> {
    html_table(html, id)
        .into_iter()
        .find(|r| r[0] == name)
        .unwrap_or_else(|| panic!("no row {name} in table {id}"))
}

#[test]
fn a_swept_strategy_is_described_by_its_range_not_the_first_cell() {
    let html = report("strategy.soft-prober.bluff", "[0.1, 0.5, 1.0]");
    let def = row(&html, "strategies", "soft-prober");
    assert_eq!(
        def[1], "probing with bluff swept over 0.1, 0.5, 1",
        "{def:?}"
    );
    assert_eq!(def[2], "probes every round but bluffs only a little");
    // The table of every parameter: the range, one column per strategy.
    let head_at = |name: &str| {
        let start = html.find("<table id=\"parameters\"").unwrap();
        let head = &html[start..start + html[start..].find("</tr>").unwrap()];
        head.split("<th>")
            .skip(1)
            .position(|c| c.starts_with(&format!("{name}</th>")))
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let bluff = row(&html, "parameters", "bluff");
    assert_eq!(
        bluff[head_at("soft-prober")],
        "0.1, 0.5, 1 (swept) *",
        "{bluff:?}"
    );
    assert_eq!(bluff[head_at("probing")], "0.5", "{bluff:?}");
    // A preset's parameter, over more values than fit a list.
    let html = report(
        "strategy.probing.bluff",
        "{ from = 0.0, to = 3.0, steps = 13 }",
    );
    let def = row(&html, "strategies", "probing");
    assert_eq!(
        def[1], "preset, bluff swept over 0 to 3, 13 values",
        "{def:?}"
    );
    let bluff = row(&html, "parameters", "bluff");
    assert!(
        bluff.contains(&"0 to 3, 13 values (swept) *".to_string()),
        "{bluff:?}"
    );
}
