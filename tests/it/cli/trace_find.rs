//! `negsim trace --find EVENT` (the first run of a pairing where something
//! happens, checked against `runs.csv`), `--format md|html|json`, and the
//! hint to pass the config for a strategy defined in one.

use std::fs;

use crate::helpers::*;

/// What `--find` looks for, and whether a runs.csv row (by column) shows it.
const EVENTS: [(&str, &[&str]); 5] = [
    ("caught-lie", &["lies_detected_a", "lies_detected_b"]),
    ("leak", &["leaks_a", "leaks_b"]),
    ("walk-away", &["walk_away"]),
    ("no-deal", &["deal"]),
    ("bluff", &["bluffs_a", "bluffs_b"]),
];

fn happened(event: &str, header: &[String], row: &[String]) -> bool {
    let cell = |c: &str| &row[col(header, c, "runs.csv")];
    match event {
        "walk-away" => !cell("walk_away").is_empty(),
        "no-deal" => cell("deal") == "0",
        _ => EVENTS
            .iter()
            .find(|(e, _)| *e == event)
            .unwrap()
            .1
            .iter()
            .any(|c| cell(c).parse::<u32>().unwrap() > 0),
    }
}

/// The run `--find` picked, as it says on stderr.
fn picked(out: &Out) -> u64 {
    let rest = out
        .stderr
        .strip_prefix("Run ")
        .unwrap_or_else(|| panic!("stderr does not say the run: {}", out.describe()));
    rest.split(' ').next().unwrap().parse().unwrap()
}

/// For each event, `--find` picks the first run of the pairing where
/// runs.csv shows it (none of the earlier runs does), says which on stderr,
/// and shows that very run (the same transcript as `--run N`). Checked in
/// the default scenario and in matches (`repeated.toml`), where memory
/// carries from run to run.
#[test]
fn find_picks_the_first_run_where_it_happens() {
    let cwd = tmp();
    for (name, a, b) in [
        ("default.toml", "probing", "guarded"),
        ("repeated.toml", "mirroring", "probing"),
    ] {
        let text = fs::read_to_string(config(name)).unwrap();
        let mut t: toml::Table = toml::from_str(&text).unwrap();
        t.insert(
            "strategies".into(),
            toml::Value::Array(vec![a.into(), b.into()]),
        );
        let cfg = cwd.path().join(name);
        fs::write(&cfg, toml::to_string(&t).unwrap()).unwrap();
        let out_dir = cwd.path().join(format!("res-{name}"));
        let out = negsim(
            cwd.path(),
            &[
                "run",
                s(&cfg),
                "--runs",
                "3000",
                "--per-run",
                "--no-charts",
                "-q",
                "--out",
                s(&out_dir),
            ],
        );
        assert_ok(&out, "negsim run --per-run");
        let (header, rows) = read_csv(&out_dir.join("runs.csv"));
        let (ia, ib, ir) = (
            col(&header, "strategy_a", "runs.csv"),
            col(&header, "strategy_b", "runs.csv"),
            col(&header, "run", "runs.csv"),
        );
        let mut pairing: Vec<&Vec<String>> =
            rows.iter().filter(|r| r[ia] == a && r[ib] == b).collect();
        pairing.sort_by_key(|r| r[ir].parse::<u64>().unwrap());
        assert_eq!(pairing.len(), 3000);
        for (event, _) in EVENTS {
            let want = pairing
                .iter()
                .position(|r| happened(event, &header, r))
                .unwrap_or_else(|| panic!("{name}: no {event} in 3000 runs of {a} vs {b}"));
            let args = ["trace", "--a", a, "--b", b, "--find", event, s(&cfg)];
            let out = negsim(cwd.path(), &args);
            assert_ok(&out, &args.join(" "));
            assert_eq!(picked(&out), want as u64, "{name} {event}: {}", out.stderr);
            assert!(
                out.stdout
                    .starts_with(&format!("negsim trace: A ({a}) vs B ({b})"))
                    && out
                        .stdout
                        .lines()
                        .next()
                        .unwrap()
                        .ends_with(&format!("run {want}")),
                "{name} {event}: {}",
                out.stdout.lines().next().unwrap_or("")
            );
            let again = negsim(
                cwd.path(),
                &[
                    "trace",
                    "--a",
                    a,
                    "--b",
                    b,
                    "--run",
                    &want.to_string(),
                    s(&cfg),
                ],
            );
            assert_ok(&again, "trace --run");
            assert_eq!(
                again.stdout, out.stdout,
                "{name} {event}: --find and --run differ"
            );
        }
    }
}

/// A search that finds nothing: exit 2 naming the pairing, the runs searched
/// and what to try; a bad event name is refused by the parser.
#[test]
fn find_that_finds_nothing_says_so() {
    let cwd = tmp();
    let out = negsim(
        cwd.path(),
        &[
            "trace", "--a", "open", "--b", "open", "--find", "bluff", "--limit", "200",
        ],
    );
    assert_one_user_error(
        &out,
        &["open vs open", "runs 0 to 199", "a bluff", "--limit"],
        "open never bluffs",
    );
    let out = negsim(
        cwd.path(),
        &["trace", "--a", "open", "--b", "open", "--find", "lie"],
    );
    assert_eq!(out.code, Some(2), "{}", out.describe());
    assert!(out.stderr.contains("caught-lie"), "{}", out.stderr);
    let out = negsim(
        cwd.path(),
        &[
            "trace", "--a", "open", "--b", "open", "--find", "leak", "--run", "3",
        ],
    );
    assert_eq!(out.code, Some(2), "--find with --run: {}", out.describe());
    // A search bound with an extra zero or three is refused, not run for hours.
    for limit in ["0", "100000001"] {
        let out = negsim(
            cwd.path(),
            &[
                "trace", "--a", "open", "--b", "open", "--find", "bluff", "--limit", limit,
            ],
        );
        assert_one_user_error(
            &out,
            &[&format!("--limit {limit}"), "1 to 100,000,000 runs"],
            "a search bound out of range",
        );
    }
    assert!(entries(cwd.path()).is_empty());
}

/// `--format md|html|json` say what the text transcript says: the same
/// lines as list items (escaped), a self-contained HTML page, and JSON with
/// the sections and the outcome of that run.
#[test]
fn formats_for_handouts() {
    let cwd = tmp();
    let base = ["trace", "--a", "probing", "--b", "open", "--run", "5"];
    let run = |format: Option<&str>| {
        let mut args = base.to_vec();
        if let Some(f) = format {
            args.extend(["--format", f]);
        }
        let out = negsim(cwd.path(), &args);
        assert_ok(&out, &args.join(" "));
        out.stdout
    };
    let text = run(None);
    assert_eq!(run(Some("text")), text);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let md = run(Some("md"));
    assert!(
        md.starts_with("# negsim trace: A (probing) vs B (open)"),
        "{md}"
    );
    assert!(md.contains("\n## Off the record\n\n- round 1\n  - A (probing), in confidence: "));
    assert!(md.contains("\\[bluff: true value "), "brackets escaped");
    let unescaped = md.replace('\\', "");
    for l in &lines[1..] {
        let l = l.trim();
        assert!(unescaped.contains(l), "md lacks {l:?}");
    }
    let html = run(Some("html"));
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
    assert!(
        !html.contains("src=") && !html.contains("href="),
        "not self-contained"
    );
    assert!(html.contains("<h2>Off the record</h2>"));
    assert!(
        html.contains("in confidence: &quot;between us, I can't"),
        "{html}"
    );
    let headings = text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with(' '))
        .count()
        - 1;
    assert_eq!(html.matches("<h2>").count(), headings);
    assert_eq!(html.matches("<li>").count(), html.matches("</li>").count());
    let json: serde_json::Value = serde_json::from_str(&run(Some("json"))).expect("JSON");
    assert_eq!(json["a"], "probing");
    assert_eq!(json["b"], "open");
    assert_eq!(json["run"], 5);
    assert_eq!(json["seed"], 42);
    assert_eq!(json["title"].as_str(), Some(lines[0]));
    let sections = json["sections"].as_array().unwrap();
    let headings: Vec<&str> = sections
        .iter()
        .map(|s| s["heading"].as_str().unwrap())
        .collect();
    assert!(
        headings.contains(&"Off the record") && headings.contains(&"Outcome"),
        "{headings:?}"
    );
    // The outcome agrees with runs.csv's row for run 5.
    let out = negsim(
        cwd.path(),
        &[
            "run",
            "--runs",
            "6",
            "--per-run",
            "--no-charts",
            "-q",
            "--out",
            "r",
        ],
    );
    assert_ok(&out, "run --per-run");
    let (header, rows) = read_csv(&cwd.path().join("r").join("runs.csv"));
    let c = |n: &str| col(&header, n, "runs.csv");
    let row = rows
        .iter()
        .find(|r| {
            r[c("strategy_a")] == "probing" && r[c("strategy_b")] == "open" && r[c("run")] == "5"
        })
        .expect("run 5 of probing vs open");
    let o = &json["outcome"];
    assert_eq!(o["deal"].as_bool().unwrap(), row[c("deal")] == "1");
    assert_eq!(
        o["bluffs_a"].as_u64().unwrap().to_string(),
        row[c("bluffs_a")]
    );
    let close = |j: &serde_json::Value, csv: &str| {
        (j.as_f64().unwrap() - csv.parse::<f64>().unwrap()).abs()
            < 1e-6 * (1.0 + j.as_f64().unwrap().abs())
    };
    assert!(close(&o["surplus_a"], &row[c("surplus_a")]), "{o}");
    assert!(close(&o["reservation_b"], &row[c("reservation_b")]), "{o}");
}

/// A strategy a config defines, asked for without the config: the message
/// says to pass the config.
#[test]
fn config_strategy_without_config_suggests_passing_it() {
    let cwd = tmp();
    let out = negsim(cwd.path(), &["trace", "--a", "soft-prober", "--b", "open"]);
    assert_one_user_error(
        &out,
        &["unknown strategy 'soft-prober'", "--a", "pass it", "CONFIG"],
        "trace --a soft-prober without its config",
    );
    let cfg = config("custom-strategy.toml");
    let out = negsim(
        cwd.path(),
        &["trace", "--a", "soft-prober", "--b", "open", s(&cfg)],
    );
    assert_ok(&out, "trace with the config");
}
