//! Issue 21, a sweep folder reproduces itself: it holds `config.toml` (the
//! sweep's config with its `[sweep]` table); `negsim sweep --from` (the
//! manifest or the folder) and `negsim sweep FOLDER/config.toml` rebuild it
//! byte for byte; `run --from` on a sweep folder and `sweep --from` on a
//! tournament's point to the other command.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::helpers::*;

/// Every file of a folder but its charts and manifest, and the manifest
/// without the fields that measure time and memory.
fn contents(dir: &Path) -> (BTreeMap<String, Vec<u8>>, serde_json::Value) {
    let mut files: BTreeMap<String, Vec<u8>> = snapshot(dir)
        .into_iter()
        .filter(|(k, _)| !k.starts_with("charts"))
        .collect();
    files.remove("manifest.json");
    let mut m = read_manifest(dir);
    let o = m.as_object_mut().unwrap();
    for k in [
        "elapsed_seconds",
        "negotiations_per_second",
        "peak_memory_bytes",
        "threads",
        "written_at",
        "command",
    ] {
        o.remove(k);
    }
    (files, m)
}

#[test]
fn sweep_from_its_folder_or_its_config_is_byte_identical() {
    let cwd = tmp();
    let run = |args: &[&str]| {
        let out = negsim(cwd.path(), args);
        assert_ok(&out, &format!("negsim {}", args.join(" ")));
    };
    // Two axes, one of them a strategy's parameter, --seed and --runs given
    // on the command line (the folder must record them).
    let text = fs::read_to_string(config("bluff-sweep.toml")).unwrap();
    let text = text.replace(
        "\"strategy.probing.bluff\" = [0.0, 0.5, 1.0, 2.0, 3.0]",
        "\"strategy.probing.bluff\" = [0.0, 1.5]\n\"exchange.rounds\" = { from = 1, to = 3, steps = 2 }",
    );
    fs::write(cwd.path().join("s.toml"), text).unwrap();
    run(&[
        "sweep",
        "s.toml",
        "--runs",
        "30",
        "--seed",
        "11",
        "--out",
        "a",
        "-q",
        "--no-charts",
    ]);
    let a = cwd.path().join("a");
    let cfg = fs::read_to_string(a.join("config.toml")).expect("a sweep folder has config.toml");
    let table: toml::Table = toml::from_str(&cfg).expect("config.toml is TOML");
    assert_eq!(table["seed"].as_integer(), Some(11), "{cfg}");
    assert_eq!(table["runs"].as_integer(), Some(30), "{cfg}");
    let sweep = table["sweep"]
        .as_table()
        .expect("config.toml has the [sweep] table");
    assert_eq!(sweep.len(), 2, "{cfg}");
    assert!(cfg.contains("negsim sweep --from"), "{cfg}");
    let m = read_manifest(&a);
    assert!(
        m["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "config.toml"),
        "the manifest lists config.toml: {}",
        m["files"]
    );
    run(&[
        "sweep",
        "--from",
        "a/manifest.json",
        "--out",
        "b",
        "-q",
        "--no-charts",
    ]);
    run(&[
        "sweep",
        "--from",
        "a",
        "--out",
        "c",
        "-q",
        "--no-charts",
        "--threads",
        "1",
    ]);
    run(&["sweep", "a/config.toml", "--out", "d", "-q", "--no-charts"]);
    let want = contents(&a);
    assert!(want.0.contains_key("sweep.csv") && want.0.contains_key("config.toml"));
    for d in ["b", "c", "d"] {
        let got = contents(&cwd.path().join(d));
        assert!(got.0 == want.0, "{d}: files differ from a's");
        assert_eq!(got.1, want.1, "{d}: manifest differs from a's");
    }
}

#[test]
fn run_and_sweep_from_point_to_each_other() {
    let cwd = tmp();
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
    let out = negsim(cwd.path(), &["run", "--from", "sw"]);
    assert_one_user_error(
        &out,
        &["sw", "sweep", "negsim sweep --from sw"],
        "run --from a sweep",
    );
    let out = negsim(
        cwd.path(),
        &["run", "--runs", "5", "--out", "t", "-q", "--no-charts"],
    );
    assert_ok(&out, "negsim run");
    let out = negsim(cwd.path(), &["sweep", "--from", "t"]);
    assert_one_user_error(
        &out,
        &["--from t", "tournament", "negsim run --from t"],
        "sweep --from a tournament",
    );
    let out = negsim(cwd.path(), &["sweep", "--from", "nothing"]);
    assert_one_user_error(&out, &["nothing", "missing"], "sweep --from nothing");
    // A sweep manifest of an older negsim, without the [sweep] table.
    copy_files(&cwd.path().join("sw"), &cwd.path().join("old"));
    let path = cwd.path().join("old/manifest.json");
    let mut m = read_manifest(&cwd.path().join("old"));
    m.as_object_mut()
        .unwrap()
        .remove("sweep_config")
        .expect("sweep_config");
    fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    let out = negsim(cwd.path(), &["sweep", "--from", "old"]);
    assert_one_user_error(
        &out,
        &["--from old", "[sweep] table", "negsim sweep CONFIG"],
        "old",
    );
    assert_eq!(entries(cwd.path()), ["old", "sw", "t"]);
}
