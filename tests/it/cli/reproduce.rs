//! Reproducing an experiment: `negsim check` prints an editable config
//! (every strategy a `[[strategy]]` table with typed values), keys that would
//! be ignored are refused, and `negsim run --from MANIFEST` or
//! `negsim run results/x/config.toml` rebuild a results folder byte for byte.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::helpers::*;

/// Every file of `dir` (recursively, charts aside) by relative path.
fn data_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot(dir)
        .into_iter()
        .filter(|(k, _)| !k.starts_with("charts"))
        .collect()
}

/// manifest.json without the fields that measure time and memory, the
/// time it was written and the command that wrote it.
fn manifest_without_timing(dir: &Path) -> serde_json::Value {
    let mut m = read_manifest(dir);
    let o = m.as_object_mut().unwrap();
    o.remove("elapsed_seconds").expect("elapsed_seconds");
    o.remove("negotiations_per_second")
        .expect("negotiations_per_second");
    o.remove("peak_memory_bytes").expect("peak_memory_bytes");
    o.remove("written_at").expect("written_at");
    o.remove("command").expect("command");
    m
}

/// `negsim check` prints every strategy as a `[[strategy]]` table with
/// typed values (numbers as TOML numbers, switches as booleans); that output
/// is a config of the same experiment (the same CSV files, byte for byte),
/// and editing a value in it changes that strategy.
#[test]
fn check_prints_an_editable_config_of_the_same_experiment() {
    let cwd = tmp();
    let cfg = config("custom-strategy.toml");
    let out = negsim(cwd.path(), &["check", s(&cfg)]);
    assert_ok(&out, "negsim check custom-strategy.toml");
    let printed: toml::Table = toml::from_str(&out.stdout).expect("check prints TOML");
    assert!(!printed.contains_key("resolved_strategies"));
    let defs = printed["strategy"].as_array().expect("[[strategy]] tables");
    let names: Vec<&str> = defs.iter().map(|d| d["name"].as_str().unwrap()).collect();
    // The config's own strategies first, in its order, then each preset of
    // the tournament redefined as itself.
    assert_eq!(
        names,
        [
            "soft-prober",
            "cautious-mirror",
            "tough-guard",
            "open",
            "probing"
        ]
    );
    for d in defs {
        let t = d.as_table().unwrap();
        assert_eq!(t.len(), 3 + 17, "{}: every parameter: {t:?}", d["name"]);
        assert!(t["bluff"].as_float().is_some(), "{t:?}");
        assert!(t["reciprocity"].as_bool().is_some(), "{t:?}");
        assert!(t["bidding"].as_str().is_some(), "{t:?}");
    }
    let soft = &defs[0];
    assert_eq!(soft["base"].as_str(), Some("probing"));
    assert_eq!(soft["bluff"].as_float(), Some(0.2));
    let probing = &defs[4];
    assert_eq!(probing["base"].as_str(), Some("probing"));
    assert_eq!(probing["bluff"].as_float(), Some(0.5));

    // The printed config runs the same experiment.
    let printed_path = cwd.path().join("printed.toml");
    fs::write(&printed_path, &out.stdout).unwrap();
    for (file, dir) in [(&cfg, "a"), (&printed_path, "b")] {
        let out = negsim(
            cwd.path(),
            &[
                "run",
                s(file),
                "--runs",
                "30",
                "--out",
                dir,
                "-q",
                "--no-charts",
            ],
        );
        assert_ok(&out, &format!("negsim run {}", file.display()));
    }
    let csv = |dir: &str| -> BTreeMap<String, Vec<u8>> {
        data_files(&cwd.path().join(dir))
            .into_iter()
            .filter(|(k, _)| k.ends_with(".csv"))
            .collect()
    };
    let (a, b) = (csv("a"), csv("b"));
    assert!(a.len() >= 6, "{:?}", a.keys());
    assert_eq!(a, b, "the printed config gives other CSV files");

    // An edit in the printed config is what runs.
    let mut edited = printed.clone();
    let defs = edited["strategy"].as_array_mut().unwrap();
    defs[4].as_table_mut().unwrap()["bluff"] = toml::Value::Float(0.9);
    let edited_path = cwd.path().join("edited.toml");
    fs::write(&edited_path, toml::to_string(&edited).unwrap()).unwrap();
    let out = negsim(cwd.path(), &["strategies", s(&edited_path)]);
    assert_ok(&out, "negsim strategies edited.toml");
    let line = out
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("probing "))
        .nth(1)
        .unwrap_or_else(|| panic!("probing not listed:\n{}", out.stdout));
    assert!(line.contains(" bluff=0.9 "), "{line}");
}

/// A config holding the `[[resolved_strategies]]` tables that `negsim check`
/// used to print (and that were silently ignored) is refused, naming the
/// key and where to edit instead.
#[test]
fn resolved_strategies_tables_are_refused() {
    let cwd = tmp();
    let path = cwd.path().join("old-check.toml");
    let text = "name = \"x\"\n[scenario]\nkind = \"price\"\n\
        buyer_value = { dist = \"uniform\", low = 0, high = 1 }\n\
        seller_cost = { dist = \"uniform\", low = 0, high = 1 }\n\n\
        [[resolved_strategies]]\nname = \"open\"\n";
    fs::write(&path, text).unwrap();
    for cmd in ["check", "run", "strategies"] {
        let out = negsim(cwd.path(), &[cmd, s(&path)]);
        assert_one_user_error(
            &out,
            &[
                s(&path),
                "line 7",
                "unknown key 'resolved_strategies'",
                "[[strategy]]",
            ],
            &format!("negsim {cmd} with [[resolved_strategies]]"),
        );
    }
    assert_eq!(entries(cwd.path()), ["old-check.toml"]);
}

/// An unknown key anywhere (top level, a table, a `[[strategy]]`, an inline
/// distribution) is refused with the file, the line, the key with its table
/// and the nearest valid key.
#[test]
fn unknown_keys_name_the_key_and_the_nearest_valid_one() {
    let head = "name = \"x\"\n[scenario]\nkind = \"price\"\n\
        buyer_value = { dist = \"uniform\", low = 0, high = 1 }\n\
        seller_cost = { dist = \"uniform\", low = 0, high = 1 }\n";
    let cases: [(&str, &str, &str, &str); 5] = [
        (
            "name = \"x\"\nrnus = 5\n",
            "line 2",
            "unknown key 'rnus'",
            "did you mean 'runs'?",
        ),
        (
            &format!("{head}[exchange]\nleak_probabilty = 0.1\n"),
            "line 7",
            "unknown key 'exchange.leak_probabilty'",
            "did you mean 'leak_probability'?",
        ),
        (
            &format!("{head}[[strategy]]\nname = \"s\"\nbase = \"open\"\nbluf = 0.1\n"),
            "line 9",
            "unknown key 'strategy.bluf'",
            "did you mean 'bluff'?",
        ),
        (
            "name = \"x\"\n[scenario]\nkind = \"price\"\n\
             buyer_value = { dist = \"uniform\", low = 0, hihg = 1 }\n",
            "line 4",
            "unknown key 'scenario.buyer_value.hihg'",
            "did you mean 'high'?",
        ),
        (
            &format!("{head}[match]\ndebreif = false\n"),
            "line 7",
            "unknown key 'match.debreif'",
            "did you mean 'debrief'?",
        ),
    ]
    .map(|(t, a, b, c)| (Box::leak(t.to_string().into_boxed_str()) as &str, a, b, c));
    let cwd = tmp();
    for (i, (text, line, key, hint)) in cases.iter().enumerate() {
        let path = cwd.path().join(format!("c{i}.toml"));
        fs::write(&path, text).unwrap();
        let out = negsim(cwd.path(), &["check", s(&path)]);
        assert_one_user_error(&out, &[s(&path), line, key, hint], text);
    }
}

/// `negsim run --from results/x/manifest.json` (or the folder) and
/// `negsim run results/x/config.toml` rebuild the folder: every CSV file
/// (runs.csv and, once `evolve` ran, evolution.csv and fixation.csv
/// included) byte for byte, the manifest but for its timing fields.
#[test]
fn rerun_from_manifest_or_config_is_byte_identical() {
    let cwd = tmp();
    let cfg = config("integrative.toml");
    let run = |args: &[&str]| {
        let out = negsim(cwd.path(), args);
        assert_ok(&out, &format!("negsim {}", args.join(" ")));
    };
    run(&[
        "run",
        s(&cfg),
        "--runs",
        "40",
        "--seed",
        "5",
        "--per-run",
        "--out",
        "a",
        "-q",
    ]);
    run(&[
        "evolve",
        "a",
        "-q",
        "--generations",
        "30",
        "--moran-runs",
        "20",
        "--seed",
        "9",
    ]);
    let m = read_manifest(&cwd.path().join("a"));
    assert_eq!(m["evolution"]["generations"], 30);
    assert_eq!(m["evolution"]["moran_runs"], 20);
    assert_eq!(m["evolution"]["seed"], 9);
    run(&["run", "--from", "a/manifest.json", "--out", "b", "-q"]);
    run(&["run", "--from", "a", "--out", "c", "-q", "--threads", "1"]);
    run(&["run", "a/config.toml", "--per-run", "--out", "d", "-q"]);
    let a = data_files(&cwd.path().join("a"));
    for f in [
        "runs.csv",
        "evolution.csv",
        "fixation.csv",
        "config.toml",
        "ranking.csv",
    ] {
        assert!(a.contains_key(f), "a lacks {f}: {:?}", a.keys());
    }
    let without_manifest = |d: &str| {
        let mut files = data_files(&cwd.path().join(d));
        files.remove("manifest.json");
        files
    };
    let (mut ma, mb) = (
        manifest_without_timing(&cwd.path().join("a")),
        manifest_without_timing(&cwd.path().join("b")),
    );
    assert_eq!(
        without_manifest("a"),
        without_manifest("b"),
        "--from manifest.json"
    );
    assert_eq!(ma, mb, "manifest of --from manifest.json");
    assert_eq!(
        without_manifest("a"),
        without_manifest("c"),
        "--from folder"
    );
    // From config.toml: the tournament's files (evolve was not asked for).
    let mut a_only = without_manifest("a");
    a_only.remove("evolution.csv");
    a_only.remove("fixation.csv");
    assert_eq!(a_only, without_manifest("d"), "from config.toml");
    let o = ma.as_object_mut().unwrap();
    o.remove("evolution");
    let files = o["files"].as_array_mut().unwrap();
    files.retain(|f| f != "evolution.csv" && f != "fixation.csv");
    assert_eq!(ma, manifest_without_timing(&cwd.path().join("d")));
}

/// `--from` with something that is not a tournament's manifest, or with a
/// config as well: exit 2 with a message naming it.
#[test]
fn rerun_from_a_bad_manifest_is_refused() {
    let cwd = tmp();
    fs::write(cwd.path().join("notes.json"), "{\"name\": 1}").unwrap();
    let out = negsim(cwd.path(), &["run", "--from", "notes.json"]);
    assert_one_user_error(
        &out,
        &["notes.json", "not a negsim manifest"],
        "--from notes.json",
    );
    let out = negsim(cwd.path(), &["run", "--from", "nothing"]);
    assert_one_user_error(&out, &["nothing", "missing"], "--from nothing");
    let sweep = config("asymmetry-sweep.toml");
    let out = negsim(
        cwd.path(),
        &[
            "sweep",
            s(&sweep),
            "--runs",
            "5",
            "--out",
            "sw",
            "-q",
            "--no-charts",
        ],
    );
    assert_ok(&out, "negsim sweep");
    let out = negsim(cwd.path(), &["run", "--from", "sw/manifest.json"]);
    assert_one_user_error(
        &out,
        &["sw/manifest.json", "sweep", "negsim sweep"],
        "--from a sweep",
    );
    let out = negsim(
        cwd.path(),
        &["run", s(&config("default.toml")), "--from", "sw"],
    );
    assert_eq!(out.code, Some(2), "{}", out.describe());
    assert!(out.stderr.contains("--from"), "{}", out.stderr);
    assert_eq!(entries(cwd.path()), ["notes.json", "sw"]);
}
