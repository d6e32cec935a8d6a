//! `negsim strategies`: the presets and a config's own strategies, with
//! their parameters as `negsim check` resolves them.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::helpers::*;

/// `negsim strategies [CONFIG]` as name -> (description line, key=value
/// parameters).
fn listing(out: &str) -> BTreeMap<String, (String, BTreeMap<String, String>)> {
    let mut m = BTreeMap::new();
    let lines: Vec<&str> = out.lines().collect();
    for w in lines.windows(2) {
        let (head, params) = (w[0], w[1]);
        if head.starts_with(' ') || head.is_empty() || !params.starts_with(' ') {
            continue;
        }
        let kv: BTreeMap<String, String> = params
            .split_whitespace()
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if kv.is_empty() {
            continue;
        }
        let (name, desc) = head.split_once(' ').unwrap_or((head, ""));
        m.insert(name.to_string(), (desc.trim().to_string(), kv));
    }
    m
}

/// Parameters of every strategy as `negsim check` resolves them: its
/// `[[strategy]]` tables, each value typed (numbers are TOML numbers,
/// switches booleans, names strings) and shown as `negsim strategies` shows
/// it.
fn resolved(cwd: &Path, cfg: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let out = negsim(cwd, &["check", s(cfg)]);
    assert_ok(&out, "negsim check");
    let t: toml::Table = toml::from_str(&out.stdout).expect("check prints TOML");
    t["strategy"]
        .as_array()
        .unwrap()
        .iter()
        .map(|st| {
            let p = st
                .as_table()
                .unwrap()
                .iter()
                .filter(|(k, _)| !["name", "base", "description"].contains(&k.as_str()))
                .map(|(k, v)| {
                    let shown = match v {
                        toml::Value::Float(x) => x.to_string(),
                        toml::Value::Boolean(b) => b.to_string(),
                        toml::Value::String(x) => x.clone(),
                        other => panic!("check prints {k} = {other} (not a float, bool or name)"),
                    };
                    (k.clone(), shown)
                })
                .collect();
            (st["name"].as_str().unwrap().to_string(), p)
        })
        .collect()
}

#[test]
fn presets_are_listed_with_their_parameters() {
    let cwd = tmp();
    let out = negsim(cwd.path(), &["strategies"]);
    assert_ok(&out, "negsim strategies");
    let l = listing(&out.stdout);
    let names: Vec<&str> = l.keys().map(String::as_str).collect();
    let mut want = PRESETS.to_vec();
    want.sort();
    assert_eq!(names, want, "listed strategies:\n{}", out.stdout);
    let res = resolved(cwd.path(), &config("default.toml"));
    for name in PRESETS {
        let (desc, params) = &l[name];
        assert!(!desc.is_empty(), "{name} has no description");
        for key in [
            "disclose",
            "precision",
            "ask",
            "bluff",
            "trust",
            "concession",
        ] {
            assert!(params.contains_key(key), "{name} lacks {key}: {params:?}");
        }
        assert_eq!(
            params, &res[name],
            "{name}: `strategies` and `check` disagree on its parameters"
        );
    }
}

#[test]
fn config_strategies_are_listed_too() {
    let cwd = tmp();
    let cfg = config("custom-strategy.toml");
    let out = negsim(cwd.path(), &["strategies", s(&cfg)]);
    assert_ok(&out, "negsim strategies custom-strategy.toml");
    let l = listing(&out.stdout);
    for name in PRESETS {
        assert!(l.contains_key(name), "preset {name} not listed");
    }
    let text = fs::read_to_string(&cfg).unwrap();
    let t: toml::Table = toml::from_str(&text).unwrap();
    let defs = t["strategy"].as_array().expect("[[strategy]] entries");
    assert!(!defs.is_empty());
    for d in defs {
        let name = d["name"].as_str().unwrap();
        let (desc, params) = l
            .get(name)
            .unwrap_or_else(|| panic!("custom strategy {name} not listed:\n{}", out.stdout));
        if let Some(want) = d.get("description").and_then(|v| v.as_str()) {
            assert_eq!(desc, want, "{name}: description");
        }
        for (key, value) in d.as_table().unwrap() {
            if ["name", "base", "description"].contains(&key.as_str()) {
                continue;
            }
            let got = params
                .get(key)
                .unwrap_or_else(|| panic!("{name}: parameter {key} not listed: {params:?}"));
            let same = match value {
                toml::Value::Float(x) => got.parse::<f64>().ok() == Some(*x),
                toml::Value::Integer(x) => got.parse::<f64>().ok() == Some(*x as f64),
                toml::Value::Boolean(b) => got == &b.to_string(),
                toml::Value::String(v) => got == v,
                _ => false,
            };
            assert!(
                same,
                "{name}: {key} listed as {got}, the config says {value}"
            );
        }
    }
}
