//! Issue 10, points 7 and 9: inputs that are valid but extreme, or not what
//! a config should be. Each is refused with exit code 2 and a message naming
//! the file and field, or handled; none crashes, hangs or exhausts memory.

use std::fs;
use std::path::Path;
use std::time::Duration;

use crate::helpers::svg::parse_svg;
use crate::helpers::*;

/// The default config with `from` replaced by `to` (which must be found).
fn default_with(from: &str, to: &str) -> String {
    let text = fs::read_to_string(config("default.toml")).unwrap();
    assert!(text.contains(from), "default.toml lacks {from:?}");
    text.replacen(from, to, 1)
}

fn refused(cwd: &Path, text: &str, expected: &[&str], what: &str) {
    let cfg = cwd.join("c.toml");
    fs::write(&cfg, text).unwrap();
    for args in [&["run", "c.toml", "-q"][..], &["check", "c.toml"][..]] {
        let out = negsim_within(cwd, args, Duration::from_secs(20))
            .unwrap_or_else(|| panic!("negsim {args:?} on {what} did not stop within 20 s"));
        assert_one_user_error(&out, expected, &format!("negsim {args:?}: {what}"));
    }
    assert_eq!(entries(cwd), ["c.toml"], "{what}: files written");
}

/// Point 9: a uniform range of +-1e308 used to give no deals and `inf`
/// values; a spread the location swamps panicked.
#[test]
fn extreme_distribution_parameters_are_refused() {
    let cwd = tmp();
    let range = r#"buyer_value = { dist = "uniform", low = 40000, high = 60000 }"#;
    let cases: [(&str, &[&str]); 5] = [
        (
            r#"buyer_value = { dist = "uniform", low = -1e308, high = 1e308 }"#,
            &["c.toml", "scenario.buyer_value.low", "-1e308", "1e12"],
        ),
        (
            r#"buyer_value = { dist = "uniform", low = 0, high = 1e-300 }"#,
            &["scenario.buyer_value.high", "1e-300", "spread is too small"],
        ),
        (
            r#"buyer_value = { dist = "uniform", low = 1e11, high = 1.00000000001e11 }"#,
            &[
                "scenario.buyer_value.high",
                "width 1",
                "spread is too small",
            ],
        ),
        (
            r#"buyer_value = { dist = "normal", mean = 5e4, sd = 1e13 }"#,
            &["scenario.buyer_value.sd", "10000000000000", "1e12"],
        ),
        (
            r#"buyer_value = { dist = "normal", mean = 5e4, sd = 1e-9 }"#,
            &["scenario.buyer_value.sd", "1e-9", "spread is too small"],
        ),
    ];
    for (line, expected) in cases {
        refused(cwd.path(), &default_with(range, line), expected, line);
    }
}

/// Point 9: sweeping the seed, the runs or the strategies gave charts and
/// a manifest describing only the first cell.
#[test]
fn seed_runs_and_strategies_cannot_be_swept() {
    let cwd = tmp();
    let base = fs::read_to_string(config("default.toml")).unwrap();
    for (line, field) in [
        ("\"seed\" = [1, 2]", "sweep.\"seed\""),
        ("\"runs\" = [10, 20]", "sweep.\"runs\""),
        (
            "strategies = [[\"open\"], [\"open\", \"guarded\"]]",
            "sweep.\"strategies\"",
        ),
    ] {
        let text = format!("{base}\n[sweep]\n{line}\n");
        let cfg = cwd.path().join("s.toml");
        fs::write(&cfg, text).unwrap();
        for args in [&["sweep", "s.toml", "-q"][..], &["check", "s.toml"][..]] {
            let out = negsim(cwd.path(), args);
            assert_one_user_error(&out, &["s.toml", field, "cannot be swept"], line);
        }
        assert_eq!(entries(cwd.path()), ["s.toml"]);
    }
}

/// Point 9: a FIFO as config hung; a config has a size limit; a folder or
/// a device is not a config.
#[cfg(unix)]
#[test]
fn only_regular_files_of_bounded_size_are_read_as_configs() {
    let cwd = tmp();
    let fifo = cwd.path().join("fifo.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo failed");
    let huge = cwd.path().join("huge.toml");
    fs::write(&huge, "# padding\n".repeat(110_000)).unwrap();
    fs::create_dir(cwd.path().join("dir.toml")).unwrap();
    let cases: [(&str, &[&str]); 4] = [
        ("fifo.toml", &["fifo.toml", "not a regular file"]),
        ("/dev/zero", &["/dev/zero", "not a regular file"]),
        ("huge.toml", &["huge.toml", "1024 KiB"]),
        ("dir.toml", &["dir.toml", "folder"]),
    ];
    for (file, expected) in cases {
        for cmd in ["run", "check", "strategies", "trace"] {
            let mut args = vec![cmd, file];
            match cmd {
                "run" => args.push("-q"),
                "trace" => args.extend(["--a", "open", "--b", "open"]),
                _ => {}
            }
            let out = negsim_within(cwd.path(), &args, Duration::from_secs(20))
                .unwrap_or_else(|| panic!("negsim {} did not stop within 20 s", args.join(" ")));
            assert_one_user_error(&out, expected, &args.join(" "));
        }
    }
    // --from takes a manifest: the same rules.
    let out = negsim_within(
        cwd.path(),
        &["run", "--from", "fifo.toml", "-q"],
        Duration::from_secs(20),
    )
    .expect("run --from a FIFO did not stop within 20 s");
    assert_one_user_error(
        &out,
        &["fifo.toml", "not a regular file"],
        "run --from a FIFO",
    );
}

/// Point 9: a strategy called `strategy` (the name of the matrix files'
/// label column) garbled both matrix charts and stopped `run`.
#[test]
fn a_strategy_called_strategy_is_an_ordinary_name() {
    let cwd = tmp();
    let text = default_with(
        r#"strategies = ["open", "guarded", "mirroring", "probing"]"#,
        r#"strategies = ["strategy", "open"]"#,
    ) + "\n[[strategy]]\nname = \"strategy\"\nbase = \"guarded\"\n";
    fs::write(cwd.path().join("c.toml"), text).unwrap();
    let out = negsim(
        cwd.path(),
        &[
            "run",
            "c.toml",
            "--runs",
            "200",
            "--per-run",
            "--out",
            "r",
            "-q",
        ],
    );
    assert_ok(&out, "run with a strategy called strategy");
    let r = cwd.path().join("r");
    let (header, rows) = read_csv(&r.join("matrix.csv"));
    assert_eq!(header, ["strategy", "strategy", "open"]);
    assert_eq!(
        rows.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        ["strategy", "open"]
    );
    let svg = fs::read_to_string(r.join("charts/matrix.svg")).unwrap();
    let texts = parse_svg(&svg).unwrap().texts;
    // A row label and a column label each for `strategy` and `open`, plus
    // the row axis's title `strategy`.
    let count = |w: &str| texts.iter().filter(|t| t.as_str() == w).count();
    assert_eq!(
        (count("strategy"), count("open")),
        (3, 2),
        "matrix.svg texts: {texts:?}"
    );
    let evolve = [
        "evolve",
        "r",
        "-q",
        "--generations",
        "20",
        "--moran-runs",
        "5",
    ];
    assert_ok(&negsim(cwd.path(), &evolve), "evolve");
    let (h, rows) = read_csv(&r.join("fixation.csv"));
    let resident = col(&h, "resident", "fixation.csv");
    assert!(
        rows.iter().any(|row| row[resident] == "strategy"),
        "fixation.csv lost the name"
    );
    assert_ok(&negsim(cwd.path(), &["plot", "r"]), "plot");
    assert_ok(&negsim(cwd.path(), &["report", "r"]), "report");
}

/// Point 7: a match's memory does not grow with its length. A match of
/// 100,000 runs per pairing (one match, played in lock step) peaks at
/// about the memory of a match of 20 runs (`peak_memory_bytes` in the
/// manifest, Linux).
#[cfg(target_os = "linux")]
#[test]
fn memory_is_constant_in_the_length_of_a_match() {
    let cwd = tmp();
    let peak = |match_runs: u64, out: &str| -> u64 {
        let text = default_with(
            r#"strategies = ["open", "guarded", "mirroring", "probing"]"#,
            r#"strategies = ["open", "guarded"]"#,
        )
        .replacen("runs = 1 ", &format!("runs = {match_runs} "), 1);
        let cfg = format!("{out}.toml");
        fs::write(cwd.path().join(&cfg), text).unwrap();
        let runs = match_runs.to_string();
        let o = negsim(
            cwd.path(),
            &[
                "run",
                &cfg,
                "--runs",
                &runs,
                "--out",
                out,
                "-q",
                "--no-charts",
            ],
        );
        assert_ok(&o, &format!("match.runs = {match_runs}"));
        let m = read_manifest(&cwd.path().join(out));
        assert_eq!(m["config"]["match"]["runs"].as_u64(), Some(match_runs));
        m["peak_memory_bytes"].as_u64().expect("peak_memory_bytes")
    };
    let short = peak(20, "short");
    let long = peak(100_000, "long");
    let mb = |b: u64| b as f64 / (1 << 20) as f64;
    assert!(
        long < short + (8 << 20) && long < 50 << 20,
        "peak memory {:.1} MB with match.runs = 100000 against {:.1} MB with 20",
        mb(long),
        mb(short)
    );
}
